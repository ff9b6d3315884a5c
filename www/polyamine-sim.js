// <polyamine-sim>: the embeddable widget. Include this module and place the
// element:
//
//   <script type="module" src="./polyamine-sim.js"></script>
//   <polyamine-sim preset="dfmo-amxt"></polyamine-sim>
//
// Attributes mirror the scenario JSON (docs/SCENARIOS.md): tumour, preset,
// days, seed, params (JSON), dfmo-dose-mg, dfmo-interval-h, dfmo-start-day,
// dfmo-duration-days, amxt-dose (0: not given), amxt-interval-h,
// amxt-start-day, amxt-duration-days, co-therapy (none | chemo | anti-pd1),
// chemo-dose, chemo-days, anti-pd1-dose, anti-pd1-days, odc-knockout,
// odc-knockout-day, treg-depletion; plus the view settings overlay, speed
// (steps per frame, 1–8), compare (the untreated arm beside), autoplay
// (default true; never under prefers-reduced-motion) and lang. The table of
// them all, with their parsing, is www/settings.js; ranges come from the Rust
// schema. docs/EMBEDDING.md lists every one with default and range.
// Methods: play(), pause(), reset(), setScenario(obj), advance(days),
// toCSV(dt), toPNG(), permalink(), embedCode(); getters day, scenario.
// Events: `ready`, `statechange` (detail: { reason, day, playing, scenario }),
// `error` (detail: { message, error }): all CustomEvents, composed.
//
// Poster first: a static picture of day 0 shows at once, before the
// WebAssembly arrives. CSP-friendly: no inline styles (constructable
// stylesheet), no HTML parsing, no eval; every URL is relative to this module
// so it works from any host and sub-path.

import { ABOUT_CSS, buildAbout } from './about.js';
import { captionKey } from './captions.js';
import { CHART_CSS, TimeChart } from './chart.js';
import { CONTROLS_CSS, checkControl, numberControl, selectControl } from './controls.js';
import { el, format } from './dom.js';
import { DOSE_RESPONSE_CSS, DoseResponse } from './dose-response.js';
import { EMBED_DIALOG_CSS, buildEmbed } from './embed-dialog.js';
import { EfficacyGauge, GAUGE_CSS } from './gauge.js';
import { LATTICE_VIEW_CSS, buildLegend, buildOverlaySelect, fillLegend, setOverlay } from './lattice-view.js';
import { SETTINGS, SETTINGS_BY_ATTR, SettingsReader, TAG, TREATMENT_ATTRS, attrText, scenarioToAttributes, toScenario, untreatedScenario } from './settings.js';

const SIDE = 256;
const STEP_DAYS = 0.05;
const LANGS = ['en', 'de'];
/** Rows of the whole-tumour run the chart, gauge and captions read (days). */
const RUN_DT = 0.25;
/** How often the canvas's text alternative and the caption follow the state (ms). */
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
.views { display: flex; flex-wrap: wrap; gap: 0.75em; }
.frame { margin: 0; flex: 1 1 16rem; min-width: 0; max-width: 40rem; }
.frame { display: flex; flex-direction: column; }
.frame figcaption { font-weight: 600; margin-bottom: 0.2em; flex: 1 0 auto; }
.frame canvas, .frame img { flex: none; }
.views:not(.compare) figcaption, .views.compare + .science .result { display: none; }
canvas.section, img.poster {
  display: block; width: 100%; height: auto; aspect-ratio: 1;
  image-rendering: pixelated; background: #eeeae3; border-radius: 4px;
}
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em 0.75em; margin-top: 0.5em; }
.controls select { min-width: 0; max-width: 100%; font: inherit; }
.controls .field { margin: 0; min-width: 0; max-width: 100%; }
.controls .field > label { flex: 0 1 auto; }
.controls .field select { flex: 1 1 12em; }
button { font: inherit; padding: 0.2em 0.8em; }
.status { margin: 0.5em 0 0; font-variant-numeric: tabular-nums; }
.science { margin: 0.4em 0 0; font-size: 0.9em; line-height: 1.4; color: var(--polyamine-sim-muted, #57606a); }
.science .result { font-weight: 600; color: var(--polyamine-sim-color, #1f2328); }
.now { margin: 0.5em 0 0; font-weight: 600; min-height: 1.5em; }
fieldset.doses { margin: 0.5em 0 0; padding: 0; border: 0; min-inline-size: 0; }
fieldset.doses legend { padding: 0; font-weight: 600; }
details.more { margin-top: 0.5em; }
details.more summary { cursor: pointer; font-weight: 600; }
.share-note { font-size: 0.85em; overflow-wrap: anywhere; }
.caption { margin: 0.5em 0 0; font-size: 0.9em; line-height: 1.4; }
.message { margin: 0; padding: 1em; border: 1px solid currentColor; border-radius: 4px; }
.message p { margin: 0 0 0.5em; }
:focus-visible { outline: 2px solid var(--polyamine-sim-accent, #0072b2); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
${CONTROLS_CSS}
${LATTICE_VIEW_CSS}
${CHART_CSS}
${GAUGE_CSS}
${DOSE_RESPONSE_CSS}
${EMBED_DIALOG_CSS}
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

/** Save a Blob under `name` (a temporary link; the object URL is released after). */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Escape text for an HTML attribute value in the Embed dialog's snippets (shown as text, never parsed here). */
const attrEscape = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The poster: a static picture of day 0 (every treatment looks the same then), shown before the wasm arrives. */
const posterURL = () => INLINE?.poster ?? new URL('./poster.png', import.meta.url).href;

/** A static page for readers whose browser cannot run the simulation, in their language. */
const aboutPageURL = (lang) => new URL(lang === 'de' ? './about.de.html' : './about.html', import.meta.url).href;

class PolyamineSim extends HTMLElement {
  static observedAttributes = [...SETTINGS.map((s) => s.attr), 'lang'];

  #root;
  #wasm = null; // { exports, glue, schema }
  #strings = null;
  #reader = null;
  #v = null; // the settings values in use (www/settings.js)
  #views = []; // [{ sim, canvas, ctx, image, buffer, figure, arm }] the treatment, then the untreated arm in compare mode
  #scenario = null; // the scenario in use (the settings', checked by the engine)
  #series = null; // columns of the whole-tumour run the captions read
  #outcomes = {}; // arm → 'control' | 'escape', from the model's readout (OdeRun.readout())
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
  #response = null;
  #ode = null; // an OdeEngine for the chart, sweeps and CSV
  #batch = false; // several attributes change as one (a preset choice, setScenario)
  #lastAmxt = 1; // the AMXT 1501 dose the checkbox restores
  #crashed = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [styleSheet()];
  }

  connectedCallback() {
    const session = ++this.#session;
    if (!this.#wasm) this.#showPoster();
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
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#response?.dispose();
    this.#release();
  }

  /** Free the wasm handles (not after a crash: a trapped handle may not be freed). */
  #release() {
    if (!this.#crashed) {
      this.#ode?.free();
      for (const v of this.#views) v.sim?.free();
    }
    this.#ode = null;
    this.#views = [];
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#v || !this.isConnected || this.#batch) return;
    if (name === 'lang') {
      this.disconnectedCallback();
      this.#wasm = null;
      this.connectedCallback();
      return;
    }
    this.#settingsChanged(name);
  }

  /** Re-read every setting; restart if the simulation changed. */
  #settingsChanged(name) {
    const before = this.#v;
    this.#v = this.#read();
    const setting = SETTINGS_BY_ATTR[name];
    this.#showSettings();
    if (!setting || setting.scenario || (name === 'compare' && before.compare !== this.#v.compare)) {
      this.reset('settings');
    } else if (name === 'overlay') {
      setOverlay(this.#ui.overlay, this.#v.overlay);
      this.#showOverlay();
      this.#changed('settings');
    } else {
      this.#changed('settings');
    }
  }

  #read() {
    return this.#reader.read((attr) => this.getAttribute(attr));
  }

  /** Set several attributes as one change. `attrs`: { name: text | null (remove) }. */
  #setAttributes(attrs) {
    this.#batch = true;
    try {
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null) this.removeAttribute(name);
        else this.setAttribute(name, value);
      }
    } finally {
      this.#batch = false;
    }
    if (this.#v) this.#settingsChanged(null);
  }

  /** The reader picked a treatment: its fields replace any set by hand, one restart. */
  #choosePreset(id) {
    const attrs = { preset: id };
    for (const a of TREATMENT_ATTRS) attrs[a] = null;
    this.#setAttributes(attrs);
  }

  /**
   * Replace the scenario with a scenario object (docs/SCENARIOS.md): keys it
   * leaves out take their defaults. Throws an Error naming the field for an
   * unknown key or a wrong shape (the widget keeps its settings); values out
   * of range are clamped with a warning, as for attributes.
   */
  setScenario(obj) {
    const attrs = scenarioToAttributes(obj);
    const all = {};
    for (const s of SETTINGS) if (s.scenario) all[s.attr] = null;
    this.#setAttributes({ ...all, ...attrs });
  }

  /** The scenario object in use (every treatment field explicit; without `params` if the engine rejected them). */
  get scenario() {
    return this.#scenario ? structuredClone(this.#scenario) : null;
  }

  /** Run the simulation; it animates only while in view and the tab is visible. */
  play() {
    if (!this.#views.length || this.#playing || this.#crashed) return;
    if (this.day >= this.#v.days) this.reset('reset');
    this.#playing = true;
    this.#run();
    this.#showPlaying();
    this.#changed('play');
  }

  pause() {
    const was = this.#playing;
    this.#playing = false;
    this.#run();
    if (this.#ui.play) this.#showPlaying();
    if (was) this.#changed('pause');
  }

  /** Start or stop the animation loop: playing, in view and the tab visible. */
  #run() {
    const go = this.#playing && this.#inView && document.visibilityState !== 'hidden' && this.#views.length > 0;
    if (go && !this.#frame) {
      this.#frame = requestAnimationFrame(this.#tick);
    } else if (!go && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
  }

  /**
   * Run the whole-tumour model for the settings' scenario, rows every
   * RUN_DT; if the engine rejects the scenario (say parameters that
   * contradict each other), run it without `params`, with a warning naming
   * the problem. Returns { scenario, run }; the scenario is kept for the
   * sections, the sweeps and the CSV.
   */
  #runChecked() {
    const scenario = toScenario(this.#v);
    try {
      return { scenario, run: this.#ode.run(scenario, RUN_DT) };
    } catch (error) {
      console.warn(`<${TAG}>: ${error.message}; running without the params attribute.`);
      delete scenario.params;
      return { scenario, run: this.#ode.run(scenario, RUN_DT) };
    }
  }

  /** Start the section again from day 0 with the current settings. */
  reset(reason = 'reset') {
    if (!this.#wasm || !this.#v) return;
    this.#guard(() => {
      const glue = this.#wasm.glue;
      this.#ode ??= new glue.OdeEngine();
      const { scenario, run } = this.#runChecked();
      this.#scenario = scenario;
      const outcome = this.#outcomeOf(scenario, run);
      this.#outcomes = { treatment: outcome };
      this.#chart.setData(run);
      this.#gauge.setData(run.column('t'), run.column('x'), outcome);
      this.#series = Object.fromEntries(['t', 'T', 'P', 'V', 'A', 'C_t'].map((c) => [c, run.column(c)]));
      run.free();
      const arms = [['treatment', scenario]];
      if (this.#v.compare) {
        const untreated = untreatedScenario(scenario);
        arms.push(['untreated', untreated]);
        this.#outcomes.untreated = this.#outcomeOf(untreated);
      }
      // Reuse the sections: reset() skips the set-up when only the regimen changed.
      for (const v of this.#views.slice(arms.length)) v.sim.free();
      this.#views = arms.map(([arm, sc], i) => {
        const sim = this.#views[i]?.sim;
        if (sim) sim.reset(sc);
        return { ...this.#ui.views[i], arm, sim: sim ?? new glue.TissueSim(sc, SIDE), image: null, buffer: null };
      });
      this.#ui.viewBox.classList.toggle('compare', this.#v.compare);
      this.#ui.views[1].figure.hidden = !this.#v.compare;
      this.#showOutcomes();
      this.#response.update({
        // Everything the curves depend on but the dose (the seed only moves the tissue section).
        key: JSON.stringify({ ...scenario, seed: 0, dfmo: scenario.dfmo && { ...scenario.dfmo, dose_mg: 0 } }),
        doseMg: this.#v['dfmo-dose-mg'],
        intervalH: this.#v['dfmo-interval-h'],
        startCells: this.#series.T[0],
      });
      this.#draw(true);
      this.#changed(reason);
    });
  }

  /**
   * How a scenario ends by the model's rule (MODEL-SPEC A6, `OdeRun.readout()`):
   * 'control' or 'escape'. Read over a run of at least 150 days (the
   * spec's readout run), so a short run still says where the tumour is
   * heading. `run`, if given, is the scenario's own run (reused when long enough).
   */
  #outcomeOf(scenario, run = null) {
    // The readout run of MODEL-SPEC A6 (150 days), from the model.
    const days = Math.max(scenario.days ?? this.#v.days, this.#wasm.schema.readout.dose_response_days);
    if (run && scenario.days >= days) return run.readout().outcome;
    const long = this.#ode.run({ ...scenario, days }, RUN_DT);
    try {
      return long.readout().outcome;
    } finally {
      long.free();
    }
  }

  /** Each arm's heading, and the result beside the science line: how the run ends (the model's outcome). */
  #showOutcomes() {
    this.#ui.result.textContent = `${format(this.#t('outcome.sentence'), { outcome: this.#t(`outcome.${this.#outcomes.treatment}`) })} `;
    for (const v of this.#views) {
      const outcome = this.#outcomes[v.arm];
      v.figure.querySelector('figcaption').textContent = format(this.#t('compare.heading'), {
        arm: this.#t(`compare.${v.arm}`),
        outcome: this.#t(`outcome.${outcome}`),
      });
    }
  }

  /**
   * Step on by `days` at once (for figures and tests), at most to the end of
   * the run (a huge or non-numeric `days` cannot queue millions of steps);
   * returns the new day.
   */
  advance(days) {
    if (!this.#views.length) return 0;
    const left = Math.max(0, Math.ceil((this.#v.days - this.day) / STEP_DAYS - 1e-9));
    const steps = Math.min(left, Math.max(0, Math.round(Number(days) / STEP_DAYS)) || 0);
    this.#guard(() => {
      for (const v of this.#views) v.sim.step(steps);
      this.#draw(true);
    });
    return this.day;
  }

  /** Dose–response: the tumour in month 5 for each DFMO dose, with or without AMXT 1501, the rest as set. */
  #sweep(amxtOn, doses) {
    if (this.#crashed) return doses.map(() => NaN);
    try {
      return this.#sweepUnguarded(amxtOn, doses);
    } catch (error) {
      // A trap (a Rust panic) stops the widget; a solver error only this curve.
      if (error instanceof WebAssembly.RuntimeError) this.#crash(error);
      throw error;
    }
  }

  #sweepUnguarded(amxtOn, doses) {
    const scenario = structuredClone(this.#scenario);
    scenario.dfmo = { ...(scenario.dfmo ?? {}), dose_mg: 0 };
    if (amxtOn) scenario.amxt ??= { dose: 1 };
    else scenario.amxt = null;
    return Array.from(this.#ode.dfmo_sweep(scenario, Float64Array.from(doses)));
  }

  /** The whole-tumour trajectory of the current settings as CSV, rows every `dt` days (the CLI's columns and numbers). */
  toCSV(dt = RUN_DT) {
    if (!this.#wasm || !this.#ode) return '';
    const run = this.#ode.run(this.#scenario, Number(dt));
    const csv = run.to_csv();
    run.free();
    return csv;
  }

  /** A picture of the section(s) and the chart as a PNG Blob. */
  toPNG() {
    return new Promise((resolve, reject) => {
      if (!this.#views.length) return reject(new Error('not ready'));
      const scale = 2;
      const views = this.#views;
      const chart = this.#chart.element.querySelector('canvas');
      const width = SIDE * scale * views.length + 16 * (views.length - 1);
      const chartHeight = Math.round((chart.height / chart.width) * width);
      const out = el('canvas', { width, height: SIDE * scale + 16 + chartHeight });
      const ctx = out.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.imageSmoothingEnabled = false;
      views.forEach((v, i) => ctx.drawImage(v.canvas, i * (SIDE * scale + 16), 0, SIDE * scale, SIDE * scale));
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(chart, 0, SIDE * scale + 16, width, chartHeight);
      out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
    });
  }

  /** Settings that differ from their defaults under the chosen preset, as attribute text (tumour, preset, days and seed always). */
  #attributesInUse() {
    const defaults = this.#reader.read((attr) => (attr === 'preset' || attr === 'days' ? this.#v[attr].toString() : null));
    const out = {};
    for (const s of SETTINGS) {
      const text = attrText(this.#v, s.attr);
      if (['tumour', 'preset', 'days', 'seed'].includes(s.attr) || text !== attrText(defaults, s.attr)) out[s.attr] = text;
    }
    if (out.params === '{}') delete out.params;
    out.lang = this.#lang();
    return out;
  }

  /** A link to embed.html (next to this module) carrying every setting. */
  permalink() {
    const url = new URL('./embed.html', import.meta.url);
    for (const [k, v] of Object.entries(this.#attributesInUse())) url.searchParams.set(k, v);
    return url.href;
  }

  /** Copy-ready code for both ways to embed the widget with the current settings: { tag, iframe }. */
  embedCode() {
    const attrs = Object.entries(this.#attributesInUse()).map(([k, v]) => ` ${k}="${attrEscape(v)}"`).join('');
    const script = new URL('./polyamine-sim.js', import.meta.url).href;
    return {
      tag: `<script type="module" src="${attrEscape(script)}"></script>\n<${TAG}${attrs}></${TAG}>`,
      iframe: `<iframe src="${attrEscape(this.permalink())}" title="${attrEscape(this.#t('embed.frameTitle'))}" width="100%" height="1600" loading="lazy"></iframe>`,
    };
  }

  get day() {
    return this.#views.length && !this.#crashed ? this.#views[0].sim.day() : 0;
  }

  #lang() {
    const asked = (this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || 'en').toLowerCase().slice(0, 2);
    return LANGS.includes(asked) ? asked : 'en';
  }

  #warn(name, value, used, valid) {
    console.warn(`<${TAG}>: attribute ${name}="${value}" is not valid (${valid}); using ${used}.`);
  }

  #changed(reason) {
    this.dispatchEvent(new CustomEvent('statechange', { bubbles: true, composed: true, detail: { reason, day: this.day, playing: this.#playing, scenario: this.scenario } }));
  }

  // --- building and drawing ---

  #start(wasm, strings) {
    this.#wasm = wasm;
    this.#strings = strings;
    this.#crashed = false;
    this.#reader = new SettingsReader(wasm.schema, (...a) => this.#warn(...a));
    this.#v = this.#read();
    if (this.#v['amxt-dose'] > 0) this.#lastAmxt = this.#v['amxt-dose'];
    this.#build();
    this.reset('ready');
    if (this.#crashed) return;
    this.#observer = new IntersectionObserver((entries) => {
      this.#inView = entries[entries.length - 1].isIntersecting;
      this.#run();
    });
    this.#observer.observe(this);
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.dispatchEvent(new CustomEvent('ready', { bubbles: true, composed: true }));
    if (this.#v.autoplay && !matchMedia('(prefers-reduced-motion: reduce)').matches) this.play();
  }

  #t(key) {
    return this.#strings?.[key] ?? key;
  }

  /** Until the wasm arrives: the poster (day 0), busy. */
  #showPoster() {
    const img = el('img', { className: 'poster', src: posterURL(), alt: '', width: SIDE, height: SIDE });
    const wrapper = el('div', { className: 'widget' }, [el('div', { className: 'views' }, [el('figure', { className: 'frame' }, [img])])]);
    wrapper.setAttribute('aria-busy', 'true');
    this.#root.replaceChildren(wrapper);
  }

  /** A generated numeric control for a setting, from the schema's range, unit and description. */
  #numberField(attr, id = `set-${attr}`) {
    const s = SETTINGS_BY_ATTR[attr];
    const { min, max } = this.#reader.range(s, this.#v.days);
    const key = s.key ?? attr;
    return numberControl({
      id,
      label: this.#t(`setting.${key}`),
      unit: this.#t(`unit.${key}`),
      help: this.#strings[`help.${key}`],
      min,
      max,
      slider: attr !== 'seed',
      onChange: (value) => this.setAttribute(attr, value),
    });
  }

  #build() {
    const s = this.#strings;
    const t = (k) => this.#t(k);
    const lang = this.#lang();
    const view = (arm) => {
      const canvas = el('canvas', { width: SIDE, height: SIDE, className: 'section' });
      canvas.setAttribute('role', 'img');
      const figure = el('figure', { className: 'frame' }, [el('figcaption', { textContent: t(`compare.${arm}`) }), canvas]);
      return { canvas, ctx: canvas.getContext('2d'), figure };
    };
    const views = [view('treatment'), view('untreated')];
    const viewBox = el('div', { className: 'views' }, views.map((v) => v.figure));

    const preset = selectControl({
      id: 'preset',
      label: t('control.treatment'),
      options: this.#wasm.schema.presets.map((p) => ({ value: p.id, text: s[`preset.${p.id}`] ?? p.title })),
      onChange: (id) => this.#choosePreset(id),
    });
    const play = el('button', { type: 'button' });
    play.addEventListener('click', () => (this.#playing ? this.pause() : this.play()));
    const step = el('button', { type: 'button', textContent: t('control.step') });
    step.addEventListener('click', () => {
      this.pause();
      this.advance(1);
    });
    const reset = el('button', { type: 'button', textContent: t('control.restart') });
    reset.addEventListener('click', () => this.reset('reset'));
    const compare = checkControl({ id: 'compare', label: t('control.compare'), onChange: (on) => this.setAttribute('compare', String(on)) });
    const speed = this.#numberField('speed');

    const dfmoDose = this.#numberField('dfmo-dose-mg', 'dose-dfmo-dose-mg');
    const amxtOn = checkControl({
      id: 'amxt-on',
      label: t('control.amxt'),
      onChange: (on) => this.setAttribute('amxt-dose', on ? String(this.#lastAmxt) : '0'),
    });
    const amxtDose = this.#numberField('amxt-dose', 'dose-amxt-dose');
    for (const c of [dfmoDose, amxtDose]) {
      c.row.classList.add('dose');
      c.number.classList.add('dose-number');
    }
    const doses = el('fieldset', { className: 'doses' }, [el('legend', { textContent: t('control.doses') }), dfmoDose.row, amxtOn.row, amxtDose.row]);

    const numbers = {};
    for (const attr of ['dfmo-interval-h', 'dfmo-start-day', 'dfmo-duration-days', 'amxt-interval-h', 'amxt-start-day', 'amxt-duration-days', 'chemo-dose', 'anti-pd1-dose', 'odc-knockout-day', 'treg-depletion', 'days', 'seed']) {
      numbers[attr] = this.#numberField(attr);
    }
    const coTherapy = selectControl({
      id: 'set-co-therapy',
      label: t('control.coTherapy'),
      help: t('help.coTherapy'),
      options: this.#reader.choices('co-therapy').map((id) => ({ value: id, text: t(`coTherapy.${id}`) })),
      onChange: (id) => this.setAttribute('co-therapy', id),
    });
    const knockout = checkControl({ id: 'set-odc-knockout', label: t('control.odcKnockout'), help: t('help.odcKnockout'), onChange: (on) => this.setAttribute('odc-knockout', String(on)) });
    const tumour = selectControl({
      id: 'set-tumour',
      label: t('control.tumour'),
      options: this.#wasm.schema.tumours.map((tt) => ({ value: tt.id, text: s[`tumour.${tt.id}`] ?? tt.name })),
      onChange: (id) => this.setAttribute('tumour', id),
    });
    const group = (key, rows) => el('fieldset', { className: 'doses' }, [el('legend', { textContent: t(key) }), ...rows]);
    const more = el('details', { className: 'more' }, [
      el('summary', { textContent: t('control.more') }),
      group('control.scheduleDfmo', ['dfmo-interval-h', 'dfmo-start-day', 'dfmo-duration-days'].map((a) => numbers[a].row)),
      group('control.scheduleAmxt', ['amxt-interval-h', 'amxt-start-day', 'amxt-duration-days'].map((a) => numbers[a].row)),
      group('control.otherTreatments', [coTherapy.row, numbers['chemo-dose'].row, numbers['anti-pd1-dose'].row, knockout.row, numbers['odc-knockout-day'].row, numbers['treg-depletion'].row]),
      group('control.tumourAndRun', [tumour.row, numbers.days.row, numbers.seed.row, speed.row]),
    ]);

    const overlay = buildOverlaySelect(s, this.#wasm.schema.lattice.overlays, (id) => this.setAttribute('overlay', id), this.#v.overlay);
    const legend = buildLegend([], s);
    const share = el('button', { type: 'button', textContent: t('control.copyLink') });
    const shareNote = el('output', { className: 'share-note' });
    share.addEventListener('click', () => this.#copyLink(shareNote));
    const embed = buildEmbed(s, () => this.embedCode());
    const csv = el('button', { type: 'button', textContent: t('control.csv') });
    csv.addEventListener('click', () => download(new Blob([this.toCSV()], { type: 'text/csv' }), `polyamine-sim-${this.#v.preset}.csv`));
    const png = el('button', { type: 'button', textContent: t('control.png') });
    png.addEventListener('click', () => this.toPNG().then((blob) => download(blob, `polyamine-sim-${this.#v.preset}-day${Math.floor(this.day)}.png`)));
    this.#chart = new TimeChart(s, lang, 'chart');
    this.#gauge = new EfficacyGauge(s, lang, 'gauge', this.#wasm.schema.readout);
    this.#response = new DoseResponse(s, lang, 'dose-response', (amxt, dosesMg) => this.#sweep(amxt, dosesMg), {
      maxDoseMg: this.#reader.spec('dfmo.dose_mg').max,
    });
    // The result and, beside it, what the science is: always visible, right
    // under the picture (in compare mode each picture's heading has its result).
    const result = el('span', { className: 'result' });
    const science = el('p', { className: 'science' }, [result, el('span', { className: 'status-science', textContent: t('status.science') })]);
    const now = el('p', { className: 'now' });
    const status = el('p', { className: 'status' });
    status.setAttribute('aria-live', 'polite');
    this.#ui = { views, viewBox, result, preset, play, compare, speed, dfmoDose, amxtOn, amxtDose, numbers, coTherapy, knockout, tumour, overlay, legend, status, now };
    this.#root.replaceChildren(el('div', { className: 'widget' }, [
      viewBox,
      science,
      now,
      el('div', { className: 'controls' }, [preset.row, play, step, reset, compare.row]),
      doses,
      more,
      overlay,
      legend,
      status,
      this.#gauge.element,
      this.#chart.element,
      this.#response.element,
      el('div', { className: 'controls share' }, [share, embed.button, csv, png, shareNote]),
      embed.dialog,
      el('p', { className: 'caption', textContent: t('caption.disclaimer') }),
      buildAbout(s, lang, this.#wasm.schema.params),
    ]));
    // Parts the host page may style with ::part() (house colours and fonts).
    const parts = { picture: [viewBox], science: [science], caption: [now], status: [status], controls: [...this.#root.querySelectorAll('.controls, fieldset.doses, details.more')], button: [...this.#root.querySelectorAll('button')] };
    for (const [part, nodes] of Object.entries(parts)) for (const node of nodes) node.part.add(part);
    this.#showSettings();
    this.#showOverlay();
    this.#showPlaying();
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

  /** Show the settings in use in the controls (the values actually used, clamped ones included). */
  #showSettings() {
    const ui = this.#ui;
    const v = this.#v;
    if (!ui.preset) return;
    ui.preset.set(v.preset);
    ui.tumour.set(v.tumour);
    ui.compare.set(v.compare);
    ui.speed.set(v.speed);
    ui.dfmoDose.set(v['dfmo-dose-mg']);
    const amxt = v['amxt-dose'] > 0;
    if (amxt) this.#lastAmxt = v['amxt-dose'];
    ui.amxtOn.set(amxt);
    ui.amxtDose.set(v['amxt-dose']);
    const co = v['co-therapy'];
    ui.coTherapy.set(co);
    ui.knockout.set(v['odc-knockout']);
    const disabled = {
      'dfmo-interval-h': !(v['dfmo-dose-mg'] > 0),
      'dfmo-start-day': !(v['dfmo-dose-mg'] > 0),
      'dfmo-duration-days': !(v['dfmo-dose-mg'] > 0),
      'amxt-interval-h': !amxt,
      'amxt-start-day': !amxt,
      'amxt-duration-days': !amxt,
      'chemo-dose': co !== 'chemo',
      'anti-pd1-dose': co !== 'anti-pd1',
      'odc-knockout-day': !v['odc-knockout'],
    };
    for (const [attr, control] of Object.entries(ui.numbers)) {
      const { min, max } = this.#reader.range(SETTINGS_BY_ATTR[attr], v.days);
      control.set(v[attr], { min, max, disabled: !!disabled[attr] });
    }
  }

  #showPlaying() {
    const ended = this.#views.length && this.day >= this.#v.days;
    this.#ui.play.textContent = this.#t(this.#playing ? 'control.pause' : ended ? 'control.again' : 'control.play');
  }

  #showOverlay() {
    fillLegend(this.#ui.legend, this.#wasm.glue.overlay_legend(this.#v.overlay), this.#strings);
    this.#draw(false);
  }

  #tick = () => {
    this.#frame = 0;
    this.#guard(() => {
      const left = Math.ceil((this.#v.days - this.day) / STEP_DAYS - 1e-9);
      const n = Math.max(0, Math.min(this.#v.speed, left));
      for (const v of this.#views) v.sim.step(n);
      if (this.day >= this.#v.days) {
        this.#draw(true);
        this.pause();
        this.#changed('end');
        return;
      }
      this.#draw(false);
      this.#run();
    });
  };

  /** Render and copy each wasm RGBA buffer to its canvas (zero-copy view, re-made if memory grew). */
  #draw(describeNow) {
    if (!this.#views.length || this.#crashed) return;
    const memory = this.#wasm.exports.memory;
    for (const v of this.#views) {
      v.sim.render(this.#v.overlay);
      if (memory.buffer !== v.buffer) {
        v.buffer = memory.buffer;
        v.image = new ImageData(new Uint8ClampedArray(v.buffer, v.sim.pixels_ptr(), v.sim.pixels_len()), v.sim.side(), v.sim.side());
      }
      v.ctx.putImageData(v.image, 0, 0);
    }
    const day = this.day;
    this.#chart.setDay(day);
    this.#gauge.setDay(day);
    const now = performance.now();
    if (describeNow || now - this.#lastDescribed > DESCRIBE_EVERY_MS) {
      this.#lastDescribed = now;
      this.#describe();
    }
  }

  /** Text alternatives, caption and status line from the state (not every frame). */
  #describe() {
    const lang = this.#lang();
    let caption = '';
    let values = null;
    for (const v of this.#views) {
      const sim = v.sim;
      sim.refresh_census();
      const vals = {
        day: Math.floor(sim.day()).toLocaleString(lang),
        tumour: sim.tumour_sites().toLocaleString(lang),
        effectors: sim.effectors().toLocaleString(lang),
        inside: sim.effectors_in_tumour().toLocaleString(lang),
        polyamine: sim.tumour_polyamine().toLocaleString(lang, { maximumFractionDigits: 2 }),
        treatment: v.arm === 'treatment' ? this.#ui.preset.input.selectedOptions[0]?.textContent ?? '' : this.#t('compare.untreated'),
      };
      v.canvas.setAttribute('aria-label', format(this.#t('alt.section'), vals));
      if (v.arm === 'treatment') {
        values = vals;
        caption = this.#t(captionKey(this.#series, sim.day(), { coreDensity: sim.effector_core_density() }, this.#v.days, this.#outcomes.treatment));
      }
    }
    this.#ui.now.textContent = caption;
    const now = performance.now();
    if (!this.#playing || now - this.#lastAnnounced > ANNOUNCE_EVERY_MS) {
      this.#lastAnnounced = now;
      this.#ui.status.textContent = `${format(this.#t('status.line'), values)} ${caption}`;
    }
    this.#showPlaying();
  }

  /**
   * Run `fn`, which calls into the wasm. A Rust panic surfaces here as an
   * exception: this widget stops and shows an error panel with Reset; the
   * page and the other instances go on.
   */
  #guard(fn) {
    if (this.#crashed) return;
    try {
      fn();
    } catch (error) {
      this.#crash(error);
    }
  }

  #crash(error) {
    this.#crashed = true;
    this.#playing = false;
    this.#run();
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const message = this.#t('error.crash');
    console.error(`<${TAG}>: the simulation stopped:`, error);
    const again = el('button', { type: 'button', textContent: this.#t('control.restart') });
    again.addEventListener('click', () => this.#recover());
    const panel = el('div', { className: 'message' }, [el('p', { textContent: message }), again]);
    panel.setAttribute('role', 'alert');
    this.#root.replaceChildren(el('div', { className: 'widget' }, [panel]));
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }

  /** Reset after a crash: fresh handles (the old ones are dropped, not freed). */
  #recover() {
    this.#views = [];
    this.#ode = null;
    this.#crashed = false;
    this.#observer?.disconnect();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#start(this.#wasm, this.#strings);
  }

  /** The wasm could not load (no WebAssembly, a blocked file): the poster, one sentence and a link. */
  #fail(error) {
    const message = this.#strings?.['error.load'] ?? 'The simulation could not be loaded. Please try reloading the page.';
    console.error(`<${TAG}>: could not load the simulation:`, error);
    const alert = el('p', { textContent: message });
    alert.setAttribute('role', 'alert');
    const link = el('a', { href: aboutPageURL(this.#lang()), textContent: this.#strings?.['error.link'] ?? 'What the simulation shows' });
    const img = el('img', { className: 'poster', src: posterURL(), alt: this.#strings?.['poster.alt'] ?? 'A tumour in a tissue section on day 0, with T cells around it.', width: SIDE, height: SIDE });
    this.#root.replaceChildren(el('div', { className: 'widget' }, [el('div', { className: 'views' }, [el('figure', { className: 'frame' }, [img])]), el('div', { className: 'message' }, [alert, el('p', {}, [link])])]));
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, PolyamineSim);
