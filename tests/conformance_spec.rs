//! The language of docs/language.md, part by part, as a table: expression →
//! expr v1.17.8's value, `type()` name and `%v` text (or an error). See
//! conformance_more.rs for the wider matrix.
mod conformance_common;
use conformance_common::{check, Row, W};

macro_rules! ok {
    ($s:expr, $t:expr, $j:expr, $st:expr) => {
        ($s, "", W::Ok($t, $j, $st))
    };
}
macro_rules! oke {
    ($s:expr, $env:expr, $t:expr, $j:expr, $st:expr) => {
        ($s, $env, W::Ok($t, $j, $st))
    };
}
macro_rules! err {
    ($s:expr, $p:expr) => {
        ($s, "", W::Err($p))
    };
}
macro_rules! erre {
    ($s:expr, $env:expr, $p:expr) => {
        ($s, $env, W::Err($p))
    };
}

/// docs/language.md, How expressions meet records.
const SECTION_0: &[Row] = &[
    ok!("unknownName", "nil", "null", "<nil>"),
    ok!("unknownName == nil", "bool", "true", "true"),
    err!("foo()", "compile"),
    err!("lenn([1])", "compile"),
    err!("1 == '1'", "compile"),
    err!("'a' + 1", "compile"),
    err!("'a' matches '['", "compile"),
    err!("7 % 0", "compile"),
    err!("1 ?? 2 + 3", "compile"),
    err!("#index", "compile"),
    err!("filter([1], #index > 0)", "compile"),
    oke!("n", r#"{"n": 1}"#, "int", "1", "1"),
    oke!("n", r#"{"n": 1.0}"#, "float", "1.0", "1"),
    oke!("n", r#"{"n": 1e3}"#, "float", "1000.0", "1000"),
    oke!("n", r#"{"n": 1.5}"#, "float", "1.5", "1.5"),
    oke!(
        "n + 1",
        r#"{"n": 9223372036854775807}"#,
        "int",
        "-9223372036854775808",
        "-9223372036854775808"
    ),
    oke!(
        "n",
        r#"{"n": 9223372036854775808}"#,
        "float",
        "9223372036854775808.0",
        "9.223372036854776e+18"
    ),
    ok!("fromJSON('1')", "float", "1.0", "1"),
    ok!("type(fromJSON('1'))", "string", r#""float""#, "float"),
    ok!(
        "date('2024-01-02')",
        "time.Time",
        r#""2024-01-02T00:00:00Z""#,
        "2024-01-02 00:00:00 +0000 UTC"
    ),
    ok!("type(now())", "string", r#""time.Time""#, "time.Time"),
    ok!(
        "toJSON({b: 1, a: 2})",
        "string",
        r#""{\n  \"a\": 2,\n  \"b\": 1\n}""#,
        "{\n  \"a\": 2,\n  \"b\": 1\n}"
    ),
    ok!("keys({b: 1, a: 2})", "array", r#"["b","a"]"#, "[b a]"),
    ok!("u.a[0]", "uint", "120", "120"),
    err!("'abc'[0]", "compile"),
    ok!("date('2023-08-14').Year()", "int", "2023", "2023"),
    // Month / Weekday are ints here (docs/language.md, Differences from expr); expr's `string()` would
    // say "March" / "Friday" (a listed divergence: not cheap with plain ints).
    ok!("date('2023-03-14').Month()", "int", "3", "3"),
    ok!("date('2023-08-18').Weekday()", "int", "5", "5"),
    err!("len(1..1000001)", "any"),
];

/// docs/language.md, Lexical structure.
const SECTION_2: &[Row] = &[
    ok!("1\u{a0}+\u{85}2", "int", "3", "3"),
    ok!("1\t+\n2\r\n", "int", "3", "3"),
    ok!("1 /* c */ + 2", "int", "3", "3"),
    ok!("1 /* a /* b */ + 2", "int", "3", "3"),
    ok!("1 // c\n + 2", "int", "3", "3"),
    ok!("1 // c", "int", "1", "1"),
    err!("1 /* x", "compile"),
    ok!("_42 + $foo + héllo", "int", "6", "6"),
    ok!("a.not + a.in + a.true", "int", "6", "6"),
    ok!("a?.not", "int", "1", "1"),
    ok!("$env.num", "int", "42", "42"),
    ok!("1 not in [2]", "bool", "true", "true"),
    ok!("1 not  in [1]", "bool", "false", "false"),
    ok!("'abc' not contains 'd'", "bool", "true", "true"),
    ok!("'abc' not startsWith 'b'", "bool", "true", "true"),
    ok!("'abc' not endsWith 'c'", "bool", "false", "false"),
    ok!("'abc' not matches '^a'", "bool", "false", "false"),
    // numbers
    ok!("0x1F", "int", "31", "31"),
    ok!("0X1f", "int", "31", "31"),
    ok!("0x1e", "int", "30", "30"),
    ok!("0o17", "int", "15", "15"),
    ok!("0O17", "int", "15", "15"),
    ok!("0b101", "int", "5", "5"),
    ok!("0B101", "int", "5", "5"),
    ok!("1_000", "int", "1000", "1000"),
    ok!("1_0.5", "float", "10.5", "10.5"),
    ok!("1e3", "float", "1000.0", "1000"),
    ok!("1E3", "float", "1000.0", "1000"),
    ok!("5.", "float", "5.0", "5"),
    ok!("1.e3", "float", "1000.0", "1000"),
    ok!(".5", "float", "0.5", "0.5"),
    ok!("02", "int", "2", "2"),
    ok!("007", "int", "7", "7"),
    err!("1a", "compile"),
    err!("0x1g", "compile"),
    ok!("1..3", "array", "[1,2,3]", "[1 2 3]"),
    ok!(
        "9223372036854775807",
        "int",
        "9223372036854775807",
        "9223372036854775807"
    ),
    err!("9223372036854775808", "compile"),
    err!("-9223372036854775808", "compile"),
    ok!("-1", "int", "-1", "-1"),
    ok!("- 1", "int", "-1", "-1"),
    // strings
    ok!(r#""a\tb""#, "string", r#""a\tb""#, "a\tb"),
    ok!(
        r#"'\a\b\f\n\r\t\v'"#,
        "string",
        r#""\u0007\b\f\n\r\t\u000b""#,
        "\u{7}\u{8}\u{c}\n\r\t\u{b}"
    ),
    ok!(r#"'\\\''"#, "string", r#""\\'""#, "\\'"),
    ok!(r#""\\\"""#, "string", r#""\\\"""#, "\\\""),
    ok!(r#"'\x41'"#, "string", r#""A""#, "A"),
    ok!(r#"'\u00e9'"#, "string", r#""é""#, "é"),
    ok!(r#"'\u{1F600}'"#, "string", r#""😀""#, "😀"),
    ok!(r#"'\U0001F600'"#, "string", r#""😀""#, "😀"),
    ok!(r#"'\101'"#, "string", r#""A""#, "A"),
    ok!(r#""\xC3\xBF""#, "string", r#""Ã¿""#, "Ã¿"),
    ok!(r#"len("\xC3\xBF")"#, "int", "2", "2"),
    ok!(r#"len('\377')"#, "int", "1", "1"),
    err!(r#"'\z'"#, "compile"),
    err!(r#"'\X41'"#, "compile"),
    err!(r#"'\400'"#, "compile"),
    err!(r#"'\x4'"#, "compile"),
    err!("'a\nb'", "compile"),
    err!("\"abc", "compile"),
    ok!("`raw\\n``x`", "string", r#""raw\\n`x""#, "raw\\n`x"),
    ok!("`a\nb`", "string", r#""a\nb""#, "a\nb"),
    ok!("`a\\tb`", "string", r#""a\\tb""#, "a\\tb"),
    ok!("``", "string", r#""""#, ""),
    ok!("type(b'ab')", "string", r#""array""#, "array"),
    ok!("string(b'ab')", "string", r#""[97 98]""#, "[97 98]"),
    // operators and punctuation
    err!("true ?.5 : 1", "compile"),
    ok!("true ? .5 : 1", "float", "0.5", "0.5"),
    err!("1 & 2", "compile"),
    err!("1 = 2", "compile"),
];

/// docs/language.md, Grammar (and precedence).
const SECTION_3: &[Row] = &[
    ok!("1; 2; 3", "int", "3", "3"),
    ok!("1;", "int", "1", "1"),
    ok!("(1; 2) + 1", "int", "3", "3"),
    ok!("2 ** 3 ** 2", "float", "512.0", "512"),
    ok!("2 ^ 3 ^ 2", "float", "512.0", "512"),
    ok!("-2 ** 2", "float", "-4.0", "-4"),
    ok!("(-2) ** 2", "float", "4.0", "4"),
    ok!("-u.n * 3", "int", "-3", "-3"),
    ok!("1 + 2 * 3", "int", "7", "7"),
    ok!("10 - 2 - 3", "int", "5", "5"),
    ok!("2 * 3 % 4", "int", "2", "2"),
    ok!("!true == false", "bool", "true", "true"),
    ok!("not true == false", "bool", "true", "true"),
    ok!("!u.t == u.b", "bool", "true", "true"),
    err!("not 2 * 3 == 6", "compile"),
    ok!("not false and false", "bool", "false", "false"),
    ok!("true or false and false", "bool", "true", "true"),
    ok!("false ? 1 : false ? 2 : 3", "int", "3", "3"),
    ok!("true ? 1 : 2 + 10", "int", "1", "1"),
    ok!("[1,2] | len() > 1 ? 'y' : 'n'", "string", r#""y""#, "y"),
    err!("x ?? 'a' == 'b'", "compile"),
    err!("u.a ?? u.b and u.t", "compile"),
    err!("1 ?? 2 * 3", "compile"),
    ok!("1 + nil ?? 3", "int", "4", "4"),
    ok!("u.missing ?? u.v ?? 'c'", "string", r#""c""#, "c"),
    ok!("(1 ?? 2) + 3", "int", "4", "4"),
    ok!("1 < 2 < 3", "bool", "true", "true"),
    ok!("1 < 2 < 3 > 4", "bool", "false", "false"),
    ok!("3 > 2 > 1", "bool", "true", "true"),
    ok!("1 <= 1 < 2", "bool", "true", "true"),
    ok!("1 == 1 == true", "bool", "true", "true"),
    // calls, predicates, pipes, methods
    err!("all([1])", "compile"),
    err!("map([1])", "compile"),
    err!("reduce([1])", "compile"),
    err!("map([1,2], {v: #})", "compile"),
    ok!(
        "map([1,2], {{v: #}})",
        "array",
        r#"[{"v":1},{"v":2}]"#,
        "[map[v:1] map[v:2]]"
    ),
    err!("filter([1,2], # > 0; true)", "compile"),
    ok!("filter([1,2], {# > 0; # > 1})", "array", "[2]", "[2]"),
    ok!("map([1,2], #index)", "array", "[0,1]", "[0 1]"),
    ok!("reduce([1,2,3], #acc + #)", "int", "6", "6"),
    ok!("map(u.objs, .a)", "array", "[2,1,3]", "[2 1 3]"),
    ok!(
        "map([[1,2],[3]], map(#, # * 10))",
        "array",
        "[[10,20],[30]]",
        "[[10 20] [30]]"
    ),
    ok!(
        "let p = {a: 1}; any(u.objs, .a == p.a)",
        "bool",
        "true",
        "true"
    ),
    ok!("xs | filter(# > 1) | map(# * 2) | sum()", "int", "10", "10"),
    ok!("'a,b' | split(',')", "array", r#"["a","b"]"#, "[a b]"),
    ok!("[1,2,3] | len()", "int", "3", "3"),
    ok!("::len([1,2])", "int", "2", "2"),
    ok!("duration('1h').Seconds()", "float", "3600.0", "3600"),
    // variables, let and if
    ok!("let x = 1; x + 1", "int", "2", "2"),
    ok!("let x = 1; let y = x + 1; y * 2", "int", "4", "4"),
    err!("let x = 1; let x = 2; x", "compile"),
    err!("let lower = 1; lower", "compile"),
    err!("1 + let x = 1; x", "compile"),
    ok!("if true { 1 } else { 2 }", "int", "1", "1"),
    ok!(
        "if false { 1 } else if true { 2 } else { 3 }",
        "int",
        "2",
        "2"
    ),
    ok!(
        "if false { 1 } else if false { 2 } else { 3 }",
        "int",
        "3",
        "3"
    ),
    ok!("if u.t { 'a' } else { 'b' }", "string", r#""a""#, "a"),
    err!("if true { 1 }", "compile"),
    err!("1 + if true { 1 } else { 2 }", "compile"),
];

/// docs/language.md, Types and values, Semantics.
const SECTION_4: &[Row] = &[
    // types
    ok!("type(nil)", "string", r#""nil""#, "nil"),
    ok!("type(true)", "string", r#""bool""#, "bool"),
    ok!("type(1)", "string", r#""int""#, "int"),
    ok!("type(1.0)", "string", r#""float""#, "float"),
    ok!("type('a')", "string", r#""string""#, "string"),
    ok!("type([1])", "string", r#""array""#, "array"),
    ok!("type({a: 1})", "string", r#""map""#, "map"),
    ok!("type(split('a', ','))", "string", r#""array""#, "array"),
    ok!("type(1..2)", "string", r#""array""#, "array"),
    ok!("type(groupBy([1], #))", "string", r#""map""#, "map"),
    ok!(
        "type(date('2024-01-02'))",
        "string",
        r#""time.Time""#,
        "time.Time"
    ),
    ok!(
        "type(duration('1s'))",
        "string",
        r#""time.Duration""#,
        "time.Duration"
    ),
    ok!("type(u.n)", "string", r#""int""#, "int"),
    ok!("type(u.f)", "string", r#""float""#, "float"),
    ok!("type(u.one)", "string", r#""float""#, "float"),
    ok!("type(u.v)", "string", r#""nil""#, "nil"),
    ok!("type(u.m)", "string", r#""map""#, "map"),
    // arithmetic
    ok!(
        "9223372036854775807 + 1",
        "int",
        "-9223372036854775808",
        "-9223372036854775808"
    ),
    ok!(
        "u.big + 1",
        "int",
        "-9223372036854775808",
        "-9223372036854775808"
    ),
    ok!("u.big * 2", "int", "-2", "-2"),
    ok!("1 + 1.5", "float", "2.5", "2.5"),
    ok!("1 + 1.0", "float", "2.0", "2"),
    ok!("'a' + 'b'", "string", r#""ab""#, "ab"),
    ok!("7 / 2", "float", "3.5", "3.5"),
    ok!("4 / 2", "float", "2.0", "2"),
    ok!("1 / 0", "float", "null", "+Inf"),
    ok!("-1 / 0", "float", "null", "-Inf"),
    ok!("0 / 0", "float", "null", "NaN"),
    ok!("u.n / u.z", "float", "null", "+Inf"),
    ok!("-7 % 3", "int", "-1", "-1"),
    ok!("7 % -3", "int", "1", "1"),
    ok!("u.neg % 3", "int", "-1", "-1"),
    erre!("u.n % u.z", "", "run"),
    err!("7 % 2.0", "compile"),
    err!("7.5 % 2", "compile"),
    ok!("2 ** 8", "float", "256.0", "256"),
    ok!("2 ** -1", "float", "0.5", "0.5"),
    ok!("2 ^ 3", "float", "8.0", "8"),
    ok!("-u.n", "int", "-1", "-1"),
    ok!("-u.f", "float", "-1.5", "-1.5"),
    err!("-'a'", "compile"),
    erre!("-u.s", "", "run"),
    ok!("+1", "int", "1", "1"),
    ok!("+1.5", "float", "1.5", "1.5"),
    erre!("u.missing + 'a'", "", "run"),
    erre!("u.s + 1", "", "run"),
    ok!(
        "date('2024-01-01') + duration('1h')",
        "time.Time",
        r#""2024-01-01T01:00:00Z""#,
        "2024-01-01 01:00:00 +0000 UTC"
    ),
    ok!(
        "date('2024-01-01') - duration('1h')",
        "time.Time",
        r#""2023-12-31T23:00:00Z""#,
        "2023-12-31 23:00:00 +0000 UTC"
    ),
    ok!(
        "date('2024-01-02') - date('2024-01-01')",
        "time.Duration",
        "86400000000000",
        "24h0m0s"
    ),
    ok!(
        "duration('1h') + duration('30m')",
        "time.Duration",
        "5400000000000",
        "1h30m0s"
    ),
    ok!("duration('1s') * 2", "time.Duration", "2000000000", "2s"),
    ok!("duration('1s') * 1.5", "float", "1500000000.0", "1.5e+09"),
    // equality
    ok!("1 == 1.0", "bool", "true", "true"),
    ok!("u.n == u.one", "bool", "true", "true"),
    ok!("[1] == [1.0]", "bool", "true", "true"),
    ok!("split('a,b', ',') == ['a','b']", "bool", "true", "true"),
    ok!("nil == nil", "bool", "true", "true"),
    ok!("nil == ''", "bool", "false", "false"),
    ok!("[] == nil", "bool", "false", "false"),
    ok!("u.foo == nil", "bool", "true", "true"),
    ok!("{x: 1} == {x: 1.0}", "bool", "false", "false"),
    ok!("{x: 1} == {x: 1}", "bool", "true", "true"),
    ok!("u.n == u.s", "bool", "false", "false"),
    ok!("u.n != u.s", "bool", "true", "true"),
    ok!("u.m == {x: 1}", "bool", "true", "true"),
    err!("1 == '1'", "compile"),
    err!("true == 1", "compile"),
    err!("1 != '1'", "compile"),
    ok!(
        "date('2024-01-01') == date('2024-01-01T00:00:00Z')",
        "bool",
        "true",
        "true"
    ),
    ok!("duration('60s') == duration('1m')", "bool", "true", "true"),
    // ordering
    ok!("'B' < 'a'", "bool", "true", "true"),
    ok!("'abc' < 'abd'", "bool", "true", "true"),
    ok!("1 < 1.5", "bool", "true", "true"),
    ok!(
        "date('2024-01-01') < date('2024-01-02')",
        "bool",
        "true",
        "true"
    ),
    ok!("duration('1h') > duration('30m')", "bool", "true", "true"),
    erre!("u.s < u.n", "", "run"),
    erre!("u.missing < 1", "", "run"),
    erre!("u.v >= u.v", "", "run"),
    err!("'a' < 1", "compile"),
    // logic
    ok!("true and u.s", "string", r#""abc""#, "abc"),
    ok!("true and u.missing", "nil", "null", "<nil>"),
    // `false or 'x'` → 'x' holds for an operand of unknown type only:
    // with both types known expr's checker rejects it (MaybeCompatible).
    err!("false or 'x'", "compile"),
    ok!("false or u.s", "string", r#""abc""#, "abc"),
    ok!("u.missing or false", "nil", "null", "<nil>"),
    ok!("u.missing and true", "nil", "null", "<nil>"),
    ok!("u.missing and false", "bool", "false", "false"),
    ok!("false and u.missing", "bool", "false", "false"),
    ok!("u.missing or true", "bool", "true", "true"),
    err!("false and 1", "compile"),
    err!("true or 1", "compile"),
    erre!("u.missing and u.t", "", "run"),
    erre!("u.s or u.t", "", "run"),
    err!("!nil", "compile"),
    erre!("!u.missing", "", "run"),
    ok!("true && false", "bool", "false", "false"),
    ok!("false || true", "bool", "true", "true"),
    // membership and strings
    ok!("nil in [nil]", "bool", "true", "true"),
    ok!("1 in [1.0]", "bool", "true", "true"),
    ok!("'a' in ['a', 'b']", "bool", "true", "true"),
    ok!("'c' in ['a', 'b']", "bool", "false", "false"),
    ok!("'a' in {a: 1}", "bool", "true", "true"),
    ok!("'x' in u.m", "bool", "true", "true"),
    ok!("'y' in u.m", "bool", "false", "false"),
    erre!("u.n in u.m", "", "run"),
    ok!("1 in u.missing", "bool", "false", "false"),
    err!("'a' in 'abc'", "compile"),
    erre!("'a' in u.s", "", "run"),
    ok!("'abc' contains 'b'", "bool", "true", "true"),
    ok!("'abc' contains 'B'", "bool", "false", "false"),
    ok!("'abc' startsWith 'ab'", "bool", "true", "true"),
    ok!("'abc' endsWith 'bc'", "bool", "true", "true"),
    ok!("u.missing contains 'a'", "bool", "false", "false"),
    ok!("'a' contains u.missing", "bool", "false", "false"),
    ok!("u.missing startsWith 'a'", "bool", "false", "false"),
    ok!("u.missing endsWith 'a'", "bool", "false", "false"),
    ok!("u.missing matches 'a'", "bool", "false", "false"),
    ok!("u.missing not contains 'a'", "bool", "true", "true"),
    erre!("u.n contains 'a'", "", "run"),
    ok!("'A' matches '^[A-Z]$'", "bool", "true", "true"),
    ok!("'xAy' matches '[A-Z]'", "bool", "true", "true"),
    ok!("'ab' matches '^[A-Z]$'", "bool", "false", "false"),
    err!("'a' matches '['", "compile"),
    oke!("'a' matches p", r#"{"p": "^a"}"#, "bool", "true", "true"),
    erre!("'a' matches p", r#"{"p": "["}"#, "run"),
    // ranges
    ok!("3..1", "array", "[]", "[]"),
    ok!("1..1", "array", "[1]", "[1]"),
    ok!("-1..1", "array", "[-1,0,1]", "[-1 0 1]"),
    ok!("u.f..3", "array", "[1,2,3]", "[1 2 3]"),
    err!("1.5..3", "compile"),
    // access
    ok!("[1,2,3][-1]", "int", "3", "3"),
    ok!("[1,2,3][0]", "int", "1", "1"),
    erre!("[1,2,3][3]", "", "any"),
    erre!("u.arr[3]", "", "run"),
    erre!("u.arr[-4]", "", "run"),
    ok!("u.arr[-3]", "int", "1", "1"),
    erre!("u.missing.x", "", "run"),
    erre!("u.missing[0]", "", "run"),
    err!("[1,2].name", "compile"),
    erre!("u.arr.name", "", "run"),
    ok!("u.m.x", "int", "1", "1"),
    ok!("u.m['x']", "int", "1", "1"),
    ok!("u['m']['x']", "int", "1", "1"),
    ok!("u.m.y", "nil", "null", "<nil>"),
    ok!("[1,2,3][5:9]", "array", "[]", "[]"),
    ok!("[1,2,3][1:]", "array", "[2,3]", "[2 3]"),
    ok!("[1,2,3][:2]", "array", "[1,2]", "[1 2]"),
    ok!("[1,2,3][:]", "array", "[1,2,3]", "[1 2 3]"),
    ok!("[1,2,3][-2:]", "array", "[2,3]", "[2 3]"),
    ok!("[1,2,3][:-1]", "array", "[1,2]", "[1 2]"),
    ok!("[1,2,3][2:1]", "array", "[]", "[]"),
    ok!("'héllo'[1:3]", "string", r#""é""#, "é"),
    ok!("'hello'[1:3]", "string", r#""el""#, "el"),
    ok!("'hello'[-3:]", "string", r#""llo""#, "llo"),
    ok!("len('héllo')", "int", "5", "5"),
    // optional chaining
    ok!("u.v?.a.b", "nil", "null", "<nil>"),
    ok!("u.v?.a.b.c()", "nil", "null", "<nil>"),
    erre!("u.v?.a[0]", "", "run"),
    ok!("(u.v?.a).b", "nil", "null", "<nil>"),
    ok!("u.missing?.deeper", "nil", "null", "<nil>"),
    erre!("u?.missing.deeper", "", "run"),
    ok!("u.v?.[0]", "nil", "null", "<nil>"),
    ok!("u.m?.x", "int", "1", "1"),
    ok!("u.arr?.[1]", "int", "2", "2"),
    // nil coalescing
    ok!("'' ?? 'x'", "string", r#""""#, ""),
    ok!("0 ?? 1", "int", "0", "0"),
    ok!("false ?? true", "bool", "false", "false"),
    ok!("[] ?? 1", "array", "[]", "[]"),
    ok!("nil ?? 1", "int", "1", "1"),
    ok!("u.e ?? 'x'", "string", r#""""#, ""),
    ok!("u.v ?? 'x'", "string", r#""x""#, "x"),
    erre!("u.a2.b ?? 'x'", "", "run"),
    ok!("u.a2?.b ?? 'x'", "string", r#""x""#, "x"),
    // conditionals
    err!("'a' ? 1 : 2", "compile"),
    erre!("u.missing ? 1 : 2", "", "run"),
    erre!("u.s ? 1 : 2", "", "run"),
    ok!("u.t ? 1 : 2", "int", "1", "1"),
    ok!("u.b ? 1 : 2", "int", "2", "2"),
    err!("'s' ?: 'd'", "compile"),
    ok!("true ?: 1", "bool", "true", "true"),
    ok!("false ?: 1", "int", "1", "1"),
    ok!("u.b ?: 'x'", "string", r#""x""#, "x"),
    erre!("u.s ?: 'x'", "", "run"),
    ok!("true ? 'a' : 1 / 0", "string", r#""a""#, "a"),
    // literals
    ok!("{3: 4}", "map", r#"{"3": 4}"#, "map[3:4]"),
    ok!("{'a b': 1}", "map", r#"{"a b": 1}"#, "map[a b:1]"),
    ok!("{a: 1, a: 2}", "map", r#"{"a": 1}"#, "map[a:1]"),
    ok!("{('a'): 1}", "map", r#"{"a": 1}"#, "map[a:1]"),
    ok!("{(u.s): 1}", "map", r#"{"abc": 1}"#, "map[abc:1]"),
    erre!("{(u.k): 1}", "", "run"),
    ok!("{b: 2, a: 1}", "map", r#"{"a": 1, "b": 2}"#, "map[a:1 b:2]"),
    ok!("{}", "map", "{}", "map[]"),
    ok!("[]", "array", "[]", "[]"),
    ok!(
        "[1, 'a', nil, true]",
        "array",
        r#"[1, "a", null, true]"#,
        "[1 a <nil> true]"
    ),
    // $env
    ok!("$env['var with spaces']", "int", "1", "1"),
    ok!("'foo' in $env", "bool", "true", "true"),
    ok!("'nope' in $env", "bool", "false", "false"),
    ok!("$env?.unknown", "nil", "null", "<nil>"),
    ok!("get($env, 'num')", "int", "42", "42"),
    // a top-level null read with `.`: an error here (expr: compile error).
    erre!("pu.externalId", "", "any"),
    // limits
    err!("repeat('a', 1000001)", "any"),
];

/// docs/language.md, Semantics (text of values): `%v` text of numbers and other values.
const SECTION_4_16: &[Row] = &[
    ok!("string(123456.0)", "string", r#""123456""#, "123456"),
    ok!("string(999999.9)", "string", r#""999999.9""#, "999999.9"),
    ok!("string(1e6)", "string", r#""1e+06""#, "1e+06"),
    ok!(
        "string(1234567.0)",
        "string",
        r#""1.234567e+06""#,
        "1.234567e+06"
    ),
    ok!(
        "string(1234567.5)",
        "string",
        r#""1.2345675e+06""#,
        "1.2345675e+06"
    ),
    ok!(
        "string(123456789012.0)",
        "string",
        r#""1.23456789012e+11""#,
        "1.23456789012e+11"
    ),
    ok!("string(0.0001)", "string", r#""0.0001""#, "0.0001"),
    ok!("string(0.00001)", "string", r#""1e-05""#, "1e-05"),
    ok!("string(1.5e300)", "string", r#""1.5e+300""#, "1.5e+300"),
    ok!("string(2.0)", "string", r#""2""#, "2"),
    ok!("string(-0.0)", "string", r#""-0""#, "-0"),
    ok!(
        "string(0.1 + 0.2)",
        "string",
        r#""0.30000000000000004""#,
        "0.30000000000000004"
    ),
    ok!("string(1 / 0)", "string", r#""+Inf""#, "+Inf"),
    ok!("1e6", "float", "1000000.0", "1e+06"),
    ok!("0.00001", "float", "0.00001", "1e-05"),
    ok!("-0.0", "float", "-0.0", "-0"),
    ok!(
        "0.1 + 0.2",
        "float",
        "0.30000000000000004",
        "0.30000000000000004"
    ),
    ok!("string(42)", "string", r#""42""#, "42"),
    ok!("string(-42)", "string", r#""-42""#, "-42"),
    ok!("string(true)", "string", r#""true""#, "true"),
    ok!("string(nil)", "string", r#""<nil>""#, "<nil>"),
    ok!("string([1, 'a'])", "string", r#""[1 a]""#, "[1 a]"),
    ok!(
        "string({b: 2, a: 1})",
        "string",
        r#""map[a:1 b:2]""#,
        "map[a:1 b:2]"
    ),
    ok!(
        "string(date('2024-01-02'))",
        "string",
        r#""2024-01-02 00:00:00 +0000 UTC""#,
        "2024-01-02 00:00:00 +0000 UTC"
    ),
    ok!("string(duration('90s'))", "string", r#""1m30s""#, "1m30s"),
    ok!("string(u.m)", "string", r#""map[x:1]""#, "map[x:1]"),
    // toJSON
    ok!(
        "toJSON('<&>')",
        "string",
        r#""\"\\u003c\\u0026\\u003e\"""#,
        r#""\u003c\u0026\u003e""#
    ),
    ok!(
        "toJSON('\u{2028}')",
        "string",
        r#""\"\\u2028\"""#,
        r#""\u2028""#
    ),
    ok!(
        "toJSON(1e20)",
        "string",
        r#""100000000000000000000""#,
        "100000000000000000000"
    ),
    ok!("toJSON(1e21)", "string", r#""1e+21""#, "1e+21"),
    ok!("toJSON(1e-7)", "string", r#""1e-7""#, "1e-7"),
    ok!("toJSON(0.000001)", "string", r#""0.000001""#, "0.000001"),
    ok!("toJSON(2.0)", "string", r#""2""#, "2"),
    ok!("toJSON(1.5)", "string", r#""1.5""#, "1.5"),
    ok!("toJSON([])", "string", r#""[]""#, "[]"),
    ok!("toJSON({})", "string", r#""{}""#, "{}"),
    ok!("toJSON(nil)", "string", r#""null""#, "null"),
    ok!(
        "toJSON([1, 'a'])",
        "string",
        r#""[\n  1,\n  \"a\"\n]""#,
        "[\n  1,\n  \"a\"\n]"
    ),
    ok!(
        "toJSON({b: [1, 2], a: {c: true}})",
        "string",
        r#""{\n  \"a\": {\n    \"c\": true\n  },\n  \"b\": [\n    1,\n    2\n  ]\n}""#,
        "{\n  \"a\": {\n    \"c\": true\n  },\n  \"b\": [\n    1,\n    2\n  ]\n}"
    ),
    ok!(
        "toJSON(date('2024-01-02'))",
        "string",
        r#""\"2024-01-02T00:00:00Z\"""#,
        r#""2024-01-02T00:00:00Z""#
    ),
    ok!(
        "toJSON(duration('1s'))",
        "string",
        r#""1000000000""#,
        "1000000000"
    ),
    ok!("toJSON(b'ab')", "string", r#""\"YWI=\"""#, r#""YWI=""#),
    err!("toJSON(1 / 0)", "any"),
    erre!("toJSON(u.n / u.z)", "", "run"),
    err!("toJSON(groupBy([1], #))", "any"),
];

/// docs/language.md, Nil and errors.
const SECTION_5: &[Row] = &[
    ok!("u.missing", "nil", "null", "<nil>"),
    ok!("u.missing == nil", "bool", "true", "true"),
    ok!("u.missing != nil", "bool", "false", "false"),
    ok!("u.missing == ''", "bool", "false", "false"),
    ok!("u.missing ?? 'x'", "string", r#""x""#, "x"),
    erre!("u.missing.deeper", "", "run"),
    ok!("u.missing?.deeper", "nil", "null", "<nil>"),
    erre!("u.missing + 'a'", "", "run"),
    erre!("u.missing < 1", "", "run"),
    ok!("u.missing contains 'a'", "bool", "false", "false"),
    ok!("u.missing startsWith 'a'", "bool", "false", "false"),
    ok!("u.missing matches 'a'", "bool", "false", "false"),
    ok!("u.missing in ['a']", "bool", "false", "false"),
    ok!("'a' in u.missing", "bool", "false", "false"),
    erre!("u.missing ? 1 : 2", "", "run"),
    erre!("not u.missing", "", "run"),
    ok!("true and u.missing", "nil", "null", "<nil>"),
    ok!("u.missing or false", "nil", "null", "<nil>"),
    erre!("len(u.missing)", "", "run"),
    erre!("upper(u.missing)", "", "run"),
    erre!("lower(u.missing)", "", "run"),
    erre!("trim(u.missing)", "", "run"),
    erre!("split(u.missing, ',')", "", "run"),
    erre!("toBase64(u.missing)", "", "run"),
    ok!("string(u.missing)", "string", r#""<nil>""#, "<nil>"),
    ok!("toJSON(u.missing)", "string", r#""null""#, "null"),
    erre!("int(u.missing)", "", "run"),
    erre!("float(u.missing)", "", "run"),
    erre!("find(u.missing, # > 1)", "", "run"),
    erre!("filter(u.missing, true)", "", "run"),
    erre!("map(u.missing, #)", "", "run"),
    erre!("all(u.missing, true)", "", "run"),
    erre!("any(u.missing, true)", "", "run"),
    erre!("count(u.missing, true)", "", "run"),
    erre!("sum(u.missing)", "", "run"),
    ok!("first(u.missing)", "nil", "null", "<nil>"),
    ok!("last(u.missing)", "nil", "null", "<nil>"),
    ok!("get(u.missing, 0)", "nil", "null", "<nil>"),
    erre!("keys(u.missing)", "", "run"),
    erre!("values(u.missing)", "", "run"),
    erre!("reverse(u.missing)", "", "run"),
    erre!("uniq(u.missing)", "", "run"),
    erre!("flatten(u.missing)", "", "run"),
    erre!("concat(u.missing)", "", "run"),
    // Typed nils (Go's nil `[]any`): json.Marshal writes null; `%v` is `[]`.
    ok!("sort(u.missing)", "array", "null", "[]"),
    erre!("join(u.missing, ',')", "", "run"),
    ok!("max(u.missing)", "nil", "null", "<nil>"),
    erre!("max(u.missing, 1)", "", "run"),
    erre!("u.f(1)", "", "run"),
    erre!("u.missing(1)", "", "run"),
];

/// Builtins: predicates.
const SECTION_6_1: &[Row] = &[
    ok!("all([1,2,3], # > 0)", "bool", "true", "true"),
    ok!("all([1,-1], # > 0)", "bool", "false", "false"),
    ok!("all([], # > 0)", "bool", "true", "true"),
    ok!("none([1,2], # > 2)", "bool", "true", "true"),
    ok!("none([1,3], # > 2)", "bool", "false", "false"),
    ok!("none([], # > 0)", "bool", "true", "true"),
    ok!("any([1,2], # > 1)", "bool", "true", "true"),
    ok!("any([1,2], # > 2)", "bool", "false", "false"),
    ok!("any([], # > 0)", "bool", "false", "false"),
    ok!("one([1,2,3], # > 2)", "bool", "true", "true"),
    ok!("one([1,2,3], # > 1)", "bool", "false", "false"),
    ok!("one([], # > 0)", "bool", "false", "false"),
    ok!("filter([1,2,3,4], # % 2 == 0)", "array", "[2,4]", "[2 4]"),
    ok!("filter([1,2], false)", "array", "[]", "[]"),
    ok!("map([1,2,3], # * 2)", "array", "[2,4,6]", "[2 4 6]"),
    ok!("map([], # * 2)", "array", "[]", "[]"),
    ok!("find([1,2,3], # > 1)", "int", "2", "2"),
    ok!("find([1,2,3], # > 5)", "nil", "null", "<nil>"),
    ok!("findIndex([1,2,3], # > 1)", "int", "1", "1"),
    ok!("findIndex([1,2,3], # > 5)", "nil", "null", "<nil>"),
    ok!("findLast([1,2,3], # < 3)", "int", "2", "2"),
    ok!("findLast([1,2,3], # > 5)", "nil", "null", "<nil>"),
    ok!("findLastIndex([1,2,3], # < 3)", "int", "1", "1"),
    ok!("findLastIndex([1,2,3], # > 5)", "nil", "null", "<nil>"),
    ok!("count([1,2,3], # > 1)", "int", "2", "2"),
    ok!("count([true, false, true])", "int", "2", "2"),
    ok!("count([])", "int", "0", "0"),
    err!("count([1,2])", "any"),
    ok!("sum([1,2,3])", "int", "6", "6"),
    ok!("sum([1, 2.5])", "float", "3.5", "3.5"),
    ok!("sum([1.5, 2.5])", "float", "4.0", "4"),
    ok!("sum([])", "int", "0", "0"),
    ok!("sum([1,2], # * 2)", "int", "6", "6"),
    ok!("sum([1,2], # / 2)", "float", "1.5", "1.5"),
    err!("sum(['a'])", "any"),
    ok!(
        "groupBy([1,2,3], # % 2)",
        "map",
        r#"{"0":[2],"1":[1,3]}"#,
        "map[0:[2] 1:[1 3]]"
    ),
    ok!("groupBy([1,2,3], # % 2)[1]", "array", "[1,3]", "[1 3]"),
    ok!(
        "groupBy(['a','bb','c'], len(#))",
        "map",
        r#"{"1":["a","c"],"2":["bb"]}"#,
        "map[1:[a c] 2:[bb]]"
    ),
    ok!(
        "groupBy(u.objs, .n).x",
        "array",
        r#"[{"a":2,"n":"x"}]"#,
        "[map[a:2 n:x]]"
    ),
    erre!("groupBy([[1]], #)", "", "run"),
    ok!("sortBy([3,1,2], #)", "array", "[1,2,3]", "[1 2 3]"),
    ok!("sortBy([3,1,2], #, 'desc')", "array", "[3,2,1]", "[3 2 1]"),
    ok!("sortBy([3,1,2], #, 'asc')", "array", "[1,2,3]", "[1 2 3]"),
    ok!(
        "sortBy(u.objs, .a)",
        "array",
        r#"[{"a":1,"n":"y"},{"a":2,"n":"x"},{"a":3,"n":"z"}]"#,
        "[map[a:1 n:y] map[a:2 n:x] map[a:3 n:z]]"
    ),
    ok!(
        "sortBy(['bb','a','ccc'], len(#))",
        "array",
        r#"["a","bb","ccc"]"#,
        "[a bb ccc]"
    ),
    erre!("sortBy([1], #, 'x')", "", "run"),
    err!("sortBy([1], #, 1)", "any"),
    erre!("sortBy([1, 'a'], #)", "", "run"),
    ok!("reduce([1,2,3], #acc + #)", "int", "6", "6"),
    ok!("reduce([1,2,3], #acc + #, 10)", "int", "16", "16"),
    ok!("reduce([1,2,3], #index, 0)", "int", "2", "2"),
    ok!("reduce([1,2,3], #acc + #index)", "int", "4", "4"),
    erre!("reduce([], #acc + #)", "", "run"),
    ok!("reduce([], #acc, 5)", "int", "5", "5"),
    ok!("reduce(['a','b'], #acc + #, '')", "string", r#""ab""#, "ab"),
    // strings iterate their bytes (type unknown at compile time)
    ok!("map(u.a, #)", "array", "[120,121,122]", "[120 121 122]"),
    err!("map('ab', #)", "compile"),
    // a map: expr loops len(map) times and fails only on fetching an element
    // (expr v1.17.8: `all(u.m, true)` is true, `all(u.m, # > 0)` a reflect error)
    ok!("all(u.m, true)", "bool", "true", "true"),
    erre!("all(u.m, # > 0)", "", "run"),
    erre!("filter([1,2], #)", "", "any"),
];

/// Builtins: strings.
const SECTION_6_2: &[Row] = &[
    ok!("trim('  a  ')", "string", r#""a""#, "a"),
    ok!(r"trim('\u00a0a\t\n')", "string", r#""a""#, "a"),
    ok!("trim('__Hello__', '_')", "string", r#""Hello""#, "Hello"),
    ok!("trim('xyhixy', 'yx')", "string", r#""hi""#, "hi"),
    ok!("trimPrefix(' a')", "string", r#""a""#, "a"),
    ok!("trimPrefix('  a')", "string", r#"" a""#, " a"),
    ok!("trimPrefix('aab', 'a')", "string", r#""ab""#, "ab"),
    ok!("trimPrefix('ab', 'x')", "string", r#""ab""#, "ab"),
    ok!("trimSuffix('ab ')", "string", r#""ab""#, "ab"),
    ok!("trimSuffix('abb', 'b')", "string", r#""ab""#, "ab"),
    ok!("upper('straße')", "string", r#""STRAßE""#, "STRAßE"),
    ok!("upper('abc')", "string", r#""ABC""#, "ABC"),
    ok!("lower('ÀB')", "string", r#""àb""#, "àb"),
    ok!(
        "split('a,b,c', ',')",
        "array",
        r#"["a","b","c"]"#,
        "[a b c]"
    ),
    ok!("split('abc', '')", "array", r#"["a","b","c"]"#, "[a b c]"),
    ok!("split('', ',')", "array", r#"[""]"#, "[]"),
    ok!(
        "split('a,b,c', ',', 2)",
        "array",
        r#"["a","b,c"]"#,
        "[a b,c]"
    ),
    ok!("split('a,b', ',', 0)", "array", "[]", "[]"),
    ok!("split('a,b', ',', -1)", "array", r#"["a","b"]"#, "[a b]"),
    ok!("split('a,,b', ',')", "array", r#"["a","","b"]"#, "[a  b]"),
    ok!(
        "splitAfter('apple,orange,grape', ',')",
        "array",
        r#"["apple,","orange,","grape"]"#,
        "[apple, orange, grape]"
    ),
    ok!(
        "splitAfter('a,b,c', ',', 2)",
        "array",
        r#"["a,","b,c"]"#,
        "[a, b,c]"
    ),
    ok!("replace('aaa', 'a', 'b')", "string", r#""bbb""#, "bbb"),
    ok!("replace('aaa', 'a', 'b', 2)", "string", r#""bba""#, "bba"),
    ok!(
        "replace('abc', '', '-')",
        "string",
        r#""-a-b-c-""#,
        "-a-b-c-"
    ),
    ok!("replace('aaaa', 'aa', 'b')", "string", r#""bb""#, "bb"),
    ok!("repeat('ab', 3)", "string", r#""ababab""#, "ababab"),
    ok!("repeat('ab', 0)", "string", r#""""#, ""),
    err!("repeat('a', -1)", "any"),
    ok!("indexOf('héllo', 'l')", "int", "3", "3"),
    ok!("indexOf('abc', 'z')", "int", "-1", "-1"),
    ok!("indexOf('abc', '')", "int", "0", "0"),
    ok!("lastIndexOf('hello', 'l')", "int", "3", "3"),
    ok!("lastIndexOf('abc', 'z')", "int", "-1", "-1"),
    ok!("hasPrefix('abc', 'ab')", "bool", "true", "true"),
    ok!("hasPrefix('abc', 'b')", "bool", "false", "false"),
    ok!("hasSuffix('abc', 'bc')", "bool", "true", "true"),
    ok!("join(['a','b'], ',')", "string", r#""a,b""#, "a,b"),
    ok!("join(['a','b'])", "string", r#""ab""#, "ab"),
    ok!("join([], ',')", "string", r#""""#, ""),
    ok!("join(split('a,b', ','), '-')", "string", r#""a-b""#, "a-b"),
    err!("join([1,2])", "any"),
    ok!("toBase64('hello')", "string", r#""aGVsbG8=""#, "aGVsbG8="),
    ok!("toBase64('')", "string", r#""""#, ""),
    ok!("fromBase64('aGVsbG8=')", "string", r#""hello""#, "hello"),
    err!("fromBase64('!')", "any"),
    err!("fromBase64('aGVsbG8')", "any"),
    ok!("string(1.5)", "string", r#""1.5""#, "1.5"),
    err!("upper(1)", "compile"),
    erre!("upper(u.n)", "", "run"),
    erre!("trim(u.n)", "", "run"),
];

/// Builtins: numbers and bits.
const SECTION_6_3: &[Row] = &[
    ok!("abs(-1)", "int", "1", "1"),
    ok!("abs(-1.5)", "float", "1.5", "1.5"),
    ok!("abs(2)", "int", "2", "2"),
    ok!("abs(u.neg)", "int", "7", "7"),
    err!("abs('a')", "any"),
    erre!("abs(u.s)", "", "run"),
    err!("abs(duration('1s'))", "any"),
    ok!("ceil(5)", "float", "5.0", "5"),
    ok!("ceil(1.2)", "float", "2.0", "2"),
    ok!("ceil(-0.5)", "float", "-0.0", "-0"),
    ok!("floor(1.8)", "float", "1.0", "1"),
    ok!("floor(-1.2)", "float", "-2.0", "-2"),
    ok!("floor(5)", "float", "5.0", "5"),
    ok!("round(2.5)", "float", "3.0", "3"),
    ok!("round(-2.5)", "float", "-3.0", "-3"),
    ok!("round(2.4)", "float", "2.0", "2"),
    ok!("round(3)", "float", "3.0", "3"),
    ok!("int(-1.9)", "int", "-1", "-1"),
    ok!("int(1.9)", "int", "1", "1"),
    ok!("int(5)", "int", "5", "5"),
    ok!("int('12')", "int", "12", "12"),
    ok!("int('-3')", "int", "-3", "-3"),
    ok!("int('+3')", "int", "3", "3"),
    ok!("int('007')", "int", "7", "7"),
    err!("int('1.5')", "any"),
    err!("int(' 1')", "any"),
    err!("int('1_000')", "any"),
    err!("int('')", "any"),
    err!("int('abc')", "any"),
    ok!("float(1)", "float", "1.0", "1"),
    ok!("float(1.5)", "float", "1.5", "1.5"),
    ok!("float('1e3')", "float", "1000.0", "1000"),
    ok!("float('1.5')", "float", "1.5", "1.5"),
    ok!("float('inf')", "float", "null", "+Inf"),
    ok!("float('-Inf')", "float", "null", "-Inf"),
    ok!("float('NaN')", "float", "null", "NaN"),
    ok!("float('1_000')", "float", "1000.0", "1000"),
    err!("float('abc')", "any"),
    err!("float('')", "any"),
    ok!("max(1, 2.5)", "float", "2.5", "2.5"),
    ok!("max(3, 1, 2)", "int", "3", "3"),
    ok!("max([1, [5, 2]], 3)", "int", "5", "5"),
    ok!("max(1, 1.0)", "int", "1", "1"),
    ok!("max([])", "nil", "null", "<nil>"),
    ok!("max([1, 2, 3])", "int", "3", "3"),
    err!("max('a', 1)", "any"),
    erre!("max([1, 'a'])", "", "any"),
    ok!("max(u.s)", "string", r#""abc""#, "abc"),
    ok!("min(3, 1, 2)", "int", "1", "1"),
    ok!("min(1.0, 1)", "float", "1.0", "1"),
    ok!("min([2, 0.5])", "float", "0.5", "0.5"),
    ok!("min([])", "nil", "null", "<nil>"),
    ok!("mean([1, 2, 3, 4])", "float", "2.5", "2.5"),
    ok!("mean([2])", "float", "2.0", "2"),
    ok!("mean(1, 2)", "float", "1.5", "1.5"),
    ok!("mean([])", "float", "0.0", "0"),
    ok!("median([1, 3, 2])", "float", "2.0", "2"),
    ok!("median([1, 2, 3, 4])", "float", "2.5", "2.5"),
    ok!("median([])", "float", "0.0", "0"),
    ok!("bitand(12, 10)", "int", "8", "8"),
    ok!("bitor(12, 10)", "int", "14", "14"),
    ok!("bitxor(12, 10)", "int", "6", "6"),
    ok!("bitnand(12, 10)", "int", "4", "4"),
    ok!("bitshl(1, 3)", "int", "8", "8"),
    ok!("bitshr(-8, 1)", "int", "-4", "-4"),
    ok!("bitushr(-1, 60)", "int", "15", "15"),
    ok!("bitnot(0)", "int", "-1", "-1"),
    ok!("bitnot(5)", "int", "-6", "-6"),
    err!("bitshl(1, -1)", "any"),
    err!("bitand('a', 1)", "any"),
    err!("bitand(1.5, 1)", "any"),
];

/// Builtins: arrays and maps.
const SECTION_6_4: &[Row] = &[
    ok!("len('héllo')", "int", "5", "5"),
    ok!("len([1, 2])", "int", "2", "2"),
    ok!("len({a: 1})", "int", "1", "1"),
    ok!("len('')", "int", "0", "0"),
    ok!("len(u.objs)", "int", "3", "3"),
    err!("len(1)", "any"),
    erre!("len(u.n)", "", "run"),
    ok!("first([1, 2])", "int", "1", "1"),
    ok!("first([])", "nil", "null", "<nil>"),
    ok!("last([1, 2])", "int", "2", "2"),
    ok!("last([])", "nil", "null", "<nil>"),
    err!("first('abc')", "compile"),
    ok!("first(u.n)", "nil", "null", "<nil>"),
    ok!("get([1, 2, 3], -1)", "int", "3", "3"),
    ok!("get([1, 2, 3], 1)", "int", "2", "2"),
    ok!("get([1], 5)", "nil", "null", "<nil>"),
    ok!("get({a: 1}, 'a')", "int", "1", "1"),
    ok!("get({a: 1}, 'b')", "nil", "null", "<nil>"),
    ok!("get(u, 'n')", "int", "1", "1"),
    ok!("take([1, 2, 3], 2)", "array", "[1,2]", "[1 2]"),
    ok!("take([1], 5)", "array", "[1]", "[1]"),
    ok!("take([1, 2], 0)", "array", "[]", "[]"),
    err!("take([1], -1)", "any"),
    ok!("keys({a: 1})", "array", r#"["a"]"#, "[a]"),
    ok!("values({a: 1})", "array", "[1]", "[1]"),
    ok!("keys({})", "array", "[]", "[]"),
    ok!("toPairs({a: 1})", "array", r#"[["a",1]]"#, "[[a 1]]"),
    ok!(
        "fromPairs([['a', 1], ['b', 2]])",
        "map",
        r#"{"a":1,"b":2}"#,
        "map[a:1 b:2]"
    ),
    ok!("fromPairs([['a', 1]]).a", "int", "1", "1"),
    ok!(
        "fromPairs(toPairs({a: 1, b: 'x'}))",
        "map",
        r#"{"a":1,"b":"x"}"#,
        "map[a:1 b:x]"
    ),
    err!("fromPairs([1])", "any"),
    err!("fromPairs([[1]])", "any"),
    ok!("reverse([1, 2, 3])", "array", "[3,2,1]", "[3 2 1]"),
    ok!("reverse([])", "array", "[]", "[]"),
    ok!("uniq([1, 1.0, '1', 2])", "array", r#"[1,"1",2]"#, "[1 1 2]"),
    ok!("uniq([2, 1, 2])", "array", "[2,1]", "[2 1]"),
    ok!("concat([1], [2, 3])", "array", "[1,2,3]", "[1 2 3]"),
    ok!("concat([1])", "array", "[1]", "[1]"),
    ok!("concat([], [])", "array", "null", "[]"),
    err!("concat()", "compile"),
    err!("concat([1], 2)", "any"),
    ok!("flatten([1, [2, [3]]])", "array", "[1,2,3]", "[1 2 3]"),
    ok!("flatten([])", "array", "[]", "[]"),
    ok!("sort([3, 1, 2])", "array", "[1,2,3]", "[1 2 3]"),
    ok!("sort([3, 1, 2], 'desc')", "array", "[3,2,1]", "[3 2 1]"),
    ok!(
        "sort(['b', 'a', 'C'])",
        "array",
        r#"["C","a","b"]"#,
        "[C a b]"
    ),
    ok!("sort([2.5, 1])", "array", "[1,2.5]", "[1 2.5]"),
    ok!("sort(u.strs)", "array", r#"["a","b","c"]"#, "[a b c]"),
    err!("sort([1], 'x')", "any"),
    erre!("sort([1, 'a'])", "", "any"),
    ok!("sort(u.m)", "array", "null", "[]"),
    ok!("sort(u.n)", "array", "null", "[]"),
];

/// Builtins: conversion, encoding, time.
const SECTION_6_5: &[Row] = &[
    ok!("fromJSON('{\"a\": 1}')", "map", r#"{"a":1.0}"#, "map[a:1]"),
    ok!("fromJSON('{\"a\": 1}').a", "float", "1.0", "1"),
    ok!(
        "fromJSON('[1, \"a\", null, true]')",
        "array",
        r#"[1.0,"a",null,true]"#,
        "[1 a <nil> true]"
    ),
    ok!("fromJSON('\"x\"')", "string", r#""x""#, "x"),
    ok!("fromJSON('null')", "nil", "null", "<nil>"),
    err!("fromJSON('x')", "any"),
    err!("fromJSON('{')", "any"),
    ok!("type(fromJSON('2'))", "string", r#""float""#, "float"),
    ok!(
        "duration('1h30m')",
        "time.Duration",
        "5400000000000",
        "1h30m0s"
    ),
    ok!(
        "duration('1.5h')",
        "time.Duration",
        "5400000000000",
        "1h30m0s"
    ),
    ok!("duration('-1m')", "time.Duration", "-60000000000", "-1m0s"),
    ok!("duration('100ms')", "time.Duration", "100000000", "100ms"),
    ok!("duration('1us')", "time.Duration", "1000", "1µs"),
    ok!("duration('1µs')", "time.Duration", "1000", "1µs"),
    ok!("duration('5ns')", "time.Duration", "5", "5ns"),
    ok!("duration('0s')", "time.Duration", "0", "0s"),
    err!("duration('1d')", "any"),
    err!("duration('')", "any"),
    ok!(
        "date('2023-08-14')",
        "time.Time",
        r#""2023-08-14T00:00:00Z""#,
        "2023-08-14 00:00:00 +0000 UTC"
    ),
    ok!(
        "date('10:30:00')",
        "time.Time",
        "*",
        "0000-01-01 10:30:00 +0000 UTC"
    ),
    ok!(
        "date('2023-08-14 10:30:00')",
        "time.Time",
        r#""2023-08-14T10:30:00Z""#,
        "2023-08-14 10:30:00 +0000 UTC"
    ),
    ok!(
        "date('2023-08-14T10:30:00Z')",
        "time.Time",
        r#""2023-08-14T10:30:00Z""#,
        "2023-08-14 10:30:00 +0000 UTC"
    ),
    ok!(
        "date('2023-08-14T10:30:00+02:00')",
        "time.Time",
        r#""2023-08-14T10:30:00+02:00""#,
        "2023-08-14 10:30:00 +0200 +0200"
    ),
    ok!(
        "date('14/08/2023', '02/01/2006')",
        "time.Time",
        r#""2023-08-14T00:00:00Z""#,
        "2023-08-14 00:00:00 +0000 UTC"
    ),
    ok!(
        "date('2023-08-14', '2006-01-02', 'Europe/Berlin')",
        "time.Time",
        r#""2023-08-14T00:00:00+02:00""#,
        "2023-08-14 00:00:00 +0200 CEST"
    ),
    err!("date('x')", "any"),
    err!("date('2023-08-14', '2006-01-02', 'Nowhere/X')", "any"),
    ok!("date('2023-08-14').Year()", "int", "2023", "2023"),
    ok!("date('2023-08-14').Day()", "int", "14", "14"),
    ok!("date('2023-08-14').YearDay()", "int", "226", "226"),
    ok!("date('2023-08-14 10:30:15').Hour()", "int", "10", "10"),
    ok!("date('2023-08-14 10:30:15').Minute()", "int", "30", "30"),
    ok!("date('2023-08-14 10:30:15').Second()", "int", "15", "15"),
    ok!(
        "date('2023-08-14').Format('2006/01/02')",
        "string",
        r#""2023/08/14""#,
        "2023/08/14"
    ),
    ok!(
        "date('2023-08-14').Format('Jan 2, 2006')",
        "string",
        r#""Aug 14, 2023""#,
        "Aug 14, 2023"
    ),
    ok!(
        "date('2023-08-14').Unix()",
        "int",
        "1691971200",
        "1691971200"
    ),
    ok!(
        "date('2023-08-14').UTC() == date('2023-08-14')",
        "bool",
        "true",
        "true"
    ),
    ok!(
        "date('2023-08-14').In(timezone('Europe/Berlin')).Hour()",
        "int",
        "2",
        "2"
    ),
    ok!("duration('1h').Hours()", "float", "1.0", "1"),
    ok!("duration('1h').Minutes()", "float", "60.0", "60"),
    ok!("duration('1h').String()", "string", r#""1h0m0s""#, "1h0m0s"),
    ok!("type(timezone('UTC'))", "string", r#""unknown""#, "unknown"),
    ok!(
        "string(timezone('Europe/Berlin'))",
        "string",
        r#""Europe/Berlin""#,
        "Europe/Berlin"
    ),
    err!("timezone('Nowhere/X')", "any"),
    ok!("now() - now() < duration('1s')", "bool", "true", "true"),
];

#[test]
fn section_0() {
    check(SECTION_0);
}
#[test]
fn section_2() {
    check(SECTION_2);
}
#[test]
fn section_3() {
    check(SECTION_3);
}
#[test]
fn section_4() {
    check(SECTION_4);
}
#[test]
fn section_4_16() {
    check(SECTION_4_16);
}
#[test]
fn section_5() {
    check(SECTION_5);
}
#[test]
fn section_6_1() {
    check(SECTION_6_1);
}
#[test]
fn section_6_2() {
    check(SECTION_6_2);
}
#[test]
fn section_6_3() {
    check(SECTION_6_3);
}
#[test]
fn section_6_4() {
    check(SECTION_6_4);
}
#[test]
fn section_6_5() {
    check(SECTION_6_5);
}
