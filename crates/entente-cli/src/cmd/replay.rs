//! `entente replay`: fold a timeline of events over the scenario and print the state after each
//! event — memberships, agreements' statuses, phases opened or closed, obligations in force or
//! waiting on an unknown condition, breaches traced to their clause — and the timeline's
//! quantities (contributions and burden shares, territory and its projections). The timeline is
//! a timeline id of the scenario, or a TOML file holding one, read together with the scenario
//! (so its events are checked like any scenario file: out of order or unknown ids are refused
//! with the file, line and column). The flags make the `replay` Query (timeline files are read
//! here and handed over as text); the API answers; this module formats.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use entente_api::replay::Query;
use entente_api::types::{Bound, Quantities, TimelineReplay as Replay};

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
  entente replay my_walk a.toml b.toml            the timeline `my_walk` defined in these files
  entente replay settlement --defect RUS@2026-10-01
                                                  Russia breaches every obligation it bears from
                                                  that day: what it sets off, what it releases
  entente replay settlement --defect RUS@2026-10-01:nato_russia_pact
                                                  ... only its obligations under the pact

Exit status: 0 replayed, 1 problems in the scenario or the timeline file (out of order, unknown
ids: located errors), 2 usage error (no such timeline).")]
pub struct Args {
    /// A timeline id of the scenario, or a TOML file holding a timeline.
    pub timeline: String,
    /// Further timeline files, read together with the scenario (TIMELINE is then an id they
    /// or the scenario define).
    pub files: Vec<PathBuf>,
    /// Scenario files or folders. Default: the bundled Europe scenario.
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// Print only the quantities, not the steps.
    #[arg(long)]
    pub quantities: bool,
    /// A party defects (M13, repeatable): from DATE on it breaches every obligation it bears
    /// that is in force (or only those of the agreements named); the replay shows the breaches,
    /// the obligations they set off and those of others they release.
    #[arg(long, value_name = "PARTY@DATE[:AGREEMENT,...]")]
    pub defect: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// The `replay` Query of the arguments: a timeline named by id, or a `.toml` file holding one;
/// the files are read here, the API gets their text.
fn query(args: &Args) -> Result<Query, ExitCode> {
    let mut q = Query {
        timeline: Some(args.timeline.clone()),
        files: BTreeMap::new(),
        quantities: args.quantities,
        defect: Vec::new(),
    };
    for d in &args.defect {
        match entente_api::replay::parse_defection(d) {
            Ok(d) => q.defect.push(d),
            Err(e) => return Err(crate::scenario::fail(&e)),
        }
    }
    let mut paths: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let as_file = Path::new(&args.timeline);
    if as_file.extension().is_some_and(|e| e == "toml") {
        q.timeline = None;
        paths.insert(0, as_file);
    }
    for p in paths {
        match std::fs::read_to_string(p) {
            Ok(text) => {
                q.files.insert(p.to_string_lossy().into_owned(), text);
            }
            Err(e) => {
                eprintln!("error: no timeline file `{}` ({e})", p.display());
                return Err(ExitCode::from(exit::USAGE));
            }
        }
    }
    Ok(q)
}

/// Run `entente replay`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let q = match query(&args) {
        Ok(q) => q,
        Err(code) => return Ok(code),
    };
    let session = match crate::scenario::session(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let ans = match entente_api::replay::answer(&session, &q) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        // Keys in alphabetical order, as the API answers JSON.
        Format::Json => print_json(&serde_json::to_value(&ans)?)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record(["step", "date", "order", "event", "change", "detail"])?;
            for s in ans.replay().map(|r| r.steps.as_slice()).unwrap_or_default() {
                for c in &s.changes {
                    w.write_record([
                        s.index.to_string(),
                        s.date.to_string(),
                        s.order.to_string(),
                        s.event.clone(),
                        c.tag().to_string(),
                        c.describe(),
                    ])?;
                }
            }
            w.flush()?;
        }
        Format::Table => {
            if let Some(r) = ans.replay() {
                crate::out!("{}", text(r));
            }
            crate::out!("{}", quantities_text(ans.quantities()));
        }
    }
    Ok(ExitCode::from(exit::OK))
}

/// The replay as text. The running state (phases open, obligations waiting on an unknown,
/// agreements breached so far) is printed at the first step and then only where it changes, so
/// that a line is news, not a refrain.
pub fn text(r: &Replay) -> String {
    let mut out = format!("Timeline `{}` ({}): {}\n", r.timeline, r.kind, r.name);
    let mut shown: [String; 3] = Default::default();
    for s in &r.steps {
        if s.kind == "defection" {
            out.push_str(&format!("\n#! {} {}\n", s.date, s.event));
        } else if s.index == 0 {
            // A step of the calendar: a term runs out between two events.
            out.push_str(&format!("\n#- {} {}\n", s.date, s.event));
        } else {
            out.push_str(&format!("\n#{} {} {}\n", s.index, s.date, s.event));
        }
        for c in &s.changes {
            out.push_str(&format!("  - {}\n", c.describe()));
        }
        if let Some(st) = &s.state {
            let waiting: Vec<String> = st
                .waiting
                .iter()
                .map(|(o, a)| format!("{o} ({})", a.join(", ")))
                .collect();
            let now = [
                st.phases_open.join(", "),
                waiting.join("; "),
                st.breached.join(", "),
            ];
            let labels = ["phases open", "waiting on unknown", "breached so far"];
            for k in 0..3 {
                if now[k] != shown[k] {
                    let v = if now[k].is_empty() { "none" } else { &now[k] };
                    out.push_str(&format!("  {}: {v}\n", labels[k]));
                }
            }
            shown = now;
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
                "  {} {}{}{}: {}{}{}\n",
                c.year,
                c.giver,
                if c.total { " (total)" } else { "" },
                c.from
                    .strip_prefix("agreement ")
                    .map(|a| format!(" under {a}"))
                    .unwrap_or_default(),
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
