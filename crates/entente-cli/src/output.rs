//! Output plumbing shared by every subcommand: the `--format` choice, exit codes, and helpers to
//! print JSON and CSV. Subcommands format engine answers; engines never print.

use std::io::Write;

use clap::ValueEnum;

/// Exit codes that scripts can rely on.
pub mod exit {
    /// Success; for `check`, a clean scenario.
    pub const OK: u8 = 0;
    /// Problems found in the scenario (or in another input file).
    pub const PROBLEMS: u8 = 1;
    /// Usage error: bad flags, unreadable paths, a query that names nothing.
    pub const USAGE: u8 = 2;
}

/// How a subcommand prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// A human-readable table (the default).
    #[default]
    Table,
    /// Machine-readable JSON on stdout.
    Json,
    /// Comma-separated values on stdout.
    Csv,
}

/// Print a serialisable value as pretty JSON followed by a newline.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
