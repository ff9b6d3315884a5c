// www/scrolly.html, the scrollytelling demo: paragraphs scrolling past drive
// the steps of a sticky story widget (story-controls="none") through
// scrollama on the host page; the widget itself needs no library. Under the
// strict CSP, on a desktop and a phone, with a figure further down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRICT_CSP, artifact, openUnderStrictCsp, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const shared = sharedBrowserAndServer({ headers: { 'Content-Security-Policy': STRICT_CSP } });

for (const [width, height] of [[1280, 800], [360, 740]]) {
  test(`scrolling the article at ${width} × ${height} moves the story from step to step`, async (t) => {
    const { page, log } = await openUnderStrictCsp(t, shared.browser, `${shared.server.url}scrolly.html`, { viewport: { width, height }, reducedMotion: 'reduce' });
    await waitForReady(page);
    await page.evaluate(() => {
      window.__steps = [];
      document.querySelector('.scrolly polyamine-sim').addEventListener('storystep', (e) => window.__steps.push(e.detail.step));
    });
    const widget = page.locator('.scrolly polyamine-sim');
    assert.equal(await widget.getAttribute('story-controls'), 'none');
    assert.equal(await widget.getByRole('button', { name: 'Next' }).isVisible(), false, 'the page drives the steps: no Back / Next');
    const paragraphs = page.locator('.scrolly-text .step');
    assert.equal(await paragraphs.count(), 8);
    // Scroll as a reader does (scrollama follows scroll events), until the last step.
    const step = () => page.evaluate(() => document.querySelector('.scrolly polyamine-sim').step);
    for (let i = 0; i < 200 && (await step()) < 8; i++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(40);
      if ((await step()) === 5 && !(await page.evaluate(() => window.__shot))) {
        await page.evaluate(() => (window.__shot = true));
        // The widget stays in view while its paragraphs pass.
        const box = await widget.boundingBox();
        assert.ok(box.y < height && box.y + box.height > 0, `the widget is in view at step 5 (${JSON.stringify(box)})`);
        await page.screenshot({ path: artifact(`scrolly-${width}-step5.png`) });
      }
    }
    assert.equal(await step(), 8, 'scrolled to the last step');
    // Back up: the steps follow in reverse.
    for (let i = 0; i < 200 && (await step()) > 2; i++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(40);
    }
    // (Step 1 is where the story starts: its paragraph changes nothing.)
    const steps = await page.evaluate(() => window.__steps);
    assert.deepEqual(steps.slice(0, 7), [2, 3, 4, 5, 6, 7, 8], JSON.stringify(steps));
    assert.deepEqual(steps.slice(7), [7, 6, 5, 4, 3, 2], 'and back, one step at a time');
    // The figure further down the article draws too.
    await page.locator('polyamine-sim[layout="figure"]').scrollIntoViewIfNeeded();
    await waitForReady(page, 2);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual([log.errors, log.warnings, log.pageErrors, log.failedRequests], [[], [], [], []]);
  });
}
