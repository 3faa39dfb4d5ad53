//! Checks for admins (docs/mapping.md, Checks for admins), run at load against
//! the record schemas ([`RecordSchemas`]) and the target's SCIM schema:
//!
//! * fields a record does not have, with the nearest one: an error where the
//!   record's schema is closed (`jcUser`, `jcGroup`, the elements of
//!   `jcUser.addresses` …), a warning where it is open and a near name exists
//!   (`providerUser`, which may be a provider's REST JSON; `settings`);
//! * types: each expression's result type and each constant against the
//!   target's SCIM type (`"yes"` into `active`, a string into `phoneNumbers`),
//!   operators on known types (`jcUser.addresses + 1`) and conditions that are
//!   not booleans (`jcUser.lastname ? …`): errors;
//! * nil flow: an operand that may be nil where nil is a run-time error (`+`,
//!   comparisons, `!`, conditions, builtins that reject nil, a member of a field
//!   that may be absent, an index into a record's list), with the guard that
//!   fixes it: a warning.
//!
//! Errors stop a load ([`LoadErrors`](super::LoadErrors)); warnings do not.
//! [`Mapping::diagnostics`] gives the warnings as data; `scimexpr check`
//! prints both (`--json`, `--deny-warnings`).
//!
//! The types are the language checker's (`crate::check::check_typed`): the
//! same rules the compiler applies, with each root's record schema as its
//! type ([`RecordSchemas::root_types`]). This module adds what a type does not
//! say: which operand may be nil where nil fails, and which guard narrows it,
//! and renders the checker's findings for admins.

use std::collections::HashMap;

use super::records::{FieldType, RecordSchemas, Shape};
use super::schema::{Attr, Type};
use super::{DirectPath, Direction, Entry, Mapping, Resource, Source};
use crate::check::Observer;
use crate::error::{ErrorKind, Phase, SpannedError};
use crate::functions::HostFunction;
use crate::span::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use crate::types::{Record, RecordField, Type as LangType};

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
    /// What kind of finding: `unknown-field`, `nil-operand`, `type-mismatch`
    /// (a result or constant the target cannot take), `operand-types` (an
    /// operator on values it does not apply to), `unknown-value` (a literal a
    /// field with listed values never holds).
    pub code: &'static str,
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
            "code": self.code,
            "index": self.index,
            "target": self.target,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "suggestion": self.suggestion,
        })
    }
}

// What a value may be, as bits: an expression's type is the set of JSON kinds
// it may produce.
const NIL: u8 = 1;
const BOOL: u8 = 2;
const INT: u8 = 4;
const FLOAT: u8 = 8;
const STR: u8 = 16;
const ARR: u8 = 32;
const OBJ: u8 = 64;
const ANY: u8 = 127;
const NUM: u8 = INT | FLOAT;

fn kinds_name(k: u8) -> String {
    let names = [
        (BOOL, "a boolean"),
        (INT, "an integer"),
        (FLOAT, "a number"),
        (STR, "a string"),
        (ARR, "an array"),
        (OBJ, "an object"),
        (NIL, "nil"),
    ];
    let parts: Vec<&str> = names
        .iter()
        .filter(|(b, _)| k & b != 0)
        .map(|(_, n)| *n)
        .collect();
    parts.join(" or ")
}

fn elems_name(k: u8) -> String {
    let names = [
        (BOOL, "booleans"),
        (INT, "integers"),
        (FLOAT, "numbers"),
        (STR, "strings"),
        (ARR, "arrays"),
        (OBJ, "objects"),
    ];
    let parts: Vec<&str> = names
        .iter()
        .filter(|(b, _)| k & b != 0)
        .map(|(_, n)| *n)
        .collect();
    parts.join(" or ")
}

/// The kinds of values of the checker's type `t`.
fn kinds(t: &LangType) -> u8 {
    match t {
        LangType::Nil => NIL,
        LangType::Bool => BOOL,
        LangType::Int | LangType::OtherInt | LangType::Duration => INT,
        LangType::Float => FLOAT,
        LangType::Str => STR,
        LangType::Array(_) | LangType::Strings | LangType::Bytes => ARR,
        LangType::Map | LangType::AnyMap(_) | LangType::Record(_) => OBJ,
        LangType::Unknown | LangType::Time | LangType::Location => ANY,
    }
}

/// What the checks know of a value: the language checker's type for it
/// (with the record schemas as the roots' types), the record field it is
/// read from, and whether that field may be absent or null here (what
/// nil-flow warnings are about).
#[derive(Clone, Copy)]
struct Ty<'t> {
    t: &'t LangType,
    field: Option<&'t RecordField>,
    optional_field: bool,
}

/// The type of a node the checker did not type (inside `$env[…]`).
const UNKNOWN: &LangType = &LangType::Unknown;

impl<'t> Ty<'t> {
    fn of(t: &'t LangType) -> Ty<'t> {
        Ty {
            t,
            field: None,
            optional_field: false,
        }
    }
    /// The kinds it may be, nil included when it is an optional field.
    fn k(self) -> u8 {
        kinds(self.t) | if self.optional_field { NIL } else { 0 }
    }
    /// The kinds of its elements, when it is an array.
    fn elem(self) -> u8 {
        kinds(&self.t.elem())
    }
}

/// Operators that fail on a nil operand (`string + <nil>`, `<nil> < 1`);
/// `matches`, `contains`, `startsWith`, `endsWith`, `==`, `&&` and `||` give
/// false or nil instead.
fn fails_on_nil(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(
        op,
        Add | Sub | Mul | Div | Mod | Pow | Lt | Gt | Le | Ge | Range
    )
}

/// What the language checker found in one expression, keyed by node: its
/// type, the field a record lacks (keyed by the property), the type error
/// the node raised.
#[derive(Default)]
struct Typed {
    types: HashMap<*const Expr, LangType>,
    /// Whether the record is closed, and the nearest field it has.
    unknown_fields: HashMap<*const Expr, (bool, Option<String>)>,
    errors: HashMap<*const Expr, SpannedError>,
}

impl Observer for Typed {
    fn typed(&mut self, e: &Expr, t: &LangType) {
        self.types.insert(e, t.clone());
    }
    fn unknown_field(&mut self, _object: &Expr, property: &Expr, record: &Record, name: &str) {
        let near = crate::suggest::nearest(name, record.fields.iter().map(|f| f.name.as_str()));
        self.unknown_fields
            .insert(property, (record.closed, near.map(str::to_string)));
    }
    fn type_error(&mut self, e: &Expr, error: SpannedError) {
        self.errors.insert(e, error);
    }
}

/// The kinds a target accepts (non-nil), and their description.
fn accepted(target: &super::TargetPath) -> (u8, u8, String) {
    let attr = target.attr;
    if target.filter.is_empty() && target.sub.is_none() && attr.multi {
        let (elem, what) = match attr.ty {
            Type::Complex => (OBJ, "objects".to_string()),
            t => (scalar_kinds(t), format!("{} values", t.name())),
        };
        return (ARR, elem, format!("an array of {what}"));
    }
    let leaf: &Attr = match (target.sub, target.filter.is_empty()) {
        (Some(s), _) => s,
        (None, _) => attr,
    };
    if leaf.ty == Type::Complex {
        return (OBJ, ANY, "an object".into());
    }
    let k = scalar_kinds(leaf.ty);
    (k, ANY, format!("a {}", leaf.ty.name()))
}

fn scalar_kinds(t: Type) -> u8 {
    match t {
        Type::Boolean => BOOL,
        Type::Integer => INT | FLOAT,
        Type::Decimal => NUM,
        Type::Complex => OBJ,
        // Numbers and booleans are written as their string form.
        Type::String | Type::Reference | Type::DateTime | Type::Binary => BOOL | NUM | STR,
    }
}

struct Walk<'m, 't> {
    /// The checker's findings for this expression.
    typed: &'t Typed,
    /// The program's host functions (they shadow builtins of their name).
    host_functions: &'m [HostFunction],
    src: &'m str,
    index: usize,
    target: &'m str,
    /// Paths known not to be nil here (`notNullOrEmpty(x) ? <here> : …`).
    guarded: Vec<String>,
    /// `let` names in scope, innermost last.
    lets: Vec<(String, Ty<'t>)>,
    /// What `#` is an element of, in each enclosing predicate.
    preds: Vec<String>,
    out: Vec<Diagnostic>,
}

/// `jcUser.lastname` for a member chain on a root; `None` otherwise.
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

/// How a message names a value: its path (`jcUser.addresses[0]`), what `??`
/// falls back from, the element a `find` gives; else `this value`.
fn label_of(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(_) => path_of(e).unwrap_or_default(),
        ExprKind::Member {
            object, property, ..
        } => {
            let base = label_of(object);
            match &property.kind {
                ExprKind::Str(s) => format!("{base}.{s}"),
                ExprKind::Int(i) => format!("{base}[{i}]"),
                _ => format!("{base}[…]"),
            }
        }
        ExprKind::Chain(inner) => label_of(inner),
        ExprKind::Binary {
            op: BinaryOp::Coalesce,
            left,
            ..
        } => label_of(left),
        ExprKind::Call { name, args, .. }
            if matches!(name.as_str(), "find" | "findLast" | "first" | "last") =>
        {
            match args.first() {
                Some(a) => format!("an element of {}", label_of(a)),
                None => "this value".into(),
            }
        }
        _ => "this value".into(),
    }
}

/// The paths a guard makes safe in its `then` branch: `notNullOrEmpty(x)`,
/// `x != nil`, `len(x) > 0`, `x` itself, and each side of `a && b`.
fn guard_of(cond: &Expr) -> Vec<String> {
    match &cond.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            let mut g = guard_of(left);
            g.extend(guard_of(right));
            g
        }
        _ => guard_one(cond).into_iter().collect(),
    }
}

fn guard_one(cond: &Expr) -> Option<String> {
    match &cond.kind {
        ExprKind::Call { name, args, .. } if name == "notNullOrEmpty" && args.len() == 1 => {
            args.first().and_then(path_of)
        }
        ExprKind::Binary {
            op: BinaryOp::Ne,
            left,
            right,
        } if matches!(right.kind, ExprKind::Nil) => path_of(left),
        ExprKind::Binary {
            op: BinaryOp::Ne,
            left,
            right,
        } if matches!(left.kind, ExprKind::Nil) => path_of(right),
        // `len(x) > 0`, `len(x) >= 1`, `len(x) != 0`, `len(x ?? []) > 0`
        ExprKind::Binary {
            op: op @ (BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Ne),
            left,
            right,
        } => match (&left.kind, &right.kind) {
            (ExprKind::Call { name, args, .. }, ExprKind::Int(n))
                if name == "len"
                    && match op {
                        BinaryOp::Gt => *n >= 0,
                        BinaryOp::Ge => *n >= 1,
                        _ => *n == 0,
                    } =>
            {
                args.first().and_then(|a| match &a.kind {
                    ExprKind::Binary {
                        op: BinaryOp::Coalesce,
                        left,
                        ..
                    } => path_of(left),
                    _ => path_of(a),
                })
            }
            _ => None,
        },
        _ => path_of(cond),
    }
}

/// The paths a condition makes safe when it is false: `x == nil`,
/// `!notNullOrEmpty(x)`, `not x`, and each side of `a || b`.
fn negative_guard_of(cond: &Expr) -> Vec<String> {
    match &cond.kind {
        ExprKind::Binary {
            op: BinaryOp::Or,
            left,
            right,
        } => {
            let mut g = negative_guard_of(left);
            g.extend(negative_guard_of(right));
            g
        }
        ExprKind::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } if matches!(right.kind, ExprKind::Nil) => path_of(left).into_iter().collect(),
        ExprKind::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } if matches!(left.kind, ExprKind::Nil) => path_of(right).into_iter().collect(),
        ExprKind::Unary {
            op: UnaryOp::Not,
            expr,
        } => guard_of(expr),
        _ => Vec::new(),
    }
}

/// The span from an operand's root name to its end (a member node's own span
/// is its property).
fn full_span(operand: &Expr) -> Span {
    let mut start = operand;
    loop {
        match &start.kind {
            ExprKind::Member { object, .. } => start = object,
            ExprKind::Chain(inner) => start = inner,
            _ => break,
        }
    }
    Span {
        start: start.span.start.min(operand.span.start),
        end: operand.span.end,
    }
}

/// Where the source of `e` begins: the smallest start in its tree (bounded
/// by the checker's depth limit, which the expression passed to compile).
fn leftmost(e: &Expr) -> u32 {
    e.children()
        .into_iter()
        .map(leftmost)
        .fold(e.span.start, u32::min)
}

fn did_you_mean<'c>(name: &str, shape: &'c Shape) -> Option<&'c str> {
    crate::suggest::nearest(name, shape.fields.iter().map(|f| f.name.as_str()))
}

/// The node's key in [`Typed`].
fn key(e: &Expr) -> *const Expr {
    e
}

impl<'t> Walk<'_, 't> {
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        span: Span,
        message: String,
        suggestion: Option<String>,
    ) {
        let err = crate::Error::new(
            Phase::Compile,
            ErrorKind::Syntax(message.clone()).at(span),
            self.src,
        );
        self.out.push(Diagnostic {
            severity,
            code,
            index: self.index,
            target: self.target.to_string(),
            line: Some(err.line),
            column: Some(err.col),
            message,
            suggestion,
            rendered: err.to_string(),
        });
    }

    /// The checker's type of `e`.
    fn ty_of(&self, e: &Expr) -> &'t LangType {
        let typed: &'t Typed = self.typed;
        typed.types.get(&key(e)).unwrap_or(UNKNOWN)
    }

    /// `owner.name`, a field the record does not have: an error where its
    /// schema is closed, a warning where it is open and a near name exists.
    fn unknown_field(
        &mut self,
        owner: &str,
        property: &Expr,
        name: &str,
        closed: bool,
        near: Option<&str>,
    ) {
        let hint = near
            .map(|n| format!(" (did you mean {n}?)"))
            .unwrap_or_default();
        if closed {
            self.push(
                Severity::Error,
                "unknown-field",
                property.span,
                format!("{owner} has no field {name}{hint}: it is always nil"),
                near.map(str::to_string),
            );
        } else if near.is_some() {
            self.push(
                Severity::Warning,
                "unknown-field",
                property.span,
                format!("{owner} has no field {name} in its schema{hint}"),
                near.map(str::to_string),
            );
        }
    }

    /// The checker's type error at `e`, in an admin's words where the node
    /// says more than expr's message (which is kept for the rest).
    fn type_error(&mut self, e: &Expr, err: &SpannedError) {
        let text = match &err.kind {
            ErrorKind::InvalidOperation(m) | ErrorKind::Function(m) => m.clone(),
            k => k.to_string(),
        };
        let kinds_of = |x: &Expr| kinds_name(kinds(self.ty_of(x)) & !NIL);
        let (span, message, suggestion) = match &e.kind {
            ExprKind::Conditional { cond, .. } if text.starts_with("non-bool") => (
                Span {
                    start: leftmost(cond),
                    end: cond.span.end,
                },
                format!(
                    "a condition must be a boolean, but {} is {}: compare it, e.g. notNullOrEmpty({})",
                    label_of(cond),
                    kinds_of(cond),
                    label_of(cond)
                ),
                path_of(cond).map(|p| format!("notNullOrEmpty({p})")),
            ),
            ExprKind::Unary { op, expr } => {
                let sym = match op {
                    UnaryOp::Not => "!",
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                };
                (
                    full_span(expr),
                    format!("`{sym}` does not apply to {}", kinds_of(expr)),
                    None,
                )
            }
            ExprKind::Binary { op, left, right } if text.contains("mismatched types") => (
                e.span,
                format!(
                    "`{}` does not apply to {} and {}",
                    op.as_str(),
                    kinds_of(left),
                    kinds_of(right)
                ),
                None,
            ),
            // `jcUser.email.lower()`: the builtin, called as a function.
            ExprKind::MethodCall {
                object, name, args, ..
            } if text.contains("has no method")
                && (crate::functions::lookup(name).is_some()
                    || self.host_functions.iter().any(|f| &f.name == name)) =>
            {
                let source = |x: &Expr| {
                    let (a, b) = (leftmost(x) as usize, x.span.end as usize);
                    self.src.get(a..b).unwrap_or_default().to_string()
                };
                let call = std::iter::once(object.as_ref())
                    .chain(args)
                    .map(source)
                    .collect::<Vec<_>>()
                    .join(", ");
                let fix = format!("{name}({call})");
                (
                    err.span,
                    format!("{text}: {name} is a function, e.g. {fix}"),
                    Some(fix),
                )
            }
            _ => (err.span, text, None),
        };
        self.push(Severity::Error, "operand-types", span, message, suggestion);
    }

    fn nil_operand(&mut self, what: &str, operand: &Expr, t: Ty<'t>, fix: &str) {
        if !t.optional_field {
            return;
        }
        let Some(path) = path_of(operand) else { return };
        if self.guarded.contains(&path) {
            return;
        }
        // The fallback of the field's own type, where the schema gives one.
        let fix = match t.k() & !NIL {
            STR => "''",
            ARR => "[]",
            INT | NUM => "0",
            BOOL => "false",
            OBJ => "{}",
            _ => fix,
        };
        self.push(
            Severity::Warning,
            "nil-operand",
            full_span(operand),
            format!(
                "{path} may be absent (nil), and `{what}` fails on nil: guard it, e.g. ({path} ?? {fix})"
            ),
            Some(format!("{path} ?? {fix}")),
        );
    }

    /// `x.y` where the record field `x` may be absent (`nil.y` fails), and
    /// `x[i]` on a record's array (`[][0]` fails: JumpCloud writes unset lists
    /// as `[]`).
    fn member_of_nil(&mut self, object: &Expr, property: &Expr, ot: Ty<'t>, optional: bool) {
        let Some(path) = path_of(object) else { return };
        // A root itself is never nil (`{}` when the input has none).
        if !path.contains('.') || self.guarded.contains(&path) {
            return;
        }
        let span = Span {
            start: leftmost(object),
            end: property.span.end.max(object.span.end),
        };
        match &property.kind {
            ExprKind::Str(name) if ot.optional_field && !optional => self.push(
                Severity::Warning,
                "nil-operand",
                span,
                format!(
                    "{path} may be absent (nil), and `.{name}` fails on nil: guard it, e.g. {path}?.{name}"
                ),
                Some(format!("{path}?.{name}")),
            ),
            ExprKind::Int(i) if ot.k() & !NIL == ARR && ot.field.is_some() => {
                let fix = if *i == 0 {
                    format!("first({path})")
                } else {
                    format!("get({path}, {i})")
                };
                self.push(
                    Severity::Warning,
                    "nil-operand",
                    span,
                    format!(
                        "{path}[{i}] fails when {path} is empty or absent: guard it, e.g. {fix}"
                    ),
                    Some(fix),
                );
            }
            _ => {}
        }
    }

    /// [`label_of`], also naming what a predicate's `.name` is an element of.
    fn label(&self, e: &Expr) -> String {
        if let ExprKind::Member {
            object, property, ..
        } = &e.kind
        {
            if let (ExprKind::Pointer(Pointer::Element), ExprKind::Str(name), Some(of)) =
                (&object.kind, &property.kind, self.preds.last())
            {
                return format!("{name} of an element of {of}");
            }
        }
        label_of(e)
    }

    /// `jcUser.state == 'SUSPENDD'`: a literal the field never holds (its
    /// schema lists its values).
    fn enum_value(&mut self, op: BinaryOp, field: &Expr, t: Ty<'t>, lit: &Expr) {
        let (Some(shape), ExprKind::Str(v)) = (t.field, &lit.kind) else {
            return;
        };
        if shape.values.is_empty() || shape.values.iter().any(|x| x == v) {
            return;
        }
        let near =
            crate::suggest::nearest(v, shape.values.iter().map(String::as_str)).or_else(|| {
                shape
                    .values
                    .iter()
                    .find(|x| x.eq_ignore_ascii_case(v))
                    .map(String::as_str)
            });
        let hint = near
            .map(|n| format!(" (did you mean {n:?}?)"))
            .unwrap_or_default();
        self.push(
            Severity::Warning,
            "unknown-value",
            lit.span,
            format!(
                "{} is one of {}, never {v:?}{hint}: `{}` is always {}",
                self.label(field),
                shape.values.join(", "),
                op.as_str(),
                op == BinaryOp::Ne
            ),
            near.map(|n| format!("'{n}'")),
        );
    }

    /// Walks `e` in source order: each operand's findings, then its own, then
    /// the checker's type error at `e`, if any.
    fn visit(&mut self, e: &Expr) -> Ty<'t> {
        let t = self.visit_node(e);
        let typed: &'t Typed = self.typed;
        if let Some(err) = typed.errors.get(&key(e)) {
            self.type_error(e, err);
        }
        t
    }

    fn visit_node(&mut self, e: &Expr) -> Ty<'t> {
        let own = Ty::of(self.ty_of(e));
        match &e.kind {
            ExprKind::Ident(name) => match self.lets.iter().rev().find(|(n, _)| n == name) {
                Some((_, t)) => *t,
                None => own,
            },
            ExprKind::Member {
                object,
                property,
                optional,
            } => {
                let ot = self.visit(object);
                self.member_of_nil(object, property, ot, *optional);
                let ExprKind::Str(name) = &property.kind else {
                    self.visit(property);
                    return own;
                };
                let typed: &'t Typed = self.typed;
                if let Some((closed, near)) = typed.unknown_fields.get(&key(property)) {
                    let owner = match &object.kind {
                        ExprKind::Pointer(Pointer::Element) => self
                            .preds
                            .last()
                            .map_or("#".to_string(), |of| format!("an element of {of}")),
                        _ => label_of(object),
                    };
                    self.unknown_field(&owner, property, name, *closed, near.as_deref());
                }
                let field = match ot.t {
                    LangType::Record(r) => r.field(name),
                    _ => None,
                };
                Ty {
                    t: own.t,
                    field,
                    optional_field: field.is_some_and(|f| f.may_be_nil) && !optional,
                }
            }
            ExprKind::Chain(inner) => Ty {
                t: own.t,
                ..self.visit(inner)
            },
            ExprKind::Unary { op, expr } => {
                let t = self.visit(expr);
                let (what, fix) = match op {
                    UnaryOp::Not => ("!", "false"),
                    UnaryOp::Neg => ("-", "0"),
                    UnaryOp::Plus => ("+", "0"),
                };
                self.nil_operand(what, expr, t, fix);
                own
            }
            ExprKind::Binary { op, left, right } => {
                self.binary(*op, left, right);
                own
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                let c = self.visit(cond);
                self.nil_operand("?:", cond, c, "false");
                if let Some(t) = then {
                    self.with_guard(guard_of(cond), t);
                }
                self.with_guard(negative_guard_of(cond), otherwise);
                own
            }
            ExprKind::Let { name, value, body } => {
                let v = self.visit(value);
                self.lets.push((name.clone(), v));
                let t = self.visit(body);
                self.lets.pop();
                t
            }
            ExprKind::Sequence(items) => {
                let mut last = own;
                for i in items {
                    last = self.visit(i);
                }
                last
            }
            ExprKind::Array(items) => {
                for i in items {
                    self.visit(i);
                }
                own
            }
            ExprKind::Map(pairs) => {
                for (k, v) in pairs {
                    self.visit(k);
                    self.visit(v);
                }
                own
            }
            ExprKind::Call { name, args, .. } => {
                self.call(name, args);
                own
            }
            ExprKind::Predicate(body) => self.visit(body),
            ExprKind::Slice { object, from, to } => {
                self.visit(object);
                for b in [from, to].into_iter().flatten() {
                    self.visit(b);
                }
                own
            }
            ExprKind::MethodCall { object, args, .. } => {
                self.visit(object);
                for a in args {
                    self.visit(a);
                }
                own
            }
            // Literals, `$env`, `#`: nothing below them.
            _ => own,
        }
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr) {
        // In source order: each operand's own findings, then it.
        let nil_fails = fails_on_nil(op);
        let fix = if op == BinaryOp::Add {
            "''"
        } else {
            "a default"
        };
        let l = self.visit(left);
        if nil_fails {
            self.nil_operand(op.as_str(), left, l, fix);
        }
        // `x != nil && <here>`, `x == nil || <here>`
        let g = match op {
            BinaryOp::And => guard_of(left),
            BinaryOp::Or => negative_guard_of(left),
            _ => Vec::new(),
        };
        let r = self.with_guard(g, right);
        if nil_fails {
            self.nil_operand(op.as_str(), right, r, fix);
        }
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            self.enum_value(op, left, l, right);
            self.enum_value(op, right, r, left);
        }
    }

    fn call(&mut self, name: &str, args: &[Expr]) {
        let mut first = None;
        for (i, a) in args.iter().enumerate() {
            let t = if i > 0 && matches!(a.kind, ExprKind::Predicate(_)) {
                // A predicate's `#` is an element of the first argument.
                self.preds
                    .push(args.first().map_or_else(String::new, label_of));
                let t = self.visit(a);
                self.preds.pop();
                t
            } else {
                self.visit(a)
            };
            first = first.or(Some(t));
        }
        // Which builtins fail on a nil first argument is read off the
        // registry's rows (a host function shadows a builtin of its name).
        let fix = match self.host_functions.iter().any(|f| f.name == name) {
            true => None,
            false => {
                crate::functions::lookup(name).and_then(|(_, b)| crate::functions::nil_first(b))
            }
        };
        if let (Some(a0), Some(t), Some(fix)) = (args.first(), first, fix) {
            self.nil_operand(name, a0, t, fix);
        }
    }

    fn with_guard(&mut self, guard: Vec<String>, e: &Expr) -> Ty<'t> {
        let before = self.guarded.len();
        self.guarded.extend(guard);
        let t = self.visit(e);
        self.guarded.truncate(before);
        t
    }
}

/// The diagnostic for a result of type `t` the target cannot take.
fn mismatch(entry: &Entry, t: Ty<'_>, what: &str) -> Option<String> {
    let (want, want_elem, desc) = accepted(&entry.target);
    let got = t.k() & !NIL;
    if got == 0 || got == ANY & !NIL {
        return None;
    }
    let target = entry.target.short();
    if got & want == 0 {
        return Some(format!(
            "{target} needs {desc}, but {what} gives {}",
            kinds_name(got)
        ));
    }
    // Only arrays, and their elements known not to fit.
    let elem = t.elem() & !NIL;
    if want == ARR && got == ARR && elem != 0 && elem != ANY & !NIL && elem & want_elem == 0 {
        return Some(format!(
            "{target} needs {desc}, but {what} gives an array of {}",
            elems_name(elem)
        ));
    }
    None
}

/// A record's list of objects written whole into a multi-valued attribute
/// whose elements lack some of their fields (`jcUser.phoneNumbers`'s `number`
/// into SCIM `phoneNumbers`): a user whose elements hold one is rejected. The
/// fix is the shipped conversion, where there is one.
fn element_fields(
    direction: Direction,
    entry: &Entry,
    t: Ty<'_>,
    what: &str,
) -> Option<(String, Option<String>)> {
    let target = &entry.target;
    let attr = target.attr;
    if !(attr.multi && attr.ty == Type::Complex && target.filter.is_empty() && target.sub.is_none())
    {
        return None;
    }
    let LangType::Array(items) = t.t else {
        return None;
    };
    let LangType::Record(items) = &**items else {
        return None;
    };
    let extra: Vec<&str> = items
        .fields
        .iter()
        .filter(|f| attr.sub(&f.name).is_none())
        .map(|f| f.name.as_str())
        .collect();
    if extra.is_empty() {
        return None;
    }
    let fix = match attr.name {
        _ if direction == Direction::Import => None,
        "emails" => Some(format!("toScimEmails({what})")),
        "phoneNumbers" => Some(format!("toScimPhoneNumbers({what})")),
        "addresses" => Some(format!("toScimAddresses({what})")),
        _ => None,
    };
    let subs: Vec<&str> = attr.subs.iter().map(|a| a.name).collect();
    let hint = fix
        .as_ref()
        .map(|f| format!(": convert them, e.g. {f}"))
        .unwrap_or_default();
    Some((
        format!(
            "the elements of {what} may hold {}, which {} elements do not have ({}): such a value is rejected{hint}",
            extra.join(", "),
            attr.name,
            subs.join(", ")
        ),
        fix,
    ))
}

/// A string constant that is the text of a value the target takes: the
/// JSON literal meant (`"true"` into `active` → `true`, `"42"` into an
/// integer → `42`).
fn constant_fix(target: &super::TargetPath, v: &serde_json::Value) -> Option<String> {
    let text = v.as_str()?.trim();
    let (kinds, _, _) = accepted(target);
    let fix = match text.to_ascii_lowercase().as_str() {
        "true" | "false" if kinds == BOOL => text.to_ascii_lowercase(),
        _ if kinds & NUM != 0 && kinds & STR == 0 => {
            let n: serde_json::Number = serde_json::from_str(text).ok()?;
            n.to_string()
        }
        _ => return None,
    };
    super::apply::check_value(target, serde_json::from_str(&fix).ok()?)
        .is_ok()
        .then_some(fix)
}

/// Every check of docs/mapping.md (Checks for admins) on the loaded entries;
/// errors first stop the load (see `document.rs`).
pub(super) fn run(
    direction: Direction,
    resource: Resource,
    entries: &[Entry],
    schemas: &RecordSchemas,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = super::Root::primary(direction, resource).name();
    let roots = schemas.root_types();
    for entry in entries {
        let target = entry.target_text();
        let plain = |severity, code, message: String, suggestion| Diagnostic {
            severity,
            code,
            index: entry.index,
            target: target.to_string(),
            line: None,
            column: None,
            rendered: message.clone(),
            message,
            suggestion,
        };
        match &entry.source {
            Source::Expression(p) => {
                let Ok(ast) = crate::parse(p.source()) else {
                    continue;
                };
                // The language's checker types the tree, with each root's
                // schema as its type; its own errors were reported when the
                // entry compiled.
                let mut typed = Typed::default();
                let options = crate::Options::default();
                if crate::check::check_typed(&ast, &options, p.functions(), &roots, &mut typed)
                    .is_err()
                {
                    continue;
                }
                let mut w = Walk {
                    typed: &typed,
                    host_functions: p.functions(),
                    src: p.source(),
                    index: entry.index,
                    target,
                    guarded: Vec::new(),
                    lets: Vec::new(),
                    preds: Vec::new(),
                    out: Vec::new(),
                };
                let t = w.visit(&ast);
                // The whole expression (a node's own span may be its
                // operator: `c ? a : b` starts at `?`).
                let span = Span {
                    start: leftmost(&ast),
                    end: ast.span.end,
                };
                if let Some(m) = mismatch(entry, t, "the expression") {
                    w.push(Severity::Error, "type-mismatch", span, m, None);
                } else if let Some((m, fix)) = element_fields(direction, entry, t, &label_of(&ast))
                {
                    w.push(Severity::Warning, "type-mismatch", span, m, fix);
                }
                out.append(&mut w.out);
            }
            Source::Direct(DirectPath::Fields(fields)) => {
                let Some(record) = schemas.record(root) else {
                    continue;
                };
                let mut shape = &record.shape;
                let mut walked = root.to_string();
                let mut last: Option<(&Shape, bool)> = Some((shape, false));
                for seg in fields {
                    let next = match shape.ty {
                        FieldType::Array if seg.bytes().all(|b| b.is_ascii_digit()) => {
                            shape.items.as_deref().map(|i| (i, false))
                        }
                        FieldType::Object => match shape.field(seg) {
                            Some(f) => Some((&f.shape, f.may_be_nil())),
                            None => {
                                let near = did_you_mean(seg, shape);
                                let hint = near
                                    .map(|n| format!(" (did you mean {n}?)"))
                                    .unwrap_or_default();
                                if shape.closed {
                                    out.push(plain(
                                        Severity::Error,
                                        "unknown-field",
                                        format!(
                                            "{walked} has no field {seg}{hint}: it is always nil"
                                        ),
                                        near.map(str::to_string),
                                    ));
                                } else if near.is_some() {
                                    out.push(plain(
                                        Severity::Warning,
                                        "unknown-field",
                                        format!("{walked} has no field {seg} in its schema{hint}"),
                                        near.map(str::to_string),
                                    ));
                                }
                                None
                            }
                        },
                        _ => None,
                    };
                    let Some((s, nil)) = next else {
                        last = None;
                        break;
                    };
                    shape = s;
                    last = Some((s, nil));
                    walked = format!("{walked}.{seg}");
                }
                let owned = last.map_or(LangType::Unknown, |(s, _)| s.to_type());
                let ty = Ty {
                    t: &owned,
                    field: None,
                    optional_field: last.is_some_and(|(_, nil)| nil),
                };
                if let Some(m) = mismatch(entry, ty, &format!("direct {walked}")) {
                    out.push(plain(Severity::Error, "type-mismatch", m, None));
                } else if let Some((m, fix)) = element_fields(direction, entry, ty, &walked) {
                    out.push(plain(Severity::Warning, "type-mismatch", m, fix));
                }
            }
            Source::Constant(v) => {
                if v.is_null() {
                    continue;
                }
                if let Err(e) = super::apply::check_value(&entry.target, v.clone()) {
                    let fix = constant_fix(&entry.target, v);
                    let hint = fix
                        .as_ref()
                        .map(|f| format!(" (did you mean {f}, without quotes?)"))
                        .unwrap_or_default();
                    out.push(plain(
                        Severity::Error,
                        "type-mismatch",
                        format!("the constant {v} does not fit: {e}{hint}"),
                        fix,
                    ));
                }
            }
            Source::Direct(DirectPath::Custom(_)) => {}
        }
    }
    out
}

impl Mapping {
    /// The warnings about the loaded mapping (its errors stopped the load):
    /// fields an open record's schema does not have where a near one exists,
    /// and operands that may be nil where nil fails (with the guard).
    ///
    /// ```
    /// use scimexpr::Mapping;
    ///
    /// let m = Mapping::load(r#"{"name": "t", "direction": "export", "resource": "User", "attributes": [
    ///     {"target": "userName", "direct": "email"},
    ///     {"target": "displayName", "expression": "jcUser.firstname + ' ' + jcUser.lastname"}]}"#)?;
    /// let d = m.diagnostics();
    /// assert_eq!(d[0].code, "nil-operand");
    /// assert_eq!(d[0].suggestion.as_deref(), Some("jcUser.firstname ?? ''"));
    /// assert_eq!((d[0].line, d[0].column), (Some(1), Some(1)));
    ///
    /// // A field the directory user does not have is an error.
    /// let errs = Mapping::load(r#"{"name": "t", "direction": "export", "resource": "User", "attributes": [
    ///     {"target": "userName", "direct": "emial"}]}"#).unwrap_err();
    /// assert_eq!(errs[0].message, "jcUser has no field emial (did you mean email?): it is always nil");
    /// # Ok::<(), scimexpr::LoadErrors>(())
    /// ```
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.warnings.clone()
    }
}
