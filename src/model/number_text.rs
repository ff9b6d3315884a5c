//! Numbers as text, with core's `Display` (`{v}`) as the only float
//! formatter: the wasm then links neither `{v:e}` (core's exponent form) nor
//! serde_json's zmij, which print the same shortest digits in other layouts
//! (2 and 3 KB of code; docs/RELIABILITY.md). Two layouts: the CSV's
//! (`push_number`) and JSON's (`push_json_float`, for error messages).
//! tests/number_text.rs holds each to the formatter it replaces.

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
fn shortest_digits(v: f64) -> (bool, String, i32) {
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
fn push_mantissa(out: &mut String, digits: &str) {
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
}

/// A finite float as `serde_json` writes it (with zmij), for `Json::shown`:
/// plain from 1e-5 up to 1e16 (`0.00123`, `12.5`, `1234.0`), else
/// `1.5e-7`, `1e+300`.
pub fn push_json_float(out: &mut String, x: f64) {
    use core::fmt::Write as _;
    if x == 0.0 {
        out.push_str(if x.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    let (negative, digits, exp) = shortest_digits(x);
    if negative {
        out.push('-');
    }
    let len = digits.len() as i32;
    match exp {
        0..=15 if len - 1 <= exp => {
            out.push_str(&digits);
            out.extend(std::iter::repeat('0').take((exp - (len - 1)) as usize));
            out.push_str(".0");
        }
        0..=15 => {
            let point = exp as usize + 1;
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
        -5..=-1 => {
            out.push_str("0.");
            out.extend(std::iter::repeat('0').take((-exp - 1) as usize));
            out.push_str(&digits);
        }
        _ => {
            push_mantissa(out, &digits);
            let _ = write!(out, "e{}{}", if exp < 0 { '-' } else { '+' }, exp.abs());
        }
    }
}
