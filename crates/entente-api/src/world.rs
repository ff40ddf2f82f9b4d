//! The world a question is asked of: the scenario as it is (`status_quo`, or no architecture),
//! or the scenario changed by one of its architectures. Every question that takes an
//! `architecture` goes through [`world`], so all of them answer about the same changed world.

use std::borrow::Cow;

use entente_scenario::Scenario;
use entente_scenario::architecture::{self, STATUS_QUO};

use crate::{ApiError, Session};

/// The scenario changed by `architecture` (None or `status_quo`: the scenario as it is).
pub fn world<'s>(
    session: &'s Session,
    architecture: Option<&str>,
) -> Result<Cow<'s, Scenario>, ApiError> {
    match architecture {
        None | Some(STATUS_QUO) => Ok(Cow::Borrowed(session.scenario())),
        Some(id) if session.architecture() == Some(id) => Ok(Cow::Borrowed(session.scenario())),
        Some(id) => architecture::apply(session.scenario(), id)
            .map(Cow::Owned)
            .map_err(|e| {
                let known: Vec<&str> = std::iter::once(STATUS_QUO)
                    .chain(
                        session
                            .scenario()
                            .architectures
                            .iter()
                            .map(|a| a.id.as_str()),
                    )
                    .collect();
                ApiError::usage("unknown-architecture", e).with_hint(format!(
                    "the scenario's architectures: {}",
                    known.join(", ")
                ))
            }),
    }
}

/// Every architecture id of the scenario, `status_quo` first.
pub fn architecture_ids(s: &Scenario) -> Vec<String> {
    std::iter::once(STATUS_QUO.to_string())
        .chain(s.architectures.iter().map(|a| a.id.clone()))
        .collect()
}
