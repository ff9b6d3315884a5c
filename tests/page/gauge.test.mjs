// The immune-efficacy gauge: x of the whole-tumour model at the tissue's day,
// on its side of the model's tipping points, and how the run ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageWith, sharedBrowserAndServer } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };
const gauge = (page, i = 0) =>
  page.evaluate((i) => {
    const root = document.querySelectorAll('polyamine-sim')[i].shadowRoot;
    const meter = root.querySelector('.gauge meter');
    return { text: root.querySelector('.gauge output').textContent, value: meter.value, valuetext: meter.getAttribute('aria-valuetext') };
  }, i);

const ESCAPES = 'In this simulation the tumour outgrows the immune defence.';
const HELD = 'In this simulation the immune system holds the tumour small (it is not cured).';

test('untreated the gauge reads 0.50 (too weak); with DFMO + AMXT it climbs past the upper tipping point; each says how its run ends', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'untreated' }, { preset: 'dfmo-amxt' }], reduced);
  assert.equal((await gauge(page, 0)).text, `x = 0.50: too weak to stop the tumour, whatever its size. ${ESCAPES}`);
  assert.equal((await gauge(page, 1)).text, `x = 0.50: too weak to stop the tumour, whatever its size. ${HELD}`, 'day 0: treatment has not acted yet, but the run ends held small');
  await page.evaluate(() => document.querySelectorAll('polyamine-sim').forEach((el) => el.advance(20)));
  const [untreated, treated] = [await gauge(page, 0), await gauge(page, 1)];
  assert.equal(untreated.text, `x = 0.50: too weak to stop the tumour, whatever its size. ${ESCAPES}`);
  assert.match(treated.text, /^x = 1\.\d\d: strong enough to hold the tumour small\. In this simulation the immune system holds/);
  assert.ok(treated.value > 1.13);
  // The bands are the model's tipping points, read from the schema (MODEL-SPEC A5: 0.5976 and 1.1315).
  const bands = await page.evaluate(() => {
    const m = document.querySelector('polyamine-sim').shadowRoot.querySelector('.gauge meter');
    return [m.low, m.high];
  });
  assert.deepEqual(bands, [0.5976, 1.1315]);
  assert.equal(treated.valuetext, treated.text, 'screen readers hear the value and its band');
  assert.deepEqual([log.errors, log.warnings], [[], []]);
});

test('the gauge is labelled and speaks German; the knockout, just above the tipping point, ends held small', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo', lang: 'de' }, { preset: 'odc-knockout', lang: 'de' }], reduced);
  await page.evaluate(() => document.querySelectorAll('polyamine-sim').forEach((el) => el.advance(30)));
  assert.match((await gauge(page)).text, /^x = 0,\d\d: reicht nur, solange der Tumor klein ist\. In dieser Simulation wächst der Tumor der Immunabwehr über den Kopf\.$/);
  assert.match((await gauge(page, 1)).text, /^x = 1,1\d: (stark genug|reicht nur).*In dieser Simulation hält das Immunsystem den Tumor klein \(geheilt ist er nicht\)\.$/);
  assert.equal(await page.getByRole('meter', { name: 'Wie gut die T-Zellen den Tumor bekämpfen können (Immunwirksamkeit x)' }).count(), 2);
});
