// Shared helpers for the page tests: Debian's chromium driven by
// playwright-core, dist/ served in-process on a random port, console and page
// error collection, and canvas pixel reads from inside the widget's shadow root.

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built site under test: dist/, or $PAGE_TEST_DIST (e.g. a deliberately broken copy). */
export const DIST = process.env.PAGE_TEST_DIST ? path.resolve(process.env.PAGE_TEST_DIST) : path.join(REPO, 'dist');
export const ARTIFACTS = path.join(REPO, 'target/artifacts');

/** The strict Content-Security-Policy of docs/EMBEDDING.md, served by the CSP tests. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";

/**
 * A page that records Content-Security-Policy violations in
 * window.__violations, opened at `url` (served with STRICT_CSP, which is
 * asserted). Returns { page, log } as openPage.
 */
export async function openUnderStrictCsp(t, browser, url, contextOptions = {}) {
  const { page, log } = await openPage(t, browser, contextOptions);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const response = await page.goto(url);
  if (response.headers()['content-security-policy'] !== STRICT_CSP) throw new Error(`${url} was not served with the strict CSP`);
  return { page, log };
}

/** The string parts of a language: i18n/<lang>.json (every layout), <lang>.story.json, <lang>.explorer.json. */
export const STRING_PARTS = Object.freeze(['', '.story', '.explorer']);

/** The strings of a language, every part of www/i18n/<lang>*.json in one object. */
export function i18n(lang) {
  return Object.assign({}, ...STRING_PARTS.map((part) => JSON.parse(readFileSync(path.join(REPO, `www/i18n/${lang}${part}.json`), 'utf8'))));
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serve dist/ on a free port. Options as scripts/serve.mjs startServer. */
export function serveDist(options = {}) {
  return startServer({ root: DIST, port: 0, ...options });
}

/** Path for a screenshot in target/artifacts/ (created on demand). */
export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * A new page in its own context that records console messages, page errors,
 * failed requests and the widget's `ready`/`error` events. Closed by t.after.
 * Returns { page, log } where log = { errors, warnings, pageErrors, failedRequests }.
 */
export async function openPage(t, browser, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 }, ...contextOptions });
  t.after(() => context.close());
  // Capture phase on window: sees `error` too, which does not bubble.
  await context.addInitScript(() => {
    window.__widgetEvents = [];
    for (const type of ['ready', 'error']) {
      window.addEventListener(type, (e) => {
        if (e instanceof CustomEvent) window.__widgetEvents.push({ type, detail: { ...e.detail, error: String(e.detail?.error ?? '') } });
      }, true);
    }
  });
  const page = await context.newPage();
  const log = { errors: [], warnings: [], pageErrors: [], failedRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.errors.push(msg.text());
    if (msg.type() === 'warning') log.warnings.push(msg.text());
  });
  page.on('pageerror', (err) => log.pageErrors.push(String(err)));
  page.on('requestfailed', (req) => log.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) log.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });
  return { page, log };
}

/** Wait until `n` widgets have fired `ready`; returns the ready events. */
export async function waitForReady(page, n = 1, timeout = 15_000) {
  await page.waitForFunction((n) => window.__widgetEvents.filter((e) => e.type === 'ready').length >= n, n, { timeout });
  return page.evaluate(() => window.__widgetEvents.filter((e) => e.type === 'ready'));
}

/** The widget events recorded so far, in order. */
export function widgetEvents(page) {
  return page.evaluate(() => window.__widgetEvents);
}

/**
 * Read the canvas of the `index`th <polyamine-sim> through its shadow root.
 * `target` is a Page or a Frame. Returns { width, height, data } with data a
 * Uint8ClampedArray of RGBA. The pixels are copied to a scratch canvas first,
 * so repeated reads do not make Chromium warn (willReadFrequently) on the
 * widget's own canvas.
 */
export async function readCanvas(target, index = 0, view = 0) {
  const { width, height, base64 } = await target.evaluate(([index, view]) => {
    const host = document.querySelectorAll('polyamine-sim')[index];
    const canvas = host.shadowRoot.querySelectorAll('canvas.section')[view];
    const scratch = document.createElement('canvas');
    scratch.width = canvas.width;
    scratch.height = canvas.height;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const { width, height, data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width, height, base64: btoa(binary) };
  }, [index, view]);
  return { width, height, data: new Uint8ClampedArray(Buffer.from(base64, 'base64')) };
}

/**
 * What the `index`th widget shows as text: { day, status, alt, legend
 * (array of item texts), play (button text), overlay (checked radio value),
 * preset (select value) }. `target` is a Page or a Frame.
 */
export function widgetState(target, index = 0) {
  return target.evaluate((index) => {
    const host = document.querySelectorAll('polyamine-sim')[index];
    const root = host.shadowRoot;
    const buttons = [...root.querySelectorAll('.controls button')];
    return {
      day: host.day,
      status: root.querySelector('.status')?.textContent ?? null,
      alt: root.querySelector('canvas')?.getAttribute('aria-label') ?? null,
      legend: [...root.querySelectorAll('ul.legend li')].map((li) => li.textContent),
      play: buttons[0]?.textContent ?? null,
      overlay: root.querySelector('fieldset.overlay-choice input:checked')?.value ?? null,
      preset: root.querySelector('select#preset')?.value ?? null,
    };
  }, index);
}

/** Call `method` (e.g. 'pause') with `args` on the `index`th widget; returns its result. */
export function call(target, index, method, ...args) {
  return target.evaluate(([index, method, args]) => document.querySelectorAll('polyamine-sim')[index][method](...args), [index, method, args]);
}

/** Pause the `index`th widget and restart it at day 0 with its current settings. */
export async function pauseAtDayZero(target, index = 0) {
  await call(target, index, 'pause');
  await call(target, index, 'reset');
}

/** A number in a status line or text alternative ("12,996" or "12.996"), by the word after it. */
export function countBefore(text, word) {
  const m = new RegExp(`([\\d.,]+) ${word}`).exec(text);
  if (!m) throw new Error(`no "<number> ${word}" in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/[.,]/g, ''));
}

/** The tumour colour in the "cells" overlay (render.rs TUMOUR). */
export const TUMOUR_RGB = [0xe0, 0xc8, 0x98];
/** The effector T cell colour in the "cells" and haze overlays (render.rs EFFECTOR). */
export const EFFECTOR_RGB = [0x00, 0x72, 0xb2];

/** Pixel indices (0 … w·h−1) whose RGB is exactly `rgb`. */
export function pixelsOf({ data }, rgb) {
  const out = [];
  for (let i = 0, p = 0; i < data.length; i += 4, p++) if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) out.push(p);
  return out;
}

/** Over the pixels `where`: the fraction that differ between a and b, and the mean |ΔRGB| summed over channels. */
export function changeOver(a, b, where) {
  let changed = 0;
  let sum = 0;
  for (const p of where) {
    const i = 4 * p;
    const d = Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
    if (d) changed++;
    sum += d;
  }
  return { fraction: where.length ? changed / where.length : 0, mean: where.length ? sum / where.length : 0 };
}

/**
 * Load the demo page, then replace its widget with new ones having the given
 * attributes (an array of { name: value }; layout="explorer", the full tool,
 * unless they name another layout); waits for all to be ready and clears the
 * event list and the log first.
 */
export async function pageWith(t, browser, server, widgets, contextOptions) {
  widgets = widgets.map((attrs) => ({ layout: 'explorer', ...attrs }));
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

/**
 * Count animation-frame callbacks and canvas putImageData calls in the page
 * (window.__rafCalls, window.__draws). Call before page.goto.
 */
export function countFrames(page) {
  return page.addInitScript(() => {
    window.__rafCalls = 0;
    window.__draws = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((ts) => (window.__rafCalls++, cb(ts)));
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
      window.__draws++;
      return put.apply(this, args);
    };
  });
}

/** Number of distinct opaque RGB colours in an image. */
export function distinctColours({ data }) {
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  return seen.size;
}

/** Fraction of pixels that are fully transparent (a canvas never drawn on is all transparent). */
export function transparentFraction({ data }) {
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] === 0) n++;
  return n / (data.length / 4);
}

/**
 * Mean R, G, B over the pixels within `radius` (a fraction of the smaller
 * side) of the image centre.
 */
export function centreMean({ width, height, data }, radius = 0.15) {
  const r = radius * Math.min(width, height);
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((x + 0.5 - width / 2) ** 2 + (y + 0.5 - height / 2) ** 2 > r * r) continue;
      const i = 4 * (y * width + x);
      sum[0] += data[i];
      sum[1] += data[i + 1];
      sum[2] += data[i + 2];
      n++;
    }
  }
  return sum.map((s) => s / n);
}

/** Fraction of bytes that differ between two same-sized images. */
export function differingFraction(a, b) {
  if (a.data.length !== b.data.length) return 1;
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) n++;
  return n / a.data.length;
}

/**
 * One browser and one dist/ server for a whole test file: registers the
 * before/after hooks and returns an object whose `browser` and `server` are
 * set once the file's tests start.
 */
export function sharedBrowserAndServer(serverOptions = {}) {
  const shared = { browser: null, server: null };
  before(async () => {
    [shared.browser, shared.server] = await Promise.all([launchBrowser(), serveDist(serverOptions)]);
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}
