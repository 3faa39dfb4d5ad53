//! String builtins (docs/language.md: Builtins, Nil and errors): tables worked out by hand.

#[path = "builtins_util/mod.rs"]
mod util;

use serde_json::json;
use util::{call, call_budget, check_table};

#[test]
fn trim_family() {
    check_table(&[
        ("trim", json!(["  a "]), Ok(json!("a"))),
        ("trim", json!(["\u{a0}x\t\n"]), Ok(json!("x"))),
        ("trim", json!(["\u{2003}x\u{3000}"]), Ok(json!("x"))),
        ("trim", json!([""]), Ok(json!(""))),
        ("trim", json!(["__Hello__", "_"]), Ok(json!("Hello"))),
        ("trim", json!(["xyhixy", "yx"]), Ok(json!("hi"))),
        ("trim", json!(["ééaé", "é"]), Ok(json!("a"))),
        ("trim", json!([" a ", ""]), Ok(json!(" a "))),
        ("trim", json!([null]), Err("trim: expected string, got nil")),
        ("trim", json!([1]), Err("trim: expected string, got int")),
        ("trimPrefix", json!(["ab", "a"]), Ok(json!("b"))),
        ("trimPrefix", json!(["aab", "a"]), Ok(json!("ab"))),
        ("trimPrefix", json!(["b", "a"]), Ok(json!("b"))),
        ("trimPrefix", json!([" a"]), Ok(json!("a"))),
        ("trimPrefix", json!(["  a"]), Ok(json!(" a"))),
        (
            "trimPrefix",
            json!([null, "a"]),
            Err("trimPrefix: expected string, got nil"),
        ),
        ("trimSuffix", json!(["ab", "b"]), Ok(json!("a"))),
        ("trimSuffix", json!(["abb", "b"]), Ok(json!("ab"))),
        ("trimSuffix", json!(["a  "]), Ok(json!("a "))),
        ("trimSuffix", json!(["a", "x"]), Ok(json!("a"))),
        (
            "trimSuffix",
            json!([1]),
            Err("trimSuffix: expected string, got int"),
        ),
    ]);
}

#[test]
fn case_mapping_is_rune_by_rune() {
    check_table(&[
        ("upper", json!(["straße"]), Ok(json!("STRAßE"))),
        ("upper", json!(["héllo"]), Ok(json!("HÉLLO"))),
        // No single-rune uppercase: kept (Rust alone would give "FF", "ʼN").
        ("upper", json!(["ﬀŉ"]), Ok(json!("ﬀŉ"))),
        // Iota subscript: Unicode's simple mapping is the titlecase letter.
        ("upper", json!(["ᾳᾀῳ"]), Ok(json!("ᾼᾈῼ"))),
        ("upper", json!([""]), Ok(json!(""))),
        (
            "upper",
            json!([null]),
            Err("upper: expected string, got nil"),
        ),
        (
            "upper",
            json!([1.5]),
            Err("upper: expected string, got float"),
        ),
        ("lower", json!(["AB"]), Ok(json!("ab"))),
        ("lower", json!(["ÀÉ"]), Ok(json!("àé"))),
        // Go's ToLower has no final-sigma rule.
        ("lower", json!(["ΣΑΣ"]), Ok(json!("σασ"))),
        ("lower", json!(["İ"]), Ok(json!("i"))),
        (
            "lower",
            json!([null]),
            Err("lower: expected string, got nil"),
        ),
    ]);
}

#[test]
fn split_and_split_after() {
    check_table(&[
        ("split", json!(["a,b", ","]), Ok(json!(["a", "b"]))),
        ("split", json!(["", ","]), Ok(json!([""]))),
        ("split", json!(["a,b,", ","]), Ok(json!(["a", "b", ""]))),
        ("split", json!(["a,b,c", ",", 2]), Ok(json!(["a", "b,c"]))),
        ("split", json!(["a,b,c", ",", 0]), Ok(json!([]))),
        (
            "split",
            json!(["a,b,c", ",", -1]),
            Ok(json!(["a", "b", "c"])),
        ),
        (
            "split",
            json!(["a,b,c", ",", 10]),
            Ok(json!(["a", "b", "c"])),
        ),
        ("split", json!(["abc", ""]), Ok(json!(["a", "b", "c"]))),
        ("split", json!(["héllo", "", 2]), Ok(json!(["h", "éllo"]))),
        ("split", json!(["", ""]), Ok(json!([]))),
        ("split", json!(["a--b", "--"]), Ok(json!(["a", "b"]))),
        (
            "split",
            json!([null, ","]),
            Err("split: expected string, got nil"),
        ),
        (
            "split",
            json!(["a", null]),
            Err("split: expected string, got nil"),
        ),
        (
            "splitAfter",
            json!(["apple,orange,grape", ","]),
            Ok(json!(["apple,", "orange,", "grape"])),
        ),
        (
            "splitAfter",
            json!(["a,b,", ","]),
            Ok(json!(["a,", "b,", ""])),
        ),
        (
            "splitAfter",
            json!(["a,b,c", ",", 2]),
            Ok(json!(["a,", "b,c"])),
        ),
        ("splitAfter", json!(["a,b,c", ",", 0]), Ok(json!([]))),
        ("splitAfter", json!(["ab", ""]), Ok(json!(["a", "b"]))),
        ("splitAfter", json!(["", ","]), Ok(json!([""]))),
    ]);
}

#[test]
fn replace_and_repeat() {
    check_table(&[
        ("replace", json!(["aa", "a", "b"]), Ok(json!("bb"))),
        ("replace", json!(["abc", "", "-"]), Ok(json!("-a-b-c-"))),
        (
            "replace",
            json!(["héllo", "", "-"]),
            Ok(json!("-h-é-l-l-o-")),
        ),
        ("replace", json!(["abc", "", "-", 2]), Ok(json!("-a-bc"))),
        ("replace", json!(["", "", "-"]), Ok(json!("-"))),
        ("replace", json!(["aaa", "a", "b", 2]), Ok(json!("bba"))),
        ("replace", json!(["aaa", "a", "b", 0]), Ok(json!("aaa"))),
        ("replace", json!(["aaa", "a", "b", -1]), Ok(json!("bbb"))),
        ("replace", json!(["aaaa", "aa", "b"]), Ok(json!("bb"))),
        ("replace", json!(["abc", "x", "y"]), Ok(json!("abc"))),
        ("replace", json!(["a.b", ".", ""]), Ok(json!("ab"))),
        (
            "replace",
            json!([null, "a", "b"]),
            Err("replace: expected string, got nil"),
        ),
        ("repeat", json!(["ab", 2]), Ok(json!("abab"))),
        ("repeat", json!(["ab", 0]), Ok(json!(""))),
        ("repeat", json!(["", 5]), Ok(json!(""))),
        (
            "repeat",
            json!(["x", -1]),
            Err("invalid argument for repeat (expected positive integer, got -1)"),
        ),
        (
            "repeat",
            json!(["", 1_000_001]),
            Err("memory budget exceeded"),
        ),
        (
            "repeat",
            json!(["ab", 600_000]),
            Err("memory budget exceeded"),
        ),
        (
            "repeat",
            json!([null, 1]),
            Err("repeat: expected string, got nil"),
        ),
        // Counts are read like expr's runtime.ToInt: floats truncate, strings parse.
        ("repeat", json!(["ab", 2.9]), Ok(json!("abab"))),
        ("repeat", json!(["ab", "2"]), Ok(json!("abab"))),
        (
            "repeat",
            json!(["ab", "x"]),
            Err("invalid operation: int(x)"),
        ),
        (
            "repeat",
            json!(["ab", null]),
            Err("invalid operation: int(<nil>)"),
        ),
        ("split", json!(["a,b,c", ",", 1.5]), Ok(json!(["a,b,c"]))),
        ("replace", json!(["aaa", "a", "b", 1.0]), Ok(json!("baa"))),
    ]);
    let big = call("repeat", json!(["a", 1_000_000])).unwrap();
    assert_eq!(big.as_str().unwrap().len(), 1_000_000);
    // The budget is shared with the rest of the run.
    assert_eq!(
        call_budget("repeat", json!(["abc", 4]), 11),
        Err("memory budget exceeded".into())
    );
    assert_eq!(
        call_budget("repeat", json!(["abc", 4]), 12),
        Ok(json!("abcabcabcabc"))
    );
    // Hostile growth through replace is charged too.
    assert_eq!(
        call_budget("replace", json!(["aaaa", "", "xxxx"]), 10),
        Err("memory budget exceeded".into())
    );
}

#[test]
fn join_index_prefix() {
    check_table(&[
        ("join", json!([["a", "b"], ","]), Ok(json!("a,b"))),
        ("join", json!([["a", "b"]]), Ok(json!("ab"))),
        ("join", json!([[]]), Ok(json!(""))),
        ("join", json!([["a"], ", "]), Ok(json!("a"))),
        (
            "join",
            json!([[1, 2]]),
            Err("join: expected string, got int"),
        ),
        (
            "join",
            json!([null, ","]),
            Err("invalid argument for join (type <nil>)"),
        ),
        (
            "join",
            json!(["ab", ","]),
            Err("invalid argument for join (type string)"),
        ),
        ("indexOf", json!(["héllo", "l"]), Ok(json!(3))),
        ("indexOf", json!(["abc", "z"]), Ok(json!(-1))),
        ("indexOf", json!(["abc", ""]), Ok(json!(0))),
        ("indexOf", json!(["", "a"]), Ok(json!(-1))),
        (
            "indexOf",
            json!([null, "a"]),
            Err("indexOf: expected string, got nil"),
        ),
        ("lastIndexOf", json!(["hello", "l"]), Ok(json!(3))),
        ("lastIndexOf", json!(["héllo", "l"]), Ok(json!(4))),
        ("lastIndexOf", json!(["abc", ""]), Ok(json!(3))),
        ("lastIndexOf", json!(["abc", "z"]), Ok(json!(-1))),
        ("hasPrefix", json!(["abc", "ab"]), Ok(json!(true))),
        ("hasPrefix", json!(["abc", "bc"]), Ok(json!(false))),
        ("hasPrefix", json!(["abc", ""]), Ok(json!(true))),
        (
            "hasPrefix",
            json!([null, "a"]),
            Err("hasPrefix: expected string, got nil"),
        ),
        ("hasSuffix", json!(["abc", "bc"]), Ok(json!(true))),
        ("hasSuffix", json!(["abc", "ab"]), Ok(json!(false))),
        (
            "hasSuffix",
            json!(["abc", 1]),
            Err("hasSuffix: expected string, got int"),
        ),
    ]);
}

#[test]
fn base64() {
    check_table(&[
        ("toBase64", json!(["hi"]), Ok(json!("aGk="))),
        ("toBase64", json!([""]), Ok(json!(""))),
        ("toBase64", json!(["hello"]), Ok(json!("aGVsbG8="))),
        ("toBase64", json!(["é"]), Ok(json!("w6k="))),
        (
            "toBase64",
            json!([null]),
            Err("toBase64: expected string, got nil"),
        ),
        ("fromBase64", json!(["aGk="]), Ok(json!("hi"))),
        ("fromBase64", json!(["aGVsbG8="]), Ok(json!("hello"))),
        ("fromBase64", json!(["aGVs\nbG8="]), Ok(json!("hello"))),
        ("fromBase64", json!([""]), Ok(json!(""))),
        (
            "fromBase64",
            json!(["a!=="]),
            Err("illegal base64 data at input byte 1"),
        ),
        (
            "fromBase64",
            json!(["aGk"]),
            Err("illegal base64 data at input byte 0"),
        ),
        (
            "fromBase64",
            json!(["aGk=aGk="]),
            Err("illegal base64 data at input byte 4"),
        ),
        (
            "fromBase64",
            json!([null]),
            Err("fromBase64: expected string, got nil"),
        ),
        // Bytes that are not UTF-8 are replaced (documented divergence).
        ("fromBase64", json!(["/w=="]), Ok(json!("\u{fffd}"))),
    ]);
}
