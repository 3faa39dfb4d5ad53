//! The JumpCloud host functions (docs/language.md, JumpCloud host functions).

use scimexpr::functions::jumpcloud::functions;
use scimexpr::Value;
use serde_json::{json, Value as Json};

/// Calls host function `name` with one JSON argument; the result as JSON
/// (key order preserved) or the error text.
fn call(name: &str, arg: Json) -> Result<Json, String> {
    let fs = functions();
    let f = fs
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no host function {name}"));
    assert_eq!((f.min_args, f.max_args), (1, Some(1)));
    let v = Value::from_json(&arg);
    (f.f)(&[v]).map(|r| r.to_json()).map_err(|e| e.to_string())
}

/// Compares including key order (serde_json's map equality ignores it).
fn same(a: &Json, b: &Json) -> bool {
    serde_json::to_string(a).unwrap() == serde_json::to_string(b).unwrap()
}

fn check(name: &str, rows: &[(Json, Result<Json, &str>)]) {
    let mut failures = Vec::new();
    for (arg, want) in rows {
        let got = call(name, arg.clone());
        let ok = match (&got, want) {
            (Ok(g), Ok(w)) => same(g, w),
            (Err(g), Err(w)) => g == w,
            _ => false,
        };
        if !ok {
            failures.push(format!("{name}({arg}): got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn registers_four_functions() {
    let names: Vec<String> = functions().into_iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "notNullOrEmpty",
            "toScimEmails",
            "toScimAddresses",
            "toScimPhoneNumbers"
        ]
    );
}

#[test]
fn not_null_or_empty() {
    check(
        "notNullOrEmpty",
        &[
            (json!(null), Ok(json!(false))),
            (json!(""), Ok(json!(false))),
            (json!([]), Ok(json!(false))),
            (json!({}), Ok(json!(false))),
            (json!(0), Ok(json!(true))),
            (json!(false), Ok(json!(true))),
            (json!(" "), Ok(json!(true))),
            (json!("a"), Ok(json!(true))),
            (json!([null]), Ok(json!(true))),
            (json!({"a": null}), Ok(json!(true))),
            (json!(0.0), Ok(json!(true))),
        ],
    );
    let fs = functions();
    let f = &fs[0];
    assert!((f.f)(&[]).is_err());
    assert!((f.f)(&[Value::Nil, Value::Nil]).is_err());
}

#[test]
fn emails() {
    check(
        "toScimEmails",
        &[
            (
                json!("a@x.io"),
                Ok(json!([{"value": "a@x.io", "type": "work", "primary": true}])),
            ),
            (json!(""), Ok(json!(null))),
            (json!(null), Ok(json!(null))),
            (json!([]), Ok(json!(null))),
            (json!(["", null]), Ok(json!(null))),
            (
                json!(["a@x.io", "b@x.io"]),
                Ok(json!([
                    {"value": "a@x.io", "type": "work", "primary": true},
                    {"value": "b@x.io", "type": "work"}
                ])),
            ),
            (
                json!(["", "b@x.io"]),
                Ok(json!([{"value": "b@x.io", "type": "work", "primary": true}])),
            ),
            (
                json!([{"value": "a@x.io"}, {"value": "h@x.io", "type": "home", "primary": true}]),
                Ok(json!([
                    {"value": "a@x.io", "type": "work"},
                    {"value": "h@x.io", "type": "home", "primary": true}
                ])),
            ),
            // At most one primary: the first that says so.
            (
                json!([
                    {"value": "a@x.io", "primary": false},
                    {"value": "b@x.io", "primary": true},
                    {"value": "c@x.io", "primary": true}
                ]),
                Ok(json!([
                    {"value": "a@x.io", "type": "work"},
                    {"value": "b@x.io", "type": "work", "primary": true},
                    {"value": "c@x.io", "type": "work"}
                ])),
            ),
            // Dropped elements do not take the primary with them.
            (
                json!([{"value": "", "primary": true}, {"value": "b@x.io", "type": "other"}]),
                Ok(json!([{"value": "b@x.io", "type": "other", "primary": true}])),
            ),
            (json!([{"value": null}, {"type": "work"}]), Ok(json!(null))),
            // Empty type defaults to work; extra keys are not copied.
            (
                json!([{"value": "a@x.io", "type": "", "display": "A"}]),
                Ok(json!([{"value": "a@x.io", "type": "work", "primary": true}])),
            ),
            (
                json!(["a@x.io", {"value": "b@x.io", "type": "home"}]),
                Ok(json!([
                    {"value": "a@x.io", "type": "work", "primary": true},
                    {"value": "b@x.io", "type": "home"}
                ])),
            ),
            (
                json!(5),
                Err("toScimEmails: expected a string or an array of emails, got int"),
            ),
            (
                json!({"value": "a@x.io"}),
                Err("toScimEmails: expected a string or an array of emails, got map"),
            ),
            (
                json!(true),
                Err("toScimEmails: expected a string or an array of emails, got bool"),
            ),
            (
                json!([1]),
                Err("toScimEmails: expected email strings or objects, got int"),
            ),
            (
                json!([["a"]]),
                Err("toScimEmails: expected email strings or objects, got array"),
            ),
            (
                json!([{"value": ["a"]}]),
                Err("toScimEmails: expected string value, got array"),
            ),
        ],
    );
}

#[test]
fn addresses() {
    let full = json!({
        "type": "work",
        "streetAddress": "1 Main St",
        "extendedAddress": "Suite 5",
        "poBox": "PO 9",
        "locality": "Denver",
        "region": "CO",
        "postalCode": "80202",
        "country": "US"
    });
    check(
        "toScimAddresses",
        &[
            (
                full.clone(),
                Ok(json!([{
                    "streetAddress": "1 Main St\nSuite 5\nPO 9",
                    "locality": "Denver",
                    "region": "CO",
                    "postalCode": "80202",
                    "country": "US",
                    "type": "work",
                    "primary": true
                }])),
            ),
            (
                json!([{"type": "home", "streetAddress": "", "extendedAddress": "Apt 2", "locality": "Boulder", "region": null}]),
                Ok(
                    json!([{"streetAddress": "Apt 2", "locality": "Boulder", "type": "home", "primary": true}]),
                ),
            ),
            // Unknown or missing type → other; only the first survivor is primary.
            (
                json!([{"type": "vacation", "locality": "A"}, {"locality": "B"}, {"type": "other", "country": "US"}]),
                Ok(json!([
                    {"locality": "A", "type": "other", "primary": true},
                    {"locality": "B", "type": "other"},
                    {"country": "US", "type": "other"}
                ])),
            ),
            // An address with nothing but its type is dropped.
            (
                json!([{"type": "work", "streetAddress": "", "locality": null}, {"type": "home", "formatted": "X"}]),
                Ok(json!([{"formatted": "X", "type": "home", "primary": true}])),
            ),
            (json!([{"type": "work"}]), Ok(json!(null))),
            (json!({"type": "work"}), Ok(json!(null))),
            (json!(null), Ok(json!(null))),
            (json!([]), Ok(json!(null))),
            (json!([null]), Ok(json!(null))),
            // A numeric postal code is copied as is.
            (
                json!({"postalCode": 80202}),
                Ok(json!([{"postalCode": 80202, "type": "other", "primary": true}])),
            ),
            (
                json!("1 Main St"),
                Err("toScimAddresses: expected an address object or an array of them, got string"),
            ),
            (
                json!(3),
                Err("toScimAddresses: expected an address object or an array of them, got int"),
            ),
            (
                json!(["x"]),
                Err("toScimAddresses: expected address objects, got string"),
            ),
        ],
    );
}

#[test]
fn phone_numbers() {
    check(
        "toScimPhoneNumbers",
        &[
            (json!("555-1234"), Ok(json!([{"value": "555-1234", "type": "work", "primary": true}]))),
            (json!(""), Ok(json!(null))),
            (json!(null), Ok(json!(null))),
            (json!([]), Ok(json!(null))),
            (
                json!({"type": "mobile", "number": "1"}),
                Ok(json!([{"value": "1", "type": "mobile", "primary": true}])),
            ),
            (
                json!([
                    {"type": "work", "number": "1"},
                    {"type": "home", "number": "2"},
                    {"type": "mobile", "number": "3"},
                    {"type": "work_mobile", "number": "4"},
                    {"type": "work_fax", "number": "5"},
                    {"type": "fax", "number": "6"},
                    {"type": "pager", "number": "7"},
                    {"type": "other", "number": "8"},
                    {"type": "satellite", "number": "9"},
                    {"number": "10"}
                ]),
                Ok(json!([
                    {"value": "1", "type": "work", "primary": true},
                    {"value": "2", "type": "home"},
                    {"value": "3", "type": "mobile"},
                    {"value": "4", "type": "mobile"},
                    {"value": "5", "type": "fax"},
                    {"value": "6", "type": "fax"},
                    {"value": "7", "type": "pager"},
                    {"value": "8", "type": "other"},
                    {"value": "9", "type": "other"},
                    {"value": "10", "type": "other"}
                ])),
            ),
            // Elements without a non-empty number are dropped before the primary is chosen.
            (
                json!([{"type": "work", "number": ""}, {"type": "home"}, {"type": "mobile", "number": "3"}]),
                Ok(json!([{"value": "3", "type": "mobile", "primary": true}])),
            ),
            (json!([{"type": "work", "number": null}]), Ok(json!(null))),
            (
                json!(["1", {"type": "home", "number": "2"}]),
                Ok(json!([
                    {"value": "1", "type": "work", "primary": true},
                    {"value": "2", "type": "home"}
                ])),
            ),
            (json!(5), Err("toScimPhoneNumbers: expected a phone object, a string or an array of them, got int")),
            (json!([true]), Err("toScimPhoneNumbers: expected phone objects or strings, got bool")),
        ],
    );
}
