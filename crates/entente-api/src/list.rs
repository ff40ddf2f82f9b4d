//! The `list` question: the ids a scenario defines, by kind, with their names, so that a user can
//! discover what to ask about (actors, institutions with their decision types, agreements,
//! timelines, architectures, settlements, forecasting cases, zones).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session};

/// What can be listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Every kind below.
    #[default]
    All,
    /// States, organisations and entities.
    Actors,
    /// Institutions, with their decision types.
    Institutions,
    /// Agreements.
    Agreements,
    /// Timelines.
    Timelines,
    /// Architectures (worlds that might be), `status_quo` first.
    Architectures,
    /// Settlement spaces.
    Settlements,
    /// Forecasting cases.
    Forecasts,
    /// Zones.
    Zones,
}

/// What is asked.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Which kind of id (default: all).
    #[serde(default)]
    pub kind: Kind,
}

/// One id.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Item {
    /// The kind (`actor`, `institution`, …).
    pub kind: String,
    /// The id, as questions take it.
    pub id: String,
    /// Its name.
    pub name: String,
    /// A short detail: an actor's kind, an institution's decision types, an agreement's status.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The ids, by kind and then by id.
    pub items: Vec<Item>,
}

/// Answer the question.
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    let s = session.scenario();
    let want = |k: Kind| query.kind == Kind::All || query.kind == k;
    let mut items = Vec::new();
    let mut push = |kind: &str, id: &str, name: &str, detail: String| {
        items.push(Item {
            kind: kind.to_string(),
            id: id.to_string(),
            name: name.to_string(),
            detail,
        });
    };
    if want(Kind::Actors) {
        for a in &s.actors {
            let kind = serde_json::to_value(a.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            push("actor", &a.id, &a.name, kind);
        }
    }
    if want(Kind::Institutions) {
        for i in &s.institutions {
            let decisions: Vec<&str> = i.decisions.iter().map(|d| d.id.as_str()).collect();
            let mut detail = format!("decisions: {}", decisions.join(", "));
            if i.status == "proposed" {
                detail.push_str(" (proposed)");
            }
            push("institution", &i.id, &i.name, detail);
        }
    }
    if want(Kind::Agreements) {
        for a in &s.agreements {
            push(
                "agreement",
                &a.id,
                &a.name,
                format!("{}, {}", a.kind, a.status),
            );
        }
    }
    if want(Kind::Timelines) {
        for t in &s.timelines {
            push("timeline", &t.id, &t.name, t.kind.to_string());
        }
    }
    if want(Kind::Architectures) {
        push(
            "architecture",
            entente_scenario::architecture::STATUS_QUO,
            "The scenario as it is",
            String::new(),
        );
        for a in &s.architectures {
            let mut detail = format!("{} change(s)", a.changes.len());
            if let Some(t) = &a.timeline {
                detail.push_str(&format!(", timeline {} applied", t.timeline));
            }
            if let Some(b) = &a.base {
                detail.push_str(&format!(", on {b}"));
            }
            push("architecture", &a.id, &a.name, detail);
        }
    }
    if want(Kind::Settlements) {
        for x in &s.settlements {
            push("settlement", &x.id, &x.name, String::new());
        }
    }
    if want(Kind::Forecasts) {
        for x in &s.forecasts {
            push("forecast", &x.id, &x.name, String::new());
        }
    }
    if want(Kind::Zones) {
        for z in &s.zones {
            push(
                "zone",
                &z.id,
                &z.name,
                format!("{} states", z.members.len()),
            );
        }
    }
    Ok(Answer { items })
}
