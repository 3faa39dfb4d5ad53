//! Limits, budgets, strict roots, host functions, threads (docs/language.md: How expressions meet records, Limits).
mod eval_common;
use eval_common::{eval, eval_with, render};
use scimexpr::{Compiler, ErrorKind, Program, Value};
use serde_json::json;

#[test]
fn memory_budget() {
    let env = json!({});
    let e = eval("1..1000001", &env).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MemoryBudget);
    assert!(eval("1..1000", &env).is_ok());
    let small = Compiler::new().memory_budget(10);
    assert!(eval_with(&small, "[1,2,3,4,5]", &env).is_ok());
    let e = eval_with(&small, "map(1..6, # * 2)", &env).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MemoryBudget);
    let e = eval_with(&small, "[1,2,3,4,5,6,7,8,9,10,11]", &env).unwrap_err();
    assert_eq!(e.headline(), "memory budget exceeded (1:1)");
}

#[test]
fn work_budget() {
    let env = json!({});
    let c = Compiler::new().work_budget(1000);
    assert!(eval_with(&c, "1 + 2", &env).is_ok());
    let e = eval_with(&c, "map(1..10000, # + 1)", &env).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::WorkBudget(1000)), "{e}");
}

#[test]
fn compile_limits() {
    let c = Compiler::new().max_source_len(10);
    let e = c.compile("1 + 2 + 3 + 4").unwrap_err();
    assert!(matches!(
        e.kind,
        ErrorKind::SourceTooLong { len: 13, limit: 10 }
    ));
    let c = Compiler::new().max_nodes(5);
    let e = c.compile("1 + 2 + 3 + 4").unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyNodes);
    let deep = format!("{}1{}", "(".repeat(300), ")".repeat(300));
    let _ = Program::compile(&deep); // either a syntax or a depth error, never a crash
    let long_sum = vec!["1"; 300].join(" + ");
    let e = Program::compile(&long_sum).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooDeep(256)), "{e}");
    let c = Compiler::new().max_depth(400);
    let p = c.compile(&long_sum).unwrap();
    assert_eq!(render(&p.run(&json!({})).unwrap()), "300");
}

#[test]
fn strict_roots() {
    let c = Compiler::new().strict_roots(["jcUser"]);
    assert!(c.compile("jcUser.name").is_ok());
    let e = c.compile("providerUser.name").unwrap_err();
    assert_eq!(e.headline(), "unknown name providerUser (1:1)");
    let e = c.compile("let jcUser = 1; jcUser").unwrap_err();
    assert!(e.headline().starts_with("cannot redeclare jcUser"), "{e}");
    assert!(c.compile("let x = 1; x").is_ok());
}

fn twice<'a>(args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    match args.first() {
        Some(Value::Int(i)) => Ok(Value::Int(i * 2)),
        _ => Err(ErrorKind::Function("twice wants an int".into())),
    }
}

#[test]
fn host_functions() {
    let c = Compiler::new()
        .function("twice", 1, Some(1), twice)
        .unwrap();
    let env = json!({"u": {"n": 4}});
    assert_eq!(eval_with(&c, "twice(u.n)", &env).unwrap(), "8");
    assert_eq!(eval_with(&c, "u.n | twice()", &env).unwrap(), "8");
    let e = eval_with(&c, "twice('a')", &env).unwrap_err();
    assert_eq!(e.headline(), "twice wants an int (1:1)");
    let e = eval_with(&c, "twice(1, 2)", &env).unwrap_err();
    assert!(e.headline().starts_with("too many arguments to call twice"));
    let e = eval_with(&c, "twic(1)", &env).unwrap_err();
    assert!(e.headline().contains("did you mean twice?"), "{e}");
    let e = eval_with(&c, "let twice = 1; twice", &env).unwrap_err();
    assert!(e.headline().starts_with("cannot redeclare function twice"));
    assert!(Compiler::new().function("len", 1, Some(1), twice).is_err());
    let o = Compiler::new().override_builtin("abs", 1, Some(1), twice);
    assert_eq!(eval_with(&o, "abs(3)", &env).unwrap(), "6");
}

#[test]
fn run_roots_and_env_errors() {
    let p = Program::compile("jcUser.name + ' ' + p.x").unwrap();
    let user = json!({"name": "ann"});
    let pv = json!({"x": "b"});
    let v = p.run_roots(&[("jcUser", &user), ("p", &pv)]).unwrap();
    assert_eq!(render(&v), "\"ann b\"");
    let p = Program::compile("$env.jcUser.name").unwrap();
    assert_eq!(
        render(&p.run_roots(&[("jcUser", &user)]).unwrap()),
        "\"ann\""
    );
    let e = p.run(&json!([1])).unwrap_err();
    assert_eq!(e.phase, scimexpr::Phase::Run);
}

#[test]
fn one_program_many_threads() {
    let p = std::sync::Arc::new(Program::compile("map(u.a, # * u.k) | sum()").unwrap());
    let handles: Vec<_> = (0..4)
        .map(|k| {
            let p = p.clone();
            std::thread::spawn(move || {
                let env = json!({"u": {"a": [1, 2, 3], "k": k}});
                (0..100)
                    .map(|_| render(&p.run(&env).unwrap()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for (k, h) in handles.into_iter().enumerate() {
        let results = h.join().unwrap();
        assert!(results.iter().all(|r| *r == (6 * k).to_string()));
    }
}

#[test]
fn disassembly_shows_source() {
    let p = Program::compile("u.name ?? 'x'").unwrap();
    let d = p.disassemble();
    assert!(d.contains("FetchRoot(0, "), "{d}");
    assert!(d.contains("\"name\""), "{d}");
    assert!(d.contains("JumpIfNotNil"), "{d}");
    assert_eq!(d.lines().count(), p.code().ops.len());
}

/// Hostile shapes within the source limit give errors, never a crash.
#[test]
fn hostile_nesting_is_an_error() {
    for src in [
        vec!["1"; 5000].join(" + "),
        format!("{}1{}", "[".repeat(2000), "]".repeat(2000)),
        format!("{}true", "!".repeat(5000)),
        format!("u{}", ".a".repeat(5000)),
        format!("u{}", "?.a".repeat(5000)),
    ] {
        assert!(Program::compile(&src).is_err(), "{}", &src[..20]);
    }
    // Parentheses add no nodes but count towards the nesting limit (256).
    let parens = format!("{}1{}", "(".repeat(2000), ")".repeat(2000));
    assert!(Program::compile(&parens).is_err());
    let parens = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    assert!(Program::compile(&parens).is_ok());
}

#[test]
fn jumpcloud_functions_are_registered_by_default() {
    let env = json!({"u": {"a": "", "b": "x"}});
    assert_eq!(eval("notNullOrEmpty(u.b)", &env).unwrap(), "true");
    assert_eq!(eval("notNullOrEmpty(u.a)", &env).unwrap(), "false");
    let bare = Compiler::new().without_jumpcloud_functions();
    let e = eval_with(&bare, "notNullOrEmpty(u.b)", &env).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::UnknownFunction { .. }), "{e}");
}

#[test]
fn string_doubling_hits_the_budget() {
    let e = eval("reduce(1..100, #acc + #acc, 'x')", &json!({})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MemoryBudget);
    assert_eq!(
        eval("len(reduce(1..10, #acc + #acc, 'x'))", &json!({})).unwrap(),
        "1024"
    );
}

#[test]
fn nested_loops_stop_at_the_default_work_budget() {
    let e = eval("let r = 1..1000; all(r, all(r, all(r, true)))", &json!({})).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::WorkBudget(_)), "{e}");
    let unlimited = Compiler::new().work_budget(None);
    assert_eq!(
        eval_with(
            &unlimited,
            "let r = 1..300; count(r, all(r, true))",
            &json!({})
        )
        .unwrap(),
        "300"
    );
}

/// A host function declares its types the way a builtin row does, and the
/// one checker applies them: a call that cannot fit is a compile error at
/// the call, and the typed result takes part in the rest of the check.
#[test]
fn host_function_signatures_are_checked() {
    use scimexpr::types::{sig, Overload, Param, Ret, Signature};
    static SHOUT: &[Overload] = &[sig(&[Param::Str], Ret::Str)];
    let shout = scimexpr::HostFunction::new("shout", 1, Some(1), |a| {
        Ok(Value::string(format!("{}!", a[0].as_str().unwrap_or(""))))
    })
    .with_signature(Signature::Overloads(SHOUT));
    let c = Compiler::new().host_function(shout).unwrap();
    let p = c.compile("shout('hi')").unwrap();
    assert_eq!(render(&p.run(&json!({})).unwrap()), "\"hi!\"");
    let cases = [
        (
            "shout(1)",
            "cannot use int as argument (type string) to call shout (1:7)",
        ),
        (
            "shout('a') + 1",
            "invalid operation: + (mismatched types string and int) (1:12)",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(c.compile(src).unwrap_err().headline(), want, "{src}");
    }
    // Unknown argument types fit any parameter, as for builtins.
    assert!(c.compile("shout(x)").is_ok());
}

/// The admin checks type a host function's result from its signature, as
/// the checker does: a string-valued function feeding a boolean target is
/// a load error, and an unchecked one is left to the run.
#[test]
fn host_function_signatures_reach_the_admin_checks() {
    use scimexpr::types::{sig, Overload, Param, Ret, Signature};
    static TO_STR: &[Overload] = &[sig(&[Param::Any], Ret::Str)];
    let f = |name: &str| {
        scimexpr::HostFunction::new(name, 1, Some(1), |_| Ok(Value::string("yes".to_string())))
    };
    let c = Compiler::new()
        .host_function(f("typed").with_signature(Signature::Overloads(TO_STR)))
        .unwrap()
        .host_function(f("untyped"))
        .unwrap();
    let doc = |e: &str| {
        json!({"name": "h", "direction": "export", "resource": "User", "attributes": [
            {"target": "userName", "direct": "username"},
            {"target": "active", "expression": e}]})
    };
    let err = scimexpr::Mapping::from_json(&doc("typed(jcUser.id)"), &c).unwrap_err();
    assert!(err.to_string().contains("active"), "{err}");
    assert!(scimexpr::Mapping::from_json(&doc("untyped(jcUser.id)"), &c).is_ok());
}
