//! Checked and optimized AST → bytecode.
//!
//! Only code is made here: names, arity, predicate scope and types were
//! checked by [`crate::check`], and expr's rewrites (folding, `sum` of a
//! literal list, the `and`/`or` quirks) made by [`crate::optimize`], before.
//! An error from this pass is an internal one or a limit (too many roots or
//! locals), or a constant pattern of `matches` that does not compile.

use crate::bytecode::{Code, Const, Op};
use crate::error::{ErrorKind, SpannedError};
use crate::functions::HostFunction;
use crate::functions::{self, Imp, PredicateKind};
use crate::runtime::ops;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};

mod program;
use crate::span::Span;
pub use program::{Options, Program, DEFAULT_WORK_BUDGET};

/// What [`compile`] produces.
#[derive(Debug)]
pub struct Compiled {
    /// Instructions, spans, constants, regexes.
    pub code: Code,
    /// The env root names the program reads, indexed by `Op::LoadRoot`.
    pub roots: Vec<Box<str>>,
    /// Whether `$env` is used.
    pub uses_env: bool,
    /// Number of `let` slots.
    pub locals: usize,
}

struct Let {
    name: String,
    slot: u16,
}

struct State<'c> {
    functions: &'c [HostFunction],
    code: Code,
    roots: Vec<Box<str>>,
    uses_env: bool,
    lets: Vec<Let>,
    max_locals: usize,
    /// Kinds of the predicates we are inside, innermost last.
    preds: Vec<PredicateKind>,
    /// Pending `?.` jumps of each open chain.
    chains: Vec<Vec<usize>>,
    /// The chain about to be compiled is an operand of `??`, which tests for
    /// nil itself: expr then leaves a typed nil result as it is.
    coalesce_operand: bool,
    /// Explain mode: the trace id of each node to record (by address).
    trace: Option<&'c TraceIds>,
}

/// The trace id of each node of a tree, keyed by the node's address: what
/// [`compile_traced`] emits an `Op::Trace` for.
pub type TraceIds = std::collections::HashMap<*const Expr, u32>;

/// Compiles a checked expression (see [`crate::check::check`], which also
/// bounds its size and depth, so this recursion is bounded too).
pub fn compile(expr: &Expr, functions: &[HostFunction]) -> Result<Compiled, SpannedError> {
    compile_with(expr, functions, None)
}

/// [`compile`], with an `Op::Trace(id)` after the code of every node in `ids`,
/// so that the machine can record each node's value (explain mode). The code
/// is otherwise the same.
pub fn compile_traced(
    expr: &Expr,
    functions: &[HostFunction],
    ids: &TraceIds,
) -> Result<Compiled, SpannedError> {
    compile_with(expr, functions, Some(ids))
}

fn compile_with(
    expr: &Expr,
    functions: &[HostFunction],
    trace: Option<&TraceIds>,
) -> Result<Compiled, SpannedError> {
    let mut st = State {
        functions,
        code: Code::default(),
        roots: Vec::new(),
        uses_env: false,
        lets: Vec::new(),
        max_locals: 0,
        preds: Vec::new(),
        chains: Vec::new(),
        coalesce_operand: false,
        trace,
    };
    st.expr(expr, None)?;
    Ok(Compiled {
        code: st.code,
        roots: st.roots,
        uses_env: st.uses_env,
        locals: st.max_locals,
    })
}

impl State<'_> {
    fn emit(&mut self, op: Op, span: Span) -> usize {
        self.code.emit(op, span)
    }

    /// Code that fails with `msg` when it runs (the arguments below it stay).
    fn fail(&mut self, msg: String, span: Span) -> Result<(), SpannedError> {
        let n = self.code.constant(Const::Str(msg.into_boxed_str()));
        self.emit(Op::Fail(n), span);
        Ok(())
    }

    fn here(&self) -> usize {
        self.code.ops.len()
    }

    fn push_const(&mut self, c: Const, span: Span) {
        let n = self.code.constant(c);
        self.emit(Op::Const(n), span);
    }

    /// Explain mode: records the value `e`'s code left on the stack.
    #[inline(never)]
    fn trace_node(&mut self, e: &Expr) {
        if let Some(&id) = self.trace.and_then(|ids| ids.get(&(e as *const Expr))) {
            self.emit(Op::Trace(id), e.span);
        }
    }

    /// Dispatches on the node kind. Kept small: it is on the recursion path,
    /// so its frame size bounds how deep a tree fits on a thread's stack.
    fn expr(&mut self, e: &Expr, chain: Option<usize>) -> Result<(), SpannedError> {
        self.node(e, chain)?;
        if self.trace.is_some() {
            self.trace_node(e);
        }
        Ok(())
    }

    /// The code of one node (see [`State::expr`]); inlined so that the
    /// recursion keeps one frame per level.
    #[inline(always)]
    fn node(&mut self, e: &Expr, chain: Option<usize>) -> Result<(), SpannedError> {
        let span = e.span;
        match &e.kind {
            ExprKind::Nil
            | ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_) => {
                self.literal(&e.kind, span);
                Ok(())
            }
            ExprKind::Ident(name) => self.ident(name, span),
            ExprKind::Env => {
                self.uses_env = true;
                self.emit(Op::LoadEnv, span);
                Ok(())
            }
            ExprKind::Pointer(p) => self.pointer(*p, span),
            ExprKind::Unary { op, expr } => self.unary(*op, expr, span),
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right, span),
            ExprKind::Member {
                object,
                property,
                optional,
            } => self.member(object, property, *optional, chain, span),
            ExprKind::Slice { object, from, to } => {
                self.slice(object, from.as_deref(), to.as_deref(), chain, span)
            }
            ExprKind::Chain(inner) => self.chain(inner),
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } => self.call(name, *force_builtin, args, span),
            ExprKind::MethodCall {
                object,
                name,
                args,
                optional,
            } => self.method_call(object, name, args, *optional, chain, span),
            ExprKind::Predicate(body) => self.expr(body, None),
            ExprKind::Array(items) => self.array(items, span),
            ExprKind::Map(entries) => self.map(entries, span),
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => self.conditional(cond, then.as_deref(), otherwise, span),
            ExprKind::Let { name, value, body } => self.let_(name, value, body, span),
            ExprKind::Sequence(items) => self.sequence(items, span),
        }
    }

    #[inline(never)]
    fn literal(&mut self, kind: &ExprKind, span: Span) {
        let c = match kind {
            ExprKind::Bool(b) => Const::Bool(*b),
            ExprKind::Int(i) => Const::Int(*i),
            ExprKind::Float(f) => Const::Float(*f),
            ExprKind::Str(s) => Const::Str(Box::from(s.as_str())),
            ExprKind::Bytes(b) => Const::Bytes(b.as_slice().into()),
            _ => Const::Nil,
        };
        self.push_const(c, span);
    }

    #[inline(never)]
    fn member(
        &mut self,
        object: &Expr,
        property: &Expr,
        optional: bool,
        chain: Option<usize>,
        span: Span,
    ) -> Result<(), SpannedError> {
        let (chain, local) = self.chain_for(optional, chain);
        let start = self.here();
        self.expr(object, chain)?;
        if let (false, ExprKind::Str(name), Some(Op::LoadRoot(r))) =
            (optional, &property.kind, self.code.ops.get(start))
        {
            if self.here() == start + 1 {
                let r = *r;
                let n = self.code.constant(Const::Str(Box::from(name.as_str())));
                self.code.truncate(start);
                self.emit(Op::FetchRoot(r, n), span);
                self.close_local_chain(local);
                return Ok(());
            }
        }
        self.optional_jump(optional, chain, span);
        match &property.kind {
            ExprKind::Str(name) => {
                let n = self.code.constant(Const::Str(Box::from(name.as_str())));
                self.emit(Op::Fetch(n), span);
            }
            _ => {
                self.expr(property, None)?;
                self.emit(Op::Index, span);
            }
        }
        self.close_local_chain(local);
        Ok(())
    }

    #[inline(never)]
    fn slice(
        &mut self,
        object: &Expr,
        from: Option<&Expr>,
        to: Option<&Expr>,
        chain: Option<usize>,
        span: Span,
    ) -> Result<(), SpannedError> {
        self.expr(object, chain)?;
        if let Some(f) = from {
            self.expr(f, None)?;
        }
        if let Some(t) = to {
            self.expr(t, None)?;
        }
        self.emit(
            Op::Slice {
                from: from.is_some(),
                to: to.is_some(),
            },
            span,
        );
        Ok(())
    }

    #[inline(never)]
    fn chain(&mut self, inner: &Expr) -> Result<(), SpannedError> {
        let keep_typed_nil = std::mem::take(&mut self.coalesce_operand);
        self.chains.push(Vec::new());
        let r = self.expr(inner, Some(self.chains.len() - 1));
        let jumps = self.chains.pop().unwrap_or_default();
        r?;
        let end = self.here();
        for j in jumps {
            self.code.patch(j, end);
        }
        if !keep_typed_nil {
            // As expr does: a chain's nil result (a typed nil too, such as a
            // missing `groupBy` key) becomes a plain nil.
            let span = inner.span;
            let jump = self.emit(Op::JumpIfNotNil(0), span);
            self.push_const(Const::Nil, span);
            let after = self.here();
            self.code.patch(jump, after);
        }
        Ok(())
    }

    #[inline(never)]
    fn method_call(
        &mut self,
        object: &Expr,
        name: &str,
        args: &[Expr],
        optional: bool,
        chain: Option<usize>,
        span: Span,
    ) -> Result<(), SpannedError> {
        let (chain, local) = self.chain_for(optional, chain);
        self.expr(object, chain)?;
        self.optional_jump(optional, chain, span);
        for a in args {
            self.expr(a, None)?;
        }
        let n = self.code.constant(Const::Str(Box::from(name)));
        self.emit(
            Op::CallMethod {
                name: n,
                argc: args.len().min(u16::MAX as usize) as u16,
            },
            span,
        );
        self.close_local_chain(local);
        Ok(())
    }

    #[inline(never)]
    fn array(&mut self, items: &[Expr], span: Span) -> Result<(), SpannedError> {
        for it in items {
            self.expr(it, None)?;
        }
        self.emit(Op::Array(items.len() as u32), span);
        Ok(())
    }

    #[inline(never)]
    fn map(&mut self, entries: &[(Expr, Expr)], span: Span) -> Result<(), SpannedError> {
        for (k, v) in entries {
            self.expr(k, None)?;
            self.expr(v, None)?;
        }
        self.emit(Op::Map(entries.len() as u32), span);
        Ok(())
    }

    #[inline(never)]
    fn sequence(&mut self, items: &[Expr], span: Span) -> Result<(), SpannedError> {
        if items.is_empty() {
            self.push_const(Const::Nil, span);
        }
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.emit(Op::Pop, span);
            }
            self.expr(it, None)?;
        }
        Ok(())
    }

    /// An optional access outside any chain is a chain of its own.
    fn chain_for(&mut self, optional: bool, chain: Option<usize>) -> (Option<usize>, bool) {
        if optional && chain.is_none() {
            self.chains.push(Vec::new());
            (Some(self.chains.len() - 1), true)
        } else {
            (chain, false)
        }
    }

    fn close_local_chain(&mut self, local: bool) {
        if local {
            let end = self.here();
            for j in self.chains.pop().unwrap_or_default() {
                self.code.patch(j, end);
            }
        }
    }

    /// `?.`: a nil receiver jumps to the end of the enclosing chain.
    fn optional_jump(&mut self, optional: bool, chain: Option<usize>, span: Span) {
        if !optional {
            return;
        }
        let at = self.emit(Op::JumpIfNil(0), span);
        if let Some(frame) = chain.and_then(|c| self.chains.get_mut(c)) {
            frame.push(at);
        }
    }

    fn ident(&mut self, name: &str, span: Span) -> Result<(), SpannedError> {
        if let Some(l) = self.lets.iter().rev().find(|l| l.name == name) {
            let slot = l.slot;
            self.emit(Op::LoadLocal(slot), span);
            return Ok(());
        }
        let idx = match self.roots.iter().position(|r| &**r == name) {
            Some(i) => i,
            None => {
                if self.roots.len() >= u16::MAX as usize {
                    return Err(ErrorKind::TooManyNodes.at(span));
                }
                self.roots.push(Box::from(name));
                self.roots.len() - 1
            }
        };
        self.emit(Op::LoadRoot(idx as u16), span);
        Ok(())
    }

    fn pointer(&mut self, p: Pointer, span: Span) -> Result<(), SpannedError> {
        // Where a pointer may stand is the checker's to say.
        match p {
            Pointer::Element => self.emit(Op::PtrElem, span),
            Pointer::Index => self.emit(Op::PtrIndex, span),
            Pointer::Acc => self.emit(Op::PtrAcc, span),
        };
        Ok(())
    }

    #[inline(never)]
    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Result<(), SpannedError> {
        self.expr(operand, None)?;
        self.emit(
            match op {
                UnaryOp::Not => Op::Not,
                UnaryOp::Neg => Op::Neg,
                UnaryOp::Plus => Op::Plus,
            },
            span,
        );
        Ok(())
    }

    #[inline(never)]
    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Result<(), SpannedError> {
        match op {
            BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce => {
                return self.short_circuit(op, left, right, span)
            }
            _ => {}
        }
        self.expr(left, None)?;
        if op == BinaryOp::Matches {
            if let ExprKind::Str(pattern) = &right.kind {
                let re = ops::compile_regex(pattern).map_err(|k| k.at(span))?;
                self.code.regexes.push(re);
                let n = (self.code.regexes.len() - 1) as u32;
                self.emit(Op::MatchConst(n), span);
                return Ok(());
            }
        }
        self.expr(right, None)?;
        if op == BinaryOp::Matches {
            self.emit(Op::MatchDyn, span);
        } else {
            self.emit(Op::Binary(op), span);
        }
        Ok(())
    }

    #[inline(never)]
    fn short_circuit(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Result<(), SpannedError> {
        let coalesce = !matches!(op, BinaryOp::And | BinaryOp::Or);
        self.coalesce_operand = coalesce && matches!(left.kind, ExprKind::Chain(_));
        self.expr(left, None)?;
        let jump_at = self.emit(
            match op {
                BinaryOp::And => Op::AndJump(0),
                BinaryOp::Or => Op::OrJump(0),
                _ => Op::JumpIfNotNil(0),
            },
            span,
        );
        self.coalesce_operand = coalesce && matches!(right.kind, ExprKind::Chain(_));
        self.expr(right, None)?;
        let end = self.here();
        self.code.patch(jump_at, end);
        Ok(())
    }

    #[inline(never)]
    fn conditional(
        &mut self,
        cond: &Expr,
        then: Option<&Expr>,
        otherwise: &Expr,
        span: Span,
    ) -> Result<(), SpannedError> {
        self.expr(cond, None)?;
        let Some(then) = then else {
            // Elvis `c ?: b` ≡ `c ? c : b`, so it is `or` without the optimizer quirks.
            let j = self.emit(Op::OrJump(0), span);
            self.expr(otherwise, None)?;
            let end = self.here();
            self.code.patch(j, end);
            return Ok(());
        };
        let j_else = self.emit(Op::JumpIfFalse(0), span);
        self.expr(then, None)?;
        let j_end = self.emit(Op::Jump(0), span);
        let else_at = self.here();
        self.code.patch(j_else, else_at);
        self.expr(otherwise, None)?;
        let end = self.here();
        self.code.patch(j_end, end);
        Ok(())
    }

    #[inline(never)]
    fn let_(
        &mut self,
        name: &str,
        value: &Expr,
        body: &Expr,
        span: Span,
    ) -> Result<(), SpannedError> {
        self.expr(value, None)?;
        let slot = self.lets.len();
        if slot >= u16::MAX as usize {
            return Err(ErrorKind::TooManyNodes.at(span));
        }
        self.max_locals = self.max_locals.max(slot + 1);
        self.emit(Op::StoreLocal(slot as u16), span);
        self.lets.push(Let {
            name: name.to_string(),
            slot: slot as u16,
        });
        let r = self.expr(body, None);
        self.lets.pop();
        r
    }

    #[inline(never)]
    fn call(
        &mut self,
        name: &str,
        force_builtin: bool,
        args: &[Expr],
        span: Span,
    ) -> Result<(), SpannedError> {
        let argc = u16::try_from(args.len()).map_err(|_| ErrorKind::TooManyNodes.at(span))?;
        if !force_builtin {
            if let Some((i, f)) = self
                .functions
                .iter()
                .enumerate()
                .find(|(_, f)| f.name == name)
            {
                let idx = u16::try_from(i).map_err(|_| ErrorKind::TooManyNodes.at(span))?;
                for a in args {
                    self.expr(a, None)?;
                }
                if let Some(msg) = bad_arity(name, f.min_args, f.max_args, args.len()) {
                    return self.fail(msg, span);
                }
                if argc == 1 && f.test.is_some() {
                    self.emit(Op::CallTest { idx }, span);
                    return Ok(());
                }
                self.emit(Op::CallHost { idx, argc }, span);
                return Ok(());
            }
        }
        let Some((idx, b)) = functions::lookup(name) else {
            // Only where expr's checker does not look (`$env[…]`, see the
            // checker's `visit_unchecked`): expr calls the name's value, after
            // its arguments, and fails then.
            for a in args {
                self.expr(a, None)?;
            }
            self.ident(name, span)?;
            self.emit(Op::CallValue(argc), span);
            return Ok(());
        };
        match b.imp {
            Imp::Native(_) => {
                for a in args {
                    self.expr(a, None)?;
                }
                let mut argc = argc;
                let keep = match b.max_args {
                    Some(max) if IGNORE_EXTRA.contains(&name) => Some(max),
                    Some(_) if FIRST_IF_EXTRA.contains(&name) => Some(b.min_args),
                    _ => None,
                };
                if let Some(keep) = keep.filter(|_| b.max_args.is_some_and(|m| args.len() > m)) {
                    // Unchecked only: expr's function reads the arguments it
                    // takes and ignores the rest (evaluated all the same).
                    while usize::from(argc) > keep {
                        self.emit(Op::Pop, span);
                        argc -= 1;
                    }
                }
                if let Some(msg) = bad_arity(name, b.min_args, b.max_args, usize::from(argc)) {
                    return self.fail(msg, span);
                }
                self.emit(
                    Op::Call {
                        idx: idx as u16,
                        argc,
                    },
                    span,
                );
                Ok(())
            }
            Imp::Predicate(kind) => self.predicate(kind, args, span),
        }
    }

    /// The optimizer's `filter(x, p, m)` (expr's filterMap): a `filter` loop
    /// that keeps `m`'s value for each element `p` keeps.
    #[inline(never)]
    fn filter_map(
        &mut self,
        coll: &Expr,
        p: &Expr,
        m: &Expr,
        span: Span,
    ) -> Result<(), SpannedError> {
        let kind = PredicateKind::Filter;
        self.expr(coll, None)?;
        self.emit(Op::LoopBegin(kind, false), span);
        let next = self.emit(Op::LoopNext(0), span);
        self.preds.push(kind);
        let r = self.expr(body(p), None).and_then(|()| {
            let skip = self.emit(Op::JumpIfFalse(0), span);
            self.expr(body(m), None)?;
            self.emit(Op::LoopPush, span);
            Ok(skip)
        });
        self.preds.pop();
        let skip = r?;
        self.emit(Op::Jump(next as u32), span);
        let end = self.emit(Op::LoopEnd(kind), span);
        self.code.patch(next, end);
        self.code.patch(skip, next);
        Ok(())
    }

    /// A predicate builtin as a loop (see `Op::LoopBegin`).
    #[inline(never)]
    fn predicate(
        &mut self,
        kind: PredicateKind,
        args: &[Expr],
        span: Span,
    ) -> Result<(), SpannedError> {
        let (Some(coll), rest) = (args.first(), args.get(1..).unwrap_or(&[])) else {
            return Err(ErrorKind::Arity("not enough arguments".into()).at(span));
        };
        if let (PredicateKind::Filter, [p, m]) = (kind, rest) {
            return self.filter_map(coll, p, m, span);
        }
        self.expr(coll, None)?;
        let extra = rest.get(1);
        if let Some(x) = extra {
            self.expr(x, None)?;
        }
        self.emit(Op::LoopBegin(kind, extra.is_some()), span);
        let next = self.emit(Op::LoopNext(0), span);
        self.preds.push(kind);
        let r = match rest.first() {
            Some(p) => {
                let body = match &p.kind {
                    ExprKind::Predicate(b) => b.as_ref(),
                    _ => p,
                };
                self.expr(body, None)
            }
            None => {
                self.emit(Op::PtrElem, span);
                Ok(())
            }
        };
        self.preds.pop();
        r?;
        let step = self.emit(Op::LoopStep(kind, 0), span);
        self.emit(Op::Jump(next as u32), span);
        let end = self.emit(Op::LoopEnd(kind), span);
        self.code.patch(next, end);
        self.code.patch(step, end);
        Ok(())
    }
}

/// The body of a predicate argument.
fn body(p: &Expr) -> &Expr {
    match &p.kind {
        ExprKind::Predicate(b) => b.as_ref(),
        _ => p,
    }
}

/// Builtins whose Go function, called with more arguments than it takes
/// (only where expr's checker does not look), reads the ones it takes and
/// ignores the rest; every other builtin fails then (or, for a one-argument
/// builtin expr calls on the top of its stack, leaves the stack corrupt).
const IGNORE_EXTRA: &[&str] = &[
    "first",
    "last",
    "toJSON",
    "get",
    "toBase64",
    "fromBase64",
    "fromJSON",
    "repeat",
    "indexOf",
    "lastIndexOf",
    "hasPrefix",
    "hasSuffix",
    "duration",
    "timezone",
];

/// Builtins whose Go function reads its optional second argument only when
/// given exactly two: with more, it is the one-argument form.
const FIRST_IF_EXTRA: &[&str] = &["trimPrefix", "trimSuffix", "join"];

/// Go's run-time text for a call with the wrong number of arguments (only
/// compiled where expr's checker does not look).
fn bad_arity(name: &str, min: usize, max: Option<usize>, got: usize) -> Option<String> {
    if got >= min && max.is_none_or(|m| got <= m) {
        return None;
    }
    Some(match max {
        Some(m) if m == min => format!("invalid number of arguments (expected {min}, got {got})"),
        Some(m) if m == min + 1 => {
            format!("invalid number of arguments for {name} (expected {min} or {m}, got {got})")
        }
        Some(m) => {
            format!("invalid number of arguments for {name} (expected {min} to {m}, got {got})")
        }
        None => {
            format!("invalid number of arguments for {name} (expected at least {min}, got {got})")
        }
    })
}
