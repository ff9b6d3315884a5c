//! `make bench`: the tissue lattice (MODEL-SPEC part B), natively. Prints
//! medians; no assertions (targets are read, not tested: machines here are
//! noisy). Issue 4's figures: ms per step at sides 128, 256 and 512 (a step
//! includes the field update), render time per overlay at 256, and how close
//! the step time is to linear in the number of sites.
use std::hint::black_box;
use std::time::Instant;

use polyamine_sim::model::lattice::render::{render, Overlay};
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
    let mut rgba = vec![0u8; n * n * 4];
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
        println!("lattice native {side}x{side}: render {} median {ms:.3} ms ({RUNS} runs × {FRAMES} frames, run medians {lo:.3}–{hi:.3} ms)", ov.id());
    }
}
