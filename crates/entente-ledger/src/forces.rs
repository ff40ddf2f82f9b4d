//! Force levels by place: how much of which kind of force each actor keeps in each zone, as
//! timelines record it (`force_level`, `troop_movement`, `withdrawal` with a zone) and as an
//! architecture sets it (`[[architecture.ID.forces]]`), and the level *in* a zone that a limit
//! counts. A level is recorded in exactly one place; it counts in that place and in every place
//! that place lies within ([`Scenario::lies_within`]): an area is a place of its own, so forces
//! recorded in a state (or a region) never count in an area of it, and forces in one area never
//! count in another area of the same state unless the one is declared `within` the other.
//!
//! The one accessor for "the forces of actor A in zone Z of kind F on date D" is [`forces_on`]
//! followed by [`Forces::in_zone`]; the replay keeps a [`Forces`] as it goes.

use std::collections::BTreeMap;

use entente_scenario::architecture::Change as WorldChange;
use entente_scenario::{Event, Scenario, Timeline};
use jiff::civil::Date;
use serde::Serialize;

/// One recorded level: an actor's force of one kind in one place.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ForceRecord {
    /// Whose forces.
    pub actor: String,
    /// The zone they are recorded in.
    pub zone: String,
    /// The kind of force, as limits name it (`troops`, `heavy_weapons`, ...).
    pub force: String,
    /// The level.
    pub level: f64,
}

/// Force levels recorded per (actor, zone, kind). A level never recorded is unknown, not zero.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forces {
    levels: BTreeMap<(String, String, String), f64>,
}

impl Forces {
    /// No level recorded.
    pub fn new() -> Forces {
        Forces::default()
    }

    /// Set a level (a negative or non-finite level is recorded as 0).
    pub fn set(&mut self, actor: &str, zone: &str, force: &str, level: f64) {
        let level = if level.is_finite() {
            level.max(0.0)
        } else {
            0.0
        };
        self.levels
            .insert((actor.into(), zone.into(), force.into()), level);
    }

    /// Add to a level (a level never recorded starts from 0; the result is at least 0).
    pub fn add(&mut self, actor: &str, zone: &str, force: &str, delta: f64) {
        let l = self
            .levels
            .entry((actor.into(), zone.into(), force.into()))
            .or_insert(0.0);
        *l = (*l + delta).max(0.0);
    }

    /// The level recorded in exactly this place (None: never recorded).
    pub fn recorded(&self, actor: &str, zone: &str, force: &str) -> Option<f64> {
        self.levels
            .get(&(actor.to_string(), zone.to_string(), force.to_string()))
            .copied()
    }

    /// The forces of `actor` of kind `force` in `zone`: the sum of the levels recorded in the
    /// zone and in every place that lies within it. None when no such level is recorded.
    pub fn in_zone(&self, sc: &Scenario, actor: &str, zone: &str, force: &str) -> Option<f64> {
        self.sum(sc, zone, force, |a| a == actor)
    }

    /// Everybody else's forces of kind `force` in `zone` (the forces `actor` hosts or faces),
    /// counted as [`Forces::in_zone`] counts. None when no such level is recorded.
    pub fn foreign_in_zone(
        &self,
        sc: &Scenario,
        actor: &str,
        zone: &str,
        force: &str,
    ) -> Option<f64> {
        self.sum(sc, zone, force, |a| a != actor)
    }

    fn sum(
        &self,
        sc: &Scenario,
        zone: &str,
        force: &str,
        whose: impl Fn(&str) -> bool,
    ) -> Option<f64> {
        let mut total: Option<f64> = None;
        for ((a, z, q), v) in &self.levels {
            if q == force && whose(a) && sc.lies_within(z, zone) {
                *total.get_or_insert(0.0) += v;
            }
        }
        total
    }

    /// The kinds of force recorded, sorted, each once.
    pub fn kinds(&self) -> Vec<String> {
        let mut k: Vec<String> = self.levels.keys().map(|(_, _, q)| q.clone()).collect();
        k.sort();
        k.dedup();
        k
    }

    /// Every recorded level, by actor, zone and kind.
    pub fn records(&self) -> Vec<ForceRecord> {
        self.levels
            .iter()
            .map(|((a, z, q), v)| ForceRecord {
                actor: a.clone(),
                zone: z.clone(),
                force: q.clone(),
                level: *v,
            })
            .collect()
    }

    /// Apply an event's force levels: `force_level` sets, `troop_movement` adds (a negative
    /// quantity takes away), `withdrawal` with a zone takes away. True when a level changed.
    pub fn apply_event(&mut self, e: &Event) -> bool {
        let (Some(z), Some(x)) = (&e.zone, e.actor.as_deref()) else {
            return false;
        };
        let mut changed = false;
        for (k, v) in &e.quantity {
            match e.kind.as_str() {
                "force_level" => self.set(x, z, k, *v),
                "troop_movement" => self.add(x, z, k, *v),
                "withdrawal" => self.add(x, z, k, -v.abs()),
                _ => return false,
            }
            changed = true;
        }
        changed
    }

    /// Apply an architecture's force posture: `level` sets, `scale` multiplies the level recorded
    /// in that place (a level never recorded stays unknown).
    pub fn apply_posture(&mut self, c: &WorldChange) -> bool {
        let WorldChange::Forces {
            actor,
            zone,
            force,
            level,
            scale,
            ..
        } = c
        else {
            return false;
        };
        match (level, scale) {
            (Some(l), _) => self.set(actor, zone, force, *l),
            (None, Some(s)) => match self.recorded(actor, zone, force) {
                Some(l) => self.set(actor, zone, force, l * s),
                None => return false,
            },
            (None, None) => return false,
        }
        true
    }
}

/// The force levels of a timeline's events on or before `date`.
pub fn timeline_forces(tl: &Timeline, date: Date) -> Forces {
    let mut f = Forces::new();
    for e in tl.events.iter().take_while(|e| e.date <= date) {
        f.apply_event(e);
    }
    f
}

/// The force levels of the world the scenario is on `date`: the force events of the timelines
/// the world applies (each up to its last date applied) and the architecture's force posture
/// dated on or before `date`, in date order (posture takes effect at the start of its day, before
/// that day's events, as in a replay). For the
/// scenario as written (no architecture) nothing is recorded. Ask [`Forces::in_zone`] for "the
/// forces of A in Z of kind F".
pub fn forces_on(sc: &Scenario, date: Date) -> Forces {
    enum Item<'a> {
        Event(&'a Event),
        Posture(&'a WorldChange),
    }
    let mut items: Vec<(Date, u8, usize, Item<'_>)> = Vec::new();
    for applied in &sc.world.timelines {
        let Some(tl) = sc.timeline(&applied.timeline) else {
            continue;
        };
        let last = applied.until.map_or(date, |u| u.min(date));
        for e in tl.events.iter().take_while(|e| e.date <= last) {
            items.push((e.date, 1, items.len(), Item::Event(e)));
        }
    }
    for c in &sc.world.changes {
        if let WorldChange::Forces { basis, .. } = c {
            if basis.date <= date {
                items.push((basis.date, 0, items.len(), Item::Posture(c)));
            }
        }
    }
    items.sort_by_key(|(d, k, n, _)| (*d, *k, *n));
    let mut f = Forces::new();
    for (_, _, _, it) in &items {
        match it {
            Item::Event(e) => f.apply_event(e),
            Item::Posture(c) => f.apply_posture(c),
        };
    }
    f
}
