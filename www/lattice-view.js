// Tissue-view helpers for <polyamine-sim>: the overlay chooser and the legend.
//
// Plain DOM: text only through text nodes, never HTML parsing; no style
// attributes (a swatch colour is a CSS custom property set through CSSOM,
// which a strict CSP allows). Every string comes from the `strings` object
// (key → text, loaded from www/i18n/<lang>.json); a missing key shows the key.
//
// The overlay ids come from Rust (`schema().lattice.overlays`, in display
// order), and so do the legend entries (`overlay_legend(id)`, from
// `lattice::render::legend`): one { key, rgb: [r, g, b] } per colour, already
// in display order. Nothing about the overlays is repeated here.

import { el, translator } from './dom.js';

/** Styles for the markup below; add to the element's constructable stylesheet. */
export const LATTICE_VIEW_CSS = `
.overlay-choice {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 0.9em;
  margin: 0.5em 0 0; padding: 0; border: 0; min-inline-size: 0;
}
.overlay-choice legend { float: left; padding: 0; margin-inline-end: 0.25em; }
.overlay-choice label { display: inline-flex; align-items: center; gap: 0.3em; cursor: pointer; }
.overlay-choice input { margin: 0; accent-color: var(--polyamine-sim-accent, #0072b2); }
.legend {
  display: flex; flex-wrap: wrap; gap: 0.2em 1em;
  margin: 0.5em 0 0; padding: 0; list-style: none; font-size: 0.9em;
}
.legend li { display: inline-flex; align-items: center; gap: 0.4em; }
.legend .swatch {
  flex: none; inline-size: 0.9em; block-size: 0.9em; border-radius: 2px;
  background: var(--swatch, transparent); box-shadow: inset 0 0 0 1px rgb(0 0 0 / 0.3);
  forced-color-adjust: none;
}
`;

let groups = 0;

/**
 * A labelled radio group choosing the overlay: a <fieldset class="overlay-choice">
 * whose <legend> is strings['overlay.label'] and whose options are
 * strings['overlay.<id>']. Native radios: Tab reaches the group, arrow keys
 * choose. Calls onChange(id) when the reader picks an overlay (not when
 * setOverlay is called).
 *
 * @param {Record<string, string>} strings
 * @param {readonly string[]} overlays the ids, in display order (`schema().lattice.overlays`)
 * @param {(id: string) => void} onChange
 * @param {string} [value] the overlay checked at first (default the first)
 * @returns {HTMLFieldSetElement}
 */
export function buildOverlaySelect(strings, overlays, onChange, value = overlays[0]) {
  const t = translator(strings);
  const name = `polyamine-sim-overlay-${++groups}`;
  const group = el('fieldset', { className: 'overlay-choice' }, [
    el('legend', { textContent: t('overlay.label') }),
    ...overlays.map((id) => el('label', {}, [el('input', { type: 'radio', name, value: id }), t(`overlay.${id}`)])),
  ]);
  setOverlay(group, value);
  group.addEventListener('change', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.checked) onChange?.(input.value);
  });
  return group;
}

const radios = (group) => [...group.querySelectorAll('input[type="radio"]')];

/** Check overlay `id` in a group from buildOverlaySelect (unknown ids check the first). */
export function setOverlay(group, id) {
  const inputs = radios(group);
  const known = inputs.some((input) => input.value === id) ? id : inputs[0]?.value;
  for (const input of inputs) input.checked = input.value === known;
}

/** The overlay id checked in a group from buildOverlaySelect. */
export function overlayOf(group) {
  return group.querySelector('input[type="radio"]:checked')?.value ?? radios(group)[0]?.value;
}

/**
 * The legend as a <ul class="legend">: one <li> per entry, a colour swatch
 * (hidden from assistive technology) and strings[entry.key].
 *
 * @param {Iterable<{ key: string, rgb: ArrayLike<number> }>} entries
 * @param {Record<string, string>} strings
 * @returns {HTMLUListElement}
 */
export function buildLegend(entries, strings) {
  const list = el('ul', { className: 'legend' });
  list.setAttribute('aria-label', translator(strings)('legend.label'));
  return fillLegend(list, entries, strings);
}

/** Replace the items of a list from buildLegend (e.g. when the overlay changes). */
export function fillLegend(list, entries, strings) {
  const t = translator(strings);
  const items = Array.from(entries, ({ key, rgb }) => {
    const swatch = el('span', { className: 'swatch' });
    swatch.setAttribute('aria-hidden', 'true');
    swatch.style.setProperty('--swatch', `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]})`);
    return el('li', {}, [swatch, t(key)]);
  });
  list.replaceChildren(...items);
  return list;
}
