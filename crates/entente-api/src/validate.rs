//! The `validate` question: its Query, its Answer, and how the engines answer it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session};

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {}

/// Answer the question.
pub fn answer(_session: &Session, _query: &Query) -> Result<Answer, ApiError> {
    Err(ApiError::unsupported(
        "not-yet",
        "this question is not answered yet",
    ))
}
