//! The resolved scenario: plain data with every id checked, every date parsed and every rule and
//! condition parsed. Engines read only these types. Queries "as of" a date live here too, because
//! every engine needs them.

use std::collections::BTreeMap;

use entente_rules::{Body, Rule};
use jiff::civil::Date;
use serde::Serialize;

use crate::cond::Condition;
pub use crate::dates::Precision;
pub use crate::kinds::{RawActorKind as ActorKind, RawZoneKind as ZoneKind};

/// A whole scenario.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Default date of questions.
    pub as_of: Option<Date>,
    /// The last day the scenario's data are recorded up to (`[scenario] horizon`).
    pub horizon: Option<Date>,
    /// Source.
    pub source: Option<String>,
    /// Actors, sorted by id.
    pub actors: Vec<Actor>,
    /// Zones, sorted by id.
    pub zones: Vec<Zone>,
    /// Institutions, sorted by id.
    pub institutions: Vec<Institution>,
    /// Agreements, sorted by id.
    pub agreements: Vec<Agreement>,
    /// Timelines, sorted by id.
    pub timelines: Vec<Timeline>,
    /// Settlement spaces, sorted by id.
    pub settlements: Vec<crate::settlement::Settlement>,
    /// Forecasting cases, sorted by id.
    pub forecasts: Vec<crate::forecast::Forecast>,
    /// The `[report]` section, when the scenario has one.
    pub report: Option<crate::report::Report>,
    /// Architectures, sorted by id.
    pub architectures: Vec<crate::architecture::Architecture>,
    /// The changes of the world this scenario is (empty for the scenario as written) that the
    /// model does not hold itself: verified actions, force posture, timelines applied.
    pub world: crate::architecture::World,
    /// The files the scenario was read from, in reading order.
    pub files: Vec<String>,
    /// The `[deterrence]` section, when the scenario has one.
    pub deterrence: Option<crate::deterrence::Deterrence>,
}

/// A state, organisation or entity.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    /// Id (ISO 3166-1 alpha-3 for states).
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ActorKind,
    /// Numeric attributes; an attribute missing here is unknown for this actor.
    pub attributes: BTreeMap<String, f64>,
    /// Tags.
    pub tags: Vec<String>,
    /// Region.
    pub region: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A zone.
#[derive(Debug, Clone, Serialize)]
pub struct Zone {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Region (a set of states) or area.
    pub kind: ZoneKind,
    /// Member states, sorted (for an area: the states whose territory it lies on, including
    /// those of the zones it is declared within).
    pub members: Vec<String>,
    /// The places (states or zones) it is declared to lie within, sorted: the only nesting an
    /// area has (see [`Scenario::lies_within`]).
    pub within: Vec<String>,
    /// Description.
    pub description: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// Membership statuses (M27, M31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Full member: votes, counts, is bound.
    Member,
    /// A voice inside, no vote, no veto.
    Observer,
    /// Cooperates under an agreement; no vote.
    Partner,
    /// Has applied or is a candidate; not a member.
    Applicant,
    /// Rights suspended: does not vote.
    Suspended,
    /// Formally opted out of a body whose membership is by rule (M31).
    OptedOut,
}

impl Status {
    /// Parse a status word.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "member" => Status::Member,
            "observer" => Status::Observer,
            "partner" => Status::Partner,
            "applicant" | "candidate" => Status::Applicant,
            "suspended" => Status::Suspended,
            "opted_out" => Status::OptedOut,
            _ => return None,
        })
    }
    /// The canonical word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Member => "member",
            Status::Observer => "observer",
            Status::Partner => "partner",
            Status::Applicant => "applicant",
            Status::Suspended => "suspended",
            Status::OptedOut => "opted_out",
        }
    }
    /// All status words, for hints.
    pub const WORDS: &'static str = "member, observer, partner, applicant, suspended, opted_out";
}

/// A period in a status.
#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    /// The actor.
    pub actor: String,
    /// Status during the period.
    pub status: Status,
    /// First day (None: since before anything the scenario records).
    pub from: Option<Date>,
    /// How precisely `from` is known.
    pub from_precision: Precision,
    /// First day no longer in this status (None: still).
    pub until: Option<Date>,
    /// Source.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
}

impl Membership {
    /// Whether the period covers the date.
    pub fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }
}

/// A clause of a text.
#[derive(Debug, Clone, Serialize)]
pub struct Clause {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text.
    pub text: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// Whether an actor met one admission criterion over a period (M21), from a source.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The actor.
    pub actor: String,
    /// Index into the institution's `criteria` (from 0).
    pub criterion: usize,
    /// Whether it was met.
    pub met: bool,
    /// First day (open if `None`).
    pub from: Option<Date>,
    /// Day it no longer holds (open if `None`).
    pub until: Option<Date>,
    /// What it rests on.
    pub note: Option<String>,
    /// Source.
    pub source: String,
}

impl Assessment {
    /// Whether the assessment holds on a date.
    pub fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }
}

/// A power given by a founding text (M1).
#[derive(Debug, Clone, Serialize)]
pub struct Competence {
    /// Id.
    pub id: String,
    /// What it covers.
    pub description: Option<String>,
    /// Granting clause id.
    pub clause: Option<String>,
    /// Deciding under it is enforcement action (UN Charter Art. 53).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enforcement: bool,
    /// The decision type that must authorise action under it: (institution, decision).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorised_by: Option<(String, String)>,
    /// Source.
    pub source: Option<String>,
    /// The kinds of agreement the institution may conclude or join under it (M1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agreement_kinds: Vec<crate::vocab::AgreementKind>,
}

/// A rule with the text it was written as.
#[derive(Debug, Clone, Serialize)]
pub struct RuleText {
    /// Canonical text.
    pub text: String,
    /// Parsed rule.
    #[serde(skip)]
    pub rule: Rule,
}

/// Kinds of procedure stage (M3).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StageKind {
    /// The body decides under a rule.
    Vote {
        /// The rule.
        rule: RuleText,
        /// The event kind that records the decision.
        event: Option<String>,
    },
    /// Every member completes its steps.
    EachMember {
        /// Steps in order.
        steps: Vec<String>,
        /// Members whose national procedure differs, with their own steps in order.
        member_steps: BTreeMap<String, Vec<String>>,
    },
    /// The subject (candidate) completes its steps.
    Candidate {
        /// Steps in order.
        steps: Vec<String>,
    },
    /// One act (e.g. signature of a protocol), recorded by an event of this kind.
    Act {
        /// The event kind.
        event: String,
    },
}

/// A stage.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What happens.
    #[serde(flatten)]
    pub kind: StageKind,
    /// Clause.
    pub clause: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// How a decision is taken.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// One vote under a rule.
    Rule(RuleText),
    /// Stages in order.
    Stages(Vec<Stage>),
}

/// A decision type.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Competence exercised.
    pub competence: Option<String>,
    /// Procedure.
    pub procedure: Procedure,
    /// Clause.
    pub clause: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// Membership by rule over a zone (M31).
#[derive(Debug, Clone, Serialize)]
pub struct MembershipRule {
    /// Zone.
    pub zone: String,
    /// From.
    pub from: Option<Date>,
    /// Opt-outs.
    pub opt_outs: Vec<String>,
    /// Source.
    pub source: Option<String>,
}

/// An institution.
#[derive(Debug, Clone, Serialize)]
pub struct Institution {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Option<String>,
    /// Whether it exists or is proposed.
    pub status: String,
    /// The last day its data are recorded up to, when it differs from the scenario's horizon.
    pub horizon: Option<Date>,
    /// The number of seats its founding text fixes, if the scenario states it.
    pub seats: Option<u32>,
    /// Founded.
    pub founded: Option<Date>,
    /// Legal basis (M34).
    pub legal_basis: Option<String>,
    /// The legal bases as words of the vocabulary (M34).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legal_bases: Vec<crate::vocab::LegalBasis>,
    /// Competences (M1).
    pub competences: Vec<Competence>,
    /// Membership periods (for a body with a membership rule: generated from it).
    pub memberships: Vec<Membership>,
    /// Membership rule (M31).
    pub membership_rule: Option<MembershipRule>,
    /// Decision types.
    pub decisions: Vec<Decision>,
    /// Clauses.
    pub clauses: Vec<Clause>,
    /// Political admission criteria (M21): inform, never decide.
    pub criteria: Vec<String>,
    /// Sourced assessments of actors against `criteria` (M21).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    /// Source.
    pub source: Option<String>,
}

impl Institution {
    /// Actors in `status` on `date`, sorted by id.
    pub fn with_status(&self, status: Status, date: Date) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .memberships
            .iter()
            .filter(|m| m.status == status && m.covers(date))
            .map(|m| m.actor.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Full members on `date`, sorted by id.
    pub fn members_on(&self, date: Date) -> Vec<&str> {
        self.with_status(Status::Member, date)
    }

    /// The status of an actor on a date, if any.
    pub fn status_of(&self, actor: &str, date: Date) -> Option<Status> {
        self.memberships
            .iter()
            .find(|m| m.actor == actor && m.covers(date))
            .map(|m| m.status)
    }

    /// Whether the body's competences say which kinds of agreement it may conclude or join
    /// (`agreement_kinds`, M1); without them an agreement cannot be judged by its kind.
    pub fn judges_kinds(&self) -> bool {
        self.competences
            .iter()
            .any(|c| !c.agreement_kinds.is_empty())
    }

    /// The competence under which the body may conclude or join an agreement of this kind (M1).
    pub fn competence_for_kind(&self, kind: crate::vocab::AgreementKind) -> Option<&Competence> {
        self.competences
            .iter()
            .find(|c| c.agreement_kinds.contains(&kind))
    }

    /// A decision type by id.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// A clause by id.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }
}

/// A party to an agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Party {
    /// An actor.
    Actor(String),
    /// An institution as such.
    Institution(String),
    /// The members of an institution, as of a fixed date or (None) as of the date asked.
    MembersOf(String, Option<Date>),
    /// All parties of the agreement.
    Parties,
}

/// An obligation.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    /// Id.
    pub id: String,
    /// Bearers.
    pub bearer: Vec<Party>,
    /// Kind.
    pub kind: crate::vocab::ObligationKind,
    /// Beneficiaries.
    pub beneficiary: Vec<Party>,
    /// Triggering event kind.
    pub trigger: Option<crate::vocab::Trigger>,
    /// Only against these adversaries.
    pub adversary: Vec<String>,
    /// Strength.
    pub strength: Option<crate::vocab::Strength>,
    /// Zone.
    pub zone: Option<String>,
    /// Limits.
    pub limit: BTreeMap<String, f64>,
    /// What each bearer contributes (M33), by quantity.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub contribution: BTreeMap<String, f64>,
    /// Duration.
    pub duration_years: Option<f64>,
    /// Condition.
    pub when: Option<Condition>,
    /// Clause.
    pub clause: Option<String>,
    /// Phase.
    pub phase: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A phase.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Opening condition.
    pub opens_when: Option<Condition>,
    /// Closing condition.
    pub closes_when: Option<Condition>,
    /// Predecessors.
    pub after: Vec<String>,
    /// Duration.
    pub duration_years: Option<f64>,
    /// Zone.
    pub zone: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// An amount of money.
#[derive(Debug, Clone, Serialize)]
pub struct Amount {
    /// Giver.
    pub from: Option<String>,
    /// Receiver.
    pub to: Option<String>,
    /// Value.
    pub value: f64,
    /// Currency.
    pub currency: String,
    /// Period.
    pub period: Option<String>,
    /// Scope.
    pub scope: Option<String>,
    /// Lower bound, ceiling, exact.
    pub qualifier: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A stated requirement of an agreement (M33).
#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    /// The quantity (e.g. `troops`).
    pub quantity: String,
    /// How much is needed.
    pub value: f64,
    /// Source.
    pub source: Option<String>,
}

/// An agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: crate::vocab::AgreementKind,
    /// Parties.
    pub parties: Vec<Party>,
    /// Current status.
    pub status: crate::vocab::AgreementStatus,
    /// Status dates (proposed, signed, in_force, ...).
    pub dates: BTreeMap<String, Date>,
    /// Legal form (M16).
    pub legal_form: Option<crate::vocab::LegalForm>,
    /// Needs ratification.
    pub ratification: Option<bool>,
    /// Duration.
    pub duration_years: Option<f64>,
    /// Legal basis.
    pub legal_basis: Option<String>,
    /// The legal bases as words of the vocabulary (M34).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legal_bases: Vec<crate::vocab::LegalBasis>,
    /// What the agreement needs its parties to contribute in all (M33).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
    /// Clauses.
    pub clauses: Vec<Clause>,
    /// Obligations.
    pub obligations: Vec<Obligation>,
    /// Phases.
    pub phases: Vec<Phase>,
    /// Linked agreements.
    pub linked: Vec<String>,
    /// Amounts.
    pub amounts: Vec<Amount>,
    /// Mechanisms illustrated.
    pub mechanisms: Vec<String>,
    /// Note.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

impl Agreement {
    /// What an agreement signed but not in force on `date` waits for, in words (M16): its
    /// ratification when it needs one, else its entry into force. None when it is not pending.
    pub fn waits_for(&self, date: Date) -> Option<String> {
        if self.status_on(date) != "signed" {
            return None;
        }
        let parties: Vec<String> = self
            .parties
            .iter()
            .map(|p| match p {
                Party::Actor(a) | Party::Institution(a) => a.clone(),
                Party::MembersOf(i, _) => format!("members of {i}"),
                Party::Parties => "parties".into(),
            })
            .collect();
        Some(if self.ratification == Some(true) {
            format!(
                "ratification: signed, it binds only once ratified by its parties ({}) and in force",
                parties.join(", ")
            )
        } else {
            "entry into force: signed, with no date of entry into force recorded".into()
        })
    }

    /// Whether an event can put the agreement in force only once every party has ratified it:
    /// `ratification = true` and no recorded `in_force` date (a recorded date is the entry into
    /// force itself, the ratifications before it a matter of record).
    pub fn needs_ratification(&self) -> bool {
        self.ratification == Some(true) && !self.dates.contains_key("in_force")
    }

    /// The status on a date, from the status dates.
    ///
    /// The latest dated status on or before the date holds; of two on the same day, the one
    /// later in an agreement's life (proposed, signed, in force, suspended, breached, terminated,
    /// expired). The current `status`, when it has no date of its own and comes later in that
    /// order than every dated status, is taken to hold from the last dated status on (an
    /// agreement in force from signature records only `signed`). Before the first date the
    /// agreement does not exist yet: `not_yet`.
    pub fn status_on(&self, date: Date) -> &str {
        fn rank(s: &str) -> usize {
            [
                "proposed",
                "signed",
                "in_force",
                "suspended",
                "breached",
                "terminated",
                "expired",
            ]
            .iter()
            .position(|x| *x == s)
            .unwrap_or(0)
        }
        let mut best: Option<(&Date, &str)> = None;
        for (k, d) in &self.dates {
            let better = match best {
                None => true,
                Some((bd, bk)) => d > bd || (d == bd && rank(k) > rank(bk)),
            };
            if *d <= date && better {
                best = Some((d, k.as_str()));
            }
        }
        let last = self.dates.iter().map(|(k, d)| (d, rank(k))).max();
        match best {
            Some((d, k)) => {
                let status = self.status.as_str();
                let undated_later = !self.dates.contains_key(status)
                    && rank(status) > rank(k)
                    && last.is_some_and(|(ld, lr)| ld == d && lr == rank(k));
                if undated_later { status } else { k }
            }
            None if self.dates.is_empty() => self.status.as_str(),
            None => "not_yet",
        }
    }
}

/// An event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Date.
    pub date: Date,
    /// How precisely the date is known.
    pub precision: Precision,
    /// Order within the day.
    pub order: i64,
    /// Kind.
    pub kind: String,
    /// Actor.
    pub actor: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Institution.
    pub institution: Option<String>,
    /// Decision.
    pub decision: Option<String>,
    /// Agreement.
    pub agreement: Option<String>,
    /// Step.
    pub step: Option<String>,
    /// Zone.
    pub zone: Option<String>,
    /// Verified action text (canonical).
    pub action: Option<String>,
    /// Status or vote.
    pub status: Option<String>,
    /// Quantities.
    pub quantity: BTreeMap<String, f64>,
    /// Note.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// `history` or `scenario`.
    pub kind: String,
    /// Events sorted by (date, order).
    pub events: Vec<Event>,
    /// Source.
    pub source: Option<String>,
}

/// Why a voting body could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl Scenario {
    /// An actor by id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.actors[i])
    }
    /// A zone by id.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// Whether what is recorded in the place `inner` (a zone or an actor) counts as being in
    /// `outer` (a zone or an actor): forces stationed there, an attack there.
    ///
    /// An area is a place of its own, and nesting exists only where it is declared: a place
    /// declared `within` others lies in the union of those, so it lies within `outer` when every
    /// one of them does (followed at any depth). Nothing else lies within an area: neither a
    /// state nor a region is ever inside one, and two areas on one state's territory are apart.
    /// A region (a set of states) holds its member states and every zone whose states are all
    /// its members (an area lies on its states' territory); a zone with no state (a sea) lies in
    /// no region unless it is declared within one. Iterative, each place visited once.
    pub fn lies_within(&self, inner: &str, outer: &str) -> bool {
        if inner == outer {
            return true;
        }
        let region = self
            .zone(outer)
            .filter(|o| o.kind == ZoneKind::Region)
            .map(|o| o.members.as_slice());
        let held = |p: &str, z: Option<&Zone>| {
            region.is_some_and(|members| match z {
                Some(z) => !z.members.is_empty() && z.members.iter().all(|m| members.contains(m)),
                None => members.iter().any(|m| m == p),
            })
        };
        let z = self.zone(inner);
        if held(inner, z) {
            return true;
        }
        let Some(first) = z.filter(|z| !z.within.is_empty()) else {
            return false;
        };
        // One level of declarations (the usual case) needs no bookkeeping.
        let mut deeper = false;
        for w in &first.within {
            if w == outer {
                continue;
            }
            let wz = self.zone(w);
            if held(w, wz) {
                continue;
            }
            match wz {
                Some(wz) if !wz.within.is_empty() => deeper = true,
                _ => return false,
            }
        }
        if !deeper {
            return true;
        }
        let mut seen: std::collections::BTreeSet<&str> = [inner].into();
        let mut todo: Vec<&str> = vec![inner];
        while let Some(p) = todo.pop() {
            if p == outer {
                continue;
            }
            let z = self.zone(p);
            if p != inner && held(p, z) {
                continue;
            }
            match z {
                Some(z) if !z.within.is_empty() => {
                    for w in &z.within {
                        if seen.insert(w) {
                            todo.push(w);
                        }
                    }
                }
                _ => return false,
            }
        }
        true
    }

    /// An institution by id.
    pub fn institution(&self, id: &str) -> Option<&Institution> {
        self.institutions.iter().find(|i| i.id == id)
    }
    /// An agreement by id.
    pub fn agreement(&self, id: &str) -> Option<&Agreement> {
        self.agreements.iter().find(|a| a.id == id)
    }
    /// A timeline by id.
    pub fn timeline(&self, id: &str) -> Option<&Timeline> {
        self.timelines.iter().find(|t| t.id == id)
    }

    /// The date questions are asked at when none is given: the scenario's `as_of`.
    pub fn default_date(&self) -> Option<Date> {
        self.as_of
    }

    /// The last day an institution's data are recorded up to: its own `horizon`, else the
    /// scenario's (None when neither is stated, or for an unknown id: the scenario's).
    pub fn horizon_of(&self, institution: &str) -> Option<Date> {
        self.institution(institution)
            .and_then(|i| i.horizon)
            .or(self.horizon)
    }

    /// The warnings a question asked on `date` about `institutions` calls for: one for each
    /// horizon the date lies past (the scenario's, or an institution's own), naming the horizon
    /// and what is assumed after it. Empty when the date is within every horizon.
    pub fn horizon_warnings(&self, date: Date, institutions: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut scenario_wide = false;
        for id in institutions {
            match self.institution(id).and_then(|i| i.horizon) {
                Some(h) if date > h => out.push(format!(
                    "{date} is past {id}'s data horizon ({h}): the members and statuses \
                     recorded on {h} are assumed to continue, ending only where the scenario \
                     records an end; no change after {h} is known"
                )),
                Some(_) => {}
                None => scenario_wide = true,
            }
        }
        if let Some(h) = self.horizon
            && date > h
            && (scenario_wide || institutions.is_empty())
        {
            out.insert(
                0,
                format!(
                    "{date} is past the scenario's data horizon ({h}): the statuses recorded on \
                     {h} are assumed to continue, ending only where the scenario records an end; \
                     no change after {h} is known"
                ),
            );
        }
        out
    }

    /// When an institution whose seats the scenario states has fewer voting members recorded on
    /// `date` than it has seats: why its decisions cannot be judged on that date (naming the data
    /// horizon when the date lies past it). None when the body is full or its seats are unstated.
    pub fn short_of_seats(&self, institution: &str, date: Date) -> Option<String> {
        let inst = self.institution(institution)?;
        let seats = inst.seats?;
        let n = inst.members_on(date).len();
        if n >= seats as usize {
            return None;
        }
        let horizon = match self.horizon_of(institution) {
            Some(h) if date > h => format!(
                "; {date} is past its data horizon ({h}), and who sits after it is not recorded"
            ),
            Some(h) => format!(" (its data are recorded up to {h})"),
            None => String::new(),
        };
        Some(format!(
            "`{institution}` has {seats} seats but {n} voting member{} recorded on {date}{horizon}: \
             a decision of a body short of its seats cannot be judged; record the missing members \
             or ask about a date the data cover",
            if n == 1 { " is" } else { "s are" },
        ))
    }

    /// HOOK(power): the rule and the voting body of an institution's decision as of a date.
    ///
    /// The body is the institution's full members on `date` (observers, partners, applicants,
    /// suspended and opted-out states never vote), in id order, with every numeric attribute
    /// any of them has (a member lacking it has `None`). For a staged procedure the rule is that
    /// of its first `vote` stage.
    pub fn voting_body(
        &self,
        institution: &str,
        decision: &str,
        date: Date,
    ) -> Result<(Rule, Body), QueryError> {
        let inst = self.institution(institution).ok_or_else(|| {
            let ids: Vec<&str> = self.institutions.iter().map(|i| i.id.as_str()).collect();
            QueryError(format!(
                "no institution `{institution}`{}; the scenario has: {}",
                crate::diag::did_you_mean(institution, ids.iter().copied())
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default(),
                ids.join(", ")
            ))
        })?;
        let dec = inst.decision(decision).ok_or_else(|| {
            let ids: Vec<&str> = inst.decisions.iter().map(|d| d.id.as_str()).collect();
            QueryError(format!(
                "institution `{institution}` has no decision type `{decision}`; it has: {}",
                ids.join(", ")
            ))
        })?;
        let rule = match &dec.procedure {
            Procedure::Rule(r) => r.rule.clone(),
            Procedure::Stages(stages) => stages
                .iter()
                .find_map(|s| match &s.kind {
                    StageKind::Vote { rule, .. } => Some(rule.rule.clone()),
                    _ => None,
                })
                .ok_or_else(|| {
                    QueryError(format!(
                        "decision `{institution}.{decision}` has no voting stage"
                    ))
                })?,
        };
        if let Some(msg) = self.short_of_seats(institution, date) {
            return Err(QueryError(msg));
        }
        Ok((rule, self.body(&inst.members_on(date))))
    }

    /// A voting body of these actors, with every numeric attribute any of them has.
    pub fn body(&self, ids: &[&str]) -> Body {
        let mut body = Body::new(ids.iter().map(|s| s.to_string()).collect());
        let mut names: Vec<&str> = ids
            .iter()
            .filter_map(|id| self.actor(id))
            .flat_map(|a| a.attributes.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let values = ids
                .iter()
                .map(|id| self.actor(id).and_then(|a| a.attributes.get(name).copied()))
                .collect();
            body.set_attribute(name, values);
        }
        body
    }
}
