//! Literals, strings, numbers, member chains, predicates, let/if/sequences,
//! map keys and spans (docs/language.md: Lexical structure, Grammar, Optional chaining, Literals).

mod parse_util;
use parse_util::p;
use scimexpr::ast::ExprKind;
use scimexpr::parser::parse;

fn check(rows: &[(&str, &str)]) {
    let mut bad = Vec::new();
    for (src, want) in rows {
        let got = p(src);
        if got != *want {
            bad.push(format!("{src:?}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

#[test]
fn numbers() {
    check(&[
        ("0x1F", "31"),
        ("0o17", "15"),
        ("0b101", "5"),
        ("1_000", "1000"),
        ("02", "2"),
        (".5", "0.5f"),
        ("5.", "5.0f"),
        ("1e3", "1000.0f"),
        ("1.e3", "1000.0f"),
        ("1.5", "1.5f"),
        ("1..3", "(.. 1 3)"),
        ("9223372036854775807", "9223372036854775807"),
        ("-1", "(neg 1)"),
    ]);
}

#[test]
fn strings() {
    check(&[
        (r#""a\tb""#, "\"a\\tb\""),
        (r"'\a\b\f\v'", "\"\\u{7}\\u{8}\\u{c}\\u{b}\""),
        (r"'\\\'\`\?'", "\"\\\\'`?\""),
        (r#""\xC3\xBF""#, "\"Ã¿\""),
        (r#""\101""#, "\"A\""),
        (r#""\u00e9""#, "\"é\""),
        (r#""\u{1F600}""#, "\"😀\""),
        (r#""\U0001F600""#, "\"😀\""),
        ("`raw\\n``x`", "\"raw\\\\n`x\""),
    ]);
    // Raw strings keep CR/LF and span lines.
    assert_eq!(p("`a\r\nb`"), "\"a\\r\\nb\"");
    assert_eq!(p("b'ab'"), "b[97, 98]");
}

#[test]
fn identifiers_and_literals() {
    check(&[
        ("true", "true"),
        ("false", "false"),
        ("nil", "nil"),
        ("$env", "$env"),
        ("$env.a", "(. $env \"a\")"),
        ("héllo", "héllo"),
        ("a\u{663}", "a\u{663}"),
        ("a?.not in b", "(in (chain (?. a \"not\")) b)"),
        (
            "a.if + a.let + a.else",
            "(+ (+ (. a \"if\") (. a \"let\")) (. a \"else\"))",
        ),
        ("_42 + $foo", "(+ _42 $foo)"),
        ("a.not", "(. a \"not\")"),
        ("a.in + a.true", "(+ (. a \"in\") (. a \"true\"))"),
        ("a?.and", "(chain (?. a \"and\"))"),
        ("a.filter(1)", "(method a filter 1)"),
        ("a.not in b", "(in (. a \"not\") b)"),
        ("[1, 2,]", "[1 2]"),
        ("[]", "[]"),
        ("f(1, 2,)", "(f 1 2)"),
        ("::len(x)", "(::len x)"),
        ("::filter(xs, .a)", "(::filter xs {(. # \"a\")})"),
    ]);
}

#[test]
fn maps() {
    check(&[
        ("{a: 1, 'b': 2, \"c\": 3}", "(map \"a\" 1 \"b\" 2 \"c\" 3)"),
        ("{3: 4}", "(map \"3\" 4)"),
        ("{1.5: 4, 0x10: 5}", "(map \"1.5\" 4 \"0x10\" 5)"),
        ("{(k): 1}", "(map k 1)"),
        ("{(a + b): 1,}", "(map (+ a b) 1)"),
        ("{}", "(map )"),
        ("{a: 1, a: 2}", "(map \"a\" 1 \"a\" 2)"),
        ("{true: 1}", "(map \"true\" 1)"),
        ("{a: {b: 1}}.a", "(. (map \"a\" (map \"b\" 1)) \"a\")"),
    ]);
}

#[test]
fn postfix_and_optional_chains() {
    check(&[
        ("a.b.c", "(. (. a \"b\") \"c\")"),
        ("a['b'][0]", "(. (. a \"b\") 0)"),
        ("a[1:2]", "(slice a 1 2)"),
        ("a[:2]", "(slice a _ 2)"),
        ("a[1:]", "(slice a 1 _)"),
        ("a[:]", "(slice a _ _)"),
        // A parenthesised literal takes postfix operators (the checker then
        // refuses `(1)[0]`); a bare one does not (tests/parse_errors.rs).
        ("(1)[0]", "(. 1 0)"),
        ("( true )?.x", "(chain (?. true \"x\"))"),
        ("'a'[0]", "(. \"a\" 0)"),
        ("a.B(1, 2).c", "(. (method a B 1 2) \"c\")"),
        ("u.v?.a", "(chain (?. (. u \"v\") \"a\"))"),
        ("u.v?.a.b", "(chain (. (?. (. u \"v\") \"a\") \"b\"))"),
        (
            "u.v?.a.b.c()",
            "(chain (method (. (?. (. u \"v\") \"a\") \"b\") c))",
        ),
        ("u.v?.a[0]", "(. (chain (?. (. u \"v\") \"a\")) 0)"),
        (
            "u.v?.a[0].b",
            "(. (. (chain (?. (. u \"v\") \"a\")) 0) \"b\")",
        ),
        (
            "u.v?.a[0]?.b",
            "(chain (?. (. (chain (?. (. u \"v\") \"a\")) 0) \"b\"))",
        ),
        ("(u.v?.a).b", "(chain (. (?. (. u \"v\") \"a\") \"b\"))"),
        ("(u.v?.a)[0]", "(. (chain (?. (. u \"v\") \"a\")) 0)"),
        ("u?.[0]", "(chain (?. u 0))"),
        ("u?.[0].x", "(chain (. (?. u 0) \"x\"))"),
        ("u?.a?.b", "(chain (?. (?. u \"a\") \"b\"))"),
        ("u?.M(1)", "(chain (method? u M 1))"),
        ("u?.a[1:2]", "(slice (chain (?. u \"a\")) 1 2)"),
        ("u?.a ?? 'x'", "(?? (chain (?. u \"a\")) \"x\")"),
        ("f(x)[0]", "(. (f x) 0)"),
    ]);
}

#[test]
fn predicates() {
    check(&[
        ("filter(xs, # > 1)", "(filter xs {(> # 1)})"),
        ("filter(xs, {# > 1})", "(filter xs {(> # 1)})"),
        ("all(xs, .a)", "(all xs {(. # \"a\")})"),
        (
            "any(xs, .a.b == #.c)",
            "(any xs {(== (. (. # \"a\") \"b\") (. # \"c\"))})",
        ),
        ("map(xs, #index)", "(map xs {#index})"),
        ("map(xs, {{v: #}})", "(map xs {(map \"v\" #)})"),
        ("map([{a: 1}], {.a})", "(map [(map \"a\" 1)] {(. # \"a\")})"),
        (
            "map(xs, {let y = #; y; y})",
            "(map xs {(let y # (seq y y))})",
        ),
        ("count(xs)", "(count xs)"),
        ("count(xs, #)", "(count xs {#})"),
        ("sum(xs)", "(sum xs)"),
        ("sum(xs, # * 2,)", "(sum xs {(* # 2)})"),
        ("sortBy(xs, .a)", "(sortBy xs {(. # \"a\")})"),
        (
            "sortBy(xs, .a, 'desc')",
            "(sortBy xs {(. # \"a\")} \"desc\")",
        ),
        ("reduce(xs, #acc + #)", "(reduce xs {(+ #acc #)})"),
        ("reduce(xs, #acc + #, 0)", "(reduce xs {(+ #acc #)} 0)"),
        ("groupBy(xs, .k)", "(groupBy xs {(. # \"k\")})"),
        ("find(xs, # == 1) ?? 0", "(?? (find xs {(== # 1)}) 0)"),
        (
            "findIndex(xs, {#}); findLast(xs, #)",
            "(seq (findIndex xs {#}) (findLast xs {#}))",
        ),
        (
            "findLastIndex(xs, any(#.ys, # > 0))",
            "(findLastIndex xs {(any (. # \"ys\") {(> # 0)})})",
        ),
        (
            "one(xs, #) and none(xs, #)",
            "(and (one xs {#}) (none xs {#}))",
        ),
        (
            "filter(xs, # > 1) | map(#)",
            "(map (filter xs {(> # 1)}) {#})",
        ),
        ("filter ( xs , {#} )", "(filter xs {#})"),
        (
            "map(xs, if # > 1 { 1 } else { 2 })",
            "(map xs {(? (> # 1) 1 2)})",
        ),
    ]);
}

#[test]
fn let_if_sequences() {
    check(&[
        ("let x = 1; x + 1", "(let x 1 (+ x 1))"),
        ("let x = 1; let y = 2; x + y", "(let x 1 (let y 2 (+ x y)))"),
        ("let x = 1; x; y", "(let x 1 (seq x y))"),
        ("let x = 1; x;", "(let x 1 x)"),
        ("a; let x = 1; x", "(seq a (let x 1 x))"),
        ("a; b; c", "(seq a b c)"),
        ("a; b;", "(seq a b)"),
        ("a;", "a"),
        ("(a; b) + 1", "(+ (seq a b) 1)"),
        ("(let x = 1; x) * 2", "(* (let x 1 x) 2)"),
        ("if a { 1 } else { 2 }", "(? a 1 2)"),
        ("if a { 1 } else if b { 2 } else { 3 }", "(? a 1 (? b 2 3))"),
        ("if a { x; y } else { z }", "(? a (seq x y) z)"),
        (
            "if a > 1 { {b: 1} } else { {} }",
            "(? (> a 1) (map \"b\" 1) (map ))",
        ),
        ("f(let x = 1; x, 2)", "(f (let x 1 x) 2)"),
        ("[if a { 1 } else { 2 }]", "[(? a 1 2)]"),
        ("let x = a ? 1 : 2; x", "(let x (? a 1 2) x)"),
        ("a ? if b { 1 } else { 2 } : 3", "(? a (? b 1 2) 3)"),
        (
            "if {a: 1}.a { 1 } else { 2 }",
            "(? (. (map \"a\" 1) \"a\") 1 2)",
        ),
        ("(a;)", "a"),
        ("map(xs, {#;})", "(map xs {#})"),
        ("map(xs, let y = #; y)", "(map xs {(let y # y)})"),
        ("filter(xs, {# > 1})[0]", "(. (filter xs {(> # 1)}) 0)"),
        ("1--1", "(- 1 (neg 1))"),
    ]);
}

#[test]
fn comments_and_whitespace() {
    check(&[
        ("1 /* c */ + // d\n 2", "(+ 1 2)"),
        ("1\u{85}+\u{a0}2", "(+ 1 2)"),
        ("a\n.b", "(. a \"b\")"),
    ]);
}

/// Spans: the documented anchor of each node kind.
#[test]
fn spans() {
    let span_of = |src: &str| {
        let e = parse(src).unwrap();
        (e.span.start, e.span.end)
    };
    assert_eq!(span_of("a + b"), (2, 3));
    assert_eq!(span_of("a and b"), (2, 5));
    assert_eq!(span_of("-a"), (0, 1));
    assert_eq!(span_of("a.bc"), (2, 4));
    assert_eq!(span_of("a[0]"), (1, 2));
    assert_eq!(span_of("foo(1)"), (0, 3));
    assert_eq!(span_of("x.Year()"), (2, 6));
    assert_eq!(span_of("a ? b : c"), (2, 3));
    assert_eq!(span_of("if a {1} else {2}"), (0, 2));
    assert_eq!(span_of("let x = 1; x"), (0, 3));
    assert_eq!(span_of("a; b; c"), (1, 2));
    assert_eq!(span_of("'héllo'"), (0, 8));
    assert_eq!(span_of("xs | f()"), (5, 6));
    let e = parse("a not in b").unwrap();
    assert!(matches!(e.kind, ExprKind::Unary { .. }));
    assert_eq!(e.span.start, 2);
}

/// Deep input must not overflow the stack anywhere in the parser.
#[test]
fn deep_input_does_not_overflow() {
    let run = |src: String| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let e = parse(&src).unwrap();
                e.stats().depth
            })
            .unwrap()
            .join()
            .unwrap()
    };
    let n = 30_000;
    assert_eq!(run(format!("{}1{}", "(".repeat(n), ")".repeat(n))), 1);
    assert!(run(format!("{}1", "-".repeat(n))) > n);
    assert!(run(format!("{}1", "not ".repeat(n / 2))) > n / 2);
    assert!(run(format!("1{}", " ** 2".repeat(n / 2))) > n / 2);
    assert!(run(format!("1{}", " + 2".repeat(n))) > n);
    assert!(run(format!("{}1{}", "(-".repeat(n / 2), ")".repeat(n / 2))) > n / 2);
    assert!(run(format!("{}1{}", "[".repeat(n), "]".repeat(n))) > n);
    assert!(run(format!("x{}", ".a".repeat(n))) > n);
}
