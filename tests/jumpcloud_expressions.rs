//! The JumpCloud expressions of the Namely export table (docs/connectors.md, Namely
//! article), run end to end on six user records. Expected values are worked out
//! by hand from docs/language.md (JumpCloud host functions; nil coalescing `??`;
//! nil and errors: `find` on a missing array is a run-time error, `first` of nil is nil).

use scimexpr::{Phase, Program};
use serde_json::{json, Value as Json};

const DISPLAY_NAME: &str = "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)";
const ADDRESSES: &str =
    "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))";
const PHONES: &str =
    "toScimPhoneNumbers(find(jcUser.phoneNumbers, .type == 'work') ?? first(jcUser.phoneNumbers))";
const EMAILS: &str = "toScimEmails(jcUser.email)";
const EXTERNAL_ID: &str =
    "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id";
const LOCALE: &str = "notNullOrEmpty(providerUser.locale) ? providerUser.locale : 'en-US'";

fn home() -> Json {
    json!({"type": "home", "streetAddress": "1 Home St", "extendedAddress": "", "locality": "London", "country": "GB"})
}

fn work() -> Json {
    json!({"type": "work", "streetAddress": "10 Work Rd", "extendedAddress": "Floor 2", "poBox": "",
           "locality": "Cambridge", "region": "Cambs", "postalCode": "CB1 2AB", "country": "GB"})
}

fn full() -> Json {
    json!({
        "id": "5f1a0c", "email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace",
        "displayname": "Countess Ada",
        "addresses": [home(), work()],
        "phoneNumbers": [{"type": "mobile", "number": "+44 7700 900123"}, {"type": "work", "number": "+44 1223 000000"}]
    })
}

fn with(mut user: Json, key: &str, value: Option<Json>) -> Json {
    let obj = user.as_object_mut().unwrap();
    match value {
        Some(v) => {
            obj.insert(key.to_string(), v);
        }
        None => {
            obj.shift_remove(key);
        }
    }
    user
}

fn run(expr: &str, user: &Json, provider: &Json) -> Result<Json, scimexpr::Error> {
    let program = Program::compile(expr).expect("the article's expressions compile");
    program
        .run_roots(&[("jcUser", user), ("providerUser", provider)])
        .map(|v| v.to_json())
}

fn work_address_scim() -> Json {
    json!([{"streetAddress": "10 Work Rd\nFloor 2", "locality": "Cambridge", "region": "Cambs",
            "postalCode": "CB1 2AB", "country": "GB", "type": "work", "primary": true}])
}

fn home_address_scim() -> Json {
    json!([{"streetAddress": "1 Home St", "locality": "London", "country": "GB", "type": "home", "primary": true}])
}

#[test]
fn display_name_falls_back_through_first_and_last_name() {
    let cases = [
        (full(), json!("Countess Ada")),
        (
            with(full(), "displayname", Some(json!(""))),
            json!("Ada Lovelace"),
        ),
        (
            with(with(full(), "displayname", None), "lastname", None),
            json!("Ada"),
        ),
        (
            with(full(), "displayname", Some(json!(null))),
            json!("Ada Lovelace"),
        ),
    ];
    for (user, expected) in cases {
        assert_eq!(
            run(DISPLAY_NAME, &user, &json!({})).unwrap(),
            expected,
            "{user}"
        );
    }
}

#[test]
fn addresses_prefer_work_then_first_then_nothing() {
    let cases = [
        (full(), Some(work_address_scim())),
        (
            with(full(), "addresses", Some(json!([home()]))),
            Some(home_address_scim()),
        ),
        (
            with(full(), "addresses", Some(json!([]))),
            Some(json!(null)),
        ),
        // Only a type: nothing left, so the address is dropped and the result is nil.
        (
            with(full(), "addresses", Some(json!([{"type": "work"}]))),
            Some(json!(null)),
        ),
        // `find` over a missing array is a run-time error in expr (docs/language.md, Nil and errors).
        (with(full(), "addresses", None), None),
    ];
    for (user, expected) in cases {
        let got = run(ADDRESSES, &user, &json!({}));
        match expected {
            Some(v) => assert_eq!(got.unwrap(), v, "{user}"),
            None => {
                let err = got.unwrap_err();
                assert_eq!(err.phase, Phase::Run);
                // The error points at `find`, column 17.
                assert_eq!((err.line, err.col), (1, 17), "{err}");
            }
        }
    }
}

#[test]
fn phone_numbers_prefer_work() {
    let expected = json!([{"value": "+44 1223 000000", "type": "work", "primary": true}]);
    assert_eq!(run(PHONES, &full(), &json!({})).unwrap(), expected);
    let mobile_only = with(
        full(),
        "phoneNumbers",
        Some(json!([{"type": "work_mobile", "number": "555"}])),
    );
    assert_eq!(
        run(PHONES, &mobile_only, &json!({})).unwrap(),
        json!([{"value": "555", "type": "mobile", "primary": true}])
    );
    let empty = with(full(), "phoneNumbers", Some(json!([])));
    assert_eq!(run(PHONES, &empty, &json!({})).unwrap(), json!(null));
}

#[test]
fn emails_wrap_the_primary_address() {
    assert_eq!(
        run(EMAILS, &full(), &json!({})).unwrap(),
        json!([{"value": "ada@example.com", "type": "work", "primary": true}])
    );
    assert_eq!(
        run(EMAILS, &with(full(), "email", None), &json!({})).unwrap(),
        json!(null)
    );
    assert_eq!(
        run(EMAILS, &with(full(), "email", Some(json!(""))), &json!({})).unwrap(),
        json!(null)
    );
}

#[test]
fn provider_values_win_over_directory_defaults() {
    assert_eq!(
        run(EXTERNAL_ID, &full(), &json!({})).unwrap(),
        json!("5f1a0c")
    );
    assert_eq!(
        run(EXTERNAL_ID, &full(), &json!({"externalId": "nm-42"})).unwrap(),
        json!("nm-42")
    );
    assert_eq!(
        run(EXTERNAL_ID, &full(), &json!({"externalId": ""})).unwrap(),
        json!("5f1a0c")
    );
    assert_eq!(run(LOCALE, &full(), &json!({})).unwrap(), json!("en-US"));
    assert_eq!(
        run(LOCALE, &full(), &json!({"locale": "fr-FR"})).unwrap(),
        json!("fr-FR")
    );
}

#[test]
fn a_missing_root_is_nil_but_fetching_through_it_fails() {
    // No providerUser root at all: `providerUser.externalId` fetches from nil.
    let program = Program::compile(EXTERNAL_ID).unwrap();
    let user = full();
    let err = program.run_roots(&[("jcUser", &user)]).unwrap_err();
    assert_eq!(err.phase, Phase::Run);
    assert!(
        err.to_string()
            .starts_with("cannot fetch externalId from <nil> (1:"),
        "{err}"
    );
}
