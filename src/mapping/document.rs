//! Loading a mapping document: every problem is found before any record runs
//! (docs/mapping.md), and each names the entry it concerns.
//!
//! The document is read as generic JSON and checked field by field rather than
//! with `#[serde(deny_unknown_fields)]`, because serde stops at the first problem
//! and an admin fixing a document wants all of them at once.

use super::checks::Severity;
use super::path::{self, TargetPath};
use super::records::RecordSchemas;
use super::schema::{Attr, ENTERPRISE_URN};
use super::{DirectPath, Direction, Entry, Mapping, OnNull, Resource, Source};
use crate::engine::Compiler;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::fmt;

/// Most entries one document may hold.
const MAX_ENTRIES: usize = 1000;
/// Longest `direct` path accepted.
const MAX_DIRECT_LEN: usize = 1024;

/// One problem in a mapping document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadError {
    /// The index of the entry in `attributes`, if the problem is in one.
    pub index: Option<usize>,
    /// The entry's target as written, if it has one.
    pub target: Option<String>,
    /// What is wrong; for expressions `MESSAGE (L:C)` and the caret lines.
    pub message: String,
    /// 1-based line in the entry's source, when the problem points into it.
    pub line: Option<usize>,
    /// 1-based column (in characters) in the entry's source, with `line`.
    pub column: Option<usize>,
    /// The fix, when one is known: a name, or the source as it was probably meant.
    pub suggestion: Option<String>,
    /// What kind of problem: `target` for a target path that does not parse
    /// (its suggestion is the whole target as probably meant);
    /// `unknown-name`, `unknown-function` or `compile` for an expression that
    /// does not compile; `missing-userName` for a User export without it;
    /// for the checks for admins [`Diagnostic::code`](super::Diagnostic::code).
    pub code: Option<&'static str>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.index, &self.target) {
            (Some(i), Some(t)) => write!(f, "attributes[{i}] (target {t:?}): {}", self.message),
            (Some(i), None) => write!(f, "attributes[{i}]: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

fn doc_error(message: impl Into<String>) -> LoadError {
    LoadError {
        index: None,
        target: None,
        message: message.into(),
        ..LoadError::default()
    }
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// Every problem found in a mapping document, in document order; a
/// [`std::error::Error`], so `?` takes it. Reads as a slice of [`LoadError`]s.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoadErrors {
    /// The errors, in document order.
    pub errors: Vec<LoadError>,
    /// The admin checks' warnings about the entries that did load (what
    /// [`Mapping::diagnostics`] gives for a mapping that loads), so that
    /// fixing the errors brings no surprise. Not part of the `Display` text.
    pub warnings: Vec<super::Diagnostic>,
}

impl From<Vec<LoadError>> for LoadErrors {
    fn from(errors: Vec<LoadError>) -> Self {
        LoadErrors {
            errors,
            warnings: Vec::new(),
        }
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

impl std::ops::Deref for LoadErrors {
    type Target = [LoadError];
    fn deref(&self) -> &[LoadError] {
        &self.errors
    }
}

impl IntoIterator for LoadErrors {
    type Item = LoadError;
    type IntoIter = std::vec::IntoIter<LoadError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl std::error::Error for LoadError {}

/// See [`Mapping::load`].
pub fn load(
    json_text: &str,
    compiler: &Compiler,
    schemas: &RecordSchemas,
) -> Result<Mapping, LoadErrors> {
    let doc: Json = serde_json::from_str(json_text)
        .map_err(|e| LoadErrors::from(vec![doc_error(format!("not valid JSON: {e}"))]))?;
    from_json(&doc, compiler, schemas)
}

/// See [`Mapping::from_json`].
pub fn from_json(
    doc: &Json,
    compiler: &Compiler,
    schemas: &RecordSchemas,
) -> Result<Mapping, LoadErrors> {
    load_object(doc, compiler, schemas)
}

fn load_object(
    doc: &Json,
    base: &Compiler,
    schemas: &RecordSchemas,
) -> Result<Mapping, LoadErrors> {
    let Json::Object(obj) = doc else {
        return Err(vec![doc_error(format!(
            "a mapping document must be a JSON object, not {}",
            type_name(doc)
        ))]
        .into());
    };
    let mut errors = Vec::new();
    for key in obj.keys() {
        if ![
            "name",
            "direction",
            "resource",
            "description",
            "match",
            "attributes",
        ]
        .contains(&key.as_str())
        {
            errors.push(doc_error(format!(
                "unknown key {key:?} (expected name, direction, resource, description, match, attributes)"
            )));
        }
    }
    let name = match obj.get("name") {
        Some(Json::String(s)) if !s.is_empty() => s.clone(),
        Some(v) => {
            errors.push(doc_error(format!(
                "\"name\" must be a non-empty string, not {}",
                type_name(v)
            )));
            String::new()
        }
        None => {
            errors.push(doc_error("missing \"name\""));
            String::new()
        }
    };
    let direction = match obj.get("direction").and_then(Json::as_str) {
        Some("export") => Direction::Export,
        Some("import") => Direction::Import,
        _ => {
            errors.push(doc_error("\"direction\" must be \"export\" or \"import\""));
            Direction::Export
        }
    };
    let resource = match obj.get("resource").and_then(Json::as_str) {
        Some("User") => Resource::User,
        Some("Group") => Resource::Group,
        _ => {
            errors.push(doc_error("\"resource\" must be \"User\" or \"Group\""));
            Resource::User
        }
    };
    if direction == Direction::Import && resource == Resource::Group {
        errors.push(doc_error(
            "import mappings produce directory users: \"resource\" must be \"User\"",
        ));
    }
    let description = match obj.get("description") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(v) => {
            errors.push(doc_error(format!(
                "\"description\" must be a string, not {}",
                type_name(v)
            )));
            None
        }
    };
    let attrs: &[Json] = match obj.get("attributes") {
        Some(Json::Array(a)) => a,
        Some(v) => {
            errors.push(doc_error(format!(
                "\"attributes\" must be an array, not {}",
                type_name(v)
            )));
            &[]
        }
        None => {
            errors.push(doc_error("missing \"attributes\""));
            &[]
        }
    };
    if attrs.len() > MAX_ENTRIES {
        errors.push(doc_error(format!(
            "too many attributes ({}, limit {MAX_ENTRIES})",
            attrs.len()
        )));
        return Err(errors.into());
    }
    let compiler = compiler_for(base, resource);
    let targets = schemas.targets(resource);
    let mut entries = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, raw) in attrs.iter().enumerate() {
        match entry(index, raw, direction, &targets, &compiler) {
            Ok(e) => {
                let canonical = e.target_text().to_string();
                if let Some(first) = seen.get(&canonical) {
                    errors.push(LoadError {
                        index: Some(index),
                        target: Some(canonical.clone()),
                        message: format!(
                            "target {canonical} is already written by attributes[{first}]"
                        ),
                        ..LoadError::default()
                    });
                } else if let Some(clash) = overlapping(&entries, &e.target) {
                    errors.push(LoadError {
                        index: Some(index),
                        target: Some(canonical.clone()),
                        message: format!(
                            "target {canonical} overlaps attributes[{}] ({})",
                            clash.index, clash.target
                        ),
                        ..LoadError::default()
                    });
                } else {
                    seen.insert(canonical, index);
                    entries.push(e);
                }
            }
            Err(mut es) => errors.append(&mut es),
        }
    }
    // RFC 7643 §4.1: userName is the one attribute a User must have; a User
    // export without it cannot create anyone.
    // The checks for admins: errors stop the load, warnings are kept.
    let mut warnings = Vec::new();
    for d in super::checks::run(direction, resource, &entries, schemas) {
        match d.severity {
            Severity::Error => errors.push(LoadError {
                index: Some(d.index),
                target: Some(d.target),
                message: d.rendered,
                line: d.line,
                column: d.column,
                suggestion: d.suggestion,
                code: Some(d.code),
            }),
            Severity::Warning => warnings.push(d),
        }
    }
    errors.sort_by_key(|e| e.index.map_or(0, |i| i + 1));
    let writes_user_name = entries
        .iter()
        .any(|e| e.target.urn.is_none() && e.target.attr.name == "userName");
    if errors.is_empty()
        && direction == Direction::Export
        && resource == Resource::User
        && !writes_user_name
    {
        errors.push(LoadError {
            // JumpCloud's connectors write the email as userName.
            suggestion: Some(r#"{"target": "userName", "direct": "email"}"#.into()),
            code: Some("missing-userName"),
            ..doc_error(
                "a User export must write userName (RFC 7643 requires it of every User): add {\"target\": \"userName\", …}",
            )
        });
    }
    let named_key = match obj.get("match") {
        None => None,
        Some(v) => match_key(v, direction, resource)
            .map_err(|m| errors.push(doc_error(m)))
            .ok(),
    };
    let match_key = if errors.is_empty() {
        super::plan::derive_key(direction, resource, &entries, named_key)
            .map_err(|m| errors.push(doc_error(m)))
            .ok()
            .flatten()
    } else {
        None
    };
    if errors.is_empty() {
        let primary_fields = super::record::primary_fields(direction, resource, &entries);
        Ok(Mapping {
            name,
            direction,
            resource,
            description,
            entries,
            primary_fields,
            match_key,
            warnings,
            record_work_budget: Some(super::DEFAULT_RECORD_WORK_BUDGET),
        })
    } else {
        Err(LoadErrors { errors, warnings })
    }
}

/// An earlier entry writing the whole of what `t` writes part of (or the other way
/// round): `name` and `name.givenName`, `emails` and `emails[type eq "work"].value`,
/// `emails[type eq "work"]` and `emails[type eq "work"].value`.
fn overlapping<'e>(entries: &'e [Entry], t: &TargetPath) -> Option<&'e Entry> {
    entries.iter().find(|e| {
        let o = &e.target;
        let same_attr = o.urn == t.urn && std::ptr::eq(o.attr, t.attr);
        let whole = |p: &TargetPath| p.filter.is_empty() && p.sub.is_none();
        let same_filter = o.filter == t.filter && !t.filter.is_empty();
        same_attr && (whole(o) || whole(t) || (same_filter && (o.sub.is_none() || t.sub.is_none())))
    })
}

/// The document's `"match"`: `{"directory": FIELD, "provider": ATTRIBUTE}`.
fn match_key(
    v: &Json,
    direction: Direction,
    resource: Resource,
) -> Result<super::MatchKey, String> {
    if direction == Direction::Import {
        return Err("\"match\" applies to export mappings (plans match directory records to the provider's)".into());
    }
    let Json::Object(m) = v else {
        return Err(format!(
            "\"match\" must be an object {{\"directory\": FIELD, \"provider\": ATTRIBUTE}}, not {}",
            type_name(v)
        ));
    };
    for k in m.keys() {
        if k != "directory" && k != "provider" {
            return Err(format!(
                "\"match\": unknown key {k:?} (expected directory, provider)"
            ));
        }
    }
    let field = |k: &str| match m.get(k) {
        Some(Json::String(s)) => Ok(s.as_str()),
        _ => Err(format!("\"match\": {k:?} must be a string")),
    };
    super::MatchKey::new(field("directory")?, field("provider")?, resource)
}

/// The host's compiler (its functions, limits and clock), with the roots a
/// `resource` mapping provides as the only names expressions may read.
fn compiler_for(base: &Compiler, resource: Resource) -> Compiler {
    base.clone()
        .strict_roots(super::Root::for_resource(resource).iter().map(|r| r.name()))
}

fn entry(
    index: usize,
    raw: &Json,
    direction: Direction,
    targets: &[(&'static str, &'static [Attr])],
    compiler: &Compiler,
) -> Result<Entry, Vec<LoadError>> {
    let Json::Object(obj) = raw else {
        return Err(vec![LoadError {
            index: Some(index),
            target: None,
            message: format!(
                "an attribute entry must be an object, not {}",
                type_name(raw)
            ),
            ..LoadError::default()
        }]);
    };
    let target_text = obj.get("target").and_then(Json::as_str).map(str::to_string);
    let err = |message: String| LoadError {
        index: Some(index),
        target: target_text.clone(),
        message,
        ..LoadError::default()
    };
    let mut errors = Vec::new();
    for key in obj.keys() {
        if ![
            "target",
            "direct",
            "expression",
            "constant",
            "required",
            "onNull",
        ]
        .contains(&key.as_str())
        {
            errors.push(err(format!(
                "unknown key {key:?} (expected target, direct, expression, constant, required, onNull)"
            )));
        }
    }
    let target = match obj.get("target") {
        Some(Json::String(t)) => {
            let parsed = match direction {
                Direction::Export => path::parse_export_with(t, targets),
                Direction::Import => path::parse_import(t),
            };
            parsed
                .map_err(|e| {
                    errors.push(LoadError {
                        suggestion: e.suggestion,
                        code: Some("target"),
                        ..err(e.message)
                    })
                })
                .ok()
        }
        Some(v) => {
            errors.push(err(format!(
                "\"target\" must be a string, not {}",
                type_name(v)
            )));
            None
        }
        None => {
            errors.push(err("missing \"target\"".into()));
            None
        }
    };
    let required = match obj.get("required") {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(v) => {
            errors.push(err(format!(
                "\"required\" must be true or false, not {}",
                type_name(v)
            )));
            false
        }
    };
    let on_null = match obj.get("onNull").map(|v| (v, v.as_str())) {
        None => OnNull::Omit,
        Some((_, Some("omit"))) => OnNull::Omit,
        Some((_, Some("clear"))) => OnNull::Clear,
        Some(_) => {
            errors.push(err("\"onNull\" must be \"omit\" or \"clear\"".into()));
            OnNull::Omit
        }
    };
    let sources: Vec<&str> = ["direct", "expression", "constant"]
        .into_iter()
        .filter(|k| obj.contains_key(*k))
        .collect();
    let source = match sources.as_slice() {
        [] => {
            errors.push(err(
                "no source: give exactly one of \"direct\", \"expression\", \"constant\"".into(),
            ));
            None
        }
        [one] => source(one, obj, direction, compiler)
            .map_err(|e| {
                errors.push(LoadError {
                    index: Some(index),
                    target: target_text.clone(),
                    ..*e
                })
            })
            .ok(),
        more => {
            errors.push(err(format!(
                "two sources ({}): give exactly one of \"direct\", \"expression\", \"constant\"",
                more.join(", ")
            )));
            None
        }
    };
    match (target, source) {
        (Some(target), Some((source, source_text))) if errors.is_empty() => Ok(Entry {
            index,
            canonical: target.to_string(),
            target,
            source_text,
            source,
            required,
            on_null,
        }),
        _ => Err(errors),
    }
}

fn source(
    kind: &str,
    obj: &Map<String, Json>,
    direction: Direction,
    compiler: &Compiler,
) -> Result<(Source, String), Box<LoadError>> {
    let v = obj.get(kind).unwrap_or(&Json::Null);
    match kind {
        "constant" => Ok((Source::Constant(v.clone()), v.to_string())),
        "direct" => {
            let Json::String(p) = v else {
                return Err(Box::new(doc_error(format!(
                    "\"direct\" must be a string, not {}",
                    type_name(v)
                ))));
            };
            let path = parse_direct(p, direction).map_err(|m| Box::new(doc_error(m)))?;
            Ok((Source::Direct(path), p.clone()))
        }
        _ => {
            let Json::String(src) = v else {
                return Err(Box::new(doc_error(format!(
                    "\"expression\" must be a string, not {}",
                    type_name(v)
                ))));
            };
            match compiler.compile(src) {
                Ok(p) => Ok((Source::Expression(Box::new(p)), src.clone())),
                Err(e) => {
                    let (hint, fixed) = operator_hint(src, &e);
                    // `unknown name jcUsr (did you mean jcUser?)`: the name.
                    let (code, near) = match &e.kind {
                        crate::error::ErrorKind::UnknownName { suggestion, .. } => {
                            ("unknown-name", suggestion.clone())
                        }
                        crate::error::ErrorKind::UnknownFunction { suggestion, .. } => {
                            ("unknown-function", suggestion.clone())
                        }
                        _ => ("compile", None),
                    };
                    Err(Box::new(LoadError {
                        message: format!("expression does not compile: {e}{hint}"),
                        line: Some(e.line),
                        column: Some(e.col),
                        suggestion: fixed.or(near),
                        code: Some(code),
                        ..LoadError::default()
                    }))
                }
            }
        }
    }
}

/// A hint for the operators admins bring from other languages: `=` for `==`
/// (`jcUser.state = 'SUSPENDED'`) and `&` / `|` for `&&` / `||`, with the
/// expression as it was probably meant.
fn operator_hint(src: &str, e: &crate::Error) -> (String, Option<String>) {
    let none = || (String::new(), None);
    let crate::ErrorKind::Syntax(msg) = &e.kind else {
        return none();
    };
    let (wrong, right) = match msg.as_str() {
        "unexpected token Operator(\"=\")" => ("=", "=="),
        "unexpected token Operator(\"&\")" => ("&", "&&"),
        "unexpected token Operator(\"|\")" => ("|", "||"),
        _ => return none(),
    };
    let at = e.span.start as usize;
    let fixed = match (src.get(..at), src.get(at + wrong.len()..)) {
        (Some(before), Some(after)) => format!("{before}{right}{after}"),
        _ => return none(),
    };
    (
        format!("\nhint: `{wrong}` is not an operator here; did you mean `{right}`? {fixed}"),
        Some(fixed),
    )
}

/// Parses a `direct` path: `email`, `addresses.0.locality`, `custom:NAME`, and
/// `$enterpriseUser.x` (reading the enterprise extension of a SCIM `providerUser`).
pub fn parse_direct(p: &str, direction: Direction) -> Result<DirectPath, String> {
    if p.len() > MAX_DIRECT_LEN {
        return Err(format!("\"direct\" path is too long ({} bytes)", p.len()));
    }
    if let Some(name) = p.strip_prefix("custom:") {
        if name.is_empty() {
            return Err("\"custom:\" needs an attribute name".into());
        }
        return Ok(DirectPath::Custom(name.to_string()));
    }
    let mut fields = Vec::new();
    let mut rest = p;
    if direction == Direction::Import {
        if let Some(r) = p.strip_prefix("$enterpriseUser.") {
            fields.push(ENTERPRISE_URN.to_string());
            rest = r;
        }
    }
    for seg in rest.split('.') {
        if seg.is_empty() {
            return Err(format!("\"direct\" path {p:?} has an empty segment"));
        }
        fields.push(seg.to_string());
    }
    Ok(DirectPath::Fields(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_paths() {
        let f = |v: &[&str]| DirectPath::Fields(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(parse_direct("email", Direction::Export), Ok(f(&["email"])));
        assert_eq!(
            parse_direct("addresses.0.locality", Direction::Export),
            Ok(f(&["addresses", "0", "locality"]))
        );
        assert_eq!(
            parse_direct("custom:Badge", Direction::Export),
            Ok(DirectPath::Custom("Badge".into()))
        );
        assert_eq!(
            parse_direct("$enterpriseUser.department", Direction::Import),
            Ok(f(&[ENTERPRISE_URN, "department"]))
        );
        assert!(parse_direct("a..b", Direction::Export).is_err());
        assert!(parse_direct("", Direction::Export).is_err());
        assert!(parse_direct("custom:", Direction::Export).is_err());
    }
}
