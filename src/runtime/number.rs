//! Go's float text: `strconv.FormatFloat(f, 'g', -1, 64)` for `%v` and
//! `encoding/json`'s layout for `toJSON`. Plain functions of an `f64`, so
//! both value conversion and formatting can use them.

/// The shortest round-trip decimal digits of a finite, non-negative `f` and the
/// decimal exponent of the leading digit (`1234.5` → `("12345", 3)`).
fn shortest_digits(f: f64) -> (String, i32) {
    // Rust's `{:e}` prints the shortest digits that round-trip, as Go's `-1` precision does.
    let text = format!("{:e}", f.abs());
    let (mantissa, exp) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// `d.ddde±XX`: Go's `%e` layout with at least two exponent digits.
fn exp_layout(digits: &str, exp: i32) -> String {
    let mut out = String::new();
    let mut chars = digits.chars();
    if let Some(first) = chars.next() {
        out.push(first);
    }
    let rest = chars.as_str();
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

/// Plain decimal layout of the digits, no exponent (`%f` with shortest digits).
fn fixed_layout(digits: &str, exp: i32) -> String {
    let n = digits.len() as i64;
    let exp = i64::from(exp);
    let mut out = String::new();
    if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else if exp + 1 >= n {
        out.push_str(digits);
        for _ in 0..(exp + 1 - n) {
            out.push('0');
        }
    } else {
        let cut = (exp + 1) as usize;
        out.push_str(digits.get(..cut).unwrap_or(digits));
        out.push('.');
        out.push_str(digits.get(cut..).unwrap_or(""));
    }
    out
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` uses it: exponent form iff
/// the leading digit's exponent is < -4 or ≥ 6 (`1e+06`, `1e-05`, `123456`).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let (digits, exp) = shortest_digits(f);
    let body = if !(-4..6).contains(&exp) {
        exp_layout(&digits, exp)
    } else {
        fixed_layout(&digits, exp)
    };
    if f.is_sign_negative() {
        format!("-{body}")
    } else {
        body
    }
}

/// Go `encoding/json`'s ES6-style float text: exponent form only below 1e-6 or
/// from 1e21, with `e-07` shortened to `e-7`. The caller rejects NaN and ±Inf.
pub fn format_float_json(f: f64) -> String {
    let (digits, exp) = shortest_digits(f);
    let abs = f.abs();
    let body = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let mut t = exp_layout(&digits, exp);
        if let Some(pos) = t.find("e-0") {
            t.remove(pos + 2);
        }
        t
    } else {
        fixed_layout(&digits, exp)
    };
    if f.is_sign_negative() {
        format!("-{body}")
    } else {
        body
    }
}
