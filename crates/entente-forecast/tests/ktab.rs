//! KTAB's spatial model of politics against KTAB's own runs on its shipped inputs, turn by turn.
//!
//! Reference outputs in `tests/reference/ktab-*.json` were produced by running KTAB's `smpc`
//! (KAPSARC/KTAB, commit 3b5b063, built with g++ 12 -O2 as bench/forecast/build-ktab.sh does)
//! as `smpc --logmin --csv FILE --connstr "Driver=QSQLITE;Database=run.db"` with default model
//! parameters, then extracting the positions (SQLite table VectorPosition, full precision) and
//! the win probabilities (log block "History of actors' winning probabilities", 4 decimals) with
//! bench/forecast/ktab_reference.py; see tests/reference/README.md.

use entente_forecast::read::read_ktab_csv;
use entente_forecast::smp::{SmpOptions, run_smp};

const KTAB_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/forecast-cases/ktab/"
);

#[derive(serde::Deserialize)]
struct Reference {
    actors: Vec<String>,
    positions: Vec<Vec<Vec<f64>>>,
    win_probability: Vec<Vec<f64>>,
}

fn check(name: &str) {
    let csv = std::fs::read_to_string(format!("{KTAB_DIR}{name}.csv")).unwrap();
    let scenario = read_ktab_csv(&csv, name).unwrap();
    let reference: Reference = serde_json::from_str(
        &std::fs::read_to_string(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/").to_string()
                + &format!("ktab-{name}.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = scenario.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        reference
            .actors
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    let run = run_smp(&scenario.actors, &SmpOptions::default()).unwrap();
    assert_eq!(
        run.turns.len(),
        reference.positions.len(),
        "{name}: number of states"
    );
    for (t, (turn, want)) in run.turns.iter().zip(&reference.positions).enumerate() {
        for (i, (got, want)) in turn.positions.iter().zip(want).enumerate() {
            for (k, (g, w)) in got.iter().zip(want).enumerate() {
                assert!(
                    (g - w).abs() < 1e-9,
                    "{name}: turn {t} actor {i} dim {k}: {g} != {w}"
                );
            }
        }
        for (i, (g, w)) in turn
            .win_probability
            .iter()
            .zip(&reference.win_probability[t])
            .enumerate()
        {
            assert!(
                (g - w).abs() <= 0.5e-4 + 1e-12,
                "{name}: turn {t} actor {i} win probability {g} != {w}"
            );
        }
    }
}

#[test]
fn dummy_data_3dim_reproduced_turn_by_turn() {
    check("dummyData_3Dim");
}

#[test]
fn soe_pol_comp_reproduced_turn_by_turn() {
    check("SOE-Pol-Comp");
}

#[test]
fn dummy_data_6dim_reproduced_turn_by_turn() {
    check("dummyData_6Dim");
}

#[test]
fn dummy_data_a040_reproduced_turn_by_turn() {
    check("dummyData-a040");
}

#[test]
fn dummy_data_a080_reproduced_turn_by_turn() {
    check("dummyData-a080");
}
