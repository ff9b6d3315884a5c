// The immune-efficacy gauge of <polyamine-sim>: x of the whole-tumour model
// at the tissue's current day, against its bands (MODEL-SPEC: below 0.60 the
// tumour escapes, above 1.13 the immune system controls it, between either).
// A native <meter> (accessible as a meter) and its value in DOM text.

const ESCAPE_BELOW = 0.6;
const CONTROL_ABOVE = 1.13;
const MAX = 2;

export const GAUGE_CSS = `
.gauge { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.6em; margin: 0.5em 0 0; }
.gauge label { font-weight: 600; }
.gauge meter { flex: 1 1 8em; min-width: 0; height: 1em; }
.gauge output { font-variant-numeric: tabular-nums; }
.gauge .help { flex: 1 1 100%; font-size: 0.85em; }
`;

const el = (tag, props = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** Which band x is in: 'escape', 'either' or 'control'. */
export const band = (x) => (x < ESCAPE_BELOW ? 'escape' : x > CONTROL_ABOVE ? 'control' : 'either');

export class EfficacyGauge {
  #strings;
  #lang;
  #meter;
  #output;
  #t = null;
  #x = null;
  #shown = -1;

  constructor(strings, lang, idPrefix) {
    this.#strings = strings;
    this.#lang = lang;
    const t = (k) => strings[k] ?? k;
    const id = `${idPrefix}-meter`;
    this.#meter = el('meter', { id, min: 0, max: MAX, low: ESCAPE_BELOW, high: CONTROL_ABOVE, optimum: MAX, value: 0 });
    this.#output = el('output', { htmlFor: id });
    const help = el('span', { id: `${id}-help`, className: 'help', textContent: t('gauge.help') });
    this.#meter.setAttribute('aria-describedby', help.id);
    this.element = el('div', { className: 'gauge' }, [el('label', { htmlFor: id, textContent: t('gauge.label') }), this.#meter, this.#output, help]);
  }

  /** The run's times and x (Float64Arrays from an OdeRun). */
  setData(t, x) {
    this.#t = t;
    this.#x = x;
    this.#shown = -1;
    this.setDay(0);
  }

  /** Show x at `day` (the last row at or before it). */
  setDay(day) {
    if (!this.#t) return;
    let i = 0;
    while (i + 1 < this.#t.length && this.#t[i + 1] <= day + 1e-9) i++;
    if (i === this.#shown) return;
    this.#shown = i;
    const x = this.#x[i];
    this.#meter.value = Math.min(x, MAX);
    const text = (this.#strings['gauge.value'] ?? '{x}').replace('{x}', x.toLocaleString(this.#lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).replace('{band}', this.#strings[`gauge.${band(x)}`] ?? band(x));
    this.#output.textContent = text;
    this.#meter.setAttribute('aria-valuetext', text);
  }

  /** The text shown (for tests and captions). */
  text() {
    return this.#output.textContent;
  }
}
