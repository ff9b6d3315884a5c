// The size budget: the wasm stays within 100 KB gzipped, and a first visit
// (everything the browser downloads until the widget is ready and the network
// is idle, in English) within its layout's budget (issue 14): a figure 100 KB,
// the story 110 KB, the explorer 160 KB, wasm included. Each layout downloads
// only what it shows: the light layouts fetch neither the explorer's modules
// and strings nor the poster. Sizes are gzip -9 of each body, whatever the
// server sends (scripts/serve.mjs does not compress). Prints a table.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIST, openPage, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const KB = 1024;
const WASM_BUDGET = 100 * KB;
const BUDGETS = { figure: 100 * KB, story: 110 * KB, explorer: 160 * KB };

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

const shared = sharedBrowserAndServer();

/** An article page with one widget, as an editor pastes it (the Embed code's tag). */
const article = (tag) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title><link rel="icon" href="data:,"><script type="module" src="./polyamine-sim.js"></script></head><body><h1>An article</h1><p>Some text.</p>${tag}<p>More text.</p></body></html>`;

/** The files only the explorer uses (scripts/bundle.mjs puts its about panel, chart, controls and gauge in explorer.js). */
const EXPLORER_ONLY = ['explorer.js', 'dose-response.js', 'embed-dialog.js', 'i18n/en.explorer.json', 'poster.png'];
/** The modules of a figure's visit: the element with every module it imports statically, in one file (scripts/bundle.mjs), and the wasm-bindgen glue. */
const FIGURE_MODULES = ['polyamine-sim.js', 'polyamine_sim.js'];

test('the files the size tests name exist in the build', () => {
  for (const file of [...EXPLORER_ONLY, ...FIGURE_MODULES, 'story.js', 'i18n/en.story.json']) assert.ok(existsSync(path.join(DIST, file)), `${file} is in ${DIST}`);
});

test('the wasm is at most 100 KB gzipped', () => {
  const wasm = readFileSync(path.join(DIST, 'polyamine_sim_bg.wasm'));
  const size = gz(wasm);
  console.log(`polyamine_sim_bg.wasm: ${wasm.length} bytes raw, ${size} bytes gzipped (${kb(size)} of ${kb(WASM_BUDGET)})`);
  assert.ok(size <= WASM_BUDGET, `the wasm is ${size} bytes gzipped, over the budget of ${WASM_BUDGET}`);
});

const VISITS = [
  { layout: 'figure', name: 'an article with a figure', page: 'figure.html', body: article('<polyamine-sim layout="figure" preset="dfmo-amxt" compare overlay="polyamine"></polyamine-sim>') },
  { layout: 'figure', name: 'embed.html?layout=figure', page: 'embed.html?layout=figure&preset=dfmo-amxt&compare&overlay=polyamine', budget: false },
  { layout: 'story', name: 'embed.html (the story)', page: 'embed.html' },
  { layout: 'story', name: 'an article with the story', page: 'story.html', body: article('<polyamine-sim></polyamine-sim>') },
  { layout: 'explorer', name: 'index.html (the explorer)', page: 'index.html' },
  { layout: 'explorer', name: 'embed.html?layout=explorer', page: 'embed.html?layout=explorer' },
];

for (const visit of VISITS) {
  const budget = BUDGETS[visit.layout];
  test(`a first visit to ${visit.name} in English downloads ${visit.budget === false ? `(for the record; the figure's budget, ${kb(budget)}, is for an article)` : `at most ${kb(budget)} gzipped`}`, async (t) => {
    const { page, log } = await openPage(t, shared.browser, { locale: 'en-US' });
    if (visit.body) await page.route(`${shared.server.url}${visit.page}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: visit.body }));
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(`${shared.server.url}${visit.page}`);
    await waitForReady(page);
    // Whatever the widget fetches right after it is ready counts too.
    await page.waitForLoadState('networkidle');
    const rows = [];
    for (const r of responses) {
      const url = new URL(r.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
      const body = await r.body();
      rows.push({ file: url.pathname.replace(/^\//, '') || '/', status: r.status(), raw: body.length, gzip: gz(body) });
    }
    rows.sort((a, b) => b.gzip - a.gzip);
    const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip }), { raw: 0, gzip: 0 });
    const line = (name, status, raw, gzip) => `${name.padEnd(28)} ${String(status).padStart(6)} ${String(raw).padStart(9)} ${String(gzip).padStart(9)}`;
    console.log(`first visit to ${visit.name} (${visit.layout}):\n${line('file', 'status', 'raw', 'gzip')}\n${rows.map((r) => line(r.file, r.status, r.raw, r.gzip)).join('\n')}\n${line('total', '', total.raw, total.gzip)} (${kb(total.gzip)} of ${kb(budget)})`);
    t.diagnostic(`${visit.name}: ${total.gzip} bytes gzipped (${kb(total.gzip)})`);

    assert.deepEqual(log.failedRequests, [], 'every request succeeds');
    assert.ok(rows.some((r) => r.file.endsWith('.wasm')), 'the wasm is among the downloads');
    assert.deepEqual(rows.filter((r) => r.file.startsWith('i18n/')).map((r) => r.file).sort(), ['i18n/en.json', ...(visit.layout === 'figure' ? [] : [`i18n/en.${visit.layout}.json`])].sort(), "one language, and only the layout's strings");
    if (visit.layout !== 'explorer') assert.deepEqual(rows.filter((r) => EXPLORER_ONLY.includes(r.file)).map((r) => r.file), [], 'none of the explorer, nor the poster');
    // The widget's modules (embed.js is embed.html's own script).
    const modules = rows.map((r) => r.file).filter((f) => f.endsWith('.js') && f !== 'embed.js').sort();
    if (visit.layout === 'figure') assert.deepEqual(modules, [...FIGURE_MODULES].sort(), "a figure's modules: the element's bundle and the glue");
    if (visit.layout === 'story') assert.deepEqual(modules, [...FIGURE_MODULES, 'story.js'].sort(), "the story's modules: a figure's and the story's chunk");
    if (visit.budget !== false) assert.ok(total.gzip <= budget, `a first visit to ${visit.name} downloads ${total.gzip} bytes gzipped, over the ${visit.layout}'s budget of ${budget}`);
  });
}
