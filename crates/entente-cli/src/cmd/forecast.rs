//! `entente forecast`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente forecast`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente forecast`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente forecast` is not available yet in this build")
}
