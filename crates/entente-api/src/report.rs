//! The `report` question: what the report shows, as data. The scenario's `[report]` section
//! names the events, bodies, timelines, settlement and forecasting case; what it leaves out is
//! derived from the scenario itself ([`plan`]), so a scenario written without the report in mind
//! still gets every section filled. Rendering (terminal text, HTML with SVG charts) is the
//! report crate's work; this module only decides what is asked.

use entente_scenario::report::{ReportEvent, ReportGroup, ReportPower};
use entente_scenario::{ActorKind, Scenario};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The date of the report (default: the scenario's `as_of`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Date>,
}

/// Where a part of the plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The scenario's `[report]` section names it.
    Scenario,
    /// Derived from the scenario, which does not name it.
    Derived,
}

/// What the report asks of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Plan {
    /// The "who must act" events.
    pub events: Vec<ReportEvent>,
    /// Where the events come from.
    pub events_from: Origin,
    /// The zone whose coverage is shown (None: every state).
    pub coverage_zone: Option<String>,
    /// The bodies and decisions whose voting power is analysed.
    pub power: Vec<ReportPower>,
    /// Where the bodies come from.
    pub power_from: Origin,
    /// Agreements shown as one row.
    pub groups: Vec<ReportGroup>,
    /// The timelines walked through.
    pub timelines: Vec<String>,
    /// The settlement space shown.
    pub settlement: Option<String>,
    /// The forecasting case shown.
    pub forecast: Option<String>,
}

/// The plan of a scenario: its `[report]` section, with every part it leaves out derived from
/// the scenario:
/// - events: an armed attack on each state by each actor named as an `adversary` of some
///   obligation (none when no obligation names one);
/// - power: every decision type of every institution;
/// - timelines: every timeline of kind `scenario`;
/// - settlement and forecast: the first of each (by id).
pub fn plan(s: &Scenario) -> Plan {
    let r = s.report.clone().unwrap_or_default();
    let (events, events_from) = match r.events {
        Some(e) => (e, Origin::Scenario),
        None => (default_events(s), Origin::Derived),
    };
    let (power, power_from) = match r.power {
        Some(p) => (p, Origin::Scenario),
        None => (
            s.institutions
                .iter()
                .flat_map(|i| {
                    i.decisions.iter().map(|d| ReportPower {
                        institution: i.id.clone(),
                        decision: d.id.clone(),
                    })
                })
                .collect(),
            Origin::Derived,
        ),
    };
    let timelines = r.timelines.unwrap_or_else(|| {
        s.timelines
            .iter()
            .filter(|t| t.kind == "scenario")
            .map(|t| t.id.clone())
            .collect()
    });
    Plan {
        events,
        events_from,
        coverage_zone: r.coverage_zone,
        power,
        power_from,
        groups: r.groups,
        timelines,
        settlement: r
            .settlement
            .or_else(|| s.settlements.first().map(|x| x.id.clone())),
        forecast: r
            .forecast
            .or_else(|| s.forecasts.first().map(|x| x.id.clone())),
    }
}

/// An armed attack on each state by each actor named as an adversary anywhere.
fn default_events(s: &Scenario) -> Vec<ReportEvent> {
    let mut adversaries: Vec<&str> = s
        .agreements
        .iter()
        .flat_map(|a| &a.obligations)
        .flat_map(|o| o.adversary.iter().map(String::as_str))
        .filter(|id| s.actor(id).is_some())
        .collect();
    adversaries.sort_unstable();
    adversaries.dedup();
    let mut out = Vec::new();
    for a in adversaries {
        for t in s.actors.iter().filter(|t| t.kind == ActorKind::State) {
            if t.id == a {
                continue;
            }
            out.push(ReportEvent {
                attacker: a.to_string(),
                target: t.id.clone(),
                kind: "armed".to_string(),
                as_of: None,
                label: format!("{a} attacks {}", t.id),
            });
        }
    }
    out
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The report's date.
    #[schemars(with = "String")]
    pub date: Date,
    /// What the report asks.
    pub plan: Plan,
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let date = session.as_of(query.as_of);
    Ok(Answer {
        date,
        plan: plan(session.scenario()),
    })
}
