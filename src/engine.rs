//! The front door: [`Compiler`] (options and host functions) runs the
//! pipeline — parse ([`crate::syntax`]), check ([`crate::check`]), compile
//! ([`crate::compile`]) — and [`Program`]s run on a thread-local machine
//! ([`crate::vm`]).

pub use crate::compile::{Options, Program, DEFAULT_WORK_BUDGET};
use crate::error::{Error, ErrorKind, Phase, SpannedError};
use crate::functions::{HostFn, HostFunction};
use crate::runtime::ctx::WorkMeter;
use crate::runtime::value::Value;
use crate::span::Span;
use crate::syntax::ast::Expr;
use crate::vm::{Env, Vm};
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use std::cell::RefCell;
use std::sync::Arc;

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
        test: None,
        sig: crate::types::Signature::Unchecked,
        doc: String::new(),
    }
}

impl Compiler {
    /// A compiler with default options and the JumpCloud host functions.
    pub fn new() -> Compiler {
        Compiler {
            options: Options::default(),
            functions: crate::functions::jumpcloud::functions(),
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

    /// Work units per run (`None`: unlimited); see [`Options::work_budget`].
    pub fn work_budget(mut self, n: impl Into<Option<u64>>) -> Self {
        self.options.work_budget = n.into();
        self
    }

    /// The former name of [`Compiler::work_budget`]: the budget now counts
    /// work units, an instruction being one and builtins charging by the bytes
    /// and elements they touch, so the same number stops hostile runs sooner.
    #[deprecated(note = "the budget counts work units: use `work_budget`")]
    pub fn instruction_budget(self, n: impl Into<Option<u64>>) -> Self {
        self.work_budget(n)
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
        self,
        name: &str,
        min: usize,
        max: Option<usize>,
        f: F,
    ) -> Result<Self, ErrorKind>
    where
        F: for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync + 'static,
    {
        self.host_function(HostFunction::new(name, min, max, f))
    }

    /// Registers a host function built as a [`HostFunction`] (with a fast path,
    /// say), under the rules of [`Compiler::function`].
    pub fn host_function(mut self, f: HostFunction) -> Result<Self, ErrorKind> {
        if crate::functions::lookup(&f.name).is_some() {
            return Err(ErrorKind::Function(format!(
                "function {} shadows a builtin; use override_builtin",
                f.name
            )));
        }
        self.functions.retain(|h| h.name != f.name);
        self.functions.push(f);
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
        let jc: Vec<String> = crate::functions::jumpcloud::functions()
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
        let ast =
            crate::syntax::parser::parse_limited(source, self.options.max_depth).map_err(err)?;
        self.compile_checked(source, ast).map_err(err)
    }

    /// Compiles a syntax tree a tool built itself (`source` is what error
    /// messages quote): the same checks and code as [`Compiler::compile`].
    pub fn compile_ast(&self, source: &str, ast: &Expr) -> Result<Program, Error> {
        self.compile_checked(source, ast.clone())
            .map_err(|e| Error::new(Phase::Compile, e, source))
    }

    /// The pipeline after parsing: check, optimize, compile.
    fn compile_checked(&self, source: &str, mut ast: Expr) -> Result<Program, SpannedError> {
        crate::check::check(&ast, &self.options, &self.functions)?;
        crate::optimize::optimize(&mut ast, &self.options, &self.functions)?;
        let compiled = crate::compile::compile(&ast, &self.functions)?;
        Ok(Program::new(
            source,
            compiled,
            self.options.clone(),
            self.functions.clone(),
        ))
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

    fn run_env<'a>(&'a self, env: Env<'a, '_>) -> Result<Value<'a>, Error> {
        self.run_env_metered(env, None)
    }

    fn run_env_metered<'a>(
        &'a self,
        env: Env<'a, '_>,
        meter: Option<&mut WorkMeter>,
    ) -> Result<Value<'a>, Error> {
        // The value comes back through `out` rather than through the calls.
        let mut out = Value::Nil;
        let result = VM.with(|cell| match cell.try_borrow_mut() {
            Ok(mut vm) => vm.run_metered(self, env, &mut out, meter),
            // A host function running a program from inside a run.
            Err(_) => Vm::new().run_metered(self, env, &mut out, meter),
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

    /// [`Program::run_roots`], drawing work from `meter` too: the run stops
    /// when either its own work budget ([`Options::work_budget`]) or what is
    /// left on the meter runs out (`record work budget exceeded` then), and
    /// the work it did is added to the meter (read it with
    /// [`WorkMeter::used`]). A mapping runs all of a record's entries on one
    /// meter.
    pub fn run_roots_metered<'a>(
        &'a self,
        roots: &[(&str, &'a Json)],
        meter: &mut WorkMeter,
    ) -> Result<Value<'a>, Error> {
        self.run_env_metered(Env::Roots(roots), Some(meter))
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
