//! Reading input records from JSON text, keeping only what a mapping can read.
//!
//! A directory user carries dozens of fields and a mapping reads a dozen of
//! them; building a `serde_json::Value` for the rest (strings allocated, keys
//! hashed into the map) is most of what reading a record costs. Skipped fields
//! still go through serde_json's syntax check, so malformed JSON is refused
//! wherever it is. What the skipping does not check: that a skipped string's
//! `\u` escapes pair up as UTF-16 surrogates, and serde_json's 128-level nesting
//! limit (skipping needs no recursion), so such records are accepted.

use super::{DirectPath, Direction, Entry, Resource, Source};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};
use std::fmt;

/// Why a line of input is not a record.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Not JSON (serde_json's message, with line and column).
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but not an object.
    #[error("a record must be a JSON object, not {0}")]
    NotObject(&'static str),
}

/// Parses a JSON object, keeping only the members named in `keep` (all of them
/// when `keep` is `None`). Duplicate keys behave as in `serde_json::Value`: the
/// last value wins, at the first one's position.
pub fn parse_object(text: &str, keep: Option<&[String]>) -> Result<Json, RecordError> {
    parse_kept(text, keep, false)
}

/// [`parse_object`] with the names in `keep` matched ASCII-case-insensitively,
/// as SCIM attribute names are (for records from a service provider).
pub fn parse_object_folded(text: &str, keep: Option<&[String]>) -> Result<Json, RecordError> {
    parse_kept(text, keep, true)
}

fn parse_kept(text: &str, keep: Option<&[String]>, fold: bool) -> Result<Json, RecordError> {
    let parsed = match parse(text, keep, fold) {
        Ok(p) => p,
        // serde_json places some errors inside skipped values a column off
        // what a full parse reports; a bad line is rare, so it is read again
        // in full for the message an admin would get from any JSON tool.
        Err(e) if keep.is_some() => return Err(parse(text, None, false).err().unwrap_or(e).into()),
        Err(e) => return Err(e.into()),
    };
    match parsed {
        Parsed::Object(m) => Ok(Json::Object(m)),
        Parsed::Other(kind) => Err(RecordError::NotObject(kind)),
    }
}

fn parse(text: &str, keep: Option<&[String]>, fold: bool) -> Result<Parsed, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = Record { keep, fold }.deserialize(&mut de)?;
    de.end()?;
    Ok(parsed)
}

/// The top-level fields of the primary record the entries can read, or `None`
/// when one of them may read any.
pub(super) fn primary_fields(
    direction: Direction,
    resource: Resource,
    entries: &[Entry],
) -> Option<Vec<String>> {
    let root = super::Root::primary(direction, resource).name();
    let mut fields: Vec<String> = Vec::new();
    let mut add = |f: &str| {
        if !fields.iter().any(|x| x == f) {
            fields.push(f.to_string());
        }
    };
    for entry in entries {
        match &entry.source {
            Source::Constant(_) => {}
            Source::Direct(DirectPath::Custom(_)) => add("attributes"),
            Source::Direct(DirectPath::Fields(path)) => {
                if let Some(first) = path.first() {
                    add(first);
                }
            }
            Source::Expression(program) => {
                for f in program.fields_read(root)? {
                    add(f);
                }
            }
        }
    }
    Some(fields)
}

/// What was parsed: the object, or the kind of the value that was not one.
enum Parsed {
    Object(Map<String, Json>),
    Other(&'static str),
}

struct Record<'k> {
    keep: Option<&'k [String]>,
    fold: bool,
}

impl<'de> DeserializeSeed<'de> for Record<'_> {
    type Value = Parsed;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Parsed, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Record<'_> {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Parsed, A::Error> {
        let mut m = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let wanted = self.keep.is_none_or(|k| {
                if self.fold {
                    k.iter().any(|w| w.eq_ignore_ascii_case(&key))
                } else {
                    k.contains(&key)
                }
            });
            if wanted {
                let v: Json = access.next_value()?;
                m.insert(key, v);
            } else {
                access.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Parsed::Object(m))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Parsed, A::Error> {
        while access.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Parsed::Other("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::Other("a boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other("null"))
    }
}
