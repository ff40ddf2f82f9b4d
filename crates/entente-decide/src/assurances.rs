//! Assurances against enlargement that bear on an accession (M16, M22): when a staged procedure
//! admits a subject to an institution, every agreement of the scenario with a `no_enlargement`
//! obligation borne by that institution, its members or one of them, covering the subject (no
//! zone, or a zone the subject is in), whatever its status — with its legal form, its status on
//! the date and whether it binds, so that a claim about it (the verbal assurances of 1990) can be
//! answered exactly: spoken, never codified, never binding.

use entente_scenario::{Agreement, LegalForm, ObligationKind, Party, Scenario};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

/// An assurance against enlargement that concerns an accession.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Assurance {
    /// Agreement id.
    pub agreement: String,
    /// Agreement name.
    pub name: String,
    /// Obligation id.
    pub obligation: String,
    /// Legal form of the agreement (verbal assurance, political declaration, treaty...).
    pub legal_form: Option<LegalForm>,
    /// Its status on the date.
    pub status: String,
    /// Whether it binds on the date: in force (or breached) and in a binding legal form (a
    /// treaty or an executive agreement).
    pub binding: bool,
    /// Who gave it, as written (actor ids, institution ids, "members of ID").
    pub bearers: Vec<String>,
    /// To whom.
    pub beneficiaries: Vec<String>,
    /// The agreement's note.
    pub note: Option<String>,
    /// Source of the obligation, else of the agreement.
    pub source: Option<String>,
}

fn party(p: &Party) -> String {
    match p {
        Party::Actor(a) | Party::Institution(a) => a.clone(),
        Party::MembersOf(i, None) => format!("members of {i}"),
        Party::MembersOf(i, Some(d)) => format!("members of {i} as of {d}"),
        Party::Parties => "parties".into(),
    }
}

/// Whether a legal form binds in international law.
fn binding_form(f: Option<LegalForm>) -> bool {
    matches!(f, Some(LegalForm::Treaty | LegalForm::ExecutiveAgreement))
}

fn borne_by(sc: &Scenario, ag: &Agreement, bearers: &[Party], inst: &str, date: Date) -> bool {
    let members = sc
        .institution(inst)
        .map(|i| i.members_on(date))
        .unwrap_or_default();
    let member = |a: &str| members.binary_search(&a).is_ok();
    bearers.iter().any(|p| match p {
        Party::Actor(a) => member(a),
        Party::Institution(i) | Party::MembersOf(i, _) => i == inst,
        Party::Parties => ag.parties.iter().any(|q| match q {
            Party::Actor(a) => member(a),
            Party::Institution(i) | Party::MembersOf(i, _) => i == inst,
            Party::Parties => false,
        }),
    })
}

/// The assurances against enlargement of `institution` that concern `subject` on `date`.
pub fn assurances(sc: &Scenario, institution: &str, subject: &str, date: Date) -> Vec<Assurance> {
    let mut out = Vec::new();
    for ag in &sc.agreements {
        for o in &ag.obligations {
            if o.kind != ObligationKind::NoEnlargement {
                continue;
            }
            let covers = o.zone.as_ref().is_none_or(|z| {
                sc.zone(z)
                    .is_some_and(|z| z.members.iter().any(|m| m == subject))
            });
            if !covers || !borne_by(sc, ag, &o.bearer, institution, date) {
                continue;
            }
            let status = ag.status_on(date).to_string();
            out.push(Assurance {
                agreement: ag.id.clone(),
                name: ag.name.clone(),
                obligation: o.id.clone(),
                legal_form: ag.legal_form,
                binding: matches!(status.as_str(), "in_force" | "breached")
                    && binding_form(ag.legal_form),
                status,
                bearers: o.bearer.iter().map(party).collect(),
                beneficiaries: o.beneficiary.iter().map(party).collect(),
                note: ag.note.clone(),
                source: o.source.clone().or_else(|| ag.source.clone()),
            });
        }
    }
    out
}
