//! `entente deter`: does a commitment deter? For each state and attacker, under each
//! architecture: the probability of an attack (with its Monte Carlo interval) and that the
//! guarantors fight; with `--state`, which commitments and guarantors carry the deterrence, their
//! reliability and its sources; the survival of any ceasefire in force (`--svg DIR` writes the
//! charts). The answer is entente-api's `deter`; this module formats it, with a progress bar on a
//! terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use entente_api::deter::{Answer, Query};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};
use crate::table::{Notes, table};

/// Arguments of `entente deter`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente deter                                     every state, every attacker, every architecture
  entente deter status_quo ukraine_in_nato          two worlds side by side
  entente deter --state UKR --attacker RUS          who carries Ukraine's deterrence, with sources
  entente deter --draws 0                           point estimates only, no Monte Carlo
  entente deter settlement --svg charts             the ceasefire's survival curve as SVG
  entente deter --format json                       by_architecture -> states

Every figure is a named parameter with its source or the label \"analyst's assumption\"
(--format json lists them under `parameters`); the scenario's [deterrence] section overrides
them. Results depend on --seed only, never on the number of threads.

Exit status: 0 answered, 1 problems in the scenario, 2 usage error (an unknown id).")]
pub struct Args {
    /// Architecture ids, in order (default: status_quo and every architecture; the global
    /// --architecture names one).
    pub architectures: Vec<String>,
    /// Scenario files or folders. Default: the bundled Europe scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The date every world is looked at (default: each architecture's own as_of).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Only these states (repeatable); with one, every commitment and guarantor is shown.
    #[arg(long)]
    pub state: Vec<String>,
    /// These attackers (repeatable; default: the scenario's [deterrence] attackers).
    #[arg(long)]
    pub attacker: Vec<String>,
    /// Monte Carlo draws (default: the scenario's, else 10000; 0: point estimates only).
    #[arg(long)]
    pub draws: Option<u32>,
    /// Monte Carlo seed (default: the scenario's, else 1).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Make only shard K of N of the Monte Carlo's draws and print them as JSON lines, for
    /// `entente merge` (draw k is drawn from (seed, k), so a shard's draws do not depend on N).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Write the charts (attack probabilities, ceasefire survival) as SVG files into this folder.
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        let mut architectures = a.architectures.clone();
        if architectures.is_empty()
            && let Some(id) = crate::scenario::architecture()
        {
            architectures.push(id.to_string());
        }
        Query {
            architectures,
            state: a.state.clone(),
            attacker: a.attacker.clone(),
            as_of: a.as_of.map(|d| d.to_string()),
            draws: a.draws,
            seed: a.seed,
            shard: None,
        }
    }
}

fn progress_bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} states × attackers, {eta} left",
    ) {
        pb.set_style(style);
    }
    pb
}

/// Run `entente deter`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(shard) = &args.shard {
        return crate::cmd::merge::shard(&args.scenario, "deter", &Query::from(&args), shard);
    }
    let session = match crate::scenario::session(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let pb = progress_bar();
    let tick = |done: usize, total: usize| {
        pb.set_length(total as u64);
        pb.set_position(done as u64);
    };
    let result = entente_api::deter::answer_with_progress(&session, &Query::from(&args), &tick);
    pb.finish_and_clear();
    let answer = match result {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    if let Some(dir) = &args.svg {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join("deterrence.svg");
        std::fs::write(&path, entente_report::deterrence::dot_chart(&answer))
            .with_context(|| format!("cannot write {}", path.display()))?;
        for id in &answer.architectures {
            for c in &answer.by_architecture[id].ceasefires {
                let path = dir.join(format!("survival-{id}-{}.svg", c.agreement));
                std::fs::write(&path, entente_report::deterrence::survival_svg(c))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    print(&answer, args.format, args.state.len() == 1)
}

/// Print an answer; `detail`: every commitment and guarantor of each case (one state asked).
pub fn print(answer: &Answer, format: Format, detail: bool) -> anyhow::Result<ExitCode> {
    match format {
        Format::Json => print_json(answer)?,
        Format::Csv => csv(answer)?,
        Format::Table => text(answer, detail),
    }
    Ok(ExitCode::from(exit::OK))
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Tidy rows: one per architecture, state and attacker.
fn csv(a: &Answer) -> anyhow::Result<()> {
    let mut w = crate::output::csv_out();
    w.write_record([
        "architecture",
        "state",
        "attacker",
        "p_attack",
        "p05",
        "p50",
        "p95",
        "p_guarantors_fight",
        "p_war",
        "grey_zone",
    ])?;
    for id in &a.architectures {
        for s in &a.by_architecture[id].states {
            let q = |f: fn(&entente_api::types::DeterInterval) -> f64| {
                s.interval
                    .as_ref()
                    .map_or(String::new(), |i| f(i).to_string())
            };
            w.write_record([
                id.as_str(),
                &s.state,
                &s.attacker,
                &s.p_attack.to_string(),
                &q(|i| i.p05),
                &q(|i| i.p50),
                &q(|i| i.p95),
                &s.p_guarantors_fight.to_string(),
                &s.p_war.to_string(),
                if s.grey_zone { "yes" } else { "no" },
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

fn text(a: &Answer, detail: bool) {
    if a.draws == 0 {
        crate::outln!("Probability of an attack (point estimates, no draws); * grey zone.");
    } else {
        crate::outln!(
            "Probability of an attack, 5–95% over {} draws (seed {}); * grey zone.",
            a.draws,
            a.seed
        );
    }
    let mut header = vec!["state".to_string(), "attacker".to_string()];
    header.extend(a.architectures.iter().cloned());
    let mut t = table(header);
    let first = &a.by_architecture[&a.architectures[0]];
    for s in &first.states {
        let mut row = vec![
            format!("{}{}", s.state, if s.grey_zone { " *" } else { "" }),
            s.attacker.clone(),
        ];
        for id in &a.architectures {
            let c = a.by_architecture[id]
                .states
                .iter()
                .find(|c| c.state == s.state && c.attacker == s.attacker);
            row.push(c.map_or("—".into(), |c| match &c.interval {
                Some(i) => format!("{} [{}–{}]", pct(c.p_attack), pct(i.p05), pct(i.p95)),
                None => pct(c.p_attack),
            }));
        }
        t.add_row(row);
    }
    crate::outln!("{t}");
    if detail {
        let mut notes = Notes::new();
        for id in &a.architectures {
            for s in &a.by_architecture[id].states {
                crate::outln!(
                    "\n{id}: {} attacked by {} — p(attack) {}, guarantors fight {}, target fights {}, attacker's share {:.3}",
                    s.state,
                    s.attacker,
                    pct(s.p_attack),
                    pct(s.p_guarantors_fight),
                    pct(s.p_target_fights),
                    s.balance
                );
                let mut g = table([
                    "guarantor",
                    "p(fights)",
                    "capability",
                    "troops",
                    "deters by",
                    "through",
                ]);
                for x in s.guarantors.iter().take(12) {
                    g.add_row([
                        x.guarantor.clone(),
                        pct(x.p_fights),
                        format!("{:.4}", x.capability),
                        format!("{}", x.troops_present),
                        pct(x.deterrence),
                        x.commitments.join(" "),
                    ]);
                }
                crate::outln!("{g}");
                let mut c = table([
                    "commitment",
                    "kind",
                    "form / strength",
                    "reliability",
                    "source",
                ]);
                for x in s.commitments.iter().take(12) {
                    c.add_row([
                        format!("{}.{}", x.agreement, x.obligation),
                        x.kind.clone(),
                        format!(
                            "{} / {}",
                            x.legal_form.as_deref().unwrap_or("?"),
                            x.strength.as_deref().unwrap_or("?")
                        ),
                        pct(x.reliability),
                        notes.cite(&x.sources.join("; ")),
                    ]);
                }
                crate::outln!("{c}");
                for p in &s.pacts {
                    crate::outln!(
                        "non-aggression: {}.{} honoured {} ({})",
                        p.agreement,
                        p.obligation,
                        pct(p.reliability),
                        notes.cite(&p.sources.join("; "))
                    );
                }
            }
        }
        notes.print();
    }
    for id in &a.architectures {
        for c in &a.by_architecture[id].ceasefires {
            crate::outln!(
                "\n{id}: ceasefire {} — median survival {}; hazard ratio {:.2} (assumed figures)",
                c.agreement,
                c.median_years
                    .map_or("never reached".into(), |m| format!("{m:.1} years")),
                c.hazard_ratio
            );
        }
    }
    for m in &a.missing {
        crate::outln!("\nMissing: {m}");
    }
}
