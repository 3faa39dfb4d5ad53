//! Precedence, arithmetic, equality, ordering, logic (docs/language.md: Grammar, Semantics).
mod eval_common;
use eval_common::check_table;
use serde_json::json;

#[test]
fn precedence_rows() {
    check_table(
        &[
            ("2 ** 3 ** 2", "512.0"),
            ("-2 ** 2", "-4.0"),
            ("7/2", "3.5"),
            ("4/2", "2.0"),
            ("-7 % 3", "-1"),
            ("9223372036854775807 + 1", "-9223372036854775808"),
            ("1 + 2 * 3", "7"),
            ("(1 + 2) * 3", "9"),
            ("2 ^ 8", "256.0"),
            ("2 ** -1", "0.5"),
            ("1 < 2 < 3 > 4", "false"),
            ("1 == 1 == true", "true"),
            ("false ? 1 : false ? 2 : 3", "3"),
            ("1 + nil ?? 3", "4"),
            ("nil ?? nil ?? 5", "5"),
            ("not true == false", "true"),
            ("!true == false", "true"),
            ("1 .. 3", "[1, 2, 3]"),
            ("3..1", "[]"),
            ("1 + 2 .. 2 * 3", "[3, 4, 5, 6]"),
            ("1 < 2 and 2 < 3", "true"),
            ("true or false and false", "true"),
            ("[1, 2, 3] | filter(# > 1) | map(# * 2) | sum()", "10"),
        ],
        &json!({}),
    );
}

#[test]
fn arithmetic_rows() {
    check_table(
        &[
            ("1 + 1.5", "2.5"),
            ("'a' + 'b'", "\"ab\""),
            ("3 * 1.5", "4.5"),
            ("10 - 2.5", "7.5"),
            ("1 / 0", "inf"),
            ("-1 / 0", "-inf"),
            ("7 % 0", "ERR:integer divide by zero"),
            ("u.z % 0", "ERR:integer divide by zero"),
            ("1 % 1.5", "ERR:mismatched types int and float64"),
            (
                "'a' + 1",
                "ERR:invalid operation: + (mismatched types string and int)",
            ),
            ("u.missing + 'a'", "ERR:invalid operation: <nil> + string"),
            ("u.f % 2", "ERR:invalid operation: float64 % int"),
            ("u.n + 1", "42"),
            ("u.f + 1", "4.5"),
            ("-u.n", "-41"),
            ("-'a'", "ERR:invalid operation"),
            ("+u.s", "\"x\""),
        ],
        &json!({"u": {"n": 41, "f": 3.5, "s": "x", "z": 7}}),
    );
}

#[test]
fn equality_and_ordering_rows() {
    check_table(
        &[
            ("1 == 1.0", "true"),
            ("[1] == [1.0]", "true"),
            ("nil == nil", "true"),
            ("nil == ''", "false"),
            ("[] == nil", "false"),
            ("{x: 1} == {x: 1.0}", "false"),
            ("{x: 1} == {x: 1}", "true"),
            ("u.m == {x: 1}", "true"),
            (
                "1 == '1'",
                "ERR:invalid operation: == (mismatched types int and string)",
            ),
            ("true == 1", "ERR:mismatched types bool and int"),
            ("u.s == 1", "false"),
            ("u.s != 1", "true"),
            ("'B' < 'a'", "true"),
            ("1 < 1.5", "true"),
            ("u.missing < 1", "ERR:invalid operation: <nil> < int"),
            ("u.s < 1", "ERR:invalid operation: string < int"),
            ("'a' < 1", "ERR:mismatched types string and int"),
            ("2 >= 2", "true"),
            ("2 <= 1", "false"),
        ],
        &json!({"u": {"s": "x", "m": {"x": 1}}}),
    );
}

#[test]
fn logical_rows() {
    check_table(
        &[
            ("true and u.b", "nil"),
            ("false or 'x'", "ERR:mismatched types bool and string"),
            ("true && u.s", "\"x\""),
            ("!nil", "ERR:"),
            ("not 1", "ERR:"),
            ("not u.missing", "ERR:expected bool"),
            ("u.missing ? 1 : 2", "ERR:expected bool"),
            (
                "'a' ? 1 : 2",
                "ERR:non-bool expression (type string) used as condition",
            ),
            ("u.t ?: 'd'", "true"),
            ("u.fa ?: 'd'", "\"d\""),
            ("u.s ?: 'd'", "ERR:expected bool"),
            ("if u.t { 1 } else { 2 }", "1"),
            ("if u.fa { 1 } else if u.t { 2 } else { 3 }", "2"),
            ("false and u.missing.x", "false"),
            ("true or u.missing.x", "true"),
        ],
        &json!({"u": {"s": "x", "t": true, "fa": false}}),
    );
}

/// The optimizer rewrites of `and`/`or` (docs/language.md, Logic) apply only with folding on.
#[test]
fn optimizer_quirks() {
    use eval_common::eval_with;
    use scimexpr::Compiler;
    let env = json!({"u": {"s": "x"}});
    let on = Compiler::new();
    let off = Compiler::new().optimize(false);
    for (src, folded) in [
        ("u.missing and true", "nil"),
        ("u.missing or false", "nil"),
        ("u.s and false", "false"),
        ("false and u.s", "false"),
        ("u.s or true", "true"),
        ("u.s and true", "\"x\""),
    ] {
        assert_eq!(eval_with(&on, src, &env).unwrap(), folded, "{src}");
        let unopt = eval_with(&off, src, &env);
        if src.starts_with("false") {
            assert_eq!(unopt.unwrap(), "false");
        } else {
            assert!(unopt.is_err(), "{src} unoptimized must fail: {unopt:?}");
        }
    }
}
