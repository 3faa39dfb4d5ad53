//! Operator semantics shared by the VM, the constant folder and the builtins:
//! equality (§4.3), ordering (§4.4), arithmetic (§4.2).
//!
//! STUB: to be completed by the compiler/VM work.

use crate::ast::BinaryOp;
use crate::error::ErrorKind;
use crate::value::Value;
use std::cmp::Ordering;

/// `a == b` (language.md §4.3). Never fails.
pub fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    let _ = (a, b);
    false
}

/// The order `<` uses (language.md §4.4): numbers, strings (bytewise), times,
/// durations. Other pairs fail with `invalid operation: T < U`.
pub fn compare(a: &Value<'_>, b: &Value<'_>) -> Result<Ordering, ErrorKind> {
    Err(ErrorKind::InvalidOperation(format!(
        "invalid operation: {} < {}",
        a.type_name(),
        b.type_name()
    )))
}

/// Arithmetic `+ - * / % **` (language.md §4.2).
pub fn arith<'a>(op: BinaryOp, a: Value<'a>, b: Value<'a>) -> Result<Value<'a>, ErrorKind> {
    Err(ErrorKind::InvalidOperation(format!(
        "invalid operation: {} {} {}",
        a.type_name(),
        op.as_str(),
        b.type_name()
    )))
}
