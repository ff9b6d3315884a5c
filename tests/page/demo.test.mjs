// The demo page (dist/index.html) as a reader uses it: it loads cleanly and
// animates; the overlay radios, the treatment select and the keyboard drive
// the tissue picture, its legend and its text. Also saves the "untreated and
// treated at day 30" figures to target/artifacts/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  EFFECTOR_RGB,
  REPO,
  TUMOUR_RGB,
  artifact,
  call,
  changeOver,
  countBefore,
  differingFraction,
  distinctColours,
  openPage,
  pauseAtDayZero,
  pixelsOf,
  readCanvas,
  sharedBrowserAndServer,
  transparentFraction,
  waitForReady,
  widgetState,
} from './helpers.mjs';

const shared = sharedBrowserAndServer();

/** The demo page with its widget ready. */
async function demo(t, contextOptions) {
  const { page, log } = await openPage(t, shared.browser, contextOptions);
  const response = await page.goto(shared.server.url);
  assert.equal(response.status(), 200);
  await waitForReady(page);
  return { page, log };
}

/** Where the keyboard focus is: the focused element inside the widget's shadow root, described. */
const focused = (page) =>
  page.evaluate(() => {
    const inner = document.activeElement?.shadowRoot?.activeElement;
    if (!inner) return `outside: ${document.activeElement?.tagName}`;
    return inner.id ? `#${inner.id}` : `${inner.tagName.toLowerCase()}${inner.type === 'radio' ? `[${inner.value}]` : `:${inner.textContent}`}`;
  });

const HAZE_LEGEND = /haze: polyamines/i;

test('the demo page loads with no console errors, warnings, page errors or failed requests, draws and animates', async (t) => {
  const { page, log } = await demo(t);
  const img = await readCanvas(page);
  assert.equal(img.width, 512, 'two pixels a site of the 256 × 256 section');
  assert.equal(img.height, 512);
  assert.equal(transparentFraction(img), 0, 'every pixel is painted');
  const colours = distinctColours(img);
  assert.ok(colours >= 20, `expected a tissue picture with many colours, got ${colours}`);
  const tumour = pixelsOf(img, TUMOUR_RGB).length;
  assert.ok(tumour > 1000, `a tumour is visible in the section (${tumour} tumour pixels)`);
  // The picture fills the widget's width on the page, square.
  const box = await page.locator('polyamine-sim .frame:not([hidden]) canvas.section').boundingBox();
  const hostBox = await page.locator('polyamine-sim').boundingBox();
  assert.ok(Math.abs(box.width - hostBox.width) < 1, `canvas ${box.width}px wide in a ${hostBox.width}px host`);
  assert.ok(Math.abs(box.height - box.width) < 1, 'the canvas is square');

  // Autoplay: the day advances, the picture changes, the button offers Pause.
  const first = await widgetState(page);
  assert.equal(first.play, 'Pause');
  await page.waitForFunction((d) => document.querySelector('polyamine-sim').day >= d + 1, first.day, { timeout: 5000 });
  assert.ok(differingFraction(img, await readCanvas(page)) > 0, 'the picture changes while playing');
  // The status line and the text alternative follow the state (every ~2 s).
  await page.waitForFunction(() => !/^Day 0:/.test(document.querySelector('polyamine-sim').shadowRoot.querySelector('.status').textContent), null, {
    timeout: 10000,
  });
  const later = await widgetState(page);
  assert.match(later.status, /^Day [1-9]\d*: [\d,]+ tumour cells, [\d,]+ T cells, [\d,]+ inside the tumour\. [A-Z][^.]*\.$/, 'the counts, then the caption');
  assert.ok(later.status.endsWith(await page.locator('polyamine-sim p.now').textContent()), 'the status ends with the visible caption');
  assert.match(later.alt, /^Tissue section on day [1-9]\d*, No treatment: [\d,]+ tumour cells/);
  assert.match(later.alt, /polyamines in the tumour at [\d.]+ \(1 = an untreated tumour\)\.$/);
  assert.equal(await page.getByRole('img', { name: /^Tissue section/ }).getAttribute('aria-label'), later.alt, 'the canvas is an image with that name');
  assert.match(await page.locator('polyamine-sim p.status').getAttribute('aria-live'), /^polite$/);
  assert.match(await page.locator('polyamine-sim p.caption').textContent(), /teaching model.*does not predict/);

  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(log.failedRequests, []);
  await page.screenshot({ path: artifact('lattice-demo.png'), fullPage: true });
});

test('choosing "Polyamines" with the mouse or the keyboard hazes the tumour and extends the legend', async (t) => {
  const { page, log } = await demo(t);
  // Pause with the button, so only the overlay changes the picture.
  await page.getByRole('button', { name: 'Pause' }).click();
  const pausedAt = await widgetState(page);
  assert.equal(pausedAt.play, 'Play');
  const group = page.getByRole('group', { name: 'Show' });
  const cellsRadio = group.getByRole('radio', { name: 'Cells' });
  const polyRadio = group.getByRole('radio', { name: 'Polyamines' });
  assert.equal(await cellsRadio.isChecked(), true);

  const cells = await readCanvas(page);
  const cellsLegend = (await widgetState(page)).legend;
  assert.ok(cellsLegend.includes('Tumour cell'), JSON.stringify(cellsLegend));
  assert.ok(!cellsLegend.some((s) => HAZE_LEGEND.test(s)), 'no haze entries for plain cells');
  const tumour = pixelsOf(cells, TUMOUR_RGB);
  const effectors = pixelsOf(cells, EFFECTOR_RGB);
  assert.ok(tumour.length > 1000, `tumour pixels: ${tumour.length}`);

  // Mouse.
  await polyRadio.click();
  assert.equal(await polyRadio.isChecked(), true);
  assert.equal(await page.locator('polyamine-sim').getAttribute('overlay'), 'polyamine', 'the choice is reflected to the attribute');
  const hazed = await readCanvas(page);
  const overTumour = changeOver(cells, hazed, tumour);
  assert.ok(overTumour.fraction > 0.9, `the haze covers the tumour: ${(overTumour.fraction * 100).toFixed(1)}% of its pixels changed`);
  assert.ok(overTumour.mean > 20, `visibly: mean |ΔRGB| ${overTumour.mean.toFixed(1)}`);
  assert.equal(changeOver(cells, hazed, effectors).fraction, 0, 'T cells are drawn above the haze, unchanged');
  const hazeLegend = (await widgetState(page)).legend;
  assert.ok(hazeLegend.some((s) => /^Thick haze: polyamines/.test(s)), JSON.stringify(hazeLegend));
  assert.ok(hazeLegend.some((s) => /^Thin haze: polyamines/.test(s)), JSON.stringify(hazeLegend));
  assert.ok(hazeLegend.includes('Killer T cell (attacks the tumour)'), 'the cells stay explained under the haze');

  // Keyboard: arrows move within the radio group.
  await polyRadio.focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await cellsRadio.isChecked(), true);
  assert.equal(differingFraction(cells, await readCanvas(page)), 0, 'back to the plain cells picture');
  assert.deepEqual((await widgetState(page)).legend, cellsLegend);
  await page.keyboard.press('ArrowRight');
  assert.equal(await polyRadio.isChecked(), true);
  assert.equal(differingFraction(hazed, await readCanvas(page)), 0, 'the haze again');
  assert.deepEqual((await widgetState(page)).legend, hazeLegend);

  assert.equal((await widgetState(page)).day, pausedAt.day, 'overlay changes do not step the simulation');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
});

test('choosing a treatment restarts at day 0; at day 30 DFMO + AMXT 1501 leaves fewer tumour cells and a thinner haze than untreated', async (t) => {
  const { page, log } = await demo(t);
  await pauseAtDayZero(page);
  assert.ok(Math.abs((await call(page, 0, 'advance', 5)) - 5) < 1e-9, 'advance(5) from day 0 returns day 5');
  const day5 = await readCanvas(page);
  const select = page.getByRole('combobox', { name: 'Treatment' });
  assert.equal(await select.inputValue(), 'untreated');
  const labels = await select.locator('option').allTextContents();
  assert.equal(labels.length, 10, `ten treatments: ${JSON.stringify(labels)}`);
  const treatedLabel = labels.find((l) => l === 'DFMO + AMXT 1501');
  assert.ok(treatedLabel, JSON.stringify(labels));

  await select.selectOption({ label: treatedLabel });
  assert.equal(await page.locator('polyamine-sim').getAttribute('preset'), 'dfmo-amxt');
  const restarted = await widgetState(page);
  assert.equal(restarted.day, 0, 'a new treatment starts the section again');
  assert.match(restarted.status, /^Day 0: /);
  assert.ok(restarted.alt.startsWith(`Tissue section on day 0, ${treatedLabel}: `), restarted.alt);
  assert.ok(differingFraction(day5, await readCanvas(page)) > 0, 'the picture was redrawn at day 0');

  // An untreated twin with the same seed next to it, both at day 0, paused.
  await page.evaluate(() => {
    const twin = document.createElement('polyamine-sim');
    twin.setAttribute('layout', 'explorer');
    twin.setAttribute('seed', '1');
    twin.setAttribute('preset', 'untreated');
    document.querySelector('main').prepend(twin);
  });
  await waitForReady(page, 2);
  await pauseAtDayZero(page, 0);
  for (const i of [1, 0]) assert.ok(Math.abs((await call(page, i, 'advance', 30)) - 30) < 1e-9);
  const [untreated, treated] = [await widgetState(page, 0), await widgetState(page, 1)];
  assert.equal(untreated.preset, 'untreated');
  assert.equal(treated.preset, 'dfmo-amxt');
  const untreatedImg = await readCanvas(page, 0);
  const treatedImg = await readCanvas(page, 1);
  assert.ok(differingFraction(untreatedImg, treatedImg) > 0.05, 'the two sections look different at day 30');

  for (const s of [untreated, treated]) assert.match(s.status, /^Day 30: /);
  const tumourUntreated = countBefore(untreated.status, 'tumour cells');
  const tumourTreated = countBefore(treated.status, 'tumour cells');
  assert.equal(countBefore(untreated.alt, 'tumour cells'), tumourUntreated, 'status and text alternative agree');
  assert.equal(countBefore(treated.alt, 'tumour cells'), tumourTreated);
  assert.ok(tumourTreated < 0.6 * tumourUntreated, `treated ${tumourTreated} vs untreated ${tumourUntreated} tumour cells at day 30`);
  const tumourPixels = (img) => pixelsOf(img, TUMOUR_RGB).length;
  assert.ok(tumourPixels(treatedImg) < tumourPixels(untreatedImg), 'and the picture shows the smaller tumour');
  const polyamine = (alt) => Number(/polyamines in the tumour at ([\d.]+) \(/.exec(alt)[1]);
  assert.ok(polyamine(treated.alt) < polyamine(untreated.alt) / 2, `polyamine ${polyamine(treated.alt)} vs ${polyamine(untreated.alt)}`);

  const canvases = page.locator('polyamine-sim .frame:not([hidden]) canvas.section');
  await canvases.nth(0).screenshot({ path: artifact('lattice-untreated-day30.png') });
  await canvases.nth(1).screenshot({ path: artifact('lattice-dfmo-amxt-day30.png') });

  // The polyamine overlay: thick haze over the untreated tumour, nearly clear when treated.
  await page.evaluate(() => document.querySelectorAll('polyamine-sim').forEach((el) => el.setAttribute('overlay', 'polyamine')));
  const untreatedHaze = changeOver(untreatedImg, await readCanvas(page, 0), pixelsOf(untreatedImg, TUMOUR_RGB));
  const treatedHaze = changeOver(treatedImg, await readCanvas(page, 1), pixelsOf(treatedImg, TUMOUR_RGB));
  assert.ok(
    untreatedHaze.mean > 3 * treatedHaze.mean && untreatedHaze.mean > 20,
    `haze over the tumour: untreated mean |ΔRGB| ${untreatedHaze.mean.toFixed(1)}, treated ${treatedHaze.mean.toFixed(1)}`,
  );
  await canvases.nth(0).screenshot({ path: artifact('lattice-untreated-day30-polyamine.png') });
  await canvases.nth(1).screenshot({ path: artifact('lattice-dfmo-amxt-day30-polyamine.png') });
  await page.screenshot({ path: artifact('lattice-day30-page.png'), fullPage: true });

  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
});

test('the keyboard reaches every control; Space and Enter on Play/Pause toggle playing; arrows choose', async (t) => {
  const { page, log } = await demo(t);
  // A full walk: Tab from the page until focus leaves the widget. Every
  // enabled, visible control inside it must be reached exactly once.
  const order = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const where = await focused(page);
    if (where.startsWith('outside') && order.length) break;
    if (!where.startsWith('outside')) order.push(where);
  }
  const controls = await page.evaluate(() =>
    [...document.querySelector('polyamine-sim').shadowRoot.querySelectorAll('input, select, button, summary, a[href], textarea, [tabindex]')]
      .filter((e) => !e.disabled && e.checkVisibility() && !(e.type === 'radio' && !e.checked) && e.tabIndex >= 0 && !e.closest('dialog'))
      .map((e) => (e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.type === 'radio' ? `[${e.value}]` : `:${e.textContent}`}`)),
  );
  assert.deepEqual(order, controls, 'Tab visits every enabled control once, in document order');
  assert.deepEqual(order.slice(0, 10), ['#preset', 'button:Pause', 'button:Step 1 day', 'button:Restart', '#compare', '#dose-dfmo-dose-mg', 'input:', '#amxt-on', '#dose-amxt-dose', 'input:']);
  assert.ok(order.length >= 15, `many controls: ${order.join(' ')}`);

  const focusOn = async (target, key = 'Tab') => {
    for (let i = 0; i < 60 && (await focused(page)) !== target; i++) await page.keyboard.press(key);
    assert.equal(await focused(page), target);
  };
  const day = () => page.evaluate(() => document.querySelector('polyamine-sim').day);
  await focusOn('button:Pause', 'Shift+Tab');
  await page.keyboard.press('Space');
  assert.equal(await focused(page), 'button:Play', 'the button now offers Play and keeps the focus');
  const paused = await day();
  await page.waitForTimeout(400);
  assert.equal(await day(), paused, 'the day stops while paused');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'button:Pause');
  await page.waitForFunction((d) => document.querySelector('polyamine-sim').day > d + 0.5, paused, { timeout: 3000 });

  // Restart with Enter: back near day 0 (it keeps playing).
  await page.waitForFunction(() => document.querySelector('polyamine-sim').day > 3, null, { timeout: 3000 });
  await focusOn('button:Restart');
  await page.keyboard.press('Enter');
  assert.ok((await day()) < 2, `restarted, day ${await day()}`);

  // The step button: pauses and moves one day on.
  await focusOn('button:Step 1 day', 'Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal((await widgetState(page)).play, 'Play', 'Step pauses');
  const before = await day();
  await page.keyboard.press('Enter');
  assert.ok(Math.abs((await day()) - before - 1) < 1e-6, `one day on: ${before} → ${await day()}`);

  // Tab enters the radio group at the checked one; arrows choose.
  await focusOn('input[cells]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(page), 'input[polyamine]');
  assert.equal((await widgetState(page)).overlay, 'polyamine');
  await page.keyboard.press('ArrowRight');
  assert.equal((await widgetState(page)).overlay, 'drug');
  assert.equal(await page.locator('polyamine-sim').getAttribute('overlay'), 'drug');

  // The AMXT checkbox: Space switches AMXT 1501 on at the reference dose.
  await focusOn('#amxt-on', 'Shift+Tab');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('polyamine-sim').getAttribute('amxt-dose'), '1');

  // The treatment select: arrow keys on the closed select choose the next treatment.
  await focusOn('#preset', 'Shift+Tab');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('polyamine-sim').getAttribute('preset'), 'dfmo');
  assert.equal(await page.locator('polyamine-sim').getAttribute('amxt-dose'), null, 'a preset replaces doses set by hand');
  assert.ok((await day()) < 2, 'and it restarts');

  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
});

test('axe-core finds no WCAG 2.1 A/AA violations on the demo page, in either overlay or language, with every control shown', async (t) => {
  const { page } = await demo(t);
  await page.addScriptTag({ content: readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const violations = () =>
    page.evaluate(async () => {
      const { violations } = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    });
  assert.deepEqual(await violations(), []);
  await page.getByRole('radio', { name: 'Blood flow' }).click();
  await page.locator('polyamine-sim').evaluate((el) => el.setAttribute('lang', 'de'));
  await waitForReady(page, 2);
  await page.getByRole('combobox', { name: 'Behandlung' }).waitFor();
  assert.deepEqual(await violations(), []);
  // Every control shown: compare mode, "More settings" and the parameter panel open, a co-therapy on.
  await page.locator('polyamine-sim').evaluate((el) => {
    el.setAttribute('compare', '');
    el.setAttribute('co-therapy', 'chemo');
    for (const d of el.shadowRoot.querySelectorAll('details')) d.open = true;
  });
  assert.deepEqual(await violations(), []);
  await page.locator('polyamine-sim').evaluate((el) => el.setAttribute('lang', 'en'));
  await waitForReady(page, 3);
  await page.locator('polyamine-sim').evaluate((el) => {
    for (const d of el.shadowRoot.querySelectorAll('details')) d.open = true;
  });
  assert.deepEqual(await violations(), []);
});
