//! Prints N synthetic directory users as JSON lines (default 1000), for load and
//! memory tests: `cargo run --release --example gen_users -- 1000000 > users.jsonl`.
//!
//! Users vary the way real directories do: missing display names, no or empty
//! addresses, several phones, Unicode names, suspended accounts, custom attributes.
//! The sequence is deterministic (a fixed-seed generator), so runs compare.

use serde_json::{json, Value};
use std::io::Write;

/// A small deterministic generator (SplitMix64); no dependency needed.
pub struct Rng(u64);

impl Rng {
    /// A generator with this seed (`main` uses 42; the benches reuse it).
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST: &[&str] = &[
    "Ada", "Grace", "Alan", "Zoë", "José", "Łukasz", "Aiko", "Søren", "Amara", "Noor",
];
const LAST: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Müller", "García", "Nowak", "Tanaka", "Ørsted", "Okafor",
    "Haddad",
];
const DEPARTMENTS: &[&str] = &["Engineering", "Sales", "Finance", "People", "Support"];
const CITIES: &[&str] = &["London", "Paris", "Berlin", "Kraków", "Osaka", "Boulder"];
const PHONE_TYPES: &[&str] = &["work", "mobile", "home", "work_mobile", "work_fax", "other"];

/// The `i`-th synthetic user.
pub fn user(rng: &mut Rng, i: u64) -> Value {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    // Usernames and emails stay ASCII, as directories usually require.
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_lowercase()
    };
    let username = format!("{}.{}{}", ascii(first), ascii(last), i);
    let mut u = json!({
        "id": format!("{:024x}", i.wrapping_mul(0x5DEE_CE66D)),
        "username": username,
        "email": format!("{username}@example.com"),
        "firstname": first,
        "lastname": last,
        "jobTitle": "Engineer",
        "employeeIdentifier": format!("E{i:06}"),
        "employeeType": "Full-time",
        "department": rng.pick(DEPARTMENTS),
        "costCenter": format!("CC-{}", i % 40),
        "company": "Example Corp",
        "state": if rng.chance(5) { "SUSPENDED" } else { "ACTIVATED" },
        "suspended": false,
        "activated": true,
        "created": "2024-03-01T09:30:00Z",
        "manager": format!("{:024x}", (i / 10).wrapping_mul(0x5DEE_CE66D)),
        "attributes": [{"name": "badge", "value": format!("B{i}")}],
    });
    let obj = u.as_object_mut().expect("object literal");
    if rng.chance(60) {
        obj.insert("displayname".into(), json!(format!("{first} {last}")));
    }
    if !rng.chance(10) {
        let mut addresses = vec![];
        if rng.chance(70) {
            addresses.push(json!({"type": "work", "streetAddress": format!("{} Main St", i % 900 + 1),
                "extendedAddress": "Suite 5", "locality": rng.pick(CITIES), "region": "", "postalCode": format!("{:05}", i % 99999), "country": "US"}));
        }
        if rng.chance(50) {
            addresses.push(json!({"type": "home", "streetAddress": "7 Side Rd", "locality": rng.pick(CITIES), "country": "GB"}));
        }
        obj.insert("addresses".into(), Value::Array(addresses));
    }
    let phones: Vec<Value> = (0..rng.next() % 3)
        .map(|k| json!({"type": rng.pick(PHONE_TYPES), "number": format!("+1 303 555 {:04}", (i + k) % 10000)}))
        .collect();
    obj.insert("phoneNumbers".into(), Value::Array(phones));
    u
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let mut rng = Rng::new(42);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for i in 0..n {
        if writeln!(out, "{}", user(&mut rng, i)).is_err() {
            return;
        }
    }
}
