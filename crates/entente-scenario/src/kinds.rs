//! The kinds of actor and zone: words of the format that the resolved model keeps as they are.
//! They live apart from both the raw format and the model so that neither depends on the other.

use schemars::JsonSchema;
use serde::Deserialize;

/// Kinds of actor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawActorKind {
    /// A sovereign state (ISO 3166-1 alpha-3 id).
    #[default]
    State,
    /// An international organisation acting as a party (e.g. the EU signing an agreement).
    Organisation,
    /// A territory or entity that is not a state everywhere recognised.
    Entity,
}

/// Kinds of zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawZoneKind {
    /// A set of states.
    #[default]
    Region,
    /// A named area (a demilitarised zone, a line of contact, a sea).
    Area,
}
