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

/// A part of the report: its answer, or why it could not be computed (a part that fails is
/// shown as failed, never silently left out).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part<T> {
    /// The answer.
    Ok(T),
    /// Why there is none.
    Failed(ApiError),
}

impl<T> Part<T> {
    fn of(r: Result<T, ApiError>) -> Part<T> {
        match r {
            Ok(x) => Part::Ok(x),
            Err(e) => Part::Failed(e),
        }
    }
}

/// What the scenario holds, in counts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Overview {
    /// The scenario's name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// Files read.
    pub files: usize,
    /// Counts.
    pub counts: crate::check::Counts,
    /// Institutions, agreements and zones as of the date.
    pub show: crate::show::Answer,
}

/// Voting power in one body of the plan.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PowerPart {
    /// The institution.
    pub institution: String,
    /// Its decision type.
    pub decision: String,
    /// The institution's name.
    pub institution_name: String,
    /// The decision type's name.
    pub decision_name: String,
    /// The rule's source.
    pub source: Option<String>,
    /// The answer.
    pub answer: Part<crate::power::Answer>,
}

/// Who must act on one event of the plan.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EventPart {
    /// The event as the plan names it.
    pub event: ReportEvent,
    /// The answer.
    pub answer: Part<crate::obligations::Answer>,
}

/// One timeline of the plan, replayed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TimelinePart {
    /// The timeline's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Agreements its events name (their status changes are shown).
    pub agreements: Vec<String>,
    /// The replay with its quantities.
    pub answer: Part<crate::replay::Answer>,
}

/// The answer: what the report shows, question by question.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The report's date.
    #[schemars(with = "String")]
    pub date: Date,
    /// The architecture whose world the report is about (None: the scenario as it is).
    pub architecture: Option<String>,
    /// What the report asks.
    pub plan: Plan,
    /// What the scenario holds.
    pub overview: Part<Overview>,
    /// Who can block each decision alone.
    pub blocking: Vec<entente_decide::Blocking>,
    /// Every staged procedure the timelines record up to the date, replayed.
    pub procedures: Vec<Part<crate::decide::Answer>>,
    /// Voting power in the plan's bodies.
    pub power: Vec<PowerPart>,
    /// Coverage of the plan's zone.
    pub coverage: Part<crate::coverage::Answer>,
    /// Who must act on the plan's events.
    pub events: Vec<EventPart>,
    /// The plan's timelines, replayed.
    pub timelines: Vec<TimelinePart>,
    /// The plan's settlement.
    pub settlement: Option<Part<crate::negotiate::Answer>>,
    /// The plan's forecasting case.
    pub forecast: Option<Part<crate::forecast::Answer>>,
    /// The forecasting case as the scenario writes it (dimensions and sources).
    #[schemars(skip)]
    pub forecast_case: Option<entente_scenario::forecast::Forecast>,
    /// Deterrence in every architecture, when the scenario has a `[deterrence]` section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deterrence: Option<Part<crate::deter::Answer>>,
    /// The scenario as it is and every architecture side by side, when it has architectures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architectures: Option<Part<crate::compare::Answer>>,
}

fn query<Q: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<Q, ApiError> {
    serde_json::from_value(v).map_err(|e| {
        ApiError::usage(
            "bad-query",
            format!("the report's query is not understood: {e}"),
        )
    })
}

/// Answer the question: every part of the report, each through its own question.
pub fn answer(session: &Session, query_: &Query) -> Result<Answer, ApiError> {
    let s = session.scenario();
    let date = session.as_of(query_.as_of);
    let d = date.to_string();
    let plan = plan(s);
    let overview = Part::of(
        query::<crate::show::Query>(serde_json::json!({ "as_of": d }))
            .and_then(|q| crate::show::answer(session, &q))
            .map(|show| Overview {
                name: s.name.clone(),
                description: s.description.clone(),
                files: s.files.len(),
                counts: crate::check::Counts {
                    actors: s.actors.len(),
                    zones: s.zones.len(),
                    institutions: s.institutions.len(),
                    agreements: s.agreements.len(),
                    timelines: s.timelines.len(),
                },
                show,
            }),
    );
    let existing = |inst: &str| s.institution(inst).is_some_and(|i| i.status != "proposed");
    let blocking = entente_decide::blocking(s, date)
        .into_iter()
        .filter(|b| existing(&b.institution))
        .collect();
    let procedures = staged_subjects(s, date)
        .into_iter()
        .map(|(institution, decision, subject)| {
            Part::of(
                query::<crate::decide::Query>(serde_json::json!({
                    "institution": institution, "decision": decision,
                    "subject": subject, "as_of": d,
                }))
                .and_then(|q| crate::decide::answer(session, &q)),
            )
        })
        .collect();
    let power = plan
        .power
        .iter()
        .filter(|p| existing(&p.institution))
        .map(|p| PowerPart {
            institution: p.institution.clone(),
            decision: p.decision.clone(),
            institution_name: s
                .institution(&p.institution)
                .map_or_else(|| p.institution.clone(), |i| i.name.clone()),
            decision_name: s
                .institution(&p.institution)
                .and_then(|i| i.decision(&p.decision))
                .map_or_else(|| p.decision.clone(), |d| d.name.clone()),
            source: s
                .institution(&p.institution)
                .and_then(|i| i.decision(&p.decision))
                .and_then(|x| x.source.clone()),
            answer: Part::of(
                query::<crate::power::Query>(serde_json::json!({
                    "institution": p.institution, "decision": p.decision, "as_of": d,
                    "indices": ["banzhaf", "shapley_shubik"],
                }))
                .and_then(|q| crate::power::answer(session, &q)),
            ),
        })
        .collect();
    let coverage = Part::of(
        query::<crate::coverage::Query>(serde_json::json!({
            "as_of": d, "zone": plan.coverage_zone,
        }))
        .and_then(|q| crate::coverage::answer(session, &q)),
    );
    let events = plan
        .events
        .iter()
        .map(|e| {
            let kind = match e.kind.as_str() {
                "hybrid" => "hybrid_attack",
                "limited" => "limited_incursion",
                _ => "armed_attack",
            };
            EventPart {
                event: e.clone(),
                answer: Part::of(
                    query::<crate::obligations::Query>(serde_json::json!({
                        "event": format!("{} attacks {}", e.attacker, e.target),
                        "kind": kind,
                        "as_of": e.as_of.unwrap_or(date).to_string(),
                    }))
                    .and_then(|q| crate::obligations::answer(session, &q)),
                ),
            }
        })
        .collect();
    let timelines = plan
        .timelines
        .iter()
        .filter_map(|id| s.timeline(id))
        .map(|t| {
            let mut agreements: Vec<String> = t
                .events
                .iter()
                .filter_map(|e| e.agreement.clone())
                .collect();
            agreements.sort();
            agreements.dedup();
            TimelinePart {
                id: t.id.clone(),
                name: t.name.clone(),
                kind: t.kind.clone(),
                agreements,
                answer: Part::of(
                    query::<crate::replay::Query>(serde_json::json!({ "timeline": t.id }))
                        .and_then(|q| crate::replay::answer(session, &q)),
                ),
            }
        })
        .collect();
    let settlement = plan.settlement.as_ref().map(|id| {
        Part::of(
            query::<crate::negotiate::Query>(serde_json::json!({
                "settlement": id, "after_first_concession": true,
            }))
            .and_then(|q| crate::negotiate::answer(session, &q)),
        )
    });
    let forecast = plan.forecast.clone().map(|id| {
        Part::of(
            query::<crate::forecast::Query>(serde_json::json!({ "case": id, "spoilers": true }))
                .and_then(|q| crate::forecast::answer(session, &q)),
        )
    });
    let forecast_case = plan
        .forecast
        .as_ref()
        .and_then(|id| s.forecasts.iter().find(|f| &f.id == id).cloned());
    // The report's deterrence section runs at most REPORT_DRAWS draws (`entente deter` runs
    // the scenario's full count).
    let deterrence = s.deterrence.as_ref().map(|d| {
        Part::of(crate::deter::answer(
            session,
            &crate::deter::Query {
                as_of: query_.as_of.map(|d| d.to_string()),
                draws: Some(
                    d.draws
                        .unwrap_or(crate::deter::DEFAULT_DRAWS)
                        .min(crate::deter::REPORT_DRAWS),
                ),
                ..crate::deter::Query::default()
            },
        ))
    });
    // Architectures compared at their own dates (a report asked of one architecture still
    // compares every world).
    let architectures = (!s.architectures.is_empty()).then(|| {
        Part::of(crate::compare::answer(
            session,
            &crate::compare::Query::default(),
        ))
    });
    Ok(Answer {
        deterrence,
        architectures,
        date,
        architecture: session.architecture().map(String::from),
        plan,
        overview,
        blocking,
        procedures,
        power,
        coverage,
        events,
        timelines,
        settlement,
        forecast_case,
        forecast,
    })
}

/// Every (institution, staged decision, subject) the timelines record on or before the date.
fn staged_subjects(s: &Scenario, as_of: Date) -> Vec<(String, String, String)> {
    let mut keys: Vec<(String, String, String)> = Vec::new();
    for e in s.timelines.iter().flat_map(|t| &t.events) {
        let (Some(i), Some(d), Some(sub)) = (&e.institution, &e.decision, &e.subject) else {
            continue;
        };
        let staged = s
            .institution(i)
            .and_then(|x| x.decision(d))
            .is_some_and(|x| matches!(x.procedure, entente_scenario::Procedure::Stages(_)));
        if !staged || s.actor(sub).is_none() || e.date > as_of {
            continue;
        }
        let k = (i.clone(), d.clone(), sub.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.sort();
    keys
}
