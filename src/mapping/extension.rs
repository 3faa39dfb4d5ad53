//! Host extension schemas (docs/mapping.md, Extension schemas): RFC 7643 §7
//! schema documents (`id`, `attributes` with `name`, `type`, `multiValued`,
//! `subAttributes`, `mutability`, `caseExact`, `required`) turned into the
//! [`Attr`] model targets are checked against.
//!
//! Target paths hold `&'static Attr`s, so a parsed schema is kept for the rest
//! of the process; the same document parsed again reuses the first copy, so a
//! host that reloads its schemas does not grow.

use super::schema::{Attr, Type, ENTERPRISE_URN, GROUP_URN, USER_URN};
use super::Resource;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Most attributes (sub-attributes included) one schema document may define.
const MAX_ATTRIBUTES: usize = 1000;

/// An extension schema a host supplies: which resource it extends, its URN and
/// its attributes (canonical names, types, multi-valuedness, sub-attributes,
/// mutability, `caseExact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    /// The schema URN (`id`), as the document writes it.
    pub urn: &'static str,
    /// The resource it extends: `Group` when the URN ends in `:Group`, else `User`.
    pub resource: Resource,
    /// Its attributes.
    pub attrs: &'static [Attr],
}

/// Parses an RFC 7643 §7 schema document: one schema object, a JSON array of
/// them, or a `ListResponse` (what `GET /Schemas` returns) with `Resources`.
/// Every problem is reported, each with where it is (`Resources[0].attributes[2]`
/// and the attribute's name; JSON syntax errors with line and column).
///
/// ```
/// use scimexpr::mapping::extension::parse_schema_document;
///
/// let doc = r#"{"id": "urn:acme:2.0:User", "attributes": [
///     {"name": "badge", "type": "string"},
///     {"name": "level", "type": "integer"}]}"#;
/// let ext = parse_schema_document(doc).unwrap();
/// assert_eq!(ext[0].urn, "urn:acme:2.0:User");
/// assert_eq!(ext[0].attrs[1].ty.name(), "integer");
///
/// let errs = parse_schema_document(r#"{"id": "urn:acme:2.0:User", "attributes": [{"name": "x", "type": "str"}]}"#).unwrap_err();
/// assert!(errs[0].starts_with("attributes[0] (x): \"type\" must be one of string"), "{}", errs[0]);
/// ```
pub fn parse_schema_document(text: &str) -> Result<Vec<Extension>, Vec<String>> {
    let doc: Json = serde_json::from_str(text).map_err(|e| vec![format!("not valid JSON: {e}")])?;
    let (items, prefix): (Vec<&Json>, &str) = match &doc {
        Json::Array(a) => (a.iter().collect(), ""),
        Json::Object(o) if o.contains_key("Resources") => match o.get("Resources") {
            Some(Json::Array(a)) => (a.iter().collect(), "Resources"),
            _ => return Err(vec!["\"Resources\" must be an array of schemas".into()]),
        },
        Json::Object(_) => (vec![&doc], "-"),
        _ => {
            return Err(vec![format!(
                "a schema document must be a JSON object (or an array of them), not {}",
                kind(&doc)
            )])
        }
    };
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = match prefix {
            "-" => String::new(),
            "" => format!("[{i}]"),
            p => format!("{p}[{i}]"),
        };
        match schema(item, &at) {
            Ok((urn, resource, attrs)) => {
                if out
                    .iter()
                    .any(|e: &(String, Resource, Vec<Attr>)| e.0.eq_ignore_ascii_case(&urn))
                {
                    errors.push(format!("{}schema {urn} is defined twice", dot(&at)));
                } else {
                    out.push((urn, resource, attrs));
                }
            }
            Err(mut es) => errors.append(&mut es),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(out
        .into_iter()
        .map(|(urn, resource, attrs)| intern(urn, resource, attrs))
        .collect())
}

fn dot(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!("{at}: ")
    }
}

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

type Parsed = (String, Resource, Vec<Attr>);

fn schema(v: &Json, at: &str) -> Result<Parsed, Vec<String>> {
    let Json::Object(o) = v else {
        return Err(vec![format!(
            "{}a schema must be an object, not {}",
            dot(at),
            kind(v)
        )]);
    };
    let mut errors = Vec::new();
    let urn = match o.get("id") {
        Some(Json::String(s)) if s.len() > 4 && s[..4].eq_ignore_ascii_case("urn:") => s.clone(),
        Some(Json::String(s)) => {
            errors.push(format!(
                "{}\"id\" must be a schema URN (urn:…), not {s:?}",
                dot(at)
            ));
            String::new()
        }
        _ => {
            errors.push(format!("{}missing \"id\" (the schema URN)", dot(at)));
            String::new()
        }
    };
    for core in [USER_URN, GROUP_URN, ENTERPRISE_URN] {
        if urn.eq_ignore_ascii_case(core) {
            errors.push(format!(
                "{}{core} is built in: an extension schema needs its own URN",
                dot(at)
            ));
        }
    }
    let resource = if urn.len() >= 6 && urn[urn.len() - 6..].eq_ignore_ascii_case(":Group") {
        Resource::Group
    } else {
        Resource::User
    };
    let sep = if at.is_empty() { "" } else { "." };
    let attrs = match o.get("attributes") {
        Some(Json::Array(a)) => {
            let mut count = 0;
            attributes(
                a,
                &format!("{at}{sep}attributes"),
                false,
                &mut errors,
                &mut count,
            )
        }
        Some(v) => {
            errors.push(format!(
                "{}\"attributes\" must be an array, not {}",
                dot(at),
                kind(v)
            ));
            Vec::new()
        }
        None => {
            errors.push(format!("{}missing \"attributes\"", dot(at)));
            Vec::new()
        }
    };
    if errors.is_empty() {
        Ok((urn, resource, attrs))
    } else {
        Err(errors)
    }
}

fn attributes(
    list: &[Json],
    at: &str,
    nested: bool,
    errors: &mut Vec<String>,
    count: &mut usize,
) -> Vec<Attr> {
    let mut out: Vec<Attr> = Vec::new();
    for (i, v) in list.iter().enumerate() {
        *count += 1;
        if *count > MAX_ATTRIBUTES {
            errors.push(format!(
                "too many attributes (limit {MAX_ATTRIBUTES} per document)"
            ));
            return out;
        }
        let here = format!("{at}[{i}]");
        let Json::Object(o) = v else {
            errors.push(format!(
                "{here}: an attribute must be an object, not {}",
                kind(v)
            ));
            continue;
        };
        if let Some(a) = attribute(o, &here, nested, errors, count) {
            if out.iter().any(|b| b.name.eq_ignore_ascii_case(a.name)) {
                errors.push(format!(
                    "{here} ({}): {} is defined twice (names are case-insensitive)",
                    a.name, a.name
                ));
            } else {
                out.push(a);
            }
        }
    }
    out
}

fn valid_name(n: &str) -> bool {
    let mut chars = n.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        || n == "$ref"
}

fn attribute(
    o: &Map<String, Json>,
    here: &str,
    nested: bool,
    errors: &mut Vec<String>,
    count: &mut usize,
) -> Option<Attr> {
    let before = errors.len();
    let name = match o.get("name") {
        Some(Json::String(n)) if valid_name(n) => n.clone(),
        Some(Json::String(n)) => {
            errors.push(format!(
                "{here}: {n:?} is not an attribute name (a letter, then letters, digits, _ or -)"
            ));
            n.clone()
        }
        _ => {
            errors.push(format!("{here}: missing \"name\""));
            String::new()
        }
    };
    let at = if name.is_empty() {
        here.to_string()
    } else {
        format!("{here} ({name})")
    };
    let ty = match o.get("type").and_then(Json::as_str) {
        Some("string") => Type::String,
        Some("boolean") => Type::Boolean,
        Some("decimal") => Type::Decimal,
        Some("integer") => Type::Integer,
        Some("dateTime") => Type::DateTime,
        Some("binary") => Type::Binary,
        Some("reference") => Type::Reference,
        Some("complex") => Type::Complex,
        other => {
            let got = match (other, o.get("type")) {
                (Some(s), _) => format!("{s:?}"),
                (None, None) => "missing".to_string(),
                (None, Some(v)) => kind(v).to_string(),
            };
            errors.push(format!(
                "{at}: \"type\" must be one of string, boolean, decimal, integer, dateTime, binary, reference, complex, not {got}"
            ));
            Type::String
        }
    };
    let flag = |key: &str, errors: &mut Vec<String>| match o.get(key) {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(v) => {
            errors.push(format!(
                "{at}: \"{key}\" must be true or false, not {}",
                kind(v)
            ));
            false
        }
    };
    let multi = flag("multiValued", errors);
    let case_exact = flag("caseExact", errors);
    let _required = flag("required", errors);
    let read_only = match o.get("mutability") {
        None => false,
        Some(Json::String(m)) => match m.as_str() {
            "readOnly" => true,
            "readWrite" | "writeOnly" | "immutable" => false,
            _ => {
                errors.push(format!(
                    "{at}: \"mutability\" must be readOnly, readWrite, immutable or writeOnly, not {m:?}"
                ));
                false
            }
        },
        Some(v) => {
            errors.push(format!(
                "{at}: \"mutability\" must be a string, not {}",
                kind(v)
            ));
            false
        }
    };
    let subs = match (o.get("subAttributes"), ty) {
        (Some(Json::Array(a)), Type::Complex) => {
            if nested {
                errors.push(format!(
                    "{at}: a sub-attribute cannot be complex (RFC 7643 §2.3.8)"
                ));
                Vec::new()
            } else {
                let subs = attributes(a, &format!("{here}.subAttributes"), true, errors, count);
                if subs.is_empty() && errors.len() == before {
                    errors.push(format!("{at}: a complex attribute needs subAttributes"));
                }
                subs
            }
        }
        (None, Type::Complex) if !nested => {
            errors.push(format!("{at}: a complex attribute needs subAttributes"));
            Vec::new()
        }
        (None, Type::Complex) => {
            errors.push(format!(
                "{at}: a sub-attribute cannot be complex (RFC 7643 §2.3.8)"
            ));
            Vec::new()
        }
        (Some(Json::Array(a)), _) if a.is_empty() => Vec::new(),
        (Some(Json::Array(_)), t) => {
            errors.push(format!(
                "{at}: only a complex attribute has subAttributes, and this one is {}",
                t.name()
            ));
            Vec::new()
        }
        (Some(v), _) => {
            errors.push(format!(
                "{at}: \"subAttributes\" must be an array, not {}",
                kind(v)
            ));
            Vec::new()
        }
        (None, _) => Vec::new(),
    };
    if errors.len() > before {
        return None;
    }
    Some(Attr {
        name: leak_str(name),
        ty,
        multi,
        subs: Box::leak(subs.into_boxed_slice()),
        read_only,
        case_exact,
        set: false,
    })
}

fn leak_str(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The schemas parsed so far, by URN: a document parsed again with the same
/// attributes reuses the copy already kept.
fn intern(urn: String, resource: Resource, attrs: Vec<Attr>) -> Extension {
    type Kept = HashMap<String, Vec<Extension>>;
    static KEPT: OnceLock<Mutex<Kept>> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Mutex::new(HashMap::new()));
    let mut kept = match kept.lock() {
        Ok(k) => k,
        Err(poisoned) => poisoned.into_inner(),
    };
    let same = kept
        .get(&urn)
        .and_then(|v| v.iter().find(|e| e.attrs == attrs.as_slice()).copied());
    if let Some(e) = same {
        return e;
    }
    let ext = Extension {
        urn: leak_str(urn.clone()),
        resource,
        attrs: Box::leak(attrs.into_boxed_slice()),
    };
    kept.entry(urn).or_default().push(ext);
    ext
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_parse_into_attrs() {
        let doc = r#"{"Resources": [{"id": "urn:acme:2.0:User", "name": "Acme", "attributes": [
            {"name": "badge", "type": "string", "caseExact": true, "required": true},
            {"name": "tags", "type": "string", "multiValued": true},
            {"name": "site", "type": "complex", "subAttributes": [
                {"name": "code", "type": "string"}, {"name": "floor", "type": "integer"}]},
            {"name": "hired", "type": "dateTime", "mutability": "readOnly"}]},
            {"id": "urn:acme:2.0:Group", "attributes": [{"name": "cost", "type": "decimal"}]}]}"#;
        let ext = parse_schema_document(doc).unwrap();
        assert_eq!(ext.len(), 2);
        let user = ext[0];
        assert_eq!(user.resource, Resource::User);
        assert!(user.attrs[0].case_exact);
        assert!(user.attrs[1].multi);
        assert_eq!(
            user.attrs[2].sub("FLOOR").map(|a| a.ty),
            Some(Type::Integer)
        );
        assert!(user.attrs[3].read_only);
        assert_eq!(ext[1].resource, Resource::Group);
        // The same document again: the same attributes, not a new copy.
        let again = parse_schema_document(doc).unwrap();
        assert!(std::ptr::eq(again[0].attrs, user.attrs));
    }

    #[test]
    fn bad_documents_say_where() {
        let table = [
            (
                "{",
                "not valid JSON: EOF while parsing an object at line 1 column 1",
            ),
            ("[1]", "[0]: a schema must be an object, not number"),
            (r#"{"attributes": []}"#, "missing \"id\""),
            (
                r#"{"id": "acme", "attributes": []}"#,
                "\"id\" must be a schema URN",
            ),
            (
                r#"{"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": []}"#,
                "is built in",
            ),
            (r#"{"id": "urn:a:User"}"#, "missing \"attributes\""),
            (
                r#"{"id": "urn:a:User", "attributes": [{"type": "string"}]}"#,
                "attributes[0]: missing \"name\"",
            ),
            (
                r#"{"id": "urn:a:User", "attributes": [{"name": "x", "type": "int"}]}"#,
                "attributes[0] (x): \"type\" must be one of",
            ),
            (
                r#"{"id": "urn:a:User", "attributes": [{"name": "x", "type": "complex"}]}"#,
                "attributes[0] (x): a complex attribute needs subAttributes",
            ),
            (
                r#"{"id": "urn:a:User", "attributes": [{"name": "x", "type": "complex", "subAttributes": [{"name": "y", "type": "complex", "subAttributes": []}]}]}"#,
                "attributes[0].subAttributes[0] (y): a sub-attribute cannot be complex",
            ),
            (
                r#"{"id": "urn:a:User", "attributes": [{"name": "x", "type": "string", "multiValued": "yes"}]}"#,
                "attributes[0] (x): \"multiValued\" must be true or false, not string",
            ),
            (
                r#"{"id": "urn:a:User", "attributes": [{"name": "x", "type": "string"}, {"name": "X", "type": "string"}]}"#,
                "attributes[1] (X): X is defined twice",
            ),
            (
                r#"{"id": "urn:a:User", "attributes": [{"name": "1x", "type": "string"}]}"#,
                "is not an attribute name",
            ),
        ];
        for (doc, want) in table {
            let errs = parse_schema_document(doc).unwrap_err();
            assert!(errs[0].contains(want), "{doc}: {errs:?}");
        }
    }
}
