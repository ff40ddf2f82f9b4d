//! Reading, checking and querying scenarios: the only crate that reads scenario files.
//!
//! A scenario is one or more TOML files joined by `include`, plus CSV files of bulk data. Reading
//! happens in two stages (see ARCHITECTURE.md): `load` parses every file into span-carrying raw
//! documents; `resolve` turns them into one validated [`Scenario`], reporting every problem at
//! once as [`Diagnostic`]s with file, line, column, what was expected and a hint.
//!
//! HOOK(power): [`Scenario::voting_body`] gives the rule and the voting [`entente_rules::Body`] of
//! an institution's decision type as of a date.
//! HOOK(settlement): `settlement.rs` holds the raw and resolved settlement spaces.
//! HOOK(forecast): `forecast.rs` holds the raw and resolved forecasting cases.

pub mod architecture;
pub mod cond;
pub mod ctx;
pub mod dates;
pub mod deterrence;
pub mod diag;
pub mod forecast;
pub mod kinds;
pub mod load;
pub mod model;
pub mod raw;
pub mod report;
pub mod resolve;
pub mod settlement;
mod spanned;
pub mod vocab;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Severity, SourceMap};
pub use model::*;
pub use spanned::{Key, Sp};
pub use vocab::{
    AgreementKind, AgreementStatus, LegalBasis, LegalForm, ObligationKind, Strength, Trigger,
};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// A scenario as read, with every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The scenario, as far as it could be built. Do not present it as complete when
    /// [`Loaded::has_errors`].
    pub scenario: Scenario,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read.
    pub sources: SourceMap,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Read a scenario from files and folders on disk (a folder means its `scenario.toml`).
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_with(paths, &load::Disk)
}

/// Read a scenario through any file provider.
pub fn load_with(paths: &[PathBuf], files: &dyn load::Files) -> Loaded {
    let mut sources = SourceMap::default();
    let read = load::read(paths, files, &mut sources);
    let (scenario, mut diags) = resolve::resolve(&read.parsed, files, &mut sources);
    let mut diagnostics = read.diagnostics;
    diagnostics.append(&mut diags);
    diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column).cmp(&(b.file.as_str(), b.line, b.column))
    });
    diagnostics.dedup();
    let diagnostics = diagnostics.into_iter().map(Diagnostic::cleaned).collect();
    Loaded {
        scenario,
        diagnostics,
        sources,
    }
}

/// The files of the bundled scenarios, as (path relative to `scenarios/`, text).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED
}

/// The bundled Europe scenario, compiled into the library.
pub fn bundled() -> Loaded {
    let files = load::InMemory {
        files: bundled::BUNDLED
            .iter()
            .map(|(p, t)| (format!("scenarios/{p}"), t.to_string()))
            .collect(),
    };
    load_with(&[PathBuf::from("scenarios/europe/scenario.toml")], &files)
}

/// The JSON Schema of one scenario file, generated from the raw types.
pub fn schema() -> serde_json::Value {
    let schema = schemars::schema_for!(raw::RawFile);
    serde_json::to_value(schema).expect("a schema is always JSON")
}

/// Whether a path looks like a scenario entry (a folder or a `.toml` file).
pub fn is_scenario_path(p: &Path) -> bool {
    p.is_dir() || p.extension().is_some_and(|e| e == "toml")
}
