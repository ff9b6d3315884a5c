//! Diffusion with decay on the coarse field grid, solved as a quasi-steady
//! field: each lattice step runs a few warm-started red-black Gauss–Seidel
//! sweeps of
//!
//! ```text
//!     u − L²·∇²u = s        (∇² the 5-point Laplacian, grid spacing 1)
//! ```
//!
//! L = √(D/k) is the diffusion length in coarse cells (D diffusivity, k decay
//! or uptake rate). A uniform source s gives u = s, so fields are in the
//! units of their source. Why quasi-steady: small molecules diffuse at
//! 10–100 µm²/s, so over one lattice step (0.05 day ≈ 72 min) they reach
//! steady state many times over; an explicit stencil would need hundreds of
//! sub-steps (its stability limit is D·Δt/h² ≤ 1/4), while this solve has no
//! time-step limit at all.
//!
//! Stability: the update u_i ← (s_i + L²·Σ_j u_j)/(1 + 4L²) is a
//! Gauss–Seidel sweep of a strictly diagonally dominant system (1 + 4L² >
//! 4L²), so it converges for every L and every source, and no sweep can
//! raise max|u| above max(max|u_old|, max|s|) (a convex combination).
//! Boundary: zero flux (a neighbour outside the grid counts as the cell
//! itself).

/// Run `sweeps` red-black Gauss–Seidel sweeps of u − L²∇²u = s on a
/// `side × side` grid, in place.
pub fn relax(u: &mut [f32], s: &[f32], side: usize, length: f32, sweeps: usize) {
    assert!(u.len() == side * side && s.len() == side * side && side >= 2);
    let l2 = length * length;
    let inv = 1.0 / (1.0 + 4.0 * l2);
    let last = side - 1;
    for _ in 0..sweeps {
        for colour in 0..2 {
            for y in 0..side {
                let row = y * side;
                let up = if y == 0 { row } else { row - side };
                let down = if y == last { row } else { row + side };
                let first = (y + colour) & 1;
                // Edges (zero flux: the missing neighbour is the cell itself),
                // then the interior without boundary tests.
                if first == 0 {
                    update(u, s, row, 0, row, row + 1, up, down, l2, inv);
                }
                let mut x = if first == 0 { 2 } else { 1 };
                while x < last {
                    update(u, s, row, x, row + x - 1, row + x + 1, up, down, l2, inv);
                    x += 2;
                }
                if x == last {
                    update(u, s, row, last, row + last - 1, row + last, up, down, l2, inv);
                }
            }
        }
    }
}

/// One cell's Gauss–Seidel update. Always inlined: the shipped wasm is built
/// for size (opt-level "z"), which would otherwise call it for every cell of
/// every sweep (a third of the lattice step's time, measured).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn update(u: &mut [f32], s: &[f32], row: usize, x: usize, left: usize, right: usize, up: usize, down: usize, l2: f32, inv: f32) {
    let i = row + x;
    let sum = u[left] + u[right] + u[up + x] + u[down + x];
    u[i] = (s[i] + l2 * sum) * inv;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_source_gives_the_source_level() {
        let n = 16;
        let mut u = vec![0.0; n * n];
        relax(&mut u, &vec![0.7; n * n], n, 3.0, 400);
        assert!(u.iter().all(|v| (v - 0.7).abs() < 1e-4), "{:?}", &u[..4]);
    }

    #[test]
    fn point_source_decays_over_the_diffusion_length() {
        let n = 64;
        let mut s = vec![0.0; n * n];
        s[32 * n + 32] = 1.0;
        let mut near = vec![0.0; n * n];
        relax(&mut near, &s, n, 2.0, 500);
        let mut far = vec![0.0; n * n];
        relax(&mut far, &s, n, 6.0, 2000);
        let ratio = |u: &[f32]| u[32 * n + 40] / u[32 * n + 33];
        assert!(ratio(&far) > ratio(&near) * 5.0, "a longer diffusion length carries the field further");
        assert!(near.iter().all(|v| *v >= 0.0));
    }

    #[test]
    fn sweeps_never_raise_the_maximum_for_any_length() {
        // The stability statement: one sweep is a convex combination.
        let n = 24;
        let mut state = 12345u32;
        let mut rnd = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 8) as f32 / (1u32 << 24) as f32
        };
        for length in [0.1f32, 1.0, 10.0, 100.0] {
            let s: Vec<f32> = (0..n * n).map(|_| rnd()).collect();
            let mut u: Vec<f32> = (0..n * n).map(|_| 2.0 * rnd()).collect();
            for _ in 0..20 {
                let bound = u.iter().chain(s.iter()).fold(0.0f32, |m, v| m.max(*v));
                relax(&mut u, &s, n, length, 1);
                let now = u.iter().fold(0.0f32, |m, v| m.max(*v));
                assert!(now <= bound * (1.0 + 1e-6), "L = {length}: max rose from {bound} to {now}");
                assert!(u.iter().all(|v| v.is_finite() && *v >= 0.0));
            }
        }
    }
}
