// The <polyamine-sim> element's contract: the inhibition attribute (and bad
// values), several instances, disconnect/reconnect, reduced motion, and the
// error path when the wasm cannot be loaded.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  artifact,
  centreMean,
  differingFraction,
  distinctColours,
  launchBrowser,
  openPage,
  readCanvas,
  serveDist,
  waitForReady,
  widgetEvents,
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

/** Load the demo page, then replace its widget with new ones having the given attributes. */
async function pageWith(t, widgets, contextOptions) {
  const { page, log } = await openPage(t, browser, contextOptions);
  await page.goto(server.url);
  await waitForReady(page);
  await page.evaluate((widgets) => {
    window.__widgetEvents.length = 0;
    const main = document.querySelector('main');
    main.querySelector('polyamine-sim').remove();
    for (const attrs of widgets) {
      const el = document.createElement('polyamine-sim');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      main.append(el);
    }
  }, widgets);
  await waitForReady(page, widgets.length);
  return { page, log };
}

const distance = (a, b) => Math.hypot(...a.map((v, i) => v - b[i]));

for (const [bad, used] of [
  ['banana', '0'],
  ['7', '1'],
  ['-3', '0'],
  ['', '0'],
]) {
  test(`inhibition="${bad}" warns, naming the attribute, the value and ${used}, and still draws`, async (t) => {
    const { page, log } = await pageWith(t, [{ inhibition: bad }]);
    const warning = log.warnings.find((w) => w.includes('inhibition'));
    assert.ok(warning, `expected a console warning, got ${JSON.stringify(log.warnings)}`);
    assert.ok(warning.includes(`"${bad}"`), `warning names the bad value: ${warning}`);
    assert.ok(warning.includes(`using ${used}`), `warning names the value used: ${warning}`);
    assert.deepEqual(log.errors, [], 'bad input is a warning, never an error');
    assert.deepEqual(log.pageErrors, []);
    assert.ok(distinctColours(await readCanvas(page)) >= 50, 'the widget still draws');
    assert.equal(await page.locator('polyamine-sim input[type=range]').inputValue(), used);
  });
}

test('the inhibition attribute drives the slider and the picture, and can change later', async (t) => {
  const { page, log } = await pageWith(t, [{ inhibition: '0' }, { inhibition: '1' }]);
  assert.deepEqual(log.warnings, []);
  const untreated = centreMean(await readCanvas(page, 0));
  const treated = centreMean(await readCanvas(page, 1));
  assert.ok(distance(untreated, treated) > 40, `two instances differ: ${untreated} vs ${treated}`);
  assert.equal(await page.locator('polyamine-sim output').nth(1).textContent(), '100%');

  await page.locator('polyamine-sim').first().evaluate((el) => el.setAttribute('inhibition', '1'));
  const nowTreated = centreMean(await readCanvas(page, 0));
  assert.ok(distance(nowTreated, treated) < 10, `after setAttribute the first looks treated: ${nowTreated} vs ${treated}`);
  assert.equal(await page.locator('polyamine-sim input[type=range]').first().inputValue(), '1');

  await page.locator('polyamine-sim').first().evaluate((el) => (el.inhibition = 0.25));
  assert.equal(await page.locator('polyamine-sim').first().getAttribute('inhibition'), '0.25');
  assert.equal(await page.locator('polyamine-sim output').first().textContent(), '25%');
  assert.deepEqual(log.errors, []);
});

test('the picture animates, and stops once the element is removed; re-adding it starts again', async (t) => {
  const { page, log } = await openPage(t, browser);
  // Count animation-frame callbacks the page runs.
  await page.addInitScript(() => {
    window.__rafCalls = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((ts) => (window.__rafCalls++, cb(ts)));
  });
  await page.goto(server.url);
  await waitForReady(page);
  const a = await readCanvas(page);
  await page.waitForTimeout(400);
  const b = await readCanvas(page);
  assert.ok(differingFraction(a, b) > 0, 'the T cells move between frames');

  await page.evaluate(() => {
    window.__removed = document.querySelector('polyamine-sim');
    window.__removed.remove();
  });
  const calls = await page.evaluate(() => window.__rafCalls);
  await page.waitForTimeout(400);
  assert.ok((await page.evaluate(() => window.__rafCalls)) - calls <= 1, 'no animation loop while disconnected');

  await page.evaluate(() => document.querySelector('main').append(window.__removed));
  const events = await waitForReady(page, 2);
  assert.equal(events.length, 2, 'ready again after reconnecting');
  assert.ok(distinctColours(await readCanvas(page)) >= 50);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

test('after wasm memory grows, existing widgets still draw and follow their slider', async (t) => {
  const { page, log } = await openPage(t, browser);
  await page.goto(server.url);
  await waitForReady(page);
  const memoryBytes = () =>
    page.evaluate(async () => (await (await import('./polyamine_sim.js')).default()).memory.buffer.byteLength);
  const before = await memoryBytes();
  const untreated = centreMean(await readCanvas(page));
  // Each widget allocates its picture in wasm memory; enough of them force it to grow.
  await page.evaluate(() => {
    for (let i = 0; i < 12; i++) document.querySelector('main').append(document.createElement('polyamine-sim'));
  });
  await waitForReady(page, 13);
  assert.ok((await memoryBytes()) > before, 'wasm memory grew');
  await page.getByRole('slider', { name: 'Polyamine inhibitor' }).first().fill('1');
  const treated = centreMean(await readCanvas(page));
  assert.ok(distance(untreated, treated) > 40, `first widget redrawn after growth: ${untreated} -> ${treated}`);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
});

test('with prefers-reduced-motion the picture holds still but still follows the slider', async (t) => {
  const { page } = await openPage(t, browser, { reducedMotion: 'reduce' });
  await page.goto(server.url);
  await waitForReady(page);
  const a = await readCanvas(page);
  await page.waitForTimeout(400);
  const b = await readCanvas(page);
  assert.equal(differingFraction(a, b), 0, 'no animation');
  await page.getByRole('slider', { name: 'Polyamine inhibitor' }).fill('1');
  assert.ok(distance(centreMean(a), centreMean(await readCanvas(page))) > 40);
});

test('if the wasm cannot be loaded, the element shows a message and fires error', async (t) => {
  const { page, log } = await openPage(t, browser);
  await page.route('**/polyamine_sim_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(server.url);
  await page.waitForFunction(() => window.__widgetEvents.length > 0);
  const events = await widgetEvents(page);
  assert.equal(events.length, 1);
  assert.equal(events[0].type, 'error');
  assert.ok(events[0].detail.message.length > 0, 'error detail carries a message');
  const alert = page.getByRole('alert');
  await assert.doesNotReject(alert.waitFor({ state: 'visible' }));
  assert.match(await alert.textContent(), /could not be loaded/);
  assert.equal(await page.locator('polyamine-sim canvas').isVisible(), false, 'no blank picture box');
  assert.deepEqual(log.pageErrors, [], 'no uncaught exception');
  await page.screenshot({ path: artifact('slice-error.png') });
});
