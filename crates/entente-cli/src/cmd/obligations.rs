//! `entente obligations`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente obligations`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente obligations`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente obligations` is not available yet in this build")
}
