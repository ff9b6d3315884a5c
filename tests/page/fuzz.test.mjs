// UI fuzzing, as PhET does with ?fuzz: a seeded random reader clicks, presses
// keys, drags sliders, types into number fields and changes attributes (valid,
// out of range, garbage, HTML) across two instances for FUZZ_SECONDS (default
// 60; `make fuzz DURATION=600` runs longer; FUZZ_SEED picks the sequence).
// Expected: no console error, no uncaught exception, no "NaN" or "undefined"
// in visible text, and frame times that stay bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifact, pageWith, sharedBrowserAndServer } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

/** mulberry32: a small seeded generator, so a failure can be replayed with its seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATTRS = {
  preset: ['untreated', 'dfmo', 'amxt', 'dfmo-amxt', 'chemo', 'dfmo-amxt-chemo', 'anti-pd1', 'dfmo-amxt-anti-pd1', 'odc-knockout', 'treg-depletion', 'nope'],
  tumour: ['immune-evasive', 'kuznetsov-reference', 'x'],
  days: ['1', '30', '150', '400', '0', '-5', '1e9', 'abc'],
  seed: ['0', '1', '42', '4294967295', '-1', '1.5', 'x'],
  'dfmo-dose-mg': ['0', '500', '768', '3000', '5000', '-1', 'NaN', ''],
  'dfmo-interval-h': ['1', '12', '168', '0', '1000'],
  'dfmo-start-day': ['0', '10', '200', '-3'],
  'dfmo-duration-days': ['0', '20', '150', '99999'],
  'amxt-dose': ['0', '0.5', '1', '2', '3', 'x'],
  'co-therapy': ['none', 'chemo', 'anti-pd1', 'radio'],
  'chemo-days': ['7,14,21', '1', '', 'a,b', '5,500,-2'],
  'anti-pd1-dose': ['0', '1', '10', '11'],
  'odc-knockout': ['true', 'false', 'maybe', ''],
  'treg-depletion': ['0', '0.7', '1', '2'],
  params: ['{}', '{"kappa": 3}', '{"V_min": 1, "V_max": 0.05}', '{"kappa": "x"}', 'not json'],
  overlay: ['cells', 'polyamine', 'drug', 'perfusion', 'x'],
  speed: ['1', '4', '8', '0', '100'],
  compare: ['', 'true', 'false', 'x'],
  lang: ['en', 'de', 'fr'],
  autoplay: ['true', 'false'],
};
const KEYS = ['Tab', 'Shift+Tab', 'Space', 'Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Escape', 'Home', 'End', 'PageUp', 'PageDown'];
const TYPED = ['0', '1', '12', '768', '3000', '99999', '-5', '1e3', 'abc', '', '0.05'];

test(`UI fuzzing for ${SECONDS} s across two instances (seed ${SEED}): no errors, no NaN or undefined on screen, bounded frame times`, async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt' }, { compare: '' }], {
    viewport: { width: 900, height: 1200 },
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Frame intervals, measured in the page for the whole run.
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const loop = (now) => {
      window.__frames.push(now - last);
      last = now;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  const rand = random(SEED);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const widget = () => page.locator('polyamine-sim').nth(Math.floor(rand() * 2));
  const counts = {};
  const badText = [];
  const end = Date.now() + SECONDS * 1000;
  let actions = 0;
  const slowest = []; // [ms, action]: the five slowest actions, for the log
  while (Date.now() < end) {
    const kind = pick(['click', 'click', 'key', 'key', 'drag', 'type', 'attr', 'attr', 'method']);
    counts[kind] = (counts[kind] ?? 0) + 1;
    actions++;
    let detail = kind;
    const started = Date.now();
    try {
      if (kind === 'click') {
        const controls = widget().locator('button:visible, input:visible, select:visible, summary:visible');
        const n = await controls.count();
        if (n) await controls.nth(Math.floor(rand() * n)).click({ timeout: 300 });
      } else if (kind === 'key') {
        await page.keyboard.press(pick(KEYS));
      } else if (kind === 'drag') {
        const sliders = widget().locator('input[type=range]:visible');
        const n = await sliders.count();
        if (n) {
          const box = await sliders.nth(Math.floor(rand() * n)).boundingBox();
          if (box) {
            const y = box.y + box.height / 2;
            await page.mouse.move(box.x + rand() * box.width, y);
            await page.mouse.down();
            for (let i = 0; i < 4; i++) await page.mouse.move(box.x + rand() * box.width, y, { steps: 3 });
            await page.mouse.up();
          }
        }
      } else if (kind === 'type') {
        const fields = widget().locator('input[type=number]:visible:enabled');
        const n = await fields.count();
        if (n) {
          const field = fields.nth(Math.floor(rand() * n));
          await field.click({ timeout: 300 });
          await page.keyboard.press('Control+A');
          await page.keyboard.type(pick(TYPED));
          await page.keyboard.press(pick(['Enter', 'Tab']));
        }
      } else if (kind === 'attr') {
        const name = pick(Object.keys(ATTRS));
        const value = pick(ATTRS[name]);
        detail = `attr ${name}=${value}`;
        await widget().evaluate((el, [name, value]) => el.setAttribute(name, value), [name, value]);
      } else {
        const method = pick(['play', 'pause', 'reset', 'advance', 'setScenario', 'toCSV', 'permalink']);
        detail = `method ${method}`;
        const arg = method === 'advance' ? Math.floor(rand() * 20) : method === 'setScenario' ? pick([{}, { preset: 'chemo' }, { dfmo: { dose_mg: 900 } }, { bogus: 1 }]) : undefined;
        await widget().evaluate((el, [method, arg]) => {
          try {
            el[method](arg);
          } catch (e) {
            if (!(method === 'setScenario' && /unknown key/.test(e.message))) throw e;
          }
        }, [method, arg]);
      }
    } catch (error) {
      // A click that times out (e.g. under the modal Embed dialog) is a reader's missed click, not a failure.
      if (!/Timeout|not visible|detached|intercepts pointer|not an? <input>|Element is not|outside of the viewport|disabled/.test(String(error.message))) throw error;
    }
    slowest.push([Date.now() - started, detail]);
    slowest.sort((a, b) => b[0] - a[0]);
    slowest.length = Math.min(slowest.length, 5);
    if (actions % 20 === 0) {
      const texts = await page.evaluate(() => [...document.querySelectorAll('polyamine-sim')].map((el) => el.shadowRoot.querySelector('.widget')?.innerText ?? ''));
      for (const text of texts) {
        const m = text.match(/.{0,40}\b(NaN|undefined)\b.{0,40}/);
        if (m) badText.push(m[0]);
      }
    }
  }
  const frames = await page.evaluate(() => window.__frames.slice(5));
  frames.sort((a, b) => a - b);
  const p50 = frames[Math.floor(frames.length * 0.5)];
  const p95 = frames[Math.floor(frames.length * 0.95)];
  const max = frames.at(-1);
  console.log(`fuzz: ${actions} actions ${JSON.stringify(counts)}; frames ${frames.length}, median ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(0)} ms`);
  console.log(`fuzz: slowest actions (ms, round trip from the test): ${JSON.stringify(slowest)}`);
  await page.screenshot({ path: artifact('fuzz-end.png'), fullPage: true });
  assert.deepEqual(log.pageErrors, [], 'no uncaught exceptions');
  assert.deepEqual(log.errors, [], 'no console errors');
  assert.deepEqual(badText, [], 'no NaN or undefined on screen');
  assert.ok(actions > SECONDS * 2, `the fuzzer acted (${actions} actions)`);
  assert.ok(p95 < 100, `95 % of frames within 100 ms (p95 ${p95.toFixed(1)} ms)`);
  assert.ok(max < 2000, `no frame longer than 2 s (max ${max.toFixed(0)} ms)`);
});
