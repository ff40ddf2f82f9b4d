//! Forecasting cases in the scenario language (M12, M13): actors with capability, position and
//! salience on issue dimensions. Raw types and their resolution.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::resolve::Ctx;
use crate::spanned::Sp;

/// `[forecast.ID]` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct RawForecast {
    /// Name.
    pub name: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A resolved forecasting case.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Source.
    pub source: Option<String>,
}

/// Resolve one forecasting case, reporting problems to `ctx`.
pub(crate) fn resolve(
    id: &str,
    raw: &Sp<RawForecast>,
    _file: usize,
    _ctx: &mut Ctx<'_>,
) -> Option<Forecast> {
    Some(Forecast {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        source: raw.source.clone(),
    })
}
