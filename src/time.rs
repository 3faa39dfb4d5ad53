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
        self.instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}
