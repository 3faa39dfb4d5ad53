//! Hostile input files for the command line: every input line is accounted
//! for (records = written + failed, in the summary and the exit code), and
//! each bad line gets its own clear error while the run goes on.

use serde_json::Value as Json;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn map(input: &PathBuf, extra: &[&str]) -> Output {
    bin()
        .args(["map", "--mapping", "namely", "--input"])
        .arg(input)
        .args(extra)
        .output()
        .unwrap()
}

/// The JSON lines of stderr.
fn problems(o: &Output) -> Vec<Json> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn summary(o: &Output) -> Json {
    problems(o)
        .into_iter()
        .rev()
        .find(|j| j.get("records").is_some())
        .unwrap_or_else(|| panic!("no summary in {}", String::from_utf8_lossy(&o.stderr)))
}

const GOOD: &str = r#"{"id":"1","username":"ada","email":"ada@example.com","firstname":"Ada","lastname":"Lovelace"}"#;

fn deep_json(levels: usize) -> String {
    format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
}

#[test]
fn every_bad_line_fails_alone_and_is_counted() {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(GOOD.as_bytes());
    bytes.extend_from_slice(b"\n\xff\xfe\xfd\n"); // invalid UTF-8
    bytes.extend_from_slice(b"{\"id\":\"2\",\n"); // truncated JSON
    bytes.extend_from_slice(b"\x00\x01\x02\x7f\n"); // binary
    bytes.extend_from_slice(format!("{{\"id\":\"3\",\"x\":{}}}\n", deep_json(100_000)).as_bytes());
    bytes.extend_from_slice(b"[1,2,3]\n"); // not an object
    bytes.extend_from_slice(GOOD.as_bytes()); // last line without a newline
    let o = map(&temp("mixed.jsonl", &bytes), &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = summary(&o);
    assert_eq!(s["records"], 7, "{s}");
    assert_eq!(s["written"], 2, "{s}");
    assert_eq!(s["failed"], 5, "{s}");
    let lines: Vec<u64> = problems(&o)
        .iter()
        .filter_map(|p| p.get("line").and_then(Json::as_u64))
        .collect();
    for l in [2, 3, 4, 5, 6] {
        assert!(lines.contains(&l), "no error for line {l}: {lines:?}");
    }
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
}

#[test]
fn empty_and_binary_files() {
    let o = map(&temp("empty.jsonl", b""), &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(summary(&o)["records"], 0);

    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let o = map(&temp("binary.bin", &binary), &[]);
    assert_eq!(o.status.code(), Some(1));
    let s = summary(&o);
    assert_eq!(s["written"], 0, "{s}");
    assert_eq!(s["records"], s["failed"], "{s}");
}

#[test]
fn a_100_mib_line_fails_on_its_own() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "{GOOD}").unwrap();
        f.write_all(b"{\"id\":\"x\",\"junk\":\"").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"}\n").unwrap();
        writeln!(f, "{GOOD}").unwrap();
    }
    let o = map(&path, &[]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(o.status.code(), Some(1));
    let s = summary(&o);
    assert_eq!(
        (
            s["records"].clone(),
            s["written"].clone(),
            s["failed"].clone()
        ),
        (3.into(), 2.into(), 1.into()),
        "{s}"
    );
    let p = problems(&o);
    assert!(
        p.iter().any(|j| j["line"] == 2
            && j["error"]
                .as_str()
                .unwrap_or("")
                .contains("--max-line-bytes")),
        "{p:?}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let o = bin().args(["map", "--mapping", "namely"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin()
        .args(["map", "--mapping", "no-such-mapping", "--input", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn deep_json_in_eval_is_a_clear_error() {
    let env = temp(
        "deep-env.json",
        format!("{{\"a\":{}}}", deep_json(100_000)).as_bytes(),
    );
    let o = bin()
        .args(["eval", "a"])
        .arg("--env")
        .arg(&env)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(o.status.code().is_some(), "killed by a signal");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("recursion limit"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let mut child = bin()
        .args(["eval", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        writeln!(
            stdin,
            "{{\"expr\":\"a\",\"env\":{{\"a\":{}}}}}",
            deep_json(100_000)
        )
        .unwrap();
        stdin.write_all(b"\xff\xfe\n").unwrap();
        writeln!(stdin, "{{\"expr\":\"1 +\"}}").unwrap();
        writeln!(stdin, "{{\"expr\":\"1 + 1\"}}").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let answers: Vec<Json> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 4, "{answers:?}");
    assert_eq!(answers[0]["phase"], "input");
    assert_eq!(answers[1]["phase"], "input");
    assert_eq!(answers[2]["phase"], "compile");
    assert_eq!(answers[3]["ok"], 2);
}
