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
    if entente_testdata::skip_without_shared("dummy_data_3dim_reproduced_turn_by_turn") {
        return;
    }
    check("dummyData_3Dim");
}

#[test]
fn soe_pol_comp_reproduced_turn_by_turn() {
    if entente_testdata::skip_without_shared("soe_pol_comp_reproduced_turn_by_turn") {
        return;
    }
    check("SOE-Pol-Comp");
}

#[test]
fn dummy_data_6dim_reproduced_turn_by_turn() {
    if entente_testdata::skip_without_shared("dummy_data_6dim_reproduced_turn_by_turn") {
        return;
    }
    check("dummyData_6Dim");
}

#[test]
fn dummy_data_a040_reproduced_turn_by_turn() {
    if entente_testdata::skip_without_shared("dummy_data_a040_reproduced_turn_by_turn") {
        return;
    }
    check("dummyData-a040");
}

#[test]
fn dummy_data_a080_reproduced_turn_by_turn() {
    if entente_testdata::skip_without_shared("dummy_data_a080_reproduced_turn_by_turn") {
        return;
    }
    check("dummyData-a080");
}

/// KTAB's runs with one model option changed from its defaults (recorded with
/// bench/forecast/ktab_option_references.sh, which drives KTAB's own `SMPModel::runModel` with
/// explicit parameters): entente with the same option reproduces each, turn by turn.
#[test]
fn every_recorded_option_variant_reproduced_turn_by_turn() {
    if entente_testdata::skip_without_shared(
        "every_recorded_option_variant_reproduced_turn_by_turn",
    ) {
        return;
    }
    use entente_forecast::smp::*;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/options");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 30,
        "expected the recorded option runs in {dir}"
    );
    for path in files {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (input, option) = stem.split_once("--").unwrap();
        let (key, value) = option.split_once('=').unwrap();
        let mut o = SmpOptions::default();
        match key {
            "VictoryProbModel" => {
                o.victory_prob_model = VictoryProbModel::from_name(value).unwrap()
            }
            "PCEModel" => o.pce_model = PceModel::from_name(value).unwrap(),
            "VotingRule" => o.voting_rule = VotingRule::from_name(value).unwrap(),
            "BigRAdjust" => o.big_r_adjust = BigRAdjust::from_name(value).unwrap(),
            "BigRRange" => o.big_r_range = BigRRange::from_name(value).unwrap(),
            "ThirdPartyCommit" => {
                o.third_party_commit = ThirdPartyCommit::from_name(value).unwrap()
            }
            "InterVecBrgn" => o.inter_vec_brgn = InterVecBrgn::from_name(value).unwrap(),
            "BargnModel" => o.bargn_model = BargnModel::from_name(value).unwrap(),
            other => panic!("unknown option {other} in {stem}"),
        }
        let csv = std::fs::read_to_string(format!("{KTAB_DIR}{input}.csv")).unwrap();
        let scenario = read_ktab_csv(&csv, input).unwrap();
        let reference: Reference =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let run = run_smp(&scenario.actors, &o).unwrap();
        assert_eq!(
            run.turns.len(),
            reference.positions.len(),
            "{stem}: number of states"
        );
        for (t, (turn, want)) in run.turns.iter().zip(&reference.positions).enumerate() {
            for (i, (got, want)) in turn.positions.iter().zip(want).enumerate() {
                for (k, (g, w)) in got.iter().zip(want).enumerate() {
                    assert!(
                        (g - w).abs() < 1e-9,
                        "{stem}: turn {t} actor {i} dim {k}: {g} != {w}"
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
                    "{stem}: turn {t} actor {i} win {g} != {w}"
                );
            }
        }
    }
}

/// KTAB's XML input: `tests/data/ideal-adjustment.xml` (a scenario written for these tests in
/// KTAB's XML format: six invented actors, two dimensions, non-default model parameters, ideals
/// lagging behind positions) run by KTAB as `smpc --logmin --xml ideal-adjustment.xml` (same
/// build and extraction as above, `tests/reference/ktab-xml-ideal-adjustment.json`).
#[test]
fn ktab_xml_with_parameters_and_lagging_ideals_reproduced() {
    use entente_forecast::read::read_ktab_xml;
    use entente_forecast::smp::{apply_ktab_parameters, run_ktab};
    let dir = env!("CARGO_MANIFEST_DIR");
    let xml = std::fs::read_to_string(format!("{dir}/tests/data/ideal-adjustment.xml")).unwrap();
    let scenario = read_ktab_xml(&xml, "ideal-adjustment.xml").unwrap();
    assert_eq!(scenario.seed, Some(12345));
    assert_eq!(scenario.ideal_adjustment.len(), 5);
    let mut opts = SmpOptions::default();
    apply_ktab_parameters(&mut opts, &scenario.parameters).unwrap();
    let reference: Reference = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{dir}/tests/reference/ktab-xml-ideal-adjustment.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let run = run_ktab(&scenario, &opts).unwrap();
    assert_eq!(run.turns.len(), reference.positions.len());
    for (t, (turn, want)) in run.turns.iter().zip(&reference.positions).enumerate() {
        for (i, (got, want)) in turn.positions.iter().zip(want).enumerate() {
            for (k, (g, w)) in got.iter().zip(want).enumerate() {
                assert!(
                    (g - w).abs() < 1e-9,
                    "turn {t} actor {i} dim {k}: {g} != {w}"
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
                "turn {t} actor {i} win {g} != {w}"
            );
        }
    }
}

#[test]
fn ktab_xml_errors_are_located() {
    use entente_forecast::read::read_ktab_xml;
    let e = read_ktab_xml("<Scenario>\n<Dimensions><dName>a</dName></Dimensions>\n<Actors>\n<Actor><name>x</name><capability>one</capability></Actor></Actors></Scenario>", "s.xml").unwrap_err();
    assert_eq!(e.line(), Some(4), "{e}");
    let e = read_ktab_xml("<Scenario><Dimensions>", "s.xml").unwrap_err();
    assert!(e.to_string().starts_with("s.xml:1:"), "{e}");
}
