//! `scimexpr map | preview | check`. STUB: filled in by the mapping work.

use std::process::ExitCode;

/// Arguments of `scimexpr map`.
#[derive(clap::Args)]
pub struct MapArgs {
    /// A shipped mapping name (`namely`, …) or a mapping document file.
    #[arg(long)]
    pub mapping: String,
}

/// Arguments of `scimexpr preview`.
#[derive(clap::Args)]
pub struct PreviewArgs {
    /// A shipped mapping name or a mapping document file.
    #[arg(long)]
    pub mapping: String,
}

/// Arguments of `scimexpr check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// A mapping document file.
    #[arg(long)]
    pub mapping: String,
}

/// Runs `map`.
pub fn map(_args: MapArgs) -> ExitCode {
    ExitCode::SUCCESS
}

/// Runs `preview`.
pub fn preview(_args: PreviewArgs) -> ExitCode {
    ExitCode::SUCCESS
}

/// Runs `check`.
pub fn check(_args: CheckArgs) -> ExitCode {
    ExitCode::SUCCESS
}
