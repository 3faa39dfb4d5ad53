//! String builtins (docs/language.md, Builtins), with Go `strings` semantics.

use super::{arg, to_int, want_str, Ctx};
use crate::error::ErrorKind;
use crate::runtime::value::Value;

type R<'a> = Result<Value<'a>, ErrorKind>;

/// `trim(s [, cutset])`: Go `TrimSpace` (Unicode White_Space, as Rust's `trim`) or `Trim`.
pub(super) fn trim<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("trim", &s0)?;
    if a.len() < 2 {
        return Ok(Value::string(s.trim()));
    }
    let c0 = arg(a, 1);
    let cutset = want_str("trim", &c0)?;
    Ok(Value::string(s.trim_matches(|c| cutset.contains(c))))
}

/// `trimPrefix(s [, prefix=" "])`: removes one occurrence.
pub(super) fn trim_prefix<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("trimPrefix", &s0)?;
    let p0 = if a.len() < 2 {
        Value::string(" ")
    } else {
        arg(a, 1)
    };
    let p = want_str("trimPrefix", &p0)?;
    Ok(Value::string(s.strip_prefix(p).unwrap_or(s)))
}

/// `trimSuffix(s [, suffix=" "])`: removes one occurrence.
pub(super) fn trim_suffix<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("trimSuffix", &s0)?;
    let p0 = if a.len() < 2 {
        Value::string(" ")
    } else {
        arg(a, 1)
    };
    let p = want_str("trimSuffix", &p0)?;
    Ok(Value::string(s.strip_suffix(p).unwrap_or(s)))
}

/// Go's `unicode.ToUpper` maps rune to rune (Unicode's simple mapping); Rust's
/// full mapping may expand a char (`ß` → `SS`). Where it does, the simple
/// mapping is the char itself, except for the Greek letters with iota
/// subscript, whose simple uppercase is the titlecase letter (`ᾳ` → `ᾼ`).
fn go_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => match c as u32 {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => {
                char::from_u32(c as u32 + 8).unwrap_or(c)
            }
            0x1FB3 | 0x1FC3 | 0x1FF3 => char::from_u32(c as u32 + 9).unwrap_or(c),
            _ => c,
        },
    }
}

/// Go's `unicode.ToLower`; the only expanding full mapping is `İ` → `i̇`,
/// whose simple mapping is `i`.
fn go_lower(c: char) -> char {
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        (Some(l), Some(_)) if c == '\u{130}' => l,
        _ => c,
    }
}

/// `upper(s)`.
pub(super) fn upper<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("upper", &s0)?;
    Ok(Value::string(s.chars().map(go_upper).collect::<String>()))
}

/// `lower(s)`.
pub(super) fn lower<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("lower", &s0)?;
    Ok(Value::string(s.chars().map(go_lower).collect::<String>()))
}

/// Go's `genSplit`: at most `n` parts (`n < 0`: all), keeping the separator
/// when `keep_sep`; an empty separator splits into runes.
fn gen_split(s: &str, sep: &str, keep_sep: bool, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        // Go's explode: runes, the last part holding the rest.
        let runes = s.chars().count();
        let n = if n < 0 || n as u64 > runes as u64 {
            runes
        } else {
            n as usize
        };
        let mut out = Vec::with_capacity(n);
        let mut rest = s;
        while out.len() + 1 < n {
            let mut it = rest.chars();
            match it.next() {
                Some(c) => {
                    out.push(c.to_string());
                    rest = it.as_str();
                }
                None => break,
            }
        }
        if n > 0 {
            out.push(rest.to_string());
        }
        return out;
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let mut out = Vec::new();
    let mut rest = s;
    while out.len() + 1 < limit {
        match rest.find(sep) {
            Some(m) => {
                let cut = if keep_sep { m + sep.len() } else { m };
                out.push(rest.get(..cut).unwrap_or_default().to_string());
                rest = rest.get(m + sep.len()..).unwrap_or_default();
            }
            None => break,
        }
    }
    out.push(rest.to_string());
    out
}

fn split_common<'a>(name: &str, a: &[Value<'a>], keep_sep: bool) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str(name, &s0)?;
    let p0 = arg(a, 1);
    let sep = want_str(name, &p0)?;
    let n = if a.len() > 2 { to_int(&arg(a, 2))? } else { -1 };
    let parts = gen_split(s, sep, keep_sep, n);
    Ok(Value::array(parts.into_iter().map(Value::string).collect()))
}

/// `split(s, sep [, n])`: Go `Split`/`SplitN`.
pub(super) fn split<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    split_common("split", a, false)
}

/// `splitAfter(s, sep [, n])`: Go `SplitAfter`/`SplitAfterN`.
pub(super) fn split_after<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    split_common("splitAfter", a, true)
}

/// `replace(s, old, new [, n])`: Go `strings.Replace`; an empty `old` matches
/// at every rune boundary. Growth beyond the input's length is charged to the
/// memory budget, so `replace(big, '', big)` cannot exhaust memory.
pub(super) fn replace<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let (s0, o0, n0) = (arg(a, 0), arg(a, 1), arg(a, 2));
    let s = want_str("replace", &s0)?;
    let old = want_str("replace", &o0)?;
    let new = want_str("replace", &n0)?;
    let n = if a.len() > 3 { to_int(&arg(a, 3))? } else { -1 };
    if old == new || n == 0 {
        return Ok(s0.clone());
    }
    let count = if old.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(old).count()
    };
    if count == 0 {
        return Ok(s0.clone());
    }
    let n = if n < 0 || (n as u64) > count as u64 {
        count
    } else {
        n as usize
    };
    let grow = n.saturating_mul(new.len());
    let shrink = n.saturating_mul(old.len());
    if grow > shrink {
        ctx.charge(grow - shrink)?;
    }
    let mut out = String::with_capacity(s.len().saturating_add(grow).saturating_sub(shrink));
    let mut start = 0usize;
    for i in 0..n {
        let rest = s.get(start..).unwrap_or_default();
        let mut j = start;
        if old.is_empty() {
            if i > 0 {
                j += rest.chars().next().map_or(0, char::len_utf8);
            }
        } else {
            j += rest.find(old).unwrap_or(rest.len());
        }
        out.push_str(s.get(start..j).unwrap_or_default());
        out.push_str(new);
        start = j + old.len();
    }
    out.push_str(s.get(start..).unwrap_or_default());
    Ok(Value::string(out))
}

/// `repeat(s, n)`: charges `len(s) × n` (docs/language.md, Limits).
pub(super) fn repeat<'a>(ctx: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let s0 = arg(a, 0);
    let s = want_str("repeat", &s0)?;
    let n = to_int(&arg(a, 1))?;
    if n < 0 {
        return Err(ErrorKind::Function(format!(
            "invalid argument for repeat (expected positive integer, got {n})"
        )));
    }
    if n > 1_000_000 {
        return Err(ErrorKind::MemoryBudget);
    }
    let n = n as usize;
    ctx.charge(s.len().saturating_mul(n))?;
    Ok(Value::string(s.repeat(n)))
}

/// `join(arr [, sep=""])`: every element must be a string.
pub(super) fn join<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let v = arg(a, 0);
    let Value::Array(arr) = &v else {
        return Err(ErrorKind::Function(format!(
            "invalid argument for join (type {})",
            super::go_type(&v)
        )));
    };
    let g0 = if a.len() > 1 {
        arg(a, 1)
    } else {
        Value::string("")
    };
    let glue = want_str("join", &g0)?;
    let mut out = String::new();
    for (i, e) in arr.iter().enumerate() {
        if i > 0 {
            out.push_str(glue);
        }
        out.push_str(want_str("join", &e)?);
    }
    Ok(Value::string(out))
}

fn two_strs<'v>(name: &str, a: &'v [Value<'_>]) -> Result<(&'v str, &'v str), ErrorKind> {
    let missing = || ErrorKind::Function(format!("{name}: expected 2 arguments"));
    let s = want_str(name, a.first().ok_or_else(missing)?)?;
    let t = want_str(name, a.get(1).ok_or_else(missing)?)?;
    Ok((s, t))
}

fn byte_offset(o: Option<usize>) -> Value<'static> {
    Value::Int(o.map_or(-1, |i| i as i64))
}

/// `indexOf(s, sub)`: byte offset or -1.
pub(super) fn index_of<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let (s, t) = two_strs("indexOf", a)?;
    Ok(byte_offset(s.find(t)))
}

/// `lastIndexOf(s, sub)`: byte offset or -1.
pub(super) fn last_index_of<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let (s, t) = two_strs("lastIndexOf", a)?;
    Ok(byte_offset(s.rfind(t)))
}

/// `hasPrefix(s, p)`.
pub(super) fn has_prefix<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let (s, t) = two_strs("hasPrefix", a)?;
    Ok(Value::Bool(s.starts_with(t)))
}

/// `hasSuffix(s, p)`.
pub(super) fn has_suffix<'a>(_: &mut Ctx<'_>, a: &[Value<'a>]) -> R<'a> {
    let (s, t) = two_strs("hasSuffix", a)?;
    Ok(Value::Bool(s.ends_with(t)))
}
