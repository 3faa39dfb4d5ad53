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
use serde_json::{Map, Number, Value as Json};
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

/// The numbers of `record` (parsed from `text`) whose literal text its
/// `serde_json` form does not give back: integers beyond 64 bits, `-0`,
/// exponents (`1E2`), fractions written longer than needed (`1.50`). Each is
/// keyed by the address of its node in `record`, sorted; the text of a
/// number that did not come from `text` (a record that was changed, a
/// duplicate key's earlier value) is never taken, since it must parse to
/// the node's very value.
///
/// `text` is scanned by hand: serde_json gives a number's text only with its
/// `raw_value` or `arbitrary_precision` features, and both make its
/// serializer's frames larger for everyone (deep values then overflow
/// stacks they fitted in).
pub(super) fn number_literals(text: &str, record: &Json) -> Vec<(usize, Box<str>)> {
    if !has_float(record) {
        return Vec::new();
    }
    let mut scan = Scan {
        text,
        at: 0,
        out: Vec::new(),
    };
    // A text that does not scan parsed nowhere: nothing is known.
    if scan.value(Some(record)).is_none() {
        return Vec::new();
    }
    let mut out = scan.out;
    // The last of a duplicate key's values is the one the record holds.
    out.reverse();
    out.sort_by_key(|(at, _, _)| *at);
    out.dedup_by_key(|(at, _, _)| *at);
    out.into_iter()
        .filter(|(_, _, says_more)| *says_more)
        .map(|(at, literal, _)| (at, literal))
        .collect()
}

/// The address a node is known by in [`number_literals`]' table.
pub(super) fn node_key(node: &Json) -> usize {
    node as *const Json as usize
}

/// Whether `v` holds a number kept as a float (anything not a 64-bit integer);
/// without recursion, as a record a host built may be deep.
pub(super) fn has_float(v: &Json) -> bool {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Json::Number(n) if n.is_f64() => return true,
            Json::Array(a) => stack.extend(a),
            Json::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    false
}

/// Whether `literal` can be the text of `n`: `None` if not, else whether it
/// says more than `n`'s own text.
fn literal_of(n: &Number, literal: &str) -> Option<bool> {
    let f = n.as_f64()?;
    let g = literal.parse::<f64>().ok()?;
    (g.to_bits() == f.to_bits()).then(|| n.to_string() != literal)
}

/// Walks JSON text (already known to be valid) alongside the record parsed
/// from it, noting float literals. It descends only where the record has a
/// container (so no deeper than the record); everything else is skipped
/// without recursion. `None` at anything unexpected.
struct Scan<'t> {
    text: &'t str,
    at: usize,
    /// Each float's address, literal, and whether the literal says more.
    out: Vec<(usize, Box<str>, bool)>,
}

impl<'t> Scan<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.space();
        (self.peek()? == b).then(|| self.at += 1)
    }

    /// One value; `node` is what the record holds for it, if anything.
    fn value(&mut self, node: Option<&Json>) -> Option<()> {
        self.space();
        match (self.peek()?, node) {
            (b'{', Some(Json::Object(m))) => self.object(m),
            (b'[', Some(Json::Array(a))) => self.array(a),
            (b'-' | b'0'..=b'9', Some(j @ Json::Number(n))) if n.is_f64() => {
                let start = self.at;
                self.scalar();
                let literal = self.text.get(start..self.at)?;
                if let Some(says_more) = literal_of(n, literal) {
                    self.out.push((node_key(j), literal.into(), says_more));
                }
                Some(())
            }
            _ => self.skip(),
        }
    }

    fn object(&mut self, m: &Map<String, Json>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            self.space();
            let key = self.string()?;
            self.eat(b':')?;
            self.value(m.get(key.as_ref()))?;
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }

    fn array(&mut self, items: &[Json]) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        for i in 0.. {
            self.value(items.get(i))?;
            if self.eat(b',').is_none() {
                break;
            }
        }
        self.eat(b']')
    }

    /// A string at the cursor, unescaped when it has escapes.
    fn string(&mut self) -> Option<std::borrow::Cow<'t, str>> {
        let start = self.at;
        let escaped = self.skip_string()?;
        let quoted = self.text.get(start..self.at)?;
        if escaped {
            serde_json::from_str::<String>(quoted).ok().map(Into::into)
        } else {
            quoted.get(1..quoted.len() - 1).map(Into::into)
        }
    }

    /// Skips a string; whether it had escapes.
    fn skip_string(&mut self) -> Option<bool> {
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        self.at += 1;
        Some(escaped)
    }

    /// Skips a number, `true`, `false` or `null`.
    fn scalar(&mut self) {
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
        ) {
            self.at += 1;
        }
    }

    /// Skips one value of any depth, without recursion.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.space();
            match self.peek()? {
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.at += 1;
                    continue;
                }
                b'"' => {
                    self.skip_string()?;
                }
                _ => {
                    let start = self.at;
                    self.scalar();
                    if self.at == start {
                        return None;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(text: &str, keep: Option<&[String]>) -> Vec<String> {
        let record = parse_object(text, keep).unwrap();
        let table = number_literals(text, &record);
        let mut found = Vec::new();
        let mut stack = vec![&record];
        while let Some(v) = stack.pop() {
            match v {
                Json::Array(a) => stack.extend(a.iter().rev()),
                Json::Object(m) => stack.extend(m.values().rev()),
                _ => {
                    if let Ok(i) = table.binary_search_by_key(&node_key(v), |(at, _)| *at) {
                        found.push(table[i].1.to_string());
                    }
                }
            }
        }
        found
    }

    #[test]
    fn literals_of_numbers_serde_json_would_change() {
        let text = r#"{"a": 12345678901234567890123, "b": [1E2, -0, 1.5, 7, 1.50],
            "c": {"d": 18446744073709551616, "e": "1E2"}, "f": 18446744073709551615,
            "gA": 2e0}"#;
        assert_eq!(
            literals(text, None),
            [
                "12345678901234567890123",
                "1E2",
                "-0",
                "1.50",
                "18446744073709551616",
                "2e0"
            ]
        );
        // Skipped members are walked over, not looked at.
        let keep = ["b".to_string()];
        assert_eq!(literals(text, Some(&keep)), ["1E2", "-0", "1.50"]);
        assert!(literals(r#"{"a": 1, "b": [2, "x"]}"#, None).is_empty());
    }

    #[test]
    fn the_scan_skips_what_the_record_does_not_hold() {
        // Strings with brackets, quotes and escapes; a skipped member far
        // deeper than any recursion would survive.
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!(
            r#"{{"s": "a]}}\"{{\\", "x": {deep}, "t": true, "z": null, "n": 1E2,
                "o": {{"k": [1.0, {{"q": "1E2"}}, 2E1]}}}}"#
        );
        let keep = ["n".to_string(), "o".to_string(), "s".to_string()];
        assert_eq!(literals(&text, Some(&keep)), ["1E2", "2E1"]);
    }

    #[test]
    fn a_duplicate_key_takes_its_last_value() {
        assert_eq!(
            literals(r#"{"a": 1E2, "a": 100.0}"#, None),
            Vec::<String>::new()
        );
        assert_eq!(literals(r#"{"a": 100.0, "a": 1E2}"#, None), ["1E2"]);
        assert_eq!(literals(r#"{"a": 1E3, "a": 1E2}"#, None), ["1E2"]);
        assert_eq!(literals(r#"{"a": [1E2], "a": {"0": 1E3}}"#, None), ["1E3"]);
    }
}
