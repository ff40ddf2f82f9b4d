//! The `overlap` question (M35): for each pair of institutions, as of a date, their full members
//! (shared, only in the first, only in the second), their competences (shared by id, and among
//! those the conflicting ones: both bodies decide the matter, under different rules), and their
//! vetoes (for each decision type the members who can block it alone; the members with a general
//! veto, one over every decision type of the body; and who would gain or lose a general veto by
//! moving from the first body's rules to the second's). A merge — for example the OSCE and a
//! proposed inclusive body — is an architecture's `merge` change; asked of that world
//! (`--architecture`), the answer adds each merge: the merged bodies just before it (as
//! recorded when the change was applied) and the merged body on its date, with who can block
//! each decision type alone, and who gains or loses a general veto.

use std::collections::BTreeSet;

use entente_scenario::diag::did_you_mean;
use entente_scenario::{Institution, Procedure, StageKind};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, parse_date};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The institutions to compare, two or more (every pair is answered); none: every
    /// institution of the scenario.
    #[serde(default)]
    pub institutions: Vec<String>,
    /// The date (default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A competence both bodies hold (by id).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SharedCompetence {
    /// The competence id.
    pub id: String,
    /// The first body's decision types under it, as `id: rule`.
    pub rules_a: Vec<String>,
    /// The second body's decision types under it.
    pub rules_b: Vec<String>,
    /// Both decide it, under different rules: the same matter can be decided one way in one
    /// body and the other way in the other.
    pub conflicting: bool,
}

/// One decision type and who can block it alone.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionVetoes {
    /// Decision type id.
    pub decision: String,
    /// Its rule (of the voting stage, for a staged procedure).
    pub rule: String,
    /// Members who can block it alone when nothing else is known.
    pub veto_players: Vec<String>,
}

/// One pair of institutions.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pair {
    /// The first institution.
    pub a: String,
    /// The second institution.
    pub b: String,
    /// Full members of both.
    pub shared: Vec<String>,
    /// Full members of the first only.
    pub only_a: Vec<String>,
    /// Full members of the second only.
    pub only_b: Vec<String>,
    /// Competences both hold, with their rules.
    pub shared_competences: Vec<SharedCompetence>,
    /// Ids of the shared competences that conflict.
    pub conflicting_competences: Vec<String>,
    /// Competences of the first only.
    pub only_a_competences: Vec<String>,
    /// Competences of the second only.
    pub only_b_competences: Vec<String>,
    /// The first body's decision types with the members who can block each alone.
    pub decisions_a: Vec<DecisionVetoes>,
    /// The second body's decision types with the members who can block each alone.
    pub decisions_b: Vec<DecisionVetoes>,
    /// Members with a general veto in the first body: they can block every decision type of it
    /// alone.
    pub vetoes_a: Vec<String>,
    /// Members with a general veto in the second body.
    pub vetoes_b: Vec<String>,
    /// Members with a general veto in the second body and none in the first: they gain one by a
    /// move from the first body's rules to the second's (empty when either body has no decision
    /// type whose rule could be evaluated).
    pub veto_gained: Vec<String>,
    /// Members of both with a general veto in the first body and none in the second: they lose
    /// it.
    pub veto_lost: Vec<String>,
}

/// One body's decision types with who can block each alone.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BodyVetoes {
    /// The institution.
    pub institution: String,
    /// Its full members.
    pub members: Vec<String>,
    /// Its decision types.
    pub decisions: Vec<DecisionVetoes>,
    /// Members who can block every one of them alone.
    pub general_vetoes: Vec<String>,
}

/// A merge of the world (an architecture's `merge`): the merged bodies just before it and the
/// merged body on its date, and who gains or loses a veto.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Merge {
    /// The bodies merged.
    pub institutions: Vec<String>,
    /// The body that continues.
    pub into: String,
    /// The date of the merge.
    #[schemars(with = "String")]
    pub date: Date,
    /// Each merged body that existed before the merge (a proposed one did not).
    pub before: Vec<BodyVetoes>,
    /// The merged body on the date.
    pub after: BodyVetoes,
    /// Members of the merged body that were full members of none of the bodies before.
    pub joined: Vec<String>,
    /// Full members of a body before that are not members of the merged body.
    pub left: Vec<String>,
    /// Competences of the merged body, with the body each came from.
    pub competences: Vec<String>,
    /// Members with a general veto after (over every decision type of the merged body) and in
    /// none of the bodies before.
    pub veto_gained: Vec<String>,
    /// Members with a general veto in a body before and none after.
    pub veto_lost: Vec<String>,
    /// Per decision type of the merged body: members who can block it alone after the merge
    /// but could block no decision type alone in any body before.
    pub decision_veto_gained: Vec<DecisionChange>,
}

/// Who gains the power to block one decision type alone.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionChange {
    /// The decision type of the merged body.
    pub decision: String,
    /// The members.
    pub members: Vec<String>,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The date.
    #[schemars(with = "String")]
    pub date: Date,
    /// Every pair, in the order asked.
    pub pairs: Vec<Pair>,
    /// The merges of the world the question is asked of (`--architecture`), each before and
    /// after.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<Merge>,
}

/// One body's vetoes, from the blocking answers of its world.
fn body_vetoes(
    blocking: &[entente_decide::Blocking],
    inst: &Institution,
    date: Date,
) -> BodyVetoes {
    let decisions = decisions(blocking, &inst.id);
    BodyVetoes {
        institution: inst.id.clone(),
        members: inst
            .members_on(date)
            .into_iter()
            .map(String::from)
            .collect(),
        general_vetoes: general(&decisions).into_iter().collect(),
        decisions,
    }
}

/// Every merge of the world: the bodies just before (their own world with the merged bodies as
/// they were) and after.
fn merges(sc: &entente_scenario::Scenario) -> Vec<Merge> {
    sc.world
        .merges
        .iter()
        .map(|m| {
            let date = m.date;
            let mut old = sc.clone();
            old.institutions.retain(|i| !m.institutions.contains(&i.id));
            old.institutions.extend(m.before.iter().cloned());
            let old_blocking = entente_decide::blocking(&old, date);
            let before: Vec<BodyVetoes> = m
                .before
                .iter()
                .filter(|i| i.status != "proposed")
                .map(|i| body_vetoes(&old_blocking, i, date))
                .collect();
            let new_blocking = entente_decide::blocking(sc, date);
            let after = sc
                .institution(&m.into)
                .map(|i| body_vetoes(&new_blocking, i, date))
                .unwrap_or(BodyVetoes {
                    institution: m.into.clone(),
                    members: Vec::new(),
                    decisions: Vec::new(),
                    general_vetoes: Vec::new(),
                });
            let was: BTreeSet<&str> = before
                .iter()
                .flat_map(|b| b.members.iter().map(String::as_str))
                .collect();
            let now: BTreeSet<&str> = after.members.iter().map(String::as_str).collect();
            let general_before: BTreeSet<&str> = before
                .iter()
                .flat_map(|b| b.general_vetoes.iter().map(String::as_str))
                .collect();
            let any_before: BTreeSet<&str> = before
                .iter()
                .flat_map(|b| b.decisions.iter())
                .flat_map(|d| d.veto_players.iter().map(String::as_str))
                .collect();
            let general_after: BTreeSet<&str> =
                after.general_vetoes.iter().map(String::as_str).collect();
            let competences = sc
                .institution(&m.into)
                .map(|i| {
                    i.competences
                        .iter()
                        .map(|c| {
                            let from: Vec<&str> = m
                                .before
                                .iter()
                                .filter(|b| b.competences.iter().any(|x| x.id == c.id))
                                .map(|b| b.id.as_str())
                                .collect();
                            format!("{} ({})", c.id, from.join(", "))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let comparable =
                !after.decisions.is_empty() && before.iter().all(|b| !b.decisions.is_empty());
            Merge {
                institutions: m.institutions.clone(),
                into: m.into.clone(),
                date,
                joined: now.difference(&was).map(|s| s.to_string()).collect(),
                left: was.difference(&now).map(|s| s.to_string()).collect(),
                competences,
                veto_gained: if comparable {
                    general_after
                        .difference(&general_before)
                        .map(|s| s.to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                veto_lost: if comparable {
                    general_before
                        .difference(&general_after)
                        .map(|s| s.to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                decision_veto_gained: after
                    .decisions
                    .iter()
                    .map(|d| DecisionChange {
                        decision: d.decision.clone(),
                        members: d
                            .veto_players
                            .iter()
                            .filter(|p| !any_before.contains(p.as_str()))
                            .cloned()
                            .collect(),
                    })
                    .filter(|d| !d.members.is_empty())
                    .collect(),
                before,
                after,
            }
        })
        .collect()
}

fn rule_text(d: &entente_scenario::Decision) -> String {
    match &d.procedure {
        Procedure::Rule(r) => r.text.clone(),
        Procedure::Stages(st) => st
            .iter()
            .find_map(|s| match &s.kind {
                StageKind::Vote { rule, .. } => Some(rule.text.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "stages".into()),
    }
}

fn rules(i: &Institution, competence: &str) -> Vec<String> {
    i.decisions
        .iter()
        .filter(|d| d.competence.as_deref() == Some(competence))
        .map(|d| format!("{}: {}", d.id, rule_text(d)))
        .collect()
}

fn decisions(blocking: &[entente_decide::Blocking], inst: &str) -> Vec<DecisionVetoes> {
    blocking
        .iter()
        .filter(|b| b.institution == inst)
        .map(|b| DecisionVetoes {
            decision: b.decision.clone(),
            rule: b.rule.clone(),
            veto_players: b.veto_players.clone(),
        })
        .collect()
}

/// The members who can block every decision type alone (none when no decision type could be
/// evaluated).
fn general(decisions: &[DecisionVetoes]) -> BTreeSet<String> {
    let mut it = decisions.iter();
    let Some(first) = it.next() else {
        return BTreeSet::new();
    };
    let mut out: BTreeSet<String> = first.veto_players.iter().cloned().collect();
    for d in it {
        out.retain(|m| d.veto_players.contains(m));
    }
    out
}

fn pair(
    blocking: &[entente_decide::Blocking],
    a: &Institution,
    b: &Institution,
    date: Date,
) -> Pair {
    let ma: BTreeSet<&str> = a.members_on(date).into_iter().collect();
    let mb: BTreeSet<&str> = b.members_on(date).into_iter().collect();
    let strs = |it: &mut dyn Iterator<Item = &&str>| it.map(|s| s.to_string()).collect::<Vec<_>>();
    let ca: BTreeSet<&str> = a.competences.iter().map(|c| c.id.as_str()).collect();
    let cb: BTreeSet<&str> = b.competences.iter().map(|c| c.id.as_str()).collect();
    let shared_competences: Vec<SharedCompetence> = ca
        .intersection(&cb)
        .map(|c| {
            let (rules_a, rules_b) = (rules(a, c), rules(b, c));
            let ta: BTreeSet<String> = rules_a
                .iter()
                .map(|r| r.split_once(": ").map_or(r.clone(), |x| x.1.to_string()))
                .collect();
            let tb: BTreeSet<String> = rules_b
                .iter()
                .map(|r| r.split_once(": ").map_or(r.clone(), |x| x.1.to_string()))
                .collect();
            SharedCompetence {
                id: c.to_string(),
                conflicting: !ta.is_empty() && !tb.is_empty() && ta != tb,
                rules_a,
                rules_b,
            }
        })
        .collect();
    let (da, db) = (decisions(blocking, &a.id), decisions(blocking, &b.id));
    let (va, vb) = (general(&da), general(&db));
    // Vetoes are compared only between two bodies whose rules could both be evaluated.
    let comparable = !da.is_empty() && !db.is_empty();
    Pair {
        a: a.id.clone(),
        b: b.id.clone(),
        shared: strs(&mut ma.intersection(&mb)),
        only_a: strs(&mut ma.difference(&mb)),
        only_b: strs(&mut mb.difference(&ma)),
        conflicting_competences: shared_competences
            .iter()
            .filter(|c| c.conflicting)
            .map(|c| c.id.clone())
            .collect(),
        shared_competences,
        only_a_competences: strs(&mut ca.difference(&cb)),
        only_b_competences: strs(&mut cb.difference(&ca)),
        veto_gained: if comparable {
            vb.difference(&va).cloned().collect()
        } else {
            Vec::new()
        },
        veto_lost: if comparable {
            va.difference(&vb)
                .filter(|m| mb.contains(m.as_str()))
                .cloned()
                .collect()
        } else {
            Vec::new()
        },
        decisions_a: da,
        decisions_b: db,
        vetoes_a: va.into_iter().collect(),
        vetoes_b: vb.into_iter().collect(),
    }
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let sc = session.scenario();
    let given = query.as_of.as_deref().map(parse_date).transpose()?;
    let date = session.as_of(given);
    let mut insts: Vec<&Institution> = Vec::new();
    if query.institutions.is_empty() {
        insts.extend(sc.institutions.iter());
    } else {
        for id in &query.institutions {
            let Some(i) = sc.institution(id.trim()) else {
                return Err(ApiError::usage(
                    "unknown-institution",
                    format!("no institution `{id}` in the scenario"),
                )
                .with_hint(
                    did_you_mean(id, sc.institutions.iter().map(|i| i.id.as_str()))
                        .unwrap_or_else(|| "`entente list institutions` lists them".into()),
                ));
            };
            if !insts.iter().any(|x| x.id == i.id) {
                insts.push(i);
            }
        }
        if insts.len() < 2 {
            return Err(ApiError::usage(
                "too-few-institutions",
                "an overlap needs two institutions or more",
            )
            .with_hint("name two, e.g. nato and eu, or none for every pair"));
        }
    }
    let blocking = entente_decide::blocking(sc, date);
    let mut pairs = Vec::new();
    for (k, a) in insts.iter().enumerate() {
        for b in &insts[k + 1..] {
            pairs.push(pair(&blocking, a, b, date));
        }
    }
    Ok(Answer {
        date,
        pairs,
        merges: merges(sc),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two bodies of the same three states hold a `sanctions` competence: one decides it by
    /// consensus, the other by a majority. The competence is shared and conflicting; the
    /// consensus body's members each hold a general veto and lose it in the majority body.
    #[test]
    fn a_competence_decided_under_different_rules_conflicts() {
        let text = "[scenario]\nname = \"x\"\n[actor.AAA]\nname = \"A\"\n[actor.BBB]\nname = \"B\"\n[actor.CCC]\nname = \"C\"\n\
[institution.one]\nmembers = [{ id = \"AAA\" }, { id = \"BBB\" }, { id = \"CCC\" }]\n[institution.one.competence.sanctions]\ndescription = \"s\"\n[institution.one.decision.sanctions]\ncompetence = \"sanctions\"\nrule = \"no == 0\"\n\
[institution.two]\nmembers = [{ id = \"AAA\" }, { id = \"BBB\" }, { id = \"CCC\" }]\n[institution.two.competence.sanctions]\ndescription = \"s\"\n[institution.two.decision.sanctions]\ncompetence = \"sanctions\"\nrule = \"yes > 50%\"\n";
        let files = entente_scenario::load::InMemory {
            files: vec![("s.toml".into(), text.into())],
        };
        let loaded = entente_scenario::load_with(&[std::path::PathBuf::from("s.toml")], &files);
        let s = Session::from_loaded(loaded).unwrap();
        let a = answer(
            &s,
            &Query {
                institutions: vec!["one".into(), "two".into()],
                as_of: Some("2025-01-01".into()),
            },
        )
        .unwrap();
        let p = &a.pairs[0];
        assert_eq!(p.shared, ["AAA", "BBB", "CCC"]);
        assert_eq!(p.conflicting_competences, ["sanctions"]);
        assert_eq!(p.vetoes_a, ["AAA", "BBB", "CCC"]);
        assert!(p.vetoes_b.is_empty());
        assert_eq!(p.veto_lost, ["AAA", "BBB", "CCC"]);
    }
}
