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

/// R1: a predicate builtin over a map loops `len(map)` times (Go's reflect `Len`)
/// and fails only when it fetches an element (reflect `Index`): at `#`, or at the
/// call for what the builtin itself keeps (`filter`, `find`, `groupBy`, `sortBy`,
/// `reduce`'s first element).
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

#[test]
fn element_methods() {
    check(ELEMENT_METHODS);
}

#[test]
fn escapes() {
    check(ESCAPES);
}

#[test]
fn map_loops() {
    check(MAP_LOOPS);
}

#[test]
fn pow() {
    check(POW);
}
