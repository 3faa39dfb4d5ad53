//! expr's static type checker as it runs when a program is compiled without an
//! env (docs/language.md, How expressions meet records): every env value is of unknown type, so what it
//! knows comes from literals, array literals' element types, builtin
//! signatures, predicates' element types, `let` bindings and time methods.
//!
//! expr rejects at compile time anything whose types are known and do not fit,
//! even where its VM would have produced a value (`'a' in [1, 2]`,
//! `len('a') == '1'`, `first('abc')`, `repeat('a', 2.5)`, `false or 'x'`), so
//! this pass mirrors its rules (expr's `checker` package, v1.17.8). Where a
//! rule is not modelled the result is *unknown*, which never raises an error:
//! being lenient can only miss an error, never invent one.
//!
//! With roots typed ([`check_typed`]: a mapping's record schemas as
//! [`Type::Record`]s) the same rules type record fields; an [`Observer`] then
//! sees every node's type, the fields a record lacks and each type error,
//! which does not stop the walk. The admin checks (`mapping::checks`) are
//! built on that.
//!
//! It is the only static pass: it also resolves names (strict roots, `let`
//! redeclarations), function calls (unknown functions with a suggestion,
//! argument counts) and where `#`, `#index` and `#acc` may stand, so the
//! compiler only emits code. It first bounds the tree's size and depth with
//! the iterative [`Expr::stats`], so its recursion (and the compiler's) is
//! bounded by `Options::max_depth`.

use std::rc::Rc;

use crate::error::{ErrorKind, SpannedError};
use crate::functions::HostFunction;
use crate::functions::{self, Imp, PredicateKind};
use crate::options::Options;
use crate::runtime::time::methods::{method, Receiver};
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use crate::types::{LoopTypes, Overload, Record, Signature, Type, Type::Unknown};

/// expr's `MaybeCompatible`: one side unknown and the other passing `check`.
fn maybe(l: &Type, r: &Type, check: impl Fn(&Type) -> bool) -> bool {
    (l.is_unknown() && r.is_unknown())
        || (l.is_unknown() && check(r))
        || (r.is_unknown() && check(l))
}

fn promote(l: &Type, r: &Type) -> Type {
    match (l, r) {
        (Type::Int, Type::Int) => Type::Int,
        (Type::Float, _) | (_, Type::Float) => Type::Float,
        _ => Unknown,
    }
}

fn err(msg: String, at: &Expr) -> SpannedError {
    ErrorKind::InvalidOperation(msg).at(at.span)
}

fn mismatch(op: BinaryOp, l: &Type, r: &Type, at: &Expr) -> SpannedError {
    err(
        format!(
            "invalid operation: {} (mismatched types {} and {})",
            op.as_str(),
            l.name(),
            r.name()
        ),
        at,
    )
}

struct Scope {
    elem: Type,
    kind: PredicateKind,
}

/// What a typed check ([`check_typed`]) reports as it walks.
pub trait Observer {
    /// `e` has type `t` (told after `e`'s operands).
    fn typed(&mut self, e: &Expr, t: &Type);
    /// `object.name` where `object` is a record without that field.
    fn unknown_field(&mut self, object: &Expr, property: &Expr, record: &Record, name: &str);
    /// The type error expr's checker would stop at, raised by node `e`; the
    /// walk goes on with `e` of unknown type.
    fn type_error(&mut self, e: &Expr, error: SpannedError);
}

struct Checker<'c> {
    functions: &'c [HostFunction],
    strict_roots: Option<&'c [String]>,
    /// Roots of known type (a typed check); empty: every root is unknown.
    roots: &'c [(String, Type)],
    observer: Option<&'c mut dyn Observer>,
    /// Inside a subtree expr does not type ([`Checker::visit_unchecked`]):
    /// its type errors are not reported.
    unchecked: u32,
    lets: Vec<(String, Type)>,
    preds: Vec<Scope>,
}

/// Checks `expr` as expr's checker does without an env; the first error found.
pub fn check(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
) -> Result<(), SpannedError> {
    Checker::bounded(expr, options, functions, &[], None)?
        .visit(expr)
        .map(|_| ())
}

/// Checks `expr` with `roots` of known type (a mapping's record schemas), by
/// the same rules as [`check`]. Type errors do not stop it: each goes to
/// `observer`, as do every node's type and each field a record lacks. The
/// error returned is one no type can explain (an unknown function, a `#`
/// outside a predicate, a tree too big), which [`check`] reports too.
pub fn check_typed(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
    roots: &[(String, Type)],
    observer: &mut dyn Observer,
) -> Result<Type, SpannedError> {
    Checker::bounded(expr, options, functions, roots, Some(observer))?.visit(expr)
}

fn is_type_error(e: &SpannedError) -> bool {
    matches!(
        e.kind,
        ErrorKind::InvalidOperation(_) | ErrorKind::Function(_)
    )
}

fn syntax(msg: String, span: Span) -> SpannedError {
    ErrorKind::Syntax(msg).at(span)
}

impl<'c> Checker<'c> {
    /// A checker for `expr`, once its size and depth are within the limits
    /// (which bound this pass's recursion and the compiler's).
    fn bounded(
        expr: &Expr,
        options: &'c Options,
        functions: &'c [HostFunction],
        roots: &'c [(String, Type)],
        observer: Option<&'c mut dyn Observer>,
    ) -> Result<Checker<'c>, SpannedError> {
        let stats = expr.stats();
        if stats.nodes > options.max_nodes {
            return Err(ErrorKind::TooManyNodes.at(expr.span));
        }
        if stats.depth > options.max_depth {
            return Err(ErrorKind::TooDeep(options.max_depth).at(stats.deepest));
        }
        Ok(Checker {
            functions,
            strict_roots: options.strict_roots.as_deref(),
            roots,
            observer,
            unchecked: 0,
            lets: Vec::new(),
            preds: Vec::new(),
        })
    }

    /// A `let` may not shadow a builtin, a host function, a variable or a root.
    fn declarable(&self, name: &str, span: Span) -> Result<(), SpannedError> {
        let what = if functions::lookup(name).is_some() {
            "builtin "
        } else if self.functions.iter().any(|f| f.name == name) {
            "function "
        } else if self.unchecked == 0 && self.lets.iter().any(|(n, _)| n == name) {
            // Unchecked (`$env[…]`), expr's compiler just shadows it.
            "variable "
        } else if self
            .strict_roots
            .is_some_and(|r| r.iter().any(|r| r == name))
        {
            ""
        } else {
            return Ok(());
        };
        Err(syntax(format!("cannot redeclare {what}{name}"), span))
    }

    /// Arguments `got` fit `min..=max`.
    fn arity(
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

    /// The builtin or host function nearest to a misspelled name.
    fn suggest(&self, name: &str) -> Option<String> {
        let builtins = functions::BUILTINS.iter().map(|b| b.name);
        let hosts = self.functions.iter().map(|f| f.name.as_str());
        crate::suggest::nearest(name, builtins.chain(hosts)).map(str::to_string)
    }

    #[inline(never)]
    fn let_(
        &mut self,
        name: &str,
        value: &Expr,
        body: &Expr,
        span: Span,
    ) -> Result<Type, SpannedError> {
        self.declarable(name, span)?;
        let t = self.visit(value)?;
        self.lets.push((name.to_string(), t));
        let r = self.visit(body);
        self.lets.pop();
        r
    }

    #[inline(never)]
    fn ident(&self, name: &str, span: Span) -> Result<Type, SpannedError> {
        let root = || self.roots.iter().find(|(n, _)| n == name);
        match self
            .lets
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .or_else(root)
        {
            Some((_, t)) => Ok(t.clone()),
            None if self
                .strict_roots
                .is_some_and(|r| !r.iter().any(|r| r == name)) =>
            {
                let roots = self.strict_roots.unwrap_or_default().iter();
                let lets = self.lets.iter().map(|(n, _)| n);
                let near = crate::suggest::nearest(name, roots.chain(lets).map(String::as_str));
                Err(ErrorKind::UnknownName {
                    name: name.to_string(),
                    suggestion: near.map(str::to_string),
                }
                .at(span))
            }
            None => Ok(Unknown),
        }
    }

    /// Where `#`, `#index` and `#acc` may stand (expr's checker texts).
    #[inline(never)]
    fn pointer(&self, p: Pointer, span: Span) -> Result<Type, SpannedError> {
        match (p, self.preds.last()) {
            (_, None) => Err(syntax(
                "cannot use pointer accessor outside predicate".into(),
                span,
            )),
            (Pointer::Element, Some(s)) => Ok(s.elem.clone()),
            (Pointer::Index, Some(s))
                if matches!(s.kind, PredicateKind::Map | PredicateKind::Reduce) =>
            {
                Ok(Type::Int)
            }
            (Pointer::Acc, Some(s)) if s.kind == PredicateKind::Reduce => Ok(Unknown),
            // Unchecked (`$env[…]`): expr compiles the pointer anyway.
            (_, Some(_)) if self.unchecked > 0 => Ok(Unknown),
            (Pointer::Index, _) => Err(syntax("unknown pointer #index".into(), span)),
            (Pointer::Acc, _) => Err(syntax("unknown pointer #acc".into(), span)),
        }
    }

    fn visit(&mut self, e: &Expr) -> Result<Type, SpannedError> {
        // One frame per level of the tree: `max_depth` is set for it.
        let r = match &e.kind {
            ExprKind::Nil => Ok(Type::Nil),
            ExprKind::Bool(_) => Ok(Type::Bool),
            ExprKind::Int(_) => Ok(Type::Int),
            ExprKind::Float(_) => Ok(Type::Float),
            ExprKind::Str(_) => Ok(Type::Str),
            ExprKind::Bytes(_) => Ok(Type::Bytes),
            ExprKind::Ident(name) => self.ident(name, e.span),
            ExprKind::Env => Ok(Unknown),
            ExprKind::Pointer(p) => self.pointer(*p, e.span),
            ExprKind::Unary { op, expr } => self.unary(*op, expr, e),
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right, e),
            ExprKind::Member {
                object, property, ..
            } => self.member(object, property, e),
            ExprKind::Slice { object, from, to } => {
                self.slice(object, from.as_deref(), to.as_deref(), e)
            }
            ExprKind::Chain(inner) | ExprKind::Predicate(inner) => self.visit(inner),
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } => self.call(name, *force_builtin, args, e),
            ExprKind::MethodCall {
                object, name, args, ..
            } => self.method(object, name, args, e),
            ExprKind::Array(items) => self.array(items),
            ExprKind::Map(entries) => self.map(entries),
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => self.conditional(cond, then.as_deref(), otherwise),
            ExprKind::Let { name, value, body } => self.let_(name, value, body, e.span),
            ExprKind::Sequence(items) => self.sequence(items),
        };
        match self.observer.as_deref_mut() {
            Some(o) if self.unchecked == 0 => Self::observe(o, e, r),
            _ => r,
        }
    }

    #[inline(never)]
    fn observe(
        o: &mut dyn Observer,
        e: &Expr,
        r: Result<Type, SpannedError>,
    ) -> Result<Type, SpannedError> {
        match r {
            Ok(t) => {
                o.typed(e, &t);
                Ok(t)
            }
            Err(err) if is_type_error(&err) => {
                o.type_error(e, err);
                o.typed(e, &Unknown);
                Ok(Unknown)
            }
            Err(err) => Err(err),
        }
    }

    #[inline(never)]
    fn map(&mut self, entries: &[(Expr, Expr)]) -> Result<Type, SpannedError> {
        for (k, v) in entries {
            self.visit(k)?;
            self.visit(v)?;
        }
        Ok(Type::Map)
    }

    #[inline(never)]
    fn sequence(&mut self, items: &[Expr]) -> Result<Type, SpannedError> {
        let mut t = Type::Nil;
        for it in items {
            t = self.visit(it)?;
        }
        Ok(t)
    }

    #[inline(never)]
    /// Visits a subtree expr's checker would not type: names, calls and `#`
    /// scope are still resolved (the compiler relies on them), type errors
    /// are left to the run time.
    fn visit_unchecked(&mut self, e: &Expr) -> Result<(), SpannedError> {
        self.unchecked += 1;
        let r = self.visit(e);
        self.unchecked -= 1;
        match r {
            Err(err) if is_type_error(&err) => Ok(()),
            r => r.map(|_| ()),
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr, e: &Expr) -> Result<Type, SpannedError> {
        let t = self.visit(operand)?;
        let (sym, ok, out) = match op {
            UnaryOp::Not => ("!", t == Type::Bool || t.is_unknown(), Type::Bool),
            UnaryOp::Neg | UnaryOp::Plus => (
                if op == UnaryOp::Neg { "-" } else { "+" },
                t.is_number() || t.is_unknown(),
                t.clone(),
            ),
        };
        if !ok {
            return Err(err(
                format!("invalid operation: {sym} (mismatched type {})", t.name()),
                e,
            ));
        }
        Ok(out)
    }

    #[inline(never)]
    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        e: &Expr,
    ) -> Result<Type, SpannedError> {
        use BinaryOp::*;
        let l = self.visit(left)?;
        let r = self.visit(right)?;
        let num = |t: &Type| t.is_number();
        let string = |t: &Type| *t == Type::Str;
        let time = |t: &Type| *t == Type::Time;
        let dur = |t: &Type| *t == Type::Duration;
        let out = match op {
            Eq | Ne => l.comparable_to(&r).then_some(Type::Bool),
            And | Or => ((l == Type::Bool && r == Type::Bool)
                || maybe(&l, &r, |t| *t == Type::Bool))
            .then_some(Type::Bool),
            Lt | Gt | Le | Ge => ((num(&l) && num(&r))
                || (string(&l) && string(&r))
                || (time(&l) && time(&r))
                || (dur(&l) && dur(&r))
                || maybe(&l, &r, |t| num(t) || string(t) || time(t) || dur(t)))
            .then_some(Type::Bool),
            Sub => {
                if num(&l) && num(&r) {
                    Some(promote(&l, &r))
                } else if time(&l) && time(&r) {
                    Some(Type::Duration)
                } else if time(&l) && dur(&r) {
                    Some(Type::Time)
                } else {
                    maybe(&l, &r, |t| num(t) || time(t) || dur(t)).then_some(Unknown)
                }
            }
            Mul => {
                if num(&l) && num(&r) {
                    Some(promote(&l, &r))
                } else {
                    maybe(&l, &r, |t| num(t) || dur(t)).then_some(Unknown)
                }
            }
            Div | Pow => ((num(&l) && num(&r)) || maybe(&l, &r, num)).then_some(Type::Float),
            Mod => ((l.is_integer() && r.is_integer()) || maybe(&l, &r, Type::is_integer))
                .then_some(Type::Int),
            Add => {
                if num(&l) && num(&r) {
                    Some(promote(&l, &r))
                } else if string(&l) && string(&r) {
                    Some(Type::Str)
                } else if (time(&l) && dur(&r)) || (dur(&l) && time(&r)) {
                    Some(Type::Time)
                } else {
                    maybe(&l, &r, |t| num(t) || string(t) || time(t) || dur(t)).then_some(Unknown)
                }
            }
            In => return self.in_(&l, &r, e),
            Matches => {
                if let ExprKind::Str(p) = &right.kind {
                    crate::runtime::ops::compile_regex(p).map_err(|k| k.at(e.span))?;
                }
                (((string(&l) || l == Type::Bytes) && string(&r)) || maybe(&l, &r, string))
                    .then_some(Type::Bool)
            }
            Contains | StartsWith | EndsWith => {
                ((string(&l) && string(&r)) || maybe(&l, &r, string)).then_some(Type::Bool)
            }
            Range => ((l.is_integer() && r.is_integer()) || maybe(&l, &r, Type::is_integer))
                .then(|| Type::Array(Rc::new(Type::Int))),
            Coalesce => Some(match (&l, &r) {
                (Type::Nil, _) => r.clone(),
                (_, Type::Nil) => l.clone(),
                _ if r.assignable_to(&l) => l.clone(),
                _ => Unknown,
            }),
        };
        out.ok_or_else(|| mismatch(op, &l, &r, e))
    }

    fn in_(&mut self, l: &Type, r: &Type, e: &Expr) -> Result<Type, SpannedError> {
        if r.is_map() {
            let key = if r.is_string_map() {
                Type::Str
            } else {
                Unknown
            };
            if !l.is_unknown() && !l.assignable_to(&key) {
                return Err(err(
                    format!("cannot use {} as type {} in map key", l.name(), key.name()),
                    e,
                ));
            }
            return Ok(Type::Bool);
        }
        if r.is_array() {
            let el = r.elem();
            if !l.comparable_to(&el) {
                return Err(err(
                    format!("cannot use {} as type {} in array", l.name(), el.name()),
                    e,
                ));
            }
            return Ok(Type::Bool);
        }
        if (l.is_unknown() && (*r == Type::Str || r.is_array() || r.is_map())) || r.is_unknown() {
            return Ok(Type::Bool);
        }
        Err(mismatch(BinaryOp::In, l, r, e))
    }

    #[inline(never)]
    fn member(&mut self, object: &Expr, property: &Expr, e: &Expr) -> Result<Type, SpannedError> {
        if matches!(object.kind, ExprKind::Env) {
            // `$env[…]`, `$env?.[…]`: expr's checker answers unknown without
            // looking at the key.
            self.visit_unchecked(property)?;
            return Ok(Unknown);
        }
        let base = self.visit(object)?;
        let prop = self.visit(property)?;
        if base.is_unknown() {
            return Ok(Unknown);
        }
        let name = match &property.kind {
            ExprKind::Str(s) => Some(s.as_str()),
            _ => None,
        };
        if let (Type::Record(rec), Some(name)) = (&base, name) {
            if let Some(f) = rec.field(name) {
                return Ok(f.ty.clone());
            }
            if self.unchecked == 0 {
                if let Some(o) = self.observer.as_deref_mut() {
                    o.unknown_field(object, property, rec, name);
                }
            }
            return Ok(Unknown);
        }
        if let Some(name) = name {
            if base == Type::Nil {
                return Err(err(format!("type nil has no field {name}"), e));
            }
            if has_method(&base, name) {
                // A method value (not called): nothing we model.
                return Ok(Unknown);
            }
        }
        match &base {
            b if b.is_map() => {
                let key = if b.is_string_map() {
                    Type::Str
                } else {
                    Unknown
                };
                if !prop.assignable_to(&key) && !prop.is_unknown() {
                    return Err(err(
                        format!(
                            "cannot use {} to get an element from {}",
                            prop.name(),
                            base.name()
                        ),
                        property,
                    ));
                }
                return Ok(base.elem());
            }
            b if b.is_array() => {
                if !prop.is_integer() && !prop.is_unknown() {
                    return Err(err(
                        format!(
                            "array elements can only be selected using an integer (got {})",
                            prop.name()
                        ),
                        property,
                    ));
                }
                return Ok(base.elem());
            }
            _ => {}
        }
        Err(err(
            match name {
                Some(n) => format!("type {} has no field {n}", base.name()),
                None => format!("type {}[{}] is undefined", base.name(), prop.name()),
            },
            e,
        ))
    }

    #[inline(never)]
    fn slice(
        &mut self,
        object: &Expr,
        from: Option<&Expr>,
        to: Option<&Expr>,
        e: &Expr,
    ) -> Result<Type, SpannedError> {
        let t = self.visit(object)?;
        if t.is_unknown() {
            // As for a call on an unknown value, expr does not type the bounds.
            for x in from.into_iter().chain(to) {
                self.visit_unchecked(x)?;
            }
            return Ok(Unknown);
        }
        if t != Type::Str && !t.is_array() {
            return Err(err(format!("cannot slice {}", t.name()), e));
        }
        for x in from.into_iter().chain(to) {
            let i = self.visit(x)?;
            if !i.is_integer() && !i.is_unknown() {
                return Err(err(format!("non-integer slice index {}", i.name()), x));
            }
        }
        Ok(t)
    }

    #[inline(never)]
    fn array(&mut self, items: &[Expr]) -> Result<Type, SpannedError> {
        let mut prev = Unknown;
        let mut same = true;
        for (i, it) in items.iter().enumerate() {
            let cur = self.visit(it)?;
            if i > 0 && cur.kind() != prev.kind() {
                same = false;
            }
            prev = cur;
        }
        Ok(Type::Array(Rc::new(if same { prev } else { Unknown })))
    }

    #[inline(never)]
    fn conditional(
        &mut self,
        cond: &Expr,
        then: Option<&Expr>,
        otherwise: &Expr,
    ) -> Result<Type, SpannedError> {
        let c = self.visit(cond)?;
        if c != Type::Bool && !c.is_unknown() {
            return Err(err(
                format!("non-bool expression (type {}) used as condition", c.name()),
                cond,
            ));
        }
        let t1 = match then {
            Some(t) => self.visit(t)?,
            None => c,
        };
        let t2 = self.visit(otherwise)?;
        Ok(match (&t1, &t2) {
            (Type::Nil, _) => t2,
            (_, Type::Nil) => t1,
            (Type::Array(a), Type::Array(b)) if a != b => Type::unknown_array(),
            // expr: a known type only when both branches have it.
            _ if t1.assignable_to(&t2) && !t1.is_unknown() && !t2.is_unknown() => t1,
            _ => Unknown,
        })
    }

    #[inline(never)]
    fn method(
        &mut self,
        object: &Expr,
        name: &str,
        args: &[Expr],
        e: &Expr,
    ) -> Result<Type, SpannedError> {
        let base = self.visit(object)?;
        if base.is_unknown() {
            // expr's checker does not look into the arguments of a call on a
            // value of unknown type; they fail, if at all, when they run.
            for a in args {
                self.visit_unchecked(a)?;
            }
            return Ok(Unknown);
        }
        let mut natures = Vec::with_capacity(args.len());
        for a in args {
            natures.push(self.visit(a)?);
        }
        let receiver = match &base {
            b if b.is_unknown() || b.is_map() => return Ok(Unknown),
            Type::Nil => return Err(err(format!("type nil has no field {name}"), e)),
            b if b.is_array() => {
                return Err(err(
                    "array elements can only be selected using an integer (got string)".into(),
                    e,
                ))
            }
            b => receiver(b),
        };
        match receiver {
            None => Err(err(format!("type {} has no method {name}", base.name()), e)),
            // Time values know their methods; one not listed is left to the
            // run time, which names the multi-result ones (`Date`, `Clock`).
            Some(r) => match method(r, name) {
                Some(m) => self.signature(name, std::slice::from_ref(&m.sig), &natures, args, e),
                None if matches!(base, Type::Time | Type::Duration) => Ok(Unknown),
                None => Err(err(format!("type {} has no method {name}", base.name()), e)),
            },
        }
    }

    /// expr's overload resolution over Go signatures: the first that fits.
    fn signature(
        &self,
        name: &str,
        overloads: &[Overload],
        args: &[Type],
        arg_exprs: &[Expr],
        e: &Expr,
    ) -> Result<Type, SpannedError> {
        if let Some(o) = overloads.iter().find(|o| o.fits(args)) {
            return Ok(o.ret.ty());
        }
        // expr reports the last overload's first misfit, at that argument.
        let misfit = overloads
            .iter()
            .rev()
            .find(|o| o.params.len() == args.len())
            .and_then(|o| {
                o.params
                    .iter()
                    .zip(args)
                    .zip(arg_exprs)
                    .find(|((p, a), _)| !crate::types::accepts(**p, a))
            });
        let (msg, span) = match misfit {
            Some(((p, a), at)) => (
                format!(
                    "cannot use {} as argument (type {}) to call {name}",
                    a.name(),
                    p.name()
                ),
                at.span,
            ),
            None => (
                format!("invalid number of arguments to call {name}"),
                e.span,
            ),
        };
        Err(ErrorKind::Function(msg).at(span))
    }

    #[inline(never)]
    fn call(
        &mut self,
        name: &str,
        force_builtin: bool,
        args: &[Expr],
        e: &Expr,
    ) -> Result<Type, SpannedError> {
        let host = (!force_builtin)
            .then(|| self.functions.iter().find(|f| f.name == name))
            .flatten();
        let builtin = if host.is_some() {
            None
        } else {
            functions::lookup(name)
        };
        // Unknown functions and wrong argument counts are reported once the
        // arguments were checked, as expr does.
        let fits = |b: &&functions::Builtin| {
            args.len() >= b.min_args && b.max_args.is_none_or(|m| args.len() <= m)
        };
        let Some((_, b)) = builtin.filter(|(_, b)| fits(b)) else {
            let mut natures = Vec::with_capacity(args.len());
            for a in args {
                natures.push(self.visit(a)?);
            }
            let span = e.span;
            if self.unchecked > 0 {
                // expr compiles a call it never typed as it stands: an unknown
                // name is called as a value, a wrong argument count fails
                // inside the function; both only when the call runs (the
                // compiler emits the failure).
                return Ok(Unknown);
            }
            return match (host, builtin) {
                (Some(f), _) => {
                    Self::arity(name, f.min_args, f.max_args, args.len(), span)?;
                    self.typed(name, f.sig, &natures, args, e)
                }
                (None, Some((_, b))) => {
                    Self::arity(name, b.min_args, b.max_args, args.len(), span).map(|()| Unknown)
                }
                (None, None) => Err(ErrorKind::UnknownFunction {
                    name: name.to_string(),
                    suggestion: self.suggest(name),
                }
                .at(span)),
            };
        };
        if let (Imp::Predicate(kind), Signature::Loop { boolean, result }) = (b.imp, b.sig) {
            return self.predicate(name, kind, boolean, result, args);
        }
        let mut natures = Vec::with_capacity(args.len());
        for a in args {
            natures.push(self.visit(a)?);
        }
        self.typed(name, b.sig, &natures, args, e)
    }

    /// A call's type from its function's signature (builtin or host alike).
    fn typed(
        &self,
        name: &str,
        sig: Signature,
        natures: &[Type],
        args: &[Expr],
        e: &Expr,
    ) -> Result<Type, SpannedError> {
        match sig {
            Signature::Overloads(o) => self.signature(name, o, natures, args, e),
            Signature::Rule(rule) => {
                rule(name, natures).map_err(|msg| ErrorKind::Function(msg).at(e.span))
            }
            Signature::Loop { .. } | Signature::Unchecked => Ok(Unknown),
        }
    }

    #[inline(never)]
    fn predicate(
        &mut self,
        name: &str,
        kind: PredicateKind,
        boolean: bool,
        result: fn(&LoopTypes) -> Type,
        args: &[Expr],
    ) -> Result<Type, SpannedError> {
        let Some(first) = args.first() else {
            return Ok(Unknown);
        };
        let coll = self.visit(first)?;
        if !coll.is_array() && !coll.is_unknown() {
            return Err(err(
                format!("builtin {name} takes only array (got {})", coll.name()),
                first,
            ));
        }
        let out = match args.get(1) {
            Some(p) => {
                self.preds.push(Scope {
                    elem: coll.elem(),
                    kind,
                });
                let r = self.visit(p);
                self.preds.pop();
                let out = r?;
                if out == Type::Nil {
                    return Err(err(
                        "predicate should has one input and one output param".into(),
                        p,
                    ));
                }
                if boolean && out != Type::Bool && !out.is_unknown() {
                    return Err(err(
                        format!("predicate should return boolean (got {})", out.name()),
                        p,
                    ));
                }
                Some(out)
            }
            None => None,
        };
        for a in args.iter().skip(2) {
            self.visit(a)?;
        }
        Ok(result(&LoopTypes {
            element: coll.elem(),
            collection: coll,
            predicate: out,
        }))
    }
}

/// The receiver whose methods a value of this type has.
fn receiver(base: &Type) -> Option<Receiver> {
    match base {
        Type::Time => Some(Receiver::Time),
        Type::Duration => Some(Receiver::Duration),
        Type::Location => Some(Receiver::Location),
        Type::OtherInt => Some(Receiver::NamedInt),
        _ => None,
    }
}

fn has_method(base: &Type, name: &str) -> bool {
    receiver(base).is_some_and(|r| method(r, name).is_some())
}
