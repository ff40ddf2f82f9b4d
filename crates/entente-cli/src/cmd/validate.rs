//! `entente validate`: score a forecasting model against what happened. `validate deu3 FILE`
//! runs the expected-utility model on every issue of the DEU III dataset of EU legislative
//! decisions and compares its forecast with the recorded outcome (0–1 scale): number of issues,
//! mean and median absolute error, share within 0.1. Reads the file; formats the engine's answer.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use entente_forecast::eum::{EuOptions, EuVariant};
use entente_forecast::read::read_deu3;
use entente_forecast::validate::{
    Capabilities, ForecastStat, Grid, Holdout, Split, ValidateOptions, Validation,
    crossval_grid_deu3, holdout_grid_deu3, validate_deu3,
};
use serde_json::json;

use crate::output::{Format, exit, print_json};

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

/// Run `entente validate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let name = args.file.display().to_string();
    let content =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {name}"))?;
    let issues = match read_deu3(&content, &name) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(exit::PROBLEMS));
        }
    };
    let grid = match args.grid {
        GridArg::Base => Grid::Base,
        GridArg::CouncilPower => Grid::CouncilPower,
        GridArg::Extended => Grid::Extended,
    };
    if args.protocol == ProtocolArg::Crossval {
        let (folds, all) = match crossval_grid_deu3(&issues, grid) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let fold_json = |f: &Holdout, trained: &str, scored: &str| {
            json!({
                "trained_on": trained,
                "scored": scored,
                "selected": f.selected,
                "training": {"issues": f.training.issues, "mae": f.training.mae},
                "held_out": {"issues": f.held_out.issues, "mae": f.held_out.mae,
                    "median_ae": f.held_out.median_ae, "within_0_1": f.held_out.within_0_1},
            })
        };
        match args.format {
            Format::Json => print_json(&json!({
                "dataset": "deu3",
                "model": "expected-utility",
                "protocol": "crossval",
                "grid": grid,
                "scored": "every issue, by the configuration chosen on the other half of the proposals",
                "issues": all.issues,
                "skipped": all.skipped,
                "mae": all.mae,
                "median_ae": all.median_ae,
                "within_0_1": all.within_0_1,
                "folds": [
                    fold_json(&folds[0], "odd-numbered proposals", "even-numbered proposals"),
                    fold_json(&folds[1], "even-numbered proposals", "odd-numbered proposals"),
                ],
                "per_issue": all.per_issue,
            }))?,
            Format::Csv => print_csv(&all),
            Format::Table => {
                println!(
                    "DEU III, expected-utility model, two-fold cross-validation ({} configurations tried per fold, grid {:?})",
                    folds[0].candidates.len(),
                    grid
                );
                for (f, (tr, sc)) in folds.iter().zip([("odd", "even"), ("even", "odd")]) {
                    let c = &f.selected;
                    println!(
                        "  chosen on {tr} proposals: variant {:?}, {} rounds, {:?} forecast, capabilities {:?}, Parliament under consultation: {}; {sc} proposals scored: MAE {:.4} ({} issues)",
                        c.variant,
                        c.rounds,
                        c.forecast,
                        c.capabilities,
                        if c.consultation_without_ep {
                            "no capability"
                        } else {
                            "as given"
                        },
                        f.held_out.mae,
                        f.held_out.issues
                    );
                }
                print_table("every issue, scored out of sample", &all);
            }
        }
        return Ok(ExitCode::from(exit::OK));
    }
    if args.protocol == ProtocolArg::Holdout {
        let h = match holdout_grid_deu3(&issues, grid) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                return Ok(ExitCode::from(exit::PROBLEMS));
            }
        };
        let summary = |v: &Validation| json!({"issues": v.issues, "mae": v.mae, "median_ae": v.median_ae, "within_0_1": v.within_0_1});
        match args.format {
            Format::Json => print_json(&json!({
                "dataset": "deu3",
                "model": "expected-utility",
                "protocol": "holdout",
                "grid": grid,
                "scored": "even-numbered proposals (held out)",
                "issues": h.held_out.issues,
                "skipped": h.held_out.skipped,
                "mae": h.held_out.mae,
                "median_ae": h.held_out.median_ae,
                "within_0_1": h.held_out.within_0_1,
                "selected": h.selected,
                "training": summary(&h.training),
                "candidates": h.candidates.iter().map(|(c, mae)| json!({"candidate": c, "training_mae": mae})).collect::<Vec<_>>(),
                "per_issue": h.held_out.per_issue,
            }))?,
            Format::Csv => print_csv(&h.held_out),
            Format::Table => {
                let c = &h.selected;
                println!(
                    "DEU III, expected-utility model, hold-out protocol ({} candidates tried on odd-numbered proposals)",
                    h.candidates.len()
                );
                println!(
                    "  selected: variant {:?}, {} rounds, {:?} forecast, capabilities {:?}, Parliament under consultation: {}",
                    c.variant,
                    c.rounds,
                    c.forecast,
                    c.capabilities,
                    if c.consultation_without_ep {
                        "no capability"
                    } else {
                        "as given"
                    }
                );
                println!(
                    "  training (odd)  issues {:>4}  MAE {:.4}",
                    h.training.issues, h.training.mae
                );
                print_table("held out (even-numbered proposals)", &h.held_out);
            }
        }
        return Ok(ExitCode::from(exit::OK));
    }
    let opts = ValidateOptions {
        eu: EuOptions {
            rounds: args.rounds,
            variant: args.variant.into(),
            q: 1.0,
        },
        stat: match args.stat {
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
    };
    let v = match validate_deu3(&issues, &opts) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {name}: {e}");
            return Ok(ExitCode::from(exit::PROBLEMS));
        }
    };
    match args.format {
        Format::Json => print_json(&json!({
            "dataset": "deu3",
            "model": "expected-utility",
            "protocol": "fixed",
            "variant": opts.eu.variant,
            "rounds": opts.eu.rounds,
            "forecast": opts.stat,
            "split": opts.split,
            "consultation_without_ep": opts.consultation_without_ep,
            "capabilities": opts.capabilities,
            "issues": v.issues,
            "skipped": v.skipped,
            "mae": v.mae,
            "median_ae": v.median_ae,
            "within_0_1": v.within_0_1,
            "per_issue": v.per_issue,
        }))?,
        Format::Csv => print_csv(&v),
        Format::Table => {
            println!(
                "DEU III, expected-utility model ({:?}, {} rounds, forecast {:?}, capabilities {:?}, issues: {:?})",
                opts.eu.variant, opts.eu.rounds, opts.stat, opts.capabilities, opts.split
            );
            print_table("scored", &v);
        }
    }
    Ok(ExitCode::from(exit::OK))
}

fn print_csv(v: &Validation) {
    println!("issue,proposal,actors,outcome,forecast,error");
    for s in &v.per_issue {
        println!(
            "{},{},{},{},{},{}",
            s.issue, s.proposal, s.actors, s.outcome, s.forecast, s.error
        );
    }
}

fn print_table(title: &str, v: &Validation) {
    println!("  {title}");
    println!(
        "    issues scored       {:>8}   (skipped {})",
        v.issues, v.skipped
    );
    println!("    mean abs. error     {:>8.4}", v.mae);
    println!("    median abs. error   {:>8.4}", v.median_ae);
    println!("    within 0.1          {:>8.4}", v.within_0_1);
}
