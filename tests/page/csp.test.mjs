// The widget works under the strict Content-Security-Policy that
// docs/EMBEDDING.md recommends: no inline script or style, no eval.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRICT_CSP, openUnderStrictCsp, readCanvas, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const shared = sharedBrowserAndServer({ headers: { 'Content-Security-Policy': STRICT_CSP } });

for (const file of ['index.html', 'embed.html?layout=explorer&overlay=polyamine&lang=de']) {
  test(`${file} runs under a strict CSP with no violation`, async (t) => {
    const { page, log } = await openUnderStrictCsp(t, shared.browser, `${shared.server.url}${file}`);
    await waitForReady(page);
    await page.evaluate(() => document.querySelector('polyamine-sim').advance(5));
    await page.getByRole('radio').nth(2).check(); // swatches are styled through CSSOM
    // Every view that styles through CSSOM: compare mode, the disclosure, the
    // dose-response marker after a dose change, the Embed dialog.
    await page.locator('polyamine-sim').evaluate((el) => {
      el.setAttribute('compare', '');
      el.setAttribute('dfmo-dose-mg', '1200');
      for (const d of el.shadowRoot.querySelectorAll('details')) d.open = true;
    });
    await page.locator('polyamine-sim').getByRole('button', { name: /^(Embed|Einbetten)$/ }).click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual([log.errors, log.pageErrors], [[], []]);
    const { data } = await readCanvas(page);
    assert.ok(data.some((v, i) => i % 4 === 3 && v === 255), 'the canvas is painted');
    const swatch = page.locator('polyamine-sim .legend .swatch').first();
    assert.notEqual(await swatch.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)', 'legend swatches keep their colour');
  });
}
