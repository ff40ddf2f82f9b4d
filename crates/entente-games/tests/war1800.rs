//! The war1800 fits of `games` reproduced: for agent probit, agent logit and private probit,
//! the coefficients, standard errors, log-likelihood, number of rows and predicted outcome
//! probabilities of `games::egame12` on its own data (`../shared/data/deterrence/war1800.csv`),
//! stored with their provenance in `data/war1800_*.json`. games stops about 1e-5 short of the
//! optimum, so the tolerances reflect that gap and this crate's log-likelihood must be at least
//! games' (the DIFFERENCE of docs/estimate.md).

use entente_games::{Form, Link, estimate};
use serde_json::Value;

const FORMULA: &str = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2";

fn war1800() -> Option<String> {
    if entente_testdata::skip_without_shared("war1800 fits") {
        return None;
    }
    Some(std::fs::read_to_string(entente_testdata::data("deterrence/war1800.csv")).unwrap())
}

fn check(reference: &str, link: Link, form: Form) {
    let Some(text) = war1800() else { return };
    let r: Value = serde_json::from_str(reference).unwrap();
    let fit = estimate("war1800.csv", &text, FORMULA, link, form).unwrap();
    // Names and order: games' own.
    let names: Vec<&str> = r["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(fit.names, names);
    // Rows: games drops the 31 rows with a missing regime (R row k is line k + 1).
    assert_eq!(fit.n as u64, r["n"].as_u64().unwrap());
    assert_eq!(fit.n, 282);
    let rows: Vec<usize> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize + 1)
        .collect();
    assert_eq!(fit.lines, rows);
    // The log-likelihood: at least games', by less than 1e-6.
    let ll = r["log_likelihood"].as_f64().unwrap();
    let gain = fit.log_likelihood - ll;
    assert!(
        gain >= 0.0,
        "log-likelihood {} below games' {ll}",
        fit.log_likelihood
    );
    assert!(gain < 1e-6, "gain {gain}");
    // Coefficients: within games' early stop (largest gap 8.4e-5, logit u1(esc,war) intercept).
    for (i, name) in names.iter().enumerate() {
        let want = r["coefficients"][name].as_f64().unwrap();
        let got = fit.coefficients[i];
        assert!((got - want).abs() < 2e-4, "{name}: {got} vs games' {want}");
        let se = r["std_errors"][name].as_f64().unwrap();
        let got_se = fit.std_errors[i];
        assert!(
            ((got_se - se) / se).abs() < 2e-4,
            "{name}: s.e. {got_se} vs games' {se}"
        );
    }
    // Covariance: the same matrix within the same tolerance, relative to the diagonal.
    let k = names.len();
    for i in 0..k {
        for j in 0..k {
            let want = r["covariance"][i][j].as_f64().unwrap();
            let got = fit.covariance[i * k + j];
            let scale = (fit.covariance[i * k + i] * fit.covariance[j * k + j]).sqrt();
            assert!(((got - want) / scale).abs() < 5e-4, "cov[{i}][{j}]");
        }
    }
    // Predicted outcome probabilities of every row used.
    for (key, pick) in [("status_quo", 0usize), ("capitulation", 1), ("war", 2)] {
        let want = r["probabilities"][key].as_array().unwrap();
        assert_eq!(want.len(), fit.n);
        for (i, w) in want.iter().enumerate() {
            let p = fit.probabilities[i];
            let got = [p.status_quo, p.capitulation, p.war][pick];
            let w = w.as_f64().unwrap();
            assert!((got - w).abs() < 2e-5, "row {i} {key}: {got} vs games' {w}");
        }
    }
    assert!(fit.gradient_max < 1e-8);
}

#[test]
fn agent_probit_reproduces_games() {
    check(
        include_str!("../data/war1800_agent_probit.json"),
        Link::Probit,
        Form::Agent,
    );
}

#[test]
fn agent_logit_reproduces_games() {
    check(
        include_str!("../data/war1800_agent_logit.json"),
        Link::Logit,
        Form::Agent,
    );
}

#[test]
fn private_probit_reproduces_games() {
    check(
        include_str!("../data/war1800_private_probit.json"),
        Link::Probit,
        Form::Private,
    );
}

/// The fit's `predict` on the estimates gives the fitted probabilities back, and a case built
/// from column values (`regressor_values`) gives the same as the design's row.
#[test]
fn predict_from_column_values() {
    use entente_games::{CaseValue, Row};
    let Some(text) = war1800() else { return };
    let fit = estimate("war1800.csv", &text, FORMULA, Link::Probit, Form::Agent).unwrap();
    // Line 2 of war1800.csv: s_wt_re1 -0.61045902967453, revis1 1, regime1 autoc, balanc
    // 0.71079295873642, regime2 autoc.
    let case = |c: &str| match c {
        "s_wt_re1" => Some(CaseValue::Number(-0.61045902967453)),
        "revis1" => Some(CaseValue::Number(1.0)),
        "balanc" => Some(CaseValue::Number(0.71079295873642)),
        "regime1" | "regime2" => Some(CaseValue::Text("autoc".into())),
        _ => None,
    };
    let x = fit.regressor_values(&case).unwrap();
    let p = fit.predict(
        &fit.coefficients,
        Row {
            x: [&x[0], &x[1], &x[2], &x[3]],
        },
    );
    assert_eq!(fit.lines[0], 2);
    assert!((p.status_quo - fit.probabilities[0].status_quo).abs() < 1e-15);
    assert!((p.war - fit.probabilities[0].war).abs() < 1e-15);
    assert!((p.status_quo + p.capitulation + p.war - 1.0).abs() < 1e-12);
    assert!(fit.regressor_values(&|_| None).is_err());
}
