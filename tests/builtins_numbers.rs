//! Number, aggregate and bit builtins (docs/language.md: Builtins, Limits).

#[path = "builtins_util/mod.rs"]
mod util;

use scimexpr::{ErrorKind, Value};
use serde_json::json;
use util::{call, call_values, check_table, deep_array};

#[test]
fn abs_ceil_floor_round() {
    check_table(&[
        ("abs", json!([-2]), Ok(json!(2))),
        ("abs", json!([2]), Ok(json!(2))),
        ("abs", json!([0]), Ok(json!(0))),
        ("abs", json!([-1.5]), Ok(json!(1.5))),
        (
            "abs",
            json!(["a"]),
            Err("invalid argument for abs (type string)"),
        ),
        (
            "abs",
            json!([null]),
            Err("invalid argument for abs (type <nil>)"),
        ),
        ("ceil", json!([1.2]), Ok(json!(2.0))),
        ("ceil", json!([5]), Ok(json!(5.0))),
        ("ceil", json!([-1.5]), Ok(json!(-1.0))),
        (
            "ceil",
            json!(["a"]),
            Err("invalid argument for ceil (type string)"),
        ),
        ("floor", json!([1.8]), Ok(json!(1.0))),
        ("floor", json!([-1.2]), Ok(json!(-2.0))),
        ("floor", json!([3]), Ok(json!(3.0))),
        (
            "floor",
            json!([null]),
            Err("invalid argument for floor (type <nil>)"),
        ),
        ("round", json!([2.5]), Ok(json!(3.0))),
        ("round", json!([-2.5]), Ok(json!(-3.0))),
        ("round", json!([2.4]), Ok(json!(2.0))),
        ("round", json!([7]), Ok(json!(7.0))),
        (
            "round",
            json!([true]),
            Err("invalid argument for round (type bool)"),
        ),
    ]);
    // ceil(-0.5) is -0.0.
    let Value::Float(f) = call_values("ceil", &[Value::Float(-0.5)]).unwrap() else {
        panic!()
    };
    assert!(f == 0.0 && f.is_sign_negative());
    // abs keeps the smallest int (Go's -x wraps).
    assert!(matches!(
        call_values("abs", &[Value::Int(i64::MIN)]),
        Ok(Value::Int(i64::MIN))
    ));
}

#[test]
fn max_min() {
    check_table(&[
        ("max", json!([1, [5, 2], 3]), Ok(json!(5))),
        ("max", json!([1, 2.5]), Ok(json!(2.5))),
        ("max", json!([[1, [5, 2]], 3]), Ok(json!(5))),
        ("max", json!([1, 1.0]), Ok(json!(1))),
        ("max", json!([1.0, 1]), Ok(json!(1.0))),
        ("max", json!([[]]), Ok(json!(null))),
        ("max", json!([[[], []]]), Ok(json!(null))),
        ("max", json!(["a"]), Ok(json!("a"))),
        ("max", json!([{"a": 1}]), Ok(json!({"a": 1}))),
        ("max", json!([null]), Ok(json!(null))),
        (
            "max",
            json!([null, 1]),
            Err("invalid argument for max (type <nil>)"),
        ),
        (
            "max",
            json!(["a", 1]),
            Err("invalid argument for max (type string)"),
        ),
        (
            "max",
            json!([["a"]]),
            Err("invalid argument for max (type string)"),
        ),
        (
            "max",
            json!([[1, {"a": 1}]]),
            Err("invalid argument for max (type map[string]interface {})"),
        ),
        ("max", json!([[null, 3]]), Ok(json!(3))),
        ("max", json!([-1, -5]), Ok(json!(-1))),
        ("min", json!([1, 2.5]), Ok(json!(1))),
        ("min", json!([1.0, 1]), Ok(json!(1.0))),
        ("min", json!([[3, [0.5]], 2]), Ok(json!(0.5))),
        ("min", json!([[]]), Ok(json!(null))),
        ("min", json!(["x"]), Ok(json!("x"))),
        (
            "min",
            json!([null, 1]),
            Err("invalid argument for min (type <nil>)"),
        ),
    ]);
}

#[test]
fn mean_median() {
    check_table(&[
        ("mean", json!([[1, 2]]), Ok(json!(1.5))),
        ("mean", json!([[]]), Ok(json!(0.0))),
        ("mean", json!([1, [2, [3]]]), Ok(json!(2.0))),
        ("mean", json!([4]), Ok(json!(4.0))),
        (
            "mean",
            json!([null]),
            Err("invalid argument for mean (type <nil>)"),
        ),
        (
            "mean",
            json!([["a"]]),
            Err("invalid argument for mean (type string)"),
        ),
        ("median", json!([[1, 3, 2]]), Ok(json!(2.0))),
        ("median", json!([[1, 2, 3, 4]]), Ok(json!(2.5))),
        ("median", json!([[]]), Ok(json!(0.0))),
        ("median", json!([5]), Ok(json!(5.0))),
        ("median", json!([[3], 1, [[2]]]), Ok(json!(2.0))),
        (
            "median",
            json!(["x"]),
            Err("invalid argument for median (type string)"),
        ),
    ]);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Built and dropped on a big stack: dropping deep owned values recurses.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let deep = deep_array(20_000);
            for name in ["max", "min", "mean", "median", "flatten"] {
                assert_eq!(
                    call_values(name, std::slice::from_ref(&deep)).err(),
                    Some(ErrorKind::RecursionDepth),
                    "{name}"
                );
            }
            let ok = deep_array(500);
            assert!(matches!(
                call_values("max", std::slice::from_ref(&ok)),
                Ok(Value::Int(1))
            ));
            let flat = call_values("flatten", &[ok]).unwrap();
            assert_eq!(flat.to_json(), json!([1]));
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn bits() {
    check_table(&[
        ("bitand", json!([6, 3]), Ok(json!(2))),
        ("bitor", json!([6, 3]), Ok(json!(7))),
        ("bitxor", json!([6, 3]), Ok(json!(5))),
        ("bitnand", json!([6, 3]), Ok(json!(4))),
        ("bitshl", json!([1, 3]), Ok(json!(8))),
        ("bitshl", json!([1, 64]), Ok(json!(0))),
        ("bitshr", json!([-8, 1]), Ok(json!(-4))),
        ("bitshr", json!([8, 1]), Ok(json!(4))),
        ("bitshr", json!([-8, 100]), Ok(json!(-1))),
        ("bitushr", json!([-1, 63]), Ok(json!(1))),
        ("bitushr", json!([-8, 64]), Ok(json!(0))),
        ("bitushr", json!([16, 2]), Ok(json!(4))),
        ("bitnot", json!([0]), Ok(json!(-1))),
        ("bitnot", json!([5]), Ok(json!(-6))),
        (
            "bitshl",
            json!([1, -1]),
            Err("invalid operation: negative shift count -1 (type int)"),
        ),
        (
            "bitshr",
            json!([1, -2]),
            Err("invalid operation: negative shift count -2 (type int)"),
        ),
        (
            "bitushr",
            json!([1, -1]),
            Err("invalid operation: negative shift count -1 (type int)"),
        ),
        (
            "bitand",
            json!(["a", 1]),
            Err("cannot use string as argument (type int) to call bitand"),
        ),
        (
            "bitor",
            json!([1, 1.5]),
            Err("cannot use float64 as argument (type int) to call bitor"),
        ),
        (
            "bitnot",
            json!([null]),
            Err("cannot use <nil> as argument (type int) to call bitnot"),
        ),
    ]);
}

#[test]
fn int_and_float() {
    check_table(&[
        ("int", json!(["42"]), Ok(json!(42))),
        ("int", json!(["-7"]), Ok(json!(-7))),
        ("int", json!(["+5"]), Ok(json!(5))),
        ("int", json!([5]), Ok(json!(5))),
        ("int", json!([-1.9]), Ok(json!(-1))),
        ("int", json!([1.9]), Ok(json!(1))),
        ("int", json!(["1.5"]), Err("invalid operation: int(1.5)")),
        ("int", json!([" 5"]), Err("invalid operation: int( 5)")),
        (
            "int",
            json!(["1_000"]),
            Err("invalid operation: int(1_000)"),
        ),
        ("int", json!([""]), Err("invalid operation: int()")),
        (
            "int",
            json!(["99999999999999999999"]),
            Err("invalid operation: int(99999999999999999999)"),
        ),
        ("int", json!([true]), Err("invalid operation: int(bool)")),
        ("int", json!([null]), Err("invalid operation: int(<nil>)")),
        ("float", json!(["1.5"]), Ok(json!(1.5))),
        ("float", json!([2]), Ok(json!(2.0))),
        ("float", json!([2.5]), Ok(json!(2.5))),
        ("float", json!(["1e3"]), Ok(json!(1000.0))),
        ("float", json!([".5"]), Ok(json!(0.5))),
        ("float", json!(["-2"]), Ok(json!(-2.0))),
        ("float", json!(["1_000.5"]), Ok(json!(1000.5))),
        (
            "float",
            json!(["1__0"]),
            Err("invalid operation: float(1__0)"),
        ),
        ("float", json!(["_1"]), Err("invalid operation: float(_1)")),
        ("float", json!(["0x1p-2"]), Ok(json!(0.25))),
        ("float", json!(["0x1.8p1"]), Ok(json!(3.0))),
        (
            "float",
            json!(["-0X_1FFFP-16"]),
            Ok(json!(-0.1249847412109375)),
        ),
        ("float", json!(["0x.8p1"]), Ok(json!(1.0))),
        ("float", json!(["0x1_0p0"]), Ok(json!(16.0))),
        (
            "float",
            json!(["0x10"]),
            Err("invalid operation: float(0x10)"),
        ),
        (
            "float",
            json!(["0x1p"]),
            Err("invalid operation: float(0x1p)"),
        ),
        (
            "float",
            json!(["0x_p1"]),
            Err("invalid operation: float(0x_p1)"),
        ),
        (
            "float",
            json!(["0x1p9999"]),
            Err("invalid operation: float(0x1p9999)"),
        ),
        ("float", json!(["1_"]), Err("invalid operation: float(1_)")),
        (
            "float",
            json!(["abc"]),
            Err("invalid operation: float(abc)"),
        ),
        (
            "float",
            json!(["1e400"]),
            Err("invalid operation: float(1e400)"),
        ),
        (
            "float",
            json!(["+nan"]),
            Err("invalid operation: float(+nan)"),
        ),
        ("float", json!([" 1"]), Err("invalid operation: float( 1)")),
        (
            "float",
            json!([null]),
            Err("invalid operation: float(<nil>)"),
        ),
        (
            "float",
            json!([[1]]),
            Err("invalid operation: float([]interface {})"),
        ),
    ]);
    for (s, want) in [
        ("inf", f64::INFINITY),
        ("+Inf", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("INF", f64::INFINITY),
    ] {
        let got = call_values("float", &[Value::string(s)]).unwrap();
        assert!(matches!(got, Value::Float(f) if f == want), "{s}");
    }
    for s in ["NaN", "nan"] {
        let got = call_values("float", &[Value::string(s)]).unwrap();
        assert!(matches!(got, Value::Float(f) if f.is_nan()), "{s}");
    }
    // int of a duration is its nanoseconds.
    assert!(matches!(
        call_values("int", &[Value::Duration(1500)]),
        Ok(Value::Int(1500))
    ));
    assert_eq!(call("int", json!(["0"])), Ok(json!(0)));
}
