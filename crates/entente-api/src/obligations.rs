//! The `obligations` question: who must act when something happens (an attack, a breach, a
//! ceasefire violation) on a date. The Query carries the event sentence as written ("RUS attacks
//! POL"), the kind of an attack and the date; the Answer carries every duty (one per bearer, with
//! its checks, conditions and conflicts), the same duties grouped by agreement obligation (what a
//! table or a report shows), the obligations of that kind that do not apply and why, what the
//! event itself breaks, and whether collective defence is set off; beside them, the obligations
//! towards the victim of agreements signed but not yet in force with what each waits for
//! (`pending`), and the neutrality that duty bearers have written into their own law
//! (`own_restraints`, M18).
//!
//! The command line's JSON is the documented array of rows ([`Answer::rows`]): one per duty and,
//! when asked, one per obligation that does not apply.

use entente_ledger::obligations::{Broken, Check, Duty, NotApplying};
use entente_ledger::{Incident, IncidentKind, Truth};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, parse_date};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The event: "X attacks Y", "X attacks Y forces in Z", "X breaches AGREEMENT",
    /// "X violates the ceasefire" or "X violates AGREEMENT", with the scenario's ids.
    pub event: String,
    /// The kind of an attack (default: an armed attack, or an attack on forces abroad for
    /// "forces in Z").
    #[serde(default)]
    pub kind: Option<IncidentKind>,
    /// The date asked about (default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// The duties of one agreement obligation, with every bearer.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Group {
    /// Agreement id.
    pub agreement: String,
    /// Agreement name.
    pub agreement_name: String,
    /// Obligation id.
    pub obligation: String,
    /// Clause id.
    pub clause: Option<String>,
    /// Clause title (e.g. "Article 5").
    pub clause_title: Option<String>,
    /// Kind of obligation.
    pub kind: entente_scenario::ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// Legal form of the agreement.
    pub legal_form: Option<entente_scenario::LegalForm>,
    /// Whether it applies: true, or unknown.
    pub applies: Truth,
    /// Who must act, in the order of the duties.
    pub bearers: Vec<String>,
    /// For whom (distinct, in the order of the duties).
    pub beneficiaries: Vec<String>,
    /// The checks it depends on (those of its first duty).
    pub checks: Vec<Check>,
    /// Source.
    pub source: Option<String>,
}

/// A conflict in plain terms: a bearer bound to act and bound not to.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ConflictLine {
    /// Who is bound both ways.
    pub bearer: String,
    /// The obligation to act (`agreement.obligation`).
    pub acting_under: String,
    /// The restraint (`agreement.obligation`).
    pub restrained_by: String,
    /// Kind of the restraint (non_aggression or neutrality).
    pub kind: entente_scenario::ObligationKind,
    /// Towards whom the restraint runs.
    pub towards: String,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The event as read.
    pub incident: Incident,
    /// The event in words.
    pub event: String,
    /// The date asked about.
    #[schemars(with = "String")]
    pub date: Date,
    /// Whether any collective-defence obligation (kind `defence`) applies.
    pub collective_defence: bool,
    /// Every party obliged, strongest first: one duty per bearer.
    pub duties: Vec<Duty>,
    /// The duties grouped by agreement obligation, in the same order.
    pub groups: Vec<Group>,
    /// Bearers bound to act and also bound not to act against the attacker (or the party in
    /// breach), one line each.
    pub conflicts: Vec<ConflictLine>,
    /// Obligations that answer this kind of event but do not apply, with the checks that fail.
    pub not_applying: Vec<NotApplying>,
    /// Obligations the event itself breaks.
    pub broken: Vec<Broken>,
    /// A ceasefire violation that finds no ceasefire binding the party in force.
    pub no_ceasefire_in_force: bool,
    /// What else the answer rests on (an agreement named by the event that binds no one).
    pub notes: Vec<String>,
    /// Obligations for the victim of agreements signed but not in force on the date (they bind
    /// no one yet), with what each waits for. Left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<entente_ledger::own::Pending>,
    /// The neutrality (kind `neutrality`) that bearers of a duty have put in their own law (a constitution binds the
    /// state's organs, not the state towards the attacker), with what breaks it. Left out when
    /// there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub own_restraints: Vec<entente_ledger::own::Restraint>,
}

/// One row of the command line's JSON: a duty, or an obligation that does not apply (bearer and
/// beneficiary null, `applies` "false").
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Row<'a> {
    /// A duty.
    Duty(&'a Duty),
    /// An obligation that does not apply.
    NotApplying(NotApplyingRow<'a>),
}

/// An obligation that does not apply, as a row beside the duties.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotApplyingRow<'a> {
    /// Always null: nobody must act.
    pub bearer: Option<String>,
    /// Always null.
    pub beneficiary: Option<String>,
    /// Always false.
    pub applies: Truth,
    /// The obligation and why it does not apply.
    #[serde(flatten)]
    pub obligation: &'a NotApplying,
}

impl Answer {
    /// The rows of the documented JSON array: every duty, then (with `all`) every obligation
    /// that does not apply.
    pub fn rows(&self, all: bool) -> Vec<Row<'_>> {
        let mut rows: Vec<Row<'_>> = self.duties.iter().map(Row::Duty).collect();
        if all {
            rows.extend(self.not_applying.iter().map(|n| {
                Row::NotApplying(NotApplyingRow {
                    bearer: None,
                    beneficiary: None,
                    applies: Truth::False,
                    obligation: n,
                })
            }));
        }
        rows
    }
}

/// A ledger error as the API's: an unreadable event or an unknown id is the query's fault
/// (usage); a timeline that cannot be replayed is the input's.
pub(crate) fn ledger_error(e: &entente_ledger::Error) -> ApiError {
    use entente_ledger::ErrorKind as K;
    let err = match e.kind() {
        K::Syntax => ApiError::usage("unreadable-event", e.message()),
        K::UnknownId => ApiError::usage("unknown-id", e.message()),
        _ => ApiError::input("timeline-cannot-be-replayed", e.message()),
    };
    err.with_hint(e.hint_text().unwrap_or_default())
}

/// Group consecutive duties of the same agreement obligation and applicability.
fn groups(duties: &[Duty]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for d in duties {
        let same = out.last().is_some_and(|g| {
            g.agreement == d.agreement && g.obligation == d.obligation && g.applies == d.applies
        });
        if !same {
            out.push(Group {
                agreement: d.agreement.clone(),
                agreement_name: d.agreement_name.clone(),
                obligation: d.obligation.clone(),
                clause: d.clause.clone(),
                clause_title: d.clause_title.clone(),
                kind: d.kind,
                strength: d.strength,
                legal_form: d.legal_form,
                applies: d.applies,
                bearers: Vec::new(),
                beneficiaries: Vec::new(),
                checks: d.checks.clone(),
                source: d.source.clone(),
            });
        }
        if let Some(g) = out.last_mut() {
            if !g.bearers.contains(&d.bearer) {
                g.bearers.push(d.bearer.clone());
            }
            if !g.beneficiaries.contains(&d.beneficiary) {
                g.beneficiaries.push(d.beneficiary.clone());
            }
        }
    }
    out
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let sc = session.scenario();
    let given = query.as_of.as_deref().map(parse_date).transpose()?;
    let date = session.as_of(given);
    let inc = Incident::parse(sc, &query.event, query.kind).map_err(|e| ledger_error(&e))?;
    let a = entente_ledger::who_must_act(sc, &inc, date);
    let pending: Vec<entente_ledger::own::Pending> = match &inc.subject {
        Some(victim) => entente_ledger::own::pending(sc, date)
            .into_iter()
            .filter(|p| p.beneficiaries.contains(victim))
            .collect(),
        None => Vec::new(),
    };
    let own_restraints: Vec<entente_ledger::own::Restraint> =
        entente_ledger::own::restraints(sc, date)
            .into_iter()
            .filter(|r| {
                r.kind == entente_scenario::ObligationKind::Neutrality
                    && a.duties.iter().any(|d| d.bearer == r.state)
            })
            .collect();
    let mut conflicts: Vec<ConflictLine> = Vec::new();
    for d in &a.duties {
        for c in &d.conflicts {
            let line = ConflictLine {
                bearer: d.bearer.clone(),
                acting_under: format!("{}.{}", d.agreement, d.obligation),
                restrained_by: format!("{}.{}", c.agreement, c.obligation),
                kind: c.kind,
                towards: c.towards.clone(),
            };
            if conflicts.last() != Some(&line) {
                conflicts.push(line);
            }
        }
    }
    Ok(Answer {
        event: a.incident.describe(),
        no_ceasefire_in_force: a.duties.is_empty()
            && a.incident.kind == IncidentKind::CeasefireViolation
            && a.broken.is_empty(),
        groups: groups(&a.duties),
        conflicts,
        incident: a.incident,
        date: a.date,
        collective_defence: a.collective_defence,
        duties: a.duties,
        not_applying: a.not_applying,
        broken: a.broken,
        notes: a.notes,
        pending,
        own_restraints,
    })
}
