// Bundle and minify the widget's modules from www/ into DIST (scripts/build.sh
// runs it after copying everything else). Usage: node scripts/bundle.mjs [DIST]
//
// The chunks (rollup, then esbuild's minifier on each file):
//  - polyamine-sim.js: the element and every module it imports statically,
//    in one file. It is all a figure needs besides the wasm glue and the
//    strings, so a figure's first visit is one module (issue 14's budget).
//  - story.js, explorer.js, export.js: what the element imports dynamically,
//    each with the modules only it uses (the story's steps, the explorer's
//    chart, gauge, controls, about panel), loaded when a layout or an export
//    needs it. They take the shared modules (dom.js, settings.js) from
//    polyamine-sim.js, already loaded by then: no module is in two files.
//  - dose-response.js, embed-dialog.js: the explorer's parts that work on
//    their own (the page tests load them alone), imported by explorer.js.
//  - embed.js, scrolly.js: the host pages' scripts. embed.js takes the
//    settings table from the element's chunk, which defines the element
//    first; the element reads its settings a microtask after it connects,
//    so it still starts with the URL's (www/polyamine-sim.js).
//  - polyamine_sim.js, the wasm-bindgen glue, is not bundled: it stays its
//    own module (imported dynamically), so a page test's `import()` of it
//    shares the element's wasm instance. build.sh copies and minifies it.
// Every emitted file is checked against this plan: a module that ends up in
// a chunk of its own (say, a new import from embed.js into the element's
// modules) fails the build instead of adding a request to every visit.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { rollup } from 'rollup';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = path.join(repo, 'www');
const dist = path.resolve(repo, process.argv[2] ?? 'dist');
const ELEMENT = 'polyamine-sim.js';
const GLUE = 'polyamine_sim.js';
/** Entry points: the element, the host pages' scripts, the explorer's parts that stand alone. */
const ENTRIES = [ELEMENT, 'embed.js', 'scrolly.js', 'dose-response.js', 'embed-dialog.js'];
/** What the element imports dynamically. */
const LAZY = ['story.js', 'explorer.js', 'export.js'];
const EXPECTED = [...ENTRIES, ...LAZY].sort();

const fail = (message) => {
  console.error(`bundle.mjs: ${message}`);
  process.exit(1);
};

/** Every module the element imports statically, itself included (absolute paths). */
function staticClosure(getModuleInfo, id, seen = new Set()) {
  if (seen.has(id)) return seen;
  seen.add(id);
  for (const next of getModuleInfo(id)?.importedIds ?? []) staticClosure(getModuleInfo, next, seen);
  return seen;
}

let core = null;
const bundle = await rollup({
  input: Object.fromEntries(ENTRIES.map((f) => [path.basename(f, '.js'), path.join(www, f)])),
  // The glue stays a file of its own (see above).
  external: (id, importer) => importer !== undefined && path.resolve(path.dirname(importer), id) === path.join(www, GLUE),
  // The element's chunk may export what the lazy chunks and the parts take from it.
  preserveEntrySignatures: 'allow-extension',
  onwarn: (warning) => fail(`rollup: ${warning.message}`),
});
const { output } = await bundle.generate({
  format: 'es',
  entryFileNames: '[name].js',
  chunkFileNames: '[name].js',
  // The element's static imports join its chunk, even those another entry uses too.
  manualChunks: (id, { getModuleInfo }) => {
    core ??= staticClosure(getModuleInfo, path.join(www, ELEMENT));
    return core.has(id) ? path.basename(ELEMENT, '.js') : undefined;
  },
});
await bundle.close();

const emitted = output.map((o) => o.fileName).sort();
if (JSON.stringify(emitted) !== JSON.stringify(EXPECTED)) fail(`expected the chunks ${EXPECTED.join(', ')}; rollup emitted ${emitted.join(', ')}`);

let before = 0;
let after = 0;
const minify = async (name, code) => {
  const out = await transform(code, { loader: 'js', format: 'esm', minify: true, legalComments: 'none', sourcefile: name });
  writeFileSync(path.join(dist, name), out.code);
  before += code.length;
  after += out.code.length;
};
for (const chunk of output) await minify(chunk.fileName, chunk.code);
await minify(GLUE, readFileSync(path.join(dist, GLUE), 'utf8'));
const sources = output.reduce((n, chunk) => n + Object.keys(chunk.modules).length, 0);
console.error(`bundled ${sources} modules of www/ into ${output.length} chunks and minified them with the glue in ${path.relative(repo, dist) || dist}/: ${before} → ${after} bytes`);
