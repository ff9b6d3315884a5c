// Issue 6, hardening: privacy (no other origin, no cookies, no storage), XSS
// payloads in every string input, graceful degradation without WebAssembly or
// JavaScript. The long runs are in long-run.long.mjs.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO, artifact, i18n, openPage, pageWith, readCanvas, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };

test('privacy: a reader session makes no request to another origin and writes no cookie or storage', async (t) => {
  const { page, log } = await openPage(t, shared.browser, { permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 900, height: 3000 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(shared.server.url);
  await waitForReady(page);
  const el = page.locator('polyamine-sim');
  // Use it as a reader would: treatments, doses, compare, overlays, exports.
  await el.getByRole('combobox', { name: 'Treatment' }).selectOption('dfmo-amxt');
  await el.getByRole('checkbox', { name: 'Compare with no treatment' }).check();
  await el.locator('#dose-dfmo-dose-mg').fill('1200');
  await el.getByRole('radio', { name: 'Polyamines' }).check();
  await el.getByRole('button', { name: 'Copy link' }).click();
  await page.evaluate(() => document.querySelector('polyamine-sim').toPNG());
  await page.evaluate(() => document.querySelector('polyamine-sim').toCSV());
  await page.waitForTimeout(1500);
  const origin = new URL(shared.server.url).origin;
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'no request leaves the host');
  assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the recorder saw the page load');
  assert.deepEqual(await page.context().cookies(), [], 'no cookies');
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
    cookie: document.cookie,
  }));
  assert.deepEqual(storage, { local: 0, session: 0, idb: 0, caches: 0, cookie: '' });
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=1</script>',
  "'><svg onload=window.__xss=1>",
  'javascript:window.__xss=1',
  '{{constructor.constructor("window.__xss=1")()}}',
  '</style><img src=x onerror=window.__xss=1>',
];

/** Elements that must not appear from data: scripts, event-handler attributes, unexpected images. */
const injected = (page) =>
  page.evaluate(() => {
    const found = [];
    const walk = (root) => {
      for (const e of root.querySelectorAll('*')) {
        if (e.tagName === 'SCRIPT' && !e.src) found.push('inline script');
        if (e.tagName === 'svg' || e.tagName === 'SVG') found.push('svg');
        if (e.tagName === 'IMG' && !/poster\.png$/.test(e.getAttribute('src') ?? '')) found.push(`img ${e.getAttribute('src')}`);
        for (const a of e.attributes) if (/^on/i.test(a.name)) found.push(`${e.tagName} ${a.name}`);
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    return { found, xss: window.__xss ?? null };
  });

test('XSS: HTML and script payloads in attributes, URL parameters, scenario JSON and strings are shown as text or rejected', async (t) => {
  // 1. Attributes, every string-valued setting.
  const attrs = {};
  const names = ['preset', 'tumour', 'overlay', 'co-therapy', 'params', 'chemo-days', 'seed', 'dfmo-dose-mg', 'compare', 'lang', 'speed'];
  names.forEach((n, i) => (attrs[n] = PAYLOADS[i % PAYLOADS.length]));
  const { page, log } = await pageWith(t, shared.browser, shared.server, [attrs], reduced);
  assert.deepEqual(await injected(page), { found: [], xss: null }, 'attributes');
  assert.ok(log.warnings.length >= names.length - 1, 'each bad attribute is named in a warning');
  assert.equal((await readCanvas(page)).width, 512, 'the widget runs on safe values');
  const code = await page.evaluate(() => document.querySelector('polyamine-sim').embedCode());
  for (const p of PAYLOADS) assert.ok(!code.tag.includes(p) && !code.iframe.includes(p), 'no payload reaches the Embed code');

  // 2. setScenario with payload strings: an Error naming the field, or a warning; never markup.
  const errors = await page.evaluate((payloads) => {
    const el = document.querySelector('polyamine-sim');
    return payloads.flatMap((p) => {
      const out = [];
      for (const obj of [{ preset: p }, { [p]: 1 }, { dfmo: { [p]: 1 } }, { params: { [p]: 1 } }, { chemo: { days: [p] } }]) {
        try {
          el.setScenario(obj);
        } catch (e) {
          out.push(e.message);
        }
      }
      return out;
    });
  }, PAYLOADS);
  assert.ok(errors.length >= PAYLOADS.length * 2, `unknown keys are rejected: ${errors.length}`);
  assert.deepEqual(await injected(page), { found: [], xss: null }, 'scenario JSON');

  // 3. URL parameters of embed.html.
  const { page: framed } = await openPage(t, shared.browser, reduced);
  const url = new URL(`${shared.server.url}embed.html`);
  names.forEach((n, i) => url.searchParams.set(n, PAYLOADS[i % PAYLOADS.length]));
  url.searchParams.set(PAYLOADS[0], PAYLOADS[1]);
  await framed.goto(url.href);
  await waitForReady(framed);
  assert.deepEqual(await injected(framed), { found: [], xss: null }, 'URL parameters');

  // 4. i18n strings: every string of every part (i18n/en.json, en.story.json,
  // en.explorer.json) replaced by a payload is shown literally.
  const { page: strings, log: log4 } = await openPage(t, shared.browser, reduced);
  const en = i18n('en');
  const hostile = Object.fromEntries(Object.keys(en).map((k, i) => [k, `${PAYLOADS[i % PAYLOADS.length]} {day}`]));
  await strings.route('**/i18n/en*.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(hostile) }));
  await strings.goto(shared.server.url);
  await waitForReady(strings);
  assert.deepEqual(await injected(strings), { found: [], xss: null }, 'i18n strings');
  const shown = await strings.evaluate(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('button').textContent);
  assert.ok(PAYLOADS.some((p) => shown.startsWith(p)), `the payload is visible as text: ${shown}`);
  await strings.locator('polyamine-sim').screenshot({ path: artifact('xss-strings.png') });
  assert.deepEqual([log.pageErrors, log4.pageErrors], [[], []]);
});

test('www/ never parses data as HTML or code: no innerHTML, outerHTML, insertAdjacentHTML, document.write, eval or new Function', () => {
  const www = path.join(REPO, 'www');
  const bad = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|new Function|setTimeout\s*\(\s*['"`])/;
  const hits = readdirSync(www)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => readFileSync(path.join(www, f), 'utf8').split('\n').map((line, i) => [f, i + 1, line]))
    .filter(([, , line]) => bad.test(line) && !line.trim().startsWith('//'));
  assert.deepEqual(hits, []);
});

test('graceful degradation: without WebAssembly the widget shows the poster, one sentence and a link; with JavaScript off the page does', async (t) => {
  const { page, log } = await openPage(t, shared.browser, reduced);
  await page.addInitScript(() => {
    delete window.WebAssembly;
  });
  await page.goto(shared.server.url);
  await page.waitForFunction(() => window.__widgetEvents.some((e) => e.type === 'error'));
  const shown = await page.evaluate(() => {
    const root = document.querySelector('polyamine-sim').shadowRoot;
    const img = root.querySelector('img.poster');
    return { alert: root.querySelector('[role=alert]')?.textContent, link: root.querySelector('a')?.href, img: img?.alt, complete: img?.complete && img.naturalWidth };
  });
  assert.match(shown.alert, /could not be loaded/);
  assert.match(shown.link, /about\.html$/);
  assert.match(shown.img, /tumour/);
  assert.equal(shown.complete, 512, 'the poster is drawn');
  await page.locator('polyamine-sim').screenshot({ path: artifact('degraded-no-wasm.png') });
  assert.deepEqual(log.pageErrors, []);

  const { page: nojs } = await openPage(t, shared.browser, { ...reduced, javaScriptEnabled: false });
  await nojs.goto(shared.server.url);
  const img = nojs.locator('polyamine-sim > img');
  await img.waitFor();
  assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 512 && i.getBoundingClientRect().width > 200), 'the poster shows without JavaScript');
  assert.match(await nojs.locator('polyamine-sim > p').textContent(), /needs JavaScript/);
  await nojs.locator('polyamine-sim a').click();
  await nojs.waitForURL(/about\.html$/);
  assert.match(await nojs.locator('h1').textContent(), /Polyamines/);
  await nojs.screenshot({ path: artifact('degraded-no-js.png'), fullPage: true });
});
