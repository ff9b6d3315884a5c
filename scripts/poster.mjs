// Regenerate www/poster.png: the tissue section on day 0 (seed 1, 256²,
// cells overlay), which the widget shows before its WebAssembly arrives and
// which readers without WebAssembly see. Every treatment looks the same on day
// 0, so one poster serves every preset. Rendered by the wasm itself in
// Chromium, so it is the first frame pixel for pixel (a page test checks it
// is still current). Usage: node scripts/poster.mjs [DIST] (default dist).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(repo, process.argv[2] ?? 'dist');
const server = await startServer({ root: dist, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(new URL("index.html", server.url.endsWith("/") ? server.url : `${server.url}/`).href);
  const dataUrl = await page.evaluate(async () => {
    const glue = await import('./polyamine_sim.js');
    const exports = await glue.default();
    const sim = new glue.TissueSim({ seed: 1 }, 256);
    sim.render('cells');
    const pixels = new Uint8ClampedArray(exports.memory.buffer, sim.pixels_ptr(), sim.pixels_len()).slice();
    const canvas = Object.assign(document.createElement('canvas'), { width: 256, height: 256 });
    canvas.getContext('2d').putImageData(new ImageData(pixels, 256, 256), 0, 0);
    return canvas.toDataURL('image/png');
  });
  const out = path.join(repo, 'www/poster.png');
  writeFileSync(out, Buffer.from(dataUrl.split(',')[1], 'base64'));
  console.log(`wrote ${path.relative(repo, out)}`);
} finally {
  await browser.close();
  await server.close?.();
}
