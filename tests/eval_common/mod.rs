//! Shared helpers for the eval tests: compile + run from source text and
//! render results so that int/float and string/other are distinguishable.
#![allow(dead_code)]

use scimexpr::value::{Key, Value};
use scimexpr::{Compiler, Error};
use serde_json::Value as Json;

/// `1` int, `1.0` float, `"s"` string, `nil`, `[a, b]`, `{k: v}`.
pub fn render(v: &Value<'_>) -> String {
    match v {
        Value::Nil => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Str(s) => format!("{:?}", s.as_str()),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(|x| render(&x)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, x)| {
                    let key = match &k {
                        Key::Str(s) => s.to_string(),
                        other => render(&other.to_value()),
                    };
                    format!("{key}: {}", render(&x))
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => format!("{other:?}"),
    }
}

pub fn eval_with(c: &Compiler, src: &str, env: &Json) -> Result<String, Error> {
    let p = c.compile(src)?;
    let v = p.run(env)?;
    Ok(render(&v))
}

pub fn eval(src: &str, env: &Json) -> Result<String, Error> {
    eval_with(&Compiler::new(), src, env)
}

/// Checks a table: expected `Ok` rendering, or `ERR:substring` of the headline.
/// Each row runs with the optimizer on and off.
pub fn check_table(rows: &[(&str, &str)], env: &Json) {
    let mut failures = Vec::new();
    for (src, want) in rows {
        for optimize in [true, false] {
            let c = Compiler::new().optimize(optimize);
            let got = match eval_with(&c, src, env) {
                Ok(s) => s,
                Err(e) => format!("ERR:{}", e.headline()),
            };
            let ok = match want.strip_prefix("ERR:") {
                Some(sub) => got.starts_with("ERR:") && got.contains(sub),
                None => got == *want,
            };
            if !ok {
                failures.push(format!(
                    "{src:?} (optimize={optimize}): want {want}, got {got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
