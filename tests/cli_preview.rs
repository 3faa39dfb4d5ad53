//! `scimexpr preview`: --json, --explain, --provider, the width and the exit code.

use serde_json::Value as Json;
use std::process::Command;

fn preview(args: &[&str], columns: &str) -> (Option<i32>, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let o = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .current_dir(root)
        .env("COLUMNS", columns)
        .arg("preview")
        .args(args)
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8(o.stdout).unwrap())
}

#[test]
fn json_explain_and_provider() {
    let (code, out) = preview(
        &[
            "--mapping",
            "examples/sync/mapping.json",
            "--input",
            "examples/sync/users.jsonl",
            "--user",
            "u2",
            "--explain",
            "--json",
        ],
        "100",
    );
    assert_eq!(code, Some(0));
    let v: Json = serde_json::from_str(&out).unwrap();
    let dn = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == "displayName")
        .unwrap();
    assert_eq!(dn["status"], "written");
    assert_eq!(dn["value"], "Grace Hopper");
    assert_eq!(dn["steps"][0]["depth"], 0);
    assert_eq!(v["resource"]["userName"], "grace@example.com");
    // Matched by the mapping's key: the provider's copy is found.
    let (code, out) = preview(
        &[
            "--mapping",
            "examples/sync/mapping.json",
            "--input",
            "examples/sync/users.jsonl",
            "--provider",
            "examples/sync/provider-users.jsonl",
            "--user",
            "u1",
        ],
        "100",
    );
    assert_eq!(code, Some(0));
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with("provider record matched"),
        "{out}"
    );
}

#[test]
fn lines_fit_the_width_and_a_failed_record_exits_1() {
    let (_, out) = preview(
        &[
            "--mapping",
            "namely",
            "--input",
            "examples/users.jsonl",
            "--explain",
        ],
        "60",
    );
    for l in out.lines().take_while(|l| !l.starts_with("record ")) {
        // Caret lines are kept whole; everything else wraps.
        if !l.trim_start().starts_with('|') {
            assert!(l.chars().count() <= 60, "{l:?}");
        }
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-preview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("u.jsonl");
    std::fs::write(&input, "{\"id\": \"x\"}\n").unwrap();
    let (code, out) = preview(
        &["--mapping", "namely", "--input", input.to_str().unwrap()],
        "100",
    );
    assert_eq!(code, Some(1));
    assert!(out.contains("record FAILED"), "{out}");
}
