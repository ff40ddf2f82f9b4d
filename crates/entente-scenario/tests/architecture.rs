//! Architectures of the bundled scenario applied to the model: each world differs from the
//! scenario as it is exactly by its changes. Expected values: NATO has had 32 members since
//! Sweden's accession on 2024-03-07 (NATO, "Sweden officially joins NATO", 7 March 2024); the
//! proposals are `proposed` in the scenario as it is (scenarios/europe/proposals.toml).

use entente_scenario::architecture::{STATUS_QUO, apply, chain};
use jiff::civil::date;

fn europe() -> entente_scenario::Scenario {
    let l = entente_scenario::bundled();
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    l.scenario
}

#[test]
fn status_quo_is_the_scenario_as_it_is() {
    let s = europe();
    let w = apply(&s, STATUS_QUO).unwrap();
    let d = date(2026, 6, 30);
    assert_eq!(
        w.institution("nato").unwrap().members_on(d).len(),
        32,
        "NATO's 32 members since 2024-03-07"
    );
    assert!(w.world.applied.is_empty());
}

#[test]
fn ukraine_in_nato_adds_ukraine_from_its_date_only() {
    let s = europe();
    let w = apply(&s, "ukraine_in_nato").unwrap();
    let nato = w.institution("nato").unwrap();
    assert_eq!(nato.members_on(date(2026, 6, 30)).len(), 33);
    assert!(nato.members_on(date(2026, 6, 30)).contains(&"UKR"));
    // Before the change Ukraine is what the scenario records: an applicant since 2022-09-30.
    assert!(!nato.members_on(date(2025, 12, 31)).contains(&"UKR"));
    assert_eq!(w.as_of, Some(date(2026, 6, 30)));
    assert_eq!(w.world.applied, vec!["ukraine_in_nato".to_string()]);
}

#[test]
fn the_pledge_enters_into_force_only_in_its_world() {
    let s = europe();
    let d = date(2026, 6, 30);
    let pledge = |sc: &entente_scenario::Scenario| {
        sc.agreements
            .iter()
            .find(|a| a.id == "non_enlargement_pledge")
            .unwrap()
            .status_on(d)
            .to_string()
    };
    assert_eq!(pledge(&s), "proposed");
    assert_eq!(pledge(&apply(&s, "pledge").unwrap()), "in_force");
}

#[test]
fn a_proposed_body_is_established_only_where_an_architecture_creates_it() {
    let s = europe();
    let esc = |sc: &entente_scenario::Scenario| {
        sc.institution("european_security_organisation")
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(esc(&s), "proposed");
    assert_eq!(esc(&apply(&s, "inclusive_body").unwrap()), "existing");
}

#[test]
fn verified_actions_and_posture_are_kept_for_the_engines() {
    let s = europe();
    let w = apply(&s, "nrnap").unwrap();
    assert_eq!(w.world.changes.len(), 1);
    let w = apply(&s, "us_drawdown_cee").unwrap();
    assert_eq!(w.world.changes.len(), 1);
    let w = apply(&s, "settlement").unwrap();
    assert_eq!(w.world.timelines[0].timeline, "settlement");
}

#[test]
fn an_unknown_architecture_is_named_with_a_suggestion() {
    let s = europe();
    let e = chain(&s, "pledg").unwrap_err();
    assert!(e.contains("unknown architecture `pledg`"), "{e}");
    assert!(e.contains("did you mean `pledge`"), "{e}");
}

#[test]
fn every_bundled_architecture_applies() {
    let s = europe();
    assert!(s.architectures.len() >= 7);
    for a in &s.architectures {
        apply(&s, &a.id).unwrap();
    }
}
