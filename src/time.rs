//! Time values: instants with a zone, durations, Go layouts (language.md §6.6).
//!
//! STUB: to be completed by the time work (Go layouts, `date()`, `duration()`, methods).

use chrono::{DateTime, Utc};

/// A time zone: UTC, an IANA zone, or a fixed offset parsed from a string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// UTC.
    Utc,
    /// An IANA zone (`Europe/Berlin`).
    Named(chrono_tz::Tz),
    /// A fixed offset east of UTC in seconds, as parsed from `+02:00`.
    Fixed(i32),
}

impl Zone {
    /// The zone's name as Go's `Location.String()` gives it.
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(_) => String::new(),
        }
    }
}

/// An instant (nanosecond precision) seen in a zone. Equality and ordering
/// compare instants only, as Go's `Equal`/`Before` do.
#[derive(Debug, Clone, Copy)]
pub struct Time {
    /// The instant.
    pub instant: DateTime<Utc>,
    /// The zone it is shown in.
    pub zone: Zone,
}

impl Time {
    /// RFC 3339 with nanoseconds as needed (Go `RFC3339Nano`).
    pub fn to_rfc3339(&self) -> String {
        self.instant
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl Time {
    /// Go's `%v` text: `2024-01-02 00:00:00 +0000 UTC`.
    pub fn go_string(&self) -> String {
        self.instant
            .format("%Y-%m-%d %H:%M:%S +0000 UTC")
            .to_string()
    }
}

/// Go's `Duration.String()`: `1h30m0s`, `1.5s`, `0s`.
pub fn format_duration(ns: i64) -> String {
    format!("{ns}ns")
}

/// Calls a method of a time or duration value (`t.Year()`, `d.Hours()`, …).
pub fn call_method<'a>(
    recv: &crate::value::Value<'a>,
    name: &str,
    args: &[crate::value::Value<'a>],
) -> Result<crate::value::Value<'a>, crate::error::ErrorKind> {
    let _ = args;
    Err(crate::error::ErrorKind::Function(format!(
        "type {} has no method {name}",
        recv.type_name()
    )))
}

/// `now([tz])`.
pub fn builtin_now<'a>(
    ctx: &mut crate::builtins::Ctx<'_>,
    args: &[crate::value::Value<'a>],
) -> Result<crate::value::Value<'a>, crate::error::ErrorKind> {
    let _ = args;
    Ok(crate::value::Value::Time(Time {
        instant: (ctx.now)(),
        zone: Zone::Utc,
    }))
}

/// `duration(s)`.
pub fn builtin_duration<'a>(
    _: &mut crate::builtins::Ctx<'_>,
    _: &[crate::value::Value<'a>],
) -> Result<crate::value::Value<'a>, crate::error::ErrorKind> {
    Err(crate::error::ErrorKind::Function(
        "duration: not implemented".into(),
    ))
}

/// `date(s [, layout [, tz]])`.
pub fn builtin_date<'a>(
    _: &mut crate::builtins::Ctx<'_>,
    _: &[crate::value::Value<'a>],
) -> Result<crate::value::Value<'a>, crate::error::ErrorKind> {
    Err(crate::error::ErrorKind::Function(
        "date: not implemented".into(),
    ))
}

/// `timezone(name)`.
pub fn builtin_timezone<'a>(
    _: &mut crate::builtins::Ctx<'_>,
    _: &[crate::value::Value<'a>],
) -> Result<crate::value::Value<'a>, crate::error::ErrorKind> {
    Err(crate::error::ErrorKind::Function(
        "timezone: not implemented".into(),
    ))
}
