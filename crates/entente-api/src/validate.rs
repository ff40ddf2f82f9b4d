//! The `validate` question: score a forecasting model against what happened. On the DEU III
//! dataset of EU legislative decisions (its text carried by the query) the expected-utility
//! model runs on every issue and its forecast is compared with the recorded outcome (0–1 scale),
//! under one of three protocols: two-fold cross-validation (each half of the proposals scored
//! by the configuration chosen on the other half), hold-out (choose on odd-numbered proposals,
//! score on even-numbered ones), or a fixed configuration. The protocols' envelopes — what was
//! chosen, on what, and how it scored — are built here.

use entente_forecast::eum::{EuOptions, EuVariant};
use entente_forecast::read::read_deu3;
use entente_forecast::validate::{
    Candidate, Capabilities, ForecastStat, Grid, Holdout, IssueScore, Split, ValidateOptions,
    Validation, crossval_grid_deu3, holdout_grid_deu3, validate_deu3,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ApiDiagnostic;
use crate::negotiate::PeerFile;
use crate::{ApiError, ErrorKind, Session};

/// The most rounds of the expected-utility model a query may ask for on each issue.
pub const MAX_ROUNDS: usize = 10_000;

/// Which dataset the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Dataset {
    /// DEU III (Thomson et al.): EU legislative issues with positions, saliences and outcomes.
    #[default]
    Deu3,
}

/// How the model configuration is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    /// Two-fold cross-validation: each half of the proposals scored by the configuration
    /// chosen on the other half; every issue scored once.
    #[default]
    Crossval,
    /// Choose among a fixed grid on odd-numbered proposals, score on even-numbered ones.
    Holdout,
    /// Score the configuration the query gives on the chosen issues.
    Fixed,
}

fn default_rounds() -> usize {
    10
}

/// What is asked.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The dataset the file holds.
    #[serde(default)]
    pub dataset: Dataset,
    /// The data file, by name and text.
    pub file: PeerFile,
    /// How the configuration is chosen.
    #[serde(default)]
    pub protocol: Protocol,
    /// Rounds of the expected-utility model on each issue (protocol `fixed`).
    #[serde(default = "default_rounds")]
    pub rounds: usize,
    /// Model variant (protocol `fixed`).
    #[serde(default)]
    pub variant: EuVariant,
    /// Forecast statistic (protocol `fixed`).
    #[serde(default)]
    pub forecast: ForecastStat,
    /// Which issues to score, by proposal number (protocol `fixed`).
    #[serde(default)]
    pub split: Split,
    /// Give the Parliament no capability under the consultation procedure (protocol `fixed`).
    #[serde(default)]
    pub consultation_without_ep: bool,
    /// Where capabilities come from (protocol `fixed`).
    #[serde(default)]
    pub capabilities: Capabilities,
    /// Which configurations the `crossval` and `holdout` protocols choose from.
    #[serde(default)]
    pub grid: Grid,
}

/// A score over some issues.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Summary {
    /// Issues scored.
    pub issues: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Median absolute error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_ae: Option<f64>,
    /// Share of issues forecast within 0.1 of the outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within_0_1: Option<f64>,
}

/// One fold of the cross-validation.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Fold {
    /// The proposals the configuration was chosen on.
    pub trained_on: String,
    /// The proposals it scored.
    pub scored: String,
    /// Number of configurations tried.
    pub configurations_tried: usize,
    /// The configuration chosen.
    pub selected: Candidate,
    /// Its score where it was chosen.
    pub training: Summary,
    /// Its score on the other half.
    pub held_out: Summary,
}

/// A configuration tried by the hold-out protocol, with its training score.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct CandidateScore {
    /// The configuration.
    pub candidate: Candidate,
    /// Its mean absolute error on the training issues.
    pub training_mae: f64,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The dataset (`deu3`).
    pub dataset: Dataset,
    /// The model (`expected-utility`).
    pub model: String,
    /// The protocol.
    pub protocol: Protocol,
    /// The grid chosen from (`crossval`, `holdout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
    /// Which issues the headline numbers score (`crossval`, `holdout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scored: Option<String>,
    /// Model variant (`fixed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<EuVariant>,
    /// Rounds (`fixed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<usize>,
    /// Forecast statistic (`fixed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastStat>,
    /// Issues scored (`fixed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    /// Parliament without capability under consultation (`fixed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consultation_without_ep: Option<bool>,
    /// Where capabilities come from (`fixed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<Capabilities>,
    /// Issues scored.
    pub issues: usize,
    /// Issues with an outcome left out (fewer than two actors with a position).
    pub skipped: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Median absolute error.
    pub median_ae: f64,
    /// Share of issues forecast within 0.1 of the outcome.
    pub within_0_1: f64,
    /// The two folds (`crossval`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folds: Option<Vec<Fold>>,
    /// The configuration chosen (`holdout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<Candidate>,
    /// Its score on the training issues (`holdout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub training: Option<Summary>,
    /// Every configuration tried, with its training score (`holdout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<CandidateScore>>,
    /// Plain statements about what the scores rest on: above all, when a configuration scored
    /// runs the expected-utility model for 0 rounds, its forecast is a statistic of the
    /// starting positions and the score says nothing about the bargaining model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Every issue scored.
    pub per_issue: Vec<IssueScore>,
}

impl Answer {
    fn scoring(protocol: Protocol, v: Validation) -> Answer {
        Answer {
            dataset: Dataset::Deu3,
            model: "expected-utility".into(),
            protocol,
            grid: None,
            scored: None,
            variant: None,
            rounds: None,
            forecast: None,
            split: None,
            consultation_without_ep: None,
            capabilities: None,
            issues: v.issues,
            skipped: v.skipped,
            mae: v.mae,
            median_ae: v.median_ae,
            within_0_1: v.within_0_1,
            folds: None,
            selected: None,
            training: None,
            candidates: None,
            notes: Vec::new(),
            per_issue: v.per_issue,
        }
    }
}

/// The note a configuration that runs the model for 0 rounds calls for (`who`: which
/// configuration, for the sentence), or None when the model runs.
fn zero_rounds_note(who: &str, rounds: usize, forecast: ForecastStat) -> Option<String> {
    if rounds > 0 {
        return None;
    }
    let what = match forecast {
        ForecastStat::Mean => "the capability×salience-weighted mean of the starting positions",
        ForecastStat::Median => "the weighted median of the starting positions",
        ForecastStat::Procedural => "the procedural model applied to the starting positions",
    };
    Some(format!(
        "{who} runs the expected-utility model for 0 rounds: its forecast is {what}, so this \
         score does not test the bargaining model (grid `bargaining` chooses only among \
         configurations that run it)"
    ))
}

fn summary(v: &Validation, full: bool) -> Summary {
    Summary {
        issues: v.issues,
        mae: v.mae,
        median_ae: full.then_some(v.median_ae),
        within_0_1: full.then_some(v.within_0_1),
    }
}

fn forecast_error(e: &entente_forecast::Error, code: &str, prefix: &str) -> ApiError {
    let mut err = ApiError::new(ErrorKind::Input, code, format!("{prefix}{e}"));
    if let Some(file) = e.file() {
        err.diagnostics.push(ApiDiagnostic {
            severity: "error".into(),
            code: code.into(),
            file: file.into(),
            line: e.line().unwrap_or(0),
            column: 0,
            message: e.message().into(),
            expected: None,
            hint: e.hint().map(Into::into),
        });
    }
    err
}

/// Answer the question (the scenario plays no part: the dataset is the query's file).
pub fn answer(_session: &Session, query: &Query) -> Result<Answer, ApiError> {
    answer_file(query)
}

/// Answer without a scenario.
pub fn answer_file(q: &Query) -> Result<Answer, ApiError> {
    if q.rounds > MAX_ROUNDS {
        return Err(ApiError::usage(
            "too-large",
            format!("{} rounds asked; at most {MAX_ROUNDS} can be", q.rounds),
        )
        .with_hint("ask for fewer rounds"));
    }
    let name = &q.file.name;
    let prefix = format!("{name}: ");
    let issues =
        read_deu3(&q.file.text, name).map_err(|e| forecast_error(&e, "bad-deu3-file", ""))?;
    match q.protocol {
        Protocol::Crossval => {
            let (folds, all) = crossval_grid_deu3(&issues, q.grid)
                .map_err(|e| forecast_error(&e, "model", &prefix))?;
            let fold = |f: &Holdout, trained: &str, scored: &str| Fold {
                trained_on: trained.into(),
                scored: scored.into(),
                configurations_tried: f.candidates.len(),
                selected: f.selected,
                training: summary(&f.training, false),
                held_out: summary(&f.held_out, true),
            };
            let notes = folds
                .iter()
                .zip([
                    "the configuration chosen on odd-numbered proposals",
                    "the configuration chosen on even-numbered proposals",
                ])
                .filter_map(|(f, who)| {
                    zero_rounds_note(who, f.selected.rounds, f.selected.forecast)
                })
                .collect();
            let folds = match folds.as_slice() {
                [a, b] => vec![
                    fold(a, "odd-numbered proposals", "even-numbered proposals"),
                    fold(b, "even-numbered proposals", "odd-numbered proposals"),
                ],
                _ => Vec::new(),
            };
            Ok(Answer {
                grid: Some(q.grid),
                scored: Some(
                    "every issue, by the configuration chosen on the other half of the proposals"
                        .into(),
                ),
                folds: Some(folds),
                notes,
                ..Answer::scoring(Protocol::Crossval, all)
            })
        }
        Protocol::Holdout => {
            let h = holdout_grid_deu3(&issues, q.grid)
                .map_err(|e| forecast_error(&e, "model", &prefix))?;
            Ok(Answer {
                grid: Some(q.grid),
                scored: Some("even-numbered proposals (held out)".into()),
                selected: Some(h.selected),
                training: Some(summary(&h.training, true)),
                candidates: Some(
                    h.candidates
                        .iter()
                        .map(|(c, mae)| CandidateScore {
                            candidate: *c,
                            training_mae: *mae,
                        })
                        .collect(),
                ),
                notes: zero_rounds_note(
                    "the configuration chosen",
                    h.selected.rounds,
                    h.selected.forecast,
                )
                .into_iter()
                .collect(),
                ..Answer::scoring(Protocol::Holdout, h.held_out)
            })
        }
        Protocol::Fixed => {
            let opts = ValidateOptions {
                eu: EuOptions {
                    rounds: q.rounds,
                    variant: q.variant,
                    q: 1.0,
                },
                stat: q.forecast,
                split: q.split,
                consultation_without_ep: q.consultation_without_ep,
                capabilities: q.capabilities,
            };
            let v =
                validate_deu3(&issues, &opts).map_err(|e| forecast_error(&e, "model", &prefix))?;
            Ok(Answer {
                variant: Some(opts.eu.variant),
                rounds: Some(opts.eu.rounds),
                forecast: Some(opts.stat),
                split: Some(opts.split),
                consultation_without_ep: Some(opts.consultation_without_ep),
                capabilities: Some(opts.capabilities),
                notes: zero_rounds_note("this configuration", opts.eu.rounds, opts.stat)
                    .into_iter()
                    .collect(),
                ..Answer::scoring(Protocol::Fixed, v)
            })
        }
    }
}
