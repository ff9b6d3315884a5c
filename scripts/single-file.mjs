// Write DIST/polyamine-sim-offline.html: the demo as one self-contained HTML
// file that opens from file:// with no network (offline classrooms, a USB
// stick, an e-mail attachment). Usage: node scripts/single-file.mjs [DIST]
// (default dist; scripts/build.sh runs it at its end).
//
// The file holds two inline scripts:
//  1. a classic script that sets globalThis.POLYAMINE_SIM_INLINE = { wasm
//     (Uint8Array, from base64), strings ({ en, de, … }: every part of a
//     language, i18n/<lang>.json and i18n/<lang>.<part>.json, in one object),
//     poster (data URL of poster.png, if present) }, which the element reads
//     at module evaluation instead of fetching (www/assets.js, INLINE);
//  2. a module script: the element, every module it imports and the
//     wasm-bindgen glue (its dynamic import included), bundled into one
//     module by esbuild (no code splitting, so nothing is imported by URL).
// Plus the demo's styles (demo.css), intro text and widget tag (index.html).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(repo, process.argv[2] ?? 'dist');
const OUT = 'polyamine-sim-offline.html';
const ENTRY = 'polyamine-sim.js';
const GLUE = 'polyamine_sim.js';
const WASM = 'polyamine_sim_bg.wasm';

const fail = (message) => {
  console.error(`single-file.mjs: ${message}`);
  process.exit(1);
};
const read = (name) => {
  const file = path.join(dist, name);
  if (!existsSync(file)) fail(`${path.relative(repo, file) || file} is missing (build first: scripts/build.sh)`);
  return readFileSync(file);
};

/**
 * Text that sits inside a <script> or <style> element: neither `</script`
 * (ends the element) nor `<!--` (can put the HTML tokenizer in its "double
 * escaped" state) may appear. `\u003C` means `<` in JS strings, template
 * literals, regular expressions and JSON alike, the only places these
 * sequences occur in the bundle or the data.
 */
const scriptSafe = (text) => text.replace(/<(\/script|!--)/gi, '\\u003C$1');
const styleSafe = (text) => {
  if (/<\/style/i.test(text)) fail('demo.css contains "</style"');
  return text;
};
const escapeHTML = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// 1. The assets, inlined.
const wasm = read(WASM);
if (wasm.length < 8 || wasm.readUInt32BE(0) !== 0x0061736d) fail(`${WASM} is not a WebAssembly module`);
const i18nDir = path.join(dist, 'i18n');
const files = existsSync(i18nDir) ? readdirSync(i18nDir).filter((f) => f.endsWith('.json')).sort() : [];
const langs = files.filter((f) => /^[a-z]{2}\.json$/.test(f)).map((f) => path.basename(f, '.json'));
if (!langs.includes('en')) fail('i18n/en.json is missing');
// A language's common strings and its parts (story, explorer) as one object.
const strings = Object.fromEntries(
  langs.map((lang) => [lang, Object.assign({}, ...files.filter((f) => f === `${lang}.json` || f.startsWith(`${lang}.`)).map((f) => JSON.parse(read(path.join('i18n', f)))))]),
);
const poster = existsSync(path.join(dist, 'poster.png')) ? `data:image/png;base64,${read('poster.png').toString('base64')}` : null;

const inlineScript = [
  `globalThis.POLYAMINE_SIM_INLINE = {`,
  `  wasm: Uint8Array.from(atob(${JSON.stringify(wasm.toString('base64'))}), (c) => c.charCodeAt(0)),`,
  `  strings: ${JSON.stringify(strings)},`,
  poster ? `  poster: ${JSON.stringify(poster)},` : null,
  `};`,
]
  .filter((line) => line !== null)
  .join('\n');

// 2. The element, its modules and the glue as one module.
read(ENTRY);
read(GLUE);
const result = await build({
  entryPoints: [path.join(dist, ENTRY)],
  outfile: path.join(dist, 'polyamine-sim-offline.js'), // names the output; write: false writes nothing
  bundle: true,
  format: 'esm',
  splitting: false,
  platform: 'browser',
  write: false,
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning', // esbuild prints its own errors and warnings
}).catch(() => fail(`could not bundle ${ENTRY} (esbuild's errors above)`));
const outputs = result.outputFiles.filter((f) => f.path.endsWith('.js'));
if (outputs.length !== 1) fail(`esbuild made ${outputs.length} JavaScript outputs, expected one`);
const bundle = outputs[0].text;
const [meta] = Object.values(result.metafile.outputs);
const inputs = Object.keys(meta.inputs).map((p) => path.basename(p));
if (!inputs.includes(GLUE)) fail(`the bundle does not contain ${GLUE} (its dynamic import was not bundled)`);
if (meta.imports.length) fail(`the bundle still imports ${meta.imports.map((i) => i.path).join(', ')}`);
if (!bundle.includes('POLYAMINE_SIM_INLINE')) fail(`${ENTRY} does not read globalThis.POLYAMINE_SIM_INLINE; the offline file would fetch its assets`);

// 3. The page: the demo's title, intro text and styles around the element.
const index = read('index.html').toString();
const title = /<title>([\s\S]*?)<\/title>/i.exec(index)?.[1].trim();
// The intro without the links to the other pages (not in the offline file).
const intro = /<main>([\s\S]*?)<polyamine-sim\b/i.exec(index)?.[1].replace(/<!--[\s\S]*?-->/g, '').replace(/<p class="layouts">[\s\S]*?<\/p>/, '').trim();
if (!title || !intro || !/<h1>/i.test(intro)) fail('index.html has no <title>, or no <h1> before <polyamine-sim> in <main>');
// The widget's attributes as on the demo page (its layout).
const tagAttributes = /<polyamine-sim\b([^>]*)>/i.exec(index)[1];
const css = styleSafe(read('demo.css').toString().trim());

const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${title} (offline)</title>
  <!-- Made by scripts/single-file.mjs from the built site: one self-contained
       file that works from file:// with no network. It uses inline <style>
       and <script> (the wasm inlined as base64), so unlike the normal build
       it does not run under the strict Content-Security-Policy of
       docs/EMBEDDING.md; it is meant to be opened directly, not embedded. -->
  <style>
${css}
  </style>
  <script>
${scriptSafe(inlineScript)}
  </script>
  <script type="module">
${scriptSafe(bundle.trimEnd())}
  </script>
</head>
<body>
  <main>
    ${intro}
    <polyamine-sim${tagAttributes}></polyamine-sim>
    <noscript><p>${escapeHTML('This interactive simulation needs JavaScript (and WebAssembly): please turn JavaScript on in your browser, or open the file in another browser.')}</p></noscript>
  </main>
</body>
</html>
`;

// The only </script and <!-- left are the script elements' own.
const scriptEnds = html.match(/<\/script/gi)?.length ?? 0;
if (scriptEnds !== 2 || /<!--/.test(html.replace(/<!-- Made by[\s\S]*?-->/, ''))) fail('an inlined text still contains "</script" or "<!--"');

const out = path.join(dist, OUT);
writeFileSync(out, html);
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.error(
  `wrote ${path.relative(repo, out) || out}: ${kb(Buffer.byteLength(html))} (wasm ${kb(wasm.length)}, bundle ${kb(bundle.length)}, ` +
    `${langs.join('+')} strings${poster ? ', poster' : ''})`,
);
