//! The optimizer: expr's rewrites of a checked tree, as their own pass between
//! the checker and the compiler (docs/language.md, Quirks). They are part of
//! the language, not only of its speed: expr's optimizer decides some results
//! (`x and true` is `x`, not a boolean; `sum([a, b])` is `a + b`, so it
//! concatenates strings; `x in ['a']` looks a nil `x` up as `""`), and
//! mappings written against expr rely on them.
//!
//! Rewrites happen in place, bottom-up, so a node that stays keeps its
//! address (explain mode keys its trace on it) and a folded node keeps its
//! span. With `Options::optimize` off only one check runs: a `%` of two
//! constants that divides by zero is a compile error either way, as it is
//! in expr's checker.

use crate::error::{ErrorKind, SpannedError};
use crate::functions::{self, HostFunction, Imp, PredicateKind};
use crate::options::Options;
use crate::runtime::ctx::Scratch;
use crate::runtime::ops;
use crate::runtime::value::Value;
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

/// Rewrites `expr` (already checked) as expr's optimizer does.
pub fn optimize(
    expr: &mut Expr,
    options: &Options,
    functions: &[HostFunction],
) -> Result<(), SpannedError> {
    Optimizer {
        on: options.optimize,
        functions,
    }
    .visit(expr)
}

struct Optimizer<'c> {
    on: bool,
    functions: &'c [HostFunction],
}

/// Builtins that, called on a `filter`, expr's optimizer turns into one
/// loop: the outer builtin and the loop that replaces both.
const FUSED_WITH_FILTER: &[(&str, &str)] =
    &[("len", "count"), ("first", "find"), ("last", "findLast")];

impl Optimizer<'_> {
    /// Children first, then the node. Kept small: it is on the recursion path
    /// (bounded by `Options::max_depth`, which the checker enforced).
    fn visit(&mut self, e: &mut Expr) -> Result<(), SpannedError> {
        for child in e.children_mut() {
            self.visit(child)?;
        }
        self.node(e)
    }

    #[inline(never)]
    fn node(&mut self, e: &mut Expr) -> Result<(), SpannedError> {
        let span = e.span;
        let replacement = match &mut e.kind {
            ExprKind::Unary { op, expr } if self.on => unary(*op, expr, span),
            ExprKind::Binary { op, left, right } => match op {
                BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce if self.on => self
                    .combine(*op, left, right, span)
                    .or_else(|| short_circuit(*op, left, right, span)),
                BinaryOp::In if self.on && is_string_list(right) => {
                    string_key(left, span);
                    None
                }
                BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Lt | BinaryOp::Le if self.on => {
                    match self.count_early(*op, left, right, span) {
                        Some(r) => Some(r),
                        None => self.binary(*op, left, right, span)?,
                    }
                }
                _ => self.binary(*op, left, right, span)?,
            },
            ExprKind::Member {
                object,
                property,
                optional: false,
            } if self.on => self.filter_index(object, property, span),
            ExprKind::Conditional {
                cond,
                then: Some(then),
                otherwise,
            } if self.on => match cond.kind {
                // The checker saw both branches; only the chosen one runs.
                ExprKind::Bool(true) => Some(std::mem::take(&mut **then)),
                ExprKind::Bool(false) => Some(std::mem::take(&mut **otherwise)),
                _ => None,
            },
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } if self.on && self.is_builtin_sum(name, *force_builtin) => sum_literal(args, span),
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } if self.on && self.is_loop(name, *force_builtin, PredicateKind::Filter) => {
                self.filter_filter(args)?;
                None
            }
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } if self.on && self.is_loop(name, *force_builtin, PredicateKind::Map) => {
                self.filter_map(args, span)
            }
            // `len(filter(…))`, `first(filter(…))`, `last(filter(…))`: one loop.
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } if self.on && self.is_builtin(name, *force_builtin) => {
                match FUSED_WITH_FILTER.iter().find(|(outer, _)| outer == name) {
                    Some((_, fused)) => self.filter_len(args, span, fused),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(r) = replacement {
            *e = r;
        }
        Ok(())
    }

    /// `const op const` folded into one constant. A folded `% 0` is a compile
    /// error even without the optimizer; any other failure stays a run-time
    /// error, raised where it happens.
    fn binary(
        &self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Result<Option<Expr>, SpannedError> {
        if !(self.on || op == BinaryOp::Mod) || matches!(op, BinaryOp::Range | BinaryOp::Matches) {
            return Ok(None);
        }
        let (Some(a), Some(b)) = (value(left), value(right)) else {
            return Ok(None);
        };
        // Folded values are scalars: the budgets are never drawn on.
        let mut scratch = Scratch::default();
        let mut ctx = scratch.ctx();
        match ops::binary(&mut ctx, op, a, b) {
            Ok(v) if self.on => Ok(literal(&v, span)),
            Ok(_) => Ok(None),
            Err(ErrorKind::DivideByZero) => Err(ErrorKind::DivideByZero.at(span)),
            Err(_) => Ok(None),
        }
    }

    /// Whether a call of `name` is the builtin `sum` (a host function of the
    /// same name shadows it unless called as `$builtin`-forced).
    fn is_builtin_sum(&self, name: &str, force_builtin: bool) -> bool {
        self.is_loop(name, force_builtin, PredicateKind::Sum)
    }

    /// Whether a call of `name` is a builtin (no host function shadows it).
    fn is_builtin(&self, name: &str, force_builtin: bool) -> bool {
        (force_builtin || !self.functions.iter().any(|f| f.name == name))
            && functions::lookup(name).is_some()
    }

    /// Whether a call of `name` is the predicate builtin `kind`.
    fn is_loop(&self, name: &str, force_builtin: bool, kind: PredicateKind) -> bool {
        self.is_builtin(name, force_builtin)
            && matches!(
                functions::lookup(name),
                Some((_, b)) if matches!(b.imp, Imp::Predicate(k) if k == kind)
            )
    }

    /// `all(x, p) && all(x, q)` is `all(x, p && q)`, likewise `any … ||` and
    /// `none(x, p) && none(x, q)` as `none(x, p || q)` (expr's
    /// predicateCombination): one loop, which stops at the first element
    /// that decides.
    fn combine(&self, op: BinaryOp, left: &mut Expr, right: &mut Expr, span: Span) -> Option<Expr> {
        let (
            ExprKind::Call {
                name: a,
                force_builtin: fa,
                args: xa,
            },
            ExprKind::Call {
                name: b,
                force_builtin: fb,
                args: xb,
            },
        ) = (&mut left.kind, &mut right.kind)
        else {
            return None;
        };
        let inner = match (op, a.as_str()) {
            (BinaryOp::And, "all") | (BinaryOp::Or, "any") => op,
            (BinaryOp::And, "none") => BinaryOp::Or,
            _ => return None,
        };
        let kind = match a.as_str() {
            "all" => PredicateKind::All,
            "any" => PredicateKind::Any,
            _ => PredicateKind::None,
        };
        let same = a == b
            && self.is_loop(a, *fa, kind)
            && self.is_loop(b, *fb, kind)
            && matches!(
                (xa.as_slice(), xb.as_slice()),
                (
                    [ca, Expr { kind: ExprKind::Predicate(_), .. }],
                    [cb, Expr { kind: ExprKind::Predicate(_), .. }]
                ) if crate::syntax::printer::print(ca) == crate::syntax::printer::print(cb)
            );
        if !same {
            return None;
        }
        let name = a.clone();
        let (mut xa, mut xb) = (std::mem::take(xa), std::mem::take(xb));
        let (q, p, coll) = (xb.pop()?, xa.pop()?, xa.pop()?);
        let body = |mut e: Expr| match &mut e.kind {
            ExprKind::Predicate(b) => std::mem::take(&mut **b),
            _ => e,
        };
        let (p, q) = (body(p), body(q));
        let both = Expr::new(
            ExprKind::Binary {
                op: inner,
                left: Box::new(p),
                right: Box::new(q),
            },
            span,
        );
        Some(Expr::new(
            ExprKind::Call {
                name,
                force_builtin: true,
                args: vec![coll, Expr::new(ExprKind::Predicate(Box::new(both)), span)],
            },
            span,
        ))
    }

    /// `filter(x, p)[0]` is `find(x, p)` and `filter(x, p)[-1]` `findLast(x, p)`
    /// (expr's filterFirst, filterLast), failing as the index would when
    /// nothing is found; the index is the loop's third argument.
    fn filter_index(&self, object: &mut Expr, property: &Expr, span: Span) -> Option<Expr> {
        let to = match property.kind {
            ExprKind::Int(0) => "find",
            ExprKind::Int(-1) => "findLast",
            _ => return None,
        };
        match &mut object.kind {
            ExprKind::Call {
                name,
                force_builtin,
                args,
            } if args.len() == 2 && self.is_loop(name, *force_builtin, PredicateKind::Filter) => {
                let mut args = std::mem::take(args);
                args.push(property.clone());
                Some(Expr::new(
                    ExprKind::Call {
                        name: to.into(),
                        force_builtin: true,
                        args,
                    },
                    span,
                ))
            }
            _ => None,
        }
    }

    /// `count(x, p) > 0` and `count(x, p) >= 1` are `any(x, p)` (expr's
    /// countAny); other comparisons of `count(x, p)` with an integer literal
    /// let the loop stop once the answer is known (countThreshold), given to
    /// the loop as a third argument no one can write.
    fn count_early(&self, op: BinaryOp, left: &mut Expr, right: &Expr, span: Span) -> Option<Expr> {
        let ExprKind::Int(n) = right.kind else {
            return None;
        };
        let ExprKind::Call {
            name,
            force_builtin,
            args,
        } = &mut left.kind
        else {
            return None;
        };
        if args.len() != 2 || n < 0 || !self.is_loop(name, *force_builtin, PredicateKind::Count) {
            return None;
        }
        if matches!((op, n), (BinaryOp::Gt, 0) | (BinaryOp::Ge, 1)) {
            return Some(Expr::new(
                ExprKind::Call {
                    name: "any".into(),
                    force_builtin: true,
                    args: std::mem::take(args),
                },
                span,
            ));
        }
        let threshold = match op {
            BinaryOp::Gt | BinaryOp::Le => n.checked_add(1)?,
            _ => n,
        };
        if threshold > 1 {
            args.push(Expr::new(ExprKind::Int(threshold), right.span));
        }
        None
    }

    /// `filter(x, p) | filter(q)` is `filter(x, p && q)` (expr's fold), the
    /// new `&&` folded in turn. Over a map it matters: `filter(x, p)` alone
    /// fetches each element it keeps, which a map cannot give.
    fn filter_filter(&mut self, args: &mut [Expr]) -> Result<(), SpannedError> {
        let [base, outer] = args else {
            return Ok(());
        };
        let fuse = match &base.kind {
            ExprKind::Call {
                name,
                force_builtin,
                args: inner,
            } => {
                self.is_loop(name, *force_builtin, PredicateKind::Filter)
                    && matches!(
                        inner.as_slice(),
                        [
                            _,
                            Expr {
                                kind: ExprKind::Predicate(_),
                                ..
                            }
                        ]
                    )
                    && matches!(outer.kind, ExprKind::Predicate(_))
            }
            _ => false,
        };
        if !fuse {
            return Ok(());
        }
        let ExprKind::Call { args: inner, .. } = &mut base.kind else {
            return Ok(());
        };
        let mut inner = std::mem::take(inner).into_iter();
        let (Some(x), Some(p)) = (inner.next(), inner.next()) else {
            return Ok(());
        };
        let body = |mut e: Expr| match &mut e.kind {
            ExprKind::Predicate(b) => std::mem::take(&mut **b),
            _ => e,
        };
        let q = std::mem::take(outer);
        let (q_span, p) = (q.span, body(p));
        let both_span = p.span.join(q_span);
        let mut both = Expr::new(
            ExprKind::Binary {
                op: BinaryOp::And,
                left: Box::new(p),
                right: Box::new(body(q)),
            },
            both_span,
        );
        self.node(&mut both)?;
        *base = x;
        *outer = Expr::new(ExprKind::Predicate(Box::new(both)), q_span);
        Ok(())
    }

    /// `filter(x, p) | map(m)` without `#index` in `m` is one loop (expr's
    /// filterMap), written `filter(x, p, m)` for the compiler (a call no one
    /// can write: `filter` takes two arguments). `m` runs on the elements
    /// `p` keeps, so over a map only a `#` in `m` fails.
    fn filter_map(&self, args: &mut [Expr], span: Span) -> Option<Expr> {
        let [base, m @ Expr {
            kind: ExprKind::Predicate(_),
            ..
        }] = args
        else {
            return None;
        };
        if has_index_pointer(m) {
            return None;
        }
        match &mut base.kind {
            ExprKind::Call {
                name,
                force_builtin,
                args: inner,
            } if inner.len() == 2 && self.is_loop(name, *force_builtin, PredicateKind::Filter) => {
                let mut fused = std::mem::take(inner);
                fused.push(std::mem::take(m));
                Some(Expr::new(
                    ExprKind::Call {
                        name: "filter".into(),
                        force_builtin: true,
                        args: fused,
                    },
                    span,
                ))
            }
            _ => None,
        }
    }

    /// `len(filter(x, p))` is `count(x, p)` (expr's filterLen), `first(filter(x,
    /// p))` `find(x, p)` and `last(filter(x, p))` `findLast(x, p)` (filterFirst,
    /// filterLast: the loop stops at the element it returns). `to` is the loop.
    fn filter_len(&self, args: &mut [Expr], span: Span, to: &str) -> Option<Expr> {
        let [arg] = args else { return None };
        match &mut arg.kind {
            ExprKind::Call {
                name,
                force_builtin,
                args: inner,
            } if inner.len() == 2 && self.is_loop(name, *force_builtin, PredicateKind::Filter) => {
                Some(Expr::new(
                    ExprKind::Call {
                        name: to.into(),
                        force_builtin: true,
                        args: std::mem::take(inner),
                    },
                    span,
                ))
            }
            _ => None,
        }
    }
}

/// Whether `#index` occurs anywhere in `e`, nested predicates included.
fn has_index_pointer(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Pointer(crate::syntax::ast::Pointer::Index)
    ) || e.children().into_iter().any(has_index_pointer)
}

/// The value of a literal node.
fn value(e: &Expr) -> Option<Value<'static>> {
    Some(match &e.kind {
        ExprKind::Nil => Value::Nil,
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Int(i) => Value::Int(*i),
        ExprKind::Float(f) => Value::Float(*f),
        ExprKind::Str(s) => Value::string(s.clone()),
        ExprKind::Bytes(b) => Value::Bytes(std::rc::Rc::from(b.as_slice())),
        _ => return None,
    })
}

/// A scalar value as a literal node at `span` (other values are not folded).
fn literal(v: &Value<'_>, span: Span) -> Option<Expr> {
    let kind = match v {
        Value::Nil => ExprKind::Nil,
        Value::Bool(b) => ExprKind::Bool(*b),
        Value::Int(i) => ExprKind::Int(*i),
        Value::Float(f) => ExprKind::Float(*f),
        Value::Str(s) => ExprKind::Str(s.as_str().to_string()),
        _ => return None,
    };
    Some(Expr { kind, span })
}

fn unary(op: UnaryOp, operand: &Expr, span: Span) -> Option<Expr> {
    let v = value(operand)?;
    let folded = match op {
        UnaryOp::Not => ops::not(&v).map(Value::Bool).ok()?,
        UnaryOp::Neg => ops::negate(v).ok()?,
        UnaryOp::Plus => v,
    };
    literal(&folded, span)
}

fn boolean(e: &Expr) -> Option<bool> {
    match e.kind {
        ExprKind::Bool(b) => Some(b),
        _ => None,
    }
}

/// QUIRK (§4.5): `x and true` → x, `x and false` / `false and x` → false;
/// `x or false` → x, `x or true` / `true or x` → true; a constant non-nil
/// left of `??` is the value, a nil one gives a constant right.
fn short_circuit(op: BinaryOp, left: &mut Expr, right: &mut Expr, span: Span) -> Option<Expr> {
    let (l, r) = (boolean(left), boolean(right));
    let constant = |b: bool| Expr {
        kind: ExprKind::Bool(b),
        span,
    };
    match op {
        BinaryOp::And if r == Some(true) => Some(std::mem::take(left)),
        BinaryOp::And if r == Some(false) || l == Some(false) => Some(constant(false)),
        BinaryOp::Or if r == Some(false) => Some(std::mem::take(left)),
        BinaryOp::Or if r == Some(true) || l == Some(true) => Some(constant(true)),
        BinaryOp::Coalesce => match (&left.kind, value(right)) {
            (ExprKind::Nil, Some(_)) => Some(std::mem::take(right)),
            (ExprKind::Nil, None) => None,
            _ if value(left).is_some() => Some(std::mem::take(left)),
            _ => None,
        },
        _ => None,
    }
}

/// A non-empty array literal of string literals.
fn is_string_list(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Array(items)
        if !items.is_empty() && items.iter().all(|i| matches!(i.kind, ExprKind::Str(_))))
}

/// expr's optimizer turns `x in ['a', 'b']` into a lookup in a
/// `map[string]struct{}`, so a nil `x` looks up `""` and any other
/// non-string `x` is an error: `(x ?? '') + ''` gives that behaviour to the
/// ordinary membership test.
fn string_key(left: &mut Expr, span: Span) {
    let x = std::mem::take(left);
    let empty = || Expr {
        kind: ExprKind::Str(String::new()),
        span,
    };
    let or_empty = Expr {
        kind: ExprKind::Binary {
            op: BinaryOp::Coalesce,
            left: Box::new(x),
            right: Box::new(empty()),
        },
        span,
    };
    *left = Expr {
        kind: ExprKind::Binary {
            op: BinaryOp::Add,
            left: Box::new(or_empty),
            right: Box::new(empty()),
        },
        span,
    };
}

/// expr's optimizer rewrites `sum([a, b, c])` to `a + (b + c)` unless
/// constant folding already made the list one constant (all items scalar
/// constants), so `sum([u.s, u.s])` concatenates where `sum(['a', 'b'])`
/// fails.
fn sum_literal(args: &mut [Expr], span: Span) -> Option<Expr> {
    let [Expr {
        kind: ExprKind::Array(items),
        ..
    }] = args
    else {
        return None;
    };
    let scalar = |e: &Expr| {
        matches!(
            e.kind,
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) | ExprKind::Bool(_)
        )
    };
    if items.len() < 2 || items.iter().all(scalar) {
        return None;
    }
    let mut items = std::mem::take(items);
    let mut acc = items.pop()?;
    while let Some(item) = items.pop() {
        acc = Expr {
            kind: ExprKind::Binary {
                op: BinaryOp::Add,
                left: Box::new(item),
                right: Box::new(acc),
            },
            span,
        };
    }
    Some(acc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parser::parse, printer::print};

    fn run(src: &str, on: bool) -> Result<String, String> {
        let mut e = parse(src).map_err(|e| e.kind.to_string())?;
        let options = Options {
            optimize: on,
            ..Options::default()
        };
        optimize(&mut e, &options, &[]).map_err(|e| e.kind.to_string())?;
        Ok(print(&e))
    }

    /// Each rewrite of docs/language.md §4.5 (Quirks) and Limits, as the
    /// tree the compiler then sees.
    #[test]
    fn rewrites() {
        let cases = [
            ("1 + 2 * 3", "7"),
            ("-(2)", "-2"),
            ("!true", "false"),
            ("'a' + 'b'", "\"ab\""),
            ("x and true", "x"),
            ("x and false", "false"),
            ("false and x", "false"),
            ("x or false", "x"),
            ("x or true", "true"),
            ("true or x", "true"),
            ("1 ?? x", "1"),
            ("nil ?? 2", "2"),
            ("nil ?? x", "((nil) ?? (x))"),
            ("true ? a : b", "a"),
            ("1 > 2 ? a : b", "b"),
            ("x ?: b", "((x) ?: (b))"),
            ("sum([a, b, c])", "((a) + (((b) + (c))))"),
            ("sum([1, 2])", "sum([1, 2])"),
            ("sum([a])", "sum([a])"),
            (
                "x in ['a', 'b']",
                "((((((x) ?? (\"\"))) + (\"\"))) in ([\"a\", \"b\"]))",
            ),
            ("x in [1]", "((x) in ([1]))"),
            // Failures other than `% 0` stay run-time errors, where they happen.
            ("1 + 'a'", "((1) + (\"a\"))"),
            ("1 .. 3", "((1) .. (3))"),
        ];
        for (src, want) in cases {
            assert_eq!(run(src, true).as_deref(), Ok(want), "{src}");
        }
    }

    /// Without the optimizer the tree is left alone, except that a constant
    /// `% 0` is still a compile error (expr's checker).
    #[test]
    fn off() {
        assert_eq!(run("1 + 2", false).as_deref(), Ok("((1) + (2))"));
        assert_eq!(run("x and true", false).as_deref(), Ok("((x) and (true))"));
        assert_eq!(run("sum([a, b])", false).as_deref(), Ok("sum([a, b])"));
        for on in [true, false] {
            let e = run("5 % 0", on).unwrap_err();
            assert!(e.contains("divide by zero"), "{e}");
        }
    }

    /// A host function named like a builtin shadows it: its `sum` is not
    /// rewritten.
    #[test]
    fn host_sum_is_not_rewritten() {
        let f = HostFunction::new("sum", 1, Some(1), |_| Ok(Value::Nil));
        let mut e = parse("sum([a, b])").unwrap();
        optimize(&mut e, &Options::default(), &[f]).unwrap();
        assert_eq!(print(&e), "sum([a, b])");
    }
}
