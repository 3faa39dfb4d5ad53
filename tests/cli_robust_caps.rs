//! Size caps checked while reading, for every input (issue 15, item 4): a
//! mapping document (at most 4 MiB), `eval --env` (`--max-env-bytes`, 16 MiB)
//! and each `eval --jsonl` line (`--max-line-bytes`, 16 MiB, as `map`'s) are
//! read through `Read::take(cap + 1)`, so FIFOs and devices, which have no
//! size to look at first, are capped too. Bytes that are not UTF-8 are an
//! input error everywhere. A `--jsonl` line that is too long or not UTF-8 is
//! answered with an input error line, and the answers around it still come.
//! (`--settings` is a command-line argument, never a file: the OS bounds it.)

mod cli_robust_common;

use cli_robust_common::*;
use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const MAPPING: &str = r#"{"name":"t","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"email","required":true}]}"#;

const MAPPING_CAP: usize = 4 << 20;

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
}

/// A valid mapping document padded with spaces to `len` bytes.
fn padded_mapping(len: usize) -> Vec<u8> {
    let mut doc = MAPPING.as_bytes().to_vec();
    doc.resize(len, b' ');
    doc
}

#[cfg(unix)]
fn fifo(name: &str) -> PathBuf {
    let p = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "scimexpr-robust-fifo-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&p);
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    p
}

/// Writes `bytes` into the FIFO `p` from a thread (the reader may stop early).
#[cfg(unix)]
fn feed(p: &Path, bytes: Vec<u8>) -> std::thread::JoinHandle<()> {
    let p = p.to_path_buf();
    std::thread::spawn(move || {
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&p) {
            let _ = f.write_all(&bytes);
        }
    })
}

fn too_large(o: &Output, what: &str) {
    no_panic(o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(
        stderr(o).contains(&format!("is too large for {what} (more than")),
        "{}",
        stderr(o)
    );
}

#[test]
fn mapping_documents_are_capped_while_read() {
    let users = temp("caps-users.jsonl", users(2).as_bytes());
    let users = users.to_str().unwrap();
    let provider = temp("caps-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    let at_cap = temp("caps-at.json", &padded_mapping(MAPPING_CAP));
    let over = temp("caps-over.json", &padded_mapping(MAPPING_CAP + 1));
    let o = run(&["check", "--mapping", at_cap.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for spec in [over.to_str().unwrap(), "/dev/zero"] {
        if !Path::new(spec).exists() {
            continue;
        }
        too_large(&run(&["check", "--mapping", spec]), "a mapping document");
        too_large(
            &run(&["map", "--mapping", spec, "--input", users]),
            "a mapping document",
        );
        too_large(
            &run(&["preview", "--mapping", spec, "--input", users]),
            "a mapping document",
        );
        too_large(
            &run(&[
                "plan",
                "--mapping",
                spec,
                "--input",
                users,
                "--provider",
                provider,
            ]),
            "a mapping document",
        );
    }
}

#[cfg(unix)]
#[test]
fn mapping_documents_from_fifos_are_capped() {
    let p = fifo("big-mapping");
    let feeder = feed(&p, padded_mapping(MAPPING_CAP * 3));
    too_large(
        &run(&["check", "--mapping", p.to_str().unwrap()]),
        "a mapping document",
    );
    drop(feeder); // it ends with EPIPE once the reader is gone
    let p = fifo("small-mapping");
    let feeder = feed(&p, MAPPING.as_bytes().to_vec());
    let o = run(&["check", "--mapping", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "t: ok (1 attributes)\n");
    feeder.join().unwrap();
    // A process substitution, as a shell gives it.
    let big = temp("caps-subst.json", &padded_mapping(MAPPING_CAP + 10));
    let script = format!(
        "\"$0\" check --mapping <(cat {}); echo \"status $?\"",
        big.display()
    );
    if let Ok(o) = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .output()
    {
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("status 2"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("is too large for a mapping document"));
    }
}

#[test]
fn mapping_documents_must_be_utf8() {
    let mut doc = MAPPING.as_bytes().to_vec();
    doc.splice(10..10, [0xff, 0xfe]);
    let bad = temp("caps-latin1.json", &doc);
    let o = run(&["check", "--mapping", bad.to_str().unwrap()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not UTF-8 text (invalid byte at offset 10)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn eval_env_is_capped_and_must_be_utf8() {
    let env = temp("caps-env.json", br#"{"x": 41}"#);
    let env = env.to_str().unwrap();
    let o = run(&["eval", "--env", env, "x + 1"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "42\n");
    let o = run(&["eval", "--env", env, "--max-env-bytes", "8", "x + 1"]);
    too_large(&o, "--env");
    assert!(o.stdout.is_empty());
    let o = run(&["eval", "--env", env, "--max-env-bytes", "9", "x + 1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    if Path::new("/dev/zero").exists() {
        too_large(&run(&["eval", "--env", "/dev/zero", "1"]), "--env");
    }
    let latin1 = temp("caps-env-latin1.json", b"{\"x\": \"caf\xe9\"}");
    let o = run(&["eval", "--env", latin1.to_str().unwrap(), "x"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not UTF-8 text"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn eval_env_from_a_fifo_is_capped() {
    let p = fifo("big-env");
    let mut big = b"{\"x\": \"".to_vec();
    big.resize(20 << 20, b'a');
    let feeder = feed(&p, big);
    let o = run(&["eval", "--env", p.to_str().unwrap(), "1"]);
    too_large(&o, "--env");
    drop(feeder);
}

/// Runs `eval --jsonl EXTRA` on `input`; the answers, one per line.
fn jsonl(input: &[u8], extra: &[&str]) -> (Output, Vec<Json>) {
    let mut child = bin()
        .args(["eval", "--jsonl"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let answers = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (o, answers)
}

#[test]
fn a_too_long_jsonl_line_is_answered_and_the_stream_goes_on() {
    let mut input = b"{\"expr\": \"1 + 1\"}\n".to_vec();
    input.extend_from_slice(format!("{{\"expr\": \"'{}'\"}}\n", "a".repeat(200)).as_bytes());
    input.extend_from_slice(b"{\"expr\": \"2 + 2\"}");
    let (o, answers) = jsonl(&input, &["--max-line-bytes", "100"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(answers.len(), 3, "{answers:?}");
    assert_eq!(answers[0]["ok"], 2);
    assert_eq!(
        answers[1],
        json!({"error": "invalid input line: line longer than 100 bytes (--max-line-bytes)", "phase": "input"})
    );
    assert_eq!(answers[2]["ok"], 4);
}

#[test]
fn the_default_jsonl_cap_is_16_mib() {
    let line = |len: usize| {
        // {"expr": "len(s)", "env": {"s": "aaa…"}} of exactly `len` bytes.
        let pad = len - r#"{"expr": "len(s)", "env": {"s": ""}}"#.len();
        format!(
            "{{\"expr\": \"len(s)\", \"env\": {{\"s\": \"{}\"}}}}\n",
            "a".repeat(pad)
        )
    };
    let mut input = line(16 << 20).into_bytes();
    input.extend_from_slice(line((16 << 20) + 1).as_bytes());
    input.extend_from_slice(b"{\"expr\": \"3\"}\n");
    let (o, answers) = jsonl(&input, &[]);
    no_panic(&o);
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0]["type"], "int", "{}", answers[0]);
    assert_eq!(answers[1]["phase"], "input");
    assert!(answers[1]["error"]
        .as_str()
        .unwrap()
        .contains("longer than 16777216 bytes"));
    assert_eq!(answers[2]["ok"], 3);
}

#[test]
fn invalid_utf8_in_a_jsonl_line_is_an_input_error() {
    // It was replaced by U+FFFD and evaluated.
    let input = b"{\"expr\": \"'caf\xe9'\"}\n{\"expr\": \"'\xc3\xa9'\"}\r\n\n   \n{\"expr\":\"1\"}";
    let (o, answers) = jsonl(input, &[]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        answers,
        [
            json!({"error": "invalid input line: invalid UTF-8 at byte 14", "phase": "input"}),
            json!({"ok": "é", "type": "string", "str": "é"}),
            json!({"ok": 1, "type": "int", "str": "1"}),
        ]
    );
}
