//! The `compare` question: architectures side by side (M14, M17, M25, M26, M35). For each world,
//! the members of each institution, who can block each decision alone, Coleman's power to act
//! and each member's Banzhaf index for the bodies the report names, the strongest commitment per
//! state and the grey zone, who must act on the report's events, and whether a ceasefire in
//! force carries both guarantees. Every world is built by [`crate::world::world`], the same way
//! every other question builds it.

use std::collections::BTreeMap;

use entente_ledger::{Incident, IncidentKind, Truth, coverage, who_must_act};
use entente_power::{MethodChoice, Options, analyse};
use entente_scenario::architecture::Change;
use entente_scenario::{AgreementKind, ObligationKind, Scenario, Strength};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The architectures, in order (default: `status_quo` and every architecture of the
    /// scenario).
    #[serde(default)]
    pub architectures: Vec<String>,
    /// The date every world is looked at (default: each architecture's own `as_of`, else the
    /// scenario's).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Date>,
}

/// Who can block a decision alone.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Blocking {
    /// The institution.
    pub institution: String,
    /// The decision type.
    pub decision: String,
    /// How many full members vote.
    pub members: usize,
    /// Members who can block alone.
    pub veto_players: Vec<String>,
    /// Why the members who can block cannot be named (then `veto_players` means nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// Voting power in one body.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Power {
    /// The institution.
    pub institution: String,
    /// The decision type.
    pub decision: String,
    /// How many full members vote.
    pub members: usize,
    /// Coleman's power of the collectivity to act.
    pub coleman_act: f64,
    /// Normalised Banzhaf index per member.
    pub banzhaf: BTreeMap<String, f64>,
    /// Whether the figures are exact.
    pub exact: bool,
    /// Why power could not be computed, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One agreement's share of "who must act".
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Obliged {
    /// The agreement (or the report's group label).
    pub agreement: String,
    /// Kind of obligation.
    pub kind: entente_scenario::ObligationKind,
    /// Strength.
    pub strength: Option<entente_scenario::Strength>,
    /// The parties obliged, sorted.
    pub bearers: Vec<String>,
}

/// Who must act on one event.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Event {
    /// How the report names the event.
    pub label: String,
    /// The attacker.
    pub attacker: String,
    /// The state attacked.
    pub target: String,
    /// Date asked about.
    #[schemars(with = "String")]
    pub date: Date,
    /// Whether a collective-defence obligation applies.
    pub collective_defence: bool,
    /// How many distinct parties must act.
    pub parties_obliged: usize,
    /// Obligations that apply, by agreement, strongest first.
    pub obligations: Vec<Obliged>,
}

/// Whether a red line or demand holds in a world.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RedLine {
    /// The party.
    pub party: String,
    /// The red line's id.
    pub id: String,
    /// `true`, `false` or `unknown`.
    pub holds: String,
    /// The change or clause it turns on.
    pub because: String,
    /// `red_line` (what the party refuses) or `demand` (what it asks for).
    pub kind: String,
    /// The settlement whose party states it.
    pub settlement: String,
    /// The condition over a world, as written (empty when only a condition over packages is).
    pub condition: String,
    /// Its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Every party's red lines and demands over a world on a date, in three values, each with the
/// atoms it turned on and, where an agreement makes it hold or fail, the clause and the change of
/// the world that brought that agreement into force.
pub fn red_lines(w: &Scenario, changes: &[Change], date: Date) -> Vec<RedLine> {
    let mut items = Vec::new();
    for s in &w.settlements {
        for p in &s.parties {
            for r in &p.red_lines {
                items.push((s, p, r));
            }
        }
    }
    let conds: Vec<&entente_scenario::cond::Condition> = items
        .iter()
        .filter_map(|(_, _, r)| r.world.as_ref().map(|c| &c.cond))
        .collect();
    let mut values = entente_ledger::evaluate(w, &conds, date).into_iter();
    let mut out = Vec::new();
    for (s, p, r) in items {
        let (holds, because) = match &r.world {
            None => (
                Truth::Unknown,
                "written only over the settlement's packages, not over a world".to_string(),
            ),
            Some(_) => {
                let (v, atoms) = values.next().unwrap_or((Truth::Unknown, Vec::new()));
                let because = atoms
                    .iter()
                    .map(|a| {
                        let mut t = format!("{} is {}", a.atom, a.holds.as_str());
                        if let Some(by) = &a.by {
                            t.push_str(&format!(" by {by}"));
                            let ag = by.split('.').next().unwrap_or(by);
                            if let Some(Change::Agreement { status, basis, .. }) =
                                changes.iter().rev().find(|c| {
                                    matches!(c, Change::Agreement { agreement, .. } if agreement == ag)
                                })
                            {
                                t.push_str(&format!(
                                    " ({ag} {status} from {} in this world: {})",
                                    basis.date,
                                    basis.source.as_deref().unwrap_or(if basis.assumption {
                                        "analyst's assumption"
                                    } else {
                                        "no source"
                                    })
                                ));
                            }
                        }
                        t
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                (v, because)
            }
        };
        out.push(RedLine {
            party: p.actor.clone(),
            id: r.id.clone(),
            holds: holds.as_str().to_string(),
            because,
            kind: if r.demand { "demand" } else { "red_line" }.to_string(),
            settlement: s.id.clone(),
            condition: r.world.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
            source: r.source.clone(),
        });
    }
    out
}

/// A ceasefire in force and its guarantees (M25).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Ceasefire {
    /// The agreement.
    pub agreement: String,
    /// The parties bound to cease fire.
    pub parties: Vec<String>,
    /// Each of them, with the guarantee obligations (agreement.obligation) that protect it.
    pub guarantees: BTreeMap<String, Vec<String>>,
    /// Whether every party bound to cease fire is protected by a guarantee.
    pub both_guaranteed: bool,
}

/// One world's answers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct World {
    /// The architecture's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The date the world is looked at.
    #[schemars(with = "String")]
    pub date: Date,
    /// Its changes of the scenario as it is (its bases' first).
    pub changes: Vec<Change>,
    /// Full members of each existing institution (a proposed one exists only where an
    /// architecture establishes it).
    pub members: BTreeMap<String, Vec<String>>,
    /// Who can block each decision alone.
    pub blocking: Vec<Blocking>,
    /// Voting power in the bodies the report names.
    pub power: Vec<Power>,
    /// The strongest commitment per state (`none` when no one has committed anything).
    pub coverage: BTreeMap<String, String>,
    /// States with no binding defence commitment from anyone.
    pub grey_zone: Vec<String>,
    /// Who must act on the report's events.
    pub who_must_act: Vec<Event>,
    /// The parties' red lines and demands over this world.
    pub red_lines: Vec<RedLine>,
    /// Ceasefires in force, with their guarantees.
    pub ceasefires: Vec<Ceasefire>,
    /// The settlement packages the world adopts, with each party's utility against its no-deal
    /// value.
    pub packages: Vec<crate::world::Package>,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The architectures, in order.
    pub architectures: Vec<String>,
    /// One answer per architecture.
    pub by_architecture: BTreeMap<String, World>,
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let ids = if query.architectures.is_empty() {
        crate::world::architecture_ids(session.scenario())
    } else {
        query.architectures.clone()
    };
    let plan = crate::report::plan(session.scenario());
    let mut by = BTreeMap::new();
    for id in &ids {
        if by.contains_key(id) {
            continue;
        }
        let w = crate::world::world(session, Some(id))?;
        let date = query
            .as_of
            .or(w.as_of)
            .unwrap_or_else(|| session.as_of(None));
        let mut world = one(session.scenario(), &w, id, date, &plan);
        for spec in &w.world.packages {
            world.packages.push(crate::world::package(session, spec)?);
        }
        by.insert(id.clone(), world);
    }
    Ok(Answer {
        architectures: ids,
        by_architecture: by,
    })
}

fn one(base: &Scenario, w: &Scenario, id: &str, date: Date, plan: &crate::report::Plan) -> World {
    let arch = base.architectures.iter().find(|a| a.id == id);
    let changes: Vec<Change> = entente_scenario::architecture::chain(base, id)
        .unwrap_or_default()
        .iter()
        .flat_map(|a| a.changes.iter().cloned())
        .collect();
    let existing = |inst: &str| w.institution(inst).is_some_and(|i| i.status != "proposed");
    let members = w
        .institutions
        .iter()
        .filter(|i| existing(&i.id))
        .map(|i| {
            (
                i.id.clone(),
                i.members_on(date).into_iter().map(String::from).collect(),
            )
        })
        .collect();
    let blocking = entente_decide::blocking(w, date)
        .into_iter()
        .filter(|b| existing(&b.institution))
        .map(|b| Blocking {
            institution: b.institution,
            decision: b.decision,
            members: b.members,
            veto_players: b.veto_players,
            unavailable: b.unavailable,
        })
        .collect();
    let power = plan
        .power
        .iter()
        .filter(|p| existing(&p.institution))
        .map(|p| power(w, &p.institution, &p.decision, date))
        .collect();
    let cov = coverage(w, date, plan.coverage_zone.as_deref());
    let coverage = cov
        .states
        .iter()
        .map(|c| {
            let s = c
                .strongest
                .as_ref()
                .map(|x| {
                    x.strength
                        .map_or_else(|| x.kind.to_string(), |s| s.to_string())
                })
                .unwrap_or_else(|| "none".to_string());
            (c.state.clone(), s)
        })
        .collect();
    let grey_zone = cov
        .states
        .iter()
        .filter(|c| c.grey_zone)
        .map(|c| c.state.clone())
        .collect();
    let who_must_act = plan
        .events
        .iter()
        .filter(|e| w.actor(&e.attacker).is_some() && w.actor(&e.target).is_some())
        .map(|e| {
            let d = e.as_of.unwrap_or(date);
            let mut inc = Incident::attack(&e.attacker, &e.target);
            inc.kind = match e.kind.as_str() {
                "hybrid" => IncidentKind::HybridAttack,
                "limited" => IncidentKind::LimitedIncursion,
                _ => IncidentKind::ArmedAttack,
            };
            let a = who_must_act(w, &inc, d);
            let mut by: BTreeMap<(String, ObligationKind, Option<Strength>), Vec<String>> =
                BTreeMap::new();
            let mut parties: Vec<String> = Vec::new();
            for duty in a.duties.iter().filter(|d| d.applies == Truth::True) {
                let key = plan
                    .groups
                    .iter()
                    .find(|g| g.agreements.contains(&duty.agreement))
                    .map_or_else(|| duty.agreement.clone(), |g| g.label.clone());
                by.entry((key, duty.kind, duty.strength))
                    .or_default()
                    .push(duty.bearer.clone());
                parties.push(duty.bearer.clone());
            }
            parties.sort();
            parties.dedup();
            let mut obligations: Vec<Obliged> = by
                .into_iter()
                .map(|((agreement, kind, strength), mut bearers)| {
                    bearers.sort();
                    bearers.dedup();
                    Obliged {
                        agreement,
                        kind,
                        strength,
                        bearers,
                    }
                })
                .collect();
            obligations.sort_by(|a, b| {
                entente_ledger::obligations::strength_rank(b.strength)
                    .cmp(&entente_ledger::obligations::strength_rank(a.strength))
                    .then_with(|| a.agreement.cmp(&b.agreement))
            });
            Event {
                label: e.label.clone(),
                attacker: e.attacker.clone(),
                target: e.target.clone(),
                date: d,
                collective_defence: a.collective_defence,
                parties_obliged: parties.len(),
                obligations,
            }
        })
        .collect();
    let red_lines = red_lines(w, &changes, date);
    World {
        id: id.to_string(),
        name: match arch {
            Some(a) => a.name.clone(),
            None if id.starts_with(crate::world::PACKAGE_PREFIX) => format!(
                "Settlement package {}",
                &id[crate::world::PACKAGE_PREFIX.len()..]
            ),
            None => "The scenario as it is".to_string(),
        },
        note: arch.and_then(|a| a.note.clone()),
        date,
        changes,
        members,
        blocking,
        power,
        coverage,
        grey_zone,
        who_must_act,
        red_lines,
        ceasefires: ceasefires(w, date),
        packages: Vec::new(),
    }
}

fn power(w: &Scenario, inst: &str, dec: &str, date: Date) -> Power {
    let mut out = Power {
        institution: inst.to_string(),
        decision: dec.to_string(),
        members: 0,
        coleman_act: 0.0,
        banzhaf: BTreeMap::new(),
        exact: false,
        error: None,
    };
    let bound = w
        .voting_body(inst, dec, date)
        .map_err(|e| e.to_string())
        .and_then(|(rule, body)| {
            rule.bind(&body)
                .map(|b| (b, body.members().to_vec()))
                .map_err(|e| format!("{e:?}"))
        });
    let (bound, ids) = match bound {
        Ok(x) => x,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    out.members = ids.len();
    let opts = Options {
        method: MethodChoice::Auto,
        coalitions: false,
        johnston: false,
        list: 0,
        samples: 100_000,
        seed: 0,
        max_seconds: None,
        ..Options::default()
    };
    match analyse(&bound, &ids, &opts) {
        Ok(a) => {
            out.coleman_act = a.coleman_act.value;
            out.exact = a.coleman_act.exact.is_some();
            for m in &a.indices {
                if let Some(b) = &m.banzhaf {
                    out.banzhaf.insert(m.id.clone(), b.value);
                }
            }
        }
        Err(e) => out.error = Some(format!("{e:?}")),
    }
    out
}

fn ceasefires(w: &Scenario, date: Date) -> Vec<Ceasefire> {
    let mut out = Vec::new();
    for ag in w
        .agreements
        .iter()
        .filter(|a| a.kind == AgreementKind::Ceasefire)
    {
        if !matches!(ag.status_on(date), "in_force" | "breached") {
            continue;
        }
        let mut parties: Vec<String> = ag
            .obligations
            .iter()
            .filter(|o| o.kind == ObligationKind::Ceasefire)
            .flat_map(|o| o.bearer.iter())
            .filter_map(|p| match p {
                entente_scenario::Party::Actor(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        parties.sort();
        parties.dedup();
        let mut guarantees: BTreeMap<String, Vec<String>> =
            parties.iter().map(|p| (p.clone(), Vec::new())).collect();
        for o in ag.obligations.iter().filter(|o| {
            matches!(
                o.kind,
                ObligationKind::Guarantee | ObligationKind::NonAggression
            )
        }) {
            for b in &o.beneficiary {
                if let entente_scenario::Party::Actor(a) = b
                    && let Some(v) = guarantees.get_mut(a)
                {
                    v.push(format!("{}.{}", ag.id, o.id));
                }
            }
        }
        let both = !parties.is_empty() && guarantees.values().all(|v| !v.is_empty());
        out.push(Ceasefire {
            agreement: ag.id.clone(),
            parties,
            guarantees,
            both_guaranteed: both,
        });
    }
    out
}
