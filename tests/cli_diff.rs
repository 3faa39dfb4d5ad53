//! `scimexpr diff` against two independent `map` runs: per target, the
//! counts of each kind of change must be what comparing the two outputs gives.

use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args(args)
        .output()
        .unwrap()
}

fn doc(entries: Json) -> Vec<u8> {
    serde_json::to_vec(
        &json!({"name": "v", "direction": "export", "resource": "User", "attributes": entries}),
    )
    .unwrap()
}

/// Per input line (1-based), target → state (0 written value, 1 omitted, 2 error).
fn states(o: &Output, targets: &[&str]) -> Vec<BTreeMap<String, (u8, Json)>> {
    let mut errors: BTreeMap<(u64, String), ()> = BTreeMap::new();
    for l in String::from_utf8_lossy(&o.stderr).lines() {
        let v: Json = serde_json::from_str(l).unwrap();
        if let (Some(line), Some(t)) = (v["line"].as_u64(), v["target"].as_str()) {
            errors.insert((line, t.to_string()), ());
        }
    }
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let r: Json = serde_json::from_str(l).unwrap();
            targets
                .iter()
                .map(|t| {
                    let s = if errors.contains_key(&(i as u64 + 1, t.to_string())) {
                        (2, Json::Null)
                    } else if let Some(v) = r.get(*t) {
                        (0, v.clone())
                    } else {
                        (1, Json::Null)
                    };
                    (t.to_string(), s)
                })
                .collect()
        })
        .collect()
}

#[test]
fn diff_counts_match_two_map_runs() {
    let old = temp(
        "old.json",
        &doc(json!([
            {"target": "userName", "direct": "email", "required": true},
            {"target": "externalId", "direct": "id"},
            {"target": "displayName", "expression": "jcUser.firstname + ' ' + jcUser.lastname"},
            {"target": "title", "direct": "jobTitle"},
            {"target": "nickName", "expression": "jcUser.middlename ?? ''"}
        ])),
    );
    let new = temp(
        "new.json",
        &doc(json!([
            {"target": "userName", "direct": "email", "required": true},
            {"target": "displayName", "expression": "join(filter([jcUser.firstname, jcUser.lastname], notNullOrEmpty(#)), ' ')"},
            {"target": "title", "expression": "upper(jcUser.jobTitle)"},
            {"target": "nickName", "expression": "jcUser.middlename ?? jcUser.firstname"}
        ])),
    );
    let mut users = String::new();
    for i in 0..500 {
        let mut u = json!({"id": format!("u{i}"), "email": format!("u{i}@example.com"), "firstname": format!("F{i}")});
        if i % 3 != 0 {
            u["lastname"] = json!(format!("L{i}"));
        }
        if i % 4 == 0 {
            u["jobTitle"] = json!("eng");
        }
        if i % 5 == 0 {
            u["middlename"] = json!(format!("n{i}"));
        }
        users.push_str(&u.to_string());
        users.push('\n');
    }
    let input = temp("users.jsonl", users.as_bytes());
    let (old, new, input) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        input.to_str().unwrap(),
    );
    let targets = ["userName", "externalId", "displayName", "title", "nickName"];
    let a = states(&run(&["map", "--mapping", old, "--input", input]), &targets);
    let b = states(&run(&["map", "--mapping", new, "--input", input]), &targets);
    assert_eq!(a.len(), 500);
    assert_eq!(b.len(), 500);
    let kinds = [
        "changed",
        "start_failing",
        "stop_failing",
        "become_omitted",
        "stop_being_omitted",
    ];
    let mut want: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for (ra, rb) in a.iter().zip(&b) {
        for t in targets {
            let (o, n) = (&ra[t], &rb[t]);
            let k = match (o.0, n.0) {
                (0, 0) if o.1 != n.1 => Some(0),
                (x, 2) if x != 2 => Some(1),
                (2, y) if y != 2 => Some(2),
                (0, 1) => Some(3),
                (1, 0) => Some(4),
                _ => None,
            };
            if let Some(k) = k {
                want.entry(t.to_string()).or_default()[k] += 1;
            }
        }
    }
    let out = run(&[
        "diff", "--old", old, "--new", new, "--input", input, "--json", "--jobs", "2",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["records"], 500);
    let mut got: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for (t, d) in report["targets"].as_object().unwrap() {
        let mut c = [0u64; 5];
        for (i, k) in kinds.iter().enumerate() {
            c[i] = d[k]["count"].as_u64().unwrap();
            assert!(d[k]["examples"].as_array().unwrap().len() as u64 <= c[i].min(3));
        }
        got.insert(t.clone(), c);
    }
    assert_eq!(got, want);
    // Every kind occurs, so the comparison covers each.
    let totals: Vec<u64> = kinds
        .iter()
        .map(|k| report["totals"][k].as_u64().unwrap())
        .collect();
    assert!(totals.iter().all(|&n| n > 0), "{totals:?}");
}
