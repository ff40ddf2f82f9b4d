//! The closed vocabularies of the format that stay words (event and stage kinds) and the shapes
//! of ids; the vocabularies of agreements and obligations are enums (`crate::vocab`).

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
pub(super) const STAGE_KINDS: &[&str] = &["vote", "each_member", "candidate", "act"];

pub(super) fn is_iso3(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

pub(super) fn is_lower_id(id: &str) -> bool {
    let mut c = id.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_lowercase())
        && c.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
}
