// The Embed dialog of <polyamine-sim>: copy-ready code for the ways to put
// the widget, with the current settings, on another page (the element with
// its script, or an iframe of embed.html; in the widget also the iframe that
// sizes itself with pym.js), for the layout the editor chooses (story,
// figure or the full tool: each iframe snippet has that layout's height). A
// native modal <dialog> (focus kept inside, Escape closes); the code is shown
// as text in read-only textareas, never parsed; Copy uses the clipboard, or
// selects the text and says how to copy it where the clipboard is refused.

import { el, translator } from './dom.js';

export const EMBED_DIALOG_CSS = `
.embed-dialog { box-sizing: border-box; inline-size: min(44rem, calc(100vw - 2em)); max-block-size: calc(100vh - 2em); padding: 1em 1.25em; border: 1px solid #8c959f; border-radius: 6px; color: #1f2328; background: #fff; font: inherit; }
.embed-dialog::backdrop { background: rgb(0 0 0 / 0.45); }
.embed-dialog h2 { margin: 0 0 0.3em; font-size: 1.15em; }
.embed-dialog p { margin: 0 0 0.6em; }
.embed-snippet { margin: 0 0 0.9em; }
.embed-snippet label { display: block; margin-bottom: 0.2em; font-weight: 600; }
.embed-snippet textarea { box-sizing: border-box; display: block; inline-size: 100%; min-block-size: 5.5em; padding: 0.3em; resize: vertical; font: 0.85em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1f2328; background: #f6f8fa; border: 1px solid #8c959f; border-radius: 3px; }
.embed-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3em 0.75em; margin-top: 0.3em; }
.embed-dialog button { font: inherit; padding: 0.2em 0.8em; }
.embed-dialog output { font-size: 0.9em; }
.embed-close { display: flex; justify-content: flex-end; }
.embed-layout { display: flex; flex-wrap: wrap; gap: 0.2em 1em; margin: 0 0 0.8em; padding: 0; border: 0; min-inline-size: 0; }
.embed-layout legend { padding: 0; font-weight: 600; }
.embed-layout label { display: inline-flex; align-items: center; gap: 0.3em; }
`;

let dialogs = 0; // ids unique in the page, so several widgets in one tree never clash

/**
 * The Embed button and its dialog (put both in the element's tree).
 * @param {Record<string,string>} strings
 * @param {(layout?: string) => { tag: string, iframe: string, pym?: string }} getCode the snippets for a layout, asked for each time the dialog opens or the layout changes
 * @param {{ layouts?: readonly string[], layout?: string }} [options] with `layouts`, a choice of layout (and the pym.js snippet); `layout` checked at first
 * @returns {{ button: HTMLButtonElement, dialog: HTMLDialogElement }}
 */
export function buildEmbed(strings, getCode, options = {}) {
  const t = translator(strings);
  const id = `embed-${++dialogs}`;
  const button = el('button', { type: 'button', textContent: t('embed.button') });
  button.setAttribute('aria-haspopup', 'dialog');
  const snippet = (which, labelKey, copyKey) => {
    const areaId = `${id}-${which}`;
    const area = el('textarea', { id: areaId, readOnly: true, rows: which === 'iframe' ? 3 : 4, spellcheck: false });
    area.setAttribute('autocomplete', 'off');
    area.setAttribute('autocapitalize', 'off');
    const status = el('output', { htmlFor: areaId });
    status.setAttribute('aria-live', 'polite');
    const copy = el('button', { type: 'button', textContent: t(copyKey) });
    copy.addEventListener('click', async () => {
      for (const s of snippets) s.status.textContent = '';
      try {
        await navigator.clipboard.writeText(area.value);
        status.textContent = t('embed.copied');
      } catch {
        // Clipboard refused (permissions, an insecure page, an old browser): select it for Ctrl+C.
        area.focus();
        area.select();
        status.textContent = t('embed.copyManual');
      }
    });
    const node = el('div', { className: 'embed-snippet' }, [el('label', { htmlFor: areaId, textContent: t(labelKey) }), area, el('div', { className: 'embed-row' }, [copy, status])]);
    return { which, area, status, node };
  };
  const snippets = [snippet('tag', 'embed.tag', 'embed.copyTag'), snippet('iframe', 'embed.iframe', 'embed.copyIframe')];
  if (options.layouts) snippets.push(snippet('pym', 'embed.pym', 'embed.copyPym'));
  let layout = options.layout;
  const fill = () => {
    const code = options.layouts ? getCode(layout) : getCode();
    for (const s of snippets) {
      s.area.value = code[s.which] ?? '';
      s.status.textContent = '';
    }
  };
  // The layout to embed: each radio's label names it; changing it refills the snippets.
  const choice = options.layouts
    ? el('fieldset', { className: 'embed-layout' }, [
        el('legend', { textContent: t('embed.layout') }),
        ...options.layouts.map((l) => {
          const input = el('input', { type: 'radio', name: `${id}-layout`, value: l, checked: l === layout });
          input.addEventListener('change', () => {
            if (!input.checked) return;
            layout = l;
            fill();
          });
          return el('label', {}, [input, t(`embed.layout.${l}`)]);
        }),
      ])
    : null;
  const close = el('button', { type: 'button', textContent: t('embed.close') });
  const titleId = `${id}-title`;
  const dialog = el('dialog', { className: 'embed-dialog' }, [
    el('h2', { id: titleId, textContent: t('embed.title') }),
    el('p', { textContent: t('embed.intro') }),
    ...(choice ? [choice] : []),
    ...snippets.map((s) => s.node),
    el('div', { className: 'embed-close' }, [close]),
  ]);
  dialog.setAttribute('aria-labelledby', titleId);
  close.addEventListener('click', () => dialog.close());
  // Escape closes natively; every way out returns focus to the button.
  dialog.addEventListener('close', () => button.focus());
  button.addEventListener('click', () => {
    fill();
    if (!dialog.open) dialog.showModal();
    snippets[0].area.scrollTop = 0;
  });
  return { button, dialog };
}
