//! The `show` question: what a scenario holds as of a date — every institution with its members
//! and the other statuses (observers, partners, applicants, suspended, opted out) and its decision
//! types, every agreement with its status on that date (and counts by kind and status), and the
//! zones. Front ends only lay this out.

use std::collections::BTreeMap;

use entente_scenario::{Procedure, Scenario, StageKind, Status, ZoneKind};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, parse_date};

/// What is asked: the date to show the scenario as of.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The date (e.g. `2024-03-07`; default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// One institution as of the date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct InstitutionView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `existing` or `proposed`.
    pub status: String,
    /// Number of full members as of the date.
    pub members: usize,
    /// Ids of the full members.
    pub member_ids: Vec<String>,
    /// Observers (a voice, no vote).
    pub observers: Vec<String>,
    /// Partners.
    pub partners: Vec<String>,
    /// Applicants and candidates.
    pub applicants: Vec<String>,
    /// Suspended members.
    pub suspended: Vec<String>,
    /// States that opted out.
    pub opted_out: Vec<String>,
    /// Decision types with their rule or stages.
    pub decisions: Vec<DecisionView>,
    /// Legal basis.
    pub legal_basis: Option<String>,
}

/// A decision type.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionView {
    /// Id.
    pub id: String,
    /// The rule, or the stages joined by " → " (a voting stage with its rule in brackets).
    pub procedure: String,
}

/// One agreement as of the date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AgreementView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: entente_scenario::AgreementKind,
    /// Status as of the date.
    pub status: String,
    /// Legal form.
    pub legal_form: Option<entente_scenario::LegalForm>,
    /// Number of parties as listed.
    pub parties: usize,
}

/// One zone.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ZoneView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `region` (a set of states) or `area` (a named area): the scenario format's word.
    pub kind: String,
    /// Number of states.
    pub members: usize,
}

/// The answer: the scenario as of the date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// Scenario name.
    pub scenario: String,
    /// The date.
    #[schemars(with = "String")]
    pub as_of: Date,
    /// Institutions, in scenario order.
    pub institutions: Vec<InstitutionView>,
    /// Agreements, in scenario order.
    pub agreements: Vec<AgreementView>,
    /// Count of agreements by kind and status as of the date.
    pub agreements_by_kind: BTreeMap<String, BTreeMap<String, usize>>,
    /// Zones, in scenario order.
    pub zones: Vec<ZoneView>,
    /// What the view assumes beyond the scenario's data: a date past a data horizon, a
    /// proposed body's members (those it would have, not dated).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let date = match &query.as_of {
        Some(d) => Some(parse_date(d)?),
        None => None,
    };
    Ok(view(session.scenario(), session.as_of(date)))
}

fn ids(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(String::from).collect()
}

/// A zone's kind as the scenario format writes it (its serialised form, never debug text).
fn zone_kind(k: ZoneKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The view of a scenario as of a date.
pub fn view(s: &Scenario, date: Date) -> Answer {
    let institutions = s
        .institutions
        .iter()
        .map(|i| InstitutionView {
            id: i.id.clone(),
            name: i.name.clone(),
            status: i.status.clone(),
            members: i.members_on(date).len(),
            member_ids: ids(i.members_on(date)),
            observers: ids(i.with_status(Status::Observer, date)),
            partners: ids(i.with_status(Status::Partner, date)),
            applicants: ids(i.with_status(Status::Applicant, date)),
            suspended: ids(i.with_status(Status::Suspended, date)),
            opted_out: ids(i.with_status(Status::OptedOut, date)),
            decisions: i
                .decisions
                .iter()
                .map(|d| DecisionView {
                    id: d.id.clone(),
                    procedure: match &d.procedure {
                        Procedure::Rule(r) => r.text.clone(),
                        Procedure::Stages(st) => st
                            .iter()
                            .map(|x| match &x.kind {
                                StageKind::Vote { rule, .. } => format!("{} [{}]", x.id, rule.text),
                                _ => x.id.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join(" → "),
                    },
                })
                .collect(),
            legal_basis: i.legal_basis.clone(),
        })
        .collect();
    let mut by_kind: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let agreements = s
        .agreements
        .iter()
        .map(|a| {
            let status = a.status_on(date).to_string();
            *by_kind
                .entry(a.kind.to_string())
                .or_default()
                .entry(status.clone())
                .or_default() += 1;
            AgreementView {
                id: a.id.clone(),
                name: a.name.clone(),
                kind: a.kind,
                status,
                legal_form: a.legal_form,
                parties: a.parties.len(),
            }
        })
        .collect();
    let zones = s
        .zones
        .iter()
        .map(|z| ZoneView {
            id: z.id.clone(),
            name: z.name.clone(),
            kind: zone_kind(z.kind),
            members: z.members.len(),
        })
        .collect();
    let ids_all: Vec<&str> = s.institutions.iter().map(|i| i.id.as_str()).collect();
    let mut warnings = s.horizon_warnings(date, &ids_all);
    for i in &s.institutions {
        if i.status == "proposed" && !i.memberships.is_empty() {
            warnings.push(format!(
                "`{}` is a proposed body: its members are those it would have, not members on \
                 {date}",
                i.id
            ));
        }
    }
    Answer {
        scenario: s.name.clone(),
        as_of: date,
        institutions,
        agreements,
        agreements_by_kind: by_kind,
        zones,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_kinds_are_the_scenario_formats_words() {
        assert_eq!(zone_kind(ZoneKind::Region), "region");
        assert_eq!(zone_kind(ZoneKind::Area), "area");
    }

    #[test]
    fn nato_had_16_members_at_the_end_of_1991() {
        let session = Session::bundled().unwrap();
        let a = answer(
            &session,
            &Query {
                as_of: Some("1991-12-31".into()),
            },
        )
        .unwrap();
        let nato = a.institutions.iter().find(|i| i.id == "nato").unwrap();
        assert_eq!(nato.members, 16);
        let s = serde_json::to_string(&schemars::schema_for!(Answer)).unwrap();
        assert!(s.contains("agreements_by_kind"));
    }
}
