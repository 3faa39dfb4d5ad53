//! Helpers for the `cli_robust_*` tests, which run the binary the way a
//! hostile shell would: closed pipes, full disks, closed descriptors, SIGINT,
//! endless inputs.
#![allow(dead_code)]

use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_scimexpr");

pub fn bin() -> Command {
    Command::new(BIN)
}

/// A file in this test binary's own temporary folder.
pub fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `scimexpr ARGS` under `sh` with `redirect` appended (`> /dev/full`,
/// `>&-`, `2>/dev/full`).
pub fn shell(args: &[&str], redirect: &str) -> Output {
    let script = format!("exec \"$0\" \"$@\" {redirect}");
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        .output()
        .unwrap()
}

/// `n` directory users, one JSON line each.
pub fn users(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"u{i}\",\"username\":\"user{i}\",\"email\":\"user{i}@example.com\",\"firstname\":\"First{i}\",\"lastname\":\"Last{i}\"}}\n"
            )
        })
        .collect()
}

/// The JSON lines of a stream.
pub fn json_lines(bytes: &[u8]) -> Vec<Json> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// The summary line (the last JSON line with `records`) of stderr.
pub fn summary(o: &Output) -> Json {
    json_lines(&o.stderr)
        .into_iter()
        .rev()
        .find(|j| j.get("records").is_some())
        .unwrap_or_else(|| panic!("no summary in {}", String::from_utf8_lossy(&o.stderr)))
}

/// No panic message, and not the status a panic exits with.
pub fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(o.status.code(), Some(101), "{err}");
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
