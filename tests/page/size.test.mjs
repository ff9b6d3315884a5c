// Issue 6, size budget: the wasm stays within 100 KB gzipped, and a first
// visit (everything the browser downloads until the widget is ready, in
// English) within 160 KB gzipped. Sizes are gzip -9 of each body, whatever
// the server sends (scripts/serve.mjs does not compress). Prints a table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIST, openPage, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const WASM_BUDGET = 100 * 1024;
const FIRST_VISIT_BUDGET = 160 * 1024;

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const shared = sharedBrowserAndServer();

test('the wasm is at most 100 KB gzipped', () => {
  const wasm = readFileSync(path.join(DIST, 'polyamine_sim_bg.wasm'));
  const size = gz(wasm);
  console.log(`polyamine_sim_bg.wasm: ${wasm.length} bytes raw, ${size} bytes gzipped (${kb(size)} of ${kb(WASM_BUDGET)})`);
  assert.ok(size <= WASM_BUDGET, `the wasm is ${size} bytes gzipped, over the budget of ${WASM_BUDGET}`);
});

for (const file of ['index.html', 'embed.html']) {
  test(`a first visit to ${file} in English downloads at most 160 KB gzipped`, async (t) => {
    const { page, log } = await openPage(t, shared.browser, { locale: 'en-US' });
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(`${shared.server.url}${file}`);
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
    console.log(`first visit to ${file}:\n${line('file', 'status', 'raw', 'gzip')}\n${rows.map((r) => line(r.file, r.status, r.raw, r.gzip)).join('\n')}\n${line('total', '', total.raw, total.gzip)} (${kb(total.gzip)} of ${kb(FIRST_VISIT_BUDGET)})`);

    assert.deepEqual(log.failedRequests, [], 'every request succeeds');
    assert.ok(rows.some((r) => r.file.endsWith('.wasm')), 'the wasm is among the downloads');
    assert.deepEqual(rows.filter((r) => r.file.startsWith('i18n/')).map((r) => r.file), ['i18n/en.json'], 'one language: English');
    assert.ok(total.gzip <= FIRST_VISIT_BUDGET, `a first visit to ${file} downloads ${total.gzip} bytes gzipped, over the budget of ${FIRST_VISIT_BUDGET}`);
  });
}
