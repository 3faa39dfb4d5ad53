//! The builtin table: every builtin's name, arity and implementation in one place
//! (language.md §6). Adding a builtin means adding one row to [`BUILTINS`].
//!
//! Ordinary builtins are native functions over evaluated arguments. The 15
//! predicate builtins take a closure argument; the compiler turns them into
//! loops ([`Imp::Predicate`]), so their row only names the loop kind.

use crate::error::ErrorKind;
use crate::value::Value;
use chrono::{DateTime, Utc};

/// What a native builtin can reach besides its arguments.
pub struct Ctx<'r> {
    /// Memory budget units left for this run (language.md §4.15).
    pub memory: &'r mut u64,
    /// The clock `now()` reads.
    pub now: &'r dyn Fn() -> DateTime<Utc>,
}

impl Ctx<'_> {
    /// Takes `units` from the memory budget, failing with `memory budget exceeded`.
    pub fn charge(&mut self, units: usize) -> Result<(), ErrorKind> {
        let units = units as u64;
        if units > *self.memory {
            *self.memory = 0;
            return Err(ErrorKind::MemoryBudget);
        }
        *self.memory -= units;
        Ok(())
    }
}

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
    /// Signature and a one-line example, for the docs table.
    pub doc: &'static str,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builtin").field("name", &self.name).finish()
    }
}

fn pending<'a>(_: &mut Ctx<'_>, _: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    Err(ErrorKind::Function("builtin not implemented yet".into()))
}

macro_rules! row {
    ($name:literal, $min:expr, $max:expr, $imp:expr, $doc:literal) => {
        Builtin {
            name: $name,
            min_args: $min,
            max_args: $max,
            imp: $imp,
            doc: $doc,
        }
    };
}

use Imp::{Native, Predicate};
use PredicateKind as P;

/// Every builtin, in the order of language.md §6.7.
pub static BUILTINS: &[Builtin] = &[
    row!(
        "all",
        2,
        Some(2),
        Predicate(P::All),
        "all(arr, p) — all([1,2], # > 0) == true"
    ),
    row!(
        "none",
        2,
        Some(2),
        Predicate(P::None),
        "none(arr, p) — none([1,2], # > 2) == true"
    ),
    row!(
        "any",
        2,
        Some(2),
        Predicate(P::Any),
        "any(arr, p) — any([1,2], # > 1) == true"
    ),
    row!(
        "one",
        2,
        Some(2),
        Predicate(P::One),
        "one(arr, p) — one([1,2], # > 1) == true"
    ),
    row!(
        "filter",
        2,
        Some(2),
        Predicate(P::Filter),
        "filter(arr, p) — filter([1,2,3], # > 1) == [2,3]"
    ),
    row!(
        "map",
        2,
        Some(2),
        Predicate(P::Map),
        "map(arr, p) — map([1,2], # * 2) == [2,4]"
    ),
    row!(
        "find",
        2,
        Some(2),
        Predicate(P::Find),
        "find(arr, p) — find([1,2], # > 1) == 2"
    ),
    row!(
        "findIndex",
        2,
        Some(2),
        Predicate(P::FindIndex),
        "findIndex(arr, p) — findIndex([1,2], # > 1) == 1"
    ),
    row!(
        "findLast",
        2,
        Some(2),
        Predicate(P::FindLast),
        "findLast(arr, p) — findLast([1,2,3], # > 1) == 3"
    ),
    row!(
        "findLastIndex",
        2,
        Some(2),
        Predicate(P::FindLastIndex),
        "findLastIndex(arr, p) — findLastIndex([1,2,3], # > 1) == 2"
    ),
    row!(
        "count",
        1,
        Some(2),
        Predicate(P::Count),
        "count(arr [, p]) — count([1,2,3], # > 1) == 2"
    ),
    row!(
        "sum",
        1,
        Some(2),
        Predicate(P::Sum),
        "sum(arr [, p]) — sum([1,2,3]) == 6"
    ),
    row!(
        "groupBy",
        2,
        Some(2),
        Predicate(P::GroupBy),
        "groupBy(arr, p) — groupBy([1,2,3], # % 2)[1] == [1,3]"
    ),
    row!(
        "sortBy",
        2,
        Some(3),
        Predicate(P::SortBy),
        "sortBy(arr, p [, order]) — sortBy([{a:2},{a:1}], .a)[0].a == 1"
    ),
    row!(
        "reduce",
        2,
        Some(3),
        Predicate(P::Reduce),
        "reduce(arr, p [, init]) — reduce([1,2,3], #acc + #) == 6"
    ),
    row!(
        "len",
        1,
        Some(1),
        Native(pending),
        "len(v) — len('héllo') == 5"
    ),
    row!(
        "type",
        1,
        Some(1),
        Native(pending),
        "type(v) — type(1.5) == 'float'"
    ),
    row!("abs", 1, Some(1), Native(pending), "abs(n) — abs(-2) == 2"),
    row!(
        "ceil",
        1,
        Some(1),
        Native(pending),
        "ceil(n) — ceil(1.2) == 2.0"
    ),
    row!(
        "floor",
        1,
        Some(1),
        Native(pending),
        "floor(n) — floor(1.8) == 1.0"
    ),
    row!(
        "round",
        1,
        Some(1),
        Native(pending),
        "round(n) — round(2.5) == 3.0"
    ),
    row!(
        "int",
        1,
        Some(1),
        Native(pending),
        "int(v) — int('42') == 42"
    ),
    row!(
        "float",
        1,
        Some(1),
        Native(pending),
        "float(v) — float('1.5') == 1.5"
    ),
    row!(
        "string",
        1,
        Some(1),
        Native(pending),
        "string(v) — string([1, 'a']) == '[1 a]'"
    ),
    row!(
        "trim",
        1,
        Some(2),
        Native(pending),
        "trim(s [, cutset]) — trim('  a ') == 'a'"
    ),
    row!(
        "trimPrefix",
        1,
        Some(2),
        Native(pending),
        "trimPrefix(s [, prefix]) — trimPrefix('ab', 'a') == 'b'"
    ),
    row!(
        "trimSuffix",
        1,
        Some(2),
        Native(pending),
        "trimSuffix(s [, suffix]) — trimSuffix('ab', 'b') == 'a'"
    ),
    row!(
        "upper",
        1,
        Some(1),
        Native(pending),
        "upper(s) — upper('straße') == 'STRAßE'"
    ),
    row!(
        "lower",
        1,
        Some(1),
        Native(pending),
        "lower(s) — lower('AB') == 'ab'"
    ),
    row!(
        "split",
        2,
        Some(3),
        Native(pending),
        "split(s, sep [, n]) — split('a,b', ',') == ['a','b']"
    ),
    row!(
        "splitAfter",
        2,
        Some(3),
        Native(pending),
        "splitAfter(s, sep [, n]) — splitAfter('a,b', ',') == ['a,','b']"
    ),
    row!(
        "replace",
        3,
        Some(4),
        Native(pending),
        "replace(s, old, new [, n]) — replace('aa', 'a', 'b') == 'bb'"
    ),
    row!(
        "repeat",
        2,
        Some(2),
        Native(pending),
        "repeat(s, n) — repeat('ab', 2) == 'abab'"
    ),
    row!(
        "join",
        1,
        Some(2),
        Native(pending),
        "join(arr [, sep]) — join(['a','b'], ',') == 'a,b'"
    ),
    row!(
        "indexOf",
        2,
        Some(2),
        Native(pending),
        "indexOf(s, sub) — indexOf('héllo', 'l') == 3"
    ),
    row!(
        "lastIndexOf",
        2,
        Some(2),
        Native(pending),
        "lastIndexOf(s, sub) — lastIndexOf('hello', 'l') == 3"
    ),
    row!(
        "hasPrefix",
        2,
        Some(2),
        Native(pending),
        "hasPrefix(s, p) — hasPrefix('abc', 'ab') == true"
    ),
    row!(
        "hasSuffix",
        2,
        Some(2),
        Native(pending),
        "hasSuffix(s, p) — hasSuffix('abc', 'bc') == true"
    ),
    row!(
        "max",
        1,
        None,
        Native(pending),
        "max(a, …) — max(1, [5, 2], 3) == 5"
    ),
    row!(
        "min",
        1,
        None,
        Native(pending),
        "min(a, …) — min(1, 2.5) == 1"
    ),
    row!(
        "mean",
        1,
        None,
        Native(pending),
        "mean(a, …) — mean([1, 2]) == 1.5"
    ),
    row!(
        "median",
        1,
        None,
        Native(pending),
        "median(a, …) — median([1, 3, 2]) == 2.0"
    ),
    row!(
        "toJSON",
        1,
        Some(1),
        Native(pending),
        "toJSON(v) — toJSON([1]) == '[\\n  1\\n]'"
    ),
    row!(
        "fromJSON",
        1,
        Some(1),
        Native(pending),
        "fromJSON(s) — fromJSON('{\"a\":1}').a == 1.0"
    ),
    row!(
        "toBase64",
        1,
        Some(1),
        Native(pending),
        "toBase64(s) — toBase64('hi') == 'aGk='"
    ),
    row!(
        "fromBase64",
        1,
        Some(1),
        Native(pending),
        "fromBase64(s) — fromBase64('aGk=') == 'hi'"
    ),
    row!(
        "now",
        0,
        Some(1),
        Native(crate::time::builtin_now),
        "now([tz]) — now().Year() >= 2024"
    ),
    row!(
        "duration",
        1,
        Some(1),
        Native(crate::time::builtin_duration),
        "duration(s) — duration('1h30m').Minutes() == 90.0"
    ),
    row!(
        "date",
        1,
        Some(3),
        Native(crate::time::builtin_date),
        "date(s [, layout [, tz]]) — date('2023-08-14').Year() == 2023"
    ),
    row!(
        "timezone",
        1,
        Some(1),
        Native(crate::time::builtin_timezone),
        "timezone(name) — date('2023-08-14', timezone('UTC')) …"
    ),
    row!(
        "first",
        1,
        Some(1),
        Native(pending),
        "first(arr) — first([1, 2]) == 1"
    ),
    row!(
        "last",
        1,
        Some(1),
        Native(pending),
        "last(arr) — last([1, 2]) == 2"
    ),
    row!(
        "get",
        2,
        Some(2),
        Native(pending),
        "get(v, i) — get([1, 2], -1) == 2"
    ),
    row!(
        "take",
        2,
        Some(2),
        Native(pending),
        "take(arr, n) — take([1, 2, 3], 2) == [1, 2]"
    ),
    row!(
        "keys",
        1,
        Some(1),
        Native(pending),
        "keys(m) — keys({a: 1}) == ['a']"
    ),
    row!(
        "values",
        1,
        Some(1),
        Native(pending),
        "values(m) — values({a: 1}) == [1]"
    ),
    row!(
        "toPairs",
        1,
        Some(1),
        Native(pending),
        "toPairs(m) — toPairs({a: 1}) == [['a', 1]]"
    ),
    row!(
        "fromPairs",
        1,
        Some(1),
        Native(pending),
        "fromPairs(arr) — fromPairs([['a', 1]]).a == 1"
    ),
    row!(
        "reverse",
        1,
        Some(1),
        Native(pending),
        "reverse(arr) — reverse([1, 2]) == [2, 1]"
    ),
    row!(
        "uniq",
        1,
        Some(1),
        Native(pending),
        "uniq(arr) — uniq([1, 1.0, 2]) == [1, 2]"
    ),
    row!(
        "concat",
        1,
        None,
        Native(pending),
        "concat(arr, …) — concat([1], [2]) == [1, 2]"
    ),
    row!(
        "flatten",
        1,
        Some(1),
        Native(pending),
        "flatten(arr) — flatten([1, [2, [3]]]) == [1, 2, 3]"
    ),
    row!(
        "sort",
        1,
        Some(2),
        Native(pending),
        "sort(arr [, order]) — sort([3, 1, 2]) == [1, 2, 3]"
    ),
    row!(
        "bitand",
        2,
        Some(2),
        Native(pending),
        "bitand(x, y) — bitand(6, 3) == 2"
    ),
    row!(
        "bitor",
        2,
        Some(2),
        Native(pending),
        "bitor(x, y) — bitor(6, 3) == 7"
    ),
    row!(
        "bitxor",
        2,
        Some(2),
        Native(pending),
        "bitxor(x, y) — bitxor(6, 3) == 5"
    ),
    row!(
        "bitnand",
        2,
        Some(2),
        Native(pending),
        "bitnand(x, y) — bitnand(6, 3) == 4"
    ),
    row!(
        "bitshl",
        2,
        Some(2),
        Native(pending),
        "bitshl(x, y) — bitshl(1, 3) == 8"
    ),
    row!(
        "bitshr",
        2,
        Some(2),
        Native(pending),
        "bitshr(x, y) — bitshr(-8, 1) == -4"
    ),
    row!(
        "bitushr",
        2,
        Some(2),
        Native(pending),
        "bitushr(x, y) — bitushr(-1, 63) == 1"
    ),
    row!(
        "bitnot",
        1,
        Some(1),
        Native(pending),
        "bitnot(x) — bitnot(0) == -1"
    ),
];

/// The builtin called `name`, with its index in [`BUILTINS`].
pub fn lookup(name: &str) -> Option<(usize, &'static Builtin)> {
    BUILTINS.iter().enumerate().find(|(_, b)| b.name == name)
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
}
