//! The `decide` question: put a proposal to an institution (the verdict over every way the
//! unknown positions could fall, veto players, swing members, votes needed, clauses with their
//! sources, or `outside_competence`), or — for a staged procedure such as a NATO accession, given
//! a subject and nothing to vote on — replay its dated events as of a date.

use entente_decide::{Proposal, Replay, ReplayQuery, Verdict};
use entente_rules::Vote;
use entente_scenario::Procedure;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, parse_date};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Institution id (e.g. `nato`, `eu_council`, `unsc`).
    pub institution: String,
    /// Decision type id (e.g. `consensus`, `qmv`, `accession`).
    pub decision: String,
    /// Whom the proposal concerns (e.g. a candidate). For a staged procedure, a subject with no
    /// positions, competence, matter or `vote` replays its timeline.
    #[serde(default)]
    pub subject: Option<String>,
    /// Members voting yes.
    #[serde(default)]
    pub yes: Vec<String>,
    /// Members voting no.
    #[serde(default)]
    pub no: Vec<String>,
    /// Members abstaining.
    #[serde(default)]
    pub abstain: Vec<String>,
    /// Members taking no part.
    #[serde(default)]
    pub absent: Vec<String>,
    /// The competence the proposal exercises, by id (M1).
    #[serde(default)]
    pub competence: Option<String>,
    /// What the proposal does, in words, matched against the body's competences (M1); a matter
    /// naming a kind of agreement ("non-aggression", "alliance", "ceasefire") is judged by kind.
    #[serde(default)]
    pub matter: Option<String>,
    /// An agreement of the scenario that the institution would conclude or join, judged by its
    /// kind and parties against the kinds of agreement its competences list (M1).
    #[serde(default)]
    pub agreement: Option<String>,
    /// For a staged procedure with a subject: decide its voting stage instead of replaying.
    #[serde(default)]
    pub vote: bool,
    /// The date (default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Value given to voting members that lack an attribute (e.g. 0), as `power` does; by
    /// default such a member makes a rule over that attribute an error. Each value given is
    /// named in the answer's `warnings`.
    #[serde(default)]
    pub missing: Option<f64>,
}

/// The answer: a verdict on a proposal, or where a staged procedure stands.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    /// The verdict on a proposal.
    Verdict(Box<Verdict>),
    /// The replay of a staged procedure for one subject.
    Replay(Box<Replay>),
}

fn from_engine(e: entente_decide::Error) -> ApiError {
    use entente_decide::ErrorKind as K;
    let code = match e.kind() {
        K::UnknownName => "unknown-name",
        K::BadQuery => "bad-query",
        K::Rule => "rule-does-not-apply",
        K::Procedure => "not-a-procedure",
        K::TooHard => "too-hard",
        _ => "cannot-decide",
    };
    // Every failure of this question has always been a usage error (exit 2) on the command line.
    let msg = e.to_string();
    let missing = code == "rule-does-not-apply" && msg.contains("has no value");
    let err = ApiError::usage(code, msg);
    if missing {
        err.with_hint(
            "or give `--missing VALUE` (`missing` in the query) to count members without a value as VALUE",
        )
    } else {
        err
    }
}

/// The scenario with every attribute the decision's rule sums given the value `fill` for the
/// voting members of the institution on `date` that lack it; one warning per value given.
fn fill_missing(
    s: &entente_scenario::Scenario,
    query: &Query,
    date: jiff::civil::Date,
    fill: f64,
    warnings: &mut Vec<String>,
) -> Result<entente_scenario::Scenario, ApiError> {
    if !fill.is_finite() {
        return Err(ApiError::usage(
            "bad-missing",
            format!(
                "--missing {fill}: the value given to members that lack an attribute must be a finite number"
            ),
        )
        .with_hint("e.g. --missing 0"));
    }
    let mut w = s.clone();
    let Some(inst) = s.institution(&query.institution) else {
        return Ok(w);
    };
    let Some(dec) = inst.decision(&query.decision) else {
        return Ok(w);
    };
    let rules: Vec<&entente_rules::Rule> = match &dec.procedure {
        Procedure::Rule(r) => vec![&r.rule],
        Procedure::Stages(stages) => stages
            .iter()
            .filter_map(|st| match &st.kind {
                entente_scenario::StageKind::Vote { rule, .. } => Some(&rule.rule),
                _ => None,
            })
            .collect(),
    };
    let names: std::collections::BTreeSet<&String> = rules
        .iter()
        .flat_map(|r| r.attributes())
        .map(|i| &i.name)
        .collect();
    let members: Vec<&str> = inst.members_on(date);
    for a in w.actors.iter_mut() {
        if !members.contains(&a.id.as_str()) {
            continue;
        }
        for n in &names {
            if !a.attributes.contains_key(*n) {
                a.attributes.insert((*n).clone(), fill);
                warnings.push(format!(
                    "`{}` has no `{n}` in the scenario: taken as {fill} (missing value given)",
                    a.id
                ));
            }
        }
    }
    Ok(w)
}

impl Query {
    /// The known positions, in the order yes, no, abstain, absent; empty ids are skipped.
    pub fn positions(&self) -> Vec<(String, Vote)> {
        let mut out = Vec::new();
        for (ids, vote) in [
            (&self.yes, Vote::Yes),
            (&self.no, Vote::No),
            (&self.abstain, Vote::Abstain),
            (&self.absent, Vote::Absent),
        ] {
            for id in ids {
                let id = id.trim();
                if !id.is_empty() {
                    out.push((id.to_string(), vote));
                }
            }
        }
        out
    }
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    if query.competence.is_some() && query.matter.is_some() {
        return Err(ApiError::usage(
            "contradictory-query",
            "give either a competence or a matter, not both",
        ));
    }
    if query.agreement.is_some() && (query.competence.is_some() || query.matter.is_some()) {
        return Err(ApiError::usage(
            "contradictory-query",
            "give an agreement, a competence or a matter, not several",
        ));
    }
    let s = session.scenario();
    let date = match &query.as_of {
        Some(d) => Some(parse_date(d)?),
        None => None,
    };
    let date = session.as_of(date);
    let mut warnings = s.horizon_warnings(date, &[query.institution.as_str()]);
    let filled;
    let s = match query.missing {
        Some(fill) => {
            filled = fill_missing(s, query, date, fill, &mut warnings)?;
            &filled
        }
        None => s,
    };
    let positions = query.positions();
    let staged = s
        .institution(&query.institution)
        .and_then(|i| i.decision(&query.decision))
        .is_some_and(|d| matches!(d.procedure, Procedure::Stages(_)));
    let replaying = staged
        && !query.vote
        && positions.is_empty()
        && query.competence.is_none()
        && query.matter.is_none()
        && query.agreement.is_none()
        && query.subject.is_some();
    if replaying {
        let r = entente_decide::replay(
            s,
            &ReplayQuery {
                institution: query.institution.clone(),
                decision: query.decision.clone(),
                subject: query.subject.clone().unwrap_or_default(),
                date,
            },
        )
        .map_err(from_engine)?;
        return Ok(Answer::Replay(Box::new(entente_decide::Replay {
            warnings,
            ..r
        })));
    }
    if let Some(msg) = s.short_of_seats(&query.institution, date) {
        // Every failure of this question is a usage error (exit 2), this one too.
        return Err(ApiError::usage("short-of-seats", msg));
    }
    let proposal = Proposal {
        institution: query.institution.clone(),
        decision: query.decision.clone(),
        subject: query.subject.clone(),
        date,
        positions,
        competence: query.competence.clone(),
        matter: query.matter.clone(),
    };
    let v = match &query.agreement {
        Some(id) => entente_decide::decide_agreement(s, &proposal, id),
        None => entente_decide::decide(s, &proposal),
    }
    .map_err(from_engine)?;
    Ok(Answer::Verdict(Box::new(Verdict { warnings, ..v })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_of_the_answer_covers_verdicts_and_replays() {
        let s = serde_json::to_string(&schemars::schema_for!(Answer)).unwrap();
        assert!(s.contains("holding_up") && s.contains("veto_players"));
        assert!(s.contains("abstain"), "votes are described by their words");
    }

    #[test]
    fn an_unknown_institution_is_a_usage_error() {
        let session = Session::bundled().unwrap();
        let q = Query {
            institution: "natto".into(),
            decision: "consensus".into(),
            ..Query::default()
        };
        let e = answer(&session, &q).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.contains("no institution `natto`"), "{e}");
    }
}
