// The immune-efficacy gauge: x of the whole-tumour model at the tissue's day,
// in its escape / either / control band.
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

test('untreated the gauge reads 0.50 (escape); with DFMO + AMXT it climbs into the control band as the tissue advances', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'untreated' }, { preset: 'dfmo-amxt' }], reduced);
  assert.equal((await gauge(page, 0)).text, 'x = 0.50: the tumour escapes');
  assert.equal((await gauge(page, 1)).text, 'x = 0.50: the tumour escapes', 'day 0: treatment has not acted yet');
  await page.evaluate(() => document.querySelectorAll('polyamine-sim').forEach((el) => el.advance(20)));
  const [untreated, treated] = [await gauge(page, 0), await gauge(page, 1)];
  assert.equal(untreated.text, 'x = 0.50: the tumour escapes');
  assert.match(treated.text, /^x = 1\.\d\d: the immune system can control the tumour$/);
  assert.ok(treated.value > 1.13);
  assert.equal(treated.valuetext, treated.text, 'screen readers hear the value and its band');
  assert.deepEqual([log.errors, log.warnings], [[], []]);
});

test('the gauge is labelled and speaks German', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo', lang: 'de' }], reduced);
  await page.evaluate(() => document.querySelector('polyamine-sim').advance(30));
  assert.match((await gauge(page)).text, /^x = 0,\d\d: (der Tumor entkommt|beide Ausgänge möglich)$/);
  assert.equal(await page.getByRole('meter', { name: 'Immunwirksamkeit x' }).count(), 1);
});
