//! The JSON value the scenario parser reads, whatever it came from: text
//! parsed by `serde_json` (the command line, tests) or a JS object converted
//! field by field in `src/wasm.rs`. Reading JS objects without serde keeps
//! serde's deserialiser and `serde_json::Value` out of the wasm (9.6 KB of
//! it gzipped).
//!
//! It behaves as `serde_json::Value` does where the parser can tell: numbers
//! are `serde_json::Number`s (NaN and ±∞ from JS are `null`), a parser that
//! names the first bad key of an object names the smallest (serde_json's map
//! is sorted), and [`Json::shown`] prints exactly what `Value`'s `Display`
//! prints (tests/scenario_fuzz.rs checks that on random values; the wasm
//! tests in src/wasm.rs read JS objects and JSON text side by side).

use serde_json::Number;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Object),
}

/// A JSON object: its entries with unique keys, in any order. Readers that
/// report the first offending key look for the smallest one, so they name
/// the key `serde_json`'s sorted map would have named.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object(Vec<(String, Json)>);

impl Object {
    /// An object of these entries, whose keys must be unique (as a JS
    /// object's are).
    pub fn new(entries: Vec<(String, Json)>) -> Object {
        Object(entries)
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &(String, Json)> {
        self.0.iter()
    }

    /// The smallest key after `after` (or the smallest of all), for
    /// printing in key order without sorting.
    fn next_key(&self, after: Option<&str>) -> Option<&(String, Json)> {
        self.0.iter().filter(|(k, _)| after.map_or(true, |a| k.as_str() > a)).min_by(|a, b| a.0.cmp(&b.0))
    }
}

impl Json {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// A number as `serde_json` reads it from JS or text: a whole number
    /// within ±2⁵³ as an integer, other finite numbers as floats, and NaN or
    /// infinity as `null` (JSON has no such numbers).
    pub fn from_f64(x: f64) -> Json {
        const SAFE: f64 = 9_007_199_254_740_991.0;
        if x.trunc() == x && x.abs() <= SAFE {
            Json::Number(Number::from(x as i64))
        } else {
            Number::from_f64(x).map_or(Json::Null, Json::Number)
        }
    }

    /// The value as compact JSON text, cut after 60 characters (with "…"),
    /// for error messages.
    pub fn shown(&self) -> String {
        const MAX: usize = 60;
        let mut s = String::new();
        // Enough bytes for MAX + 1 characters of up to 4 bytes.
        self.write(&mut s, 4 * (MAX + 1));
        if s.chars().count() > MAX {
            s = s.chars().take(MAX).collect::<String>() + "…";
        }
        s
    }

    /// Write compact JSON, as `serde_json::Value`'s `Display` does. Stops
    /// between two items once `out` holds `limit` bytes: `out` is then a
    /// prefix of the whole text.
    fn write(&self, out: &mut String, limit: usize) {
        use core::fmt::Write as _;
        if out.len() >= limit {
            return;
        }
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            // Not `{n}`: Number's Display would bring zmij into the wasm.
            Json::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => {
                    let _ = write!(out, "{u}");
                }
                (_, Some(i), _) => {
                    let _ = write!(out, "{i}");
                }
                // Neither integer: a finite float (as_f64 is None only with
                // serde_json's arbitrary_precision, which is off).
                (_, _, x) => super::number_text::push_json_float(out, x.unwrap_or_default()),
            },
            Json::String(s) => write_str(out, s),
            Json::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if out.len() >= limit {
                        return;
                    }
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out, limit);
                }
                out.push(']');
            }
            Json::Object(o) => {
                out.push('{');
                let mut last: Option<&str> = None;
                while let Some((k, v)) = o.next_key(last) {
                    if out.len() >= limit {
                        return;
                    }
                    if last.is_some() {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out, limit);
                    last = Some(k);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal, escaped as `serde_json` escapes it.
fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<&serde_json::Value> for Json {
    fn from(v: &serde_json::Value) -> Json {
        use serde_json::Value;
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(a) => Json::Array(a.iter().map(Json::from).collect()),
            Value::Object(m) => Json::Object(Object(m.iter().map(|(k, v)| (k.clone(), Json::from(v))).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (String, String) {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        (Json::from(&v).shown(), v.to_string())
    }

    #[test]
    fn shown_prints_what_serde_json_prints() {
        for text in [r#"{"z": 1, "a": [1.5, -2, "x\n\"\u0001é"], "m": {"b": null, "a": true}}"#, "1e300", "-0.0", "18446744073709551615", "[]", "{}"] {
            let (ours, theirs) = both(text);
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn shown_cuts_long_values_after_60_characters() {
        let (ours, _) = both(&format!("[{}]", vec!["1234567"; 40].join(",")));
        assert_eq!(ours.chars().count(), 61);
        assert!(ours.ends_with('…'));
    }

    #[test]
    fn numbers_read_from_js_are_integers_floats_or_null() {
        assert_eq!(Json::from_f64(5.0).as_u64(), Some(5));
        assert_eq!(Json::from_f64(-0.0).shown(), "0");
        assert_eq!(Json::from_f64(1.5).as_u64(), None);
        assert_eq!(Json::from_f64(1e16).shown(), serde_json::Value::from(1e16).to_string());
        assert_eq!(Json::from_f64(1e16).as_u64(), None, "beyond 2^53 a whole number is a float");
        assert!(Json::from_f64(f64::NAN).is_null() && Json::from_f64(f64::NEG_INFINITY).is_null());
    }

    #[test]
    fn shown_keeps_whole_characters_when_cutting_multibyte_text() {
        let (ours, theirs) = both(&format!(r#"["{}"]"#, "é".repeat(100)));
        assert_eq!(ours, format!("{}…", theirs.chars().take(60).collect::<String>()));
    }
}

/// Deepest nesting `Json`'s `Deserialize` accepts: a cyclic JS object (read
/// through serde-wasm-bindgen) is an error, not a stack overflow.
pub const MAX_DEPTH: u32 = 128;

thread_local! {
    static DEPTH: core::cell::Cell<u32> = const { core::cell::Cell::new(0) };
}

/// Counts nesting while a `Json` is deserialised; restored on drop.
struct Nest;

impl Nest {
    fn enter<E: serde::de::Error>() -> Result<Nest, E> {
        DEPTH.with(|d| {
            if d.get() >= MAX_DEPTH {
                Err(E::custom("nested more than 128 levels deep (a cycle?)"))
            } else {
                d.set(d.get() + 1);
                Ok(Nest)
            }
        })
    }
}

impl Drop for Nest {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Any self-describing serde format into `Json` (the wasm layer reads JS
/// scenario objects with serde-wasm-bindgen into this): numbers as
/// [`Json::from_f64`] has them (whole numbers within ±2⁵³ are integers, NaN
/// and ±∞ are null), `undefined` and `null` are null.
impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a plain JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Json, E> {
                Ok(Json::Number(i.into()))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Json, E> {
                Ok(Json::Number(u.into()))
            }
            fn visit_f64<E>(self, x: f64) -> Result<Json, E> {
                Ok(Json::from_f64(x))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::String(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Json, E> {
                Ok(Json::String(s))
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let _nest = Nest::enter()?;
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let _nest = Nest::enter()?;
                let mut entries: Vec<(String, Json)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Json>()? {
                    // A later duplicate replaces the earlier one (as serde_json's map does).
                    match entries.iter_mut().find(|(key, _)| *key == k) {
                        Some(e) => e.1 = v,
                        None => entries.push((k, v)),
                    }
                }
                Ok(Json::Object(Object::new(entries)))
            }
        }
        d.deserialize_any(V)
    }
}
