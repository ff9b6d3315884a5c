//! The `#[wasm_bindgen]` boundary: opaque handles, `step(n)`, small getters,
//! and bulk data as pointers into wasm memory that JS wraps in typed-array
//! views (zero copy). Per-frame data never goes through serde. Nothing here
//! may panic on user input: every setter clamps to a valid value.
//!
//! Config (scenario objects) crosses through serde-wasm-bindgen into
//! `model::json::Json`; the schema and legends, read once, are built with
//! `js_sys` (smaller than their serde form; docs/RELIABILITY.md).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::model::json::{self, Json};
use crate::model::lattice::render::{legend, picture_side, render, Overlay};
use crate::model::lattice;
use crate::model::lattice::tissue::Census;
use crate::model::lattice::tissue::Tissue;
use crate::model::regimen::{OnDays, Repeated};
use crate::model::readout::{self, Readout};
use crate::model::{engine, params, regimen, scenario, Engine, Scenario, Trajectory};

/// Installs the panic hook so a Rust panic is logged with its message.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Parse a scenario object (the JSON contract) coming from JS. Config
/// crosses through serde-wasm-bindgen into `model::json::Json`, which the
/// scenario parser reads as it reads JSON text (tested key for key below).
fn scenario_from_js(value: JsValue) -> Result<Scenario, JsError> {
    let json = if value.is_undefined() || value.is_null() {
        Json::Object(json::Object::default())
    } else {
        serde_wasm_bindgen::from_value::<Json>(value).map_err(|e| JsError::new(&format!("(scenario): not a plain JSON object: {e}")))?
    };
    Scenario::from_value(&json).map_err(|e| JsError::new(&e.to_string()))
}

fn check_dt(dt: f64, days: f64) -> Result<(), JsError> {
    regimen::check_dt(dt, days).map_err(|m| JsError::new(&format!("dt: {m}")))
}

/// A plain object of these fields, in this order.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        // Setting a data property on a fresh plain object cannot throw.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn array<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> JsValue) -> JsValue {
    items.into_iter().map(f).collect::<Array>().into()
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn num(x: f64) -> JsValue {
    JsValue::from_f64(x)
}

/// `null` for `None`.
fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> JsValue) -> JsValue {
    v.map_or(JsValue::NULL, f)
}

/// The parameter schema, scenario settings, tumour types, presets and
/// trajectory columns, as one plain object (read once at start-up). The
/// same shape as `polyamine-sim params --json` and `presets --json` (the
/// wasm tests compare it with their serde form).
#[wasm_bindgen]
pub fn schema() -> Result<JsValue, JsError> {
    let param = |p: &params::ParamSpec| {
        let provenance = match p.provenance {
            params::Provenance::Published(s) => object(&[("tag", text("P")), ("source", text(s))]),
            params::Provenance::Derived(s) => object(&[("tag", text("D")), ("source", text(s))]),
            params::Provenance::Assumed => object(&[("tag", text("A"))]),
        };
        object(&[
            ("key", text(p.key)),
            ("unit", text(p.unit)),
            ("default", num(p.default)),
            ("min", num(p.min)),
            ("max", num(p.max)),
            ("group", text(p.group)),
            ("description", text(p.description)),
            ("provenance", provenance),
        ])
    };
    let setting = |s: &regimen::SettingSpec| {
        object(&[
            ("key", text(s.key)),
            ("unit", text(s.unit)),
            ("default", num(s.default)),
            ("min", num(s.min)),
            ("max", num(s.max)),
            ("default_list", array(s.default_list.iter(), |d| num(*d))),
            ("default_whole_run", JsValue::from_bool(s.default_whole_run)),
            ("description", text(s.description)),
        ])
    };
    let tumour = |t: &scenario::TumourType| object(&[("id", text(t.id)), ("name", text(t.name)), ("kappa", num(t.kappa))]);
    let repeated = |dose_key: &'static str, r: &Repeated| {
        object(&[
            (dose_key, num(r.dose)),
            ("interval_h", num(r.interval_h)),
            ("start_day", num(r.start_day)),
            ("duration_days", opt(r.duration_days, num)),
        ])
    };
    let on_days = |r: &OnDays| object(&[("dose", num(r.dose)), ("days", array(r.days.iter(), |d| num(*d)))]);
    let preset = |p: &scenario::Preset| {
        // As `Preset`'s `Serialize`: its whole treatment in the scenario's
        // shape (`null` where none; DFMO's dose is `dose_mg`, as the parser reads it).
        let t = p.treatment();
        let treatment = object(&[
            ("dfmo", opt(t.dfmo.as_ref(), |r| repeated("dose_mg", r))),
            ("amxt", opt(t.amxt.as_ref(), |r| repeated("dose", r))),
            ("chemo", opt(t.chemo.as_ref(), on_days)),
            ("anti_pd1", opt(t.anti_pd1.as_ref(), on_days)),
            ("odc_knockout", opt(t.odc_knockout_day, |d| object(&[("start_day", num(d))]))),
            ("treg_depletion", num(t.treg_depletion)),
        ]);
        object(&[("id", text(p.id)), ("title", text(p.title)), ("treatment", treatment)])
    };
    Ok(object(&[
        ("params", array(params::SCHEMA, param)),
        ("settings", array(regimen::SETTINGS, setting)),
        ("tumours", array(scenario::TUMOURS, tumour)),
        ("presets", array(scenario::PRESETS, preset)),
        ("columns", array(engine::COLUMNS.iter(), |c| text(c))),
        ("readout", readout_constants()),
        ("lattice", lattice_constants()),
    ]))
}

/// The tissue section's constants (step length, sizes, longest run, overlay
/// ids): read from `model::lattice`, never repeated in JS.
fn lattice_constants() -> JsValue {
    let c = &lattice::CONSTANTS;
    object(&[
        ("step_days", num(c.step_days)),
        ("side", num(c.side as f64)),
        ("side_min", num(c.side_min as f64)),
        ("side_max", num(c.side_max as f64)),
        ("max_days", num(c.max_days)),
        ("overlays", array(c.overlays.iter(), |o| text(o))),
    ])
}

/// The constants of MODEL-SPEC A6 the widget shows (the gauge's bands, the
/// dose–response run): read from `model::readout`, never repeated in JS.
fn readout_constants() -> JsValue {
    let c = &readout::CONSTANTS;
    object(&[
        ("lower_tipping_x", num(c.lower_tipping_x)),
        ("upper_tipping_x", num(c.upper_tipping_x)),
        ("control_ceiling_cells", num(c.control_ceiling_cells)),
        ("window_days", num(c.window_days)),
        ("dose_response_days", num(c.dose_response_days)),
    ])
}

/// The whole-tumour engine, reusable across runs (a dose–response sweep
/// allocates nothing after the first run).
#[wasm_bindgen]
pub struct OdeEngine {
    engine: Engine,
    scratch: Trajectory,
}

#[wasm_bindgen]
impl OdeEngine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> OdeEngine {
        OdeEngine { engine: Engine::default(), scratch: Trajectory::default() }
    }

    /// Run a scenario object with rows every `dt` days. Throws an `Error`
    /// naming the field, the value and the allowed range on bad input.
    pub fn run(&mut self, scenario: JsValue, dt: f64) -> Result<OdeRun, JsError> {
        let sc = scenario_from_js(scenario)?;
        check_dt(dt, sc.days)?;
        let mut traj = Trajectory::default();
        self.engine.run(&sc, dt, &mut traj).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(OdeRun { traj })
    }

    /// The dose–response readout (MODEL-SPEC A6): for each DFMO dose (mg)
    /// in `doses_mg`, the tumour in month 5 (geometric mean of T over days
    /// 120–150 of a 150-day run, whatever the scenario's length), the rest
    /// of the scenario as given (DFMO on the scenario's schedule, or the
    /// default one). One call for a whole curve. Throws an `Error` naming
    /// the field for a bad scenario or a dose out of range.
    pub fn dfmo_sweep(&mut self, scenario: JsValue, doses_mg: &[f64]) -> Result<Vec<f64>, JsError> {
        let sc = scenario_from_js(scenario)?;
        let mut out = Vec::with_capacity(doses_mg.len());
        readout::dfmo_sweep(&mut self.engine, &sc, doses_mg, &mut self.scratch, &mut out).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(out)
    }
}

impl Default for OdeEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// A computed trajectory. Read it in bulk: `data()` is one copy of the
/// whole row-major table, `column(name)` one copy of a column.
#[wasm_bindgen]
pub struct OdeRun {
    traj: Trajectory,
}

#[wasm_bindgen]
impl OdeRun {
    pub fn rows(&self) -> usize {
        self.traj.rows()
    }

    /// Column names, in the order of `data()` rows.
    pub fn columns(&self) -> Vec<String> {
        engine::COLUMNS.iter().map(|c| c.to_string()).collect()
    }

    /// The whole table, row-major (`rows() × columns().length`), as a Float64Array copy.
    pub fn data(&self) -> js_sys::Float64Array {
        // One copy, straight from wasm memory into the new JS array.
        js_sys::Float64Array::from(&self.traj.data[..])
    }

    /// One column as a Float64Array copy; throws for an unknown name.
    pub fn column(&self, name: &str) -> Result<Vec<f64>, JsError> {
        match engine::column_index(name) {
            Some(_) => Ok(self.traj.column(name)),
            None => Err(JsError::new(&format!("column: unknown name \"{name}\"; valid: {}", engine::COLUMNS.join(", ")))),
        }
    }

    /// The readouts of MODEL-SPEC A6 (the one outcome rule, in
    /// `model::readout`): `{outcome: "control" | "escape", T_month5,
    /// T_max_window, x_end, A_end, window_start, window_end}`. T_month5 is
    /// the geometric mean of T over the last 30 days of the run.
    pub fn readout(&self) -> JsValue {
        readout_object(&Readout::of(&self.traj))
    }

    /// The trajectory as CSV, exactly as `polyamine-sim run` prints it.
    pub fn to_csv(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.traj.write_csv(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

fn readout_object(r: &Readout) -> JsValue {
    object(&[
        ("outcome", text(r.outcome.id())),
        ("T_month5", num(r.t_window_geomean)),
        ("T_max_window", num(r.t_window_max)),
        ("x_end", num(r.x_end)),
        ("A_end", num(r.a_end)),
        ("window_start", num(r.window_start)),
        ("window_end", num(r.window_end)),
    ])
}

/// A running tissue section (MODEL-SPEC part B). JS steps it, renders it
/// into the RGBA buffer and views that buffer zero-copy.
#[wasm_bindgen]
pub struct TissueSim {
    tissue: Tissue,
    /// The day-0 section, kept so `reset` can skip the set-up when only the
    /// regimen after day 0 changed.
    start: Tissue,
    /// The part A engine of `reset`, kept so its buffers are reused.
    engine: Engine,
    rgba: Vec<u8>,
    census: Census,
    /// Test builds only: the scenario's seed, for the panic trigger in `step`.
    #[cfg(feature = "test-panic")]
    seed: u64,
}

/// Test builds only (`--features test-panic`): `step` panics in a section
/// with this seed (the largest allowed), so the page tests can check that a
/// Rust panic stops only its own widget.
#[cfg(feature = "test-panic")]
pub const TEST_PANIC_SEED: u64 = 4_294_967_295;

/// The legend of an overlay: `[{key, rgb: [r, g, b]}]`, keys into
/// `www/i18n/<lang>.json`. Static data, read when the overlay changes.
#[wasm_bindgen]
pub fn overlay_legend(overlay: &str) -> Result<JsValue, JsError> {
    let ov = Overlay::parse(overlay).map_err(|m| JsError::new(&m))?;
    Ok(array(legend(ov), |e| object(&[("key", text(e.key)), ("rgb", array(e.rgb, |c| num(c.into())))])))
}

#[wasm_bindgen]
impl TissueSim {
    /// A section of `side` sites (clamped to 64–512) under a scenario object.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: JsValue, side: u32) -> Result<TissueSim, JsError> {
        let sc = scenario_from_js(scenario)?;
        let tissue = Tissue::new(&sc, side as usize).map_err(|e| JsError::new(&e.to_string()))?;
        let n = tissue.lattice.side;
        let census = tissue.census();
        Ok(TissueSim {
            start: tissue.clone(),
            engine: Engine::default(),
            tissue,
            rgba: vec![0; picture_side(n) * picture_side(n) * 4],
            census,
            #[cfg(feature = "test-panic")]
            seed: sc.seed,
        })
    }

    /// Start again at day 0 under another scenario, same size: equal to a new
    /// `TissueSim(scenario, side)` bit for bit, but without the set-up's field
    /// warm-up when only the regimen after day 0 changed (a dose slider).
    pub fn reset(&mut self, scenario: JsValue) -> Result<(), JsError> {
        let sc = scenario_from_js(scenario)?;
        let (tissue, reused) = Tissue::restart(&self.start, &sc, &mut self.engine).map_err(|e| JsError::new(&e.to_string()))?;
        if !reused {
            self.start = tissue.clone();
        }
        self.tissue = tissue;
        self.census = self.tissue.census();
        #[cfg(feature = "test-panic")]
        {
            self.seed = sc.seed;
        }
        Ok(())
    }

    /// The picture's side in pixels (`render` draws [`picture_side`]² pixels:
    /// a site is 2 × 2, so T cells can be drawn as discs).
    pub fn picture_side(&self) -> u32 {
        picture_side(self.tissue.lattice.side) as u32
    }

    pub fn side(&self) -> u32 {
        self.tissue.lattice.side as u32
    }

    pub fn day(&self) -> f64 {
        self.tissue.day()
    }

    /// Advance `n` steps (each 0.05 day).
    pub fn step(&mut self, n: u32) {
        #[cfg(feature = "test-panic")]
        if self.seed == TEST_PANIC_SEED {
            panic!("test-panic: deliberate panic for the containment test");
        }
        for _ in 0..n {
            self.tissue.step();
        }
    }

    /// Draw with overlay "cells", "polyamine", "drug" or "perfusion"; an
    /// unknown id throws an error naming the valid ones.
    pub fn render(&mut self, overlay: &str) -> Result<(), JsError> {
        let ov = Overlay::parse(overlay).map_err(|m| JsError::new(&m))?;
        render(&self.tissue.lattice, ov, &mut self.rgba);
        Ok(())
    }

    pub fn pixels_ptr(&self) -> *const u8 {
        self.rgba.as_ptr()
    }

    pub fn pixels_len(&self) -> usize {
        self.rgba.len()
    }

    /// Hex FNV-1a hash of the whole state (for determinism checks).
    pub fn state_hash(&self) -> String {
        format!("{:016x}", self.tissue.state_hash())
    }

    /// Recount the state (a full scan: call it for captions, not every frame).
    pub fn refresh_census(&mut self) {
        self.census = self.tissue.census();
    }

    /// From the last `refresh_census()`: tumour sites.
    pub fn tumour_sites(&self) -> u32 {
        self.census.tumour
    }

    /// From the last `refresh_census()`: effector T cells.
    pub fn effectors(&self) -> u32 {
        self.census.effectors
    }

    /// From the last `refresh_census()`: effector T cells inside the tumour
    /// (on tumour or dead sites within its radius).
    pub fn effectors_in_tumour(&self) -> u32 {
        self.census.effectors_in_tumour
    }

    /// From the last `refresh_census()`: mean polyamine level over tumour sites.
    pub fn tumour_polyamine(&self) -> f32 {
        self.census.tumour_polyamine
    }

    /// From the last `refresh_census()`: effector T cells per 1,000 sites of
    /// the tumour core (the disc of half the initial tumour radius).
    pub fn effector_core_density(&self) -> f32 {
        self.census.effector_core_density
    }

}

/// The hand-built parts of the boundary against their serde forms, in the
/// browser (`wasm-pack test`; the serde code is linked into these tests only).
#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn message(e: JsError) -> String {
        js_sys::Error::from(JsValue::from(e)).message().into()
    }

    fn stringify(v: &JsValue) -> String {
        js_sys::JSON::stringify(v).expect("stringify").into()
    }

    /// `JSON.stringify(JSON.parse(text))`: the JS form of serde's JSON text.
    fn via_js(text: &str) -> String {
        stringify(&js_sys::JSON::parse(text).expect("serde_json wrote JSON"))
    }

    #[wasm_bindgen_test]
    fn schema_equals_its_serde_form_key_for_key() {
        #[derive(serde::Serialize)]
        struct Schema {
            params: &'static [params::ParamSpec],
            settings: &'static [regimen::SettingSpec],
            #[serde(flatten)]
            catalogue: &'static scenario::Catalogue,
            columns: &'static [&'static str],
            readout: &'static readout::Constants,
            lattice: &'static lattice::Constants,
        }
        let serde_form = Schema { params: params::SCHEMA, settings: regimen::SETTINGS, catalogue: &scenario::CATALOGUE, columns: &engine::COLUMNS, readout: &readout::CONSTANTS, lattice: &lattice::CONSTANTS };
        let want = via_js(&serde_json::to_string(&serde_form).unwrap());
        assert_eq!(stringify(&schema().map_err(message).unwrap()), want);
    }

    #[wasm_bindgen_test]
    fn overlay_legends_equal_their_serde_form() {
        for id in ["cells", "polyamine", "drug", "perfusion"] {
            let want = via_js(&serde_json::to_string(legend(Overlay::from_id(id).unwrap())).unwrap());
            assert_eq!(stringify(&overlay_legend(id).map_err(message).unwrap()), want, "{id}");
        }
    }

    /// Every key of the scenario contract with values of every kind, in
    /// range, out of range and of the wrong type: a JS object reads as its
    /// JSON text does (same scenario, or the same message).
    #[wasm_bindgen_test]
    fn a_js_object_reads_as_its_json_text_does() {
        let values = [
            "null", "true", "false", "\"x\"", "\"dfmo-amxt\"", "\"kuznetsov-reference\"", "-1", "0", "0.5", "1", "2", "7", "30.25", "768",
            "4294967295", "4294967296", "1e16", "1e300", "-1.5e-7", "[]", "[7, 14]", "[7, -1]", "[\"a\"]", "{}", "{\"dose\": 1}",
            "{\"kappa\": 3}", "{\"z\": 1, \"b\": [1, {\"q\": \"\\n\"}]}",
        ];
        let mut paths: Vec<String> = ["tumour", "preset", "days", "seed", "params", "dfmo", "amxt", "chemo", "anti_pd1", "odc_knockout", "treg_depletion", "validation_mode", "colour"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        paths.extend(params::SCHEMA.iter().take(12).map(|p| format!("params.{}", p.key)));
        paths.extend(regimen::SETTINGS.iter().filter(|s| s.key.contains('.')).map(|s| s.key.to_string()));
        paths.extend(["dfmo.bogus", "params.nope"].map(String::from));
        let mut checked = 0;
        for path in &paths {
            for v in values {
                let text = match path.split_once('.') {
                    Some((a, b)) => format!(r#"{{"preset": "dfmo-amxt-chemo", "{a}": {{"{b}": {v}}}}}"#),
                    None => format!(r#"{{"{path}": {v}}}"#),
                };
                let from_text = Scenario::from_json(&text).map_err(|e| e.to_string());
                let from_js = scenario_from_js(js_sys::JSON::parse(&text).unwrap()).map_err(message);
                assert_eq!(from_js, from_text, "{text}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked} cases");
    }

    #[wasm_bindgen_test]
    fn js_values_json_has_no_place_for_are_errors_not_traps() {
        let cyclic = js_sys::JSON::parse(r#"{"dfmo": {}}"#).unwrap();
        let inner = Reflect::get(&cyclic, &"dfmo".into()).unwrap();
        Reflect::set(&inner, &"again".into(), &cyclic).unwrap();
        let e = message(scenario_from_js(cyclic).expect_err("a cycle is rejected"));
        assert!(e.starts_with("(scenario): not a plain JSON object") && e.contains("nested more than 128 levels"), "{e}");
        // The depth counter is back at 0 after the error: a normal object reads.
        assert!(scenario_from_js(js_sys::JSON::parse(r#"{"dfmo": {"dose_mg": 500}}"#).unwrap()).is_ok());
        let with = |k: &str, v: JsValue| {
            let o = Object::new();
            Reflect::set(&o, &k.into(), &v).unwrap();
            message(scenario_from_js(o.into()).expect_err("rejected"))
        };
        assert!(with("days", js_sys::Function::new_no_args("").into()).starts_with("(scenario): not a plain JSON object"));
        assert!(with("seed", js_sys::Symbol::for_("s").into()).starts_with("(scenario): not a plain JSON object"));
        // NaN and undefined read as null, as JSON.stringify has them.
        let e = with("days", JsValue::from_f64(f64::NAN));
        assert_eq!(e, "days: expected a number from 1 to 10000 days, got null");
        let sc = scenario_from_js(js_sys::JSON::parse(r#"{"preset": "dfmo-amxt"}"#).unwrap()).unwrap();
        let o = js_sys::JSON::parse(r#"{"preset": "dfmo-amxt"}"#).unwrap();
        Reflect::set(&o, &"amxt".into(), &JsValue::UNDEFINED).unwrap();
        let off = scenario_from_js(o).unwrap();
        assert!(sc.treatment.amxt.is_some() && off.treatment.amxt.is_none(), "undefined switches a regimen off, as null does");
    }
}
