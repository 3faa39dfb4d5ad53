//! Explain mode: for one record, each entry's expression with the value every
//! sub-expression had as it was evaluated, the branch each conditional took,
//! and what became of the entry.
//!
//! The expression is compiled a second time with a trace instruction after
//! the code of every node (`compile_traced` in the compile stage); the machine
//! records the value on top of the stack there. The traced code is the
//! ordinary code plus those instructions, so predicates, `let` and `?.`
//! behave exactly as in a normal run (a predicate body records one value per
//! element: the first [`TRACE_VALUES_PER_NODE`] are kept). Ordinary programs
//! have no trace instructions, so they pay nothing for this mode.

use super::apply::{EntryStatus, Preview};
use super::{ApplyInput, Mapping, Root, Source};
use crate::compile::{compile_traced, Program, TraceIds};
use crate::error::{Error, Phase};
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind};
use crate::vm::{with_trace, TraceBuf};
use serde_json::Value as Json;

pub use crate::vm::{TRACE_VALUES_PER_NODE, TRACE_VALUE_TEXT};

/// One sub-expression of an explained expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Nesting depth: 0 for the whole expression.
    pub depth: usize,
    /// Where it is in the source.
    pub span: Span,
    /// Its source text (line breaks shown as spaces).
    pub text: String,
    /// How many times it was evaluated (more than once in a predicate body).
    pub evaluations: u64,
    /// The text of its first values (at most [`TRACE_VALUES_PER_NODE`]).
    pub values: Vec<String>,
    /// For `?:`, `??`, `and`, `or`: the branch taken.
    pub branch: Option<String>,
    /// The error headline, when the run failed here.
    pub error: Option<String>,
    /// The run failed inside it (in a sub-expression), before its value.
    pub failed: bool,
}

impl Step {
    /// The step as one line: `  TEXT = VALUE → BRANCH`, `TEXT: not evaluated`
    /// or `TEXT: ERROR MESSAGE (L:C)`, indented two spaces per level.
    pub fn line(&self) -> String {
        let mut s = "  ".repeat(self.depth);
        s.push_str(&self.text);
        if let Some(e) = &self.error {
            s.push_str(": ERROR ");
            s.push_str(e);
            return s;
        }
        if self.failed && self.evaluations == 0 {
            s.push_str(": failed");
            return s;
        }
        if self.evaluations == 0 {
            s.push_str(": not evaluated");
            return s;
        }
        s.push_str(" = ");
        s.push_str(&self.values.join(", "));
        if self.evaluations > self.values.len() as u64 {
            s.push_str(&format!(", ... ({} evaluations)", self.evaluations));
        }
        if let Some(b) = &self.branch {
            s.push_str(" → ");
            s.push_str(b);
        }
        s
    }
}

/// An expression explained against one set of roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprExplanation {
    /// The sub-expressions in source order, outermost first (literals left out).
    pub steps: Vec<Step>,
    /// The value as JSON text, or the error with its caret lines.
    pub result: Result<String, String>,
}

/// What became of one entry, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryExplanation {
    /// The entry's index in the document.
    pub index: usize,
    /// The target, in canonical form.
    pub target: String,
    /// Whether a missing value fails the record.
    pub required: bool,
    /// `direct`, `expression` or `constant`.
    pub source_kind: &'static str,
    /// The source as written in the document.
    pub source: String,
    /// For an expression: its steps (empty for `direct` and `constant`).
    pub steps: Vec<Step>,
    /// What was written, omitted, cleared, or the error (with its caret lines),
    /// as [`Mapping::preview`] says.
    pub status: EntryStatus,
}

impl EntryExplanation {
    /// The entry's lines: the steps, then `→ written VALUE`, `→ omitted (no
    /// value)`, `→ cleared (no value, onNull clear)` or `→ ERROR …` with the
    /// caret lines.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.steps.iter().map(Step::line).collect();
        match &self.status {
            EntryStatus::Written(v) => out.push(format!("→ written {v}")),
            EntryStatus::Omitted => out.push("→ omitted (no value)".into()),
            EntryStatus::Cleared => out.push("→ cleared (no value, onNull clear)".into()),
            EntryStatus::Error(e) => {
                let mut lines = e.lines();
                out.push(format!("→ ERROR {}", lines.next().unwrap_or("")));
                out.extend(lines.map(str::to_string));
            }
        }
        out
    }
}

/// A mapping explained for one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The same result [`Mapping::preview`] gives.
    pub preview: Preview,
    /// Every entry, in document order.
    pub entries: Vec<EntryExplanation>,
}

impl Mapping {
    /// Explains what each entry produces for `input` (see the module docs):
    /// the statuses are those of [`Mapping::preview`]; each expression is run
    /// once more, traced, for its steps.
    pub fn explain(&self, input: &ApplyInput<'_>) -> Explanation {
        let preview = self.preview(input);
        let mut roots: Vec<(&str, &Json)> = Vec::new();
        for root in Root::for_resource(self.resource) {
            roots.push((root.name(), input.get(*root)));
        }
        let entries = self
            .entries
            .iter()
            .zip(&preview.entries)
            .map(|(entry, res)| EntryExplanation {
                index: entry.index,
                target: entry.target_text().to_string(),
                required: entry.required,
                source_kind: entry.source_kind(),
                source: entry.source_text.clone(),
                steps: match &entry.source {
                    Source::Expression(p) => explain_program(p, &roots).steps,
                    _ => Vec::new(),
                },
                status: res.status.clone(),
            })
            .collect();
        Explanation { preview, entries }
    }
}

/// Explains `program` run with `roots`: every sub-expression's value.
pub fn explain_program(program: &Program, roots: &[(&str, &Json)]) -> ExprExplanation {
    let source = program.source();
    let failed = |e: Error| ExprExplanation {
        steps: Vec::new(),
        result: Err(e.to_string()),
    };
    let mut ast = match crate::syntax::parser::parse_limited(source, program.options().max_depth) {
        Ok(a) => a,
        Err(e) => return failed(Error::new(Phase::Compile, e, source)),
    };
    // The steps are those of the tree the program runs: the optimizer's
    // rewrites decide some results, so explain must see them too.
    if let Err(e) = crate::optimize::optimize(&mut ast, program.options(), program.functions()) {
        return failed(Error::new(Phase::Compile, e, source));
    }
    let mut nodes = Vec::new();
    preorder(&ast, 0, true, None, &mut nodes);
    let ids: TraceIds = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.expr as *const Expr, i as u32))
        .collect();
    let mut options = program.options().clone();
    // Trace instructions count against the budget; they are at most about two
    // per instruction of the ordinary program.
    options.work_budget = options.work_budget.map(|b| b.saturating_mul(3));
    let compiled = match compile_traced(&ast, program.functions(), &ids) {
        Ok(c) => c,
        Err(e) => return failed(Error::new(Phase::Compile, e, source)),
    };
    let traced = Program::new(source, compiled, options, program.functions().to_vec());
    let (result, buf) = with_trace(nodes.len(), || {
        traced
            .run_roots(roots)
            .map(|v| serde_json::to_string(&v.to_json()).unwrap_or_default())
    });
    let error = result.as_ref().err().map(|e| (e.span, e.headline()));
    // The error belongs to the innermost node of its span.
    let error_at = error.as_ref().and_then(|(span, _)| {
        nodes
            .iter()
            .rposition(|n| n.visible && n.expr.span == *span)
    });
    // The nodes whose evaluation the error cut short.
    let mut failed = vec![false; nodes.len()];
    let mut up = error_at.and_then(|i| nodes.get(i)).and_then(|n| n.parent);
    while let Some(i) = up {
        if let Some(f) = failed.get_mut(i) {
            *f = true;
        }
        up = nodes.get(i).and_then(|n| n.parent);
    }
    let mut steps = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if !node.visible {
            continue;
        }
        let (e, depth) = (node.expr, &node.depth);
        let count = |n: &Expr| node_count(&nodes, &buf, n);
        steps.push(Step {
            depth: *depth,
            span: e.span,
            text: source_text(source, node.extent),
            evaluations: buf.counts.get(i).copied().unwrap_or(0),
            values: buf.values.get(i).cloned().unwrap_or_default(),
            branch: branch(e, &count),
            error: (error_at == Some(i))
                .then(|| error.as_ref().map(|(_, h)| h.clone()))
                .flatten(),
            failed: failed.get(i).copied().unwrap_or(false),
        });
    }
    // Steps of a subtree that was not evaluated stop at its root.
    let mut kept: Vec<Step> = Vec::with_capacity(steps.len());
    let mut skip_below: Option<usize> = None;
    for s in steps {
        if let Some(d) = skip_below {
            if s.depth > d {
                continue;
            }
            skip_below = None;
        }
        if s.evaluations == 0 && s.error.is_none() && !s.failed {
            skip_below = Some(s.depth);
        }
        kept.push(s);
    }
    ExprExplanation {
        steps: kept,
        result: result.map_err(|e| e.to_string()),
    }
}

fn node_count(nodes: &[Node<'_>], buf: &TraceBuf, n: &Expr) -> u64 {
    nodes
        .iter()
        .position(|node| std::ptr::eq(node.expr, n))
        .and_then(|i| buf.counts.get(i).copied())
        .unwrap_or(0)
}

/// The source of `span`, line breaks as spaces, with the closing brackets
/// that follow it when it leaves some open (a call's `)`: the tree keeps
/// the spans of names and operators, not of parentheses).
fn source_text(source: &str, span: Span) -> String {
    let start = span.start as usize;
    let mut end = (span.end as usize).min(source.len());
    let mut open = 0i64;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in source.get(start..end).unwrap_or("").chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' | '[' | '{' => open += 1,
                ')' | ']' | '}' => open -= 1,
                _ => {}
            },
        }
    }
    while open > 0 {
        let rest = source.get(end..).unwrap_or("");
        let trimmed = rest.trim_start();
        match trimmed.chars().next() {
            Some(c @ (')' | ']' | '}')) => {
                end += rest.len() - trimmed.len() + c.len_utf8();
                open -= 1;
            }
            _ => break,
        }
    }
    source
        .get(start..end)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The branch a conditional node took, from how often each side ran.
fn branch(e: &Expr, count: &dyn Fn(&Expr) -> u64) -> Option<String> {
    let two = |a: &str, na: u64, b: &str, nb: u64| match (na, nb) {
        (0, 0) => None,
        (_, 0) => Some(a.to_string()),
        (0, _) => Some(b.to_string()),
        _ => Some(format!("{a} ×{na}, {b} ×{nb}")),
    };
    match &e.kind {
        ExprKind::Conditional {
            cond,
            then: Some(then),
            otherwise,
        } => {
            // A folded condition leaves only one branch; counting the
            // branches themselves covers that too.
            let _ = cond;
            two("then branch", count(then), "else branch", count(otherwise))
        }
        ExprKind::Conditional {
            cond,
            then: None,
            otherwise,
        } => {
            let runs = count(cond);
            let other = count(otherwise);
            two(
                "condition kept",
                runs.saturating_sub(other),
                "else branch",
                other,
            )
        }
        ExprKind::Binary { op, left, right } => {
            let (stop, go) = match op {
                BinaryOp::And => ("stopped: left is false", "right side evaluated"),
                BinaryOp::Or => ("stopped: left is true", "right side evaluated"),
                BinaryOp::Coalesce => ("left side (not nil)", "right side (left is nil)"),
                _ => return None,
            };
            let runs = count(left);
            let r = count(right);
            two(stop, runs.saturating_sub(r), go, r)
        }
        _ => None,
    }
}

/// The nodes of `e` in source order, outermost first, with their depth in
/// the shown tree and whether they are shown: not literals (their value is
/// their text), not the wrapper of a predicate body, not what a `?.` chain
/// wraps (the chain has its text and, when it stopped at a nil, the value),
/// not a bare name or `#` that is only the receiver of a member (the member
/// says more). The parser bounds the depth, so this recursion is bounded.
fn preorder<'e>(
    e: &'e Expr,
    depth: usize,
    visible: bool,
    parent: Option<usize>,
    out: &mut Vec<Node<'e>>,
) {
    let visible = visible
        && !matches!(
            e.kind,
            ExprKind::Nil
                | ExprKind::Bool(_)
                | ExprKind::Int(_)
                | ExprKind::Float(_)
                | ExprKind::Str(_)
                | ExprKind::Bytes(_)
                | ExprKind::Predicate(_)
        );
    let me = out.len();
    out.push(Node {
        expr: e,
        depth,
        visible,
        parent,
        extent: e.span,
    });
    let next = if visible { depth + 1 } else { depth };
    children(e, next, me, out);
    let mut extent = e.span;
    for n in out.get(me + 1..).unwrap_or(&[]) {
        extent = extent.join(n.extent);
    }
    if let Some(n) = out.get_mut(me) {
        n.extent = extent;
    }
}

/// The children of `e`, in evaluation order.
fn children<'e>(e: &'e Expr, next: usize, me: usize, out: &mut Vec<Node<'e>>) {
    let parent = Some(me);
    let mut visit = |c: &'e Expr| preorder(c, next, true, parent, out);
    match &e.kind {
        ExprKind::Nil
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Ident(_)
        | ExprKind::Env
        | ExprKind::Pointer(_) => {}
        ExprKind::Unary { expr, .. } => visit(expr),
        ExprKind::Binary { left, right, .. } => {
            visit(left);
            visit(right);
        }
        ExprKind::Member {
            object, property, ..
        } => {
            receiver(object, next, parent, out);
            preorder(property, next, true, parent, out);
        }
        ExprKind::Slice { object, from, to } => {
            visit(object);
            if let Some(f) = from {
                visit(f);
            }
            if let Some(t) = to {
                visit(t);
            }
        }
        ExprKind::Chain(inner) => preorder(inner, next, false, parent, out),
        ExprKind::Predicate(inner) => visit(inner),
        ExprKind::Call { args, .. } => args.iter().for_each(visit),
        ExprKind::MethodCall { object, args, .. } => {
            receiver(object, next, parent, out);
            args.iter()
                .for_each(|a| preorder(a, next, true, parent, out));
        }
        ExprKind::Array(items) | ExprKind::Sequence(items) => items.iter().for_each(visit),
        ExprKind::Map(entries) => {
            for (k, v) in entries {
                visit(k);
                visit(v);
            }
        }
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
        } => {
            visit(cond);
            if let Some(t) = then {
                visit(t);
            }
            visit(otherwise);
        }
        ExprKind::Let { value, body, .. } => {
            visit(value);
            visit(body);
        }
    }
}

/// The receiver of a member or method: a bare name, `$env` or `#` is not shown.
fn receiver<'e>(object: &'e Expr, depth: usize, parent: Option<usize>, out: &mut Vec<Node<'e>>) {
    let plain = matches!(
        object.kind,
        ExprKind::Ident(_) | ExprKind::Env | ExprKind::Pointer(_)
    );
    preorder(object, depth, !plain, parent, out);
}

/// A node of the tree being explained.
struct Node<'e> {
    expr: &'e Expr,
    depth: usize,
    visible: bool,
    parent: Option<usize>,
    /// The source of the whole subtree (the node's own span is its operator).
    extent: Span,
}
