//! `make bench`: the whole-tumour engine, natively. Prints medians; no
//! assertions (targets are read, not tested: machines here are noisy).
use std::time::Instant;

use polyamine_sim::model::{Engine, Scenario, Trajectory};

/// The benchmark scenario of issue 3 (about 300 dose times).
pub const BENCH_SCENARIO: &str = r#"{"tumour": "immune-evasive", "days": 150, "dfmo": {"dose_mg": 768, "interval_h": 12, "start_day": 0, "duration_days": 150}, "amxt": {"dose": 1.0, "interval_h": 12, "start_day": 0, "duration_days": 150}, "chemo": {"dose": 1.0, "days": [7, 14, 21]}}"#;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_ms(reps: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..3 {
        f();
    }
    median((0..reps).map(|_| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64() * 1e3
    }).collect())
}

fn main() {
    let sc = Scenario::from_json(BENCH_SCENARIO).expect("bench scenario");
    let mut engine = Engine::default();
    let mut out = Trajectory::default();
    let ms = time_ms(201, || engine.run(&sc, 0.25, &mut out).expect("run"));
    println!("ode native: benchmark scenario (150 days, {} rows, chain {} steps, body {} steps): median {:.3} ms", out.rows(), out.chain_steps, out.body_steps, ms);

    // The widget's dose-response readout: the tumour in month 5 of a 150-day run per dose (MODEL-SPEC A6).
    let doses: Vec<f64> = (0..64).map(|i| 1500.0 * i as f64 / 63.0).collect();
    let mut values = Vec::new();
    let ms = time_ms(21, || polyamine_sim::model::readout::dfmo_sweep(&mut engine, &sc, &doses, &mut out, &mut values).expect("sweep"));
    println!("ode native: dose-response sweep, 64 doses (DFMO 0-1500 mg, tumour in month 5 of 150-day runs): median {ms:.2} ms");
}
