//! A `Program`'s result depends only on its source and the record: not on the
//! thread it runs on, how many times it ran, or what ran before it on the same
//! thread (the thread-local machine reuses buffers and a regex cache).

// A run's result borrows the program and the record, so it is bound to a
// local to be dropped before them.
#![allow(clippy::let_and_return)]

use proptest::prelude::*;
use scimexpr::{Compiler, Program};
use serde_json::{json, Value as Json};
use std::sync::Arc;

fn env() -> Json {
    json!({"u": {"n": 3, "f": 2.5, "s": "abc", "a": [1, 2, 3], "t": true, "m": {"k": 1}}})
}

/// The result as text: the JSON of the value or the error's headline.
fn outcome(p: &Program, env: &Json) -> String {
    let r = match p.run(env) {
        Ok(v) => format!("ok {}", v.to_json()),
        Err(e) => format!("err {}", e.headline()),
    };
    r
}

/// Programs that leave state behind in the thread's machine: a failure in the
/// middle of nested loops, dynamic patterns, a run stopped by each budget.
const POLLUTERS: &[&str] = &[
    "map(1..100, map(1..10, # / (# - 5) > 0 ? 1 : u.missing.x))",
    "filter(1..40, 'x' + string(#) matches ('x' + string(# % 7)))",
    "reduce(1..1000, #acc + repeat('x', 2000), '')",
    "let r = 1..3000; all(r, all(r, all(r, true)))",
    "u.s matches ('a' + 'b' + 'c')",
];

fn atom() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "2",
        "0",
        "1.5",
        "'a'",
        "'ab'",
        "nil",
        "true",
        "u.n",
        "u.f",
        "u.s",
        "u.a",
        "u.m",
        "u.missing",
        "[1, 'a']",
    ])
    .prop_map(String::from)
}

fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(3, 16, 3, |inner| {
        let ops = prop::sample::select(vec![
            "+", "-", "*", "/", "%", "==", "<", "??", "in", "contains", "..",
        ]);
        prop_oneof![
            (inner.clone(), ops, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[{a}, {b}]")),
            inner.clone().prop_map(|a| format!("map(u.a, # + {a})")),
            inner.clone().prop_map(|a| format!("string({a})")),
            inner
                .clone()
                .prop_map(|a| format!("(u.s matches string({a}))")),
            inner
                .clone()
                .prop_map(|a| format!("(string({a}) matches 'a|1')")),
            inner
                .clone()
                .prop_map(|a| format!("reduce(1..5, #acc + {a}, 0)")),
            inner
                .clone()
                .prop_map(|a| format!("repeat(string({a}), 300000)")),
            inner.prop_map(|a| format!("len(toJSON({a}))")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn results_do_not_depend_on_thread_or_history(src in expr()) {
        let Ok(p) = Compiler::new().compile(&src) else { return Ok(()); };
        let p = Arc::new(p);
        let env = Arc::new(env());
        let first = outcome(&p, &env);
        // Again, after each polluter, on this thread.
        for polluter in POLLUTERS {
            // A small work budget stops the endless ones early.
            let q = Compiler::new().work_budget(20_000).compile(polluter).unwrap();
            let _ = outcome(&q, &env);
            prop_assert_eq!(&outcome(&p, &env), &first, "after {}: {}", polluter, src);
        }
        // On fresh threads, and on a thread that ran it before.
        let (p2, env2) = (p.clone(), env.clone());
        let other = std::thread::spawn(move || {
            let a = outcome(&p2, &env2);
            let b = outcome(&p2, &env2);
            (a, b)
        })
        .join()
        .unwrap();
        prop_assert_eq!(&other.0, &first, "{}", src);
        prop_assert_eq!(&other.1, &first, "{}", src);
    }
}

#[test]
fn dynamic_patterns_charge_the_same_on_every_run() {
    // Each distinct dynamic pattern costs the same whether or not a previous
    // run left it compiled: 90 patterns fit the default budget, the result is
    // the same on every run.
    let p = Program::compile("len(filter(1..90, 'x1' matches ('x' + string(#))))").unwrap();
    let env = env();
    let first = outcome(&p, &env);
    assert_eq!(first, "ok 1");
    for _ in 0..3 {
        assert_eq!(outcome(&p, &env), first);
    }
    // 32 patterns stay cached between runs; they must be charged again.
    let p =
        Program::compile("let big = 1..700000; len(filter(1..32, 'x1' matches ('x' + string(#))))")
            .unwrap();
    for _ in 0..3 {
        assert_eq!(outcome(&p, &env), "err memory budget exceeded (1:45)");
    }
}
