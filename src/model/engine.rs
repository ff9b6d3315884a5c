//! The whole-tumour engine: runs a scenario and returns its trajectory.
//!
//! Structure-aware scheme (see ARCHITECTURE.md): the chain (DFMO/AMXT
//! pharmacokinetics → ODC → polyamines) does not depend on the body (T, E,
//! R, V, …), so on each interval between breakpoints (dose times, output
//! times, the knockout day) the chain is integrated first, its accepted
//! steps' dense output of P is kept, and the body is integrated next,
//! reading P(t) from that dense output. Each part has its own error
//! control: the stiff chain is integrated by a Rosenbrock method whose steps
//! are not limited by the ODC decay rate (≈ 240/day under DFMO); the body by
//! Dormand–Prince with steps sized by its own accuracy.
//! Breakpoints at every dose keep both from stepping across a jump.

use super::integrate::{Dopri5, SolveError};
use super::number_text;
use super::rosenbrock::{hermite_eval, Rosenbrock4};
use super::ode::{body, chain, Model};
use super::scenario::Scenario;

/// CSV / trajectory columns, in order.
pub const COLUMNS: [&str; 17] = ["t", "T", "E", "R", "O", "P", "V", "G_D", "C_D", "G_A", "C_A", "C_p", "C_t", "Ab", "A", "x", "phi"];

/// Index of a column by name.
pub fn column_index(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| *c == name)
}

/// Index of a column by name at compile time: `const P: usize = col("P");`
/// (a name not in [`COLUMNS`] fails the build).
pub const fn col(name: &str) -> usize {
    let mut i = 0;
    while i < COLUMNS.len() {
        let (a, b) = (COLUMNS[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a trajectory column")
}

/// Relative tolerances of the two passes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Chain (Rosenbrock, order 4): P needs only ~1e-6 absolute accuracy.
    pub chain_rtol: f64,
    /// Body (Dormand–Prince): T and E are controlled relative to 1 cell.
    pub body_rtol: f64,
}

impl Tolerance {
    /// Chosen by measurement (docs/PERFORMANCE.md): against a run at
    /// 1e-9/1e-11, every row of eight scenarios (DFMO alone, whose x of
    /// about 0.94 sits between the tipping points since spec v1.1, is the
    /// most sensitive) has T, E, P and V within 1e-4 relative (tested);
    /// halving both changes T(day 60) by far less than 0.1 % (tested).
    /// Body 2e-9 rather than 1e-8 since v1.1: at 1e-8, E under DFMO alone
    /// strayed 2e-4 from the tight run.
    pub const DEFAULT: Tolerance = Tolerance { chain_rtol: 2e-4, body_rtol: 2e-9 };

    /// Both tolerances multiplied by `f`.
    pub fn scaled(self, f: f64) -> Tolerance {
        Tolerance { chain_rtol: self.chain_rtol * f, body_rtol: self.body_rtol * f }
    }
}

/// Breakpoints closer than this (days) are one.
const SAME_TIME: f64 = 1e-9;

/// A computed run: rows at every output time, columns as in [`COLUMNS`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trajectory {
    /// Row-major, `COLUMNS.len()` values a row.
    pub data: Vec<f64>,
    /// ∫ C_p dt and ∫ C_t dt over the whole run.
    pub auc_plasma: f64,
    pub auc_tumour: f64,
    /// Accepted steps of the chain and body passes.
    pub chain_steps: u64,
    pub body_steps: u64,
}

impl Trajectory {
    pub fn rows(&self) -> usize {
        self.data.len() / COLUMNS.len()
    }
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * COLUMNS.len()..(i + 1) * COLUMNS.len()]
    }
    /// Value of `col` (see [`COLUMNS`]) at row `i`.
    pub fn get(&self, i: usize, col: &str) -> f64 {
        self.row(i)[column_index(col).expect("known column")]
    }
    /// A whole column.
    pub fn column(&self, col: &str) -> Vec<f64> {
        let j = column_index(col).expect("known column");
        (0..self.rows()).map(|i| self.row(i)[j]).collect()
    }
    /// Linear interpolation of a column at time `t` (clamped to the run).
    pub fn at(&self, t: f64, col: &str) -> f64 {
        let j = column_index(col).expect("known column");
        let n = self.rows();
        let i = (0..n).position(|i| self.row(i)[0] >= t).unwrap_or(n - 1);
        if i == 0 {
            return self.row(0)[j];
        }
        let (a, b) = (self.row(i - 1), self.row(i));
        let w = ((t - a[0]) / (b[0] - a[0])).clamp(0.0, 1.0);
        a[j] + w * (b[j] - a[j])
    }
    /// The table as CSV: the header `COLUMNS`, then one line a row. The CLI
    /// and the browser's CSV export both write this.
    pub fn write_csv<W: std::io::Write>(&self, out: &mut W) -> std::io::Result<()> {
        writeln!(out, "{}", COLUMNS.join(","))?;
        let mut line = String::new();
        for i in 0..self.rows() {
            line.clear();
            for (j, v) in self.row(i).iter().enumerate() {
                if j > 0 {
                    line.push(',');
                }
                number_text::push_number(&mut line, *v);
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Action {
    Dfmo(f64),
    Amxt(f64),
    Chemo(f64),
    AntiPd1(f64),
    Knockout,
    /// Record output row k (time k·dt).
    Record(u64),
}

/// One piece of the chain's dense output of P.
#[derive(Clone, Copy, Debug)]
struct Segment {
    t0: f64,
    /// End of the step, and 1/h.
    t1: f64,
    inv_h: f64,
    c: [f64; 4],
}

/// Reusable solver: keeps its buffers and integrators between runs, so a
/// dose–response sweep allocates nothing after the first run.
#[derive(Clone, Debug)]
pub struct Engine {
    chain: Rosenbrock4<{ chain::N }>,
    body: Dopri5<{ body::N }>,
    events: Vec<(f64, Action)>,
    segments: Vec<Segment>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(Tolerance::DEFAULT)
    }
}

impl Engine {
    /// An engine with these tolerances. Absolute tolerances are the
    /// relative ones times the natural scale of each variable: a dose for
    /// the depots and drug levels (so a decaying depot is not resolved to
    /// ever finer relative accuracy), 1 for ODC, polyamines, Tregs and
    /// perfusion, and 1 cell for the populations (so control of T and E
    /// stays relative down to single cells).
    pub fn new(tol: Tolerance) -> Self {
        let (chain_rtol, rtol) = (tol.chain_rtol, tol.body_rtol);
        let chain_floor = [1000.0, 10.0, 1.0, 1.0, 1.0, 1.0];
        let body_floor = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        Engine {
            chain: Rosenbrock4::new(chain_rtol, chain_floor.map(|f| f * chain_rtol), 1.0),
            body: Dopri5::new(rtol, body_floor.map(|f| f * rtol), 1.0),
            events: Vec::new(),
            segments: Vec::new(),
        }
    }

    /// Run `sc` and write rows every `dt` days from 0 to `sc.days`.
    pub fn run(&mut self, sc: &Scenario, dt: f64, out: &mut Trajectory) -> Result<(), SolveError> {
        let model = Model::new(&sc.params, if sc.validation_mode { 0.0 } else { sc.treatment.treg_depletion }, sc.validation_mode);
        self.plan(sc, dt);
        self.chain.reset();
        self.body.reset();
        out.data.clear();
        // All rows at once: no regrowth while they are written.
        out.data.reserve((sc.days / dt + 1.0) as usize * COLUMNS.len());

        let p = &sc.params;
        let mut yc = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0];
        let mut yb = [p.t0, p.e0, 1.0, model.v0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let mut knockout = false;
        let mut t = 0.0;
        let mut i = 0;
        while i < self.events.len() {
            let tb = self.events[i].0;
            if tb > t {
                self.advance(&model, t, tb, knockout, &mut yc, &mut yb)?;
                t = tb;
            }
            // Apply every action at this breakpoint; doses first, so a row at
            // a dose time shows the state just after the dose.
            let mut j = i;
            while j < self.events.len() && self.events[j].0 - tb <= SAME_TIME {
                match self.events[j].1 {
                    Action::Dfmo(mg) => yc[chain::G_D] += mg * model.dfmo_umol_per_mg,
                    Action::Amxt(a) => yc[chain::G_A] += a,
                    Action::Chemo(c) => yb[body::C_P] += c,
                    Action::AntiPd1(ab) => yb[body::AB] += ab,
                    Action::Knockout => {
                        knockout = true;
                        yc[chain::O] = 0.0;
                    }
                    Action::Record(_) => {}
                }
                j += 1;
            }
            for &(_, a) in &self.events[i..j] {
                if let Action::Record(k) = a {
                    push_row(&model, k as f64 * dt, &yc, &yb, &mut out.data);
                }
            }
            i = j;
        }
        out.auc_plasma = yb[body::AUC_P];
        out.auc_tumour = yb[body::AUC_T];
        out.chain_steps = self.chain.accepted;
        out.body_steps = self.body.accepted;
        Ok(())
    }

    /// Build the sorted breakpoint list: output rows, doses, knockout.
    fn plan(&mut self, sc: &Scenario, dt: f64) {
        let ev = &mut self.events;
        ev.clear();
        let end = sc.days;
        let rows = (end / dt + 1e-9).floor() as u64;
        ev.extend((0..=rows).map(|k| (k as f64 * dt, Action::Record(k))));
        if !sc.validation_mode {
            let tr = &sc.treatment;
            if let Some(r) = &tr.dfmo {
                ev.extend(r.times(end).map(|t| (t, Action::Dfmo(r.dose))));
            }
            if let Some(r) = &tr.amxt {
                // Each dose adds dose·(interval/24): daily exposure does not
                // depend on the interval.
                let amount = r.dose * r.interval_h / 24.0;
                ev.extend(r.times(end).map(|t| (t, Action::Amxt(amount))));
            }
            if let Some(c) = &tr.chemo {
                ev.extend(c.times(end).map(|t| (t, Action::Chemo(c.dose))));
            }
            if let Some(c) = &tr.anti_pd1 {
                ev.extend(c.times(end).map(|t| (t, Action::AntiPd1(c.dose))));
            }
            if let Some(day) = tr.odc_knockout_day {
                if day < end {
                    ev.push((day, Action::Knockout));
                }
            }
        }
        // Stable sort by time: at equal times doses keep their place before
        // Record only if pushed first, so sort by (time, is_record).
        ev.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| matches!(a.1, Action::Record(_)).cmp(&matches!(b.1, Action::Record(_)))));
    }

    /// Integrate chain then body from `t0` to `t1`.
    fn advance(&mut self, model: &Model, t0: f64, t1: f64, knockout: bool, yc: &mut [f64; chain::N], yb: &mut [f64; body::N]) -> Result<(), SolveError> {
        let segments = &mut self.segments;
        segments.clear();
        self.chain.integrate(
            |y, dy| model.chain_rhs(y, knockout, dy),
            |y, j| model.chain_jacobian(y, knockout, j),
            t0,
            t1,
            yc,
            |s| segments.push(Segment { t0: s.t, t1: s.t + s.h, inv_h: 1.0 / s.h, c: s.hermite(chain::P) }),
        )?;
        let segs = &self.segments;
        self.body.integrate(
            |t, y, dy| {
                let k = segs.partition_point(|s| s.t1 < t).min(segs.len() - 1);
                let s = &segs[k];
                let pool = hermite_eval(&s.c, ((t - s.t0) * s.inv_h).clamp(0.0, 1.0));
                model.body_rhs(y, pool, dy)
            },
            t0,
            t1,
            yb,
            |_, _, _| {},
        )?;
        // Populations and concentrations cannot be negative; the integrator
        // may undershoot by up to its absolute tolerance near zero.
        for v in yc.iter_mut() {
            *v = v.max(0.0);
        }
        for v in yb.iter_mut() {
            *v = v.max(0.0);
        }
        Ok(())
    }
}

fn push_row(model: &Model, t: f64, yc: &[f64; chain::N], yb: &[f64; body::N], out: &mut Vec<f64>) {
    let phi = model.phi(yc[chain::P]);
    let x = model.efficacy(phi, yb[body::R], yb[body::AB]);
    // Print-friendly time: k·dt rounded to 1e-9 day.
    let t = (t * 1e9).round() / 1e9;
    out.extend_from_slice(&[
        t,
        yb[body::T],
        yb[body::E],
        yb[body::R],
        yc[chain::O],
        yc[chain::P],
        yb[body::V],
        yc[chain::G_D],
        yc[chain::C_D],
        yc[chain::G_A],
        yc[chain::C_A],
        yb[body::C_P],
        yb[body::C_T],
        yb[body::AB],
        yb[body::A],
        x,
        phi,
    ]);
}

/// Run a scenario with a fresh engine at the default tolerance.
pub fn simulate(sc: &Scenario, dt: f64) -> Result<Trajectory, SolveError> {
    let mut out = Trajectory::default();
    Engine::default().run(sc, dt, &mut out)?;
    Ok(out)
}
