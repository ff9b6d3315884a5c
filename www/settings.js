// The settings of <polyamine-sim>: one declarative table of every attribute
// (which mirrors a field of the scenario JSON, docs/SCENARIOS.md, or is a view
// setting), how it is parsed, where its range comes from, and how the values
// become a scenario object. The element, its controls, the permalink,
// embed.html and the Embed dialog all read this table; ranges come from the
// Rust schema (`schema().settings`, the run-length cap and the overlay ids
// from `schema().lattice`), never from here.
//
// Parsing follows one rule: a blank or absent attribute means the default
// (for a treatment field, the value under the chosen preset); a bad value is
// replaced by the nearest valid one (or the default), with one console
// warning naming the attribute, the value, the valid range and the value
// used.

export const TAG = 'polyamine-sim';
export const CO_THERAPIES = Object.freeze(['none', 'chemo', 'anti-pd1']);
/** The layouts (docs/EMBEDDING.md): the guided story (the default), a figure for an article, the full tool. */
export const LAYOUTS = Object.freeze(['story', 'figure', 'explorer']);
/** story-controls: Back / Next and the step dots, or none (the host page drives the steps). */
export const STORY_CONTROLS = Object.freeze(['buttons', 'none']);

/**
 * Every setting. kind: 'choice' (one of a list), 'int', 'number', 'bool',
 * 'list' (comma-separated numbers), 'json' (an object of parameter values).
 * key: the schema setting (range, unit, default). regimen/field: where a
 * treatment field sits in the scenario and in the preset's treatment
 * (`schema().presets[].treatment`, the same shape). zeroIsOff: a dose whose 0
 * means the drug is not given (the regimen is null). scenario: true where the
 * value changes the simulation (a restart), false for view settings.
 * 'compare' is its own kind: a preset id (the other arm's treatment), or a
 * bool (present or "true" = untreated, "false" = no second arm).
 */
export const SETTINGS = Object.freeze([
  { attr: 'tumour', kind: 'choice', scenario: true },
  { attr: 'preset', kind: 'choice', scenario: true },
  { attr: 'days', kind: 'int', key: 'days', scenario: true },
  { attr: 'seed', kind: 'int', key: 'seed', scenario: true },
  { attr: 'dfmo-dose-mg', kind: 'number', key: 'dfmo.dose_mg', regimen: 'dfmo', field: 'dose_mg', zeroIsOff: true, scenario: true },
  { attr: 'dfmo-interval-h', kind: 'number', key: 'dfmo.interval_h', regimen: 'dfmo', field: 'interval_h', scenario: true },
  { attr: 'dfmo-start-day', kind: 'number', key: 'dfmo.start_day', regimen: 'dfmo', field: 'start_day', scenario: true },
  { attr: 'dfmo-duration-days', kind: 'number', key: 'dfmo.duration_days', regimen: 'dfmo', field: 'duration_days', scenario: true },
  { attr: 'amxt-dose', kind: 'number', key: 'amxt.dose', regimen: 'amxt', field: 'dose', zeroIsOff: true, scenario: true },
  { attr: 'amxt-interval-h', kind: 'number', key: 'amxt.interval_h', regimen: 'amxt', field: 'interval_h', scenario: true },
  { attr: 'amxt-start-day', kind: 'number', key: 'amxt.start_day', regimen: 'amxt', field: 'start_day', scenario: true },
  { attr: 'amxt-duration-days', kind: 'number', key: 'amxt.duration_days', regimen: 'amxt', field: 'duration_days', scenario: true },
  { attr: 'co-therapy', kind: 'choice', scenario: true },
  { attr: 'chemo-dose', kind: 'number', key: 'chemo.dose', regimen: 'chemo', field: 'dose', scenario: true },
  { attr: 'chemo-days', kind: 'list', key: 'chemo.days', regimen: 'chemo', field: 'days', scenario: true },
  { attr: 'anti-pd1-dose', kind: 'number', key: 'anti_pd1.dose', regimen: 'anti_pd1', field: 'dose', scenario: true },
  { attr: 'anti-pd1-days', kind: 'list', key: 'anti_pd1.days', regimen: 'anti_pd1', field: 'days', scenario: true },
  { attr: 'odc-knockout', kind: 'bool', scenario: true },
  { attr: 'odc-knockout-day', kind: 'number', key: 'odc_knockout.start_day', regimen: 'odc_knockout', field: 'start_day', scenario: true },
  { attr: 'treg-depletion', kind: 'number', key: 'treg_depletion', scenario: true },
  { attr: 'params', kind: 'json', scenario: true },
  { attr: 'overlay', kind: 'choice', scenario: false },
  { attr: 'speed', kind: 'int', scenario: false },
  { attr: 'compare', kind: 'compare', scenario: false },
  { attr: 'autoplay', kind: 'bool', scenario: false },
  { attr: 'layout', kind: 'choice', scenario: false },
  { attr: 'step', kind: 'int', scenario: false },
  { attr: 'story-controls', kind: 'choice', scenario: false },
  { attr: 'loop', kind: 'bool', scenario: false },
]);

/** The treatment fields a preset choice resets (every scenario setting but tumour, preset, days, seed, params). */
export const TREATMENT_ATTRS = Object.freeze(SETTINGS.filter((s) => s.regimen || ['co-therapy', 'odc-knockout', 'treg-depletion'].includes(s.attr)).map((s) => s.attr));

/**
 * Ranges of the view settings (not in the Rust schema: they do not change
 * the science). The story's step count comes from its declaration
 * (www/story-steps.js), given to the reader when the story is loaded.
 */
const VIEW = { speed: { min: 1, max: 8, default: 2 }, step: { min: 1, max: 1, default: 1 } };
const MAX_LIST = 1000;

/** A decimal number written plainly ("12", "-3", "0.5", "1e3"), else NaN. Blank is null. */
export function parseNumber(text) {
  if (text === null || text === undefined || String(text).trim() === '') return null;
  return /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(String(text)) ? Number(text) : NaN;
}

const clamp = (v, min, max) => Math.min(max, Math.max(min, v));

/**
 * Parses attributes into settings values against the schema. `warn(attr,
 * value, used, valid)` is called once per bad value.
 */
export class SettingsReader {
  #schema;
  #warn;
  #warned = new Set();

  #view;

  /** `views`: ranges of view settings known only at run time ({ step: { min, max, default } }). */
  constructor(schema, warn, views = {}) {
    this.#schema = schema;
    this.#warn = warn;
    this.#view = { ...VIEW, ...views };
  }

  spec(key) {
    return this.#schema.settings.find((s) => s.key === key);
  }

  /** The choices of a 'choice' setting. */
  choices(attr) {
    switch (attr) {
      case 'tumour': return this.#schema.tumours.map((t) => t.id);
      case 'preset': return this.#schema.presets.map((p) => p.id);
      case 'co-therapy': return CO_THERAPIES;
      case 'overlay': return this.#schema.lattice.overlays;
      case 'layout': return LAYOUTS;
      case 'story-controls': return STORY_CONTROLS;
      default: return [];
    }
  }

  /**
   * The range of a numeric setting: { min, max, unit } (duration and day
   * fields stop at the run's length; the run itself at the widget's longest,
   * `schema().lattice.max_days`: the engine and the CLI allow longer runs,
   * but a section precomputes its drivers for the whole run).
   */
  range(setting, days) {
    if (this.#view[setting.attr]) return { ...this.#view[setting.attr], unit: '' };
    const spec = this.spec(setting.key);
    const dayField = /start_day|duration_days|\.days$/.test(setting.key);
    const max = setting.attr === 'days' ? Math.min(spec.max, this.#schema.lattice.max_days) : dayField && days ? Math.min(spec.max, days) : spec.max;
    return { min: spec.min, max, unit: spec.unit, spec };
  }

  /**
   * Every setting's value from `get(attr)` (an attribute reader: string or
   * null). Treatment fields default to the chosen preset's.
   */
  read(get) {
    const v = {};
    const choice = (attr, fallback) => {
      const value = get(attr);
      if (value === null || value === '') return fallback;
      const valid = this.choices(attr);
      if (valid.includes(value)) return value;
      this.#bad(attr, value, fallback, `one of ${valid.join(', ')}`);
      return fallback;
    };
    v.tumour = choice('tumour', this.#schema.tumours[0].id);
    v.preset = choice('preset', 'untreated');
    v.days = this.#number(get, SETTINGS_BY_ATTR.days, null, true);
    v.seed = this.#number(get, SETTINGS_BY_ATTR.seed, null, true);
    const treatment = this.#schema.presets.find((p) => p.id === v.preset).treatment;
    for (const s of SETTINGS) {
      if (!s.regimen) continue;
      const regimen = treatment[s.regimen];
      let fallback = regimen ? regimen[s.field] : null;
      if (s.zeroIsOff) fallback ??= 0; // 0: not given
      if (s.field === 'duration_days') fallback ??= v.days; // the whole run
      if (s.kind === 'list') v[s.attr] = this.#list(get, s, fallback ?? this.spec(s.key).default_list, v.days);
      else v[s.attr] = this.#number(get, s, fallback ?? this.spec(s.key).default, false, v.days);
    }
    const co = treatment.chemo ? 'chemo' : treatment.anti_pd1 ? 'anti-pd1' : 'none';
    v['co-therapy'] = choice('co-therapy', co);
    v['odc-knockout'] = this.#bool(get, 'odc-knockout', !!treatment.odc_knockout);
    v['treg-depletion'] = this.#number(get, SETTINGS_BY_ATTR['treg-depletion'], treatment.treg_depletion);
    v.params = this.#params(get);
    v.overlay = choice('overlay', this.#schema.lattice.overlays[0]);
    v.speed = this.#number(get, SETTINGS_BY_ATTR.speed, null, true);
    v.compare = this.#compare(get);
    v.autoplay = this.#bool(get, 'autoplay', true);
    v.layout = choice('layout', LAYOUTS[0]);
    v.step = this.#number(get, SETTINGS_BY_ATTR.step, null, true);
    v['story-controls'] = choice('story-controls', STORY_CONTROLS[0]);
    v.loop = this.#bool(get, 'loop', false);
    return v;
  }

  #bad(attr, value, used, valid) {
    const id = `${attr}=${value}→${used}`;
    if (this.#warned.has(id)) return;
    this.#warned.add(id);
    this.#warn(attr, value, used, valid);
  }

  #number(get, s, fallback, whole = false, days = null) {
    const { min, max, unit, spec } = this.range(s, days);
    fallback ??= spec ? spec.default : this.#view[s.attr].default;
    const value = get(s.attr);
    const n = parseNumber(value);
    if (n === null) return fallback;
    let used = Number.isFinite(n) ? clamp(whole ? Math.round(n) : n, min, max) : clamp(fallback, min, max);
    if (used !== n) this.#bad(s.attr, value, used, `${whole ? 'a whole number' : 'a number'} from ${min} to ${max}${unit ? ` ${unit}` : ''}`);
    return used;
  }

  #list(get, s, fallback, days) {
    const value = get(s.attr);
    if (value === null || value.trim() === '') return [...fallback];
    const { min, max, unit } = this.range(s, days);
    const items = value.split(',').slice(0, MAX_LIST).map(parseNumber).filter((n) => n !== null);
    const used = items.filter(Number.isFinite).map((n) => clamp(n, min, max));
    const exact = used.length === items.length && used.every((n, i) => n === items[i]) && value.split(',').length <= MAX_LIST;
    if (!exact) this.#bad(s.attr, value, used.join(',') || '(none)', `comma-separated numbers from ${min} to ${max} ${unit}, at most ${MAX_LIST}`);
    return used;
  }

  #bool(get, attr, fallback) {
    const value = get(attr);
    if (value === null) return fallback;
    const b = boolWord(value);
    if (b !== null) return b;
    this.#bad(attr, value, fallback, 'true or false');
    return fallback;
  }

  /**
   * `compare`: the other arm's preset id, 'untreated' when present without a
   * value (or true), null when absent or false.
   */
  #compare(get) {
    const value = get('compare');
    if (value === null) return null;
    const b = boolWord(value);
    if (b !== null) return b ? 'untreated' : null;
    const presets = this.choices('preset');
    if (presets.includes(value.trim())) return value.trim();
    this.#bad('compare', value, 'false', `true or false, or the other arm's treatment: one of ${presets.join(', ')}`);
    return null;
  }

  /** `params`: a JSON object of parameter values, each checked against the schema's range (bad ones dropped, with a warning). */
  #params(get) {
    const value = get('params');
    if (value === null || value.trim() === '') return {};
    let obj;
    try {
      obj = JSON.parse(value);
    } catch {
      obj = null;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      this.#bad('params', value, '{}', 'a JSON object such as {"kappa": 3}');
      return {};
    }
    const out = {};
    for (const [key, n] of Object.entries(obj)) {
      const spec = this.#schema.params.find((p) => p.key === key);
      if (!spec) {
        this.#bad('params', value, `without ${key}`, `parameter keys from the schema, e.g. kappa`);
      } else if (typeof n !== 'number' || !Number.isFinite(n)) {
        this.#bad('params', value, `without ${key}`, `${key}: a number from ${spec.min} to ${spec.max}`);
      } else {
        const used = clamp(n, spec.min, spec.max);
        if (used !== n) this.#bad('params', value, `${key} = ${used}`, `${key}: a number from ${spec.min} to ${spec.max}`);
        out[key] = used;
      }
    }
    return out;
  }
}

export const SETTINGS_BY_ATTR = Object.freeze(Object.fromEntries(SETTINGS.map((s) => [s.attr, s])));

/** Regimen keys of the scenario: each field's attribute, from the table's regimen and field. */
const REGIMEN_FIELDS = {};
for (const s of SETTINGS) if (s.regimen) (REGIMEN_FIELDS[s.regimen] ??= {})[s.field] = s.attr;
Object.freeze(REGIMEN_FIELDS);
/** The dose setting of a regimen whose dose 0 means the drug is not given (DFMO, AMXT 1501). */
const switchingDose = (regimen) => SETTINGS.find((s) => s.regimen === regimen && s.zeroIsOff);

/** A repeated regimen (DFMO, AMXT 1501) of settings values, in the scenario's shape; null if not given. */
const repeated = (v, name) => {
  const dose = switchingDose(name);
  if (!(v[dose.attr] > 0)) return null;
  const attr = REGIMEN_FIELDS[name];
  const r = { [dose.field]: v[dose.attr], interval_h: v[attr.interval_h], start_day: v[attr.start_day] };
  if (v[attr.duration_days] < v.days) r.duration_days = v[attr.duration_days];
  return r;
};

/** The scenario object (docs/SCENARIOS.md) of settings values: every treatment field explicit. */
export function toScenario(v) {
  const scenario = {
    tumour: v.tumour,
    preset: v.preset,
    days: v.days,
    seed: v.seed,
    dfmo: repeated(v, 'dfmo'),
    amxt: repeated(v, 'amxt'),
    chemo: v['co-therapy'] === 'chemo' ? { dose: v['chemo-dose'], days: v['chemo-days'] } : null,
    anti_pd1: v['co-therapy'] === 'anti-pd1' ? { dose: v['anti-pd1-dose'], days: v['anti-pd1-days'] } : null,
    odc_knockout: v['odc-knockout'] ? { start_day: v['odc-knockout-day'] } : null,
    treg_depletion: v['treg-depletion'],
  };
  if (Object.keys(v.params).length) scenario.params = { ...v.params };
  return scenario;
}

/** A boolean attribute's word: true (present, true, on, yes, 1), false (false, off, no, 0), or null. */
function boolWord(value) {
  const v = value.trim().toLowerCase();
  if (['', 'true', 'on', 'yes', '1'].includes(v)) return true;
  if (['false', 'off', 'no', '0'].includes(v)) return false;
  return null;
}

/**
 * The other arm of a scenario in compare mode: the same tumour, run length,
 * seed and parameters under `preset` (default untreated), every treatment
 * field the preset's (the engine fills them in from the preset).
 */
export function armScenario(scenario, preset = 'untreated') {
  const arm = { tumour: scenario.tumour, preset, days: scenario.days, seed: scenario.seed };
  if (scenario.params) arm.params = { ...scenario.params };
  return arm;
}

/** The value of a setting as its attribute text (lists comma-separated, objects as JSON; compare: true, false or a preset). */
export function attrText(v, attr) {
  const value = v[attr];
  if (attr === 'compare') return value === null ? 'false' : value === 'untreated' ? 'true' : value;
  if (Array.isArray(value)) return value.join(',');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** Scenario keys with one attribute each. */
const TOP_FIELDS = Object.freeze({ tumour: 'tumour', preset: 'preset', days: 'days', seed: 'seed', treg_depletion: 'treg-depletion' });
const SCENARIO_KEYS = [...Object.keys(TOP_FIELDS), 'params', ...Object.keys(REGIMEN_FIELDS)];

/**
 * Attributes for a scenario object (setScenario): the same fields, as
 * attribute text. Every key is checked before anything is read: a key that
 * is not a scenario field (also one such as `__proto__`, which JSON.parse
 * makes an own key) or a wrong shape throws an Error naming it, and nothing
 * changes. `null` switches a regimen off. Values are not range-checked here:
 * the attributes are read back through SettingsReader, which clamps and warns.
 */
export function scenarioToAttributes(obj) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('(scenario): expected a plain object such as {"preset": "dfmo-amxt"}');
  const keys = Object.keys(obj);
  for (const key of keys) {
    if (!own(TOP_FIELDS, key) && key !== 'params' && !own(REGIMEN_FIELDS, key)) throw new Error(`${key}: unknown key; valid: ${SCENARIO_KEYS.join(', ')}`);
  }
  for (const name of keys.filter((k) => own(REGIMEN_FIELDS, k))) {
    const value = obj[name];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${name}: expected an object or null, got ${JSON.stringify(value)}`);
    for (const key of Object.keys(value)) {
      if (!own(REGIMEN_FIELDS[name], key)) throw new Error(`${name}.${key}: unknown field; valid: ${Object.keys(REGIMEN_FIELDS[name]).join(', ')}`);
    }
  }
  if (own(obj, 'params') && obj.params !== null && obj.params !== undefined && (typeof obj.params !== 'object' || Array.isArray(obj.params))) {
    throw new Error(`params: expected an object of parameter values such as {"kappa": 3}, got ${JSON.stringify(obj.params)}`);
  }
  if (obj.chemo && obj.anti_pd1) throw new Error('chemo, anti_pd1: the widget gives one co-therapy at a time; set the other to null');

  const attrs = {};
  const text = (x) => (Array.isArray(x) ? x.join(',') : String(x));
  for (const key of keys) {
    if (own(TOP_FIELDS, key)) attrs[TOP_FIELDS[key]] = text(obj[key]);
  }
  if (own(obj, 'params')) attrs.params = JSON.stringify(obj.params ?? {});
  for (const name of keys.filter((k) => own(REGIMEN_FIELDS, k))) {
    const value = obj[name];
    if (value === undefined) continue;
    if (value === null) {
      const dose = switchingDose(name);
      if (dose) attrs[dose.attr] = '0';
      continue;
    }
    for (const key of Object.keys(value)) attrs[REGIMEN_FIELDS[name][key]] = text(value[key]);
  }
  if (obj.chemo) attrs['co-therapy'] = 'chemo';
  else if (obj.anti_pd1) attrs['co-therapy'] = 'anti-pd1';
  else if (obj.chemo === null || obj.anti_pd1 === null) attrs['co-therapy'] = 'none';
  if (obj.odc_knockout !== undefined) attrs['odc-knockout'] = obj.odc_knockout ? 'true' : 'false';
  return attrs;
}
