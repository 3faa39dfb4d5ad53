//! The abstract syntax tree the parser builds and the compiler reads.
//!
//! Sugar is removed by the parser: pipes become calls, comparison chains become
//! `and`s, `not in` becomes `not (… in …)`, `.name` inside a predicate becomes
//! `#.name`, and `?.` chains are wrapped in [`ExprKind::Chain`] so the compiler
//! knows where a nil receiver jumps to (docs/language.md, Optional chaining).
//!
//! Trees may be deep (a long `a + b + …` is left-nested), so the passes that
//! must not overflow the stack — [`Expr::stats`] and `Drop` — are iterative; the
//! recursive passes (compiler, printer) run only after `stats` checked the depth.

pub use crate::operator::{BinaryOp, UnaryOp};
use crate::span::Span;

/// An expression node with its source span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// The source it came from (for errors).
    pub span: Span,
}

/// The node kinds.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ExprKind {
    /// `nil`
    #[default]
    Nil,
    /// `true` / `false`
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal (escapes already processed).
    Str(String),
    /// A bytes literal `b"…"`.
    Bytes(Vec<u8>),
    /// A variable: a `let` name or an env root.
    Ident(String),
    /// `$env`, the whole environment.
    Env,
    /// `#`, `#index`, `#acc` inside a predicate.
    Pointer(Pointer),
    /// `-x`, `+x`, `not x` / `!x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `left op right` (never `and`-chained comparisons: those are desugared).
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `object.name`, `object?.name`, `object[index]`, `object?.[index]`.
    Member {
        /// The receiver.
        object: Box<Expr>,
        /// The property: a `Str` literal for `.name`, any expression for `[ ]`.
        property: Box<Expr>,
        /// `?.`: a nil receiver short-circuits to the end of the enclosing [`ExprKind::Chain`].
        optional: bool,
    },
    /// `object[from:to]` with either bound optional.
    Slice {
        /// The sliced value.
        object: Box<Expr>,
        /// Start (inclusive).
        from: Option<Box<Expr>>,
        /// End (exclusive).
        to: Option<Box<Expr>>,
    },
    /// A `?.` chain: any optional member inside whose receiver is nil makes the
    /// whole chain nil.
    Chain(Box<Expr>),
    /// `name(args…)` or `::name(args…)`; predicate arguments are [`ExprKind::Predicate`].
    Call {
        /// The function name.
        name: String,
        /// `::name(…)`: the builtin even if a host function shadows it.
        force_builtin: bool,
        /// Arguments (for pipes, the left-hand side comes first).
        args: Vec<Expr>,
    },
    /// `object.Name(args…)` — methods of time and duration values.
    MethodCall {
        /// The receiver.
        object: Box<Expr>,
        /// The method name.
        name: String,
        /// Arguments.
        args: Vec<Expr>,
        /// Called with `?.`.
        optional: bool,
    },
    /// A predicate (closure) body: `{ … }` or a bare expression in predicate position.
    Predicate(Box<Expr>),
    /// `[a, b, …]`
    Array(Vec<Expr>),
    /// `{k: v, …}`; identifier, number and string keys are `Str` literals.
    Map(Vec<(Expr, Expr)>),
    /// `cond ? then : else`, `cond ?: else` (`then` is `None`), and `if … {} else {}`.
    Conditional {
        /// The condition (must be bool).
        cond: Box<Expr>,
        /// The value if true; `None` for elvis, which yields the condition itself.
        then: Option<Box<Expr>>,
        /// The value if false.
        otherwise: Box<Expr>,
    },
    /// `let name = value; body`
    Let {
        /// The variable.
        name: String,
        /// Its value.
        value: Box<Expr>,
        /// Where it is in scope.
        body: Box<Expr>,
    },
    /// `a; b; c` — all evaluated, the last one's value.
    Sequence(Vec<Expr>),
}

/// The three predicate pointers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointer {
    /// `#`, the current element.
    Element,
    /// `#index`
    Index,
    /// `#acc`
    Acc,
}

/// Size facts about a tree, computed without recursion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Number of nodes.
    pub nodes: usize,
    /// Longest root-to-leaf path, in nodes.
    pub depth: usize,
    /// The span of a deepest node (where a depth error points).
    pub deepest: Span,
}

impl Expr {
    /// A node.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// The direct children, in evaluation order.
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind::*;
        match &self.kind {
            Nil | Bool(_) | Int(_) | Float(_) | Str(_) | Bytes(_) | Ident(_) | Env | Pointer(_) => {
                Vec::new()
            }
            Unary { expr, .. } => vec![expr],
            Binary { left, right, .. } => vec![left, right],
            Member {
                object, property, ..
            } => vec![object, property],
            Slice { object, from, to } => {
                let mut v: Vec<&Expr> = vec![object];
                v.extend(from.as_deref());
                v.extend(to.as_deref());
                v
            }
            Chain(e) | Predicate(e) => vec![e],
            Call { args, .. } => args.iter().collect(),
            MethodCall { object, args, .. } => {
                let mut v: Vec<&Expr> = vec![object];
                v.extend(args.iter());
                v
            }
            Array(items) | Sequence(items) => items.iter().collect(),
            Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
            Conditional {
                cond,
                then,
                otherwise,
            } => {
                let mut v: Vec<&Expr> = vec![cond];
                v.extend(then.as_deref());
                v.push(otherwise);
                v
            }
            Let { value, body, .. } => vec![value, body],
        }
    }

    /// [`Expr::children`], to rewrite them (the optimizer).
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        use ExprKind::*;
        match &mut self.kind {
            Nil | Bool(_) | Int(_) | Float(_) | Str(_) | Bytes(_) | Ident(_) | Env | Pointer(_) => {
                Vec::new()
            }
            Unary { expr, .. } => vec![&mut **expr],
            Binary { left, right, .. } => vec![&mut **left, &mut **right],
            Member {
                object, property, ..
            } => vec![&mut **object, &mut **property],
            Slice { object, from, to } => {
                let mut v = vec![&mut **object];
                v.extend(from.as_deref_mut());
                v.extend(to.as_deref_mut());
                v
            }
            Chain(inner) | Predicate(inner) => vec![&mut **inner],
            Call { args, .. } => args.iter_mut().collect(),
            MethodCall { object, args, .. } => {
                let mut v = vec![&mut **object];
                v.extend(args.iter_mut());
                v
            }
            Array(items) | Sequence(items) => items.iter_mut().collect(),
            Map(entries) => entries.iter_mut().flat_map(|(k, v)| [k, v]).collect(),
            Conditional {
                cond,
                then,
                otherwise,
            } => {
                let mut v = vec![&mut **cond];
                v.extend(then.as_deref_mut());
                v.push(&mut **otherwise);
                v
            }
            Let { value, body, .. } => vec![&mut **value, &mut **body],
        }
    }

    /// Node count and depth, walking the tree with an explicit stack.
    pub fn stats(&self) -> Stats {
        let mut stats = Stats {
            nodes: 0,
            depth: 0,
            deepest: self.span,
        };
        let mut stack = vec![(self, 1usize)];
        while let Some((node, depth)) = stack.pop() {
            stats.nodes += 1;
            if depth > stats.depth {
                stats.depth = depth;
                stats.deepest = node.span;
            }
            for child in node.children() {
                stack.push((child, depth + 1));
            }
        }
        stats
    }

    /// Moves every child out of this node (leaving `Nil` behind), for `Drop`.
    fn take_children(&mut self, out: &mut Vec<Expr>) {
        use ExprKind::*;
        let take = |b: &mut Box<Expr>, out: &mut Vec<Expr>| {
            out.push(std::mem::take(&mut **b));
        };
        match &mut self.kind {
            Nil | Bool(_) | Int(_) | Float(_) | Str(_) | Bytes(_) | Ident(_) | Env | Pointer(_) => {
            }
            Unary { expr, .. } => take(expr, out),
            Binary { left, right, .. } => {
                take(left, out);
                take(right, out);
            }
            Member {
                object, property, ..
            } => {
                take(object, out);
                take(property, out);
            }
            Slice { object, from, to } => {
                take(object, out);
                if let Some(f) = from {
                    take(f, out);
                }
                if let Some(t) = to {
                    take(t, out);
                }
            }
            Chain(e) | Predicate(e) => take(e, out),
            Call { args, .. } => out.append(args),
            MethodCall { object, args, .. } => {
                take(object, out);
                out.append(args);
            }
            Array(items) | Sequence(items) => out.append(items),
            Map(entries) => {
                for (k, v) in entries.drain(..) {
                    out.push(k);
                    out.push(v);
                }
            }
            Conditional {
                cond,
                then,
                otherwise,
            } => {
                take(cond, out);
                if let Some(t) = then {
                    take(t, out);
                }
                take(otherwise, out);
            }
            Let { value, body, .. } => {
                take(value, out);
                take(body, out);
            }
        }
    }
}

impl Default for Expr {
    fn default() -> Self {
        Expr::new(ExprKind::Nil, Span::default())
    }
}

/// Dropping a deep tree recursively would overflow the stack; children are
/// moved onto a heap stack and dropped one level at a time instead.
impl Drop for Expr {
    fn drop(&mut self) {
        let mut pending = Vec::new();
        self.take_children(&mut pending);
        while let Some(mut node) = pending.pop() {
            node.take_children(&mut pending);
            // `node` now has no children and drops without recursing.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> Expr {
        Expr::new(ExprKind::Int(i), Span::default())
    }

    #[test]
    fn stats_and_drop_survive_deep_trees() {
        let mut e = int(0);
        for i in 0..200_000 {
            e = Expr::new(
                ExprKind::Binary {
                    op: BinaryOp::Add,
                    left: Box::new(e),
                    right: Box::new(int(i)),
                },
                Span::new(i as usize, i as usize + 1),
            );
        }
        let s = e.stats();
        assert_eq!(s.nodes, 400_001);
        assert_eq!(s.depth, 200_001);
        drop(e);
    }
}
