//! Conditions over a world (red lines and demands, issue "architectures"): `binds`, `owed` and
//! `forces`, evaluated by the ledger on the bundled scenario. Expected values cite the
//! scenario's files: the North Atlantic Treaty's Art. 5 (nato.toml, a treaty in force), the
//! written non-enlargement pledge (proposals.toml, a treaty only proposed), and the settlement
//! package agreements (packages.toml, all only proposed).

use entente_ledger::{Truth, evaluate};
use entente_scenario::architecture::{Basis, Change, apply_changes};
use entente_scenario::cond::parse;
use jiff::civil::date;

fn bundled() -> entente_scenario::Scenario {
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors(), "the bundled scenario loads cleanly");
    loaded.scenario
}

fn holds(sc: &entente_scenario::Scenario, text: &str) -> (Truth, Vec<entente_ledger::Atom>) {
    let c = parse(text).expect("the condition reads");
    evaluate(sc, &[&c], date(2026, 6, 30)).remove(0)
}

fn basis() -> Basis {
    Basis {
        date: date(2026, 1, 1),
        source: None,
        assumption: true,
    }
}

#[test]
fn the_open_door_holds_until_a_binding_pledge_is_in_force() {
    let mut sc = bundled();
    // Status quo: no agreement in force binds an ally not to enlarge (the pledge is proposed).
    assert_eq!(holds(&sc, "not binds(nato, no_enlargement)").0, Truth::True);
    // A political declaration does not bind in law: the door stays open.
    apply_changes(
        &mut sc,
        &[Change::Agreement {
            agreement: "enlargement_declaration".into(),
            status: entente_scenario::AgreementStatus::InForce,
            basis: basis(),
        }],
    );
    assert_eq!(holds(&sc, "binds(nato, no_enlargement)").0, Truth::False);
    // The written pledge, a treaty: USA, GBR, FRA and DEU (allies) bear `no_enlargement`.
    apply_changes(
        &mut sc,
        &[Change::Agreement {
            agreement: "non_enlargement_pledge".into(),
            status: entente_scenario::AgreementStatus::InForce,
            basis: basis(),
        }],
    );
    let (v, atoms) = holds(&sc, "binds(nato, no_enlargement)");
    assert_eq!(v, Truth::True);
    assert_eq!(
        atoms[0].by.as_deref(),
        Some("non_enlargement_pledge.no_enlargement")
    );
    // Russia bears no obligation of the pledge (it is the beneficiary).
    assert_eq!(holds(&sc, "binds(RUS, no_enlargement)").0, Truth::False);
    assert_eq!(holds(&sc, "owed(RUS, no_enlargement)").0, Truth::True);
}

#[test]
fn an_ally_is_owed_defence_and_ukraine_is_not() {
    let sc = bundled();
    // North Atlantic Treaty Art. 5: every ally is owed defence by the others.
    assert_eq!(holds(&sc, "owed(POL, defence)").0, Truth::True);
    // Ukraine's bilateral agreements of 2024 promise assistance and consultation, not defence.
    assert_eq!(holds(&sc, "owed(UKR, defence)").0, Truth::False);
    assert_eq!(holds(&sc, "owed(UKR, guarantee)").0, Truth::False);
}

#[test]
fn troop_levels_are_unknown_until_recorded_and_summed_over_an_institutions_members() {
    let mut sc = bundled();
    // Nothing records allied troops in Ukraine: neither 0 nor more.
    assert_eq!(
        holds(&sc, "forces(nato, UKR, troops) == 0").0,
        Truth::Unknown
    );
    let troops = |actor: &str, level: f64| Change::Forces {
        actor: actor.into(),
        zone: "ukraine".into(),
        force: "troops".into(),
        level: Some(level),
        scale: None,
        basis: basis(),
    };
    apply_changes(&mut sc, &[troops("GBR", 10_000.0), troops("FRA", 10_000.0)]);
    assert_eq!(
        holds(&sc, "forces(nato, UKR, troops) == 20000").0,
        Truth::True
    );
    assert_eq!(holds(&sc, "forces(GBR, UKR) > 5000").0, Truth::True);
    assert_eq!(holds(&sc, "forces(nato, UKR, troops) == 0").0, Truth::False);
    // Russia's forces are not the allies'.
    assert_eq!(holds(&sc, "forces(RUS, UKR, troops) < 1").0, Truth::Unknown);
}
