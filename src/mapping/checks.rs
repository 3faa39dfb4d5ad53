//! Checks for admins beyond what stops a load (docs/mapping.md): fields the
//! directory record does not have, with the nearest one, and operands that
//! may be nil where nil is a run-time error, with the guard that fixes them.
//!
//! These are warnings: a load still succeeds, since hosts' records may carry
//! fields beyond the shipped directory schema. [`Mapping::diagnostics`] gives
//! them as data; `scimexpr check` prints them (`--json`, `--deny-warnings`).

use super::{DirectPath, Direction, Mapping, Resource, Source};
use crate::error::{ErrorKind, Phase};
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The mapping cannot be loaded.
    Error,
    /// The mapping loads, but some records will not come out as meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding about one entry of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The entry's index in `attributes`.
    pub index: usize,
    /// The entry's target, in canonical form.
    pub target: String,
    /// 1-based line and column (in characters) in the entry's source, when
    /// the finding points into it.
    pub line: Option<usize>,
    /// See `line`.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The fix: a name or the source as it was probably meant.
    pub suggestion: Option<String>,
    /// The message with the source line and a caret under the column.
    pub rendered: String,
}

impl Diagnostic {
    /// The diagnostic as one JSON object (what `check --json` prints).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity.name(),
            "index": self.index,
            "target": self.target,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "suggestion": self.suggestion,
        })
    }
}

/// The directory user's fields (docs/mapping.md, The directory record): every
/// one but `id` may be absent.
const JC_USER_FIELDS: &[&str] = &[
    "id",
    "username",
    "email",
    "firstname",
    "middlename",
    "lastname",
    "displayname",
    "jobTitle",
    "employeeIdentifier",
    "employeeType",
    "department",
    "costCenter",
    "company",
    "location",
    "description",
    "alternateEmail",
    "state",
    "suspended",
    "activated",
    "created",
    "manager",
    "managerExternalId",
    "addresses",
    "phoneNumbers",
    "attributes",
    "locale",
    "preferredLanguage",
];

/// The directory group's fields.
const JC_GROUP_FIELDS: &[&str] = &["id", "name", "description", "members"];

/// The fields a root's records have, when the crate knows them.
fn known_fields(root: &str) -> Option<&'static [&'static str]> {
    match root {
        "jcUser" => Some(JC_USER_FIELDS),
        "jcGroup" => Some(JC_GROUP_FIELDS),
        _ => None,
    }
}

/// Operators that fail on a nil operand (`string + <nil>`, `<nil> < 1`).
fn fails_on_nil(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(
        op,
        Add | Sub
            | Mul
            | Div
            | Mod
            | Pow
            | Lt
            | Gt
            | Le
            | Ge
            | Matches
            | Contains
            | StartsWith
            | EndsWith
            | Range
    )
}

struct Walk<'m> {
    src: &'m str,
    index: usize,
    target: &'m str,
    /// Paths known not to be nil here (`notNullOrEmpty(x) ? <here> : …`).
    guarded: Vec<String>,
    out: Vec<Diagnostic>,
}

/// `jcUser.lastname` for a member chain on a known root; `None` otherwise.
fn path_of(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Ident(name) => Some(name.clone()),
        ExprKind::Member {
            object,
            property,
            optional: false,
        } => match &property.kind {
            ExprKind::Str(s) => Some(format!("{}.{s}", path_of(object)?)),
            _ => None,
        },
        _ => None,
    }
}

/// The path a guard makes safe in its `then` branch: `notNullOrEmpty(x)`,
/// `x != nil`, `x` itself.
fn guard_of(cond: &Expr) -> Option<String> {
    match &cond.kind {
        ExprKind::Call { name, args, .. } if name == "notNullOrEmpty" && args.len() == 1 => {
            args.first().and_then(path_of)
        }
        ExprKind::Binary {
            op: BinaryOp::Ne,
            left,
            right,
        } if matches!(right.kind, ExprKind::Nil) => path_of(left),
        _ => path_of(cond),
    }
}

impl Walk<'_> {
    fn push(&mut self, span: Span, message: String, suggestion: Option<String>) {
        let err = crate::Error::new(
            Phase::Compile,
            ErrorKind::Syntax(message.clone()).at(span),
            self.src,
        );
        self.out.push(Diagnostic {
            severity: Severity::Warning,
            index: self.index,
            target: self.target.to_string(),
            line: Some(err.line),
            column: Some(err.col),
            message,
            suggestion,
            rendered: err.to_string(),
        });
    }

    /// A field of a known root's record that is not in its schema.
    fn field(&mut self, object: &Expr, property: &Expr) {
        let (ExprKind::Ident(root), ExprKind::Str(field)) = (&object.kind, &property.kind) else {
            return;
        };
        let Some(fields) = known_fields(root) else {
            return;
        };
        if fields.contains(&field.as_str()) {
            return;
        }
        let near = crate::suggest::nearest(field, fields.iter().copied());
        let hint = near
            .map(|n| format!(" (did you mean {n}?)"))
            .unwrap_or_default();
        self.push(
            property.span,
            format!("{root} has no field {field}{hint}: it is always nil"),
            near.map(str::to_string),
        );
    }

    /// An operand read straight from a field that may be absent.
    fn nil_operand(&mut self, op: BinaryOp, operand: &Expr) {
        let Some(path) = path_of(operand) else { return };
        let Some((root, field)) = path.split_once('.') else {
            return;
        };
        // `id` is always there; unknown fields get their own warning.
        let optional = known_fields(root).is_some_and(|f| f.contains(&field) && field != "id");
        if !optional || field.contains('.') || self.guarded.contains(&path) {
            return;
        }
        let fix = if op == BinaryOp::Add {
            "''"
        } else {
            "a default"
        };
        // From the root's name: a member node's own span is its property.
        let mut start = operand;
        while let ExprKind::Member { object, .. } = &start.kind {
            start = object;
        }
        let span = Span {
            start: start.span.start,
            end: operand.span.end,
        };
        self.push(
            span,
            format!(
                "{path} may be absent (nil), and `{}` fails on nil: guard it, e.g. ({path} ?? {fix})",
                op.as_str()
            ),
            Some(format!("{path} ?? {fix}")),
        );
    }

    fn visit(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Member {
                object, property, ..
            } => {
                self.field(object, property);
                self.visit(object);
                self.visit(property);
            }
            ExprKind::Binary { op, left, right } => {
                // In source order: each operand's own findings, then it.
                let nil_fails = fails_on_nil(*op);
                self.visit(left);
                if nil_fails {
                    self.nil_operand(*op, left);
                }
                // `x != nil && <here>`
                let g = if *op == BinaryOp::And {
                    guard_of(left)
                } else {
                    None
                };
                self.with_guard(g, right);
                if nil_fails {
                    self.nil_operand(*op, right);
                }
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                self.visit(cond);
                let g = guard_of(cond);
                // (`x ?: y` has no `then`: the fallback runs when x is empty.)
                if let Some(t) = then {
                    self.with_guard(g, t);
                }
                self.visit(otherwise);
            }
            _ => {
                for child in e.children() {
                    self.visit(child);
                }
            }
        }
    }

    fn with_guard(&mut self, guard: Option<String>, e: &Expr) {
        let pushed = guard.map(|g| self.guarded.push(g)).is_some();
        self.visit(e);
        if pushed {
            self.guarded.pop();
        }
    }
}

impl Mapping {
    /// Warnings about the loaded mapping: expressions and `direct` paths that
    /// read fields the directory record does not have (with the nearest one),
    /// and operands that may be nil where nil fails (with the guard).
    ///
    /// ```
    /// use scimexpr::Mapping;
    ///
    /// let m = Mapping::load(r#"{"name": "t", "direction": "export", "resource": "User", "attributes": [
    ///     {"target": "userName", "direct": "emial"},
    ///     {"target": "displayName", "expression": "jcUser.firstname + ' ' + jcUser.lastname"}]}"#)?;
    /// let d = m.diagnostics();
    /// assert_eq!(d[0].message, "jcUser has no field emial (did you mean email?): it is always nil");
    /// assert_eq!(d[1].suggestion.as_deref(), Some("jcUser.firstname ?? ''"));
    /// assert_eq!((d[1].line, d[1].column), (Some(1), Some(1)));
    /// # Ok::<(), scimexpr::LoadErrors>(())
    /// ```
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let root = super::Root::primary(self.direction, self.resource).name();
        for entry in &self.entries {
            match &entry.source {
                Source::Expression(p) => {
                    let Ok(ast) = crate::parse(p.source()) else {
                        continue;
                    };
                    let mut w = Walk {
                        src: p.source(),
                        index: entry.index,
                        target: entry.target_text(),
                        guarded: Vec::new(),
                        out: Vec::new(),
                    };
                    w.visit(&ast);
                    out.append(&mut w.out);
                }
                Source::Direct(DirectPath::Fields(fields))
                    if self.direction == Direction::Export =>
                {
                    let Some(first) = fields.first() else {
                        continue;
                    };
                    let known = match self.resource {
                        Resource::User => known_fields(root),
                        Resource::Group => known_fields("jcGroup"),
                    };
                    let Some(known) = known else { continue };
                    if known.contains(&first.as_str()) {
                        continue;
                    }
                    let near = crate::suggest::nearest(first, known.iter().copied());
                    let hint = near
                        .map(|n| format!(" (did you mean {n}?)"))
                        .unwrap_or_default();
                    let message = format!("{root} has no field {first}{hint}: it is always nil");
                    out.push(Diagnostic {
                        severity: Severity::Warning,
                        index: entry.index,
                        target: entry.target_text().to_string(),
                        line: None,
                        column: None,
                        rendered: message.clone(),
                        message,
                        suggestion: near.map(str::to_string),
                    });
                }
                _ => {}
            }
        }
        out
    }
}
