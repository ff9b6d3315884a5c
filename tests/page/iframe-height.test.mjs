// An iframe of embed.html that sizes itself: a host page on another origin
// with pym.js's Parent (npm pym.js 1.3.2, served from the widget's site)
// resizes the iframe to the story, and again when the reader opens the full
// tool ("Explore it yourself"); a host page without pym.js gets the same from
// the plain message { type: 'polyamine-sim:height', height } (docs/EMBEDDING.md).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, serveDist, waitForReady } from './helpers.mjs';

let browser;
let widgets; // dist/, the widget's site
let hosts; // the host pages, another origin
let hostRoot;
before(async () => {
  browser = await launchBrowser();
  widgets = await serveDist();
  hostRoot = await mkdtemp(path.join(tmpdir(), 'polyamine-host-'));
  const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,"></head><body><h1>News</h1>${body}<p>More of the article.</p></body></html>`;
  await writeFile(
    path.join(hostRoot, 'pym.html'),
    page(`<div id="sim"></div>
<script src="${widgets.url}vendor/pym.v1.min.js"></script>
<script>new pym.Parent('sim', '${widgets.url}embed.html', { title: 'Simulation' }).iframe.setAttribute('height', '740');</script>`),
  );
  await writeFile(
    path.join(hostRoot, 'plain.html'),
    page(`<iframe id="sim" src="${widgets.url}embed.html" title="Simulation" width="100%" height="740"></iframe>
<script>
  addEventListener('message', (e) => {
    const frame = document.getElementById('sim');
    if (e.source === frame.contentWindow && e.data && e.data.type === 'polyamine-sim:height') frame.height = e.data.height;
  });
</script>`),
  );
  // Served from loopback (Chromium blocks a public page from framing a loopback URL).
  hosts = await serveDist({ root: hostRoot });
});
after(async () => {
  await browser?.close();
  await widgets?.close();
  await hosts?.close();
  if (hostRoot) await rm(hostRoot, { recursive: true, force: true });
});

for (const kind of ['pym', 'plain']) {
  test(`${kind === 'pym' ? 'pym.js' : 'the plain postMessage'}: the iframe's height follows the story, and the explorer when it opens`, async (t) => {
    const { page, log } = await openPage(t, browser, { viewport: { width: 800, height: 700 }, reducedMotion: 'reduce' });
    await page.goto(`${hosts.url}${kind}.html`);
    const iframe = page.locator('iframe');
    await iframe.waitFor();
    const frame = await (await iframe.elementHandle()).contentFrame();
    await waitForReady(frame);
    assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin, 'a cross-origin frame');
    if (kind === 'pym') assert.ok(new URL(frame.url()).searchParams.has('childId'), 'pym.Parent names the child');
    const heights = () =>
      Promise.all([iframe.evaluate((f) => Number(f.getAttribute('height').replace('px', ''))), frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height))]);
    // The story: the iframe takes the page's height.
    await page.waitForFunction(() => Math.abs(Number(document.querySelector('iframe').getAttribute('height').replace('px', '')) - 740) > 1, null, { timeout: 10_000 });
    let [frameHeight, pageHeight] = await heights();
    assert.ok(Math.abs(frameHeight - pageHeight) <= 2, `the story: iframe ${frameHeight} px for a ${pageHeight} px page`);
    const story = frameHeight;
    // The reader opens the full tool: much taller, and the iframe follows.
    await frame.evaluate(() => (document.querySelector('polyamine-sim').step = 8));
    await frame.waitForFunction(() => document.querySelector('polyamine-sim').day >= 119.9, null, { timeout: 30_000 });
    await frame.locator('polyamine-sim').getByRole('button', { name: 'Explore it yourself' }).click();
    await waitForReady(frame, 2);
    await page.waitForFunction((story) => Number(document.querySelector('iframe').getAttribute('height').replace('px', '')) > story + 500, story, { timeout: 10_000 });
    [frameHeight, pageHeight] = await heights();
    assert.ok(Math.abs(frameHeight - pageHeight) <= 2, `the explorer: iframe ${frameHeight} px for a ${pageHeight} px page`);
    t.diagnostic(`${kind}: story ${story} px, explorer ${frameHeight} px`);
    assert.deepEqual([log.errors, log.pageErrors], [[], []]);
  });
}
