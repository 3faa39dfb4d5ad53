//! The builtins end to end, from source (needs the parser/compiler/VM):
//! the doc example of every native row, and the builtin rows of the nil table (docs/language.md, Nil and errors).

use scimexpr::functions::{Imp, BUILTINS};
use scimexpr::{format, Program};
use serde_json::json;

fn eval(src: &str) -> Result<String, String> {
    let env = json!({"u": {}});
    let p = Program::compile(src).map_err(|e| format!("compile: {}", e.headline()))?;
    p.run(&env)
        .map(|v| format!("{}:{}", v.type_name(), format::to_string(&v)))
        .map_err(|e| e.kind.to_string())
}

#[test]
fn every_native_doc_example_holds() {
    let mut failures = Vec::new();
    for b in BUILTINS {
        if !matches!(b.imp, Imp::Native(_))
            || ["now", "duration", "date", "timezone"].contains(&b.name)
        {
            continue;
        }
        let example = b.doc.split(" — ").nth(1).expect("doc has an example");
        if eval(example) != Ok("bool:true".into()) {
            failures.push(format!("{}: {example} → {:?}", b.name, eval(example)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn nil_table_rows_for_builtins() {
    let rows: &[(&str, Result<&str, &str>)] = &[
        (
            "len(u.missing)",
            Err("invalid argument for len (type <nil>)"),
        ),
        ("upper(u.missing)", Err("upper: expected string, got nil")),
        ("lower(u.missing)", Err("lower: expected string, got nil")),
        ("trim(u.missing)", Err("trim: expected string, got nil")),
        (
            "split(u.missing, ',')",
            Err("split: expected string, got nil"),
        ),
        (
            "toBase64(u.missing)",
            Err("toBase64: expected string, got nil"),
        ),
        ("string(u.missing)", Ok("string:<nil>")),
        ("toJSON(u.missing)", Ok("string:null")),
        ("int(u.missing)", Err("invalid operation: int(<nil>)")),
        ("first(u.missing)", Ok("nil:<nil>")),
        ("last(u.missing)", Ok("nil:<nil>")),
        ("get(u.missing, 0)", Ok("nil:<nil>")),
        ("keys(u.missing)", Err("cannot get keys from invalid")),
        ("values(u.missing)", Err("cannot get values from invalid")),
        ("reverse(u.missing)", Err("cannot reverse invalid")),
        ("uniq(u.missing)", Err("cannot uniq invalid")),
        ("flatten(u.missing)", Err("cannot flatten invalid")),
        ("concat(u.missing)", Err("cannot concat invalid")),
        ("sort(u.missing)", Ok("array:[]")),
        (
            "join(u.missing, ',')",
            Err("invalid argument for join (type <nil>)"),
        ),
        ("max(u.missing)", Ok("nil:<nil>")),
        (
            "max(u.missing, 1)",
            Err("invalid argument for max (type <nil>)"),
        ),
    ];
    let mut failures = Vec::new();
    for (src, want) in rows {
        let got = eval(src);
        let want = want.map(str::to_string).map_err(str::to_string);
        if got != want {
            failures.push(format!("{src}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spec_examples_from_source() {
    let rows: &[(&str, &str)] = &[
        ("len('héllo')", "int:5"),
        ("indexOf('héllo', 'l')", "int:3"),
        ("upper('straße')", "string:STRAßE"),
        ("trim('__Hello__', '_')", "string:Hello"),
        ("split('a,b,c', ',', 2)", "array:[a b,c]"),
        (
            "splitAfter('apple,orange,grape', ',')",
            "array:[apple, orange, grape]",
        ),
        ("replace('abc', '', '-')", "string:-a-b-c-"),
        ("ceil(5)", "float:5"),
        ("round(-2.5)", "float:-3"),
        ("int(-1.9)", "int:-1"),
        ("max(1, 2.5)", "float:2.5"),
        ("max([1, [5, 2]], 3)", "int:5"),
        ("max(1, 1.0)", "int:1"),
        ("uniq([1, 1.0, '1', 2])", "array:[1 1 2]"),
        ("string(1234567.0)", "string:1.234567e+06"),
        ("string(0.00001)", "string:1e-05"),
        ("string(-0.0)", "string:-0"),
        ("toJSON(1e21)", "string:1e+21"),
        ("split('a,b', ',') == ['a', 'b']", "bool:true"),
        ("len(repeat('ab', 3))", "int:6"),
        ("fromJSON('{\"a\":1}').a", "float:1"),
        // Time values through string() and toJSON (docs/language.md, text of values).
        (
            "string(date('2024-01-02'))",
            "string:2024-01-02 00:00:00 +0000 UTC",
        ),
        ("string(duration('1m30s'))", "string:1m30s"),
        ("string([duration('1s')])", "string:[1s]"),
        (
            "toJSON(date('2024-01-02'))",
            "string:\"2024-01-02T00:00:00Z\"",
        ),
        ("toJSON(duration('1s'))", "string:1000000000"),
        ("toJSON({t: duration('2ns')})", "string:{\n  \"t\": 2\n}"),
        ("string(timezone('Europe/Berlin'))", "string:Europe/Berlin"),
    ];
    let mut failures = Vec::new();
    for (src, want) in rows {
        let got = eval(src);
        if got != Ok(want.to_string()) {
            failures.push(format!("{src}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
