//! `entente validate`: score a forecasting model against what happened. `validate deu3 FILE`
//! runs the expected-utility model on every issue of the DEU III dataset of EU legislative
//! decisions and compares its forecast with the recorded outcome (0–1 scale): number of issues,
//! mean and median absolute error, share within 0.1. Reads the file into the query; the answer
//! comes from `entente_api::validate` and is only formatted here.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use entente_api::negotiate::PeerFile;
use entente_api::types::{Candidate, Capabilities, EuVariant, ForecastStat, Grid, Split};
use entente_api::validate::{Answer, Protocol, Query};

use crate::output::{Format, exit, print_json};
use crate::table::table;

/// Which dataset the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dataset {
    /// DEU III (Thomson et al.): EU legislative issues with positions, saliences and outcomes.
    Deu3,
}

/// Which variant of the expected-utility model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VariantArg {
    /// As Scholz, Calbert & Smith (2011) specify it.
    Paper,
    /// As the open Python replications behave.
    ScholzReplication,
}

impl From<VariantArg> for EuVariant {
    fn from(v: VariantArg) -> Self {
        match v {
            VariantArg::Paper => EuVariant::Paper,
            VariantArg::ScholzReplication => EuVariant::ScholzReplication,
        }
    }
}

/// The forecast statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatArg {
    /// Capability×salience-weighted mean of the final positions.
    Mean,
    /// Weighted median of the final positions.
    Median,
    /// Procedural model: the Commission's proposal as far as the Council's voting rule (and
    /// under co-decision the Parliament) accepts it against the reference point.
    Procedural,
}

/// Where the actors' capabilities come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CapabilitiesArg {
    /// Line 2 of the file (economic weight).
    File,
    /// Shapley–Shubik power in the Council under the issue's voting rule (Nice weights).
    CouncilPower,
}

/// Which configurations the hold-out and cross-validation protocols choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GridArg {
    /// 48 configurations, capabilities from the file.
    Base,
    /// The same 48 with capabilities from Council voting power.
    CouncilPower,
    /// Both capability readings × mean, median or procedural forecast (144).
    Extended,
    /// The council-power grid without 0 rounds (40): every configuration runs the model.
    Bargaining,
}

/// Which issues to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitArg {
    /// Every issue with an outcome.
    All,
    /// Odd-numbered proposals only.
    Odd,
    /// Even-numbered proposals only.
    Even,
}

/// How the configuration is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProtocolArg {
    /// Two-fold cross-validation: each half of the proposals scored by the configuration chosen
    /// on the other half; every issue scored once.
    Crossval,
    /// Choose among a fixed grid on odd-numbered proposals, score on even-numbered ones.
    Holdout,
    /// Score the configuration given by the flags on the chosen issues.
    Fixed,
}

/// Arguments of `entente validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente validate deu3 ../shared/data/forecast-cases/eum/deu3.csv
  entente validate deu3 deu3.csv --format json          # cross-validated over all issues
  entente validate deu3 deu3.csv --protocol holdout     # choose on odd proposals, score even
  entente validate deu3 deu3.csv --grid base            # capabilities from the file (GDP)
  entente validate deu3 deu3.csv --grid bargaining      # only configurations that run the model
  entente validate deu3 deu3.csv --protocol fixed --rounds 0 --capabilities council-power
  entente validate deu3 deu3.csv --protocol fixed --rounds 0 --forecast procedural
  entente validate deu3 deu3.csv --protocol fixed --rounds 10 --variant scholz-replication
  entente validate deu3 deu3.csv --protocol fixed --rounds 0 --forecast median --split even")]
pub struct Args {
    /// The dataset the file holds.
    #[arg(value_enum)]
    pub dataset: Dataset,
    /// The data file.
    pub file: PathBuf,
    /// How the model configuration is chosen.
    #[arg(long, value_enum, default_value_t = ProtocolArg::Crossval)]
    pub protocol: ProtocolArg,
    /// Rounds of the expected-utility model on each issue (protocol `fixed`).
    #[arg(long, default_value_t = 10)]
    pub rounds: usize,
    /// Model variant.
    #[arg(long, value_enum, default_value_t = VariantArg::Paper)]
    pub variant: VariantArg,
    /// Forecast statistic.
    #[arg(long = "forecast", value_enum, default_value_t = StatArg::Mean)]
    pub stat: StatArg,
    /// Which issues to score (by proposal number), for hold-out protocols.
    #[arg(long, value_enum, default_value_t = SplitArg::All)]
    pub split: SplitArg,
    /// Give the Parliament no capability under the consultation procedure (protocol `fixed`).
    #[arg(long)]
    pub consultation_without_ep: bool,
    /// Where capabilities come from (protocol `fixed`).
    #[arg(long, value_enum, default_value_t = CapabilitiesArg::File)]
    pub capabilities: CapabilitiesArg,
    /// Which configurations the `crossval` and `holdout` protocols choose from.
    #[arg(long, value_enum, default_value_t = GridArg::CouncilPower)]
    pub grid: GridArg,
    /// Output format (csv: one row per issue).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The query the arguments ask; reading the data file is the only work done here.
fn query(args: &Args) -> anyhow::Result<Query> {
    let name = args.file.display().to_string();
    let text =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {name}"))?;
    Ok(Query {
        dataset: match args.dataset {
            Dataset::Deu3 => entente_api::validate::Dataset::Deu3,
        },
        file: PeerFile { name, text },
        protocol: match args.protocol {
            ProtocolArg::Crossval => Protocol::Crossval,
            ProtocolArg::Holdout => Protocol::Holdout,
            ProtocolArg::Fixed => Protocol::Fixed,
        },
        rounds: args.rounds,
        variant: args.variant.into(),
        forecast: match args.stat {
            StatArg::Mean => ForecastStat::Mean,
            StatArg::Median => ForecastStat::Median,
            StatArg::Procedural => ForecastStat::Procedural,
        },
        split: match args.split {
            SplitArg::All => Split::All,
            SplitArg::Odd => Split::Odd,
            SplitArg::Even => Split::Even,
        },
        consultation_without_ep: args.consultation_without_ep,
        capabilities: match args.capabilities {
            CapabilitiesArg::File => Capabilities::File,
            CapabilitiesArg::CouncilPower => Capabilities::CouncilPower,
        },
        grid: match args.grid {
            GridArg::Base => Grid::Base,
            GridArg::CouncilPower => Grid::CouncilPower,
            GridArg::Extended => Grid::Extended,
            GridArg::Bargaining => Grid::Bargaining,
        },
    })
}

/// Run `entente validate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let q = query(&args)?;
    let a = match entente_api::validate::answer_file(&q) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        Format::Json => print_json(&a)?,
        Format::Csv => print_csv(&a),
        Format::Table => print_table(&a),
    }
    Ok(ExitCode::from(exit::OK))
}

fn parliament(c: &Candidate) -> &'static str {
    if c.consultation_without_ep {
        "no capability"
    } else {
        "as given"
    }
}

fn print_csv(a: &Answer) {
    crate::outln!("issue,proposal,actors,outcome,forecast,error");
    for s in &a.per_issue {
        crate::outln!(
            "{},{},{},{},{},{}",
            s.issue,
            s.proposal,
            s.actors,
            s.outcome,
            s.forecast,
            s.error
        );
    }
}

fn print_table(a: &Answer) {
    match a.protocol {
        Protocol::Crossval => {
            let folds = a.folds.as_deref().unwrap_or_default();
            crate::outln!(
                "DEU III, expected-utility model, two-fold cross-validation ({} configurations tried per fold, grid {})",
                folds.first().map_or(0, |f| f.configurations_tried),
                word(&a.grid.unwrap_or_default())
            );
            let mut t = table([
                "chosen on",
                "variant",
                "rounds",
                "forecast",
                "capabilities",
                "Parliament under consultation",
                "scored",
                "MAE",
                "issues",
            ]);
            for f in folds {
                let c = &f.selected;
                t.add_row([
                    f.trained_on.clone(),
                    word(&c.variant),
                    c.rounds.to_string(),
                    word(&c.forecast),
                    word(&c.capabilities),
                    parliament(c).to_string(),
                    f.scored.clone(),
                    format!("{:.4}", f.held_out.mae),
                    f.held_out.issues.to_string(),
                ]);
            }
            crate::outln!("{t}");
            print_scores("every issue, scored out of sample", a);
        }
        Protocol::Holdout => {
            crate::outln!(
                "DEU III, expected-utility model, hold-out protocol ({} candidates tried on odd-numbered proposals)",
                a.candidates.as_ref().map_or(0, Vec::len)
            );
            if let Some(c) = &a.selected {
                crate::outln!(
                    "  selected: variant {}, {} rounds, {} forecast, capabilities {}, Parliament under consultation: {}",
                    word(&c.variant),
                    c.rounds,
                    word(&c.forecast),
                    word(&c.capabilities),
                    parliament(c)
                );
            }
            if let Some(t) = &a.training {
                crate::outln!("  training (odd)  issues {:>4}  MAE {:.4}", t.issues, t.mae);
            }
            print_scores("held out (even-numbered proposals)", a);
        }
        Protocol::Fixed => {
            crate::outln!(
                "DEU III, expected-utility model (variant {}, {} rounds, forecast {}, capabilities {}, issues: {})",
                word(&a.variant.unwrap_or_default()),
                a.rounds.unwrap_or_default(),
                word(&a.forecast.unwrap_or_default()),
                word(&a.capabilities.unwrap_or_default()),
                word(&a.split.unwrap_or_default())
            );
            print_scores("scored", a);
        }
    }
}

/// A value as the query and the JSON answer spell it (`scholz-replication`, `council-power`),
/// never as the code names it.
fn word<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn print_scores(title: &str, a: &Answer) {
    crate::outln!("  {title}");
    let mut t = table(["", "value"]);
    t.add_row([
        "issues scored".to_string(),
        format!("{} (skipped {})", a.issues, a.skipped),
    ]);
    t.add_row(["mean abs. error".to_string(), format!("{:.4}", a.mae)]);
    t.add_row([
        "median abs. error".to_string(),
        format!("{:.4}", a.median_ae),
    ]);
    t.add_row(["within 0.1".to_string(), format!("{:.4}", a.within_0_1)]);
    crate::outln!("{t}");
    for n in &a.notes {
        crate::outln!("note: {n}");
    }
}
