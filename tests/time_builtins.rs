//! Time builtins and methods against Go's documented behaviour (docs/language.md, Builtins).
//! Expected texts come from Go's `time` documentation, examples and tests.

// Tables read better with `&[v.clone()]` than `std::slice::from_ref(&v)`.
#![allow(clippy::cloned_ref_to_slice_refs)]

use chrono::{DateTime, TimeZone, Utc};
use scimexpr::functions::Ctx;
use scimexpr::time::{
    builtin_date, builtin_duration, builtin_now, builtin_timezone, call_method, format_duration,
    parse_duration, Time, Zone,
};
use scimexpr::value::Value;

fn fixed_clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap()
}

fn call(
    f: for<'a> fn(&mut Ctx<'_>, &[Value<'a>]) -> Result<Value<'a>, scimexpr::ErrorKind>,
    args: &[Value<'static>],
) -> Result<Value<'static>, String> {
    let mut mem = 1_000_000u64;
    let clock = fixed_clock;
    let mut work = u64::MAX;
    let mut ctx = Ctx {
        memory: &mut mem,
        work: &mut work,
        now: &clock,
    };
    f(&mut ctx, args).map_err(|e| e.to_string())
}

fn s(x: &str) -> Value<'static> {
    Value::string(x)
}

fn time_of(v: Result<Value<'static>, String>) -> Time {
    match v {
        Ok(Value::Time(t)) => *t,
        other => panic!("time expected, got {other:?}"),
    }
}

fn date(args: &[&str]) -> Result<Time, String> {
    let args: Vec<_> = args.iter().map(|a| s(a)).collect();
    match call(builtin_date, &args)? {
        Value::Time(t) => Ok(*t),
        other => panic!("time expected, got {other:?}"),
    }
}

fn method(
    recv: &Value<'static>,
    name: &str,
    args: &[Value<'static>],
) -> Result<Value<'static>, String> {
    call_method(recv, name, args).map_err(|e| e.to_string())
}

fn method_str(recv: &Value<'static>, name: &str, args: &[Value<'static>]) -> String {
    match method(recv, name, args).unwrap() {
        Value::Str(x) => x.to_string(),
        Value::Duration(d) => format_duration(d),
        Value::Time(t) => t.go_string(),
        other => format!("{other:?}"),
    }
}

const ANSIC: &str = "Mon Jan _2 15:04:05 2006";
const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

#[test]
fn duration_parsing_matches_go() {
    const S: i64 = 1_000_000_000;
    const MS: i64 = 1_000_000;
    let ok: &[(&str, i64)] = &[
        ("0", 0),
        ("5s", 5 * S),
        ("30s", 30 * S),
        ("1478s", 1478 * S),
        ("-5s", -5 * S),
        ("+5s", 5 * S),
        ("-0", 0),
        ("+0", 0),
        ("5.0s", 5 * S),
        ("5.6s", 5 * S + 600 * MS),
        ("5.s", 5 * S),
        (".5s", 500 * MS),
        ("1.004s", S + 4 * MS),
        ("100.00100s", 100 * S + MS),
        ("10ns", 10),
        ("11us", 11_000),
        ("12µs", 12_000),
        ("12μs", 12_000),
        ("13ms", 13 * MS),
        ("15m", 15 * 60 * S),
        ("16h", 16 * 3600 * S),
        ("3h30m", (3 * 3600 + 30 * 60) * S),
        ("10.5s4m", 4 * 60 * S + 10 * S + 500 * MS),
        ("-2m3.4s", -(2 * 60 * S + 3 * S + 400 * MS)),
        (
            "1h2m3s4ms5us6ns",
            3600 * S + 2 * 60 * S + 3 * S + 4 * MS + 5_000 + 6,
        ),
        ("39h9m14.425s", (39 * 3600 + 9 * 60 + 14) * S + 425 * MS),
        ("52763797000ns", 52_763_797_000),
        ("0.3333333333333333333h", 20 * 60 * S),
        ("9007199254740993ns", (1 << 53) + 1),
        ("9223372036854775807ns", i64::MAX),
        ("9223372036854775.807us", i64::MAX),
        ("9223372036s854ms775us807ns", i64::MAX),
        ("-9223372036854775808ns", i64::MIN),
        ("-9223372036854775.808us", i64::MIN),
        ("0.100000000000000000000h", 6 * 60 * S),
        ("0.830103483285477580700h", (49 * 60 + 48) * S + 372_539_827),
        ("1.5h", 90 * 60 * S),
    ];
    for (text, want) in ok {
        assert_eq!(parse_duration(text), Ok(*want), "{text}");
    }
    let bad: &[(&str, &str)] = &[
        ("", r#"time: invalid duration """#),
        ("3", r#"time: missing unit in duration "3""#),
        ("-", r#"time: invalid duration "-""#),
        ("s", r#"time: invalid duration "s""#),
        (".", r#"time: invalid duration ".""#),
        ("-.", r#"time: invalid duration "-.""#),
        (".s", r#"time: invalid duration ".s""#),
        ("+.s", r#"time: invalid duration "+.s""#),
        ("1d", r#"time: unknown unit "d" in duration "1d""#),
        ("1h1d", r#"time: unknown unit "d" in duration "1h1d""#),
        ("x", r#"time: invalid duration "x""#),
        (
            "9223372036854775808ns",
            r#"time: invalid duration "9223372036854775808ns""#,
        ),
        (
            "9223372036854775.808us",
            r#"time: invalid duration "9223372036854775.808us""#,
        ),
        (
            "9223372036854ms775us808ns",
            r#"time: invalid duration "9223372036854ms775us808ns""#,
        ),
        (
            "-9223372036854775809ns",
            r#"time: invalid duration "-9223372036854775809ns""#,
        ),
        // Non-ASCII bytes are quoted as \x escapes, as Go's time.quote does.
        (
            "1é",
            r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#,
        ),
    ];
    for (text, want) in bad {
        assert_eq!(parse_duration(text).unwrap_err(), *want, "{text}");
    }
}

#[test]
fn duration_builtin_and_methods() {
    let d = call(builtin_duration, &[s("1h30m")]).unwrap();
    assert!(matches!(d, Value::Duration(5_400_000_000_000)));
    assert!(matches!(method(&d, "Hours", &[]).unwrap(), Value::Float(f) if f == 1.5));
    assert!(matches!(method(&d, "Minutes", &[]).unwrap(), Value::Float(f) if f == 90.0));
    assert!(matches!(method(&d, "Seconds", &[]).unwrap(), Value::Float(f) if f == 5400.0));
    assert!(matches!(
        method(&d, "Milliseconds", &[]).unwrap(),
        Value::Int(5_400_000)
    ));
    assert!(matches!(
        method(&d, "Microseconds", &[]).unwrap(),
        Value::Int(5_400_000_000)
    ));
    assert!(matches!(
        method(&d, "Nanoseconds", &[]).unwrap(),
        Value::Int(5_400_000_000_000)
    ));
    assert_eq!(method_str(&d, "String", &[]), "1h30m0s");
    let neg = Value::Duration(-1_500_000_000);
    assert_eq!(method_str(&neg, "Abs", &[]), "1.5s");
    assert_eq!(
        call(builtin_duration, &[s("1d")]).unwrap_err(),
        r#"time: unknown unit "d" in duration "1d""#
    );
    assert_eq!(
        call(builtin_duration, &[Value::Int(1)]).unwrap_err(),
        "expected string, got int"
    );
    assert_eq!(
        method(&d, "Days", &[]).unwrap_err(),
        "type time.Duration has no method Days"
    );
}

#[test]
fn duration_round_and_truncate_match_go_examples() {
    let d = Value::Duration(parse_duration("1h15m30.918273645s").unwrap());
    let table: &[(&str, &str, &str)] = &[
        ("1ns", "1h15m30.918273645s", "1h15m30.918273645s"),
        ("1us", "1h15m30.918274s", "1h15m30.918273s"),
        ("1ms", "1h15m30.918s", "1h15m30.918s"),
        ("1s", "1h15m31s", "1h15m30s"),
        ("2s", "1h15m30s", "1h15m30s"),
        ("1m", "1h16m0s", "1h15m0s"),
        ("10m", "1h20m0s", "1h10m0s"),
        ("1h", "1h0m0s", "1h0m0s"),
    ];
    for (m, round, trunc) in table {
        let m = Value::Duration(parse_duration(m).unwrap());
        assert_eq!(method_str(&d, "Round", &[m.clone()]), *round);
        assert_eq!(method_str(&d, "Truncate", &[m]), *trunc);
    }
}

#[test]
fn duration_strings_match_go() {
    let table: &[(i64, &str)] = &[
        (0, "0s"),
        (1_000, "1µs"),
        (1_500_000, "1.5ms"),
        (1_500_000_000, "1.5s"),
        (90_000_000_000, "1m30s"),
        (5_400_000_000_000, "1h30m0s"),
        (-120_000_000_000, "-2m0s"),
        (i64::MAX, "2562047h47m16.854775807s"),
    ];
    for (ns, want) in table {
        assert_eq!(format_duration(*ns), *want);
    }
}

#[test]
fn date_default_layouts() {
    let table: &[(&str, &str)] = &[
        ("2023-08-14", "2023-08-14 00:00:00 +0000 UTC"),
        ("10:30:00", "0000-01-01 10:30:00 +0000 UTC"),
        ("2023-08-14 10:30:00", "2023-08-14 10:30:00 +0000 UTC"),
        ("2023-08-14T10:30:00Z", "2023-08-14 10:30:00 +0000 UTC"),
        ("2023-08-14T10:30:00.5Z", "2023-08-14 10:30:00.5 +0000 UTC"),
        (
            "2023-08-14T10:30:00+02:00",
            "2023-08-14 10:30:00 +0200 +0200",
        ),
        (
            "2023-08-14T10:30:00-05:30",
            "2023-08-14 10:30:00 -0530 -0530",
        ),
        ("14 Aug 23 10:30 UTC", "2023-08-14 10:30:00 +0000 UTC"),
        (
            "Monday, 14-Aug-23 10:30:00 UTC",
            "2023-08-14 10:30:00 +0000 UTC",
        ),
        (
            "Mon, 14 Aug 2023 10:30:00 GMT",
            "2023-08-14 10:30:00 +0000 GMT",
        ),
        // An abbreviation Go cannot place: a zero offset under that name.
        (
            "Mon, 14 Aug 2023 10:30:00 PST",
            "2023-08-14 10:30:00 +0000 PST",
        ),
    ];
    for (text, want) in table {
        assert_eq!(date(&[text]).unwrap().go_string(), *want, "{text}");
    }
    assert_eq!(
        date(&["14.08.2023"]).unwrap_err(),
        "invalid date 14.08.2023"
    );
    assert_eq!(
        date(&["2023-02-30"]).unwrap_err(),
        "invalid date 2023-02-30"
    );
    assert_eq!(
        call(builtin_date, &[Value::Nil]).unwrap_err(),
        "expected string, got nil"
    );
}

#[test]
fn date_with_layouts_matches_go_examples() {
    let table: &[(&str, &str, &str)] = &[
        ("14/08/2023", "02/01/2006", "2023-08-14 00:00:00 +0000 UTC"),
        (
            "Feb 3, 2013 at 7:54pm (PST)",
            "Jan 2, 2006 at 3:04pm (MST)",
            "2013-02-03 19:54:00 +0000 PST",
        ),
        (
            "2013-Feb-03",
            "2006-Jan-02",
            "2013-02-03 00:00:00 +0000 UTC",
        ),
        (
            "2006-01-02T15:04:05Z",
            RFC3339,
            "2006-01-02 15:04:05 +0000 UTC",
        ),
        (
            "2006-01-02T15:04:05+07:00",
            RFC3339,
            "2006-01-02 15:04:05 +0700 +0700",
        ),
        (
            "Thu Feb  4 21:00:57 2010",
            ANSIC,
            "2010-02-04 21:00:57 +0000 UTC",
        ),
        (
            "Thu Feb 14 21:00:57 2010",
            ANSIC,
            "2010-02-14 21:00:57 +0000 UTC",
        ),
        ("9:05PM", "3:04PM", "0000-01-01 21:05:00 +0000 UTC"),
        ("12:05AM", "3:04PM", "0000-01-01 00:05:00 +0000 UTC"),
        (
            "2012 Dec 07 12:15:30.918273645",
            "2006 Jan 02 15:04:05",
            "2012-12-07 12:15:30.918273645 +0000 UTC",
        ),
        (
            "2010-02-04 21:00:57.012",
            "2006-01-02 15:04:05.000",
            "2010-02-04 21:00:57.012 +0000 UTC",
        ),
        (
            "2010-02-04 21:00:57",
            "2006-01-02 15:04:05.999",
            "2010-02-04 21:00:57 +0000 UTC",
        ),
        (
            "2010-02-04 21:00:57,25",
            "2006-01-02 15:04:05,999",
            "2010-02-04 21:00:57.25 +0000 UTC",
        ),
        ("2010-035", "2006-002", "2010-02-04 00:00:00 +0000 UTC"),
        (
            "FEBRUARY 4 2010",
            "January 2 2006",
            "2010-02-04 00:00:00 +0000 UTC",
        ),
        (
            "04 Feb 10 21:00 +0100",
            "02 Jan 06 15:04 -0700",
            "2010-02-04 21:00:00 +0100 +0100",
        ),
        // QUIRK of Go: a `GMT±h` zone keeps the wall clock as UTC, then shows it
        // with that offset (Go's own parse test: the result reads Feb 4 21:00:57).
        (
            "Fri Feb  5 05:00:57 GMT-8 2010",
            "Mon Jan _2 15:04:05 MST 2006",
            "2010-02-04 21:00:57 -0800 GMT-8",
        ),
    ];
    for (text, layout, want) in table {
        assert_eq!(
            date(&[text, layout]).unwrap().go_string(),
            *want,
            "{text} / {layout}"
        );
    }
}

#[test]
fn date_parse_errors_use_go_text() {
    let table: &[(&str, &str, &str)] = &[
        (
            "2006-01-02T15:04:05Z07:00",
            RFC3339,
            r#"parsing time "2006-01-02T15:04:05Z07:00": extra text: "07:00""#,
        ),
        (
            "Feb  4 21:00:60 2010",
            ANSIC,
            r#"parsing time "Feb  4 21:00:60 2010" as "Mon Jan _2 15:04:05 2006": cannot parse "Feb  4 21:00:60 2010" as "Mon""#,
        ),
        (
            "Thu Feb  4 21:00:60 2010",
            ANSIC,
            r#"parsing time "Thu Feb  4 21:00:60 2010": second out of range"#,
        ),
        (
            "2010-02-30",
            "2006-01-02",
            r#"parsing time "2010-02-30": day out of range"#,
        ),
        (
            "2010-13-01",
            "2006-01-02",
            r#"parsing time "2010-13-01": month out of range"#,
        ),
        (
            "2023/01/02",
            "2006-01-02",
            r#"parsing time "2023/01/02" as "2006-01-02": cannot parse "/01/02" as "-""#,
        ),
        (
            "x",
            "2006-01-02",
            r#"parsing time "x" as "2006-01-02": cannot parse "x" as "2006""#,
        ),
        (
            "Thu Feb  4 23:00:59x01 2010",
            "Mon Jan _2 15:04:05.000 2006",
            r#"parsing time "Thu Feb  4 23:00:59x01 2010" as "Mon Jan _2 15:04:05.000 2006": cannot parse "x01 2010" as ".000""#,
        ),
        (
            "Thu Feb  4 23:00:59.xxx 2010",
            "Mon Jan _2 15:04:05.000 2006",
            r#"parsing time "Thu Feb  4 23:00:59.xxx 2010" as "Mon Jan _2 15:04:05.000 2006": cannot parse ".xxx 2010" as ".000""#,
        ),
        (
            "Thu Feb  4 23:00:59.-123 2010",
            "Mon Jan _2 15:04:05.000 2006",
            r#"parsing time "Thu Feb  4 23:00:59.-123 2010": fractional second out of range"#,
        ),
        (
            "2010-366",
            "2006-002",
            r#"parsing time "2010-366": day-of-year out of range"#,
        ),
    ];
    for (text, layout, want) in table {
        assert_eq!(
            date(&[text, layout]).unwrap_err(),
            *want,
            "{text} / {layout}"
        );
    }
}

#[test]
fn date_in_zones() {
    // A wall time in Berlin (CEST, +02:00) is two hours ahead of UTC.
    let t = date(&[
        "2023-08-14 10:00:00",
        "2006-01-02 15:04:05",
        "Europe/Berlin",
    ])
    .unwrap();
    assert_eq!(
        t.instant,
        Utc.with_ymd_and_hms(2023, 8, 14, 8, 0, 0).unwrap()
    );
    assert_eq!(t.go_string(), "2023-08-14 10:00:00 +0200 CEST");
    assert_eq!(t.to_rfc3339(), "2023-08-14T10:00:00+02:00");
    let winter = date(&[
        "2023-01-14 10:00:00",
        "2006-01-02 15:04:05",
        "Europe/Berlin",
    ])
    .unwrap();
    assert_eq!(winter.go_string(), "2023-01-14 10:00:00 +0100 CET");

    // Go's ParseInLocation example.
    let t = date(&[
        "Jul 9, 2012 at 5:02am (CEST)",
        "Jan 2, 2006 at 3:04pm (MST)",
        "Europe/Berlin",
    ])
    .unwrap();
    assert_eq!(t.go_string(), "2012-07-09 05:02:00 +0200 CEST");
    let t = date(&["2012-Jul-09", "2006-Jan-02", "Europe/Berlin"]).unwrap();
    assert_eq!(t.go_string(), "2012-07-09 00:00:00 +0200 CEST");
    // A numeric offset that is not the zone's: a fixed zone.
    let t = date(&[
        "2012-07-09 05:02 +0000",
        "2006-01-02 15:04 -0700",
        "Europe/Berlin",
    ])
    .unwrap();
    assert_eq!(t.go_string(), "2012-07-09 05:02:00 +0000 +0000");

    // A Location value in expr's leading position, and as the tz argument.
    let berlin = call(builtin_timezone, &[s("Europe/Berlin")]).unwrap();
    let t = time_of(call(builtin_date, &[berlin.clone(), s("2023-08-14")]));
    assert_eq!(t.go_string(), "2023-08-14 00:00:00 +0200 CEST");
    let t = time_of(call(
        builtin_date,
        &[s("14.08.2023"), s("02.01.2006"), berlin],
    ));
    assert_eq!(t.go_string(), "2023-08-14 00:00:00 +0200 CEST");

    assert_eq!(
        date(&["2023-08-14", "2006-01-02", "Mars/Olympus"]).unwrap_err(),
        "unknown time zone Mars/Olympus"
    );
}

#[test]
fn timezone_builtin() {
    assert!(matches!(
        call(builtin_timezone, &[s("UTC")]).unwrap(),
        Value::Location(Zone::Utc)
    ));
    // There is no host zone: Local is UTC.
    assert!(matches!(
        call(builtin_timezone, &[s("Local")]).unwrap(),
        Value::Location(Zone::Utc)
    ));
    let ny = call(builtin_timezone, &[s("America/New_York")]).unwrap();
    assert_eq!(method_str(&ny, "String", &[]), "America/New_York");
    assert_eq!(
        call(builtin_timezone, &[s("Nowhere")]).unwrap_err(),
        "unknown time zone Nowhere"
    );
    assert_eq!(
        call(builtin_timezone, &[s("utc")]).unwrap_err(),
        "unknown time zone utc"
    );
}

#[test]
fn now_uses_the_injected_clock() {
    let t = time_of(call(builtin_now, &[]));
    assert_eq!(t.go_string(), "2024-01-02 03:04:05 +0000 UTC");
    let tokyo = call(builtin_timezone, &[s("Asia/Tokyo")]).unwrap();
    let t = time_of(call(builtin_now, &[tokyo]));
    assert_eq!(t.go_string(), "2024-01-02 12:04:05 +0900 JST");
    let t = time_of(call(builtin_now, &[s("America/New_York")]));
    assert_eq!(t.go_string(), "2024-01-01 22:04:05 -0500 EST");
}

#[test]
fn format_matches_go_format_tests() {
    // Go's format tests use 2009-02-04 21:00:57.0123456 PST.
    let la: chrono_tz::Tz = "America/Los_Angeles".parse().unwrap();
    let instant = Utc.with_ymd_and_hms(2009, 2, 5, 5, 0, 57).unwrap()
        + chrono::Duration::nanoseconds(12_345_600);
    let t = Value::time(Time {
        instant,
        zone: Zone::Named(la),
    });
    let table: &[(&str, &str)] = &[
        (ANSIC, "Wed Feb  4 21:00:57 2009"),
        (
            "Mon Jan _2 15:04:05 MST 2006",
            "Wed Feb  4 21:00:57 PST 2009",
        ),
        (
            "Mon Jan 02 15:04:05 -0700 2006",
            "Wed Feb 04 21:00:57 -0800 2009",
        ),
        ("02 Jan 06 15:04 MST", "04 Feb 09 21:00 PST"),
        ("02 Jan 06 15:04 -0700", "04 Feb 09 21:00 -0800"),
        (
            "Monday, 02-Jan-06 15:04:05 MST",
            "Wednesday, 04-Feb-09 21:00:57 PST",
        ),
        (
            "Mon, 02 Jan 2006 15:04:05 MST",
            "Wed, 04 Feb 2009 21:00:57 PST",
        ),
        (
            "Mon, 02 Jan 2006 15:04:05 -0700",
            "Wed, 04 Feb 2009 21:00:57 -0800",
        ),
        (RFC3339, "2009-02-04T21:00:57-08:00"),
        (
            "2006-01-02T15:04:05.999999999Z07:00",
            "2009-02-04T21:00:57.0123456-08:00",
        ),
        ("3:04PM", "9:00PM"),
        ("3pm", "9pm"),
        ("3PM", "9PM"),
        ("06 01 02", "09 02 04"),
        (
            "Hi Janet, the Month is January",
            "Hi Janet, the Month is February",
        ),
        ("Jan _2 15:04:05", "Feb  4 21:00:57"),
        ("Jan _2 15:04:05.000", "Feb  4 21:00:57.012"),
        ("Jan _2 15:04:05.000000", "Feb  4 21:00:57.012345"),
        ("Jan _2 15:04:05.000000000", "Feb  4 21:00:57.012345600"),
        ("Jan _2 15:04:05,000", "Feb  4 21:00:57,012"),
        ("15:04:05.99", "21:00:57.01"),
        ("Jan  2 002 __2 2", "Feb  4 035  35 4"),
        ("2006 6 06 _6 __6 ___6", "2009 6 09 _6 __6 ___6"),
        ("Jan January 1 01 _1", "Feb February 2 02 _2"),
        ("2 02 _2 __2", "4 04  4  35"),
        ("Mon Monday", "Wed Wednesday"),
        ("15 3 03 _3", "21 9 09 _9"),
        ("4 04 _4", "0 00 _0"),
        ("5 05 _5", "57 57 _57"),
        (
            "-07 -07:00 -0700 -07:00:00 -070000",
            "-08 -08:00 -0800 -08:00:00 -080000",
        ),
        ("Z07 Z07:00 Z0700", "-08 -08:00 -0800"),
        ("Jan 2, 2006 at 3:04pm (MST)", "Feb 4, 2009 at 9:00pm (PST)"),
        ("02/01/2006", "04/02/2009"),
    ];
    for (layout, want) in table {
        assert_eq!(method_str(&t, "Format", &[s(layout)]), *want, "{layout}");
    }
    let utc = Value::time(Time::utc(
        Utc.with_ymd_and_hms(2024, 1, 2, 0, 0, 0).unwrap(),
    ));
    assert_eq!(
        method_str(&utc, "Format", &[s("Z07:00 Z0700 -07:00 MST")]),
        "Z Z +00:00 UTC"
    );
    assert_eq!(method_str(&utc, "Format", &[s(".999 .000")]), " .000");
}

#[test]
fn go_string_and_rfc3339() {
    let t = Time::utc(Utc.with_ymd_and_hms(2024, 1, 2, 0, 0, 0).unwrap());
    assert_eq!(t.go_string(), "2024-01-02 00:00:00 +0000 UTC");
    assert_eq!(t.to_rfc3339(), "2024-01-02T00:00:00Z");
    let t = t.add(1_500_000).unwrap();
    assert_eq!(t.go_string(), "2024-01-02 00:00:00.0015 +0000 UTC");
    assert_eq!(t.to_rfc3339(), "2024-01-02T00:00:00.0015Z");
    let kolkata: chrono_tz::Tz = "Asia/Kolkata".parse().unwrap();
    assert_eq!(
        t.with_zone(Zone::Named(kolkata)).go_string(),
        "2024-01-02 05:30:00.0015 +0530 IST"
    );
}

#[test]
fn time_methods() {
    let t = Value::time(date(&["2023-08-14 10:20:30"]).unwrap());
    let ints: &[(&str, i64)] = &[
        ("Year", 2023),
        ("Month", 8),
        ("Day", 14),
        ("Hour", 10),
        ("Minute", 20),
        ("Second", 30),
        ("Nanosecond", 0),
        ("Weekday", 1), // Monday
        ("YearDay", 226),
        ("Unix", 1_692_008_430),
        ("UnixMilli", 1_692_008_430_000),
        ("UnixNano", 1_692_008_430_000_000_000),
    ];
    for (name, want) in ints {
        assert!(
            matches!(method(&t, name, &[]).unwrap(), Value::Int(i) if i == *want),
            "{name}"
        );
    }
    let berlin = call(builtin_timezone, &[s("Europe/Berlin")]).unwrap();
    let in_berlin = method(&t, "In", &[berlin]).unwrap();
    assert_eq!(
        method_str(&in_berlin, "String", &[]),
        "2023-08-14 12:20:30 +0200 CEST"
    );
    assert!(matches!(
        method(&in_berlin, "Hour", &[]).unwrap(),
        Value::Int(12)
    ));
    assert_eq!(
        method_str(&in_berlin, "UTC", &[]),
        "2023-08-14 10:20:30 +0000 UTC"
    );
    assert_eq!(
        method_str(&t, "In", &[s("America/New_York")]),
        "2023-08-14 06:20:30 -0400 EDT"
    );
    let hour = Value::Duration(3_600_000_000_000);
    assert_eq!(
        method_str(&t, "Add", &[hour.clone()]),
        "2023-08-14 11:20:30 +0000 UTC"
    );
    let later = method(&t, "Add", &[hour]).unwrap();
    assert_eq!(method_str(&later, "Sub", &[t.clone()]), "1h0m0s");
    assert_eq!(method_str(&t, "Sub", &[later.clone()]), "-1h0m0s");
    assert!(matches!(
        method(&t, "Before", &[later.clone()]).unwrap(),
        Value::Bool(true)
    ));
    assert!(matches!(
        method(&t, "After", &[later.clone()]).unwrap(),
        Value::Bool(false)
    ));
    assert!(matches!(
        method(&t, "Equal", &[t.clone()]).unwrap(),
        Value::Bool(true)
    ));
    assert!(matches!(
        method(&t, "Compare", &[later]).unwrap(),
        Value::Int(-1)
    ));
    // Equal compares instants, whatever the zone.
    assert!(matches!(
        method(&in_berlin, "Equal", &[t.clone()]).unwrap(),
        Value::Bool(true)
    ));
    assert!(matches!(
        method(&t, "IsZero", &[]).unwrap(),
        Value::Bool(false)
    ));
    assert!(matches!(
        method(&Value::time(date(&["0001-01-01"]).unwrap()), "IsZero", &[]).unwrap(),
        Value::Bool(true)
    ));

    assert_eq!(
        method(&t, "Foo", &[]).unwrap_err(),
        "type time.Time has no method Foo"
    );
    assert_eq!(
        method(&Value::Nil, "Year", &[]).unwrap_err(),
        "cannot fetch Year from <nil>"
    );
    assert_eq!(
        method(&t, "Add", &[]).unwrap_err(),
        "not enough arguments to call Add"
    );
    assert_eq!(
        method(&t, "Add", &[s("1h")]).unwrap_err(),
        "expected time.Duration, got string"
    );
    assert_eq!(
        method(&t, "In", &[s("Nope/Nope")]).unwrap_err(),
        "unknown time zone Nope/Nope"
    );
}

#[test]
fn add_date_normalises_like_go() {
    let table: &[(&str, [i64; 3], &str)] = &[
        ("2009-01-01", [0, 0, 1], "2009-01-02 00:00:00 +0000 UTC"),
        ("2009-01-01", [0, 1, 0], "2009-02-01 00:00:00 +0000 UTC"),
        ("2009-01-01", [1, 0, 0], "2010-01-01 00:00:00 +0000 UTC"),
        ("2009-10-31", [0, 1, 0], "2009-12-01 00:00:00 +0000 UTC"),
        ("2024-02-29", [1, 0, 0], "2025-03-01 00:00:00 +0000 UTC"),
        ("2024-03-01", [0, 0, -1], "2024-02-29 00:00:00 +0000 UTC"),
        ("2024-01-15", [0, -13, 0], "2022-12-15 00:00:00 +0000 UTC"),
    ];
    for (start, [y, m, d], want) in table {
        let t = Value::time(date(&[start]).unwrap());
        let args = [Value::Int(*y), Value::Int(*m), Value::Int(*d)];
        assert_eq!(
            method_str(&t, "AddDate", &args),
            *want,
            "{start} {y} {m} {d}"
        );
    }
    // Wall clock kept across a DST change.
    let t = date(&[
        "2023-03-25 12:00:00",
        "2006-01-02 15:04:05",
        "Europe/Berlin",
    ])
    .unwrap();
    let next = method_str(
        &Value::time(t),
        "AddDate",
        &[Value::Int(0), Value::Int(0), Value::Int(1)],
    );
    assert_eq!(next, "2023-03-26 12:00:00 +0200 CEST");
}

#[test]
fn truncate_and_round_match_go_examples() {
    let t = Value::time(date(&["2012 Dec 07 12:15:30.918273645", "2006 Jan 02 15:04:05"]).unwrap());
    let table: &[(&str, &str, &str)] = &[
        ("1ns", "12:15:30.918273645", "12:15:30.918273645"),
        ("1us", "12:15:30.918273", "12:15:30.918274"),
        ("1ms", "12:15:30.918", "12:15:30.918"),
        ("1s", "12:15:30", "12:15:31"),
        ("2s", "12:15:30", "12:15:30"),
        ("1m", "12:15:00", "12:16:00"),
        ("10m", "12:10:00", "12:20:00"),
        ("1h", "12:00:00", "12:00:00"),
    ];
    for (d, trunc, round) in table {
        let d = Value::Duration(parse_duration(d).unwrap());
        let tr = method(&t, "Truncate", &[d.clone()]).unwrap();
        let ro = method(&t, "Round", &[d]).unwrap();
        let layout = s("15:04:05.999999999");
        assert_eq!(method_str(&tr, "Format", &[layout.clone()]), *trunc);
        assert_eq!(method_str(&ro, "Format", &[layout]), *round);
    }
}
