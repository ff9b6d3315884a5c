// Wasm benchmarks in headless Debian Chromium (what readers run): the same
// measurements as scripts/bench-wasm.mjs, inside a page served from dist/.
// Browser timers are coarse, so each sample times a batch of runs.
// Usage: node scripts/bench-browser.mjs [--native-ms X]
import { readFileSync } from 'node:fs';
import { launchBrowser, serveDist, REPO } from '../tests/page/helpers.mjs';

const argv = process.argv.slice(2);
const nativeMs = argv[0] === '--native-ms' ? Number(argv[1]) : NaN;
const scenario = JSON.parse(readFileSync(`${REPO}/tests/fixtures/bench-scenario.json`, 'utf8'));

const server = await serveDist();
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}embed.html`);
  const r = await page.evaluate(async (scenario) => {
    const glue = await import('./polyamine_sim.js');
    await glue.default();
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const sample = (samples, batch, f) => {
      for (let i = 0; i < batch; i++) f();
      const t = [];
      for (let s = 0; s < samples; s++) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) f();
        t.push((performance.now() - t0) / batch);
      }
      return median(t);
    };
    const engine = new glue.OdeEngine();
    const run = sample(41, 10, () => { const r = engine.run(scenario, 0.25); r.data(); r.free(); });
    const doses = Float64Array.from({ length: 64 }, (_, i) => (1500 * i) / 63);
    const sweep = sample(15, 1, () => engine.dfmo_sweep(scenario, doses));
    return { run, sweep, ua: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] };
  }, scenario);
  console.log(`ode wasm (chromium ${r.ua}): benchmark scenario (150 days, 601 rows): median ${r.run.toFixed(3)} ms`);
  if (Number.isFinite(nativeMs)) console.log(`ode wasm (chromium)/native ratio: ${(r.run / nativeMs).toFixed(2)}`);
  console.log(`ode wasm (chromium): dose-response sweep, 64 doses (DFMO 0-1500 mg, tumour in month 5 of 150-day runs): median ${r.sweep.toFixed(2)} ms`);
} finally {
  await browser.close();
  await server.close();
}
