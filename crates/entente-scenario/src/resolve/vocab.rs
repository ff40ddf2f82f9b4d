//! The closed vocabularies of the format (agreement, obligation, event and stage kinds, statuses,
//! legal forms, strengths, triggers) and the shapes of ids.

pub(super) const AGREEMENT_KINDS: &[&str] = &[
    "defence",
    "offence",
    "neutrality",
    "non_aggression",
    "consultation",
    "security_guarantee",
    "assistance",
    "force_limit",
    "demilitarised_zone",
    "sanctions",
    "asset_freeze",
    "pledge",
    "declaration",
    "ceasefire",
    "package",
    "memorandum",
];
pub(super) const AGREEMENT_STATUSES: &[&str] = &[
    "proposed",
    "signed",
    "in_force",
    "suspended",
    "terminated",
    "breached",
    "expired",
];
pub(super) const LEGAL_FORMS: &[&str] = &[
    "treaty",
    "political_declaration",
    "verbal_assurance",
    "executive_agreement",
];
pub(super) const OBLIGATION_KINDS: &[&str] = &[
    "defence",
    "offence",
    "neutrality",
    "non_aggression",
    "consultation",
    "assistance",
    "supply",
    "funding",
    "force_limit",
    "no_enlargement",
    "no_deployment",
    "demilitarisation",
    "sanctions_relief",
    "asset_release",
    "monitoring",
    "guarantee",
    "non_accession",
    "ceasefire",
    "peace_force",
    "training",
    "sanctions",
];
pub(super) const STRENGTHS: &[&str] = &[
    "automatic",
    "as_deemed_necessary",
    "consult",
    "assist",
    "supply",
    "fund",
    "refrain",
    "limit",
    "monitor",
];
/// Event kinds a timeline may hold.
pub const EVENT_KINDS: &[&str] = &[
    "application",
    "invitation",
    "signature",
    "ratification",
    "deposit",
    "accession",
    "withdrawal",
    "armed_attack",
    "hybrid_attack",
    "limited_incursion",
    "attack_on_forces_abroad",
    "ceasefire",
    "ceasefire_violation",
    "troop_movement",
    "verification",
    "sanctions_change",
    "status_change",
    "statement",
    "breach",
    "entry_into_force",
    "decision",
    "vote",
    "veto",
    "force_level",
    "territory",
    "contribution",
];
pub(super) const TRIGGERS: &[&str] = &[
    "armed_attack",
    "hybrid_attack",
    "limited_incursion",
    "attack_on_forces_abroad",
    "breach",
    "ceasefire_violation",
    "threat",
];
pub(super) const STAGE_KINDS: &[&str] = &["vote", "each_member", "candidate", "act"];

pub(super) fn is_iso3(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

pub(super) fn is_lower_id(id: &str) -> bool {
    let mut c = id.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_lowercase())
        && c.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
}
