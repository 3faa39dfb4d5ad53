//! What one input line may cost `map`, `plan` and `diff` (issue 15): at most
//! `--max-record-values` JSON values (default 1,000,000), counted on the text
//! before it is parsed, and the record work budget across the mapping's
//! entries. A line over either fails alone, with a line error; the lines
//! around it are processed and the summary counts it.

mod cli_robust_common;

use cli_robust_common::*;
use serde_json::{json, Value as Json};
use std::process::{Output, Stdio};

const MAPPING: &str = r#"{"name":"t","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"email","required":true},
  {"target":"externalId","direct":"id"},
  {"target":"title","expression":"string(len(jcUser.addresses ?? []))"}]}"#;

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
}

/// `map --mapping MAPPING --input INPUT`, checked not to have panicked.
fn map(mapping: &str, input: &std::path::Path) -> Output {
    let o = run(&[
        "map",
        "--mapping",
        mapping,
        "--input",
        input.to_str().unwrap(),
    ]);
    no_panic(&o);
    o
}

/// `{"id":…,"email":…,"addresses":[{"ab":12}, … n times]}`: about 2n + 5 values.
fn user_with(id: &str, n: usize) -> String {
    let mut s = format!("{{\"id\":\"{id}\",\"email\":\"{id}@x.io\",\"addresses\":[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str("{\"ab\":12}");
    }
    s.push_str("]}");
    s
}

fn problems(o: &Output) -> Vec<Json> {
    json_lines(&o.stderr)
        .into_iter()
        .filter(|j| j.get("line").is_some())
        .collect()
}

/// The issue's case: a line of 1.2 M small objects (under --max-line-bytes)
/// between two ordinary ones; the default cap refuses it before parsing.
#[test]
fn a_line_of_a_million_objects_fails_alone() {
    let input = format!(
        "{}\n{}\n{}\n",
        user_with("u1", 0),
        user_with("u2", 1_200_000),
        user_with("u3", 2)
    );
    assert!(input.len() > 12_000_000 && input.len() < 16 << 20);
    let m = temp("caps-mapping.json", MAPPING.as_bytes());
    let i = temp("caps-big.jsonl", input.as_bytes());
    let o = map(m.to_str().unwrap(), &i);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = json_lines(&o.stdout);
    let names: Vec<&str> = out.iter().filter_map(|r| r["userName"].as_str()).collect();
    assert_eq!(names, ["u1@x.io", "u3@x.io"]);
    assert_eq!(
        problems(&o),
        [
            json!({"line": 2, "error": "line has more than 1000000 JSON values (--max-record-values)"})
        ]
    );
    assert_eq!(
        summary(&o),
        json!({"records": 3, "written": 2, "failed": 1, "omitted": 0})
    );
}

/// The count and its boundary: values inside strings do not count; at the cap
/// a line passes, one more fails; each subcommand reads lines the same way.
#[test]
fn max_record_values_is_counted_on_the_text_for_map_plan_and_diff() {
    // The cap is this line's count (its `{`, `[` and `,`, plus one): it
    // passes; the next line has two values more.
    let at_cap = user_with("u2", 3);
    let count = 1 + at_cap.bytes().filter(|b| b"{[,".contains(b)).count();
    let cap = count.to_string();
    let over = user_with("u4", 4);
    let strings = r#"{"id":"u3","email":"u3@x.io","s":"{[,{[,{[,{[,{[,{[,{[,{[,{[,{[,"}"#;
    let input = format!("{}\n{at_cap}\n{strings}\n{over}\n", user_with("u1", 0));
    let m = temp("caps-small-mapping.json", MAPPING.as_bytes());
    let i = temp("caps-small.jsonl", input.as_bytes());
    let p = temp(
        "caps-small-provider.jsonl",
        b"{\"id\":\"p1\",\"userName\":\"zz@x.io\"}\n",
    );
    let (m, i, p) = (
        m.to_str().unwrap(),
        i.to_str().unwrap(),
        p.to_str().unwrap(),
    );
    let want = format!("line has more than {cap} JSON values (--max-record-values)");
    let cases: &[&[&str]] = &[
        &[
            "map",
            "--mapping",
            m,
            "--input",
            i,
            "--max-record-values",
            &cap,
        ],
        &[
            "plan",
            "--mapping",
            m,
            "--input",
            i,
            "--provider",
            p,
            "--match",
            "email",
            "--max-record-values",
            &cap,
        ],
        &[
            "diff",
            "--old",
            m,
            "--new",
            m,
            "--input",
            i,
            "--max-record-values",
            &cap,
        ],
    ];
    for args in cases {
        let o = run(args);
        no_panic(&o);
        let err = stderr(&o);
        assert_ne!(o.status.code(), Some(0), "{args:?}: {err}");
        // map and diff say it on stderr, plan as the line's `failed` action.
        let mut said: Vec<Json> = problems(&o);
        said.extend(
            json_lines(&o.stdout)
                .into_iter()
                .filter(|j| j["action"] == "failed"),
        );
        assert_eq!(said.len(), 1, "only line 4 fails: {args:?}: {err}");
        assert_eq!(said[0]["line"], 4, "{args:?}: {err}");
        assert!(said[0].to_string().contains(&want), "{args:?}: {err}");
        if args[0] != "diff" {
            let s = summary(&o);
            assert_eq!(s["records"], 4, "{args:?}: {err}");
            assert_eq!(s["failed"], 1, "{args:?}: {err}");
        }
    }
}

/// A mapping whose entries together exceed the record's work budget (each
/// alone within the expression's): those records fail naming the entry and
/// position; the light ones go out.
#[test]
fn a_record_over_its_work_budget_fails_alone() {
    let mut attributes = vec![json!({"target": "userName", "direct": "email", "required": true})];
    for k in 0..200 {
        attributes.push(json!({
            "target": format!("emails[type eq \"t{k}\"].value"),
            "expression": "jcUser.suspended == true ? string(count(1..100000, # > 0)) : nil",
        }));
    }
    let doc = json!({"name": "heavy", "direction": "export", "resource": "User", "attributes": attributes});
    let m = temp("caps-heavy.json", doc.to_string().as_bytes());
    let input = "{\"id\":\"u1\",\"email\":\"u1@x.io\"}\n\
                 {\"id\":\"u2\",\"email\":\"u2@x.io\",\"suspended\":true}\n\
                 {\"id\":\"u3\",\"email\":\"u3@x.io\"}\n";
    let i = temp("caps-heavy.jsonl", input.as_bytes());
    let o = map(m.to_str().unwrap(), &i);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let names: Vec<String> = json_lines(&o.stdout)
        .iter()
        .filter_map(|r| r["userName"].as_str().map(String::from))
        .collect();
    assert_eq!(names, ["u1@x.io", "u3@x.io"]);
    let bad = problems(&o);
    assert_eq!(bad.len(), 1, "{}", stderr(&o));
    assert_eq!(bad[0]["line"], 2);
    assert!(bad[0]["target"]
        .as_str()
        .unwrap()
        .starts_with("emails[type eq"));
    let col = "jcUser.suspended == true ? string(count(1..100000, # > 0)) : nil"
        .find("# > 0")
        .unwrap();
    let msg = bad[0]["error"].as_str().unwrap();
    assert!(
        msg.starts_with(
            "record work budget exceeded (20000000 units across the mapping's entries) (1:"
        ),
        "{msg} (count's body at {col})"
    );
    assert_eq!(
        summary(&o),
        json!({"records": 3, "written": 2, "failed": 1, "omitted": 400})
    );
}

/// interact-groups' description promises a group of 250,000 members within
/// the default budgets: about 500,000 values on the line (under the cap), about
/// 8.75 M work units (under the record's 20 M).
#[test]
fn a_group_of_250000_members_goes_out_whole() {
    let members: Vec<Json> = (0..250_000)
        .map(|i| json!({"id": format!("{i:024x}")}))
        .collect();
    let group = json!({"id": "g1", "name": "Eng", "members": members});
    let i = temp("caps-group.jsonl", format!("{group}\n").as_bytes());
    let o = map("interact-groups", &i);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = json_lines(&o.stdout);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["members"].as_array().map(Vec::len), Some(250_000));
}
