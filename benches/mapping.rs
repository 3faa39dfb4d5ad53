//! `mapping`: the `namely` export mapping applied to one ~2 KB record, against
//! the hand-written Rust mapping and against `serde_json::from_str` of the
//! record (the cost of merely reading it). `ours/namely+patch` adds the PATCH
//! operations against the provider's copy of the user (a changed title,
//! case-only differences in userName and the email, both `caseExact: false`):
//! what an update costs beyond `apply`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use scimexpr::mapping::{ApplyInput, Mapping, PatchOptions};

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
    let m = Mapping::builtin("namely").unwrap();
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
    // The provider's copy: what namely wrote last time, since edited there.
    let mut current = m.apply(&input).resource.unwrap();
    current["id"] = serde_json::json!("p-1");
    current["title"] = serde_json::json!("Engineer");
    current["userName"] = serde_json::json!("Ada.Lovelace@example.com");
    current["emails"][0]["value"] = serde_json::json!("ADA.LOVELACE@example.com");
    let patch_input = ApplyInput {
        provider_user: &current,
        ..input
    };
    let opts = PatchOptions::default();
    let out = m.apply(&patch_input);
    let ops = m.operations(&out, &current, &opts).unwrap();
    assert_eq!(
        serde_json::to_value(&ops).unwrap(),
        serde_json::json!([{"op": "replace", "path": "title", "value": "Principal Engineer"}]),
        "the bench patch is the one change"
    );
    // The same apply as below, without the patch: what "beyond apply" is measured against.
    g.bench_function("ours/namely-vs-provider", |b| {
        b.iter(|| black_box(m.apply(black_box(&patch_input))))
    });
    g.bench_function("ours/namely+patch", |b| {
        b.iter(|| {
            let out = m.apply(black_box(&patch_input));
            black_box(m.patch(&out, black_box(&current), &opts))
        })
    });
    g.bench_function("ours/patch-only", |b| {
        b.iter(|| black_box(m.patch(black_box(&out), black_box(&current), &opts)))
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
