//! The readouts of MODEL-SPEC A6, in one place: the outcome class (control
//! or escape) and the phase-independent tumour size ("month 5"). The CLI's
//! `run --summary`, the widget's captions, gauge and compare headings (through
//! the wasm layer) and the dose–response sweep all read them from here, so
//! there is no second rule anywhere else.

use super::engine::{column_index, Engine, Trajectory};
use super::integrate::SolveError;
use super::scenario::Scenario;

/// Upper tipping point of the immune efficacy x: above it the (E, T) system
/// of Kuznetsov 1994 has only the dormant state, so the immune system holds
/// the tumour small whatever its size (MODEL-SPEC A6; the fold of the
/// steady-state curve at the default immune-core parameters, computed by
/// [`tipping_points`] and tested against this value).
pub const UPPER_TIPPING_X: f64 = 1.1315;
/// Lower tipping point: below it only the escape state is left.
pub const LOWER_TIPPING_X: f64 = 0.5976;
/// A tumour that stays below this many cells over the readout window is
/// held small (MODEL-SPEC A6).
pub const CONTROL_CEILING_CELLS: f64 = 1e8;
/// The readout window: the last 30 days of the run (days 120–150, "month 5",
/// of the default 150-day run).
pub const WINDOW_DAYS: f64 = 30.0;
/// The run length of the dose–response readout (MODEL-SPEC A6).
pub const DOSE_RESPONSE_DAYS: f64 = 150.0;
/// Row spacing of the runs the readouts are computed from where this module
/// runs them itself (summary, sweep): 0.25 day. The trapezoid rule on ln T
/// at this spacing agrees with a 0.01-day grid to better than 0.1 % (tested).
pub const READOUT_DT: f64 = 0.25;

/// The constants above, as one serialisable record (`polyamine-sim params
/// --json` and the wasm `schema()` give the same shape).
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Constants {
    pub lower_tipping_x: f64,
    pub upper_tipping_x: f64,
    pub control_ceiling_cells: f64,
    pub window_days: f64,
    pub dose_response_days: f64,
}

pub const CONSTANTS: Constants = Constants {
    lower_tipping_x: LOWER_TIPPING_X,
    upper_tipping_x: UPPER_TIPPING_X,
    control_ceiling_cells: CONTROL_CEILING_CELLS,
    window_days: WINDOW_DAYS,
    dose_response_days: DOSE_RESPONSE_DAYS,
};

/// How a run ends (MODEL-SPEC A6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Held small by the immune system: dormancy (about 1e7 cells), not cure.
    Control,
    /// The tumour outgrows the immune defence.
    Escape,
}

impl Outcome {
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Control => "control",
            Outcome::Escape => "escape",
        }
    }
}

/// The A6 readouts of one run.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Readout {
    pub outcome: Outcome,
    /// Geometric mean of T over the window (cells): "tumour size in month 5"
    /// for a 150-day run.
    #[serde(rename = "T_month5")]
    pub t_window_geomean: f64,
    /// Largest T over the window (cells).
    #[serde(rename = "T_max_window")]
    pub t_window_max: f64,
    /// Immune efficacy x at the end of the run.
    pub x_end: f64,
    /// Autoimmunity proxy A at the end of the run.
    #[serde(rename = "A_end")]
    pub a_end: f64,
    /// The window, in days.
    pub window_start: f64,
    pub window_end: f64,
}

/// The outcome rule of MODEL-SPEC A6: control when x at the end exceeds the
/// upper tipping point or T stays below 1e8 cells over the window.
pub fn outcome(x_end: f64, t_window_max: f64) -> Outcome {
    if x_end > UPPER_TIPPING_X || t_window_max < CONTROL_CEILING_CELLS {
        Outcome::Control
    } else {
        Outcome::Escape
    }
}

impl Readout {
    /// The readouts of a computed run (rows every `dt`; the finer the rows,
    /// the closer the window's mean and maximum to the continuous ones).
    /// A run shorter than the window is read over the whole run.
    pub fn of(traj: &Trajectory) -> Readout {
        let rows = traj.rows();
        let col = |name: &str| column_index(name).expect("known column");
        let (jt, jx, ja) = (col("T"), col("x"), col("A"));
        if rows == 0 {
            return Readout { outcome: Outcome::Escape, t_window_geomean: f64::NAN, t_window_max: f64::NAN, x_end: f64::NAN, a_end: f64::NAN, window_start: 0.0, window_end: 0.0 };
        }
        let last = traj.row(rows - 1);
        let end = last[0];
        let start = (end - WINDOW_DAYS).max(traj.row(0)[0]);
        // Trapezoid rule on ln T from `start` (interpolated between rows) to the end.
        let first = (0..rows).position(|i| traj.row(i)[0] >= start).unwrap_or(rows - 1);
        let mut points: Vec<(f64, f64)> = Vec::with_capacity(rows - first + 1);
        if first > 0 && traj.row(first)[0] > start {
            let (a, b) = (traj.row(first - 1), traj.row(first));
            let w = (start - a[0]) / (b[0] - a[0]);
            points.push((start, a[jt] + w * (b[jt] - a[jt])));
        }
        points.extend((first..rows).map(|i| (traj.row(i)[0], traj.row(i)[jt])));
        let t_max = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let geomean = if points.iter().any(|p| !(p.1 > 0.0)) {
            0.0
        } else if points.len() == 1 || end <= start {
            points[0].1
        } else {
            let integral: f64 = points.windows(2).map(|w| 0.5 * (w[1].0 - w[0].0) * (libm::log(w[0].1) + libm::log(w[1].1))).sum();
            libm::exp(integral / (end - start))
        };
        let x_end = last[jx];
        Readout { outcome: outcome(x_end, t_max), t_window_geomean: geomean, t_window_max: t_max, x_end, a_end: last[ja], window_start: start, window_end: end }
    }
}

/// Run `sc` (rows every [`READOUT_DT`], or the run length if shorter) and
/// read it.
pub fn summarize(engine: &mut Engine, sc: &Scenario, scratch: &mut Trajectory) -> Result<Readout, SolveError> {
    engine.run(sc, READOUT_DT.min(sc.days), scratch)?;
    Ok(Readout::of(scratch))
}

/// A bad sweep request: which field, what was wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum SweepError {
    /// A dose outside the schema's DFMO range.
    Dose { dose: f64, min: f64, max: f64 },
    Solve(SolveError),
}

impl core::fmt::Display for SweepError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SweepError::Dose { dose, min, max } => write!(f, "dfmo.dose_mg: {dose} is out of range: allowed {min} to {max} mg"),
            SweepError::Solve(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SweepError {}

/// The dose–response readout of MODEL-SPEC A6: for each DFMO dose (mg), the
/// tumour size in month 5 (geometric mean of T over days 120–150 of a
/// 150-day run) under `sc` with DFMO at that dose (on the scenario's DFMO
/// schedule, or the default one if it gives none). The run length is always
/// [`DOSE_RESPONSE_DAYS`], whatever `sc.days` says: a single day can sit on
/// a trough of the damped oscillation of the controlled state.
pub fn dfmo_sweep(engine: &mut Engine, sc: &Scenario, doses_mg: &[f64], scratch: &mut Trajectory, out: &mut Vec<f64>) -> Result<(), SweepError> {
    let spec = super::regimen::setting("dfmo.dose_mg").expect("declared");
    if let Some(&dose) = doses_mg.iter().find(|d| !(spec.min..=spec.max).contains(*d)) {
        return Err(SweepError::Dose { dose, min: spec.min, max: spec.max });
    }
    let mut sc = sc.clone();
    sc.days = DOSE_RESPONSE_DAYS;
    let mut base = sc.treatment.dfmo.clone().unwrap_or_else(super::regimen::Treatment::dfmo_default);
    out.clear();
    for &dose in doses_mg {
        base.dose = dose;
        sc.treatment.dfmo = Some(base.clone());
        out.push(summarize(engine, &sc, scratch).map_err(SweepError::Solve)?.t_window_geomean);
    }
    Ok(())
}

/// The tipping points of the immune efficacy x for the immune core of
/// `p` (a, b, s, p, g, m, d, n): the two values of x at which the (E, T)
/// steady-state curve folds (MODEL-SPEC A5: 0.5976 and 1.1315 at the
/// defaults). Between them, dormant and escape states coexist. `None` if the
/// curve has fewer than two folds in 0.01 ≤ x ≤ 10 (for T of at least one cell).
pub fn tipping_points(p: &super::params::Params) -> Option<(f64, f64)> {
    // Steady states: E = a(1 − bT)/(n x) from dT/dt = 0; with dE/dt = 0,
    // F(T; x) = a(1 − bT)(d + mT − p x T/(g + T)) − s n x = 0 for 0 < T < 1/b.
    let f = |t: f64, x: f64| p.a * (1.0 - p.b * t) * (p.d + p.m * t - p.p * x * t / (p.g + t)) - p.s * p.n * x;
    let grid: Vec<f64> = (0..=4000).map(|k| libm::exp(libm::log(1.0) + (libm::log(1.0 / p.b) - 1e-9) * k as f64 / 4000.0)).collect();
    let roots = |x: f64| grid.windows(2).filter(|w| (f(w[0], x) > 0.0) != (f(w[1], x) > 0.0)).count();
    // Scan x, then bisect each change in the number of steady states.
    let xs: Vec<f64> = (0..=1000).map(|k| 0.01 * libm::pow(1000.0, k as f64 / 1000.0)).collect();
    let mut folds = Vec::new();
    for w in xs.windows(2) {
        let (n0, n1) = (roots(w[0]), roots(w[1]));
        if n0 != n1 {
            let (mut lo, mut hi) = (w[0], w[1]);
            for _ in 0..50 {
                let mid = 0.5 * (lo + hi);
                if roots(mid) == n0 { lo = mid } else { hi = mid }
            }
            folds.push(0.5 * (lo + hi));
        }
    }
    // Above x ≈ 5 the dormant state drops below one cell (no longer a
    // tumour): only the first two folds are tipping points.
    match folds.as_slice() {
        [lo, hi, ..] => Some((*lo, *hi)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::Params;

    #[test]
    fn declared_tipping_points_are_the_folds_of_the_default_immune_core() {
        let (lo, hi) = tipping_points(&Params::default()).expect("two folds");
        assert!((lo - LOWER_TIPPING_X).abs() < 5e-4, "lower fold {lo}");
        assert!((hi - UPPER_TIPPING_X).abs() < 5e-4, "upper fold {hi}");
    }

    #[test]
    fn outcome_rule_has_two_ways_to_control() {
        assert_eq!(outcome(1.2, 4e8), Outcome::Control);
        assert_eq!(outcome(0.9, 9.9e7), Outcome::Control);
        assert_eq!(outcome(1.13, 1.1e8), Outcome::Escape);
        assert_eq!(outcome(0.5, 1e8), Outcome::Escape);
    }

    #[test]
    fn geometric_mean_of_a_constant_and_of_an_exponential() {
        let mut tr = Trajectory::default();
        let n = crate::model::COLUMNS.len();
        // T = e^(0.1 t) over 0..150: the geometric mean over 120..150 is e^(0.1·135).
        for k in 0..=600 {
            let t = k as f64 * 0.25;
            let mut row = vec![0.0; n];
            row[0] = t;
            row[1] = libm::exp(0.1 * t);
            tr.data.extend(row);
        }
        let r = Readout::of(&tr);
        assert!((r.t_window_geomean / libm::exp(13.5) - 1.0).abs() < 1e-9, "{}", r.t_window_geomean);
        assert_eq!((r.window_start, r.window_end), (120.0, 150.0));
        assert!((r.t_window_max - libm::exp(15.0)).abs() < 1e-3);
    }
}
