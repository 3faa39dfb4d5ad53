//! A fixed workload for instruction-count profiling (the benches' inputs, no
//! timing harness): `valgrind --tool=callgrind target/release/examples/profile eval 5 10000`.
//!
//! `eval N` runs JumpCloud expression N (1–5) on the bench record; `mapping`
//! applies the `namely` mapping; `parse` reads the record with serde_json,
//! `parse-primary` only the fields namely reads; `plain` parses and serializes
//! generated users; `record` prints the bench record (input for benches/go).

use scimexpr::mapping::{ApplyInput, Mapping};
use scimexpr::Program;
use std::hint::black_box;

#[path = "../benches/common/mod.rs"]
mod common;
#[path = "gen_users.rs"]
#[allow(dead_code)]
mod gen_users;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("eval", |s| s.as_str());
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let user = common::record();
    let provider = common::provider();
    let settings = common::settings();
    match what {
        "eval" => {
            let i: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
            let p = Program::compile(common::JUMPCLOUD[i - 1].1).unwrap();
            let roots = [("jcUser", &user), ("providerUser", &provider)];
            for _ in 0..n {
                black_box(p.run_roots(black_box(&roots)).unwrap());
            }
        }
        "hand" => {
            let i: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
            for _ in 0..n {
                black_box(common::hand(i - 1, black_box(&user), &provider));
            }
        }
        "mapping" => {
            let m = Mapping::builtin("namely").unwrap();
            let empty = serde_json::json!({});
            let input = ApplyInput {
                jc_user: &user,
                provider_user: &provider,
                settings: &settings,
                jc_group: &empty,
            };
            for _ in 0..n {
                black_box(m.apply(black_box(&input)));
            }
        }
        "handmap" => {
            for _ in 0..n {
                black_box(common::namely(black_box(&user), &provider));
            }
        }
        "parse" => {
            for _ in 0..n {
                black_box(serde_json::from_str::<serde_json::Value>(common::RECORD).unwrap());
            }
        }
        "record" => print!("{}", common::RECORD),
        "parse-primary" => {
            // What `map` reads of the bench record: only the fields namely can read.
            let m = Mapping::builtin("namely").unwrap();
            for _ in 0..n {
                black_box(m.parse_primary(black_box(common::RECORD)).unwrap());
            }
        }
        "plain" => {
            // The throughput bench's reference: parse and re-serialize generated users.
            let mut rng = gen_users::Rng::new(42);
            let lines: Vec<String> = (0..n as u64)
                .map(|i| gen_users::user(&mut rng, i).to_string())
                .collect();
            let mut out = String::new();
            for line in &lines {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                out.clear();
                use std::fmt::Write;
                writeln!(out, "{v}").unwrap();
                black_box(&out);
            }
        }
        other => eprintln!("unknown workload {other}"),
    }
}
