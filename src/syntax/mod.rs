//! Source text to syntax tree: [`lexer`] (logos) → [`parser`] (the LALRPOP
//! grammar in `grammar/`, plus the hand-written parts it calls) → [`ast`];
//! [`printer`] turns a tree back into source.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod printer;
