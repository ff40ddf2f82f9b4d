//! `entente check`: read a scenario and report every problem at once.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::output::{Format, exit, print_json};

/// Arguments of `entente check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente check                          check the bundled Europe scenario
  entente check scenarios/europe         a folder means its scenario.toml
  entente check my.toml extra.toml       several entry files form one scenario
  entente check my.toml --format json    diagnostics as data

Exit status: 0 no errors (warnings allowed), 1 problems in the scenario, 2 usage error.")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
    /// Scenario files or folders (the same as the positional paths, as every command takes them).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Run `entente check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let source = crate::scenario::source(&[args.paths.clone(), args.scenario.clone()].concat());
    let answer = entente_api::check::check(&source);
    match args.format {
        Format::Json => print_json(&answer)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record([
                "severity", "code", "file", "line", "column", "message", "expected", "hint",
            ])?;
            for d in &answer.diagnostics {
                w.write_record([
                    d.severity.as_str(),
                    &d.code,
                    &d.file,
                    &d.line.to_string(),
                    &d.column.to_string(),
                    &d.message,
                    d.expected.as_deref().unwrap_or(""),
                    d.hint.as_deref().unwrap_or(""),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            for d in &answer.rendered {
                crate::out!("{d}");
            }
            let c = &answer.counts;
            if answer.ok {
                crate::outln!(
                    "ok: `{}` — {} files, {} actors, {} zones, {} institutions, {} agreements, {} timelines{}",
                    answer.name,
                    answer.files.len(),
                    c.actors,
                    c.zones,
                    c.institutions,
                    c.agreements,
                    c.timelines,
                    if answer.warnings > 0 {
                        format!(", {} warning(s)", answer.warnings)
                    } else {
                        String::new()
                    }
                );
            } else {
                crate::outln!("{} error(s), {} warning(s)", answer.errors, answer.warnings);
            }
        }
    }
    Ok(ExitCode::from(if answer.ok {
        exit::OK
    } else {
        exit::PROBLEMS
    }))
}
