// The story of <polyamine-sim> (layout="story"), as data: one declaration,
// its words in www/i18n/<lang>.story.json. An editor's team can write another
// story by changing this list and those strings; www/story.js only plays it.
//
// Each step:
//   id                  names it (the storystep event's detail.id)
//   title, text         string keys: a few words, and at most 45 words
//   preset, compare     the scenario: a treatment preset, and the other arm's
//                       preset beside it (null: one picture)
//   from, to            the days the step plays: it starts on day `from`
//                       (continuing the step before when that ran the same
//                       scenario up to there) and holds on day `to`; with
//                       reduced motion (or autoplay="false") it shows day `to`
//   speed               simulation steps per frame (each 0.05 day)
//   phases              what is shown: from day `at` (the first from `from`),
//                       an overlay and a highlight `mark` drawn over the
//                       picture of arm `arm` (0: the treatment, 1: the other
//                       arm): a ring (x, y: its centre; r: its radius) or an
//                       arrow (x1, y1 → x, y), in per cent of the picture,
//                       with its words (`words`, a string key) above or
//                       below it (`place`)
//   explore             the last step: offers "Explore it yourself"
//
// Every claim was checked against the model (polyamine-sim run --summary and
// polyamine-sim tissue … --png, seed 1; docs/EMBEDDING.md "The story"):
// the marks sit where the tissue section shows the point on those days.

export const STORY = Object.freeze({
  label: 'story.label',
  steps: Object.freeze([
    {
      id: 'edge',
      title: 'story.edge.title',
      text: 'story.edge.text',
      preset: 'untreated',
      compare: null,
      from: 0,
      to: 15,
      speed: 2,
      phases: [{ at: 0, overlay: 'cells', mark: { arm: 0, shape: 'ring', x: 51, y: 50, r: 26, words: 'story.edge.mark', place: 'below' } }],
    },
    {
      id: 'haze',
      title: 'story.haze.title',
      text: 'story.haze.text',
      preset: 'untreated',
      compare: null,
      from: 15,
      to: 25,
      speed: 2,
      phases: [{ at: 15, overlay: 'polyamine', mark: { arm: 0, shape: 'ring', x: 51, y: 50, r: 11, words: 'story.haze.mark', place: 'below' } }],
    },
    {
      id: 'tregs',
      title: 'story.tregs.title',
      text: 'story.tregs.text',
      preset: 'untreated',
      compare: null,
      from: 25,
      to: 35,
      speed: 2,
      phases: [{ at: 25, overlay: 'perfusion', mark: { arm: 0, shape: 'ring', x: 51, y: 50, r: 24, words: 'story.tregs.mark', place: 'below' } }],
    },
    {
      id: 'dfmo',
      title: 'story.dfmo.title',
      text: 'story.dfmo.text',
      preset: 'dfmo',
      compare: null,
      from: 0,
      to: 45,
      speed: 4,
      phases: [{ at: 0, overlay: 'polyamine', mark: { arm: 0, shape: 'ring', x: 53, y: 52, r: 36, words: 'story.dfmo.mark', place: 'above' } }],
    },
    {
      id: 'both',
      title: 'story.both.title',
      text: 'story.both.text',
      preset: 'dfmo-amxt',
      compare: 'untreated',
      from: 0,
      to: 28,
      speed: 3,
      phases: [
        { at: 0, overlay: 'polyamine', mark: { arm: 0, shape: 'ring', x: 51, y: 51, r: 21, words: 'story.both.mark', place: 'above' } },
        { at: 12, overlay: 'perfusion', mark: { arm: 0, shape: 'ring', x: 51, y: 53, r: 15, words: 'story.both.mark2', place: 'above' } },
      ],
    },
    {
      id: 'delivery',
      title: 'story.delivery.title',
      text: 'story.delivery.text',
      preset: 'dfmo-amxt-chemo',
      compare: 'chemo',
      from: 0,
      // Holds a quarter day after the third dose (day 21), while the drug is
      // in the tissue: 2.5 times as much in the treated tumour as on day 23
      // (tests/lattice.rs, story_step_6_…).
      to: 21.25,
      speed: 2,
      phases: [{ at: 0, overlay: 'drug', mark: { arm: 0, shape: 'ring', x: 50, y: 52, r: 18, words: 'story.delivery.mark', place: 'above' } }],
    },
    {
      id: 'autoimmunity',
      title: 'story.autoimmunity.title',
      text: 'story.autoimmunity.text',
      preset: 'treg-depletion',
      compare: 'dfmo-amxt',
      from: 0,
      to: 30,
      speed: 3,
      phases: [{ at: 0, overlay: 'cells', mark: { arm: 0, shape: 'ring', x: 56, y: 57, r: 18, words: 'story.autoimmunity.mark', place: 'above' } }],
    },
    {
      id: 'explore',
      title: 'story.explore.title',
      text: 'story.explore.text',
      preset: 'dfmo-amxt',
      compare: null,
      from: 0,
      to: 120,
      speed: 8,
      explore: true,
      phases: [{ at: 0, overlay: 'cells', mark: { arm: 0, shape: 'ring', x: 59, y: 40, r: 13, words: 'story.explore.mark', place: 'below' } }],
    },
  ]),
});
