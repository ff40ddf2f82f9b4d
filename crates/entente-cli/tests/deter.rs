//! `entente deter` on the bundled scenario: the JSON shape scripts rely on, the properties the
//! deterrence model must have on real worlds (Ukraine into Art. 5 of the North Atlantic Treaty
//! lowers the attack probability; halving US forces in Central-Eastern Europe never lowers
//! Poland's; the NATO–Russia pact of the nrnap architecture lowers Latvia's by no more than
//! Berkemeier & Fuhrmann's 37% for non-aggression pacts allows), the same bytes on any number of
//! threads, the SVG charts, and the exit codes of bad input.

mod common;

use std::process::Command;

use common::{entente, json, root};
use serde_json::Value;

fn p_attack(v: &Value, arch: &str, state: &str) -> f64 {
    v["by_architecture"][arch]["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state && s["attacker"] == "RUS")
        .unwrap_or_else(|| panic!("{arch} {state}"))["p_attack"]
        .as_f64()
        .unwrap()
}

#[test]
fn json_answers_by_architecture_then_states() {
    let v = json(&[
        "deter",
        "status_quo",
        "ukraine_in_nato",
        "--state",
        "UKR",
        "--attacker",
        "RUS",
        "--draws",
        "100",
        "-s",
        "scenarios/europe",
        "--format",
        "json",
    ]);
    let s = &v["by_architecture"]["status_quo"]["states"][0];
    for k in ["state", "attacker", "p_attack", "interval", "guarantors"] {
        assert!(!s[k].is_null(), "{k} missing: {s}");
    }
    assert_eq!(s["state"], "UKR");
    // Ukraine is in the grey zone as it is (coverage: no binding defence commitment).
    assert_eq!(s["grey_zone"], true);
    let i = &s["interval"];
    assert!(i["p05"].as_f64().unwrap() <= i["p95"].as_f64().unwrap());
    // Every parameter carries a source.
    for p in v["parameters"].as_array().unwrap() {
        assert!(!p["source"].as_str().unwrap().is_empty(), "{p}");
    }
    // Fortna's figures are declared missing, never presented as hers.
    assert!(v["missing"].to_string().contains("Fortna"));
}

#[test]
fn the_properties_hold_on_the_bundled_worlds() {
    let v = json(&[
        "deter",
        "status_quo",
        "ukraine_in_nato",
        "us_drawdown_cee",
        "nrnap",
        "--state",
        "UKR",
        "--state",
        "POL",
        "--state",
        "LVA",
        "--attacker",
        "RUS",
        "--draws",
        "0",
        "--format",
        "json",
    ]);
    // Grey zone to Art. 5: Ukraine a member of NATO (architectures.toml, ukraine_in_nato).
    assert!(p_attack(&v, "ukraine_in_nato", "UKR") < p_attack(&v, "status_quo", "UKR"));
    // Forward forces removed: US troops in Central-Eastern Europe halved (us_drawdown_cee).
    assert!(p_attack(&v, "us_drawdown_cee", "POL") >= p_attack(&v, "status_quo", "POL"));
    // A pact signed by the attacker: at most its reliability (Berkemeier & Fuhrmann 2018: 37%).
    let (with, without) = (
        p_attack(&v, "nrnap", "LVA"),
        p_attack(&v, "status_quo", "LVA"),
    );
    assert!(with <= without);
    assert!(without - with <= 0.37 * without + 1e-12, "{with} {without}");
    let lva = v["by_architecture"]["nrnap"]["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "LVA")
        .unwrap()
        .clone();
    assert_eq!(lva["pacts"][0]["agreement"], "nato_russia_pact");
}

#[test]
fn same_bytes_on_any_number_of_threads() {
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args([
                "deter",
                "status_quo",
                "--state",
                "EST",
                "--state",
                "GEO",
                "--draws",
                "500",
                "--format",
                "json",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
}

#[test]
fn svg_charts_are_written() {
    let dir = std::env::temp_dir().join(format!("entente-deter-{}", std::process::id()));
    let d = dir.to_string_lossy().to_string();
    let (code, out, err) = entente(&[
        "deter",
        "settlement",
        "--state",
        "UKR",
        "--draws",
        "0",
        "--svg",
        &d,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ceasefire ceasefire_ukraine"), "{out}");
    let chart = std::fs::read_to_string(dir.join("deterrence.svg")).unwrap();
    assert!(chart.starts_with("<svg") && chart.contains("UKR"));
    let curve =
        std::fs::read_to_string(dir.join("survival-settlement-ceasefire_ukraine.svg")).unwrap();
    assert!(curve.contains("polyline") && curve.contains("not obtained"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_refused_with_a_hint() {
    let (code, _, err) = entente(&["deter", "--attacker", "RUSS", "--draws", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("RUS"), "{err}");
    let (code, _, err) = entente(&["deter", "nowhere", "--draws", "0"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = entente(&["deter", "--draws", "2000000"]);
    assert_eq!(code, 2);
}
