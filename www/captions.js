// Captions of <polyamine-sim>: one short sentence saying what is happening
// now, chosen from the whole-tumour run (trends over the last few days), the
// tissue section's census and the run's outcome. Whether the tumour is held
// small or outgrows the immune defence is never decided here: the outcome
// comes from the model (MODEL-SPEC A6, `OdeRun.readout()` in Rust). Pure:
// returns a key into www/i18n/<lang>.json.

/** The columns of the whole-tumour run the captions read (names from `schema().columns`). */
export const CAPTION_COLUMNS = Object.freeze(['t', 'T', 'P', 'V', 'A', 'C_t']);
/** Days looked back to call a trend. */
const LOOK_BACK = 3;
/** Effector T cells per 1,000 core sites above which they "reach the core" (untreated ≈ 0.5, DFMO + AMXT ≈ 5.6). */
export const CORE_DENSITY = 2;
/** Fewer tumour cells than this: "very few left for now". */
const FEW_CELLS = 1e4;
/** Chemotherapy in the tumour (dose units) above which a shrinking tumour is put down to it. */
const CHEMO_ACTIVE = 0.05;
/** A relative change in T over LOOK_BACK days smaller than this is no trend. */
const TREND = 0.02;

/**
 * The caption key at `day`.
 * @param {{t: number[], T: number[], P: number[], V: number[], A: number[], C_t: number[]}} run columns of the whole-tumour run
 * @param {number} day the section's day
 * @param {{coreDensity: number}} census from the tissue section
 * @param {number} days the run's length
 * @param {'control' | 'escape'} outcome how the run ends (the model's rule)
 */
export function captionKey(run, day, census, days, outcome) {
  const control = outcome === 'control';
  if (day < 0.5) return 'caption.start';
  if (day >= days) return control ? 'caption.endControl' : 'caption.endEscape';
  const at = (col, d) => {
    const t = run.t;
    const i = Math.min(t.length - 1, Math.max(0, Math.round((d / t[t.length - 1]) * (t.length - 1))));
    return run[col][i];
  };
  const before = Math.max(0, day - LOOK_BACK);
  const T = at('T', day);
  const rising = (col, eps) => at(col, day) > at(col, before) + eps;
  const falling = (col, eps) => at(col, day) < at(col, before) - eps;
  if (at('A', day) > 0.1 && rising('A', 0.005)) return 'caption.autoimmunity';
  if (T < FEW_CELLS) return 'caption.few';
  if (census.coreDensity >= CORE_DENSITY && falling('T', 0)) return 'caption.core';
  if (falling('P', 0.02)) return 'caption.polyamineFalling';
  if (rising('V', 0.01)) return 'caption.vessels';
  if (falling('T', T * TREND)) return at('C_t', day) > CHEMO_ACTIVE ? 'caption.chemo' : 'caption.shrinking';
  if (rising('T', T * TREND)) return control ? 'caption.growingForNow' : 'caption.escaping';
  return control ? 'caption.control' : 'caption.escaped';
}
