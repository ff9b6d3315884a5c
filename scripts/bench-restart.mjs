// Restart costs in Chromium (part of `make bench`): the widget's reset(), a
// DFMO dose change through the attribute (with the dose–response readout), a
// fresh 256² TissueSim, TissueSim.reset, one part A run, and a 32-dose sweep.
// Medians of 20 (5 for the sweep), printed in ms.
// Usage: node scripts/bench-restart.mjs [DIST] (default dist)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = await startServer({ root: path.resolve(repo, process.argv[2] ?? 'dist'), port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 2000 }, reducedMotion: 'reduce' });
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('polyamine-sim')?.shadowRoot?.querySelector('.now'));
  const r = await page.evaluate(async () => {
    const el = document.querySelector('polyamine-sim');
    const glue = await import('./polyamine_sim.js');
    const median = (f, n = 20) => {
      const ts = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        f(i);
        ts.push(performance.now() - t0);
      }
      ts.sort((a, b) => a - b);
      return ts[n >> 1];
    };
    const ode = new glue.OdeEngine();
    const sim = new glue.TissueSim({ preset: 'dfmo-amxt' }, 256);
    return {
      'widget reset()': median(() => el.reset()),
      'DFMO dose change (attribute)': median((i) => el.setAttribute('dfmo-dose-mg', String(500 + i))),
      'new TissueSim 256²': median(() => new glue.TissueSim({ preset: 'dfmo-amxt' }, 256).free()),
      'TissueSim.reset, regimen change': median((i) => sim.reset({ preset: 'dfmo-amxt', dfmo: { dose_mg: 500 + i } })),
      'part A run, rows every 0.25 day': median(() => ode.run({ preset: 'dfmo-amxt' }, 0.25).free()),
      'dfmo_sweep, 32 doses': median(() => ode.dfmo_sweep({ preset: 'dfmo-amxt' }, new Float64Array(32).map((_, i) => i * 96)), 5),
    };
  });
  for (const [k, v] of Object.entries(r)) console.log(`restart in Chromium: ${k}: median ${v.toFixed(2)} ms`);
} finally {
  await browser.close();
  await server.close();
}
