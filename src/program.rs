//! The public entry points: [`Compiler`] (options and host functions) and
//! [`Program`] (a compiled expression, run against many records).
//!
//! STUB: the compiler/VM work fills in `compile` and `run`.

use crate::error::{Error, ErrorKind, Phase};
use crate::span::Span;
use crate::value::Value;
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use std::sync::Arc;

/// A host function: evaluated arguments in, a value or an error out.
pub type HostFn = dyn for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync;

/// A function the host registers under a name, called like a builtin.
#[derive(Clone)]
pub struct HostFunction {
    /// The name expressions call.
    pub name: String,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments (`None`: variadic).
    pub max_args: Option<usize>,
    /// The implementation.
    pub f: Arc<HostFn>,
}

impl std::fmt::Debug for HostFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostFunction")
            .field("name", &self.name)
            .finish()
    }
}

/// Limits and switches; [`Options::default`] gives the safe defaults of language.md §0.
#[derive(Clone)]
pub struct Options {
    /// Longest source accepted, in bytes (default 64 KiB).
    pub max_source_len: usize,
    /// Most AST nodes (default 10,000, as expr).
    pub max_nodes: usize,
    /// Deepest nesting of the AST (default 256).
    pub max_depth: usize,
    /// Memory budget units per run (default 1,000,000, as expr).
    pub memory_budget: u64,
    /// Instructions per run (default: unlimited).
    pub instruction_budget: Option<u64>,
    /// If set, the only root names expressions may use (strict mode).
    pub strict_roots: Option<Vec<String>>,
    /// Whether constant folding and the optimizer run (default true).
    pub optimize: bool,
    /// The clock `now()` reads (default: the system clock, UTC).
    pub clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_source_len: 64 * 1024,
            max_nodes: 10_000,
            max_depth: 256,
            memory_budget: 1_000_000,
            instruction_budget: None,
            strict_roots: None,
            optimize: true,
            clock: Arc::new(Utc::now),
        }
    }
}

/// Builds [`Program`]s with options and host functions.
#[derive(Clone, Default)]
pub struct Compiler {
    /// The options in force.
    pub options: Options,
    /// Registered host functions.
    pub functions: Vec<HostFunction>,
}

impl Compiler {
    /// A compiler with default options and no host functions.
    pub fn new() -> Compiler {
        Compiler::default()
    }

    /// Compiles `source`.
    pub fn compile(&self, source: &str) -> Result<Program, Error> {
        let _ = source;
        Err(Error::new(
            Phase::Compile,
            ErrorKind::Syntax("not implemented".into()).at(Span::default()),
            source,
        ))
    }
}

/// A compiled expression. `Send + Sync`: share one across threads and run it
/// against any number of records.
pub struct Program {
    source: Arc<str>,
}

impl Program {
    /// Compiles `source` with default options.
    pub fn compile(source: &str) -> Result<Program, Error> {
        Compiler::new().compile(source)
    }

    /// The source it was compiled from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Runs against `env`, a JSON object whose keys are the variables.
    pub fn run<'a>(&'a self, env: &'a Json) -> Result<Value<'a>, Error> {
        let _ = env;
        Err(Error::new(
            Phase::Run,
            ErrorKind::Syntax("not implemented".into()).at(Span::default()),
            &self.source,
        ))
    }

    /// Runs with named roots (`[("jcUser", &user), ("providerUser", &p)]`), without
    /// building an env object.
    pub fn run_roots<'a>(&'a self, roots: &[(&str, &'a Json)]) -> Result<Value<'a>, Error> {
        let _ = roots;
        Err(Error::new(
            Phase::Run,
            ErrorKind::Syntax("not implemented".into()).at(Span::default()),
            &self.source,
        ))
    }
}
