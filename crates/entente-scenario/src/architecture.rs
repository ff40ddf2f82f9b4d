//! Architectures: worlds that might be (`[architecture.ID]`). An architecture is a named list of
//! changes to the scenario as it is (or to another architecture, its `base`): agreements brought
//! into force or ended, memberships changed, a body's decision rule replaced, a proposed
//! institution established, actions verified, force posture set or scaled, a timeline applied up
//! to a date, a settlement package adopted. Raw types (as written, with spans), their resolution
//! (every id checked, with did-you-mean), and [`apply`], which makes the changed scenario for the
//! changes the scenario model can hold. Changes that need an engine (a timeline replayed, a
//! package's implications) are kept in [`Scenario::world`] for the layer that owns that engine.
//!
//! ```toml
//! [architecture.pledge]
//! name = "A written pledge halting enlargement"
//! as_of = 2026-01-01
//!
//! [[architecture.pledge.agreement]]
//! id = "non_enlargement_pledge"
//! status = "in_force"
//! assumption = true
//!
//! [[architecture.ukraine_in_nato.membership]]
//! institution = "nato"
//! actor = "UKR"
//! status = "member"
//! source = "the proposal under discussion"
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::diag::did_you_mean;
use crate::model::{Membership, Precision, Procedure, RuleText, Scenario, StageKind, Status};
use crate::raw::RawDate;
use crate::spanned::Sp;

/// The id that names the scenario as it is.
pub const STATUS_QUO: &str = "status_quo";

/// `[architecture.ID]` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArchitecture {
    /// Name.
    pub name: Option<String>,
    /// What it models.
    pub note: Option<String>,
    /// Where the proposal comes from.
    pub source: Option<String>,
    /// Another architecture this one changes (default: the scenario as it is).
    pub base: Option<Sp<String>>,
    /// The date its questions are asked at, and the default date of its changes.
    pub as_of: Option<Sp<RawDate>>,
    /// Agreements whose status changes.
    #[serde(default)]
    pub agreement: Vec<Sp<RawAgreementChange>>,
    /// Memberships that change.
    #[serde(default)]
    pub membership: Vec<Sp<RawMembershipChange>>,
    /// Decision rules replaced.
    #[serde(default)]
    pub rule: Vec<Sp<RawRuleChange>>,
    /// Proposed institutions established.
    #[serde(default)]
    pub establish: Vec<Sp<RawEstablish>>,
    /// Actions taken as verified.
    #[serde(default)]
    pub verified: Vec<Sp<RawVerified>>,
    /// Force posture set or scaled.
    #[serde(default)]
    pub forces: Vec<Sp<RawForces>>,
    /// A timeline applied up to a date (the state after replaying it).
    pub timeline: Option<Sp<RawTimelineApplied>>,
    /// Parties that defect (M13): from a date on, each breaches its obligations in force
    /// (all, or those of the agreements named), within the replay of the world's timeline.
    #[serde(default)]
    pub defect: Vec<Sp<RawDefect>>,
    /// A settlement package adopted: `SETTLEMENT:nash`, `SETTLEMENT:kalai_smorodinsky`,
    /// `SETTLEMENT:nash_after_concession` or `SETTLEMENT:INDEX` (a package index of `entente
    /// negotiate`); what each of its values `implies` is applied.
    pub package: Option<Sp<String>>,
    /// Bodies merged into one (M35).
    #[serde(default)]
    pub merge: Vec<Sp<RawMerge>>,
}

/// `[[architecture.ID.merge]]`: two or more institutions become one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMerge {
    /// The institutions merged, two or more.
    pub institutions: Vec<Sp<String>>,
    /// The one that continues as the merged body (one of `institutions`; a proposed one is
    /// established by the merge). The others end: their memberships stop on the date.
    pub into: Sp<String>,
    /// Who the merged body's full members are: `union` (default: a full member of any merged
    /// body), `intersection` (of every one that exists on the date) or `stated` (`actors`).
    pub members: Option<Sp<String>>,
    /// The members, with `members = "stated"`.
    #[serde(default)]
    pub actors: Vec<Sp<String>>,
    /// The competences the merged body holds (ids of competences of the merged bodies); default:
    /// every one of them.
    #[serde(default)]
    pub competences: Vec<Sp<String>>,
    /// The merged body's decision types and rules (at least one; they replace those of `into`).
    #[serde(default)]
    pub decision: Vec<Sp<RawMergedDecision>>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.merge.decision]]`: a decision type of the merged body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMergedDecision {
    /// Id of the decision type.
    pub id: Sp<String>,
    /// Name.
    pub name: Option<String>,
    /// The competence it exercises (one the merged body holds).
    pub competence: Option<Sp<String>>,
    /// Its rule, in the rule language.
    pub rule: Sp<String>,
    /// Where it comes from (or the analyst's assumption, said so).
    pub source: Option<String>,
}

/// Who the members of a merged body are.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", content = "actors")]
pub enum MergeMembers {
    /// Full members of any merged body.
    Union,
    /// Full members of every merged body that exists on the date.
    Intersection,
    /// As stated.
    Stated(Vec<String>),
}

/// A decision type of a merged body.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MergedDecision {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The competence exercised.
    pub competence: Option<String>,
    /// The rule.
    pub rule: String,
    /// Source.
    pub source: Option<String>,
}

/// A merge as it was applied to a world: the change, and the merged bodies as they were just
/// before it (for vetoes before and after).
#[derive(Debug, Clone, Serialize)]
pub struct MergeApplied {
    /// The bodies merged.
    pub institutions: Vec<String>,
    /// The one that continues.
    pub into: String,
    /// When.
    pub date: Date,
    /// The merged bodies before the merge, in the order named.
    pub before: Vec<crate::model::Institution>,
}

impl PartialEq for MergeApplied {
    /// Two records of merges are equal when they merge the same bodies into the same one on the
    /// same date (the bodies before follow from the world they were applied to).
    fn eq(&self, other: &MergeApplied) -> bool {
        (&self.institutions, &self.into, self.date)
            == (&other.institutions, &other.into, other.date)
    }
}

/// `[[architecture.ID.agreement]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAgreementChange {
    /// The agreement.
    pub id: Sp<String>,
    /// Its new status: `proposed`, `signed`, `in_force`, `suspended` or `terminated`.
    pub status: Sp<String>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.membership]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMembershipChange {
    /// The institution.
    pub institution: Sp<String>,
    /// The actor.
    pub actor: Sp<String>,
    /// Its new status (`member`, `observer`, `partner`, `applicant`, `suspended`,
    /// `opted_out`), or `none` when it leaves.
    pub status: Sp<String>,
    /// Region zones the actor's territory joins with the membership (a treaty area such as
    /// North Atlantic Treaty Art. 6's, which the scenario lists state by state).
    #[serde(default)]
    pub zones: Vec<Sp<String>>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.rule]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRuleChange {
    /// The institution.
    pub institution: Sp<String>,
    /// Its decision type.
    pub decision: Sp<String>,
    /// The rule that replaces the one it has (for a staged procedure: the first vote stage's).
    pub rule: Sp<String>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.establish]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEstablish {
    /// A proposed institution of the scenario.
    pub institution: Sp<String>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.verified]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVerified {
    /// The action, as conditions name it ("RUS withdraws nonstrategic_nuclear from BLR").
    pub action: Sp<String>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.forces]]`: one actor's forces in one zone.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawForces {
    /// Whose forces.
    pub actor: Sp<String>,
    /// Where.
    pub zone: Sp<String>,
    /// What kind of force, as limits name it (e.g. `troops`).
    pub force: Sp<String>,
    /// The level set.
    pub level: Option<Sp<f64>>,
    /// Or a factor on the level the base world has (0.5: halved).
    pub scale: Option<Sp<f64>>,
    /// The date the change takes effect (default: the architecture's `as_of`).
    pub date: Option<Sp<RawDate>>,
    /// Where the change comes from (a proposal, a statement, a treaty draft).
    pub source: Option<String>,
    /// `true` when the change is the analyst's assumption rather than a sourced proposal.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[architecture.ID.defect]]`: a party that breaches its obligations from a date.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDefect {
    /// The party that defects (an actor id).
    pub party: Sp<String>,
    /// The day it defects (default: the architecture's `as_of`).
    pub from: Option<Sp<RawDate>>,
    /// The agreements it breaches (default: every agreement that binds it on the day).
    #[serde(default)]
    pub agreements: Vec<Sp<String>>,
    /// Where the scenario comes from (a threat, a statement).
    pub source: Option<String>,
    /// `true` when the defection is the analyst's assumption rather than a sourced one.
    #[serde(default)]
    pub assumption: bool,
}

/// `architecture.ID.timeline`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTimelineApplied {
    /// The timeline.
    pub id: Sp<String>,
    /// The last date applied (default: its last event).
    pub until: Option<Sp<RawDate>>,
}

/// What a change rests on.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Basis {
    /// When it takes effect.
    #[schemars(with = "String")]
    pub date: Date,
    /// Its source.
    pub source: Option<String>,
    /// Whether it is the analyst's assumption.
    pub assumption: bool,
}

/// One change of the world.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    /// An agreement's status changes.
    Agreement {
        /// The agreement.
        agreement: String,
        /// The new status.
        status: crate::vocab::AgreementStatus,
        /// Why.
        basis: Basis,
    },
    /// A membership changes.
    Membership {
        /// The institution.
        institution: String,
        /// The actor.
        actor: String,
        /// The new status; None: leaves.
        status: Option<Status>,
        /// Region zones the actor's territory joins.
        zones: Vec<String>,
        /// Why.
        basis: Basis,
    },
    /// A decision rule is replaced.
    Rule {
        /// The institution.
        institution: String,
        /// The decision type.
        decision: String,
        /// The new rule.
        rule: String,
        /// Why.
        basis: Basis,
    },
    /// A proposed institution is established.
    Establish {
        /// The institution.
        institution: String,
        /// Why.
        basis: Basis,
    },
    /// An action is taken as verified.
    Verified {
        /// The action.
        action: String,
        /// Why.
        basis: Basis,
    },
    /// Institutions merged into one (M35).
    Merge {
        /// The bodies merged.
        institutions: Vec<String>,
        /// The one that continues as the merged body.
        into: String,
        /// Its members.
        members: MergeMembers,
        /// The competences it holds (empty: every competence of the merged bodies).
        competences: Vec<String>,
        /// Its decision types.
        decisions: Vec<MergedDecision>,
        /// Why.
        basis: Basis,
    },
    /// Force posture.
    Forces {
        /// Whose forces.
        actor: String,
        /// Where.
        zone: String,
        /// What kind.
        force: String,
        /// The level set.
        level: Option<f64>,
        /// Or a factor on the base level.
        scale: Option<f64>,
        /// Why.
        basis: Basis,
    },
    /// A breach of an agreement by one of its parties. Not written in an architecture (a breach
    /// is what happens in a world, not a change that defines one): recorded when a timeline
    /// applied to a world breaks an agreement.
    Breach {
        /// The agreement.
        agreement: String,
        /// Who breached it.
        by: String,
        /// What happened.
        what: String,
        /// Why (the event's date and source).
        basis: Basis,
    },
}

/// A timeline applied up to a date.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TimelineApplied {
    /// The timeline.
    pub timeline: String,
    /// The last date applied (None: every event).
    #[schemars(with = "Option<String>")]
    pub until: Option<Date>,
}

/// A party that breaches its obligations from a date (M13): replayed with the world's
/// timeline, which records its breaches and what they set off.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Defect {
    /// The party.
    pub party: String,
    /// The agreements it breaches (empty: every agreement that binds it on the day).
    pub agreements: Vec<String>,
    /// The day it defects (`basis.date`), with the source.
    pub basis: Basis,
}

/// An architecture, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Architecture {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it models.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// The architecture it changes (None: the scenario as it is).
    pub base: Option<String>,
    /// The date its questions are asked at.
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Date>,
    /// Its own changes, in the order written (agreements, memberships, rules, establishments,
    /// verifications, forces).
    pub changes: Vec<Change>,
    /// A timeline applied up to a date.
    pub timeline: Option<TimelineApplied>,
    /// Parties that defect.
    pub defect: Vec<Defect>,
    /// A settlement package adopted (`SETTLEMENT:nash`, `SETTLEMENT:INDEX`...).
    pub package: Option<String>,
}

/// The ways a package may be named after its settlement's id.
pub const PACKAGE_CHOICES: &str = "`nash`, `kalai_smorodinsky`, `nash_after_concession` (the Nash package once the first proposed concession is made) or a package index (as `entente negotiate` numbers them)";

/// Check a package named as `SETTLEMENT:nash`, `SETTLEMENT:kalai_smorodinsky` or
/// `SETTLEMENT:INDEX` against the scenario: the settlement exists, the index is in range.
pub fn check_package(sc: &Scenario, spec: &str) -> Result<(), String> {
    let Some((sid, which)) = spec.split_once(':') else {
        return Err(format!(
            "`{spec}` names no package: write SETTLEMENT:CHOICE, with CHOICE one of {PACKAGE_CHOICES}"
        ));
    };
    let Some(st) = sc.settlements.iter().find(|s| s.id == sid) else {
        let hint = did_you_mean(sid, sc.settlements.iter().map(|s| s.id.as_str()))
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        return Err(format!("unknown settlement `{sid}`{hint}"));
    };
    if matches!(
        which,
        "nash" | "kalai_smorodinsky" | "nash_after_concession"
    ) {
        return Ok(());
    }
    let count = st
        .issues
        .iter()
        .fold(1u64, |acc, i| acc.saturating_mul(i.labels.len() as u64));
    match which.parse::<u64>() {
        Ok(i) if i < count => Ok(()),
        Ok(i) => Err(format!(
            "package {i} is out of range: settlement `{sid}` has {count} packages (0 to {})",
            count.saturating_sub(1)
        )),
        Err(_) => Err(format!(
            "`{which}` is not a package of settlement `{sid}`: use {PACKAGE_CHOICES}"
        )),
    }
}

/// The changes of a world that the scenario model does not hold itself, kept for the engines:
/// verified actions, force posture and an applied timeline, in the order applied (the base's
/// first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct World {
    /// The architecture ids applied, base first (empty: the scenario as it is).
    pub applied: Vec<String>,
    /// Verified actions and force posture.
    pub changes: Vec<Change>,
    /// Timelines applied.
    pub timelines: Vec<TimelineApplied>,
    /// Parties that defect, replayed with the first timeline applied (or alone).
    pub defections: Vec<Defect>,
    /// Settlement packages adopted (`SETTLEMENT:CHOICE`), applied by the layer that owns the
    /// bargaining engine.
    pub packages: Vec<String>,
    /// Timelines already replayed into this world: their statuses, memberships, verified
    /// actions, force levels and breaches are among `changes` (and the model), so they are not
    /// in `timelines` any more.
    pub replayed: Vec<TimelineApplied>,
    /// Merges applied, with the merged bodies as they were before (not part of the schema).
    #[serde(skip)]
    #[schemars(skip)]
    pub merges: Vec<MergeApplied>,
}

/// The statuses an architecture may give an agreement: a breach or an expiry is what happens in a
/// world, not a change that defines one.
const AGREEMENT_STATUSES: &[&str] = &["proposed", "signed", "in_force", "suspended", "terminated"];

fn basis(
    ctx: &mut Ctx<'_>,
    file: usize,
    (date, source, assumption): (&Option<Sp<RawDate>>, &Option<String>, bool),
    default: Option<Date>,
    span: &std::ops::Range<usize>,
) -> Option<Basis> {
    let date = match date {
        Some(d) => ctx.date(file, d)?.0,
        None => match default {
            Some(d) => d,
            None => {
                let d = ctx.error(
                    file,
                    span.clone(),
                    "missing-key",
                    "a change without a date, in an architecture without `as_of`",
                );
                d.expected = Some(
                    "`date = YYYY-MM-DD` on the change, or `as_of` on the architecture".into(),
                );
                return None;
            }
        },
    };
    if source.is_none() && !assumption {
        let d = ctx.error(
            file,
            span.clone(),
            "unsourced-change",
            "a change of the world with neither a source nor `assumption = true`",
        );
        d.severity = crate::diag::Severity::Warning;
        d.hint = Some("cite the proposal it comes from with `source = \"...\"`, or label it `assumption = true`".into());
    }
    Some(Basis {
        date,
        source: source.clone(),
        assumption,
    })
}

/// Resolve one architecture, checking every id.
pub(crate) fn resolve(
    id: &str,
    raw: &Sp<RawArchitecture>,
    file: usize,
    ctx: &mut Ctx<'_>,
    sc: &Scenario,
    known: &[&str],
) -> Architecture {
    if id == STATUS_QUO {
        let d = ctx.error(
            file,
            raw.span.clone(),
            "reserved-id",
            "`status_quo` names the scenario as it is and cannot be defined",
        );
        d.hint = Some("give the architecture another id".into());
    }
    let as_of = raw
        .as_of
        .as_ref()
        .and_then(|d| ctx.date(file, d))
        .map(|x| x.0);
    let default = as_of.or(sc.as_of);
    let base = raw.base.as_ref().and_then(|b| {
        if b.value == STATUS_QUO {
            return None;
        }
        let others = known.iter().copied().filter(|k| *k != id);
        ctx.listed(file, b, others, "architecture", "unknown-architecture")
            .then(|| b.value.clone())
    });
    let mut changes = Vec::new();
    for a in &raw.agreement {
        let ok_id = ctx.agreement(file, &a.id);
        let ok_st = ctx.word(
            file,
            &a.status,
            AGREEMENT_STATUSES,
            "agreement status",
            "unknown-status",
        );
        if let Some(b) = basis(
            ctx,
            file,
            (&a.date, &a.source, a.assumption),
            default,
            &a.span,
        ) && ok_id
            && ok_st
        {
            if let Some(status) = crate::vocab::AgreementStatus::parse(&a.status.value) {
                changes.push(Change::Agreement {
                    agreement: a.id.value.clone(),
                    status,
                    basis: b,
                });
            }
        }
    }
    for m in &raw.membership {
        let ok_i = ctx.institution(file, &m.institution);
        let ok_a = ctx.actor(file, &m.actor);
        let mut zones = Vec::new();
        for z in &m.zones {
            if ctx.zone(file, z) {
                zones.push(z.value.clone());
            }
        }
        let status = if m.status.value == "none" {
            Some(None)
        } else {
            match Status::parse(&m.status.value) {
                Some(s) => Some(Some(s)),
                None => {
                    let mut words: Vec<&str> = Status::WORDS.split(", ").collect();
                    words.push("none");
                    ctx.word(
                        file,
                        &m.status,
                        &words,
                        "membership status",
                        "unknown-status",
                    );
                    None
                }
            }
        };
        if let (Some(b), Some(st)) = (
            basis(
                ctx,
                file,
                (&m.date, &m.source, m.assumption),
                default,
                &m.span,
            ),
            status,
        ) && ok_i
            && ok_a
        {
            changes.push(Change::Membership {
                institution: m.institution.value.clone(),
                actor: m.actor.value.clone(),
                status: st,
                zones,
                basis: b,
            });
        }
    }
    for r in &raw.rule {
        if !ctx.institution(file, &r.institution) {
            continue;
        }
        let Some(inst) = sc.institution(&r.institution.value) else {
            continue;
        };
        if !ctx.decision(file, inst, &r.decision) {
            continue;
        }
        let rule = crate::resolve::rules::parse_rule(ctx, file, &r.rule);
        if let (Some(rule), Some(b)) = (
            rule,
            basis(
                ctx,
                file,
                (&r.date, &r.source, r.assumption),
                default,
                &r.span,
            ),
        ) {
            changes.push(Change::Rule {
                institution: r.institution.value.clone(),
                decision: r.decision.value.clone(),
                rule: rule.text,
                basis: b,
            });
        }
    }
    for e in &raw.establish {
        if !ctx.institution(file, &e.institution) {
            continue;
        }
        if sc
            .institution(&e.institution.value)
            .is_some_and(|i| i.status != "proposed")
        {
            let d = ctx.error(
                file,
                e.institution.span.clone(),
                "not-proposed",
                format!("institution `{}` exists already", e.institution.value),
            );
            d.severity = crate::diag::Severity::Warning;
            d.hint =
                Some("only an institution with status = \"proposed\" needs establishing".into());
        }
        if let Some(b) = basis(
            ctx,
            file,
            (&e.date, &e.source, e.assumption),
            default,
            &e.span,
        ) {
            changes.push(Change::Establish {
                institution: e.institution.value.clone(),
                basis: b,
            });
        }
    }
    for v in &raw.verified {
        if let Some(b) = basis(
            ctx,
            file,
            (&v.date, &v.source, v.assumption),
            default,
            &v.span,
        ) {
            changes.push(Change::Verified {
                action: v.action.value.clone(),
                basis: b,
            });
        }
    }
    for f in &raw.forces {
        let ok_a = ctx.actor(file, &f.actor);
        let ok_z = ctx.zone(file, &f.zone);
        let level = f.level.as_ref().map(|l| l.value);
        let scale = f.scale.as_ref().map(|s| s.value);
        let bad = match (&f.level, &f.scale) {
            (Some(_), Some(_)) | (None, None) => Some(f.span.clone()),
            (Some(l), None) if !(l.value.is_finite() && l.value >= 0.0) => Some(l.span.clone()),
            (None, Some(s)) if !(s.value.is_finite() && s.value >= 0.0) => Some(s.span.clone()),
            _ => None,
        };
        if let Some(span) = bad {
            let d = ctx.error(
                file,
                span,
                "bad-forces",
                "force posture needs one of `level` or `scale`, a finite number of at least 0",
            );
            d.expected = Some("`level = 0` (none), or `scale = 0.5` (halved)".into());
            continue;
        }
        if let Some(b) = basis(
            ctx,
            file,
            (&f.date, &f.source, f.assumption),
            default,
            &f.span,
        ) && ok_a
            && ok_z
        {
            changes.push(Change::Forces {
                actor: f.actor.value.clone(),
                zone: f.zone.value.clone(),
                force: f.force.value.clone(),
                level,
                scale,
                basis: b,
            });
        }
    }
    for m in &raw.merge {
        if let Some(c) = merge(ctx, file, sc, m, default) {
            changes.push(c);
        }
    }
    let timeline = raw.timeline.as_ref().and_then(|t| {
        let known = sc.timelines.iter().map(|x| x.id.as_str());
        if !ctx.listed(file, &t.id, known, "timeline", "unknown-timeline") {
            return None;
        }
        let until = match &t.until {
            Some(d) => Some(ctx.date(file, d)?.0),
            None => None,
        };
        Some(TimelineApplied {
            timeline: t.id.value.clone(),
            until,
        })
    });
    let mut defect = Vec::new();
    for d in &raw.defect {
        if d.from.is_none() && default.is_none() {
            let e = ctx.error(
                file,
                d.span.clone(),
                "missing-key",
                "a defection without `from`, in an architecture without `as_of`",
            );
            e.expected = Some("`from = YYYY-MM-DD`: the day the party defects".into());
            continue;
        }
        let ok_party = ctx.actor(file, &d.party);
        let known: Vec<&str> = sc.agreements.iter().map(|a| a.id.as_str()).collect();
        let mut ok_ag = true;
        for a in &d.agreements {
            ok_ag &= ctx.listed(
                file,
                a,
                known.iter().copied(),
                "agreement",
                "unknown-agreement",
            );
        }
        if let Some(b) = basis(
            ctx,
            file,
            (&d.from, &d.source, d.assumption),
            default,
            &d.span,
        ) && ok_party
            && ok_ag
        {
            defect.push(Defect {
                party: d.party.value.clone(),
                agreements: d.agreements.iter().map(|a| a.value.clone()).collect(),
                basis: b,
            });
        }
    }
    let package = raw
        .package
        .as_ref()
        .and_then(|p| match check_package(sc, &p.value) {
            Ok(()) => Some(p.value.clone()),
            Err(e) => {
                let d = ctx.error(file, p.span.clone(), "unknown-package", e);
                d.expected = Some(format!(
                    "SETTLEMENT:CHOICE, with CHOICE one of {PACKAGE_CHOICES}"
                ));
                None
            }
        });
    Architecture {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        note: raw.note.clone(),
        source: raw.source.clone(),
        base,
        as_of,
        changes,
        timeline,
        defect,
        package,
    }
}

/// The words of `members` in a merge.
const MERGE_MEMBERS: &[&str] = &["union", "intersection", "stated"];

/// Resolve one `[[architecture.ID.merge]]`, reporting every problem with its place.
fn merge(
    ctx: &mut Ctx<'_>,
    file: usize,
    sc: &Scenario,
    m: &Sp<RawMerge>,
    default: Option<Date>,
) -> Option<Change> {
    let mut ok = true;
    let mut names: Vec<String> = Vec::new();
    for i in &m.institutions {
        if !ctx.institution(file, i) {
            ok = false;
        } else if names.contains(&i.value) {
            ctx.error(
                file,
                i.span.clone(),
                "duplicate-id",
                format!("institution `{}` is named twice in the merge", i.value),
            )
            .hint = Some("name each merged body once".into());
            ok = false;
        } else {
            names.push(i.value.clone());
        }
    }
    if m.institutions.len() < 2 {
        let d = ctx.error(
            file,
            m.span.clone(),
            "merge-needs-two",
            "a merge needs two institutions or more",
        );
        d.expected = Some("`institutions = [\"osce\", \"european_security_organisation\"]`".into());
        ok = false;
    }
    if !m.institutions.iter().any(|i| i.value == m.into.value) {
        let hint = ctx.suggest(
            &m.into.value,
            m.institutions.iter().map(|i| i.value.as_str()),
        );
        let d = ctx.unknown(
            file,
            m.into.span.clone(),
            "unknown-institution",
            format!(
                "`into = \"{}\"` is not one of the merged institutions",
                m.into.value
            ),
            hint,
        );
        d.expected = Some("the body that continues: one of the merge's `institutions`".into());
        ok = false;
    }
    let kind = m.members.as_ref().map_or("union", |w| w.value.as_str());
    if let Some(w) = &m.members
        && !ctx.word(
            file,
            w,
            MERGE_MEMBERS,
            "kind of merged membership",
            "unknown-word",
        )
    {
        ok = false;
    }
    let mut actors = Vec::new();
    for a in &m.actors {
        if ctx.actor(file, a) {
            actors.push(a.value.clone());
        } else {
            ok = false;
        }
    }
    match (kind == "stated", m.actors.is_empty()) {
        (true, true) => {
            let d = ctx.error(
                file,
                m.span.clone(),
                "missing-key",
                "`members = \"stated\"` without `actors`",
            );
            d.expected =
                Some("`actors = [\"AUT\", \"CHE\", ...]`: the merged body's members".into());
            ok = false;
        }
        (false, false) => {
            let d = ctx.error(
                file,
                m.actors[0].span.clone(),
                "unused-key",
                format!("`actors` is read only with `members = \"stated\"`, not with `{kind}`"),
            );
            d.hint = Some("add `members = \"stated\"`, or leave `actors` out".into());
            ok = false;
        }
        _ => {}
    }
    // The competences of the merged bodies, by id.
    let held: Vec<&str> = names
        .iter()
        .filter_map(|n| sc.institution(n))
        .flat_map(|i| i.competences.iter().map(|c| c.id.as_str()))
        .collect();
    let mut competences = Vec::new();
    for c in &m.competences {
        if ctx.listed(
            file,
            c,
            held.iter().copied(),
            "competence of the merged bodies",
            "unknown-competence",
        ) {
            competences.push(c.value.clone());
        } else {
            ok = false;
        }
    }
    let kept: Vec<&str> = if competences.is_empty() {
        held.clone()
    } else {
        competences.iter().map(String::as_str).collect()
    };
    if m.decision.is_empty() {
        let d = ctx.error(
            file,
            m.span.clone(),
            "missing-key",
            "a merge without the merged body's decision rules",
        );
        d.expected = Some(
            "one `[[architecture.ID.merge.decision]]` or more, each with `id` and `rule`".into(),
        );
        ok = false;
    }
    let mut decisions: Vec<MergedDecision> = Vec::new();
    for d in &m.decision {
        if decisions.iter().any(|x| x.id == d.id.value) {
            ctx.error(
                file,
                d.id.span.clone(),
                "duplicate-id",
                format!(
                    "decision type `{}` is stated twice in the merge",
                    d.id.value
                ),
            );
            ok = false;
            continue;
        }
        let competence = match &d.competence {
            Some(c) if kept.contains(&c.value.as_str()) => Some(c.value.clone()),
            Some(c) => {
                ctx.listed(
                    file,
                    c,
                    kept.iter().copied(),
                    "competence of the merged body",
                    "unknown-competence",
                );
                ok = false;
                None
            }
            None => None,
        };
        let Some(rule) = crate::resolve::rules::parse_rule(ctx, file, &d.rule) else {
            ok = false;
            continue;
        };
        decisions.push(MergedDecision {
            id: d.id.value.clone(),
            name: d.name.clone().unwrap_or_else(|| d.id.value.clone()),
            competence,
            rule: rule.text,
            source: d.source.clone(),
        });
    }
    let b = basis(
        ctx,
        file,
        (&m.date, &m.source, m.assumption),
        default,
        &m.span,
    )?;
    ok.then(|| Change::Merge {
        institutions: names,
        into: m.into.value.clone(),
        members: match kind {
            "intersection" => MergeMembers::Intersection,
            "stated" => MergeMembers::Stated(actors),
            _ => MergeMembers::Union,
        },
        competences,
        decisions,
        basis: b,
    })
}

/// The chain of architectures from the scenario as it is to `id` (base first), or why not.
pub fn chain<'a>(sc: &'a Scenario, id: &str) -> Result<Vec<&'a Architecture>, String> {
    let mut out: Vec<&Architecture> = Vec::new();
    let mut cur = id;
    loop {
        if cur == STATUS_QUO {
            break;
        }
        let Some(a) = sc.architectures.iter().find(|a| a.id == cur) else {
            let hint = did_you_mean(cur, sc.architectures.iter().map(|a| a.id.as_str()))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(format!("unknown architecture `{cur}`{hint}"));
        };
        if out.iter().any(|x| x.id == a.id) {
            return Err(format!(
                "architecture `{id}` is its own base (through `{cur}`)"
            ));
        }
        out.push(a);
        match &a.base {
            Some(b) => cur = b,
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

/// The scenario changed by the architecture `id` (and its bases): agreement statuses, memberships,
/// rules and establishments are applied to the model; verified actions, force posture and an
/// applied timeline are recorded in [`Scenario::world`] for the engines. `status_quo` gives the
/// scenario as it is.
pub fn apply(sc: &Scenario, id: &str) -> Result<Scenario, String> {
    let arches = chain(sc, id)?;
    let mut out = sc.clone();
    for a in arches {
        out.world.applied.push(a.id.clone());
        if let Some(t) = &a.timeline {
            out.world.timelines.push(t.clone());
        }
        out.world.defections.extend(a.defect.iter().cloned());
        if let Some(p) = &a.package {
            out.world.packages.push(p.clone());
        }
        if a.as_of.is_some() {
            out.as_of = a.as_of;
        }
        for c in &a.changes {
            apply_change(&mut out, c);
        }
    }
    Ok(out)
}

/// Apply changes to a scenario, in order, as an architecture's own changes are applied (for a
/// timeline replayed into a world, or a settlement package's implications).
pub fn apply_changes(sc: &mut Scenario, changes: &[Change]) {
    for c in changes {
        apply_change(sc, c);
    }
}

fn apply_change(sc: &mut Scenario, c: &Change) {
    match c {
        Change::Agreement {
            agreement,
            status,
            basis,
        } => {
            if let Some(ag) = sc.agreements.iter_mut().find(|a| &a.id == agreement) {
                // Statuses dated after the change no longer hold in this world.
                ag.dates.retain(|_, d| *d < basis.date);
                ag.dates.insert(status.to_string(), basis.date);
                ag.status = *status;
            }
        }
        Change::Membership {
            institution,
            actor,
            status,
            zones,
            basis,
        } => {
            for z in sc.zones.iter_mut().filter(|z| zones.contains(&z.id)) {
                if let Err(p) = z.members.binary_search(actor) {
                    z.members.insert(p, actor.clone());
                }
            }
            if let Some(inst) = sc.institutions.iter_mut().find(|i| &i.id == institution) {
                let d = basis.date;
                // End every period of the actor that runs past the date.
                inst.memberships
                    .retain(|m| !(m.actor == *actor && m.from.is_some_and(|f| f >= d)));
                for m in inst.memberships.iter_mut().filter(|m| m.actor == *actor) {
                    if m.until.is_none_or(|u| u > d) {
                        m.until = Some(d);
                    }
                }
                if let Some(st) = status {
                    inst.memberships.push(Membership {
                        actor: actor.clone(),
                        status: *st,
                        from: Some(d),
                        from_precision: Precision::Day,
                        until: None,
                        source: basis.source.clone(),
                        note: basis.assumption.then(|| "analyst's assumption".to_string()),
                    });
                }
            }
        }
        Change::Rule {
            institution,
            decision,
            rule,
            ..
        } => {
            let Ok(parsed) = entente_rules::parse(rule) else {
                return;
            };
            let text = RuleText {
                text: rule.clone(),
                rule: parsed,
            };
            if let Some(dec) = sc
                .institutions
                .iter_mut()
                .find(|i| &i.id == institution)
                .and_then(|i| i.decisions.iter_mut().find(|d| &d.id == decision))
            {
                match &mut dec.procedure {
                    Procedure::Rule(r) => *r = text,
                    Procedure::Stages(stages) => {
                        if let Some(StageKind::Vote { rule, .. }) = stages
                            .iter_mut()
                            .map(|s| &mut s.kind)
                            .find(|k| matches!(k, StageKind::Vote { .. }))
                        {
                            *rule = text;
                        }
                    }
                }
            }
        }
        Change::Establish { institution, basis } => {
            if let Some(inst) = sc.institutions.iter_mut().find(|i| &i.id == institution) {
                inst.status = "existing".to_string();
                inst.founded = Some(basis.date);
            }
        }
        Change::Merge {
            institutions,
            into,
            members,
            competences,
            decisions,
            basis,
        } => apply_merge(
            sc,
            institutions,
            into,
            members,
            competences,
            decisions,
            basis,
        ),
        Change::Verified { .. } | Change::Forces { .. } => sc.world.changes.push(c.clone()),
        Change::Breach {
            agreement, basis, ..
        } => {
            if let Some(ag) = sc.agreements.iter_mut().find(|a| &a.id == agreement) {
                ag.dates.entry("breached".to_string()).or_insert(basis.date);
                ag.status = crate::vocab::AgreementStatus::Breached;
            }
            sc.world.changes.push(c.clone());
        }
    }
}

/// Merge `institutions` into `into` on the basis's date: `into` is established if proposed, takes
/// the members, competences and decision types the merge states; the others' memberships end.
fn apply_merge(
    sc: &mut Scenario,
    institutions: &[String],
    into: &str,
    members: &MergeMembers,
    competences: &[String],
    decisions: &[MergedDecision],
    basis: &Basis,
) {
    let d = basis.date;
    let before: Vec<crate::model::Institution> = institutions
        .iter()
        .filter_map(|i| sc.institution(i).cloned())
        .collect();
    let existing: Vec<&crate::model::Institution> =
        before.iter().filter(|i| i.status != "proposed").collect();
    let full = |i: &crate::model::Institution| -> std::collections::BTreeSet<String> {
        i.members_on(d).into_iter().map(String::from).collect()
    };
    let set: std::collections::BTreeSet<String> = match members {
        MergeMembers::Union => before.iter().flat_map(full).collect(),
        MergeMembers::Intersection => {
            let mut it = existing.iter().map(|i| full(i));
            let first = it.next().unwrap_or_default();
            it.fold(first, |acc, s| acc.intersection(&s).cloned().collect())
        }
        MergeMembers::Stated(a) => a.iter().cloned().collect(),
    };
    let mut held: Vec<crate::model::Competence> = Vec::new();
    for c in before.iter().flat_map(|i| i.competences.iter()) {
        let wanted = competences.is_empty() || competences.contains(&c.id);
        if wanted && !held.iter().any(|h| h.id == c.id) {
            held.push(c.clone());
        }
    }
    let note = format!(
        "merged ({}) on {d}{}",
        institutions.join(", "),
        if basis.assumption {
            ": analyst's assumption"
        } else {
            ""
        }
    );
    for inst in sc.institutions.iter_mut() {
        if !institutions.contains(&inst.id) {
            continue;
        }
        // Every period running past the date ends on it.
        inst.memberships.retain(|m| m.from.is_none_or(|f| f < d));
        for m in inst.memberships.iter_mut() {
            if m.until.is_none_or(|u| u > d) {
                m.until = Some(d);
            }
        }
        if inst.id != into {
            continue;
        }
        if inst.status == "proposed" {
            inst.status = "existing".to_string();
            inst.founded = Some(d);
        }
        // A membership rule would generate members of its own; the merge states them.
        inst.membership_rule = None;
        for a in &set {
            inst.memberships.push(Membership {
                actor: a.clone(),
                status: Status::Member,
                from: Some(d),
                from_precision: Precision::Day,
                until: None,
                source: basis.source.clone(),
                note: Some(note.clone()),
            });
        }
        inst.competences = held.clone();
        inst.decisions = decisions
            .iter()
            .filter_map(|x| {
                let rule = entente_rules::parse(&x.rule).ok()?;
                Some(crate::model::Decision {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    competence: x.competence.clone(),
                    procedure: Procedure::Rule(RuleText {
                        text: x.rule.clone(),
                        rule,
                    }),
                    clause: None,
                    source: x.source.clone(),
                })
            })
            .collect();
    }
    sc.world.merges.push(MergeApplied {
        institutions: institutions.to_vec(),
        into: into.to_string(),
        date: d,
        before,
    });
}
