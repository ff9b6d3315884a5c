// The three layouts (layout="story" | "figure" | "explorer") as a reader sees
// them, in embed.html at 360 × 740 (a phone) and 1280 × 800 (a desktop), in
// English and German, served with the strict CSP of docs/EMBEDDING.md: each
// fits (the story in one phone screen at every step and at most 720 px tall
// on a desktop; a figure at most 520 px tall at 360 px wide; nothing scrolls
// sideways), axe-core finds no WCAG 2.1 A/AA violation, no CSP violation, no
// console error. The measured heights are printed, and the Embed code's
// iframe heights (www/share.js FRAME_HEIGHTS) hold each layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO, STRICT_CSP, artifact, openUnderStrictCsp, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const shared = sharedBrowserAndServer({ headers: { 'Content-Security-Policy': STRICT_CSP } });
const { STORY } = await import(pathToFileURL(path.join(REPO, 'www/story-steps.js')).href);
const AXE = readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = [
  [360, 740],
  [1280, 800],
];
/** The iframe heights the Embed code gives. */
const { FRAME_HEIGHTS } = await import(pathToFileURL(path.join(REPO, 'www/share.js')).href);
/** The figures measured: one picture, and two side by side. */
const FIGURES = ['preset=dfmo-amxt&overlay=polyamine', 'preset=dfmo-amxt-chemo&compare=chemo&overlay=drug&days=25'];

/** The page at `query`, under the strict CSP, with reduced motion (a still picture to measure); ready. */
async function open(t, query, [width, height]) {
  const { page, log } = await openUnderStrictCsp(t, shared.browser, `${shared.server.url}embed.html?${query}`, { viewport: { width, height }, reducedMotion: 'reduce' });
  await waitForReady(page);
  return { page, log };
}

/** Heights and overflow: the widget's box, the page's height (the iframe's content), sideways scrolling. */
const measure = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('polyamine-sim');
    const root = el.shadowRoot;
    const right = Math.max(...[...root.querySelectorAll('*')].map((n) => n.getBoundingClientRect().right));
    return {
      widget: Math.ceil(el.getBoundingClientRect().height),
      // The page's content (what an iframe must hold), and whether it scrolls.
      page: Math.ceil(document.body.getBoundingClientRect().height),
      scrolls: document.scrollingElement.scrollHeight > window.innerHeight,
      sideways: document.scrollingElement.scrollWidth > window.innerWidth || right > el.getBoundingClientRect().right + 0.5,
    };
  });

/** axe-core's WCAG 2.1 A/AA violations in the page (injected by evaluate: the CSP forbids an inline script). */
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

const clean = async (page, log, what) => {
  assert.deepEqual(await page.evaluate(() => window.__violations), [], `${what}: no CSP violation`);
  assert.deepEqual([log.errors, log.warnings, log.pageErrors, log.failedRequests], [[], [], [], []], `${what}: no console error or warning`);
};

for (const lang of ['en', 'de']) {
  for (const viewport of VIEWPORTS) {
    const [width, height] = viewport;
    const where = `${width} × ${height}, ${lang}`;

    test(`story at ${where}: every step fits, axe-clean, strict CSP`, async (t) => {
      const { page, log } = await open(t, `lang=${lang}`, viewport);
      const heights = [];
      for (let n = 1; n <= STORY.steps.length; n++) {
        await page.evaluate((n) => (document.querySelector('polyamine-sim').step = n), n);
        await page.waitForFunction(([n, to]) => {
          const el = document.querySelector('polyamine-sim');
          return el.step === n && Math.abs(el.day - to) < 1e-6;
        }, [n, STORY.steps[n - 1].to], { timeout: 30_000 });
        const m = await measure(page);
        heights.push(m);
        assert.equal(m.sideways, false, `step ${n}: nothing sticks out sideways`);
        if (width === 360) assert.ok(m.page <= height && !m.scrolls, `step ${n}: the story fits one ${width} × ${height} screen (page ${m.page} px)`);
        else assert.ok(m.widget <= 720, `step ${n}: at most 720 px tall on a desktop (${m.widget} px)`);
        assert.ok(m.page <= FRAME_HEIGHTS.story, `step ${n}: the Embed code's iframe (${FRAME_HEIGHTS.story} px) holds it (${m.page} px)`);
        if (n === 1 || n === 6) {
          assert.deepEqual(await axe(page), [], `step ${n}`);
          await page.screenshot({ path: artifact(`layout-story-${width}-${lang}-step${n}.png`) });
        }
      }
      t.diagnostic(`story ${where}: widget heights ${heights.map((h) => h.widget).join(', ')} px; page ${Math.max(...heights.map((h) => h.page))} px at most`);
      await clean(page, log, 'story');
    });

    test(`figure at ${where}: one picture and two, each fits, axe-clean, strict CSP`, async (t) => {
      for (const query of FIGURES) {
        const { page, log } = await open(t, `layout=figure&lang=${lang}&${query}`, viewport);
        // A few days on: the caption and status lines as they read while it plays.
        await page.evaluate(() => document.querySelector('polyamine-sim').advance(12));
        const m = await measure(page);
        t.diagnostic(`figure ${query} ${where}: widget ${m.widget} px, page ${m.page} px`);
        assert.equal(m.sideways, false);
        if (width === 360) assert.ok(m.widget <= 520, `at most 520 px tall at 360 px wide (${m.widget} px)`);
        else assert.ok(m.page <= height, `fits the ${height} px desktop screen (${m.page} px)`);
        assert.ok(m.page <= FRAME_HEIGHTS.figure, `the Embed code's iframe (${FRAME_HEIGHTS.figure} px) holds it (${m.page} px)`);
        assert.equal(await page.locator('polyamine-sim').getByRole('button', { name: lang === 'en' ? 'Play' : 'Abspielen' }).count(), 1, 'a play/pause toggle (reduced motion: not playing)');
        assert.deepEqual(await axe(page), []);
        await page.screenshot({ path: artifact(`layout-figure-${width}-${lang}-${query.includes('compare') ? 'two' : 'one'}.png`) });
        await clean(page, log, 'figure');
      }
    });

    test(`explorer at ${where}: every part below its heading, nothing sideways, axe-clean, strict CSP`, async (t) => {
      const { page, log } = await open(t, `layout=explorer&lang=${lang}`, viewport);
      const m = await measure(page);
      t.diagnostic(`explorer ${where}: widget ${m.widget} px, page ${m.page} px`);
      assert.equal(m.sideways, false);
      assert.ok(m.page <= FRAME_HEIGHTS.explorer || width === 360, `the Embed code's iframe (${FRAME_HEIGHTS.explorer} px) holds it on a desktop (${m.page} px)`);
      const headings = await page.locator('polyamine-sim').getByRole('heading').allTextContents();
      assert.ok(headings.length >= 6, `headings: ${headings.join(' | ')}`);
      await page.locator('polyamine-sim').evaluate((el) => {
        for (const d of el.shadowRoot.querySelectorAll('details')) d.open = true;
      });
      assert.deepEqual(await axe(page), []);
      await page.screenshot({ path: artifact(`layout-explorer-${width}-${lang}.png`), fullPage: true });
      await clean(page, log, 'explorer');
    });
  }
}

test('the Embed dialog gives each layout its snippets: the tag, the iframe with its height, and pym.js', async (t) => {
  const { page, log } = await open(t, 'layout=explorer&preset=dfmo-amxt&compare', [1280, 800]);
  const host = page.locator('polyamine-sim');
  await host.getByRole('button', { name: 'Embed' }).click();
  const dialog = host.getByRole('dialog');
  const code = async () => Object.fromEntries(await Promise.all(['tag', 'iframe', 'pym'].map(async (w, i) => [w, await dialog.getByRole('textbox').nth(i).inputValue()])));
  assert.equal(await dialog.getByRole('radio', { name: /^Full tool/ }).isChecked(), true, 'the layout shown is chosen first');
  for (const [label, layout] of [['Story', 'story'], ['Figure', 'figure'], ['Full tool', 'explorer']]) {
    await dialog.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
    const c = await code();
    assert.match(c.iframe, new RegExp(`height="${FRAME_HEIGHTS[layout]}"`), `${layout}: the iframe's height`);
    assert.match(c.pym, new RegExp(`new pym\\.Parent\\('polyamine-sim-[a-z0-9]+', '[^']+/embed\\.html\\?[^']*', \\{ title: '[^']+' \\}\\)\\.iframe\\.setAttribute\\('height', '${FRAME_HEIGHTS[layout]}'\\)`), c.pym);
    assert.match(c.pym, /<script src="[^"]+\/vendor\/pym\.v1\.min\.js"><\/script>/, 'pym.js from this site, not a third party');
    if (layout === 'story') assert.doesNotMatch(c.tag, /layout=|preset=/, 'a story tag carries only its language (its steps set the rest)');
    else assert.match(c.tag, new RegExp(`layout="${layout}".*compare="true"|compare="true".*layout="${layout}"`), c.tag);
  }
  await clean(page, log, 'dialog');
});
