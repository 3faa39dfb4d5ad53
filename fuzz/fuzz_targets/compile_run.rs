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

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let compiler = scimexpr::Compiler::new().work_budget(100_000);
    if let Ok(program) = compiler.compile(src) {
        let _ = program.run(env()).map(|v| v.to_json());
    }
});
