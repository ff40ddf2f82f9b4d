//! `entente check`: read a scenario and report every problem at once.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_scenario::Severity;

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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Run `entente check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = crate::scenario::read(&args.paths);
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = loaded.diagnostics.len() - errors;
    match args.format {
        Format::Json => {
            print_json(&serde_json::json!({
                "ok": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "files": loaded.scenario.files,
                "diagnostics": loaded.diagnostics,
            }))?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "severity", "code", "file", "line", "column", "message", "expected", "hint",
            ])?;
            for d in &loaded.diagnostics {
                let sev = if d.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                w.write_record([
                    sev,
                    d.code,
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
            for d in &loaded.diagnostics {
                print!("{}", d.render());
            }
            let s = &loaded.scenario;
            if errors == 0 {
                println!(
                    "ok: `{}` — {} files, {} actors, {} zones, {} institutions, {} agreements, {} timelines{}",
                    s.name,
                    s.files.len(),
                    s.actors.len(),
                    s.zones.len(),
                    s.institutions.len(),
                    s.agreements.len(),
                    s.timelines.len(),
                    if warnings > 0 {
                        format!(", {warnings} warning(s)")
                    } else {
                        String::new()
                    }
                );
            } else {
                println!("{errors} error(s), {warnings} warning(s)");
            }
        }
    }
    Ok(ExitCode::from(if errors == 0 {
        exit::OK
    } else {
        exit::PROBLEMS
    }))
}
