//! AST → bytecode, with the compile-time checks expr performs without an env
//! (language.md §0) and constant folding through [`crate::ops`].
//!
//! The compiler recurses over the tree; [`compile`] first checks the node count
//! and depth with the iterative [`Expr::stats`], so recursion is bounded by
//! `Options::max_depth`.
//!
//! Each `compile_*` returns the static type of what it compiled when the node
//! is built from literals only (`Ty::Unknown` otherwise): that is all expr's
//! checker knows without an env, and it is what literal/literal mismatch
//! errors are raised from.

use crate::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use crate::builtins::{self, Ctx, Imp, PredicateKind};
use crate::bytecode::{Code, Const, Op};
use crate::error::{ErrorKind, SpannedError};
use crate::ops;
use crate::program::{HostFunction, Options};
use crate::span::Span;
use crate::value::Value;

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

/// Static types known for literal-only expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Unknown,
    Nil,
    Bool,
    Int,
    Float,
    Str,
    Array,
    Map,
    Bytes,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Unknown => "interface {}",
            Ty::Nil => "nil",
            Ty::Bool => "bool",
            Ty::Int => "int",
            Ty::Float => "float64",
            Ty::Str => "string",
            Ty::Array => "[]interface {}",
            Ty::Map => "map[string]interface {}",
            Ty::Bytes => "[]uint8",
        }
    }
    fn known(self) -> bool {
        self != Ty::Unknown
    }
    fn num(self) -> bool {
        matches!(self, Ty::Int | Ty::Float)
    }
}

fn mismatch(op: &str, l: Ty, r: Ty, span: Span) -> SpannedError {
    ErrorKind::InvalidOperation(format!(
        "invalid operation: {op} (mismatched types {} and {})",
        l.name(),
        r.name()
    ))
    .at(span)
}

fn check_error(msg: String, span: Span) -> SpannedError {
    ErrorKind::Syntax(msg).at(span)
}

/// The checker's verdict on `l op r` with literal types; the result type.
fn check_binary(op: BinaryOp, l: Ty, r: Ty, span: Span) -> Result<Ty, SpannedError> {
    use BinaryOp::*;
    let both = l.known() && r.known();
    let bad = || mismatch(op.as_str(), l, r, span);
    Ok(match op {
        Eq | Ne => {
            if both && l != Ty::Nil && r != Ty::Nil && !(l.num() && r.num()) && l != r {
                return Err(bad());
            }
            Ty::Bool
        }
        Lt | Gt | Le | Ge => {
            if both && !((l.num() && r.num()) || (l == Ty::Str && r == Ty::Str)) {
                return Err(bad());
            }
            Ty::Bool
        }
        Add => match (l, r) {
            (Ty::Int, Ty::Int) => Ty::Int,
            _ if l.num() && r.num() => Ty::Float,
            (Ty::Str, Ty::Str) => Ty::Str,
            _ if both => return Err(bad()),
            _ => Ty::Unknown,
        },
        Sub | Mul => match (l, r) {
            (Ty::Int, Ty::Int) => Ty::Int,
            _ if l.num() && r.num() => Ty::Float,
            _ if both => return Err(bad()),
            _ => Ty::Unknown,
        },
        Div | Pow => {
            if both && !(l.num() && r.num()) {
                return Err(bad());
            }
            if both {
                Ty::Float
            } else {
                Ty::Unknown
            }
        }
        Mod => {
            if both && !(l == Ty::Int && r == Ty::Int) {
                return Err(bad());
            }
            if both {
                Ty::Int
            } else {
                Ty::Unknown
            }
        }
        Range => {
            if both && !(l == Ty::Int && r == Ty::Int) {
                return Err(bad());
            }
            Ty::Array
        }
        Contains | StartsWith | EndsWith | Matches => {
            let ok = |t: Ty| matches!(t, Ty::Unknown | Ty::Nil | Ty::Str);
            if !ok(l) || !ok(r) {
                return Err(bad());
            }
            Ty::Bool
        }
        In => {
            if r.known() && !matches!(r, Ty::Array | Ty::Map | Ty::Nil) {
                return Err(bad());
            }
            Ty::Bool
        }
        And | Or => {
            if l.known() && l != Ty::Bool {
                return Err(bad());
            }
            if l == Ty::Bool && r == Ty::Bool {
                Ty::Bool
            } else {
                Ty::Unknown
            }
        }
        Coalesce => match l {
            Ty::Nil => r,
            Ty::Unknown => Ty::Unknown,
            t => t,
        },
    })
}

struct Let {
    name: String,
    slot: u16,
    ty: Ty,
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
}

/// Compiles a parsed expression (after checking its size and depth).
pub fn compile(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
) -> Result<Compiled, SpannedError> {
    let stats = expr.stats();
    if stats.nodes > options.max_nodes {
        return Err(ErrorKind::TooManyNodes.at(expr.span));
    }
    if stats.depth > options.max_depth {
        return Err(ErrorKind::TooDeep(options.max_depth).at(stats.deepest));
    }
    crate::checker::check(expr, functions)?;
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
    };
    st.expr(expr, None)?;
    Ok(Compiled {
        code: st.code,
        roots: st.roots,
        uses_env: st.uses_env,
        locals: st.max_locals,
    })
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(c0) = cur.get_mut(0) {
            *c0 = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
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

    /// The constant if the code from `start` is exactly one constant push.
    fn single_const(&self, start: usize, end: usize) -> Option<Const> {
        if end != start + 1 {
            return None;
        }
        match self.code.ops.get(start) {
            Some(Op::Const(n)) => self.code.consts.get(*n as usize).cloned(),
            _ => None,
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
        let mut ctx = Ctx {
            memory: &mut memory,
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
    fn expr(&mut self, e: &Expr, chain: Option<usize>) -> Result<Ty, SpannedError> {
        let span = e.span;
        match &e.kind {
            ExprKind::Nil
            | ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_) => Ok(self.literal(&e.kind, span)),
            ExprKind::Ident(name) => self.ident(name, span),
            ExprKind::Env => {
                self.uses_env = true;
                self.emit(Op::LoadEnv, span);
                Ok(Ty::Map)
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
    fn literal(&mut self, kind: &ExprKind, span: Span) -> Ty {
        let (c, ty) = match kind {
            ExprKind::Bool(b) => (Const::Bool(*b), Ty::Bool),
            ExprKind::Int(i) => (Const::Int(*i), Ty::Int),
            ExprKind::Float(f) => (Const::Float(*f), Ty::Float),
            ExprKind::Str(s) => (Const::Str(Box::from(s.as_str())), Ty::Str),
            ExprKind::Bytes(b) => (Const::Bytes(b.as_slice().into()), Ty::Bytes),
            _ => (Const::Nil, Ty::Nil),
        };
        self.push_const(c, span);
        ty
    }

    #[inline(never)]
    fn member(
        &mut self,
        object: &Expr,
        property: &Expr,
        optional: bool,
        chain: Option<usize>,
        span: Span,
    ) -> Result<Ty, SpannedError> {
        let (chain, local) = self.chain_for(optional, chain);
        let start = self.here();
        let ot = self.expr(object, chain)?;
        if let (false, ExprKind::Str(name), Some(Op::LoadRoot(r))) =
            (optional, &property.kind, self.code.ops.get(start))
        {
            if self.here() == start + 1 {
                let r = *r;
                let n = self.code.constant(Const::Str(Box::from(name.as_str())));
                self.code.truncate(start);
                self.emit(Op::FetchRoot(r, n), span);
                self.close_local_chain(local);
                return Ok(Ty::Unknown);
            }
        }
        self.optional_jump(optional, chain, span);
        let pt = literal_type(&property.kind);
        match (ot, pt) {
            (Ty::Array, Ty::Str) => {
                return Err(check_error(
                    "array elements can only be selected using an integer (got string)".into(),
                    span,
                ))
            }
            (Ty::Str, Ty::Int | Ty::Float) => {
                return Err(check_error(
                    format!("type string[{}] is undefined", pt.name()),
                    span,
                ))
            }
            _ => {}
        }
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
        Ok(Ty::Unknown)
    }

    #[inline(never)]
    fn slice(
        &mut self,
        object: &Expr,
        from: Option<&Expr>,
        to: Option<&Expr>,
        chain: Option<usize>,
        span: Span,
    ) -> Result<Ty, SpannedError> {
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
        Ok(Ty::Unknown)
    }

    #[inline(never)]
    fn chain(&mut self, inner: &Expr) -> Result<Ty, SpannedError> {
        self.chains.push(Vec::new());
        let r = self.expr(inner, Some(self.chains.len() - 1));
        let jumps = self.chains.pop().unwrap_or_default();
        r?;
        let end = self.here();
        for j in jumps {
            self.code.patch(j, end);
        }
        Ok(Ty::Unknown)
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
    ) -> Result<Ty, SpannedError> {
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
        Ok(Ty::Unknown)
    }

    #[inline(never)]
    fn array(&mut self, items: &[Expr], span: Span) -> Result<Ty, SpannedError> {
        for it in items {
            self.expr(it, None)?;
        }
        self.emit(Op::Array(items.len() as u32), span);
        Ok(Ty::Array)
    }

    #[inline(never)]
    fn map(&mut self, entries: &[(Expr, Expr)], span: Span) -> Result<Ty, SpannedError> {
        for (k, v) in entries {
            self.expr(k, None)?;
            self.expr(v, None)?;
        }
        self.emit(Op::Map(entries.len() as u32), span);
        Ok(Ty::Map)
    }

    #[inline(never)]
    fn sequence(&mut self, items: &[Expr], span: Span) -> Result<Ty, SpannedError> {
        let mut ty = Ty::Nil;
        if items.is_empty() {
            self.push_const(Const::Nil, span);
        }
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.emit(Op::Pop, span);
            }
            ty = self.expr(it, None)?;
        }
        Ok(ty)
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

    fn ident(&mut self, name: &str, span: Span) -> Result<Ty, SpannedError> {
        if let Some(l) = self.lets.iter().rev().find(|l| l.name == name) {
            let (slot, ty) = (l.slot, l.ty);
            self.emit(Op::LoadLocal(slot), span);
            return Ok(ty);
        }
        if let Some(strict) = &self.options.strict_roots {
            if !strict.iter().any(|r| r == name) {
                return Err(ErrorKind::UnknownName(name.to_string()).at(span));
            }
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
        Ok(Ty::Unknown)
    }

    fn pointer(&mut self, p: Pointer, span: Span) -> Result<Ty, SpannedError> {
        // expr's checker texts.
        let Some(inner) = self.preds.last().copied() else {
            return Err(check_error(
                "cannot use pointer accessor outside predicate".into(),
                span,
            ));
        };
        match p {
            Pointer::Element => self.emit(Op::PtrElem, span),
            Pointer::Index if matches!(inner, PredicateKind::Map | PredicateKind::Reduce) => {
                self.emit(Op::PtrIndex, span)
            }
            Pointer::Acc if inner == PredicateKind::Reduce => self.emit(Op::PtrAcc, span),
            Pointer::Index => return Err(check_error("unknown pointer #index".into(), span)),
            Pointer::Acc => return Err(check_error("unknown pointer #acc".into(), span)),
        };
        Ok(Ty::Unknown)
    }

    #[inline(never)]
    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Result<Ty, SpannedError> {
        let start = self.here();
        let t = self.expr(operand, None)?;
        let (sym, ok, out) = match op {
            UnaryOp::Not => ("!", matches!(t, Ty::Unknown | Ty::Bool), Ty::Bool),
            UnaryOp::Neg => ("-", matches!(t, Ty::Unknown | Ty::Int | Ty::Float), t),
            UnaryOp::Plus => ("+", matches!(t, Ty::Unknown | Ty::Int | Ty::Float), t),
        };
        if !ok {
            return Err(ErrorKind::InvalidOperation(format!(
                "invalid operation: {sym} (mismatched type {})",
                t.name()
            ))
            .at(span));
        }
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
                        return Ok(out);
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
        Ok(out)
    }

    #[inline(never)]
    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Result<Ty, SpannedError> {
        match op {
            BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce => {
                return self.short_circuit(op, left, right, span)
            }
            _ => {}
        }
        let start = self.here();
        let lt = self.expr(left, None)?;
        if op == BinaryOp::In && self.options.optimize && is_string_list(right) {
            self.string_key(span);
        }
        let mid = self.here();
        if op == BinaryOp::Matches {
            if let ExprKind::Str(pattern) = &right.kind {
                check_binary(op, lt, Ty::Str, span)?;
                let re = ops::compile_regex(pattern).map_err(|k| k.at(right.span))?;
                self.code.regexes.push(re);
                let n = (self.code.regexes.len() - 1) as u32;
                self.emit(Op::MatchConst(n), span);
                return Ok(Ty::Bool);
            }
        }
        let rt = self.expr(right, None)?;
        let end = self.here();
        let ty = check_binary(op, lt, rt, span)?;
        if (self.options.optimize || op == BinaryOp::Mod)
            && self.try_fold(op, start, mid, end, span)?
        {
            return Ok(ty);
        }
        if op == BinaryOp::Matches {
            self.emit(Op::MatchDyn, span);
        } else {
            self.emit(Op::Binary(op), span);
        }
        Ok(ty)
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
    ) -> Result<Ty, SpannedError> {
        let start = self.here();
        let lt = self.expr(left, None)?;
        let jump_at = self.emit(
            match op {
                BinaryOp::And => Op::AndJump(0),
                BinaryOp::Or => Op::OrJump(0),
                _ => Op::JumpIfNotNil(0),
            },
            span,
        );
        let rt = self.expr(right, None)?;
        let end = self.here();
        let ty = check_binary(op, lt, rt, span)?;
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
                        return Ok(ty);
                    }
                    if b(&r) == Some(false) || b(&l) == Some(false) {
                        self.code.truncate(start);
                        self.push_const(Const::Bool(false), span);
                        return Ok(ty);
                    }
                }
                // QUIRK (§4.5): `x or false` → x, `x or true` / `true or x` → true.
                BinaryOp::Or => {
                    if b(&r) == Some(false) {
                        self.code.truncate(jump_at);
                        return Ok(ty);
                    }
                    if b(&r) == Some(true) || b(&l) == Some(true) {
                        self.code.truncate(start);
                        self.push_const(Const::Bool(true), span);
                        return Ok(ty);
                    }
                }
                _ => {
                    if let Some(c) = &l {
                        if *c != Const::Nil {
                            self.code.truncate(jump_at);
                            return Ok(ty);
                        } else if let Some(rc) = r {
                            self.code.truncate(start);
                            self.push_const(rc, span);
                            return Ok(ty);
                        }
                    }
                }
            }
        }
        self.code.patch(jump_at, end);
        Ok(ty)
    }

    #[inline(never)]
    fn conditional(
        &mut self,
        cond: &Expr,
        then: Option<&Expr>,
        otherwise: &Expr,
        span: Span,
    ) -> Result<Ty, SpannedError> {
        let start = self.here();
        let ct = self.expr(cond, None)?;
        if ct.known() && ct != Ty::Bool {
            return Err(check_error(
                format!("non-bool expression (type {}) used as condition", ct.name()),
                cond.span,
            ));
        }
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
            let ot = self.expr(otherwise, None)?;
            let end = self.here();
            self.code.patch(j, end);
            return Ok(if ot == Ty::Bool {
                Ty::Bool
            } else {
                Ty::Unknown
            });
        };
        if let Some(b) = folded {
            // Both branches are still checked; only the chosen one is kept.
            self.code.truncate(start);
            let t1 = self.expr(then, None)?;
            let mid = self.here();
            let t2 = self.expr(otherwise, None)?;
            // The checker's type does not depend on which branch is kept.
            let ty = if t1 == t2 { t1 } else { Ty::Unknown };
            if b {
                self.code.truncate(mid);
                return Ok(ty);
            }
            let other: Vec<_> = self.code.ops.drain(mid..).collect();
            let spans: Vec<_> = self.code.spans.drain(mid..).collect();
            if other.iter().all(|op| !is_jump(op)) {
                self.code.truncate(start);
                self.code.ops.extend(other);
                self.code.spans.extend(spans);
                return Ok(ty);
            }
            // Jumps in the else branch are absolute; recompile it in place.
            self.code.truncate(start);
            self.expr(otherwise, None)?;
            return Ok(ty);
        }
        let j_else = self.emit(Op::JumpIfFalse(0), span);
        let t1 = self.expr(then, None)?;
        let j_end = self.emit(Op::Jump(0), span);
        let else_at = self.here();
        self.code.patch(j_else, else_at);
        let t2 = self.expr(otherwise, None)?;
        let end = self.here();
        self.code.patch(j_end, end);
        Ok(if t1 == t2 { t1 } else { Ty::Unknown })
    }

    #[inline(never)]
    fn let_(
        &mut self,
        name: &str,
        value: &Expr,
        body: &Expr,
        span: Span,
    ) -> Result<Ty, SpannedError> {
        if builtins::lookup(name).is_some() {
            return Err(check_error(
                format!("cannot redeclare builtin {name}"),
                span,
            ));
        }
        if self.functions.iter().any(|f| f.name == name) {
            return Err(check_error(
                format!("cannot redeclare function {name}"),
                span,
            ));
        }
        if self.lets.iter().any(|l| l.name == name) {
            return Err(check_error(
                format!("cannot redeclare variable {name}"),
                span,
            ));
        }
        if let Some(strict) = &self.options.strict_roots {
            if strict.iter().any(|r| r == name) {
                return Err(check_error(format!("cannot redeclare {name}"), span));
            }
        }
        let ty = self.expr(value, None)?;
        let slot = self.lets.len();
        if slot >= u16::MAX as usize {
            return Err(ErrorKind::TooManyNodes.at(span));
        }
        self.max_locals = self.max_locals.max(slot + 1);
        self.emit(Op::StoreLocal(slot as u16), span);
        self.lets.push(Let {
            name: name.to_string(),
            slot: slot as u16,
            ty,
        });
        let r = self.expr(body, None);
        self.lets.pop();
        r
    }

    fn arity(
        &self,
        name: &str,
        min: usize,
        max: Option<usize>,
        got: usize,
        span: Span,
    ) -> Result<(), SpannedError> {
        if got < min {
            return Err(ErrorKind::Arity(format!("not enough arguments to call {name}")).at(span));
        }
        if max.is_some_and(|m| got > m) {
            return Err(ErrorKind::Arity(format!("too many arguments to call {name}")).at(span));
        }
        Ok(())
    }

    #[inline(never)]
    fn call(
        &mut self,
        name: &str,
        force_builtin: bool,
        args: &[Expr],
        span: Span,
    ) -> Result<Ty, SpannedError> {
        let argc = u16::try_from(args.len()).map_err(|_| ErrorKind::TooManyNodes.at(span))?;
        if !force_builtin {
            if let Some((i, f)) = self
                .functions
                .iter()
                .enumerate()
                .find(|(_, f)| f.name == name)
            {
                let idx = u16::try_from(i).map_err(|_| ErrorKind::TooManyNodes.at(span))?;
                self.arity(name, f.min_args, f.max_args, args.len(), span)?;
                for a in args {
                    self.expr(a, None)?;
                }
                if argc == 1 && crate::jumpcloud::is_shipped_present(f) {
                    self.emit(Op::Present, span);
                    return Ok(Ty::Unknown);
                }
                self.emit(Op::CallHost { idx, argc }, span);
                return Ok(Ty::Unknown);
            }
        }
        let Some((idx, b)) = builtins::lookup(name) else {
            return Err(ErrorKind::UnknownFunction {
                name: name.to_string(),
                suggestion: self.suggest(name),
            }
            .at(span));
        };
        self.arity(name, b.min_args, b.max_args, args.len(), span)?;
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
                Ok(Ty::Unknown)
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
    ) -> Result<Ty, SpannedError> {
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
        Ok(Ty::Unknown)
    }

    fn suggest(&self, name: &str) -> Option<String> {
        builtins::BUILTINS
            .iter()
            .map(|b| b.name)
            .chain(self.functions.iter().map(|f| f.name.as_str()))
            .map(|c| (edit_distance(name, c), c))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c.to_string())
    }

    /// A predicate builtin as a loop (see `Op::LoopBegin`).
    #[inline(never)]
    fn predicate(
        &mut self,
        kind: PredicateKind,
        args: &[Expr],
        span: Span,
    ) -> Result<Ty, SpannedError> {
        let (Some(coll), rest) = (args.first(), args.get(1..).unwrap_or(&[])) else {
            return Err(ErrorKind::Arity("not enough arguments".into()).at(span));
        };
        let ct = self.expr(coll, None)?;
        if !matches!(ct, Ty::Unknown | Ty::Array) {
            let name = builtin_name(kind);
            return Err(check_error(
                format!("builtin {name} takes only array (got {})", ct.name()),
                coll.span,
            ));
        }
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
                self.expr(body, None).and_then(|t| {
                    use PredicateKind as P;
                    let wants_bool =
                        !matches!(kind, P::Map | P::Sum | P::GroupBy | P::SortBy | P::Reduce);
                    if wants_bool && t.known() && t != Ty::Bool {
                        return Err(check_error(
                            "predicate should return boolean".into(),
                            body.span,
                        ));
                    }
                    Ok(())
                })
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
        use PredicateKind as P;
        Ok(match kind {
            P::All | P::None | P::Any | P::One => Ty::Bool,
            P::Filter | P::Map | P::SortBy => Ty::Array,
            P::GroupBy => Ty::Map,
            P::Count => Ty::Int,
            _ => Ty::Unknown,
        })
    }
}

/// A non-empty array literal of string literals (see `State::string_key`).
fn is_string_list(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Array(items)
        if !items.is_empty() && items.iter().all(|i| matches!(i.kind, ExprKind::Str(_))))
}

/// The type of a literal node without compiling it.
fn literal_type(kind: &ExprKind) -> Ty {
    match kind {
        ExprKind::Nil => Ty::Nil,
        ExprKind::Bool(_) => Ty::Bool,
        ExprKind::Int(_) => Ty::Int,
        ExprKind::Float(_) => Ty::Float,
        ExprKind::Str(_) => Ty::Str,
        _ => Ty::Unknown,
    }
}

fn builtin_name(kind: PredicateKind) -> &'static str {
    builtins::BUILTINS
        .iter()
        .find(|b| matches!(b.imp, Imp::Predicate(k) if k == kind))
        .map_or("?", |b| b.name)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("uper", "upper"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
