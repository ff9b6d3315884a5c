//! The command line: output format, bad input, and the native fixture the
//! wasm test compares against.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn cli(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_polyamine-sim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the CLI");
    // The CLI may exit before reading standard input (bad flags): ignore a broken pipe.
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    child.wait_with_output().expect("CLI output")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn run_prints_the_csv_header_and_a_row_every_dt() {
    let out = cli(&["run", "--scenario", "-", "--days", "10", "--dt", "0.5"], r#"{"preset": "dfmo-amxt"}"#);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "t,T,E,R,O,P,V,G_D,C_D,G_A,C_A,C_p,C_t,Ab,A,x,phi");
    assert_eq!(lines.len(), 1 + 21);
    assert!(lines[2].starts_with("0.5,"), "{}", lines[2]);
    assert!(lines[21].starts_with("10,"), "{}", lines[21]);
    assert!(lines[1..].iter().all(|l| l.split(',').count() == 17 && l.split(',').all(|v| v.parse::<f64>().is_ok())));
}

#[test]
fn native_fixture_is_current() {
    // tests/wasm_binding.rs compares the browser's result with this file.
    // After a deliberate model change, regenerate it with `make fixtures`.
    let out = cli(&["run", "--scenario", "tests/fixtures/bench-scenario.json", "--dt", "1"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fixture = std::fs::read_to_string("tests/fixtures/bench-native.csv").expect("fixture");
    assert!(text(&out.stdout) == fixture, "tests/fixtures/bench-native.csv is stale: run `make fixtures` after a deliberate model change");
}

fn rejects(args: &[&str], stdin: &str, words: &[&str]) {
    let out = cli(args, stdin);
    assert_eq!(out.status.code(), Some(2), "{args:?} should exit with 2");
    let err = text(&out.stderr);
    for w in words {
        assert!(err.contains(w), "stderr should mention `{w}`:\n{err}");
    }
    assert!(out.stdout.is_empty(), "no CSV on bad input");
}

#[test]
fn bad_input_exits_with_2_and_names_the_field() {
    rejects(&["run", "--scenario", "-"], r#"{"dfmo": {"dose_mg": 99999}}"#, &["dfmo.dose_mg", "99999", "0 to 3000"]);
    rejects(&["run", "--scenario", "-"], r#"{"params": {"kappa": "high"}}"#, &["params.kappa", "\"high\""]);
    rejects(&["run", "--scenario", "-", "--dt", "0"], "{}", &["--dt", "`0`"]);
    rejects(&["run", "--scenario", "-", "--days", "abc"], "{}", &["--days", "abc", "1 to 10000"]);
    rejects(&["run", "--scenario", "/no/such/file.json"], "", &["--scenario", "/no/such/file.json"]);
    rejects(&["run"], "", &["--scenario"]);
    rejects(&["run", "--scenario", "-", "--colour", "red"], "{}", &["--colour"]);
    rejects(&["frobnicate"], "", &["frobnicate"]);
    rejects(&["params", "--yaml"], "", &["--yaml"]);
}

#[test]
fn presets_and_params_list_every_id_and_key_as_json() {
    let out = cli(&["presets", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("presets --json is JSON");
    let ids: Vec<&str> = v["presets"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["untreated", "dfmo", "amxt", "dfmo-amxt", "chemo", "dfmo-amxt-chemo", "anti-pd1", "dfmo-amxt-anti-pd1", "odc-knockout", "treg-depletion"]);
    let out = cli(&["params", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("params --json is JSON");
    let kappa = v["params"].as_array().unwrap().iter().find(|p| p["key"] == "kappa").expect("kappa listed");
    assert_eq!((kappa["default"].as_f64(), kappa["unit"].as_str()), (Some(5.0), Some("1")));
    assert_eq!(kappa["provenance"]["tag"], "A");
    let human = text(&cli(&["params"], "").stdout);
    assert!(human.contains("k_inact") && human.contains("Qu et al."), "{human}");
    assert!(text(&cli(&["presets"], "").stdout).contains("dfmo-amxt-chemo"));
}

#[test]
fn run_summary_gives_the_a5_outcome_of_every_preset() {
    // MODEL-SPEC v1.1 A5: outcome, T in month 5 (two significant digits), x and A at day 150.
    let table = [
        ("untreated", "escape", 4.9e8, 0.50, 0.0),
        ("dfmo", "escape", 4.5e8, 0.94, 0.0),
        ("amxt", "escape", 4.8e8, 0.56, 0.0),
        ("dfmo-amxt", "control", 6.9e6, 1.63, 0.0),
        ("chemo", "escape", 4.9e8, 0.50, 0.0),
        ("dfmo-amxt-chemo", "control", 3.2e6, 1.63, 0.0),
        ("odc-knockout", "control", 1.4e7, 1.17, 0.0),
        ("anti-pd1", "escape", 4.8e8, 0.57, 0.0),
        ("dfmo-amxt-anti-pd1", "control", 5.9e3, 1.87, 0.0),
        ("treg-depletion", "control", 1.3e7, 1.36, 0.70),
    ];
    for (preset, outcome, t_m5, x, a) in table {
        let out = cli(&["run", "--scenario", "-", "--summary"], &format!(r#"{{"preset": "{preset}"}}"#));
        assert!(out.status.success(), "{preset}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().count(), 1, "one JSON object on one line: {stdout}");
        let v: serde_json::Value = serde_json::from_str(&stdout).expect("summary is JSON");
        assert_eq!(v["outcome"], outcome, "{preset}: {stdout}");
        assert_eq!(v["preset"], preset);
        let got = v["T_month5"].as_f64().unwrap();
        assert!((got / t_m5 - 1.0).abs() < 0.05, "{preset}: T_month5 {got}, A5 says {t_m5}");
        assert!((v["x_end"].as_f64().unwrap() - x).abs() < 0.006, "{preset}: x_end {}", v["x_end"]);
        assert!((v["A_end"].as_f64().unwrap() - a).abs() < 0.006, "{preset}: A_end {}", v["A_end"]);
        assert_eq!(v["window_days"], serde_json::json!([120.0, 150.0]));
    }
}

#[test]
fn run_summary_reads_the_last_30_days_of_a_shorter_run_and_rejects_dt() {
    let out = cli(&["run", "--scenario", "-", "--summary", "--days", "60"], r#"{"preset": "dfmo-amxt"}"#);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["window_days"], serde_json::json!([30.0, 60.0]));
    assert_eq!(v["days"], 60.0);
    rejects(&["run", "--scenario", "-", "--summary", "--dt", "1"], "{}", &["--dt", "--summary"]);
}

#[test]
fn tissue_writes_the_section_as_the_widget_draws_it() {
    use polyamine_sim::model::lattice::render::{picture_side, render, Overlay};
    use polyamine_sim::model::lattice::tissue::Tissue;
    use polyamine_sim::model::Scenario;
    let dir = std::env::temp_dir().join(format!("polyamine-sim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = r#"{"preset": "dfmo-amxt-chemo", "seed": 5, "days": 20}"#;
    // The widget's section (256 sites, 2 pixels a site) on day 3, drawn natively.
    let mut t = Tissue::new(&Scenario::from_json(json).unwrap(), 256).unwrap();
    for _ in 0..60 {
        t.step();
    }
    let w = picture_side(256);
    for (overlay, scale) in [("polyamine", 1usize), ("cells", 2)] {
        let out = dir.join(format!("{overlay}.png"));
        let run = cli(&["tissue", "--scenario", "-", "--day", "3", "--overlay", overlay, "--scale", &scale.to_string(), "--png", out.to_str().unwrap()], json);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let (pw, ph, pixels) = polyamine_sim::png::decode_own(&std::fs::read(&out).unwrap());
        assert_eq!((pw as usize, ph as usize), (w * scale, w * scale));
        let mut want = vec![0; w * w * 4];
        render(&t.lattice, Overlay::from_id(overlay).unwrap(), &mut want);
        for y in 0..w * scale {
            let row = &pixels[4 * y * w * scale..4 * (y + 1) * w * scale];
            for x in 0..w * scale {
                let (got, src) = (&row[4 * x..4 * x + 4], 4 * ((y / scale) * w + x / scale));
                assert_eq!(got, &want[src..src + 4], "{overlay}: pixel ({x}, {y})");
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tissue_rejects_bad_flags_naming_the_flag_the_value_and_the_range() {
    rejects(&["tissue", "--scenario", "-", "--day", "200", "--png", "/tmp/x.png"], "{}", &["--day", "200", "0 to 150"]);
    rejects(&["tissue", "--scenario", "-", "--day", "-1", "--png", "/tmp/x.png"], "{}", &["--day", "-1", "0 to 1000"]);
    rejects(&["tissue", "--scenario", "-", "--day", "2", "--overlay", "xray", "--png", "/tmp/x.png"], "{}", &["--overlay", "xray", "cells, polyamine, drug, perfusion"]);
    rejects(&["tissue", "--scenario", "-", "--day", "2", "--scale", "9", "--png", "/tmp/x.png"], "{}", &["--scale", "9", "1 to 8"]);
    rejects(&["tissue", "--scenario", "-", "--day", "2"], "{}", &["--png"]);
    rejects(&["tissue", "--scenario", "-", "--png", "/tmp/x.png"], "{}", &["--day"]);
    rejects(&["tissue", "--scenario", "-", "--day", "2", "--png", "/no/such/dir/x.png"], "{}", &["--png", "/no/such/dir/x.png"]);
}
