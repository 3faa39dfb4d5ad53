//! Reading only the fields a mapping can read: which fields a program reads,
//! and that a record parsed that way gives the same results and the same
//! errors as a full parse.

use scimexpr::mapping::{parse_object, ApplyInput, Mapping};
use scimexpr::Program;
use serde_json::{json, Value as Json};

#[path = "../examples/gen_users.rs"]
#[allow(dead_code)]
mod gen_users;

#[test]
fn fields_a_program_reads() {
    // (expression, root, fields; None = may read any field)
    let table: &[(&str, &str, Option<&[&str]>)] = &[
        ("jcUser.a + jcUser.b", "jcUser", Some(&["a", "b"])),
        ("jcUser.a.b.c", "jcUser", Some(&["a"])),
        ("jcUser['a'] ?? jcUser.a", "jcUser", Some(&["a"])),
        ("providerUser.x ?? jcUser.y", "jcUser", Some(&["y"])),
        ("providerUser.x ?? jcUser.y", "providerUser", Some(&["x"])),
        (
            "find(jcUser.addresses, .type == 'work')",
            "jcUser",
            Some(&["addresses"]),
        ),
        (
            "map(jcUser.xs, jcUser.id + #)",
            "jcUser",
            Some(&["xs", "id"]),
        ),
        ("1 + 2", "jcUser", Some(&[])),
        ("settings.x", "jcUser", Some(&[])),
        // The root used as a value: any field may be read.
        ("jcUser?.a", "jcUser", None),
        ("let u = jcUser; u.a", "jcUser", None),
        ("keys(jcUser)", "jcUser", None),
        ("jcUser[providerUser.k]", "jcUser", None),
        ("toJSON(jcUser)", "jcUser", None),
        ("$env.jcUser.a", "jcUser", None),
        ("$env.settings", "jcUser", None),
    ];
    for (src, root, want) in table {
        let p = Program::compile(src).unwrap();
        let got = p.fields_read(root);
        let want = want.map(|w| w.to_vec());
        assert_eq!(got, want, "{src} ({root})");
    }
}

#[test]
fn namely_reads_fourteen_fields_of_the_user() {
    let m = Mapping::builtin("namely").unwrap();
    let fields = m.primary_fields().unwrap();
    let mut sorted: Vec<&str> = fields.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "addresses",
            "company",
            "costCenter",
            "department",
            "displayname",
            "email",
            "employeeIdentifier",
            "employeeType",
            "firstname",
            "id",
            "jobTitle",
            "lastname",
            "managerExternalId",
            "phoneNumbers"
        ]
    );
    // A custom attribute reads `attributes`; an expression using the record
    // whole makes every field readable.
    let doc = |attrs: Json| {
        json!({"name": "t", "direction": "export", "resource": "User", "attributes": attrs})
            .to_string()
    };
    let m = Mapping::load(&doc(json!([
        {"target": "userName", "direct": "email"},
        {"target": "title", "direct": "custom:title"},
        {"target": "nickName", "expression": "jcUser.username"},
        {"target": "locale", "constant": "en"}
    ])))
    .unwrap();
    assert_eq!(
        m.primary_fields().unwrap(),
        ["email", "attributes", "username"]
    );
    let m = Mapping::load(&doc(json!([
        {"target": "userName", "direct": "email"},
        {"target": "nickName", "expression": "jcUser?.username"}
    ])))
    .unwrap();
    assert_eq!(m.primary_fields(), None);
}

/// Applies `m` with `record` in its primary place (the user, the provider's
/// user for imports, the group for Group mappings).
fn apply(m: &Mapping, record: &Json) -> Option<Json> {
    let empty = json!({});
    let settings = json!({"defaultUserState": "STAGED"});
    let base = ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &settings,
        jc_group: &empty,
    };
    let input = m.with_primary(base, record);
    assert!(std::ptr::eq(m.primary(&input), record));
    m.apply(&input).resource
}

#[test]
fn skipping_fields_never_changes_a_resource() {
    let mut rng = gen_users::Rng::new(7);
    let mut texts: Vec<String> = (0..300)
        .map(|i| gen_users::user(&mut rng, i).to_string())
        .collect();
    texts.extend(
        [
            // Duplicate keys: the last value wins, as with a full parse.
            r#"{"email":"a@x.io","email":"b@x.io","lastname":"L","firstname":"F"}"#,
            // Skipped fields of every kind, nested, with escapes.
            r#"{"mfa":{"a":[1,2.5e3,{"b":null}],"c":"\"\\\u00e9"},"email":"c@x.io","n":-0.0,"t":true}"#,
            // A provider's SCIM user (import mappings) and a directory group.
            r#"{"id":"p1","userName":"ada@x.io","name":{"givenName":"Ada","familyName":"L"},"emails":[{"value":"ada@x.io","primary":true}],"active":true,"title":"Eng","meta":{"created":"2024-01-01"}}"#,
            r#"{"id":"g1","name":"Engineering","description":"All engineers","members":[{"id":"u1"}],"attributes":{"ldap":true}}"#,
        ]
        .map(String::from),
    );
    for name in Mapping::builtin_names() {
        let m = Mapping::builtin(name).unwrap();
        for text in &texts {
            let full: Json = serde_json::from_str(text).unwrap();
            let part = m.parse_primary(text).unwrap();
            assert_eq!(apply(&m, &part), apply(&m, &full), "{name}: {text}");
        }
    }
}

#[test]
fn errors_are_those_of_a_full_parse() {
    let m = Mapping::builtin("namely").unwrap();
    // Malformed JSON is refused wherever it is, read field or skipped one.
    let table = [
        r#"{"email": "a@x.io""#,
        r#"{"skipped": [1, }"#,
        r#"{"skipped": "\q"}"#,
        "{\"skipped\": \"a\u{1}b\"}",
        r#"{"skipped": tru}"#,
        r#"{"skipped": 01}"#,
        r#"{"skipped": "\u12"}"#,
        r#"{} {}"#,
        r#"{"email": "a@x.io",}"#,
        "",
    ];
    for text in table {
        let full = serde_json::from_str::<Json>(text).unwrap_err();
        let part = m.parse_primary(text).unwrap_err();
        assert_eq!(part.to_string(), format!("invalid JSON: {full}"), "{text}");
    }
    // JSON that is not an object.
    for (text, kind) in [
        ("[1, {\"a\": 2}]", "an array"),
        ("\"x\"", "a string"),
        ("-1.5", "a number"),
        ("true", "a boolean"),
        ("null", "null"),
    ] {
        let err = parse_object(text, Some(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("a record must be a JSON object, not {kind}")
        );
    }
}

#[test]
fn what_skipping_does_not_check() {
    // Documented in mapping/record.rs: these are refused by a full parse and
    // accepted when the field is skipped (they are well-formed JSON text).
    let m = Mapping::builtin("namely").unwrap();
    let deep = format!(
        "{{\"email\": \"a@x.io\", \"skipped\": {}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    for text in [
        r#"{"email": "a@x.io", "skipped": 1e999}"#,
        r#"{"email": "a@x.io", "skipped": "\ud800"}"#,
        deep.as_str(),
    ] {
        assert!(serde_json::from_str::<Json>(text).is_err(), "{text}");
        let part = m.parse_primary(text).unwrap();
        assert_eq!(part, json!({"email": "a@x.io"}));
    }
    // In a field the mapping reads, they are refused as before.
    assert!(m.parse_primary(r#"{"email": 1e999}"#).is_err());
    assert!(m.parse_primary(r#"{"email": "\ud800"}"#).is_err());
}

#[test]
fn deeply_nested_skipped_fields_do_not_exhaust_the_stack() {
    // Skipping is iterative in serde_json; a million levels in a field the
    // mapping never reads is read past, not recursed into.
    let m = Mapping::builtin("namely").unwrap();
    let n = 1_000_000;
    let text = format!(
        "{{\"email\": \"a@x.io\", \"skipped\": {}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    assert_eq!(m.parse_primary(&text).unwrap(), json!({"email": "a@x.io"}));
    // Unbalanced, it is an error like any other.
    let text = format!("{{\"email\": \"a@x.io\", \"skipped\": {}}}", "[".repeat(n));
    assert!(m.parse_primary(&text).is_err());
}

#[test]
fn the_record_takes_each_mappings_primary_place() {
    let empty = json!({});
    let record = json!({"id": "r"});
    let base = ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &empty,
        jc_group: &empty,
    };
    for (name, slot) in [
        ("namely", "jcUser"),
        ("namely-import", "providerUser"),
        ("interact-groups", "jcGroup"),
    ] {
        let m = Mapping::builtin(name).unwrap();
        let input = m.with_primary(base, &record);
        let got: Vec<&str> = [
            ("jcUser", input.jc_user),
            ("providerUser", input.provider_user),
            ("jcGroup", input.jc_group),
        ]
        .iter()
        .filter(|(_, r)| std::ptr::eq(*r, &record))
        .map(|(n, _)| *n)
        .collect();
        assert_eq!(got, [slot], "{name}");
        assert!(std::ptr::eq(m.primary(&input), &record), "{name}");
    }
}
