//! Scoring forecasts against what happened: run the expected-utility model on every issue of
//! the DEU III dataset (EU legislative decisions with actors' positions, saliences and the
//! recorded outcome) and compare the forecast with the outcome on a 0–1 scale — mean and median
//! absolute error, and the share of issues forecast within 0.1. Issues can be split by proposal
//! number (odd / even) so that any choice made on one half is scored on the other.

use crate::error::{Error, Result};
use crate::eum::{EuOptions, final_positions, positions_at, weighted_median};
use crate::read::Deu3Issue;

/// Which statistic of the final positions is the forecast.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ForecastStat {
    /// Capability×salience-weighted mean of the final positions.
    #[default]
    Mean,
    /// Weighted median of the final positions.
    Median,
    /// Procedural (agenda-setter) model: the point nearest to the Commission's position that
    /// the Council (and under co-decision the Parliament) prefers to the reference point.
    Procedural,
}

/// Where the actors' capabilities come from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Capabilities {
    /// As given on line 2 of the file (economic weight).
    #[default]
    File,
    /// Member states: Shapley–Shubik index in the Council under the issue's voting rule;
    /// Commission and Parliament: the largest member's index.
    CouncilPower,
}

/// Council votes under qualified majority, Treaty of Nice (Protocol on the enlargement of the
/// European Union, as amended by the Acts of Accession of 2003 and 2005): the weights in force
/// for the EU of 25 and of 27 members.
const NICE_WEIGHTS: [(&str, u32); 27] = [
    ("de", 29),
    ("fr", 29),
    ("it", 29),
    ("uk", 29),
    ("es", 27),
    ("pl", 27),
    ("ro", 14),
    ("nl", 13),
    ("be", 12),
    ("cz", 12),
    ("el", 12),
    ("hu", 12),
    ("pt", 12),
    ("at", 10),
    ("bu", 10),
    ("se", 10),
    ("dk", 7),
    ("ie", 7),
    ("lt", 7),
    ("sk", 7),
    ("fi", 7),
    ("cy", 5),
    ("ee", 5),
    ("lv", 5),
    ("lu", 5),
    ("si", 5),
    ("mt", 3),
];

/// Qualified-majority quota under Nice: 232 of 321 votes with 25 members, 255 of 345 with 27.
fn nice_quota(members: usize) -> u32 {
    if members >= 27 { 255 } else { 232 }
}

/// The Council on an issue: 27 members when Bulgaria or Romania took a position, else 25; each
/// with its Nice votes.
fn council(is: &Deu3Issue) -> Vec<(&'static str, u32)> {
    let eu27 = is.actors.iter().any(|a| a.name == "bu" || a.name == "ro");
    NICE_WEIGHTS
        .iter()
        .copied()
        .filter(|(m, _)| eu27 || (*m != "bu" && *m != "ro"))
        .collect()
}

/// Whether the issue is decided by unanimity in the Council (`counvte`).
fn unanimity(is: &Deu3Issue) -> bool {
    is.council_vote.to_ascii_lowercase().starts_with("unan")
}

/// Shapley–Shubik index of every player of the weighted game [quota; weights]: the share of
/// orderings in which the player turns a losing coalition into a winning one (entente-power's
/// exact computation).
pub fn shapley_shubik(weights: &[u32], quota: u32) -> Vec<f64> {
    let w: Vec<u64> = weights.iter().map(|&x| u64::from(x)).collect();
    entente_power::weighted_shapley_shubik(&w, u64::from(quota))
}

/// Capabilities from Council voting power: each member's Shapley–Shubik index under the issue's
/// rule (unanimity: every member a veto player, so 1/n each), the Commission and the Parliament
/// the largest member's. Actors outside the Council get 0.
fn council_power(is: &Deu3Issue) -> Vec<(String, f64)> {
    let members = council(is);
    let power: Vec<f64> = if unanimity(is) {
        vec![1.0 / members.len() as f64; members.len()]
    } else {
        let w: Vec<u32> = members.iter().map(|m| m.1).collect();
        shapley_shubik(&w, nice_quota(members.len()))
    };
    let largest = power.iter().copied().fold(0.0, f64::max);
    let mut out: Vec<(String, f64)> = members
        .iter()
        .zip(&power)
        .map(|((m, _), p)| (m.to_string(), *p))
        .collect();
    out.push(("com".into(), largest));
    out.push(("ep".into(), largest));
    out
}

/// The procedural (agenda-setter) forecast on positions `x` (same order as `actors`), on the
/// file's 0–100 scale; None without a reference point or a Commission position.
///
/// The Commission proposes the point nearest to its position that the Council adopts against
/// the reference point rp: a member at x accepts a move of length d from rp towards the
/// Commission when it lies on that side and d ≤ 2|x − rp|. Under qualified majority the
/// accepting members' Nice votes must reach the quota, under unanimity every member must
/// accept; members without a position go along. Under co-decision the Parliament, when it took
/// a position, must accept too.
fn procedural(is: &Deu3Issue, actors: &[crate::read::EuActor], x: &[f64]) -> Option<f64> {
    let rp = is.reference_point?;
    let com = actors.iter().position(|a| a.name == "com").map(|k| x[k])?;
    let gap = com - rp;
    if gap == 0.0 {
        return Some(rp);
    }
    let dir = gap.signum();
    let reach = |k: usize| 2.0 * dir * (x[k] - rp);
    let members = council(is);
    let unan = unanimity(is);
    let vote = |w: u32| if unan { 1 } else { w };
    let total: u32 = members.iter().map(|m| vote(m.1)).sum();
    let quota = if unan {
        total
    } else {
        nice_quota(members.len())
    };
    // (largest move the member accepts, its votes) for members with a position
    let mut placed: Vec<(f64, u32)> = Vec::new();
    let mut free = total;
    for (m, w) in &members {
        if let Some(k) = actors.iter().position(|a| a.name == *m) {
            placed.push((reach(k), vote(*w)));
            free -= vote(*w);
        }
    }
    placed.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut limit = if free >= quota { f64::INFINITY } else { 0.0 };
    if free < quota {
        let mut acc = free;
        for (d, w) in &placed {
            acc += w;
            if acc >= quota {
                limit = *d;
                break;
            }
        }
    }
    if is.procedure == "COD"
        && let Some(k) = actors.iter().position(|a| a.name == "ep")
    {
        limit = limit.min(reach(k));
    }
    Some(rp + dir * gap.abs().min(limit.max(0.0)))
}

/// Which issues to score.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
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
    /// Where capabilities come from.
    pub capabilities: Capabilities,
}

/// One scored issue.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
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

/// The actors the model runs with on an issue under a capability reading (`power`: the
/// Council-power capabilities, computed once per issue) and the consultation option; None when
/// the issue is not scored (no outcome, fewer than two actors, or no salience at all).
fn issue_actors(
    is: &Deu3Issue,
    power: Option<&[(String, f64)]>,
    consultation_without_ep: bool,
) -> Option<Vec<crate::read::EuActor>> {
    is.outcome?;
    let actors: Vec<_> = is
        .actors
        .iter()
        .filter(|a| !(consultation_without_ep && is.procedure == "CNS" && a.name == "ep"))
        .map(|a| {
            let mut a = a.clone();
            if let Some(p) = power {
                a.capability = p
                    .iter()
                    .find(|(m, _)| *m == a.name)
                    .map_or(0.0, |(_, v)| *v);
            }
            a
        })
        .filter(|a| a.capability > 0.0)
        .collect();
    let weight: f64 = actors.iter().map(|a| a.capability * a.salience).sum();
    (actors.len() >= 2 && weight > 0.0).then_some(actors)
}

/// The forecast (file scale, 0–100) of statistic `stat` from the positions `x` the model left
/// and their weighted mean.
fn forecast_of(
    is: &Deu3Issue,
    actors: &[crate::read::EuActor],
    x: &[f64],
    mean: f64,
    stat: ForecastStat,
) -> f64 {
    match stat {
        ForecastStat::Mean => mean,
        ForecastStat::Median => {
            let w: Vec<f64> = actors.iter().map(|a| a.capability * a.salience).collect();
            weighted_median(x, &w, 100.0)
        }
        ForecastStat::Procedural => procedural(is, actors, x).unwrap_or(mean),
    }
}

fn model_error(is: &Deu3Issue, e: &Error) -> Error {
    Error::invalid(format!(
        "issue {} (line {}): {}",
        is.issue,
        is.line,
        e.message()
    ))
}

/// One issue's forecast under one configuration: the number of actors and the forecast on the
/// file's scale; None when the issue is not scored.
type Forecast = Option<(usize, f64)>;

fn issue_score(is: &Deu3Issue, f: Forecast) -> Option<IssueScore> {
    let (actors, forecast) = f?;
    let outcome = is.outcome?;
    let (f, o) = (forecast / 100.0, outcome / 100.0);
    Some(IssueScore {
        issue: is.issue.clone(),
        proposal: is.proposal,
        actors,
        outcome: o,
        forecast: f,
        error: (f - o).abs(),
    })
}

/// Score one issue (None: no outcome, fewer than two actors, or no salience at all).
fn score_issue(is: &Deu3Issue, opts: &ValidateOptions) -> Result<Option<IssueScore>> {
    let power = match opts.capabilities {
        Capabilities::File => None,
        Capabilities::CouncilPower if is.outcome.is_some() => Some(council_power(is)),
        Capabilities::CouncilPower => None,
    };
    let Some(actors) = issue_actors(is, power.as_deref(), opts.consultation_without_ep) else {
        return Ok(None);
    };
    let (x, mean, _) = final_positions(&actors, &opts.eu).map_err(|e| model_error(is, &e))?;
    let forecast = forecast_of(is, &actors, &x, mean, opts.stat);
    Ok(issue_score(is, Some((actors.len(), forecast))))
}

/// Every candidate's forecast on one issue, in candidate order. Work the candidates share is
/// done once: the Council-power capabilities once per issue, the actors once per capability
/// reading and consultation option, and one run of each variant up to the largest number of
/// rounds asked, observed at every number of rounds asked (`positions_at`); the statistics
/// are read from the same positions. Each forecast equals [`score_issue`]'s for that
/// candidate, bit for bit.
fn issue_forecasts(is: &Deu3Issue, cands: &[Candidate]) -> Vec<Result<Forecast>> {
    let mut out: Vec<Option<Result<Forecast>>> = vec![None; cands.len()];
    let mut power: Option<Vec<(String, f64)>> = None;
    for k in 0..cands.len() {
        if out[k].is_some() {
            continue;
        }
        let c = cands[k];
        // every candidate sharing this one's actors and variant
        let group: Vec<usize> = (k..cands.len())
            .filter(|&j| {
                let d = cands[j];
                d.capabilities == c.capabilities
                    && d.consultation_without_ep == c.consultation_without_ep
                    && d.variant == c.variant
            })
            .collect();
        let p = match c.capabilities {
            Capabilities::File => None,
            Capabilities::CouncilPower if is.outcome.is_some() => {
                Some(power.get_or_insert_with(|| council_power(is)).as_slice())
            }
            Capabilities::CouncilPower => None,
        };
        let Some(actors) = issue_actors(is, p, c.consultation_without_ep) else {
            for &j in &group {
                out[j] = Some(Ok(None));
            }
            continue;
        };
        let mut rounds: Vec<usize> = group.iter().map(|&j| cands[j].rounds).collect();
        rounds.sort_unstable();
        rounds.dedup();
        match positions_at(&actors, c.variant, 1.0, &rounds) {
            Err(e) => {
                let e = model_error(is, &e);
                for &j in &group {
                    out[j] = Some(Err(e.clone()));
                }
            }
            Ok(at) => {
                for &j in &group {
                    let d = cands[j];
                    let r = rounds.binary_search(&d.rounds).unwrap_or(0);
                    let (x, mean, _) = &at[r];
                    let f = forecast_of(is, &actors, x, *mean, d.forecast);
                    out[j] = Some(Ok(Some((actors.len(), f))));
                }
            }
        }
    }
    out.into_iter().map(|f| f.unwrap_or(Ok(None))).collect()
}

/// Every candidate's forecast on every issue: `table[issue][candidate]`, issues in parallel
/// (each issue's work is independent, and the table keeps file order, so the answer is the
/// same on any number of threads).
fn forecast_table(issues: &[Deu3Issue], cands: &[Candidate]) -> Vec<Vec<Result<Forecast>>> {
    use rayon::prelude::*;
    issues
        .par_iter()
        .map(|is| issue_forecasts(is, cands))
        .collect()
}

/// A candidate's validation on a split, read from the table: the same issues, order and
/// arithmetic as [`validate_deu3`].
fn validate_from_table(
    issues: &[Deu3Issue],
    table: &[Vec<Result<Forecast>>],
    cand: usize,
    split: Split,
) -> Result<Validation> {
    let mut scored = Vec::new();
    for (is, row) in issues.iter().zip(table) {
        if split.keeps(is.proposal) {
            let f = row[cand].clone()?;
            scored.push(issue_score(is, f));
        }
    }
    finish(scored)
}

fn finish(scored: Vec<Option<IssueScore>>) -> Result<Validation> {
    let skipped = scored.iter().filter(|s| s.is_none()).count();
    let per_issue: Vec<IssueScore> = scored.into_iter().flatten().collect();
    if per_issue.is_empty() {
        return Err(Error::invalid(
            "no issue with a recorded outcome and at least two actors to score",
        ));
    }
    Ok(summarise(per_issue, skipped))
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
    finish(scored)
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
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Candidate {
    /// Model variant.
    pub variant: crate::eum::EuVariant,
    /// Rounds.
    pub rounds: usize,
    /// Forecast statistic.
    pub forecast: ForecastStat,
    /// Parliament without capability under consultation.
    pub consultation_without_ep: bool,
    /// Where capabilities come from.
    pub capabilities: Capabilities,
}

/// Which set of configurations the hold-out and cross-validation protocols choose from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Grid {
    /// The 48 configurations of [`holdout_grid`] (capabilities as in the file).
    Base,
    /// The same 48 with capabilities from Council voting power: the default of `entente
    /// validate`, as its configuration chosen on odd-numbered proposals scored better on the
    /// even-numbered ones than [`Grid::Base`]'s (docs/forecast.md).
    #[default]
    CouncilPower,
    /// Both capability readings × mean, median or procedural forecast × the base grid (144).
    Extended,
    /// The council-power grid without its 0-round configurations (40): every configuration
    /// runs the bargaining model for at least one round, so the score is the model's own, not
    /// that of the weighted mean or median of the starting positions.
    Bargaining,
}

/// The configurations of a grid.
pub fn grid(g: Grid) -> Vec<Candidate> {
    let (caps, stats): (&[Capabilities], &[ForecastStat]) = match g {
        Grid::Base => (
            &[Capabilities::File],
            &[ForecastStat::Mean, ForecastStat::Median],
        ),
        Grid::CouncilPower | Grid::Bargaining => (
            &[Capabilities::CouncilPower],
            &[ForecastStat::Mean, ForecastStat::Median],
        ),
        Grid::Extended => (
            &[Capabilities::File, Capabilities::CouncilPower],
            &[
                ForecastStat::Mean,
                ForecastStat::Median,
                ForecastStat::Procedural,
            ],
        ),
    };
    let mut out = Vec::new();
    for &capabilities in caps {
        for variant in [
            crate::eum::EuVariant::Paper,
            crate::eum::EuVariant::ScholzReplication,
        ] {
            for rounds in [0, 1, 2, 3, 5, 10] {
                if rounds == 0 && g == Grid::Bargaining {
                    continue;
                }
                for &forecast in stats {
                    for consultation_without_ep in [false, true] {
                        out.push(Candidate {
                            variant,
                            rounds,
                            forecast,
                            consultation_without_ep,
                            capabilities,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The grid the hold-out protocol searches by default: both variants, 0, 1, 2, 3, 5 and 10
/// rounds, mean and median, the Parliament with or without capability under consultation.
pub fn holdout_grid() -> Vec<Candidate> {
    grid(Grid::Base)
}

#[cfg(test)]
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
        capabilities: c.capabilities,
    }
}

/// Choose a configuration on the odd-numbered proposals only, then score it on the
/// even-numbered ones, which played no part in the choice.
pub fn holdout_deu3(issues: &[Deu3Issue]) -> Result<Holdout> {
    holdout_grid_deu3(issues, Grid::Base)
}

/// [`holdout_deu3`] choosing among the configurations of `g`.
pub fn holdout_grid_deu3(issues: &[Deu3Issue], g: Grid) -> Result<Holdout> {
    holdout_split(issues, g, Split::Odd, Split::Even)
}

/// Choose a configuration on `train`, score it on `test`.
fn holdout_split(issues: &[Deu3Issue], g: Grid, train: Split, test: Split) -> Result<Holdout> {
    let cands = grid(g);
    let table = forecast_table(issues, &cands);
    holdout_from_table(issues, &cands, &table, train, test)
}

/// [`holdout_split`] on a table of forecasts already made.
fn holdout_from_table(
    issues: &[Deu3Issue],
    cands: &[Candidate],
    table: &[Vec<Result<Forecast>>],
    train: Split,
    test: Split,
) -> Result<Holdout> {
    let mut candidates = Vec::new();
    let mut best: Option<(usize, Validation)> = None;
    for (k, c) in cands.iter().enumerate() {
        let v = validate_from_table(issues, table, k, train)?;
        candidates.push((*c, v.mae));
        if best.as_ref().is_none_or(|(_, b)| v.mae < b.mae) {
            best = Some((k, v));
        }
    }
    let (k, training) = best.ok_or_else(|| Error::invalid("empty candidate grid"))?;
    let held_out = validate_from_table(issues, table, k, test)?;
    Ok(Holdout {
        candidates,
        selected: cands[k],
        training,
        held_out,
    })
}

/// Two-fold cross-validation: each half of the proposals (odd / even numbers) is scored by the
/// configuration chosen on the other half, so every issue is forecast by a model whose choice
/// never saw its outcome. Returns the two folds and the score over all issues.
pub fn crossval_deu3(issues: &[Deu3Issue]) -> Result<(Vec<Holdout>, Validation)> {
    crossval_grid_deu3(issues, Grid::Base)
}

/// [`crossval_deu3`] choosing among the configurations of `g`.
pub fn crossval_grid_deu3(issues: &[Deu3Issue], g: Grid) -> Result<(Vec<Holdout>, Validation)> {
    // One table of forecasts serves both folds.
    let cands = grid(g);
    let table = forecast_table(issues, &cands);
    let folds = vec![
        holdout_from_table(issues, &cands, &table, Split::Odd, Split::Even)?,
        holdout_from_table(issues, &cands, &table, Split::Even, Split::Odd)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::EuActor;

    fn actor(name: &str, position: f64) -> EuActor {
        EuActor {
            name: name.into(),
            capability: 1.0,
            position,
            salience: 0.5,
        }
    }

    fn issue(vote: &str, procedure: &str, rp: f64, actors: Vec<EuActor>) -> Deu3Issue {
        Deu3Issue {
            line: 3,
            proposal: 1,
            issue: "1".into(),
            name: "test".into(),
            procedure: procedure.into(),
            council_vote: vote.into(),
            outcome: Some(0.0),
            reference_point: Some(rp),
            actors,
        }
    }

    #[test]
    fn shapley_shubik_of_small_games() {
        // [3; 2, 1, 1]: the big player is pivotal in 4 of 6 orderings, each small one in 1.
        let p = shapley_shubik(&[2, 1, 1], 3);
        for (a, b) in p.iter().zip([4.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0]) {
            assert!((a - b).abs() < 1e-12, "{p:?}");
        }
        // unanimity among equals: 1/n each
        let p = shapley_shubik(&[1, 1, 1, 1], 4);
        assert!(p.iter().all(|x| (x - 0.25).abs() < 1e-12));
        // the Nice Council of 27 under QMV: shares sum to 1, ordered by votes
        let w: Vec<u32> = NICE_WEIGHTS.iter().map(|m| m.1).collect();
        let p = shapley_shubik(&w, 255);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p[0] > p[4] && p[4] > p[26] && p[26] > 0.0);
    }

    #[test]
    fn procedural_model_stops_at_the_pivot() {
        // Unanimity, reference point 0, Commission at 100: the member least keen on change
        // (at 20) accepts moves up to 40; members without a position go along.
        let actors = vec![actor("com", 100.0), actor("de", 80.0), actor("fr", 20.0)];
        let x: Vec<f64> = actors.iter().map(|a| a.position).collect();
        let is = issue("Unan", "CNS", 0.0, actors.clone());
        assert_eq!(procedural(&is, &actors, &x), Some(40.0));
        // Under QMV France's 29 votes cannot block: the Commission gets its way.
        let is = issue("QMV", "CNS", 0.0, actors.clone());
        assert_eq!(procedural(&is, &actors, &x), Some(100.0));
        // Under co-decision a Parliament at 15 accepts moves up to 30 only.
        let mut with_ep = actors.clone();
        with_ep.push(actor("ep", 15.0));
        let x: Vec<f64> = with_ep.iter().map(|a| a.position).collect();
        let is = issue("QMV", "COD", 0.0, with_ep.clone());
        assert_eq!(procedural(&is, &with_ep, &x), Some(30.0));
        // No reference point: no procedural forecast.
        let mut is = issue("QMV", "COD", 0.0, with_ep.clone());
        is.reference_point = None;
        assert_eq!(procedural(&is, &with_ep, &x), None);
    }

    #[test]
    fn council_power_gives_the_institutions_the_largest_share() {
        let is = issue("QMV", "COD", 0.0, vec![actor("de", 1.0), actor("mt", 2.0)]);
        let p = council_power(&is);
        assert_eq!(p.len(), 27); // 25 members (no Bulgaria or Romania), Commission, Parliament
        let get = |n: &str| p.iter().find(|(m, _)| m == n).unwrap().1;
        assert_eq!(get("com"), get("de"));
        assert!(get("de") > get("mt"));
        let is = issue("Unan", "CNS", 0.0, vec![actor("ro", 1.0)]);
        let p = council_power(&is);
        assert_eq!(p.len(), 29);
        assert!((p[0].1 - 1.0 / 27.0).abs() < 1e-12);
    }

    #[test]
    fn shared_runs_give_every_configuration_the_score_of_its_own_run() {
        // The table of forecasts (one run per variant, observed at every number of rounds)
        // must give every configuration of the extended grid the very score a separate run of
        // that configuration gives, on DEU III's first 60 issue rows.
        if entente_testdata::skip_without_shared(
            "shared_runs_give_every_configuration_the_score_of_its_own_run",
        ) {
            return;
        }
        let path = entente_testdata::data("forecast-cases/eum/deu3.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let all = crate::read::read_deu3(&text, "deu3.csv").unwrap();
        let issues = &all[..60];
        let cands = grid(Grid::Extended);
        let table = forecast_table(issues, &cands);
        for (k, c) in cands.iter().enumerate() {
            for split in [Split::Odd, Split::Even] {
                let direct = validate_deu3(issues, &options(c, split)).unwrap();
                let shared = validate_from_table(issues, &table, k, split).unwrap();
                assert_eq!(direct, shared, "{c:?} {split:?}");
            }
        }
    }

    #[test]
    fn positions_at_a_checkpoint_equal_the_full_run_at_that_turn() {
        // `run_eu` (the history path, its own loop) gives every turn; the checkpoints of one
        // run must equal its turns 0, 2 and 5 exactly.
        let actors = vec![actor("a", 0.0), actor("b", 40.0), actor("c", 100.0)];
        for variant in [
            crate::eum::EuVariant::Paper,
            crate::eum::EuVariant::ScholzReplication,
        ] {
            let at = positions_at(&actors, variant, 1.0, &[0, 2, 5]).unwrap();
            let opts = EuOptions {
                rounds: 5,
                variant,
                q: 1.0,
            };
            let run = crate::eum::run_eu(&actors, &opts).unwrap();
            for (k, turn) in [0, 2, 5].into_iter().enumerate() {
                let t = &run.turns[turn];
                assert_eq!(at[k], (t.positions.clone(), t.mean, t.median), "{turn}");
            }
        }
    }
}
