//! Checks for admins that run at load (docs/mapping.md), as tables of a
//! mistake → the message it must get, and mappings that must stay clean.
//! (Record schemas, typed checks and extension schemas: mapping_schemas.rs.)

use scimexpr::Mapping;
use serde_json::{json, Value as Json};

fn load(attrs: Json) -> Result<Mapping, scimexpr::LoadErrors> {
    let doc = json!({"name": "t", "direction": "export", "resource": "User", "attributes": attrs});
    Mapping::load(&doc.to_string())
}

#[test]
fn mistakes_get_a_message_with_a_position_and_a_suggestion() {
    let user_name = json!({"target": "userName", "direct": "email"});
    let table: Vec<(Json, &str)> = vec![
        (
            json!({"target": "title", "expression": "jcUsr.email"}),
            "unknown name jcUsr (did you mean jcUser?) (1:1)",
        ),
        (
            json!({"target": "title", "expression": "providerUsr.title ?? jcUser.jobTitle"}),
            "unknown name providerUsr (did you mean providerUser?) (1:1)",
        ),
        (
            json!({"target": "active", "expression": "jcUser.state = 'SUSPENDED'"}),
            "hint: `=` is not an operator here; did you mean `==`? jcUser.state == 'SUSPENDED'",
        ),
        (
            json!({"target": "title", "expression": "jcUser.a & jcUser.b"}),
            "(1:10)",
        ),
        (
            json!({"target": "title", "expression": "jcUser.a & jcUser.b"}),
            "did you mean `&&`? jcUser.a && jcUser.b",
        ),
        (
            json!({"target": "title", "expression": "uper(jcUser.jobTitle)"}),
            "unknown function uper (did you mean upper?) (1:1)",
        ),
        (
            json!({"target": "name.givenNme", "direct": "firstname"}),
            "unknown sub-attribute givenNme of name (did you mean givenName?)",
        ),
        (
            json!({"target": "titel", "direct": "jobTitle"}),
            "unknown attribute titel (did you mean title?)",
        ),
        (json!({"target": "id", "direct": "id"}), "id is read-only"),
        // Fields the directory user does not have (its schema is closed).
        (
            json!({"target": "displayName", "expression": "jcUser.fristname + ' x'"}),
            "jcUser has no field fristname (did you mean firstname?): it is always nil (1:8)",
        ),
        (
            json!({"target": "title", "direct": "jobTitel"}),
            "jcUser has no field jobTitel (did you mean jobTitle?): it is always nil",
        ),
    ];
    for (entry, want) in table {
        let errs = load(json!([user_name, entry])).unwrap_err();
        assert_eq!(errs.len(), 1, "{entry}: {errs}");
        assert_eq!(errs[0].index, Some(1), "{entry}");
        assert!(
            errs[0].message.contains(want),
            "{entry}: {}",
            errs[0].message
        );
    }
}

#[test]
fn a_user_export_must_write_user_name() {
    let errs = load(json!([{"target": "title", "direct": "jobTitle"}])).unwrap_err();
    assert!(errs[0].message.contains("must write userName"), "{errs}");
    assert_eq!(errs[0].code, Some("missing-userName"));
    // The suggestion is the entry to add, as JSON.
    let add: Json = serde_json::from_str(errs[0].suggestion.as_deref().unwrap()).unwrap();
    assert_eq!(add, json!({"target": "userName", "direct": "email"}));
    // Groups and imports have no userName to write.
    let group = json!({"name": "g", "direction": "export", "resource": "Group",
                       "attributes": [{"target": "displayName", "direct": "name"}]});
    assert!(Mapping::load(&group.to_string()).is_ok());
}

#[test]
fn shipped_tables_and_guarded_expressions_stay_clean() {
    for name in Mapping::builtin_names() {
        assert!(Mapping::builtin(name).is_ok(), "{name}");
    }
    let clean = load(json!([
        {"target": "userName", "direct": "email"},
        {"target": "active", "expression": "jcUser.state == 'SUSPENDED' ? false : true"},
        {"target": "title", "expression": "jcUser.suspended && jcUser.activated ? 'x' : nil"},
        {"target": "displayName", "expression": "(jcUser.firstname ?? '') + ' ' + (jcUser.lastname ?? '')"}
    ]));
    assert!(clean.is_ok(), "{:?}", clean.err());
}

#[test]
fn an_unknown_shipped_mapping_names_the_nearest() {
    let err = Mapping::builtin("nemly").unwrap_err();
    assert!(err.to_string().contains("did you mean namely?"), "{err}");
    // And load errors are std errors: `?` takes them.
    fn service() -> Result<usize, Box<dyn std::error::Error>> {
        Ok(Mapping::builtin("spaceiq")?.entries.len())
    }
    assert!(service().unwrap() > 5);
}

/// Warnings (the mapping still loads): operands that may be nil where nil
/// fails, with the fix.
#[test]
fn warnings_for_nil_flow() {
    // (message, column, suggestion) of each warning.
    type Want<'a> = Vec<(&'a str, Option<usize>, Option<&'a str>)>;
    let table: Vec<(Json, Want)> = vec![
        (
            // `len(x) >= 0` holds for an empty list: no guard.
            json!({"target": "title", "expression": "len(jcUser.addresses ?? []) >= 0 ? jcUser.addresses[0].locality : ''"}),
            vec![("jcUser.addresses[0] fails when jcUser.addresses is empty or absent: guard it, e.g. first(jcUser.addresses)", Some(36), Some("first(jcUser.addresses)"))],
        ),
        (
            // The article's displayName: users without a lastname fail at `+`.
            json!({"target": "displayName", "expression": "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : jcUser.firstname + ' ' + jcUser.lastname"}),
            vec![
                ("jcUser.firstname may be absent (nil), and `+` fails on nil: guard it, e.g. (jcUser.firstname ?? '')", Some(59), Some("jcUser.firstname ?? ''")),
                ("jcUser.lastname may be absent (nil), and `+` fails on nil: guard it, e.g. (jcUser.lastname ?? '')", Some(84), Some("jcUser.lastname ?? ''")),
            ],
        ),
        (
            json!({"target": "title", "expression": "jcUser.department < 'M' ? 'A-L' : 'M-Z'"}),
            vec![("jcUser.department may be absent (nil), and `<` fails on nil: guard it, e.g. (jcUser.department ?? '')", Some(1), Some("jcUser.department ?? ''"))],
        ),
    ];
    let user_name = json!({"target": "userName", "direct": "email"});
    for (entry, want) in table {
        let m = load(json!([user_name, entry])).unwrap();
        let got: Vec<(String, Option<usize>, Option<String>)> = m
            .diagnostics()
            .into_iter()
            .map(|d| {
                assert_eq!(d.index, 1);
                (d.message, d.column, d.suggestion)
            })
            .collect();
        let want: Vec<(String, Option<usize>, Option<String>)> = want
            .into_iter()
            .map(|(m, c, s)| (m.to_string(), c, s.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{entry}");
    }
}

#[test]
fn guards_and_shipped_tables_give_no_warnings() {
    let guarded = [
        "notNullOrEmpty(jcUser.lastname) ? (jcUser.firstname ?? '') + ' ' + jcUser.lastname : jcUser.firstname",
        "(jcUser.firstname ?? '') + ' ' + (jcUser.lastname ?? '')",
        "jcUser.lastname != nil && jcUser.lastname + 'x' != ''",
        "jcUser.id + '-x'",
        // (`jcUser.lastname ? …` is an error: a string condition fails at run time.)
        "jcUser.lastname != nil ? jcUser.lastname + '!' : nil",
        "join(filter([jcUser.firstname, jcUser.lastname], notNullOrEmpty(#)), ' ')",
        "find(jcUser.addresses ?? [], .type == 'work')?.locality ?? ''",
        "len(jcUser.addresses ?? []) > 0 ? jcUser.addresses[0].locality : ''",
        "len(jcUser.addresses ?? []) != 0 ? jcUser.addresses[0].locality : ''",
        "len(jcUser.addresses ?? []) >= 1 ? jcUser.addresses[0].locality : ''",
        // (`jcUser?.manager?.x` is an error: manager is a string, which has
        // no fields.)
    ];
    for src in guarded {
        let m = load(json!([{"target": "userName", "direct": "email"},
                            {"target": "displayName", "expression": src}]))
        .unwrap();
        assert_eq!(m.diagnostics(), vec![], "{src}");
    }
    for name in Mapping::builtin_names() {
        assert_eq!(
            Mapping::builtin(name).unwrap().diagnostics(),
            vec![],
            "{name}"
        );
    }
}
