// Captions of <polyamine-sim>: one short sentence saying what is happening
// now, chosen from the whole-tumour run (trends over the last few days) and
// the tissue section's census. Pure: returns a key into www/i18n/<lang>.json.

/** Days looked back to call a trend. */
const LOOK_BACK = 3;
/** Effector T cells per 1,000 core sites above which they "reach the core" (untreated ≈ 0.5, DFMO + AMXT ≈ 5.6). */
export const CORE_DENSITY = 2;
/** A tumour above this share of its carrying capacity has escaped. */
const ESCAPED = 0.4;
/** A tumour below this share of its capacity, with x in the control band, is held in check. */
const HELD = 0.1;
/** Chemotherapy in the tumour (dose units) above which a shrinking tumour is put down to it. */
const CHEMO_ACTIVE = 0.05;
/** The bands of the immune efficacy x (MODEL-SPEC): below, the tumour escapes; above, the immune system controls it. */
const ESCAPE_BELOW = 0.6;
const CONTROL_ABOVE = 1.13;

/**
 * The caption key at `day`.
 * @param {{t: number[], T: number[], P: number[], V: number[], A: number[], x: number[], C_t: number[]}} run columns of the whole-tumour run
 * @param {number} day the section's day
 * @param {{coreDensity: number, capacity: number}} census from the tissue section, and the tumour's carrying capacity 1/b
 * @param {number} days the run's length
 */
export function captionKey(run, day, census, days) {
  if (day < 0.5) return 'caption.start';
  if (day >= days) return 'caption.end';
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
  if (T < 1e4) return 'caption.cleared';
  if (census.coreDensity >= CORE_DENSITY && falling('T', 0)) return 'caption.core';
  if (falling('P', 0.02)) return 'caption.polyamineFalling';
  if (rising('V', 0.01)) return 'caption.vessels';
  if (falling('T', T * 0.02)) return at('C_t', day) > CHEMO_ACTIVE ? 'caption.chemo' : 'caption.shrinking';
  if (T > ESCAPED * census.capacity) return 'caption.escaped';
  if (at('x', day) > CONTROL_ABOVE && T < HELD * census.capacity) return 'caption.control';
  if (rising('T', T * 0.02)) return at('x', day) < ESCAPE_BELOW ? 'caption.escaping' : 'caption.growing';
  if (at('x', day) > CONTROL_ABOVE) return 'caption.control';
  return 'caption.balance';
}
