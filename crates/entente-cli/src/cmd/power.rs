//! `entente power`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente power`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente power`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente power` is not available yet in this build")
}
