// The view of <polyamine-sim>: the DOM of one widget in its shadow root. This
// file holds what every layout shows: the pictures (a canvas per arm) with
// their headings and a layer for the story's highlight marks, the outcome and
// the status of the science, the caption of what is happening, the live
// status line; the figure layout's play toggle; the poster (or, for the light
// layouts, an empty placeholder) shown before the wasm arrives, the panel
// shown when it cannot load, and the error panel after a crash. The ::part
// names are given here.
//
// The story (www/story.js) and the explorer (www/explorer.js, the full tool:
// controls, legend, gauge, chart, dose–response curve, share row, Embed
// dialog, "What is modelled") are layout parts, loaded only when shown: the
// view builds the common nodes and the part arranges them with its own.
//
// It calls nothing in the wasm: the element hands it the runner's results
// (trajectory, outcomes, census, legend entries) and the settings values,
// and the view calls the element's `actions` when the reader does something.
// Text only through textContent; styles only through constructable
// stylesheets and CSSOM custom properties (a strict CSP allows both).

import { aboutPageURL, posterURL } from './assets.js';
import { CAPTION_COLUMNS, captionKey } from './captions.js';
import { el, format, translator } from './dom.js';
import { ARMS } from './sim-runner.js';

/** How often the canvas's text alternative and the caption follow the state while playing (ms). */
const DESCRIBE_EVERY_MS = 2000;
/** The polite live region speaks at most this often while playing (ms). */
const ANNOUNCE_EVERY_MS = 4000;

// The wrapper .widget resets every property: nothing inherited from the host
// page leaks in (fonts, sizes, colours, line heights, text transforms: page
// rules on the element itself outrank :host, so the reset sits on the
// wrapper); house styles come through the custom properties. A figure is at
// most 520 px tall at 360 px wide. (No comments inside the CSS: the strings
// are shipped as written.)
const STYLE = `
:host { display: block; max-width: 100%; touch-action: pan-y; }
.widget {
  all: initial;
  display: block;
  container-type: inline-size;
  font: var(--polyamine-sim-font-size, 16px) / 1.5 var(--polyamine-sim-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--polyamine-sim-color, #1f2328);
  background: var(--polyamine-sim-background, #fff);
}
*, *::before, *::after { box-sizing: border-box; }
:host([hidden]), [hidden] { display: none !important; }
.views { display: flex; flex-wrap: wrap; gap: 0.75em; }
.frame { margin: 0; flex: 1 1 16rem; min-width: 0; max-width: 40rem; display: flex; flex-direction: column; }
.frame figcaption { font-weight: 600; margin-bottom: 0.2em; flex: 1 0 auto; }
.views:not(.compare) figcaption, .science.compare .result { display: none; }
.picture { position: relative; flex: none; }
canvas.section, img.poster, .placeholder {
  display: block; width: 100%; height: auto; aspect-ratio: 1;
  image-rendering: pixelated; background: #eeeae3; border-radius: 4px;
}
.views.busy canvas.section { opacity: 0.8; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em 0.75em; margin-top: 0.5em; }
button { font: inherit; padding: 0.2em 0.8em; }
.status { margin: 0.5em 0 0; font-variant-numeric: tabular-nums; }
.science { margin: 0.4em 0 0; font-size: 0.9em; line-height: 1.4; color: var(--polyamine-sim-muted, #57606a); }
.science .result { font-weight: 600; color: var(--polyamine-sim-color, #1f2328); }
.now { margin: 0.5em 0 0; font-weight: 600; min-height: 1.5em; }
.caption { margin: 0.5em 0 0; font-size: 0.9em; line-height: 1.4; }
.message { margin: 0; padding: 1em; border: 1px solid currentColor; border-radius: 4px; }
.message p { margin: 0 0 0.5em; }
:focus-visible { outline: 2px solid var(--polyamine-sim-accent, #0072b2); outline-offset: 2px; }
.figure .frame { max-width: 30rem; }
.figure .views:not(.compare) .frame { max-width: min(30rem, 8rem + 50cqi); }
.figure .views.compare .frame { flex-basis: 9rem; }
.figure .views.compare figcaption { font-size: 0.85em; line-height: 1.3; }
.figure .science, .figure .status { font-size: 0.8em; line-height: 1.35; }
.figure .now { font-size: 0.9em; line-height: 1.35; margin-top: 0.35em; min-height: 0; }
.figure .controls { flex-wrap: nowrap; align-items: flex-start; margin-top: 0.35em; }
.figure .controls .status { margin: 0; flex: 1 1 auto; min-width: 0; }
.figure .controls button { flex: none; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }`;

const sheets = new Map();
/** A stylesheet shared by every instance, made once from `css` (the base, or a layout part's). */
function styleSheet(css) {
  if (!sheets.has(css)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  return sheets.get(css);
}
/**
 * Constructable stylesheets arrived in Safari 16.4 (2023): before it, the
 * widget would be a blank box. There the stylesheet goes into the shadow
 * root as a <style> element instead (a page whose CSP refuses inline styles
 * refuses it too: the widget then runs unstyled; tests/cross, "degrades").
 */
const CONSTRUCTABLE = 'adoptedStyleSheets' in ShadowRoot.prototype && typeof CSSStyleSheet.prototype.replaceSync === 'function';

/** The poster: the day-0 picture, sized by the image itself and the stylesheet (aspect ratio 1). */
const poster = (alt) => el('img', { className: 'poster', src: posterURL(), alt });
/** The pictures' place holding the poster (or, where `empty`, a plain square: the light layouts do not download it). */
const posterViews = (alt, empty = false) => el('div', { className: 'views' }, [el('figure', { className: 'frame' }, [empty ? el('div', { className: 'placeholder' }) : poster(alt)])]);

export class WidgetView {
  #root;
  #style = null; // the fallback <style> without constructable stylesheets
  #strings = null;
  #t = translator(null);
  #lang = 'en';
  #layout = 'explorer';
  #part = null; // the layout part (www/story.js, www/explorer.js), or null for the figure
  #ui = {};
  #v = null;
  #series = null; // columns of the whole-tumour run the captions read
  #outcomes = {}; // arm → 'control' | 'escape', from the model's readout
  #lastDescribed = 0;
  #lastAnnounced = -Infinity;

  /** @param {ShadowRoot} root */
  constructor(root) {
    this.#root = root;
    this.#useStyles(STYLE);
  }

  /** The stylesheets of the view (the base, and the layout part's): adopted, or one fallback <style>. */
  #useStyles(...css) {
    if (CONSTRUCTABLE) this.#root.adoptedStyleSheets = css.map((c) => styleSheet(c));
    else this.#style = el('style', { textContent: css.join('\n') });
  }

  /** Show `nodes` as the shadow root's content (after the fallback <style>, where there is one). */
  #show(...nodes) {
    this.#root.replaceChildren(...(this.#style ? [this.#style] : []), ...nodes);
  }

  /** Until the wasm arrives: the poster (day 0), busy. The story and the figure show an empty square instead (they do not download the poster). */
  showPoster(layout = 'explorer') {
    const wrapper = el('div', { className: 'widget' }, [posterViews('', layout !== 'explorer')]);
    wrapper.setAttribute('aria-busy', 'true');
    this.#show(wrapper);
  }

  /** The wasm could not load (no WebAssembly, a blocked file): the poster, one sentence and a link. Returns the sentence. */
  showLoadError(strings, lang) {
    const message = strings?.['error.load'] ?? 'The simulation could not be loaded. Please try reloading the page.';
    const alert = el('p', { textContent: message });
    alert.setAttribute('role', 'alert');
    const link = el('a', { href: aboutPageURL(lang), textContent: strings?.['error.link'] ?? 'What the simulation shows' });
    const alt = strings?.['poster.alt'] ?? 'A tumour in a tissue section on day 0, with T cells around it.';
    this.#show(el('div', { className: 'widget' }, [posterViews(alt), el('div', { className: 'message' }, [alert, el('p', {}, [link])])]));
    return message;
  }

  /** The simulation stopped (a Rust panic): the error panel with Reset, which calls `onReset`. Returns the panel's sentence. */
  showCrash(onReset) {
    const message = this.#t('error.crash');
    const again = el('button', { type: 'button', textContent: this.#t('control.restart') });
    again.addEventListener('click', onReset);
    const panel = el('div', { className: 'message' }, [el('p', { textContent: message }), again]);
    panel.setAttribute('role', 'alert');
    this.#show(el('div', { className: 'widget' }, [panel]));
    return message;
  }

  /** The canvases of the arms' pictures, in the order of ARMS (the runner draws into them). */
  get canvases() {
    return this.#ui.views.map((v) => v.canvas);
  }

  /** The arms' picture boxes, in the order of ARMS (the story draws its marks into them). */
  get pictures() {
    return this.#ui.views.map((v) => v.picture);
  }

  /** The layout part (the story or the explorer), or null. */
  get part() {
    return this.#part;
  }

  /** The chart's canvas (for the PNG), in the explorer; else null. */
  get chartCanvas() {
    return this.#part?.chartCanvas ?? null;
  }

  /** The name of a treatment preset, as the reader sees it. */
  presetName(id) {
    return this.#strings?.[`preset.${id}`] ?? id;
  }

  /** Stop pending work (the element is going away). */
  dispose() {
    this.#part?.dispose?.();
  }

  /**
   * Build the widget. `layout`: 'story' | 'figure' | 'explorer'; `module`:
   * the layout's module (www/story.js or www/explorer.js; null for the
   * figure); `schema`: the wasm's; `reader`: the SettingsReader; `v`: the
   * settings values; `actions`: what the controls do ({ set(attr, text),
   * togglePlay(), … }: www/polyamine-sim.js #actions).
   */
  build({ layout, module, strings, lang, schema, reader, v, actions }) {
    this.#strings = strings;
    this.#t = translator(strings);
    this.#lang = lang;
    this.#layout = layout;
    this.#v = v;
    const t = this.#t;
    const view = () => {
      const canvas = el('canvas', { className: 'section' });
      canvas.setAttribute('role', 'img');
      const picture = el('div', { className: 'picture' }, [canvas]);
      const figure = el('figure', { className: 'frame' }, [el('figcaption'), picture]);
      return { canvas, picture, figure };
    };
    const views = ARMS.map(view);
    const viewBox = el('div', { className: 'views' }, views.map((x) => x.figure));
    // The result and, beside it, what the science is: always visible, right
    // under the picture (in compare mode each picture's heading has its result).
    const result = el('span', { className: 'result' });
    const scienceText = el('span', { className: 'status-science' });
    const science = el('p', { className: 'science' }, [result, scienceText]);
    const now = el('p', { className: 'now' });
    const status = el('p', { className: 'status' });
    // The explorer's status line speaks (with the caption); the figure's caption line
    // speaks when it changes; the story announces its steps instead.
    if (layout === 'explorer') status.setAttribute('aria-live', 'polite');
    if (layout === 'figure') now.setAttribute('aria-live', 'polite');
    this.#ui = { views, viewBox, result, science, scienceText, now, status };
    const common = { viewBox, science, now, status };

    this.#part?.dispose?.();
    this.#part = null;
    let children;
    if (module) {
      const Part = layout === 'story' ? module.StoryView : module.ExplorerView;
      this.#part = new Part({ view: this, strings, lang, schema, reader, v, actions });
      this.#useStyles(STYLE, module.CSS);
      children = this.#part.arrange(common);
    } else {
      this.#useStyles(STYLE);
      const play = el('button', { type: 'button' });
      play.addEventListener('click', actions.togglePlay);
      this.#ui.play = play;
      children = [viewBox, now, el('div', { className: 'controls' }, [play, status]), science];
    }
    this.#show(el('div', { className: `widget ${layout}` }, children));
    // Parts the host page may style with ::part() (house colours and fonts).
    const parts = { picture: [viewBox], science: [science], caption: [now], status: [status], controls: [...this.#root.querySelectorAll('.controls, fieldset.doses, details.more')], button: [...this.#root.querySelectorAll('button')] };
    for (const [part, nodes] of Object.entries(parts)) for (const node of nodes) node.part.add(part);
    this.showSettings(v);
  }

  /** Show the settings in use in the controls (the values actually used, clamped ones included). */
  showSettings(v) {
    this.#v = v;
    this.#part?.showSettings?.(v);
  }

  /** The Play button's label: Pause while playing, Again at the end of the run, else Play. */
  showPlaying(playing, ended) {
    const label = this.#t(playing ? 'control.pause' : ended ? 'control.again' : 'control.play');
    if (this.#ui.play) this.#ui.play.textContent = label;
    this.#part?.showPlaying?.(label);
  }

  /** The overlay chosen, and its legend (`entries` from Rust's `overlay_legend`). */
  showOverlay(overlay, entries) {
    this.#ui.viewBox.dataset.overlay = overlay;
    this.#part?.showOverlay?.(overlay, entries);
  }

  /** While the element steps on without drawing (the story seeking a step's day): the pictures are busy. */
  setBusy(busy) {
    this.#ui.viewBox?.classList.toggle('busy', busy);
    this.#ui.viewBox?.setAttribute('aria-busy', String(busy));
  }

  /** The label of an arm's picture: the treatment (by name, or "Chosen treatment" in the explorer) and the arm it is compared with. */
  #armLabel(arm, v) {
    const t = this.#t;
    if (arm === 'treatment') return this.#layout === 'explorer' ? t('compare.treatment') : this.presetName(v.preset);
    return v.compare === 'untreated' ? t('compare.untreated') : this.presetName(v.compare);
  }

  /**
   * A new whole-tumour run (from the runner's restart): the captions'
   * columns, each arm's outcome in its heading and beside the science line,
   * the compare layout; the part's chart, gauge and dose–response curve.
   */
  showRun(run, v) {
    const { scenario, trajectory, outcomes } = run;
    const ui = this.#ui;
    this.#v = v;
    this.#series = Object.fromEntries(CAPTION_COLUMNS.map((c) => [c, trajectory.column(c)]));
    this.#outcomes = outcomes;
    const compare = !!v.compare;
    ui.viewBox.classList.toggle('compare', compare);
    ui.science.classList.toggle('compare', compare);
    ui.views[1].figure.hidden = !compare;
    const t = this.#t;
    ui.result.textContent = `${format(t('outcome.sentence'), { outcome: t(`outcome.${outcomes.treatment}`) })} `;
    // The light layouts name the early safety trial only where AMXT 1501 is in the picture.
    const amxt = this.#layout === 'explorer' || !!scenario.amxt || (compare && /amxt/.test(v.compare));
    ui.scienceText.textContent = t(amxt ? 'status.science' : 'status.teaching');
    ARMS.forEach((arm, i) => {
      if (!outcomes[arm]) return;
      ui.views[i].figure.querySelector('figcaption').textContent = format(t('compare.heading'), { arm: this.#armLabel(arm, v), outcome: t(`outcome.${outcomes[arm]}`) });
    });
    this.#part?.showRun?.(run, v, this.#series);
  }

  /** The section's day (every frame): the part's chart and gauge. */
  setDay(day) {
    this.#part?.setDay?.(day);
  }

  /** Whether the text alternatives are due: `now`, or not for DESCRIBE_EVERY_MS. */
  describeDue(now) {
    const time = performance.now();
    if (!now && time - this.#lastDescribed <= DESCRIBE_EVERY_MS) return false;
    this.#lastDescribed = time;
    return true;
  }

  /**
   * Text alternatives, caption and status line from each section's census
   * (the runner's, in the order of ARMS). The status, a polite live region
   * (not in the story, which announces its steps), speaks at most every
   * ANNOUNCE_EVERY_MS while playing.
   */
  describe(census, days, playing) {
    const t = this.#t;
    const lang = this.#lang;
    let caption = '';
    let values = null;
    census.forEach((c, i) => {
      const vals = {
        day: Math.floor(c.day).toLocaleString(lang),
        tumour: c.tumour.toLocaleString(lang),
        effectors: c.effectors.toLocaleString(lang),
        inside: c.inside.toLocaleString(lang),
        polyamine: c.polyamine.toLocaleString(lang, { maximumFractionDigits: 2 }),
        treatment: this.#armLabelForAlt(c.arm),
      };
      this.#ui.views[i].canvas.setAttribute('aria-label', format(t('alt.section'), vals));
      if (c.arm === 'treatment') {
        values = vals;
        caption = t(captionKey(this.#series, c.day, { coreDensity: c.coreDensity }, days, this.#outcomes.treatment));
      }
    });
    if (!values) return;
    this.#ui.now.textContent = caption;
    // The explorer's live status speaks at most every ANNOUNCE_EVERY_MS while playing; the
    // others' status lines are not live regions and follow every description.
    const now = performance.now();
    if (this.#layout !== 'explorer') this.#ui.status.textContent = format(t('status.line'), values);
    else if (!playing || now - this.#lastAnnounced > ANNOUNCE_EVERY_MS) {
      this.#lastAnnounced = now;
      this.#ui.status.textContent = `${format(t('status.line'), values)} ${caption}`;
    }
  }

  /** The treatment named in a picture's text alternative (by name in every layout). */
  #armLabelForAlt(arm) {
    return arm === 'treatment' ? this.presetName(this.#v.preset) : this.#armLabel(arm, this.#v);
  }
}
