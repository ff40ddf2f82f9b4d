//! The `[deterrence]` section: what the deterrence model needs that the rest of the scenario
//! does not say — the attackers to consider, the capitals from which distances are measured,
//! the forces deployed forward in other states (the tripwire), the Monte Carlo's draws and seed,
//! and overrides of the model's named parameters (each with its source, or marked as the
//! analyst's assumption). Raw types (as written, with spans) and their resolution into
//! [`Deterrence`], checking every id; parameter names are checked by the engine, which knows
//! them, and refused there with the place recorded here.
//!
//! ```toml
//! [deterrence]
//! attackers = ["RUS"]
//! attackers_source = "analyst's choice"
//! capitals_source = "CIA World Factbook"
//! capitals = [{ state = "POL", city = "Warsaw", lat = 52.25, lon = 21.0 }]
//!
//! [[deterrence.presence]]
//! actor = "USA"
//! host = "POL"
//! troops = 1000
//! assumption = true
//!
//! [[deterrence.parameter]]
//! name = "reliability.defence_pact"
//! value = 0.41
//! source = "Berkemeier & Fuhrmann 2018"
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::diag::FileId;
use crate::spanned::Sp;

/// `[deterrence]` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeterrence {
    /// The attackers to consider (actor ids).
    #[serde(default)]
    pub attackers: Vec<Sp<String>>,
    /// Why these attackers (a source, or "analyst's choice").
    pub attackers_source: Option<String>,
    /// Where the capitals' coordinates come from.
    pub capitals_source: Option<String>,
    /// Capitals: one per state, in degrees.
    #[serde(default)]
    pub capitals: Vec<Sp<RawCapital>>,
    /// Forces deployed forward.
    #[serde(default)]
    pub presence: Vec<Sp<RawPresence>>,
    /// Overrides of the model's parameters.
    #[serde(default)]
    pub parameter: Vec<Sp<RawParameter>>,
    /// Monte Carlo draws (default 10 000).
    pub draws: Option<Sp<i64>>,
    /// Monte Carlo seed (default 1).
    pub seed: Option<Sp<i64>>,
}

/// A capital.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCapital {
    /// The state.
    pub state: Sp<String>,
    /// The capital's name.
    pub city: Option<String>,
    /// Latitude in degrees, north positive.
    pub lat: Sp<f64>,
    /// Longitude in degrees, east positive.
    pub lon: Sp<f64>,
}

/// `[[deterrence.presence]]`: one actor's troops on another state's soil.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPresence {
    /// Whose troops.
    pub actor: Sp<String>,
    /// Where (the host state).
    pub host: Sp<String>,
    /// How many.
    pub troops: Sp<f64>,
    /// Source.
    pub source: Option<String>,
    /// The figure is the analyst's assumption.
    #[serde(default)]
    pub assumption: bool,
}

/// `[[deterrence.parameter]]`: a parameter of the model set by the scenario.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    /// The parameter's name (`entente deter --format json` lists them under `parameters`).
    pub name: Sp<String>,
    /// Its value.
    pub value: Sp<f64>,
    /// Lower end of its range in the Monte Carlo.
    pub low: Option<f64>,
    /// Upper end.
    pub high: Option<f64>,
    /// Source.
    pub source: Option<String>,
    /// The value is the analyst's assumption.
    #[serde(default)]
    pub assumption: bool,
}

/// Where something was written: file, line and column (1-based).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Place {
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// A capital, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Capital {
    /// The state.
    pub state: String,
    /// The capital's name.
    pub city: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Forces deployed forward, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Presence {
    /// Whose troops.
    pub actor: String,
    /// The host state.
    pub host: String,
    /// How many.
    pub troops: f64,
    /// Source ("analyst's assumption" when so marked).
    pub source: Option<String>,
}

/// A parameter override, resolved (its name is checked by the engine).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Override {
    /// The name.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Its range, when given.
    pub range: Option<(f64, f64)>,
    /// Source ("analyst's assumption" when so marked).
    pub source: Option<String>,
    /// Where the name is written.
    pub place: Place,
}

/// The `[deterrence]` section, resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Deterrence {
    /// Attackers.
    pub attackers: Vec<String>,
    /// Why these attackers.
    pub attackers_source: Option<String>,
    /// Capitals, by state id.
    pub capitals: Vec<Capital>,
    /// Where the capitals come from.
    pub capitals_source: Option<String>,
    /// Forces deployed forward.
    pub presence: Vec<Presence>,
    /// Parameter overrides.
    pub parameters: Vec<Override>,
    /// Monte Carlo draws.
    pub draws: Option<u32>,
    /// Monte Carlo seed.
    pub seed: Option<u64>,
}

/// Most draws a scenario may ask for.
pub const MAX_DRAWS: i64 = 1_000_000;

fn sourced(source: &Option<String>, assumption: bool) -> Option<String> {
    match (source, assumption) {
        (Some(s), true) if !s.contains("assumption") => Some(format!("{s} (analyst's assumption)")),
        (Some(s), _) => Some(s.clone()),
        (None, true) => Some("analyst's assumption".to_string()),
        (None, false) => None,
    }
}

/// Resolve the section, checking every id and number.
pub(crate) fn resolve(raw: &Sp<RawDeterrence>, file: FileId, ctx: &mut Ctx<'_>) -> Deterrence {
    let mut out = Deterrence {
        attackers_source: raw.attackers_source.clone(),
        capitals_source: raw.capitals_source.clone(),
        ..Deterrence::default()
    };
    for a in &raw.attackers {
        if ctx.actor(file, a) && !out.attackers.contains(&a.value) {
            out.attackers.push(a.value.clone());
        }
    }
    for c in &raw.capitals {
        if !ctx.actor(file, &c.state) {
            continue;
        }
        let mut ok = true;
        for (v, lim, what) in [(&c.lat, 90.0, "latitude"), (&c.lon, 180.0, "longitude")] {
            if !(v.value.is_finite() && v.value.abs() <= lim) {
                ctx.error(
                    file,
                    v.span.clone(),
                    "bad-coordinate",
                    format!("a {what} of {} degrees", v.value),
                )
                .expected = Some(format!("a number of degrees between -{lim} and {lim}"));
                ok = false;
            }
        }
        if out.capitals.iter().any(|x| x.state == c.state.value) {
            ctx.error(
                file,
                c.state.span.clone(),
                "duplicate-capital",
                format!("a second capital for `{}`", c.state.value),
            )
            .hint = Some("keep one capital per state".into());
            continue;
        }
        if ok {
            out.capitals.push(Capital {
                state: c.state.value.clone(),
                city: c.city.clone(),
                lat: c.lat.value,
                lon: c.lon.value,
            });
        }
    }
    out.capitals.sort_by(|a, b| a.state.cmp(&b.state));
    for p in &raw.presence {
        let a = ctx.actor(file, &p.actor);
        let h = ctx.actor(file, &p.host);
        if !(p.troops.value.is_finite() && p.troops.value >= 0.0) {
            ctx.error(
                file,
                p.troops.span.clone(),
                "bad-troops",
                format!("{} troops", p.troops.value),
            )
            .expected = Some("a number of troops, at least 0".into());
            continue;
        }
        if a && h {
            out.presence.push(Presence {
                actor: p.actor.value.clone(),
                host: p.host.value.clone(),
                troops: p.troops.value,
                source: sourced(&p.source, p.assumption),
            });
        }
    }
    for q in &raw.parameter {
        let range = match (q.low, q.high) {
            (None, None) => None,
            (Some(l), Some(h)) => Some((l, h)),
            _ => {
                ctx.error(
                    file,
                    q.span.clone(),
                    "bad-parameter",
                    format!("`{}` has one end of its range only", q.name.value),
                )
                .hint = Some("give both `low` and `high`, or neither".into());
                continue;
            }
        };
        if q.source.is_none() && !q.assumption {
            ctx.error(
                file,
                q.name.span.clone(),
                "unsourced-parameter",
                format!("`{}` is set without a source", q.name.value),
            )
            .hint = Some(
                "name its source with `source = \"...\"`, or mark it `assumption = true`".into(),
            );
            continue;
        }
        let (line, column) = ctx.sources.line_col(file, q.name.span.start);
        out.parameters.push(Override {
            name: q.name.value.clone(),
            value: q.value.value.value,
            range,
            source: sourced(&q.source, q.assumption),
            place: Place {
                file: ctx.sources.name(file).to_string(),
                line,
                column,
            },
        });
    }
    for (v, what) in [(&raw.draws, "draws"), (&raw.seed, "seed")] {
        if let Some(v) = v {
            let max = if what == "draws" { MAX_DRAWS } else { i64::MAX };
            if v.value < 0 || v.value > max {
                ctx.error(
                    file,
                    v.span.clone(),
                    "bad-number",
                    format!("{what} = {}", v.value),
                )
                .expected = Some(format!("a whole number from 0 to {max}"));
            } else if what == "draws" {
                out.draws = Some(v.value as u32);
            } else {
                out.seed = Some(v.value as u64);
            }
        }
    }
    out
}
