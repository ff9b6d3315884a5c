// embed.html: the iframe page. Settings come as URL query parameters with the
// element's attribute names (www/settings.js), e.g.
//   embed.html?layout=figure&preset=dfmo-amxt&compare&overlay=polyamine&lang=de
// Values pass to the element unchanged; it clamps bad ones and warns, like
// attributes. An unknown parameter is named in a console warning. A separate
// file, not an inline script, so a strict Content-Security-Policy needs no
// exception.
//
// The frame tells the page around it how tall it is, so the iframe can follow
// the widget (a story step, the explorer opening): through pym.js (NPR's
// protocol, child side) when a pym.Parent made the frame (it adds childId to
// the URL), else as a plain message, { type: 'polyamine-sim:height', height }
// (CSS pixels), posted to the parent. Both start once the widget is ready, so
// the iframe keeps the height it was given until then. docs/EMBEDDING.md has
// the host page's side of both.

// (Bundled, settings.js is part of the element's module: importing it defines
// the element before this script runs. The element reads its settings a
// microtask after it connects, so it still starts with the URL's.)
import { SETTINGS } from './settings.js';

const NAMES = [...SETTINGS.map((s) => s.attr), 'lang'];
/** What pym.Parent adds to the frame's URL: not settings, and no warning. */
const PYM_PARAMS = ['initialWidth', 'childId', 'parentTitle', 'parentUrl'];
/** The plain message's type (for pages without pym.js). */
const HEIGHT_MESSAGE = 'polyamine-sim:height';

const params = new URLSearchParams(location.search);
const widget = document.querySelector('polyamine-sim');
for (const [name, value] of params) {
  if (NAMES.includes(name)) {
    widget.setAttribute(name, value);
    if (name === 'lang') document.documentElement.lang = value;
  } else if (!PYM_PARAMS.includes(name)) {
    console.warn(`embed.html: unknown URL parameter "${name}" ignored; valid: ${NAMES.join(', ')}`);
  }
}

/** pym.js's Child, loaded from this site (vendor/pym.v1.min.js, npm pym.js 1.3.2) only when a pym.Parent framed the page. */
function pymChild() {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: new URL('./vendor/pym.v1.min.js', import.meta.url).href });
    script.addEventListener('load', () => resolve(new window.pym.Child()));
    script.addEventListener('error', reject);
    document.head.append(script);
  });
}

if (window.parent !== window) {
  widget.addEventListener(
    'ready',
    async () => {
      let send;
      if (params.has('childId')) {
        const child = await pymChild();
        send = () => child.sendHeight();
      } else {
        send = () => window.parent.postMessage({ type: HEIGHT_MESSAGE, height: Math.ceil(document.body.getBoundingClientRect().height) }, '*');
      }
      // Once per frame at most, whenever the page's height changes (and once now).
      let pending = false;
      new ResizeObserver(() => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          send();
        });
      }).observe(document.body);
    },
    { once: true },
  );
}
