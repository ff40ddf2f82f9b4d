//! `entente forecast`: how positions move. Runs KTAB's spatial model of politics on a KTAB CSV
//! (`--ktab`) or the expected-utility model on the replications' CSV (`--eum`), turn by turn,
//! optionally with a Monte Carlo over uncertain inputs (`--runs`), and prints trajectories, final
//! positions, win probabilities and forecast intervals as a table, JSON or CSV, with an optional
//! SVG chart of the trajectories. Reads the files and formats the engine's answers.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use entente_forecast::eum::{EuOptions, EuVariant, run_eu};
use entente_forecast::montecarlo::{
    McOptions, McSummary, Uncertainty, monte_carlo_eu, monte_carlo_smp,
};
use entente_forecast::read::{SpatialActor, read_eum_csv, read_ktab_csv, read_ktab_xml};
use entente_forecast::smp::{SmpOptions, apply_ktab_parameters, run_ktab, run_smp};
use entente_scenario::Scenario;
use entente_scenario::forecast::Forecast;
use serde_json::{Map, Value, json};

use crate::output::{Format, exit, print_json};

/// Which variant of the expected-utility model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VariantArg {
    /// As Scholz, Calbert & Smith (2011) specify it (capitulation can happen; smallest move).
    Paper,
    /// As the open Python replications behave (capitulation never fires).
    ScholzReplication,
}

/// Arguments of `entente forecast`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente forecast                       # the bundled scenario's settlement dimensions, spatial model
  entente forecast --format json --svg settlement.svg
  entente forecast --ktab ../shared/data/forecast-cases/ktab/dummyData_3Dim.csv
  entente forecast --ktab SOE-Pol-Comp.csv --format json --svg soe.svg
  entente forecast --ktab SOE-Pol-Comp.csv --voting-rule Cubic --pce-model MarkovIncentive
  entente forecast --ktab scenario.xml       # KTAB's XML: its ModelParameters apply unless flags override
  entente forecast --eum ../shared/data/forecast-cases/eum/ExampleActors.csv --rounds 10
  entente forecast --eum ExampleActors.csv --rounds 10 --variant scholz-replication --format csv
  entente forecast --eum ExampleActors.csv --runs 10000 --seed 7 --position-sd 0.5 --band 6:8

Spatial-model options take KTAB's names: --victory-prob-model Linear|Square|Quartic|Octic|Binary,
--voting-rule Binary|PropBin|Prop|PropCbc|Cubic|ASymProsp, --pce-model Conditional|MarkovIncentive|
MarkovUniform, --state-transitions Deterministic|Stochastic, --big-r-range Min|Mid|Max,
--big-r-adjust None|OneThird|Half|TwoThirds|Full, --third-party-commit NoCommit|SemiCommit|FullCommit,
--inter-vec-brgn S1P1|S2P2|S2PMax, --bargn-model InitOnlyInterp|InitRcvrInterp|PWCompInterp.")]
pub struct Args {
    /// Scenario files or folders whose `[forecast.ID]` case to run when no peer file is given.
    /// Default: the bundled Europe scenario.
    #[command(flatten)]
    pub scenario: crate::scenario::ScenarioArgs,
    /// Which `[forecast.ID]` case of the scenario (default: the first).
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    /// A KTAB scenario, CSV or XML (with its model parameters and ideal adjustment): run the
    /// spatial model of politics.
    #[arg(long, value_name = "FILE", conflicts_with = "eum")]
    pub ktab: Option<PathBuf>,
    /// An expected-utility CSV (Actor,Capability,Position,Salience): run the expected-utility model.
    #[arg(long, value_name = "FILE")]
    pub eum: Option<PathBuf>,
    /// Rounds of the expected-utility model.
    #[arg(long, default_value_t = 10)]
    pub rounds: usize,
    /// Variant of the expected-utility model.
    #[arg(long, value_enum, default_value_t = VariantArg::Paper)]
    pub variant: VariantArg,
    /// KTAB's VictoryProbModel.
    #[arg(long, value_name = "NAME")]
    pub victory_prob_model: Option<String>,
    /// KTAB's VotingRule.
    #[arg(long, value_name = "NAME")]
    pub voting_rule: Option<String>,
    /// KTAB's PCEModel.
    #[arg(long, value_name = "NAME")]
    pub pce_model: Option<String>,
    /// KTAB's StateTransitions.
    #[arg(long, value_name = "NAME")]
    pub state_transitions: Option<String>,
    /// KTAB's BigRRange.
    #[arg(long, value_name = "NAME")]
    pub big_r_range: Option<String>,
    /// KTAB's BigRAdjust.
    #[arg(long, value_name = "NAME")]
    pub big_r_adjust: Option<String>,
    /// KTAB's ThirdPartyCommit.
    #[arg(long, value_name = "NAME")]
    pub third_party_commit: Option<String>,
    /// KTAB's InterVecBrgn.
    #[arg(long, value_name = "NAME")]
    pub inter_vec_brgn: Option<String>,
    /// KTAB's BargnModel.
    #[arg(long, value_name = "NAME")]
    pub bargn_model: Option<String>,
    /// Largest number of turns of the spatial model.
    #[arg(long, default_value_t = 100)]
    pub max_turns: usize,
    /// Seed (Monte Carlo draws; stochastic state transitions).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Monte Carlo runs over uncertain inputs (0: none).
    #[arg(long, default_value_t = 0)]
    pub runs: usize,
    /// Standard deviation of positions in the Monte Carlo (input units).
    #[arg(long, default_value_t = 0.0)]
    pub position_sd: f64,
    /// Standard deviation of saliences in the Monte Carlo (input units).
    #[arg(long, default_value_t = 0.0)]
    pub salience_sd: f64,
    /// Relative standard deviation of capabilities in the Monte Carlo.
    #[arg(long, default_value_t = 0.0)]
    pub capability_cv: f64,
    /// A band LO:HI: the probability that each actor ends within it (Monte Carlo).
    #[arg(long, value_name = "LO:HI")]
    pub band: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write an SVG chart of the trajectories to this file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

/// Whether an option error comes from the flags (usage) rather than from the file.
fn args_name_ktab_flags(a: &Args) -> bool {
    smp_options(a, &[]).is_err()
}

/// The spatial model's options: KTAB's defaults, then the file's own `ModelParameters` (KTAB
/// XML), then the flags given.
fn smp_options(a: &Args, file_parameters: &[(String, String)]) -> anyhow::Result<SmpOptions> {
    let mut o = SmpOptions {
        max_turns: a.max_turns.max(1),
        seed: a.seed,
        ..SmpOptions::default()
    };
    apply_ktab_parameters(&mut o, file_parameters).map_err(|e| anyhow::anyhow!("{e}"))?;
    let flags = [
        (
            "--victory-prob-model",
            "VictoryProbModel",
            &a.victory_prob_model,
        ),
        ("--voting-rule", "VotingRule", &a.voting_rule),
        ("--pce-model", "PCEModel", &a.pce_model),
        (
            "--state-transitions",
            "StateTransitions",
            &a.state_transitions,
        ),
        ("--big-r-range", "BigRRange", &a.big_r_range),
        ("--big-r-adjust", "BigRAdjust", &a.big_r_adjust),
        (
            "--third-party-commit",
            "ThirdPartyCommit",
            &a.third_party_commit,
        ),
        ("--inter-vec-brgn", "InterVecBrgn", &a.inter_vec_brgn),
        ("--bargn-model", "BargnModel", &a.bargn_model),
    ];
    for (flag, key, value) in flags {
        if let Some(v) = value {
            apply_ktab_parameters(&mut o, &[(key.to_string(), v.clone())])
                .map_err(|e| anyhow::anyhow!("{flag}: {e}"))?;
        }
    }
    Ok(o)
}

fn band(a: &Args) -> anyhow::Result<Option<(f64, f64)>> {
    let Some(b) = &a.band else { return Ok(None) };
    let (lo, hi) = b
        .split_once(':')
        .with_context(|| format!("--band {b:?}: write LO:HI, e.g. 6:8"))?;
    let lo: f64 = lo
        .trim()
        .parse()
        .with_context(|| format!("--band {b:?}: {lo:?} is not a number"))?;
    let hi: f64 = hi
        .trim()
        .parse()
        .with_context(|| format!("--band {b:?}: {hi:?} is not a number"))?;
    if lo.is_nan() || hi.is_nan() || lo > hi {
        bail!("--band {b:?}: LO must not exceed HI");
    }
    Ok(Some((lo, hi)))
}

/// Everything the formats need, model-independent.
pub(crate) struct Answer {
    pub(crate) model: &'static str,
    pub(crate) dimensions: Vec<String>,
    pub(crate) actors: Vec<String>,
    /// positions[turn][actor][dim]
    pub(crate) positions: Vec<Vec<Vec<f64>>>,
    /// expected-utility model: mean and median per turn
    mean_median: Option<Vec<(f64, f64)>>,
    /// spatial model: win probability per turn and actor
    pub(crate) win: Option<Vec<Vec<f64>>>,
    options: Value,
    monte_carlo: Option<McSummary>,
    range: (f64, f64),
    /// Per turn, why positions moved: (JSON field name, actor name → explanation).
    explain: Vec<Option<(&'static str, Value)>>,
}

/// Whom each actor challenged from each state of a spatial run (actor name → target or null).
fn smp_challenges(
    names: &[String],
    run: &entente_forecast::smp::SmpRun,
) -> Vec<Option<(&'static str, Value)>> {
    run.turns
        .iter()
        .map(|t| {
            if t.targets.is_empty() {
                return None;
            }
            let m: Map<String, Value> = names
                .iter()
                .zip(&t.targets)
                .map(|(n, tg)| (n.clone(), tg.map_or(Value::Null, |j| json!(names[j]))))
                .collect();
            Some(("challenges", Value::Object(m)))
        })
        .collect()
}

fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
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

fn progress_bar(runs: usize) -> indicatif::ProgressBar {
    if runs == 0 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::with_draw_target(
        Some(runs as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {eta} left")
    {
        pb.set_style(style);
    }
    pb
}

/// Run `entente forecast`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let uncertainty = Uncertainty {
        position_sd: args.position_sd,
        salience_sd: args.salience_sd,
        capability_cv: args.capability_cv,
    };
    let mc = McOptions {
        runs: args.runs,
        seed: args.seed,
        band: band(&args)?,
    };
    let answer = if let Some(path) = &args.ktab {
        let name = path.display().to_string();
        let content =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
        let is_xml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
            || content
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<');
        let read = if is_xml {
            read_ktab_xml(&content, &name)
        } else {
            read_ktab_csv(&content, &name)
        };
        let scenario = match read {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let opts = match smp_options(&args, &scenario.parameters) {
            Ok(o) => o,
            Err(e) if args_name_ktab_flags(&args) => return Err(e),
            Err(e) => {
                eprintln!("error: {name}: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let run = match run_ktab(&scenario, &opts) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let monte_carlo = if mc.runs > 0 {
            let pb = progress_bar(mc.runs);
            let tick = || pb.inc(1);
            let s = monte_carlo_smp(
                &scenario.actors,
                &scenario.ideal_adjustment,
                &opts,
                &uncertainty,
                &mc,
                &tick,
            );
            pb.finish_and_clear();
            Some(s.map_err(|e| anyhow::anyhow!("{name}: {e}"))?)
        } else {
            None
        };
        Answer {
            model: "spatial",
            dimensions: scenario.dimensions.clone(),
            actors: unique_names(scenario.actors.iter().map(|a| a.name.clone()).collect()),
            positions: run.turns.iter().map(|t| t.positions.clone()).collect(),
            mean_median: None,
            win: Some(
                run.turns
                    .iter()
                    .map(|t| t.win_probability.clone())
                    .collect(),
            ),
            options: serde_json::to_value(opts)?,
            monte_carlo,
            range: (0.0, 100.0),
            explain: smp_challenges(
                &unique_names(scenario.actors.iter().map(|a| a.name.clone()).collect()),
                &run,
            ),
        }
    } else if let Some(path) = &args.eum {
        let name = path.display().to_string();
        let content =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
        let actors = match read_eum_csv(&content, &name) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let opts = EuOptions {
            rounds: args.rounds,
            variant: match args.variant {
                VariantArg::Paper => EuVariant::Paper,
                VariantArg::ScholzReplication => EuVariant::ScholzReplication,
            },
            q: 1.0,
        };
        let run = match run_eu(&actors, &opts) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let monte_carlo = if mc.runs > 0 {
            let pb = progress_bar(mc.runs);
            let tick = || pb.inc(1);
            let s = monte_carlo_eu(&actors, &opts, &uncertainty, &mc, &tick);
            pb.finish_and_clear();
            Some(s.map_err(|e| anyhow::anyhow!("{name}: {e}"))?)
        } else {
            None
        };
        let lo = actors
            .iter()
            .map(|a| a.position)
            .fold(f64::INFINITY, f64::min);
        let hi = actors
            .iter()
            .map(|a| a.position)
            .fold(f64::NEG_INFINITY, f64::max);
        Answer {
            model: "expected-utility",
            dimensions: vec!["position".into()],
            actors: unique_names(actors.iter().map(|a| a.name.clone()).collect()),
            positions: run
                .turns
                .iter()
                .map(|t| t.positions.iter().map(|&p| vec![p]).collect())
                .collect(),
            mean_median: Some(run.turns.iter().map(|t| (t.mean, t.median)).collect()),
            win: None,
            options: json!({"rounds": opts.rounds, "variant": opts.variant, "q": opts.q}),
            monte_carlo,
            range: (lo, hi),
            explain: {
                let names = unique_names(actors.iter().map(|a| a.name.clone()).collect());
                run.turns
                    .iter()
                    .map(|t| {
                        if t.moves.is_empty() {
                            return None;
                        }
                        let m: Map<String, Value> = names
                            .iter()
                            .zip(&t.moves)
                            .map(|(n, mv)| {
                                let v = mv.as_ref().map_or(Value::Null, |mv| {
                                    json!({"kind": mv.kind, "with": names[mv.with], "eu_ij": mv.eu_ij,
                                           "eu_ji": mv.eu_ji, "position": mv.position})
                                });
                                (n.clone(), v)
                            })
                            .collect();
                        Some(("moves", Value::Object(m)))
                    })
                    .collect()
            },
        }
    } else {
        let scenario = match load_scenario(&args.scenario.scenario) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
        let Some(case) = pick_case(&scenario, args.case.as_deref())? else {
            bail!(
                "the scenario has no [forecast.ID] case; give one, or a peer file: --ktab FILE.csv (spatial model) or --eum FILE.csv (expected-utility model)"
            );
        };
        let opts = smp_options(&args, &[])?;
        let mut answer = match scenario_answer(case, &opts) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("error: forecast `{}`: {e}", case.id);
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        if mc.runs > 0 {
            let actors = spatial_actors(case);
            let pb = progress_bar(mc.runs);
            let tick = || pb.inc(1);
            let s = monte_carlo_smp(&actors, &[], &opts, &uncertainty, &mc, &tick);
            pb.finish_and_clear();
            answer.monte_carlo =
                Some(s.map_err(|e| anyhow::anyhow!("forecast `{}`: {e}", case.id))?);
        }
        answer
    };
    if let Some(svg_path) = &args.svg {
        std::fs::write(svg_path, svg(&answer))
            .with_context(|| format!("cannot write {}", svg_path.display()))?;
    }
    match args.format {
        Format::Json => print_json(&to_json(&answer))?,
        Format::Csv => print!("{}", to_csv(&answer)),
        Format::Table => print!("{}", to_table(&answer)),
    }
    Ok(ExitCode::from(exit::OK))
}

/// The scenario for `forecast` without a peer file: the paths given, or the bundled scenario.
fn load_scenario(paths: &[PathBuf]) -> Result<Scenario, ExitCode> {
    crate::scenario::load(paths)
}

fn pick_case<'a>(s: &'a Scenario, id: Option<&str>) -> anyhow::Result<Option<&'a Forecast>> {
    match id {
        None => Ok(s.forecasts.first()),
        Some(id) => s
            .forecasts
            .iter()
            .find(|f| f.id == id)
            .map(Some)
            .with_context(|| {
                format!(
                    "no forecast case `{id}`; the scenario has: {}",
                    s.forecasts
                        .iter()
                        .map(|f| f.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
    }
}

/// The actors of a scenario's forecasting case, as the spatial model takes them.
pub(crate) fn spatial_actors(case: &Forecast) -> Vec<SpatialActor> {
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

/// Run the spatial model on a scenario's forecasting case.
pub(crate) fn scenario_answer(
    case: &Forecast,
    opts: &SmpOptions,
) -> Result<Answer, entente_forecast::Error> {
    let actors = spatial_actors(case);
    let run = run_smp(&actors, opts)?;
    Ok(Answer {
        model: "spatial",
        dimensions: case.dimensions.iter().map(|d| d.id.clone()).collect(),
        actors: unique_names(actors.iter().map(|a| a.name.clone()).collect()),
        positions: run.turns.iter().map(|t| t.positions.clone()).collect(),
        mean_median: None,
        win: Some(
            run.turns
                .iter()
                .map(|t| t.win_probability.clone())
                .collect(),
        ),
        options: serde_json::to_value(opts).unwrap_or(Value::Null),
        monte_carlo: None,
        range: (0.0, 100.0),
        explain: smp_challenges(
            &unique_names(actors.iter().map(|a| a.name.clone()).collect()),
            &run,
        ),
    })
}

fn named<T: Clone + serde::Serialize>(names: &[String], values: &[T]) -> Value {
    let mut m = Map::new();
    for (n, v) in names.iter().zip(values) {
        m.insert(n.clone(), json!(v));
    }
    Value::Object(m)
}

fn to_json(a: &Answer) -> Value {
    let turns: Vec<Value> = a
        .positions
        .iter()
        .enumerate()
        .map(|(t, pos)| {
            let mut o = Map::new();
            o.insert("turn".into(), json!(t));
            o.insert("positions".into(), named(&a.actors, pos));
            if let Some(mm) = &a.mean_median {
                o.insert("mean".into(), json!(mm[t].0));
                o.insert("median".into(), json!(mm[t].1));
            }
            if let Some(w) = &a.win {
                o.insert("win_probability".into(), named(&a.actors, &w[t]));
            }
            if let Some(Some((key, v))) = a.explain.get(t) {
                o.insert((*key).into(), v.clone());
            }
            Value::Object(o)
        })
        .collect();
    let last = a.positions.len() - 1;
    let mut fin = Map::new();
    fin.insert("turn".into(), json!(last));
    fin.insert("positions".into(), named(&a.actors, &a.positions[last]));
    if let Some(mm) = &a.mean_median {
        fin.insert("mean".into(), json!(mm[last].0));
        fin.insert("median".into(), json!(mm[last].1));
    }
    if let Some(w) = &a.win {
        fin.insert("win_probability".into(), named(&a.actors, &w[last]));
        // the position with the highest win probability (first actor on ties)
        let mut best = 0;
        for (i, &p) in w[last].iter().enumerate() {
            if p > w[last][best] {
                best = i;
            }
        }
        fin.insert("most_probable".into(), json!(a.positions[last][best]));
    }
    let mut root = Map::new();
    root.insert("model".into(), json!(a.model));
    root.insert("options".into(), a.options.clone());
    root.insert("dimensions".into(), json!(a.dimensions));
    root.insert("actors".into(), json!(a.actors));
    root.insert("turns".into(), Value::Array(turns));
    root.insert("final".into(), Value::Object(fin));
    if let Some(mc) = &a.monte_carlo {
        root.insert("monte_carlo".into(), json!(mc));
    }
    Value::Object(root)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn to_csv(a: &Answer) -> String {
    let mut out = String::from("section,actor,dimension,turn,value,p05,p50,p95,within_band\n");
    for (t, pos) in a.positions.iter().enumerate() {
        for (i, p) in pos.iter().enumerate() {
            for (k, v) in p.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "trajectory,{},{},{t},{v},,,,",
                    csv_field(&a.actors[i]),
                    csv_field(&a.dimensions[k])
                );
            }
        }
        if let Some(mm) = &a.mean_median {
            let _ = writeln!(out, "forecast_mean,,,{t},{},,,,", mm[t].0);
            let _ = writeln!(out, "forecast_median,,,{t},{},,,,", mm[t].1);
        }
        if let Some(w) = &a.win {
            for (i, p) in w[t].iter().enumerate() {
                let _ = writeln!(
                    out,
                    "win_probability,{},,{t},{p},,,,",
                    csv_field(&a.actors[i])
                );
            }
        }
    }
    let last = a.positions.len() - 1;
    for (i, p) in a.positions[last].iter().enumerate() {
        for (k, v) in p.iter().enumerate() {
            let _ = writeln!(
                out,
                "final,{},{},{last},{v},,,,",
                csv_field(&a.actors[i]),
                csv_field(&a.dimensions[k])
            );
        }
    }
    if let Some(mc) = &a.monte_carlo {
        for (i, act) in mc.actors.iter().enumerate() {
            for (k, iv) in act.position.iter().enumerate() {
                let wb = act.within_band.map(|x| x.to_string()).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "interval,{},{},{last},{},{},{},{},{wb}",
                    csv_field(&a.actors[i]),
                    csv_field(&a.dimensions[k]),
                    iv.mean,
                    iv.p05,
                    iv.p50,
                    iv.p95
                );
            }
        }
        for (label, iv) in [
            ("forecast_mean_interval", &mc.forecast_mean),
            ("forecast_median_interval", &mc.forecast_median),
        ] {
            if let Some(iv) = iv {
                let _ = writeln!(
                    out,
                    "{label},,,{last},{},{},{},{},",
                    iv.mean, iv.p05, iv.p50, iv.p95
                );
            }
        }
    }
    out
}

fn to_table(a: &Answer) -> String {
    let mut out = String::new();
    let last = a.positions.len() - 1;
    let _ = writeln!(
        out,
        "{} model: {} actors, {} dimension(s), {} turns",
        a.model,
        a.actors.len(),
        a.dimensions.len(),
        last
    );
    let width = a.actors.iter().map(|s| s.len()).max().unwrap_or(5).max(5);
    let show: Vec<usize> = if last <= 12 {
        (0..=last).collect()
    } else {
        let mut v: Vec<usize> = (0..=10).collect();
        v.push(last);
        v
    };
    for (k, dim) in a.dimensions.iter().enumerate() {
        let _ = writeln!(
            out,
            "\nTrajectories on {dim} (turns {}):",
            if last <= 12 {
                "all".to_string()
            } else {
                format!("0-10 and {last}")
            }
        );
        let _ = write!(out, "{:<width$}", "actor");
        for t in &show {
            let _ = write!(out, " {:>7}", format!("t{t}"));
        }
        out.push('\n');
        for (i, name) in a.actors.iter().enumerate() {
            let _ = write!(out, "{name:<width$}");
            for &t in &show {
                let _ = write!(out, " {:>7.2}", a.positions[t][i][k]);
            }
            out.push('\n');
        }
    }
    if let Some(mm) = &a.mean_median {
        let _ = writeln!(
            out,
            "\nForecast after {last} rounds: weighted mean {:.3}, weighted median {:.3}",
            mm[last].0, mm[last].1
        );
    }
    if let Some(w) = &a.win {
        let _ = writeln!(out, "\nFinal win probabilities:");
        for (i, name) in a.actors.iter().enumerate() {
            let _ = writeln!(out, "  {name:<width$} {:.4}", w[last][i]);
        }
    }
    if let Some(mc) = &a.monte_carlo {
        let _ = writeln!(
            out,
            "\nMonte Carlo: {} runs, seed {} (final positions on {}: mean [5%, 50%, 95%])",
            mc.runs,
            mc.seed,
            a.dimensions.join(", ")
        );
        for act in &mc.actors {
            let _ = write!(out, "  {:<width$}", act.name);
            for iv in &act.position {
                let _ = write!(
                    out,
                    "  {:.2} [{:.2}, {:.2}, {:.2}]",
                    iv.mean, iv.p05, iv.p50, iv.p95
                );
            }
            if let (Some(p), Some((lo, hi))) = (act.within_band, mc.band) {
                let _ = write!(out, "  P(within {lo}..{hi}) = {p:.3}");
            }
            out.push('\n');
        }
        if let Some(iv) = &mc.forecast_mean {
            let _ = writeln!(
                out,
                "  forecast (mean)   {:.3} [{:.3}, {:.3}, {:.3}]",
                iv.mean, iv.p05, iv.p50, iv.p95
            );
        }
        if let Some(iv) = &mc.forecast_median {
            let _ = writeln!(
                out,
                "  forecast (median) {:.3} [{:.3}, {:.3}, {:.3}]",
                iv.mean, iv.p05, iv.p50, iv.p95
            );
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Actors beyond the palette's length get dashed lines, so that no two look alike.
fn dash_of(i: usize, colours: usize) -> &'static str {
    match (i / colours) % 3 {
        0 => "",
        1 => r#" stroke-dasharray="6 3""#,
        _ => r#" stroke-dasharray="2 2""#,
    }
}

/// A line chart of trajectories, one panel per dimension, written as SVG text.
pub(crate) fn svg(a: &Answer) -> String {
    const PALETTE: [&str; 10] = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf",
    ];
    let (pw, ph, left, top, legend) = (560.0, 220.0, 50.0, 30.0, 170.0);
    let nd = a.dimensions.len();
    let width = left + pw + 20.0 + legend;
    let height = top + nd as f64 * (ph + 50.0) + 10.0;
    let last = (a.positions.len() - 1).max(1) as f64;
    let (mut lo, mut hi) = a.range;
    for turn in &a.positions {
        for p in turn {
            for &v in p {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        s,
        r#"<title>{} model: trajectories</title><rect width="100%" height="100%" fill="white"/>"#,
        a.model
    );
    for (k, dim) in a.dimensions.iter().enumerate() {
        let y0 = top + k as f64 * (ph + 50.0);
        let _ = writeln!(
            s,
            r#"<text x="{left}" y="{}" font-weight="bold">{}</text>"#,
            y0 - 8.0,
            xml_escape(dim)
        );
        let _ = writeln!(
            s,
            r##"<rect x="{left}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>"##
        );
        for g in 0..=4 {
            let v = lo + (hi - lo) * g as f64 / 4.0;
            let y = y0 + ph - ph * g as f64 / 4.0;
            let _ = writeln!(
                s,
                r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end">{v:.1}</text>"##,
                left + pw,
                left - 4.0,
                y + 4.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">turn (0–{})</text>"#,
            left + pw / 2.0,
            y0 + ph + 16.0,
            a.positions.len() - 1
        );
        for (i, name) in a.actors.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let dash = dash_of(i, PALETTE.len());
            let pts: Vec<String> = a
                .positions
                .iter()
                .enumerate()
                .map(|(t, p)| {
                    let x = left + pw * t as f64 / last;
                    let y = y0 + ph - ph * (p[i][k] - lo) / (hi - lo);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline fill="none" stroke="{colour}" stroke-width="1.5"{dash} points="{}"><title>{}</title></polyline>"#,
                pts.join(" "),
                xml_escape(name)
            );
        }
    }
    for (i, name) in a.actors.iter().enumerate().take(40) {
        let colour = PALETTE[i % PALETTE.len()];
        let dash = dash_of(i, PALETTE.len());
        let y = top + 12.0 * i as f64;
        let x = left + pw + 20.0;
        let _ = writeln!(
            s,
            r#"<line x1="{x}" x2="{}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/><text x="{}" y="{}">{}</text>"#,
            x + 14.0,
            x + 18.0,
            y + 4.0,
            xml_escape(name)
        );
    }
    s.push_str("</svg>\n");
    s
}
