//! Lattice → RGBA pixels, one pixel a site: the picture that must make
//! MODEL-SPEC part B's story visible.
//!
//! * Cell types in Okabe–Ito colours (safe for the common colour-vision
//!   deficiencies). Effector T cells, Tregs and vessels are *markers*: they
//!   are drawn above any haze, so a T cell stays visible in every overlay.
//! * Vessels go from dark to bright bluish green with their perfusion.
//! * The `Polyamine` and `Drug` overlays lay a semi-transparent haze over the
//!   tissue (stroma, tumour and dead cells), coloured with a perceptually
//!   uniform map (inferno, viridis). Colour *and* opacity come from the field
//!   on a fixed scale, never normalised per frame, so the haze of an untreated
//!   tumour is visibly thicker than that of a treated one.
//! * Coarse fields are sampled bilinearly; since they are exactly 2× coarser
//!   the weights are constants (¼, ¾) and no division happens per pixel.
//!
//! Colour maps are 17 control points of matplotlib's `inferno` and `viridis`
//! (entries round(k·255/16) of its 256-entry tables), expanded at compile
//! time to 256 entries with integer arithmetic; the pixel loop only looks up
//! tables, so the picture is the same bit for bit natively and in wasm. The
//! legend is data ([`legend`]); JS draws it as DOM text.

use super::{Lattice, Site};

/// What the picture shows on top of the cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Overlay {
    /// Cell types only.
    #[default]
    Cells,
    /// Cells under a haze of the polyamine field (relative to the untreated tumour).
    Polyamine,
    /// Cells under a haze of the co-drug field (dose units).
    Drug,
    /// Vessels coloured by perfusion / drug access; everything else dimmed.
    Perfusion,
}

impl Overlay {
    pub const ALL: [Overlay; 4] = [Overlay::Cells, Overlay::Polyamine, Overlay::Drug, Overlay::Perfusion];
    /// Their ids, in the same order.
    pub const IDS: [&'static str; 4] = [Overlay::Cells.id(), Overlay::Polyamine.id(), Overlay::Drug.id(), Overlay::Perfusion.id()];

    /// Stable id used by JS and in i18n keys (`overlay.<id>`).
    pub const fn id(self) -> &'static str {
        match self {
            Overlay::Cells => "cells",
            Overlay::Polyamine => "polyamine",
            Overlay::Drug => "drug",
            Overlay::Perfusion => "perfusion",
        }
    }

    /// The overlay with this [`Overlay::id`], if any.
    pub fn from_id(id: &str) -> Option<Overlay> {
        Overlay::ALL.into_iter().find(|o| o.id() == id)
    }

    /// The overlay with this id, or an error naming the valid ones.
    pub fn parse(id: &str) -> Result<Overlay, String> {
        Overlay::from_id(id).ok_or_else(|| format!("overlay: unknown \"{id}\"; valid: {}", Overlay::IDS.join(", ")))
    }
}

/// One line of a legend: an i18n key and the colour it explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LegendEntry {
    pub key: &'static str,
    pub rgb: [u8; 3],
}

// ---- palette -------------------------------------------------------------

/// Pale warm neutral.
const STROMA: [u8; 3] = [0xEE, 0xEA, 0xE3];
/// Okabe–Ito orange #E69F00, muted (desaturated and lightened) to sand, so
/// the orange polyamine haze reads as a layer over it.
const TUMOUR: [u8; 3] = [0xE0, 0xC8, 0x98];
/// Okabe–Ito blue.
const EFFECTOR: [u8; 3] = [0x00, 0x72, 0xB2];
/// Okabe–Ito reddish purple (vermillion would vanish in the orange haze).
const TREG: [u8; 3] = [0xCC, 0x79, 0xA7];
/// Okabe–Ito grey.
const DEAD: [u8; 3] = [0x99, 0x99, 0x99];
/// A vessel with no perfusion: dark, dull bluish green.
const VESSEL_DIM: [u8; 3] = [0x1E, 0x3A, 0x33];
/// A fully perfused vessel: bright Okabe–Ito bluish green (#009E73, lightened).
const VESSEL_BRIGHT: [u8; 3] = [0x10, 0xD0, 0x98];

/// Site codes as indices into the per-site tables below.
const STROMA_I: usize = Site::Stroma as usize;
const TUMOUR_I: usize = Site::Tumour as usize;
const EFFECTOR_I: usize = Site::Effector as usize;
const TREG_I: usize = Site::Treg as usize;
const VESSEL_I: usize = Site::Vessel as usize;
const DEAD_I: usize = Site::Dead as usize;
/// Entries in a per-site table.
const SITES: usize = 6;

/// A per-site table from one value per [`Site`].
const fn by_site<T: Copy>(stroma: T, tumour: T, effector: T, treg: T, vessel: T, dead: T) -> [T; SITES] {
    let mut t = [stroma; SITES];
    t[TUMOUR_I] = tumour;
    t[EFFECTOR_I] = effector;
    t[TREG_I] = treg;
    t[VESSEL_I] = vessel;
    t[DEAD_I] = dead;
    t
}

/// Base colours by [`Site`] code; the vessel entry is unused (perfusion decides).
const PALETTE: [[u8; 3]; SITES] = by_site(STROMA, TUMOUR, EFFECTOR, TREG, VESSEL_DIM, DEAD);
/// Whether a haze covers the site (tissue yes, markers no), by [`Site`] code.
const HAZED: [bool; SITES] = by_site(true, true, false, false, false, true);

/// The perfusion overlay dims non-vessel sites towards this colour…
const DIM_TO: [u8; 3] = [0x16, 0x16, 0x1C];
/// …tissue by this fraction of 255…
const DIM_BY: u32 = 150;
/// …and T cells by less, so they still stand out.
const DIM_MARKERS_BY: u32 = 80;

/// Polyamine (relative units, per mille) at which the haze reaches the top
/// of its map, and the levels the legend shows: healthy tissue (about 0.3,
/// MODEL-SPEC A2) and an untreated tumour (1).
const POLYAMINE_FULL_PER_MILLE: u32 = 1250;
const POLYAMINE_HEALTHY_PER_MILLE: u32 = 300;
const POLYAMINE_UNTREATED_PER_MILLE: u32 = 1000;
const POLYAMINE_FULL: f32 = POLYAMINE_FULL_PER_MILLE as f32 / 1000.0;
/// Co-drug level (dose units, per mille) at which the drug haze saturates,
/// and the lower level the legend shows.
const DRUG_FULL_PER_MILLE: u32 = 500;
const DRUG_LOW_PER_MILLE: u32 = 200;
const DRUG_FULL: f32 = DRUG_FULL_PER_MILLE as f32 / 1000.0;
/// The perfusion the legend's "poorly perfused vessel" swatch shows (of 255).
const POOR_PERFUSION_LEVEL: usize = 51;
/// Haze opacity at saturation, of 255.
const HAZE_ALPHA: u32 = 215;
/// Haze opacity grows as t^(n / 2) of the level t: 4 (quadratic) keeps the
/// treated polyamine haze nearly clear; 3 lets moderate drug levels show.
const POLYAMINE_HALF_POWERS: u32 = 4;
const DRUG_HALF_POWERS: u32 = 3;

/// matplotlib `inferno`, 17 control points, t = 0, 1/16, …, 1.
const INFERNO: [[u8; 3]; 17] = [
    [0x00, 0x00, 0x04],
    [0x0B, 0x07, 0x24],
    [0x21, 0x0C, 0x4A],
    [0x3D, 0x09, 0x65],
    [0x57, 0x10, 0x6E],
    [0x71, 0x19, 0x6E],
    [0x8A, 0x22, 0x6A],
    [0xA3, 0x2C, 0x61],
    [0xBC, 0x37, 0x54],
    [0xD0, 0x45, 0x45],
    [0xE3, 0x59, 0x33],
    [0xF1, 0x71, 0x1F],
    [0xF9, 0x8C, 0x0A],
    [0xFC, 0xAA, 0x0F],
    [0xF9, 0xC9, 0x32],
    [0xF2, 0xE8, 0x65],
    [0xFC, 0xFF, 0xA4],
];

/// matplotlib `viridis`, 17 control points, t = 0, 1/16, …, 1.
const VIRIDIS: [[u8; 3]; 17] = [
    [0x44, 0x01, 0x54],
    [0x48, 0x18, 0x6A],
    [0x47, 0x2D, 0x7B],
    [0x42, 0x40, 0x86],
    [0x3B, 0x52, 0x8B],
    [0x33, 0x63, 0x8D],
    [0x2C, 0x72, 0x8E],
    [0x26, 0x82, 0x8E],
    [0x21, 0x91, 0x8C],
    [0x1F, 0x9F, 0x88],
    [0x27, 0xAD, 0x81],
    [0x3D, 0xBC, 0x74],
    [0x5C, 0xC8, 0x63],
    [0x81, 0xD3, 0x4D],
    [0xAA, 0xDC, 0x32],
    [0xD5, 0xE2, 0x1A],
    [0xFD, 0xE7, 0x25],
];

/// The maps expanded to 256 entries (index k ↔ t = k / 255).
const INFERNO_LUT: [[u8; 3]; 256] = expand(&INFERNO);
const VIRIDIS_LUT: [[u8; 3]; 256] = expand(&VIRIDIS);
/// Haze colour and opacity by level.
const POLYAMINE_HAZE: [[u8; 4]; 256] = haze(&INFERNO_LUT, POLYAMINE_HALF_POWERS);
const DRUG_HAZE: [[u8; 4]; 256] = haze(&VIRIDIS_LUT, DRUG_HALF_POWERS);
/// Vessel colour by perfusion, 256 levels.
const VESSEL_LUT: [[u8; 3]; 256] = ramp(VESSEL_DIM, VESSEL_BRIGHT);

/// `a` and `b` mixed with weight `f`/255 on `b` (rounded).
const fn mix(a: u8, b: u8, f: u32) -> u8 {
    ((a as u32 * (255 - f) + b as u32 * f + 127) / 255) as u8
}

const fn mix3(a: [u8; 3], b: [u8; 3], f: u32) -> [u8; 3] {
    [mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f)]
}

/// A 17-point map linearly interpolated to 256 entries.
const fn expand(map: &[[u8; 3]; 17]) -> [[u8; 3]; 256] {
    let mut lut = [[0; 3]; 256];
    let mut k = 0;
    while k < 256 {
        let s = k as u32 * 16;
        let (seg, f) = ((s / 255) as usize, s % 255);
        lut[k] = if seg >= 16 { map[16] } else { mix3(map[seg], map[seg + 1], f) };
        k += 1;
    }
    lut
}

/// 256 steps from `a` to `b`.
const fn ramp(a: [u8; 3], b: [u8; 3]) -> [[u8; 3]; 256] {
    let mut lut = [[0; 3]; 256];
    let mut k = 0;
    while k < 256 {
        lut[k] = mix3(a, b, k as u32);
        k += 1;
    }
    lut
}

/// ⌊√n⌋ for the haze tables (Newton's method on integers).
const fn isqrt(n: u32) -> u32 {
    if n < 2 {
        return n;
    }
    let mut x = n / 2;
    let mut y = (x + n / x) / 2;
    while y < x {
        x = y;
        y = (x + n / x) / 2;
    }
    x
}

/// A haze table: map colour and opacity `HAZE_ALPHA · t^(half_powers / 2)`
/// at t = k / 255.
const fn haze(lut: &[[u8; 3]; 256], half_powers: u32) -> [[u8; 4]; 256] {
    let mut out = [[0; 4]; 256];
    let mut k = 0;
    while k < 256 {
        let sqrt_t = isqrt(k as u32 * 255); // √t · 255
        let mut a = HAZE_ALPHA * 255;
        let mut g = 0;
        while g < half_powers {
            a = a * sqrt_t / 255;
            g += 1;
        }
        out[k] = [lut[k][0], lut[k][1], lut[k][2], ((a + 127) / 255) as u8];
        k += 1;
    }
    out
}

/// Site colours of the perfusion overlay by [`Site`] code (vessel unused).
const DIMMED: [[u8; 3]; SITES] = by_site(
    mix3(STROMA, DIM_TO, DIM_BY),
    mix3(TUMOUR, DIM_TO, DIM_BY),
    mix3(EFFECTOR, DIM_TO, DIM_MARKERS_BY),
    mix3(TREG, DIM_TO, DIM_MARKERS_BY),
    mix3(VESSEL_DIM, DIM_TO, DIM_BY),
    mix3(DEAD, DIM_TO, DIM_BY),
);

/// The colour of `base` under `haze` at `level`.
#[inline]
const fn hazed(base: [u8; 3], haze: &[[u8; 4]; 256], level: usize) -> [u8; 3] {
    let h = haze[level];
    mix3(base, [h[0], h[1], h[2]], h[3] as u32)
}

/// The haze over tumour at a field value (per mille of its unit), for the
/// legend; `full_per_mille` is the value at saturation.
const fn haze_swatch(haze: &[[u8; 4]; 256], value_per_mille: u32, full_per_mille: u32) -> [u8; 3] {
    let k = (value_per_mille * 255 + full_per_mille / 2) / full_per_mille;
    hazed(TUMOUR, haze, if k > 255 { 255 } else { k as usize })
}

// ---- legend --------------------------------------------------------------

const fn entry(key: &'static str, rgb: [u8; 3]) -> LegendEntry {
    LegendEntry { key, rgb }
}

const CELLS_LEGEND: [LegendEntry; 7] = [
    entry("legend.tumour", TUMOUR),
    entry("legend.effector", EFFECTOR),
    entry("legend.treg", TREG),
    entry("legend.dead", DEAD),
    entry("legend.stroma", STROMA),
    entry("legend.vessel_poor", VESSEL_LUT[POOR_PERFUSION_LEVEL]),
    entry("legend.vessel_good", VESSEL_BRIGHT),
];

/// Entries of a haze legend: the cells', then the haze at two levels.
const HAZE_LEGEND_LEN: usize = CELLS_LEGEND.len() + 2;

/// The cell entries followed by two haze entries.
const fn with_haze(low: LegendEntry, high: LegendEntry) -> [LegendEntry; HAZE_LEGEND_LEN] {
    let mut l = [low; HAZE_LEGEND_LEN];
    let mut i = 0;
    while i < CELLS_LEGEND.len() {
        l[i] = CELLS_LEGEND[i];
        i += 1;
    }
    l[HAZE_LEGEND_LEN - 1] = high;
    l
}

/// The haze as it looks over tumour at the level of healthy tissue (as with
/// DFMO + AMXT 1501: nearly clear) and of an untreated tumour.
const POLYAMINE_LEGEND: [LegendEntry; HAZE_LEGEND_LEN] = with_haze(
    entry("legend.polyamine_low", haze_swatch(&POLYAMINE_HAZE, POLYAMINE_HEALTHY_PER_MILLE, POLYAMINE_FULL_PER_MILLE)),
    entry("legend.polyamine_high", haze_swatch(&POLYAMINE_HAZE, POLYAMINE_UNTREATED_PER_MILLE, POLYAMINE_FULL_PER_MILLE)),
);

/// The haze as it looks over tumour at a low and at the saturating level.
const DRUG_LEGEND: [LegendEntry; HAZE_LEGEND_LEN] = with_haze(
    entry("legend.drug_low", haze_swatch(&DRUG_HAZE, DRUG_LOW_PER_MILLE, DRUG_FULL_PER_MILLE)),
    entry("legend.drug_high", haze_swatch(&DRUG_HAZE, DRUG_FULL_PER_MILLE, DRUG_FULL_PER_MILLE)),
);

const PERFUSION_LEGEND: [LegendEntry; 7] = [
    entry("legend.perfusion_low", VIRIDIS_LUT[0]),
    entry("legend.perfusion_high", VIRIDIS_LUT[255]),
    entry("legend.tumour", DIMMED[TUMOUR_I]),
    entry("legend.effector", DIMMED[EFFECTOR_I]),
    entry("legend.treg", DIMMED[TREG_I]),
    entry("legend.dead", DIMMED[DEAD_I]),
    entry("legend.stroma", DIMMED[STROMA_I]),
];

/// What the colours of `overlay` mean, in the order to list them.
pub fn legend(overlay: Overlay) -> &'static [LegendEntry] {
    match overlay {
        Overlay::Cells => &CELLS_LEGEND,
        Overlay::Polyamine => &POLYAMINE_LEGEND,
        Overlay::Drug => &DRUG_LEGEND,
        Overlay::Perfusion => &PERFUSION_LEGEND,
    }
}

// ---- render --------------------------------------------------------------

/// One pixel: red, green, blue, alpha.
type Rgba = [u8; 4];

const fn opaque(c: [u8; 3]) -> Rgba {
    [c[0], c[1], c[2], 255]
}

/// A colour table as opaque pixels.
const fn opaque_all<const N: usize>(colours: &[[u8; 3]; N]) -> [Rgba; N] {
    let mut out = [[0; 4]; N];
    let mut i = 0;
    while i < N {
        out[i] = opaque(colours[i]);
        i += 1;
    }
    out
}

const CELL_PIXELS: [Rgba; SITES] = opaque_all(&PALETTE);
const DIMMED_PIXELS: [Rgba; SITES] = opaque_all(&DIMMED);
const VESSEL_PIXELS: [Rgba; 256] = opaque_all(&VESSEL_LUT);
const PERFUSION_PIXELS: [Rgba; 256] = opaque_all(&VIRIDIS_LUT);

/// A field value as a 0..=255 level on a fixed scale (`scale` = 255 / full).
/// NaN and negatives give 0; values past full saturate.
#[inline(always)]
fn level(v: f32, scale: f32) -> usize {
    // `as u8` saturates at 0 and 255 and maps NaN to 0.
    (v * scale + 0.5) as u8 as usize
}

/// [`Site`] code as an index into the per-site tables (unknown → stroma).
#[inline(always)]
fn code(cell: u8) -> usize {
    Site::from_u8(cell) as usize
}

/// FNV-1a hash of a picture's bytes (native and wasm pictures are compared by it).
pub fn pixel_hash(rgba: &[u8]) -> u64 {
    rgba.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Pixels per site along each axis: the section is drawn at 2× so that
/// T cells and Tregs can be drawn as discs larger than their site, and the
/// hazes interpolated smoothly, while the lattice keeps its size.
pub const SCALE: usize = 2;

/// The picture's side in pixels for a lattice of `side` sites.
pub const fn picture_side(side: usize) -> usize {
    SCALE * side
}

/// Offsets (in pixels, from the top-left pixel of a site) of the disc drawn
/// for a T cell or a Treg: a 4 × 4 block without its corners, centred on the
/// site, so a marker is 2 sites across and reads at phone width.
const MARKER_DISC: [(isize, isize); 12] = [(0, -1), (1, -1), (-1, 0), (0, 0), (1, 0), (2, 0), (-1, 1), (0, 1), (1, 1), (2, 1), (0, 2), (1, 2)];

/// Draw `l` into `rgba`: [`picture_side`]² pixels, row-major, 4 bytes a
/// pixel, alpha 255; a site is a [`SCALE`] × [`SCALE`] block, T cells and
/// Tregs are discs drawn last. Allocates nothing and never panics: pixels
/// that `rgba` does not hold and sites that `cells` or `perfusion` do not
/// hold are skipped, and a field whose size does not match `field_side =
/// side / 2` is drawn as empty.
pub fn render(l: &Lattice, overlay: Overlay, rgba: &mut [u8]) {
    let (cells, vessels) = match overlay {
        Overlay::Perfusion => (&DIMMED_PIXELS, &PERFUSION_PIXELS),
        _ => (&CELL_PIXELS, &VESSEL_PIXELS),
    };
    match overlay {
        Overlay::Cells | Overlay::Perfusion => draw_sites(l, rgba, cells, vessels),
        Overlay::Polyamine => draw_haze(l, &l.polyamine, &POLYAMINE_HAZE, 255.0 / POLYAMINE_FULL, rgba),
        Overlay::Drug => draw_haze(l, &l.drug, &DRUG_HAZE, 255.0 / DRUG_FULL, rgba),
    }
    draw_markers(l, rgba, cells);
}

/// The site code and perfusion of site `i` (stroma past the end of the data).
#[inline(always)]
fn site(l: &Lattice, i: usize) -> (usize, f32) {
    (l.cells.get(i).map_or(STROMA_I, |&c| code(c)), l.perfusion.get(i).copied().unwrap_or(0.0))
}

/// Write pixel (x, y) of a picture `w` pixels wide, if `rgba` holds it.
#[inline(always)]
fn put(rgba: &mut [u8], w: usize, x: usize, y: usize, px: &Rgba) {
    let o = 4 * (y * w + x);
    if let Some(dst) = rgba.get_mut(o..o + 4) {
        dst.copy_from_slice(px);
    }
}

/// Every site as a block from `cells` by type, vessels from `vessels` by perfusion.
fn draw_sites(l: &Lattice, rgba: &mut [u8], cells: &[Rgba; SITES], vessels: &[Rgba; 256]) {
    let (n, w) = (l.side, picture_side(l.side));
    for y in 0..n {
        for x in 0..n {
            let (c, p) = site(l, y * n + x);
            let px = if c == VESSEL_I { &vessels[level(p, 255.0)] } else { &cells[c] };
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                put(rgba, w, SCALE * x + dx, SCALE * y + dy, px);
            }
        }
    }
}

/// T cells and Tregs as discs over whatever is drawn (markers are never hazed).
fn draw_markers(l: &Lattice, rgba: &mut [u8], cells: &[Rgba; SITES]) {
    let (n, w) = (l.side, picture_side(l.side));
    for (i, &cell) in l.cells.iter().enumerate().take(n * n) {
        let c = code(cell);
        if c != EFFECTOR_I && c != TREG_I {
            continue;
        }
        let (x, y) = ((SCALE * (i % n)) as isize, (SCALE * (i / n)) as isize);
        for (dx, dy) in MARKER_DISC {
            let (px, py) = (x + dx, y + dy);
            if px >= 0 && py >= 0 && (px as usize) < w && (py as usize) < w {
                put(rgba, w, px as usize, py as usize, &cells[c]);
            }
        }
    }
}

/// The two coarse cells a pixel lies between along one axis and the weight
/// of the first: pixel centres sit ⅛, ⅜, ⅝, ⅞ of the way across a coarse
/// cell (4 pixels); the edge repeats.
#[inline(always)]
fn between(p: usize, fs: usize) -> (usize, usize, f32) {
    let k = p / 4;
    match p % 4 {
        0 => (k.saturating_sub(1), k, 0.375),
        1 => (k.saturating_sub(1), k, 0.125),
        2 => (k, (k + 1).min(fs - 1), 0.875),
        _ => (k, (k + 1).min(fs - 1), 0.625),
    }
}

/// Cells with a haze of `field` (coarse grid, bilinear at every pixel, so no
/// blocks show) drawn through `haze` on the fixed scale `scale` (= 255 /
/// value at saturation).
fn draw_haze(l: &Lattice, field: &[f32], haze: &[[u8; 4]; 256], scale: f32, rgba: &mut [u8]) {
    let (n, fs) = (l.side, l.field_side);
    if fs == 0 || n != 2 * fs || field.len() < fs * fs {
        return draw_sites(l, rgba, &CELL_PIXELS, &VESSEL_PIXELS);
    }
    // Every site type at every haze level (markers are drawn later): 6 KB
    // on the stack, a few µs to fill, and the pixel loop is a lookup.
    let mut table = [[[0; 4]; 256]; SITES];
    for (c, levels) in table.iter_mut().enumerate() {
        for (k, px) in levels.iter_mut().enumerate() {
            *px = opaque(if HAZED[c] { hazed(PALETTE[c], haze, k) } else { PALETTE[c] });
        }
    }
    let w = picture_side(n);
    // One row of coarse values on the level scale (the lattice side is at most 512).
    let mut column = [0f32; Lattice::SIDE_RANGE.1 / 2];
    if rgba.len() >= w * w * 4 && l.cells.len() >= n * n && l.perfusion.len() >= n * n {
        // The whole picture: row by row, four pixels (two sites) per coarse
        // cell. Plain index loops and byte writes: the shipped wasm is built
        // for size (opt-level "z"), which would call the iterator adapters
        // and copy_from_slice for every pixel (measured: 5x slower).
        let (cells_all, perf_all): (&[u8], &[f32]) = (&l.cells, &l.perfusion);
        for py in 0..w {
            let (a, b, wa) = between(py, fs);
            let (row_a, row_b) = (&field[a * fs..a * fs + fs], &field[b * fs..b * fs + fs]);
            for j in 0..fs {
                column[j] = (wa * row_a[j] + (1.0 - wa) * row_b[j]) * scale;
            }
            let sites = (py / SCALE) * n;
            let (cells, perf) = (&cells_all[sites..sites + n], &perf_all[sites..sites + n]);
            let row = &mut rgba[py * w * 4..(py + 1) * w * 4];
            for j in 0..fs {
                let (left, mid, right) = (column[j.saturating_sub(1)], column[j], column[(j + 1).min(fs - 1)]);
                let levels = [0.375 * left + 0.625 * mid, 0.125 * left + 0.875 * mid, 0.875 * mid + 0.125 * right, 0.625 * mid + 0.375 * right];
                for k in 0..4 {
                    let s = 2 * j + k / 2;
                    let c = code(cells[s]);
                    let px = if c == VESSEL_I { VESSEL_PIXELS[level(perf[s], 255.0)] } else { table[c][level(levels[k], 1.0)] };
                    let o = 16 * j + 4 * k;
                    row[o] = px[0];
                    row[o + 1] = px[1];
                    row[o + 2] = px[2];
                    row[o + 3] = px[3];
                }
            }
        }
        return;
    }
    for py in 0..w {
        let (a, b, wa) = between(py, fs);
        let (row_a, row_b) = (&field[a * fs..a * fs + fs], &field[b * fs..b * fs + fs]);
        for (j, v) in column.iter_mut().take(fs).enumerate() {
            *v = (wa * row_a[j] + (1.0 - wa) * row_b[j]) * scale;
        }
        for px in 0..w {
            let (c, p) = site(l, (py / SCALE) * n + px / SCALE);
            let colour = if c == VESSEL_I {
                &VESSEL_PIXELS[level(p, 255.0)]
            } else {
                let (ca, cb, wc) = between(px, fs);
                &table[c][level(wc * column[ca] + (1.0 - wc) * column[cb], 1.0)]
            };
            put(rgba, w, px, py, colour);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A splitmix64 hash of `k` to [0, 1).
    fn hash01(k: u64) -> f64 {
        let mut z = k.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An illustrative section: untreated (thick haze, rim T cells, dim sparse
    /// vessels) or treated (thin haze, T cells in the core, bright vessels).
    fn scene(side: usize, treated: bool) -> Lattice {
        let mut l = Lattice::empty(side);
        let (s, c, radius) = (l.side, l.side as f64 / 2.0, 0.36 * l.side as f64);
        let mut n = 0u64;
        let mut rnd = || {
            n += 1;
            hash01(n + if treated { 1 << 40 } else { 0 })
        };
        for y in 0..s {
            for x in 0..s {
                let r = (((x as f64 - c).powi(2) + (y as f64 - c).powi(2)).sqrt()) / radius;
                let u = rnd();
                let code = if treated {
                    if r < 1.0 && u < 0.05 {
                        Site::Effector
                    } else if r < 1.0 && u < 0.055 {
                        Site::Treg
                    } else if r < 1.0 && u < 0.12 {
                        Site::Dead
                    } else if r < 1.0 {
                        Site::Tumour
                    } else {
                        Site::Stroma
                    }
                } else if (0.92..1.12).contains(&r) && u < 0.22 || r < 1.0 && u < 0.004 {
                    Site::Effector
                } else if r < 0.8 && u < 0.03 {
                    Site::Treg
                } else if r < 1.0 && u < 0.04 {
                    Site::Dead
                } else if r < 1.0 {
                    Site::Tumour
                } else {
                    Site::Stroma
                };
                l.cells[y * s + x] = code as u8;
            }
        }
        let (segments, p_lo, p_hi) = if treated { (40, 0.6, 0.95) } else { (22, 0.1, 0.35) };
        for _ in 0..segments {
            let (mut x, mut y) = ((rnd() * s as f64) as i64, (rnd() * s as f64) as i64);
            let p = (p_lo + (p_hi - p_lo) * rnd()) as f32;
            let (mut dx, mut dy) = (if rnd() < 0.5 { 1 } else { -1 }, 0i64);
            for _ in 0..24 {
                if x >= 0 && y >= 0 && (x as usize) < s && (y as usize) < s {
                    let i = y as usize * s + x as usize;
                    l.cells[i] = Site::Vessel as u8;
                    l.perfusion[i] = p;
                }
                if rnd() < 0.25 {
                    (dx, dy) = (dy, dx);
                }
                x += dx;
                y += dy;
            }
        }
        let fs = l.field_side;
        let level = if treated { 0.3 } else { 1.0 };
        let reach = if treated { 14.0 } else { 5.0 };
        let vessels: Vec<(f64, f64, f64)> = (0..s * s)
            .filter(|&i| l.cells[i] == Site::Vessel as u8)
            .map(|i| ((i % s) as f64, (i / s) as f64, l.perfusion[i] as f64))
            .collect();
        for j in 0..fs {
            for i in 0..fs {
                let (x, y) = (2.0 * i as f64 + 0.5, 2.0 * j as f64 + 0.5);
                let r = (((x - c).powi(2) + (y - c).powi(2)).sqrt()) / radius;
                let p = if r < 1.0 { 1.0 - 0.35 * r * r } else { 0.65 * (-(r - 1.0) * 6.0).exp() };
                l.polyamine[j * fs + i] = (level * p) as f32;
                let d: f64 = vessels
                    .iter()
                    .map(|&(vx, vy, vp)| vp * (-((x - vx).powi(2) + (y - vy).powi(2)).sqrt() / reach).exp())
                    .fold(0.0, f64::max);
                l.drug[j * fs + i] = (0.6 * d) as f32;
            }
        }
        l
    }

    /// CIE L*a*b* of an sRGB colour (D65).
    fn lab(c: [u8; 3]) -> [f64; 3] {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        let (r, g, b) = (lin(c[0]), lin(c[1]), lin(c[2]));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    /// CIE76 colour difference.
    fn delta_e(a: [u8; 3], b: [u8; 3]) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    /// Pixel (x, y) of the picture of a lattice `side` sites wide.
    fn pixel(rgba: &[u8], side: usize, x: usize, y: usize) -> [u8; 3] {
        let i = 4 * (y * picture_side(side) + x);
        [rgba[i], rgba[i + 1], rgba[i + 2]]
    }

    /// The top-left pixel of site (x, y).
    fn site_pixel(rgba: &[u8], side: usize, x: usize, y: usize) -> [u8; 3] {
        pixel(rgba, side, SCALE * x, SCALE * y)
    }

    /// A picture buffer for a lattice `side` sites wide.
    fn picture(side: usize) -> Vec<u8> {
        vec![0; picture_side(side) * picture_side(side) * 4]
    }

    /// A 64 × 64 lattice of `site` with uniform fields and perfusion.
    fn uniform(site: Site, polyamine: f32, drug: f32, perfusion: f32) -> Lattice {
        let mut l = Lattice::empty(64);
        l.cells.fill(site as u8);
        l.perfusion.fill(perfusion);
        l.polyamine.fill(polyamine);
        l.drug.fill(drug);
        l
    }

    /// The colour `render` gives the site at (20, 20) of `l` (its four pixels agree).
    fn drawn(l: &Lattice, overlay: Overlay) -> [u8; 3] {
        let mut rgba = picture(l.side);
        render(l, overlay, &mut rgba);
        let block: Vec<[u8; 3]> = [(0, 0), (1, 0), (0, 1), (1, 1)].iter().map(|&(dx, dy)| pixel(&rgba, l.side, 40 + dx, 40 + dy)).collect();
        assert!(block.iter().all(|&c| c == block[0]), "{overlay:?}: site (20, 20) is one colour: {block:?}");
        block[0]
    }

    #[test]
    fn overlay_ids_round_trip() {
        for o in Overlay::ALL {
            assert_eq!(Overlay::from_id(o.id()), Some(o), "id {:?} should map back to {o:?}", o.id());
        }
        assert_eq!(Overlay::from_id("Cells"), None, "ids are case-sensitive");
        assert_eq!(Overlay::from_id(""), None);
    }

    #[test]
    fn every_overlay_writes_every_pixel_opaque() {
        for l in [Lattice::empty(64), scene(256, false), scene(256, true)] {
            for o in Overlay::ALL {
                let mut rgba = picture(l.side);
                render(&l, o, &mut rgba);
                let transparent = rgba.chunks_exact(4).filter(|px| px[3] != 255).count();
                assert_eq!(transparent, 0, "{o:?} at side {} left {transparent} pixels not opaque", l.side);
            }
        }
    }

    #[test]
    fn effector_t_cells_stand_out_from_tumour_in_every_overlay() {
        let mut rgba = picture(64);
        for o in Overlay::ALL {
            for (p, d) in [(0.0, 0.0), (0.3, 0.1), (1.0, 0.25), (1.25, 0.5), (5.0, 5.0)] {
                let mut l = uniform(Site::Tumour, p, d, 0.0);
                l.cells[20 * 64 + 20] = Site::Effector as u8;
                render(&l, o, &mut rgba);
                let (t_cell, tumour) = (site_pixel(&rgba, 64, 20, 20), site_pixel(&rgba, 64, 22, 20));
                let de = delta_e(t_cell, tumour);
                let what = format!("{o:?}, polyamine {p}, drug {d}: T cell {t_cell:?} vs tumour {tumour:?}");
                assert!(de > 40.0, "{what}: ΔE {de:.1}, want > 40");
            }
        }
    }

    #[test]
    fn cell_types_are_told_apart() {
        for o in Overlay::ALL {
            let types = [Site::Stroma, Site::Tumour, Site::Effector, Site::Treg, Site::Dead];
            for (i, &a) in types.iter().enumerate() {
                for &b in &types[i + 1..] {
                    let (ca, cb) = (drawn(&uniform(a, 0.0, 0.0, 0.0), o), drawn(&uniform(b, 0.0, 0.0, 0.0), o));
                    let de = delta_e(ca, cb);
                    assert!(de > 10.0, "{o:?}: {a:?} {ca:?} and {b:?} {cb:?} differ by ΔE {de:.1}, want > 10");
                }
            }
        }
    }

    #[test]
    fn thicker_polyamine_makes_a_hazier_tumour() {
        let plain = drawn(&uniform(Site::Tumour, 0.0, 0.0, 0.0), Overlay::Polyamine);
        assert_eq!(plain, TUMOUR, "no polyamine, no haze");
        let thin = drawn(&uniform(Site::Tumour, 0.3, 0.0, 0.0), Overlay::Polyamine);
        let thick = drawn(&uniform(Site::Tumour, 1.0, 0.0, 0.0), Overlay::Polyamine);
        let (de_thin, de_thick) = (delta_e(plain, thin), delta_e(plain, thick));
        assert!(de_thick > 25.0, "untreated haze should be strong: ΔE {de_thick:.1} from plain tumour, want > 25");
        assert!(
            de_thick > de_thin + 15.0,
            "haze at 1.0 (ΔE {de_thick:.1}) should be far hazier than at 0.3 (ΔE {de_thin:.1})"
        );
        assert!(delta_e(thin, thick) > 20.0, "treated {thin:?} and untreated {thick:?} tumour should look different");
    }

    #[test]
    fn more_drug_makes_a_denser_drug_haze() {
        let plain = drawn(&uniform(Site::Tumour, 0.0, 0.0, 0.0), Overlay::Drug);
        let mut last = 0.0;
        for d in [0.1, 0.2, 0.3, 0.4, 0.5] {
            let de = delta_e(plain, drawn(&uniform(Site::Tumour, 0.0, d, 0.0), Overlay::Drug));
            assert!(de > last, "drug {d}: haze (ΔE {de:.1} from plain) should be denser than at less drug (ΔE {last:.1})");
            last = de;
        }
    }

    /// A T cell is a disc two sites across: its own site and a ring into
    /// its neighbours, without the block's corners, so it reads at phone width.
    #[test]
    fn t_cells_and_tregs_are_discs_two_sites_across() {
        for (site, colour) in [(Site::Effector, EFFECTOR), (Site::Treg, TREG)] {
            let mut l = uniform(Site::Stroma, 0.0, 0.0, 0.0);
            l.cells[20 * 64 + 20] = site as u8;
            let mut rgba = picture(64);
            render(&l, Overlay::Cells, &mut rgba);
            let marked: Vec<(usize, usize)> = (36..46).flat_map(|y| (36..46).map(move |x| (x, y))).filter(|&(x, y)| pixel(&rgba, 64, x, y) == colour).collect();
            assert_eq!(marked.len(), 12, "{site:?}: 12 pixels, a 4 × 4 disc: {marked:?}");
            assert!(marked.contains(&(39, 40)) && marked.contains(&(42, 41)) && !marked.contains(&(39, 39)), "{site:?}: centred on the site, corners cut: {marked:?}");
        }
    }

    #[test]
    fn markers_are_drawn_above_the_haze() {
        for (site, colour) in [(Site::Effector, EFFECTOR), (Site::Treg, TREG)] {
            for o in [Overlay::Polyamine, Overlay::Drug] {
                assert_eq!(drawn(&uniform(site, 2.0, 2.0, 0.0), o), colour, "{site:?} under thick {o:?} haze");
            }
        }
    }

    #[test]
    fn vessel_brightness_increases_with_perfusion() {
        let luma = |c: [u8; 3]| lab(c)[0];
        for o in Overlay::ALL {
            let mut last = -1.0;
            for k in 0..=10 {
                let p = k as f32 / 10.0;
                let l = luma(drawn(&uniform(Site::Vessel, 1.0, 0.5, p), o));
                assert!(l > last + 2.0, "{o:?}: vessel at perfusion {p} has L* {l:.1}, not clearly above {last:.1}");
                last = l;
            }
        }
    }

    #[test]
    fn colour_maps_are_monotone_in_lightness() {
        for (name, lut) in [("inferno", &INFERNO_LUT), ("viridis", &VIRIDIS_LUT), ("vessel", &VESSEL_LUT)] {
            let l: Vec<f64> = lut.iter().map(|&c| lab(c)[0]).collect();
            for k in 1..256 {
                assert!(l[k] >= l[k - 1] - 0.3, "{name}: L* falls from {:.2} to {:.2} at entry {k}", l[k - 1], l[k]);
            }
            assert!(l[255] - l[0] > 45.0, "{name}: L* spans only {:.1}", l[255] - l[0]);
        }
    }

    #[test]
    fn expanded_maps_pass_through_their_control_points() {
        for (name, lut, map) in [("inferno", &INFERNO_LUT, &INFERNO), ("viridis", &VIRIDIS_LUT, &VIRIDIS)] {
            assert_eq!((lut[0], lut[255]), (map[0], map[16]), "{name}: ends");
            for (k, point) in map.iter().enumerate() {
                // Entry k·255/16 (rounded) is within half a step of t = k/16.
                let entry = lut[(k * 255 + 8) / 16];
                let off = (0..3).map(|i| entry[i].abs_diff(point[i])).max().unwrap_or(0);
                assert!(off <= 3, "{name}: entry near point {k} is {entry:?}, point is {point:?}");
            }
        }
    }

    #[test]
    fn legend_colours_are_the_colours_drawn() {
        let site_of = |key: &str| match key {
            "legend.tumour" => Some(Site::Tumour),
            "legend.effector" => Some(Site::Effector),
            "legend.treg" => Some(Site::Treg),
            "legend.dead" => Some(Site::Dead),
            "legend.stroma" => Some(Site::Stroma),
            _ => None,
        };
        for o in Overlay::ALL {
            for e in legend(o) {
                let l = match (site_of(e.key), e.key) {
                    (Some(site), _) => uniform(site, 0.0, 0.0, 0.0),
                    (None, "legend.vessel_poor") => uniform(Site::Vessel, 0.0, 0.0, 0.2),
                    (None, "legend.vessel_good" | "legend.perfusion_high") => uniform(Site::Vessel, 0.0, 0.0, 1.0),
                    (None, "legend.perfusion_low") => uniform(Site::Vessel, 0.0, 0.0, 0.0),
                    (None, "legend.polyamine_low") => uniform(Site::Tumour, 0.3, 0.0, 0.0),
                    (None, "legend.polyamine_high") => uniform(Site::Tumour, 1.0, 0.0, 0.0),
                    (None, "legend.drug_low") => uniform(Site::Tumour, 0.0, 0.2, 0.0),
                    (None, "legend.drug_high") => uniform(Site::Tumour, 0.0, 0.5, 0.0),
                    (None, key) => panic!("{o:?}: legend key {key} has no test lattice"),
                };
                assert_eq!(drawn(&l, o), e.rgb, "{o:?}: legend {} says {:?}", e.key, e.rgb);
            }
        }
    }

    #[test]
    fn every_legend_lists_the_cell_types() {
        for o in Overlay::ALL {
            for key in ["legend.tumour", "legend.effector", "legend.treg", "legend.dead", "legend.stroma"] {
                assert!(legend(o).iter().any(|e| e.key == key), "{o:?} legend lacks {key}");
            }
        }
    }

    #[test]
    fn haze_is_smooth_across_coarse_cells() {
        // A field that steps from 0 to 1 between coarse columns 15 and 16
        // (sites 30–31 | 32–33): bilinear sampling gives sites 31 and 32 the
        // values ¼ and ¾.
        let mut l = uniform(Site::Tumour, 0.0, 0.0, 0.0);
        for (i, v) in l.polyamine.iter_mut().enumerate() {
            *v = if i % l.field_side >= 16 { 1.0 } else { 0.0 };
        }
        let mut rgba = picture(64);
        render(&l, Overlay::Polyamine, &mut rgba);
        // Pixels 56–71 span coarse columns 14–17; the step lies between pixels 63 and 64.
        let de: Vec<f64> = (56..72).map(|x| delta_e(TUMOUR, pixel(&rgba, 64, x, 19))).collect();
        let flat = de[..2].iter().all(|&d| d == 0.0) && de[14..].iter().all(|&d| d == de[15]);
        assert!(flat, "flat away from the step: {de:.1?}");
        assert!(de.windows(2).all(|w| w[1] >= w[0]), "haze should rise monotonically across the step: {de:.1?}");
        let levels = de.iter().filter(|&&d| d > 0.0 && d < de[15]).count();
        assert!(levels >= 4, "a ramp four pixels wide (one coarse cell), not a block edge: {de:.1?}");
    }

    #[test]
    fn render_fills_any_empty_lattice_side_with_stroma() {
        let stroma = opaque(STROMA);
        for side in 64..=512 {
            let l = Lattice::empty(side);
            let n = l.side;
            let pixels = picture_side(n) * picture_side(n);
            for o in Overlay::ALL {
                // One pixel too many: the spare one keeps its sentinel.
                let mut rgba = vec![7; (pixels + 1) * 4];
                render(&l, o, &mut rgba);
                let want = if o == Overlay::Perfusion { opaque(DIMMED[Site::Stroma as usize]) } else { stroma };
                assert!(rgba[..pixels * 4].chunks_exact(4).all(|px| px == want), "side {side}, {o:?}: every site drawn as stroma");
                assert_eq!(&rgba[pixels * 4..], &[7; 4], "side {side}, {o:?}: nothing written past the picture");
            }
        }
    }

    #[test]
    fn hostile_values_and_short_buffers_do_not_panic() {
        let mut l = scene(64, false);
        for (i, v) in l.polyamine.iter_mut().chain(l.drug.iter_mut()).chain(l.perfusion.iter_mut()).enumerate() {
            *v = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -1.0, 1e30, 0.5][i % 6];
        }
        for (i, c) in l.cells.iter_mut().enumerate() {
            *c = (i * 37 % 256) as u8; // unknown codes draw as stroma
        }
        for o in Overlay::ALL {
            let mut rgba = picture(64);
            render(&l, o, &mut rgba);
            assert!(rgba.chunks_exact(4).all(|px| px[3] == 255), "{o:?}: hostile values must still draw opaque pixels");
            // A short buffer gets exactly the start of the picture.
            let mut short = vec![0; 1000];
            render(&l, o, &mut short);
            assert_eq!(short, rgba[..1000], "{o:?}: a short buffer holds the start of the picture");
        }
        // Fields of the wrong size are drawn as empty.
        let mut odd = scene(64, true);
        odd.polyamine.truncate(10);
        odd.drug.clear();
        let (mut a, mut b) = (picture(64), picture(64));
        render(&odd, Overlay::Cells, &mut a);
        for o in [Overlay::Polyamine, Overlay::Drug] {
            render(&odd, o, &mut b);
            assert!(a == b, "{o:?} with a malformed field should draw the cells");
        }
    }

    /// `cargo test --profile test-opt --lib lattice::render::tests::render_time -- --ignored --nocapture`
    #[test]
    #[ignore = "timing, not a check"]
    fn render_time() {
        let l = scene(256, false);
        let mut rgba = picture(256);
        for o in Overlay::ALL {
            // Best of 10 batches: the machine is shared.
            let (batches, n) = (10, 200);
            let best = (0..batches)
                .map(|_| {
                    let t = std::time::Instant::now();
                    for _ in 0..n {
                        render(std::hint::black_box(&l), o, std::hint::black_box(&mut rgba));
                    }
                    t.elapsed().as_secs_f64() / n as f64
                })
                .fold(f64::INFINITY, f64::min);
            println!("render 256² {o:?}: {:.1} µs (best batch mean of {batches} × {n})", best * 1e6);
        }
    }

    #[test]
    #[ignore = "writes pictures (PPM) and the legends (JSON) to the temp dir for a human to look at"]
    fn dump_pictures() {
        for treated in [false, true] {
            let l = scene(256, treated);
            let mut rgba = picture(l.side);
            for o in Overlay::ALL {
                render(&l, o, &mut rgba);
                let mut ppm = format!("P6 {} {} 255\n", picture_side(l.side), picture_side(l.side)).into_bytes();
                for px in rgba.chunks_exact(4) {
                    ppm.extend_from_slice(&px[..3]);
                }
                let name = format!("lattice-{}-{}.ppm", if treated { "treated" } else { "untreated" }, o.id());
                std::fs::write(std::env::temp_dir().join(name), ppm).unwrap();
            }
        }
        let legends: Vec<String> = Overlay::ALL
            .iter()
            .map(|&o| {
                let entries: Vec<String> =
                    legend(o).iter().map(|e| format!("{{\"key\":\"{}\",\"rgb\":{:?}}}", e.key, e.rgb)).collect();
                format!("\"{}\":[{}]", o.id(), entries.join(","))
            })
            .collect();
        std::fs::write(std::env::temp_dir().join("lattice-legend.json"), format!("{{{}}}", legends.join(","))).unwrap();
    }
}
