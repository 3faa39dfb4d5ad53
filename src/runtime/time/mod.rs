//! Time values: instants with a zone, durations, Go layouts (docs/language.md, Builtins).
//!
//! Times follow Go's `time` package: an instant plus the zone it is shown in
//! ([`Time`]), durations as `i64` nanoseconds, Go reference-time layouts for
//! both formatting and parsing ([`layout`]), and Go's duration syntax
//! ([`duration`]). chrono does the calendar arithmetic, chrono-tz the zone rules.
//!
//! There is no host zone: `Local` (in `timezone('Local')`, `t.Local()`, and the
//! zone Go's `time.Parse` falls back to) is UTC, so results never depend on the host.

pub mod duration;
pub mod layout;
pub mod methods;

pub use duration::{format_duration, parse_duration};

use crate::error::ErrorKind;
use crate::runtime::ctx::Ctx;
use crate::runtime::value::Value;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::OffsetName;

/// A short zone abbreviation stored inline so that [`Zone`] stays `Copy`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Abbr {
    len: u8,
    bytes: [u8; Abbr::CAP],
}

impl Abbr {
    /// The longest abbreviation kept; Go's parser accepts at most `GMT+hh`-like
    /// names, so longer ones only come from hostile input and are cut.
    pub const CAP: usize = 15;

    /// Stores `name`, cut to [`Abbr::CAP`] bytes at a character boundary.
    pub fn new(name: &str) -> Abbr {
        let mut end = name.len().min(Self::CAP);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0u8; Self::CAP];
        if let (Some(dst), Some(src)) = (bytes.get_mut(..end), name.as_bytes().get(..end)) {
            dst.copy_from_slice(src);
        }
        Abbr {
            len: end as u8,
            bytes,
        }
    }

    /// The abbreviation's text.
    pub fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl std::fmt::Debug for Abbr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// A time zone: UTC, an IANA zone, or a fixed offset parsed from a string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// UTC.
    Utc,
    /// An IANA zone (`Europe/Berlin`).
    Named(chrono_tz::Tz),
    /// A fixed offset east of UTC in seconds, as parsed from `+02:00`. Go gives
    /// such a zone no name, so it is shown by its offset (`+0200 +0200`).
    Fixed(i32),
    /// A fixed offset with a name, as Go makes for a parsed abbreviation it
    /// cannot place (`date('02 Jan 06 15:04 MST', …)` → offset 0 named `MST`).
    Abbr(Abbr, i32),
}

impl Zone {
    /// The zone's name as Go's `Location.String()` gives it.
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(_) => String::new(),
            Zone::Abbr(name, _) => name.as_str().to_string(),
        }
    }

    /// A fixed zone as Go's `FixedZone(name, offset)`.
    pub fn fixed(name: &str, offset: i32) -> Zone {
        if name.is_empty() {
            Zone::Fixed(offset)
        } else {
            Zone::Abbr(Abbr::new(name), offset)
        }
    }

    /// The offset (seconds east of UTC) and abbreviation in effect at `instant`.
    pub fn lookup(&self, instant: &DateTime<Utc>) -> (i32, String) {
        match self {
            Zone::Utc => (0, "UTC".to_string()),
            Zone::Fixed(off) => (*off, String::new()),
            Zone::Abbr(name, off) => (*off, name.as_str().to_string()),
            Zone::Named(tz) => {
                let o = tz.offset_from_utc_datetime(&instant.naive_utc());
                let secs = o.fix().local_minus_utc();
                let abbr = match o.abbreviation() {
                    Some(a) if !a.is_empty() => a.to_string(),
                    // tzdata writes unnamed zones as numeric abbreviations.
                    _ => numeric_abbr(secs),
                };
                (secs, abbr)
            }
        }
    }

    fn offset_at(&self, instant: &DateTime<Utc>) -> i32 {
        self.lookup(instant).0
    }

    /// Go's `Location.lookupName`: the offset this zone gives the abbreviation
    /// `name` around `near` (a wall time read as UTC), if it uses that name.
    fn offset_of_name(&self, name: &str, near: &DateTime<Utc>) -> Option<i32> {
        match self {
            Zone::Utc => (name == "UTC").then_some(0),
            Zone::Fixed(_) => None,
            Zone::Abbr(n, off) => (n.as_str() == name).then_some(*off),
            Zone::Named(_) => {
                // chrono-tz has no list of a zone's abbreviations, so sample the
                // year around `near`; that finds both halves of a DST pair.
                let day = chrono::Duration::days(1);
                let mut seen: Vec<(i32, String)> = Vec::new();
                for k in -13i32..=13 {
                    let Some(at) = near.checked_add_signed(day * (k * 14)) else {
                        continue;
                    };
                    let hit = self.lookup(&at);
                    if !seen.contains(&hit) {
                        seen.push(hit);
                    }
                }
                // First a zone with that name actually in effect then, as Go does.
                for (off, abbr) in &seen {
                    if abbr == name {
                        let utc =
                            near.checked_sub_signed(chrono::Duration::seconds(i64::from(*off)));
                        if utc.is_some_and(|u| self.lookup(&u).1 == name) {
                            return Some(*off);
                        }
                    }
                }
                seen.iter().find(|(_, a)| a == name).map(|(off, _)| *off)
            }
        }
    }
}

fn numeric_abbr(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.unsigned_abs() / 60;
    if m.is_multiple_of(60) {
        format!("{sign}{:02}", m / 60)
    } else {
        format!("{sign}{:02}{:02}", m / 60, m % 60)
    }
}

/// Go's `LoadLocation`: IANA names, `UTC` (or empty), and `Local`, which is UTC here.
pub fn load_location(name: &str) -> Result<Zone, ErrorKind> {
    match name {
        "" | "UTC" | "Local" => Ok(Zone::Utc),
        _ => name
            .parse::<chrono_tz::Tz>()
            .map(Zone::Named)
            .map_err(|_| ErrorKind::Function(format!("unknown time zone {name}"))),
    }
}

/// Go's `time.quote`: double quotes, `\"` and `\\` escaped, bytes of control
/// and non-ASCII characters as `\xNN`.
pub(crate) fn go_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            // DEL is printable for Go's check (`c < ' '` only), keep it raw.
            0x7f => out.push('\u{7f}'),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// Go's `RFC3339Nano` layout, used by JSON output.
pub const RFC3339_NANO: &str = "2006-01-02T15:04:05.999999999Z07:00";
/// The layout of Go's `Time.String()` (`%v`).
pub const GO_STRING_LAYOUT: &str = "2006-01-02 15:04:05.999999999 -0700 MST";

/// Layouts `date(s)` tries without a layout, in order (docs/language.md, Builtins).
pub const DEFAULT_LAYOUTS: [&str; 7] = [
    "2006-01-02",
    "15:04:05",
    "2006-01-02 15:04:05",
    "2006-01-02T15:04:05Z07:00",
    "02 Jan 06 15:04 MST",
    "Monday, 02-Jan-06 15:04:05 MST",
    "Mon, 02 Jan 2006 15:04:05 MST",
];

const NS_PER_SEC: i64 = 1_000_000_000;

/// An instant (nanosecond precision) seen in a zone. Equality and ordering
/// compare instants only, as Go's `Equal`/`Before` do.
#[derive(Debug, Clone, Copy)]
pub struct Time {
    /// The instant.
    pub instant: DateTime<Utc>,
    /// The zone it is shown in.
    pub zone: Zone,
}

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.instant.cmp(&other.instant))
    }
}

fn out_of_range() -> ErrorKind {
    ErrorKind::Function("time out of range".into())
}

impl Time {
    /// The instant in UTC.
    pub fn utc(instant: DateTime<Utc>) -> Time {
        Time {
            instant,
            zone: Zone::Utc,
        }
    }

    /// The wall-clock time in the zone, its offset and its abbreviation.
    fn wall(&self) -> (NaiveDateTime, i32, String) {
        let (offset, abbr) = self.zone.lookup(&self.instant);
        let naive = self.instant.naive_utc();
        let local = naive
            .checked_add_signed(chrono::Duration::seconds(i64::from(offset)))
            .unwrap_or(naive);
        (local, offset, abbr)
    }

    /// The wall-clock time in the zone.
    pub fn local(&self) -> NaiveDateTime {
        self.wall().0
    }

    /// Go's `Date(…, loc)`: the instant whose wall clock in `zone` reads `local`.
    /// In a gap or an overlap it picks the offset Go's algorithm picks.
    pub fn from_local(local: NaiveDateTime, zone: Zone) -> Option<Time> {
        let as_utc = local.and_utc();
        let mut offset = zone.offset_at(&as_utc);
        if offset != 0 {
            let utc = as_utc.checked_sub_signed(chrono::Duration::seconds(i64::from(offset)))?;
            let again = zone.offset_at(&utc);
            if again != offset {
                offset = again;
            }
        }
        let instant = as_utc.checked_sub_signed(chrono::Duration::seconds(i64::from(offset)))?;
        Some(Time { instant, zone })
    }

    /// Formats with a Go layout (`t.Format("2006-01-02")`).
    pub fn format(&self, layout: &str) -> String {
        let (local, offset, abbr) = self.wall();
        layout::format(
            layout,
            &layout::Fields {
                local,
                offset,
                abbr: &abbr,
            },
        )
    }

    /// RFC 3339 with nanoseconds as needed (Go `RFC3339Nano`), in the time's zone.
    pub fn to_rfc3339(&self) -> String {
        self.format(RFC3339_NANO)
    }

    /// Go's `%v` text: `2024-01-02 00:00:00 +0000 UTC`.
    pub fn go_string(&self) -> String {
        self.format(GO_STRING_LAYOUT)
    }

    /// The same instant shown in `zone` (Go's `In`).
    pub fn with_zone(&self, zone: Zone) -> Time {
        Time {
            instant: self.instant,
            zone,
        }
    }

    /// `t + d` (Go's `Add`); `None` outside chrono's range (±262,000 years).
    pub fn add(&self, ns: i64) -> Option<Time> {
        let instant = self
            .instant
            .checked_add_signed(chrono::Duration::nanoseconds(ns))?;
        Some(Time {
            instant,
            zone: self.zone,
        })
    }

    /// `t - u` (Go's `Sub`): nanoseconds, saturating at the duration limits.
    pub fn sub(&self, other: &Time) -> i64 {
        let ns = self.nanos_since_epoch() - other.nanos_since_epoch();
        ns.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    fn nanos_since_epoch(&self) -> i128 {
        i128::from(self.instant.timestamp()) * i128::from(NS_PER_SEC)
            + i128::from(self.instant.timestamp_subsec_nanos())
    }

    fn from_nanos_since_epoch(ns: i128, zone: Zone) -> Option<Time> {
        let secs = i64::try_from(ns.div_euclid(i128::from(NS_PER_SEC))).ok()?;
        let sub = ns.rem_euclid(i128::from(NS_PER_SEC)) as u32;
        Some(Time {
            instant: DateTime::from_timestamp(secs, sub)?,
            zone,
        })
    }

    /// Go's `AddDate`: adds years, months and days to the wall clock and
    /// normalises (Oct 31 + 1 month = Dec 1), keeping the zone.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> Option<Time> {
        let local = self.local();
        let month0 = i64::from(local.year())
            .checked_add(years)?
            .checked_mul(12)?
            .checked_add(i64::from(local.month0()))?
            .checked_add(months)?;
        let year = i32::try_from(month0.div_euclid(12)).ok()?;
        let month = month0.rem_euclid(12) as u32 + 1;
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let date = first.checked_add_signed(chrono::Duration::try_days(
            i64::from(local.day()).checked_sub(1)?.checked_add(days)?,
        )?)?;
        Time::from_local(date.and_time(local.time()), self.zone)
    }

    /// Nanoseconds since Go's zero time (January 1, year 1, UTC).
    fn nanos_since_zero(&self) -> i128 {
        // 62135596800 s from 0001-01-01 to 1970-01-01.
        self.nanos_since_epoch() + 62_135_596_800i128 * i128::from(NS_PER_SEC)
    }

    /// Go's `Truncate`: rounds down to a multiple of `d` since the zero time.
    pub fn truncate(&self, d: i64) -> Option<Time> {
        if d <= 0 {
            return Some(*self);
        }
        let r = self.nanos_since_zero().rem_euclid(i128::from(d));
        Time::from_nanos_since_epoch(self.nanos_since_epoch() - r, self.zone)
    }

    /// Go's `Round`: to the nearest multiple of `d` since the zero time, halves up.
    pub fn round(&self, d: i64) -> Option<Time> {
        if d <= 0 {
            return Some(*self);
        }
        let d = i128::from(d);
        let r = self.nanos_since_zero().rem_euclid(d);
        let base = self.nanos_since_epoch() - r;
        let ns = if r + r < d { base } else { base + d };
        Time::from_nanos_since_epoch(ns, self.zone)
    }

    /// Go's `IsZero`: January 1, year 1, 00:00:00 UTC.
    pub fn is_zero(&self) -> bool {
        self.nanos_since_zero() == 0
    }
}

// ---------------------------------------------------------------------------
// Methods

fn want_args(name: &str, args: &[Value<'_>], n: usize) -> Result<(), ErrorKind> {
    match args.len().cmp(&n) {
        std::cmp::Ordering::Less => Err(ErrorKind::Arity(format!(
            "not enough arguments to call {name}"
        ))),
        std::cmp::Ordering::Greater => Err(ErrorKind::Arity(format!(
            "too many arguments to call {name}"
        ))),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

fn mismatch(expected: &'static str, got: &Value<'_>) -> ErrorKind {
    ErrorKind::TypeMismatch {
        expected,
        got: got.type_name().to_string(),
    }
}

/// A duration argument; an int is taken as nanoseconds, as Go converts
/// untyped constants (`t.Add(3600 * 1e9)` in Go source).
fn duration_arg(v: &Value<'_>) -> Result<i64, ErrorKind> {
    match v {
        Value::Duration(d) | Value::Int(d) => Ok(*d),
        other => Err(mismatch("time.Duration", other)),
    }
}

fn time_arg(v: &Value<'_>) -> Result<Time, ErrorKind> {
    match v {
        Value::Time(t) => Ok(**t),
        other => Err(mismatch("time.Time", other)),
    }
}

fn int_arg(v: &Value<'_>) -> Result<i64, ErrorKind> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(mismatch("int", other)),
    }
}

/// A zone argument: a `timezone()` value or, for convenience, a zone name.
fn zone_arg(v: &Value<'_>) -> Result<Zone, ErrorKind> {
    match v {
        Value::Location(z) => Ok(*z),
        Value::Str(s) => load_location(s),
        other => Err(mismatch("*time.Location", other)),
    }
}

fn string_arg<'v>(v: &'v Value<'_>) -> Result<&'v str, ErrorKind> {
    v.as_str().ok_or_else(|| mismatch("string", v))
}

fn no_method(recv: &Value<'_>, name: &str) -> ErrorKind {
    ErrorKind::Function(format!("type {} has no method {name}", recv.type_name()))
}

fn int(i: i64) -> Value<'static> {
    Value::Int(i)
}

/// Calls a method of a time or duration value (`t.Year()`, `d.Hours()`, …).
pub fn call_method<'a>(
    recv: &Value<'a>,
    name: &str,
    args: &[Value<'a>],
) -> Result<Value<'a>, ErrorKind> {
    match recv {
        Value::Time(t) => time_method(t, recv, name, args),
        Value::Duration(d) => duration_method(*d, recv, name, args),
        Value::Location(z) => match methods::method(methods::Receiver::Location, name) {
            Some(_) => {
                want_args(name, args, 0)?;
                Ok(Value::string(z.name()))
            }
            _ => Err(ErrorKind::Function(format!(
                "type *time.Location has no method {name}"
            ))),
        },
        Value::Nil => Err(ErrorKind::CannotFetch {
            field: name.to_string(),
            from: "<nil>".to_string(),
        }),
        other => Err(no_method(other, name)),
    }
}

fn time_method<'a>(
    t: &Time,
    recv: &Value<'a>,
    name: &str,
    args: &[Value<'a>],
) -> Result<Value<'a>, ErrorKind> {
    let Some(m) = methods::method(methods::Receiver::Time, name) else {
        if matches!(name, "Date" | "Clock" | "ISOWeek") {
            // Several results cannot be used in an expression; expr's checker text.
            return Err(ErrorKind::Function(format!(
                "func {name} returns more then two values"
            )));
        }
        return Err(no_method(recv, name));
    };
    let arity = m.sig.params.len();
    want_args(name, args, arity)?;
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Nil);
    let local = t.local();
    let secs = t.instant.timestamp();
    let sub = i64::from(t.instant.timestamp_subsec_nanos());
    Ok(match name {
        "Year" => int(i64::from(local.year())),
        "Month" => int(i64::from(local.month())),
        "Day" => int(i64::from(local.day())),
        "Hour" => int(i64::from(local.hour())),
        "Minute" => int(i64::from(local.minute())),
        "Second" => int(i64::from(local.second())),
        "Nanosecond" => int(i64::from(local.nanosecond())),
        "Weekday" => int(i64::from(local.weekday().num_days_from_sunday())),
        "YearDay" => int(i64::from(local.ordinal())),
        "Unix" => int(secs),
        // Go's arithmetic wraps where the result does not fit.
        "UnixMilli" => int(secs.wrapping_mul(1_000).wrapping_add(sub / 1_000_000)),
        "UnixMicro" => int(secs.wrapping_mul(1_000_000).wrapping_add(sub / 1_000)),
        "UnixNano" => int(secs.wrapping_mul(NS_PER_SEC).wrapping_add(sub)),
        "UTC" | "Local" => Value::time(t.with_zone(Zone::Utc)),
        "Location" => Value::Location(t.zone),
        "IsZero" => Value::Bool(t.is_zero()),
        "IsDST" => Value::Bool(match t.zone {
            Zone::Named(tz) => {
                use chrono_tz::OffsetComponents;
                let o = tz.offset_from_utc_datetime(&t.instant.naive_utc());
                !o.dst_offset().is_zero()
            }
            _ => false,
        }),
        "String" => Value::string(t.go_string()),
        "Format" => Value::string(t.format(string_arg(arg(0))?)),
        "In" => Value::time(t.with_zone(zone_arg(arg(0))?)),
        "Add" => Value::time(t.add(duration_arg(arg(0))?).ok_or_else(out_of_range)?),
        "Sub" => Value::Duration(t.sub(&time_arg(arg(0))?)),
        "Before" => Value::Bool(t.instant < time_arg(arg(0))?.instant),
        "After" => Value::Bool(t.instant > time_arg(arg(0))?.instant),
        "Equal" => Value::Bool(t.instant == time_arg(arg(0))?.instant),
        "Compare" => int(t.instant.cmp(&time_arg(arg(0))?.instant) as i64),
        "Truncate" => Value::time(t.truncate(duration_arg(arg(0))?).ok_or_else(out_of_range)?),
        "Round" => Value::time(t.round(duration_arg(arg(0))?).ok_or_else(out_of_range)?),
        "AddDate" => Value::time(
            t.add_date(int_arg(arg(0))?, int_arg(arg(1))?, int_arg(arg(2))?)
                .ok_or_else(out_of_range)?,
        ),
        _ => return Err(no_method(recv, name)),
    })
}

/// Go's `Duration.Round`.
pub fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let less_than_half = |x: i64| (x as u64).wrapping_add(x as u64) < m as u64;
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r) {
            return d + r;
        }
        match (d - m).checked_add(r) {
            Some(d1) if d1 < d => d1,
            _ => i64::MIN,
        }
    } else {
        if less_than_half(r) {
            return d - r;
        }
        match d.checked_add(m - r) {
            Some(d1) if d1 > d => d1,
            _ => i64::MAX,
        }
    }
}

fn duration_method<'a>(
    d: i64,
    recv: &Value<'a>,
    name: &str,
    args: &[Value<'a>],
) -> Result<Value<'a>, ErrorKind> {
    const HOUR: i64 = 3600 * NS_PER_SEC;
    const MINUTE: i64 = 60 * NS_PER_SEC;
    let Some(m) = methods::method(methods::Receiver::Duration, name) else {
        return Err(no_method(recv, name));
    };
    let arity = m.sig.params.len();
    want_args(name, args, arity)?;
    let arg = || args.first().unwrap_or(&Value::Nil);
    // Whole units plus the remainder as a fraction, as Go computes them, so
    // large durations keep their precision.
    let split = |unit: i64| (d / unit) as f64 + (d % unit) as f64 / unit as f64;
    Ok(match name {
        "Hours" => Value::Float(split(HOUR)),
        "Minutes" => Value::Float(split(MINUTE)),
        "Seconds" => Value::Float(split(NS_PER_SEC)),
        "Milliseconds" => int(d / 1_000_000),
        "Microseconds" => int(d / 1_000),
        "Nanoseconds" => int(d),
        "String" => Value::string(format_duration(d)),
        "Abs" => Value::Duration(if d == i64::MIN { i64::MAX } else { d.abs() }),
        "Round" => Value::Duration(round_duration(d, duration_arg(arg())?)),
        "Truncate" => {
            let m = duration_arg(arg())?;
            Value::Duration(if m <= 0 { d } else { d - d % m })
        }
        _ => return Err(no_method(recv, name)),
    })
}

// ---------------------------------------------------------------------------
// Builtins

/// `now([tz])`: the injected clock, in UTC or in the given zone.
pub fn builtin_now<'a>(ctx: &mut Ctx<'_>, args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    let now = Time::utc((ctx.now)());
    match args {
        [] => Ok(Value::time(now)),
        [tz] => Ok(Value::time(now.with_zone(zone_arg(tz)?))),
        _ => Err(ErrorKind::Arity(format!(
            "invalid number of arguments (expected 0, got {})",
            args.len()
        ))),
    }
}

/// The time parsers read their text a byte at a time, at several steps per
/// byte: one work unit per byte of every string argument (docs/language.md, Limits).
fn charge_text(ctx: &mut Ctx<'_>, args: &[Value<'_>]) -> Result<(), ErrorKind> {
    let bytes: usize = args.iter().filter_map(Value::as_str).map(str::len).sum();
    ctx.work(bytes as u64)
}

/// `duration(s)`: Go's `time.ParseDuration`.
pub fn builtin_duration<'a>(ctx: &mut Ctx<'_>, args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    want_args("duration", args, 1)?;
    charge_text(ctx, args)?;
    let s = string_arg(args.first().unwrap_or(&Value::Nil))?;
    parse_duration(s)
        .map(Value::Duration)
        .map_err(ErrorKind::Function)
}

/// `timezone(name)`: Go's `time.LoadLocation`.
pub fn builtin_timezone<'a>(ctx: &mut Ctx<'_>, args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    want_args("timezone", args, 1)?;
    charge_text(ctx, args)?;
    let name = string_arg(args.first().unwrap_or(&Value::Nil))?;
    load_location(name).map(Value::Location)
}

/// Go's `time.ParseInLocation(layout, value, loc)`; `loc = None` is
/// `time.Parse`, whose fallback zone is UTC here.
pub fn parse_in(layout: &str, value: &str, loc: Option<Zone>) -> Result<Time, String> {
    let p = layout::parse(layout, value)?;
    let local_zone = loc.unwrap_or(Zone::Utc);
    let range = || {
        format!(
            "parsing time {}: year out of range",
            go_quote(value.as_bytes())
        )
    };
    if p.utc {
        return Time::from_local(p.local, Zone::Utc).ok_or_else(range);
    }
    let name = p.zone_name.as_deref().unwrap_or("");
    if let Some(offset) = p.offset {
        let instant = p
            .local
            .and_utc()
            .checked_sub_signed(chrono::Duration::seconds(i64::from(offset)))
            .ok_or_else(range)?;
        let (off, abbr) = local_zone.lookup(&instant);
        let zone = if off == offset && (name.is_empty() || abbr == name) {
            local_zone
        } else {
            Zone::fixed(name, offset)
        };
        return Ok(Time { instant, zone });
    }
    if !name.is_empty() {
        let as_utc = p.local.and_utc();
        if let Some(offset) = local_zone.offset_of_name(name, &as_utc) {
            let instant = as_utc
                .checked_sub_signed(chrono::Duration::seconds(i64::from(offset)))
                .ok_or_else(range)?;
            return Ok(Time {
                instant,
                zone: local_zone,
            });
        }
        // An unknown abbreviation: Go keeps the wall clock as UTC and shows it
        // in a made-up zone; `GMT+3` gets that offset, anything else zero.
        let offset = name
            .strip_prefix("GMT")
            .filter(|rest| !rest.is_empty())
            .and_then(|rest| rest.parse::<i32>().ok())
            .map_or(0, |h| h * 3600);
        return Ok(Time {
            instant: as_utc,
            zone: Zone::fixed(name, offset),
        });
    }
    Time::from_local(p.local, local_zone).ok_or_else(range)
}

/// `date(s [, layout [, tz]])`, and expr's form with a leading zone,
/// `date(tz, s [, layout])`. A zone in the layout position is accepted as the
/// zone (the builtin table's example `date('2023-08-14', timezone('UTC'))`).
pub fn builtin_date<'a>(ctx: &mut Ctx<'_>, args: &[Value<'a>]) -> Result<Value<'a>, ErrorKind> {
    charge_text(ctx, args)?;
    let (mut zone, rest) = match args.first() {
        Some(Value::Location(z)) => (Some(*z), args.get(1..).unwrap_or_default()),
        _ => (None, args),
    };
    let Some(first) = rest.first() else {
        return Err(ErrorKind::Arity(format!(
            "invalid number of arguments (expected at least 1, got {})",
            args.len()
        )));
    };
    let s = string_arg(first)?;
    let mut layout = None;
    match rest.get(1..).unwrap_or_default() {
        [] => {}
        [Value::Location(z)] => zone = Some(*z),
        [l] => layout = Some(string_arg(l)?),
        [l, tz] => {
            layout = Some(string_arg(l)?);
            zone = Some(zone_arg(tz)?);
        }
        more => {
            return Err(ErrorKind::Arity(format!(
                "invalid number of arguments (expected at most 3, got {})",
                more.len() + 1
            )))
        }
    }
    let time = match layout {
        Some(l) => parse_in(l, s, zone).map_err(ErrorKind::Function)?,
        None => DEFAULT_LAYOUTS
            .iter()
            .find_map(|l| parse_in(l, s, zone).ok())
            .ok_or_else(|| ErrorKind::Function(format!("invalid date {s}")))?,
    };
    Ok(Value::time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn berlin() -> Zone {
        Zone::Named(chrono_tz::Europe::Berlin)
    }

    fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    /// Every method the table declares (and so the checker accepts) runs,
    /// with arguments of its declared types, on its receiver.
    #[test]
    fn every_declared_method_is_implemented() {
        use crate::types::Param;
        use methods::{Receiver, METHODS};
        let t = Value::time(Time::utc(Utc.timestamp_opt(1_700_000_000, 0).unwrap()));
        for m in METHODS {
            let recv = match m.receiver {
                Receiver::Time => t.clone(),
                Receiver::Duration => Value::Duration(90 * NS_PER_SEC),
                Receiver::Location => Value::Location(berlin()),
                // Only typed by the checker (see `Receiver::NamedInt`).
                Receiver::NamedInt => continue,
            };
            let args: Vec<Value<'_>> = m
                .sig
                .params
                .iter()
                .map(|p| match p {
                    Param::Str => Value::string("2006-01-02".to_string()),
                    Param::Loc => Value::Location(berlin()),
                    Param::Dur => Value::Duration(NS_PER_SEC),
                    Param::Time => t.clone(),
                    _ => Value::Int(1),
                })
                .collect();
            let r = call_method(&recv, m.name, &args);
            assert!(r.is_ok(), "{:?}.{}: {r:?}", m.receiver, m.name);
            let too_many: Vec<_> = args.iter().cloned().chain([Value::Int(1)]).collect();
            assert!(call_method(&recv, m.name, &too_many).is_err(), "{}", m.name);
        }
    }

    #[test]
    fn wall_clock_in_gap_and_overlap_resolves_like_go_date() {
        // 02:30 does not exist on 2023-03-26 in Berlin; Go's Date moves it to 03:30 CEST.
        let t = Time::from_local(wall(2023, 3, 26, 2, 30), berlin()).unwrap();
        assert_eq!(t.go_string(), "2023-03-26 03:30:00 +0200 CEST");
        // 02:30 happens twice on 2023-10-29; Go's algorithm lands on the second (CET).
        let t = Time::from_local(wall(2023, 10, 29, 2, 30), berlin()).unwrap();
        assert_eq!(t.go_string(), "2023-10-29 02:30:00 +0100 CET");
    }

    #[test]
    fn zones_without_letters_show_numeric_abbreviations() {
        // tzdata names Dubai's zone "+04"; Go prints that name.
        let t = Time::from_local(wall(2024, 1, 2, 0, 0), Zone::Named(chrono_tz::Asia::Dubai));
        assert_eq!(t.unwrap().go_string(), "2024-01-02 00:00:00 +0400 +04");
        assert_eq!(numeric_abbr(19800), "+0530");
        assert_eq!(numeric_abbr(-3600), "-01");
    }

    #[test]
    fn go_quote_escapes_like_go() {
        assert_eq!(go_quote(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("µ".as_bytes()), r#""\xc2\xb5""#);
        assert_eq!(go_quote(b"\n"), r#""\x0a""#);
    }

    #[test]
    fn location_names() {
        assert_eq!(
            load_location("Europe/Berlin").unwrap().name(),
            "Europe/Berlin"
        );
        assert_eq!(load_location("").unwrap(), Zone::Utc);
        assert_eq!(Zone::fixed("", 7200), Zone::Fixed(7200));
        assert_eq!(Zone::fixed("MST", 0).name(), "MST");
        assert_eq!(
            Abbr::new("ABCDEFGHIJKLMNOPQRST").as_str(),
            "ABCDEFGHIJKLMNO"
        );
    }
}
