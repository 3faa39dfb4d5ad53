//! Property tests: no native builtin panics on any arguments, and the float
//! texts read back to the same number.

#[path = "builtins_util/mod.rs"]
mod util;

use proptest::prelude::*;
use scimexpr::functions::{Imp, BUILTINS};
use scimexpr::{format, Value};
use serde_json::Value as Json;

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        (-3i64..70).prop_map(Json::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Json::from),
        "[a-c,_ é\\-=+/]{0,6}".prop_map(Json::String),
        prop_oneof![
            Just("asc"),
            Just("desc"),
            Just("1.5"),
            Just("aGk="),
            Just("{\"a\":[1]}"),
            Just("inf")
        ]
        .prop_map(|s| Json::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec(("[a-c]{1,2}", inner), 0..4)
                .prop_map(|kv| Json::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn natives_never_panic(args in prop::collection::vec(json_value(), 0..4)) {
        let vals: Vec<Value> = args.iter().map(Value::from_json).collect();
        for b in BUILTINS {
            if !matches!(b.imp, Imp::Native(_)) || b.name == "now" {
                continue;
            }
            let n = vals.len().max(b.min_args).min(b.max_args.unwrap_or(usize::MAX));
            let mut call_args = vals.clone();
            call_args.resize(n, Value::Nil);
            if let Ok(v) = util::call_values_budget(b.name, &call_args, 10_000) {
                // Whatever comes out can be shown.
                let _ = format::to_string(&v);
                let _ = format::to_json(&v);
            }
        }
    }

    #[test]
    fn float_text_reads_back(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        prop_assert_eq!(format::format_float(f).parse::<f64>().unwrap(), f);
        prop_assert_eq!(format::format_float_json(f).parse::<f64>().unwrap(), f);
        let back = util::call_values("float", &[Value::string(format::format_float(f))]).unwrap();
        prop_assert!(matches!(back, Value::Float(g) if g == f));
    }
}
