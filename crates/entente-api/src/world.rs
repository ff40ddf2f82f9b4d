//! The world a question is asked of: the scenario as it is (`status_quo`, or no architecture),
//! or the scenario changed by one of its architectures. Every question that takes an
//! `architecture` goes through [`world`], so all of them answer about the same changed world.

use std::borrow::Cow;

use entente_scenario::Scenario;
use entente_scenario::architecture::{self, STATUS_QUO};

use crate::{ApiError, Session};

/// The scenario changed by `architecture` (None or `status_quo`: the scenario as it is).
pub fn world<'s>(
    session: &'s Session,
    architecture: Option<&str>,
) -> Result<Cow<'s, Scenario>, ApiError> {
    match architecture {
        None | Some(STATUS_QUO) => Ok(Cow::Borrowed(session.scenario())),
        Some(id) if id.starts_with(PACKAGE_PREFIX) => package_world(session, id).map(Cow::Owned),
        Some(id) if session.architecture() == Some(id) => Ok(Cow::Borrowed(session.scenario())),
        Some(id) => architecture::apply(session.scenario(), id)
            .map_err(|e| {
                let known: Vec<&str> = std::iter::once(STATUS_QUO)
                    .chain(
                        session
                            .scenario()
                            .architectures
                            .iter()
                            .map(|a| a.id.as_str()),
                    )
                    .collect();
                ApiError::usage("unknown-architecture", e).with_hint(format!(
                    "the scenario's architectures: {}",
                    known.join(", ")
                ))
            })
            .and_then(|w| adopt_packages(session, w))
            .and_then(|w| replay_timelines(w, id))
            .map(Cow::Owned),
    }
}

/// The prefix of a package named as a world: `package:SETTLEMENT:CHOICE`.
pub const PACKAGE_PREFIX: &str = "package:";

/// A settlement package as a world: what each of its values `implies`.
pub fn package_world(session: &Session, id: &str) -> Result<Scenario, ApiError> {
    let spec = id.strip_prefix(PACKAGE_PREFIX).unwrap_or(id);
    let sc = session.scenario();
    architecture::check_package(sc, spec).map_err(|e| {
        ApiError::usage("unknown-architecture", e).with_hint(format!(
            "name a package as package:SETTLEMENT:CHOICE, with CHOICE one of {}",
            architecture::PACKAGE_CHOICES
        ))
    })?;
    let mut w = sc.clone();
    w.world.applied.push(id.to_string());
    w.world.packages.push(spec.to_string());
    let w = adopt_packages(session, w)?;
    replay_timelines(w, id)
}

/// A package named `SETTLEMENT:CHOICE`: its settlement, its index and its value on every issue.
pub fn package(session: &Session, spec: &str) -> Result<Package, ApiError> {
    let sc = session.scenario();
    architecture::check_package(sc, spec).map_err(|e| ApiError::usage("unknown-package", e))?;
    let (sid, which) = spec.split_once(':').unwrap_or((spec, "nash"));
    let Some(st) = sc.settlements.iter().find(|s| s.id == sid) else {
        return Err(ApiError::usage(
            "unknown-package",
            format!("unknown settlement `{sid}`"),
        ));
    };
    let space = crate::negotiate::space_of(st);
    let index = match which.parse::<u64>() {
        Ok(i) => i,
        Err(_) => {
            let after = which == "nash_after_concession";
            let q = crate::negotiate::Query {
                settlement: Some(sid.to_string()),
                after_first_concession: after,
                ..Default::default()
            };
            let a = crate::negotiate::answer(session, &q)?;
            let chosen = match which {
                "nash" => a.nash,
                "kalai_smorodinsky" => a.kalai_smorodinsky,
                _ => a
                    .nash
                    .or_else(|| a.after_first_concession.and_then(|b| b.nash)),
            };
            chosen.map(|p| p.index).ok_or_else(|| {
                let why = if after {
                    "no package is acceptable to every party, even after the first proposed concession"
                } else {
                    "no package is acceptable to every party"
                };
                ApiError::input(
                    "no-package",
                    format!("settlement `{sid}` has no {which} package: {why}"),
                )
                .with_hint(format!(
                    "`entente negotiate --settlement {sid}` explains which red lines collide{}",
                    if after { "" } else { "; `nash_after_concession` names the Nash package once the first proposed concession is made" }
                ))
            })?
        }
    };
    let values = space.decode(index);
    let mut utilities = Vec::new();
    if let Ok(model) = entente_bargain::Model::new(&space) {
        let mut u = vec![0.0; st.parties.len()];
        model.utilities(&values, &mut u);
        for (p, x) in st.parties.iter().zip(u) {
            utilities.push(PartyUtility {
                party: p.actor.clone(),
                utility: x,
                no_deal: p.no_deal,
                better_than_no_deal: x > p.no_deal,
            });
        }
    }
    let outcome = st
        .issues
        .iter()
        .zip(&values)
        .map(|(i, v)| (i.id.clone(), i.labels[*v].clone()))
        .collect();
    Ok(Package {
        settlement: sid.to_string(),
        choice: which.to_string(),
        index,
        outcome,
        utilities,
    })
}

/// A settlement package adopted in a world.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Package {
    /// The settlement.
    pub settlement: String,
    /// How it was named: `nash`, `kalai_smorodinsky` or the index.
    pub choice: String,
    /// The package's index (as `entente negotiate` numbers them).
    pub index: u64,
    /// Its value on every issue.
    pub outcome: std::collections::BTreeMap<String, String>,
    /// Each party's utility of it against its no-deal value.
    pub utilities: Vec<PartyUtility>,
}

/// One party's utility of a package.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct PartyUtility {
    /// The party.
    pub party: String,
    /// Its utility of the package.
    pub utility: f64,
    /// Its utility of no agreement.
    pub no_deal: f64,
    /// Whether the package is worth more to it than no agreement.
    pub better_than_no_deal: bool,
}

/// Apply what the values of every package a world adopts imply.
fn adopt_packages(session: &Session, mut w: Scenario) -> Result<Scenario, ApiError> {
    for spec in w.world.packages.clone() {
        let p = package(session, &spec)?;
        let Some(st) = w.settlements.iter().find(|s| s.id == p.settlement) else {
            continue;
        };
        let mut changes = Vec::new();
        let mut timelines = Vec::new();
        for i in &st.issues {
            if let Some(a) = p.outcome.get(&i.id).and_then(|v| i.implies.get(v)) {
                changes.extend(a.changes.iter().cloned());
                timelines.extend(a.timeline.iter().cloned());
            }
        }
        architecture::apply_changes(&mut w, &changes);
        w.world.timelines.extend(timelines);
    }
    Ok(w)
}

/// Replay the timelines an architecture applies, so that the world is the state after them
/// (agreements' statuses, memberships, verified actions, force levels and breaches). A world
/// without an `as_of` of its own is looked at on the last day replayed.
fn replay_timelines(mut w: Scenario, id: &str) -> Result<Scenario, ApiError> {
    let mut timelines = std::mem::take(&mut w.world.timelines);
    // Defections are replayed with the first timeline, or alone (over no event) without one.
    let mut defections: Vec<entente_ledger::Defection> = std::mem::take(&mut w.world.defections)
        .into_iter()
        .map(|d| entente_ledger::Defection {
            party: d.party,
            from: d.basis.date,
            agreements: d.agreements,
        })
        .collect();
    const ALONE: &str = "";
    if timelines.is_empty() && !defections.is_empty() {
        timelines.push(architecture::TimelineApplied {
            timeline: ALONE.into(),
            until: None,
        });
    }
    let own_date = architecture::chain(&w, id)
        .map(|c| c.iter().any(|a| a.as_of.is_some()))
        .unwrap_or(false);
    for t in &timelines {
        let alone = entente_scenario::Timeline {
            id: ALONE.into(),
            name: format!("the defections of architecture `{id}`"),
            description: None,
            kind: "scenario".into(),
            events: Vec::new(),
            source: None,
        };
        let found = if t.timeline == ALONE {
            Some(alone)
        } else {
            w.timeline(&t.timeline).cloned()
        };
        let Some(tl) = found else {
            return Err(ApiError::input(
                "unknown-timeline",
                format!(
                    "architecture `{id}` applies timeline `{}`, which the scenario lacks",
                    t.timeline
                ),
            ));
        };
        let (changes, last) =
            entente_ledger::replay::world_changes_with(&w, &tl, t.until, &defections).map_err(
                |e| {
                    crate::obligations::ledger_error(&e).with_hint(format!(
                        "architecture `{id}` applies timeline `{}`",
                        t.timeline
                    ))
                },
            )?;
        defections.clear();
        architecture::apply_changes(&mut w, &changes);
        if !own_date && let Some(d) = t.until.or(last) {
            w.as_of = Some(w.as_of.map_or(d, |a| a.max(d)));
        }
    }
    w.world
        .replayed
        .extend(timelines.into_iter().filter(|t| t.timeline != ALONE));
    Ok(w)
}

/// Every architecture id of the scenario, `status_quo` first.
pub fn architecture_ids(s: &Scenario) -> Vec<String> {
    std::iter::once(STATUS_QUO.to_string())
        .chain(s.architectures.iter().map(|a| a.id.clone()))
        .collect()
}
