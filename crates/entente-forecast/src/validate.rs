//! Scoring forecasts against what happened: run the expected-utility model on every issue of
//! the DEU III dataset (EU legislative decisions with actors' positions, saliences and the
//! recorded outcome) and compare the forecast with the outcome on a 0–1 scale — mean and median
//! absolute error, and the share of issues forecast within 0.1. Issues can be split by proposal
//! number (odd / even) so that any choice made on one half is scored on the other.

use crate::error::{Error, Result};
use crate::eum::{EuOptions, final_positions, weighted_median};
use crate::read::Deu3Issue;

/// Which statistic of the final positions is the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForecastStat {
    /// Capability×salience-weighted mean of the final positions.
    #[default]
    Mean,
    /// Weighted median of the final positions.
    Median,
}

/// Which issues to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    /// Every issue with a recorded outcome.
    #[default]
    All,
    /// Issues of odd-numbered proposals (`prnrnmc`).
    Odd,
    /// Issues of even-numbered proposals.
    Even,
}

impl Split {
    fn keeps(self, proposal: u32) -> bool {
        match self {
            Split::All => true,
            Split::Odd => proposal % 2 == 1,
            Split::Even => proposal % 2 == 0,
        }
    }
}

/// Validation options.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ValidateOptions {
    /// The model's options (rounds, variant).
    pub eu: EuOptions,
    /// Forecast statistic.
    pub stat: ForecastStat,
    /// Which issues.
    pub split: Split,
    /// Give the European Parliament no capability on issues decided under the consultation
    /// procedure (`CNS`), where it only gives an opinion.
    pub consultation_without_ep: bool,
}

/// One scored issue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IssueScore {
    /// Issue identifier (`isnr`).
    pub issue: String,
    /// Proposal number.
    pub proposal: u32,
    /// Number of actors with a position.
    pub actors: usize,
    /// Recorded outcome, 0–1.
    pub outcome: f64,
    /// Forecast, 0–1.
    pub forecast: f64,
    /// Absolute error.
    pub error: f64,
}

/// The validation answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Validation {
    /// Number of issues scored.
    pub issues: usize,
    /// Mean absolute error (0–1 scale).
    pub mae: f64,
    /// Median absolute error.
    pub median_ae: f64,
    /// Share of issues whose forecast is within 0.1 of the outcome.
    pub within_0_1: f64,
    /// Issues left out (no outcome, fewer than two actors, or no salience at all).
    pub skipped: usize,
    /// Per-issue scores, in file order.
    pub per_issue: Vec<IssueScore>,
}

/// Score one issue (None: no outcome, fewer than two actors, or no salience at all).
fn score_issue(is: &Deu3Issue, opts: &ValidateOptions) -> Result<Option<IssueScore>> {
    let Some(outcome) = is.outcome else {
        return Ok(None);
    };
    let actors: Vec<_> = is
        .actors
        .iter()
        .filter(|a| !(opts.consultation_without_ep && is.procedure == "CNS" && a.name == "ep"))
        .cloned()
        .collect();
    let weight: f64 = actors.iter().map(|a| a.capability * a.salience).sum();
    if actors.len() < 2 || weight <= 0.0 {
        return Ok(None);
    }
    let (x, mean, _) = final_positions(&actors, &opts.eu).map_err(|e| {
        Error::invalid(format!(
            "issue {} (line {}): {}",
            is.issue,
            is.line,
            e.message()
        ))
    })?;
    let forecast = match opts.stat {
        ForecastStat::Mean => mean,
        ForecastStat::Median => {
            let w: Vec<f64> = actors.iter().map(|a| a.capability * a.salience).collect();
            weighted_median(&x, &w, 100.0)
        }
    };
    let (f, o) = (forecast / 100.0, outcome / 100.0);
    Ok(Some(IssueScore {
        issue: is.issue.clone(),
        proposal: is.proposal,
        actors: actors.len(),
        outcome: o,
        forecast: f,
        error: (f - o).abs(),
    }))
}

/// Score the expected-utility model on DEU III issues.
pub fn validate_deu3(issues: &[Deu3Issue], opts: &ValidateOptions) -> Result<Validation> {
    use rayon::prelude::*;
    // Each issue is independent: score them in parallel, keep file order.
    let scored: Vec<Option<IssueScore>> = issues
        .par_iter()
        .filter(|i| opts.split.keeps(i.proposal))
        .map(|is| score_issue(is, opts))
        .collect::<Result<_>>()?;
    let skipped = scored.iter().filter(|s| s.is_none()).count();
    let per_issue: Vec<IssueScore> = scored.into_iter().flatten().collect();
    if per_issue.is_empty() {
        return Err(Error::invalid(
            "no issue with a recorded outcome and at least two actors to score",
        ));
    }
    Ok(summarise(per_issue, skipped))
}

/// The hold-out protocol's answer: the configuration chosen on the training half and its score
/// on the other half.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Holdout {
    /// Every candidate configuration with its training-half score (MAE), in grid order.
    pub candidates: Vec<(Candidate, f64)>,
    /// The candidate with the lowest training MAE (the first one on ties).
    pub selected: Candidate,
    /// Its score on the training half (odd-numbered proposals).
    pub training: Validation,
    /// Its score on the held-out half (even-numbered proposals): the figure to report.
    pub held_out: Validation,
}

/// One configuration the hold-out protocol may choose.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// Model variant.
    pub variant: crate::eum::EuVariant,
    /// Rounds.
    pub rounds: usize,
    /// Forecast statistic.
    pub forecast: ForecastStat,
    /// Parliament without capability under consultation.
    pub consultation_without_ep: bool,
}

/// The grid the hold-out protocol searches: both variants, 0, 1, 2, 3, 5 and 10 rounds, mean
/// and median, the Parliament with or without capability under consultation.
pub fn holdout_grid() -> Vec<Candidate> {
    let mut grid = Vec::new();
    for variant in [
        crate::eum::EuVariant::Paper,
        crate::eum::EuVariant::ScholzReplication,
    ] {
        for rounds in [0, 1, 2, 3, 5, 10] {
            for forecast in [ForecastStat::Mean, ForecastStat::Median] {
                for consultation_without_ep in [false, true] {
                    grid.push(Candidate {
                        variant,
                        rounds,
                        forecast,
                        consultation_without_ep,
                    });
                }
            }
        }
    }
    grid
}

fn options(c: &Candidate, split: Split) -> ValidateOptions {
    ValidateOptions {
        eu: EuOptions {
            rounds: c.rounds,
            variant: c.variant,
            q: 1.0,
        },
        stat: c.forecast,
        split,
        consultation_without_ep: c.consultation_without_ep,
    }
}

/// Choose a configuration on the odd-numbered proposals only, then score it on the
/// even-numbered ones, which played no part in the choice.
pub fn holdout_deu3(issues: &[Deu3Issue]) -> Result<Holdout> {
    holdout_split(issues, Split::Odd, Split::Even)
}

/// Choose a configuration on `train`, score it on `test`.
fn holdout_split(issues: &[Deu3Issue], train: Split, test: Split) -> Result<Holdout> {
    let mut candidates = Vec::new();
    let mut best: Option<(Candidate, Validation)> = None;
    for c in holdout_grid() {
        let v = validate_deu3(issues, &options(&c, train))?;
        candidates.push((c, v.mae));
        if best.as_ref().is_none_or(|(_, b)| v.mae < b.mae) {
            best = Some((c, v));
        }
    }
    let (selected, training) = best.ok_or_else(|| Error::invalid("empty candidate grid"))?;
    let held_out = validate_deu3(issues, &options(&selected, test))?;
    Ok(Holdout {
        candidates,
        selected,
        training,
        held_out,
    })
}

/// Two-fold cross-validation: each half of the proposals (odd / even numbers) is scored by the
/// configuration chosen on the other half, so every issue is forecast by a model whose choice
/// never saw its outcome. Returns the two folds and the score over all issues.
pub fn crossval_deu3(issues: &[Deu3Issue]) -> Result<(Vec<Holdout>, Validation)> {
    let folds = vec![
        holdout_split(issues, Split::Odd, Split::Even)?,
        holdout_split(issues, Split::Even, Split::Odd)?,
    ];
    let mut per_issue: Vec<IssueScore> = folds
        .iter()
        .flat_map(|f| f.held_out.per_issue.iter().cloned())
        .collect();
    let order: std::collections::HashMap<&str, usize> = issues
        .iter()
        .enumerate()
        .map(|(k, i)| (i.issue.as_str(), k))
        .collect();
    per_issue.sort_by_key(|s| order.get(s.issue.as_str()).copied().unwrap_or(usize::MAX));
    let skipped = folds.iter().map(|f| f.held_out.skipped).sum();
    Ok((folds, summarise(per_issue, skipped)))
}

fn summarise(per_issue: Vec<IssueScore>, skipped: usize) -> Validation {
    let mut errors: Vec<f64> = per_issue.iter().map(|s| s.error).collect();
    let n = errors.len().max(1) as f64;
    let mae = errors.iter().sum::<f64>() / n;
    let within = errors.iter().filter(|&&e| e <= 0.1 + 1e-12).count() as f64 / n;
    errors.sort_by(f64::total_cmp);
    let m = errors.len();
    let median_ae = match m {
        0 => f64::NAN,
        _ if m % 2 == 1 => errors[m / 2],
        _ => (errors[m / 2 - 1] + errors[m / 2]) / 2.0,
    };
    Validation {
        issues: per_issue.len(),
        mae,
        median_ae,
        within_0_1: within,
        skipped,
        per_issue,
    }
}
