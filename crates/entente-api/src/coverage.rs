//! The `coverage` question: every state's defence coverage on a date — each commitment others
//! have made to come to its aid, the strongest of them, from whom, whether a guarantor is
//! nuclear-armed, the legal form, and whether the state is in the grey zone (no binding defence
//! commitment from anyone). The Query narrows the states (a zone, named states, only the grey
//! zone); unknown zones and states are refused with a did-you-mean hint. Beside the coverage: the
//! obligations for these states of agreements signed but not yet in force, with what each waits
//! for (`pending`), and the neutrality these states have put in their own law, with the
//! alliances whose membership breaks it (`own_restraints`, M18).

use entente_ledger::StateCoverage;
use entente_scenario::diag::did_you_mean;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, parse_date};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The date (default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Only these states (every commitment of each, strongest first).
    #[serde(default)]
    pub state: Vec<String>,
    /// Only the states of this zone (e.g. `osce_area`).
    #[serde(default)]
    pub zone: Option<String>,
    /// Only the states in the grey zone.
    #[serde(default)]
    pub grey_zone: bool,
}

/// The answer: `{ date, states }`, one entry per state by id.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The date.
    #[schemars(with = "String")]
    pub date: Date,
    /// One entry per state, by id: the strongest commitment, whether a guarantor of it is
    /// nuclear-armed, the grey zone, every commitment strongest first.
    pub states: Vec<StateCoverage>,
    /// Obligations for these states of agreements signed but not in force (they bind no one
    /// yet), with what each waits for. Left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<entente_ledger::own::Pending>,
    /// The restraints these states have put on themselves in their own law (constitutional
    /// neutrality), each with the alliances whose membership breaks it. Left out when there are
    /// none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub own_restraints: Vec<entente_ledger::own::Restraint>,
}

impl Answer {
    /// The states in the grey zone, by id.
    pub fn grey_zone(&self) -> Vec<&str> {
        self.states
            .iter()
            .filter(|s| s.grey_zone)
            .map(|s| s.state.as_str())
            .collect()
    }
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let sc = session.scenario();
    let given = query.as_of.as_deref().map(parse_date).transpose()?;
    let date = session.as_of(given);
    if let Some(z) = &query.zone {
        if sc.zone(z).is_none() {
            return Err(
                ApiError::usage("unknown-zone", format!("no zone `{z}` in the scenario"))
                    .with_hint(
                        did_you_mean(z, sc.zones.iter().map(|x| x.id.as_str()))
                            .unwrap_or_else(|| "`entente show` lists the zones".into()),
                    ),
            );
        }
    }
    let mut cov = entente_ledger::coverage(sc, date, query.zone.as_deref());
    for s in &query.state {
        if !cov.states.iter().any(|x| &x.state == s) {
            if let (Some(z), true) = (&query.zone, sc.actor(s).is_some()) {
                return Err(ApiError::usage(
                    "state-outside-zone",
                    format!("`{s}` is not a state of zone `{z}`"),
                )
                .with_hint("leave out the zone, or name one of its states"));
            }
            return Err(ApiError::usage(
                "unknown-state",
                format!("`{s}` is not a state of the scenario"),
            )
            .with_hint(
                did_you_mean(s, cov.states.iter().map(|x| x.state.as_str()))
                    .unwrap_or_else(|| "states are ISO 3166-1 alpha-3 ids such as UKR".into()),
            ));
        }
    }
    if !query.state.is_empty() {
        cov.states.retain(|x| query.state.contains(&x.state));
    }
    if query.grey_zone {
        cov.states.retain(|x| x.grey_zone);
    }
    let within = |s: &str| cov.states.iter().any(|x| x.state == s);
    let pending = entente_ledger::own::pending(sc, date)
        .into_iter()
        .filter(|p| p.beneficiaries.iter().any(|b| within(b)))
        .collect();
    let own_restraints = entente_ledger::own::restraints(sc, date)
        .into_iter()
        .filter(|r| within(&r.state))
        .collect();
    Ok(Answer {
        date: cov.date,
        states: cov.states,
        pending,
        own_restraints,
    })
}
