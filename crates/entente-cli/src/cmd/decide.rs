//! `entente decide`: put a proposal to an institution (verdict, veto players, swing members,
//! votes needed, clauses with sources), or replay a staged procedure such as a NATO accession
//! for one subject as of a date (stage reached, who is holding it up, the date it took effect).

use std::process::ExitCode;

use entente_api::decide::{Answer, Query};
use entente_api::types::{CriterionCheck, Outcome, ProcedureReplay as Replay, Verdict, Vote};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};
use crate::scenario::ScenarioArgs;
use crate::table::{Notes, table};

/// Arguments of `entente decide`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente decide --institution nato --decision consensus --no HUN
      one objecting ally blocks a consensus (M1)
  entente decide --institution unsc --decision substantive --yes USA,GBR,FRA --abstain RUS
      undecided: who can still swing it, the votes still needed
  entente decide --institution eu_council --decision qmv --no DEU,FRA,ITA --format json
      three large members are not a blocking minority (TEU Art. 16(4))
  entente decide --institution nato --decision consensus --matter \"non-aggression pact with Russia\"
      outside competence, citing what the North Atlantic Treaty does give
  entente decide --institution nato --decision consensus --agreement nato_russia_pact
      a non-aggression pact is of no kind NATO's competences cover: outside competence
  entente decide --institution nato --decision accession --subject SWE --as-of 2024-01-01 --format json
      replay Sweden's accession: stage, holding_up (HUN, TUR), effective (null)
  entente decide --institution nato --decision accession --subject UKR --vote --no HUN
      admit UKR: the invitation (Art. 10, consensus) fails on one objection
  entente decide --institution european_security_organisation --decision peace_operation --missing 0
      the Holy See has no population figure: count it as 0, with a warning
  entente decide --institution csto --decision consensus --no ARM
      a suspended member's objection is recorded but does not count (M27)")]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Institution id (e.g. nato, eu_council, unsc, osce, csto).
    #[arg(long, short = 'i')]
    pub institution: String,
    /// Decision type id (e.g. consensus, qmv, substantive, accession).
    #[arg(long, short = 'd')]
    pub decision: String,
    /// Whom the proposal concerns (e.g. a candidate). For a staged procedure such as
    /// `accession`, giving a subject and no positions replays its timeline.
    #[arg(long)]
    pub subject: Option<String>,
    /// Members voting yes (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub yes: Vec<String>,
    /// Members voting no.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub no: Vec<String>,
    /// Members abstaining.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub abstain: Vec<String>,
    /// Members taking no part.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub absent: Vec<String>,
    /// The competence the proposal exercises (M1); one the body lacks gives `outside
    /// competence`.
    #[arg(long, conflicts_with_all = ["matter", "agreement"])]
    pub competence: Option<String>,
    /// What the proposal does, in words, matched against the body's competences (M1); a matter
    /// that names a kind of agreement ("non-aggression", "alliance", "ceasefire") is judged by
    /// that kind.
    #[arg(long, conflicts_with = "agreement")]
    pub matter: Option<String>,
    /// An agreement of the scenario (or of the `--architecture`) that the institution would
    /// conclude or join: judged by its kind and parties against the competences (M1).
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// For a staged procedure with a subject: decide its voting stage (e.g. NATO's invitation
    /// by consensus) instead of replaying the timeline.
    #[arg(long)]
    pub vote: bool,
    /// The date to decide as of (default: the scenario's as_of, else today).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Value given to voting members that lack an attribute the rule uses (e.g. 0), as `power
    /// --missing` does; by default such a member makes the rule an error. The answer warns for
    /// each value given.
    #[arg(long, value_name = "VALUE")]
    pub missing: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl From<Args> for Query {
    fn from(a: Args) -> Query {
        Query {
            institution: a.institution,
            decision: a.decision,
            subject: a.subject,
            yes: a.yes,
            no: a.no,
            abstain: a.abstain,
            absent: a.absent,
            competence: a.competence,
            matter: a.matter,
            agreement: a.agreement,
            vote: a.vote,
            as_of: a.as_of.map(|d| d.to_string()),
            missing: a.missing,
        }
    }
}

/// Run `entente decide`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let session = match crate::scenario::session(&args.scenario.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let format = args.format;
    let answer = match entente_api::decide::answer(&session, &Query::from(args)) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    crate::output::warnings(match &answer {
        Answer::Replay(r) => &r.warnings,
        Answer::Verdict(v) => &v.warnings,
    });
    match (&answer, format) {
        (_, Format::Json) => print_json(&answer)?,
        (Answer::Replay(r), Format::Csv) => replay_csv(r)?,
        (Answer::Replay(r), Format::Table) => crate::out!("{}", replay_text(r)),
        (Answer::Verdict(v), Format::Csv) => verdict_csv(v)?,
        (Answer::Verdict(v), Format::Table) => crate::out!("{}", verdict_text(v)),
    }
    Ok(ExitCode::from(exit::OK))
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

fn vote_word(v: Vote) -> &'static str {
    match v {
        Vote::Yes => "yes",
        Vote::No => "no",
        Vote::Abstain => "abstain",
        Vote::Absent => "absent",
    }
}

/// The verdict as terminal text.
pub fn verdict_text(v: &Verdict) -> String {
    let mut out = format!(
        "{} · {} ({}){} as of {}\nverdict: {}\n",
        v.institution,
        v.decision,
        v.decision_name,
        v.subject
            .as_ref()
            .map(|s| format!(" concerning {s}"))
            .unwrap_or_default(),
        v.as_of,
        v.verdict.as_str()
    );
    if let Some(r) = &v.rule {
        out.push_str(&format!("rule: {r}\n"));
    }
    if let Some(s) = &v.source {
        out.push_str(&format!("source: {s}\n"));
    }
    if v.verdict != Outcome::OutsideCompetence {
        out.push_str(&format!(
            "voting members: {} ({} known, {} unknown)\n",
            v.voting_members.len(),
            v.positions.len(),
            v.unknown.len()
        ));
        out.push_str(&format!("veto players: {}\n", list(&v.veto_players)));
        out.push_str(&format!("swing: {}\n", list(&v.swing)));
        out.push_str(&format!(
            "votes needed: {}\n",
            v.votes_needed
                .map_or("cannot pass".to_string(), |n| n.to_string())
        ));
    }
    let counted: Vec<String> = v
        .non_voting
        .iter()
        .map(|n| match n.position {
            Some(p) => format!(
                "{} ({}, said {} — not counted)",
                n.id,
                n.status,
                vote_word(p)
            ),
            None => format!("{} ({})", n.id, n.status),
        })
        .collect();
    if !counted.is_empty() {
        out.push_str(&format!("non-voting: {}\n", counted.join(", ")));
    }
    if let Some(a) = &v.agreement {
        out.push_str(&format!(
            "agreement: {} ({}), {} between {}; {} on {}{}\n",
            a.id,
            a.name,
            a.kind,
            a.parties.join(", "),
            a.status,
            v.as_of,
            if a.institution_is_party {
                format!("; {} itself is a party", v.institution)
            } else {
                String::new()
            }
        ));
    }
    if let Some(c) = &v.competence {
        out.push_str(&format!(
            "competence: {}{}\n",
            c.id,
            c.source
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        ));
    }
    if !v.competences_given.is_empty() {
        out.push_str("competences the founding text gives:\n");
        for c in &v.competences_given {
            out.push_str(&format!(
                "  {}: {}{}\n",
                c.id,
                c.description.as_deref().unwrap_or(""),
                c.source
                    .as_ref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default()
            ));
        }
    }
    if !v.clauses.is_empty() {
        out.push_str("clauses:\n");
        for c in &v.clauses {
            out.push_str(&format!(
                "  {} {}{}\n",
                c.id,
                c.title,
                c.source
                    .as_ref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default()
            ));
        }
    }
    out.push_str(&criteria_text(&v.criteria));
    out.push_str("why:\n");
    for r in &v.reasons {
        out.push_str(&format!("  - {r}\n"));
    }
    out
}

/// Admission criteria (M21), one line each: met, not met or unknown, with the assessment's
/// source.
fn criteria_text(c: &[CriterionCheck]) -> String {
    if c.is_empty() {
        return String::new();
    }
    let mut out =
        "admission criteria (they inform the decision, they do not bind it):\n".to_string();
    for c in c {
        let met = match c.met {
            Some(true) => "met",
            Some(false) => "not met",
            None => "unknown",
        };
        out.push_str(&format!(
            "  [{met}] {}{}\n",
            c.criterion,
            c.source
                .as_ref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default()
        ));
    }
    out
}

fn verdict_csv(v: &Verdict) -> anyhow::Result<()> {
    let mut w = crate::output::csv_out();
    w.write_record([
        "institution",
        "decision",
        "as_of",
        "verdict",
        "member",
        "status",
        "vote",
        "veto_player",
        "swing",
    ])?;
    let date = v.as_of.to_string();
    for m in &v.voting_members {
        let vote = v
            .positions
            .iter()
            .find(|p| &p.id == m)
            .map_or("unknown", |p| vote_word(p.vote));
        w.write_record([
            v.institution.as_str(),
            &v.decision,
            &date,
            v.verdict.as_str(),
            m,
            "member",
            vote,
            if v.veto_players.contains(m) {
                "true"
            } else {
                "false"
            },
            if v.swing.contains(m) { "true" } else { "false" },
        ])?;
    }
    for n in &v.non_voting {
        w.write_record([
            v.institution.as_str(),
            &v.decision,
            &date,
            v.verdict.as_str(),
            &n.id,
            &n.status,
            n.position.map_or("", vote_word),
            "false",
            "false",
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn date_or(d: Option<Date>, none: &str) -> String {
    d.map_or(none.to_string(), |d| d.to_string())
}

/// The replay as terminal text.
pub fn replay_text(r: &Replay) -> String {
    let mut out = format!(
        "{} · {} of {} as of {}\nstage: {} ({}){}\nholding up: {}\neffective: {} (legal date, deposit); at signature (ATOP-style): {}\n",
        r.institution,
        r.decision,
        r.subject,
        r.as_of,
        r.stage,
        r.stage_name,
        if r.complete { ", complete" } else { "" },
        list(&r.holding_up),
        date_or(r.effective, "not yet"),
        date_or(r.effective_signature, "none"),
    );
    let mut notes = Notes::new();
    let mut t = table(["stage", "status", "done on", "source"]);
    for st in &r.stages {
        t.add_row([
            format!("{} ({})", st.id, st.kind),
            st.status.clone(),
            if st.implied {
                "implied".to_string()
            } else {
                date_or(st.completed, "")
            },
            notes.cite(st.source.as_deref().unwrap_or_default()),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    for l in notes.lines() {
        out.push_str(&format!("{l}\n"));
    }
    for st in r.stages.iter().filter(|s| !s.members.is_empty()) {
        let mut t = table(["member", "steps done", "outstanding", "complete"]);
        for m in &st.members {
            t.add_row([
                m.id.clone(),
                m.done
                    .iter()
                    .map(|d| format!("{} {}", d.step, date_or(d.date, "(implied)")))
                    .collect::<Vec<_>>()
                    .join("; "),
                m.outstanding.join(", "),
                date_or(m.complete, ""),
            ]);
        }
        out.push_str(&format!("{} — {}:\n{t}\n", st.id, st.name));
    }
    out.push_str(&criteria_text(&r.criteria));
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

fn replay_csv(r: &Replay) -> anyhow::Result<()> {
    let mut w = crate::output::csv_out();
    w.write_record([
        "subject", "as_of", "stage", "actor", "step", "date", "order", "implied", "source",
    ])?;
    let as_of = r.as_of.to_string();
    for st in &r.stages {
        for d in &st.steps {
            w.write_record([
                r.subject.as_str(),
                &as_of,
                &st.id,
                &r.subject,
                &d.step,
                &date_or(d.date, ""),
                &d.order.to_string(),
                &d.implied.to_string(),
                d.source.as_deref().unwrap_or(""),
            ])?;
        }
        for m in &st.members {
            for d in m.done.iter().chain(&m.other) {
                w.write_record([
                    r.subject.as_str(),
                    &as_of,
                    &st.id,
                    &m.id,
                    &d.step,
                    &date_or(d.date, ""),
                    &d.order.to_string(),
                    &d.implied.to_string(),
                    d.source.as_deref().unwrap_or(""),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}
