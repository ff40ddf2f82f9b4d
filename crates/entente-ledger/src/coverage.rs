//! Defence coverage and the grey zone (M6, M14, M16): for every state, the commitments others
//! have made to come to its aid that bind on a date, the strongest of them, from whom, whether a
//! guarantor is nuclear-armed (attribute `warheads` > 0; an institution counts as nuclear-armed
//! when one of its full members is), the legal form, and whether the state is in the grey zone.
//!
//! A commitment is an obligation of a binding agreement whose beneficiaries include the state,
//! whose bearers include someone else, of a kind that helps a victim (defence, guarantee,
//! assistance, supply, training, funding, consultation, monitoring, peace force), set off by an
//! attack, a threat, a ceasefire violation or a breach (a guarantee of a ceasefire is a
//! commitment to its beneficiary from the day the ceasefire binds), or standing, and whose
//! phase and condition are known to hold. A *binding defence commitment* is one of kind
//! `defence` or `guarantee` that commits to more than consulting, funding or supplying, or any
//! of strength `automatic` or `as_deemed_necessary`, in an agreement whose legal form is a
//! treaty or an executive agreement. A state with none is in the grey zone, whatever weaker
//! commitments it holds.

use std::sync::Arc;

use entente_scenario::{ActorKind, LegalForm, ObligationKind, Scenario, Strength};
use jiff::civil::Date;
use serde::Serialize;

use crate::obligations::{kind_rank, source_of, strength_rank};
use crate::truth::Truth;
use crate::world::{Index, World};

/// One commitment a state holds.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Commitment {
    /// Agreement id.
    pub agreement: String,
    /// Agreement name.
    pub agreement_name: String,
    /// Obligation id.
    pub obligation: String,
    /// Clause id.
    pub clause: Option<String>,
    /// Kind.
    pub kind: entente_scenario::ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// Legal form of the agreement.
    pub legal_form: Option<entente_scenario::LegalForm>,
    /// The agreement's status: in_force or breached, or signed (not yet in force: listed,
    /// never binding).
    pub status: String,
    /// Whether it is a binding defence commitment.
    pub binding_defence: bool,
    /// Who has committed (bearers other than the state).
    pub guarantors: Vec<Arc<str>>,
    /// Guarantors that are nuclear-armed.
    pub nuclear_guarantors: Vec<Arc<str>>,
    /// What sets it off.
    pub trigger: Option<entente_scenario::Trigger>,
    /// Source.
    pub source: Option<String>,
}

/// A state's coverage.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StateCoverage {
    /// State id.
    pub state: String,
    /// Name.
    pub name: String,
    /// The strongest commitment, if any.
    pub strongest: Option<Commitment>,
    /// Whether a guarantor of the strongest commitment is nuclear-armed.
    pub nuclear_guarantor: bool,
    /// No binding defence commitment from anyone.
    pub grey_zone: bool,
    /// Every commitment, strongest first.
    pub commitments: Vec<Commitment>,
}

/// Coverage of every state on a date.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Coverage {
    /// Date.
    #[schemars(with = "String")]
    pub date: Date,
    /// One row per state, by id.
    pub states: Vec<StateCoverage>,
}

/// Whether an obligation of this kind helps its beneficiary (and so counts for coverage).
fn helping(k: ObligationKind) -> bool {
    use ObligationKind as K;
    match k {
        K::Defence
        | K::Guarantee
        | K::Assistance
        | K::Supply
        | K::Training
        | K::Funding
        | K::Consultation
        | K::Monitoring
        | K::PeaceForce => true,
        K::Offence
        | K::Neutrality
        | K::NonAggression
        | K::ForceLimit
        | K::NoEnlargement
        | K::NoDeployment
        | K::Demilitarisation
        | K::SanctionsRelief
        | K::AssetRelease
        | K::NonAccession
        | K::Ceasefire
        | K::Sanctions
        | K::Cession => false,
    }
}

fn binding_form(f: Option<LegalForm>) -> bool {
    match f {
        Some(LegalForm::Treaty | LegalForm::ExecutiveAgreement) => true,
        Some(
            LegalForm::PoliticalDeclaration
            | LegalForm::VerbalAssurance
            | LegalForm::ConstitutionalLaw
            | LegalForm::DomesticLaw,
        )
        | None => false,
    }
}

/// Whether an obligation is a binding defence commitment: a defence obligation or a guarantee
/// that commits to more than consulting, funding or supplying (or any obligation of strength
/// automatic or as_deemed_necessary), in a binding legal form.
pub fn is_binding_defence(
    kind: ObligationKind,
    strength: Option<Strength>,
    legal_form: Option<LegalForm>,
) -> bool {
    use Strength as S;
    let weak = matches!(
        strength,
        Some(S::Consult | S::Monitor | S::Refrain | S::Limit | S::Fund | S::Supply)
    );
    ((matches!(kind, ObligationKind::Defence | ObligationKind::Guarantee) && !weak)
        || matches!(strength, Some(S::Automatic | S::AsDeemedNecessary)))
        && binding_form(legal_form)
}

fn nuclear(ix: &Index<'_>, w: &World, id: &str) -> bool {
    let armed = |a: &str| {
        ix.sc
            .actor(a)
            .and_then(|x| x.attributes.get("warheads"))
            .is_some_and(|v| *v > 0.0)
    };
    if armed(id) {
        return true;
    }
    ix.institution(id)
        .is_some_and(|k| w.members(k).iter().any(|m| armed(m)))
}

fn rank(c: &Commitment) -> (bool, bool, u8, u8, bool, bool, usize) {
    (
        c.binding_defence,
        c.status != "signed",
        strength_rank(c.strength),
        kind_rank(c.kind),
        binding_form(c.legal_form),
        !c.nuclear_guarantors.is_empty(),
        c.guarantors.len(),
    )
}

/// Coverage in a world, of every state (or of the states of `zone`).
pub fn coverage_in(ix: &Index<'_>, w: &World, zone: Option<&str>) -> Coverage {
    let sc = ix.sc;
    let zone = zone.and_then(|z| sc.zone(z));
    let states: Vec<&entente_scenario::Actor> = sc
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::State)
        .filter(|a| zone.is_none_or(|z| z.members.contains(&a.id)))
        .collect();
    let mut per: Vec<Vec<Commitment>> = vec![Vec::new(); states.len()];
    for (ai, ag) in sc.agreements.iter().enumerate() {
        // Agreements signed but not yet in force are listed (below those in force), never as
        // binding.
        let binding = w.binding(ix, ai);
        if !binding && w.status(ix, ai) != "signed" {
            continue;
        }
        for (oi, o) in ag.obligations.iter().enumerate() {
            if !helping(o.kind) || o.beneficiary.is_empty() {
                continue;
            }
            if binding && w.obligation(ix, ai, oi, None) != Truth::True {
                continue;
            }
            if !binding && (o.when.is_some() || o.phase.is_some()) {
                continue;
            }
            let beneficiaries = w.expand_all(ix, ai, &o.beneficiary);
            let bearers: Vec<Arc<str>> = w
                .expand_all(ix, ai, &o.bearer)
                .into_iter()
                .map(Arc::from)
                .collect();
            let armed: Vec<bool> = bearers.iter().map(|g| nuclear(ix, w, g)).collect();
            for b in &beneficiaries {
                let Ok(si) = states.binary_search_by(|s| s.id.as_str().cmp(b)) else {
                    continue;
                };
                let guarantors: Vec<Arc<str>> = bearers
                    .iter()
                    .filter(|g| &***g != b.as_str())
                    .cloned()
                    .collect();
                if guarantors.is_empty() {
                    continue;
                }
                let nuclear_guarantors = bearers
                    .iter()
                    .zip(&armed)
                    .filter(|(g, a)| **a && &***g != b.as_str())
                    .map(|(g, _)| g.clone())
                    .collect();
                per[si].push(Commitment {
                    agreement: ag.id.clone(),
                    agreement_name: ag.name.clone(),
                    obligation: o.id.clone(),
                    clause: o.clause.clone(),
                    kind: o.kind,
                    strength: o.strength,
                    legal_form: ag.legal_form,
                    status: w.status(ix, ai).to_string(),
                    binding_defence: binding
                        && is_binding_defence(o.kind, o.strength, ag.legal_form),
                    guarantors,
                    nuclear_guarantors,
                    trigger: o.trigger,
                    source: source_of(ag, o),
                });
            }
        }
    }
    let states = states
        .iter()
        .zip(per)
        .map(|(s, mut cs)| {
            cs.sort_by(|a, b| {
                rank(b)
                    .cmp(&rank(a))
                    .then_with(|| a.agreement.cmp(&b.agreement))
                    .then_with(|| a.obligation.cmp(&b.obligation))
            });
            let strongest = cs.first().cloned();
            StateCoverage {
                state: s.id.clone(),
                name: s.name.clone(),
                nuclear_guarantor: strongest
                    .as_ref()
                    .is_some_and(|c| !c.nuclear_guarantors.is_empty()),
                grey_zone: !cs.iter().any(|c| c.binding_defence),
                strongest,
                commitments: cs,
            }
        })
        .collect();
    Coverage {
        date: w.date,
        states,
    }
}

/// Coverage of every state (or of the states of `zone`) as of `date`, from the scenario alone.
pub fn coverage(sc: &Scenario, date: Date, zone: Option<&str>) -> Coverage {
    let ix = Index::new(sc);
    coverage_in(&ix, &World::at(&ix, date), zone)
}
