//! PATCH requests (docs/sync.md, What a PATCH changes; RFC 7644 §3.5.2): a PATCH changes only what
//! the mapping owns. Each row is a directory user, the provider's current
//! resource and the operations that must come out, worked out by hand
//! from the ownership rules (filtered targets get filtered paths, sub-attributes alone,
//! whole lists only when unfiltered, schema equality, no value is never written).

use scimexpr::mapping::{
    requests, ApplyInput, Mapping, Outcome, PatchOp, PatchOperation, PatchOptions, PatchRequest,
};
use serde_json::{json, Value as Json};

/// Loads with `jcUser` open: these tests' users carry fields of their own
/// (`nick`, `mobile`, `city`, …); the checks for admins have their own tests.
fn load_open(text: &str) -> Result<Mapping, scimexpr::LoadErrors> {
    let mut s = scimexpr::RecordSchemas::default();
    let mut user = s.record("jcUser").unwrap().clone();
    user.shape.closed = false;
    s.set_record(user);
    Mapping::load_with_schemas(text, &scimexpr::Compiler::new(), &s)
}

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// One mapping with an entry of every kind of target.
fn mapping() -> Mapping {
    let doc = json!({"name": "p", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email", "required": true},
        {"target": "name.givenName", "direct": "firstname"},
        {"target": "name.familyName", "direct": "lastname", "onNull": "clear"},
        {"target": "title", "direct": "jobTitle", "onNull": "clear"},
        {"target": "nickName", "direct": "nick"},
        {"target": "emails[type eq \"work\"].value", "direct": "email"},
        {"target": "phoneNumbers[type eq \"mobile\"].value", "direct": "mobile", "onNull": "clear"},
        {"target": "addresses[type eq \"work\"].locality", "direct": "city"},
        {"target": "addresses[type eq \"work\"].region", "direct": "region", "onNull": "clear"},
        {"target": "roles[primary eq true].value", "direct": "role"},
        {"target": "$enterpriseUser.department", "direct": "department", "onNull": "clear"},
        {"target": "$enterpriseUser.manager.value", "direct": "managerExternalId"}
    ]});
    load_open(&doc.to_string()).unwrap()
}

fn outcome(m: &Mapping, user: &Json, provider: &Json) -> Outcome {
    let empty = json!({});
    m.apply(&ApplyInput {
        jc_user: user,
        provider_user: provider,
        settings: &empty,
        jc_group: &empty,
    })
}

fn ops_of(m: &Mapping, user: &Json, provider: &Json) -> Json {
    let out = outcome(m, user, provider);
    let ops = m
        .operations(&out, provider, &PatchOptions::default())
        .expect("the record does not fail");
    serde_json::to_value(ops).unwrap()
}

fn user() -> Json {
    json!({"email": "a@x.io", "firstname": "Ada", "lastname": "L", "jobTitle": "Eng",
           "mobile": "+1 555", "city": "Paris", "region": "IDF", "role": "admin",
           "department": "R&D", "managerExternalId": "m1"})
}

/// The provider's copy of `user()`, plus what the mapping does not own: a home
/// email, a work phone, a home address, a middle name, a second role.
fn provider() -> Json {
    json!({"schemas": [CORE, ENT], "id": "p-1", "userName": "a@x.io",
           "name": {"givenName": "Ada", "familyName": "L", "middleName": "B"},
           "title": "Eng",
           "emails": [{"type": "home", "value": "h@x.io"}, {"type": "work", "value": "a@x.io"}],
           "phoneNumbers": [{"type": "work", "value": "+1 111"}, {"type": "mobile", "value": "+1 555"}],
           "addresses": [{"type": "home", "locality": "Lyon"},
                         {"type": "work", "locality": "Paris", "region": "IDF", "postalCode": "75001"}],
           "roles": [{"value": "admin", "primary": true}, {"value": "dev"}],
           ENT: {"department": "R&D", "manager": {"value": "m1"}, "costCenter": "C1"}})
}

/// `user()` with some fields changed (null removes the field).
fn user_with(changes: Json) -> Json {
    let mut u = user();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            u.as_object_mut().unwrap().remove(k);
        } else {
            u[k] = v.clone();
        }
    }
    u
}

/// `provider()` with a JSON pointer replaced (or removed, with null).
fn provider_with(pointer: &str, v: Json) -> Json {
    let mut p = provider();
    if v.is_null() {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = if parent.is_empty() {
            &mut p
        } else {
            p.pointer_mut(parent).unwrap()
        };
        match target {
            Json::Object(m) => {
                m.remove(key);
            }
            Json::Array(a) => {
                a.remove(key.parse().unwrap());
            }
            _ => panic!("{pointer}"),
        }
    } else {
        *p.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = v;
    }
    p
}

#[test]
fn operation_rules() {
    let ent_dept = format!("{ENT}:department");
    let ent_mgr = format!("{ENT}:manager.value");
    let table: Vec<(&str, Json, Json, Json)> = vec![
        ("equal: no operation", user(), provider(), json!([])),
        (
            "userName is caseExact false: a case-only difference is no change",
            user_with(json!({"email": "A@X.IO"})),
            provider(),
            json!([]),
        ),
        (
            "filter values compare by the schema: type \"Work\" is the work element",
            user(),
            provider_with("/emails/1/type", json!("Work")),
            json!([]),
        ),
        (
            "a changed work email: replace exactly that value, the home email stays",
            user_with(json!({"email": "new@x.io"})),
            provider(),
            json!([
                {"op": "replace", "path": "userName", "value": "new@x.io"},
                {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@x.io"}
            ]),
        ),
        (
            "no work email at the provider: add one element, which appends",
            user(),
            provider_with("/emails/1", Json::Null),
            json!([{"op": "add", "path": "emails", "value": [{"type": "work", "value": "a@x.io"}]}]),
        ),
        (
            "clearing the mobile's value removes the mobile element, the work phone stays",
            user_with(json!({"mobile": null})),
            provider(),
            json!([{"op": "remove", "path": "phoneNumbers[type eq \"mobile\"]"}]),
        ),
        (
            "a cleared value the provider does not have: nothing to remove",
            user_with(json!({"mobile": null})),
            provider_with("/phoneNumbers/1", Json::Null),
            json!([]),
        ),
        (
            "omit (the default) never removes: no givenName leaves the provider's",
            user_with(json!({"firstname": null})),
            provider(),
            json!([]),
        ),
        (
            "a cleared sub-attribute removes it alone: middleName stays",
            user_with(json!({"lastname": null})),
            provider(),
            json!([{"op": "remove", "path": "name.familyName"}]),
        ),
        (
            "a changed sub-attribute is replaced alone, never the whole name",
            user_with(json!({"firstname": "Augusta"})),
            provider(),
            json!([{"op": "replace", "path": "name.givenName", "value": "Augusta"}]),
        ),
        (
            "a simple attribute the provider lacks is added",
            user_with(json!({"nick": "ada"})),
            provider(),
            json!([{"op": "add", "path": "nickName", "value": "ada"}]),
        ),
        (
            "a cleared simple attribute is removed",
            user_with(json!({"jobTitle": ""})),
            provider(),
            json!([{"op": "remove", "path": "title"}]),
        ),
        (
            "extension attributes are addressed by their URN path",
            user_with(json!({"department": "Ops", "managerExternalId": "m2"})),
            provider(),
            json!([
                {"op": "replace", "path": ent_dept, "value": "Ops"},
                {"op": "replace", "path": ent_mgr, "value": "m2"}
            ]),
        ),
        (
            "a cleared extension attribute is removed; costCenter stays",
            user_with(json!({"department": null})),
            provider(),
            json!([{"op": "remove", "path": ent_dept}]),
        ),
        (
            "sub-attributes of a filtered element: replaced and removed one by one",
            user_with(json!({"city": "Nice", "region": null})),
            provider(),
            json!([
                {"op": "replace", "path": "addresses[type eq \"work\"].locality", "value": "Nice"},
                {"op": "remove", "path": "addresses[type eq \"work\"].region"}
            ]),
        ),
        (
            "no work address: one new element carries every owned sub-attribute",
            user(),
            provider_with("/addresses/1", Json::Null),
            json!([{"op": "add", "path": "addresses",
                    "value": [{"type": "work", "locality": "Paris", "region": "IDF"}]}]),
        ),
        (
            "a work address without a locality gets it through the filtered path",
            user(),
            provider_with("/addresses/1/locality", Json::Null),
            json!([{"op": "replace", "path": "addresses[type eq \"work\"].locality", "value": "Paris"}]),
        ),
        (
            "a boolean filter: primary eq true selects the primary role",
            user_with(json!({"role": "owner"})),
            provider(),
            json!([{"op": "replace", "path": "roles[primary eq true].value", "value": "owner"}]),
        ),
    ];
    let m = mapping();
    for (name, user, provider, want) in table {
        assert_eq!(ops_of(&m, &user, &provider), want, "{name}");
    }
}

/// A mapping owning whole multi-valued attributes (no filter).
fn whole_mapping(on_null: &str) -> Mapping {
    let doc = json!({"name": "w", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "username", "required": true},
        {"target": "emails", "expression": "jcUser.emails", "onNull": on_null},
        {"target": "phoneNumbers", "expression": "jcUser.phones"}
    ]});
    load_open(&doc.to_string()).unwrap()
}

#[test]
fn whole_multi_valued_attributes() {
    let base = json!({"userName": "ann", "emails": [
        {"value": "a@x.io", "type": "work", "primary": true}, {"value": "h@x.io", "type": "home"}]});
    let with = |k: &str, v: Json| {
        let mut p = base.clone();
        p[k] = v;
        p
    };
    let table: Vec<(&str, &str, Json, Json, Json)> = vec![
        (
            "another order, primary false, other case: the same multiset",
            "omit",
            json!({"username": "ann", "emails": [{"value": "H@x.io", "type": "home", "primary": false},
                                                 {"value": "a@X.io", "type": "WORK", "primary": true}]}),
            base.clone(),
            json!([]),
        ),
        (
            "a different list is replaced whole (the mapping owns all of it)",
            "omit",
            json!({"username": "ann", "emails": [{"value": "a@x.io", "type": "work", "primary": true}]}),
            base.clone(),
            json!([{"op": "replace", "path": "emails",
                    "value": [{"value": "a@x.io", "type": "work", "primary": true}]}]),
        ),
        (
            "an element that moved its primary flag is a change",
            "omit",
            json!({"username": "ann", "emails": [{"value": "a@x.io", "type": "work"},
                                                 {"value": "h@x.io", "type": "home", "primary": true}]}),
            base.clone(),
            json!([{"op": "replace", "path": "emails",
                    "value": [{"value": "a@x.io", "type": "work"},
                              {"value": "h@x.io", "type": "home", "primary": true}]}]),
        ),
        (
            "[] is no value: omitted, never written",
            "omit",
            json!({"username": "ann", "emails": []}),
            base.clone(),
            json!([]),
        ),
        (
            "[] with onNull clear removes the attribute",
            "clear",
            json!({"username": "ann", "emails": []}),
            base.clone(),
            json!([{"op": "remove", "path": "emails"}]),
        ),
        (
            "a list of empty objects is no value either",
            "clear",
            json!({"username": "ann", "emails": [{}, {"value": ""}]}),
            with("emails", json!([])),
            json!([]),
        ),
        (
            "a list the provider lacks is added",
            "omit",
            json!({"username": "ann", "phones": [{"value": "1", "type": "work"}]}),
            base.clone(),
            json!([{"op": "add", "path": "phoneNumbers", "value": [{"value": "1", "type": "work"}]}]),
        ),
    ];
    for (name, on_null, user, provider, want) in table {
        let m = whole_mapping(on_null);
        let out = outcome(&m, &user, &provider);
        let ops = m
            .operations(&out, &provider, &PatchOptions::default())
            .unwrap();
        assert_eq!(serde_json::to_value(ops).unwrap(), want, "{name}");
    }
}

#[test]
fn empty_values_are_omitted_and_counted() {
    let m = whole_mapping("omit");
    let out = outcome(
        &m,
        &json!({"username": "ann", "emails": [], "phones": {}}),
        &json!({}),
    );
    assert_eq!(out.omitted, vec!["emails", "phoneNumbers"]);
    assert_eq!(
        out.resource.unwrap(),
        json!({"schemas": [CORE], "userName": "ann"})
    );
    // A required attribute whose value is [] fails the record.
    let doc = json!({"name": "r", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "username", "required": true},
        {"target": "emails", "expression": "jcUser.emails", "required": true}
    ]});
    let m = load_open(&doc.to_string()).unwrap();
    let out = outcome(&m, &json!({"username": "ann", "emails": []}), &json!({}));
    assert_eq!(
        out.failed.as_ref().unwrap().message,
        "required attribute emails has no value"
    );
    assert!(m
        .patch(&out, &json!({}), &PatchOptions::default())
        .is_none());
}

#[test]
fn failed_unchanged_and_changed_are_distinct() {
    let m = mapping();
    let o = PatchOptions::default();
    let failed = outcome(&m, &user_with(json!({"email": ""})), &provider());
    assert_eq!(m.patch(&failed, &provider(), &o), None);
    let same = outcome(&m, &user(), &provider());
    assert_eq!(m.patch(&same, &provider(), &o), Some(vec![]));
    let changed = outcome(&m, &user_with(json!({"jobTitle": "CTO"})), &provider());
    assert_eq!(
        m.patch(&changed, &provider(), &o),
        Some(vec![PatchRequest {
            schemas: vec![PATCH.into()],
            operations: vec![PatchOperation {
                op: PatchOp::Replace,
                path: Some("title".into()),
                value: Some(json!("CTO")),
            }],
        }])
    );
}

#[test]
fn requests_serialize_as_rfc_7644() {
    let r = requests(
        vec![PatchOperation {
            op: PatchOp::Remove,
            path: Some("title".into()),
            value: None,
        }],
        10,
    );
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!([{"schemas": [PATCH], "Operations": [{"op": "remove", "path": "title"}]}])
    );
    let back: Vec<PatchRequest> =
        serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}

fn group_mapping() -> Mapping {
    let doc = json!({"name": "g", "direction": "export", "resource": "Group", "attributes": [
        {"target": "displayName", "direct": "name", "required": true},
        {"target": "members", "expression": "jcGroup.members == nil ? nil : map(jcGroup.members, {{value: #}})"}
    ]});
    load_open(&doc.to_string()).unwrap()
}

fn group_ops(group: Json, provider: Json, max: usize) -> Json {
    let m = group_mapping();
    let empty = json!({});
    let out = m.apply(&ApplyInput {
        jc_user: &empty,
        provider_user: &provider,
        settings: &empty,
        jc_group: &group,
    });
    let reqs = m
        .patch(
            &out,
            &provider,
            &PatchOptions {
                max_operations: max,
            },
        )
        .unwrap();
    serde_json::to_value(reqs).unwrap()
}

#[test]
fn group_members_change_one_by_one() {
    let prov = json!({"id": "g-1", "displayName": "Eng",
                      "members": [{"value": "b", "display": "B"}, {"value": "d"}]});
    // a and c join, d leaves, b stays: never a replace of the list.
    assert_eq!(
        group_ops(
            json!({"name": "Eng", "members": ["a", "b", "c"]}),
            prov.clone(),
            1000
        ),
        json!([{"schemas": [PATCH], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": "a"}, {"value": "c"}]},
            {"op": "remove", "path": "members[value eq \"d\"]"}
        ]}])
    );
    // The same members in another order: nothing to do.
    assert_eq!(
        group_ops(
            json!({"name": "eng", "members": ["d", "b"]}),
            prov.clone(),
            1000
        ),
        json!([])
    );
    // No members key says nothing about membership.
    assert_eq!(
        group_ops(json!({"name": "Eng"}), prov.clone(), 1000),
        json!([])
    );
    // An empty list is the empty set: every member leaves, one by one.
    assert_eq!(
        group_ops(json!({"name": "Eng", "members": []}), prov, 1000),
        json!([{"schemas": [PATCH], "Operations": [
            {"op": "remove", "path": "members[value eq \"b\"]"},
            {"op": "remove", "path": "members[value eq \"d\"]"}
        ]}])
    );
}

#[test]
fn large_changes_are_split_in_order() {
    let prov = json!({"id": "g-1", "displayName": "Eng",
                      "members": [{"value": "x1"}, {"value": "x2"}, {"value": "x3"}]});
    let got = group_ops(
        json!({"name": "Eng", "members": ["a1", "a2", "a3", "a4", "a5"]}),
        prov,
        2,
    );
    // Five new members in adds of at most two, then three removes: six
    // operations, two per request.
    assert_eq!(
        got,
        json!([
            {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": "a1"}, {"value": "a2"}]},
                {"op": "add", "path": "members", "value": [{"value": "a3"}, {"value": "a4"}]}]},
            {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": "a5"}]},
                {"op": "remove", "path": "members[value eq \"x1\"]"}]},
            {"schemas": [PATCH], "Operations": [
                {"op": "remove", "path": "members[value eq \"x2\"]"},
                {"op": "remove", "path": "members[value eq \"x3\"]"}]}
        ])
    );
}

#[test]
fn filter_literals_must_fit_the_sub_attribute() {
    let load = |target: &str| {
        let doc = json!({"name": "f", "direction": "export", "resource": "User", "attributes": [
            {"target": "userName", "direct": "email", "required": true},
            {"target": target, "direct": "x"}
        ]});
        load_open(&doc.to_string())
    };
    assert!(load("roles[primary eq true].value").is_ok());
    let e = load("roles[primary eq \"True\"].value").unwrap_err();
    assert!(
        e[0].message.contains("does not fit roles.primary"),
        "{}",
        e[0]
    );
    // `primary eq true` is written as a boolean into the new element.
    let m = load("roles[primary eq true].value").unwrap();
    let out = outcome(&m, &json!({"email": "a@x", "x": "admin"}), &json!({}));
    assert_eq!(
        out.resource.unwrap()["roles"],
        json!([{"primary": true, "value": "admin"}])
    );
}

#[test]
fn a_whole_filtered_element_is_replaced_by_remove_and_add() {
    let doc = json!({"name": "e", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "username", "required": true},
        {"target": "emails[type eq \"work\"]", "expression": "{value: jcUser.email, display: jcUser.username}"}
    ]});
    let m = load_open(&doc.to_string()).unwrap();
    let user = json!({"username": "ann", "email": "a@x.io"});
    let same = json!({"userName": "ann", "emails": [
        {"type": "home", "value": "h@x.io"}, {"type": "work", "value": "A@x.io", "display": "ann"}]});
    assert_eq!(ops_of(&m, &user, &same), json!([]));
    // The provider's element carries `primary`, which the mapping does not
    // write: the element is owned whole, so it goes and comes back without it.
    let stale = json!({"userName": "ann", "emails": [
        {"type": "home", "value": "h@x.io"},
        {"type": "work", "value": "a@x.io", "display": "ann", "primary": true}]});
    assert_eq!(
        ops_of(&m, &user, &stale),
        json!([
            {"op": "remove", "path": "emails[type eq \"work\"]"},
            {"op": "add", "path": "emails", "value": [{"type": "work", "value": "a@x.io", "display": "ann"}]}
        ])
    );
}

#[test]
fn members_whose_elements_all_strip_away_say_nothing() {
    // Members written as objects without a value (a mapping mistake) must not
    // turn into the empty set, which would remove every member.
    let doc = json!({"name": "g", "direction": "export", "resource": "Group", "attributes": [
        {"target": "displayName", "direct": "name", "required": true},
        {"target": "members", "expression": "map(jcGroup.members, {{value: #.value}})"}
    ]});
    let m = load_open(&doc.to_string()).unwrap();
    let empty = json!({});
    let group = json!({"name": "Eng", "members": [{"id": "u1"}]});
    let out = m.apply(&ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &empty,
        jc_group: &group,
    });
    assert_eq!(out.omitted, vec!["members"]);
    let prov = json!({"id": "g", "displayName": "Eng", "members": [{"value": "u1"}]});
    assert_eq!(m.patch(&out, &prov, &PatchOptions::default()), Some(vec![]));
}

#[test]
fn schema_equality_table() {
    use scimexpr::mapping::equal;
    use scimexpr::mapping::schema::{find, USER};
    let attr = |name: &str| find(USER, name).unwrap();
    let table: Vec<(&str, Json, Json, bool)> = vec![
        ("userName", json!("Ann@X.io"), json!("ann@x.io"), true),
        ("userName", json!("Zoë"), json!("ZOË"), true),
        ("externalId", json!("AbC"), json!("abc"), false),
        ("externalId", json!("AbC"), json!("AbC"), true),
        ("active", json!(true), json!(true), true),
        ("active", json!(true), json!("true"), false),
        ("title", json!("5"), json!(5), true),
        (
            "emails",
            json!([{"value": "a", "type": "work", "primary": false}]),
            json!([{"type": "WORK", "value": "A"}]),
            true,
        ),
        (
            "emails",
            json!([{"value": "a", "primary": true}]),
            json!([{"value": "a"}]),
            false,
        ),
        (
            "emails",
            json!([{"value": "a"}, {"value": "b"}]),
            json!([{"value": "b"}, {"value": "a"}]),
            true,
        ),
        (
            "emails",
            json!([{"value": "a"}, {"value": "a"}]),
            json!([{"value": "a"}, {"value": "b"}]),
            false,
        ),
        (
            "emails",
            json!([{"value": "a"}]),
            json!([{"value": "a"}, {"value": "a"}]),
            false,
        ),
        (
            "emails",
            json!([{"value": "a", "display": ""}]),
            json!([{"value": "a", "display": null}]),
            true,
        ),
        (
            "emails",
            json!([{"value": "a", "display": "x"}]),
            json!([{"value": "a"}]),
            false,
        ),
        // Members the schema does not know are not compared.
        (
            "emails",
            json!([{"value": "a", "vendorFlag": 1}]),
            json!([{"value": "a"}]),
            true,
        ),
    ];
    for (name, a, b, want) in table {
        assert_eq!(equal(attr(name), &a, &b), want, "{name}: {a} vs {b}");
        assert_eq!(
            equal(attr(name), &b, &a),
            want,
            "{name}: {b} vs {a} (symmetric)"
        );
    }
}
