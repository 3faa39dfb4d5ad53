//! `scimexpr eval`. STUB.

use std::process::ExitCode;

/// Arguments of `scimexpr eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// The expression (omit with --jsonl).
    pub expr: Option<String>,
}

/// Runs `eval`.
pub fn run(_args: EvalArgs) -> ExitCode {
    ExitCode::SUCCESS
}
