//! Replaying a timeline over the scenario (M3, M8, M9, M19, M20, M24, M36): events are applied
//! in date and within-day order and, after each, the ledger reports what changed —
//! memberships, agreements' statuses, phases opened or closed, obligations now in force, no
//! longer in force or waiting on an unknown condition, verified actions, force levels against
//! the limits in force, obligations set off, and breaches (a force limit exceeded in a zone, a
//! ceasefire violated, a pledge broken), each traced to its clause and source.
//!
//! Event semantics: `accession` makes the subject (else the actor) a member of the institution;
//! `application` an applicant; `withdrawal` ends a membership (with an institution), a party's
//! participation (with an agreement) or, with a zone and quantities, lowers force levels;
//! `status_change` sets a membership status (institution) or an agreement's status;
//! `signature`, `entry_into_force` and `ceasefire` move an agreement to signed or in force;
//! `verification` records an action as verified (status `failed` records it as not verified);
//! `troop_movement` adds its quantities to the actor's levels in the zone, `force_level` sets
//! them; attacks, `breach` and `ceasefire_violation` set off obligations (see `obligations.rs`)
//! and record breaches. Other kinds (statements, votes, contributions, territory) change no
//! commitment; their quantities feed `quantities.rs`.
//!
//! Terms run out on their own day: when the term of an agreement, an open phase or an obligation
//! in force ends between two events, a step of kind `expiry` (index 0) dated that day reports
//! what ended, before the next event.

use std::collections::BTreeSet;
use std::sync::Arc;

use entente_scenario::architecture::Change as WorldChange;
use entente_scenario::{Event, Party, Scenario, Status, Timeline};
use jiff::civil::Date;
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::incident::{Incident, IncidentKind};
use crate::obligations::{obligations, source_of};
use crate::truth::Truth;
use crate::world::{Atom, Index, PhaseState, World, add_years};

/// A change an event caused.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    /// A membership status changed (`status` None: left).
    Membership {
        /// Institution.
        institution: String,
        /// Actor.
        actor: String,
        /// New status.
        status: Option<String>,
    },
    /// An agreement's status changed.
    AgreementStatus {
        /// Agreement.
        agreement: String,
        /// New status.
        status: String,
    },
    /// A phase opened.
    PhaseOpened {
        /// Agreement.
        agreement: String,
        /// Phase id.
        phase: String,
        /// Phase name.
        name: String,
    },
    /// A phase closed.
    PhaseClosed {
        /// Agreement.
        agreement: String,
        /// Phase id.
        phase: String,
        /// Phase name.
        name: String,
    },
    /// An obligation is now in force.
    InForce {
        /// Agreement.
        agreement: String,
        /// Obligation.
        obligation: String,
        /// Clause.
        clause: Option<String>,
        /// Kind.
        kind: entente_scenario::ObligationKind,
        /// Source.
        source: Option<String>,
    },
    /// An obligation is no longer in force.
    Ended {
        /// Agreement.
        agreement: String,
        /// Obligation.
        obligation: String,
        /// Clause.
        clause: Option<String>,
    },
    /// An obligation waits on a condition not yet known.
    Pending {
        /// Agreement.
        agreement: String,
        /// Obligation.
        obligation: String,
        /// The atoms of its condition with their values.
        conditions: Vec<Atom>,
    },
    /// A verification report.
    Verified {
        /// The action.
        action: String,
        /// Whether it was verified.
        verified: bool,
    },
    /// A force level in a zone, with the limit in force on it if any.
    ForceLevel {
        /// Whose forces.
        actor: String,
        /// Zone.
        zone: String,
        /// Quantity (troops, nonstrategic_nuclear...).
        quantity: String,
        /// Level now.
        level: f64,
        /// The limit in force on this level, if any: the bearer's own limit, or for forces
        /// hosted, the limit on all foreign forces in the zone (M36).
        limit: Option<f64>,
        /// The obligation setting the limit (`agreement.obligation`).
        limited_by: Option<String>,
    },
    /// An obligation set off by the event.
    Triggered {
        /// Agreement.
        agreement: String,
        /// Obligation.
        obligation: String,
        /// Clause.
        clause: Option<String>,
        /// Kind.
        kind: entente_scenario::ObligationKind,
        /// Strength.
        strength: Option<entente_scenario::Strength>,
        /// Who must act.
        bearers: Vec<String>,
        /// For whom.
        beneficiary: String,
        /// Whether it applies (true or unknown).
        applies: Truth,
        /// Bearers also bound not to act against the party concerned:
        /// `BEARER: agreement.obligation (kind)`.
        conflicts: Vec<String>,
        /// Source.
        source: Option<String>,
    },
    /// A change of sanctions, with the relief obligations in force that cover it (M20): relief
    /// that none covers comes ahead of the verified steps it is tied to.
    Sanctions {
        /// Who changes its sanctions.
        actor: String,
        /// On whom.
        subject: Option<String>,
        /// relaxed, lifted, reinstated...
        status: Option<String>,
        /// The tranche, when given.
        tranche: Option<f64>,
        /// Sanctions-relief obligations of the actor in force now (`agreement.obligation`).
        relief_in_force: Vec<String>,
    },
    /// A ratification of an agreement by an actor. An agreement with `ratification = true`
    /// enters into force by an event only once every party has ratified it.
    Ratification {
        /// Agreement.
        agreement: String,
        /// Who ratifies.
        actor: String,
        /// Whether the actor is a party (a non-party's ratification counts for nothing).
        party: bool,
        /// The parties that must still ratify, sorted (empty when none must, or all have).
        outstanding: Vec<String>,
    },
    /// An entry into force recorded while ratifications are outstanding: the agreement stays as
    /// it was and enters into force with the last ratification.
    AwaitingRatification {
        /// Agreement.
        agreement: String,
        /// The parties that have not ratified, sorted.
        outstanding: Vec<String>,
    },
    /// An obligation another party may stop performing towards a party in breach of the same
    /// agreement (reciprocity: a material breach lets the other parties suspend the agreement
    /// towards the party in breach, Vienna Convention on the Law of Treaties, 1969, Art. 60).
    Released {
        /// Agreement.
        agreement: String,
        /// Obligation.
        obligation: String,
        /// Clause.
        clause: Option<String>,
        /// Kind.
        kind: entente_scenario::ObligationKind,
        /// The parties it no longer binds towards the party in breach.
        bearers: Vec<String>,
        /// The party in breach.
        towards: String,
        /// Source.
        source: Option<String>,
    },
    /// A defection named an agreement that gives the party nothing to breach on the day: not in
    /// force, or no obligation of the party's in force.
    NothingToBreach {
        /// Agreement.
        agreement: String,
        /// The defecting party.
        party: String,
        /// Why, in words.
        why: String,
    },
    /// A breach, traced to its clause.
    Breach {
        /// Agreement.
        agreement: String,
        /// Obligation (empty when the agreement as a whole is breached).
        obligation: String,
        /// Clause.
        clause: Option<String>,
        /// Who breached it.
        by: String,
        /// What happened.
        what: String,
        /// Source.
        source: Option<String>,
    },
}

impl Change {
    /// The change's tag, as in JSON (`membership`, `agreement_status`, `phase_opened`, ...).
    pub fn tag(&self) -> &'static str {
        match self {
            Change::Membership { .. } => "membership",
            Change::AgreementStatus { .. } => "agreement_status",
            Change::PhaseOpened { .. } => "phase_opened",
            Change::PhaseClosed { .. } => "phase_closed",
            Change::InForce { .. } => "in_force",
            Change::Ended { .. } => "ended",
            Change::Pending { .. } => "pending",
            Change::Verified { .. } => "verified",
            Change::ForceLevel { .. } => "force_level",
            Change::Triggered { .. } => "triggered",
            Change::Sanctions { .. } => "sanctions",
            Change::Ratification { .. } => "ratification",
            Change::AwaitingRatification { .. } => "awaiting_ratification",
            Change::Breach { .. } => "breach",
            Change::Released { .. } => "released",
            Change::NothingToBreach { .. } => "nothing_to_breach",
        }
    }
}

/// The state after an event, in brief.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Snapshot {
    /// Agreements that bind now, with their status, among those the timeline or a condition
    /// concerns (agreements with phases, conditions or events).
    pub agreements: Vec<(String, String)>,
    /// Phases open now (`agreement.phase`).
    pub phases_open: Vec<String>,
    /// Phases opened and closed since.
    pub phases_closed: Vec<String>,
    /// Contingent obligations (with a phase or condition) in force now (`agreement.obligation`).
    pub obligations_in_force: Vec<String>,
    /// Obligations waiting on an unknown condition, with the unknown atoms.
    pub waiting: Vec<(String, Vec<String>)>,
    /// Agreements breached so far.
    pub breached: Vec<String>,
}

/// The state after one event.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Step {
    /// 1-based number of the event in the timeline; 0 for a step of the calendar (kind
    /// `expiry`: the term of an agreement, a phase or an obligation runs out between two events,
    /// and is reported on the day it ends).
    pub index: usize,
    /// Date.
    #[schemars(with = "String")]
    pub date: Date,
    /// Order within the day.
    pub order: i64,
    /// Event kind.
    pub kind: String,
    /// The event in words.
    pub event: String,
    /// The event's source.
    pub source: Option<String>,
    /// What changed.
    pub changes: Vec<Change>,
    /// The state after the event (when asked for).
    /// The state after the event (when asked for); shared with the previous step when the
    /// event changed none of it.
    pub state: Option<Arc<Snapshot>>,
}

/// A replayed timeline.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Replay {
    /// Timeline id.
    pub timeline: String,
    /// Timeline name.
    pub name: String,
    /// `history` or `scenario`.
    pub kind: String,
    /// One step per event.
    pub steps: Vec<Step>,
}

/// Options of a replay.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Attach a [`Snapshot`] to every step.
    pub snapshots: bool,
}

fn describe(e: &Event) -> String {
    let mut s = String::new();
    let mut put = |x: &str| {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(x);
    };
    if let Some(a) = &e.actor {
        put(a);
    }
    put(&e.kind);
    for (k, v) in [
        ("", &e.subject),
        ("institution", &e.institution),
        ("agreement", &e.agreement),
        ("zone", &e.zone),
        ("action", &e.action),
        ("status", &e.status),
        ("step", &e.step),
    ] {
        if let Some(v) = v {
            if k.is_empty() {
                put(v);
            } else {
                put(&format!("{k}={v}"));
            }
        }
    }
    for (k, v) in &e.quantity {
        put(&format!("{k}={v}"));
    }
    s
}

/// Something with a term that can run out: an agreement, a phase, an obligation.
#[derive(Debug, Clone, Copy)]
enum Term {
    Agreement(usize),
    Phase(usize, usize),
    Obligation(usize, usize),
}

struct Run<'a, 's> {
    ix: &'a Index<'s>,
    /// Everything with a duration (the only things whose term can run out between events).
    terms: Vec<Term>,
    w: World,
    ob: Vec<Vec<Truth>>,
    statuses: Vec<String>,
    touched: Vec<bool>,
    limit_hits: BTreeSet<(usize, usize, String, String)>,
    limit_obs: Vec<(usize, usize)>,
    /// Whether an event set an agreement's status during the current step.
    status_set: bool,
    members: Vec<Vec<String>>,
    members_gen: u64,
    /// The world's force posture (`sc.world.changes` indices), by date; the next to apply.
    posture: Vec<(Date, usize)>,
    posture_next: usize,
}

fn check_refs(sc: &Scenario, n: usize, e: &Event) -> Result<(), Error> {
    let at = || format!("event {n} ({} on {})", e.kind, e.date);
    for a in [&e.actor, &e.subject].into_iter().flatten() {
        if sc.actor(a).is_none() && sc.institution(a).is_none() {
            return Err(Error::new(
                ErrorKind::UnknownId,
                format!("{}: unknown actor `{a}`", at()),
            ));
        }
    }
    if let Some(i) = &e.institution {
        if sc.institution(i).is_none() {
            return Err(Error::new(
                ErrorKind::UnknownId,
                format!("{}: unknown institution `{i}`", at()),
            ));
        }
    }
    if let Some(a) = &e.agreement {
        if sc.agreement(a).is_none() {
            return Err(Error::new(
                ErrorKind::UnknownId,
                format!("{}: unknown agreement `{a}`", at()),
            ));
        }
    }
    if let Some(z) = &e.zone {
        if sc.zone(z).is_none() {
            return Err(Error::new(
                ErrorKind::UnknownId,
                format!("{}: unknown zone `{z}`", at()),
            ));
        }
    }
    Ok(())
}

/// A party's defection (M13): from a date on, it breaches the obligations it bears (every one
/// in force that no event has to set off, or only those of the agreements named).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defection {
    /// The party that defects (an actor or institution id).
    pub party: String,
    /// The day it defects, at the start of the day (before that day's events).
    #[schemars(with = "String")]
    pub from: Date,
    /// The agreements it breaches (empty: every agreement that binds it on the day).
    #[serde(default)]
    pub agreements: Vec<String>,
}

impl Defection {
    /// The defection in words.
    pub fn describe(&self) -> String {
        let what = if self.agreements.is_empty() {
            "every obligation it bears".to_string()
        } else {
            format!("its obligations under {}", self.agreements.join(", "))
        };
        format!("{} defects: breaches {what} from {}", self.party, self.from)
    }
}

/// Replay a timeline over the scenario. Refuses (with the event's number, date and kind) a
/// timeline whose events are out of date and within-day order or name something unknown.
pub fn replay(sc: &Scenario, tl: &Timeline, opts: Options) -> Result<Replay, Error> {
    replay_with(sc, tl, opts, &[])
}

/// Check a defection's ids against the scenario.
fn check_defection(sc: &Scenario, d: &Defection) -> Result<(), Error> {
    if sc.actor(&d.party).is_none() && sc.institution(&d.party).is_none() {
        let ids = sc
            .actors
            .iter()
            .map(|a| a.id.as_str())
            .chain(sc.institutions.iter().map(|i| i.id.as_str()));
        let hint = entente_scenario::diag::did_you_mean(&d.party, ids)
            .unwrap_or_else(|| "name an actor or institution of the scenario".into());
        return Err(Error::new(
            ErrorKind::UnknownId,
            format!("defection of `{}`: unknown actor", d.party),
        )
        .hint(hint));
    }
    for a in &d.agreements {
        if sc.agreement(a).is_none() {
            let hint = entente_scenario::diag::did_you_mean(
                a,
                sc.agreements.iter().map(|x| x.id.as_str()),
            )
            .unwrap_or_else(|| "`entente list agreements` lists them".into());
            return Err(Error::new(
                ErrorKind::UnknownId,
                format!("defection of `{}`: unknown agreement `{a}`", d.party),
            )
            .hint(hint));
        }
    }
    Ok(())
}

/// One step to take: an event of the timeline (its 1-based number) or a defection.
enum Item<'e> {
    Event(usize, &'e Event),
    Defect(&'e Defection, Box<Event>),
}

/// Replay a timeline with defections (M13): each is a step of kind `defection` at the start of
/// its day, before that day's events, with the breaches, the obligations they set off, the
/// phases they close and the obligations of others they release (reciprocity).
pub fn replay_with(
    sc: &Scenario,
    tl: &Timeline,
    opts: Options,
    defections: &[Defection],
) -> Result<Replay, Error> {
    for (i, pair) in tl.events.windows(2).enumerate() {
        if (pair[1].date, pair[1].order) < (pair[0].date, pair[0].order) {
            return Err(Error::new(
                ErrorKind::Timeline,
                format!(
                    "timeline `{}`: event {} ({} on {}) comes before event {} ({} on {})",
                    tl.id,
                    i + 2,
                    pair[1].kind,
                    pair[1].date,
                    i + 1,
                    pair[0].kind,
                    pair[0].date
                ),
            )
            .hint("list events by date and, within a day, by increasing `order`"));
        }
    }
    for (i, e) in tl.events.iter().enumerate() {
        check_refs(sc, i + 1, e)
            .map_err(|e| e.hint(format!("check timeline `{}` with `entente check`", tl.id)))?;
    }
    for d in defections {
        check_defection(sc, d)?;
    }
    // The timeline's events with the defections put in at the start of their days (in the
    // order given when two fall on one day).
    let mut items: Vec<Item<'_>> = tl
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| Item::Event(i + 1, e))
        .collect();
    for d in defections {
        let at = items
            .iter()
            .position(|it| match it {
                Item::Event(_, e) => e.date >= d.from,
                Item::Defect(x, _) => x.from > d.from,
            })
            .unwrap_or(items.len());
        let e = Event {
            date: d.from,
            precision: entente_scenario::dates::Precision::Day,
            order: i64::MIN,
            kind: "defection".into(),
            actor: Some(d.party.clone()),
            subject: None,
            institution: None,
            decision: None,
            agreement: None,
            step: None,
            zone: None,
            action: None,
            status: None,
            quantity: Default::default(),
            note: None,
            source: None,
        };
        items.insert(at, Item::Defect(d, Box::new(e)));
    }
    let ix = Index::new(sc);
    let start = items
        .first()
        .map_or(sc.as_of.unwrap_or(Date::MIN), |it| match it {
            Item::Event(_, e) => e.date,
            Item::Defect(_, e) => e.date,
        });
    let w = World::at(&ix, start);
    let ob = (0..sc.agreements.len())
        .map(|a| {
            (0..sc.agreements[a].obligations.len())
                .map(|o| w.obligation(&ix, a, o, None))
                .collect()
        })
        .collect();
    let statuses = (0..sc.agreements.len())
        .map(|a| w.status(&ix, a).to_string())
        .collect();
    let mut touched: Vec<bool> = sc
        .agreements
        .iter()
        .map(|a| !a.phases.is_empty() || a.obligations.iter().any(|o| o.when.is_some()))
        .collect();
    for e in &tl.events {
        if let Some(i) = e.agreement.as_deref().and_then(|a| ix.agreement(a)) {
            touched[i] = true;
        }
    }
    let limit_obs = sc
        .agreements
        .iter()
        .enumerate()
        .flat_map(|(ai, a)| {
            a.obligations
                .iter()
                .enumerate()
                .filter(|(_, o)| {
                    matches!(
                        o.kind.as_str(),
                        "force_limit" | "demilitarisation" | "no_deployment"
                    ) && o.zone.is_some()
                })
                .map(move |(oi, _)| (ai, oi))
        })
        .collect();
    let members = (0..sc.institutions.len())
        .map(|k| w.members(k).to_vec())
        .collect();
    let members_gen = w.members_gen;
    let mut terms = Vec::new();
    for (a, agr) in sc.agreements.iter().enumerate() {
        if agr.duration_years.is_some() {
            terms.push(Term::Agreement(a));
        }
        for (p, ph) in agr.phases.iter().enumerate() {
            if ph.duration_years.is_some() {
                terms.push(Term::Phase(a, p));
            }
        }
        for (o, ob) in agr.obligations.iter().enumerate() {
            if ob.duration_years.is_some() {
                terms.push(Term::Obligation(a, o));
            }
        }
    }
    // An architecture's force posture takes effect at the start of its day, before the events.
    let mut posture: Vec<(Date, usize)> = sc
        .world
        .changes
        .iter()
        .enumerate()
        .filter_map(|(k, c)| match c {
            WorldChange::Forces { basis, .. } => Some((basis.date, k)),
            _ => None,
        })
        .collect();
    posture.sort();
    let mut run = Run {
        posture,
        posture_next: 0,
        terms,
        members,
        members_gen,
        ix: &ix,
        w,
        ob,
        statuses,
        touched,
        limit_hits: BTreeSet::new(),
        limit_obs,
        status_set: false,
    };
    let mut steps = Vec::with_capacity(items.len());
    let mut last: Option<Arc<Snapshot>> = None;
    // The days on which the scenario's own records change (a membership begins or ends, an
    // agreement changes status): a change between two events is reported on its day, never
    // under the next event.
    let mut recorded: BTreeSet<Date> = BTreeSet::new();
    for inst in &sc.institutions {
        for m in &inst.memberships {
            recorded.extend(m.from.iter().chain(m.until.iter()).copied());
        }
    }
    for a in &sc.agreements {
        recorded.extend(a.dates.values().copied());
    }
    for item in &items {
        let e = match item {
            Item::Event(_, e) => *e,
            Item::Defect(_, e) => e,
        };
        // Records of the scenario that change before the event, each on its own day (with the
        // terms that run out before it).
        let due: Vec<Date> = if run.w.date < e.date {
            recorded
                .range((
                    std::ops::Bound::Excluded(run.w.date),
                    std::ops::Bound::Excluded(e.date),
                ))
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        for d in due {
            while let Some((t, what)) = run.next_term_end(d) {
                run.status_set = false;
                let mut changes = Vec::new();
                run.w.set_date(&ix, t);
                run.derive(&mut changes);
                if changes.is_empty() {
                    continue;
                }
                steps.push(run.quiet_step(
                    opts.snapshots,
                    &mut last,
                    t,
                    "expiry",
                    format!("the term of {} runs out", what.join(", ")),
                    changes,
                ));
            }
            run.status_set = false;
            let mut changes = Vec::new();
            run.w.set_date(&ix, d);
            run.member_changes(&mut changes);
            run.derive(&mut changes);
            if changes.is_empty() {
                continue;
            }
            steps.push(run.quiet_step(
                opts.snapshots,
                &mut last,
                d,
                "recorded",
                "as the scenario records".into(),
                changes,
            ));
        }
        // Terms that run out before the event are reported on the day they end.
        while let Some((t, what)) = run.next_term_end(e.date) {
            run.status_set = false;
            let mut changes = Vec::new();
            // (memberships the scenario's dates change meanwhile are reported with the event)
            run.w.set_date(&ix, t);
            run.derive(&mut changes);
            if changes.is_empty() {
                continue;
            }
            steps.push(run.quiet_step(
                opts.snapshots,
                &mut last,
                t,
                "expiry",
                format!("the term of {} runs out", what.join(", ")),
                changes,
            ));
        }
        run.status_set = false;
        let changes = match item {
            Item::Event(..) => run.apply(e),
            Item::Defect(d, _) => run.defect(d),
        };
        let state = if opts.snapshots {
            let dirty = run.status_set
                || changes.iter().any(|c| {
                    matches!(
                        c,
                        Change::AgreementStatus { .. }
                            | Change::PhaseOpened { .. }
                            | Change::PhaseClosed { .. }
                            | Change::InForce { .. }
                            | Change::Ended { .. }
                            | Change::Pending { .. }
                            | Change::Breach { .. }
                            | Change::Released { .. }
                            | Change::Verified { .. }
                    )
                });
            match &last {
                Some(prev) if !dirty => Some(prev.clone()),
                _ => {
                    let snap = Arc::new(run.snapshot());
                    last = Some(snap.clone());
                    Some(snap)
                }
            }
        } else {
            None
        };
        let (index, order, event) = match item {
            Item::Event(i, e) => (*i, e.order, describe(e)),
            Item::Defect(d, _) => (0, 0, d.describe()),
        };
        steps.push(Step {
            index,
            date: e.date,
            order,
            kind: e.kind.clone(),
            event,
            source: e.source.clone(),
            changes,
            state,
        });
    }
    Ok(Replay {
        timeline: tl.id.clone(),
        name: tl.name.clone(),
        kind: tl.kind.clone(),
        steps,
    })
}

impl Run<'_, '_> {
    /// A step the replay adds between the recorded events (a term running out, a change the
    /// scenario's dates make): no index or source of its own, and a fresh snapshot when asked.
    fn quiet_step(
        &self,
        snapshots: bool,
        last: &mut Option<Arc<Snapshot>>,
        date: Date,
        kind: &str,
        event: String,
        changes: Vec<Change>,
    ) -> Step {
        let state = snapshots.then(|| {
            let snap = Arc::new(self.snapshot());
            *last = Some(snap.clone());
            snap
        });
        Step {
            index: 0,
            date,
            order: 0,
            kind: kind.into(),
            event,
            source: None,
            changes,
            state,
        }
    }

    /// The first day after the world's date and before `before` on which a term runs out (an
    /// agreement's, an open phase's or an obligation's in force), with what runs out then.
    fn next_term_end(&self, before: Date) -> Option<(Date, Vec<String>)> {
        let ix = self.ix;
        let sc = ix.sc;
        let now = self.w.date;
        let mut best: Option<(Date, Vec<String>)> = None;
        for term in &self.terms {
            let a = match *term {
                Term::Agreement(a) | Term::Phase(a, _) | Term::Obligation(a, _) => a,
            };
            if !self.w.binding(ix, a) {
                continue;
            }
            let agr = &sc.agreements[a];
            let (start, years, what) = match *term {
                Term::Agreement(a) => (
                    self.w.in_force_since(ix, a),
                    agr.duration_years,
                    format!("`{}`", agr.id),
                ),
                Term::Phase(a, p) => match self.w.phase(a, p) {
                    PhaseState::Open(s) => (
                        Some(s),
                        agr.phases[p].duration_years,
                        format!("phase `{}.{}`", agr.id, agr.phases[p].id),
                    ),
                    _ => continue,
                },
                Term::Obligation(a, o) => {
                    if self.ob[a][o] != Truth::True {
                        continue;
                    }
                    let start = match ix.ob_phase[a][o].map(|p| self.w.phase(a, p)) {
                        Some(PhaseState::Open(s)) => Some(s),
                        Some(_) => None,
                        None => self.w.in_force_since(ix, a),
                    };
                    (
                        start,
                        agr.obligations[o].duration_years,
                        format!("`{}.{}`", agr.id, agr.obligations[o].id),
                    )
                }
            };
            let (Some(s), Some(y)) = (start, years) else {
                continue;
            };
            let end = add_years(s, y);
            if end <= now || end >= before {
                continue;
            }
            match &mut best {
                Some((d, w)) if *d == end => w.push(what),
                Some((d, _)) if *d < end => {}
                _ => best = Some((end, vec![what])),
            }
        }
        best
    }

    fn set_member(&mut self, inst: &str, actor: &str, st: Option<Status>, ch: &mut Vec<Change>) {
        let Some(k) = self.ix.institution(inst) else {
            return;
        };
        self.w
            .member_over
            .insert((k, actor.to_string()), (st, self.w.date));
        self.w.refresh_members(self.ix, true);
        if st != Some(Status::Member) {
            ch.push(Change::Membership {
                institution: inst.into(),
                actor: actor.into(),
                status: st.map(|s| s.as_str().to_string()),
            });
        }
    }

    /// Report full members who joined or left since the last step (by event or by the
    /// scenario's membership dates).
    fn member_changes(&mut self, ch: &mut Vec<Change>) {
        if self.w.members_gen == self.members_gen {
            return;
        }
        self.members_gen = self.w.members_gen;
        for k in 0..self.members.len() {
            let now = self.w.members(k);
            if now == self.members[k].as_slice() {
                continue;
            }
            let inst = &self.ix.sc.institutions[k].id;
            for a in now {
                if self.members[k].binary_search(a).is_err() {
                    ch.push(Change::Membership {
                        institution: inst.clone(),
                        actor: a.clone(),
                        status: Some("member".into()),
                    });
                }
            }
            for a in &self.members[k] {
                if now.binary_search(a).is_err() {
                    ch.push(Change::Membership {
                        institution: inst.clone(),
                        actor: a.clone(),
                        status: None,
                    });
                }
            }
            self.members[k] = now.to_vec();
        }
    }

    fn set_status(&mut self, ag: usize, status: &str) {
        self.w.set_status(self.ix, ag, status);
        self.status_set = true;
        self.touched[ag] = true;
    }

    /// Apply the world's force posture dated on or before `date` not applied yet, reporting each
    /// level it sets; true when one did.
    fn apply_posture(&mut self, date: Date, ch: &mut Vec<Change>) -> bool {
        let sc = self.ix.sc;
        let mut changed = false;
        while let Some(&(d, k)) = self.posture.get(self.posture_next) {
            if d > date {
                break;
            }
            self.posture_next += 1;
            let c = &sc.world.changes[k];
            if let WorldChange::Forces {
                actor, zone, force, ..
            } = c
            {
                if self.w.forces.apply_posture(c) {
                    changed = true;
                    ch.push(Change::ForceLevel {
                        actor: actor.clone(),
                        zone: zone.clone(),
                        quantity: force.clone(),
                        level: self.w.forces.recorded(actor, zone, force).unwrap_or(0.0),
                        limit: None,
                        limited_by: None,
                    });
                }
            }
        }
        changed
    }

    /// An event puts the agreement in force, unless it needs ratification, is not in force
    /// already and some party has not ratified: then it waits for the last ratification.
    fn enter_into_force(&mut self, ag: usize, ch: &mut Vec<Change>) {
        // Already in force (by the scenario's record or an earlier event): nothing to wait for.
        let outstanding = if crate::world::binds(self.w.status(self.ix, ag)) {
            Vec::new()
        } else {
            self.w.outstanding_ratifications(self.ix, ag)
        };
        if outstanding.is_empty() {
            self.w.awaiting.remove(&ag);
            self.set_status(ag, "in_force");
        } else {
            self.w.awaiting.insert(ag);
            ch.push(Change::AwaitingRatification {
                agreement: self.ix.sc.agreements[ag].id.clone(),
                outstanding,
            });
        }
    }

    /// A ratification: recorded when the actor is a party; the last one puts in force an
    /// agreement whose entry into force was waiting for it.
    fn ratify(&mut self, ag: usize, actor: &str, ch: &mut Vec<Change>) {
        let ix = self.ix;
        let agr = &ix.sc.agreements[ag];
        let party = self.w.covers_any(ix, ag, &agr.parties, actor);
        if party {
            self.w.ratified.insert((ag, actor.to_string()));
        }
        let outstanding = self.w.outstanding_ratifications(ix, ag);
        let complete = party && outstanding.is_empty();
        ch.push(Change::Ratification {
            agreement: agr.id.clone(),
            actor: actor.into(),
            party,
            outstanding,
        });
        if complete && self.w.awaiting.remove(&ag) {
            self.set_status(ag, "in_force");
        }
    }

    /// A defection: the party breaches every obligation it bears that is in force and that no
    /// event has to set off (in the agreements named, or in every agreement that binds); each
    /// breach then sets off what a breach of that agreement sets off, and the other parties'
    /// obligations towards the party in breach are released.
    fn defect(&mut self, d: &Defection) -> Vec<Change> {
        let ix = self.ix;
        let sc = ix.sc;
        let mut ch = Vec::new();
        self.w.set_date(ix, d.from);
        let posture_changed = self.apply_posture(d.from, &mut ch);
        if posture_changed {
            self.check_limits(None, &mut ch);
        }
        let what = format!("defects from {}", d.from);
        let mut breached: Vec<usize> = Vec::new();
        for (ai, ag) in sc.agreements.iter().enumerate() {
            let named = d.agreements.contains(&ag.id);
            if !d.agreements.is_empty() && !named {
                continue;
            }
            if !self.w.binding(ix, ai) {
                if named {
                    ch.push(Change::NothingToBreach {
                        agreement: ag.id.clone(),
                        party: d.party.clone(),
                        why: format!(
                            "`{}` is {} on {}: it binds no one",
                            ag.id,
                            self.w.status(ix, ai),
                            d.from
                        ),
                    });
                }
                continue;
            }
            // The party's own obligations: an institution named as bearer acts as a body, so its
            // members do not bear what it bears (the OSCE's monitoring is not Russia's).
            let bears = |p: &Party| match p {
                Party::Institution(i) => *i == d.party,
                Party::Parties => ag.parties.iter().any(|q| match q {
                    Party::Institution(i) => *i == d.party,
                    Party::Parties => false,
                    q => self.w.covers(ix, ai, q, &d.party),
                }),
                p => self.w.covers(ix, ai, p, &d.party),
            };
            let own: Vec<usize> = ag
                .obligations
                .iter()
                .enumerate()
                .filter(|(oi, o)| {
                    o.trigger.is_none()
                        && o.bearer.iter().any(bears)
                        && self.w.obligation(ix, ai, *oi, None) == Truth::True
                })
                .map(|(oi, _)| oi)
                .collect();
            let any = !own.is_empty();
            for oi in own {
                self.breach(ai, Some(oi), &d.party, what.clone(), &mut ch);
            }
            if any {
                breached.push(ai);
            } else if named {
                ch.push(Change::NothingToBreach {
                    agreement: ag.id.clone(),
                    party: d.party.clone(),
                    why: format!(
                        "no obligation of {} under `{}` is in force on {} (obligations an event sets off are breached only by that event)",
                        d.party, ag.id, d.from
                    ),
                });
            }
        }
        // What each breach sets off, once every breach is recorded: a guarantor also bound by a
        // pact the defector has broken is no longer held back by it.
        let before = ch.len();
        for &ai in &breached {
            let inc = Incident {
                kind: IncidentKind::Breach,
                actor: d.party.clone(),
                subject: None,
                place: None,
                agreement: Some(sc.agreements[ai].id.clone()),
            };
            self.incident(&inc, &mut ch);
        }
        // The incidents record the breach of each agreement again: keep the first record.
        let mut seen: BTreeSet<(String, String)> = ch[..before]
            .iter()
            .filter_map(|c| match c {
                Change::Breach { agreement, by, .. } => Some((agreement.clone(), by.clone())),
                _ => None,
            })
            .collect();
        let mut k = 0;
        ch.retain(|c| {
            k += 1;
            match c {
                Change::Breach { agreement, by, .. } if k > before => {
                    seen.insert((agreement.clone(), by.clone()))
                }
                _ => true,
            }
        });
        // Reciprocity: the other parties' obligations in force towards the party in breach.
        for &ai in &breached {
            let ag = &sc.agreements[ai];
            for (oi, o) in ag.obligations.iter().enumerate() {
                if o.trigger.is_some()
                    || self.w.obligation(ix, ai, oi, None) != Truth::True
                    || !(o.beneficiary.is_empty()
                        || self.w.covers_any(ix, ai, &o.beneficiary, &d.party))
                {
                    continue;
                }
                let mut bearers = self.w.expand_all(ix, ai, &o.bearer);
                bearers.retain(|b| b != &d.party && self.w.covers_any(ix, ai, &ag.parties, b));
                bearers.sort();
                bearers.dedup();
                if bearers.is_empty() {
                    continue;
                }
                ch.push(Change::Released {
                    agreement: ag.id.clone(),
                    obligation: o.id.clone(),
                    clause: o.clause.clone(),
                    kind: o.kind,
                    bearers,
                    towards: d.party.clone(),
                    source: source_of(ag, o),
                });
            }
        }
        // (memberships the scenario's dates change on the day are reported with the day's event)
        self.derive(&mut ch);
        ch
    }

    fn breach(
        &mut self,
        ag: usize,
        ob: Option<usize>,
        by: &str,
        what: String,
        ch: &mut Vec<Change>,
    ) {
        let a = &self.ix.sc.agreements[ag];
        let o = ob.map(|i| &a.obligations[i]);
        self.w.breached[ag] = true;
        self.w.breakers.insert((ag, by.to_string()));
        self.touched[ag] = true;
        ch.push(Change::Breach {
            agreement: a.id.clone(),
            obligation: o.map(|o| o.id.clone()).unwrap_or_default(),
            clause: o.and_then(|o| o.clause.clone()),
            by: by.into(),
            what,
            source: o.map_or_else(|| a.source.clone(), |o| source_of(a, o)),
        });
    }

    fn incident(&mut self, inc: &Incident, ch: &mut Vec<Change>) {
        let ans = obligations(self.ix, &self.w, inc);
        for b in &ans.broken {
            if let Some(ag) = self.ix.agreement(&b.agreement) {
                let ob = self.ix.sc.agreements[ag]
                    .obligations
                    .iter()
                    .position(|o| o.id == b.obligation);
                self.breach(
                    ag,
                    ob,
                    &b.by,
                    format!("{} ({})", inc.describe(), b.kind),
                    ch,
                );
            }
        }
        let mut groups: Vec<Change> = Vec::new();
        for d in &ans.duties {
            let conf = d.conflicts.iter().map(|c| {
                format!(
                    "{}: {}.{} ({})",
                    d.bearer, c.agreement, c.obligation, c.kind
                )
            });
            if let Some(Change::Triggered {
                agreement,
                obligation,
                beneficiary,
                bearers,
                conflicts,
                ..
            }) = groups.last_mut()
            {
                if *agreement == d.agreement
                    && *obligation == d.obligation
                    && *beneficiary == d.beneficiary
                {
                    bearers.push(d.bearer.clone());
                    conflicts.extend(conf);
                    continue;
                }
            }
            groups.push(Change::Triggered {
                agreement: d.agreement.clone(),
                obligation: d.obligation.clone(),
                clause: d.clause.clone(),
                kind: d.kind,
                strength: d.strength,
                bearers: vec![d.bearer.clone()],
                beneficiary: d.beneficiary.clone(),
                applies: d.applies,
                conflicts: conf.collect(),
                source: d.source.clone(),
            });
        }
        ch.extend(groups);
    }

    fn find_ceasefires(&self, actor: Option<&str>) -> Vec<usize> {
        let sc = self.ix.sc;
        (0..sc.agreements.len())
            .filter(|&i| {
                sc.agreements[i].kind == entente_scenario::AgreementKind::Ceasefire
                    && actor
                        .is_none_or(|a| self.w.covers_any(self.ix, i, &sc.agreements[i].parties, a))
            })
            .collect()
    }

    fn apply(&mut self, e: &Event) -> Vec<Change> {
        let ix = self.ix;
        let sc = ix.sc;
        let mut ch = Vec::new();
        self.w.set_date(ix, e.date);
        let ag = e.agreement.as_deref().and_then(|a| ix.agreement(a));
        let who = e.subject.as_deref().or(e.actor.as_deref());
        let posture_changed = self.apply_posture(e.date, &mut ch);
        let mut forces_changed = false;
        match e.kind.as_str() {
            "accession" => {
                if let (Some(i), Some(x)) = (&e.institution, who) {
                    self.set_member(i, x, Some(Status::Member), &mut ch);
                    self.pledges_on_accession(i, x, &mut ch);
                }
            }
            "application" => {
                if let (Some(i), Some(x)) = (&e.institution, who) {
                    self.set_member(i, x, Some(Status::Applicant), &mut ch);
                }
            }
            "withdrawal" => {
                if let (Some(i), Some(x)) = (&e.institution, e.actor.as_deref()) {
                    self.set_member(i, x, None, &mut ch);
                } else if let (Some(a), Some(x)) = (ag, e.actor.as_deref()) {
                    if e.quantity.is_empty() {
                        self.w.withdrawn.insert((a, x.to_string()));
                        self.w.refresh_members(ix, true);
                    }
                }
                forces_changed |= self.w.forces.apply_event(e);
            }
            "status_change" => {
                if let (Some(i), Some(x), Some(s)) = (&e.institution, who, &e.status) {
                    let st = if matches!(s.as_str(), "none" | "left" | "former") {
                        None
                    } else {
                        Status::parse(s)
                    };
                    self.set_member(i, x, st, &mut ch);
                } else if let (Some(a), Some(s)) = (ag, &e.status) {
                    if s == "in_force" {
                        self.enter_into_force(a, &mut ch);
                    } else {
                        self.set_status(a, s);
                    }
                    if s == "breached" {
                        self.w.breached[a] = true;
                    }
                }
            }
            "signature" => {
                if let Some(a) = ag {
                    if !crate::world::binds(self.w.status(ix, a)) {
                        self.set_status(a, "signed");
                    }
                }
            }
            "entry_into_force" => {
                if let Some(a) = ag {
                    self.enter_into_force(a, &mut ch);
                }
            }
            "ceasefire" => {
                let targets = match ag {
                    Some(a) => vec![a],
                    None => self.find_ceasefires(e.actor.as_deref()),
                };
                for a in targets {
                    self.enter_into_force(a, &mut ch);
                }
            }
            "ratification" => {
                if let (Some(a), Some(x)) = (ag, e.actor.as_deref()) {
                    self.ratify(a, x, &mut ch);
                }
            }
            "verification" => {
                if let Some(act) = &e.action {
                    let ok = !matches!(
                        e.status.as_deref(),
                        Some("failed" | "not_verified" | "false" | "refuted")
                    );
                    match ix.action(act) {
                        Some(n) => self.w.verified[n as usize] = Some(ok),
                        None => {
                            if ok {
                                self.w.other_verified.insert(act.clone());
                            }
                        }
                    }
                    ch.push(Change::Verified {
                        action: act.clone(),
                        verified: ok,
                    });
                }
            }
            "sanctions_change" => {
                if let Some(x) = &e.actor {
                    let mut relief = Vec::new();
                    for (a, agr) in sc.agreements.iter().enumerate() {
                        for (o, ob) in agr.obligations.iter().enumerate() {
                            if ob.kind == entente_scenario::ObligationKind::SanctionsRelief
                                && self.ob[a][o] == Truth::True
                                && self.w.covers_any(ix, a, &ob.bearer, x)
                            {
                                relief.push(format!("{}.{}", agr.id, ob.id));
                            }
                        }
                    }
                    ch.push(Change::Sanctions {
                        actor: x.clone(),
                        subject: e.subject.clone(),
                        status: e.status.clone(),
                        tranche: e.quantity.get("tranche").copied(),
                        relief_in_force: relief,
                    });
                }
            }
            "troop_movement" | "force_level" => {
                forces_changed |= self.w.forces.apply_event(e);
            }
            "armed_attack" | "hybrid_attack" | "limited_incursion" | "attack_on_forces_abroad" => {
                if let (Some(x), Some(y)) = (&e.actor, &e.subject) {
                    let inc = Incident {
                        kind: IncidentKind::parse(&e.kind).unwrap_or(IncidentKind::ArmedAttack),
                        actor: x.clone(),
                        subject: Some(y.clone()),
                        place: e.zone.clone(),
                        agreement: None,
                    };
                    self.incident(&inc, &mut ch);
                }
            }
            "breach" | "ceasefire_violation" => {
                if let Some(x) = &e.actor {
                    let kind = if e.kind == "breach" {
                        IncidentKind::Breach
                    } else {
                        IncidentKind::CeasefireViolation
                    };
                    let target = match (kind, ag) {
                        (_, Some(a)) => Some(sc.agreements[a].id.clone()),
                        (IncidentKind::CeasefireViolation, None) => self
                            .find_ceasefires(Some(x))
                            .first()
                            .map(|&a| sc.agreements[a].id.clone()),
                        _ => None,
                    };
                    let inc = Incident {
                        kind,
                        actor: x.clone(),
                        subject: e.subject.clone(),
                        place: e.zone.clone(),
                        agreement: target,
                    };
                    self.incident(&inc, &mut ch);
                }
            }
            _ => {}
        }
        if forces_changed {
            if let (Some(z), Some(x)) = (&e.zone, e.actor.as_deref()) {
                for k in e.quantity.keys() {
                    let level = self.w.forces.recorded(x, z, k).unwrap_or(0.0);
                    ch.push(Change::ForceLevel {
                        actor: x.into(),
                        zone: z.clone(),
                        quantity: k.clone(),
                        level,
                        limit: None,
                        limited_by: None,
                    });
                }
            }
        }
        self.member_changes(&mut ch);
        let newly_limited = self.derive(&mut ch);
        if forces_changed || posture_changed {
            for c in ch.iter_mut() {
                if let Change::ForceLevel {
                    actor,
                    zone,
                    quantity,
                    limit,
                    limited_by,
                    ..
                } = c
                {
                    if let Some((l, by)) = self.limit_on(actor, zone, quantity) {
                        *limit = Some(l);
                        *limited_by = Some(by);
                    }
                }
            }
        }
        if forces_changed || newly_limited || posture_changed {
            let before = ch.len();
            let only = if newly_limited || posture_changed {
                None
            } else {
                e.zone.as_deref()
            };
            self.check_limits(only, &mut ch);
            if ch.len() > before {
                self.derive(&mut ch);
            }
        }
        ch
    }

    /// Recompute phases, statuses and obligations after a change; true when a force limit has
    /// come into force.
    fn derive(&mut self, ch: &mut Vec<Change>) -> bool {
        let ix = self.ix;
        let sc = ix.sc;
        let mut phased = Vec::new();
        self.w.update_phases(ix, &mut phased);
        for (a, p, st) in phased {
            let agr = &sc.agreements[a];
            let ph = &agr.phases[p];
            ch.push(match st {
                PhaseState::Open(_) => Change::PhaseOpened {
                    agreement: agr.id.clone(),
                    phase: ph.id.clone(),
                    name: ph.name.clone(),
                },
                _ => Change::PhaseClosed {
                    agreement: agr.id.clone(),
                    phase: ph.id.clone(),
                    name: ph.name.clone(),
                },
            });
        }
        for a in 0..sc.agreements.len() {
            let s = self.w.status(ix, a);
            if s != self.statuses[a] {
                self.statuses[a] = s.to_string();
                ch.push(Change::AgreementStatus {
                    agreement: sc.agreements[a].id.clone(),
                    status: s.to_string(),
                });
            }
        }
        let mut newly_limited = false;
        for a in 0..sc.agreements.len() {
            let agr = &sc.agreements[a];
            for o in 0..agr.obligations.len() {
                let t = self.w.obligation(ix, a, o, None);
                let old = self.ob[a][o];
                if t == old {
                    continue;
                }
                self.ob[a][o] = t;
                let ob = &agr.obligations[o];
                match t {
                    Truth::True => {
                        newly_limited |= self.limit_obs.contains(&(a, o));
                        ch.push(Change::InForce {
                            agreement: agr.id.clone(),
                            obligation: ob.id.clone(),
                            clause: ob.clause.clone(),
                            kind: ob.kind,
                            source: source_of(agr, ob),
                        })
                    }
                    Truth::Unknown => {
                        let mut atoms = Vec::new();
                        self.w.obligation(ix, a, o, Some(&mut atoms));
                        ch.push(Change::Pending {
                            agreement: agr.id.clone(),
                            obligation: ob.id.clone(),
                            conditions: atoms,
                        })
                    }
                    Truth::False => ch.push(Change::Ended {
                        agreement: agr.id.clone(),
                        obligation: ob.id.clone(),
                        clause: ob.clause.clone(),
                    }),
                }
            }
        }
        newly_limited
    }

    fn pledges_on_accession(&mut self, inst: &str, x: &str, ch: &mut Vec<Change>) {
        let ix = self.ix;
        let sc = ix.sc;
        let mut hits = Vec::new();
        for (a, agr) in sc.agreements.iter().enumerate() {
            for (o, ob) in agr.obligations.iter().enumerate() {
                if self.w.obligation(ix, a, o, None) != Truth::True {
                    continue;
                }
                let in_zone = ob
                    .zone
                    .as_ref()
                    .is_none_or(|z| sc.zone(z).is_some_and(|z| z.members.iter().any(|m| m == x)));
                let inst_k = ix.institution(inst);
                let by_inst = ob.bearer.iter().any(|p| match p {
                    Party::Institution(i) | Party::MembersOf(i, _) => i == inst,
                    Party::Actor(a) => inst_k.is_some_and(|k| {
                        self.w
                            .members(k)
                            .binary_search_by(|m| m.as_str().cmp(a))
                            .is_ok()
                    }),
                    Party::Parties => false,
                });
                let hit = match ob.kind.as_str() {
                    "no_enlargement" => by_inst && in_zone,
                    "non_accession" | "neutrality" => self.w.covers_any(ix, a, &ob.bearer, x),
                    _ => false,
                };
                if hit {
                    let by = if ob.kind == entente_scenario::ObligationKind::NoEnlargement {
                        inst
                    } else {
                        x
                    };
                    hits.push((a, o, by.to_string()));
                }
            }
        }
        for (a, o, by) in hits {
            let kind = sc.agreements[a].obligations[o].kind;
            self.breach(
                a,
                Some(o),
                &by,
                format!("{x} accedes to {inst} against a {kind} pledge"),
                ch,
            );
        }
    }

    /// The level a limit on `zone` counts for a bearer: its own forces of the kind recorded in
    /// the zone and in places within it, or for `foreign_X`, everybody else's (nothing recorded
    /// counts as none: the limit is checked against what the timeline reports).
    fn level(&self, bearer: &str, zone: &str, key: &str) -> f64 {
        let sc = self.ix.sc;
        match key.strip_prefix("foreign_") {
            Some(k) => self.w.forces.foreign_in_zone(sc, bearer, zone, k),
            None => self.w.forces.in_zone(sc, bearer, zone, key),
        }
        .unwrap_or(0.0)
    }

    /// The limit in force on an actor's quantity in a zone, with the obligation setting it.
    fn limit_on(&self, actor: &str, zone: &str, key: &str) -> Option<(f64, String)> {
        let ix = self.ix;
        let sc = ix.sc;
        let foreign = format!("foreign_{key}");
        for &(a, o) in &self.limit_obs {
            if self.ob[a][o] != Truth::True {
                continue;
            }
            let agr = &sc.agreements[a];
            let ob = &agr.obligations[o];
            let Some(z) = &ob.zone else { continue };
            if !crate::obligations::place_within(sc, zone, z) {
                continue;
            }
            let bears = self.w.covers_any(ix, a, &ob.bearer, actor);
            let lim = if bears {
                ob.limit
                    .get(key)
                    .copied()
                    .or_else(|| ob.limit.is_empty().then_some(0.0))
            } else {
                ob.limit.get(&foreign).copied()
            };
            if let Some(l) = lim {
                return Some((l, format!("{}.{}", agr.id, ob.id)));
            }
        }
        None
    }

    /// Check the force limits in force (only those on `zone` when one is given).
    fn check_limits(&mut self, only: Option<&str>, ch: &mut Vec<Change>) {
        let ix = self.ix;
        let sc = ix.sc;
        for i in 0..self.limit_obs.len() {
            let (a, o) = self.limit_obs[i];
            if self.ob[a][o] != Truth::True {
                continue;
            }
            let agr = &sc.agreements[a];
            let ob = &agr.obligations[o];
            let Some(zone) = &ob.zone else { continue };
            if only.is_some_and(|z| !crate::obligations::place_within(sc, z, zone)) {
                continue;
            }
            let bearers = self.w.expand_all(ix, a, &ob.bearer);
            let limits: Vec<(String, f64)> = if ob.limit.is_empty() {
                self.w
                    .forces
                    .kinds()
                    .into_iter()
                    .map(|k| (k, 0.0))
                    .collect()
            } else {
                ob.limit.iter().map(|(k, v)| (k.clone(), *v)).collect()
            };
            for b in &bearers {
                for (k, lim) in &limits {
                    let level = self.level(b, zone, k);
                    let known = self
                        .limit_hits
                        .iter()
                        .any(|(a2, o2, b2, k2)| *a2 == a && *o2 == o && b2 == b && k2 == k);
                    if level > *lim {
                        if !known {
                            self.limit_hits.insert((a, o, b.clone(), k.clone()));
                            self.breach(
                                a,
                                Some(o),
                                b,
                                format!("{k} in zone {zone}: {level} against a limit of {lim}"),
                                ch,
                            );
                        }
                    } else if known {
                        self.limit_hits.remove(&(a, o, b.clone(), k.clone()));
                    }
                }
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        let ix = self.ix;
        let sc = ix.sc;
        let mut s = Snapshot {
            agreements: Vec::new(),
            phases_open: Vec::new(),
            phases_closed: Vec::new(),
            obligations_in_force: Vec::new(),
            waiting: Vec::new(),
            breached: Vec::new(),
        };
        for (a, agr) in sc.agreements.iter().enumerate() {
            if self.touched[a] && self.w.binding(ix, a) {
                s.agreements
                    .push((agr.id.clone(), self.w.status(ix, a).to_string()));
            }
            if self.w.is_breached(a) {
                s.breached.push(agr.id.clone());
            }
            for (p, ph) in agr.phases.iter().enumerate() {
                match self.w.phase(a, p) {
                    PhaseState::Open(_) => s.phases_open.push(format!("{}.{}", agr.id, ph.id)),
                    PhaseState::Ended(_) => s.phases_closed.push(format!("{}.{}", agr.id, ph.id)),
                    PhaseState::Closed => {}
                }
            }
            for (o, ob) in agr.obligations.iter().enumerate() {
                let contingent = ob.phase.is_some() || ob.when.is_some();
                match self.ob[a][o] {
                    Truth::True if contingent || self.touched[a] => {
                        s.obligations_in_force.push(format!("{}.{}", agr.id, ob.id))
                    }
                    Truth::Unknown => {
                        let mut atoms = Vec::new();
                        self.w.obligation(ix, a, o, Some(&mut atoms));
                        s.waiting.push((
                            format!("{}.{}", agr.id, ob.id),
                            atoms
                                .into_iter()
                                .filter(|x| x.holds == Truth::Unknown)
                                .map(|x| x.atom)
                                .collect(),
                        ));
                    }
                    _ => {}
                }
            }
        }
        s
    }
}

impl Change {
    /// The change in words, as every front end shows it.
    pub fn describe(&self) -> String {
        let c = self;
        let cl = |c: &Option<String>| c.as_deref().map(|x| format!(" [{x}]")).unwrap_or_default();
        match c {
            Change::Membership {
                institution,
                actor,
                status,
            } => match status {
                Some(s) if s == "member" => format!("{actor} joins {institution} as a full member"),
                Some(s) => format!("{actor} is now {} in {institution}", s.replace('_', " ")),
                // A suspension, an opt-out or a withdrawal: the change says only what is known.
                None => format!("{actor} is no longer a full member of {institution}"),
            },
            Change::AgreementStatus { agreement, status } => format!("{agreement} is now {status}"),
            Change::PhaseOpened {
                agreement,
                phase,
                name,
            } => {
                format!("phase {agreement}.{phase} opens ({name})")
            }
            Change::PhaseClosed {
                agreement,
                phase,
                name,
            } => {
                format!("phase {agreement}.{phase} closes ({name})")
            }
            Change::InForce {
                agreement,
                obligation,
                clause,
                kind,
                ..
            } => {
                format!("in force: {agreement}.{obligation} ({kind}){}", cl(clause))
            }
            Change::Ended {
                agreement,
                obligation,
                clause,
            } => {
                format!("no longer in force: {agreement}.{obligation}{}", cl(clause))
            }
            Change::Pending {
                agreement,
                obligation,
                conditions,
            } => {
                let unknown: Vec<String> = conditions
                    .iter()
                    .map(|a| format!("{} = {}", a.atom, a.holds))
                    .collect();
                format!(
                    "waiting: {agreement}.{obligation} on {}",
                    unknown.join(", ")
                )
            }
            Change::Verified { action, verified } => {
                if *verified {
                    format!("verified: {action}")
                } else {
                    format!("verification failed: {action}")
                }
            }
            Change::ForceLevel {
                actor,
                zone,
                quantity,
                level,
                limit,
                limited_by,
            } => match (limit, limited_by) {
                (Some(l), Some(by)) => {
                    format!("{actor} {quantity} in {zone}: {level} (limit {l} under {by})")
                }
                _ => format!("{actor} {quantity} in {zone}: {level}"),
            },
            Change::Triggered {
                agreement,
                obligation,
                clause,
                kind,
                strength,
                bearers,
                beneficiary,
                applies,
                conflicts,
                ..
            } => {
                let who = if bearers.len() > 8 {
                    format!("{} parties", bearers.len())
                } else {
                    bearers.join(" ")
                };
                format!(
                    "set off: {agreement}.{obligation}{} {kind}/{} by {who}{}{}{}",
                    cl(clause),
                    strength.map_or("-", |s| s.as_str()),
                    if beneficiary.is_empty() {
                        String::new()
                    } else {
                        format!(" for {beneficiary}")
                    },
                    if *applies == Truth::Unknown {
                        " (unknown: a judgement call)"
                    } else {
                        ""
                    },
                    if conflicts.is_empty() {
                        String::new()
                    } else {
                        format!("; CONFLICT, also bound by {}", conflicts.join("; "))
                    }
                )
            }
            Change::Sanctions {
                actor,
                subject,
                status,
                tranche,
                relief_in_force,
            } => {
                let relaxing = matches!(status.as_deref(), Some("relaxed" | "lifted" | "eased"));
                format!(
                    "{actor} sanctions on {}: {}{}{}",
                    subject.as_deref().unwrap_or("?"),
                    status.as_deref().unwrap_or("changed"),
                    tranche
                        .map(|t| format!(" (tranche {t})"))
                        .unwrap_or_default(),
                    if !relief_in_force.is_empty() {
                        format!(", under {}", relief_in_force.join(", "))
                    } else if relaxing {
                        ", AHEAD of any relief obligation in force".to_string()
                    } else {
                        String::new()
                    }
                )
            }
            Change::Ratification {
                agreement,
                actor,
                party,
                outstanding,
            } => {
                if !*party {
                    format!(
                        "{actor} ratifies {agreement} but is NOT a party: it counts for nothing"
                    )
                } else if outstanding.is_empty() {
                    format!("{actor} ratifies {agreement}")
                } else {
                    format!(
                        "{actor} ratifies {agreement}; still to ratify: {}",
                        outstanding.join(" ")
                    )
                }
            }
            Change::AwaitingRatification {
                agreement,
                outstanding,
            } => format!(
                "{agreement} does NOT enter into force: it needs ratification, and {} {} not ratified; it enters into force with the last ratification",
                outstanding.join(" "),
                if outstanding.len() == 1 {
                    "has"
                } else {
                    "have"
                }
            ),
            Change::Released {
                agreement,
                obligation,
                clause,
                kind,
                bearers,
                towards,
                ..
            } => {
                let who = if bearers.len() > 8 {
                    format!("{} parties", bearers.len())
                } else {
                    bearers.join(" ")
                };
                format!(
                    "released: {agreement}.{obligation}{} ({kind}) no longer binds {who} towards {towards}, in breach of {agreement} (VCLT Art. 60)",
                    cl(clause)
                )
            }
            Change::NothingToBreach { why, party, .. } => {
                format!("nothing for {party} to breach: {why}")
            }
            Change::Breach {
                agreement,
                obligation,
                clause,
                by,
                what,
                source,
            } => format!(
                "BREACH of {agreement}{}{} by {by}: {what}{}",
                if obligation.is_empty() {
                    String::new()
                } else {
                    format!(".{obligation}")
                },
                cl(clause),
                source
                    .as_deref()
                    .map(|s| format!(" — {s}"))
                    .unwrap_or_default()
            ),
        }
    }
}

/// A timeline replayed over the scenario up to a date (every event when `until` is None), as the
/// changes of a world: memberships and agreements' statuses changed, actions verified, force
/// levels set and breaches recorded, each dated on its event's day with the event's source. An
/// architecture that applies a timeline is the scenario with these changes
/// ([`entente_scenario::architecture::apply_changes`]), so every question sees the state after
/// the replay. Also returns the date of the last event applied.
pub fn world_changes(
    sc: &Scenario,
    tl: &Timeline,
    until: Option<Date>,
) -> Result<(Vec<entente_scenario::architecture::Change>, Option<Date>), Error> {
    world_changes_with(sc, tl, until, &[])
}

/// [`world_changes`] of the timeline replayed with defections ([`replay_with`]): their
/// breaches are recorded in the world like those of events.
pub fn world_changes_with(
    sc: &Scenario,
    tl: &Timeline,
    until: Option<Date>,
    defections: &[Defection],
) -> Result<(Vec<entente_scenario::architecture::Change>, Option<Date>), Error> {
    use entente_scenario::architecture::{Basis, Change as W};
    let r = replay_with(sc, tl, Options { snapshots: false }, defections)?;
    let mut out = Vec::new();
    let mut last = None;
    for step in r.steps.iter().filter(|s| until.is_none_or(|u| s.date <= u)) {
        last = Some(step.date);
        let basis = || Basis {
            date: step.date,
            source: step.source.clone(),
            assumption: false,
        };
        for c in &step.changes {
            match c {
                Change::Membership {
                    institution,
                    actor,
                    status,
                } => {
                    let status = match status {
                        None => None,
                        Some(s) => match Status::parse(s) {
                            Some(x) => Some(x),
                            None => continue,
                        },
                    };
                    out.push(W::Membership {
                        institution: institution.clone(),
                        actor: actor.clone(),
                        status,
                        zones: Vec::new(),
                        basis: basis(),
                    });
                }
                Change::AgreementStatus { agreement, status } => {
                    if let Some(st) = entente_scenario::AgreementStatus::parse(status) {
                        out.push(W::Agreement {
                            agreement: agreement.clone(),
                            status: st,
                            basis: basis(),
                        });
                    }
                }
                Change::Verified {
                    action,
                    verified: true,
                } => out.push(W::Verified {
                    action: action.clone(),
                    basis: basis(),
                }),
                Change::ForceLevel {
                    actor,
                    zone,
                    quantity,
                    level,
                    ..
                } => out.push(W::Forces {
                    actor: actor.clone(),
                    zone: zone.clone(),
                    force: quantity.clone(),
                    level: Some(*level),
                    scale: None,
                    basis: basis(),
                }),
                Change::Breach {
                    agreement,
                    by,
                    what,
                    ..
                } => out.push(W::Breach {
                    agreement: agreement.clone(),
                    by: by.clone(),
                    what: what.clone(),
                    basis: basis(),
                }),
                _ => {}
            }
        }
    }
    Ok((out, last))
}
