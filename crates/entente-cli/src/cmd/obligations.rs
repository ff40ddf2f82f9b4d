//! `entente obligations`: who must act when an event happens (M5, M6, M7, M25, M28). Reads the
//! event sentence, asks the ledger, and prints every obligation with its agreement, clause,
//! kind, strength, the checks it depends on and conflicts; `--format json` gives one object per
//! obligation (bearer, beneficiary, agreement, clause, kind, strength, applies, checks,
//! conditions, conflicts, source).

use std::path::PathBuf;
use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use entente_ledger::{Incident, IncidentKind, Truth, who_must_act};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};

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

/// Run `entente obligations`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let sc = match crate::scenario::load(&args.paths) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let date = crate::scenario::as_of(args.as_of, &sc);
    let inc = match Incident::parse(&sc, &args.event, args.kind) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(exit::USAGE));
        }
    };
    let ans = who_must_act(&sc, &inc, date);
    match args.format {
        Format::Json => {
            let mut rows: Vec<serde_json::Value> = ans
                .duties
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<_, _>>()?;
            if args.all {
                for n in &ans.not_applying {
                    let mut v = serde_json::to_value(n)?;
                    if let Some(o) = v.as_object_mut() {
                        o.insert("bearer".into(), serde_json::Value::Null);
                        o.insert("beneficiary".into(), serde_json::Value::Null);
                        o.insert("applies".into(), "false".into());
                    }
                    rows.push(v);
                }
            }
            print_json(&rows)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
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
                    &d.kind,
                    d.strength.as_deref().unwrap_or(""),
                    d.legal_form.as_deref().unwrap_or(""),
                    d.applies.as_str(),
                    &conflicts.join(";"),
                    d.source.as_deref().unwrap_or(""),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => print!("{}", table(&ans, args.all)),
    }
    Ok(ExitCode::from(exit::OK))
}

/// The answer as text: one row per agreement obligation, bearers grouped.
pub fn table(ans: &entente_ledger::Answer, all: bool) -> String {
    let mut out = format!("{} — as of {}\n", ans.incident.describe(), ans.date);
    if ans.duties.is_empty() {
        out.push_str("No party is obliged to act.\n");
        if ans.incident.kind == IncidentKind::CeasefireViolation && ans.broken.is_empty() {
            out.push_str(&format!(
                "No ceasefire binding {} is in force on {} (a proposed one binds no one; `entente replay settlement` walks one into force).\n",
                ans.incident.actor, ans.date
            ));
        }
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "agreement / clause",
        "kind",
        "strength",
        "applies",
        "bearers",
        "checks",
    ]);
    let mut i = 0;
    let duties = &ans.duties;
    while i < duties.len() {
        let d = &duties[i];
        let mut j = i;
        let mut bearers = Vec::new();
        while j < duties.len()
            && duties[j].agreement == d.agreement
            && duties[j].obligation == d.obligation
            && duties[j].applies == d.applies
        {
            if !bearers.contains(&duties[j].bearer) {
                bearers.push(duties[j].bearer.clone());
            }
            j += 1;
        }
        let checks: Vec<String> = d
            .checks
            .iter()
            .filter(|c| c.what == "zone" || c.holds != Truth::True)
            .map(|c| format!("{}: {} ({})", c.what, c.holds, c.detail))
            .collect();
        let clause = d
            .clause_title
            .clone()
            .or(d.clause.clone())
            .unwrap_or_default();
        t.add_row([
            format!("{}\n{}", d.agreement, clause),
            d.kind.clone(),
            d.strength.clone().unwrap_or_default(),
            d.applies.to_string(),
            format!("{} ({})", bearers.join(" "), bearers.len()),
            checks.join("\n"),
        ]);
        i = j;
    }
    if !ans.duties.is_empty() {
        out.push_str(&format!("{t}\n"));
    }
    out.push_str(&format!(
        "Collective defence set off: {}\n",
        if ans.collective_defence { "yes" } else { "no" }
    ));
    let mut conflicts: Vec<String> = ans
        .duties
        .iter()
        .flat_map(|d| {
            d.conflicts.iter().map(move |c| {
                format!(
                    "{} must act under {}.{} but is bound by {}.{} ({}) towards {}",
                    d.bearer,
                    d.agreement,
                    d.obligation,
                    c.agreement,
                    c.obligation,
                    c.kind,
                    c.towards
                )
            })
        })
        .collect();
    conflicts.dedup();
    for c in &conflicts {
        out.push_str(&format!("Conflict: {c}\n"));
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
