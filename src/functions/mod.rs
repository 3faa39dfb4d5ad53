//! The builtin table: every builtin's name, arity and implementation in one place
//! (docs/language.md, Builtins). Adding a builtin means adding one row to [`BUILTINS`].
//!
//! A row holds the name, argument counts, implementation, type signature
//! (read by the checker; rules in `rules.rs`) and doc line.
//!
//! Ordinary builtins are native functions over evaluated arguments. The 15
//! predicate builtins take a closure argument; the compiler turns them into
//! loops ([`Imp::Predicate`]), so their row only names the loop kind.

mod bits;
mod collections;
mod convert;
mod host;
pub mod jumpcloud;
mod numbers;
mod rules;
mod strings;

pub use crate::runtime::ctx::Ctx;
pub use crate::runtime::value::{go_kind, go_type};
pub use host::{HostFn, HostFunction, TestFn};

use crate::error::ErrorKind;
use crate::runtime::value::Value;
use crate::types::Signature;

/// A native builtin: evaluated arguments in, value or error out.
pub type NativeFn = for<'a> fn(&mut Ctx<'_>, &[Value<'a>]) -> Result<Value<'a>, ErrorKind>;

/// The loop a predicate builtin compiles to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredicateKind {
    /// `all(arr, p)`
    All,
    /// `none(arr, p)`
    None,
    /// `any(arr, p)`
    Any,
    /// `one(arr, p)`
    One,
    /// `filter(arr, p)`
    Filter,
    /// `map(arr, p)`
    Map,
    /// `find(arr, p)`
    Find,
    /// `findIndex(arr, p)`
    FindIndex,
    /// `findLast(arr, p)`
    FindLast,
    /// `findLastIndex(arr, p)`
    FindLastIndex,
    /// `count(arr [, p])`
    Count,
    /// `sum(arr [, p])`
    Sum,
    /// `groupBy(arr, p)`
    GroupBy,
    /// `sortBy(arr, p [, order])`
    SortBy,
    /// `reduce(arr, p [, init])`
    Reduce,
}

/// How a builtin is implemented.
#[derive(Clone, Copy)]
pub enum Imp {
    /// A native function over evaluated arguments.
    Native(NativeFn),
    /// A predicate builtin compiled to a loop; the predicate is argument 1.
    Predicate(PredicateKind),
}

/// One row of the builtin table.
#[derive(Clone, Copy)]
pub struct Builtin {
    /// The name as called.
    pub name: &'static str,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments (`None`: variadic).
    pub max_args: Option<usize>,
    /// The implementation.
    pub imp: Imp,
    /// How the checker types a call.
    pub sig: Signature,
    /// Signature and a one-line example, for the docs table.
    pub doc: &'static str,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builtin").field("name", &self.name).finish()
    }
}

/// Deepest nesting `flatten`, `max`, `min`, `mean` and `median` walk (docs/language.md, Limits).
/// They walk with an explicit stack, so this guards time and memory, not the call stack.
pub const MAX_DEPTH: usize = 10_000;

/// Argument `i`, or nil when absent (arity is checked by the compiler; this keeps
/// a direct caller from panicking).
pub(crate) fn arg<'a>(args: &[Value<'a>], i: usize) -> Value<'a> {
    args.get(i).cloned().unwrap_or(Value::Nil)
}

/// The string argument of builtin `name`; expr fails here with Go's
/// `interface conversion` text, we say what was expected.
pub(crate) fn want_str<'v>(name: &str, v: &'v Value<'_>) -> Result<&'v str, ErrorKind> {
    v.as_str().ok_or_else(|| {
        ErrorKind::Function(format!("{name}: expected string, got {}", v.type_name()))
    })
}

/// An integer argument as expr's `runtime.ToInt` reads it: ints, floats
/// truncated toward zero, decimal strings (`strconv.Atoi`).
pub(crate) fn to_int(v: &Value<'_>) -> Result<i64, ErrorKind> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Uint8(i) => Ok(i64::from(*i)),
        Value::Float(f) if f.is_finite() => Ok(*f as i64),
        Value::Str(s) => s.parse().map_err(|_| {
            ErrorKind::InvalidOperation(format!("invalid operation: int({})", s.as_str()))
        }),
        other => Err(ErrorKind::InvalidOperation(format!(
            "invalid operation: int({})",
            go_type(other)
        ))),
    }
}

/// The elements of an array (or of a byte string, as Go's `uint8`s), or `None`.
pub(crate) fn seq<'a>(v: &Value<'a>) -> Option<Vec<Value<'a>>> {
    match v {
        Value::Array(a) => Some(a.iter().collect()),
        Value::Bytes(b) => Some(b.iter().map(|x| Value::Uint8(*x)).collect()),
        _ => None,
    }
}

macro_rules! row {
    ($name:literal, $min:expr, $max:expr, $imp:expr, $sig:expr, $doc:literal) => {
        Builtin {
            name: $name,
            min_args: $min,
            max_args: $max,
            imp: $imp,
            sig: $sig,
            doc: $doc,
        }
    };
}

use crate::types::Param::{Any, AnyArr, Int, NumArr, Str, StrArr};
use crate::types::{sig, Ret, Signature::*};
use Imp::{Native, Predicate};
use PredicateKind as P;

/// Every builtin, in the order of the Builtins section of docs/language.md.
pub static BUILTINS: &[Builtin] = &[
    row!(
        "all",
        2,
        Some(2),
        Predicate(P::All),
        Loop { boolean: true, result: rules::boolean },
        "all(arr, p) — all([1,2], # > 0) == true"
    ),
    row!(
        "none",
        2,
        Some(2),
        Predicate(P::None),
        Loop { boolean: true, result: rules::boolean },
        "none(arr, p) — none([1,2], # > 2) == true"
    ),
    row!(
        "any",
        2,
        Some(2),
        Predicate(P::Any),
        Loop { boolean: true, result: rules::boolean },
        "any(arr, p) — any([1,2], # > 1) == true"
    ),
    row!(
        "one",
        2,
        Some(2),
        Predicate(P::One),
        Loop { boolean: true, result: rules::boolean },
        "one(arr, p) — one([1,2], # > 1) == true"
    ),
    row!(
        "filter",
        2,
        Some(2),
        Predicate(P::Filter),
        Loop { boolean: true, result: rules::filter },
        "filter(arr, p) — filter([1,2,3], # > 1) == [2,3]"
    ),
    row!(
        "map",
        2,
        Some(2),
        Predicate(P::Map),
        Loop { boolean: false, result: rules::map },
        "map(arr, p) — map([1,2], # * 2) == [2,4]"
    ),
    row!(
        "find",
        2,
        Some(2),
        Predicate(P::Find),
        Loop { boolean: true, result: rules::element },
        "find(arr, p) — find([1,2], # > 1) == 2"
    ),
    row!(
        "findIndex",
        2,
        Some(2),
        Predicate(P::FindIndex),
        Loop { boolean: true, result: rules::integer },
        "findIndex(arr, p) — findIndex([1,2], # > 1) == 1"
    ),
    row!(
        "findLast",
        2,
        Some(2),
        Predicate(P::FindLast),
        Loop { boolean: true, result: rules::element },
        "findLast(arr, p) — findLast([1,2,3], # > 1) == 3"
    ),
    row!(
        "findLastIndex",
        2,
        Some(2),
        Predicate(P::FindLastIndex),
        Loop { boolean: true, result: rules::integer },
        "findLastIndex(arr, p) — findLastIndex([1,2,3], # > 1) == 2"
    ),
    row!(
        "count",
        1,
        Some(2),
        Predicate(P::Count),
        Loop { boolean: true, result: rules::integer },
        "count(arr [, p]) — count([1,2,3], # > 1) == 2"
    ),
    row!(
        "sum",
        1,
        Some(2),
        Predicate(P::Sum),
        Loop { boolean: false, result: rules::sum },
        "sum(arr [, p]) — sum([1,2,3]) == 6"
    ),
    row!(
        "groupBy",
        2,
        Some(2),
        Predicate(P::GroupBy),
        Loop { boolean: false, result: rules::group_by },
        "groupBy(arr, p) — groupBy([1,2,3], # % 2)[1] == [1,3]"
    ),
    row!(
        "sortBy",
        2,
        Some(3),
        Predicate(P::SortBy),
        Loop { boolean: false, result: rules::sort_by },
        "sortBy(arr, p [, order]) — sortBy([{a:2},{a:1}], .a)[0].a == 1"
    ),
    row!(
        "reduce",
        2,
        Some(3),
        Predicate(P::Reduce),
        Loop { boolean: false, result: rules::reduce },
        "reduce(arr, p [, init]) — reduce([1,2,3], #acc + #) == 6"
    ),
    row!(
        "len",
        1,
        Some(1),
        Native(collections::len),
        Rule(rules::len),
        "len(v) — len('héllo') == 5"
    ),
    row!(
        "type",
        1,
        Some(1),
        Native(convert::type_of),
        Overloads(&[sig(&[Any], Ret::Str)]),
        "type(v) — type(1.5) == 'float'"
    ),
    row!(
        "abs",
        1,
        Some(1),
        Native(numbers::abs),
        Rule(rules::abs),
        "abs(n) — abs(-2) == 2"
    ),
    row!(
        "ceil",
        1,
        Some(1),
        Native(numbers::ceil),
        Rule(rules::rounding),
        "ceil(n) — ceil(1.2) == 2.0"
    ),
    row!(
        "floor",
        1,
        Some(1),
        Native(numbers::floor),
        Rule(rules::rounding),
        "floor(n) — floor(1.8) == 1.0"
    ),
    row!(
        "round",
        1,
        Some(1),
        Native(numbers::round),
        Rule(rules::rounding),
        "round(n) — round(2.5) == 3.0"
    ),
    row!(
        "int",
        1,
        Some(1),
        Native(convert::int),
        Rule(rules::conversion),
        "int(v) — int('42') == 42"
    ),
    row!(
        "float",
        1,
        Some(1),
        Native(convert::float),
        Rule(rules::conversion),
        "float(v) — float('1.5') == 1.5"
    ),
    row!(
        "string",
        1,
        Some(1),
        Native(convert::string),
        Overloads(&[sig(&[Any], Ret::Str)]),
        "string(v) — string([1, 'a']) == '[1 a]'"
    ),
    row!(
        "trim",
        1,
        Some(2),
        Native(strings::trim),
        Overloads(&[sig(&[Str], Ret::Str), sig(&[Str, Str], Ret::Str)]),
        "trim(s [, cutset]) — trim('  a ') == 'a'"
    ),
    row!(
        "trimPrefix",
        1,
        Some(2),
        Native(strings::trim_prefix),
        Overloads(&[sig(&[Str, Str], Ret::Str), sig(&[Str], Ret::Str)]),
        "trimPrefix(s [, prefix]) — trimPrefix('ab', 'a') == 'b'"
    ),
    row!(
        "trimSuffix",
        1,
        Some(2),
        Native(strings::trim_suffix),
        Overloads(&[sig(&[Str, Str], Ret::Str), sig(&[Str], Ret::Str)]),
        "trimSuffix(s [, suffix]) — trimSuffix('ab', 'b') == 'a'"
    ),
    row!(
        "upper",
        1,
        Some(1),
        Native(strings::upper),
        Overloads(&[sig(&[Str], Ret::Str)]),
        "upper(s) — upper('straße') == 'STRAßE'"
    ),
    row!(
        "lower",
        1,
        Some(1),
        Native(strings::lower),
        Overloads(&[sig(&[Str], Ret::Str)]),
        "lower(s) — lower('AB') == 'ab'"
    ),
    row!(
        "split",
        2,
        Some(3),
        Native(strings::split),
        Overloads(&[sig(&[Str, Str], Ret::Strings), sig(&[Str, Str, Int], Ret::Strings)]),
        "split(s, sep [, n]) — split('a,b', ',') == ['a','b']"
    ),
    row!(
        "splitAfter",
        2,
        Some(3),
        Native(strings::split_after),
        Overloads(&[sig(&[Str, Str], Ret::Strings), sig(&[Str, Str, Int], Ret::Strings)]),
        "splitAfter(s, sep [, n]) — splitAfter('a,b', ',') == ['a,','b']"
    ),
    row!(
        "replace",
        3,
        Some(4),
        Native(strings::replace),
        Overloads(&[sig(&[Str, Str, Str, Int], Ret::Str), sig(&[Str, Str, Str], Ret::Str)]),
        "replace(s, old, new [, n]) — replace('aa', 'a', 'b') == 'bb'"
    ),
    row!(
        "repeat",
        2,
        Some(2),
        Native(strings::repeat),
        Overloads(&[sig(&[Str, Int], Ret::Str)]),
        "repeat(s, n) — repeat('ab', 2) == 'abab'"
    ),
    row!(
        "join",
        1,
        Some(2),
        Native(strings::join),
        Overloads(&[sig(&[StrArr, Str], Ret::Str), sig(&[AnyArr, Str], Ret::Str), sig(&[AnyArr], Ret::Str), sig(&[StrArr], Ret::Str)]),
        "join(arr [, sep]) — join(['a','b'], ',') == 'a,b'"
    ),
    row!(
        "indexOf",
        2,
        Some(2),
        Native(strings::index_of),
        Overloads(&[sig(&[Str, Str], Ret::Int)]),
        "indexOf(s, sub) — indexOf('héllo', 'l') == 3"
    ),
    row!(
        "lastIndexOf",
        2,
        Some(2),
        Native(strings::last_index_of),
        Overloads(&[sig(&[Str, Str], Ret::Int)]),
        "lastIndexOf(s, sub) — lastIndexOf('hello', 'l') == 3"
    ),
    row!(
        "hasPrefix",
        2,
        Some(2),
        Native(strings::has_prefix),
        Overloads(&[sig(&[Str, Str], Ret::Bool)]),
        "hasPrefix(s, p) — hasPrefix('abc', 'ab') == true"
    ),
    row!(
        "hasSuffix",
        2,
        Some(2),
        Native(strings::has_suffix),
        Overloads(&[sig(&[Str, Str], Ret::Bool)]),
        "hasSuffix(s, p) — hasSuffix('abc', 'bc') == true"
    ),
    row!(
        "max",
        1,
        None,
        Native(numbers::max),
        Rule(rules::aggregate),
        "max(a, …) — max(1, [5, 2], 3) == 5"
    ),
    row!(
        "min",
        1,
        None,
        Native(numbers::min),
        Rule(rules::aggregate),
        "min(a, …) — min(1, 2.5) == 1"
    ),
    row!(
        "mean",
        1,
        None,
        Native(numbers::mean),
        Rule(rules::aggregate),
        "mean(a, …) — mean([1, 2]) == 1.5"
    ),
    row!(
        "median",
        1,
        None,
        Native(numbers::median),
        Rule(rules::aggregate),
        "median(a, …) — median([1, 3, 2]) == 2.0"
    ),
    row!(
        "toJSON",
        1,
        Some(1),
        Native(convert::to_json),
        Overloads(&[sig(&[Any], Ret::Str)]),
        "toJSON(v) — toJSON([1]) == '[\\n  1\\n]'"
    ),
    row!(
        "fromJSON",
        1,
        Some(1),
        Native(convert::from_json),
        Overloads(&[sig(&[Str], Ret::Unknown)]),
        "fromJSON(s) — fromJSON('{\"a\":1}').a == 1.0"
    ),
    row!(
        "toBase64",
        1,
        Some(1),
        Native(convert::to_base64),
        Overloads(&[sig(&[Str], Ret::Str)]),
        "toBase64(s) — toBase64('hi') == 'aGk='"
    ),
    row!(
        "fromBase64",
        1,
        Some(1),
        Native(convert::from_base64),
        Overloads(&[sig(&[Str], Ret::Str)]),
        "fromBase64(s) — fromBase64('aGk=') == 'hi'"
    ),
    row!(
        "now",
        0,
        Some(1),
        Native(crate::runtime::time::builtin_now),
        Rule(rules::now),
        "now([tz]) — now().Year() >= 2024"
    ),
    row!(
        "duration",
        1,
        Some(1),
        Native(crate::runtime::time::builtin_duration),
        Overloads(&[sig(&[Str], Ret::Duration)]),
        "duration(s) — duration('1h30m').Minutes() == 90.0"
    ),
    row!(
        "date",
        1,
        Some(3),
        Native(crate::runtime::time::builtin_date),
        Rule(rules::date),
        "date(s [, layout [, tz]]) — date('2023-08-14').Year() == 2023"
    ),
    row!(
        "timezone",
        1,
        Some(1),
        Native(crate::runtime::time::builtin_timezone),
        Overloads(&[sig(&[Str], Ret::Location)]),
        "timezone(name) — date('2023-08-14 10:00', '2006-01-02 15:04', timezone('Europe/Berlin')).UTC().Hour() == 8"
    ),
    row!(
        "first",
        1,
        Some(1),
        Native(collections::first),
        Rule(rules::end),
        "first(arr) — first([1, 2]) == 1"
    ),
    row!(
        "last",
        1,
        Some(1),
        Native(collections::last),
        Rule(rules::end),
        "last(arr) — last([1, 2]) == 2"
    ),
    row!(
        "get",
        2,
        Some(2),
        Native(collections::get),
        Rule(rules::get),
        "get(v, i) — get([1, 2], -1) == 2"
    ),
    row!(
        "take",
        2,
        Some(2),
        Native(collections::take),
        Rule(rules::take),
        "take(arr, n) — take([1, 2, 3], 2) == [1, 2]"
    ),
    row!(
        "keys",
        1,
        Some(1),
        Native(collections::keys),
        Rule(rules::of_map),
        "keys(m) — keys({a: 1}) == ['a']"
    ),
    row!(
        "values",
        1,
        Some(1),
        Native(collections::values),
        Rule(rules::of_map),
        "values(m) — values({a: 1}) == [1]"
    ),
    row!(
        "toPairs",
        1,
        Some(1),
        Native(collections::to_pairs),
        Rule(rules::of_map),
        "toPairs(m) — string(toPairs({a: 1})) == '[[a 1]]'"
    ),
    row!(
        "fromPairs",
        1,
        Some(1),
        Native(collections::from_pairs),
        Rule(rules::from_pairs),
        "fromPairs(arr) — fromPairs([['a', 1]]).a == 1"
    ),
    row!(
        "reverse",
        1,
        Some(1),
        Native(collections::reverse),
        Rule(rules::of_arrays),
        "reverse(arr) — reverse([1, 2]) == [2, 1]"
    ),
    row!(
        "uniq",
        1,
        Some(1),
        Native(collections::uniq),
        Rule(rules::of_arrays),
        "uniq(arr) — uniq([1, 1.0, 2]) == [1, 2]"
    ),
    row!(
        "concat",
        1,
        None,
        Native(collections::concat),
        Rule(rules::of_arrays),
        "concat(arr, …) — concat([1], [2]) == [1, 2]"
    ),
    row!(
        "flatten",
        1,
        Some(1),
        Native(collections::flatten),
        Rule(rules::of_arrays),
        "flatten(arr) — flatten([1, [2, [3]]]) == [1, 2, 3]"
    ),
    row!(
        "sort",
        1,
        Some(2),
        Native(collections::sort),
        Overloads(&[sig(&[AnyArr, Str], Ret::Array), sig(&[StrArr, Str], Ret::Array), sig(&[NumArr, Str], Ret::Array), sig(&[AnyArr], Ret::Array), sig(&[StrArr], Ret::Array), sig(&[NumArr], Ret::Array)]),
        "sort(arr [, order]) — sort([3, 1, 2]) == [1, 2, 3]"
    ),
    row!(
        "bitand",
        2,
        Some(2),
        Native(bits::bitand),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitand(x, y) — bitand(6, 3) == 2"
    ),
    row!(
        "bitor",
        2,
        Some(2),
        Native(bits::bitor),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitor(x, y) — bitor(6, 3) == 7"
    ),
    row!(
        "bitxor",
        2,
        Some(2),
        Native(bits::bitxor),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitxor(x, y) — bitxor(6, 3) == 5"
    ),
    row!(
        "bitnand",
        2,
        Some(2),
        Native(bits::bitnand),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitnand(x, y) — bitnand(6, 3) == 4"
    ),
    row!(
        "bitshl",
        2,
        Some(2),
        Native(bits::bitshl),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitshl(x, y) — bitshl(1, 3) == 8"
    ),
    row!(
        "bitshr",
        2,
        Some(2),
        Native(bits::bitshr),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitshr(x, y) — bitshr(-8, 1) == -4"
    ),
    row!(
        "bitushr",
        2,
        Some(2),
        Native(bits::bitushr),
        Overloads(&[sig(&[Int, Int], Ret::Int)]),
        "bitushr(x, y) — bitushr(-1, 63) == 1"
    ),
    row!(
        "bitnot",
        1,
        Some(1),
        Native(bits::bitnot),
        Overloads(&[sig(&[Int], Ret::Int)]),
        "bitnot(x) — bitnot(0) == -1"
    ),
];

/// The builtin called `name`, with its index in [`BUILTINS`].
pub fn lookup(name: &str) -> Option<(usize, &'static Builtin)> {
    BUILTINS.iter().enumerate().find(|(_, b)| b.name == name)
}

/// The row of the predicate builtin named `name`: its argument 1 (counting a
/// piped value) is a predicate, and its arity is how many arguments the
/// parser accepts. The lexer and the parser read this, so a new predicate
/// builtin is one row.
pub fn predicate(name: &str) -> Option<&'static Builtin> {
    lookup(name)
        .map(|(_, b)| b)
        .filter(|b| matches!(b.imp, Imp::Predicate(_)))
}

/// Whether builtin `b` fails at run time when its first argument is nil, and
/// if so the empty value of the type it wanted (what an admin's `?? …`
/// supplies). Read off the row itself, so a new builtin needs no entry
/// elsewhere: a predicate builtin iterates its first argument; a native one
/// is called with nil and valid values for its other parameters.
pub fn nil_first(b: &Builtin) -> Option<&'static str> {
    use crate::types::{Param, Type};
    let f = match b.imp {
        Imp::Predicate(_) => return Some("[]"),
        Imp::Native(f) => f,
    };
    let first_overload = match b.sig {
        Signature::Overloads(o) => o.iter().find(|o| o.params.len() >= b.min_args.max(1)),
        _ => None,
    };
    let filler = |p: Option<&Param>| match p {
        Some(Param::Str) => Value::string("a".to_string()),
        Some(Param::AnyArr | Param::StrArr | Param::NumArr) => Value::array(Vec::new()),
        _ => Value::Int(1),
    };
    let mut args = vec![Value::Nil];
    for i in 1..b.min_args.max(1) {
        args.push(filler(first_overload.and_then(|o| o.params.get(i))));
    }
    let mut scratch = crate::runtime::ctx::Scratch::default();
    let mut ctx = scratch.ctx();
    f(&mut ctx, &args).err()?;
    let fix = match (b.sig, first_overload.and_then(|o| o.params.first())) {
        (_, Some(Param::Str)) => "''",
        (_, Some(Param::AnyArr | Param::StrArr | Param::NumArr)) => "[]",
        (_, Some(Param::Int | Param::Dur)) => "0",
        (Signature::Rule(rule), _) => {
            let fits = |t: Type| rule(b.name, &[t]).is_ok();
            if fits(Type::unknown_array()) {
                "[]"
            } else if fits(Type::Str) {
                "''"
            } else {
                "0"
            }
        }
        _ => "''",
    };
    Some(fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_71_unique_builtins() {
        assert_eq!(BUILTINS.len(), 71);
        let mut names: Vec<_> = BUILTINS.iter().map(|b| b.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 71);
    }

    /// The checker types a predicate builtin by its loop rule and every other
    /// builtin by overloads or a rule; a row mixing the two would be typed
    /// wrongly without any test of that builtin noticing.
    #[test]
    fn signatures_match_implementations() {
        for b in BUILTINS {
            let ok = match (b.imp, b.sig) {
                (Imp::Predicate(_), Signature::Loop { .. }) => true,
                (Imp::Native(_), Signature::Overloads(o)) => o.iter().all(|o| {
                    o.params.len() >= b.min_args && b.max_args.is_none_or(|m| o.params.len() <= m)
                }),
                (Imp::Native(_), Signature::Rule(_) | Signature::Unchecked) => true,
                _ => false,
            };
            assert!(ok, "{}: signature does not fit the row", b.name);
        }
    }
}
