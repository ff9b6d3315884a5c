// Share for <polyamine-sim>: the permalink (embed.html with every setting
// that differs from its default) and the Embed code (the tag with its script;
// an iframe of the permalink with the height of its layout; the same iframe
// sizing itself with pym.js). The settings are read through the one settings
// table (www/settings.js); URLs are relative to this module, so a link works
// from any host and sub-path. Saving files (PNG, CSV, clipboard) is in
// www/export.js, loaded only when used.

import { SETTINGS, TAG, attrText } from './settings.js';

/** Settings named in every link and snippet, even at their defaults. */
const ALWAYS = Object.freeze(['tumour', 'preset', 'days', 'seed']);

/**
 * The settings values `v` as attribute text: those that differ from their
 * defaults under the chosen preset and run length (read by `reader`, a
 * SettingsReader), the tumour, preset, days and seed always, and `lang`.
 */
export function attributesInUse(reader, v, lang) {
  const defaults = reader.read((attr) => (attr === 'preset' || attr === 'days' ? v[attr].toString() : null));
  const out = {};
  for (const s of SETTINGS) {
    const text = attrText(v, s.attr);
    if (ALWAYS.includes(s.attr) || text !== attrText(defaults, s.attr)) out[s.attr] = text;
  }
  if (out.params === '{}') delete out.params;
  out.lang = lang;
  return out;
}

/** A link to embed.html (next to this module) carrying `attrs` ({ name: text }) as URL parameters. */
export function permalink(attrs) {
  const url = new URL('./embed.html', import.meta.url);
  for (const [k, v] of Object.entries(attrs)) url.searchParams.set(k, v);
  return url.href;
}

/** Escape text for an HTML attribute value in the Embed dialog's snippets (shown as text, never parsed here). */
const attrEscape = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** Escape text for a JavaScript string in single quotes inside a <script> of the snippets. */
const jsString = (text) => `'${String(text).replace(/[\\'<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;

/**
 * The iframe heights of the Embed code, in CSS pixels, per layout: the story
 * fits 740 at 360 px wide and is at most 720 on a desktop; a figure, one
 * picture or two, on a phone or a desktop; the full tool on a desktop (on a
 * phone it is taller). Measured by tests/page/layouts.test.mjs, which fails
 * if a layout outgrows its height.
 * A frame that sizes itself (pym.js, or the postMessage of embed.js) starts
 * at this height and then follows the page.
 */
export const FRAME_HEIGHTS = Object.freeze({ story: 740, figure: 640, explorer: 2800 });

/** The attributes of the widget in `layout`: a story carries only its language and step (its steps set the rest); the default layout is not spelled out. */
export function layoutAttributes(attrs, layout) {
  const out = layout === 'story' ? { lang: attrs.lang, step: attrs.step } : { ...attrs, layout };
  if (layout !== 'figure') delete out.loop;
  if (layout !== 'story') {
    delete out.step;
    delete out['story-controls'];
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Copy-ready code for the ways to embed the widget with `attrs` in `layout`
 * (default the one in `attrs`, else the story): { tag, iframe, pym }.
 * `frameTitle` names the iframe.
 */
export function embedCode(attrs, frameTitle, layout = attrs.layout ?? 'story') {
  const a = layoutAttributes(attrs, layout);
  const attributes = Object.entries(a).map(([k, v]) => ` ${k}="${attrEscape(v)}"`).join('');
  const script = new URL('./polyamine-sim.js', import.meta.url).href;
  const link = permalink(a);
  const height = FRAME_HEIGHTS[layout];
  // A container id for pym.js, the same for the same link (so the code is reproducible).
  let hash = 0;
  for (const c of link) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const id = `polyamine-sim-${hash.toString(36)}`;
  const pym = new URL('./vendor/pym.v1.min.js', import.meta.url).href;
  return {
    tag: `<script type="module" src="${attrEscape(script)}"></script>\n<${TAG}${attributes}></${TAG}>`,
    iframe: `<iframe src="${attrEscape(link)}" title="${attrEscape(frameTitle)}" width="100%" height="${height}" loading="lazy"></iframe>`,
    pym:
      `<div id="${id}"></div>\n<script src="${attrEscape(pym)}"></script>\n` +
      `<script>new pym.Parent(${jsString(id)}, ${jsString(link)}, { title: ${jsString(frameTitle)} }).iframe.setAttribute('height', '${height}');</script>`,
  };
}
