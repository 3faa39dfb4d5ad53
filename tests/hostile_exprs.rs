//! Pathological expressions: each must end in a value or a clear error,
//! quickly, without a panic or a stack overflow. Every case runs on its own
//! thread under a 5 s watchdog (no timing assertions).

// A run's result borrows the program and the record, so it is bound to a
// local to be dropped before them.
#![allow(clippy::let_and_return)]

use scimexpr::Compiler;
use std::sync::mpsc;
use std::time::Duration;

/// Compiles and runs `src` with `compiler` on a thread with a 2 MiB stack;
/// returns the JSON text of the result or the error's headline.
fn run_with(compiler: Compiler, src: String) -> Result<String, String> {
    run_within(5, compiler, src)
}

/// [`run_with`] under a watchdog of `secs` seconds (1 MiB sources take a few
/// seconds to lex and parse in an unoptimised build).
fn run_within(secs: u64, compiler: Compiler, src: String) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let what = src.chars().take(60).collect::<String>();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let r = (|| {
                let p = compiler.compile(&src).map_err(|e| e.headline())?;
                let env = serde_json::json!({"s": "abc", "u": {"name": "x", "flag": true}});
                let v = p.run(&env).map_err(|e| e.headline())?;
                let text = v.to_json().to_string();
                Ok(text)
            })();
            let _ = tx.send(r);
        })
        .unwrap();
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(r) => r,
        Err(e) => panic!("{what}: no answer within 5s ({e:?})"),
    }
}

fn run(src: &str) -> Result<String, String> {
    run_with(Compiler::new(), src.to_string())
}

fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

/// Asserts an error whose headline starts with `prefix`.
fn err_starts(src: &str, prefix: &str) {
    match run(src) {
        Err(e) => assert!(
            e.starts_with(prefix),
            "{}: got error {e:?}, want {prefix:?}",
            short(src)
        ),
        Ok(v) => panic!(
            "{}: got value {}, want error {prefix:?}",
            short(src),
            short(&v)
        ),
    }
}

#[test]
fn nesting_beyond_the_limit_is_an_error() {
    let n = 100_000;
    let cases = [
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1", "-".repeat(n)),
        format!("{}true", "!".repeat(n)),
        format!("{}true", "not ".repeat(n / 4)),
        "(".repeat(n),
        "[".repeat(n),
        "{".repeat(n),
        format!("{}1", "map([1], ".repeat(5000)),
        format!("{}#{}", "map([1], ".repeat(1000), ")".repeat(1000)),
        format!("{}1", "1 ? 1 : ".repeat(10_000)),
        format!("u{}", ".a".repeat(20_000)),
        format!("u{}", "?.a".repeat(10_000)),
        format!("{}{}", "let x = 1; ".repeat(5_000), "x"),
    ];
    for src in cases {
        let r = run(&src);
        assert!(r.is_err(), "{}: {:?}", &src[..40.min(src.len())], r);
    }
}

#[test]
fn one_mebibyte_sources_with_a_raised_limit() {
    let big = || Compiler::new().max_source_len(2 << 20);
    let n = 1 << 20;
    for src in [
        "(".repeat(n),
        format!("{}1", "-".repeat(n)),
        format!("1{}", "+1".repeat(n / 2)),
        format!("[{}1]", "1,".repeat(n / 2)),
        "/*".to_string() + &" ".repeat(n),
    ] {
        let r = run_within(60, big(), src.clone());
        assert!(r.is_err(), "{}: {:?}", &src[..20], r.map(|v| v.len()));
    }
    // Parentheses add no tree node, but count towards the nesting limit.
    let parens = format!("{}1{}", "(".repeat(n / 2), ")".repeat(n / 2));
    assert_eq!(
        run_within(60, big(), parens),
        Err("expression is nested too deeply (limit 256) (1:257)".into())
    );
    // Over the default 64 KiB limit.
    err_starts(
        &format!("'{}'", "x".repeat(70_000)),
        "expression is too long",
    );
}

#[test]
fn limits_at_and_beyond_the_defaults() {
    // 256 levels of parentheses are accepted, far more are not.
    assert_eq!(
        run(&format!("{}1{}", "(".repeat(200), ")".repeat(200))),
        Ok("1".into())
    );
    // `a+a+…`: nodes.
    // A left-leaning chain is as deep as it is long.
    assert_eq!(run(&format!("1{}", "+1".repeat(200))), Ok("201".into()));
    assert!(run(&format!("1{}", "+1".repeat(6_000))).is_err());
    let tight = Compiler::new().max_nodes(10).max_depth(3);
    assert!(run_with(tight.clone(), "1+1+1+1+1+1+1+1".into()).is_err());
    assert!(run_with(tight.clone(), "[[[[1]]]]".into()).is_err());
    assert_eq!(
        run_with(tight, "((((1))))".into()),
        Err("expression is nested too deeply (limit 3) (1:4)".into())
    );
    assert_eq!(
        run(&format!("{}1{}", "(".repeat(256), ")".repeat(256))),
        Ok("1".into())
    );
    let no_mem = Compiler::new().memory_budget(10);
    assert_eq!(
        run_with(no_mem, "1..100".into()),
        Err("memory budget exceeded (1:2)".into())
    );
    // Loops over builtins whose results are charged by size (a small budget
    // keeps this quick in an unoptimised build).
    for src in [
        "let s = 1..10000; map(1..100, uniq(s))",
        "let s = 1..10000; map(1..100, groupBy(s, #))",
    ] {
        let small = Compiler::new().memory_budget(100_000);
        assert!(run_with(small, src.into())
            .unwrap_err()
            .starts_with("memory budget exceeded"));
    }
    let few = Compiler::new().work_budget(100);
    assert!(run_with(few, "map(1..1000, # + 1)".into())
        .unwrap_err()
        .starts_with("work budget exceeded"));
}

#[test]
fn huge_literals_and_allocations_fail_cleanly() {
    let errors: &[(&str, &str)] = &[
        ("99999999999999999999999999", "invalid integer literal"),
        ("0x1ffffffffffffffffffff", "invalid hex literal"),
        ("1e99999", "invalid float literal"),
        ("1..1000000000", "memory budget exceeded"),
        ("len(1..1e9)", ""),
        ("repeat('x', 1000001)", "memory budget exceeded"),
        (
            "repeat(repeat('x', 1000), 1000) + 'y'",
            "memory budget exceeded",
        ),
        ("map(1..1000, map(1..1000, #))", "memory budget exceeded"),
        ("reduce(1..100, #acc + #acc, 'x')", "memory budget exceeded"),
        (
            "reduce(1..100, concat(#acc, #acc), [1])",
            "memory budget exceeded",
        ),
        (
            "let s = repeat('x', 450000); map(1..1000, s + s)",
            "memory budget exceeded",
        ),
        (
            "let s = repeat('x', 400000); map(1..1000, upper(s))",
            "memory budget exceeded",
        ),
        (
            "let s = repeat('x,', 200000); map(1..1000, split(s, ','))",
            "memory budget exceeded",
        ),
        (
            "let s = repeat('x', 40000); map(1..1000, replace(s, 'x', 'y'))",
            "memory budget exceeded",
        ),
        (
            "let s = map(1..400000, 'x'); map(1..1000, join(s, ','))",
            "memory budget exceeded",
        ),
        (
            "let s = 1..300000; map(1..1000, s[1:])",
            "memory budget exceeded",
        ),
        (
            "let s = 1..300000; map(1..100, toJSON(s))",
            "memory budget exceeded",
        ),
        (
            "let s = 1..300000; map(1..100, string(s))",
            "memory budget exceeded",
        ),
        (
            "let s = repeat('x', 300000); map(1..100, toBase64(s))",
            "memory budget exceeded",
        ),
        (
            "len(split(repeat('x', 1000000), ''))",
            "memory budget exceeded",
        ),
        (
            "len(string(reduce(1..40, [#acc, #acc], [])))",
            "memory budget exceeded",
        ),
        (
            "len(toJSON(reduce(1..40, [#acc, #acc], [])))",
            "memory budget exceeded",
        ),
        (
            "len(flatten(reduce(1..40, [#acc, #acc], [0])))",
            "memory budget exceeded",
        ),
        (
            "max(reduce(1..60, [#acc, #acc], [0]))",
            "memory budget exceeded",
        ),
        ("toJSON(reduce(1..100000, [#acc], []))", ""),
        (
            "flatten(reduce(1..100000, [#acc], []))",
            "recursion depth exceeded",
        ),
        ("fromJSON(repeat('[', 100000))", "fromJSON"),
        ("fromJSON(repeat('[', 200) + repeat(']', 200))", "fromJSON"),
        ("fromJSON(repeat('{\"a\":', 100000))", "fromJSON"),
        ("'x' matches 'a{1000}{1000}'", "error parsing regexp"),
        (
            "'x' matches repeat('a{1000}', 1000)",
            "error parsing regexp",
        ),
        (
            "'x' matches ('(' + repeat('a', 100000) + ')*')",
            "error parsing regexp",
        ),
        ("'x' matches repeat('(', 100000)", "error parsing regexp"),
        // A new pattern per iteration: each compilation is charged.
        (
            "len(filter(1..1000, 'x' matches ('a{' + string(# % 200 + 100) + '}')))",
            "memory budget exceeded",
        ),
        ("sum(1..100000, 1..1000)", ""),
        ("map(1..1000, map(1..1000, map(1..1000, #)))", ""),
        (
            "reduce(1..1000000, #acc + 1, 0) + reduce(1..1000000, #acc + 1, 0)",
            "",
        ),
        (
            "let r = 1..3000; all(r, all(r, all(r, true)))",
            "work budget exceeded",
        ),
    ];
    for (src, prefix) in errors {
        err_starts(src, prefix);
    }
}

#[test]
fn long_tokens_and_trivia_within_the_source_limit() {
    // The lexer once recursed per character of an identifier and per skipped
    // space or comment (logos in an unoptimised build).
    let n = 60_000;
    let values: Vec<(String, &str)> = vec![
        (format!("{}1", " ".repeat(n)), "1"),
        (format!("{}1", "\t\n".repeat(n / 2)), "1"),
        (format!("{}1", "\u{a0}\u{2028}".repeat(n / 6)), "1"),
        (format!("{}1", "/**/".repeat(n / 4)), "1"),
        (format!("{}1", "// c\n".repeat(n / 5)), "1"),
        (format!("1 // {}", "é".repeat(n / 2)), "1"),
        ("a".repeat(n), "null"),
        ("é".repeat(n / 2), "null"),
        ("let héllo二3 = 2; héllo二3 + 1".into(), "3"),
        (format!("'{}'", "x".repeat(n)), ""),
    ];
    for (src, want) in values {
        let got = run(&src).unwrap_or_else(|e| panic!("{}: {e}", short(&src)));
        if !want.is_empty() {
            assert_eq!(got, want, "{}", short(&src));
        }
    }
    err_starts(&format!("#{}", "a".repeat(n)), "unknown pointer");
    err_starts(&"9".repeat(n), "invalid integer literal");
    err_starts(
        &format!("0.{}e999999", "9".repeat(n)),
        "invalid float literal",
    );
}

#[test]
fn error_messages_quote_shared_values_briefly() {
    // 2^40 elements once expanded: messages that quote the value cut it short.
    let dag = "reduce(1..40, [#acc, #acc], [])";
    for (src, prefix) in [
        // An unset root is nil at run time (a literal `nil[…]` is a compile error).
        (format!("unset[{dag}]"), "cannot fetch [[[[[[[["),
        (format!("u.flag[{dag}]"), "cannot fetch [[[[[[[["),
        (
            format!("fromPairs([[1, 2, {dag}]])"),
            "invalid pair length [1 2 [[[[",
        ),
        (format!("mean({dag})"), "memory budget exceeded"),
        (format!("max({dag})"), "memory budget exceeded"),
    ] {
        let e = run(&src).unwrap_err();
        assert!(e.starts_with(prefix), "{src}: {}", short(&e));
        assert!(e.len() < 5000, "{src}: {} bytes", e.len());
    }
    assert_eq!(run("max(1..1000000)"), Ok("1000000".into()));
}

#[test]
fn regex_bombs_run_in_linear_time() {
    let values: &[(&str, &str)] = &[
        ("repeat('a', 100000) matches '(a*)*b'", "false"),
        ("repeat('a', 100000) matches '(a|aa)*c'", "false"),
        ("repeat('a', 100000) matches '^(a+)+$'", "true"),
        ("len(repeat('ab', 100000) | replace('b', ''))", "100000"),
        ("'aaa' matches '(?i)A{3}'", "true"),
    ];
    for (src, want) in values {
        assert_eq!(run(src), Ok(want.to_string()), "{src}");
    }
}
