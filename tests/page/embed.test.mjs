// embed.html takes the element's settings as URL query parameters, for
// editors whose CMS only allows an iframe (here the full tool, layout=explorer).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, readCanvas, sharedBrowserAndServer, waitForReady, widgetState } from './helpers.mjs';

const shared = sharedBrowserAndServer();

test('embed.html applies preset, overlay, seed, speed and lang from the URL', async (t) => {
  const { page, log } = await openPage(t, shared.browser, { reducedMotion: 'reduce' });
  await page.goto(`${shared.server.url}embed.html?layout=explorer&preset=dfmo-amxt&overlay=polyamine&seed=5&speed=3&lang=de`);
  await waitForReady(page);
  const state = await widgetState(page);
  assert.equal(state.preset, 'dfmo-amxt');
  const widget = page.locator('polyamine-sim');
  for (const [name, value] of [['overlay', 'polyamine'], ['seed', '5'], ['speed', '3'], ['lang', 'de']]) {
    assert.equal(await widget.getAttribute(name), value, name);
  }
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await page.getByRole('radio', { name: 'Polyamine' }).isChecked(), true, 'the polyamine overlay is chosen');
  assert.match(state.status, /^Tag 0: /, 'German status line');
  assert.deepEqual([log.errors, log.warnings, log.pageErrors], [[], [], []]);
});

test('the same settings in the URL and as attributes draw the same picture', async (t) => {
  const { page } = await openPage(t, shared.browser, { reducedMotion: 'reduce' });
  await page.goto(`${shared.server.url}embed.html?layout=explorer&preset=chemo&seed=9&overlay=drug`);
  await waitForReady(page);
  await page.evaluate(() => document.querySelector('polyamine-sim').advance(10));
  const fromUrl = await readCanvas(page);
  const { page: other } = await openPage(t, shared.browser, { reducedMotion: 'reduce' });
  await other.goto(`${shared.server.url}embed.html?layout=explorer`);
  await waitForReady(other);
  await other.evaluate(() => {
    const el = document.querySelector('polyamine-sim');
    el.setAttribute('preset', 'chemo');
    el.setAttribute('seed', '9');
    el.setAttribute('overlay', 'drug');
    el.advance(10);
  });
  const fromAttributes = await readCanvas(other);
  assert.deepEqual(Buffer.from(fromUrl.data), Buffer.from(fromAttributes.data));
});

test('unknown and bad URL parameters warn by name and the widget still draws', async (t) => {
  const { page, log } = await openPage(t, shared.browser, { reducedMotion: 'reduce' });
  await page.goto(`${shared.server.url}embed.html?layout=explorer&colour=red&preset=magic&seed=abc`);
  await waitForReady(page);
  assert.ok(log.warnings.some((w) => w.includes('"colour"') && w.includes('preset')), log.warnings.join('\n'));
  assert.ok(log.warnings.some((w) => w.includes('preset="magic"') && w.includes('untreated')), log.warnings.join('\n'));
  assert.ok(log.warnings.some((w) => w.includes('seed="abc"')), log.warnings.join('\n'));
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
  assert.equal((await widgetState(page)).preset, 'untreated');
  const { data } = await readCanvas(page);
  assert.ok(data.some((v, i) => i % 4 === 3 && v === 255), 'the canvas is painted');
});
