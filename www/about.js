// The "What is modelled, what is not" panel of <polyamine-sim>: the
// disclaimer, what is left out, the references, and every parameter's value
// and provenance from the schema ([A] values are labelled illustrative).

import { el, translator } from './dom.js';

export const ABOUT_CSS = `
.about { margin: 0.75em 0 0; font-size: 0.9em; }
.about summary { cursor: pointer; font-weight: 600; }
.about p, .about ul { margin: 0.4em 0; }
.about .params { max-height: 16em; overflow-y: auto; }
.about table { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 0.9em; }
.about th, .about td { text-align: left; padding: 0.1em 0.6em 0.1em 0; vertical-align: top; overflow-wrap: anywhere; }
`;

const REFERENCES = [
  'Bündgen G, et al. Polyamines regulate adaptive antitumor immunity by functional specialization of regulatory T cells. Immunity 2025.',
  'Kuznetsov VA, Makalkin IA, Taylor MA, Perelson AS. Nonlinear dynamics of immunogenic tumors. Bull Math Biol 1994;56:295–321.',
  'Haegele KD, et al. Kinetics of α-difluoromethylornithine. Clin Pharmacol Ther 1981;30:210.',
  'Qu N, et al. Biochem J 2003;375:465.',
  'de Pillis LG, et al. 2009 (BioModels BIOMD0000000779).',
  'Wu et al. Sci Adv 2020;6:eabc4275. Hayes et al. Cancer Immunol Res 2014;2:274. Facciabene et al. Nature 2011;475:226. Tian et al. Nature 2017;544:250.',
];

/** The panel as a closed <details>; `params` is the schema's parameter list. */
export function buildAbout(strings, lang, params) {
  const ids = `about-${++panels}`;
  const t = translator(strings);
  const provenance = (p) => (p.provenance.tag === 'A' ? `[A] ${t('about.illustrative')}` : `[${p.provenance.tag}] ${p.provenance.source}`);
  const rows = params.map((p) =>
    el('tr', {}, [
      el('td', {}, [el('code', { textContent: p.key })]),
      el('td', { textContent: `${p.default.toLocaleString(lang, { maximumSignificantDigits: 4 })} ${p.unit === '1' ? '' : p.unit}`.trim() }),
      el('td', { textContent: provenance(p) }),
    ]),
  );
  return el('details', { className: 'about' }, [
    el('summary', { textContent: t('about.title') }),
    el('p', { textContent: t('caption.disclaimer') }),
    el('p', { textContent: t('about.model') }),
    el('p', { textContent: t('about.not') }),
    el('p', { textContent: t('about.autoimmunity') }),
    el('p', { textContent: t('about.references') }),
    el('ul', {}, REFERENCES.map((r) => el('li', { textContent: r }))),
    el('p', { id: `${ids}-params`, textContent: t('about.params') }),
    // A scrolling box: focusable, so keyboard users can scroll it; named by the sentence above.
    scrollBox(el('div', { className: 'params', tabIndex: 0 }, [
      el('table', {}, [
        el('thead', {}, [el('tr', {}, [t('about.key'), t('about.value'), t('about.provenance')].map((h) => el('th', { scope: 'col', textContent: h })))]),
        el('tbody', {}, rows),
      ]),
    ]), `${ids}-params`),
  ]);
}

let panels = 0;

function scrollBox(box, labelId) {
  box.setAttribute('role', 'region');
  box.setAttribute('aria-labelledby', labelId);
  return box;
}
