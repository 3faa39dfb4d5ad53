//! `--schema FILE` (host extension schemas as RFC 7643 schema documents) on
//! every command that loads a mapping, and `check`'s typed diagnostics,
//! through the binary.

use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

const ACME: &str = "urn:acme:params:scim:schemas:extension:acme:2.0:User";

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scimexpr-cli-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn schema_file() -> String {
    let doc = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": ACME, "name": "AcmeUser", "attributes": [
            {"name": "badge", "type": "integer"},
            {"name": "site", "type": "complex", "subAttributes": [{"name": "code", "type": "string"}]}]});
    temp("acme.json", doc.to_string().as_bytes())
        .to_string_lossy()
        .into_owned()
}

fn mapping_file() -> String {
    let doc = json!({"name": "acme", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email", "required": true},
        {"target": "externalId", "direct": "id"},
        {"target": format!("{ACME}:badge"), "expression": "int(jcUser.employeeIdentifier ?? '0')"},
        {"target": format!("{ACME}:site.code"), "direct": "location"}]});
    temp("acme-mapping.json", doc.to_string().as_bytes())
        .to_string_lossy()
        .into_owned()
}

fn users_file() -> String {
    temp(
        "users.jsonl",
        b"{\"id\": \"u1\", \"email\": \"ada@example.com\", \"employeeIdentifier\": \"42\", \"location\": \"HQ\"}\n",
    )
    .to_string_lossy()
    .into_owned()
}

#[test]
fn check_needs_the_schema_of_an_extension() {
    let (schema, mapping) = (schema_file(), mapping_file());
    let o = run(&["check", "--mapping", &mapping]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(out.contains("unknown schema URN"), "{out}");
    assert!(out.contains("--schema FILE"), "{out}");
    let o = run(&["check", "--mapping", &mapping, "--schema", &schema]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert_eq!(text(&o.stdout), "acme: ok (4 attributes)\n");
    // The extension's attributes are checked like the core ones.
    let bad = json!({"name": "acme", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email"},
        {"target": format!("{ACME}:bdge"), "constant": 1},
        {"target": format!("{ACME}:badge"), "constant": "seven"}]});
    let bad = temp("acme-bad.json", bad.to_string().as_bytes());
    let o = run(&[
        "check",
        "--json",
        "--mapping",
        bad.to_str().unwrap(),
        "--schema",
        &schema,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<Json> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown attribute bdge in urn:acme:params:scim:schemas:extension:acme:2.0:User (did you mean badge?)"));
    assert_eq!(lines[1]["code"], "type-mismatch");
    assert_eq!(
        lines[1]["message"],
        "the constant \"seven\" does not fit: badge: expected integer, got string"
    );
}

#[test]
fn bad_schema_documents_say_where() {
    let mapping = mapping_file();
    let bad = temp(
        "bad-schema.json",
        br#"{"id": "urn:x:User", "attributes": [{"name": "a", "type": "int"}]}"#,
    );
    let bad = bad.to_str().unwrap();
    let o = run(&["check", "--mapping", &mapping, "--schema", bad]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains(&format!("schema {bad}: attributes[0] (a): \"type\" must be one of string, boolean, decimal, integer, dateTime, binary, reference, complex, not \"int\"")),
        "{out}"
    );
    let broken = temp(
        "broken-schema.json",
        b"{\n  \"id\": \"urn:x:User\",\n  \"attributes\": [\n}",
    );
    let o = run(&[
        "check",
        "--mapping",
        &mapping,
        "--schema",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("not valid JSON: expected value at line 4 column 1"),
        "{}",
        text(&o.stdout)
    );
    // Commands that run records stop before any (exit 2), as for a bad mapping.
    let users = users_file();
    let o = run(&[
        "map",
        "--mapping",
        &mapping,
        "--input",
        &users,
        "--schema",
        bad,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        text(&o.stderr).contains("\"type\" must be one of"),
        "{}",
        text(&o.stderr)
    );
    // An unreadable file is a usage error.
    let o = run(&[
        "check",
        "--mapping",
        &mapping,
        "--schema",
        "/nonexistent/schema.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn every_command_that_loads_a_mapping_takes_schema() {
    let (schema, mapping, users) = (schema_file(), mapping_file(), users_file());
    let o = run(&[
        "map",
        "--mapping",
        &mapping,
        "--input",
        &users,
        "--schema",
        &schema,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let r: Json = serde_json::from_str(text(&o.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(
        r,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ACME],
               "userName": "ada@example.com", "externalId": "u1",
               ACME: {"badge": 42, "site": {"code": "HQ"}}})
    );
    let o = run(&[
        "preview",
        "--mapping",
        &mapping,
        "--input",
        &users,
        "--schema",
        &schema,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("42"), "{}", text(&o.stdout));
    let provider = temp("provider.jsonl", b"");
    let o = run(&[
        "plan",
        "--mapping",
        &mapping,
        "--input",
        &users,
        "--provider",
        provider.to_str().unwrap(),
        "--schema",
        &schema,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("\"create\""),
        "{}",
        text(&o.stdout)
    );
    let o = run(&[
        "diff", "--old", &mapping, "--new", &mapping, "--input", &users, "--schema", &schema,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(&["show", &mapping, "--schema", &schema]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // Without the schema, each refuses the mapping.
    for args in [
        vec!["map", "--mapping", &mapping, "--input", &users],
        vec!["preview", "--mapping", &mapping, "--input", &users],
        vec![
            "diff", "--old", &mapping, "--new", &mapping, "--input", &users,
        ],
        vec!["show", &mapping],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains("unknown schema URN"), "{args:?}");
    }
}

#[test]
fn check_reports_typed_mistakes_with_position() {
    let doc = json!({"name": "t", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email"},
        {"target": "active", "constant": "yes"},
        {"target": "phoneNumbers", "expression": "jcUser.phoneNumbers[0].number"},
        {"target": "displayName", "expression": "jcUser.fristname + ' ' + jcUser.lastname"}]});
    let f = temp("typed.json", doc.to_string().as_bytes());
    let o = run(&["check", "--json", "--mapping", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let got: Vec<Json> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        got,
        vec![
            json!({"severity": "error", "code": "type-mismatch", "index": 1, "target": "active",
                   "line": null, "column": null, "suggestion": null,
                   "message": "the constant \"yes\" does not fit: active: expected boolean, got string"}),
            json!({"severity": "error", "code": "type-mismatch", "index": 2, "target": "phoneNumbers",
                   "line": 1, "column": 1, "suggestion": null,
                   "message": "phoneNumbers needs an array of objects, but the expression gives a string"}),
            json!({"severity": "error", "code": "unknown-field", "index": 3, "target": "displayName",
                   "line": 1, "column": 8, "suggestion": "firstname",
                   "message": "jcUser has no field fristname (did you mean firstname?): it is always nil"}),
            // The warnings about the entries follow the errors.
            json!({"severity": "warning", "code": "nil-operand", "index": 2, "target": "phoneNumbers",
                   "line": 1, "column": 1, "suggestion": "first(jcUser.phoneNumbers)",
                   "message": "jcUser.phoneNumbers[0] fails when jcUser.phoneNumbers is empty or absent: guard it, e.g. first(jcUser.phoneNumbers)"}),
            json!({"severity": "warning", "code": "nil-operand", "index": 3, "target": "displayName",
                   "line": 1, "column": 26, "suggestion": "jcUser.lastname ?? ''",
                   "message": "jcUser.lastname may be absent (nil), and `+` fails on nil: guard it, e.g. (jcUser.lastname ?? '')"}),
        ]
    );
    // Human output: the caret under the field.
    let o = run(&["check", "--mapping", f.to_str().unwrap()]);
    let out = text(&o.stdout);
    assert!(
        out.contains("attributes[3] (target \"displayName\"): jcUser has no field fristname (did you mean firstname?): it is always nil (1:8)\n | jcUser.fristname + ' ' + jcUser.lastname\n | .......^"),
        "{out}"
    );
}

#[test]
fn record_schema_replaces_a_roots_schema() {
    let doc = json!({"name": "t", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email"},
        {"target": "title", "expression": "jcUser.badge ?? ''"}]});
    let mapping = temp("badge.json", doc.to_string().as_bytes());
    let mapping = mapping.to_str().unwrap();
    let o = run(&["check", "--mapping", mapping]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("jcUser has no field badge: it is always nil"));
    let user = json!({"root": "jcUser", "closed": true, "fields": [
        {"name": "id", "type": "string", "optional": false},
        {"name": "email", "type": "string"},
        {"name": "badge", "type": "string"}]});
    let user = temp("jcuser-schema.json", user.to_string().as_bytes());
    let o = run(&[
        "check",
        "--mapping",
        mapping,
        "--record-schema",
        user.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let bad = temp(
        "bad-record.json",
        br#"{"root": "jcUser", "fields": [{"name": "badge"}]}"#,
    );
    let o = run(&[
        "check",
        "--mapping",
        mapping,
        "--record-schema",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("fields[0] (badge): \"type\" must be one of string, boolean, integer, number, array, object, any"),
        "{}",
        text(&o.stdout)
    );
}

/// A mapping with an error and a warning: `check` shows both (the warning
/// after the errors), in both formats, and exits 1 for the error.
#[test]
fn check_shows_warnings_beside_errors() {
    let doc = json!({"name": "mixed", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email"},
        {"target": "displayName", "expression": "jcUser.firstname + ' ' + jcUser.lastname"},
        {"target": "title", "expression": "jcUser.jobTitel"}]});
    let mapping = temp("mixed-mapping.json", doc.to_string().as_bytes());
    let mapping = mapping.to_str().unwrap();
    let o = run(&["check", "--mapping", mapping]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    let error = lines
        .iter()
        .position(|l| l.contains("jcUser has no field jobTitel (did you mean jobTitle?)"));
    let warning = lines.iter().position(|l| {
        l.starts_with(
            "attributes[1] (target \"displayName\"): warning: jcUser.firstname may be absent (nil)",
        )
    });
    assert!(
        matches!((error, warning), (Some(e), Some(w)) if e < w),
        "{out}"
    );
    assert!(
        out.ends_with(&format!("{mapping}: 1 problem(s), 2 warning(s)\n")),
        "{out}"
    );
    let o = run(&["check", "--mapping", mapping, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let found: Vec<Json> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<(&str, &str, i64, i64)> = found
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["index"].as_i64().unwrap(),
                d["column"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("error", "unknown-field", 2, 8),
            ("warning", "nil-operand", 1, 1),
            ("warning", "nil-operand", 1, 26),
        ],
        "{found:?}"
    );
}
