//! `scimexpr map | preview | check` through the binary.

use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-cli-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn stdout_json(o: &Output) -> Vec<Json> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr_json(o: &Output) -> Vec<Json> {
    String::from_utf8(o.stderr.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect()
}

const MAPPING: &str = r#"{"name":"t","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"email","required":true},
  {"target":"title","direct":"jobTitle"},
  {"target":"active","direct":"activated"}]}"#;

#[test]
fn order_line_numbers_summary_and_exit_code() {
    let map = temp("order.json", MAPPING.as_bytes());
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"email\":\"a@x\",\"jobTitle\":\"A\"}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"   \n");
    input.extend_from_slice(b"{\"email\":\"b@x\",\"activated\":\"yes\"}\n");
    input.extend_from_slice(b"not json\n");
    input.extend_from_slice(b"[1,2]\n");
    input.extend_from_slice(b"{\"email\":\"c\xff\"}\n");
    input.extend_from_slice(b"{\"jobTitle\":\"no email\"}\n");
    input.extend_from_slice(b"{\"email\":\"d@x\"}"); // no final newline
    let inp = temp("order.jsonl", &input);
    let o = run(&[
        "map",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout_json(&o),
        [
            json!({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@x","title":"A"}),
            json!({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b@x"}),
            json!({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"d@x"}),
        ]
    );
    let err = stderr_json(&o);
    let lines: Vec<(i64, Option<&str>)> = err
        .iter()
        .filter(|e| e.get("line").is_some())
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e.get("target").and_then(Json::as_str),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (4, Some("active")),
            (5, None),
            (6, None),
            (7, None),
            (8, Some("userName"))
        ]
    );
    assert!(err[0]["error"]
        .as_str()
        .unwrap()
        .contains("expected boolean, got string"));
    assert!(err[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(err[2]["error"]
        .as_str()
        .unwrap()
        .contains("must be a JSON object"));
    assert!(err[3]["error"].as_str().unwrap().contains("invalid UTF-8"));
    assert_eq!(
        err.last().unwrap(),
        // omitted: line 1 active; line 4 title and active (an error); line 9 title and active.
        &json!({"records": 7, "written": 3, "failed": 4, "omitted": 5})
    );
}

#[test]
fn all_written_exits_zero_and_parallel_keeps_order() {
    let map = temp("par.json", MAPPING.as_bytes());
    let mut input = String::new();
    for i in 0..3000 {
        input.push_str(&format!("{{\"email\":\"u{i}@x\"}}\n"));
    }
    let inp = temp("par.jsonl", input.as_bytes());
    for jobs in ["1", "4"] {
        let o = run(&[
            "map",
            "--mapping",
            map.to_str().unwrap(),
            "--input",
            inp.to_str().unwrap(),
            "--jobs",
            jobs,
        ]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout_json(&o);
        assert_eq!(out.len(), 3000);
        for (i, r) in out.iter().enumerate() {
            assert_eq!(r["userName"], format!("u{i}@x"));
        }
        // On a machine with fewer than 4 cores, --jobs 4 is lowered (with a note).
        let err = String::from_utf8(o.stderr.clone()).unwrap();
        let summary: Vec<Json> = err
            .lines()
            .filter(|l| !l.starts_with("scimexpr: --jobs 4 is more than"))
            .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
            .collect();
        assert_eq!(
            summary,
            [json!({"records": 3000, "written": 3000, "failed": 0, "omitted": 6000})]
        );
    }
}

#[test]
fn stdin_input() {
    use std::process::Stdio;
    let map = temp("stdin.json", MAPPING.as_bytes());
    let mut child = bin()
        .args(["map", "--mapping", map.to_str().unwrap(), "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"email\":\"a@x\"}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout_json(&o)[0]["userName"], "a@x");
}

#[test]
fn long_lines_fail_alone() {
    let map = temp("long.json", MAPPING.as_bytes());
    let long = format!("{{\"email\":\"{}\"}}\n", "a".repeat(5000));
    let input = format!("{{\"email\":\"a@x\"}}\n{long}{{\"email\":\"b@x\"}}\n");
    let inp = temp("long.jsonl", input.as_bytes());
    let o = run(&[
        "map",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
        "--max-line-bytes",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout_json(&o).len(), 2);
    let err = stderr_json(&o);
    assert_eq!(err[0]["line"], 2);
    assert!(err[0]["error"]
        .as_str()
        .unwrap()
        .contains("longer than 1000 bytes"));
}

#[test]
fn usage_errors_exit_two() {
    let inp = temp("u.jsonl", b"{}\n");
    let o = run(&[
        "map",
        "--mapping",
        "no-such-mapping",
        "--input",
        inp.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown mapping"));
    let o = run(&[
        "map",
        "--mapping",
        "namely",
        "--input",
        "/nonexistent/users.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let bad = temp("bad.json", br#"{"name":"t","direction":"export","resource":"User","attributes":[{"target":"nope","direct":"x"}]}"#);
    let o = run(&[
        "map",
        "--mapping",
        bad.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["map", "--input", inp.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "map",
        "--mapping",
        "namely-import",
        "--input",
        inp.to_str().unwrap(),
        "--patch",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn example_documents_check_and_run() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let custom = format!("{dir}/examples/custom-mapping.json");
    assert_eq!(run(&["check", "--mapping", &custom]).status.code(), Some(0));
    let users = format!("{dir}/examples/users.jsonl");
    let o = run(&["map", "--mapping", &custom, "--input", &users]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let first = &stdout_json(&o)[0];
    // custom:badge → employeeNumber; the preferredName custom attribute → givenName.
    assert_eq!(
        first["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["employeeNumber"],
        "B-77"
    );
    assert_eq!(first["name"]["givenName"], "Ada");
    // The provider's users, in another order and one of them gone: matched by
    // key (namely: directory id = provider externalId), never by position.
    let providers = format!("{dir}/examples/providers.jsonl");
    let o = run(&[
        "plan",
        "--mapping",
        "namely",
        "--input",
        &users,
        "--provider",
        &providers,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines = stdout_json(&o);
    let first = &lines[0];
    assert_eq!(first["action"], "update");
    assert_eq!(first["id"], "nm-0000");
    let ops = first["patch"][0]["Operations"].as_array().unwrap();
    assert!(ops.contains(&json!({"op": "replace", "path": "title", "value": "Principal Engineer"})));
    // The provider's own locale is kept by the Namely expression: no operation for it.
    assert!(!ops.iter().any(|op| op["path"] == "locale"));
    // The user the provider does not have yet is created; the provider's user
    // no directory user has is an orphan, never deleted.
    assert_eq!(lines[6]["action"], "create");
    assert_eq!(lines.last().unwrap()["action"], "orphan");
    assert_eq!(lines.last().unwrap()["id"], "nm-0099");
}

#[test]
fn map_patch_is_gone_and_provider_is_matched_by_key() {
    let map = temp("patch.json", MAPPING.as_bytes());
    let inp = temp("patch.jsonl", b"{\"email\":\"a@x\",\"jobTitle\":\"A\"}\n");
    let prov = temp("prov.jsonl", b"{\"userName\":\"a@x\",\"title\":\"A\"}\n");
    let o = run(&[
        "map",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
        "--provider",
        prov.to_str().unwrap(),
        "--patch",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("scimexpr plan"));
    assert!(o.stdout.is_empty());
    // Without a key the mapping can name, --provider needs --match.
    let o = run(&[
        "map",
        "--mapping",
        map.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
        "--provider",
        prov.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--match"));
    // Matched by key: the provider file is in another order, and namely keeps
    // the provider's own locale (en-GB for the first user, on its last line).
    let dir = env!("CARGO_MANIFEST_DIR");
    let o = run(&[
        "map",
        "--mapping",
        "namely",
        "--input",
        &format!("{dir}/examples/users.jsonl"),
        "--provider",
        &format!("{dir}/examples/providers.jsonl"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout_json(&o);
    assert_eq!(out.len(), 12);
    assert_eq!(out[0]["locale"], "en-GB");
    assert_eq!(out[0]["externalId"], "5f1b2c3d4e5f60718293a4b1");
    // --provider on an import mapping is refused.
    let o = run(&[
        "map",
        "--mapping",
        "namely-import",
        "--input",
        inp.to_str().unwrap(),
        "--provider",
        prov.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn readme_command_namely_on_examples() {
    let o = run(&[
        "map",
        "--mapping",
        "namely",
        "--input",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/users.jsonl"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout_json(&o);
    assert_eq!(out.len(), 12);
    assert_eq!(out[0]["userName"], "ada.lovelace@example.com");
    let err = stderr_json(&o);
    assert_eq!(err.len(), 1, "only the summary: {err:?}");
    assert_eq!(err[0]["written"], 12);
}

#[test]
fn import_and_groups_through_the_cli() {
    let inp = temp(
        "imp.jsonl",
        br#"{"userName":"toni@example.com","active":false}"#,
    );
    let o = run(&[
        "map",
        "--mapping",
        "namely-import",
        "--input",
        inp.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout_json(&o),
        [json!({"username": "toni", "email": "toni@example.com", "state": "SUSPENDED"})]
    );
    let o = run(&[
        "map",
        "--mapping",
        "namely-import",
        "--input",
        inp.to_str().unwrap(),
        "--settings",
        "[]",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let grp = temp("grp.jsonl", br#"{"id":"g","name":"Ops","members":["u1"]}"#);
    let o = run(&[
        "map",
        "--mapping",
        "interact-groups",
        "--input",
        grp.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout_json(&o),
        [
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Ops", "members": [{"value": "u1"}]})
        ]
    );
}

#[test]
fn preview_shows_every_target() {
    let ex = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/users.jsonl");
    let o = run(&[
        "preview",
        "--mapping",
        "namely",
        "--input",
        ex,
        "--user",
        "grace.hopper",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("record on line 3"), "{text}");
    for target in [
        "userName *",
        "displayName",
        "$enterpriseUser.manager.value",
        "phoneNumbers",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(target)),
            "{target} in\n{text}"
        );
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("name.familyName") && l.ends_with("(omitted: no value)")),
        "{text}"
    );
    let o = run(&["preview", "--mapping", "namely", "--input", ex]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("record on line 1"));
    let o = run(&[
        "preview",
        "--mapping",
        "namely",
        "--input",
        ex,
        "--user",
        "nobody",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // A lastname without a firstname: the shipped namely table sends the lastname.
    let inp = temp(
        "prev.jsonl",
        br#"{"email":"x@example.com","lastname":"Solo"}"#,
    );
    let o = run(&[
        "preview",
        "--mapping",
        "namely",
        "--input",
        inp.to_str().unwrap(),
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("displayName")
            && l.contains("\"Solo\"")
            && !l.contains("ERROR")),
        "{text}"
    );
    // Errors show their position: the 2026 article's own displayName expression
    // adds nil to a string for that user.
    let article = temp(
        "article-display.json",
        br#"{"name":"t","direction":"export","resource":"User","attributes":[
          {"target":"userName","direct":"email","required":true},
          {"target":"displayName","expression":"notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)"}]}"#,
    );
    let o = run(&[
        "preview",
        "--mapping",
        article.to_str().unwrap(),
        "--input",
        inp.to_str().unwrap(),
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("displayName")
            && l.contains("ERROR invalid operation")
            && l.contains("(1:")),
        "{text}"
    );
    assert!(text.contains("^"), "caret: {text}");
}

#[test]
fn check_lists_every_problem() {
    let bad = temp(
        "check.json",
        br#"{"name":"t","direction":"export","resource":"User","attributes":[
            {"target":"nope","direct":"x"},
            {"target":"title","expression":"jcUser.firstname +"},
            {"target":"userName","direct":"email","constant":1}]}"#,
    );
    let o = run(&["check", "--mapping", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("attributes[0] (target \"nope\"): unknown attribute nope"),
        "{text}"
    );
    assert!(
        text.contains("attributes[1] (target \"title\"): expression does not compile"),
        "{text}"
    );
    assert!(text.contains("(1:"), "{text}");
    assert!(
        text.contains("attributes[2] (target \"userName\"): two sources"),
        "{text}"
    );
    assert!(text.contains("3 problem(s)"), "{text}");
    let good = temp("good.json", MAPPING.as_bytes());
    let o = run(&["check", "--mapping", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["check", "--mapping", "/nonexistent.json"]);
    assert_eq!(o.status.code(), Some(2));
    // Unknown roots are compile errors (strict roots).
    let roots = temp("roots.json", br#"{"name":"t","direction":"export","resource":"User","attributes":[{"target":"title","expression":"user.title"}]}"#);
    let o = run(&["check", "--mapping", roots.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("unknown name user"));
}
