//! Go-compatible text: `string()` (`%v`) and `toJSON` (docs/language.md, Semantics).
//!
//! Both walk nested data with an explicit work list instead of recursion, so
//! arbitrarily deep values cannot overflow the stack.

use crate::error::ErrorKind;
use crate::runtime::value::{Array, Key, Map, Value};
use base64::Engine;
use std::cmp::Ordering;
use std::fmt;

pub use super::number::{format_float, format_float_json};

/// The order Go's `fmt` prints map keys in: nil first, then by Go type, in the
/// order of the types' names (Go's fmtsort orders the keys of a `map[any]…`
/// by their type descriptors, which the linker lays out by name): bools,
/// `float64`s, `int`s, strings, `uint8`s; within a type by value (`[1.0, 0] | groupBy(#)`
/// prints `map[1:[1] 0:[0]]`, as expr does).
fn key_order(a: &Key<'_>, b: &Key<'_>) -> Ordering {
    fn rank(k: &Key<'_>) -> u8 {
        match k {
            Key::Nil => 0,
            Key::Bool(_) => 1,
            Key::Float(_) => 2,
            Key::Int(_) => 3,
            Key::Str(_) => 4,
            Key::Uint8(_) => 5,
        }
    }
    match (a, b) {
        (Key::Bool(x), Key::Bool(y)) => x.cmp(y),
        (Key::Int(x), Key::Int(y)) => x.cmp(y),
        (Key::Uint8(x), Key::Uint8(y)) => x.cmp(y),
        // fmtsort: NaN sorts before every other float.
        (Key::Float(x), Key::Float(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        },
        (Key::Str(x), Key::Str(y)) => x.as_str().cmp(y.as_str()),
        _ => rank(a).cmp(&rank(b)),
    }
}

enum Text<'a> {
    Value(Value<'a>),
    Lit(&'static str),
}

/// `string(v)`: Go's `fmt.Sprintf("%v", v)`: `[1 a]`, `map[a:1 b:2]`, `<nil>`, …
pub fn to_string(v: &Value<'_>) -> String {
    to_string_within(v, usize::MAX).unwrap_or_default()
}

/// [`to_string`], failing with `memory budget exceeded` once the text is
/// longer than `limit` bytes (values that share parts print exponentially long).
pub fn to_string_within(v: &Value<'_>, limit: usize) -> Result<String, ErrorKind> {
    let (out, cut) = text_upto(v, limit);
    if cut {
        return Err(ErrorKind::MemoryBudget);
    }
    Ok(out)
}

/// Longest value text an error message quotes.
pub const MAX_MESSAGE_VALUE: usize = 4096;

/// [`to_string`] for error messages: text longer than [`MAX_MESSAGE_VALUE`]
/// bytes is cut and ends in `...` (a value sharing parts can print
/// exponentially long).
pub fn to_string_brief(v: &Value<'_>) -> String {
    let (mut out, cut) = text_upto(v, MAX_MESSAGE_VALUE);
    if cut {
        let mut end = MAX_MESSAGE_VALUE.min(out.len());
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push_str("...");
    }
    out
}

/// The `%v` text, stopping once it is longer than `limit` bytes; the flag
/// says whether it stopped early.
fn text_upto(v: &Value<'_>, limit: usize) -> (String, bool) {
    let mut out = String::new();
    let mut work = vec![Text::Value(v.clone())];
    while let Some(item) = work.pop() {
        if out.len() > limit {
            return (out, true);
        }
        let v = match item {
            Text::Lit(s) => {
                out.push_str(s);
                continue;
            }
            Text::Value(v) => v,
        };
        match v {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Uint8(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&format_float(f)),
            Value::Str(s) => out.push_str(s.as_str()),
            Value::Time(t) => out.push_str(&t.go_string()),
            Value::Duration(d) => out.push_str(&crate::runtime::time::format_duration(d)),
            Value::Location(z) => out.push_str(&z.name()),
            Value::Bytes(b) => {
                let parts: Vec<String> = b.iter().map(|x| x.to_string()).collect();
                out.push('[');
                out.push_str(&parts.join(" "));
                out.push(']');
            }
            Value::Array(a) => {
                out.push('[');
                work.push(Text::Lit("]"));
                let n = a.len();
                for (i, e) in a.iter().enumerate().rev() {
                    work.push(Text::Value(e));
                    if i > 0 && i < n {
                        work.push(Text::Lit(" "));
                    }
                }
            }
            Value::Map(m) => {
                let mut entries: Vec<(Key<'_>, Value<'_>)> = m.iter().collect();
                entries.sort_by(|a, b| key_order(&a.0, &b.0));
                out.push_str("map[");
                work.push(Text::Lit("]"));
                for (i, (k, val)) in entries.into_iter().enumerate().rev() {
                    work.push(Text::Value(val));
                    work.push(Text::Lit(":"));
                    work.push(Text::Value(k.to_value()));
                    if i > 0 {
                        work.push(Text::Lit(" "));
                    }
                }
            }
        }
    }
    let cut = out.len() > limit;
    (out, cut)
}

/// Appends `s` as a JSON string the way Go's `encoding/json` does with HTML
/// escaping: `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

enum Json<'a> {
    Value(Value<'a>, usize),
    Lit(&'static str),
    Key(Key<'a>),
    Newline(usize),
}

/// Deepest nesting `toJSON` writes; beyond it the output would be quadratic in size.
pub const MAX_JSON_DEPTH: usize = 1_000;

/// `toJSON(v)`: Go's `json.MarshalIndent(v, "", "  ")`, keys sorted.
pub fn to_json(v: &Value<'_>) -> Result<String, ErrorKind> {
    to_json_within(v, usize::MAX)
}

/// [`to_json`], failing with `memory budget exceeded` once the text is
/// longer than `limit` bytes.
pub fn to_json_within(v: &Value<'_>, limit: usize) -> Result<String, ErrorKind> {
    let mut out = String::new();
    let mut work = vec![Json::Value(v.clone(), 0)];
    while let Some(item) = work.pop() {
        if out.len() > limit {
            return Err(ErrorKind::MemoryBudget);
        }
        let (v, depth) = match item {
            Json::Lit(s) => {
                out.push_str(s);
                continue;
            }
            Json::Key(k) => {
                push_json_string(&mut out, k.as_str().unwrap_or_default());
                out.push_str(": ");
                continue;
            }
            Json::Newline(d) => {
                out.push('\n');
                for _ in 0..d {
                    out.push_str("  ");
                }
                continue;
            }
            Json::Value(v, d) => (v, d),
        };
        // Indentation makes the text quadratic in the depth, so deep data is refused.
        if depth > MAX_JSON_DEPTH {
            return Err(ErrorKind::RecursionDepth);
        }
        match v {
            Value::Nil | Value::Array(Array::Nil) => out.push_str("null"),
            Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Value::Int(i) | Value::Duration(i) => out.push_str(&i.to_string()),
            Value::Uint8(i) => out.push_str(&i.to_string()),
            Value::Float(f) if !f.is_finite() => {
                return Err(ErrorKind::Function(format!(
                    "json: unsupported value: {}",
                    format_float(f)
                )))
            }
            Value::Float(f) => out.push_str(&format_float_json(f)),
            Value::Str(s) => push_json_string(&mut out, s.as_str()),
            Value::Time(t) => push_json_string(&mut out, &t.to_rfc3339()),
            // A `*time.Location` has no exported fields.
            Value::Location(_) => out.push_str("{}"),
            Value::Bytes(b) => push_json_string(
                &mut out,
                &base64::engine::general_purpose::STANDARD.encode(&b[..]),
            ),
            Value::Array(a) if a.is_empty() => out.push_str("[]"),
            Value::Array(a) => {
                let mut seq = vec![Json::Lit("[")];
                for (i, e) in a.iter().enumerate() {
                    if i > 0 {
                        seq.push(Json::Lit(","));
                    }
                    seq.push(Json::Newline(depth + 1));
                    seq.push(Json::Value(e, depth + 1));
                }
                seq.push(Json::Newline(depth));
                seq.push(Json::Lit("]"));
                work.extend(seq.into_iter().rev());
            }
            // Go's json cannot write a `map[any]…`, whatever its keys hold.
            Value::Map(Map::Groups(_)) => {
                return Err(ErrorKind::Function(
                    "json: unsupported type: map[interface {}][]interface {}".into(),
                ))
            }
            Value::Map(m) => {
                let mut entries: Vec<(Key<'_>, Value<'_>)> = m.iter().collect();
                if entries.iter().any(|(k, _)| !matches!(k, Key::Str(_))) {
                    return Err(ErrorKind::Function(
                        "json: unsupported type: map[interface {}]interface {}".into(),
                    ));
                }
                if entries.is_empty() {
                    out.push_str("{}");
                    continue;
                }
                entries.sort_by(|a, b| {
                    a.0.as_str()
                        .unwrap_or_default()
                        .cmp(b.0.as_str().unwrap_or_default())
                });
                let mut seq = vec![Json::Lit("{")];
                for (i, (k, val)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        seq.push(Json::Lit(","));
                    }
                    seq.push(Json::Newline(depth + 1));
                    seq.push(Json::Key(k));
                    seq.push(Json::Value(val, depth + 1));
                }
                seq.push(Json::Newline(depth));
                seq.push(Json::Lit("}"));
                work.extend(seq.into_iter().rev());
            }
        }
    }
    if out.len() > limit {
        return Err(ErrorKind::MemoryBudget);
    }
    Ok(out)
}

/// `string()` text (Go's `%v`), see [`to_string`].
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_string(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_v_floats() {
        let cases: &[(f64, &str)] = &[
            (123456.0, "123456"),
            (999999.9, "999999.9"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (1234567.5, "1.2345675e+06"),
            (123456789012.0, "1.23456789012e+11"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e300, "1.5e+300"),
            (2.0, "2"),
            (-0.0, "-0"),
            (0.0, "0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
            (1.5, "1.5"),
            (-2.5, "-2.5"),
            (100.0, "100"),
            (0.5, "0.5"),
            (1e-300, "1e-300"),
            (5e-324, "5e-324"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float(*f), *want, "format_float({f})");
        }
    }

    #[test]
    fn json_floats() {
        let cases: &[(f64, &str)] = &[
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (2.0, "2"),
            (1.5, "1.5"),
            (-0.0, "-0"),
            (1.5e-10, "1.5e-10"),
            (1234567.0, "1234567"),
            (1.2e300, "1.2e+300"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_json(*f), *want, "format_float_json({f})");
        }
    }
}
