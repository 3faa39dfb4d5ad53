//! PATCH requests (mapping.md §3.3, RFC 7644 §3.5.2).
//!
//! The unit of comparison is what a PATCH path can name: a simple attribute, a
//! sub-attribute of a single-valued complex attribute (`name.givenName`,
//! `urn:…:User:manager.value`), or a whole multi-valued attribute (`emails`),
//! which is replaced whole because its elements have no stable identity.

use super::apply::Outcome;
use super::schema::PATCH_URN;
use super::{Mapping, TargetPath};
use serde_json::{json, Value as Json};

pub(super) fn patch(mapping: &Mapping, outcome: &Outcome, provider: &Json) -> Option<Json> {
    let resource = outcome.resource.as_ref()?;
    let mut seen: Vec<&str> = Vec::new();
    let mut ops = Vec::new();
    for entry in &mapping.entries {
        let path = entry.patch_path();
        if seen.contains(&path) {
            continue;
        }
        seen.push(path);
        let mut unit = mapping.entries.iter().filter(|e| e.patch_path() == path);
        let new = lookup(resource, &entry.target);
        let old = lookup(provider, &entry.target);
        match (new, old) {
            (Some(n), None) => ops.push(json!({"op": "add", "path": path, "value": n})),
            (Some(n), Some(o)) if !same(n, o) => {
                ops.push(json!({"op": "replace", "path": path, "value": n}))
            }
            (None, Some(_)) => {
                let cleared = unit.any(|e| outcome.cleared.iter().any(|c| c == e.target_text()));
                if cleared {
                    ops.push(json!({"op": "remove", "path": path}));
                }
            }
            _ => {}
        }
    }
    if ops.is_empty() {
        return None;
    }
    Some(json!({"schemas": [PATCH_URN], "Operations": ops}))
}

/// The value at `t`'s PATCH path in a SCIM resource (keys compared
/// case-insensitively, as SCIM attribute names are); no value (nil or `""`) reads
/// as `None`.
fn lookup<'j>(root: &'j Json, t: &TargetPath) -> Option<&'j Json> {
    let mut cur = root;
    if let Some(urn) = t.urn {
        cur = get_ci(cur, urn)?;
    }
    cur = get_ci(cur, t.attr.name)?;
    if !t.attr.multi {
        if let Some(sub) = t.sub {
            cur = get_ci(cur, sub.name)?;
        }
    }
    match cur {
        Json::Null => None,
        Json::String(s) if s.is_empty() => None,
        v => Some(v),
    }
}

fn get_ci<'j>(v: &'j Json, key: &str) -> Option<&'j Json> {
    let m = v.as_object()?;
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// JSON equality where numbers compare by value (`1` equals `1.0`).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
