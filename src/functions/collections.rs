//! Array and map builtins (docs/language.md, Builtins).
//!
//! Results charge the memory budget where expr does (§4.15: `reverse`,
//! `concat`, `flatten`, `sort`); the others are bounded by their input.

use super::{arg, go_kind, go_type, seq, Ctx, MAX_DEPTH};
use crate::error::ErrorKind;
use crate::runtime::value::{Array, Key, Map, Value};
use indexmap::IndexMap;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

type R<'a> = Result<Value<'a>, ErrorKind>;

fn func_err(msg: String) -> ErrorKind {
    ErrorKind::Function(msg)
}

/// `len(v)`: runes of a string, elements of an array or map.
pub(super) fn len<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let n = match &v {
        Value::Str(s) => s.chars().count(),
        Value::Array(x) => x.len(),
        Value::Map(m) => m.len(),
        Value::Bytes(b) => b.len(),
        other => {
            return Err(func_err(format!(
                "invalid argument for len (type {})",
                go_type(other)
            )))
        }
    };
    Ok(Value::Int(n as i64))
}

/// An index as expr's `runtime.ToInt` reads it (ints, truncated floats, decimal strings).
fn to_index(i: &Value<'_>) -> Option<i64> {
    match i {
        Value::Int(i) => Some(*i),
        Value::Uint8(i) => Some(i64::from(*i)),
        Value::Float(f) if f.is_finite() => Some(*f as i64),
        Value::Str(s) => s.parse().ok(),
        _ => None,
    }
}

/// expr's `runtime.Fetch` without the failure: `v[i]`, or `None` where `v[i]`
/// would fail. Strings yield their bytes, as expr does.
fn fetch<'a>(v: &Value<'a>, i: &Value<'a>) -> Option<Value<'a>> {
    let at = |len: usize| -> Option<usize> {
        let idx = to_index(i)?;
        let idx = if idx < 0 {
            idx.checked_add(len as i64)?
        } else {
            idx
        };
        usize::try_from(idx).ok().filter(|x| *x < len)
    };
    match v {
        Value::Array(arr) => arr.get(at(arr.len())?),
        Value::Bytes(b) => b.get(at(b.len())?).map(|x| Value::Uint8(*x)),
        Value::Str(s) => s.as_bytes().get(at(s.len())?).map(|x| Value::Uint8(*x)),
        Value::Map(m) => match i {
            // A nil key reads Go's zero key: nil in a `map[any]…`, "" in a `map[string]…`.
            Value::Nil => m.get_key(&Key::Nil).or_else(|| m.get("")),
            _ => m.get_key(&Key::from_value(i)?),
        },
        _ => None,
    }
}

/// `first(arr)`: nil for empty or unsupported input.
pub(super) fn first<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    Ok(fetch(&arg(a, 0), &Value::Int(0)).unwrap_or(Value::Nil))
}

/// `last(arr)`: nil for empty or unsupported input.
pub(super) fn last<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    Ok(fetch(&arg(a, 0), &Value::Int(-1)).unwrap_or(Value::Nil))
}

/// `get(v, i)`: `v[i]`, or nil for an index out of range or a missing key. As in
/// expr, an index of an array or string that is no number fails (`runtime.ToInt`:
/// `invalid operation: int(string)`), and so does a key Go's `MapIndex` refuses: a
/// non-string key of a record object, an array or map as a `groupBy` key.
pub(super) fn get<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let (v, i) = (arg(a, 0), arg(a, 1));
    match (&v, &i) {
        (
            Value::Array(_) | Value::Str(_) | Value::Bytes(_),
            Value::Int(_) | Value::Uint8(_) | Value::Float(_),
        ) => {}
        (Value::Array(_) | Value::Str(_) | Value::Bytes(_), other) => {
            return Err(ErrorKind::InvalidOperation(format!(
                "invalid operation: int({})",
                go_type(other)
            )))
        }
        (Value::Map(Map::Json(_)), other) if !matches!(other, Value::Nil | Value::Str(_)) => {
            return Err(ErrorKind::InvalidOperation(format!(
                "reflect.Value.MapIndex: value of type {} is not assignable to type string",
                go_type(other)
            )))
        }
        (Value::Map(_), other @ (Value::Array(_) | Value::Map(_))) => {
            return Err(ErrorKind::InvalidOperation(format!(
                "runtime error: hash of unhashable type {}",
                go_type(other)
            )))
        }
        _ => {}
    }
    Ok(fetch(&v, &i).unwrap_or(Value::Nil))
}

/// `take(arr, n)`: the first `n` elements.
pub(super) fn take<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let Some(items) = seq(&v) else {
        return Err(func_err(format!("cannot take from {}", go_kind(&v))));
    };
    let n = match arg(a, 1) {
        Value::Int(n) => n,
        other => {
            return Err(func_err(format!(
                "cannot take {} elements",
                go_kind(&other)
            )))
        }
    };
    if n < 0 {
        // expr leaks `reflect.Value.Slice: slice index out of bounds` here.
        return Err(func_err(format!(
            "invalid argument for take (expected non-negative integer, got {n})"
        )));
    }
    let n = usize::try_from(n).unwrap_or(usize::MAX).min(items.len());
    match v {
        // Go: a slice of a nil slice is nil.
        Value::Array(Array::Nil) => Ok(v),
        // Go's reflect cannot slice the `[2]any` of a pair.
        Value::Array(Array::Pair(_)) => Err(func_err(
            "reflect.Value.Slice: slice of unaddressable array".into(),
        )),
        Value::Array(Array::Pairs(_)) => Ok(Value::Array(Array::Pairs(Rc::new(
            items.into_iter().take(n).collect(),
        )))),
        _ => Ok(Value::array(items.into_iter().take(n).collect())),
    }
}

fn map_entries<'a>(
    v: &Value<'a>,
    what: impl FnOnce(&str) -> String,
) -> Result<Vec<(Key<'a>, Value<'a>)>, ErrorKind> {
    match v {
        Value::Map(m) => Ok(m.iter().collect()),
        other => Err(func_err(what(go_kind(other)))),
    }
}

/// `keys(m)`, in map order.
pub(super) fn keys<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let es = map_entries(&arg(a, 0), |k| format!("cannot get keys from {k}"))?;
    Ok(Value::array(
        es.into_iter().map(|(k, _)| k.to_value()).collect(),
    ))
}

/// `values(m)`, in map order.
pub(super) fn values<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let es = map_entries(&arg(a, 0), |k| format!("cannot get values from {k}"))?;
    Ok(Value::array(es.into_iter().map(|(_, v)| v).collect()))
}

/// `toPairs(m)`: `[[k, v], …]` in map order.
pub(super) fn to_pairs<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let es = map_entries(&arg(a, 0), |k| format!("cannot transform {k} to pairs"))?;
    // Go's `[][2]any`: see `Array::Pairs`.
    Ok(Value::Array(Array::Pairs(Rc::new(
        es.into_iter()
            .map(|(k, v)| Value::Array(Array::Pair(Rc::new(vec![k.to_value(), v]))))
            .collect(),
    ))))
}

/// `fromPairs(arr)`: a map keyed by any comparable value; later pairs win.
pub(super) fn from_pairs<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let Some(pairs) = seq(&v) else {
        return Err(func_err(format!(
            "cannot transform {} from pairs",
            go_kind(&v)
        )));
    };
    let mut out = IndexMap::with_capacity(pairs.len());
    for p in pairs {
        let Some(kv) = seq(&p) else {
            return Err(func_err(format!(
                "invalid pair {}",
                crate::runtime::format::to_string_brief(&p)
            )));
        };
        let [k, val] = <[Value<'a>; 2]>::try_from(kv).map_err(|_| {
            func_err(format!(
                "invalid pair length {}",
                crate::runtime::format::to_string_brief(&p)
            ))
        })?;
        let key = Key::from_value(&k).ok_or_else(|| {
            func_err(format!("invalid pair key: unhashable type {}", go_type(&k)))
        })?;
        out.insert(key, val);
    }
    Ok(Value::map(out))
}

/// `reverse(arr)`.
pub(super) fn reverse<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let Some(mut items) = seq(&v) else {
        return Err(func_err(format!("cannot reverse {}", go_kind(&v))));
    };
    ctx.charge(items.len())?;
    items.reverse();
    Ok(Value::array(items))
}

/// A hash that equal values (§4.3) always share: numbers hash by their float
/// value (`1 == 1.0`), arrays by length and the first levels of their
/// elements, other collections coarsely. `uniq` compares only values with the
/// same hash, so it stays near-linear while `crate::runtime::ops::equal` decides.
fn coarse_hash(v: &Value<'_>, h: &mut impl Hasher, depth: u8) {
    let number = |h: &mut dyn Hasher, f: f64| {
        h.write_u8(2);
        h.write_u64(if f == 0.0 { 0 } else { f.to_bits() });
    };
    match v {
        // nil hashes as an empty array: Go's nil `[]any` equals both.
        Value::Nil => {
            h.write_u8(4);
            h.write_usize(0);
        }
        Value::Bool(b) => {
            h.write_u8(1);
            h.write_u8(u8::from(*b));
        }
        Value::Int(i) | Value::Duration(i) => number(h, *i as f64),
        Value::Uint8(i) => number(h, f64::from(*i)),
        Value::Float(f) => number(h, *f),
        Value::Str(s) => {
            h.write_u8(3);
            s.as_str().hash(h);
        }
        Value::Array(_) | Value::Bytes(_) => {
            h.write_u8(4);
            if let Some(items) = seq(v) {
                h.write_usize(items.len());
                if depth < 2 {
                    for e in &items {
                        coarse_hash(e, h, depth + 1);
                    }
                }
            }
        }
        Value::Map(m) => {
            h.write_u8(5);
            h.write_usize(m.len());
        }
        Value::Time(_) => h.write_u8(6),
        Value::Location(_) => h.write_u8(7),
    }
}

/// `uniq(arr)`: first occurrences, equality per §4.3.
pub(super) fn uniq<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let Some(items) = seq(&v) else {
        return Err(func_err(format!("cannot uniq {}", go_kind(&v))));
    };
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut out: Vec<Value<'a>> = Vec::new();
    for item in items {
        let mut h = DefaultHasher::new();
        coarse_hash(&item, &mut h, 0);
        let bucket = buckets.entry(h.finish()).or_default();
        // Hashing and a bucket entry cost a few units; the hash is coarse
        // (containers by length), so every comparison in the bucket is charged.
        let mut units = 4u64;
        let mut seen = false;
        for i in bucket.iter() {
            if let Some(o) = out.get(*i) {
                let (eq, w) = crate::runtime::ops::equal_work(o, &item);
                units += 1 + w;
                if eq {
                    seen = true;
                    break;
                }
            }
        }
        ctx.work(units)?;
        if !seen {
            bucket.push(out.len());
            out.push(item);
        }
    }
    Ok(Value::array(out))
}

/// `concat(arr, …)`: all arguments must be arrays.
pub(super) fn concat<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    if a.is_empty() {
        return Err(func_err(
            "invalid number of arguments (expected at least 1, got 0)".into(),
        ));
    }
    let mut out = Vec::new();
    for v in a {
        let Some(items) = seq(v) else {
            return Err(func_err(format!("cannot concat {}", go_kind(v))));
        };
        ctx.charge(items.len())?;
        out.extend(items);
    }
    if out.is_empty() {
        // expr appends to a nil slice: nothing appended leaves Go's nil `[]any`.
        return Ok(Value::Array(Array::Nil));
    }
    Ok(Value::array(out))
}

/// `flatten(arr)`: recursive, with an explicit stack.
pub(super) fn flatten<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let Some(mut top) = seq(&v) else {
        return Err(func_err(format!("cannot flatten {}", go_kind(&v))));
    };
    top.reverse();
    let mut frames = vec![top];
    let mut out = Vec::new();
    while let Some(frame) = frames.last_mut() {
        let Some(x) = frame.pop() else {
            frames.pop();
            continue;
        };
        match seq(&x) {
            Some(mut inner) => {
                if frames.len() > MAX_DEPTH {
                    return Err(ErrorKind::RecursionDepth);
                }
                inner.reverse();
                frames.push(inner);
            }
            None => {
                ctx.charge(1)?;
                out.push(x);
            }
        }
    }
    Ok(Value::array(out))
}

/// `sort(arr [, order])`: sorted with `<`. QUIRK: a non-array gives Go's
/// nil `[]any` (a typed nil: `[]` to `%v`, nil to `== nil` and `toJSON`).
pub(super) fn sort<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let desc = if a.len() > 1 {
        match arg(a, 1) {
            Value::Str(s) if s.as_str() == "asc" => false,
            Value::Str(s) if s.as_str() == "desc" => true,
            Value::Str(s) => {
                return Err(func_err(format!(
                    "invalid order {}, expected asc or desc",
                    s.as_str()
                )))
            }
            other => {
                return Err(func_err(format!(
                    "sort: order must be a string, got {}",
                    other.type_name()
                )))
            }
        }
    } else {
        false
    };
    let mut items = match arg(a, 0) {
        // Only a `[]any` (not a `toPairs` `[2]any` or `[][2]any`) is sorted.
        Value::Array(arr) if arr.go_shape().is_none() => arr.iter().collect::<Vec<_>>(),
        _ => return Ok(Value::Array(Array::Nil)),
    };
    ctx.charge(items.len())?;
    // n log n comparisons.
    let n = items.len() as u64;
    ctx.work(n.saturating_mul(u64::from(n.max(1).ilog2() + 1)))?;
    let mut failure = None;
    items.sort_by(|x, y| {
        let (l, r) = if desc { (y, x) } else { (x, y) };
        match crate::runtime::ops::compare(l, r) {
            Ok(o) => o,
            Err(e) => {
                failure.get_or_insert(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(Value::array(items)),
    }
}
