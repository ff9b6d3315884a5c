// Languages: the lang attribute, the page's <html lang>, unsupported
// languages, switching at run time, and a missing translation file.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  call,
  countBefore,
  openPage,
  pageWith,
  pauseAtDayZero,
  sharedBrowserAndServer,
  waitForReady,
  widgetState,
} from './helpers.mjs';

const shared = sharedBrowserAndServer();

/** A page next to the demo, with <html lang=…> and one <polyamine-sim> (the full tool, without a lang attribute). */
async function pageInLang(t, htmlLang) {
  const { page, log } = await openPage(t, shared.browser);
  const url = `${shared.server.url}artikel.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="${htmlLang}"><head><meta charset="utf-8"><title>Artikel</title><link rel="icon" href="data:,">
<script type="module" src="./polyamine-sim.js"></script></head><body><main><polyamine-sim layout="explorer"></polyamine-sim></main></body></html>`,
    }),
  );
  await page.goto(url);
  await waitForReady(page);
  return { page, log };
}

/** Every visible string of the widget is German, and numbers are written the German way. */
async function assertGerman(page) {
  const host = page.locator('polyamine-sim');
  await host.getByRole('combobox', { name: 'Behandlung' }).waitFor();
  assert.equal(await host.getByRole('button', { name: 'Anhalten' }).count(), 1, 'autoplaying: the button offers Anhalten');
  assert.equal(await host.getByRole('button', { name: 'Neu starten' }).count(), 1);
  const group = host.getByRole('group', { name: 'Anzeigen' });
  for (const name of ['Zellen', 'Polyamine', 'Zweites Medikament', 'Durchblutung']) assert.equal(await group.getByRole('radio', { name }).count(), 1, name);
  assert.equal(await host.getByRole('list', { name: 'Legende' }).count(), 1);
  assert.match(await host.locator('p.caption').textContent(), /^Ein Lehrmodell\./);
  const options = await host.locator('select option').allTextContents();
  assert.equal(options[0], 'Keine Behandlung');
  assert.ok(options.includes('DFMO + AMXT 1501'), JSON.stringify(options));
  // The science's status, right under the picture, in German.
  assert.match(await host.locator('p.science').textContent(), /^In dieser Simulation: Der Tumor wächst der Immunabwehr über den Kopf\. Ein Lehrmodell auf Grundlage einer Studie an Mäusen/);

  await pauseAtDayZero(page);
  await call(page, 0, 'advance', 12);
  const state = await widgetState(page);
  assert.equal(state.play, 'Abspielen');
  assert.ok(state.legend.includes('Tumorzelle'), JSON.stringify(state.legend));
  assert.match(state.status, /^Tag 12: [\d.]+ Tumorzellen, [\d.]+ T-Zellen, [\d.]+ davon im Tumor\. [A-ZÄÖÜ][^.]*\.$/);
  assert.match(state.status, /\d\.\d{3} Tumorzellen/, 'thousands grouped with a dot');
  assert.ok(countBefore(state.status, 'Tumorzellen') > 1000);
  assert.match(state.alt, /^Gewebeschnitt an Tag 12, Keine Behandlung: [\d.]+ Tumorzellen, /);
  assert.match(state.alt, /Polyamine im Tumor bei \d+(,\d+)? \(1 = unbehandelter Tumor\)\.$/, 'decimal comma');
  await page.getByRole('radio', { name: 'Polyamine' }).click();
  assert.ok((await widgetState(page)).legend.some((s) => s.startsWith('Dichter Schleier: Polyamine')));
}

test('lang="de" shows German labels, legend, status line and text alternative', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ lang: 'de' }]);
  await assertGerman(page);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.failedRequests, []);
});

test('a page in <html lang="de-AT"> gets German without a lang attribute', async (t) => {
  const { page, log } = await pageInLang(t, 'de-AT');
  await assertGerman(page);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(log.errors, []);
});

test('an unsupported language falls back to English; the attribute beats the page', async (t) => {
  const { page, log } = await pageInLang(t, 'fr');
  assert.equal(await page.getByRole('combobox', { name: 'Treatment' }).count(), 1);
  assert.match((await widgetState(page)).status, /^Day \d+: /);
  // lang on the element overrides the page's.
  await page.evaluate(() => {
    const el = document.createElement('polyamine-sim');
    el.setAttribute('layout', 'explorer');
    el.setAttribute('lang', 'de');
    document.querySelector('main').append(el);
  });
  await waitForReady(page, 2);
  assert.equal(await page.locator('polyamine-sim').nth(1).getByRole('combobox', { name: 'Behandlung' }).count(), 1);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

test('changing lang at run time relabels the widget, keeps its settings and fires ready again', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt', overlay: 'drug' }]);
  assert.equal(await page.getByRole('combobox', { name: 'Treatment' }).count(), 1);
  await page.locator('polyamine-sim').evaluate((el) => el.setAttribute('lang', 'de'));
  await waitForReady(page, 2);
  await page.getByRole('combobox', { name: 'Behandlung' }).waitFor();
  const state = await widgetState(page);
  assert.equal(state.preset, 'dfmo-amxt');
  assert.equal(state.overlay, 'drug');
  assert.match(state.status, /^Tag \d+: /);
  assert.equal(await page.locator('polyamine-sim .frame:not([hidden]) canvas.section').count(), 1, 'one picture, not two');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

test('if the German strings cannot be loaded, the widget warns and works in English', async (t) => {
  const { page, log } = await openPage(t, shared.browser);
  await page.route('**/i18n/de.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(shared.server.url);
  await waitForReady(page);
  await page.evaluate(() => document.querySelector('polyamine-sim').setAttribute('lang', 'de'));
  await waitForReady(page, 2);
  assert.equal(await page.getByRole('combobox', { name: 'Treatment' }).count(), 1);
  assert.ok(
    log.warnings.some((w) => w.includes('lang="de"') && w.includes('English')),
    `a warning names the language: ${JSON.stringify(log.warnings)}`,
  );
  assert.deepEqual(log.pageErrors, []);
});
