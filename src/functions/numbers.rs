//! Number builtins (docs/language.md, Builtins): `abs ceil floor round` and the
//! aggregates `max min mean median`, which flatten nested arrays.

use super::{arg, go_type, Ctx, MAX_DEPTH};
use crate::error::ErrorKind;
use crate::runtime::ops::widen;
use crate::runtime::value::Value;

type R<'a> = Result<Value<'a>, ErrorKind>;

fn invalid(name: &str, v: &Value<'_>) -> ErrorKind {
    ErrorKind::Function(format!("invalid argument for {name} (type {})", go_type(v)))
}

/// `abs(n)`: same type. Like Go's `if x < 0 { return -x }`, so `abs(-0.0)` is `-0.0`
/// and the smallest int wraps to itself.
pub(super) fn abs<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    match arg(a, 0) {
        Value::Int(i) => Ok(Value::Int(if i < 0 { i.wrapping_neg() } else { i })),
        Value::Uint8(i) => Ok(Value::Uint8(i)),
        Value::Float(f) => Ok(Value::Float(if f < 0.0 { -f } else { f })),
        v => Err(invalid("abs", &v)),
    }
}

fn float_op<'a>(name: &str, a: &[Value<'a>], op: fn(f64) -> f64) -> R<'a> {
    match arg(a, 0) {
        Value::Int(i) => Ok(Value::Float(i as f64)),
        Value::Uint8(i) => Ok(Value::Float(f64::from(i))),
        Value::Float(f) => Ok(Value::Float(op(f))),
        v => Err(invalid(name, &v)),
    }
}

/// `ceil(n)`: float result.
pub(super) fn ceil<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    float_op("ceil", a, f64::ceil)
}

/// `floor(n)`: float result.
pub(super) fn floor<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    float_op("floor", a, f64::floor)
}

/// `round(n)`: float result, half away from zero (Go `math.Round`, as Rust's `round`).
pub(super) fn round<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    float_op("round", a, f64::round)
}

/// `x < y` for two numbers, as expr's `runtime.Less` (mixed int/float compare as floats).
fn num_less(x: &Value<'_>, y: &Value<'_>) -> bool {
    if matches!(x, Value::Uint8(_)) || matches!(y, Value::Uint8(_)) {
        return num_less(&widen(x), &widen(y));
    }
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => a < b,
        (Value::Int(a), Value::Float(b)) => (*a as f64) < *b,
        (Value::Float(a), Value::Int(b)) => *a < (*b as f64),
        (Value::Float(a), Value::Float(b)) => a < b,
        _ => false,
    }
}

fn is_number(v: &Value<'_>) -> bool {
    matches!(v, Value::Int(_) | Value::Uint8(_) | Value::Float(_))
}

/// Most values [`walk`] visits: twice the longest range the default
/// memory budget allows.
const MAX_WALK: u64 = 2_000_000;

/// Visits, depth first and in order, every leaf of the arrays among `args`
/// (an explicit stack, so deep data cannot overflow the call stack). `leaf`
/// gets each non-array value and whether it was nested inside an array.
fn walk<'a>(
    ctx: &mut Ctx<'_>,
    args: &[Value<'a>],
    mut leaf: impl FnMut(Value<'a>, bool) -> Result<(), ErrorKind>,
) -> Result<(), ErrorKind> {
    // Each frame: the remaining elements of one array (reversed so `pop` yields
    // them in order).
    let mut frames: Vec<Vec<Value<'a>>> = Vec::new();
    let mut top: Vec<Value<'a>> = args.to_vec();
    top.reverse();
    frames.push(top);
    // Arrays that share parts (`reduce(1..60, [#acc, #acc], [0])`) are small in
    // memory but have exponentially many leaves: the walk's length is capped.
    let mut visits: u64 = 0;
    while let Some(frame) = frames.last_mut() {
        let Some(v) = frame.pop() else {
            frames.pop();
            continue;
        };
        visits += 1;
        if visits > MAX_WALK {
            return Err(ErrorKind::MemoryBudget);
        }
        // Each visit copies a value and compares or converts it: a few work
        // units (docs/language.md, Limits); nested arrays are walked whole.
        if visits.is_multiple_of(1024) {
            ctx.work(1024 * WALK_UNITS)?;
        }
        let nested = frames.len() > 1;
        match super::seq(&v) {
            Some(mut items) => {
                if frames.len() > MAX_DEPTH {
                    return Err(ErrorKind::RecursionDepth);
                }
                items.reverse();
                frames.push(items);
            }
            None => leaf(v, nested)?,
        }
    }
    ctx.work((visits % 1024) * WALK_UNITS)
}

/// Work units per value [`walk`] visits.
const WALK_UNITS: u64 = 3;

/// Shared by `max` and `min`: `better(current, candidate)` says whether the
/// candidate replaces the current extreme (ties keep the first).
fn extreme<'a>(
    ctx: &mut Ctx<'_>,
    name: &str,
    a: &[Value<'a>],
    better: fn(&Value<'_>, &Value<'_>) -> bool,
) -> R<'a> {
    // QUIRK: one non-array non-number argument comes back unchanged (nil included).
    if let [only] = a {
        if !is_number(only) && super::seq(only).is_none() {
            return Ok(only.clone());
        }
    }
    let mut best: Option<Value<'a>> = None;
    walk(ctx, a, |v, nested| {
        if nested && v.is_nil() {
            // Go's recursive call returns a nil element unchanged, which is skipped.
            return Ok(());
        }
        if !is_number(&v) {
            return Err(invalid(name, &v));
        }
        let replace = match &best {
            None => true,
            Some(b) => better(b, &v),
        };
        if replace {
            best = Some(v);
        }
        Ok(())
    })?;
    Ok(best.unwrap_or(Value::Nil))
}

/// `max(a, …)`.
pub(super) fn max<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    extreme(ctx, "max", a, num_less)
}

/// `min(a, …)`.
pub(super) fn min<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    extreme(ctx, "min", a, |cur, cand| num_less(cand, cur))
}

/// All numbers of `a`, flattened, as floats; durations count as their
/// nanoseconds (Go's `reflect.Int64` kind).
fn numbers(ctx: &mut Ctx<'_>, name: &str, a: &[Value<'_>]) -> Result<Vec<f64>, ErrorKind> {
    let mut out = Vec::new();
    walk(ctx, a, |v, _| {
        match v {
            Value::Int(i) | Value::Duration(i) => out.push(i as f64),
            Value::Uint8(i) => out.push(f64::from(i)),
            Value::Float(f) => out.push(f),
            other => return Err(invalid(name, &other)),
        }
        Ok(())
    })?;
    Ok(out)
}

/// `mean(a, …)`: float average; no numbers → 0.0.
pub(super) fn mean<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let xs = numbers(ctx, "mean", a)?;
    if xs.is_empty() {
        return Ok(Value::Float(0.0));
    }
    let total: f64 = xs.iter().sum();
    Ok(Value::Float(total / xs.len() as f64))
}

/// `median(a, …)`: float median (even count: mean of the middle two); no numbers → 0.0.
pub(super) fn median<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let mut xs = numbers(ctx, "median", a)?;
    // Sorting: n log n comparisons.
    let n = xs.len() as u64;
    ctx.work(n.saturating_mul(u64::from(n.max(1).ilog2() + 1)))?;
    // Go's sort.Float64s puts NaN first.
    xs.sort_by(|x, y| match (x.is_nan(), y.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        _ => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
    });
    let n = xs.len();
    let at = |i: usize| xs.get(i).copied().unwrap_or(0.0);
    Ok(Value::Float(match n {
        0 => 0.0,
        _ if n % 2 == 1 => at(n / 2),
        _ => (at(n / 2 - 1) + at(n / 2)) / 2.0,
    }))
}
