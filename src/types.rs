//! The one type model: what the checker knows about a value (expr's
//! *nature*), the Go parameter types of builtin and method signatures, and
//! the signature each function descriptor carries. The function registry
//! ([`crate::functions`]) declares its rows' signatures in these terms and
//! the checker reads them, so a builtin's types are written once, beside its
//! implementation, as in expr's `builtin/function.go`.

use std::rc::Rc;

/// What the checker knows about a value: expr's `Nature`, reduced to the Go
/// types a JSON env and the builtins produce.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// Unknown or `interface{}`: accepted everywhere.
    Unknown,
    /// The literal `nil`.
    Nil,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float64`
    Float,
    /// `string`
    Str,
    /// Go `[]any` whose elements have the given nature (unknown when mixed).
    Array(Rc<Type>),
    /// Go `[]string` (`split`, `splitAfter`).
    Strings,
    /// Go `[]byte`.
    Bytes,
    /// `map[string]any`.
    Map,
    /// `map[any]X` (`groupBy`, `fromPairs`), with X's nature.
    AnyMap(Rc<Type>),
    /// A `map[string]any` whose fields are known: a mapping's root typed by
    /// its record schema (docs/mapping.md, Checks for admins), or an element
    /// of such a record's list. Without an env no value has this type.
    Record(Rc<Record>),
    /// `time.Time`
    Time,
    /// `time.Duration`
    Duration,
    /// `*time.Location`
    Location,
    /// `time.Month`, `time.Weekday`, `int64` from methods: integers.
    OtherInt,
}

use Type::Unknown;

/// The known fields of a [`Type::Record`].
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The fields, in the schema's order.
    pub fields: Vec<RecordField>,
    /// Whether the record has only these fields: another one is always nil.
    pub closed: bool,
}

impl Record {
    /// The field named exactly `name`.
    pub fn field(&self, name: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One field of a [`Record`].
#[derive(Clone, Debug, PartialEq)]
pub struct RecordField {
    /// Its name (case-sensitive).
    pub name: String,
    /// Its value's type when it is present and not null.
    pub ty: Type,
    /// Whether a record may lack it or hold `null` in it.
    pub may_be_nil: bool,
    /// A string's only values, when the schema lists them; empty: any.
    pub values: Vec<String>,
}

impl Type {
    /// `[]any` of unknown elements.
    pub fn unknown_array() -> Type {
        Type::Array(Rc::new(Unknown))
    }

    /// Unknown (`interface{}`).
    pub fn is_unknown(&self) -> bool {
        *self == Unknown
    }
    /// An integer of any Go kind.
    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int | Type::Duration | Type::OtherInt)
    }
    /// An integer or a float.
    pub fn is_number(&self) -> bool {
        self.is_integer() || *self == Type::Float
    }
    /// Any Go slice.
    pub fn is_array(&self) -> bool {
        matches!(self, Type::Array(_) | Type::Strings | Type::Bytes)
    }
    /// Any Go map.
    pub fn is_map(&self) -> bool {
        matches!(self, Type::Map | Type::AnyMap(_) | Type::Record(_))
    }

    /// A map keyed by strings (`map[string]any`, a record).
    pub fn is_string_map(&self) -> bool {
        matches!(self, Type::Map | Type::Record(_))
    }

    /// The nature of an element (or a map value).
    pub fn elem(&self) -> Type {
        match self {
            Type::Array(e) | Type::AnyMap(e) => (**e).clone(),
            Type::Strings => Type::Str,
            Type::Bytes => Type::OtherInt,
            _ => Unknown,
        }
    }

    /// The element type Go's reflection sees (`[]any` hides the literal's;
    /// a record's list is typed like a Go slice of structs).
    pub fn go_elem(&self) -> Type {
        match self {
            Type::Array(e) if matches!(**e, Type::Record(_)) => (**e).clone(),
            Type::Strings => Type::Str,
            Type::Bytes => Type::OtherInt,
            _ => Unknown,
        }
    }

    /// Go's `reflect.Kind`, as far as array literals compare them.
    pub fn kind(&self) -> u8 {
        match self {
            Unknown | Type::Nil => 0,
            Type::Bool => 1,
            Type::Int => 2,
            Type::Float => 3,
            Type::Str => 4,
            Type::Array(_) | Type::Strings | Type::Bytes => 5,
            Type::Map | Type::AnyMap(_) | Type::Record(_) => 6,
            Type::Time => 7,
            Type::Duration => 8,
            Type::Location => 9,
            Type::OtherInt => 10,
        }
    }

    /// Go's assignability of a value of this nature to a variable of `to`'s.
    pub fn assignable_to(&self, to: &Type) -> bool {
        match (self, to) {
            (_, Unknown) => true,
            (Unknown | Type::Nil, _) => false,
            (Type::Array(_), Type::Array(_)) | (Type::AnyMap(_), Type::AnyMap(_)) => true,
            (Type::Record(_), Type::Record(_) | Type::Map) | (Type::Map, Type::Record(_)) => true,
            (a, b) => a == b,
        }
    }

    /// Whether `==` between the two type-checks (expr's `ComparableTo`).
    pub fn comparable_to(&self, r: &Type) -> bool {
        self.is_unknown()
            || r.is_unknown()
            || *self == Type::Nil
            || *r == Type::Nil
            || (self.is_number() && r.is_number())
            || (self.is_array() && r.is_array())
            || self.assignable_to(r)
    }

    /// Go's name of the type, as expr's messages print it.
    pub fn name(&self) -> &'static str {
        match self {
            Unknown => "interface {}",
            Type::Nil => "nil",
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Float => "float64",
            Type::Str => "string",
            Type::Array(_) => "[]interface {}",
            Type::Strings => "[]string",
            Type::Bytes => "[]uint8",
            Type::Map | Type::Record(_) => "map[string]interface {}",
            Type::AnyMap(_) => "map[interface {}]interface {}",
            Type::Time => "time.Time",
            Type::Duration => "time.Duration",
            Type::Location => "*time.Location",
            Type::OtherInt => "int64",
        }
    }
}

/// A parameter of a builtin's Go signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `string`
    Str,
    /// `int`
    Int,
    /// `interface{}`
    Any,
    /// `[]any`
    AnyArr,
    /// `[]string`
    StrArr,
    /// `[]int` / `[]float64`: nothing here has these Go types.
    NumArr,
    /// `*time.Location`
    Loc,
    /// `time.Time`
    Time,
    /// `time.Duration`
    Dur,
}

impl Param {
    /// Go's name of the parameter type.
    pub fn name(self) -> &'static str {
        match self {
            Param::Str => "string",
            Param::Int => "int",
            Param::Any => "interface {}",
            Param::AnyArr => "[]interface {}",
            Param::StrArr => "[]string",
            Param::NumArr => "[]int",
            Param::Loc => "*time.Location",
            Param::Time => "time.Time",
            Param::Dur => "time.Duration",
        }
    }
}

/// Whether an argument of type `a` fits parameter `p` (unknown fits all).
pub fn accepts(p: Param, a: &Type) -> bool {
    if a.is_unknown() {
        return true;
    }
    match p {
        Param::Any => true,
        Param::Int | Param::Dur => a.is_integer(),
        Param::Str => *a == Type::Str,
        Param::AnyArr => matches!(a, Type::Array(_)),
        Param::StrArr => *a == Type::Strings,
        Param::NumArr => false,
        Param::Loc => *a == Type::Location,
        Param::Time => *a == Type::Time,
    }
}

/// A result type a signature can name in a `static` table (a [`Type`] holds
/// `Rc`s, which a `static` cannot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    /// `interface{}`
    Unknown,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `int64` and Go's other integer types (`time.Month`, …).
    OtherInt,
    /// `float64`
    Float,
    /// `string`
    Str,
    /// `[]string`
    Strings,
    /// `[]interface{}` of unknown elements.
    Array,
    /// `time.Time`
    Time,
    /// `time.Duration`
    Duration,
    /// `*time.Location`
    Location,
}

impl Ret {
    /// The checker's type for this result.
    pub fn ty(self) -> Type {
        match self {
            Ret::Unknown => Type::Unknown,
            Ret::Bool => Type::Bool,
            Ret::Int => Type::Int,
            Ret::OtherInt => Type::OtherInt,
            Ret::Float => Type::Float,
            Ret::Str => Type::Str,
            Ret::Strings => Type::Strings,
            Ret::Array => Type::unknown_array(),
            Ret::Time => Type::Time,
            Ret::Duration => Type::Duration,
            Ret::Location => Type::Location,
        }
    }
}

/// One Go signature: parameter types and result.
#[derive(Clone, Copy, Debug)]
pub struct Overload {
    /// The parameters, in order.
    pub params: &'static [Param],
    /// The result.
    pub ret: Ret,
}

impl Overload {
    /// Whether arguments of these types fit (expr's overload resolution
    /// takes the first overload that does).
    pub fn fits(&self, args: &[Type]) -> bool {
        self.params.len() == args.len() && self.params.iter().zip(args).all(|(p, a)| accepts(*p, a))
    }
}

/// `Overload { params, ret }`, short enough for a table row.
pub const fn sig(params: &'static [Param], ret: Ret) -> Overload {
    Overload { params, ret }
}

/// The argument types of a predicate builtin's call, for its result rule.
pub struct LoopTypes {
    /// The collection's type (argument 0).
    pub collection: Type,
    /// The element type the predicate sees as `#`.
    pub element: Type,
    /// The predicate's result type, when a predicate was given.
    pub predicate: Option<Type>,
}

/// How the checker types a call of a function (expr's `Types` and `Validate`).
#[derive(Clone, Copy)]
pub enum Signature {
    /// Go overloads; the first that fits gives the result (expr's `Types`).
    /// When none fits, the error names the last overload's first misfit.
    Overloads(&'static [Overload]),
    /// A rule over the argument types (expr's `Validate`): the result type,
    /// or the message of the compile error.
    Rule(fn(name: &str, args: &[Type]) -> Result<Type, String>),
    /// A predicate builtin: whether its predicate must return a boolean, and
    /// the rule for its result.
    Loop {
        /// The predicate must be boolean (`all`, `filter`, …; not `map`).
        boolean: bool,
        /// The call's result type.
        result: fn(&LoopTypes) -> Type,
    },
    /// Not checked; the result is unknown.
    Unchecked,
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Signature::Overloads(o) => f.debug_tuple("Overloads").field(o).finish(),
            Signature::Rule(_) => f.write_str("Rule"),
            Signature::Loop { boolean, .. } => {
                f.debug_struct("Loop").field("boolean", boolean).finish()
            }
            Signature::Unchecked => f.write_str("Unchecked"),
        }
    }
}
