//! entente-decide: does a proposal pass in an institution, and where does a staged procedure
//! stand on a given day (M1, M2, M3, M13, M27, M31).
//!
//! - [`decide`] evaluates a proposal (institution, decision type, optional subject, any subset of
//!   known positions) under the decision's rule, exactly, over every way the unknown positions
//!   could still fall: `pass`, `fail`, `undecided` (with the members who could still swing it), or
//!   `outside_competence` when the body's founding text gives it no power over the matter (M1).
//!   Every verdict lists the veto players, the votes still needed and the clauses used, with
//!   their sources. Only full members vote: observers (M27), partners, applicants, suspended
//!   members and states that opted out (M31) are listed as non-voting and never counted.
//! - [`replay`] runs the scenario's dated events for one subject over a decision's stages (M3):
//!   the stage reached on a date, each member's national steps, who is holding the procedure up,
//!   and the date membership took effect (at the deposit, the legal date; and, as ATOP dates
//!   alliance entry, at the protocol's signature).
//! - [`three`] holds the three-valued search on a bound rule, usable without a scenario.
//!
//! The engine is pure: a [`entente_scenario::Scenario`] and a query in, plain serialisable data
//! out.

mod assurances;
mod authorisation;
mod decide;
mod replay;
pub mod three;

pub use assurances::Assurance;
pub use authorisation::{Authorisation, authorisation};
pub use decide::{
    AgreementRef, Blocking, ClauseRef, CompetenceRef, CriterionCheck, NonVoting, Outcome, Position,
    Proposal, Verdict, blocking, criteria_checks, decide, decide_agreement, matter_kind,
};
pub use replay::{MemberProgress, Replay, ReplayQuery, StageProgress, StepDone, replay};

use std::fmt;

/// A vote as it is serialised (the rule language's `Vote`), for the JSON Schema of the answers.
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub(crate) enum VoteWord {
    /// In favour.
    Yes,
    /// Against (for a veto holder: a veto).
    No,
    /// Abstaining.
    Abstain,
    /// Taking no part.
    Absent,
}

/// What kind of problem stopped a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The query names an institution, decision, actor or competence the scenario lacks.
    UnknownName,
    /// The query is contradictory (e.g. one member given two positions).
    BadQuery,
    /// The decision's rule cannot be applied to the body (e.g. an attribute some member lacks).
    Rule,
    /// The decision is not a staged procedure, or has no stage this question needs.
    Procedure,
    /// The exact search gave up (see [`three::STEP_LIMIT`]).
    TooHard,
}

/// Why a query could not be answered: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }
    /// The kind of problem.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
