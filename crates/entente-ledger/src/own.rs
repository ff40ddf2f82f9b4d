//! What binds a state without binding it towards anyone, and what would bind but does not yet
//! (M16, M18). `restraints`: the neutrality a state has written into its own law (legal form
//! `constitutional_law` or `domestic_law`) — stay neutral, join no alliance, admit no foreign
//! troops — in force on a date, each with what breaks it: the state's full membership of an
//! institution of kind `alliance` on that date (an accession breaks it). `pending`: the
//! obligations of agreements signed but not in force on a date, with what each waits for, so an
//! answer can show them instead of leaving them silently out (Luxembourg's and Greece's
//! agreements with Ukraine, awaiting ratification).

use entente_scenario::{ObligationKind, Party, Scenario};
use jiff::civil::Date;
use serde::Serialize;

use crate::obligations::source_of;

/// A restraint a state puts on itself in its own law.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Restraint {
    /// The state.
    pub state: String,
    /// Agreement id (the law, recorded as an agreement of one party).
    pub agreement: String,
    /// Its name.
    pub agreement_name: String,
    /// Obligation id.
    pub obligation: String,
    /// Kind: neutrality, non_accession or no_deployment.
    pub kind: ObligationKind,
    /// Legal form (constitutional_law or domestic_law).
    pub legal_form: Option<entente_scenario::LegalForm>,
    /// Clause id.
    pub clause: Option<String>,
    /// Clause title (e.g. "Article 11").
    pub clause_title: Option<String>,
    /// Alliances the state is a full member of on the date: each breaks the restraint (for
    /// kinds neutrality and non_accession).
    pub broken_by: Vec<String>,
    /// Source of the clause, else of the obligation, else of the law.
    pub source: Option<String>,
}

/// An obligation of an agreement signed but not in force.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Pending {
    /// Agreement id.
    pub agreement: String,
    /// Agreement name.
    pub agreement_name: String,
    /// Obligation id.
    pub obligation: String,
    /// Kind.
    pub kind: ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// What sets it off.
    pub trigger: Option<entente_scenario::Trigger>,
    /// Legal form.
    pub legal_form: Option<entente_scenario::LegalForm>,
    /// Its bearers (actor ids; "members of ID" expanded as of the date).
    pub bearers: Vec<String>,
    /// Its beneficiaries, expanded the same way.
    pub beneficiaries: Vec<String>,
    /// Signed on.
    #[schemars(with = "Option<String>")]
    pub signed: Option<Date>,
    /// What it waits for, in words.
    pub waits_for: String,
    /// Source.
    pub source: Option<String>,
}

fn actors(
    sc: &Scenario,
    ag: &entente_scenario::Agreement,
    ps: &[Party],
    date: Date,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !out.iter().any(|x| x == s) {
            out.push(s.to_string());
        }
    };
    for p in ps {
        match p {
            Party::Actor(a) | Party::Institution(a) => push(a),
            Party::MembersOf(i, d) => {
                if let Some(inst) = sc.institution(i) {
                    for m in inst.members_on(d.unwrap_or(date)) {
                        push(m);
                    }
                }
            }
            Party::Parties => {
                for q in &ag.parties {
                    if let Party::Actor(a) | Party::Institution(a) = q {
                        push(a);
                    }
                }
            }
        }
    }
    out
}

/// Every restraint states have put on themselves in their own law, in force on `date`, by state
/// then agreement.
pub fn restraints(sc: &Scenario, date: Date) -> Vec<Restraint> {
    let alliances: Vec<&entente_scenario::Institution> = sc
        .institutions
        .iter()
        .filter(|i| i.kind.as_deref() == Some("alliance"))
        .collect();
    let mut out = Vec::new();
    for ag in &sc.agreements {
        if !ag.legal_form.is_some_and(|f| f.is_own_law()) {
            continue;
        }
        if !matches!(ag.status_on(date), "in_force" | "breached") {
            continue;
        }
        for o in &ag.obligations {
            if !matches!(
                o.kind,
                ObligationKind::Neutrality
                    | ObligationKind::NonAccession
                    | ObligationKind::NoDeployment
            ) {
                continue;
            }
            for state in actors(sc, ag, &o.bearer, date) {
                let broken_by = if o.kind == ObligationKind::NoDeployment {
                    Vec::new()
                } else {
                    alliances
                        .iter()
                        .filter(|i| {
                            i.status_of(&state, date) == Some(entente_scenario::Status::Member)
                        })
                        .map(|i| i.id.clone())
                        .collect()
                };
                out.push(Restraint {
                    state,
                    agreement: ag.id.clone(),
                    agreement_name: ag.name.clone(),
                    obligation: o.id.clone(),
                    kind: o.kind,
                    legal_form: ag.legal_form,
                    clause: o.clause.clone(),
                    clause_title: o
                        .clause
                        .as_ref()
                        .and_then(|c| ag.clauses.iter().find(|x| &x.id == c))
                        .map(|c| c.title.clone()),
                    broken_by,
                    source: source_of(ag, o),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.state, &a.agreement, &a.obligation).cmp(&(&b.state, &b.agreement, &b.obligation))
    });
    out
}

/// Every obligation of an agreement signed but not in force on `date`, in scenario order.
pub fn pending(sc: &Scenario, date: Date) -> Vec<Pending> {
    let mut out = Vec::new();
    for ag in &sc.agreements {
        let Some(waits_for) = ag.waits_for(date) else {
            continue;
        };
        for o in &ag.obligations {
            out.push(Pending {
                agreement: ag.id.clone(),
                agreement_name: ag.name.clone(),
                obligation: o.id.clone(),
                kind: o.kind,
                strength: o.strength,
                trigger: o.trigger,
                legal_form: ag.legal_form,
                bearers: actors(sc, ag, &o.bearer, date),
                beneficiaries: actors(sc, ag, &o.beneficiary, date),
                signed: ag.dates.get("signed").copied(),
                waits_for: waits_for.clone(),
                source: source_of(ag, o),
            });
        }
    }
    out
}
