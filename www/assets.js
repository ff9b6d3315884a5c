// What <polyamine-sim> loads, once per page for all its instances: the
// WebAssembly (glue, module and its schema) and the reader's strings; and the
// addresses of the poster and of the no-JavaScript page. Every URL is
// relative to this module, so the widget works from any host and sub-path.
//
// The offline single file (scripts/single-file.mjs) sets
// globalThis.POLYAMINE_SIM_INLINE before this module runs: { wasm: Uint8Array,
// strings: { en: {...}, de: {...} }, poster: data URL }. Then nothing is
// fetched. In the normal build it is absent and the files next to this module
// are fetched.

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

const stringCache = new Map();
/** The strings of `lang` from i18n/<lang>.json (English if that fails). */
export function loadStrings(lang) {
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

/** The poster: a static picture of day 0 (every treatment looks the same then), shown before the wasm arrives. */
export const posterURL = () => INLINE?.poster ?? new URL('./poster.png', import.meta.url).href;

/** A static page for readers whose browser cannot run the simulation, in their language. */
export const aboutPageURL = (lang) => new URL(lang === 'de' ? './about.de.html' : './about.html', import.meta.url).href;
