//! `string()` (Go `%v`) and `toJSON`/`fromJSON` (docs/language.md, Semantics: text of values).

#[path = "builtins_util/mod.rs"]
mod util;

use indexmap::IndexMap;
use scimexpr::value::Key;
use scimexpr::{format, Value};
use serde_json::json;
use util::{call, call_str, call_values, check_table};

fn s(v: Value<'_>) -> String {
    call_values("string", &[v])
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn string_of_floats_matches_the_observed_examples() {
    for (f, want) in [
        (123456.0, "123456"),
        (999999.9, "999999.9"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (1234567.5, "1.2345675e+06"),
        (123456789012.0, "1.23456789012e+11"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1.5e300, "1.5e+300"),
        (2.0, "2"),
        (-0.0, "-0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (f64::INFINITY, "+Inf"),
        (f64::NEG_INFINITY, "-Inf"),
        (f64::NAN, "NaN"),
        (-1234567.0, "-1.234567e+06"),
        (3.5, "3.5"),
    ] {
        assert_eq!(s(Value::Float(f)), want, "string({f})");
    }
}

#[test]
fn string_of_values() {
    for (args, want) in [
        (json!([1]), "1"),
        (json!([-42]), "-42"),
        (json!([true]), "true"),
        (json!([null]), "<nil>"),
        (json!(["x"]), "x"),
        (json!([[1, "a"]]), "[1 a]"),
        (json!([[]]), "[]"),
        (json!([[[1, 2], [3]]]), "[[1 2] [3]]"),
        (json!([[null, 1.5, true]]), "[<nil> 1.5 true]"),
        (json!([{"b": 2, "a": 1}]), "map[a:1 b:2]"),
        (json!([{}]), "map[]"),
        (json!([{"a": [1, {"b": null}]}]), "map[a:[1 map[b:<nil>]]]"),
        (json!([{"B": 1, "a": 2, "A": 3}]), "map[A:3 B:1 a:2]"),
    ] {
        assert_eq!(
            call_str("string", args.clone()),
            Ok(want.to_string()),
            "{args}"
        );
    }
    assert_eq!(s(Value::Bytes(b"ab".to_vec().into())), "[97 98]");
    // Non-string keys sort nil first, then by Go type (float64 before int), then
    // by value: expr v1.17.8 prints
    // `string(fromPairs([[10, 1], [2.5, 2], [nil, 3], [-1, 4]]))` so.
    let mut m = IndexMap::new();
    m.insert(Key::Int(10), Value::Int(1));
    m.insert(Key::Float(2.5), Value::Int(2));
    m.insert(Key::Nil, Value::Int(3));
    m.insert(Key::Int(-1), Value::Int(4));
    assert_eq!(s(Value::map(m)), "map[<nil>:3 2.5:2 -1:4 10:1]");
}

#[test]
fn string_survives_deep_values() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let deep = util::deep_array(100_000);
            let text = format::to_string(&deep);
            assert_eq!(text.len(), 200_001);
            assert!(text.starts_with("[[[") && text.contains("1"));
            assert_eq!(
                format::to_json(&deep),
                Err(scimexpr::ErrorKind::RecursionDepth)
            );
            let js = format::to_json(&util::deep_array(900)).unwrap();
            assert!(js.starts_with("[\n  [\n    ["));
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn to_json() {
    check_table(&[
        ("toJSON", json!([[1]]), Ok(json!("[\n  1\n]"))),
        ("toJSON", json!([null]), Ok(json!("null"))),
        ("toJSON", json!([[]]), Ok(json!("[]"))),
        ("toJSON", json!([{}]), Ok(json!("{}"))),
        ("toJSON", json!([true]), Ok(json!("true"))),
        ("toJSON", json!([42]), Ok(json!("42"))),
        ("toJSON", json!([2.0]), Ok(json!("2"))),
        ("toJSON", json!([1e20]), Ok(json!("100000000000000000000"))),
        ("toJSON", json!([1e21]), Ok(json!("1e+21"))),
        ("toJSON", json!([1e-7]), Ok(json!("1e-7"))),
        ("toJSON", json!([0.000001]), Ok(json!("0.000001"))),
        ("toJSON", json!([1234567.0]), Ok(json!("1234567"))),
        (
            "toJSON",
            json!([{"b": 1, "a": [1, 2]}]),
            Ok(json!("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}")),
        ),
        ("toJSON", json!([{"a": {}}]), Ok(json!("{\n  \"a\": {}\n}"))),
        ("toJSON", json!([[[], {}]]), Ok(json!("[\n  [],\n  {}\n]"))),
        (
            "toJSON",
            json!(["<a&b>"]),
            Ok(json!("\"\\u003ca\\u0026b\\u003e\"")),
        ),
        (
            "toJSON",
            json!(["a\nb\"c\\"]),
            Ok(json!("\"a\\nb\\\"c\\\\\"")),
        ),
        (
            "toJSON",
            json!(["\u{1}\t\r\u{8}\u{c}"]),
            Ok(json!("\"\\u0001\\t\\r\\b\\f\"")),
        ),
        (
            "toJSON",
            json!(["\u{2028}\u{2029}é"]),
            Ok(json!("\"\\u2028\\u2029é\"")),
        ),
        ("toJSON", json!(["\u{7f}"]), Ok(json!("\"\u{7f}\""))),
    ]);
    let err = |v: Value<'static>| call_values("toJSON", &[v]).unwrap_err().to_string();
    assert_eq!(
        err(Value::Float(f64::INFINITY)),
        "json: unsupported value: +Inf"
    );
    assert_eq!(
        err(Value::Float(f64::NEG_INFINITY)),
        "json: unsupported value: -Inf"
    );
    assert_eq!(err(Value::Float(f64::NAN)), "json: unsupported value: NaN");
    assert_eq!(
        err(Value::array(vec![Value::Float(f64::NAN)])),
        "json: unsupported value: NaN"
    );
    let mut m = IndexMap::new();
    m.insert(Key::Int(1), Value::Int(1));
    assert_eq!(
        err(Value::map(m)),
        "json: unsupported type: map[interface {}]interface {}"
    );
    let ok = |v: Value<'static>| {
        call_values("toJSON", &[v])
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ok(Value::Duration(1_500_000_000)), "1500000000");
    assert_eq!(ok(Value::Bytes(b"hi".to_vec().into())), "\"aGk=\"");
}

#[test]
fn from_json() {
    check_table(&[
        ("fromJSON", json!(["{\"a\":1}"]), Ok(json!({"a": 1.0}))),
        (
            "fromJSON",
            json!(["[1,\"x\",null,true,{}]"]),
            Ok(json!([1.0, "x", null, true, {}])),
        ),
        ("fromJSON", json!(["1"]), Ok(json!(1.0))),
        ("fromJSON", json!(["null"]), Ok(json!(null))),
        ("fromJSON", json!(["\"s\""]), Ok(json!("s"))),
        (
            "fromJSON",
            json!([null]),
            Err("fromJSON: expected string, got nil"),
        ),
    ]);
    // Go's encoding/json texts for the common syntax errors.
    for (src, want) in [
        ("x", "invalid character 'x' looking for beginning of value"),
        ("", "unexpected end of JSON input"),
        ("{\"a\":", "unexpected end of JSON input"),
        ("[1 2]", "invalid character '2' after array element"),
        (
            "{\"a\":1 \"b\"}",
            "invalid character '\"' after object key:value pair",
        ),
        (
            "{1:2}",
            "invalid character '1' looking for beginning of object key string",
        ),
        ("{\"a\" 1}", "invalid character '1' after object key"),
        ("1 2", "invalid character '2' after top-level value"),
    ] {
        assert_eq!(
            call("fromJSON", json!([src])),
            Err(want.to_string()),
            "{src}"
        );
    }
    // Objects keep their input order.
    let src = json!(["{\"b\":1,\"a\":2}"]);
    let items: Vec<Value> = src.as_array().unwrap().iter().map(Value::from).collect();
    let m = call_values("fromJSON", &items).unwrap();
    assert_eq!(
        call_values("keys", &[m]).unwrap().to_json(),
        json!(["b", "a"])
    );
    // serde_json's depth limit keeps hostile input an error.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(call("fromJSON", json!([deep])).is_err());
    // Round trip through toJSON.
    let back = call("toJSON", json!([{"x": [1, 2.5, "s"]}])).unwrap();
    assert_eq!(
        call("fromJSON", json!([back])),
        Ok(json!({"x": [1.0, 2.5, "s"]}))
    );
}
