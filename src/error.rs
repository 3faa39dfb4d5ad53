//! Errors: what went wrong ([`ErrorKind`]), where ([`Span`]), and when ([`Phase`]).
//!
//! Stages below the public API return `Result<T, ErrorKind>` (run-time helpers,
//! which do not know where they were called from) or `Result<T, SpannedError>`
//! (the lexer, parser and compiler). The VM attaches the span of the failing
//! instruction, and [`Error`] adds the source so it can render the caret line
//! of docs/language.md (Nil and errors):
//!
//! ```text
//! unknown name foo (1:5)
//!  | 1 + foo(
//!  | ....^
//! ```

use crate::span::Span;
use std::fmt;

/// When an error was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// While lexing, parsing or compiling the expression.
    Compile,
    /// While running a compiled program against a record.
    Run,
}

impl Phase {
    /// `"compile"` or `"run"`, as the CLI's JSON lines spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Compile => "compile",
            Phase::Run => "run",
        }
    }
}

/// What went wrong. The `Display` text is the message without position; texts
/// follow expr-lang/expr where expr's text is a deliberate message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A lexing or parsing error (`unexpected token …`, `literal not terminated`, …).
    #[error("{0}")]
    Syntax(String),
    /// A name that is neither a variable, a `let`, nor (in strict mode) a declared root.
    #[error("unknown name {name}{}", did_you_mean(.suggestion))]
    UnknownName {
        /// The name used.
        name: String,
        /// A close declared root or variable, if any.
        suggestion: Option<String>,
    },
    /// A call of a name that is neither a builtin nor a host function.
    #[error("unknown function {name}{}", did_you_mean(.suggestion))]
    UnknownFunction {
        /// The name called.
        name: String,
        /// A close builtin or host function name, if any.
        suggestion: Option<String>,
    },
    /// A call with the wrong number of arguments.
    #[error("{0}")]
    Arity(String),
    /// An operator applied to operands it does not accept
    /// (`invalid operation: <nil> + string`, `invalid operation: + (mismatched types string and int)`).
    #[error("{0}")]
    InvalidOperation(String),
    /// Member access or indexing on nil: `cannot fetch x from <nil>`.
    #[error("cannot fetch {field} from {from}")]
    CannotFetch {
        /// The field or index, as written.
        field: String,
        /// The receiver's description (`<nil>`, a type name, …).
        from: String,
    },
    /// `index out of range: 3 (array length is 3)`.
    #[error("index out of range: {index} (array length is {len})")]
    IndexOutOfRange {
        /// The index as given.
        index: i64,
        /// The array's length.
        len: usize,
    },
    /// A value of the wrong type where a specific type is required
    /// (`expected bool, got nil` — expr leaks Go's `interface conversion` here).
    #[error("expected {expected}, got {got}")]
    TypeMismatch {
        /// The type name required.
        expected: &'static str,
        /// The type name found.
        got: String,
    },
    /// `integer divide by zero` (folded at compile time) or at run time.
    #[error("integer divide by zero")]
    DivideByZero,
    /// A regular expression that does not compile.
    #[error("error parsing regexp: {0}")]
    Regex(String),
    /// A builtin or host function's own error, e.g. `invalid argument for len (type <nil>)`.
    #[error("{0}")]
    Function(String),
    /// The per-run memory budget (docs/language.md, Limits) ran out.
    #[error("memory budget exceeded")]
    MemoryBudget,
    /// Nested data deeper than the builtins will walk.
    #[error("recursion depth exceeded")]
    RecursionDepth,
    /// The per-run work budget ran out (docs/language.md, Limits): work units,
    /// an instruction being one and builtins and operators charging by the
    /// bytes and elements they touch.
    #[error("work budget exceeded ({0} units)")]
    WorkBudget(u64),
    /// The work budget of one record, shared by all of a mapping's entries
    /// (docs/mapping.md), ran out.
    #[error("record work budget exceeded ({0} units across the mapping's entries)")]
    RecordWorkBudget(u64),
    /// More AST nodes than the limit.
    #[error("compilation failed: expression exceeds maximum allowed nodes")]
    TooManyNodes,
    /// Nesting deeper than the limit.
    #[error("expression is nested too deeply (limit {0})")]
    TooDeep(usize),
    /// Source longer than the limit.
    #[error("expression is too long ({len} bytes, limit {limit})")]
    SourceTooLong {
        /// The source length in bytes.
        len: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean {s}?)"),
        None => String::new(),
    }
}

impl ErrorKind {
    /// Attaches a span.
    pub fn at(self, span: Span) -> SpannedError {
        SpannedError { kind: self, span }
    }
}

/// An [`ErrorKind`] with the span it concerns; what stages below the public API return.
#[derive(Debug, Clone, PartialEq)]
pub struct SpannedError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where.
    pub span: Span,
}

/// A compile or run-time error, located in its source.
///
/// `Display` renders `MESSAGE (LINE:COL)` followed by the source line and a
/// caret under the offending column; [`Error::headline`] is the first line alone.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Error {
    /// Compile or run.
    pub phase: Phase,
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte span in the source.
    pub span: Span,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column (in characters) of the span's start.
    pub col: usize,
    /// The source line the error is on (empty if the line is empty).
    pub source_line: String,
}

impl Error {
    /// Locates `err` in `source`.
    pub fn new(phase: Phase, err: SpannedError, source: &str) -> Error {
        let (line, col) = err.span.line_col(source);
        let source_line = source.lines().nth(line - 1).unwrap_or("").to_string();
        Error {
            phase,
            kind: err.kind,
            span: err.span,
            line,
            col,
            source_line,
        }
    }

    /// `MESSAGE (LINE:COL)`, without the snippet.
    pub fn headline(&self) -> String {
        format!("{} ({}:{})", self.kind, self.line, self.col)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}:{})", self.kind, self.line, self.col)?;
        if !self.source_line.trim().is_empty() {
            // Tabs would misplace the caret, so they are shown as spaces.
            let shown: String = self
                .source_line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // The caret goes under the column as a terminal shows it: wide
            // characters (CJK, emoji) take two cells, combining marks none.
            let cells: usize = shown
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            write!(f, "\n | {}\n | {}^", shown, ".".repeat(cells))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_column() {
        let src = "1 + foo";
        let e = Error::new(
            Phase::Compile,
            ErrorKind::UnknownName {
                name: "foo".into(),
                suggestion: None,
            }
            .at(Span::new(4, 7)),
            src,
        );
        assert_eq!(
            e.to_string(),
            "unknown name foo (1:5)\n | 1 + foo\n | ....^"
        );
        assert_eq!(e.headline(), "unknown name foo (1:5)");
    }

    #[test]
    fn second_line_and_tabs() {
        let src = "a +\n\tb";
        let e = Error::new(Phase::Run, ErrorKind::DivideByZero.at(Span::new(5, 6)), src);
        assert_eq!(e.to_string(), "integer divide by zero (2:2)\n |  b\n | .^");
    }
}
