// The dose–response curve (www/dose-response.js) on its own, in a shadow root
// on the served demo page, over the real wasm's OdeEngine.dfmo_sweep (the
// tumour in month 5, MODEL-SPEC A6): which curve is lower, the readout in both languages, one computation per frame,
// the drawing, and accessibility.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO, STRICT_CSP, artifact, i18n, openUnderStrictCsp, sharedBrowserAndServer } from './helpers.mjs';

// Served under the strict CSP of docs/EMBEDDING.md (as csp.test.mjs): every test also checks for violations.
const shared = sharedBrowserAndServer({ headers: { 'Content-Security-Policy': STRICT_CSP } });

/** The module's strings, from www/i18n. */
export const DOSE_RESPONSE_STRINGS = { en: i18n('en'), de: i18n('de') };

/**
 * The demo page with its widget removed, and a DoseResponse in a shadow root
 * over the real wasm. window.__sweeps records every sweep call ({ amxtOn,
 * doses, ms }); the key is JSON of extra scenario fields the sweep uses.
 */
async function mount(t, lang = 'en', contextOptions = {}) {
  const { page, log } = await openUnderStrictCsp(t, shared.browser, shared.server.url, contextOptions);
  await page.evaluate(async ([lang, strings]) => {
    document.querySelector('polyamine-sim')?.remove();
    const m = await import('./dose-response.js');
    const glue = await import('./polyamine_sim.js');
    await glue.default();
    const ode = new glue.OdeEngine();
    window.__sweeps = [];
    window.__extra = {};
    const sweep = (amxtOn, doses) => {
      const t0 = performance.now();
      const out = Array.from(ode.dfmo_sweep({ preset: amxtOn ? 'dfmo-amxt' : 'dfmo', ...window.__extra }, new Float64Array(doses)));
      window.__sweeps.push({ amxtOn, doses: [...doses], ms: performance.now() - t0 });
      return out;
    };
    // The element's own check, from outside: one dose, both arms.
    window.__direct = (dose) => [true, false].map((a) => ode.dfmo_sweep({ preset: a ? 'dfmo-amxt' : 'dfmo', ...window.__extra }, new Float64Array([dose]))[0]);
    const host = Object.assign(document.createElement('div'), { id: 'host' });
    document.querySelector('main').append(host);
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(m.DOSE_RESPONSE_CSS);
    root.adoptedStyleSheets = [sheet];
    window.__view = new m.DoseResponse(strings, lang, 'dose-response', sweep);
    root.append(window.__view.element);
  }, [lang, DOSE_RESPONSE_STRINGS[lang]]);
  return { page, log };
}

/** Content-Security-Policy violations in the page so far. */
const violations = (page) => page.evaluate(() => window.__violations);

/** Call update() with each of `states` in one task (one frame), then wait two frames. */
const update = (page, ...states) =>
  page.evaluate(async (states) => {
    for (const s of states) window.__view.update(s);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, states);
const readout = (page) => page.evaluate(() => window.__view.readout());
const sweeps = (page) => page.evaluate(() => window.__sweeps.splice(0));
const shadow = (page, selector) => page.evaluate((s) => document.querySelector('#host').shadowRoot.querySelector(s)?.getAttribute('aria-label') ?? null, selector);
const KEY = JSON.stringify({});

/** "3.1 million" → 3.1e6, "110 Tausend" → 1.1e5 (the readout's cells in words). */
function cellsIn(words) {
  const m = /^([\d.,]+)(?: (thousand|million|billion|Tausend|Millionen?|Milliarden?))?$/.exec(words);
  assert.ok(m, `a number in words: ${JSON.stringify(words)}`);
  const scale = { thousand: 1e3, million: 1e6, billion: 1e9, Tausend: 1e3, Million: 1e6, Millionen: 1e6, Milliarde: 1e9, Milliarden: 1e9 }[m[2]] ?? 1;
  return scale * Number(m[1]);
}

test('with AMXT 1501 the tumour in month 5 is smaller than without, and the readout gives the engine values', async (t) => {
  const { page, log } = await mount(t);
  await update(page, { key: KEY, doseMg: 768, intervalH: 12, startCells: 2e7 });
  const text = await readout(page);
  const m = /^At 768 mg DFMO every 12 h: about (.+) tumour cells in month 5 with AMXT 1501, (.+) without\.$/.exec(text);
  assert.ok(m, text);
  const [withAmxt, without] = [cellsIn(m[1]), cellsIn(m[2])];
  const [directWith, directWithout] = await page.evaluate(() => window.__direct(768));
  // MODEL-SPEC v1.1 A5: month 5 is 6.9e6 cells with AMXT 1501, 4.5e8 without.
  assert.ok(withAmxt < without / 20, `with AMXT ${withAmxt} should be far below without ${without}`);
  assert.ok(Math.abs(withAmxt / directWith - 1) < 0.05 && Math.abs(without / directWithout - 1) < 0.05, `${text} vs engine ${directWith}, ${directWithout}`);
  // The curves themselves: with AMXT below without at every dose above the first.
  const c = await page.evaluate(() => window.__view.curves());
  assert.equal(c.doses[0], 0);
  assert.equal(c.doses.at(-1), 3000);
  c.doses.forEach((d, i) => i > 0 && assert.ok(c.with[i] < c.without[i], `at ${d} mg: with ${c.with[i]} < without ${c.without[i]}`));
  // The text alternative says where the AMXT curve falls below the starting tumour.
  assert.match(await shadow(page, 'canvas'), /^Line chart: tumour cells in month 5 against the DFMO dose from 0 to 3,000 mg.* With AMXT 1501 the tumour in month 5 is smaller than at the start \(20 million cells\) from about \d+ mg\.$/);

  // A new dose: the readout changes, exactly.
  await update(page, { key: KEY, doseMg: 0, intervalH: 12, startCells: 2e7 });
  const zero = await readout(page);
  assert.notEqual(zero, text);
  const z = /^At 0 mg DFMO every 12 h: about (.+) tumour cells in month 5 with AMXT 1501, (.+) without\.$/.exec(zero);
  assert.ok(z, zero);
  assert.ok(cellsIn(z[1]) > 1e8, `AMXT alone does not hold the tumour: ${zero}`);
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('German readout: German words and number formats', async (t) => {
  const { page, log } = await mount(t, 'de');
  await update(page, { key: KEY, doseMg: 1500, intervalH: 12.5 });
  const text = await readout(page);
  assert.match(text, /^Bei 1\.500 mg DFMO alle 12,5 h: etwa [\d,]+ (Tausend|Millionen?) Tumorzellen im fünften Monat mit AMXT 1501, [\d,]+ (Millionen|Milliarden?) ohne\.$/);
  assert.match(await shadow(page, 'canvas'), /^Liniendiagramm: Tumorzellen im fünften Monat abhängig von der DFMO-Dosis von 0 bis 3\.000 mg/);
  const ticks = await page.evaluate(() => [...document.querySelector('#host').shadowRoot.querySelectorAll('.response-x span')].map((s) => s.textContent));
  assert.deepEqual(ticks, ['0', '500', '1.000', '1.500', '2.000', '2.500', '3.000']);
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('ten updates in one frame compute once: two sweeps for a new key, two single-dose runs for a new dose', async (t) => {
  const { page, log } = await mount(t);
  await update(page, { key: KEY, doseMg: 768 });
  const first = await sweeps(page);
  assert.equal(first.length, 2, 'the first curves: one sweep with AMXT, one without');
  assert.deepEqual(first.map((s) => s.amxtOn), [true, false]);
  assert.ok(first[0].doses.includes(768), 'the current dose rides along in the same sweep');
  const ms = first.reduce((sum, s) => sum + s.ms, 0);
  // Timing is measured in `make bench` (scripts/bench-browser.mjs), not asserted here.
  t.diagnostic(`both sweeps of ${first[0].doses.length} doses: ${ms.toFixed(1)} ms`);

  // A slider drag: ten doses in one frame.
  const drag = Array.from({ length: 10 }, (_, i) => ({ key: KEY, doseMg: 100 + 77 * i }));
  await update(page, ...drag);
  const dragged = await sweeps(page);
  assert.deepEqual(dragged.map((s) => [s.amxtOn, s.doses]), [[true, [793]], [false, [793]]], 'only the last dose, two runs of one dose');
  assert.match(await readout(page), /^At 793 mg DFMO: /);
  // Back to a dose already computed: nothing to run.
  await update(page, { key: KEY, doseMg: 768 });
  assert.deepEqual(await sweeps(page), []);
  assert.match(await readout(page), /^At 768 mg DFMO: /);

  // Another tumour (a new key), also ten times in one frame: the curves are recomputed once.
  const before = await page.evaluate(() => window.__view.curves());
  const beforeText = await readout(page);
  await page.evaluate(() => (window.__extra = { tumour: 'kuznetsov-reference' }));
  const key = JSON.stringify({ tumour: 'kuznetsov-reference' });
  await update(page, ...Array.from({ length: 10 }, (_, i) => ({ key, doseMg: 700 + i * 10 })));
  const again = await sweeps(page);
  assert.equal(again.length, 2, `one recompute: ${again.length} sweeps`);
  t.diagnostic(`recomputed for a new key (warm): ${again.reduce((sum, s) => sum + s.ms, 0).toFixed(1)} ms`);
  assert.ok(again.every((s) => s.doses.length > 20 && s.doses.includes(790)));
  const after = await page.evaluate(() => window.__view.curves());
  assert.notDeepEqual(after.with, before.with, 'new curves for the new key');
  assert.notEqual(await readout(page), beforeText);
  const [w, wo] = await page.evaluate(() => window.__direct(790));
  const m = /^At 790 mg DFMO: about (.+) tumour cells in month 5 with AMXT 1501, (.+) without\.$/.exec(await readout(page));
  assert.ok(m && Math.abs(cellsIn(m[1]) / w - 1) < 0.05 && Math.abs(cellsIn(m[2]) / wo - 1) < 0.05, `${m?.[0]} vs ${w}, ${wo}`);
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('both curves are drawn at the device pixel ratio (with AMXT below), the marker follows the dose, and axe finds nothing', async (t) => {
  const { page, log } = await mount(t, 'en', { deviceScaleFactor: 2 });
  await update(page, { key: KEY, doseMg: 768, intervalH: 12, startCells: 2e7 });
  const drawing = await page.evaluate(() => {
    const root = document.querySelector('#host').shadowRoot;
    const canvas = root.querySelector('canvas');
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const near = (i, rgb) => Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 60 && data[i + 3] > 200;
    // In bands of columns across the plot: the highest row of each colour.
    const bands = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => {
      const found = { blue: null, orange: null };
      for (let x = Math.round(f * width) - 12; x <= Math.round(f * width) + 12; x++) {
        for (let y = 0; y < height; y++) {
          const i = 4 * (y * width + x);
          if (near(i, [0x00, 0x72, 0xb2])) found.blue = Math.min(found.blue ?? y, y);
          if (near(i, [0xd5, 0x5e, 0x00])) found.orange = Math.min(found.orange ?? y, y);
        }
      }
      return { f, ...found };
    });
    const box = root.querySelector('.response-plot').getBoundingClientRect();
    const marker = root.querySelector('.response-marker').getBoundingClientRect();
    return { width, height, cssWidth: canvas.getBoundingClientRect().width, bands, markerAt: (marker.left - box.left) / box.width, yTicks: root.querySelectorAll('.response-y span').length };
  });
  assert.deepEqual([drawing.width, drawing.height], [1280, 520], 'backing store at devicePixelRatio 2');
  for (const b of drawing.bands) {
    assert.ok(b.blue !== null && b.orange !== null, `both curves at ${b.f * 100}% of the width: ${JSON.stringify(b)}`);
    assert.ok(b.blue > b.orange + 50, `with AMXT drawn lower (fewer cells) at ${b.f * 100}%: ${JSON.stringify(b)}`);
  }
  assert.ok(Math.abs(drawing.markerAt - 768 / 3000) < 0.02, `marker at ${drawing.markerAt} of the width`);
  assert.equal(drawing.yTicks, 7, 'decades 10^3 … 10^9');
  const host = page.locator('#host');
  assert.equal(await host.getByRole('img', { name: /^Line chart: tumour cells/ }).count(), 1);
  assert.equal(await host.getByRole('figure', { name: 'How big the tumour is in month 5, by DFMO dose' }).count(), 1);
  assert.deepEqual(await host.locator('.response-legend li').allTextContents(), ['With AMXT 1501', 'Without AMXT 1501', 'Tumour at the start (day 0)']);

  await page.evaluate(readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8')); // (an inline <script> would break the CSP)
  const axeViolations = await page.evaluate(async () => {
    const { violations } = await window.axe.run({ include: [['#host']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(axeViolations, []);
  await host.screenshot({ path: artifact('dose-response.png') });
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('a failing sweep shows a sentence instead of stale curves, and the next good key recovers', async (t) => {
  const { page, log } = await mount(t);
  await update(page, { key: KEY, doseMg: 768 });
  await page.evaluate(() => (window.__extra = { days: -1 }));
  await update(page, { key: 'bad', doseMg: 768 });
  assert.equal(await readout(page), 'The dose–response curve could not be computed for these settings.');
  assert.equal(await page.evaluate(() => window.__view.curves()), null);
  assert.equal(log.pageErrors.length, 1, 'the error is reported, not swallowed');
  await page.evaluate(() => (window.__extra = {}));
  await update(page, { key: KEY, doseMg: 768 });
  assert.match(await readout(page), /^At 768 mg DFMO: /);
  assert.deepEqual(log.errors.filter((e) => !/days/.test(e)), []);
});
