//! Explain output on the six user shapes of tests/jumpcloud_expressions.rs,
//! line by line; the expected lines are worked out by hand from the values
//! those tests expect (docs/language.md for the rules).

use scimexpr::mapping::explain_program;
use scimexpr::Program;
use serde_json::{json, Value as Json};

const DISPLAY_NAME: &str = "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)";
const ADDRESSES: &str =
    "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))";
const UNGUARDED: &str =
    "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : jcUser.firstname + ' ' + jcUser.lastname";

fn full() -> Json {
    json!({"id": "5f1a0c", "firstname": "Ada", "lastname": "Lovelace", "displayname": "Countess Ada",
           "addresses": [{"type": "home", "locality": "London"}, {"type": "work", "locality": "Cambridge"}]})
}

fn with(mut user: Json, key: &str, value: Option<Json>) -> Json {
    let obj = user.as_object_mut().unwrap();
    match value {
        Some(v) => {
            obj.insert(key.to_string(), v);
        }
        None => {
            obj.shift_remove(key);
        }
    }
    user
}

fn lines(expr: &str, user: &Json) -> (Vec<String>, Result<String, String>) {
    let p = Program::compile(expr).unwrap();
    let x = explain_program(&p, &[("jcUser", user)]);
    (x.steps.iter().map(|s| s.line()).collect(), x.result)
}

const DN: &str = "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)";
const INNER: &str =
    "notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname";

#[test]
fn display_name_on_the_six_shapes() {
    let else_inner = |dn: &str, inner: &str| {
        vec![
            format!("{DN} = {inner} → else branch"),
            "  notNullOrEmpty(jcUser.displayname) = false".to_string(),
            format!("    jcUser.displayname = {dn}"),
            "  jcUser.displayname: not evaluated".to_string(),
        ]
    };
    let mut lovelace = else_inner("\"\"", "\"Ada Lovelace\"");
    lovelace.extend([
        format!("  {INNER} = \"Ada Lovelace\" → then branch"),
        "    notNullOrEmpty(jcUser.lastname) = true".into(),
        "      jcUser.lastname = \"Lovelace\"".into(),
        "    jcUser.firstname + ' ' + jcUser.lastname = \"Ada Lovelace\"".into(),
        "      jcUser.firstname + ' ' = \"Ada \"".into(),
        "        jcUser.firstname = \"Ada\"".into(),
        "      jcUser.lastname = \"Lovelace\"".into(),
        "    jcUser.firstname: not evaluated".into(),
    ]);
    let mut null_dn = lovelace.clone();
    null_dn[2] = "    jcUser.displayname = nil".into();
    let mut ada = else_inner("nil", "\"Ada\"");
    ada.extend([
        format!("  {INNER} = \"Ada\" → else branch"),
        "    notNullOrEmpty(jcUser.lastname) = false".into(),
        "      jcUser.lastname = nil".into(),
        "    jcUser.firstname + ' ' + jcUser.lastname: not evaluated".into(),
        "    jcUser.firstname = \"Ada\"".into(),
    ]);
    let countess = vec![
        format!("{DN} = \"Countess Ada\" → then branch"),
        "  notNullOrEmpty(jcUser.displayname) = true".to_string(),
        "    jcUser.displayname = \"Countess Ada\"".to_string(),
        "  jcUser.displayname = \"Countess Ada\"".to_string(),
        format!("  {INNER}: not evaluated"),
    ];
    let cases = [
        (full(), countess, "\"Countess Ada\""),
        (
            with(full(), "displayname", Some(json!(""))),
            lovelace,
            "\"Ada Lovelace\"",
        ),
        (
            with(with(full(), "displayname", None), "lastname", None),
            ada,
            "\"Ada\"",
        ),
        (
            with(full(), "displayname", Some(json!(null))),
            null_dn,
            "\"Ada Lovelace\"",
        ),
    ];
    for (user, want, value) in cases {
        let (got, result) = lines(DISPLAY_NAME, &user);
        assert_eq!(got, want, "{user}");
        assert_eq!(result.unwrap(), value);
    }
}

#[test]
fn addresses_record_each_predicate_evaluation_and_the_error() {
    let work = "[{\"locality\":\"Cambridge\",\"type\":\"work\",\"primary\":true}]";
    let table: [(Json, Vec<String>); 3] = [
        (
            full(),
            vec![
                format!("{ADDRESSES} = {work}"),
                "  find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses) = {\"type\":\"work\",\"locality\":\"Cambridge\"} → left side (not nil)".into(),
                "    find(jcUser.addresses, .type == 'work') = {\"type\":\"work\",\"locality\":\"Cambridge\"}".into(),
                "      jcUser.addresses = [{\"type\":\"home\",\"locality\":\"London\"},{\"type\":\"work\",\"locality\":\"Cambridge\"}]".into(),
                "      type == 'work' = false, true".into(),
                "        type = \"home\", \"work\"".into(),
                "    first(jcUser.addresses): not evaluated".into(),
            ],
        ),
        (
            with(full(), "addresses", Some(json!([]))),
            vec![
                format!("{ADDRESSES} = nil"),
                "  find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses) = nil → right side (left is nil)".into(),
                "    find(jcUser.addresses, .type == 'work') = nil".into(),
                "      jcUser.addresses = []".into(),
                "      type == 'work': not evaluated".into(),
                "    first(jcUser.addresses) = nil".into(),
                "      jcUser.addresses = []".into(),
            ],
        ),
        // `find` over a missing array fails at `find` (column 17).
        (
            with(full(), "addresses", None),
            vec![
                format!("{ADDRESSES}: failed"),
                "  find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses): failed".into(),
                "    find(jcUser.addresses, .type == 'work'): ERROR cannot iterate over <nil> (1:17)".into(),
                "      jcUser.addresses = nil".into(),
                "      type == 'work': not evaluated".into(),
                "    first(jcUser.addresses): not evaluated".into(),
            ],
        ),
    ];
    for (user, want) in table {
        let (got, _) = lines(ADDRESSES, &user);
        assert_eq!(got, want, "{user}");
    }
}

/// The example: the else branch, `jcUser.lastname = nil`, the error at `+`.
#[test]
fn the_unguarded_concatenation_fails_at_the_plus() {
    let user = with(
        with(full(), "displayname", Some(json!(""))),
        "lastname",
        None,
    );
    let (got, result) = lines(UNGUARDED, &user);
    assert_eq!(
        got,
        vec![
            format!("{UNGUARDED}: failed"),
            "  notNullOrEmpty(jcUser.displayname) = false".to_string(),
            "    jcUser.displayname = \"\"".into(),
            "  jcUser.displayname: not evaluated".into(),
            "  jcUser.firstname + ' ' + jcUser.lastname: ERROR invalid operation: string + <nil> (1:82)".into(),
            "    jcUser.firstname + ' ' = \"Ada \"".into(),
            "      jcUser.firstname = \"Ada\"".into(),
            "    jcUser.lastname = nil".into(),
        ]
    );
    let err = result.unwrap_err();
    assert!(err.ends_with(&format!("\n | {}^", ".".repeat(81))), "{err}");
}

/// A mapping explained: the statuses are the preview's, the steps the trace's.
#[test]
fn mapping_explain_ends_in_the_status() {
    let mapping = scimexpr::Mapping::builtin("namely").unwrap();
    let user = with(full(), "email", Some(json!("ada@example.com")));
    let ex = mapping.explain(&scimexpr::ApplyInput::user(&user));
    assert_eq!(ex.entries.len(), mapping.entries.len());
    let dn = ex
        .entries
        .iter()
        .find(|e| e.target == "displayName")
        .unwrap();
    assert_eq!(dn.lines().last().unwrap(), "→ written \"Countess Ada\"");
    assert_eq!(
        ex.preview,
        mapping.preview(&scimexpr::ApplyInput::user(&user))
    );
}
