//! `mapping`: the `namely` export mapping applied to one ~2 KB record, against
//! the hand-written Rust mapping and against `serde_json::from_str` of the
//! record (the cost of merely reading it).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use scimexpr::mapping::{ApplyInput, Mapping};

mod common;
#[path = "../examples/gen_users.rs"]
#[allow(dead_code)]
mod gen_users;

fn mapping(c: &mut Criterion) {
    common::check_baselines();
    let user = common::record();
    let provider = common::provider();
    let settings = common::settings();
    let empty = serde_json::json!({});
    let m = Mapping::builtin("namely").unwrap().unwrap();
    let input = ApplyInput {
        jc_user: &user,
        provider_user: &provider,
        settings: &settings,
        jc_group: &empty,
    };
    let mut g = c.benchmark_group("mapping");
    g.bench_function("ours/namely", |b| {
        b.iter(|| black_box(m.apply(black_box(&input))))
    });
    g.bench_function("hand/namely", |b| {
        b.iter(|| black_box(common::namely(black_box(&user), black_box(&provider))))
    });
    g.bench_function("serde/from_str", |b| {
        b.iter(|| {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(common::RECORD)).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, mapping);
criterion_main!(benches);
