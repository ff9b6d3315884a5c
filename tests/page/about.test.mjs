// The "What is modelled, what is not" panel: disclaimer, omissions,
// references, and every parameter's provenance from the schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageWith, sharedBrowserAndServer } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };

test('the panel opens from the keyboard and lists every parameter with its provenance', async (t) => {
  const { page, log } = await pageWith(t, shared.browser, shared.server, [{}], reduced);
  const summary = page.locator('polyamine-sim details.about summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('polyamine-sim details.about').evaluate((d) => d.open), true);
  const text = await page.locator('polyamine-sim details.about').innerText();
  assert.match(text, /does not predict how any patient will respond/);
  assert.match(text, /Not modelled: side effects/);
  assert.match(text, /built into the model, not predicted/);
  assert.match(text, /Immunity 2025/);
  const rows = await page.locator('polyamine-sim details.about tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const schema = await page.evaluate(async () => (await import('./polyamine_sim.js')).schema().params);
  assert.equal(rows.length, schema.length, 'one row per schema parameter');
  for (const p of schema) {
    const row = rows.find((r) => r[0] === p.key);
    assert.ok(row, `${p.key} listed`);
    assert.ok(p.provenance.tag === 'A' ? row[2] === '[A] illustrative' : row[2].startsWith(`[${p.provenance.tag}] `), `${p.key}: ${row[2]}`);
  }
  assert.deepEqual(rows.find((r) => r[0] === 'k_inact')[2], '[P] Qu et al., Biochem J 2003;375:465');
  assert.deepEqual([log.errors, log.warnings], [[], []]);
});

test('the panel speaks German', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ lang: 'de' }], reduced);
  assert.equal(await page.locator('polyamine-sim details.about summary').textContent(), 'Was modelliert ist und was nicht');
  await page.locator('polyamine-sim details.about summary').click();
  assert.match(await page.locator('polyamine-sim details.about').innerText(), /\[A\] zur Veranschaulichung/);
});
