//! `entente compare`: architectures side by side — members, who can block, voting power,
//! coverage and the grey zone, who must act, ceasefire guarantees. The answer is entente-api's
//! `compare`; this file only formats it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::compare::{Answer, Query};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};
use crate::table::{Notes, table};

/// Arguments of `entente compare`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente compare                                   the scenario as it is and every architecture
  entente compare status_quo ukraine_in_nato        two worlds side by side
  entente compare --format csv                      tidy rows: architecture, question, subject, value
  entente compare status_quo nrnap --format json    by_architecture: one answer per id

Exit status: 0 answered, 1 problems in the scenario, 2 usage error (an unknown architecture).")]
pub struct Args {
    /// Architecture ids, in order (default: status_quo and every architecture of the scenario).
    pub architectures: Vec<String>,
    /// Scenario files or folders. Default: the bundled Europe scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The date every world is looked at (default: each architecture's own as_of).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        Query {
            architectures: a.architectures.clone(),
            as_of: a.as_of,
        }
    }
}

/// Run `entente compare`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session = match crate::scenario::session(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let answer = match entente_api::compare::answer(&session, &Query::from(&args)) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        Format::Json => print_json(&answer)?,
        Format::Csv => csv(&answer)?,
        Format::Table => text(&answer),
    }
    Ok(ExitCode::from(exit::OK))
}

/// Tidy rows: architecture, question, subject, value.
fn csv(a: &Answer) -> anyhow::Result<()> {
    let mut w = crate::output::csv_out();
    w.write_record(["architecture", "question", "subject", "value"])?;
    for id in &a.architectures {
        let x = &a.by_architecture[id];
        for (inst, m) in &x.members {
            w.write_record([id, "members", inst, &m.join(" ")])?;
        }
        for b in &x.blocking {
            let subject = format!("{}.{}", b.institution, b.decision);
            w.write_record([id, "can_block_alone", &subject, &b.veto_players.join(" ")])?;
        }
        for p in &x.power {
            let subject = format!("{}.{}", p.institution, p.decision);
            w.write_record([id, "coleman_act", &subject, &p.coleman_act.to_string()])?;
            for (m, v) in &p.banzhaf {
                w.write_record([id, "banzhaf", &format!("{subject}.{m}"), &v.to_string()])?;
            }
        }
        for (s, v) in &x.coverage {
            w.write_record([id, "coverage", s, v])?;
        }
        for s in &x.grey_zone {
            w.write_record([id, "grey_zone", s, "true"])?;
        }
        for e in &x.who_must_act {
            w.write_record([
                id,
                "parties_obliged",
                &e.label,
                &e.parties_obliged.to_string(),
            ])?;
        }
        for r in &x.red_lines {
            w.write_record([id, "red_line", &format!("{}.{}", r.party, r.id), &r.holds])?;
        }
        for c in &x.ceasefires {
            w.write_record([
                id,
                "ceasefire_both_guaranteed",
                &c.agreement,
                &c.both_guaranteed.to_string(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

fn text(a: &Answer) {
    let ids = &a.architectures;
    let mut notes = Notes::new();
    let mut t = table(["architecture", "name", "as of", "grey zone", "changes"]);
    for id in ids {
        let x = &a.by_architecture[id];
        t.add_row([
            id.clone(),
            notes.cite(&x.name),
            x.date.to_string(),
            x.grey_zone.len().to_string(),
            x.changes.len().to_string(),
        ]);
    }
    crate::outln!("{t}");
    notes.print();

    // Members: one row per institution, a column per architecture.
    let insts: BTreeSet<&String> = ids
        .iter()
        .flat_map(|id| a.by_architecture[id].members.keys())
        .collect();
    let mut header = vec!["full members".to_string()];
    header.extend(ids.iter().cloned());
    let mut t = table(header.clone());
    for inst in insts {
        let mut row = vec![inst.clone()];
        for id in ids {
            row.push(
                a.by_architecture[id]
                    .members
                    .get(inst)
                    .map_or("—".to_string(), |m| m.len().to_string()),
            );
        }
        t.add_row(row);
    }
    crate::outln!("\n{t}");

    // Who can block each decision alone: the decision types whose blockers differ between
    // worlds (a merge, a rule replaced, a body established), with how many can block it alone.
    let decisions: BTreeSet<(&String, &String)> = ids
        .iter()
        .flat_map(|id| {
            a.by_architecture[id]
                .blocking
                .iter()
                .map(|b| (&b.institution, &b.decision))
        })
        .collect();
    let blockers = |id: &String, inst: &String, dec: &String| {
        a.by_architecture[id]
            .blocking
            .iter()
            .find(|b| &b.institution == inst && &b.decision == dec)
            .map(|b| (&b.veto_players, b.unavailable.is_some()))
    };
    header[0] = "can block alone".to_string();
    let mut t = table(header.clone());
    let mut differing = 0;
    for (inst, dec) in decisions {
        let cells: Vec<Option<(&Vec<String>, bool)>> =
            ids.iter().map(|id| blockers(id, inst, dec)).collect();
        if cells.windows(2).all(|w| w[0] == w[1]) {
            continue;
        }
        differing += 1;
        let mut row = vec![format!("{inst}.{dec}")];
        row.extend(cells.iter().map(|c| match c {
            None => "—".to_string(),
            Some((_, true)) => "?".to_string(),
            Some((v, false)) => v.len().to_string(),
        }));
        t.add_row(row);
    }
    if differing > 0 {
        crate::outln!(
            "\n{t}\n— the body or decision type does not exist in that world; ? its rule cannot be evaluated (see `entente check`)"
        );
    }

    // Who must act.
    header[0] = "parties obliged to act".to_string();
    let mut t = table(header.clone());
    if let Some(first) = ids.first() {
        for (k, e) in a.by_architecture[first].who_must_act.iter().enumerate() {
            let mut row = vec![format!("{} ({})", e.label, e.date)];
            for id in ids {
                row.push(a.by_architecture[id].who_must_act.get(k).map_or(
                    "—".to_string(),
                    |x| {
                        format!(
                            "{}{}",
                            x.parties_obliged,
                            if x.collective_defence { "*" } else { "" }
                        )
                    },
                ));
            }
            t.add_row(row);
        }
    }
    crate::outln!("\n{t}\n* a collective-defence obligation applies");

    // Coverage: the states whose strongest commitment differs between worlds.
    let states: BTreeSet<&String> = ids
        .iter()
        .flat_map(|id| a.by_architecture[id].coverage.keys())
        .collect();
    header[0] = "strongest commitment".to_string();
    let mut t = table(header);
    let mut differing = 0;
    for s in states {
        let vals: Vec<String> = ids
            .iter()
            .map(|id| {
                let x = &a.by_architecture[id];
                let v = x.coverage.get(s).cloned().unwrap_or_else(|| "—".into());
                if x.grey_zone.contains(s) {
                    format!("{v} (grey zone)")
                } else {
                    v
                }
            })
            .collect();
        if vals.iter().all(|v| *v == vals[0]) {
            continue;
        }
        differing += 1;
        let mut row = vec![s.clone()];
        row.extend(vals);
        t.add_row(row);
    }
    if differing == 0 {
        crate::outln!("\nNo state's strongest commitment differs between these worlds.");
    } else {
        crate::outln!("\nStates whose coverage differs:\n{t}");
    }

    for id in ids {
        for c in &a.by_architecture[id].ceasefires {
            crate::outln!(
                "{id}: ceasefire `{}` in force; {}",
                c.agreement,
                if c.both_guaranteed {
                    "every party bound to cease fire has a guarantee (M25)".to_string()
                } else {
                    let bare: Vec<&str> = c
                        .guarantees
                        .iter()
                        .filter(|(_, g)| g.is_empty())
                        .map(|(p, _)| p.as_str())
                        .collect();
                    format!("no guarantee protects {} (M25)", bare.join(", "))
                }
            );
        }
    }
}
