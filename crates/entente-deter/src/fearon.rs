//! Fearon's risk–return bargain (Fearon 1995, "Rationalist Explanations for War", International
//! Organization 49(3), the section on private information and incentives to misrepresent): a
//! challenger who wins a war with probability `p` at cost `c_a` makes a take-it-or-leave-it
//! demand `x` of a target whose cost of war is private, uniform on `[0, c̄]`. The target accepts
//! when `1 − x ≥ 1 − p − c_t`. The interior optimum is `x* = p + (c̄ − c_a)/2` and the chance of
//! war `½ − c_a/(2c̄)`. Two corners break the closed form: when `c_a ≥ c̄` the challenger demands
//! exactly `p` and war never happens; when `x* > 1` the demand is capped at everything (`x = 1`)
//! and war happens with probability `(1 − p)/c̄`.

use schemars::JsonSchema;
use serde::Serialize;

/// Which case of the bargain applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Corner {
    /// The closed form holds.
    Interior,
    /// The challenger's cost is at least the target's highest cost: it demands `p`, no war.
    CostlyWar,
    /// The closed form asks for more than everything: the demand is 1.
    DemandCapped,
}

/// The bargain's solution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Bargain {
    /// The challenger's chance of winning a war.
    pub p: f64,
    /// The optimal demand.
    pub x_star: f64,
    /// The probability of war.
    pub p_war: f64,
    /// Which case applies.
    pub corner: Corner,
}

/// Solve the bargain; `None` when an input is outside its domain (p outside [0, 1], a negative
/// cost, a target cost bound that is not positive, or a number that is not finite).
pub fn bargain(p: f64, c_a: f64, c_bar: f64) -> Option<Bargain> {
    if !(p.is_finite() && c_a.is_finite() && c_bar.is_finite()) {
        return None;
    }
    if !(0.0..=1.0).contains(&p) || c_a < 0.0 || c_bar <= 0.0 {
        return None;
    }
    if c_a >= c_bar {
        return Some(Bargain {
            p,
            x_star: p,
            p_war: 0.0,
            corner: Corner::CostlyWar,
        });
    }
    let x = p + (c_bar - c_a) / 2.0;
    if x > 1.0 {
        return Some(Bargain {
            p,
            x_star: 1.0,
            p_war: ((1.0 - p) / c_bar).clamp(0.0, 1.0),
            corner: Corner::DemandCapped,
        });
    }
    Some(Bargain {
        p,
        x_star: x,
        p_war: 0.5 - c_a / (2.0 * c_bar),
        corner: Corner::Interior,
    })
}
