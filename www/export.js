// Export for <polyamine-sim>: the PNG of the sections (and in the explorer
// the chart), saving a file, and copying text to the clipboard. Loaded by the
// explorer, and by the other layouts only when toPNG() is called.

import { el } from './dom.js';

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
 * site), and the chart canvas (the explorer's; none in the other layouts)
 * below at their full width.
 * @param {HTMLCanvasElement[]} sections
 * @param {HTMLCanvasElement | null} chart
 * @returns {Promise<Blob>}
 */
export function picturePNG(sections, chart = null) {
  return new Promise((resolve, reject) => {
    if (!sections.length) return reject(new Error('not ready'));
    const side = sections[0].width;
    const width = side * sections.length + GAP * (sections.length - 1);
    const chartHeight = chart ? Math.round((chart.height / chart.width) * width) : -GAP;
    const out = el('canvas', { width, height: side + GAP + chartHeight });
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.imageSmoothingEnabled = false;
    sections.forEach((canvas, i) => ctx.drawImage(canvas, i * (side + GAP), 0, side, side));
    ctx.imageSmoothingEnabled = true;
    if (chart) ctx.drawImage(chart, 0, side + GAP, width, chartHeight);
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}
