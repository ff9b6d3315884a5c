//! `make bench`: the tissue lattice (MODEL-SPEC part B), natively. Prints
//! medians; no assertions (targets are read, not tested: machines here are
//! noisy). Issue 4's figures: ms per step at sides 128, 256 and 512 (a step
//! includes the field update), render time per overlay at 256, and how close
//! the step time is to linear in the number of sites.
use std::hint::black_box;
use std::time::Instant;

use polyamine_sim::model::lattice::render::{picture_side, render, Overlay};
use polyamine_sim::model::lattice::tissue::Tissue;
use polyamine_sim::model::Scenario;

/// The lattice benchmark scenario of issue 4.
pub const LATTICE_SCENARIO: &str = r#"{"preset": "dfmo-amxt-chemo", "seed": 1, "days": 60}"#;
/// Steps run on a fresh section before timing (not timed).
const WARM_UP: usize = 20;
/// Steps timed per run, each timed on its own.
const STEPS: usize = 200;
/// Runs per side, each on a fresh section (same seed, so the same work).
const RUNS: usize = 5;
/// Frames timed per overlay per run.
const FRAMES: usize = 200;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)))
}

/// Per-run medians of `STEPS` individually timed steps after `WARM_UP`.
fn step_runs(sc: &Scenario, side: usize) -> Vec<f64> {
    (0..RUNS).map(|_| {
        let mut t = Tissue::new(sc, side).expect("lattice scenario");
        for _ in 0..WARM_UP {
            t.step();
        }
        median((0..STEPS).map(|_| {
            let t0 = Instant::now();
            t.step();
            t0.elapsed().as_secs_f64() * 1e3
        }).collect())
    }).collect()
}

fn main() {
    let sc = Scenario::from_json(LATTICE_SCENARIO).expect("lattice scenario");
    let mut step_ms = Vec::new();
    for side in [128usize, 256, 512] {
        let runs = step_runs(&sc, side);
        let ms = median(runs.clone());
        let (lo, hi) = min_max(&runs);
        let rate = (side * side) as f64 / (ms * 1e3);
        println!("lattice native {side}x{side}: step median {ms:.3} ms ({rate:.1} sites/µs; {RUNS} runs × {STEPS} steps after {WARM_UP} warm-up, run medians {lo:.3}–{hi:.3} ms)");
        step_ms.push(ms);
    }
    let linearity = step_ms[2] / step_ms[0] / 16.0;
    println!("lattice native: linearity (512² step / 128² step) / 16 = {linearity:.2} (1 = linear in sites)");

    // Render at 256 on the state after the warm-up and one timed run.
    let side = 256;
    let mut t = Tissue::new(&sc, side).expect("lattice scenario");
    for _ in 0..WARM_UP + STEPS {
        t.step();
    }
    let n = t.lattice.side;
    let w = picture_side(n);
    let mut rgba = vec![0u8; w * w * 4];
    for ov in Overlay::ALL {
        for _ in 0..3 {
            render(&t.lattice, ov, &mut rgba);
        }
        let runs: Vec<f64> = (0..RUNS).map(|_| {
            median((0..FRAMES).map(|_| {
                let t0 = Instant::now();
                render(black_box(&t.lattice), ov, black_box(&mut rgba));
                t0.elapsed().as_secs_f64() * 1e3
            }).collect())
        }).collect();
        let ms = median(runs.clone());
        let (lo, hi) = min_max(&runs);
        println!("lattice native {side}x{side}: render {} ({w}x{w} pixels) median {ms:.3} ms ({RUNS} runs × {FRAMES} frames, run medians {lo:.3}–{hi:.3} ms)", ov.id());
    }
    shape_and_mechanism();
}

/// Not timings: the figures of issue 13, so `make bench` shows them beside
/// the speed they cost. The tests (tests/lattice.rs) assert them.
fn shape_and_mechanism() {
    let section = |json: String| Tissue::new(&Scenario::from_json(&json).expect("scenario"), 256).expect("section");
    let steps = |days: f64| (days / polyamine_sim::model::lattice::tissue::STEP_DAYS).round() as usize;
    let (mut d30, mut d60) = (Vec::new(), Vec::new());
    for seed in 1..=10 {
        let mut t = section(format!(r#"{{"preset": "untreated", "seed": {seed}, "days": 60}}"#));
        for k in 1..=steps(60.0) {
            t.step();
            if k == steps(30.0) {
                d30.push(f64::from(t.diagonal_axial_ratio().expect("tumour")));
            }
        }
        d60.push(f64::from(t.diagonal_axial_ratio().expect("tumour")));
    }
    println!("lattice shape: diagonal/axial extent of the untreated tumour, median of seeds 1-10: day 30 {:.3}, day 60 {:.3} (1 = round, 1.36 = square; target ≤ 1.04)", median(d30), median(d60));
    let day30 = |preset: &str, f: fn(&polyamine_sim::model::lattice::tissue::Census) -> f32| {
        (1..=3).map(|seed| {
            let mut t = section(format!(r#"{{"preset": "{preset}", "seed": {seed}, "days": 30}}"#));
            for _ in 0..steps(30.0) {
                t.step();
            }
            f64::from(f(&t.census()))
        }).sum::<f64>() / 3.0
    };
    let (v0, v1) = (day30("untreated", |c| c.tumour_perfusion), day30("dfmo-amxt", |c| c.tumour_perfusion));
    println!("lattice mechanism: perfusion of vessels in the tumour at day 30, untreated {v0:.3}, DFMO + AMXT 1501 {v1:.3}: {:.2}x (target ≥ 1.6x; part A 0.40 → 0.76)", v1 / v0);
    let (c0, c1) = (day30("chemo", |c| c.drug_penetration), day30("dfmo-amxt-chemo", |c| c.drug_penetration));
    println!("lattice mechanism: co-drug penetration (core over rim) at day 30, chemo {c0:.3}, DFMO + AMXT 1501 + chemo {c1:.3}: {:.2}x (target ≥ 1.4x; part A exposure 1.4x)", c1 / c0);
}
