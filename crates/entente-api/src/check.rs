//! The `check` question: read a scenario and report every problem at once, with file, line and
//! column. Unlike every other question it does not need a clean scenario, so it is answered from
//! a [`Source`] ([`check`]); on an open [`Session`] it answers the warnings found when it opened.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ApiDiagnostic;
use crate::{ApiError, Session, Source};

/// What is asked: nothing beyond the scenario itself.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {}

/// What a scenario holds, in counts.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Counts {
    /// Actors.
    pub actors: usize,
    /// Zones.
    pub zones: usize,
    /// Institutions.
    pub institutions: usize,
    /// Agreements.
    pub agreements: usize,
    /// Timelines.
    pub timelines: usize,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// No errors (warnings allowed).
    pub ok: bool,
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// Every file read, as named to the user.
    pub files: Vec<String>,
    /// Every problem, in file order.
    pub diagnostics: Vec<ApiDiagnostic>,
    /// The scenario's name.
    pub name: String,
    /// What it holds.
    pub counts: Counts,
    /// The diagnostics rendered for a terminal (with the source line), in the same order.
    #[serde(skip)]
    #[schemars(skip)]
    pub rendered: Vec<String>,
}

/// Check the scenario a source names.
pub fn check(source: &Source) -> Answer {
    let loaded = source.read();
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == entente_scenario::Severity::Error)
        .count();
    let s = &loaded.scenario;
    Answer {
        ok: errors == 0,
        errors,
        warnings: loaded.diagnostics.len() - errors,
        files: s.files.clone(),
        diagnostics: loaded.diagnostics.iter().map(ApiDiagnostic::from).collect(),
        rendered: loaded.diagnostics.iter().map(|d| d.render()).collect(),
        name: s.name.clone(),
        counts: Counts {
            actors: s.actors.len(),
            zones: s.zones.len(),
            institutions: s.institutions.len(),
            agreements: s.agreements.len(),
            timelines: s.timelines.len(),
        },
    }
}

/// Answer on an open session: it has no errors; its warnings are reported.
pub fn answer(session: &Session, _query: &Query) -> Result<Answer, ApiError> {
    let s = session.scenario();
    Ok(Answer {
        ok: true,
        errors: 0,
        warnings: session.warnings().len(),
        files: s.files.clone(),
        diagnostics: session.warnings().iter().map(ApiDiagnostic::from).collect(),
        rendered: session.warnings().iter().map(|d| d.render()).collect(),
        name: s.name.clone(),
        counts: Counts {
            actors: s.actors.len(),
            zones: s.zones.len(),
            institutions: s.institutions.len(),
            agreements: s.agreements.len(),
            timelines: s.timelines.len(),
        },
    })
}
