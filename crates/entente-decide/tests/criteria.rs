//! M21: admission criteria inform a decision but do not bind it. Each criterion is listed with
//! whether the subject met it (from a sourced assessment, or unknown), and the history shows the
//! members deciding otherwise: Portugal a founder under the Estado Novo, Greece and Türkiye
//! members through their military regimes.

use entente_decide::{Proposal, criteria_checks, decide};
use entente_scenario::Scenario;
use jiff::civil::{Date, date};

fn europe() -> Scenario {
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.scenario
}

/// The North Atlantic Treaty's Preamble (1949): the sixth of NATO's criteria in the scenario.
const PREAMBLE: usize = 5;

fn preamble_met(s: &Scenario, actor: &str, d: Date) -> (Option<bool>, bool) {
    let nato = s.institution("nato").unwrap();
    let (checks, sentence) = criteria_checks(nato, actor, d);
    assert_eq!(checks.len(), nato.criteria.len());
    assert!(sentence.unwrap().contains("do not bind it"));
    let member = nato.members_on(d).contains(&actor);
    (checks[PREAMBLE].met, member)
}

#[test]
fn members_stayed_members_while_failing_the_preamble() {
    let s = europe();
    // Portugal, a founder on 1949-08-24 (North Atlantic Treaty in force), under the Estado
    // Novo (1933 constitution to the revolution of 1974-04-25).
    assert_eq!(
        preamble_met(&s, "PRT", date(1949, 8, 24)),
        (Some(false), true)
    );
    assert_eq!(preamble_met(&s, "PRT", date(1974, 4, 25)).0, None);
    // Greece under the colonels (1967-04-21 to 1974-07-24), a member since 1952-02-18.
    assert_eq!(
        preamble_met(&s, "GRC", date(1970, 1, 1)),
        (Some(false), true)
    );
    assert_eq!(preamble_met(&s, "GRC", date(1974, 7, 24)).0, None);
    // Türkiye after the coups of 1960-05-27, 1971-03-12 and 1980-09-12, a member throughout.
    for d in [date(1960, 5, 27), date(1972, 6, 1), date(1983, 11, 5)] {
        assert_eq!(preamble_met(&s, "TUR", d), (Some(false), true), "{d}");
    }
    assert_eq!(preamble_met(&s, "TUR", date(1983, 11, 6)).0, None);
}

#[test]
fn an_accession_lists_every_criterion_and_says_they_do_not_bind() {
    let s = europe();
    let v = decide(
        &s,
        &Proposal {
            institution: "nato".into(),
            decision: "accession".into(),
            subject: Some("UKR".into()),
            date: date(2025, 6, 30),
            positions: vec![],
            competence: None,
            matter: None,
        },
    )
    .unwrap();
    assert_eq!(v.criteria.len(), 6);
    // No sourced assessment of Ukraine is bundled: every criterion is unknown, not guessed.
    assert!(v.criteria.iter().all(|c| c.met.is_none()));
    assert!(
        v.reasons
            .iter()
            .any(|r| r.contains("inform the decision but do not bind it")),
        "{:?}",
        v.reasons
    );
    // A decision that is no admission lists none.
    let v = decide(
        &s,
        &Proposal {
            institution: "nato".into(),
            decision: "consensus".into(),
            subject: Some("UKR".into()),
            date: date(2025, 6, 30),
            positions: vec![],
            competence: None,
            matter: None,
        },
    )
    .unwrap();
    assert!(v.criteria.is_empty());
}
