//! The parameter schema: every model parameter declared once, with its key,
//! unit, default, allowed range, description and provenance. The engine, the
//! scenario parser, the command line, the wasm export, the UI controls and
//! the docs all read this one declaration.

use serde::Serialize;

/// Where a value comes from (MODEL-SPEC provenance tags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "tag", content = "source")]
pub enum Provenance {
    /// Published; the source is named.
    #[serde(rename = "P")]
    Published(&'static str),
    /// Derived by computation from published equations.
    #[serde(rename = "D")]
    Derived(&'static str),
    /// Assumed for illustration; must be labelled "illustrative" when shown.
    #[serde(rename = "A")]
    Assumed,
}

impl Provenance {
    /// The tag as written in the spec: `[P] source`, `[D] source`, `[A]`.
    pub fn label(&self) -> String {
        match self {
            Provenance::Published(s) => format!("[P] {s}"),
            Provenance::Derived(s) => format!("[D] {s}"),
            Provenance::Assumed => "[A] illustrative".to_string(),
        }
    }
}

/// One parameter's declaration.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParamSpec {
    pub key: &'static str,
    pub unit: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// Which block of the model it belongs to (for grouping in UI and docs).
    pub group: &'static str,
    pub description: &'static str,
    pub provenance: Provenance,
}

const K94: Provenance = Provenance::Published("Kuznetsov et al., Bull Math Biol 1994;56:295 (BIOMD0000000762)");
const QU03: Provenance = Provenance::Published("Qu et al., Biochem J 2003;375:465");
const HAE81: Provenance = Provenance::Published("Haegele et al., Clin Pharmacol Ther 1981;30:210");
const DEP09: Provenance = Provenance::Published("de Pillis et al. 2009 (BIOMD0000000779)");
const A: Provenance = Provenance::Assumed;

macro_rules! schema {
    ($( $field:ident = $key:literal [$unit:literal] $default:expr, ($min:expr, $max:expr), $group:literal, $prov:expr, $desc:literal; )*) => {
        /// Parameter values, one field per schema entry (see [`SCHEMA`]).
        #[derive(Clone, Debug, PartialEq)]
        pub struct Params { $( #[doc = $desc] pub $field: f64, )* }

        /// The schema, in declaration order.
        pub const SCHEMA: &[ParamSpec] = &[ $( ParamSpec {
            key: $key, unit: $unit, default: $default, min: $min, max: $max,
            group: $group, description: $desc, provenance: $prov,
        }, )* ];

        impl Default for Params {
            fn default() -> Self { Params { $( $field: $default, )* } }
        }

        impl Params {
            /// The value of the parameter with this schema key.
            pub fn get(&self, key: &str) -> Option<f64> {
                match key { $( $key => Some(self.$field), )* _ => None }
            }

            /// Set the parameter with this schema key (no range check: see
            /// [`Params::set_checked`]). Returns false for an unknown key.
            pub fn set(&mut self, key: &str, value: f64) -> bool {
                match key { $( $key => { self.$field = value; true } )* _ => false }
            }
        }
    };
}

schema! {
    // Kuznetsov 1994 immune core.
    s = "s" ["cells/day"] 1.3e4, (0.0, 1e6), "immune core", K94, "Steady inflow of effector T cells into the tumour region";
    p = "p" ["1/day"] 0.1245, (0.0, 2.0), "immune core", K94, "Maximal expansion rate of effector cells stimulated by the tumour";
    g = "g" ["cells"] 2.019e7, (1e5, 1e9), "immune core", K94, "Tumour size at which effector expansion is half-maximal";
    m = "m" ["1/(cell·day)"] 3.422e-10, (0.0, 1e-8), "immune core", K94, "Inactivation of effector cells by tumour cells";
    d = "d" ["1/day"] 0.0412, (1e-3, 1.0), "immune core", K94, "Death rate of effector cells";
    a = "a" ["1/day"] 0.18, (0.0, 2.0), "immune core", K94, "Maximal tumour growth rate";
    b = "b" ["1/cell"] 2.0e-9, (1e-10, 1e-7), "immune core", K94, "Inverse of the tumour carrying capacity";
    n = "n" ["1/(cell·day)"] 1.101e-7, (0.0, 1e-5), "immune core", K94, "Rate at which effector cells kill tumour cells";
    // Treg action on immune efficacy x.
    kappa = "kappa" ["1"] 5.0, (0.0, 50.0), "Treg action", A, "Strength of Treg suppression in this tumour (5 immune-evasive, 2 Kuznetsov reference)";
    kappa_ref = "kappa_ref" ["1"] 2.0, (0.0, 50.0), "Treg action", A, "Reference suppression at which untreated efficacy x is 1";
    phi_min = "phi_min" ["1"] 0.15, (0.0, 1.0), "Treg action", A, "Treg suppressive programme left when polyamines are gone";
    k_phi = "K_phi" ["1"] 0.6, (0.05, 5.0), "Treg action", A, "Polyamine level at which the Treg programme is half-switched";
    h_phi = "h_phi" ["1"] 3.0, (0.5, 10.0), "Treg action", A, "Steepness (Hill coefficient) of the polyamine → Treg programme switch";
    eps_pd1 = "eps_pd1" ["1"] 1.0, (0.0, 10.0), "Treg action", A, "Maximal boost of immune efficacy by anti-PD-1";
    ec50_ab = "ec50_ab" ["dose units"] 0.2, (1e-3, 10.0), "Treg action", A, "Anti-PD-1 level giving half its maximal boost";
    k_ab = "k_ab" ["1/day"] core::f64::consts::LN_2 / 20.0, (1e-3, 10.0), "Treg action", A, "Clearance of anti-PD-1 (half-life 20 days)";
    // Treg number.
    k_r = "k_R" ["1/day"] 0.1, (1e-3, 10.0), "Treg number", A, "Rate at which the Treg number follows its target";
    hyp = "hyp" ["1"] 1.0, (0.0, 10.0), "Treg number", A, "Extra Treg recruitment by poor perfusion (hypoxia)";
    // ODC.
    k_o = "k_O" ["1/day"] core::f64::consts::LN_2 * 48.0, (0.1, 1000.0), "ODC", A, "ODC turnover (half-life 30 minutes; short half-life is published)";
    k_inact = "k_inact" ["1/day"] 216.0, (0.0, 5000.0), "ODC", QU03, "Maximal rate of irreversible ODC inactivation by DFMO (0.15 per minute)";
    k_d = "K_D" ["µM"] 2.2, (0.01, 1000.0), "ODC", QU03, "DFMO concentration giving half-maximal ODC inactivation";
    // Polyamines.
    f_syn = "f_syn" ["1"] 0.7, (0.3, 1.0), "polyamines", A, "Share of the tumour polyamine pool made by the tumour's own ODC";
    gamma_up = "gamma_up" ["1"] 0.3, (0.0, 1.1), "polyamines", A, "Extra polyamine import when synthesis is blocked";
    k_p = "k_P" ["1/day"] 0.5, (0.01, 10.0), "polyamines", A, "Rate at which the polyamine pool follows its supply";
    ic50_a = "ic50_A" ["exposure units"] 0.3, (1e-3, 100.0), "polyamines", A, "AMXT 1501 exposure that halves polyamine import";
    // Perfusion.
    v_min = "V_min" ["1"] 0.1, (0.0, 1.0), "perfusion", A, "Perfusion under maximal Treg-driven vessel abnormality";
    v_max = "V_max" ["1"] 1.0, (0.05, 1.0), "perfusion", A, "Perfusion of fully normalised vessels";
    beta = "beta" ["1"] 2.0, (0.0, 50.0), "perfusion", A, "How strongly the Treg programme degrades vessels";
    k_v = "k_V" ["1/day"] 0.4, (1e-3, 10.0), "perfusion", A, "Rate at which perfusion follows its target";
    // DFMO pharmacokinetics.
    dfmo_t_half_min = "dfmo_t_half_min" ["min"] 199.0, (10.0, 2000.0), "DFMO", HAE81, "Elimination half-life of DFMO in plasma";
    dfmo_vd_l_per_kg = "dfmo_vd_l_per_kg" ["L/kg"] 0.337, (0.05, 5.0), "DFMO", HAE81, "Volume of distribution of DFMO";
    dfmo_f = "dfmo_F" ["1"] 0.54, (0.0, 1.0), "DFMO", HAE81, "Oral bioavailability of DFMO";
    dfmo_ka_per_h = "dfmo_ka_per_h" ["1/h"] 0.7, (0.05, 20.0), "DFMO", A, "Absorption rate of oral DFMO";
    dfmo_mw = "dfmo_MW" ["g/mol"] 182.17, (50.0, 1000.0), "DFMO", A, "Molar mass of DFMO (eflornithine)";
    body_weight_kg = "body_weight_kg" ["kg"] 70.0, (3.0, 200.0), "DFMO", A, "Body weight";
    // AMXT 1501 (normalised exposure).
    amxt_t_half_h = "amxt_t_half_h" ["h"] 8.0, (0.5, 72.0), "AMXT 1501", A, "Elimination half-life of AMXT 1501 exposure";
    amxt_ka_per_h = "amxt_ka_per_h" ["1/h"] 1.0, (0.05, 20.0), "AMXT 1501", A, "Absorption rate of AMXT 1501";
    // Chemotherapy co-drug.
    k_t = "K_T" ["1/day"] 0.9, (0.0, 10.0), "chemotherapy", DEP09, "Maximal kill rate of tumour cells by chemotherapy";
    delta_c = "delta_c" ["1/dose unit"] 1.8328, (0.01, 10.0), "chemotherapy", DEP09, "Steepness of the chemotherapy kill curve";
    k_e_chemo = "K_E" ["1/day"] 0.0486, (0.0, 10.0), "chemotherapy", DEP09, "Maximal kill rate of effector cells by chemotherapy";
    gamma_c = "gamma_c" ["1/day"] 0.5199, (0.01, 10.0), "chemotherapy", DEP09, "Clearance of chemotherapy from plasma";
    k_tr = "k_tr" ["1/day"] 0.5, (0.0, 10.0), "chemotherapy", A, "Plasma → tumour transfer of chemotherapy at baseline perfusion";
    k_out = "k_out" ["1/day"] 1.0, (0.01, 10.0), "chemotherapy", A, "Loss of chemotherapy from the tumour compartment";
    // Autoimmunity proxy.
    w_a = "w_A" ["1"] 1.0, (0.0, 1.0), "autoimmunity", A, "Autoimmunity per unit of systemic Treg depletion";
    zeta = "zeta" ["1"] 0.0, (0.0, 1.0), "autoimmunity", A, "Autoimmunity from losing the Treg programme (0: polyamine blockade cannot raise it)";
    k_a_auto = "k_A" ["1/day"] 0.2, (0.01, 10.0), "autoimmunity", A, "Rate at which the autoimmunity proxy follows its target";
    // Initial state.
    t0 = "T0" ["cells"] 2e7, (0.0, 1e9), "initial state", A, "Tumour cells at day 0";
    e0 = "E0" ["cells"] 1.3e4 / 0.0412, (0.0, 1e8), "initial state", Provenance::Derived("s/d, the tumour-free steady state of Kuznetsov 1994"), "Effector cells at day 0 (default s/d, the tumour-free level)";
}

/// The schema entry with this key.
pub fn spec(key: &str) -> Option<&'static ParamSpec> {
    SCHEMA.iter().find(|p| p.key == key)
}

impl Params {
    /// Derived perfusion at baseline, V₀ = V_min + (V_max − V_min)/(1 + β).
    pub fn v0(&self) -> f64 {
        self.v_min + (self.v_max - self.v_min) / (1.0 + self.beta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_lies_in_its_range() {
        for p in SCHEMA {
            assert!(p.min <= p.default && p.default <= p.max, "{}: default {} outside [{}, {}]", p.key, p.default, p.min, p.max);
        }
    }

    #[test]
    fn keys_are_unique_and_round_trip_through_get_and_set() {
        let mut params = Params::default();
        for (i, p) in SCHEMA.iter().enumerate() {
            assert!(SCHEMA[..i].iter().all(|q| q.key != p.key), "duplicate key {}", p.key);
            assert_eq!(params.get(p.key), Some(p.default));
            assert!(params.set(p.key, p.max));
            assert_eq!(params.get(p.key), Some(p.max));
        }
        assert!(!params.set("no_such_key", 1.0));
    }

    #[test]
    fn issue_keys_are_all_present() {
        for key in "s p g m d a b n kappa kappa_ref phi_min K_phi h_phi eps_pd1 ec50_ab k_ab k_R hyp k_O k_inact K_D f_syn gamma_up k_P ic50_A V_min V_max beta k_V zeta T0 E0".split(' ') {
            assert!(spec(key).is_some(), "schema lacks key {key}");
        }
    }

    #[test]
    fn baseline_perfusion_is_0_40() {
        assert!((Params::default().v0() - 0.40).abs() < 1e-12);
    }
}
