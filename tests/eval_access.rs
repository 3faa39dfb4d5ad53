//! Membership, ranges, member/index/slice, `?.`, `??`, literals, variables,
//! and the nil/error table (docs/language.md: Semantics, Nil and errors).
mod eval_common;
use eval_common::{check_table, eval};
use serde_json::json;

#[test]
fn membership_and_string_ops() {
    check_table(
        &[
            ("1 in [1, 2]", "true"),
            ("1.0 in [1, 2]", "true"),
            ("nil in [nil]", "true"),
            ("3 in [1, 2]", "false"),
            ("'a' in {a: 1}", "true"),
            ("'b' in {a: 1}", "false"),
            ("'x' in u", "true"),
            ("1 in u", "ERR:"),
            ("1 in nil", "ERR:mismatched types int and nil"),
            ("1 in u.missing", "false"),
            ("'a' in 'abc'", "ERR:"),
            ("u.s in u.p", "ERR:operator \"in\" not defined on string"),
            ("1 not in [1]", "false"),
            ("'abc' contains 'b'", "true"),
            ("'abc' startsWith 'ab'", "true"),
            ("'abc' endsWith 'bc'", "true"),
            ("'abc' not contains 'z'", "true"),
            ("'ABC' contains 'b'", "false"),
            ("u.n contains 'a'", "ERR:expected string"),
            ("'A' matches '^[A-Z]$'", "true"),
            ("'ab' matches 'b'", "true"),
            ("'ab' not matches '^b'", "true"),
            ("'a' matches u.p", "true"),
            ("'a' matches '['", "ERR:error parsing regexp"),
            ("'a' matches u.bad", "ERR:error parsing regexp"),
        ],
        &json!({"u": {"x": 1, "s": "b", "n": 5, "p": "^a$", "bad": "("}}),
    );
}

#[test]
fn member_index_slice() {
    check_table(
        &[
            ("u.a", "[1, 2, 3]"),
            ("u.a[0]", "1"),
            ("u.a[-1]", "3"),
            ("u.a[3]", "ERR:index out of range: 3 (array length is 3)"),
            ("u.a[-4]", "ERR:index out of range: -1 (array length is 3)"),
            ("[1,2,3][-1]", "3"),
            ("[1,2,3][5:9]", "[]"),
            ("[1,2,3][1:]", "[2, 3]"),
            ("[1,2,3][:2]", "[1, 2]"),
            ("[1,2,3][:]", "[1, 2, 3]"),
            ("[1,2,3][-2:]", "[2, 3]"),
            ("u.a[1:2]", "[2]"),
            ("'héllo'[1:3]", "\"é\""),
            ("u.x[0]", "Uint8(120)"),
            ("'abc'[0]", "ERR:type string[int] is undefined"),
            (
                "[1, 2].x",
                "ERR:array elements can only be selected using an integer (got string)",
            ),
            ("u.a.x", "ERR:invalid operation: int(string)"),
            ("u.m.k", "\"v\""),
            ("u.m['k']", "\"v\""),
            ("u['m'].k", "\"v\""),
            ("u.missing", "nil"),
            ("u.missing.deeper", "ERR:cannot fetch deeper from <nil>"),
            ("u.missing[0]", "ERR:cannot fetch 0 from <nil>"),
            ("u.missing?.deeper", "nil"),
            ("u.v?.a.b", "nil"),
            ("u.v?.a[0]", "ERR:cannot fetch 0 from <nil>"),
            ("(u.v?.a).b", "nil"),
            ("u?.missing.deeper", "ERR:cannot fetch deeper from <nil>"),
            ("u.v?.[0]", "nil"),
            ("u.a?.[1]", "2"),
            ("u.missing ?? 'x'", "\"x\""),
            ("'' ?? 'x'", "\"\""),
            ("u.a.b ?? 'x'", "ERR:"),
            ("u.q.b ?? 'x'", "ERR:cannot fetch b from <nil>"),
            ("u.q?.b ?? 'x'", "\"x\""),
            ("{a: 1, a: 2}", "{a: 1}"),
            ("{3: 4}", "{3: 4}"),
            ("{'a': 1, b: [1, 'x']}", "{a: 1, b: [1, \"x\"]}"),
            ("{(u.x): 1}", "{xyz: 1}"),
            ("{(u.n): 1}", "ERR:expected string"),
            ("$env.u.x", "\"xyz\""),
            ("$env['u'].n", "5"),
            ("'u' in $env", "true"),
            ("$env?.unknown", "nil"),
            ("unknownRoot", "nil"),
            ("let x = 2; x * 3", "6"),
            ("let x = 2; let y = x + 1; x * y", "6"),
            ("(1; 2; 3)", "3"),
            ("let p = u.a; map(p, # + p[0])", "[2, 3, 4]"),
        ],
        &json!({"u": {"a": [1, 2, 3], "x": "xyz", "m": {"k": "v"}, "v": null, "n": 5}}),
    );
}

/// Every row of the nil table (docs/language.md, Nil and errors) that does not depend on the builtin library.
#[test]
fn nil_error_table() {
    check_table(
        &[
            ("u.missing", "nil"),
            ("u.missing == nil", "true"),
            ("u.missing != nil", "false"),
            ("u.missing == ''", "false"),
            ("u.missing ?? 'x'", "\"x\""),
            ("u.missing.deeper", "ERR:cannot fetch deeper from <nil>"),
            ("u.missing?.deeper", "nil"),
            ("u.missing + 'a'", "ERR:invalid operation: <nil> + string"),
            ("u.missing < 1", "ERR:invalid operation: <nil> < int"),
            ("u.missing contains 'a'", "false"),
            ("u.missing startsWith 'a'", "false"),
            ("u.missing matches 'a'", "false"),
            ("u.missing in ['a']", "false"),
            ("'a' in u.missing", "false"),
            ("u.missing ? 1 : 2", "ERR:expected bool, got nil"),
            ("not u.missing", "ERR:expected bool, got nil"),
            ("true and u.missing", "nil"),
            ("filter(u.missing, true)", "ERR:cannot iterate over <nil>"),
            ("map(u.missing, #)", "ERR:cannot iterate over <nil>"),
            ("count(u.missing)", "ERR:cannot iterate over <nil>"),
            ("u.f(1)", "ERR:invalid operation: cannot call nil"),
        ],
        &json!({"u": {}}),
    );
    // Unoptimized, `u.missing and true` checks its left operand.
    let c = scimexpr::Compiler::new().optimize(false);
    let e = eval_common::eval_with(&c, "u.missing and true", &json!({"u": {}})).unwrap_err();
    assert_eq!(e.headline(), "expected bool, got nil (1:11)");
}

#[test]
fn predicates_rows() {
    check_table(
        &[
            ("all([1, 2], # > 0)", "true"),
            ("all([], # > 0)", "true"),
            ("none([1, 2], # > 2)", "true"),
            ("any([1, 2], # > 1)", "true"),
            ("any([], # > 1)", "false"),
            ("one([1, 2], # > 1)", "true"),
            ("one([1, 2], # > 0)", "false"),
            ("filter([1, 2, 3], # > 1)", "[2, 3]"),
            ("map([1, 2], # * 2)", "[2, 4]"),
            ("map([1, 2], #index)", "[0, 1]"),
            ("map(u.people, .name)", "[\"a\", \"b\"]"),
            ("map(u.people, {{n: .name}})", "[{n: \"a\"}, {n: \"b\"}]"),
            ("find([1, 2], # > 1)", "2"),
            ("find([1, 2], # > 5)", "nil"),
            ("findIndex([1, 2], # > 1)", "1"),
            ("findIndex([1, 2], # > 5)", "nil"),
            ("findLast([1, 2, 3], # > 1)", "3"),
            ("findLastIndex([1, 2, 3], # > 1)", "2"),
            ("findLastIndex([1, 2, 3], # > 5)", "nil"),
            ("count([1, 2, 3], # > 1)", "2"),
            ("count([true, false, true])", "2"),
            ("count([1, 2])", "ERR:expected bool, got int"),
            ("sum([1, 2, 3])", "6"),
            ("sum([1, 2.5])", "3.5"),
            ("sum([])", "0"),
            ("sum(['a'])", "ERR:invalid operation: int + string"),
            ("sum([1, 2], # * 10)", "30"),
            ("groupBy([1, 2, 3], # % 2)", "{1: [1, 3], 0: [2]}"),
            ("groupBy([1, 2, 3], # % 2)[1]", "[1, 3]"),
            (
                "groupBy([[1]], #)",
                "ERR:cannot use []interface {} as a key for groupBy: type is not comparable",
            ),
            ("sortBy([{a: 2}, {a: 1}], .a)[0].a", "1"),
            ("sortBy([3, 1, 2], #)", "[1, 2, 3]"),
            ("sortBy([3, 1, 2], #, 'desc')", "[3, 2, 1]"),
            (
                "sortBy([3, 1, 2], #, 'up')",
                "ERR:unknown order, use asc or desc",
            ),
            (
                "sortBy([3, 1, 2], #, 1)",
                "ERR:sortBy order argument must be a string",
            ),
            ("sortBy([3, 'a'], #)", "ERR:invalid operation:"),
            ("reduce([1, 2, 3], #acc + #)", "6"),
            ("reduce([1, 2, 3], #acc + #, 10)", "16"),
            (
                "reduce([], #acc + #)",
                "ERR:reduce of empty array with no initial value",
            ),
            ("reduce([], #acc + #, 'i')", "\"i\""),
            ("reduce([1, 2, 3], #acc + #index, 0)", "3"),
            ("map(u.ab, #)", "[Uint8(97), Uint8(98)]"),
            (
                "map('ab', #)",
                "ERR:builtin map takes only array (got string)",
            ),
            (
                "filter(1, true)",
                "ERR:builtin filter takes only array (got int)",
            ),
            ("filter([1], 'x')", "ERR:predicate should return boolean"),
            ("filter([1], # + 1)", "ERR:predicate should return boolean"),
            ("filter(u.people, 1)", "ERR:predicate should return boolean"),
            ("map({a: 1}, #)", "ERR:builtin map takes only array"),
            (
                "map(u.people[0], #)",
                "ERR:cannot fetch an element of map[string]interface {}",
            ),
            ("all(u.people, any(.tags, # == 'x'))", "false"),
            ("let p = 2; filter([1, 2, 3], # >= p)", "[2, 3]"),
            ("map([[1, 2], [3]], map(#, # * 10))", "[[10, 20], [30]]"),
            ("map([1, 2], { let y = # * 2; y + 1 })", "[3, 5]"),
            ("filter([1, 2], #index > 0)", "ERR:unknown pointer #index"),
            ("map([1, 2], #acc)", "ERR:unknown pointer #acc"),
            ("#acc", "ERR:cannot use pointer accessor outside predicate"),
            ("# + 1", "ERR:cannot use pointer accessor outside predicate"),
            (".name", "ERR:cannot use pointer accessor outside predicate"),
        ],
        &json!({"u": {"ab": "ab", "people": [{"name": "a", "tags": ["x"]}, {"name": "b", "tags": []}]}}),
    );
}

#[test]
fn compile_errors_and_functions() {
    check_table(
        &[
            (
                "uper('a')",
                "ERR:unknown function uper (did you mean upper?)",
            ),
            ("fooBarBaz(1)", "ERR:unknown function fooBarBaz"),
            ("filter([1])", "ERR:expected at least 2 arguments"),
            ("len()", "ERR:not enough arguments to call len"),
            ("len(1, 2)", "ERR:too many arguments to call len"),
            ("findIndex([1], # > 1, 3)", "ERR:"),
            ("let lower = 1; lower", "ERR:cannot redeclare builtin lower"),
            ("let x = 1; let x = 2; x", "ERR:cannot redeclare variable x"),
        ],
        &json!({}),
    );
}

#[test]
fn runtime_errors_carry_positions() {
    let env = json!({"u": {}});
    let e = eval("1 +\n  u.missing.deeper", &env).unwrap_err();
    assert_eq!(e.phase, scimexpr::Phase::Run);
    assert_eq!(e.line, 2);
    assert!(
        e.headline()
            .starts_with("cannot fetch deeper from <nil> (2:"),
        "{}",
        e.headline()
    );
    let e = eval("'a' + 1", &env).unwrap_err();
    assert_eq!(e.phase, scimexpr::Phase::Compile);
    let e = eval("u.a + 'x'", &env).unwrap_err();
    assert_eq!(e.phase, scimexpr::Phase::Run);
    assert!(e.to_string().contains("\n | u.a + 'x'\n | "), "{e}");
}

/// Rows that go through the builtin library and time methods (integration).
#[test]
fn builtins_through_the_vm() {
    check_table(
        &[
            (
                "len(u.missing)",
                "ERR:invalid argument for len (type <nil>)",
            ),
            ("string(u.missing)", "\"<nil>\""),
            ("first(u.missing)", "nil"),
            ("len(1..1000001)", "ERR:memory budget exceeded"),
            ("len('héllo')", "5"),
            ("upper(u.s)", "\"X\""),
            ("::len([1, 2])", "2"),
            ("[1, 2, 3] | filter(# > 1) | map(# * 2) | sum()", "10"),
            ("date('2023-08-14').Year()", "2023"),
            ("duration('1h30m').Minutes()", "90.0"),
            ("(date('2023-08-14') - date('2023-08-13')).Hours()", "24.0"),
            (
                "date('2023-08-14') + duration('24h') > date('2023-08-14')",
                "true",
            ),
            ("u.missing?.Year()", "nil"),
        ],
        &json!({"u": {"s": "x"}}),
    );
}
