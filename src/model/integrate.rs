//! An embedded Runge–Kutta 5(4) integrator (Dormand–Prince) with error
//! control, a PI step-size controller and dense output, on fixed-size arrays.
//!
//! Why our own and not a crate: the general ODE crates pull in nalgebra or
//! faer (too big for the wasm budget), and the engine needs two things they
//! do not offer together: stopping exactly at dose events with jumps between
//! calls while keeping the step-size history, and a callback on every
//! accepted step that reads the dense-output coefficients (the slow pass
//! reads the polyamine pool of the fast pass through them). Coefficients:
//! Dormand & Prince 1980; controller and dense output: Hairer, Nørsett &
//! Wanner, *Solving ODEs I*, II.4–II.6.

/// Why an integration stopped early.
#[derive(Clone, Debug, PartialEq)]
pub enum SolveError {
    /// The step size fell below what floating point can resolve at `t`.
    StepTooSmall { t: f64 },
    /// More steps than `max_steps` (runaway stiffness or a bad parameter set).
    TooManySteps { t: f64, max_steps: u64 },
}

impl core::fmt::Display for SolveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SolveError::StepTooSmall { t } => write!(f, "integration failed at day {t}: step size underflow (the model became singular)"),
            SolveError::TooManySteps { t, max_steps } => write!(f, "integration stopped at day {t}: more than {max_steps} steps"),
        }
    }
}

const C2: f64 = 1.0 / 5.0;
const C3: f64 = 3.0 / 10.0;
const C4: f64 = 4.0 / 5.0;
const C5: f64 = 8.0 / 9.0;
const A21: f64 = 1.0 / 5.0;
const A31: f64 = 3.0 / 40.0;
const A32: f64 = 9.0 / 40.0;
const A41: f64 = 44.0 / 45.0;
const A42: f64 = -56.0 / 15.0;
const A43: f64 = 32.0 / 9.0;
const A51: f64 = 19372.0 / 6561.0;
const A52: f64 = -25360.0 / 2187.0;
const A53: f64 = 64448.0 / 6561.0;
const A54: f64 = -212.0 / 729.0;
const A61: f64 = 9017.0 / 3168.0;
const A62: f64 = -355.0 / 33.0;
const A63: f64 = 46732.0 / 5247.0;
const A64: f64 = 49.0 / 176.0;
const A65: f64 = -5103.0 / 18656.0;
const A71: f64 = 35.0 / 384.0;
const A73: f64 = 500.0 / 1113.0;
const A74: f64 = 125.0 / 192.0;
const A75: f64 = -2187.0 / 6784.0;
const A76: f64 = 11.0 / 84.0;
const E1: f64 = 71.0 / 57600.0;
const E3: f64 = -71.0 / 16695.0;
const E4: f64 = 71.0 / 1920.0;
const E5: f64 = -17253.0 / 339200.0;
const E6: f64 = 22.0 / 525.0;
const E7: f64 = -1.0 / 40.0;
const D1: f64 = -12715105075.0 / 11282082432.0;
const D3: f64 = 87487479700.0 / 32700410799.0;
const D4: f64 = -10690763975.0 / 1880347072.0;
const D5: f64 = 701980252875.0 / 199316789632.0;
const D6: f64 = -1453857185.0 / 822651844.0;
const D7: f64 = 69997945.0 / 29380423.0;

/// Controller constants (Hairer's DOPRI5 defaults).
const SAFE: f64 = 0.9;
const FAC_MIN: f64 = 0.2;
const FAC_MAX: f64 = 10.0;
const BETA: f64 = 0.04;
const EXPO1: f64 = 0.2 - BETA * 0.75;

/// The start of every step of both integrators, from `t` towards `t1` (an
/// interval of length `span`) with the proposed size `h` after `taken`
/// steps: the step budget, then the step size to use and whether it is the
/// last. A step ending within rounding of t1 is the last one and ends exactly
/// there: t carries a few ulps of error after many steps, more than
/// 1e-12·span on a short interval late in a run (an hourly dose next to a
/// row). A vanishing step is an error, not a hang.
pub(crate) fn clip_step(t: f64, t1: f64, span: f64, h: f64, taken: u64, max_steps: u64) -> Result<(f64, bool), SolveError> {
    if taken >= max_steps {
        return Err(SolveError::TooManySteps { t, max_steps });
    }
    let last = t + h >= t1 - (1e-12 * span).max(16.0 * f64::EPSILON * t1.abs());
    let h = if last { t1 - t } else { h };
    if h <= 1e-14 * t.abs().max(1.0) {
        return Err(SolveError::StepTooSmall { t });
    }
    Ok((h, last))
}

/// The integrator with its step-size history; one per system, reused across
/// calls so a run of many short inter-dose intervals keeps a good step size.
#[derive(Clone, Debug)]
pub struct Dopri5<const N: usize> {
    pub rtol: f64,
    pub atol: [f64; N],
    pub h_max: f64,
    pub max_steps: u64,
    /// Step size to try next (0: guess).
    h_next: f64,
    fac_old: f64,
    k: [[f64; N]; 7],
    y_old: [f64; N],
    y_new: [f64; N],
    h_last: f64,
    /// Accepted and rejected steps so far.
    pub accepted: u64,
    pub rejected: u64,
}

impl<const N: usize> Dopri5<N> {
    pub fn new(rtol: f64, atol: [f64; N], h_max: f64) -> Self {
        Dopri5 {
            rtol,
            atol,
            h_max,
            max_steps: 50_000_000,
            h_next: 0.0,
            fac_old: 1e-4,
            k: [[0.0; N]; 7],
            y_old: [0.0; N],
            y_new: [0.0; N],
            h_last: 0.0,
            accepted: 0,
            rejected: 0,
        }
    }

    /// Forget the step-size history and counters (a new run).
    pub fn reset(&mut self) {
        self.h_next = 0.0;
        self.fac_old = 1e-4;
        self.accepted = 0;
        self.rejected = 0;
    }

    fn norm(&self, e: &[f64; N], y0: &[f64; N], y1: &[f64; N]) -> f64 {
        let mut sum = 0.0;
        for i in 0..N {
            let sc = self.atol[i] + self.rtol * y0[i].abs().max(y1[i].abs());
            let r = e[i] / sc;
            sum += r * r;
        }
        libm::sqrt(sum / N as f64)
    }

    /// Dense-output coefficients of component `i` over the last accepted
    /// step; evaluate with [`dense_eval`]. Valid only inside the `on_accept`
    /// callback of [`Dopri5::integrate`].
    pub fn dense(&self, i: usize) -> [f64; 5] {
        let h = self.h_last;
        let k = &self.k;
        let ydiff = self.y_new[i] - self.y_old[i];
        let bspl = h * k[0][i] - ydiff;
        [
            self.y_old[i],
            ydiff,
            bspl,
            ydiff - h * k[6][i] - bspl,
            h * (D1 * k[0][i] + D3 * k[2][i] + D4 * k[3][i] + D5 * k[4][i] + D6 * k[5][i] + D7 * k[6][i]),
        ]
    }

    /// Integrate `y` from `t0` to `t1` (exactly), calling `on_accept(self, t, h)`
    /// after each accepted step from `t` to `t + h`.
    pub fn integrate<F, G>(&mut self, mut f: F, t0: f64, t1: f64, y: &mut [f64; N], mut on_accept: G) -> Result<(), SolveError>
    where
        F: FnMut(f64, &[f64; N], &mut [f64; N]),
        G: FnMut(&Self, f64, f64),
    {
        if t1 <= t0 {
            return Ok(());
        }
        let span = t1 - t0;
        f(t0, y, &mut self.k[0]);
        let mut h = if self.h_next > 0.0 { self.h_next } else { self.initial_step(y) };
        h = h.min(self.h_max).min(span);
        let mut t = t0;
        let mut yt = [0.0; N];
        let mut err_v = [0.0; N];
        loop {
            let untruncated = h;
            let last;
            (h, last) = clip_step(t, t1, span, h, self.accepted + self.rejected, self.max_steps)?;
            let k = &mut self.k;
            for i in 0..N {
                yt[i] = y[i] + h * A21 * k[0][i];
            }
            f(t + C2 * h, &yt, &mut k[1]);
            for i in 0..N {
                yt[i] = y[i] + h * (A31 * k[0][i] + A32 * k[1][i]);
            }
            f(t + C3 * h, &yt, &mut k[2]);
            for i in 0..N {
                yt[i] = y[i] + h * (A41 * k[0][i] + A42 * k[1][i] + A43 * k[2][i]);
            }
            f(t + C4 * h, &yt, &mut k[3]);
            for i in 0..N {
                yt[i] = y[i] + h * (A51 * k[0][i] + A52 * k[1][i] + A53 * k[2][i] + A54 * k[3][i]);
            }
            f(t + C5 * h, &yt, &mut k[4]);
            for i in 0..N {
                yt[i] = y[i] + h * (A61 * k[0][i] + A62 * k[1][i] + A63 * k[2][i] + A64 * k[3][i] + A65 * k[4][i]);
            }
            f(t + h, &yt, &mut k[5]);
            let mut y1 = [0.0; N];
            for i in 0..N {
                y1[i] = y[i] + h * (A71 * k[0][i] + A73 * k[2][i] + A74 * k[3][i] + A75 * k[4][i] + A76 * k[5][i]);
            }
            f(t + h, &y1, &mut k[6]);
            for i in 0..N {
                err_v[i] = h * (E1 * k[0][i] + E3 * k[2][i] + E4 * k[3][i] + E5 * k[4][i] + E6 * k[5][i] + E7 * k[6][i]);
            }
            let err = self.norm(&err_v, y, &y1);
            if !err.is_finite() {
                // A stage left the region where the model is defined: retreat.
                self.rejected += 1;
                h *= 0.1;
                continue;
            }
            let fac11 = libm::pow(err, EXPO1);
            if err <= 1.0 {
                self.accepted += 1;
                self.y_old = *y;
                self.y_new = y1;
                self.h_last = h;
                on_accept(self, t, h);
                *y = y1;
                self.k[0] = self.k[6];
                let fac = (fac11 / libm::pow(self.fac_old, BETA) / SAFE).clamp(1.0 / FAC_MAX, 1.0 / FAC_MIN);
                self.fac_old = err.max(1e-4);
                let h_new = (h / fac).min(self.h_max);
                if last {
                    self.h_next = if untruncated > h { h_new.max(untruncated.min(self.h_max)) } else { h_new };
                    return Ok(());
                }
                t += h;
                h = h_new;
            } else {
                self.rejected += 1;
                h /= (fac11 / SAFE).min(1.0 / FAC_MIN);
            }
        }
    }

    fn initial_step(&self, y: &[f64; N]) -> f64 {
        let mut d0 = 0.0;
        let mut d1 = 0.0;
        for i in 0..N {
            let sc = self.atol[i] + self.rtol * y[i].abs();
            d0 += (y[i] / sc) * (y[i] / sc);
            d1 += (self.k[0][i] / sc) * (self.k[0][i] / sc);
        }
        let (d0, d1) = (libm::sqrt(d0 / N as f64), libm::sqrt(d1 / N as f64));
        if d0 < 1e-5 || d1 < 1e-5 { 1e-6 } else { 0.01 * d0 / d1 }
    }
}

/// Evaluate dense-output coefficients at θ ∈ [0, 1] of the step.
#[inline]
pub fn dense_eval(c: &[f64; 5], theta: f64) -> f64 {
    let th1 = 1.0 - theta;
    c[0] + theta * (c[1] + th1 * (c[2] + theta * (c[3] + th1 * c[4])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_decay_is_accurate_to_the_tolerance() {
        let mut s = Dopri5::<1>::new(1e-10, [1e-12], 1.0);
        let mut y = [1.0];
        s.integrate(|_, y, dy| dy[0] = -2.0 * y[0], 0.0, 3.0, &mut y, |_, _, _| {}).unwrap();
        assert!((y[0] - (-6.0f64).exp()).abs() < 1e-9, "y(3) = {}", y[0]);
    }

    #[test]
    fn harmonic_oscillator_returns_after_one_period() {
        let mut s = Dopri5::<2>::new(1e-10, [1e-12; 2], 1.0);
        let mut y = [1.0, 0.0];
        s.integrate(|_, y, dy| { dy[0] = y[1]; dy[1] = -y[0]; }, 0.0, core::f64::consts::TAU, &mut y, |_, _, _| {}).unwrap();
        assert!((y[0] - 1.0).abs() < 1e-8 && y[1].abs() < 1e-8, "{y:?}");
    }

    #[test]
    fn dense_output_matches_the_solution_inside_steps() {
        let mut s = Dopri5::<1>::new(1e-10, [1e-12], 1.0);
        let mut y = [1.0];
        let mut worst: f64 = 0.0;
        s.integrate(|_, y, dy| dy[0] = -y[0], 0.0, 5.0, &mut y, |s, t, h| {
            let c = s.dense(0);
            for j in 0..=4 {
                let th = j as f64 / 4.0;
                worst = worst.max((dense_eval(&c, th) - (-(t + th * h)).exp()).abs());
            }
        }).unwrap();
        assert!(worst < 1e-8, "dense output error {worst}");
    }

    #[test]
    fn stops_exactly_at_the_end_time() {
        let mut s = Dopri5::<1>::new(1e-6, [1e-9], 10.0);
        let mut y = [0.0];
        let mut t_end = 0.0;
        s.integrate(|_, _, dy| dy[0] = 1.0, 0.0, 0.3, &mut y, |_, t, h| t_end = t + h).unwrap();
        assert!((t_end - 0.3).abs() < 1e-15 && (y[0] - 0.3).abs() < 1e-12);
    }
}
