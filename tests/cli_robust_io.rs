//! Failed writes never panic the CLI (issue 15, item 2):
//!
//! * a closed pipe (EPIPE, `| head -c1`): quiet exit 141, what a shell reports
//!   for a tool SIGPIPE killed; `map`/`plan` still print their summary, which
//!   counts only what the output took and says `"stopped": "output closed"`;
//! * a full disk (ENOSPC, `> /dev/full`): one error line, exit 2;
//! * standard output closed at start (`>&-`): refused with exit 2 before any
//!   work (Rust would otherwise write into a /dev/null it opened in its place);
//! * a failed write to stderr (`2>/dev/full`) is ignored: the exit code still
//!   says how the run went.

mod cli_robust_common;

use cli_robust_common::*;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Output, Stdio};

const MAPPING: &str = r#"{"name":"t","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"email","required":true},
  {"target":"externalId","direct":"id"}]}"#;

fn has_dev_full() -> bool {
    Path::new("/dev/full").exists()
}

/// Spawns `scimexpr ARGS` with stdin, stdout and stderr piped.
fn spawn(args: &[&str]) -> Child {
    bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Closes the child's stdout reader before it can write, then gives it
/// `stdin` (which it reads before writing anything): its first write fails
/// with EPIPE.
fn with_output_closed_first(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = spawn(args);
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    // The child may exit before reading all of it.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// Reads `lines` lines of the child's stdout, then closes it.
fn read_lines_then_close(child: &mut Child, lines: usize) -> Vec<u8> {
    let mut out = child.stdout.take().unwrap();
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while got.iter().filter(|&&b| b == b'\n').count() < lines {
        if out.read(&mut byte).unwrap() == 0 {
            break;
        }
        got.push(byte[0]);
    }
    got
}

fn quiet_141(o: &Output) {
    no_panic(o);
    assert_eq!(o.status.code(), Some(141), "{}", stderr(o));
    assert!(!stderr(o).contains("writing output"), "{}", stderr(o));
}

#[test]
fn eval_into_a_closed_pipe_exits_141_quietly() {
    let mut child = spawn(&["eval", "repeat('a', 600000)"]);
    drop(child.stdin.take());
    // 600 kB is more than a pipe holds: the child is still writing when
    // the reader goes after one byte.
    let mut out = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    out.read_exact(&mut one).unwrap();
    assert_eq!(&one, b"\"");
    drop(out);
    let o = child.wait_with_output().unwrap();
    quiet_141(&o);
}

#[test]
fn eval_piped_to_head_c1_exits_141() {
    // Exactly as a shell does it.
    let script =
        r#""$0" eval "repeat('a', 600000)" | head -c1 >/dev/null; echo "${PIPESTATUS[0]}""#;
    let Ok(o) = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .output()
    else {
        return; // no bash
    };
    no_panic(&o);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "141");
}

#[test]
fn preview_check_and_eval_into_a_closed_pipe() {
    let record = b"{\"id\":\"1\",\"email\":\"ada@example.com\"}\n";
    let map = temp("closed-pipe.json", MAPPING.as_bytes());
    let map = map.to_str().unwrap();
    let o = with_output_closed_first(&["preview", "--mapping", map, "--input", "-"], record);
    quiet_141(&o);
    let o = with_output_closed_first(&["check", "--mapping", "/dev/stdin"], MAPPING.as_bytes());
    quiet_141(&o);
    let o = with_output_closed_first(&["eval", "--env", "/dev/stdin", "x + 1"], b"{\"x\": 1}");
    quiet_141(&o);
    let o = with_output_closed_first(&["eval", "--jsonl"], b"{\"expr\": \"1\"}\n");
    quiet_141(&o);
}

#[test]
fn map_into_a_closed_pipe_counts_only_what_went_out() {
    let total = 20_000;
    let input = temp("pipe-users.jsonl", users(total).as_bytes());
    let mut child = spawn(&[
        "map",
        "--mapping",
        "namely",
        "--input",
        input.to_str().unwrap(),
    ]);
    drop(child.stdin.take());
    let got = read_lines_then_close(&mut child, 100);
    assert_eq!(got.iter().filter(|&&b| b == b'\n').count(), 100);
    let o = child.wait_with_output().unwrap();
    quiet_141(&o);
    let s = summary(&o);
    assert_eq!(s["stopped"], "output closed", "{s}");
    let written = s["written"].as_u64().unwrap();
    // At least what was read, at most what a pipe buffer more holds; never all.
    assert!(written >= 100, "{s}");
    assert!(written < total as u64, "{s}");
    assert_eq!(
        s["records"].as_u64().unwrap(),
        written + s["failed"].as_u64().unwrap()
    );
}

#[test]
fn plan_into_a_closed_pipe_counts_only_what_went_out() {
    let total = 20_000;
    let input = temp("pipe-plan-users.jsonl", users(total).as_bytes());
    let provider = temp("pipe-plan-provider.jsonl", b"");
    let mut child = spawn(&[
        "plan",
        "--mapping",
        "namely",
        "--input",
        input.to_str().unwrap(),
        "--provider",
        provider.to_str().unwrap(),
    ]);
    drop(child.stdin.take());
    read_lines_then_close(&mut child, 50);
    let o = child.wait_with_output().unwrap();
    quiet_141(&o);
    let s = summary(&o);
    assert_eq!(s["stopped"], "output closed", "{s}");
    let create = s["create"].as_u64().unwrap();
    assert!((50..total as u64).contains(&create), "{s}");
    assert_eq!(s["records"].as_u64().unwrap(), create);
}

#[test]
fn full_disk_is_an_error_with_exit_2() {
    if !has_dev_full() {
        return;
    }
    let map = temp("full.json", MAPPING.as_bytes());
    let map = map.to_str().unwrap();
    let one = temp("full-users.jsonl", users(3).as_bytes());
    let one = one.to_str().unwrap();
    let provider = temp("full-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    let runs: [&[&str]; 6] = [
        &["check", "--mapping", map],
        &["eval", "1"],
        &["eval", "repeat('a', 600000)"],
        &["preview", "--mapping", map, "--input", one],
        &["map", "--mapping", map, "--input", one],
        &[
            "plan",
            "--mapping",
            map,
            "--input",
            one,
            "--provider",
            provider,
        ],
    ];
    for args in runs {
        let o = shell(args, "> /dev/full");
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("scimexpr: writing output: No space left on device"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // map and plan say nothing was written.
    for args in [
        &["map", "--mapping", map, "--input", one][..],
        &[
            "plan",
            "--mapping",
            map,
            "--input",
            one,
            "--provider",
            provider,
        ],
    ] {
        let o = shell(args, "> /dev/full");
        let s = summary(&o);
        assert_eq!(s["stopped"], "write failed", "{s}");
        assert_eq!(s["records"], 0, "{s}");
    }
    let mut child = bin()
        .args(["eval", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"expr\":\"1\"}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn closed_stdout_is_refused_before_any_work() {
    let map = temp("closed.json", MAPPING.as_bytes());
    let map = map.to_str().unwrap();
    let one = temp("closed-users.jsonl", users(3).as_bytes());
    let one = one.to_str().unwrap();
    let provider = temp("closed-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    let runs: [&[&str]; 6] = [
        &["check", "--mapping", map],
        &["eval", "1"],
        &["eval", "--jsonl"],
        &["preview", "--mapping", map, "--input", one],
        &["map", "--mapping", "namely", "--input", one],
        &[
            "plan",
            "--mapping",
            map,
            "--input",
            one,
            "--provider",
            provider,
        ],
    ];
    for args in runs {
        let o = shell(args, ">&- </dev/null");
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("standard output is closed"), "{args:?}: {err}");
        // No summary claims a record was written.
        assert!(!err.contains("\"written\""), "{args:?}: {err}");
    }
    // /dev/null given on purpose is fine.
    let o = shell(
        &["map", "--mapping", "namely", "--input", one],
        ">/dev/null",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(summary(&o)["written"], 3);
}

#[test]
fn failed_writes_to_stderr_are_ignored() {
    if !has_dev_full() {
        return;
    }
    let map = temp("err-full.json", MAPPING.as_bytes());
    let map = map.to_str().unwrap();
    // The second record has no email: it fails, and its problem line is lost.
    let input = temp(
        "err-full-users.jsonl",
        b"{\"id\":\"1\",\"email\":\"a@x\"}\n{\"id\":\"2\"}\nnot json\n",
    );
    let input = input.to_str().unwrap();
    let provider = temp("err-full-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    let bad_map = temp("err-full-bad.json", b"{\"name\":1}");
    let bad_map = bad_map.to_str().unwrap();
    for redirect in ["2>/dev/full", "2>&-"] {
        let o = shell(&["map", "--mapping", map, "--input", input], redirect);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{redirect}");
        assert_eq!(json_lines(&o.stdout).len(), 1);
        let o = shell(
            &[
                "plan",
                "--mapping",
                map,
                "--input",
                input,
                "--provider",
                provider,
            ],
            redirect,
        );
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{redirect}");
        assert_eq!(json_lines(&o.stdout).len(), 3);
        let o = shell(&["eval", "1 +"], redirect);
        assert_eq!(o.status.code(), Some(1), "{redirect}");
        let o = shell(&["check", "--mapping", bad_map], redirect);
        assert_eq!(o.status.code(), Some(1), "{redirect}");
        let o = shell(&["check", "--mapping", "/nonexistent/x.json"], redirect);
        assert_eq!(o.status.code(), Some(2), "{redirect}");
        let o = shell(
            &[
                "map",
                "--mapping",
                map,
                "--input",
                input,
                "--jobs",
                "100000",
            ],
            redirect,
        );
        assert_eq!(o.status.code(), Some(1), "{redirect}");
    }
}

#[test]
fn help_documents_the_exit_statuses_and_fails_like_any_output() {
    for cmd in ["eval", "map", "plan", "preview", "check"] {
        let o = bin().args([cmd, "--help"]).output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(help.contains("Exit status:"), "{cmd}: {help}");
        assert!(
            help.contains("141  standard output's reader went away"),
            "{cmd}"
        );
        assert_eq!(
            help.contains("SIGINT (Ctrl-C) ends the output on a line boundary"),
            cmd == "map" || cmd == "plan",
            "{cmd}"
        );
    }
    let o = bin().args(["map", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("is lowered to that, with a note"));
    if has_dev_full() {
        let o = shell(&["--help"], "> /dev/full");
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
}
