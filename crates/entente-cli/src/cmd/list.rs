//! `entente list [KIND]`: the ids a scenario defines, to discover what to ask about.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::list::{Kind, Query};

use crate::output::{Format, exit, print_json};
use crate::table::table;

/// Arguments of `entente list`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente list                       every id of the bundled scenario
  entente list institutions          institutions with their decision types
  entente list architectures         the worlds that might be, for --architecture and compare
  entente list actors --format csv")]
pub struct Args {
    /// What to list.
    #[arg(value_enum, default_value_t = KindArg::All)]
    pub kind: KindArg,
    /// Scenario files or folders. Default: the bundled Europe scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// The kinds `entente list` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Every kind.
    All,
    /// States, organisations and entities.
    Actors,
    /// Institutions and their decision types.
    Institutions,
    /// Agreements.
    Agreements,
    /// Timelines.
    Timelines,
    /// Architectures (worlds that might be).
    Architectures,
    /// Settlement spaces.
    Settlements,
    /// Forecasting cases.
    Forecasts,
    /// Zones.
    Zones,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::All => Kind::All,
            KindArg::Actors => Kind::Actors,
            KindArg::Institutions => Kind::Institutions,
            KindArg::Agreements => Kind::Agreements,
            KindArg::Timelines => Kind::Timelines,
            KindArg::Architectures => Kind::Architectures,
            KindArg::Settlements => Kind::Settlements,
            KindArg::Forecasts => Kind::Forecasts,
            KindArg::Zones => Kind::Zones,
        }
    }
}

/// Run `entente list`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session = match crate::scenario::session(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let q = Query {
        kind: args.kind.into(),
    };
    let a = match entente_api::list::answer(&session, &q) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        Format::Json => print_json(&a)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record(["kind", "id", "name", "detail"])?;
            for i in &a.items {
                w.write_record([&i.kind, &i.id, &i.name, &i.detail])?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut t = table(["kind", "id", "name", "detail"]);
            for i in &a.items {
                t.add_row([&i.kind, &i.id, &i.name, &i.detail]);
            }
            crate::outln!("{t}");
        }
    }
    Ok(ExitCode::from(exit::OK))
}
