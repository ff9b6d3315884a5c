#!/usr/bin/env node
// The cross-engine suite (tests/cross/cases.mjs) in Chromium, Firefox and
// WebKit, through WebDriver (tests/cross/driver.mjs) against a copy of dist/
// (tests/cross/site.mjs). One browser session per engine, the cases in turn;
// a failing case leaves a screenshot in target/artifacts/. Prints a line per
// case and, per engine, the summary `page <engine>: N passed, M failed`
// (skipped cases, e.g. the layouts before issue 14, are listed, not counted).
//
//   node tests/cross/run.mjs [--engine chromium,firefox,webkit] [--grep TEXT] [--label page] [--summary FILE]
//
// --label: the summary's first word (the Makefile runs the Chromium pass as
// `cross`, then prints one `page chromium` line for it and tests/page/
// together); --summary FILE: also append the summary lines to FILE. Exit
// status 1 if any case failed or an engine could not start.

import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CASES } from './cases.mjs';
import { ENGINES, launch } from './driver.mjs';
import { Page, startSite } from './site.mjs';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: ENGINES.join(',') },
    grep: { type: 'string', default: '' },
    summary: { type: 'string' },
    label: { type: 'string', default: 'page' },
  },
});
const engines = values.engine.split(',').filter(Boolean);
for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e} (valid: ${ENGINES.join(', ')})`);
const cases = CASES.filter((c) => c.name.toLowerCase().includes(values.grep.toLowerCase()));
/** A case that has not finished by then failed (and the browser is restarted for the next one). */
const CASE_TIMEOUT_MS = 120_000;

const site = await startSite();
let failures = 0;
const summaries = [];
try {
  for (const engine of engines) {
    let passed = 0;
    let failed = 0;
    const skipped = [];
    const t0 = Date.now();
    let browser = null;
    let layouts = null;
    const open = async () => {
      browser = await launch(engine, { width: 1024, height: 900 });
      const page = new Page(browser, site);
      await page.goto(site.url);
      await page.setViewport(1024, 800);
      return page;
    };
    let page;
    try {
      page = await open();
      console.log(`== ${values.label} ${engine}: ${browser.version}, ${cases.length} cases`);
      await page.goto(`${site.url}embed.html`);
      layouts = await page.run(() => customElements.whenDefined('polyamine-sim').then(() => customElements.get('polyamine-sim').observedAttributes.includes('layout')));
      page.layouts = layouts;
    } catch (err) {
      console.log(`not ok - ${engine} did not start: ${err.message}`);
      await browser?.close();
      failed = cases.length;
      summaries.push(`${values.label} ${engine}: 0 passed, ${failed} failed`);
      failures += failed;
      continue;
    }
    for (const c of cases) {
      if (c.needs === 'layout' && !layouts) {
        skipped.push(c.name);
        console.log(`skip - ${c.name} (the widget has no layout attribute yet: issue 14)`);
        continue;
      }
      const notes = [];
      const started = Date.now();
      let timer;
      try {
        await Promise.race([
          c.run(page, site, (n) => notes.push(n)),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${CASE_TIMEOUT_MS / 1000} s`)), CASE_TIMEOUT_MS))),
        ]);
        passed++;
        console.log(`ok - ${c.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (err) {
        failed++;
        console.log(`not ok - ${c.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        console.log(`  ${String(err.stack ?? err).split('\n').slice(0, 12).join('\n  ')}`);
        if (err.actual !== undefined || err.expected !== undefined) console.log(`  actual: ${JSON.stringify(err.actual)}\n  expected: ${JSON.stringify(err.expected)}`);
        // (A screenshot can hang in a broken session: at most 15 s.)
        const shot = await Promise.race([
          page.top().then(() => page.screenshot(c.name.slice(0, 40).replace(/\W+/g, '-'))),
          new Promise((resolve) => setTimeout(resolve, 15_000, null)),
        ]).catch(() => null);
        if (shot) console.log(`  screenshot: ${shot}`);
        // A stuck or broken session: start the engine again for the next case.
        const alive = await page.run(() => 1).catch(() => 0);
        if (!alive) {
          await browser.close();
          page = await open().catch((e) => (console.log(`  ${engine} did not restart: ${e.message}`), null));
          if (page) page.layouts = layouts;
          if (!page) {
            failed += cases.length - passed - failed - skipped.length;
            break;
          }
        }
      } finally {
        clearTimeout(timer);
      }
      for (const n of notes) console.log(`  # ${n}`);
      // Leave the page so nothing keeps running into the next case.
      await page.goto('about:blank').catch(() => {});
    }
    await browser.close();
    if (skipped.length) console.log(`  # ${engine}: ${skipped.length} skipped (layouts: the widget has no layout attribute yet)`);
    console.log(`  # ${engine}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    summaries.push(`${values.label} ${engine}: ${passed} passed, ${failed} failed`);
    failures += failed;
  }
} finally {
  await site.close();
}
for (const s of summaries) console.log(s);
if (values.summary) appendFileSync(values.summary, summaries.map((s) => `${s}\n`).join(''));
process.exit(failures ? 1 : 0);
