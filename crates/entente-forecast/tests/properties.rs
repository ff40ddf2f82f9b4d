//! Properties of both models (proptest): a single actor never moves; identical actors stay
//! identical (expected-utility model); positions stay within the range; results do not
//! depend on the number of threads; the weighted median agrees with a brute-force oracle.

use entente_forecast::eum::{EuOptions, EuVariant, run_eu, weighted_median};
use entente_forecast::montecarlo::{McOptions, Uncertainty, monte_carlo_eu, monte_carlo_smp};
use entente_forecast::read::{EuActor, SpatialActor, read_ktab_csv};
use entente_forecast::smp::{SmpOptions, run_smp};
use proptest::prelude::*;

fn eu_actor() -> impl Strategy<Value = EuActor> {
    (0.01f64..1.0, 0.0f64..100.0, 0.05f64..1.0).prop_map(|(c, x, s)| EuActor {
        name: String::new(),
        capability: c,
        position: (x * 4.0).round() / 4.0,
        salience: s,
    })
}

fn spatial_actor(nd: usize) -> impl Strategy<Value = SpatialActor> {
    (
        1.0f64..200.0,
        prop::collection::vec(0.0f64..100.0, nd),
        prop::collection::vec(1.0f64..30.0, nd),
    )
        .prop_map(|(c, p, s)| SpatialActor {
            name: String::new(),
            description: String::new(),
            capability: c,
            position: p,
            salience: s,
        })
}

fn variant() -> impl Strategy<Value = EuVariant> {
    prop_oneof![Just(EuVariant::Paper), Just(EuVariant::ScholzReplication)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn eu_single_actor_never_moves(a in eu_actor(), v in variant()) {
        let run = run_eu(std::slice::from_ref(&a), &EuOptions { rounds: 5, variant: v, q: 1.0 }).unwrap();
        for t in &run.turns {
            prop_assert_eq!(t.positions[0], a.position);
        }
    }

    #[test]
    fn eu_identical_actors_stay_identical(mut actors in prop::collection::vec(eu_actor(), 2..7), v in variant()) {
        let twin = actors[0].clone();
        actors.push(twin);
        let last = actors.len() - 1;
        let run = run_eu(&actors, &EuOptions { rounds: 6, variant: v, q: 1.0 }).unwrap();
        for t in &run.turns {
            prop_assert_eq!(t.positions[0], t.positions[last]);
        }
    }

    #[test]
    fn eu_positions_stay_within_range(actors in prop::collection::vec(eu_actor(), 1..9), v in variant()) {
        let lo = actors.iter().map(|a| a.position).fold(f64::INFINITY, f64::min);
        let hi = actors.iter().map(|a| a.position).fold(f64::NEG_INFINITY, f64::max);
        let run = run_eu(&actors, &EuOptions { rounds: 6, variant: v, q: 1.0 }).unwrap();
        for t in &run.turns {
            for &x in &t.positions {
                prop_assert!(lo <= x && x <= hi, "{} outside [{}, {}]", x, lo, hi);
            }
            prop_assert!(lo - 1e-9 <= t.mean && t.mean <= hi + 1e-9);
        }
    }

    #[test]
    fn weighted_median_matches_brute_force(actors in prop::collection::vec(eu_actor(), 1..9)) {
        let x: Vec<f64> = actors.iter().map(|a| a.position).collect();
        let w: Vec<f64> = actors.iter().map(|a| a.capability * a.salience).collect();
        let loss = |p: f64| x.iter().zip(&w).map(|(x, w)| w * (x - p).abs()).sum::<f64>();
        let m = weighted_median(&x, &w, 100.0);
        // oracle: no position has a strictly smaller weighted distance
        for &p in &x {
            prop_assert!(loss(m) <= loss(p) + 1e-9, "median {} loses to {}", m, p);
        }
    }

    #[test]
    fn smp_single_actor_never_moves(a in spatial_actor(2)) {
        let run = run_smp(std::slice::from_ref(&a), &SmpOptions::default()).unwrap();
        for t in &run.turns {
            for (g, w) in t.positions[0].iter().zip(&a.position) {
                prop_assert!((g - w).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn smp_positions_stay_within_range(actors in prop::collection::vec(spatial_actor(2), 2..7)) {
        let run = run_smp(&actors, &SmpOptions { max_turns: 20, ..SmpOptions::default() }).unwrap();
        for t in &run.turns {
            for p in &t.positions {
                for &x in p {
                    prop_assert!((0.0..=100.0).contains(&x), "{} outside 0-100", x);
                }
            }
            let total: f64 = t.win_probability.iter().sum();
            prop_assert!(total > 0.0);
        }
    }
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn eu_monte_carlo_same_with_one_or_two_threads() {
    if entente_testdata::skip_without_shared("eu_monte_carlo_same_with_one_or_two_threads") {
        return;
    }
    let content = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/forecast-cases/eum/ExampleActors.csv"
    ))
    .unwrap();
    let actors = entente_forecast::read::read_eum_csv(&content, "ExampleActors.csv").unwrap();
    let u = Uncertainty {
        position_sd: 0.8,
        salience_sd: 0.1,
        capability_cv: 0.2,
    };
    let mc = McOptions {
        runs: 300,
        seed: 42,
        band: Some((6.0, 8.0)),
    };
    let run = || monte_carlo_eu(&actors, &EuOptions::default(), &u, &mc, &|| {}).unwrap();
    let one = in_pool(1, run);
    let two = in_pool(2, run);
    assert_eq!(one, two);
    let other_seed = monte_carlo_eu(
        &actors,
        &EuOptions::default(),
        &u,
        &McOptions { seed: 43, ..mc },
        &|| {},
    )
    .unwrap();
    assert_ne!(one, other_seed);
}

#[test]
fn smp_same_with_one_or_two_threads() {
    if entente_testdata::skip_without_shared("smp_same_with_one_or_two_threads") {
        return;
    }
    let content = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/forecast-cases/ktab/dummyData-a040.csv"
    ))
    .unwrap();
    let sc = read_ktab_csv(&content, "dummyData-a040.csv").unwrap();
    let single = || run_smp(&sc.actors, &SmpOptions::default()).unwrap();
    assert_eq!(in_pool(1, single), in_pool(2, single));
    let small: Vec<SpatialActor> = sc.actors[..8].to_vec();
    let u = Uncertainty {
        position_sd: 5.0,
        salience_sd: 2.0,
        capability_cv: 0.1,
    };
    let mc = McOptions {
        runs: 24,
        seed: 9,
        band: Some((40.0, 70.0)),
    };
    let run = || monte_carlo_smp(&small, &[], &SmpOptions::default(), &u, &mc, &|| {}).unwrap();
    assert_eq!(in_pool(1, run), in_pool(2, run));
}

/// Every KTAB option value, each varied alone from the defaults, on KTAB's two small inputs:
/// the run ends, positions stay finite and within 0–100, win probabilities are positive.
#[test]
fn every_ktab_option_runs_cleanly() {
    if entente_testdata::skip_without_shared("every_ktab_option_runs_cleanly") {
        return;
    }
    use entente_forecast::smp::*;
    let mut variants: Vec<SmpOptions> = vec![SmpOptions::default()];
    let d = SmpOptions {
        max_turns: 30,
        seed: 3,
        ..SmpOptions::default()
    };
    variants.extend(VictoryProbModel::ALL.iter().map(|&v| SmpOptions {
        victory_prob_model: v,
        ..d
    }));
    variants.extend(VotingRule::ALL.iter().map(|&v| SmpOptions {
        voting_rule: v,
        ..d
    }));
    variants.extend(
        PceModel::ALL
            .iter()
            .map(|&v| SmpOptions { pce_model: v, ..d }),
    );
    variants.extend(StateTransitions::ALL.iter().map(|&v| SmpOptions {
        state_transitions: v,
        ..d
    }));
    variants.extend(BigRRange::ALL.iter().map(|&v| SmpOptions {
        big_r_range: v,
        ..d
    }));
    variants.extend(BigRAdjust::ALL.iter().map(|&v| SmpOptions {
        big_r_adjust: v,
        ..d
    }));
    variants.extend(ThirdPartyCommit::ALL.iter().map(|&v| SmpOptions {
        third_party_commit: v,
        ..d
    }));
    variants.extend(InterVecBrgn::ALL.iter().map(|&v| SmpOptions {
        inter_vec_brgn: v,
        ..d
    }));
    variants.extend(BargnModel::ALL.iter().map(|&v| SmpOptions {
        bargn_model: v,
        ..d
    }));
    for name in ["dummyData_3Dim", "SOE-Pol-Comp"] {
        let content = std::fs::read_to_string(format!(
            "{}/../../../shared/data/forecast-cases/ktab/{name}.csv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let sc = read_ktab_csv(&content, name).unwrap();
        for o in &variants {
            let run = run_smp(&sc.actors, o).unwrap();
            assert!(
                run.turns.len() >= 2 && run.turns.len() <= o.max_turns + 1,
                "{name} {o:?}"
            );
            for t in &run.turns {
                assert!(
                    t.positions
                        .iter()
                        .flatten()
                        .all(|x| x.is_finite() && (0.0..=100.0).contains(x)),
                    "{name} {o:?}"
                );
                let total: f64 = t.win_probability.iter().sum();
                assert!(total.is_finite() && total > 0.0, "{name} {o:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The readers never panic, whatever the bytes: they answer or return a located error.
    #[test]
    fn readers_never_panic(text in "[a-zA-Z0-9 ,.;\"\t\n-]{0,300}") {
        let _ = read_ktab_csv(&text, "x.csv");
        let _ = entente_forecast::read::read_eum_csv(&text, "x.csv");
        let _ = entente_forecast::read::read_deu3(&text, "x.csv");
        let _ = entente_forecast::read::read_ktab_xml(&text, "x.xml");
        let _ = entente_forecast::read::read_ktab_xml(&format!("<Scenario>{text}</Scenario>"), "x.xml");
    }

    /// Damaged versions of a valid KTAB file (one line dropped or duplicated) never panic.
    #[test]
    fn damaged_ktab_never_panics(drop in 0usize..9, dup in 0usize..9) {
        if entente_testdata::skip_without_shared("damaged_ktab_never_panics") {
            return Ok(());
        }
        let content = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/forecast-cases/ktab/dummyData_3Dim.csv"
        ))
        .unwrap();
        let lines: Vec<&str> = content.lines().collect();
        let mut damaged: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, l)| *l).collect();
        if dup < damaged.len() {
            damaged.insert(dup, damaged[dup]);
        }
        if let Ok(sc) = read_ktab_csv(&damaged.join("\n"), "d.csv") {
            let _ = run_smp(&sc.actors, &SmpOptions { max_turns: 5, ..SmpOptions::default() });
        }
    }
}

/// Spoilers (M13): one shift per actor, each finite and within the space's diameter.
#[test]
fn spoiler_shifts_are_finite_and_bounded() {
    if entente_testdata::skip_without_shared("spoiler_shifts_are_finite_and_bounded") {
        return;
    }
    let content = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/forecast-cases/ktab/SOE-Pol-Comp.csv"
    ))
    .unwrap();
    let sc = read_ktab_csv(&content, "SOE-Pol-Comp.csv").unwrap();
    let s = entente_forecast::smp::spoilers(&sc.actors, &SmpOptions::default()).unwrap();
    assert_eq!(s.len(), sc.actors.len());
    let diameter = (2.0f64).sqrt() * 100.0;
    assert!(
        s.iter()
            .all(|d| d.is_some_and(|d| d.is_finite() && (0.0..=diameter).contains(&d)))
    );
}
