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
// This file is the coordinator: attributes, lifecycle, the public methods and
// events, the animation loop, and the wiring of the parts:
//   www/assets.js      loads the wasm and the strings (once per page), the poster
//   www/sim-runner.js  every call into the wasm, inside the guard
//   www/widget-view.js the DOM: controls, legends, captions, status, panels
//   www/share.js       permalink, Embed code, PNG, downloads
//
// Poster first: a static picture of day 0 shows at once, before the
// WebAssembly arrives. CSP-friendly: no inline styles (constructable
// stylesheet), no HTML parsing, no eval; every URL is relative to the module
// folder, so it works from any host and sub-path.

import { LANGS, loadStrings, loadWasm } from './assets.js';
import { translator } from './dom.js';
import { SETTINGS, SETTINGS_BY_ATTR, SettingsReader, TAG, TREATMENT_ATTRS, scenarioToAttributes, toScenario } from './settings.js';
import { attributesInUse, download, embedCode, permalink, picturePNG } from './share.js';
import { RUN_DT, SimRunner } from './sim-runner.js';
import { WidgetView } from './widget-view.js';

class PolyamineSim extends HTMLElement {
  static observedAttributes = [...SETTINGS.map((s) => s.attr), 'lang'];

  #view;
  #wasm = null; // { exports, glue, schema }
  #strings = null;
  #reader = null;
  #v = null; // the settings values in use (www/settings.js)
  #runner = null; // this widget's SimRunner: its wasm handles and the guard
  #scenario = null; // the scenario in use (the settings', checked by the engine)
  #frame = 0;
  #playing = false; // the reader's intent (Play/Pause)
  #inView = false; // from the IntersectionObserver
  #observer = null;
  #onVisibility = () => this.#run();
  #session = 0; // bumped on connect/disconnect, so late loads are ignored
  #batch = false; // several attributes change as one (a preset choice, setScenario)

  constructor() {
    super();
    this.#view = new WidgetView(this.attachShadow({ mode: 'open' }));
  }

  connectedCallback() {
    const session = ++this.#session;
    if (!this.#wasm) this.#view.showPoster();
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
    this.#stopWatching();
    this.#view.dispose();
    this.#runner?.release();
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
    this.#view.showSettings(this.#v);
    if (!setting || setting.scenario || (name === 'compare' && before.compare !== this.#v.compare)) {
      this.reset('settings');
    } else if (name === 'overlay') {
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

  /** The section's day (0 before it is ready, when removed and after a crash). */
  get day() {
    return this.#runner?.day ?? 0;
  }

  /** Run the simulation; it animates only while in view and the tab is visible. */
  play() {
    if (!this.#runner?.ready || this.#playing) return;
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
    this.#showPlaying();
    if (was) this.#changed('pause');
  }

  /** Start the section again from day 0 with the current settings. */
  reset(reason = 'reset') {
    const runner = this.#runner;
    if (!runner || !this.#v) return;
    runner.guard(() => {
      const result = runner.restart(toScenario(this.#v), this.#v.compare, this.#view.canvases);
      this.#scenario = result.scenario;
      this.#view.showRun(result, this.#v);
      this.#draw(true);
      this.#changed(reason);
    });
  }

  /**
   * Step on by `days` at once (for figures and tests), at most to the end of
   * the run (a huge or non-numeric `days` cannot queue millions of steps);
   * returns the new day.
   */
  advance(days) {
    const runner = this.#runner;
    if (!runner?.ready) return 0;
    runner.guard(() => {
      runner.step(runner.stepsIn(days), this.#v.days);
      this.#draw(true);
    });
    return this.day;
  }

  /** The whole-tumour trajectory of the current settings as CSV, rows every `dt` days (the CLI's columns and numbers). */
  toCSV(dt = RUN_DT) {
    return this.#runner ? this.#runner.csv(this.#scenario, dt) : '';
  }

  /** A picture of the section(s) and the chart as a PNG Blob. */
  toPNG() {
    if (!this.#runner?.ready) return Promise.reject(new Error('not ready'));
    return picturePNG(this.#runner.canvases, this.#view.chartCanvas);
  }

  /** A link to embed.html (next to this module) carrying every setting. */
  permalink() {
    return permalink(this.#attributesInUse());
  }

  /** Copy-ready code for both ways to embed the widget with the current settings: { tag, iframe }. */
  embedCode() {
    return embedCode(this.#attributesInUse(), translator(this.#strings)('embed.frameTitle'));
  }

  #attributesInUse() {
    return attributesInUse(this.#reader, this.#v, this.#lang());
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

  // --- wiring, the animation loop and drawing ---

  #start(wasm, strings) {
    this.#wasm = wasm;
    this.#strings = strings;
    this.#runner = new SimRunner(wasm, (error) => this.#crash(error));
    this.#reader = new SettingsReader(wasm.schema, (...a) => this.#warn(...a));
    this.#v = this.#read();
    this.#view.build({ strings, lang: this.#lang(), schema: wasm.schema, reader: this.#reader, v: this.#v, actions: this.#actions() });
    this.#showOverlay();
    this.#showPlaying();
    this.reset('ready');
    if (this.#runner.crashed) return;
    this.#observer = new IntersectionObserver((entries) => {
      this.#inView = entries[entries.length - 1].isIntersecting;
      this.#run();
    });
    this.#observer.observe(this);
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.dispatchEvent(new CustomEvent('ready', { bubbles: true, composed: true }));
    if (this.#v.autoplay && !matchMedia('(prefers-reduced-motion: reduce)').matches) this.play();
  }

  /** What the view's controls do. */
  #actions() {
    const name = () => `polyamine-sim-${this.#v.preset}`;
    return {
      set: (attr, value) => this.setAttribute(attr, value),
      choosePreset: (id) => this.#choosePreset(id),
      togglePlay: () => (this.#playing ? this.pause() : this.play()),
      step: () => {
        this.pause();
        this.advance(1);
      },
      reset: () => this.reset('reset'),
      permalink: () => this.permalink(),
      embedCode: () => this.embedCode(),
      csv: () => download(new Blob([this.toCSV()], { type: 'text/csv' }), `${name()}.csv`),
      png: () => this.toPNG().then((blob) => download(blob, `${name()}-day${Math.floor(this.day)}.png`)),
      sweep: (amxtOn, dosesMg) => this.#runner.sweep(this.#scenario, amxtOn, dosesMg),
    };
  }

  #stopWatching() {
    this.#observer?.disconnect();
    this.#observer = null;
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  #showPlaying() {
    this.#view.showPlaying(this.#playing, !!this.#runner?.ready && this.day >= this.#v.days);
  }

  #showOverlay() {
    this.#view.showOverlay(this.#v.overlay, this.#runner.legend(this.#v.overlay));
    this.#draw(false);
  }

  /** Start or stop the animation loop: playing, in view and the tab visible. */
  #run() {
    const go = this.#playing && this.#inView && document.visibilityState !== 'hidden' && !!this.#runner?.ready;
    if (go && !this.#frame) {
      this.#frame = requestAnimationFrame(this.#tick);
    } else if (!go && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
  }

  #tick = () => {
    this.#frame = 0;
    const runner = this.#runner;
    runner.guard(() => {
      if (runner.step(this.#v.speed, this.#v.days) >= this.#v.days) {
        this.#draw(true);
        this.pause();
        this.#changed('end');
        return;
      }
      this.#draw(false);
      this.#run();
    });
  };

  /** Draw the sections, move the chart's and gauge's day, and now and then (or `describeNow`) the text alternatives. */
  #draw(describeNow) {
    const runner = this.#runner;
    if (!runner?.ready) return;
    runner.guard(() => {
      runner.render(this.#v.overlay);
      this.#view.setDay(runner.day);
      if (this.#view.describeDue(describeNow)) {
        this.#view.describe(runner.census(), this.#v.days, this.#playing);
        this.#showPlaying();
      }
    });
  }

  /** The runner stopped (a Rust panic): only this widget stops, and shows the error panel with Reset. */
  #crash(error) {
    this.#playing = false;
    this.#run();
    console.error(`<${TAG}>: the simulation stopped:`, error);
    const message = this.#view.showCrash(() => this.#recover());
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }

  /** Reset after a crash: a new runner, fresh handles (the old ones are dropped, not freed). */
  #recover() {
    this.#stopWatching();
    this.#start(this.#wasm, this.#strings);
  }

  /** The wasm could not load (no WebAssembly, a blocked file): the poster, one sentence and a link. */
  #fail(error) {
    console.error(`<${TAG}>: could not load the simulation:`, error);
    const message = this.#view.showLoadError(this.#strings, this.#lang());
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, PolyamineSim);
