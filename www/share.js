// Share and export for <polyamine-sim>: the permalink (embed.html with every
// setting that differs from its default), the Embed code (the tag with its
// script, and an iframe of the permalink), the PNG of the sections and the
// chart, and saving a file. The settings are read through the one settings
// table (www/settings.js); URLs are relative to this module, so a link works
// from any host and sub-path.

import { el } from './dom.js';
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

/** Copy-ready code for both ways to embed the widget with `attrs`: { tag, iframe }; `frameTitle` names the iframe. */
export function embedCode(attrs, frameTitle) {
  const attributes = Object.entries(attrs).map(([k, v]) => ` ${k}="${attrEscape(v)}"`).join('');
  const script = new URL('./polyamine-sim.js', import.meta.url).href;
  return {
    tag: `<script type="module" src="${attrEscape(script)}"></script>\n<${TAG}${attributes}></${TAG}>`,
    iframe: `<iframe src="${attrEscape(permalink(attrs))}" title="${attrEscape(frameTitle)}" width="100%" height="1600" loading="lazy"></iframe>`,
  };
}

/** Copy `text` to the clipboard: true if copied, false where the clipboard is refused (show it to copy by hand). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Save a Blob under `name` (a temporary link; the object URL is released after). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Gap between the pictures, and above the chart, in the PNG (pixels). */
const GAP = 16;

/**
 * A PNG Blob: the section canvases side by side, as drawn (two pixels a
 * site), and the chart canvas below at their full width.
 * @param {HTMLCanvasElement[]} sections
 * @param {HTMLCanvasElement} chart
 * @returns {Promise<Blob>}
 */
export function picturePNG(sections, chart) {
  return new Promise((resolve, reject) => {
    if (!sections.length) return reject(new Error('not ready'));
    const side = sections[0].width;
    const width = side * sections.length + GAP * (sections.length - 1);
    const chartHeight = Math.round((chart.height / chart.width) * width);
    const out = el('canvas', { width, height: side + GAP + chartHeight });
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.imageSmoothingEnabled = false;
    sections.forEach((canvas, i) => ctx.drawImage(canvas, i * (side + GAP), 0, side, side));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(chart, 0, side + GAP, width, chartHeight);
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}
