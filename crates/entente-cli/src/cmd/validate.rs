//! `entente validate`: not available yet in this build.

use std::process::ExitCode;

/// Arguments of `entente validate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Run `entente validate`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente validate` is not available yet in this build")
}
