//! `entente report`: the main job — every question the scenario's `[report]` section names (or
//! the report derives from the scenario), as a terminal summary and one self-contained
//! `report.html`. entente-api answers; entente-report renders; this file writes.

use std::path::PathBuf;
use std::process::ExitCode;

use jiff::civil::Date;

use crate::output::{Format, exit, print_json};

/// Arguments of `entente report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente report                         the bundled Europe scenario; writes report.html
  entente report --as-of 2023-04-03      as things stood the day before Finland joined NATO
  entente report --architecture nrnap    the world of an architecture
  entente report my-scenario/ --out out/report.html
  entente report --format json           the terminal text of each section as JSON
  entente report --format csv            one row per section: id, title, text")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
    /// Scenario files or folders (the same as the positional paths).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The date of the report (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Where to write the HTML report.
    #[arg(long, default_value = "report.html")]
    pub out: PathBuf,
    /// Do not write the HTML file.
    #[arg(long)]
    pub no_html: bool,
    /// Terminal output format (table: the text summary; json: sections as data).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Run `entente report`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut paths = args.paths.clone();
    paths.extend(args.scenario.iter().cloned());
    let session = match crate::scenario::session(&paths) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let query = entente_api::report::Query { as_of: args.as_of };
    let answer = match entente_api::report::answer(&session, &query) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    let sections = entente_report::sections(&answer);
    if !args.no_html {
        let page = entente_report::html(&answer, &sections);
        if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&args.out, page)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.out.display()))?;
    }
    let name = session.scenario().name.clone();
    match args.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                scenario: &'a str,
                as_of: Date,
                architecture: Option<&'a str>,
                sections: &'a [entente_report::Section],
            }
            print_json(&Out {
                scenario: &name,
                as_of: answer.date,
                architecture: answer.architecture.as_deref(),
                sections: &sections,
            })?;
        }
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record(["id", "title", "text"])?;
            for s in &sections {
                w.write_record([s.id, &s.title, &s.text])?;
            }
            w.flush()?;
        }
        Format::Table => {
            for sec in &sections {
                crate::outln!("== {} ==\n{}", sec.title, sec.text);
            }
            if !args.no_html {
                crate::outln!("Wrote {}", args.out.display());
            }
        }
    }
    Ok(ExitCode::from(exit::OK))
}
