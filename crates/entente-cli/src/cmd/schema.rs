//! `entente schema`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente schema`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente schema`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente schema` is not available yet in this build")
}
