//! Arbitrary expression text compiled and run against a fixed, rich record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn env() -> &'static serde_json::Value {
    static ENV: OnceLock<serde_json::Value> = OnceLock::new();
    ENV.get_or_init(|| {
        serde_json::json!({
            "jcUser": {
                "id": "5f1a", "email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace",
                "displayname": "", "state": "ACTIVATED", "suspended": false, "n": 42, "f": 1.5,
                "addresses": [{"type": "work", "streetAddress": "1 Main", "locality": "Paris"}, {"type": "home"}],
                "phoneNumbers": [{"type": "work_mobile", "number": "+33 1"}],
                "attributes": [{"name": "costCenter", "value": "CC-1"}],
                "tags": ["a", "b", "c"], "nested": {"x": {"y": [1, 2, {"z": null}]}}
            },
            "providerUser": {"externalId": "ext", "locale": null},
            "settings": {"defaultUserState": "STAGED"}
        })
    })
}

/// Work units per run: small, so every run ends quickly.
const BUDGET: u64 = 100_000;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let compiler = scimexpr::Compiler::new().work_budget(BUDGET);
    if let Ok(program) = compiler.compile(src) {
        let roots: Vec<(&str, &serde_json::Value)> = env()
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default();
        // The work budget as a property: a run ends with a value or an error,
        // never uses more than its budget, and uses the same work (with the
        // same outcome) every time; a meter that leaves less binds instead.
        let mut meter = scimexpr::WorkMeter::new(None);
        let first = program
            .run_roots_metered(&roots, &mut meter)
            .map(|v| v.to_json());
        assert!(meter.used() <= BUDGET, "{src}: used {}", meter.used());
        if let Err(e) = &first {
            if let scimexpr::ErrorKind::WorkBudget(n) = e.kind {
                assert_eq!(n, BUDGET, "{src}");
                assert_eq!(meter.used(), BUDGET, "{src}");
            }
        }
        let mut again = scimexpr::WorkMeter::new(None);
        let second = program
            .run_roots_metered(&roots, &mut again)
            .map(|v| v.to_json());
        assert_eq!(meter.used(), again.used(), "{src}: work differs between runs");
        assert_eq!(
            first.as_ref().map_err(|e| e.to_string()),
            second.as_ref().map_err(|e| e.to_string()),
            "{src}"
        );
        let used = meter.used();
        if used > 0 {
            let mut tight = scimexpr::WorkMeter::new(Some(used - 1));
            let r = program.run_roots_metered(&roots, &mut tight);
            assert!(tight.used() <= used - 1, "{src}");
            if first.is_ok() {
                let e = r.expect_err("one unit less must run out");
                assert!(
                    matches!(e.kind, scimexpr::ErrorKind::RecordWorkBudget(_)),
                    "{src}: {e}"
                );
            }
        }
    }
});
