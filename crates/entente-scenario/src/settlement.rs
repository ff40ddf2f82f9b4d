//! Settlement spaces in the scenario language (M11, M17): issues, parties' preferences, red lines
//! and no-deal values. Raw types and their resolution.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resolve::Ctx;
use crate::spanned::Sp;

/// `[settlement.ID]` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct RawSettlement {
    /// Name.
    pub name: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A resolved settlement space.
#[derive(Debug, Clone, Serialize)]
pub struct Settlement {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Source.
    pub source: Option<String>,
}

/// Resolve one settlement space, reporting problems to `ctx`.
pub(crate) fn resolve(
    id: &str,
    raw: &Sp<RawSettlement>,
    _file: usize,
    _ctx: &mut Ctx<'_>,
) -> Option<Settlement> {
    Some(Settlement {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        source: raw.source.clone(),
    })
}
