//! `plan_memory`: `scimexpr plan --mapping namely` over 1,000,000 directory
//! users and 1,000,000 provider users (900,000 of them matched, a third edited
//! at the provider, 100,000 orphans; files on disk), all cores: its peak RSS,
//! which must stay under 256 MiB, and its records/s against `map` over the
//! same users in the same run, which must be at least half.
//!
//! Run with `cargo bench --bench plan_memory`; under `cargo test` it runs on
//! 2,000 users, to keep the check itself working. Peak RSS is the children's
//! `ru_maxrss` (getrusage), taken after each command, so each figure is that
//! command's own (the largest child so far, and `plan` runs first). The
//! inputs are written by a child process (this program again), so the
//! memory that writing them took is not counted in the commands' (a forked
//! child starts with its parent's resident pages).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

mod common;
#[path = "../examples/gen_users.rs"]
#[allow(dead_code)]
mod gen_users;

const LIMIT_MIB: f64 = 256.0;

fn peak_child_rss_mib() -> f64 {
    // SAFETY: getrusage writes into the struct we pass and reads nothing else;
    // a zeroed rusage is a valid value of the type.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

/// Writes `n` users and the provider's copies of 90% of them (what `namely`
/// wrote, a third since edited there) plus `n / 10` orphans. The provider file
/// is in another order (users `i % 16 == 0` first, then `1`, …): matching
/// reads it all over, as it would a provider's `GET /Users` sorted by its own
/// ids. Nothing is held in memory: the buckets go to files first.
fn inputs(dir: &Path, n: u64) {
    let m = scimexpr::mapping::Mapping::builtin("namely").unwrap();
    let create =
        |name: String| std::io::BufWriter::new(std::fs::File::create(dir.join(name)).unwrap());
    let mut users = create("users.jsonl".into());
    let mut buckets: Vec<_> = (0..16).map(|b| create(format!("bucket-{b}"))).collect();
    let mut rng = gen_users::Rng::new(42);
    for i in 0..n {
        let user = gen_users::user(&mut rng, i);
        writeln!(users, "{user}").unwrap();
        if let Some(r) = common::provider_copy(&m, &user, i) {
            writeln!(buckets[(i % 16) as usize], "{r}").unwrap();
        }
    }
    users.flush().unwrap();
    for b in &mut buckets {
        b.flush().unwrap();
    }
    drop(buckets);
    let mut provider = create("provider.jsonl".into());
    for b in 0..16 {
        let path = dir.join(format!("bucket-{b}"));
        std::io::copy(&mut std::fs::File::open(&path).unwrap(), &mut provider).unwrap();
        std::fs::remove_file(path).unwrap();
    }
    for k in 0..n / 10 {
        let orphan = serde_json::json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": format!("o-{k}"), "externalId": format!("gone-{k}"), "userName": format!("gone{k}@example.com")});
        writeln!(provider, "{orphan}").unwrap();
    }
    provider.flush().unwrap();
}

fn run(args: &[&std::ffi::OsStr]) -> f64 {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    // plan exits 0 here: every user is matched or created.
    assert!(status.success(), "{args:?}: {status}");
    started.elapsed().as_secs_f64()
}

const GENERATE: &str = "SCIMEXPR_PLAN_MEMORY_GENERATE";

fn main() {
    if let Some(spec) = std::env::var_os(GENERATE) {
        let spec = spec.to_string_lossy().to_string();
        let (n, dir) = spec.split_once(':').unwrap();
        inputs(Path::new(dir), n.parse().unwrap());
        return;
    }
    let bench = std::env::args().any(|a| a == "--bench");
    let n: u64 = if bench { 1_000_000 } else { 2_000 };
    let dir = std::env::temp_dir().join(format!("scimexpr-plan-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .env(GENERATE, format!("{n}:{}", dir.display()))
        .status()
        .unwrap();
    assert!(status.success());
    let (users, provider) = (dir.join("users.jsonl"), dir.join("provider.jsonl"));
    let before = peak_child_rss_mib();
    let os = |s: &str| std::ffi::OsString::from(s);
    let plan_secs = run(&[
        &os("plan"),
        &os("--mapping"),
        &os("namely"),
        &os("--input"),
        users.as_os_str(),
        &os("--provider"),
        provider.as_os_str(),
    ]);
    let plan_rss = peak_child_rss_mib();
    // The generator was a child too: plan's figure is its own only if larger.
    assert!(
        plan_rss > before || !bench,
        "plan's peak RSS is hidden by the generator's ({before:.1} MiB)"
    );
    let map_secs = run(&[
        &os("map"),
        &os("--mapping"),
        &os("namely"),
        &os("--input"),
        users.as_os_str(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let ratio = map_secs / plan_secs;
    println!(
        "plan_memory: {n} users, {n} provider users: plan {:.0} records/s, peak RSS {plan_rss:.1} MiB (limit {LIMIT_MIB}); \
         map {:.0} records/s; plan/map = {ratio:.2} (target >= 0.5)",
        n as f64 / plan_secs,
        n as f64 / map_secs,
    );
    if bench {
        assert!(
            plan_rss <= LIMIT_MIB,
            "plan peak RSS {plan_rss:.1} MiB > {LIMIT_MIB} MiB"
        );
    }
}
