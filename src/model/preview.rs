//! A placeholder tissue picture for the first vertical slice: a tumour disc
//! in stroma, a polyamine haze whose density falls as the inhibitor dose
//! rises, and T cells that reach deeper as the haze thins.
//!
//! It is deliberately simple: the tissue lattice of MODEL-SPEC part B replaces
//! its content; the plumbing (an RGBA buffer owned here, viewed zero-copy by
//! JS) stays.

/// Number of T-cell markers drawn.
const N_T_CELLS: usize = 160;

/// A width × height RGBA picture of the tissue, redrawn by [`Preview::render`].
pub struct Preview {
    width: usize,
    height: usize,
    /// Inhibitor level in [0, 1]: 0 untreated, 1 full polyamine blockade.
    inhibition: f64,
    /// Simulated time in steps; T cells drift as it advances.
    t_steps: u64,
    rgba: Vec<u8>,
}

impl Preview {
    /// Allowed side lengths in pixels.
    pub const SIDE_RANGE: (usize, usize) = (16, 1024);

    /// A new picture; sides are clamped to [`Preview::SIDE_RANGE`].
    pub fn new(width: usize, height: usize) -> Self {
        let (lo, hi) = Self::SIDE_RANGE;
        let width = width.clamp(lo, hi);
        let height = height.clamp(lo, hi);
        let mut p = Preview { width, height, inhibition: 0.0, t_steps: 0, rgba: vec![0; width * height * 4] };
        p.render();
        p
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn inhibition(&self) -> f64 {
        self.inhibition
    }

    /// Set the inhibitor level; values outside [0, 1] (or NaN) are clamped to
    /// the nearest valid value (NaN becomes 0).
    pub fn set_inhibition(&mut self, level: f64) {
        self.inhibition = if level.is_nan() { 0.0 } else { level.clamp(0.0, 1.0) };
    }

    /// Advance the picture's clock by `n` steps.
    pub fn step(&mut self, n: u32) {
        self.t_steps = self.t_steps.wrapping_add(u64::from(n));
    }

    /// The RGBA bytes, row-major, 4 bytes a pixel.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// Redraw into the RGBA buffer (no allocation).
    pub fn render(&mut self) {
        let (w, h) = (self.width as f64, self.height as f64);
        let (cx, cy) = (w / 2.0, h / 2.0);
        let radius = 0.36 * w.min(h);
        let haze = 1.0 - 0.75 * self.inhibition;
        for y in 0..self.height {
            for x in 0..self.width {
                let dx = x as f64 + 0.5 - cx;
                let dy = y as f64 + 0.5 - cy;
                let r = libm::sqrt(dx * dx + dy * dy) / radius;
                let i = 4 * (y * self.width + x);
                // Stroma: pale warm grey. Tumour: grey-blue. Haze: orange,
                // densest at the core.
                let (mut red, mut green, mut blue) = if r < 1.0 { (120.0, 134.0, 160.0) } else { (236.0, 230.0, 222.0) };
                let density = haze * (1.0 - r * r).max(0.0);
                red += (230.0 - red) * 0.8 * density;
                green += (159.0 - green) * 0.8 * density;
                blue += (0.0 - blue) * 0.8 * density;
                self.rgba[i] = red as u8;
                self.rgba[i + 1] = green as u8;
                self.rgba[i + 2] = blue as u8;
                self.rgba[i + 3] = 255;
            }
        }
        // T cells: start on a ring outside the rim and move inward; untreated
        // they stop at the rim, with full inhibition they reach the core.
        let reach = 1.0 - 0.9 * self.inhibition; // deepest radius reached, in tumour radii
        for k in 0..N_T_CELLS {
            let u = hash01(k as u64 * 2 + 1);
            let v = hash01(k as u64 * 2 + 2);
            let angle = core::f64::consts::TAU * u;
            let phase = ((self.t_steps as f64) * 0.004 + v) % 1.0;
            let r = 1.25 - (1.25 - reach) * phase;
            let px = cx + r * radius * libm::cos(angle);
            let py = cy + r * radius * libm::sin(angle);
            self.dot(px, py, [0, 114, 178]);
        }
    }

    fn dot(&mut self, px: f64, py: f64, rgb: [u8; 3]) {
        let (x0, y0) = (px as i64, py as i64);
        for y in y0 - 1..=y0 + 1 {
            for x in x0 - 1..=x0 + 1 {
                if x >= 0 && y >= 0 && (x as usize) < self.width && (y as usize) < self.height {
                    let i = 4 * (y as usize * self.width + x as usize);
                    self.rgba[i..i + 3].copy_from_slice(&rgb);
                }
            }
        }
    }
}

/// A deterministic hash of `k` to [0, 1) (splitmix64 finaliser).
fn hash01(k: u64) -> f64 {
    let mut z = k.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_are_clamped_to_the_allowed_range() {
        let p = Preview::new(1, 5000);
        assert_eq!((p.width(), p.height()), (16, 1024));
        assert_eq!(p.rgba().len(), 16 * 1024 * 4);
    }

    #[test]
    fn inhibition_changes_the_picture() {
        let mut p = Preview::new(64, 64);
        let before = p.rgba().to_vec();
        p.set_inhibition(1.0);
        p.render();
        assert_ne!(before, p.rgba(), "full inhibition should thin the haze and move T cells");
    }

    #[test]
    fn bad_inhibition_is_clamped() {
        let mut p = Preview::new(32, 32);
        p.set_inhibition(f64::NAN);
        assert_eq!(p.inhibition(), 0.0);
        p.set_inhibition(7.0);
        assert_eq!(p.inhibition(), 1.0);
    }

    #[test]
    fn picture_is_opaque_and_not_blank() {
        let p = Preview::new(64, 64);
        assert!(p.rgba().chunks(4).all(|px| px[3] == 255));
        let first = &p.rgba()[0..4];
        assert!(p.rgba().chunks(4).any(|px| px != first), "picture should not be a single colour");
    }
}
