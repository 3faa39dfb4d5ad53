//! Hostile mapping documents and records: each gets a clear error (or an
//! outcome) without a panic, a stack overflow or a hang.

use scimexpr::mapping::{ApplyInput, Mapping};
use serde_json::{json, Value as Json};
use std::sync::mpsc;
use std::time::Duration;

fn watchdog<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(v) => v,
        Err(e) => panic!("{what}: no answer within 5s ({e:?})"),
    }
}

fn doc(attrs: &str) -> String {
    format!(r#"{{"name":"t","direction":"export","resource":"User","attributes":[{attrs}]}}"#)
}

/// Loads `text`; returns the errors' text (empty when it loaded).
fn load_errors(text: String) -> Vec<String> {
    let what: String = text.chars().take(60).collect();
    watchdog(&what, move || match Mapping::load(&text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
    })
}

#[test]
fn hostile_documents_are_rejected_with_a_message() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let big_attrs = vec![r#"{"target":"userName","direct":"email"}"#; 200_000].join(",");
    let long_expr = format!("1{}", " + 1".repeat(30_000));
    let cases: Vec<String> = vec![
        String::new(),
        "null".into(),
        "[]".into(),
        "\u{0}\u{1}".into(),
        deep.clone(),
        format!(r#"{{"name":"t","direction":"export","resource":"User","attributes":{deep}}}"#),
        doc(&format!(r#"{{"target":"userName","constant":{deep}}}"#)),
        r#"{"name":"t","direction":"export","resource":"User","attributes":[],"bogus":1}"#.into(),
        doc(r#"{"target":"userName","direct":"email","bogus":true}"#),
        doc(r#"{"target":"no.such.attribute","direct":"email"}"#),
        doc(r#"{"target":"emails[type eq","direct":"email"}"#),
        doc(r#"{"target":"userName","direct":"a..b"}"#),
        doc(r#"{"target":"userName","direct":"email"},{"target":"userName","direct":"email"}"#),
        doc(r#"{"target":"userName","expression":"jcUser.email +"}"#),
        doc(r#"{"target":"userName","expression":"((((("}"#),
        doc(&format!(
            r#"{{"target":"userName","expression":"{long_expr}"}}"#
        )),
        doc(&format!(
            r#"{{"target":"userName","expression":"{}1{}"}}"#,
            "(".repeat(10_000),
            ")".repeat(10_000)
        )),
        doc(r#"{"target":"userName"}"#),
        doc(r#"{"target":"userName","direct":"email","constant":"x"}"#),
        doc(&big_attrs),
    ];
    for text in cases {
        let what: String = text.chars().take(60).collect();
        let errors = load_errors(text);
        assert!(!errors.is_empty(), "{what}: loaded");
        assert!(errors.iter().all(|e| !e.is_empty()), "{what}: {errors:?}");
    }
}

/// A record nested `levels` deep under `x`, built without recursion.
fn deep_record(levels: usize) -> Json {
    let mut v = json!(1);
    for _ in 0..levels {
        v = Json::Array(vec![v]);
    }
    // Not `json!`: it would serialize `v` recursively.
    let mut m = serde_json::Map::new();
    m.insert("email".into(), json!("a@example.com"));
    m.insert("description".into(), v);
    Json::Object(m)
}

#[test]
fn deep_records_built_by_a_host_do_not_crash_the_mapping() {
    let m = Mapping::load(&doc(r#"{"target":"userName","direct":"email"},
           {"target":"displayName","expression":"toJSON(jcUser.description)"},
           {"target":"nickName","expression":"string(jcUser.description)"},
           {"target":"title","expression":"jcUser.description == jcUser.description ? 'same' : 'differ'"},
           {"target":"profileUrl","expression":"jcUser.description"},
           {"target":"locale","direct":"description"}"#))
    .unwrap();
    let summary = watchdog("deep record", move || {
        let user = deep_record(100_000);
        let empty = json!({});
        let out = m.apply(&ApplyInput {
            jc_user: &user,
            provider_user: &empty,
            settings: &empty,
            jc_group: &empty,
        });
        let summary = format!("{:?} {:?}", out.resource, out.errors);
        // serde_json drops values recursively: leak the host's deep record
        // rather than overflow the test's stack.
        std::mem::forget(user);
        summary
    });
    assert!(summary.contains("a@example.com"), "{summary}");
    assert!(summary.contains("same"), "{summary}");
    assert!(summary.contains("recursion depth exceeded"), "{summary}");
}
