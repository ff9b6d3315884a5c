//! The `#[wasm_bindgen]` boundary: opaque handles, `step(n)`, small getters,
//! and bulk data as pointers into wasm memory that JS wraps in typed-array
//! views (zero copy). Per-frame data never goes through serde. Nothing here
//! may panic on user input: every setter clamps to a valid value.

use wasm_bindgen::prelude::*;

use crate::model::lattice::render::{legend, render, Overlay};
use crate::model::lattice::tissue::Census;
use crate::model::lattice::tissue::Tissue;
use crate::model::{engine, params, regimen, scenario, Engine, Scenario, Trajectory};

/// Installs the panic hook so a Rust panic is logged with its message.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, so the page can show what it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Parse a scenario object (the JSON contract) coming from JS.
fn scenario_from_js(value: JsValue) -> Result<Scenario, JsError> {
    let json: serde_json::Value = if value.is_undefined() || value.is_null() {
        serde_json::Value::Object(Default::default())
    } else {
        serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("(scenario): not a plain JSON object: {e}")))?
    };
    Scenario::from_value(&json).map_err(|e| JsError::new(&e.to_string()))
}

fn check_dt(dt: f64, days: f64) -> Result<(), JsError> {
    regimen::check_dt(dt, days).map_err(|m| JsError::new(&format!("dt: {m}")))
}

/// The parameter schema, scenario settings, tumour types, presets and
/// trajectory columns, as one plain object (read once at start-up).
#[wasm_bindgen]
pub fn schema() -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    struct Schema {
        params: &'static [params::ParamSpec],
        settings: &'static [regimen::SettingSpec],
        #[serde(flatten)]
        catalogue: &'static scenario::Catalogue,
        columns: &'static [&'static str],
    }
    let s = Schema { params: params::SCHEMA, settings: regimen::SETTINGS, catalogue: &scenario::CATALOGUE, columns: &engine::COLUMNS };
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(&s, &ser).map_err(|e| JsError::new(&e.to_string()))
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

    /// Tumour cells at `day` for each DFMO dose (mg) in `doses_mg`, the rest
    /// of the scenario as given (DFMO switched on with the scenario's or the
    /// default regimen). One call for a whole dose–response curve.
    pub fn dfmo_sweep(&mut self, scenario: JsValue, doses_mg: &[f64], day: f64) -> Result<Vec<f64>, JsError> {
        let mut sc = scenario_from_js(scenario)?;
        let spec = regimen::setting("dfmo.dose_mg").expect("declared");
        if !(day.is_finite() && day >= 0.0 && day <= sc.days) {
            return Err(JsError::new(&format!("day: {day} is out of range: allowed 0 to {} days", sc.days)));
        }
        sc.days = day.max(1e-3);
        let mut base = sc.treatment.dfmo.clone().unwrap_or_else(crate::model::regimen::Treatment::dfmo_default);
        let mut out = Vec::with_capacity(doses_mg.len());
        for &dose in doses_mg {
            if !(spec.min..=spec.max).contains(&dose) {
                return Err(JsError::new(&format!("dfmo.dose_mg: {dose} is out of range: allowed {} to {} mg", spec.min, spec.max)));
            }
            base.dose = dose;
            sc.treatment.dfmo = Some(base.clone());
            self.engine.run(&sc, sc.days, &mut self.scratch).map_err(|e| JsError::new(&e.to_string()))?;
            out.push(self.scratch.get(self.scratch.rows() - 1, "T"));
        }
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

    /// The trajectory as CSV, exactly as `polyamine-sim run` prints it.
    pub fn to_csv(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.traj.write_csv(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Tumour/plasma chemotherapy exposure, AUC(C_t)/AUC(C_p); NaN without chemotherapy.
    pub fn exposure_ratio(&self) -> f64 {
        self.traj.exposure_ratio()
    }
}

/// A running tissue section (MODEL-SPEC part B). JS steps it, renders it
/// into the RGBA buffer and views that buffer zero-copy.
#[wasm_bindgen]
pub struct TissueSim {
    tissue: Tissue,
    /// The day-0 section, kept so `reset` can skip the set-up when only the
    /// regimen after day 0 changed.
    start: Tissue,
    rgba: Vec<u8>,
    census: Census,
}

/// The legend of an overlay: `[{key, rgb: [r, g, b]}]`, keys into
/// `www/i18n/<lang>.json`. Static data, read when the overlay changes.
#[wasm_bindgen]
pub fn overlay_legend(overlay: &str) -> Result<JsValue, JsError> {
    let ov = Overlay::from_id(overlay).ok_or_else(|| JsError::new(&format!("overlay: unknown \"{overlay}\"; valid: cells, polyamine, drug, perfusion")))?;
    serde_wasm_bindgen::to_value(legend(ov)).map_err(|e| JsError::new(&e.to_string()))
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
        Ok(TissueSim { start: tissue.clone(), tissue, rgba: vec![0; n * n * 4], census })
    }

    /// Start again at day 0 under another scenario, same size: equal to a new
    /// `TissueSim(scenario, side)` bit for bit, but without the set-up's field
    /// warm-up when only the regimen after day 0 changed (a dose slider).
    pub fn reset(&mut self, scenario: JsValue) -> Result<(), JsError> {
        let sc = scenario_from_js(scenario)?;
        let (tissue, reused) = Tissue::restart(&self.start, &sc).map_err(|e| JsError::new(&e.to_string()))?;
        if !reused {
            self.start = tissue.clone();
        }
        self.tissue = tissue;
        self.census = self.tissue.census();
        Ok(())
    }

    pub fn side(&self) -> u32 {
        self.tissue.lattice.side as u32
    }

    pub fn day(&self) -> f64 {
        self.tissue.day()
    }

    /// Advance `n` steps (each 0.05 day).
    pub fn step(&mut self, n: u32) {
        for _ in 0..n {
            self.tissue.step();
        }
    }

    /// Draw with overlay "cells", "polyamine", "drug" or "perfusion"; an
    /// unknown id throws an error naming the valid ones.
    pub fn render(&mut self, overlay: &str) -> Result<(), JsError> {
        let ov = Overlay::from_id(overlay).ok_or_else(|| JsError::new(&format!("overlay: unknown \"{overlay}\"; valid: cells, polyamine, drug, perfusion")))?;
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
