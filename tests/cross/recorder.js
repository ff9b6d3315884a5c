// The cross-engine suite's recorder (tests/cross/run.mjs): a classic script
// the suite's copy of dist/ loads first in every page (a same-origin file,
// so the strict CSP allows it; module scripts run after it). WebDriver
// classic has no console log and no event stream, so the page records what
// the tests assert on, in window.__cross:
//   errors      console.error calls, uncaught exceptions, unhandled rejections, failed <img>/<script>/<link> loads
//   warnings    console.warn calls
//   violations  securitypolicyviolation events (directive and blocked URI)
//   events      the widgets' ready / error events, in order
//   resources   every URL the page fetched (resource timing, buffered)
//   defined     what the first widget showed when the element was defined (the poster, before any wasm)
//   firstFrame  what it showed at its `ready` event (day 0, drawn by the wasm), with the pixels kept
//
// It can also take platform features away before the widget's modules run,
// to test how the widget degrades where an engine lacks them: a URL
// fragment `#without=webassembly,constructable-stylesheets,clipboard,
// compression-streams,show-picker` (a fragment, so embed.html's query
// parameters are untouched); window.__cross.without lists what was removed.
(() => {
  const without = (/[#&]without=([^&]*)/.exec(location.hash)?.[1] ?? '').split(',').filter(Boolean);
  const REMOVE = {
    webassembly: () => delete window.WebAssembly,
    // As before Safari 16.4: no adoptedStyleSheets, and CSSStyleSheet not constructible.
    'constructable-stylesheets': () => {
      for (const proto of [ShadowRoot.prototype, Document.prototype]) delete proto.adoptedStyleSheets;
      const Sheet = window.CSSStyleSheet;
      delete Sheet.prototype.replaceSync;
      delete Sheet.prototype.replace;
      const Illegal = function CSSStyleSheet() {
        throw new TypeError('Illegal constructor');
      };
      Illegal.prototype = Sheet.prototype;
      window.CSSStyleSheet = Illegal;
    },
    clipboard: () => Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined }),
    'compression-streams': () => {
      delete window.CompressionStream;
      delete window.DecompressionStream;
    },
    'show-picker': () => delete HTMLInputElement.prototype.showPicker,
  };
  for (const f of without) {
    if (!REMOVE[f]) throw new Error(`recorder: unknown feature to remove: ${f}`);
    REMOVE[f]();
  }

  const rec = {
    errors: [],
    warnings: [],
    violations: [],
    events: [],
    resources: [],
    defined: null,
    firstFrame: null,
    without,
  };
  window.__cross = rec;
  const text = (v) => {
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (typeof v === 'string') return v;
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  };
  for (const [level, list] of [['error', rec.errors], ['warn', rec.warnings]]) {
    const original = console[level];
    console[level] = function (...args) {
      list.push(args.map(text).join(' '));
      return original.apply(this, args);
    };
  }
  // Capture phase on window: sees uncaught errors (ErrorEvent), failed
  // resource loads (a plain Event at the element, which does not bubble) and
  // the widget's composed `error` CustomEvent.
  window.addEventListener(
    'error',
    (e) => {
      if (e instanceof CustomEvent) return;
      if (e instanceof ErrorEvent) rec.errors.push(`uncaught ${e.message} (${e.filename}:${e.lineno})`);
      else if (e.target && e.target !== window) rec.errors.push(`failed to load ${e.target.src || e.target.href || e.target.tagName}`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (e) => rec.errors.push(`unhandled rejection ${text(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => rec.violations.push(`${e.violatedDirective}: ${e.blockedURI}`), true);

  for (const type of ['ready', 'error', 'storystep']) {
    window.addEventListener(
      type,
      (e) => {
        if (!(e instanceof CustomEvent)) return;
        const host = e.composedPath()[0];
        const index = [...document.querySelectorAll('polyamine-sim')].indexOf(host);
        rec.events.push({ type, index, detail: type === 'error' ? { message: e.detail?.message, error: text(e.detail?.error) } : e.detail ?? null });
        if (type === 'ready' && !rec.firstFrame && index === 0) rec.firstFrame = snapshot(host);
      },
      true,
    );
  }

  /** What a widget shows: its poster, its canvases (size, painted fraction, a copy of the first one's pixels) and its day. */
  function snapshot(host) {
    const root = host.shadowRoot;
    const poster = root?.querySelector('img.poster');
    const canvases = [...(root?.querySelectorAll('canvas.section') ?? [])];
    const out = { day: host.day, poster: poster ? poster.getAttribute('src') : null, canvases: canvases.length, width: 0, height: 0, painted: 0, pixels: null };
    const canvas = canvases[0];
    if (canvas && canvas.width) {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] === 255) opaque++;
      Object.assign(out, { width: canvas.width, height: canvas.height, painted: opaque / (data.length / 4), pixels: data });
    }
    return out;
  }

  // The element is defined by its module, which runs after this script and
  // before the wasm can have arrived; it reads its settings (and puts up the
  // poster) a microtask after it connects. A task later, what it shows is
  // the poster (`ready` says whether the wasm had arrived).
  customElements.whenDefined('polyamine-sim').then(() =>
    setTimeout(() => {
      const host = document.querySelector('polyamine-sim');
      if (host) rec.defined = { ...snapshot(host), pixels: null, ready: rec.events.some((e) => e.type === 'ready') };
    }),
  );

  const keep = (entries) => {
    for (const e of entries) rec.resources.push({ url: e.name, type: e.initiatorType, status: e.responseStatus ?? null });
  };
  if (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes?.includes('resource')) {
    new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: 'resource', buffered: true });
  } else {
    rec.resourcesUnobserved = true;
  }
})();
