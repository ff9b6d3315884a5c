// The view of <polyamine-sim>: the DOM of one widget in its shadow root,
// built from the settings table (www/settings.js) and the Rust schema: the
// pictures (a canvas per arm) with their headings, the outcome and the status
// of the science, the caption of what is happening, the controls (treatment,
// play, doses, the "more settings" groups, overlay and legend), the live
// status line, the gauge, the chart, the dose–response curve, the share row
// with the Embed dialog, and the "What is modelled" panel; also the poster
// shown before the wasm arrives, the panel shown when it cannot load, and
// the error panel after a crash. The ::part names are given here.
//
// It calls nothing in the wasm: the element hands it the runner's results
// (trajectory, outcomes, census, legend entries) and the settings values,
// and the view calls the element's `actions` when the reader does something.
// Text only through textContent; styles only through one constructable
// stylesheet and CSSOM custom properties (a strict CSP allows both).

import { ABOUT_CSS, buildAbout } from './about.js';
import { aboutPageURL, posterURL } from './assets.js';
import { CAPTION_COLUMNS, captionKey } from './captions.js';
import { CHART_CSS, TimeChart } from './chart.js';
import { CONTROLS_CSS, checkControl, numberControl, selectControl } from './controls.js';
import { el, format, translator } from './dom.js';
import { DOSE_RESPONSE_CSS, DoseResponse } from './dose-response.js';
import { EMBED_DIALOG_CSS, buildEmbed } from './embed-dialog.js';
import { EfficacyGauge, GAUGE_CSS } from './gauge.js';
import { LATTICE_VIEW_CSS, buildLegend, buildOverlaySelect, fillLegend, setOverlay } from './lattice-view.js';
import { SETTINGS_BY_ATTR } from './settings.js';
import { ARMS } from './sim-runner.js';
import { copyText } from './share.js';

/** How often the canvas's text alternative and the caption follow the state while playing (ms). */
const DESCRIBE_EVERY_MS = 2000;
/** The polite live region speaks at most this often while playing (ms). */
const ANNOUNCE_EVERY_MS = 4000;
/** Numeric settings in the "more settings" groups (the doses have their own fieldset). */
const MORE_NUMBERS = ['dfmo-interval-h', 'dfmo-start-day', 'dfmo-duration-days', 'amxt-interval-h', 'amxt-start-day', 'amxt-duration-days', 'chemo-dose', 'anti-pd1-dose', 'odc-knockout-day', 'treg-depletion', 'days', 'seed'];

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
 * Constructable stylesheets arrived in Safari 16.4 (2023): before it, the
 * widget would be a blank box. There the stylesheet goes into the shadow
 * root as a <style> element instead (a page whose CSP refuses inline styles
 * refuses it too: the widget then runs unstyled; tests/cross, "degrades").
 */
const CONSTRUCTABLE = 'adoptedStyleSheets' in ShadowRoot.prototype && typeof CSSStyleSheet.prototype.replaceSync === 'function';

/** The poster: the day-0 picture, sized by the image itself and the stylesheet (aspect ratio 1). */
const poster = (alt) => el('img', { className: 'poster', src: posterURL(), alt });
/** The pictures' place holding the poster. */
const posterViews = (alt) => el('div', { className: 'views' }, [el('figure', { className: 'frame' }, [poster(alt)])]);

export class WidgetView {
  #root;
  #style = null; // the fallback <style> without constructable stylesheets
  #strings = null;
  #t = translator(null);
  #lang = 'en';
  #reader = null;
  #ui = {};
  #chart = null;
  #gauge = null;
  #response = null;
  #series = null; // columns of the whole-tumour run the captions read
  #outcomes = {}; // arm → 'control' | 'escape', from the model's readout
  #lastAmxt = null; // the AMXT 1501 dose the checkbox restores
  #lastDescribed = 0;
  #lastAnnounced = -Infinity;

  /** @param {ShadowRoot} root */
  constructor(root) {
    this.#root = root;
    if (CONSTRUCTABLE) root.adoptedStyleSheets = [styleSheet()];
    else this.#style = el('style', { textContent: STYLE });
  }

  /** Show `nodes` as the shadow root's content (after the fallback <style>, where there is one). */
  #show(...nodes) {
    this.#root.replaceChildren(...(this.#style ? [this.#style] : []), ...nodes);
  }

  /** Until the wasm arrives: the poster (day 0), busy. */
  showPoster() {
    const wrapper = el('div', { className: 'widget' }, [posterViews('')]);
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

  /** The chart's canvas (for the PNG). */
  get chartCanvas() {
    return this.#chart.element.querySelector('canvas');
  }

  /** The treatment's name as the preset control shows it. */
  get treatmentName() {
    return this.#ui.preset?.input.selectedOptions[0]?.textContent ?? '';
  }

  /** Stop pending work (the element is going away). */
  dispose() {
    this.#response?.dispose();
  }

  /** A generated numeric control for a setting, from the schema's range, unit and description. */
  #numberField(attr, v, onChange, id = `set-${attr}`) {
    const s = SETTINGS_BY_ATTR[attr];
    const { min, max } = this.#reader.range(s, v.days);
    const key = s.key ?? attr;
    return numberControl({
      id,
      label: this.#t(`setting.${key}`),
      unit: this.#t(`unit.${key}`),
      help: this.#strings[`help.${key}`],
      min,
      max,
      slider: attr !== 'seed',
      onChange: (value) => onChange(attr, value),
    });
  }

  /**
   * Build the widget. `schema`: the wasm's; `reader`: the SettingsReader;
   * `v`: the settings values; `actions`: { set(attr, text), choosePreset(id),
   * togglePlay(), step(), reset(), permalink(), csv(), png(), embedCode(),
   * sweep(amxtOn, dosesMg) }.
   */
  build({ strings, lang, schema, reader, v, actions }) {
    this.#strings = strings;
    this.#t = translator(strings);
    this.#lang = lang;
    this.#reader = reader;
    this.#lastAmxt ??= reader.spec('amxt.dose').default; // kept across rebuilds (a language change)
    const t = this.#t;
    const set = actions.set;
    const view = (arm) => {
      const canvas = el('canvas', { className: 'section' });
      canvas.setAttribute('role', 'img');
      const figure = el('figure', { className: 'frame' }, [el('figcaption', { textContent: t(`compare.${arm}`) }), canvas]);
      return { canvas, figure };
    };
    const views = ARMS.map(view);
    const viewBox = el('div', { className: 'views' }, views.map((v) => v.figure));

    const preset = selectControl({
      id: 'preset',
      label: t('control.treatment'),
      options: schema.presets.map((p) => ({ value: p.id, text: strings[`preset.${p.id}`] ?? p.title })),
      onChange: actions.choosePreset,
    });
    const play = el('button', { type: 'button' });
    play.addEventListener('click', actions.togglePlay);
    const step = el('button', { type: 'button', textContent: t('control.step') });
    step.addEventListener('click', actions.step);
    const reset = el('button', { type: 'button', textContent: t('control.restart') });
    reset.addEventListener('click', actions.reset);
    const compare = checkControl({ id: 'compare', label: t('control.compare'), onChange: (on) => set('compare', String(on)) });
    const speed = this.#numberField('speed', v, set);

    const dfmoDose = this.#numberField('dfmo-dose-mg', v, set, 'dose-dfmo-dose-mg');
    const amxtOn = checkControl({
      id: 'amxt-on',
      label: t('control.amxt'),
      onChange: (on) => set('amxt-dose', on ? String(this.#lastAmxt) : '0'),
    });
    const amxtDose = this.#numberField('amxt-dose', v, set, 'dose-amxt-dose');
    for (const c of [dfmoDose, amxtDose]) {
      c.row.classList.add('dose');
      c.number.classList.add('dose-number');
    }
    const doses = el('fieldset', { className: 'doses' }, [el('legend', { textContent: t('control.doses') }), dfmoDose.row, amxtOn.row, amxtDose.row]);

    const numbers = Object.fromEntries(MORE_NUMBERS.map((attr) => [attr, this.#numberField(attr, v, set)]));
    const coTherapy = selectControl({
      id: 'set-co-therapy',
      label: t('control.coTherapy'),
      help: t('help.coTherapy'),
      options: reader.choices('co-therapy').map((id) => ({ value: id, text: t(`coTherapy.${id}`) })),
      onChange: (id) => set('co-therapy', id),
    });
    const knockout = checkControl({ id: 'set-odc-knockout', label: t('control.odcKnockout'), help: t('help.odcKnockout'), onChange: (on) => set('odc-knockout', String(on)) });
    const tumour = selectControl({
      id: 'set-tumour',
      label: t('control.tumour'),
      options: schema.tumours.map((tt) => ({ value: tt.id, text: strings[`tumour.${tt.id}`] ?? tt.name })),
      onChange: (id) => set('tumour', id),
    });
    const group = (key, rows) => el('fieldset', { className: 'doses' }, [el('legend', { textContent: t(key) }), ...rows]);
    const more = el('details', { className: 'more' }, [
      el('summary', { textContent: t('control.more') }),
      group('control.scheduleDfmo', ['dfmo-interval-h', 'dfmo-start-day', 'dfmo-duration-days'].map((a) => numbers[a].row)),
      group('control.scheduleAmxt', ['amxt-interval-h', 'amxt-start-day', 'amxt-duration-days'].map((a) => numbers[a].row)),
      group('control.otherTreatments', [coTherapy.row, numbers['chemo-dose'].row, numbers['anti-pd1-dose'].row, knockout.row, numbers['odc-knockout-day'].row, numbers['treg-depletion'].row]),
      group('control.tumourAndRun', [tumour.row, numbers.days.row, numbers.seed.row, speed.row]),
    ]);

    const overlay = buildOverlaySelect(strings, schema.lattice.overlays, (id) => set('overlay', id), v.overlay);
    const legend = buildLegend([], strings);
    const share = el('button', { type: 'button', textContent: t('control.copyLink') });
    const shareNote = el('output', { className: 'share-note' });
    share.addEventListener('click', async () => {
      // Where the clipboard is refused, show the link to copy by hand.
      const link = actions.permalink();
      shareNote.textContent = (await copyText(link)) ? t('control.copied') : link;
    });
    const embed = buildEmbed(strings, actions.embedCode);
    const csv = el('button', { type: 'button', textContent: t('control.csv') });
    csv.addEventListener('click', actions.csv);
    const png = el('button', { type: 'button', textContent: t('control.png') });
    png.addEventListener('click', actions.png);
    this.#chart = new TimeChart(strings, lang, 'chart');
    this.#gauge = new EfficacyGauge(strings, lang, 'gauge', schema.readout);
    this.#response = new DoseResponse(strings, lang, 'dose-response', actions.sweep, { maxDoseMg: reader.spec('dfmo.dose_mg').max });
    // The result and, beside it, what the science is: always visible, right
    // under the picture (in compare mode each picture's heading has its result).
    const result = el('span', { className: 'result' });
    const science = el('p', { className: 'science' }, [result, el('span', { className: 'status-science', textContent: t('status.science') })]);
    const now = el('p', { className: 'now' });
    const status = el('p', { className: 'status' });
    status.setAttribute('aria-live', 'polite');
    this.#ui = { views, viewBox, result, preset, play, compare, speed, dfmoDose, amxtOn, amxtDose, numbers, coTherapy, knockout, tumour, overlay, legend, status, now };
    this.#show(el('div', { className: 'widget' }, [
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
      buildAbout(strings, lang, schema.params),
    ]));
    // Parts the host page may style with ::part() (house colours and fonts).
    const parts = { picture: [viewBox], science: [science], caption: [now], status: [status], controls: [...this.#root.querySelectorAll('.controls, fieldset.doses, details.more')], button: [...this.#root.querySelectorAll('button')] };
    for (const [part, nodes] of Object.entries(parts)) for (const node of nodes) node.part.add(part);
    this.showSettings(v);
  }

  /** Show the settings in use in the controls (the values actually used, clamped ones included). */
  showSettings(v) {
    const ui = this.#ui;
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
    const dfmo = v['dfmo-dose-mg'] > 0;
    const disabled = {
      'dfmo-interval-h': !dfmo,
      'dfmo-start-day': !dfmo,
      'dfmo-duration-days': !dfmo,
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

  /** The Play button's label: Pause while playing, Again at the end of the run, else Play. */
  showPlaying(playing, ended) {
    if (this.#ui.play) this.#ui.play.textContent = this.#t(playing ? 'control.pause' : ended ? 'control.again' : 'control.play');
  }

  /** The overlay chosen, and its legend (`entries` from Rust's `overlay_legend`). */
  showOverlay(overlay, entries) {
    setOverlay(this.#ui.overlay, overlay);
    fillLegend(this.#ui.legend, entries, this.#strings);
  }

  /**
   * A new whole-tumour run (from the runner's restart): the chart, the
   * gauge, the captions' columns, each arm's outcome in its heading and
   * beside the science line, the compare layout, and the dose–response curve.
   */
  showRun({ scenario, trajectory, outcomes }, v) {
    const ui = this.#ui;
    this.#chart.setData(trajectory);
    this.#gauge.setData(trajectory.column('t'), trajectory.column('x'), outcomes.treatment);
    this.#series = Object.fromEntries(CAPTION_COLUMNS.map((c) => [c, trajectory.column(c)]));
    this.#outcomes = outcomes;
    ui.viewBox.classList.toggle('compare', v.compare);
    ui.views[1].figure.hidden = !v.compare;
    const t = this.#t;
    ui.result.textContent = `${format(t('outcome.sentence'), { outcome: t(`outcome.${outcomes.treatment}`) })} `;
    ARMS.forEach((arm, i) => {
      if (!outcomes[arm]) return;
      ui.views[i].figure.querySelector('figcaption').textContent = format(t('compare.heading'), { arm: t(`compare.${arm}`), outcome: t(`outcome.${outcomes[arm]}`) });
    });
    this.#response.update({
      // Everything the curves depend on but the dose (the seed only moves the tissue section).
      key: JSON.stringify({ ...scenario, seed: 0, dfmo: scenario.dfmo && { ...scenario.dfmo, dose_mg: 0 } }),
      doseMg: v['dfmo-dose-mg'],
      intervalH: v['dfmo-interval-h'],
      startCells: this.#series.T[0],
    });
  }

  /** The section's day on the chart and the gauge (every frame). */
  setDay(day) {
    this.#chart.setDay(day);
    this.#gauge.setDay(day);
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
   * (the runner's, in the order of ARMS). The status, a polite live region,
   * speaks at most every ANNOUNCE_EVERY_MS while playing.
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
        treatment: c.arm === 'treatment' ? this.treatmentName : t('compare.untreated'),
      };
      this.#ui.views[i].canvas.setAttribute('aria-label', format(t('alt.section'), vals));
      if (c.arm === 'treatment') {
        values = vals;
        caption = t(captionKey(this.#series, c.day, { coreDensity: c.coreDensity }, days, this.#outcomes.treatment));
      }
    });
    if (!values) return;
    this.#ui.now.textContent = caption;
    const now = performance.now();
    if (!playing || now - this.#lastAnnounced > ANNOUNCE_EVERY_MS) {
      this.#lastAnnounced = now;
      this.#ui.status.textContent = `${format(t('status.line'), values)} ${caption}`;
    }
  }
}
