// Issue 6, panic containment: a Rust panic (a wasm trap) in one widget stops
// that widget only. Runs against a test-only build whose TissueSim::step
// panics for seed 4294967295 (cargo feature `test-panic`), made by
//   DIST=target/dist-panic FEATURES=test-panic scripts/build.sh
// (`make build-panic`); $PANIC_TEST_DIST points at another such folder. Fails
// when it is missing: a skipped containment test would pass unnoticed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { REPO, artifact, launchBrowser, openPage, widgetEvents } from './helpers.mjs';

const PANIC_DIST = path.resolve(REPO, process.env.PANIC_TEST_DIST ?? 'target/dist-panic');
const PANIC_SEED = '4294967295';
const PANIC_MESSAGE = 'test-panic: deliberate panic for the containment test';
/** What the element itself logs when it stops (www/polyamine-sim.js #crash, called by the runner's guard). */
const ELEMENT_STOP_LOG = '<polyamine-sim>: the simulation stopped';

/** Two widgets, the first with the panic seed, and a host-page button. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>panic containment</title>
<link rel="icon" href="data:,"><script type="module" src="polyamine-sim.js"></script></head>
<body>
<button id="host-button" type="button">host page button</button>
<polyamine-sim id="panics" layout="explorer" seed="${PANIC_SEED}" speed="1"></polyamine-sim>
<polyamine-sim id="runs" layout="explorer" seed="7" speed="1"></polyamine-sim>
</body></html>`;

const dayOf = (page, id) => page.evaluate((id) => document.getElementById(id).day, id);

test('a Rust panic in one widget shows its error panel and fires error; the other widget and the page go on', async (t) => {
  assert.ok(
    existsSync(path.join(PANIC_DIST, 'polyamine_sim_bg.wasm')),
    `no test-panic build in ${PANIC_DIST}: make it with \`make build-panic\` (or DIST=${path.relative(REPO, PANIC_DIST)} FEATURES=test-panic scripts/build.sh)`,
  );
  const [browser, server] = await Promise.all([launchBrowser(), startServer({ root: PANIC_DIST, port: 0 })]);
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  // Tall enough that both widgets are in view (they animate only then).
  const { page, log } = await openPage(t, browser, { viewport: { width: 1000, height: 3200 } });
  await page.route('**/panic-test.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  await page.goto(`${server.url}panic-test.html`);

  // The panicking widget: an `error` event with a message (CustomEvent, composed).
  await page
    .waitForFunction(() => window.__widgetEvents.some((e) => e.type === 'error'), null, { timeout: 20_000 })
    .catch(() => assert.fail(`no error event: is ${PANIC_DIST} a test-panic build? console and page errors: ${JSON.stringify(log)}`));
  await page.waitForFunction(() => window.__widgetEvents.filter((e) => e.type === 'ready').length >= 2, null, { timeout: 20_000 });
  const errorEvents = await page.evaluate(() => window.__widgetEvents.filter((e) => e.type === 'error'));
  assert.equal(errorEvents.length, 1, 'one error event, from the panicking widget');
  assert.ok(typeof errorEvents[0].detail.message === 'string' && errorEvents[0].detail.message.length > 0, 'detail.message says what happened');

  // Its error panel: role="alert" in its shadow root, with the Reset button.
  const en = JSON.parse(readFileSync(path.join(REPO, 'www/i18n/en.json'), 'utf8'));
  const resetText = en['control.reset'] ?? en['control.restart'];
  const panel = await page.evaluate(() => {
    const root = document.getElementById('panics').shadowRoot;
    const alert = root.querySelector('[role="alert"]');
    return alert && { text: alert.textContent, buttons: [...alert.querySelectorAll('button')].map((b) => b.textContent) };
  });
  assert.ok(panel, 'the panicking widget shows an element with role="alert"');
  assert.ok(panel.text.includes(errorEvents[0].detail.message), `the panel says what the event says: ${panel.text}`);
  assert.deepEqual(panel.buttons, [resetText], `the panel holds the Reset button ("${resetText}")`);
  const otherAlert = await page.evaluate(() => document.getElementById('runs').shadowRoot.querySelector('[role="alert"]')?.textContent ?? null);
  assert.equal(otherAlert, null, 'the other widget shows no error');

  // The other widget keeps running, and the host page stays responsive.
  const before = await dayOf(page, 'runs');
  await page.waitForTimeout(1500);
  const after = await dayOf(page, 'runs');
  assert.ok(after > before, `the other widget's day advances after the panic: ${before} → ${after}`);
  await page.evaluate(() => document.getElementById('host-button').addEventListener('click', () => (window.__hostClicks = (window.__hostClicks ?? 0) + 1)));
  await page.click('#host-button');
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let n = 0;
        const t0 = performance.now();
        const tick = () => (performance.now() - t0 < 500 ? (n++, requestAnimationFrame(tick)) : resolve(n));
        requestAnimationFrame(tick);
      }),
  );
  assert.equal(await page.evaluate(() => window.__hostClicks), 1, 'the host page handles a click');
  assert.ok(frames >= 10, `the host page still paints frames (${frames} in 0.5 s)`);

  // Console: the panic message (console_error_panic_hook), the element's own
  // note that it stopped, and nothing else; no uncaught exception.
  const panicLogs = log.errors.filter((e) => e.includes(PANIC_MESSAGE));
  assert.equal(panicLogs.length, 1, `the panic message is logged once: ${JSON.stringify(log.errors)}`);
  const others = log.errors.filter((e) => !e.includes(PANIC_MESSAGE) && !e.startsWith(ELEMENT_STOP_LOG));
  assert.deepEqual(others, [], 'no other console error');
  assert.ok(log.errors.filter((e) => e.startsWith(ELEMENT_STOP_LOG)).length <= 1, 'the element notes the stop at most once');
  assert.deepEqual(log.pageErrors, [], 'no uncaught exception');
  await page.screenshot({ path: artifact('panic-containment.png') });

  // Reset starts the widget again (a fresh section): with the same seed it
  // panics again, and that too stays inside the widget.
  await page.locator('#panics').getByRole('button', { name: resetText }).click();
  await page.waitForFunction(() => window.__widgetEvents.filter((e) => e.type === 'error').length >= 2, null, { timeout: 20_000 });
  const before2 = await dayOf(page, 'runs');
  await page.waitForTimeout(1000);
  assert.ok((await dayOf(page, 'runs')) > before2, 'the other widget still runs after a second panic');
  assert.equal((await widgetEvents(page)).filter((e) => e.type === 'error').length, 2, 'one error event per panic');
  assert.deepEqual(log.pageErrors, [], 'no uncaught exception after Reset');
});
