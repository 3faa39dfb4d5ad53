//! Table runner for the conformance tables: each row is an expression, an
//! optional env, and what expr-lang/expr v1.17.8 answers for it — the value as
//! JSON, the `type()` name and the Go `%v` text, or an error and its phase.
//! This mirrors what `scimexpr eval --jsonl` prints (value, `type`, `str`).
#![allow(dead_code)]

use scimexpr::Compiler;
use serde_json::Value as Json;

/// The env rows use unless they give their own (`""`).
pub const ENV: &str = r#"{
  "u": {"v": null, "a": "xyz", "n": 1, "f": 1.5, "s": "abc", "t": true, "b": false,
        "arr": [1, 2, 3], "k": 1, "m": {"x": 1}, "e": "", "z": 0, "neg": -7,
        "big": 9223372036854775807, "strs": ["b", "a", "c"], "fl": [1.5, 0.5],
        "objs": [{"a": 2, "n": "x"}, {"a": 1, "n": "y"}, {"a": 3, "n": "z"}],
        "nested": [[1, 2], [3]], "bools": [true, false, true], "one": 1.0},
  "xs": [1, 2, 3],
  "n": 7,
  "s": "héllo",
  "pu": null,
  "num": 42,
  "foo": "bar",
  "var with spaces": 1,
  "_42": 1,
  "$foo": 2,
  "héllo": 3,
  "a": {"not": 1, "in": 2, "true": 3}
}"#;

/// What a row expects.
pub enum W {
    /// `(type name, value as JSON or "*", str or "*")`.
    Ok(&'static str, &'static str, &'static str),
    /// An error in phase `"compile"`, `"run"` or `"any"`.
    Err(&'static str),
}

/// `(expression, env JSON or "" for [`ENV`], expected)`.
pub type Row = (&'static str, &'static str, W);

/// Runs every row with the default compiler (what the CLI uses) and reports
/// all mismatches at once.
pub fn check(rows: &[Row]) {
    let default_env: Json = serde_json::from_str(ENV).unwrap();
    let compiler = Compiler::new();
    let mut failures = Vec::new();
    for (src, env, want) in rows {
        let env: Json = if env.is_empty() {
            default_env.clone()
        } else {
            serde_json::from_str(env).unwrap_or_else(|e| panic!("bad env for {src:?}: {e}"))
        };
        let got = compiler.compile(src).and_then(|p| {
            p.run(&env).map(|v| {
                (
                    v.type_name().to_string(),
                    v.to_json(),
                    scimexpr::format::to_string(&v),
                )
            })
        });
        let problem = match (want, &got) {
            (W::Ok(ty, js, st), Ok((gty, gjs, gst))) => {
                let mut p = Vec::new();
                if ty != gty {
                    p.push(format!("type {gty} (want {ty})"));
                }
                if *js != "*" {
                    let want_js: Json = serde_json::from_str(js)
                        .unwrap_or_else(|e| panic!("bad expected JSON for {src:?}: {e}"));
                    if !json_eq(&want_js, gjs) {
                        p.push(format!("value {gjs} (want {js})"));
                    }
                }
                if *st != "*" && st != gst {
                    p.push(format!("str {gst:?} (want {st:?})"));
                }
                (!p.is_empty()).then(|| p.join(", "))
            }
            (W::Ok(..), Err(e)) => Some(format!("error {} [{}]", e.headline(), e.phase.as_str())),
            (W::Err(phase), Ok((gty, gjs, gst))) => Some(format!(
                "ok {gjs} type {gty} str {gst:?} (want {phase} error)"
            )),
            (W::Err(phase), Err(e)) => (*phase != "any" && *phase != e.phase.as_str()).then(|| {
                format!(
                    "error in phase {} (want {phase}): {}",
                    e.phase.as_str(),
                    e.headline()
                )
            }),
        };
        if let Some(p) = problem {
            failures.push(format!("{src:?}: {p}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// JSON equality that keeps int and float apart (`1` vs `1.0`) but compares
/// floats by value, so `-0.0 == 0.0` as in Go's `==`.
fn json_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            if x.is_f64() != y.is_f64() {
                return false;
            }
            match (x.as_i64(), y.as_i64()) {
                (Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
