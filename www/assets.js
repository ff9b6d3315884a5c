// What <polyamine-sim> loads, once per page for all its instances: the
// WebAssembly (glue, module and its schema), the reader's strings, and the
// modules of the layout shown (www/story.js, www/explorer.js: each layout
// downloads only what it shows); and the addresses of the poster and of the
// no-JavaScript page. Every URL is relative to this module, so the widget
// works from any host and sub-path.
//
// Strings come in parts: i18n/<lang>.json (what every layout shows),
// i18n/<lang>.story.json and i18n/<lang>.explorer.json (the story's steps;
// the full tool's controls, charts and panels).
//
// The offline single file (scripts/single-file.mjs) sets
// globalThis.POLYAMINE_SIM_INLINE before this module runs: { wasm: Uint8Array,
// strings: { en: {...}, de: {...} } (every part of a language in one object),
// poster: data URL }. Then nothing is fetched. In the normal build it is
// absent and the files next to this module are fetched.

import { TAG } from './settings.js';

const INLINE = globalThis.POLYAMINE_SIM_INLINE ?? null;

/** The languages with a strings file (www/i18n/<lang>.json). */
export const LANGS = Object.freeze(['en', 'de']);

let wasmPromise = null;
/**
 * The glue, the instantiated wasm and its schema: { exports, glue, schema }.
 * Loaded once for all instances; a failed load is forgotten, so an element
 * connected later retries.
 */
export function loadWasm() {
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

/** The string parts each layout shows besides the common ones (i18n/<lang>.<part>.json). */
const STRING_PARTS = Object.freeze({ story: ['story'], figure: [], explorer: ['explorer'] });

const stringCache = new Map();
/** One strings file (i18n/<lang>.json or i18n/<lang>.<part>.json), fetched once; a failed fetch is forgotten. */
function stringsFile(name) {
  if (!stringCache.has(name)) {
    const url = new URL(`./i18n/${name}.json`, import.meta.url);
    const load = fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))));
    stringCache.set(name, load.catch((error) => {
      stringCache.delete(name);
      throw error;
    }));
  }
  return stringCache.get(name);
}

/**
 * The strings of `lang` that `layout` shows, as one object: the common part
 * and the layout's own. If any part of the language fails, English for all of
 * it (a widget speaks one language), with a warning.
 */
export function loadStrings(lang, layout = 'explorer') {
  if (INLINE?.strings?.[lang]) return Promise.resolve(INLINE.strings[lang]);
  const names = [lang, ...STRING_PARTS[layout].map((part) => `${lang}.${part}`)];
  return Promise.all(names.map(stringsFile)).then(
    (parts) => Object.assign({}, ...parts),
    (error) => {
      if (lang === 'en') throw error;
      console.warn(`<${TAG}>: strings for lang="${lang}" could not be loaded; using English.`, error);
      return loadStrings('en', layout);
    },
  );
}

/** The module of a layout beyond the common ones: www/story.js, www/explorer.js (figure: none). */
export function loadLayout(layout) {
  if (layout === 'story') return import('./story.js');
  if (layout === 'explorer') return import('./explorer.js');
  return Promise.resolve(null);
}

/** The poster: a static picture of day 0 (every treatment looks the same then), shown before the wasm arrives. */
export const posterURL = () => INLINE?.poster ?? new URL('./poster.png', import.meta.url).href;

/** A static page for readers whose browser cannot run the simulation, in their language. */
export const aboutPageURL = (lang) => new URL(lang === 'de' ? './about.de.html' : './about.html', import.meta.url).href;
