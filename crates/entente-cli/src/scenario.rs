//! The scenario a subcommand works on, and the one way a command reports an API error. A command
//! opens its session here: the paths given (positional or `-s/--scenario`), or the bundled
//! Europe scenario when none is given, as the world of the global `--architecture` when one is
//! given. A scenario with errors is never used: its diagnostics are printed, rendered with their
//! source lines, and the command stops with exit code 1.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use entente_api::{ApiError, ErrorKind, Session, Source};
use jiff::civil::Date;

/// The scenario paths every scenario subcommand accepts as `-s/--scenario`.
#[derive(Debug, Clone, clap::Args)]
pub struct ScenarioArgs {
    /// Scenario files or folders (a folder means its scenario.toml). Default: the bundled Europe
    /// scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
}

static ARCHITECTURE: OnceLock<Option<String>> = OnceLock::new();

/// Set the world every command asks its question of (from the global `--architecture`).
pub fn set_architecture(id: Option<String>) {
    let _ = ARCHITECTURE.set(id);
}

/// The architecture given with `--architecture`, if any.
pub fn architecture() -> Option<&'static str> {
    ARCHITECTURE.get().and_then(|a| a.as_deref())
}

/// The scenario source named by paths (the bundled scenario when none).
pub fn source(paths: &[PathBuf]) -> Source {
    if paths.is_empty() {
        Source::Bundled
    } else {
        Source::Paths(paths.to_vec())
    }
}

/// Open the session a command works on. Problems are printed; the exit code to stop with is
/// returned.
pub fn session(paths: &[PathBuf]) -> Result<Session, ExitCode> {
    let src = source(paths);
    let s = match Session::open(&src) {
        Ok(s) => s,
        Err(e) if e.kind == ErrorKind::Scenario => {
            for d in entente_api::check::check(&src).rendered {
                eprint!("{d}");
            }
            eprintln!("error: {}; run `entente check` for details", e.message);
            return Err(ExitCode::from(e.exit_code()));
        }
        Err(e) => return Err(fail(&e)),
    };
    match architecture() {
        None => Ok(s),
        Some(id) => s.world(id).map_err(|e| fail(&e)),
    }
}

/// Report an API error on stderr, with its located diagnostics; the exit code its kind maps to
/// (1 a problem in the input, 2 usage).
pub fn fail(e: &ApiError) -> ExitCode {
    for d in &e.diagnostics {
        eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
        if d.line == 0 {
            eprintln!("  --> {}", d.file);
        } else {
            eprintln!("  --> {}:{}:{}", d.file, d.line, d.column);
        }
        if let Some(x) = &d.expected {
            eprintln!("  = expected: {x}");
        }
        if let Some(h) = &d.hint {
            eprintln!("  = hint: {h}");
        }
    }
    eprintln!("error: {e}");
    ExitCode::from(e.exit_code())
}

/// Parse a date given on the command line.
pub fn parse_date(s: &str) -> Result<Date, String> {
    entente_api::parse_date(s)
        .map_err(|e| format!("{}; expected a date such as 2024-03-07", e.message))
}
