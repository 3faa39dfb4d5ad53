//! Record schemas (docs/mapping.md, Record schemas): the shape of each record a
//! mapping's expressions read, as data. `jcUser`, `jcGroup` and `settings` are
//! JSON documents shipped in `src/mapping/schemas/`; `providerUser` is built
//! from the RFC 7643 schemas the targets use (core User, enterprise extension)
//! plus the host's extension schemas. A host replaces or extends any of them
//! through [`RecordSchemas`], passed with [`Mapping::load_with_schemas`].
//!
//! [`Mapping::load_with_schemas`]: super::Mapping::load_with_schemas

use super::extension::{parse_schema_document, Extension};
use super::schema::{self, Attr, Type};
use super::{LoadError, LoadErrors};
use serde_json::{Map, Value as Json};

/// The shipped record schemas: (root, document).
const SHIPPED: &[(&str, &str)] = &[
    ("jcUser", include_str!("schemas/jcUser.json")),
    ("jcGroup", include_str!("schemas/jcGroup.json")),
    ("settings", include_str!("schemas/settings.json")),
];

/// The JSON type of a record field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A string (`"format": "dateTime"` marks timestamps).
    String,
    /// `true` / `false`.
    Boolean,
    /// A number without fraction.
    Integer,
    /// Any number.
    Number,
    /// An array; its elements' shape is [`Shape::items`].
    Array,
    /// An object; its fields are [`Shape::fields`].
    Object,
    /// Anything (free-form values such as custom attributes).
    Any,
}

impl FieldType {
    /// The name record schema documents use.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Boolean => "boolean",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Array => "array",
            FieldType::Object => "object",
            FieldType::Any => "any",
        }
    }

    fn parse(name: &str) -> Option<FieldType> {
        [
            FieldType::String,
            FieldType::Boolean,
            FieldType::Integer,
            FieldType::Number,
            FieldType::Array,
            FieldType::Object,
            FieldType::Any,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }
}

/// The shape of a value: its type, and for objects their fields, for arrays
/// their elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The JSON type.
    pub ty: FieldType,
    /// `"format": "dateTime"`: an RFC 3339 timestamp string.
    pub date_time: bool,
    /// An object's known fields.
    pub fields: Vec<Field>,
    /// Whether an object has only the listed fields: reading another one is an
    /// error (it is always nil). Open objects (a provider's REST JSON, host
    /// settings) may carry more.
    pub closed: bool,
    /// An array's elements.
    pub items: Option<Box<Shape>>,
    /// A string's only values (`"enum"`), when the schema lists them
    /// (`jcUser.state`: `STAGED`, `ACTIVATED`, `SUSPENDED`); empty: any.
    pub values: Vec<String>,
}

impl Shape {
    /// A shape of `ty` with nothing else known.
    pub fn of(ty: FieldType) -> Shape {
        Shape {
            ty,
            date_time: false,
            fields: Vec::new(),
            closed: false,
            items: None,
            values: Vec::new(),
        }
    }

    /// The field named exactly `name` (record fields are case-sensitive).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The language checker's type for values of this shape: objects are
    /// records of their fields. A JSON number may be read as an integer or a
    /// float, so `number` is of unknown type.
    pub fn to_type(&self) -> crate::types::Type {
        use crate::types::{Record, RecordField, Type as T};
        match self.ty {
            FieldType::String => T::Str,
            FieldType::Boolean => T::Bool,
            FieldType::Integer => T::Int,
            FieldType::Number | FieldType::Any => T::Unknown,
            FieldType::Array => T::Array(std::rc::Rc::new(
                self.items.as_deref().map_or(T::Unknown, Shape::to_type),
            )),
            FieldType::Object => T::Record(std::rc::Rc::new(Record {
                fields: self
                    .fields
                    .iter()
                    .map(|f| RecordField {
                        name: f.name.clone(),
                        ty: f.shape.to_type(),
                        may_be_nil: f.may_be_nil(),
                        values: f.shape.values.clone(),
                    })
                    .collect(),
                closed: self.closed,
            })),
        }
    }
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its name (case-sensitive).
    pub name: String,
    /// Its value's shape.
    pub shape: Shape,
    /// Whether records may lack the key.
    pub optional: bool,
    /// Whether records may hold `null`.
    pub nullable: bool,
}

impl Field {
    /// Whether reading it may give nil.
    pub fn may_be_nil(&self) -> bool {
        self.optional || self.nullable
    }
}

/// The schema of one root's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSchema {
    /// The root expressions name it by (`jcUser`).
    pub root: String,
    /// What the record is.
    pub description: Option<String>,
    /// Its shape (an object).
    pub shape: Shape,
}

impl RecordSchema {
    /// Parses a record schema document (the format of `src/mapping/schemas/`):
    /// `{"root": NAME, "closed": BOOL, "fields": [FIELD…]}`, each field
    /// `{"name", "type": string|boolean|integer|number|array|object|any,
    /// "optional" (default true), "nullable" (default false), "format": "dateTime",
    /// "enum", "description", "closed" and "fields" (objects), "items" (arrays: a
    /// shape `{"type", "fields", "closed", "items"}`)}`.
    ///
    /// ```
    /// use scimexpr::mapping::records::RecordSchema;
    ///
    /// let s = RecordSchema::from_json_text(r#"{"root": "jcUser", "closed": true, "fields": [
    ///     {"name": "id", "type": "string", "optional": false},
    ///     {"name": "badge", "type": "integer"}]}"#)?;
    /// assert!(s.shape.field("badge").unwrap().optional);
    /// # Ok::<(), scimexpr::LoadErrors>(())
    /// ```
    pub fn from_json_text(text: &str) -> Result<RecordSchema, LoadErrors> {
        let doc: Json = serde_json::from_str(text)
            .map_err(|e| errors(vec![format!("record schema is not valid JSON: {e}")]))?;
        let mut errs = Vec::new();
        let Json::Object(o) = &doc else {
            return Err(errors(vec!["a record schema must be a JSON object".into()]));
        };
        for k in o.keys() {
            if !["root", "description", "closed", "fields"].contains(&k.as_str()) {
                errs.push(format!(
                    "record schema: unknown key {k:?} (expected root, description, closed, fields)"
                ));
            }
        }
        let root = match o.get("root") {
            Some(Json::String(r)) if !r.is_empty() => r.clone(),
            _ => {
                errs.push("record schema: \"root\" must be a non-empty string".into());
                String::new()
            }
        };
        let description = o
            .get("description")
            .and_then(Json::as_str)
            .map(str::to_string);
        let mut shape = Shape::of(FieldType::Object);
        object_parts(o, &mut shape, "", &mut errs);
        if errs.is_empty() {
            Ok(RecordSchema {
                root,
                description,
                shape,
            })
        } else {
            Err(errors(errs))
        }
    }
}

fn errors(messages: Vec<String>) -> LoadErrors {
    LoadErrors::from(
        messages
            .into_iter()
            .map(|message| LoadError {
                index: None,
                target: None,
                message,
                ..LoadError::default()
            })
            .collect::<Vec<_>>(),
    )
}

/// `closed` and `fields` of an object shape.
fn object_parts(o: &Map<String, Json>, shape: &mut Shape, at: &str, errs: &mut Vec<String>) {
    match o.get("closed") {
        None => {}
        Some(Json::Bool(b)) => shape.closed = *b,
        Some(_) => errs.push(format!("{at}\"closed\" must be true or false")),
    }
    match o.get("fields") {
        None => {}
        Some(Json::Array(list)) => {
            for (i, f) in list.iter().enumerate() {
                let here = format!("{at}fields[{i}]");
                if let Some(f) = field(f, &here, errs) {
                    if shape.field(&f.name).is_some() {
                        errs.push(format!("{here}: {} is listed twice", f.name));
                    } else {
                        shape.fields.push(f);
                    }
                }
            }
        }
        Some(_) => errs.push(format!("{at}\"fields\" must be an array")),
    }
}

fn field(v: &Json, here: &str, errs: &mut Vec<String>) -> Option<Field> {
    let Json::Object(o) = v else {
        errs.push(format!("{here}: a field must be an object"));
        return None;
    };
    let before = errs.len();
    let name = match o.get("name") {
        Some(Json::String(n)) if !n.is_empty() => n.clone(),
        _ => {
            errs.push(format!("{here}: \"name\" must be a non-empty string"));
            String::new()
        }
    };
    let at = format!("{here} ({name}): ");
    for k in o.keys() {
        if ![
            "name",
            "type",
            "optional",
            "nullable",
            "format",
            "enum",
            "description",
            "closed",
            "fields",
            "items",
        ]
        .contains(&k.as_str())
        {
            errs.push(format!("{at}unknown key {k:?}"));
        }
    }
    let flag = |k: &str, default: bool, errs: &mut Vec<String>| match o.get(k) {
        None => default,
        Some(Json::Bool(b)) => *b,
        Some(_) => {
            errs.push(format!("{at}\"{k}\" must be true or false"));
            default
        }
    };
    let optional = flag("optional", true, errs);
    let nullable = flag("nullable", false, errs);
    let shape = shape(o, &at, errs);
    (errs.len() == before).then_some(Field {
        name,
        shape,
        optional,
        nullable,
    })
}

/// `type`, `format`, and the object or array parts of a field or an `items`.
fn shape(o: &Map<String, Json>, at: &str, errs: &mut Vec<String>) -> Shape {
    let ty = match o
        .get("type")
        .and_then(Json::as_str)
        .and_then(FieldType::parse)
    {
        Some(t) => t,
        None => {
            errs.push(format!(
                "{at}\"type\" must be one of string, boolean, integer, number, array, object, any"
            ));
            FieldType::Any
        }
    };
    let mut s = Shape::of(ty);
    match o.get("format") {
        None => {}
        Some(Json::String(f)) if f == "dateTime" && ty == FieldType::String => s.date_time = true,
        Some(_) => errs.push(format!(
            "{at}\"format\" may only be \"dateTime\", on a string"
        )),
    }
    match o.get("enum") {
        None => {}
        Some(Json::Array(vs)) if ty == FieldType::String && vs.iter().all(Json::is_string) => {
            s.values = vs
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect();
        }
        Some(_) => errs.push(format!(
            "{at}\"enum\" must be an array of strings, on a string"
        )),
    }
    if ty == FieldType::Object {
        object_parts(o, &mut s, at, errs);
    } else if o.contains_key("fields") || o.contains_key("closed") {
        errs.push(format!("{at}only objects have \"fields\""));
    }
    match (o.get("items"), ty) {
        (None, _) => {}
        (Some(Json::Object(i)), FieldType::Array) => {
            s.items = Some(Box::new(shape(i, &format!("{at}items: "), errs)));
        }
        (Some(_), FieldType::Array) => errs.push(format!("{at}\"items\" must be an object")),
        (Some(_), _) => errs.push(format!("{at}only arrays have \"items\"")),
    }
    s
}

/// The record schemas a mapping's expressions and `direct` paths are checked
/// against, one per root, and the host's extension schemas (whose attributes
/// targets may then name, and which `providerUser` then has). [`Default`] is
/// what the crate ships.
///
/// ```
/// use scimexpr::mapping::records::{RecordSchema, RecordSchemas};
/// use scimexpr::{Compiler, Mapping};
///
/// let mut schemas = RecordSchemas::default();
/// // The host's users carry a badge number.
/// schemas.add_extension_document(r#"{"id": "urn:acme:2.0:User",
///     "attributes": [{"name": "badge", "type": "integer"}]}"#)?;
/// let doc = r#"{"name": "t", "direction": "export", "resource": "User", "attributes": [
///     {"target": "userName", "direct": "email"},
///     {"target": "urn:acme:2.0:User:badge", "constant": 7}]}"#;
/// let m = Mapping::load_with_schemas(doc, &Compiler::new(), &schemas)?;
/// assert_eq!(m.entries[1].target_text(), "urn:acme:2.0:User:badge");
///
/// // A constant of the wrong type is a load error.
/// let bad = doc.replace("7}", "\"seven\"}");
/// let errs = Mapping::load_with_schemas(&bad, &Compiler::new(), &schemas).unwrap_err();
/// assert!(errs[0].message.contains("expected integer, got string"), "{errs}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSchemas {
    records: Vec<RecordSchema>,
    extensions: Vec<Extension>,
    /// Whether the host replaced `providerUser` (then extensions leave it alone).
    provider_user_replaced: bool,
}

impl Default for RecordSchemas {
    /// The shipped schemas: `jcUser`, `jcGroup`, `settings` and `providerUser`
    /// (RFC 7643 core User and enterprise extension).
    fn default() -> Self {
        let mut records: Vec<RecordSchema> = SHIPPED
            .iter()
            .filter_map(|(_, text)| RecordSchema::from_json_text(text).ok())
            .collect();
        records.push(provider_user(&[]));
        RecordSchemas {
            records,
            extensions: Vec::new(),
            provider_user_replaced: false,
        }
    }
}

impl RecordSchemas {
    /// The shipped schemas (as [`Default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The source text of a shipped record schema document (`jcUser`,
    /// `jcGroup`, `settings`).
    pub fn shipped_source(root: &str) -> Option<&'static str> {
        SHIPPED.iter().find(|(r, _)| *r == root).map(|(_, t)| *t)
    }

    /// Each root's type for the language checker (see [`Shape::to_type`]).
    pub fn root_types(&self) -> Vec<(String, crate::types::Type)> {
        self.records
            .iter()
            .map(|r| (r.root.clone(), r.shape.to_type()))
            .collect()
    }

    /// The schema of `root`'s record, if there is one.
    pub fn record(&self, root: &str) -> Option<&RecordSchema> {
        self.records.iter().find(|r| r.root == root)
    }

    /// Replaces the schema of its root (or adds one).
    pub fn set_record(&mut self, schema: RecordSchema) {
        if schema.root == "providerUser" {
            self.provider_user_replaced = true;
        }
        match self.records.iter_mut().find(|r| r.root == schema.root) {
            Some(slot) => *slot = schema,
            None => self.records.push(schema),
        }
    }

    /// Removes `root`'s schema: its record is then unchecked (any field reads
    /// without a diagnostic).
    pub fn remove_record(&mut self, root: &str) {
        self.records.retain(|r| r.root != root);
    }

    /// The host's extension schemas, in the order added.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// Adds an extension schema (replacing one of the same URN).
    pub fn add_extension(&mut self, ext: Extension) {
        match self
            .extensions
            .iter_mut()
            .find(|e| e.urn.eq_ignore_ascii_case(ext.urn))
        {
            Some(slot) => *slot = ext,
            None => self.extensions.push(ext),
        }
        if !self.provider_user_replaced {
            let pu = provider_user(&self.extensions);
            match self.records.iter_mut().find(|r| r.root == "providerUser") {
                Some(slot) => *slot = pu,
                None => self.records.push(pu),
            }
        }
    }

    /// Adds the schemas of an RFC 7643 §7 schema document (see
    /// [`parse_schema_document`]); every problem is a [`LoadError`] saying where.
    pub fn add_extension_document(&mut self, text: &str) -> Result<(), LoadErrors> {
        let exts = parse_schema_document(text).map_err(errors)?;
        for e in exts {
            self.add_extension(e);
        }
        Ok(())
    }

    /// The schemas targets of a `resource` mapping may name: the core one
    /// first, then the enterprise extension (User), then the host's.
    pub fn targets(&self, resource: super::Resource) -> Vec<(&'static str, &'static [Attr])> {
        let mut out = schema::schemas_for(resource).to_vec();
        for e in &self.extensions {
            if e.resource == resource {
                out.push((e.urn, e.attrs));
            }
        }
        out
    }
}

/// `providerUser`: a SCIM User as the provider returns it (RFC 7643 core and
/// enterprise attributes, `schemas`, `meta`, and each extension under its URN).
/// Open, since a provider's REST JSON may carry more; every field may be absent
/// (`{}` when the user does not exist there yet).
fn provider_user(extensions: &[Extension]) -> RecordSchema {
    let mut shape = Shape::of(FieldType::Object);
    shape.fields = schema::USER.iter().map(attr_field).collect();
    let mut schemas = Shape::of(FieldType::Array);
    schemas.items = Some(Box::new(Shape::of(FieldType::String)));
    shape.fields.push(optional("schemas", schemas));
    shape
        .fields
        .push(optional("meta", Shape::of(FieldType::Object)));
    let mut ext = vec![(schema::ENTERPRISE_URN, schema::ENTERPRISE)];
    ext.extend(
        extensions
            .iter()
            .filter(|e| e.resource == super::Resource::User)
            .map(|e| (e.urn, e.attrs)),
    );
    for (urn, attrs) in ext {
        let mut s = Shape::of(FieldType::Object);
        s.fields = attrs.iter().map(attr_field).collect();
        shape.fields.push(optional(urn, s));
    }
    RecordSchema {
        root: "providerUser".into(),
        description: Some(
            "the provider's copy of the user (a SCIM User resource), {} when it has none yet"
                .into(),
        ),
        shape,
    }
}

fn optional(name: &str, shape: Shape) -> Field {
    Field {
        name: name.to_string(),
        shape,
        optional: true,
        nullable: true,
    }
}

fn attr_shape(a: &Attr) -> Shape {
    match a.ty {
        Type::Boolean => Shape::of(FieldType::Boolean),
        Type::Integer => Shape::of(FieldType::Integer),
        Type::Decimal => Shape::of(FieldType::Number),
        Type::Complex => {
            let mut s = Shape::of(FieldType::Object);
            s.fields = a.subs.iter().map(attr_field).collect();
            s
        }
        Type::DateTime => Shape {
            date_time: true,
            ..Shape::of(FieldType::String)
        },
        Type::String | Type::Reference | Type::Binary => Shape::of(FieldType::String),
    }
}

fn attr_field(a: &Attr) -> Field {
    let one = attr_shape(a);
    let shape = if a.multi {
        Shape {
            items: Some(Box::new(one)),
            ..Shape::of(FieldType::Array)
        }
    } else {
        one
    };
    optional(a.name, shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schemas_parse_and_cover_the_directory_record() {
        for (root, text) in SHIPPED {
            let s = RecordSchema::from_json_text(text).unwrap_or_else(|e| panic!("{root}: {e}"));
            assert_eq!(&s.root, root);
        }
        let all = RecordSchemas::default();
        let user = all.record("jcUser").unwrap();
        assert!(user.shape.closed);
        assert!(!user.shape.field("id").unwrap().may_be_nil());
        assert!(user.shape.field("lastname").unwrap().may_be_nil());
        // Every directory field an import may write is a field of jcUser.
        for a in schema::DIRECTORY {
            assert!(user.shape.field(a.name).is_some(), "{}", a.name);
        }
        let addr = user.shape.field("addresses").unwrap();
        assert!(addr.shape.items.as_ref().unwrap().field("poBox").is_some());
        let pu = all.record("providerUser").unwrap();
        assert!(!pu.shape.closed);
        assert!(pu.shape.field(schema::ENTERPRISE_URN).is_some());
    }

    #[test]
    fn bad_record_schemas_say_where() {
        let table = [
            ("[]", "must be a JSON object"),
            (
                r#"{"root": "x", "fields": [{"name": "a"}]}"#,
                "fields[0] (a): \"type\" must be one of",
            ),
            (
                r#"{"root": "x", "fields": [{"name": "a", "type": "string", "items": {}}]}"#,
                "only arrays have",
            ),
            (
                r#"{"root": "x", "fields": [{"name": "a", "type": "array", "items": {"type": "object", "fields": [{"name": "b", "type": "str"}]}}]}"#,
                "fields[0] (a): items: fields[0] (b): \"type\"",
            ),
            (r#"{"root": "x", "extra": 1}"#, "unknown key \"extra\""),
        ];
        for (doc, want) in table {
            let e = RecordSchema::from_json_text(doc).unwrap_err();
            assert!(e.to_string().contains(want), "{doc}: {e}");
        }
    }

    #[test]
    fn extensions_reach_targets_and_provider_user() {
        let mut s = RecordSchemas::default();
        s.add_extension_document(
            r#"{"id": "urn:acme:2.0:User", "attributes": [{"name": "badge", "type": "string"}]}"#,
        )
        .unwrap();
        assert_eq!(s.targets(super::super::Resource::User).len(), 3);
        let pu = s.record("providerUser").unwrap();
        assert!(pu.shape.field("urn:acme:2.0:User").is_some());
    }
}
