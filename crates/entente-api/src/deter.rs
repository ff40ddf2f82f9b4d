//! The `deter` question: does a commitment deter? For each state and each attacker the scenario's
//! `[deterrence]` section names (or the query names), in each architecture: the probability of
//! an attack and the probability that the state's guarantors fight, with the commitments and
//! guarantors that carry the deterrence, their reliability and its sources, Monte Carlo intervals
//! over the uncertain parameters, and the survival of any ceasefire in force. The commitments are
//! those `coverage` finds (entente-ledger), with the attacker taken out of its own guarantees and
//! guarantees aimed at another adversary left out; forward-deployed forces are the section's
//! `presence`, scaled or set by the architecture's `forces` changes; non-aggression obligations
//! the attacker bears towards the state come from the agreements in force. An architecture that
//! applies a timeline is looked at after its last event. The model is entente-deter's. Its Monte
//! Carlo shards by draw ([`sweep`], [`merged`]): the merge summarises the draws in draw order with
//! the model's own summary, so the merged answer is byte for byte the unsharded one.

use std::collections::BTreeMap;

use entente_deter::model::KINDS;
use entente_deter::wartrap::Components;
use entente_deter::{
    Actor, Case, CaseResult, CeasefireIn, CommitmentIn, Estimate, Mechanisms, PactIn, Param,
    Params, PresenceIn, Problem, Survival, WorldIn,
};
use entente_ledger::{Index, Truth, World};
use entente_scenario::architecture::{Change, STATUS_QUO};
use entente_scenario::diag::did_you_mean;
use entente_scenario::{ActorKind, AgreementKind, LegalForm, ObligationKind, Scenario};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::shard::{Shard, Sweep};
use crate::{ApiError, Session, parse_date};

/// Draws when neither the query nor the scenario says.
pub const DEFAULT_DRAWS: u32 = 10_000;

/// Most draws the report's deterrence section runs.
pub const REPORT_DRAWS: u32 = 1_000;

/// What is asked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The architectures, in order (default: `status_quo` and every architecture of the
    /// scenario).
    #[serde(default)]
    pub architectures: Vec<String>,
    /// Only these states.
    #[serde(default)]
    pub state: Vec<String>,
    /// These attackers (default: the `[deterrence]` section's).
    #[serde(default)]
    pub attacker: Vec<String>,
    /// The date every world is looked at (default: each architecture's own `as_of`, else the
    /// scenario's).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Monte Carlo draws (default: the section's, else 10 000; 0: point estimates only).
    #[serde(default)]
    pub draws: Option<u32>,
    /// Monte Carlo seed (default: the section's, else 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Make only shard K/N of the Monte Carlo's draws (see `shard`): its result is a shard file
    /// to merge, not an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// One architecture's answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ArchitectureDeterrence {
    /// The architecture's name.
    pub name: String,
    /// The date looked at.
    #[schemars(with = "String")]
    pub date: Date,
    /// One entry per state and attacker, by state id then attacker.
    pub states: Vec<CaseResult>,
    /// The states in the grey zone (no binding defence commitment).
    pub grey_zone: Vec<String>,
    /// Ceasefires in force and their survival.
    pub ceasefires: Vec<Survival>,
}

/// The answer: `by_architecture` → `states`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The architectures, in order.
    pub architectures: Vec<String>,
    /// One answer per architecture, by id.
    pub by_architecture: BTreeMap<String, ArchitectureDeterrence>,
    /// The attackers considered.
    pub attackers: Vec<String>,
    /// Why these attackers.
    pub attackers_source: Option<String>,
    /// Monte Carlo draws.
    pub draws: u32,
    /// Monte Carlo seed.
    pub seed: u64,
    /// Every parameter of the model, with its source or the label "analyst's assumption".
    pub parameters: Vec<Param>,
    /// The egame12 estimate used, with its covariance and provenance.
    pub estimate: Estimate,
    /// Figures the model needs that were not obtained, each with its reason.
    pub missing: Vec<String>,
    /// States without a capital in the `[deterrence]` section (no distance discount).
    pub no_capital: Vec<String>,
}

fn unknown_id(code: &str, what: &str, id: &str, known: &[&str]) -> ApiError {
    ApiError::usage(code, format!("`{id}` is not {what} of the scenario")).with_hint(
        did_you_mean(id, known.iter().copied())
            .unwrap_or_else(|| "`entente list actors` lists the ids".into()),
    )
}

/// The parameters: the model's, with the scenario's overrides (an unknown name or a bad range
/// is refused with its place).
pub fn parameters(sc: &Scenario) -> Result<Params, ApiError> {
    let mut params = Params::default();
    if let Some(d) = &sc.deterrence {
        for o in &d.parameters {
            if let Err(msg) = params.set(&o.name, o.value, o.range, o.source.as_deref()) {
                let names = params.names();
                let known: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = did_you_mean(&o.name, known.iter().copied()).unwrap_or_else(|| {
                    "`entente deter --format json` lists the parameters under `parameters`".into()
                });
                return Err(ApiError::input(
                    "unknown-parameter",
                    format!(
                        "{}:{}:{}: {msg}",
                        o.place.file, o.place.line, o.place.column
                    ),
                )
                .with_hint(hint));
            }
        }
    }
    Ok(params)
}

fn kind_of(k: ObligationKind) -> &'static str {
    match k {
        ObligationKind::Defence | ObligationKind::Guarantee => KINDS[0],
        ObligationKind::NonAggression => KINDS[1],
        ObligationKind::Offence => KINDS[2],
        ObligationKind::Neutrality => KINDS[3],
        _ => KINDS[4],
    }
}

/// Troops of `actor` hosted by `host`, after the world's force changes (troops only): a scale
/// multiplies, a level sets the total over the actor's hosts in the zone, shared as before.
fn troops(
    w: &Scenario,
    base: &[entente_scenario::deterrence::Presence],
) -> Vec<(String, String, f64)> {
    let mut t: Vec<(String, String, f64)> = base
        .iter()
        .map(|p| (p.actor.clone(), p.host.clone(), p.troops))
        .collect();
    for c in &w.world.changes {
        let Change::Forces {
            actor,
            zone,
            force,
            level,
            scale,
            ..
        } = c
        else {
            continue;
        };
        if force != "troops" {
            continue;
        }
        let Some(z) = w.zone(zone) else { continue };
        let hit: Vec<usize> = t
            .iter()
            .enumerate()
            .filter(|(_, x)| &x.0 == actor && z.members.contains(&x.1))
            .map(|(i, _)| i)
            .collect();
        if let Some(s) = scale {
            for i in &hit {
                t[*i].2 *= s;
            }
        }
        if let Some(l) = level {
            let sum: f64 = hit.iter().map(|i| t[*i].2).sum();
            for i in &hit {
                t[*i].2 = if sum > 0.0 {
                    l * t[*i].2 / sum
                } else {
                    l / hit.len() as f64
                };
            }
        }
    }
    t
}

fn ceasefires(w: &Scenario, ix: &Index<'_>, lw: &World) -> Vec<CeasefireIn> {
    let mut out = Vec::new();
    for (ai, ag) in w.agreements.iter().enumerate() {
        if ag.kind != AgreementKind::Ceasefire || !lw.binding(ix, ai) {
            continue;
        }
        let parties: Vec<String> = ag
            .obligations
            .iter()
            .filter(|o| o.kind == ObligationKind::Ceasefire)
            .flat_map(|o| lw.expand_all(ix, ai, &o.bearer))
            .collect();
        let has = |k: ObligationKind| ag.obligations.iter().any(|o| o.kind == k);
        let third = ag.obligations.iter().enumerate().any(|(oi, o)| {
            o.kind == ObligationKind::Guarantee
                && lw
                    .expand_all(ix, ai, &o.bearer)
                    .iter()
                    .any(|b| !parties.contains(b))
                && lw.obligation(ix, ai, oi, None) != Truth::False
        });
        let joint = ag.obligations.iter().any(|o| {
            o.kind == ObligationKind::Consultation
                && lw
                    .expand_all(ix, ai, &o.bearer)
                    .iter()
                    .all(|b| parties.contains(b))
        });
        out.push(CeasefireIn {
            agreement: ag.id.clone(),
            name: ag.name.clone(),
            mechanisms: Mechanisms {
                dmz: has(ObligationKind::Demilitarisation),
                peacekeepers: has(ObligationKind::PeaceForce) || has(ObligationKind::Monitoring),
                third_party_guarantee: third,
                joint_commission: joint,
                formal_agreement: ag.legal_form == Some(LegalForm::Treaty),
            },
        });
    }
    out
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    answer_with_progress(session, query, &|_, _| {})
}

/// Answer the question, calling `progress(done, total)` as the state–attacker cases finish.
pub fn answer_with_progress(
    session: &Session,
    query: &Query,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Answer, ApiError> {
    if let Some(shard) = query.shard {
        return Err(ApiError::usage(
            "shard-not-an-answer",
            format!(
                "shard {shard} holds some of the Monte Carlo's draws, not an answer: run it as a \
                 shard (`entente deter --shard {shard}` writes JSON lines) and merge the shards \
                 with `entente merge`"
            ),
        ));
    }
    let prepared = prepare(session, query)?;
    let results = entente_deter::run(&prepared.problem, progress).map_err(model_error)?;
    Ok(prepared.finish(results))
}

fn model_error(e: entente_deter::Error) -> ApiError {
    ApiError::unsupported("deterrence-model", e.message)
}

/// A query turned into the model's problem, with what the answer adds around the model's results.
struct Prepared {
    problem: Problem,
    /// Per architecture: its name, date, grey zone and ceasefires' survival.
    extra: Vec<(String, Date, Vec<String>, Vec<Survival>)>,
    archs: Vec<String>,
    attackers: Vec<String>,
    attackers_source: Option<String>,
    draws: u32,
    seed: u64,
    estimate: Estimate,
    no_capital: Vec<String>,
}

fn prepare(session: &Session, query: &Query) -> Result<Prepared, ApiError> {
    let sc = session.scenario();
    let given = query.as_of.as_deref().map(parse_date).transpose()?;
    let section = sc.deterrence.clone().unwrap_or_default();
    let params = parameters(sc)?;
    let ids: Vec<&str> = sc.actors.iter().map(|a| a.id.as_str()).collect();
    let states: Vec<&str> = sc
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::State)
        .map(|a| a.id.as_str())
        .collect();
    for s in &query.state {
        if !states.contains(&s.as_str()) {
            return Err(unknown_id("unknown-state", "a state", s, &states));
        }
    }
    for a in &query.attacker {
        if !ids.contains(&a.as_str()) {
            return Err(unknown_id("unknown-actor", "an actor", a, &ids));
        }
    }
    let attackers = if query.attacker.is_empty() {
        section.attackers.clone()
    } else {
        query.attacker.clone()
    };
    if attackers.is_empty() {
        return Err(ApiError::usage(
            "no-attacker",
            "no attacker to consider: the scenario's [deterrence] section names none and the query none",
        )
        .with_hint("name one with --attacker (e.g. RUS), or add `attackers = [...]` to [deterrence]"));
    }
    let archs = if query.architectures.is_empty() {
        crate::world::architecture_ids(sc)
    } else {
        query.architectures.clone()
    };
    let draws = query.draws.or(section.draws).unwrap_or(DEFAULT_DRAWS);
    if draws as usize > entente_deter::model::MAX_DRAWS {
        return Err(ApiError::usage(
            "too-many-draws",
            format!(
                "{draws} draws asked; at most {}",
                entente_deter::model::MAX_DRAWS
            ),
        ));
    }
    let seed = query.seed.or(section.seed).unwrap_or(1);

    // Actors: every actor of the scenario, with its components and capital.
    let actors: Vec<Actor> = sc
        .actors
        .iter()
        .map(|a| {
            let at = |k: &str| a.attributes.get(k).copied();
            let known = a.kind == ActorKind::State;
            Actor {
                id: a.id.clone(),
                components: Components {
                    milex: at("milex"),
                    population: at("population"),
                    // A state with no recorded arsenal has none (analyst's reading of the
                    // states data, where only the nine nuclear-armed states have a figure).
                    warheads: at("warheads").or(known.then_some(0.0)),
                },
                capital: section
                    .capitals
                    .iter()
                    .find(|c| c.state == a.id)
                    .map(|c| (c.lat, c.lon)),
            }
        })
        .collect();
    let index = |id: &str| sc.actors.binary_search_by(|a| a.id.as_str().cmp(id)).ok();
    let no_capital: Vec<String> = states
        .iter()
        .filter(|s| !section.capitals.iter().any(|c| c.state == **s))
        .map(|s| s.to_string())
        .collect();

    let mut worlds = Vec::new();
    let mut extra = Vec::new();
    for id in &archs {
        let w0 = crate::world::world(session, Some(id))?;
        let date0 = given.or(w0.as_of).unwrap_or_else(|| session.as_of(None));
        // An architecture's timelines are already replayed into its world
        // (`crate::world::world`), which is looked at after their last event.
        let (w, date) = (w0.into_owned(), date0);
        let name = if id == STATUS_QUO {
            "The scenario as it is".to_string()
        } else {
            sc.architectures
                .iter()
                .find(|a| &a.id == id)
                .map_or_else(|| id.clone(), |a| a.name.clone())
        };
        let cov = entente_ledger::coverage(&w, date, None);
        let ix = Index::new(&w);
        let lw = World::at(&ix, date);
        let hosted = troops(&w, &section.presence);
        let mut cases = Vec::new();
        for sc_state in &cov.states {
            let s = sc_state.state.as_str();
            if (!query.state.is_empty() && !query.state.iter().any(|x| x == s))
                || attackers.iter().any(|a| a == s)
            {
                continue;
            }
            let Some(target) = index(s) else { continue };
            for a in &attackers {
                let Some(attacker) = index(a) else { continue };
                let mut commitments = Vec::new();
                // One commitment per agreement: the strongest of its obligations to the state
                // (coverage lists them strongest first).
                let mut seen: Vec<&str> = Vec::new();
                for c in sc_state.commitments.iter().filter(|c| c.status != "signed") {
                    let ob = w
                        .agreements
                        .iter()
                        .find(|x| x.id == c.agreement)
                        .and_then(|x| x.obligations.iter().find(|o| o.id == c.obligation));
                    if ob.is_some_and(|o| !o.adversary.is_empty() && !o.adversary.contains(a)) {
                        continue;
                    }
                    let guarantors: Vec<usize> = c
                        .guarantors
                        .iter()
                        .filter(|g| &***g != a.as_str())
                        .filter_map(|g| index(g))
                        .collect();
                    if guarantors.is_empty() || seen.contains(&c.agreement.as_str()) {
                        continue;
                    }
                    seen.push(&c.agreement);
                    commitments.push(CommitmentIn {
                        agreement: c.agreement.clone(),
                        obligation: c.obligation.clone(),
                        kind: kind_of(c.kind).to_string(),
                        legal_form: c.legal_form.map(|f| f.to_string()),
                        strength: c.strength.map(|f| f.to_string()),
                        guarantors,
                        source: c.source.clone(),
                    });
                }
                let presence = hosted
                    .iter()
                    .filter(|(_, h, _)| h == s)
                    .filter_map(|(g, _, t)| {
                        Some(PresenceIn {
                            guarantor: index(g)?,
                            troops: *t,
                            source: section
                                .presence
                                .iter()
                                .find(|p| &p.actor == g && p.host == s)
                                .and_then(|p| p.source.clone()),
                        })
                    })
                    .collect();
                let mut pacts = Vec::new();
                for (ai, ag) in w.agreements.iter().enumerate() {
                    // A pact already breached assures nothing; one pact per agreement.
                    if !lw.binding(&ix, ai) || lw.is_breached(ai) {
                        continue;
                    }
                    for (oi, o) in ag.obligations.iter().enumerate() {
                        if pacts.iter().any(|p: &PactIn| p.agreement == ag.id) {
                            break;
                        }
                        if o.kind != ObligationKind::NonAggression
                            || lw.obligation(&ix, ai, oi, None) != Truth::True
                        {
                            continue;
                        }
                        if lw.covers_any(&ix, ai, &o.bearer, a)
                            && lw.covers_any(&ix, ai, &o.beneficiary, s)
                        {
                            pacts.push(PactIn {
                                agreement: ag.id.clone(),
                                obligation: o.id.clone(),
                                legal_form: ag.legal_form.map(|f| f.to_string()),
                                source: o.source.clone().or_else(|| ag.source.clone()),
                            });
                        }
                    }
                }
                cases.push(Case {
                    target,
                    attacker,
                    commitments,
                    presence,
                    pacts,
                    grey_zone: sc_state.grey_zone,
                });
            }
        }
        let cf = ceasefires(&w, &ix, &lw);
        extra.push((
            name,
            date,
            cov.states
                .iter()
                .filter(|s| s.grey_zone)
                .map(|s| s.state.clone())
                .collect::<Vec<_>>(),
            cf.iter()
                .map(|c| entente_deter::survival(&params, c))
                .collect::<Vec<_>>(),
        ));
        worlds.push(WorldIn {
            id: id.clone(),
            cases,
        });
    }
    let estimate = params.estimate.clone();
    let problem = Problem {
        actors,
        worlds,
        params,
        draws: draws as usize,
        seed,
    };
    Ok(Prepared {
        problem,
        extra,
        archs,
        attackers,
        attackers_source: section.attackers_source.clone(),
        draws,
        seed,
        estimate,
        no_capital,
    })
}

impl Prepared {
    /// The answer around the model's results, one per architecture in order.
    fn finish(self, results: Vec<entente_deter::WorldResult>) -> Answer {
        let Prepared {
            problem,
            extra,
            archs,
            attackers,
            attackers_source,
            draws,
            seed,
            estimate,
            no_capital,
        } = self;
        let mut by_architecture = BTreeMap::new();
        for (r, (name, date, grey_zone, ceasefires)) in results.into_iter().zip(extra) {
            by_architecture.insert(
                r.id,
                ArchitectureDeterrence {
                    name,
                    date,
                    states: r.states,
                    grey_zone,
                    ceasefires,
                },
            );
        }
        let mut missing = Vec::new();
        if estimate.placeholder {
            missing.push(format!(
            "The egame12 coefficients and covariance are placeholders: the reference fit ({}) has not been copied into the model yet.",
            entente_deter::params::GAMES_PROVENANCE
        ));
        }
        missing.push(entente_deter::ceasefire::MISSING.to_string());
        missing.push("The War Trap's miles-per-day setting that EUGene uses for this era was not obtained; `wartrap.miles_per_day` is the analyst's assumption.".to_string());
        Answer {
            architectures: archs,
            by_architecture,
            attackers,
            attackers_source,
            draws,
            seed,
            parameters: problem.params.list,
            estimate,
            missing,
            no_capital,
        }
    }
}

/// The deterrence Monte Carlo as a sweep: unit `k` is draw `k` (drawn from stream `k` of the
/// seed), kept as the probability of an attack and that the guarantors fight for every case,
/// architecture by architecture and state by state, in the answer's order.
#[derive(Debug)]
pub struct DeterSweep {
    problem: Problem,
}

impl Sweep for DeterSweep {
    type Unit = Vec<entente_deter::model::Sample>;
    fn units(&self) -> usize {
        self.problem.draws
    }
    fn run(&self, range: std::ops::Range<usize>) -> Result<Vec<Self::Unit>, ApiError> {
        entente_deter::model::evaluate(&self.problem, range).map_err(model_error)
    }
}

/// The query's Monte Carlo as a sweep, to be run in shards (see [`crate::shard`]); the query
/// must ask for draws.
pub fn sweep(session: &Session, q: &Query) -> Result<DeterSweep, ApiError> {
    let mut q = q.clone();
    q.shard = None;
    let prepared = prepare(session, &q)?;
    if prepared.draws == 0 {
        return Err(ApiError::usage(
            "no-draws",
            "a shard splits the Monte Carlo's draws, and none are asked for (0 draws: point \
             estimates only)",
        )
        .with_hint("give --draws N with N at least 1"));
    }
    Ok(DeterSweep {
        problem: prepared.problem,
    })
}

/// The answer from the Monte Carlo's draws made in shards, given in draw order: the same as
/// [`answer`] with every draw made here (the point estimates are computed again, without draws).
pub fn merged(
    session: &Session,
    q: &Query,
    units: Vec<Vec<entente_deter::model::Sample>>,
) -> Result<Answer, ApiError> {
    let mut q = q.clone();
    q.shard = None;
    let prepared = prepare(session, &q)?;
    if units.len() != prepared.problem.draws || units.is_empty() {
        return Err(ApiError::input(
            "bad-shard-file",
            format!(
                "{} draws were given for a query of {}",
                units.len(),
                prepared.problem.draws
            ),
        ));
    }
    let results = entente_deter::model::summarise(&prepared.problem, &units, &|_, _| {})
        .map_err(|e| ApiError::input("bad-shard-file", e.message))?;
    Ok(prepared.finish(results))
}
