//! What compiling produces: a [`Program`] (code, the roots it reads, the
//! functions it calls and the options in force).

use crate::bytecode::{Code, Const, RootUse};
use crate::functions::HostFunction;
pub use crate::options::{Options, DEFAULT_WORK_BUDGET};
use chrono::{DateTime, Utc};
use std::sync::Arc;

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
