//! A loaded scenario that answers queries. The scenario comes from one of three places: the
//! bundled Europe scenario, paths on disk, or files held in memory (what a server or a notebook
//! uploads, with `include` resolved only among those files). A scenario with errors never makes a
//! session: opening it answers an [`ApiError`] of kind `scenario` carrying every diagnostic.

use std::collections::BTreeMap;
use std::path::PathBuf;

use entente_scenario::{Diagnostic, Loaded, Scenario, Severity, load};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::{ApiError, ErrorKind};

/// Where a scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The bundled Europe scenario, compiled into the binary.
    #[default]
    Bundled,
    /// Files or folders on disk (a folder means its `scenario.toml`).
    Paths(Vec<PathBuf>),
    /// Files held in memory, by path (with `/`); the entry is `scenario.toml` when present,
    /// else the only `.toml` file.
    Files(BTreeMap<String, String>),
}

impl Source {
    /// Read the scenario, with every problem found (nothing is refused here).
    pub fn read(&self) -> Loaded {
        match self {
            Source::Bundled => entente_scenario::bundled(),
            Source::Paths(paths) if paths.is_empty() => entente_scenario::bundled(),
            Source::Paths(paths) => entente_scenario::load(paths),
            Source::Files(files) => {
                let entry = entry_of(files);
                let mem = load::InMemory {
                    files: files.iter().map(|(p, t)| (p.clone(), t.clone())).collect(),
                };
                entente_scenario::load_with(&[PathBuf::from(entry)], &mem)
            }
        }
    }
}

/// The entry file of an in-memory file set.
pub(crate) fn entry_of(files: &BTreeMap<String, String>) -> String {
    if files.contains_key("scenario.toml") {
        return "scenario.toml".to_string();
    }
    let tomls: Vec<&String> = files.keys().filter(|k| k.ends_with(".toml")).collect();
    match tomls.as_slice() {
        [one] => (*one).clone(),
        _ => "scenario.toml".to_string(),
    }
}

/// A scenario without errors, ready to answer queries.
#[derive(Debug)]
pub struct Session {
    scenario: Scenario,
    warnings: Vec<Diagnostic>,
    source: Option<Source>,
    architecture: Option<String>,
}

impl Session {
    /// Open a scenario. A scenario with errors is refused with every diagnostic.
    pub fn open(source: &Source) -> Result<Session, ApiError> {
        let mut session = Self::from_loaded(source.read())?;
        session.source = Some(source.clone());
        Ok(session)
    }

    /// The bundled Europe scenario.
    pub fn bundled() -> Result<Session, ApiError> {
        Self::open(&Source::Bundled)
    }

    /// Make a session of a scenario already read.
    pub fn from_loaded(loaded: Loaded) -> Result<Session, ApiError> {
        if loaded.has_errors() {
            let n = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            return Err(ApiError::new(
                ErrorKind::Scenario,
                "scenario-has-errors",
                format!(
                    "the scenario has {n} problem{}",
                    if n == 1 { "" } else { "s" }
                ),
            )
            .with_hint("run `entente check` for details")
            .with_diagnostics(&loaded.diagnostics));
        }
        Ok(Session {
            scenario: loaded.scenario,
            warnings: loaded.diagnostics,
            source: None,
            architecture: None,
        })
    }

    /// The resolved scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Where the scenario came from, when the session was opened from a [`Source`] (a question
    /// that reads extra files together with the scenario, such as `replay`, reads it again).
    pub fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }

    /// A session on the world the architecture `id` makes of this session's scenario (its
    /// changes applied, its `as_of` the default date); `status_quo` is the scenario as it is.
    /// Every question asked of the new session answers about that world.
    pub fn world(&self, id: &str) -> Result<Session, ApiError> {
        let scenario = crate::world::world(self, Some(id))?.into_owned();
        Ok(Session {
            scenario,
            warnings: self.warnings.clone(),
            source: self.source.clone(),
            architecture: (id != entente_scenario::architecture::STATUS_QUO)
                .then(|| id.to_string()),
        })
    }

    /// The architecture whose world this session is (None: the scenario as it is).
    pub fn architecture(&self) -> Option<&str> {
        self.architecture.as_deref()
    }

    /// The warnings found while reading it.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The date of a query: the one given, else the scenario's `as_of`, else today's (UTC) date.
    pub fn as_of(&self, given: Option<Date>) -> Date {
        given
            .or(self.scenario.as_of)
            .unwrap_or_else(|| jiff::Zoned::now().date())
    }
}

/// Parse a date as the scenario format does (day, month or year precision; impossible dates are
/// refused).
pub fn parse_date(s: &str) -> Result<Date, ApiError> {
    match entente_scenario::resolve::parse_date(s) {
        Ok((d, _)) => Ok(d),
        Err((_, msg)) => {
            Err(ApiError::usage("bad-date", msg).with_hint("give a date such as 2024-03-07"))
        }
    }
}
