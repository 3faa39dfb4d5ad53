//! print → parse gives back the same tree (spans aside), on generated trees
//! in the shapes the parser produces.

use proptest::prelude::*;
use scimexpr::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use scimexpr::parser::parse;
use scimexpr::printer::{eq_ignoring_spans, print};
use scimexpr::Span;

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn bx(x: Expr) -> Box<Expr> {
    Box::new(x)
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "foo", "_x", "$y", "héllo"]).prop_map(String::from)
}

fn property() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["a", "in", "not", "true", "Name", "x1"]).prop_map(String::from),
        any::<String>(),
    ]
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        Just(e(ExprKind::Nil)),
        any::<bool>().prop_map(|b| e(ExprKind::Bool(b))),
        (0..=i64::MAX).prop_map(|i| e(ExprKind::Int(i))),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| e(ExprKind::Float(f.abs()))),
        any::<String>().prop_map(|s| e(ExprKind::Str(s))),
        prop::collection::vec(any::<u8>(), 0..4).prop_map(|b| e(ExprKind::Bytes(b))),
        name().prop_map(|n| e(ExprKind::Ident(n))),
        Just(e(ExprKind::Env)),
    ]
}

/// `#`, `#index`, `#acc`: only inside predicate bodies.
fn pointer() -> impl Strategy<Value = Expr> {
    prop::sample::select(vec![Pointer::Element, Pointer::Index, Pointer::Acc])
        .prop_map(|p| e(ExprKind::Pointer(p)))
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    use BinaryOp::*;
    prop::sample::select(vec![
        Or, And, Eq, Ne, Lt, Gt, Le, Ge, In, Matches, Contains, StartsWith, EndsWith, Range, Add,
        Sub, Mul, Div, Mod, Pow, Coalesce,
    ])
}

fn tree() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 48, 4, |inner| {
        let not_chain = inner
            .clone()
            .prop_filter("no chain", |x| !matches!(x.kind, ExprKind::Chain(_)));
        prop_oneof![
            (
                prop::sample::select(vec![UnaryOp::Not, UnaryOp::Neg, UnaryOp::Plus]),
                inner.clone()
            )
                .prop_map(|(op, x)| e(ExprKind::Unary { op, expr: bx(x) })),
            (binary_op(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| e(
                ExprKind::Binary {
                    op,
                    left: bx(l),
                    right: bx(r)
                }
            )),
            (inner.clone(), property()).prop_map(|(o, p)| e(ExprKind::Member {
                object: bx(o),
                property: bx(e(ExprKind::Str(p))),
                optional: false
            })),
            (inner.clone(), inner.clone()).prop_map(|(o, i)| e(ExprKind::Member {
                object: bx(o),
                property: bx(i),
                optional: false
            })),
            (not_chain.clone(), property()).prop_map(|(o, p)| e(ExprKind::Chain(bx(e(
                ExprKind::Member {
                    object: bx(o),
                    property: bx(e(ExprKind::Str(p))),
                    optional: true
                }
            ))))),
            (
                inner.clone(),
                prop::option::of(inner.clone()),
                prop::option::of(inner.clone())
            )
                .prop_map(|(o, f, t)| e(ExprKind::Slice {
                    object: bx(o),
                    from: f.map(bx),
                    to: t.map(bx)
                })),
            (
                prop::sample::select(vec!["f", "len", "upper"]),
                any::<bool>(),
                prop::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(n, force, args)| e(ExprKind::Call {
                    name: n.into(),
                    force_builtin: force,
                    args
                })),
            (
                prop::sample::select(vec!["filter", "map", "all"]),
                inner.clone(),
                prop_oneof![
                    inner.clone(),
                    pointer(),
                    (binary_op(), pointer(), inner.clone()).prop_map(|(op, l, r)| e(
                        ExprKind::Binary {
                            op,
                            left: bx(l),
                            right: bx(r)
                        }
                    )),
                    (pointer(), property()).prop_map(|(o, p)| e(ExprKind::Member {
                        object: bx(o),
                        property: bx(e(ExprKind::Str(p))),
                        optional: false
                    })),
                ]
            )
                .prop_map(|(n, xs, body)| e(ExprKind::Call {
                    name: n.into(),
                    force_builtin: false,
                    args: vec![xs, e(ExprKind::Predicate(bx(body)))]
                })),
            (not_chain, prop::collection::vec(inner.clone(), 0..2)).prop_map(|(o, args)| e(
                ExprKind::MethodCall {
                    object: bx(o),
                    name: "Year".into(),
                    args,
                    optional: false
                }
            )),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| e(ExprKind::Array(v))),
            prop::collection::vec(
                (
                    prop_oneof![
                        any::<String>().prop_map(|s| e(ExprKind::Str(s))),
                        name().prop_map(|n| e(ExprKind::Ident(n)))
                    ],
                    inner.clone()
                ),
                0..3
            )
            .prop_map(|v| e(ExprKind::Map(v))),
            (
                inner.clone(),
                prop::option::of(inner.clone()),
                inner.clone()
            )
                .prop_map(|(c, t, o)| e(ExprKind::Conditional {
                    cond: bx(c),
                    then: t.map(bx),
                    otherwise: bx(o)
                })),
            (name(), inner.clone(), inner.clone()).prop_map(|(n, v, b)| e(ExprKind::Let {
                name: n,
                value: bx(v),
                body: bx(b)
            })),
            prop::collection::vec(inner, 2..4).prop_map(|v| e(ExprKind::Sequence(v))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn print_then_parse_is_identity(ast in tree()) {
        let src = print(&ast);
        if std::env::var("SHOW").is_ok() { eprintln!("{src}"); }
        let back = parse(&src).map_err(|err| TestCaseError::fail(format!("{src}: {err:?}")))?;
        prop_assert!(eq_ignoring_spans(&ast, &back), "{}\n{:?}", src, back);
    }
}
