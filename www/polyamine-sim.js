// <polyamine-sim>: the embeddable widget. Include this module and place the
// element:
//
//   <script type="module" src="./polyamine-sim.js"></script>
//   <polyamine-sim preset="dfmo-amxt"></polyamine-sim>
//
// Attributes: preset (treatment id, default "untreated"), dfmo-dose-mg and
// amxt-dose (the inhibitor doses; default the preset's), seed (0–4294967295,
// default 1), overlay ("cells" | "polyamine" | "drug" | "perfusion"), speed
// (simulation steps per frame, 1–8, default 2), lang ("en" | "de"; default
// the page's <html lang>, else English).
// Methods: play(), pause(), restart(), advance(days) (steps the section on
// by `days` at once; returns the new day), toCSV(dt) (the whole-tumour
// trajectory of the current settings, as the command line prints it),
// toPNG() (a Promise of the picture as a PNG Blob), permalink() (a link to
// embed.html carrying every setting).
// Events: `ready` (bubbles, composed) when a section has drawn its first
// frame; `error` (composed; detail: { message, error }) if the WebAssembly
// fails to load, in which case a text message replaces the picture.
//
// CSP-friendly: no inline styles (constructable stylesheet), no HTML parsing,
// no eval; every URL is relative to this module so it works from any path.

import { ABOUT_CSS, buildAbout } from './about.js';
import { CHART_CSS, TimeChart } from './chart.js';
import { EfficacyGauge, GAUGE_CSS } from './gauge.js';
import { LATTICE_VIEW_CSS, buildLegend, buildOverlaySelect, fillLegend, OVERLAYS, setOverlay } from './lattice-view.js';

const TAG = 'polyamine-sim';
const SIDE = 256;
const STEP_DAYS = 0.05;
const LANGS = ['en', 'de'];
/** Dose controls: attribute, schema setting key, scenario field. Ranges come from the schema. */
const DOSES = [
  { attr: 'dfmo-dose-mg', key: 'dfmo.dose_mg', preset: 'dfmo_dose_mg', scenario: (v) => ({ dfmo: { dose_mg: v } }) },
  { attr: 'amxt-dose', key: 'amxt.dose', preset: 'amxt_dose', scenario: (v) => ({ amxt: { dose: v } }) },
];
/** How often the canvas's text alternative follows the state (ms). */
const DESCRIBE_EVERY_MS = 2000;
/** The polite live region speaks at most this often while playing (ms). */
const ANNOUNCE_EVERY_MS = 4000;

const STYLE = `
:host { display: block; max-width: 100%; touch-action: pan-y; }
.widget {
  /* Nothing inherited from the host page leaks in (fonts, sizes, colours,
     line heights, text transforms: page rules on the element itself outrank
     :host, so the reset sits on this wrapper); house styles come through
     the custom properties. */
  all: initial;
  display: block;
  font: var(--polyamine-sim-font-size, 16px) / 1.5 var(--polyamine-sim-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--polyamine-sim-color, #1f2328);
  background: var(--polyamine-sim-background, #fff);
}
*, *::before, *::after { box-sizing: border-box; }
:host([hidden]), [hidden] { display: none !important; }
.frame { margin: 0; }
canvas {
  display: block; width: 100%; max-width: 40rem; height: auto; aspect-ratio: 1;
  image-rendering: pixelated; background: #eeeae3; border-radius: 4px;
}
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em 0.75em; margin-top: 0.5em; }
.controls select { min-width: 0; max-width: 100%; font: inherit; }
.controls button { font: inherit; padding: 0.2em 0.8em; }
.status { margin: 0.5em 0 0; font-variant-numeric: tabular-nums; }
.doses { margin: 0.5em 0 0; padding: 0; border: 0; min-inline-size: 0; }
.doses legend { padding: 0; font-weight: 600; }
.dose { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.6em; margin-top: 0.3em; }
.dose label { flex: 0 0 9em; }
.dose input[type=range] { flex: 1 1 8em; min-width: 0; accent-color: var(--polyamine-sim-accent, #0072b2); }
.dose-number { width: 5.5em; font: inherit; }
.dose .help { flex: 1 1 100%; font-size: 0.85em; }
.share-note { font-size: 0.85em; overflow-wrap: anywhere; }
.caption { margin: 0.5em 0 0; font-size: 0.9em; line-height: 1.4; }
.message { margin: 0; padding: 1em; border: 1px solid currentColor; border-radius: 4px; }
:focus-visible { outline: 2px solid var(--polyamine-sim-accent, #0072b2); outline-offset: 2px; }
${LATTICE_VIEW_CSS}
${CHART_CSS}
${GAUGE_CSS}
${ABOUT_CSS}`;

let sheet = null;
/** One stylesheet shared by every instance. */
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/**
 * Assets inlined by the single-file build (scripts/single-file.mjs), which
 * sets this global before the module runs: { wasm: Uint8Array, strings:
 * { en: {...}, de: {...} }, poster: data URL }. Absent in the normal build,
 * which fetches the files next to this module.
 */
const INLINE = globalThis.POLYAMINE_SIM_INLINE ?? null;

let wasmPromise = null;
/**
 * Load the glue and the wasm once for all instances, relative to this
 * module. A failed load is forgotten, so an element connected later retries.
 */
function loadWasm() {
  wasmPromise ??= import('./polyamine_sim.js')
    .then(async (glue) => {
      const exports = await glue.default(INLINE?.wasm ? { module_or_path: INLINE.wasm } : undefined);
      return { exports, glue, schema: glue.schema() };
    })
    .catch((error) => {
      wasmPromise = null;
      throw error;
    });
  return wasmPromise;
}

const stringCache = new Map();
/** The strings of `lang` from i18n/<lang>.json (English if that fails). */
function loadStrings(lang) {
  if (INLINE?.strings?.[lang]) return Promise.resolve(INLINE.strings[lang]);
  if (!stringCache.has(lang)) {
    const url = new URL(`./i18n/${lang}.json`, import.meta.url);
    stringCache.set(
      lang,
      fetch(url)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))))
        .catch((error) => {
          stringCache.delete(lang);
          if (lang === 'en') throw error;
          console.warn(`<${TAG}>: strings for lang="${lang}" could not be loaded; using English.`, error);
          return loadStrings('en');
        }),
    );
  }
  return stringCache.get(lang);
}

/** A decimal number written plainly ("12", "-3", "0.5"), else NaN. Blank is null. */
function parseNumber(text) {
  if (text === null || text.trim() === '') return null;
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
}

/** Save a Blob under `name` (a temporary link; the object URL is released after). */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Fill {name} placeholders. */
const format = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

class PolyamineSim extends HTMLElement {
  static observedAttributes = ['preset', 'seed', 'overlay', 'speed', 'lang', ...DOSES.map((d) => d.attr)];

  #root;
  #wasm = null; // { exports, glue, schema }
  #strings = null;
  #sim = null;
  #image = null; // ImageData over wasm memory
  #buffer = null; // the wasm memory ArrayBuffer #image views
  #frame = 0;
  #playing = false; // the reader's intent (Play/Pause)
  #inView = false; // from the IntersectionObserver
  #observer = null;
  #onVisibility = () => this.#run();
  #session = 0; // bumped on connect/disconnect, so late loads are ignored
  #lastDescribed = 0;
  #lastAnnounced = -Infinity;
  #ui = {};
  #chart = null;
  #gauge = null;
  #ode = null; // an OdeEngine for the chart and CSV
  #cfg = {}; // settings parsed from the attributes: { preset, seed, overlay, speed, 'dfmo-dose-mg', 'amxt-dose' }
  #batch = false; // several attributes change as one (a preset choice)

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [styleSheet()];
  }

  connectedCallback() {
    const session = ++this.#session;
    // Strings load on their own, so a failed wasm load is reported in the reader's language.
    const strings = loadStrings(this.#lang()).then((s) => (this.#strings = s));
    Promise.all([loadWasm(), strings]).then(
      ([wasm, s]) => session === this.#session && this.#start(wasm, s),
      (error) => strings.catch(() => null).then(() => session === this.#session && this.#fail(error)),
    );
  }

  disconnectedCallback() {
    this.#session++;
    this.pause();
    this.#observer?.disconnect();
    this.#observer = null;
    this.#ode?.free();
    this.#ode = null;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#sim?.free();
    this.#sim = null;
    this.#image = null;
    this.#buffer = null;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#wasm || !this.isConnected || this.#batch) return;
    if (name === 'lang') {
      this.disconnectedCallback();
      this.connectedCallback();
      return;
    }
    this.#readSettings(name);
    if (name === 'overlay') {
      setOverlay(this.#ui.overlay, this.#cfg.overlay);
      this.#showOverlay();
    } else if (name === 'preset' || name === 'seed' || DOSES.some((d) => d.attr === name)) {
      if (name === 'preset') this.#readSettings();
      this.#showSettings();
      this.restart();
    }
  }

  /** The reader picked a treatment: its doses replace any set by hand, one restart. */
  #choosePreset(id) {
    this.#batch = true;
    for (const d of DOSES) this.removeAttribute(d.attr);
    this.setAttribute('preset', id);
    this.#batch = false;
    this.#readSettings();
    this.#showSettings();
    this.restart();
  }

  /** Parse one setting (or all) from the attributes, warning about bad values once. */
  #readSettings(only) {
    const readers = { preset: () => this.#preset(), seed: () => this.#seed(), overlay: () => this.#overlay(), speed: () => this.#speed() };
    for (const d of DOSES) readers[d.attr] = () => this.#dose(d);
    for (const [name, read] of Object.entries(readers)) if (!only || only === name) this.#cfg[name] = read();
  }

  /** Run the simulation; it animates only while in view and the tab is visible. */
  play() {
    if (!this.#sim || this.#playing) return;
    this.#playing = true;
    this.#run();
    this.#showPlaying();
  }

  pause() {
    this.#playing = false;
    this.#run();
    if (this.#ui.play) this.#showPlaying();
  }

  /** Start or stop the animation loop: playing, in view and the tab visible. */
  #run() {
    const go = this.#playing && this.#inView && document.visibilityState !== 'hidden' && !!this.#sim;
    if (go && !this.#frame) {
      this.#frame = requestAnimationFrame(this.#tick);
    } else if (!go && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
  }

  /** The scenario object (docs/SCENARIOS.md) of the current settings. */
  #scenario() {
    const scenario = { preset: this.#cfg.preset, seed: this.#cfg.seed };
    for (const d of DOSES) Object.assign(scenario, d.scenario(this.#cfg[d.attr]));
    return scenario;
  }

  /** Start the section again from day 0 with the current settings. */
  restart() {
    if (!this.#wasm) return;
    this.#sim?.free();
    const scenario = this.#scenario();
    this.#sim = new this.#wasm.glue.TissueSim(scenario, SIDE);
    this.#ode ??= new this.#wasm.glue.OdeEngine();
    const run = this.#ode.run(scenario, 0.25);
    this.#chart.setData(run);
    this.#gauge.setData(run.column('t'), run.column('x'));
    run.free();
    this.#buffer = null;
    this.#draw(true);
  }

  /** Step on by `days` at once (for figures and tests); returns the new day. */
  advance(days) {
    if (!this.#sim) return 0;
    const steps = Math.max(0, Math.round(Number(days) / STEP_DAYS)) || 0;
    this.#sim.step(steps);
    this.#draw(true);
    return this.#sim.day();
  }

  /** The whole-tumour trajectory of the current settings as CSV, rows every `dt` days (the CLI's columns and numbers). */
  toCSV(dt = 0.25) {
    if (!this.#wasm) return '';
    this.#ode ??= new this.#wasm.glue.OdeEngine();
    const run = this.#ode.run(this.#scenario(), Number(dt));
    const csv = run.to_csv();
    run.free();
    return csv;
  }

  /** The picture as a PNG Blob. */
  toPNG() {
    return new Promise((resolve, reject) => {
      if (!this.#ui.canvas) return reject(new Error('not ready'));
      this.#ui.canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
    });
  }

  /** A link to embed.html (next to this module) carrying every setting. */
  permalink() {
    const url = new URL('./embed.html', import.meta.url);
    const params = { preset: this.#cfg.preset, seed: this.#cfg.seed, overlay: this.#cfg.overlay, speed: this.#cfg.speed, lang: this.#lang() };
    for (const d of DOSES) params[d.attr] = this.#cfg[d.attr];
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    return url.href;
  }

  get day() {
    return this.#sim ? this.#sim.day() : 0;
  }

  // --- settings, read from attributes with warnings for bad values ---

  #lang() {
    const asked = (this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || 'en').toLowerCase().slice(0, 2);
    return LANGS.includes(asked) ? asked : 'en';
  }

  #warn(name, value, used, valid) {
    console.warn(`<${TAG}>: attribute ${name}="${value}" is not valid (${valid}); using ${used}.`);
  }

  #preset() {
    return this.#oneOf('preset', this.#wasm.schema.presets.map((p) => p.id), 'untreated');
  }

  #seed() {
    return this.#wholeNumber('seed', 1, 0, 4294967295);
  }

  #overlay() {
    return this.#oneOf('overlay', OVERLAYS, 'cells');
  }

  /** An attribute that names one of `valid`: absent means the fallback; others warn and use it. */
  #oneOf(name, valid, fallback) {
    const value = this.getAttribute(name);
    if (value === null) return fallback;
    if (valid.includes(value)) return value;
    this.#warn(name, value, fallback, `one of ${valid.join(', ')}`);
    return fallback;
  }

  #speed() {
    return this.#wholeNumber('speed', 2, 1, 8);
  }

  /** A dose attribute: blank or absent means the preset's dose; others are clamped to the schema's range, with a warning. */
  #dose({ attr, key, preset }) {
    const spec = this.#setting(key);
    const value = this.getAttribute(attr);
    const n = parseNumber(value);
    const fallback = this.#wasm.schema.presets.find((p) => p.id === this.#cfg.preset)?.[preset] ?? spec.default;
    if (n === null) return fallback;
    const used = Number.isFinite(n) ? Math.min(spec.max, Math.max(spec.min, n)) : fallback;
    if (used !== n) this.#warn(attr, value, used, `a number from ${spec.min} to ${spec.max} ${spec.unit}`);
    return used;
  }

  #setting(key) {
    return this.#wasm.schema.settings.find((s) => s.key === key);
  }

  /** A whole-number attribute: blank means the default; others are rounded and clamped, with a warning. */
  #wholeNumber(name, fallback, min, max) {
    const value = this.getAttribute(name);
    const n = parseNumber(value);
    if (n === null) return fallback;
    const used = Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
    if (used !== n) this.#warn(name, value, used, `a whole number from ${min} to ${max}`);
    return used;
  }

  // --- building and drawing ---

  #start(wasm, strings) {
    this.#wasm = wasm;
    this.#strings = strings;
    this.#readSettings();
    this.#build();
    this.restart();
    this.#observer = new IntersectionObserver((entries) => {
      this.#inView = entries[entries.length - 1].isIntersecting;
      this.#run();
    });
    this.#observer.observe(this);
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.dispatchEvent(new CustomEvent('ready', { bubbles: true, composed: true }));
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) this.play();
  }

  #t(key) {
    return this.#strings[key] ?? key;
  }

  #build() {
    const s = this.#strings;
    const canvas = el('canvas', { width: SIDE, height: SIDE });
    canvas.setAttribute('role', 'img');
    const preset = el('select', { id: 'preset' });
    for (const p of this.#wasm.schema.presets) preset.append(el('option', { value: p.id, textContent: s[`preset.${p.id}`] ?? p.title }));
    preset.value = this.#cfg.preset;
    preset.addEventListener('change', () => this.#choosePreset(preset.value));
    const play = el('button', { type: 'button' });
    play.addEventListener('click', () => (this.#playing ? this.pause() : this.play()));
    const restart = el('button', { type: 'button', textContent: this.#t('control.restart') });
    restart.addEventListener('click', () => this.restart());
    const overlay = buildOverlaySelect(s, (id) => this.setAttribute('overlay', id), this.#cfg.overlay);
    const legend = buildLegend([], s);
    const share = el('button', { type: 'button', textContent: this.#t('control.copyLink') });
    const shareNote = el('output', { className: 'share-note' });
    share.addEventListener('click', () => this.#copyLink(shareNote));
    const csv = el('button', { type: 'button', textContent: this.#t('control.csv') });
    csv.addEventListener('click', () => download(new Blob([this.toCSV()], { type: 'text/csv' }), `polyamine-sim-${this.#cfg.preset}.csv`));
    const png = el('button', { type: 'button', textContent: this.#t('control.png') });
    png.addEventListener('click', () => this.toPNG().then((blob) => download(blob, `polyamine-sim-${this.#cfg.preset}-day${Math.floor(this.day)}.png`)));
    this.#chart = new TimeChart(s, this.#lang(), 'chart');
    this.#gauge = new EfficacyGauge(s, this.#lang(), 'gauge');
    const status = el('p', { className: 'status' });
    status.setAttribute('aria-live', 'polite');
    const doses = el('fieldset', { className: 'doses' }, [el('legend', { textContent: this.#t('control.doses') })]);
    const doseInputs = DOSES.map((d) => this.#buildDose(d, doses));
    this.#ui = { canvas, ctx: canvas.getContext('2d'), preset, play, overlay, legend, status, doseInputs };
    this.#root.replaceChildren(el('div', { className: 'widget' }, [
      el('figure', { className: 'frame' }, [canvas]),
      el('div', { className: 'controls' }, [el('label', { htmlFor: 'preset', textContent: this.#t('control.treatment') }), preset, play, restart]),
      doses,
      overlay,
      legend,
      status,
      this.#gauge.element,
      this.#chart.element,
      el('div', { className: 'controls share' }, [share, csv, png, shareNote]),
      el('p', { className: 'caption', textContent: this.#t('caption.disclaimer') }),
      buildAbout(s, this.#lang(), this.#wasm.schema.params),
    ]));
    this.#showSettings();
    this.#showOverlay();
    this.#showPlaying();
  }

  /**
   * One dose control, generated from the schema setting: a labelled slider,
   * a typed number field beside it, the unit, and the description as help.
   */
  #buildDose({ attr, key }, parent) {
    const spec = this.#setting(key);
    const step = spec.max - spec.min > 100 ? '1' : '0.05';
    const id = `dose-${attr}`;
    const range = el('input', { type: 'range', id, min: spec.min, max: spec.max, step });
    const number = el('input', { type: 'number', min: spec.min, max: spec.max, step, className: 'dose-number' });
    const help = el('span', { id: `${id}-help`, className: 'help', textContent: this.#t(`help.${key}`) });
    number.setAttribute('aria-label', `${this.#t(`setting.${key}`)} (${this.#t(`unit.${key}`)})`);
    range.setAttribute('aria-describedby', help.id);
    number.setAttribute('aria-describedby', help.id);
    const apply = (v) => this.setAttribute(attr, v);
    range.addEventListener('input', () => apply(range.value));
    number.addEventListener('change', () => apply(number.value));
    parent.append(
      el('div', { className: 'dose' }, [
        el('label', { htmlFor: id, textContent: this.#t(`setting.${key}`) }),
        range,
        number,
        el('span', { className: 'unit', textContent: this.#t(`unit.${key}`) }),
        help,
      ]),
    );
    return { attr, range, number };
  }

  /** Copy the permalink; where the clipboard is refused, show it to copy by hand. */
  async #copyLink(note) {
    const link = this.permalink();
    try {
      await navigator.clipboard.writeText(link);
      note.textContent = this.#t('control.copied');
    } catch {
      note.textContent = link;
    }
  }

  /** Show the parsed settings in the controls (the values actually used). */
  #showSettings() {
    this.#ui.preset.value = this.#cfg.preset;
    for (const { attr, range, number } of this.#ui.doseInputs) {
      range.value = String(this.#cfg[attr]);
      number.value = String(this.#cfg[attr]);
    }
  }

  #showPlaying() {
    this.#ui.play.textContent = this.#t(this.#playing ? 'control.pause' : 'control.play');
  }

  #showOverlay() {
    fillLegend(this.#ui.legend, this.#wasm.glue.overlay_legend(this.#cfg.overlay), this.#strings);
    this.#draw(false);
  }

  #tick = () => {
    this.#sim.step(this.#cfg.speed);
    this.#draw(false);
    this.#frame = requestAnimationFrame(this.#tick);
  };

  /** Render and copy the wasm RGBA buffer to the canvas (zero-copy view, re-made if memory grew). */
  #draw(describeNow) {
    if (!this.#sim) return;
    this.#sim.render(this.#cfg.overlay);
    const buffer = this.#wasm.exports.memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      const view = new Uint8ClampedArray(buffer, this.#sim.pixels_ptr(), this.#sim.pixels_len());
      this.#image = new ImageData(view, this.#sim.side(), this.#sim.side());
    }
    this.#ui.ctx.putImageData(this.#image, 0, 0);
    this.#chart.setDay(this.#sim.day());
    this.#gauge.setDay(this.#sim.day());
    const now = performance.now();
    if (describeNow || now - this.#lastDescribed > DESCRIBE_EVERY_MS) {
      this.#lastDescribed = now;
      this.#describe();
    }
  }

  /** Text alternative and status line from the state (not every frame). */
  #describe() {
    const sim = this.#sim;
    sim.refresh_census();
    const lang = this.#lang();
    const values = {
      day: Math.floor(sim.day()).toLocaleString(lang),
      tumour: sim.tumour_sites().toLocaleString(lang),
      effectors: sim.effectors().toLocaleString(lang),
      inside: sim.effectors_in_tumour().toLocaleString(lang),
      polyamine: sim.tumour_polyamine().toLocaleString(lang, { maximumFractionDigits: 2 }),
      treatment: this.#ui.preset.selectedOptions[0]?.textContent ?? '',
    };
    this.#ui.canvas.setAttribute('aria-label', format(this.#t('alt.section'), values));
    const now = performance.now();
    if (!this.#playing || now - this.#lastAnnounced > ANNOUNCE_EVERY_MS) {
      this.#lastAnnounced = now;
      this.#ui.status.textContent = format(this.#t('status.line'), values);
    }
  }

  #fail(error) {
    const message = this.#strings?.['error.load'] ?? 'The simulation could not be loaded. Please try reloading the page.';
    console.error(`<${TAG}>: could not load the simulation:`, error);
    const alert = el('p', { className: 'message', textContent: message });
    alert.setAttribute('role', 'alert');
    this.#root.replaceChildren(el('div', { className: 'widget' }, [alert]));
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, PolyamineSim);
