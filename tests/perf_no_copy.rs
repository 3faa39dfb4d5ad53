//! Evaluation reads the record in place (issue 5, "evaluation does not copy
//! the input record"): values read from the record point into it.

use scimexpr::value::{Array, Map, Str};
use scimexpr::{Program, Value};
use serde_json::json;

#[test]
fn values_read_from_the_record_point_into_it() {
    let user = json!({
        "id": "5f1b2c3d4e5f60718293a4b5",
        "addresses": [{"type": "work", "locality": "London"}],
        "manager": {"id": "m1"},
    });
    let provider = json!({});
    let roots = [("jcUser", &user), ("providerUser", &provider)];

    let p = Program::compile(
        "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id",
    )
    .unwrap();
    match p.run_roots(&roots).unwrap() {
        Value::Str(Str::Borrowed(s)) => {
            assert_eq!(s.as_ptr(), user["id"].as_str().unwrap().as_ptr())
        }
        other => panic!("expected a string borrowed from the record, got {other:?}"),
    }

    let p = Program::compile("jcUser.addresses").unwrap();
    match p.run_roots(&roots).unwrap() {
        Value::Array(Array::Json(a)) => {
            assert!(std::ptr::eq(
                a,
                user["addresses"].as_array().unwrap().as_slice()
            ))
        }
        other => panic!("expected the record's array, got {other:?}"),
    }

    let p = Program::compile("find(jcUser.addresses, .type == 'work')").unwrap();
    match p.run_roots(&roots).unwrap() {
        Value::Map(Map::Json(m)) => {
            assert!(std::ptr::eq(m, user["addresses"][0].as_object().unwrap()))
        }
        other => panic!("expected the record's object, got {other:?}"),
    }

    let p = Program::compile("jcUser.manager").unwrap();
    // Bound to a local: the result borrows `p` and the record, and must drop first.
    let manager = p.run_roots(&roots).unwrap();
    match manager {
        Value::Map(Map::Json(m)) => {
            assert!(std::ptr::eq(m, user["manager"].as_object().unwrap()))
        }
        other => panic!("expected the record's object, got {other:?}"),
    };
}
