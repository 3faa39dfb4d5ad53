//! Loading mapping documents (docs/mapping.md): every hostile document gives one
//! clear error naming the entry, never a panic.

use scimexpr::mapping::{Direction, Mapping, Resource};

fn doc(attrs: &str) -> String {
    format!(r#"{{"name":"t","direction":"export","resource":"User","attributes":[{attrs}]}}"#)
}

#[test]
fn valid_document_loads_with_canonical_targets() {
    let m = Mapping::load(&doc(
        r#"{"target":"USERNAME","direct":"email","required":true},
           {"target":"name.givenname","direct":"firstname"},
           {"target":"emails[type eq \"work\"].value","direct":"email","onNull":"clear"},
           {"target":"$enterpriseUser.department","constant":"R&D"}"#,
    ))
    .unwrap();
    assert_eq!(m.name, "t");
    assert_eq!(m.direction, Direction::Export);
    assert_eq!(m.resource, Resource::User);
    let targets: Vec<String> = m
        .entries
        .iter()
        .map(|e| e.target_text().to_string())
        .collect();
    assert_eq!(
        targets,
        [
            "userName",
            "name.givenName",
            "emails[type eq \"work\"].value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
        ]
    );
    assert!(m.entries[0].required);
}

#[test]
fn each_hostile_entry_gives_one_clear_error() {
    // (entries, index, substring of the message)
    let table: &[(&str, usize, &str)] = &[
        (
            r#"{"target":"userName","direct":"email","extra":1}"#,
            0,
            "unknown key \"extra\"",
        ),
        (r#"{"target":"userName"}"#, 0, "no source"),
        (
            r#"{"target":"userName","direct":"email","constant":"x"}"#,
            0,
            "two sources (direct, constant)",
        ),
        (
            r#"{"target":"userName","direct":"email","expression":"1"}"#,
            0,
            "two sources (direct, expression)",
        ),
        (r#"{"direct":"email"}"#, 0, "missing \"target\""),
        (
            r#"{"target":5,"direct":"email"}"#,
            0,
            "\"target\" must be a string, not number",
        ),
        (
            r#"{"target":"jobTitle","direct":"jobTitle"}"#,
            0,
            "unknown attribute jobTitle",
        ),
        (
            r#"{"target":"emails[type co \"w\"].value","direct":"email"}"#,
            0,
            "only `sub eq",
        ),
        (
            r#"{"target":"emails.value","direct":"email"}"#,
            0,
            "multi-valued",
        ),
        (
            r#"{"target":"userName","direct":"email","required":"yes"}"#,
            0,
            "\"required\" must be true or false",
        ),
        (
            r#"{"target":"userName","direct":"email","onNull":"delete"}"#,
            0,
            "\"onNull\" must be \"omit\" or \"clear\"",
        ),
        (
            r#"{"target":"userName","direct":7}"#,
            0,
            "\"direct\" must be a string",
        ),
        (
            r#"{"target":"userName","direct":"a..b"}"#,
            0,
            "empty segment",
        ),
        (
            r#"{"target":"userName","expression":["x"]}"#,
            0,
            "\"expression\" must be a string",
        ),
        (r#""userName""#, 0, "must be an object"),
        (
            r#"{"target":"userName","direct":"email"},{"target":"USERNAME","direct":"username"}"#,
            1,
            "already written by attributes[0]",
        ),
        (
            r#"{"target":"name","constant":{"givenName":"a"}},{"target":"name.givenName","direct":"firstname"}"#,
            1,
            "overlaps attributes[0]",
        ),
        (
            r#"{"target":"emails[type eq \"work\"].value","direct":"email"},{"target":"emails","constant":[]}"#,
            1,
            "overlaps attributes[0]",
        ),
    ];
    for (attrs, index, want) in table {
        let errs = Mapping::load(&doc(attrs)).unwrap_err();
        assert_eq!(errs.len(), 1, "{attrs}: {errs:?}");
        assert_eq!(errs[0].index, Some(*index), "{attrs}");
        assert!(
            errs[0].message.contains(want),
            "{attrs}: {}",
            errs[0].message
        );
        let shown = errs[0].to_string();
        assert!(
            shown.starts_with(&format!("attributes[{index}]")),
            "{shown}"
        );
    }
}

#[test]
fn errors_name_the_target() {
    let errs = Mapping::load(&doc(r#"{"target":"title","direct":"jobTitle","x":1}"#)).unwrap_err();
    assert_eq!(errs[0].target.as_deref(), Some("title"));
    assert_eq!(
        errs[0].to_string(),
        "attributes[0] (target \"title\"): unknown key \"x\" (expected target, direct, expression, constant, required, onNull)"
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let errs = Mapping::load(&doc(
        r#"{"target":"nope","direct":"a"},{"target":"userName"},{"target":"title","direct":"x","constant":1}"#,
    ))
    .unwrap_err();
    let idx: Vec<Option<usize>> = errs.iter().map(|e| e.index).collect();
    assert_eq!(idx, [Some(0), Some(1), Some(2)]);
}

#[test]
fn hostile_documents() {
    let table: &[(&str, &str)] = &[
        ("", "not valid JSON"),
        ("[1]", "must be a JSON object, not array"),
        ("{", "not valid JSON"),
        (
            r#"{"name":"t","direction":"export","resource":"User"}"#,
            "missing \"attributes\"",
        ),
        (
            r#"{"name":"t","direction":"sideways","resource":"User","attributes":[]}"#,
            "\"direction\" must be",
        ),
        (
            r#"{"name":"t","direction":"export","resource":"Device","attributes":[]}"#,
            "\"resource\" must be",
        ),
        (
            r#"{"name":"t","direction":"export","resource":"User","attributes":{}}"#,
            "\"attributes\" must be an array",
        ),
        (
            r#"{"name":"","direction":"export","resource":"User","attributes":[]}"#,
            "\"name\" must be a non-empty string",
        ),
        (
            r#"{"name":"t","direction":"export","resource":"User","attributes":[],"version":2}"#,
            "unknown key \"version\"",
        ),
        (
            r#"{"name":"t","direction":"import","resource":"Group","attributes":[]}"#,
            "must be \"User\"",
        ),
    ];
    for (text, want) in table {
        let errs = Mapping::load(text).unwrap_err();
        assert_eq!(errs.len(), 1, "{text}: {errs:?}");
        assert!(
            errs[0].message.contains(want),
            "{text}: {}",
            errs[0].message
        );
        assert_eq!(errs[0].index, None);
    }
    // Deep nesting and huge targets are errors, not crashes.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Mapping::load(&deep).is_err());
    let long = "a".repeat(5000);
    let errs = Mapping::load(&doc(&format!(r#"{{"target":"{long}","direct":"x"}}"#))).unwrap_err();
    assert!(errs[0].message.contains("too long"), "{}", errs[0].message);
    let errs = Mapping::load(&doc(
        r#"{"target":"emails[type eq \"w\\u00e9\"","direct":"x"}"#,
    ))
    .unwrap_err();
    assert_eq!(errs.len(), 1);
}

#[test]
fn import_targets_are_directory_fields() {
    let m = Mapping::load(
        r#"{"name":"i","direction":"import","resource":"User","attributes":[
            {"target":"FirstName","direct":"name.givenName"},
            {"target":"employeeIdentifier","direct":"$enterpriseUser.employeeNumber"}]}"#,
    )
    .unwrap();
    assert_eq!(m.entries[0].target_text(), "firstname");
    let errs = Mapping::load(
        r#"{"name":"i","direction":"import","resource":"User","attributes":[{"target":"givenName","direct":"x"}]}"#,
    )
    .unwrap_err();
    assert!(
        errs[0].message.contains("unknown directory attribute"),
        "{}",
        errs[0].message
    );
}

#[test]
fn group_documents_use_the_group_schema() {
    let m = Mapping::load(
        r#"{"name":"g","direction":"export","resource":"Group","attributes":[
            {"target":"displayName","direct":"name"},{"target":"members","constant":[]}]}"#,
    )
    .unwrap();
    assert_eq!(m.resource, Resource::Group);
    let errs = Mapping::load(
        r#"{"name":"g","direction":"export","resource":"Group","attributes":[{"target":"userName","direct":"name"}]}"#,
    )
    .unwrap_err();
    assert!(errs[0].message.contains("unknown attribute userName"));
}

#[test]
fn expression_compile_errors_have_position_and_caret() {
    let errs = Mapping::load(&doc(
        r#"{"target":"userName","direct":"email"},{"target":"displayName","expression":"jcUser.firstname +"}"#,
    ))
    .unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].index, Some(1));
    assert_eq!(errs[0].target.as_deref(), Some("displayName"));
    let shown = errs[0].to_string();
    assert!(
        shown.starts_with("attributes[1] (target \"displayName\"): expression does not compile: "),
        "{shown}"
    );
    let mut lines = shown.lines();
    let head = lines.next().unwrap();
    assert!(head.contains("(1:"), "{head}");
    assert_eq!(lines.next(), Some(" | jcUser.firstname +"));
    assert!(lines.next().unwrap().ends_with('^'));
    // Roots are strict: a misspelt root is a load error, not a nil at run time.
    let errs =
        Mapping::load(&doc(r#"{"target":"title","expression":"jcuser.jobTitle"}"#)).unwrap_err();
    assert!(
        errs[0].message.contains("unknown name jcuser"),
        "{}",
        errs[0].message
    );
    // jcGroup is a root of Group mappings only.
    let errs =
        Mapping::load(&doc(r#"{"target":"title","expression":"jcGroup.name"}"#)).unwrap_err();
    assert!(
        errs[0].message.contains("unknown name jcGroup"),
        "{}",
        errs[0].message
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn arbitrary_targets_never_panic(t in "[a-zA-Z$:.\\[\\] \"0-9]{0,40}") {
            let d = serde_json::json!({"name":"t","direction":"export","resource":"User",
                "attributes":[{"target": t, "direct": "email"}]});
            let _ = Mapping::load(&d.to_string());
        }

        #[test]
        fn arbitrary_documents_never_panic(s in "\\PC{0,200}") {
            let _ = Mapping::load(&s);
        }

        #[test]
        fn arbitrary_expressions_never_panic(e in "[a-zA-Z.()?:'\" +#{}\\[\\],=!&|]{0,60}") {
            let d = serde_json::json!({"name":"t","direction":"export","resource":"User",
                "attributes":[{"target": "title", "expression": e}]});
            let _ = Mapping::load(&d.to_string());
        }
    }
}
