// Every call into the wasm goes through the runner's guard (www/sim-runner.js),
// not only stepping (panic.test.mjs, with a real panic): here a trap, the
// WebAssembly.RuntimeError a Rust panic surfaces as, is simulated in the
// glue's methods, so each path can be hit on purpose in the normal build. A
// trap stops only its widget and shows the error panel, never escaping to the
// page; an ordinary error of a call whose errors are the caller's (toCSV's)
// is thrown to the caller, and the handles it made are freed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageWith, sharedBrowserAndServer, widgetEvents } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };
const STOP_LOG = '<polyamine-sim>: the simulation stopped';

/**
 * Wrap every method of the glue's classes: `window.__trap = 'Class.method'`
 * makes that method throw a WebAssembly.RuntimeError (as a Rust panic does),
 * `window.__fail = 'Class.method'` a plain Error; `window.__frees[Class]`
 * counts frees. The element loads the same module instance.
 */
async function instrument(page) {
  await page.evaluate(async () => {
    const glue = await import('./polyamine_sim.js');
    window.__frees = {};
    for (const cls of ['TissueSim', 'OdeEngine', 'OdeRun']) {
      const proto = glue[cls].prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const original = Object.getOwnPropertyDescriptor(proto, name).value;
        if (name === 'constructor' || typeof original !== 'function') continue;
        proto[name] = function (...args) {
          if (name === 'free') window.__frees[cls] = (window.__frees[cls] ?? 0) + 1;
          if (window.__trap === `${cls}.${name}`) throw new WebAssembly.RuntimeError('unreachable (simulated trap)');
          if (window.__fail === `${cls}.${name}`) throw new Error('simulated error');
          return original.apply(this, args);
        };
      }
    }
  });
}

/** The first widget's error panel: its text and buttons, or null. */
const panelOf = (page) =>
  page.evaluate(() => {
    const alert = document.querySelector('polyamine-sim').shadowRoot.querySelector('[role="alert"]');
    return alert && { text: alert.textContent, buttons: [...alert.querySelectorAll('button')].map((b) => b.textContent) };
  });

/** After a (simulated) trap: one error event, the panel, the widget's own note, nothing uncaught. */
async function assertStopped(page, log) {
  const errors = (await widgetEvents(page)).filter((e) => e.type === 'error');
  assert.equal(errors.length, 1, 'one error event');
  assert.match(errors[0].detail.error, /RuntimeError: unreachable \(simulated trap\)/);
  const panel = await panelOf(page);
  assert.ok(panel?.text.includes(errors[0].detail.message), `the error panel says what the event says: ${JSON.stringify(panel)}`);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').day), 0, 'a stopped widget reports day 0');
  assert.deepEqual(log.pageErrors, [], 'nothing escapes to the page');
  assert.deepEqual(log.errors.filter((e) => !e.startsWith(STOP_LOG)), [], 'no console error but the note that it stopped');
  assert.equal(log.errors.length, 1, 'the note, once');
}

test('a trap while rendering for an overlay change stops only the widget; Reset starts it again', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo' }, { preset: 'untreated' }], reduced);
  await instrument(page);
  const thrown = await page.evaluate(() => {
    window.__trap = 'TissueSim.render';
    try {
      document.querySelector('polyamine-sim').setAttribute('overlay', 'drug');
      return null;
    } catch (error) {
      return String(error);
    } finally {
      window.__trap = null;
    }
  });
  assert.equal(thrown, null, 'setAttribute does not throw');
  await assertStopped(page, log);
  // The other widget still draws its overlay.
  await page.evaluate(() => document.querySelectorAll('polyamine-sim')[1].setAttribute('overlay', 'drug'));
  assert.ok((await page.evaluate(() => document.querySelectorAll('polyamine-sim')[1].advance(2))) > 1.9, 'the other widget steps on');

  await page.locator('polyamine-sim').first().getByRole('button', { name: 'Restart' }).click();
  await page.waitForFunction(() => window.__widgetEvents.filter((e) => e.type === 'ready').length >= 3);
  assert.equal(await panelOf(page), null, 'the panel is gone after Reset');
  assert.ok((await page.evaluate(() => document.querySelector('polyamine-sim').advance(1))) > 0.9, 'the widget steps again');
  assert.deepEqual(log.pageErrors, []);
});

test('a trap in toCSV stops only the widget: toCSV returns an empty string, and the trapped run is dropped, not freed', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{}], reduced);
  await instrument(page);
  const result = await page.evaluate(() => {
    window.__trap = 'OdeRun.to_csv';
    try {
      return { csv: document.querySelector('polyamine-sim').toCSV(1), frees: window.__frees.OdeRun ?? 0 };
    } catch (error) {
      return { thrown: String(error) };
    } finally {
      window.__trap = null;
    }
  });
  assert.deepEqual(result, { csv: '', frees: 0 });
  await assertStopped(page, log);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').toCSV(1)), '', 'a stopped widget gives no CSV');
});

test('an ordinary error in toCSV is thrown to the caller, frees its run, and the widget goes on', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{}], reduced);
  await instrument(page);
  const result = await page.evaluate(() => {
    const el = document.querySelector('polyamine-sim');
    const attempt = (fn) => {
      try {
        fn();
        return null;
      } catch (error) {
        return error.message;
      }
    };
    window.__fail = 'OdeRun.to_csv';
    const before = window.__frees.OdeRun ?? 0;
    const failed = attempt(() => el.toCSV(1));
    const freed = (window.__frees.OdeRun ?? 0) - before;
    window.__fail = null;
    return { failed, freed, badDt: attempt(() => el.toCSV(-1)), rows: el.toCSV(1).trim().split('\n').length, day: el.advance(1) };
  });
  assert.equal(result.failed, 'simulated error');
  assert.equal(result.freed, 1, 'the run is freed although to_csv threw');
  assert.match(result.badDt, /^dt: /, 'a bad dt is an error naming it');
  assert.equal(result.rows, 1 + 151, 'the next CSV is whole');
  assert.ok(result.day > 0.9, 'the widget goes on');
  assert.deepEqual((await widgetEvents(page)).filter((e) => e.type === 'error'), []);
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});

test('a trap in the dose-response sweep stops only the widget and does not escape to the page', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo' }], reduced);
  await instrument(page);
  await page.evaluate(() => {
    window.__trap = 'OdeEngine.dfmo_sweep';
    document.querySelector('polyamine-sim').setAttribute('dfmo-dose-mg', '500');
  });
  await page.waitForFunction(() => window.__widgetEvents.some((e) => e.type === 'error'));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.evaluate(() => (window.__trap = null));
  await assertStopped(page, log);
});
