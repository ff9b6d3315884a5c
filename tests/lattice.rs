//! The tissue lattice (MODEL-SPEC part B): determinism, agreement with part
//! A's outcome classes, and the visible mechanism, asserted on the state.
#![cfg(not(target_arch = "wasm32"))]

use polyamine_sim::model::lattice::tissue::{Tissue, STEP_DAYS};
use polyamine_sim::model::{readout, simulate, Outcome, Readout, Scenario};

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

/// The picture of the fixture's state in every overlay, hashed: the wasm
/// test draws the same (so the CLI's `tissue` pictures, drawn natively, are
/// the widget's pixel for pixel).
#[test]
fn pictures_of_the_fixture_state_are_the_recorded_ones() {
    use polyamine_sim::model::lattice::render::{picture_side, pixel_hash, render, Overlay};
    let (sc, side, steps, _) = fixture();
    let mut t = tissue(&sc, side);
    for _ in 0..steps {
        t.step();
    }
    let v: serde_json::Value = serde_json::from_str(HASH_FIXTURE).unwrap();
    let w = picture_side(t.lattice.side);
    let mut rgba = vec![0; w * w * 4];
    let hashes: Vec<(String, String)> = Overlay::ALL
        .iter()
        .map(|&o| {
            render(&t.lattice, o, &mut rgba);
            (o.id().to_string(), format!("{:016x}", pixel_hash(&rgba)))
        })
        .collect();
    eprintln!("picture hashes: {hashes:?}");
    for (id, got) in hashes {
        assert_eq!(v["pixels"][&id].as_str(), Some(got.as_str()), "tests/fixtures/lattice-hash.json: the {id} picture is stale (native hash {got})");
    }
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

/// Part A's outcome (MODEL-SPEC A6) of a preset's default 150-day run.
fn part_a_outcome(preset: &str) -> Outcome {
    Readout::of(&simulate(&Scenario::from_json(&format!(r#"{{"preset": "{preset}"}}"#)).unwrap(), 0.25).unwrap()).outcome
}

/// The section's own outcome over a 150-day run: held small when its
/// tumour, read as cells (T = T0·(A/A0)^(3/2)), stays below part A's
/// ceiling of 1e8 cells over the last 30 days (read every day). Part A's
/// other way to control (x above the tipping point) is not used: x is a
/// driver the section shares, so it could not disagree.
fn lattice_outcome(preset: &str, seed: u64) -> (Outcome, f64) {
    let mut t = tissue(&format!(r#"{{"preset": "{preset}", "seed": {seed}}}"#), 256);
    let a0 = f64::from(t.census().tumour);
    let t0 = t.census().tumour;
    assert!(t0 > 0);
    let steps = (150.0 / STEP_DAYS).round() as usize;
    let window = (readout::WINDOW_DAYS / STEP_DAYS).round() as usize;
    let per_day = (1.0 / STEP_DAYS).round() as usize;
    let mut largest = 0.0f64;
    for k in 1..=steps {
        t.step();
        if k >= steps - window && k % per_day == 0 {
            largest = largest.max(2e7 * (f64::from(t.census().tumour) / a0).powf(1.5));
        }
    }
    (if largest < readout::CONTROL_CEILING_CELLS { Outcome::Control } else { Outcome::Escape }, largest)
}

/// At least 9 of 10 seeds end as part A does (MODEL-SPEC part B).
fn agrees_in_9_of_10_seeds(preset: &str) {
    let want = part_a_outcome(preset);
    let runs: Vec<(Outcome, f64)> = (1..=10).map(|seed| lattice_outcome(preset, seed)).collect();
    let agree = runs.iter().filter(|r| r.0 == want).count();
    let largest: Vec<String> = runs.iter().map(|r| format!("{:.1e}", r.1)).collect();
    assert!(agree >= 9, "{preset}: part A {want:?}, the section agrees in {agree}/10 seeds (largest tumour over days 120-150, cells: {largest:?})");
}

macro_rules! agreement {
    ($($name:ident: $preset:literal,)*) => {$(
        #[test]
        fn $name() {
            agrees_in_9_of_10_seeds($preset);
        }
    )*};
}

agreement! {
    lattice_agrees_with_part_a_untreated: "untreated",
    lattice_agrees_with_part_a_dfmo: "dfmo",
    lattice_agrees_with_part_a_amxt: "amxt",
    lattice_agrees_with_part_a_dfmo_amxt: "dfmo-amxt",
    lattice_agrees_with_part_a_chemo: "chemo",
    lattice_agrees_with_part_a_dfmo_amxt_chemo: "dfmo-amxt-chemo",
    lattice_agrees_with_part_a_odc_knockout: "odc-knockout",
    lattice_agrees_with_part_a_anti_pd1: "anti-pd1",
    lattice_agrees_with_part_a_dfmo_amxt_anti_pd1: "dfmo-amxt-anti-pd1",
    lattice_agrees_with_part_a_treg_depletion: "treg-depletion",
}

#[test]
fn part_a_outcomes_of_the_presets_are_the_spec_v1_1_ones() {
    // The agreement tests compare against these; the knockout is held small since v1.1.
    for (preset, want) in [("untreated", Outcome::Escape), ("dfmo", Outcome::Escape), ("odc-knockout", Outcome::Control), ("dfmo-amxt", Outcome::Control)] {
        assert_eq!(part_a_outcome(preset), want, "{preset}");
    }
}

/// Mean of a census measure at day 30 over three seeds.
fn day30(preset: &str, f: impl Fn(&polyamine_sim::model::lattice::tissue::Census) -> f32) -> f32 {
    at_day(preset, 30.0, f)
}

/// The same at `day`, averaged over seeds 1–3 (the story runs seed 1).
fn at_day(preset: &str, day: f64, f: impl Fn(&polyamine_sim::model::lattice::tissue::Census) -> f32) -> f32 {
    (1..=3)
        .map(|seed| {
            let mut t = tissue(&format!(r#"{{"preset": "{preset}", "seed": {seed}, "days": {}}}"#, day.ceil()), 256);
            for _ in 0..(day / STEP_DAYS).round() as usize {
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
    // Part A: V rises from 0.40 to 0.76 (1.9x); the section's vessels in the tumour follow.
    let (v0, v1) = (day30("untreated", |c| c.tumour_perfusion), day30("dfmo-amxt", |c| c.tumour_perfusion));
    eprintln!("perfusion of vessels in the tumour at day 30: untreated {v0}, DFMO + AMXT {v1} ({:.2}x)", v1 / v0);
    assert!(v1 > 1.6 * v0, "perfusion in tumour: untreated {v0}, DFMO + AMXT {v1}: at least 1.6x");
}

#[test]
fn better_perfusion_carries_the_co_drug_deeper() {
    let (d0, d1) = (day30("chemo", |c| c.drug_penetration), day30("dfmo-amxt-chemo", |c| c.drug_penetration));
    // Part A: the tumour's exposure to the co-drug is 1.4x higher with DFMO + AMXT 1501.
    eprintln!("co-drug core/rim level at day 30: chemo {d0}, DFMO + AMXT + chemo {d1} ({:.2}x)", d1 / d0);
    assert!(d1 > 1.4 * d0, "co-drug core/rim level: chemo {d0}, DFMO + AMXT + chemo {d1}: better perfusion should carry at least 1.4x as much into the core");
}

/// Story step 6 ("A second drug gets deeper", www/story-steps.js) holds on
/// day 21.25, a quarter day after the third chemotherapy dose: the picture
/// the reader looks at longest. There the co-drug reaches deeper into the
/// tumour with DFMO + AMXT 1501 than under chemotherapy alone, and there is
/// more of it in both tumours to see than once the dose has washed out
/// (day 23, where the step used to hold).
#[test]
fn story_step_6_holds_on_a_day_when_the_co_drug_reaches_deeper() {
    const HELD: f64 = 21.25;
    let (d0, d1) = (at_day("chemo", HELD, |c| c.drug_penetration), at_day("dfmo-amxt-chemo", HELD, |c| c.drug_penetration));
    let (c0, c1) = (at_day("chemo", HELD, |c| c.tumour_drug), at_day("dfmo-amxt-chemo", HELD, |c| c.tumour_drug));
    let later = at_day("dfmo-amxt-chemo", 23.0, |c| c.tumour_drug);
    eprintln!("day {HELD}: co-drug core/rim chemo {d0}, DFMO + AMXT + chemo {d1} ({:.2}x); mean in the tumour {c0} and {c1}; day 23: {later}", d1 / d0);
    assert!(d1 > 1.5 * d0, "co-drug core/rim on day {HELD}: chemo {d0}, DFMO + AMXT + chemo {d1}");
    assert!(c1 > c0, "co-drug in the tumour on day {HELD}: chemo {c0}, DFMO + AMXT + chemo {c1}");
    assert!(c1 > 2.0 * later, "co-drug in the treated tumour: day {HELD} {c1}, day 23 {later}: the held day should show the dose");
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

/// Untreated, the tumour grows round: the diagonal/axial extent ratio
/// (90th-percentile radius in 10° sectors around the diagonals over the
/// same around the axes) is at most 1.04, median of seeds 1–10, on days 30
/// and 60 (pushing along the 8 lattice directions gave 1.22, a box).
#[test]
fn untreated_tumour_grows_round_not_square() {
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        0.5 * (v[4] + v[5])
    };
    let (mut day30, mut day60) = (Vec::new(), Vec::new());
    for seed in 1..=10 {
        let mut t = tissue(&format!(r#"{{"preset": "untreated", "seed": {seed}, "days": 60}}"#), 256);
        for k in 1..=(60.0 / STEP_DAYS).round() as usize {
            t.step();
            if k == (30.0 / STEP_DAYS).round() as usize {
                day30.push(t.diagonal_axial_ratio().expect("a tumour"));
            }
        }
        day60.push(t.diagonal_axial_ratio().expect("a tumour"));
    }
    let (m30, m60) = (median(day30.clone()), median(day60.clone()));
    eprintln!("diagonal/axial extent, median of seeds 1-10: day 30 {m30:.3}, day 60 {m60:.3}");
    assert!(m30 <= 1.04 && m60 <= 1.04, "the tumour grows square: day 30 {day30:?}, day 60 {day60:?}");
    assert!(m30 >= 0.96 && m60 >= 0.96, "nor as a diamond: day 30 {day30:?}, day 60 {day60:?}");
}

/// The ratio measures what it says: a disc is 1, a square far above (1.36:
/// the 90th percentile, not the corner, of the diagonal sectors).
#[test]
fn diagonal_axial_ratio_of_a_disc_and_a_square() {
    use polyamine_sim::model::lattice::Site;
    let t = tissue(r#"{"preset": "untreated"}"#, 256);
    let disc = t.diagonal_axial_ratio().unwrap();
    assert!((disc - 1.0).abs() < 0.03, "day-0 disc: {disc}");
    let mut sq = tissue(r#"{"preset": "untreated"}"#, 256);
    sq.set_tissue_for_test(|x, y| if (68..188).contains(&x) && (68..188).contains(&y) { Site::Tumour } else { Site::Stroma });
    let square = sq.diagonal_axial_ratio().unwrap();
    assert!(square > 1.3, "square: {square}");
}
