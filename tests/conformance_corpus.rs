//! Differences found by running expr's own corpus (`testdata/generated.txt`, issue 12)
//! through `scimexpr eval --jsonl`: one table per group of the issue. Expected values
//! from expr v1.17.8 (compiled without an env, run with [`GEN`]), each row checked
//! against a locally built copy of it.
mod conformance_common;
use conformance_common::{check, Row, W};

/// The env expr's generated corpus runs with (its `test/gen` env's JSON part).
const GEN: &str = r#"{"ok": true, "i": 1, "str": "str", "f64": 0.5, "array": [1, 2, 3, 4, 5]}"#;

macro_rules! ok {
    ($s:expr, $t:expr, $j:expr, $st:expr) => {
        ($s, GEN, W::Ok($t, $j, $st))
    };
}
#[allow(unused_macros)]
macro_rules! err {
    ($s:expr, $p:expr) => {
        ($s, GEN, W::Err($p))
    };
}

/// V3: `**` is Go's `math.Pow` bit for bit (the C library's `pow` differs in the
/// last bit), and `%v`/`toJSON` break exact ties between two shortest digit
/// strings to the even digit, as Go's `strconv` does.
const POW: &[Row] = &[
    ok!(
        "f64 ** -f64",
        "float",
        "1.414213562373095",
        "1.414213562373095"
    ),
    ok!(
        "f64 ^ -f64",
        "float",
        "1.414213562373095",
        "1.414213562373095"
    ),
    ok!(
        "0.5 ** -0.5000001",
        "float",
        "1.4142136603989128",
        "1.4142136603989128"
    ),
    ok!(
        "1.6431061565076638e-13 ** -1.1192806712059233",
        "float",
        "2.0382542780306862e14",
        "2.0382542780306862e+14"
    ),
    ok!(
        "0.2567349276119204 ** -25.5",
        "float",
        "1.1432299937722302e15",
        "1.1432299937722302e+15"
    ),
    ok!(
        "(-17.16163511953556) ** 12",
        "float",
        "6.526855055925642e14",
        "6.526855055925642e+14"
    ),
    ok!(
        "2 ** 0.5",
        "float",
        "1.4142135623730951",
        "1.4142135623730951"
    ),
    ok!("10 ** -2", "float", "0.01", "0.01"),
    ok!(
        "3 ** 0.3333",
        "float",
        "1.442196755504422",
        "1.442196755504422"
    ),
    ok!(
        "1.0000001 ** 1e9",
        "float",
        "2.688103843211962e43",
        "2.688103843211962e+43"
    ),
    ok!(
        "1.5 ** -0.5",
        "float",
        "0.8164965809277261",
        "0.8164965809277261"
    ),
    ok!(
        "7 ** 22.75",
        "float",
        "1.6825981625798177e19",
        "1.6825981625798177e+19"
    ),
    ok!("(-8) ** (1/3)", "float", "*", "NaN"),
    ok!("0 ** -1", "float", "*", "+Inf"),
    ok!("(-0.0) ** -3", "float", "*", "-Inf"),
    ok!("2 ** 1024", "float", "*", "+Inf"),
    ok!("2 ** -1075", "float", "0.0", "0"),
    ok!("0.7 ** 1e300", "float", "0.0", "0"),
    ok!("(-1) ** 1e300", "float", "1.0", "1"),
    ok!(
        "map($env?.[str], # ** #)",
        "array",
        "[9.555460920302528e236, 3.000037962520004e239, 3.07010375168685e234]",
        "[9.555460920302528e+236 3.000037962520004e+239 3.07010375168685e+234]"
    ),
    ok!(
        "string(203825427803068.625)",
        "string",
        r#""2.0382542780306862e+14""#,
        "2.0382542780306862e+14"
    ),
    ok!(
        "string(203825427803068.875)",
        "string",
        r#""2.0382542780306888e+14""#,
        "2.0382542780306888e+14"
    ),
    ok!(
        "toJSON(203825427803068.625)",
        "string",
        r#""203825427803068.62""#,
        "203825427803068.62"
    ),
];

/// C2: expr's checker does not look inside `$env[…]`/`$env?.[…]`, at the bounds of a
/// slice of an unknown value, nor at the arguments of a method called on one; a call
/// there that the checker would refuse (an unknown function, a wrong argument count, a
/// misplaced `#acc`) compiles and fails only if it runs, so a short-circuited one has
/// a value. Expected values from expr v1.17.8.
const UNCHECKED_CALLS: &[Row] = &[
    ok!(
        "$env ?? $env?.[ok()]",
        "map",
        r#"{"array":[1,2,3,4,5],"f64":0.5,"i":1,"ok":true,"str":"str"}"#,
        "map[array:[1 2 3 4 5] f64:0.5 i:1 ok:true str:str]"
    ),
    ok!(
        "$env ?? $env[:f64()]",
        "map",
        r#"{"array":[1,2,3,4,5],"f64":0.5,"i":1,"ok":true,"str":"str"}"#,
        "map[array:[1 2 3 4 5] f64:0.5 i:1 ok:true str:str]"
    ),
    ok!(
        "$env ?? $env[array():]",
        "map",
        r#"{"array":[1,2,3,4,5],"f64":0.5,"i":1,"ok":true,"str":"str"}"#,
        "map[array:[1 2 3 4 5] f64:0.5 i:1 ok:true str:str]"
    ),
    ok!("false && $env?.[f64()]", "bool", "false", "false"),
    ok!("ok or $env[ok():]", "bool", "true", "true"),
    ok!("ok || $env[f64:ok(true)]", "bool", "true", "true"),
    ok!("true ?? $env[f64():]", "bool", "true", "true"),
    ok!("0 ?? $env?.String(greet())", "int", "0", "0"),
    ok!("ok || $env?.String(foo())", "bool", "true", "true"),
    ok!(
        "false && $env?.[type($env, foobar, 1)]",
        "bool",
        "false",
        "false"
    ),
    ok!("ok ? f64 : $env[bitxor(foobar):]", "float", "0.5", "0.5"),
    ok!("1.0 ?? $env?.[findIndex(ok, #acc)]", "float", "1.0", "1"),
    ok!("i ?? $env[:find(i, #acc)]", "int", "1", "1"),
    err!("$env?.[ok()]", "run"),
    err!("$env[f64()]", "run"),
    err!("$env[:f64()]", "run"),
    err!("$env[1:f64()]", "run"),
    err!("$env?.[greet()]", "run"),
    err!("$env?.[array(1)]", "run"),
    err!("$env?.foo(bar())", "run"),
    err!("$env.str(bar())", "run"),
    err!("$env?.[1 | ok()]", "run"),
    err!("let f = 1; $env?.[f()]", "run"),
    err!("$env?.[foo(1, bar.baz)]", "run"),
    err!("$env?.[toPairs()]", "run"),
    ok!("$env?.[first(0)]", "nil", "null", "<nil>"),
    // Extra arguments: expr's function reads those it takes (`first`, `toJSON`, `get`,
    // …) or, for `trimPrefix`, `trimSuffix` and `join`, is its one-argument form.
    ok!("0 == $env?.[first(0, ok)]", "bool", "false", "false"),
    ok!("nil != $env?.[1.0 | first(nil)]", "bool", "false", "false"),
    ok!(
        "add ?? $env?.[last(Bar, foobar, foobar)]",
        "nil",
        "null",
        "<nil>"
    ),
    ok!(
        "false or $env?.[foobar | toJSON(nil)]",
        "nil",
        "null",
        "<nil>"
    ),
    ok!(
        "foo not in $env?.[nil | last(foobar)]",
        "bool",
        "true",
        "true"
    ),
    ok!(
        "true in $env?.[foobar | last(nil)]",
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"$env?.[trimPrefix(str, "s", nil, nil)]"#,
        "string",
        r#""str""#,
        "str"
    ),
    ok!(
        r#"$env?.[trimSuffix(str, "r", nil)]"#,
        "string",
        r#""str""#,
        "str"
    ),
    ok!("$env?.[toBase64(str, nil, nil)]", "nil", "null", "<nil>"),
    ok!(r#"$env?.[join(["a"], nil, nil)]"#, "nil", "null", "<nil>"),
    err!("$env?.[first(array, nil, nil)]", "run"),
];

/// `x?.[a:b]` is expr's plain slice `x[a:b]`: it parses, and a nil `x` is not
/// short-circuited. Expected values from expr v1.17.8.
const OPTIONAL_SLICE: &[Row] = &[
    ok!("array?.[1:2]", "array", "[2]", "[2]"),
    ok!("$env?.array?.[1:3]", "array", "[2,3]", "[2 3]"),
    ok!("str?.[1:2]", "string", r#""t""#, "t"),
    ok!("array?.[:2]", "array", "[1,2]", "[1 2]"),
    ok!("array?.[1:]", "array", "[2,3,4,5]", "[2 3 4 5]"),
    err!("foo?.[1:2]", "run"),
    err!("$env?.nope?.[1:2]", "run"),
    ok!("array?.[1:2]?.[0]", "int", "2", "2"),
];

/// R1: a predicate builtin over a map loops `len(map)` times (Go's reflect `Len`)
/// and fails only when it fetches an element (reflect `Index`): at `#`, or at the
/// call for what the builtin itself keeps (`filter`, `find`, `groupBy`, `sortBy`,
/// `reduce`'s first element). Expected values from expr v1.17.8.
const MAP_LOOPS: &[Row] = &[
    ok!(
        "array | reduce($env) | findLastIndex(true)",
        "int",
        "4",
        "4"
    ),
    ok!("all($env, false) and f64 <= 0", "bool", "false", "false"),
    ok!("$env ?? 0 | filter(false)", "array", "[]", "[]"),
    ok!("$env ?? 1.0 | findIndex(ok)", "int", "0", "0"),
    ok!("abs(count($env, false))", "int", "0", "0"),
    ok!("$env.f64 > sum($env, f64)", "bool", "false", "false"),
    ok!("sum($env, 1)", "int", "5", "5"),
    ok!("ceil(count($env, false))", "float", "0.0", "0"),
    ok!(
        "$env ?? ok | map(true)",
        "array",
        "[true, true, true, true, true]",
        "[true true true true true]"
    ),
    ok!(
        "map($env, #index)",
        "array",
        "[0, 1, 2, 3, 4]",
        "[0 1 2 3 4]"
    ),
    ok!("reduce($env, #acc, 7)", "int", "7", "7"),
    ok!("reduce($env, #index, 7)", "int", "4", "4"),
    ok!("findLastIndex($env, true)", "int", "4", "4"),
    ok!("one($env, true)", "bool", "false", "false"),
    ok!("none($env, false)", "bool", "true", "true"),
    ok!("find($env, false)", "nil", "null", "<nil>"),
    ok!("findLast(array, none($env, true))", "nil", "null", "<nil>"),
    err!("find($env, true)", "run"),
    err!("filter($env, true)", "run"),
    err!("all($env, # > 0)", "run"),
    err!("reduce($env, 1)", "run"),
    err!("reduce($env, #, nil)", "run"),
    err!("sortBy($env, 1)", "run"),
    err!("groupBy($env, 1)", "run"),
    err!("count($env)", "run"),
    err!("sum($env)", "run"),
    err!("findLast($env, true)", "run"),
    err!("map($env, #.a)", "run"),
    // expr's optimizer fuses `filter | filter` into one `&&` predicate, `filter | map`
    // (no `#index`) into one loop and `len(filter)` into `count`: over a map only a `#`
    // that runs fails.
    ok!("$env | filter(#) | filter(false)", "array", "[]", "[]"),
    ok!(
        "$env | filter(true) | map(1.0)",
        "array",
        "[1.0,1.0,1.0,1.0,1.0]",
        "[1 1 1 1 1]"
    ),
    ok!(
        "filter($env, ok) | map(foo)",
        "array",
        "[null,null,null,null,null]",
        "[<nil> <nil> <nil> <nil> <nil>]"
    ),
    ok!("len(filter($env, true))", "int", "5", "5"),
    ok!("filter($env, true) | len()", "int", "5", "5"),
    ok!("filter(filter($env, true), false)", "array", "[]", "[]"),
    ok!(
        "filter($env, true) | map(1) | filter(false)",
        "array",
        "[]",
        "[]"
    ),
    err!("filter($env, true) | map(#)", "run"),
    err!("filter($env, true) | map(#index)", "run"),
    err!("$env | filter(#) | filter(true)", "run"),
    ok!(
        "array | filter(# > 1) | filter(# < 4)",
        "array",
        "[2,3]",
        "[2 3]"
    ),
    ok!(
        "array | filter(# > 1) | map(# * 10)",
        "array",
        "[20,30,40,50]",
        "[20 30 40 50]"
    ),
    ok!(
        "array | filter(# > 1) | map(#index)",
        "array",
        "[0,1,2,3]",
        "[0 1 2 3]"
    ),
    ok!("len(array | filter(# > 2))", "int", "3", "3"),
    // `first(filter(x, p))` is `find(x, p)`, `last(filter(x, p))` `findLast(x, p)`:
    // the loop stops at the element returned.
    ok!(r#"first(filter([1, "a"], # > 0))"#, "int", "1", "1"),
    ok!(r#"last(filter(["a", 1], # > 0))"#, "int", "1", "1"),
    ok!("first(filter(array, # > 9))", "nil", "null", "<nil>"),
    ok!("last(filter(array, # < 3))", "int", "2", "2"),
    ok!("first(filter($env, false))", "nil", "null", "<nil>"),
    // `count(x, p) > 0` is `any(x, p)`; a comparison of `count` with an integer stops
    // the loop once the answer is known.
    ok!(r#"count([1, "a"], # > 0) > 0"#, "bool", "true", "true"),
    ok!(r#"count([1, "a"], # > 0) >= 1"#, "bool", "true", "true"),
    ok!(r#"count([1, 2, "a"], # > 0) >= 2"#, "bool", "true", "true"),
    ok!(r#"count([1, 2, "a"], # > 0) > 1"#, "bool", "true", "true"),
    ok!(r#"count([1, 2, "a"], # > 0) < 2"#, "bool", "false", "false"),
    ok!(
        r#"count([1, 2, "a"], # > 0) <= 1"#,
        "bool",
        "false",
        "false"
    ),
    err!(r#"count([1, 2, "a"], # > 0) == 2"#, "run"),
    ok!("count(array, # > 1) > 2", "bool", "true", "true"),
    ok!("count(array, # > 1) < 3", "bool", "false", "false"),
    ok!("count(array, # > 1) <= 4", "bool", "true", "true"),
    ok!("count(array, # > 1) >= 5", "bool", "false", "false"),
    ok!(
        r#"len(filter([1, "a"], # > 0)) > 0"#,
        "bool",
        "true",
        "true"
    ),
    // `all(x, p) && all(x, q)` is `all(x, p && q)` (`any` with `||`, `none` with `&&`
    // as `none(x, p || q)`) when both loops print the same collection.
    ok!(
        r#"all([1, "a"], # > 0) && all([1, "a"], # > 5)"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"all([1, "a"], # > 0) and all([1, "a"], # > 5)"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"any([1, "a"], # > 5) || any([1, "a"], # > 0)"#,
        "bool",
        "true",
        "true"
    ),
    ok!(
        r#"none([1, "a"], # > 5) && none([1, "a"], # > 0)"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        "all(array, # > 0) && all(array, # < 9)",
        "bool",
        "true",
        "true"
    ),
    ok!(
        "none(array, # > 9) && none(array, # < 0)",
        "bool",
        "true",
        "true"
    ),
    ok!(
        "any(array, # > 9) or any(array, # == 3)",
        "bool",
        "true",
        "true"
    ),
    err!(r#"all([1, "a"], # > 0) && all([1, "b"], # > 5)"#, "run"),
    // `filter(x, p)[0]` is `find`, `[-1]` `findLast`, failing when nothing is found.
    ok!(r#"filter([1, "a"], # > 0)[0]"#, "int", "1", "1"),
    ok!(r#"filter(["a", 1], # > 0)[-1]"#, "int", "1", "1"),
    err!("filter([1, 2], # > 5)[0]", "run"),
    err!("filter([1, 2], # > 5)[-1]", "run"),
    err!("filter($env, false)[0]", "run"),
    ok!("filter(array, # > 2)[0]", "int", "3", "3"),
    ok!("filter(array, # > 2)[-1]", "int", "5", "5"),
    ok!("filter([nil, 1], true)[0]", "nil", "null", "<nil>"),
    ok!("filter(array, # > 2)?.[0]", "int", "3", "3"),
    ok!("filter(array, # > 2)[1]", "int", "4", "4"),
];

/// Escapes expr decodes where a strict decoder would refuse: a surrogate half is U+FFFD.
const ESCAPES: &[Row] = &[
    ok!(r"'\uD800'", "string", r#""\ufffd""#, "\u{fffd}"),
    ok!(r"'\uDFFF' + 'a'", "string", r#""\ufffda""#, "\u{fffd}a"),
    ok!(r"'\U0010FFFF'", "string", r#""\udbff\udfff""#, "\u{10ffff}"),
    ok!("1_000_", "int", "1000", "1000"),
    ok!("0x_1", "int", "1", "1"),
];

/// P1: `.name(args)` in a predicate is a method call on the element, as `.name` is a
/// field of it.
const ELEMENT_METHODS: &[Row] = &[
    ok!(
        r#"map([date("2024-01-02")], .Year())"#,
        "array",
        "[2024]",
        "[2024]"
    ),
    ok!(
        r#"filter([duration("1h")], .Hours() > 0.5)"#,
        "array",
        "[3600000000000]",
        "[1h0m0s]"
    ),
    err!("map([1], .a())", "compile"),
    err!(r#"map([date("2024-01-02")], .Format("2006").x)"#, "compile"),
];

/// V7: indexing with nil finds a `groupBy`/`fromPairs` group whose key is nil; a
/// string-keyed map is indexed with `""`, Go's zero value.
const NIL_KEYS: &[Row] = &[
    ok!(
        r#"groupBy(1..3, # > 1 ? nil : "")[nil]"#,
        "array",
        "[2, 3]",
        "[2 3]"
    ),
    ok!(
        r#"groupBy(1..3, # > 1 ? nil : "x")[nil]"#,
        "array",
        "[2, 3]",
        "[2 3]"
    ),
    ok!(
        r#"groupBy(1..3, # > 1 ? nil : "")[""]"#,
        "array",
        "[1]",
        "[1]"
    ),
    ok!(
        "groupBy(array, foo)?.[foo]",
        "array",
        "[1, 2, 3, 4, 5]",
        "[1 2 3 4 5]"
    ),
    ok!("fromPairs([[nil, 1]])[nil]", "int", "1", "1"),
    ok!(r#"fromJSON("{\"\": 1}")[nil]"#, "float", "1.0", "1"),
    ok!(
        r#"nil in groupBy(1..3, # > 1 ? nil : "")"#,
        "bool",
        "true",
        "true"
    ),
];

/// Typed nil: Go's nil `[]any`, which a missing key of a `groupBy` result
/// (`map[any][]any`), `sort` of a value that is no array and `concat` of nothing
/// produce. `type()`, `%v`, `len` and iteration see an empty array; `== nil`,
/// `??`, `?.`, `in` and `toJSON`/JSON see nil; `== []` holds too, but inside a
/// map (Go's `reflect.DeepEqual`) it equals neither `nil` nor `[]`. A `?.`
/// chain turns it into a plain nil unless the chain is an operand of `??`.
/// Every expected value was checked against expr v1.17.8 built locally
/// (`/tmp/expr-ref/exprref`, this file's [`GEN`] env).
const TYPED_NIL: &[Row] = &[
    ok!("groupBy(array, #).Bar", "array", "null", "[]"),
    ok!("groupBy(array, #)['x']", "array", "null", "[]"),
    ok!("groupBy(array, #)[nil]", "array", "null", "[]"),
    ok!(
        "type(groupBy(array, #).Bar)",
        "string",
        r#""array""#,
        "array"
    ),
    ok!("string(groupBy(array, #).Bar)", "string", r#""[]""#, "[]"),
    ok!(
        "toJSON(groupBy(array, #).Bar)",
        "string",
        r#""null""#,
        "null"
    ),
    ok!("len(groupBy(array, #).Bar)", "int", "0", "0"),
    ok!("groupBy(array, #).Bar | map(#)", "array", "[]", "[]"),
    ok!("count(groupBy(array, #).Bar, true)", "int", "0", "0"),
    ok!("all(groupBy(array, #).Bar, false)", "bool", "true", "true"),
    ok!("find(groupBy(array, #).Bar, true)", "nil", "null", "<nil>"),
    ok!("sum(groupBy(array, #).Bar)", "int", "0", "0"),
    ok!("reduce(groupBy(array, #).Bar, #, 0)", "int", "0", "0"),
    ok!("mean(groupBy(array, #).Bar)", "float", "0.0", "0"),
    ok!("join(groupBy(array, #).Bar)", "string", r#""""#, ""),
    ok!("groupBy(array, #).Bar | groupBy(#)", "map", "{}", "map[]"),
    ok!("fromPairs(groupBy(array, #).Bar)", "map", "{}", "map[]"),
    ok!("first(groupBy(array, #).Bar)", "nil", "null", "<nil>"),
    err!("groupBy(array, #).Bar[0]", "run"),
    ok!("groupBy(array, #).Bar == nil", "bool", "true", "true"),
    ok!("nil != groupBy(array, #).Bar", "bool", "false", "false"),
    ok!("groupBy(array, #).Bar == []", "bool", "true", "true"),
    ok!("groupBy(array, #).Bar ?? 1", "int", "1", "1"),
    ok!(
        "groupBy(array, #).Bar ?? groupBy(array, #).Bar",
        "array",
        "null",
        "[]"
    ),
    ok!(
        "type(nil ?? groupBy(array, #).Bar)",
        "string",
        r#""array""#,
        "array"
    ),
    ok!(
        "type(true ? groupBy(array, #).Bar : 1)",
        "string",
        r#""array""#,
        "array"
    ),
    ok!("1 in groupBy(array, #).Bar", "bool", "false", "false"),
    ok!("groupBy(array, #).Bar in [nil]", "bool", "true", "true"),
    ok!("nil in [groupBy(array, #).Bar]", "bool", "true", "true"),
    ok!("[groupBy(array, #).Bar]", "array", "[null]", "[[]]"),
    ok!(
        "{a: groupBy(array, #).Bar}",
        "map",
        r#"{"a":null}"#,
        "map[a:[]]"
    ),
    ok!(
        "toJSON([groupBy(array, #).Bar])",
        "string",
        r#""[\n  null\n]""#,
        "[\n  null\n]"
    ),
    ok!(
        "{a: groupBy(array, #).Bar} == {a: nil}",
        "bool",
        "false",
        "false"
    ),
    ok!(
        "{a: groupBy(array, #).Bar} == {a: []}",
        "bool",
        "false",
        "false"
    ),
    ok!(
        "{a: groupBy(array, #).Bar} == {a: sort($env)}",
        "bool",
        "true",
        "true"
    ),
    ok!("[groupBy(array, #).Bar] == [nil]", "bool", "true", "true"),
    ok!("[groupBy(array, #).Bar] == [[]]", "bool", "true", "true"),
    ok!(
        "uniq([groupBy(array, #).Bar, nil])",
        "array",
        "[null]",
        "[[]]"
    ),
    ok!(
        "type(groupBy(array, #).Bar[0:])",
        "string",
        r#""array""#,
        "array"
    ),
    ok!(
        "type(groupBy(array, #).Bar | take(1))",
        "string",
        r#""array""#,
        "array"
    ),
    ok!(
        "type(concat(groupBy(array, #).Bar))",
        "string",
        r#""array""#,
        "array"
    ),
    ok!(
        "type(concat(groupBy(array, #).Bar, [1]))",
        "string",
        r#""array""#,
        "array"
    ),
    ok!(
        "type(reverse(groupBy(array, #).Bar))",
        "string",
        r#""array""#,
        "array"
    ),
    ok!(
        "reverse(groupBy(array, #).Bar) == nil",
        "bool",
        "false",
        "false"
    ),
    ok!(
        "sortBy(groupBy(array, #).Bar, #) == nil",
        "bool",
        "false",
        "false"
    ),
    ok!(
        "groupBy(array, #).Bar | filter(true) | toJSON()",
        "string",
        r#""[]""#,
        "[]"
    ),
    ok!(
        "let y = groupBy(array, #).Bar; type(y)",
        "string",
        r#""array""#,
        "array"
    ),
    ok!("groupBy(array, #)?.Bar", "nil", "null", "<nil>"),
    ok!("type(groupBy(array, #)?.Bar)", "string", r#""nil""#, "nil"),
    ok!(
        "type(groupBy(array, #).Bar?.[0])",
        "string",
        r#""nil""#,
        "nil"
    ),
    ok!("groupBy(array, #)?.Bar ?? 'd'", "string", r#""d""#, "d"),
    ok!(
        "type(nil ?? groupBy(array, #)?.Bar)",
        "string",
        r#""array""#,
        "array"
    ),
    ok!("get(groupBy(array, #), 'x')", "nil", "null", "<nil>"),
    err!("toJSON(groupBy(['a'], #))", "run"),
    ok!("sort($env)", "array", "null", "[]"),
    ok!("toJSON(sort($env))", "string", r#""null""#, "null"),
    ok!("sort($env) == nil", "bool", "true", "true"),
    ok!("sort($env) != $env?.String", "bool", "false", "false"),
    ok!("sort($env) ?? 'd'", "string", r#""d""#, "d"),
    ok!("sort($env) ?? type(nil)", "string", r#""nil""#, "nil"),
    ok!("[sort($env)]", "array", "[null]", "[[]]"),
    ok!("{foo: sort($env)}", "map", r#"{"foo":null}"#, "map[foo:[]]"),
    ok!("type(sort($env.i))", "string", r#""array""#, "array"),
    ok!("sort($env.str)", "array", "null", "[]"),
    ok!("sort(sort($env))", "array", "[]", "[]"),
    ok!("sort(sort($env)) == nil", "bool", "false", "false"),
    err!("sort($env, 'x')", "run"),
    ok!("sort($env) == sort($env.i)", "bool", "true", "true"),
    ok!("concat(1 .. 0)", "array", "null", "[]"),
    ok!("toJSON(concat(1 .. 0))", "string", r#""null""#, "null"),
    ok!("concat(array[:0])", "array", "null", "[]"),
    ok!("concat(array | take(0))", "array", "null", "[]"),
    ok!("concat(filter($env, false))", "array", "null", "[]"),
    ok!("concat([], [])", "array", "null", "[]"),
    ok!("concat([], [1])", "array", "[1]", "[1]"),
    ok!("concat(1 .. 0) == nil", "bool", "true", "true"),
    ok!("take(array, 0) == nil", "bool", "false", "false"),
    ok!("array[5:] == nil", "bool", "false", "false"),
    ok!("sort([]) == nil", "bool", "false", "false"),
];

/// V5: `%v` of a map with keys of several Go types (`groupBy`, `fromPairs`)
/// prints nil first, then bools, `float64`s, `int`s and strings, each by value
/// (Go's fmtsort orders keys by type first). Checked against expr v1.17.8
/// built locally.
const MAP_KEY_ORDER: &[Row] = &[
    ok!(
        "[1.0, 0] | groupBy(#)",
        "map",
        r#"{"0":[0],"1":[1.0]}"#,
        "map[1:[1] 0:[0]]"
    ),
    ok!(
        "string([0, 1.0] | groupBy(#))",
        "string",
        r#""map[1:[1] 0:[0]]""#,
        "map[1:[1] 0:[0]]"
    ),
    ok!(
        "[1, 1.5, 'a', true, nil, false, 2, 0.5, 'b'] | groupBy(#)",
        "map",
        r#"{"0.5":[0.5],"1":[1],"1.5":[1.5],"2":[2],"<nil>":[null],"a":["a"],"b":["b"],"false":[false],"true":[true]}"#,
        "map[<nil>:[<nil>] false:[false] true:[true] 0.5:[0.5] 1.5:[1.5] 1:[1] 2:[2] a:[a] b:[b]]"
    ),
    ok!(
        "['b', 2, 'a', 1] | groupBy(#)",
        "map",
        r#"{"1":[1],"2":[2],"a":["a"],"b":["b"]}"#,
        "map[1:[1] 2:[2] a:[a] b:[b]]"
    ),
    ok!(
        "string(fromPairs([[10, 1], [2.5, 2], [nil, 3], [-1, 4]]))",
        "string",
        r#""map[<nil>:3 2.5:2 -1:4 10:1]""#,
        "map[<nil>:3 2.5:2 -1:4 10:1]"
    ),
    ok!(
        "string(fromPairs([[1, 'x'], [0.5, 'y'], ['a', 'z'], [true, 'w']]))",
        "string",
        r#""map[true:w 0.5:y 1:x a:z]""#,
        "map[true:w 0.5:y 1:x a:z]"
    ),
];

/// V8: `toPairs` gives Go's `[][2]any`, and each pair is a `[2]any` (a Go
/// array, not a slice). expr's `==` compares only `[]any` element by element,
/// so a pair never equals a list literal (nor does the result equal a list of
/// lists), while pairs equal pairs by `reflect.DeepEqual` (`1` and `1.0`
/// differ). `sort` of either gives a typed nil; `take` of a pair fails.
/// Checked against expr v1.17.8 built locally.
const TO_PAIRS: &[Row] = &[
    ok!(
        r#"toPairs({a: 1})[0] == ["a", 1]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(r#"toPairs({a: 1}) == [["a", 1]]"#, "bool", "false", "false"),
    ok!(
        r#"["a", 1] == toPairs({a: 1})[0]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"toPairs({a: 1})[0] in [["a", 1]]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(r#"["a", 1] in toPairs({a: 1})"#, "bool", "false", "false"),
    ok!(
        "toPairs({a: 1})[0] in toPairs({a: 1})",
        "bool",
        "true",
        "true"
    ),
    ok!("type(toPairs({a: 1})[0])", "string", r#""array""#, "array"),
    ok!(
        "toPairs({a: 1})[0] == toPairs({a: 1})[0]",
        "bool",
        "true",
        "true"
    ),
    ok!("toPairs({a: 1}) == toPairs({a: 1})", "bool", "true", "true"),
    ok!(
        "toPairs({a: 1}) == toPairs({a: 1.0})",
        "bool",
        "false",
        "false"
    ),
    ok!(
        "toPairs({a: 1})[0] == toPairs({a: 1.0})[0]",
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"{x: toPairs({a: 1})[0]} == {x: ["a", 1]}"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        "{x: toPairs({a: 1})[0]} == {x: toPairs({a: 1})[0]}",
        "bool",
        "true",
        "true"
    ),
    ok!(
        r#"uniq(concat(toPairs({a: 1}), [["a", 1]]))"#,
        "array",
        r#"[["a",1],["a",1]]"#,
        "[[a 1] [a 1]]"
    ),
    ok!("len(toPairs({a: 1})[0])", "int", "2", "2"),
    ok!("toPairs({a: 1})[0][1:]", "array", "[1]", "[1]"),
    ok!("toPairs({a: 1})[0][1:] == [1]", "bool", "true", "true"),
    ok!(
        r#"toPairs({a: 1}) | map(# == ["a", 1])"#,
        "array",
        "[false]",
        "[false]"
    ),
    ok!("toPairs({a: 1})[0] == nil", "bool", "false", "false"),
    ok!(
        r#"[toPairs({a: 1})[0]] == [["a", 1]]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"toPairs({a: 1})[0][0:] == ["a", 1]"#,
        "bool",
        "true",
        "true"
    ),
    ok!(
        "fromPairs(toPairs({a: 1}))",
        "map",
        r#"{"a":1}"#,
        "map[a:1]"
    ),
    ok!(
        "reverse(toPairs({a: 1})[0])",
        "array",
        r#"[1,"a"]"#,
        "[1 a]"
    ),
    ok!(
        "toJSON(toPairs({a: 1}))",
        "string",
        r#""[\n  [\n    \"a\",\n    1\n  ]\n]""#,
        r#"[
  [
    "a",
    1
  ]
]"#
    ),
    ok!("sort(toPairs({a:1})[0])", "array", "null", "[]"),
    ok!("sort(toPairs({a:1}))", "array", "null", "[]"),
    ok!("sort(toPairs({a:1})) == nil", "bool", "true", "true"),
    ok!("concat(toPairs({a:1})[0])", "array", r#"["a",1]"#, "[a 1]"),
    ok!("flatten(toPairs({a:1}))", "array", r#"["a",1]"#, "[a 1]"),
    err!("take(toPairs({a:1})[0], 1)", "run"),
    ok!(
        r#"take(toPairs({a:1}), 1) == [["a", 1]]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        "take(toPairs({a:1}), 1) == toPairs({a: 1})",
        "bool",
        "true",
        "true"
    ),
    ok!(
        "toPairs({a:1})[0:] == toPairs({a: 1})",
        "bool",
        "true",
        "true"
    ),
    ok!("toPairs({}) == []", "bool", "false", "false"),
    ok!("toPairs({}) == nil", "bool", "false", "false"),
    ok!("toPairs({})", "array", "[]", "[]"),
    ok!(
        "string(toPairs({a: 1}))",
        "string",
        r#""[[a 1]]""#,
        "[[a 1]]"
    ),
    ok!("toPairs({a: 1}) | map(#[0])", "array", r#"["a"]"#, "[a]"),
    ok!(
        r#"toPairs({a: 1}) | filter(true) == [["a", 1]]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"reverse(toPairs({a: 1})) == [["a", 1]]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"first(toPairs({a: 1})) == ["a", 1]"#,
        "bool",
        "false",
        "false"
    ),
    ok!("last(toPairs({a: 1}))[1]", "int", "1", "1"),
    ok!(
        r#"toPairs({a: 1})[0] == ["a", 1.0]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        "toPairs({a: [1]})[0] == toPairs({a: [1.0]})[0]",
        "bool",
        "false",
        "false"
    ),
    ok!(
        r#"sortBy(toPairs({a: 1}), #[0]) == [["a", 1]]"#,
        "bool",
        "false",
        "false"
    ),
    ok!(
        "toPairs({a: 1}) | groupBy(#[0])",
        "map",
        r#"{"a":[["a",1]]}"#,
        "map[a:[[a 1]]]"
    ),
    err!("max(toPairs({a: 1})[0])", "run"),
];

/// V4: indexing a string (or bytes) whose type the checker does not know gives Go's
/// `uint8`: `type()` `uint`, `%v` and JSON its number, unary `-` wraps around 256, the
/// binary operators, `==`, `<`, `in`, `int()`, `float()`, `max`/`min`/`sum`, `..` and
/// indexes read it as an int (a duration times it is a duration), and it is a map key
/// distinct from the int (`groupBy(…)[115]` misses). Predicate builtins over a string
/// iterate its bytes. Every expected value is expr v1.17.8's answer (the locally built
/// `/tmp/expr-ref/exprref`, this file's [`GEN`] env), generated from it row by row;
/// where expr's checker already rejects a `time.Duration` operand (its `/`, `%`, `**`)
/// and ours fails at run time, the row accepts either phase. Rows whose Go answer
/// depends on map order (`keys`, `values`, `toPairs` of a `groupBy`) are left out.
const UINT8: &[Row] = &[
    ok!("str[0]", "uint", "115", "115"),
    ok!("type(str[0])", "string", r#""uint""#, "uint"),
    ok!("-str[0]", "uint", "141", "141"),
    ok!("+str[0]", "uint", "115", "115"),
    ok!("-(-str[0])", "uint", "115", "115"),
    ok!("str[0] + 1", "int", "116", "116"),
    ok!("str[0] + str[1]", "int", "231", "231"),
    ok!("str[0] - str[1]", "int", "-1", "-1"),
    ok!("str[0] * str[0]", "int", "13225", "13225"),
    ok!("str[0] / 2", "float", "57.5", "57.5"),
    ok!("str[0] % 7", "int", "3", "3"),
    ok!("str[0] ** 2", "float", "13225.0", "13225"),
    ok!("str[0] == 115", "bool", "true", "true"),
    ok!("str[0] == 115.0", "bool", "true", "true"),
    ok!("str[0] == str[0]", "bool", "true", "true"),
    ok!("str[0] < 116", "bool", "true", "true"),
    ok!("str[0] < 115.5", "bool", "true", "true"),
    ok!("str[0] in [115]", "bool", "true", "true"),
    ok!("str[0] in [115.0]", "bool", "true", "true"),
    ok!("string(str[0])", "string", r#""115""#, "115"),
    ok!("int(str[0])", "int", "115", "115"),
    ok!("float(str[0])", "float", "115.0", "115"),
    ok!("toJSON(str[0])", "string", r#""115""#, "115"),
    ok!(
        "toJSON([str[0]])",
        "string",
        r#""[\n  115\n]""#,
        "[\n  115\n]"
    ),
    ok!(
        "sort([str[0], str[1], 1])",
        "array",
        "[1,115,116]",
        "[1 115 116]"
    ),
    ok!("max(str[0], 1)", "uint", "115", "115"),
    ok!("type(max(str[0], 1))", "string", r#""uint""#, "uint"),
    ok!("min([str[0], str[1]])", "uint", "115", "115"),
    ok!("type(min([str[0], str[1]]))", "string", r#""uint""#, "uint"),
    ok!("sum([str[0], str[1]])", "int", "231", "231"),
    ok!("type(sum([str[0], str[1]]))", "string", r#""int""#, "int"),
    ok!("sum([str[0]])", "int", "115", "115"),
    ok!("type(sum([str[0]]))", "string", r#""int""#, "int"),
    ok!(
        "groupBy(array, str[0])",
        "map",
        r#"{"115":[1,2,3,4,5]}"#,
        "map[115:[1 2 3 4 5]]"
    ),
    ok!("groupBy(array, str[0])[115]", "array", "null", "[]"),
    ok!("str[0]..117", "array", "[115,116,117]", "[115 116 117]"),
    ok!("array[str[0] - 114]", "int", "2", "2"),
    err!("array[str[0]]", "run"),
    err!("str[0] ? 1 : 2", "run"),
    err!("not str[0]", "run"),
    ok!("abs(str[0])", "uint", "115", "115"),
    ok!("type(abs(str[0]))", "string", r#""uint""#, "uint"),
    ok!("ceil(str[0])", "float", "115.0", "115"),
    ok!("str | find(true)", "uint", "115", "115"),
    ok!("type(str | find(true))", "string", r#""uint""#, "uint"),
    ok!("str | map(#)", "array", "[115,116,114]", "[115 116 114]"),
    ok!(
        "str | map(type(#))",
        "array",
        r#"["uint","uint","uint"]"#,
        "[uint uint uint]"
    ),
    ok!("str | sum(#)", "int", "345", "345"),
    ok!("str | filter(# > 115)", "array", "[116]", "[116]"),
    ok!("str | count(# > 1)", "int", "3", "3"),
    ok!("str | reduce(# + #acc)", "int", "345", "345"),
    ok!("str | reduce(#acc + #, 0)", "int", "345", "345"),
    ok!("str | sortBy(#)", "array", "[114,115,116]", "[114 115 116]"),
    ok!(
        "str | groupBy(#)",
        "map",
        r#"{"114":[114],"115":[115],"116":[116]}"#,
        "map[114:[114] 115:[115] 116:[116]]"
    ),
    err!("str | uniq()", "run"),
    ok!("uniq([str[0], 115])", "array", "[115]", "[115]"),
    ok!("str[0] == nil", "bool", "false", "false"),
    ok!(r#"str[0] == "s""#, "bool", "false", "false"),
    err!(r#""a" + str[0]"#, "run"),
    err!(r#"str[0] + "a""#, "run"),
    ok!("str[0] && true", "uint", "115", "115"),
    ok!("bitand(str[0], 3)", "int", "3", "3"),
    ok!("bitnot(str[0])", "int", "-116", "-116"),
    ok!(r#"repeat("a", str[0] - 113)"#, "string", r#""aa""#, "aa"),
    ok!(r#"{"a": str[0]}"#, "map", r#"{"a":115}"#, "map[a:115]"),
    ok!("[str[0]]", "array", "[115]", "[115]"),
    ok!("string([str[0]])", "string", r#""[115]""#, "[115]"),
    ok!("str[0] ?? 1", "uint", "115", "115"),
    err!("len(str[0])", "run"),
    ok!("str[str[0]-114]", "uint", "116", "116"),
    ok!("$env?.[str]?.[f64]", "uint", "115", "115"),
    ok!("-$env?.[str]?.[f64]", "uint", "141", "141"),
    ok!("type($env?.[str]?.[f64])", "string", r#""uint""#, "uint"),
    ok!("-str[0] - 1", "int", "140", "140"),
    ok!("-str[1]", "uint", "140", "140"),
    ok!("str[0] != 115", "bool", "false", "false"),
    ok!("str[0] >= 115", "bool", "true", "true"),
    ok!("str[0] <= 114.9", "bool", "false", "false"),
    ok!("mean([str[0]])", "float", "115.0", "115"),
    ok!("median([str[0]])", "float", "115.0", "115"),
    ok!("first(str)", "uint", "115", "115"),
    ok!("last(str)", "uint", "114", "114"),
    ok!("type(first(str))", "string", r#""uint""#, "uint"),
    ok!("get(str, 0)", "uint", "115", "115"),
    ok!("type(get(str, 0))", "string", r#""uint""#, "uint"),
    ok!("str[0:1]", "string", r#""s""#, "s"),
    err!("reverse(str)", "run"),
    err!("take(str, 2)", "run"),
    err!("concat(str)", "run"),
    ok!("flatten([str])", "array", r#"["str"]"#, "[str]"),
    ok!("str | all(# > 100)", "bool", "true", "true"),
    ok!("str | any(# == 116)", "bool", "true", "true"),
    ok!("str | findIndex(# == 116)", "int", "1", "1"),
    ok!("str | findLast(true)", "uint", "114", "114"),
    ok!("str | findLastIndex(true)", "int", "2", "2"),
    ok!("str | one(# == 116)", "bool", "true", "true"),
    ok!("str | none(# == 116)", "bool", "false", "false"),
    ok!("str | sum()", "int", "345", "345"),
    ok!("str | max()", "string", r#""str""#, "str"),
    ok!("max(str)", "string", r#""str""#, "str"),
    ok!(
        "toPairs(groupBy(str, #))",
        "array",
        "[[115,[115]],[116,[116]],[114,[114]]]",
        "[[115 [115]] [116 [116]] [114 [114]]]"
    ),
    err!("date(str[0])", "run"),
    err!("duration(str[0])", "run"),
    err!("now().Add(str[0])", "run"),
    ok!("[1,2,3][str[0] - 115]", "int", "1", "1"),
    ok!("str[0] | string()", "string", r#""115""#, "115"),
    ok!("str[0] not in [115]", "bool", "false", "false"),
    err!("$env[str[0]]", "run"),
    ok!(r#"b"abc"[0]"#, "uint", "97", "97"),
    ok!(r#"type(b"abc"[0])"#, "string", r#""uint""#, "uint"),
    ok!(r#"-b"abc"[0]"#, "uint", "159", "159"),
    ok!(r#"b"abc" | map(#)"#, "array", "[97,98,99]", "[97 98 99]"),
    ok!(r#"b"abc" | find(true)"#, "uint", "97", "97"),
    ok!(
        r#"type(b"abc" | find(true))"#,
        "string",
        r#""uint""#,
        "uint"
    ),
    ok!("fromJSON(toJSON(str[0]))", "float", "115.0", "115"),
    ok!(
        "str | sortBy(-#)",
        "array",
        "[116,115,114]",
        "[116 115 114]"
    ),
    ok!("str | map(-#)", "array", "[141,140,142]", "[141 140 142]"),
    ok!("sum(str | map(-#))", "int", "423", "423"),
    ok!("max(str | map(#))", "uint", "116", "116"),
    ok!("type(max(str | map(#)))", "string", r#""uint""#, "uint"),
    ok!("reduce(str, #acc + #)", "int", "345", "345"),
    ok!("type(reduce(str, #acc + #))", "string", r#""int""#, "int"),
    ok!("reduce(str, #acc)", "uint", "115", "115"),
    ok!(
        "uniq(str | map(#))",
        "array",
        "[115,116,114]",
        "[115 116 114]"
    ),
    ok!(
        "concat(str | map(#), [115])",
        "array",
        "[115,116,114,115]",
        "[115 116 114 115]"
    ),
    ok!(
        "str | map(# ** 2)",
        "array",
        "[13225.0,13456.0,12996.0]",
        "[13225 13456 12996]"
    ),
    ok!("str[0] .. str[2]", "array", "[]", "[]"),
    ok!("str | findIndex(# == 114.0)", "int", "2", "2"),
    ok!(
        "string(str | map(#))",
        "string",
        r#""[115 116 114]""#,
        "[115 116 114]"
    ),
    ok!(
        "toJSON(str | map(#))",
        "string",
        r#""[\n  115,\n  116,\n  114\n]""#,
        "[\n  115,\n  116,\n  114\n]"
    ),
    err!("toJSON(str | groupBy(#))", "run"),
    ok!(
        "fromPairs([[str[0], 1]])",
        "map",
        r#"{"115":1}"#,
        "map[115:1]"
    ),
    ok!("fromPairs([[str[0], 1]])[115]", "nil", "null", "<nil>"),
    ok!("fromPairs([[str[0], 1]])[str[0]]", "int", "1", "1"),
    ok!(
        "type(keys(fromPairs([[str[0], 1]]))[0])",
        "string",
        r#""uint""#,
        "uint"
    ),
    ok!(r#"{"a": str[0]} == {"a": 115}"#, "bool", "false", "false"),
    ok!("[str[0]] == [115]", "bool", "true", "true"),
    ok!("[str[0]] == [115.0]", "bool", "true", "true"),
    ok!("str[0] in groupBy(str, #)", "bool", "true", "true"),
    ok!("115 in groupBy(str, #)", "bool", "false", "false"),
    ok!("groupBy(str, #)[str[0]]", "array", "[115]", "[115]"),
    ok!("groupBy(str, #)?.[115]", "nil", "null", "<nil>"),
    ok!("mean(str | map(#))", "float", "115.0", "115"),
    ok!("median(str | map(#))", "float", "115.0", "115"),
    ok!("abs(-str[0])", "uint", "141", "141"),
    ok!("-str[0] < 0", "bool", "false", "false"),
    ok!("bitshl(str[0], 1)", "int", "230", "230"),
    ok!("let x = str[0]; -x", "uint", "141", "141"),
    ok!(r#"str[0] * duration("1s")"#, "time.Duration", "*", "1m55s"),
    ok!(r#"duration("1s") * str[0]"#, "time.Duration", "*", "1m55s"),
    err!("now() + str[0]", "run"),
    err!(r#"str[0] > "a""#, "run"),
    err!("str[0] < nil", "compile"),
    ok!("str[0] == true", "bool", "false", "false"),
    ok!("str[0] in [str[0]]", "bool", "true", "true"),
    err!("str[0] in str", "run"),
    err!("str contains str[0]", "run"),
    err!("upper(str[0])", "run"),
    err!(r#"str[0] matches "a""#, "run"),
    ok!("1 + -str[0]", "int", "142", "142"),
    ok!("-str[0] / 2", "float", "70.5", "70.5"),
    ok!("--str[0]", "uint", "115", "115"),
    err!("str[0] ?: 5", "run"),
    ok!("str[0] | type()", "string", r#""uint""#, "uint"),
    ok!(
        "[str[0], 1.5, 2] | sort()",
        "array",
        "[1.5,2,115]",
        "[1.5 2 115]"
    ),
    ok!(
        r#"sort(str | map(#), "desc")"#,
        "array",
        "[116,115,114]",
        "[116 115 114]"
    ),
    ok!(
        "sortBy([str[0], 2, 300], #)",
        "array",
        "[2,115,300]",
        "[2 115 300]"
    ),
    ok!(
        "groupBy([str[0], 115], #)",
        "map",
        r#"{"115":[115]}"#,
        "map[115:[115] 115:[115]]"
    ),
    ok!(
        r#"groupBy([str[0], 115, 1.5, "a", true, nil], #)"#,
        "map",
        r#"{"1.5":[1.5],"115":[115],"<nil>":[null],"a":["a"],"true":[true]}"#,
        "map[<nil>:[<nil>] true:[true] 1.5:[1.5] 115:[115] a:[a] 115:[115]]"
    ),
    ok!(
        r#"string(groupBy([str[0], 115, 1.5, "a", true, nil], #))"#,
        "string",
        r#""map[<nil>:[<nil>] true:[true] 1.5:[1.5] 115:[115] a:[a] 115:[115]]""#,
        "map[<nil>:[<nil>] true:[true] 1.5:[1.5] 115:[115] a:[a] 115:[115]]"
    ),
    err!("count(groupBy([str[0], 115], #))", "compile"),
    ok!("len(groupBy([str[0], 115], #))", "int", "2", "2"),
    ok!(r#"first(b"ab")"#, "uint", "97", "97"),
    ok!(
        "str | filter(# == 115) | map(# + 1)",
        "array",
        "[116]",
        "[116]"
    ),
    ok!("str | one(# == 115.0)", "bool", "true", "true"),
    ok!("array[-str[0] - 139]", "int", "3", "3"),
    ok!(
        "array[str[0] - 115:str[1] - 114]",
        "array",
        "[1,2]",
        "[1 2]"
    ),
    ok!("str[str[0] - 115:]", "string", r#""str""#, "str"),
    ok!(
        r#"repeat("ab", str[0] - 113)"#,
        "string",
        r#""abab""#,
        "abab"
    ),
    ok!("take(array, str[0] - 113)", "array", "[1,2]", "[1 2]"),
    ok!("str | any(# > 115) ? 1 : 2", "int", "1", "1"),
    ok!("str[0] % str[1]", "int", "115", "115"),
    err!("str[0] % 0", "run"),
    ok!("str[0] / 0", "float", "*", "+Inf"),
    ok!(
        "str[0] ** -1",
        "float",
        "0.008695652173913044",
        "0.008695652173913044"
    ),
    ok!("-str[0] ** 2", "float", "-13225.0", "-13225"),
    ok!("max(str[0], 200)", "int", "200", "200"),
    ok!("min(str[0], 200.5)", "uint", "115", "115"),
    ok!("sum([str[0], 0.5])", "float", "115.5", "115.5"),
    ok!("str | sum(# * 1.5)", "float", "517.5", "517.5"),
    ok!("str | count(true)", "int", "3", "3"),
    err!("date(2024, str[0] - 114, 1)", "run"),
    ok!("i + str[0]", "int", "116", "116"),
    ok!("f64 + str[0]", "float", "115.5", "115.5"),
    ok!("f64 < str[0]", "bool", "true", "true"),
    ok!(
        "array | map(# + str[0])",
        "array",
        "[116,117,118,119,120]",
        "[116 117 118 119 120]"
    ),
    ok!("str[0] != 115.5", "bool", "true", "true"),
    ok!("[str[0]] | map(type(#))", "array", r#"["uint"]"#, "[uint]"),
    ok!("$env?.[str]?.[i]", "uint", "116", "116"),
    ok!("$env?.[str]?.[i] + $env?.[str]?.[i]", "int", "232", "232"),
    ok!("-$env?.[str]?.[i] * 2", "int", "280", "280"),
    err!(r#"str[0] + duration("1s")"#, "run"),
    err!(r#"duration("1s") + str[0]"#, "run"),
    err!(r#"duration("1s") - str[0]"#, "run"),
    err!(r#"str[0] - duration("1s")"#, "run"),
    err!(r#"duration("1s") / str[0]"#, "any"),
    err!(r#"str[0] / duration("1s")"#, "any"),
    err!(r#"duration("1s") % str[0]"#, "any"),
    ok!(r#"str[0] == duration("115ns")"#, "bool", "false", "false"),
    err!(r#"str[0] < duration("1s")"#, "run"),
    err!(r#"duration("1s") > str[0]"#, "run"),
    err!(r#"duration("1s") ** str[0]"#, "any"),
];

/// `get` with an index expr's `runtime.ToInt` refuses (nil, a string, a bool, a
/// list, a duration) fails on an array or string (`invalid operation: int(string)`),
/// as does a non-string key of a record object (Go's `MapIndex`) and a list as a
/// `groupBy` key; an index out of range or a missing key is nil. Every expected value
/// is expr v1.17.8's answer (locally built, [`GEN`] env).
const GET_INDEX: &[Row] = &[
    err!("get(array, nil)", "run"),
    err!("get(array, '1')", "run"),
    ok!("get(array, 1.5)", "int", "2", "2"),
    ok!("get(array, 1.0)", "int", "2", "2"),
    err!("get(array, true)", "run"),
    err!("get(array, [1])", "run"),
    err!("get(array, {})", "run"),
    ok!("get(array, str[0])", "nil", "null", "<nil>"),
    ok!("get(array, 10)", "nil", "null", "<nil>"),
    ok!("get(array, -1)", "int", "5", "5"),
    ok!("get(array, -10)", "nil", "null", "<nil>"),
    err!("get(str, nil)", "run"),
    err!("get(str, '1')", "run"),
    ok!("get(str, 1.5)", "uint", "116", "116"),
    ok!("get(str, 1)", "uint", "116", "116"),
    ok!("get(str, 10)", "nil", "null", "<nil>"),
    ok!("get(str, -1)", "uint", "114", "114"),
    err!("get($env, 1)", "run"),
    ok!("get($env, nil)", "nil", "null", "<nil>"),
    err!("get($env, 1.5)", "run"),
    err!("get($env, true)", "run"),
    err!("get($env, [1])", "run"),
    err!("get($env, str[0])", "run"),
    err!("get({1: 2}, 1)", "compile"),
    err!("get(nil, 1)", "compile"),
    err!("get(nil, nil)", "compile"),
    err!("get(1, 1)", "compile"),
    err!("get(true, 'a')", "compile"),
    ok!("get(array, i)", "int", "2", "2"),
    ok!("get(array, f64)", "int", "1", "1"),
    err!("get(array, duration('1s'))", "run"),
    err!("get(array, now())", "run"),
    ok!(r#"get(b"abc", 1)"#, "uint", "98", "98"),
    err!(r#"get(b"abc", '1')"#, "compile"),
    err!(r#"get(b"abc", nil)"#, "compile"),
    ok!("get(groupBy(array, #), 1)", "array", "[1]", "[1]"),
    ok!("get(groupBy(array, #), '1')", "nil", "null", "<nil>"),
    ok!("get(groupBy(array, #), nil)", "nil", "null", "<nil>"),
    err!("get(groupBy(array, #), [1])", "run"),
    err!("get(array, $env)", "run"),
    err!(r#"get(array, "x")"#, "run"),
    err!(r#"get(str, "x")"#, "run"),
    err!("get(str, true)", "run"),
    err!("get(array, 1..2)", "run"),
];

#[test]
fn uint8_bytes() {
    check(UINT8);
}

#[test]
fn get_index() {
    check(GET_INDEX);
}

#[test]
fn nil_keys() {
    check(NIL_KEYS);
}

#[test]
fn element_methods() {
    check(ELEMENT_METHODS);
}

#[test]
fn escapes() {
    check(ESCAPES);
}

#[test]
fn unchecked_calls() {
    check(UNCHECKED_CALLS);
}

/// The run-time errors of those calls: expr calls the name's value after its
/// arguments and fails at the call with Go's text. Expected texts and positions
/// from expr v1.17.8.
#[test]
fn unchecked_call_errors() {
    let rows: &[(&str, &str)] = &[
        (
            "$env?.[ok()]",
            "invalid operation: cannot call non-function of type bool (1:8) @run",
        ),
        (
            "$env[f64()]",
            "invalid operation: cannot call non-function of type float64 (1:6) @run",
        ),
        (
            "$env[:f64()]",
            "invalid operation: cannot call non-function of type float64 (1:7) @run",
        ),
        (
            "$env[1:f64()]",
            "invalid operation: cannot call non-function of type float64 (1:8) @run",
        ),
        (
            "$env?.[str()]",
            "invalid operation: cannot call non-function of type string (1:8) @run",
        ),
        (
            "$env?.[array(1)]",
            "invalid operation: cannot call non-function of type []interface {} (1:8) @run",
        ),
        (
            "$env?.[greet()]",
            "invalid operation: cannot call nil (1:8) @run",
        ),
        (
            "$env?.foo(bar())",
            "invalid operation: cannot call nil (1:11) @run",
        ),
        (
            "$env.str(bar())",
            "invalid operation: cannot call nil (1:10) @run",
        ),
        (
            "$env?.[1 | ok()]",
            "invalid operation: cannot call non-function of type bool (1:12) @run",
        ),
        (
            "let f = 1; $env?.[f()]",
            "invalid operation: cannot call non-function of type int (1:19) @run",
        ),
        (
            "$env?.[foo(1, bar.baz)]",
            "cannot fetch baz from <nil> (1:19) @run",
        ),
        (
            "$env?.[toPairs()]",
            "invalid number of arguments (expected 1, got 0) (1:8) @run",
        ),
        (
            "$env?.[trim(1, 2, 3, 4)]",
            "invalid number of arguments for trim (expected 1 or 2, got 4) (1:8) @run",
        ),
    ];
    let env: serde_json::Value = serde_json::from_str(GEN).unwrap();
    let compiler = scimexpr::Compiler::new();
    let mut bad = Vec::new();
    for (src, want) in rows {
        let got = match compiler
            .compile(src)
            .and_then(|p| p.run(&env).map(|v| v.to_string()))
        {
            Ok(v) => v,
            Err(e) => format!("{} @{}", e.headline(), e.phase.as_str()),
        };
        if got != *want {
            bad.push(format!("{src}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

#[test]
fn optional_slice() {
    check(OPTIONAL_SLICE);
}

#[test]
fn map_loops() {
    check(MAP_LOOPS);
}

/// `matches` takes Go's regexp syntax: what Go refuses fails with Go's one-line
/// message (`@compile` for a literal pattern, `@run` for a computed one), and what Go
/// reads literally or in ASCII (`x{`, `[[]`, `\Q…\E`, `\d`, `\w`, `\b`) reads so
/// here. Expected values from expr v1.17.8.
#[test]
fn go_regexp_syntax() {
    let rows: &[(&str, &str)] = &[
        (
            "\"s\" matches \"[\"",
            "error parsing regexp: missing closing ]: `[` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"[\")",
            "error parsing regexp: missing closing ]: `[` @run",
        ),
        (
            "\"s\" matches \"[a\"",
            "error parsing regexp: missing closing ]: `[a` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"[a\")",
            "error parsing regexp: missing closing ]: `[a` @run",
        ),
        (
            "\"s\" matches \"x**\"",
            "error parsing regexp: invalid nested repetition operator: `**` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"x**\")",
            "error parsing regexp: invalid nested repetition operator: `**` @run",
        ),
        (
            "\"s\" matches \"x*?*\"",
            "error parsing regexp: invalid nested repetition operator: `*?*` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"x*?*\")",
            "error parsing regexp: invalid nested repetition operator: `*?*` @run",
        ),
        (
            "\"s\" matches \"x{2}{3}\"",
            "error parsing regexp: invalid nested repetition operator: `{2}{3}` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"x{2}{3}\")",
            "error parsing regexp: invalid nested repetition operator: `{2}{3}` @run",
        ),
        (
            "\"s\" matches \"x{1001}\"",
            "error parsing regexp: invalid repeat count: `{1001}` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"x{1001}\")",
            "error parsing regexp: invalid repeat count: `{1001}` @run",
        ),
        (
            "\"s\" matches \"(a{500}){3}\"",
            "error parsing regexp: invalid repeat count: `{3}` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"(a{500}){3}\")",
            "error parsing regexp: invalid repeat count: `{3}` @run",
        ),
        (
            "\"s\" matches \"x{2,1}\"",
            "error parsing regexp: invalid repeat count: `{2,1}` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"x{2,1}\")",
            "error parsing regexp: invalid repeat count: `{2,1}` @run",
        ),
        (
            "\"s\" matches \"(x\"",
            "error parsing regexp: missing closing ): `(x` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"(x\")",
            "error parsing regexp: missing closing ): `(x` @run",
        ),
        (
            "\"s\" matches \"x)\"",
            "error parsing regexp: unexpected ): `x)` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"x)\")",
            "error parsing regexp: unexpected ): `x)` @run",
        ),
        (
            "\"s\" matches \"a|*\"",
            "error parsing regexp: missing argument to repetition operator: `*` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"a|*\")",
            "error parsing regexp: missing argument to repetition operator: `*` @run",
        ),
        (
            "\"s\" matches \"a\\\\\"",
            "error parsing regexp: trailing backslash at end of expression: `` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"a\\\\\")",
            "error parsing regexp: trailing backslash at end of expression: `` @run",
        ),
        (
            "\"s\" matches \"\\\\Z\"",
            "error parsing regexp: invalid escape sequence: `\\Z` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"\\\\Z\")",
            "error parsing regexp: invalid escape sequence: `\\Z` @run",
        ),
        (
            "\"s\" matches \"\\\\8\"",
            "error parsing regexp: invalid escape sequence: `\\8` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"\\\\8\")",
            "error parsing regexp: invalid escape sequence: `\\8` @run",
        ),
        (
            "\"s\" matches \"(?=x)\"",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"(?=x)\")",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=` @run",
        ),
        (
            "\"s\" matches \"(?<n>x)\"",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?<` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"(?<n>x)\")",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?<` @run",
        ),
        (
            "\"s\" matches \"(?P<>x)\"",
            "error parsing regexp: invalid named capture: `(?P<>` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"(?P<>x)\")",
            "error parsing regexp: invalid named capture: `(?P<>` @run",
        ),
        (
            "\"s\" matches \"[z-a]\"",
            "error parsing regexp: invalid character class range: `z-a` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"[z-a]\")",
            "error parsing regexp: invalid character class range: `z-a` @run",
        ),
        (
            "\"s\" matches \"[[:foo:]]\"",
            "error parsing regexp: invalid character class range: `[:foo:]` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"[[:foo:]]\")",
            "error parsing regexp: invalid character class range: `[:foo:]` @run",
        ),
        (
            "\"s\" matches \"\\\\Pl\"",
            "error parsing regexp: invalid character class range: `\\Pl` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"\\\\Pl\")",
            "error parsing regexp: invalid character class range: `\\Pl` @run",
        ),
        (
            "\"s\" matches \"(?z)x\"",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?z` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"(?z)x\")",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?z` @run",
        ),
        (
            "\"s\" matches \"\\\\x{110000}\"",
            "error parsing regexp: invalid escape sequence: `\\x{110000` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"\\\\x{110000}\")",
            "error parsing regexp: invalid escape sequence: `\\x{110000` @run",
        ),
        (
            "\"s\" matches \"\\\\C\"",
            "error parsing regexp: invalid escape sequence: `\\C` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"\\\\C\")",
            "error parsing regexp: invalid escape sequence: `\\C` @run",
        ),
        (
            "\"s\" matches \"\\\\p\"",
            "error parsing regexp: invalid character class range: `\\p` @compile",
        ),
        (
            "\"s\" matches (str[:0] + \"\\\\p\")",
            "error parsing regexp: invalid character class range: `\\p` @run",
        ),
        ("\"x{\" matches \"x{\"", "true"),
        ("\"[\" matches \"[[]\"", "true"),
        ("\"*\" matches \"\\\\Q*\\\\E\"", "true"),
        ("\"x{,3}\" matches \"x{,3}\"", "true"),
        ("\"ab\" matches \"(?P<n>a)(?P<n>b)\"", "true"),
        ("\"-\" matches \"[\\\\d-z]\"", "true"),
        ("\"\\u0663\" matches \"\\\\d\"", "false"),
        ("\"\\u00e9\" matches \"\\\\w\"", "false"),
        ("\"\\u00e9\" matches \"\\\\b\\u00e9\"", "false"),
        ("\"<\" matches \"\\\\<\"", "true"),
        ("\"&\" matches \"[a&&b]\"", "true"),
        ("\"x{01}\" matches \"x{01}\"", "true"),
        ("\"\\u03b1\\u03b2\" matches \"\\\\pL+\"", "true"),
        ("\"\\u00c9\" matches \"(?i)\\u00e9\"", "true"),
        ("\"A\" matches \"\\\\101\"", "true"),
        ("\"\\n\" matches \"\\\\12\"", "true"),
        ("\"]\" matches \"[]a]\"", "true"),
        ("\"aa{\" matches \"a{2}{\"", "true"),
    ];
    let env: serde_json::Value = serde_json::from_str(GEN).unwrap();
    let compiler = scimexpr::Compiler::new();
    let mut bad = Vec::new();
    for (src, want) in rows {
        let got = match compiler
            .compile(src)
            .and_then(|p| p.run(&env).map(|v| v.to_string()))
        {
            Ok(v) => v,
            Err(e) => {
                let h = e.headline();
                let msg = h.rsplit_once(" (").map_or(h.as_str(), |(m, _)| m);
                format!("{msg} @{}", e.phase.as_str())
            }
        };
        if got != *want {
            bad.push(format!("{src}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

#[test]
fn map_key_order() {
    check(MAP_KEY_ORDER);
}

#[test]
fn to_pairs() {
    check(TO_PAIRS);
}

#[test]
fn typed_nil() {
    check(TYPED_NIL);
}

#[test]
fn pow() {
    check(POW);
}
