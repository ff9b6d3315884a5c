// The in-page half of scripts/bench-engines.mjs: the same measurements in
// every engine, loaded as a module into embed.html (served cross-origin
// isolated, which gives performance.now() 5 µs resolution in Chromium and
// 20 µs in Firefox and WebKit; short things are still timed in batches).
// Sets window.bench; each method resolves to plain numbers (milliseconds).

import init, { OdeEngine, TissueSim } from '../polyamine_sim.js';

const wasm = await init();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Per-item ms: `samples` batches of `batch` calls after one warm-up batch; the median batch. */
function sample(samples, batch, f) {
  for (let i = 0; i < batch; i++) f();
  const t = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) f();
    t.push((performance.now() - t0) / batch);
  }
  return median(t);
}

/** As scripts/bench-lattice-browser.mjs: the lattice scenario, warm-up, steps and runs of benches/lattice.rs. */
const LATTICE = { preset: 'dfmo-amxt-chemo', seed: 1, days: 60 };
const WARM_UP = 20;
const STEPS = 200;
const RUNS = 5;

/** A frame as the widget draws one: step(1) + render('cells') + putImageData of a zero-copy view over wasm memory. */
function framer(sim) {
  const side = sim.picture_side();
  const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  let buffer = null;
  let image = null;
  return {
    canvas,
    frame() {
      sim.step(1);
      sim.render('cells');
      if (wasm.memory.buffer !== buffer) {
        buffer = wasm.memory.buffer;
        image = new ImageData(new Uint8ClampedArray(buffer, sim.pixels_ptr(), sim.pixels_len()), side, side);
      }
      ctx.putImageData(image, 0, 0);
    },
  };
}

/** Run `tick()` in requestAnimationFrame for `seconds`: the per-frame work's median and p95, and the frame rate. */
function rafLoop(seconds, tick) {
  return new Promise((resolve) => {
    const work = [];
    const stamps = [];
    const loop = (ts) => {
      const t0 = performance.now();
      tick();
      work.push(performance.now() - t0);
      stamps.push(ts);
      if (ts - stamps[0] < seconds * 1000) requestAnimationFrame(loop);
      else resolve({ median: median(work), p95: quantile(work, 0.95), fps: (stamps.length - 1) / ((stamps.at(-1) - stamps[0]) / 1000), frames: stamps.length });
    };
    requestAnimationFrame(loop);
  });
}

window.bench = {
  info: () => ({ ua: navigator.userAgent, isolated: self.crossOriginIsolated }),

  /** The whole-tumour engine on tests/fixtures/bench-scenario.json (601 rows, the trajectory copied to JS), and the 64-dose sweep. */
  ode(scenario) {
    const engine = new OdeEngine();
    const run = sample(41, 10, () => {
      const r = engine.run(scenario, 0.25);
      r.data();
      r.free();
    });
    const doses = Float64Array.from({ length: 64 }, (_, i) => (1500 * i) / 63);
    const sweep = sample(11, 1, () => engine.dfmo_sweep(scenario, doses));
    engine.free();
    return { run, sweep };
  },

  /** The 256² lattice step: median of RUNS runs of STEPS steps (batches of 5) on fresh sections. */
  step() {
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const sim = new TissueSim(LATTICE, 256);
      sim.step(WARM_UP);
      runs.push(sample(STEPS / 5, 5, () => sim.step(1)));
      sim.free();
    }
    return median(runs);
  },

  /** The frame (step + render + putImageData) inside a requestAnimationFrame loop for `seconds`. */
  async frame(seconds) {
    const sim = new TissueSim(LATTICE, 256);
    sim.step(WARM_UP);
    const f = framer(sim);
    for (let i = 0; i < 3; i++) f.frame();
    const r = await rafLoop(seconds, f.frame);
    f.canvas.remove();
    sim.free();
    return r;
  },

  /**
   * The widget itself: a <polyamine-sim> playing (speed 1) for `seconds`,
   * each of its animation-frame callbacks timed (step, render, the chart's
   * and gauge's day, now and then the text alternative); then the restart
   * after a DFMO dose change (the attribute, as the dose field sets it) and
   * reset(), medians of 20.
   */
  async widget(seconds) {
    const raf = window.requestAnimationFrame.bind(window);
    const work = [];
    const stamps = [];
    window.requestAnimationFrame = (cb) =>
      raf((ts) => {
        const t0 = performance.now();
        cb(ts);
        work.push(performance.now() - t0);
        stamps.push(ts);
      });
    const el = document.createElement('polyamine-sim');
    el.setAttribute('preset', 'dfmo-amxt');
    el.setAttribute('autoplay', 'false');
    const ready = new Promise((resolve) => el.addEventListener('ready', resolve, { once: true }));
    document.querySelector('main').append(el);
    await ready;
    el.advance(5);
    el.play();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    el.pause();
    window.requestAnimationFrame = raf;
    const loop = { median: median(work), p95: quantile(work, 0.95), fps: (stamps.length - 1) / ((stamps.at(-1) - stamps[0]) / 1000), frames: stamps.length };
    const time = (n, f) => {
      const ts = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        f(i);
        ts.push(performance.now() - t0);
      }
      return { median: median(ts), p95: quantile(ts, 0.95) };
    };
    const dose = time(20, (i) => el.setAttribute('dfmo-dose-mg', String(500 + i)));
    const reset = time(20, () => el.reset());
    el.remove();
    return { loop, dose, reset };
  },
};
