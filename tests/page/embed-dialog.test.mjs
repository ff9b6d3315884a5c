// The Embed dialog (www/embed-dialog.js) on its own, in a shadow root on the
// served demo page: opened from the keyboard, code shown as text (never
// parsed), Copy through the clipboard or by hand, Escape and focus return,
// accessibility.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO, STRICT_CSP, artifact, i18n, openUnderStrictCsp, sharedBrowserAndServer } from './helpers.mjs';

// Served under the strict CSP of docs/EMBEDDING.md (as csp.test.mjs): every test also checks for violations.
const shared = sharedBrowserAndServer({ headers: { 'Content-Security-Policy': STRICT_CSP } });

/** The module's strings, from www/i18n. */
export const EMBED_DIALOG_STRINGS = { en: i18n('en'), de: i18n('de') };

/** What getCode returns: real-looking snippets, plus markup that must stay text. */
const CODE = {
  tag: '<script type="module" src="https://example.org/sim/polyamine-sim.js"></script>\n<polyamine-sim preset="dfmo-amxt" tumour="immune-evasive" params="{&quot;s&quot;:1}" lang="en"></polyamine-sim>\n<img src=x onerror=alert(1)>',
  iframe: '<iframe src="https://example.org/sim/embed.html?preset=dfmo-amxt&amp;lang=en&tumour=immune-evasive" title="Polyamines & T cells" width="100%" height="900" loading="lazy"></iframe>',
};

/**
 * The demo page with its widget removed, and the Embed button and dialog in
 * a shadow root. window.__getCodeCalls counts getCode calls.
 */
async function mount(t, contextOptions = {}, lang = 'en') {
  const { page, log } = await openUnderStrictCsp(t, shared.browser, shared.server.url, contextOptions);
  await page.evaluate(async ([strings, code]) => {
    document.querySelector('polyamine-sim')?.remove(); // (and its poster <img>)
    window.__alerted = 0;
    window.alert = () => window.__alerted++;
    const m = await import('./embed-dialog.js');
    const host = Object.assign(document.createElement('div'), { id: 'host' });
    document.querySelector('main').append(host);
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(m.EMBED_DIALOG_CSS);
    root.adoptedStyleSheets = [sheet];
    window.__getCodeCalls = 0;
    const { button, dialog } = m.buildEmbed(strings, () => (window.__getCodeCalls++, code));
    root.append(Object.assign(document.createElement('p'), { textContent: 'Widget controls:' }), button, dialog);
  }, [EMBED_DIALOG_STRINGS[lang], CODE]);
  return { page, log, host: page.locator('#host') };
}

/** Content-Security-Policy violations in the page so far. */
const violations = (page) => page.evaluate(() => window.__violations);

/** The element focused, through shadow roots: its tag and text (or value). */
const focused = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a && { tag: a.tagName.toLowerCase(), text: a.textContent, inShadow: a.getRootNode() !== document };
  });

/** Open the dialog from the keyboard: focus the button, press Enter. */
async function openWithKeyboard(page, host, name = 'Embed') {
  await host.getByRole('button', { name }).focus();
  await page.keyboard.press('Enter');
  await host.getByRole('dialog').waitFor();
}

test('Enter opens the dialog with the code exactly as given, shown as text; Escape closes it and focus returns to the button', async (t) => {
  const { page, log, host } = await mount(t);
  assert.equal(await host.getByRole('dialog').count(), 0, 'closed at first');
  await openWithKeyboard(page, host);
  const dialog = host.getByRole('dialog', { name: 'Embed this simulation' });
  assert.equal(await dialog.count(), 1);
  assert.equal(await page.evaluate(() => window.__getCodeCalls), 1);
  assert.ok(await page.evaluate(() => document.querySelector('#host').shadowRoot.querySelector('dialog').matches(':modal')), 'modal');
  const tag = dialog.getByRole('textbox', { name: /^As an HTML element/ });
  const iframe = dialog.getByRole('textbox', { name: /^As an iframe/ });
  assert.equal(await tag.inputValue(), CODE.tag);
  assert.equal(await iframe.inputValue(), CODE.iframe);
  assert.equal(await tag.getAttribute('readonly'), '', 'read-only');
  const parsed = await page.evaluate(() => {
    const root = document.querySelector('#host').shadowRoot;
    return { elements: document.querySelectorAll('img, iframe, polyamine-sim').length + root.querySelectorAll('img, iframe, script, polyamine-sim').length, alerts: window.__alerted };
  });
  assert.deepEqual(parsed, { elements: 0, alerts: 0 }, 'no <img>, <iframe>, <script> or <polyamine-sim> made from the snippets: they are text');
  assert.deepEqual(await focused(page), { tag: 'textarea', text: '', inShadow: true }, 'focus moves into the dialog');

  await page.keyboard.press('Escape');
  await host.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.deepEqual(await focused(page), { tag: 'button', text: 'Embed', inShadow: true }, 'focus back on Embed');
  // Opened again (by pointer), the code is asked for afresh; Close closes.
  await host.getByRole('button', { name: 'Embed' }).click();
  assert.equal(await page.evaluate(() => window.__getCodeCalls), 2);
  await host.getByRole('button', { name: 'Close' }).click();
  await host.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal((await focused(page)).text, 'Embed');
  // Opened while the focus is elsewhere (Safari does not focus a clicked button; the native
  // dialog would give the focus back to the body): closing still focuses the button.
  await page.evaluate(() => {
    document.activeElement.blur();
    document.querySelector('#host').shadowRoot.querySelector('button').click();
  });
  await host.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  await host.getByRole('dialog').waitFor({ state: 'hidden' });
  // (The close event, which moves the focus, is a task after the dialog hides.)
  await page.waitForFunction(() => document.querySelector('#host').shadowRoot.activeElement?.textContent === 'Embed', null, { timeout: 2000 }).catch(() => {});
  assert.equal((await focused(page))?.text, 'Embed');
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('Copy puts the exact code on the clipboard and says so', async (t) => {
  const { page, log, host } = await mount(t, { permissions: ['clipboard-read', 'clipboard-write'] });
  await openWithKeyboard(page, host);
  await host.getByRole('button', { name: 'Copy the element code' }).click();
  await host.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), CODE.tag);
  await host.getByRole('button', { name: 'Copy the iframe code' }).click();
  await host.locator('output').nth(1).filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), CODE.iframe);
  const statuses = await host.locator('output').allTextContents();
  assert.deepEqual(statuses, ['', 'Copied'], 'only the latest copy is announced');
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('where the clipboard is refused, Copy selects the code and says how to copy it', async (t) => {
  const { page, log, host } = await mount(t);
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) } });
  });
  await openWithKeyboard(page, host);
  await host.getByRole('button', { name: 'Copy the iframe code' }).click();
  await host.getByRole('status').filter({ hasText: 'Press Ctrl+C (⌘C) to copy' }).waitFor();
  const selection = await page.evaluate(() => {
    const area = document.querySelector('#host').shadowRoot.querySelectorAll('textarea')[1];
    return { focused: area.getRootNode().activeElement === area, selected: area.value.slice(area.selectionStart, area.selectionEnd) };
  });
  assert.deepEqual(selection, { focused: true, selected: CODE.iframe });
  assert.equal(await host.getByRole('status').filter({ hasText: 'Press Ctrl+C' }).getAttribute('aria-live'), 'polite');
  assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
});

test('axe finds nothing with the dialog open, in English and German', async (t) => {
  for (const lang of ['en', 'de']) {
    const { page, log, host } = await mount(t, {}, lang);
    await openWithKeyboard(page, host, EMBED_DIALOG_STRINGS[lang]['embed.button']);
    await page.evaluate(readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8')); // (an inline <script> would break the CSP)
    const axeViolations = await page.evaluate(async () => {
      const { violations } = await window.axe.run({ include: [['#host']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    });
    assert.deepEqual(axeViolations, [], lang);
    if (lang === 'en') await page.screenshot({ path: artifact('embed-dialog.png') });
    assert.deepEqual([log.errors, log.pageErrors, await violations(page)], [[], [], []]);
  }
});
