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
//! It is the only static pass: it also resolves names (strict roots, `let`
//! redeclarations), function calls (unknown functions with a suggestion,
//! argument counts) and where `#`, `#index` and `#acc` may stand, so the
//! compiler only emits code. It first bounds the tree's size and depth with
//! the iterative [`Expr::stats`], so its recursion (and the compiler's) is
//! bounded by `Options::max_depth`.

use std::rc::Rc;

use crate::compile::Options;
use crate::error::{ErrorKind, SpannedError};
use crate::functions::HostFunction;
use crate::functions::{self, Imp, PredicateKind};
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};

/// What the checker knows about a value: expr's `Nature`, reduced to the Go
/// types a JSON env and the builtins produce.
#[derive(Clone, Debug, PartialEq)]
enum Nt {
    /// Unknown or `interface{}`: accepted everywhere.
    Unknown,
    /// The literal `nil`.
    Nil,
    Bool,
    Int,
    Float,
    Str,
    /// Go `[]any` whose elements have the given nature (unknown when mixed).
    Array(Rc<Nt>),
    /// Go `[]string` (`split`, `splitAfter`).
    Strings,
    /// Go `[]byte`.
    Bytes,
    /// `map[string]any`.
    Map,
    /// `map[any]X` (`groupBy`, `fromPairs`), with X's nature.
    AnyMap(Rc<Nt>),
    Time,
    Duration,
    Location,
    /// `time.Month`, `time.Weekday`, `int64` from methods: integers.
    OtherInt,
}

use Nt::Unknown;

fn unknown_array() -> Nt {
    Nt::Array(Rc::new(Unknown))
}

impl Nt {
    fn is_unknown(&self) -> bool {
        *self == Unknown
    }
    fn is_integer(&self) -> bool {
        matches!(self, Nt::Int | Nt::Duration | Nt::OtherInt)
    }
    fn is_number(&self) -> bool {
        self.is_integer() || *self == Nt::Float
    }
    fn is_array(&self) -> bool {
        matches!(self, Nt::Array(_) | Nt::Strings | Nt::Bytes)
    }
    fn is_map(&self) -> bool {
        matches!(self, Nt::Map | Nt::AnyMap(_))
    }

    /// The nature of an element (or a map value).
    fn elem(&self) -> Nt {
        match self {
            Nt::Array(e) | Nt::AnyMap(e) => (**e).clone(),
            Nt::Strings => Nt::Str,
            Nt::Bytes => Nt::OtherInt,
            _ => Unknown,
        }
    }

    /// The element type Go's reflection sees (`[]any` hides the literal's).
    fn go_elem(&self) -> Nt {
        match self {
            Nt::Strings => Nt::Str,
            Nt::Bytes => Nt::OtherInt,
            _ => Unknown,
        }
    }

    /// Go's `reflect.Kind`, as far as array literals compare them.
    fn kind(&self) -> u8 {
        match self {
            Unknown | Nt::Nil => 0,
            Nt::Bool => 1,
            Nt::Int => 2,
            Nt::Float => 3,
            Nt::Str => 4,
            Nt::Array(_) | Nt::Strings | Nt::Bytes => 5,
            Nt::Map | Nt::AnyMap(_) => 6,
            Nt::Time => 7,
            Nt::Duration => 8,
            Nt::Location => 9,
            Nt::OtherInt => 10,
        }
    }

    /// Go's assignability of a value of this nature to a variable of `to`'s.
    fn assignable_to(&self, to: &Nt) -> bool {
        match (self, to) {
            (_, Unknown) => true,
            (Unknown | Nt::Nil, _) => false,
            (Nt::Array(_), Nt::Array(_)) | (Nt::AnyMap(_), Nt::AnyMap(_)) => true,
            (a, b) => a == b,
        }
    }

    fn comparable_to(&self, r: &Nt) -> bool {
        self.is_unknown()
            || r.is_unknown()
            || *self == Nt::Nil
            || *r == Nt::Nil
            || (self.is_number() && r.is_number())
            || (self.is_array() && r.is_array())
            || self.assignable_to(r)
    }

    fn name(&self) -> &'static str {
        match self {
            Unknown => "interface {}",
            Nt::Nil => "nil",
            Nt::Bool => "bool",
            Nt::Int => "int",
            Nt::Float => "float64",
            Nt::Str => "string",
            Nt::Array(_) => "[]interface {}",
            Nt::Strings => "[]string",
            Nt::Bytes => "[]uint8",
            Nt::Map => "map[string]interface {}",
            Nt::AnyMap(_) => "map[interface {}]interface {}",
            Nt::Time => "time.Time",
            Nt::Duration => "time.Duration",
            Nt::Location => "*time.Location",
            Nt::OtherInt => "int64",
        }
    }
}

/// expr's `MaybeCompatible`: one side unknown and the other passing `check`.
fn maybe(l: &Nt, r: &Nt, check: impl Fn(&Nt) -> bool) -> bool {
    (l.is_unknown() && r.is_unknown())
        || (l.is_unknown() && check(r))
        || (r.is_unknown() && check(l))
}

fn promote(l: &Nt, r: &Nt) -> Nt {
    match (l, r) {
        (Nt::Int, Nt::Int) => Nt::Int,
        (Nt::Float, _) | (_, Nt::Float) => Nt::Float,
        _ => Unknown,
    }
}

fn err(msg: String, at: &Expr) -> SpannedError {
    ErrorKind::InvalidOperation(msg).at(at.span)
}

fn mismatch(op: BinaryOp, l: &Nt, r: &Nt, at: &Expr) -> SpannedError {
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

/// A parameter of a builtin's Go signature.
#[derive(Clone, Copy)]
enum P {
    Str,
    Int,
    Any,
    /// `[]any`
    AnyArr,
    /// `[]string`
    StrArr,
    /// `[]int` / `[]float64`: nothing here has these Go types.
    NumArr,
    Loc,
    Time,
    Dur,
}

impl P {
    fn name(self) -> &'static str {
        match self {
            P::Str => "string",
            P::Int => "int",
            P::Any => "interface {}",
            P::AnyArr => "[]interface {}",
            P::StrArr => "[]string",
            P::NumArr => "[]int",
            P::Loc => "*time.Location",
            P::Time => "time.Time",
            P::Dur => "time.Duration",
        }
    }
}

fn accepts(p: P, a: &Nt) -> bool {
    if a.is_unknown() {
        return true;
    }
    match p {
        P::Any => true,
        P::Int | P::Dur => a.is_integer(),
        P::Str => *a == Nt::Str,
        P::AnyArr => matches!(a, Nt::Array(_)),
        P::StrArr => *a == Nt::Strings,
        P::NumArr => false,
        P::Loc => *a == Nt::Location,
        P::Time => *a == Nt::Time,
    }
}

struct Scope {
    elem: Nt,
    kind: PredicateKind,
}

struct Checker<'c> {
    functions: &'c [HostFunction],
    strict_roots: Option<&'c [String]>,
    lets: Vec<(String, Nt)>,
    preds: Vec<Scope>,
}

/// Checks `expr` as expr's checker does without an env; the first error found.
pub fn check(
    expr: &Expr,
    options: &Options,
    functions: &[HostFunction],
) -> Result<(), SpannedError> {
    let stats = expr.stats();
    if stats.nodes > options.max_nodes {
        return Err(ErrorKind::TooManyNodes.at(expr.span));
    }
    if stats.depth > options.max_depth {
        return Err(ErrorKind::TooDeep(options.max_depth).at(stats.deepest));
    }
    let mut c = Checker {
        functions,
        strict_roots: options.strict_roots.as_deref(),
        lets: Vec::new(),
        preds: Vec::new(),
    };
    c.visit(expr).map(|_| ())
}

fn syntax(msg: String, span: Span) -> SpannedError {
    ErrorKind::Syntax(msg).at(span)
}

impl Checker<'_> {
    /// A `let` may not shadow a builtin, a host function, a variable or a root.
    fn declarable(&self, name: &str, span: Span) -> Result<(), SpannedError> {
        let what = if functions::lookup(name).is_some() {
            "builtin "
        } else if self.functions.iter().any(|f| f.name == name) {
            "function "
        } else if self.lets.iter().any(|(n, _)| n == name) {
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
    ) -> Result<Nt, SpannedError> {
        self.declarable(name, span)?;
        let t = self.visit(value)?;
        self.lets.push((name.to_string(), t));
        let r = self.visit(body);
        self.lets.pop();
        r
    }

    #[inline(never)]
    fn ident(&self, name: &str, span: Span) -> Result<Nt, SpannedError> {
        match self.lets.iter().rev().find(|(n, _)| n == name) {
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
    fn pointer(&self, p: Pointer, span: Span) -> Result<Nt, SpannedError> {
        match (p, self.preds.last()) {
            (_, None) => Err(syntax(
                "cannot use pointer accessor outside predicate".into(),
                span,
            )),
            (Pointer::Element, Some(s)) => Ok(s.elem.clone()),
            (Pointer::Index, Some(s))
                if matches!(s.kind, PredicateKind::Map | PredicateKind::Reduce) =>
            {
                Ok(Nt::Int)
            }
            (Pointer::Acc, Some(s)) if s.kind == PredicateKind::Reduce => Ok(Unknown),
            (Pointer::Index, _) => Err(syntax("unknown pointer #index".into(), span)),
            (Pointer::Acc, _) => Err(syntax("unknown pointer #acc".into(), span)),
        }
    }

    fn visit(&mut self, e: &Expr) -> Result<Nt, SpannedError> {
        Ok(match &e.kind {
            ExprKind::Nil => Nt::Nil,
            ExprKind::Bool(_) => Nt::Bool,
            ExprKind::Int(_) => Nt::Int,
            ExprKind::Float(_) => Nt::Float,
            ExprKind::Str(_) => Nt::Str,
            ExprKind::Bytes(_) => Nt::Bytes,
            ExprKind::Ident(name) => self.ident(name, e.span)?,
            ExprKind::Env => Unknown,
            ExprKind::Pointer(p) => self.pointer(*p, e.span)?,
            ExprKind::Unary { op, expr } => self.unary(*op, expr, e)?,
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right, e)?,
            ExprKind::Member {
                object, property, ..
            } => self.member(object, property, e)?,
            ExprKind::Slice { object, from, to } => {
                self.slice(object, from.as_deref(), to.as_deref(), e)?
            }
            ExprKind::Chain(inner) | ExprKind::Predicate(inner) => self.visit(inner)?,
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } => self.call(name, *force_builtin, args, e)?,
            ExprKind::MethodCall {
                object, name, args, ..
            } => self.method(object, name, args, e)?,
            ExprKind::Array(items) => self.array(items)?,
            ExprKind::Map(entries) => {
                for (k, v) in entries {
                    self.visit(k)?;
                    self.visit(v)?;
                }
                Nt::Map
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => self.conditional(cond, then.as_deref(), otherwise)?,
            ExprKind::Let { name, value, body } => self.let_(name, value, body, e.span)?,
            ExprKind::Sequence(items) => {
                let mut t = Nt::Nil;
                for it in items {
                    t = self.visit(it)?;
                }
                t
            }
        })
    }

    #[inline(never)]
    fn unary(&mut self, op: UnaryOp, operand: &Expr, e: &Expr) -> Result<Nt, SpannedError> {
        let t = self.visit(operand)?;
        let (sym, ok, out) = match op {
            UnaryOp::Not => ("!", t == Nt::Bool || t.is_unknown(), Nt::Bool),
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
    ) -> Result<Nt, SpannedError> {
        use BinaryOp::*;
        let l = self.visit(left)?;
        let r = self.visit(right)?;
        let num = |t: &Nt| t.is_number();
        let string = |t: &Nt| *t == Nt::Str;
        let time = |t: &Nt| *t == Nt::Time;
        let dur = |t: &Nt| *t == Nt::Duration;
        let out = match op {
            Eq | Ne => l.comparable_to(&r).then_some(Nt::Bool),
            And | Or => ((l == Nt::Bool && r == Nt::Bool) || maybe(&l, &r, |t| *t == Nt::Bool))
                .then_some(Nt::Bool),
            Lt | Gt | Le | Ge => ((num(&l) && num(&r))
                || (string(&l) && string(&r))
                || (time(&l) && time(&r))
                || (dur(&l) && dur(&r))
                || maybe(&l, &r, |t| num(t) || string(t) || time(t) || dur(t)))
            .then_some(Nt::Bool),
            Sub => {
                if num(&l) && num(&r) {
                    Some(promote(&l, &r))
                } else if time(&l) && time(&r) {
                    Some(Nt::Duration)
                } else if time(&l) && dur(&r) {
                    Some(Nt::Time)
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
            Div | Pow => ((num(&l) && num(&r)) || maybe(&l, &r, num)).then_some(Nt::Float),
            Mod => ((l.is_integer() && r.is_integer()) || maybe(&l, &r, Nt::is_integer))
                .then_some(Nt::Int),
            Add => {
                if num(&l) && num(&r) {
                    Some(promote(&l, &r))
                } else if string(&l) && string(&r) {
                    Some(Nt::Str)
                } else if (time(&l) && dur(&r)) || (dur(&l) && time(&r)) {
                    Some(Nt::Time)
                } else {
                    maybe(&l, &r, |t| num(t) || string(t) || time(t) || dur(t)).then_some(Unknown)
                }
            }
            In => return self.in_(&l, &r, e),
            Matches => {
                if let ExprKind::Str(p) = &right.kind {
                    crate::runtime::ops::compile_regex(p).map_err(|k| k.at(right.span))?;
                }
                (((string(&l) || l == Nt::Bytes) && string(&r)) || maybe(&l, &r, string))
                    .then_some(Nt::Bool)
            }
            Contains | StartsWith | EndsWith => {
                ((string(&l) && string(&r)) || maybe(&l, &r, string)).then_some(Nt::Bool)
            }
            Range => ((l.is_integer() && r.is_integer()) || maybe(&l, &r, Nt::is_integer))
                .then(|| Nt::Array(Rc::new(Nt::Int))),
            Coalesce => Some(match (&l, &r) {
                (Nt::Nil, _) => r.clone(),
                (_, Nt::Nil) => l.clone(),
                _ if r.assignable_to(&l) => l.clone(),
                _ => Unknown,
            }),
        };
        out.ok_or_else(|| mismatch(op, &l, &r, e))
    }

    fn in_(&mut self, l: &Nt, r: &Nt, e: &Expr) -> Result<Nt, SpannedError> {
        if r.is_map() {
            let key = match r {
                Nt::Map => Nt::Str,
                _ => Unknown,
            };
            if !l.is_unknown() && !l.assignable_to(&key) {
                return Err(err(
                    format!("cannot use {} as type {} in map key", l.name(), key.name()),
                    e,
                ));
            }
            return Ok(Nt::Bool);
        }
        if r.is_array() {
            let el = r.elem();
            if !l.comparable_to(&el) {
                return Err(err(
                    format!("cannot use {} as type {} in array", l.name(), el.name()),
                    e,
                ));
            }
            return Ok(Nt::Bool);
        }
        if (l.is_unknown() && (*r == Nt::Str || r.is_array() || r.is_map())) || r.is_unknown() {
            return Ok(Nt::Bool);
        }
        Err(mismatch(BinaryOp::In, l, r, e))
    }

    #[inline(never)]
    fn member(&mut self, object: &Expr, property: &Expr, e: &Expr) -> Result<Nt, SpannedError> {
        let base = self.visit(object)?;
        let prop = self.visit(property)?;
        if base.is_unknown() {
            return Ok(Unknown);
        }
        let name = match &property.kind {
            ExprKind::Str(s) => Some(s.as_str()),
            _ => None,
        };
        if let Some(name) = name {
            if base == Nt::Nil {
                return Err(err(format!("type nil has no field {name}"), e));
            }
            if has_method(&base, name) {
                // A method value (not called): nothing we model.
                return Ok(Unknown);
            }
        }
        match &base {
            Nt::Map | Nt::AnyMap(_) => {
                let key = if base == Nt::Map { Nt::Str } else { Unknown };
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
    ) -> Result<Nt, SpannedError> {
        let t = self.visit(object)?;
        if t.is_unknown() {
            for x in from.into_iter().chain(to) {
                self.visit(x)?;
            }
            return Ok(Unknown);
        }
        if t != Nt::Str && !t.is_array() {
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
    fn array(&mut self, items: &[Expr]) -> Result<Nt, SpannedError> {
        let mut prev = Unknown;
        let mut same = true;
        for (i, it) in items.iter().enumerate() {
            let cur = self.visit(it)?;
            if i > 0 && cur.kind() != prev.kind() {
                same = false;
            }
            prev = cur;
        }
        Ok(Nt::Array(Rc::new(if same { prev } else { Unknown })))
    }

    #[inline(never)]
    fn conditional(
        &mut self,
        cond: &Expr,
        then: Option<&Expr>,
        otherwise: &Expr,
    ) -> Result<Nt, SpannedError> {
        let c = self.visit(cond)?;
        if c != Nt::Bool && !c.is_unknown() {
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
            (Nt::Nil, _) => t2,
            (_, Nt::Nil) => t1,
            (Nt::Array(a), Nt::Array(b)) if a != b => unknown_array(),
            _ if t1.assignable_to(&t2) && !t1.is_unknown() => t1,
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
    ) -> Result<Nt, SpannedError> {
        let base = self.visit(object)?;
        let mut natures = Vec::with_capacity(args.len());
        for a in args {
            natures.push(self.visit(a)?);
        }
        let sig: Option<(&[P], Nt)> = match (&base, name) {
            (Unknown, _) => return Ok(Unknown),
            (Nt::Nil, _) => return Err(err(format!("type nil has no field {name}"), e)),
            (Nt::Time, _) => time_method(name),
            (Nt::Duration, _) => duration_method(name),
            (Nt::Location | Nt::OtherInt, "String") => Some((&[], Nt::Str)),
            (Nt::Map | Nt::AnyMap(_), _) => return Ok(Unknown),
            (b, _) if b.is_array() => {
                return Err(err(
                    "array elements can only be selected using an integer (got string)".into(),
                    e,
                ))
            }
            _ => return Err(err(format!("type {} has no method {name}", base.name()), e)),
        };
        let Some((params, out)) = sig else {
            return Ok(Unknown);
        };
        self.signature(name, &[(params, out)], &natures, e)
    }

    /// expr's overload resolution over Go signatures: the first that fits.
    fn signature(
        &self,
        name: &str,
        overloads: &[(&[P], Nt)],
        args: &[Nt],
        e: &Expr,
    ) -> Result<Nt, SpannedError> {
        for (params, out) in overloads {
            if params.len() == args.len() && params.iter().zip(args).all(|(p, a)| accepts(*p, a)) {
                return Ok(out.clone());
            }
        }
        // expr reports the last overload's first misfit.
        let misfit = overloads
            .iter()
            .rev()
            .find(|(params, _)| params.len() == args.len())
            .and_then(|(params, _)| params.iter().zip(args).find(|(p, a)| !accepts(**p, a)));
        let msg = match misfit {
            Some((p, a)) => format!(
                "cannot use {} as argument (type {}) to call {name}",
                a.name(),
                p.name()
            ),
            None => format!("invalid number of arguments to call {name}"),
        };
        Err(ErrorKind::Function(msg).at(e.span))
    }

    #[inline(never)]
    fn call(
        &mut self,
        name: &str,
        force_builtin: bool,
        args: &[Expr],
        e: &Expr,
    ) -> Result<Nt, SpannedError> {
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
            for a in args {
                self.visit(a)?;
            }
            let span = e.span;
            return match (host, builtin) {
                (Some(f), _) => Self::arity(name, f.min_args, f.max_args, args.len(), span),
                (None, Some((_, b))) => Self::arity(name, b.min_args, b.max_args, args.len(), span),
                (None, None) => Err(ErrorKind::UnknownFunction {
                    name: name.to_string(),
                    suggestion: self.suggest(name),
                }
                .at(span)),
            }
            .map(|()| Unknown);
        };
        if let Imp::Predicate(kind) = b.imp {
            return self.predicate(name, kind, args);
        }
        let mut natures = Vec::with_capacity(args.len());
        for a in args {
            natures.push(self.visit(a)?);
        }
        self.builtin(name, &natures, args, e)
    }

    #[inline(never)]
    fn predicate(
        &mut self,
        name: &str,
        kind: PredicateKind,
        args: &[Expr],
    ) -> Result<Nt, SpannedError> {
        use PredicateKind as K;
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
                if out == Nt::Nil {
                    return Err(err(
                        "predicate should has one input and one output param".into(),
                        p,
                    ));
                }
                let wants_bool =
                    !matches!(kind, K::Map | K::Sum | K::GroupBy | K::SortBy | K::Reduce);
                if wants_bool && out != Nt::Bool && !out.is_unknown() {
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
        let elem = coll.elem();
        Ok(match kind {
            K::All | K::None | K::Any | K::One => Nt::Bool,
            K::Filter if coll.is_unknown() => unknown_array(),
            K::Filter => Nt::Array(Rc::new(elem)),
            K::Map => Nt::Array(Rc::new(out.unwrap_or(Unknown))),
            K::Count | K::FindIndex | K::FindLastIndex => Nt::Int,
            K::Sum => out.unwrap_or(elem),
            K::Find | K::FindLast => elem,
            K::GroupBy => Nt::AnyMap(Rc::new(Nt::Array(Rc::new(elem)))),
            K::SortBy => coll,
            K::Reduce => out.unwrap_or(Unknown),
        })
    }

    /// The non-predicate builtins: expr's `Validate` functions and `Types` lists.
    #[inline(never)]
    fn builtin(&self, name: &str, a: &[Nt], args: &[Expr], e: &Expr) -> Result<Nt, SpannedError> {
        use P::*;
        let bad = |what: &str| Err(ErrorKind::Function(what.to_string()).at(e.span));
        let first = a.first().cloned().unwrap_or(Unknown);
        let coll = |t: &Nt| t.is_unknown() || t.is_array();
        let sig = |ov: &[(&[P], Nt)]| self.signature(name, ov, a, e);
        match name {
            "len" => {
                if first.is_unknown() || first.is_array() || first.is_map() || first == Nt::Str {
                    Ok(Nt::Int)
                } else {
                    bad(&format!("invalid argument for len (type {})", first.name()))
                }
            }
            "abs" => {
                if first.is_number() || first.is_unknown() {
                    Ok(first)
                } else {
                    bad(&format!("invalid argument for abs (type {})", first.name()))
                }
            }
            "ceil" | "floor" | "round" => {
                if first.is_number() || first.is_unknown() {
                    Ok(Nt::Float)
                } else {
                    bad(&format!(
                        "invalid argument for {name} (type {})",
                        first.name()
                    ))
                }
            }
            "int" | "float" => {
                if first.is_number() || first.is_unknown() || first == Nt::Str {
                    Ok(if name == "int" { Nt::Int } else { Nt::Float })
                } else {
                    bad(&format!(
                        "invalid argument for {name} (type {})",
                        first.name()
                    ))
                }
            }
            "max" | "min" | "mean" | "median" => {
                for t in a {
                    if t.is_unknown() || t.is_array() {
                        return Ok(Unknown);
                    }
                    if !t.is_number() {
                        return bad(&format!("invalid argument for {name} (type {})", t.name()));
                    }
                }
                // expr's Validate answers the first argument's type, even for mean.
                Ok(first)
            }
            "now" => match a {
                [] | [Nt::Location] => Ok(Nt::Time),
                _ => bad("invalid number of arguments (expected 0, got 1)"),
            },
            "date" => Ok(Nt::Time),
            "first" | "last" => {
                if first.is_unknown() || first.is_array() {
                    Ok(first.go_elem())
                } else {
                    bad(&format!("cannot get {name} element from {}", first.name()))
                }
            }
            "get" => self.get(a, args, e),
            "take" => {
                let n = a.get(1).cloned().unwrap_or(Unknown);
                if !coll(&first) {
                    bad(&format!("cannot take from {}", first.name()))
                } else if !(n.is_unknown() || n.is_integer()) {
                    bad(&format!("cannot take {} elements", n.name()))
                } else if let Nt::Array(_) = first {
                    Ok(unknown_array())
                } else {
                    Ok(first)
                }
            }
            "keys" | "values" | "toPairs" => {
                if first.is_unknown() || first.is_map() {
                    Ok(unknown_array())
                } else {
                    bad(&format!("cannot get {name} from {}", first.name()))
                }
            }
            "fromPairs" => {
                if coll(&first) {
                    Ok(Nt::AnyMap(Rc::new(Unknown)))
                } else {
                    bad(&format!("cannot transform {} from pairs", first.name()))
                }
            }
            "reverse" | "uniq" | "flatten" | "concat" => match a.iter().find(|t| !coll(t)) {
                Some(t) => bad(&format!("cannot {name} {}", t.name())),
                None => Ok(unknown_array()),
            },
            "type" | "string" | "toJSON" => sig(&[(&[Any], Nt::Str)]),
            "fromJSON" => sig(&[(&[Str], Unknown)]),
            "trim" => sig(&[(&[Str], Nt::Str), (&[Str, Str], Nt::Str)]),
            "trimPrefix" | "trimSuffix" => sig(&[(&[Str, Str], Nt::Str), (&[Str], Nt::Str)]),
            "upper" | "lower" | "toBase64" | "fromBase64" => sig(&[(&[Str], Nt::Str)]),
            "split" | "splitAfter" => {
                sig(&[(&[Str, Str], Nt::Strings), (&[Str, Str, Int], Nt::Strings)])
            }
            "replace" => sig(&[
                (&[Str, Str, Str, Int], Nt::Str),
                (&[Str, Str, Str], Nt::Str),
            ]),
            "repeat" => sig(&[(&[Str, Int], Nt::Str)]),
            "join" => sig(&[
                (&[StrArr, Str], Nt::Str),
                (&[AnyArr, Str], Nt::Str),
                (&[AnyArr], Nt::Str),
                (&[StrArr], Nt::Str),
            ]),
            "indexOf" | "lastIndexOf" => sig(&[(&[Str, Str], Nt::Int)]),
            "hasPrefix" | "hasSuffix" => sig(&[(&[Str, Str], Nt::Bool)]),
            "duration" => sig(&[(&[Str], Nt::Duration)]),
            "timezone" => sig(&[(&[Str], Nt::Location)]),
            "sort" => sig(&[
                (&[AnyArr, Str], unknown_array()),
                (&[StrArr, Str], unknown_array()),
                (&[NumArr, Str], unknown_array()),
                (&[AnyArr], unknown_array()),
                (&[StrArr], unknown_array()),
                (&[NumArr], unknown_array()),
            ]),
            "bitand" | "bitor" | "bitxor" | "bitnand" | "bitshl" | "bitshr" | "bitushr" => {
                sig(&[(&[Int, Int], Nt::Int)])
            }
            "bitnot" => sig(&[(&[Int], Nt::Int)]),
            _ => Ok(Unknown),
        }
    }

    /// `get(v, i)`: expr checks it like indexing, without failing on a miss.
    fn get(&self, a: &[Nt], args: &[Expr], e: &Expr) -> Result<Nt, SpannedError> {
        if matches!(args.first().map(|x| &x.kind), Some(ExprKind::Env)) {
            return Ok(Unknown);
        }
        let base = a.first().cloned().unwrap_or(Unknown);
        let prop = a.get(1).cloned().unwrap_or(Unknown);
        if base.is_unknown() {
            return Ok(Unknown);
        }
        let fail = |msg: String| Err(ErrorKind::Function(msg).at(e.span));
        if base.is_array() {
            if !prop.is_integer() && !prop.is_unknown() {
                return fail(format!("non-integer slice index {}", prop.name()));
            }
            return Ok(base.elem());
        }
        if base.is_map() {
            let key = if base == Nt::Map { Nt::Str } else { Unknown };
            if !prop.assignable_to(&key) && !prop.is_unknown() {
                return fail(format!(
                    "cannot use {} to get an element from {}",
                    prop.name(),
                    base.name()
                ));
            }
            return Ok(base.elem());
        }
        fail(format!("type {} does not support indexing", base.name()))
    }
}

fn has_method(base: &Nt, name: &str) -> bool {
    match base {
        Nt::Time => time_method(name).is_some(),
        Nt::Duration => duration_method(name).is_some(),
        Nt::Location | Nt::OtherInt => name == "String",
        _ => false,
    }
}

/// Go signatures of `time.Time`'s methods that expressions use.
fn time_method(name: &str) -> Option<(&'static [P], Nt)> {
    use P::*;
    Some(match name {
        "Year" | "Day" | "Hour" | "Minute" | "Second" | "Nanosecond" | "YearDay" => (&[], Nt::Int),
        "Month" | "Weekday" | "Unix" | "UnixMilli" | "UnixMicro" | "UnixNano" => {
            (&[], Nt::OtherInt)
        }
        "UTC" | "Local" => (&[], Nt::Time),
        "IsZero" | "IsDST" => (&[], Nt::Bool),
        "String" => (&[], Nt::Str),
        "Location" => (&[], Nt::Location),
        "Format" => (&[Str], Nt::Str),
        "In" => (&[Loc], Nt::Time),
        "Add" | "Truncate" | "Round" => (&[Dur], Nt::Time),
        "Sub" => (&[Time], Nt::Duration),
        "Before" | "After" | "Equal" => (&[Time], Nt::Bool),
        "Compare" => (&[Time], Nt::Int),
        "AddDate" => (&[Int, Int, Int], Nt::Time),
        _ => return None,
    })
}

/// Go signatures of `time.Duration`'s methods.
fn duration_method(name: &str) -> Option<(&'static [P], Nt)> {
    use P::*;
    Some(match name {
        "Hours" | "Minutes" | "Seconds" => (&[], Nt::Float),
        "Milliseconds" | "Microseconds" | "Nanoseconds" => (&[], Nt::OtherInt),
        "String" => (&[], Nt::Str),
        "Abs" => (&[], Nt::Duration),
        "Round" | "Truncate" => (&[Dur], Nt::Duration),
        _ => return None,
    })
}
