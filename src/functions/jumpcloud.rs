//! The JumpCloud host functions (docs/language.md, JumpCloud host functions): `notNullOrEmpty`,
//! `toScimEmails`, `toScimAddresses`, `toScimPhoneNumbers`.
//!
//! The three `toScim…` functions share one shape: accept one element or an
//! array of them, normalise each element (or drop it when nothing is left),
//! mark exactly one survivor `primary: true`, and give nil when none survive.

use crate::error::ErrorKind;
use crate::functions::HostFunction;
use crate::runtime::value::{Key, Map, Str, Value};
use crate::types::{sig, Overload, Param, Ret, Signature};
use indexmap::IndexMap;
use std::rc::Rc;

/// The JumpCloud set, registered by default on every [`crate::Compiler`]:
/// ordinary host functions, built as any host builds its own.
/// `notNullOrEmpty` has a [`HostFunction::test`] fast path, as any host
/// function answering a boolean about its argument can.
pub fn functions() -> Vec<HostFunction> {
    let list = Signature::Overloads(ANY_TO_LIST);
    vec![
        HostFunction::new("notNullOrEmpty", 1, Some(1), not_null_or_empty)
            .with_test(is_present)
            .with_signature(Signature::Overloads(ANY_TO_BOOL))
            .with_doc("notNullOrEmpty(x) — false for nil, \"\", [] and {}"),
        HostFunction::new("toScimEmails", 1, Some(1), to_scim_emails)
            .with_signature(list)
            .with_doc("toScimEmails(x) — a string or list of emails as SCIM emails, or nil"),
        HostFunction::new("toScimAddresses", 1, Some(1), to_scim_addresses)
            .with_signature(list)
            .with_doc("toScimAddresses(x) — an address or list of them as SCIM addresses, or nil"),
        HostFunction::new("toScimPhoneNumbers", 1, Some(1), to_scim_phone_numbers)
            .with_signature(list)
            .with_doc("toScimPhoneNumbers(x) — phone numbers as SCIM phoneNumbers, or nil"),
    ]
}

/// `func(any) bool`.
static ANY_TO_BOOL: &[Overload] = &[sig(&[Param::Any], Ret::Bool)];
/// `func(any) []any` (a nil slice when nothing is left).
static ANY_TO_LIST: &[Overload] = &[sig(&[Param::Any], Ret::Array)];

fn first_arg<'a>(name: &str, args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    match args {
        [v] => Ok(v.clone()),
        _ => Err(ErrorKind::Arity(format!(
            "invalid number of arguments for {name} (expected 1, got {})",
            args.len()
        ))),
    }
}

/// `notNullOrEmpty(x)`: false for nil, `""`, `[]`, `{}`.
pub fn not_null_or_empty<'a>(args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    match args {
        [v] => Ok(Value::Bool(is_present(v))),
        _ => first_arg("notNullOrEmpty", args),
    }
}

/// What `notNullOrEmpty` answers: its fast path.
pub fn is_present(v: &Value<'_>) -> bool {
    !match v {
        Value::Nil => true,
        Value::Str(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        _ => false,
    }
}

fn unsupported(name: &str, what: &str, v: &Value<'_>) -> ErrorKind {
    ErrorKind::Function(format!("{name}: expected {what}, got {}", v.type_name()))
}

fn key(s: &'static str) -> Key<'static> {
    Key::Str(s.into())
}

/// Whether a field holds no value: absent, nil or `""`.
fn blank(v: &Option<Value<'_>>) -> bool {
    match v {
        None | Some(Value::Nil) => true,
        Some(Value::Str(s)) => s.is_empty(),
        _ => false,
    }
}

/// A scalar written as text (numbers in phone numbers and streets); strings as is.
fn text<'a>(name: &str, field: &str, v: Value<'a>) -> Result<Value<'a>, ErrorKind> {
    match v {
        Value::Str(_) => Ok(v),
        Value::Int(_) | Value::Uint8(_) | Value::Float(_) => {
            Ok(Value::string(crate::runtime::format::to_string(&v)))
        }
        other => Err(ErrorKind::Function(format!(
            "{name}: expected string {field}, got {}",
            other.type_name()
        ))),
    }
}

/// Calls `f` on each element of `x`: one element (`single` says which kinds
/// count as one) or each element of an array; nothing for nil and `""`.
fn for_each<'a>(
    name: &str,
    what: &str,
    x: &Value<'a>,
    single: fn(&Value<'a>) -> bool,
    mut f: impl FnMut(Value<'a>) -> Result<(), ErrorKind>,
) -> Result<(), ErrorKind> {
    match x {
        Value::Nil => Ok(()),
        Value::Str(s) if s.is_empty() => Ok(()),
        Value::Array(a) => a.iter().try_for_each(f),
        v if single(v) => f(v.clone()),
        other => Err(unsupported(name, what, other)),
    }
}

/// Puts `primary: true` on element `primary` and wraps the list; nil when empty.
fn finish<'a>(mut items: Vec<Value<'a>>, primary: usize) -> Value<'a> {
    if items.is_empty() {
        return Value::Nil;
    }
    if let Some(Value::Map(Map::Owned(m))) = items.get_mut(primary) {
        // Each map was just built here, so this is its only reference.
        if let Some(m) = Rc::get_mut(m) {
            m.insert(key("primary"), Value::Bool(true));
        }
    }
    Value::array(items)
}

/// A string the SCIM output writes as is (`work`, `other`, …).
fn word<'a>(s: &'static str) -> Value<'a> {
    Value::Str(Str::Borrowed(s))
}

/// `toScimEmails(x)`: a string, or an array of strings and `{value, type?, primary?}`
/// objects → `[{value, type, primary}]`.
pub fn to_scim_emails<'a>(args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    const NAME: &str = "toScimEmails";
    const WHAT: &str = "a string or an array of emails";
    let [x] = args else {
        return first_arg(NAME, args);
    };
    let mut out = Vec::new();
    let mut primary = None;
    for_each(
        NAME,
        WHAT,
        x,
        |v| matches!(v, Value::Str(_)),
        |e| {
            let (value, ty, is_primary) = match e {
                Value::Str(_) => (Some(e), None, false),
                Value::Map(m) => (
                    m.get("value"),
                    m.get("type"),
                    matches!(m.get("primary"), Some(Value::Bool(true))),
                ),
                Value::Nil => return Ok(()),
                other => return Err(unsupported(NAME, "email strings or objects", &other)),
            };
            if blank(&value) {
                return Ok(());
            }
            let value = text(NAME, "value", value.unwrap_or_default())?;
            let ty = match ty {
                t if blank(&t) => word("work"),
                Some(t) => text(NAME, "type", t)?,
                None => word("work"),
            };
            if is_primary && primary.is_none() {
                primary = Some(out.len());
            }
            let mut m = IndexMap::with_capacity(3);
            m.insert(key("value"), value);
            m.insert(key("type"), ty);
            out.push(Value::map(m));
            Ok(())
        },
    )?;
    Ok(finish(out, primary.unwrap_or(0)))
}

/// The SCIM address fields copied as they are, in output order.
const ADDRESS_FIELDS: [&str; 5] = ["locality", "region", "postalCode", "country", "formatted"];

/// `toScimAddresses(x)`: one JumpCloud address object or an array of them.
pub fn to_scim_addresses<'a>(args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    const NAME: &str = "toScimAddresses";
    const WHAT: &str = "an address object or an array of them";
    let [x] = args else {
        return first_arg(NAME, args);
    };
    let mut out = Vec::new();
    for_each(
        NAME,
        WHAT,
        x,
        |v| matches!(v, Value::Map(_)),
        |e| {
            let m: Map<'a> = match e {
                Value::Map(m) => m,
                Value::Nil => return Ok(()),
                other => return Err(unsupported(NAME, "address objects", &other)),
            };
            // streetAddress, the copied fields, type, primary.
            let mut a = IndexMap::with_capacity(ADDRESS_FIELDS.len() + 3);
            let mut street = String::new();
            for field in ["streetAddress", "extendedAddress", "poBox"] {
                let v = m.get(field);
                if !blank(&v) {
                    let t = text(NAME, field, v.unwrap_or_default())?;
                    if !street.is_empty() {
                        street.push('\n');
                    }
                    street.push_str(t.as_str().unwrap_or_default());
                }
            }
            if !street.is_empty() {
                a.insert(key("streetAddress"), Value::string(street));
            }
            for field in ADDRESS_FIELDS {
                let v = m.get(field);
                if !blank(&v) {
                    a.insert(key(field), v.unwrap_or_default());
                }
            }
            if a.is_empty() {
                return Ok(());
            }
            let ty = match m.get("type") {
                Some(Value::Str(t)) if matches!(t.as_str(), "work" | "home" | "other") => {
                    Value::Str(t)
                }
                _ => word("other"),
            };
            a.insert(key("type"), ty);
            out.push(Value::map(a));
            Ok(())
        },
    )?;
    Ok(finish(out, 0))
}

/// SCIM phone type for a JumpCloud phone type.
fn phone_type(t: Option<Value<'_>>) -> &'static str {
    match t.as_ref().and_then(|v| v.as_str()) {
        Some("work") => "work",
        Some("home") => "home",
        Some("mobile" | "work_mobile") => "mobile",
        Some("work_fax" | "fax") => "fax",
        Some("pager") => "pager",
        _ => "other",
    }
}

/// `toScimPhoneNumbers(x)`: a `{type, number}` object, a string, or an array of them.
pub fn to_scim_phone_numbers<'a>(args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    const NAME: &str = "toScimPhoneNumbers";
    const WHAT: &str = "a phone object, a string or an array of them";
    let [x] = args else {
        return first_arg(NAME, args);
    };
    let mut out = Vec::new();
    for_each(
        NAME,
        WHAT,
        x,
        |v| matches!(v, Value::Map(_) | Value::Str(_)),
        |e| {
            let (number, ty) = match e {
                Value::Str(_) => (Some(e), "work"),
                Value::Map(m) => (m.get("number"), phone_type(m.get("type"))),
                Value::Nil => return Ok(()),
                other => return Err(unsupported(NAME, "phone objects or strings", &other)),
            };
            if blank(&number) {
                return Ok(());
            }
            let mut p = IndexMap::with_capacity(3);
            p.insert(
                key("value"),
                text(NAME, "number", number.unwrap_or_default())?,
            );
            p.insert(key("type"), word(ty));
            out.push(Value::map(p));
            Ok(())
        },
    )?;
    Ok(finish(out, 0))
}
