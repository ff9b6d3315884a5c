//! The right-hand side of the whole-tumour model (MODEL-SPEC part A), split
//! into the two parts the integrator treats differently:
//!
//! * the **chain** (fast, stiff): DFMO and AMXT 1501 pharmacokinetics, active
//!   ODC `O` and polyamines `P`. It depends on nothing else, so it can be
//!   integrated first and read by the other part as a known function of time.
//! * the **body** (slow): tumour `T`, effectors `E`, Tregs `R`, perfusion
//!   `V`, chemotherapy (plasma `C_p`, tumour `C_t`), anti-PD-1 `Ab`, the
//!   autoimmunity proxy `A`, and two running integrals for AUCs.

use super::params::Params;

/// Indices into the chain state.
pub mod chain {
    pub const G_D: usize = 0;
    pub const C_D: usize = 1;
    pub const G_A: usize = 2;
    pub const C_A: usize = 3;
    pub const O: usize = 4;
    pub const P: usize = 5;
    pub const N: usize = 6;
}

/// Indices into the body state.
pub mod body {
    pub const T: usize = 0;
    pub const E: usize = 1;
    pub const R: usize = 2;
    pub const V: usize = 3;
    pub const C_P: usize = 4;
    pub const C_T: usize = 5;
    pub const AB: usize = 6;
    pub const A: usize = 7;
    /// ∫ C_p dt, for the tumour/plasma exposure ratio.
    pub const AUC_P: usize = 8;
    /// ∫ C_t dt.
    pub const AUC_T: usize = 9;
    pub const N: usize = 10;
}

/// Rates derived once from [`Params`] (per day, consistent units).
#[derive(Clone, Debug)]
pub struct Model {
    pub p: Params,
    /// DFMO absorption and elimination, 1/day.
    pub ka_dfmo: f64,
    pub ke_dfmo: f64,
    /// Distribution volume V_d·BW in litres (µmol/L = µM).
    pub vd_l: f64,
    /// µmol reaching the gut depot per mg swallowed: F/MW·1000.
    pub dfmo_umol_per_mg: f64,
    pub ka_amxt: f64,
    pub ke_amxt: f64,
    /// Baseline perfusion V₀.
    pub v0: f64,
    /// K^h and (1 − φ_min)(1 + K^h), precomputed for φ.
    k_h: f64,
    phi_scale: f64,
    /// h_φ when it is a small whole number (P^h by multiplication, fast and
    /// the same on every platform), else `None` (libm::pow).
    h_int: Option<i32>,
    /// 1/(1 + hyp·(1 − V₀)), the Treg target's normalisation.
    inv_r_norm: f64,
    /// 1/V₀ and k_a/(V_d·BW), precomputed.
    inv_v0: f64,
    ka_over_vd: f64,
    /// Hold x at 1 (Kuznetsov 1994 exactly).
    pub hold_x: bool,
    /// Fraction of Tregs removed systemically.
    pub dep: f64,
}

impl Model {
    pub fn new(p: &Params, dep: f64, hold_x: bool) -> Self {
        let ln2 = core::f64::consts::LN_2;
        let k_h = libm::pow(p.k_phi, p.h_phi);
        let v0 = p.v0();
        Model {
            ka_dfmo: p.dfmo_ka_per_h * 24.0,
            ke_dfmo: ln2 / (p.dfmo_t_half_min / 1440.0),
            vd_l: p.dfmo_vd_l_per_kg * p.body_weight_kg,
            dfmo_umol_per_mg: p.dfmo_f / p.dfmo_mw * 1000.0,
            ka_amxt: p.amxt_ka_per_h * 24.0,
            ke_amxt: ln2 / (p.amxt_t_half_h / 24.0),
            v0,
            k_h,
            h_int: (p.h_phi.fract() == 0.0 && p.h_phi.abs() <= 16.0).then_some(p.h_phi as i32),
            phi_scale: (1.0 - p.phi_min) * (1.0 + k_h),
            inv_r_norm: 1.0 / (1.0 + p.hyp * (1.0 - v0)),
            inv_v0: 1.0 / v0,
            ka_over_vd: p.dfmo_ka_per_h * 24.0 / (p.dfmo_vd_l_per_kg * p.body_weight_kg),
            hold_x,
            dep,
            p: p.clone(),
        }
    }

    /// Treg suppressive programme φ(P); φ(1) = 1, φ(0) = φ_min.
    #[inline]
    pub fn phi(&self, pool: f64) -> f64 {
        let pool = pool.max(0.0);
        let ph = match self.h_int {
            Some(n) => pool.powi(n),
            None => libm::pow(pool, self.p.h_phi),
        };
        self.p.phi_min + self.phi_scale * ph / (self.k_h + ph)
    }

    /// Immune efficacy x from φ, Treg number R and anti-PD-1 level Ab.
    #[inline]
    pub fn efficacy(&self, phi: f64, r: f64, ab: f64) -> f64 {
        self.efficacy_at(phi * r * (1.0 - self.dep), ab)
    }

    /// Immune efficacy x at a Treg suppression φ·R·(1 − dep) (the tissue
    /// lattice measures R·(1 − dep) locally, as a Treg density).
    #[inline]
    pub fn efficacy_at(&self, suppression: f64, ab: f64) -> f64 {
        if self.hold_x {
            return 1.0;
        }
        let p = &self.p;
        let ab = ab.max(0.0);
        // (1 + κ_ref)/(1 + κ·suppression) · (1 + ε·Ab/(Ab + EC50)), with the
        // two fractions over one denominator (one division on the hot path).
        (1.0 + p.kappa_ref) * (ab + p.ec50_ab + p.eps_pd1 * ab) / ((1.0 + p.kappa * suppression) * (ab + p.ec50_ab))
    }

    /// The perfusion V relaxes towards at a Treg suppression φ·R·(1 − dep).
    #[inline]
    pub fn perfusion_target(&self, suppression: f64) -> f64 {
        let p = &self.p;
        p.v_min + (p.v_max - p.v_min) / (1.0 + p.beta * suppression)
    }

    /// d(chain)/dt. `knockout`: tumour ODC is held at 0.
    #[inline]
    pub fn chain_rhs(&self, y: &[f64; chain::N], knockout: bool, dy: &mut [f64; chain::N]) {
        use chain::*;
        let p = &self.p;
        let c_d = y[C_D].max(0.0);
        let c_a = y[C_A].max(0.0);
        let o = y[O];
        dy[G_D] = -self.ka_dfmo * y[G_D];
        dy[C_D] = self.ka_over_vd * y[G_D] - self.ke_dfmo * y[C_D];
        dy[G_A] = -self.ka_amxt * y[G_A];
        dy[C_A] = self.ka_amxt * y[G_A] - self.ke_amxt * y[C_A];
        dy[O] = if knockout { 0.0 } else { p.k_o * (1.0 - o) - p.k_inact * c_d / (p.k_d + c_d) * o };
        let uptake = (1.0 - p.f_syn) * (1.0 + p.gamma_up * (1.0 - o)) * (1.0 - c_a / (c_a + p.ic50_a));
        dy[P] = p.k_p * (p.f_syn * o + uptake - y[P]);
    }

    /// Jacobian of [`Model::chain_rhs`], `j[row][col]` = ∂(dy_row/dt)/∂y_col.
    /// Lower triangular in the order G_D, C_D, G_A, C_A, O, P.
    pub fn chain_jacobian(&self, y: &[f64; chain::N], knockout: bool, j: &mut [[f64; chain::N]; chain::N]) {
        use chain::*;
        let p = &self.p;
        let c_d = y[C_D].max(0.0);
        let c_a = y[C_A].max(0.0);
        let o = y[O];
        *j = [[0.0; N]; N];
        j[G_D][G_D] = -self.ka_dfmo;
        j[C_D][G_D] = self.ka_over_vd;
        j[C_D][C_D] = -self.ke_dfmo;
        j[G_A][G_A] = -self.ka_amxt;
        j[C_A][G_A] = self.ka_amxt;
        j[C_A][C_A] = -self.ke_amxt;
        if !knockout {
            j[O][C_D] = -p.k_inact * p.k_d / ((p.k_d + c_d) * (p.k_d + c_d)) * o;
            j[O][O] = -p.k_o - p.k_inact * c_d / (p.k_d + c_d);
        }
        let u = 1.0 - c_a / (c_a + p.ic50_a);
        j[P][O] = p.k_p * (p.f_syn - (1.0 - p.f_syn) * p.gamma_up * u);
        j[P][C_A] = -p.k_p * (1.0 - p.f_syn) * (1.0 + p.gamma_up * (1.0 - o)) * p.ic50_a / ((c_a + p.ic50_a) * (c_a + p.ic50_a));
        j[P][P] = -p.k_p;
    }

    /// d(body)/dt, given the polyamine pool `pool` at the same time.
    #[inline]
    pub fn body_rhs(&self, y: &[f64; body::N], pool: f64, dy: &mut [f64; body::N]) {
        use body::*;
        let p = &self.p;
        let (t, e, r, v) = (y[T], y[E], y[R], y[V]);
        let phi = self.phi(pool);
        let suppression = phi * r * (1.0 - self.dep);
        let x = self.efficacy(phi, r, y[AB]);
        let kill = 1.0 - libm::exp(-p.delta_c * y[C_T].max(0.0));
        dy[T] = p.a * t * (1.0 - p.b * t) - p.n * x * e * t - p.k_t * kill * t;
        dy[E] = p.s + p.p * x * e * t / (p.g + t) - p.m * e * t - p.d * e - p.k_e_chemo * kill * e;
        dy[R] = p.k_r * ((1.0 + p.hyp * (1.0 - v)) * self.inv_r_norm - r);
        dy[V] = p.k_v * (self.perfusion_target(suppression) - v);
        dy[C_P] = -p.gamma_c * y[C_P];
        dy[C_T] = p.k_tr * (v * self.inv_v0) * (y[C_P] - y[C_T]) - p.k_out * y[C_T];
        dy[AB] = -p.k_ab * y[AB];
        dy[A] = p.k_a_auto * (p.w_a * self.dep + p.zeta * (1.0 - phi) - y[A]);
        dy[AUC_P] = y[C_P];
        dy[AUC_T] = y[C_T];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::new(&Params::default(), 0.0, false)
    }

    #[test]
    fn chain_jacobian_matches_finite_differences() {
        let m = model();
        let y = [800.0, 30.0, 0.3, 0.4, 0.2, 0.5];
        let mut j = [[0.0; chain::N]; chain::N];
        m.chain_jacobian(&y, false, &mut j);
        let (mut f0, mut f1) = ([0.0; chain::N], [0.0; chain::N]);
        m.chain_rhs(&y, false, &mut f0);
        for col in 0..chain::N {
            let mut yp = y;
            let h = 1e-6 * y[col].abs().max(1e-3);
            yp[col] += h;
            m.chain_rhs(&yp, false, &mut f1);
            for row in 0..chain::N {
                let fd = (f1[row] - f0[row]) / h;
                assert!((fd - j[row][col]).abs() <= 1e-4 * fd.abs().max(1.0), "J[{row}][{col}] = {} vs {fd}", j[row][col]);
            }
        }
    }

    #[test]
    fn phi_is_one_at_the_untreated_pool_and_phi_min_at_zero() {
        let m = model();
        assert!((m.phi(1.0) - 1.0).abs() < 1e-12);
        assert!((m.phi(0.0) - 0.15).abs() < 1e-12);
    }

    #[test]
    fn untreated_efficacy_of_the_immune_evasive_tumour_is_one_half() {
        assert!((model().efficacy(1.0, 1.0, 0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn untreated_state_is_a_fixed_point_of_the_chain_and_the_slow_drivers() {
        let m = model();
        let mut dy = [0.0; chain::N];
        m.chain_rhs(&[0.0, 0.0, 0.0, 0.0, 1.0, 1.0], false, &mut dy);
        assert!(dy.iter().all(|v| v.abs() < 1e-12), "chain moved: {dy:?}");
        let mut db = [0.0; body::N];
        m.body_rhs(&[2e7, 3e5, 1.0, m.v0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], 1.0, &mut db);
        assert!(db[body::R].abs() < 1e-12 && db[body::V].abs() < 1e-12 && db[body::A].abs() < 1e-12);
    }
}
