//! Shared helpers for the parser tests: a compact S-expression view of an AST
//! (spans left out) so expected trees can be written by hand from the spec.
#![allow(dead_code)]

use scimexpr::ast::{self, Expr, ExprKind, UnaryOp};

/// `(op left right)`, `(. obj prop)`, `(chain x)`, … — see the match below.
pub fn sexp(e: &Expr) -> String {
    use ExprKind::*;
    let list = |items: &[Expr]| items.iter().map(sexp).collect::<Vec<_>>().join(" ");
    match &e.kind {
        Nil => "nil".into(),
        Bool(b) => b.to_string(),
        Int(i) => i.to_string(),
        Float(f) => format!("{f:?}f"),
        Str(s) => format!("{s:?}"),
        Bytes(b) => format!("b{b:?}"),
        Ident(n) => n.clone(),
        Env => "$env".into(),
        Pointer(p) => match p {
            ast::Pointer::Element => "#",
            ast::Pointer::Index => "#index",
            ast::Pointer::Acc => "#acc",
        }
        .into(),
        Unary { op, expr } => {
            let o = match op {
                UnaryOp::Not => "not",
                UnaryOp::Neg => "neg",
                UnaryOp::Plus => "plus",
            };
            format!("({o} {})", sexp(expr))
        }
        Binary { op, left, right } => format!("({} {} {})", op.as_str(), sexp(left), sexp(right)),
        Member {
            object,
            property,
            optional,
        } => format!(
            "({} {} {})",
            if *optional { "?." } else { "." },
            sexp(object),
            sexp(property)
        ),
        Slice { object, from, to } => format!(
            "(slice {} {} {})",
            sexp(object),
            from.as_deref().map_or("_".into(), sexp),
            to.as_deref().map_or("_".into(), sexp)
        ),
        Chain(x) => format!("(chain {})", sexp(x)),
        Call {
            name,
            force_builtin,
            args,
        } => {
            let sep = if args.is_empty() { "" } else { " " };
            format!(
                "({}{name}{sep}{})",
                if *force_builtin { "::" } else { "" },
                list(args)
            )
        }
        MethodCall {
            object,
            name,
            args,
            optional,
        } => format!(
            "({} {} {name}{}{})",
            if *optional { "method?" } else { "method" },
            sexp(object),
            if args.is_empty() { "" } else { " " },
            list(args)
        ),
        Predicate(b) => format!("{{{}}}", sexp(b)),
        Array(items) => format!("[{}]", list(items)),
        Map(entries) => format!(
            "(map {})",
            entries
                .iter()
                .map(|(k, v)| format!("{} {}", sexp(k), sexp(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Conditional {
            cond,
            then,
            otherwise,
        } => match then {
            Some(t) => format!("(? {} {} {})", sexp(cond), sexp(t), sexp(otherwise)),
            None => format!("(?: {} {})", sexp(cond), sexp(otherwise)),
        },
        Let { name, value, body } => format!("(let {name} {} {})", sexp(value), sexp(body)),
        Sequence(items) => format!("(seq {})", list(items)),
    }
}

/// Parses and renders, panicking with the error on failure.
pub fn p(src: &str) -> String {
    match scimexpr::parser::parse(src) {
        Ok(e) => sexp(&e),
        Err(err) => panic!("{src:?} failed: {err:?}"),
    }
}

/// The rendered error headline `MESSAGE (L:C)`.
pub fn err(src: &str) -> String {
    match scimexpr::parse(src) {
        Ok(e) => panic!("{src:?} parsed: {}", sexp(&e)),
        Err(e) => e.headline(),
    }
}
