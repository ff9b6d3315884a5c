// The single-file build (scripts/single-file.mjs): polyamine-sim-offline.html
// copied alone into an empty folder and opened from file:// runs the widget
// with no request beyond the file itself (wasm, glue, modules, strings and
// poster all inlined), in English and in German.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DIST, artifact, call, distinctColours, launchBrowser, openPage, readCanvas, transparentFraction, widgetState } from './helpers.mjs';

const FILE = 'polyamine-sim-offline.html';
const de = JSON.parse(readFileSync(path.join(DIST, 'i18n/de.json'), 'utf8'));
const en = JSON.parse(readFileSync(path.join(DIST, 'i18n/en.json'), 'utf8'));

let browser;
let dir;
let url;
before(async () => {
  assert.ok(existsSync(path.join(DIST, FILE)), `${FILE} is built (scripts/build.sh runs scripts/single-file.mjs)`);
  // Alone in a fresh folder: nothing beside it can be fetched.
  dir = mkdtempSync(path.join(os.tmpdir(), 'polyamine-offline-'));
  copyFileSync(path.join(DIST, FILE), path.join(dir, FILE));
  url = pathToFileURL(path.join(dir, FILE)).href;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Requests other than the file itself and data:/blob: URLs. */
const foreign = (requests) => requests.filter((u) => u !== url && !u.startsWith('data:') && !u.startsWith('blob:'));

/**
 * Wait for the widget's `n`th ready or error event; fail at once, with what
 * the page tried to fetch, if it is an error (e.g. the wasm was not inlined).
 */
async function settled(page, n, log, requests) {
  await page.waitForFunction((n) => window.__widgetEvents.length >= n, n, { timeout: 15_000 });
  const events = await page.evaluate(() => window.__widgetEvents);
  const errors = events.filter((e) => e.type === 'error');
  assert.deepEqual(errors, [], `the widget failed; requests beyond the file: ${JSON.stringify(foreign(requests))}; console: ${JSON.stringify([...log.errors, ...log.pageErrors])}`);
}

/** Open the offline file; every request the page makes is recorded in `requests`. */
async function openOffline(t) {
  const { page, log } = await openPage(t, browser);
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  await page.goto(url);
  await settled(page, 1, log, requests);
  return { page, log, requests };
}
const drawn = (img) => transparentFraction(img) === 0 && distinctColours(img) >= 10;

test('the offline file, alone in a folder, runs from file:// with no other request', async (t) => {
  const { page, log, requests } = await openOffline(t);
  assert.ok(requests.includes(url), `the file itself is requested: ${JSON.stringify(requests)}`);
  assert.equal(await page.evaluate(() => globalThis.POLYAMINE_SIM_INLINE?.wasm instanceof Uint8Array), true, 'the wasm is inlined');
  assert.ok(drawn(await readCanvas(page)), 'the canvas is drawn');

  await call(page, 0, 'pause');
  const before = await page.evaluate(() => document.querySelector('polyamine-sim').day);
  const after = await call(page, 0, 'advance', 5);
  assert.ok(after >= before + 4.9, `advance(5) moves the day on: ${before} -> ${after}`);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').day), after);
  const state = await widgetState(page);
  assert.equal(state.play, en['control.play'], 'paused: the button offers Play');
  assert.match(state.status, new RegExp(`\\b${Math.floor(after)}\\b`), `the status line shows the day: ${state.status}`);
  assert.ok(drawn(await readCanvas(page)), 'the canvas is drawn after advance');
  // The inlined bundle's "</script" was escaped, not changed: the embed code still closes its tag.
  assert.match((await call(page, 0, 'embedCode')).tag, /^<script type="module" src="[^"]+"><\/script>\n<polyamine-sim /);

  await page.screenshot({ path: artifact('offline.png'), fullPage: true });
  assert.deepEqual(foreign(requests), [], 'no request beyond the file and data:/blob: URLs');
  assert.deepEqual([log.errors, log.pageErrors, log.failedRequests], [[], [], []]);
  assert.deepEqual((await page.evaluate(() => window.__widgetEvents)).filter((e) => e.type === 'error'), []);
});

test('the offline file switches to German with its inlined strings', async (t) => {
  const { page, log, requests } = await openOffline(t);
  await page.evaluate(() => document.querySelector('polyamine-sim').setAttribute('lang', 'de'));
  await settled(page, 2, log, requests); // a language change rebuilds the widget
  const host = page.locator('polyamine-sim');
  assert.equal(await host.getByRole('button', { name: de['control.restart'] }).count(), 1, `"${de['control.restart']}" shows`);
  await call(page, 0, 'pause');
  await call(page, 0, 'advance', 3);
  const state = await widgetState(page);
  assert.equal(state.play, de['control.play'], 'the play button is German');
  assert.notEqual(de['control.play'], en['control.play']);
  assert.match(state.status, /^Tag \d+: /, `the status line is German: ${state.status}`);
  assert.ok(drawn(await readCanvas(page)), 'the canvas is drawn');
  assert.deepEqual(foreign(requests), [], 'no request beyond the file and data:/blob: URLs (no i18n/de.json)');
  assert.deepEqual([log.errors, log.pageErrors, log.failedRequests], [[], [], []]);
});
