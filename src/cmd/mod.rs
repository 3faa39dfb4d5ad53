//! Command-line front end. `eval` lives in `eval.rs`; `map`, `preview` and
//! `check` in `map.rs`.

pub mod eval;
pub mod map;

use std::process::ExitCode;

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
