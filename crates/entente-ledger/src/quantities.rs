//! Quantities over time (M15, M29, M36): contributions per party and year with burden shares,
//! territory held over time with projections at stated rates, read from a timeline's
//! `contribution` and `territory` events and, for a timeline of contributions, from agreements'
//! amounts with a year as their period.
//!
//! Contribution events: `actor` (or, for a group such as "European allies and Canada", a `zone`)
//! gives to `subject`; quantities `<cur>_bn` (exact), `<cur>_bn_min` (a lower bound: "over"),
//! `<cur>_bn_max` (a ceiling: "up to"), and `share_min` / `share_max` / `share` of the year's
//! total; `status = "total"` marks the year's total. A share is computed only from exact figures
//! or taken from a stated share; lower bounds are never divided by one another.
//!
//! Territory events: `actor` holds part of `subject`; quantities `held_km2`, `area_km2`,
//! `gain_km2` (the gain over the year to the event's date: a rate per year) and
//! `held_share_assumed` (a rounded share of the area taken as held, instead of a measurement).
//! Every rate is projected from the measured holding on the rate's date (or the latest before)
//! and from each share assumed on the same date, giving years = (area − held) / rate.

use entente_scenario::{Scenario, Timeline};
use jiff::civil::Date;
use serde::Serialize;

/// How a figure bounds the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The figure itself.
    Exact,
    /// More than the figure ("over").
    AtLeast,
    /// At most the figure ("up to").
    AtMost,
}

/// One contribution.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Contribution {
    /// Year.
    pub year: i16,
    /// Giver (an actor, institution or zone of states).
    pub giver: String,
    /// Receiver.
    pub receiver: Option<String>,
    /// Currency.
    pub currency: String,
    /// Value in billions, when stated.
    pub value_bn: Option<f64>,
    /// How the value bounds the truth.
    pub bound: Bound,
    /// Share of the year's total, when stated or computable.
    pub share: Option<f64>,
    /// How the share bounds the truth.
    pub share_bound: Bound,
    /// Whether this is the year's total.
    pub total: bool,
    /// Where it comes from (timeline event or agreement).
    pub from: String,
    /// Source.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
}

/// A holding of territory at a date.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Holding {
    /// Date.
    #[schemars(with = "String")]
    pub date: Date,
    /// Who holds it.
    pub holder: String,
    /// Whose territory.
    pub of: String,
    /// Area held, km².
    pub held_km2: f64,
    /// Share of the total area.
    pub share: Option<f64>,
    /// Source.
    pub source: Option<String>,
}

/// A projection of how long taking the rest would last.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Projection {
    /// Who advances.
    pub holder: String,
    /// Whose territory.
    pub of: String,
    /// The basis: `measured` or `assumed share N%`.
    pub basis: String,
    /// Area, km².
    pub area_km2: f64,
    /// Held at the start, km².
    pub held_km2: f64,
    /// Remaining, km².
    pub remaining_km2: f64,
    /// Rate, km² a year.
    pub rate_km2_per_year: f64,
    /// Years to take the rest at the rate.
    pub years: f64,
    /// Date of the rate (end of the year it measures).
    #[schemars(with = "String")]
    pub rate_date: Date,
    /// Source of the rate.
    pub rate_source: Option<String>,
    /// Source of the basis.
    pub basis_source: Option<String>,
}

/// Quantities read from a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Default, schemars::JsonSchema)]
pub struct Quantities {
    /// Contributions by year, then giver.
    pub contributions: Vec<Contribution>,
    /// Territory held over time.
    pub territory: Vec<Holding>,
    /// Projections at each stated rate.
    pub projections: Vec<Projection>,
}

fn bound_of(word: Option<&str>) -> Bound {
    let w = word.unwrap_or("").to_lowercase();
    if ["lower", "over", "at least", "min", "more than"]
        .iter()
        .any(|x| w.contains(x))
    {
        Bound::AtLeast
    } else if ["ceiling", "up to", "max", "at most"]
        .iter()
        .any(|x| w.contains(x))
    {
        Bound::AtMost
    } else {
        Bound::Exact
    }
}

/// Contributions in a timeline (and, with `sc`, when the timeline records contributions, the
/// agreements' amounts that name a year as their period), with shares.
pub fn contributions(sc: Option<&Scenario>, tl: &Timeline) -> Vec<Contribution> {
    let mut out = Vec::new();
    for (i, e) in tl.events.iter().enumerate() {
        if e.kind != "contribution" {
            continue;
        }
        let giver = e
            .actor
            .clone()
            .or_else(|| e.zone.clone())
            .unwrap_or_default();
        let year = e.quantity.get("year").map_or(e.date.year(), |y| *y as i16);
        let mut value = None;
        let mut currency = String::new();
        let mut bound = Bound::Exact;
        for (k, v) in &e.quantity {
            let (cur, b) = if let Some(c) = k.strip_suffix("_bn_min") {
                (c, Bound::AtLeast)
            } else if let Some(c) = k.strip_suffix("_bn_max") {
                (c, Bound::AtMost)
            } else if let Some(c) = k.strip_suffix("_bn") {
                (c, Bound::Exact)
            } else {
                continue;
            };
            value = Some(*v);
            currency = cur.to_uppercase();
            bound = b;
        }
        let (share, share_bound) = if let Some(s) = e.quantity.get("share_min") {
            (Some(*s), Bound::AtLeast)
        } else if let Some(s) = e.quantity.get("share_max") {
            (Some(*s), Bound::AtMost)
        } else if let Some(s) = e.quantity.get("share") {
            (Some(*s), Bound::Exact)
        } else {
            (None, Bound::Exact)
        };
        out.push(Contribution {
            year,
            giver,
            receiver: e.subject.clone(),
            currency,
            value_bn: value,
            bound,
            share,
            share_bound,
            total: e.status.as_deref() == Some("total"),
            from: format!("{} event {}", tl.id, i + 1),
            source: e.source.clone(),
            note: e.note.clone(),
        });
    }
    // Agreements' amounts belong with a timeline of contributions (they are what the parties
    // promised beside what the timeline records as given).
    let of_contributions = tl.events.iter().any(|e| e.kind == "contribution");
    if let Some(sc) = sc.filter(|_| of_contributions) {
        for ag in &sc.agreements {
            for a in &ag.amounts {
                let Some(year) = a
                    .period
                    .as_deref()
                    .and_then(|p| p.get(..4))
                    .and_then(|y| y.parse::<i16>().ok())
                else {
                    continue;
                };
                out.push(Contribution {
                    year,
                    giver: a.from.clone().unwrap_or_default(),
                    receiver: a.to.clone(),
                    currency: a.currency.to_uppercase(),
                    value_bn: Some(a.value / 1e9),
                    bound: bound_of(a.qualifier.as_deref()),
                    share: None,
                    share_bound: Bound::Exact,
                    total: false,
                    from: format!("agreement {}", ag.id),
                    source: a.source.clone().or_else(|| ag.source.clone()),
                    note: a.scope.clone(),
                });
            }
        }
    }
    // Shares from exact figures; values from a stated share of a total.
    let totals: Vec<(i16, String, f64, Bound)> = out
        .iter()
        .filter(|c| c.total)
        .filter_map(|c| c.value_bn.map(|v| (c.year, c.currency.clone(), v, c.bound)))
        .collect();
    for c in out.iter_mut().filter(|c| !c.total) {
        let Some(&(_, _, t, tb)) = totals
            .iter()
            .find(|(y, cur, _, _)| *y == c.year && (cur == &c.currency || c.currency.is_empty()))
        else {
            continue;
        };
        match (c.value_bn, c.share) {
            (Some(v), None) if c.bound == Bound::Exact && tb == Bound::Exact && t > 0.0 => {
                c.share = Some(v / t);
                c.share_bound = Bound::Exact;
            }
            (None, Some(s)) => {
                // A part that is more than a share of a total that is more than T is more than s·T.
                let b = match (c.share_bound, tb) {
                    (Bound::AtLeast, Bound::AtLeast | Bound::Exact) => Some(Bound::AtLeast),
                    (Bound::Exact, b) => Some(b),
                    (Bound::AtMost, Bound::AtMost | Bound::Exact) => Some(Bound::AtMost),
                    _ => None,
                };
                if let Some(b) = b {
                    c.value_bn = Some(s * t);
                    c.bound = b;
                    if c.currency.is_empty() {
                        c.currency = totals
                            .iter()
                            .find(|x| x.0 == c.year)
                            .map(|x| x.1.clone())
                            .unwrap_or_default();
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| {
        (a.year, &a.currency, !a.total, &a.giver).cmp(&(b.year, &b.currency, !b.total, &b.giver))
    });
    out
}

/// Years to take the remaining area at a rate.
pub fn years_to_take(area_km2: f64, held_km2: f64, rate_km2_per_year: f64) -> f64 {
    (area_km2 - held_km2) / rate_km2_per_year
}

/// Territory held and projections.
pub fn territory(tl: &Timeline) -> (Vec<Holding>, Vec<Projection>) {
    let mut holdings = Vec::new();
    let mut rates = Vec::new();
    let mut assumed = Vec::new();
    let mut area: Option<f64> = None;
    for e in tl.events.iter().filter(|e| e.kind == "territory") {
        let (Some(h), Some(of)) = (&e.actor, &e.subject) else {
            continue;
        };
        if let Some(a) = e.quantity.get("area_km2") {
            area = Some(*a);
        }
        if let Some(v) = e.quantity.get("held_km2") {
            holdings.push(Holding {
                date: e.date,
                holder: h.clone(),
                of: of.clone(),
                held_km2: *v,
                share: area.map(|a| v / a),
                source: e.source.clone(),
            });
        }
        if let Some(r) = e.quantity.get("gain_km2") {
            rates.push((
                e.date,
                h.clone(),
                of.clone(),
                *r,
                e.source.clone(),
                e.note.clone(),
            ));
        }
        if let Some(s) = e.quantity.get("held_share_assumed") {
            assumed.push((e.date, h.clone(), of.clone(), *s, e.source.clone()));
        }
    }
    let mut projections = Vec::new();
    let Some(area) = area else {
        return (holdings, projections);
    };
    for (d, h, of, r, src, _) in &rates {
        if *r <= 0.0 {
            continue;
        }
        let measured = holdings
            .iter()
            .filter(|x| &x.holder == h && &x.of == of && x.date <= *d)
            .max_by_key(|x| x.date);
        if let Some(m) = measured {
            projections.push(Projection {
                holder: h.clone(),
                of: of.clone(),
                basis: format!("measured on {}", m.date),
                area_km2: area,
                held_km2: m.held_km2,
                remaining_km2: area - m.held_km2,
                rate_km2_per_year: *r,
                years: years_to_take(area, m.held_km2, *r),
                rate_date: *d,
                rate_source: src.clone(),
                basis_source: m.source.clone(),
            });
        }
        for (ad, ah, aof, s, asrc) in &assumed {
            if ah != h || aof != of || ad != d {
                continue;
            }
            let held = area * s;
            projections.push(Projection {
                holder: h.clone(),
                of: of.clone(),
                basis: format!("assumed share {}%", (s * 100.0 * 100.0).round() / 100.0),
                area_km2: area,
                held_km2: held,
                remaining_km2: area - held,
                rate_km2_per_year: *r,
                years: years_to_take(area, held, *r),
                rate_date: *d,
                rate_source: src.clone(),
                basis_source: asrc.clone(),
            });
        }
    }
    (holdings, projections)
}

/// Every quantity of a timeline.
pub fn quantities(sc: Option<&Scenario>, tl: &Timeline) -> Quantities {
    let (territory, projections) = territory(tl);
    Quantities {
        contributions: contributions(sc, tl),
        territory,
        projections,
    }
}
