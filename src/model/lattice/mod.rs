//! The tissue section of MODEL-SPEC part B: a living, stochastic slice of
//! tumour on a square lattice, driven by part A's pharmacokinetics.
//!
//! Layout (read by `render` and by the wasm layer):
//! * `cells`: one byte a site, row-major, `side × side`, values of [`Site`].
//! * `perfusion`: one f32 a site, the perfusion / drug-access index of a
//!   vessel site (0 at other sites).
//! * fields on a grid 2× coarser (`field_side = side / 2`), row-major f32:
//!   `polyamine` (relative to the untreated tumour, like part A's P),
//!   `chemokine` (0–1), `drug` (co-drug level, chemotherapy dose units).

pub mod field;
pub mod render;
pub mod tissue;

/// What occupies a site.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    Stroma = 0,
    Tumour = 1,
    Effector = 2,
    Treg = 3,
    Vessel = 4,
    Dead = 5,
}

impl Site {
    #[inline]
    pub fn from_u8(b: u8) -> Site {
        match b {
            1 => Site::Tumour,
            2 => Site::Effector,
            3 => Site::Treg,
            4 => Site::Vessel,
            5 => Site::Dead,
            _ => Site::Stroma,
        }
    }
}

/// The widget's default section: 256 × 256 sites of about 10 µm.
pub const DEFAULT_SIDE: usize = 256;

/// The longest run a section is made for (days). A section precomputes part
/// A's drivers for its whole run at every step (0.05 day), so a restart at
/// the engine's 10,000 days took about 0.6 s in the browser; 1,000 days are
/// already 4 minutes of animation at top speed. The engine and the CLI keep
/// their 10,000 days.
pub const MAX_SECTION_DAYS: f64 = 1000.0;

/// The section's constants a front end needs, as one serialisable record
/// (`polyamine-sim params --json` and the wasm `schema().lattice`).
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Constants {
    /// Days one `step` advances.
    pub step_days: f64,
    pub side: usize,
    pub side_min: usize,
    pub side_max: usize,
    pub max_days: f64,
    /// Overlay ids, in display order.
    pub overlays: [&'static str; 4],
}

pub const CONSTANTS: Constants = Constants {
    step_days: tissue::STEP_DAYS,
    side: DEFAULT_SIDE,
    side_min: Lattice::SIDE_RANGE.0,
    side_max: Lattice::SIDE_RANGE.1,
    max_days: MAX_SECTION_DAYS,
    overlays: render::Overlay::IDS,
};

/// The lattice state.
#[derive(Clone, Debug)]
pub struct Lattice {
    pub side: usize,
    pub cells: Vec<u8>,
    pub perfusion: Vec<f32>,
    pub field_side: usize,
    pub polyamine: Vec<f32>,
    pub chemokine: Vec<f32>,
    pub drug: Vec<f32>,
}

impl Lattice {
    /// Allowed sides.
    pub const SIDE_RANGE: (usize, usize) = (64, 512);

    /// An empty lattice (all stroma), side clamped to [`Lattice::SIDE_RANGE`]
    /// and rounded down to an even number.
    pub fn empty(side: usize) -> Lattice {
        let side = side.clamp(Self::SIDE_RANGE.0, Self::SIDE_RANGE.1) & !1;
        let fs = side / 2;
        Lattice {
            side,
            cells: vec![0; side * side],
            perfusion: vec![0.0; side * side],
            field_side: fs,
            polyamine: vec![0.0; fs * fs],
            chemokine: vec![0.0; fs * fs],
            drug: vec![0.0; fs * fs],
        }
    }

    /// The coarse field cell that holds site (x, y).
    #[inline]
    pub fn field_index(&self, x: usize, y: usize) -> usize {
        (y / 2) * self.field_side + x / 2
    }
}
