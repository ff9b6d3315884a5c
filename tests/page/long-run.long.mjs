// Issue 6, hardening: long runs (10,000 simulated days, LONG_RUN_DAYS) with
// bounded memory. Not named *.test.mjs, so `node --test tests/page/` leaves
// it out: `make test` runs it on its own in the background while the native
// and wasm layers run (it keeps one core busy for about six minutes and has
// no timing assertion; they have none either), and `make test-page` runs it
// in turn. Run alone: node --test tests/page/long-run.long.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageWith, sharedBrowserAndServer } from './helpers.mjs';

const shared = sharedBrowserAndServer();

const LONG_DAYS = Number(process.env.LONG_RUN_DAYS ?? 10_000);

test(`long runs: ${LONG_DAYS} simulated days with the regimen changed every 100 days; wasm memory levels off, the JS heap stays bounded, no NaN`, async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ speed: '8' }], { viewport: { width: 900, height: 3000 } });
  const result = await page.evaluate(async (total) => {
    const el = document.querySelector('polyamine-sim');
    el.pause();
    // The glue's init returns the running instance's exports when already loaded.
    const { memory } = await (await import('./polyamine_sim.js')).default();
    const samples = [];
    const presets = ['untreated', 'dfmo', 'amxt', 'dfmo-amxt', 'chemo', 'dfmo-amxt-chemo', 'anti-pd1', 'dfmo-amxt-anti-pd1', 'odc-knockout', 'treg-depletion'];
    const doses = [0, 300, 768, 1500, 3000];
    const intervals = [1, 4, 8, 12, 24, 48];
    const nan = [];
    for (let done = 0, k = 0; done < total; done += 100, k++) {
      // A new regimen every 100 days (each restarts the section at day 0);
      // the combinations repeat every 30 changes (3,000 days).
      el.setScenario({ preset: presets[k % 10], dfmo: { dose_mg: doses[k % 5], interval_h: intervals[k % 6] } });
      el.advance(100);
      const text = el.shadowRoot.querySelector('.widget').innerText;
      if (/NaN|undefined|Infinity/.test(text)) nan.push(`${done}: ${text.match(/.{0,40}(NaN|undefined|Infinity).{0,40}/)?.[0]}`);
      if (k % 10 === 9) {
        await new Promise((r) => setTimeout(r, 0));
        samples.push({ days: done + 100, heap: performance.memory?.usedJSHeapSize ?? 0, wasm: memory.buffer.byteLength });
      }
    }
    return { samples, nan, day: el.day, csvNaN: /NaN/.test(el.toCSV(1)) };
  }, LONG_DAYS);
  console.log(result.samples.map((s) => `${s.days} d: heap ${(s.heap / 1e6).toFixed(1)} MB, wasm ${(s.wasm / 1e6).toFixed(2)} MB`).join('\n'));
  assert.deepEqual(result.nan, [], 'no NaN, undefined or Infinity in the visible text');
  assert.equal(result.csvNaN, false);
  assert.ok(Math.abs(result.day - 100) < 1e-6);
  // Warm-up: the first 3,000 days, one cycle through every combination (the
  // allocator keeps the high-water mark of the largest).
  const warm = result.samples.slice(3);
  assert.ok(warm.length >= 2, 'enough samples');
  // Measured (docs/RELIABILITY.md): after warm-up the memory grew by at most
  // two 64 KiB pages over the remaining 7,000 days in our runs (allocator
  // high-water marks; the same calls on bare handles stay flat). The bound,
  // 2 % (about 160 KiB over 70 restarts), fails for a leak above ~2.3 KiB
  // per restart.
  const growth = warm.at(-1).wasm - warm[0].wasm;
  assert.ok(growth <= 0.02 * warm[0].wasm, `wasm memory after warm-up: ${warm.map((s) => s.wasm).join(', ')} (growth ${growth} bytes)`);
  const heaps = warm.map((s) => s.heap);
  assert.ok(Math.max(...heaps) < 2 * Math.min(...heaps) + 20e6, `JS heap bounded: ${heaps.join(', ')}`);
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});
