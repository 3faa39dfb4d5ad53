//! Conversion, encoding and type builtins (docs/language.md, Builtins).

use super::{arg, go_type, want_str, Ctx};
use crate::error::ErrorKind;
use crate::runtime::value::{Key, Str, Value};
use base64::Engine;
use indexmap::IndexMap;
use serde_json::Value as Json;

type R<'a> = Result<Value<'a>, ErrorKind>;

/// `type(v)` (docs/language.md, Types and values). The name is a static string,
/// borrowed: it allocates nothing, so a `type(#)` test in a loop over a large list
/// costs no memory budget.
pub(super) fn type_of<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    Ok(Value::Str(Str::Borrowed(arg(a, 0).type_name())))
}

/// Go's float → int conversion; out-of-range values and NaN give the smallest
/// int, as on amd64.
fn float_to_int(f: f64) -> i64 {
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// `int(v)`: numbers truncate toward zero; strings as Go `strconv.Atoi`.
pub(super) fn int<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    match arg(a, 0) {
        Value::Int(i) | Value::Duration(i) => Ok(Value::Int(i)),
        Value::Uint8(i) => Ok(Value::Int(i64::from(i))),
        Value::Float(f) => Ok(Value::Int(float_to_int(f))),
        // Rust's i64 parser accepts exactly Atoi's syntax: optional sign, ASCII digits.
        Value::Str(s) => s.parse::<i64>().map(Value::Int).map_err(|_| {
            ErrorKind::InvalidOperation(format!("invalid operation: int({})", s.as_str()))
        }),
        v => Err(ErrorKind::InvalidOperation(format!(
            "invalid operation: int({})",
            go_type(&v)
        ))),
    }
}

/// Go's `underscoreOK`: `_` only between digits, or between a `0x` prefix and a digit.
fn underscores_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (body, hex, mut saw) = match s.get(..2) {
        Some("0x" | "0X") => (s.get(2..).unwrap_or_default(), true, '0'),
        _ => (s, false, '^'),
    };
    for c in body.chars() {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = '0';
        } else if c == '_' {
            if saw != '0' {
                return false;
            }
            saw = '_';
        } else {
            if saw == '_' {
                return false;
            }
            saw = '!';
        }
    }
    saw != '_'
}

/// `x × 2^e` without overflowing the intermediate power.
fn scale2(mut x: f64, mut e: i64) -> f64 {
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e as i32)
}

/// Go's hexadecimal float syntax after the `0x`: hex mantissa with optional
/// point, then a mandatory binary exponent (`1.8p1` = 3).
fn parse_hex_float(body: &str) -> Option<f64> {
    let (mantissa, exp) = body.split_once(['p', 'P'])?;
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut mant: u64 = 0;
    let mut exp2: i64 = 0;
    let mut sticky = false;
    for (c, after_point) in int_part
        .chars()
        .map(|c| (c, false))
        .chain(frac_part.chars().map(|c| (c, true)))
    {
        let d = u64::from(c.to_digit(16)?);
        if mant < 1 << 58 {
            mant = mant * 16 + d;
            if after_point {
                exp2 -= 4;
            }
        } else {
            // Digits beyond the precision only matter for rounding.
            sticky |= d != 0;
            if !after_point {
                exp2 += 4;
            }
        }
    }
    if sticky {
        mant |= 1;
    }
    let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let e: i64 = digits.get(..7.min(digits.len()))?.parse().ok()?;
    let e = if exp.starts_with('-') { -e } else { e };
    Some(scale2(mant as f64, exp2 + e))
}

/// Go's `strconv.ParseFloat(s, 64)`: `1e3`, `.5`, `0x1.8p1`, `inf`, `Infinity`,
/// `NaN` (no sign), `_` between digits; out of range is an error.
pub fn parse_go_float(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = unsigned.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => {
            return Some(if s.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        "nan" if unsigned.len() == s.len() => return Some(f64::NAN),
        "nan" => return None,
        _ => {}
    }
    // Rust accepts these spellings too, but only as words, which Go has just handled.
    if lower.contains("inf") || lower.contains("nan") {
        return None;
    }
    let cleaned;
    let text = if s.contains('_') {
        if !underscores_ok(s) {
            return None;
        }
        cleaned = s.replace('_', "");
        cleaned.as_str()
    } else {
        s
    };
    let unsigned_text = text.strip_prefix(['+', '-']).unwrap_or(text);
    let f: f64 = match unsigned_text.get(..2) {
        Some("0x" | "0X") => {
            let f = parse_hex_float(unsigned_text.get(2..)?)?;
            if text.starts_with('-') {
                -f
            } else {
                f
            }
        }
        _ => text.parse().ok()?,
    };
    if f.is_infinite() {
        return None;
    }
    Some(f)
}

/// `float(v)`: numbers become floats; strings as Go `strconv.ParseFloat`.
pub(super) fn float<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    match arg(a, 0) {
        Value::Int(i) | Value::Duration(i) => Ok(Value::Float(i as f64)),
        Value::Uint8(i) => Ok(Value::Float(f64::from(i))),
        Value::Float(f) => Ok(Value::Float(f)),
        Value::Str(s) => parse_go_float(&s).map(Value::Float).ok_or_else(|| {
            ErrorKind::InvalidOperation(format!("invalid operation: float({})", s.as_str()))
        }),
        v => Err(ErrorKind::InvalidOperation(format!(
            "invalid operation: float({})",
            go_type(&v)
        ))),
    }
}

/// `string(v)`: Go `%v` (docs/language.md, Semantics).
/// The text is charged to the memory budget by its length, as `repeat` is.
pub(super) fn string<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let limit = usize::try_from(*ctx.memory).unwrap_or(usize::MAX);
    let text = crate::runtime::format::to_string_within(&arg(a, 0), limit)?;
    ctx.charge(text.len())?;
    Ok(Value::string(text))
}

/// `toJSON(v)`: Go `json.MarshalIndent(v, "", "  ")`; charged like `string`.
pub(super) fn to_json<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let limit = usize::try_from(*ctx.memory).unwrap_or(usize::MAX);
    let text = crate::runtime::format::to_json_within(&arg(a, 0), limit)?;
    ctx.charge(text.len())?;
    Ok(Value::string(text))
}

/// Converts parsed JSON the way Go's `json.Unmarshal` into `any` does: every
/// number a float, objects maps in input order. serde_json's recursion limit
/// (128) bounds the depth, so plain recursion is safe here.
fn from_json_value<'a>(j: Json) -> Value<'a> {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Value::string(s),
        Json::Array(xs) => Value::array(xs.into_iter().map(from_json_value).collect()),
        Json::Object(m) => {
            let mut out = IndexMap::with_capacity(m.len());
            for (k, v) in m {
                // Go keeps the last of duplicate keys; serde_json already did.
                out.insert(Key::Str(k.into()), from_json_value(v));
            }
            Value::map(out)
        }
    }
}

/// Go's `encoding/json` text for the common syntax errors (`unexpected end of
/// JSON input`, `invalid character 'x' looking for beginning of value`, …);
/// other errors keep serde_json's text.
fn go_json_error(src: &str, e: &serde_json::Error) -> ErrorKind {
    if e.is_eof() {
        return ErrorKind::Function("unexpected end of JSON input".into());
    }
    let text = e.to_string();
    let context = [
        ("expected value", "looking for beginning of value"),
        ("trailing characters", "after top-level value"),
        (
            "key must be a string",
            "looking for beginning of object key string",
        ),
        ("expected `:`", "after object key"),
        ("expected `,` or `]`", "after array element"),
        ("expected `,` or `}`", "after object key:value pair"),
    ]
    .iter()
    .find(|(serde, _)| text.starts_with(serde))
    .map(|(_, go)| *go);
    let offending = src
        .lines()
        .nth(e.line().saturating_sub(1))
        .and_then(|l| l.get(e.column().saturating_sub(1)..))
        .and_then(|rest| rest.chars().next());
    match (context, offending) {
        (Some(ctx), Some(c)) => ErrorKind::Function(format!("invalid character {c:?} {ctx}")),
        _ => ErrorKind::Function(format!("fromJSON: {text}")),
    }
}

/// `fromJSON(s)`.
pub(super) fn from_json<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("fromJSON", &s0)?;
    let j: Json = serde_json::from_str(s).map_err(|e| go_json_error(s, &e))?;
    Ok(from_json_value(j))
}

/// `toBase64(s)`: standard alphabet, padded.
pub(super) fn to_base64<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("toBase64", &s0)?;
    Ok(Value::string(
        base64::engine::general_purpose::STANDARD.encode(s.as_bytes()),
    ))
}

/// `fromBase64(s)`: standard alphabet, padded; Go ignores `\r` and `\n`. The
/// decoded bytes become a string; bytes that are not UTF-8 are replaced by
/// U+FFFD (Go would keep them, but our strings are always UTF-8).
pub(super) fn from_base64<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("fromBase64", &s0)?;
    let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|e| {
            use base64::DecodeError as D;
            let n = cleaned.len();
            let at = match e {
                // Data after a complete padded quantum: Go points past the padding.
                D::InvalidByte(i, b'=')
                    if cleaned.as_bytes().get(i + 1).is_some_and(|c| *c != b'=') =>
                {
                    i + 1
                }
                D::InvalidByte(i, _) | D::InvalidLastSymbol(i, _) => i,
                // Go reports the start of the incomplete last quantum.
                D::InvalidLength(_) => n - n % 4,
                D::InvalidPadding => cleaned.find('=').unwrap_or(n - n % 4),
            };
            ErrorKind::Function(format!("illegal base64 data at input byte {at}"))
        })?;
    Ok(Value::string(String::from_utf8_lossy(&bytes).into_owned()))
}
