//! The `forecast` question: how positions move. KTAB's spatial model of politics on a KTAB
//! scenario (CSV or XML, given as text) or on a `[forecast.ID]` case of the scenario, or the
//! expected-utility model on the replications' CSV; turn by turn, with why positions moved,
//! the final state and its most probable outcome, optionally a Monte Carlo over uncertain
//! inputs (with a progress callback and a time budget) and the spoilers: how far the outcome
//! moves without each actor.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use entente_forecast::eum::outcomes_without as eu_outcomes_without;
use entente_forecast::eum::{EuOptions, EuVariant, OfferKind, run_eu};
use entente_forecast::montecarlo::{
    McOptions, McRun, McSummary, Uncertainty, runs_eu, runs_smp, summary as mc_summary,
};
use entente_forecast::read::{
    EuActor, KtabScenario, SpatialActor, read_eum_csv, read_ktab_csv, read_ktab_xml,
};
use entente_forecast::smp::{
    SmpOptions, SmpRun, apply_ktab_parameters, most_probable, outcomes_without, run_ktab, run_smp,
};
use entente_scenario::Scenario;
use entente_scenario::forecast::Forecast;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ApiDiagnostic;
use crate::negotiate::PeerFile;
use crate::shard::{Shard, Sweep};
use crate::{ApiError, ErrorKind, Session};

/// The most rounds of the expected-utility model a query may ask for.
pub const MAX_ROUNDS: usize = 10_000;
/// The most turns of the spatial model a query may ask for.
pub const MAX_TURNS: usize = 10_000;
/// The most Monte Carlo runs a query may ask for.
pub const MAX_RUNS: usize = 10_000_000;
/// The most final positions (runs × actors × dimensions) a Monte Carlo may keep in memory.
pub const MAX_MC_VALUES: usize = 200_000_000;

/// KTAB's model options, by KTAB's names (each overrides the file's own parameter).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KtabOptions {
    /// `VictoryProbModel`: Linear, Square, Quartic, Octic or Binary.
    #[serde(default)]
    pub victory_prob_model: Option<String>,
    /// `VotingRule`: Binary, PropBin, Prop, PropCbc, Cubic or ASymProsp.
    #[serde(default)]
    pub voting_rule: Option<String>,
    /// `PCEModel`: Conditional, MarkovIncentive or MarkovUniform.
    #[serde(default)]
    pub pce_model: Option<String>,
    /// `StateTransitions`: Deterministic or Stochastic.
    #[serde(default)]
    pub state_transitions: Option<String>,
    /// `BigRRange`: Min, Mid or Max.
    #[serde(default)]
    pub big_r_range: Option<String>,
    /// `BigRAdjust`: None, OneThird, Half, TwoThirds or Full.
    #[serde(default)]
    pub big_r_adjust: Option<String>,
    /// `ThirdPartyCommit`: NoCommit, SemiCommit or FullCommit.
    #[serde(default)]
    pub third_party_commit: Option<String>,
    /// `InterVecBrgn`: S1P1, S2P2 or S2PMax.
    #[serde(default)]
    pub inter_vec_brgn: Option<String>,
    /// `BargnModel`: InitOnlyInterp, InitRcvrInterp or PWCompInterp.
    #[serde(default)]
    pub bargn_model: Option<String>,
}

impl KtabOptions {
    fn pairs(&self) -> Vec<(&'static str, &Option<String>)> {
        vec![
            ("VictoryProbModel", &self.victory_prob_model),
            ("VotingRule", &self.voting_rule),
            ("PCEModel", &self.pce_model),
            ("StateTransitions", &self.state_transitions),
            ("BigRRange", &self.big_r_range),
            ("BigRAdjust", &self.big_r_adjust),
            ("ThirdPartyCommit", &self.third_party_commit),
            ("InterVecBrgn", &self.inter_vec_brgn),
            ("BargnModel", &self.bargn_model),
        ]
    }
}

/// What is asked.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Which `[forecast.ID]` case of the scenario (default: the first), when no peer file is given.
    #[serde(default)]
    pub case: Option<String>,
    /// A KTAB scenario, CSV or XML (told apart by the name's extension or a leading `<`): run
    /// the spatial model with its model parameters and ideal adjustment.
    #[serde(default)]
    pub ktab: Option<PeerFile>,
    /// An expected-utility CSV (Actor,Capability,Position,Salience): run the expected-utility model.
    #[serde(default)]
    pub eum: Option<PeerFile>,
    /// Rounds of the expected-utility model (at most [`MAX_ROUNDS`]).
    #[serde(default = "default_rounds")]
    pub rounds: usize,
    /// Variant of the expected-utility model.
    #[serde(default)]
    pub variant: EuVariant,
    /// The spatial model's options, by KTAB's names.
    #[serde(default)]
    pub options: KtabOptions,
    /// Largest number of turns of the spatial model (at most [`MAX_TURNS`]).
    #[serde(default = "default_max_turns")]
    pub max_turns: usize,
    /// Seed (Monte Carlo draws; stochastic state transitions).
    #[serde(default)]
    pub seed: u64,
    /// Monte Carlo runs over uncertain inputs (0: none; at most [`MAX_RUNS`]).
    #[serde(default)]
    pub runs: usize,
    /// Standard deviation of positions in the Monte Carlo (input units).
    #[serde(default)]
    pub position_sd: f64,
    /// Standard deviation of saliences in the Monte Carlo (input units).
    #[serde(default)]
    pub salience_sd: f64,
    /// Relative standard deviation of capabilities in the Monte Carlo.
    #[serde(default)]
    pub capability_cv: f64,
    /// A band `[lo, hi]`: the probability that each actor ends within it (Monte Carlo).
    #[serde(default)]
    pub band: Option<(f64, f64)>,
    /// A time budget for the Monte Carlo, in seconds: runs stop when it is spent and the answer
    /// says it is partial.
    #[serde(default)]
    pub max_seconds: Option<f64>,
    /// Also answer, for every actor, the outcome when that actor stays out and how far it moves
    /// (the most probable final position of the spatial model, the weighted median of the
    /// expected-utility model).
    #[serde(default)]
    pub spoilers: bool,
    /// Run only shard K/N of the Monte Carlo's runs (see `shard`): its result is a shard file to
    /// merge, not an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

fn default_rounds() -> usize {
    10
}

fn default_max_turns() -> usize {
    100
}

impl Default for Query {
    fn default() -> Self {
        Query {
            case: None,
            ktab: None,
            eum: None,
            rounds: default_rounds(),
            variant: EuVariant::Paper,
            options: KtabOptions::default(),
            max_turns: default_max_turns(),
            seed: 0,
            runs: 0,
            position_sd: 0.0,
            salience_sd: 0.0,
            capability_cv: 0.0,
            band: None,
            max_seconds: None,
            spoilers: false,
            shard: None,
        }
    }
}

impl Query {
    /// Whether the actors come from a peer file rather than from a scenario.
    pub fn uses_peer_files(&self) -> bool {
        self.ktab.is_some() || self.eum.is_some()
    }
}

/// The options the model ran with.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Options {
    /// The spatial model's, with KTAB's names.
    Spatial(SmpOptions),
    /// The expected-utility model's.
    ExpectedUtility(EuOptions),
}

/// One exchange an actor accepted in a round of the expected-utility model.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Move {
    /// What kind of exchange.
    pub kind: OfferKind,
    /// With whom.
    pub with: String,
    /// The actor's expected utility of challenging the other.
    pub eu_ij: f64,
    /// The other's expected utility of challenging the actor.
    pub eu_ji: f64,
    /// The position the actor moved to.
    pub position: f64,
}

/// One state of a run.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Turn {
    /// 0 is the input.
    pub turn: usize,
    /// Every actor's position (one number per dimension), by actor.
    pub positions: BTreeMap<String, Vec<f64>>,
    /// Expected-utility model: the capability×salience-weighted mean position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Expected-utility model: the weighted median position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// Spatial model: the probability that each actor's position wins, by actor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub win_probability: Option<BTreeMap<String, f64>>,
    /// Spatial model: whom each actor challenged from this state (null: nobody).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenges: Option<BTreeMap<String, Option<String>>>,
    /// Expected-utility model: the exchange each actor accepted in this round (null: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moves: Option<BTreeMap<String, Option<Move>>>,
}

/// The final state.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Final {
    /// Its turn.
    pub turn: usize,
    /// Every actor's position, by actor.
    pub positions: BTreeMap<String, Vec<f64>>,
    /// Expected-utility model: the weighted mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Expected-utility model: the weighted median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// Spatial model: each actor's win probability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub win_probability: Option<BTreeMap<String, f64>>,
    /// Spatial model: the position with the highest win probability (the first actor's on ties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub most_probable: Option<Vec<f64>>,
}

/// How far the outcome moves without one actor.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Spoiler {
    /// The actor left out.
    pub actor: String,
    /// Euclidean distance (0–100 scale, all dimensions) between the most probable final
    /// outcome with and without it; for the expected-utility model, how far the weighted median
    /// moves (input units). Null when fewer than two actors would remain.
    pub shift: Option<f64>,
    /// The outcome without it, one number per dimension: the most probable final position
    /// (spatial model) or the final weighted median (expected-utility model). Null when fewer
    /// than two actors would remain.
    pub outcome: Option<Vec<f64>>,
    /// How far the outcome moves on each dimension without it: the outcome without it minus
    /// the outcome with everyone (signed). Null when fewer than two actors would remain.
    pub by_dimension: Option<Vec<f64>>,
    /// Expected-utility model: the final weighted mean without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
}

/// The Monte Carlo, with whether it ran to the end.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MonteCarlo {
    /// The summary over the runs made.
    #[serde(flatten)]
    pub summary: McSummary,
    /// Runs asked for.
    pub runs_asked: usize,
    /// True when the time budget stopped it before every run asked for was made.
    pub partial: bool,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// `spatial` or `expected-utility`.
    pub model: String,
    /// The options the model ran with.
    pub options: Options,
    /// The dimensions' ids.
    pub dimensions: Vec<String>,
    /// The actors' names (made unique with `#2`, `#3`… when a file repeats one).
    pub actors: Vec<String>,
    /// Every state, the input first.
    pub turns: Vec<Turn>,
    /// The final state.
    #[serde(rename = "final")]
    pub final_: Final,
    /// The Monte Carlo over uncertain inputs (when runs were asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monte_carlo: Option<MonteCarlo>,
    /// How far the outcome moves without each actor (when asked), largest shift first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spoilers: Option<Vec<Spoiler>>,
    /// The scenario's case that was run, with its dimensions' and actors' sources (scenario
    /// cases only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<Forecast>,
}

impl Answer {
    /// Actor `i`'s position at turn `t` (one number per dimension).
    pub fn position(&self, t: usize, i: usize) -> &[f64] {
        self.turns
            .get(t)
            .and_then(|turn| turn.positions.get(&self.actors[i]))
            .map_or(&[], Vec::as_slice)
    }

    /// Actor `i`'s win probability at turn `t` (spatial model).
    pub fn win(&self, t: usize, i: usize) -> Option<f64> {
        self.turns
            .get(t)?
            .win_probability
            .as_ref()?
            .get(&self.actors[i])
            .copied()
    }
}

/// Answer the question on a session's scenario (or on the peer file the query carries).
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    answer_on(Some(session.scenario()), query, &|| {})
}

fn forecast_error(
    e: &entente_forecast::Error,
    kind: ErrorKind,
    code: &str,
    prefix: &str,
) -> ApiError {
    let mut err = ApiError::new(kind, code, format!("{prefix}{e}"));
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

fn unique_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let mut candidate = n.clone();
        let mut k = 2;
        while out.contains(&candidate) {
            candidate = format!("{n}#{k}");
            k += 1;
        }
        out.push(candidate);
    }
    out
}

fn named<T: Clone>(names: &[String], values: &[T]) -> BTreeMap<String, T> {
    names.iter().cloned().zip(values.iter().cloned()).collect()
}

/// The actors of a scenario's forecasting case, as the spatial model takes them.
pub fn spatial_actors(case: &Forecast) -> Vec<SpatialActor> {
    case.actors
        .iter()
        .map(|a| SpatialActor {
            name: a.actor.clone(),
            description: a.source.clone().unwrap_or_default(),
            capability: a.capability,
            position: a.position.clone(),
            salience: a.salience.clone(),
        })
        .collect()
}

fn check_query(q: &Query) -> Result<(), ApiError> {
    let too = |what: &str, n: usize, max: usize| {
        ApiError::usage(
            "too-large",
            format!("{n} {what} asked; at most {max} can be"),
        )
        .with_hint(format!("ask for fewer {what}"))
    };
    if q.rounds > MAX_ROUNDS {
        return Err(too("rounds", q.rounds, MAX_ROUNDS));
    }
    if q.max_turns > MAX_TURNS {
        return Err(too("turns", q.max_turns, MAX_TURNS));
    }
    if q.runs > MAX_RUNS {
        return Err(too("runs", q.runs, MAX_RUNS));
    }
    if let Some((lo, hi)) = q.band
        && (lo.is_nan() || hi.is_nan() || lo > hi)
    {
        return Err(ApiError::usage(
            "bad-band",
            format!("band {lo}:{hi}: LO must not exceed HI"),
        ));
    }
    if let Some(s) = q.max_seconds
        && !(s > 0.0 && s.is_finite())
    {
        return Err(ApiError::usage(
            "bad-budget",
            format!("a time budget of {s} seconds: give a positive number"),
        ));
    }
    Ok(())
}

/// The spatial model's options: KTAB's defaults, then the file's own parameters (KTAB XML),
/// then the query's. A bad name in the query is a usage error; in the file, an input error.
fn smp_options(
    q: &Query,
    file_parameters: &[(String, String)],
    file: &str,
) -> Result<SmpOptions, ApiError> {
    let mut o = SmpOptions {
        max_turns: q.max_turns.max(1),
        seed: q.seed,
        ..SmpOptions::default()
    };
    for (key, value) in q.options.pairs() {
        if let Some(v) = value {
            apply_ktab_parameters(&mut o, &[(key.to_string(), v.clone())])
                .map_err(|e| forecast_error(&e, ErrorKind::Usage, "bad-option", ""))?;
        }
    }
    apply_ktab_parameters(&mut o, file_parameters)
        .map_err(|e| forecast_error(&e, ErrorKind::Input, "bad-option", &format!("{file}: ")))?;
    for (key, value) in q.options.pairs() {
        if let Some(v) = value {
            apply_ktab_parameters(&mut o, &[(key.to_string(), v.clone())])
                .map_err(|e| forecast_error(&e, ErrorKind::Usage, "bad-option", ""))?;
        }
    }
    Ok(o)
}

/// What a Monte Carlo perturbs and runs, prepared from the query.
enum Model {
    Spatial {
        actors: Vec<SpatialActor>,
        adjustment: Vec<(usize, usize, f64)>,
        opts: SmpOptions,
    },
    ExpectedUtility {
        actors: Vec<EuActor>,
        opts: EuOptions,
    },
}

impl Model {
    fn runs(
        &self,
        q: &Query,
        range: std::ops::Range<usize>,
        progress: &(dyn Fn() + Sync),
    ) -> entente_forecast::Result<Vec<McRun>> {
        let u = uncertainty(q);
        match self {
            Model::Spatial {
                actors,
                adjustment,
                opts,
            } => runs_smp(actors, adjustment, opts, &u, q.seed, range, progress),
            Model::ExpectedUtility { actors, opts } => {
                runs_eu(actors, opts, &u, q.seed, range, progress)
            }
        }
    }

    fn summary(&self, q: &Query, runs: &[McRun]) -> McSummary {
        let mc = McOptions {
            runs: runs.len(),
            seed: q.seed,
            band: q.band,
        };
        match self {
            Model::Spatial { actors, .. } => mc_summary(
                actors.iter().map(|a| a.name.clone()).collect(),
                actors.first().map_or(0, |a| a.position.len()),
                &mc,
                runs,
            ),
            Model::ExpectedUtility { actors, .. } => mc_summary(
                actors.iter().map(|a| a.name.clone()).collect(),
                1,
                &mc,
                runs,
            ),
        }
    }

    /// Final values a run keeps.
    fn values_per_run(&self) -> usize {
        match self {
            Model::Spatial { actors, .. } => {
                actors.len() * actors.first().map_or(0, |a| a.position.len()).max(1)
            }
            Model::ExpectedUtility { actors, .. } => actors.len() + 2,
        }
    }
}

fn uncertainty(q: &Query) -> Uncertainty {
    Uncertainty {
        position_sd: q.position_sd,
        salience_sd: q.salience_sd,
        capability_cv: q.capability_cv,
    }
}

/// Where a Monte Carlo's runs come from: made here (with a progress callback), or made
/// elsewhere in shards and given in run order.
enum Runs<'a> {
    Make(&'a (dyn Fn() + Sync)),
    Given(Vec<McRun>),
}

fn too_many_values(q: &Query, values_per_run: usize) -> Result<(), ApiError> {
    if q.runs.saturating_mul(values_per_run) > MAX_MC_VALUES {
        return Err(ApiError::usage(
            "too-large",
            format!(
                "{} runs of {values_per_run} final positions each are more than the {MAX_MC_VALUES} \
                 a Monte Carlo keeps",
                q.runs
            ),
        )
        .with_hint("ask for fewer runs"));
    }
    Ok(())
}

/// Run a Monte Carlo, under the query's time budget when it has one: then fewer runs than
/// asked may be made, and the answer says how many (it equals the answer to a query asking
/// for that many runs, so it can be reproduced).
fn monte_carlo(
    q: &Query,
    runs: Runs<'_>,
    model: &Model,
    prefix: &str,
) -> Result<Option<MonteCarlo>, ApiError> {
    if q.runs == 0 {
        return Ok(None);
    }
    too_many_values(q, model.values_per_run())?;
    let mc_err =
        |e: entente_forecast::Error| forecast_error(&e, ErrorKind::Usage, "monte-carlo", prefix);
    let progress = match runs {
        Runs::Given(given) => {
            return Ok(Some(MonteCarlo {
                summary: model.summary(q, &given),
                runs_asked: q.runs,
                partial: false,
            }));
        }
        Runs::Make(progress) => progress,
    };
    let Some(budget) = q.max_seconds else {
        let made = model.runs(q, 0..q.runs, progress).map_err(mc_err)?;
        return Ok(Some(MonteCarlo {
            summary: model.summary(q, &made),
            runs_asked: q.runs,
            partial: false,
        }));
    };
    // With a budget: the runs 0..n are made for growing n (run r always draws from stream r,
    // so a larger n only adds runs), each n as large as the time left allows at the pace seen
    // so far, until every run asked for is made or no larger n fits. The answer is that of the
    // last n: the same as asking for n runs without a budget.
    let start = Instant::now();
    let budget = Duration::from_secs_f64(budget);
    let mut done = 0usize;
    let mut n = 64usize.min(q.runs);
    let summary = loop {
        let t0 = Instant::now();
        let made = model.runs(q, 0..n, &|| {}).map_err(mc_err)?;
        let s = model.summary(q, &made);
        for _ in done..n {
            progress();
        }
        done = n;
        if done >= q.runs {
            break s;
        }
        let per_run = t0.elapsed().as_secs_f64() / n as f64;
        let left = budget.saturating_sub(start.elapsed()).as_secs_f64();
        let fits = if per_run > 0.0 {
            (left / per_run).floor().min(usize::MAX as f64) as usize
        } else {
            usize::MAX
        };
        let next = q.runs.min(n.saturating_mul(2)).min(fits);
        if next <= n {
            break s;
        }
        n = next;
    };
    Ok(Some(MonteCarlo {
        summary,
        runs_asked: q.runs,
        partial: done < q.runs,
    }))
}

fn spatial_answer(
    names: Vec<String>,
    dimensions: Vec<String>,
    run: &SmpRun,
    opts: SmpOptions,
) -> Answer {
    let actors = unique_names(names);
    let turns: Vec<Turn> = run
        .turns
        .iter()
        .enumerate()
        .map(|(t, s)| Turn {
            turn: t,
            positions: named(&actors, &s.positions),
            mean: None,
            median: None,
            win_probability: Some(named(&actors, &s.win_probability)),
            challenges: (!s.targets.is_empty()).then(|| {
                actors
                    .iter()
                    .cloned()
                    .zip(s.targets.iter().map(|tg| tg.map(|j| actors[j].clone())))
                    .collect()
            }),
            moves: None,
        })
        .collect();
    let last = run.turns.len().saturating_sub(1);
    let final_ = Final {
        turn: last,
        positions: turns
            .last()
            .map(|t| t.positions.clone())
            .unwrap_or_default(),
        mean: None,
        median: None,
        win_probability: turns.last().and_then(|t| t.win_probability.clone()),
        most_probable: run.turns.last().map(most_probable),
    };
    Answer {
        model: "spatial".into(),
        options: Options::Spatial(opts),
        dimensions,
        actors,
        turns,
        final_,
        monte_carlo: None,
        spoilers: None,
        case: None,
    }
}

/// The spoilers from the outcome with everyone (`base`) and the outcome without each actor
/// (`(outcome, mean)` per actor, in the answer's actor order): largest shift first.
fn spoilers_from(
    a: &Answer,
    base: &[f64],
    without: Vec<Option<(Vec<f64>, Option<f64>)>>,
) -> Vec<Spoiler> {
    let mut out: Vec<Spoiler> = a
        .actors
        .iter()
        .zip(without)
        .map(|(n, w)| {
            let by_dimension: Option<Vec<f64>> = w
                .as_ref()
                .map(|(o, _)| o.iter().zip(base).map(|(x, b)| x - b).collect());
            Spoiler {
                actor: n.clone(),
                shift: by_dimension
                    .as_ref()
                    .map(|d| d.iter().map(|x| x * x).sum::<f64>().sqrt()),
                mean: w.as_ref().and_then(|(_, m)| *m),
                outcome: w.map(|(o, _)| o),
                by_dimension,
            }
        })
        .collect();
    // Largest shift first; actors without a shift last; ties keep the actors' order.
    out.sort_by(|x, y| match (x.shift, y.shift) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    out
}

/// Spatial model: the outcome with everyone is the answer's most probable final position.
fn spoilers_of(
    a: &Answer,
    actors: &[SpatialActor],
    accommodation: &[(usize, usize, f64)],
    opts: &SmpOptions,
    prefix: &str,
) -> Result<Vec<Spoiler>, ApiError> {
    let without = outcomes_without(actors, accommodation, opts)
        .map_err(|e| forecast_error(&e, ErrorKind::Input, "spoilers", prefix))?;
    let base = a.final_.most_probable.clone().unwrap_or_default();
    let without = without.into_iter().map(|o| o.map(|o| (o, None))).collect();
    Ok(spoilers_from(a, &base, without))
}

/// Expected-utility model: the outcome is the final weighted median.
fn eu_spoilers_of(
    a: &Answer,
    actors: &[EuActor],
    opts: &EuOptions,
    prefix: &str,
) -> Result<Vec<Spoiler>, ApiError> {
    let without = eu_outcomes_without(actors, opts)
        .map_err(|e| forecast_error(&e, ErrorKind::Input, "spoilers", prefix))?;
    let base = a.final_.median.map(|m| vec![m]).unwrap_or_default();
    let without = without
        .into_iter()
        .map(|o| o.map(|(mean, median)| (vec![median], Some(mean))))
        .collect();
    Ok(spoilers_from(a, &base, without))
}

/// Run the spatial model on a scenario's forecasting case with the given options (no Monte
/// Carlo, no spoilers).
pub fn case_answer(case: &Forecast, opts: &SmpOptions) -> Result<Answer, ApiError> {
    let prefix = format!("forecast `{}`: ", case.id);
    let actors = spatial_actors(case);
    let run = run_smp(&actors, opts)
        .map_err(|e| forecast_error(&e, ErrorKind::Input, "model", &prefix))?;
    let mut a = spatial_answer(
        actors.iter().map(|a| a.name.clone()).collect(),
        case.dimensions.iter().map(|d| d.id.clone()).collect(),
        &run,
        *opts,
    );
    a.case = Some(case.clone());
    Ok(a)
}

/// The input the query names, read and prepared.
enum Input<'a> {
    Ktab(KtabScenario, SmpOptions),
    Eu(Vec<EuActor>, EuOptions),
    Case(&'a Forecast, SmpOptions),
}

impl Input<'_> {
    fn prefix(&self, q: &Query) -> String {
        match self {
            Input::Ktab(..) => format!("{}: ", q.ktab.as_ref().map_or("", |f| f.name.as_str())),
            Input::Eu(..) => format!("{}: ", q.eum.as_ref().map_or("", |f| f.name.as_str())),
            Input::Case(case, _) => format!("forecast `{}`: ", case.id),
        }
    }

    fn model(&self) -> Model {
        match self {
            Input::Ktab(sc, opts) => Model::Spatial {
                actors: sc.actors.clone(),
                adjustment: sc.ideal_adjustment.clone(),
                opts: *opts,
            },
            Input::Eu(actors, opts) => Model::ExpectedUtility {
                actors: actors.clone(),
                opts: *opts,
            },
            Input::Case(case, opts) => Model::Spatial {
                actors: spatial_actors(case),
                adjustment: Vec::new(),
                opts: *opts,
            },
        }
    }
}

fn input<'a>(scenario: Option<&'a Scenario>, q: &Query) -> Result<Input<'a>, ApiError> {
    check_query(q)?;
    if let Some(file) = &q.ktab {
        let name = &file.name;
        let is_xml = std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
            || file
                .text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<');
        let read = if is_xml {
            read_ktab_xml(&file.text, name)
        } else {
            read_ktab_csv(&file.text, name)
        };
        let scenario =
            read.map_err(|e| forecast_error(&e, ErrorKind::Input, "bad-ktab-file", ""))?;
        let opts = smp_options(q, &scenario.parameters, name)?;
        return Ok(Input::Ktab(scenario, opts));
    }
    if let Some(file) = &q.eum {
        let actors = read_eum_csv(&file.text, &file.name)
            .map_err(|e| forecast_error(&e, ErrorKind::Input, "bad-eum-file", ""))?;
        let opts = EuOptions {
            rounds: q.rounds,
            variant: q.variant,
            q: 1.0,
        };
        return Ok(Input::Eu(actors, opts));
    }
    let cases: &[Forecast] = scenario.map_or(&[], |s| s.forecasts.as_slice());
    let case = match &q.case {
        None => cases.first().ok_or_else(|| {
            ApiError::usage(
                "no-forecast-case",
                "the scenario has no [forecast.ID] case; give one, or a peer file: --ktab \
                 FILE.csv (spatial model) or --eum FILE.csv (expected-utility model)",
            )
        })?,
        Some(id) => cases.iter().find(|f| &f.id == id).ok_or_else(|| {
            ApiError::usage(
                "unknown-forecast-case",
                format!(
                    "no forecast case `{id}`; the scenario has: {}",
                    cases
                        .iter()
                        .map(|f| f.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?,
    };
    let opts = smp_options(q, &[], "")?;
    Ok(Input::Case(case, opts))
}

/// Answer with or without a scenario (peer files need none); `progress` is called once per
/// finished Monte Carlo run.
pub fn answer_on(
    scenario: Option<&Scenario>,
    q: &Query,
    progress: &(dyn Fn() + Sync),
) -> Result<Answer, ApiError> {
    if let Some(shard) = q.shard {
        return Err(ApiError::usage(
            "shard-not-an-answer",
            format!(
                "shard {shard} holds some of the Monte Carlo's runs, not an answer: run it as a \
                 shard (`entente forecast --shard {shard}` writes JSON lines) and merge the shards \
                 with `entente merge`"
            ),
        ));
    }
    answer_runs(scenario, q, Runs::Make(progress))
}

fn answer_runs(scenario: Option<&Scenario>, q: &Query, runs: Runs<'_>) -> Result<Answer, ApiError> {
    let input = input(scenario, q)?;
    let prefix = input.prefix(q);
    let model = input.model();
    match &input {
        Input::Ktab(scenario, opts) => {
            let run = run_ktab(scenario, opts)
                .map_err(|e| forecast_error(&e, ErrorKind::Input, "model", &prefix))?;
            let mut a = spatial_answer(
                scenario.actors.iter().map(|a| a.name.clone()).collect(),
                scenario.dimensions.clone(),
                &run,
                *opts,
            );
            a.monte_carlo = monte_carlo(q, runs, &model, &prefix)?;
            if q.spoilers {
                a.spoilers = Some(spoilers_of(
                    &a,
                    &scenario.actors,
                    &scenario.ideal_adjustment,
                    opts,
                    &prefix,
                )?);
            }
            Ok(a)
        }
        Input::Eu(actors, opts) => {
            let run = run_eu(actors, opts)
                .map_err(|e| forecast_error(&e, ErrorKind::Input, "model", &prefix))?;
            let names = unique_names(actors.iter().map(|a| a.name.clone()));
            let turns: Vec<Turn> = run
                .turns
                .iter()
                .enumerate()
                .map(|(t, s)| Turn {
                    turn: t,
                    positions: names
                        .iter()
                        .cloned()
                        .zip(s.positions.iter().map(|&p| vec![p]))
                        .collect(),
                    mean: Some(s.mean),
                    median: Some(s.median),
                    win_probability: None,
                    challenges: None,
                    moves: (!s.moves.is_empty()).then(|| {
                        names
                            .iter()
                            .cloned()
                            .zip(s.moves.iter().map(|mv| {
                                mv.as_ref().map(|mv| Move {
                                    kind: mv.kind,
                                    with: names[mv.with].clone(),
                                    eu_ij: mv.eu_ij,
                                    eu_ji: mv.eu_ji,
                                    position: mv.position,
                                })
                            }))
                            .collect()
                    }),
                })
                .collect();
            let last = turns.len().saturating_sub(1);
            let final_ = Final {
                turn: last,
                positions: turns
                    .last()
                    .map(|t| t.positions.clone())
                    .unwrap_or_default(),
                mean: turns.last().and_then(|t| t.mean),
                median: turns.last().and_then(|t| t.median),
                win_probability: None,
                most_probable: None,
            };
            let monte_carlo = monte_carlo(q, runs, &model, &prefix)?;
            let mut a = Answer {
                model: "expected-utility".into(),
                options: Options::ExpectedUtility(*opts),
                dimensions: vec!["position".into()],
                actors: names,
                turns,
                final_,
                monte_carlo,
                spoilers: None,
                case: None,
            };
            if q.spoilers {
                a.spoilers = Some(eu_spoilers_of(&a, actors, opts, &prefix)?);
            }
            Ok(a)
        }
        Input::Case(case, opts) => {
            let mut a = case_answer(case, opts)?;
            let actors = spatial_actors(case);
            a.monte_carlo = monte_carlo(q, runs, &model, &prefix)?;
            if q.spoilers {
                a.spoilers = Some(spoilers_of(&a, &actors, &[], opts, &prefix)?);
            }
            Ok(a)
        }
    }
}

/// A forecast's Monte Carlo as a sweep: unit `i` is run `i` (its final positions).
pub struct ForecastSweep {
    query: Query,
    model: Model,
    prefix: String,
}

impl std::fmt::Debug for ForecastSweep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForecastSweep")
            .field("runs", &self.query.runs)
            .finish_non_exhaustive()
    }
}

impl Sweep for ForecastSweep {
    type Unit = McRun;
    fn units(&self) -> usize {
        self.query.runs
    }
    fn run(&self, range: std::ops::Range<usize>) -> Result<Vec<McRun>, ApiError> {
        self.model
            .runs(&self.query, range, &|| {})
            .map_err(|e| forecast_error(&e, ErrorKind::Usage, "monte-carlo", &self.prefix))
    }
}

/// The query's Monte Carlo as a sweep, to be run in shards (see [`crate::shard`]). The query
/// must ask for runs and set no time budget.
pub fn sweep(session: &Session, q: &Query) -> Result<ForecastSweep, ApiError> {
    let mut q = q.clone();
    q.shard = None;
    if q.runs == 0 {
        return Err(ApiError::usage(
            "no-runs",
            "a shard splits the Monte Carlo's runs, and none are asked for",
        )
        .with_hint("give --runs N"));
    }
    if q.max_seconds.is_some() {
        return Err(ApiError::usage(
            "shard-with-budget",
            "a time budget stops runs wherever the time runs out, so shards of it cannot be merged \
             exactly",
        )
        .with_hint("leave out --max-seconds when sharding"));
    }
    let input = input(Some(session.scenario()), &q)?;
    let prefix = input.prefix(&q);
    let model = input.model();
    too_many_values(&q, model.values_per_run())?;
    Ok(ForecastSweep {
        query: q,
        model,
        prefix,
    })
}

/// The answer from the Monte Carlo's runs made in shards, given in run order: the same as
/// [`answer`] with every run made here.
pub fn merged(session: &Session, q: &Query, runs: Vec<McRun>) -> Result<Answer, ApiError> {
    let mut q = q.clone();
    q.shard = None;
    if runs.len() != q.runs || runs.is_empty() {
        return Err(ApiError::input(
            "bad-shard-file",
            format!("{} runs were given for a query of {}", runs.len(), q.runs),
        ));
    }
    answer_runs(Some(session.scenario()), &q, Runs::Given(runs))
}
