//! expr's own corpus through `scimexpr eval --jsonl`, when a file of expected answers
//! is given (it is not shipped: the answers come from running expr v1.17.8 itself).
//!
//! `SCIMEXPR_EXPR_CORPUS=FILE cargo test --test cli_expr_corpus -- --nocapture`, where
//! each line of FILE is `{"expr": …, "ok": V, "type": T, "str": S}` or `{"expr": …,
//! "error": M, "phase": P}` (what `eval --jsonl` prints, plus the expression; an
//! optional `"env"` object, else the generated corpus's env). Answers agree when both
//! are errors, or when value (ints and floats kept apart), `type()` and `string()` are
//! equal. The test fails below `SCIMEXPR_EXPR_CORPUS_MIN` percent (default 99.9) and
//! prints the differences.

use serde_json::{json, Value as Json};
use std::io::Write;
use std::process::{Command, Stdio};

fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            x.is_f64() == y.is_f64()
                && match (x.as_i64(), y.as_i64()) {
                    (Some(i), Some(j)) => i == j,
                    _ => x.as_f64() == y.as_f64(),
                }
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn agrees(want: &Json, got: &Json) -> bool {
    match (want.get("error"), got.get("error")) {
        (Some(_), Some(_)) => true,
        (None, None) => {
            let (Some(w), Some(g)) = (want.get("ok"), got.get("ok")) else {
                return false;
            };
            same(w, g) && want.get("type") == got.get("type") && want.get("str") == got.get("str")
        }
        _ => false,
    }
}

#[test]
fn expr_generated_corpus() {
    let Ok(path) = std::env::var("SCIMEXPR_EXPR_CORPUS") else {
        eprintln!("SCIMEXPR_EXPR_CORPUS is not set: expr's corpus not run");
        return;
    };
    let min: f64 = std::env::var("SCIMEXPR_EXPR_CORPUS_MIN")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(99.9);
    let text = std::fs::read_to_string(&path).expect("corpus file");
    let cases: Vec<Json> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus line is JSON"))
        .collect();
    let gen_env = json!({"ok": true, "i": 1, "str": "str", "f64": 0.5, "array": [1, 2, 3, 4, 5]});
    let mut input = String::new();
    for c in &cases {
        let env = c.get("env").cloned().unwrap_or_else(|| gen_env.clone());
        input.push_str(&json!({"expr": c["expr"], "env": env}).to_string());
        input.push('\n');
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args(["eval", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run scimexpr");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("scimexpr output");
    writer.join().expect("writer").expect("write requests");
    let answers: Vec<Json> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(Json::Null))
        .collect();
    assert_eq!(answers.len(), cases.len(), "one answer per request");
    let mut diffs = Vec::new();
    for (c, a) in cases.iter().zip(&answers) {
        if !agrees(c, a) {
            diffs.push(format!("{}\n   expr {}\n   ours {a}", c["expr"], c));
        }
    }
    let pct = 100.0 * (cases.len() - diffs.len()) as f64 / cases.len().max(1) as f64;
    println!(
        "{path}: {} of {} agree ({pct:.2}%)",
        cases.len() - diffs.len(),
        cases.len()
    );
    for d in diffs.iter().take(40) {
        println!("{d}");
    }
    assert!(
        pct >= min,
        "{pct:.2}% < {min}%: {} differences",
        diffs.len()
    );
}
