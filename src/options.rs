//! The limits and switches of a compilation and of the runs of its program.
//! Every stage reads them (the checker its size limits and strict roots, the
//! optimizer its switch, the machine its budgets), so they sit above all of
//! them.

use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Default work units per run (docs/language.md, Limits): far above what a
/// mapping expression needs (tens to hundreds), low enough that no run of
/// one expression takes more than about a second.
pub const DEFAULT_WORK_BUDGET: u64 = 20_000_000;

/// Limits and switches; [`Options::default`] gives the safe defaults of docs/language.md (Limits).
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
    /// Work units per run (default [`DEFAULT_WORK_BUDGET`]; `None`: unlimited).
    /// Each instruction is one unit; builtins and operators also charge by the
    /// bytes and elements they touch (docs/language.md, Limits). This was
    /// `instruction_budget`, which counted instructions only.
    pub work_budget: Option<u64>,
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
            work_budget: Some(DEFAULT_WORK_BUDGET),
            strict_roots: None,
            optimize: true,
            clock: Arc::new(Utc::now),
        }
    }
}
