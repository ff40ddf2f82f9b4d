//! `entente show`: what a scenario holds as of a date — institutions with their members,
//! agreements by kind and status, zones.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::show::{Answer as View, Query, answer};
use jiff::civil::Date;

use crate::output::{Format, print_json};
use crate::table::table;

/// Arguments of `entente show`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente show                                  the bundled Europe scenario as of its date
  entente show --as-of 1991-12-31               NATO had 16 members then
  entente show --as-of 2024-03-07 --format json
  entente show scenarios/europe --format csv    one row per institution and member")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
    /// Scenario files or folders (the same as the positional paths, as every command takes them).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The date to show the scenario as of (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Run `entente show`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session =
        match crate::scenario::session(&[args.paths.clone(), args.scenario.clone()].concat()) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
    let query = Query::from(&args);
    let v = match answer(&session, &query) {
        Ok(v) => v,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    let date = v.as_of;
    crate::output::warnings(&v.warnings);
    match args.format {
        Format::Json => print_json(&v)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record(["as_of", "institution", "actor", "status"])?;
            for i in &v.institutions {
                let groups: [(&str, &Vec<String>); 6] = [
                    ("member", &i.member_ids),
                    ("observer", &i.observers),
                    ("partner", &i.partners),
                    ("applicant", &i.applicants),
                    ("suspended", &i.suspended),
                    ("opted_out", &i.opted_out),
                ];
                for (status, list) in groups {
                    for a in list {
                        w.write_record([&date.to_string(), &i.id, a, status])?;
                    }
                }
            }
            w.flush()?;
        }
        Format::Table => crate::out!("{}", render(&v)),
    }
    Ok(ExitCode::SUCCESS)
}

impl From<&Args> for Query {
    fn from(args: &Args) -> Query {
        Query {
            as_of: args.as_of.map(|d| d.to_string()),
        }
    }
}

/// Render the view as terminal tables.
pub fn render(v: &View) -> String {
    let mut out = format!("{} — as of {}\n\nInstitutions\n", v.scenario, v.as_of);
    let mut t = table([
        "id",
        "name",
        "members",
        "observers",
        "applicants",
        "other",
        "decisions",
    ]);
    for i in &v.institutions {
        let other: Vec<String> = [
            ("partners", &i.partners),
            ("suspended", &i.suspended),
            ("opted out", &i.opted_out),
        ]
        .iter()
        .filter(|(_, l)| !l.is_empty())
        .map(|(k, l)| format!("{k}: {}", l.join(" ")))
        .collect();
        let name = if i.status == "proposed" && !i.name.to_lowercase().contains("propos") {
            format!("{} (proposed)", i.name)
        } else {
            i.name.clone()
        };
        t.add_row([
            i.id.clone(),
            name,
            i.members.to_string(),
            i.observers.join(" "),
            i.applicants.join(" "),
            other.join("; "),
            i.decisions
                .iter()
                .map(|d| format!("{}: {}", d.id, d.procedure))
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    out.push_str(&format!("{t}\n\nAgreements by kind and status\n"));
    let mut t = table(["kind", "status", "count"]);
    for (k, m) in &v.agreements_by_kind {
        for (s, n) in m {
            t.add_row([k.clone(), s.clone(), n.to_string()]);
        }
    }
    out.push_str(&format!("{t}\n\nZones\n"));
    let mut t = table(["id", "name", "kind", "states"]);
    for z in &v.zones {
        t.add_row([
            z.id.clone(),
            z.name.clone(),
            z.kind.clone(),
            z.members.to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out
}
