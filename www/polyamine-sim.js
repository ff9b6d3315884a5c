// <polyamine-sim>: the embeddable widget. Include this module and place the
// element:
//
//   <script type="module" src="./polyamine-sim.js"></script>
//   <polyamine-sim inhibition="0.5"></polyamine-sim>
//
// Attribute `inhibition` (0..1): the polyamine inhibitor level.
// Events: `ready` (bubbles, composed) once a simulation has drawn its first
// frame; `error` (composed, does not bubble; detail: { message, error }) if the
// WebAssembly fails to load, in which case a text message replaces the picture.
//
// CSP-friendly: no inline styles (constructable stylesheet), no HTML parsing,
// no eval; every URL is relative to this module so it works from any path.

const TAG = 'polyamine-sim';

/** Simulation picture size in pixels; CSS scales it to the container. */
const SIM_WIDTH = 320;
const SIM_HEIGHT = 200;

const STYLE = `
:host { display: block; touch-action: pan-y; font: inherit; color: inherit; }
:host([hidden]), [hidden] { display: none !important; }
.frame { margin: 0; }
canvas {
  display: block; width: 100%; height: auto; image-rendering: pixelated;
  background: #ece6de; border-radius: 4px;
}
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 0.75em; margin-top: 0.5em; }
.controls input { flex: 1 1 8em; min-width: 0; margin: 0; accent-color: var(--polyamine-sim-accent, #0072b2); }
.controls output { min-width: 3.5em; font-variant-numeric: tabular-nums; text-align: right; }
.caption { margin: 0.5em 0 0; font-size: 0.9em; line-height: 1.4; }
.message { margin: 0; padding: 1em; border: 1px solid currentColor; border-radius: 4px; }
`;

let sheet = null;
/** One stylesheet shared by every instance. */
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

let wasmPromise = null;
/**
 * Load the glue and the wasm once for all instances. A dynamic relative
 * import, so a missing glue file is reported like a missing wasm file.
 * A failed load is forgotten, so an element connected later tries again.
 */
function loadWasm() {
  wasmPromise ??= import('./polyamine_sim.js')
    .then(async (glue) => ({ exports: await glue.default(), Simulation: glue.Simulation, version: glue.version() }))
    .catch((error) => {
      wasmPromise = null;
      throw error;
    });
  return wasmPromise;
}

/** Parse the `inhibition` attribute; returns { value, bad } with value in [0, 1]. */
function parseInhibition(text) {
  if (text === null) return { value: 0, bad: false };
  const n = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(n)) return { value: 0, bad: true };
  const value = Math.min(1, Math.max(0, n));
  return { value, bad: value !== n };
}

const percent = (level) => `${Math.round(level * 100)}%`;

/** Text alternative for the picture at inhibitor `level`. */
function describe(level) {
  const scene =
    level < 0.25
      ? 'a dense orange polyamine haze fills the tumour and the T cells (blue dots) stall at its edge'
      : level < 0.75
        ? 'the orange polyamine haze is thinning and the T cells (blue dots) reach part way into the tumour'
        : 'the polyamine haze is mostly cleared and the T cells (blue dots) reach the tumour core';
  return `Tumour (grey-blue disc) with polyamine inhibitor at ${percent(level)}: ${scene}.`;
}

function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

class PolyamineSim extends HTMLElement {
  static observedAttributes = ['inhibition'];

  #canvas;
  #ctx;
  #slider;
  #output;
  #message;
  #content;
  #level = 0;
  #wasm = null; // { exports, Simulation, version } once loaded
  #sim = null;
  #image = null; // ImageData over wasm memory
  #buffer = null; // the wasm memory ArrayBuffer #image views
  #frame = 0;
  #session = 0; // bumped on connect/disconnect, so a late wasm load is ignored

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    this.#build(root);
  }

  /** The inhibitor level in [0, 1]; setting it sets the attribute. */
  get inhibition() {
    return this.#level;
  }

  set inhibition(level) {
    this.setAttribute('inhibition', String(level));
  }

  connectedCallback() {
    // A value set on the element before this class was defined shadows the accessor.
    if (Object.hasOwn(this, 'inhibition')) {
      const level = this.inhibition;
      delete this.inhibition;
      this.inhibition = level;
    }
    const session = ++this.#session;
    loadWasm().then(
      (wasm) => session === this.#session && this.#start(wasm),
      (error) => session === this.#session && this.#fail(error),
    );
  }

  disconnectedCallback() {
    this.#session++;
    this.#stop();
  }

  attributeChangedCallback(name, _old, text) {
    const { value, bad } = parseInhibition(text);
    if (bad) console.warn(`<${TAG}>: attribute inhibition="${text}" is not a number in 0..1; using ${value}.`);
    this.#setLevel(value);
  }

  #build(root) {
    const id = 'inhibitor';
    this.#canvas = el('canvas', { width: SIM_WIDTH, height: SIM_HEIGHT });
    this.#canvas.setAttribute('role', 'img');
    this.#ctx = this.#canvas.getContext('2d');
    this.#slider = el('input', { type: 'range', id, min: '0', max: '1', step: '0.01', value: '0' });
    this.#slider.addEventListener('input', () => this.#setLevel(Number(this.#slider.value)));
    this.#output = el('output', { htmlFor: id });
    this.#output.setAttribute('aria-hidden', 'true'); // the slider's aria-valuetext says it
    this.#content = el('div', {}, [
      el('figure', { className: 'frame' }, [this.#canvas]),
      el('div', { className: 'controls' }, [
        el('label', { htmlFor: id, textContent: 'Polyamine inhibitor' }),
        this.#slider,
        this.#output,
      ]),
      el('p', {
        className: 'caption',
        textContent:
          'Tumours make polyamines (orange haze) that disarm the T cells (blue dots) sent to attack them. ' +
          'A polyamine inhibitor (DFMO + AMXT 1501) clears the haze and lets the T cells in. Illustrative model.',
      }),
    ]);
    this.#message = el('p', { className: 'message', hidden: true });
    this.#message.setAttribute('role', 'alert');
    root.append(this.#content, this.#message);
    this.#showLevel();
  }

  /** Apply a level from the attribute or the slider. */
  #setLevel(level) {
    this.#level = level;
    this.#showLevel();
    if (this.#sim) {
      this.#sim.set_inhibition(level);
      this.#sim.render();
      this.#draw();
    }
  }

  #showLevel() {
    const text = percent(this.#level);
    if (Number(this.#slider.value) !== this.#level) this.#slider.value = String(this.#level);
    this.#slider.setAttribute('aria-valuetext', text);
    this.#output.value = text;
    this.#canvas.setAttribute('aria-label', describe(this.#level));
  }

  #start(wasm) {
    this.#wasm = wasm;
    this.#sim = new wasm.Simulation(SIM_WIDTH, SIM_HEIGHT);
    this.#canvas.width = this.#sim.width();
    this.#canvas.height = this.#sim.height();
    this.#buffer = null;
    this.#setLevel(this.#level); // renders and draws the first frame
    this.#content.hidden = false;
    this.#message.hidden = true;
    this.dispatchEvent(new CustomEvent('ready', { bubbles: true, composed: true, detail: { version: wasm.version } }));
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) this.#frame = requestAnimationFrame(this.#tick);
  }

  #tick = () => {
    this.#sim.step(1);
    this.#sim.render();
    this.#draw();
    this.#frame = requestAnimationFrame(this.#tick);
  };

  #stop() {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#sim?.free();
    this.#sim = null;
    this.#image = null;
    this.#buffer = null;
  }

  /** Copy the wasm RGBA buffer to the canvas, re-viewing memory if it grew. */
  #draw() {
    const buffer = this.#wasm.exports.memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      const view = new Uint8ClampedArray(buffer, this.#sim.pixels_ptr(), this.#sim.pixels_len());
      this.#image = new ImageData(view, this.#sim.width(), this.#sim.height());
    }
    this.#ctx.putImageData(this.#image, 0, 0);
  }

  #fail(error) {
    const message = 'The simulation could not be loaded. Please try reloading the page.';
    console.error(`<${TAG}>: could not load the WebAssembly module:`, error);
    this.#message.textContent = message;
    this.#message.hidden = false;
    this.#content.hidden = true;
    this.dispatchEvent(new CustomEvent('error', { composed: true, detail: { message, error } }));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, PolyamineSim);
