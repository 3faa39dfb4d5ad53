//! Deep and shared values built inside a run: dropping, comparing and
//! printing them must neither overflow the stack nor take exponential time.
//! Each case runs on a thread with a small stack under a watchdog.

use scimexpr::Program;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on a thread with a 256 KiB stack; fails the test if it panics or
/// takes more than 5 seconds.
fn small_stack<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(256 * 1024)
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
