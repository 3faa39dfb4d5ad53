//! PATCH requests (mapping.md §3.3, RFC 7644 §3.5.2).

use scimexpr::mapping::{ApplyInput, Mapping};
use serde_json::{json, Value as Json};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn mapping() -> Mapping {
    let doc = json!({"name": "p", "direction": "export", "resource": "User", "attributes": [
        {"target": "userName", "direct": "email", "required": true},
        {"target": "name.givenName", "direct": "firstname"},
        {"target": "title", "direct": "jobTitle", "onNull": "clear"},
        {"target": "nickName", "direct": "nick"},
        {"target": "emails[type eq \"work\"].value", "direct": "email"},
        {"target": "$enterpriseUser.department", "direct": "department", "onNull": "clear"},
        {"target": "$enterpriseUser.manager.value", "direct": "managerExternalId"}
    ]});
    Mapping::load(&doc.to_string()).unwrap()
}

fn patch(user: Json, provider: Json) -> Option<Json> {
    let m = mapping();
    let empty = json!({});
    let out = m.apply(&ApplyInput {
        jc_user: &user,
        provider_user: &provider,
        settings: &empty,
        jc_group: &empty,
    });
    m.patch(&out, &provider)
}

fn user() -> Json {
    json!({"email": "a@x.io", "firstname": "Ada", "jobTitle": "Eng", "department": "R&D", "managerExternalId": "m1"})
}

fn provider() -> Json {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
           "id": "p-1", "userName": "a@x.io", "name": {"givenName": "Ada", "familyName": "L"},
           "title": "Eng", "emails": [{"type": "work", "value": "a@x.io"}],
           ENT: {"department": "R&D", "manager": {"value": "m1"}}})
}

#[test]
fn equal_gives_no_request() {
    assert_eq!(patch(user(), provider()), None);
}

#[test]
fn provider_keys_compare_case_insensitively() {
    let mut p = provider();
    let v = p.as_object_mut().unwrap().remove("userName").unwrap();
    p["USERNAME"] = v;
    assert_eq!(patch(user(), p), None);
}

#[test]
fn replace_add_and_extension_paths() {
    let mut u = user();
    u["firstname"] = json!("Augusta");
    u["nick"] = json!("AL");
    u["department"] = json!("Research");
    u["managerExternalId"] = json!("m2");
    u["email"] = json!("ada@x.io");
    assert_eq!(
        patch(u, provider()).unwrap(),
        json!({"schemas": [PATCH], "Operations": [
            {"op": "replace", "path": "userName", "value": "ada@x.io"},
            {"op": "replace", "path": "name.givenName", "value": "Augusta"},
            {"op": "add", "path": "nickName", "value": "AL"},
            {"op": "replace", "path": "emails", "value": [{"type": "work", "value": "ada@x.io"}]},
            {"op": "replace", "path": format!("{ENT}:department"), "value": "Research"},
            {"op": "replace", "path": format!("{ENT}:manager.value"), "value": "m2"}
        ]})
    );
}

#[test]
fn new_user_adds_everything() {
    assert_eq!(
        patch(user(), json!({})).unwrap()["Operations"],
        json!([
            {"op": "add", "path": "userName", "value": "a@x.io"},
            {"op": "add", "path": "name.givenName", "value": "Ada"},
            {"op": "add", "path": "title", "value": "Eng"},
            {"op": "add", "path": "emails", "value": [{"type": "work", "value": "a@x.io"}]},
            {"op": "add", "path": format!("{ENT}:department"), "value": "R&D"},
            {"op": "add", "path": format!("{ENT}:manager.value"), "value": "m1"}
        ])
    );
}

#[test]
fn remove_only_for_on_null_clear() {
    let mut u = user();
    u.as_object_mut().unwrap().remove("jobTitle");
    u.as_object_mut().unwrap().remove("department");
    u.as_object_mut().unwrap().remove("firstname");
    u.as_object_mut().unwrap().remove("managerExternalId");
    // firstname and managerExternalId are `omit`: the provider keeps its values.
    assert_eq!(
        patch(u, provider()).unwrap()["Operations"],
        json!([
            {"op": "remove", "path": "title"},
            {"op": "remove", "path": format!("{ENT}:department")}
        ])
    );
    // Nothing to remove when the provider has no value either.
    let mut u = user();
    u["jobTitle"] = json!("");
    let mut p = provider();
    p.as_object_mut().unwrap().remove("title");
    assert_eq!(patch(u, p), None);
}

#[test]
fn failed_record_gives_no_request() {
    let mut u = user();
    u.as_object_mut().unwrap().remove("email");
    assert_eq!(patch(u, provider()), None);
}

#[test]
fn group_members_are_replaced_whole() {
    let m = Mapping::builtin("interact-groups").unwrap().unwrap();
    let group = json!({"id": "g1", "name": "Ops", "members": ["u1", "u3"]});
    let provider = json!({"displayName": "Ops", "members": [{"value": "u1"}, {"value": "u2"}]});
    let empty = json!({});
    let out = m.apply(&ApplyInput {
        jc_user: &empty,
        provider_user: &provider,
        settings: &empty,
        jc_group: &group,
    });
    assert_eq!(
        m.patch(&out, &provider).unwrap(),
        json!({"schemas": [PATCH], "Operations": [
            {"op": "replace", "path": "members", "value": [{"value": "u1"}, {"value": "u3"}]}
        ]})
    );
}
