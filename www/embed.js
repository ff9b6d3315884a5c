// embed.html: the iframe page. Settings come as URL query parameters with the
// element's attribute names (www/settings.js), e.g.
//   embed.html?preset=dfmo-amxt&overlay=polyamine&lang=de&seed=3
// Values pass to the element unchanged; it clamps bad ones and warns, like
// attributes. An unknown parameter is named in a console warning. A separate
// file, not an inline script, so a strict Content-Security-Policy needs no
// exception.

import { SETTINGS } from './settings.js';

const NAMES = [...SETTINGS.map((s) => s.attr), 'lang'];

const widget = document.querySelector('polyamine-sim');
for (const [name, value] of new URLSearchParams(location.search)) {
  if (NAMES.includes(name)) {
    widget.setAttribute(name, value);
    if (name === 'lang') {
      document.documentElement.lang = value;
      // The no-JavaScript fallback links to the static page in the reader's language.
      if (value.toLowerCase().startsWith('de')) widget.querySelector('a[href="./about.html"]')?.setAttribute('href', './about.de.html');
    }
  } else {
    console.warn(`embed.html: unknown URL parameter "${name}" ignored; valid: ${NAMES.join(', ')}`);
  }
}
