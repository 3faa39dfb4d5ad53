//! Operator semantics shared by the VM, the constant folder and the builtins:
//! equality (§4.3), ordering (§4.4), arithmetic (§4.2), membership and string
//! operators (§4.6), ranges (§4.7), member access, indexing and slicing (§4.8).
//!
//! The constant folder calls exactly these functions, so a folded expression
//! can never disagree with its run-time evaluation.

use crate::error::ErrorKind;
use crate::operator::BinaryOp;
use crate::runtime::ctx::{byte_units, size_units, Ctx};
use crate::runtime::time::Time;
use crate::runtime::value::go_type;
use crate::runtime::value::{Array, Key, Map, Str, Value};
use std::cmp::Ordering;
use std::rc::Rc;

fn invalid2(a: &Value<'_>, op: &str, b: &Value<'_>) -> ErrorKind {
    ErrorKind::InvalidOperation(format!(
        "invalid operation: {} {} {}",
        go_type(a),
        op,
        go_type(b)
    ))
}

/// `a == b` (docs/language.md, Semantics). Never fails.
///
/// Arrays compare element by element with `==`; maps follow Go's
/// `reflect.DeepEqual`, where kinds must match exactly (`1` and `1.0` differ),
/// which is how expr compares maps. The walk uses a heap stack, so deep values
/// cannot overflow the thread's stack, and, like `reflect.DeepEqual`, it
/// visits each pair of containers once, so values that share parts
/// (`reduce(1..100, [#acc, #acc], [])`) compare in linear time.
pub fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    equal_work(a, b).0
}

/// [`equal`], and the work units it took (docs/language.md, Limits): a unit
/// per element visited, and per 16 bytes of equal-length strings compared.
#[inline]
pub fn equal_work(a: &Value<'_>, b: &Value<'_>) -> (bool, u64) {
    if !is_container(a) || !is_container(b) {
        return (scalar_equal(a, b, false), scalar_work(a, b));
    }
    deep_equal(a, b)
}

/// What comparing two scalars costs beyond the instruction: strings of one
/// length are compared byte by byte.
#[inline]
fn scalar_work(a: &Value<'_>, b: &Value<'_>) -> u64 {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) if x.len() == y.len() => byte_units(x.len()),
        _ => 0,
    }
}

#[inline(never)]
fn deep_equal(a: &Value<'_>, b: &Value<'_>) -> (bool, u64) {
    // A unit per element would undercharge: each visit copies the pair and
    // may look it up in `seen`.
    let mut units = 0u64;
    let mut work = vec![(a.clone(), b.clone(), false)];
    let mut seen = std::collections::HashSet::new();
    while let Some((x, y, deep)) = work.pop() {
        units += 4;
        match (&x, &y) {
            (Value::Array(p), Value::Array(q)) => {
                // Inside a map, Go's reflect.DeepEqual tells a nil slice from
                // an empty one; elsewhere expr compares elements only. A
                // `toPairs` pair or result is no `[]any`: expr's Equal hands
                // it to reflect.DeepEqual, where the Go types must match.
                let shape = p.go_shape();
                if shape != q.go_shape() || p.len() != q.len() || (deep && p.is_nil() != q.is_nil())
                {
                    return (false, units);
                }
                let deep = deep || shape.is_some();
                if seen.insert((identity(&x), identity(&y), deep)) {
                    work.extend(p.iter().zip(q.iter()).map(|(e, f)| (e, f, deep)));
                }
            }
            (Value::Map(p), Value::Map(q)) => {
                if p.len() != q.len() {
                    return (false, units);
                }
                if seen.insert((identity(&x), identity(&y), true)) {
                    for (k, v) in p.iter() {
                        units += 1;
                        match q.get_key(&k) {
                            Some(w) => work.push((v, w, true)),
                            None => return (false, units),
                        }
                    }
                }
            }
            _ => {
                units += scalar_work(&x, &y);
                if !scalar_equal(&x, &y, deep) {
                    return (false, units);
                }
            }
        }
    }
    (true, units)
}

fn is_container(v: &Value<'_>) -> bool {
    matches!(v, Value::Array(_) | Value::Map(_))
}

/// Where a container's elements live: equal identities mean the same elements.
fn identity(v: &Value<'_>) -> (usize, usize) {
    match v {
        Value::Array(Array::Json(a)) => (a.as_ptr() as usize, a.len()),
        Value::Array(Array::Owned(a) | Array::Pair(a) | Array::Pairs(a)) => {
            (Rc::as_ptr(a) as *const u8 as usize, a.len())
        }
        Value::Map(Map::Json(m)) => (*m as *const _ as *const u8 as usize, m.len()),
        Value::Map(Map::Owned(m) | Map::Groups(m)) => {
            (Rc::as_ptr(m) as *const u8 as usize, m.len())
        }
        _ => (0, 0),
    }
}

/// `==` on a pair that is not two arrays or two maps; `deep`: inside a map,
/// where an int never equals a float.
fn scalar_equal(a: &Value<'_>, b: &Value<'_>, deep: bool) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        // expr's Equal: both nil to `runtime.IsNil` (a typed nil too); inside a
        // map, reflect.DeepEqual tells a nil interface from a typed nil.
        (Value::Nil, Value::Array(Array::Nil)) | (Value::Array(Array::Nil), Value::Nil) => !deep,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            !deep && (*x as f64) == *y
        }
        // expr's Equal reads a uint8 as an int; reflect.DeepEqual (inside a map)
        // tells the types apart.
        (Value::Uint8(x), Value::Uint8(y)) => x == y,
        (Value::Uint8(x), Value::Int(y)) | (Value::Int(y), Value::Uint8(x)) => {
            !deep && i64::from(*x) == *y
        }
        (Value::Uint8(x), Value::Float(y)) | (Value::Float(y), Value::Uint8(x)) => {
            !deep && f64::from(*x) == *y
        }
        (Value::Str(x), Value::Str(y)) => x.as_str() == y.as_str(),
        (Value::Time(x), Value::Time(y)) => x.instant == y.instant,
        (Value::Duration(x), Value::Duration(y)) => x == y,
        (Value::Location(x), Value::Location(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        _ => false,
    }
}

/// The order `<` uses (docs/language.md, Semantics): numbers, strings (bytewise), times,
/// durations. Other pairs fail with `invalid operation: T < U`. Incomparable
/// floats (NaN) order as `Equal`, so every `<`-style test on them is false
/// except `<=`/`>=`; see [`compare_op`] for the exact Go results.
pub fn compare(a: &Value<'_>, b: &Value<'_>) -> Result<Ordering, ErrorKind> {
    if is_uint8(a) || is_uint8(b) {
        return compare(&widen(a), &widen(b)).map_err(|_| invalid2(a, "<", b));
    }
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(x), Value::Float(y)) => (*x as f64).partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)).unwrap_or(Ordering::Equal),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Time(x), Value::Time(y)) => x.instant.cmp(&y.instant),
        (Value::Duration(x), Value::Duration(y)) => x.cmp(y),
        _ => return Err(invalid2(a, "<", b)),
    })
}

#[inline]
fn is_uint8(v: &Value<'_>) -> bool {
    matches!(v, Value::Uint8(_))
}

/// A `uint8` as the int expr's binary helpers convert it to; other values as they are.
pub fn widen<'a>(v: &Value<'a>) -> Value<'a> {
    match v {
        Value::Uint8(x) => Value::Int(i64::from(*x)),
        other => other.clone(),
    }
}

fn as_f64(v: &Value<'_>) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Uint8(i) => Some(f64::from(*i)),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// `<`, `>`, `<=`, `>=` with Go's NaN behaviour (every comparison with NaN is false).
pub fn compare_op(op: BinaryOp, a: &Value<'_>, b: &Value<'_>) -> Result<bool, ErrorKind> {
    let sym = op.as_str();
    if let (Some(x), Some(y)) = (as_f64(a), as_f64(b)) {
        if x.is_nan() || y.is_nan() {
            return Ok(false);
        }
    }
    let ord = compare(a, b).map_err(|_| invalid2(a, sym, b))?;
    Ok(match op {
        BinaryOp::Lt => ord == Ordering::Less,
        BinaryOp::Gt => ord == Ordering::Greater,
        BinaryOp::Le => ord != Ordering::Greater,
        BinaryOp::Ge => ord != Ordering::Less,
        _ => return Err(invalid2(a, sym, b)),
    })
}

fn time_add(t: &Time, ns: i64) -> Result<Value<'static>, ErrorKind> {
    t.instant
        .checked_add_signed(chrono::Duration::nanoseconds(ns))
        .map(|instant| {
            Value::time(Time {
                instant,
                zone: t.zone,
            })
        })
        .ok_or_else(|| ErrorKind::InvalidOperation("time out of range".into()))
}

/// `x + y` for strings. Short results are joined on the stack so that the
/// `Rc<str>` is the only allocation (going through a `String` costs a second
/// allocation and a copy; names and labels are short).
fn concat(x: &str, y: &str) -> Rc<str> {
    let mut buf = [0u8; 128];
    if let Some(dst) = buf.get_mut(..x.len() + y.len()) {
        let (a, b) = dst.split_at_mut(x.len());
        a.copy_from_slice(x.as_bytes());
        b.copy_from_slice(y.as_bytes());
        if let Ok(s) = std::str::from_utf8(dst) {
            return Rc::from(s);
        }
    }
    let mut s = String::with_capacity(x.len() + y.len());
    s.push_str(x);
    s.push_str(y);
    Rc::from(s)
}

/// Arithmetic `+ - * / % **` (docs/language.md, Semantics).
pub fn arith<'a>(op: BinaryOp, a: Value<'a>, b: Value<'a>) -> Result<Value<'a>, ErrorKind> {
    use BinaryOp::*;
    use Value::{Duration as D, Float as F, Int as I};
    // expr's Add, Subtract, … convert a uint8 operand to int (or float64) when the
    // other is a number; with anything else the uint8 stays, for the error text.
    // Multiply also has `time.Duration × uint8` (a duration).
    let number = |v: &Value<'_>| matches!(v, I(_) | F(_) | Value::Uint8(_));
    if (is_uint8(&a) || is_uint8(&b))
        && ((number(&a) && number(&b)) || (op == Mul && (matches!(a, D(_)) || matches!(b, D(_)))))
    {
        return arith(op, widen(&a), widen(&b));
    }
    let r = match (op, &a, &b) {
        (Add, I(x), I(y)) => I(x.wrapping_add(*y)),
        (Sub, I(x), I(y)) => I(x.wrapping_sub(*y)),
        (Mul, I(x), I(y)) => I(x.wrapping_mul(*y)),
        (Add | Sub | Mul | Div | Pow, I(_) | F(_), I(_) | F(_)) => {
            let (x, y) = (as_f64(&a).unwrap_or(0.0), as_f64(&b).unwrap_or(0.0));
            F(match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div => x / y,
                _ => super::number::go_pow(x, y),
            })
        }
        // expr's runtime.Modulo has integer cases only: a float operand is an error.
        (Mod, I(x), I(y)) => {
            if *y == 0 {
                return Err(ErrorKind::DivideByZero);
            }
            I(x.wrapping_rem(*y))
        }
        (Add, Value::Str(x), Value::Str(y)) => Value::Str(Str::Owned(concat(x, y))),
        (Add, Value::Time(t), D(d)) | (Add, D(d), Value::Time(t)) => time_add(t, *d)?,
        (Sub, Value::Time(t), D(d)) => time_add(t, d.wrapping_neg())?,
        (Sub, Value::Time(x), Value::Time(y)) => {
            let ns =
                (x.instant - y.instant)
                    .num_nanoseconds()
                    .unwrap_or(if x.instant > y.instant {
                        i64::MAX
                    } else {
                        i64::MIN
                    });
            D(ns)
        }
        (Add, D(x), D(y)) => D(x.wrapping_add(*y)),
        (Sub, D(x), D(y)) => D(x.wrapping_sub(*y)),
        (Mul, D(x), D(y)) | (Mul, D(x), I(y)) | (Mul, I(x), D(y)) => D(x.wrapping_mul(*y)),
        // QUIRK (§4.2): duration × float is a plain float of nanoseconds.
        (Mul, D(x), F(y)) | (Mul, F(y), D(x)) => F(*x as f64 * y),
        (Div, D(x), D(y)) => F(*x as f64 / *y as f64),
        _ => return Err(invalid2(&a, op.as_str(), &b)),
    };
    Ok(r)
}

/// Go's `ToInt` as expr uses it for indexes, ranges and `%`: numbers truncate.
pub fn to_int(v: &Value<'_>) -> Result<i64, ErrorKind> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Uint8(i) => Ok(i64::from(*i)),
        Value::Float(f) => Ok(*f as i64),
        Value::Duration(d) => Ok(*d),
        other => Err(ErrorKind::InvalidOperation(format!(
            "invalid operation: int({})",
            go_type(other)
        ))),
    }
}

/// Unary `-`.
pub fn negate<'a>(v: Value<'a>) -> Result<Value<'a>, ErrorKind> {
    match v {
        Value::Int(i) => Ok(Value::Int(i.wrapping_neg())),
        // Go's `-x` on a uint8 wraps around 256 (`-'s'[0]` is 141).
        Value::Uint8(i) => Ok(Value::Uint8(i.wrapping_neg())),
        Value::Float(f) => Ok(Value::Float(-f)),
        Value::Duration(d) => Ok(Value::Duration(d.wrapping_neg())),
        other => Err(ErrorKind::InvalidOperation(format!(
            "invalid operation: - {}",
            go_type(&other)
        ))),
    }
}

/// The boolean a logical operator or condition requires.
pub fn expect_bool(v: &Value<'_>) -> Result<bool, ErrorKind> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(ErrorKind::TypeMismatch {
            expected: "bool",
            got: other.type_name().to_string(),
        }),
    }
}

/// `not x`.
pub fn not(v: &Value<'_>) -> Result<bool, ErrorKind> {
    expect_bool(v).map(|b| !b)
}

fn expect_str<'v>(v: &'v Value<'_>) -> Result<&'v str, ErrorKind> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        other => Err(ErrorKind::TypeMismatch {
            expected: "string",
            got: other.type_name().to_string(),
        }),
    }
}

/// `contains`, `startsWith`, `endsWith` (§4.6): a nil operand gives false.
pub fn string_test(op: BinaryOp, a: &Value<'_>, b: &Value<'_>) -> Result<bool, ErrorKind> {
    if a.is_nil() || b.is_nil() {
        return Ok(false);
    }
    let (x, y) = (expect_str(a)?, expect_str(b)?);
    Ok(match op {
        BinaryOp::Contains => x.contains(y),
        BinaryOp::StartsWith => x.starts_with(y),
        BinaryOp::EndsWith => x.ends_with(y),
        _ => return Err(invalid2(a, op.as_str(), b)),
    })
}

/// `matches` against a compiled pattern: a nil subject gives false.
pub fn matches(subject: &Value<'_>, re: &regex::Regex) -> Result<bool, ErrorKind> {
    if subject.is_nil() {
        return Ok(false);
    }
    Ok(re.is_match(expect_str(subject)?))
}

/// The size limit for patterns compiled from record data.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compiles a pattern with the size limit (literal and dynamic patterns alike). The
/// pattern is Go's syntax: checked as Go checks it (with Go's error text), then
/// rewritten for the `regex` crate.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, ErrorKind> {
    let rust = super::goregex::translate(pattern).map_err(ErrorKind::Regex)?;
    regex::RegexBuilder::new(&rust)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => {
                ErrorKind::Regex(format!("expression too large: `{pattern}`"))
            }
            e => ErrorKind::Regex(e.to_string().lines().last().unwrap_or("").to_string()),
        })
}

/// `x in coll` (§4.6).
pub fn contains_in(x: &Value<'_>, coll: &Value<'_>) -> Result<bool, ErrorKind> {
    contains_in_work(x, coll).map(|(b, _)| b)
}

/// [`contains_in`], and the work units it took: each element compared.
pub fn contains_in_work(x: &Value<'_>, coll: &Value<'_>) -> Result<(bool, u64), ErrorKind> {
    match coll {
        Value::Nil => Ok((false, 0)),
        Value::Array(a) => {
            let mut units = 0u64;
            for e in a.iter() {
                let (eq, w) = equal_work(x, &e);
                units += 1 + w;
                if eq {
                    return Ok((true, units));
                }
            }
            Ok((false, units))
        }
        Value::Map(m) => map_lookup(m, x).map(|v| (v.is_some(), size_units(x))),
        other => Err(ErrorKind::InvalidOperation(format!(
            "operator \"in\" not defined on {}",
            go_type(other)
        ))),
    }
}

fn map_lookup<'a>(m: &Map<'a>, key: &Value<'_>) -> Result<Option<Value<'a>>, ErrorKind> {
    match (m, key) {
        (_, Value::Str(s)) => Ok(m.get(s)),
        // A `map[any]` (`groupBy`, `fromPairs`) may hold a nil key; a `map[string]any`
        // is indexed with the key type's zero value, as Go's MapIndex does. Owned maps
        // do not record which they are, but only the former can hold a nil key.
        (Map::Owned(_) | Map::Groups(_), Value::Nil) => {
            Ok(m.get_key(&Key::Nil).or_else(|| m.get("")))
        }
        (_, Value::Nil) => Ok(m.get("")),
        (Map::Owned(_) | Map::Groups(_), k) => match Key::from_value(k) {
            Some(k) => Ok(m.get_key(&k)),
            None => Err(ErrorKind::InvalidOperation(format!(
                "cannot use {} as a map key",
                go_type(k)
            ))),
        },
        (Map::Json(_), k) => Err(ErrorKind::InvalidOperation(format!(
            "cannot use {} as a key of map[string]interface {{}}",
            go_type(k)
        ))),
    }
}

/// `a..b` (§4.7): charged to the memory budget before anything is allocated.
pub fn range<'a>(ctx: &mut Ctx<'_>, a: &Value<'_>, b: &Value<'_>) -> Result<Value<'a>, ErrorKind> {
    let (from, to) = (to_int(a)?, to_int(b)?);
    if to < from {
        return Ok(Value::array(Vec::new()));
    }
    let n = (to as i128 - from as i128 + 1).min(usize::MAX as i128) as usize;
    ctx.charge(n)?;
    Ok(Value::array((from..=to).map(Value::Int).collect()))
}

/// `obj.name`: a missing key is nil, a nil receiver an error (§4.8).
#[inline]
pub fn fetch_field<'a>(obj: &Value<'a>, name: &str) -> Result<Value<'a>, ErrorKind> {
    match obj {
        Value::Map(m) => Ok(m.get(name).unwrap_or_else(|| m.missing())),
        Value::Nil => Err(ErrorKind::CannotFetch {
            field: name.to_string(),
            from: "<nil>".into(),
        }),
        Value::Array(_) | Value::Str(_) | Value::Bytes(_) => Err(ErrorKind::InvalidOperation(
            "invalid operation: int(string)".into(),
        )),
        other => Err(ErrorKind::CannotFetch {
            field: name.to_string(),
            from: go_type(other).into(),
        }),
    }
}

fn resolve_index(i: i64, len: usize) -> Result<usize, ErrorKind> {
    let l = len as i64;
    let j = if i < 0 { i.wrapping_add(l) } else { i };
    if j < 0 || j >= l {
        return Err(ErrorKind::IndexOutOfRange { index: j, len });
    }
    Ok(j as usize)
}

/// `obj[index]` (§4.8): negative indexes count from the end; strings give bytes
/// (Go's `uint8`).
pub fn fetch_index<'a>(obj: &Value<'a>, index: &Value<'_>) -> Result<Value<'a>, ErrorKind> {
    match obj {
        Value::Map(m) => Ok(map_lookup(m, index)?.unwrap_or_else(|| m.missing())),
        Value::Array(a) => {
            let i = resolve_index(to_int(index)?, a.len())?;
            Ok(a.get(i).unwrap_or(Value::Nil))
        }
        Value::Str(s) => {
            let i = resolve_index(to_int(index)?, s.len())?;
            Ok(s.as_bytes().get(i).map_or(Value::Nil, |b| Value::Uint8(*b)))
        }
        Value::Bytes(b) => {
            let i = resolve_index(to_int(index)?, b.len())?;
            Ok(b.get(i).map_or(Value::Nil, |x| Value::Uint8(*x)))
        }
        Value::Nil => Err(ErrorKind::CannotFetch {
            field: crate::runtime::format::to_string_brief(index),
            from: "<nil>".into(),
        }),
        other => Err(ErrorKind::CannotFetch {
            field: crate::runtime::format::to_string_brief(index),
            from: go_type(other).into(),
        }),
    }
}

fn clamp_bounds(
    len: usize,
    from: Option<&Value<'_>>,
    to: Option<&Value<'_>>,
) -> Result<(usize, usize), ErrorKind> {
    let l = len as i64;
    let fix = |v: i64| -> i64 {
        let v = if v < 0 { v.saturating_add(l) } else { v };
        v.clamp(0, l)
    };
    let a = match from {
        Some(v) => fix(to_int(v)?),
        None => 0,
    };
    let b = match to {
        Some(v) => fix(to_int(v)?),
        None => l,
    };
    let a = a.min(b);
    Ok((a as usize, b as usize))
}

/// `obj[from:to]` (§4.8): bounds are clamped, strings are sliced by bytes.
/// Slices of record arrays and strings borrow from the record.
pub fn slice<'a>(
    obj: &Value<'a>,
    from: Option<&Value<'_>>,
    to: Option<&Value<'_>>,
) -> Result<Value<'a>, ErrorKind> {
    match obj {
        Value::Array(arr) => {
            let (a, b) = clamp_bounds(arr.len(), from, to)?;
            Ok(match arr {
                Array::Json(items) => Value::Array(Array::Json(items.get(a..b).unwrap_or(&[]))),
                Array::Owned(items) | Array::Pair(items) => {
                    Value::array(items.get(a..b).unwrap_or(&[]).to_vec())
                }
                // A slice of a `[][2]any` keeps its type.
                Array::Pairs(items) => Value::Array(Array::Pairs(Rc::new(
                    items.get(a..b).unwrap_or(&[]).to_vec(),
                ))),
                // Go: a slice of a nil slice is nil.
                Array::Nil => Value::Array(Array::Nil),
            })
        }
        Value::Str(s) => {
            let (a, b) = clamp_bounds(s.len(), from, to)?;
            let bytes = s.as_bytes().get(a..b).unwrap_or(&[]);
            Ok(match (s, s.as_str().get(a..b)) {
                (Str::Borrowed(full), Some(_)) => {
                    Value::Str(Str::Borrowed(full.get(a..b).unwrap_or("")))
                }
                // A cut inside a character: Go keeps the raw bytes; we can only
                // hold UTF-8, so the broken character becomes U+FFFD.
                _ => Value::string(String::from_utf8_lossy(bytes).into_owned()),
            })
        }
        Value::Bytes(bs) => {
            let (a, b) = clamp_bounds(bs.len(), from, to)?;
            Ok(Value::Bytes(Rc::from(bs.get(a..b).unwrap_or(&[]))))
        }
        other => Err(ErrorKind::InvalidOperation(format!(
            "cannot slice {}",
            go_type(other)
        ))),
    }
}

/// Every binary operator except the short-circuiting ones (`and`, `or`, `??`)
/// and `matches` (which needs a compiled pattern): the VM and the constant
/// folder both go through here.
pub fn binary<'a>(
    ctx: &mut Ctx<'_>,
    op: BinaryOp,
    a: Value<'a>,
    b: Value<'a>,
) -> Result<Value<'a>, ErrorKind> {
    use BinaryOp::*;
    Ok(match op {
        Add => {
            // expr does not count string growth, but `#acc + #acc` in a reduce
            // doubles a string per step, and `map(1..1000, s + s)` makes a
            // thousand copies: every new string is charged by its length, as
            // `repeat` is.
            if let (Value::Str(x), Value::Str(y)) = (&a, &b) {
                let n = x.len().saturating_add(y.len());
                ctx.charge(n)?;
                ctx.work_bytes(n)?;
            }
            return arith(op, a, b);
        }
        Sub | Mul | Div | Mod | Pow => return arith(op, a, b),
        Eq | Ne => {
            let (eq, w) = equal_work(&a, &b);
            ctx.work(w)?;
            Value::Bool(eq == (op == Eq))
        }
        Lt | Gt | Le | Ge => {
            ctx.work(size_units(&a).min(size_units(&b)))?;
            Value::Bool(compare_op(op, &a, &b)?)
        }
        In => {
            let (found, w) = contains_in_work(&a, &b)?;
            ctx.work(w)?;
            Value::Bool(found)
        }
        Contains | StartsWith | EndsWith => {
            ctx.work(size_units(&a).saturating_add(size_units(&b)))?;
            Value::Bool(string_test(op, &a, &b)?)
        }
        Range => {
            let v = range(ctx, &a, &b)?;
            ctx.work(size_units(&v))?;
            return Ok(v);
        }
        Matches => {
            if a.is_nil() || b.is_nil() {
                return Ok(Value::Bool(false));
            }
            ctx.work(
                size_units(&a)
                    .saturating_add(size_units(&b))
                    .saturating_mul(16),
            )?;
            let re = compile_regex(expect_str(&b)?)?;
            Value::Bool(matches(&a, &re)?)
        }
        And | Or | Coalesce => return Err(invalid2(&a, op.as_str(), &b)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn s(x: &str) -> Value<'_> {
        Value::Str(Str::Borrowed(x))
    }

    #[test]
    fn equality_table() {
        let rows: Vec<(Value, Value, bool)> = vec![
            (Value::Int(1), Value::Float(1.0), true),
            (Value::Nil, Value::Nil, true),
            (Value::Nil, s(""), false),
            (Value::array(vec![]), Value::Nil, false),
            (
                Value::array(vec![Value::Int(1)]),
                Value::array(vec![Value::Float(1.0)]),
                true,
            ),
            (s("a"), s("a"), true),
            (Value::Int(1), s("1"), false),
            (Value::Bool(true), Value::Int(1), false),
        ];
        for (a, b, want) in rows {
            assert_eq!(equal(&a, &b), want, "{a:?} == {b:?}");
        }
        let mut m1 = IndexMap::new();
        m1.insert(Key::from("x"), Value::Int(1));
        let mut m2 = IndexMap::new();
        m2.insert(Key::from("x"), Value::Float(1.0));
        let mut m3 = IndexMap::new();
        m3.insert(Key::from("x"), Value::Int(1));
        assert!(!equal(&Value::map(m1.clone()), &Value::map(m2)));
        assert!(equal(&Value::map(m1), &Value::map(m3)));
    }

    #[test]
    fn arithmetic_table() {
        use BinaryOp::*;
        let rows: Vec<(BinaryOp, Value, Value, &str)> = vec![
            (
                Add,
                Value::Int(i64::MAX),
                Value::Int(1),
                "Int(-9223372036854775808)",
            ),
            (Div, Value::Int(7), Value::Int(2), "Float(3.5)"),
            (Div, Value::Int(4), Value::Int(2), "Float(2.0)"),
            (Pow, Value::Int(2), Value::Int(-1), "Float(0.5)"),
            (Mod, Value::Int(-7), Value::Int(3), "Int(-1)"),
            (Add, Value::Int(1), Value::Float(0.5), "Float(1.5)"),
            (Mul, Value::Duration(2), Value::Float(1.5), "Float(3.0)"),
            (Mul, Value::Duration(2), Value::Int(3), "Duration(6)"),
        ];
        for (op, a, b, want) in rows {
            assert_eq!(format!("{:?}", arith(op, a, b).unwrap()), want);
        }
        assert_eq!(
            arith(Mod, Value::Int(1), Value::Int(0)).unwrap_err(),
            ErrorKind::DivideByZero
        );
        assert_eq!(
            arith(Add, Value::Nil, s("a")).unwrap_err().to_string(),
            "invalid operation: <nil> + string"
        );
        assert_eq!(
            compare(&Value::Nil, &Value::Int(1))
                .unwrap_err()
                .to_string(),
            "invalid operation: <nil> < int"
        );
        assert_eq!(compare(&s("B"), &s("a")).unwrap(), Ordering::Less);
    }

    #[test]
    fn indexing_and_slicing() {
        let arr = Value::array(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert!(matches!(
            fetch_index(&arr, &Value::Int(-1)),
            Ok(Value::Int(3))
        ));
        assert_eq!(
            fetch_index(&arr, &Value::Int(3)).unwrap_err().to_string(),
            "index out of range: 3 (array length is 3)"
        );
        let sl = slice(&arr, Some(&Value::Int(5)), Some(&Value::Int(9))).unwrap();
        assert!(matches!(sl, Value::Array(a) if a.is_empty()));
        let st = slice(&s("héllo"), Some(&Value::Int(1)), Some(&Value::Int(3))).unwrap();
        assert_eq!(st.as_str(), Some("é"));
        assert!(matches!(
            fetch_index(&s("xyz"), &Value::Int(0)),
            Ok(Value::Uint8(120))
        ));
        assert_eq!(
            fetch_field(&Value::Nil, "x").unwrap_err().to_string(),
            "cannot fetch x from <nil>"
        );
    }
}
