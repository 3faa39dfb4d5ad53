//! Record schemas, typed checks and host extension schemas (docs/mapping.md,
//! Checks for admins): tables of a mapping snippet → the diagnostic it must
//! get (severity, code, message, line:col, suggestion), and snippets that
//! must stay clean.

use scimexpr::mapping::records::{Field, FieldType, RecordSchema, Shape};
use scimexpr::mapping::{Diagnostic, Severity};
use scimexpr::{ApplyInput, Compiler, LoadError, Mapping, RecordSchemas};
use serde_json::{json, Value as Json};

const ACME: &str = "urn:acme:params:scim:schemas:extension:acme:2.0:User";

fn acme_schema() -> String {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": ACME,
        "name": "AcmeUser",
        "attributes": [
            {"name": "badge", "type": "integer", "multiValued": false, "required": false},
            {"name": "onSite", "type": "boolean"},
            {"name": "hired", "type": "dateTime"},
            {"name": "site", "type": "complex", "subAttributes": [
                {"name": "code", "type": "string", "caseExact": true},
                {"name": "floor", "type": "integer"}]},
            {"name": "tags", "type": "string", "multiValued": true},
            {"name": "desks", "type": "complex", "multiValued": true, "subAttributes": [
                {"name": "value", "type": "string"}, {"name": "type", "type": "string"},
                {"name": "primary", "type": "boolean"}]},
            {"name": "token", "type": "string", "mutability": "readOnly"}
        ]
    })
    .to_string()
}

fn schemas() -> RecordSchemas {
    let mut s = RecordSchemas::default();
    s.add_extension_document(&acme_schema()).unwrap();
    s
}

fn doc(direction: &str, resource: &str, attrs: Json) -> String {
    json!({"name": "t", "direction": direction, "resource": resource, "attributes": attrs})
        .to_string()
}

fn user_export(entry: Json) -> String {
    doc(
        "export",
        "User",
        json!([{"target": "userName", "direct": "email"}, entry]),
    )
}

fn load(text: &str) -> Result<Mapping, scimexpr::LoadErrors> {
    Mapping::load_with_schemas(text, &Compiler::new(), &schemas())
}

/// (code, message, line:col, suggestion) of a load error.
type Want<'a> = (&'a str, &'a str, Option<(usize, usize)>, Option<&'a str>);

fn first_line(e: &LoadError) -> String {
    let m = e.message.lines().next().unwrap_or("").to_string();
    match (e.line, e.column) {
        (Some(l), Some(c)) => m
            .strip_suffix(&format!(" ({l}:{c})"))
            .map_or(m.clone(), str::to_string),
        _ => m,
    }
}

#[test]
fn errors_stop_the_load_with_position_and_suggestion() {
    let table: Vec<(Json, Want)> = vec![
        // Unknown fields of the closed directory record (mapping spec §7).
        (
            json!({"target": "displayName", "expression": "jcUser.fristname + ' ' + jcUser.lastname"}),
            ("unknown-field", "jcUser has no field fristname (did you mean firstname?): it is always nil", Some((1, 8)), Some("firstname")),
        ),
        (
            json!({"target": "title", "expression": "jcUser.jobtitle"}),
            ("unknown-field", "jcUser has no field jobtitle (did you mean jobTitle?): it is always nil", Some((1, 8)), Some("jobTitle")),
        ),
        (
            json!({"target": "title", "direct": "jobTitel"}),
            ("unknown-field", "jcUser has no field jobTitel (did you mean jobTitle?): it is always nil", None, Some("jobTitle")),
        ),
        (
            json!({"target": "title", "direct": "addresses.0.localty"}),
            ("unknown-field", "jcUser.addresses.0 has no field localty (did you mean locality?): it is always nil", None, Some("locality")),
        ),
        (
            json!({"target": "title", "expression": "jcUser.addresses[0].localty"}),
            ("unknown-field", "jcUser.addresses[0] has no field localty (did you mean locality?): it is always nil", Some((1, 21)), Some("locality")),
        ),
        (
            json!({"target": "title", "expression": "find(jcUser.addresses ?? [], .typ == 'work')?.locality"}),
            ("unknown-field", "an element of jcUser.addresses has no field typ (did you mean type?): it is always nil", Some((1, 31)), Some("type")),
        ),
        (
            json!({"target": "title", "expression": "find(jcUser.phoneNumbers, .type == 'work')?.nmber"}),
            ("unknown-field", "an element of jcUser.phoneNumbers has no field nmber (did you mean number?): it is always nil", Some((1, 45)), Some("number")),
        ),
        (
            json!({"target": "title", "expression": "jcUser.zzz"}),
            ("unknown-field", "jcUser has no field zzz: it is always nil", Some((1, 8)), None),
        ),
        // Constants against the target's SCIM type.
        (
            json!({"target": "active", "constant": "yes"}),
            ("type-mismatch", "the constant \"yes\" does not fit: active: expected boolean, got string", None, None),
        ),
        (
            json!({"target": "phoneNumbers", "constant": "555-0100"}),
            ("type-mismatch", "the constant \"555-0100\" does not fit: phoneNumbers: expected an array of objects, got string", None, None),
        ),
        (
            json!({"target": "name", "constant": "Ada"}),
            ("type-mismatch", "the constant \"Ada\" does not fit: name: expected an object, got string", None, None),
        ),
        (
            json!({"target": "title", "constant": ["a"]}),
            ("type-mismatch", "the constant [\"a\"] does not fit: title: expected string, got array", None, None),
        ),
        (
            json!({"target": "emails", "constant": [{"value": "a@b.c", "kind": "work"}]}),
            ("type-mismatch", "the constant [{\"value\":\"a@b.c\",\"kind\":\"work\"}] does not fit: emails: unknown sub-attribute kind", None, None),
        ),
        (
            json!({"target": format!("{ACME}:badge"), "constant": "seven"}),
            ("type-mismatch", "the constant \"seven\" does not fit: badge: expected integer, got string", None, None),
        ),
        // A string holding the literal meant: the literal is the suggestion.
        (
            json!({"target": format!("{ACME}:badge"), "constant": "42"}),
            ("type-mismatch", "the constant \"42\" does not fit: badge: expected integer, got string (did you mean 42, without quotes?)", None, Some("42")),
        ),
        (
            json!({"target": "active", "constant": "True"}),
            ("type-mismatch", "the constant \"True\" does not fit: active: expected boolean, got string (did you mean true, without quotes?)", None, Some("true")),
        ),
        // Misspelled target names: the target as probably meant.
        (
            json!({"target": "name.givenNme", "direct": "firstname"}),
            ("target", "unknown sub-attribute givenNme of name (did you mean givenName?)", None, Some("name.givenName")),
        ),
        (
            json!({"target": "emails[typ eq \"work\"].value", "direct": "email"}),
            ("target", "unknown sub-attribute typ of emails in filter (did you mean type?)", None, Some("emails[type eq \"work\"].value")),
        ),
        (
            json!({"target": format!("{ACME}:bagde"), "direct": "employeeIdentifier"}),
            ("target", "unknown attribute bagde in urn:acme:params:scim:schemas:extension:acme:2.0:User (did you mean badge?)", None, Some("urn:acme:params:scim:schemas:extension:acme:2.0:User:badge")),
        ),
        (
            json!({"target": format!("{ACME}:badge"), "constant": 1.5}),
            ("type-mismatch", "the constant 1.5 does not fit: badge: expected integer, got a number with a fraction", None, None),
        ),
        (
            json!({"target": format!("{ACME}:tags"), "constant": "x"}),
            ("type-mismatch", "the constant \"x\" does not fit: tags: expected an array of string values, got string", None, None),
        ),
        // Expression result types against the target's.
        (
            json!({"target": "active", "expression": "jcUser.state"}),
            ("type-mismatch", "active needs a boolean, but the expression gives a string", Some((1, 1)), None),
        ),
        (
            json!({"target": "active", "expression": "jcUser.suspended ? 'no' : 'yes'"}),
            ("type-mismatch", "active needs a boolean, but the expression gives a string", Some((1, 1)), None),
        ),
        (
            json!({"target": "phoneNumbers", "expression": "jcUser.phoneNumbers[0].number"}),
            ("type-mismatch", "phoneNumbers needs an array of objects, but the expression gives a string", Some((1, 1)), None),
        ),
        (
            json!({"target": "emails", "expression": "[jcUser.email, jcUser.alternateEmail]"}),
            ("type-mismatch", "emails needs an array of objects, but the expression gives an array of strings", Some((1, 1)), None),
        ),
        (
            json!({"target": "title", "expression": "jcUser.addresses"}),
            ("type-mismatch", "title needs a string, but the expression gives an array", Some((1, 1)), None),
        ),
        (
            json!({"target": "name.givenName", "expression": "{first: jcUser.firstname}"}),
            ("type-mismatch", "name.givenName needs a string, but the expression gives an object", Some((1, 1)), None),
        ),
        (
            json!({"target": "active", "direct": "firstname"}),
            ("type-mismatch", "active needs a boolean, but direct jcUser.firstname gives a string", None, None),
        ),
        (
            json!({"target": format!("{ACME}:onSite"), "expression": "len(jcUser.addresses ?? [])"}),
            ("type-mismatch", "urn:acme:params:scim:schemas:extension:acme:2.0:User:onSite needs a boolean, but the expression gives an integer", Some((1, 1)), None),
        ),
        // Conditions must be booleans (`x ? a : b` with a string x fails at run time).
        (
            json!({"target": "displayName", "expression": "jcUser.lastname ? jcUser.lastname : jcUser.firstname"}),
            ("operand-types", "a condition must be a boolean, but jcUser.lastname is a string: compare it, e.g. notNullOrEmpty(jcUser.lastname)", Some((1, 1)), Some("notNullOrEmpty(jcUser.lastname)")),
        ),
        (
            json!({"target": "active", "expression": "!jcUser.department"}),
            ("operand-types", "`!` does not apply to a string", Some((1, 2)), None),
        ),
        // Operators on known types.
        (
            json!({"target": "title", "expression": "jcUser.addresses + 1"}),
            ("operand-types", "`+` does not apply to an array and an integer", Some((1, 18)), None),
        ),
        (
            json!({"target": "title", "expression": "string(jcUser.suspended - 1)"}),
            ("operand-types", "`-` does not apply to a boolean and an integer", Some((1, 25)), None),
        ),
        (
            json!({"target": "active", "expression": "(jcUser.department ?? '') < 5"}),
            ("operand-types", "`<` does not apply to a string and an integer", Some((1, 27)), None),
        ),
        // The language checker's own rules, with the schemas as the roots'
        // types: each of these fails (or is always false) at run time.
        (
            json!({"target": "title", "expression": "jcUser.manager.x"}),
            ("operand-types", "type string has no field x", Some((1, 16)), None),
        ),
        (
            json!({"target": "title", "expression": "upper(jcUser.addresses)"}),
            ("operand-types", "cannot use []interface {} as argument (type string) to call upper", Some((1, 14)), None),
        ),
        (
            json!({"target": "active", "expression": "jcUser.suspended == 'true'"}),
            ("operand-types", "`==` does not apply to a boolean and a string", Some((1, 18)), None),
        ),
        (
            json!({"target": "title", "expression": "join(map(filter(jcUser.addresses, .locality), .region), ',')"}),
            ("operand-types", "predicate should return boolean (got string)", Some((1, 36)), None),
        ),
        // A builtin called as a method: the call as meant.
        (
            json!({"target": "title", "expression": "jcUser.email.split('@')[0]"}),
            ("operand-types", "type string has no method split: split is a function, e.g. split(jcUser.email, '@')", Some((1, 14)), Some("split(jcUser.email, '@')")),
        ),
        // Elements keep their record's type through `first`, `find`, `filter`.
        (
            json!({"target": "title", "expression": "first(jcUser.addresses).cuntry"}),
            ("unknown-field", "an element of jcUser.addresses has no field cuntry (did you mean country?): it is always nil", Some((1, 25)), Some("country")),
        ),
        (
            json!({"target": "title", "expression": "find(jcUser.phoneNumbers ?? [], #.type == 'work')?.numbr"}),
            ("unknown-field", "an element of jcUser.phoneNumbers has no field numbr (did you mean number?): it is always nil", Some((1, 52)), Some("number")),
        ),
        // The document and the expression syntax (already before this work).
        (
            json!({"target": "active", "expression": "jcUser.state = 'SUSPENDED'"}),
            ("compile", "expression does not compile: unexpected token Operator(\"=\")", Some((1, 14)), Some("jcUser.state == 'SUSPENDED'")),
        ),
        (
            json!({"target": "title", "expression": "jcUsr.jobTitle"}),
            ("unknown-name", "expression does not compile: unknown name jcUsr (did you mean jcUser?)", Some((1, 1)), Some("jcUser")),
        ),
    ];
    for (entry, (code, message, pos, suggestion)) in table {
        let errs = load(&user_export(entry.clone())).unwrap_err();
        assert_eq!(errs.len(), 1, "{entry}: {errs}");
        let e = &errs[0];
        assert_eq!(e.index, Some(1), "{entry}");
        assert_eq!(e.code.unwrap_or(""), code, "{entry}: {e}");
        assert_eq!(first_line(e), message, "{entry}");
        assert_eq!(e.line.zip(e.column), pos, "{entry}: {e}");
        assert_eq!(e.suggestion.as_deref(), suggestion, "{entry}: {e}");
    }
}

/// (code, message, line:col, suggestion) of each warning.
type WantW<'a> = Vec<(&'a str, &'a str, Option<(usize, usize)>, Option<&'a str>)>;

/// (code, message, line:col, suggestion), owned.
type Got = (String, String, Option<(usize, usize)>, Option<String>);

fn warnings(m: &Mapping) -> Vec<Got> {
    m.diagnostics()
        .into_iter()
        .map(|d: Diagnostic| {
            assert_eq!(d.severity, Severity::Warning);
            (
                d.code.to_string(),
                d.message,
                d.line.zip(d.column),
                d.suggestion,
            )
        })
        .collect()
}

#[test]
fn warnings_keep_the_load() {
    let table: Vec<(String, WantW)> = vec![
        // The README's and the article's displayName.
        (
            user_export(json!({"target": "displayName", "expression": "jcUser.firstname + ' ' + jcUser.lastname"})),
            vec![
                ("nil-operand", "jcUser.firstname may be absent (nil), and `+` fails on nil: guard it, e.g. (jcUser.firstname ?? '')", Some((1, 1)), Some("jcUser.firstname ?? ''")),
                ("nil-operand", "jcUser.lastname may be absent (nil), and `+` fails on nil: guard it, e.g. (jcUser.lastname ?? '')", Some((1, 26)), Some("jcUser.lastname ?? ''")),
            ],
        ),
        // An optional array into a builtin that rejects nil.
        (
            user_export(json!({"target": "title", "expression": "find(jcUser.addresses, .type == 'work')?.locality"})),
            vec![("nil-operand", "jcUser.addresses may be absent (nil), and `find` fails on nil: guard it, e.g. (jcUser.addresses ?? [])", Some((1, 6)), Some("jcUser.addresses ?? []"))],
        ),
        (
            user_export(json!({"target": "title", "expression": "upper(jcUser.department)"})),
            vec![("nil-operand", "jcUser.department may be absent (nil), and `upper` fails on nil: guard it, e.g. (jcUser.department ?? '')", Some((1, 7)), Some("jcUser.department ?? ''"))],
        ),
        (
            user_export(json!({"target": "title", "expression": "string(len(jcUser.attributes))"})),
            vec![("nil-operand", "jcUser.attributes may be absent (nil), and `len` fails on nil: guard it, e.g. (jcUser.attributes ?? [])", Some((1, 12)), Some("jcUser.attributes ?? []"))],
        ),
        // A condition, `!` and a member access on a field that may be absent.
        (
            user_export(json!({"target": "active", "expression": "jcUser.suspended ? false : true"})),
            vec![("nil-operand", "jcUser.suspended may be absent (nil), and `?:` fails on nil: guard it, e.g. (jcUser.suspended ?? false)", Some((1, 1)), Some("jcUser.suspended ?? false"))],
        ),
        (
            user_export(json!({"target": "active", "expression": "!jcUser.suspended"})),
            vec![("nil-operand", "jcUser.suspended may be absent (nil), and `!` fails on nil: guard it, e.g. (jcUser.suspended ?? false)", Some((1, 2)), Some("jcUser.suspended ?? false"))],
        ),
        (
            user_export(json!({"target": "name.givenName", "expression": "providerUser.name.givenName ?? jcUser.firstname"})),
            vec![("nil-operand", "providerUser.name may be absent (nil), and `.givenName` fails on nil: guard it, e.g. providerUser.name?.givenName", Some((1, 1)), Some("providerUser.name?.givenName"))],
        ),
        // `[][0]` fails too, and JumpCloud writes unset lists as [].
        (
            user_export(json!({"target": "title", "expression": "jcUser.addresses[0].locality"})),
            vec![("nil-operand", "jcUser.addresses[0] fails when jcUser.addresses is empty or absent: guard it, e.g. first(jcUser.addresses)", Some((1, 1)), Some("first(jcUser.addresses)"))],
        ),
        // A record's list written whole where its elements' fields do not fit.
        (
            user_export(json!({"target": "phoneNumbers", "direct": "phoneNumbers"})),
            vec![("type-mismatch", "the elements of jcUser.phoneNumbers may hold number, which phoneNumbers elements do not have (value, display, type, primary): such a value is rejected: convert them, e.g. toScimPhoneNumbers(jcUser.phoneNumbers)", None, Some("toScimPhoneNumbers(jcUser.phoneNumbers)"))],
        ),
        (
            user_export(json!({"target": "addresses", "expression": "jcUser.addresses ?? []"})),
            vec![("type-mismatch", "the elements of jcUser.addresses may hold extendedAddress, poBox, which addresses elements do not have (formatted, streetAddress, locality, region, postalCode, country, type, primary): such a value is rejected: convert them, e.g. toScimAddresses(jcUser.addresses)", Some((1, 1)), Some("toScimAddresses(jcUser.addresses)"))],
        ),
        // Literals a field with listed values never holds.
        (
            user_export(json!({"target": "active", "expression": "jcUser.state != 'Suspended'"})),
            vec![("unknown-value", "jcUser.state is one of STAGED, ACTIVATED, SUSPENDED, never \"Suspended\" (did you mean \"SUSPENDED\"?): `!=` is always true", Some((1, 17)), Some("'SUSPENDED'"))],
        ),
        (
            user_export(json!({"target": "phoneNumbers[type eq \"mobile\"].value", "expression": "find(jcUser.phoneNumbers ?? [], .type == 'mobil')?.number"})),
            vec![("unknown-value", "type of an element of jcUser.phoneNumbers is one of work, home, mobile, other, work_fax, work_mobile, never \"mobil\" (did you mean \"mobile\"?): `==` is always false", Some((1, 42)), Some("'mobile'"))],
        ),
        // Open records: a near name is a warning (a provider's REST JSON may
        // carry any field).
        (
            user_export(json!({"target": "title", "expression": "providerUser.titel ?? jcUser.jobTitle"})),
            vec![("unknown-field", "providerUser has no field titel in its schema (did you mean title?)", Some((1, 14)), Some("title"))],
        ),
        (
            doc("import", "User", json!([{"target": "username", "direct": "usrName"}])),
            vec![("unknown-field", "providerUser has no field usrName in its schema (did you mean userName?)", None, Some("userName"))],
        ),
        (
            doc("import", "User", json!([{"target": "state", "expression": "settings.defaultUserstate"}])),
            vec![("unknown-field", "settings has no field defaultUserstate in its schema (did you mean defaultUserState?)", Some((1, 10)), Some("defaultUserState"))],
        ),
    ];
    for (text, want) in table {
        let m = load(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let want: Vec<_> = want
            .into_iter()
            .map(|(c, m, p, s)| (c.to_string(), m.to_string(), p, s.map(str::to_string)))
            .collect();
        assert_eq!(warnings(&m), want, "{text}");
    }
}

#[test]
fn correct_mappings_get_no_diagnostic() {
    let clean = [
        json!({"target": "active", "expression": "jcUser.state != 'SUSPENDED'"}),
        json!({"target": "active", "expression": "!(jcUser.suspended ?? false)"}),
        json!({"target": "active", "direct": "activated"}),
        json!({"target": "active", "constant": true}),
        json!({"target": "title", "constant": 42}),
        json!({"target": "title", "expression": "jcUser.suspended"}),
        json!({"target": "phoneNumbers", "expression": "toScimPhoneNumbers(jcUser.phoneNumbers)"}),
        json!({"target": "addresses", "expression": "toScimAddresses(jcUser.addresses)"}),
        json!({"target": "emails", "expression": "toScimEmails(jcUser.email)"}),
        json!({"target": "emails", "expression": "[{value: jcUser.email, type: 'work', primary: true}]"}),
        json!({"target": "emails", "constant": [{"value": "a@b.c", "type": "work", "primary": true}]}),
        json!({"target": "phoneNumbers[type eq \"mobile\"].value", "expression": "find(jcUser.phoneNumbers ?? [], .type == 'mobile')?.number"}),
        json!({"target": "roles[primary eq true].value", "constant": "user"}),
        json!({"target": "title", "expression": "notNullOrEmpty(jcUser.addresses) ? find(jcUser.addresses, .type == 'work')?.locality : nil"}),
        json!({"target": "title", "expression": "jcUser.addresses == nil ? nil : len(jcUser.addresses) > 0 ? 'y' : 'n'"}),
        json!({"target": "title", "expression": "first(jcUser.addresses)?.locality"}),
        json!({"target": "displayName", "expression": "notNullOrEmpty(jcUser.firstname) && notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.username"}),
        json!({"target": "displayName", "expression": "jcUser.firstname == nil || jcUser.lastname == nil ? jcUser.username : jcUser.firstname + ' ' + jcUser.lastname"}),
        json!({"target": "name.givenName", "expression": "notNullOrEmpty(providerUser.name) ? providerUser.name.givenName : jcUser.firstname"}),
        json!({"target": "title", "expression": "notNullOrEmpty(jcUser.addresses) ? jcUser.addresses[0].locality : nil"}),
        json!({"target": "title", "expression": "len(jcUser.phoneNumbers ?? []) > 0 ? 'has phones' : nil"}),
        json!({"target": "active", "expression": "jcUser.email endsWith '@example.com'"}),
        json!({"target": "active", "expression": "jcUser.department matches '^Eng' || jcUser.state == 'ACTIVATED'"}),
        json!({"target": "name.givenName", "expression": "providerUser.name?.givenName ?? jcUser.firstname"}),
        json!({"target": "title", "expression": "let a = jcUser.addresses ?? []; len(a) > 0 ? a[0].locality : nil"}),
        json!({"target": "title", "expression": "upper(jcUser.department ?? '')"}),
        json!({"target": "title", "expression": "jcUser.id + '-' + string(jcUser.created)"}),
        json!({"target": "title", "expression": "first(jcUser.attributes)?.value"}),
        json!({"target": "title", "direct": "custom:Badge"}),
        json!({"target": "title", "direct": "attributes.0.anything"}),
        json!({"target": "title", "expression": "providerUser.title ?? providerUser.nonStandardRestField"}),
        json!({"target": "title", "expression": "providerUser[\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"]?.department"}),
        json!({"target": "$enterpriseUser.manager.value", "direct": "managerExternalId"}),
        json!({"target": format!("{ACME}:badge"), "constant": 7}),
        json!({"target": format!("{ACME}:badge"), "expression": "int(jcUser.employeeIdentifier ?? '0')"}),
        json!({"target": format!("{ACME}:onSite"), "expression": "jcUser.location == 'HQ'"}),
        json!({"target": format!("{ACME}:site.code"), "direct": "location"}),
        json!({"target": format!("{ACME}:tags"), "expression": "[jcUser.department ?? 'none']"}),
        json!({"target": format!("{ACME}:desks[type eq \"main\"].value"), "direct": "location"}),
        json!({"target": format!("{ACME}:hired"), "direct": "created"}),
    ];
    for entry in clean {
        let m = load(&user_export(entry.clone())).unwrap_or_else(|e| panic!("{entry}: {e}"));
        assert_eq!(m.diagnostics(), vec![], "{entry}");
    }
    // The shipped connector tables.
    for name in Mapping::builtin_names() {
        let m = Mapping::builtin_with_schemas(name, &Compiler::new(), &schemas())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.diagnostics(), vec![], "{name}");
    }
}

#[test]
fn extension_targets_are_checked_like_core_ones() {
    let table = [
        (format!("{ACME}:bdge"), "unknown attribute bdge in urn:acme:params:scim:schemas:extension:acme:2.0:User (did you mean badge?)"),
        (format!("{ACME}:site.flor"), "unknown sub-attribute flor of site (did you mean floor?)"),
        (format!("{ACME}:token"), "token is read-only"),
        (format!("{ACME}:badge[type eq \"x\"]"), "badge is not multi-valued"),
        (format!("{ACME}:desks[primary eq \"True\"].value"), "filter literal \"True\" does not fit desks.primary, which is a boolean"),
        (format!("{ACME}:desks.value"), "desks is multi-valued: select an element with a filter"),
    ];
    for (target, want) in table {
        let errs = load(&user_export(
            json!({"target": target, "direct": "location"}),
        ))
        .unwrap_err();
        assert!(errs[0].message.contains(want), "{target}: {errs}");
    }
    // Without its schema, the extension is unknown, and the message says
    // where a schema comes from.
    let text = user_export(json!({"target": format!("{ACME}:badge"), "constant": 1}));
    let errs = Mapping::load(&text).unwrap_err();
    assert!(errs[0].message.contains("unknown schema URN"), "{errs}");
    assert!(errs[0].message.contains("--schema FILE"), "{errs}");

    // The resource lists the extension and nests its attributes under its URN.
    let text = doc(
        "export",
        "User",
        json!([
            {"target": "userName", "direct": "email"},
            {"target": format!("{ACME}:badge"), "constant": 7},
            {"target": format!("{ACME}:site.code"), "direct": "location"},
            {"target": format!("{ACME}:TAGS"), "expression": "['a', '', 'b']"},
        ]),
    );
    let m = load(&text).unwrap();
    let user = json!({"id": "u1", "email": "ada@example.com", "location": "HQ"});
    let r = m.apply(&ApplyInput::user(&user)).resource.unwrap();
    assert_eq!(
        r,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ACME],
            "userName": "ada@example.com",
            ACME: {"badge": 7, "site": {"code": "HQ"}, "tags": ["a", "b"]}
        })
    );
    // providerUser has the extension too.
    let text = user_export(
        json!({"target": "title", "expression": format!("providerUser[\"{ACME}\"]?.badge ?? ''")}),
    );
    assert!(load(&text).unwrap().diagnostics().is_empty());
}

#[test]
fn hosts_replace_record_schemas() {
    // A host whose users carry `badge` (an integer) and nothing else known.
    let mut s = RecordSchemas::default();
    let mut user = s.record("jcUser").unwrap().clone();
    user.shape.fields.push(Field {
        name: "badge".into(),
        shape: Shape::of(FieldType::Integer),
        optional: true,
        nullable: false,
    });
    s.set_record(user);
    let text = user_export(json!({"target": "title", "expression": "string(jcUser.badge ?? 0)"}));
    assert!(
        Mapping::load(&text).is_err(),
        "badge is unknown to the shipped schema"
    );
    let m = Mapping::load_with_schemas(&text, &Compiler::new(), &s).unwrap();
    assert!(m.diagnostics().is_empty());
    // A whole record schema as a document, in the shipped format.
    let open = RecordSchema::from_json_text(
        r#"{"root": "jcUser", "closed": false, "fields": [{"name": "email", "type": "string"}]}"#,
    )
    .unwrap();
    s.set_record(open);
    let text = user_export(json!({"target": "title", "expression": "jcUser.anything ?? ''"}));
    assert!(Mapping::load_with_schemas(&text, &Compiler::new(), &s).is_ok());
    // No schema at all: the record is unchecked.
    s.remove_record("jcUser");
    let text = user_export(json!({"target": "title", "expression": "jcUser.fristname"}));
    assert!(Mapping::load_with_schemas(&text, &Compiler::new(), &s).is_ok());
    // The shipped documents are readable.
    let shipped = RecordSchemas::shipped_source("jcUser").unwrap();
    assert!(shipped.contains("\"managerExternalId\""));
}

#[test]
fn bad_schema_documents_are_load_errors_with_where() {
    let mut s = RecordSchemas::default();
    let errs = s
        .add_extension_document(
            r#"{"id": "urn:x:User", "attributes": [
                {"name": "a", "type": "int"},
                {"name": "b", "type": "complex"}]}"#,
        )
        .unwrap_err();
    let got: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        got,
        vec![
            "attributes[0] (a): \"type\" must be one of string, boolean, decimal, integer, dateTime, binary, reference, complex, not \"int\"",
            "attributes[1] (b): a complex attribute needs subAttributes",
        ]
    );
    let errs = s
        .add_extension_document("{\n  \"id\": \"urn:x:User\",\n  \"attributes\": [\n}")
        .unwrap_err();
    assert!(errs[0].message.contains("line 4 column 1"), "{errs}");
    assert!(s.extensions().is_empty());
}

#[test]
fn the_readme_mapping_gets_the_nil_flow_warning() {
    // The README's own example mapping: users without a lastname fail at `+`.
    let readme = include_str!("../README.md");
    let start = readme.find("{\"name\": \"mine\"").unwrap();
    let end = start + readme[start..].find("\n]}").unwrap() + 3;
    let m = Mapping::load(&readme[start..end]).unwrap();
    let got: Vec<(String, Option<String>)> = m
        .diagnostics()
        .into_iter()
        .map(|d| (d.code.to_string(), d.suggestion))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "nil-operand".to_string(),
                Some("jcUser.firstname ?? ''".to_string())
            ),
            (
                "nil-operand".to_string(),
                Some("jcUser.lastname ?? ''".to_string())
            ),
        ]
    );
}
