//! Target paths (docs/mapping.md, Targets): `[URN ":"] attr ["." sub]`,
//! `attr "[" filter "]" ["." sub]` and `"$enterpriseUser." attr ["." sub]`, where a
//! filter is `sub eq literal` joined by `and` and the literal is a JSON string,
//! boolean or number of the sub-attribute's type. Parsing resolves every name
//! against the schema, so a parsed path is always a valid one and prints in
//! canonical case.

use super::schema::{self, Attr, ENTERPRISE_URN};
use super::Resource;
use std::fmt;

/// Longest target text accepted; real paths are far shorter.
const MAX_LEN: usize = 1024;

/// A parsed, schema-checked target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetPath {
    /// The extension schema URN, or `None` for the core schema (and for import
    /// targets, which are directory fields).
    pub urn: Option<&'static str>,
    /// The attribute.
    pub attr: &'static Attr,
    /// `sub eq literal` pairs selecting one element of a multi-valued attribute.
    pub filter: Vec<(&'static Attr, serde_json::Value)>,
    /// The sub-attribute written, if any.
    pub sub: Option<&'static Attr>,
}

impl fmt::Display for TargetPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(urn) = self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(self.attr.name)?;
        if !self.filter.is_empty() {
            write!(f, "[{}]", self.filter_text())?;
        }
        if let Some(sub) = self.sub {
            write!(f, ".{}", sub.name)?;
        }
        Ok(())
    }
}

impl TargetPath {
    /// The attribute's path without filter or sub-attribute: `emails`,
    /// `urn:…:enterprise:2.0:User:manager`.
    pub fn attr_path(&self) -> String {
        match self.urn {
            Some(urn) => format!("{urn}:{}", self.attr.name),
            None => self.attr.name.to_string(),
        }
    }

    /// The filter as written between the brackets, in canonical form:
    /// `type eq "work" and primary eq true`.
    pub fn filter_text(&self) -> String {
        let mut out = String::new();
        for (i, (sub, lit)) in self.filter.iter().enumerate() {
            if i > 0 {
                out.push_str(" and ");
            }
            out.push_str(sub.name);
            out.push_str(" eq ");
            out.push_str(&lit.to_string());
        }
        out
    }

    /// The path a PATCH operation names for exactly this target (RFC 7644
    /// §3.5.2): the canonical form, URN-qualified for extension attributes.
    pub fn patch_path(&self) -> String {
        self.to_string()
    }

    /// The path of the elements this (filtered) target selects, without its
    /// sub-attribute: `phoneNumbers[type eq "mobile"]`.
    pub fn element_path(&self) -> String {
        format!("{}[{}]", self.attr_path(), self.filter_text())
    }

    /// The canonical form with the enterprise URN written as `$enterpriseUser.`,
    /// for narrow displays.
    pub fn short(&self) -> String {
        let full = self.to_string();
        match self.urn {
            Some(urn) if urn == ENTERPRISE_URN => full
                .strip_prefix(urn)
                .and_then(|r| r.strip_prefix(':'))
                .map_or(full.clone(), |r| format!("$enterpriseUser.{r}")),
            _ => full,
        }
    }

    /// The type of the value the target receives.
    pub fn leaf(&self) -> &'static Attr {
        self.sub.unwrap_or(self.attr)
    }
}

/// Parses an export target for `resource` (docs/mapping.md, Targets).
pub fn parse_export(text: &str, resource: Resource) -> Result<TargetPath, PathError> {
    parse_export_with(text, schema::schemas_for(resource))
}

/// [`parse_export`] against the given schemas, the resource's core schema
/// first (see [`RecordSchemas::targets`](super::records::RecordSchemas::targets),
/// which adds the host's extensions).
pub fn parse_export_with(
    text: &str,
    schemas: &[(&'static str, &'static [Attr])],
) -> Result<TargetPath, PathError> {
    export_path(text, schemas).map_err(|e| e.in_target(text))
}

fn export_path(
    text: &str,
    schemas: &[(&'static str, &'static [Attr])],
) -> Result<TargetPath, PathError> {
    if text.len() > MAX_LEN {
        return Err(format!("target path is too long ({} bytes)", text.len()).into());
    }
    if text.is_empty() {
        return Err("target path is empty".into());
    }
    let (urn, attrs, rest) = split_schema(text, schemas)?;
    let mut cur = Cursor { text: rest, pos: 0 };
    let name = cur
        .name()
        .ok_or_else(|| format!("expected an attribute name at {:?}", cur.remaining_or_end()))?;
    let attr = schema::find(attrs, name).ok_or_else(|| {
        let what = match urn {
            Some(u) => format!("unknown attribute {name} in {u}"),
            None => format!("unknown attribute {name}"),
        };
        PathError::misspelled(what, name, attrs)
    })?;
    if attr.read_only {
        return Err(format!(
            "{} is read-only: the service provider assigns it",
            attr.name
        )
        .into());
    }
    let mut filter = Vec::new();
    if cur.eat('[') {
        if !attr.multi {
            return Err(format!(
                "{} is not multi-valued, so it cannot take a filter",
                attr.name
            )
            .into());
        }
        filter = parse_filter(&mut cur, attr)?;
    }
    let mut sub = None;
    if cur.eat('.') {
        let name = cur
            .name()
            .ok_or_else(|| format!("expected a sub-attribute name after {}.", attr.name))?;
        if attr.subs.is_empty() {
            return Err(format!("{} has no sub-attributes", attr.name).into());
        }
        sub = Some(attr.sub(name).ok_or_else(|| {
            let what = format!("unknown sub-attribute {name} of {}", attr.name);
            PathError::misspelled(what, name, attr.subs)
        })?);
    }
    if let Some(rest) = cur.remaining() {
        return Err(format!("unexpected {rest:?} in target path").into());
    }
    if attr.multi && sub.is_some() && filter.is_empty() {
        return Err(format!(
            "{} is multi-valued: select an element with a filter, e.g. {}[type eq \"work\"].{}",
            attr.name,
            attr.name,
            sub.map(|s| s.name).unwrap_or("value")
        )
        .into());
    }
    let urn = urn.filter(|u| *u != schemas.first().map(|s| s.0).unwrap_or(""));
    Ok(TargetPath {
        urn,
        attr,
        filter,
        sub,
    })
}

/// Why a target path does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong, with ` (did you mean X?)` for a misspelled name.
    pub message: String,
    /// The whole target as it was probably meant, for a misspelled name
    /// (`name.givenNme` → `name.givenName`).
    pub suggestion: Option<String>,
    /// The misspelled name and the nearest one, until the whole target is
    /// known ([`PathError::in_target`]).
    fix: Option<(String, &'static str)>,
}

impl From<String> for PathError {
    fn from(message: String) -> Self {
        PathError {
            message,
            suggestion: None,
            fix: None,
        }
    }
}

impl From<&str> for PathError {
    fn from(message: &str) -> Self {
        PathError::from(message.to_string())
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl PathError {
    /// `what` about `name`, which none of `attrs` is: with the nearest of
    /// them, case aside (attribute names are case-insensitive), if any.
    fn misspelled(what: String, name: &str, attrs: &[Attr]) -> PathError {
        let lower = name.to_ascii_lowercase();
        let names: Vec<(String, &'static str)> = attrs
            .iter()
            .filter(|a| !a.read_only)
            .map(|a| (a.name.to_ascii_lowercase(), a.name))
            .collect();
        let near = crate::suggest::nearest(&lower, names.iter().map(|(l, _)| l.as_str()))
            .and_then(|l| names.iter().find(|(n, _)| n == l))
            .map(|(_, n)| *n);
        PathError {
            message: match near {
                Some(n) => format!("{what} (did you mean {n}?)"),
                None => what,
            },
            suggestion: None,
            fix: near.map(|n| (name.to_string(), n)),
        }
    }

    /// Sets the suggestion: `text` with the misspelled name (the first
    /// occurrence that is a whole name) replaced by the nearest one.
    fn in_target(mut self, text: &str) -> PathError {
        let Some((wrong, right)) = self.fix.take() else {
            return self;
        };
        let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
        self.suggestion = text.match_indices(wrong.as_str()).find_map(|(at, _)| {
            let before = text.get(..at)?.chars().next_back();
            let after = text.get(at + wrong.len()..)?.chars().next();
            (!before.is_some_and(is_name) && !after.is_some_and(is_name)).then(|| {
                format!(
                    "{}{right}{}",
                    text.get(..at).unwrap_or_default(),
                    text.get(at + wrong.len()..).unwrap_or_default()
                )
            })
        });
        self
    }
}

/// Parses an import target: a directory field name (docs/mapping.md, Import targets).
pub fn parse_import(text: &str) -> Result<TargetPath, PathError> {
    import_path(text).map_err(|e| e.in_target(text))
}

fn import_path(text: &str) -> Result<TargetPath, PathError> {
    if text.len() > MAX_LEN {
        return Err(format!("target path is too long ({} bytes)", text.len()).into());
    }
    let attr = schema::find(schema::DIRECTORY, text).ok_or_else(|| {
        let what = format!("unknown directory attribute {text:?}");
        PathError::misspelled(what, text, schema::DIRECTORY)
    })?;
    if attr.read_only {
        return Err(format!("{} is read-only: the directory assigns it", attr.name).into());
    }
    Ok(TargetPath {
        urn: None,
        attr,
        filter: Vec::new(),
        sub: None,
    })
}

/// Splits off a schema URN (or the `$enterpriseUser.` alias); no prefix means the
/// resource's core schema.
fn split_schema<'t>(
    text: &'t str,
    schemas: &[(&'static str, &'static [Attr])],
) -> Result<(Option<&'static str>, &'static [Attr], &'t str), PathError> {
    const ALIAS: &str = "$enterpriseUser.";
    if let Some(head) = text.get(..ALIAS.len()) {
        if head.eq_ignore_ascii_case(ALIAS) {
            let ext = schemas
                .iter()
                .find(|(u, _)| *u == ENTERPRISE_URN)
                .ok_or_else(|| "$enterpriseUser applies to User mappings only".to_string())?;
            return Ok((Some(ext.0), ext.1, text.get(ALIAS.len()..).unwrap_or("")));
        }
    }
    if text.len() >= 4
        && text
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("urn:"))
    {
        for &(urn, attrs) in schemas {
            let n = urn.len();
            let matches = text.get(..n).is_some_and(|h| h.eq_ignore_ascii_case(urn))
                && text.get(n..n + 1) == Some(":");
            if matches {
                return Ok((Some(urn), attrs, text.get(n + 1..).unwrap_or("")));
            }
        }
        let known: Vec<&str> = schemas.iter().map(|s| s.0).collect();
        return Err(format!(
            "unknown schema URN in {text:?} (known: {}); another extension needs its RFC 7643 schema document from the host (scimexpr --schema FILE)",
            known.join(", ")
        ).into());
    }
    let core = schemas
        .first()
        .ok_or_else(|| "no schema for this resource".to_string())?;
    Ok((None, core.1, text))
}

fn parse_filter(
    cur: &mut Cursor<'_>,
    attr: &'static Attr,
) -> Result<Vec<(&'static Attr, serde_json::Value)>, PathError> {
    let unsupported = || {
        format!(
            "unsupported filter in {}[…]: only `sub eq \"literal\"` joined by `and` is allowed",
            attr.name
        )
    };
    let mut out: Vec<(&'static Attr, serde_json::Value)> = Vec::new();
    loop {
        cur.skip_spaces();
        let name = cur.name().ok_or_else(unsupported)?;
        let sub = attr.sub(name).ok_or_else(|| {
            let what = format!("unknown sub-attribute {name} of {} in filter", attr.name);
            PathError::misspelled(what, name, attr.subs)
        })?;
        if !cur.skip_spaces() {
            return Err(unsupported().into());
        }
        let op = cur.name().ok_or_else(unsupported)?;
        if !op.eq_ignore_ascii_case("eq") {
            return Err(unsupported().into());
        }
        if !cur.skip_spaces() {
            return Err(unsupported().into());
        }
        let lit = cur.literal().ok_or_else(unsupported)?;
        let fits = match (sub.ty, &lit) {
            (schema::Type::Boolean, serde_json::Value::Bool(_)) => true,
            (schema::Type::Boolean | schema::Type::Complex, _) => false,
            (schema::Type::Integer, serde_json::Value::Number(n)) => n.is_i64() || n.is_u64(),
            (schema::Type::Decimal, serde_json::Value::Number(_)) => true,
            (schema::Type::Integer | schema::Type::Decimal, _) => false,
            (_, serde_json::Value::String(_)) => true,
            _ => false,
        };
        if !fits {
            return Err(format!(
                "filter literal {lit} does not fit {}.{}, which is a {}",
                attr.name,
                sub.name,
                sub.ty.name()
            )
            .into());
        }
        if out.iter().any(|(s, _)| s.name == sub.name) {
            return Err(format!("filter of {} names {} twice", attr.name, sub.name).into());
        }
        out.push((sub, lit));
        cur.skip_spaces();
        if cur.eat(']') {
            return Ok(out);
        }
        let word = cur.name().ok_or_else(unsupported)?;
        if !word.eq_ignore_ascii_case("and") || !cur.skip_spaces() {
            return Err(unsupported().into());
        }
    }
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn rest(&self) -> &'t str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn remaining(&self) -> Option<&'t str> {
        Some(self.rest()).filter(|r| !r.is_empty())
    }

    fn remaining_or_end(&self) -> &'t str {
        self.remaining().unwrap_or("end of path")
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Skips spaces; says whether there were any.
    fn skip_spaces(&mut self) -> bool {
        let n = self.rest().len() - self.rest().trim_start_matches(' ').len();
        self.pos += n;
        n > 0
    }

    /// An RFC 7643 attribute name (`ALPHA *(nameChar)`), or `$ref`.
    fn name(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let first = *bytes.first()?;
        if !(first.is_ascii_alphabetic() || first == b'$') {
            return None;
        }
        let len = 1 + bytes
            .iter()
            .skip(1)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
            .count();
        self.pos += len;
        rest.get(..len)
    }

    /// A filter literal: a JSON string, `true`, `false` or a JSON number.
    fn literal(&mut self) -> Option<serde_json::Value> {
        if self.rest().starts_with('"') {
            return self.string().map(serde_json::Value::String);
        }
        let rest = self.rest();
        let len = rest.find([' ', ']']).unwrap_or(rest.len());
        let word = rest.get(..len)?;
        let value = match word {
            "true" => serde_json::Value::Bool(true),
            "false" => serde_json::Value::Bool(false),
            _ => match serde_json::from_str::<serde_json::Value>(word) {
                Ok(n @ serde_json::Value::Number(_)) => n,
                _ => return None,
            },
        };
        self.pos += len;
        Some(value)
    }

    /// A JSON string literal.
    fn string(&mut self) -> Option<String> {
        let rest = self.rest();
        if !rest.starts_with('"') {
            return None;
        }
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    let lit = rest.get(..=i)?;
                    let s: String = serde_json::from_str(lit).ok()?;
                    self.pos += i + 1;
                    return Some(s);
                }
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let table: Vec<(&str, String)> = vec![
            ("userName", "userName".into()),
            ("USERNAME", "userName".into()),
            ("name.givenname", "name.givenName".into()),
            (
                "emails[type eq \"work\"].value",
                "emails[type eq \"work\"].value".into(),
            ),
            (
                "EMAILS[TYPE EQ \"work\"].VALUE",
                "emails[type eq \"work\"].value".into(),
            ),
            (
                "addresses[type eq \"work\" and primary eq true].locality",
                "addresses[type eq \"work\" and primary eq true].locality".into(),
            ),
            (
                "roles[primary EQ false].value",
                "roles[primary eq false].value".into(),
            ),
            ("$enterpriseUser.department", format!("{ent}:department")),
            (
                "$enterpriseUser.manager.value",
                format!("{ent}:manager.value"),
            ),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                format!("{ent}:employeeNumber"),
            ),
            (
                "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:COSTCENTER",
                format!("{ent}:costCenter"),
            ),
            (
                "urn:ietf:params:scim:schemas:core:2.0:User:title",
                "title".into(),
            ),
            ("emails", "emails".into()),
        ];
        for (input, want) in table {
            let p = parse_export(input, Resource::User).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(p.to_string(), want, "{input}");
        }
    }

    #[test]
    fn rejected() {
        let table = [
            ("", "empty"),
            ("jobTitle", "unknown attribute jobTitle"),
            ("name.nickname", "unknown sub-attribute nickname of name"),
            (
                "name.givenNme",
                "unknown sub-attribute givenNme of name (did you mean givenName?)",
            ),
            ("titel", "unknown attribute titel (did you mean title?)"),
            (
                "$enterpriseUser.departmnt",
                "unknown attribute departmnt in urn:ietf:params:scim:schemas:extension:enterprise:2.0:User (did you mean department?)",
            ),
            ("emails.value", "multi-valued"),
            ("emails[type co \"work\"].value", "only `sub eq"),
            (
                "emails[type eq \"work\" or type eq \"home\"].value",
                "only `sub eq",
            ),
            ("emails[type eq work].value", "only `sub eq"),
            (
                "roles[primary eq \"True\"].value",
                "does not fit roles.primary",
            ),
            ("emails[type eq 3].value", "does not fit emails.type"),
            ("emails[type eq true].value", "does not fit emails.type"),
            ("emails[type eq \"work\"", "only `sub eq"),
            ("emails[foo eq \"work\"].value", "unknown sub-attribute foo"),
            ("userName[type eq \"x\"]", "not multi-valued"),
            ("userName.x", "no sub-attributes"),
            ("urn:example:foo:bar", "unknown schema URN"),
            ("$enterpriseUser.nope", "unknown attribute nope"),
            ("name.givenName.x", "unexpected"),
            ("title ", "unexpected"),
            ("ID", "id is read-only"),
            ("groups", "groups is read-only"),
        ];
        for (input, want) in table {
            let e = parse_export(input, Resource::User).unwrap_err();
            assert!(e.message.contains(want), "{input}: {e}");
        }
        let e = parse_export("$enterpriseUser.department", Resource::Group).unwrap_err();
        assert!(e.message.contains("User mappings only"), "{e}");
        assert_eq!(
            parse_export("members", Resource::Group)
                .unwrap()
                .to_string(),
            "members"
        );
    }

    #[test]
    fn patch_paths() {
        let t = |s| parse_export(s, Resource::User).unwrap();
        let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let table = [
            ("name.givenName", "name.givenName", "name"),
            (
                "emails[type eq \"work\"].value",
                "emails[type eq \"work\"].value",
                "emails",
            ),
            ("title", "title", "title"),
        ];
        for (target, patch, attr) in table {
            assert_eq!(t(target).patch_path(), patch);
            assert_eq!(t(target).attr_path(), attr);
        }
        assert_eq!(
            t("$enterpriseUser.manager.value").patch_path(),
            format!("{ent}:manager.value")
        );
        assert_eq!(
            t("$enterpriseUser.manager.value").attr_path(),
            format!("{ent}:manager")
        );
        assert_eq!(
            t("phoneNumbers[type eq \"mobile\"].value").element_path(),
            "phoneNumbers[type eq \"mobile\"]"
        );
    }

    #[test]
    fn import_targets() {
        assert_eq!(parse_import("FIRSTNAME").unwrap().to_string(), "firstname");
        assert!(parse_import("givenName").is_err());
        assert!(parse_import("id")
            .unwrap_err()
            .message
            .contains("read-only"));
        assert!(parse_import("created")
            .unwrap_err()
            .message
            .contains("read-only"));
        assert_eq!(
            parse_import("fristname").unwrap_err().suggestion.as_deref(),
            Some("firstname")
        );
    }

    /// A misspelled name's suggestion is the whole target as probably meant,
    /// with only that name changed (a whole name: `typ` in `type` is not it).
    #[test]
    fn misspelled_names_suggest_the_target() {
        let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let table = [
            ("name.givenNme", Some("name.givenName".to_string())),
            ("titel", Some("title".into())),
            (
                "emails[typ eq \"work\"].value",
                Some("emails[type eq \"work\"].value".into()),
            ),
            (
                "emails[type eq \"work\"].typ",
                Some("emails[type eq \"work\"].type".into()),
            ),
            (
                "$enterpriseUser.departmnt",
                Some("$enterpriseUser.department".into()),
            ),
            (
                &format!("{ent}:employeeNumbr"),
                Some(format!("{ent}:employeeNumber")),
            ),
            ("name.nickname", None),
            ("emails.value", None),
        ];
        for (input, want) in table {
            let e = parse_export(input, Resource::User).unwrap_err();
            assert_eq!(e.suggestion, want, "{input}: {e}");
        }
    }
}
