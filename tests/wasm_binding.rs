//! The binding layer in real browsers (`wasm-pack test --headless --chrome`
//! and `--firefox`): the same engine as natively, errors as JS exceptions,
//! the zero-copy pixel buffer.
#![cfg(target_arch = "wasm32")]

use polyamine_sim::wasm::{overlay_legend, schema, OdeEngine, TissueSim};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCENARIO: &str = include_str!("fixtures/bench-scenario.json");
const NATIVE_CSV: &str = include_str!("fixtures/bench-native.csv");
const LATTICE_HASH: &str = include_str!("fixtures/lattice-hash.json");

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("valid JSON")
}

#[wasm_bindgen_test]
fn wasm_trajectory_equals_the_native_one() {
    let run = OdeEngine::new().run(js(SCENARIO), 1.0).expect("run");
    let data = run.data().to_vec();
    let cols = run.columns().len();
    let native: Vec<Vec<f64>> = NATIVE_CSV.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    assert_eq!(run.rows(), native.len());
    for (i, row) in native.iter().enumerate() {
        for (j, &want) in row.iter().enumerate() {
            let got = data[i * cols + j];
            assert!((got - want).abs() <= 1e-12 * want.abs(), "row {i} column {}: wasm {got} vs native {want}", run.columns()[j]);
        }
    }
}

#[wasm_bindgen_test]
fn bad_scenario_throws_a_message_naming_the_field() {
    let err = OdeEngine::new().run(js(r#"{"amxt": {"dose": 9}}"#), 1.0).err().expect("rejected");
    let msg = js_sys::Error::from(JsValue::from(err)).message().as_string().unwrap();
    assert!(msg.contains("amxt.dose") && msg.contains('9') && msg.contains("0 to 2"), "{msg}");
    let err = OdeEngine::new().run(js("{}"), 0.0).err().expect("dt 0 rejected");
    let msg = js_sys::Error::from(JsValue::from(err)).message().as_string().unwrap();
    assert!(msg.contains("dt"), "{msg}");
}

#[wasm_bindgen_test]
fn dose_response_sweep_reads_month_5_and_spans_escape_and_control() {
    let doses: Vec<f64> = (0..8).map(|i| 200.0 * i as f64).collect();
    let m5 = OdeEngine::new().dfmo_sweep(js(r#"{"preset": "dfmo-amxt", "days": 60}"#), &doses).expect("sweep");
    assert_eq!(m5.len(), 8);
    assert!(m5[0] > 1e8 && m5[7] < 1e8, "no DFMO escapes, high DFMO holds the tumour small: {m5:?}");
    // The month-5 readout of a 150-day run, whatever the scenario's length: the CLI's summary at 800 mg.
    let run = OdeEngine::new().run(js(r#"{"preset": "dfmo-amxt", "dfmo": {"dose_mg": 800}}"#), 0.25).expect("run");
    let r = run.readout();
    let get = |k: &str| js_sys::Reflect::get(&r, &k.into()).unwrap();
    assert_eq!(get("outcome").as_string().unwrap(), "control");
    let t_m5 = get("T_month5").as_f64().unwrap();
    assert!((m5[4] / t_m5 - 1.0).abs() < 1e-12, "sweep {} vs readout {t_m5}", m5[4]);
    let err = OdeEngine::new().dfmo_sweep(js("{}"), &[5000.0]).err().expect("dose out of range");
    let msg = js_sys::Error::from(JsValue::from(err)).message().as_string().unwrap();
    assert!(msg.contains("dfmo.dose_mg") && msg.contains("5000"), "{msg}");
}

#[wasm_bindgen_test]
fn schema_lists_every_parameter_with_range_and_provenance() {
    let s = schema().expect("schema");
    let params = js_sys::Reflect::get(&s, &"params".into()).unwrap();
    let arr = js_sys::Array::from(&params);
    assert!(arr.length() >= 32);
    let first = arr.get(0);
    for key in ["key", "unit", "default", "min", "max", "description", "provenance"] {
        assert!(js_sys::Reflect::has(&first, &key.into()).unwrap(), "schema entry lacks {key}");
    }
}

#[wasm_bindgen_test]
fn tissue_pixels_live_in_wasm_memory_and_follow_the_overlay() {
    let mut sim = TissueSim::new(js(r#"{"preset": "untreated"}"#), 64).expect("tissue");
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().into();
    let view = |sim: &TissueSim| {
        // Allocate before viewing: a view made before memory grows is detached.
        let mut out = vec![0u8; sim.pixels_len()];
        js_sys::Uint8Array::new_with_byte_offset_and_length(&mem.buffer(), sim.pixels_ptr() as u32, sim.pixels_len() as u32).copy_to(&mut out);
        out
    };
    sim.render("cells").unwrap();
    let cells = view(&sim);
    sim.render("polyamine").unwrap();
    assert_ne!(cells, view(&sim), "the view over wasm memory should show the polyamine haze");
    let legend = overlay_legend("polyamine").expect("legend");
    assert!(js_sys::Array::from(&legend).length() >= 5);
}

#[wasm_bindgen_test]
fn same_seed_lattice_hash_equals_the_native_one_determinism() {
    // tests/lattice.rs computes the same hash natively and keeps the fixture current.
    let v = js(LATTICE_HASH);
    let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).unwrap();
    let mut sim = TissueSim::new(get("scenario"), get("side").as_f64().unwrap() as u32).expect("tissue");
    sim.step(get("steps").as_f64().unwrap() as u32);
    assert_eq!(sim.state_hash(), get("hash").as_string().unwrap(), "wasm and native lattices diverged");
    // And its pictures, pixel for pixel (the CLI's `tissue` draws them natively).
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().into();
    let pixels = js_sys::Reflect::get(&v, &"pixels".into()).unwrap();
    for ov in ["cells", "polyamine", "drug", "perfusion"] {
        sim.render(ov).unwrap();
        // Allocate first (it may grow memory), then view and copy: a view made
        // before a growth is detached.
        let mut bytes = vec![0u8; sim.pixels_len()];
        js_sys::Uint8Array::new_with_byte_offset_and_length(&mem.buffer(), sim.pixels_ptr() as u32, sim.pixels_len() as u32).copy_to(&mut bytes);
        assert_eq!(bytes.len() as u32, 4 * sim.picture_side() * sim.picture_side());
        let want = js_sys::Reflect::get(&pixels, &ov.into()).unwrap().as_string().unwrap();
        assert_eq!(format!("{:016x}", polyamine_sim::model::lattice::render::pixel_hash(&bytes)), want, "{ov}: wasm and native pictures differ");
    }
}

#[wasm_bindgen_test]
fn tissue_renders_every_overlay_and_rejects_an_unknown_one() {
    let mut sim = TissueSim::new(js(r#"{"preset": "dfmo-amxt"}"#), 64).expect("tissue");
    sim.step(5);
    for ov in ["cells", "polyamine", "drug", "perfusion"] {
        sim.render(ov).expect(ov);
    }
    assert_eq!(sim.pixels_len(), 128 * 128 * 4, "two pixels a site");
    assert!(sim.render("xray").is_err());
}
