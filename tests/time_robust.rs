//! Hostile input never panics: random layouts, values and durations.

use proptest::prelude::*;
use scimexpr::time::{format_duration, parse_duration, parse_in, Time, Zone};

const PIECES: &[&str] = &[
    "2006",
    "06",
    "01",
    "1",
    "Jan",
    "January",
    "02",
    "2",
    "_2",
    "__2",
    "002",
    "Mon",
    "Monday",
    "15",
    "03",
    "3",
    "04",
    "4",
    "05",
    "5",
    "PM",
    "pm",
    "MST",
    "-0700",
    "-07:00",
    "-07",
    "-07:00:00",
    "-070000",
    "Z0700",
    "Z07:00",
    "Z07",
    ".000",
    ".999",
    ",000",
    " ",
    "-",
    ":",
    "T",
    "Z",
    "é",
    "µ",
    "\u{0}",
    "9",
    "GMT",
    "+",
    "UTC",
];

fn layout() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_and_format_never_panic(l in layout(), v in layout(), junk in "\\PC{0,20}") {
        let berlin = Zone::Named("Europe/Berlin".parse().unwrap());
        for zone in [None, Some(berlin), Some(Zone::Fixed(-3600))] {
            let _ = parse_in(&l, &v, zone);
            let _ = parse_in(&l, &junk, zone);
            let _ = parse_in(&junk, &v, zone);
        }
        let t = Time::utc(chrono::DateTime::from_timestamp(1_700_000_000, 123).unwrap());
        let _ = t.format(&l);
        let _ = t.format(&junk);
    }

    #[test]
    fn formatted_times_parse_back(secs in -62_000_000_000i64..250_000_000_000i64, ns in 0u32..1_000_000_000) {
        let t = Time::utc(chrono::DateTime::from_timestamp(secs, ns).unwrap());
        let text = t.to_rfc3339();
        let back = parse_in("2006-01-02T15:04:05.999999999Z07:00", &text, None).unwrap();
        prop_assert_eq!(back.instant, t.instant);
    }

    #[test]
    fn durations_never_panic_and_round_trip(s in "[-+]?[0-9.]{0,25}(ns|us|µs|ms|s|m|h|d)?", ns in any::<i64>()) {
        let _ = parse_duration(&s);
        prop_assert_eq!(parse_duration(&format_duration(ns)), Ok(ns));
    }
}
