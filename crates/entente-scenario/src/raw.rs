//! The raw scenario document: exactly what a TOML file says, with the place of every value, before
//! any id is resolved or any date is parsed. Stage one of two (see `resolve.rs`): deserialisation
//! only checks shapes; meaning is checked when the whole scenario is resolved. The JSON Schema of
//! the format is generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

pub use crate::dates::RawDate;
pub use crate::kinds::{RawActorKind, RawZoneKind};
use crate::spanned::{Key, Sp};

/// One scenario file. Every section is optional; a scenario is the union of its files.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Scenario metadata and the files it includes (only one file may carry `name`).
    #[serde(default)]
    pub scenario: Option<RawScenario>,
    /// Bulk actors from a CSV file.
    #[serde(default)]
    pub actors_csv: Vec<Sp<RawActorsCsv>>,
    /// Actors (states and organisations) by id. States use ISO 3166-1 alpha-3 ids.
    #[serde(default)]
    pub actor: BTreeMap<Key, Sp<RawActor>>,
    /// Zones: named sets of states, and named areas such as a demilitarised zone.
    #[serde(default)]
    pub zone: BTreeMap<Key, Sp<RawZone>>,
    /// Institutions by id.
    #[serde(default)]
    pub institution: BTreeMap<Key, Sp<RawInstitution>>,
    /// Agreements by id.
    #[serde(default)]
    pub agreement: BTreeMap<Key, Sp<RawAgreement>>,
    /// Timelines of dated events by id.
    #[serde(default)]
    pub timeline: BTreeMap<Key, Sp<RawTimeline>>,
    /// Settlement spaces by id (see the settlements documentation).
    #[serde(default)]
    pub settlement: BTreeMap<Key, Sp<crate::settlement::RawSettlement>>,
    /// Forecasting cases (actors on issue dimensions) by id (see the forecast documentation).
    #[serde(default)]
    pub forecast: BTreeMap<Key, Sp<crate::forecast::RawForecast>>,
    /// What the report shows (see the report documentation); at most one in a scenario.
    #[serde(default)]
    pub report: Option<Sp<crate::report::RawReport>>,
    /// Architectures: worlds that might be, as changes of the scenario (see the format
    /// documentation).
    #[serde(default)]
    pub architecture: BTreeMap<Key, Sp<crate::architecture::RawArchitecture>>,
    /// What the deterrence model needs beyond the rest of the scenario (see the deterrence
    /// documentation); at most one in a scenario.
    #[serde(default)]
    pub deterrence: Option<Sp<crate::deterrence::RawDeterrence>>,
}

/// `[scenario]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// The scenario's name.
    pub name: Option<Sp<String>>,
    /// What it models.
    pub description: Option<String>,
    /// The date questions are asked at when none is given.
    pub as_of: Option<Sp<RawDate>>,
    /// The last day the scenario's data are recorded up to. A question asked past it is
    /// answered with a warning: statuses recorded on that day are carried forward.
    pub horizon: Option<Sp<RawDate>>,
    /// Other files of the scenario, relative to this one.
    #[serde(default)]
    pub include: Vec<Sp<String>>,
    /// Where the scenario's facts come from.
    pub source: Option<String>,
}

/// `[[actors_csv]]`: actors from a CSV file, one per row.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActorsCsv {
    /// The CSV file, relative to this one.
    pub file: Sp<String>,
    /// Column holding the actor's id.
    #[serde(default = "default_id_col")]
    pub id: String,
    /// Column holding the actor's name.
    pub name: Option<String>,
    /// The kind of every actor in the file.
    #[serde(default)]
    pub kind: RawActorKind,
    /// Numeric attributes: attribute name = column name. An empty cell means "unknown".
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Columns holding tags separated by `;`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Column holding the actor's region.
    pub region: Option<String>,
    /// Column holding each row's source.
    pub source: Option<String>,
}

fn default_id_col() -> String {
    "id".into()
}

/// `[actor.ID]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    /// Full name.
    pub name: Option<String>,
    /// State, organisation or entity.
    #[serde(default)]
    pub kind: RawActorKind,
    /// Numeric attributes (population, gdp, milex, warheads, ...).
    #[serde(default)]
    pub attributes: BTreeMap<String, Sp<f64>>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Region.
    pub region: Option<String>,
    /// Source of the facts.
    pub source: Option<String>,
}

/// `[zone.ID]`: a named set of states, or a named area.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    /// Name.
    pub name: Option<String>,
    /// `region` (a set of states) or `area` (a stretch of ground such as a demilitarised zone).
    #[serde(default)]
    pub kind: RawZoneKind,
    /// Member states, by id.
    #[serde(default)]
    pub members: Vec<Sp<String>>,
    /// Every actor whose region is this.
    pub region: Option<Sp<String>>,
    /// Every actor carrying this tag.
    pub tag: Option<Sp<String>>,
    /// Other zones whose members belong to this one too.
    #[serde(default)]
    pub includes: Vec<Sp<String>>,
    /// The places it lies in: states (whose territory it lies on) or other zones (an area inside
    /// another area). The only nesting an area has: forces recorded in a zone count in the
    /// places it is declared within, never in a neighbour on the same state's territory.
    #[serde(default)]
    pub within: Vec<Sp<String>>,
    /// What the zone is.
    pub description: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// `[institution.ID]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInstitution {
    /// Full name.
    pub name: Option<String>,
    /// Kind, free text (alliance, union, organisation, collective security body).
    pub kind: Option<String>,
    /// Founding date.
    pub founded: Option<Sp<RawDate>>,
    /// Legal basis (M34): e.g. "UN Charter, Chapter VIII".
    pub legal_basis: Option<String>,
    /// The legal bases as words of the vocabulary (M34): art_51, chapter_vii, chapter_viii,
    /// treaty_based. A body resting on chapter_viii needs the Security Council's authorisation
    /// for enforcement action (UN Charter Art. 53).
    #[serde(default)]
    #[schemars(with = "Vec<crate::vocab::LegalBasis>")]
    pub legal_bases: Vec<Sp<String>>,
    /// Whether the institution is a proposal rather than a body that exists.
    #[serde(default)]
    pub status: Option<Sp<String>>,
    /// The last day this institution's data (members and their statuses) are recorded up to,
    /// when it differs from the scenario's `horizon`.
    pub horizon: Option<Sp<RawDate>>,
    /// The number of seats the founding text fixes (the UN Security Council: 15). On a date
    /// when fewer voting members are recorded, its decisions are an error, not a verdict.
    pub seats: Option<Sp<u32>>,
    /// What the body may decide at all (M1), with the article that gives it the power.
    #[serde(default)]
    pub competence: BTreeMap<String, Sp<RawCompetence>>,
    /// Members with their status and dates.
    #[serde(default)]
    pub members: Vec<Sp<RawMember>>,
    /// Members from a CSV file of dated memberships.
    pub members_csv: Option<Sp<RawMembersCsv>>,
    /// Membership defined by a rule over a zone, with opt-outs (M31).
    pub membership_rule: Option<Sp<RawMembershipRule>>,
    /// Decision types, each with a rule or a sequence of stages.
    #[serde(default)]
    pub decision: BTreeMap<Key, Sp<RawDecision>>,
    /// Clauses of the founding text, by id.
    #[serde(default)]
    pub clause: BTreeMap<String, Sp<RawClause>>,
    /// Political (non-binding) admission criteria (M21).
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Whether an actor met one of `criteria` over a period, from a source (M21).
    #[serde(default)]
    pub assessment: Vec<Sp<RawAssessment>>,
    /// Source.
    pub source: Option<String>,
}

/// `[[institution.ID.assessment]]`: whether an actor met one admission criterion over a period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAssessment {
    /// The actor assessed.
    pub actor: Sp<String>,
    /// Which criterion: its position in the institution's `criteria`, from 1.
    pub criterion: Sp<i64>,
    /// Whether the actor met it over the period.
    pub met: bool,
    /// First day of the period (open if absent).
    pub from: Option<Sp<RawDate>>,
    /// Day the period ends (the assessment no longer holds from that day; open if absent).
    pub until: Option<Sp<RawDate>>,
    /// What the assessment rests on, in words.
    pub note: Option<String>,
    /// Source (required: an assessment without one is not evidence).
    pub source: String,
}

/// `[institution.ID.competence.ID]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompetence {
    /// What the body may decide under it.
    pub description: Option<String>,
    /// The clause that grants it (an id of this institution's clauses).
    pub clause: Option<Sp<String>>,
    /// Whether deciding under it is enforcement action (measures of force against a state), which
    /// a body resting on Chapter VIII of the UN Charter may take only with the Security Council's
    /// authorisation (Art. 53(1)).
    #[serde(default)]
    pub enforcement: bool,
    /// The decision type that must authorise action under this competence, as
    /// `INSTITUTION.DECISION` (e.g. `unsc.regional_enforcement`, UN Charter Art. 53(1)).
    pub authorised_by: Option<Sp<String>>,
    /// Source.
    pub source: Option<String>,
    /// The kinds of agreement the institution may conclude or join under this competence (M1):
    /// `decide --agreement` and `decide --matter` judge an agreement by its kind against these.
    #[serde(default)]
    #[schemars(with = "Vec<crate::vocab::AgreementKind>")]
    pub agreement_kinds: Vec<Sp<String>>,
}

/// One membership row.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    /// The actor.
    pub id: Sp<String>,
    /// Status: member, observer, partner, applicant, suspended, opted_out.
    #[serde(default = "default_status")]
    pub status: Sp<String>,
    /// Date the status began.
    pub joined: Option<Sp<RawDate>>,
    /// Date it ended (the actor is no longer in this status from that day).
    pub left: Option<Sp<RawDate>>,
    /// Source.
    pub source: Option<String>,
    /// Notes.
    pub note: Option<String>,
}

fn default_status() -> Sp<String> {
    Sp::new("member".into(), 0..0)
}

/// Members from a CSV file (one row per actor and organisation).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMembersCsv {
    /// The CSV file, relative to this one.
    pub file: Sp<String>,
    /// Keep only rows whose `organisation` column equals this.
    pub organisation: String,
    /// Column of the organisation (default `organisation`).
    #[serde(default = "default_org_col")]
    pub organisation_column: String,
    /// Column of the actor id (default `iso3`).
    #[serde(default = "default_iso3")]
    pub id: String,
    /// Column of the status (default `status`).
    #[serde(default = "default_status_col")]
    pub status: String,
    /// Column of the join date (default `joined_date`).
    #[serde(default = "default_joined")]
    pub joined: String,
    /// Column of the leave date (default `left_date`).
    #[serde(default = "default_left")]
    pub left: String,
    /// Column of the source (default `source`).
    #[serde(default = "default_source")]
    pub source: String,
    /// Map the file's status words to entente's (e.g. "participating State" = "member").
    #[serde(default)]
    pub status_map: BTreeMap<String, String>,
}

fn default_org_col() -> String {
    "organisation".into()
}
fn default_iso3() -> String {
    "iso3".into()
}
fn default_status_col() -> String {
    "status".into()
}
fn default_joined() -> String {
    "joined_date".into()
}
fn default_left() -> String {
    "left_date".into()
}
fn default_source() -> String {
    "source".into()
}

/// Membership by rule over a zone (M31): every state of the zone is a member from a date unless
/// it has opted out.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMembershipRule {
    /// The zone whose states are members.
    pub zone: Sp<String>,
    /// From when.
    pub from: Option<Sp<RawDate>>,
    /// States that formally opted out.
    #[serde(default)]
    pub opt_outs: Vec<Sp<String>>,
    /// Source.
    pub source: Option<String>,
}

/// `[institution.ID.decision.ID]`: a rule, or a sequence of stages (M3).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    /// Name.
    pub name: Option<String>,
    /// The competence this decision type exercises (an id of the institution's competences).
    pub competence: Option<Sp<String>>,
    /// The decision rule, in the rule language (e.g. `no == 0`).
    pub rule: Option<Sp<String>>,
    /// Or: the stages of a procedure, in order.
    #[serde(default)]
    pub stages: Vec<Sp<RawStage>>,
    /// The clause it rests on.
    pub clause: Option<Sp<String>>,
    /// Source.
    pub source: Option<String>,
}

/// One stage of a procedure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    /// Stage id (unique within the decision).
    pub id: Sp<String>,
    /// Name.
    pub name: Option<String>,
    /// `vote` (the body decides under `rule`), `each_member` (every member completes `steps` by
    /// its own procedure), `candidate` (the subject completes `steps`), or `act` (one event by
    /// the institution or its depositary).
    pub kind: Sp<String>,
    /// For a vote: the rule.
    pub rule: Option<Sp<String>>,
    /// For `each_member` and `candidate`: the steps, in order (e.g. parliament, head_of_state,
    /// deposit). The stage is complete for an actor when its last step is done.
    #[serde(default)]
    pub steps: Vec<Sp<String>>,
    /// For `each_member`: members whose own national procedure has other steps than `steps`
    /// (e.g. `{ USA = ["senate", "president", "deposit"] }`).
    #[serde(default)]
    pub member_steps: BTreeMap<String, Vec<Sp<String>>>,
    /// The event kind that completes an `act` stage or a `vote` stage (e.g. `invitation`).
    pub event: Option<Sp<String>>,
    /// The clause it rests on.
    pub clause: Option<Sp<String>>,
    /// Source.
    pub source: Option<String>,
}

/// A clause of a founding text or agreement.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    /// Title, e.g. "Article 5".
    pub title: Option<String>,
    /// Its text or a faithful summary.
    pub text: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// `[agreement.ID]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAgreement {
    /// Name.
    pub name: Option<String>,
    /// Kind: defence, offence, neutrality, non_aggression, consultation, guarantee, assistance,
    /// force_limit, demilitarised_zone, sanctions, asset_freeze, pledge, declaration, ceasefire,
    /// package, memorandum.
    #[schemars(with = "crate::vocab::AgreementKind")]
    pub kind: Sp<String>,
    /// Parties: actor ids, institution ids, or "members of ID" / "members of ID as of DATE".
    #[serde(default)]
    pub parties: Vec<Sp<String>>,
    /// Current status: proposed, signed, in_force, suspended, terminated, breached, expired.
    #[schemars(with = "Option<crate::vocab::AgreementStatus>")]
    pub status: Option<Sp<String>>,
    /// Dates of the status changes.
    #[serde(default)]
    pub dates: BTreeMap<String, Sp<RawDate>>,
    /// Legal form (M16): treaty, political_declaration, verbal_assurance, executive_agreement.
    #[schemars(with = "Option<crate::vocab::LegalForm>")]
    pub legal_form: Option<Sp<String>>,
    /// Whether it must be ratified before it binds.
    pub ratification: Option<bool>,
    /// Duration in years from entry into force (or signature when it has none).
    pub duration_years: Option<Sp<f64>>,
    /// Legal basis (M34).
    pub legal_basis: Option<String>,
    /// The legal bases as words of the vocabulary (M34): art_51, chapter_vii, chapter_viii,
    /// treaty_based.
    #[serde(default)]
    #[schemars(with = "Vec<crate::vocab::LegalBasis>")]
    pub legal_bases: Vec<Sp<String>>,
    /// What the agreement needs its parties to contribute in all (M33), e.g. the troops a force
    /// requires; the contributions of its obligations are measured against it.
    #[serde(default)]
    pub requirement: Vec<Sp<RawRequirement>>,
    /// Clauses by id.
    #[serde(default)]
    pub clause: BTreeMap<String, Sp<RawClause>>,
    /// Obligations.
    #[serde(default)]
    pub obligation: Vec<Sp<RawObligation>>,
    /// Phases that open when their conditions hold (M9, M19, M20).
    #[serde(default)]
    pub phase: Vec<Sp<RawPhase>>,
    /// Other agreements this one is linked to (a package, M20).
    #[serde(default)]
    pub linked: Vec<Sp<String>>,
    /// Amounts (funding, assistance) with their currency and period.
    #[serde(default)]
    pub amount: Vec<Sp<RawAmount>>,
    /// Mechanism ids this agreement illustrates (M1..M36).
    #[serde(default)]
    pub mechanisms: Vec<String>,
    /// Notes.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A stated requirement of an agreement (M33): how much of a quantity it needs in all.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    /// The quantity, as the obligations' `contribution` names it (e.g. `troops`).
    pub quantity: Sp<String>,
    /// How much is needed.
    pub value: Sp<f64>,
    /// Source (or "analyst's assumption").
    pub source: Option<String>,
}

/// A sum of money.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAmount {
    /// Who gives.
    pub from: Option<Sp<String>>,
    /// Who receives.
    pub to: Option<Sp<String>>,
    /// How much.
    pub value: f64,
    /// Currency, e.g. EUR.
    pub currency: String,
    /// Period, e.g. "2024".
    pub period: Option<String>,
    /// What for (military, financial...).
    pub scope: Option<String>,
    /// Whether `value` is a lower bound, ceiling or exact.
    pub qualifier: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// One obligation of an agreement.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawObligation {
    /// Id (unique within the agreement).
    pub id: Option<Sp<String>>,
    /// Who bears it: actor or institution ids, "parties", or "members of ID".
    #[serde(default)]
    pub bearer: Vec<Sp<String>>,
    /// Kind: defence, offence, neutrality, non_aggression, consultation, assistance, supply,
    /// funding, force_limit, no_enlargement, no_deployment, demilitarisation, sanctions_relief,
    /// asset_release, monitoring, guarantee, non_accession, ceasefire, peace_force, training,
    /// sanctions.
    #[schemars(with = "crate::vocab::ObligationKind")]
    pub kind: Sp<String>,
    /// For whom: actor or institution ids, "parties", or "members of ID".
    #[serde(default)]
    pub beneficiary: Vec<Sp<String>>,
    /// What sets it off: an event kind (armed_attack, hybrid_attack, limited_incursion, breach,
    /// ceasefire_violation, threat), or none for a standing obligation.
    #[schemars(with = "Option<crate::vocab::Trigger>")]
    pub trigger: Option<Sp<String>>,
    /// Against whom the trigger counts (e.g. only an attack by this actor).
    #[serde(default)]
    pub adversary: Vec<Sp<String>>,
    /// Strength: automatic, as_deemed_necessary, consult, assist, supply, fund, refrain, limit,
    /// monitor.
    #[schemars(with = "Option<crate::vocab::Strength>")]
    pub strength: Option<Sp<String>>,
    /// Zone the obligation covers or restricts.
    pub zone: Option<Sp<String>>,
    /// Quantitative limits in the zone, e.g. { foreign_troops = 0 }.
    #[serde(default)]
    pub limit: BTreeMap<String, Sp<f64>>,
    /// What each bearer contributes (M33), e.g. { troops = 3000 } for a contingent of a peace
    /// force; the `source` says where the figure comes from.
    #[serde(default)]
    pub contribution: BTreeMap<String, Sp<f64>>,
    /// Years it lasts from when it starts.
    pub duration_years: Option<Sp<f64>>,
    /// Condition under which it applies (condition language, e.g.
    /// `verified(RUS withdraws nonstrategic_nuclear from BLR)`).
    pub when: Option<Sp<String>>,
    /// The clause it comes from.
    pub clause: Option<Sp<String>>,
    /// Phase of the agreement that brings it into force.
    pub phase: Option<Sp<String>>,
    /// Notes.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A phase of an agreement.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    /// Id (unique within the agreement).
    pub id: Sp<String>,
    /// Name.
    pub name: Option<String>,
    /// Condition that opens it.
    pub opens_when: Option<Sp<String>>,
    /// Condition that closes it.
    pub closes_when: Option<Sp<String>>,
    /// Phases that must have opened before.
    #[serde(default)]
    pub after: Vec<Sp<String>>,
    /// Years it lasts once open.
    pub duration_years: Option<Sp<f64>>,
    /// Zone the phase concerns (M9 regional sequencing).
    pub zone: Option<Sp<String>>,
    /// Notes.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// `[timeline.ID]`: dated events.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTimeline {
    /// Name.
    pub name: Option<String>,
    /// What it records.
    pub description: Option<String>,
    /// Whether the events happened (`history`) or are a hypothesis (`scenario`).
    pub kind: Option<Sp<String>>,
    /// Events, in date order and, within a day, in `order`.
    #[serde(default)]
    pub event: Vec<Sp<RawEvent>>,
    /// Source.
    pub source: Option<String>,
}

/// One event.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// Date.
    pub date: Option<Sp<RawDate>>,
    /// Order within the day (1, 2, ...); events of one day without it keep file order.
    pub order: Option<Sp<i64>>,
    /// Kind: application, invitation, signature, ratification, deposit, accession, withdrawal,
    /// armed_attack, hybrid_attack, limited_incursion, ceasefire, ceasefire_violation,
    /// troop_movement, verification, sanctions_change, status_change, statement, breach.
    pub kind: Sp<String>,
    /// Who acts.
    pub actor: Option<Sp<String>>,
    /// Whom or what it concerns (a candidate, a victim).
    pub subject: Option<Sp<String>>,
    /// Institution concerned.
    pub institution: Option<Sp<String>>,
    /// Decision type concerned.
    pub decision: Option<Sp<String>>,
    /// Agreement concerned.
    pub agreement: Option<Sp<String>>,
    /// Step of a national procedure (parliament, head_of_state, deposit...).
    pub step: Option<Sp<String>>,
    /// Zone concerned.
    pub zone: Option<Sp<String>>,
    /// For verification: the verified action, e.g. `RUS withdraws nonstrategic_nuclear from BLR`.
    pub action: Option<Sp<String>>,
    /// New status (for status changes) or the vote cast.
    pub status: Option<Sp<String>>,
    /// Quantities (troops, km2, tranche...).
    #[serde(default)]
    pub quantity: BTreeMap<String, Sp<f64>>,
    /// Notes.
    pub note: Option<String>,
    /// Source.
    pub source: Option<String>,
}
