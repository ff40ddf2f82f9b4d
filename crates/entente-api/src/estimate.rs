//! The `estimate` question: fit a strategic choice model to a data table. The model is the
//! extended-deterrence crisis game `egame12` of the R package `games` (agent error with a probit
//! or logit link, or private information), estimated by maximum likelihood by `entente-games`;
//! the formula is written in `games`' syntax, the table is a CSV given as text. The answer holds
//! the coefficients and standard errors keyed by `games`' names, the covariance, the
//! log-likelihood and the predicted outcome probabilities of every row used.

use std::collections::BTreeMap;

use entente_games::{Form, Link};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ApiDiagnostic;
use crate::negotiate::PeerFile;
use crate::{ApiError, ErrorKind, Session};

/// Which strategic model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Two players, three outcomes: the status quo, capitulation or war (`games::egame12`).
    #[default]
    Egame12,
}

/// What is asked.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The model (only `egame12`).
    #[serde(default)]
    pub model: Model,
    /// The data: a CSV table with a header line; empty cells and `NA` are missing.
    pub data: PeerFile,
    /// The formula in `games`' syntax: outcome columns, `~`, then the four utility equations
    /// (u11 | u13 | u14 | u24) separated by `|`, e.g.
    /// `esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2`.
    pub formula: String,
    /// The link function (the private-information form takes probit only).
    #[serde(default)]
    pub link: Link,
    /// The stochastic form: agent error or private information.
    #[serde(default, rename = "type")]
    pub form: Form,
}

/// The predicted outcome probabilities of one row used.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CaseProbabilities {
    /// The row's line in the data file.
    pub line: usize,
    /// Probability of the status quo.
    pub status_quo: f64,
    /// Probability of capitulation (escalation, then player 2 backs down).
    pub capitulation: f64,
    /// Probability of war (escalation, then player 2 fights).
    pub war: f64,
}

/// The fit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The model.
    pub model: Model,
    /// The link function.
    pub link: Link,
    /// The stochastic form.
    #[serde(rename = "type")]
    pub form: Form,
    /// The formula, as given.
    pub formula: String,
    /// The parameters' names in the order of the covariance matrix, as `games` names them
    /// (`u1(~esc):(Intercept)`, `u2(esc,war):regime2dem`).
    pub names: Vec<String>,
    /// The maximum-likelihood estimates, by name.
    pub coefficients: BTreeMap<String, f64>,
    /// Their standard errors (from the inverse of the negative Hessian), by name.
    pub std_errors: BTreeMap<String, f64>,
    /// The covariance of the estimates, rows and columns in the order of `names`.
    pub covariance: Vec<Vec<f64>>,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// The number of rows used.
    pub n: usize,
    /// The rows dropped because a column the formula uses is missing.
    pub dropped: usize,
    /// The outcomes' names (status quo, capitulation, war), as `games` names them.
    pub outcomes: Vec<String>,
    /// The predicted probabilities of the three outcomes, for every row used, in order.
    pub probabilities: Vec<CaseProbabilities>,
    /// Newton iterations the optimiser made.
    pub iterations: usize,
    /// The largest absolute component of the gradient at the optimum.
    pub gradient_max: f64,
}

/// Answer the question (the session is not used: the data come with the query).
pub fn answer(_session: &Session, query: &Query) -> Result<Answer, ApiError> {
    answer_on(query)
}

/// Answer the question without a scenario.
pub fn answer_on(query: &Query) -> Result<Answer, ApiError> {
    let fit = entente_games::estimate(
        &query.data.name,
        &query.data.text,
        &query.formula,
        query.link,
        query.form,
    )
    .map_err(|e| games_error(&e))?;
    let k = fit.names.len();
    let named = |v: &[f64]| -> BTreeMap<String, f64> {
        fit.names.iter().cloned().zip(v.iter().copied()).collect()
    };
    Ok(Answer {
        model: query.model,
        link: query.link,
        form: query.form,
        formula: query.formula.clone(),
        names: fit.names.clone(),
        coefficients: named(&fit.coefficients),
        std_errors: named(&fit.std_errors),
        covariance: (0..k)
            .map(|i| fit.covariance[i * k..(i + 1) * k].to_vec())
            .collect(),
        log_likelihood: fit.log_likelihood,
        n: fit.n,
        dropped: fit.dropped,
        outcomes: fit.outcomes.to_vec(),
        probabilities: fit
            .probabilities
            .iter()
            .zip(&fit.lines)
            .map(|(p, &line)| CaseProbabilities {
                line,
                status_quo: p.status_quo,
                capitulation: p.capitulation,
                war: p.war,
            })
            .collect(),
        iterations: fit.iterations,
        gradient_max: fit.gradient_max,
    })
}

fn games_error(e: &entente_games::Error) -> ApiError {
    use entente_games::ErrorKind as K;
    let (kind, code) = match e.kind() {
        K::Csv => (ErrorKind::Input, "bad-data-file"),
        K::Formula => (ErrorKind::Usage, "bad-formula"),
        K::NoConvergence => (ErrorKind::Input, "no-convergence"),
        K::Specification => (ErrorKind::Usage, "bad-specification"),
        _ => (ErrorKind::Input, "bad-data"),
    };
    let mut err = ApiError::new(kind, code, e.to_string());
    if let Some(file) = e.file() {
        err.diagnostics.push(ApiDiagnostic {
            severity: "error".into(),
            code: code.into(),
            file: file.into(),
            line: e.line().unwrap_or(0),
            column: e.column().unwrap_or(0),
            message: e.message().into(),
            expected: None,
            hint: e.hint().map(Into::into),
        });
    }
    err
}
