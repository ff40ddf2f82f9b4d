//! `entente check`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente check`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente check` is not available yet in this build")
}
