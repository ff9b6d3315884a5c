// The cross-engine suite: what a reader and an editor rely on, run in
// Chromium, Firefox and WebKit by tests/cross/run.mjs (`make test`). One
// list of cases; each is { name, run(page, site), needs? }. A case with
// `needs: 'layout'` runs only where the widget has the `layout` attribute
// (issue 14); elsewhere the runner reports it as skipped with the reason.
// Every page is served under the strict CSP and carries the recorder
// (tests/cross/recorder.js); `clean()` asserts no console error, uncaught
// exception, CSP violation, widget error, failed response or request to
// another origin. To add a layout or a page: add a case here.
//
// Functions passed to page.run() / page.poll() execute inside the page: they
// must not use anything from this file (only their arguments).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, SUB_PREFIX } from './site.mjs';

const de = JSON.parse(readFileSync(path.join(REPO, 'www/i18n/de.json'), 'utf8'));
const en = JSON.parse(readFileSync(path.join(REPO, 'www/i18n/en.json'), 'utf8'));

// --- in-page functions (self-contained) ---

/** The `i`th widget's state: day, attributes, its visible canvases (size, painted fraction, a hash of the pixels), status line. */
const widget = (i = 0) => {
  const host = document.querySelectorAll('polyamine-sim')[i];
  if (!host) return null;
  const root = host.shadowRoot;
  const canvases = [...root.querySelectorAll('canvas.section')].filter((c) => c.getClientRects().length > 0);
  const pictures = canvases.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let hash = 0x811c9dc5;
    let opaque = 0;
    const colours = new Set();
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3] === 255) opaque++;
      const rgb = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
      if (colours.size < 64) colours.add(rgb);
      hash = Math.imul(hash ^ rgb, 0x01000193) >>> 0;
    }
    const r = c.getBoundingClientRect();
    return { width: c.width, height: c.height, painted: opaque / (data.length / 4), colours: colours.size, hash, box: [r.left, r.top, r.width, r.height] };
  });
  const attrs = {};
  for (const a of host.attributes) attrs[a.name] = a.value;
  const hostBox = host.getBoundingClientRect();
  return {
    day: host.day,
    attrs,
    pictures,
    status: root.querySelector('.status')?.textContent ?? null,
    playText: [...root.querySelectorAll('button')].map((b) => b.textContent).find((t) => /^(Play|Pause|Abspielen|Anhalten)$/.test(t)) ?? null,
    hostWidth: hostBox.width,
    pageWidth: document.documentElement.clientWidth, // the viewport without its scroll bar
    lang: document.documentElement.lang,
    scrollsSideways: document.documentElement.scrollWidth > innerWidth,
  };
};

/** The `i`th widget's button whose text matches `pattern` (a source string). */
const buttonNamed = (pattern, i = 0) => [...document.querySelectorAll('polyamine-sim')[i].shadowRoot.querySelectorAll('button')].find((b) => new RegExp(pattern).test(b.textContent));

/** How many widgets fired `ready` so far. */
const readyCount = () => window.__cross.events.filter((e) => e.type === 'ready').length;

// --- assertions ---

/** Nothing went wrong in the current page or frame (see Page.trouble). `warnings`: also require no console warning. */
export async function clean(page, { warnings = true } = {}) {
  const t = await page.trouble();
  assert.deepEqual(t.violations, [], 'no CSP violation');
  assert.deepEqual(t.errors, [], 'no console error or uncaught exception');
  assert.deepEqual(t.widgetErrors, [], 'no widget error event');
  assert.deepEqual(t.foreign, [], 'no request to another origin');
  assert.deepEqual(t.failed, [], 'no failed response');
  if (warnings) assert.deepEqual(t.warnings, [], 'no console warning');
  assert.ok(t.resources > 0, 'resource timing saw the page load');
}

/** Widget `i` shows painted pictures (every pixel opaque, a real picture). */
function assertDrawn(state, what = 'the widget') {
  assert.ok(state.pictures.length >= 1, `${what} shows a picture`);
  for (const p of state.pictures) {
    assert.equal(p.painted, 1, `${what}: every pixel of the ${p.width}×${p.height} section is painted`);
    assert.ok(p.colours >= 10, `${what}: a tissue picture, not a flat fill (${p.colours} colours)`);
  }
}

async function openDemo(page, site) {
  await page.goto(site.url);
  await page.ready(1);
}

/** Pause the first widget with its Pause button (as a reader), then start it again at day 0. */
async function pauseAtDayZero(page) {
  await pauseByButton(page);
  await page.run(() => document.querySelector('polyamine-sim').reset());
}

/** Pause the first widget (with its Pause button, as a reader), if it plays. */
async function pauseByButton(page) {
  const s = await page.run(widget, 0);
  if (/Pause/.test(s.playText ?? '')) await page.click(buttonNamed, '^Pause$');
  await page.poll(() => !/Pause/.test(document.querySelector('polyamine-sim').shadowRoot.querySelector('.controls button')?.textContent ?? 'Pause'), [], { what: 'the Play button' });
}

export const CASES = [
  {
    name: 'the demo page: the poster first, then the wasm draws day 0 (the poster, pixel for pixel), under the strict CSP',
    async run(page, site) {
      await openDemo(page, site);
      const defined = await page.run(() => window.__cross.defined);
      assert.ok(defined, 'the recorder saw the element defined');
      assert.equal(defined.ready, false, 'before the wasm was ready');
      assert.match(defined.poster ?? '', /poster\.png$/, 'the poster is what the widget shows first');
      assert.equal(defined.canvases, 0, 'no section canvas before the wasm');
      const first = await page.run(async () => {
        const f = window.__cross.firstFrame;
        const img = new Image();
        img.src = new URL('poster.png', document.baseURI).href;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = f.width;
        c.height = f.height;
        const ctx = c.getContext('2d');
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(img, 0, 0, f.width, f.height);
        const poster = ctx.getImageData(0, 0, f.width, f.height).data;
        let differ = 0;
        let sum = 0;
        for (let p = 0; p < poster.length; p += 4) {
          const d = Math.abs(poster[p] - f.pixels[p]) + Math.abs(poster[p + 1] - f.pixels[p + 1]) + Math.abs(poster[p + 2] - f.pixels[p + 2]);
          if (d) differ++;
          sum += d;
        }
        const n = poster.length / 4;
        return { day: f.day, width: f.width, height: f.height, painted: f.painted, natural: img.naturalWidth, differ: differ / n, mean: sum / n };
      });
      assert.equal(first.day, 0, 'the first frame is day 0');
      assert.equal(first.painted, 1, 'the first frame paints every pixel');
      assert.equal(first.width, 512, 'two pixels a site of the 256² section');
      assert.equal(first.natural, first.width, 'the poster has the picture size');
      assert.ok(first.differ < 0.001 && first.mean < 0.01, `day 0 drawn by the wasm equals the poster: ${(100 * first.differ).toFixed(3)} % of pixels differ, mean |ΔRGB| ${first.mean.toFixed(4)}`);
      const s = await page.run(widget, 0);
      assertDrawn(s, 'the demo widget');
      assert.ok(Math.abs(s.pictures[0].box[2] - s.hostWidth) < 1, 'the picture spans the widget');
      await clean(page);
    },
  },
  {
    name: 'playing advances the day and changes the picture; Pause holds it; Play goes on (real clicks)',
    async run(page, site) {
      await openDemo(page, site);
      // Autoplay (no reduced motion here): the day moves by itself.
      await page.poll(() => document.querySelector('polyamine-sim').day >= 1, [], { timeout: 15_000, what: 'day 1 while playing' });
      await pauseByButton(page);
      const held = await page.run(widget, 0);
      await new Promise((r) => setTimeout(r, 600));
      const still = await page.run(widget, 0);
      assert.equal(still.day, held.day, 'paused: the day holds');
      assert.equal(still.pictures[0].hash, held.pictures[0].hash, 'paused: the picture holds');
      await page.click(buttonNamed, '^Play$');
      await page.poll((d) => document.querySelector('polyamine-sim').day >= d + 1, [held.day], { timeout: 15_000, what: 'a day further after Play' });
      const later = await page.run(widget, 0);
      assert.notEqual(later.pictures[0].hash, held.pictures[0].hash, 'the picture changes while playing');
      assert.match(later.playText, /^Pause$/);
      await clean(page);
    },
  },
  {
    name: 'the keyboard: arrow keys move through the overlay radios and redraw the picture',
    async run(page, site) {
      await openDemo(page, site);
      await pauseByButton(page);
      const before = await page.run(widget, 0);
      await page.click(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('fieldset.overlay-choice input:checked'));
      await page.keys(['ArrowRight']);
      await page.poll(() => document.querySelector('polyamine-sim').getAttribute('overlay') === 'polyamine', [], { what: 'overlay=polyamine after ArrowRight' });
      const hazed = await page.run(widget, 0);
      assert.notEqual(hazed.pictures[0].hash, before.pictures[0].hash, 'the haze is drawn');
      assert.equal(hazed.day, before.day, 'an overlay does not step the simulation');
      await page.keys(['ArrowLeft']);
      await page.poll(() => document.querySelector('polyamine-sim').getAttribute('overlay') === 'cells', [], { what: 'overlay=cells after ArrowLeft' });
      assert.equal((await page.run(widget, 0)).pictures[0].hash, before.pictures[0].hash, 'back to the same cells picture');
      await clean(page);
    },
  },
  {
    name: 'a dose typed into the DFMO field restarts the run at day 0 with the new dose',
    async run(page, site) {
      await openDemo(page, site);
      await pauseAtDayZero(page);
      await page.run(() => document.querySelector('polyamine-sim').advance(5));
      const day5 = await page.run(widget, 0);
      assert.ok(Math.abs(day5.day - 5) < 1e-9, `advance(5) reaches day 5 (${day5.day})`);
      await page.run(() => {
        window.__changes = [];
        document.querySelector('polyamine-sim').addEventListener('statechange', (e) => window.__changes.push({ reason: e.detail.reason, day: e.detail.day, dose: e.detail.scenario?.dfmo?.dose_mg }));
      });
      await page.type(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('#dose-dfmo-dose-mg ~ input.number'), [], '1200\uE007');
      const changes = await page.poll(() => window.__changes.length && window.__changes, [], { what: 'a statechange after the typed dose' });
      assert.equal(changes.at(-1).day, 0, 'the run restarted at day 0');
      assert.equal(changes.at(-1).dose, 1200, 'with the typed dose in its scenario');
      const after = await page.run(widget, 0);
      assert.equal(after.attrs['dfmo-dose-mg'], '1200', 'the dose is reflected to the attribute');
      assert.equal(after.day, 0);
      assert.notEqual(after.pictures[0].hash, day5.pictures[0].hash, 'the picture was redrawn at day 0');
      await clean(page);
    },
  },
  {
    name: 'compare mode: the untreated arm beside the treated one, both drawn, different by day 20',
    async run(page, site) {
      await openDemo(page, site);
      await pauseByButton(page);
      await page.run(() => {
        const el = document.querySelector('polyamine-sim');
        el.setAttribute('preset', 'dfmo-amxt');
        el.setAttribute('compare', '');
        el.pause();
        el.advance(20);
      });
      const s = await page.run(widget, 0);
      assert.equal(s.pictures.length, 2, 'two pictures');
      assertDrawn(s, 'compare mode');
      const [a, b] = s.pictures;
      assert.ok(Math.abs(a.box[1] - b.box[1]) < 1 && b.box[0] > a.box[0] + a.box[2] - 1, `side by side at 1024 px: ${JSON.stringify([a.box, b.box])}`);
      assert.notEqual(a.hash, b.hash, 'treated and untreated differ on day 20');
      const headings = await page.run(() => [...document.querySelector('polyamine-sim').shadowRoot.querySelectorAll('.frame figcaption')].filter((f) => f.getClientRects().length).map((f) => f.textContent));
      assert.equal(headings.length, 2, `each picture has its heading: ${JSON.stringify(headings)}`);
      await clean(page);
    },
  },
  {
    name: 'embed.html takes its settings from the URL (German, the polyamine overlay, a preset) and fills a narrow frame',
    async run(page, site) {
      const layout = page.layouts ? '&layout=explorer' : '';
      // In an iframe 480 px wide on another site, as editors embed it.
      await page.goto(`${site.host}frame-host.html?width=480&height=700&src=${encodeURIComponent(`${site.url}embed.html?preset=dfmo-amxt&overlay=polyamine&lang=de&seed=5${layout}`)}`);
      await page.frame(0);
      try {
        await page.ready(1);
        const s = await page.run(widget, 0);
        assert.equal(s.lang, 'de', 'the page language follows lang');
        for (const [k, v] of [['preset', 'dfmo-amxt'], ['overlay', 'polyamine'], ['seed', '5'], ['lang', 'de']]) assert.equal(s.attrs[k], v, k);
        assert.match(s.status, /^Tag 0: /, `a German status line: ${s.status}`);
        const label = await page.run(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('label[for=preset]')?.textContent);
        assert.equal(label, de['control.treatment']);
        assertDrawn(s, 'embed.html');
        assert.ok(s.pageWidth <= 480 && s.hostWidth >= s.pageWidth - 24, `the widget fills the frame (${s.hostWidth} px of ${s.pageWidth})`);
        assert.equal(s.scrollsSideways, false, 'nothing sticks out sideways');
        await clean(page);
      } finally {
        await page.top();
      }
    },
  },
  {
    name: 'an article on a sub-path, one folder above the widget: two widgets (English, German) load the wasm and strings from under the prefix',
    async run(page, site) {
      await page.goto(`${site.sub}story.html`);
      await page.ready(2);
      const [a, b] = [await page.run(widget, 0), await page.run(widget, 1)];
      assertDrawn(a, 'the English widget');
      assertDrawn(b, 'the German widget');
      assert.notEqual(a.pictures[0].hash, b.pictures[0].hash, 'their own seeds and treatments');
      const labels = await page.run(() => [...document.querySelectorAll('polyamine-sim')].map((h) => h.shadowRoot.querySelector('label[for=preset]')?.textContent));
      assert.deepEqual(labels, [en['control.treatment'], de['control.treatment']]);
      const urls = await page.run(() => performance.getEntriesByType('resource').map((e) => e.name));
      for (const file of ['widget/polyamine_sim_bg.wasm', 'widget/i18n/en.json', 'widget/i18n/de.json', 'widget/sim-runner.js']) {
        assert.ok(urls.includes(`${site.sub}${file}`), `${file} came from under ${SUB_PREFIX}: ${JSON.stringify(urls)}`);
      }
      assert.ok(urls.every((u) => u.startsWith(site.sub)), 'every request stayed under the prefix');
      await clean(page);
    },
  },
  {
    name: 'embed.html in an iframe on another origin, under a sub-path: it draws and a click inside it works',
    async run(page, site) {
      await page.goto(`${site.host}frame-host.html?src=${encodeURIComponent(`${site.sub}widget/embed.html?overlay=cells`)}`);
      await page.frame(0);
      try {
        await page.ready(1);
        const s = await page.run(widget, 0);
        assertDrawn(s, 'the framed widget');
        assert.notEqual(await page.run(() => location.origin), new URL(site.host).origin, 'a cross-origin frame');
        await page.click(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('fieldset.overlay-choice input[value=polyamine]'));
        await page.poll(() => document.querySelector('polyamine-sim').getAttribute('overlay') === 'polyamine', [], { what: 'the overlay chosen inside the frame' });
        await clean(page);
      } finally {
        await page.top();
      }
    },
  },
  {
    name: 'axe-core finds no WCAG 2.1 A/AA violation: the demo with every control shown, and embed.html in German',
    async run(page, site) {
      const axe = () =>
        new Promise((resolve, reject) => {
          const run = () =>
            window.axe
              .run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
              .then(({ violations }) => resolve(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)), reject);
          if (window.axe) return run();
          // A same-origin script file: the strict CSP allows it (an inline one would be a violation).
          const s = document.createElement('script');
          s.src = new URL('__cross/axe.min.js', document.baseURI).href;
          s.onload = run;
          s.onerror = () => reject(new Error('axe.min.js did not load'));
          document.head.append(s);
        });
      await openDemo(page, site);
      await pauseByButton(page);
      await page.run(() => {
        const el = document.querySelector('polyamine-sim');
        el.setAttribute('compare', '');
        el.setAttribute('co-therapy', 'chemo');
        for (const d of el.shadowRoot.querySelectorAll('details')) d.open = true;
      });
      assert.deepEqual(await page.run(axe), [], 'the demo');
      await clean(page);
      await page.goto(`${site.url}embed.html?lang=de&overlay=perfusion`);
      await page.ready(1);
      assert.deepEqual(await page.run(axe), [], 'embed.html in German');
      await clean(page);
    },
  },
  {
    name: 'the platform features the widget uses are there (or it degrades, and the report says which)',
    async run(page, site, note) {
      await openDemo(page, site);
      const f = await page.run(() => ({
        'WebAssembly.instantiateStreaming': typeof WebAssembly?.instantiateStreaming === 'function',
        'constructable stylesheets': 'adoptedStyleSheets' in ShadowRoot.prototype && typeof CSSStyleSheet.prototype.replaceSync === 'function',
        IntersectionObserver: typeof IntersectionObserver === 'function',
        ResizeObserver: typeof ResizeObserver === 'function',
        structuredClone: typeof structuredClone === 'function',
        '<dialog>.showModal': typeof HTMLDialogElement?.prototype.showModal === 'function',
        'clipboard.writeText': typeof navigator.clipboard?.writeText === 'function',
        CompressionStream: typeof CompressionStream === 'function',
        'input.showPicker': typeof HTMLInputElement.prototype.showPicker === 'function',
        'canvas.toBlob': typeof HTMLCanvasElement.prototype.toBlob === 'function',
        'performance responseStatus': 'responseStatus' in (performance.getEntriesByType('resource')[0] ?? {}),
      }));
      const missing = Object.entries(f).filter(([, ok]) => !ok).map(([k]) => k);
      note(`features missing in ${page.engine}: ${missing.length ? missing.join(', ') : 'none'}`);
      // The widget cannot start without these; it has no fallback for them (docs/RELIABILITY.md "Degradation").
      for (const k of ['WebAssembly.instantiateStreaming', 'constructable stylesheets', 'IntersectionObserver', 'structuredClone']) assert.ok(f[k], `${k} (required)`);
      // Where the clipboard is refused, "Copy link" shows the link to copy by hand.
      await page.click(buttonNamed, '^Copy link$');
      const shown = await page.poll(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('.share-note')?.textContent, [], { what: 'the share note' });
      assert.ok(shown === en['control.copied'] || /embed\.html/.test(shown), `copied, or the link shown to copy by hand: ${shown}`);
      if (shown !== en['control.copied']) note(`clipboard refused in ${page.engine}: the link is shown to copy by hand`);
      await clean(page);
    },
  },

  // --- issue 14's layouts: run only where the element has the `layout` attribute ---
  {
    name: 'layout="story": Next and Back move through the steps, each setting its scenario, with storystep events',
    needs: 'layout',
    async run(page, site) {
      await page.goto(`${site.url}embed.html?layout=story`);
      await page.ready(1);
      await page.run(() => {
        window.__steps = [];
        document.querySelector('polyamine-sim').addEventListener('storystep', (e) => window.__steps.push(e.detail));
      });
      const first = await page.run(() => ({ step: document.querySelector('polyamine-sim').step, scenario: JSON.stringify(document.querySelector('polyamine-sim').scenario) }));
      assert.equal(first.step, 1, 'the story starts at step 1');
      assertDrawn(await page.run(widget, 0), 'step 1');
      await page.click(buttonNamed, '^(Next|Weiter)');
      const forward = await page.poll(() => window.__steps.length && window.__steps.at(-1), [], { what: 'a storystep after Next' });
      assert.equal(forward.step, 2, 'Next goes to step 2');
      assert.ok(forward.steps >= 7, `seven or more steps (${forward.steps})`);
      const second = await page.run(() => JSON.stringify(document.querySelector('polyamine-sim').scenario));
      assert.notEqual(second, first.scenario, 'step 2 sets its own scenario');
      await page.click(buttonNamed, '^(Back|Zurück)');
      const back = await page.poll(() => window.__steps.at(-1)?.step === 1 && window.__steps.at(-1), [], { what: 'a storystep after Back' });
      assert.equal(back.step, 1, 'Back returns to step 1');
      // Arrow keys move between steps when the story has focus.
      await page.keys(['ArrowRight']);
      await page.poll(() => window.__steps.at(-1)?.step === 2, [], { what: 'step 2 after ArrowRight' });
      assertDrawn(await page.run(widget, 0), 'step 2');
      await clean(page);
    },
  },
  {
    name: 'layout="figure": the sections (compare) play while in view, with a play/pause toggle',
    needs: 'layout',
    async run(page, site) {
      await page.goto(`${site.url}embed.html?layout=figure&preset=dfmo-amxt&compare&overlay=polyamine`);
      await page.ready(1);
      const s = await page.run(widget, 0);
      assert.equal(s.pictures.length, 2, 'compare: two pictures');
      assertDrawn(s, 'the figure');
      await page.poll((d) => document.querySelector('polyamine-sim').day > d, [s.day], { timeout: 15_000, what: 'the figure playing' });
      await clean(page);
    },
  },
  {
    name: 'layout="explorer": the full tool, with the chart and the dose–response curve; a dose change restarts',
    needs: 'layout',
    async run(page, site) {
      await page.goto(`${site.url}embed.html?layout=explorer`);
      await page.ready(1);
      assertDrawn(await page.run(widget, 0), 'the explorer');
      await page.poll(() => document.querySelector('polyamine-sim').shadowRoot.querySelectorAll('canvas').length >= 3, [], { what: 'the chart and the dose–response canvases' });
      await page.run(() => {
        const el = document.querySelector('polyamine-sim');
        el.pause();
        el.advance(3);
        el.setAttribute('dfmo-dose-mg', '900');
      });
      assert.equal((await page.run(widget, 0)).day, 0, 'a dose change restarts at day 0');
      await clean(page);
    },
  },
  {
    name: 'the iframe sizes itself: the host page follows embed.html\'s height messages as the layout changes',
    needs: 'layout',
    async run(page, site) {
      await page.goto(`${site.host}frame-host.html?src=${encodeURIComponent(`${site.sub}widget/embed.html?layout=story`)}`);
      const first = await page.poll(() => window.__heights.find((m) => m.type === 'polyamine-sim:height'), [], { timeout: 30_000, what: 'a height message from the frame' });
      await page.poll((h) => Math.abs(document.getElementById('frame').getBoundingClientRect().height - h) < 1, [first.height], { what: 'the iframe at the posted height' });
      await page.frame(0);
      try {
        await page.run(() => document.querySelector('polyamine-sim').setAttribute('layout', 'explorer'));
        await clean(page);
      } finally {
        await page.top();
      }
      const taller = await page.poll((h) => {
        const last = window.__heights.filter((m) => m.type === 'polyamine-sim:height').at(-1);
        return last && last.height > h + 100 && last;
      }, [first.height], { timeout: 30_000, what: 'a taller height once the explorer opened' });
      await page.poll((h) => Math.abs(document.getElementById('frame').getBoundingClientRect().height - h) < 1, [taller.height], { what: 'the iframe following' });
    },
  },
];
