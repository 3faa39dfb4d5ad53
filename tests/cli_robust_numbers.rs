//! `direct` copies numbers as the input line spells them (issue 15, item 5).
//!
//! Where a number is written, it is written as a string (SCIM attributes of
//! these schemas have no number type; docs/mapping.md, How values are written), and that string is
//! the number's literal text in the input: `12345678901234567890123` stays
//! exactly that rather than serde_json's `f64` text `1.2345678901234568e+22`;
//! 2^64 is not rounded; `-0` stays `-0` (not `-0.0`), `1E2` stays `1E2`
//! (not `100.0`), `1.50` stays `1.50`. The literal, not a normalised form,
//! because a directory's employee number or badge id is an identifier the
//! admin wants copied character for character. Expressions still compute
//! with the number's value (`jcUser.employeeIdentifier` is a float there, as in expr-lang).

mod cli_robust_common;

use cli_robust_common::*;
use serde_json::{json, Value as Json};

const MAPPING: &str = r#"{"name":"nums","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"employeeIdentifier","required":true},
  {"target":"externalId","direct":"phoneNumbers.1.number"},
  {"target":"title","direct":"custom:badge"},
  {"target":"nickName","expression":"jcUser.employeeIdentifier"},
  {"target":"addresses","direct":"addresses"},
  {"target":"active","direct":"activated"}]}"#;

/// [`MAPPING`] without its expression.
const DIRECT_ONLY: &str = r#"{"name":"nums","direction":"export","resource":"User","attributes":[
  {"target":"userName","direct":"employeeIdentifier","required":true},
  {"target":"externalId","direct":"phoneNumbers.1.number"},
  {"target":"title","direct":"custom:badge"},
  {"target":"addresses","direct":"addresses"},
  {"target":"active","direct":"activated"}]}"#;

/// (literal, what serde_json's f64 would have given)
const CASES: &[(&str, &str)] = &[
    ("12345678901234567890123", "1.2345678901234568e+22"),
    ("18446744073709551616", "1.8446744073709552e+19"),
    ("-9223372036854775809", "-9.223372036854776e+18"),
    ("-0", "-0.0"),
    ("1E2", "100.0"),
    ("1e-7", "1e-7"),
    ("1.50", "1.5"),
    ("0.1", "0.1"),
    ("18446744073709551615", "18446744073709551615"),
    ("-42", "-42"),
];

fn record(n: &str) -> String {
    format!(
        r#"{{"employeeIdentifier": {n}, "phoneNumbers": [{{"number": 0}}, {{"number": {n}}}], "attributes": [{{"name": "badge", "value": {n}}}],
            "addresses": [{{"type": "work", "postalCode": {n}}}], "other": {n}}}"#
    )
    .replace('\n', " ")
}

#[test]
fn map_writes_numbers_as_the_input_spells_them() {
    let map = temp("numbers.json", MAPPING.as_bytes());
    let input: String = CASES.iter().map(|(n, _)| record(n) + "\n").collect();
    let input = temp("numbers.jsonl", input.as_bytes());
    let o = bin()
        .args(["map", "--mapping"])
        .arg(&map)
        .arg("--input")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = json_lines(&o.stdout);
    assert_eq!(out.len(), CASES.len());
    for ((literal, _), r) in CASES.iter().zip(&out) {
        assert_eq!(r["userName"], *literal, "{r}");
        assert_eq!(r["externalId"], *literal, "{r}");
        assert_eq!(r["title"], *literal, "{r}");
        assert_eq!(r["addresses"][0]["postalCode"], *literal, "{r}");
    }
    // Expressions compute with the value: a float.
    assert_eq!(out[0]["nickName"], "1.2345678901234568e+22");
    assert_eq!(out[4]["nickName"], "100.0");
}

#[test]
fn exactly_the_strings_of_the_issue() {
    let map = temp("numbers-issue.json", DIRECT_ONLY.as_bytes());
    for (literal, f64_text) in CASES {
        let input = temp(
            "numbers-issue.jsonl",
            format!("{{\"employeeIdentifier\": {literal}}}\n").as_bytes(),
        );
        let o = bin()
            .args(["map", "--mapping"])
            .arg(&map)
            .arg("--input")
            .arg(&input)
            .output()
            .unwrap();
        let out = json_lines(&o.stdout);
        assert_eq!(out[0]["userName"], *literal);
        if literal != f64_text {
            assert!(
                !String::from_utf8_lossy(&o.stdout).contains(&format!("\"{f64_text}\"")),
                "{literal} came out as {f64_text}"
            );
        }
    }
}

#[test]
fn a_boolean_target_still_names_the_number_it_got() {
    let map = temp("numbers-bool.json", MAPPING.as_bytes());
    let input = temp(
        "numbers-bool.jsonl",
        b"{\"employeeIdentifier\": 1E2, \"activated\": 1E2}\n",
    );
    let o = bin()
        .args(["map", "--mapping"])
        .arg(&map)
        .arg("--input")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(json_lines(&o.stdout)[0]["userName"], "1E2");
    assert!(
        stderr(&o).contains("active: expected boolean, got number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn preview_shows_the_literal() {
    let map = temp("numbers-preview.json", DIRECT_ONLY.as_bytes());
    let input = temp(
        "numbers-preview.jsonl",
        format!("{}\n", record("12345678901234567890123")).as_bytes(),
    );
    let o = bin()
        .args(["preview", "--mapping"])
        .arg(&map)
        .arg("--input")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("\"userName\": \"12345678901234567890123\""),
        "{text}"
    );
    assert!(!text.contains("e+22"), "{text}");
}

#[test]
fn plan_creates_with_the_literal_and_sees_no_change_against_it() {
    let mapping = r#"{"name":"nums","direction":"export","resource":"User","attributes":[
      {"target":"userName","direct":"email","required":true},
      {"target":"externalId","direct":"id"},
      {"target":"title","direct":"employeeIdentifier"}]}"#;
    let map = temp("numbers-plan.json", mapping.as_bytes());
    let users = temp(
        "numbers-plan-users.jsonl",
        b"{\"id\": \"u1\", \"email\": \"a@x\", \"employeeIdentifier\": 12345678901234567890123}\n\
          {\"id\": \"u2\", \"email\": \"b@x\", \"employeeIdentifier\": 1E2}\n",
    );
    let provider = temp(
        "numbers-plan-provider.jsonl",
        json!({"id": "p2", "externalId": "u2", "userName": "b@x", "title": "1E2"})
            .to_string()
            .as_bytes(),
    );
    let o = bin()
        .args(["plan", "--mapping"])
        .arg(&map)
        .arg("--input")
        .arg(&users)
        .arg("--provider")
        .arg(&provider)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out: Vec<Json> = json_lines(&o.stdout);
    assert_eq!(out[0]["action"], "create");
    assert_eq!(out[0]["body"]["title"], "12345678901234567890123");
    assert_eq!(out[1]["action"], "unchanged", "{}", out[1]);
}

#[test]
fn hosts_get_the_literals_through_with_number_text() {
    use scimexpr::mapping::{ApplyInput, Mapping};
    let m = Mapping::load(DIRECT_ONLY).unwrap();
    let text = r#"{"employeeIdentifier": 1E2, "phoneNumbers": [{"number": 1}, {"number": -0}]}"#;
    let record = m.parse_primary(text).unwrap();
    let empty = json!({});
    let input = ApplyInput {
        jc_user: &record,
        provider_user: &empty,
        settings: &empty,
        jc_group: &empty,
    };
    // Without the text, a float is all there is.
    let plain = m.apply(&input).resource.unwrap();
    assert_eq!(plain["userName"], "100.0");
    assert_eq!(plain["externalId"], "-0.0");
    let exact = m
        .with_number_text(text, &record, || m.apply(&input))
        .resource
        .unwrap();
    assert_eq!(exact["userName"], "1E2");
    assert_eq!(exact["externalId"], "-0");
    // Only while `f` runs.
    assert_eq!(m.apply(&input).resource.unwrap()["userName"], "100.0");
}
