//! Deciding one proposal: the competence check (M1), the voting body as of the date (only full
//! members vote: M27 observers, M31 opt-outs and suspended members never count), the exact
//! three-valued verdict over the unknown positions, veto players, swing members, the votes still
//! needed, and the clauses used with their sources.

use entente_rules::Vote;
use entente_scenario::{AgreementKind, Institution, Procedure, Scenario, StageKind, Status};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use crate::{Error, ErrorKind, three};

/// A proposal put to an institution.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// Institution id.
    pub institution: String,
    /// Decision type id.
    pub decision: String,
    /// Whom or what it concerns (a candidate, a target), if anyone.
    pub subject: Option<String>,
    /// The date the body is taken as of.
    pub date: Date,
    /// Known positions; every other voting member's position is unknown.
    pub positions: Vec<(String, Vote)>,
    /// The competence the proposal would exercise, by id (M1).
    pub competence: Option<String>,
    /// Or: what the proposal does, in words, matched against the body's competences (M1).
    pub matter: Option<String>,
}

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passes whatever the unknown positions are.
    Pass,
    /// Fails whatever the unknown positions are.
    Fail,
    /// Passes under some completions of the unknown positions and fails under others.
    Undecided,
    /// The body has no power to decide this at all (M1): not rejected, out of scope.
    OutsideCompetence,
}

impl Outcome {
    /// The verdict in words.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Undecided => "undecided",
            Outcome::OutsideCompetence => "outside competence",
        }
    }
}

/// A known position of a voting member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Position {
    /// Member id.
    pub id: String,
    /// Its vote.
    #[schemars(with = "crate::VoteWord")]
    pub vote: Vote,
}

/// An actor with a status in the institution that does not give a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NonVoting {
    /// Actor id.
    pub id: String,
    /// Its status on the date (observer, partner, applicant, suspended, opted_out), or
    /// `not_a_member` for an actor with no status at all.
    pub status: String,
    /// The position it was given in the query, which is recorded but never counted.
    #[schemars(with = "Option<crate::VoteWord>")]
    pub position: Option<Vote>,
}

/// A clause the verdict rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ClauseRef {
    /// Clause id within the institution.
    pub id: String,
    /// Title.
    pub title: String,
    /// Source.
    pub source: Option<String>,
}

/// A competence of the institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CompetenceRef {
    /// Id.
    pub id: String,
    /// What it covers.
    pub description: Option<String>,
    /// Granting clause id.
    pub clause: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// The answer to a proposal.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Verdict {
    /// Institution id.
    pub institution: String,
    /// Decision type id.
    pub decision: String,
    /// Decision type name.
    pub decision_name: String,
    /// Subject, if any.
    pub subject: Option<String>,
    /// The date the body was taken as of.
    #[schemars(with = "String")]
    pub as_of: Date,
    /// pass, fail, undecided or outside_competence.
    pub verdict: Outcome,
    /// The rule applied (canonical text); for a staged procedure, its voting stage's rule.
    pub rule: Option<String>,
    /// Source of the decision type (and of its voting stage, when staged).
    pub source: Option<String>,
    /// The full members on the date: the only ones who vote.
    pub voting_members: Vec<String>,
    /// Known positions of voting members.
    pub positions: Vec<Position>,
    /// Voting members whose position is unknown.
    pub unknown: Vec<String>,
    /// Actors present with a status that gives no vote (M27, M31), and actors given a position
    /// that have no vote.
    pub non_voting: Vec<NonVoting>,
    /// Members whose `no` alone makes the proposal fail, given the others' known positions.
    pub veto_players: Vec<String>,
    /// Unknown members who could still swing it: pivotal in at least one completion.
    pub swing: Vec<String>,
    /// The fewest unknown members who must vote yes for it to pass when the other unknown
    /// members vote no (0 when it passes already; null when it cannot pass that way).
    pub votes_needed: Option<usize>,
    /// The competence exercised (M1).
    pub competence: Option<CompetenceRef>,
    /// For `outside_competence`: what the founding text does give.
    pub competences_given: Vec<CompetenceRef>,
    /// Clauses used, with their sources.
    pub clauses: Vec<ClauseRef>,
    /// The reasoning, one sentence per step.
    pub reasons: Vec<String>,
    /// The authorisation the decision needs before it can be acted on (M34: enforcement action
    /// by a Chapter VIII arrangement, UN Charter Art. 53(1)); left out when none is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorisation: Option<crate::authorisation::Authorisation>,
    /// What the answer assumes beyond the scenario's data (a date past the data horizon).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The agreement judged, when the proposal is to conclude or join one (`decide --agreement`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<AgreementRef>,
    /// For an accession with a subject: each admission criterion and whether the subject met it
    /// (M21); they inform the decision and never change the verdict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionCheck>,
}

/// One admission criterion and whether the subject met it on the date (M21).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CriterionCheck {
    /// The criterion, as the institution states it.
    pub criterion: String,
    /// Met (true), not met (false), or unknown (null: no sourced assessment covers the date).
    pub met: Option<bool>,
    /// What the assessment rests on.
    pub note: Option<String>,
    /// The assessment's source.
    pub source: Option<String>,
}

/// The institution's admission criteria checked for a subject on a date (M21), and the
/// sentence that says what they weigh: they inform the decision but do not bind it. Empty when
/// the institution states no criteria.
pub fn criteria_checks(
    inst: &Institution,
    subject: &str,
    date: Date,
) -> (Vec<CriterionCheck>, Option<String>) {
    if inst.criteria.is_empty() {
        return (Vec::new(), None);
    }
    let checks: Vec<CriterionCheck> = inst
        .criteria
        .iter()
        .enumerate()
        .map(|(k, text)| {
            let a = inst
                .assessments
                .iter()
                .rev()
                .find(|a| a.actor == subject && a.criterion == k && a.covers(date));
            CriterionCheck {
                criterion: text.clone(),
                met: a.map(|a| a.met),
                note: a.and_then(|a| a.note.clone()),
                source: a.map(|a| a.source.clone()),
            }
        })
        .collect();
    let unmet = checks.iter().filter(|c| c.met == Some(false)).count();
    let unknown = checks.iter().filter(|c| c.met.is_none()).count();
    let status = inst
        .status_of(subject, date)
        .map_or("not a member", |s| s.as_str());
    let sentence = format!(
        "admission criteria of `{}` for `{subject}` on {date}: {} met, {unmet} not met, {unknown} unknown; `{subject}` is {status} then. The criteria inform the decision but do not bind it: the members decide (M21)",
        inst.id,
        checks.len() - unmet - unknown,
    );
    (checks, Some(sentence))
}

/// An agreement of the scenario put to an institution (M1): judged by its kind and parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AgreementRef {
    /// Agreement id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its kind (the format's word, e.g. `non_aggression`).
    pub kind: String,
    /// Its parties as written (actor ids, institution ids, `members of ID`).
    pub parties: Vec<String>,
    /// Whether the institution itself (not its members one by one) is a party.
    pub institution_is_party: bool,
    /// Its status as of the date.
    pub status: String,
    /// Source.
    pub source: Option<String>,
}

fn lookup<'a>(s: &'a Scenario, institution: &str) -> Result<&'a Institution, Error> {
    s.institution(institution).ok_or_else(|| {
        let ids: Vec<&str> = s.institutions.iter().map(|i| i.id.as_str()).collect();
        Error::new(
            ErrorKind::UnknownName,
            format!(
                "the scenario has no institution `{institution}`; it has: {}",
                ids.join(", ")
            ),
        )
    })
}

pub(crate) fn institution_and_decision<'a>(
    s: &'a Scenario,
    institution: &str,
    decision: &str,
) -> Result<(&'a Institution, &'a entente_scenario::Decision), Error> {
    let inst = lookup(s, institution)?;
    let dec = inst.decision(decision).ok_or_else(|| {
        let ids: Vec<&str> = inst.decisions.iter().map(|d| d.id.as_str()).collect();
        Error::new(
            ErrorKind::UnknownName,
            format!(
                "institution `{institution}` has no decision type `{decision}`; it has: {}",
                ids.join(", ")
            ),
        )
    })?;
    Ok((inst, dec))
}

pub(crate) fn clause_ref(inst: &Institution, id: &str) -> ClauseRef {
    match inst.clause(id) {
        Some(c) => ClauseRef {
            id: c.id.clone(),
            title: c.title.clone(),
            source: c.source.clone(),
        },
        None => ClauseRef {
            id: id.to_string(),
            title: id.to_string(),
            source: None,
        },
    }
}

fn competence_ref(c: &entente_scenario::Competence) -> CompetenceRef {
    CompetenceRef {
        id: c.id.clone(),
        description: c.description.clone(),
        clause: c.clause.clone(),
        source: c.source.clone(),
    }
}

const STOP: &[&str] = &[
    "about",
    "after",
    "against",
    "among",
    "between",
    "could",
    "every",
    "other",
    "their",
    "there",
    "these",
    "those",
    "under",
    "which",
    "while",
    "with",
    "within",
    "would",
    "state",
    "states",
    "party",
    "parties",
    "member",
    "members",
    "treaty",
    "organisation",
    "organization",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 5 && !STOP.contains(&w.as_str()))
        .map(|w| w.chars().take(6).collect())
        .collect()
}

/// Everyday words for the few matters every treaty names in its own terms: a matter word with
/// one of these beginnings also counts as the treaty's words after it.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("admit", &["accession", "admission", "membership"]),
    ("admis", &["accession", "membership"]),
    ("join", &["accession", "admission", "membership"]),
    ("enlarg", &["accession", "admission", "membership"]),
    ("accede", &["accession", "admission", "membership"]),
    ("membership", &["accession", "admission"]),
    ("embarg", &["sanctions", "restrictive"]),
    ("sanction", &["restrictive"]),
];

fn matter_words(text: &str) -> Vec<String> {
    let mut out = words(text);
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        for (prefix, extra) in SYNONYMS {
            if w.starts_with(prefix) {
                out.extend(extra.iter().flat_map(|e| words(e)));
            }
        }
    }
    out
}

/// Everyday words that name an agreement's kind; the first whose beginning a word of the
/// matter has (after folding case and dropping hyphens) gives the kind.
const KIND_WORDS: &[(&str, AgreementKind)] = &[
    ("nonaggression", AgreementKind::NonAggression),
    ("nonattack", AgreementKind::NonAggression),
    ("alliance", AgreementKind::Defence),
    ("mutualdefen", AgreementKind::Defence),
    ("collectivedefen", AgreementKind::Defence),
    ("neutral", AgreementKind::Neutrality),
    ("ceasefire", AgreementKind::Ceasefire),
    ("armistice", AgreementKind::Ceasefire),
    ("truce", AgreementKind::Ceasefire),
    ("demilitari", AgreementKind::DemilitarisedZone),
    ("guarantee", AgreementKind::Guarantee),
    ("armscontrol", AgreementKind::ForceLimit),
    ("forcelimit", AgreementKind::ForceLimit),
];

/// The kind of agreement a matter in words names, if it names one: "non-aggression",
/// "alliance", "ceasefire", "neutrality", … (two adjacent words are also read as one, so that
/// "mutual defence" and "arms control" count).
pub fn matter_kind(matter: &str) -> Option<AgreementKind> {
    let ws: Vec<String> = matter
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == ';')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut candidates: Vec<String> = ws.clone();
    candidates.extend(ws.windows(2).map(|p| format!("{}{}", p[0], p[1])));
    KIND_WORDS
        .iter()
        .find(|(prefix, _)| candidates.iter().any(|w| w.starts_with(prefix)))
        .map(|(_, k)| *k)
}

/// Match a matter in words against the competences: a competence matches when a significant
/// word of the matter (five letters or more, compared on its first six; a few everyday words
/// such as "admit" or "join" also count as "accession") appears in the competence's id or
/// description. The best match has the most shared words.
fn match_matter<'a>(
    inst: &'a Institution,
    matter: &str,
) -> Option<&'a entente_scenario::Competence> {
    let m = matter_words(matter);
    inst.competences
        .iter()
        .map(|c| {
            let mut cw = words(&c.id.replace('_', " "));
            cw.extend(words(c.description.as_deref().unwrap_or("")));
            (m.iter().filter(|w| cw.contains(w)).count(), c)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, c)| c)
}

/// Decide a proposal.
pub fn decide(s: &Scenario, p: &Proposal) -> Result<Verdict, Error> {
    let (inst, dec) = institution_and_decision(s, &p.institution, &p.decision)?;
    let mut reasons = Vec::new();
    let mut clauses: Vec<ClauseRef> = Vec::new();
    let push_clause = |clauses: &mut Vec<ClauseRef>, id: &str| {
        if !clauses.iter().any(|c| c.id == id) {
            clauses.push(clause_ref(inst, id));
        }
    };

    // M1: competence first. Outside it, the body does not decide at all.
    let given: Vec<CompetenceRef> = inst.competences.iter().map(competence_ref).collect();
    let exercised = if let Some(cid) = &p.competence {
        match inst.competences.iter().find(|c| &c.id == cid) {
            Some(c) => Some(c),
            None => {
                reasons.push(format!(
                    "`{}` has no competence `{cid}`: its founding text gives it {} (M1)",
                    inst.id,
                    list_ids(&given)
                ));
                return Ok(outside(p, inst, dec, given, reasons));
            }
        }
    } else if let Some((matter, kind)) = p
        .matter
        .as_ref()
        .and_then(|m| matter_kind(m).map(|k| (m, k)))
        .filter(|_| inst.judges_kinds())
    {
        // M1 by kind: a matter that names a kind of agreement is within the body's powers only
        // if a competence lists that kind, whatever other words it shares with a competence.
        match inst.competence_for_kind(kind) {
            Some(c) => {
                reasons.push(format!(
                    "the matter \"{matter}\" is {} {} agreement, which the competence `{}` covers",
                    article(kind.as_str()),
                    kind.as_str(),
                    c.id
                ));
                Some(c)
            }
            None => {
                reasons.push(format!(
                    "the matter \"{matter}\" is {} {} agreement: no competence of `{}` covers that kind; its founding text gives it {} (M1)",
                    article(kind.as_str()),
                    kind.as_str(),
                    inst.id,
                    list_ids(&given)
                ));
                return Ok(outside(p, inst, dec, given, reasons));
            }
        }
    } else if let Some(matter) = &p.matter {
        match match_matter(inst, matter) {
            Some(c) => {
                reasons.push(format!(
                    "the matter \"{matter}\" falls under the competence `{}`",
                    c.id
                ));
                Some(c)
            }
            None => {
                reasons.push(format!(
                    "no competence of `{}` covers \"{matter}\": its founding text gives it {} (M1)",
                    inst.id,
                    list_ids(&given)
                ));
                return Ok(outside(p, inst, dec, given, reasons));
            }
        }
    } else {
        dec.competence
            .as_ref()
            .and_then(|id| inst.competences.iter().find(|c| &c.id == id))
    };
    if let Some(c) = exercised {
        if let Some(cl) = &c.clause {
            push_clause(&mut clauses, cl);
        }
    }
    if let Some(cl) = &dec.clause {
        push_clause(&mut clauses, cl);
    }

    let (rule, body) = s
        .voting_body(&p.institution, &p.decision, p.date)
        .map_err(|e| Error::new(ErrorKind::Procedure, e.0))?;
    let mut source = dec.source.clone();
    if let Procedure::Stages(stages) = &dec.procedure {
        if let Some(st) = stages
            .iter()
            .find(|st| matches!(st.kind, StageKind::Vote { .. }))
        {
            reasons.push(format!(
                "`{}.{}` is a staged procedure: its voting stage `{}` is decided here",
                inst.id, dec.id, st.id
            ));
            if let Some(cl) = &st.clause {
                push_clause(&mut clauses, cl);
            }
            if st.source.is_some() {
                source = st.source.clone();
            }
        }
    }
    let bound = rule.bind(&body).map_err(|errs| {
        Error::new(
            ErrorKind::Rule,
            format!(
                "the rule `{rule}` of `{}.{}` cannot be applied to its members on {}: {}",
                inst.id,
                dec.id,
                p.date,
                errs.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    })?;
    reasons.push(format!(
        "rule `{rule}` over the {} full members of `{}` on {}{}",
        body.len(),
        inst.id,
        p.date,
        source
            .as_ref()
            .map(|s| format!(" (source: {s})"))
            .unwrap_or_default()
    ));

    // Positions: only full members count.
    let mut known: Vec<Option<Vote>> = vec![None; body.len()];
    let mut non_voting: Vec<NonVoting> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (id, vote) in &p.positions {
        if seen.contains(&id.as_str()) {
            return Err(Error::new(
                ErrorKind::BadQuery,
                format!("`{id}` is given more than one position; give each member one"),
            ));
        }
        seen.push(id);
        if let Some(i) = body.index_of(id) {
            known[i] = Some(*vote);
            continue;
        }
        if s.actor(id).is_none() && s.institution(id).is_none() {
            let hint = entente_rules::closest(id, s.actors.iter().map(|a| a.id.as_str()))
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            return Err(Error::new(
                ErrorKind::UnknownName,
                format!("no actor `{id}` in the scenario{hint}"),
            ));
        }
        let status = inst
            .status_of(id, p.date)
            .map_or("not_a_member", Status::as_str);
        reasons.push(format!(
            "`{id}` is {} of `{}` on {}: its position is recorded but does not count{}",
            match status {
                "not_a_member" => "not a member".to_string(),
                st => status_phrase(st).to_string(),
            },
            inst.id,
            p.date,
            match status {
                "observer" => " (M27: a voice, no vote)",
                "opted_out" => " (M31: an opted-out state is not a member)",
                "suspended" => " (suspended members do not vote)",
                _ => "",
            }
        ));
        non_voting.push(NonVoting {
            id: id.clone(),
            status: status.to_string(),
            position: Some(*vote),
        });
    }
    for st in [
        Status::Observer,
        Status::Partner,
        Status::Applicant,
        Status::Suspended,
        Status::OptedOut,
    ] {
        for id in inst.with_status(st, p.date) {
            if !non_voting.iter().any(|n| n.id == id) {
                non_voting.push(NonVoting {
                    id: id.to_string(),
                    status: st.as_str().to_string(),
                    position: None,
                });
            }
        }
    }

    let hard = |e: three::TooHard| {
        Error::new(
            ErrorKind::TooHard,
            format!(
                "`{}.{}` with {} unknown positions: {e}",
                inst.id,
                dec.id,
                known.iter().filter(|v| v.is_none()).count()
            ),
        )
    };
    let (can_pass, can_fail) = three::outlook(&bound, &known).map_err(hard)?;
    let verdict = match (can_pass, can_fail) {
        (true, false) => Outcome::Pass,
        (false, _) => Outcome::Fail,
        (true, true) => Outcome::Undecided,
    };
    let names = |idx: Vec<usize>| -> Vec<String> {
        let mut v: Vec<String> = idx.into_iter().map(|i| body.members()[i].clone()).collect();
        v.sort();
        v
    };
    let veto_players = names(three::veto_players(&bound, &known).map_err(hard)?);
    let swing = if verdict == Outcome::Undecided {
        names(three::swings(&bound, &known).map_err(hard)?)
    } else {
        Vec::new()
    };
    let votes_needed = match verdict {
        Outcome::Pass => Some(0),
        Outcome::Fail => None,
        _ => three::votes_needed(&bound, &known).map_err(hard)?,
    };
    let positions: Vec<Position> = body
        .members()
        .iter()
        .zip(&known)
        .filter_map(|(id, v)| {
            v.map(|vote| Position {
                id: id.clone(),
                vote,
            })
        })
        .collect();
    let unknown: Vec<String> = body
        .members()
        .iter()
        .zip(&known)
        .filter(|(_, v)| v.is_none())
        .map(|(id, _)| id.clone())
        .collect();
    reasons.push(match verdict {
        Outcome::Pass => "it passes whatever the unknown members do".to_string(),
        Outcome::Fail => "it fails whatever the unknown members do".to_string(),
        _ => format!(
            "it can still pass or fail: {} of {} positions are unknown",
            unknown.len(),
            body.len()
        ),
    });
    if !veto_players.is_empty() {
        reasons.push(format!(
            "each of {} can block it alone by voting no",
            veto_players.join(", ")
        ));
    }
    if inst.status == "proposed" {
        reasons.push(format!(
            "`{}` is a proposed body, not one that exists",
            inst.id
        ));
    }
    // M21: an admission lists the criteria and whether the subject meets them; they never
    // change the verdict.
    let admission = exercised.is_some_and(|c| c.id == "accession" || c.id == "admission")
        || matches!(&dec.procedure, Procedure::Stages(st) if st.iter().any(|x| matches!(x.kind, StageKind::Candidate { .. })));
    let criteria = match (&p.subject, admission) {
        (Some(subject), true) => {
            let (checks, sentence) = criteria_checks(inst, subject, p.date);
            reasons.extend(sentence);
            checks
        }
        _ => Vec::new(),
    };

    let authorisation =
        exercised.and_then(|c| crate::authorisation::authorisation(s, &inst.id, &c.id, p.date));
    if let Some(a) = &authorisation {
        reasons.push(format!(
            "{}; it must pass `{}.{}` too{}",
            a.why,
            a.institution,
            a.decision,
            a.veto_players
                .as_ref()
                .map(|v| format!(", where {} can veto it alone", v.join(", ")))
                .unwrap_or_default()
        ));
    }
    Ok(Verdict {
        warnings: Vec::new(),
        institution: inst.id.clone(),
        decision: dec.id.clone(),
        decision_name: dec.name.clone(),
        subject: p.subject.clone(),
        as_of: p.date,
        verdict,
        rule: Some(rule.to_string()),
        source,
        voting_members: body.members().to_vec(),
        positions,
        unknown,
        non_voting,
        veto_players,
        swing,
        votes_needed,
        competence: exercised.map(competence_ref),
        competences_given: Vec::new(),
        clauses,
        reasons,
        authorisation,
        agreement: None,
        criteria,
    })
}

/// A status as the noun phrase a sentence "`X` is … of `body`" needs.
fn status_phrase(status: &str) -> &'static str {
    match status {
        "member" => "a member",
        "observer" => "an observer",
        "partner" => "a partner",
        "applicant" => "an applicant",
        "suspended" => "a suspended member",
        "opted_out" => "a state that opted out",
        _ => "a non-voting participant",
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn list_ids(c: &[CompetenceRef]) -> String {
    if c.is_empty() {
        "no competence at all".to_string()
    } else {
        c.iter()
            .map(|c| format!("`{}`", c.id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn outside(
    p: &Proposal,
    inst: &Institution,
    dec: &entente_scenario::Decision,
    given: Vec<CompetenceRef>,
    reasons: Vec<String>,
) -> Verdict {
    let mut clauses: Vec<ClauseRef> = Vec::new();
    for c in &given {
        if let Some(cl) = &c.clause {
            if !clauses.iter().any(|x| &x.id == cl) {
                clauses.push(clause_ref(inst, cl));
            }
        }
    }
    Verdict {
        warnings: Vec::new(),
        institution: inst.id.clone(),
        decision: dec.id.clone(),
        decision_name: dec.name.clone(),
        subject: p.subject.clone(),
        as_of: p.date,
        verdict: Outcome::OutsideCompetence,
        rule: None,
        source: inst.source.clone(),
        voting_members: inst
            .members_on(p.date)
            .iter()
            .map(|s| s.to_string())
            .collect(),
        positions: Vec::new(),
        unknown: Vec::new(),
        non_voting: Vec::new(),
        veto_players: Vec::new(),
        swing: Vec::new(),
        votes_needed: None,
        competence: None,
        competences_given: given,
        clauses,
        reasons,
        authorisation: None,
        agreement: None,
        criteria: Vec::new(),
    }
}

/// Decide a proposal that the institution conclude or join an agreement of the scenario (M1):
/// the agreement is judged by its kind against the kinds of agreement the institution's
/// competences list (`agreement_kinds`), not by words; outside them the verdict is
/// `outside_competence`, citing what the founding text gives. Within, the proposal is decided
/// under that competence. `p.competence` and `p.matter` are ignored.
pub fn decide_agreement(s: &Scenario, p: &Proposal, agreement: &str) -> Result<Verdict, Error> {
    let (inst, dec) = institution_and_decision(s, &p.institution, &p.decision)?;
    let Some(a) = s.agreement(agreement) else {
        let hint = entente_rules::closest(agreement, s.agreements.iter().map(|a| a.id.as_str()))
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        return Err(Error::new(
            ErrorKind::UnknownName,
            format!("the scenario has no agreement `{agreement}`{hint}"),
        ));
    };
    let parties: Vec<String> = a.parties.iter().map(party_text).collect();
    let is_party = a
        .parties
        .iter()
        .any(|x| matches!(x, entente_scenario::Party::Institution(i) if i == &inst.id));
    let aref = AgreementRef {
        id: a.id.clone(),
        name: a.name.clone(),
        kind: a.kind.as_str().to_string(),
        parties: parties.clone(),
        institution_is_party: is_party,
        status: a.status_on(p.date).to_string(),
        source: a.source.clone(),
    };
    let mut first = format!(
        "`{}` ({}) is {} {} agreement between {}",
        a.id,
        a.name,
        article(a.kind.as_str()),
        a.kind.as_str(),
        parties.join(", ")
    );
    if is_party {
        first.push_str(&format!("; `{}` itself is a party", inst.id));
    }
    let given: Vec<CompetenceRef> = inst.competences.iter().map(competence_ref).collect();
    let within = inst.competence_for_kind(a.kind);
    let Some(c) = within else {
        let why = if inst.judges_kinds() {
            format!(
                "no competence of `{}` covers {} agreements; its founding text gives it {} (M1)",
                inst.id,
                a.kind.as_str(),
                list_ids(&given)
            )
        } else {
            format!(
                "no competence of `{}` lists a kind of agreement it may conclude or join (`agreement_kinds`); its founding text gives it {} (M1)",
                inst.id,
                list_ids(&given)
            )
        };
        let mut v = outside(p, inst, dec, given, vec![first, why]);
        v.agreement = Some(aref);
        return Ok(v);
    };
    let q = Proposal {
        competence: Some(c.id.clone()),
        matter: None,
        ..p.clone()
    };
    let mut v = decide(s, &q)?;
    v.reasons.insert(0, first);
    v.reasons.insert(
        1,
        format!(
            "the competence `{}` covers {} agreements",
            c.id,
            a.kind.as_str()
        ),
    );
    v.agreement = Some(aref);
    Ok(v)
}

fn party_text(p: &entente_scenario::Party) -> String {
    use entente_scenario::Party;
    match p {
        Party::Actor(x) | Party::Institution(x) => x.clone(),
        Party::MembersOf(x, None) => format!("members of {x}"),
        Party::MembersOf(x, Some(d)) => format!("members of {x} as of {d}"),
        Party::Parties => "all parties".to_string(),
    }
}

/// Who can block what: one row per decision type of a body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Blocking {
    /// Institution id.
    pub institution: String,
    /// Decision type id.
    pub decision: String,
    /// Decision type name.
    pub decision_name: String,
    /// The rule (of the voting stage, for a staged procedure).
    pub rule: String,
    /// Number of full members on the date.
    pub members: usize,
    /// Members who can block alone when nothing else is known.
    pub veto_players: Vec<String>,
    /// Source of the decision type.
    pub source: Option<String>,
    /// Why the members who can block cannot be named on the date (the rule cannot be applied
    /// to the members, the body is short of its seats, or the question is too hard to decide
    /// exactly); `veto_players` is then empty and means nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// For every institution and decision type with a rule: the members who can block it alone, as
/// of the date (nothing known about anyone's position). A staged procedure without a voting
/// stage is left out; a decision type whose rule cannot be applied (an attribute some member
/// lacks, a body short of its seats) or that is too hard to decide exactly is listed with why
/// (`unavailable`), never dropped without a word.
pub fn blocking(s: &Scenario, date: Date) -> Vec<Blocking> {
    let mut out = Vec::new();
    for inst in &s.institutions {
        for dec in &inst.decisions {
            let unavailable = |rule: String, members: usize, why: String| Blocking {
                institution: inst.id.clone(),
                decision: dec.id.clone(),
                decision_name: dec.name.clone(),
                rule,
                members,
                veto_players: Vec::new(),
                source: dec.source.clone(),
                unavailable: Some(why),
            };
            if let Some(why) = s.short_of_seats(&inst.id, date) {
                let rule = match &dec.procedure {
                    Procedure::Rule(r) => r.rule.to_string(),
                    Procedure::Stages(_) => String::new(),
                };
                out.push(unavailable(rule, inst.members_on(date).len(), why));
                continue;
            }
            let Ok((rule, body)) = s.voting_body(&inst.id, &dec.id, date) else {
                continue;
            };
            let bound = match rule.bind(&body) {
                Ok(b) => b,
                Err(errs) => {
                    let why = errs
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ");
                    out.push(unavailable(rule.to_string(), body.len(), why));
                    continue;
                }
            };
            let known = vec![None; body.len()];
            let idx = match three::veto_players(&bound, &known) {
                Ok(idx) => idx,
                Err(e) => {
                    out.push(unavailable(rule.to_string(), body.len(), e.to_string()));
                    continue;
                }
            };
            let mut v: Vec<String> = idx.into_iter().map(|i| body.members()[i].clone()).collect();
            v.sort();
            out.push(Blocking {
                institution: inst.id.clone(),
                decision: dec.id.clone(),
                decision_name: dec.name.clone(),
                rule: rule.to_string(),
                members: body.len(),
                veto_players: v,
                source: dec.source.clone(),
                unavailable: None,
            });
        }
    }
    out
}
