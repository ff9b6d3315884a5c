// The time-series chart of <polyamine-sim>: the whole-tumour model of the
// current settings over the run. Pixels only on the canvas; every label, the
// legend and the cursor readout are DOM text. The cursor is a labelled range
// input (keyboard) that the pointer also moves.

import { el, format, translator } from './dom.js';

/** Series: column, i18n key, Okabe–Ito colour, axis ('cells' is log, 'level' is 0–1.5), dashed. */
const SERIES = [
  { col: 'T', key: 'chart.T', rgb: '#E69F00', axis: 'cells' },
  { col: 'E', key: 'chart.E', rgb: '#0072B2', axis: 'cells' },
  { col: 'phi', key: 'chart.phi', rgb: '#CC79A7', axis: 'level' },
  { col: 'P', key: 'chart.P', rgb: '#D55E00', axis: 'level' },
  { col: 'V', key: 'chart.V', rgb: '#009E73', axis: 'level' },
  { col: 'A', key: 'chart.A', rgb: '#000000', axis: 'level', dash: [4, 3] },
];
const CELLS = [1e4, 1e9]; // log axis range
const LEVEL = [0, 1.5];
const NORMAL_TISSUE_P = 0.3;
const W = 640;
const H = 240;

export const CHART_CSS = `
.chart { margin: 0.75em 0 0; }
.chart-title { margin: 0.35em 0 0.1em; font-size: 1.05em; line-height: 1.3; font-weight: 700; }
.chart-frame { display: grid; grid-template-columns: auto 1fr auto; gap: 0 0.3em; align-items: stretch; font-size: 0.8em; }
.chart-frame canvas { grid-column: 2; width: 100%; height: auto; aspect-ratio: ${W} / ${H}; min-width: 0; border: 1px solid #d0d7de; border-radius: 2px; }
.chart-axis { display: flex; flex-direction: column; justify-content: space-between; font-variant-numeric: tabular-nums; }
.chart-axis.right { text-align: left; }
.chart-axis.left { text-align: right; }
.chart-days { grid-column: 2; display: flex; justify-content: space-between; }
.chart-legend { display: flex; flex-wrap: wrap; gap: 0.2em 1em; margin: 0.3em 0 0; padding: 0; list-style: none; font-size: 0.85em; }
.chart-legend li { display: inline-flex; align-items: center; gap: 0.35em; }
.chart-legend .swatch { inline-size: 1.2em; block-size: 0.25em; background: var(--swatch); forced-color-adjust: none; }
.chart-cursor { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3em 0.6em; margin-top: 0.3em; }
.chart-cursor input { flex: 1 1 10em; min-width: 0; }
.chart-readout { display: block; font-size: 0.9em; font-variant-numeric: tabular-nums; }
`;

export class TimeChart {
  #strings;
  #lang;
  #canvas;
  #ctx;
  #cursor;
  #readout;
  #days;
  #data = null; // { t: Float64Array, [col]: Float64Array }
  #day = 0; // the tissue's current day (a marker)
  #layer = null; // the series of #layerData, drawn once (#seriesLayer)
  #layerData = null;

  /** @param {Record<string,string>} strings @param {string} lang @param {string} idPrefix unique within the shadow root */
  constructor(strings, lang, idPrefix) {
    this.#strings = strings;
    this.#lang = lang;
    const t = translator(strings);
    this.#canvas = el('canvas', { width: W, height: H });
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', t('chart.alt'));
    this.#ctx = this.#canvas.getContext('2d');
    const cursorId = `${idPrefix}-cursor`;
    this.#cursor = el('input', { type: 'range', id: cursorId, min: '0', max: '150', step: '0.25', value: '0' });
    this.#readout = el('output', { className: 'chart-readout', htmlFor: cursorId });
    this.#readout.setAttribute('aria-live', 'off');
    this.#cursor.addEventListener('input', () => this.#showCursor());
    this.#canvas.addEventListener('pointermove', (e) => {
      const box = this.#canvas.getBoundingClientRect();
      const days = Number(this.#cursor.max);
      this.#cursor.value = String(Math.round((((e.clientX - box.left) / box.width) * days) / 0.25) * 0.25);
      this.#showCursor();
    });
    const num = (v, o) => v.toLocaleString(lang, o);
    this.#days = el('div', { className: 'chart-days' });
    this.element = el('figure', { className: 'chart' }, [
      el('h3', { className: 'chart-title', textContent: t('chart.title') }),
      el('div', { className: 'chart-frame' }, [
        el('div', { className: 'chart-axis left' }, [
          el('span', { textContent: `${num(CELLS[1], { notation: 'scientific' })}` }),
          el('span', { textContent: t('chart.cells') }),
          el('span', { textContent: `${num(CELLS[0], { notation: 'scientific' })}` }),
        ]),
        this.#canvas,
        el('div', { className: 'chart-axis right' }, [el('span', { textContent: num(LEVEL[1]) }), el('span', { textContent: t('chart.level') }), el('span', { textContent: num(LEVEL[0]) })]),
        this.#days,
      ]),
      el(
        'ul',
        { className: 'chart-legend' },
        [...SERIES, { key: 'chart.normalP', rgb: '#D55E00' }].map((s) => {
          const swatch = el('span', { className: 'swatch' });
          swatch.setAttribute('aria-hidden', 'true');
          swatch.style.setProperty('--swatch', s.rgb);
          return el('li', {}, [swatch, t(s.key)]);
        }),
      ),
      el('div', { className: 'chart-cursor' }, [el('label', { htmlFor: cursorId, textContent: t('chart.cursor') }), this.#cursor]),
      this.#readout,
    ]);
  }

  /** A new trajectory: `run` has column(name) (the runner's Trajectory, or an OdeRun). */
  setData(run) {
    const data = { t: run.column('t') };
    for (const s of SERIES) data[s.col] = run.column(s.col);
    this.#data = data;
    const days = data.t[data.t.length - 1];
    this.#cursor.max = String(days);
    const num = (v) => v.toLocaleString(this.#lang);
    this.#days.replaceChildren(el('span', { textContent: num(0) }), el('span', { textContent: `${this.#strings['chart.days'] ?? 'days'}` }), el('span', { textContent: num(days) }));
    this.draw();
    this.#showCursor();
  }

  /** Move the marker of the tissue's current day (redraws at most every quarter day). */
  setDay(day) {
    if (Math.abs(day - this.#day) < 0.25) return;
    this.#day = day;
    this.draw();
  }

  /** The readout text at `day` (what a reader sees at the cursor). */
  readout() {
    return this.#readout.textContent;
  }

  draw() {
    const ctx = this.#ctx;
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    const d = this.#data;
    if (!d) return;
    const days = d.t[d.t.length - 1] || 1;
    const x = (t) => (t / days) * (W - 1);
    const yCells = (v) => H - 1 - ((Math.log10(Math.max(v, CELLS[0])) - 4) / 5) * (H - 2);
    const yLevel = (v) => H - 1 - ((Math.min(Math.max(v, LEVEL[0]), LEVEL[1]) - LEVEL[0]) / (LEVEL[1] - LEVEL[0])) * (H - 2);
    // Normal-tissue polyamine level, and the tissue's current day.
    ctx.setLineDash([2, 4]);
    ctx.strokeStyle = '#D55E00';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, yLevel(NORMAL_TISSUE_P));
    ctx.lineTo(W, yLevel(NORMAL_TISSUE_P));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.strokeStyle = '#8c959f';
    ctx.beginPath();
    ctx.moveTo(x(this.#day), 0);
    ctx.lineTo(x(this.#day), H);
    ctx.stroke();
    ctx.drawImage(this.#seriesLayer(x, yCells, yLevel), 0, 0);
    // The cursor.
    const c = Number(this.#cursor.value);
    ctx.strokeStyle = '#1f2328';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x(c), 0);
    ctx.lineTo(x(c), H);
    ctx.stroke();
  }

  /**
   * The series, drawn once per trajectory on a canvas of their own: the day
   * marker moves every quarter day while playing, and stroking six
   * 601-point paths each time cost about 5 ms in Firefox and WebKit, which
   * rasterise paths at once (Chromium defers it), against 0.1 ms to copy.
   */
  #seriesLayer(x, yCells, yLevel) {
    if (this.#layerData === this.#data) return this.#layer;
    this.#layer ??= el('canvas', { width: W, height: H });
    const ctx = this.#layer.getContext('2d');
    const d = this.#data;
    ctx.clearRect(0, 0, W, H);
    for (const s of SERIES) {
      const ys = d[s.col];
      const y = s.axis === 'cells' ? yCells : yLevel;
      ctx.strokeStyle = s.rgb;
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dash ?? []);
      ctx.beginPath();
      for (let i = 0; i < ys.length; i++) (i ? ctx.lineTo : ctx.moveTo).call(ctx, x(d.t[i]), y(ys[i]));
      ctx.stroke();
    }
    this.#layerData = d;
    return this.#layer;
  }

  #showCursor() {
    const d = this.#data;
    if (!d) return;
    const day = Number(this.#cursor.value);
    let i = 0;
    while (i + 1 < d.t.length && d.t[i + 1] <= day + 1e-9) i++;
    const sci = (v) => v.toLocaleString(this.#lang, { notation: 'scientific', maximumFractionDigits: 1 });
    const lvl = (v) => v.toLocaleString(this.#lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const values = { day: d.t[i].toLocaleString(this.#lang), T: sci(d.T[i]), E: sci(d.E[i]), phi: lvl(d.phi[i]), P: lvl(d.P[i]), V: lvl(d.V[i]), A: lvl(d.A[i]) };
    const template = this.#strings['chart.readout'] ?? '{day}';
    this.#readout.textContent = format(template, values);
    this.#cursor.setAttribute('aria-valuetext', this.#readout.textContent);
    this.draw();
  }
}
