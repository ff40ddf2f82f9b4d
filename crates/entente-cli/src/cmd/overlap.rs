//! `entente overlap A B ...`: overlapping bodies (M35) — for each pair of institutions, their
//! members (shared, only in one), competences (shared, conflicting) and vetoes (who holds one
//! in each, who gains or loses one between them). Asked of a world with a merge (an
//! architecture's `merge`, `--architecture`), the answer adds each merge before and after. The
//! flags make the `overlap` Query; the API answers; this module formats.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::overlap::{Answer, Query, answer};
use jiff::civil::Date;

use crate::output::{Format, print_json};
use crate::table::table;

/// Arguments of `entente overlap`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente overlap nato eu                        members and competences of NATO and the EU
  entente overlap                                every pair of institutions
  entente --architecture inclusive_body overlap osce european_security_organisation
                                                 the OSCE against the inclusive body: who gains or loses a veto
  entente --architecture osce_merged overlap osce european_security_organisation
                                                 the two merged: who can block each decision alone, before and after")]
pub struct Args {
    /// Institutions to compare, two or more (none: every institution).
    pub institutions: Vec<String>,
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
            institutions: a.institutions.clone(),
            as_of: a.as_of.map(|d| d.to_string()),
        }
    }
}

/// Run `entente overlap`.
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
            w.write_record(["a", "b", "what", "group", "id"])?;
            for p in &a.pairs {
                let groups: [(&str, &str, &Vec<String>); 9] = [
                    ("member", "shared", &p.shared),
                    ("member", "only_a", &p.only_a),
                    ("member", "only_b", &p.only_b),
                    ("competence", "only_a", &p.only_a_competences),
                    ("competence", "only_b", &p.only_b_competences),
                    ("competence", "conflicting", &p.conflicting_competences),
                    ("veto", "a", &p.vetoes_a),
                    ("veto", "gained", &p.veto_gained),
                    ("veto", "lost", &p.veto_lost),
                ];
                for (what, group, ids) in groups {
                    for id in ids {
                        w.write_record([&p.a, &p.b, what, group, id])?;
                    }
                }
                for c in &p.shared_competences {
                    w.write_record([&p.a, &p.b, "competence", "shared", &c.id])?;
                }
                for v in &p.vetoes_b {
                    w.write_record([&p.a, &p.b, "veto", "b", v])?;
                }
            }
            // A merge: `a` the merged bodies, `b` the body that continues.
            for m in &a.merges {
                let from = m.institutions.join("+");
                for (group, ids) in [
                    ("joined", &m.joined),
                    ("left", &m.left),
                    ("gained", &m.veto_gained),
                    ("lost", &m.veto_lost),
                ] {
                    let what = if group.starts_with('j') || group.starts_with("le") {
                        "merge_member"
                    } else {
                        "merge_veto"
                    };
                    for id in ids {
                        w.write_record([&from, &m.into, what, group, id])?;
                    }
                }
                for b in m.before.iter().chain(std::iter::once(&m.after)) {
                    let when = if std::ptr::eq(b, &m.after) {
                        "after"
                    } else {
                        "before"
                    };
                    for d in &b.decisions {
                        for v in &d.veto_players {
                            w.write_record([
                                &from,
                                &m.into,
                                &format!("merge_decision_veto_{when}"),
                                &format!("{}.{}", b.institution, d.decision),
                                v,
                            ])?;
                        }
                    }
                }
            }
            w.flush()?;
        }
        Format::Table => crate::out!("{}", render(&a)),
    }
    Ok(ExitCode::SUCCESS)
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        format!("{} ({})", v.len(), v.join(", "))
    }
}

fn render(a: &Answer) -> String {
    let mut out = format!("Overlapping bodies as of {}\n", a.date);
    for p in &a.pairs {
        let mut t = table(["", p.a.as_str(), p.b.as_str()]);
        t.add_row([
            "members in both".to_string(),
            list(&p.shared),
            String::new(),
        ]);
        t.add_row([
            "members only in one".to_string(),
            list(&p.only_a),
            list(&p.only_b),
        ]);
        t.add_row([
            "competences only in one".to_string(),
            list(&p.only_a_competences),
            list(&p.only_b_competences),
        ]);
        for c in &p.shared_competences {
            t.add_row([
                format!(
                    "shared competence {}{}",
                    c.id,
                    if c.conflicting {
                        " (conflicting rules)"
                    } else {
                        ""
                    }
                ),
                c.rules_a.join("; "),
                c.rules_b.join("; "),
            ]);
        }
        t.add_row([
            "a general veto (every decision)".to_string(),
            list(&p.vetoes_a),
            list(&p.vetoes_b),
        ]);
        let n = p.decisions_a.len().max(p.decisions_b.len());
        for k in 0..n {
            let cell = |d: Option<&entente_api::overlap::DecisionVetoes>| {
                d.map(|d| {
                    format!(
                        "{} [{}]: {} vetoes",
                        d.decision,
                        d.rule,
                        d.veto_players.len()
                    )
                })
                .unwrap_or_default()
            };
            t.add_row([
                if k == 0 {
                    "decision types".to_string()
                } else {
                    String::new()
                },
                cell(p.decisions_a.get(k)),
                cell(p.decisions_b.get(k)),
            ]);
        }
        t.add_row([
            format!("general veto lost / gained from {} to {}", p.a, p.b),
            list(&p.veto_lost),
            list(&p.veto_gained),
        ]);
        out += &format!("{t}\n");
    }
    for m in &a.merges {
        out += &format!(
            "Merge of {} into {} on {}\n",
            m.institutions.join(" and "),
            m.into,
            m.date
        );
        let mut t = table(["", "before", "after"]);
        let names: Vec<&str> = m.before.iter().map(|b| b.institution.as_str()).collect();
        t.add_row([
            "members".to_string(),
            m.before
                .iter()
                .map(|b| format!("{}: {}", b.institution, b.members.len()))
                .collect::<Vec<_>>()
                .join("; "),
            format!("{}: {}", m.after.institution, m.after.members.len()),
        ]);
        t.add_row([
            "members joined / left".to_string(),
            list(&m.left),
            list(&m.joined),
        ]);
        let decision = |b: &entente_api::overlap::BodyVetoes| {
            b.decisions
                .iter()
                .map(|d| {
                    format!(
                        "{}.{} [{}]: {} can block alone",
                        b.institution,
                        d.decision,
                        d.rule,
                        d.veto_players.len()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        t.add_row([
            "decision types".to_string(),
            m.before.iter().map(decision).collect::<Vec<_>>().join("\n"),
            decision(&m.after),
        ]);
        t.add_row([
            "a general veto (every decision)".to_string(),
            list(
                &m.before
                    .iter()
                    .flat_map(|b| b.general_vetoes.iter().cloned())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>(),
            ),
            list(&m.after.general_vetoes),
        ]);
        t.add_row([
            "general veto lost / gained".to_string(),
            list(&m.veto_lost),
            list(&m.veto_gained),
        ]);
        for d in &m.decision_veto_gained {
            t.add_row([
                format!("can block {} alone, and nothing before", d.decision),
                String::new(),
                list(&d.members),
            ]);
        }
        t.add_row([
            "competences".to_string(),
            names.join(", "),
            m.competences.join(", "),
        ]);
        out += &format!("{t}\n");
    }
    out
}
