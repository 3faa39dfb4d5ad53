//! Command-line front end. `eval` lives in `eval.rs`; `map` and `check` in
//! `map.rs`; `preview` in `preview.rs`; `diff` in `diff.rs`; `plan` in
//! `plan.rs`; `connectors` and `show` in `show.rs`.

pub mod diff;
pub mod eval;
// The old `preview` in map.rs is unused since preview.rs replaced it; it is
// deleted when the branches meet (map.rs is being changed elsewhere).
#[allow(dead_code)]
pub mod map;
pub mod plan;
pub mod preview;
pub mod show;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// expr-lang/expr-compatible expressions and SCIM attribute mappings.
#[derive(Parser)]
#[command(name = "scimexpr", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate an expression (or JSON lines of expressions with --jsonl).
    Eval(eval::EvalArgs),
    /// Apply a mapping to JSON lines of users, one SCIM resource per line.
    Map(map::MapArgs),
    /// Plan a sync: match directory users to the provider's users by key and
    /// give each its create, update (PATCH requests), unchanged or failed action.
    Plan(plan::PlanArgs),
    /// Show what a mapping produces for one user, target by target.
    Preview(preview::PreviewArgs),
    /// Compare two versions of a mapping over the same records, target by target.
    Diff(diff::DiffArgs),
    /// Validate a mapping document and print every problem.
    Check(map::CheckArgs),
    /// List the shipped connector tables.
    Connectors(show::ConnectorsArgs),
    /// Show what a mapping maps, source by source (or the document, with --json).
    Show(show::ShowArgs),
}

/// Parses the command line and runs the subcommand. Usage errors exit with 2.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Eval(a) => eval::run(a),
        Command::Map(a) => map::map(a),
        Command::Plan(a) => plan::plan(a),
        Command::Preview(a) => preview::preview(a),
        Command::Diff(a) => diff::diff(a),
        Command::Check(a) => map::check(a),
        Command::Connectors(a) => show::connectors(a),
        Command::Show(a) => show::show(a),
    }
}
