// Wasm benchmarks in Node (same V8 engine as Chromium): the whole-tumour
// engine on the benchmark scenario, and a 64-scenario dose-response
// sweep. Prints medians.
// Usage: node scripts/bench-wasm.mjs [--native-ms X] [--dir DIR] [--wasm FILE]
// --native-ms: also print the wasm/native ratio of this run; --dir: where the
// glue is (default dist); --wasm: which .wasm to load (default DIR's).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const opts = { '--native-ms': 'NaN', '--dir': `${root}dist`, '--wasm': '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!(argv[i] in opts) || argv[i + 1] === undefined) {
    console.error(`bench-wasm: bad argument '${argv[i]}' (valid: --native-ms X, --dir DIR, --wasm FILE)`);
    process.exit(2);
  }
  opts[argv[i]] = argv[i + 1];
}
const nativeMs = Number(opts['--native-ms']);
const glue = await import(`${opts['--dir']}/polyamine_sim.js`);
await glue.default({ module_or_path: readFileSync(opts['--wasm'] || `${opts['--dir']}/polyamine_sim_bg.wasm`) });
const scenario = JSON.parse(readFileSync(`${root}tests/fixtures/bench-scenario.json`, 'utf8'));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function timeMs(reps, f) {
  for (let i = 0; i < 5; i++) f();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const engine = new glue.OdeEngine();
let rows = 0;
const ms = timeMs(201, () => {
  const run = engine.run(scenario, 0.25);
  rows = run.rows();
  run.data(); // the trajectory handed to JS, included in the time
  run.free();
});
console.log(`ode wasm (node ${process.version}): benchmark scenario (150 days, ${rows} rows): median ${ms.toFixed(3)} ms`);
if (Number.isFinite(nativeMs)) console.log(`ode wasm/native ratio: ${(ms / nativeMs).toFixed(2)}`);

const doses = Float64Array.from({ length: 64 }, (_, i) => (1500 * i) / 63);
const sweepMs = timeMs(21, () => engine.dfmo_sweep(scenario, doses));
console.log(`ode wasm: dose-response sweep, 64 doses (DFMO 0-1500 mg, tumour in month 5 of 150-day runs): median ${sweepMs.toFixed(2)} ms`);
engine.free();

// The tissue section (256 × 256, the widget's): one lattice step, and one
// picture (the polyamine overlay, the haze drawn at every pixel).
const sim = new glue.TissueSim({ preset: 'dfmo-amxt', seed: 1 }, 256);
sim.step(200);
const stepMs = timeMs(201, () => sim.step(1));
const renderMs = timeMs(201, () => sim.render('polyamine'));
console.log(`lattice wasm: step 256² median ${stepMs.toFixed(3)} ms; picture (polyamine overlay, 512² pixels) median ${renderMs.toFixed(3)} ms`);
sim.free();
