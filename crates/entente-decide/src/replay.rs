//! Replaying a staged procedure (M3): the scenario's dated events for one subject, run over the
//! stages of a decision type (e.g. NATO accession: invitation → protocol signature → every
//! member's ratification → the candidate's deposit), as of any date.
//!
//! Events count when they name the institution, the decision and the subject; they are taken in
//! (date, order) order, so several events of one day replay in the order the timeline gives.
//!
//! - A `vote` or `act` stage is done at the first event of its kind (`event` of the stage; a vote
//!   stage without one waits for a `decision` event).
//! - An `each_member` stage concerns the full members on the day the previous stage was done
//!   (the parties that signed the protocol; a state that joins later is not asked). A member is
//!   done when its last step (its own `member_steps`, else the stage's `steps`) is recorded. A
//!   recorded step implies the earlier ones (reported as `implied`, without a date).
//! - A `candidate` stage is done when the subject's last step is recorded.
//! - A stage not recorded but followed by a recorded later stage is taken as done (implied):
//!   the law makes the later one impossible without it. Nothing is ever given an invented date.
//!
//! The procedure is complete when every stage is done; `effective` is then the date of the last
//! stage (for an accession: the deposit of the instrument of accession, the legal date). ATOP
//! dates alliance membership from the signature of the accession protocol instead, for
//! accessions that completed: `effective_signature` gives that date.

use entente_scenario::{Event, Procedure, Scenario, StageKind};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use crate::decide::{ClauseRef, Outcome, clause_ref, institution_and_decision};
use crate::{Error, ErrorKind};

/// Which procedure to replay, and as of when.
#[derive(Debug, Clone)]
pub struct ReplayQuery {
    /// Institution id.
    pub institution: String,
    /// Decision type id (a staged procedure).
    pub decision: String,
    /// The subject (e.g. the candidate).
    pub subject: String,
    /// As of this date (events after it are ignored).
    pub date: Date,
}

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StepDone {
    /// Step name (parliament, head_of_state, deposit, ...), or the event kind for a stage done
    /// by one event.
    pub step: String,
    /// Date, or null when the step is only implied by a later one.
    #[schemars(with = "Option<String>")]
    pub date: Option<Date>,
    /// Order within the day.
    pub order: i64,
    /// The event kind that recorded it.
    pub kind: Option<String>,
    /// True when no event records it but a later recorded step presupposes it.
    pub implied: bool,
    /// Source of the event.
    pub source: Option<String>,
}

/// One member in an `each_member` stage.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MemberProgress {
    /// Member id.
    pub id: String,
    /// Its steps in order, done or implied so far.
    pub done: Vec<StepDone>,
    /// Its steps still outstanding.
    pub outstanding: Vec<String>,
    /// The date its procedure was complete, if it is.
    #[schemars(with = "Option<String>")]
    pub complete: Option<Date>,
    /// Other recorded steps of this member for this procedure (e.g. a deposit where its
    /// procedure as modelled ends earlier), for information.
    pub other: Vec<StepDone>,
}

/// One stage.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StageProgress {
    /// Stage id.
    pub id: String,
    /// Name.
    pub name: String,
    /// vote, act, each_member or candidate.
    pub kind: String,
    /// done, current or waiting.
    pub status: String,
    /// The date the stage was done (null when waiting, current, or only implied).
    #[schemars(with = "Option<String>")]
    pub completed: Option<Date>,
    /// True when the stage is taken as done only because a later stage is recorded.
    pub implied: bool,
    /// The event(s) or steps recorded for it.
    pub steps: Vec<StepDone>,
    /// For an `each_member` stage: every member's progress.
    pub members: Vec<MemberProgress>,
    /// Clause.
    pub clause: Option<String>,
    /// Source of the stage's definition.
    pub source: Option<String>,
}

/// Where a staged procedure stands on a date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Replay {
    /// Institution id.
    pub institution: String,
    /// Decision type id.
    pub decision: String,
    /// Decision type name.
    pub decision_name: String,
    /// The subject.
    pub subject: String,
    /// As of.
    #[schemars(with = "String")]
    pub as_of: Date,
    /// pass when complete, undecided while under way.
    pub verdict: Outcome,
    /// The stage reached: the first stage not done, or the last stage when complete.
    pub stage: String,
    /// Its name.
    pub stage_name: String,
    /// Whether every stage is done.
    pub complete: bool,
    /// Ids of those whose step is still outstanding at the stage reached (members for an
    /// `each_member` stage; the subject for a `candidate` stage; members recorded as objecting
    /// for a vote).
    pub holding_up: Vec<String>,
    /// The date membership (or the decision) took effect: the last stage's date, or null.
    #[schemars(with = "Option<String>")]
    pub effective: Option<Date>,
    /// ATOP-style date: the signature of the protocol (the `act` stage recorded by a
    /// `signature` event), for a procedure that completes in the recorded timeline; else null.
    #[schemars(with = "Option<String>")]
    pub effective_signature: Option<Date>,
    /// Veto players at this point: everyone in `holding_up` can still stop it alone.
    pub veto_players: Vec<String>,
    /// Those who can still swing it: the same as `holding_up`.
    pub swing: Vec<String>,
    /// Members (or the subject) whose step is still needed, counted.
    pub votes_needed: Option<usize>,
    /// Every stage with its progress.
    pub stages: Vec<StageProgress>,
    /// Clauses used, with their sources.
    pub clauses: Vec<ClauseRef>,
    /// Remarks: events recorded out of sequence, stages taken as implied.
    pub notes: Vec<String>,
    /// For a procedure that admits its subject (one with a `candidate` stage): the assurances
    /// against enlargement borne by the institution or its members that cover the subject, with
    /// their legal form and whether they bind (M16, M22). Left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assurances: Vec<crate::assurances::Assurance>,
    /// What the answer assumes beyond the scenario's data (a date past the data horizon).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Each admission criterion and whether the subject met it on the date (M21); they inform
    /// the decision and never change where the procedure stands.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<crate::decide::CriterionCheck>,
}

type Key = (Date, i64);

fn step_of(e: &Event, step: &str, kind: Option<&str>) -> StepDone {
    StepDone {
        step: step.to_string(),
        date: Some(e.date),
        order: e.order,
        kind: kind.map(str::to_string).or_else(|| Some(e.kind.clone())),
        implied: false,
        source: e.source.clone(),
    }
}

/// The progress of one actor through its steps: done (with implication), outstanding, and the
/// key of its last step when complete.
fn actor_steps(
    events: &[&Event],
    actor: &str,
    steps: &[String],
) -> (Vec<StepDone>, Vec<String>, Option<Key>, Vec<StepDone>) {
    let mine: Vec<&&Event> = events
        .iter()
        .filter(|e| e.actor.as_deref() == Some(actor))
        .collect();
    let found: Vec<Option<&Event>> = steps
        .iter()
        .map(|s| {
            mine.iter()
                .find(|e| e.step.as_deref() == Some(s.as_str()))
                .map(|e| **e)
        })
        .collect();
    let last_recorded = found.iter().rposition(Option::is_some);
    let mut done = Vec::new();
    let mut outstanding = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        match (found[i], last_recorded) {
            (Some(e), _) => done.push(step_of(e, s, None)),
            (None, Some(l)) if i < l => done.push(StepDone {
                step: s.clone(),
                date: None,
                order: 0,
                kind: None,
                implied: true,
                source: None,
            }),
            _ => outstanding.push(s.clone()),
        }
    }
    let complete = match (steps.last(), found.last()) {
        (Some(_), Some(Some(e))) => Some((e.date, e.order)),
        _ => None,
    };
    let other = mine
        .iter()
        .filter(|e| e.step.as_ref().is_some_and(|s| !steps.contains(s)))
        .map(|e| step_of(e, e.step.as_deref().unwrap_or(&e.kind), None))
        .collect();
    (done, outstanding, complete, other)
}

struct Pass {
    stages: Vec<StageProgress>,
    own: Vec<Option<Key>>,
    satisfied: Vec<bool>,
}

fn run(s: &Scenario, q: &ReplayQuery, events: &[&Event], date: Date) -> Result<Pass, Error> {
    let (inst, dec) = institution_and_decision(s, &q.institution, &q.decision)?;
    let Procedure::Stages(stages) = &dec.procedure else {
        return Err(Error::new(
            ErrorKind::Procedure,
            format!(
                "`{}.{}` is decided by one rule, not by stages; ask for a verdict instead (give positions, not a replay)",
                inst.id, dec.id
            ),
        ));
    };
    if stages.is_empty() {
        return Err(Error::new(
            ErrorKind::Procedure,
            format!("`{}.{}` has no stages to replay", inst.id, dec.id),
        ));
    }
    let mut out = Vec::new();
    let mut own: Vec<Option<Key>> = Vec::new();
    for st in stages {
        let prev: Option<Key> = own.last().copied().flatten();
        let mut steps = Vec::new();
        let mut members = Vec::new();
        let (kind, key) = match &st.kind {
            StageKind::Vote { event, .. } => {
                let k = event.as_deref().unwrap_or("decision");
                let e = events.iter().find(|e| e.kind == k);
                if let Some(e) = e {
                    steps.push(step_of(e, k, None));
                }
                ("vote", e.map(|e| (e.date, e.order)))
            }
            StageKind::Act { event } => {
                let e = events.iter().find(|e| &e.kind == event);
                if let Some(e) = e {
                    steps.push(step_of(e, event, None));
                }
                ("act", e.map(|e| (e.date, e.order)))
            }
            StageKind::EachMember {
                steps: default,
                member_steps,
            } => {
                // The parties asked are the full members on the day the previous stage was
                // done (or on the date asked, while it is not).
                let on = prev.map_or(date, |k| k.0);
                let mut all: Option<Key> = prev;
                let mut every = true;
                for m in inst.members_on(on) {
                    if m == q.subject {
                        continue;
                    }
                    let my: &[String] = member_steps.get(m).map_or(default, Vec::as_slice);
                    let (done, outstanding, complete, other) = actor_steps(events, m, my);
                    match complete {
                        Some(k) => all = Some(all.map_or(k, |a| a.max(k))),
                        None => every = false,
                    }
                    members.push(MemberProgress {
                        id: m.to_string(),
                        done,
                        outstanding,
                        complete: complete.map(|k| k.0),
                        other,
                    });
                }
                ("each_member", if every { all } else { None })
            }
            StageKind::Candidate { steps: cs } => {
                let (done, _, complete, _) = actor_steps(events, &q.subject, cs);
                steps = done;
                ("candidate", complete)
            }
        };
        own.push(key);
        out.push(StageProgress {
            id: st.id.clone(),
            name: st.name.clone(),
            kind: kind.to_string(),
            status: String::new(),
            completed: None,
            implied: false,
            steps,
            members,
            clause: st.clause.clone(),
            source: st.source.clone(),
        });
    }
    let n = out.len();
    let mut satisfied = vec![false; n];
    for i in 0..n {
        satisfied[i] = own[i..].iter().any(Option::is_some);
    }
    Ok(Pass {
        stages: out,
        own,
        satisfied,
    })
}

/// Members recorded as objecting at a vote stage: each actor's latest `veto`, `vote` or
/// `statement` event decides — a `veto`, or a status `no` or `objects`, is an objection; a later
/// status such as `yes`, `abstain` or `lifted` withdraws it.
fn objecting(events: &[&Event]) -> Vec<String> {
    let mut last: Vec<(String, bool)> = Vec::new();
    for e in events {
        let objects = match (e.kind.as_str(), e.status.as_deref()) {
            ("veto", _) => true,
            ("vote" | "statement", Some("no" | "objects")) => true,
            ("vote" | "statement", Some(_)) => false,
            _ => continue,
        };
        let Some(a) = &e.actor else { continue };
        match last.iter_mut().find(|(x, _)| x == a) {
            Some(slot) => slot.1 = objects,
            None => last.push((a.clone(), objects)),
        }
    }
    let mut v: Vec<String> = last.into_iter().filter(|x| x.1).map(|x| x.0).collect();
    v.sort();
    v
}

/// Replay a staged procedure for a subject as of a date.
pub fn replay(s: &Scenario, q: &ReplayQuery) -> Result<Replay, Error> {
    let (inst, dec) = institution_and_decision(s, &q.institution, &q.decision)?;
    if s.actor(&q.subject).is_none() {
        return Err(Error::new(
            ErrorKind::UnknownName,
            format!(
                "no actor `{}` in the scenario; the subject of a replay is an actor id such as SWE",
                q.subject
            ),
        ));
    }
    let mut all: Vec<&Event> = s
        .timelines
        .iter()
        .flat_map(|t| t.events.iter())
        .filter(|e| {
            e.institution.as_deref() == Some(inst.id.as_str())
                && e.decision.as_deref() == Some(dec.id.as_str())
                && e.subject.as_deref() == Some(q.subject.as_str())
        })
        .collect();
    all.sort_by_key(|e| (e.date, e.order));
    let upto: Vec<&Event> = all.iter().copied().filter(|e| e.date <= q.date).collect();

    let full = run(s, q, &all, q.date)?;
    let mut now = run(s, q, &upto, q.date)?;
    let n = now.stages.len();
    let current = now.satisfied.iter().position(|x| !x);
    let mut notes = Vec::new();
    let mut prev_key: Option<Key> = None;
    for i in 0..n {
        let st = &mut now.stages[i];
        st.implied = now.satisfied[i] && now.own[i].is_none();
        st.completed = now.own[i].map(|k| k.0);
        st.status = match current {
            Some(c) if i == c => "current",
            Some(c) if i > c => "waiting",
            _ => "done",
        }
        .to_string();
        if st.implied {
            notes.push(format!(
                "stage `{}` has no recorded event; it is taken as done because a later stage is recorded",
                st.id
            ));
        }
        if let (Some(p), Some(k)) = (prev_key, now.own[i]) {
            if k < p {
                notes.push(format!(
                    "stage `{}` is recorded on {} before the previous stage was done on {}",
                    st.id, k.0, p.0
                ));
            }
        }
        if now.own[i].is_some() {
            prev_key = now.own[i];
        }
    }
    for st in &now.stages {
        for m in &st.members {
            if m.done.iter().any(|d| d.implied) {
                notes.push(format!(
                    "{}: {} not recorded, implied by a later step",
                    m.id,
                    m.done
                        .iter()
                        .filter(|d| d.implied)
                        .map(|d| d.step.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }

    let complete = current.is_none();
    let reached = current.unwrap_or(n.saturating_sub(1));
    let holding_up: Vec<String> = match current {
        None => Vec::new(),
        Some(c) => {
            let st = &now.stages[c];
            match st.kind.as_str() {
                "each_member" => st
                    .members
                    .iter()
                    .filter(|m| m.complete.is_none())
                    .map(|m| m.id.clone())
                    .collect(),
                "candidate" => vec![q.subject.clone()],
                "vote" => objecting(&upto),
                // An act that waits on the members (a protocol in force once every instrument
                // is deposited): the members whose steps are recorded after the date asked and
                // before the act itself are what it still waits for. Steps nobody recorded
                // cannot be named, and the note says so.
                _ => {
                    let parties: Vec<&str> = now.stages[..c]
                        .iter()
                        .rev()
                        .find(|p| p.kind == "each_member")
                        .map(|p| p.members.iter().map(|m| m.id.as_str()).collect())
                        .unwrap_or_default();
                    let until: Option<Key> = full.own[c];
                    let mut waiting: Vec<String> = Vec::new();
                    for e in &all {
                        let key = (e.date, e.order);
                        let Some(actor) = e.actor.as_deref() else {
                            continue;
                        };
                        if e.date > q.date
                            && until.is_none_or(|u| key < u)
                            && parties.contains(&actor)
                            && !waiting.iter().any(|w| w == actor)
                        {
                            waiting.push(actor.to_string());
                        }
                    }
                    waiting.sort();
                    if !parties.is_empty() {
                        notes.push(format!(
                            "stage `{}` waits on the members: holding it up are those with a step recorded after {} and before the stage ({}); a step the scenario does not record cannot be named",
                            st.id,
                            q.date,
                            if waiting.is_empty() {
                                "none".to_string()
                            } else {
                                waiting.join(", ")
                            }
                        ));
                    }
                    waiting
                }
            }
        }
    };
    let effective = if complete {
        now.own.last().copied().flatten().map(|k| k.0)
    } else {
        None
    };
    let full_complete = full.satisfied.iter().all(|x| *x);
    let effective_signature = if full_complete {
        let Procedure::Stages(stages) = &dec.procedure else {
            unreachable!("run() refused a procedure without stages")
        };
        stages
            .iter()
            .zip(&now.own)
            .find(|(st, _)| matches!(&st.kind, StageKind::Act { event } if event == "signature"))
            .and_then(|(_, k)| k.map(|k| k.0))
    } else {
        None
    };

    let mut clauses: Vec<ClauseRef> = Vec::new();
    let mut add = |id: &Option<String>| {
        if let Some(id) = id {
            if !clauses.iter().any(|c| &c.id == id) {
                clauses.push(clause_ref(inst, id));
            }
        }
    };
    add(&dec.clause);
    for st in &now.stages {
        add(&st.clause);
    }

    let admits = now.stages.iter().any(|s| s.kind == "candidate");
    let assurances = if admits {
        crate::assurances::assurances(s, &inst.id, &q.subject, q.date)
    } else {
        Vec::new()
    };
    let (criteria, sentence) = crate::decide::criteria_checks(inst, &q.subject, q.date);
    notes.extend(sentence);
    let st = &now.stages[reached];
    Ok(Replay {
        warnings: Vec::new(),
        institution: inst.id.clone(),
        decision: dec.id.clone(),
        decision_name: dec.name.clone(),
        subject: q.subject.clone(),
        as_of: q.date,
        verdict: if complete {
            Outcome::Pass
        } else {
            Outcome::Undecided
        },
        stage: st.id.clone(),
        stage_name: st.name.clone(),
        complete,
        veto_players: holding_up.clone(),
        swing: holding_up.clone(),
        votes_needed: if complete {
            Some(0)
        } else if matches!(st.kind.as_str(), "each_member" | "candidate") {
            Some(holding_up.len())
        } else {
            None
        },
        holding_up,
        effective,
        effective_signature,
        stages: now.stages,
        clauses,
        notes,
        assurances,
        criteria,
    })
}
