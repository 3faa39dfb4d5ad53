//! The VM runs some calls and accesses without the general machinery; these
//! check that the fast paths answer exactly what the general ones do.

use scimexpr::{Compiler, Program, Value};
use serde_json::json;

fn run(p: &Program, user: &serde_json::Value) -> serde_json::Value {
    p.run_roots(&[("jcUser", user)]).unwrap().to_json()
}

/// The shipped `notNullOrEmpty` is an instruction; its answers are mapping.md §2's.
#[test]
fn shipped_not_null_or_empty_answers() {
    let p = Program::compile("notNullOrEmpty(jcUser.x)").unwrap();
    assert!(p.disassemble().contains("Present"), "{}", p.disassemble());
    for (x, want) in [
        (json!(null), false),
        (json!(""), false),
        (json!([]), false),
        (json!({}), false),
        (json!(" "), true),
        (json!(0), true),
        (json!(false), true),
        (json!([null]), true),
        (json!({"a": null}), true),
    ] {
        assert_eq!(run(&p, &json!({ "x": x })), json!(want), "x = {x}");
    }
    assert_eq!(run(&p, &json!({})), json!(false), "missing field");
}

/// A host's own `notNullOrEmpty` replaces the shipped one, and is called.
#[test]
fn host_not_null_or_empty_is_called() {
    let c = Compiler::new()
        .function("notNullOrEmpty", 1, Some(1), |_| Ok(Value::string("host")))
        .unwrap();
    let p = c.compile("notNullOrEmpty(jcUser.x)").unwrap();
    assert!(!p.disassemble().contains("Present"), "{}", p.disassemble());
    assert_eq!(run(&p, &json!({"x": ""})), json!("host"));
}

/// Wrong arity is still a compile error.
#[test]
fn not_null_or_empty_arity() {
    assert!(Program::compile("notNullOrEmpty()").is_err());
    assert!(Program::compile("notNullOrEmpty(1, 2)").is_err());
}
