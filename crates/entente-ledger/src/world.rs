//! The state of the world the ledger reasons over at one moment: agreements' statuses, phases
//! opened and closed, memberships, actions verified, breaches recorded and force levels in zones.
//! [`Index`] compiles a scenario's conditions once (ids to indices, verified actions to numbers)
//! so that a replay of many events stays cheap; [`World`] is the state at a date and evaluates
//! conditions in three-valued logic (see `truth.rs`).
//!
//! Agreement status as of a date comes from the agreement's status dates as the scenario reads
//! them (`Agreement::status_on`: an undated current status later in an agreement's life than
//! every dated one holds from the last date, so an agreement in force from signature records
//! only `signed`). Obligations bind only while their agreement is `in_force` or `breached` (a
//! breach does not end a treaty).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use entente_scenario::cond::Condition;
use entente_scenario::{Agreement, Party, Scenario, Status};
use jiff::civil::Date;
use serde::Serialize;

use crate::truth::Truth;

/// A compiled condition: ids resolved to indices.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
    /// Action number, atom text number.
    Verified(u32, u32),
    InForce(usize, u32),
    Breached(usize, u32),
    Phase(usize, usize, u32),
    Member(String, usize, u32),
    After(Date, u32),
    /// Party (actor or institution), obligation kind, atom text number.
    Binds(String, entente_scenario::ObligationKind, u32),
    Owed(String, entente_scenario::ObligationKind, u32),
    /// Party, place, quantity, comparison, number, atom text number.
    Forces(String, String, Option<String>, &'static str, f64, u32),
    Const(bool),
    /// Names something the scenario lacks: never known.
    Unknowable(u32),
}

/// One atom of a condition with its value, for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Atom {
    /// The atom as written, e.g. `verified(RUS withdraws nonstrategic_nuclear from BLR)`.
    pub atom: String,
    /// Its value now.
    pub holds: Truth,
    /// What makes it hold, where one clause does (`agreement.obligation` for `binds` and
    /// `owed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// The scenario with its conditions compiled. Build once per scenario.
#[derive(Debug)]
pub struct Index<'s> {
    /// The scenario.
    pub sc: &'s Scenario,
    pub(crate) ag_ids: HashMap<&'s str, usize>,
    pub(crate) inst_ids: HashMap<&'s str, usize>,
    pub(crate) ob_when: Vec<Vec<Option<Cond>>>,
    pub(crate) ph_open: Vec<Vec<Option<Cond>>>,
    pub(crate) ph_close: Vec<Vec<Option<Cond>>>,
    pub(crate) ph_after: Vec<Vec<Vec<usize>>>,
    pub(crate) ob_phase: Vec<Vec<Option<usize>>>,
    pub(crate) actions: HashMap<String, u32>,
    pub(crate) atom_text: Vec<String>,
    /// Every date on which some membership begins or ends, sorted.
    boundaries: Vec<Date>,
    /// Per agreement: the status from each recorded date on, sorted by date.
    ag_dates: Vec<Vec<(Date, &'s str)>>,
    /// Per agreement: the status before its first recorded date.
    ag_before: Vec<&'s str>,
    /// Per agreement: when it entered into force by its recorded dates (in_force, else signed).
    ag_since: Vec<Option<Date>>,
}

impl<'s> Index<'s> {
    /// Compile a scenario.
    pub fn new(sc: &'s Scenario) -> Index<'s> {
        let ag_ids = sc
            .agreements
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let inst_ids = sc
            .institutions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut ix = Index {
            sc,
            ag_ids,
            inst_ids,
            ob_when: Vec::new(),
            ph_open: Vec::new(),
            ph_close: Vec::new(),
            ph_after: Vec::new(),
            ob_phase: Vec::new(),
            actions: HashMap::new(),
            atom_text: Vec::new(),
            boundaries: Vec::new(),
            ag_dates: sc
                .agreements
                .iter()
                .map(|a| {
                    let mut days: Vec<Date> = a.dates.values().copied().collect();
                    days.sort_unstable();
                    days.dedup();
                    days.into_iter().map(|d| (d, a.status_on(d))).collect()
                })
                .collect(),
            ag_before: sc
                .agreements
                .iter()
                .map(|a| a.status_on(Date::MIN))
                .collect(),
            ag_since: sc
                .agreements
                .iter()
                .map(|a| {
                    a.dates
                        .get("in_force")
                        .or_else(|| a.dates.get("signed"))
                        .copied()
                })
                .collect(),
        };
        for (ai, ag) in sc.agreements.iter().enumerate() {
            let when = ag
                .obligations
                .iter()
                .map(|o| o.when.as_ref().map(|c| ix.compile(c, ai)))
                .collect();
            ix.ob_when.push(when);
            let open = ag
                .phases
                .iter()
                .map(|p| p.opens_when.as_ref().map(|c| ix.compile(c, ai)))
                .collect();
            ix.ph_open.push(open);
            let close = ag
                .phases
                .iter()
                .map(|p| p.closes_when.as_ref().map(|c| ix.compile(c, ai)))
                .collect();
            ix.ph_close.push(close);
            ix.ph_after.push(
                ag.phases
                    .iter()
                    .map(|p| {
                        p.after
                            .iter()
                            .filter_map(|a| ag.phases.iter().position(|q| &q.id == a))
                            .collect()
                    })
                    .collect(),
            );
            ix.ob_phase.push(
                ag.obligations
                    .iter()
                    .map(|o| {
                        o.phase.as_ref().map(|p| {
                            ag.phases
                                .iter()
                                .position(|q| &q.id == p)
                                .unwrap_or(usize::MAX)
                        })
                    })
                    .collect(),
            );
        }
        let mut b: Vec<Date> = sc
            .institutions
            .iter()
            .flat_map(|i| i.memberships.iter().flat_map(|m| [m.from, m.until]))
            .flatten()
            .collect();
        b.sort_unstable();
        b.dedup();
        ix.boundaries = b;
        ix
    }

    /// The number of an agreement.
    pub fn agreement(&self, id: &str) -> Option<usize> {
        self.ag_ids.get(id).copied()
    }

    /// The number of an institution.
    pub fn institution(&self, id: &str) -> Option<usize> {
        self.inst_ids.get(id).copied()
    }

    /// The number of a verified action text, if some condition refers to it.
    pub fn action(&self, text: &str) -> Option<u32> {
        self.actions.get(text).copied()
    }

    /// An agreement's status on a date from its recorded dates (as
    /// [`entente_scenario::Agreement::status_on`], from its steps computed once).
    fn recorded(&self, ag: usize, date: Date) -> &'s str {
        let v = &self.ag_dates[ag];
        let i = v.partition_point(|(d, _)| *d <= date);
        if i == 0 {
            self.ag_before[ag]
        } else {
            v[i - 1].1
        }
    }

    fn atom(&mut self, text: String) -> u32 {
        self.atom_text.push(text);
        (self.atom_text.len() - 1) as u32
    }

    fn compile(&mut self, c: &Condition, ag: usize) -> Cond {
        match c {
            Condition::And { a, b } => {
                Cond::And(Box::new(self.compile(a, ag)), Box::new(self.compile(b, ag)))
            }
            Condition::Or { a, b } => {
                Cond::Or(Box::new(self.compile(a, ag)), Box::new(self.compile(b, ag)))
            }
            Condition::Not { a } => Cond::Not(Box::new(self.compile(a, ag))),
            Condition::Const { value } => Cond::Const(*value),
            _ => {
                let t = self.atom(c.to_string());
                match c {
                    Condition::Verified { action } => {
                        let n = self.actions.len() as u32;
                        let id = *self.actions.entry(action.text()).or_insert(n);
                        Cond::Verified(id, t)
                    }
                    Condition::InForce { agreement } => match self.agreement(&agreement.text) {
                        Some(i) => Cond::InForce(i, t),
                        None => Cond::Unknowable(t),
                    },
                    Condition::Breached { agreement } => match self.agreement(&agreement.text) {
                        Some(i) => Cond::Breached(i, t),
                        None => Cond::Unknowable(t),
                    },
                    Condition::Phase { agreement, phase } => {
                        let a = match agreement {
                            Some(w) => self.agreement(&w.text),
                            None => (ag < self.sc.agreements.len()).then_some(ag),
                        };
                        let p = a.and_then(|a| {
                            self.sc.agreements[a]
                                .phases
                                .iter()
                                .position(|p| p.id == phase.text)
                        });
                        match (a, p) {
                            (Some(a), Some(p)) => Cond::Phase(a, p, t),
                            _ => Cond::Unknowable(t),
                        }
                    }
                    Condition::Member { actor, institution } => {
                        match self.institution(&institution.text) {
                            Some(i) => Cond::Member(actor.text.clone(), i, t),
                            None => Cond::Unknowable(t),
                        }
                    }
                    Condition::Binds { party, obligation }
                    | Condition::Owed { party, obligation } => {
                        match entente_scenario::ObligationKind::parse(&obligation.text) {
                            Some(k) if matches!(c, Condition::Binds { .. }) => {
                                Cond::Binds(party.text.clone(), k, t)
                            }
                            Some(k) => Cond::Owed(party.text.clone(), k, t),
                            None => Cond::Unknowable(t),
                        }
                    }
                    Condition::Forces {
                        party,
                        place,
                        quantity,
                        op,
                        value,
                    } => {
                        let op = match op.as_str() {
                            "==" => "==",
                            "!=" => "!=",
                            "<" => "<",
                            "<=" => "<=",
                            ">" => ">",
                            _ => ">=",
                        };
                        match value.text.parse::<f64>() {
                            Ok(v) if v.is_finite() => Cond::Forces(
                                party.text.clone(),
                                place.text.clone(),
                                quantity.as_ref().map(|q| q.text.clone()),
                                op,
                                v,
                                t,
                            ),
                            _ => Cond::Unknowable(t),
                        }
                    }
                    Condition::After { date } => {
                        match entente_scenario::resolve::parse_date(&date.text) {
                            Ok((d, _)) => Cond::After(d, t),
                            Err(_) => Cond::Unknowable(t),
                        }
                    }
                    _ => Cond::Unknowable(t),
                }
            }
        }
    }
}

/// Evaluate conditions over a world (red lines and demands written over worlds) at a date: each
/// condition's value in three-valued logic, with the value of every atom it turned on.
pub fn evaluate(sc: &Scenario, conds: &[&Condition], date: Date) -> Vec<(Truth, Vec<Atom>)> {
    let mut ix = Index::new(sc);
    let compiled: Vec<Cond> = conds.iter().map(|c| ix.compile(c, usize::MAX)).collect();
    let w = World::at(&ix, date);
    compiled
        .iter()
        .map(|c| {
            let mut atoms = Vec::new();
            let v = w.eval(&ix, c, &mut Some(&mut atoms));
            (v, atoms)
        })
        .collect()
}

/// Where a phase stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state", content = "since")]
pub enum PhaseState {
    /// Not opened yet.
    Closed,
    /// Open since the date.
    Open(#[schemars(with = "String")] Date),
    /// Opened, then closed on the date.
    Ended(#[schemars(with = "String")] Date),
}

/// The state of the world at a date.
#[derive(Debug, Clone)]
pub struct World {
    /// The date.
    pub date: Date,
    /// Agreement statuses set by events: (status, date set).
    pub(crate) status_over: Vec<Option<(String, Date)>>,
    /// Breaches recorded per agreement.
    pub(crate) breached: Vec<bool>,
    /// Who breached which agreement (by an event of a timeline).
    pub(crate) breakers: BTreeSet<(usize, String)>,
    /// Phases per agreement.
    pub(crate) phases: Vec<Vec<PhaseState>>,
    /// Verification results per action number (None: nothing reported).
    pub(crate) verified: Vec<Option<bool>>,
    /// Verified actions no condition refers to.
    pub(crate) other_verified: BTreeSet<String>,
    /// Membership statuses set by events, per (institution, actor), with the date set; None:
    /// left. A membership period the scenario records as starting or ending later wins.
    pub(crate) member_over: BTreeMap<(usize, String), (Option<Status>, Date)>,
    /// Parties that withdrew from an agreement.
    pub(crate) withdrawn: BTreeSet<(usize, String)>,
    /// Ratifications recorded by events: (agreement, party).
    pub(crate) ratified: BTreeSet<(usize, String)>,
    /// Agreements whose entry into force an event recorded while ratifications were
    /// outstanding: they enter into force with the last one.
    pub(crate) awaiting: BTreeSet<usize>,
    /// Force levels: (actor, zone, quantity) -> level.
    pub(crate) forces: crate::forces::Forces,
    /// Full members per institution as of `date` (cache), with the dates it is valid between.
    members: Vec<Vec<String>>,
    members_valid: (Date, Date),
    /// Incremented whenever the member lists are recomputed.
    pub(crate) members_gen: u64,
    /// Whether each agreement binds now (cache, refreshed when the date or a status changes).
    binding: Vec<bool>,
}

/// Remove later duplicates (keeping first occurrences) from `out[from..]`; cheap when the
/// items are already sorted and unique.
fn dedup_from(out: &mut Vec<String>, from: usize) {
    if out[from..].windows(2).all(|w| w[0] < w[1]) {
        return;
    }
    let mut k = from;
    while k < out.len() {
        if out[from..k].contains(&out[k]) {
            out.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Years after a date, as days (365.25 a year).
pub(crate) fn add_years(d: Date, years: f64) -> Date {
    let days = (years * 365.25).round() as i64;
    d.checked_add(jiff::Span::new().days(days))
        .unwrap_or(Date::MAX)
}

/// Whether the scenario records a change of the actor's membership after `since` and by `d`.
fn recorded_later(inst: &entente_scenario::Institution, actor: &str, since: Date, d: Date) -> bool {
    inst.memberships
        .iter()
        .filter(|m| m.actor == actor)
        .flat_map(|m| [m.from, m.until])
        .flatten()
        .any(|x| since < x && x <= d)
}

/// The status of an agreement on a date from its recorded dates alone (the scenario's own
/// reading, [`Agreement::status_on`]).
pub fn recorded_status(ag: &Agreement, date: Date) -> &str {
    ag.status_on(date)
}

/// Whether a status makes an agreement's obligations bind.
pub fn binds(status: &str) -> bool {
    matches!(status, "in_force" | "breached")
}

impl World {
    /// The world at a date, from the scenario alone (no events).
    pub fn at(ix: &Index<'_>, date: Date) -> World {
        let sc = ix.sc;
        let mut w = World {
            date,
            status_over: vec![None; sc.agreements.len()],
            breached: sc
                .agreements
                .iter()
                .map(|a| {
                    a.status == entente_scenario::AgreementStatus::Breached
                        && a.dates.get("breached").is_none_or(|d| *d <= date)
                })
                .collect(),
            phases: sc
                .agreements
                .iter()
                .map(|a| vec![PhaseState::Closed; a.phases.len()])
                .collect(),
            breakers: BTreeSet::new(),
            verified: vec![None; ix.actions.len()],
            other_verified: BTreeSet::new(),
            member_over: BTreeMap::new(),
            withdrawn: BTreeSet::new(),
            ratified: BTreeSet::new(),
            awaiting: BTreeSet::new(),
            forces: crate::forces::Forces::new(),
            members: Vec::new(),
            members_valid: (date, date),
            members_gen: 0,
            binding: Vec::new(),
        };
        w.apply_world(ix);
        w.refresh_members(ix, true);
        w.refresh_binding(ix);
        w.update_phases(ix, &mut Vec::new());
        w
    }

    /// The changes of an architecture that the scenario model does not hold itself
    /// ([`entente_scenario::architecture::World`]): actions verified, force posture and breaches,
    /// each from its date on.
    fn apply_world(&mut self, ix: &Index<'_>) {
        use entente_scenario::architecture::Change;
        for c in &ix.sc.world.changes {
            match c {
                Change::Verified { action, basis } if basis.date <= self.date => {
                    match ix.action(action) {
                        Some(n) => self.verified[n as usize] = Some(true),
                        None => {
                            self.other_verified.insert(action.clone());
                        }
                    }
                }
                Change::Forces { basis, .. } if basis.date <= self.date => {
                    self.forces.apply_posture(c);
                }
                Change::Breach {
                    agreement,
                    by,
                    basis,
                    ..
                } if basis.date <= self.date => {
                    if let Some(ag) = ix.agreement(agreement) {
                        self.breached[ag] = true;
                        self.breakers.insert((ag, by.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    /// Move to a later (or the same) date.
    pub(crate) fn set_date(&mut self, ix: &Index<'_>, date: Date) {
        let moved = date != self.date;
        self.date = date;
        self.refresh_members(ix, false);
        if moved {
            self.refresh_binding(ix);
        }
    }

    /// Set an agreement's status from now.
    pub(crate) fn set_status(&mut self, ix: &Index<'_>, ag: usize, status: &str) {
        self.status_over[ag] = Some((status.to_string(), self.date));
        self.refresh_binding(ix);
    }

    /// Recompute which agreements bind now.
    pub(crate) fn refresh_binding(&mut self, ix: &Index<'_>) {
        let n = ix.sc.agreements.len();
        let mut v = std::mem::take(&mut self.binding);
        v.clear();
        for ag in 0..n {
            let b = binds(self.status(ix, ag)) && !self.expired(ix, ag);
            v.push(b);
        }
        self.binding = v;
    }

    pub(crate) fn refresh_members(&mut self, ix: &Index<'_>, force: bool) {
        let d = self.date;
        if !force && self.members_valid.0 <= d && d < self.members_valid.1 {
            return;
        }
        let b = &ix.boundaries;
        let i = b.partition_point(|x| *x <= d);
        let lo = if i == 0 { Date::MIN } else { b[i - 1] };
        let hi = b.get(i).copied().unwrap_or(Date::MAX);
        self.members_valid = (lo, hi);
        self.members_gen += 1;
        self.members = ix
            .sc
            .institutions
            .iter()
            .enumerate()
            .map(|(k, inst)| {
                let mut v: Vec<String> = inst.members_on(d).into_iter().map(String::from).collect();
                for ((ik, actor), (st, since)) in &self.member_over {
                    if *ik != k || recorded_later(inst, actor, *since, d) {
                        continue;
                    }
                    let is = *st == Some(Status::Member);
                    match v.binary_search(actor) {
                        Ok(p) if !is => {
                            v.remove(p);
                        }
                        Err(p) if is => v.insert(p, actor.clone()),
                        _ => {}
                    }
                }
                v
            })
            .collect();
    }

    /// Full members of an institution now.
    pub fn members(&self, inst: usize) -> &[String] {
        self.members.get(inst).map_or(&[], Vec::as_slice)
    }

    /// The status of an actor in an institution now.
    pub fn status_in(&self, ix: &Index<'_>, inst: usize, actor: &str) -> Option<Status> {
        if let Some((s, since)) = self.member_over.get(&(inst, actor.to_string())) {
            if !recorded_later(&ix.sc.institutions[inst], actor, *since, self.date) {
                return *s;
            }
        }
        ix.sc.institutions[inst].status_of(actor, self.date)
    }

    /// An agreement's status now.
    pub fn status<'a>(&'a self, ix: &'a Index<'_>, ag: usize) -> &'a str {
        match &self.status_over[ag] {
            Some((s, _)) => s,
            None => ix.recorded(ag, self.date),
        }
    }

    /// Whether an agreement's obligations bind now.
    pub fn binding(&self, ix: &Index<'_>, ag: usize) -> bool {
        match self.binding.get(ag) {
            Some(b) => *b,
            None => binds(self.status(ix, ag)) && !self.expired(ix, ag),
        }
    }

    /// When the agreement entered into force, if known.
    pub fn in_force_since(&self, ix: &Index<'_>, ag: usize) -> Option<Date> {
        if let Some((s, d)) = &self.status_over[ag] {
            if s == "in_force" {
                return Some(*d);
            }
        }
        ix.ag_since[ag]
    }

    fn expired(&self, ix: &Index<'_>, ag: usize) -> bool {
        let a = &ix.sc.agreements[ag];
        let Some(y) = a.duration_years else {
            return false;
        };
        match (Some(y), self.in_force_since(ix, ag)) {
            (Some(y), Some(s)) => add_years(s, y) <= self.date,
            _ => false,
        }
    }

    /// Whether a breach of the agreement has been recorded.
    pub fn is_breached(&self, ag: usize) -> bool {
        self.breached.get(ag).copied().unwrap_or(false)
    }

    /// Whether an event recorded `actor` breaching the agreement.
    pub fn breached_by(&self, ag: usize, actor: &str) -> bool {
        !self.breakers.is_empty() && self.breakers.contains(&(ag, actor.to_string()))
    }

    /// A phase's state.
    pub fn phase(&self, ag: usize, ph: usize) -> PhaseState {
        self.phases
            .get(ag)
            .and_then(|p| p.get(ph))
            .copied()
            .unwrap_or(PhaseState::Closed)
    }

    /// Evaluate a compiled condition; atoms are collected when asked.
    pub(crate) fn eval(
        &self,
        ix: &Index<'_>,
        c: &Cond,
        atoms: &mut Option<&mut Vec<Atom>>,
    ) -> Truth {
        let (v, t) = match c {
            Cond::And(a, b) => return self.eval(ix, a, atoms).and(self.eval(ix, b, atoms)),
            Cond::Or(a, b) => return self.eval(ix, a, atoms).or(self.eval(ix, b, atoms)),
            Cond::Not(a) => return self.eval(ix, a, atoms).not(),
            Cond::Const(b) => return Truth::from_bool(*b),
            Cond::Verified(id, t) => (
                match self.verified.get(*id as usize).copied().flatten() {
                    Some(b) => Truth::from_bool(b),
                    None => Truth::Unknown,
                },
                *t,
            ),
            Cond::InForce(a, t) => (Truth::from_bool(self.binding(ix, *a)), *t),
            Cond::Breached(a, t) => (Truth::from_bool(self.is_breached(*a)), *t),
            Cond::Phase(a, p, t) => (
                Truth::from_bool(self.phase(*a, *p) != PhaseState::Closed),
                *t,
            ),
            Cond::Member(actor, i, t) => (
                Truth::from_bool(self.status_in(ix, *i, actor) == Some(Status::Member)),
                *t,
            ),
            Cond::After(d, t) => (Truth::from_bool(self.date >= *d), *t),
            Cond::Binds(party, kind, t) | Cond::Owed(party, kind, t) => {
                let (v, by) = self.bound(ix, party, *kind, matches!(c, Cond::Owed(..)));
                if let Some(v_atoms) = atoms.as_deref_mut() {
                    let text = &ix.atom_text[*t as usize];
                    if !v_atoms.iter().any(|a| &a.atom == text) {
                        v_atoms.push(Atom {
                            atom: text.clone(),
                            holds: v,
                            by,
                        });
                    }
                }
                return v;
            }
            Cond::Forces(party, place, q, op, v, t) => {
                let level = self.forces_of(ix, party, place, q.as_deref());
                let holds = level.map(|l| match *op {
                    "==" => l == *v,
                    "!=" => l != *v,
                    "<" => l < *v,
                    "<=" => l <= *v,
                    ">" => l > *v,
                    _ => l >= *v,
                });
                (holds.map_or(Truth::Unknown, Truth::from_bool), *t)
            }
            Cond::Unknowable(t) => (Truth::Unknown, *t),
        };
        if let Some(v_atoms) = atoms.as_deref_mut() {
            let text = &ix.atom_text[t as usize];
            if !v_atoms.iter().any(|a| &a.atom == text) {
                v_atoms.push(Atom {
                    atom: text.clone(),
                    holds: v,
                    by: None,
                });
            }
        }
        v
    }

    /// Whether the party (an actor, or any full member of an institution) bears (`owed`: is owed)
    /// an obligation of the kind now, under a legally binding text (a treaty or an executive
    /// agreement). An obligation whose condition is unknown, or a text whose legal form the
    /// scenario does not record, makes the answer unknown unless another makes it true.
    pub fn bound(
        &self,
        ix: &Index<'_>,
        party: &str,
        kind: entente_scenario::ObligationKind,
        owed: bool,
    ) -> (Truth, Option<String>) {
        use entente_scenario::LegalForm;
        let inst = ix.institution(party);
        let is_party = |id: &str| {
            id == party
                || inst.is_some_and(|k| {
                    self.members(k)
                        .binary_search_by(|m| m.as_str().cmp(id))
                        .is_ok()
                })
        };
        let mut out = Truth::False;
        for (ag, a) in ix.sc.agreements.iter().enumerate() {
            if !self.binding(ix, ag) || !a.obligations.iter().any(|o| o.kind == kind) {
                continue;
            }
            let form = match a.legal_form {
                Some(
                    LegalForm::Treaty
                    | LegalForm::ExecutiveAgreement
                    | LegalForm::ConstitutionalLaw
                    | LegalForm::DomesticLaw,
                ) => Truth::True,
                Some(_) => continue,
                None => Truth::Unknown,
            };
            for (ob, o) in a.obligations.iter().enumerate() {
                if o.kind != kind {
                    continue;
                }
                let who = if owed { &o.beneficiary } else { &o.bearer };
                if !self.expand_all(ix, ag, who).iter().any(|id| is_party(id)) {
                    continue;
                }
                out = out.or(form.and(self.obligation(ix, ag, ob, None)));
                if out == Truth::True {
                    return (out, Some(format!("{}.{}", a.id, o.id)));
                }
            }
        }
        (out, None)
    }

    /// The sum of the recorded force levels of the party (an actor, or the full members of an
    /// institution) in the place and the places within it, of one kind or of every kind; None
    /// when no level of the party there is recorded.
    pub fn forces_of(
        &self,
        ix: &Index<'_>,
        party: &str,
        place: &str,
        quantity: Option<&str>,
    ) -> Option<f64> {
        let sc = ix.sc;
        let inst = ix.institution(party);
        // A state's own territory: the place itself, and a region whose only member it is.
        let on_state = |zone: &str| {
            sc.actor(place).is_some()
                && sc.zone(zone).is_some_and(|z| {
                    z.kind == entente_scenario::ZoneKind::Region
                        && !z.members.is_empty()
                        && z.members.iter().all(|m| m == place)
                })
        };
        let mut sum = None;
        for r in self.forces.records() {
            let whose = r.actor == party
                || inst.is_some_and(|k| {
                    self.members(k)
                        .binary_search_by(|m| m.as_str().cmp(&r.actor))
                        .is_ok()
                });
            if whose
                && quantity.is_none_or(|x| x == r.force)
                && (sc.lies_within(&r.zone, place) || on_state(&r.zone))
            {
                sum = Some(sum.unwrap_or(0.0) + r.level);
            }
        }
        sum
    }

    /// Open and close phases until nothing changes. Records (agreement, phase, new state) in
    /// `changed`. A phase opens only when its agreement binds, every phase it comes after has
    /// opened, and its condition is known to hold: never on unknown.
    pub(crate) fn update_phases(
        &mut self,
        ix: &Index<'_>,
        changed: &mut Vec<(usize, usize, PhaseState)>,
    ) {
        let n: usize = self.phases.iter().map(Vec::len).sum();
        for _ in 0..=n {
            let mut any = false;
            for ag in 0..self.phases.len() {
                if self.phases[ag].is_empty() {
                    continue;
                }
                let binding = self.binding(ix, ag);
                for ph in 0..self.phases[ag].len() {
                    let state = self.phases[ag][ph];
                    let next = match state {
                        PhaseState::Closed => {
                            let ready = binding
                                && ix.ph_after[ag][ph]
                                    .iter()
                                    .all(|&p| self.phases[ag][p] != PhaseState::Closed);
                            let opens = ready
                                && ix.ph_open[ag][ph]
                                    .as_ref()
                                    .is_none_or(|c| self.eval(ix, c, &mut None).is_true());
                            if opens {
                                PhaseState::Open(self.date)
                            } else {
                                state
                            }
                        }
                        PhaseState::Open(since) => {
                            let dur = ix.sc.agreements[ag].phases[ph].duration_years;
                            let expired = dur.is_some_and(|y| add_years(since, y) <= self.date);
                            let closes = ix.ph_close[ag][ph]
                                .as_ref()
                                .is_some_and(|c| self.eval(ix, c, &mut None).is_true());
                            if expired || closes || !binding {
                                PhaseState::Ended(self.date)
                            } else {
                                state
                            }
                        }
                        PhaseState::Ended(_) => state,
                    };
                    if next != state {
                        self.phases[ag][ph] = next;
                        changed.push((ag, ph, next));
                        any = true;
                    }
                }
            }
            if !any {
                break;
            }
        }
    }

    /// Whether an obligation binds now, with the atoms of its condition.
    pub fn obligation(
        &self,
        ix: &Index<'_>,
        ag: usize,
        ob: usize,
        atoms: Option<&mut Vec<Atom>>,
    ) -> Truth {
        let mut atoms = atoms;
        if !self.binding(ix, ag) {
            return Truth::False;
        }
        let a = &ix.sc.agreements[ag];
        let o = &a.obligations[ob];
        let mut phase_start = None;
        if let Some(p) = ix.ob_phase[ag][ob] {
            match self.phase(ag, p) {
                PhaseState::Open(since) => phase_start = Some(since),
                _ => return Truth::False,
            }
        }
        if let Some(y) = o.duration_years {
            if let Some(s) = phase_start.or_else(|| self.in_force_since(ix, ag)) {
                if add_years(s, y) <= self.date {
                    return Truth::False;
                }
            }
        }
        match &ix.ob_when[ag][ob] {
            Some(c) => self.eval(ix, c, &mut atoms),
            None => Truth::True,
        }
    }

    /// Expand a party of an agreement into actor (or institution) ids, in order, without
    /// duplicates; parties that withdrew are left out.
    pub fn expand(&self, ix: &Index<'_>, ag: usize, p: &Party, out: &mut Vec<String>) {
        let start = out.len();
        match p {
            Party::Actor(id) | Party::Institution(id) => out.push(id.clone()),
            Party::MembersOf(i, fixed) => {
                if let Some(k) = ix.institution(i) {
                    match fixed {
                        Some(d) => out.extend(
                            ix.sc.institutions[k]
                                .members_on(*d)
                                .into_iter()
                                .map(String::from),
                        ),
                        None => out.extend(self.members(k).iter().cloned()),
                    }
                }
            }
            Party::Parties => {
                for q in &ix.sc.agreements[ag].parties {
                    if *q != Party::Parties {
                        self.expand(ix, ag, q, out);
                    }
                }
            }
        }
        if !self.withdrawn.is_empty() {
            let mut k = start;
            while k < out.len() {
                if self.withdrawn.contains(&(ag, out[k].clone())) {
                    out.remove(k);
                } else {
                    k += 1;
                }
            }
        }
        dedup_from(out, 0);
    }

    /// The parties that must still ratify an agreement before an event can put it in force,
    /// sorted: every party as of now (an institution as such ratifies for itself, the members of
    /// an institution each for themselves) without a ratification recorded, when the agreement
    /// [needs ratification](Agreement::needs_ratification); else none.
    pub fn outstanding_ratifications(&self, ix: &Index<'_>, ag: usize) -> Vec<String> {
        let a = &ix.sc.agreements[ag];
        if !a.needs_ratification() {
            return Vec::new();
        }
        let mut v = self.expand_all(ix, ag, &a.parties);
        v.retain(|p| !self.ratified.contains(&(ag, p.clone())));
        v.sort();
        v
    }

    /// Expand a list of parties.
    pub fn expand_all(&self, ix: &Index<'_>, ag: usize, ps: &[Party]) -> Vec<String> {
        let mut out = Vec::new();
        for p in ps {
            self.expand(ix, ag, p, &mut out);
        }
        out
    }

    /// Whether a party of an agreement covers an actor. An institution as such covers its full
    /// members too (a pact with NATO protects each ally).
    pub fn covers(&self, ix: &Index<'_>, ag: usize, p: &Party, actor: &str) -> bool {
        if !self.withdrawn.is_empty() && self.withdrawn.contains(&(ag, actor.to_string())) {
            return false;
        }
        match p {
            Party::Actor(id) => id == actor,
            Party::Institution(i) => {
                i == actor
                    || ix.institution(i).is_some_and(|k| {
                        self.members(k)
                            .binary_search_by(|m| m.as_str().cmp(actor))
                            .is_ok()
                    })
            }
            Party::MembersOf(i, fixed) => ix.institution(i).is_some_and(|k| match fixed {
                Some(d) => ix.sc.institutions[k].members_on(*d).contains(&actor),
                None => self
                    .members(k)
                    .binary_search_by(|m| m.as_str().cmp(actor))
                    .is_ok(),
            }),
            Party::Parties => ix.sc.agreements[ag]
                .parties
                .iter()
                .filter(|q| **q != Party::Parties)
                .any(|q| self.covers(ix, ag, q, actor)),
        }
    }

    /// Whether any of the parties covers the actor.
    pub fn covers_any(&self, ix: &Index<'_>, ag: usize, ps: &[Party], actor: &str) -> bool {
        ps.iter().any(|p| self.covers(ix, ag, p, actor))
    }
}
