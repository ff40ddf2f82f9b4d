//! Who must act when something happens (M5, M6, M7, M25, M28): for an [`Incident`] at a date,
//! every party bound by an agreement that binds on that date, with the agreement, clause and
//! source, the kind of obligation (the ATOP types defence, offence, neutrality, non-aggression,
//! consultation, plus assistance, supply, funding and the others of the format), its strength,
//! every check it depends on and whether it holds (trigger, territorial scope as in Art. 6 of the
//! North Atlantic Treaty, a named adversary, phase, condition), and conflicts: a party bound to
//! act for the victim and also bound by a non-aggression or neutrality obligation towards the
//! attacker, where the two really collide ([`collides`]) and the attacker has not itself broken
//! the agreement that restrains the party. Only an agreement that binds can be broken: an event
//! naming one only proposed or signed breaks nothing and is explained in `notes`. Obligations that do not apply are kept with the reason, so the answer can say why
//! an attack on forces south of the Tropic of Cancer obliges nobody.
//!
//! How incident kinds meet triggers (M28): an armed attack sets off obligations triggered by an
//! armed attack, a limited incursion or a threat; an attack on forces abroad counts as an armed
//! attack subject to the obligation's zone (Art. 6); a hybrid attack or a limited incursion sets
//! off its own triggers and threats (consultation, Art. 4), while an obligation triggered by an
//! armed attack is then `unknown`: whether it amounts to an armed attack is for the parties to
//! judge. A breach or a ceasefire violation sets off obligations triggered by a breach of the
//! same (or a linked) agreement.

use entente_scenario::{
    Agreement, AgreementKind, Obligation, ObligationKind, Scenario, Strength, Trigger,
};
use jiff::civil::Date;
use serde::Serialize;

use crate::incident::{Incident, IncidentKind};
use crate::truth::Truth;
use crate::world::{Atom, Index, World};

/// One check an obligation depends on.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Check {
    /// What is checked: trigger, beneficiary, adversary, zone, phase, condition.
    pub what: &'static str,
    /// Whether it holds.
    pub holds: Truth,
    /// Why, in words.
    pub detail: String,
    /// Source of the rule checked, when there is one.
    pub source: Option<String>,
}

/// A conflicting obligation of a bearer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Conflict {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id.
    pub obligation: String,
    /// Clause id.
    pub clause: Option<String>,
    /// Kind (non_aggression or neutrality).
    pub kind: entente_scenario::ObligationKind,
    /// Towards whom.
    pub towards: String,
    /// Source.
    pub source: Option<String>,
}

/// One party's obligation to act.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Duty {
    /// Who must act.
    pub bearer: String,
    /// For whom.
    pub beneficiary: String,
    /// Agreement id.
    pub agreement: String,
    /// Agreement name.
    pub agreement_name: String,
    /// Obligation id within the agreement.
    pub obligation: String,
    /// Clause id.
    pub clause: Option<String>,
    /// Clause title (e.g. "Article 5").
    pub clause_title: Option<String>,
    /// Kind of obligation.
    pub kind: entente_scenario::ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// Legal form of the agreement (M16).
    pub legal_form: Option<entente_scenario::LegalForm>,
    /// Whether it applies: true, or unknown when a check is unknown.
    pub applies: Truth,
    /// The checks it depends on.
    pub checks: Vec<Check>,
    /// The atoms of its condition, with their values.
    pub conditions: Vec<Atom>,
    /// Conflicting obligations of the same bearer.
    pub conflicts: Vec<Conflict>,
    /// Source of the clause (else of the obligation, else of the agreement).
    pub source: Option<String>,
}

/// An obligation that would answer this kind of event but does not apply, and why.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NotApplying {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id.
    pub obligation: String,
    /// Clause id.
    pub clause: Option<String>,
    /// Kind.
    pub kind: entente_scenario::ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// The checks, at least one of them false.
    pub checks: Vec<Check>,
    /// Source.
    pub source: Option<String>,
}

/// An obligation the incident itself breaks.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Broken {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id (empty when the agreement as a whole is named).
    pub obligation: String,
    /// Clause id.
    pub clause: Option<String>,
    /// Kind.
    pub kind: String,
    /// Who breaks it.
    pub by: String,
    /// Source.
    pub source: Option<String>,
}

/// The answer to "who must act?".
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Answer {
    /// The incident.
    pub incident: Incident,
    /// The date asked about.
    #[schemars(with = "String")]
    pub date: Date,
    /// Every party obliged, strongest first.
    pub duties: Vec<Duty>,
    /// Obligations that answer this kind of event but do not apply, with the reason.
    pub not_applying: Vec<NotApplying>,
    /// Obligations the incident itself breaks.
    pub broken: Vec<Broken>,
    /// Whether any collective-defence obligation (kind `defence`) applies.
    pub collective_defence: bool,
    /// What else the answer rests on (an agreement named by the event that binds no one).
    pub notes: Vec<String>,
}

/// Rank of a strength: higher is stronger.
pub fn strength_rank(s: Option<Strength>) -> u8 {
    Strength::rank(s)
}

/// Rank of an obligation kind as a defence commitment: higher is stronger.
pub fn kind_rank(k: ObligationKind) -> u8 {
    use ObligationKind as K;
    match k {
        K::Defence => 9,
        K::Guarantee => 8,
        K::Assistance => 7,
        K::Supply | K::Training => 6,
        K::Funding => 5,
        K::Consultation => 4,
        K::Monitoring | K::PeaceForce => 3,
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
        | K::Cession => 0,
    }
}

/// The source to cite for an obligation: its clause's, else its own, else its agreement's.
pub fn source_of(ag: &Agreement, o: &Obligation) -> Option<String> {
    o.clause
        .as_ref()
        .and_then(|c| ag.clauses.iter().find(|x| &x.id == c))
        .and_then(|c| c.source.clone())
        .or_else(|| o.source.clone())
        .or_else(|| ag.source.clone())
}

fn clause_title(ag: &Agreement, o: &Obligation) -> Option<String> {
    o.clause
        .as_ref()
        .and_then(|c| ag.clauses.iter().find(|x| &x.id == c))
        .map(|c| c.title.clone())
}

fn linked(sc: &Scenario, a: &str, b: &str) -> bool {
    a == b
        || sc
            .agreement(a)
            .is_some_and(|x| x.linked.iter().any(|l| l == b))
        || sc
            .agreement(b)
            .is_some_and(|x| x.linked.iter().any(|l| l == a))
}

/// How an incident meets an obligation's trigger.
fn trigger(inc: &Incident, t: Trigger) -> Option<(Truth, &'static str)> {
    use IncidentKind::*;
    use Trigger as T;
    let yes = Some((Truth::True, "the event is of the kind that sets it off"));
    match (inc.kind, t) {
        (ArmedAttack, T::ArmedAttack | T::LimitedIncursion | T::Threat) => yes,
        (AttackOnForcesAbroad, T::AttackOnForcesAbroad | T::ArmedAttack | T::Threat) => yes,
        (LimitedIncursion | HybridAttack, T::Threat) => yes,
        (LimitedIncursion, T::LimitedIncursion) | (HybridAttack, T::HybridAttack) => yes,
        (LimitedIncursion, T::ArmedAttack) => Some((
            Truth::Unknown,
            "whether a limited incursion amounts to an armed attack is for the parties to judge",
        )),
        (HybridAttack, T::ArmedAttack) => Some((
            Truth::Unknown,
            "a hybrid attack counts as an armed attack only if the parties so decide",
        )),
        _ => None,
    }
}

/// Whether a place (actor or zone) lies within a zone: a member state of a region, a zone whose
/// states are all the region's, or a place declared within the zone (an area is a place of its
/// own: a state is never inside one). See [`Scenario::lies_within`].
pub fn place_within(sc: &Scenario, place: &str, zone: &str) -> bool {
    sc.lies_within(place, zone)
}

/// What a restraint forbids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Means {
    /// The threat or use of force (the default).
    Force,
    /// The use of nuclear weapons only.
    Nuclear,
    /// Economic coercion only.
    Economic,
}

/// What a non-aggression or ceasefire obligation forbids, read from its id (the scenario format
/// has no field for it): an id naming `nuclear` forbids only the use of nuclear weapons, one
/// naming `economic` or `coercion` only economic coercion; any other the use of force. Every
/// incident the ledger knows is a conventional one, so it breaks only restraints on force.
pub fn restrained_means(o: &Obligation) -> Means {
    let id = o.id.to_lowercase();
    if id.contains("nuclear") {
        Means::Nuclear
    } else if id.contains("economic") || id.contains("coercion") {
        Means::Economic
    } else {
        Means::Force
    }
}

/// Whether a duty to act really collides with a restraint towards the attacker: neutrality
/// forbids any help to the victim against it; non-aggression forbids only force, so it collides
/// with a duty that may call for force (defence, offence, a guarantee) and not with consulting,
/// funding, supplying or assisting.
pub fn collides(
    restraint: ObligationKind,
    kind: ObligationKind,
    strength: Option<Strength>,
) -> bool {
    use Strength as S;
    match restraint {
        ObligationKind::Neutrality => true,
        ObligationKind::NonAggression => {
            matches!(
                kind,
                ObligationKind::Defence | ObligationKind::Offence | ObligationKind::Guarantee
            ) && !matches!(
                strength,
                Some(S::Consult | S::Monitor | S::Fund | S::Supply | S::Refrain | S::Limit)
            )
        }
        _ => false,
    }
}

/// Every party obliged to act on `inc`, in the world `w`.
pub fn obligations(ix: &Index<'_>, w: &World, inc: &Incident) -> Answer {
    let sc = ix.sc;
    let mut duties = Vec::new();
    let mut not_applying = Vec::new();
    let mut broken = Vec::new();
    // The ceasefires a violation concerns.
    let mut notes = Vec::new();
    let ceasefires: Vec<usize> = match (&inc.kind, &inc.agreement) {
        (IncidentKind::CeasefireViolation | IncidentKind::Breach, Some(a)) => {
            // Only an agreement that binds on the date can be broken; one only proposed or
            // signed binds no one.
            let named: Vec<usize> = ix.agreement(a).into_iter().collect();
            for &i in &named {
                if !w.binding(ix, i) {
                    notes.push(format!(
                        "`{a}` is {} on {}, not in force: it binds no one, so the event breaks nothing and sets nothing off",
                        w.status(ix, i),
                        w.date
                    ));
                }
            }
            named.into_iter().filter(|&i| w.binding(ix, i)).collect()
        }
        (IncidentKind::CeasefireViolation, None) => (0..sc.agreements.len())
            .filter(|&i| {
                sc.agreements[i].kind == AgreementKind::Ceasefire
                    && w.binding(ix, i)
                    && w.covers_any(ix, i, &sc.agreements[i].parties, &inc.actor)
            })
            .collect(),
        _ => Vec::new(),
    };
    for (ai, ag) in sc.agreements.iter().enumerate() {
        // An agreement signed but not in force binds no one yet; its obligations are listed as
        // not applying, with that reason.
        let binding = w.binding(ix, ai);
        if !binding && w.status(ix, ai) != "signed" {
            continue;
        }
        for (oi, o) in ag.obligations.iter().enumerate() {
            if !binding && !inc.kind.is_attack() {
                continue;
            }
            // What the incident itself breaks.
            if binding && inc.kind.is_attack() {
                let victim = inc.subject.as_deref().unwrap_or("");
                let protective = matches!(o.kind.as_str(), "non_aggression" | "ceasefire")
                    && restrained_means(o) == Means::Force;
                if protective
                    && w.covers_any(ix, ai, &o.bearer, &inc.actor)
                    && (o.beneficiary.is_empty() || w.covers_any(ix, ai, &o.beneficiary, victim))
                    && w.obligation(ix, ai, oi, None) != Truth::False
                {
                    broken.push(Broken {
                        agreement: ag.id.clone(),
                        obligation: o.id.clone(),
                        clause: o.clause.clone(),
                        kind: o.kind.to_string(),
                        by: inc.actor.clone(),
                        source: source_of(ag, o),
                    });
                }
            }
            let Some(t) = o.trigger else {
                continue;
            };
            let mut checks = Vec::new();
            if !binding {
                checks.push(Check {
                    what: "status",
                    holds: Truth::False,
                    detail: format!(
                        "`{}` is signed{} but not in force (awaiting ratification)",
                        ag.id,
                        ag.dates
                            .get("signed")
                            .map(|d| format!(" on {d}"))
                            .unwrap_or_default()
                    ),
                    source: ag.source.clone(),
                });
            }
            // An obligation set off by any threat gives way to one of the same clause and kind
            // written for this very kind of event (NATO Art. 4 after a hybrid attack): the
            // clause is listed once.
            let own = match inc.kind {
                IncidentKind::HybridAttack => Some(Trigger::HybridAttack),
                IncidentKind::LimitedIncursion => Some(Trigger::LimitedIncursion),
                _ => None,
            };
            if t == Trigger::Threat
                && own.is_some()
                && ag.obligations.iter().any(|p| {
                    p.trigger == own && p.clause == o.clause && p.kind == o.kind && p.id != o.id
                })
            {
                continue;
            }
            let (tv, detail) = if inc.kind.is_attack() {
                match trigger(inc, t) {
                    Some(x) => x,
                    None => continue,
                }
            } else {
                let hit = ceasefires
                    .iter()
                    .any(|&c| linked(sc, &sc.agreements[c].id, &ag.id));
                let kind_ok = match inc.kind {
                    IncidentKind::Breach => {
                        t == Trigger::Breach
                            || (t == Trigger::CeasefireViolation
                                && ceasefires
                                    .iter()
                                    .any(|&c| sc.agreements[c].kind == AgreementKind::Ceasefire))
                    }
                    _ => matches!(t, Trigger::Breach | Trigger::CeasefireViolation),
                };
                if !(hit && kind_ok) {
                    continue;
                }
                (
                    Truth::True,
                    "a breach of this agreement (or one linked to it) sets it off",
                )
            };
            checks.push(Check {
                what: "trigger",
                holds: tv,
                detail: format!("trigger `{t}`, event `{}`: {detail}", inc.kind.as_str()),
                source: None,
            });
            // Beneficiaries.
            let beneficiaries: Vec<String> = match &inc.subject {
                Some(v) if inc.kind.is_attack() => {
                    if !w.covers_any(ix, ai, &o.beneficiary, v) {
                        continue;
                    }
                    vec![v.clone()]
                }
                _ => {
                    let mut b = w.expand_all(ix, ai, &o.beneficiary);
                    b.retain(|x| x != &inc.actor);
                    if b.is_empty() {
                        b.push(String::new());
                    }
                    b
                }
            };
            if !o.adversary.is_empty() {
                let ok = o.adversary.iter().any(|a| a == &inc.actor);
                checks.push(Check {
                    what: "adversary",
                    holds: Truth::from_bool(ok),
                    detail: format!(
                        "only against {}; the actor is {}",
                        o.adversary.join(", "),
                        inc.actor
                    ),
                    source: source_of(ag, o),
                });
            }
            if let (Some(z), true) = (&o.zone, inc.kind.is_attack()) {
                let zsrc = sc.zone(z).and_then(|x| x.source.clone());
                let (ok, what) = match &inc.place {
                    Some(p) if inc.kind == IncidentKind::AttackOnForcesAbroad => {
                        (place_within(sc, p, z), format!("forces attacked in `{p}`"))
                    }
                    _ => {
                        let v = inc.subject.as_deref().unwrap_or("");
                        (place_within(sc, v, z), format!("territory of `{v}`"))
                    }
                };
                checks.push(Check {
                    what: "zone",
                    holds: Truth::from_bool(ok),
                    detail: format!(
                        "{what} {} zone `{z}`",
                        if ok { "lies within" } else { "is outside" }
                    ),
                    source: zsrc,
                });
            }
            if let Some(p) = ix.ob_phase[ai][oi] {
                let open = matches!(w.phase(ai, p), crate::world::PhaseState::Open(_));
                checks.push(Check {
                    what: "phase",
                    holds: Truth::from_bool(open),
                    detail: format!(
                        "phase `{}` {}",
                        ag.phases.get(p).map_or("?", |x| x.id.as_str()),
                        if open { "is open" } else { "is not open" }
                    ),
                    source: ag.phases.get(p).and_then(|x| x.source.clone()),
                });
            }
            let mut atoms = Vec::new();
            let standing = w.obligation(ix, ai, oi, Some(&mut atoms));
            if let Some(c) = &o.when {
                checks.push(Check {
                    what: "condition",
                    holds: standing,
                    detail: c.to_string(),
                    source: o.source.clone(),
                });
            } else if standing == Truth::False && ix.ob_phase[ai][oi].is_none() {
                checks.push(Check {
                    what: "duration",
                    holds: Truth::False,
                    detail: "the obligation's duration has run out".into(),
                    source: o.source.clone(),
                });
            }
            let applies = checks.iter().fold(Truth::True, |acc, c| acc.and(c.holds));
            if applies == Truth::False {
                not_applying.push(NotApplying {
                    agreement: ag.id.clone(),
                    obligation: o.id.clone(),
                    clause: o.clause.clone(),
                    kind: o.kind,
                    strength: o.strength,
                    checks,
                    source: source_of(ag, o),
                });
                continue;
            }
            let mut bearers = w.expand_all(ix, ai, &o.bearer);
            bearers.retain(|b| b != &inc.actor && Some(b) != inc.subject.as_ref());
            for b in bearers {
                for ben in &beneficiaries {
                    if ben == &b {
                        continue;
                    }
                    duties.push(Duty {
                        bearer: b.clone(),
                        beneficiary: ben.clone(),
                        agreement: ag.id.clone(),
                        agreement_name: ag.name.clone(),
                        obligation: o.id.clone(),
                        clause: o.clause.clone(),
                        clause_title: clause_title(ag, o),
                        kind: o.kind,
                        strength: o.strength,
                        legal_form: ag.legal_form,
                        applies,
                        checks: checks.clone(),
                        conditions: atoms.clone(),
                        conflicts: Vec::new(),
                        source: source_of(ag, o),
                    });
                }
            }
        }
    }
    if inc.kind == IncidentKind::Breach || inc.kind == IncidentKind::CeasefireViolation {
        for &c in &ceasefires {
            let ag = &sc.agreements[c];
            let ob = ag.obligations.iter().find(|o| {
                matches!(
                    o.kind,
                    ObligationKind::Ceasefire
                        | ObligationKind::NonAggression
                        | ObligationKind::Demilitarisation
                ) && w.covers_any(ix, c, &o.bearer, &inc.actor)
            });
            broken.push(Broken {
                agreement: ag.id.clone(),
                obligation: ob.map(|o| o.id.clone()).unwrap_or_default(),
                clause: ob.and_then(|o| o.clause.clone()),
                kind: ob.map_or_else(|| ag.kind.to_string(), |o| o.kind.to_string()),
                by: inc.actor.clone(),
                source: ob.map_or_else(|| ag.source.clone(), |o| source_of(ag, o)),
            });
        }
    }
    // Conflicts: bound to act against the attacker and bound not to.
    let acting = [
        "defence",
        "guarantee",
        "assistance",
        "supply",
        "funding",
        "offence",
    ];
    let restraints: Vec<(usize, usize)> = sc
        .agreements
        .iter()
        .enumerate()
        .filter(|(ai, _)| w.binding(ix, *ai))
        // A state's own law (its constitutional neutrality) binds it towards no one: it is shown
        // beside the duties (`own::restraints`), not as a conflict between commitments.
        .filter(|(_, ag)| !ag.legal_form.is_some_and(|f| f.is_own_law()))
        .flat_map(|(ai, ag)| {
            ag.obligations
                .iter()
                .enumerate()
                .filter(|(_, o)| matches!(o.kind.as_str(), "non_aggression" | "neutrality"))
                .map(move |(oi, _)| (ai, oi))
        })
        .filter(|&(ai, oi)| w.obligation(ix, ai, oi, None) != Truth::False)
        .collect();
    // A pact the attacker breaks (by this event or before) no longer binds the others towards
    // it: a material breach by one party lets the others suspend their own performance.
    let released = |ai: usize| {
        broken
            .iter()
            .any(|b| b.agreement == sc.agreements[ai].id && b.by == inc.actor)
            || w.breached_by(ai, &inc.actor)
    };
    // (for a breach or a violation, the party in breach stands for the attacker)
    for d in duties
        .iter_mut()
        .filter(|d| acting.contains(&d.kind.as_str()))
    {
        for &(ai, oi) in &restraints {
            let ag = &sc.agreements[ai];
            let o = &ag.obligations[oi];
            if released(ai) || !collides(o.kind, d.kind, d.strength) {
                continue;
            }
            if w.covers_any(ix, ai, &o.bearer, &d.bearer)
                && (o.beneficiary.is_empty() || w.covers_any(ix, ai, &o.beneficiary, &inc.actor))
            {
                d.conflicts.push(Conflict {
                    agreement: ag.id.clone(),
                    obligation: o.id.clone(),
                    clause: o.clause.clone(),
                    kind: o.kind,
                    towards: inc.actor.clone(),
                    source: source_of(ag, o),
                });
            }
        }
    }
    duties.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.applies),
            std::cmp::Reverse(strength_rank(a.strength)),
            std::cmp::Reverse(kind_rank(a.kind)),
            &a.agreement,
            &a.obligation,
            &a.bearer,
        )
            .cmp(&(
                std::cmp::Reverse(b.applies),
                std::cmp::Reverse(strength_rank(b.strength)),
                std::cmp::Reverse(kind_rank(b.kind)),
                &b.agreement,
                &b.obligation,
                &b.bearer,
            ))
    });
    let collective_defence = duties
        .iter()
        .any(|d| d.kind == ObligationKind::Defence && d.applies == Truth::True);
    Answer {
        incident: inc.clone(),
        date: w.date,
        duties,
        not_applying,
        broken,
        collective_defence,
        notes,
    }
}

/// Who must act on `inc` as of `date`, from the scenario alone.
pub fn who_must_act(sc: &Scenario, inc: &Incident, date: Date) -> Answer {
    let ix = Index::new(sc);
    let w = World::at(&ix, date);
    obligations(&ix, &w, inc)
}
