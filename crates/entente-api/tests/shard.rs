//! Sharded sweeps put back together: for N in {1, 2, 7}, the N shard files of a Monte Carlo
//! (forecast runs, sampled power, deterrence draws), written as JSON lines and merged, give the same JSON bytes as
//! the unsharded answer; and the merge refuses shards that are missing, repeated, of another
//! query or altered.

use entente_api::shard;
use entente_api::{Session, Source};
use serde_json::{Value, json};

fn session() -> Session {
    Session::open(&Source::Bundled).unwrap()
}

fn shard_files(s: &Session, question: &str, query: &Value, n: usize) -> Vec<(String, String)> {
    (1..=n)
        .map(|k| {
            let mut q = query.clone();
            q["shard"] = json!(format!("{k}/{n}"));
            let r = shard::shard(s, question, q).unwrap();
            (format!("shard-{k}.jsonl"), r.to_jsonl())
        })
        .collect()
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

fn unsharded(s: &Session, question: &str, query: &Value) -> String {
    match question {
        "forecast" => pretty(
            &entente_api::forecast::answer(s, &serde_json::from_value(query.clone()).unwrap())
                .unwrap(),
        ),
        "power" => pretty(
            &entente_api::power::answer(s, &serde_json::from_value(query.clone()).unwrap())
                .unwrap(),
        ),
        "deter" => pretty(
            &entente_api::deter::answer(s, &serde_json::from_value(query.clone()).unwrap())
                .unwrap(),
        ),
        _ => unreachable!(),
    }
}

fn same_bytes_for_every_n(question: &str, query: Value) {
    let s = session();
    let whole = unsharded(&s, question, &query);
    for n in [1, 2, 7] {
        let files = shard_files(&s, question, &query, n);
        // Shards may come in any order.
        let mut reversed = files.clone();
        reversed.reverse();
        let merged = shard::merge(&s, &reversed).unwrap();
        assert_eq!(merged.question(), question);
        assert_eq!(pretty(&merged), whole, "{question}: {n} shards");
    }
}

#[test]
fn forecast_shards_merge_to_the_unsharded_bytes() {
    // The bundled scenario's first forecasting case, spatial model, 23 runs (not a multiple
    // of 2 or 7, so shards differ in size).
    same_bytes_for_every_n(
        "forecast",
        json!({"runs": 23, "seed": 7, "position_sd": 5.0, "salience_sd": 2.0,
               "capability_cv": 0.1, "band": [40.0, 60.0], "spoilers": true}),
    );
}

#[test]
fn expected_utility_shards_merge_to_the_unsharded_bytes() {
    same_bytes_for_every_n(
        "forecast",
        json!({"eum": {"name": "toy.csv",
                       "text": "Actor,Capability,Position,Salience\nA,1,0,1\nB,1,10,1\nC,2,4,0.5\n"},
               "rounds": 5, "runs": 40, "seed": 3, "position_sd": 1.0}),
    );
}

#[test]
fn sampled_power_shards_merge_to_the_unsharded_bytes() {
    // EU Council QMV in force on 2024-06-01, sampled: 10 chunks of 4096 samples (the last short).
    same_bytes_for_every_n(
        "power",
        json!({"institution": "eu_council", "decision": "qmv", "as_of": "2024-06-01",
               "method": "monte-carlo", "samples": 40000, "seed": 11}),
    );
}

#[test]
fn a_sampled_run_that_stops_once_ranked_merges_to_the_same_bytes() {
    // Three classes of weight (10 of 5, 10 of 3, 20 of 1): the ranking is stable after the first
    // round of 16 chunks, so one unsharded run draws 65 536 of its budget of 200 000 samples; the
    // shards draw all 49 chunks and the merge stops at the same round.
    let weights: Vec<u32> = [vec![5; 10], vec![3; 10], vec![1; 20]].concat();
    let q = json!({"weights": weights, "quota": "50%", "method": "monte-carlo",
                   "samples": 200000, "seed": 4, "indices": ["banzhaf"]});
    let s = session();
    let one: Value = serde_json::from_str(&unsharded(&s, "power", &q)).unwrap();
    assert_eq!(one["ranking"]["samples"], 65536);
    assert_eq!(one["ranking"]["stable"], true);
    same_bytes_for_every_n("power", q);
}

#[test]
fn a_shards_runs_do_not_depend_on_n() {
    let s = session();
    let q = json!({"runs": 14, "seed": 1, "position_sd": 3.0});
    let lines = |n: usize| -> Vec<String> {
        shard_files(&s, "forecast", &q, n)
            .iter()
            .flat_map(|(_, t)| t.lines().skip(1).map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    assert_eq!(lines(1), lines(2));
    assert_eq!(lines(1), lines(7));
}

#[test]
fn merge_refuses_what_is_not_one_sweep() {
    let s = session();
    let q = json!({"runs": 10, "seed": 1, "position_sd": 3.0});
    let files = shard_files(&s, "forecast", &q, 3);
    let code = |files: &[(String, String)]| shard::merge(&s, files).unwrap_err().code;
    assert_eq!(code(&files[..2]), "missing-shard");
    assert_eq!(
        code(&[files[0].clone(), files[0].clone(), files[1].clone()]),
        "bad-shard-file"
    );
    let other = shard_files(&s, "forecast", &json!({"runs": 10, "seed": 2}), 3);
    assert_eq!(
        code(&[files[0].clone(), files[1].clone(), other[2].clone()]),
        "bad-shard-file"
    );
    let mut cut = files.clone();
    cut[1].1 = cut[1].1.lines().take(2).collect::<Vec<_>>().join("\n");
    let e = shard::merge(&s, &cut).unwrap_err();
    assert_eq!(e.code, "bad-shard-file");
    assert_eq!(e.diagnostics[0].file, "shard-2.jsonl");
    let mut garbled = files.clone();
    garbled[2].1.push_str("{not json\n");
    let e = shard::merge(&s, &garbled).unwrap_err();
    assert_eq!(e.diagnostics[0].line, 6, "{}", e.message);
    assert_eq!(code(&[]), "no-shards");
}

#[test]
fn shards_refuse_what_cannot_merge_exactly() {
    let s = session();
    let code = |q: Value, question: &str| shard::shard(&s, question, q).unwrap_err().code;
    assert_eq!(
        code(json!({"runs": 0, "shard": "1/2"}), "forecast"),
        "no-runs"
    );
    assert_eq!(
        code(
            json!({"runs": 5, "max_seconds": 1.0, "shard": "1/2"}),
            "forecast"
        ),
        "shard-with-budget"
    );
    assert_eq!(
        code(json!({"runs": 5, "shard": "3/2"}), "forecast"),
        "bad-shard"
    );
    assert_eq!(code(json!({"runs": 5}), "forecast"), "no-shard");
    assert_eq!(code(json!({"shard": "1/2"}), "decide"), "not-sharded");
    // The EEC of 1958 is computed exactly: nothing to sample.
    assert_eq!(
        code(
            json!({"weights": [4, 4, 4, 2, 2, 1], "quota": "12", "shard": "1/2"}),
            "power"
        ),
        "shard-exact"
    );
    // A query carrying a shard is not an answer.
    let e = entente_api::ask(&s, "forecast", json!({"runs": 5, "shard": "1/2"})).unwrap_err();
    assert_eq!(e.code, "shard-not-an-answer");
}

/// Two architectures and three states, 50 draws (not a multiple of 2 or 7).
fn deter_query() -> Value {
    json!({"architectures": ["status_quo", "coalition_guarantee"],
           "state": ["UKR", "POL", "FIN"], "draws": 50, "seed": 5})
}

#[test]
fn deterrence_shards_merge_to_the_unsharded_bytes() {
    let q = deter_query();
    let s = session();
    // The query has intervals to merge, and the point estimates stay as they are.
    let one: Value = serde_json::from_str(&unsharded(&s, "deter", &q)).unwrap();
    let cases = one["by_architecture"]["coalition_guarantee"]["states"]
        .as_array()
        .unwrap();
    assert!(cases.len() >= 3, "{cases:?}");
    assert!(cases.iter().all(|c| c["interval"].is_object()));
    same_bytes_for_every_n("deter", q);
}

#[test]
fn a_deterrence_shards_draws_do_not_depend_on_n() {
    let s = session();
    let q = deter_query();
    let lines = |n: usize| -> Vec<String> {
        shard_files(&s, "deter", &q, n)
            .iter()
            .flat_map(|(_, t)| t.lines().skip(1).map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    let one = lines(1);
    assert_eq!(one.len(), 50);
    assert_eq!(one, lines(2));
    assert_eq!(one, lines(7));
}

#[test]
fn deterrence_without_draws_does_not_shard() {
    let s = session();
    let e = shard::shard(&s, "deter", json!({"draws": 0, "shard": "1/2"})).unwrap_err();
    assert_eq!(e.code, "no-draws");
    let e = entente_api::ask(&s, "deter", json!({"draws": 5, "shard": "1/2"})).unwrap_err();
    assert_eq!(e.code, "shard-not-an-answer");
}
