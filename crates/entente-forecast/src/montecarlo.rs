//! Monte Carlo over uncertain inputs: every run perturbs positions, saliences and capabilities
//! with independent normal noise (clipped to their valid ranges), runs a model to its end and
//! keeps the final positions. Runs are spread over rayon's threads; run `r` draws from its own
//! ChaCha20 generator seeded with `seed` on stream `r`, and results are reduced in run order, so
//! the answer depends only on the inputs and the seed, never on the number of threads.
//! Summaries: mean and 5/50/95% quantiles of every actor's final position and of the forecast,
//! and the probability that each actor ends within a band.

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_distr::{Distribution, Normal};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::eum::{EuOptions, final_positions};
use crate::read::{EuActor, SpatialActor};
use crate::smp::{SmpOptions, Spatial};

/// How uncertain the inputs are: standard deviations of normal noise added independently to
/// every number of every run.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Uncertainty {
    /// Standard deviation of positions, in the input's units (clipped to the range).
    pub position_sd: f64,
    /// Standard deviation of saliences, in the input's units (clipped to 0–1, or 0–100 for KTAB
    /// inputs whose saliences are then scaled down if they sum above 100).
    pub salience_sd: f64,
    /// Relative standard deviation of capabilities: c × (1 + cv·z), kept positive.
    pub capability_cv: f64,
}

/// Monte Carlo settings.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct McOptions {
    /// Number of runs.
    pub runs: usize,
    /// Seed; run r uses ChaCha20 seeded from it, on stream r.
    pub seed: u64,
    /// A band `[lo, hi]`: report the probability that each actor's final position (every
    /// coordinate) lies within it.
    pub band: Option<(f64, f64)>,
}

/// Mean and quantiles of one quantity over the runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Interval {
    /// Mean.
    pub mean: f64,
    /// 5% quantile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95% quantile.
    pub p95: f64,
}

/// One actor's final position over the runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct McActor {
    /// Actor name.
    pub name: String,
    /// One interval per dimension.
    pub position: Vec<Interval>,
    /// Share of runs in which the actor ends within the band (when a band was given).
    pub within_band: Option<f64>,
}

/// The summary of a Monte Carlo.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct McSummary {
    /// Number of runs.
    pub runs: usize,
    /// The seed.
    pub seed: u64,
    /// The band, when given.
    pub band: Option<(f64, f64)>,
    /// Per actor.
    pub actors: Vec<McActor>,
    /// Expected-utility model: the weighted-mean forecast over the runs.
    pub forecast_mean: Option<Interval>,
    /// Expected-utility model: the weighted-median forecast over the runs.
    pub forecast_median: Option<Interval>,
}

/// Linear-interpolation quantile (type 7) of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn interval(mut v: Vec<f64>) -> Interval {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.sort_by(f64::total_cmp);
    Interval {
        mean,
        p05: quantile(&v, 0.05),
        p50: quantile(&v, 0.5),
        p95: quantile(&v, 0.95),
    }
}

fn run_rng(seed: u64, run: usize) -> ChaCha20Rng {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(run as u64);
    rng
}

fn normal(sd: f64) -> Result<Normal<f64>> {
    Normal::new(0.0, sd.max(0.0))
        .map_err(|_| Error::invalid(format!("standard deviation {sd} is not a valid number")))
}

fn check(mc: &McOptions, u: &Uncertainty) -> Result<()> {
    if mc.runs == 0 {
        return Err(Error::invalid("Monte Carlo needs at least one run"));
    }
    check_uncertainty(u)
}

fn check_uncertainty(u: &Uncertainty) -> Result<()> {
    for (what, v) in [
        ("position sd", u.position_sd),
        ("salience sd", u.salience_sd),
        ("capability cv", u.capability_cv),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::invalid(format!(
                "{what} {v} must be a non-negative number"
            )));
        }
    }
    Ok(())
}

fn summarise(
    names: Vec<String>,
    nd: usize,
    mc: &McOptions,
    finals: &[Vec<f64>],
    extras: Option<(Vec<f64>, Vec<f64>)>,
) -> McSummary {
    let actors = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let position = (0..nd)
                .map(|k| interval(finals.iter().map(|f| f[i * nd + k]).collect()))
                .collect();
            let within_band = mc.band.map(|(lo, hi)| {
                let inside = finals
                    .iter()
                    .filter(|f| {
                        f[i * nd..(i + 1) * nd]
                            .iter()
                            .all(|&x| lo - 1e-9 <= x && x <= hi + 1e-9)
                    })
                    .count();
                inside as f64 / finals.len() as f64
            });
            McActor {
                name,
                position,
                within_band,
            }
        })
        .collect();
    let (forecast_mean, forecast_median) = match extras {
        Some((m, md)) => (Some(interval(m)), Some(interval(md))),
        None => (None, None),
    };
    McSummary {
        runs: finals.len(),
        seed: mc.seed,
        band: mc.band,
        actors,
        forecast_mean,
        forecast_median,
    }
}

/// One run of a Monte Carlo: every actor's final position (one number per dimension, actor by
/// actor) and, for the expected-utility model, the run's weighted mean and median forecast.
/// A summary is a function of the runs in run order alone, so runs made apart (in shards) and
/// put back in order summarise to the same bytes as one pass.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct McRun {
    /// Final positions, actor by actor, each with one number per dimension.
    pub finals: Vec<f64>,
    /// Expected-utility model: the run's weighted-mean forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Expected-utility model: the run's weighted-median forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
}

/// The summary of runs given in run order (their number is the summary's `runs`).
pub fn summary(names: Vec<String>, nd: usize, mc: &McOptions, runs: &[McRun]) -> McSummary {
    let finals: Vec<Vec<f64>> = runs.iter().map(|r| r.finals.clone()).collect();
    let extras = runs
        .iter()
        .map(|r| r.mean.zip(r.median))
        .collect::<Option<Vec<(f64, f64)>>>()
        .filter(|v| !v.is_empty())
        .map(|v| v.into_iter().unzip());
    summarise(names, nd, mc, &finals, extras)
}

/// Monte Carlo of the expected-utility model. `progress` is called once per finished run.
pub fn monte_carlo_eu(
    actors: &[EuActor],
    opts: &EuOptions,
    u: &Uncertainty,
    mc: &McOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<McSummary> {
    crate::eum::check_actors(actors)?;
    check(mc, u)?;
    let runs = runs_eu(actors, opts, u, mc.seed, 0..mc.runs, progress)?;
    Ok(summary(
        actors.iter().map(|a| a.name.clone()).collect(),
        1,
        mc,
        &runs,
    ))
}

/// Runs `range` of a Monte Carlo of the expected-utility model (run r draws from stream r of
/// the seed), in run order. `progress` is called once per finished run.
pub fn runs_eu(
    actors: &[EuActor],
    opts: &EuOptions,
    u: &Uncertainty,
    seed: u64,
    range: std::ops::Range<usize>,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<McRun>> {
    crate::eum::check_actors(actors)?;
    check_uncertainty(u)?;
    let (lo, hi) = actors
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), a| {
            (l.min(a.position), h.max(a.position))
        });
    let (np, ns, nc) = (
        normal(u.position_sd)?,
        normal(u.salience_sd)?,
        normal(u.capability_cv)?,
    );
    range
        .into_par_iter()
        .map(|r| {
            let mut rng = run_rng(seed, r);
            let perturbed: Vec<EuActor> = actors
                .iter()
                .map(|a| EuActor {
                    name: String::new(),
                    position: (a.position + np.sample(&mut rng)).clamp(lo, hi),
                    salience: (a.salience + ns.sample(&mut rng)).clamp(0.0, 1.0),
                    capability: (a.capability * (1.0 + nc.sample(&mut rng)))
                        .max(a.capability * 1e-6),
                })
                .collect();
            let (finals, mean, median) = final_positions(&perturbed, opts)?;
            progress();
            Ok(McRun {
                finals,
                mean: Some(mean),
                median: Some(median),
            })
        })
        .collect()
}

/// Monte Carlo of KTAB's spatial model (inputs on KTAB's 0–100 scale; final positions likewise;
/// `ideal_adjustment` as in [`Spatial::with_accommodation`], empty for none).
/// Stochastic state transitions, if chosen, draw from the run's own generator.
pub fn monte_carlo_smp(
    actors: &[SpatialActor],
    ideal_adjustment: &[(usize, usize, f64)],
    opts: &SmpOptions,
    u: &Uncertainty,
    mc: &McOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<McSummary> {
    Spatial::new(actors, *opts)?.with_accommodation(ideal_adjustment)?;
    check(mc, u)?;
    let runs = runs_smp(
        actors,
        ideal_adjustment,
        opts,
        u,
        mc.seed,
        0..mc.runs,
        progress,
    )?;
    let nd = actors.first().map_or(0, |a| a.position.len());
    Ok(summary(
        actors.iter().map(|a| a.name.clone()).collect(),
        nd,
        mc,
        &runs,
    ))
}

/// Runs `range` of a Monte Carlo of the spatial model (run r draws from stream r of the seed),
/// in run order. `progress` is called once per finished run.
pub fn runs_smp(
    actors: &[SpatialActor],
    ideal_adjustment: &[(usize, usize, f64)],
    opts: &SmpOptions,
    u: &Uncertainty,
    seed: u64,
    range: std::ops::Range<usize>,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<McRun>> {
    Spatial::new(actors, *opts)?.with_accommodation(ideal_adjustment)?;
    check_uncertainty(u)?;
    let (np, ns, nc) = (
        normal(u.position_sd)?,
        normal(u.salience_sd)?,
        normal(u.capability_cv)?,
    );
    range
        .into_par_iter()
        .map(|r| {
            let mut rng = run_rng(seed, r);
            let perturbed: Vec<SpatialActor> = actors
                .iter()
                .map(|a| {
                    let position = a
                        .position
                        .iter()
                        .map(|p| (p + np.sample(&mut rng)).clamp(0.0, 100.0))
                        .collect();
                    let mut salience: Vec<f64> = a
                        .salience
                        .iter()
                        .map(|s| (s + ns.sample(&mut rng)).clamp(0.0, 100.0))
                        .collect();
                    let total: f64 = salience.iter().sum();
                    if total > 100.0 {
                        salience.iter_mut().for_each(|s| *s *= 100.0 / total);
                    }
                    if total <= 0.0 {
                        salience.clone_from(&a.salience);
                    }
                    SpatialActor {
                        name: a.name.clone(),
                        description: String::new(),
                        capability: (a.capability * (1.0 + nc.sample(&mut rng)))
                            .max(a.capability * 1e-6),
                        position,
                        salience,
                    }
                })
                .collect();
            let mut o = *opts;
            o.seed = opts.seed ^ (r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let model = Spatial::new(&perturbed, o)?.with_accommodation(ideal_adjustment)?;
            let run = model.run_from(&Spatial::initial_positions(&perturbed))?;
            progress();
            Ok(McRun {
                finals: run
                    .turns
                    .last()
                    .map(|t| t.positions.concat())
                    .unwrap_or_default(),
                mean: None,
                median: None,
            })
        })
        .collect()
}
