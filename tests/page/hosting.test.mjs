// Hosting: the same dist/ under a sub-path, the iframe page, and the static
// server itself (MIME types, 404s, traversal, prefix, extra headers).

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { normalizePrefix } from '../../scripts/serve.mjs';
import { artifact, distinctColours, launchBrowser, openPage, readCanvas, serveDist, transparentFraction, waitForReady, widgetState } from './helpers.mjs';

const PREFIX = '/news/2026/widget/';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Start a server for one test, closed when it ends. */
async function serve(t, options) {
  const server = await serveDist(options);
  t.after(() => server.close());
  return server;
}

/** A raw GET (no URL normalisation, unlike fetch), resolving to { status, headers, body }. */
function rawGet(url, rawPath, method = 'GET') {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Responses the page (and its frames) received, as { url, status }. */
function recordResponses(page) {
  const responses = [];
  page.on('response', (res) => responses.push({ url: res.url(), status: res.status() }));
  return responses;
}

test('served under a sub-path, the page loads the wasm and its strings from there and draws', async (t) => {
  const server = await serve(t, { prefix: PREFIX });
  assert.ok(server.url.endsWith(PREFIX), server.url);
  const { page, log } = await openPage(t, browser);
  const responses = recordResponses(page);
  await page.goto(server.url);
  await waitForReady(page);
  const img = await readCanvas(page);
  assert.equal(transparentFraction(img), 0);
  assert.ok(distinctColours(img) >= 10, 'the canvas shows a picture');
  assert.equal(await page.getByRole('combobox', { name: 'Treatment' }).count(), 1, 'the English strings loaded');
  for (const file of ['polyamine_sim_bg.wasm', 'i18n/en.json', 'explorer.js']) {
    assert.ok(
      responses.some((r) => r.url === `${server.url}${file}` && r.status === 200),
      `${file} came from under the prefix: ${JSON.stringify(responses.map((r) => r.url))}`,
    );
  }
  assert.deepEqual(log.failedRequests, [], 'every request stayed under the prefix and succeeded');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
  // Nothing is available outside the prefix, so nothing above could have used an absolute path.
  assert.equal((await rawGet(server.url, '/polyamine_sim_bg.wasm')).status, 404);
  assert.equal((await rawGet(server.url, '/i18n/en.json')).status, 404);
});

test('a page in another directory than the module: wasm and strings load relative to the module', async (t) => {
  // The widget under /news/2026/widget/, the article one level up at /news/2026/story.html.
  const server = await serve(t, { prefix: PREFIX });
  const story = new URL('../story.html', server.url).href;
  const { page, log } = await openPage(t, browser);
  const responses = recordResponses(page);
  await page.route(story, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story</title><link rel="icon" href="data:,">
<script type="module" src="widget/polyamine-sim.js"></script></head>
<body><polyamine-sim layout="explorer"></polyamine-sim><polyamine-sim layout="explorer" lang="de"></polyamine-sim></body></html>`,
    }),
  );
  await page.goto(story);
  await waitForReady(page, 2);
  assert.equal(await page.getByRole('combobox', { name: 'Treatment' }).count(), 1);
  assert.equal(await page.getByRole('combobox', { name: 'Behandlung' }).count(), 1);
  for (const file of ['i18n/en.json', 'i18n/de.json']) {
    assert.ok(responses.some((r) => r.url === `${server.url}${file}` && r.status === 200), `${file} fetched from the module's directory`);
  }
  for (const i of [0, 1]) assert.ok(distinctColours(await readCanvas(page, i)) >= 10);
  assert.deepEqual(log.failedRequests, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
});

test('embed.html loads and the widget fills the frame width', async (t) => {
  const server = await serve(t);
  const { page, log } = await openPage(t, browser, { viewport: { width: 480, height: 700 } });
  await page.goto(`${server.url}embed.html`);
  await waitForReady(page);
  assert.ok(distinctColours(await readCanvas(page)) >= 10);
  const host = await page.locator('polyamine-sim').boundingBox();
  assert.ok(host.width >= 480 - 20, `widget ${host.width}px wide in a 480px frame`);
  const canvas = await page.locator('polyamine-sim .frame:not([hidden]) canvas.section').boundingBox();
  assert.ok(Math.abs(canvas.width - host.width) < 1, 'the picture spans the widget');
  // Nothing sticks out sideways in a narrow frame.
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scrolling');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.failedRequests, []);
  await page.screenshot({ path: artifact('lattice-embed.png'), fullPage: true });
});

test('embed.html works inside an iframe on another origin, under a sub-path', async (t) => {
  const server = await serve(t, { prefix: PREFIX });
  const { page, log } = await openPage(t, browser);
  const responses = recordResponses(page);
  // The host page from a second server (another port: another origin). It must
  // really be served from loopback: Chromium blocks a page it considers public
  // (as it does a route-fulfilled one) from framing a loopback URL
  // (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
  const hostRoot = await mkdtemp(path.join(tmpdir(), 'polyamine-host-'));
  t.after(() => rm(hostRoot, { recursive: true, force: true }));
  await mkdir(path.join(hostRoot, '2026'));
  await writeFile(
    path.join(hostRoot, '2026', 'article.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,"></head>
<body><h1>News</h1><iframe title="Polyamine simulation" src="${server.url}embed.html?layout=explorer" width="600" height="900"></iframe></body></html>`,
  );
  const hostServer = await serve(t, { root: hostRoot });
  await page.goto(`${hostServer.url}2026/article.html`);
  const frameLocator = page.frameLocator('iframe');
  await frameLocator.getByRole('combobox', { name: 'Treatment' }).waitFor({ timeout: 10_000 });
  const frame = page.frames().find((f) => f.url() === `${server.url}embed.html?layout=explorer`);
  assert.ok(frame, 'the embed frame');
  assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin, 'a cross-origin frame');
  await waitForReady(frame);
  const img = await readCanvas(frame);
  assert.equal(transparentFraction(img), 0);
  assert.ok(distinctColours(img) >= 10);
  assert.ok((await widgetState(frame)).legend.includes('Tumour cell'), 'the strings loaded inside the frame');
  assert.ok(responses.some((r) => r.url === `${server.url}i18n/en.json` && r.status === 200), 'en.json fetched from the frame origin');
  await frame.waitForFunction(() => document.querySelector('polyamine-sim').day > 0.5, null, { timeout: 3000 });
  await frameLocator.getByRole('radio', { name: 'Polyamines' }).click();
  assert.equal((await widgetState(frame)).overlay, 'polyamine', 'the controls work inside the frame');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.failedRequests, []);
});

test('serve.mjs: MIME types, directory index, 404, traversal, prefix and extra headers', async (t) => {
  const server = await serve(t, { prefix: '/sub/', headers: { 'X-Test-Header': 'yes' } });
  const type = async (p) => (await rawGet(server.url, p)).headers['content-type'];
  assert.equal(await type('/sub/polyamine_sim_bg.wasm'), 'application/wasm');
  assert.match(await type('/sub/polyamine-sim.js'), /^text\/javascript\b/);
  assert.match(await type('/sub/polyamine_sim.js'), /^text\/javascript\b/);
  assert.match(await type('/sub/demo.css'), /^text\/css\b/);
  assert.match(await type('/sub/embed.html'), /^text\/html\b/);
  assert.match(await type('/sub/explorer.js'), /^text\/javascript\b/);
  assert.match(await type('/sub/i18n/en.json'), /^application\/json\b/);
  assert.match(await type('/sub/i18n/de.json'), /^application\/json\b/);

  const index = await rawGet(server.url, '/sub/');
  assert.equal(index.status, 200);
  assert.match(index.body.toString(), /<polyamine-sim[\s>]/);
  assert.equal(index.headers['x-test-header'], 'yes');

  const noSlash = await rawGet(server.url, '/sub');
  assert.equal(noSlash.status, 301);
  assert.equal(noSlash.headers.location, '/sub/');

  const head = await rawGet(server.url, '/sub/index.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);

  assert.equal((await rawGet(server.url, '/sub/nope.js')).status, 404);
  assert.equal((await rawGet(server.url, '/index.html')).status, 404, 'nothing outside the prefix');
  assert.equal((await rawGet(server.url, '/sub/index.html', 'POST')).status, 405);
  for (const evil of ['/sub/../Cargo.toml', '/sub/%2e%2e/Cargo.toml', '/sub/..%2fCargo.toml', '/sub/..%5cCargo.toml', '/sub/%00']) {
    const res = await rawGet(server.url, evil);
    assert.ok([400, 403, 404].includes(res.status), `${evil} gave ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /\[package\]/, `${evil} leaked a file`);
  }
  assert.equal((await rawGet(server.url, '/sub/%E0%A4%A')).status, 400, 'malformed escapes');

  assert.equal(normalizePrefix('news/2026/widget'), '/news/2026/widget/');
  assert.equal(normalizePrefix('/'), '/');
});
