//! Go-compatible text: `string()` (`%v`) and `toJSON` (language.md §4.16).
//!
//! STUB: to be completed by the builtin-library work.

use crate::value::Value;

/// `string(v)`: Go's `fmt.Sprintf("%v", v)`.
pub fn to_string(v: &Value<'_>) -> String {
    match v {
        Value::Nil => "<nil>".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.to_string(),
        _ => format!("{v:?}"),
    }
}
