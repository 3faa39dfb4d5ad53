//! Source → AST. STUB: to be completed by the front-end work.

use crate::ast::Expr;
use crate::error::{ErrorKind, SpannedError};
use crate::span::Span;

/// Parses a whole expression.
pub fn parse(source: &str) -> Result<Expr, SpannedError> {
    let _ = source;
    Err(ErrorKind::Syntax("parser not implemented".into()).at(Span::default()))
}
