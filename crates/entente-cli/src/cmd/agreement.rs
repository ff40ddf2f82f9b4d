//! `entente agreement ID`: one agreement as of a date — its text (clauses), legal form, legal
//! basis, status, what it waits for when signed but not in force, its obligations, note and
//! sources, and, for a force of contributed contingents, the pooled total, burden shares and
//! shortfall (M16, M22, M33, M34). The flags make the `agreement` Query; the API answers; this
//! module formats.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::agreement::{Answer, Query, answer};
use jiff::civil::Date;

use crate::output::{Format, print_json};
use crate::table::table;

/// Arguments of `entente agreement`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente agreement assurances_1990             the 1990 assurances: verbal, never codified
  entente agreement ukr_lux_2024                signed, waiting for ratification
  entente agreement peace_force --format json   contingents pooled, shares and shortfall
  entente agreement neutrality_aut              Austria's constitutional neutrality")]
pub struct Args {
    /// The agreement's id (`entente list agreements` lists them).
    pub id: String,
    /// Scenario files or folders. Default: the bundled Europe scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The date (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        Query {
            id: a.id.clone(),
            as_of: a.as_of.map(|d| d.to_string()),
        }
    }
}

/// Run `entente agreement`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session = match crate::scenario::session(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let a = match answer(&session, &Query::from(&args)) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        Format::Json => print_json(&a)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record([
                "agreement",
                "obligation",
                "kind",
                "strength",
                "bearers",
                "beneficiaries",
                "status",
                "legal_form",
                "source",
            ])?;
            let form = a.legal_form.map(|f| f.to_string()).unwrap_or_default();
            for o in &a.obligations {
                w.write_record([
                    a.id.as_str(),
                    &o.id,
                    o.kind.as_str(),
                    o.strength.map(|s| s.as_str()).unwrap_or(""),
                    &o.bearers.join(";"),
                    &o.beneficiaries.join(";"),
                    &a.status,
                    &form,
                    o.source.as_deref().unwrap_or(""),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => crate::out!("{}", render(&a)),
    }
    Ok(ExitCode::SUCCESS)
}

fn or_dash(s: Option<&str>) -> &str {
    s.unwrap_or("-")
}

/// The agreement as text.
fn render(a: &Answer) -> String {
    let mut out = format!("{} ({}) as of {}\n", a.name, a.id, a.date);
    let form = a.legal_form.map(|f| f.to_string());
    out += &format!(
        "  kind {} · status {} · legal form {} · {}\n",
        a.kind,
        a.status,
        or_dash(form.as_deref()),
        if a.binding { "binding" } else { "not binding" }
    );
    if let Some(w) = &a.waits_for {
        out += &format!("  waits for {w}\n");
    }
    if !a.dates.is_empty() {
        let d: Vec<String> = a.dates.iter().map(|(k, v)| format!("{k} {v}")).collect();
        out += &format!("  dates: {}\n", d.join(", "));
    }
    out += &format!("  parties: {}\n", a.parties.join(", "));
    if a.legal_basis.is_some() || !a.legal_bases.is_empty() {
        let words: Vec<&str> = a.legal_bases.iter().map(|b| b.as_str()).collect();
        out += &format!(
            "  legal basis: {}{}\n",
            or_dash(a.legal_basis.as_deref()),
            if words.is_empty() {
                String::new()
            } else {
                format!(" [{}]", words.join(", "))
            }
        );
    }
    for c in &a.clauses {
        out += &format!("  {}: {}\n", c.title, or_dash(c.text.as_deref()));
    }
    if !a.obligations.is_empty() {
        let mut t = table(["obligation", "kind", "strength", "bearers", "for", "note"]);
        for o in &a.obligations {
            t.add_row([
                o.id.clone(),
                o.kind.to_string(),
                o.strength.map(|s| s.to_string()).unwrap_or_default(),
                o.bearers.join(", "),
                o.beneficiaries.join(", "),
                o.note.clone().unwrap_or_default(),
            ]);
        }
        out += &format!("{t}\n");
    }
    for p in &a.contributions {
        out += &format!("  {} pooled: {}", p.quantity, p.total);
        if let (Some(r), Some(s)) = (p.requirement, p.shortfall) {
            out += &format!(" of {r} required, shortfall {s}");
        }
        out += "\n";
        for s in &p.shares {
            out += &format!(
                "    {} {} ({:.1}%)\n",
                s.contributor,
                s.value,
                s.share.unwrap_or(0.0) * 100.0
            );
        }
    }
    if let Some(n) = &a.note {
        out += &format!("  note: {n}\n");
    }
    if let Some(s) = &a.source {
        out += &format!("  source: {s}\n");
    }
    out
}
