//! Applying mappings (docs/mapping.md, How values are written; docs/import.md; docs/groups.md) with `direct` and `constant`
//! sources, so these tests do not depend on the expression engine.

use scimexpr::mapping::{ApplyInput, AttrError, EntryStatus, Mapping};
use serde_json::{json, Value as Json};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// A User export of `attrs`; one that does not write userName (which every
/// User export must) gets an optional one last, read from a field these
/// tests' users do not have, so it is omitted and changes nothing else.
fn export(attrs: Json) -> Mapping {
    let mut attrs = attrs;
    let list = attrs.as_array_mut().unwrap();
    if !list.iter().any(|a| a["target"] == "userName") {
        list.push(json!({"target": "userName", "direct": "userNameForTests"}));
    }
    let doc = json!({"name": "t", "direction": "export", "resource": "User", "attributes": attrs});
    Mapping::load_with_schemas(
        &doc.to_string(),
        &scimexpr::Compiler::new(),
        &open_records(),
    )
    .unwrap()
}

/// The shipped record schemas with `jcUser` open: these tests' users carry
/// fields of their own (the checks for admins have their tests in
/// mapping_checks.rs and mapping_schemas.rs).
fn open_records() -> scimexpr::RecordSchemas {
    let mut s = scimexpr::RecordSchemas::default();
    let mut user = s.record("jcUser").unwrap().clone();
    user.shape.closed = false;
    s.set_record(user);
    s
}

fn run(m: &Mapping, user: &Json) -> scimexpr::mapping::Outcome {
    preview(m, user).outcome
}

/// `preview`, checked against `apply`: the per-entry details never change the result.
fn preview(m: &Mapping, user: &Json) -> scimexpr::mapping::Preview {
    let empty = json!({});
    let input = ApplyInput {
        jc_user: user,
        provider_user: &empty,
        settings: &empty,
        jc_group: &empty,
    };
    let p = m.preview(&input);
    assert_eq!(p.outcome, m.apply(&input));
    assert_eq!(p.entries.len(), m.entries.len());
    p
}

#[test]
fn nests_names_extensions_and_lists_schemas() {
    let m = export(json!([
        {"target": "userName", "direct": "email", "required": true},
        {"target": "name.givenName", "direct": "firstname"},
        {"target": "name.familyName", "direct": "lastname"},
        {"target": "$enterpriseUser.department", "direct": "department"},
        {"target": "$enterpriseUser.manager.value", "direct": "managerExternalId"},
        {"target": "userType", "constant": "Employee"}
    ]));
    let user = json!({"email": "a@x.io", "firstname": "Ada", "lastname": "Lovelace",
                      "department": "R&D", "managerExternalId": "m-1"});
    let out = run(&m, &user);
    assert_eq!(
        out.resource.unwrap(),
        json!({
            "schemas": [CORE, ENT],
            "userName": "a@x.io",
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            ENT: {"department": "R&D", "manager": {"value": "m-1"}},
            "userType": "Employee"
        })
    );
    assert!(out.omitted.is_empty() && out.errors.is_empty() && out.failed.is_none());
}

#[test]
fn extension_urn_only_listed_when_used() {
    let m = export(json!([
        {"target": "userName", "direct": "email"},
        {"target": "$enterpriseUser.department", "direct": "department"}
    ]));
    let out = run(&m, &json!({"email": "a@x.io"}));
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": [CORE], "userName": "a@x.io"})
    );
    assert_eq!(out.omitted, [format!("{ENT}:department")]);
}

#[test]
fn no_value_is_never_written() {
    let m = export(json!([
        {"target": "userName", "direct": "email"},
        {"target": "title", "direct": "jobTitle"},
        {"target": "nickName", "direct": "missing"},
        {"target": "locale", "constant": null},
        {"target": "addresses", "constant": [{"type": "work", "locality": "", "region": null, "country": "GB"}]}
    ]));
    let out = run(&m, &json!({"email": "a@x.io", "jobTitle": ""}));
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": [CORE], "userName": "a@x.io",
               "addresses": [{"type": "work", "country": "GB"}]})
    );
    assert_eq!(out.omitted, ["title", "nickName", "locale"]);
}

#[test]
fn filtered_targets_upsert_one_element() {
    let m = export(json!([
        {"target": "emails[type eq \"work\"].value", "direct": "email"},
        {"target": "emails[type eq \"work\"].primary", "constant": true},
        {"target": "emails[type eq \"home\"].value", "direct": "alternateEmail"},
        {"target": "phoneNumbers[type eq \"mobile\"].value", "direct": "phoneNumbers.1.number"},
        {"target": "addresses[type eq \"work\"].locality", "direct": "addresses.0.locality"}
    ]));
    let user = json!({"email": "a@x.io", "alternateEmail": "a@home.io",
        "phoneNumbers": [{"type": "work", "number": "1"}, {"type": "mobile", "number": "2"}],
        "addresses": [{"locality": "London"}]});
    assert_eq!(
        run(&m, &user).resource.unwrap(),
        json!({"schemas": [CORE],
            "emails": [{"type": "work", "value": "a@x.io", "primary": true},
                       {"type": "home", "value": "a@home.io"}],
            "phoneNumbers": [{"type": "mobile", "value": "2"}],
            "addresses": [{"type": "work", "locality": "London"}]})
    );
}

#[test]
fn at_most_one_primary() {
    let m = export(json!([
        {"target": "emails[type eq \"work\"].primary", "constant": true},
        {"target": "emails[type eq \"home\"].primary", "constant": true},
        {"target": "phoneNumbers", "direct": "phones"}
    ]));
    // (A constant with two primaries is a load error: mapping_schemas.rs.)
    let out = run(
        &m,
        &json!({"phones": [{"value": "1", "primary": true}, {"value": "2", "primary": true}]}),
    );
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": [CORE], "emails": [{"type": "work", "primary": true}]})
    );
    let targets: Vec<&str> = out.errors.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(
        targets,
        ["emails[type eq \"home\"].primary", "phoneNumbers"]
    );
    assert!(
        out.errors[1]
            .message
            .contains("2 elements have primary: true"),
        "{}",
        out.errors[1].message
    );
}

#[test]
fn type_checks() {
    // (target, value, Ok(written) | Err(message part))
    let table: Vec<(&str, Json, Result<Json, &str>)> = vec![
        ("title", json!("Eng"), Ok(json!("Eng"))),
        ("title", json!(42), Ok(json!("42"))),
        ("title", json!(1.5), Ok(json!("1.5"))),
        ("title", json!(true), Ok(json!("true"))),
        (
            "title",
            json!(["a"]),
            Err("title: expected string, got array"),
        ),
        (
            "title",
            json!({"a": 1}),
            Err("title: expected string, got object"),
        ),
        ("active", json!(true), Ok(json!(true))),
        (
            "active",
            json!("true"),
            Err("active: expected boolean, got string"),
        ),
        (
            "active",
            json!(1),
            Err("active: expected boolean, got number"),
        ),
        (
            "emails",
            json!([{"value": "a@x.io", "type": "work"}]),
            Ok(json!([{"value": "a@x.io", "type": "work"}])),
        ),
        (
            "emails",
            json!("a@x.io"),
            Err("emails: expected an array of objects, got string"),
        ),
        (
            "emails",
            json!({"value": "a"}),
            Err("emails: expected an array of objects, got object"),
        ),
        (
            "emails",
            json!(["a@x.io"]),
            Err("emails: expected an array of objects"),
        ),
        (
            "emails",
            json!([{"value": "a", "bogus": 1}]),
            Err("emails: unknown sub-attribute bogus"),
        ),
        (
            "emails",
            json!([{"VALUE": "a", "Primary": true}]),
            Ok(json!([{"value": "a", "primary": true}])),
        ),
        (
            "emails",
            json!([{"value": "a", "primary": "yes"}]),
            Err("primary: expected boolean, got string"),
        ),
        (
            "name",
            json!({"givenName": "A", "familyName": 7}),
            Ok(json!({"givenName": "A", "familyName": "7"})),
        ),
        (
            "name",
            json!("Ada"),
            Err("name: expected an object, got string"),
        ),
        (
            "profileUrl",
            json!("https://x.io/a"),
            Ok(json!("https://x.io/a")),
        ),
        (
            "$enterpriseUser.employeeNumber",
            json!(7042),
            Ok(json!("7042")),
        ),
    ];
    for (target, value, want) in table {
        // From the record: a constant of the wrong type is a load error
        // (mapping_schemas.rs), so the run-time check is met by a field.
        let m = export(json!([{"target": target, "direct": "v"}]));
        let p = preview(&m, &json!({ "v": value }));
        let out = &p.outcome;
        match (&p.entries[0].status, want) {
            (EntryStatus::Written(v), Ok(w)) => assert_eq!(*v, w, "{target} {value}"),
            (EntryStatus::Error(e), Err(w)) => {
                assert!(e.contains(w), "{target} {value}: {e}");
                assert_eq!(out.errors.len(), 1);
                // The failed target, and the userName these users lack.
                assert_eq!(out.omitted.len(), 2);
                assert!(
                    out.resource.is_some(),
                    "optional errors never fail the record"
                );
            }
            (got, want) => panic!("{target} {value}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn required_attribute_fails_the_record() {
    let m = export(json!([
        {"target": "userName", "direct": "email", "required": true},
        {"target": "active", "direct": "yes", "required": true},
        {"target": "title", "direct": "jobTitle"}
    ]));
    let p = preview(&m, &json!({"jobTitle": "Eng", "yes": "yes"}));
    let out = &p.outcome;
    assert!(out.resource.is_none());
    assert_eq!(
        out.failed,
        Some(AttrError {
            target: "userName".into(),
            message: "required attribute userName has no value".into()
        })
    );
    // The other entries are still evaluated, for previews.
    assert_eq!(p.entries.len(), 3);
    assert!(
        matches!(&p.entries[1].status, EntryStatus::Error(e) if e.contains("expected boolean"))
    );
    assert_eq!(p.entries[2].status, EntryStatus::Written(json!("Eng")));
    let out = run(&m, &json!({"email": ""}));
    assert!(out.resource.is_none());
}

#[test]
fn custom_attributes_and_indexes() {
    let m = export(json!([
        {"target": "nickName", "direct": "custom:preferredName"},
        {"target": "title", "direct": "custom:missing"},
        {"target": "locale", "direct": "addresses.1.country"},
        {"target": "timezone", "direct": "addresses.9.country"}
    ]));
    let user = json!({"attributes": [{"name": "badge", "value": "B"}, {"name": "preferredName", "value": "Ada"}],
                      "addresses": [{"country": "GB"}, {"country": "FR"}]});
    let out = run(&m, &user);
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": [CORE], "nickName": "Ada", "locale": "FR"})
    );
    assert_eq!(out.omitted, ["title", "timezone", "userName"]);
}

#[test]
fn import_writes_directory_fields() {
    let doc = json!({"name": "i", "direction": "import", "resource": "User", "attributes": [
        {"target": "username", "direct": "userName", "required": true},
        {"target": "firstname", "direct": "name.givenName"},
        {"target": "employeeIdentifier", "direct": "$enterpriseUser.employeeNumber"},
        {"target": "suspended", "constant": false},
        {"target": "phoneNumbers", "constant": [{"type": "work", "number": "1"}]}
    ]});
    let m = Mapping::load(&doc.to_string()).unwrap();
    let provider =
        json!({"userName": "ada", "name": {"givenName": "Ada"}, ENT: {"employeeNumber": 12}});
    let empty = json!({});
    let out = m.apply(&ApplyInput {
        jc_user: &empty,
        provider_user: &provider,
        settings: &empty,
        jc_group: &empty,
    });
    assert_eq!(
        out.resource.unwrap(),
        json!({"username": "ada", "firstname": "Ada", "employeeIdentifier": "12", "suspended": false,
               "phoneNumbers": [{"type": "work", "number": "1"}]})
    );
}

#[test]
fn groups() {
    let doc = json!({"name": "g", "direction": "export", "resource": "Group", "attributes": [
        {"target": "displayName", "direct": "name", "required": true},
        {"target": "members", "constant": [{"value": "u1"}, {"value": "u2"}]}
    ]});
    let m = Mapping::load(&doc.to_string()).unwrap();
    let group = json!({"id": "g1", "name": "Engineering"});
    let empty = json!({});
    let out = m.apply(&ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &empty,
        jc_group: &group,
    });
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineering",
               "members": [{"value": "u1"}, {"value": "u2"}]})
    );
}

#[test]
fn expressions_see_every_root() {
    let m = export(json!([
        {"target": "userName", "expression": "jcUser.username + '@' + settings.domain", "required": true},
        {"target": "externalId", "expression": "providerUser.id ?? jcUser.id"},
        {"target": "title", "expression": "upper(jcUser.jobTitle)"},
        {"target": "nickName", "expression": "jcUser.missing.deeper", "required": true}
    ]));
    let user = json!({"id": "u1", "username": "ada", "jobTitle": "eng"});
    let provider = json!({"id": "p1"});
    let settings = json!({"domain": "x.io"});
    let empty = json!({});
    let input = ApplyInput {
        jc_user: &user,
        provider_user: &provider,
        settings: &settings,
        jc_group: &empty,
    };
    let p = m.preview(&input);
    assert_eq!(p.outcome, m.apply(&input));
    let out = p.outcome;
    assert_eq!(p.entries[0].status, EntryStatus::Written(json!("ada@x.io")));
    assert_eq!(p.entries[1].status, EntryStatus::Written(json!("p1")));
    assert_eq!(p.entries[2].status, EntryStatus::Written(json!("ENG")));
    // A required attribute whose expression errors fails the record, naming it,
    // with the position of the error.
    assert!(out.resource.is_none());
    let failed = out.failed.unwrap();
    assert_eq!(failed.target, "nickName");
    assert!(
        failed
            .message
            .starts_with("cannot fetch deeper from <nil> (1:"),
        "{}",
        failed.message
    );
}

#[test]
fn rejected_values_leave_nothing_behind() {
    let m = export(json!([
        {"target": "userName", "constant": "a"},
        {"target": "$enterpriseUser.manager", "direct": "notAnObject"},
        {"target": "name.givenName", "direct": "list"}
    ]));
    let out = run(&m, &json!({"notAnObject": "not an object", "list": ["x"]}));
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": [CORE], "userName": "a"})
    );
    assert_eq!(out.errors.len(), 2);
}
