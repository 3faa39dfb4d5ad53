//! Go reference-time layouts (`2006-01-02 15:04:05 -0700 MST`): one tokenizer
//! used by both formatting (`t.Format(layout)`) and parsing (`date(s, layout)`).
//!
//! The tokenizer mirrors Go's `nextStdChunk`, so a layout splits into literal
//! text and elements exactly where Go splits it; chrono only does the calendar.

use super::duration::leading_int_pub as leading_int;
use super::go_quote;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// One element of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Std {
    Month,
    LongMonth,
    NumMonth,
    ZeroMonth,
    WeekDay,
    LongWeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    Pm,
    PmLower,
    Tz,
    Iso8601Tz,
    Iso8601SecondsTz,
    Iso8601ShortTz,
    Iso8601ColonTz,
    Iso8601ColonSecondsTz,
    NumTz,
    NumSecondsTz,
    NumShortTz,
    NumColonTz,
    NumColonSecondsTz,
    /// `.000` / `,000`: exactly `digits` fraction digits.
    FracSecond0 {
        digits: usize,
        comma: bool,
    },
    /// `.999` / `,999`: up to `digits`, trailing zeros dropped.
    FracSecond9 {
        digits: usize,
        comma: bool,
    },
}

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// English name of a month (1–12), as Go's `Month.String()`.
pub fn month_name(m: u32) -> &'static str {
    LONG_MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("%!Month")
}

/// English name of a weekday (0 = Sunday), as Go's `Weekday.String()`.
pub fn weekday_name(d: u32) -> &'static str {
    LONG_DAYS.get(d as usize).copied().unwrap_or("%!Weekday")
}

fn at(l: &[u8], i: usize, pat: &str) -> bool {
    l.get(i..i + pat.len()) == Some(pat.as_bytes())
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

fn starts_lower(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_lowercase)
}

/// The next element of `layout`: `(start, element, length)`; the text before
/// `start` is literal. `None` when the rest is all literal.
pub(crate) fn next_std(l: &[u8]) -> Option<(usize, Std, usize)> {
    for (i, &c) in l.iter().enumerate() {
        let next = l.get(i + 1).copied();
        let found = match c {
            b'J' if at(l, i, "Jan") => {
                if at(l, i, "January") {
                    Some((Std::LongMonth, 7))
                } else if !starts_lower(l, i + 3) {
                    Some((Std::Month, 3))
                } else {
                    None
                }
            }
            b'M' if at(l, i, "Mon") => {
                if at(l, i, "Monday") {
                    Some((Std::LongWeekDay, 6))
                } else if !starts_lower(l, i + 3) {
                    Some((Std::WeekDay, 3))
                } else {
                    None
                }
            }
            b'M' if at(l, i, "MST") => Some((Std::Tz, 3)),
            b'0' => match next {
                Some(b'1') => Some((Std::ZeroMonth, 2)),
                Some(b'2') => Some((Std::ZeroDay, 2)),
                Some(b'3') => Some((Std::ZeroHour12, 2)),
                Some(b'4') => Some((Std::ZeroMinute, 2)),
                Some(b'5') => Some((Std::ZeroSecond, 2)),
                Some(b'6') => Some((Std::Year, 2)),
                Some(b'0') if at(l, i, "002") => Some((Std::ZeroYearDay, 3)),
                _ => None,
            },
            b'1' => Some(if next == Some(b'5') {
                (Std::Hour, 2)
            } else {
                (Std::NumMonth, 1)
            }),
            b'2' => Some(if at(l, i, "2006") {
                (Std::LongYear, 4)
            } else {
                (Std::Day, 1)
            }),
            b'_' if next == Some(b'2') => {
                // `_2006` is a literal `_` followed by the long year.
                if at(l, i + 1, "2006") {
                    return Some((i + 1, Std::LongYear, 4));
                }
                Some((Std::UnderDay, 2))
            }
            b'_' if at(l, i, "__2") => Some((Std::UnderYearDay, 3)),
            b'3' => Some((Std::Hour12, 1)),
            b'4' => Some((Std::Minute, 1)),
            b'5' => Some((Std::Second, 1)),
            b'P' if next == Some(b'M') => Some((Std::Pm, 2)),
            b'p' if next == Some(b'm') => Some((Std::PmLower, 2)),
            b'-' | b'Z' => {
                let iso = c == b'Z';
                let pick = |num: Std, isov: Std| if iso { isov } else { num };
                if at(l, i + 1, "070000") {
                    Some((pick(Std::NumSecondsTz, Std::Iso8601SecondsTz), 7))
                } else if at(l, i + 1, "07:00:00") {
                    Some((pick(Std::NumColonSecondsTz, Std::Iso8601ColonSecondsTz), 9))
                } else if at(l, i + 1, "0700") {
                    Some((pick(Std::NumTz, Std::Iso8601Tz), 5))
                } else if at(l, i + 1, "07:00") {
                    Some((pick(Std::NumColonTz, Std::Iso8601ColonTz), 6))
                } else if at(l, i + 1, "07") {
                    Some((pick(Std::NumShortTz, Std::Iso8601ShortTz), 3))
                } else {
                    None
                }
            }
            b'.' | b',' if matches!(next, Some(b'0') | Some(b'9')) => {
                let ch = next.unwrap_or(b'0');
                let mut j = i + 1;
                while l.get(j) == Some(&ch) {
                    j += 1;
                }
                // `.0001` followed by a digit is not a fraction element.
                if is_digit(l, j) {
                    None
                } else {
                    let digits = j - (i + 1);
                    let comma = c == b',';
                    let std = if ch == b'0' {
                        Std::FracSecond0 { digits, comma }
                    } else {
                        Std::FracSecond9 { digits, comma }
                    };
                    Some((std, j - i))
                }
            }
            _ => None,
        };
        if let Some((std, len)) = found {
            return Some((i, std, len));
        }
    }
    None
}

/// The calendar fields of a time as seen in its zone.
pub(crate) struct Fields<'n> {
    pub local: NaiveDateTime,
    /// Seconds east of UTC.
    pub offset: i32,
    /// The zone abbreviation; empty for unnamed fixed offsets.
    pub abbr: &'n str,
}

fn push_int(out: &mut String, v: i64, width: usize) {
    if v < 0 {
        out.push('-');
    }
    let s = v.unsigned_abs().to_string();
    for _ in s.len()..width {
        out.push('0');
    }
    out.push_str(&s);
}

fn push_offset(out: &mut String, std: Std, offset: i32) {
    let zone = offset / 60; // minutes
    let abs = offset.unsigned_abs();
    out.push(if zone < 0 { '-' } else { '+' });
    let zm = zone.unsigned_abs();
    push_int(out, i64::from(zm / 60), 2);
    use Std::*;
    if matches!(
        std,
        Iso8601ColonTz | NumColonTz | Iso8601ColonSecondsTz | NumColonSecondsTz
    ) {
        out.push(':');
    }
    if !matches!(std, NumShortTz | Iso8601ShortTz) {
        push_int(out, i64::from(zm % 60), 2);
    }
    if matches!(
        std,
        Iso8601SecondsTz | NumSecondsTz | NumColonSecondsTz | Iso8601ColonSecondsTz
    ) {
        if matches!(std, NumColonSecondsTz | Iso8601ColonSecondsTz) {
            out.push(':');
        }
        push_int(out, i64::from(abs % 60), 2);
    }
}

/// Formats `f` with a Go layout, as Go's `Time.Format`.
pub(crate) fn format(layout: &str, f: &Fields<'_>) -> String {
    let mut out = String::with_capacity(layout.len() + 10);
    let mut rest = layout;
    let d = f.local;
    loop {
        let Some((start, std, len)) = next_std(rest.as_bytes()) else {
            out.push_str(rest);
            break;
        };
        // Elements are ASCII, so these offsets are char boundaries.
        out.push_str(rest.get(..start).unwrap_or_default());
        rest = rest.get(start + len..).unwrap_or_default();
        let hour = d.hour();
        match std {
            // Go's `%` truncates: year -4 shows as `-04`.
            Std::Year => push_int(&mut out, i64::from(d.year() % 100), 2),
            Std::LongYear => push_int(&mut out, i64::from(d.year()), 4),
            Std::Month => out.push_str(month_name(d.month()).get(..3).unwrap_or_default()),
            Std::LongMonth => out.push_str(month_name(d.month())),
            Std::NumMonth => push_int(&mut out, i64::from(d.month()), 0),
            Std::ZeroMonth => push_int(&mut out, i64::from(d.month()), 2),
            Std::WeekDay => out.push_str(
                SHORT_DAYS
                    .get(d.weekday().num_days_from_sunday() as usize)
                    .copied()
                    .unwrap_or_default(),
            ),
            Std::LongWeekDay => out.push_str(weekday_name(d.weekday().num_days_from_sunday())),
            Std::Day => push_int(&mut out, i64::from(d.day()), 0),
            Std::UnderDay => {
                if d.day() < 10 {
                    out.push(' ');
                }
                push_int(&mut out, i64::from(d.day()), 0);
            }
            Std::ZeroDay => push_int(&mut out, i64::from(d.day()), 2),
            Std::UnderYearDay => {
                let yd = d.ordinal();
                if yd < 100 {
                    out.push(' ');
                    if yd < 10 {
                        out.push(' ');
                    }
                }
                push_int(&mut out, i64::from(yd), 0);
            }
            Std::ZeroYearDay => push_int(&mut out, i64::from(d.ordinal()), 3),
            Std::Hour => push_int(&mut out, i64::from(hour), 2),
            Std::Hour12 | Std::ZeroHour12 => {
                let h = match hour % 12 {
                    0 => 12,
                    h => h,
                };
                let width = if std == Std::ZeroHour12 { 2 } else { 0 };
                push_int(&mut out, i64::from(h), width);
            }
            Std::Minute => push_int(&mut out, i64::from(d.minute()), 0),
            Std::ZeroMinute => push_int(&mut out, i64::from(d.minute()), 2),
            Std::Second => push_int(&mut out, i64::from(d.second()), 0),
            Std::ZeroSecond => push_int(&mut out, i64::from(d.second()), 2),
            Std::Pm => out.push_str(if hour >= 12 { "PM" } else { "AM" }),
            Std::PmLower => out.push_str(if hour >= 12 { "pm" } else { "am" }),
            Std::Iso8601Tz
            | Std::Iso8601SecondsTz
            | Std::Iso8601ShortTz
            | Std::Iso8601ColonTz
            | Std::Iso8601ColonSecondsTz
                if f.offset == 0 =>
            {
                out.push('Z')
            }
            Std::Iso8601Tz
            | Std::Iso8601SecondsTz
            | Std::Iso8601ShortTz
            | Std::Iso8601ColonTz
            | Std::Iso8601ColonSecondsTz
            | Std::NumTz
            | Std::NumSecondsTz
            | Std::NumShortTz
            | Std::NumColonTz
            | Std::NumColonSecondsTz => push_offset(&mut out, std, f.offset),
            Std::Tz => {
                if f.abbr.is_empty() {
                    // Unnamed zones show their offset: `+0200`.
                    push_offset(&mut out, Std::NumTz, f.offset);
                } else {
                    out.push_str(f.abbr);
                }
            }
            Std::FracSecond0 { digits, comma } | Std::FracSecond9 { digits, comma } => {
                let ns = d.nanosecond().min(999_999_999);
                let trim = matches!(std, Std::FracSecond9 { .. });
                let all = format!("{ns:09}");
                let mut frac = all.get(..digits.min(9)).unwrap_or_default();
                if trim {
                    frac = frac.trim_end_matches('0');
                }
                if !frac.is_empty() || (!trim && digits > 0) {
                    out.push(if comma { ',' } else { '.' });
                    // More than nine digits asked for still prints nine, as Go does.
                    out.push_str(frac);
                }
            }
        }
    }
    out
}

/// What a layout parse found: the wall-clock time and any zone information.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub local: NaiveDateTime,
    /// `Z` was given: the time is UTC.
    pub utc: bool,
    /// A numeric offset was given (seconds east of UTC).
    pub offset: Option<i32>,
    /// A zone abbreviation was given (`MST`, `GMT+3`).
    pub zone_name: Option<String>,
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let d0 = *s.first().filter(|c| c.is_ascii_digit())?;
    match s.get(1).filter(|c| c.is_ascii_digit()) {
        Some(&d1) => Some((
            i64::from(d0 - b'0') * 10 + i64::from(d1 - b'0'),
            s.get(2..).unwrap_or_default(),
        )),
        None if fixed => None,
        None => Some((i64::from(d0 - b'0'), s.get(1..).unwrap_or_default())),
    }
}

/// Go's `getnum3`: one to three digits (exactly three when `fixed`).
fn getnum3(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let mut n = 0i64;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + i64::from(s.get(i).copied().unwrap_or(b'0') - b'0');
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, s.get(i..).unwrap_or_default()))
}

/// Go's `lookup`: a case-insensitive prefix match against a table of names.
fn lookup<'v>(tab: &[&str], val: &'v [u8]) -> Option<(usize, &'v [u8])> {
    tab.iter().enumerate().find_map(|(i, name)| {
        let head = val.get(..name.len())?;
        head.eq_ignore_ascii_case(name.as_bytes())
            .then(|| (i, val.get(name.len()..).unwrap_or_default()))
    })
}

/// Why a fraction failed: not a number, or (Go's `atoi` takes a sign) negative.
#[derive(Debug, PartialEq)]
enum FracError {
    Bad,
    Range,
}

/// Go's `parseNanoseconds`: `.ddd` (first byte the separator) to nanoseconds.
fn parse_nanos(value: &[u8], nbytes: usize) -> Result<i64, FracError> {
    if !matches!(value.first(), Some(b'.') | Some(b',')) {
        return Err(FracError::Bad);
    }
    let digits = value.get(1..nbytes.min(10)).ok_or(FracError::Bad)?;
    let (neg, digits) = match digits.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, digits),
    };
    if digits.is_empty() {
        return Err(FracError::Bad);
    }
    let mut ns = 0i64;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(FracError::Bad);
        }
        ns = ns * 10 + i64::from(c - b'0');
    }
    if neg && ns != 0 {
        return Err(FracError::Range);
    }
    // Scale by the digits missing from nine (the sign counts as one, as in Go).
    for _ in nbytes.min(10)..10 {
        ns *= 10;
    }
    Ok(ns)
}

fn frac(r: Result<i64, FracError>, range_err: &mut Option<&str>) -> Option<i64> {
    match r {
        Ok(ns) => Some(ns),
        Err(FracError::Range) => {
            *range_err = Some("fractional second");
            Some(0)
        }
        Err(FracError::Bad) => None,
    }
}

/// Go's `parseSignedOffset`: length of `+hh` / `-h` with hours ≤ 23, or 0.
fn signed_offset_len(value: &[u8]) -> usize {
    if !matches!(value.first(), Some(b'+') | Some(b'-')) {
        return 0;
    }
    let tail = value.get(1..).unwrap_or_default();
    match leading_int(tail) {
        Ok((x, rem)) if rem.len() != tail.len() && x <= 23 => value.len() - rem.len(),
        _ => 0,
    }
}

/// Go's `parseTimeZone`: the length of a zone abbreviation at the start of `value`.
fn time_zone_len(value: &[u8]) -> Option<usize> {
    if value.len() < 3 {
        return None;
    }
    if at(value, 0, "ChST") || at(value, 0, "MeST") {
        return Some(4);
    }
    if at(value, 0, "GMT") {
        let rest = value.get(3..).unwrap_or_default();
        return Some(if rest.is_empty() {
            3
        } else {
            3 + signed_offset_len(rest)
        });
    }
    if matches!(value.first(), Some(b'+') | Some(b'-')) {
        let n = signed_offset_len(value);
        return (n > 0).then_some(n);
    }
    let upper = value
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        3 => Some(3),
        4 if value.get(3) == Some(&b'T') || at(value, 0, "WITA") => Some(4),
        5 if value.get(4) == Some(&b'T') => Some(5),
        _ => None,
    }
}

fn parse_error(layout: &str, value: &str, elem_layout: &[u8], elem_value: &[u8]) -> String {
    format!(
        "parsing time {} as {}: cannot parse {} as {}",
        go_quote(value.as_bytes()),
        go_quote(layout.as_bytes()),
        go_quote(elem_value),
        go_quote(elem_layout)
    )
}

fn parse_message(value: &str, msg: &str) -> String {
    format!("parsing time {}{msg}", go_quote(value.as_bytes()))
}

/// Parses `value` with a Go layout, as Go's `time.Parse` does up to the point
/// where a zone is applied (the caller resolves zones). Errors carry Go's text.
pub(crate) fn parse(layout_str: &str, value_str: &str) -> Result<Parsed, String> {
    let mut layout = layout_str.as_bytes();
    let mut value = value_str.as_bytes();
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let (mut pm_set, mut am_set) = (false, false);
    let mut utc = false;
    let mut offset: Option<i32> = None;
    let mut zone_name: Option<String> = None;

    loop {
        let chunk = next_std(layout);
        let prefix_len = chunk.map_or(layout.len(), |(start, _, _)| start);
        let prefix = layout.get(..prefix_len).unwrap_or_default();
        value =
            skip(value, prefix).map_err(|rest| parse_error(layout_str, value_str, prefix, rest))?;
        let Some((start, std, len)) = chunk else {
            if !value.is_empty() {
                return Err(parse_message(
                    value_str,
                    &format!(": extra text: {}", go_quote(value)),
                ));
            }
            break;
        };
        let std_str = layout.get(start..start + len).unwrap_or_default();
        layout = layout.get(start + len..).unwrap_or_default();
        let hold = value;
        let mut range_err: Option<&str> = None;
        let ok: Option<()> = (|| {
            match std {
                Std::Year => {
                    let p = value.get(..2)?;
                    if !p.iter().all(u8::is_ascii_digit) {
                        return None;
                    }
                    let y = p.iter().fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'));
                    year = if y >= 69 { y + 1900 } else { y + 2000 };
                    value = value.get(2..)?;
                }
                Std::LongYear => {
                    let p = value.get(..4)?;
                    if !p.iter().all(u8::is_ascii_digit) {
                        return None;
                    }
                    year = p.iter().fold(0, |a, &c| a * 10 + i64::from(c - b'0'));
                    value = value.get(4..)?;
                }
                Std::Month | Std::LongMonth => {
                    let tab = if std == Std::Month {
                        SHORT_MONTHS
                    } else {
                        LONG_MONTHS
                    };
                    let (m, rest) = lookup(&tab, value)?;
                    month = m as i64 + 1;
                    value = rest;
                }
                Std::NumMonth | Std::ZeroMonth => {
                    let (m, rest) = getnum(value, std == Std::ZeroMonth)?;
                    value = rest;
                    month = m;
                    if !(1..=12).contains(&m) {
                        range_err = Some("month");
                    }
                }
                Std::WeekDay => value = lookup(&SHORT_DAYS, value)?.1,
                Std::LongWeekDay => value = lookup(&LONG_DAYS, value)?.1,
                Std::Day | Std::UnderDay | Std::ZeroDay => {
                    if std == Std::UnderDay && value.first() == Some(&b' ') {
                        value = value.get(1..)?;
                    }
                    let (d, rest) = getnum(value, std == Std::ZeroDay)?;
                    day = d;
                    value = rest;
                }
                Std::UnderYearDay | Std::ZeroYearDay => {
                    for _ in 0..2 {
                        if std == Std::UnderYearDay && value.first() == Some(&b' ') {
                            value = value.get(1..)?;
                        }
                    }
                    let (d, rest) = getnum3(value, std == Std::ZeroYearDay)?;
                    yday = d;
                    value = rest;
                }
                Std::Hour => {
                    let (h, rest) = getnum(value, false)?;
                    hour = h;
                    value = rest;
                    if !(0..24).contains(&h) {
                        range_err = Some("hour");
                    }
                }
                Std::Hour12 | Std::ZeroHour12 => {
                    let (h, rest) = getnum(value, std == Std::ZeroHour12)?;
                    hour = h;
                    value = rest;
                    if !(0..=12).contains(&h) {
                        range_err = Some("hour");
                    }
                }
                Std::Minute | Std::ZeroMinute => {
                    let (m, rest) = getnum(value, std == Std::ZeroMinute)?;
                    min = m;
                    value = rest;
                    if !(0..60).contains(&m) {
                        range_err = Some("minute");
                    }
                }
                Std::Second | Std::ZeroSecond => {
                    let (s, rest) = getnum(value, std == Std::ZeroSecond)?;
                    sec = s;
                    value = rest;
                    if !(0..60).contains(&s) {
                        range_err = Some("second");
                        return Some(());
                    }
                    // A fraction after the seconds is accepted even when the
                    // layout has none, unless the layout's next element is one.
                    if value.len() >= 2
                        && matches!(value.first(), Some(b'.') | Some(b','))
                        && is_digit(value, 1)
                    {
                        let next_is_frac = matches!(
                            next_std(layout),
                            Some((_, Std::FracSecond0 { .. } | Std::FracSecond9 { .. }, _))
                        );
                        if !next_is_frac {
                            let mut n = 2;
                            while is_digit(value, n) {
                                n += 1;
                            }
                            nsec = frac(parse_nanos(value, n), &mut range_err)?;
                            value = value.get(n..)?;
                        }
                    }
                }
                Std::Pm | Std::PmLower => {
                    let p = value.get(..2)?;
                    let (pm, am): (&[u8], &[u8]) = if std == Std::Pm {
                        (b"PM", b"AM")
                    } else {
                        (b"pm", b"am")
                    };
                    if p == pm {
                        pm_set = true;
                    } else if p == am {
                        am_set = true;
                    } else {
                        return None;
                    }
                    value = value.get(2..)?;
                }
                Std::Iso8601Tz
                | Std::Iso8601SecondsTz
                | Std::Iso8601ShortTz
                | Std::Iso8601ColonTz
                | Std::Iso8601ColonSecondsTz
                    if value.first() == Some(&b'Z') =>
                {
                    value = value.get(1..)?;
                    utc = true;
                }
                Std::Iso8601Tz
                | Std::Iso8601SecondsTz
                | Std::Iso8601ShortTz
                | Std::Iso8601ColonTz
                | Std::Iso8601ColonSecondsTz
                | Std::NumTz
                | Std::NumSecondsTz
                | Std::NumShortTz
                | Std::NumColonTz
                | Std::NumColonSecondsTz => {
                    let (sign, hh, mm, ss, rest): (u8, &[u8], &[u8], &[u8], &[u8]) = match std {
                        Std::Iso8601ColonTz | Std::NumColonTz => {
                            if value.len() < 6 || value.get(3) != Some(&b':') {
                                return None;
                            }
                            (
                                *value.first()?,
                                value.get(1..3)?,
                                value.get(4..6)?,
                                b"00",
                                value.get(6..)?,
                            )
                        }
                        Std::NumShortTz | Std::Iso8601ShortTz => {
                            if value.len() < 3 {
                                return None;
                            }
                            (
                                *value.first()?,
                                value.get(1..3)?,
                                b"00",
                                b"00",
                                value.get(3..)?,
                            )
                        }
                        Std::Iso8601ColonSecondsTz | Std::NumColonSecondsTz => {
                            if value.len() < 9
                                || value.get(3) != Some(&b':')
                                || value.get(6) != Some(&b':')
                            {
                                return None;
                            }
                            (
                                *value.first()?,
                                value.get(1..3)?,
                                value.get(4..6)?,
                                value.get(7..9)?,
                                value.get(9..)?,
                            )
                        }
                        Std::Iso8601SecondsTz | Std::NumSecondsTz => {
                            if value.len() < 7 {
                                return None;
                            }
                            (
                                *value.first()?,
                                value.get(1..3)?,
                                value.get(3..5)?,
                                value.get(5..7)?,
                                value.get(7..)?,
                            )
                        }
                        _ => {
                            if value.len() < 5 {
                                return None;
                            }
                            (
                                *value.first()?,
                                value.get(1..3)?,
                                value.get(3..5)?,
                                b"00",
                                value.get(5..)?,
                            )
                        }
                    };
                    let hr = getnum(hh, true)?.0;
                    let mi = getnum(mm, true)?.0;
                    let se = getnum(ss, true)?.0;
                    if hr > 24 {
                        range_err = Some("time zone offset hour");
                    }
                    if mi > 60 {
                        range_err = Some("time zone offset minute");
                    }
                    if se > 60 {
                        range_err = Some("time zone offset second");
                    }
                    let off = ((hr * 60 + mi) * 60 + se) as i32;
                    offset = Some(match sign {
                        b'+' => off,
                        b'-' => -off,
                        _ => return None,
                    });
                    value = rest;
                }
                Std::Tz => {
                    if at(value, 0, "UTC") {
                        value = value.get(3..)?;
                        utc = true;
                        return Some(());
                    }
                    let n = time_zone_len(value)?;
                    zone_name = Some(String::from_utf8_lossy(value.get(..n)?).into_owned());
                    value = value.get(n..)?;
                }
                Std::FracSecond0 { digits, .. } => {
                    let n = 1 + digits;
                    if value.len() < n {
                        return None;
                    }
                    nsec = frac(parse_nanos(value, n), &mut range_err)?;
                    value = value.get(n..)?;
                }
                Std::FracSecond9 { .. } => {
                    if value.len() < 2
                        || !matches!(value.first(), Some(b'.') | Some(b','))
                        || !is_digit(value, 1)
                    {
                        // The fraction is optional.
                        return Some(());
                    }
                    let mut i = 0;
                    while is_digit(value, i + 1) {
                        i += 1;
                    }
                    nsec = frac(parse_nanos(value, 1 + i), &mut range_err)?;
                    value = value.get(1 + i..)?;
                }
            }
            Some(())
        })();
        if let Some(what) = range_err {
            return Err(parse_message(value_str, &format!(": {what} out of range")));
        }
        if ok.is_none() {
            return Err(parse_error(layout_str, value_str, std_str, hold));
        }
    }

    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }
    let year = i32::try_from(year).map_err(|_| parse_message(value_str, ": year out of range"))?;
    if yday >= 0 {
        let date = u32::try_from(yday)
            .ok()
            .and_then(|yd| NaiveDate::from_yo_opt(year, yd))
            .ok_or_else(|| parse_message(value_str, ": day-of-year out of range"))?;
        if month >= 0 && month != i64::from(date.month()) {
            return Err(parse_message(
                value_str,
                ": day-of-year does not match month",
            ));
        }
        month = i64::from(date.month());
        if day >= 0 && day != i64::from(date.day()) {
            return Err(parse_message(value_str, ": day-of-year does not match day"));
        }
        day = i64::from(date.day());
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    let date = NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .ok_or_else(|| parse_message(value_str, ": day out of range"))?;
    let time = NaiveTime::from_hms_nano_opt(hour as u32, min as u32, sec as u32, nsec as u32)
        .ok_or_else(|| parse_message(value_str, ": time out of range"))?;
    Ok(Parsed {
        local: NaiveDateTime::new(date, time),
        utc,
        offset,
        zone_name,
    })
}

/// Go's `skip`: matches the literal `prefix`, where a run of spaces in the
/// layout matches a run of spaces in the value. `Err` carries the value left.
fn skip<'v>(mut value: &'v [u8], mut prefix: &[u8]) -> Result<&'v [u8], &'v [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&c| c != b' ') {
                return Err(value);
            }
            prefix = trim_spaces(prefix);
            value = trim_spaces(value);
            continue;
        }
        if value.first() != Some(&p) {
            return Err(value);
        }
        prefix = prefix.get(1..).unwrap_or_default();
        value = value.get(1..).unwrap_or_default();
    }
    Ok(value)
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b' ').count();
    s.get(n..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout split into literal text and element names.
    fn split(layout: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = layout.as_bytes();
        while let Some((start, std, len)) = next_std(rest) {
            if start > 0 {
                out.push(format!("'{}'", String::from_utf8_lossy(&rest[..start])));
            }
            out.push(format!("{std:?}"));
            rest = &rest[start + len..];
        }
        if !rest.is_empty() {
            out.push(format!("'{}'", String::from_utf8_lossy(rest)));
        }
        out
    }

    #[test]
    fn splits_where_go_splits() {
        let table: &[(&str, &[&str])] = &[
            (
                "2006-01-02",
                &["LongYear", "'-'", "ZeroMonth", "'-'", "ZeroDay"],
            ),
            ("_2006", &["'_'", "LongYear"]),
            (
                "_2 __2 002",
                &["UnderDay", "' '", "UnderYearDay", "' '", "ZeroYearDay"],
            ),
            (
                "Janet Monday Mon MST",
                &["'Janet '", "LongWeekDay", "' '", "WeekDay", "' '", "Tz"],
            ),
            (
                "Jan 2, 2006 at 3:04pm (MST)",
                &[
                    "Month",
                    "' '",
                    "Day",
                    "', '",
                    "LongYear",
                    "' at '",
                    "Hour12",
                    "':'",
                    "ZeroMinute",
                    "PmLower",
                    "' ('",
                    "Tz",
                    "')'",
                ],
            ),
            (
                ".000 ,99 .0001",
                &[
                    "FracSecond0 { digits: 3, comma: false }",
                    "' '",
                    "FracSecond9 { digits: 2, comma: true }",
                    "' .00'",
                    "ZeroMonth",
                ],
            ),
            (
                "Z07:00 -0700 -07",
                &["Iso8601ColonTz", "' '", "NumTz", "' '", "NumShortTz"],
            ),
            (
                "15 3 03 4 04 5 05 PM",
                &[
                    "Hour",
                    "' '",
                    "Hour12",
                    "' '",
                    "ZeroHour12",
                    "' '",
                    "Minute",
                    "' '",
                    "ZeroMinute",
                    "' '",
                    "Second",
                    "' '",
                    "ZeroSecond",
                    "' '",
                    "Pm",
                ],
            ),
        ];
        for (layout, want) in table {
            assert_eq!(split(layout), *want, "{layout}");
        }
    }

    #[test]
    fn spaces_in_layout_match_runs_of_spaces() {
        assert_eq!(skip(b"a   b", b"a b"), Ok(&b""[..]));
        assert_eq!(skip(b"ab", b"a b"), Err(&b"b"[..]));
    }
}
