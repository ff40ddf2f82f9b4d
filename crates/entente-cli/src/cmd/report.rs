//! `entente report`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente report`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente report`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente report` is not available yet in this build")
}
