//! `parse_compile`: lex + parse + compile of the five JumpCloud expressions and
//! of the whole `namely` mapping document (with `--features bench-peers`,
//! against rhai and CEL compiling the equivalent expressions).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use scimexpr::mapping::Mapping;
use scimexpr::Compiler;

mod common;
#[path = "../examples/gen_users.rs"]
#[allow(dead_code)]
mod gen_users;
#[cfg(feature = "bench-peers")]
#[path = "common/peers.rs"]
mod peers;

fn parse_compile(c: &mut Criterion) {
    common::check_baselines();
    let compiler = Compiler::new();
    let mut g = c.benchmark_group("parse_compile");
    g.bench_function("ours/five", |b| {
        b.iter(|| {
            for (_, src) in common::JUMPCLOUD {
                black_box(compiler.compile(black_box(src)).unwrap());
            }
        })
    });
    let doc = Mapping::builtin_source("namely").unwrap();
    g.bench_function("ours/namely", |b| {
        b.iter(|| black_box(Mapping::load(black_box(doc)).unwrap()))
    });
    #[cfg(feature = "bench-peers")]
    {
        let engine = peers::rhai_engine();
        g.bench_function("rhai/five", |b| {
            b.iter(|| {
                for src in peers::RHAI {
                    black_box(engine.compile(black_box(src)).unwrap());
                }
            })
        });
        g.bench_function("cel/five", |b| {
            b.iter(|| {
                for src in peers::CEL {
                    black_box(cel_interpreter::Program::compile(black_box(src)).unwrap());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parse_compile);
criterion_main!(benches);
