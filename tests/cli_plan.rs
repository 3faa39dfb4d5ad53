//! `scimexpr plan` through the binary (docs/sync.md): matched by key, one line
//! per directory record in input order, then orphans; misaligned, duplicated,
//! missing and unreadable provider data each get a per-line error and an exit
//! code that says so.

use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-cli-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args(args)
        .output()
        .unwrap()
}

fn lines(bytes: &[u8]) -> Vec<Json> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect()
}

/// A small mapping keyed by the directory id (its externalId entry).
const MAPPING: &str = r#"{"name":"t","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"email","required":true},
  {"target":"externalId","direct":"id"},
  {"target":"title","direct":"jobTitle"}]}"#;

fn jsonl(items: &[Json]) -> String {
    items.iter().map(|v| format!("{v}\n")).collect()
}

fn plan(
    name: &str,
    users: &[Json],
    provider: &[Json],
    extra: &[&str],
) -> (Option<i32>, Vec<Json>, Json) {
    let map = temp(&format!("{name}.json"), MAPPING);
    let inp = temp(&format!("{name}-users.jsonl"), &jsonl(users));
    let prov = temp(&format!("{name}-prov.jsonl"), &jsonl(provider));
    let mut args = vec![
        "plan",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
        "--provider",
        prov.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    let err = lines(&o.stderr);
    (
        o.status.code(),
        lines(&o.stdout),
        err.last().cloned().unwrap_or(Json::Null),
    )
}

fn user(id: &str, email: &str, title: &str) -> Json {
    json!({"id": id, "email": email, "jobTitle": title})
}

fn prov(id: &str, ext: &str, email: &str, title: &str) -> Json {
    json!({"id": id, "externalId": ext, "userName": email, "title": title})
}

#[test]
fn matched_by_key_not_by_position() {
    // The provider file is in another order and shorter than the input.
    let users = [
        user("u1", "a@x", "A"),
        user("u2", "b@x", "B"),
        user("u3", "c@x", "C"),
    ];
    let provider = [prov("p3", "u3", "c@x", "old"), prov("p1", "u1", "A@X", "A")];
    let (code, out, summary) = plan("order", &users, &provider, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        [
            // userName differs only in case (caseExact false): nothing to do.
            json!({"line": 1, "user": "u1", "key": "u1", "action": "unchanged", "id": "p1"}),
            json!({"line": 2, "user": "u2", "key": "u2", "action": "create",
                   "body": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                            "userName": "b@x", "externalId": "u2", "title": "B"}}),
            json!({"line": 3, "user": "u3", "key": "u3", "action": "update", "id": "p3",
                   "patch": [{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                              "Operations": [{"op": "replace", "path": "title", "value": "C"}]}]}),
        ]
    );
    assert_eq!(
        summary,
        json!({"records": 3, "create": 1, "update": 1, "unchanged": 1, "failed": 0,
               "skipped": 0, "orphan": 0, "provider_failed": 0})
    );
}

#[test]
fn orphans_come_last_and_are_never_deleted() {
    let users = [user("u1", "a@x", "A")];
    let provider = [
        prov("p9", "gone", "z@x", "Z"),
        prov("p1", "u1", "a@x", "A"),
        json!({"id": "p8", "userName": "nokey@x"}),
    ];
    let (code, out, summary) = plan("orphans", &users, &provider, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(out[0]["action"], "unchanged");
    assert_eq!(
        &out[1..],
        [
            json!({"provider_line": 1, "action": "orphan", "id": "p9", "key": "gone"}),
            json!({"provider_line": 3, "action": "orphan", "id": "p8", "key": null}),
        ]
    );
    assert_eq!(summary["orphan"], 2);
}

#[test]
fn duplicate_keys_fail_naming_both_lines() {
    let users = [
        user("u1", "a@x", "A"),
        user("u2", "b@x", "B"),
        user("u1", "c@x", "C"),
    ];
    let provider = [
        prov("p2", "u2", "b@x", "B"),
        prov("p1", "u1", "a@x", "A"),
        prov("p2b", "u2", "b@x", "B"),
    ];
    let (code, out, summary) = plan("dups", &users, &provider, &[]);
    assert_eq!(code, Some(1));
    let err = |v: &Json| v["errors"][0]["error"].as_str().unwrap().to_string();
    assert_eq!(out[0]["action"], "failed");
    assert_eq!(
        err(&out[0]),
        "directory id \"u1\" occurs on input lines 1 and 3: a key must be unique"
    );
    assert_eq!(err(&out[2]), err(&out[0]));
    assert_eq!(out[1]["action"], "failed");
    assert_eq!(
        err(&out[1]),
        "provider externalId \"u2\" occurs on provider lines 1 and 3: a key must be unique"
    );
    // The provider lines are reported too, and none is an orphan: p1 is still
    // claimed by the (ambiguous) directory key u1.
    let tail: Vec<&Json> = out[3..].iter().collect();
    assert_eq!(tail.len(), 2, "{tail:?}");
    assert!(tail.iter().all(|v| v["action"] == "failed"));
    assert_eq!(summary["failed"], 3);
    assert_eq!(summary["provider_failed"], 2);
    assert_eq!(summary["orphan"], 0);
}

#[test]
fn unreadable_provider_lines_block_creates() {
    // A provider line that is not a record might be any user: creating users
    // the plan cannot see there would duplicate them.
    let map = temp("bad.json", MAPPING);
    let inp = temp(
        "bad-users.jsonl",
        &jsonl(&[user("u1", "a@x", "A"), user("u2", "b@x", "B")]),
    );
    let prov = temp(
        "bad-prov.jsonl",
        &format!(
            "{}\n{{\"id\": \"p2\", \"externalId\": \n",
            prov("p1", "u1", "a@x", "old")
        ),
    );
    let o = run(&[
        "plan",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
        "--provider",
        prov.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = lines(&o.stdout);
    assert_eq!(
        out[0]["action"], "update",
        "a matched user is still updated"
    );
    assert_eq!(out[1]["action"], "failed");
    assert!(out[1]["errors"][0]["error"]
        .as_str()
        .unwrap()
        .contains("provider line 2 could not be read"));
    assert_eq!(out[2]["provider_line"], 2);
    assert_eq!(out[2]["action"], "failed");
}

#[test]
fn records_without_a_key_and_bad_lines_fail_alone() {
    let map = temp("nokey.json", MAPPING);
    let inp = temp("nokey-users.jsonl", "{\"email\": \"a@x\"}\nnot json\n\n{\"id\": \"u3\"}\n{\"id\": \"u4\", \"email\": \"d@x\"}\n");
    let prov = temp("nokey-prov.jsonl", "");
    let o = run(&[
        "plan",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
        "--provider",
        prov.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = lines(&o.stdout);
    let actions: Vec<(u64, &str)> = out
        .iter()
        .map(|v| (v["line"].as_u64().unwrap(), v["action"].as_str().unwrap()))
        .collect();
    // The blank line 3 is no record; line 4 lacks the required userName.
    assert_eq!(
        actions,
        [(1, "failed"), (2, "failed"), (4, "failed"), (5, "create")]
    );
    assert!(out[0]["errors"][0]["error"]
        .as_str()
        .unwrap()
        .contains("no id to match"));
    assert!(out[1]["errors"][0]["error"]
        .as_str()
        .unwrap()
        .contains("invalid JSON"));
    assert_eq!(
        out[2]["errors"][0],
        json!({"target": "userName", "error": "required attribute userName has no value"})
    );
}

#[test]
fn match_options_and_suspension() {
    // namely has no `active` entry: a suspended user is still deactivated.
    let users = [json!({"id": "u1", "email": "Ann@X.io", "state": "SUSPENDED"})];
    let provider = [
        json!({"id": "p1", "userName": "ann@x.io", "externalId": "u1", "active": true,
                           "emails": [{"value": "ann@x.io", "type": "work", "primary": true}]}),
    ];
    let inp = temp("susp-users.jsonl", &jsonl(&users));
    let prov = temp("susp-prov.jsonl", &jsonl(&provider));
    for extra in [&[][..], &["--match", "email"][..]] {
        let mut args = vec![
            "plan",
            "--mapping",
            "namely",
            "--input",
            inp.to_str().unwrap(),
            "--provider",
            prov.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{extra:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = lines(&o.stdout);
        assert_eq!(out[0]["action"], "update", "{extra:?}");
        let ops = out[0]["patch"][0]["Operations"].as_array().unwrap();
        assert!(
            ops.contains(&json!({"op": "replace", "path": "active", "value": false})),
            "{ops:?}"
        );
        assert!(
            !ops.iter().any(|o| o["path"] == "userName"),
            "case-only difference: {ops:?}"
        );
    }
}

#[test]
fn standard_input_and_split_requests() {
    let map = temp(
        "stdin.json",
        r#"{"name":"g","direction":"export","resource":"Group","attributes":[
      {"target":"displayName","direct":"name","required":true},
      {"target":"members","expression":"jcGroup.members == nil ? nil : map(jcGroup.members, {{value: #}})"}]}"#,
    );
    let prov = temp(
        "stdin-prov.jsonl",
        &jsonl(&[json!({"id": "g-1", "displayName": "Eng", "members": [{"value": "x"}]})]),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args([
            "plan",
            "--mapping",
            map.to_str().unwrap(),
            "--input",
            "-",
            "--provider",
            prov.to_str().unwrap(),
            "--max-operations",
            "2",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"name\": \"eng\", \"members\": [\"a\", \"b\", \"c\"]}\n{\"name\": \"Empty\", \"members\": []}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = lines(&o.stdout);
    // Groups match by name (case-insensitively: displayName is not caseExact).
    assert_eq!(out[0]["action"], "update");
    assert_eq!(out[0]["id"], "g-1");
    let reqs = out[0]["patch"].as_array().unwrap();
    assert_eq!(reqs.len(), 2, "three operations, two per request: {reqs:?}");
    assert_eq!(
        reqs[0]["Operations"][0],
        json!({"op": "add", "path": "members", "value": [{"value": "a"}, {"value": "b"}]})
    );
    assert_eq!(
        reqs[1]["Operations"][0],
        json!({"op": "remove", "path": "members[value eq \"x\"]"})
    );
    assert_eq!(out[1]["action"], "skipped");
}

#[test]
fn usage_errors_exit_2() {
    let inp = temp("usage-users.jsonl", "{}\n");
    let map = temp(
        "usage.json",
        r#"{"name":"t","direction":"export","resource":"User","attributes":[
      {"target":"userName","direct":"email","required":true}]}"#,
    );
    let table: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "plan",
                "--mapping",
                "namely-import",
                "--input",
                inp.to_str().unwrap(),
                "--provider",
                inp.to_str().unwrap(),
            ],
            "export mappings",
        ),
        (
            vec![
                "plan",
                "--mapping",
                map.to_str().unwrap(),
                "--input",
                inp.to_str().unwrap(),
                "--provider",
                inp.to_str().unwrap(),
            ],
            "--match",
        ),
        (
            vec![
                "plan",
                "--mapping",
                "namely",
                "--input",
                inp.to_str().unwrap(),
                "--provider",
                "/nonexistent/p.jsonl",
            ],
            "cannot read",
        ),
        (
            vec![
                "plan",
                "--mapping",
                "namely",
                "--input",
                inp.to_str().unwrap(),
                "--provider",
                inp.to_str().unwrap(),
                "--match",
                "nope",
            ],
            "unknown match key",
        ),
        (
            vec![
                "plan",
                "--mapping",
                "namely",
                "--input",
                inp.to_str().unwrap(),
                "--provider",
                inp.to_str().unwrap(),
                "--match",
                "id=emails",
            ],
            "not a single-valued string",
        ),
        (
            vec![
                "plan",
                "--mapping",
                "namely",
                "--input",
                inp.to_str().unwrap(),
            ],
            "--provider",
        ),
    ];
    for (args, want) in table {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}
