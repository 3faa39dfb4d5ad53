//! The type rules of builtins whose Go signature is not a list of overloads
//! (expr's `Validate` functions). Each row of [`super::BUILTINS`] names its
//! rule; the checker calls it with the argument types and reports the message
//! of an `Err` at the call.

use std::rc::Rc;

use crate::types::{LoopTypes, Type};

fn first(a: &[Type]) -> Type {
    a.first().cloned().unwrap_or(Type::Unknown)
}

fn collection(t: &Type) -> bool {
    t.is_unknown() || t.is_array()
}

fn invalid(name: &str, t: &Type) -> String {
    format!("invalid argument for {name} (type {})", t.name())
}

/// `len`: strings, arrays and maps.
pub fn len(name: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if t.is_unknown() || t.is_array() || t.is_map() || t == Type::Str {
        Ok(Type::Int)
    } else {
        Err(invalid(name, &t))
    }
}

/// `abs`: a number, of the argument's type.
pub fn abs(name: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if t.is_number() || t.is_unknown() {
        Ok(t)
    } else {
        Err(invalid(name, &t))
    }
}

/// `ceil`, `floor`, `round`: a number in, a float out.
pub fn rounding(name: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if t.is_number() || t.is_unknown() {
        Ok(Type::Float)
    } else {
        Err(invalid(name, &t))
    }
}

/// `int`, `float`: a number or a string in.
pub fn conversion(name: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if t.is_number() || t.is_unknown() || t == Type::Str {
        Ok(if name == "int" {
            Type::Int
        } else {
            Type::Float
        })
    } else {
        Err(invalid(name, &t))
    }
}

/// `max`, `min`, `mean`, `median`: numbers or arrays of them.
pub fn aggregate(name: &str, a: &[Type]) -> Result<Type, String> {
    for t in a {
        if t.is_unknown() || t.is_array() {
            return Ok(Type::Unknown);
        }
        if !t.is_number() {
            return Err(invalid(name, t));
        }
    }
    // expr's Validate answers the first argument's type, even for mean.
    Ok(first(a))
}

/// `now([tz])`.
pub fn now(_: &str, a: &[Type]) -> Result<Type, String> {
    match a {
        [] | [Type::Location] => Ok(Type::Time),
        _ => Err("invalid number of arguments (expected 0, got 1)".into()),
    }
}

/// `date(…)`: whatever the arguments, a time (checked when it runs).
pub fn date(_: &str, _: &[Type]) -> Result<Type, String> {
    Ok(Type::Time)
}

/// `first`, `last`: an element of an array.
pub fn end(name: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if collection(&t) {
        Ok(t.go_elem())
    } else {
        Err(format!("cannot get {name} element from {}", t.name()))
    }
}

/// `get(v, i)`: typed like indexing, without failing on a miss.
pub fn get(_: &str, a: &[Type]) -> Result<Type, String> {
    let base = first(a);
    let prop = a.get(1).cloned().unwrap_or(Type::Unknown);
    if base.is_unknown() {
        return Ok(Type::Unknown);
    }
    if base.is_array() {
        if !prop.is_integer() && !prop.is_unknown() {
            return Err(format!("non-integer slice index {}", prop.name()));
        }
        return Ok(base.elem());
    }
    if base.is_map() {
        let key = if base.is_string_map() {
            Type::Str
        } else {
            Type::Unknown
        };
        if !prop.assignable_to(&key) && !prop.is_unknown() {
            return Err(format!(
                "cannot use {} to get an element from {}",
                prop.name(),
                base.name()
            ));
        }
        return Ok(base.elem());
    }
    Err(format!("type {} does not support indexing", base.name()))
}

/// `take(arr, n)`.
pub fn take(_: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    let n = a.get(1).cloned().unwrap_or(Type::Unknown);
    if !collection(&t) {
        Err(format!("cannot take from {}", t.name()))
    } else if !(n.is_unknown() || n.is_integer()) {
        Err(format!("cannot take {} elements", n.name()))
    } else if let Type::Array(_) = t {
        Ok(Type::unknown_array())
    } else {
        Ok(t)
    }
}

/// `keys`, `values`, `toPairs`: a map in, an array out.
pub fn of_map(name: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if t.is_unknown() || t.is_map() {
        Ok(Type::unknown_array())
    } else {
        Err(format!("cannot get {name} from {}", t.name()))
    }
}

/// `fromPairs`: an array in, a map out.
pub fn from_pairs(_: &str, a: &[Type]) -> Result<Type, String> {
    let t = first(a);
    if collection(&t) {
        Ok(Type::AnyMap(Rc::new(Type::Unknown)))
    } else {
        Err(format!("cannot transform {} from pairs", t.name()))
    }
}

/// `reverse`, `uniq`, `flatten`, `concat`: arrays in, an array out.
pub fn of_arrays(name: &str, a: &[Type]) -> Result<Type, String> {
    match a.iter().find(|t| !collection(t)) {
        Some(t) => Err(format!("cannot {name} {}", t.name())),
        None => Ok(Type::unknown_array()),
    }
}

/// `all`, `none`, `any`, `one`.
pub fn boolean(_: &LoopTypes) -> Type {
    Type::Bool
}

/// `count`, `findIndex`, `findLastIndex`.
pub fn integer(_: &LoopTypes) -> Type {
    Type::Int
}

/// `filter`: the collection's elements.
pub fn filter(t: &LoopTypes) -> Type {
    if t.collection.is_unknown() {
        Type::unknown_array()
    } else {
        Type::Array(Rc::new(t.element.clone()))
    }
}

/// `map`: the predicate's results.
pub fn map(t: &LoopTypes) -> Type {
    Type::Array(Rc::new(t.predicate.clone().unwrap_or(Type::Unknown)))
}

/// `sum`: the predicate's type, or the elements'.
pub fn sum(t: &LoopTypes) -> Type {
    t.predicate.clone().unwrap_or_else(|| t.element.clone())
}

/// `find`, `findLast`: an element.
pub fn element(t: &LoopTypes) -> Type {
    t.element.clone()
}

/// `groupBy`: a map of arrays of elements.
pub fn group_by(t: &LoopTypes) -> Type {
    Type::AnyMap(Rc::new(Type::Array(Rc::new(t.element.clone()))))
}

/// `sortBy`: the collection, reordered.
pub fn sort_by(t: &LoopTypes) -> Type {
    t.collection.clone()
}

/// `reduce`: the predicate's type.
pub fn reduce(t: &LoopTypes) -> Type {
    t.predicate.clone().unwrap_or(Type::Unknown)
}
