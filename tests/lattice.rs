//! The tissue lattice (MODEL-SPEC part B): determinism, agreement with part
//! A's outcome classes, and the visible mechanism, asserted on the state.
#![cfg(not(target_arch = "wasm32"))]

use polyamine_sim::model::lattice::tissue::{Tissue, STEP_DAYS};
use polyamine_sim::model::{simulate, Scenario};

fn tissue(json: &str, side: usize) -> Tissue {
    Tissue::new(&Scenario::from_json(json).expect(json), side).expect("part A drivers")
}

/// The scenario, side and step count of the native/wasm determinism fixture.
const HASH_FIXTURE: &str = include_str!("fixtures/lattice-hash.json");

fn fixture() -> (String, usize, u64, String) {
    let v: serde_json::Value = serde_json::from_str(HASH_FIXTURE).unwrap();
    (v["scenario"].to_string(), v["side"].as_u64().unwrap() as usize, v["steps"].as_u64().unwrap(), v["hash"].as_str().unwrap().to_string())
}

#[test]
fn same_seed_gives_an_identical_state_after_2000_steps_determinism() {
    let (sc, side, steps, want) = fixture();
    let run = || {
        let mut t = tissue(&sc, side);
        for _ in 0..steps {
            t.step();
        }
        format!("{:016x}", t.state_hash())
    };
    let a = run();
    assert_eq!(a, run(), "two runs with the same seed differ");
    // tests/wasm_binding.rs checks the browser against this value. After a
    // deliberate change of the lattice rules, put the new hash in the fixture.
    assert_eq!(a, want, "tests/fixtures/lattice-hash.json is stale (native hash {a})");
}

#[test]
fn different_seeds_differ_determinism() {
    let mut a = tissue(r#"{"seed": 1, "days": 20}"#, 128);
    let mut b = tissue(r#"{"seed": 2, "days": 20}"#, 128);
    for _ in 0..50 {
        a.step();
        b.step();
    }
    assert_ne!(a.state_hash(), b.state_hash());
}

/// Part A's outcome at day 60: tumour above (true) or below its start.
fn ode_escapes(preset: &str) -> bool {
    let tr = simulate(&Scenario::from_json(&format!(r#"{{"preset": "{preset}", "days": 60}}"#)).unwrap(), 60.0).unwrap();
    tr.get(tr.rows() - 1, "T") > tr.get(0, "T")
}

#[test]
fn lattice_outcome_agrees_with_part_a_in_9_of_10_seeds() {
    let steps = (60.0 / STEP_DAYS).round() as usize;
    for preset in ["untreated", "dfmo", "dfmo-amxt", "chemo", "dfmo-amxt-chemo", "treg-depletion"] {
        let escapes = ode_escapes(preset);
        let mut agree = 0;
        let mut ratios = Vec::new();
        for seed in 1..=10 {
            let mut t = tissue(&format!(r#"{{"preset": "{preset}", "seed": {seed}, "days": 60}}"#), 256);
            let start = t.census().tumour;
            for _ in 0..steps {
                t.step();
            }
            let end = t.census().tumour;
            ratios.push(end as f32 / start as f32);
            agree += usize::from((end > start) == escapes);
        }
        assert!(agree >= 9, "{preset}: part A {} but the lattice agrees in {agree}/10 seeds (area ratios {ratios:?})", if escapes { "escapes" } else { "controls" });
    }
}

/// Mean of a census measure at day 30 over three seeds.
fn day30(preset: &str, f: impl Fn(&polyamine_sim::model::lattice::tissue::Census) -> f32) -> f32 {
    (1..=3)
        .map(|seed| {
            let mut t = tissue(&format!(r#"{{"preset": "{preset}", "seed": {seed}, "days": 30}}"#), 256);
            for _ in 0..(30.0 / STEP_DAYS).round() as usize {
                t.step();
            }
            f(&t.census())
        })
        .sum::<f32>()
        / 3.0
}

/// Effector T cells per 1,000 core sites (disc of half the initial tumour
/// radius), averaged over days 10 and 20 and three seeds: while both tumours
/// still stand.
fn core_density(preset: &str) -> f32 {
    let mut sum = 0.0;
    for seed in 1..=3 {
        let mut t = tissue(&format!(r#"{{"preset": "{preset}", "seed": {seed}, "days": 20}}"#), 256);
        for _ in 0..2 {
            for _ in 0..(10.0 / STEP_DAYS).round() as usize {
                t.step();
            }
            sum += t.census().effector_core_density;
        }
    }
    sum / 6.0
}

#[test]
fn untreated_t_cells_stay_at_the_rim_and_polyamine_blockade_lets_them_reach_the_core() {
    let (untreated, treated) = (core_density("untreated"), core_density("dfmo-amxt"));
    eprintln!("effectors per 1,000 core sites: untreated {untreated}, DFMO + AMXT {treated}");
    assert!(treated > 4.0 * untreated, "effectors per 1,000 core sites: DFMO + AMXT {treated}, untreated {untreated}; T cells should reach the core only under treatment");
}

#[test]
fn polyamine_blockade_thins_the_haze_and_raises_perfusion_inside_the_tumour() {
    let (p0, p1) = (day30("untreated", |c| c.tumour_polyamine), day30("dfmo-amxt", |c| c.tumour_polyamine));
    assert!(p1 < 0.5 * p0, "polyamine in tumour: untreated {p0}, DFMO + AMXT {p1}");
    let (v0, v1) = (day30("untreated", |c| c.tumour_perfusion), day30("dfmo-amxt", |c| c.tumour_perfusion));
    assert!(v1 > v0 + 0.1, "perfusion in tumour: untreated {v0}, DFMO + AMXT {v1}");
}

#[test]
fn better_perfusion_carries_the_co_drug_deeper() {
    let (d0, d1) = (day30("chemo", |c| c.drug_penetration), day30("dfmo-amxt-chemo", |c| c.drug_penetration));
    assert!(d1 > d0, "co-drug core/rim level: chemo {d0}, DFMO + AMXT + chemo {d1}");
}

#[test]
fn restart_from_a_day0_section_equals_a_fresh_build_bit_for_bit() {
    let start = tissue(r#"{"preset": "untreated", "seed": 3}"#, 128);
    let mut engine = polyamine_sim::model::engine::Engine::default();
    // Regimen changes after day 0 reuse the day-0 state; anything that changes it does not.
    let cases = [
        (r#"{"preset": "dfmo-amxt", "seed": 3}"#, true),
        (r#"{"preset": "dfmo-amxt-chemo", "seed": 3, "dfmo": {"dose_mg": 1200, "interval_h": 8}}"#, true),
        (r#"{"preset": "anti-pd1", "seed": 3, "days": 60}"#, true),
        (r#"{"preset": "odc-knockout", "seed": 3}"#, true),
        (r#"{"preset": "treg-depletion", "seed": 3}"#, false),
        (r#"{"preset": "dfmo-amxt", "seed": 4}"#, false),
        (r#"{"preset": "dfmo-amxt", "seed": 3, "params": {"kappa": 3}}"#, false),
        (r#"{"preset": "chemo", "seed": 3, "chemo": {"days": [0, 14]}}"#, false),
    ];
    for (json, reused) in cases {
        let sc = Scenario::from_json(json).unwrap();
        let (mut restarted, was_reused) = Tissue::restart(&start, &sc, &mut engine).unwrap();
        assert_eq!(was_reused, reused, "{json}");
        let mut fresh = Tissue::new(&sc, 128).unwrap();
        assert_eq!(restarted.state_hash(), fresh.state_hash(), "day 0: {json}");
        for _ in 0..300 {
            restarted.step();
            fresh.step();
        }
        assert_eq!(restarted.state_hash(), fresh.state_hash(), "day 15: {json}");
    }
}
