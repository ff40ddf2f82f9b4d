//! Property tests against brute-force oracles: strong Kleene evaluation is sound (when it says
//! true or false, every way of resolving the unknowns agrees), and the Art. 5 bearers for an
//! attack on any state at any date are exactly the other allies of that date, read directly
//! from the membership periods (fixture: NATO's accession dates from the reference data).

use std::path::PathBuf;

use entente_ledger::{Incident, Truth, who_must_act};
use entente_scenario::Scenario;
use jiff::ToSpan;
use jiff::civil::date;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Expr {
    Var(usize),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = (0usize..4).prop_map(Expr::Var);
    leaf.prop_recursive(5, 32, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| Expr::Not(Box::new(a))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Expr::Or(Box::new(a), Box::new(b))),
        ]
    })
}

fn kleene(e: &Expr, v: &[Truth]) -> Truth {
    match e {
        Expr::Var(i) => v[*i],
        Expr::Not(a) => kleene(a, v).not(),
        Expr::And(a, b) => kleene(a, v).and(kleene(b, v)),
        Expr::Or(a, b) => kleene(a, v).or(kleene(b, v)),
    }
}

fn classical(e: &Expr, v: &[bool]) -> bool {
    match e {
        Expr::Var(i) => v[*i],
        Expr::Not(a) => !classical(a, v),
        Expr::And(a, b) => classical(a, v) && classical(b, v),
        Expr::Or(a, b) => classical(a, v) || classical(b, v),
    }
}

fn truth() -> impl Strategy<Value = Truth> {
    prop_oneof![Just(Truth::False), Just(Truth::Unknown), Just(Truth::True)]
}

proptest! {
    #[test]
    fn kleene_is_sound_against_every_completion(e in expr(), v in proptest::collection::vec(truth(), 4)) {
        let k = kleene(&e, &v);
        let unknown: Vec<usize> = (0..4).filter(|&i| v[i] == Truth::Unknown).collect();
        let mut seen = [false, false];
        for mask in 0..(1u32 << unknown.len()) {
            let mut b: Vec<bool> = v.iter().map(|t| *t == Truth::True).collect();
            for (j, &i) in unknown.iter().enumerate() {
                b[i] = mask & (1 << j) != 0;
            }
            seen[classical(&e, &b) as usize] = true;
        }
        match k {
            Truth::True => prop_assert!(seen[1] && !seen[0]),
            Truth::False => prop_assert!(seen[0] && !seen[1]),
            Truth::Unknown => {}
        }
        if unknown.is_empty() {
            prop_assert_ne!(k, Truth::Unknown);
        }
    }
}

fn fixture() -> Scenario {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenario.toml");
    let loaded = entente_scenario::load(&[p]);
    assert!(!loaded.has_errors());
    loaded.scenario
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn art5_bearers_are_the_other_allies_of_the_day(days in 0i64..28_000, victim in 0usize..57) {
        let sc = fixture();
        let d = date(1949, 8, 24).checked_add(days.days()).unwrap();
        let states: Vec<&str> = sc.actors.iter().map(|a| a.id.as_str()).collect();
        let v = states[victim % states.len()];
        let nato = sc.institution("nato").unwrap();
        let members = nato.members_on(d);
        let zone = sc.zone("euro_atlantic").unwrap();
        let expected = if members.contains(&v) && zone.members.iter().any(|m| m == v) {
            members.len() - 1
        } else {
            0
        };
        let attacker = if v == "RUS" { "BLR" } else { "RUS" };
        let a = who_must_act(&sc, &Incident::attack(attacker, v), d);
        let mut got: Vec<&str> = a
            .duties
            .iter()
            .filter(|x| x.obligation == "collective_defence" && x.applies == Truth::True)
            .map(|x| x.bearer.as_str())
            .collect();
        got.sort_unstable();
        got.dedup();
        prop_assert_eq!(got.len(), expected, "victim {} on {}", v, d);
    }
}
