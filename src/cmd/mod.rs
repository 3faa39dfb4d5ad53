//! Command-line front end. `eval` lives in `eval.rs`; `map` and `check` in
//! `map.rs`; `preview` in `preview.rs`; `diff` in `diff.rs`; `plan` in
//! `plan.rs`; `connectors` and `show` in `show.rs`.

pub mod diff;
pub mod eval;
pub mod map;
mod output;
pub mod plan;
pub mod preview;
pub mod show;
mod sys;

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
    #[command(after_help = EVAL_STATUS)]
    Eval(eval::EvalArgs),
    /// Apply a mapping to JSON lines of users, one SCIM resource per line.
    #[command(after_help = MAP_STATUS)]
    Map(map::MapArgs),
    /// Plan a sync: match directory users to the provider's users by key and
    /// give each its create, update (PATCH requests), unchanged or failed action.
    #[command(after_help = PLAN_STATUS)]
    Plan(plan::PlanArgs),
    /// Show what a mapping produces for one user, target by target.
    #[command(after_help = PREVIEW_STATUS)]
    Preview(preview::PreviewArgs),
    /// Compare two versions of a mapping over the same records, target by target.
    Diff(diff::DiffArgs),
    /// Validate a mapping document and print every problem.
    #[command(after_help = CHECK_STATUS)]
    Check(map::CheckArgs),
    /// List the shipped connector tables.
    Connectors(show::ConnectorsArgs),
    /// Show what a mapping maps, source by source (or the document, with --json).
    Show(show::ShowArgs),
}

// What every command shares: see output.rs.
macro_rules! io_status {
    () => {
        "  2    bad usage, an input that cannot be read (too large, not UTF-8), or an\n       \
         output that cannot be written (full disk; standard output closed at start)\n  \
         141  standard output's reader went away (`| head`): a quiet stop, as SIGPIPE\n       \
         would give"
    };
}

macro_rules! stderr_note {
    () => {
        "\n\nA failed write to stderr is ignored: the exit status still tells how it went."
    };
}

macro_rules! stream_status {
    () => {
        concat!(
            io_status!(),
            "; the summary on stderr then says \"stopped\": \"output closed\"\n       \
             and counts only the lines the output took\n\n\
             SIGINT (Ctrl-C) ends the output on a line boundary; the summary says \"stopped\":\n\
             \"interrupted\" with the counts of what went out, and the process then ends by\n\
             SIGINT (a shell shows 130). A second SIGINT kills it at once.",
            stderr_note!()
        )
    };
}

const EVAL_STATUS: &str = concat!(
    "Exit status:\n  0    the value was printed (with --jsonl: every line was answered;\n       \
     a bad line, too long or not UTF-8 included, gets an error answer)\n  \
     1    the expression failed\n",
    io_status!(),
    stderr_note!()
);

const MAP_STATUS: &str = concat!(
    "Exit status:\n  0    every record written\n  1    some record failed\n",
    stream_status!()
);

const PLAN_STATUS: &str = concat!(
    "Exit status:\n  0    every line planned\n  1    some line failed\n",
    stream_status!()
);

const PREVIEW_STATUS: &str = concat!(
    "Exit status:\n  0    the preview was printed\n",
    io_status!(),
    stderr_note!()
);

const CHECK_STATUS: &str = concat!(
    "Exit status:\n  0    the document is valid\n  1    it has problems (printed)\n",
    io_status!(),
    stderr_note!()
);

/// Parses the command line and runs the subcommand. Usage errors exit with 2.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() {
                let _ = e.print();
                return ExitCode::from(2);
            }
            // --help and --version go to stdout, which may fail like any output.
            return match e.print() {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => output::write_failed(&err),
            };
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
