//! What compiling produces: a [`Program`] (code, the roots it reads, the
//! functions it calls and the options in force), and those [`Options`].

use crate::bytecode::{Code, Const, RootUse};
use crate::functions::HostFunction;
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

/// A compiled expression. `Send + Sync`: share one across threads and run it
/// against any number of records.
///
/// ```
/// use scimexpr::Program;
/// use serde_json::json;
///
/// let program = Program::compile("find(jcUser.emails, .primary)?.value ?? jcUser.email")?;
/// let user = json!({"email": "a@example.com", "emails": [{"value": "b@example.com", "primary": true}]});
/// assert_eq!(program.run_roots(&[("jcUser", &user)])?.to_json(), "b@example.com");
///
/// // Run-time errors point at the column of the failing operation.
/// let err = Program::compile("jcUser.name.first")?.run_roots(&[("jcUser", &json!({}))]).unwrap_err();
/// assert_eq!(err.headline(), "cannot fetch first from <nil> (1:13)");
/// # Ok::<(), scimexpr::Error>(())
/// ```
pub struct Program {
    pub(crate) source: Arc<str>,
    pub(crate) code: Code,
    pub(crate) roots: Vec<Box<str>>,
    pub(crate) uses_env: bool,
    pub(crate) locals: usize,
    pub(crate) functions: Vec<HostFunction>,
    pub(crate) options: Options,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("source", &self.source)
            .field("ops", &self.code.ops.len())
            .finish()
    }
}

impl Program {
    /// Wraps compiler output.
    pub(crate) fn new(
        source: &str,
        compiled: super::Compiled,
        options: Options,
        functions: Vec<HostFunction>,
    ) -> Program {
        Program {
            source: Arc::from(source),
            code: compiled.code,
            roots: compiled.roots,
            uses_env: compiled.uses_env,
            locals: compiled.locals,
            functions,
            options,
        }
    }

    /// The source it was compiled from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Instructions, constants and spans.
    pub fn code(&self) -> &Code {
        &self.code
    }

    /// The root names the program reads, in `LoadRoot` order.
    pub fn roots(&self) -> &[Box<str>] {
        &self.roots
    }

    /// Whether the program reads `$env`.
    pub fn uses_env(&self) -> bool {
        self.uses_env
    }

    /// The top-level fields of root `root` this program can read, or `None`
    /// when it may read any of them (it uses the root as a value, e.g.
    /// `let u = jcUser`, `jcUser?.x`, `keys(jcUser)`, or reads `$env`). A host
    /// can parse only these fields of a large record; results are the same.
    pub fn fields_read(&self, root: &str) -> Option<Vec<&str>> {
        let mut fields: Vec<&str> = Vec::new();
        let is_root = |r: u16| self.roots.get(r as usize).is_some_and(|n| &**n == root);
        for op in &self.code.ops {
            match op.root_use() {
                RootUse::Nothing => {}
                RootUse::Env => return None,
                RootUse::Whole(r) if is_root(r) => return None,
                RootUse::Whole(_) => {}
                RootUse::Field(r, n) if is_root(r) => match self.code.consts.get(n as usize) {
                    Some(Const::Str(name)) => {
                        if !fields.contains(&&**name) {
                            fields.push(name);
                        }
                    }
                    _ => return None,
                },
                RootUse::Field(..) => {}
            }
        }
        Some(fields)
    }

    /// Number of `let` slots.
    pub fn locals(&self) -> usize {
        self.locals
    }

    /// The host functions `CallHost` indexes.
    pub fn functions(&self) -> &[HostFunction] {
        &self.functions
    }

    /// The options it was compiled with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The clock `now()` reads.
    pub fn clock(&self) -> &(dyn Fn() -> DateTime<Utc> + Send + Sync) {
        &*self.options.clock
    }

    /// One instruction per line, with the source text of each.
    pub fn disassemble(&self) -> String {
        self.code.disassemble(&self.source)
    }
}
