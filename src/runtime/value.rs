//! Run-time values.
//!
//! A [`Value<'a>`] either borrows from the `serde_json::Value` record it was read
//! from (or from the compiled program's constants), or owns what the program
//! computed. Reading `jcUser.addresses` therefore costs a pointer copy: the
//! record is never converted. Owned collections are reference counted so that
//! pushing a value on the VM stack is cheap.

use crate::runtime::time::{Time, Zone};
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::rc::Rc;

/// A value of the expression language: what a [`crate::Program`] returns.
/// Values read from a record borrow from its JSON; [`Value::to_json`] turns
/// one back into JSON, and `Display` gives expr's `string()` text.
///
/// ```
/// use scimexpr::{Program, Value};
/// use serde_json::json;
///
/// let user = json!({"tags": ["a", "b"]});
/// let program = Program::compile("len(jcUser.tags) > 1 ? jcUser.tags : nil")?;
/// let v = program.run_roots(&[("jcUser", &user)])?;
/// assert!(matches!(v, Value::Array(_)));
/// assert_eq!(v.to_json(), json!(["a", "b"]));
/// assert_eq!(v.to_string(), "[a b]");
/// # Ok::<(), scimexpr::Error>(())
/// ```
// An 8-byte tag keeps the payload 8-aligned: with a 1-byte tag, moving a value
// copies bytes 1..32 with unaligned loads that straddle the stores that wrote
// it, and the VM stalls on store forwarding at nearly every move.
#[derive(Clone, Debug, Default)]
#[repr(u64)]
pub enum Value<'a> {
    /// `nil` (JSON `null`, a missing key).
    #[default]
    Nil,
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit signed integer (wrapping arithmetic).
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// Go's `uint8`: a byte of a string or of a bytes value (`s[i]`, a string's
    /// elements in predicate builtins). `type()` is `uint`; binary arithmetic and
    /// comparisons read it as an int, unary `-` wraps (expr's runtime helpers).
    Uint8(u8),
    /// A UTF-8 string.
    Str(Str<'a>),
    /// An array.
    Array(Array<'a>),
    /// A map (JSON object, map literal, or a builtin's result).
    Map(Map<'a>),
    /// An instant with a zone (`date()`, `now()`), behind a pointer: inline
    /// it would make every value 40 bytes instead of 32.
    Time(Rc<Time>),
    /// A span of time in nanoseconds (Go `time.Duration`).
    Duration(i64),
    /// A time zone (`timezone()`).
    Location(Zone),
    /// A byte string (`b"…"` literals).
    Bytes(Rc<[u8]>),
}

/// A string borrowed from the record/program or owned by the run.
#[derive(Clone, Debug)]
pub enum Str<'a> {
    /// Borrowed from the record or from the program's constants.
    Borrowed(&'a str),
    /// Computed during the run.
    Owned(Rc<str>),
}

/// An array borrowed from the record or owned by the run.
#[derive(Clone, Debug)]
pub enum Array<'a> {
    /// A JSON array of the record, converted element by element on access.
    Json(&'a [Json]),
    /// An array computed during the run.
    Owned(Rc<Vec<Value<'a>>>),
    /// Go's nil `[]any` (a typed nil): a missing key of a `groupBy` result,
    /// `sort` of a value that is no array, `concat` of nothing, a slice or
    /// `take` of such a nil. It is an empty array to `len`, iteration,
    /// `type()` and `%v` (`[]`), and nil to `== nil`, `??`, `?.` and `toJSON`
    /// (docs/language.md, Typed nil).
    Nil,
    /// A `toPairs` pair: Go's `[2]any`, an array type rather than a slice, so
    /// `==` finds it equal only to another pair (by `reflect.DeepEqual`), never
    /// to a list literal; `sort` of it gives [`Array::Nil`] and `take` fails.
    Pair(Rc<Vec<Value<'a>>>),
    /// A `toPairs` result: Go's `[][2]any`, equal only to another such slice
    /// (by `reflect.DeepEqual`); slices and `take` of it keep the type.
    Pairs(Rc<Vec<Value<'a>>>),
}

/// A map borrowed from the record or owned by the run. Both keep insertion order.
#[derive(Clone, Debug)]
pub enum Map<'a> {
    /// A JSON object of the record.
    Json(&'a serde_json::Map<String, Json>),
    /// A map computed during the run (literals, `fromPairs`, `fromJSON`).
    Owned(Rc<IndexMap<Key<'a>, Value<'a>>>),
    /// A `groupBy` result: Go's `map[any][]any`, whose missing keys read as a
    /// typed nil array ([`Array::Nil`]) rather than nil.
    Groups(Rc<IndexMap<Key<'a>, Value<'a>>>),
}

/// A map key. Map literals and JSON objects only have string keys; `groupBy` and
/// `fromPairs` keep their keys' types, as Go's `map[any]…` does.
#[derive(Clone, Debug)]
pub enum Key<'a> {
    /// `nil` as a key.
    Nil,
    /// A boolean key.
    Bool(bool),
    /// An integer key.
    Int(i64),
    /// A `uint8` key: never equal to an int key, as in Go's `map[any]…`.
    Uint8(u8),
    /// A float key, compared by bit pattern with `-0.0` folded into `0.0`.
    Float(f64),
    /// A string key.
    Str(Str<'a>),
}

impl Key<'_> {
    /// The key as `%v` prints it, which is also its text as a JSON object key.
    pub fn text(&self) -> String {
        match self {
            Key::Nil => "<nil>".to_string(),
            Key::Bool(b) => b.to_string(),
            Key::Int(i) => i.to_string(),
            Key::Uint8(i) => i.to_string(),
            Key::Float(f) => super::number::format_float(*f),
            Key::Str(s) => s.as_str().to_string(),
        }
    }
}

// ---------------------------------------------------------------------------
// Str

impl<'a> Str<'a> {
    /// The string's text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl Deref for Str<'_> {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Str<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for Str<'_> {}

impl Hash for Str<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Str::Owned(Rc::from(s))
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Self {
        Str::Borrowed(s)
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------
// Key

impl<'a> Key<'a> {
    /// The key as a value.
    pub fn to_value(&self) -> Value<'a> {
        match self {
            Key::Nil => Value::Nil,
            Key::Bool(b) => Value::Bool(*b),
            Key::Int(i) => Value::Int(*i),
            Key::Uint8(i) => Value::Uint8(*i),
            Key::Float(f) => Value::Float(*f),
            Key::Str(s) => Value::Str(s.clone()),
        }
    }

    /// The string, if this is a string key.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Key::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// A key from a value; `None` for values Go could not use as a map key
    /// (arrays, maps) or that we do not support as keys (times, bytes).
    pub fn from_value(v: &Value<'a>) -> Option<Key<'a>> {
        Some(match v {
            Value::Nil => Key::Nil,
            Value::Bool(b) => Key::Bool(*b),
            Value::Int(i) => Key::Int(*i),
            Value::Uint8(i) => Key::Uint8(*i),
            Value::Float(f) => Key::Float(*f),
            Value::Str(s) => Key::Str(s.clone()),
            _ => return None,
        })
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Key::Nil, Key::Nil) => true,
            (Key::Bool(a), Key::Bool(b)) => a == b,
            (Key::Int(a), Key::Int(b)) => a == b,
            (Key::Uint8(a), Key::Uint8(b)) => a == b,
            // Go map keys compare floats with ==; NaN never matches (we let it match
            // itself so that maps stay well-formed).
            (Key::Float(a), Key::Float(b)) => float_key_bits(*a) == float_key_bits(*b),
            (Key::Str(a), Key::Str(b)) => a == b,
            _ => false,
        }
    }
}
impl Eq for Key<'_> {}

fn float_key_bits(f: f64) -> u64 {
    if f == 0.0 {
        0
    } else {
        f.to_bits()
    }
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            // Strings hash exactly like `str` so that `IndexMap::get::<str>` works.
            Key::Str(s) => s.as_str().hash(state),
            Key::Nil => 0u8.hash(state),
            Key::Bool(b) => b.hash(state),
            Key::Int(i) => i.hash(state),
            Key::Uint8(i) => (i, 8u8).hash(state),
            Key::Float(f) => float_key_bits(*f).hash(state),
        }
    }
}

/// Lets owned maps be looked up by `&str` without building a `Key`.
impl indexmap::Equivalent<Key<'_>> for str {
    fn equivalent(&self, key: &Key<'_>) -> bool {
        matches!(key, Key::Str(s) if s.as_str() == self)
    }
}

impl<'a> From<&'a str> for Key<'a> {
    fn from(s: &'a str) -> Self {
        Key::Str(Str::Borrowed(s))
    }
}

// ---------------------------------------------------------------------------
// Array

impl<'a> Array<'a> {
    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Array::Json(a) => a.len(),
            Array::Owned(a) | Array::Pair(a) | Array::Pairs(a) => a.len(),
            Array::Nil => 0,
        }
    }

    /// Whether the array is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `i` (no negative indexing here).
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value<'a>> {
        match self {
            Array::Json(a) => a.get(i).map(Value::from_json),
            Array::Owned(a) | Array::Pair(a) | Array::Pairs(a) => a.get(i).cloned(),
            Array::Nil => None,
        }
    }

    /// The elements in order.
    pub fn iter(&self) -> ArrayIter<'a, '_> {
        ArrayIter {
            array: self,
            front: 0,
            back: self.len(),
        }
    }

    /// Wraps computed elements.
    pub fn owned(items: Vec<Value<'a>>) -> Array<'a> {
        Array::Owned(Rc::new(items))
    }

    /// Whether this is Go's nil `[]any` ([`Array::Nil`]).
    #[inline]
    pub fn is_nil(&self) -> bool {
        matches!(self, Array::Nil)
    }

    /// Which Go type the array is: `[]any` (None), or one of the `toPairs`
    /// types ([`Array::Pair`], [`Array::Pairs`]), which `==` keeps apart.
    #[inline]
    pub fn go_shape(&self) -> Option<GoShape> {
        match self {
            Array::Pair(_) => Some(GoShape::Pair),
            Array::Pairs(_) => Some(GoShape::Pairs),
            _ => None,
        }
    }
}

/// The Go types of `toPairs` values, which are not `[]any` (see [`Array::go_shape`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoShape {
    /// `[2]any`.
    Pair,
    /// `[][2]any`.
    Pairs,
}

impl<'a> Array<'a> {}

/// Iterator over an [`Array`]'s elements.
pub struct ArrayIter<'a, 'r> {
    array: &'r Array<'a>,
    front: usize,
    back: usize,
}

impl<'a> Iterator for ArrayIter<'a, '_> {
    type Item = Value<'a>;
    #[inline]
    fn next(&mut self) -> Option<Value<'a>> {
        if self.front >= self.back {
            return None;
        }
        let v = self.array.get(self.front);
        self.front += 1;
        v
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for ArrayIter<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.array.get(self.back)
    }
}

impl ExactSizeIterator for ArrayIter<'_, '_> {}

// ---------------------------------------------------------------------------
// Map

impl<'a> Map<'a> {
    /// Number of entries.
    pub fn len(&self) -> usize {
        match self {
            Map::Json(m) => m.len(),
            Map::Owned(m) | Map::Groups(m) => m.len(),
        }
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value under a string key.
    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        match self {
            Map::Json(m) => json_field(m, key).map(Value::from_json),
            Map::Owned(m) | Map::Groups(m) => m.get(key).cloned(),
        }
    }

    /// The value under any key (string keys of JSON maps only match string keys).
    pub fn get_key(&self, key: &Key<'_>) -> Option<Value<'a>> {
        match (self, key) {
            (_, Key::Str(s)) => self.get(s.as_str()),
            (Map::Json(_), _) => None,
            (Map::Owned(m) | Map::Groups(m), k) => {
                // Re-borrow the key with the map's lifetime for the lookup.
                let probe: Key<'_> = match k {
                    Key::Nil => Key::Nil,
                    Key::Bool(b) => Key::Bool(*b),
                    Key::Int(i) => Key::Int(*i),
                    Key::Uint8(i) => Key::Uint8(*i),
                    Key::Float(f) => Key::Float(*f),
                    Key::Str(_) => return None,
                };
                m.iter()
                    .find(|(k2, _)| **k2 == probe)
                    .map(|(_, v)| v.clone())
            }
        }
    }

    /// Whether the key is present.
    pub fn contains_key(&self, key: &str) -> bool {
        match self {
            Map::Json(m) => m.contains_key(key),
            Map::Owned(m) | Map::Groups(m) => m.contains_key(key),
        }
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (Key<'a>, Value<'a>)> + '_> {
        match self {
            Map::Json(m) => Box::new(
                m.iter()
                    .map(|(k, v)| (Key::Str(Str::Borrowed(k.as_str())), Value::from_json(v))),
            ),
            Map::Owned(m) | Map::Groups(m) => {
                Box::new(m.iter().map(|(k, v)| (k.clone(), v.clone())))
            }
        }
    }

    /// Wraps computed entries.
    pub fn owned(entries: IndexMap<Key<'a>, Value<'a>>) -> Map<'a> {
        Map::Owned(Rc::new(entries))
    }

    /// What a missing key reads as: nil, or for a `groupBy` result Go's nil
    /// `[]any` (the zero value of its element type).
    #[inline]
    pub fn missing(&self) -> Value<'a> {
        match self {
            Map::Groups(_) => Value::Array(Array::Nil),
            _ => Value::Nil,
        }
    }
}

// ---------------------------------------------------------------------------
// Drop

// The derived drop glue recurses once per nesting level, so a deep value built
// in a run (`reduce(1..100000, [#acc], [])` stays within the memory budget)
// would overflow the stack when dropped. When the last reference to an owned
// container goes, its nested owned containers are moved onto a heap stack and
// emptied one at a time, so no drop nests more than one level.

/// Moves the elements of `v`'s owned container onto `stack` if this is its
/// last reference (shared containers are merely released).
fn unnest<'a>(v: &mut Value<'a>, stack: &mut Vec<Value<'a>>) {
    match v {
        Value::Array(Array::Owned(rc) | Array::Pair(rc) | Array::Pairs(rc)) => {
            if let Some(items) = Rc::get_mut(rc) {
                stack.append(items);
            }
        }
        Value::Map(Map::Owned(rc) | Map::Groups(rc)) => {
            if let Some(entries) = Rc::get_mut(rc) {
                stack.extend(entries.drain(..).map(|(_, v)| v));
            }
        }
        _ => {}
    }
}

fn is_owned_container(v: &Value<'_>) -> bool {
    matches!(
        v,
        Value::Array(Array::Owned(_) | Array::Pair(_) | Array::Pairs(_))
            | Value::Map(Map::Owned(_) | Map::Groups(_))
    )
}

/// Whether dropping `v` the ordinary way could nest more than one level: it
/// is an owned container holding owned containers. (A container whose
/// children hold none drops them without nesting further, so results such as
/// `[{…}]` need no heap stack.)
fn nests(v: &Value<'_>) -> bool {
    match v {
        Value::Array(Array::Owned(a) | Array::Pair(a) | Array::Pairs(a)) => {
            a.iter().any(is_owned_container)
        }
        Value::Map(Map::Owned(m) | Map::Groups(m)) => m.values().any(is_owned_container),
        _ => false,
    }
}

fn drop_flat<'a>(mut stack: Vec<Value<'a>>) {
    while let Some(mut v) = stack.pop() {
        unnest(&mut v, &mut stack);
    }
}

impl Drop for Array<'_> {
    fn drop(&mut self) {
        if let Array::Owned(rc) | Array::Pair(rc) | Array::Pairs(rc) = self {
            if let Some(items) = Rc::get_mut(rc) {
                if items.iter().any(nests) {
                    drop_flat(std::mem::take(items));
                }
            }
        }
    }
}

impl Drop for Map<'_> {
    fn drop(&mut self) {
        if let Map::Owned(rc) | Map::Groups(rc) = self {
            if let Some(entries) = Rc::get_mut(rc) {
                if entries.values().any(nests) {
                    drop_flat(entries.drain(..).map(|(_, v)| v).collect());
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Value

impl<'a> Value<'a> {
    /// A view of a JSON value: no copy. Integral numbers that fit in `i64` become
    /// `Int`, every other number `Float` (docs/language.md, How expressions meet records).
    #[inline]
    pub fn from_json(v: &'a Json) -> Value<'a> {
        match v {
            Json::Null => Value::Nil,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => Value::Str(Str::Borrowed(s)),
            Json::Array(a) => Value::Array(Array::Json(a)),
            Json::Object(m) => Value::Map(Map::Json(m)),
        }
    }

    /// A time value (kept behind a pointer so that every value stays small).
    pub fn time(t: Time) -> Value<'a> {
        Value::Time(Rc::new(t))
    }

    /// An owned string value.
    pub fn string(s: impl Into<String>) -> Value<'a> {
        Value::Str(Str::Owned(Rc::from(s.into())))
    }

    /// An owned array value.
    pub fn array(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Array::owned(items))
    }

    /// An owned map value.
    pub fn map(entries: IndexMap<Key<'a>, Value<'a>>) -> Value<'a> {
        Value::Map(Map::owned(entries))
    }

    /// The name `type()` returns (docs/language.md, Types and values).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Uint8(_) => "uint",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Array(_) | Value::Bytes(_) => "array",
            Value::Map(_) => "map",
            Value::Time(_) => "time.Time",
            Value::Duration(_) => "time.Duration",
            Value::Location(_) => "unknown",
        }
    }

    /// Whether this is nil.
    #[inline]
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Whether Go's `runtime.IsNil` holds: nil, or a typed nil
    /// ([`Array::Nil`]). What `??`, `?.` and `== nil` test.
    #[inline]
    pub fn is_go_nil(&self) -> bool {
        matches!(self, Value::Nil | Value::Array(Array::Nil))
    }

    /// The string, if this is a string.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The boolean, if this is a bool.
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Checks that this value can be handed to the host: at most `max_depth`
    /// levels of arrays and maps (anything that walks it, such as
    /// [`Value::to_json`], recurses once per level) and at most `max_nodes`
    /// elements once shared parts are expanded (a value built with
    /// `reduce(1..100, [#acc, #acc], [])` is small in memory, but printing it is
    /// not). The walk itself uses a heap stack and stops at the first excess.
    #[inline]
    pub fn check_shape(
        &self,
        max_depth: usize,
        max_nodes: u64,
    ) -> Result<(), crate::error::ErrorKind> {
        if !matches!(self, Value::Array(_) | Value::Map(_)) {
            return Ok(());
        }
        // Nearly every result is a few levels of small containers: a bounded
        // recursive walk without allocations says so; anything it cannot vouch
        // for takes the full walk, which also picks the error to report.
        let mut nodes = 0;
        if SHALLOW_DEPTH <= max_depth && shallow(self, 0, &mut nodes, max_nodes) {
            return Ok(());
        }
        self.check_shape_walk(max_depth, max_nodes)
    }

    #[inline(never)]
    fn check_shape_walk(
        &self,
        max_depth: usize,
        max_nodes: u64,
    ) -> Result<(), crate::error::ErrorKind> {
        let mut nodes: u64 = 0;
        let mut work = vec![(self.clone(), 0usize)];
        while let Some((v, depth)) = work.pop() {
            let children: Box<dyn Iterator<Item = Value<'_>>> = match &v {
                Value::Array(a) => Box::new(a.iter()),
                Value::Map(m) => Box::new(m.iter().map(|(_, x)| x)),
                _ => continue,
            };
            if depth >= max_depth {
                return Err(crate::error::ErrorKind::RecursionDepth);
            }
            for child in children {
                nodes += 1;
                if nodes > max_nodes {
                    return Err(crate::error::ErrorKind::MemoryBudget);
                }
                if matches!(child, Value::Array(_) | Value::Map(_)) {
                    work.push((child, depth + 1));
                }
            }
        }
        Ok(())
    }

    /// Converts to JSON. Times become RFC 3339 strings, durations nanoseconds,
    /// bytes arrays of numbers, non-string map keys their `string()` text, and
    /// non-finite floats `null` (JSON cannot hold them; see the CLI for a tagged form).
    ///
    /// A deep value cannot overflow the stack here: the first levels are
    /// converted recursively, anything deeper with a heap stack.
    pub fn to_json(&self) -> Json {
        to_json_within(self, 0)
    }

    /// [`Value::to_json`] with a heap stack for every level.
    fn to_json_walk(&self) -> Json {
        let mut stack = match open_json(self) {
            Ok(leaf) => return leaf,
            Err(frame) => vec![frame],
        };
        loop {
            let Some(top) = stack.last_mut() else {
                return Json::Null;
            };
            match top.items.next() {
                Some((key, child)) => match open_json(&child) {
                    Ok(leaf) => top.put(key, leaf),
                    Err(mut frame) => {
                        frame.key = key;
                        stack.push(frame);
                    }
                },
                None => {
                    let Some(done) = stack.pop() else {
                        return Json::Null;
                    };
                    let (key, json) = done.finish();
                    match stack.last_mut() {
                        Some(parent) => parent.put(key, json),
                        None => return json,
                    }
                }
            }
        }
    }
}

/// Levels [`Value::check_shape`]'s fast walk recurses at most.
const SHALLOW_DEPTH: usize = 16;

/// Whether container `v` (at `depth`) has no container at `SHALLOW_DEPTH` or
/// below and, with what `nodes` already counts, at most `max_nodes` elements.
fn shallow(v: &Value<'_>, depth: usize, nodes: &mut u64, max_nodes: u64) -> bool {
    if depth >= SHALLOW_DEPTH {
        return false;
    }
    let mut child = |x: &Value<'_>| {
        *nodes += 1;
        *nodes <= max_nodes
            && match x {
                Value::Array(_) | Value::Map(_) => shallow(x, depth + 1, nodes, max_nodes),
                _ => true,
            }
    };
    match v {
        Value::Array(Array::Json(a)) => a
            .iter()
            .all(|j| shallow_json_child(j, depth, nodes, max_nodes)),
        Value::Map(Map::Json(m)) => m
            .values()
            .all(|j| shallow_json_child(j, depth, nodes, max_nodes)),
        Value::Array(Array::Owned(a) | Array::Pair(a) | Array::Pairs(a)) => {
            a.iter().all(&mut child)
        }
        Value::Map(Map::Owned(m) | Map::Groups(m)) => m.values().all(&mut child),
        _ => true,
    }
}

/// [`shallow`] for one element of a JSON container at `depth`.
fn shallow_json_child(j: &Json, depth: usize, nodes: &mut u64, max_nodes: u64) -> bool {
    *nodes += 1;
    if *nodes > max_nodes {
        return false;
    }
    match j {
        Json::Array(a) => {
            depth + 1 < SHALLOW_DEPTH
                && a.iter()
                    .all(|x| shallow_json_child(x, depth + 1, nodes, max_nodes))
        }
        Json::Object(m) => {
            depth + 1 < SHALLOW_DEPTH
                && m.values()
                    .all(|x| shallow_json_child(x, depth + 1, nodes, max_nodes))
        }
        _ => true,
    }
}

/// Levels [`Value::to_json`] converts recursively before it takes the heap walk.
const RECURSIVE_JSON_DEPTH: usize = 32;

/// [`Value::to_json`] for a value at `depth`.
fn to_json_within(v: &Value<'_>, depth: usize) -> Json {
    if depth >= RECURSIVE_JSON_DEPTH {
        return v.to_json_walk();
    }
    match v {
        Value::Str(s) => Json::String(s.as_str().to_owned()),
        // A view of the record: serde_json's own clone copies an object's
        // index as it is (building the object anew would hash every key),
        // but it recurses once per level, so only over a bounded depth.
        Value::Array(Array::Json(a)) => {
            if a.iter()
                .all(|j| json_within(j, RECURSIVE_JSON_DEPTH - depth - 1))
            {
                Json::Array(a.to_vec())
            } else {
                v.to_json_walk()
            }
        }
        Value::Map(Map::Json(m)) => {
            if m.values()
                .all(|j| json_within(j, RECURSIVE_JSON_DEPTH - depth - 1))
            {
                Json::Object((*m).clone())
            } else {
                v.to_json_walk()
            }
        }
        Value::Array(Array::Owned(a) | Array::Pair(a) | Array::Pairs(a)) => {
            Json::Array(a.iter().map(|x| to_json_within(x, depth + 1)).collect())
        }
        // Go's json.Marshal writes a nil slice as null.
        Value::Array(Array::Nil) => Json::Null,
        Value::Map(Map::Owned(m) | Map::Groups(m)) => {
            let mut out = serde_json::Map::with_capacity(m.len());
            for (k, x) in m.iter() {
                let key = match k {
                    Key::Str(s) => s.as_str().to_owned(),
                    other => other.text(),
                };
                // The first of two keys with the same text wins.
                out.entry(key)
                    .or_insert_with(|| to_json_within(x, depth + 1));
            }
            Json::Object(out)
        }
        scalar => match open_json(scalar) {
            Ok(leaf) => leaf,
            Err(_) => scalar.to_json_walk(),
        },
    }
}

/// Whether `j` nests fewer than `levels` levels of containers.
fn json_within(j: &Json, levels: usize) -> bool {
    match j {
        Json::Array(a) => levels > 0 && a.iter().all(|x| json_within(x, levels - 1)),
        Json::Object(m) => levels > 0 && m.values().all(|x| json_within(x, levels - 1)),
        _ => true,
    }
}

/// An array or object being built by [`Value::to_json`].
struct JsonFrame<'a> {
    out: Json,
    items: std::vec::IntoIter<(Option<String>, Value<'a>)>,
    key: Option<String>,
}

impl JsonFrame<'_> {
    fn put(&mut self, key: Option<String>, v: Json) {
        match &mut self.out {
            Json::Array(a) => a.push(v),
            // The first of two keys with the same text wins.
            Json::Object(m) => {
                m.entry(key.unwrap_or_default()).or_insert(v);
            }
            _ => {}
        }
    }

    fn finish(self) -> (Option<String>, Json) {
        (self.key, self.out)
    }
}

/// A scalar's JSON, or the frame to fill with a container's elements.
fn open_json<'a>(v: &Value<'a>) -> Result<Json, Box<JsonFrame<'a>>> {
    Ok(match v {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Uint8(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Str(s) => Json::String(s.as_str().to_string()),
        Value::Array(Array::Nil) => Json::Null,
        Value::Array(a) => {
            let items: Vec<_> = a.iter().map(|e| (None, e)).collect();
            return Err(Box::new(JsonFrame {
                out: Json::Array(Vec::with_capacity(items.len())),
                items: items.into_iter(),
                key: None,
            }));
        }
        Value::Map(m) => {
            let items: Vec<_> = m
                .iter()
                .map(|(k, v)| {
                    let key = match &k {
                        Key::Str(s) => s.as_str().to_string(),
                        other => other.text(),
                    };
                    (Some(key), v)
                })
                .collect();
            return Err(Box::new(JsonFrame {
                out: Json::Object(serde_json::Map::with_capacity(items.len())),
                items: items.into_iter(),
                key: None,
            }));
        }
        Value::Time(t) => Json::String(t.to_rfc3339()),
        Value::Duration(d) => Json::from(*d),
        Value::Location(z) => Json::String(z.name().to_string()),
        Value::Bytes(b) => Json::Array(b.iter().map(|x| Json::from(*x)).collect()),
    })
}

impl<'a> From<&'a Json> for Value<'a> {
    fn from(v: &'a Json) -> Self {
        Value::from_json(v)
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value<'_> {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl Borrow<str> for Str<'_> {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// Go's `%T` name of the value expr would hold, for error texts
/// (`invalid argument for len (type <nil>)`).
pub fn go_type(v: &Value<'_>) -> &'static str {
    match v {
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Uint8(_) => "uint8",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Map(m) if m.iter().all(|(k, _)| matches!(k, Key::Str(_))) => {
            "map[string]interface {}"
        }
        Value::Map(_) => "map[interface {}]interface {}",
        Value::Time(_) => "time.Time",
        Value::Duration(_) => "time.Duration",
        Value::Location(_) => "*time.Location",
        Value::Bytes(_) => "[]uint8",
    }
}

/// Go's `reflect.Kind` name of the value, for the error texts that print it
/// (`cannot reverse invalid`, `cannot take from string`).
pub fn go_kind(v: &Value<'_>) -> &'static str {
    match v {
        Value::Nil => "invalid",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Uint8(_) => "uint8",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Array(_) | Value::Bytes(_) => "slice",
        Value::Map(_) => "map",
        Value::Time(_) => "struct",
        Value::Duration(_) => "int64",
        Value::Location(_) => "ptr",
    }
}

/// Objects up to this size are searched by comparing keys rather than by hash.
const SCAN_MAX: usize = 64;

/// `m.get(key)`, by a scan of the keys in small objects: serde_json's
/// insertion-ordered map hashes the key with SipHash on every lookup, which
/// costs more than comparing the keys of a typical record (most differ in
/// length). Large objects are still looked up by hash, so a record with very
/// many fields cannot make each lookup slow.
pub fn json_field<'j>(m: &'j serde_json::Map<String, Json>, key: &str) -> Option<&'j Json> {
    if m.len() <= SCAN_MAX {
        m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        m.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn value_stays_32_bytes() {
        // The typed nil (`Array::Nil`) and `groupBy` maps (`Map::Groups`) are
        // variants of the payload enums, not new payloads.
        assert_eq!(std::mem::size_of::<Value<'static>>(), 32);
    }

    #[test]
    fn typed_nil_is_empty_and_nil() {
        let v = Value::Array(Array::Nil);
        assert!(v.is_go_nil() && !v.is_nil());
        assert_eq!(v.type_name(), "array");
        assert_eq!(v.to_json(), Json::Null);
        assert_eq!(v.to_string(), "[]");
        let Value::Array(a) = &v else { unreachable!() };
        assert_eq!(a.len(), 0);
        assert_eq!(a.iter().count(), 0);
    }

    #[test]
    fn json_numbers_split_into_int_and_float() {
        let v: Json = serde_json::from_str(r#"[1, 1.0, 1e3, -5, 18446744073709551615]"#).unwrap();
        let Value::Array(a) = Value::from_json(&v) else {
            panic!("array expected")
        };
        let items: Vec<_> = a.iter().collect();
        assert!(matches!(items[0], Value::Int(1)));
        assert!(matches!(items[1], Value::Float(f) if f == 1.0));
        assert!(matches!(items[2], Value::Float(f) if f == 1000.0));
        assert!(matches!(items[3], Value::Int(-5)));
        assert!(matches!(items[4], Value::Float(_)));
    }

    #[test]
    fn json_fields_found_by_scan_and_by_hash() {
        for n in [0, 1, 5, SCAN_MAX - 1, SCAN_MAX, SCAN_MAX + 1, 300] {
            let m: serde_json::Map<String, Json> =
                (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
            for i in 0..n {
                assert_eq!(json_field(&m, &format!("k{i}")), Some(&json!(i)), "{n} {i}");
            }
            assert_eq!(json_field(&m, "k"), None);
            assert_eq!(json_field(&m, &format!("k{n}")), None);
        }
    }

    #[test]
    fn owned_map_looks_up_by_str() {
        let mut m = IndexMap::new();
        m.insert(Key::from("a"), Value::Int(1));
        m.insert(Key::Int(1), Value::Int(2));
        let m = Map::owned(m);
        assert!(matches!(m.get("a"), Some(Value::Int(1))));
        assert!(m.get("1").is_none());
        assert!(matches!(m.get_key(&Key::Int(1)), Some(Value::Int(2))));
    }

    /// Nested arrays `depth` deep around `[1, 2, …]` of `width` elements, either
    /// borrowed from JSON or owned.
    fn nested(depth: usize, width: usize, owned: bool) -> (Json, Value<'static>) {
        let mut j = Json::Array((0..width).map(|i| json!(i)).collect());
        let mut v = Value::array((0..width as i64).map(Value::Int).collect());
        for i in 0..depth {
            j = if i % 2 == 0 {
                json!([j, 1])
            } else {
                json!({ "k": j, "x": null })
            };
            let mut m = IndexMap::new();
            m.insert(Key::from("k"), v);
            v = if i % 2 == 0 {
                Value::array(vec![m.swap_remove("k").unwrap_or_default(), Value::Int(1)])
            } else {
                m.insert(Key::from("x"), Value::Nil);
                Value::map(m)
            };
        }
        (j, if owned { v } else { Value::Nil })
    }

    /// The fast path of `check_shape` agrees with the full walk everywhere
    /// near its own depth and the limits.
    #[test]
    fn check_shape_fast_path_agrees_with_walk() {
        for depth in [0, 1, 5, 14, 15, 16, 17, 20] {
            for width in [0, 3, 40] {
                for owned in [false, true] {
                    let (j, v) = nested(depth, width, owned);
                    let v = if owned { v } else { Value::from_json(&j) };
                    for max_depth in [1, 2, 15, 16, 17, 18, 1000] {
                        for max_nodes in [0, 3, 40, 60, 1_000_000] {
                            let fast = v.check_shape(max_depth, max_nodes);
                            let walk = v.check_shape_walk(max_depth, max_nodes);
                            assert_eq!(
                                format!("{fast:?}"),
                                format!("{walk:?}"),
                                "depth {depth} width {width} owned {owned} \
                                 max_depth {max_depth} max_nodes {max_nodes}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn borrowed_values_round_trip_to_json() {
        let v = json!({"a": [1, "x", null, {"b": true}], "c": 2.5});
        assert_eq!(Value::from_json(&v).to_json(), v);
    }
}
