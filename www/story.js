// The story layout of <polyamine-sim> (layout="story", the default): the
// section, the current step's text, Back / Next and the step dots, the
// status line, and a highlight mark drawn over the picture with its words in
// the DOM. The steps are data (www/story-steps.js, words in
// i18n/<lang>.story.json); the element (www/polyamine-sim.js) plays them:
// it sets each step's scenario and overlay, runs the section from the step's
// first to its last day and holds there. This part only shows them.
//
// Loaded only for the story (www/assets.js loadLayout). Keyboard: the arrow
// keys (and Home, End) move between steps when the focus is in the story;
// the step's text is a polite live region. Marks are plain elements drawn by
// the stylesheet (a ring, or an arrow: a line and a head), hidden from
// assistive technology; their words are text beside them. Their place comes
// through CSS custom properties set with CSSOM, which a strict CSP allows.

import { el, format, translator } from './dom.js';
import { STORY } from './story-steps.js';

export { STORY };

/** The step range the settings reader checks `step` against. */
export const VIEW_RANGES = Object.freeze({ step: { min: 1, max: STORY.steps.length, default: 1 } });

// The step's number (.story-count) is read out with its words, and hidden:
// the dots show it.
export const CSS = `
.story { display: grid; gap: 0.5em; }
.story .views { flex-wrap: nowrap; gap: 0.5em; }
.story .views.compare figcaption { font-size: 0.8em; line-height: 1.25; font-weight: 600; }
.story .frame { flex: 1 1 0; max-width: none; }
.story-text { min-width: 0; }
.story-count { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; margin: 0; }
.story-title { margin: 0; font-size: 1.05em; line-height: 1.3; }
.story-body { margin: 0.15em 0 0; font-size: 0.95em; line-height: 1.4; }
.story-nav { display: flex; align-items: center; gap: 0.2em; margin-top: 0.4em; }
.story-nav ol { display: flex; flex-wrap: nowrap; justify-content: center; gap: 0; margin: 0; padding: 0; list-style: none; flex: 1 1 auto; min-width: 0; }
.story-nav .dot { inline-size: 24px; block-size: 24px; padding: 0; border: 0; background: none; display: grid; place-items: center; cursor: pointer; }
.story-nav .dot::before { content: ""; inline-size: 10px; block-size: 10px; border-radius: 50%; border: 2px solid var(--polyamine-sim-accent, #0072b2); }
.story-nav .dot[aria-current="step"]::before { background: var(--polyamine-sim-accent, #0072b2); }
.story-nav .move { flex: none; padding: 0.2em 0.45em; font-size: 0.9em; }
.story .explore { margin-top: 0.5em; font-weight: 600; }
.story .status { font-size: 0.85em; line-height: 1.35; margin-top: 0.4em; }
.story .science { font-size: 0.8em; line-height: 1.35; margin-top: 0.3em; }
.story.hosted .story-nav { display: none; }
.mark { position: absolute; pointer-events: none; }
.mark.ring {
  left: calc(var(--x) - var(--r)); top: calc(var(--y) - var(--r)); inline-size: calc(2 * var(--r)); aspect-ratio: 1;
  border-radius: 50%; border: 2.5px solid #fff; box-shadow: 0 0 0 1.5px rgb(0 0 0 / 0.7), inset 0 0 0 1.5px rgb(0 0 0 / 0.7);
}
.mark.arrow {
  left: var(--x1); top: var(--y1); inline-size: var(--len); block-size: 3px; margin-top: -1.5px;
  background: #fff; box-shadow: 0 0 0 1.5px rgb(0 0 0 / 0.7); transform-origin: 0 50%; transform: rotate(var(--angle));
}
.mark.arrow::after {
  content: ""; position: absolute; right: -2px; top: -5px; inline-size: 12px; block-size: 13px;
  background: #fff; clip-path: polygon(0 0, 100% 50%, 0 100%);
}
@media (prefers-reduced-motion: no-preference) {
  .mark { animation: mark-pulse 1.6s ease-in-out 3; }
  @keyframes mark-pulse { 50% { opacity: 0.35; } }
}
.mark-words {
  position: absolute; left: var(--x); transform: translateX(-50%);
  max-inline-size: 70%; margin: 0; padding: 0.1em 0.4em; border-radius: 3px;
  font-size: 0.8em; line-height: 1.25; text-align: center; font-weight: 600;
  color: #1f2328; background: rgb(255 255 255 / 0.9); box-shadow: 0 0 0 1px rgb(0 0 0 / 0.25);
}
.mark-words.below { top: calc(var(--y) + 0.4em); }
.mark-words.above { bottom: calc(100% - var(--y) + 0.4em); }
.views.compare .mark-words { left: 50%; max-inline-size: 92%; font-size: 0.7em; }
@container (min-width: 46rem) {
  .story { grid-template-columns: minmax(0, 3fr) minmax(15rem, 2fr); max-inline-size: 58rem; margin: 0 auto; align-items: start; gap: 1.25em; }
  .story:has(.views.compare) { grid-template-columns: minmax(0, 2fr) minmax(15rem, 1fr); }
  .story-title { font-size: 1.25em; }
  .story-body { font-size: 1em; }
}`;

/** A mark over a picture (a ring, or an arrow from x1, y1 to x, y; in per cent of the picture) and its words. */
function markNodes(mark, words) {
  const shape = el('div', { className: `mark ${mark.shape === 'arrow' ? 'arrow' : 'ring'}` });
  shape.setAttribute('aria-hidden', 'true');
  const set = (node, props) => Object.entries(props).forEach(([k, v]) => node.style.setProperty(`--${k}`, v));
  let at;
  if (mark.shape === 'arrow') {
    // The picture is square: per cent of its width measure both ways.
    set(shape, { x1: `${mark.x1}%`, y1: `${mark.y1}%`, len: `${Math.hypot(mark.x - mark.x1, mark.y - mark.y1)}%`, angle: `${Math.atan2(mark.y - mark.y1, mark.x - mark.x1)}rad` });
    at = [mark.x1, mark.y1];
  } else {
    set(shape, { x: `${mark.x}%`, y: `${mark.y}%`, r: `${mark.r}%` });
    at = [mark.x, mark.place === 'above' ? mark.y - mark.r : mark.y + mark.r];
  }
  // The words: below or above the ring (or the arrow's tail).
  const p = el('p', { className: `mark-words ${mark.place === 'above' ? 'above' : 'below'}`, textContent: words });
  set(p, { x: `${Math.min(70, Math.max(30, at[0]))}%`, y: `${at[1]}%` });
  return [shape, p];
}

export class StoryView {
  #t;
  #view;
  #actions;
  #ui;
  #index = 0; // the step shown (0-based)
  #marks = [];
  #hosted = false;

  /** The story's text, navigation and marks (see widget-view.js build for the arguments). */
  constructor({ view, strings, actions }) {
    const t = (this.#t = translator(strings));
    this.#view = view;
    const steps = STORY.steps;
    const count = el('p', { className: 'story-count' });
    const title = el('h3', { className: 'story-title' });
    const body = el('p', { className: 'story-body' });
    // The step's words are announced when they change.
    const live = el('div', { className: 'story-step' }, [count, title, body]);
    live.setAttribute('aria-live', 'polite');
    const back = el('button', { type: 'button', className: 'move', textContent: t('story.back') });
    const next = el('button', { type: 'button', className: 'move', textContent: t('story.next') });
    back.addEventListener('click', () => actions.goToStep(this.#index));
    next.addEventListener('click', () => actions.goToStep(this.#index + 2));
    const dots = steps.map((step, i) => {
      const dot = el('button', { type: 'button', className: 'dot' });
      dot.setAttribute('aria-label', format(t('story.dot'), { n: i + 1, title: t(step.title) }));
      // The current step's dot plays the step again.
      dot.addEventListener('click', () => actions.goToStep(i + 1, true));
      return dot;
    });
    const nav = el('nav', { className: 'story-nav' }, [back, el('ol', {}, dots.map((d) => el('li', {}, [d]))), next]);
    nav.setAttribute('aria-label', t('story.nav'));
    const explore = el('button', { type: 'button', className: 'explore', textContent: t('story.explore.button') });
    explore.addEventListener('click', actions.explore);
    this.#ui = { count, title, body, live, back, next, dots, nav, explore };
    this.#actions = actions;
  }

  /** The widget's children: the pictures, then the step's text, navigation, status and science line. */
  arrange({ viewBox, science, status }) {
    const ui = this.#ui;
    const text = el('div', { className: 'story-text' }, [ui.live, ui.explore, ui.nav, status, science]);
    const story = el('section', { className: 'story' }, [el('div', { className: 'story-pictures' }, [viewBox]), text]);
    story.setAttribute('aria-label', this.#t(STORY.label));
    // Arrow keys move between steps while the focus is in the story.
    story.addEventListener('keydown', (e) => {
      if (this.#hosted || e.altKey || e.ctrlKey || e.metaKey) return;
      const n = STORY.steps.length;
      const to = { ArrowLeft: this.#index, ArrowRight: this.#index + 2, Home: 1, End: n }[e.key];
      if (to === undefined || to < 1 || to > n) return;
      e.preventDefault();
      this.#actions.goToStep(to);
    });
    this.story = story;
    return [story];
  }

  /** story-controls="none": the host page drives the steps (no Back / Next, no dots). */
  showSettings(v) {
    this.#hosted = v['story-controls'] === 'none';
    this.story?.classList.toggle('hosted', this.#hosted);
  }

  /** Show step `index` (0-based): its words, the navigation's state, and the mark of phase `phase`. */
  showStep(index, phase) {
    const t = this.#t;
    const ui = this.#ui;
    const step = STORY.steps[index];
    const moved = index !== this.#index || !ui.title.textContent;
    this.#index = index;
    ui.count.textContent = format(t('story.count'), { n: index + 1, total: STORY.steps.length });
    ui.title.textContent = t(step.title);
    ui.body.textContent = t(step.text);
    ui.back.disabled = index === 0;
    ui.next.disabled = index === STORY.steps.length - 1;
    ui.dots.forEach((d, i) => (i === index ? d.setAttribute('aria-current', 'step') : d.removeAttribute('aria-current')));
    ui.explore.hidden = !step.explore;
    // Keep the focus on a button that is still there (Next is disabled on the last step, Back on the first).
    const active = this.story?.getRootNode().activeElement;
    if (moved && active && (active.disabled || active.hidden)) (step.explore ? ui.explore : index === 0 ? ui.next : ui.back).focus();
    this.showPhase(index, phase);
  }

  /** The mark of phase `phase` of step `index`, over its arm's picture. */
  showPhase(index, phase) {
    for (const node of this.#marks) node.remove();
    this.#marks = [];
    const { mark } = STORY.steps[index].phases[phase];
    if (!mark) return;
    this.#marks = markNodes(mark, this.#t(mark.words));
    this.#view.pictures[mark.arm ?? 0].append(...this.#marks);
  }
}
