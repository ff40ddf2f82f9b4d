//! `entente estimate`: fit a strategic choice model to a data table — the extended-deterrence
//! crisis game `egame12` of the R package `games` — by maximum likelihood. Reads the CSV file
//! `--data` names into the query; the fit comes from `entente_api::estimate` and is only
//! formatted here: a table of coefficients with standard errors, the serialised answer (JSON),
//! or the coefficients as CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use entente_api::estimate::{Model, Query};
use entente_api::negotiate::PeerFile;
use entente_api::types::{Form, Link};

use crate::output::{Format, exit, print_json};
use crate::table::table;

/// Which model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelArg {
    /// Two players, three outcomes: status quo, capitulation or war.
    Egame12,
}

/// The link function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LinkArg {
    /// Normal errors.
    Probit,
    /// Logistic errors (agent-error form only).
    Logit,
}

/// The stochastic form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TypeArg {
    /// Agent error.
    Agent,
    /// Private information (probit only).
    Private,
}

/// Arguments of `entente estimate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente estimate --data ../shared/data/deterrence/war1800.csv \\
    --formula \"esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2\"
  entente estimate --data war1800.csv --formula \"...\" --link logit --format json
  entente estimate --data war1800.csv --formula \"...\" --type private --format csv

The formula is games' syntax: outcome columns (two 0/1 dummies, or one column with three
values), `~`, then the four utility equations u11 | u13 | u14 | u24 separated by `|`. Text
columns become dummies against their first level (sorted); `0` fixes a utility at zero or
drops an intercept; rows with a missing value in a column used are dropped.")]
pub struct Args {
    /// The model.
    #[arg(long, value_enum, default_value_t = ModelArg::Egame12)]
    pub model: ModelArg,
    /// The data: a CSV file with a header line (empty cells and NA are missing).
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// The formula, in games' syntax.
    #[arg(long, value_name = "FORMULA")]
    pub formula: String,
    /// The link function.
    #[arg(long, value_enum, default_value_t = LinkArg::Probit)]
    pub link: LinkArg,
    /// The stochastic form.
    #[arg(long = "type", value_enum, default_value_t = TypeArg::Agent)]
    pub form: TypeArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The query the arguments ask; reading the data file is the only work done here.
fn query(args: &Args) -> anyhow::Result<Query> {
    let name = args.data.display().to_string();
    let text =
        std::fs::read_to_string(&args.data).with_context(|| format!("cannot read {name}"))?;
    Ok(Query {
        model: match args.model {
            ModelArg::Egame12 => Model::Egame12,
        },
        data: PeerFile { name, text },
        formula: args.formula.clone(),
        link: match args.link {
            LinkArg::Probit => Link::Probit,
            LinkArg::Logit => Link::Logit,
        },
        form: match args.form {
            TypeArg::Agent => Form::Agent,
            TypeArg::Private => Form::Private,
        },
    })
}

/// Run `entente estimate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let q = query(&args)?;
    let a = match entente_api::estimate::answer_on(&q) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        Format::Json => print_json(&a)?,
        Format::Csv => {
            crate::outln!("term,estimate,std_error");
            for n in &a.names {
                let field = if n.contains([',', '"']) {
                    format!("\"{}\"", n.replace('"', "\"\""))
                } else {
                    n.clone()
                };
                crate::outln!("{field},{},{}", a.coefficients[n], a.std_errors[n]);
            }
        }
        Format::Table => {
            let link = match a.link {
                Link::Probit => "probit",
                Link::Logit => "logit",
            };
            let form = match a.form {
                Form::Agent => "agent error",
                Form::Private => "private information",
            };
            crate::outln!("egame12 ({form}, {link}): {}", a.formula);
            let mut t = table(["term", "estimate", "std. error", "z"]);
            for n in &a.names {
                let (b, se) = (a.coefficients[n], a.std_errors[n]);
                t.add_row([
                    n.clone(),
                    format!("{b:.5}"),
                    format!("{se:.5}"),
                    format!("{:.2}", b / se),
                ]);
            }
            crate::outln!("{t}");
            crate::outln!(
                "log-likelihood {:.6}, n = {} ({} rows dropped for a missing value), {} Newton iterations",
                a.log_likelihood,
                a.n,
                a.dropped,
                a.iterations
            );
        }
    }
    Ok(ExitCode::from(exit::OK))
}
