//! The ledger's benchmark: replay a timeline of 100,000 events over the bundled Europe scenario,
//! and compute `coverage` for the 57 OSCE participating States at each of 1,000 dates. Goal:
//! at most 0.5 s each on one core. Run with `cargo bench -p entente-ledger --bench ledger`; it
//! prints the times (best of three runs).

use std::time::Instant;

use entente_ledger::{Index, Options, World, coverage_in, replay};
use entente_scenario::{Event, Precision, Timeline};
use jiff::ToSpan;
use jiff::civil::date;

fn event(d: jiff::civil::Date, order: i64, kind: &str) -> Event {
    Event {
        date: d,
        precision: Precision::Day,
        order,
        kind: kind.into(),
        actor: None,
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
    }
}

/// A synthetic timeline of `n` events, ten a day from 2026-01-01: the pact's ratifications and the
/// settlement's agreements entering into force, then force levels, troop movements,
/// verifications, sanctions changes, statements and, every 1,000 events, an armed attack (which
/// asks who must act).
fn timeline(n: usize) -> Timeline {
    let mut events = Vec::with_capacity(n);
    let start = date(2026, 1, 1);
    // The pact needs ratification: its parties ratify first, so that it enters into force.
    for party in ["RUS", "nato"] {
        let mut e = event(start, events.len() as i64 + 1, "ratification");
        e.actor = Some(party.into());
        e.agreement = Some("nato_russia_pact".into());
        events.push(e);
    }
    for ag in ["ceasefire_ukraine", "freeze_and_relief", "nato_russia_pact"] {
        let mut e = event(start, events.len() as i64 + 1, "entry_into_force");
        e.agreement = Some(ag.into());
        events.push(e);
    }
    let actors = ["USA", "DEU", "GBR", "FRA", "RUS", "UKR", "POL"];
    let zones = ["poland", "ukraine_dmz", "belarus", "nordic_baltic"];
    let mut i = events.len();
    while events.len() < n {
        let d = start
            .checked_add(((i / 10) as i64).days())
            .expect("in range");
        let order = (i % 10) as i64 + 1;
        let mut e = match i % 7 {
            0 | 1 => {
                let mut e = event(d, order, "force_level");
                e.actor = Some(actors[i % actors.len()].into());
                e.zone = Some(zones[i % zones.len()].into());
                e.quantity.insert("troops".into(), (i % 9000) as f64);
                e
            }
            2 => {
                let mut e = event(d, order, "troop_movement");
                e.actor = Some(actors[(i / 7) % actors.len()].into());
                e.zone = Some(zones[(i / 3) % zones.len()].into());
                e.quantity
                    .insert("troops".into(), if i % 2 == 0 { 500.0 } else { -500.0 });
                e
            }
            3 => {
                let mut e = event(d, order, "verification");
                e.actor = Some("osce".into());
                e.action = Some(if i % 2 == 0 {
                    "RUS withdraws nonstrategic_nuclear from BLR".into()
                } else {
                    "RUS withdraws troops from ukraine_dmz".into()
                });
                e
            }
            4 => {
                let mut e = event(d, order, "sanctions_change");
                e.actor = Some("EUU".into());
                e.subject = Some("RUS".into());
                e
            }
            _ => event(d, order, "statement"),
        };
        if i % 1000 == 999 {
            e = event(d, order, "armed_attack");
            e.actor = Some("RUS".into());
            e.subject = Some(["POL", "EST", "UKR", "MDA"][(i / 1000) % 4].into());
        }
        events.push(e);
        i += 1;
    }
    Timeline {
        id: "bench".into(),
        name: "bench".into(),
        description: None,
        kind: "scenario".into(),
        events,
        source: None,
    }
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors(), "the bundled scenario loads cleanly");
    let sc = &loaded.scenario;
    let tl = timeline(100_000);

    let (t, r) = best_of(3, || replay(sc, &tl, Options::default()).expect("replays"));
    let changes: usize = r.steps.iter().map(|s| s.changes.len()).sum();
    println!(
        "replay, 100,000 events over the bundled scenario: {t:.3} s ({changes} changes reported)"
    );
    let (t, _) = best_of(3, || {
        replay(sc, &tl, Options { snapshots: true }).expect("replays")
    });
    println!("replay with a state snapshot after every event:   {t:.3} s");

    let dates: Vec<jiff::civil::Date> = (0..1000)
        .map(|k| {
            date(1999, 1, 1)
                .checked_add((k * 10).days())
                .expect("in range")
        })
        .collect();
    let (t, grey) = best_of(3, || {
        let ix = Index::new(sc);
        let mut grey = 0;
        for d in &dates {
            let w = World::at(&ix, *d);
            let c = coverage_in(&ix, &w, Some("osce_area"));
            assert_eq!(c.states.len(), 57);
            grey += c.states.iter().filter(|s| s.grey_zone).count();
        }
        grey
    });
    println!(
        "coverage, 57 states at each of 1,000 dates:       {t:.3} s ({grey} state-dates in the grey zone)"
    );
}
