//! Deep and shared values built inside a run: dropping, comparing and
//! printing them must neither overflow the stack nor take exponential time.
//! Each case runs on a thread with a small stack under a watchdog.

// A run's result borrows the program and the record, so it is bound to a
// local to be dropped before them.
#![allow(clippy::let_and_return)]

use scimexpr::Program;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on a thread with a 256 KiB stack; fails the test if it panics or
/// takes more than 5 seconds.
fn small_stack<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    with_stack(256 * 1024, what, f)
}

fn with_stack<T: Send + 'static>(
    stack: usize,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(v) => v,
        Err(e) => panic!("{what}: no answer within 5s ({e:?})"),
    }
}

/// The run's result as `Ok(rendered JSON)` or `Err(headline)`.
fn eval(src: &'static str) -> Result<String, String> {
    small_stack(src, move || {
        let p = Program::compile(src).map_err(|e| e.headline())?;
        let env = serde_json::json!({});
        let r = p
            .run(&env)
            .map(|v| v.to_json().to_string())
            .map_err(|e| e.headline());
        r
    })
}

#[test]
fn deep_owned_values_drop_without_recursion() {
    // 100,000 nested arrays stay within the memory budget; dropping them must not recurse.
    assert_eq!(eval("len(reduce(1..100000, [#acc], []))"), Ok("1".into()));
    assert_eq!(
        eval("let x = reduce(1..100000, [#acc], []); 1"),
        Ok("1".into())
    );
    assert_eq!(
        eval("let x = reduce(1..100000, ({a: #acc}), nil); 2"),
        Ok("2".into())
    );
}

#[test]
fn equality_on_deep_and_shared_values_is_iterative_and_linear() {
    let cases: &[(&str, &str)] = &[
        (
            "reduce(1..100000, [#acc], []) == reduce(1..100000, [#acc], [])",
            "true",
        ),
        (
            "reduce(1..100000, [#acc], [1]) == reduce(1..100000, [#acc], [2])",
            "false",
        ),
        (
            "reduce(1..100000, [#acc], []) in [reduce(1..100000, [#acc], [])]",
            "true",
        ),
        // Shared parts: 2^100 leaves when expanded, 100 distinct pairs.
        (
            "reduce(1..100, [#acc, #acc], []) == reduce(1..100, [#acc, #acc], [])",
            "true",
        ),
        (
            "reduce(1..100, [#acc, #acc], [1]) == reduce(1..100, [#acc, #acc], [1.0])",
            "true",
        ),
        (
            "reduce(1..100, ({a: #acc, b: #acc}), 1) == reduce(1..100, ({a: #acc, b: #acc}), 1.0)",
            "false",
        ),
        (
            "len(uniq([reduce(1..100000, [#acc], []), reduce(1..100000, [#acc], [])]))",
            "1",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(eval(src), Ok(want.to_string()), "{src}");
    }
}

#[test]
fn results_handed_to_the_host_are_shallow_and_small() {
    // Too deep for a host to walk recursively, or exponential once shared parts are expanded.
    for src in [
        "reduce(1..100000, [#acc], [])",
        "sort([reduce(1..100000, [#acc], [])])",
        "fromPairs([[1, reduce(1..100000, [#acc], [])]])",
        "uniq([reduce(1..100000, [#acc], []), 1])",
        "reduce(1..100000, ({a: #acc}), 1)",
    ] {
        assert_eq!(
            eval(src),
            Err("recursion depth exceeded (1:1)".into()),
            "{src}"
        );
    }
    assert_eq!(
        eval("reduce(1..40, [#acc, #acc], [])"),
        Err("memory budget exceeded (1:1)".into())
    );
    // Just below the depth limit the result converts to JSON (recursively: a
    // 1 MiB stack is enough even in a debug build).
    let deep = with_stack(1 << 20, "999 levels", || {
        let p = Program::compile("reduce(1..999, [#acc], [])").unwrap();
        let env = serde_json::json!({});
        let v = p.run(&env).unwrap();
        let s = v.to_json().to_string();
        s
    });
    assert_eq!(deep.len(), 999 * 2 + 2);
}
