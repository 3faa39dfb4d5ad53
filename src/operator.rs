//! The operators of the language: what the syntax tree names and the run
//! time implements ([`crate::runtime::ops`]), in a module of their own so
//! neither has to import the other.

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not` / `!`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or` / `||`
    Or,
    /// `and` / `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `matches`
    Matches,
    /// `contains`
    Contains,
    /// `startsWith`
    StartsWith,
    /// `endsWith`
    EndsWith,
    /// `..`
    Range,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**` / `^`
    Pow,
    /// `??`
    Coalesce,
}

impl BinaryOp {
    /// The operator as written in source (canonical spelling).
    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Or => "or",
            And => "and",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            In => "in",
            Matches => "matches",
            Contains => "contains",
            StartsWith => "startsWith",
            EndsWith => "endsWith",
            Range => "..",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Mod => "%",
            Pow => "**",
            Coalesce => "??",
        }
    }
}
