// The time-series chart: the whole-tumour model of the current settings,
// read through a keyboard-operable cursor whose readout is DOM text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageWith, readCanvas, sharedBrowserAndServer } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };

const readout = (page, i = 0) => page.evaluate((i) => document.querySelectorAll('polyamine-sim')[i].shadowRoot.querySelector('.chart-readout').textContent, i);
/** The tumour value in a readout ("tumour 1.2E5 cells"), as a number. */
const tumourIn = (text) => Number(/tumour ([\d.,]+E-?\d+) cells/.exec(text)[1].replace(',', '.'));

test('the readout at day 60 shows the engine values and follows the DFMO dose', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt' }], reduced);
  const cursor = page.getByRole('slider', { name: 'Read the chart at day' });
  await cursor.fill('60');
  const before = await readout(page);
  assert.match(before, /^Day 60: tumour /);
  // The engine's own value at day 60 (the CSV has the CLI's numbers).
  const row = (await page.evaluate(() => document.querySelector('polyamine-sim').toCSV(1))).split('\n')[61].split(',');
  assert.equal(row[0], '60');
  const engineT = Number(row[1]);
  assert.ok(Math.abs(tumourIn(before) / engineT - 1) < 0.05, `readout ${before} vs engine T(60) = ${engineT}`);
  // No DFMO (AMXT alone): the tumour at day 60 escapes.
  const field = page.locator('polyamine-sim .dose-number').first();
  await field.fill('0');
  await field.press('Enter');
  await cursor.fill('60');
  const after = await readout(page);
  assert.ok(tumourIn(after) > 100 * tumourIn(before), `DFMO 768 mg: ${before}\nDFMO 0 mg: ${after}`);
  assert.deepEqual([log.errors, log.warnings], [[], []]);
});

test('the chart draws, and the cursor works from the keyboard', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'chemo' }], reduced);
  const pixels = await page.evaluate(() => {
    const c = document.querySelector('polyamine-sim').shadowRoot.querySelector('.chart canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (!(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) coloured++;
    return coloured;
  });
  assert.ok(pixels > 2000, `${pixels} drawn pixels`);
  const cursor = page.getByRole('slider', { name: 'Read the chart at day' });
  await cursor.focus();
  await page.keyboard.press('Home');
  assert.match(await readout(page), /^Day 0: /);
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  assert.match(await readout(page), /^Day 1: /);
  assert.equal(await cursor.getAttribute('aria-valuetext'), await readout(page), 'screen readers hear the readout');
});

test('German readout with localised numbers', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt', lang: 'de' }], reduced);
  await page.getByRole('slider', { name: 'Diagramm ablesen an Tag' }).fill('60');
  // MODEL-SPEC v1.1 A5: T(60) = 4.4e4 and P = 0.25 under DFMO + AMXT 1501.
  assert.match(await readout(page), /^Tag 60: Tumor 4,4E4 Zellen, .*Polyamine \(P\) 0,25/);
});
