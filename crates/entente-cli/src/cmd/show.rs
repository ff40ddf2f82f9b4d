//! `entente show`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente show`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente show`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente show` is not available yet in this build")
}
