// Hosting: the same dist/ under a sub-path, the iframe page, and the static
// server itself (MIME types, 404s, traversal, prefix, extra headers).

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { normalizePrefix } from '../../scripts/serve.mjs';
import { artifact, distinctColours, launchBrowser, openPage, readCanvas, serveDist, waitForReady } from './helpers.mjs';

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

test('served under a sub-path, the page still loads the wasm and draws', async (t) => {
  const server = await serve(t, { prefix: PREFIX });
  assert.ok(server.url.endsWith(PREFIX), server.url);
  const { page, log } = await openPage(t, browser);
  await page.goto(server.url);
  await waitForReady(page);
  const img = await readCanvas(page);
  assert.ok(distinctColours(img) >= 50, 'the canvas shows a picture');
  assert.deepEqual(log.failedRequests, [], 'every request stayed under the prefix and succeeded');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
  // Nothing is available outside the prefix, so nothing above could have used an absolute path.
  assert.equal((await rawGet(server.url, '/polyamine_sim_bg.wasm')).status, 404);
});

test('embed.html loads and the widget fills the frame width', async (t) => {
  const server = await serve(t);
  const { page, log } = await openPage(t, browser, { viewport: { width: 480, height: 420 } });
  await page.goto(`${server.url}embed.html`);
  await waitForReady(page);
  assert.ok(distinctColours(await readCanvas(page)) >= 50);
  const host = await page.locator('polyamine-sim').boundingBox();
  assert.ok(host.width >= 480 - 20, `widget ${host.width}px wide in a 480px frame`);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.pageErrors, []);
  await page.screenshot({ path: artifact('slice-embed.png') });
});

test('embed.html works inside an iframe on another origin, under a sub-path', async (t) => {
  const server = await serve(t, { prefix: PREFIX });
  const { page, log } = await openPage(t, browser);
  // The host page is about:blank; the frame is on the server's origin.
  await page.setContent(`<iframe title="Polyamine simulation" src="${server.url}embed.html" width="600" height="460"></iframe>`);
  const frame = page.frameLocator('iframe');
  await frame.getByRole('slider', { name: 'Polyamine inhibitor' }).waitFor();
  const ready = await page.frames()[1].waitForFunction(() => window.__widgetEvents.some((e) => e.type === 'ready'));
  assert.ok(await ready.jsonValue());
  assert.deepEqual(log.pageErrors, []);
});

test('serve.mjs: MIME types, directory index, 404, traversal, prefix and extra headers', async (t) => {
  const server = await serve(t, { prefix: '/sub/', headers: { 'X-Test-Header': 'yes' } });
  const type = async (p) => (await rawGet(server.url, p)).headers['content-type'];
  assert.equal(await type('/sub/polyamine_sim_bg.wasm'), 'application/wasm');
  assert.match(await type('/sub/polyamine-sim.js'), /^text\/javascript\b/);
  assert.match(await type('/sub/polyamine_sim.js'), /^text\/javascript\b/);
  assert.match(await type('/sub/demo.css'), /^text\/css\b/);
  assert.match(await type('/sub/embed.html'), /^text\/html\b/);

  const index = await rawGet(server.url, '/sub/');
  assert.equal(index.status, 200);
  assert.match(index.body.toString(), /<polyamine-sim>/);
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
