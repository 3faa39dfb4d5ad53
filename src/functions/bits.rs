//! Bit builtins (docs/language.md, Builtins) over 64-bit ints.

use super::{arg, go_type, Ctx};
use crate::error::ErrorKind;
use crate::runtime::value::Value;

type R<'a> = Result<Value<'a>, ErrorKind>;

fn int_arg(name: &str, v: &Value<'_>) -> Result<i64, ErrorKind> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Uint8(i) => Ok(i64::from(*i)),
        other => Err(ErrorKind::Function(format!(
            "cannot use {} as argument (type int) to call {name}",
            go_type(other)
        ))),
    }
}

fn binary<'a>(name: &str, a: &[Value<'a>], op: fn(i64, i64) -> i64) -> R<'a> {
    let x = int_arg(name, &arg(a, 0))?;
    let y = int_arg(name, &arg(a, 1))?;
    Ok(Value::Int(op(x, y)))
}

/// The shift count, rejecting negatives as Go does; counts ≥ 64 shift everything out.
fn shift<'a>(name: &str, a: &[Value<'a>], op: fn(i64, u32) -> i64) -> R<'a> {
    let x = int_arg(name, &arg(a, 0))?;
    let y = int_arg(name, &arg(a, 1))?;
    if y < 0 {
        return Err(ErrorKind::InvalidOperation(format!(
            "invalid operation: negative shift count {y} (type int)"
        )));
    }
    Ok(Value::Int(op(x, u32::try_from(y).unwrap_or(u32::MAX))))
}

/// `bitand(x, y)`.
pub(super) fn bitand<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    binary("bitand", a, |x, y| x & y)
}

/// `bitor(x, y)`.
pub(super) fn bitor<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    binary("bitor", a, |x, y| x | y)
}

/// `bitxor(x, y)`.
pub(super) fn bitxor<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    binary("bitxor", a, |x, y| x ^ y)
}

/// `bitnand(x, y)`: Go's AND NOT (`x &^ y`).
pub(super) fn bitnand<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    binary("bitnand", a, |x, y| x & !y)
}

/// `bitshl(x, y)`.
pub(super) fn bitshl<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    shift("bitshl", a, |x, y| x.checked_shl(y).unwrap_or(0))
}

/// `bitshr(x, y)`: arithmetic shift.
pub(super) fn bitshr<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    shift("bitshr", a, |x, y| {
        x.checked_shr(y).unwrap_or(if x < 0 { -1 } else { 0 })
    })
}

/// `bitushr(x, y)`: logical shift of the bits as unsigned.
pub(super) fn bitushr<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    shift("bitushr", a, |x, y| {
        (x as u64).checked_shr(y).unwrap_or(0) as i64
    })
}

/// `bitnot(x)`.
pub(super) fn bitnot<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    Ok(Value::Int(!int_arg("bitnot", &arg(a, 0))?))
}
