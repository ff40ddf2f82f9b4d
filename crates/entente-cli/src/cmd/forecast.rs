//! `entente forecast`: how positions move. Runs KTAB's spatial model of politics on a KTAB CSV
//! (`--ktab`) or the expected-utility model on the replications' CSV (`--eum`), turn by turn,
//! optionally with a Monte Carlo over uncertain inputs (`--runs`), and prints trajectories, final
//! positions, win probabilities and forecast intervals as a table, JSON or CSV, with an optional
//! SVG chart of the trajectories. Reads the file a flag names into the query; the answer comes
//! from `entente_api::forecast` and is only formatted here (with a progress bar on a terminal).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use entente_api::forecast::{KtabOptions, Query};
use entente_api::negotiate::PeerFile;
use entente_api::types::EuVariant;
use entente_report::trajectories::{Chart, svg};

use crate::output::{Format, exit, print_json};
use crate::table::table;

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
    /// Monte Carlo runs over uncertain inputs (0: none; at most 10000000).
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
    /// A time budget for the Monte Carlo, in seconds: it stops when the budget is spent and
    /// the answer is labelled partial.
    #[arg(long, value_name = "SECONDS")]
    pub max_seconds: Option<f64>,
    /// Also show the outcome without each actor and how far it moves, per dimension (the most
    /// probable outcome of the spatial model, the weighted median of the expected-utility model).
    #[arg(long)]
    pub spoilers: bool,
    /// Make only shard K of N of the Monte Carlo's runs and print them as JSON lines, for
    /// `entente merge` (run r draws from (seed, r), so a shard's runs do not depend on N).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
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
        anyhow::bail!("--band {b:?}: LO must not exceed HI");
    }
    Ok(Some((lo, hi)))
}

fn peer_file(p: &Path) -> anyhow::Result<PeerFile> {
    let name = p.display().to_string();
    let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {name}"))?;
    Ok(PeerFile { name, text })
}

/// The query the arguments ask; reading the file a flag names is the only work done here.
fn query(args: &Args) -> anyhow::Result<Query> {
    Ok(Query {
        case: args.case.clone(),
        ktab: args.ktab.as_deref().map(peer_file).transpose()?,
        eum: args.eum.as_deref().map(peer_file).transpose()?,
        rounds: args.rounds,
        variant: match args.variant {
            VariantArg::Paper => EuVariant::Paper,
            VariantArg::ScholzReplication => EuVariant::ScholzReplication,
        },
        options: KtabOptions {
            victory_prob_model: args.victory_prob_model.clone(),
            voting_rule: args.voting_rule.clone(),
            pce_model: args.pce_model.clone(),
            state_transitions: args.state_transitions.clone(),
            big_r_range: args.big_r_range.clone(),
            big_r_adjust: args.big_r_adjust.clone(),
            third_party_commit: args.third_party_commit.clone(),
            inter_vec_brgn: args.inter_vec_brgn.clone(),
            bargn_model: args.bargn_model.clone(),
        },
        max_turns: args.max_turns,
        seed: args.seed,
        runs: args.runs,
        position_sd: args.position_sd,
        salience_sd: args.salience_sd,
        capability_cv: args.capability_cv,
        band: band(args)?,
        max_seconds: args.max_seconds,
        spoilers: args.spoilers,
        shard: None,
    })
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
    let q = query(&args)?;
    if let Some(shard) = &args.shard {
        return crate::cmd::merge::shard(&args.scenario.scenario, "forecast", &q, shard);
    }
    let pb = progress_bar(q.runs);
    let tick = || pb.inc(1);
    let result = if q.uses_peer_files() {
        entente_api::forecast::answer_on(None, &q, &tick)
    } else {
        let session = match crate::scenario::session(&args.scenario.scenario) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
        entente_api::forecast::answer_on(Some(session.scenario()), &q, &tick)
    };
    pb.finish_and_clear();
    let answer = match result {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    print(&answer, args.format, args.svg.as_deref())
}

/// Print a forecast's answer (and write its chart when asked).
pub fn print(
    answer: &entente_api::forecast::Answer,
    format: Format,
    svg_file: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let chart = Chart::from(answer);
    if let Some(svg_path) = svg_file {
        std::fs::write(svg_path, svg(&chart))
            .with_context(|| format!("cannot write {}", svg_path.display()))?;
    }
    match format {
        Format::Json => print_json(answer)?,
        Format::Csv => crate::out!("{}", to_csv(&chart)),
        Format::Table => {
            crate::out!("{}", to_table(&chart));
            if let Some(sp) = &answer.spoilers {
                crate::out!("{}", spoilers_table(answer, sp));
            }
        }
    }
    Ok(ExitCode::from(exit::OK))
}

/// The spoilers as a table: per actor, the distance the outcome moves without it, and on each
/// dimension the outcome without it with the signed move.
fn spoilers_table(
    answer: &entente_api::forecast::Answer,
    sp: &[entente_api::forecast::Spoiler],
) -> String {
    let eu = answer.model == "expected-utility";
    let (what, unit) = if eu {
        ("weighted median", "input units")
    } else {
        ("most probable outcome", "0–100 scale")
    };
    let mut header = vec!["actor".to_string(), format!("shift ({unit})")];
    header.extend(
        answer
            .dimensions
            .iter()
            .map(|d| format!("{d} without it (move)")),
    );
    if eu {
        header.push("weighted mean without it".into());
    }
    let mut t = table(header);
    for s in sp {
        let mut row = vec![
            s.actor.clone(),
            s.shift.map_or("–".into(), |d| format!("{d:.1}")),
        ];
        for k in 0..answer.dimensions.len() {
            let cell = match (&s.outcome, &s.by_dimension) {
                (Some(o), Some(m)) => match (o.get(k), m.get(k)) {
                    (Some(o), Some(m)) => format!("{o:.1} ({m:+.1})"),
                    _ => "–".into(),
                },
                _ => "–".into(),
            };
            row.push(cell);
        }
        if eu {
            row.push(s.mean.map_or("–".into(), |m| format!("{m:.2}")));
        }
        t.add_row(row);
    }
    let base = if eu {
        answer.final_.median.map(|m| vec![m])
    } else {
        answer.final_.most_probable.clone()
    };
    let with_all = base.map_or(String::new(), |b| {
        let parts: Vec<String> = answer
            .dimensions
            .iter()
            .zip(&b)
            .map(|(d, x)| format!("{d} {x:.1}"))
            .collect();
        format!("\nWith every actor, the {what} is: {}", parts.join(", "))
    });
    let mut out = format!("{with_all}\nWithout each actor, the {what} moves by:\n{t}\n");
    if sp.iter().all(|s| s.shift.is_none()) {
        out.push_str("(every actor's absence would leave fewer than two actors)\n");
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn to_csv(a: &Chart) -> String {
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

fn to_table(a: &Chart) -> String {
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
        let mut header = vec!["actor".to_string()];
        header.extend(show.iter().map(|t| format!("t{t}")));
        let mut t = table(header);
        for (i, name) in a.actors.iter().enumerate() {
            let mut row = vec![name.clone()];
            row.extend(show.iter().map(|&t| format!("{:.2}", a.positions[t][i][k])));
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
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
        let mut t = table(["actor", "win probability"]);
        for (i, name) in a.actors.iter().enumerate() {
            t.add_row([name.clone(), format!("{:.4}", w[last][i])]);
        }
        let _ = writeln!(out, "{t}");
    }
    if let Some(mc) = &a.monte_carlo {
        let _ = writeln!(
            out,
            "\nMonte Carlo: {} runs, seed {} (final positions: mean [5%, 50%, 95%])",
            mc.runs, mc.seed,
        );
        if let Some((made, asked)) = a.partial {
            let _ = writeln!(
                out,
                "  partial: {made} of {asked} runs made within the time budget"
            );
        }
        let mut header = vec!["actor".to_string()];
        header.extend(a.dimensions.iter().cloned());
        if let Some((lo, hi)) = mc.band {
            header.push(format!("P(within {lo}..{hi})"));
        }
        let mut t = table(header);
        let iv_text = |iv: &entente_api::types::Interval, digits: usize| {
            format!(
                "{:.d$} [{:.d$}, {:.d$}, {:.d$}]",
                iv.mean,
                iv.p05,
                iv.p50,
                iv.p95,
                d = digits
            )
        };
        for act in &mc.actors {
            let mut row = vec![act.name.clone()];
            row.extend(act.position.iter().map(|iv| iv_text(iv, 2)));
            if mc.band.is_some() {
                row.push(act.within_band.map_or("–".into(), |p| format!("{p:.3}")));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
        for (label, iv) in [
            ("forecast (mean)  ", &mc.forecast_mean),
            ("forecast (median)", &mc.forecast_median),
        ] {
            if let Some(iv) = iv {
                let _ = writeln!(out, "  {label} {}", iv_text(iv, 3));
            }
        }
    }
    out
}
