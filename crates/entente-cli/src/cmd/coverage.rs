//! `entente coverage`: every state's defence coverage as of a date (M6, M14, M16) — the
//! strongest commitment it holds, from whom, whether a guarantor is nuclear-armed, the legal
//! form, and whether it is in the grey zone (no binding defence commitment from anyone).
//! `--state` lists one state's commitments, strongest first (Ukraine's 28 bilateral agreements).
//! The flags make the `coverage` Query; the API answers; this module formats.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::coverage::{Answer, Query};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};
use crate::table::{Notes, table};

/// Arguments of `entente coverage`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente coverage                               every state as of the scenario's date
  entente coverage --as-of 2023-04-03            Finland the day before it joined NATO
  entente coverage --state UKR                   Ukraine's commitments, strongest first
  entente coverage --zone osce_area --grey-zone  the OSCE states in the grey zone
  entente coverage --format json                 one object per state with every commitment

A binding defence commitment: kind defence or guarantee, or strength automatic or
as_deemed_necessary, in a treaty or executive agreement that binds on the date. Nuclear-armed:
attribute warheads > 0 (an institution: one of its members).")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
    /// Scenario files or folders (the same as the positional paths, as every command takes them).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The date (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Show every commitment of these states (repeatable), strongest first.
    #[arg(long)]
    pub state: Vec<String>,
    /// Only the states of this zone (e.g. osce_area for the 57 OSCE participating States).
    #[arg(long)]
    pub zone: Option<String>,
    /// Only states in the grey zone.
    #[arg(long)]
    pub grey_zone: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        Query {
            as_of: a.as_of.map(|d| d.to_string()),
            state: a.state.clone(),
            zone: a.zone.clone(),
            grey_zone: a.grey_zone,
        }
    }
}

/// Run `entente coverage`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session =
        match crate::scenario::session(&[args.paths.clone(), args.scenario.clone()].concat()) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
    let cov = match entente_api::coverage::answer(&session, &Query::from(&args)) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        Format::Json => print_json(&cov)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record([
                "state",
                "grey_zone",
                "agreement",
                "obligation",
                "kind",
                "strength",
                "legal_form",
                "binding_defence",
                "guarantors",
                "nuclear_guarantors",
                "source",
            ])?;
            for s in &cov.states {
                for c in &s.commitments {
                    w.write_record([
                        s.state.as_str(),
                        if s.grey_zone { "yes" } else { "no" },
                        &c.agreement,
                        &c.obligation,
                        c.kind.as_str(),
                        c.strength.map(|v| v.as_str()).unwrap_or(""),
                        c.legal_form.map(|v| v.as_str()).unwrap_or(""),
                        if c.binding_defence { "yes" } else { "no" },
                        &c.guarantors.join(" "),
                        &c.nuclear_guarantors.join(" "),
                        c.source.as_deref().unwrap_or(""),
                    ])?;
                }
                if s.commitments.is_empty() {
                    w.write_record([s.state.as_str(), "yes", "", "", "", "", "", "", "", "", ""])?;
                }
            }
            w.flush()?;
        }
        Format::Table => {
            if args.state.is_empty() {
                crate::out!("{}", summary(&cov));
            } else {
                crate::out!("{}", details(&cov));
            }
            crate::out!("{}", own_and_pending(&cov));
        }
    }
    Ok(ExitCode::from(exit::OK))
}

/// The states' own neutrality and the agreements signed but not in force, one line each.
fn own_and_pending(cov: &Answer) -> String {
    let mut out = String::new();
    for r in &cov.own_restraints {
        out += &format!(
            "{} binds itself: {} ({} {}, {}){}\n",
            r.state,
            r.kind,
            r.agreement,
            r.clause_title.as_deref().unwrap_or(&r.obligation),
            r.legal_form.map(|f| f.as_str()).unwrap_or("-"),
            if r.broken_by.is_empty() {
                String::new()
            } else {
                format!(" — broken by membership of {}", r.broken_by.join(", "))
            }
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for p in &cov.pending {
        if seen.contains(&p.agreement.as_str()) {
            continue;
        }
        seen.push(&p.agreement);
        out += &format!(
            "pending, not binding: {} waits for {}\n",
            p.agreement, p.waits_for
        );
    }
    out
}

fn guarantors(v: &[std::sync::Arc<str>]) -> String {
    if v.len() > 6 {
        format!("{} … ({})", v[..5].join(" "), v.len())
    } else {
        v.join(" ")
    }
}

/// One row per state.
pub fn summary(cov: &Answer) -> String {
    let mut t = table([
        "state",
        "strongest commitment",
        "kind / strength",
        "legal form",
        "from",
        "nuclear",
        "grey zone",
        "others",
    ]);
    for s in &cov.states {
        let (ag, ks, lf, from) = match &s.strongest {
            Some(c) => (
                format!(
                    "{} {}",
                    c.agreement,
                    c.clause.as_deref().unwrap_or(&c.obligation)
                ),
                format!(
                    "{} / {}",
                    c.kind,
                    c.strength.map(|v| v.as_str()).unwrap_or("-")
                ),
                c.legal_form
                    .map_or_else(|| "-".to_string(), |v| v.to_string()),
                guarantors(&c.guarantors),
            ),
            None => ("—".into(), String::new(), String::new(), String::new()),
        };
        t.add_row([
            s.state.clone(),
            ag,
            ks,
            lf,
            from,
            if s.nuclear_guarantor { "yes" } else { "no" }.into(),
            if s.grey_zone { "GREY ZONE" } else { "no" }.into(),
            s.commitments.len().saturating_sub(1).to_string(),
        ]);
    }
    format!(
        "Defence coverage as of {}\n{t}\n{} of {} states in the grey zone (no binding defence commitment from anyone).\n",
        cov.date,
        cov.grey_zone().len(),
        cov.states.len()
    )
}

/// Every commitment of the states listed, long sources as numbered notes under each table.
pub fn details(cov: &Answer) -> String {
    let mut out = String::new();
    for s in &cov.states {
        out.push_str(&format!(
            "{} ({}) as of {}: {}, {} commitment(s), strongest first\n",
            s.name,
            s.state,
            cov.date,
            if s.grey_zone {
                "in the grey zone"
            } else {
                "holds a binding defence commitment"
            },
            s.commitments.len()
        ));
        if s.commitments.is_empty() {
            continue;
        }
        let mut notes = Notes::new();
        let mut t = table([
            "agreement",
            "obligation",
            "kind",
            "strength",
            "legal form",
            "binding defence",
            "from",
            "source",
        ]);
        for c in &s.commitments {
            t.add_row([
                c.agreement.clone(),
                c.obligation.clone(),
                c.kind.to_string(),
                c.strength.map(|v| v.to_string()).unwrap_or_default(),
                c.legal_form.map(|v| v.to_string()).unwrap_or_default(),
                if c.binding_defence { "yes" } else { "no" }.into(),
                guarantors(&c.guarantors),
                notes.cite(c.source.as_deref().unwrap_or("")),
            ]);
        }
        out.push_str(&format!("{t}\n"));
        for l in notes.lines() {
            out.push_str(&format!("{l}\n"));
        }
    }
    out
}
