//! Checked AST → bytecode, with constant folding through [`crate::runtime::ops`].
//!
//! Only code is made here: names, arity, predicate scope and types were
//! checked by [`crate::check`] before, so an error from this pass is an
//! internal one (or a limit: too many roots or locals, a constant that fails
//! when folded).

use crate::bytecode::{Code, Const, Op};
use crate::error::{ErrorKind, SpannedError};
use crate::functions::HostFunction;
use crate::functions::{self, Ctx, Imp, PredicateKind};
use crate::runtime::ops;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};

mod program;
use crate::runtime::value::Value;
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
    options: &'c Options,
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
    /// A scratch budget for folding (folded values are scalars, so it is never charged).
    fold_memory: u64,
    /// Explain mode: the trace id of each node to record (by address).
    trace: Option<&'c TraceIds>,
}

/// The trace id of each node of a tree, keyed by the node's address: what
/// [`compile_traced`] emits an `Op::Trace` for.
pub type TraceIds = std::collections::HashMap<*const Expr, u32>;

/// Compiles a checked expression (see [`crate::check::check`], which also
/// bounds its size and depth, so this recursion is bounded too).
pub fn compile(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
) -> Result<Compiled, SpannedError> {
    compile_with(expr, options, functions, None)
}

/// [`compile`], with an `Op::Trace(id)` after the code of every node in `ids`,
/// so that the machine can record each node's value (explain mode). The code
/// is otherwise the same: folding sees through the trace ops, so the
/// optimizer's choices (and quirks) are those of the ordinary program.
pub fn compile_traced(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
    ids: &TraceIds,
) -> Result<Compiled, SpannedError> {
    compile_with(expr, options, functions, Some(ids))
}

fn compile_with(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
    trace: Option<&TraceIds>,
) -> Result<Compiled, SpannedError> {
    let mut st = State {
        options,
        functions,
        code: Code::default(),
        roots: Vec::new(),
        uses_env: false,
        lets: Vec::new(),
        max_locals: 0,
        preds: Vec::new(),
        chains: Vec::new(),
        fold_memory: 1 << 20,
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

    fn here(&self) -> usize {
        self.code.ops.len()
    }

    fn push_const(&mut self, c: Const, span: Span) {
        let n = self.code.constant(c);
        self.emit(Op::Const(n), span);
    }

    /// The constant if the code from `start` is exactly one constant push
    /// (followed, in explain mode, by trace ops only).
    fn single_const(&self, start: usize, end: usize) -> Option<Const> {
        match self.code.ops.get(start..end)?.split_first() {
            Some((Op::Const(n), rest)) if rest.iter().all(|op| matches!(op, Op::Trace(_))) => {
                self.code.consts.get(*n as usize).cloned()
            }
            _ => None,
        }
    }

    /// Explain mode: records the value `e`'s code left on the stack.
    #[inline(never)]
    fn trace_node(&mut self, e: &Expr) {
        if let Some(&id) = self.trace.and_then(|ids| ids.get(&(e as *const Expr))) {
            self.emit(Op::Trace(id), e.span);
        }
    }

    /// Replaces the code from `start` with one constant, if the value is a scalar.
    fn replace_with(&mut self, start: usize, v: &Value<'_>, span: Span) -> bool {
        match Const::from_value(v) {
            Some(c) => {
                self.code.truncate(start);
                self.push_const(c, span);
                true
            }
            None => false,
        }
    }

    fn fold_binary(
        &mut self,
        op: BinaryOp,
        a: &Const,
        b: &Const,
    ) -> Result<Option<Value<'static>>, ErrorKind> {
        if matches!(op, BinaryOp::Range | BinaryOp::Matches) {
            return Ok(None);
        }
        let av = owned(a);
        let bv = owned(b);
        let clock = || chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        let mut memory = self.fold_memory;
        let mut work = u64::MAX;
        let mut ctx = Ctx {
            memory: &mut memory,
            work: &mut work,
            now: &clock,
        };
        match ops::binary(&mut ctx, op, av, bv) {
            Ok(v) => Ok(Some(v)),
            Err(ErrorKind::DivideByZero) => Err(ErrorKind::DivideByZero),
            // Anything else stays a run-time error, raised where it happens.
            Err(_) => Ok(None),
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
        self.chains.push(Vec::new());
        let r = self.expr(inner, Some(self.chains.len() - 1));
        let jumps = self.chains.pop().unwrap_or_default();
        r?;
        let end = self.here();
        for j in jumps {
            self.code.patch(j, end);
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
        let start = self.here();
        self.expr(operand, None)?;
        if self.options.optimize {
            if let Some(c) = self.single_const(start, self.here()) {
                let v = owned(&c);
                let folded = match op {
                    UnaryOp::Not => ops::not(&v).map(Value::Bool).ok(),
                    UnaryOp::Neg => ops::negate(v).ok(),
                    UnaryOp::Plus => Some(v),
                };
                if let Some(v) = folded {
                    if self.replace_with(start, &v, span) {
                        return Ok(());
                    }
                }
            }
        }
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
        let start = self.here();
        self.expr(left, None)?;
        if op == BinaryOp::In && self.options.optimize && is_string_list(right) {
            self.string_key(span);
        }
        let mid = self.here();
        if op == BinaryOp::Matches {
            if let ExprKind::Str(pattern) = &right.kind {
                let re = ops::compile_regex(pattern).map_err(|k| k.at(right.span))?;
                self.code.regexes.push(re);
                let n = (self.code.regexes.len() - 1) as u32;
                self.emit(Op::MatchConst(n), span);
                return Ok(());
            }
        }
        self.expr(right, None)?;
        let end = self.here();
        if (self.options.optimize || op == BinaryOp::Mod)
            && self.try_fold(op, start, mid, end, span)?
        {
            return Ok(());
        }
        if op == BinaryOp::Matches {
            self.emit(Op::MatchDyn, span);
        } else {
            self.emit(Op::Binary(op), span);
        }
        Ok(())
    }

    /// expr's optimizer turns `x in ['a', 'b']` into a lookup in a
    /// `map[string]struct{}`, so a nil `x` looks up `""` and any other
    /// non-string `x` is an error. `(x ?? '') + ''` gives that behaviour to the
    /// ordinary membership test that follows.
    fn string_key(&mut self, span: Span) {
        let j = self.emit(Op::JumpIfNotNil(0), span);
        self.push_const(Const::Str(Box::from("")), span);
        let end = self.here();
        self.code.patch(j, end);
        self.push_const(Const::Str(Box::from("")), span);
        self.emit(Op::Binary(BinaryOp::Add), span);
    }

    /// Folds `const op const` into one constant; `true` if it did. A folded
    /// `% 0` is a compile error even without the optimizer (expr's checker).
    #[inline(never)]
    fn try_fold(
        &mut self,
        op: BinaryOp,
        start: usize,
        mid: usize,
        end: usize,
        span: Span,
    ) -> Result<bool, SpannedError> {
        let (Some(a), Some(b)) = (self.single_const(start, mid), self.single_const(mid, end))
        else {
            return Ok(false);
        };
        match self.fold_binary(op, &a, &b) {
            Ok(Some(v)) if self.options.optimize => Ok(self.replace_with(start, &v, span)),
            Ok(_) => Ok(false),
            Err(k) => Err(k.at(span)),
        }
    }

    #[inline(never)]
    fn short_circuit(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Result<(), SpannedError> {
        let start = self.here();
        self.expr(left, None)?;
        let jump_at = self.emit(
            match op {
                BinaryOp::And => Op::AndJump(0),
                BinaryOp::Or => Op::OrJump(0),
                _ => Op::JumpIfNotNil(0),
            },
            span,
        );
        self.expr(right, None)?;
        let end = self.here();
        if self.options.optimize {
            let l = self.single_const(start, jump_at);
            let r = self.single_const(jump_at + 1, end);
            let b = |c: &Option<Const>| match c {
                Some(Const::Bool(b)) => Some(*b),
                _ => None,
            };
            match op {
                // QUIRK (§4.5): `x and true` → x, `x and false` / `false and x` → false.
                BinaryOp::And => {
                    if b(&r) == Some(true) {
                        self.code.truncate(jump_at);
                        return Ok(());
                    }
                    if b(&r) == Some(false) || b(&l) == Some(false) {
                        self.code.truncate(start);
                        self.push_const(Const::Bool(false), span);
                        return Ok(());
                    }
                }
                // QUIRK (§4.5): `x or false` → x, `x or true` / `true or x` → true.
                BinaryOp::Or => {
                    if b(&r) == Some(false) {
                        self.code.truncate(jump_at);
                        return Ok(());
                    }
                    if b(&r) == Some(true) || b(&l) == Some(true) {
                        self.code.truncate(start);
                        self.push_const(Const::Bool(true), span);
                        return Ok(());
                    }
                }
                _ => {
                    if let Some(c) = &l {
                        if *c != Const::Nil {
                            self.code.truncate(jump_at);
                            return Ok(());
                        } else if let Some(rc) = r {
                            self.code.truncate(start);
                            self.push_const(rc, span);
                            return Ok(());
                        }
                    }
                }
            }
        }
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
        let start = self.here();
        self.expr(cond, None)?;
        let folded = if self.options.optimize {
            match self.single_const(start, self.here()) {
                Some(Const::Bool(b)) => Some(b),
                _ => None,
            }
        } else {
            None
        };
        let Some(then) = then else {
            // Elvis `c ?: b` ≡ `c ? c : b`, so it is `or` without the optimizer quirks.
            let j = self.emit(Op::OrJump(0), span);
            self.expr(otherwise, None)?;
            let end = self.here();
            self.code.patch(j, end);
            return Ok(());
        };
        if let Some(b) = folded {
            // Both branches are still checked; only the chosen one is kept.
            self.code.truncate(start);
            self.expr(then, None)?;
            let mid = self.here();
            self.expr(otherwise, None)?;
            if b {
                self.code.truncate(mid);
                return Ok(());
            }
            let other: Vec<_> = self.code.ops.drain(mid..).collect();
            let spans: Vec<_> = self.code.spans.drain(mid..).collect();
            if other.iter().all(|op| !is_jump(op)) {
                self.code.truncate(start);
                self.code.ops.extend(other);
                self.code.spans.extend(spans);
                return Ok(());
            }
            // Jumps in the else branch are absolute; recompile it in place.
            self.code.truncate(start);
            self.expr(otherwise, None)?;
            return Ok(());
        }
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
                if argc == 1 && f.test.is_some() {
                    self.emit(Op::CallTest { idx }, span);
                    return Ok(());
                }
                self.emit(Op::CallHost { idx, argc }, span);
                return Ok(());
            }
        }
        let Some((idx, b)) = functions::lookup(name) else {
            return Err(internal("a call the checker did not resolve", span));
        };
        match b.imp {
            Imp::Native(_) => {
                for a in args {
                    self.expr(a, None)?;
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
            Imp::Predicate(PredicateKind::Sum) if self.options.optimize => match args {
                [Expr {
                    kind: ExprKind::Array(items),
                    ..
                }] if items.len() >= 2 => self.sum_literal(items, args, span),
                _ => self.predicate(PredicateKind::Sum, args, span),
            },
            Imp::Predicate(kind) => self.predicate(kind, args, span),
        }
    }

    /// expr's optimizer rewrites `sum([a, b, c])` to `a + (b + c)` unless
    /// constant folding already made the list one constant (all items scalar
    /// constants), so `sum([u.s, u.s])` concatenates where `sum(['a', 'b'])`
    /// fails. Pushing all items and then adding pairwise from the top builds
    /// the right-nested sum.
    fn sum_literal(
        &mut self,
        items: &[Expr],
        args: &[Expr],
        span: Span,
    ) -> Result<(), SpannedError> {
        let start = self.here();
        let mut all_const = true;
        for it in items {
            let at = self.here();
            self.expr(it, None)?;
            all_const &= matches!(
                self.single_const(at, self.here()),
                Some(Const::Int(_) | Const::Float(_) | Const::Str(_) | Const::Bool(_))
            );
        }
        if all_const {
            self.code.truncate(start);
            return self.predicate(PredicateKind::Sum, args, span);
        }
        for _ in 1..items.len() {
            self.emit(Op::Binary(BinaryOp::Add), span);
        }
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

/// An error the checker should have reported first; reported, not panicked on.
fn internal(what: &str, span: Span) -> SpannedError {
    ErrorKind::Syntax(format!("internal error: {what}")).at(span)
}

/// A non-empty array literal of string literals (see `State::string_key`).
fn is_string_list(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Array(items)
        if !items.is_empty() && items.iter().all(|i| matches!(i.kind, ExprKind::Str(_))))
}

fn is_jump(op: &Op) -> bool {
    matches!(
        op,
        Op::Jump(_)
            | Op::JumpIfFalse(_)
            | Op::AndJump(_)
            | Op::OrJump(_)
            | Op::JumpIfNotNil(_)
            | Op::JumpIfNil(_)
            | Op::LoopNext(_)
            | Op::LoopStep(..)
    )
}

/// A constant as an owned value (for folding at compile time).
fn owned(c: &Const) -> Value<'static> {
    match c {
        Const::Str(s) => Value::string(s.to_string()),
        Const::Nil => Value::Nil,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Float(f) => Value::Float(*f),
        Const::Bytes(b) => Value::Bytes(std::rc::Rc::from(&**b)),
    }
}
