//! Loading the scenario a subcommand works on: the paths given, or the bundled Europe scenario
//! when none is given. A scenario with errors is never used: its diagnostics are printed and the
//! command stops with exit code 1.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_scenario::{Loaded, Scenario, Severity};
use jiff::civil::Date;

use crate::output::exit;

/// The scenario paths and date every scenario subcommand accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct ScenarioArgs {
    /// Scenario files or folders (a folder means its scenario.toml). Default: the bundled Europe
    /// scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
}

/// Read the scenario named by the arguments (or the bundled one).
pub fn read(paths: &[PathBuf]) -> Loaded {
    if paths.is_empty() {
        entente_scenario::bundled()
    } else {
        entente_scenario::load(paths)
    }
}

/// Print diagnostics to stderr.
pub fn print_diagnostics(loaded: &Loaded) {
    for d in &loaded.diagnostics {
        eprint!("{}", d.render());
    }
}

/// Load a scenario for a query. Errors stop the command (exit 1); warnings are printed.
pub fn load(paths: &[PathBuf]) -> Result<Scenario, ExitCode> {
    let loaded = read(paths);
    if loaded.has_errors() {
        print_diagnostics(&loaded);
        let n = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        eprintln!(
            "error: the scenario has {n} problem{}; run `entente check` for details",
            if n == 1 { "" } else { "s" }
        );
        return Err(ExitCode::from(exit::PROBLEMS));
    }
    Ok(loaded.scenario)
}

/// Parse a date given on the command line.
pub fn parse_date(s: &str) -> Result<Date, String> {
    match entente_scenario::resolve::parse_date(s) {
        Ok((d, _)) => Ok(d),
        Err((_, msg)) => Err(format!("{msg}; expected a date such as 2024-03-07")),
    }
}

/// The scenario source named by positional paths or `-s` (the bundled scenario when none).
pub fn source(paths: &[PathBuf]) -> entente_api::Source {
    if paths.is_empty() {
        entente_api::Source::Bundled
    } else {
        entente_api::Source::Paths(paths.to_vec())
    }
}

/// Print an API error (with its located diagnostics) to stderr; the exit code its kind maps to.
pub fn report_error(e: &entente_api::ApiError) -> ExitCode {
    for d in &e.diagnostics {
        let place = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column)
        } else {
            d.file.clone()
        };
        eprintln!("{}[{}]: {} ({place})", d.severity, d.code, d.message);
        if let Some(h) = &d.hint {
            eprintln!("  hint: {h}");
        }
    }
    eprintln!("error: {e}");
    ExitCode::from(e.exit_code())
}

/// Open the session a command works on: the scenario the paths name (the bundled one when none),
/// as the world of `architecture` when one is given. Problems are printed; the exit code to
/// stop with is returned.
pub fn session(
    paths: &[PathBuf],
    architecture: Option<&str>,
) -> Result<entente_api::Session, ExitCode> {
    let s = entente_api::Session::open(&source(paths)).map_err(|e| report_error(&e))?;
    match architecture {
        None => Ok(s),
        Some(id) => s.world(id).map_err(|e| report_error(&e)),
    }
}
