//! `entente show`: what a scenario holds as of a date — institutions with their members,
//! agreements by kind and status, zones.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use entente_scenario::{Procedure, Scenario, StageKind, Status};
use jiff::civil::Date;
use serde::Serialize;

use crate::output::{Format, print_json};

/// Arguments of `entente show`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente show                                  the bundled Europe scenario as of its date
  entente show --as-of 1991-12-31               NATO had 16 members then
  entente show --as-of 2024-03-07 --format json
  entente show scenarios/europe --format csv    one row per institution and member")]
pub struct Args {
    /// Scenario files or folders. Default: the bundled Europe scenario.
    pub paths: Vec<PathBuf>,
    /// The date to show the scenario as of (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One institution as of the date.
#[derive(Debug, Serialize)]
pub struct InstitutionView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// existing or proposed.
    pub status: String,
    /// Number of full members as of the date.
    pub members: usize,
    /// Ids of the full members.
    pub member_ids: Vec<String>,
    /// Observers (a voice, no vote).
    pub observers: Vec<String>,
    /// Partners.
    pub partners: Vec<String>,
    /// Applicants and candidates.
    pub applicants: Vec<String>,
    /// Suspended members.
    pub suspended: Vec<String>,
    /// States that opted out.
    pub opted_out: Vec<String>,
    /// Decision types with their rule or stages.
    pub decisions: Vec<DecisionView>,
    /// Legal basis.
    pub legal_basis: Option<String>,
}

/// A decision type.
#[derive(Debug, Serialize)]
pub struct DecisionView {
    /// Id.
    pub id: String,
    /// The rule, or the stages joined by " → ".
    pub procedure: String,
}

/// One agreement as of the date.
#[derive(Debug, Serialize)]
pub struct AgreementView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Status as of the date.
    pub status: String,
    /// Legal form.
    pub legal_form: Option<String>,
    /// Number of parties as listed.
    pub parties: usize,
}

/// One zone.
#[derive(Debug, Serialize)]
pub struct ZoneView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// region or area.
    pub kind: String,
    /// Number of states.
    pub members: usize,
}

/// The whole view.
#[derive(Debug, Serialize)]
pub struct View {
    /// Scenario name.
    pub scenario: String,
    /// The date.
    pub as_of: Date,
    /// Institutions.
    pub institutions: Vec<InstitutionView>,
    /// Agreements.
    pub agreements: Vec<AgreementView>,
    /// Count of agreements by kind and status as of the date.
    pub agreements_by_kind: BTreeMap<String, BTreeMap<String, usize>>,
    /// Zones.
    pub zones: Vec<ZoneView>,
}

fn ids(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(String::from).collect()
}

/// Build the view of a scenario as of a date.
pub fn view(s: &Scenario, date: Date) -> View {
    let institutions = s
        .institutions
        .iter()
        .map(|i| InstitutionView {
            id: i.id.clone(),
            name: i.name.clone(),
            status: i.status.clone(),
            members: i.members_on(date).len(),
            member_ids: ids(i.members_on(date)),
            observers: ids(i.with_status(Status::Observer, date)),
            partners: ids(i.with_status(Status::Partner, date)),
            applicants: ids(i.with_status(Status::Applicant, date)),
            suspended: ids(i.with_status(Status::Suspended, date)),
            opted_out: ids(i.with_status(Status::OptedOut, date)),
            decisions: i
                .decisions
                .iter()
                .map(|d| DecisionView {
                    id: d.id.clone(),
                    procedure: match &d.procedure {
                        Procedure::Rule(r) => r.text.clone(),
                        Procedure::Stages(st) => st
                            .iter()
                            .map(|x| match &x.kind {
                                StageKind::Vote { rule, .. } => format!("{} [{}]", x.id, rule.text),
                                _ => x.id.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join(" → "),
                    },
                })
                .collect(),
            legal_basis: i.legal_basis.clone(),
        })
        .collect();
    let mut by_kind: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let agreements = s
        .agreements
        .iter()
        .map(|a| {
            let status = a.status_on(date).to_string();
            *by_kind
                .entry(a.kind.clone())
                .or_default()
                .entry(status.clone())
                .or_default() += 1;
            AgreementView {
                id: a.id.clone(),
                name: a.name.clone(),
                kind: a.kind.clone(),
                status,
                legal_form: a.legal_form.clone(),
                parties: a.parties.len(),
            }
        })
        .collect();
    let zones = s
        .zones
        .iter()
        .map(|z| ZoneView {
            id: z.id.clone(),
            name: z.name.clone(),
            kind: format!("{:?}", z.kind).to_lowercase(),
            members: z.members.len(),
        })
        .collect();
    View {
        scenario: s.name.clone(),
        as_of: date,
        institutions,
        agreements,
        agreements_by_kind: by_kind,
        zones,
    }
}

/// Run `entente show`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let s = match crate::scenario::load(&args.paths) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let date = crate::scenario::as_of(args.as_of, &s);
    let v = view(&s, date);
    match args.format {
        Format::Json => print_json(&v)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["as_of", "institution", "actor", "status"])?;
            for i in &v.institutions {
                let groups: [(&str, &Vec<String>); 6] = [
                    ("member", &i.member_ids),
                    ("observer", &i.observers),
                    ("partner", &i.partners),
                    ("applicant", &i.applicants),
                    ("suspended", &i.suspended),
                    ("opted_out", &i.opted_out),
                ];
                for (status, list) in groups {
                    for a in list {
                        w.write_record([&date.to_string(), &i.id, a, status])?;
                    }
                }
            }
            w.flush()?;
        }
        Format::Table => print!("{}", render(&v)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Render the view as terminal tables.
pub fn render(v: &View) -> String {
    let mut out = format!("{} — as of {}\n\nInstitutions\n", v.scenario, v.as_of);
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "id",
        "name",
        "members",
        "observers",
        "applicants",
        "other",
        "decisions",
    ]);
    for i in &v.institutions {
        let other: Vec<String> = [
            ("partners", &i.partners),
            ("suspended", &i.suspended),
            ("opted out", &i.opted_out),
        ]
        .iter()
        .filter(|(_, l)| !l.is_empty())
        .map(|(k, l)| format!("{k}: {}", l.join(" ")))
        .collect();
        let name = if i.status == "proposed" && !i.name.to_lowercase().contains("propos") {
            format!("{} (proposed)", i.name)
        } else {
            i.name.clone()
        };
        t.add_row([
            i.id.clone(),
            name,
            i.members.to_string(),
            i.observers.join(" "),
            i.applicants.join(" "),
            other.join("; "),
            i.decisions
                .iter()
                .map(|d| format!("{}: {}", d.id, d.procedure))
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    out.push_str(&format!("{t}\n\nAgreements by kind and status\n"));
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["kind", "status", "count"]);
    for (k, m) in &v.agreements_by_kind {
        for (s, n) in m {
            t.add_row([k.clone(), s.clone(), n.to_string()]);
        }
    }
    out.push_str(&format!("{t}\n\nZones\n"));
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["id", "name", "kind", "states"]);
    for z in &v.zones {
        t.add_row([
            z.id.clone(),
            z.name.clone(),
            z.kind.clone(),
            z.members.to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out
}
