//! The `agreement` question: one agreement as of a date — its text (clauses), legal form, legal
//! basis (as written and as words of the vocabulary, M34), status on the date, whether it binds
//! and, when signed but not in force, what it waits for; its parties, obligations, note and
//! sources (M16, M22: what was promised, in what form). For an agreement whose obligations state
//! contributions (a peace force's contingents, M33): the pooled total per quantity, every
//! contributor's burden share, and the shortfall against the agreement's stated requirement.

use std::collections::BTreeMap;

use entente_scenario::diag::did_you_mean;
use entente_scenario::{Agreement, LegalBasis, LegalForm, Party};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, parse_date};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The agreement's id (e.g. `assurances_1990`; `entente list agreements` lists them).
    pub id: String,
    /// The date (default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A clause, with its text.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClauseView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its text or a faithful summary.
    pub text: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// An obligation, as written.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ObligationView {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: entente_scenario::ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// Who bears it, as written.
    pub bearers: Vec<String>,
    /// For whom, as written.
    pub beneficiaries: Vec<String>,
    /// What sets it off.
    pub trigger: Option<entente_scenario::Trigger>,
    /// Clause id.
    pub clause: Option<String>,
    /// The condition under which it applies, as text.
    pub when: Option<String>,
    /// Phase that brings it into force.
    pub phase: Option<String>,
    /// What each bearer contributes, by quantity (M33).
    pub contribution: BTreeMap<String, f64>,
    /// Note.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// One contributor's part of a pooled quantity.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Share {
    /// The contributor (a bearer of a contributing obligation).
    pub contributor: String,
    /// The obligation it contributes under.
    pub obligation: String,
    /// How much.
    pub value: f64,
    /// Its share of the pooled total (0 to 1; null when the total is 0).
    pub share: Option<f64>,
    /// Source of the figure.
    pub source: Option<String>,
}

/// A quantity pooled by the agreement's contributions (M33).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pool {
    /// The quantity (e.g. `troops`).
    pub quantity: String,
    /// The pooled total.
    pub total: f64,
    /// The stated requirement, when there is one.
    pub requirement: Option<f64>,
    /// Source of the requirement.
    pub requirement_source: Option<String>,
    /// How much is missing against the requirement (0 when it is met; null without one).
    pub shortfall: Option<f64>,
    /// The contributions, largest first.
    pub shares: Vec<Share>,
}

/// The answer: the agreement as of the date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The date.
    #[schemars(with = "String")]
    pub date: Date,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: entente_scenario::AgreementKind,
    /// Its status on the date (`not_yet` before its first date).
    pub status: String,
    /// The status the scenario records as current.
    pub recorded_status: entente_scenario::AgreementStatus,
    /// The dates of its status changes.
    #[schemars(with = "BTreeMap<String, String>")]
    pub dates: BTreeMap<String, Date>,
    /// Legal form (M16).
    pub legal_form: Option<LegalForm>,
    /// Whether it binds on the date: in force (or breached) in a binding legal form (a treaty or
    /// an executive agreement).
    pub binding: bool,
    /// Whether it must be ratified before it binds.
    pub ratification: Option<bool>,
    /// When signed but not in force on the date: what it waits for.
    pub waits_for: Option<String>,
    /// Legal basis, as written.
    pub legal_basis: Option<String>,
    /// Legal bases as words of the vocabulary (M34).
    pub legal_bases: Vec<LegalBasis>,
    /// Parties, as written.
    pub parties: Vec<String>,
    /// Clauses, with their text.
    pub clauses: Vec<ClauseView>,
    /// Obligations.
    pub obligations: Vec<ObligationView>,
    /// Pooled contributions per quantity, with burden shares and the shortfall (M33); empty when
    /// no obligation states a contribution.
    pub contributions: Vec<Pool>,
    /// Linked agreements.
    pub linked: Vec<String>,
    /// Mechanisms it illustrates.
    pub mechanisms: Vec<String>,
    /// Note.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A party as the format writes it.
pub fn party(p: &Party) -> String {
    match p {
        Party::Actor(a) | Party::Institution(a) => a.clone(),
        Party::MembersOf(i, None) => format!("members of {i}"),
        Party::MembersOf(i, Some(d)) => format!("members of {i} as of {d}"),
        Party::Parties => "parties".into(),
    }
}

/// Whether a legal form binds in international law.
pub fn binding_form(f: Option<LegalForm>) -> bool {
    matches!(f, Some(LegalForm::Treaty | LegalForm::ExecutiveAgreement))
}

/// The pooled contributions of an agreement (M33): per quantity, in name order, the total, every
/// contribution largest first (then by contributor), the shares and the shortfall.
pub fn pools(ag: &Agreement) -> Vec<Pool> {
    let mut by: BTreeMap<&str, Vec<Share>> = BTreeMap::new();
    for o in &ag.obligations {
        for (q, v) in &o.contribution {
            for b in &o.bearer {
                by.entry(q.as_str()).or_default().push(Share {
                    contributor: party(b),
                    obligation: o.id.clone(),
                    value: *v,
                    share: None,
                    source: o.source.clone().or_else(|| ag.source.clone()),
                });
            }
        }
    }
    by.into_iter()
        .map(|(q, mut shares)| {
            let total: f64 = shares.iter().map(|s| s.value).sum();
            for s in &mut shares {
                s.share = (total > 0.0).then(|| s.value / total);
            }
            shares.sort_by(|a, b| {
                b.value
                    .total_cmp(&a.value)
                    .then_with(|| a.contributor.cmp(&b.contributor))
            });
            let req = ag.requirements.iter().find(|r| r.quantity == q);
            Pool {
                quantity: q.to_string(),
                total,
                requirement: req.map(|r| r.value),
                requirement_source: req.and_then(|r| r.source.clone()),
                shortfall: req.map(|r| (r.value - total).max(0.0)),
                shares,
            }
        })
        .collect()
}

/// The view of one agreement as of a date.
pub fn view(ag: &Agreement, date: Date) -> Answer {
    let status = ag.status_on(date).to_string();
    Answer {
        date,
        id: ag.id.clone(),
        name: ag.name.clone(),
        kind: ag.kind,
        binding: matches!(status.as_str(), "in_force" | "breached") && binding_form(ag.legal_form),
        waits_for: ag.waits_for(date),
        status,
        recorded_status: ag.status,
        dates: ag.dates.clone(),
        legal_form: ag.legal_form,
        ratification: ag.ratification,
        legal_basis: ag.legal_basis.clone(),
        legal_bases: ag.legal_bases.clone(),
        parties: ag.parties.iter().map(party).collect(),
        clauses: ag
            .clauses
            .iter()
            .map(|c| ClauseView {
                id: c.id.clone(),
                title: c.title.clone(),
                text: c.text.clone(),
                source: c.source.clone(),
            })
            .collect(),
        obligations: ag
            .obligations
            .iter()
            .map(|o| ObligationView {
                id: o.id.clone(),
                kind: o.kind,
                strength: o.strength,
                bearers: o.bearer.iter().map(party).collect(),
                beneficiaries: o.beneficiary.iter().map(party).collect(),
                trigger: o.trigger,
                clause: o.clause.clone(),
                when: o.when.as_ref().map(|c| c.to_string()),
                phase: o.phase.clone(),
                contribution: o.contribution.clone(),
                note: o.note.clone(),
                source: o.source.clone(),
            })
            .collect(),
        contributions: pools(ag),
        linked: ag.linked.clone(),
        mechanisms: ag.mechanisms.clone(),
        note: ag.note.clone(),
        source: ag.source.clone(),
    }
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let sc = session.scenario();
    let given = query.as_of.as_deref().map(parse_date).transpose()?;
    let date = session.as_of(given);
    let Some(ag) = sc.agreement(query.id.trim()) else {
        return Err(ApiError::usage(
            "unknown-agreement",
            format!("no agreement `{}` in the scenario", query.id),
        )
        .with_hint(
            did_you_mean(&query.id, sc.agreements.iter().map(|a| a.id.as_str()))
                .unwrap_or_else(|| "`entente list agreements` lists them".into()),
        ));
    };
    Ok(view(ag, date))
}
