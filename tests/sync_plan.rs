//! The sync plan in the library (docs/sync.md): match keys from the mapping
//! and the document, and a whole plan in memory.

use scimexpr::mapping::{plan, ApplyInput, Mapping, MatchKey, PatchOptions, PlanAction, Resource};
use serde_json::{json, Value as Json};

fn doc(extra: Json, attributes: Json) -> String {
    let mut d =
        json!({"name": "k", "direction": "export", "resource": "User", "attributes": attributes});
    for (k, v) in extra.as_object().unwrap() {
        d[k] = v.clone();
    }
    d.to_string()
}

#[test]
fn match_keys_come_from_the_mapping() {
    let user_name = json!({"target": "userName", "direct": "email", "required": true});
    let table: Vec<(Json, Json, Option<&str>)> = vec![
        // The directory field the externalId entry reads.
        (
            json!({}),
            json!([user_name, {"target": "externalId", "direct": "employeeIdentifier"}]),
            Some("employeeIdentifier=externalId"),
        ),
        // An expression reading one directory field (namely's keeps the provider's own value).
        (
            json!({}),
            json!([user_name, {"target": "externalId", "expression": "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id"}]),
            Some("id=externalId"),
        ),
        // No externalId entry and no "match": no key to assume.
        (json!({}), json!([user_name]), None),
        // An externalId fed by two fields names no key by itself...
        (
            json!({}),
            json!([user_name, {"target": "externalId", "expression": "jcUser.id + jcUser.email"}]),
            None,
        ),
        // ...but the document can name it.
        (
            json!({"match": {"directory": "id", "provider": "externalId"}}),
            json!([user_name, {"target": "externalId", "expression": "jcUser.id + jcUser.email"}]),
            Some("id=externalId"),
        ),
        (
            json!({"match": {"directory": "email", "provider": "USERNAME"}}),
            json!([user_name]),
            Some("email=userName"),
        ),
    ];
    for (extra, attrs, want) in table {
        let text = doc(extra, attrs);
        let m = Mapping::load(&text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(
            m.match_key().map(|k| k.to_string()).as_deref(),
            want,
            "{text}"
        );
    }
    for name in ["namely", "scim"] {
        assert_eq!(
            Mapping::builtin(name)
                .unwrap()
                .match_key()
                .unwrap()
                .to_string(),
            "id=externalId"
        );
    }
    for name in ["interact", "spaceiq"] {
        assert_eq!(
            Mapping::builtin(name)
                .unwrap()
                .match_key()
                .unwrap()
                .to_string(),
            "employeeIdentifier=externalId"
        );
    }
    assert_eq!(
        Mapping::builtin("interact-groups")
            .unwrap()
            .match_key()
            .unwrap()
            .to_string(),
        "name=displayName"
    );
}

#[test]
fn a_key_contradicting_the_mapping_is_a_load_error() {
    let text = doc(
        json!({"match": {"directory": "id", "provider": "externalId"}}),
        json!([{"target": "userName", "direct": "email", "required": true},
               {"target": "externalId", "direct": "employeeIdentifier"}]),
    );
    let errs = Mapping::load(&text).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].message,
        "\"match\" says id=externalId, but the externalId entry is fed by employeeIdentifier"
    );
    let bad = [
        (json!({"match": "id"}), "must be an object"),
        (
            json!({"match": {"directory": "id"}}),
            "\"provider\" must be a string",
        ),
        (
            json!({"match": {"directory": "id", "provider": "emails"}}),
            "not a single-valued string",
        ),
        (
            json!({"match": {"directory": "a.b", "provider": "externalId"}}),
            "top-level field",
        ),
        (
            json!({"match": {"directory": "id", "provider": "externalId", "x": 1}}),
            "unknown key",
        ),
    ];
    for (extra, want) in bad {
        let text = doc(extra, json!([{"target": "userName", "direct": "email"}]));
        let errs = Mapping::load(&text).unwrap_err();
        assert!(
            errs.iter().any(|e| e.message.contains(want)),
            "{text}: {errs:?}"
        );
    }
}

#[test]
fn keys_compare_as_the_provider_attribute_says() {
    let by_name = MatchKey::parse("username", Resource::User).unwrap();
    assert_eq!(by_name.normalize("Ann.Lee"), "ann.lee");
    let by_ext = MatchKey::parse("id=externalId", Resource::User).unwrap();
    assert_eq!(by_ext.normalize("AbC"), "AbC", "externalId is caseExact");
    assert_eq!(by_ext.directory_key(&json!({"id": 42})), Some("42".into()));
    assert_eq!(by_ext.directory_key(&json!({"id": ""})), None);
    assert_eq!(
        by_ext.provider_key(&json!({"EXTERNALID": "x"})),
        Some("x".into())
    );
}

#[test]
fn a_plan_in_memory() {
    let m = Mapping::builtin("scim").unwrap();
    let key = m.match_key().unwrap().clone();
    let settings = json!({});
    let empty = json!({});
    let base = ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &settings,
        jc_group: &empty,
    };
    let users = [
        json!({"id": "u1", "username": "ann", "state": "SUSPENDED"}),
        json!({"id": "u2", "username": "bob"}),
        json!({"id": "u3"}),
    ];
    let provider = [
        json!({"id": "p1", "externalId": "u1", "userName": "ANN", "active": true}),
        json!({"id": "p7", "externalId": "u7", "userName": "old"}),
    ];
    let p = plan(&m, &key, base, &users, &provider, &PatchOptions::default());
    let actions: Vec<&str> = p.lines.iter().map(|l| l.action.name()).collect();
    assert_eq!(actions, ["update", "create", "failed"]);
    let PlanAction::Update { id, requests } = &p.lines[0].action else {
        panic!()
    };
    assert_eq!(id, "p1");
    assert_eq!(
        serde_json::to_value(&requests[0].operations).unwrap(),
        json!([{"op": "replace", "path": "active", "value": false}])
    );
    assert_eq!(p.orphans.len(), 1);
    assert_eq!(p.orphans[0].id.as_deref(), Some("p7"));
    assert!(p.provider_errors.is_empty());
}
