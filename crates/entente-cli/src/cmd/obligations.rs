//! `entente obligations`: who must act when an event happens (M5, M6, M7, M25, M28). Builds the
//! `obligations` Query from the flags, asks the API, and prints every obligation with its
//! agreement, clause, kind, strength, the checks it depends on and conflicts; `--format json`
//! gives the documented array of rows, one object per obligation (bearer, beneficiary,
//! agreement, clause, kind, strength, applies, checks, conditions, conflicts, source). Also the
//! shared plumbing of the commitments commands: opening a session and reporting an API error.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::obligations::{Answer, Query};
use entente_api::types::{IncidentKind, Truth};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};
use crate::table::{Notes, table};

/// Arguments of `entente obligations`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente obligations --event \"RUS attacks POL\"                  Art. 5: the 31 other allies
  entente obligations --event \"RUS attacks FIN\" --as-of 2023-04-03   the day before Finland joined
  entente obligations --event \"RUS attacks UKR\"                  no collective defence; bilateral commitments by strength
  entente obligations --event \"RUS attacks EST\" --kind hybrid_attack   Art. 4 consultation; Art. 5 left to judgement
  entente obligations --event \"RUS attacks USA forces in KAZ\"    forces outside the Art. 6 area
  entente obligations --event \"RUS violates the ceasefire\" --all --format json

Event forms: \"X attacks Y\", \"X attacks Y forces in Z\" (Z an actor or zone), \"X breaches AGREEMENT\",
\"X violates the ceasefire\", \"X violates AGREEMENT\". Ids are the scenario's (states: ISO alpha-3).
Exit status: 0 answered, 1 problems in the scenario, 2 usage error (unknown id, unreadable event).")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
    /// Scenario files or folders (the same as the positional paths, as every command takes them).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// The event, e.g. "RUS attacks POL".
    #[arg(long, short = 'e')]
    pub event: String,
    /// The kind of an attack: armed_attack (default), hybrid_attack, limited_incursion,
    /// attack_on_forces_abroad.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<IncidentKind>,
    /// The date to ask about (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Also list obligations that answer this kind of event but do not apply, with the reason.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn parse_kind(s: &str) -> Result<IncidentKind, String> {
    IncidentKind::parse(s)
        .ok_or_else(|| format!("unknown kind `{s}`; one of: {}", IncidentKind::WORDS))
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        Query {
            event: a.event.clone(),
            kind: a.kind,
            as_of: a.as_of.map(|d| d.to_string()),
        }
    }
}

/// Run `entente obligations`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session =
        match crate::scenario::session(&[args.paths.clone(), args.scenario.clone()].concat()) {
            Ok(s) => s,
            Err(code) => return Ok(code),
        };
    let ans = match entente_api::obligations::answer(&session, &Query::from(&args)) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match args.format {
        // Keys in alphabetical order, as the API answers JSON.
        Format::Json => print_json(&serde_json::to_value(ans.rows(args.all))?)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            w.write_record([
                "bearer",
                "beneficiary",
                "agreement",
                "obligation",
                "clause",
                "kind",
                "strength",
                "legal_form",
                "applies",
                "conflicts",
                "source",
            ])?;
            for d in &ans.duties {
                let conflicts: Vec<String> = d
                    .conflicts
                    .iter()
                    .map(|c| format!("{}.{}", c.agreement, c.obligation))
                    .collect();
                w.write_record([
                    d.bearer.as_str(),
                    &d.beneficiary,
                    &d.agreement,
                    &d.obligation,
                    d.clause.as_deref().unwrap_or(""),
                    d.kind.as_str(),
                    d.strength.map(|v| v.as_str()).unwrap_or(""),
                    d.legal_form.map(|v| v.as_str()).unwrap_or(""),
                    d.applies.as_str(),
                    &conflicts.join(";"),
                    d.source.as_deref().unwrap_or(""),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => crate::out!("{}", text(&ans, args.all)),
    }
    Ok(ExitCode::from(exit::OK))
}

/// The answer as text: one row per agreement obligation, bearers grouped, long sources as notes.
pub fn text(ans: &Answer, all: bool) -> String {
    let mut out = format!("{} — as of {}\n", ans.event, ans.date);
    if ans.duties.is_empty() {
        out.push_str("No party is obliged to act.\n");
        if ans.no_ceasefire_in_force {
            out.push_str(&format!(
                "No ceasefire binding {} is in force on {} (a proposed one binds no one; `entente replay settlement` walks one into force).\n",
                ans.incident.actor, ans.date
            ));
        }
    }
    let mut notes = Notes::new();
    let mut t = table([
        "agreement / clause",
        "kind / strength",
        "applies",
        "bearers",
        "checks",
        "source",
    ]);
    for g in &ans.groups {
        let checks: Vec<String> = g
            .checks
            .iter()
            .filter(|c| c.what == "zone" || c.holds != Truth::True)
            .map(|c| format!("{}: {} ({})", c.what, c.holds, c.detail))
            .collect();
        let clause = g
            .clause_title
            .clone()
            .or(g.clause.clone())
            .unwrap_or_default();
        t.add_row([
            format!("{}\n{clause} ({})", g.agreement, g.obligation),
            format!(
                "{} / {}",
                g.kind,
                g.strength.map(|v| v.as_str()).unwrap_or("-")
            ),
            g.applies.to_string(),
            format!("{} ({})", g.bearers.join(" "), g.bearers.len()),
            checks.join("\n"),
            notes.cite(g.source.as_deref().unwrap_or("")),
        ]);
    }
    if !ans.groups.is_empty() {
        out.push_str(&format!("{t}\n"));
        for l in notes.lines() {
            out.push_str(&format!("{l}\n"));
        }
    }
    out.push_str(&format!(
        "Collective defence set off: {}\n",
        if ans.collective_defence { "yes" } else { "no" }
    ));
    for c in &ans.conflicts {
        out.push_str(&format!(
            "Conflict: {} must act under {} but is bound by {} ({}) towards {}\n",
            c.bearer, c.acting_under, c.restrained_by, c.kind, c.towards
        ));
    }
    for b in &ans.broken {
        out.push_str(&format!(
            "Broken by the event: {}.{} ({}) by {}{}\n",
            b.agreement,
            b.obligation,
            b.kind,
            b.by,
            b.source
                .as_deref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default()
        ));
    }
    for n in &ans.notes {
        out.push_str(&format!("Note: {n}\n"));
    }
    for r in &ans.own_restraints {
        out.push_str(&format!(
            "Own law: {} is bound by its {} ({} {}, {}): it binds the state's organs, not the state towards the attacker\n",
            r.state,
            r.kind,
            r.agreement,
            r.clause_title.as_deref().unwrap_or(&r.obligation),
            r.legal_form.map(|f| f.as_str()).unwrap_or("-")
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for p in &ans.pending {
        if !seen.contains(&p.agreement.as_str()) {
            seen.push(&p.agreement);
            out.push_str(&format!(
                "Pending, binds no one yet: {} waits for {}\n",
                p.agreement, p.waits_for
            ));
        }
    }
    if all {
        for n in &ans.not_applying {
            let why: Vec<String> = n
                .checks
                .iter()
                .filter(|c| c.holds == Truth::False)
                .map(|c| format!("{}: {}", c.what, c.detail))
                .collect();
            out.push_str(&format!(
                "Does not apply: {}.{} ({}) — {}\n",
                n.agreement,
                n.obligation,
                n.kind,
                why.join("; ")
            ));
        }
    } else if !ans.not_applying.is_empty() {
        out.push_str(&format!(
            "{} obligation(s) of this kind do not apply here; --all shows why.\n",
            ans.not_applying.len()
        ));
    }
    out
}
