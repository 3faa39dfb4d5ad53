//! PATCH requests (docs/sync.md, What a PATCH changes; RFC 7644 §3.5.2): a PATCH changes only what
//! the mapping owns, and everything else the provider holds stays as it is.
//!
//! What an entry owns depends on its target: a simple attribute or a
//! sub-attribute of a single-valued one owns exactly that; an unfiltered
//! multi-valued attribute owns the whole list; a filtered target owns the
//! named sub-attribute of the elements its filter selects (entries with the
//! same filter share one element); a membership set (`members`) owns its
//! members one by one. Desired and current values are compared by the schema
//! ([`equal`]), so a case-only difference in a `caseExact: false` attribute or
//! a reordered list is no change.

use super::apply::Outcome;
use super::schema::{Attr, Type, PATCH_URN};
use super::{Entry, Mapping, OnNull, TargetPath};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// The default for [`PatchOptions::max_operations`].
pub const DEFAULT_MAX_OPERATIONS: usize = 1000;

/// An RFC 7644 PATCH operation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchOp {
    /// Adds a value (appends to a multi-valued attribute).
    Add,
    /// Replaces the value at the path.
    Replace,
    /// Removes the value at the path.
    Remove,
}

/// One operation of a PatchOp request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOperation {
    /// `add`, `replace` or `remove`.
    pub op: PatchOp,
    /// The attribute path (RFC 7644 §3.5.2 `path`); every operation this crate
    /// makes names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The value (absent for `remove`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
}

impl PatchOperation {
    fn new(op: PatchOp, path: String, value: Option<Json>) -> PatchOperation {
        PatchOperation {
            op,
            path: Some(path),
            value,
        }
    }
}

/// An RFC 7644 PatchOp request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchRequest {
    /// `["urn:ietf:params:scim:api:messages:2.0:PatchOp"]`.
    pub schemas: Vec<String>,
    /// The operations, applied in order.
    #[serde(rename = "Operations")]
    pub operations: Vec<PatchOperation>,
}

/// Limits on the requests [`Mapping::patch`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatchOptions {
    /// Most operations in one request; a larger change is split into several
    /// requests, in order. Also the most members one `add members` names.
    pub max_operations: usize,
}

impl Default for PatchOptions {
    fn default() -> Self {
        PatchOptions {
            max_operations: DEFAULT_MAX_OPERATIONS,
        }
    }
}

/// Splits operations into requests of at most `max` operations each.
pub fn requests(operations: Vec<PatchOperation>, max: usize) -> Vec<PatchRequest> {
    let max = max.max(1);
    let mut out = Vec::with_capacity(operations.len().div_ceil(max));
    let mut rest = operations.into_iter().peekable();
    while rest.peek().is_some() {
        out.push(PatchRequest {
            schemas: vec![PATCH_URN.to_string()],
            operations: rest.by_ref().take(max).collect(),
        });
    }
    out
}

/// The operations turning `provider` into what `outcome` says; `None` when the
/// record failed (there is nothing to send), empty when nothing differs.
pub(super) fn operations(
    mapping: &Mapping,
    outcome: &Outcome,
    provider: &Json,
    opts: &PatchOptions,
) -> Option<Vec<PatchOperation>> {
    let resource = outcome.resource.as_ref()?;
    let cleared = |e: &Entry| {
        e.on_null == OnNull::Clear && outcome.cleared.iter().any(|c| c == e.target_text())
    };
    let mut ops = Vec::new();
    let mut done = vec![false; mapping.entries.len()];
    for (i, entry) in mapping.entries.iter().enumerate() {
        if done.get(i).copied().unwrap_or(true) {
            continue;
        }
        let t = &entry.target;
        if !t.filter.is_empty() {
            // Every entry writing into the elements this filter selects.
            let unit: Vec<&Entry> = mapping
                .entries
                .iter()
                .enumerate()
                .skip(i)
                .filter(|(_, e)| same_element(&e.target, t))
                .map(|(j, e)| {
                    if let Some(d) = done.get_mut(j) {
                        *d = true;
                    }
                    e
                })
                .collect();
            element(&unit, resource, provider, &cleared, &mut ops);
            continue;
        }
        let desired = value_at(resource, t);
        let current = value_at(provider, t);
        let path = entry.patch_path();
        if t.attr.set && t.sub.is_none() {
            members(t, desired, current, opts, &mut ops);
            continue;
        }
        single(t.leaf(), path, desired, current, cleared(entry), &mut ops);
    }
    Some(ops)
}

/// A simple attribute, a sub-attribute of a single-valued complex one, or a
/// whole multi-valued attribute: add, replace or remove exactly its path.
fn single(
    attr: &Attr,
    path: &str,
    desired: Option<&Json>,
    current: Option<&Json>,
    cleared: bool,
    ops: &mut Vec<PatchOperation>,
) {
    match (desired, current) {
        (Some(d), None) => ops.push(PatchOperation::new(
            PatchOp::Add,
            path.to_string(),
            Some(d.clone()),
        )),
        (Some(d), Some(c)) if !equal(attr, d, c) => ops.push(PatchOperation::new(
            PatchOp::Replace,
            path.to_string(),
            Some(d.clone()),
        )),
        (None, Some(_)) if cleared => {
            ops.push(PatchOperation::new(PatchOp::Remove, path.to_string(), None))
        }
        _ => {}
    }
}

/// Whether two filtered targets select the same elements.
fn same_element(a: &TargetPath, b: &TargetPath) -> bool {
    a.urn == b.urn
        && std::ptr::eq(a.attr, b.attr)
        && a.filter.len() == b.filter.len()
        && a.filter.iter().all(|(sub, lit)| {
            b.filter
                .iter()
                .any(|(s, l)| std::ptr::eq(*s, *sub) && l == lit)
        })
}

/// The entries writing into the elements one filter selects.
fn element(
    unit: &[&Entry],
    resource: &Json,
    provider: &Json,
    cleared: &dyn Fn(&Entry) -> bool,
    ops: &mut Vec<PatchOperation>,
) {
    let Some(first) = unit.first() else { return };
    let t = &first.target;
    let attr = t.attr;
    // Our own resource holds the filter's literals exactly as written.
    let desired = list_at(resource, t).and_then(|items| {
        items.iter().find_map(|item| {
            let m = item.as_object()?;
            t.filter
                .iter()
                .all(|(sub, lit)| m.get(sub.name) == Some(lit))
                .then_some(m)
        })
    });
    let current: Vec<&Map<String, Json>> = list_at(provider, t)
        .map(|items| {
            items
                .iter()
                .filter_map(Json::as_object)
                .filter(|m| selects(t, m))
                .collect()
        })
        .unwrap_or_default();
    if current.is_empty() {
        // No element to change: a new one, with what has a value, appended.
        if let Some(d) = desired {
            let has_owned_value = unit.iter().any(|e| match e.target.sub {
                Some(sub) => sub_value(d, sub).is_some(),
                None => true,
            });
            if has_owned_value {
                ops.push(PatchOperation::new(
                    PatchOp::Add,
                    t.attr_path(),
                    Some(Json::Array(vec![Json::Object(d.clone())])),
                ));
            }
        }
        return;
    }
    let element_path = t.element_path();
    for entry in unit {
        let Some(sub) = entry.target.sub else {
            // The whole element is owned.
            match desired {
                // Replacing a selected element merges into it at some servers,
                // keeping sub-attributes the mapping dropped; the element is
                // owned whole, so it is removed and added anew.
                Some(d) if !current.iter().all(|c| complex_equal(attr, d, c)) => {
                    ops.push(PatchOperation::new(
                        PatchOp::Remove,
                        element_path.clone(),
                        None,
                    ));
                    ops.push(PatchOperation::new(
                        PatchOp::Add,
                        t.attr_path(),
                        Some(Json::Array(vec![Json::Object(d.clone())])),
                    ));
                }
                Some(_) => {}
                None if cleared(entry) => ops.push(PatchOperation::new(
                    PatchOp::Remove,
                    element_path.clone(),
                    None,
                )),
                None => {}
            }
            continue;
        };
        let want = desired.and_then(|d| sub_value(d, sub));
        match want {
            Some(w) => {
                let same = current
                    .iter()
                    .all(|c| sub_value(c, sub).is_some_and(|v| equal(sub, w, v)));
                if !same {
                    ops.push(PatchOperation::new(
                        PatchOp::Replace,
                        entry.patch_path().to_string(),
                        Some(w.clone()),
                    ));
                }
            }
            None if cleared(entry) && current.iter().any(|c| sub_value(c, sub).is_some()) => {
                // Clearing an element's `value` removes the element (it means
                // nothing without one), unless the mapping still writes
                // something else into it.
                let others_written = unit.iter().any(|e| {
                    e.target.sub.is_some_and(|s| {
                        !std::ptr::eq(s, sub) && desired.is_some_and(|d| sub_value(d, s).is_some())
                    })
                });
                let path = if sub.name == "value" && !others_written {
                    element_path.clone()
                } else {
                    entry.patch_path().to_string()
                };
                if !ops
                    .iter()
                    .any(|o| o.path.as_deref() == Some(element_path.as_str()))
                {
                    ops.push(PatchOperation::new(PatchOp::Remove, path, None));
                }
            }
            None => {}
        }
    }
}

/// A sub-attribute's value in an element, if it has one.
fn sub_value<'j>(m: &'j Map<String, Json>, sub: &Attr) -> Option<&'j Json> {
    get_ci(m, sub.name).filter(|v| present(v))
}

/// Whether a provider element matches `t`'s filter, comparing as the schema
/// says (`type eq "work"` selects `"Work"`: `type` is not case-exact).
fn selects(t: &TargetPath, m: &Map<String, Json>) -> bool {
    t.filter.iter().all(|(sub, lit)| match get_ci(m, sub.name) {
        Some(v) => equal(sub, lit, v),
        // `primary eq false` selects elements that do not say primary.
        None => sub.ty == Type::Boolean && lit == &Json::Bool(false),
    })
}

/// Membership: members added in `add members` operations and removed one by
/// one (`members[value eq "id"]`), never the list replaced.
fn members(
    t: &TargetPath,
    desired: Option<&Json>,
    current: Option<&Json>,
    opts: &PatchOptions,
    ops: &mut Vec<PatchOperation>,
) {
    // No value says nothing about membership.
    let Some(Json::Array(want)) = desired else {
        return;
    };
    let ids = |items: &[Json]| -> Vec<String> {
        items
            .iter()
            .filter_map(|m| get_ci(m.as_object()?, "value"))
            .filter_map(|v| match v {
                Json::String(s) if !s.is_empty() => Some(s.clone()),
                Json::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect()
    };
    let want = ids(want);
    let have = match current {
        Some(Json::Array(items)) => ids(items),
        _ => Vec::new(),
    };
    let have_set: std::collections::HashSet<&str> = have.iter().map(String::as_str).collect();
    let want_set: std::collections::HashSet<&str> = want.iter().map(String::as_str).collect();
    let mut seen = std::collections::HashSet::new();
    let to_add: Vec<Json> = want
        .iter()
        .filter(|id| !have_set.contains(id.as_str()) && seen.insert(id.as_str()))
        .map(|id| {
            let mut m = Map::new();
            m.insert("value".to_string(), Json::String(id.clone()));
            Json::Object(m)
        })
        .collect();
    let path = t.attr_path();
    for chunk in to_add.chunks(opts.max_operations.max(1)) {
        ops.push(PatchOperation::new(
            PatchOp::Add,
            path.clone(),
            Some(Json::Array(chunk.to_vec())),
        ));
    }
    let mut removed = std::collections::HashSet::new();
    for id in &have {
        if !want_set.contains(id.as_str()) && removed.insert(id.as_str()) {
            let lit = Json::String(id.clone());
            ops.push(PatchOperation::new(
                PatchOp::Remove,
                format!("{path}[value eq {lit}]"),
                None,
            ));
        }
    }
}

/// The list at `t`'s attribute.
fn list_at<'j>(root: &'j Json, t: &TargetPath) -> Option<&'j Vec<Json>> {
    let mut cur = root.as_object()?;
    if let Some(urn) = t.urn {
        cur = get_ci(cur, urn)?.as_object()?;
    }
    get_ci(cur, t.attr.name)?.as_array()
}

/// The value at an unfiltered target (keys compared case-insensitively, as
/// SCIM attribute names are); no value reads as `None`.
fn value_at<'j>(root: &'j Json, t: &TargetPath) -> Option<&'j Json> {
    let mut cur = root.as_object()?;
    if let Some(urn) = t.urn {
        cur = get_ci(cur, urn)?.as_object()?;
    }
    let mut v = get_ci(cur, t.attr.name)?;
    if let Some(sub) = t.sub {
        v = get_ci(v.as_object()?, sub.name)?;
    }
    if t.attr.set && t.sub.is_none() && v.is_array() {
        return Some(v);
    }
    Some(v).filter(|v| present(v))
}

/// RFC 7643 §2.5: null, `""`, `[]` and `{}` are no value.
fn present(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(m) => !m.is_empty(),
        _ => true,
    }
}

/// `m[key]`, the key compared case-insensitively as SCIM attribute names are;
/// an exact match wins. Small objects are scanned once (no hashing); large
/// ones are looked up by hash first, so a hostile record cannot make every
/// lookup slow unless its keys differ from the schema's in case.
fn get_ci<'j>(m: &'j Map<String, Json>, key: &str) -> Option<&'j Json> {
    const SCAN_MAX: usize = 64;
    if m.len() > SCAN_MAX {
        if let Some(v) = m.get(key) {
            return Some(v);
        }
    }
    let mut folded = None;
    for (k, v) in m {
        if k.len() != key.len() {
            continue;
        }
        if k == key {
            return Some(v);
        }
        if folded.is_none() && k.eq_ignore_ascii_case(key) {
            folded = Some(v);
        }
    }
    folded
}

/// Equality as the schema defines it (RFC 7643 §2.2–2.4): strings of
/// `caseExact: false` attributes compare case-insensitively; multi-valued
/// attributes compare as multisets in any order; in a complex value, a
/// sub-attribute with no value equals an absent one and `primary: false` equals
/// no `primary`; sub-attributes the schema does not know are not compared;
/// numbers compare by value.
pub fn equal(attr: &Attr, a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Array(x), Json::Array(y)) if attr.multi => multiset_equal(attr, x, y),
        (Json::Object(x), Json::Object(y)) => complex_equal(attr, x, y),
        (Json::String(x), Json::String(y)) => x == y || (!attr.case_exact && fold_equal(x, y)),
        (Json::Number(x), Json::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        // Numbers and booleans are written as strings into string attributes.
        (Json::String(s), Json::Number(n)) | (Json::Number(n), Json::String(s))
            if attr.ty != Type::Boolean =>
        {
            s == &n.to_string()
        }
        (Json::String(s), Json::Bool(v)) | (Json::Bool(v), Json::String(s))
            if attr.ty != Type::Boolean =>
        {
            s == if *v { "true" } else { "false" }
        }
        _ => a == b,
    }
}

fn fold_equal(x: &str, y: &str) -> bool {
    if x.is_ascii() && y.is_ascii() {
        return x.eq_ignore_ascii_case(y);
    }
    x.chars()
        .flat_map(char::to_lowercase)
        .eq(y.chars().flat_map(char::to_lowercase))
}

/// A sub-attribute's value as equality sees it: no value and `primary: false`
/// read as absent.
fn normalized<'j>(sub: &Attr, v: Option<&'j Json>) -> Option<&'j Json> {
    v.filter(|v| present(v) && !(sub.name == "primary" && **v == Json::Bool(false)))
}

fn complex_equal(attr: &Attr, x: &Map<String, Json>, y: &Map<String, Json>) -> bool {
    // Walks the members present rather than the schema's sub-attributes:
    // elements carry a few of them.
    let covered = |a: &Map<String, Json>, b: &Map<String, Json>| {
        a.iter().all(|(k, va)| {
            let Some(sub) = attr.sub(k) else {
                return true; // not in the schema: not compared
            };
            match (
                normalized(sub, Some(va)),
                normalized(sub, get_ci(b, sub.name)),
            ) {
                (None, None) => true,
                (Some(a), Some(b)) => equal(sub, a, b),
                _ => false,
            }
        })
    };
    covered(x, y) && covered(y, x)
}

fn multiset_equal(attr: &Attr, x: &[Json], y: &[Json]) -> bool {
    if x.iter().filter(|v| present(v)).count() != y.iter().filter(|v| present(v)).count() {
        return false;
    }
    // Greedy matching is exact here: element equality is an equivalence.
    let mut used = vec![false; y.len()];
    x.iter().filter(|v| present(v)).all(|a| {
        let found = y.iter().enumerate().position(|(j, b)| {
            present(b) && !used.get(j).copied().unwrap_or(true) && equal(attr, a, b)
        });
        match found.and_then(|j| used.get_mut(j)) {
            Some(u) => {
                *u = true;
                true
            }
            None => false,
        }
    })
}
