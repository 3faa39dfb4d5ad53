//! End-to-end checks of compiler + VM on hand-built ASTs (independent of the parser).

use scimexpr::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use scimexpr::{Compiler, Span};
use serde_json::json;

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::new(0, 1))
}
fn int(i: i64) -> Expr {
    e(ExprKind::Int(i))
}
fn s(x: &str) -> Expr {
    e(ExprKind::Str(x.into()))
}
fn id(x: &str) -> Expr {
    e(ExprKind::Ident(x.into()))
}
fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
    e(ExprKind::Binary {
        op,
        left: Box::new(l),
        right: Box::new(r),
    })
}
fn member(o: Expr, name: &str, optional: bool) -> Expr {
    e(ExprKind::Member {
        object: Box::new(o),
        property: Box::new(s(name)),
        optional,
    })
}
fn call(name: &str, args: Vec<Expr>) -> Expr {
    e(ExprKind::Call {
        name: name.into(),
        force_builtin: false,
        args,
    })
}
fn pred(body: Expr) -> Expr {
    e(ExprKind::Predicate(Box::new(body)))
}
fn elem() -> Expr {
    e(ExprKind::Pointer(Pointer::Element))
}

fn run(expr: Expr, env: serde_json::Value, optimize: bool) -> Result<String, String> {
    let compiler = Compiler::new()
        .without_jumpcloud_functions()
        .optimize(optimize);
    let program = compiler
        .compile_ast("test", &expr)
        .map_err(|e| format!("compile: {}", e.kind))?;
    let r = program.run(&env).map_err(|e| e.kind.to_string());
    r.map(|v| format!("{:?}", v.to_json()))
}

#[test]
fn arithmetic_and_logic() {
    let rows: Vec<(Expr, &str)> = vec![
        (
            bin(BinaryOp::Pow, int(2), bin(BinaryOp::Pow, int(3), int(2))),
            "Number(512.0)",
        ),
        (
            e(ExprKind::Unary {
                op: UnaryOp::Neg,
                expr: Box::new(bin(BinaryOp::Pow, int(2), int(2))),
            }),
            "Number(-4.0)",
        ),
        (bin(BinaryOp::Div, int(7), int(2)), "Number(3.5)"),
        (
            bin(
                BinaryOp::Mod,
                e(ExprKind::Unary {
                    op: UnaryOp::Neg,
                    expr: Box::new(int(7)),
                }),
                int(3),
            ),
            "Number(-1)",
        ),
        (
            bin(BinaryOp::Add, int(i64::MAX), int(1)),
            "Number(-9223372036854775808)",
        ),
        (
            bin(
                BinaryOp::And,
                e(ExprKind::Bool(true)),
                member(id("u"), "b", false),
            ),
            "Null",
        ),
        (
            bin(
                BinaryOp::Coalesce,
                member(id("u"), "missing", false),
                s("x"),
            ),
            "String(\"x\")",
        ),
    ];
    for optimize in [true, false] {
        for (ex, want) in &rows {
            let got = run(ex.clone(), json!({"u": {}}), optimize).unwrap();
            assert_eq!(&got, want, "{ex:?} optimize={optimize}");
        }
    }
}

#[test]
fn nil_rules() {
    let chain = e(ExprKind::Chain(Box::new(member(
        member(member(id("u"), "v", false), "a", true),
        "b",
        false,
    ))));
    assert_eq!(run(chain, json!({"u": {"v": null}}), true).unwrap(), "Null");
    let err = run(
        member(member(id("u"), "missing", false), "deeper", false),
        json!({"u": {}}),
        true,
    )
    .unwrap_err();
    assert_eq!(err, "cannot fetch deeper from <nil>");
    let and = bin(
        BinaryOp::And,
        member(id("u"), "missing", false),
        e(ExprKind::Bool(true)),
    );
    assert_eq!(run(and.clone(), json!({"u": {}}), true).unwrap(), "Null");
    assert!(run(and, json!({"u": {}}), false)
        .unwrap_err()
        .contains("expected bool"));
}

#[test]
fn predicates() {
    let arr = e(ExprKind::Array(vec![int(1), int(2), int(3)]));
    let rows: Vec<(Expr, &str)> = vec![
        (
            call(
                "filter",
                vec![arr.clone(), pred(bin(BinaryOp::Gt, elem(), int(1)))],
            ),
            "Array [Number(2), Number(3)]",
        ),
        (
            call(
                "map",
                vec![arr.clone(), pred(bin(BinaryOp::Mul, elem(), int(2)))],
            ),
            "Array [Number(2), Number(4), Number(6)]",
        ),
        (call("sum", vec![arr.clone()]), "Number(6)"),
        (
            call(
                "findIndex",
                vec![arr.clone(), pred(bin(BinaryOp::Gt, elem(), int(5)))],
            ),
            "Null",
        ),
        (
            call(
                "findLast",
                vec![arr.clone(), pred(bin(BinaryOp::Gt, elem(), int(1)))],
            ),
            "Number(3)",
        ),
        (
            call(
                "reduce",
                vec![
                    arr.clone(),
                    pred(bin(
                        BinaryOp::Add,
                        e(ExprKind::Pointer(Pointer::Acc)),
                        elem(),
                    )),
                ],
            ),
            "Number(6)",
        ),
        (
            call(
                "all",
                vec![arr.clone(), pred(bin(BinaryOp::Gt, elem(), int(0)))],
            ),
            "Bool(true)",
        ),
        (
            call(
                "one",
                vec![arr.clone(), pred(bin(BinaryOp::Gt, elem(), int(2)))],
            ),
            "Bool(true)",
        ),
    ];
    for (ex, want) in rows {
        assert_eq!(run(ex.clone(), json!({}), true).unwrap(), want, "{ex:?}");
    }
}
