//! `throughput`: `scimexpr map --mapping namely` over 100,000 generated users
//! (JSON lines held in memory: a file in /dev/shm), on one core and on all
//! cores, against a plain pass that parses and re-serializes the same lines,
//! and a hand-written pass (parse, the hand-written `namely`, serialize): the
//! floor for any implementation of `map`.
//!
//! `map` runs as the real command (`CARGO_BIN_EXE_scimexpr`) with stdout to
//! /dev/null, so the figure includes its line reading, batching and output
//! ordering; process start-up is about a millisecond of a run of seconds.
//!
//! `diff` compares `namely` with a second version of it over the same users
//! (`diff/N` beside `map/N`: it applies both versions to every record).
//!
//! `plan` runs the same users against a provider file holding most of them
//! (what `namely` wrote for them, a third since edited there, in another
//! order, one in ten missing): indexing both files, matching by key, applying
//! and computing the PATCH operations, in the same records/s as `map`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

mod common;
#[path = "../examples/gen_users.rs"]
#[allow(dead_code)]
mod gen_users;

const USERS: u64 = 100_000;
/// Under `cargo test` (no `--bench`), criterion runs each bench once: a small
/// input keeps that quick.
const TEST_USERS: u64 = 500;

fn users() -> u64 {
    if std::env::args().any(|a| a == "--bench") {
        USERS
    } else {
        TEST_USERS
    }
}

fn users_file() -> (PathBuf, String) {
    let mut rng = gen_users::Rng::new(42);
    let mut text = String::new();
    for i in 0..users() {
        text.push_str(&gen_users::user(&mut rng, i).to_string());
        text.push('\n');
    }
    let path = users_path("users");
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

/// The provider's users for the users in `text`, one line each, in reverse
/// order, every tenth user missing and every third one's title edited there.
fn provider_file(text: &str) -> PathBuf {
    let m = scimexpr::mapping::Mapping::builtin("namely").unwrap();
    let mut lines = Vec::new();
    for (i, line) in (0u64..).zip(text.lines()) {
        let user: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(r) = common::provider_copy(&m, &user, i) {
            lines.push(r.to_string());
        }
    }
    lines.reverse();
    let path = users_path("provider");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn users_path(what: &str) -> PathBuf {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!(
        "scimexpr-bench-{what}-{}.jsonl",
        std::process::id()
    ))
}

fn plan(users: &PathBuf, provider: &PathBuf, jobs: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args([
            "plan",
            "--mapping",
            "namely",
            "--jobs",
            &jobs.to_string(),
            "--input",
        ])
        .arg(users)
        .arg("--provider")
        .arg(provider)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// A second version of `namely`: its last entry dropped and every
/// expression's value passed through `?? nil` (same values, more work).
fn namely_v2() -> PathBuf {
    let mut doc: serde_json::Value =
        serde_json::from_str(scimexpr::mapping::Mapping::builtin_source("namely").unwrap())
            .unwrap();
    let attrs = doc["attributes"].as_array_mut().unwrap();
    attrs.pop();
    for a in attrs.iter_mut() {
        if let Some(e) = a.get("expression").and_then(|e| e.as_str()) {
            a["expression"] = serde_json::json!(format!("({e}) ?? nil"));
        }
    }
    let path = users_path("namely-v2").with_extension("json");
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

/// `scimexpr diff` of `namely` and [`namely_v2`] over the users.
fn diff(path: &PathBuf, new: &PathBuf, jobs: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args([
            "diff",
            "--old",
            "namely",
            "--jobs",
            &jobs.to_string(),
            "--new",
        ])
        .arg(new)
        .arg("--input")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn map(path: &PathBuf, jobs: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args([
            "map",
            "--mapping",
            "namely",
            "--jobs",
            &jobs.to_string(),
            "--input",
        ])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Parses each line, turns it with `f` and writes what comes out through a
/// buffer handed to `out`, as `map`'s output does: formatting straight into
/// `io::sink()` would be skipped altogether (`Sink` ignores `write_fmt` without
/// formatting), leaving only the parse.
fn pass(
    lines: &[&str],
    out: &mut impl Write,
    f: impl Fn(serde_json::Value) -> Option<serde_json::Value>,
) {
    let mut buf = Vec::with_capacity(1 << 16);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(v) = f(v) {
            serde_json::to_writer(&mut buf, &v).unwrap();
            buf.push(b'\n');
        }
        if buf.len() >= 1 << 16 {
            out.write_all(black_box(&buf)).unwrap();
            buf.clear();
        }
    }
    out.write_all(black_box(&buf)).unwrap();
}

/// Parse and re-serialize each line: the least any JSON-lines transformer does.
fn plain(lines: &[&str], out: &mut impl Write) {
    pass(lines, out, Some)
}

/// What `map` does, written by hand: parse each line, apply the hand-written
/// `namely` mapping, serialize the resource. The best an interpreter could do
/// against the plain pass.
fn hand(lines: &[&str], out: &mut impl Write) {
    let provider = common::provider();
    pass(lines, out, |user| common::namely(&user, &provider))
}

fn plain_parallel(lines: &[&str], jobs: usize) {
    let chunk = lines.len().div_ceil(jobs);
    std::thread::scope(|s| {
        for part in lines.chunks(chunk) {
            s.spawn(move || plain(part, &mut std::io::sink()));
        }
    });
}

fn throughput(c: &mut Criterion) {
    common::check_baselines();
    let (path, text) = users_file();
    let lines: Vec<&str> = text.lines().collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut g = c.benchmark_group("throughput");
    g.sample_size(10).throughput(Throughput::Elements(users()));
    g.bench_function("map/1", |b| b.iter(|| map(&path, 1)));
    g.bench_function(format!("map/{cores}"), |b| b.iter(|| map(&path, cores)));
    let v2 = namely_v2();
    g.bench_function("diff/1", |b| b.iter(|| diff(&path, &v2, 1)));
    g.bench_function(format!("diff/{cores}"), |b| {
        b.iter(|| diff(&path, &v2, cores))
    });
    let provider = provider_file(&text);
    g.bench_function("plan/1", |b| b.iter(|| plan(&path, &provider, 1)));
    g.bench_function(format!("plan/{cores}"), |b| {
        b.iter(|| plan(&path, &provider, cores))
    });
    g.bench_function("plain/1", |b| {
        b.iter(|| plain(black_box(&lines), &mut std::io::sink()))
    });
    g.bench_function("hand/1", |b| {
        b.iter(|| hand(black_box(&lines), &mut std::io::sink()))
    });
    g.bench_function(format!("plain/{cores}"), |b| {
        b.iter(|| plain_parallel(black_box(&lines), cores))
    });
    g.finish();
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&provider);
    let _ = std::fs::remove_file(&v2);
}

criterion_group!(benches, throughput);
criterion_main!(benches);
