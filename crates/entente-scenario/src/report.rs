//! The `[report]` section: which questions the report asks of a scenario. It names the events to
//! ask "who must act" about, the zone whose coverage is shown, the bodies and decisions whose
//! voting power is analysed, groups of agreements shown as one row, the timelines to walk
//! through, and the settlement and forecasting case to show. Raw types (as written, with spans)
//! and their resolution into [`Report`], checking every id. A scenario without the section gets
//! defaults derived from itself (see `entente-api`'s report question).
//!
//! ```toml
//! [report]
//! coverage_zone = "osce_area"
//! timelines = ["settlement", "territory"]
//! settlement = "ukraine"
//! forecast = "settlement"
//!
//! [[report.event]]
//! attacker = "RUS"
//! target = "FIN"
//! as_of = 2023-04-03
//! label = "Russia attacks Finland, the day before its accession"
//!
//! [[report.power]]
//! institution = "eu_council"
//! decision = "qmv"
//!
//! [[report.group]]
//! label = "bilateral agreements with Ukraine"
//! prefix = "ukr_"
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::raw::RawDate;
use crate::spanned::Sp;

/// `[report]` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    /// The events to ask "who must act" about, in order.
    #[serde(default)]
    pub event: Vec<Sp<RawReportEvent>>,
    /// The zone whose states' coverage is shown (default: every state).
    pub coverage_zone: Option<Sp<String>>,
    /// The bodies and decisions whose voting power is analysed.
    #[serde(default)]
    pub power: Vec<Sp<RawReportPower>>,
    /// Agreements shown as one row in "who must act".
    #[serde(default)]
    pub group: Vec<Sp<RawReportGroup>>,
    /// The timelines to walk through (default: every timeline of kind `scenario`).
    pub timelines: Option<Vec<Sp<String>>>,
    /// The settlement space to show (default: the first).
    pub settlement: Option<Sp<String>>,
    /// The forecasting case to show (default: the first).
    pub forecast: Option<Sp<String>>,
}

/// `[[report.event]]`: an armed attack of one actor on another.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReportEvent {
    /// The attacking actor.
    pub attacker: Sp<String>,
    /// The attacked state.
    pub target: Sp<String>,
    /// `armed` (the default), `hybrid` or `limited`.
    pub kind: Option<Sp<String>>,
    /// The date to ask on (default: the report's date).
    pub as_of: Option<Sp<RawDate>>,
    /// How the event is named in the report (default: "ATTACKER attacks TARGET").
    pub label: Option<String>,
}

/// `[[report.power]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReportPower {
    /// The institution.
    pub institution: Sp<String>,
    /// Its decision type.
    pub decision: Sp<String>,
}

/// `[[report.group]]`: agreements named by id or by an id prefix.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReportGroup {
    /// How the group is named.
    pub label: String,
    /// Agreements by id.
    #[serde(default)]
    pub agreements: Vec<Sp<String>>,
    /// Every agreement whose id starts with this.
    pub prefix: Option<Sp<String>>,
}

/// An event of the report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ReportEvent {
    /// The attacking actor.
    pub attacker: String,
    /// The attacked state.
    pub target: String,
    /// `armed`, `hybrid` or `limited`.
    pub kind: String,
    /// The date to ask on (None: the report's date).
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Date>,
    /// How the event is named.
    pub label: String,
}

/// A body and decision of the report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ReportPower {
    /// The institution.
    pub institution: String,
    /// Its decision type.
    pub decision: String,
}

/// A group of agreements shown as one row.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ReportGroup {
    /// How the group is named.
    pub label: String,
    /// Its agreements, by id.
    pub agreements: Vec<String>,
}

/// The `[report]` section, resolved. Absent parts are `None`: the report derives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// Events, when the section names any.
    pub events: Option<Vec<ReportEvent>>,
    /// The coverage zone.
    pub coverage_zone: Option<String>,
    /// Bodies and decisions, when the section names any.
    pub power: Option<Vec<ReportPower>>,
    /// Groups of agreements.
    pub groups: Vec<ReportGroup>,
    /// Timelines.
    pub timelines: Option<Vec<String>>,
    /// Settlement.
    pub settlement: Option<String>,
    /// Forecasting case.
    pub forecast: Option<String>,
}

const EVENT_KINDS: &[&str] = &["armed", "hybrid", "limited"];

/// Resolve the section, checking every id against the scenario.
pub(crate) fn resolve(
    raw: &Sp<RawReport>,
    file: usize,
    ctx: &mut Ctx<'_>,
    sc: &crate::model::Scenario,
) -> Report {
    let mut out = Report::default();
    if !raw.event.is_empty() {
        let mut events = Vec::new();
        for e in &raw.event {
            let a = ctx.actor(file, &e.attacker);
            let t = ctx.actor(file, &e.target);
            let kind = match &e.kind {
                None => "armed".to_string(),
                Some(k)
                    if ctx.word(file, k, EVENT_KINDS, "kind of attack", "unknown-event-kind") =>
                {
                    k.value.clone()
                }
                Some(_) => continue,
            };
            let as_of = match &e.as_of {
                Some(d) => match ctx.date(file, d) {
                    Some((d, _)) => Some(d),
                    None => continue,
                },
                None => None,
            };
            if a && t {
                events.push(ReportEvent {
                    label: e.label.clone().unwrap_or_else(|| {
                        format!("{} attacks {}", e.attacker.value, e.target.value)
                    }),
                    attacker: e.attacker.value.clone(),
                    target: e.target.value.clone(),
                    kind,
                    as_of,
                });
            }
        }
        out.events = Some(events);
    }
    if let Some(z) = &raw.coverage_zone
        && ctx.zone(file, z)
    {
        out.coverage_zone = Some(z.value.clone());
    }
    if !raw.power.is_empty() {
        let mut power = Vec::new();
        for p in &raw.power {
            if !ctx.institution(file, &p.institution) {
                continue;
            }
            let Some(inst) = sc.institution(&p.institution.value) else {
                continue;
            };
            if !ctx.decision(file, inst, &p.decision) {
                continue;
            }
            power.push(ReportPower {
                institution: p.institution.value.clone(),
                decision: p.decision.value.clone(),
            });
        }
        out.power = Some(power);
    }
    for g in &raw.group {
        let mut ids = Vec::new();
        for a in &g.agreements {
            if ctx.agreement(file, a) {
                ids.push(a.value.clone());
            }
        }
        if let Some(p) = &g.prefix {
            let matching: Vec<String> = sc
                .agreements
                .iter()
                .filter(|a| a.id.starts_with(&p.value))
                .map(|a| a.id.clone())
                .collect();
            if matching.is_empty() {
                let d = ctx.error(
                    file,
                    p.span.clone(),
                    "empty-report-group",
                    format!("no agreement's id starts with `{}`", p.value),
                );
                d.hint = Some("name the agreements by id, or correct the prefix".into());
            }
            ids.extend(matching);
        }
        ids.sort();
        ids.dedup();
        out.groups.push(ReportGroup {
            label: g.label.clone(),
            agreements: ids,
        });
    }
    if let Some(ts) = &raw.timelines {
        let mut ok = Vec::new();
        for t in ts {
            let known = sc.timelines.iter().map(|x| x.id.as_str());
            if ctx.listed(file, t, known, "timeline", "unknown-id") {
                ok.push(t.value.clone());
            }
        }
        out.timelines = Some(ok);
    }
    if let Some(s) = &raw.settlement {
        let known = sc.settlements.iter().map(|x| x.id.as_str());
        if ctx.listed(file, s, known, "settlement", "unknown-id") {
            out.settlement = Some(s.value.clone());
        }
    }
    if let Some(f) = &raw.forecast {
        let known = sc.forecasts.iter().map(|x| x.id.as_str());
        if ctx.listed(file, f, known, "forecast", "unknown-id") {
            out.forecast = Some(f.value.clone());
        }
    }
    out
}
