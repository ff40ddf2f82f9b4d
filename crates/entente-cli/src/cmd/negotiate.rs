//! `entente negotiate`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente negotiate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente negotiate`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente negotiate` is not available yet in this build")
}
