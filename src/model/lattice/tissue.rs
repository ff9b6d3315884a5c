//! The tissue rules of MODEL-SPEC part B and their coupling to part A.
//!
//! Two layers share the grid: the *tissue* layer (stroma, tumour, vessel,
//! dead) and the *immune* layer (effector T cells and Tregs, which are small
//! and squeeze between tumour cells). `Lattice::cells` shows both, immune
//! cells on top. Drug levels and the systemic drivers come from part A run
//! under the same scenario (see docs/MODEL.md, "Tissue section", for the
//! mapping of every rate).

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::field::relax;
use super::{Lattice, Site};
use crate::model::engine::{column_index, Engine, Trajectory};
use crate::model::integrate::SolveError;
use crate::model::ode::Model;
use crate::model::scenario::Scenario;

/// One lattice step in days (72 minutes).
pub const STEP_DAYS: f64 = 0.05;

/// Rules' own constants, all [A] illustrative (docs/MODEL.md maps them).
pub mod rates {
    /// Initial tumour radius as a fraction of the side.
    pub const TUMOUR_RADIUS: f32 = 0.12;
    /// The canvas is a section through a 3D tumour: section area ∝ T^(2/3),
    /// so the tumour's per-capita rates act on area at 2/3 of their value.
    pub const SECTION: f64 = 2.0 / 3.0;
    /// Share of sites that are vessel at the start (as many as the short
    /// segments of earlier versions gave: 2.9 %), and how a vessel grows:
    /// roots inside the tumour kept with this chance…
    pub const VESSEL_FRACTION: f32 = 0.0287;
    pub const VESSEL_DENSITY_IN_TUMOUR: f32 = 0.5;
    /// …its length in sites (from, below)…
    pub const VESSEL_LENGTH: (u32, u32) = (16, 48);
    /// …the largest turn of its heading per stride (radians, uniform ± half)…
    pub const VESSEL_WIGGLE: f32 = 0.6;
    /// …the stride (sites; below 1, so the vessel's sites touch)…
    pub const VESSEL_STRIDE: f32 = 0.7;
    /// …the chance per site of a branch, at an angle between these (radians)…
    pub const VESSEL_BRANCH: f32 = 0.03;
    pub const VESSEL_BRANCH_ANGLE: (f32, f32) = (0.5, 1.1);
    /// …and the chance per site inside the tumour that it ends there.
    pub const VESSEL_STOP_IN_TUMOUR: f32 = 0.03;
    /// Diffusion lengths in coarse cells (1 coarse cell = 2 sites ≈ 20 µm).
    pub const L_POLYAMINE: f32 = 4.0;
    pub const L_CHEMOKINE: f32 = 10.0;
    pub const L_DRUG: f32 = 2.0;
    pub const L_TREG: f32 = 6.0;
    /// Relaxation sweeps per step (warm-started); the chemokine's long
    /// diffusion length converges slowest, so it gets more.
    pub const SWEEPS: usize = 4;
    pub const SWEEPS_CHEMOKINE: usize = 8;
    /// The co-drug follows the plasma level, which jumps at each dose and
    /// falls by 40 % a day: with the vessel network's changing perfusion in
    /// the tumour, 4 sweeps left it 6 % behind a day after a dose; 6 keep it
    /// within 5 % (tested).
    pub const SWEEPS_DRUG: usize = 6;
    /// Tregs per tumour cell at R = 1.
    pub const TREGS_PER_TUMOUR: f32 = 0.02;
    /// Dead cells cleared per day.
    pub const CLEARANCE: f32 = 0.3;
    /// Chance that an effector steps into a tumour site where no Treg suppresses.
    pub const INFILTRATION: f32 = 1.0;
    /// Chance a Treg steps towards the most polyamine.
    pub const TREG_TAXIS: f32 = 0.1;
    /// Chemotaxis: chance an effector takes the neighbour with most chemokine.
    pub const CHEMOTAXIS: f32 = 0.25;
    /// Effectors on the lattice per ς effector cells of part A: each stands
    /// for ς/4 cells, so the few hundred effectors of an untreated section
    /// are numerous enough that their chance fluctuations rarely decide
    /// the outcome (with one per ς, DFMO alone, near the tipping point,
    /// was held small in 2 of 10 seeds that part A lets escape).
    pub const EFFECTOR_AGENTS: f64 = 4.0;
    /// Largest engagement factor (effectors per effector touching a tumour
    /// cell) by which contact rates are raised; caps the rates at the start,
    /// when few of the scattered effectors touch the tumour.
    pub const ENGAGE_MAX: f32 = 20.0;
    /// Drug delivery gain (tumour-average drug ≈ part A's C_t at baseline).
    pub const DRUG_GAIN: f32 = 8.0;
    /// Directions a dividing tumour cell can push in (evenly spread angles).
    pub const PUSH_DIRECTIONS: usize = 1024;
    /// Field relaxations at set-up, so the first frame shows settled fields
    /// (each is a few sweeps; 60 bring the slowest, the chemokine with its
    /// long diffusion length, within 1 % of steady state).
    pub const SETUP_RELAXATIONS: usize = 60;
    /// The initial tumour's rim is ragged by up to ± this many sites / 2.
    pub const RIM_WOBBLE: f32 = 1.5;
    /// Random tries per cell when scattering the first immune cells (plus a
    /// fixed 100), so a crowded lattice cannot loop for long.
    pub const SCATTER_TRIES_PER_CELL: usize = 50;
    /// Tregs added or removed per step to follow R(t): at most one per this
    /// many tumour sites, so their number follows smoothly…
    pub const TREG_CHANGE_PER_SITES: i64 = 500;
    /// …with this many random tries per Treg changed.
    pub const TREG_TRIES_PER_CHANGE: i64 = 40;
}

/// Part A's columns the section reads, resolved at compile time.
mod column {
    use crate::model::engine::col;
    pub const POOL: usize = col("P");
    pub const TREGS: usize = col("R");
    pub const PLASMA_DRUG: usize = col("C_p");
    pub const EFFICACY: usize = col("x");
    pub const EFFECTORS: usize = col("E");
    pub const PERFUSION: usize = col("V");
    pub const TUMOUR: usize = col("T");
}

/// Part A's values at one row of its run (one lattice step).
#[derive(Clone, Copy, Debug)]
struct Drivers {
    /// Polyamine pool P.
    pool: f64,
    /// Treg number R.
    tregs: f64,
    /// Co-drug in plasma C_p.
    plasma_drug: f64,
    /// Immune efficacy x.
    efficacy: f64,
    /// Effector cells E.
    effectors: f64,
    /// Perfusion V.
    perfusion: f64,
    /// Tumour cells T.
    tumour: f64,
}

/// The sources of the four fields, per coarse cell.
#[derive(Clone)]
struct Sources {
    /// 0.25 per tumour site: the shape of the polyamine field (scaled to P(t)).
    polyamine: Vec<f32>,
    /// 0.25 per tumour site (also each coarse cell's tumour weight).
    chemokine: Vec<f32>,
    /// Vessels × perfusion × plasma level C_p(t).
    drug: Vec<f32>,
    /// Tregs, 1 at the untreated Treg share of tumour sites.
    treg: Vec<f32>,
}

/// The field an immune cell climbs.
#[derive(Clone, Copy)]
enum Cue {
    Chemokine,
    Polyamine,
}

const NEIGHBOURS: [(isize, isize); 8] = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)];

/// Summary of the state, for tests, captions and the aria-live text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Census {
    pub tumour: u32,
    pub effectors: u32,
    /// Effectors inside the tumour (on tumour or dead sites).
    pub effectors_in_tumour: u32,
    /// Effector T cells per 1,000 sites of the core: the disc of half the
    /// initial tumour radius around its centre ("T cells reach the core").
    pub effector_core_density: f32,
    /// Mean perfusion of vessel sites inside the tumour.
    pub tumour_perfusion: f32,
    /// Mean polyamine level over tumour sites.
    pub tumour_polyamine: f32,
    /// Co-drug penetration: mean drug level in the tumour core relative to the rim.
    pub drug_penetration: f32,
    /// Mean co-drug level over the tumour's disc (what the drug overlay shows there).
    pub tumour_drug: f32,
}

/// A running tissue section.
#[derive(Clone)]
pub struct Tissue {
    pub lattice: Lattice,
    /// What the day-0 state was built from (see [`Tissue::restart`]).
    start: StartKey,
    tissue: Vec<u8>,
    immune: Vec<u8>,
    rng: Xoshiro256PlusPlus,
    step: u64,
    model: Model,
    drivers: Trajectory,
    /// Scratch buffers, allocated once.
    order: Vec<u32>,
    /// The sites a division's push passes, in order (scratch).
    path: Vec<u32>,
    /// Far-away targets of the push lines, one per direction.
    push_dirs: Vec<(i32, i32)>,
    src: Sources,
    treg_field: Vec<f32>,
    /// The polyamine field's shape (unit source per tumour cell), warm-started;
    /// `lattice.polyamine` is this times `poly_scale`.
    poly_shape: Vec<f32>,
    /// Local Treg number at a site: `treg_field·treg_scale + treg_uniform`,
    /// scaled so its mean over tumour sites is part A's R(t)·(1 − dep).
    treg_scale: f32,
    treg_uniform: f32,
    /// Mean Treg factor w = 1/(1 + κ·φ·R) at the effectors that met a tumour
    /// cell in the last step: a local efficacy is x_A(t)·w/w̄ (see `effector`).
    w_mean: f32,
    /// Σ w and count over this step's effectors in contact.
    w_acc: (f32, u32),
    /// Effectors per effector in contact with a tumour cell, from the last
    /// step (at least 1, at most `rates::ENGAGE_MAX`): part A lets every
    /// effector kill and expand; the section only those touching tumour
    /// cells, at rates raised by this factor so the totals are part A's.
    engage: f32,
    centre: (f32, f32),
    radius0: f32,
    /// Cells of part A one lattice cell stands for: ς = T0 / initial tumour sites.
    cells_per_site: f64,
    /// Effector cells of part A one effector on the lattice stands for:
    /// ς_E = ς / `rates::EFFECTOR_AGENTS`.
    cells_per_effector: f64,
    /// Initial tumour sites A0 (T = T0·(A/A0)^(3/2)).
    tumour_sites0: f64,
    /// Σ perfusion over vessel sites (for sharing effector entry).
    perfusion_sum: f32,
    /// This section's tumour in part A's cells (sites·ς), as of the last step.
    tumour_cells: f64,
}

/// Everything a section's day-0 state depends on: the seed, the size, the
/// parameters, the systemic Treg depletion, validation mode, and the part A
/// drivers the set-up reads at day 0 ([`SETUP_DRIVERS`]). Two scenarios with
/// equal keys build bit-identical day-0 sections.
/// The part A columns the set-up (`build`: field warm-up and perfusion) reads.
/// A set-up reading another column must add it here.
const SETUP_DRIVERS: [&str; 4] = ["P", "R", "C_p", "V"];

#[derive(Clone, Debug, PartialEq)]
struct StartKey {
    seed: u64,
    side: usize,
    params: crate::model::params::Params,
    dep: u64,
    validation: bool,
    row0: Vec<u64>,
}

impl StartKey {
    fn of(sc: &Scenario, side: usize, drivers: &Trajectory) -> StartKey {
        let dep = if sc.validation_mode { 0.0 } else { sc.treatment.treg_depletion };
        StartKey {
            seed: sc.seed,
            side,
            params: sc.params.clone(),
            dep: dep.to_bits(),
            validation: sc.validation_mode,
            row0: SETUP_DRIVERS.iter().map(|c| drivers.row(0)[column_index(c).expect("known column")].to_bits()).collect(),
        }
    }
}

/// A coarse field at site (x, y), bilinear between coarse-cell centres (a
/// site centre sits ¼ or ¾ of the way between two of them; the edge repeats).
#[inline]
fn sample(field: &[f32], fs: usize, x: usize, y: usize) -> f32 {
    let axis = |s: usize| {
        let k = s / 2;
        if s % 2 == 0 { (k.saturating_sub(1), k, 0.25f32) } else { (k, (k + 1).min(fs - 1), 0.75f32) }
    };
    let ((x0, x1, wx), (y0, y1, wy)) = (axis(x), axis(y));
    let row = |r: usize| wx * field[r * fs + x0] + (1.0 - wx) * field[r * fs + x1];
    wy * row(y0) + (1.0 - wy) * row(y1)
}

/// Targets of the push lines: `rates::PUSH_DIRECTIONS` angles evenly spread
/// round the circle, each a point 8192 sites away (rounded), so a
/// Bresenham line towards it leaves any lattice in that direction. `libm`,
/// so native and wasm agree bit for bit.
fn push_directions() -> Vec<(i32, i32)> {
    (0..rates::PUSH_DIRECTIONS)
        .map(|k| {
            let a = 2.0 * core::f64::consts::PI * (k as f64 + 0.5) / rates::PUSH_DIRECTIONS as f64;
            (libm::round(8192.0 * libm::cos(a)) as i32, libm::round(8192.0 * libm::sin(a)) as i32)
        })
        .collect()
}

/// Effectors per effector in contact, within [1, `rates::ENGAGE_MAX`];
/// `previous` when none is in contact.
fn engagement(effectors: u32, contacts: u32, previous: f32) -> f32 {
    if contacts == 0 {
        previous
    } else {
        (effectors as f32 / contacts as f32).clamp(1.0, rates::ENGAGE_MAX)
    }
}

#[inline]
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f32 {
    (rng.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
}

#[inline]
fn below(rng: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    ((rng.next_u32() as u64 * n as u64) >> 32) as usize
}

impl Tissue {
    /// A section of `side` sites a side under scenario `sc` (seeded by
    /// `sc.seed`). Runs part A once for the drivers.
    pub fn new(sc: &Scenario, side: usize) -> Result<Tissue, SolveError> {
        let mut drivers = Trajectory::default();
        Engine::default().run(sc, STEP_DAYS, &mut drivers)?;
        Ok(Tissue::build(sc, side, drivers))
    }

    /// A section for `sc` of the same size as `start`, a day-0 section. When
    /// the two day-0 states are provably the same (equal [`StartKey`]s: same
    /// seed, parameters, depletion and day-0 drivers, i.e. only the regimen
    /// after day 0 differs), `start` is copied and given the new drivers,
    /// skipping the set-up's 60 field relaxations; otherwise the section is
    /// built afresh. Either way the result equals `Tissue::new(sc, side)`
    /// bit for bit (tested). Returns whether `start` was reused.
    /// `engine` is reused across restarts (its buffers keep their capacity,
    /// so a long session of restarts does not fragment memory).
    pub fn restart(start: &Tissue, sc: &Scenario, engine: &mut Engine) -> Result<(Tissue, bool), SolveError> {
        let mut drivers = Trajectory::default();
        engine.run(sc, STEP_DAYS, &mut drivers)?;
        let side = start.lattice.side;
        if start.step == 0 && start.start == StartKey::of(sc, side, &drivers) {
            let mut t = start.clone();
            t.drivers = drivers;
            Ok((t, true))
        } else {
            Ok((Tissue::build(sc, side, drivers), false))
        }
    }

    fn build(sc: &Scenario, side: usize, drivers: Trajectory) -> Tissue {
        let lattice = Lattice::empty(side);
        let n = lattice.side;
        let fs = lattice.field_side;
        let dep = if sc.validation_mode { 0.0 } else { sc.treatment.treg_depletion };
        let mut t = Tissue {
            start: StartKey::of(sc, n, &drivers),
            lattice,
            tissue: vec![0; n * n],
            immune: vec![0; n * n],
            rng: Xoshiro256PlusPlus::seed_from_u64(sc.seed),
            step: 0,
            model: Model::new(&sc.params, dep, sc.validation_mode),
            drivers,
            order: Vec::with_capacity(n * n),
            path: Vec::with_capacity(2 * n),
            push_dirs: push_directions(),
            src: Sources { polyamine: vec![0.0; fs * fs], chemokine: vec![0.0; fs * fs], drug: vec![0.0; fs * fs], treg: vec![0.0; fs * fs] },
            treg_field: vec![0.0; fs * fs],
            poly_shape: vec![0.0; fs * fs],
            treg_scale: 1.0,
            treg_uniform: 0.0,
            w_mean: 1.0,
            w_acc: (0.0, 0),
            engage: 1.0,
            centre: (n as f32 / 2.0, n as f32 / 2.0),
            radius0: rates::TUMOUR_RADIUS * n as f32,
            cells_per_site: 1.0,
            cells_per_effector: 1.0,
            tumour_sites0: 1.0,
            perfusion_sum: 0.0,
            tumour_cells: sc.params.t0,
        };
        t.seed_tissue();
        for _ in 0..rates::SETUP_RELAXATIONS {
            t.update_fields();
        }
        t.init_perfusion();
        t.init_w_mean();
        t.compose();
        t
    }

    /// The Treg factor w = 1/(1 + κ·φ(P)·R) at site `i`: the share of the
    /// immune efficacy that local Tregs leave.
    #[inline]
    fn treg_factor(&self, i: usize) -> f32 {
        1.0 / (1.0 + self.model.p.kappa as f32 * self.suppression(i) as f32)
    }

    /// w̄ and the engagement factor at the start: the mean Treg factor over
    /// tumour sites, and effectors per effector touching a tumour cell.
    fn init_w_mean(&mut self) {
        let (mut sum, mut k) = (0.0f32, 0u32);
        let (mut effectors, mut contacts) = (0u32, 0u32);
        for i in 0..self.tissue.len() {
            if self.tissue[i] == Site::Tumour as u8 {
                sum += self.treg_factor(i);
                k += 1;
            }
            if self.immune[i] == Site::Effector as u8 {
                effectors += 1;
                contacts += u32::from(self.tumour_target(i).is_some());
            }
        }
        self.w_mean = if k > 0 { sum / k as f32 } else { 1.0 };
        self.engage = engagement(effectors, contacts, 1.0);
    }

    /// The tumour cell at `i` or next to it (the first found, in a fixed order).
    fn tumour_target(&self, i: usize) -> Option<usize> {
        if self.tissue[i] == Site::Tumour as u8 {
            return Some(i);
        }
        (0..8).filter_map(|k| self.neighbour(i, k)).find(|&j| self.tissue[j] == Site::Tumour as u8)
    }

    fn seed_tissue(&mut self) {
        let n = self.lattice.side;
        let (cx, cy) = self.centre;
        let r0 = self.radius0;
        for y in 0..n {
            for x in 0..n {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                let wobble = rates::RIM_WOBBLE * (uniform(&mut self.rng) - 0.5);
                if d + wobble < r0 {
                    self.tissue[y * n + x] = Site::Tumour as u8;
                }
            }
        }
        self.grow_vessels();
        let tumour = self.tissue.iter().filter(|&&c| c == Site::Tumour as u8).count() as f32;
        let p = &self.model.p;
        self.cells_per_site = p.t0.max(1.0) / f64::from(tumour.max(1.0));
        self.cells_per_effector = self.cells_per_site / rates::EFFECTOR_AGENTS;
        self.tumour_sites0 = f64::from(tumour.max(1.0));
        // Effectors at part A's E0 on the same scale, scattered; Tregs inside the tumour.
        let n_eff = (p.e0 / self.cells_per_effector).round() as usize;
        let n_treg = (tumour * rates::TREGS_PER_TUMOUR * (1.0 - self.model.dep as f32)).round() as usize;
        self.scatter(Site::Effector, n_eff, false);
        self.scatter(Site::Treg, n_treg, true);
    }

    /// The vessel network: branching vessels grown as persistent random walks
    /// (the heading turns a little at every site), each from a random root,
    /// branching now and then, ending at the edge, where it meets another
    /// vessel, after its length, or (more often) inside the tumour, until
    /// `rates::VESSEL_FRACTION` of the sites are vessel: as many vessel
    /// sites as the short scattered segments before, now connected. Roots
    /// inside the tumour are kept half as often, and vessels stop early
    /// there, so the tumour is poorer in vessels (as it was).
    fn grow_vessels(&mut self) {
        let n = self.lattice.side;
        let target = (rates::VESSEL_FRACTION * (n * n) as f32) as usize;
        let mut placed = 0;
        // Walkers to grow: position, heading, sites left, sites grown (set-up only, so it may allocate).
        let mut walkers: Vec<(f32, f32, f32, u32, u32)> = Vec::new();
        let turn = 2.0 * core::f32::consts::PI;
        while placed < target {
            let Some((mut x, mut y, mut heading, mut left, mut grown)) = walkers.pop() else {
                let (rx, ry) = (below(&mut self.rng, n), below(&mut self.rng, n));
                if self.tissue[ry * n + rx] == Site::Tumour as u8 && uniform(&mut self.rng) > rates::VESSEL_DENSITY_IN_TUMOUR {
                    continue;
                }
                let length = rates::VESSEL_LENGTH.0 + below(&mut self.rng, (rates::VESSEL_LENGTH.1 - rates::VESSEL_LENGTH.0) as usize) as u32;
                walkers.push((rx as f32 + 0.5, ry as f32 + 0.5, turn * uniform(&mut self.rng), length, 0));
                continue;
            };
            let mut last = usize::MAX;
            while left > 0 && placed < target {
                heading += rates::VESSEL_WIGGLE * (uniform(&mut self.rng) - 0.5);
                x += rates::VESSEL_STRIDE * libm::cosf(heading);
                y += rates::VESSEL_STRIDE * libm::sinf(heading);
                if x < 0.0 || y < 0.0 || x >= n as f32 || y >= n as f32 {
                    break;
                }
                let i = y as usize * n + x as usize;
                if i == last {
                    continue;
                }
                let was = self.tissue[i];
                // Meeting another vessel (past its own first sites) ends a vessel: the two join.
                if was == Site::Vessel as u8 && grown > 2 {
                    break;
                }
                if was != Site::Vessel as u8 {
                    self.tissue[i] = Site::Vessel as u8;
                    placed += 1;
                }
                (last, left, grown) = (i, left - 1, grown + 1);
                if was == Site::Tumour as u8 && uniform(&mut self.rng) < rates::VESSEL_STOP_IN_TUMOUR {
                    break;
                }
                if uniform(&mut self.rng) < rates::VESSEL_BRANCH {
                    let side = if uniform(&mut self.rng) < 0.5 { -1.0 } else { 1.0 };
                    let angle = rates::VESSEL_BRANCH_ANGLE.0 + (rates::VESSEL_BRANCH_ANGLE.1 - rates::VESSEL_BRANCH_ANGLE.0) * uniform(&mut self.rng);
                    walkers.push((x, y, heading + side * angle, left / 2 + 1, 0));
                }
            }
        }
    }

    fn scatter(&mut self, kind: Site, count: usize, in_tumour: bool) {
        let n = self.lattice.side;
        let mut placed = 0;
        let mut tries = 0;
        while placed < count && tries < rates::SCATTER_TRIES_PER_CELL * count + 100 {
            tries += 1;
            let i = below(&mut self.rng, n * n);
            let ok = self.immune[i] == 0 && (!in_tumour || self.tissue[i] == Site::Tumour as u8) && self.tissue[i] != Site::Vessel as u8;
            if ok {
                self.immune[i] = kind as u8;
                placed += 1;
            }
        }
    }

    /// Part A's values at `step` (the last row's after the run's end).
    fn drivers_at(&self, step: u64) -> Drivers {
        let row = self.drivers.row((step as usize).min(self.drivers.rows() - 1));
        Drivers {
            pool: row[column::POOL],
            tregs: row[column::TREGS],
            plasma_drug: row[column::PLASMA_DRUG],
            efficacy: row[column::EFFICACY],
            effectors: row[column::EFFECTORS],
            perfusion: row[column::PERFUSION],
            tumour: row[column::TUMOUR],
        }
    }

    /// Days since the start.
    pub fn day(&self) -> f64 {
        self.step as f64 * STEP_DAYS
    }

    /// Recompute the four fields from the current cells (warm-started).
    fn update_fields(&mut self) {
        let now = self.drivers_at(self.step);
        self.build_sources(&now);
        let fs = self.lattice.field_side;
        let src = &self.src;
        relax(&mut self.poly_shape, &src.polyamine, fs, rates::L_POLYAMINE, rates::SWEEPS);
        relax(&mut self.lattice.chemokine, &src.chemokine, fs, rates::L_CHEMOKINE, rates::SWEEPS_CHEMOKINE);
        relax(&mut self.lattice.drug, &src.drug, fs, rates::L_DRUG, rates::SWEEPS_DRUG);
        relax(&mut self.treg_field, &src.treg, fs, rates::L_TREG, rates::SWEEPS);
        self.normalise_to_part_a(&now);
    }

    /// Scale the polyamine and Treg fields so that their means over tumour
    /// sites are part A's P(t) and R(t)·(1 − dep): the section is the same
    /// tumour as part A's, with its averages and a spatial pattern (rim and
    /// core) on top. Without this, what diffuses out of the tumour and the
    /// thin rim would leave the section's tumour with lower polyamines and
    /// fewer Tregs than part A's (means of 0.73 and 0.62 untreated), and its
    /// T cells twice as effective.
    fn normalise_to_part_a(&mut self, now: &Drivers) {
        // The chemokine source is 0.25 per tumour site: the tumour weight of each coarse cell.
        let (mut w, mut p, mut r) = (0.0f32, 0.0f32, 0.0f32);
        for ((&weight, &poly), &treg) in self.src.chemokine.iter().zip(&self.poly_shape).zip(&self.treg_field) {
            w += weight;
            p += weight * poly;
            r += weight * treg;
        }
        let pool = now.pool as f32;
        let poly_scale = if w > 0.0 && p > 1e-6 * w { pool * w / p } else { pool };
        for (out, shape) in self.lattice.polyamine.iter_mut().zip(&self.poly_shape) {
            *out = shape * poly_scale;
        }
        let tregs = now.tregs as f32 * (1.0 - self.model.dep as f32);
        if w > 0.0 && r > 1e-6 * w {
            self.treg_scale = tregs * w / r;
            self.treg_uniform = 0.0;
        } else {
            // No Treg on the lattice (a tiny tumour): part A's number, evenly.
            self.treg_scale = 0.0;
            self.treg_uniform = tregs;
        }
    }

    /// The four fields' sources per coarse cell, in one pass over the sites:
    /// polyamine (tumour cells at part A's pool P(t)), chemokine (tumour
    /// cells), co-drug (vessels × perfusion × plasma level C_p(t)) and Treg
    /// density (1 at the untreated Treg share of tumour cells).
    fn build_sources(&mut self, now: &Drivers) {
        let drug_gain = 0.25 * rates::DRUG_GAIN * now.plasma_drug as f32;
        let treg_unit = 0.25 / rates::TREGS_PER_TUMOUR;
        let n = self.lattice.side;
        let fs = self.lattice.field_side;
        // Slices, not Vecs, in the loop: the size-optimised wasm calls Vec's Index for each access.
        let (tissue, immune, perfusion_at): (&[u8], &[u8], &[f32]) = (&self.tissue, &self.immune, &self.lattice.perfusion);
        for by in 0..fs {
            for bx in 0..fs {
                let (mut tumour, mut perfusion, mut tregs) = (0.0f32, 0.0f32, 0.0f32);
                let top = 2 * by * n + 2 * bx;
                for d in 0..4 {
                    let i = top + (d & 1) + (d >> 1) * n;
                    let t = tissue[i];
                    tumour += f32::from(u8::from(t == Site::Tumour as u8));
                    if t == Site::Vessel as u8 {
                        perfusion += perfusion_at[i];
                    }
                    tregs += f32::from(u8::from(immune[i] == Site::Treg as u8));
                }
                let b = by * fs + bx;
                self.src.polyamine[b] = 0.25 * tumour;
                self.src.chemokine[b] = 0.25 * tumour;
                self.src.drug[b] = drug_gain * perfusion;
                self.src.treg[b] = treg_unit * tregs;
            }
        }
    }

    /// Local Treg suppression φ(P_local)·R_local at site `i` (R_local already
    /// reflects systemic depletion: depleted Tregs are not on the lattice).
    #[inline]
    fn suppression(&self, i: usize) -> f64 {
        let n = self.lattice.side;
        let f = self.lattice.field_index(i % n, i / n);
        let tregs = self.treg_field[f] * self.treg_scale + self.treg_uniform;
        self.model.phi(self.lattice.polyamine[f] as f64) * tregs as f64
    }

    fn init_perfusion(&mut self) {
        let scale = self.perfusion_scale(&self.drivers_at(0));
        self.perfusion_sum = 0.0;
        for i in 0..self.tissue.len() {
            if self.tissue[i] == Site::Vessel as u8 {
                self.lattice.perfusion[i] = self.perfusion_target(i, scale);
                self.perfusion_sum += self.lattice.perfusion[i];
            }
        }
    }

    /// The perfusion a vessel site relaxes towards: part A's target
    /// V_min + (V_max − V_min)/(1 + β·φ·R) at the local Treg suppression,
    /// times `scale` in proportion to the tumour's share of the site's
    /// coarse cell (vessels in healthy tissue keep their own target).
    #[inline]
    fn perfusion_target(&self, i: usize, scale: f32) -> f32 {
        let p = &self.model.p;
        let n = self.lattice.side;
        let share = 4.0 * self.src.chemokine[self.lattice.field_index(i % n, i / n)];
        let local = self.model.perfusion_target(self.suppression(i)) as f32;
        // max/min, not clamp: f32::clamp's check of its bounds formats them
        // with f32's Debug, which would put that code in the wasm (2.6 KB).
        (local * (1.0 + (scale - 1.0) * share)).max(p.v_min as f32).min(p.v_max as f32)
    }

    /// The scale that makes the mean perfusion target over vessels in the
    /// tumour (weighted by the tumour share of their coarse cell) part A's
    /// V(t), as local efficacies average to part A's x: local Tregs and
    /// polyamines decide which vessels are poorer. Without it the rim's
    /// weaker suppression left the section's tumour vessels better perfused
    /// than part A's untreated (0.53 against 0.40) and, with Tregs gathered
    /// in a few places, the ratio treated/untreated was 1.2 instead of 1.9.
    fn perfusion_scale(&self, now: &Drivers) -> f32 {
        let n = self.lattice.side;
        let (mut weighted, mut weight) = (0.0f32, 0.0f32);
        let (tissue, chemokine): (&[u8], &[f32]) = (&self.tissue, &self.src.chemokine);
        for (i, &t) in tissue.iter().enumerate() {
            if t == Site::Vessel as u8 {
                let w = chemokine[self.lattice.field_index(i % n, i / n)];
                if w > 0.0 {
                    weighted += w * self.model.perfusion_target(self.suppression(i)) as f32;
                    weight += w;
                }
            }
        }
        if weight > 0.0 && weighted > 0.0 { now.perfusion as f32 * weight / weighted } else { 1.0 }
    }

    /// Write the picture layer: immune cells on top of tissue.
    fn compose(&mut self) {
        for ((c, &t), &m) in self.lattice.cells.iter_mut().zip(&self.tissue).zip(&self.immune) {
            *c = if m != 0 { m } else { t };
        }
    }

    #[inline]
    fn neighbour(&self, i: usize, k: usize) -> Option<usize> {
        let n = self.lattice.side as isize;
        let (x, y) = ((i as isize) % n, (i as isize) / n);
        let (dx, dy) = NEIGHBOURS[k];
        let (xx, yy) = (x + dx, y + dy);
        (xx >= 0 && yy >= 0 && xx < n && yy < n).then(|| (yy * n + xx) as usize)
    }

    /// Advance one step of [`STEP_DAYS`]. Allocates nothing.
    pub fn step(&mut self) {
        let dt = STEP_DAYS as f32;
        let k_v = self.model.p.k_v as f32;
        self.update_fields();
        let scale = self.perfusion_scale(&self.drivers_at(self.step));
        let mut perfusion_sum = 0.0;
        // The loops over every site index slices, not Vecs: the shipped wasm
        // is built for size (opt-level "z") and would call Vec's Index for
        // each access (measured: the step took twice as long).
        let tissue: &[u8] = &self.tissue;
        for i in 0..tissue.len() {
            if tissue[i] == Site::Vessel as u8 {
                let target = self.perfusion_target(i, scale);
                let v = &mut self.lattice.perfusion[i];
                *v += k_v * dt * (target - *v);
                perfusion_sum += *v;
            }
        }
        self.perfusion_sum = perfusion_sum;
        // Agents in a fresh random order; dead cells cleared on the way.
        self.order.clear();
        let mut tumour = 0u32;
        let mut tregs = 0u32;
        let mut effectors = 0u32;
        let (tissue, immune): (&mut [u8], &[u8]) = (&mut self.tissue, &self.immune);
        for i in 0..tissue.len() {
            match Site::from_u8(tissue[i]) {
                Site::Tumour => {
                    tumour += 1;
                    self.order.push((i as u32) << 1);
                }
                Site::Dead if uniform(&mut self.rng) < rates::CLEARANCE * dt => tissue[i] = Site::Stroma as u8,
                _ => {}
            }
            let m = immune[i];
            if m != 0 {
                tregs += u32::from(m == Site::Treg as u8);
                effectors += u32::from(m == Site::Effector as u8);
                self.order.push(((i as u32) << 1) | 1);
            }
        }
        for k in (1..self.order.len()).rev() {
            let j = below(&mut self.rng, k + 1);
            self.order.swap(k, j);
        }
        // This section's own tumour size, T = T0·(A/A0)^(3/2) for a section
        // of area A (its growth limit reads it).
        let p = &self.model.p;
        let t_cells = p.t0 * libm::pow(f64::from(tumour) / self.tumour_sites0, 1.5);
        self.tumour_cells = t_cells;
        // Local efficacy x_i = x_A(t)·w_i/w̄: where T cells meet tumour cells,
        // their mean efficacy is part A's x, and local Tregs decide which
        // T cells have more or less of it.
        let (now, next) = (self.drivers_at(self.step), self.drivers_at(self.step + 1));
        let x_norm = now.efficacy as f32 / self.w_mean.max(1e-6);
        let contacts_before = self.w_acc.1;
        self.w_acc = (0.0, 0);
        // The effector number follows part A's E(t): the shortfall by the end
        // of this step is made up by births (part A's inflow s enters from
        // vessels, its expansion p·x·E·T/(g+T) divides effectors in contact,
        // each in proportion to its local efficacy), a surplus removed by
        // deaths at random (part A's loss (d + m·T)·E).
        let target = next.effectors / self.cells_per_effector;
        let change = target - f64::from(effectors);
        let death = if change < 0.0 && effectors > 0 { (-change / f64::from(effectors)) as f32 } else { 0.0 };
        let births = change.max(0.0);
        let (e_a, t_a) = (now.effectors, now.tumour);
        let expansion = p.p * now.efficacy * e_a * t_a / (p.g + t_a);
        let share = if p.s + expansion > 0.0 { expansion / (p.s + expansion) } else { 0.0 };
        let divide = if contacts_before > 0 { (births * share / f64::from(contacts_before)) as f32 } else { 0.0 };
        let entries = if contacts_before > 0 { births * (1.0 - share) } else { births };
        // Part A kills a fraction n·x·E of the tumour a day; on area that is
        // (2/3)·n·x·E, which the effectors in contact reach if each kills at
        // (2/3)·n·ς_E·A·engage per day (A tumour sites, ς_E cells per
        // effector on the lattice, engage effectors per effector in contact).
        let kill = (rates::SECTION * p.n * self.cells_per_effector * f64::from(tumour)) as f32 * self.engage;
        for k in 0..self.order.len() {
            let code = self.order[k];
            let i = (code >> 1) as usize;
            if code & 1 == 0 {
                self.tumour_cell(i, dt);
            } else if self.immune[i] == Site::Effector as u8 {
                self.effector(i, dt, x_norm, kill, death, divide);
            } else if self.immune[i] == Site::Treg as u8 {
                self.treg(i, dt);
            }
        }
        if self.w_acc.1 > 0 {
            self.w_mean = self.w_acc.0 / self.w_acc.1 as f32;
        }
        self.engage = engagement(effectors, self.w_acc.1, self.engage);
        self.enter(entries as f32);
        self.recruit_tregs(now.tregs, tumour, tregs);
        self.compose();
        self.step += 1;
    }

    fn tumour_cell(&mut self, i: usize, dt: f32) {
        if self.tissue[i] != Site::Tumour as u8 {
            return;
        }
        let p = &self.model.p;
        let n = self.lattice.side;
        let drug = self.lattice.drug[self.lattice.field_index(i % n, i / n)];
        if drug > 0.0 {
            // Part A's chemotherapy kill K_T·(1 − e^(−δ_c·C)) on area (× 2/3),
            // with the local drug level as C.
            let kill = (rates::SECTION * p.k_t) as f32 * (1.0 - libm::expf(-(p.delta_c as f32) * drug));
            if uniform(&mut self.rng) < kill * dt {
                self.tissue[i] = Site::Dead as u8;
                return;
            }
        }
        // Part A's logistic growth a·(1 − b·T), on area (× 2/3).
        let growth = (rates::SECTION * p.a * (1.0 - p.b * self.tumour_cells)).max(0.0) as f32;
        if uniform(&mut self.rng) < growth * dt {
            self.divide(i);
        }
    }

    /// A tumour cell at `i` divides: it pushes the tissue outward along a
    /// line in a random direction (one of `rates::PUSH_DIRECTIONS` angles,
    /// a straight line, as in Eden-type models of tumour growth),
    /// up to the first free site, which becomes tumour. Tissue flows past
    /// vessels, which stay put; an immune cell in the way stops the push.
    /// Directions from a continuous spread of angles, not the 8 lattice
    /// neighbours, so the tumour grows round instead of as a box.
    fn divide(&mut self, i: usize) {
        let n = self.lattice.side as isize;
        let (tx, ty) = self.push_dirs[below(&mut self.rng, self.push_dirs.len())];
        let (x0, y0) = ((i as isize) % n, (i as isize) / n);
        // The sites the straight line from the cell's centre towards
        // (x0 + tx, y0 + ty) passes through, in order: a 4-connected grid
        // traversal (one step in x or in y, whichever grid line the line
        // crosses first), so a push cannot slip diagonally between two
        // tumour sites past a free one (that made the tumour grow out along
        // the diagonals).
        let (adx, ady) = (i64::from(tx.abs()), i64::from(ty.abs()));
        let (sx, sy) = (tx.signum() as isize, ty.signum() as isize);
        let (mut nx, mut ny) = (0i64, 0i64);
        let (mut x, mut y) = (x0, y0);
        self.path.clear();
        loop {
            // The next vertical grid line is crossed at parameter (2nx + 1)/(2·adx),
            // the next horizontal one at (2ny + 1)/(2·ady).
            if (2 * nx + 1) * ady < (2 * ny + 1) * adx {
                nx += 1;
                x += sx;
            } else {
                ny += 1;
                y += sy;
            }
            if x < 0 || y < 0 || x >= n || y >= n {
                return;
            }
            let j = (y * n + x) as usize;
            match Site::from_u8(self.tissue[j]) {
                Site::Stroma | Site::Dead => {
                    self.tissue[j] = Site::Tumour as u8;
                    self.path.push(j as u32);
                    break;
                }
                // Tissue flows past vessels, which stay where they are.
                Site::Tumour | Site::Vessel => self.path.push(j as u32),
                Site::Effector | Site::Treg => return,
            }
        }
        // Immune cells ride on the pushed tissue: each moves one non-vessel
        // site outward along the line, the daughter's site left free (unless
        // the end site is taken, when nothing moves).
        let end = *self.path.last().expect("the end site") as usize;
        if self.immune[end] != 0 {
            return;
        }
        let mut m = self.path.len() - 1;
        loop {
            let mut prev = m;
            loop {
                if prev == 0 {
                    self.immune[self.path[m] as usize] = 0;
                    return;
                }
                prev -= 1;
                if self.tissue[self.path[prev] as usize] != Site::Vessel as u8 {
                    break;
                }
            }
            self.immune[self.path[m] as usize] = self.immune[self.path[prev] as usize];
            m = prev;
        }
    }

    /// A free immune slot next to `i` (not on a vessel), chosen at random.
    fn free_immune_neighbour(&mut self, i: usize) -> Option<usize> {
        let start = below(&mut self.rng, 8);
        (0..8).map(|k| (start + k) % 8).filter_map(|k| self.neighbour(i, k)).find(|&j| self.immune[j] == 0 && self.tissue[j] != Site::Vessel as u8)
    }

    /// An effector at `i`: dies with chance `death`; next to a tumour cell,
    /// kills it with chance `kill`·x_i·Δt (x_i = `x_norm`·w_i, its local
    /// efficacy) and divides with chance `divide`·w_i/w̄; then moves.
    fn effector(&mut self, i: usize, dt: f32, x_norm: f32, kill: f32, death: f32, divide: f32) {
        if death > 0.0 && uniform(&mut self.rng) < death {
            self.immune[i] = 0;
            return;
        }
        let w = self.treg_factor(i);
        // Kill a tumour cell here or next door.
        let target = if self.tissue[i] == Site::Tumour as u8 {
            Some(i)
        } else {
            let start = below(&mut self.rng, 8);
            (0..8).map(|k| (start + k) % 8).filter_map(|k| self.neighbour(i, k)).find(|&j| self.tissue[j] == Site::Tumour as u8)
        };
        if let Some(j) = target {
            self.w_acc.0 += w;
            self.w_acc.1 += 1;
            let x = x_norm * w;
            if uniform(&mut self.rng) < kill * x * dt {
                self.tissue[j] = Site::Dead as u8;
            }
            if divide > 0.0 && uniform(&mut self.rng) < divide * w / self.w_mean.max(1e-6) {
                if let Some(k) = self.free_immune_neighbour(i) {
                    self.immune[k] = Site::Effector as u8;
                }
            }
        }
        // Move: up the chemokine gradient, or at random.
        let dest = self.choose_move(i, rates::CHEMOTAXIS, Cue::Chemokine);
        if let Some(j) = dest {
            // Squeezing into tumour mass is hindered where Tregs suppress:
            // the chance falls with the square of x's Treg factor.
            let free = 1.0 / (1.0 + self.model.p.kappa as f32 * self.suppression(j) as f32);
            if self.tissue[j] != Site::Tumour as u8 || uniform(&mut self.rng) < rates::INFILTRATION * free * free {
                self.immune[j] = Site::Effector as u8;
                self.immune[i] = 0;
            }
        }
    }

    /// A Treg at `i`: turns over at part A's rate k_R (it leaves, and the
    /// Treg count's top-up puts a new one at a random tumour site), else
    /// drifts towards polyamines. Without turnover the Tregs of a long run
    /// all gathered at the polyamine peak in the tumour's centre.
    fn treg(&mut self, i: usize, dt: f32) {
        if uniform(&mut self.rng) < self.model.p.k_r as f32 * dt {
            self.immune[i] = 0;
            return;
        }
        if let Some(j) = self.choose_move(i, rates::TREG_TAXIS, Cue::Polyamine) {
            self.immune[j] = Site::Treg as u8;
            self.immune[i] = 0;
        }
    }

    /// Where an immune cell at `i` steps: with chance `taxis` up the `cue`
    /// field's gradient, else to a random neighbour; `None` when the chosen
    /// site is not free (vessel sites and occupied immune slots are not).
    ///
    /// Up the gradient the step is isotropic: the unit vector along the
    /// gradient is split into an axial and a diagonal lattice step, taken
    /// with chances that make the expected step that unit vector (axial
    /// with chance cos φ − sin φ, diagonal with chance sin φ, none otherwise,
    /// for φ ≤ 45° from the axis). Moving to the neighbour with the most of
    /// the field instead went √2 sites a step along the diagonals and 1
    /// along the axes, and T cells then ate the tumour into a square.
    fn choose_move(&mut self, i: usize, taxis: f32, cue: Cue) -> Option<usize> {
        let n = self.lattice.side;
        let free = |t: &Tissue, j: usize| t.immune[j] == 0 && t.tissue[j] != Site::Vessel as u8;
        let u = uniform(&mut self.rng);
        if u < taxis {
            let field = match cue {
                Cue::Chemokine => &self.lattice.chemokine,
                Cue::Polyamine => &self.lattice.polyamine,
            };
            let (x, y) = ((i % n) as isize, (i / n) as isize);
            let at = |xx: isize, yy: isize| sample(field, self.lattice.field_side, xx.clamp(0, n as isize - 1) as usize, yy.clamp(0, n as isize - 1) as usize);
            let (gx, gy) = (at(x + 1, y) - at(x - 1, y), at(x, y + 1) - at(x, y - 1));
            let norm = (gx * gx + gy * gy).sqrt();
            if !(norm > 0.0) {
                return None;
            }
            let (cx, cy) = (gx / norm, gy / norm);
            let (sx, sy) = (if cx < 0.0 { -1 } else { 1 }, if cy < 0.0 { -1 } else { 1 });
            let (ax, ay) = (cx.abs(), cy.abs());
            // The reused uniform, rescaled to [0, 1), picks the step.
            let v = u / taxis;
            let (dx, dy) = if ax >= ay {
                if v < ax - ay { (sx, 0) } else if v < ax { (sx, sy) } else { return None }
            } else if v < ay - ax {
                (0, sy)
            } else if v < ay {
                (sx, sy)
            } else {
                return None;
            };
            let (xx, yy) = (x + dx, y + dy);
            if xx < 0 || yy < 0 || xx >= n as isize || yy >= n as isize {
                return None;
            }
            Some(yy as usize * n + xx as usize).filter(|&j| free(self, j))
        } else {
            let k = below(&mut self.rng, 8);
            self.neighbour(i, k).filter(|&j| free(self, j))
        }
    }

    /// About `count` effectors enter from vessels, each vessel site in
    /// proportion to its perfusion.
    fn enter(&mut self, count: f32) {
        if count <= 0.0 {
            return;
        }
        let per_perfusion = count / self.perfusion_sum.max(1e-6);
        for i in 0..self.tissue.len() {
            if self.tissue[i] == Site::Vessel as u8 && uniform(&mut self.rng) < per_perfusion * self.lattice.perfusion[i] {
                if let Some(j) = self.free_immune_neighbour(i) {
                    self.immune[j] = Site::Effector as u8;
                }
            }
        }
    }

    fn recruit_tregs(&mut self, r: f64, tumour: u32, tregs: u32) {
        // Tregs follow part A's Treg number R(t), less the depleted share.
        let target = (r as f32 * (1.0 - self.model.dep as f32) * rates::TREGS_PER_TUMOUR * tumour as f32).round() as i64;
        let mut diff = target - tregs as i64;
        let cap = (tumour as i64 / rates::TREG_CHANGE_PER_SITES).max(1);
        let n2 = self.tissue.len();
        let mut tries = 0;
        while diff != 0 && tries < rates::TREG_TRIES_PER_CHANGE * cap {
            tries += 1;
            let i = below(&mut self.rng, n2);
            if diff > 0 && self.immune[i] == 0 && self.tissue[i] == Site::Tumour as u8 {
                self.immune[i] = Site::Treg as u8;
                diff -= 1;
            } else if diff < 0 && self.immune[i] == Site::Treg as u8 {
                self.immune[i] = 0;
                diff += 1;
            }
            if (target - tregs as i64 - diff).abs() >= cap {
                break;
            }
        }
    }

    /// Counts and the visible-mechanism measures.
    pub fn census(&self) -> Census {
        let n = self.lattice.side;
        let mut c = Census::default();
        let (mut sx, mut sy) = (0.0f64, 0.0f64);
        for (i, &t) in self.tissue.iter().enumerate() {
            if t == Site::Tumour as u8 {
                c.tumour += 1;
                sx += (i % n) as f64 + 0.5;
                sy += (i / n) as f64 + 0.5;
            }
        }
        let (cx, cy) = if c.tumour > 0 { ((sx / c.tumour as f64) as f32, (sy / c.tumour as f64) as f32) } else { self.centre };
        let radius = (c.tumour as f32 / core::f32::consts::PI).sqrt();
        let (mut core, mut perf, mut vessels, mut poly) = (0u32, 0.0f32, 0u32, 0.0f32);
        let (mut drug_core, mut n_core, mut drug_rim, mut n_rim) = (0.0f32, 0u32, 0.0f32, 0u32);
        for i in 0..self.tissue.len() {
            let (x, y) = ((i % n) as f32 + 0.5, (i / n) as f32 + 0.5);
            let r = ((x - cx) * (x - cx) + (y - cy) * (y - cy)).sqrt();
            let f = self.lattice.field_index(i % n, i / n);
            match self.immune[i] {
                m if m == Site::Effector as u8 => {
                    c.effectors += 1;
                    let t = self.tissue[i];
                    if r < radius && (t == Site::Tumour as u8 || t == Site::Dead as u8) {
                        c.effectors_in_tumour += 1;
                    }
                    let (x0, y0) = (x - self.centre.0, y - self.centre.1);
                    core += u32::from(x0 * x0 + y0 * y0 < 0.25 * self.radius0 * self.radius0);
                }
                _ => {}
            }
            if r < radius {
                if self.tissue[i] == Site::Vessel as u8 {
                    perf += self.lattice.perfusion[i];
                    vessels += 1;
                }
                if self.tissue[i] == Site::Tumour as u8 {
                    poly += self.lattice.polyamine[f];
                }
                if r < 0.5 * radius {
                    drug_core += self.lattice.drug[f];
                    n_core += 1;
                } else {
                    drug_rim += self.lattice.drug[f];
                    n_rim += 1;
                }
            }
        }
        let core_area = core::f32::consts::PI * 0.25 * self.radius0 * self.radius0;
        c.effector_core_density = 1000.0 * core as f32 / core_area;
        c.tumour_perfusion = if vessels > 0 { perf / vessels as f32 } else { 0.0 };
        c.tumour_polyamine = if c.tumour > 0 { poly / c.tumour as f32 } else { 0.0 };
        let (dc, dr) = (drug_core / n_core.max(1) as f32, drug_rim / n_rim.max(1) as f32);
        c.drug_penetration = if dr > 0.0 { dc / dr } else { 0.0 };
        c.tumour_drug = (drug_core + drug_rim) / (n_core + n_rim).max(1) as f32;
        c
    }

    /// How square the tumour is: the 90th-percentile distance of tumour
    /// sites from their centroid in the four 10° sectors around the
    /// diagonals, over the same in the four around the axes. A disc gives 1,
    /// a filled square 1.36. `None` with fewer than 100 tumour sites in either.
    pub fn diagonal_axial_ratio(&self) -> Option<f32> {
        let n = self.lattice.side;
        let (mut sx, mut sy, mut k) = (0.0f64, 0.0f64, 0.0f64);
        for (i, &t) in self.tissue.iter().enumerate() {
            if t == Site::Tumour as u8 {
                sx += (i % n) as f64 + 0.5;
                sy += (i / n) as f64 + 0.5;
                k += 1.0;
            }
        }
        if k == 0.0 {
            return None;
        }
        let (cx, cy) = (sx / k, sy / k);
        let (mut diagonal, mut axial) = (Vec::new(), Vec::new());
        let half_sector = 5f64.to_radians();
        let quarter = core::f64::consts::FRAC_PI_2;
        for (i, &t) in self.tissue.iter().enumerate() {
            if t != Site::Tumour as u8 {
                continue;
            }
            let (dx, dy) = ((i % n) as f64 + 0.5 - cx, (i / n) as f64 + 0.5 - cy);
            // Angle within its quarter turn, 0 (an axis) to π/2 (the next axis).
            let a = libm::atan2(dy, dx).rem_euclid(quarter);
            let r = libm::hypot(dx, dy);
            if a <= half_sector || a >= quarter - half_sector {
                axial.push(r);
            } else if (a - quarter / 2.0).abs() <= half_sector {
                diagonal.push(r);
            }
        }
        if diagonal.len() < 100 || axial.len() < 100 {
            return None;
        }
        let p90 = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[(0.9 * (v.len() - 1) as f64).round() as usize]
        };
        Some((p90(&mut diagonal) / p90(&mut axial)) as f32)
    }

    /// Replace the tissue layer by `site(x, y)` (tests of shape measures only).
    #[doc(hidden)]
    pub fn set_tissue_for_test(&mut self, site: impl Fn(usize, usize) -> Site) {
        let n = self.lattice.side;
        for (i, t) in self.tissue.iter_mut().enumerate() {
            *t = site(i % n, i / n) as u8;
        }
    }

    /// FNV-1a hash of the whole state (layers, perfusion and field bits).
    pub fn state_hash(&self) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        let mut eat = |b: u8| {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        };
        self.tissue.iter().chain(&self.immune).for_each(|&b| eat(b));
        let l = &self.lattice;
        for v in l.perfusion.iter().chain(&l.polyamine).chain(&l.chemokine).chain(&l.drug).chain(&self.treg_field) {
            v.to_bits().to_le_bytes().iter().for_each(|&b| eat(b));
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Largest gap between each running field and its converged steady state
    /// for the current cells, relative to the field's largest value.
    fn field_lag(t: &mut Tissue) -> [f32; 4] {
        let fs = t.lattice.field_side;
        let now = t.drivers_at(t.step);
        t.build_sources(&now);
        let lengths = [rates::L_POLYAMINE, rates::L_CHEMOKINE, rates::L_DRUG, rates::L_TREG];
        let running = [t.poly_shape.clone(), t.lattice.chemokine.clone(), t.lattice.drug.clone(), t.treg_field.clone()];
        let sources = [&t.src.polyamine, &t.src.chemokine, &t.src.drug, &t.src.treg];
        let mut out = [0.0; 4];
        for k in 0..4 {
            let mut converged = running[k].clone();
            relax(&mut converged, sources[k], fs, lengths[k], 3000);
            let top = converged.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
            out[k] = running[k].iter().zip(&converged).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max) / top;
        }
        out
    }

    #[test]
    fn warm_started_fields_stay_close_to_their_steady_state() {
        // A few warm-started sweeps a step suffice because cells change little per step.
        let sc = Scenario::from_json(r#"{"preset": "dfmo-amxt-chemo", "seed": 3, "days": 30}"#).unwrap();
        let mut t = Tissue::new(&sc, 256).unwrap();
        for _ in 0..(8.0 / STEP_DAYS) as usize {
            t.step();
        }
        let lag = field_lag(&mut t);
        eprintln!("field lag (polyamine, chemokine, drug, Treg) relative to max: {lag:?}");
        for (name, l) in ["polyamine", "chemokine", "co-drug"].iter().zip(lag) {
            assert!(l < 0.05, "{name} field is {:.1} % away from its steady state", 100.0 * l);
        }
        // Tregs move every step, so their density field is a running average
        // of moving cells: it lags by about the change of one step.
        assert!(lag[3] < 0.25, "Treg density field is {:.1} % away from its steady state", 100.0 * lag[3]);
    }
}

