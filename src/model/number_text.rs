//! Numbers as text, with core's `Display` (`{v}`) as the only float
//! formatter: the wasm then links neither `{v:e}` (core's exponent form) nor
//! serde_json's zmij, which print the same shortest digits in other layouts
//! (2 and 3 KB of code; docs/RELIABILITY.md). tests/number_text.rs holds
//! each layout to the formatter it replaces.

/// The shortest text that reads back as the same f64: plain for everyday
/// magnitudes (as `{v}` writes it), exponent form for very small or large
/// ones (as `{v:e}` writes it).
pub fn push_number(out: &mut String, v: f64) {
    use core::fmt::Write as _;
    if v == 0.0 || !v.is_finite() || (1e-4..1e15).contains(&v.abs()) {
        let _ = write!(out, "{v}");
        return;
    }
    let (negative, digits, exp) = shortest_digits(v);
    if negative {
        out.push('-');
    }
    push_mantissa(out, &digits);
    let _ = write!(out, "e{exp}");
}

/// The shortest digits of a finite, non-zero `v` that read back as `v`, and
/// the power of ten of the first: `v = ±d.ddd × 10^exp`. They are taken
/// from `{v}`, core's `Display`, so that it is the only float formatter in
/// the wasm: `{v:e}` and serde_json's zmij would add 2 and 3 KB of code
/// for the same digits.
pub fn shortest_digits(v: f64) -> (bool, String, i32) {
    let plain = format!("{}", v.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let (mut digits, exp) = if int != "0" {
        (format!("{int}{frac}"), int.len() as i32 - 1)
    } else {
        let zeros = frac.len() - frac.trim_start_matches('0').len();
        (frac[zeros..].to_string(), -(zeros as i32) - 1)
    };
    digits.truncate(digits.trim_end_matches('0').len());
    (v.is_sign_negative(), digits, exp)
}

/// `d` or `d.ddd`: the digits with a point after the first.
pub fn push_mantissa(out: &mut String, digits: &str) {
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
}
