// The explorer layout of <polyamine-sim> (layout="explorer"): the full tool,
// each part below a clear heading: the treatment and every setting as a
// control, the overlay choice and legend, the immune-efficacy gauge, the
// whole-tumour chart, the dose–response curve, the share row with the Embed
// dialog, and the "What is modelled, what is not" panel.
//
// Loaded only when the explorer is shown (www/assets.js loadLayout), with
// every module it needs and its strings (i18n/<lang>.explorer.json): the
// story and the figure never download them. The common nodes (pictures,
// science line, caption, status) come from www/widget-view.js, which calls
// this part's methods with the element's results; it calls no wasm.

import { ABOUT_CSS, buildAbout } from './about.js';
import { CHART_CSS, TimeChart } from './chart.js';
import { CONTROLS_CSS, checkControl, numberControl, selectControl } from './controls.js';
import { el, format, translator } from './dom.js';
import { DOSE_RESPONSE_CSS, DoseResponse } from './dose-response.js';
import { EMBED_DIALOG_CSS, buildEmbed } from './embed-dialog.js';
import { EfficacyGauge, GAUGE_CSS } from './gauge.js';
import { LATTICE_VIEW_CSS, buildLegend, buildOverlaySelect, fillLegend, setOverlay } from './lattice-view.js';
import { LAYOUTS, SETTINGS_BY_ATTR } from './settings.js';
import { copyText } from './export.js';

/** Numeric settings in the "more settings" groups (the doses have their own fieldset). */
const MORE_NUMBERS = ['dfmo-interval-h', 'dfmo-start-day', 'dfmo-duration-days', 'amxt-interval-h', 'amxt-start-day', 'amxt-duration-days', 'chemo-dose', 'anti-pd1-dose', 'odc-knockout-day', 'treg-depletion', 'days', 'seed'];

export const CSS = `
.part-heading { margin: 1.1em 0 0.1em; font-size: 1.05em; line-height: 1.3; }
.controls select { min-width: 0; max-width: 100%; font: inherit; }
.controls .field { margin: 0; min-width: 0; max-width: 100%; }
.controls .field > label { flex: 0 1 auto; }
.controls .field select { flex: 1 1 12em; }
fieldset.doses { margin: 0.5em 0 0; padding: 0; border: 0; min-inline-size: 0; }
fieldset.doses legend { padding: 0; font-weight: 600; }
details.more { margin-top: 0.5em; }
details.more summary { cursor: pointer; font-weight: 600; }
.share-note { font-size: 0.85em; overflow-wrap: anywhere; }
${CONTROLS_CSS}
${LATTICE_VIEW_CSS}
${CHART_CSS}
${GAUGE_CSS}
${DOSE_RESPONSE_CSS}
${EMBED_DIALOG_CSS}
${ABOUT_CSS}`;

export class ExplorerView {
  #view;
  #strings;
  #t;
  #reader;
  #ui;
  #chart;
  #gauge;
  #response;
  #lastAmxt;

  /** The explorer's controls and panels (see widget-view.js build for the arguments). */
  constructor({ view, strings, lang, schema, reader, v, actions }) {
    this.#view = view;
    this.#strings = strings;
    const t = (this.#t = translator(strings));
    this.#reader = reader;
    this.#lastAmxt = reader.spec('amxt.dose').default;
    const set = actions.set;

    const preset = selectControl({
      id: 'preset',
      label: t('control.treatment'),
      options: schema.presets.map((p) => ({ value: p.id, text: view.presetName(p.id) })),
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
    const embed = buildEmbed(strings, actions.embedCode, { layouts: LAYOUTS, layout: 'explorer' });
    const csv = el('button', { type: 'button', textContent: t('control.csv') });
    csv.addEventListener('click', actions.csv);
    const png = el('button', { type: 'button', textContent: t('control.png') });
    png.addEventListener('click', actions.png);
    this.#chart = new TimeChart(strings, lang, 'chart');
    this.#gauge = new EfficacyGauge(strings, lang, 'gauge', schema.readout);
    this.#response = new DoseResponse(strings, lang, 'dose-response', actions.sweep, { maxDoseMg: reader.spec('dfmo.dose_mg').max });
    this.#ui = { preset, play, compare, speed, dfmoDose, amxtOn, amxtDose, numbers, coTherapy, knockout, tumour, overlay, legend };
    this.about = buildAbout(strings, lang, schema.params);
    this.embed = embed;
    this.share = el('div', { className: 'controls share' }, [share, embed.button, csv, png, shareNote]);
    this.controls = [el('div', { className: 'controls' }, [preset.row, play, step, reset, compare.row]), doses, more];
  }

  /** The widget's children: the common nodes and the explorer's parts, each part below its heading. */
  arrange({ viewBox, science, now, status }) {
    const heading = (key) => el('h3', { className: 'part-heading', textContent: this.#t(key) });
    return [
      viewBox,
      science,
      now,
      heading('explorer.treatment'),
      ...this.controls,
      heading('explorer.picture'),
      this.#ui.overlay,
      this.#ui.legend,
      status,
      heading('explorer.gauge'),
      this.#gauge.element,
      this.#chart.element,
      this.#response.element,
      heading('explorer.share'),
      this.share,
      this.embed.dialog,
      el('p', { className: 'caption', textContent: this.#t('caption.disclaimer') }),
      this.about,
    ];
  }

  /** The chart's canvas (for the PNG). */
  get chartCanvas() {
    return this.#chart.element.querySelector('canvas');
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

  /** Show the settings in use in the controls (the values actually used, clamped ones included). */
  showSettings(v) {
    const ui = this.#ui;
    ui.preset.set(v.preset);
    ui.tumour.set(v.tumour);
    ui.compare.set(!!v.compare);
    // The checkbox names the other arm: no treatment, or the preset given by compare="…".
    const other = v.compare && v.compare !== 'untreated' ? format(this.#t('control.compareWith'), { treatment: this.#view.presetName(v.compare) }) : this.#t('control.compare');
    ui.compare.row.querySelector('label').lastChild.textContent = other;
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

  /** The Play button's label. */
  showPlaying(label) {
    this.#ui.play.textContent = label;
  }

  /** The overlay chosen, and its legend. */
  showOverlay(overlay, entries) {
    setOverlay(this.#ui.overlay, overlay);
    fillLegend(this.#ui.legend, entries, this.#strings);
  }

  /** A new whole-tumour run: the chart, the gauge and the dose–response curve. */
  showRun({ scenario, trajectory, outcomes }, v, series) {
    this.#chart.setData(trajectory);
    this.#gauge.setData(trajectory.column('t'), trajectory.column('x'), outcomes.treatment);
    this.#response.update({
      // Everything the curves depend on but the dose (the seed only moves the tissue section).
      key: JSON.stringify({ ...scenario, seed: 0, dfmo: scenario.dfmo && { ...scenario.dfmo, dose_mg: 0 } }),
      doseMg: v['dfmo-dose-mg'],
      intervalH: v['dfmo-interval-h'],
      startCells: series.T[0],
    });
  }

  /** The section's day on the chart and the gauge (every frame). */
  setDay(day) {
    this.#chart.setDay(day);
    this.#gauge.setDay(day);
  }
}
