// Layout on a busy news page: hostile host CSS does not break the widget,
// and a phone-sized viewport has no horizontal scroll.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifact, openPage, readCanvas, sharedBrowserAndServer, waitForReady } from './helpers.mjs';

const shared = sharedBrowserAndServer();

const HOSTILE = `
  html { font-size: 40px; }
  body { font: italic 30px/3 "Comic Sans MS", serif; color: #fff; background: #000; letter-spacing: 0.3em; }
  * { box-sizing: content-box !important; margin: 7px; }
  canvas { width: 10px !important; height: 10px !important; display: none !important; }
  input, select, button { display: none !important; }
  ul, li, p, label { font-size: 50px !important; color: red !important; }
  polyamine-sim { text-transform: uppercase; line-height: 5; }
`;

test('a host page with hostile CSS still renders the widget correctly', async (t) => {
  const { page, log } = await openPage(t, shared.browser, { viewport: { width: 800, height: 1400 } });
  await page.goto(shared.server.url);
  await page.addStyleTag({ content: HOSTILE });
  await waitForReady(page);
  const look = await page.evaluate(() => {
    const host = document.querySelector('polyamine-sim');
    const root = host.shadowRoot;
    const canvas = root.querySelector('canvas');
    const status = getComputedStyle(root.querySelector('.status'));
    const visible = (el) => el.getBoundingClientRect().width > 0 && getComputedStyle(el).display !== 'none';
    return {
      canvasWidth: canvas.getBoundingClientRect().width,
      hostWidth: host.getBoundingClientRect().width,
      // Controls shown to the reader (not those in a closed disclosure or the closed Embed dialog).
      controlsVisible: [...root.querySelectorAll('select, button, input')]
        .filter((el) => !el.closest('dialog') && !(el.closest('details:not([open])') && !el.closest('summary')))
        .every(visible),
      fontSize: status.fontSize,
      color: status.color,
      transform: status.textTransform,
      lineHeight: status.lineHeight,
    };
  });
  assert.ok(look.canvasWidth > 0.9 * Math.min(look.hostWidth, 640), `canvas ${look.canvasWidth}px wide in a ${look.hostWidth}px widget`);
  assert.ok(look.controlsVisible, 'every control is visible');
  assert.deepEqual([look.fontSize, look.color, look.transform], ['16px', 'rgb(31, 35, 40)', 'none'], 'no inherited font size, colour or text transform');
  assert.equal(look.lineHeight, '24px');
  const { data } = await readCanvas(page);
  assert.ok(data.some((v, i) => i % 4 === 3 && v === 255), 'the canvas is painted');
  await page.locator('polyamine-sim').screenshot({ path: artifact('layout-hostile-css.png') });
  assert.deepEqual([log.errors, log.pageErrors], [[], []]);
});

for (const [width, height] of [[360, 740], [320, 640]]) {
  test(`a ${width} × ${height} phone viewport has no horizontal overflow and every control fits`, async (t) => {
    const { page, log } = await openPage(t, shared.browser, { viewport: { width, height }, isMobile: true, hasTouch: true });
    await page.goto(shared.server.url);
    await waitForReady(page);
    const fit = await page.evaluate(() => {
      const root = document.querySelector('polyamine-sim').shadowRoot;
      const parts = [...root.querySelectorAll('*')].map((el) => ({ el, box: el.getBoundingClientRect() })).filter((p) => p.box.width > 0);
      const widest = parts.reduce((a, b) => (b.box.right > a.box.right ? b : a));
      const host = document.querySelector('polyamine-sim').getBoundingClientRect();
      return {
        scrollWidth: document.scrollingElement.scrollWidth,
        right: widest.box.right,
        widest: `${widest.el.tagName.toLowerCase()}.${widest.el.className} "${widest.el.textContent.slice(0, 20)}"`,
        hostRight: host.right,
        touchAction: getComputedStyle(document.querySelector('polyamine-sim')).touchAction,
      };
    });
    assert.ok(fit.scrollWidth <= width, `page scrolls sideways: ${fit.scrollWidth}px in a ${width}px viewport`);
    // Nothing sticks out of the widget itself (the dose–response axis label "3,000" once did, by 3 px).
    assert.ok(fit.right <= fit.hostRight + 0.5, `${fit.widest} ends at ${fit.right}px, past the widget's right edge at ${fit.hostRight}px`);
    assert.equal(fit.touchAction, 'pan-y', 'vertical swipes still scroll the article');
    await page.screenshot({ path: artifact(`layout-${width}x${height}.png`), fullPage: true });
    assert.deepEqual([log.errors, log.pageErrors], [[], []]);
  });
}
