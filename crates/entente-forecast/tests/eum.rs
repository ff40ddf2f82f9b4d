//! The expected-utility model against the open Python replication of Scholz, Calbert & Smith
//! (2011), round by round, on its 10-actor example (`ExampleActors.csv`).
//!
//! Expected values: output of `bdm_scholz_model.py` from github.com/dmasad/bdm-scholz-expected-utility-model
//! (commit d7c7bba, Python 3.11), `BDMScholzModel.from_csv_path("ExampleActors.csv")`, then per
//! round `update_risk_aversions(); update_positions()`, recording every actor's `x`,
//! `mean_position()` and `median_position()` (repr of the Python floats). The PAPER_* values come
//! from the same program with the two changes the paper asks for: the capitulation test
//! `eu_ji < abs(eu_ji)` (line 200) replaced by `eu_ji < abs(eu_ij)`, and compromises chosen with
//! `best_offer_key` (smallest move) instead of `compromise_best_offer_key` (line 159).

use entente_forecast::eum::{EuOptions, EuVariant, OfferKind, run_eu};
use entente_forecast::read::read_eum_csv;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/forecast-cases/eum/ExampleActors.csv"
);

const REPLICATION_POSITIONS: [[f64; 10]; 11] = [
    [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0],
    [
        4.0,
        8.415932315426764,
        7.0,
        4.0,
        10.0,
        10.0,
        10.0,
        4.0,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.610859134120188,
        8.415932315426764,
        4.0,
        10.0,
        10.0,
        10.0,
        7.0,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.961979590401311,
        9.610859134120188,
        4.0,
        10.0,
        10.0,
        10.0,
        8.415932315426764,
        4.0,
        7.0,
    ],
    [
        4.0,
        4.800881140632622,
        9.961979590401311,
        4.0,
        10.0,
        10.0,
        10.0,
        9.610859134120188,
        4.0,
        7.0,
    ],
    [
        4.0,
        5.524237694197356,
        4.800881140632622,
        4.0,
        10.0,
        10.0,
        10.0,
        9.961979590401311,
        4.0,
        7.0,
    ],
    [
        4.0,
        7.47204636191629,
        5.524237694197356,
        4.0,
        10.0,
        10.0,
        10.0,
        5.524237694197356,
        4.0,
        7.0,
    ],
    [
        4.0,
        8.824593855262423,
        7.47204636191629,
        4.0,
        10.0,
        10.0,
        10.0,
        7.47204636191629,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.671129769802048,
        8.824593855262423,
        4.0,
        10.0,
        10.0,
        10.0,
        8.824593855262423,
        4.0,
        7.0,
    ],
    [
        4.0,
        4.144849062500606,
        9.671129769802048,
        4.0,
        10.0,
        10.0,
        10.0,
        9.671129769802048,
        4.0,
        7.0,
    ],
    [
        4.0,
        4.291541224979646,
        4.144849062500606,
        4.0,
        10.0,
        10.0,
        10.0,
        4.144849062500606,
        4.0,
        7.0,
    ],
];
const REPLICATION_MEAN: [f64; 11] = [
    7.389955686853767,
    7.461314378277189,
    7.552500865855845,
    7.590144997451547,
    7.358130531334201,
    7.3491739896752115,
    7.414877545372958,
    7.510457183677219,
    7.5724470975503,
    7.324989065683666,
    7.242130958473938,
];
const REPLICATION_MEDIAN: [f64; 11] = [
    7.0,
    8.415932315426764,
    9.610859134120188,
    9.961979590401311,
    9.961979590401311,
    9.961979590401311,
    7.47204636191629,
    8.824593855262423,
    9.671129769802048,
    9.671129769802048,
    7.0,
];
const PAPER_POSITIONS: [[f64; 10]; 11] = [
    [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0],
    [
        4.0,
        8.415932315426764,
        7.0,
        4.0,
        10.0,
        10.0,
        10.0,
        4.0,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.610859134120188,
        8.415932315426764,
        4.0,
        10.0,
        10.0,
        10.0,
        7.0,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.961979590401311,
        9.610859134120188,
        4.0,
        10.0,
        10.0,
        10.0,
        8.415932315426764,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.999607370747668,
        9.961979590401311,
        4.0,
        10.0,
        10.0,
        10.0,
        9.610859134120188,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.999999952704336,
        9.999607370747668,
        4.0,
        10.0,
        10.0,
        10.0,
        9.961979590401311,
        4.0,
        7.0,
    ],
    [
        4.0,
        5.3726135278558,
        9.999999952704336,
        4.0,
        10.0,
        10.0,
        10.0,
        9.999607370747668,
        4.0,
        7.0,
    ],
    [
        4.0,
        6.3847437465698995,
        5.3726135278558,
        4.0,
        10.0,
        10.0,
        10.0,
        9.999999952704336,
        4.0,
        7.0,
    ],
    [
        4.0,
        8.179181334564198,
        6.3847437465698995,
        4.0,
        10.0,
        10.0,
        10.0,
        6.3847437465698995,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.29971622895029,
        8.179181334564198,
        4.0,
        10.0,
        10.0,
        10.0,
        8.179181334564198,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.87567489653068,
        9.29971622895029,
        4.0,
        10.0,
        10.0,
        10.0,
        9.29971622895029,
        4.0,
        7.0,
    ],
];
const PAPER_MEAN: [f64; 11] = [
    7.389955686853767,
    7.461314378277189,
    7.552500865855845,
    7.590144997451547,
    7.603860574707438,
    7.606805820772573,
    7.388362879558863,
    7.395195688066312,
    7.462283580381571,
    7.544404599714352,
    7.589835266185282,
];
const PAPER_MEDIAN: [f64; 11] = [
    7.0,
    8.415932315426764,
    9.610859134120188,
    9.961979590401311,
    9.999607370747668,
    9.999999952704336,
    9.999999952704336,
    9.999999952704336,
    8.179181334564198,
    9.29971622895029,
    9.87567489653068,
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

fn check(variant: EuVariant, pos: &[[f64; 10]; 11], mean: &[f64; 11], median: &[f64; 11]) {
    let content = std::fs::read_to_string(EXAMPLE).unwrap();
    let actors = read_eum_csv(&content, "ExampleActors.csv").unwrap();
    let run = run_eu(
        &actors,
        &EuOptions {
            rounds: 10,
            variant,
            q: 1.0,
        },
    )
    .unwrap();
    assert_eq!(run.turns.len(), 11);
    for (t, turn) in run.turns.iter().enumerate() {
        for (a, (&got, &want)) in turn.positions.iter().zip(&pos[t]).enumerate() {
            assert!(
                close(got, want),
                "{variant:?} turn {t} actor {a}: {got} != {want}"
            );
        }
        assert!(
            close(turn.mean, mean[t]),
            "{variant:?} turn {t} mean {} != {}",
            turn.mean,
            mean[t]
        );
        assert!(
            close(turn.median, median[t]),
            "{variant:?} turn {t} median {} != {}",
            turn.median,
            median[t]
        );
    }
}

#[test]
fn replication_trajectory_reproduced() {
    if entente_testdata::skip_without_shared("replication_trajectory_reproduced") {
        return;
    }
    check(
        EuVariant::ScholzReplication,
        &REPLICATION_POSITIONS,
        &REPLICATION_MEAN,
        &REPLICATION_MEDIAN,
    );
}

#[test]
fn paper_trajectory_reproduced() {
    if entente_testdata::skip_without_shared("paper_trajectory_reproduced") {
        return;
    }
    check(
        EuVariant::Paper,
        &PAPER_POSITIONS,
        &PAPER_MEAN,
        &PAPER_MEDIAN,
    );
}

#[test]
fn replication_never_capitulates() {
    if entente_testdata::skip_without_shared("replication_never_capitulates") {
        return;
    }
    let content = std::fs::read_to_string(EXAMPLE).unwrap();
    let actors = read_eum_csv(&content, "ExampleActors.csv").unwrap();
    let run = run_eu(
        &actors,
        &EuOptions {
            rounds: 10,
            variant: EuVariant::ScholzReplication,
            q: 1.0,
        },
    )
    .unwrap();
    let kinds: Vec<OfferKind> = run
        .turns
        .iter()
        .flat_map(|t| t.moves.iter().flatten().map(|m| m.kind))
        .collect();
    assert!(!kinds.contains(&OfferKind::Capitulation));
    // Round 1 of the replication's log (Example.log in the replication's repository):
    // "Belgium compromises with France ... new_pos = 8.415932315426764",
    // "Luxembourg loses confrontation to Belgium", "Ireland loses confrontation to Luxembourg".
    let r1 = &run.turns[1].moves;
    assert_eq!(
        r1[1].as_ref().map(|m| (m.kind, m.with)),
        Some((OfferKind::Compromise, 4))
    );
    assert_eq!(
        r1[2].as_ref().map(|m| (m.kind, m.with)),
        Some((OfferKind::Confrontation, 1))
    );
    assert_eq!(
        r1[7].as_ref().map(|m| (m.kind, m.with)),
        Some((OfferKind::Confrontation, 2))
    );
    assert!(close(r1[1].as_ref().unwrap().eu_ij, -0.11483050347300794));
    assert!(close(r1[1].as_ref().unwrap().eu_ji, 0.2432965945234421));
}

/// The replication on its 17-actor `Sultan.csv`: positions every round, from
/// `tests/reference/eum-Sultan.json` (the Python replication's output, see the README there).
#[test]
fn replication_trajectory_on_sultan_reproduced() {
    if entente_testdata::skip_without_shared("replication_trajectory_on_sultan_reproduced") {
        return;
    }
    #[derive(serde::Deserialize)]
    struct Reference {
        positions: Vec<Vec<f64>>,
    }
    let dir = env!("CARGO_MANIFEST_DIR");
    let csv = std::fs::read_to_string(format!(
        "{dir}/../../../shared/data/forecast-cases/eum/Sultan.csv"
    ))
    .unwrap();
    let actors = read_eum_csv(&csv, "Sultan.csv").unwrap();
    let want: Reference = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/tests/reference/eum-Sultan.json")).unwrap(),
    )
    .unwrap();
    let run = run_eu(
        &actors,
        &EuOptions {
            rounds: 10,
            variant: EuVariant::ScholzReplication,
            q: 1.0,
        },
    )
    .unwrap();
    assert_eq!(run.turns.len(), want.positions.len());
    for (t, (turn, w)) in run.turns.iter().zip(&want.positions).enumerate() {
        for (a, (g, w)) in turn.positions.iter().zip(w).enumerate() {
            assert!(close(*g, *w), "turn {t} actor {a}: {g} != {w}");
        }
    }
}
