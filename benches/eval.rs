//! `eval`: each JumpCloud expression on a ~2 KB user record, against the
//! hand-written Rust function (and, with `--features bench-peers`, rhai and CEL
//! on the record already converted to their value types; the conversion is
//! measured on its own).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use scimexpr::Program;

mod common;
#[path = "../examples/gen_users.rs"]
#[allow(dead_code)]
mod gen_users;
#[cfg(feature = "bench-peers")]
#[path = "common/peers.rs"]
mod peers;

fn eval(c: &mut Criterion) {
    common::check_baselines();
    let user = common::record();
    let provider = common::provider();
    let programs: Vec<Program> = common::JUMPCLOUD
        .iter()
        .map(|(_, src)| Program::compile(src).unwrap())
        .collect();
    let roots = [("jcUser", &user), ("providerUser", &provider)];
    #[cfg(feature = "bench-peers")]
    {
        let ours: Vec<_> = programs
            .iter()
            .map(|p| p.run_roots(&roots).unwrap().to_json())
            .collect();
        peers::check(&user, &provider, &ours);
    }
    let mut g = c.benchmark_group("eval");
    for (i, (name, _)) in common::JUMPCLOUD.iter().enumerate() {
        let id = format!("{}-{name}", i + 1);
        let p = &programs[i];
        g.bench_function(format!("ours/{id}"), |b| {
            b.iter(|| black_box(p.run_roots(black_box(&roots)).unwrap()))
        });
        g.bench_function(format!("hand/{id}"), |b| {
            b.iter(|| black_box(common::hand(i, black_box(&user), black_box(&provider))))
        });
        #[cfg(feature = "bench-peers")]
        {
            let ctx = peers::cel_context(&user, &provider);
            let cp = cel_interpreter::Program::compile(peers::CEL[i]).unwrap();
            g.bench_function(format!("cel/{id}"), |b| {
                b.iter(|| black_box(cp.execute(black_box(&ctx)).unwrap()))
            });
            let engine = peers::rhai_engine();
            let mut scope = peers::rhai_scope(&user, &provider);
            let ast = engine.compile(peers::RHAI[i]).unwrap();
            g.bench_function(format!("rhai/{id}"), |b| {
                b.iter(|| {
                    black_box(
                        engine
                            .eval_ast_with_scope::<rhai::Dynamic>(&mut scope, black_box(&ast))
                            .unwrap(),
                    )
                })
            });
        }
    }
    #[cfg(feature = "bench-peers")]
    {
        g.bench_function("convert/cel", |b| {
            b.iter(|| black_box(cel_interpreter::to_value(black_box(&user)).unwrap()))
        });
        g.bench_function("convert/rhai", |b| {
            b.iter(|| black_box(rhai::serde::to_dynamic(black_box(&user)).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, eval);
criterion_main!(benches);
