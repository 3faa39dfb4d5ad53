//! Expressions generated from the grammar, run against arbitrary JSON records.
//! Unstructured bytes rarely get past the parser; this target reaches the VM
//! and the builtins with well-formed programs.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Lit {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

#[derive(Arbitrary, Debug)]
enum Node {
    Lit(Lit),
    Root(u8),
    Pointer(u8),
    Field(Box<Node>, u8, bool),
    Index(Box<Node>, Box<Node>, bool),
    Slice(Box<Node>, Option<Box<Node>>, Option<Box<Node>>),
    Unary(u8, Box<Node>),
    Binary(u8, Box<Node>, Box<Node>),
    Ternary(Box<Node>, Box<Node>, Box<Node>),
    Call(u8, Vec<Node>),
    Predicate(u8, Box<Node>, Box<Node>),
    Array(Vec<Node>),
    Map(Vec<(u8, Node)>),
    Let(Box<Node>, Box<Node>),
}

const ROOTS: &[&str] = &["jcUser", "providerUser", "settings", "$env", "x", "nope"];
const FIELDS: &[&str] = &[
    "id",
    "email",
    "firstname",
    "addresses",
    "type",
    "number",
    "a",
    "b",
    "0",
    "value",
];
const UNARY: &[&str] = &["-", "+", "not ", "!"];
const BINARY: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "and",
    "or",
    "??",
    "..",
    "in",
    "not in",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "|",
];
const CALLS: &[&str] = &[
    "len",
    "type",
    "abs",
    "ceil",
    "floor",
    "round",
    "int",
    "float",
    "string",
    "trim",
    "upper",
    "lower",
    "split",
    "replace",
    "repeat",
    "join",
    "indexOf",
    "max",
    "min",
    "mean",
    "median",
    "toJSON",
    "fromJSON",
    "toBase64",
    "fromBase64",
    "first",
    "last",
    "get",
    "take",
    "keys",
    "values",
    "toPairs",
    "fromPairs",
    "reverse",
    "uniq",
    "concat",
    "flatten",
    "sort",
    "bitand",
    "bitshl",
    "duration",
    "date",
    "notNullOrEmpty",
    "toScimEmails",
    "toScimAddresses",
    "toScimPhoneNumbers",
];
const PREDICATES: &[&str] = &[
    "all",
    "none",
    "any",
    "one",
    "filter",
    "map",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "count",
    "sum",
    "groupBy",
    "sortBy",
    "reduce",
];

fn pick<'a>(table: &[&'a str], i: u8) -> &'a str {
    table[usize::from(i) % table.len()]
}

fn write(n: &Node, out: &mut String, depth: usize) {
    if depth > 24 {
        out.push_str("nil");
        return;
    }
    let d = depth + 1;
    match n {
        Node::Lit(Lit::Nil) => out.push_str("nil"),
        Node::Lit(Lit::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        Node::Lit(Lit::Int(i)) => out.push_str(&format!("({i})")),
        Node::Lit(Lit::Float(f)) if f.is_finite() => out.push_str(&format!("({f:?})")),
        Node::Lit(Lit::Float(_)) => out.push_str("1.5"),
        Node::Lit(Lit::Str(s)) => out.push_str(&format!("{s:?}")),
        Node::Root(i) => out.push_str(pick(ROOTS, *i)),
        Node::Pointer(i) => out.push_str(pick(&["#", "#index", "#acc", ".type"], *i)),
        Node::Field(o, f, opt) => {
            write(o, out, d);
            out.push_str(if *opt { "?." } else { "." });
            out.push_str(pick(FIELDS, *f).trim_start_matches(char::is_numeric));
            if pick(FIELDS, *f).starts_with(char::is_numeric) {
                out.push_str("value");
            }
        }
        Node::Index(o, i, opt) => {
            write(o, out, d);
            out.push_str(if *opt { "?.[" } else { "[" });
            write(i, out, d);
            out.push(']');
        }
        Node::Slice(o, a, b) => {
            write(o, out, d);
            out.push('[');
            if let Some(a) = a {
                write(a, out, d);
            }
            out.push(':');
            if let Some(b) = b {
                write(b, out, d);
            }
            out.push(']');
        }
        Node::Unary(op, e) => {
            out.push('(');
            out.push_str(pick(UNARY, *op));
            write(e, out, d);
            out.push(')');
        }
        Node::Binary(op, l, r) => {
            let op = pick(BINARY, *op);
            out.push('(');
            write(l, out, d);
            if op == "|" {
                out.push_str(" | string()");
            } else {
                out.push(' ');
                out.push_str(op);
                out.push(' ');
                write(r, out, d);
            }
            out.push(')');
        }
        Node::Ternary(c, a, b) => {
            out.push('(');
            write(c, out, d);
            out.push_str(" ? ");
            write(a, out, d);
            out.push_str(" : ");
            write(b, out, d);
            out.push(')');
        }
        Node::Call(f, args) => {
            out.push_str(pick(CALLS, *f));
            out.push('(');
            for (i, a) in args.iter().take(4).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(a, out, d);
            }
            out.push(')');
        }
        Node::Predicate(f, arr, body) => {
            out.push_str(pick(PREDICATES, *f));
            out.push('(');
            write(arr, out, d);
            out.push_str(", {");
            write(body, out, d);
            out.push_str("})");
        }
        Node::Array(items) => {
            out.push('[');
            for (i, a) in items.iter().take(8).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(a, out, d);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().take(8).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(pick(FIELDS, *k).trim_start_matches(char::is_numeric));
                out.push_str("k: ");
                write(v, out, d);
            }
            out.push('}');
        }
        Node::Let(v, body) => {
            out.push_str("(let x = ");
            write(v, out, d);
            out.push_str("; ");
            write(body, out, d);
            out.push(')');
        }
    }
}

#[derive(Arbitrary, Debug)]
enum J {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(u8, J)>),
}

fn json(j: &J, depth: usize) -> serde_json::Value {
    use serde_json::Value as V;
    if depth > 16 {
        return V::Null;
    }
    match j {
        J::Null => V::Null,
        J::Bool(b) => V::Bool(*b),
        J::Int(i) => V::from(*i),
        J::Float(f) => serde_json::Number::from_f64(*f)
            .map(V::Number)
            .unwrap_or(V::Null),
        J::Str(s) => V::String(s.clone()),
        J::Arr(a) => V::Array(a.iter().take(16).map(|x| json(x, depth + 1)).collect()),
        J::Obj(o) => V::Object(
            o.iter()
                .take(16)
                .map(|(k, v)| (pick(FIELDS, *k).to_string(), json(v, depth + 1)))
                .collect(),
        ),
    }
}

fuzz_target!(|input: (Node, J, J)| {
    let mut src = String::new();
    write(&input.0, &mut src, 0);
    let env = serde_json::json!({
        "jcUser": json(&input.1, 0),
        "providerUser": json(&input.2, 0),
        "settings": {"defaultUserState": "STAGED"},
    });
    let compiler = scimexpr::Compiler::new().work_budget(100_000);
    let quirk = scimexpr::parser::parse(&src).is_ok_and(|e| rewrites_semantics(&e));
    let optimized = compiler.compile(&src);
    let plain = compiler.clone().optimize(false).compile(&src);
    if let (Ok(a), Ok(b)) = (optimized, plain) {
        let ra = a.run(&env).map(|v| v.to_json().to_string());
        let rb = b.run(&env).map(|v| v.to_json().to_string());
        // Constant folding must never change a result (errors may differ in
        // text), except where expr's optimizer defines another one.
        if let (Ok(x), Ok(y), false) = (&ra, &rb, quirk) {
            assert_eq!(x, y, "folding changed the result of {src}");
        }
    }
});

/// Whether the tree holds a form whose result expr's optimizer changes
/// (docs/language.md, Quirks): `x in [string literals]` (a nil `x` finds
/// `""`), `and`/`or` with a constant boolean operand (`x and true` is `x`)
/// and `sum` of a literal list (`sum([a, b])` is `a + b`). The optimized
/// program follows expr; without the optimizer the plain operation runs.
fn rewrites_semantics(e: &scimexpr::ast::Expr) -> bool {
    use scimexpr::ast::{BinaryOp, ExprKind};
    let here = match &e.kind {
        // Folding may make the list one of strings (`['a' + 'b']`).
        ExprKind::Binary {
            op: BinaryOp::In,
            right,
            ..
        } => matches!(&right.kind,
            ExprKind::Array(items) if !items.is_empty() && items.iter().all(constant)),
        ExprKind::Binary {
            op: BinaryOp::And | BinaryOp::Or,
            left,
            right,
        } => constant(left) || constant(right),
        ExprKind::Call { name, args, .. } => {
            name == "sum" && matches!(args.first().map(|a| &a.kind), Some(ExprKind::Array(_)))
        }
        _ => false,
    };
    here || e.children().into_iter().any(rewrites_semantics)
}

/// A subtree folding may turn into one constant.
fn constant(e: &scimexpr::ast::Expr) -> bool {
    use scimexpr::ast::ExprKind;
    match &e.kind {
        ExprKind::Nil
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_) => true,
        ExprKind::Unary { .. } | ExprKind::Binary { .. } | ExprKind::Conditional { .. } => {
            e.children().into_iter().all(constant)
        }
        _ => false,
    }
}
