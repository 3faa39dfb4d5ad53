//! AST → source that parses back to the same tree (spans aside).
//!
//! Every compound expression is parenthesised, so the output never depends on
//! precedence. The printer recurses: callers check [`Expr::stats`] depth first.
//! [`eq_ignoring_spans`] compares trees without recursing.

use crate::syntax::ast::{Expr, ExprKind, Pointer, UnaryOp};
use crate::syntax::lexer::Tok;
use std::fmt::Write;

/// Prints `e` as fully parenthesised source.
pub fn print(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

/// Whether `.name` reads back as this property name: asks the lexer itself,
/// so the printer and the lexer never disagree on what an identifier is.
fn is_property_name(name: &str) -> bool {
    match crate::syntax::lexer::tokenize(&format!("a.{name}")) {
        Ok(toks) => matches!(toks.as_slice(), [_, _, (_, Tok::Ident(n), _)] if n == name),
        Err(_) => false,
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_float(out: &mut String, f: f64) {
    // `{:?}` is the shortest text that reads back exactly and always has a
    // `.` or an exponent, so it lexes as a float.
    let text = format!("{f:?}");
    if text.contains(['.', 'e', 'E']) || !f.is_finite() {
        out.push_str(&text);
    } else {
        let _ = write!(out, "{text}.0");
    }
}

fn write_list(out: &mut String, items: &[Expr]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, item);
    }
}

fn write_args(out: &mut String, args: &[Expr]) {
    out.push('(');
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match &arg.kind {
            ExprKind::Predicate(body) => {
                out.push('{');
                write_expr(out, body);
                out.push('}');
            }
            _ => write_expr(out, arg),
        }
    }
    out.push(')');
}

/// Writes a receiver of a postfix operation, in parentheses.
fn write_object(out: &mut String, e: &Expr) {
    out.push('(');
    write_expr(out, e);
    out.push(')');
}

fn write_expr(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Nil => out.push_str("nil"),
        ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::Int(i) => {
            let _ = write!(out, "{i}");
        }
        ExprKind::Float(f) => write_float(out, *f),
        ExprKind::Str(s) => write_str(out, s),
        ExprKind::Bytes(b) => {
            out.push_str("b\"");
            for &byte in b {
                match byte {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    0x20..=0x7e => out.push(char::from(byte)),
                    _ => {
                        let _ = write!(out, "\\x{byte:02x}");
                    }
                }
            }
            out.push('"');
        }
        ExprKind::Ident(name) => out.push_str(name),
        ExprKind::Env => out.push_str("$env"),
        ExprKind::Pointer(p) => out.push_str(match p {
            Pointer::Element => "#",
            Pointer::Index => "#index",
            Pointer::Acc => "#acc",
        }),
        ExprKind::Unary { op, expr } => {
            out.push_str(match op {
                UnaryOp::Not => "(not ",
                UnaryOp::Neg => "(-",
                UnaryOp::Plus => "(+",
            });
            write_object(out, expr);
            out.push(')');
        }
        ExprKind::Binary { op, left, right } => {
            out.push('(');
            write_object(out, left);
            let _ = write!(out, " {} ", op.as_str());
            write_object(out, right);
            out.push(')');
        }
        ExprKind::Member {
            object,
            property,
            optional,
        } => {
            write_object(out, object);
            // `(chain).name` would continue the chain; `["name"]` does not.
            let continues = matches!(object.kind, ExprKind::Chain(_));
            match &property.kind {
                ExprKind::Str(name) if !continues && is_property_name(name) => {
                    out.push_str(if *optional { "?." } else { "." });
                    out.push_str(name);
                }
                _ => {
                    out.push_str(if *optional { "?.[" } else { "[" });
                    write_expr(out, property);
                    out.push(']');
                }
            }
        }
        ExprKind::Slice { object, from, to } => {
            write_object(out, object);
            out.push('[');
            if let Some(f) = from {
                write_expr(out, f);
            }
            // Spaced so `[:` never meets a `::` into `:::`.
            out.push_str(" : ");
            if let Some(t) = to {
                write_expr(out, t);
            }
            out.push(']');
        }
        ExprKind::Chain(inner) => {
            out.push('(');
            write_expr(out, inner);
            out.push(')');
        }
        ExprKind::Call {
            name,
            force_builtin,
            args,
        } => {
            if *force_builtin {
                out.push_str("::");
            }
            out.push_str(name);
            write_args(out, args);
        }
        ExprKind::MethodCall {
            object,
            name,
            args,
            optional,
        } => {
            write_object(out, object);
            out.push_str(if *optional { "?." } else { "." });
            out.push_str(name);
            write_args(out, args);
        }
        ExprKind::Predicate(body) => {
            out.push('{');
            write_expr(out, body);
            out.push('}');
        }
        ExprKind::Array(items) => {
            out.push('[');
            write_list(out, items);
            out.push(']');
        }
        ExprKind::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match &k.kind {
                    ExprKind::Str(s) => write_str(out, s),
                    _ => write_object(out, k),
                }
                out.push_str(": ");
                write_expr(out, v);
            }
            out.push('}');
        }
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
        } => {
            out.push('(');
            write_object(out, cond);
            match then {
                Some(t) => {
                    out.push_str(" ? ");
                    write_object(out, t);
                    out.push_str(" : ");
                }
                None => out.push_str(" ?: "),
            }
            write_object(out, otherwise);
            out.push(')');
        }
        ExprKind::Let { name, value, body } => {
            let _ = write!(out, "(let {name} = ");
            write_object(out, value);
            out.push_str("; ");
            write_object(out, body);
            out.push(')');
        }
        ExprKind::Sequence(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                write_expr(out, item);
            }
            out.push(')');
        }
    }
}

/// Whether two nodes agree on everything but their spans and children.
fn shallow_eq(a: &ExprKind, b: &ExprKind) -> bool {
    use ExprKind::*;
    match (a, b) {
        (Nil, Nil) | (Env, Env) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x.to_bits() == y.to_bits(),
        (Str(x), Str(y)) | (Ident(x), Ident(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (Pointer(x), Pointer(y)) => x == y,
        (Unary { op: x, .. }, Unary { op: y, .. }) => x == y,
        (Binary { op: x, .. }, Binary { op: y, .. }) => x == y,
        (Member { optional: x, .. }, Member { optional: y, .. }) => x == y,
        (
            Slice {
                from: f1, to: t1, ..
            },
            Slice {
                from: f2, to: t2, ..
            },
        ) => f1.is_some() == f2.is_some() && t1.is_some() == t2.is_some(),
        (Chain(_), Chain(_)) | (Predicate(_), Predicate(_)) => true,
        (
            Call {
                name: n1,
                force_builtin: f1,
                args: a1,
            },
            Call {
                name: n2,
                force_builtin: f2,
                args: a2,
            },
        ) => n1 == n2 && f1 == f2 && a1.len() == a2.len(),
        (
            MethodCall {
                name: n1,
                args: a1,
                optional: o1,
                ..
            },
            MethodCall {
                name: n2,
                args: a2,
                optional: o2,
                ..
            },
        ) => n1 == n2 && o1 == o2 && a1.len() == a2.len(),
        (Array(x), Array(y)) | (Sequence(x), Sequence(y)) => x.len() == y.len(),
        (Map(x), Map(y)) => x.len() == y.len(),
        (Conditional { then: t1, .. }, Conditional { then: t2, .. }) => {
            t1.is_some() == t2.is_some()
        }
        (Let { name: x, .. }, Let { name: y, .. }) => x == y,
        _ => false,
    }
}

/// Compares two trees ignoring spans, without recursion.
pub fn eq_ignoring_spans(a: &Expr, b: &Expr) -> bool {
    let mut stack = vec![(a, b)];
    while let Some((x, y)) = stack.pop() {
        if !shallow_eq(&x.kind, &y.kind) {
            return false;
        }
        let (cx, cy) = (x.children(), y.children());
        if cx.len() != cy.len() {
            return false;
        }
        stack.extend(cx.into_iter().zip(cy));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parser::parse;

    #[test]
    fn prints_reparseable_source() {
        let cases = [
            "1 + 2 * 3",
            "-2 ** 2",
            "not a in b",
            "a not in b",
            "a < b < c",
            "u.v?.a.b",
            "u.v?.a[0]",
            "(u.v?.a).b",
            "(u.v?.a)['b']",
            "xs | filter(# > 1) | map({#index + .a})",
            "{a: 1, 'b c': 2, 3: [1, 2,], (k): x}",
            "c ? 1 : d ?: 2",
            "let x = 1; x + 1",
            "if a { 1 } else if b { 2 } else { 3 }",
            "a; b; c",
            "'a\\n\"\\u{1}' + `x`",
            "1.5 + 1e300 + 5. + .5 + 1e3",
            "x[1:] + x[:2] + x[:] + x[a:b]",
            "date('2023').Year() + ::len(x) + $env.a",
            "b\"\\xff\\\"a\"",
            "reduce(xs, #acc + #, 0)",
        ];
        for src in cases {
            let ast = parse(src).unwrap();
            let printed = print(&ast);
            let again = parse(&printed).unwrap_or_else(|e| panic!("{src} → {printed}: {e:?}"));
            assert!(eq_ignoring_spans(&ast, &again), "{src} → {printed}");
        }
    }

    #[test]
    fn floats_stay_floats() {
        let mut s = String::new();
        write_float(&mut s, 1.0);
        assert_eq!(s, "1.0");
        assert!(eq_ignoring_spans(
            &parse(&print(&parse("1e300").unwrap())).unwrap(),
            &parse("1e300").unwrap()
        ));
    }
}
