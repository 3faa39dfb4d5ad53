//! SIGINT during `map` and `plan` (issue 15, item 3): the output ends on a
//! line boundary, the summary says `"stopped": "interrupted"` and counts
//! exactly the records whose lines went out, and the process then dies of
//! SIGINT (a shell shows 130), so a calling script stops too.
#![cfg(unix)]

mod cli_robust_common;

use cli_robust_common::*;
use serde_json::Value as Json;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn sigint(child: &Child) {
    // SAFETY: kill(2) on our own child's pid.
    let r = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(r, 0);
}

/// Reads `n` lines of the child's stdout, interrupts it, then reads the rest.
/// Returns all of stdout and the child's end.
fn interrupt_after(mut child: Child, n: usize) -> (Vec<u8>, Output) {
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut got = Vec::new();
    for _ in 0..n {
        let before = got.len();
        out.read_until(b'\n', &mut got).unwrap();
        assert!(got.len() > before, "the run ended before line {n}");
    }
    sigint(&child);
    out.read_to_end(&mut got).unwrap();
    (got, child.wait_with_output().unwrap())
}

/// Feeds users to the child's stdin for ever (until the child is gone),
/// counting the bytes it took.
fn feed_for_ever(child: &mut Child) -> (std::thread::JoinHandle<()>, Arc<AtomicUsize>) {
    let mut stdin = child.stdin.take().unwrap();
    let fed = Arc::new(AtomicUsize::new(0));
    let count = fed.clone();
    let feeder = std::thread::spawn(move || {
        let chunk = users(1000);
        while stdin.write_all(chunk.as_bytes()).is_ok() {
            count.fetch_add(chunk.len(), Ordering::Relaxed);
        }
    });
    (feeder, fed)
}

fn check_interrupted(stdout: &[u8], o: &Output) -> Json {
    no_panic(o);
    assert_eq!(o.status.signal(), Some(libc::SIGINT), "{}", stderr(o));
    assert!(stdout.is_empty() || stdout.ends_with(b"\n"), "cut mid-line");
    let text = std::str::from_utf8(stdout).unwrap();
    for l in text.lines() {
        serde_json::from_str::<Json>(l).unwrap_or_else(|_| panic!("not JSON: {l}"));
    }
    let s = summary(o);
    assert_eq!(s["stopped"], "interrupted", "{s}");
    s
}

#[test]
fn map_of_an_endless_stdin_stops_on_a_line_with_an_exact_count() {
    let mut child = bin()
        .args(["map", "--mapping", "namely", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (feeder, _) = feed_for_ever(&mut child);
    let (stdout, o) = interrupt_after(child, 3000);
    feeder.join().unwrap();
    let s = check_interrupted(&stdout, &o);
    let lines = stdout.iter().filter(|&&b| b == b'\n').count() as u64;
    assert!(lines >= 3000);
    assert_eq!(s["written"], lines, "{s}");
    assert_eq!(s["records"], lines, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
}

#[test]
fn map_waiting_for_input_stops_at_once() {
    let mut child = bin()
        .args(["map", "--mapping", "namely", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // One batch (1024 lines) goes out; the rest waits for more input, which
    // never comes: the child blocks in read(2).
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(users(1100).as_bytes()).unwrap();
    let started = Instant::now();
    let (stdout, o) = interrupt_after(child, 1024);
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(stdin);
    let s = check_interrupted(&stdout, &o);
    assert_eq!(s["records"], 1024, "{s}");
    assert_eq!(s["written"], 1024, "{s}");
    assert_eq!(stdout.iter().filter(|&&b| b == b'\n').count(), 1024);
}

#[test]
fn plan_stops_on_a_line_with_an_exact_count() {
    let input = temp("sigint-plan-users.jsonl", users(200_000).as_bytes());
    let provider = temp("sigint-plan-provider.jsonl", b"");
    let child = bin()
        .args(["plan", "--mapping", "namely", "--input"])
        .arg(&input)
        .arg("--provider")
        .arg(&provider)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (stdout, o) = interrupt_after(child, 2000);
    let s = check_interrupted(&stdout, &o);
    let lines = stdout.iter().filter(|&&b| b == b'\n').count() as u64;
    assert!((2000..200_000).contains(&lines), "{s}");
    assert_eq!(s["create"], lines, "{s}");
    assert_eq!(s["records"], lines, "{s}");
}

#[test]
fn plan_spooling_an_endless_stdin_stops() {
    let provider = temp("sigint-spool-provider.jsonl", b"");
    let mut child = bin()
        .args(["plan", "--mapping", "namely", "--input", "-", "--provider"])
        .arg(&provider)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (feeder, fed) = feed_for_ever(&mut child);
    // plan copies its stdin to a temporary file until the end, which never
    // comes. Once it took more than a pipe holds, it is copying (and SIGINT
    // is caught).
    while fed.load(Ordering::Relaxed) < 4 << 20 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let (stdout, o) = interrupt_after(child, 0);
    feeder.join().unwrap();
    let s = check_interrupted(&stdout, &o);
    assert!(stdout.is_empty());
    assert_eq!(s["records"], 0, "{s}");
    assert_eq!(s["create"], 0, "{s}");
    assert_eq!(s["orphan"], 0, "{s}");
}
