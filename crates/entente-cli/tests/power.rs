//! `entente power` from the command line: JSON field names (a promise to scripts), exact
//! fractions, the bundled-institution form, --compare (M32), and errors with their exit codes.

use std::process::{Command, Output};

use serde_json::Value;

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = entente(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-power-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn eec_1958_by_weights_with_exact_fractions() {
    let v = json(&[
        "power",
        "--weights",
        "4,4,4,2,2,1",
        "--quota",
        "12",
        "--ids",
        "FRA,DEU,ITA,BEL,NLD,LUX",
        "--format",
        "json",
    ]);
    let m = v["members"].as_array().unwrap();
    assert_eq!(m.len(), 6);
    for key in [
        "id",
        "banzhaf_raw",
        "banzhaf",
        "penrose",
        "shapley_shubik",
        "coleman_prevent",
        "coleman_initiate",
        "holler",
        "deegan_packel",
        "johnston",
        "shapley_shubik_exact",
        "banzhaf_exact",
    ] {
        assert!(m[0].get(key).is_some(), "missing {key}");
    }
    // Felsenthal & Machover (1998), EEC 1958: Shapley–Shubik 14/60 and 9/60, Banzhaf 5/21 and
    // 3/21, Luxembourg a dummy.
    assert_eq!(m[0]["shapley_shubik_exact"], "7/30");
    assert_eq!(m[3]["shapley_shubik_exact"], "3/20");
    assert_eq!(m[0]["banzhaf_exact"], "5/21");
    assert_eq!(m[5]["banzhaf_raw"], 0);
    assert_eq!(v["dummies"], serde_json::json!(["LUX"]));
    for key in [
        "coleman_act",
        "winning_coalitions",
        "minimal_winning_coalitions",
        "method",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["winning_coalitions"], 14);
    assert_eq!(v["minimal_winning_coalitions"], 4);
    assert_eq!(v["coleman_act_exact"], "7/32");
    assert_eq!(v["method"], "profiles");
}

#[test]
fn members_csv_and_rule_errors() {
    let bad = temp_file("bad.csv", "id,population\nA,10\nB,ten\n");
    let out = entente(&[
        "power",
        "--rule",
        "yes.population >= 50%",
        "--members",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:3:2"), "{err}");

    let good = temp_file("good.csv", "id,population\nA,10\nB,20\nC,30\n");
    let out = entente(&[
        "power",
        "--rule",
        "yes.populaton >= 50%",
        "--members",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `population`"), "{err}");

    let out = entente(&[
        "power",
        "--rule",
        "yes >= ",
        "--members",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));

    // A rule that is not monotone is refused (exit 1) with a coalition that shows it.
    let out = entente(&[
        "power",
        "--rule",
        "yes == 2",
        "--members",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not monotone"));
}

#[test]
fn un_security_council_from_a_members_file() {
    let mut csv = String::from("id\nUSA\nGBR\nFRA\nRUS\nCHN\n");
    for i in 1..=10 {
        csv.push_str(&format!("E{i}\n"));
    }
    let f = temp_file("unsc.csv", &csv);
    let v = json(&[
        "power",
        "--rule",
        "yes >= 9 and veto(USA, GBR, FRA, RUS, CHN)",
        "--members",
        f.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // Shapley & Shubik (1954): an elected member's index is 4/2145 ≈ 0.001865.
    assert_eq!(v["members"][5]["shapley_shubik_exact"], "4/2145");
    assert_eq!(
        v["veto_players"],
        serde_json::json!(["USA", "GBR", "FRA", "RUS", "CHN"])
    );
}

#[test]
fn eu_council_from_the_bundled_scenario() {
    let v = json(&[
        "power",
        "--institution",
        "eu_council",
        "--decision",
        "qmv",
        "--as-of",
        "2024-06-01",
        "--indices",
        "banzhaf,shapley_shubik",
        "--format",
        "json",
    ]);
    let m = v["members"].as_array().unwrap();
    assert_eq!(m.len(), 27);
    assert_eq!(v["method"], "weighted-dp");
    let bz = |id: &str| {
        m.iter().find(|x| x["id"] == id).unwrap()["banzhaf"]
            .as_f64()
            .unwrap()
    };
    // The most populous member has the most power, the least populous the least.
    assert!(bz("DEU") > bz("FRA") && bz("FRA") > bz("MLT"));
    // Before the United Kingdom left (31 January 2020) the Council had 28 members.
    let v = json(&[
        "power",
        "--institution",
        "eu_council",
        "--decision",
        "qmv",
        "--as-of",
        "2019-06-01",
        "--indices",
        "banzhaf",
        "--format",
        "json",
    ]);
    assert_eq!(v["members"].as_array().unwrap().len(), 28);
}

#[test]
fn compare_candidate_rules_for_an_inclusive_body() {
    // M32: the OSCE's consensus against a QMV-like and a population-weighted rule.
    let v = json(&[
        "power",
        "--institution",
        "osce",
        "--decision",
        "consensus",
        "--compare",
        "--missing",
        "0",
        "--rule",
        "yes >= 55% and yes.population >= 65% or no < 4",
        "--rule",
        "yes.population > 50%",
        "--samples",
        "4096",
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(v["members"].as_array().unwrap().len(), 57);
    // Consensus: every one of the 57 participating States is a veto player, and a random
    // proposal passes with probability 2^-57.
    assert_eq!(rules[0]["veto_players"], 57);
    assert_eq!(rules[0]["coleman_act_exact"], "1/144115188075855872");
    // A double majority over count and population is counted exactly by the generating
    // function (populations in thousands on a body this large, the rounding reported), no
    // longer sampled.
    assert_eq!(rules[1]["method"], "weighted-dp");
    // Population-weighted power follows population more closely than consensus does.
    assert!(
        rules[1]["square_root_distance"].as_f64().unwrap()
            < rules[0]["square_root_distance"].as_f64().unwrap()
    );
}

#[test]
fn help_has_examples() {
    let out = entente(&["power", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Examples:"));
    assert!(text.contains("--weights 4,4,4,2,2,1 --quota 12"));
}

#[test]
fn samples_0_is_a_usage_error_not_one_sample() {
    let out = entente(&[
        "power",
        "--weights",
        "1,2,3",
        "--quota",
        "4",
        "--method",
        "monte-carlo",
        "--samples",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--samples 0"));
}

#[test]
fn missing_nan_or_inf_is_a_usage_error() {
    for bad in ["NaN", "inf"] {
        let out = entente(&[
            "power",
            "--weights",
            "1,2,3",
            "--quota",
            "4",
            "--missing",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--missing"));
    }
}

#[test]
fn ids_of_only_commas_report_an_empty_id() {
    let out = entente(&["power", "--weights", "1,2,3", "--quota", "4", "--ids", ",,"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is empty"), "{err}");
}

#[test]
fn members_csv_whose_first_cell_is_n_a_is_located_not_a_missing_attribute() {
    let f = temp_file("na.csv", "id,population\nA,n/a\nB,20\nC,30\n");
    let out = entente(&[
        "power",
        "--rule",
        "yes.population >= 50%",
        "--members",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("na.csv:2:2"), "{err}");
    assert!(!err.contains("no member"), "{err}");
    let f = temp_file("dup.csv", "id,population,population\nA,1,2\n");
    let out = entente(&[
        "power",
        "--rule",
        "yes >= 1",
        "--members",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("duplicate column"));
}

#[test]
fn weights_above_2_pow_53_are_not_reported_exact() {
    let v = json(&[
        "power",
        "--weights",
        "9007199254740993,9007199254740992,1",
        "--quota",
        "50%",
        "--format",
        "json",
    ]);
    assert_eq!(v["exact"], false);
    assert!(v["members"][0].get("banzhaf_exact").is_none());
    assert!(v["veto_players"].is_null());
    let out = entente(&["power", "--weights", "1e308,1e308,1", "--quota", "1"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn max_seconds_answers_a_partial_monte_carlo_labelled_partial() {
    let mut csv = String::from("id\n");
    for i in 0..2000 {
        csv.push_str(&format!("M{i}\n"));
    }
    let f = temp_file("many.csv", &csv);
    let v = json(&[
        "power",
        "--members",
        f.to_str().unwrap(),
        "--rule",
        "yes >= 1001",
        "--samples",
        "1000000000",
        "--max-seconds",
        "0.3",
        "--indices",
        "banzhaf",
        "--format",
        "json",
    ]);
    assert_eq!(v["method"], "monte-carlo");
    assert_eq!(v["partial"], true);
    assert_eq!(v["exact"], false);
}

/// OSCE participating States of the bundled data (`scenarios/europe/data/states.csv`: World
/// Bank population 2024 and GDP 2023 in current US$) with both figures, GDP in millions; the
/// first `limit` of them in the file's order.
fn osce_states_csv(limit: usize) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/europe/data/states.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (iso, osce, pop, gdp) = (
        col("iso3"),
        col("osce_participating"),
        col("population"),
        col("gdp_current_usd"),
    );
    let mut csv = String::from("id,population,gdp\n");
    let mut n = 0;
    for line in lines {
        // The columns used come before any quoted cell.
        let cells: Vec<&str> = line.split(',').collect();
        if n == limit || cells[osce] != "Y" || cells[pop].is_empty() || cells[gdp].is_empty() {
            continue;
        }
        let gdp: f64 = cells[gdp].parse().unwrap();
        csv.push_str(&format!(
            "{},{},{}\n",
            cells[iso],
            cells[pop],
            (gdp / 1e6).round()
        ));
        n += 1;
    }
    csv
}

const TWO_ATTRIBUTES: &str = "yes >= 50% and yes.population >= 50% and yes.gdp >= 50%";

fn power_with_threads(threads: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("the binary runs")
}

#[test]
fn a_rule_over_two_attributes_on_a_large_body_is_sampled_with_intervals_and_a_ranking() {
    // 56 OSCE states (the Holy See has no population or GDP figure) and a triple majority over
    // members, population and GDP: no exact method applies (two attributes, 56 distinct
    // members), so `auto` falls back to Monte Carlo.
    let f = temp_file("osce-56.csv", &osce_states_csv(usize::MAX));
    let args = |format: &'static str| {
        vec![
            "power".to_string(),
            "--members".into(),
            f.to_str().unwrap().into(),
            "--rule".into(),
            TWO_ATTRIBUTES.into(),
            "--indices".into(),
            "banzhaf,penrose".into(),
            "--samples".into(),
            "60000".into(),
            "--seed".into(),
            "5".into(),
            "--format".into(),
            format.into(),
        ]
    };
    let run = |threads: &str, format: &'static str| {
        let a = args(format);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let out = power_with_threads(threads, &a);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    // Same bytes on one thread and on two, as JSON and as a table.
    let one = run("1", "json");
    assert_eq!(one, run("2", "json"));
    let table = run("1", "table");
    assert_eq!(table, run("2", "table"));
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains(" ±"), "{table}");
    assert!(
        table.contains("ranking by Banzhaf (95% per adjacent pair"),
        "{table}"
    );

    let v: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(v["method"], "monte-carlo");
    assert_eq!(v["exact"], false);
    let members = v["members"].as_array().unwrap();
    assert_eq!(members.len(), 56);
    for m in members {
        assert!(m["banzhaf_half_width"].as_f64().unwrap() > 0.0, "{m}");
        assert!(m["penrose_half_width"].as_f64().unwrap() > 0.0, "{m}");
    }
    // A known property: the normalised index sums to one.
    let sum: f64 = members.iter().map(|m| m["banzhaf"].as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    // The ranking: 56 groups (no two states alike), 55 steps, each with its interval; the pairs
    // still tied are exactly the steps not separated. The United States holds 48% of the
    // group's GDP (World Bank WDI NY.GDP.MKTP.CD 2023: 27.36 of 56.74 trillion US$) and ranks
    // first, clearly.
    let r = &v["ranking"];
    assert_eq!(r["samples"], 60000);
    assert_eq!(r["confidence"], 0.95);
    assert_eq!(r["groups"].as_array().unwrap().len(), 56);
    let steps = r["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 55);
    assert_eq!(r["groups"][0][0], "USA");
    assert_eq!(steps[0]["separated"], true);
    let tied = steps.iter().filter(|s| s["separated"] == false).count();
    assert_eq!(r["tied"].as_array().unwrap().len(), tied);
    assert_eq!(r["stable"], tied == 0);
    for s in steps {
        let (d, h) = (
            s["difference"].as_f64().unwrap(),
            s["half_width"].as_f64().unwrap(),
        );
        assert_eq!(s["separated"], d > h, "{s}");
    }
}

#[test]
fn a_sampled_interval_covers_the_exact_value_on_a_smaller_body() {
    // The first 24 of those states: the same triple majority is counted exactly (every coalition
    // enumerated) and estimated by Monte Carlo; the estimates' 95% intervals must hold the exact
    // values (each within 3 half-widths, and at least 90% of them within one).
    let f = temp_file("osce-24.csv", &osce_states_csv(24));
    let f = f.to_str().unwrap();
    let base = [
        "power",
        "--members",
        f,
        "--rule",
        TWO_ATTRIBUTES,
        "--indices",
        "banzhaf,penrose",
        "--format",
        "json",
    ];
    let exact = json(&base);
    assert_eq!(exact["method"], "enumeration");
    assert_eq!(exact["exact"], true);
    let mut args = base.to_vec();
    args.extend([
        "--method",
        "monte-carlo",
        "--samples",
        "200000",
        "--seed",
        "3",
    ]);
    // 49 chunks drawn in rounds of 16, 32 and 49 (the ranking is not stable before): the same
    // bytes on one thread and on two.
    let one = power_with_threads("1", &args);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert_eq!(one.stdout, power_with_threads("2", &args).stdout);
    let mc: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(mc["method"], "monte-carlo");
    assert_eq!(mc["ranking"]["samples"], 200000);
    let (e, m) = (
        exact["members"].as_array().unwrap(),
        mc["members"].as_array().unwrap(),
    );
    assert_eq!(e.len(), 24);
    let mut within_one = 0;
    for (e, m) in e.iter().zip(m) {
        assert_eq!(e["id"], m["id"]);
        let truth = e["penrose"].as_f64().unwrap();
        let (est, hw) = (
            m["penrose"].as_f64().unwrap(),
            m["penrose_half_width"].as_f64().unwrap(),
        );
        assert!(
            (est - truth).abs() <= 3.0 * hw,
            "{}: {est} ± {hw} vs {truth}",
            m["id"]
        );
        within_one += usize::from((est - truth).abs() <= hw);
    }
    assert!(
        within_one * 10 >= 24 * 9,
        "{within_one} of 24 within one half-width"
    );
    let act = exact["coleman_act"].as_f64().unwrap();
    let (est, hw) = (
        mc["coleman_act"].as_f64().unwrap(),
        mc["coleman_act_half_width"].as_f64().unwrap(),
    );
    assert!((est - act).abs() <= hw, "{est} ± {hw} vs {act}");
}

#[test]
fn sampling_stops_once_the_ranking_is_stable() {
    // 40 members in three classes of weight (10 of 5, 10 of 3, 20 of 1): members of a class are
    // equal by symmetry, and the three classes separate within the first round of 16 chunks of
    // 4096 samples, far below the budget of a million; --fixed-samples draws them all.
    let weights = [vec!["5"; 10], vec!["3"; 10], vec!["1"; 20]]
        .concat()
        .join(",");
    let base = [
        "power",
        "--weights",
        &weights,
        "--quota",
        "50%",
        "--method",
        "monte-carlo",
        "--indices",
        "banzhaf",
        "--format",
        "json",
    ];
    let v = json(&base);
    let r = &v["ranking"];
    assert_eq!(r["stable"], true);
    assert_eq!(r["until_ranked"], true);
    assert_eq!(r["samples"], 16 * 4096);
    assert_eq!(r["groups"].as_array().unwrap().len(), 3);
    assert_eq!(r["groups"][0].as_array().unwrap().len(), 10);
    assert_eq!(r["tied"].as_array().unwrap().len(), 0);
    let mut args = base.to_vec();
    args.extend(["--samples", "100000", "--fixed-samples"]);
    let v = json(&args);
    assert_eq!(v["ranking"]["samples"], 100000);
    assert_eq!(v["ranking"]["until_ranked"], false);
}
