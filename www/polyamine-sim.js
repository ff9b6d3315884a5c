// <polyamine-sim>: the embeddable widget. Include this module and place the
// element:
//
//   <script type="module" src="./polyamine-sim.js"></script>
//   <polyamine-sim></polyamine-sim>                      (the guided story)
//   <polyamine-sim layout="figure" preset="dfmo-amxt" compare></polyamine-sim>
//   <polyamine-sim layout="explorer"></polyamine-sim>    (the full tool)
//
// Attributes mirror the scenario JSON (docs/SCENARIOS.md): tumour, preset,
// days, seed, params (JSON), dfmo-dose-mg, dfmo-interval-h, dfmo-start-day,
// dfmo-duration-days, amxt-dose (0: not given), amxt-interval-h,
// amxt-start-day, amxt-duration-days, co-therapy (none | chemo | anti-pd1),
// chemo-dose, chemo-days, anti-pd1-dose, anti-pd1-days, odc-knockout,
// odc-knockout-day, treg-depletion; plus the view settings overlay, speed
// (steps per frame, 1–8), compare (the other arm beside: present = untreated,
// or a preset id), autoplay (default true; never under
// prefers-reduced-motion), layout (story | figure | explorer), step (the
// story's step, 1-based), story-controls (none: the host drives the steps),
// loop (a figure starts again at its end) and lang. The table of them all,
// with their parsing, is www/settings.js; ranges come from the Rust schema.
// docs/EMBEDDING.md lists every one with default and range.
// Methods: play(), pause(), reset(), setScenario(obj), advance(days),
// toCSV(dt), toPNG(), permalink(), embedCode(layout); getters day, scenario;
// property step. Events: `ready`, `statechange` (detail: { reason, day,
// playing, scenario }), `storystep` (detail: { step, steps, id }), `error`
// (detail: { message, error }): all CustomEvents, composed.
//
// This file is the coordinator: attributes, lifecycle, the public methods and
// events, the animation loop, the story's steps, and the wiring of the parts:
//   www/assets.js      loads the wasm, the strings and a layout's modules (once per page), the poster
//   www/sim-runner.js  every call into the wasm, inside the guard
//   www/widget-view.js the DOM every layout shows; www/story.js and
//                      www/explorer.js, the layouts' own (loaded only for them)
//   www/share.js       permalink, Embed code; www/export.js PNG, downloads (loaded when used)
//
// Each layout downloads only what it shows: the story and the figure never
// load the explorer's modules and strings (nor the poster); the explorer's
// load when it opens ("Explore it yourself", or layout="explorer").
// CSP-friendly: no inline styles (constructable stylesheets), no HTML
// parsing, no eval; every URL is relative to the module folder, so it works
// from any host and sub-path.

import { LANGS, loadLayout, loadStrings, loadWasm } from './assets.js';
import { translator } from './dom.js';
import { LAYOUTS, SETTINGS, SETTINGS_BY_ATTR, SettingsReader, TAG, TREATMENT_ATTRS, attrText, scenarioToAttributes, toScenario } from './settings.js';
import { attributesInUse, embedCode, layoutAttributes, permalink } from './share.js';
import { RUN_DT, SimRunner } from './sim-runner.js';
import { WidgetView } from './widget-view.js';

/** The settings a story takes from the host page; every other one comes from its step. */
const STORY_HOST_ATTRS = Object.freeze(['autoplay', 'layout', 'step', 'story-controls']);
/** Seeking a story step's day without drawing: at most this long per task (ms), so the page stays responsive. */
const SEEK_SLICE_MS = 24;

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
  #layout = null; // the layout built: 'story' | 'figure' | 'explorer'
  #story = null; // the story's declaration (www/story-steps.js) in the story layout
  #stepIndex = 0; // the story's step shown (0-based)
  #phase = 0; // the phase of that step shown
  #overrides = null; // the story step's settings ({ attr: text }), read instead of the host's attributes
  #hold = Infinity; // the day the animation stops at (a story step's last day)
  #seekJob = 0; // bumped to cancel a seek in progress
  #module = null; // the layout's module (www/story.js, www/explorer.js; null for the figure)
  #running = null; // what the sections run (#scenarioKey at the last restart)

  constructor() {
    super();
    this.#view = new WidgetView(this.attachShadow({ mode: 'open' }));
  }

  connectedCallback() {
    // A host page may set `step` before this module defines the element (a
    // scrollytelling page's first paragraph is in view at load): that made
    // an own property hiding the setter. Take its value through the setter.
    if (Object.hasOwn(this, 'step')) {
      const n = this.step;
      delete this.step;
      this.step = n;
    }
    const session = ++this.#session;
    // The settings are read a microtask later, so a script that connects the
    // element (or defines it: embed.js imports this module, then sets the
    // URL's settings) and sets attributes in the same task starts it once,
    // with them: never a default layout's module and strings for nothing.
    queueMicrotask(() => {
      if (session !== this.#session) return;
      const layout = this.#layoutAsked();
      const lang = this.#lang();
      if (!this.#wasm) this.#view.showPoster(layout);
      // Strings load on their own, so a failed wasm load is reported in the reader's language.
      const strings = loadStrings(lang, layout).then((s) => (this.#strings = s));
      Promise.all([loadWasm(), strings, loadLayout(layout)]).then(
        ([wasm, s, module]) => {
          if (session !== this.#session) return;
          // A layout or language asked for while these loaded: load its parts instead.
          if (layout !== this.#layoutAsked() || lang !== this.#lang()) this.connectedCallback();
          else this.#start(wasm, s, layout, module);
        },
        (error) => strings.catch(() => null).then(() => session === this.#session && this.#fail(error)),
      );
    });
  }

  disconnectedCallback() {
    this.#session++;
    this.#seekJob++;
    this.pause();
    this.#stopWatching();
    this.#view.dispose();
    this.#runner?.release();
    this.#runner = null;
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

  /** Re-read every setting; change layout, go to another story step, or restart if the simulation changed. */
  #settingsChanged(name) {
    const before = this.#v;
    this.#v = this.#read();
    if (this.#v.layout !== this.#layout) {
      this.#relayout();
      return;
    }
    this.#view.showSettings(this.#v);
    if (this.#story) {
      // The story's scenario comes from its steps: only the step (and its controls) follow the host.
      if (this.#v.step - 1 !== this.#stepIndex) this.#playStep(false, this.#v.step - 1);
      return;
    }
    const setting = SETTINGS_BY_ATTR[name];
    if (!setting || setting.scenario || (name === 'compare' && before.compare !== this.#v.compare)) {
      this.reset('settings');
    } else if (name === 'overlay') {
      this.#showOverlay();
      this.#changed('settings');
    } else {
      this.#changed('settings');
    }
  }

  /** The layout asked for (story unless the attribute names another; the reader warns about a bad one). */
  #layoutAsked() {
    const asked = this.getAttribute('layout')?.trim();
    return LAYOUTS.includes(asked) ? asked : LAYOUTS[0];
  }

  /** Build the widget again in the layout now asked for, keeping the pictures until it is ready (its modules and strings load first). */
  #relayout() {
    this.disconnectedCallback();
    this.connectedCallback();
  }

  #read() {
    const overrides = this.#overrides;
    if (!overrides) return this.#reader.read((attr) => this.getAttribute(attr));
    return this.#reader.read((attr) => (attr in overrides ? overrides[attr] : STORY_HOST_ATTRS.includes(attr) ? this.getAttribute(attr) : null));
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

  /** The story's step shown (1-based); 0 in the other layouts and before the story is ready. */
  get step() {
    return this.#story ? this.#stepIndex + 1 : 0;
  }

  /** Go to a step of the story (1-based): the same as the `step` attribute. */
  set step(n) {
    this.setAttribute('step', String(n));
  }

  /** Run the simulation; it animates only while in view and the tab is visible. A story plays its step again from its start. */
  play() {
    if (!this.#runner?.ready || this.#playing) return;
    if (this.#story && this.day >= this.#hold - 1e-9) {
      this.#playStep(true);
      return;
    }
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
    this.#seekJob++;
    this.#running = this.#scenarioKey();
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

  /** A picture of the section(s), and in the explorer the chart, as a PNG Blob. */
  toPNG() {
    if (!this.#runner?.ready) return Promise.reject(new Error('not ready'));
    const { canvases } = this.#runner;
    return import('./export.js').then(({ picturePNG }) => picturePNG(canvases, this.#view.chartCanvas));
  }

  /** A link to embed.html (next to this module) carrying every setting of this layout. */
  permalink() {
    return permalink(layoutAttributes(this.#attributesInUse(), this.#layout));
  }

  /**
   * Copy-ready code for the ways to embed the widget with the current
   * settings in `layout` (default this widget's): { tag, iframe, pym }.
   */
  embedCode(layout = this.#layout) {
    return embedCode(this.#attributesInUse(), translator(this.#strings)('embed.frameTitle'), layout);
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

  // --- wiring, the story, the animation loop and drawing ---

  #start(wasm, strings, layout, module) {
    this.#wasm = wasm;
    this.#strings = strings;
    this.#layout = layout;
    this.#module = module;
    this.#story = layout === 'story' ? module.STORY : null;
    this.#overrides = null;
    this.#hold = Infinity;
    this.#runner = new SimRunner(wasm, (error) => this.#crash(error));
    this.#reader = new SettingsReader(wasm.schema, (...a) => this.#warn(...a), module?.VIEW_RANGES);
    this.#v = this.#read();
    if (this.#story) this.#setStep(this.#v.step - 1);
    this.#view.build({ layout, module, strings, lang: this.#lang(), schema: wasm.schema, reader: this.#reader, v: this.#v, actions: this.#actions() });
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
    if (this.#story) this.#playStep(false);
    else if (this.#motion()) this.play();
  }

  /** Whether the widget may animate by itself: autoplay, and the reader has not asked for reduced motion. */
  #motion() {
    return this.#v.autoplay && !matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  /** Story step `index` (0-based) and its first phase (its last where the step shows its end state): its settings are read from now on. */
  #setStep(index) {
    const steps = this.#story.steps;
    this.#stepIndex = Math.min(steps.length - 1, Math.max(0, index));
    const step = steps[this.#stepIndex];
    this.#phase = this.#motion() ? 0 : step.phases.length - 1;
    this.#hold = step.to;
    this.#overrides = this.#stepSettings(step, this.#phase);
    this.#v = this.#read();
  }

  /** A story step's settings as attribute text (the treatment fields follow its preset). */
  #stepSettings(step, phase) {
    return { preset: step.preset, compare: step.compare ?? 'false', overlay: step.phases[phase].overlay, speed: String(step.speed) };
  }

  /**
   * Play story step `index` (0-based; default the current one): its
   * scenario, overlay, words and mark. Restart the sections if the step runs
   * another scenario or starts before the day shown (or `again`), seek its
   * first day (its last where it shows its end state) without drawing, then
   * animate up to its last day and hold there.
   */
  #playStep(again, index = this.#stepIndex) {
    this.#setStep(index);
    const step = this.#story.steps[this.#stepIndex];
    const motion = this.#motion();
    this.#view.showSettings(this.#v);
    if (this.#playing) this.pause();
    const start = motion ? step.from : step.to;
    if (again || this.#scenarioKey() !== this.#running || this.day > start + 1e-9) this.reset('step');
    this.#showOverlay();
    this.#view.part.showStep(this.#stepIndex, this.#phase);
    this.dispatchEvent(new CustomEvent('storystep', { bubbles: true, composed: true, detail: { step: this.#stepIndex + 1, steps: this.#story.steps.length, id: step.id } }));
    this.#seek(start, () => motion && this.play());
  }

  /** What the settings make the sections run: the scenario and the other arm. */
  #scenarioKey() {
    return JSON.stringify([toScenario(this.#v), this.#v.compare]);
  }

  /** While a story step plays: its next phase (another overlay and mark) from its day on. */
  #storyPhase(day) {
    const step = this.#story.steps[this.#stepIndex];
    let phase = 0;
    step.phases.forEach((p, i) => day >= p.at - 1e-9 && (phase = i));
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.#overrides = this.#stepSettings(step, phase);
    this.#v = this.#read();
    this.#view.part.showPhase(this.#stepIndex, phase);
    // Called from #draw, which then renders the new overlay: only its legend here.
    this.#view.showOverlay(this.#v.overlay, this.#runner.legend(this.#v.overlay));
  }

  /**
   * Step the sections on to `day` without drawing, a slice of time per task
   * (the page stays responsive; the pictures say they are busy), then draw
   * and call `done`. A newer seek, a reset or removal cancels it.
   */
  #seek(day, done) {
    const job = ++this.#seekJob;
    const runner = this.#runner;
    const slice = () => {
      if (job !== this.#seekJob || !runner?.ready) return;
      const until = performance.now() + SEEK_SLICE_MS;
      let now = runner.day;
      while (now < day - 1e-9 && performance.now() < until && runner.ready) now = runner.step(8, day);
      if (now < day - 1e-9 && runner.ready) {
        this.#view.setBusy(true);
        setTimeout(slice, 0);
        return;
      }
      this.#view.setBusy(false);
      this.#draw(true);
      done?.();
    };
    slice();
  }

  /** Switch to the explorer in place, with the story step's treatment, comparison and overlay. */
  #explore() {
    const v = this.#v;
    const attrs = { layout: 'explorer', step: null, preset: v.preset, compare: v.compare ? attrText(v, 'compare') : null, overlay: v.overlay };
    for (const a of TREATMENT_ATTRS) attrs[a] = null;
    this.#setAttributes(attrs);
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
      embedCode: (layout) => this.embedCode(layout),
      csv: () => import('./export.js').then(({ download }) => download(new Blob([this.toCSV()], { type: 'text/csv' }), `${name()}.csv`)),
      png: () => Promise.all([this.toPNG(), import('./export.js')]).then(([blob, { download }]) => download(blob, `${name()}-day${Math.floor(this.day)}.png`)),
      sweep: (amxtOn, dosesMg) => this.#runner.sweep(this.#scenario, amxtOn, dosesMg),
      goToStep: (n, again) => {
        if (again && n === this.step) this.#playStep(true);
        else this.step = n;
      },
      explore: () => this.#explore(),
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
      const end = Math.min(this.#v.days, this.#hold);
      if (runner.step(this.#v.speed, end) >= end - 1e-9) {
        this.pause();
        this.#draw(true);
        if (end < this.#v.days) return; // a story step holds on its last day
        this.#changed('end');
        if (this.#layout === 'figure' && this.#v.loop) this.play();
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
      if (this.#story) this.#storyPhase(runner.day);
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
    this.#start(this.#wasm, this.#strings, this.#layout, this.#module);
  }

  /** The wasm could not load (no WebAssembly, a blocked file): the poster, one sentence and a link. */
  #fail(error) {
    console.error(`<${TAG}>: could not load the simulation:`, error);
    const message = this.#view.showLoadError(this.#strings, this.#lang());
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, PolyamineSim);
