//! Shared helpers for the builtin tests: call a native builtin directly.
#![allow(dead_code)]

use scimexpr::functions::{lookup, Ctx, Imp};
use scimexpr::{ErrorKind, Value};
use serde_json::Value as Json;

/// Calls builtin `name` on already-built values with the given memory budget.
pub fn call_values_budget<'a>(
    name: &str,
    args: &[Value<'a>],
    budget: u64,
) -> Result<Value<'a>, ErrorKind> {
    let (_, b) = lookup(name).unwrap_or_else(|| panic!("no builtin {name}"));
    let Imp::Native(f) = b.imp else {
        panic!("{name} is not native")
    };
    let mut mem = budget;
    let now = chrono::Utc::now;
    let mut work = u64::MAX;
    let mut ctx = Ctx {
        memory: &mut mem,
        work: &mut work,
        now: &now,
    };
    f(&mut ctx, args)
}

/// Calls builtin `name` on already-built values (default budget).
pub fn call_values<'a>(name: &str, args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    call_values_budget(name, args, 1_000_000)
}

/// Calls builtin `name` with the elements of the JSON array `args` as arguments
/// (integral JSON numbers are ints, others floats) and returns the result as
/// JSON, so that `1` and `1.0` stay distinct, or the error text.
pub fn call_budget(name: &str, args: Json, budget: u64) -> Result<Json, String> {
    let items = args.as_array().expect("args must be a JSON array").clone();
    let vals: Vec<Value<'_>> = items.iter().map(Value::from_json).collect();
    call_values_budget(name, &vals, budget)
        .map(|v| v.to_json())
        .map_err(|e| e.to_string())
}

/// [`call_budget`] with the default budget.
pub fn call(name: &str, args: Json) -> Result<Json, String> {
    call_budget(name, args, 1_000_000)
}

/// `string()` of the result, or the error text.
pub fn call_str(name: &str, args: Json) -> Result<String, String> {
    let items = args.as_array().expect("args must be a JSON array").clone();
    let vals: Vec<Value<'_>> = items.iter().map(Value::from_json).collect();
    call_values(name, &vals)
        .map(|v| scimexpr::format::to_string(&v))
        .map_err(|e| e.to_string())
}

/// Runs a table: each row is (builtin, args, expected result or error text).
pub fn check_table(rows: &[(&str, Json, Result<Json, &str>)]) {
    let mut failures = Vec::new();
    for (name, args, want) in rows {
        let got = call(name, args.clone());
        let want = want.clone().map_err(|e| e.to_string());
        if got != want {
            failures.push(format!("{name}{args}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An owned nested array `depth` levels deep around `1`.
pub fn deep_array(depth: usize) -> Value<'static> {
    let mut v = Value::Int(1);
    for _ in 0..depth {
        v = Value::array(vec![v]);
    }
    v
}
