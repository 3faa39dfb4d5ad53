//! Arbitrary mapping documents and records: a document either loads or gets
//! errors; a loaded one applies to any record (and PATCHes against any provider
//! record) without panicking.
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
            .filter_map(|n| Mapping::builtin(n).and_then(Result::ok))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The input is a document, optionally followed by a record and a provider
    // record, separated by NUL-free "\n---\n" markers.
    let mut parts = text.splitn(3, "\n---\n");
    let doc = parts.next().unwrap_or("");
    let record: Json = parts.next().and_then(|t| serde_json::from_str(t).ok()).unwrap_or_else(
        || json!({"id": "1", "email": "a@b.c", "firstname": "A", "addresses": [{"type": "work"}]}),
    );
    let provider: Json = parts.next().and_then(|t| serde_json::from_str(t).ok()).unwrap_or_else(|| json!({}));
    let loaded;
    let mappings: &[Mapping] = match Mapping::load(doc) {
        Ok(m) => {
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
        let _ = mapping.patch(&outcome, &provider);
    }
});
