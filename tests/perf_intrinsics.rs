//! The VM runs some calls and accesses without the general machinery; these
//! check that the fast paths answer exactly what the general ones do.

use scimexpr::{Compiler, Program, Value};
use serde_json::json;

fn run(p: &Program, user: &serde_json::Value) -> serde_json::Value {
    p.run_roots(&[("jcUser", user)]).unwrap().to_json()
}

/// The shipped `notNullOrEmpty` runs through its host function's fast path
/// (one instruction on the value in place); its answers are those of
/// docs/language.md (JumpCloud host functions).
#[test]
fn shipped_not_null_or_empty_answers() {
    let p = Program::compile("notNullOrEmpty(jcUser.x)").unwrap();
    assert!(p.disassemble().contains("CallTest"), "{}", p.disassemble());
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
    assert!(!p.disassemble().contains("CallTest"), "{}", p.disassemble());
    assert_eq!(run(&p, &json!({"x": ""})), json!("host"));
}

/// The fast path is a hook any host function can use, and it is used only
/// for one-argument calls.
#[test]
fn any_host_function_can_have_a_test_fast_path() {
    fn long(v: &Value<'_>) -> bool {
        matches!(v, Value::Str(s) if s.len() > 3)
    }
    let f = scimexpr::HostFunction::new("isLong", 1, Some(2), |args| {
        Ok(Value::Bool(args.first().is_some_and(long)))
    })
    .with_test(long);
    let c = Compiler::new().host_function(f).unwrap();
    let p = c.compile("isLong(jcUser.x)").unwrap();
    assert!(p.disassemble().contains("CallTest"), "{}", p.disassemble());
    assert_eq!(run(&p, &json!({"x": "abcd"})), json!(true));
    assert_eq!(run(&p, &json!({"x": "abc"})), json!(false));
    let p = c.compile("isLong(jcUser.x, 1)").unwrap();
    assert!(!p.disassemble().contains("CallTest"), "{}", p.disassemble());
    assert_eq!(run(&p, &json!({"x": "abcd"})), json!(true));
    // Shadowing a builtin is refused here too.
    let e = Compiler::new()
        .host_function(scimexpr::HostFunction::new("upper", 1, Some(1), |_| {
            Ok(Value::Nil)
        }))
        .unwrap_err();
    assert!(e.to_string().contains("shadows a builtin"), "{e}");
}

/// Wrong arity is still a compile error.
#[test]
fn not_null_or_empty_arity() {
    assert!(Program::compile("notNullOrEmpty()").is_err());
    assert!(Program::compile("notNullOrEmpty(1, 2)").is_err());
}

fn run_err(p: &Program, user: &serde_json::Value) -> String {
    p.run_roots(&[("jcUser", user)]).unwrap_err().headline()
}

/// `a + ' ' + b` is joined in one step; what it gives and the errors and
/// charges around it are those of two additions (docs/language.md, Arithmetic).
#[test]
fn three_way_concatenation() {
    let user = json!({"first": "Ada", "last": "Lovelace", "n": 7, "e": ""});
    for (src, want) in [
        ("jcUser.first + ' ' + jcUser.last", json!("Ada Lovelace")),
        ("jcUser.first + jcUser.last + '!'", json!("AdaLovelace!")),
        ("jcUser.first + ' ' + jcUser.e", json!("Ada ")),
        ("jcUser.e + jcUser.e + jcUser.e", json!("")),
        (
            "(jcUser.first + ' ') + (jcUser.last + '.')",
            json!("Ada Lovelace."),
        ),
        (
            "jcUser.first + ' ' + jcUser.last + ' ' + jcUser.first",
            json!("Ada Lovelace Ada"),
        ),
    ] {
        let p = Program::compile(src).unwrap();
        assert_eq!(run(&p, &user), want, "{src}");
    }
    // The third operand is not a string: the second + fails, at its column.
    let p = Program::compile("jcUser.first + ' ' + jcUser.n").unwrap();
    assert_eq!(run_err(&p, &user), "invalid operation: string + int (1:20)");
    let p = Program::compile("jcUser.first + ' ' + jcUser.missing").unwrap();
    assert_eq!(
        run_err(&p, &user),
        "invalid operation: string + <nil> (1:20)"
    );
}

/// The memory budget is charged as for two additions: 4 units for "Ada ",
/// then 12 for "Ada Lovelace"; 15 units are not enough, 16 are.
#[test]
fn three_way_concatenation_charges_both_additions() {
    let user = json!({"first": "Ada", "last": "Lovelace"});
    let src = "jcUser.first + ' ' + jcUser.last";
    let p = Compiler::new().memory_budget(16).compile(src).unwrap();
    assert_eq!(run(&p, &user), json!("Ada Lovelace"));
    let p = Compiler::new().memory_budget(15).compile(src).unwrap();
    let err = run_err(&p, &user);
    assert!(err.contains("(1:20)"), "{err}");
    let p = Compiler::new().memory_budget(3).compile(src).unwrap();
    let err = run_err(&p, &user);
    assert!(err.contains("(1:14)"), "{err}");
}
