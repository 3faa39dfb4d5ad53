//! The shipped connector tables (docs/connectors.md) against the vendor articles
//! they come from (`../shared/reference/*.txt`): per connector, the article's
//! attribute table, row by row, applied to directory users with every field
//! set, with fields missing (key absent) and with fields empty (`""`, `[]`, as
//! JumpCloud's API exports unset values), and for the import table to users as
//! Namely's SCIM API sends them.
//!
//! Each expectation is a whole resource (or directory record) written by hand
//! from the article row quoted above it and the host-function rules of
//! docs/language.md, JumpCloud host functions (`toScimEmails`, `toScimAddresses`, `toScimPhoneNumbers`),
//! together with the exact list of targets that come out omitted. Where a shipped
//! table departs from its article, the comment says so (the document's
//! `description` gives the reason).

use scimexpr::mapping::{ApplyInput, Mapping, Outcome};
use serde_json::{json, Value as Json};

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

fn builtin(name: &str) -> Mapping {
    Mapping::builtin(name).unwrap_or_else(|e| {
        panic!(
            "{name}: {}",
            e.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn export(name: &str, user: &Json, provider: &Json) -> Outcome {
    let empty = json!({});
    builtin(name).apply(&ApplyInput {
        jc_user: user,
        provider_user: provider,
        settings: &empty,
        jc_group: &empty,
    })
}

fn import(provider: &Json, settings: &Json) -> Outcome {
    let empty = json!({});
    builtin("namely-import").apply(&ApplyInput {
        jc_user: &empty,
        provider_user: provider,
        settings,
        jc_group: &empty,
    })
}

fn group(record: &Json) -> Outcome {
    let empty = json!({});
    builtin("interact-groups").apply(&ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &empty,
        jc_group: record,
    })
}

/// The record went out clean, as `resource`, with exactly `omitted` omitted
/// (in document order).
#[track_caller]
fn expect(out: &Outcome, resource: Json, omitted: &[&str]) {
    assert!(out.errors.is_empty(), "errors: {:?}", out.errors);
    assert!(out.failed.is_none(), "failed: {:?}", out.failed);
    assert!(out.cleared.is_empty(), "cleared: {:?}", out.cleared);
    assert_eq!(out.resource.as_ref(), Some(&resource));
    assert_eq!(out.omitted, omitted);
}

/// The record failed on the required `target`.
#[track_caller]
fn expect_failed(out: &Outcome, target: &str) {
    assert!(out.resource.is_none(), "{:?}", out.resource);
    let failed = out.failed.as_ref().expect("a failed record");
    assert_eq!(failed.target, target);
    assert!(failed.message.contains(target), "{}", failed.message);
}

fn ent(attr: &str) -> String {
    format!("{ENT}:{attr}")
}

/// `targets` (a table's targets in document order) minus the `written` ones,
/// enterprise attributes by their URN-qualified name: what comes out omitted.
fn omitted_of(targets: &[&str], written: &[&str]) -> Vec<String> {
    targets
        .iter()
        .filter(|t| !written.contains(t))
        .map(|t| match *t {
            "organization" | "costCenter" | "department" | "employeeNumber" | "manager.value" => {
                ent(t)
            }
            t => t.to_string(),
        })
        .collect()
}

#[track_caller]
fn expect_written(out: &Outcome, targets: &[&str], resource: Json, written: &[&str]) {
    let omitted = omitted_of(targets, written);
    let omitted: Vec<&str> = omitted.iter().map(String::as_str).collect();
    expect(out, resource, &omitted);
}

// ---------------------------------------------------------------------------
// Directory users (docs/mapping.md, The directory user)
// ---------------------------------------------------------------------------

/// Every directory field set. The home address comes first and the work phone
/// second, so "the work one" and "the first one" differ.
fn full_user() -> Json {
    json!({
        "id": "5f00000000000000000000a1",
        "username": "ada.lovelace",
        "email": "ada.lovelace@example.com",
        "firstname": "Ada",
        "middlename": "Augusta",
        "lastname": "Lovelace",
        "displayname": "Ada, Countess of Lovelace",
        "jobTitle": "Principal Engineer",
        "employeeIdentifier": "E-1001",
        "employeeType": "Full-time",
        "department": "Engineering",
        "costCenter": "CC-410",
        "company": "Analytical Engines Ltd",
        "location": "London",
        "description": "Founding engineer",
        "alternateEmail": "ada@lovelace.org",
        "state": "ACTIVATED",
        "suspended": false,
        "activated": true,
        "created": "2021-03-04T09:15:00Z",
        "manager": "5f00000000000000000000a2",
        "managerExternalId": "namely-7a1c",
        "locale": "en-GB",
        "preferredLanguage": "en",
        "addresses": [
            {"type": "home", "streetAddress": "5 Marylebone Rd", "extendedAddress": "Flat 2",
             "poBox": "PO Box 5", "locality": "London", "region": "Greater London",
             "postalCode": "NW1 5LR", "country": "GB"},
            {"type": "work", "streetAddress": "12 St James's Square", "extendedAddress": "Floor 3",
             "poBox": "PO Box 7", "locality": "Westminster", "region": "Greater London",
             "postalCode": "SW1Y 4JH", "country": "GB"}
        ],
        "phoneNumbers": [
            {"type": "mobile", "number": "+44 7700 900001"},
            {"type": "work", "number": "+44 20 7946 0001"},
            {"type": "work_fax", "number": "+44 20 7946 0009"}
        ],
        "attributes": [{"name": "badge", "value": "B-77"}]
    })
}

/// Only what a record must carry for the export tables' required userName
/// (email for namely, username for the others); every other key absent.
fn missing_user() -> Json {
    json!({"id": "5f00000000000000000000a5", "username": "prince", "email": "prince@example.com"})
}

/// JumpCloud's API shape for a user with nothing set: unset strings `""`,
/// unset lists `[]`.
fn empty_user() -> Json {
    json!({
        "id": "5f00000000000000000000a3",
        "username": "grace.hopper",
        "email": "grace.hopper@example.com",
        "firstname": "", "middlename": "", "lastname": "", "displayname": "",
        "jobTitle": "", "employeeIdentifier": "", "employeeType": "", "department": "",
        "costCenter": "", "company": "", "location": "", "description": "", "alternateEmail": "",
        "state": "", "suspended": false, "activated": false, "created": "",
        "manager": "", "managerExternalId": "", "locale": "", "preferredLanguage": "",
        "addresses": [], "phoneNumbers": [], "attributes": []
    })
}

/// Lists whose elements hold empty values: a work address with every field
/// `""` before a home address, a work phone with number `""` before a home
/// phone; one name set, the other `""`.
fn empty_inside_user() -> Json {
    json!({
        "id": "5f00000000000000000000a4",
        "username": "alan.turing",
        "email": "alan.turing@example.com",
        "firstname": "Alan", "lastname": "", "displayname": "",
        "state": "ACTIVATED", "suspended": false,
        "addresses": [
            {"type": "work", "streetAddress": "", "extendedAddress": "", "poBox": "",
             "locality": "", "region": "", "postalCode": "", "country": ""},
            {"type": "home", "streetAddress": "", "extendedAddress": "", "poBox": "",
             "locality": "Wilmslow", "region": "", "postalCode": "SK9 1AA", "country": "GB"}
        ],
        "phoneNumbers": [
            {"type": "work", "number": ""},
            {"type": "home", "number": "+44 1625 000000"}
        ]
    })
}

/// No work address and no work phone: the first address has an empty type,
/// only a PO box for its street; the first phone is a work mobile.
fn no_work_user() -> Json {
    json!({
        "id": "5f00000000000000000000a6",
        "username": "sam.rivera",
        "email": "sam.rivera@example.com",
        "addresses": [
            {"type": "", "streetAddress": "", "poBox": "PO Box 42", "locality": "Austin",
             "region": "TX", "postalCode": "78701", "country": "US"},
            {"type": "home", "locality": "Round Rock"}
        ],
        "phoneNumbers": [
            {"type": "work_mobile", "number": "+1 512 555 0177"},
            {"type": "home", "number": "+1 512 555 0178"}
        ]
    })
}

/// A record with nothing but its id.
fn bare_user() -> Json {
    json!({"id": "5f00000000000000000000a7"})
}

// ---------------------------------------------------------------------------
// namely (namely-integration-2026.txt, "Namely User Attributes": JumpCloud
// Attribute / SCIM Attribute)
// ---------------------------------------------------------------------------

/// Every target of the namely table, in document order.
const NAMELY_TARGETS: [&str; 17] = [
    "userName",
    "displayName",
    "title",
    "userType",
    "organization",
    "costCenter",
    "department",
    "employeeNumber",
    "addresses",
    "locale",
    "name.familyName",
    "name.givenName",
    "phoneNumbers",
    "emails",
    "externalId",
    "preferredLanguage",
    "manager.value",
];

#[track_caller]
fn expect_namely(out: &Outcome, resource: Json, written: &[&str]) {
    expect_written(out, &NAMELY_TARGETS, resource, written);
}

#[test]
fn namely_full_user_new_at_provider() {
    let out = export("namely", &full_user(), &json!({}));
    expect_namely(
        &out,
        json!({
            "schemas": [CORE, ENT],
            // "Required Mappings: email → userName"
            "userName": "ada.lovelace@example.com",
            // "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (…) → displayName":
            // the displayname is set.
            "displayName": "Ada, Countess of Lovelace",
            // "jobTitle → title"
            "title": "Principal Engineer",
            // "employeeType → userType"
            "userType": "Full-time",
            ENT: {
                // "company → $enterpriseUser.organization"
                "organization": "Analytical Engines Ltd",
                // "costCenter → $enterpriseUser.costCenter"
                "costCenter": "CC-410",
                // "department → $enterpriseUser.department"
                "department": "Engineering",
                // "employeeIdentifier → $enterpriseUser.employeeNumber"
                "employeeNumber": "E-1001",
                // "managerExternalId → $enterpriseUser.manager.value"
                "manager": {"value": "namely-7a1c"}
            },
            // "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))
            //  → addresses": the work address (the second), streetAddress, extendedAddress
            // and poBox joined by "\n", primary.
            "addresses": [{
                "streetAddress": "12 St James's Square\nFloor 3\nPO Box 7",
                "locality": "Westminster", "region": "Greater London", "postalCode": "SW1Y 4JH",
                "country": "GB", "type": "work", "primary": true
            }],
            // "notNullOrEmpty(providerUser.locale) ? providerUser.locale : 'en-US' → locale":
            // the provider has none (a new user); the directory's own locale is not read.
            "locale": "en-US",
            "name": {
                // "lastname → name.familyName"
                "familyName": "Lovelace",
                // "firstname → name.givenName"
                "givenName": "Ada"
            },
            // "toScimPhoneNumbers(find(jcUser.phoneNumbers, .type == 'work') ?? first(jcUser.phoneNumbers))
            //  → phoneNumbers": the work phone only.
            "phoneNumbers": [{"value": "+44 20 7946 0001", "type": "work", "primary": true}],
            // "toScimEmails(jcUser.email) → emails"
            "emails": [{"value": "ada.lovelace@example.com", "type": "work", "primary": true}],
            // "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id → externalId"
            "externalId": "5f00000000000000000000a1",
            // "notNullOrEmpty(providerUser.preferredLanguage) ? providerUser.preferredLanguage : 'en-US'
            //  → preferredLanguage"
            "preferredLanguage": "en-US"
        }),
        &NAMELY_TARGETS,
    );
}

#[test]
fn namely_provider_values_win_unless_empty() {
    // "notNullOrEmpty(providerUser.locale) ? providerUser.locale : 'en-US' → locale",
    // "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id → externalId",
    // "notNullOrEmpty(providerUser.preferredLanguage) ? providerUser.preferredLanguage : 'en-US'
    //  → preferredLanguage"
    let provider = json!({
        "schemas": [CORE], "id": "nm-1", "userName": "prince@example.com",
        "locale": "fr-FR", "externalId": "nm-ext-1", "preferredLanguage": "fr"
    });
    let out = export("namely", &missing_user(), &provider);
    expect_namely(
        &out,
        json!({
            "schemas": [CORE],
            "userName": "prince@example.com",
            "locale": "fr-FR",
            "emails": [{"value": "prince@example.com", "type": "work", "primary": true}],
            "externalId": "nm-ext-1",
            "preferredLanguage": "fr"
        }),
        &[
            "userName",
            "locale",
            "emails",
            "externalId",
            "preferredLanguage",
        ],
    );
    // Empty provider values are "no value": the defaults apply.
    let provider = json!({"id": "nm-1", "locale": "", "externalId": "", "preferredLanguage": ""});
    let out = export("namely", &missing_user(), &provider);
    expect_namely(
        &out,
        json!({
            "schemas": [CORE],
            "userName": "prince@example.com",
            "locale": "en-US",
            "emails": [{"value": "prince@example.com", "type": "work", "primary": true}],
            "externalId": "5f00000000000000000000a5",
            "preferredLanguage": "en-US"
        }),
        &[
            "userName",
            "locale",
            "emails",
            "externalId",
            "preferredLanguage",
        ],
    );
}

#[test]
fn namely_missing_and_empty_fields_send_nothing() {
    // Every direct row ("jobTitle → title", "company → $enterpriseUser.organization", …)
    // reads an absent key or "": nothing is written. The addresses and phoneNumbers rows
    // find nothing in a missing or empty list: toScim…(nil) is nil. displayName: no
    // displayname, no names: nothing. The provider rows give their defaults.
    for (user, email, id) in [
        (
            missing_user(),
            "prince@example.com",
            "5f00000000000000000000a5",
        ),
        (
            empty_user(),
            "grace.hopper@example.com",
            "5f00000000000000000000a3",
        ),
    ] {
        let out = export("namely", &user, &json!({}));
        expect_namely(
            &out,
            json!({
                "schemas": [CORE],
                "userName": email,
                "locale": "en-US",
                "emails": [{"value": email, "type": "work", "primary": true}],
                "externalId": id,
                "preferredLanguage": "en-US"
            }),
            &[
                "userName",
                "locale",
                "emails",
                "externalId",
                "preferredLanguage",
            ],
        );
    }
}

#[test]
fn namely_empty_values_inside_lists() {
    let out = export("namely", &empty_inside_user(), &json!({}));
    expect_namely(
        &out,
        json!({
            "schemas": [CORE],
            "userName": "alan.turing@example.com",
            // displayName: displayname "", lastname "" → the firstname alone.
            "displayName": "Alan",
            // addresses: find(…, .type == 'work') finds the work address, every field of
            // which is "": toScimAddresses drops it (nothing left but its type) → nil.
            // The home address is not a fallback: `??` only replaces nil.
            "locale": "en-US",
            // "firstname → name.givenName"; "lastname → name.familyName" is "": omitted.
            "name": {"givenName": "Alan"},
            // phoneNumbers: the work phone's number is "": dropped → nil.
            "emails": [{"value": "alan.turing@example.com", "type": "work", "primary": true}],
            "externalId": "5f00000000000000000000a4",
            "preferredLanguage": "en-US"
        }),
        &[
            "userName",
            "displayName",
            "locale",
            "name.givenName",
            "emails",
            "externalId",
            "preferredLanguage",
        ],
    );
}

#[test]
fn namely_without_work_address_or_phone_sends_the_first() {
    let out = export("namely", &no_work_user(), &json!({}));
    expect_namely(
        &out,
        json!({
            "schemas": [CORE],
            "userName": "sam.rivera@example.com",
            // "… ?? first(jcUser.addresses)": the first address; its street is the PO
            // box alone; an empty type becomes `other`.
            "addresses": [{"streetAddress": "PO Box 42", "locality": "Austin", "region": "TX",
                           "postalCode": "78701", "country": "US", "type": "other", "primary": true}],
            "locale": "en-US",
            // "… ?? first(jcUser.phoneNumbers)": the work mobile, SCIM type `mobile`.
            "phoneNumbers": [{"value": "+1 512 555 0177", "type": "mobile", "primary": true}],
            "emails": [{"value": "sam.rivera@example.com", "type": "work", "primary": true}],
            "externalId": "5f00000000000000000000a6",
            "preferredLanguage": "en-US"
        }),
        &[
            "userName",
            "addresses",
            "locale",
            "phoneNumbers",
            "emails",
            "externalId",
            "preferredLanguage",
        ],
    );
}

#[test]
fn namely_display_name_from_names() {
    // "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname)
    //  ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname) → displayName"
    // The shipped table joins the non-empty names by one space instead (its description):
    // the article's expression fails for a lastname without a firstname key and sends
    // " Lovelace" for an empty firstname.
    let cases: [(Json, Option<&str>); 8] = [
        (
            json!({"firstname": "Ada", "lastname": "Lovelace"}),
            Some("Ada Lovelace"),
        ),
        (
            json!({"displayname": "", "firstname": "Ada", "lastname": "Lovelace"}),
            Some("Ada Lovelace"),
        ),
        (
            json!({"displayname": "Countess", "firstname": "Ada", "lastname": "Lovelace"}),
            Some("Countess"),
        ),
        (json!({"lastname": "Lovelace"}), Some("Lovelace")),
        (
            json!({"firstname": "", "lastname": "Lovelace"}),
            Some("Lovelace"),
        ),
        (json!({"firstname": "Ada"}), Some("Ada")),
        (json!({"firstname": "Ada", "lastname": ""}), Some("Ada")),
        (
            json!({"displayname": "", "firstname": "", "lastname": ""}),
            None,
        ),
    ];
    for (names, display) in cases {
        let mut user = json!({"id": "u1", "email": "ada@example.com"});
        for (k, v) in names.as_object().unwrap() {
            user[k] = v.clone();
        }
        let mut want = json!({
            "schemas": [CORE],
            "userName": "ada@example.com",
            "locale": "en-US",
            "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
            "externalId": "u1",
            "preferredLanguage": "en-US"
        });
        let mut written = vec![
            "userName",
            "locale",
            "emails",
            "externalId",
            "preferredLanguage",
        ];
        if let Some(d) = display {
            want["displayName"] = json!(d);
            written.push("displayName");
        }
        // "lastname → name.familyName", "firstname → name.givenName"
        let mut name = serde_json::Map::new();
        for (field, target, key) in [
            ("lastname", "name.familyName", "familyName"),
            ("firstname", "name.givenName", "givenName"),
        ] {
            if let Some(v) = user[field].as_str().filter(|s| !s.is_empty()) {
                name.insert(key.to_string(), json!(v));
                written.push(target);
            }
        }
        if !name.is_empty() {
            want["name"] = Json::Object(name);
        }
        let out = export("namely", &user, &json!({}));
        expect_namely(&out, want, &written);
    }
}

#[test]
fn namely_requires_an_email() {
    // "Required Mappings: email → userName"
    expect_failed(&export("namely", &bare_user(), &json!({})), "userName");
    let mut user = empty_user();
    user["email"] = json!("");
    expect_failed(&export("namely", &user, &json!({})), "userName");
}

// ---------------------------------------------------------------------------
// namely-import (namely-integration.txt, "Namely User Attributes": SCIM Attribute /
// JumpCloud Attribute / JumpCloud UI Value / Notes)
// ---------------------------------------------------------------------------

/// Every target of the import table, in document order.
const IMPORT_TARGETS: [&str; 15] = [
    "username",
    "email",
    "firstname",
    "middlename",
    "lastname",
    "displayname",
    "addresses",
    "phoneNumbers",
    "state",
    "employeeType",
    "jobTitle",
    "employeeIdentifier",
    "company",
    "department",
    "costCenter",
];

#[track_caller]
fn expect_import(out: &Outcome, record: Json) {
    let written: Vec<&str> = record
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let omitted: Vec<&str> = IMPORT_TARGETS
        .iter()
        .copied()
        .filter(|t| !written.contains(t))
        .collect();
    expect(out, record, &omitted);
}

/// A user as Namely's SCIM API (`/api/scim/v2/Users`) returns it: core and
/// enterprise schemas, the work email primary, the work phone typed
/// `business`, `meta`.
fn namely_user(active: bool) -> Json {
    json!({
        "schemas": [CORE, ENT],
        "id": "2f5c1e0a-7b1d-4c8e-9a51-0d3e7f6b2a10",
        "externalId": "5f00000000000000000000b1",
        "userName": "toni.mint@example.com",
        "name": {"givenName": "Toni", "middleName": "Quinn", "familyName": "Mint",
                 "formatted": "Toni Quinn Mint"},
        "displayName": "Toni Mint",
        "title": "Head Chef",
        "userType": "Employee",
        "active": active,
        "emails": [
            {"value": "toni@home.example", "type": "home"},
            {"value": "toni.mint@example.com", "type": "work", "primary": true}
        ],
        "phoneNumbers": [
            {"value": "+1 917 555 0101", "type": "mobile"},
            {"value": "+1 212 555 0100", "type": "business", "primary": true}
        ],
        "addresses": [
            {"type": "home", "streetAddress": "2 Side St", "locality": "Hoboken", "region": "NJ",
             "postalCode": "07030", "country": "US"},
            {"type": "work", "streetAddress": "1 Main St", "locality": "New York", "region": "NY",
             "postalCode": "10001", "country": "US", "formatted": "1 Main St\nNew York, NY 10001",
             "primary": true}
        ],
        ENT: {"employeeNumber": "77", "organization": "Mint Co", "department": "Kitchen",
              "costCenter": "K1", "manager": {"value": "3a9d", "displayName": "Pat Boss"}},
        "meta": {"resourceType": "User", "created": "2024-01-02T03:04:05Z",
                 "lastModified": "2026-05-06T07:08:09Z",
                 "location": "https://acme.namely.com/api/scim/v2/Users/2f5c1e0a-7b1d-4c8e-9a51-0d3e7f6b2a10"}
    })
}

#[test]
fn namely_import_full_user() {
    let out = import(
        &namely_user(true),
        &json!({"defaultUserState": "ACTIVATED"}),
    );
    expect_import(
        &out,
        json!({
            // "userName | email | Username | The '@.domain.com' are stripped from the email
            //  address to create the username"
            "username": "toni.mint",
            // "emails.work | email | Company Email"
            "email": "toni.mint@example.com",
            // "name.givenName | firstname | First Name"
            "firstname": "Toni",
            // "name.middleName | middlename | Middle Name"
            "middlename": "Quinn",
            // "name.familyName | lastname | Last Name"
            "lastname": "Mint",
            // "displayName | displayname | Display Name | If Display Name isn't populated, we
            //  use 'First Name' + 'Last Name'." — it is populated.
            "displayname": "Toni Mint",
            // "addresses.type | addresses: type[=work] | Work Address"
            // "addressed.streetAddress | addresses: streetAddress | Work Street Address"
            // "addresses.locality | addresses: locality | Work City"
            // "addresses.region | addresses: postalCode | Work State" (a typo: region → region)
            // "addresses.postalCode | addresses: postalCode | Work Postal Code"
            // "addresses.country | addresses: country | Work Country"
            // The work address only; formatted and primary have no directory field.
            "addresses": [{"type": "work", "streetAddress": "1 Main St", "locality": "New York",
                           "region": "NY", "postalCode": "10001", "country": "US"}],
            // "phoneNumbers.[obj] | phoneNumbers: type [=work phone 'business'] phoneNumbers:
            //  number | Work Phone": Namely's business phone, as the directory's work phone.
            "phoneNumbers": [{"type": "work", "number": "+1 212 555 0100"}],
            // "active:true | state | User State | User state value will be either 'Staged' or
            //  'Active' based on the value set for … Default User State for User Creation."
            "state": "ACTIVATED",
            // "userType | employeeType | Employee Type"
            "employeeType": "Employee",
            // "title | jobTitle | Job Title"
            "jobTitle": "Head Chef",
            // "employeeNumber | employeeIdentifier | Employee ID"
            "employeeIdentifier": "77",
            // "organization | company | Company"
            "company": "Mint Co",
            // "department | department | Department"
            "department": "Kitchen",
            // "costcenter | costCenter | Cost Center"
            "costCenter": "K1"
        }),
    );
}

#[test]
fn namely_import_state() {
    let base = |state: &str| {
        json!({
            "username": "toni.mint", "email": "toni.mint@example.com",
            "firstname": "Toni", "middlename": "Quinn", "lastname": "Mint", "displayname": "Toni Mint",
            "addresses": [{"type": "work", "streetAddress": "1 Main St", "locality": "New York",
                           "region": "NY", "postalCode": "10001", "country": "US"}],
            "phoneNumbers": [{"type": "work", "number": "+1 212 555 0100"}],
            "state": state,
            "employeeType": "Employee", "jobTitle": "Head Chef", "employeeIdentifier": "77",
            "company": "Mint Co", "department": "Kitchen", "costCenter": "K1"
        })
    };
    // "active:true | state | User State | … either 'Staged' or 'Active' based on … Default
    //  User State for User Creation."
    let out = import(&namely_user(true), &json!({"defaultUserState": "STAGED"}));
    expect_import(&out, base("STAGED"));
    // "active:false | state | User State | User state will be set to suspended."
    for setting in ["STAGED", "ACTIVATED"] {
        let out = import(&namely_user(false), &json!({"defaultUserState": setting}));
        expect_import(&out, base("SUSPENDED"));
    }
    // No active key: not false, so the default state.
    let mut user = namely_user(true);
    user.as_object_mut().unwrap().remove("active");
    let out = import(&user, &json!({"defaultUserState": "STAGED"}));
    expect_import(&out, base("STAGED"));
}

#[test]
fn namely_import_empty_work_email_falls_back() {
    // "emails.work | email | Company Email": a work email whose value is "" is no value;
    // the first email with a value comes next (it need not be of type work) …
    let user = json!({
        "userName": "toni.mint@example.com",
        "emails": [{"value": "", "type": "work", "primary": true},
                   {"value": "", "type": "other"},
                   {"value": "toni@home.example", "type": "home"}]
    });
    let out = import(&user, &json!({"defaultUserState": "STAGED"}));
    expect_import(
        &out,
        json!({"username": "toni.mint", "email": "toni@home.example", "state": "STAGED"}),
    );
    // … a later work email with a value before any other …
    let user = json!({
        "userName": "toni.mint@example.com",
        "emails": [{"value": "", "type": "work"},
                   {"value": "toni@home.example", "type": "home"},
                   {"value": "toni.mint@example.com", "type": "work"}]
    });
    let out = import(&user, &json!({"defaultUserState": "STAGED"}));
    expect_import(
        &out,
        json!({"username": "toni.mint", "email": "toni.mint@example.com", "state": "STAGED"}),
    );
    // … and userName when no email has a value.
    for emails in [
        json!([{"value": "", "type": "work"}]),
        json!([]),
        Json::Null,
    ] {
        let mut user = json!({"userName": "toni.mint@example.com"});
        if !emails.is_null() {
            user["emails"] = emails;
        }
        let out = import(&user, &json!({"defaultUserState": "STAGED"}));
        expect_import(
            &out,
            json!({"username": "toni.mint", "email": "toni.mint@example.com", "state": "STAGED"}),
        );
    }
}

#[test]
fn namely_import_work_and_business_phones() {
    // "phoneNumbers.[obj] | phoneNumbers: type [=work phone 'business'] phoneNumbers: number |
    //  Work Phone": phones of type work and of type business, in order, each the directory
    // type work; other types and phones without a number are left out.
    let user = json!({
        "userName": "toni.mint@example.com",
        "phoneNumbers": [
            {"value": "+1 917 555 0101", "type": "mobile"},
            {"value": "+1 212 555 0100", "type": "business"},
            {"value": "", "type": "work"},
            {"value": "+1 212 555 0199", "type": "fax"},
            {"value": "+1 212 555 0102", "type": "work"},
            {"type": "business"}
        ]
    });
    let out = import(&user, &json!({"defaultUserState": "STAGED"}));
    expect_import(
        &out,
        json!({
            "username": "toni.mint", "email": "toni.mint@example.com",
            "phoneNumbers": [{"type": "work", "number": "+1 212 555 0100"},
                             {"type": "work", "number": "+1 212 555 0102"}],
            "state": "STAGED"
        }),
    );
    // Only other phones, or none: nothing.
    for phones in [
        json!([{"value": "+1 917 555 0101", "type": "mobile"}, {"value": "", "type": "business"}]),
        json!([]),
    ] {
        let user = json!({"userName": "toni.mint@example.com", "phoneNumbers": phones});
        let out = import(&user, &json!({"defaultUserState": "STAGED"}));
        expect_import(
            &out,
            json!({"username": "toni.mint", "email": "toni.mint@example.com", "state": "STAGED"}),
        );
    }
}

#[test]
fn namely_import_work_address_needs_a_value() {
    // "addresses.type | addresses: type[=work] | Work Address" and the rows after it: a work
    // address none of whose fields has a value is not imported (it would be a directory
    // address holding only its type); one with any of them is, with the empty ones dropped.
    let user = json!({
        "userName": "toni.mint@example.com",
        "addresses": [
            {"type": "work"},
            {"type": "work", "streetAddress": "", "locality": "", "region": "", "postalCode": "",
             "country": "", "primary": true},
            {"type": "home", "locality": "Hoboken"},
            {"type": "work", "streetAddress": "", "locality": "", "region": "", "postalCode": "",
             "country": "US"}
        ]
    });
    let out = import(&user, &json!({"defaultUserState": "STAGED"}));
    expect_import(
        &out,
        json!({
            "username": "toni.mint", "email": "toni.mint@example.com",
            "addresses": [{"type": "work", "country": "US"}],
            "state": "STAGED"
        }),
    );
    // Only type-only work addresses, a home address, or none: nothing.
    for addresses in [
        json!([{"type": "work"}, {"type": "work", "locality": ""}]),
        json!([{"type": "home", "locality": "Hoboken"}]),
        json!([]),
    ] {
        let user = json!({"userName": "toni.mint@example.com", "addresses": addresses});
        let out = import(&user, &json!({"defaultUserState": "STAGED"}));
        expect_import(
            &out,
            json!({"username": "toni.mint", "email": "toni.mint@example.com", "state": "STAGED"}),
        );
    }
}

#[test]
fn namely_import_display_name_fallback() {
    // "displayName | displayname | Display Name | If Display Name isn't populated, we use
    //  'First Name' + 'Last Name'.": the names that have a value, joined by one space.
    let cases: [(Json, Option<&str>); 7] = [
        (
            json!({"displayName": "", "name": {"givenName": "Toni", "familyName": "Mint"}}),
            Some("Toni Mint"),
        ),
        (
            json!({"name": {"givenName": "Toni", "familyName": "Mint"}}),
            Some("Toni Mint"),
        ),
        (json!({"name": {"familyName": "Mint"}}), Some("Mint")),
        (
            json!({"name": {"givenName": "", "familyName": "Mint"}}),
            Some("Mint"),
        ),
        (json!({"name": {"givenName": "Toni"}}), Some("Toni")),
        (
            json!({"displayName": "", "name": {"givenName": "Toni", "familyName": ""}}),
            Some("Toni"),
        ),
        (
            json!({"displayName": "", "name": {"givenName": "", "familyName": ""}}),
            None,
        ),
    ];
    for (fields, display) in cases {
        let mut user = json!({"userName": "toni.mint@example.com"});
        for (k, v) in fields.as_object().unwrap() {
            user[k] = v.clone();
        }
        let mut want = json!({"username": "toni.mint", "email": "toni.mint@example.com"});
        // "name.givenName | firstname", "name.familyName | lastname"
        for (field, target) in [("givenName", "firstname"), ("familyName", "lastname")] {
            if let Some(v) = user["name"][field].as_str().filter(|s| !s.is_empty()) {
                want[target] = json!(v);
            }
        }
        if let Some(d) = display {
            want["displayname"] = json!(d);
        }
        want["state"] = json!("STAGED");
        let out = import(&user, &json!({"defaultUserState": "STAGED"}));
        expect_import(&out, want);
    }
    // No names at all: nothing.
    let out = import(
        &json!({"userName": "toni.mint@example.com"}),
        &json!({"defaultUserState": "STAGED"}),
    );
    expect_import(
        &out,
        json!({"username": "toni.mint", "email": "toni.mint@example.com", "state": "STAGED"}),
    );
}

#[test]
fn namely_import_empty_values() {
    // A Namely user whose unset values come as "" and []: only the rows with a value write.
    let user = json!({
        "schemas": [CORE, ENT],
        "id": "8c1d",
        "userName": "sky.lark@example.com",
        "name": {"givenName": "Sky", "middleName": "", "familyName": ""},
        "displayName": "",
        "title": "",
        "userType": "",
        "active": true,
        "emails": [{"value": "sky.lark@example.com", "type": "work", "primary": true}],
        "phoneNumbers": [],
        "addresses": [{"type": "work", "streetAddress": "", "locality": "", "region": "",
                       "postalCode": "", "country": ""}],
        ENT: {"employeeNumber": "", "organization": "", "department": "", "costCenter": ""}
    });
    let out = import(&user, &json!({"defaultUserState": "ACTIVATED"}));
    expect_import(
        &out,
        json!({
            "username": "sky.lark",
            "email": "sky.lark@example.com",
            "firstname": "Sky",
            // displayName "": the one name with a value, no stray space.
            "displayname": "Sky",
            "state": "ACTIVATED"
        }),
    );
}

#[test]
fn namely_import_missing_values() {
    // Keys absent: the username row and the email fallback (userName) still write; the
    // state row gives the default; every other row reads nothing.
    let out = import(
        &json!({"userName": "solo@example.com"}),
        &json!({"defaultUserState": "STAGED"}),
    );
    expect_import(
        &out,
        json!({"username": "solo", "email": "solo@example.com", "state": "STAGED"}),
    );
    // Without a Default User State setting the state is omitted (the host supplies it).
    let out = import(&json!({"userName": "solo@example.com"}), &json!({}));
    expect_import(
        &out,
        json!({"username": "solo", "email": "solo@example.com"}),
    );
}

#[test]
fn namely_import_requires_a_user_name() {
    // "userName | email | Username": no userName, no username.
    for user in [
        json!({}),
        json!({"userName": ""}),
        json!({"emails": [{"value": "a@x", "type": "work"}]}),
    ] {
        expect_failed(
            &import(&user, &json!({"defaultUserState": "STAGED"})),
            "username",
        );
    }
}

// ---------------------------------------------------------------------------
// interact (interact-integration.txt, "Interact User Attributes": JumpCloud
// Property | JumpCloud UI Field Name | SCIM v2 Mapping | Interact Software Value)
// ---------------------------------------------------------------------------

const INTERACT_TARGETS: [&str; 16] = [
    "userName",
    "active",
    "userType",
    "emails",
    "externalId",
    "name.givenName",
    "name.familyName",
    "title",
    "preferredLanguage",
    "locale",
    "phoneNumbers[type eq \"work\"].value",
    "department",
    "organization",
    "addresses[type eq \"work\"].streetAddress",
    "addresses[type eq \"work\"].locality",
    "addresses[type eq \"work\"].region",
];

#[test]
fn interact_full_user() {
    let out = export("interact", &full_user(), &json!({}));
    expect_written(
        &out,
        &INTERACT_TARGETS,
        json!({
            "schemas": [CORE, ENT],
            // "username | Username | userName | userName"
            "userName": "ada.lovelace",
            // "active | Status | active | active": not suspended.
            "active": true,
            // "employeeType | employeeType | userType | userType"
            "userType": "Full-time",
            // "| Company Email | emails:value | emails |"
            "emails": [{"value": "ada.lovelace@example.com", "type": "work", "primary": true}],
            // "employeeIdentifier | Employee ID | externalId | externalId"
            "externalId": "E-1001",
            "name": {
                // "firstname | First Name | name.givenName | name.givenName"
                "givenName": "Ada",
                // "lastname | Last Name | name.familyName | name.familyName"
                "familyName": "Lovelace"
            },
            // "jobTitle | Job Title | jobTitle | title" (jobTitle is no SCIM attribute)
            "title": "Principal Engineer",
            // "preferredLanguage | preferredLanguage | preferredLanguage | preferredLanguage":
            // the directory's own field.
            "preferredLanguage": "en",
            // "locale | Locale | locale | Locale": the directory's own field.
            "locale": "en-GB",
            // "phoneNumbers.value | Work Phone | phoneNumbers.value | phoneNumbers.value":
            // the element of type work.
            "phoneNumbers": [{"type": "work", "value": "+44 20 7946 0001"}],
            ENT: {
                // "department | Department | department | department"
                "department": "Engineering",
                // "company | Company | organization | organization"
                "organization": "Analytical Engines Ltd"
            },
            // "location | location | location | location" and "password | password | password |
            //  password": in neither SCIM schema / no directory field: not mapped.
            // "addresses.streetAddress | Work Street Address | addresses.streetAddress | …"
            // "addresses.locality | Work City | addresses.locality | addresses.formatted"
            // "addresses.region | Work State | addresses.region | addresses.region"
            // The work address's own fields (streetAddress alone, not joined).
            "addresses": [{"type": "work", "streetAddress": "12 St James's Square",
                           "locality": "Westminster", "region": "Greater London"}]
        }),
        &INTERACT_TARGETS,
    );
}

#[test]
fn interact_missing_and_empty_fields() {
    // "username | Username | userName", "active | Status | active" (no state, or state "",
    // and not suspended: active) and "Company Email → emails" write; every other row reads
    // an absent key, "" or an empty list.
    for (user, name, email) in [
        (missing_user(), "prince", "prince@example.com"),
        (empty_user(), "grace.hopper", "grace.hopper@example.com"),
    ] {
        let out = export("interact", &user, &json!({}));
        expect_written(
            &out,
            &INTERACT_TARGETS,
            json!({
                "schemas": [CORE],
                "userName": name,
                "active": true,
                "emails": [{"value": email, "type": "work", "primary": true}]
            }),
            &["userName", "active", "emails"],
        );
    }
}

#[test]
fn interact_empty_values_inside_lists() {
    // The work phone's number and the work address's fields are "": nothing is written for
    // them (the home ones are not the work ones).
    let out = export("interact", &empty_inside_user(), &json!({}));
    expect_written(
        &out,
        &INTERACT_TARGETS,
        json!({
            "schemas": [CORE],
            "userName": "alan.turing",
            "active": true,
            "emails": [{"value": "alan.turing@example.com", "type": "work", "primary": true}],
            "name": {"givenName": "Alan"}
        }),
        &["userName", "active", "emails", "name.givenName"],
    );
}

#[test]
fn interact_suspended_users_are_inactive() {
    // "active | Status | active | active" (docs/sync.md, Suspended users: suspension deactivates).
    for (state, suspended, active) in [
        (json!("SUSPENDED"), json!(true), false),
        (json!("SUSPENDED"), Json::Null, false),
        (json!("ACTIVATED"), json!(true), false),
        (json!("STAGED"), json!(false), true),
        (json!("ACTIVATED"), json!(false), true),
    ] {
        let mut user = missing_user();
        user["state"] = state;
        if !suspended.is_null() {
            user["suspended"] = suspended;
        }
        let out = export("interact", &user, &json!({}));
        expect_written(
            &out,
            &INTERACT_TARGETS,
            json!({
                "schemas": [CORE],
                "userName": "prince",
                "active": active,
                "emails": [{"value": "prince@example.com", "type": "work", "primary": true}]
            }),
            &["userName", "active", "emails"],
        );
    }
}

#[test]
fn interact_requires_a_username() {
    // "username | Username | userName | userName"
    expect_failed(&export("interact", &bare_user(), &json!({})), "userName");
}

// ---------------------------------------------------------------------------
// interact-groups (interact-integration.txt, "Group Attributes" and "Group
// Provisioning and Syncing"; docs/groups.md)
// ---------------------------------------------------------------------------

#[test]
fn interact_groups_member_forms() {
    // "name | Name | displayName | Name"; members → members [{value: id}] (docs/groups.md),
    // given as ids, as {id} (JumpCloud's shape) or as {value} (SCIM's shape), in order; an
    // object's non-empty id wins over its value; a number id is written as its string form
    // (docs/mapping.md, How values are written).
    let record = json!({
        "id": "g1", "name": "Engineering", "description": "All engineers",
        "members": ["u1", {"id": "u2", "type": "user"}, {"value": "u3", "display": "Cy"},
                    {"id": "", "value": "u4"}, {"id": "u5", "value": "other"}, {"id": 6}]
    });
    expect(
        &group(&record),
        json!({
            "schemas": [GROUP],
            "displayName": "Engineering",
            "members": [{"value": "u1"}, {"value": "u2"}, {"value": "u3"}, {"value": "u4"},
                        {"value": "u5"}, {"value": "6"}]
        }),
        &[],
    );
    // Each form alone.
    for members in [
        json!(["u1", "u2"]),
        json!([{"id": "u1"}, {"id": "u2"}]),
        json!([{"value": "u1"}, {"value": "u2"}]),
    ] {
        expect(
            &group(&json!({"id": "g1", "name": "Engineering", "members": members})),
            json!({"schemas": [GROUP], "displayName": "Engineering",
                   "members": [{"value": "u1"}, {"value": "u2"}]}),
            &[],
        );
    }
}

#[test]
fn interact_groups_large_group() {
    // Groups may have tens of thousands of members (docs/groups.md).
    let members: Vec<Json> = (0..100_000)
        .map(|i| match i % 3 {
            0 => json!(format!("u{i}")),
            1 => json!({"id": format!("u{i}")}),
            _ => json!({"value": format!("u{i}")}),
        })
        .collect();
    let want: Vec<Json> = (0..100_000)
        .map(|i| json!({"value": format!("u{i}")}))
        .collect();
    expect(
        &group(&json!({"id": "g9", "name": "Everyone", "members": members})),
        json!({"schemas": [GROUP], "displayName": "Everyone", "members": want}),
        &[],
    );
}

#[test]
fn interact_groups_without_members_say_nothing_about_membership() {
    // A group record without a members key says nothing about membership:
    // members are not written, never `members: []` (docs/groups.md).
    for record in [
        json!({"id": "g2", "name": "Ops"}),
        json!({"id": "g2", "name": "Ops", "members": null}),
    ] {
        expect(
            &group(&record),
            json!({"schemas": [GROUP], "displayName": "Ops"}),
            &["members"],
        );
    }
}

#[test]
fn interact_groups_with_an_empty_member_list() {
    // An explicit empty list is information: the group has no members ("Empty groups are
    // not created" is the sync plan's business, not the mapping's).
    expect(
        &group(&json!({"id": "g3", "name": "Nobody", "members": []})),
        json!({"schemas": [GROUP], "displayName": "Nobody", "members": []}),
        &[],
    );
}

#[test]
fn interact_groups_members_without_an_id_are_an_error() {
    // A member that names no user id is not dropped (the plan would remove that user at the
    // provider): the members attribute fails, is reported, and the group goes out without it.
    for (members, index) in [
        (json!(["u1", {}]), 1),
        (json!(["u1", ""]), 1),
        (json!([null]), 0),
        (json!([[]]), 0),
        (json!([{"id": ""}]), 0),
        (json!([{"value": ""}, "u1"]), 0),
        (json!([{"id": "", "value": ""}]), 0),
        (json!(["u1", "u2", true]), 2),
        (json!([{"id": false}]), 0),
    ] {
        let out = group(&json!({"id": "g4", "name": "Ops", "members": members}));
        assert_eq!(
            out.resource,
            Some(json!({"schemas": [GROUP], "displayName": "Ops"}))
        );
        assert!(out.failed.is_none());
        assert_eq!(out.omitted, ["members"]);
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(out.errors[0].target, "members");
        let want = format!("jcGroup.members[{index}] names no user id");
        assert!(
            out.errors[0].message.contains(&want),
            "{}",
            out.errors[0].message
        );
    }
    // An element that is no id and no {id}/{value} object, or an id that is no scalar: the
    // schema's type check of members.value fails the attribute.
    for members in [
        json!(["u1", {"name": "Ada"}]),
        json!([["u1"]]),
        json!([{"id": {"oid": "u1"}}]),
    ] {
        let out = group(&json!({"id": "g4", "name": "Ops", "members": members}));
        assert_eq!(
            out.resource,
            Some(json!({"schemas": [GROUP], "displayName": "Ops"}))
        );
        assert_eq!(out.omitted, ["members"]);
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(out.errors[0].target, "members");
        assert!(
            out.errors[0].message.contains("value: expected string"),
            "{}",
            out.errors[0].message
        );
    }
    // members that is not a list at all.
    for members in [json!("u1"), json!({"id": "u1"}), json!(3)] {
        let out = group(&json!({"id": "g5", "name": "Ops", "members": members}));
        assert_eq!(
            out.resource,
            Some(json!({"schemas": [GROUP], "displayName": "Ops"}))
        );
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(out.errors[0].target, "members");
        assert!(
            out.errors[0]
                .message
                .contains("jcGroup.members is not a list"),
            "{}",
            out.errors[0].message
        );
    }
}

#[test]
fn interact_groups_require_a_name() {
    // "name | Name | displayName | Name"
    for record in [
        json!({"id": "g6", "members": ["u1"]}),
        json!({"id": "g6", "name": "", "members": ["u1"]}),
    ] {
        expect_failed(&group(&record), "displayName");
    }
}

// ---------------------------------------------------------------------------
// spaceiq (spaceiq-integration.txt, "SpaceIQ User Attributes": JumpCloud
// Attribute / JumpCloud UI Field Name / SCIM v2 Mapping / SpaceIQ Attribute)
// ---------------------------------------------------------------------------

const SPACEIQ_TARGETS: [&str; 14] = [
    "userName",
    "active",
    "title",
    "emails",
    "name.givenName",
    "name.familyName",
    "name.formatted",
    "phoneNumbers[type eq \"work\"].value",
    "addresses[type eq \"work\"].locality",
    "externalId",
    "costCenter",
    "userType",
    "department",
    "organization",
];

#[test]
fn spaceiq_full_user() {
    let out = export("spaceiq", &full_user(), &json!({}));
    expect_written(
        &out,
        &SPACEIQ_TARGETS,
        json!({
            "schemas": [CORE, ENT],
            // "username | Username | userName | IdP Username"
            "userName": "ada.lovelace",
            // "active | Status | active | active"
            "active": true,
            // "jobTitle | Job Title | job Title | title"
            "title": "Principal Engineer",
            // "email | Company Email | emails: value | Email"
            "emails": [{"value": "ada.lovelace@example.com", "type": "work", "primary": true}],
            "name": {
                // "firstname | First Name | name.givenName | first_name"
                "givenName": "Ada",
                // "lastname | Last Name | name.familyName | last_name"
                "familyName": "Lovelace",
                // "firstname/lastname | First Name/Last Name | name.formatted | name"
                "formatted": "Ada Lovelace"
            },
            // "phoneNumbers.value | Work Phone | phoneNumbers.value | phone"
            "phoneNumbers": [{"type": "work", "value": "+44 20 7946 0001"}],
            // "addresses.locality | Work City | addresses.locality | location"
            "addresses": [{"type": "work", "locality": "Westminster"}],
            // "employeeIdentifier | Employee ID | externalId | external_id"
            "externalId": "E-1001",
            ENT: {
                // "costcenter | CostCenter | costcenter | cost_center"
                "costCenter": "CC-410",
                // "department | Department | Department | department_name"
                "department": "Engineering",
                // "company | Company | organization | department_name" (the SCIM column)
                "organization": "Analytical Engines Ltd"
            },
            // "employeeType | employeeType | userType | employment_type"
            "userType": "Full-time"
        }),
        &SPACEIQ_TARGETS,
    );
}

#[test]
fn spaceiq_missing_and_empty_fields() {
    // name.formatted joins the names that have a value: none, so nothing.
    for (user, name, email) in [
        (missing_user(), "prince", "prince@example.com"),
        (empty_user(), "grace.hopper", "grace.hopper@example.com"),
    ] {
        let out = export("spaceiq", &user, &json!({}));
        expect_written(
            &out,
            &SPACEIQ_TARGETS,
            json!({
                "schemas": [CORE],
                "userName": name,
                "active": true,
                "emails": [{"value": email, "type": "work", "primary": true}]
            }),
            &["userName", "active", "emails"],
        );
    }
}

#[test]
fn spaceiq_empty_values_inside_lists() {
    let out = export("spaceiq", &empty_inside_user(), &json!({}));
    expect_written(
        &out,
        &SPACEIQ_TARGETS,
        json!({
            "schemas": [CORE],
            "userName": "alan.turing",
            "active": true,
            "emails": [{"value": "alan.turing@example.com", "type": "work", "primary": true}],
            // "firstname/lastname | First Name/Last Name | name.formatted | name": the one
            // name with a value, no trailing space.
            "name": {"givenName": "Alan", "formatted": "Alan"}
        }),
        &[
            "userName",
            "active",
            "emails",
            "name.givenName",
            "name.formatted",
        ],
    );
    // Only a lastname (no firstname key).
    let mut user = missing_user();
    user["lastname"] = json!("Turing");
    let out = export("spaceiq", &user, &json!({}));
    expect_written(
        &out,
        &SPACEIQ_TARGETS,
        json!({
            "schemas": [CORE],
            "userName": "prince",
            "active": true,
            "emails": [{"value": "prince@example.com", "type": "work", "primary": true}],
            "name": {"familyName": "Turing", "formatted": "Turing"}
        }),
        &[
            "userName",
            "active",
            "emails",
            "name.familyName",
            "name.formatted",
        ],
    );
}

#[test]
fn spaceiq_suspended_users_are_inactive() {
    // "active | Status | active | active"
    let mut user = missing_user();
    user["state"] = json!("SUSPENDED");
    user["suspended"] = json!(true);
    let out = export("spaceiq", &user, &json!({}));
    expect_written(
        &out,
        &SPACEIQ_TARGETS,
        json!({
            "schemas": [CORE],
            "userName": "prince",
            "active": false,
            "emails": [{"value": "prince@example.com", "type": "work", "primary": true}]
        }),
        &["userName", "active", "emails"],
    );
    expect_failed(&export("spaceiq", &bare_user(), &json!({})), "userName");
}

// ---------------------------------------------------------------------------
// scim (docs/connectors.md: a generic SCIM 2.0 default, what a receiver such as
// Scalekit gets; scalekit-jumpcloud-scim.txt has no attribute table, so the
// rows are the document's own, checked against RFC 7643, docs/language.md (JumpCloud host functions) and docs/sync.md)
// ---------------------------------------------------------------------------

const SCIM_TARGETS: [&str; 17] = [
    "userName",
    "externalId",
    "active",
    "name.givenName",
    "name.middleName",
    "name.familyName",
    "displayName",
    "emails",
    "title",
    "userType",
    "phoneNumbers",
    "addresses",
    "employeeNumber",
    "costCenter",
    "organization",
    "department",
    "manager.value",
];

#[test]
fn scim_full_user() {
    let out = export("scim", &full_user(), &json!({}));
    expect_written(
        &out,
        &SCIM_TARGETS,
        json!({
            "schemas": [CORE, ENT],
            // username → userName (required)
            "userName": "ada.lovelace",
            // id → externalId (the match key of namely and scim, docs/sync.md)
            "externalId": "5f00000000000000000000a1",
            // active unless suspended
            "active": true,
            // firstname, middlename, lastname → name.givenName, name.middleName, name.familyName
            "name": {"givenName": "Ada", "middleName": "Augusta", "familyName": "Lovelace"},
            // displayname, else the non-empty names joined by a space
            "displayName": "Ada, Countess of Lovelace",
            // toScimEmails(jcUser.email) → emails
            "emails": [{"value": "ada.lovelace@example.com", "type": "work", "primary": true}],
            // jobTitle → title; employeeType → userType
            "title": "Principal Engineer",
            "userType": "Full-time",
            // toScimPhoneNumbers(jcUser.phoneNumbers) → phoneNumbers: all of them, in order,
            // work_fax → fax, the first primary.
            "phoneNumbers": [
                {"value": "+44 7700 900001", "type": "mobile", "primary": true},
                {"value": "+44 20 7946 0001", "type": "work"},
                {"value": "+44 20 7946 0009", "type": "fax"}
            ],
            // toScimAddresses(jcUser.addresses) → addresses: all of them, the first primary.
            "addresses": [
                {"streetAddress": "5 Marylebone Rd\nFlat 2\nPO Box 5", "locality": "London",
                 "region": "Greater London", "postalCode": "NW1 5LR", "country": "GB",
                 "type": "home", "primary": true},
                {"streetAddress": "12 St James's Square\nFloor 3\nPO Box 7", "locality": "Westminster",
                 "region": "Greater London", "postalCode": "SW1Y 4JH", "country": "GB", "type": "work"}
            ],
            // employeeIdentifier, costCenter, company, department, managerExternalId → the
            // enterprise extension
            ENT: {"employeeNumber": "E-1001", "costCenter": "CC-410",
                  "organization": "Analytical Engines Ltd", "department": "Engineering",
                  "manager": {"value": "namely-7a1c"}}
        }),
        &SCIM_TARGETS,
    );
}

#[test]
fn scim_missing_and_empty_fields() {
    for (user, name, email, id) in [
        (
            missing_user(),
            "prince",
            "prince@example.com",
            "5f00000000000000000000a5",
        ),
        (
            empty_user(),
            "grace.hopper",
            "grace.hopper@example.com",
            "5f00000000000000000000a3",
        ),
    ] {
        let out = export("scim", &user, &json!({}));
        expect_written(
            &out,
            &SCIM_TARGETS,
            json!({
                "schemas": [CORE],
                "userName": name,
                "externalId": id,
                "active": true,
                "emails": [{"value": email, "type": "work", "primary": true}]
            }),
            &["userName", "externalId", "active", "emails"],
        );
    }
}

#[test]
fn scim_empty_values_inside_lists() {
    let out = export("scim", &empty_inside_user(), &json!({}));
    expect_written(
        &out,
        &SCIM_TARGETS,
        json!({
            "schemas": [CORE],
            "userName": "alan.turing",
            "externalId": "5f00000000000000000000a4",
            "active": true,
            "name": {"givenName": "Alan"},
            "displayName": "Alan",
            "emails": [{"value": "alan.turing@example.com", "type": "work", "primary": true}],
            // the work phone has no number: dropped; the home phone is the first, primary.
            "phoneNumbers": [{"value": "+44 1625 000000", "type": "home", "primary": true}],
            // the work address has nothing but its type: dropped; the home one is primary.
            "addresses": [{"locality": "Wilmslow", "postalCode": "SK9 1AA", "country": "GB",
                           "type": "home", "primary": true}]
        }),
        &[
            "userName",
            "externalId",
            "active",
            "name.givenName",
            "displayName",
            "emails",
            "phoneNumbers",
            "addresses",
        ],
    );
}

#[test]
fn scim_without_work_entries_and_suspended() {
    let mut user = no_work_user();
    user["state"] = json!("SUSPENDED");
    user["suspended"] = json!(true);
    let out = export("scim", &user, &json!({}));
    expect_written(
        &out,
        &SCIM_TARGETS,
        json!({
            "schemas": [CORE],
            "userName": "sam.rivera",
            "externalId": "5f00000000000000000000a6",
            "active": false,
            "emails": [{"value": "sam.rivera@example.com", "type": "work", "primary": true}],
            "phoneNumbers": [
                {"value": "+1 512 555 0177", "type": "mobile", "primary": true},
                {"value": "+1 512 555 0178", "type": "home"}
            ],
            "addresses": [
                {"streetAddress": "PO Box 42", "locality": "Austin", "region": "TX",
                 "postalCode": "78701", "country": "US", "type": "other", "primary": true},
                {"locality": "Round Rock", "type": "home"}
            ]
        }),
        &[
            "userName",
            "externalId",
            "active",
            "emails",
            "phoneNumbers",
            "addresses",
        ],
    );
    expect_failed(&export("scim", &bare_user(), &json!({})), "userName");
}
