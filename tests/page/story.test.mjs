// The story layout (the default of a bare tag and of embed.html): every step
// walked, with the scenario, overlay and highlight mark it declares
// (www/story-steps.js) and the model's outcomes its words claim; the step
// attribute and property, the storystep event, story-controls="none", the
// keyboard, the live step text, reduced motion (each step shows its end
// state, nothing plays), playing a step to its end, and "Explore it
// yourself", which loads the explorer only then.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO, artifact, countFrames, i18n, openPage, readCanvas, differingFraction, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce', viewport: { width: 1000, height: 900 } };
const { STORY } = await import(pathToFileURL(path.join(REPO, 'www/story-steps.js')).href);
const STEPS = STORY.steps;

/** The story page (embed.html with `query`), its widget ready; storystep events recorded in window.__steps. */
async function story(t, query = '', contextOptions = reduced) {
  const { page, log } = await openPage(t, shared.browser, contextOptions);
  await page.addInitScript(() => {
    window.__steps = [];
    window.addEventListener('storystep', (e) => window.__steps.push(e.detail));
  });
  await page.goto(`${shared.server.url}embed.html${query}`);
  await waitForReady(page);
  return { page, log };
}

/** Wait until the story shows step `n` on its last day (reduced motion: the step's end state). */
async function endOf(page, n, timeout = 30_000) {
  await page.waitForFunction(
    ([n, to]) => {
      const el = document.querySelector('polyamine-sim');
      return el.step === n && Math.abs(el.day - to) < 1e-6 && el.shadowRoot.querySelector('.views').getAttribute('aria-busy') !== 'true';
    },
    [n, STEPS[n - 1].to],
    { timeout },
  );
}

/** What the story shows: step, day, scenario, overlay, pictures, the step's words, its mark and the navigation. */
const shown = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('polyamine-sim');
    const root = el.shadowRoot;
    const views = root.querySelector('.views');
    const frames = [...root.querySelectorAll('.frame')].filter((f) => !f.hidden);
    return {
      step: el.step,
      day: el.day,
      scenario: el.scenario,
      overlay: views.dataset.overlay,
      pictures: frames.length,
      headings: frames.map((f) => f.querySelector('figcaption').textContent),
      title: root.querySelector('.story-title').textContent,
      body: root.querySelector('.story-body').textContent,
      live: root.querySelector('.story-step').getAttribute('aria-live'),
      markArm: frames.findIndex((f) => f.querySelector('.mark')),
      markShape: root.querySelector('.mark')?.classList.contains('ring') ? 'ring' : root.querySelector('.mark') ? 'arrow' : null,
      markHidden: root.querySelector('.mark')?.getAttribute('aria-hidden'),
      markWords: root.querySelector('.mark-words')?.textContent ?? null,
      back: root.querySelector('.story-nav .move')?.disabled,
      next: [...root.querySelectorAll('.story-nav .move')].at(-1)?.disabled,
      current: [...root.querySelectorAll('.story-nav .dot')].findIndex((d) => d.getAttribute('aria-current') === 'step'),
      explore: root.querySelector('button.explore')?.hidden === false,
    };
  });

test('the story has 7 or 8 steps of at most 45 words each, in both languages, and never claims a cure', () => {
  assert.ok(STEPS.length >= 7 && STEPS.length <= 8, `${STEPS.length} steps`);
  for (const lang of ['en', 'de']) {
    const strings = i18n(lang);
    for (const step of STEPS) {
      const words = strings[step.text].trim().split(/\s+/).length;
      assert.ok(words <= 45, `${lang} ${step.id}: ${words} words`);
      const all = [step.title, step.text, ...step.phases.map((p) => p.mark?.words).filter(Boolean)].map((k) => strings[k]).join(' ');
      assert.doesNotMatch(all, /\bcure|\bcured|lasting control|take control|\bHeilung|\bgeheilt|\bSchub|entkommt|\bLauf\b/i, `${lang} ${step.id}`);
    }
  }
  // The attributions the science asks for (MODEL-SPEC section 0): 3–4× from Br J Surg 1984, the pair from Hayes et al. 2014.
  assert.match(i18n('en')['story.haze.text'], /Br J Surg, 1984/);
  assert.match(i18n('en')['story.both.text'], /Hayes et al\., 2014/);
  assert.doesNotMatch(Object.values(i18n('en')).join(' '), /Mainz[^.]*(DFMO|AMXT)|(DFMO|AMXT)[^.]*Mainz/, 'never that the Mainz study used DFMO + AMXT 1501');
});

test('walking every step: its scenario, overlay, mark and words; the storystep event and the navigation follow', async (t) => {
  const { page, log } = await story(t);
  await endOf(page, 1);
  const en = i18n('en');
  for (let n = 1; n <= STEPS.length; n++) {
    const step = STEPS[n - 1];
    if (n > 1) await page.evaluate((n) => (document.querySelector('polyamine-sim').step = n), n);
    await endOf(page, n);
    const s = await shown(page);
    const last = step.phases.at(-1);
    assert.equal(s.scenario.preset, step.preset, `step ${n}: the preset`);
    assert.equal(s.pictures, step.compare ? 2 : 1, `step ${n}: ${step.compare ? 'two pictures' : 'one picture'}`);
    assert.equal(s.overlay, last.overlay, `step ${n}: the overlay`);
    assert.equal(s.markArm, last.mark.arm ?? 0, `step ${n}: the mark is over its arm's picture`);
    assert.equal(s.markShape, last.mark.shape);
    assert.equal(s.markHidden, 'true', 'the drawing is hidden from assistive technology; its words are text');
    assert.equal(s.markWords, en[last.mark.words], `step ${n}: the mark's words in the DOM`);
    assert.deepEqual([s.title, s.body, s.live], [en[step.title], en[step.text], 'polite'], `step ${n}: the words, in a polite live region`);
    assert.deepEqual([s.back, s.next, s.current, s.explore], [n === 1, n === STEPS.length, n - 1, !!step.explore], `step ${n}: the navigation`);
    if (step.compare) {
      const other = step.compare === 'untreated' ? en['compare.untreated'] : en[`preset.${step.compare}`];
      assert.ok(s.headings[1].startsWith(`${other}: `), `step ${n}: the other arm is ${step.compare}: ${s.headings[1]}`);
    }
    await page.screenshot({ path: artifact(`story-step-${n}.png`) });
  }
  const events = await page.evaluate(() => window.__steps);
  assert.deepEqual(events.map((e) => e.step), STEPS.map((_, i) => i + 1), 'one storystep event per step');
  assert.deepEqual(events.map((e) => e.id), STEPS.map((s) => s.id));
  assert.ok(events.every((e) => e.steps === STEPS.length));
  assert.deepEqual([log.errors, log.warnings, log.pageErrors, log.failedRequests], [[], [], [], []]);
});

test("the steps' claims hold in the model: outcomes, polyamines, the autoimmunity warning, and the haze of step 5", async (t) => {
  const { page, log } = await story(t);
  // The model's outcome of each preset the story shows (MODEL-SPEC A6, OdeRun.readout) and A at the end.
  const model = await page.evaluate(async (presets) => {
    const glue = await import('./polyamine_sim.js');
    await glue.default();
    const ode = new glue.OdeEngine();
    return Object.fromEntries(
      presets.map((preset) => {
        const run = ode.run({ preset, days: 150 }, 1);
        const out = [preset, { outcome: run.readout().outcome, A: run.column('A').at(-1), P: run.column('P').at(-1) }];
        run.free();
        return out;
      }),
    );
  }, ['untreated', 'dfmo', 'dfmo-amxt', 'chemo', 'dfmo-amxt-chemo', 'treg-depletion']);
  // 1–3: untreated, the tumour outgrows the immune defence.
  assert.equal(model.untreated.outcome, 'escape');
  // 4: DFMO alone lowers the polyamines but not to healthy tissue's 0.3, and the tumour still outgrows the defence.
  assert.equal(model.dfmo.outcome, 'escape');
  assert.ok(model.dfmo.P < 0.7 && model.dfmo.P > 0.35, `DFMO alone: P ${model.dfmo.P}`);
  // 5: with AMXT 1501 the store empties and the immune system holds the tumour small.
  assert.equal(model['dfmo-amxt'].outcome, 'control');
  assert.ok(model['dfmo-amxt'].P < 0.3);
  // 6: chemotherapy alone does not hold it; with the polyamine blockers it is held small.
  assert.deepEqual([model.chemo.outcome, model['dfmo-amxt-chemo'].outcome], ['escape', 'control']);
  // 7: removing Tregs everywhere raises the autoimmunity warning; blocking polyamines does not (ζ = 0, built in).
  assert.ok(model['treg-depletion'].A > 0.5 && model['treg-depletion'].outcome === 'control', JSON.stringify(model['treg-depletion']));
  assert.equal(model['dfmo-amxt'].A, 0);
  // 6: the step holds while a dose of chemotherapy is in the tissue, within half a day after one of
  // its days in both arms (tests/lattice.rs checks that the drug reaches deeper there).
  const delivery = STEPS.find((s) => s.id === 'delivery');
  const chemoDays = await page.evaluate(async (ids) => {
    const glue = await import('./polyamine_sim.js');
    await glue.default();
    return ids.map((id) => glue.schema().presets.find((p) => p.id === id).treatment.chemo.days);
  }, [delivery.preset, delivery.compare]);
  for (const days of chemoDays) assert.ok(days.some((d) => delivery.to > d && delivery.to <= d + 0.5), `step 6 holds on day ${delivery.to}; chemotherapy on days ${days}`);

  // What the pictures show at the steps' days: step 2's haze is thick, step 5's treated arm thin.
  const census = (i = 0) => page.evaluate((i) => {
    const root = document.querySelector('polyamine-sim').shadowRoot;
    return root.querySelectorAll('canvas.section')[i].getAttribute('aria-label');
  }, i);
  for (const n of [2, 5]) {
    await page.evaluate((n) => (document.querySelector('polyamine-sim').step = n), n);
    await endOf(page, n);
  }
  // The text alternative gives the polyamines in the treated tumour (1 = untreated).
  const polyamine = (alt) => Number(/polyamines in the tumour at ([\d.]+)/.exec(alt)[1]);
  assert.ok(polyamine(await census(0)) < 0.5 && polyamine(await census(1)) > 0.9, `step 5: ${await census(0)} | ${await census(1)}`);
  // The section agrees with each arm's outcome (headings, from Rust).
  const headings = await page.evaluate(() => [...document.querySelector('polyamine-sim').shadowRoot.querySelectorAll('.frame:not([hidden]) figcaption')].map((f) => f.textContent));
  assert.match(headings[0], /holds the tumour small/);
  assert.match(headings[1], /outgrows the immune defence/);
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});

test('with reduced motion nothing plays: each step shows its end state and holds still', async (t) => {
  const { page, log } = await story(t);
  await countFrames(page);
  await endOf(page, 1);
  await page.evaluate((n) => (document.querySelector('polyamine-sim').step = n), 4);
  await endOf(page, 4);
  const a = await readCanvas(page);
  const draws = await page.evaluate(() => window.__draws);
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.__draws), draws, 'nothing drawn while it holds');
  assert.equal(differingFraction(a, await readCanvas(page)), 0);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').day), STEPS[3].to, 'the step\'s last day');
  // The mark does not pulse.
  const animations = await page.evaluate(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('.mark').getAnimations().length);
  assert.equal(animations, 0);
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});

test('with motion a step plays from its first day and holds on its last; its point shows within about five seconds', async (t) => {
  const { page, log } = await story(t, '?step=5', { viewport: { width: 1000, height: 900 } });
  const events = [];
  await page.exposeFunction('__state', (reason) => events.push(reason));
  await page.evaluate(() => document.querySelector('polyamine-sim').addEventListener('statechange', (e) => window.__state(e.detail.reason)));
  const started = Date.now();
  // Step 5: DFMO + AMXT 1501 beside no treatment; from its phase's day on, the blood-flow overlay.
  await page.waitForFunction(() => document.querySelector('polyamine-sim').day > 14, null, { timeout: 10_000 });
  const halfway = await shown(page);
  assert.equal(halfway.overlay, 'perfusion', 'the second phase: vessels, with the blood-flow overlay');
  assert.equal(halfway.markWords, i18n('en')['story.both.mark2']);
  await endOf(page, 5, 15_000);
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`step 5 played to day ${STEPS[4].to} in ${seconds.toFixed(1)} s`);
  assert.ok(seconds < 12, `played in ${seconds} s`);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').day), STEPS[4].to, 'holds on its last day');
  assert.ok(events.includes('pause'), 'it pauses at the end of the step');
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});

test('the step attribute and property, story-controls="none", the keyboard and a bad step', async (t) => {
  const { page, log } = await story(t, '?step=3');
  await endOf(page, 3);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').getAttribute('step')), '3');
  // Keyboard: with the focus in the story, arrows move, Home and End jump.
  const host = page.locator('polyamine-sim');
  await host.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('ArrowRight');
  await endOf(page, 4);
  await page.keyboard.press('ArrowLeft');
  await endOf(page, 3);
  await page.keyboard.press('End');
  await endOf(page, STEPS.length);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').shadowRoot.activeElement?.textContent), 'Explore it yourself', 'the focus stays on a button that is there (Next is disabled on the last step)');
  await page.keyboard.press('Home');
  await endOf(page, 1);
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').getAttribute('step')), '1', 'the attribute follows');
  // Back / Next and the dots.
  await host.getByRole('button', { name: 'Next' }).click();
  await endOf(page, 2);
  await host.getByRole('button', { name: /^Step 6: / }).click();
  await endOf(page, 6);
  await host.getByRole('button', { name: 'Back' }).click();
  await endOf(page, 5);
  // The host page drives the steps: no Back / Next, no dots; the attribute still moves it.
  await page.evaluate(() => document.querySelector('polyamine-sim').setAttribute('story-controls', 'none'));
  assert.equal(await host.getByRole('button', { name: 'Next' }).isVisible(), false);
  assert.equal(await host.getByRole('navigation').isVisible(), false);
  await page.evaluate(() => document.querySelector('polyamine-sim').setAttribute('step', '7'));
  await endOf(page, 7);
  assert.deepEqual((await page.evaluate(() => window.__steps)).map((e) => e.step), [3, 4, 3, 8, 1, 2, 6, 5, 7]);
  assert.deepEqual([log.errors, log.warnings, log.pageErrors], [[], [], []]);
  // A step out of range is clamped, with a warning naming it.
  await page.evaluate(() => (document.querySelector('polyamine-sim').step = 99));
  await endOf(page, STEPS.length);
  assert.ok(log.warnings.some((w) => w.includes('step="99"') && w.includes(`from 1 to ${STEPS.length}`)), log.warnings.join('\n'));
});

test('"Explore it yourself" opens the full tool in place with the step\'s treatment; only then are its modules and strings loaded', async (t) => {
  const { page, log } = await story(t, '?step=8');
  const fetched = [];
  page.on('response', (r) => fetched.push(new URL(r.url()).pathname.replace(/^\//, '')));
  await endOf(page, 8);
  // The explorer's chunks (scripts/bundle.mjs: its chart, gauge, controls and about panel are in explorer.js) and strings.
  const explorerFiles = ['explorer.js', 'dose-response.js', 'embed-dialog.js', 'i18n/en.explorer.json'];
  assert.deepEqual(fetched.filter((f) => explorerFiles.includes(f)), [], 'the story loads none of the explorer');
  await page.locator('polyamine-sim').getByRole('button', { name: 'Explore it yourself' }).click();
  await waitForReady(page, 2);
  const host = page.locator('polyamine-sim');
  await host.getByRole('combobox', { name: 'Treatment' }).waitFor();
  assert.equal(await host.getByRole('combobox', { name: 'Treatment' }).inputValue(), 'dfmo-amxt', "the last step's treatment");
  assert.equal(await host.getAttribute('layout'), 'explorer');
  assert.equal(await page.evaluate(() => document.querySelector('polyamine-sim').step), 0);
  for (const f of explorerFiles) assert.ok(fetched.includes(f), `${f} loaded when the explorer opened`);
  for (const heading of ['Choose a treatment', 'What the picture shows', 'How the simulation ends', 'Share and download']) {
    assert.equal(await host.getByRole('heading', { name: heading }).count(), 1, `the heading "${heading}"`);
  }
  assert.deepEqual([log.errors, log.pageErrors, log.failedRequests], [[], [], []]);
});
