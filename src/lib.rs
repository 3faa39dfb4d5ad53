//! # scimexpr
//!
//! expr-lang/expr-compatible expressions over JSON records, and the SCIM 2.0
//! attribute mappings, sync plans and PATCH requests built on them.
//!
//! ## Expressions
//!
//! A [`Compiler`] (options, host functions) turns source into a [`Program`]
//! once; the program runs against any number of records, on any thread.
//! Compiling runs the stages in order — [`syntax`] (lexer, LALRPOP parser,
//! syntax tree) → the checker (names, calls, pointer scope, types) → the
//! optimizer (expr's folding and rewrites) → the compiler (bytecode) — and
//! running hands the program to a stack machine. [`functions`] is the one
//! registry every stage reads: builtins, predicate builtins and host
//! functions, each declared once with its signature in the terms of
//! [`types`], the one type model.
//!
//! ## What is stable
//!
//! The items at the crate root are the API a service uses. The public
//! modules below them ([`syntax`], [`runtime`], [`functions`], [`types`],
//! [`operator`], [`span`]) show the stages to tools (a linter walking the
//! syntax tree, a host declaring typed functions) and may change between
//! minor versions; the checker, optimizer, compiler, bytecode and machine
//! are private.
//!
//! ```
//! use scimexpr::{Compiler, Program};
//! use serde_json::json;
//!
//! let program = Program::compile("notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : jcUser.firstname")?;
//! let user = json!({"displayname": "", "firstname": "Ada"});
//! assert_eq!(program.run_roots(&[("jcUser", &user)])?.to_json(), "Ada");
//!
//! // Errors say where, with a caret under the source.
//! let err = Compiler::new().compile("jcUser.firstname +").unwrap_err();
//! assert_eq!(err.headline(), "unexpected end of expression (1:18)");
//! # Ok::<(), scimexpr::Error>(())
//! ```
//!
//! ## Mappings
//!
//! A [`Mapping`] is a connector's table of target SCIM attributes, each fed by
//! a `direct` attribute, an expression or a constant ([`mapping`]). Load it
//! once (a shipped one by name, or a document, with the default compiler or
//! yours), apply it to records, and plan a sync against the provider's users:
//!
//! ```
//! use scimexpr::mapping::plan;
//! use scimexpr::{ApplyInput, Mapping, PatchOptions, PlanAction};
//! use serde_json::json;
//!
//! let mapping = Mapping::builtin("scim")?;
//! let users = [json!({"id": "u1", "username": "ada", "jobTitle": "CTO"}),
//!              json!({"id": "u2", "username": "alan"})];
//! let provider = [json!({"id": "p1", "externalId": "u1", "userName": "ADA", "title": "Engineer", "active": true})];
//!
//! // The resource to POST for one user.
//! let outcome = mapping.apply(&ApplyInput::user(&users[1]));
//! assert_eq!(outcome.resource.unwrap()["userName"], "alan");
//!
//! // The plan: matched by the mapping's key (id = externalId), a PATCH that
//! // changes only what the mapping owns (userName differs only in case).
//! let key = mapping.match_key().unwrap().clone();
//! let p = plan(&mapping, &key, ApplyInput::default(), &users, &provider, &PatchOptions::default());
//! let PlanAction::Update { id, requests } = &p.lines[0].action else { panic!() };
//! assert_eq!(id, "p1");
//! assert_eq!(serde_json::to_value(&requests[0].operations)?,
//!            json!([{"op": "replace", "path": "title", "value": "CTO"}]));
//! assert_eq!(p.lines[1].action.name(), "create");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A host's own functions, limits and clock reach mappings through
//! [`Mapping::load_with`] and [`Mapping::builtin_with`].

// One audited exception: `vm::recycle` (a benchmark shows it pays).
#![deny(unsafe_code)]
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

// The one type model: the checker's types and the function signatures.
pub mod types;

// Limits and switches every stage reads.
mod options;

// Values and their semantics at run time.
pub mod runtime;

// The function registry: builtins, host functions, the JumpCloud set.
pub mod functions;

// Source text → syntax tree.
pub mod syntax;

// The one static pass: names, calls, pointer scope, types.
mod check;

// expr's optimizer: rewrites of the checked tree (folding, quirks).
mod optimize;

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
pub use engine::{Compiler, Options, Program, DEFAULT_WORK_BUDGET};
pub use error::{Error, ErrorKind, Phase};
pub use functions::HostFunction;
pub use mapping::{
    ApplyInput, LoadError, LoadErrors, Mapping, MatchKey, Outcome, PatchOptions, PatchRequest,
    Plan, PlanAction, RecordSchemas,
};
pub use runtime::ctx::WorkMeter;
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
