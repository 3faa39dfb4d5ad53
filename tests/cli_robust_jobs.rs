//! `--jobs` of `map` and `plan` (issue 15, item 1): more than the machine runs
//! at once (`std::thread::available_parallelism`) is lowered to that with a
//! one-line note on stderr, so `--jobs 10000` is as fast as a sane value and
//! never a thread-spawn panic; 0 is a usage error; a thread the system
//! refuses is worked on the calling thread instead.

mod cli_robust_common;

use cli_robust_common::*;
use std::process::Output;
use std::time::{Duration, Instant};

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn map(input: &str, jobs: &str) -> (Output, Duration) {
    let t = Instant::now();
    let o = bin()
        .args(["map", "--mapping", "namely", "--input", input])
        .arg(format!("--jobs={jobs}"))
        .output()
        .unwrap();
    (o, t.elapsed())
}

fn plan(input: &str, provider: &str, jobs: &str) -> Output {
    bin()
        .args([
            "plan",
            "--mapping",
            "namely",
            "--input",
            input,
            "--provider",
            provider,
        ])
        .arg(format!("--jobs={jobs}"))
        .output()
        .unwrap()
}

fn lowered_note(o: &Output, asked: &str) {
    let n = cores();
    let note = format!(
        "scimexpr: --jobs {asked} is more than the {n} thread(s) this machine runs at once; using {n}"
    );
    let err = stderr(o);
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("scimexpr: --jobs"))
            .collect::<Vec<_>>(),
        [note.as_str()],
        "{err}"
    );
}

#[test]
fn huge_job_counts_are_lowered_and_give_the_same_output() {
    let input = temp("jobs-users.jsonl", users(5000).as_bytes());
    let input = input.to_str().unwrap();
    let (one, _) = map(input, "1");
    assert_eq!(one.status.code(), Some(0));
    assert!(!stderr(&one).contains("--jobs"));
    for asked in ["1024", "10000"] {
        let (o, _) = map(input, asked);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(o.stdout, one.stdout);
        assert_eq!(summary(&o), summary(&one));
        lowered_note(&o, asked);
    }
    let provider = temp("jobs-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    let one = plan(input, provider, "1");
    assert_eq!(one.status.code(), Some(0));
    for asked in ["1024", "10000"] {
        let o = plan(input, provider, asked);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(o.stdout, one.stdout);
        lowered_note(&o, asked);
    }
}

#[test]
fn ten_thousand_jobs_are_not_slower_than_all_cores() {
    let input = temp("jobs-speed-users.jsonl", users(10_000).as_bytes());
    let input = input.to_str().unwrap();
    let sane = cores().to_string();
    // Best of two each, to be fair to a shared machine.
    let best = |jobs: &str| {
        (0..2)
            .map(|_| {
                let (o, t) = map(input, jobs);
                assert_eq!(o.status.code(), Some(0));
                t
            })
            .min()
            .unwrap()
    };
    let sane_time = best(&sane);
    let huge_time = best("10000");
    assert!(
        huge_time < sane_time * 2 + Duration::from_millis(500),
        "--jobs 10000 took {huge_time:?}, --jobs {sane} {sane_time:?}"
    );
}

#[test]
fn zero_and_unparsable_job_counts_are_usage_errors() {
    let input = temp("jobs-zero-users.jsonl", users(3).as_bytes());
    let input = input.to_str().unwrap();
    let provider = temp("jobs-zero-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    for jobs in ["0", "-1", "99999999999999999999999", "many"] {
        let (o, _) = map(input, jobs);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{jobs}: {}", stderr(&o));
        assert!(stderr(&o).contains("--jobs"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
        let o = plan(input, provider, jobs);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{jobs}: {}", stderr(&o));
    }
}

#[test]
fn a_refused_thread_is_no_panic() {
    // A stack no system can give: every worker thread is refused (unless
    // memory is overcommitted without limit), and the work still gets done.
    let refused =
        std::fs::read_to_string("/proc/sys/vm/overcommit_memory").is_ok_and(|m| m.trim() != "1");
    let input = temp("jobs-refused-users.jsonl", users(3000).as_bytes());
    let input = input.to_str().unwrap();
    let (want, _) = map(input, "1");
    let provider = temp("jobs-refused-provider.jsonl", b"");
    let provider = provider.to_str().unwrap();
    let want_plan = plan(input, provider, "1");
    for cmd in ["map", "plan"] {
        let mut c = bin();
        c.args([cmd, "--mapping", "namely", "--input", input, "--jobs", "2"]);
        if cmd == "plan" {
            c.args(["--provider", provider]);
        }
        let o = c
            .env("RUST_MIN_STACK", (1u64 << 40).to_string())
            .output()
            .unwrap();
        no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
        let want = if cmd == "map" { &want } else { &want_plan };
        assert_eq!(o.stdout, want.stdout, "{cmd}");
        if refused && cores() > 1 {
            assert!(
                stderr(&o).contains("scimexpr: cannot start a worker thread"),
                "{cmd}: {}",
                stderr(&o)
            );
        }
    }
}
