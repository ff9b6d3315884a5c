// The reader's strings: every key the widget uses is in both language files
// (a missing key would show the raw key to a reader), the two files have the
// same keys, and no key is left over. Keys are read from www/*.js: literal
// keys as written, and the families built at run time (`preset.${id}`, …)
// from the real schema and legends of the built wasm (loaded in Node).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, REPO, i18n } from './helpers.mjs';

const NAMESPACES = 'overlay|legend|control|status|caption|alt|error|preset|setting|unit|help|chart|gauge|about|compare|outcome|coTherapy|tumour|response|embed|poster';
const LITERAL_KEY = new RegExp(`(['"\`])((?:${NAMESPACES})\\.[A-Za-z0-9_.\\-]+)\\1`, 'g');

/** Literal keys in the widget's modules. */
function literalKeys() {
  const keys = new Set();
  for (const file of readdirSync(path.join(REPO, 'www')).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(REPO, 'www', file), 'utf8');
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
  const { CO_THERAPIES, SETTINGS } = await import(path.join(REPO, 'www/settings.js'));
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
  ];
  // Help texts are optional: a setting without one shows none.
  const optional = numeric.map((k) => `help.${k}`);
  return { required, optional };
}

test('both language files have the same keys, in the same order', () => {
  const [en, de] = [i18n('en'), i18n('de')];
  const onlyEn = Object.keys(en).filter((k) => !(k in de));
  const onlyDe = Object.keys(de).filter((k) => !(k in en));
  assert.deepEqual({ onlyEn, onlyDe }, { onlyEn: [], onlyDe: [] });
  assert.deepEqual(Object.keys(de), Object.keys(en), 'same order, so the files can be read side by side');
  for (const [lang, strings] of [['en', en], ['de', de]]) {
    for (const [k, v] of Object.entries(strings)) assert.ok(typeof v === 'string' && (v.trim() !== '' || k.startsWith('unit.')), `${lang}: ${k} is empty`);
  }
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
