// Share and export: CSV identical to the command line's, PNG of the picture,
// and a permalink that restores every setting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openPage, pageWith, REPO, sharedBrowserAndServer, waitForReady, widgetState } from './helpers.mjs';

const shared = sharedBrowserAndServer();
const reduced = { reducedMotion: 'reduce' };

test('toCSV() equals the command line output for the same scenario', async (t) => {
  // tests/fixtures/bench-native.csv is `polyamine-sim run --dt 1` of the
  // benchmark scenario, which is the dfmo-amxt-chemo preset (kept current by tests/cli.rs).
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt-chemo' }], reduced);
  const csv = await page.evaluate(() => document.querySelector('polyamine-sim').toCSV(1));
  assert.equal(csv, readFileSync(path.join(REPO, 'tests/fixtures/bench-native.csv'), 'utf8'));
});

test('the CSV button downloads the trajectory of the current settings', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'chemo', 'dfmo-dose-mg': '500' }], { ...reduced, acceptDownloads: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'polyamine-sim-chemo.csv');
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 't,T,E,R,O,P,V,G_D,C_D,G_A,C_A,C_p,C_t,Ab,A,x,phi');
  assert.equal(lines.length, 1 + 601, 'rows every 0.25 day over 150 days');
  assert.equal(text, await page.evaluate(() => document.querySelector('polyamine-sim').toCSV()));
  const cD = lines.slice(1).map((l) => Number(l.split(',')[8]));
  assert.ok(Math.max(...cD) > 10, 'the 500 mg DFMO dose is in the trajectory');
});

test('toPNG() and the picture button give a PNG of the section and the chart', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{}], { ...reduced, acceptDownloads: true });
  const png = await page.evaluate(async () => {
    const blob = await document.querySelector('polyamine-sim').toPNG();
    const bitmap = await createImageBitmap(blob);
    return { type: blob.type, width: bitmap.width, height: bitmap.height };
  });
  assert.equal(png.type, 'image/png');
  assert.equal(png.width, 512, 'the section as drawn: two pixels a site');
  assert.ok(png.height > 512 + 100, `the chart below the section (height ${png.height})`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download picture' }).click()]);
  assert.match(download.suggestedFilename(), /^polyamine-sim-untreated-day0\.png$/);
  assert.deepEqual([...readFileSync(await download.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');
});

test('the permalink restores every setting', async (t) => {
  const settings = { preset: 'chemo', 'dfmo-dose-mg': '500', 'amxt-dose': '1.5', seed: '7', overlay: 'drug', speed: '4', lang: 'de' };
  const { page } = await pageWith(t, shared.browser, shared.server, [settings], reduced);
  const link = await page.evaluate(() => document.querySelector('polyamine-sim').permalink());
  assert.ok(link.startsWith(`${shared.server.url}embed.html?`), link);
  const { page: opened, log } = await openPage(t, shared.browser, reduced);
  await opened.goto(link);
  await waitForReady(opened);
  const widget = opened.locator('polyamine-sim');
  for (const [name, value] of Object.entries(settings)) assert.equal(await widget.getAttribute(name), value, name);
  const state = await widgetState(opened);
  assert.deepEqual([state.preset, state.overlay], ['chemo', 'drug']);
  assert.equal(
    await opened.evaluate(() => document.querySelector('polyamine-sim').toCSV()),
    await page.evaluate(() => document.querySelector('polyamine-sim').toCSV()),
    'the same scenario runs',
  );
  assert.deepEqual([log.errors, log.warnings], [[], []]);
});

test('Copy link puts the permalink on the clipboard', async (t) => {
  const { page } = await pageWith(t, shared.browser, shared.server, [{ preset: 'dfmo-amxt' }], { ...reduced, permissions: ['clipboard-read', 'clipboard-write'] });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('.share-note').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.evaluate(() => document.querySelector('polyamine-sim').permalink()));
});
