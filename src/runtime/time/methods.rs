//! The methods of time values, declared once: the checker types calls from
//! these signatures and the run time checks argument counts against them;
//! the implementations are in the parent module, by name.

use crate::types::Param::{Dur, Int, Loc, Str, Time as T};
use crate::types::{sig, Overload, Ret};

/// The kinds of value that have methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// `time.Time` (`now()`, `date(…)`).
    Time,
    /// `time.Duration` (`duration(…)`, `t1.Sub(t2)`).
    Duration,
    /// `*time.Location` (`timezone(…)`, `t.Location()`).
    Location,
    /// Go's named integer types (`time.Month`, `time.Weekday`): only the
    /// checker sees these; at run time they are plain integers.
    NamedInt,
}

/// A method: receiver, name and Go signature.
#[derive(Clone, Copy, Debug)]
pub struct Method {
    /// What it is called on.
    pub receiver: Receiver,
    /// The name as called (`Year`).
    pub name: &'static str,
    /// Parameters and result.
    pub sig: Overload,
}

const fn m(receiver: Receiver, name: &'static str, sig: Overload) -> Method {
    Method {
        receiver,
        name,
        sig,
    }
}

use Receiver::{Duration as D, Location as L, NamedInt as N, Time as Tm};

/// Every method an expression can call.
pub static METHODS: &[Method] = &[
    m(Tm, "Year", sig(&[], Ret::Int)),
    m(Tm, "Month", sig(&[], Ret::OtherInt)),
    m(Tm, "Day", sig(&[], Ret::Int)),
    m(Tm, "Hour", sig(&[], Ret::Int)),
    m(Tm, "Minute", sig(&[], Ret::Int)),
    m(Tm, "Second", sig(&[], Ret::Int)),
    m(Tm, "Nanosecond", sig(&[], Ret::Int)),
    m(Tm, "Weekday", sig(&[], Ret::OtherInt)),
    m(Tm, "YearDay", sig(&[], Ret::Int)),
    m(Tm, "Unix", sig(&[], Ret::OtherInt)),
    m(Tm, "UnixMilli", sig(&[], Ret::OtherInt)),
    m(Tm, "UnixMicro", sig(&[], Ret::OtherInt)),
    m(Tm, "UnixNano", sig(&[], Ret::OtherInt)),
    m(Tm, "UTC", sig(&[], Ret::Time)),
    m(Tm, "Local", sig(&[], Ret::Time)),
    m(Tm, "Location", sig(&[], Ret::Location)),
    m(Tm, "IsZero", sig(&[], Ret::Bool)),
    m(Tm, "IsDST", sig(&[], Ret::Bool)),
    m(Tm, "String", sig(&[], Ret::Str)),
    m(Tm, "Format", sig(&[Str], Ret::Str)),
    m(Tm, "In", sig(&[Loc], Ret::Time)),
    m(Tm, "Add", sig(&[Dur], Ret::Time)),
    m(Tm, "Sub", sig(&[T], Ret::Duration)),
    m(Tm, "Before", sig(&[T], Ret::Bool)),
    m(Tm, "After", sig(&[T], Ret::Bool)),
    m(Tm, "Equal", sig(&[T], Ret::Bool)),
    m(Tm, "Compare", sig(&[T], Ret::Int)),
    m(Tm, "Truncate", sig(&[Dur], Ret::Time)),
    m(Tm, "Round", sig(&[Dur], Ret::Time)),
    m(Tm, "AddDate", sig(&[Int, Int, Int], Ret::Time)),
    m(D, "Hours", sig(&[], Ret::Float)),
    m(D, "Minutes", sig(&[], Ret::Float)),
    m(D, "Seconds", sig(&[], Ret::Float)),
    m(D, "Milliseconds", sig(&[], Ret::OtherInt)),
    m(D, "Microseconds", sig(&[], Ret::OtherInt)),
    m(D, "Nanoseconds", sig(&[], Ret::OtherInt)),
    m(D, "String", sig(&[], Ret::Str)),
    m(D, "Abs", sig(&[], Ret::Duration)),
    m(D, "Round", sig(&[Dur], Ret::Duration)),
    m(D, "Truncate", sig(&[Dur], Ret::Duration)),
    m(L, "String", sig(&[], Ret::Str)),
    m(N, "String", sig(&[], Ret::Str)),
];

/// The method `name` of `receiver`, if it has one.
pub fn method(receiver: Receiver, name: &str) -> Option<&'static Method> {
    METHODS
        .iter()
        .find(|m| m.receiver == receiver && m.name == name)
}
