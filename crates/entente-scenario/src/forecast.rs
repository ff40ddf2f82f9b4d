//! Forecasting cases in the scenario language (M12, M13): actors with capability, position and
//! salience on issue dimensions, the input of the forecast engine's spatial and expected-utility
//! models. Raw types (as written, with spans) and their resolution into [`Forecast`], reporting
//! every problem with its place.
//!
//! ```toml
//! [forecast.settlement]
//! name = "Main dimensions of a settlement"
//! source = "..."
//!
//! [[forecast.settlement.dimension]]
//! id = "territory"
//! name = "Territory"
//! low = "0: Ukraine's 1991 borders"
//! high = "100: Russia keeps all four provinces it claims"
//!
//! [[forecast.settlement.actor]]
//! actor = "RUS"
//! capability = 100
//! position = { territory = 95 }
//! salience = { territory = 40 }
//! source = "the public statement the numbers rest on"
//! ```
//!
//! Positions are on 0–100 (the meaning of both ends is stated per dimension); saliences are
//! shares of an actor's attention, 0–100 and at most 100 in all (KTAB's convention); capability
//! is any positive number.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::diag::did_you_mean;
use crate::spanned::Sp;

/// `[forecast.ID]` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawForecast {
    /// Name.
    pub name: Option<String>,
    /// What the case rests on.
    pub source: Option<String>,
    /// The issue dimensions, in order.
    #[serde(default)]
    pub dimension: Vec<Sp<RawDimension>>,
    /// The actors and their stakes.
    #[serde(default)]
    pub actor: Vec<Sp<RawForecastActor>>,
}

/// `[[forecast.ID.dimension]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    /// Short id, used as the key of positions and saliences.
    pub id: Sp<String>,
    /// Name.
    pub name: Option<String>,
    /// What position 0 means.
    pub low: Option<String>,
    /// What position 100 means.
    pub high: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// `[[forecast.ID.actor]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawForecastActor {
    /// The actor's id in the scenario.
    pub actor: Sp<String>,
    /// Capability (power to shape the outcome), positive.
    pub capability: Sp<f64>,
    /// Position per dimension id, 0–100.
    #[serde(default)]
    pub position: BTreeMap<String, Sp<f64>>,
    /// Salience per dimension id, 0–100, at most 100 in all.
    #[serde(default)]
    pub salience: BTreeMap<String, Sp<f64>>,
    /// The public statements the numbers rest on (analyst assumptions must say so).
    pub source: Option<String>,
}

/// A resolved issue dimension.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Dimension {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What position 0 means.
    pub low: Option<String>,
    /// What position 100 means.
    pub high: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// A resolved actor of a forecasting case.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ForecastActor {
    /// The actor's id in the scenario.
    pub actor: String,
    /// Capability.
    pub capability: f64,
    /// One position per dimension (0–100), in dimension order.
    pub position: Vec<f64>,
    /// One salience per dimension (0–100), in dimension order.
    pub salience: Vec<f64>,
    /// Source.
    pub source: Option<String>,
}

/// A resolved forecasting case.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Forecast {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Source.
    pub source: Option<String>,
    /// The dimensions.
    pub dimensions: Vec<Dimension>,
    /// The actors.
    pub actors: Vec<ForecastActor>,
}

/// Resolve one forecasting case, reporting problems to `ctx`.
pub(crate) fn resolve(
    id: &str,
    raw: &Sp<RawForecast>,
    file: usize,
    ctx: &mut Ctx<'_>,
) -> Option<Forecast> {
    let errors_before = ctx.diags.len();
    let mut dimensions: Vec<Dimension> = Vec::new();
    for d in &raw.dimension {
        if dimensions.iter().any(|x| x.id == d.id.value) {
            let e = ctx.error(
                file,
                d.id.span.clone(),
                "forecast-duplicate-dimension",
                format!(
                    "dimension `{}` is defined twice in forecast `{id}`",
                    d.id.value
                ),
            );
            e.hint = Some("give every dimension of a forecast its own id".into());
            continue;
        }
        dimensions.push(Dimension {
            id: d.id.value.clone(),
            name: d.name.clone().unwrap_or_else(|| d.id.value.clone()),
            low: d.low.clone(),
            high: d.high.clone(),
            source: d.source.clone(),
        });
    }
    if dimensions.is_empty() {
        let e = ctx.error(
            file,
            raw.span.clone(),
            "forecast-no-dimension",
            format!("forecast `{id}` has no dimension"),
        );
        e.expected = Some("at least one [[forecast.ID.dimension]] with an id".into());
        return None;
    }
    if raw.actor.is_empty() {
        let e = ctx.error(
            file,
            raw.span.clone(),
            "forecast-no-actor",
            format!("forecast `{id}` has no actor"),
        );
        e.expected = Some(
            "[[forecast.ID.actor]] entries with actor, capability, position and salience".into(),
        );
        return None;
    }
    let dim_ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
    let mut actors: Vec<ForecastActor> = Vec::new();
    for a in &raw.actor {
        ctx.actor(file, &a.actor);
        if actors.iter().any(|x| x.actor == a.actor.value) {
            let e = ctx.error(
                file,
                a.actor.span.clone(),
                "forecast-duplicate-actor",
                format!("actor `{}` appears twice in forecast `{id}`", a.actor.value),
            );
            e.hint = Some("keep one entry per actor".into());
            continue;
        }
        if !(a.capability.value > 0.0 && a.capability.value.is_finite()) {
            let e = ctx.error(
                file,
                a.capability.span.clone(),
                "forecast-out-of-range",
                format!(
                    "capability {} of `{}` must be positive",
                    a.capability.value, a.actor.value
                ),
            );
            e.expected = Some("a positive number".into());
        }
        for (what, map) in [("position", &a.position), ("salience", &a.salience)] {
            for (key, v) in map {
                if !dim_ids.contains(&key.as_str()) {
                    let e = ctx.error(
                        file,
                        v.span.clone(),
                        "forecast-unknown-dimension",
                        format!("{what} on unknown dimension `{key}` in forecast `{id}`"),
                    );
                    e.expected = Some(format!("one of: {}", dim_ids.join(", ")));
                    e.hint = did_you_mean(key, dim_ids.iter().copied());
                } else if !(0.0..=100.0).contains(&v.value) {
                    let e = ctx.error(
                        file,
                        v.span.clone(),
                        "forecast-out-of-range",
                        format!(
                            "{what} {} of `{}` on `{key}` is outside 0–100",
                            v.value, a.actor.value
                        ),
                    );
                    e.expected = Some("a number from 0 to 100".into());
                }
            }
        }
        let mut position = Vec::with_capacity(dimensions.len());
        let mut salience = Vec::with_capacity(dimensions.len());
        for d in &dimensions {
            match a.position.get(&d.id) {
                Some(p) => position.push(p.value),
                None => {
                    let e = ctx.error(
                        file,
                        a.actor.span.clone(),
                        "forecast-missing-position",
                        format!(
                            "`{}` has no position on dimension `{}`",
                            a.actor.value, d.id
                        ),
                    );
                    e.hint = Some(format!("add `{} = <0-100>` to its position table", d.id));
                    position.push(0.0);
                }
            }
            salience.push(a.salience.get(&d.id).map_or(0.0, |s| s.value));
        }
        let total: f64 = salience.iter().sum();
        if total > 100.0 + 1e-9 || total <= 0.0 {
            let e = ctx.error(
                file,
                a.actor.span.clone(),
                "forecast-salience-sum",
                format!(
                    "the saliences of `{}` sum to {total}; they must be above 0 and at most 100",
                    a.actor.value
                ),
            );
            e.hint =
                Some("saliences are shares of an actor's attention across the dimensions".into());
        }
        actors.push(ForecastActor {
            actor: a.actor.value.clone(),
            capability: a.capability.value,
            position,
            salience,
            source: a.source.clone(),
        });
    }
    if ctx.diags.len() > errors_before {
        return None;
    }
    Some(Forecast {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        source: raw.source.clone(),
        dimensions,
        actors,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::load::InMemory;

    fn load(forecast: &str) -> crate::Loaded {
        let files = InMemory {
            files: vec![
                (
                    "s/scenario.toml".into(),
                    "[scenario]\nname = \"t\"\n\n[actor.AAA]\nname = \"A\"\nkind = \"state\"\n\n[actor.BBB]\nname = \"B\"\nkind = \"state\"\n".into(),
                ),
                ("s/forecast.toml".into(), forecast.into()),
            ],
        };
        crate::load_with(
            &[
                PathBuf::from("s/scenario.toml"),
                PathBuf::from("s/forecast.toml"),
            ],
            &files,
        )
    }

    fn codes(l: &crate::Loaded) -> Vec<&'static str> {
        l.diagnostics.iter().map(|d| d.code).collect()
    }

    const DIMS: &str = "[forecast.f]\nname = \"F\"\n[[forecast.f.dimension]]\nid = \"land\"\n[[forecast.f.dimension]]\nid = \"money\"\n";

    #[test]
    fn resolves_a_valid_case() {
        let l = load(&format!(
            "{DIMS}[[forecast.f.actor]]\nactor = \"AAA\"\ncapability = 10\nposition = {{ land = 20, money = 80 }}\nsalience = {{ land = 60, money = 40 }}\nsource = \"s\"\n"
        ));
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        let f = &l.scenario.forecasts[0];
        assert_eq!(f.dimensions.len(), 2);
        assert_eq!(f.actors[0].position, vec![20.0, 80.0]);
        assert_eq!(f.actors[0].salience, vec![60.0, 40.0]);
    }

    #[test]
    fn reports_every_problem_with_its_place() {
        let l = load(&format!(
            "{DIMS}[[forecast.f.actor]]\nactor = \"AAX\"\ncapability = 0\nposition = {{ land = 120, mony = 80 }}\nsalience = {{ land = 70, money = 40 }}\n"
        ));
        let c = codes(&l);
        for want in [
            "unknown-actor",
            "forecast-out-of-range",
            "forecast-unknown-dimension",
            "forecast-missing-position",
            "forecast-salience-sum",
        ] {
            assert!(c.contains(&want), "missing {want} in {c:?}");
        }
        let d = l
            .diagnostics
            .iter()
            .find(|d| d.code == "forecast-unknown-dimension")
            .unwrap();
        assert_eq!((d.file.as_str(), d.line), ("s/forecast.toml", 10));
        assert_eq!(d.hint.as_deref(), Some("did you mean `money`?"));
    }

    #[test]
    fn a_case_needs_dimensions() {
        let l = load("[forecast.f]\nname = \"F\"\n");
        assert_eq!(codes(&l), vec!["forecast-no-dimension"]);
    }

    #[test]
    fn bundled_case_resolves_cleanly() {
        let l = crate::bundled();
        // Nothing about this section; the bundled scenario's other warnings are tested where
        // they arise.
        let own: Vec<_> = l
            .diagnostics
            .iter()
            .filter(|d| d.file.ends_with("forecast.toml"))
            .collect();
        assert!(own.is_empty() && !l.has_errors(), "{:?}", l.diagnostics);
        let f = l
            .scenario
            .forecasts
            .iter()
            .find(|f| f.id == "settlement")
            .unwrap();
        assert_eq!(f.dimensions.len(), 4);
        assert!(
            f.actors.iter().all(|a| a.source.is_some()),
            "every actor cites its source"
        );
    }
}
