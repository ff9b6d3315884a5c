// The DOM helpers every module of <polyamine-sim> uses: one way to make an
// element and one way to fill a string's {placeholders}. Text goes in only as
// text (textContent, text nodes): never parsed as HTML, so www/ runs under a
// strict Content-Security-Policy.

/**
 * A new element: `props` are assigned as properties (className, textContent,
 * htmlFor, …; never markup to parse), `children` appended (nodes or strings, which
 * become text nodes).
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {Array<Node | string>} [children]
 */
export function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Fill the {name} placeholders of a string template; unknown names stay as written. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/** A reader's string by key (www/i18n/<lang>.json); a missing key shows the key. */
export function translator(strings) {
  return (key) => strings?.[key] ?? key;
}
