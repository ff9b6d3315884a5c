//! The scenario contract shared by the command line, the wasm layer and
//! permalinks: tumour types, treatment presets, and the JSON parser.
//!
//! Every key is optional. The tumour type sets κ, the named preset sets the
//! treatment, then explicit fields override them field by field. Unknown
//! keys, wrong types and out-of-range values are errors naming the field,
//! the value and the allowed range.

use super::json::{Json, Object};

use super::params::{self, Params};
use super::regimen::{self, OnDays, Repeated, Treatment, MAX_DAY_LIST};

/// A tumour type: how strongly its Tregs suppress.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct TumourType {
    pub id: &'static str,
    pub name: &'static str,
    pub kappa: f64,
}

pub const TUMOURS: &[TumourType] = &[
    TumourType { id: "immune-evasive", name: "Immune-evasive tumour (κ = 5, untreated x = 0.5)", kappa: 5.0 },
    TumourType { id: "kuznetsov-reference", name: "Kuznetsov reference tumour (κ = 2, untreated x = 1)", kappa: 2.0 },
];

/// A named treatment.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    pub id: &'static str,
    /// Named by what happens in the default tumour.
    pub title: &'static str,
    build: fn(&mut Treatment),
}

impl serde::Serialize for Preset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Its whole treatment in the scenario contract's shape (`null` for a
        // regimen it does not give), so a UI can show every field's value
        // under this preset; the parser reads it back as the same treatment.
        let t = self.treatment();
        let mut st = s.serialize_struct("Preset", 3)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("title", self.title)?;
        st.serialize_field("treatment", &TreatmentView::of(&t))?;
        st.end()
    }
}

/// A `Treatment` in the scenario JSON's shape (for the schema export).
#[derive(serde::Serialize)]
pub struct TreatmentView {
    dfmo: Option<DfmoView>,
    amxt: Option<RepeatedView>,
    chemo: Option<OnDaysView>,
    anti_pd1: Option<OnDaysView>,
    odc_knockout: Option<KnockoutView>,
    treg_depletion: f64,
}

/// DFMO as the parser reads it: the dose is `dose_mg`.
#[derive(serde::Serialize)]
struct DfmoView {
    dose_mg: f64,
    interval_h: f64,
    start_day: f64,
    duration_days: Option<f64>,
}

#[derive(serde::Serialize)]
struct RepeatedView {
    dose: f64,
    interval_h: f64,
    start_day: f64,
    /// `None` (null): the whole run.
    duration_days: Option<f64>,
}

#[derive(serde::Serialize)]
struct OnDaysView {
    dose: f64,
    days: Vec<f64>,
}

#[derive(serde::Serialize)]
struct KnockoutView {
    start_day: f64,
}

impl TreatmentView {
    pub fn of(t: &Treatment) -> Self {
        let rep = |r: &crate::model::regimen::Repeated| RepeatedView { dose: r.dose, interval_h: r.interval_h, start_day: r.start_day, duration_days: r.duration_days };
        let on = |r: &crate::model::regimen::OnDays| OnDaysView { dose: r.dose, days: r.days.clone() };
        TreatmentView {
            dfmo: t.dfmo.as_ref().map(|r| DfmoView { dose_mg: r.dose, interval_h: r.interval_h, start_day: r.start_day, duration_days: r.duration_days }),
            amxt: t.amxt.as_ref().map(rep),
            chemo: t.chemo.as_ref().map(on),
            anti_pd1: t.anti_pd1.as_ref().map(on),
            odc_knockout: t.odc_knockout_day.map(|d| KnockoutView { start_day: d }),
            treg_depletion: t.treg_depletion,
        }
    }
}

impl Preset {
    /// The treatment this preset gives.
    pub fn treatment(&self) -> Treatment {
        let mut t = Treatment::default();
        (self.build)(&mut t);
        t
    }
}

fn dfmo(t: &mut Treatment) {
    t.dfmo = Some(Treatment::dfmo_default());
}
fn amxt(t: &mut Treatment) {
    t.amxt = Some(Treatment::amxt_default());
}
fn chemo(t: &mut Treatment) {
    t.chemo = Some(Treatment::chemo_default());
}
fn anti_pd1(t: &mut Treatment) {
    t.anti_pd1 = Some(Treatment::anti_pd1_default());
}

pub const PRESETS: &[Preset] = &[
    Preset { id: "untreated", title: "Untreated: the tumour outgrows the immune defence", build: |_| {} },
    Preset { id: "dfmo", title: "DFMO alone: polyamines fall by half, the tumour still outgrows the immune defence", build: dfmo },
    Preset { id: "amxt", title: "AMXT 1501 alone: import blocked, synthesis goes on, the tumour outgrows the immune defence", build: amxt },
    Preset { id: "dfmo-amxt", title: "DFMO + AMXT 1501: polyamines near normal-tissue level, the immune system holds the tumour small", build: |t| { dfmo(t); amxt(t) } },
    Preset { id: "chemo", title: "Chemotherapy alone: growth slowed while it is given, then the tumour grows back", build: chemo },
    Preset { id: "dfmo-amxt-chemo", title: "DFMO + AMXT 1501 + chemotherapy: better drug access, the tumour held small", build: |t| { dfmo(t); amxt(t); chemo(t) } },
    Preset { id: "anti-pd1", title: "Anti-PD-1 alone: a short boost to the T cells, the tumour still outgrows the immune defence", build: anti_pd1 },
    Preset { id: "dfmo-amxt-anti-pd1", title: "DFMO + AMXT 1501 + anti-PD-1: a checkpoint boost on top, the tumour held small", build: |t| { dfmo(t); amxt(t); anti_pd1(t) } },
    Preset { id: "odc-knockout", title: "Tumour ODC (the enzyme that makes polyamines) knocked out: the immune system holds the tumour small", build: |t| t.odc_knockout_day = Some(0.0) },
    Preset { id: "treg-depletion", title: "Tregs removed throughout the body (contrast): the tumour held small, at the cost of autoimmunity", build: |t| t.treg_depletion = 0.7 },
];

pub fn tumour(id: &str) -> Option<&'static TumourType> {
    TUMOURS.iter().find(|t| t.id == id)
}

pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// A fully resolved scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub tumour: &'static str,
    pub preset: &'static str,
    pub days: f64,
    pub seed: u64,
    pub params: Params,
    pub treatment: Treatment,
    /// Hold x at 1 and give no treatment (Kuznetsov 1994 exactly).
    pub validation_mode: bool,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::from_preset("immune-evasive", "untreated").expect("built-in ids")
    }
}

/// A rejected scenario: which field, what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// JSON path of the field, e.g. `dfmo.dose_mg` or `params.kappa`.
    pub field: String,
    pub message: String,
}

impl core::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

fn err(field: &str, message: String) -> ScenarioError {
    ScenarioError { field: field.to_string(), message }
}

/// A JSON value as the user wrote it, shortened for messages.
fn shown(v: &Json) -> String {
    v.shown()
}

fn number(field: &str, v: &Json, min: f64, max: f64, unit: &str) -> Result<f64, ScenarioError> {
    let x = v.as_f64().ok_or_else(|| err(field, format!("expected a number from {min} to {max}{}, got {}", unit_suffix(unit), shown(v))))?;
    if !(min..=max).contains(&x) {
        return Err(err(field, format!("{} is out of range: allowed {min} to {max}{}", shown(v), unit_suffix(unit))));
    }
    Ok(x)
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() || unit == "1" { String::new() } else { format!(" {unit}") }
}

/// The scenario's tumour types and presets, serialisable (CLI `presets
/// --json` and the wasm `schema()` give the same shape).
#[derive(serde::Serialize)]
pub struct Catalogue {
    pub tumours: &'static [TumourType],
    pub presets: &'static [Preset],
}

pub const CATALOGUE: Catalogue = Catalogue { tumours: TUMOURS, presets: PRESETS };

fn setting(field: &str, v: &Json) -> Result<f64, ScenarioError> {
    let s = regimen::setting(field).expect("setting declared in regimen::SETTINGS");
    number(field, v, s.min, s.max, s.unit)
}

fn object<'a>(field: &str, v: &'a Json, keys: &[&str]) -> Result<&'a Object, ScenarioError> {
    let m = v.as_object().ok_or_else(|| err(field, format!("expected an object with keys {}, got {}", keys.join(", "), shown(v))))?;
    // The first unknown key in key order.
    if let Some(k) = m.iter().map(|(k, _)| k).filter(|k| !keys.contains(&k.as_str())).min() {
        let path = if field.is_empty() { k.clone() } else { format!("{field}.{k}") };
        return Err(err(&path, format!("unknown key; valid keys here: {}", keys.join(", "))));
    }
    Ok(m)
}

const TOP_KEYS: &[&str] = &["tumour", "preset", "days", "seed", "params", "dfmo", "amxt", "chemo", "anti_pd1", "odc_knockout", "treg_depletion", "validation_mode"];

impl Scenario {
    /// The scenario of a tumour type and a preset, with default settings.
    pub fn from_preset(tumour_id: &str, preset_id: &str) -> Result<Scenario, ScenarioError> {
        let ty = tumour(tumour_id).ok_or_else(|| err("tumour", format!("unknown tumour type \"{tumour_id}\"; valid: {}", ids(TUMOURS.iter().map(|t| t.id)))))?;
        let pr = preset(preset_id).ok_or_else(|| err("preset", format!("unknown preset \"{preset_id}\"; valid: {}", ids(PRESETS.iter().map(|p| p.id)))))?;
        let mut params = Params { kappa: ty.kappa, ..Params::default() };
        params.e0 = params.s / params.d;
        Ok(Scenario { tumour: ty.id, preset: pr.id, days: 150.0, seed: 1, params, treatment: pr.treatment(), validation_mode: false })
    }

    /// Parse the scenario JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| err("(json)", format!("not valid JSON: {e}")))?;
        Scenario::from_value(&Json::from(&v))
    }

    /// Resolve a parsed scenario JSON value.
    pub fn from_value(v: &Json) -> Result<Scenario, ScenarioError> {
        let top = object("", v, TOP_KEYS).map_err(|e| if e.field.is_empty() { err("(scenario)", e.message) } else { e })?;
        let string = |k: &str| -> Result<Option<&str>, ScenarioError> {
            match top.get(k) {
                None => Ok(None),
                Some(Json::String(s)) => Ok(Some(s.as_str())),
                Some(other) => Err(err(k, format!("expected a string, got {}", shown(other)))),
            }
        };
        let mut sc = Scenario::from_preset(string("tumour")?.unwrap_or("immune-evasive"), string("preset")?.unwrap_or("untreated"))?;
        if let Some(d) = top.get("days") {
            sc.days = setting("days", d)?;
        }
        if let Some(s) = top.get("seed") {
            let spec = regimen::setting("seed").expect("declared");
            match s.as_u64() {
                Some(n) if (n as f64) <= spec.max => sc.seed = n,
                _ => return Err(err("seed", format!("expected a whole number from 0 to {}, got {}", spec.max, shown(s)))),
            }
        }
        if let Some(p) = top.get("params") {
            sc.apply_params(p)?;
        }
        let tr = &mut sc.treatment;
        if let Some(v) = top.get("dfmo") {
            tr.dfmo = repeated("dfmo", "dose_mg", v, tr.dfmo.take().unwrap_or_else(Treatment::dfmo_default))?;
        }
        if let Some(v) = top.get("amxt") {
            tr.amxt = repeated("amxt", "dose", v, tr.amxt.take().unwrap_or_else(Treatment::amxt_default))?;
        }
        if let Some(v) = top.get("chemo") {
            tr.chemo = on_days("chemo", v, tr.chemo.take().unwrap_or_else(Treatment::chemo_default))?;
        }
        if let Some(v) = top.get("anti_pd1") {
            tr.anti_pd1 = on_days("anti_pd1", v, tr.anti_pd1.take().unwrap_or_else(Treatment::anti_pd1_default))?;
        }
        if let Some(v) = top.get("odc_knockout") {
            tr.odc_knockout_day = match v {
                Json::Null => None,
                _ => {
                    let m = object("odc_knockout", v, &["start_day"])?;
                    Some(match m.get("start_day") {
                        Some(d) => setting("odc_knockout.start_day", d)?,
                        None => tr.odc_knockout_day.unwrap_or(0.0),
                    })
                }
            };
        }
        if let Some(v) = top.get("treg_depletion") {
            tr.treg_depletion = setting("treg_depletion", v)?;
        }
        if let Some(v) = top.get("validation_mode") {
            sc.validation_mode = v.as_bool().ok_or_else(|| err("validation_mode", format!("expected true or false, got {}", shown(v))))?;
        }
        Ok(sc)
    }

    fn apply_params(&mut self, v: &Json) -> Result<(), ScenarioError> {
        let m = v.as_object().ok_or_else(|| err("params", format!("expected an object of parameter values, got {}", shown(v))))?;
        // On bad entries, name the first in key order.
        let mut first_bad: Option<(&str, ScenarioError)> = None;
        for (k, val) in m.iter() {
            let field = format!("params.{k}");
            let x = params::spec(k)
                .ok_or_else(|| err(&field, "unknown parameter; `polyamine-sim params` lists them".to_string()))
                .and_then(|spec| number(&field, val, spec.min, spec.max, spec.unit));
            match x {
                Ok(x) => {
                    self.params.set(k, x);
                }
                Err(e) if first_bad.as_ref().map_or(true, |(bad, _)| k.as_str() < *bad) => first_bad = Some((k, e)),
                Err(_) => {}
            }
        }
        if let Some((_, e)) = first_bad {
            return Err(e);
        }
        if !m.contains_key("E0") {
            self.params.e0 = (self.params.s / self.params.d).min(params::spec("E0").expect("declared").max);
        }
        if self.params.v_min > self.params.v_max {
            return Err(err("params.V_min", format!("{} exceeds V_max = {}; V_min must not exceed V_max", self.params.v_min, self.params.v_max)));
        }
        Ok(())
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

fn repeated(name: &str, dose_key: &str, v: &Json, base: Repeated) -> Result<Option<Repeated>, ScenarioError> {
    if v.is_null() {
        return Ok(None);
    }
    let m = object(name, v, &[dose_key, "interval_h", "start_day", "duration_days"])?;
    let mut r = base;
    let get = |k: &str| m.get(k).map(|x| setting(&format!("{name}.{k}"), x)).transpose();
    // `duration_days: null` is the whole run, as the presets export it.
    if m.get("duration_days").is_some_and(Json::is_null) {
        r.duration_days = None;
    } else if let Some(x) = get("duration_days")? {
        r.duration_days = Some(x);
    }
    if let Some(x) = get(dose_key)? {
        r.dose = x;
    }
    if let Some(x) = get("interval_h")? {
        r.interval_h = x;
    }
    if let Some(x) = get("start_day")? {
        r.start_day = x;
    }

    Ok(Some(r))
}

fn on_days(name: &str, v: &Json, base: OnDays) -> Result<Option<OnDays>, ScenarioError> {
    if v.is_null() {
        return Ok(None);
    }
    let m = object(name, v, &["dose", "days"])?;
    let mut r = base;
    if let Some(x) = m.get("dose") {
        r.dose = setting(&format!("{name}.dose"), x)?;
    }
    if let Some(x) = m.get("days") {
        let field = format!("{name}.days");
        let list = x.as_array().ok_or_else(|| err(&field, format!("expected a list of days, e.g. [7, 14, 21], got {}", shown(x))))?;
        if list.len() > MAX_DAY_LIST {
            return Err(err(&field, format!("{} days listed; at most {MAX_DAY_LIST} allowed", list.len())));
        }
        r.days = list.iter().enumerate().map(|(i, d)| setting(&field, d).map_err(|e| err(&format!("{field}[{i}]"), e.message))).collect::<Result<_, _>>()?;
    }
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_is_the_untreated_immune_evasive_default() {
        let sc = Scenario::from_json("{}").unwrap();
        assert_eq!(sc, Scenario::default());
        assert_eq!((sc.tumour, sc.preset, sc.days, sc.params.kappa), ("immune-evasive", "untreated", 150.0, 5.0));
        assert!((sc.params.e0 - 1.3e4 / 0.0412).abs() < 1e-9);
    }

    #[test]
    fn explicit_fields_override_the_preset_field_by_field() {
        let sc = Scenario::from_json(r#"{"preset": "dfmo-amxt", "dfmo": {"dose_mg": 500}}"#).unwrap();
        let d = sc.treatment.dfmo.unwrap();
        assert_eq!((d.dose, d.interval_h, d.start_day, d.duration_days), (500.0, 12.0, 0.0, None));
        assert!(sc.treatment.amxt.is_some());
    }

    #[test]
    fn null_switches_a_preset_regimen_off() {
        let sc = Scenario::from_json(r#"{"preset": "dfmo-amxt", "amxt": null}"#).unwrap();
        assert!(sc.treatment.amxt.is_none() && sc.treatment.dfmo.is_some());
    }

    #[test]
    fn tumour_sets_kappa_and_params_override_it() {
        assert_eq!(Scenario::from_json(r#"{"tumour": "kuznetsov-reference"}"#).unwrap().params.kappa, 2.0);
        assert_eq!(Scenario::from_json(r#"{"params": {"kappa": 3.5}}"#).unwrap().params.kappa, 3.5);
    }

    #[test]
    fn e0_follows_s_over_d_unless_given() {
        let sc = Scenario::from_json(r#"{"params": {"s": 2e4}}"#).unwrap();
        assert!((sc.params.e0 - 2e4 / 0.0412).abs() < 1e-6);
        assert_eq!(Scenario::from_json(r#"{"params": {"E0": 3.2e5}}"#).unwrap().params.e0, 3.2e5);
    }

    fn rejects(json: &str, field: &str, words: &[&str]) {
        let e = Scenario::from_json(json).expect_err(json);
        assert_eq!(e.field, field, "{e}");
        for w in words {
            assert!(e.to_string().contains(w), "message `{e}` should mention `{w}`");
        }
    }

    #[test]
    fn bad_input_names_the_field_the_value_and_the_range() {
        rejects(r#"{"dfmo": {"dose_mg": 5000}}"#, "dfmo.dose_mg", &["5000", "0 to 3000 mg"]);
        rejects(r#"{"params": {"kappa": -1}}"#, "params.kappa", &["-1", "0 to 50"]);
        rejects(r#"{"params": {"kapa": 1}}"#, "params.kapa", &["unknown"]);
        rejects(r#"{"days": "long"}"#, "days", &["\"long\"", "1 to 10000"]);
        rejects(r#"{"preset": "magic"}"#, "preset", &["magic", "dfmo-amxt"]);
        rejects(r#"{"tumour": 3}"#, "tumour", &["string"]);
        rejects(r#"{"colour": "red"}"#, "colour", &["unknown", "preset"]);
        rejects(r#"{"chemo": {"days": [7, -1]}}"#, "chemo.days[1]", &["-1"]);
        rejects(r#"{"amxt": {"dose": 3}}"#, "amxt.dose", &["0 to 2"]);
        rejects(r#"{"validation_mode": 1}"#, "validation_mode", &["true or false"]);
        rejects(r#"{"seed": 1.5}"#, "seed", &["whole number"]);
        rejects(r#"{"params": {"V_min": 0.9, "V_max": 0.5}}"#, "params.V_min", &["V_max"]);
        rejects("[1, 2]", "(scenario)", &["object"]);
        rejects("{", "(json)", &["JSON"]);
    }

    /// The treatment a preset exports (schema, `presets --json`), read back
    /// by the parser with its preset switched off, is the preset's own: the
    /// same trajectory bit for bit.
    #[test]
    fn every_preset_exports_its_treatment_in_the_shape_the_parser_reads() {
        for p in PRESETS {
            let mut v = serde_json::to_value(TreatmentView::of(&p.treatment())).unwrap();
            let obj = v.as_object_mut().unwrap();
            obj.insert("preset".into(), serde_json::json!("untreated"));
            let from_export = Scenario::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            let from_preset = Scenario::from_preset("immune-evasive", p.id).unwrap();
            assert_eq!(from_export.treatment, from_preset.treatment, "{}", p.id);
            let run = |sc: &Scenario| crate::model::simulate(sc, 1.0).unwrap().data;
            assert_eq!(run(&from_export), run(&from_preset), "{}: trajectories differ", p.id);
        }
        let dfmo = serde_json::to_value(TreatmentView::of(&preset("dfmo").unwrap().treatment())).unwrap();
        assert_eq!(dfmo["dfmo"]["dose_mg"], 768.0, "DFMO's dose is dose_mg, as the parser reads it");
    }

    #[test]
    fn every_preset_resolves() {
        for p in PRESETS {
            let sc = Scenario::from_json(&format!(r#"{{"preset": "{}"}}"#, p.id)).unwrap();
            assert_eq!(sc.preset, p.id);
        }
        assert_eq!(preset("treg-depletion").unwrap().treatment().treg_depletion, 0.7);
    }
}
