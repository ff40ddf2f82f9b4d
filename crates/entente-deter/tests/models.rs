//! The pieces of the model against values computed outside it: the normal distribution function
//! (R's `pnorm`), the egame12 agent-probit probabilities (the formulas of `games::egame12`,
//! recomputed by hand), great-circle distances and the War Trap gradient, the ceasefire model's
//! labels.

use entente_deter::egame12::{Utilities, agent_probit, phi};
use entente_deter::params::Params;
use entente_deter::wartrap::{Components, composite, discounted, exponent, miles};
use entente_deter::{CeasefireIn, Mechanisms, survival};

#[test]
fn phi_matches_r_pnorm() {
    // R 4.x: pnorm(0) = 0.5; pnorm(1) = 0.8413447460685429; pnorm(-1.959963984540054) = 0.025;
    // pnorm(-3) = 0.0013498980316300946; pnorm(8) = 0.9999999999999993.
    assert_eq!(phi(0.0), 0.5);
    assert!((phi(1.0) - 0.841_344_746_068_542_9).abs() < 1e-14);
    assert!((phi(-1.959_963_984_540_054) - 0.025).abs() < 1e-14);
    assert!((phi(-3.0) - 0.001_349_898_031_630_094_6).abs() < 1e-15);
    assert!((phi(8.0) - 0.999_999_999_999_999_3).abs() < 1e-15);
    assert_eq!(phi(-40.0), 0.0);
}

#[test]
fn agent_probit_is_games_formula() {
    // u24 = 0: player 2 is indifferent, p4 = 1/2; u11 = 0, u13 = 0, u14 = 0: p2 = 1/2.
    let o = agent_probit(Utilities {
        u11: 0.0,
        u13: 0.0,
        u14: 0.0,
        u24: 0.0,
    });
    assert_eq!((o.fight, o.challenge), (0.5, 0.5));
    assert!((o.war - 0.25).abs() < 1e-15 && (o.capitulation - 0.25).abs() < 1e-15);
    // u24 = √2: p4 = Φ(1); p2 = Φ((p3·1 + p4·(−1) − 0)/√2).
    let s = std::f64::consts::SQRT_2;
    let o = agent_probit(Utilities {
        u11: 0.0,
        u13: 1.0,
        u14: -1.0,
        u24: s,
    });
    let p4 = 0.841_344_746_068_542_9;
    assert!((o.fight - p4).abs() < 1e-14);
    assert!((o.challenge - phi(((1.0 - p4) - p4) / s)).abs() < 1e-14);
    assert!((o.status_quo + o.capitulation + o.war - 1.0).abs() < 1e-14);
}

#[test]
fn great_circle_and_gradient() {
    // Warsaw (52.25 N, 21.0 E) to Moscow (55.75 N, 37.6 E): about 1,150 km, 715 statute miles
    // (a haversine on the IUGG mean radius; any great-circle calculator gives the same).
    let d = miles((52.25, 21.0), (55.75, 37.6));
    assert!((d - 715.0).abs() < 5.0, "{d}");
    // At distance 0 the exponent is log10(10 − e) (Bueno de Mesquita 1981).
    assert!((exponent(0.0, 250.0) - (10.0 - std::f64::consts::E).log10()).abs() < 1e-15);
    // It is 1 at e days of travel; beyond, shares shrink.
    assert!((exponent(std::f64::consts::E * 250.0, 250.0) - 1.0).abs() < 1e-12);
    assert!(discounted(0.3, 3000.0, 250.0) < 0.3);
    assert!(discounted(0.3, 0.0, 250.0) > 0.3);
    assert_eq!(discounted(0.0, 10.0, 250.0), 0.0);
}

#[test]
fn composite_averages_the_known_shares() {
    let s = [
        Components {
            milex: Some(3.0),
            population: Some(1.0),
            warheads: Some(0.0),
        },
        Components {
            milex: Some(1.0),
            population: Some(3.0),
            warheads: Some(10.0),
        },
        Components {
            milex: None,
            population: Some(4.0),
            warheads: None,
        },
    ];
    let c = composite(&s, [1.0, 1.0, 1.0]);
    assert!((c[0] - (0.75 + 0.125 + 0.0) / 3.0).abs() < 1e-15);
    assert!((c[1] - (0.25 + 0.375 + 1.0) / 3.0).abs() < 1e-15);
    assert!((c[2] - 0.5).abs() < 1e-15);
}

#[test]
fn ceasefire_says_its_figures_are_assumed() {
    let p = Params::default();
    let bare = survival(
        &p,
        &CeasefireIn {
            agreement: "a".into(),
            name: "A".into(),
            mechanisms: Mechanisms::default(),
        },
    );
    let full = survival(
        &p,
        &CeasefireIn {
            agreement: "b".into(),
            name: "B".into(),
            mechanisms: Mechanisms {
                dmz: true,
                peacekeepers: true,
                third_party_guarantee: true,
                joint_commission: true,
                formal_agreement: true,
            },
        },
    );
    assert!(bare.published_figures_missing && bare.note.contains("not obtained"));
    assert_eq!(bare.curve[0], (0.0, 1.0));
    assert!(full.median_years.unwrap() > bare.median_years.unwrap());
    for (a, b) in bare.curve.iter().zip(&full.curve) {
        assert!(b.1 >= a.1);
    }
    for q in p.list.iter().filter(|q| q.name.starts_with("ceasefire.")) {
        assert!(
            q.assumption && q.source.contains("assumption"),
            "{}",
            q.name
        );
    }
}

#[test]
fn every_parameter_is_sourced_or_an_assumption() {
    let p = Params::default();
    for q in &p.list {
        assert!(!q.source.is_empty(), "{}", q.name);
        if q.assumption {
            assert!(q.source.contains("assumption"), "{}", q.name);
        }
    }
    assert!(p.estimate.placeholder == p.estimate.source.contains("PLACEHOLDER"));
}

/// games' own predictions: `predict(fit)` (type "outcome") of the reference fit of games 1.1.2
/// egame12 on war1800 (agent probit), for the data set's first three rows. Covariates of those
/// rows as war1800 gives them (s_wt_re1, revis1, regime1, balanc, regime2):
/// row 1 (365 v 640, 1817): -0.61045902967453, 1, autoc, 0.71079295873642, autoc;
/// row 2 (220 v 230, 1821): -0.576085984706879, 1, mixed, 0.576183438301086, mixed.
#[test]
fn the_reference_fit_reproduces_games_predictions() {
    let b = entente_deter::params::FIT_VALUES;
    let u = |s: f64, revis: f64, r1: (f64, f64), bal: f64, r2: (f64, f64)| Utilities {
        u11: b[0] + b[1] * s + b[2] * revis,
        u13: 0.0,
        u14: b[3] + b[4] * r1.0 + b[5] * r1.1,
        u24: b[6] + b[7] * bal + b[8] * r2.0 + b[9] * r2.1,
    };
    let cases = [
        (
            u(
                -0.61045902967453,
                1.0,
                (0.0, 0.0),
                0.71079295873642,
                (0.0, 0.0),
            ),
            [0.568420312175271, 0.159690947387286, 0.271888740437444],
        ),
        (
            u(
                -0.576085984706879,
                1.0,
                (0.0, 1.0),
                0.576183438301086,
                (0.0, 1.0),
            ),
            [0.644695982931901, 0.191852864557446, 0.163451152510653],
        ),
    ];
    for (ut, want) in cases {
        let o = agent_probit(ut);
        let got = [o.status_quo, o.capitulation, o.war];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?} != {want:?}");
        }
    }
}
