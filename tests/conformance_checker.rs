//! Where expr's checker looks and where it points: which subtrees it types,
//! the type of a conditional, and the position of a signature error. Every
//! expected answer was produced by expr v1.17.8 (compiled without an env, run
//! with the env below) — the phase, and the error's line:col.
use scimexpr::Compiler;
use serde_json::json;

/// What expr answered: a value of a `type()`, or an error in a phase at line:col.
enum W {
    Value(&'static str),
    Compile(&'static str),
    Run(&'static str),
}
use W::*;

const ROWS: &[(&str, W)] = &[
    // A signature error points at the argument that does not fit; a rule
    // (expr's Validate) at the call.
    ("upper(1)", Compile("1:7")),
    ("upper( 1 )", Compile("1:8")),
    ("repeat(\"a\", 1.5)", Compile("1:13")),
    ("trim(\"a\", 1)", Compile("1:11")),
    ("now().Format(1)", Compile("1:14")),
    ("now().Add( \"x\" )", Compile("1:12")),
    ("upper(1 ?? 2)", Compile("1:9")),
    ("len(1)", Compile("1:1")),
    ("abs(\"a\")", Compile("1:1")),
    ("first(1)", Compile("1:1")),
    // A constant pattern that does not compile fails at `matches`.
    ("\"s\" matches \"[\"", Compile("1:5")),
    // Not typed: the key of `$env[…]`, the bounds of a slice and the
    // arguments of a method call on a value of unknown type.
    ("$env[1 + \"a\"]", Run("1:8")),
    ("$env?.[1 + \"a\"]", Run("1:10")),
    ("$env[:1 + \"a\"]", Run("1:9")),
    ("x[:1 + \"a\"]", Run("1:6")),
    ("x.foo(1 + \"a\")", Run("1:9")),
    ("$env.upper(1 + \"a\")", Run("1:14")),
    ("$env ?? $env[:1 not endsWith foobar]", Value("map")),
    // … but the key of an index on an unknown value is.
    ("x[1 + \"a\"]", Compile("1:5")),
    // A conditional has a type only when both branches have the same one.
    ("(true ? 1 : \"a\") + 1", Value("int")),
    ("(\"a\" ?: 1) + 1", Compile("1:2")),
    ("(if true { 1 } else { \"a\" }) + 1", Value("int")),
    ("(if true { 1 } else { 2 }) + \"a\"", Compile("1:28")),
    ("upper(true ? \"a\" : nil)", Value("string")),
    ("upper(false ?: \"a\")", Value("string")),
    ("!false != 0 ?? false", Value("bool")),
    ("(1 ?? \"a\") + 1", Value("int")),
];

#[test]
fn checker_matches_expr() {
    let env = json!({"ok": true, "i": 1, "str": "str", "f64": 0.5, "array": [1, 2, 3, 4, 5]});
    let compiler = Compiler::new();
    let mut failures = Vec::new();
    for (src, want) in ROWS {
        let got = match compiler.compile(src) {
            Err(e) => ("compile", e.headline()),
            Ok(p) => match p.run(&env) {
                Err(e) => ("run", e.headline()),
                Ok(v) => ("ok", v.type_name().to_string()),
            },
        };
        let ok = match want {
            Value(t) => got.0 == "ok" && got.1 == *t,
            Compile(at) => got.0 == "compile" && got.1.ends_with(&format!("({at})")),
            Run(at) => got.0 == "run" && got.1.ends_with(&format!("({at})")),
        };
        if !ok {
            failures.push(format!("{src}: got {} {}", got.0, got.1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
