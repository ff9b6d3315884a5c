// The <polyamine-sim> element's contract: attributes (and bad values, warned
// once), several independent instances, disconnect/reconnect, wasm memory
// growth, reduced motion, and the error path when the wasm cannot be loaded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TUMOUR_RGB,
  artifact,
  call,
  changeOver,
  countFrames,
  differingFraction,
  distinctColours,
  openPage,
  pageWith,
  pauseAtDayZero,
  pixelsOf,
  readCanvas,
  sharedBrowserAndServer,
  transparentFraction,
  waitForReady,
  widgetEvents,
  widgetState,
} from './helpers.mjs';

const shared = sharedBrowserAndServer();
/** A viewport tall enough for four widgets: they animate only while in view. */
const ALL_IN_VIEW = { viewport: { width: 800, height: 9000 } };

const days = (page) => page.evaluate(() => [...document.querySelectorAll('polyamine-sim')].map((el) => el.day));
const drawn = (img) => transparentFraction(img) === 0 && distinctColours(img) >= 10;

test('bad attribute values warn once each (not per frame), naming the attribute, the value and the value used; the widgets keep drawing', async (t) => {
  const bad = [
    { attr: 'preset', value: 'banana', used: 'untreated' },
    { attr: 'overlay', value: 'xray', used: 'cells' },
    { attr: 'seed', value: '-5', used: '0' },
    { attr: 'speed', value: '99', used: '8' },
  ];
  const { page, log } = await pageWith(
    t,
    shared.browser,
    shared.server,
    bad.map(({ attr, value }) => ({ [attr]: value })),
    ALL_IN_VIEW, // widgets animate only while in view
  );
  const start = await days(page);
  await page.waitForTimeout(1000); // about 60 animation frames
  const end = await days(page);
  for (const [i, { attr, value, used }] of bad.entries()) {
    const mine = log.warnings.filter((w) => w.includes(`${attr}="${value}"`));
    assert.equal(mine.length, 1, `one warning for ${attr}="${value}", got ${JSON.stringify(log.warnings)}`);
    assert.match(mine[0], /^<polyamine-sim>: attribute /);
    assert.ok(mine[0].includes(`using ${used}`), `the warning names the value used: ${mine[0]}`);
    assert.ok(drawn(await readCanvas(page, i)), `widget ${i} (${attr}="${value}") still draws`);
    assert.ok(end[i] > start[i], `widget ${i} still animates: day ${start[i]} -> ${end[i]}`);
  }
  assert.equal(log.warnings.length, bad.length, `no other warnings: ${JSON.stringify(log.warnings)}`);
  // The values used show in the controls.
  assert.equal((await widgetState(page, 0)).preset, 'untreated');
  assert.equal((await widgetState(page, 1)).overlay, 'cells');
  // speed="99" runs at the maximum, 8 steps a frame: four times the default 2.
  const perSecond = end.map((d, i) => d - start[i]);
  assert.ok(perSecond[3] > 2.5 * perSecond[0], `speed 8 vs default: ${perSecond[3]} vs ${perSecond[0]} days in 1 s`);

  // A bad value set later warns once too, and the widget carries on.
  await page.locator('polyamine-sim').nth(0).evaluate((el) => el.setAttribute('overlay', 'sepia'));
  await page.waitForTimeout(300);
  const later = log.warnings.filter((w) => w.includes('overlay="sepia"'));
  assert.equal(later.length, 1, JSON.stringify(log.warnings));
  assert.ok(later[0].includes('using cells'));
  assert.ok(drawn(await readCanvas(page, 0)));
  assert.deepEqual(log.errors, [], 'bad input is a warning, never an error');
  assert.deepEqual(log.pageErrors, []);
});

test('valid attributes warn about nothing; the overlay attribute checks its radio, draws its picture and legend', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt-chemo', seed: '42', speed: '3', overlay: 'cells', lang: 'en' }]);
  await pauseAtDayZero(page);
  await call(page, 0, 'advance', 8);
  const host = page.locator('polyamine-sim');
  const pictures = {};
  const legends = {};
  for (const overlay of ['cells', 'polyamine', 'drug', 'perfusion']) {
    await host.evaluate((el, o) => el.setAttribute('overlay', o), overlay);
    const state = await widgetState(page);
    assert.equal(state.overlay, overlay, 'the radio follows the attribute');
    pictures[overlay] = await readCanvas(page);
    legends[overlay] = state.legend.join(' | ');
    assert.ok(drawn(pictures[overlay]), `${overlay} draws`);
  }
  const tumour = pixelsOf(pictures.cells, TUMOUR_RGB);
  assert.ok(tumour.length > 500, `tumour pixels: ${tumour.length}`);
  for (const overlay of ['polyamine', 'drug', 'perfusion']) {
    const change = changeOver(pictures.cells, pictures[overlay], tumour);
    assert.ok(change.fraction > 0.5, `${overlay} changes the picture over the tumour (${(change.fraction * 100).toFixed(0)}% of its pixels)`);
    assert.notEqual(legends[overlay], legends.cells, `${overlay} has its own legend`);
  }
  assert.match(legends.polyamine, /Thick haze: polyamines/);
  assert.match(legends.drug, /Much of the second drug/);
  assert.match(legends.perfusion, /good blood flow \(drugs get in well\)/);
  assert.equal(differingFraction(pictures.polyamine, pictures.drug) > 0, true);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(log.errors, []);
});

test('two instances with different presets are independent; the same settings give the same picture', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [
    { preset: 'untreated', seed: '7' },
    { preset: 'dfmo-amxt', seed: '7' },
  ]);
  await pauseAtDayZero(page, 0);
  await pauseAtDayZero(page, 1);
  // Interleave their steps: shared state would show up as a difference below.
  for (let i = 0; i < 4; i++) {
    await call(page, 0, 'advance', 3);
    await call(page, 1, 'advance', 3);
  }
  const [a, b] = [await readCanvas(page, 0), await readCanvas(page, 1)];
  assert.ok(differingFraction(a, b) > 0.01, 'different treatments, different pictures');

  // A third widget with A's settings, stepped alone, draws exactly A's picture.
  await page.evaluate(() => {
    const c = document.createElement('polyamine-sim');
    c.setAttribute('layout', 'explorer');
    c.setAttribute('preset', 'untreated');
    c.setAttribute('seed', '7');
    document.querySelector('main').append(c);
  });
  await waitForReady(page, 3);
  await pauseAtDayZero(page, 2);
  await call(page, 2, 'advance', 12);
  assert.equal(differingFraction(a, await readCanvas(page, 2)), 0, 'same preset and seed, same day: same picture');
  assert.equal((await widgetState(page, 2)).status, (await widgetState(page, 0)).status);

  // Changing B's overlay and preset leaves A alone.
  await page.locator('polyamine-sim').nth(1).evaluate((el) => el.setAttribute('overlay', 'polyamine'));
  await page.locator('polyamine-sim').nth(1).getByRole('combobox', { name: 'Treatment' }).selectOption('chemo');
  const stateA = await widgetState(page, 0);
  assert.equal(stateA.overlay, 'cells');
  assert.equal(stateA.preset, 'untreated');
  assert.ok(Math.abs(stateA.day - 12) < 1e-9);
  assert.equal(differingFraction(a, await readCanvas(page, 0)), 0, 'A is untouched');
  assert.equal((await widgetState(page, 1)).day, 0, 'B restarted with its new treatment');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

test('three instances on a page all draw and animate at once', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'untreated' }, { preset: 'dfmo-amxt', overlay: 'polyamine' }, { preset: 'chemo', overlay: 'perfusion' }], ALL_IN_VIEW);
  const start = await days(page);
  await page.waitForFunction((start) => [...document.querySelectorAll('polyamine-sim')].every((el, i) => el.day > start[i] + 0.5), start, { timeout: 5000 });
  for (let i = 0; i < 3; i++) assert.ok(drawn(await readCanvas(page, i)), `widget ${i} draws`);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
  await page.screenshot({ path: artifact('lattice-three.png'), fullPage: true });
});

test('removing the element stops its animation and frees its simulation; re-adding it fires ready and animates again', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  await countFrames(page);
  await page.goto(shared.server.url);
  await waitForReady(page);
  // Count frees of the wasm TissueSim (the element loads the same module instance).
  await page.evaluate(async () => {
    const { TissueSim } = await import('./polyamine_sim.js');
    window.__frees = 0;
    const free = TissueSim.prototype.free;
    TissueSim.prototype.free = function () {
      window.__frees++;
      return free.call(this);
    };
  });
  const a = await readCanvas(page);
  await page.waitForFunction(() => window.__draws > 10);
  assert.ok(differingFraction(a, await readCanvas(page)) > 0, 'the tissue changes between frames');

  await page.evaluate(() => {
    window.__removed = document.querySelector('polyamine-sim');
    window.__removed.remove();
  });
  const counts = () => page.evaluate(() => ({ raf: window.__rafCalls, draws: window.__draws, frees: window.__frees, day: window.__removed?.day }));
  const removed = await counts();
  assert.equal(removed.frees, 1, 'the simulation was freed');
  assert.equal(removed.day, 0, 'nothing left to report a day from');
  await page.waitForTimeout(500);
  const later = await counts();
  assert.ok(later.raf - removed.raf <= 1, `no animation loop while disconnected (${later.raf - removed.raf} frames)`);
  assert.equal(later.draws, removed.draws, 'no drawing while disconnected');

  await page.evaluate(() => document.querySelector('main').append(window.__removed));
  const events = await waitForReady(page, 2);
  assert.equal(events.length, 2, 'ready again after reconnecting');
  await page.waitForFunction(() => document.querySelector('polyamine-sim').day > 0.5, null, { timeout: 3000 });
  assert.ok((await counts()).draws > later.draws + 5, 'drawing again');
  assert.ok(drawn(await readCanvas(page)));
  assert.equal((await page.locator('polyamine-sim .frame:not([hidden]) canvas.section').count()), 1, 'one picture, not two');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

// TODO (www bug, reported): attributeChangedCallback does not check
// isConnected, so on a removed element `preset`/`seed` allocate a new
// TissueSim (and play() then animates off-page), and `lang` calls
// connectedCallback: the detached element fires `ready` and autoplays.
test('attribute changes on a removed element neither start it nor allocate', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  await countFrames(page);
  await page.goto(shared.server.url);
  await waitForReady(page);
  const result = await page.evaluate(async () => {
    const el = document.querySelector('polyamine-sim');
    el.remove();
    let ready = 0;
    el.addEventListener('ready', () => ready++);
    el.setAttribute('preset', 'dfmo');
    el.setAttribute('lang', 'de');
    el.play();
    const draws = window.__draws;
    await new Promise((r) => setTimeout(r, 500));
    return { ready, day: el.day, draws: window.__draws - draws };
  });
  assert.deepEqual(result, { ready: 0, day: 0, draws: 0 }, 'a detached element stays idle');
  assert.deepEqual(log.pageErrors, []);
});

test('settings set right after the element connects are the ones it starts with; a layout or language asked for while it loads replaces the first', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  // An article with the module and no widget yet (scripts add them below).
  const url = `${shared.server.url}article.html`;
  await page.route(url, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title><link rel="icon" href="data:,"><script type="module" src="./polyamine-sim.js"></script></head><body><main></main></body></html>' }),
  );
  const fetched = [];
  page.on('response', (r) => fetched.push(new URL(r.url()).pathname.replace(/^\//, '')));
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('polyamine-sim'));
  /** Whether widget `i` shows the story's Next button (a figure has none). */
  const nextShown = (i) =>
    page.evaluate((i) => {
      const root = document.querySelectorAll('polyamine-sim')[i].shadowRoot;
      return [...root.querySelectorAll('button')].some((b) => b.checkVisibility() && /^(Next|Weiter)/.test(b.textContent.trim()));
    }, i);

  // 1. In the same task as connecting it (as embed.js does): one start, with these settings.
  await page.evaluate(() => {
    const el = document.createElement('polyamine-sim');
    document.querySelector('main').append(el);
    el.setAttribute('layout', 'figure');
    el.setAttribute('lang', 'de');
  });
  await waitForReady(page);
  await page.waitForTimeout(300);
  assert.equal((await widgetEvents(page)).filter((e) => e.type === 'ready').length, 1, 'ready once');
  assert.deepEqual(fetched.filter((f) => f.startsWith('i18n/') || f === 'story.js').sort(), ['i18n/de.json'], "only the German figure's strings, no story: " + fetched.join(', '));
  assert.equal(await nextShown(0), false, 'a figure: no Next button');

  // 2. Later, while its parts load: it starts once, in the layout asked for last.
  await page.evaluate(() => {
    const el = document.createElement('polyamine-sim');
    el.setAttribute('lang', 'de');
    document.querySelector('main').append(el);
    setTimeout(() => el.setAttribute('layout', 'figure'), 0);
  });
  await waitForReady(page, 2);
  await page.waitForTimeout(300);
  assert.equal((await widgetEvents(page)).filter((e) => e.type === 'ready').length, 2, 'the second widget was ready once');
  assert.equal(await nextShown(1), false, 'a figure, not the story it first asked for');
  assert.equal(await page.evaluate(() => document.querySelectorAll('polyamine-sim')[1].getAttribute('layout')), 'figure');
  assert.deepEqual([log.errors, log.pageErrors, log.failedRequests], [[], [], []]);
});

test('after wasm memory grows, an existing widget re-views the memory and draws exactly what it should', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  await page.goto(shared.server.url);
  await waitForReady(page);
  await pauseAtDayZero(page);
  const memoryBytes = () => page.evaluate(async () => (await (await import('./polyamine_sim.js')).default()).memory.buffer.byteLength);
  const before = await memoryBytes();
  // Each widget allocates a lattice in wasm memory; two more force it to grow.
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++) {
      const el = document.createElement('polyamine-sim');
      el.setAttribute('layout', 'explorer');
      el.setAttribute('preset', 'dfmo');
      document.querySelector('main').append(el);
    }
  });
  await waitForReady(page, 3);
  assert.ok((await memoryBytes()) > before, 'wasm memory grew');
  await call(page, 0, 'advance', 2);
  const first = await readCanvas(page, 0);
  // A fresh reference with the first widget's settings, stepped the same.
  await page.evaluate(() => {
    const el = document.createElement('polyamine-sim');
    el.setAttribute('layout', 'explorer');
    document.querySelector('main').append(el);
  });
  await waitForReady(page, 4);
  await pauseAtDayZero(page, 3);
  await call(page, 3, 'advance', 2);
  assert.equal(differingFraction(first, await readCanvas(page, 3)), 0, 'the first widget drew its own, current state');
  await page.locator('polyamine-sim').first().evaluate((el) => el.setAttribute('overlay', 'polyamine'));
  assert.ok(differingFraction(first, await readCanvas(page, 0)) > 0, 'and follows its overlay');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
});

test('with prefers-reduced-motion there is no autoplay, but advance(), overlays and Play still work', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await countFrames(page);
  await page.goto(shared.server.url);
  await waitForReady(page);
  const a = await readCanvas(page);
  const drawsBefore = await page.evaluate(() => window.__draws);
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.__draws), drawsBefore, 'nothing redrawn for a second');
  const still = await widgetState(page);
  assert.equal(still.day, 0, 'no autoplay');
  assert.equal(still.play, 'Play');
  assert.match(still.status, /^Day 0: /);
  assert.equal(differingFraction(a, await readCanvas(page)), 0, 'the picture holds still');

  assert.ok(Math.abs((await call(page, 0, 'advance', 3)) - 3) < 1e-9);
  const b = await readCanvas(page);
  assert.ok(differingFraction(a, b) > 0, 'advance() redraws');
  assert.match((await widgetState(page)).status, /^Day 3: /);
  await page.getByRole('radio', { name: 'Polyamines' }).click();
  assert.ok(differingFraction(b, await readCanvas(page)) > 0, 'the overlay redraws');
  assert.equal((await widgetState(page)).day, 3, 'without stepping');

  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.querySelector('polyamine-sim').day > 3.5, null, { timeout: 3000 });
  assert.equal((await widgetState(page)).play, 'Pause', 'the reader may still choose to play');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

test('if the wasm cannot be loaded, the element fires error and shows an alert, with no uncaught exception', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  await page.route('**/polyamine_sim_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(shared.server.url);
  await page.waitForFunction(() => window.__widgetEvents.length > 0);
  await page.waitForTimeout(200);
  const events = await widgetEvents(page);
  assert.deepEqual(
    events.map((e) => e.type),
    ['error'],
  );
  assert.match(events[0].detail.message, /could not be loaded/);
  const alert = page.getByRole('alert');
  await assert.doesNotReject(alert.waitFor({ state: 'visible', timeout: 2000 }));
  assert.equal(await alert.textContent(), events[0].detail.message);
  assert.equal(await page.locator('polyamine-sim canvas').count(), 0, 'no blank picture box');
  assert.equal(await page.locator('polyamine-sim select').count(), 0, 'no dead controls');
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').day), 0);
  assert.deepEqual(log.pageErrors, [], 'no uncaught exception');
  assert.ok(
    log.errors.some((e) => e.includes('could not load the simulation')),
    `the cause is logged for the developer: ${JSON.stringify(log.errors)}`,
  );
  await page.screenshot({ path: artifact('lattice-error.png') });
});

test('a widget runs only while in view and while the tab is visible', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{}]);
  const day = () => page.evaluate(() => document.querySelector('polyamine-sim').day);
  await page.waitForFunction(() => document.querySelector('polyamine-sim').day > 0.5, null, { timeout: 5000 });
  // Scrolled out of view: it stops, and its Play/Pause still says it plays.
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    document.querySelector('main').prepend(spacer);
  });
  await page.waitForTimeout(300);
  const hiddenDay = await day();
  await page.waitForTimeout(600);
  assert.equal(await day(), hiddenDay, 'no steps while out of view');
  assert.equal((await widgetState(page)).play, 'Pause');
  // Back in view: it runs again.
  await page.evaluate(() => document.querySelector('polyamine-sim').scrollIntoView());
  await page.waitForFunction((d) => document.querySelector('polyamine-sim').day > d + 0.5, hiddenDay, { timeout: 5000 });
  // Tab hidden: it stops; visible again: it runs.
  const setHidden = (hidden) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.waitForTimeout(100);
  const tabHiddenDay = await day();
  await page.waitForTimeout(600);
  assert.equal(await day(), tabHiddenDay, 'no steps while the tab is hidden');
  await setHidden(false);
  await page.waitForFunction((d) => document.querySelector('polyamine-sim').day > d + 0.5, tabHiddenDay, { timeout: 5000 });
});
