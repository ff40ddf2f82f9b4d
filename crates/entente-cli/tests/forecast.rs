//! Command-line tests of `entente forecast` and `entente validate`: the JSON promises (`turns`,
//! `positions`, `mean`, `median`, `final`, win probabilities; `issues`, `mae`, `median_ae`,
//! `within_0_1`), CSV and SVG output, exit codes on bad input.

mod common;

use common::{entente, json};

use std::process::Command;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/forecast-cases/"
);

#[test]
fn ktab_json_has_turns_and_final_win_probabilities() {
    if entente_testdata::skip_without_shared("ktab_json_has_turns_and_final_win_probabilities") {
        return;
    }
    let f = format!("{DATA}ktab/dummyData_3Dim.csv");
    let v = json(&["forecast", "--ktab", &f, "--format", "json"]);
    let turns = v["turns"].as_array().unwrap();
    // KTAB smpc on dummyData_3Dim: 11 states ("There were 11 states, with 10 steps between them").
    assert_eq!(turns.len(), 11);
    // turn 0 is the input: SActor-00 at 75.79, 6.37, 70.45 (dummyData_3Dim.csv line 3)
    let p0 = &turns[0]["positions"]["SActor-00"];
    assert_eq!(p0.as_array().unwrap().len(), 3);
    assert!((p0[0].as_f64().unwrap() - 75.79).abs() < 1e-9);
    // KTAB's log, "SActor-00, prob : ... 0.3340" (final state), and final Pstn1 78.6 (one decimal).
    let w = v["final"]["win_probability"]["SActor-00"].as_f64().unwrap();
    assert!((w - 0.3340).abs() <= 0.5e-4);
    let f0 = v["final"]["positions"]["SActor-00"][0].as_f64().unwrap();
    assert!((f0 - 78.6).abs() < 0.05);
    // KTAB's log, turn 0: "actor 0 has most advantageous target 6", 1 → 0, 2 → 6, 3 → 0,
    // 4 → 0, 5 → 1, 6 → 1
    let ch = &turns[0]["challenges"];
    for (a, t) in [(0, 6), (1, 0), (2, 6), (3, 0), (4, 0), (5, 1), (6, 1)] {
        assert_eq!(ch[format!("SActor-0{a}")], format!("SActor-0{t}"));
    }
    // KTAB's log: SActor-05 has the highest final win probability (0.4009), at 79.9, 34.4, 75.2
    let mp = v["final"]["most_probable"].as_array().unwrap();
    for (got, want) in mp.iter().zip([79.9, 34.4, 75.2]) {
        assert!((got.as_f64().unwrap() - want).abs() < 0.05, "{mp:?}");
    }
}

#[test]
fn eum_json_reproduces_replication_forecast() {
    if entente_testdata::skip_without_shared("eum_json_reproduces_replication_forecast") {
        return;
    }
    let f = format!("{DATA}eum/ExampleActors.csv");
    let v = json(&[
        "forecast",
        "--eum",
        &f,
        "--rounds",
        "10",
        "--variant",
        "scholz-replication",
        "--format",
        "json",
    ]);
    let turns = v["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 11);
    // bdm_scholz_model.py (dmasad), mean_position() at the start: 7.389955686853767, median 7.0
    assert!((turns[0]["mean"].as_f64().unwrap() - 7.389955686853767).abs() < 1e-12);
    assert_eq!(turns[0]["median"].as_f64().unwrap(), 7.0);
    // ... and after round 10: mean 7.242130958473938; Belgium at 4.291541224979646
    assert!((v["final"]["mean"].as_f64().unwrap() - 7.242130958473938).abs() < 1e-9);
    assert!(
        (v["final"]["positions"]["Belgium"][0].as_f64().unwrap() - 4.291541224979646).abs() < 1e-9
    );
    // the replication's log, round 1: "Belgium compromises with France",
    // "-0.11483050347300794 vs 0.2432965945234421", "new_pos = 8.415932315426764"
    let b = &turns[1]["moves"]["Belgium"];
    assert_eq!(b["kind"], "compromise");
    assert_eq!(b["with"], "France");
    assert!((b["position"].as_f64().unwrap() - 8.415932315426764).abs() < 1e-12);
}

#[test]
fn eum_monte_carlo_reports_intervals_and_band() {
    if entente_testdata::skip_without_shared("eum_monte_carlo_reports_intervals_and_band") {
        return;
    }
    let f = format!("{DATA}eum/ExampleActors.csv");
    let args = [
        "forecast",
        "--eum",
        &f,
        "--runs",
        "200",
        "--seed",
        "5",
        "--position-sd",
        "0.5",
        "--band",
        "6:8",
        "--format",
        "json",
    ];
    let a = json(&args);
    let b = json(&args);
    assert_eq!(a, b, "same seed, same answer");
    let mc = &a["monte_carlo"];
    assert_eq!(mc["runs"], 200);
    let fm = &mc["forecast_mean"];
    assert!(fm["p05"].as_f64().unwrap() <= fm["p50"].as_f64().unwrap());
    assert!(fm["p50"].as_f64().unwrap() <= fm["p95"].as_f64().unwrap());
    let wb = mc["actors"][0]["within_band"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&wb));
}

#[test]
fn csv_and_svg_outputs() {
    if entente_testdata::skip_without_shared("csv_and_svg_outputs") {
        return;
    }
    let f = format!("{DATA}ktab/SOE-Pol-Comp.csv");
    let svg =
        std::env::temp_dir().join(format!("entente-forecast-test-{}.svg", std::process::id()));
    let (code, out, err) = entente(&[
        "forecast",
        "--ktab",
        &f,
        "--format",
        "csv",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("section,actor,dimension,turn,value,p05,p50,p95,within_band\n"));
    assert!(out.contains("\ntrajectory,XJ,Policy Position,0,30,"));
    assert!(out.contains("\nfinal,XJ,"));
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
    assert!(s.contains("<polyline"));
    let _ = std::fs::remove_file(&svg);
}

#[test]
fn malformed_ktab_file_exits_1_with_location() {
    let dir = std::env::temp_dir().join(format!("entente-forecast-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.csv");
    std::fs::write(
        &f,
        "S,D,2,1,\nActor,Desc,Power,P,S\na,x,1,50,50\nb,y,one,40,50\n",
    )
    .unwrap();
    let (code, _, err) = entente(&["forecast", "--ktab", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.csv:4:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_option_name_is_a_usage_error() {
    if entente_testdata::skip_without_shared("unknown_option_name_is_a_usage_error") {
        return;
    }
    let f = format!("{DATA}ktab/dummyData_3Dim.csv");
    let (code, _, err) = entente(&["forecast", "--ktab", &f, "--voting-rule", "Quadratic"]);
    assert_eq!(code, 2);
    assert!(err.contains("PropCbc"), "{err}");
}

#[test]
fn validate_deu3_answers_the_promised_fields() {
    if entente_testdata::skip_without_shared("validate_deu3_answers_the_promised_fields") {
        return;
    }
    let f = format!("{DATA}eum/deu3.csv");
    let v = json(&[
        "validate",
        "deu3",
        &f,
        "--protocol",
        "fixed",
        "--rounds",
        "0",
        "--split",
        "even",
        "--format",
        "json",
    ]);
    for key in ["issues", "mae", "median_ae", "within_0_1"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    // DEU III: 364 issue rows; even-numbered proposals with a recorded outcome and two or more
    // actors with a position: 173 (counted independently with Python's csv module on deu3.csv).
    // The same configuration's MAE there, recomputed in Python from the file (weighted mean of
    // positions with weights capability × salience, |forecast − out| / 100): 0.2607.
    assert_eq!(v["issues"], 173);
    let mae = v["mae"].as_f64().unwrap();
    assert!((mae - 0.2607).abs() < 5e-5, "{mae}");
}

#[test]
fn validate_deu3_council_power_and_procedural_variants() {
    if entente_testdata::skip_without_shared("validate_deu3_council_power_and_procedural_variants")
    {
        return;
    }
    let f = format!("{DATA}eum/deu3.csv");
    let run = |extra: &[&str]| {
        let mut a = vec![
            "validate",
            "deu3",
            f.as_str(),
            "--protocol",
            "fixed",
            "--rounds",
            "0",
            "--split",
            "even",
            "--format",
            "json",
        ];
        a.extend_from_slice(extra);
        json(&a)
    };
    // Capabilities from Shapley-Shubik power in the Council (Nice weights, unanimity = equal):
    // the configuration the hold-out protocol chooses on odd-numbered proposals with this grid.
    let v = run(&["--capabilities", "council-power"]);
    assert_eq!(v["capabilities"], "council-power");
    assert_eq!(v["issues"], 173);
    let mae = v["mae"].as_f64().unwrap();
    assert!((mae - 0.2558).abs() < 5e-5, "{mae}");
    // The procedural (agenda-setter) model answers the same fields on the same issues.
    let p = run(&["--forecast", "procedural"]);
    assert_eq!(p["forecast"], "procedural");
    assert_eq!(p["issues"], 173);
    for key in ["mae", "median_ae", "within_0_1"] {
        let x = p[key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{key} {x}");
    }
}

#[test]
fn bundled_scenario_case_runs_without_a_peer_file() {
    let v = json(&["forecast", "--format", "json"]);
    assert_eq!(v["model"], "spatial");
    assert_eq!(
        v["dimensions"],
        serde_json::json!(["territory", "alignment", "security", "sanctions"])
    );
    // turn 0 is the input of scenarios/europe/forecast.toml: RUS at 100, 100, 95, 100
    assert_eq!(
        v["turns"][0]["positions"]["RUS"],
        serde_json::json!([100.0, 100.0, 95.0, 100.0])
    );
    let total: f64 = v["final"]["win_probability"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_f64().unwrap())
        .sum();
    assert!(total > 0.0);
    let (code, _, err) = entente(&["forecast", "--case", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("settlement"), "{err}");
}

#[test]
fn report_has_a_forecast_section() {
    let dir = std::env::temp_dir().join(format!("entente-forecast-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entente"))
        .arg("report")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("== Forecast =="), "{text}");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("id=\"forecast\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ktab_xml_input_uses_its_model_parameters() {
    let f = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../entente-forecast/tests/data/ideal-adjustment.xml"
    );
    let v = json(&["forecast", "--ktab", f, "--format", "json"]);
    assert_eq!(v["options"]["pce_model"], "MarkovIncentive");
    // KTAB smpc --xml on the same file: "There were 22 states"; "Alpha, Budget: ... 23.3"
    assert_eq!(v["turns"].as_array().unwrap().len(), 22);
    assert!((v["final"]["positions"]["Alpha"][0].as_f64().unwrap() - 23.3).abs() < 0.05);
    // a flag overrides the file's parameter
    let w = json(&[
        "forecast",
        "--ktab",
        f,
        "--pce-model",
        "Conditional",
        "--format",
        "json",
    ]);
    assert_eq!(w["options"]["pce_model"], "Conditional");
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-forecast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join(name);
    std::fs::write(&f, text).unwrap();
    f
}

#[test]
fn a_time_budget_gives_a_partial_monte_carlo_labelled_so() {
    let v = json(&[
        "forecast",
        "--runs",
        "1000000",
        "--position-sd",
        "3",
        "--max-seconds",
        "0.5",
        "--format",
        "json",
    ]);
    let mc = &v["monte_carlo"];
    assert_eq!(mc["partial"], true, "{mc}");
    assert_eq!(mc["runs_asked"], 1_000_000);
    assert!(mc["runs"].as_u64().unwrap() < 1_000_000);
}

#[test]
fn spoilers_rank_the_actors_by_the_shift_they_cause() {
    let v = json(&["forecast", "--spoilers", "--format", "json"]);
    let sp = v["spoilers"].as_array().unwrap();
    assert_eq!(sp.len(), v["actors"].as_array().unwrap().len());
    let shifts: Vec<f64> = sp.iter().filter_map(|s| s["shift"].as_f64()).collect();
    assert!(shifts.windows(2).all(|w| w[0] >= w[1]), "{shifts:?}");
}

/// A file of its own for the spoiler tests (other tests remove their shared folder).
fn spoiler_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-spoilers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join(name);
    std::fs::write(&f, text).unwrap();
    f
}

#[test]
fn spoilers_of_the_expected_utility_model_are_the_weighted_medians_without_each_actor() {
    // No round is played, so each outcome is the weighted median (and mean) of the input
    // positions, weights capability × salience, as docs/forecast.md and `eum::weighted_median`
    // define them (a position replaces the current one when it wins the weighted pairwise vote).
    // Weights: A 1 at 0, B 3 at 10, C 1 at 4, D 3 at 6.
    let f = spoiler_file(
        "spoil.csv",
        "Actor,Capability,Position,Salience\nA,1,0,1\nB,3,10,1\nC,1,4,1\nD,3,6,1\n",
    );
    let v = json(&[
        "forecast",
        "--eum",
        f.to_str().unwrap(),
        "--rounds",
        "0",
        "--spoilers",
        "--format",
        "json",
    ]);
    // With everyone: 4 beats 0 (+16 - 4), 6 beats 4 (+12 - 4), 10 loses to 6 (+12 - 20): 6.
    // Weighted mean (0 + 30 + 4 + 18) / 8 = 6.5.
    assert_eq!(v["final"]["median"], 6.0);
    assert_eq!(v["final"]["mean"], 6.5);
    let sp = v["spoilers"].as_array().unwrap();
    let by: std::collections::BTreeMap<&str, &serde_json::Value> = sp
        .iter()
        .map(|s| (s["actor"].as_str().unwrap(), s))
        .collect();
    // Without D: 0 (1), 4 (1), 10 (3); 10 beats 4 (+18 - 12): the median moves from 6 to 10,
    // the mean is (0 + 4 + 30) / 5 = 6.8.
    // Without A: 4 (1), 6 (3), 10 (3): median 6, mean 52 / 7. Without B: 0, 4, 6 (3): median
    // 6, mean 22 / 5. Without C: 0 (1), 6 (3), 10 (3): median 6, mean 48 / 7.
    for (actor, median, mean) in [
        ("D", 10.0, 34.0 / 5.0),
        ("A", 6.0, 52.0 / 7.0),
        ("B", 6.0, 22.0 / 5.0),
        ("C", 6.0, 48.0 / 7.0),
    ] {
        let s = by[actor];
        assert_eq!(s["outcome"][0].as_f64().unwrap(), median, "{actor}: {s}");
        assert_eq!(
            s["by_dimension"][0].as_f64().unwrap(),
            median - 6.0,
            "{actor}"
        );
        assert_eq!(
            s["shift"].as_f64().unwrap(),
            (median - 6.0).abs(),
            "{actor}"
        );
        assert!(
            (s["mean"].as_f64().unwrap() - mean).abs() < 1e-12,
            "{actor}: {s}"
        );
    }
    // The largest shift first, then the actors' order.
    let order: Vec<&str> = sp.iter().map(|s| s["actor"].as_str().unwrap()).collect();
    assert_eq!(order, ["D", "A", "B", "C"]);
    // The table says the same.
    let (code, out, err) = entente(&[
        "forecast",
        "--eum",
        f.to_str().unwrap(),
        "--rounds",
        "0",
        "--spoilers",
        "--wide",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("the weighted median moves by"), "{out}");
    let spoilers = out.split("moves by").nth(1).unwrap();
    let d_row = spoilers.lines().find(|l| l.contains(" D ")).unwrap();
    assert!(
        d_row.contains("4.0") && d_row.contains("10.0 (+4.0)") && d_row.contains("6.80"),
        "{d_row}"
    );
    let _ = std::fs::remove_file(&f);
}

#[test]
fn spoilers_of_the_spatial_model_are_the_games_played_without_each_actor() {
    // Three actors agree on (30, 70), one stands at (90, 10): without it nobody has anywhere to
    // move, so the outcome without it is (30, 70) exactly.
    let f = spoiler_file(
        "unanimous.csv",
        "Toy,Three agree,4,2\nActor,Description,Power,P1,S1,P2,S2\n\
         a,x,10,30,50,70,50\nb,x,20,30,50,70,50\nc,x,30,30,50,70,50\nd,x,40,90,50,10,50\n",
    );
    let v = json(&[
        "forecast",
        "--ktab",
        f.to_str().unwrap(),
        "--spoilers",
        "--format",
        "json",
    ]);
    let sp = v["spoilers"].as_array().unwrap();
    let d = sp.iter().find(|s| s["actor"] == "d").unwrap();
    assert_eq!(d["outcome"], serde_json::json!([30.0, 70.0]), "{d}");
    let base = v["final"]["most_probable"].as_array().unwrap();
    for k in 0..2 {
        let moved = d["by_dimension"][k].as_f64().unwrap();
        assert_eq!(
            moved,
            d["outcome"][k].as_f64().unwrap() - base[k].as_f64().unwrap()
        );
    }
    let _ = std::fs::remove_file(&f);

    // On the bundled case, the outcome without Russia is the outcome of the same case written
    // as a KTAB file without Russia's row (an independent path: the CSV reader, a full run).
    let full = json(&["forecast", "--spoilers", "--format", "json"]);
    let case = &full["case"];
    let dims = case["dimensions"].as_array().unwrap();
    let actors: Vec<&serde_json::Value> = case["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["actor"] != "RUS")
        .collect();
    let mut csv = format!(
        "Case,without RUS,{},{}\nActor,Description,Power",
        actors.len(),
        dims.len()
    );
    for d in dims {
        csv += &format!(",{0} position,{0} salience", d["id"].as_str().unwrap());
    }
    csv += "\n";
    for a in &actors {
        csv += &format!("{},x,{}", a["actor"].as_str().unwrap(), a["capability"]);
        for k in 0..dims.len() {
            csv += &format!(",{},{}", a["position"][k], a["salience"][k]);
        }
        csv += "\n";
    }
    let g = spoiler_file("without-rus.csv", &csv);
    let alone = json(&[
        "forecast",
        "--ktab",
        g.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let rus = full["spoilers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["actor"] == "RUS")
        .unwrap();
    assert_eq!(rus["outcome"], alone["final"]["most_probable"], "{rus}");
    let _ = std::fs::remove_file(&g);
}

#[test]
fn declared_sizes_and_flags_beyond_what_is_there_are_refused() {
    // A file that declares 10^12 actors and holds one: a located problem, not an allocation.
    let f = temp_file(
        "huge.csv",
        "S,D,1000000000000,1,\nActor,Desc,Power,P,S\na,x,1,50,50\n",
    );
    let (code, _, err) = entente(&["forecast", "--ktab", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("huge.csv:4:") && err.contains("announces"),
        "{err}"
    );
    // 10^8 rounds of the expected-utility model are refused up front.
    let e = temp_file(
        "toy.csv",
        "Actor,Capability,Position,Salience\nA,1,0,1\nB,1,10,1\n",
    );
    let (code, _, err) = entente(&[
        "forecast",
        "--eum",
        e.to_str().unwrap(),
        "--rounds",
        "100000000",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most"), "{err}");
    let (code, _, err) = entente(&["forecast", "--runs", "4000000000"]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(f.parent().unwrap());
}
