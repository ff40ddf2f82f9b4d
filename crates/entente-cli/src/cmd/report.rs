//! `entente report`: the main job — every engine's answers on a scenario, as a terminal summary
//! and one self-contained `report.html`.

use std::path::PathBuf;
use std::process::ExitCode;

use jiff::civil::Date;

use crate::output::{Format, print_json};
use crate::report;

/// Arguments of `entente report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente report                         the bundled Europe scenario; writes report.html
  entente report --as-of 2023-04-03      as things stood the day before Finland joined NATO
  entente report my-scenario/ --out out/report.html
  entente report --format json           the terminal text of each section as JSON")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
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
    let s = match crate::scenario::load(&args.paths) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let date = crate::scenario::as_of(args.as_of, &s);
    let sections = report::sections(&s, date);
    if !args.no_html {
        let page = report::html(&s, date, &sections);
        if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&args.out, page)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.out.display()))?;
    }
    match args.format {
        Format::Json | Format::Csv => {
            let v: Vec<serde_json::Value> = sections
                .iter()
                .map(|s| serde_json::json!({ "id": s.id, "title": s.title, "text": s.text }))
                .collect();
            print_json(&serde_json::json!({ "scenario": s.name, "as_of": date, "sections": v }))?;
        }
        Format::Table => {
            for sec in &sections {
                println!("== {} ==\n{}", sec.title, sec.text);
            }
            if !args.no_html {
                println!("Wrote {}", args.out.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
