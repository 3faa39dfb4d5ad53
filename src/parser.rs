//! Source → AST (language.md §3).
//!
//! The LALRPOP grammar (`grammar/expr.lalrpop`) handles nesting: parentheses,
//! calls, literals, `let`/`if`, sequences, ternaries. Inside one nesting level
//! it leaves binary operators as a flat list of [`Piece`]s, which [`resolve`]
//! turns into a tree with expr's own precedence-climbing algorithm — the only
//! way to reproduce its quirks exactly (a unary operator's operand absorbs
//! every operator of at least its precedence, comparison chains, `??` mixing
//! errors). `resolve` keeps its own stack, so deep input cannot overflow the
//! call stack; neither can the LR parser.
//!
//! Spans: literal/identifier → its token; Binary/Unary → the operator token;
//! Member → the property name token or the `[`; Slice → the `[`; Call → the
//! function name; MethodCall → the method name; Conditional → the `?` or `if`;
//! Let → `let`; Sequence → the first `;`; Array/Map → the opening bracket;
//! Chain → the span of the expression it wraps; Predicate → its `{` (closure)
//! or its body's span (bare); comparison-chain `and`s → the comparison operator.

use crate::ast::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use crate::error::{ErrorKind, SpannedError};
use crate::lexer::{self, Tok};
use crate::span::Span;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        unused_parens,
        missing_docs,
        unused_imports
    )]
    grammar,
    "/expr.rs"
);

/// Parses a whole expression.
pub fn parse(source: &str) -> Result<Expr, SpannedError> {
    let toks = lexer::tokenize(source)?;
    let unclosed_paren = has_unclosed_paren(&toks);
    grammar::ProgramParser::new()
        .parse(source, toks.into_iter().map(Ok::<_, SpannedError>))
        .map_err(|e| syntax_error(source, e, unclosed_paren))
}

fn has_unclosed_paren(toks: &[lexer::Spanned]) -> bool {
    let mut depth: usize = 0;
    for (_, t, _) in toks {
        match t {
            Tok::LParen => depth += 1,
            Tok::RParen => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0
}

type LalrError = lalrpop_util::ParseError<usize, Tok, SpannedError>;

fn syntax_error(src: &str, e: LalrError, unclosed_paren: bool) -> SpannedError {
    use lalrpop_util::ParseError::*;
    let syntax =
        |msg: String, start: usize, end: usize| ErrorKind::Syntax(msg).at(Span::new(start, end));
    match e {
        User { error } => error,
        UnrecognizedToken {
            token: (l, tok, r), ..
        }
        | ExtraToken { token: (l, tok, r) } => {
            // expr shows a token's value: strings decoded, others as written.
            let text = match &tok {
                Tok::Str(s) | Tok::Ident(s) | Tok::PredIdent(s) => s.as_str(),
                _ => src.get(l..r).unwrap_or(""),
            };
            syntax(
                format!("unexpected token {}({text:?})", tok.kind_name()),
                l,
                r,
            )
        }
        UnrecognizedEof { location, .. } => {
            let msg = if unclosed_paren {
                "an opened parenthesis is not properly closed"
            } else {
                "unexpected end of expression"
            };
            syntax(msg.into(), location, location)
        }
        InvalidToken { location } => syntax("unexpected token".into(), location, location + 1),
    }
}

/// One element of a flat binary-operator sequence.
#[derive(Debug)]
pub enum Piece {
    /// A postfix expression.
    Operand(Expr),
    /// A prefix operator.
    Unary(UnaryOp, Span),
    /// A binary operator; `true` for the negated word forms (`not in`, …).
    Op(BinaryOp, bool, Span),
    /// `| name(args)`.
    Pipe {
        /// The function name.
        name: String,
        /// Its span.
        span: Span,
        /// The arguments after the piped value.
        args: PipeArgs,
    },
}

/// The arguments of a piped call.
#[derive(Debug)]
pub enum PipeArgs {
    /// An ordinary function.
    Plain(Vec<Expr>),
    /// A predicate builtin, with the span of its `)`.
    Predicate(Vec<Arg>, Span),
}

/// An argument of a predicate builtin call.
#[derive(Debug)]
pub enum Arg {
    /// A plain expression (a bare predicate in predicate position), with
    /// the byte offset where it starts.
    Expr(Expr, usize),
    /// `{ … }` in predicate position, with the span of the `{`.
    Closure(Expr, Span),
    /// A bare predicate followed by `;` (an error), at the `;`.
    BadSemi(Span),
}

/// One postfix operation.
#[derive(Debug)]
pub enum Post {
    /// `.name` / `?.name`
    Field {
        /// The property.
        name: String,
        /// The name's span.
        span: Span,
        /// `?.`
        optional: bool,
    },
    /// `.Name(args)` / `?.Name(args)`
    Method {
        /// The method.
        name: String,
        /// The name's span.
        span: Span,
        /// Arguments.
        args: Vec<Expr>,
        /// `?.`
        optional: bool,
    },
    /// `[index]` / `?.[index]`
    Index {
        /// The index.
        index: Expr,
        /// The `[`'s span.
        span: Span,
        /// `?.[`
        optional: bool,
    },
    /// `[from:to]`
    Slice {
        /// Start.
        from: Option<Expr>,
        /// End.
        to: Option<Expr>,
        /// The `[`'s span.
        span: Span,
    },
}

/// The items of a sequence being built.
#[derive(Debug)]
pub struct SeqItems {
    items: Vec<Expr>,
    first_semi: Option<Span>,
}

impl SeqItems {
    /// A sequence of one.
    pub fn new(e: Expr) -> SeqItems {
        SeqItems {
            items: vec![e],
            first_semi: None,
        }
    }

    /// Appends an item that followed the `;` at `semi`.
    pub fn push(&mut self, semi: Span, e: Expr) {
        self.first_semi.get_or_insert(semi);
        self.items.push(e);
    }

    /// One item is itself; more make a [`ExprKind::Sequence`] at the first `;`.
    pub fn finish(mut self) -> Expr {
        if self.items.len() == 1 {
            if let Some(e) = self.items.pop() {
                return e;
            }
        }
        Expr::new(
            ExprKind::Sequence(self.items),
            self.first_semi.unwrap_or_default(),
        )
    }
}

/// `true`, `false`, `nil`, `$env` or a variable.
pub fn ident(name: String, span: Span) -> Expr {
    let kind = match name.as_str() {
        "true" => ExprKind::Bool(true),
        "false" => ExprKind::Bool(false),
        "nil" => ExprKind::Nil,
        "$env" => ExprKind::Env,
        _ => ExprKind::Ident(name),
    };
    Expr::new(kind, span)
}

/// `#`, `#index`, `#acc`.
pub fn pointer(name: &str, span: Span) -> Result<Expr, SpannedError> {
    let p = match name {
        "" => Pointer::Element,
        "index" => Pointer::Index,
        "acc" => Pointer::Acc,
        _ => return Err(ErrorKind::Syntax(format!("unknown pointer #{name}")).at(span)),
    };
    Ok(Expr::new(ExprKind::Pointer(p), span))
}

/// `.name` at the start of an operand: `#.name`.
pub fn element_field(name: String, span: Span) -> Expr {
    Expr::new(
        ExprKind::Member {
            object: Box::new(Expr::new(ExprKind::Pointer(Pointer::Element), span)),
            property: Box::new(Expr::new(ExprKind::Str(name), span)),
            optional: false,
        },
        span,
    )
}

/// An ordinary call.
pub fn call(name: String, span: Span, force_builtin: bool, args: Vec<Expr>) -> Expr {
    Expr::new(
        ExprKind::Call {
            name,
            force_builtin,
            args,
        },
        span,
    )
}

/// How many arguments a predicate builtin takes: (required, maximum).
fn predicate_shape(name: &str) -> (usize, usize) {
    match name {
        "count" | "sum" => (1, 2),
        "sortBy" | "reduce" => (2, 3),
        _ => (2, 2),
    }
}

/// A predicate builtin call: argument 1 (counting a piped value) is the
/// predicate, the others plain expressions (language.md §3.4).
pub fn predicate_call(
    src: &str,
    name: String,
    span: Span,
    force_builtin: bool,
    piped: Option<Expr>,
    args: Vec<Arg>,
    close: Span,
) -> Result<Expr, SpannedError> {
    let (required, max) = predicate_shape(&name);
    let mut out: Vec<Expr> = piped.into_iter().collect();
    for arg in args {
        let position = out.len();
        if position >= max {
            // expr stops after the last argument it knows and expects `)`.
            let start = match &arg {
                Arg::Expr(_, start) => *start,
                Arg::Closure(_, s) | Arg::BadSemi(s) => s.start as usize,
            };
            let (token, end) = lexer::describe_token_at(src, start);
            return Err(
                ErrorKind::Syntax(format!("unexpected token {token}")).at(Span::new(start, end))
            );
        }
        let e = match arg {
            Arg::BadSemi(s) => {
                return Err(ErrorKind::Syntax("wrap predicate with brackets { and }".into()).at(s))
            }
            Arg::Closure(body, s) => Expr::new(ExprKind::Predicate(Box::new(body)), s),
            Arg::Expr(e, _) if position == 1 => {
                let s = e.span;
                Expr::new(ExprKind::Predicate(Box::new(e)), s)
            }
            Arg::Expr(e, _) => e,
        };
        out.push(e);
    }
    if out.len() < required {
        return Err(ErrorKind::Syntax(format!("expected at least {required} arguments")).at(close));
    }
    Ok(call(name, span, force_builtin, out))
}

/// Builds a postfix chain, wrapping `?.` chains in [`ExprKind::Chain`]
/// (language.md §4.9): a chain ends before a plain `[ ]`, and a parenthesised
/// chain followed by `.name` is continued.
pub fn postfix(primary: Expr, ops: Vec<Post>) -> Result<Expr, SpannedError> {
    let mut cur = primary;
    let mut in_chain = false;
    for (i, op) in ops.into_iter().enumerate() {
        let continues = matches!(op, Post::Field { .. } | Post::Method { .. });
        if i == 0 && continues && matches!(cur.kind, ExprKind::Chain(_)) {
            if let ExprKind::Chain(inner) = std::mem::take(&mut cur.kind) {
                cur = *inner;
                in_chain = true;
            }
        }
        let ends_chain = matches!(
            op,
            Post::Index {
                optional: false,
                ..
            } | Post::Slice { .. }
        );
        if ends_chain && in_chain {
            let s = cur.span;
            cur = Expr::new(ExprKind::Chain(Box::new(cur)), s);
            in_chain = false;
        }
        cur = match op {
            Post::Field {
                name,
                span,
                optional,
            } => {
                in_chain |= optional;
                Expr::new(
                    ExprKind::Member {
                        object: Box::new(cur),
                        property: Box::new(Expr::new(ExprKind::Str(name), span)),
                        optional,
                    },
                    span,
                )
            }
            Post::Method {
                name,
                span,
                args,
                optional,
            } => {
                in_chain |= optional;
                Expr::new(
                    ExprKind::MethodCall {
                        object: Box::new(cur),
                        name,
                        args,
                        optional,
                    },
                    span,
                )
            }
            Post::Index {
                index,
                span,
                optional,
            } => {
                in_chain |= optional;
                Expr::new(
                    ExprKind::Member {
                        object: Box::new(cur),
                        property: Box::new(index),
                        optional,
                    },
                    span,
                )
            }
            Post::Slice { from, to, span } => Expr::new(
                ExprKind::Slice {
                    object: Box::new(cur),
                    from: from.map(Box::new),
                    to: to.map(Box::new),
                },
                span,
            ),
        };
    }
    if in_chain {
        let s = cur.span;
        cur = Expr::new(ExprKind::Chain(Box::new(cur)), s);
    }
    Ok(cur)
}

/// Binary precedence (language.md §3.2); pipe is 0 and handled apart.
fn precedence(op: BinaryOp) -> u32 {
    use BinaryOp::*;
    match op {
        Or => 10,
        And => 15,
        Eq | Ne | Lt | Gt | Le | Ge | In | Matches | Contains | StartsWith | EndsWith => 20,
        Range => 25,
        Add | Sub => 30,
        Mul | Div | Mod => 60,
        Pow => 100,
        Coalesce => 500,
    }
}

fn unary_precedence(op: UnaryOp) -> u32 {
    match op {
        UnaryOp::Not => 50,
        UnaryOp::Neg | UnaryOp::Plus => 90,
    }
}

/// The operators that chain (`a < b < c`).
fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge
    )
}

/// Beyond this depth a comparison chain's middle operand is not cloned (the
/// derived `Clone` recurses); the compiler's default depth limit is far lower.
const MAX_CHAIN_OPERAND_DEPTH: usize = 2000;

/// What to do with the value of a finished sub-expression (expr's recursion,
/// kept on a heap stack).
enum Cont {
    /// The operand of a prefix operator; `prec` is the enclosing level's.
    Unary { op: UnaryOp, span: Span, prec: u32 },
    /// The right operand of a binary operator.
    Right {
        prec: u32,
        left: Expr,
        op: BinaryOp,
        negated: bool,
        span: Span,
    },
    /// The next operand of a comparison chain.
    Compare {
        prec: u32,
        root: Option<Expr>,
        left: Expr,
        op: BinaryOp,
        span: Span,
    },
}

fn binary(op: BinaryOp, left: Expr, right: Expr, span: Span) -> Expr {
    Expr::new(
        ExprKind::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
        span,
    )
}

fn internal(msg: &str) -> SpannedError {
    ErrorKind::Syntax(format!("internal parser error: {msg}")).at(Span::default())
}

/// Resolves a flat operand/operator sequence exactly as expr's
/// `parseExpression(0)` would parse it.
pub fn resolve(src: &str, pieces: Vec<Piece>) -> Result<Expr, SpannedError> {
    let mut it = pieces.into_iter().peekable();
    let mut stack: Vec<Cont> = Vec::new();
    // The minimum precedence of the level being parsed.
    let mut prec: u32 = 0;
    'primary: loop {
        // A primary: prefix operators open new levels.
        let mut left = loop {
            match it.next() {
                Some(Piece::Unary(op, span)) => {
                    stack.push(Cont::Unary { op, span, prec });
                    prec = unary_precedence(op);
                }
                Some(Piece::Operand(e)) => break e,
                _ => return Err(internal("operand expected")),
            }
        };
        let mut prev: Option<BinaryOp> = None;
        loop {
            match it.peek() {
                Some(&Piece::Op(op, negated, span)) if precedence(op) >= prec => {
                    it.next();
                    if prev == Some(BinaryOp::Coalesce) && op != BinaryOp::Coalesce {
                        let text = if negated {
                            op.as_str()
                        } else {
                            src.get(span.start as usize..span.end as usize)
                                .unwrap_or(op.as_str())
                        };
                        return Err(ErrorKind::Syntax(format!(
                            "Operator ({text}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses."
                        ))
                        .at(span));
                    }
                    let p = precedence(op);
                    if is_comparison(op) && !negated {
                        stack.push(Cont::Compare {
                            prec,
                            root: None,
                            left,
                            op,
                            span,
                        });
                        prec = p + 1;
                    } else {
                        stack.push(Cont::Right {
                            prec,
                            left,
                            op,
                            negated,
                            span,
                        });
                        prec = if op == BinaryOp::Pow { p } else { p + 1 };
                    }
                    continue 'primary;
                }
                Some(Piece::Pipe { .. }) if prec == 0 => {
                    if let Some(Piece::Pipe { name, span, args }) = it.next() {
                        left = match args {
                            PipeArgs::Plain(mut args) => {
                                args.insert(0, left);
                                call(name, span, false, args)
                            }
                            PipeArgs::Predicate(args, close) => {
                                predicate_call(src, name, span, false, Some(left), args, close)?
                            }
                        };
                    }
                    // Only `??` is ever compared against `prev`.
                    prev = None;
                }
                _ => {
                    // This level is done: hand `left` to whoever asked for it.
                    match stack.pop() {
                        None => {
                            return match it.next() {
                                None => Ok(left),
                                Some(_) => Err(internal("unconsumed operators")),
                            }
                        }
                        Some(Cont::Unary { op, span, prec: p }) => {
                            left = Expr::new(
                                ExprKind::Unary {
                                    op,
                                    expr: Box::new(left),
                                },
                                span,
                            );
                            prec = p;
                            prev = None;
                        }
                        Some(Cont::Right {
                            prec: p,
                            left: l,
                            op,
                            negated,
                            span,
                        }) => {
                            left = binary(op, l, left, span);
                            if negated {
                                left = Expr::new(
                                    ExprKind::Unary {
                                        op: UnaryOp::Not,
                                        expr: Box::new(left),
                                    },
                                    span,
                                );
                            }
                            prec = p;
                            prev = Some(op);
                        }
                        Some(Cont::Compare {
                            prec: p,
                            root,
                            left: l,
                            op,
                            span,
                        }) => {
                            if left.stats().depth > MAX_CHAIN_OPERAND_DEPTH {
                                return Err(ErrorKind::TooDeep(MAX_CHAIN_OPERAND_DEPTH).at(span));
                            }
                            let cmp = binary(op, l, left.clone(), span);
                            let root = match root {
                                None => cmp,
                                Some(r) => binary(BinaryOp::And, r, cmp, span),
                            };
                            match it.peek() {
                                Some(&Piece::Op(next, false, next_span)) if is_comparison(next) => {
                                    it.next();
                                    stack.push(Cont::Compare {
                                        prec: p,
                                        root: Some(root),
                                        left,
                                        op: next,
                                        span: next_span,
                                    });
                                    prec = precedence(next) + 1;
                                    continue 'primary;
                                }
                                _ => {
                                    left = root;
                                    prec = p;
                                    prev = Some(op);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
