// The demo page (dist/index.html): loads cleanly, draws, and the slider drives
// the picture.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  artifact,
  centreMean,
  distinctColours,
  launchBrowser,
  openPage,
  readCanvas,
  serveDist,
  transparentFraction,
  waitForReady,
} from './helpers.mjs';

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), serveDist()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const distance = (a, b) => Math.hypot(...a.map((v, i) => v - b[i]));

test('demo page loads with no console errors, warnings or page errors and fires ready', async (t) => {
  const { page, log } = await openPage(t, browser);
  const response = await page.goto(server.url);
  assert.equal(response.status(), 200);
  const ready = await waitForReady(page);
  assert.equal(ready.length, 1, 'exactly one ready event');
  assert.match(ready[0].detail.version, /^\d+\.\d+\.\d+/, 'ready detail carries the wasm crate version');
  await page.waitForTimeout(300); // let a few animation frames run
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(log.failedRequests, []);
  await page.screenshot({ path: artifact('slice-untreated.png'), fullPage: true });
});

test('the canvas is drawn, not blank', async (t) => {
  const { page } = await openPage(t, browser);
  await page.goto(server.url);
  await waitForReady(page);
  const img = await readCanvas(page);
  assert.ok(img.width >= 100 && img.height >= 100, `canvas is ${img.width}x${img.height}`);
  assert.equal(transparentFraction(img), 0, 'every pixel is painted');
  const colours = distinctColours(img);
  assert.ok(colours >= 50, `expected a picture with many colours, got ${colours}`);
  // The picture fills the widget's width on the page.
  const box = await page.locator('polyamine-sim canvas').boundingBox();
  const hostBox = await page.locator('polyamine-sim').boundingBox();
  assert.ok(Math.abs(box.width - hostBox.width) < 1, `canvas ${box.width}px wide in a ${hostBox.width}px host`);
  assert.ok(Math.abs(box.height / box.width - img.height / img.width) < 0.02, 'canvas keeps its aspect ratio');
});

test('moving the slider with the keyboard changes the picture, its label and its text alternative', async (t) => {
  const { page, log } = await openPage(t, browser);
  await page.goto(server.url);
  await waitForReady(page);
  const slider = page.getByRole('slider', { name: 'Polyamine inhibitor' });
  const canvas = page.getByRole('img');
  const output = page.locator('polyamine-sim output');

  await slider.focus();
  assert.equal(await output.textContent(), '0%');
  const labelBefore = await canvas.getAttribute('aria-label');
  const before = centreMean(await readCanvas(page));

  await slider.press('End');
  assert.equal(await slider.inputValue(), '1');
  assert.equal(await output.textContent(), '100%');
  assert.equal(await slider.getAttribute('aria-valuetext'), '100%');
  const labelAfter = await canvas.getAttribute('aria-label');
  assert.notEqual(labelAfter, labelBefore, 'the text alternative follows the slider');
  assert.match(labelAfter, /100%/);
  const inhibited = centreMean(await readCanvas(page));
  // The animation alone never changes the tumour centre this much: the
  // inhibitor does.
  assert.ok(distance(before, inhibited) > 40, `centre colour ${before} -> ${inhibited} should change a lot`);
  await page.screenshot({ path: artifact('slice-inhibited.png'), fullPage: true });

  await slider.press('Home');
  assert.equal(await output.textContent(), '0%');
  const back = centreMean(await readCanvas(page));
  assert.ok(distance(before, back) < 10, `back to 0 the centre ${back} should look untreated again (${before})`);

  await slider.press('ArrowRight');
  assert.equal(await slider.inputValue(), '0.01');
  assert.equal(await output.textContent(), '1%');

  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
});

test('the slider moved with fill() (pointer-style input) also changes the picture', async (t) => {
  const { page } = await openPage(t, browser);
  await page.goto(server.url);
  await waitForReady(page);
  const slider = page.getByRole('slider', { name: 'Polyamine inhibitor' });
  const before = centreMean(await readCanvas(page));
  await slider.fill('0.6');
  assert.equal(await page.locator('polyamine-sim output').textContent(), '60%');
  const after = centreMean(await readCanvas(page));
  assert.ok(distance(before, after) > 20, `centre colour ${before} -> ${after} should change`);
  assert.equal(await page.locator('polyamine-sim').evaluate((el) => el.inhibition), 0.6);
});
