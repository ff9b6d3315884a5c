// Form controls of <polyamine-sim>, generated from the schema: a labelled
// slider with a typed number field, the unit and the description as help
// text; a checkbox; a select. Native elements only (keyboard, labels and
// focus come from the platform); text only through textContent.

import { el } from './dom.js';

export const CONTROLS_CSS = `
.field { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.6em; margin-top: 0.35em; }
.field > label { flex: 0 0 9.5em; }
.field input[type=range] { flex: 1 1 8em; min-width: 0; accent-color: var(--polyamine-sim-accent, #0072b2); }
.field input[type=number] { width: 6em; font: inherit; }
.field select { font: inherit; min-width: 0; max-width: 100%; }
.field .help { flex: 1 1 100%; font-size: 0.85em; }
.field.check > label { flex: 0 1 auto; display: inline-flex; align-items: center; gap: 0.4em; }
.field.check input { margin: 0; accent-color: var(--polyamine-sim-accent, #0072b2); }
.field [disabled], .field.disabled > label { opacity: 0.75; }
`;

/** A step that suits a range: whole units for wide ones, finer for narrow. */
export function stepFor(min, max) {
  const span = max - min;
  return span > 50 ? 1 : span > 5 ? 0.1 : 0.05;
}

const helpFor = (id, help, inputs) => {
  if (!help) return [];
  const node = el('span', { id: `${id}-help`, className: 'help', textContent: help });
  for (const input of inputs) input.setAttribute('aria-describedby', node.id);
  return [node];
};

/**
 * A slider and a typed number field for one numeric setting. `onChange(text)`
 * fires while the slider moves (once per frame at most) and when the typed
 * value is committed. `slider: false` gives the typed field alone.
 * Returns { row, range, number, set(value, {min, max, disabled}) }.
 */
export function numberControl({ id, label, unit, help, min, max, step, slider = true, onChange }) {
  step ??= stepFor(min, max);
  const range = el('input', { type: 'range', id, min, max, step });
  const number = el('input', { type: 'number', min, max, step, className: 'number' });
  number.setAttribute('aria-label', unit ? `${label} (${unit})` : label);
  // While the slider moves, at most one change per animation frame (a
  // restart builds a new tissue section, tens of milliseconds).
  let pending = null;
  range.addEventListener('input', () => {
    if (pending === null) {
      requestAnimationFrame(() => {
        const value = pending;
        pending = null;
        onChange(value);
      });
    }
    pending = range.value;
  });
  number.addEventListener('change', () => onChange(number.value));
  // Without a slider (a range too wide to drag, e.g. a seed) the typed field carries the id and label.
  if (!slider) {
    number.id = id;
    number.removeAttribute('aria-label');
  }
  const row = el('div', { className: 'field' }, [
    el('label', { htmlFor: id, textContent: label }),
    ...(slider ? [range] : []),
    number,
    el('span', { className: 'unit', textContent: unit ?? '' }),
    ...helpFor(id, help, [range, number]),
  ]);
  return {
    row,
    range,
    number,
    set(value, limits = {}) {
      for (const input of [range, number]) {
        if (limits.min !== undefined) input.min = String(limits.min);
        if (limits.max !== undefined) input.max = String(limits.max);
        if (limits.disabled !== undefined) input.disabled = limits.disabled;
      }
      row.classList.toggle('disabled', !!limits.disabled);
      range.value = String(value);
      // Do not overwrite what the reader is typing.
      if (number.ownerDocument && number.getRootNode().activeElement !== number) number.value = String(value);
    },
  };
}

/** A checkbox. `onChange(checked)`. Returns { row, input, set(checked) }. */
export function checkControl({ id, label, help, onChange }) {
  const input = el('input', { type: 'checkbox', id });
  input.addEventListener('change', () => onChange(input.checked));
  const row = el('div', { className: 'field check' }, [
    el('label', { htmlFor: id }, [input, label]),
    ...helpFor(id, help, [input]),
  ]);
  return { row, input, set: (checked) => (input.checked = !!checked) };
}

/** A select of `options` ([{ value, text }]). `onChange(value)`. Returns { row, input, set(value) }. */
export function selectControl({ id, label, help, options, onChange }) {
  const input = el('select', { id }, options.map((o) => el('option', { value: o.value, textContent: o.text })));
  input.addEventListener('change', () => onChange(input.value));
  const row = el('div', { className: 'field' }, [el('label', { htmlFor: id, textContent: label }), input, ...helpFor(id, help, [input])]);
  return { row, input, set: (value) => (input.value = String(value)) };
}
