// The inhibitor dose controls: generated from the parameter schema, set by
// the treatment presets, and changing what happens in the tissue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countBefore, pageWith, sharedBrowserAndServer, widgetState } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };

/** The dose controls of widget `index`: [{ label, min, max, range, number, help }]. */
function doses(page, index = 0) {
  return page.evaluate((index) => {
    const root = document.querySelectorAll('polyamine-sim')[index].shadowRoot;
    return [...root.querySelectorAll('.dose')].map((d) => {
      const [range, number] = d.querySelectorAll('input');
      return {
        label: d.querySelector('label').textContent,
        labelFor: d.querySelector('label').htmlFor === range.id,
        min: range.min,
        max: range.max,
        range: range.value,
        number: number.value,
        help: root.getElementById(range.getAttribute('aria-describedby'))?.textContent ?? null,
      };
    });
  }, index);
}

test('dose controls come from the schema: label, range, typed field and help text', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{}], reduced);
  const [dfmo, amxt] = await doses(page);
  assert.deepEqual([dfmo.label, dfmo.min, dfmo.max, dfmo.labelFor], ['DFMO dose', '0', '3000', true]);
  assert.deepEqual([amxt.label, amxt.min, amxt.max], ['AMXT 1501 dose', '0', '2']);
  assert.match(dfmo.help, /768 mg/);
  assert.match(amxt.help, /illustrative/);
  assert.deepEqual([dfmo.range, dfmo.number, amxt.range, amxt.number], ['0', '0', '0', '0'], 'untreated gives no inhibitor');
  assert.deepEqual([log.errors, log.warnings], [[], []]);
});

test('a treatment preset sets the doses it gives', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{}], reduced);
  await page.getByRole('combobox', { name: 'Treatment' }).selectOption('dfmo-amxt');
  let [dfmo, amxt] = await doses(page);
  assert.deepEqual([dfmo.range, dfmo.number, amxt.range, amxt.number], ['768', '768', '1', '1']);
  await page.getByRole('combobox', { name: 'Treatment' }).selectOption('amxt');
  [dfmo, amxt] = await doses(page);
  assert.deepEqual([dfmo.number, amxt.number], ['0', '1']);
});

test('raising the DFMO dose with AMXT leaves fewer tumour cells at day 30', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'amxt', seed: '1' }, { preset: 'amxt', seed: '1' }], reduced);
  const field = page.locator('polyamine-sim').nth(1).locator('.dose-number').first();
  await field.fill('1536');
  await field.press('Enter');
  assert.equal(await page.locator('polyamine-sim').nth(1).getAttribute('dfmo-dose-mg'), '1536');
  await page.evaluate(() => document.querySelectorAll('polyamine-sim').forEach((el) => el.advance(30)));
  const [low, high] = [await widgetState(page, 0), await widgetState(page, 1)];
  const [tumourLow, tumourHigh] = [countBefore(low.status, 'tumour cells'), countBefore(high.status, 'tumour cells')];
  assert.ok(tumourHigh < 0.6 * tumourLow, `DFMO 1536 mg: ${tumourHigh} tumour cells; DFMO 0 mg: ${tumourLow}`);
});

test('the slider is keyboard-operable and restarts the tissue with the new dose', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt' }], reduced);
  await page.evaluate(() => document.querySelector('polyamine-sim').advance(3));
  const slider = page.getByRole('slider', { name: 'DFMO dose' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  // Slider moves reach the widget once per animation frame.
  await page.waitForFunction(() => document.querySelector('polyamine-sim').getAttribute('dfmo-dose-mg') === '769');
  const [dfmo] = await doses(page);
  assert.deepEqual([dfmo.range, dfmo.number], ['769', '769'], 'the typed field follows the slider');
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').day), 0, 'a new dose restarts at day 0');
});

test('out-of-range and unreadable doses are clamped or dropped with a warning naming them', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt', 'dfmo-dose-mg': '5000', 'amxt-dose': 'lots' }], reduced);
  const [dfmo, amxt] = await doses(page);
  assert.deepEqual([dfmo.number, amxt.number], ['3000', '1'], 'clamped to the range; unreadable falls back to the preset');
  assert.ok(log.warnings.some((w) => w.includes('dfmo-dose-mg="5000"') && w.includes('3000')), log.warnings.join('\n'));
  assert.ok(log.warnings.some((w) => w.includes('amxt-dose="lots"') && w.includes('0 to 2')), log.warnings.join('\n'));
  assert.deepEqual(log.errors, []);
});
