//! The `replay` question: fold a timeline of events over the scenario and answer the state after
//! each event (memberships, agreements' statuses, phases opened or closed, obligations in force or
//! waiting on an unknown condition, obligations set off, breaches traced to their clause) and the
//! timeline's quantities (contributions and burden shares, territory and its projections).
//!
//! The timeline is one of the session's scenario, or one defined by extra timeline files that the
//! Query carries as text (by file name). Those are read together with the session's scenario
//! files, so their events are checked like any scenario file: a file with problems is refused
//! with every located diagnostic. The API never reads the timeline files from disk itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use entente_ledger::quantities::{self, Quantities};
use entente_ledger::{Options, Replay};
use entente_scenario::load::{Disk, Files, InMemory, normalise};
use entente_scenario::{Loaded, Scenario, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::obligations::ledger_error;
use crate::{ApiError, ErrorKind, Session, Source};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The timeline's id. May be left out when the extra files define exactly one new timeline.
    #[serde(default)]
    pub timeline: Option<String>,
    /// Extra timeline files, by file name (as it should appear in diagnostics), with their text;
    /// read together with the scenario.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Answer only the quantities, not the steps.
    #[serde(default)]
    pub quantities: bool,
    /// Defections (M13): each party breaches its obligations from its date on (every obligation
    /// it bears that is in force, or those of the agreements named); the replay has a step of
    /// kind `defection` at the start of that day with the breaches, what they set off and the
    /// obligations of others they release.
    #[serde(default)]
    pub defect: Vec<entente_ledger::Defection>,
}

/// Read a defection written `PARTY@DATE` or `PARTY@DATE:AGREEMENT,AGREEMENT`.
pub fn parse_defection(s: &str) -> Result<entente_ledger::Defection, ApiError> {
    let bad = || {
        ApiError::usage(
            "bad-defection",
            format!("`{s}` does not name a party and a date"),
        )
        .with_hint("write PARTY@DATE or PARTY@DATE:AGREEMENT,AGREEMENT, e.g. RUS@2026-10-01")
    };
    let (party, rest) = s.split_once('@').ok_or_else(bad)?;
    let (date, agreements) = match rest.split_once(':') {
        Some((d, a)) => (d, a),
        None => (rest, ""),
    };
    if party.trim().is_empty() || date.trim().is_empty() {
        return Err(bad());
    }
    let from = crate::session::parse_date(date.trim()).map_err(|e| {
        ApiError::usage("bad-defection", format!("`{s}`: {}", e.message))
            .with_hint("give the date as 2026-10-01")
    })?;
    Ok(entente_ledger::Defection {
        party: party.trim().to_string(),
        from,
        agreements: agreements
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// A replay and its quantities.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Full {
    /// Contributions and burden shares, territory and its projections.
    pub quantities: Quantities,
    /// One step per event, with the changes it caused and the state after it.
    pub replay: Replay,
}

/// The answer: `{ replay, quantities }`, or only the quantities when asked.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    /// The steps and the quantities.
    Full(Box<Full>),
    /// Only the quantities.
    Quantities(Quantities),
}

impl Answer {
    /// The replay, unless only the quantities were asked for.
    pub fn replay(&self) -> Option<&Replay> {
        match self {
            Answer::Full(f) => Some(&f.replay),
            Answer::Quantities(_) => None,
        }
    }

    /// The quantities.
    pub fn quantities(&self) -> &Quantities {
        match self {
            Answer::Full(f) => &f.quantities,
            Answer::Quantities(q) => q,
        }
    }
}

/// The session's files first, with the extra files laid over them.
struct Overlay<'a> {
    extra: Vec<(PathBuf, &'a str)>,
    base: &'a dyn Files,
}

impl Files for Overlay<'_> {
    fn read(&self, path: &Path) -> Result<String, String> {
        let want = normalise(path);
        match self.extra.iter().find(|(p, _)| *p == want) {
            Some((_, t)) => Ok((*t).to_string()),
            None => self.base.read(path),
        }
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.base.is_dir(path)
    }
}

/// The bundled scenario's files, as the loader names them.
fn bundled_files() -> InMemory {
    InMemory {
        files: entente_scenario::bundled_files()
            .iter()
            .map(|(p, t)| (format!("scenarios/{p}"), t.to_string()))
            .collect(),
    }
}

/// Read the session's scenario again with the extra files as further entries.
fn load_with_extra(source: &Source, extra: &BTreeMap<String, String>) -> Loaded {
    let names: Vec<PathBuf> = extra.keys().map(PathBuf::from).collect();
    let overlay = |base: &dyn Files, mut entries: Vec<PathBuf>| {
        entries.extend(names.iter().cloned());
        let o = Overlay {
            extra: extra
                .iter()
                .map(|(p, t)| (normalise(Path::new(p)), t.as_str()))
                .collect(),
            base,
        };
        entente_scenario::load_with(&entries, &o)
    };
    let bundled_entry = || vec![PathBuf::from("scenarios/europe/scenario.toml")];
    match source {
        Source::Paths(paths) if !paths.is_empty() => overlay(&Disk, paths.clone()),
        Source::Files(files) => {
            let mem = InMemory {
                files: files.iter().map(|(p, t)| (p.clone(), t.clone())).collect(),
            };
            overlay(&mem, vec![PathBuf::from(crate::session::entry_of(files))])
        }
        _ => overlay(&bundled_files(), bundled_entry()),
    }
}

/// The scenario to replay on and the timeline's id.
fn pick(session: &Session, query: &Query) -> Result<(Option<Scenario>, String), ApiError> {
    if query.files.is_empty() {
        let sc = session.scenario();
        let Some(id) = &query.timeline else {
            return Err(ApiError::usage("no-timeline", "no timeline is named")
                .with_hint(timelines_hint(sc)));
        };
        if sc.timeline(id).is_none() {
            return Err(unknown_timeline(sc, id));
        }
        return Ok((None, id.clone()));
    }
    let Some(source) = session.source() else {
        return Err(ApiError::unsupported(
            "no-source",
            "this session cannot read timeline files together with its scenario",
        )
        .with_hint("open the session from a source"));
    };
    let loaded = load_with_extra(source, &query.files);
    let names: Vec<&str> = query.files.keys().map(String::as_str).collect();
    let named = names.join(", ");
    if loaded.has_errors() {
        let n = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        return Err(ApiError::new(
            ErrorKind::Input,
            "timeline-file-has-errors",
            format!(
                "the timeline cannot be replayed: {n} problem{} in {named} or the scenario",
                if n == 1 { "" } else { "s" }
            ),
        )
        .with_hint("fix the problems listed, each with its file, line and column")
        .with_diagnostics(&loaded.diagnostics));
    }
    let mut sc = loaded.scenario;
    // A session on an architecture's world reads its files again into that same world.
    if let Some(arch) = session.architecture() {
        sc = entente_scenario::architecture::apply(&sc, arch)
            .map_err(|e| ApiError::usage("unknown-architecture", e))?;
    }
    if let Some(id) = &query.timeline {
        if sc.timeline(id).is_none() {
            return Err(unknown_timeline(&sc, id));
        }
        let id = id.clone();
        return Ok((Some(sc), id));
    }
    let new: Vec<String> = sc
        .timelines
        .iter()
        .filter(|t| session.scenario().timeline(&t.id).is_none())
        .map(|t| t.id.clone())
        .collect();
    match new.as_slice() {
        [one] => {
            let one = one.clone();
            Ok((Some(sc), one))
        }
        [] => Err(ApiError::usage(
            "no-new-timeline",
            format!("`{named}` defines no new timeline"),
        )
        .with_hint(timelines_hint(&sc))),
        many => Err(ApiError::usage(
            "several-timelines",
            format!("`{named}` defines several timelines ({})", many.join(", ")),
        )
        .with_hint("name the one to replay by its id")),
    }
}

fn timelines_hint(sc: &Scenario) -> String {
    let ids: Vec<&str> = sc.timelines.iter().map(|t| t.id.as_str()).collect();
    format!("the scenario's timelines: {}", ids.join(", "))
}

fn unknown_timeline(sc: &Scenario, id: &str) -> ApiError {
    let ids: Vec<&str> = sc.timelines.iter().map(|t| t.id.as_str()).collect();
    let hint = entente_scenario::diag::did_you_mean(id, ids.iter().copied());
    ApiError::usage(
        "unknown-timeline",
        format!("no timeline `{id}`; the scenario has: {}", ids.join(", ")),
    )
    .with_hint(hint.unwrap_or_default())
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let (own, id) = pick(session, query)?;
    let sc = own.as_ref().unwrap_or_else(|| session.scenario());
    let Some(tl) = sc.timeline(&id) else {
        return Err(unknown_timeline(sc, &id));
    };
    let q = quantities::quantities(Some(sc), tl);
    if query.quantities {
        return Ok(Answer::Quantities(q));
    }
    let r = entente_ledger::replay_with(sc, tl, Options { snapshots: true }, &query.defect)
        .map_err(|e| ledger_error(&e))?;
    Ok(Answer::Full(Box::new(Full {
        replay: r,
        quantities: q,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commitments_questions_have_json_schemas() {
        for s in [
            serde_json::to_value(schemars::schema_for!(Query)),
            serde_json::to_value(schemars::schema_for!(Answer)),
            serde_json::to_value(schemars::schema_for!(crate::obligations::Query)),
            serde_json::to_value(schemars::schema_for!(crate::obligations::Answer)),
            serde_json::to_value(schemars::schema_for!(crate::coverage::Query)),
            serde_json::to_value(schemars::schema_for!(crate::coverage::Answer)),
        ] {
            let s = s.unwrap();
            assert!(s.get("$schema").is_some(), "{s}");
        }
        let all = crate::schemas();
        assert!(all["replay"]["answer"]["anyOf"].is_array());
    }

    #[test]
    fn a_session_without_a_source_cannot_read_timeline_files() {
        let s = Session::from_loaded(entente_scenario::bundled()).unwrap();
        let q = Query {
            files: [("t.toml".to_string(), String::new())].into(),
            ..Query::default()
        };
        let e = answer(&s, &q).unwrap_err();
        assert_eq!(e.code, "no-source");
    }
}
