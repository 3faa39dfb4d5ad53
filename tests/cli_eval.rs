//! The `scimexpr eval` command line, including the `--jsonl` protocol that bulk
//! conformance runs depend on.

use serde_json::{json, Value as Json};
use std::io::Write;
use std::process::{Command, Stdio};

fn scimexpr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
}

fn jsonl(input: &str) -> Vec<Json> {
    let mut child = scimexpr()
        .args(["eval", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_answers_every_line_in_order() {
    let input = [
        json!({"expr": "1 + 2"}).to_string(),
        json!({"expr": "u.name + '!'", "env": {"u": {"name": "Ada"}}}).to_string(),
        "this is not json".to_string(),
        String::new(), // blank lines are not requests
        json!({"expr": "7 / 2"}).to_string(),
        json!({"expr": "1 +"}).to_string(),
        json!({"expr": "u.a.b", "env": {"u": {}}}).to_string(),
        json!({"expr": "u.missing", "env": {"u": {}}}).to_string(),
        json!({"expr": "1 / 0"}).to_string(),
        json!({"expr": "[1, 'a', nil]"}).to_string(),
    ]
    .join("\n");
    let answers = jsonl(&input);
    assert_eq!(answers.len(), 9);
    assert_eq!(answers[0], json!({"ok": 3, "type": "int", "str": "3"}));
    assert_eq!(
        answers[1],
        json!({"ok": "Ada!", "type": "string", "str": "Ada!"})
    );
    assert_eq!(answers[2]["phase"], json!("input"));
    assert_eq!(
        answers[3],
        json!({"ok": 3.5, "type": "float", "str": "3.5"})
    );
    assert_eq!(answers[4]["phase"], json!("compile"));
    assert_eq!(answers[5]["phase"], json!("run"));
    assert_eq!(
        answers[5]["error"],
        json!("cannot fetch b from <nil> (1:5)"),
        "{}",
        answers[5]
    );
    assert_eq!(
        answers[6],
        json!({"ok": null, "type": "nil", "str": "<nil>"})
    );
    assert_eq!(
        answers[7],
        json!({"ok": {"$float": "+Inf"}, "type": "float", "str": "+Inf"})
    );
    assert_eq!(
        answers[8],
        json!({"ok": [1, "a", null], "type": "array", "str": "[1 a <nil>]"})
    );
}

#[test]
fn eval_prints_json_or_a_located_error() {
    let out = scimexpr()
        .args(["eval", "upper('ab') + 'c'"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "\"ABc\"");

    let out = scimexpr().args(["eval", "1 + (2 * 3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // The message carries line:col, then the source line and a caret line.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    // Like expr, the caret sits under the last character typed.
    assert!(lines[0].ends_with(":10)"), "{err}");
    assert_eq!(lines[1], " | 1 + (2 * 3");
    assert_eq!(lines[2], " | .........^");
}

#[test]
fn eval_reads_an_env_file_and_rejects_bad_usage() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-cli-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let env = dir.join("env.json");
    std::fs::write(&env, r#"{"jcUser": {"firstname": "Ada", "lastname": "L"}}"#).unwrap();
    let out = scimexpr()
        .args(["eval", "jcUser.firstname + ' ' + jcUser.lastname", "--env"])
        .arg(&env)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "\"Ada L\"");

    let out = scimexpr().args(["eval"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = scimexpr().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
