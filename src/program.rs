//! The public entry points: [`Compiler`] (options and host functions) and
//! [`Program`] (a compiled expression, run against many records).
//!
//! Compiling checks the source length, parses, then compiles (see
//! [`crate::compiler`]); running resolves the roots the program reads once and
//! hands over to a thread-local [`Vm`].

use crate::bytecode::{Code, Const, RootUse};
use crate::error::{Error, ErrorKind, Phase};
use crate::span::Span;
use crate::value::Value;
use crate::vm::{Env, Vm};
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use std::cell::RefCell;
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

/// Default instructions per run: far above what a mapping expression needs
/// (hundreds), low enough that nested loops over a record cannot run for more
/// than a fraction of a second.
pub const DEFAULT_INSTRUCTION_BUDGET: u64 = 10_000_000;

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
    /// Instructions per run (default [`DEFAULT_INSTRUCTION_BUDGET`]; `None`: unlimited).
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
            instruction_budget: Some(DEFAULT_INSTRUCTION_BUDGET),
            strict_roots: None,
            optimize: true,
            clock: Arc::new(Utc::now),
        }
    }
}

/// Builds [`Program`]s with options and host functions.
///
/// ```
/// use scimexpr::{Compiler, ErrorKind, Value};
///
/// let compiler = Compiler::new()
///     .strict_roots(["jcUser"])
///     .memory_budget(10_000)
///     .function("initials", 1, Some(1), |args| match args {
///         [Value::Str(s)] => Ok(Value::string(s.split(' ').filter_map(|w| w.chars().next()).collect::<String>())),
///         _ => Err(ErrorKind::Function("initials: expected a string".into())),
///     })?;
/// let program = compiler.compile("initials(jcUser.displayname)")?;
/// let user = serde_json::json!({"displayname": "Ada King Lovelace"});
/// assert_eq!(program.run_roots(&[("jcUser", &user)])?.to_json(), "AKL");
///
/// // An undeclared root is a compile error in strict mode.
/// assert!(compiler.compile("jcUsr.email").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Compiler {
    /// The options in force.
    pub options: Options,
    /// Registered host functions.
    pub functions: Vec<HostFunction>,
}

impl Default for Compiler {
    fn default() -> Self {
        Compiler::new()
    }
}

fn host(name: &str, min: usize, max: Option<usize>, f: Arc<HostFn>) -> HostFunction {
    HostFunction {
        name: name.to_string(),
        min_args: min,
        max_args: max,
        f,
    }
}

impl Compiler {
    /// A compiler with default options and the JumpCloud host functions.
    pub fn new() -> Compiler {
        Compiler {
            options: Options::default(),
            functions: crate::jumpcloud::functions(),
        }
    }

    /// Longest source accepted, in bytes.
    pub fn max_source_len(mut self, n: usize) -> Self {
        self.options.max_source_len = n;
        self
    }

    /// Most AST nodes.
    pub fn max_nodes(mut self, n: usize) -> Self {
        self.options.max_nodes = n;
        self
    }

    /// Deepest AST nesting.
    pub fn max_depth(mut self, n: usize) -> Self {
        self.options.max_depth = n;
        self
    }

    /// Memory budget units per run.
    pub fn memory_budget(mut self, units: u64) -> Self {
        self.options.memory_budget = units;
        self
    }

    /// Instructions per run (`None`: unlimited).
    pub fn instruction_budget(mut self, n: impl Into<Option<u64>>) -> Self {
        self.options.instruction_budget = n.into();
        self
    }

    /// Strict mode: only these root names may be used.
    pub fn strict_roots<I, S>(mut self, roots: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.strict_roots = Some(roots.into_iter().map(Into::into).collect());
        self
    }

    /// Turns constant folding and the optimizer on or off.
    pub fn optimize(mut self, on: bool) -> Self {
        self.options.optimize = on;
        self
    }

    /// The clock `now()` reads.
    pub fn clock(mut self, f: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.options.clock = Arc::new(f);
        self
    }

    /// Registers a host function. It may not shadow a builtin (see
    /// [`Compiler::override_builtin`]); a function of the same name is replaced.
    pub fn function<F>(
        mut self,
        name: &str,
        min: usize,
        max: Option<usize>,
        f: F,
    ) -> Result<Self, ErrorKind>
    where
        F: for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync + 'static,
    {
        if crate::builtins::lookup(name).is_some() {
            return Err(ErrorKind::Function(format!(
                "function {name} shadows a builtin; use override_builtin"
            )));
        }
        self.functions.retain(|h| h.name != name);
        self.functions.push(host(name, min, max, Arc::new(f)));
        Ok(self)
    }

    /// Registers a host function that replaces a builtin (`::name(…)` still
    /// calls the builtin).
    pub fn override_builtin<F>(mut self, name: &str, min: usize, max: Option<usize>, f: F) -> Self
    where
        F: for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync + 'static,
    {
        self.functions.retain(|h| h.name != name);
        self.functions.push(host(name, min, max, Arc::new(f)));
        self
    }

    /// Removes the JumpCloud host functions registered by [`Compiler::new`].
    pub fn without_jumpcloud_functions(mut self) -> Self {
        let jc: Vec<String> = crate::jumpcloud::functions()
            .into_iter()
            .map(|f| f.name)
            .collect();
        self.functions.retain(|h| !jc.contains(&h.name));
        self
    }

    /// Compiles `source`.
    pub fn compile(&self, source: &str) -> Result<Program, Error> {
        let err = |e| Error::new(Phase::Compile, e, source);
        if source.len() > self.options.max_source_len {
            return Err(err(ErrorKind::SourceTooLong {
                len: source.len(),
                limit: self.options.max_source_len,
            }
            .at(Span::new(0, 0))));
        }
        let ast = crate::parser::parse_limited(source, self.options.max_depth).map_err(err)?;
        let compiled =
            crate::compiler::compile(&ast, &self.options, &self.functions).map_err(err)?;
        Ok(Program {
            source: Arc::from(source),
            code: compiled.code,
            roots: compiled.roots,
            uses_env: compiled.uses_env,
            locals: compiled.locals,
            functions: self.functions.clone(),
            options: self.options.clone(),
        })
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
    source: Arc<str>,
    code: Code,
    roots: Vec<Box<str>>,
    uses_env: bool,
    locals: usize,
    functions: Vec<HostFunction>,
    options: Options,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("source", &self.source)
            .field("ops", &self.code.ops.len())
            .finish()
    }
}

impl std::fmt::Debug for Compiler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiler")
            .field("functions", &self.functions)
            .finish()
    }
}

thread_local! {
    static VM: RefCell<Vm> = const { RefCell::new(Vm::new()) };
}

impl Program {
    /// Compiles `source` with default options.
    pub fn compile(source: &str) -> Result<Program, Error> {
        Compiler::new().compile(source)
    }

    /// Wraps compiler output (for tests and tools that build ASTs themselves).
    pub fn from_compiled(
        source: &str,
        compiled: crate::compiler::Compiled,
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

    fn run_env<'a>(&'a self, env: Env<'a, '_>) -> Result<Value<'a>, Error> {
        // The value comes back through `out` rather than through the calls.
        let mut out = Value::Nil;
        let result = VM.with(|cell| match cell.try_borrow_mut() {
            Ok(mut vm) => vm.run_into(self, env, &mut out),
            // A host function running a program from inside a run.
            Err(_) => Vm::new().run_into(self, env, &mut out),
        });
        match result {
            Ok(()) => Ok(out),
            Err(e) => Err(Error::new(Phase::Run, *e, &self.source)),
        }
    }

    /// Runs against `env`, a JSON object whose keys are the variables.
    pub fn run<'a>(&'a self, env: &'a Json) -> Result<Value<'a>, Error> {
        match env {
            Json::Object(m) => self.run_env(Env::Object(m)),
            other => Err(Error::new(
                Phase::Run,
                ErrorKind::Function(format!(
                    "the environment must be a JSON object, not {}",
                    Value::from_json(other).type_name()
                ))
                .at(Span::new(0, 0)),
                &self.source,
            )),
        }
    }

    /// Runs with named roots (`[("jcUser", &user), ("providerUser", &p)]`), without
    /// building an env object.
    pub fn run_roots<'a>(&'a self, roots: &[(&str, &'a Json)]) -> Result<Value<'a>, Error> {
        self.run_env(Env::Roots(roots))
    }

    /// Runs on a caller-provided machine (to control buffer reuse).
    pub fn run_with<'a>(&'a self, vm: &mut Vm, env: &'a Json) -> Result<Value<'a>, Error> {
        match env {
            Json::Object(m) => vm
                .run(self, Env::Object(m))
                .map_err(|e| Error::new(Phase::Run, e, &self.source)),
            _ => self.run(env),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn program_is_send_and_sync() {
        assert_send_sync::<Program>();
        assert_send_sync::<Compiler>();
    }
}
