//! A 4-stage Rosenbrock method of order 4 with an embedded order-3 error
//! estimate (Shampine's 1982 coefficient set), for the stiff chain
//! (pharmacokinetics → ODC → polyamines). Its steps are sized by accuracy,
//! not by the ODC decay rate (≈ 240/day under DFMO) that pins an explicit
//! method near 0.014 day. The chain is autonomous, so no ∂f/∂t term, and
//! its Jacobian is lower triangular (each variable depends only on those
//! before it: dose → depot → plasma → ODC → polyamines), so every linear
//! solve is a forward substitution: no factorisation at all. A system whose
//! Jacobian has entries above the diagonal is rejected (debug builds assert).
//!
//! Dense output: a cubic Hermite interpolant from the values and slopes at
//! both ends of each accepted step (the slope at the end is the next step's
//! first evaluation, so it costs nothing extra).

use super::integrate::{clip_step, SolveError};

const GAM: f64 = 0.5;
const A21: f64 = 2.0;
const A31: f64 = 48.0 / 25.0;
const A32: f64 = 6.0 / 25.0;
const C21: f64 = -8.0;
const C31: f64 = 372.0 / 25.0;
const C32: f64 = 12.0 / 5.0;
const C41: f64 = -112.0 / 125.0;
const C42: f64 = -54.0 / 125.0;
const C43: f64 = -2.0 / 5.0;
const B1: f64 = 19.0 / 9.0;
const B2: f64 = 1.0 / 2.0;
const B3: f64 = 25.0 / 108.0;
const B4: f64 = 125.0 / 108.0;
const E1: f64 = 17.0 / 54.0;
const E2: f64 = 7.0 / 36.0;
const E4: f64 = 125.0 / 108.0;

/// The stepper and its step-size history.
#[derive(Clone, Debug)]
pub struct Rosenbrock4<const N: usize> {
    pub rtol: f64,
    pub atol: [f64; N],
    pub h_max: f64,
    pub max_steps: u64,
    h_next: f64,
    pub accepted: u64,
    pub rejected: u64,
}

/// What `on_accept` sees of an accepted step from `t` to `t + h`.
pub struct Step<'a, const N: usize> {
    pub t: f64,
    pub h: f64,
    pub y0: &'a [f64; N],
    pub y1: &'a [f64; N],
    pub f0: &'a [f64; N],
    pub f1: &'a [f64; N],
}

impl<const N: usize> Step<'_, N> {
    /// Cubic Hermite dense output of component `i`: coefficients for [`hermite_eval`].
    pub fn hermite(&self, i: usize) -> [f64; 4] {
        [self.y0[i], self.y1[i], self.h * self.f0[i], self.h * self.f1[i]]
    }
}

/// Evaluate Hermite coefficients at θ ∈ [0, 1] of the step.
#[inline]
pub fn hermite_eval(c: &[f64; 4], th: f64) -> f64 {
    let th2 = th * th;
    let th3 = th2 * th;
    (2.0 * th3 - 3.0 * th2 + 1.0) * c[0] + (-2.0 * th3 + 3.0 * th2) * c[1] + (th3 - 2.0 * th2 + th) * c[2] + (th3 - th2) * c[3]
}

impl<const N: usize> Rosenbrock4<N> {
    pub fn new(rtol: f64, atol: [f64; N], h_max: f64) -> Self {
        Rosenbrock4 { rtol, atol, h_max, max_steps: 50_000_000, h_next: 0.0, accepted: 0, rejected: 0 }
    }

    pub fn reset(&mut self) {
        self.h_next = 0.0;
        self.accepted = 0;
        self.rejected = 0;
    }

    /// Integrate the autonomous system `f` with Jacobian `jac` from `t0` to
    /// `t1` exactly, calling `on_accept` after every accepted step.
    pub fn integrate<F, J, G>(&mut self, mut f: F, mut jac: J, t0: f64, t1: f64, y: &mut [f64; N], mut on_accept: G) -> Result<(), SolveError>
    where
        F: FnMut(&[f64; N], &mut [f64; N]),
        J: FnMut(&[f64; N], &mut [[f64; N]; N]),
        G: FnMut(&Step<'_, N>),
    {
        if t1 <= t0 {
            return Ok(());
        }
        let span = t1 - t0;
        let mut f0 = [0.0; N];
        f(y, &mut f0);
        let mut h = if self.h_next > 0.0 { self.h_next } else { (1e-3 * span).max(1e-6) };
        h = h.min(self.h_max).min(span);
        let mut t = t0;
        let mut jm = [[0.0; N]; N];
        let (mut g2, mut g3, mut g4) = ([0.0; N], [0.0; N], [0.0; N]);
        let (mut yt, mut ft, mut y1, mut f1) = ([0.0; N], [0.0; N], [0.0; N], [0.0; N]);
        jac(y, &mut jm);
        loop {
            let untruncated = h;
            let last;
            (h, last) = clip_step(t, t1, span, h, self.accepted + self.rejected, self.max_steps)?;
            // W = I/(γh) − J, lower triangular; keep 1/diagonal.
            let mut inv_diag = [0.0; N];
            for i in 0..N {
                debug_assert!((i + 1..N).all(|j| jm[i][j] == 0.0), "Jacobian must be lower triangular");
                inv_diag[i] = 1.0 / (1.0 / (GAM * h) - jm[i][i]);
            }
            if !inv_diag.iter().all(|d| d.is_finite()) {
                self.rejected += 1;
                h *= 0.5;
                continue;
            }
            let mut g1 = f0;
            solve(&jm, &inv_diag, &mut g1);
            for i in 0..N {
                yt[i] = y[i] + A21 * g1[i];
            }
            f(&yt, &mut ft);
            for i in 0..N {
                g2[i] = ft[i] + C21 * g1[i] / h;
            }
            solve(&jm, &inv_diag, &mut g2);
            for i in 0..N {
                yt[i] = y[i] + A31 * g1[i] + A32 * g2[i];
            }
            f(&yt, &mut ft);
            for i in 0..N {
                g3[i] = ft[i] + (C31 * g1[i] + C32 * g2[i]) / h;
            }
            solve(&jm, &inv_diag, &mut g3);
            for i in 0..N {
                g4[i] = ft[i] + (C41 * g1[i] + C42 * g2[i] + C43 * g3[i]) / h;
            }
            solve(&jm, &inv_diag, &mut g4);
            let mut sum = 0.0;
            for i in 0..N {
                y1[i] = y[i] + B1 * g1[i] + B2 * g2[i] + B3 * g3[i] + B4 * g4[i];
                let e = E1 * g1[i] + E2 * g2[i] + E4 * g4[i];
                let sc = self.atol[i] + self.rtol * y[i].abs().max(y1[i].abs());
                sum += (e / sc) * (e / sc);
            }
            let err = libm::sqrt(sum / N as f64);
            if !err.is_finite() {
                self.rejected += 1;
                h *= 0.1;
                continue;
            }
            // Order-3 error estimate: h_new ∝ err^(−1/4).
            let fac = (0.9 / libm::sqrt(libm::sqrt(err.max(1e-10)))).clamp(0.2, 5.0);
            if err <= 1.0 {
                self.accepted += 1;
                f(&y1, &mut f1);
                on_accept(&Step { t, h, y0: y, f0: &f0, y1: &y1, f1: &f1 });
                *y = y1;
                f0 = f1;
                let h_new = (h * fac).min(self.h_max);
                if last {
                    self.h_next = if untruncated > h { h_new.max(untruncated.min(self.h_max)) } else { h_new };
                    return Ok(());
                }
                t += h;
                h = h_new;
                jac(y, &mut jm);
            } else {
                self.rejected += 1;
                h *= fac.min(0.9);
            }
        }
    }
}

/// Solve (I/(γh) − J) x = b in place by forward substitution, J lower
/// triangular, given the inverted diagonal of the left-hand side.
#[inline]
fn solve<const N: usize>(jm: &[[f64; N]; N], inv_diag: &[f64; N], b: &mut [f64; N]) {
    for i in 0..N {
        let mut acc = b[i];
        for j in 0..i {
            acc += jm[i][j] * b[j];
        }
        b[i] = acc * inv_diag[i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn very_stiff_problem_takes_steps_sized_by_accuracy_not_stability() {
        // y0' = 1, y1' = −1e6 (y1 − cos y0): an explicit method would need
        // more than 600,000 steps on [0, 2]. Slow manifold y1 ≈ cos t + sin t·1e-6.
        let mut s = Rosenbrock4::<2>::new(1e-6, [1e-6; 2], 1.0);
        let mut y = [0.0, 1.0];
        s.integrate(
            |y, dy| { dy[0] = 1.0; dy[1] = -1e6 * (y[1] - libm::cos(y[0])); },
            |y, j| { *j = [[0.0, 0.0], [-1e6 * libm::sin(y[0]), -1e6]]; },
            0.0, 2.0, &mut y, |_| {},
        ).unwrap();
        let err = (y[1] - (libm::cos(2.0) + libm::sin(2.0) * 1e-6)).abs();
        assert!(err < 1e-5, "error {err}");
        assert!(s.accepted < 2000, "{} steps", s.accepted);
    }

    #[test]
    fn order_is_four() {
        // Fixed steps on y' = −y², y(0) = 1, y(2) = 1/3: halving h divides the error by ≈ 16.
        let run = |n: usize| {
            let mut s = Rosenbrock4::<1>::new(1e30, [1e30], 2.0 / n as f64);
            let mut y = [1.0];
            s.integrate(|y, d| d[0] = -y[0] * y[0], |y, j| j[0][0] = -2.0 * y[0], 0.0, 2.0, &mut y, |_| {}).unwrap();
            (y[0] - 1.0 / 3.0).abs()
        };
        let ratio = run(80) / run(160);
        assert!((14.0..18.0).contains(&ratio), "error ratio {ratio}, expected ≈ 16 for order 4");
    }

    #[test]
    fn hermite_reproduces_cubics() {
        let f = |t: f64| 1.0 + 2.0 * t - t * t + 0.5 * t * t * t;
        let df = |t: f64| 2.0 - 2.0 * t + 1.5 * t * t;
        let (t0, h) = (0.3, 0.7);
        let c = [f(t0), f(t0 + h), h * df(t0), h * df(t0 + h)];
        for th in [0.0, 0.25, 0.5, 0.9, 1.0] {
            assert!((hermite_eval(&c, th) - f(t0 + th * h)).abs() < 1e-12);
        }
    }
}
