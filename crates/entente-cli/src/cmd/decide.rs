//! `entente decide`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente decide`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente decide`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente decide` is not available yet in this build")
}
