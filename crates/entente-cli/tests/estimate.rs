//! Command-line tests of `entente estimate`: the JSON promises (`coefficients` and `std_errors`
//! keyed by games' names, `log_likelihood`, `n`, `probabilities`) on war1800 against the fits of
//! the R package games stored in `crates/entente-games/data/`, the flags `--link` and `--type`,
//! CSV and table output, and exit codes and located messages on bad input (never a panic).

mod common;

use common::{entente, json};

const FORMULA: &str = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2";

fn war1800() -> Option<String> {
    if entente_testdata::skip_without_shared("entente estimate on war1800") {
        return None;
    }
    Some(
        entente_testdata::data("deterrence/war1800.csv")
            .display()
            .to_string(),
    )
}

fn reference(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/../entente-games/data/war1800_{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn compare(v: &serde_json::Value, r: &serde_json::Value) {
    // games' log-likelihood (war1800_*.json): reached or exceeded, by less than 1e-6.
    let gain = v["log_likelihood"].as_f64().unwrap() - r["log_likelihood"].as_f64().unwrap();
    assert!((0.0..1e-6).contains(&gain), "gain {gain}");
    assert_eq!(v["n"], 282);
    for name in r["names"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        let b = v["coefficients"][name].as_f64().unwrap();
        assert!(
            (b - r["coefficients"][name].as_f64().unwrap()).abs() < 2e-4,
            "{name}"
        );
        let se = v["std_errors"][name].as_f64().unwrap();
        let want = r["std_errors"][name].as_f64().unwrap();
        assert!(((se - want) / want).abs() < 2e-4, "{name}");
    }
    let p = v["probabilities"].as_array().unwrap();
    assert_eq!(p.len(), 282);
    // Row 1 of war1800 (line 2): games' predicted probabilities.
    for key in ["status_quo", "capitulation", "war"] {
        let want = r["probabilities"][key][0].as_f64().unwrap();
        assert!((p[0][key].as_f64().unwrap() - want).abs() < 2e-5, "{key}");
    }
    assert_eq!(p[0]["line"], 2);
}

#[test]
fn war1800_agent_probit_json_matches_games() {
    let Some(data) = war1800() else { return };
    let v = json(&[
        "estimate",
        "--model",
        "egame12",
        "--data",
        &data,
        "--formula",
        FORMULA,
        "--format",
        "json",
    ]);
    compare(&v, &reference("agent_probit"));
    assert_eq!(v["link"], "probit");
    assert_eq!(v["type"], "agent");
}

#[test]
fn war1800_logit_and_private_match_games() {
    let Some(data) = war1800() else { return };
    let base = [
        "estimate",
        "--data",
        &data,
        "--formula",
        FORMULA,
        "--format",
        "json",
    ];
    let mut logit = base.to_vec();
    logit.extend(["--link", "logit"]);
    compare(&json(&logit), &reference("agent_logit"));
    let mut private = base.to_vec();
    private.extend(["--type", "private"]);
    compare(&json(&private), &reference("private_probit"));
}

#[test]
fn table_and_csv_list_every_term() {
    let Some(data) = war1800() else { return };
    let (code, out, err) = entente(&["estimate", "--data", &data, "--formula", FORMULA]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("u2(esc,war):regime2dem"), "{out}");
    assert!(out.contains("n = 282 (31 rows dropped"), "{out}");
    let (code, out, _) = entente(&[
        "estimate",
        "--data",
        &data,
        "--formula",
        FORMULA,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "term,estimate,std_error");
    assert_eq!(lines.len(), 11);
    assert!(lines[1].starts_with("u1(~esc):(Intercept),-0.4954"));
    // A name holding a comma is quoted.
    assert!(lines[4].starts_with("\"u1(esc,war):(Intercept)\","));
}

fn temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-estimate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn bad_input_is_located_and_never_panics() {
    let good = "esc,war,x,z,g\n1,0,0.5,0.1,a\n0,0,0.2,0.3,b\n1,1,0.1,-0.2,a\n";
    let ok = temp("ok.csv", good);
    let ok = ok.to_str().unwrap();
    // Unknown column: usage error (2), located in the formula, with a did-you-mean.
    let (code, _, err) = entente(&[
        "estimate",
        "--data",
        ok,
        "--formula",
        "esc + war ~ xx | 0 | 1 | z",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("formula:1:13"), "{err}");
    assert!(err.contains("did you mean `x`?"), "{err}");
    // A missing file: usage error.
    let (code, _, err) = entente(&["estimate", "--data", "no-such.csv", "--formula", "y ~ x"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such.csv"));
    // A ragged CSV: input error (1) naming the line.
    let bad = temp("bad.csv", "esc,war,x\n1,0\n");
    let (code, _, err) = entente(&[
        "estimate",
        "--data",
        bad.to_str().unwrap(),
        "--formula",
        "esc + war ~ x | 0 | 1 | 1",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(":2:"), "{err}");
    // Hostile formulas and data: an error, never a panic (exit 101) or a hang.
    let formulas = [
        "",
        "~",
        "esc + war ~",
        "esc + war ~ x | | 1 | z",
        "esc + war ~ x:z | 0 | 1 | z",
        "esc + war ~ x | 0 | 1 | z | z",
        "esc + war ~ x | 0 | 1",
        "esc + war + g ~ x | 0 | 1 | z",
        "g ~ x | 0 | 1 | z",
        "esc ~ x | 0 | 1 | z",
        "`esc ~ x",
        "esc + war ~ 1 | 1 | 1 | 1",
        "esc + war ~ - x | 0 | 1 | z",
        "esc + war ~ x + + z | 0 | 1 | z",
        "esc + war ~ 2 | 0 | 1 | z",
        "esc + war ~ x | 0 | 1 | z ~ z",
        "é ~ ü",
    ];
    for f in formulas {
        let (code, _, err) = entente(&["estimate", "--data", ok, "--formula", f]);
        assert!(code == 1 || code == 2, "{f:?}: exit {code}: {err}");
        assert!(err.contains("error"), "{f:?}: {err}");
    }
    let texts = [
        "",
        "\n\n",
        "esc,esc\n1,1\n",
        ",x\n1,2\n",
        "esc,war,x,z,g\n\"1,0\n",
        "esc,war,x,z,g\n2,0,1,1,a\n",
        "esc,war,x,z,g\nNA,NA,NA,NA,NA\n",
        "esc,war,x,z,g\n1,0,inf,1,a\n",
        "esc,war,x,z,g\n1,0,1,1,a\n1,0,1,1,a\n",
    ];
    for t in texts {
        let p = temp("hostile.csv", t);
        let (code, _, err) = entente(&[
            "estimate",
            "--data",
            p.to_str().unwrap(),
            "--formula",
            "esc + war ~ x | 0 | g | z",
        ]);
        assert!(code == 1 || code == 2, "{t:?}: exit {code}: {err}");
    }
}
