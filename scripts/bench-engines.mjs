// Per-engine benchmarks (part of `make bench`): the same in-page
// measurements (scripts/bench-engines-page.js) in Chromium, Firefox and
// WebKit, each driven through WebDriver (tests/cross/driver.mjs), in a copy
// of dist/ served cross-origin isolated. For each engine: the ODE benchmark
// scenario, the 64-dose sweep, the 256² lattice step, the frame (step +
// render + putImageData) in a requestAnimationFrame loop, the widget's own
// animation-frame work, and the restart after a DFMO dose change; each with
// its ratio to native (figures of this `make bench` run, passed in) and to
// Chromium. Prints one line per figure and engine, then a Markdown table.
//
// Usage: node scripts/bench-engines.mjs [--engine chromium,firefox,webkit]
//   [--native-ode MS] [--native-sweep MS] [--native-step MS] [--native-render MS] [--seconds S]
// --native-render: the native 256² render of the cells picture; native
// frame = native step + native render (no putImageData natively).

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENGINES, launch } from '../tests/cross/driver.mjs';
import { startServer } from './serve.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: ENGINES.join(',') },
    'native-ode': { type: 'string', default: 'NaN' },
    'native-sweep': { type: 'string', default: 'NaN' },
    'native-step': { type: 'string', default: 'NaN' },
    'native-render': { type: 'string', default: 'NaN' },
    seconds: { type: 'string', default: '5' },
    dist: { type: 'string', default: path.join(REPO, 'dist') },
  },
});
const native = {
  ode: Number(values['native-ode']),
  sweep: Number(values['native-sweep']),
  step: Number(values['native-step']),
  frame: Number(values['native-step']) + Number(values['native-render']),
};
const seconds = Number(values.seconds);
const scenario = JSON.parse(readFileSync(path.join(REPO, 'tests/fixtures/bench-scenario.json'), 'utf8'));

const root = mkdtempSync(path.join(tmpdir(), 'polyamine-bench-'));
cpSync(values.dist, root, { recursive: true });
mkdirSync(path.join(root, '__bench'));
cpSync(path.join(REPO, 'scripts/bench-engines-page.js'), path.join(root, '__bench/bench.js'));
const server = await startServer({ root, port: 0, headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } });

/** Run `fn` (its source) in the page with `args`, awaiting its promise. */
async function inPage(client, fn, ...args) {
  const r = await client.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
       .then((value) => done({ ok: true, value }), (e) => done({ ok: false, error: String(e && e.stack || e) }));`,
    args,
  );
  if (!r?.ok) throw new Error(r?.error ?? JSON.stringify(r));
  return r.value;
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '–');
const results = {};
try {
  for (const engine of values.engine.split(',')) {
    const browser = await launch(engine, { width: 1024, height: 900 });
    try {
      const { client } = browser;
      await client.setTimeouts(undefined, 120_000, 300_000);
      await client.navigateTo(`${server.url}embed.html`);
      await inPage(client, () =>
        new Promise((resolve, reject) => {
          document.querySelector('polyamine-sim')?.remove();
          const s = Object.assign(document.createElement('script'), { type: 'module', src: '__bench/bench.js' });
          s.onerror = () => reject(new Error('bench module did not load'));
          document.head.append(s);
          const t0 = performance.now();
          const wait = () => (window.bench ? resolve() : performance.now() - t0 > 20000 ? reject(new Error('no window.bench')) : setTimeout(wait, 50));
          wait();
        }),
      );
      const info = await inPage(client, () => window.bench.info());
      const ode = await inPage(client, (sc) => window.bench.ode(sc), scenario);
      const step = await inPage(client, () => window.bench.step());
      const frame = await inPage(client, (s) => window.bench.frame(s), seconds);
      const widget = await inPage(client, (s) => window.bench.widget(s), seconds);
      const r = { version: browser.version, isolated: info.isolated, ode: ode.run, sweep: ode.sweep, step, frame, widget };
      results[engine] = r;
      const tag = `bench ${engine} (${browser.version}${info.isolated ? '' : ', not isolated'})`;
      console.log(`${tag}: ODE benchmark scenario median ${f3(r.ode)} ms (wasm/native ${ratio(r.ode, native.ode)})`);
      console.log(`${tag}: 64-dose sweep median ${f2(r.sweep)} ms (wasm/native ${ratio(r.sweep, native.sweep)})`);
      console.log(`${tag}: lattice step 256² median ${f3(r.step)} ms (wasm/native ${ratio(r.step, native.step)})`);
      console.log(`${tag}: frame in the rAF loop (step + render + putImageData) median ${f3(frame.median)} ms, p95 ${f3(frame.p95)} ms ` +
        `(median / native step + render ${ratio(frame.median, native.frame)}); ${frame.fps.toFixed(1)} fps over ${frame.frames} frames`);
      console.log(`${tag}: the widget's animation frame (playing, speed 1) median ${f3(widget.loop.median)} ms, p95 ${f3(widget.loop.p95)} ms; ${widget.loop.fps.toFixed(1)} fps`);
      console.log(`${tag}: restart after a DFMO dose change median ${f2(widget.dose.median)} ms, p95 ${f2(widget.dose.p95)} ms; reset() median ${f2(widget.reset.median)} ms`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}

// One table: each figure per engine, with its ratio to native and to Chromium.
const engines = Object.keys(results);
const rows = [
  ['ODE benchmark scenario (ms)', (r) => r.ode, native.ode],
  ['64-dose sweep (ms)', (r) => r.sweep, native.sweep],
  ['lattice step 256² (ms)', (r) => r.step, native.step],
  ['frame in the rAF loop, median (ms)', (r) => r.frame.median, native.frame],
  ['frame in the rAF loop, p95 (ms)', (r) => r.frame.p95, native.frame],
  ["widget's animation frame, median (ms)", (r) => r.widget.loop.median, NaN],
  ["widget's animation frame, p95 (ms)", (r) => r.widget.loop.p95, NaN],
  ['restart after a DFMO dose change, median (ms)', (r) => r.widget.dose.median, NaN],
  ['widget reset(), median (ms)', (r) => r.widget.reset.median, NaN],
];
const chromium = results.chromium;
console.log(`\n| figure | native | ${engines.map((e) => `${e} (${results[e].version})`).join(' | ')} |`);
console.log(`|---|---|${engines.map(() => '---|').join('')}`);
for (const [name, get, nat] of rows) {
  const cells = engines.map((e) => {
    const v = get(results[e]);
    const parts = [];
    if (Number.isFinite(nat)) parts.push(`${ratio(v, nat)}× native`);
    if (chromium && e !== 'chromium') parts.push(`${ratio(v, get(chromium))}× Chromium`);
    return `${v < 10 ? f3(v) : f2(v)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  });
  console.log(`| ${name} | ${Number.isFinite(nat) ? (nat < 10 ? f3(nat) : f2(nat)) : '–'} | ${cells.join(' | ')} |`);
}
