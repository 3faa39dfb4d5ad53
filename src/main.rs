//! The `scimexpr` command line: `eval`, `map`, `preview`, `check`.

mod cmd;

fn main() -> std::process::ExitCode {
    cmd::main()
}
