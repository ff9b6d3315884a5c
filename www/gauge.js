// The immune-efficacy gauge of <polyamine-sim>: x of the whole-tumour model
// at the tissue's current day, against its tipping points (MODEL-SPEC A5/A6:
// below the lower one the tumour outgrows the immune defence whatever its
// size, above the upper one the immune system can hold it small, between
// either), and how this run ends. The tipping points and the outcome come
// from the model (`schema().readout`, `OdeRun.readout()`): nothing here
// decides them. A native <meter> (accessible as a meter) and DOM text.

import { el, format, translator } from './dom.js';

const MAX = 2;

export const GAUGE_CSS = `
.gauge { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.6em; margin: 0.5em 0 0; }
.gauge label { font-weight: 600; }
.gauge meter { flex: 1 1 8em; min-width: 0; height: 1em; }
.gauge output { font-variant-numeric: tabular-nums; }
.gauge .help { flex: 1 1 100%; font-size: 0.85em; }
`;

export class EfficacyGauge {
  #strings;
  #lang;
  #bands;
  #meter;
  #output;
  #t = null;
  #x = null;
  #outcome = null;
  #shown = -1;

  /**
   * @param {{lower_tipping_x: number, upper_tipping_x: number}} bands the model's tipping points (`schema().readout`)
   */
  constructor(strings, lang, idPrefix, bands) {
    this.#strings = strings;
    this.#lang = lang;
    this.#bands = bands;
    const t = translator(strings);
    const id = `${idPrefix}-meter`;
    const low = bands.lower_tipping_x;
    const high = bands.upper_tipping_x;
    this.#meter = el('meter', { id, min: 0, max: MAX, low, high, optimum: MAX, value: 0 });
    this.#output = el('output', { htmlFor: id });
    const help = el('span', { id: `${id}-help`, className: 'help', textContent: format(t('gauge.help'), { low: this.#num(low), high: this.#num(high) }) });
    this.#meter.setAttribute('aria-describedby', help.id);
    this.element = el('div', { className: 'gauge' }, [el('label', { htmlFor: id, textContent: t('gauge.label') }), this.#meter, this.#output, help]);
  }

  /** The run's times and x (Float64Arrays from an OdeRun), and its outcome ('control' | 'escape', from `OdeRun.readout()`). */
  setData(t, x, outcome) {
    this.#t = t;
    this.#x = x;
    this.#outcome = outcome;
    this.#shown = -1;
    this.setDay(0);
  }

  #num(v) {
    return v.toLocaleString(this.#lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  /** Which side of the tipping points x is on: 'escape', 'either' or 'control'. */
  #band(x) {
    return x < this.#bands.lower_tipping_x ? 'escape' : x > this.#bands.upper_tipping_x ? 'control' : 'either';
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
    const band = this.#band(x);
    const text = format(this.#strings['gauge.value'] ?? '{x}: {band} {outcome}', {
      x: this.#num(x),
      band: this.#strings[`gauge.${band}`] ?? band,
      outcome: this.#strings[`gauge.outcome.${this.#outcome}`] ?? '',
    });
    this.#output.textContent = text;
    this.#meter.setAttribute('aria-valuetext', text);
  }

  /** The text shown (for tests and captions). */
  text() {
    return this.#output.textContent;
  }
}
