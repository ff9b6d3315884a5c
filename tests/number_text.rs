//! Numbers as text without core's exponent formatting or zmij in the wasm:
//! the CSV's numbers (`number_text::push_number`) and error messages' JSON
//! numbers (`Json::shown`) are laid out from `{v}`'s shortest digits. They
//! must read as the formatters they replace: `{v:e}` exactly for the CSV's
//! very small and large numbers, and serde_json's (zmij's) text for JSON
//! floats, except where two shortest texts read back as the float (it lies
//! halfway between them): core's digits take one, zmij's sometimes the other.
#![cfg(not(target_arch = "wasm32"))]

use polyamine_sim::model::number_text::push_number;
use proptest::prelude::*;

/// What the CSV wrote before: `{v}` for everyday magnitudes, `{v:e}` else.
fn reference(v: f64) -> String {
    if v == 0.0 || (1e-4..1e15).contains(&v.abs()) { format!("{v}") } else { format!("{v:e}") }
}

fn ours(v: f64) -> String {
    let mut s = String::from("x,");
    push_number(&mut s, v);
    s.split_off(2)
}

/// Edge values: powers of ten at and around the switch between the forms,
/// the extremes of f64, signed zeros and non-finite values.
fn edges() -> Vec<f64> {
    let mut v = vec![0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, f64::MAX, f64::MIN, f64::EPSILON, 5e-324, 1e15 + 0.5, 4.5e15 - 0.5];
    for e in -320..=308 {
        let p: f64 = format!("1e{e}").parse().unwrap();
        for x in [p, 1.5 * p, 9.999_999_999_999_999 * p, p / 3.0, p * 0.999_999_999_999_999_9] {
            v.push(x);
            v.push(-x);
            v.push(f64::from_bits(x.to_bits() + 1));
        }
    }
    v
}

#[test]
fn push_number_reads_as_display_and_lower_exp_did_at_the_edges() {
    for v in edges() {
        assert_eq!(ours(v), reference(v), "bits {:#x}", v.to_bits());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn push_number_reads_as_display_and_lower_exp_did(bits in any::<u64>()) {
        let v = f64::from_bits(bits);
        prop_assert_eq!(ours(v), reference(v), "bits {:#x}", bits);
    }
}

/// What serde_json writes for a JSON float (its `Display`, with zmij).
fn zmij(v: f64) -> String {
    serde_json::Value::from(v).to_string()
}

/// `Json::shown` of a float, through the parser's own reading of JS numbers.
fn shown(v: f64) -> String {
    polyamine_sim::model::json::Json::Number(serde_json::Number::from_f64(v).unwrap()).shown()
}

/// The same text as zmij's, or a text of the same layout and as many digits,
/// one unit in the last place from zmij's, both reading back as the float.
fn as_zmij_writes(v: f64) -> Result<(), String> {
    let (ours, theirs) = (shown(v), zmij(v));
    if ours == theirs {
        return Ok(());
    }
    let digits = |s: &str| s.split(['e', 'E']).next().unwrap().chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(&ours), digits(&theirs));
    let same_layout = ours.len() == theirs.len() && ours.chars().zip(theirs.chars()).all(|(x, y)| x == y || (x.is_ascii_digit() && y.is_ascii_digit()));
    let one_ulp = a.parse::<u128>().unwrap().abs_diff(b.parse::<u128>().unwrap()) == 1;
    if same_layout && one_ulp && ours.parse::<f64>() == Ok(v) && theirs.parse::<f64>() == Ok(v) {
        Ok(())
    } else {
        Err(format!("bits {:#x}: ours {ours}, serde_json {theirs}", v.to_bits()))
    }
}

#[test]
fn json_floats_read_as_serde_json_writes_them_at_the_edges() {
    for v in edges().into_iter().filter(|v| v.is_finite()) {
        as_zmij_writes(v).unwrap();
    }
    // A float halfway between two shortest texts, written exactly.
    #[allow(clippy::excessive_precision)]
    const HALFWAY: f64 = 132774791446692.125;
    assert_eq!(shown(HALFWAY), "132774791446692.13");
    assert_eq!(zmij(HALFWAY), "132774791446692.12");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn json_floats_read_as_serde_json_writes_them(bits in any::<u64>()) {
        let v = f64::from_bits(bits);
        prop_assume!(v.is_finite());
        prop_assert!(as_zmij_writes(v).is_ok(), "{}", as_zmij_writes(v).unwrap_err());
    }
}
