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

pub mod ast;
pub mod builtins;
pub mod bytecode;
pub mod checker;
pub mod compiler;
pub mod error;
pub mod format;
pub mod jumpcloud;
pub mod lexer;
pub mod mapping;
pub mod ops;
pub mod parser;
pub mod printer;
pub mod program;
pub mod span;
pub mod time;
pub mod value;
pub mod vm;

pub use error::{Error, ErrorKind, Phase};
pub use program::{Compiler, HostFunction, Options, Program};
pub use span::Span;
pub use value::Value;

/// Parses `source` into an AST (no compilation).
pub fn parse(source: &str) -> Result<ast::Expr, Error> {
    parser::parse(source).map_err(|e| Error::new(Phase::Compile, e, source))
}

/// The README's Rust examples run as doctests, so the embedding example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
