// The reader's strings: every key the widget uses is in both languages (a
// missing key would show the raw key to a reader), the two languages have the
// same keys, and no key is left over. Strings come in parts (www/assets.js):
// i18n/<lang>.json, which every layout loads, <lang>.story.json and
// <lang>.explorer.json, loaded only with their layout; a module may use only
// keys of the parts its layout loads (a story or figure would otherwise show
// a raw key). Keys are read from www/*.js: literal keys as written, and the
// families built at run time (`preset.${id}`, …) from the real schema and
// legends of the built wasm (loaded in Node).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, REPO, STRING_PARTS, i18n } from './helpers.mjs';

const NAMESPACES = 'overlay|legend|control|status|caption|alt|error|preset|setting|unit|help|chart|gauge|about|compare|outcome|coTherapy|tumour|response|embed|poster|story|explorer';
const LITERAL_KEY = new RegExp(`(['"\`])((?:${NAMESPACES})\\.[A-Za-z0-9_.\\-]+)\\1`, 'g');
/** The string parts (file suffixes) each module may use: its layout's. Modules not listed are loaded by every layout. */
const MODULE_PARTS = {
  'story.js': ['', '.story'],
  'story-steps.js': ['', '.story'],
  ...Object.fromEntries(['explorer.js', 'about.js', 'chart.js', 'controls.js', 'dose-response.js', 'embed-dialog.js', 'gauge.js', 'lattice-view.js', 'export.js'].map((f) => [f, ['', '.explorer']])),
};
const WWW = path.join(REPO, 'www');
const modules = () => readdirSync(WWW).filter((f) => f.endsWith('.js') && f !== 'embed.js' && f !== 'scrolly.js');
const part = (lang, suffix) => JSON.parse(readFileSync(path.join(WWW, 'i18n', `${lang}${suffix}.json`), 'utf8'));

/** Literal keys in a module (or in every module of the widget). */
function literalKeys(files = modules()) {
  const keys = new Set();
  for (const file of files) {
    const text = readFileSync(path.join(WWW, file), 'utf8');
    for (const m of text.matchAll(LITERAL_KEY)) keys.add(m[2]);
  }
  return keys;
}

/** The built wasm's schema and overlay legends, in Node. */
async function wasmData() {
  const glue = await import(path.join(DIST, 'polyamine_sim.js'));
  glue.initSync({ module: readFileSync(path.join(DIST, 'polyamine_sim_bg.wasm')) });
  const schema = glue.schema();
  const overlays = schema.lattice.overlays;
  const legends = overlays.map((id) => glue.overlay_legend(id)).flat();
  return { schema, overlays, legendKeys: legends.map((e) => e.key) };
}

/** Keys built at run time, by family, with the values the widget feeds them. */
async function familyKeys() {
  const { schema, overlays, legendKeys } = await wasmData();
  const { CO_THERAPIES, LAYOUTS, SETTINGS } = await import(path.join(REPO, 'www/settings.js'));
  const numeric = SETTINGS.filter((s) => (s.kind === 'number' || s.kind === 'int') && s.key).map((s) => s.key).concat(['speed']);
  const required = [
    ...schema.presets.map((p) => `preset.${p.id}`),
    ...schema.tumours.map((t) => `tumour.${t.id}`),
    ...CO_THERAPIES.map((c) => `coTherapy.${c}`),
    ...numeric.flatMap((k) => [`setting.${k}`, `unit.${k}`]),
    ...overlays.map((o) => `overlay.${o}`),
    ...legendKeys,
    ...['escape', 'either', 'control'].map((b) => `gauge.${b}`),
    ...['control', 'escape'].flatMap((o) => [`gauge.outcome.${o}`, `outcome.${o}`]),
    ...['treatment', 'untreated'].map((a) => `compare.${a}`),
    ...LAYOUTS.map((l) => `embed.layout.${l}`),
  ];
  // Help texts are optional: a setting without one shows none.
  const optional = numeric.map((k) => `help.${k}`);
  return { required, optional };
}

test('both languages have the same keys in each part, in the same order, and no key is in two parts', () => {
  for (const suffix of STRING_PARTS) {
    const [en, de] = [part('en', suffix), part('de', suffix)];
    const onlyEn = Object.keys(en).filter((k) => !(k in de));
    const onlyDe = Object.keys(de).filter((k) => !(k in en));
    assert.deepEqual({ onlyEn, onlyDe }, { onlyEn: [], onlyDe: [] }, `i18n/<lang>${suffix}.json`);
    assert.deepEqual(Object.keys(de), Object.keys(en), `same order in <lang>${suffix}.json, so the files can be read side by side`);
    for (const [lang, strings] of [['en', en], ['de', de]]) {
      for (const [k, v] of Object.entries(strings)) assert.ok(typeof v === 'string' && (v.trim() !== '' || k.startsWith('unit.')), `${lang}${suffix}: ${k} is empty`);
    }
  }
  const seen = new Map();
  for (const suffix of STRING_PARTS) for (const k of Object.keys(part('en', suffix))) seen.set(k, [...(seen.get(k) ?? []), suffix]);
  assert.deepEqual([...seen].filter(([, parts]) => parts.length > 1), [], 'a key lives in one part');
});

test('each module uses only keys of the string parts its layout loads (the story and the figure never load the explorer\'s)', () => {
  for (const file of modules()) {
    const allowed = MODULE_PARTS[file] ?? [''];
    const keys = Object.assign({}, ...allowed.map((suffix) => part('en', suffix)));
    const missing = [...literalKeys([file])].filter((k) => !(k in keys)).sort();
    assert.deepEqual(missing, [], `${file} uses keys outside i18n/<lang>{${allowed.join(',')}}.json`);
  }
});

test('the families every layout shows (treatments, outcomes, arms, captions) are in the common part', async () => {
  const { required } = await familyKeys();
  const common = part('en', '');
  const missing = required.filter((k) => /^(preset|outcome|compare)\./.test(k) && !(k in common));
  assert.deepEqual(missing, [], 'i18n/<lang>.json lacks keys the story and the figure show');
});

test('every key the widget uses is in both language files, and every key there is used', async () => {
  const literal = literalKeys();
  const { required, optional } = await familyKeys();
  const used = new Set([...literal, ...required]);
  for (const lang of ['en', 'de']) {
    const strings = i18n(lang);
    const missing = [...used].filter((k) => !(k in strings)).sort();
    assert.deepEqual(missing, [], `${lang}.json lacks keys the widget uses (a reader would see the raw key)`);
    const unused = Object.keys(strings).filter((k) => !used.has(k) && !optional.includes(k)).sort();
    assert.deepEqual(unused, [], `${lang}.json has keys nothing uses`);
  }
  assert.ok(literal.has('response.fewerThanOne') && literal.has('status.science'), 'the scan finds keys');
});

test('placeholders match between the languages', () => {
  const [en, de] = [i18n('en'), i18n('de')];
  const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(en)) assert.deepEqual(holes(de[k]), holes(en[k]), `{placeholders} of ${k}`);
});
