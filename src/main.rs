//! The `scimexpr` command line: `eval`, `map`, `preview`, `check`, `plan`.

// The command line must turn bad input and failed writes into messages and
// exit codes, never panics; tests may unwrap.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod cmd;

fn main() -> std::process::ExitCode {
    cmd::main()
}
