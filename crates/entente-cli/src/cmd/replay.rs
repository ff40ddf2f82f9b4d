//! `entente replay`: fold a timeline of events over the scenario and print the state after each
//! event — memberships, agreements' statuses, phases opened or closed, obligations in force or
//! waiting on an unknown condition, breaches traced to their clause — and the timeline's
//! quantities (contributions and burden shares, territory and its projections). The timeline is
//! a timeline id of the scenario, or a TOML file holding one, read together with the scenario
//! (so its events are checked like any scenario file: out of order or unknown ids are refused
//! with the file, line and column).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use entente_ledger::quantities::{self, Bound, Quantities};
use entente_ledger::{Change, Options, Replay, Truth, replay};
use entente_scenario::{Loaded, Scenario};

use crate::output::{Format, exit, print_json};

/// Arguments of `entente replay`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente replay settlement                       the bundled settlement walk, phase by phase
  entente replay finland_accession                memberships change on 2023-04-04
  entente replay territory                        territory held and the 118.0 / 115.9-year projections
  entente replay assistance --format json         contributions and burden shares as data
  entente replay my-timeline.toml                 a timeline file over the bundled scenario
  entente replay t.toml -s my-scenario            ... over another scenario

Exit status: 0 replayed, 1 problems in the scenario or the timeline file (out of order, unknown
ids: located errors), 2 usage error (no such timeline).")]
pub struct Args {
    /// A timeline id of the scenario, or a TOML file holding a timeline.
    pub timeline: String,
    /// Scenario files or folders. Default: the bundled Europe scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// Print only the quantities, not the steps.
    #[arg(long)]
    pub quantities: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Reads the bundled files from memory and everything else from disk.
struct Overlay;

impl entente_scenario::load::Files for Overlay {
    fn read(&self, path: &Path) -> Result<String, String> {
        let norm = entente_scenario::load::normalise(path);
        let p = norm.to_string_lossy().replace('\\', "/");
        if let Some(rest) = p.strip_prefix("scenarios/") {
            if let Some((_, t)) = entente_scenario::bundled_files()
                .iter()
                .find(|(n, _)| *n == rest)
            {
                return Ok(t.to_string());
            }
        }
        entente_scenario::load::Files::read(&entente_scenario::load::Disk, path)
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
}

fn load_with_file(paths: &[PathBuf], file: &Path) -> Loaded {
    let mut entries: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from("scenarios/europe/scenario.toml")]
    } else {
        paths.to_vec()
    };
    entries.push(file.to_path_buf());
    if paths.is_empty() {
        entente_scenario::load_with(&entries, &Overlay)
    } else {
        entente_scenario::load(&entries)
    }
}

fn refuse(loaded: &Loaded) -> ExitCode {
    crate::scenario::print_diagnostics(loaded);
    eprintln!("error: the timeline cannot be replayed; fix the problems above");
    ExitCode::from(exit::PROBLEMS)
}

/// Load the scenario and pick the timeline.
fn pick(args: &Args) -> Result<(Scenario, String), ExitCode> {
    let as_file = Path::new(&args.timeline);
    if as_file.extension().is_some_and(|e| e == "toml") {
        if !as_file.exists() {
            eprintln!("error: no timeline file `{}`", args.timeline);
            return Err(ExitCode::from(exit::USAGE));
        }
        let base = crate::scenario::read(&args.scenario);
        let loaded = load_with_file(&args.scenario, as_file);
        if loaded.has_errors() {
            return Err(refuse(&loaded));
        }
        let new: Vec<String> = loaded
            .scenario
            .timelines
            .iter()
            .filter(|t| base.scenario.timeline(&t.id).is_none())
            .map(|t| t.id.clone())
            .collect();
        return match new.as_slice() {
            [one] => Ok((loaded.scenario, one.clone())),
            [] => {
                eprintln!("error: `{}` defines no new timeline", args.timeline);
                Err(ExitCode::from(exit::USAGE))
            }
            many => {
                eprintln!(
                    "error: `{}` defines several timelines ({}); name one by id after including the file",
                    args.timeline,
                    many.join(", ")
                );
                Err(ExitCode::from(exit::USAGE))
            }
        };
    }
    let sc = crate::scenario::load(&args.scenario)?;
    if sc.timeline(&args.timeline).is_none() {
        let ids: Vec<&str> = sc.timelines.iter().map(|t| t.id.as_str()).collect();
        let hint = entente_scenario::diag::did_you_mean(&args.timeline, ids.iter().copied());
        eprintln!(
            "error: no timeline `{}`{}; the scenario has: {}",
            args.timeline,
            hint.map(|h| format!(" ({h})")).unwrap_or_default(),
            ids.join(", ")
        );
        return Err(ExitCode::from(exit::USAGE));
    }
    let id = args.timeline.clone();
    Ok((sc, id))
}

/// Run `entente replay`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (sc, id) = match pick(&args) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let tl = sc.timeline(&id).expect("picked from the scenario");
    let r = match replay(&sc, tl, Options { snapshots: true }) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(exit::PROBLEMS));
        }
    };
    let q = quantities::quantities(Some(&sc), tl);
    let q = Quantities {
        contributions: q
            .contributions
            .into_iter()
            .filter(|c| c.from.starts_with(&tl.id))
            .collect(),
        ..q
    };
    match args.format {
        Format::Json => {
            if args.quantities {
                print_json(&q)?;
            } else {
                print_json(&serde_json::json!({ "replay": r, "quantities": q }))?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["step", "date", "order", "event", "change", "detail"])?;
            for s in &r.steps {
                for c in &s.changes {
                    let v = serde_json::to_value(c)?;
                    let kind = v["change"].as_str().unwrap_or("").to_string();
                    w.write_record([
                        s.index.to_string(),
                        s.date.to_string(),
                        s.order.to_string(),
                        s.event.clone(),
                        kind,
                        change_text(c),
                    ])?;
                }
            }
            w.flush()?;
        }
        Format::Table => {
            if !args.quantities {
                print!("{}", text(&r));
            }
            print!("{}", quantities_text(&q));
        }
    }
    Ok(ExitCode::from(exit::OK))
}

/// One change in words.
pub fn change_text(c: &Change) -> String {
    let cl = |c: &Option<String>| c.as_deref().map(|x| format!(" [{x}]")).unwrap_or_default();
    match c {
        Change::Membership {
            institution,
            actor,
            status,
        } => match status {
            Some(s) => format!("{actor} is now {s} of {institution}"),
            None => format!("{actor} leaves {institution}"),
        },
        Change::AgreementStatus { agreement, status } => format!("{agreement} is now {status}"),
        Change::PhaseOpened {
            agreement,
            phase,
            name,
        } => {
            format!("phase {agreement}.{phase} opens ({name})")
        }
        Change::PhaseClosed {
            agreement,
            phase,
            name,
        } => {
            format!("phase {agreement}.{phase} closes ({name})")
        }
        Change::InForce {
            agreement,
            obligation,
            clause,
            kind,
            ..
        } => {
            format!("in force: {agreement}.{obligation} ({kind}){}", cl(clause))
        }
        Change::Ended {
            agreement,
            obligation,
            clause,
        } => {
            format!("no longer in force: {agreement}.{obligation}{}", cl(clause))
        }
        Change::Pending {
            agreement,
            obligation,
            conditions,
        } => {
            let unknown: Vec<String> = conditions
                .iter()
                .map(|a| format!("{} = {}", a.atom, a.holds))
                .collect();
            format!(
                "waiting: {agreement}.{obligation} on {}",
                unknown.join(", ")
            )
        }
        Change::Verified { action, verified } => {
            if *verified {
                format!("verified: {action}")
            } else {
                format!("verification failed: {action}")
            }
        }
        Change::ForceLevel {
            actor,
            zone,
            quantity,
            level,
            limit,
            limited_by,
        } => match (limit, limited_by) {
            (Some(l), Some(by)) => {
                format!("{actor} {quantity} in {zone}: {level} (limit {l} under {by})")
            }
            _ => format!("{actor} {quantity} in {zone}: {level}"),
        },
        Change::Triggered {
            agreement,
            obligation,
            clause,
            kind,
            strength,
            bearers,
            beneficiary,
            applies,
            conflicts,
            ..
        } => {
            let who = if bearers.len() > 8 {
                format!("{} parties", bearers.len())
            } else {
                bearers.join(" ")
            };
            format!(
                "set off: {agreement}.{obligation}{} {kind}/{} by {who}{}{}{}",
                cl(clause),
                strength.as_deref().unwrap_or("-"),
                if beneficiary.is_empty() {
                    String::new()
                } else {
                    format!(" for {beneficiary}")
                },
                if *applies == Truth::Unknown {
                    " (unknown: a judgement call)"
                } else {
                    ""
                },
                if conflicts.is_empty() {
                    String::new()
                } else {
                    format!("; CONFLICT, also bound by {}", conflicts.join("; "))
                }
            )
        }
        Change::Sanctions {
            actor,
            subject,
            status,
            tranche,
            relief_in_force,
        } => {
            let relaxing = matches!(status.as_deref(), Some("relaxed" | "lifted" | "eased"));
            format!(
                "{actor} sanctions on {}: {}{}{}",
                subject.as_deref().unwrap_or("?"),
                status.as_deref().unwrap_or("changed"),
                tranche
                    .map(|t| format!(" (tranche {t})"))
                    .unwrap_or_default(),
                if !relief_in_force.is_empty() {
                    format!(", under {}", relief_in_force.join(", "))
                } else if relaxing {
                    ", AHEAD of any relief obligation in force".to_string()
                } else {
                    String::new()
                }
            )
        }
        Change::Breach {
            agreement,
            obligation,
            clause,
            by,
            what,
            source,
        } => format!(
            "BREACH of {agreement}{}{} by {by}: {what}{}",
            if obligation.is_empty() {
                String::new()
            } else {
                format!(".{obligation}")
            },
            cl(clause),
            source
                .as_deref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default()
        ),
    }
}

/// The replay as text.
pub fn text(r: &Replay) -> String {
    let mut out = format!("Timeline `{}` ({}): {}\n", r.timeline, r.kind, r.name);
    for s in &r.steps {
        out.push_str(&format!("\n#{} {} {}\n", s.index, s.date, s.event));
        for c in &s.changes {
            out.push_str(&format!("  - {}\n", change_text(c)));
        }
        if let Some(st) = &s.state {
            if !st.phases_open.is_empty() {
                out.push_str(&format!("  phases open: {}\n", st.phases_open.join(", ")));
            }
            if !st.waiting.is_empty() {
                let w: Vec<String> = st
                    .waiting
                    .iter()
                    .map(|(o, a)| format!("{o} ({})", a.join(", ")))
                    .collect();
                out.push_str(&format!("  waiting on unknown: {}\n", w.join("; ")));
            }
            if !st.breached.is_empty() {
                out.push_str(&format!("  breached so far: {}\n", st.breached.join(", ")));
            }
        }
    }
    out
}

fn bound(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "",
        Bound::AtLeast => "over ",
        Bound::AtMost => "up to ",
    }
}

/// The quantities as text.
pub fn quantities_text(q: &Quantities) -> String {
    let mut out = String::new();
    if !q.contributions.is_empty() {
        out.push_str("\nContributions and burden shares (M15)\n");
        for c in &q.contributions {
            let v = c
                .value_bn
                .map(|v| format!("{}{} {:.1} bn", bound(c.bound), c.currency, v))
                .unwrap_or_else(|| "amount not stated".into());
            let share = c
                .share
                .map(|s| {
                    format!(
                        ", {}{:.0}% of the year's total",
                        bound(c.share_bound),
                        s * 100.0
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "  {} {}{}: {}{}{}\n",
                c.year,
                c.giver,
                if c.total { " (total)" } else { "" },
                v,
                share,
                c.source
                    .as_deref()
                    .map(|s| format!(" — {s}"))
                    .unwrap_or_default()
            ));
        }
    }
    if !q.territory.is_empty() {
        out.push_str("\nTerritory held (M29)\n");
        for h in &q.territory {
            out.push_str(&format!(
                "  {} {} holds {:.0} km² of {}{}{}\n",
                h.date,
                h.holder,
                h.held_km2,
                h.of,
                h.share
                    .map(|s| format!(" ({:.2}%)", s * 100.0))
                    .unwrap_or_default(),
                h.source
                    .as_deref()
                    .map(|s| format!(" — {s}"))
                    .unwrap_or_default()
            ));
        }
    }
    if !q.projections.is_empty() {
        out.push_str("\nProjections: years to take the rest at a stated rate\n");
        for p in &q.projections {
            out.push_str(&format!(
                "  {:>6.1} years = {:.0} km² remaining / {:.0} km² a year ({}; rate {}{})\n",
                p.years,
                p.remaining_km2,
                p.rate_km2_per_year,
                p.basis,
                p.rate_date,
                p.rate_source
                    .as_deref()
                    .map(|s| format!(", {s}"))
                    .unwrap_or_default()
            ));
        }
    }
    out
}
