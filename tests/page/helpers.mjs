// Shared helpers for the page tests: Debian's chromium driven by
// playwright-core, dist/ served in-process on a random port, console and page
// error collection, and canvas pixel reads from inside the widget's shadow root.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(REPO, 'dist');
export const ARTIFACTS = path.join(REPO, 'target/artifacts');

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
 * Returns { width, height, data } with data a Uint8ClampedArray of RGBA.
 */
export async function readCanvas(page, index = 0) {
  const { width, height, base64 } = await page.evaluate((index) => {
    const host = document.querySelectorAll('polyamine-sim')[index];
    const canvas = host.shadowRoot.querySelector('canvas');
    const { width, height, data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width, height, base64: btoa(binary) };
  }, index);
  return { width, height, data: new Uint8ClampedArray(Buffer.from(base64, 'base64')) };
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
