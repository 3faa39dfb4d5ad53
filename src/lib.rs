//! # scimexpr
//!
//! expr-lang/expr-compatible expressions over JSON records, and the SCIM 2.0
//! attribute mappings built on them.
//!
//! Pipeline: [`lexer`] → [`parser`] (LALRPOP grammar in `grammar/`) → [`ast`] →
//! [`compiler`] → [`vm`], with operator semantics in [`ops`], the builtin table in
//! [`builtins`], Go-compatible text in [`format`] and time values in [`time`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Library code must turn bad input into errors, never panics; tests may unwrap.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// The modules in dependency order: each uses only those above it.

// Positions in source, operators, errors: what every stage shares.
pub mod span;

pub mod operator;

pub mod error;

mod suggest;

// Values and their semantics at run time.
pub mod runtime;

// The function registry: builtins, host functions, the JumpCloud set.
pub mod functions;

// Source text → syntax tree.
pub mod syntax;

// The one static pass: names, calls, pointer scope, types.
mod check;

// The instructions, and the tree → instructions pass.
mod bytecode;

mod compile;

// The stack machine.
mod vm;

// The front door: `Compiler` runs the stages in order.
mod engine;

// SCIM attribute mappings, built on the engine.
pub mod mapping;

pub use chrono;
pub use engine::{Compiler, Options, Program};
pub use error::{Error, ErrorKind, Phase};
pub use functions::HostFunction;
pub use mapping::{
    ApplyInput, LoadError, LoadErrors, Mapping, MatchKey, Outcome, PatchOptions, PatchRequest,
    Plan, PlanAction,
};
pub use runtime::value::Value;
pub use runtime::{format, time, value};
pub use span::Span;
pub use syntax::{ast, parser, printer};

/// Parses `source` into an AST (no compilation).
pub fn parse(source: &str) -> Result<ast::Expr, Error> {
    syntax::parser::parse(source).map_err(|e| Error::new(Phase::Compile, e, source))
}

/// The README's Rust examples run as doctests, so the embedding example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
