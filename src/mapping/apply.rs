//! Applying a mapping to one record (docs/mapping.md, How values are written).
//!
//! Each entry yields a value or nothing; "no value" (nil or `""`) is never
//! written, and the same rule applies inside objects: members whose value is nil
//! or `""` are dropped rather than sent. Values are checked and normalised
//! against the target's schema attribute before they are written.
//!
//! A number that `direct` copies into a (string) attribute is written as the
//! input spelled it when the caller gave the input's text (see
//! [`Mapping::with_number_text`]): `12345678901234567890123`, `18446744073709551616`,
//! `-0` and `1E2` stay exactly that, rather than what serde_json's `f64` gives
//! back (`1.2345678901234568e+22`, `-0.0`, `100.0`). A number is a value, not
//! a spelling, only for expressions, which compute with it.

use super::record::{has_float, node_key, number_literals};
use super::schema::{Attr, Type, GROUP_URN, USER_URN};
use super::{ApplyInput, DirectPath, Direction, Entry, Mapping, OnNull, Resource, Root, Source};
use crate::error::ErrorKind;
use crate::runtime::ctx::WorkMeter;
use serde_json::{Map, Value as Json};
use std::cell::RefCell;

thread_local! {
    /// The literals [`Mapping::with_number_text`] gives the applications it
    /// runs: (node address, text), sorted by address.
    static NUMBER_TEXT: RefCell<Vec<(usize, Box<str>)>> = const { RefCell::new(Vec::new()) };
}

impl Mapping {
    /// Runs `f`, which applies (or previews, or plans) this mapping with
    /// `record` as the primary record, so that `direct` entries write the
    /// numbers of `record` as `text`, the JSON it was parsed from, spells
    /// them: a `serde_json::Value` keeps a number as an `f64` when it is not a
    /// 64-bit integer, and `12345678901234567890123` would otherwise be
    /// written `"1.2345678901234568e+22"`. `record` must not change while `f`
    /// runs (its numbers are known by address); numbers not read from `text`
    /// are written as before. The text is read again only when a `direct`
    /// entry reads such a number.
    pub fn with_number_text<T>(&self, text: &str, record: &Json, f: impl FnOnce() -> T) -> T {
        let needed = self.entries.iter().any(|e| match &e.source {
            Source::Direct(p) => read_direct(record, p).is_some_and(has_float),
            _ => false,
        });
        if !needed {
            return f();
        }
        let table = number_literals(text, record);
        if table.is_empty() {
            return f();
        }
        /// Puts the caller's table back, however `f` ends.
        struct Restore(Vec<(usize, Box<str>)>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = std::mem::take(&mut self.0);
                NUMBER_TEXT.with(|t| *t.borrow_mut() = previous);
            }
        }
        let _restore = Restore(NUMBER_TEXT.with(|t| t.replace(table)));
        f()
    }
}

/// A copy of `j` for a `direct` entry into `attr`, its numbers as the input
/// spelled them (when known), as strings: where a number is written, it is
/// written as a string (docs/mapping.md, How values are written). A boolean attribute gets the
/// number itself, for the error to name what it got.
fn direct_copy(j: &Json, attr: &Attr) -> Json {
    if matches!(attr.ty, Type::Boolean | Type::Integer | Type::Decimal) {
        return j.clone();
    }
    NUMBER_TEXT.with(|t| {
        let table = t.borrow();
        if table.is_empty() {
            j.clone()
        } else {
            spelled(j, &table)
        }
    })
}

/// `j` with each number in `table` replaced by its text.
fn spelled(j: &Json, table: &[(usize, Box<str>)]) -> Json {
    match j {
        Json::Number(_) => match table.binary_search_by_key(&node_key(j), |(at, _)| *at) {
            Ok(i) => table
                .get(i)
                .map_or_else(|| j.clone(), |(_, text)| Json::String(text.to_string())),
            Err(_) => j.clone(),
        },
        Json::Array(a) => Json::Array(a.iter().map(|v| spelled(v, table)).collect()),
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), spelled(v, table)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A problem with one attribute of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrError {
    /// The target, in canonical form.
    pub target: String,
    /// What went wrong (expression errors: `MESSAGE (L:C)` and the caret lines).
    pub message: String,
}

/// What became of one entry.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryStatus {
    /// The value written (after normalisation).
    Written(Json),
    /// No value; nothing written.
    Omitted,
    /// No value and `onNull: "clear"`: the provider's value is to be removed.
    Cleared,
    /// The source failed or the value has the wrong type.
    Error(String),
}

/// One entry's result, for previews.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryOutcome {
    /// The entry's index in the document.
    pub index: usize,
    /// The target, in canonical form.
    pub target: String,
    /// What happened.
    pub status: EntryStatus,
}

/// The result of applying a mapping to one record.
///
/// ```
/// use scimexpr::{ApplyInput, Mapping};
/// use serde_json::json;
///
/// let mapping = Mapping::builtin("namely")?;
/// // No email: userName (required) has no value, so the record fails.
/// let out = mapping.apply(&ApplyInput::user(&json!({"id": "u1", "firstname": "Ada"})));
/// assert!(out.resource.is_none());
/// assert_eq!(out.failed.unwrap().message, "required attribute userName has no value");
///
/// // With one, it goes out; the targets with no value are listed as omitted.
/// let out = mapping.apply(&ApplyInput::user(&json!({"id": "u1", "email": "a@x.io"})));
/// assert_eq!(out.resource.unwrap()["userName"], "a@x.io");
/// assert!(out.omitted.contains(&"title".to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The resource produced; `None` when a required attribute failed.
    pub resource: Option<Json>,
    /// Targets not written: no value, cleared, or an error on an optional attribute.
    pub omitted: Vec<String>,
    /// Errors on optional attributes (the record still goes out).
    pub errors: Vec<AttrError>,
    /// The required attribute that failed the record, if any.
    pub failed: Option<AttrError>,
    /// Targets with no value whose entry says `onNull: "clear"`.
    pub cleared: Vec<String>,
}

/// [`Outcome`] plus what became of each entry, for previews.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The same result [`Mapping::apply`](super::Mapping::apply) gives.
    pub outcome: Outcome,
    /// Every entry's result, in document order.
    pub entries: Vec<EntryOutcome>,
}

/// Applies `mapping`; when `details` is given, each entry's result (with a copy
/// of the value written) is appended to it. Only previews ask for that copy:
/// the bulk path pays for nothing it does not send.
pub(super) fn apply(
    mapping: &Mapping,
    input: &ApplyInput<'_>,
    details: Option<&mut Vec<EntryOutcome>>,
) -> Outcome {
    let mut meter = WorkMeter::new(mapping.record_work_budget());
    apply_metered(mapping, input, details, &mut meter)
}

/// [`apply`] with the record's work drawn from `meter`: once it runs out the
/// entry that ran out fails the record (required or not) and no later entry runs.
pub(super) fn apply_metered(
    mapping: &Mapping,
    input: &ApplyInput<'_>,
    mut details: Option<&mut Vec<EntryOutcome>>,
    meter: &mut WorkMeter,
) -> Outcome {
    let mut out = Builder::new(mapping.direction);
    let mut outcome = Outcome {
        resource: None,
        omitted: Vec::new(),
        errors: Vec::new(),
        failed: None,
        cleared: Vec::new(),
    };
    let primary = mapping.primary(input);
    for entry in &mapping.entries {
        let mut record_budget = false;
        let result = evaluate(mapping, entry, input, primary, meter, &mut record_budget)
            .map(|v| strip_empty(v).filter(|v| has_value(entry.target.leaf(), v)))
            .and_then(|v| match v {
                None => Ok(None),
                Some(v) => write(entry, v, &mut out, details.is_some()),
            });
        let target = entry.target_text();
        let status = match result {
            Ok(Some(v)) => EntryStatus::Written(v),
            Ok(None) if entry.required => {
                let message = format!("required attribute {target} has no value");
                outcome.failed.get_or_insert(AttrError {
                    target: target.to_string(),
                    message: message.clone(),
                });
                EntryStatus::Error(message)
            }
            Ok(None) => {
                outcome.omitted.push(target.to_string());
                if entry.on_null == OnNull::Clear {
                    outcome.cleared.push(target.to_string());
                    EntryStatus::Cleared
                } else {
                    EntryStatus::Omitted
                }
            }
            Err(message) => {
                let err = AttrError {
                    target: target.to_string(),
                    message: message.clone(),
                };
                if entry.required || record_budget {
                    outcome.failed.get_or_insert(err);
                } else {
                    outcome.omitted.push(target.to_string());
                    outcome.errors.push(err);
                }
                EntryStatus::Error(message)
            }
        };
        if let Some(details) = details.as_deref_mut() {
            details.push(EntryOutcome {
                index: entry.index,
                target: target.to_string(),
                status,
            });
        }
        if record_budget {
            break;
        }
    }
    if outcome.failed.is_none() {
        outcome.resource = Some(out.finish(mapping.resource));
    }
    outcome
}

/// The resource being written. Extension objects are kept aside while the
/// entries run, so writing into one does not look its long URN up in the
/// resource each time; the resource holds a placeholder where each goes.
struct Builder {
    out: Map<String, Json>,
    direction: Direction,
    extensions: Vec<(&'static str, Map<String, Json>)>,
}

impl Builder {
    fn new(direction: Direction) -> Builder {
        let mut out = Map::new();
        if direction == Direction::Export {
            // First key of the resource; filled in by `finish` once the
            // extensions used are known.
            out.insert("schemas".to_string(), Json::Null);
        }
        Builder {
            out,
            direction,
            extensions: Vec::new(),
        }
    }

    /// The object a target's attribute lives in: the resource, or the
    /// extension's object under its URN (export only; import targets are
    /// directory fields).
    fn container(&mut self, urn: Option<&'static str>) -> &mut Map<String, Json> {
        let Some(urn) = urn.filter(|_| self.direction == Direction::Export) else {
            return &mut self.out;
        };
        let pos = match self.extensions.iter().position(|(u, _)| *u == urn) {
            Some(pos) => pos,
            None => {
                self.out.insert(urn.to_string(), Json::Null);
                self.extensions.push((urn, Map::new()));
                self.extensions.len() - 1
            }
        };
        match self.extensions.get_mut(pos) {
            Some((_, m)) => m,
            None => &mut self.out,
        }
    }

    /// The resource, with `schemas` (export only): the core URN, then each
    /// extension used, in the schema's order.
    fn finish(mut self, resource: Resource) -> Json {
        if self.direction == Direction::Import {
            return Json::Object(self.out);
        }
        let core = match resource {
            Resource::User => USER_URN,
            Resource::Group => GROUP_URN,
        };
        let mut schemas = vec![Json::from(core)];
        let known = super::schema::schemas_for(resource);
        for (urn, _) in known.iter().skip(1) {
            if self.extensions.iter().any(|(u, _)| u == urn) {
                schemas.push(Json::from(*urn));
            }
        }
        // Host extensions, in the order their attributes were first written.
        for (urn, _) in &self.extensions {
            if !known.iter().any(|(u, _)| u == urn) {
                schemas.push(Json::from(*urn));
            }
        }
        if let Some(slot) = self.out.get_mut("schemas") {
            *slot = Json::Array(schemas);
        }
        for (urn, m) in self.extensions {
            if let Some(slot) = self.out.get_mut(urn) {
                *slot = Json::Object(m);
            }
        }
        Json::Object(self.out)
    }
}

fn evaluate(
    mapping: &Mapping,
    entry: &Entry,
    input: &ApplyInput<'_>,
    primary: &Json,
    meter: &mut WorkMeter,
    record_budget: &mut bool,
) -> Result<Json, String> {
    match &entry.source {
        Source::Constant(v) => Ok(v.clone()),
        Source::Direct(p) => match read_direct(primary, p) {
            None => Ok(Json::Null),
            Some(j) => {
                // Copying costs a unit per value copied, drawn from the
                // record's budget: a thousand `direct` entries of one large
                // field cannot take longer than the expressions could.
                let left = meter.left();
                let nodes = json_nodes(j, left);
                if nodes > left {
                    *record_budget = true;
                    return Err(ErrorKind::RecordWorkBudget(meter.limit().unwrap_or(0)).to_string());
                }
                meter.add(nodes);
                // Copying and cleaning a value recurse once per level: a record
                // a host built may be deeper than any parsed one (serde_json
                // stops at 128), so it gets the same check as an expression's result.
                crate::runtime::value::Value::from_json(j)
                    .check_shape(crate::runtime::format::MAX_JSON_DEPTH, u64::MAX)
                    .map_err(|e| e.to_string())?;
                Ok(direct_copy(j, entry.target.leaf()))
            }
        },
        Source::Expression(program) => {
            // At most four roots: kept on the stack, not collected.
            let mut roots = [("", input.jc_user); 4];
            let mut n = 0;
            for (slot, root) in roots.iter_mut().zip(Root::for_resource(mapping.resource)) {
                *slot = (root.name(), input.get(*root));
                n += 1;
            }
            program
                .run_roots_metered(roots.get(..n).unwrap_or(&[]), meter)
                .map(|v| v.to_json())
                .map_err(|e| {
                    *record_budget = matches!(e.kind, ErrorKind::RecordWorkBudget(_));
                    e.to_string()
                })
        }
    }
}

/// The values in `j` (itself included), counting no further than just past `stop`.
fn json_nodes(j: &Json, stop: u64) -> u64 {
    let mut n = 0u64;
    let mut todo = vec![j];
    while let Some(v) = todo.pop() {
        n += 1;
        if n > stop {
            break;
        }
        match v {
            Json::Array(a) => todo.extend(a.iter()),
            Json::Object(m) => todo.extend(m.values()),
            _ => {}
        }
    }
    n
}

/// `v[key]` when `v` is an object.
fn field<'j>(v: &'j Json, key: &str) -> Option<&'j Json> {
    v.as_object()
        .and_then(|m| crate::runtime::value::json_field(m, key))
}

/// Reads a `direct` path; anything missing (or a path through a non-container)
/// reads as nothing.
pub fn read_direct<'j>(record: &'j Json, path: &DirectPath) -> Option<&'j Json> {
    match path {
        DirectPath::Custom(name) => field(record, "attributes")?
            .as_array()?
            .iter()
            .find(|a| field(a, "name").and_then(Json::as_str) == Some(name.as_str()))
            .and_then(|a| field(a, "value")),
        DirectPath::Fields(fields) => fields.iter().try_fold(record, |cur, f| match cur {
            Json::Object(m) => crate::runtime::value::json_field(m, f),
            Json::Array(a) => f.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }),
    }
}

/// Drops nil and `""` object members (recursively); `None` when nothing is left
/// of a scalar.
fn strip_empty(mut v: Json) -> Option<Json> {
    if strip_in_place(&mut v) {
        Some(v)
    } else {
        None
    }
}

/// [`strip_empty`] without rebuilding containers (results are mostly already
/// clean); `false` when `v` itself is nil or `""`. Array elements that strip
/// to nothing become null, keeping the positions.
fn strip_in_place(v: &mut Json) -> bool {
    match v {
        Json::Null => false,
        Json::String(s) => !s.is_empty(),
        Json::Object(m) => {
            m.retain(|_, v| strip_in_place(v));
            true
        }
        Json::Array(a) => {
            for item in a.iter_mut() {
                if !strip_in_place(item) {
                    *item = Json::Null;
                }
            }
            true
        }
        _ => true,
    }
}

/// Whether a (stripped) value counts as a value for `attr`: `[]` and `{}` do
/// not (RFC 7643 §2.5), except an empty membership set.
fn has_value(attr: &Attr, v: &Json) -> bool {
    match v {
        Json::Array(a) => !a.is_empty() || attr.set,
        Json::Object(m) => !m.is_empty(),
        _ => true,
    }
}

fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// Checks a simple value against `attr`'s type; numbers and booleans become
/// strings where a string is expected (docs/mapping.md, How values are written).
fn scalar(attr: &Attr, v: Json) -> Result<Json, String> {
    match (attr.ty, v) {
        (Type::Boolean, v @ Json::Bool(_)) => Ok(v),
        (Type::Boolean, v) => Err(format!(
            "{}: expected boolean, got {}",
            attr.name,
            json_type(&v)
        )),
        (Type::Complex, v) => complex(attr, v),
        (Type::Integer, Json::Number(n)) if n.is_i64() || n.is_u64() => Ok(Json::Number(n)),
        (Type::Decimal, v @ Json::Number(_)) => Ok(v),
        (Type::Integer, Json::Number(_)) => Err(format!(
            "{}: expected integer, got a number with a fraction",
            attr.name
        )),
        (ty @ (Type::Integer | Type::Decimal), v) => Err(format!(
            "{}: expected {}, got {}",
            attr.name,
            ty.name(),
            json_type(&v)
        )),
        (_, v @ Json::String(_)) => Ok(v),
        (_, Json::Number(n)) => Ok(Json::String(n.to_string())),
        (_, Json::Bool(b)) => Ok(Json::String(b.to_string())),
        (ty, v) => Err(format!(
            "{}: expected {}, got {}",
            attr.name,
            ty.name(),
            json_type(&v)
        )),
    }
}

/// Checks one object of a complex attribute: known sub-attributes only, each
/// of its type, keys in canonical case.
fn complex(attr: &Attr, v: Json) -> Result<Json, String> {
    let Json::Object(m) = v else {
        return Err(format!(
            "{}: expected an object, got {}",
            attr.name,
            json_type(&v)
        ));
    };
    // Values are checked in place; the object is rebuilt only when a key is
    // not already in canonical case (expressions nearly always write it so).
    let mut m = m;
    let mut renamed = false;
    for (k, v) in m.iter_mut() {
        let sub = attr
            .sub(k)
            .ok_or_else(|| format!("{}: unknown sub-attribute {k}", attr.name))?;
        renamed |= sub.name != k.as_str();
        *v = scalar(sub, std::mem::take(v))?;
    }
    if !renamed {
        return Ok(Json::Object(m));
    }
    let mut out = Map::with_capacity(m.len());
    for (k, v) in m {
        let name = attr.sub(&k).map_or(k.as_str(), |sub| sub.name);
        out.insert(name.to_string(), v);
    }
    Ok(Json::Object(out))
}

/// Checks the whole value of a multi-valued attribute: an array of objects, at
/// most one of them primary (or, for a multi-valued simple attribute of a host
/// extension, an array of values of its type).
fn multi(attr: &Attr, v: Json) -> Result<Json, String> {
    if attr.ty != Type::Complex {
        let Json::Array(items) = v else {
            return Err(format!(
                "{}: expected an array of {} values, got {}",
                attr.name,
                attr.ty.name(),
                json_type(&v)
            ));
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if !(item.is_null() || item == "") {
                out.push(scalar(attr, item)?);
            }
        }
        return Ok(Json::Array(out));
    }
    let Json::Array(items) = v else {
        return Err(format!(
            "{}: expected an array of objects, got {}",
            attr.name,
            json_type(&v)
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.is_null() {
            continue;
        }
        let obj = complex(attr, item).map_err(|e| {
            if e.contains("expected an object") {
                format!("{}: expected an array of objects", attr.name)
            } else {
                e
            }
        })?;
        if obj.as_object().is_some_and(|m| !m.is_empty()) {
            out.push(obj);
        }
    }
    check_primary(attr, &out)?;
    Ok(Json::Array(out))
}

fn check_primary(attr: &Attr, items: &[Json]) -> Result<(), String> {
    let primaries = items
        .iter()
        .filter(|i| i.get("primary") == Some(&Json::Bool(true)))
        .count();
    if primaries > 1 {
        return Err(format!(
            "{}: {primaries} elements have primary: true (at most one may)",
            attr.name
        ));
    }
    Ok(())
}

/// Type-checks `v` for `target` as [`write`] does, writing nothing (a
/// constant's check at load, docs/mapping.md, Checks for admins).
pub(super) fn check_value(target: &super::TargetPath, v: Json) -> Result<(), String> {
    let Some(v) = strip_empty(v) else {
        return Ok(());
    };
    let checked = match (target.filter.is_empty(), target.sub) {
        (_, Some(sub)) => scalar(sub, v),
        (true, None) if target.attr.multi => multi(target.attr, v),
        (true, None) => scalar(target.attr, v),
        (false, None) => complex(target.attr, v),
    };
    checked.map(|_| ())
}

/// Type-checks `v` for `entry`'s target and writes it into `out`; returns a
/// copy of the value written when `keep` asks for one (null otherwise), or
/// `None` when nothing is left to write once the value is normalised (an
/// array whose elements were all empty).
fn write(entry: &Entry, v: Json, out: &mut Builder, keep: bool) -> Result<Option<Json>, String> {
    let copy = |v: &Json| if keep { v.clone() } else { Json::Null };
    let t = &entry.target;
    let attr = t.attr;
    // Values are checked before anything is created, so a rejected value leaves
    // no empty extension object or array behind.
    if t.filter.is_empty() {
        let had_elements = v.as_array().is_some_and(|a| !a.is_empty());
        let v = match t.sub {
            Some(sub) => scalar(sub, v)?,
            None if attr.multi => multi(attr, v)?,
            None => scalar(attr, v)?,
        };
        // A list whose elements all came out empty says nothing: for a
        // membership set, `[]` would mean "no members".
        let emptied = had_elements && v.as_array().is_some_and(Vec::is_empty);
        if emptied || !has_value(t.leaf(), &v) {
            return Ok(None);
        }
        let written = copy(&v);
        let container = out.container(t.urn);
        match t.sub {
            Some(sub) => {
                object_at(container, attr.name)?.insert(sub.name.to_string(), v);
            }
            None => {
                container.insert(attr.name.to_string(), v);
            }
        }
        return Ok(Some(written));
    }
    // A filtered target upserts one element of a multi-valued attribute.
    let (members, written) = match t.sub {
        Some(sub) => {
            let v = scalar(sub, v)?;
            let written = copy(&v);
            (vec![(sub.name.to_string(), v)], written)
        }
        None => {
            let v = complex(attr, v)?;
            let written = copy(&v);
            let members = match v {
                Json::Object(m) => m.into_iter().collect(),
                _ => Vec::new(),
            };
            (members, written)
        }
    };
    let container = out.container(t.urn);
    let slot = container
        .entry(attr.name.to_string())
        .or_insert_with(|| Json::Array(Vec::new()));
    if !slot.is_array() {
        *slot = Json::Array(Vec::new());
    }
    let Json::Array(items) = slot else {
        return Err(format!("{}: internal: not an array", attr.name));
    };
    let before = items.clone();
    let pos = items.iter().position(|item| {
        t.filter
            .iter()
            .all(|(sub, lit)| item.get(sub.name) == Some(lit))
    });
    let pos = match pos {
        Some(p) => p,
        None => {
            let fresh: Map<String, Json> = t
                .filter
                .iter()
                .map(|(sub, lit)| (sub.name.to_string(), lit.clone()))
                .collect();
            items.push(Json::Object(fresh));
            items.len() - 1
        }
    };
    if let Some(Json::Object(elem)) = items.get_mut(pos) {
        elem.extend(members);
    }
    if let Err(e) = check_primary(attr, items) {
        *items = before;
        if items.is_empty() {
            container.shift_remove(attr.name);
        }
        return Err(e);
    }
    Ok(Some(written))
}

/// The object under `key`, created (or replacing a non-object) if needed.
fn object_at<'m>(
    m: &'m mut Map<String, Json>,
    key: &str,
) -> Result<&'m mut Map<String, Json>, String> {
    // Looked up before inserting: the key is allocated only the first time.
    if !m.get(key).is_some_and(Json::is_object) {
        m.insert(key.to_string(), Json::Object(Map::new()));
    }
    m.get_mut(key)
        .and_then(Json::as_object_mut)
        .ok_or_else(|| format!("{key}: cannot write into a non-object"))
}
