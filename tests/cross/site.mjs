// The cross-engine suite's site and page helpers (tests/cross/run.mjs).
//
// The site: a copy of dist/ whose HTML pages load tests/cross/recorder.js
// first (a same-origin file: allowed by the strict CSP), served three ways
// by scripts/serve.mjs, every page under the strict CSP of docs/EMBEDDING.md:
//   site.url   dist/ at the root: the demo (index.html) and embed.html
//   site.plain the same without a CSP (how most hosts serve it), for what a
//              strict CSP would block on purpose (an old browser's fallback)
//   site.sub   a news site's sub-path, /news/2026/: the widget's folder at
//              widget/, an article one level up (story.html) loading it from
//              there, as the hosting page tests do
//   site.host  another origin without a CSP, holding frame-host.html: an
//              article with an iframe of embed.html (`src`, and optionally
//              `width` and `height` in CSS pixels, from the query; the
//              frame is also how a narrow viewport is tested, as headless
//              Firefox keeps its window at least 500 px wide), recording the
//              height messages the frame posts
// The page helpers run functions inside the page through WebDriver (a
// function's source is sent, so it must not close over anything; arguments
// and results go as JSON) and read the recorder.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.PAGE_TEST_DIST ? path.resolve(process.env.PAGE_TEST_DIST) : path.join(REPO, 'dist');
export const ARTIFACTS = path.join(REPO, 'target/artifacts');
/** As tests/page/helpers.mjs STRICT_CSP (docs/EMBEDDING.md). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";
export const SUB_PREFIX = '/news/2026/';

const RECORDER = path.join(REPO, 'tests/cross/recorder.js');
const AXE = path.join(REPO, 'node_modules/axe-core/axe.min.js');

/** Insert the recorder as the first script of an HTML page (`src` relative to the page). */
function withRecorder(html, src) {
  if (!html.includes('<head>')) throw new Error('a page without <head>');
  return html.replace('<head>', `<head>\n  <script src="${src}"></script>`);
}

const STORY = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>An article one folder above the widget</title>
  <script src="widget/__cross/recorder.js"></script>
  <script type="module" src="widget/polyamine-sim.js"></script>
</head>
<body>
  <main>
    <h1>News</h1>
    <p>The article text, then two widgets from the folder below.</p>
    <polyamine-sim seed="3"></polyamine-sim>
    <polyamine-sim lang="de" preset="dfmo-amxt"></polyamine-sim>
  </main>
</body>
</html>
`;

const FRAME_HOST = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>An article on another site, with the widget in an iframe</title>
  <style>body { margin: 8px; } iframe { display: block; border: 0; width: 600px; }</style>
  <script src="frame-host.js" defer></script>
</head>
<body>
  <h1>News</h1>
  <iframe id="frame" title="Polyamine simulation" height="600"></iframe>
</body>
</html>
`;

// The host side of the plain height message documented with issue 14's
// self-sizing iframe: { type: 'polyamine-sim:height', height } from the frame.
const FRAME_HOST_JS = `window.__heights = [];
const frame = document.getElementById('frame');
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || !e.data || typeof e.data !== 'object') return;
  window.__heights.push({ type: String(e.data.type), height: Number(e.data.height), origin: e.origin });
  if (e.data.type === 'polyamine-sim:height' && Number.isFinite(e.data.height)) frame.style.height = e.data.height + 'px';
});
const query = new URLSearchParams(location.search);
if (query.has('width')) frame.style.width = query.get('width') + 'px';
if (query.has('height')) frame.style.height = query.get('height') + 'px';
frame.src = query.get('src');
`;

/** Build the site in a scratch folder and start its servers. Returns { url, sub, host, plain, root, close() }. */
export async function startSite() {
  const root = mkdtempSync(path.join(tmpdir(), 'polyamine-cross-'));
  const widget = path.join(root, 'widget');
  cpSync(DIST, widget, { recursive: true });
  for (const name of readdirSync(widget)) {
    // The offline single file carries inline scripts by design (not for a strict CSP); the suite does not load it.
    if (!name.endsWith('.html') || name.includes('offline')) continue;
    const file = path.join(widget, name);
    writeFileSync(file, withRecorder(readFileSync(file, 'utf8'), './__cross/recorder.js'));
  }
  mkdirSync(path.join(widget, '__cross'));
  cpSync(RECORDER, path.join(widget, '__cross/recorder.js'));
  cpSync(AXE, path.join(widget, '__cross/axe.min.js'));
  writeFileSync(path.join(root, 'story.html'), STORY);
  mkdirSync(path.join(root, 'host'));
  writeFileSync(path.join(root, 'host/frame-host.html'), FRAME_HOST);
  writeFileSync(path.join(root, 'host/frame-host.js'), FRAME_HOST_JS);

  const csp = { 'Content-Security-Policy': STRICT_CSP };
  const servers = await Promise.all([
    startServer({ root: widget, port: 0, headers: csp }),
    startServer({ root, port: 0, prefix: SUB_PREFIX, headers: csp }),
    startServer({ root: path.join(root, 'host'), port: 0 }),
    startServer({ root: widget, port: 0 }),
  ]);
  return {
    url: servers[0].url,
    sub: servers[1].url,
    host: servers[2].url,
    plain: servers[3].url,
    root,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** One engine's window, driven through the npm webdriver client. */
export class Page {
  /** @param {{ engine: string, client: any }} browser */
  constructor(browser, site) {
    this.engine = browser.engine;
    this.client = browser.client;
    this.site = site;
    /** The iframe (index in the top document) the commands go to, or null. */
    this.inFrame = null;
  }

  async goto(url) {
    // From the same page, a URL with a fragment would only scroll: load it afresh.
    if (url.includes('#')) await this.client.navigateTo('about:blank');
    await this.client.navigateTo(url);
    this.inFrame = null;
  }

  /**
   * Run `fn(...args)` in the page (or the current frame); resolves to its
   * (awaited) result. A throw inside the page rejects with its message and stack.
   */
  async run(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      const args = Array.prototype.slice.call(arguments, 0, -1);
      Promise.resolve().then(() => (${fn}).apply(null, args)).then(
        (value) => done({ ok: true, value: value === undefined ? null : value }),
        (err) => done({ ok: false, error: String(err && err.stack || err) }));`;
    const r = await this.client.executeAsyncScript(script, args);
    if (!r?.ok) throw new Error(`in the page (${this.engine}): ${r?.error ?? JSON.stringify(r)}`);
    return r.value;
  }

  /** Wait until `n` widgets fired `ready` (recorded by the recorder); returns the events so far. */
  async ready(n = 1, timeout = 30_000) {
    await this.poll((n) => window.__cross && window.__cross.events.filter((e) => e.type === 'ready').length >= n, [n], { timeout, what: `${n} ready event(s)` });
    return this.run(() => window.__cross.events);
  }

  /** Poll `fn` from Node (no eval in the page: the strict CSP forbids it) every 100 ms. */
  async poll(fn, args = [], { timeout = 20_000, what = String(fn) } = {}) {
    const t0 = Date.now();
    for (;;) {
      const v = await this.run(fn, ...args);
      if (v) return v;
      if (Date.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * What went wrong in the page (or the current frame) so far: console
   * errors, uncaught exceptions, CSP violations, widget error events,
   * requests to another origin and failed responses (where the engine's
   * resource timing has responseStatus), and warnings.
   */
  trouble() {
    return this.run(() => {
      const rec = window.__cross;
      if (!rec) return { errors: ['no recorder in this page'], violations: [], widgetErrors: [], foreign: [], failed: [], warnings: [] };
      const seen = new Map();
      for (const r of rec.resources) seen.set(r.url, r);
      for (const e of performance.getEntriesByType('resource')) seen.set(e.name, { url: e.name, type: e.initiatorType, status: e.responseStatus ?? null });
      const all = [...seen.values()];
      return {
        errors: rec.errors,
        violations: rec.violations,
        widgetErrors: rec.events.filter((e) => e.type === 'error').map((e) => e.detail.message),
        foreign: all.filter((r) => !/^(data|blob):/.test(r.url) && new URL(r.url).origin !== location.origin).map((r) => r.url),
        failed: all.filter((r) => r.status >= 400).map((r) => `${r.url}: ${r.status}`),
        warnings: rec.warnings,
        resources: all.length,
      };
    });
  }

  /** An element found by `fn(...args)` in the page (it may live in a shadow root), as a WebDriver element id. */
  async element(fn, ...args) {
    const found = await this.client.executeScript(`return (${fn}).apply(null, arguments);`, args);
    const id = found?.[ELEMENT_KEY];
    if (!id) throw new Error(`no element from ${fn}`);
    return id;
  }

  /**
   * Click the element `fn` finds, as a reader would (WebDriver Element Click:
   * real pointer events at its centre). It is scrolled into view first, by
   * the page and, inside a frame, by the page around it: WebKitWebDriver
   * scrolls neither a frame's document nor the page holding a cross-origin
   * frame, and then clicks outside the viewport, silently.
   */
  async click(fn, ...args) {
    const id = await this.element(fn, ...args);
    const rect = await this.client.executeScript(
      'arguments[0].scrollIntoView({ block: "center" }); const r = arguments[0].getBoundingClientRect(); return { y: r.top + r.height / 2 };',
      [{ [ELEMENT_KEY]: id }],
    );
    if (this.inFrame !== null) {
      await this.client.switchToFrame(null);
      await this.run((i, y) => {
        const frame = document.querySelectorAll('iframe')[i].getBoundingClientRect();
        scrollBy(0, frame.top + y - innerHeight / 2);
      }, this.inFrame, rect.y);
      await this.frame(this.inFrame);
    }
    await this.client.elementClick(id);
  }

  /** Clear the field `fn` finds and type `text` into it (WebDriver Element Send Keys). */
  async type(fn, args, text) {
    const id = await this.element(fn, ...args);
    await this.client.elementClear(id);
    await this.client.elementSendKeys(id, text);
  }

  /** Press keys (WebDriver Actions): e.g. ['ArrowRight']. */
  async keys(names) {
    const CODES = { ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', Space: ' ' };
    const actions = [];
    for (const n of names) {
      const value = CODES[n] ?? n;
      actions.push({ type: 'keyDown', value }, { type: 'keyUp', value });
    }
    await this.client.performActions([{ type: 'key', id: 'keyboard', actions }]);
    await this.client.releaseActions().catch(() => {});
  }

  /** Enter the `index`th iframe of the top document; `top()` leaves. */
  async frame(index = 0) {
    const id = await this.element((i) => document.querySelectorAll('iframe')[i], index);
    await this.client.switchToFrame({ [ELEMENT_KEY]: id });
    this.inFrame = index;
  }

  async top() {
    await this.client.switchToFrame(null);
    this.inFrame = null;
  }

  /** Size the window so that its viewport is `width` × `height` (the window is a little larger, by an amount each engine has its own of). */
  async setViewport(width, height) {
    for (let i = 0; i < 3; i++) {
      const inner = await this.run(() => ({ w: innerWidth, h: innerHeight }));
      if (inner.w === width && inner.h === height) return;
      const rect = await this.client.getWindowRect();
      await this.client.setWindowRect(null, null, rect.width + (width - inner.w), rect.height + (height - inner.h));
    }
  }

  /** A screenshot of the viewport in target/artifacts/cross-<engine>-<name>.png. */
  async screenshot(name) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `cross-${this.engine}-${name}.png`);
    writeFileSync(file, Buffer.from(await this.client.takeScreenshot(), 'base64'));
    return file;
  }
}
