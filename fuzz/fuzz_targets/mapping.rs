//! Arbitrary mapping documents and records: a document either loads or gets
//! errors; a loaded one applies to any record (and PATCHes against any provider
//! record) without panicking; a preview reports the outcome apply gives; and a
//! record read with only the fields the mapping can read gives the same outcome.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimexpr::mapping::{ApplyInput, Mapping};
use serde_json::{json, Value as Json};
use std::sync::OnceLock;

/// The shipped connectors, compiled once: loading them per input made the
/// target spend its time compiling instead of exploring records.
fn shipped() -> &'static [Mapping] {
    static SHIPPED: OnceLock<Vec<Mapping>> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        Mapping::builtin_names()
            .into_iter()
            .filter_map(|n| Mapping::builtin(n).ok())
            .collect()
    })
}

/// Work units per record for fuzzed mappings.
const RECORD_BUDGET: u64 = 200_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The input is a document, optionally followed by a record and a provider
    // record, separated by NUL-free "\n---\n" markers.
    let mut parts = text.splitn(3, "\n---\n");
    let doc = parts.next().unwrap_or("");
    let record_text = parts.next();
    let record: Json = record_text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_else(
        || json!({"id": "1", "email": "a@b.c", "firstname": "A", "addresses": [{"type": "work"}]}),
    );
    let provider: Json = parts.next().and_then(|t| serde_json::from_str(t).ok()).unwrap_or_else(|| json!({}));
    let loaded;
    let mappings: &[Mapping] = match Mapping::load(doc) {
        Ok(mut m) => {
            // A small record budget: every record ends quickly.
            m.set_record_work_budget(Some(RECORD_BUDGET));
            loaded = [m];
            &loaded
        }
        // Also drive the shipped connectors with the fuzzed records.
        Err(_) => shipped(),
    };
    let settings = json!({"defaultUserState": "STAGED"});
    for mapping in mappings {
        let input = ApplyInput {
            jc_user: &record,
            provider_user: &provider,
            settings: &settings,
            jc_group: &record,
        };
        let outcome = mapping.apply(&input);
        // The record's work budget as a property: all entries together use no
        // more than it, the work is the same every time, and so is the outcome.
        let mut meter = scimexpr::WorkMeter::new(Some(RECORD_BUDGET));
        let metered = mapping.apply_metered(&input, &mut meter);
        assert!(meter.used() <= RECORD_BUDGET, "used {}", meter.used());
        let mut again = scimexpr::WorkMeter::new(Some(RECORD_BUDGET));
        assert_eq!(mapping.apply_metered(&input, &mut again), metered);
        assert_eq!(meter.used(), again.used());
        let opts = scimexpr::mapping::PatchOptions { max_operations: 3 };
        if let Some(requests) = mapping.patch(&outcome, &provider, &opts) {
            assert!(requests.iter().all(|r| !r.operations.is_empty() && r.operations.len() <= 3));
        }
        // A plan for the record against the provider record never panics, and
        // an update always carries a request.
        if let (scimexpr::mapping::PlanAction::Update { requests, .. }, _) =
            mapping.plan_record(input, &record, Some(&provider), &opts)
        {
            assert!(!requests.is_empty());
        }
        assert_eq!(mapping.preview(&input).outcome, outcome);
        // Reading only the fields the mapping can read changes nothing; the
        // partial read may accept what a full one refuses, never the reverse.
        if let Some(text) = record_text {
            let full = serde_json::from_str::<Json>(text);
            let part = mapping.parse_primary(text);
            if let (Ok(full), Ok(part)) = (&full, &part) {
                if full.is_object() {
                    let both = |primary: &Json| mapping.apply(&mapping.with_primary(input, primary));
                    assert_eq!(both(part), both(full), "{text}");
                }
            }
            assert!(full.is_err() || part.is_ok() || !full.as_ref().is_ok_and(Json::is_object));
        }
    }
});
