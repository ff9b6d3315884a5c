// The dose–response curve of <polyamine-sim>: the tumour in month 5 (the
// geometric mean of T over days 120–150 of a 150-day run, MODEL-SPEC A6: a
// single day can sit on a trough of the damped oscillation of a tumour held
// small) against the DFMO dose, with and without AMXT 1501, the other
// settings as chosen. The numbers come from the element's `sweep`
// (OdeEngine.dfmo_sweep, which computes the readout in Rust).
// Pixels only on the canvas (the two curves); the title, the axes, the
// gridlines, the legend, the dose marker and the readout are DOM.
//
// The curves are recomputed only when the key (everything but the dose)
// changes; a new dose costs two single-dose runs for the exact readout. Calls
// to update() are coalesced: at most one computation and drawing per frame.

import { el, format } from './dom.js';

const W = 640;
const H = 260;
const PAD_X = 6; // room for the line width at the plot's edges
const PAD_Y = 6;
const WITH = { key: 'response.with', rgb: '#0072b2', dash: [] }; // Okabe–Ito blue, solid
const WITHOUT = { key: 'response.without', rgb: '#d55e00', dash: [8, 5] }; // Okabe–Ito vermilion, dashed
const TOP_DECADE = 9;
const BOTTOM_DECADE = 3; // lowered when a curve goes below 10^3 cells
const CACHE_LIMIT = 256;

export const DOSE_RESPONSE_CSS = `
.response { margin: 0.75em 0 0; }
.response [hidden] { display: none !important; }
.response-title { margin: 0.35em 0 0; }
.response-title h3 { margin: 0; font-size: 1.05em; line-height: 1.3; }
.response-ytitle { margin: 0.2em 0 0.1em; font-size: 0.8em; }
.response-frame { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0 0.35em; padding-inline-end: 1em; font-size: 0.8em; font-variant-numeric: tabular-nums; }
.response-y { grid-column: 1; grid-row: 1; position: relative; min-inline-size: 2.4em; }
.response-y span { position: absolute; inset-inline-end: 0; transform: translateY(-50%); white-space: nowrap; line-height: 1; }
.response-plot { grid-column: 2; grid-row: 1; position: relative; background: #fff; border: 1px solid #d0d7de; border-radius: 2px; }
.response-plot canvas { position: relative; display: block; width: 100%; height: auto; aspect-ratio: ${W} / ${H}; }
.response-grid { position: absolute; inset-inline: 0; border-block-start: 1px solid #eaeef2; }
.response-start { position: absolute; inset-inline: 0; border-block-start: 2px dotted #57606a; }
.response-marker { position: absolute; inset-block: 0; border-inline-start: 2px solid #1f2328; transform: translateX(-1px); }
.response-dot { position: absolute; inline-size: 0.7em; block-size: 0.7em; box-sizing: border-box; transform: translate(-50%, -50%); border: 2px solid var(--dot); forced-color-adjust: none; }
.response-dot.with { border-radius: 50%; background: var(--dot); }
.response-dot.without { background: #fff; }
.response-x { grid-column: 2; grid-row: 2; position: relative; block-size: 1.5em; }
.response-x span { position: absolute; inset-block-start: 0.2em; transform: translateX(-50%); white-space: nowrap; }
.response-x span:first-child { transform: none; }
.response-x span:last-child { transform: translateX(-100%); }
.response-xtitle { grid-column: 2; grid-row: 3; text-align: center; }
.response-legend { display: flex; flex-wrap: wrap; gap: 0.2em 1em; margin: 0.3em 0 0; padding: 0; list-style: none; font-size: 0.85em; }
.response-legend li { display: inline-flex; align-items: center; gap: 0.35em; }
.response-legend .swatch { inline-size: 2em; block-size: 0; border-block-start: 3px solid var(--swatch); forced-color-adjust: none; }
.response-legend .swatch.dashed { border-block-start-style: dashed; }
.response-legend .swatch.dotted { border-block-start: 2px dotted #57606a; }
.response-readout { margin: 0.3em 0 0; font-variant-numeric: tabular-nums; }
`;

/**
 * The doses of one curve: 0, then geometric from 5 mg to the maximum (the
 * response changes fastest at low doses), `n` in all.
 */
export function sweepDoses(maxDoseMg, n = 24) {
  const lo = Math.min(5, maxDoseMg);
  const doses = [0];
  for (let i = 0; i < n - 1; i++) doses.push(Math.round(lo * (maxDoseMg / lo) ** (i / (n - 2)) * 10) / 10);
  doses[n - 1] = maxDoseMg;
  return doses;
}

export class DoseResponse {
  #strings;
  #lang;
  #sweep;
  #maxDose;
  #canvas;
  #ctx;
  #yAxis;
  #xAxis;
  #plot;
  #grid = [];
  #start;
  #marker;
  #dots;
  #readout;
  #pending = { key: null, doseMg: 0, intervalH: null, startCells: null };
  #frame = 0;
  #curves = null; // { key, doses, with, without, lo, hi }
  #exact = new Map(); // dose → [with, without] for the current key
  #drawnDpr = 0;
  #shown = null; // the state last shown: { key, doseMg, intervalH, startCells }
  #error = false;

  /**
   * @param {Record<string,string>} strings
   * @param {string} lang
   * @param {string} idPrefix unique within the shadow root
   * @param {(amxtOn: boolean, dosesMg: number[]) => number[]} sweep the tumour in month 5 for each dose
   * @param {{ maxDoseMg?: number }} [options] the dose slider's maximum (the schema's)
   */
  constructor(strings, lang, idPrefix, sweep, { maxDoseMg = 3000 } = {}) {
    this.#strings = strings;
    this.#lang = lang;
    this.#sweep = sweep;
    this.#maxDose = maxDoseMg;
    const t = (k) => this.#t(k, { max: this.#num(maxDoseMg) });
    this.#canvas = el('canvas', { width: W, height: H });
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', t('response.title'));
    this.#ctx = this.#canvas.getContext('2d');
    this.#start = el('div', { className: 'response-start', hidden: true });
    this.#marker = el('div', { className: 'response-marker', hidden: true });
    this.#dots = [WITH, WITHOUT].map((s) => {
      const dot = el('span', { className: `response-dot ${s === WITH ? 'with' : 'without'}`, hidden: true });
      dot.style.setProperty('--dot', s.rgb);
      return dot;
    });
    for (const node of [this.#start, this.#marker, ...this.#dots]) node.setAttribute('aria-hidden', 'true');
    this.#plot = el('div', { className: 'response-plot' }, [this.#canvas, this.#start, this.#marker, ...this.#dots]);
    // The decade ticks are read as "103" by screen readers: the text alternative and the readout carry the numbers.
    this.#yAxis = el('div', { className: 'response-y' });
    this.#yAxis.setAttribute('aria-hidden', 'true');
    this.#xAxis = el('div', { className: 'response-x' });
    for (let d = 0; d <= maxDoseMg + 1e-9; d += this.#doseStep()) {
      const tick = el('span', { textContent: this.#num(d) });
      tick.style.left = `${this.#xPercent(d)}%`;
      this.#xAxis.append(tick);
    }
    this.#readout = el('p', { className: 'response-readout', id: `${idPrefix}-readout` });
    const titleId = `${idPrefix}-title`;
    const legend = el(
      'ul',
      { className: 'response-legend' },
      [WITH, WITHOUT, null].map((s) => {
        const swatch = el('span', { className: `swatch${s === WITHOUT ? ' dashed' : ''}${s ? '' : ' dotted'}` });
        swatch.setAttribute('aria-hidden', 'true');
        if (s) swatch.style.setProperty('--swatch', s.rgb);
        return el('li', {}, [swatch, t(s ? s.key : 'response.start')]);
      }),
    );
    this.#canvas.setAttribute('aria-describedby', this.#readout.id);
    this.element = el('figure', { className: 'response' }, [
      el('figcaption', { className: 'response-title', id: titleId }, [el('h3', { textContent: t('response.title') })]),
      el('p', { className: 'response-ytitle', textContent: t('response.yAxis') }),
      el('div', { className: 'response-frame' }, [this.#yAxis, this.#plot, this.#xAxis, el('span', { className: 'response-xtitle', textContent: t('response.xAxis') })]),
      legend,
      this.#readout,
    ]);
    this.#layoutY(BOTTOM_DECADE, TOP_DECADE);
  }

  /**
   * New settings. `key` identifies everything but the DFMO dose (a new key
   * recomputes the curves); `doseMg` moves the marker and the readout;
   * `intervalH` (hours between DFMO doses) and `startCells` (the tumour at
   * day 0) are optional and only shown. Computes and draws at most once per
   * animation frame, however often it is called.
   */
  update({ key, doseMg, intervalH = null, startCells = null }) {
    this.#pending = { key: String(key), doseMg: Number(doseMg) || 0, intervalH, startCells };
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#render());
  }

  /** Compute and show a pending update now (for a picture or a test). */
  flush() {
    if (!this.#frame) return;
    cancelAnimationFrame(this.#frame);
    this.#render();
  }

  /** Stop a pending update (the element is going away). */
  dispose() {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  /** The readout sentence shown (for tests and captions). */
  readout() {
    return this.#readout.textContent;
  }

  /** The curves shown: { doses, with, without } (tumour cells in month 5), or null. */
  curves() {
    const c = this.#curves;
    return c && { doses: [...c.doses], with: [...c.with], without: [...c.without] };
  }

  #t(key, values = {}) {
    return format(this.#strings[key] ?? key, values);
  }

  #num(v, options) {
    return v.toLocaleString(this.#lang, options);
  }

  /** Tumour cells in words: "3.1 million" (2 significant digits). */
  #cells(v) {
    if (!(v >= 1)) return this.#t('response.fewerThanOne');
    return this.#num(v, { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 2 });
  }

  #doseStep() {
    const raw = this.#maxDose / 6;
    const p = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw);
  }

  #xPercent(dose) {
    return ((PAD_X + (dose / this.#maxDose) * (W - 2 * PAD_X)) / W) * 100;
  }

  #y(cells, lo = this.#curves?.lo ?? BOTTOM_DECADE, hi = this.#curves?.hi ?? TOP_DECADE) {
    const f = (Math.log10(Math.max(cells, 10 ** lo)) - lo) / (hi - lo);
    return PAD_Y + (1 - Math.min(f, 1)) * (H - 2 * PAD_Y);
  }

  /** Decade ticks and gridlines from 10^lo to 10^hi (DOM). */
  #layoutY(lo, hi) {
    const step = hi - lo > 9 ? 2 : 1;
    this.#yAxis.replaceChildren();
    for (const g of this.#grid) g.remove();
    this.#grid = [];
    for (let d = lo; d <= hi; d += step) {
      const top = `${(this.#y(10 ** d, lo, hi) / H) * 100}%`;
      const tick = el('span', {}, ['10', el('sup', { textContent: this.#num(d) })]);
      tick.style.top = top;
      this.#yAxis.append(tick);
      const line = el('div', { className: 'response-grid' });
      line.setAttribute('aria-hidden', 'true');
      line.style.top = top;
      this.#grid.push(line);
    }
    this.#plot.prepend(...this.#grid);
  }

  #render() {
    this.#frame = 0;
    const p = this.#pending;
    if (p.key === null) return;
    try {
      const recompute = p.key !== this.#curves?.key;
      if (recompute) this.#compute(p.key, p.doseMg);
      else if (!this.#exact.has(p.doseMg)) this.#computeDose(p.doseMg);
      this.#error = false;
      if (recompute || this.#shown?.startCells !== p.startCells) {
        this.#draw();
        this.#describe(p.startCells);
      } else if (this.#drawnDpr !== this.#dpr()) this.#draw();
      this.#showDose(p);
      this.#shown = { ...p };
    } catch (error) {
      this.#curves = null;
      this.#exact.clear();
      this.#error = true;
      this.#shown = null;
      this.#draw();
      for (const node of [this.#marker, ...this.#dots, this.#start]) node.hidden = true;
      this.#readout.textContent = this.#t('response.error');
      this.#canvas.setAttribute('aria-label', this.#readout.textContent);
      reportError(error);
    }
  }

  /** Both curves for a new key, with the current dose in the same two sweeps. */
  #compute(key, doseMg) {
    const doses = sweepDoses(this.#maxDose);
    const extra = doses.includes(doseMg) ? [] : [doseMg];
    const withAmxt = this.#sweep(true, [...doses, ...extra]);
    const without = this.#sweep(false, [...doses, ...extra]);
    this.#exact.clear();
    doses.forEach((d, i) => this.#exact.set(d, [withAmxt[i], without[i]]));
    if (extra.length) this.#exact.set(doseMg, [withAmxt[doses.length], without[doses.length]]);
    const n = doses.length;
    const all = [...withAmxt.slice(0, n), ...without.slice(0, n)].filter((v) => v > 0);
    const lo = Math.max(0, Math.min(BOTTOM_DECADE, Math.floor(Math.log10(Math.min(...all, 10 ** BOTTOM_DECADE)))));
    const hi = Math.max(TOP_DECADE, Math.ceil(Math.log10(Math.max(...all, 1))));
    const relayout = lo !== this.#curves?.lo || hi !== this.#curves?.hi;
    this.#curves = { key, doses, with: withAmxt.slice(0, n), without: without.slice(0, n), lo, hi };
    if (relayout) this.#layoutY(lo, hi);
  }

  /** The exact tumour at one dose, both curves (two single-dose runs). */
  #computeDose(doseMg) {
    if (this.#exact.size > CACHE_LIMIT) {
      this.#exact.clear();
      this.#curves.doses.forEach((d, i) => this.#exact.set(d, [this.#curves.with[i], this.#curves.without[i]]));
    }
    this.#exact.set(doseMg, [this.#sweep(true, [doseMg])[0], this.#sweep(false, [doseMg])[0]]);
  }

  #dpr() {
    return Math.min(Math.max(globalThis.devicePixelRatio || 1, 1), 4);
  }

  /** The two curves, at the device's pixel ratio (redrawn when it changes, e.g. on zoom). */
  #draw() {
    const dpr = this.#dpr();
    if (this.#canvas.width !== Math.round(W * dpr)) {
      this.#canvas.width = Math.round(W * dpr);
      this.#canvas.height = Math.round(H * dpr);
    }
    if (dpr !== this.#drawnDpr) matchMedia(`(resolution: ${dpr}dppx)`).addEventListener('change', () => this.#redraw(), { once: true });
    this.#drawnDpr = dpr;
    const ctx = this.#ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const c = this.#curves;
    if (!c) return;
    const x = (d) => (this.#xPercent(d) / 100) * W;
    ctx.lineWidth = 2.5;
    ctx.lineJoin = 'round';
    for (const [s, ys] of [[WITHOUT, c.without], [WITH, c.with]]) {
      ctx.strokeStyle = s.rgb;
      ctx.setLineDash(s.dash);
      ctx.beginPath();
      ys.forEach((v, i) => (i ? ctx.lineTo(x(c.doses[i]), this.#y(v)) : ctx.moveTo(x(c.doses[i]), this.#y(v))));
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }

  #redraw() {
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#render());
  }

  /** The marker, the two points and the readout at the current dose. */
  #showDose({ doseMg, intervalH, startCells }) {
    const [withAmxt, without] = this.#exact.get(doseMg);
    const left = `${this.#xPercent(Math.min(Math.max(doseMg, 0), this.#maxDose))}%`;
    this.#marker.style.left = left;
    this.#marker.hidden = false;
    [withAmxt, without].forEach((v, i) => {
      const dot = this.#dots[i];
      dot.style.left = left;
      dot.style.top = `${(this.#y(v) / H) * 100}%`;
      dot.hidden = false;
    });
    const hasStart = startCells > 0 && Math.log10(startCells) >= this.#curves.lo && Math.log10(startCells) <= this.#curves.hi;
    this.#start.hidden = !hasStart;
    if (hasStart) this.#start.style.top = `${(this.#y(startCells) / H) * 100}%`;
    const values = { dose: this.#num(doseMg, { maximumFractionDigits: 1 }), interval: intervalH == null ? '' : this.#num(Number(intervalH), { maximumFractionDigits: 1 }), with: this.#cells(withAmxt), without: this.#cells(without) };
    this.#readout.textContent = this.#t(intervalH == null ? 'response.readoutNoInterval' : 'response.readout', values);
  }

  /** The canvas's text alternative: where each curve starts and ends, and where the AMXT curve falls below the starting tumour. */
  #describe(startCells) {
    const c = this.#curves;
    const last = c.doses.length - 1;
    const values = {
      max: this.#num(this.#maxDose),
      withFrom: this.#cells(c.with[0]),
      withTo: this.#cells(c.with[last]),
      withoutFrom: this.#cells(c.without[0]),
      withoutTo: this.#cells(c.without[last]),
    };
    const sentences = [this.#t('response.alt', values)];
    if (startCells > 0) {
      values.start = this.#cells(startCells);
      const below = c.with.findIndex((v) => v < startCells);
      if (below === 0) sentences.push(this.#t('response.thresholdAll', values));
      else if (below < 0) sentences.push(this.#t('response.thresholdNone', values));
      else {
        // Linear in dose, logarithmic in cells, between the two sweep points around the crossing.
        const [d0, d1] = [c.doses[below - 1], c.doses[below]];
        const [l0, l1, ls] = [c.with[below - 1], c.with[below], startCells].map((v) => Math.log10(Math.max(v, 1e-12)));
        const dose = d0 + ((l0 - ls) / (l0 - l1)) * (d1 - d0);
        values.dose = this.#num(dose, { maximumSignificantDigits: 2 });
        sentences.push(this.#t('response.threshold', values));
      }
    }
    this.#canvas.setAttribute('aria-label', sentences.join(' '));
  }
}
