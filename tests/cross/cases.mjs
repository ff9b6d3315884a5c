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
import { i18n } from '../page/helpers.mjs';
import { REPO, SUB_PREFIX } from './site.mjs';

const LATTICE_FIXTURE = JSON.parse(readFileSync(path.join(REPO, 'tests/fixtures/lattice-hash.json'), 'utf8'));
const NATIVE_CSV = readFileSync(path.join(REPO, 'tests/fixtures/bench-native.csv'), 'utf8');
// A language's strings, every part (common, story, explorer) in one object, as the widget shows them.
const de = i18n('de');
const en = i18n('en');

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
    // The status line ("Day 12: … tumour cells, …"), in every layout.
    status: root.querySelector('.status')?.textContent ?? [...root.querySelectorAll('p, div, output')].map((e) => e.textContent).find((t) => /^(Day|Tag) \d+: /.test(t)) ?? null,
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
      // Each in its language (the status line: "Day 0: …", "Tag 0: …"; any layout shows it).
      assert.match(a.status ?? '', /^Day \d+: /, `English: ${a.status}`);
      assert.match(b.status ?? '', /^Tag \d+: /, `German: ${b.status}`);
      const urls = await page.run(() => performance.getEntriesByType('resource').map((e) => e.name));
      for (const file of ['widget/polyamine_sim_bg.wasm', 'widget/i18n/en.json', 'widget/i18n/de.json', 'widget/polyamine_sim.js']) {
        assert.ok(urls.includes(`${site.sub}${file}`), `${file} came from under ${SUB_PREFIX}: ${JSON.stringify(urls)}`);
      }
      assert.ok(urls.every((u) => u.startsWith(site.sub)), 'every request stayed under the prefix');
      await clean(page);
    },
  },
  {
    name: 'embed.html in an iframe on another origin, under a sub-path: it draws and a click inside it works',
    async run(page, site) {
      const layout = page.layouts ? '&layout=explorer' : '';
      await page.goto(`${site.host}frame-host.html?src=${encodeURIComponent(`${site.sub}widget/embed.html?overlay=cells${layout}`)}`);
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
    name: 'the shipped wasm gives the native lattice after 2,000 steps, and the canvas shows its pixels exactly (tests/fixtures/lattice-hash.json)',
    async run(page, site) {
      await page.goto(`${site.url}embed.html?autoplay=false`);
      await page.ready(1);
      const r = await page.run(async (fixture) => {
        const glue = await import(new URL('polyamine_sim.js', document.baseURI).href);
        const wasm = await glue.default();
        const sim = new glue.TissueSim(fixture.scenario, fixture.side);
        sim.step(fixture.steps);
        const state = sim.state_hash();
        // render.rs pixel_hash: FNV-1a 64 over the RGBA bytes, in 32-bit halves.
        const fnv = (bytes) => {
          let hi = 0xcbf29ce4;
          let lo = 0x84222325;
          for (let i = 0; i < bytes.length; i++) {
            lo = (lo ^ bytes[i]) >>> 0;
            const l = lo * 0x1b3;
            hi = (hi * 0x1b3 + Math.floor(l / 0x100000000) + (lo << 8)) >>> 0;
            lo = l >>> 0;
          }
          return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
        };
        const side = sim.picture_side();
        const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
        const ctx = canvas.getContext('2d');
        const pixels = {};
        for (const overlay of Object.keys(fixture.pixels)) {
          sim.render(overlay);
          const view = new Uint8ClampedArray(wasm.memory.buffer, sim.pixels_ptr(), sim.pixels_len());
          ctx.putImageData(new ImageData(view, side, side), 0, 0);
          pixels[overlay] = { wasm: fnv(view), canvas: fnv(ctx.getImageData(0, 0, side, side).data) };
        }
        sim.free();
        return { state, pixels };
      }, LATTICE_FIXTURE);
      assert.equal(r.state, LATTICE_FIXTURE.hash, 'the lattice state hash equals the native one');
      for (const [overlay, want] of Object.entries(LATTICE_FIXTURE.pixels)) {
        assert.equal(r.pixels[overlay].wasm, want, `${overlay}: the picture in wasm memory equals the native one`);
        assert.equal(r.pixels[overlay].canvas, want, `${overlay}: the canvas read back shows exactly those pixels`);
      }
      await clean(page);
    },
  },
  {
    name: 'exports: toCSV() equals the command line\'s output byte for byte, toPNG() gives a PNG of the section and the chart',
    async run(page, site) {
      await page.goto(`${site.url}embed.html?preset=dfmo-amxt-chemo&autoplay=false${page.layouts ? '&layout=explorer' : ''}`);
      await page.ready(1);
      const csv = await page.run(() => document.querySelector('polyamine-sim').toCSV(1));
      assert.ok(csv === NATIVE_CSV, `the CSV equals tests/fixtures/bench-native.csv (${csv.length} against ${NATIVE_CSV.length} characters)`);
      const png = await page.run(async () => {
        const blob = await document.querySelector('polyamine-sim').toPNG();
        const img = new Image();
        img.src = URL.createObjectURL(blob); // blob: is in img-src
        await img.decode();
        return { type: blob.type, width: img.naturalWidth, height: img.naturalHeight };
      });
      assert.equal(png.type, 'image/png');
      assert.equal(png.width, 512, 'the section as drawn');
      assert.ok(png.height > 512 + 100, `the chart below it (${png.height} px)`);
      await clean(page);
    },
  },
  {
    name: 'the Embed dialog: opened with a click, code inside, Escape closes it and focus returns to its button',
    async run(page, site) {
      await openDemo(page, site);
      await pauseByButton(page);
      await page.click(buttonNamed, `^${en['embed.button']}$`);
      const open = await page.poll(() => {
        const root = document.querySelector('polyamine-sim').shadowRoot;
        const dialog = root.querySelector('dialog');
        return dialog?.open && { modal: dialog.matches(':modal'), focusInside: dialog.contains(root.activeElement), code: [...dialog.querySelectorAll('textarea')].map((t) => t.value) };
      }, [], { what: 'the dialog open' });
      assert.equal(open.modal, true, 'a modal dialog');
      assert.equal(open.focusInside, true, 'focus moved into the dialog');
      assert.match(open.code[0], /<polyamine-sim[\s>]/, 'the element code');
      assert.match(open.code[1], /<iframe [^>]*src="[^"]*embed\.html/, 'the iframe code');
      await page.keys(['Escape']);
      const after = await page.poll(() => {
        const root = document.querySelector('polyamine-sim').shadowRoot;
        return !root.querySelector('dialog').open && { focused: root.activeElement?.textContent ?? null };
      }, [], { what: 'the dialog closed' });
      assert.equal(after.focused, en['embed.button'], 'focus is back on the Embed button');
      await clean(page);
    },
  },
  {
    name: 'the widget animates only while in view: scrolled away it stops, scrolled back it goes on',
    async run(page, site) {
      await openDemo(page, site);
      await page.poll(() => document.querySelector('polyamine-sim').day > 0.5, [], { what: 'playing' });
      await page.run(() => {
        const spacer = Object.assign(document.createElement('div'), { id: 'spacer' });
        spacer.style.height = '300vh'; // CSSOM, not an inline style attribute: the strict CSP allows it
        document.body.append(spacer);
        window.scrollTo(0, document.documentElement.scrollHeight);
      });
      await page.poll(() => document.querySelector('polyamine-sim').getBoundingClientRect().bottom < 0, [], { what: 'the widget out of view' });
      await new Promise((r) => setTimeout(r, 300)); // the observer's callback
      const away = await page.run(() => document.querySelector('polyamine-sim').day);
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(await page.run(() => document.querySelector('polyamine-sim').day), away, 'out of view: the day holds');
      await page.run(() => window.scrollTo(0, 0));
      await page.poll((d) => document.querySelector('polyamine-sim').day > d + 0.5, [away], { what: 'in view again: the day goes on' });
      await clean(page);
    },
  },
  {
    name: 'axe-core finds no WCAG 2.1 A/AA violation: the explorer with every control shown, the story in German (steps 1 and 6) and a figure',
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
      if (page.layouts) {
        // The story on a later step (two pictures and a mark), and a figure with two pictures.
        await page.run(() => (document.querySelector('polyamine-sim').step = 6));
        await page.poll(() => document.querySelector('polyamine-sim').step === 6, [], { what: 'story step 6' });
        assert.deepEqual(await page.run(axe), [], 'the story in German, step 6');
        await page.goto(`${site.url}embed.html?layout=figure&preset=dfmo-amxt&compare&overlay=polyamine`);
        await page.ready(1);
        assert.deepEqual(await page.run(axe), [], 'a figure with two pictures');
        await clean(page);
      }
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
  {
    name: 'where an engine lacks a feature, the widget degrades: no WebAssembly, no constructable stylesheets (Safari before 16.4), no clipboard, no CompressionStream, no showPicker',
    async run(page, site, note) {
      // The full tool (the story ignores the picture's width and has no Copy link).
      const load = async (base, features, query = '') => {
        const layout = page.layouts ? `${query ? '&' : '?'}layout=explorer` : '';
        await page.goto(`${base}embed.html${query}${layout}#without=${features}`);
        const without = await page.run(() => window.__cross.without);
        assert.deepEqual(without, features.split(','), 'the recorder took the features away');
      };
      // No WebAssembly: the poster, one sentence in an alert and the link to the static page.
      await load(site.url, 'webassembly');
      await page.poll(() => window.__cross.events.some((e) => e.type === 'error'), [], { what: 'the error event' });
      const failed = await page.run(() => {
        const root = document.querySelector('polyamine-sim').shadowRoot;
        const img = root.querySelector('img.poster');
        return { poster: !!img && img.getClientRects().length > 0, alert: root.querySelector('[role=alert]')?.textContent ?? null, link: root.querySelector('a')?.getAttribute('href') ?? null };
      });
      assert.deepEqual(failed, { poster: true, alert: en['error.load'], link: `${site.url}about.html` }, 'poster, sentence and link');
      const t = await page.trouble();
      assert.deepEqual(t.violations, []);
      assert.ok(t.errors.length === 1 && /could not load the simulation/.test(t.errors[0]), `one console error naming the failure: ${JSON.stringify(t.errors)}`);
      note('without WebAssembly: the poster, a sentence and a link to about.html');

      // No constructable stylesheets: the stylesheet goes into the shadow root as a <style> element instead.
      await load(site.plain, 'constructable-stylesheets');
      await page.ready(1);
      const styled = await page.run(widget, 0);
      assertDrawn(styled, 'without constructable stylesheets');
      const look = await page.run(() => {
        const root = document.querySelector('polyamine-sim').shadowRoot;
        return { radius: getComputedStyle(root.querySelector('canvas.section')).borderTopLeftRadius, width: root.querySelector('canvas.section').getBoundingClientRect().width };
      });
      assert.equal(look.radius, '4px', 'the stylesheet applies (the section\'s rounded corners)');
      assert.equal(Math.round(look.width), Math.round(Math.min(styled.hostWidth, 640)), 'the picture as wide as the stylesheet makes it (at most 40rem)');
      await clean(page);
      // Under a strict style-src that <style> is refused (one violation): the widget still runs, unstyled.
      await load(site.url, 'constructable-stylesheets');
      await page.ready(1);
      assertDrawn(await page.run(widget, 0), 'without constructable stylesheets, strict CSP');
      const strict = await page.trouble();
      assert.ok(strict.violations.length >= 1 && strict.violations.every((v) => /^style-src/.test(v)), `only the inline stylesheet is refused: ${JSON.stringify(strict.violations)}`);
      assert.deepEqual(strict.errors, []);
      note('without constructable stylesheets: a <style> in the shadow root (unstyled under a strict style-src)');

      // No clipboard: "Copy link" shows the link to copy by hand.
      await load(site.url, 'clipboard', '?autoplay=false');
      await page.ready(1);
      await page.click(buttonNamed, `^${en['control.copyLink']}$`);
      const shown = await page.poll(() => document.querySelector('polyamine-sim').shadowRoot.querySelector('.share-note')?.textContent, [], { what: 'the share note' });
      assert.match(shown, /embed\.html/, 'the link shown to copy by hand');
      await clean(page);
      note('without the clipboard: the link is shown to copy by hand');

      // CompressionStream and showPicker: the widget does not need them.
      await load(site.url, 'compression-streams,show-picker');
      await page.ready(1);
      assertDrawn(await page.run(widget, 0), 'without CompressionStream and showPicker');
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
      const one = await page.run(widget, 0);
      assertDrawn(one, 'step 1');
      await page.click(buttonNamed, '^(Next|Weiter)');
      const forward = await page.poll(() => window.__steps.length && window.__steps.at(-1), [], { what: 'a storystep after Next' });
      assert.equal(forward.step, 2, 'Next goes to step 2');
      assert.ok(forward.steps >= 7, `seven or more steps (${forward.steps})`);
      const second = await page.run(() => JSON.stringify(document.querySelector('polyamine-sim').scenario));
      const two = await page.run(widget, 0);
      assert.ok(second !== first.scenario || two.pictures[0].hash !== one.pictures[0].hash, 'step 2 shows something else (its scenario, overlay or day)');
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
