//! The egame12 crisis game with agent error and a probit link (Signorino 2003; the R package
//! `games`, Kenkel & Signorino, function `egame12`): player 1 keeps the status quo (`u11`) or
//! challenges; challenged, player 2 gives in (player 1 gets `u13`, player 2 gets 0) or fights
//! (`u14` for player 1, `u24` for player 2). Each player's choice carries a normal error on each
//! action, so the difference has standard deviation √2: player 2 fights with `p4 = Φ(u24/√2)`;
//! player 1 challenges with `p2 = Φ((p3·u13 + p4·u14 − u11)/√2)`, `p3 = 1 − p4`. The outcome
//! probabilities are status quo `1 − p2`, capitulation `p2·p3`, war `p2·p4`.

use schemars::JsonSchema;
use serde::Serialize;

/// The standard normal distribution function, to about 1e-15 (Hart's algorithm 5666, in the
/// double-precision form published by West 2005, "Better approximations to cumulative normal
/// functions", Wilmott Magazine).
pub fn phi(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let z = x.abs();
    let c = if z > 37.0 {
        0.0
    } else {
        let e = (-z * z / 2.0).exp();
        if z < 7.071_067_811_865_47 {
            let mut n = 3.526_249_659_989_11e-2 * z + 0.700_383_064_443_688;
            n = n * z + 6.373_962_203_531_65;
            n = n * z + 33.912_866_078_383;
            n = n * z + 112.079_291_497_871;
            n = n * z + 221.213_596_169_931;
            n = n * z + 220.206_867_912_376;
            let mut d = 8.838_834_764_831_84e-2 * z + 1.755_667_163_182_64;
            d = d * z + 16.064_177_579_207;
            d = d * z + 86.780_732_202_946_1;
            d = d * z + 296.564_248_779_674;
            d = d * z + 637.333_633_378_831;
            d = d * z + 793.826_512_519_948;
            d = d * z + 440.413_735_824_752;
            e * n / d
        } else {
            let mut b = z + 0.65;
            b = z + 4.0 / b;
            b = z + 3.0 / b;
            b = z + 2.0 / b;
            b = z + 1.0 / b;
            e / b / 2.506_628_274_631
        }
    };
    if x > 0.0 { 1.0 - c } else { c }
}

/// The four utilities of one dyad.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Utilities {
    /// Player 1's status quo.
    pub u11: f64,
    /// Player 1's utility when player 2 gives in.
    pub u13: f64,
    /// Player 1's war.
    pub u14: f64,
    /// Player 2's war (its capitulation is 0).
    pub u24: f64,
}

/// The action and outcome probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Outcome {
    /// Player 1 challenges (`p2` in `games`).
    pub challenge: f64,
    /// Player 2 fights when challenged (`p4`).
    pub fight: f64,
    /// Status quo.
    pub status_quo: f64,
    /// Capitulation.
    pub capitulation: f64,
    /// War.
    pub war: f64,
}

/// The agent-error probit probabilities of `games::egame12`.
pub fn agent_probit(u: Utilities) -> Outcome {
    let s = std::f64::consts::SQRT_2;
    let p4 = phi(u.u24 / s);
    let p3 = 1.0 - p4;
    let p2 = phi((p3 * u.u13 + p4 * u.u14 - u.u11) / s);
    Outcome {
        challenge: p2,
        fight: p4,
        status_quo: 1.0 - p2,
        capitulation: p2 * p3,
        war: p2 * p4,
    }
}
