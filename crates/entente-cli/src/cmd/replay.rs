//! `entente replay`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente replay`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente replay`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente replay` is not available yet in this build")
}
