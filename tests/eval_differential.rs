//! Differential test: random small expressions give the same result (or both
//! an error) with the optimizer on and off. `and`/`or` operands are drawn from
//! expressions that cannot fail at run time, because the optimizer's `and`/`or`
//! rewrites (`x and false` → false) legitimately skip evaluating them.
mod eval_common;
use eval_common::eval_with;
use proptest::prelude::*;
use scimexpr::Compiler;
use serde_json::json;

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..10).prop_map(|i| i.to_string()),
        prop::sample::select(vec![
            "1.5",
            "0.0",
            "2.0",
            "'a'",
            "'b'",
            "''",
            "nil",
            "true",
            "false",
            "u.n",
            "u.f",
            "u.s",
            "u.missing",
            "u.a",
            "u.t",
            "u.m",
            "[1, 2]",
            "{k: 1}",
            "9223372036854775807",
        ])
        .prop_map(String::from),
    ]
}

/// Bool expressions that never fail at run time.
fn safe_bool() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("true".to_string()),
        Just("false".to_string()),
        Just("u.t".to_string()),
        (
            0i64..5,
            prop::sample::select(vec!["<", ">", "<=", ">=", "==", "!="])
        )
            .prop_map(|(i, op)| format!("(u.n {op} {i})")),
        (atom(), atom()).prop_map(|(a, b)| format!("({a} == {b})")),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("(not {a})")),
        ]
    })
}

fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(4, 24, 3, |inner| {
        let ops = prop::sample::select(vec![
            "+",
            "-",
            "*",
            "/",
            "%",
            "**",
            "==",
            "!=",
            "<",
            ">",
            "<=",
            ">=",
            "??",
            "in",
            "contains",
            "startsWith",
            "endsWith",
            "..",
        ]);
        prop_oneof![
            (inner.clone(), ops, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("(-{a})")),
            inner.clone().prop_map(|a| format!("(not {a})")),
            (safe_bool(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            (safe_bool(), inner.clone()).prop_map(|(c, b)| format!("({c} ?: {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[{a}, {b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}]")),
            inner.clone().prop_map(|a| format!("u.missing?.x ?? {a}")),
            safe_bool(),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}:]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(let v = {a}; [v, {b}, v])")),
            inner.clone().prop_map(|a| format!("map(u.a, # + {a})")),
            inner
                .clone()
                .prop_map(|a| format!("filter([{a}, 1, 'x'], # == {a})")),
            inner
                .clone()
                .prop_map(|a| format!("reduce(u.a, #acc + {a}, 0)")),
            inner.clone().prop_map(|a| format!("len({a})")),
            inner.clone().prop_map(|a| format!("string({a})")),
            inner.clone().prop_map(|a| format!("({a} matches 'a')")),
            inner.prop_map(|a| format!("{{k: {a}, k: 1}}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn optimizer_preserves_results(src in expr()) {
        let env = json!({"u": {"n": 3, "f": 2.5, "s": "x", "a": [1, 2, 3], "t": true, "m": {"k": 1}}});
        let on = eval_with(&Compiler::new(), &src, &env);
        let off = eval_with(&Compiler::new().optimize(false), &src, &env);
        match (&on, &off) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", src),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{}: optimized {:?} vs unoptimized {:?}", src,
                on.as_ref().map_err(|e| e.headline()), off.as_ref().map_err(|e| e.headline())),
        }
    }
}
