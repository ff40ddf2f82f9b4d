//! `entente schema`: print the JSON Schema of the scenario format.

use std::process::ExitCode;

use crate::output::print_json;

/// Arguments of `entente schema`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente schema > scenario.schema.json

Editors that understand JSON Schema (for TOML, e.g. through Taplo or Even Better TOML) can then
validate and complete scenario files. The committed copy is docs/scenario.schema.json.")]
pub struct Args {}

/// Run `entente schema`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    print_json(&entente_api::scenario_schema())?;
    Ok(ExitCode::SUCCESS)
}
