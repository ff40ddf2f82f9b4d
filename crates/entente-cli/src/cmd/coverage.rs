//! `entente coverage`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente coverage`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente coverage`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente coverage` is not available yet in this build")
}
