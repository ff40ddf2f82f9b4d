//! Automated negotiation: reproducible from its seed, agreements within the deadline, and the
//! qualitative result of Faratin, Sierra & Jennings (1998, "Negotiation decision functions for
//! autonomous agents"): conceders agree earlier than Boulware agents.

use entente_bargain::genius::{read_domain, read_profile, to_space};
use entente_bargain::simulate::{Strategy, negotiate};
use entente_bargain::{Disagreement, Model, analyse_model};

const ROOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/negotiation-domains"
);

fn party2() -> entente_bargain::Space {
    let read = |f: &str| std::fs::read_to_string(format!("{ROOT}/Party2/{f}")).unwrap();
    let (d, _) = read_domain(&read("party_domain.xml"), "party_domain.xml").unwrap();
    let p: Vec<_> = ["party1_utility.xml", "party2_utility.xml"]
        .iter()
        .map(|f| (f.to_string(), read_profile(&read(f), f).unwrap().0))
        .collect();
    to_space(&d, &p, 10).unwrap()
}

#[test]
fn same_seed_same_negotiation() {
    if entente_testdata::skip_without_shared("same_seed_same_negotiation") {
        return;
    }
    let space = party2();
    let model = Model::new(&space).unwrap();
    let a = analyse_model(&space, &model, Disagreement::Reservation).unwrap();
    let run = |seed| {
        negotiate(
            &space,
            &model,
            &[Strategy::BOULWARE, Strategy::LINEAR],
            100,
            seed,
            &a.pareto,
            a.solutions.nash.as_ref(),
        )
        .unwrap()
    };
    assert_eq!(run(3), run(3));
    let r = run(3);
    let ag = r
        .agreement
        .expect("Boulware and linear agree on Party within 100 rounds");
    assert!(ag.round < 100);
    assert!(r.distance_to_frontier.unwrap() >= 0.0);
}

#[test]
fn conceders_agree_before_boulware_agents() {
    if entente_testdata::skip_without_shared("conceders_agree_before_boulware_agents") {
        return;
    }
    let space = party2();
    let model = Model::new(&space).unwrap();
    let a = analyse_model(&space, &model, Disagreement::Reservation).unwrap();
    let round = |s: Strategy| {
        negotiate(&space, &model, &[s, s], 100, 1, &a.pareto, None)
            .unwrap()
            .agreement
            .map(|x| x.round)
            .unwrap()
    };
    assert!(round(Strategy::CONCEDER) < round(Strategy::BOULWARE));
}

#[test]
fn strategies_parse() {
    assert_eq!(Strategy::parse("Boulware"), Some(Strategy::BOULWARE));
    assert_eq!(Strategy::parse("tft"), Some(Strategy::TitForTat));
    assert_eq!(
        Strategy::parse("e=0.5"),
        Some(Strategy::TimeDependent { e: 0.5 })
    );
    assert_eq!(Strategy::parse("e=-1"), None);
    assert_eq!(Strategy::parse("stubborn"), None);
}
