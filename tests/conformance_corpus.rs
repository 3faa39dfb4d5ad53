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
