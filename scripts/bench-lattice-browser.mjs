// The tissue lattice (MODEL-SPEC part B) in headless Debian Chromium, inside
// a page served from dist/: ms per step at sides 128, 256 and 512, render
// time per overlay at 256, a tight loop of whole frames (step + render +
// putImageData of a zero-copy ImageData over wasm memory) and the same frame
// driven by requestAnimationFrame for a few seconds. Prints medians (issue 4);
// targets are read, never asserted.
//
// Usage: node scripts/bench-lattice-browser.mjs [--native-ms-256 X] [--raf-flags auto|always|never] [--raf-seconds S]
//   --native-ms-256: the native 256x256 step median of this run (benches/lattice.rs); prints wasm/native.
//   --raf-flags: also measure the rAF loop in a second launch with --disable-gpu-vsync
//     --disable-frame-rate-limit (default always, to show the headroom; auto: only when
//     the first launch's rAF is not ~60 Hz; never).
//
// The page is served cross-origin isolated (COOP + COEP), which gives
// performance.now() 5 µs resolution instead of 100 µs; steps and renders are
// still timed in batches. The widget in embed.html is removed before timing
// (and reduced motion keeps it from animating meanwhile), so nothing else
// runs on the page.
import { chromium } from 'playwright-core';
import { launchBrowser, serveDist } from '../tests/page/helpers.mjs';

const opts = { '--native-ms-256': 'NaN', '--raf-flags': 'always', '--raf-seconds': '5' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!(argv[i] in opts) || argv[i + 1] === undefined) {
    console.error(`bench-lattice-browser: bad argument '${argv[i]}' (valid: --native-ms-256 X, --raf-flags auto|always|never, --raf-seconds S)`);
    process.exit(2);
  }
  opts[argv[i]] = argv[i + 1];
}
const nativeMs256 = Number(opts['--native-ms-256']);
const rafSeconds = Number(opts['--raf-seconds']);
if (!['auto', 'always', 'never'].includes(opts['--raf-flags']) || !(rafSeconds > 0)) {
  console.error('bench-lattice-browser: --raf-flags takes auto, always or never; --raf-seconds a positive number');
  process.exit(2);
}

const SCENARIO = { preset: 'dfmo-amxt-chemo', seed: 1, days: 60 };
/** As benches/lattice.rs: warm-up steps, timed steps per run, runs. */
const WARM_UP = 20;
const STEPS = 200;
const RUNS = 5;
/** Steps per timed batch, by side (each batch a few ms). */
const STEP_BATCH = { 128: 10, 256: 5, 512: 2 };
const FRAME_BATCH = 5;
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
/** The second launch: tests/page/helpers.mjs's arguments plus the two frame-rate flags. */
const UNLIMITED_FLAGS = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];
const UNLIMITED_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', ...UNLIMITED_FLAGS];

const f3 = (x) => x.toFixed(3);
const tag = (flags) => `lattice wasm (chromium${flags ? ` ${flags}` : ''})`;

/** embed.html with the widget removed, the glue loaded and the bench functions on window. */
async function openBenchPage(browser, url) {
  const page = await browser.newPage({ reducedMotion: 'reduce', viewport: { width: 800, height: 700 } });
  page.on('pageerror', (err) => console.error(`bench-lattice-browser: page error: ${err}`));
  await page.goto(`${url}embed.html`);
  await page.evaluate(async ({ scenario, WARM_UP, STEPS, RUNS, STEP_BATCH, FRAME_BATCH }) => {
    document.querySelector('polyamine-sim')?.remove();
    const glue = await import('./polyamine_sim.js');
    const wasm = await glue.default();
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    /** Per-item ms of `count` items in batches of `batch` (after the caller's warm-up). */
    const batches = (count, batch, f) => {
      const t = [];
      for (let s = 0; s < count / batch; s++) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) f();
        t.push((performance.now() - t0) / batch);
      }
      return median(t);
    };
    const fresh = (side) => {
      const sim = new glue.TissueSim(scenario, side);
      sim.step(WARM_UP);
      return sim;
    };
    /** A frame: step(1) + render('cells') + putImageData of a zero-copy view, re-made when memory grows. */
    const framer = (sim) => {
      const side = sim.picture_side();
      const canvas = document.createElement('canvas');
      canvas.width = side;
      canvas.height = side;
      document.body.append(canvas);
      const ctx = canvas.getContext('2d');
      let buffer = null;
      let image = null;
      const state = { remakes: 0, canvas };
      state.frame = () => {
        sim.step(1);
        sim.render('cells');
        if (wasm.memory.buffer !== buffer) {
          buffer = wasm.memory.buffer;
          image = new ImageData(new Uint8ClampedArray(buffer, sim.pixels_ptr(), sim.pixels_len()), side, side);
          state.remakes++;
        }
        ctx.putImageData(image, 0, 0);
      };
      return state;
    };
    window.bench = {
      info: () => ({ ua: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0], isolated: self.crossOriginIsolated }),
      step(side) {
        const runs = [];
        for (let r = 0; r < RUNS; r++) {
          const sim = fresh(side);
          runs.push(batches(STEPS, STEP_BATCH[side], () => sim.step(1)));
          sim.free();
        }
        return { ms: median(runs), lo: Math.min(...runs), hi: Math.max(...runs), batch: STEP_BATCH[side] };
      },
      render(side, overlays) {
        const sim = fresh(side);
        sim.step(STEPS);
        const out = {};
        for (const ov of overlays) {
          for (let i = 0; i < 3; i++) sim.render(ov);
          const runs = [];
          for (let r = 0; r < RUNS; r++) runs.push(batches(STEPS, 10, () => sim.render(ov)));
          out[ov] = { ms: median(runs), lo: Math.min(...runs), hi: Math.max(...runs) };
        }
        sim.free();
        return out;
      },
      tight(side) {
        const sim = fresh(side);
        const fr = framer(sim);
        for (let i = 0; i < 3; i++) fr.frame();
        const runs = [];
        for (let r = 0; r < RUNS; r++) runs.push(batches(STEPS, FRAME_BATCH, fr.frame));
        fr.canvas.remove();
        sim.free();
        return { ms: median(runs), lo: Math.min(...runs), hi: Math.max(...runs), remakes: fr.remakes };
      },
      raf(side, seconds) {
        const sim = fresh(side);
        const fr = framer(sim);
        const work = [];
        const stamps = [];
        return new Promise((resolve) => {
          const tick = (ts) => {
            const t0 = performance.now();
            fr.frame();
            work.push(performance.now() - t0);
            stamps.push(ts);
            if (ts - stamps[0] < seconds * 1000) {
              requestAnimationFrame(tick);
              return;
            }
            fr.canvas.remove();
            sim.free();
            const span = (stamps.at(-1) - stamps[0]) / 1000;
            const perSecond = [];
            for (let k = 0; k < Math.floor(span); k++) {
              perSecond.push(stamps.filter((t) => t >= stamps[0] + 1000 * k && t < stamps[0] + 1000 * (k + 1)).length);
            }
            const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
            resolve({
              frames: stamps.length, span, fps: (stamps.length - 1) / span, perSecond,
              workMedian: median(work), workP95: quantile(work, 0.95),
              intervalMedian: median(intervals), intervalP95: quantile(intervals, 0.95), remakes: fr.remakes,
              long: intervals.filter((d) => d > 1.5 * median(intervals)).length,
            });
          };
          requestAnimationFrame(tick);
        });
      },
    };
  }, { scenario: SCENARIO, WARM_UP, STEPS, RUNS, STEP_BATCH, FRAME_BATCH });
  return page;
}

/** One line for an rAF run, with an honest reading of what limited it. */
function rafLine(flags, r) {
  const share = `frame work ${Math.round((100 * r.workMedian) / r.intervalMedian)}% of the ${r.intervalMedian.toFixed(1)} ms interval`;
  const missed = `${r.long} of ${r.frames - 1} intervals over 1.5× the median`;
  const verdict = Math.abs(r.intervalMedian - 1000 / 60) < 0.8
    ? `vsync-limited at 60 Hz (${share}; ${missed})`
    : r.workMedian > 0.8 * r.intervalMedian
      ? `work-limited (${share})`
      : r.fps > 63
        ? `not vsync-limited (rAF interval ~${(1000 / r.intervalMedian).toFixed(0)} Hz; ${share})`
        : `throttled by the browser to ~${(1000 / r.intervalMedian).toFixed(0)} Hz, not by the work (${share})`;
  return `${tag(flags)} 256x256: rAF loop ${r.span.toFixed(1)} s: frame work median ${f3(r.workMedian)} ms, p95 ${f3(r.workP95)} ms; ` +
    `${r.fps.toFixed(1)} fps (${r.frames} callbacks; per-second counts ${Math.min(...r.perSecond)}–${Math.max(...r.perSecond)}; ` +
    `rAF interval median ${r.intervalMedian.toFixed(2)} ms, p95 ${r.intervalP95.toFixed(2)} ms) — ${verdict}`;
}

const server = await serveDist({ headers: ISOLATION });
try {
  let firstRaf;
  const browser = await launchBrowser();
  try {
    const page = await openBenchPage(browser, server.url);
    const info = await page.evaluate(() => bench.info());
    console.log(`${tag()}: ${info.ua}, crossOriginIsolated ${info.isolated}; scenario ${JSON.stringify(SCENARIO)}`);
    const step = {};
    for (const side of [128, 256, 512]) {
      const r = await page.evaluate((side) => bench.step(side), side);
      step[side] = r.ms;
      console.log(`${tag()} ${side}x${side}: step median ${f3(r.ms)} ms (${((side * side) / (r.ms * 1e3)).toFixed(1)} sites/µs; ` +
        `${RUNS} runs × ${STEPS} steps in batches of ${r.batch} after ${WARM_UP} warm-up, run medians ${f3(r.lo)}–${f3(r.hi)} ms)`);
    }
    console.log(`${tag()}: linearity (512² step / 128² step) / 16 = ${(step[512] / step[128] / 16).toFixed(2)} (1 = linear in sites)`);
    if (Number.isFinite(nativeMs256)) {
      console.log(`${tag()} wasm/native 256: ${(step[256] / nativeMs256).toFixed(2)} (step ${f3(step[256])} ms / native ${f3(nativeMs256)} ms)`);
    }
    const renders = await page.evaluate(() => bench.render(256, ['cells', 'polyamine', 'drug', 'perfusion']));
    for (const [ov, r] of Object.entries(renders)) {
      console.log(`${tag()} 256x256: render ${ov} median ${f3(r.ms)} ms (${RUNS} runs × ${STEPS} frames in batches of 10, run medians ${f3(r.lo)}–${f3(r.hi)} ms)`);
    }
    const tight = await page.evaluate(() => bench.tight(256));
    console.log(`${tag()} 256x256: frame (step + render cells + putImageData) tight loop median ${f3(tight.ms)} ms ` +
      `(${RUNS} runs × ${STEPS} frames in batches of ${FRAME_BATCH}, run medians ${f3(tight.lo)}–${f3(tight.hi)} ms; ImageData made ${tight.remakes}×)`);
    firstRaf = await page.evaluate((s) => bench.raf(256, s), rafSeconds);
    console.log(rafLine('', firstRaf));
  } finally {
    await browser.close();
  }
  const near60 = Math.abs(firstRaf.fps - 60) < 3;
  if (opts['--raf-flags'] === 'always' || (opts['--raf-flags'] === 'auto' && !near60)) {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: UNLIMITED_ARGS });
    try {
      const page = await openBenchPage(browser, server.url);
      const r = await page.evaluate((s) => bench.raf(256, s), rafSeconds);
      console.log(rafLine(UNLIMITED_FLAGS.join(' '), r));
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
