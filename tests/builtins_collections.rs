//! Array and map builtins (docs/language.md: Builtins, Nil and errors, Limits).

#[path = "builtins_util/mod.rs"]
mod util;

use indexmap::IndexMap;
use scimexpr::value::Key;
use scimexpr::{format, ErrorKind, Value};
use serde_json::json;
use util::{call, call_budget, call_str, call_values, check_table};

#[test]
fn len_and_type() {
    check_table(&[
        ("len", json!(["héllo"]), Ok(json!(5))),
        ("len", json!([""]), Ok(json!(0))),
        ("len", json!([[1, 2]]), Ok(json!(2))),
        ("len", json!([{"a": 1}]), Ok(json!(1))),
        (
            "len",
            json!([null]),
            Err("invalid argument for len (type <nil>)"),
        ),
        (
            "len",
            json!([1]),
            Err("invalid argument for len (type int)"),
        ),
        (
            "len",
            json!([1.5]),
            Err("invalid argument for len (type float64)"),
        ),
        ("type", json!([1.5]), Ok(json!("float"))),
        ("type", json!([1]), Ok(json!("int"))),
        ("type", json!([null]), Ok(json!("nil"))),
        ("type", json!(["a"]), Ok(json!("string"))),
        ("type", json!([true]), Ok(json!("bool"))),
        ("type", json!([[]]), Ok(json!("array"))),
        ("type", json!([{}]), Ok(json!("map"))),
    ]);
    assert!(matches!(
        call_values("len", &[Value::Bytes(vec![1u8, 2, 3].into())]),
        Ok(Value::Int(3))
    ));
}

#[test]
fn first_last_get_swallow_errors() {
    // `get` swallows a missing index or key only: an index that is no number and a
    // non-string key of a record object fail, as in expr v1.17.8 (`get(array, nil)`,
    // `get($env, 1)` checked against it).
    check_table(&[
        ("first", json!([[1, 2]]), Ok(json!(1))),
        ("first", json!([[]]), Ok(json!(null))),
        ("first", json!([null]), Ok(json!(null))),
        ("first", json!([{}]), Ok(json!(null))),
        ("first", json!([5]), Ok(json!(null))),
        // A string yields its first byte, as expr's Fetch does.
        ("first", json!(["abc"]), Ok(json!(97))),
        ("last", json!([[1, 2]]), Ok(json!(2))),
        ("last", json!([[]]), Ok(json!(null))),
        ("last", json!([null]), Ok(json!(null))),
        ("get", json!([[1, 2], -1]), Ok(json!(2))),
        ("get", json!([[1, 2], 0]), Ok(json!(1))),
        ("get", json!([[1, 2], 5]), Ok(json!(null))),
        ("get", json!([[1, 2], -3]), Ok(json!(null))),
        ("get", json!([{"a": 1}, "a"]), Ok(json!(1))),
        ("get", json!([{"a": 1}, "b"]), Ok(json!(null))),
        (
            "get",
            json!([{"a": 1}, 1]),
            Err("reflect.Value.MapIndex: value of type int is not assignable to type string"),
        ),
        ("get", json!([null, 0]), Ok(json!(null))),
        (
            "get",
            json!([[1, 2], null]),
            Err("invalid operation: int(<nil>)"),
        ),
        (
            "get",
            json!([[1, 2], "1"]),
            Err("invalid operation: int(string)"),
        ),
        ("get", json!(["ab", 1.5]), Ok(json!(98))),
        ("get", json!([{"a": {"b": 2}}, "a"]), Ok(json!({"b": 2}))),
    ]);
}

#[test]
fn take() {
    check_table(&[
        ("take", json!([[1, 2, 3], 2]), Ok(json!([1, 2]))),
        ("take", json!([[1, 2, 3], 5]), Ok(json!([1, 2, 3]))),
        ("take", json!([[1], 0]), Ok(json!([]))),
        ("take", json!([[], 3]), Ok(json!([]))),
        (
            "take",
            json!([[1], -1]),
            Err("invalid argument for take (expected non-negative integer, got -1)"),
        ),
        ("take", json!([null, 1]), Err("cannot take from invalid")),
        ("take", json!(["abc", 1]), Err("cannot take from string")),
        ("take", json!([{}, 1]), Err("cannot take from map")),
        (
            "take",
            json!([[1], 1.5]),
            Err("cannot take float64 elements"),
        ),
    ]);
}

#[test]
fn keys_values_pairs() {
    check_table(&[
        ("keys", json!([{"b": 1, "a": 2}]), Ok(json!(["b", "a"]))),
        ("keys", json!([{}]), Ok(json!([]))),
        ("keys", json!([null]), Err("cannot get keys from invalid")),
        ("keys", json!([[1]]), Err("cannot get keys from slice")),
        ("values", json!([{"b": 1, "a": 2}]), Ok(json!([1, 2]))),
        (
            "values",
            json!([null]),
            Err("cannot get values from invalid"),
        ),
        ("values", json!(["x"]), Err("cannot get values from string")),
        (
            "toPairs",
            json!([{"a": 1, "b": [2]}]),
            Ok(json!([["a", 1], ["b", [2]]])),
        ),
        ("toPairs", json!([{}]), Ok(json!([]))),
        (
            "toPairs",
            json!([null]),
            Err("cannot transform invalid to pairs"),
        ),
        ("fromPairs", json!([[["a", 1]]]), Ok(json!({"a": 1}))),
        (
            "fromPairs",
            json!([[["a", 1], ["a", 2]]]),
            Ok(json!({"a": 2})),
        ),
        ("fromPairs", json!([[]]), Ok(json!({}))),
        ("fromPairs", json!([[1]]), Err("invalid pair 1")),
        ("fromPairs", json!([["ab"]]), Err("invalid pair ab")),
        (
            "fromPairs",
            json!([[[1, 2, 3]]]),
            Err("invalid pair length [1 2 3]"),
        ),
        (
            "fromPairs",
            json!([[["a"]]]),
            Err("invalid pair length [a]"),
        ),
        (
            "fromPairs",
            json!([[[[1], 2]]]),
            Err("invalid pair key: unhashable type []interface {}"),
        ),
        (
            "fromPairs",
            json!([null]),
            Err("cannot transform invalid from pairs"),
        ),
    ]);
    // Keys keep their type: an int key is found by an int.
    let m = call_values(
        "fromPairs",
        &[Value::array(vec![Value::array(vec![
            Value::Int(1),
            Value::string("x"),
        ])])],
    )
    .unwrap();
    assert_eq!(format::to_string(&m), "map[1:x]");
    assert_eq!(
        format::to_string(&call_values("get", &[m.clone(), Value::Int(1)]).unwrap()),
        "x"
    );
    assert!(call_values("get", &[m, Value::string("1")])
        .unwrap()
        .is_nil());
}

#[test]
fn reverse_uniq_concat_flatten() {
    check_table(&[
        ("reverse", json!([[1, 2, 3]]), Ok(json!([3, 2, 1]))),
        ("reverse", json!([[]]), Ok(json!([]))),
        ("reverse", json!([null]), Err("cannot reverse invalid")),
        ("reverse", json!(["ab"]), Err("cannot reverse string")),
        ("uniq", json!([[1, 1.0, "1", 2]]), Ok(json!([1, "1", 2]))),
        ("uniq", json!([[2.0, 2, 1]]), Ok(json!([2.0, 1]))),
        ("uniq", json!([[]]), Ok(json!([]))),
        (
            "uniq",
            json!([[null, null, false, false, true]]),
            Ok(json!([null, false, true])),
        ),
        ("uniq", json!([["a", "b", "a"]]), Ok(json!(["a", "b"]))),
        ("uniq", json!([null]), Err("cannot uniq invalid")),
        ("uniq", json!([{}]), Err("cannot uniq map")),
        ("concat", json!([[1], [2]]), Ok(json!([1, 2]))),
        ("concat", json!([[1]]), Ok(json!([1]))),
        // Go's nil `[]any` (nothing appended): JSON null, as json.Marshal writes it.
        ("concat", json!([[], []]), Ok(json!(null))),
        (
            "concat",
            json!([[1], [[2]], ["a"]]),
            Ok(json!([1, [2], "a"])),
        ),
        ("concat", json!([null]), Err("cannot concat invalid")),
        ("concat", json!([[1], "a"]), Err("cannot concat string")),
        ("flatten", json!([[1, [2, [3]]]]), Ok(json!([1, 2, 3]))),
        ("flatten", json!([[]]), Ok(json!([]))),
        ("flatten", json!([[[], [[]]]]), Ok(json!([]))),
        ("flatten", json!([[null, [null]]]), Ok(json!([null, null]))),
        (
            "flatten",
            json!([[{"a": [1]}, "ab"]]),
            Ok(json!([{"a": [1]}, "ab"])),
        ),
        ("flatten", json!([null]), Err("cannot flatten invalid")),
        ("flatten", json!([{}]), Err("cannot flatten map")),
    ]);
    // Arrays and maps compare as docs/language.md (Equality) says (needs crate::ops::equal).
    check_table(&[
        ("uniq", json!([[[1], [1.0], [2]]]), Ok(json!([[1], [2]]))),
        (
            "uniq",
            json!([[{"a": 1}, {"a": 1}, {"a": 1.0}]]),
            Ok(json!([{"a": 1}, {"a": 1.0}])),
        ),
    ]);
}

#[test]
fn uniq_is_near_linear_and_keeps_nan() {
    let nan = call_values("uniq", &[Value::array(vec![Value::Float(f64::NAN); 3])]).unwrap();
    assert_eq!(format::to_string(&nan), "[NaN NaN NaN]");
    let many: Vec<Value> = (0..50_000)
        .map(|i| Value::array(vec![Value::Int(i % 25_000), Value::string("x")]))
        .collect();
    let start = std::time::Instant::now();
    let out = call_values("uniq", &[Value::array(many)]).unwrap();
    assert!(matches!(call_values("len", &[out]), Ok(Value::Int(25_000))));
    assert!(start.elapsed().as_secs() < 5);
    assert_eq!(
        call("uniq", json!([[[1, [2]], [1.0, [2.0]], [1, [3]]]])),
        Ok(json!([[1, [2]], [1, [3]]]))
    );
}

#[test]
fn sort() {
    check_table(&[
        ("sort", json!([[3, 1, 2]]), Ok(json!([1, 2, 3]))),
        ("sort", json!([[3, 1, 2], "asc"]), Ok(json!([1, 2, 3]))),
        ("sort", json!([[3, 1, 2], "desc"]), Ok(json!([3, 2, 1]))),
        ("sort", json!([["b", "a", "B"]]), Ok(json!(["B", "a", "b"]))),
        ("sort", json!([[2.5, 1]]), Ok(json!([1, 2.5]))),
        ("sort", json!([[]]), Ok(json!([]))),
        // QUIRK: unsupported input gives Go's nil `[]any` (`[]` to `%v`, JSON null).
        ("sort", json!([null]), Ok(json!(null))),
        ("sort", json!(["abc"]), Ok(json!(null))),
        ("sort", json!([{"a": 1}]), Ok(json!(null))),
        (
            "sort",
            json!([[1], "up"]),
            Err("invalid order up, expected asc or desc"),
        ),
        (
            "sort",
            json!([null, "up"]),
            Err("invalid order up, expected asc or desc"),
        ),
        (
            "sort",
            json!([[1], 1]),
            Err("sort: order must be a string, got int"),
        ),
        // Go's insertion sort (small inputs) first asks Less(a[1], a[0]).
        (
            "sort",
            json!([[1, "a"]]),
            Err("invalid operation: string < int"),
        ),
    ]);
}

#[test]
fn memory_budget_is_charged() {
    let ten = json!([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
    for name in ["reverse", "sort", "flatten", "concat"] {
        assert_eq!(
            call_budget(name, ten.clone(), 5),
            Err("memory budget exceeded".into()),
            "{name}"
        );
        assert!(call_budget(name, ten.clone(), 10).is_ok(), "{name}");
    }
    assert_eq!(
        call_budget("concat", json!([[1, 2, 3], [4, 5, 6]]), 5),
        Err("memory budget exceeded".into())
    );
}

#[test]
fn string_of_results() {
    assert_eq!(call_str("split", json!(["a,b", ","])), Ok("[a b]".into()));
    assert_eq!(call_str("keys", json!([{"a": 1}])), Ok("[a]".into()));
    assert_eq!(call("first", json!([[[1, 2]]])), Ok(json!([1, 2])));
    // A borrowed empty map and an owned one behave the same.
    let owned = Value::map(IndexMap::<Key<'_>, Value<'_>>::new());
    assert!(matches!(call_values("len", &[owned]), Ok(Value::Int(0))));
    assert_eq!(
        call_values("keys", &[Value::Nil]).err(),
        Some(ErrorKind::Function("cannot get keys from invalid".into()))
    );
}
