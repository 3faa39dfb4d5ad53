//! Inputs and hand-written baselines shared by the benches.
//!
//! The hand-written functions compute, from the same `serde_json::Value`, what
//! the five JumpCloud expressions and the `namely` mapping compute: they are the
//! floor an interpreter can approach. [`check_baselines`] asserts at the start of
//! every bench run that they agree with the interpreter on the bench records, so
//! the ratios compare equal work.
#![allow(dead_code)] // each bench uses a different part

use scimexpr::mapping::{ApplyInput, Mapping};
use scimexpr::Program;
use serde_json::{json, Map, Value as Json};

/// The five expressions of JumpCloud's "Integrate with Namely" article.
pub const JUMPCLOUD: [(&str, &str); 5] = [
    (
        "displayName",
        "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)",
    ),
    (
        "addresses",
        "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))",
    ),
    (
        "phoneNumbers",
        "toScimPhoneNumbers(find(jcUser.phoneNumbers, .type == 'work') ?? first(jcUser.phoneNumbers))",
    ),
    ("emails", "toScimEmails(jcUser.email)"),
    (
        "externalId",
        "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id",
    ),
];

/// A realistic directory user (~2 KB of JSON): the fields a JumpCloud system
/// user carries, the work address second (so `find` looks at two), no display
/// name (so expression 1 takes its longest branch).
pub const RECORD: &str = r#"{"id":"5f1b2c3d4e5f60718293a4b5","username":"ada.lovelace","email":"ada.lovelace@example.com","firstname":"Ada","middlename":"King","lastname":"Lovelace","displayname":"","jobTitle":"Principal Engineer","employeeIdentifier":"E000042","employeeType":"Full-time","department":"Engineering","costCenter":"CC-17","company":"Example Corp","location":"London HQ","description":"Analytical engine team lead; owns the compiler and the numerical library.","state":"ACTIVATED","activated":true,"suspended":false,"account_locked":false,"password_expired":false,"passwordless_sudo":false,"allow_public_key":true,"enable_managed_uid":false,"enable_user_portal_multifactor":true,"externally_managed":false,"ldap_binding_user":false,"sudo":false,"unix_uid":5042,"unix_guid":5042,"created":"2024-03-01T09:30:00Z","password_date":"2025-01-15T08:00:00Z","manager":"60a1b2c3d4e5f60718293a4c","managerExternalId":"E000007","alternateEmail":"ada@personal.example.org","recoveryEmail":{"address":"ada.recovery@example.org","verified":true,"verifiedAt":"2024-03-02T10:00:00Z"},"mfa":{"configured":true,"exclusion":false,"exclusionUntil":null},"mfaEnrollment":{"overallStatus":"ENROLLED","pushStatus":"ENROLLED","totpStatus":"ENROLLED","webAuthnStatus":"NOT_ENROLLED"},"addresses":[{"id":"a1","type":"home","streetAddress":"7 Side Road","extendedAddress":"","poBox":"","locality":"Cambridge","region":"Cambridgeshire","postalCode":"CB1 2AB","country":"GB"},{"id":"a2","type":"work","streetAddress":"12 Main Street","extendedAddress":"Suite 5","poBox":"","locality":"London","region":"","postalCode":"EC1A 1BB","country":"GB"}],"phoneNumbers":[{"id":"p1","type":"mobile","number":"+44 7700 900123"},{"id":"p2","type":"work","number":"+44 20 7946 0958"},{"id":"p3","type":"home","number":"+44 1223 496 0123"}],"attributes":[{"name":"badge","value":"B42"},{"name":"floor","value":"3"},{"name":"laptop","value":"LT-8842"}],"ssh_keys":[{"name":"laptop","public_key":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk3d2Vh bench@example","create_date":"2024-03-05T12:00:00Z"}],"security_keys":[],"relationships":[{"type":"manager","value":"60a1b2c3d4e5f60718293a4c"}],"organization":"5a0b1c2d3e4f5a6b7c8d9e0f","systemUsername":"alovelace","samba_service_user":false,"restrictedFields":[]}"#;

/// The provider's copy on a first export: nothing yet.
pub fn provider() -> Json {
    json!({})
}

/// The host settings `map` passes by default.
pub fn settings() -> Json {
    json!({"defaultUserState": "STAGED"})
}

/// What the provider holds for generated user `i`: what `namely` wrote for
/// it, under provider id `p-{i}`, with every third title since edited there;
/// `None` for one user in ten (not there yet). The plan benches' provider side.
pub fn provider_copy(namely: &Mapping, user: &Json, i: u64) -> Option<Json> {
    if i % 10 == 9 {
        return None;
    }
    let settings = settings();
    let mut r = namely
        .apply(&ApplyInput::user(user).with_settings(&settings))
        .resource?;
    r["id"] = json!(format!("p-{i}"));
    if i.is_multiple_of(3) {
        r["title"] = json!("Edited at the provider");
    }
    Some(r)
}

/// The bench record, parsed.
pub fn record() -> Json {
    serde_json::from_str(RECORD).expect("bench record is JSON")
}

// ---------------------------------------------------------------------------
// Hand-written equivalents (each written from docs/language.md, JumpCloud host functions, not from the VM).

/// `notNullOrEmpty` on JSON: not null, not `""`, not `[]`, not `{}` (missing → null).
fn present(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) => false,
        Some(Json::String(s)) => !s.is_empty(),
        Some(Json::Array(a)) => !a.is_empty(),
        Some(Json::Object(m)) => !m.is_empty(),
        Some(_) => true,
    }
}

/// A field that counts as a value for the `toScim…` functions: not null, not `""`.
fn filled(v: Option<&Json>) -> Option<&Json> {
    match v {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) if s.is_empty() => None,
        other => other,
    }
}

/// A string or number as text (what the `toScim…` functions write).
fn text(v: &Json) -> Json {
    match v {
        Json::Number(n) => Json::String(n.to_string()),
        other => other.clone(),
    }
}

/// Expression 1.
pub fn display_name(u: &Json) -> Json {
    if present(u.get("displayname")) {
        return u["displayname"].clone();
    }
    let first = u.get("firstname").and_then(Json::as_str).unwrap_or("");
    if present(u.get("lastname")) {
        let last = u["lastname"].as_str().unwrap_or("");
        let mut s = String::with_capacity(first.len() + 1 + last.len());
        s.push_str(first);
        s.push(' ');
        s.push_str(last);
        Json::String(s)
    } else {
        u.get("firstname").cloned().unwrap_or(Json::Null)
    }
}

/// `find(list, .type == 'work') ?? first(list)`.
fn work_or_first(list: Option<&Json>) -> Option<&Json> {
    let items = list?.as_array()?;
    items
        .iter()
        .find(|x| x.get("type").and_then(Json::as_str) == Some("work"))
        .or_else(|| items.first())
        .filter(|x| !x.is_null())
}

/// Expression 2.
pub fn addresses(u: &Json) -> Json {
    let Some(a) = work_or_first(u.get("addresses")) else {
        return Json::Null;
    };
    let mut out = Map::new();
    let mut street = String::new();
    for f in ["streetAddress", "extendedAddress", "poBox"] {
        if let Some(v) = filled(a.get(f)) {
            if !street.is_empty() {
                street.push('\n');
            }
            match text(v) {
                Json::String(s) => street.push_str(&s),
                _ => return Json::Null,
            }
        }
    }
    if !street.is_empty() {
        out.insert("streetAddress".into(), Json::String(street));
    }
    for f in ["locality", "region", "postalCode", "country", "formatted"] {
        if let Some(v) = filled(a.get(f)) {
            out.insert(f.into(), v.clone());
        }
    }
    if out.is_empty() {
        return Json::Null;
    }
    let ty = a
        .get("type")
        .and_then(Json::as_str)
        .filter(|t| matches!(*t, "work" | "home"))
        .unwrap_or("other");
    out.insert("type".into(), Json::from(ty));
    out.insert("primary".into(), Json::Bool(true));
    Json::Array(vec![Json::Object(out)])
}

/// Expression 3.
pub fn phone_numbers(u: &Json) -> Json {
    let Some(p) = work_or_first(u.get("phoneNumbers")) else {
        return Json::Null;
    };
    let Some(number) = filled(p.get("number")) else {
        return Json::Null;
    };
    let ty = match p.get("type").and_then(Json::as_str) {
        Some("work") => "work",
        Some("home") => "home",
        Some("mobile" | "work_mobile") => "mobile",
        Some("work_fax" | "fax") => "fax",
        Some("pager") => "pager",
        _ => "other",
    };
    let mut out = Map::new();
    out.insert("value".into(), text(number));
    out.insert("type".into(), Json::from(ty));
    out.insert("primary".into(), Json::Bool(true));
    Json::Array(vec![Json::Object(out)])
}

/// Expression 4 (for a string email, which is what directory users carry).
pub fn emails(u: &Json) -> Json {
    let Some(e) = filled(u.get("email")) else {
        return Json::Null;
    };
    let mut out = Map::new();
    out.insert("value".into(), e.clone());
    out.insert("type".into(), Json::from("work"));
    out.insert("primary".into(), Json::Bool(true));
    Json::Array(vec![Json::Object(out)])
}

/// Expression 5.
pub fn external_id(u: &Json, provider: &Json) -> Json {
    if present(provider.get("externalId")) {
        provider["externalId"].clone()
    } else {
        u.get("id").cloned().unwrap_or(Json::Null)
    }
}

/// The five hand-written functions, in [`JUMPCLOUD`] order.
pub fn hand(i: usize, u: &Json, provider: &Json) -> Json {
    match i {
        0 => display_name(u),
        1 => addresses(u),
        2 => phone_numbers(u),
        3 => emails(u),
        _ => external_id(u, provider),
    }
}

const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// A string-valued field that is written (not null, not `""`; numbers and
/// booleans as text, as docs/mapping.md (How values are written) says for string attributes).
fn direct(u: &Json, key: &str) -> Option<Json> {
    match u.get(key)? {
        Json::Null => None,
        Json::String(s) if s.is_empty() => None,
        Json::String(_) => u.get(key).cloned(),
        Json::Number(n) => Some(Json::String(n.to_string())),
        Json::Bool(b) => Some(Json::String(b.to_string())),
        _ => None,
    }
}

/// `notNullOrEmpty(providerUser.F) ? providerUser.F : 'en-US'`.
fn provider_or_default(p: &Json, key: &str) -> Json {
    if present(p.get(key)) {
        p[key].clone()
    } else {
        Json::from("en-US")
    }
}

fn put(m: &mut Map<String, Json>, key: &str, v: Option<Json>) {
    if let Some(v) = v.filter(|v| !v.is_null() && v.as_str() != Some("")) {
        m.insert(key.into(), v);
    }
}

/// The `namely` export mapping, written by hand: the SCIM User the mapping
/// produces for a user with string fields (the resource only; `apply` also
/// reports each entry's outcome).
pub fn namely(u: &Json, provider: &Json) -> Option<Json> {
    let user_name = direct(u, "email")?;
    let mut out = Map::new();
    out.insert("schemas".into(), Json::Null); // first key, filled in below
    out.insert("userName".into(), user_name);
    put(&mut out, "displayName", Some(display_name(u)));
    put(&mut out, "title", direct(u, "jobTitle"));
    put(&mut out, "userType", direct(u, "employeeType"));
    let mut ent = Map::new();
    put(&mut ent, "organization", direct(u, "company"));
    put(&mut ent, "costCenter", direct(u, "costCenter"));
    put(&mut ent, "department", direct(u, "department"));
    put(&mut ent, "employeeNumber", direct(u, "employeeIdentifier"));
    let has_ent = !ent.is_empty() || direct(u, "managerExternalId").is_some();
    let ent_slot = if has_ent {
        out.insert(ENTERPRISE_URN.into(), Json::Object(ent));
        true
    } else {
        false
    };
    put(&mut out, "addresses", Some(addresses(u)));
    put(
        &mut out,
        "locale",
        Some(provider_or_default(provider, "locale")),
    );
    let mut name = Map::new();
    put(&mut name, "familyName", direct(u, "lastname"));
    put(&mut name, "givenName", direct(u, "firstname"));
    if !name.is_empty() {
        out.insert("name".into(), Json::Object(name));
    }
    put(&mut out, "phoneNumbers", Some(phone_numbers(u)));
    put(&mut out, "emails", Some(emails(u)));
    put(&mut out, "externalId", Some(external_id(u, provider)));
    put(
        &mut out,
        "preferredLanguage",
        Some(provider_or_default(provider, "preferredLanguage")),
    );
    if let Some(m) = direct(u, "managerExternalId") {
        if let Some(Json::Object(e)) = out.get_mut(ENTERPRISE_URN) {
            let mut mgr = Map::new();
            mgr.insert("value".into(), m);
            e.insert("manager".into(), Json::Object(mgr));
        }
    }
    let mut schemas = vec![Json::from(USER_URN)];
    if ent_slot {
        schemas.push(Json::from(ENTERPRISE_URN));
    }
    out.insert("schemas".into(), Json::Array(schemas));
    Some(Json::Object(out))
}

/// The records the checks run on: the bench record and generated users, which
/// cover missing display names, no addresses, several or no phones.
pub fn check_records() -> Vec<Json> {
    let mut rng = crate::gen_users::Rng::new(42);
    let mut v = vec![record()];
    v.extend((0..200).map(|i| crate::gen_users::user(&mut rng, i)));
    v
}

/// Asserts that the hand-written baselines compute what the interpreter
/// computes, byte for byte, on the bench record and 200 generated users.
pub fn check_baselines() {
    let provider = provider();
    let settings = settings();
    let programs: Vec<Program> = JUMPCLOUD
        .iter()
        .map(|(_, src)| Program::compile(src).expect("compiles"))
        .collect();
    let mapping = Mapping::builtin("namely").unwrap();
    for u in check_records() {
        for (i, p) in programs.iter().enumerate() {
            let ours = p
                .run_roots(&[("jcUser", &u), ("providerUser", &provider)])
                .map(|v| v.to_json());
            // The article's `find(jcUser.addresses, …)` fails on a user with no
            // `addresses` field at all (nil is not a list); skip those.
            let Ok(ours) = ours else { continue };
            assert_eq!(
                ours.to_string(),
                hand(i, &u, &provider).to_string(),
                "expression {} disagrees on {u}",
                i + 1
            );
        }
        let input = ApplyInput {
            jc_user: &u,
            provider_user: &provider,
            settings: &settings,
            jc_group: &json!({}),
        };
        let ours = mapping.apply(&input).resource;
        assert_eq!(
            ours.map(|r| r.to_string()),
            namely(&u, &provider).map(|r| r.to_string()),
            "namely mapping disagrees on {u}"
        );
    }
}
