//! `entente negotiate`: analyse a settlement space — the count of packages and of acceptable
//! ones, the Pareto frontier, the Nash, Kalai–Smorodinsky, utilitarian and egalitarian
//! solutions, and why no deal exists when none does — and optionally run an automated
//! negotiation. Reads the GENIUS XML or GeniusWeb JSON files named on the command line into the
//! query; the answer comes from `entente_api::negotiate` and is only formatted here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use entente_api::negotiate::{
    Answer, Flip, Genius, Linked, Mediation, Package, PeerFile, Query, Simulate,
};
use entente_api::types::Disagreement;

use crate::output::{Format, exit};
use crate::table::{Notes, table};

/// Which disagreement point the solutions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DisagreementArg {
    /// Each party's no-deal value.
    NoDeal,
    /// Each party's reservation value (GENIUS's rule).
    Reservation,
    /// Zero for everybody.
    Zero,
}

/// Arguments of `entente negotiate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente negotiate                      # the bundled scenario's settlement
  entente negotiate --disagreement no-deal --robustness --format json
  entente negotiate --genius Party2/party_domain.xml Party2/party1_utility.xml Party2/party2_utility.xml
  entente negotiate --genius DOMAIN.xml A.xml B.xml --format json --disagreement zero
  entente negotiate --geniusweb a.json b.json c.json --format json
  entente negotiate --genius DOMAIN.xml A.xml B.xml --simulate --agents boulware,conceder --rounds 100 --seed 7
  entente negotiate --genius DOMAIN.xml A.xml B.xml --robustness
  entente negotiate --settlement us_russia_arms --linked --mediator USA
  entente negotiate --settlement us_russia_arms --linked-outcome ukraine:nash_after_concession")]
pub struct Args {
    /// Scenario files or folders (default: the bundled Europe scenario).
    #[command(flatten)]
    pub scenario: crate::scenario::ScenarioArgs,
    /// Which `[settlement.ID]` of the scenario (default: the first).
    #[arg(long, value_name = "ID")]
    pub settlement: Option<String>,
    /// A GENIUS domain file followed by two or more profile files.
    #[arg(long, num_args = 2.., value_names = ["DOMAIN", "PROFILE"])]
    pub genius: Vec<PathBuf>,
    /// GeniusWeb JSON profiles (linear additive, with their domain inline).
    #[arg(long, num_args = 1.., value_name = "PROFILE", conflicts_with = "genius")]
    pub geniusweb: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Disagreement point of the solutions.
    /// [default: reservation for GENIUS/GeniusWeb files, no-deal for scenarios]
    #[arg(long, value_enum)]
    pub disagreement: Option<DisagreementArg>,
    /// Equal steps a real-valued GENIUS issue is cut into (steps + 1 values).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub real_steps: usize,
    /// Largest number of frontier points printed in the table format.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub show: usize,
    /// Also check the Nash solution's robustness to ±10% on every preference number.
    #[arg(long)]
    pub robustness: bool,
    /// Also run an automated negotiation (stacked alternating offers).
    #[arg(long)]
    pub simulate: bool,
    /// Agents, one per party in order (boulware, linear, conceder, tit-for-tat, e=<exponent>);
    /// the last one is repeated for the remaining parties.
    #[arg(long, value_delimiter = ',', default_value = "boulware")]
    pub agents: Vec<String>,
    /// Deadline of the negotiation, in rounds.
    #[arg(long, default_value_t = 100)]
    pub rounds: usize,
    /// Seed of the negotiation's random choices.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Parties that defect (comma-separated): analyse the space again without them and show
    /// which solutions and frontier packages survive (M13).
    #[arg(long, value_delimiter = ',', value_name = "PARTIES")]
    pub without: Vec<String>,
    /// Red lines conceded (repeatable or comma-separated): analyse the space again with each
    /// party's named red line dropped and show which solutions and frontier packages survive
    /// and how many packages become acceptable (M13).
    #[arg(long, value_delimiter = ',', value_name = "PARTY:REDLINE")]
    pub flip: Vec<String>,
    /// A party that mediates by a single negotiating text (M30), compared with alternating
    /// offers on the same space.
    #[arg(long, value_name = "PARTY")]
    pub mediator: Option<String>,
    /// Linked negotiations (M30): also analyse the settlement with its linkages applied, each
    /// linked settlement's outcome read as the linkage says; with --mediator, both tracks are
    /// mediated.
    #[arg(long)]
    pub linked: bool,
    /// Assume a linked settlement's outcome instead of the linkage's rule (implies --linked):
    /// SETTLEMENT:CHOICE, CHOICE one of nash, kalai_smorodinsky, nash_after_concession, a
    /// package index, or none (no agreement). Repeatable.
    #[arg(long, value_name = "SETTLEMENT:CHOICE")]
    pub linked_outcome: Vec<String>,
}

fn peer_file(p: &Path) -> anyhow::Result<PeerFile> {
    let name = p.display().to_string();
    let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {name}"))?;
    Ok(PeerFile { name, text })
}

/// The query the arguments ask; reading the files they name is the only work done here.
fn query(args: &Args) -> anyhow::Result<Query> {
    let genius = match args.genius.split_first() {
        Some((domain, profiles)) => Some(Genius {
            domain: peer_file(domain)?,
            profiles: profiles
                .iter()
                .map(|p| peer_file(p))
                .collect::<anyhow::Result<_>>()?,
        }),
        None => None,
    };
    let geniusweb = args
        .geniusweb
        .iter()
        .map(|p| peer_file(p))
        .collect::<anyhow::Result<_>>()?;
    Ok(Query {
        settlement: args.settlement.clone(),
        genius,
        geniusweb,
        disagreement: args.disagreement.map(|d| match d {
            DisagreementArg::NoDeal => Disagreement::NoDeal,
            DisagreementArg::Reservation => Disagreement::Reservation,
            DisagreementArg::Zero => Disagreement::Zero,
        }),
        real_steps: args.real_steps,
        robustness: args.robustness,
        simulate: args.simulate.then(|| Simulate {
            agents: args.agents.clone(),
            rounds: args.rounds,
            seed: args.seed,
        }),
        after_first_concession: false,
        without: args.without.clone(),
        flip: args
            .flip
            .iter()
            .map(|f| f.parse::<Flip>())
            .collect::<Result<_, _>>()?,
        mediator: args.mediator.clone(),
        linked: args.linked,
        linked_outcome: args.linked_outcome.clone(),
    })
}

fn fmt_u(u: &[f64]) -> String {
    let parts: Vec<String> = u.iter().map(|x| format!("{x:.4}")).collect();
    format!("({})", parts.join(", "))
}

fn outcome_text(a: &Answer, index: u64) -> String {
    let parts: Vec<String> = a
        .labels(index)
        .into_iter()
        .map(|(i, v)| format!("{i}={v}"))
        .collect();
    parts.join(", ")
}

/// Run `entente negotiate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let q = query(&args)?;
    let result = if q.uses_peer_files() {
        entente_api::negotiate::answer_on(None, &q)
    } else {
        let session = match crate::scenario::session(&args.scenario.scenario) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
        entente_api::negotiate::answer_on(Some(session.scenario()), &q)
    };
    let a = match result {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    for w in &a.warnings {
        eprintln!("{w}");
    }
    match args.format {
        Format::Json => {
            // One write: stdout is line-buffered and a large frontier has many lines.
            let mut buf = serde_json::to_vec_pretty(&a)?;
            buf.push(b'\n');
            std::io::Write::write_all(&mut std::io::stdout().lock(), &buf)?;
        }
        Format::Csv => print_csv(&a),
        Format::Table => print_table(&a, args.show),
    }
    Ok(ExitCode::from(exit::OK))
}

fn print_csv(a: &Answer) {
    let mut header = vec!["index".to_string()];
    header.extend(a.parties.iter().map(|p| format!("u_{p}")));
    header.extend(a.issues.iter().cloned());
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for p in &a.pareto {
        let mut row = vec![p.index.to_string()];
        row.extend(p.utilities.iter().map(|u| format!("{u}")));
        row.extend(a.labels(p.index).into_iter().map(|(_, v)| csv_field(&v)));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    crate::out!("{out}");
}

fn print_table(a: &Answer, show: usize) {
    crate::outln!(
        "Settlement space {} — parties {}",
        a.space,
        a.parties.join(", ")
    );
    crate::outln!("packages:            {}", a.outcomes);
    crate::outln!("acceptable to all:   {}", a.acceptable);
    crate::outln!("Pareto frontier:     {} package(s)", a.pareto.len());
    crate::outln!(
        "disagreement point:  {} ({:?})",
        fmt_u(&a.disagreement),
        a.disagreement_rule
    );
    let mut header = vec!["".to_string()];
    header.extend(a.parties.iter().map(|p| format!("u {p}")));
    header.push("package".into());
    let row = |name: &str, p: &Package| {
        let mut r = vec![name.to_string()];
        r.extend(p.utilities.iter().map(|u| format!("{u:.4}")));
        r.push(outcome_text(a, p.index));
        r
    };
    if !a.pareto.is_empty() {
        let mut t = table(header.clone());
        for p in a.pareto.iter().take(show) {
            t.add_row(row("frontier", p));
        }
        crate::outln!("{t}");
        if a.pareto.len() > show {
            crate::outln!(
                "  … {} more (use --show or --format json)",
                a.pareto.len() - show
            );
        }
    }
    let mut t = table(header);
    for (name, p) in [
        ("Nash", &a.nash),
        ("Kalai–Smorodinsky", &a.kalai_smorodinsky),
        ("KS (GENIUS variant)", &a.kalai_smorodinsky_genius),
        ("utilitarian", &a.utilitarian),
        ("egalitarian", &a.egalitarian),
    ] {
        match p {
            Some(p) => t.add_row(row(name, p)),
            None => {
                let mut r = vec![name.to_string()];
                r.extend(a.parties.iter().map(|_| "–".to_string()));
                r.push("none".into());
                t.add_row(r)
            }
        };
    }
    crate::outln!("{t}");
    if let Some(e) = &a.explanation {
        crate::out!("{e}");
    }
    if let Some(vs) = &a.party_views {
        crate::outln!("What each party gets at the chosen solution:");
        let mut t = table(["party", "gains most on", "trades away"]);
        for v in vs {
            let g: Vec<&str> = v.gains.iter().take(3).map(|s| s.issue.as_str()).collect();
            let tr: Vec<&str> = v.trades.iter().take(3).map(|s| s.issue.as_str()).collect();
            t.add_row([v.party.clone(), g.join(", "), tr.join(", ")]);
        }
        crate::outln!("{t}");
    }
    if let Some(r) = &a.robustness {
        match r.package {
            Some(p) => crate::outln!(
                "Robustness of the Nash package ({}) under ±10% moves: {} of {} moves keep it",
                outcome_text(a, p),
                r.unchanged,
                r.tried
            ),
            None => crate::outln!(
                "Robustness under ±10% moves: there is no Nash package; {} of {} moves leave it so",
                r.unchanged,
                r.tried
            ),
        }
        if !r.flips.is_empty() {
            let mut notes = Notes::new();
            let mut t = table(["party", "number", "move", "package then chosen"]);
            for f in r.flips.iter().take(10) {
                let pkg = f.package.map_or("none".into(), |p| outcome_text(a, p));
                t.add_row([
                    f.party.clone(),
                    f.number.clone(),
                    f.change.clone(),
                    notes.cite(&pkg),
                ]);
            }
            crate::outln!("{t}");
            notes.print();
        }
    }
    if let Some(s) = &a.simulation {
        let s = &s.outcome;
        match &s.agreement {
            Some(ag) => crate::outln!(
                "Negotiation: agreement in round {} on {} {}; distance to frontier {:.4}, to Nash {}",
                ag.round + 1,
                outcome_text(a, ag.package),
                fmt_u(&ag.utilities),
                s.distance_to_frontier.unwrap_or(f64::NAN),
                s.distance_to_nash
                    .map_or("n/a".into(), |d| format!("{d:.4}"))
            ),
            None => crate::outln!(
                "Negotiation: no agreement within {} rounds ({} offers)",
                s.rounds_played,
                s.offers
            ),
        }
    }
    if let Some(m) = &a.mediation {
        print_mediation(a, m, "");
    }
    if let Some(d) = &a.defection {
        let mut who: Vec<String> = Vec::new();
        if !d.without.is_empty() {
            who.push(d.without.join(", "));
        }
        for f in &d.flipped {
            who.push(format!("{} conceding its red line {}", f.party, f.red_line));
        }
        let new_on_frontier = d.analysis.pareto.len().saturating_sub(d.pareto_surviving);
        crate::outln!(
            "Defection of {}: {} packages acceptable to every remaining party (against {}); {} of the {} frontier packages stay on the frontier, {} join it",
            who.join(" and "),
            d.acceptable_without,
            d.acceptable_with,
            d.pareto_surviving,
            d.pareto_with,
            new_on_frontier
        );
        for f in &d.flipped {
            if let Some(src) = &f.source {
                crate::outln!("  {} concedes {}: {}", f.party, f.red_line, src);
            }
        }
        for sol in &d.solutions {
            let show = |x: Option<u64>, ans: &Answer| {
                x.map_or("none".to_string(), |i| outcome_text(ans, i))
            };
            crate::outln!(
                "  {}: {} (with all) → {} (without){}",
                sol.solution,
                show(sol.with, a),
                show(sol.without, &d.analysis),
                if sol.survives { ", survives" } else { "" }
            );
        }
    }
    if a.linked.is_none() && !a.linked_to.is_empty() {
        crate::outln!(
            "Linked to: {} (its outcome changes this settlement; --linked applies the linkages)",
            a.linked_to.join(", ")
        );
    }
    if let Some(l) = &a.linked {
        print_linked(a, l);
    }
}

fn print_mediation(a: &Answer, m: &Mediation, indent: &str) {
    crate::outln!(
        "{indent}Single negotiating text, {} mediating ({} version(s)):",
        m.text.mediator,
        m.text.drafts.len()
    );
    for (i, d) in m.text.drafts.iter().enumerate() {
        crate::outln!(
            "{indent}  {}. {}{} {}; rejected by: {}",
            i + 1,
            d.changed
                .as_ref()
                .map_or("first draft".to_string(), |c| format!("revise {c}")),
            if i == 0 { "" } else { " →" },
            fmt_u(&d.utilities),
            if d.rejecting.is_empty() {
                "nobody".to_string()
            } else {
                d.rejecting.join(", ")
            }
        );
    }
    crate::outln!(
        "{indent}  text: {}",
        outcome_text(a, m.text.drafts.last().map_or(0, |d| d.index))
    );
    crate::outln!("{indent}  {}", m.conclusion);
    let s = &m.alternating_offers.outcome;
    match &s.agreement {
        Some(ag) => crate::outln!(
            "{indent}  alternating offers on the same space: agreement in round {} on {} {}",
            ag.round + 1,
            outcome_text(a, ag.package),
            fmt_u(&ag.utilities)
        ),
        None => crate::outln!(
            "{indent}  alternating offers on the same space: no agreement within {} rounds",
            s.rounds_played
        ),
    }
}

fn map_text(m: &std::collections::BTreeMap<String, String>, order: &[String]) -> String {
    let mut parts: Vec<String> = order
        .iter()
        .filter_map(|k| m.get(k).map(|v| format!("{k}={v}")))
        .collect();
    parts.extend(
        m.iter()
            .filter(|(k, _)| !order.contains(k))
            .map(|(k, v)| format!("{k}={v}")),
    );
    parts.join(", ")
}

fn print_linked(a: &Answer, l: &Linked) {
    crate::outln!("Linked negotiations:");
    for u in &l.linkages {
        let outcome = match &u.package {
            Some(p) => format!("package {} ({})", p.index, map_text(&p.outcome, &[])),
            None => "no agreement".to_string(),
        };
        crate::outln!(
            "  linkage {}: outcome of {} ({}{}): {}",
            u.id,
            u.settlement,
            u.outcome_rule,
            if u.assumed { ", assumed" } else { "" },
            outcome
        );
        crate::outln!(
            "    when {}: {} — {}",
            u.when,
            if u.applies {
                "applies"
            } else {
                "does not apply"
            },
            u.changes.join("; ")
        );
        if let Some(m) = &u.mediation {
            crate::outln!(
                "    {} mediated by {} ({} version(s)): {}; text: {}",
                u.settlement,
                m.text.mediator,
                m.text.drafts.len(),
                m.conclusion,
                map_text(&m.final_outcome, &[])
            );
        }
    }
    crate::outln!(
        "  acceptable to all: {} without the linkages, {} with them; Pareto frontier: {} → {} package(s)",
        l.acceptable_unlinked,
        l.acceptable_linked,
        l.pareto_unlinked,
        l.pareto_linked
    );
    let b = &l.analysis;
    for sol in &l.solutions {
        let show =
            |x: Option<u64>, ans: &Answer| x.map_or("none".to_string(), |i| outcome_text(ans, i));
        crate::outln!(
            "  {}: {} (without) → {} (with){}",
            sol.solution,
            show(sol.unlinked, a),
            show(sol.linked, b),
            if sol.same { ", the same" } else { "" }
        );
    }
    if let Some(e) = &b.explanation {
        crate::outln!("  With the linkages:");
        for line in e.lines() {
            crate::outln!("    {line}");
        }
    }
    if let Some(m) = &b.mediation {
        crate::outln!("  With the linkages:");
        print_mediation(b, m, "    ");
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
