//! Bargaining solutions picked among the frontier points (M11): Nash, Kalai–Smorodinsky (the
//! proper definition and GENIUS's variant, named as such), utilitarian and egalitarian
//! (leximin). Each is attained on the Pareto frontier, so picking among frontier points is exact.
//!
//! Ties are broken by the smallest package index (the frontier is sorted by index and a later
//! point replaces the incumbent only when strictly better).

use serde::Serialize;

use crate::frontier::Point;
use crate::model::Model;

/// Which point counts as "no agreement" for the solutions. Peer tools differ here: GENIUS uses
/// the reservation values, NegMAS max(minimum utility, reserved value), textbooks often zero.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Disagreement {
    /// Each party's no-deal value.
    #[default]
    NoDeal,
    /// Each party's reservation value.
    Reservation,
    /// Zero for every party.
    Zero,
}

impl Disagreement {
    /// The point itself.
    pub fn point(self, model: &Model) -> Vec<f64> {
        match self {
            Disagreement::NoDeal => model.no_deal.clone(),
            Disagreement::Reservation => model.reservation.clone(),
            Disagreement::Zero => vec![0.0; model.k],
        }
    }
}

/// The solutions on one frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct Solutions {
    /// The disagreement point used.
    pub disagreement: Vec<f64>,
    /// Each party's best utility over the acceptable packages.
    pub ideal: Vec<f64>,
    /// Nash: maximises the product of gains over the disagreement point, among packages where
    /// every gain is positive.
    pub nash: Option<Point>,
    /// Kalai–Smorodinsky: maximises the smallest normalised gain `(u − d) / (ideal − d)` (the
    /// point of the frontier furthest along the line from the disagreement point to the ideal
    /// point); ties by leximin of the normalised gains.
    pub kalai_smorodinsky: Option<Point>,
    /// GENIUS's "Kalai–Smorodinsky": the frontier point minimising `Σ_{i<j} |u_i − u_j|` on raw
    /// utilities (an egalitarian rule, not the proper KS).
    pub kalai_smorodinsky_genius: Option<Point>,
    /// Utilitarian: maximises the sum of utilities.
    pub utilitarian: Option<Point>,
    /// Egalitarian: leximin of the gains over the disagreement point.
    pub egalitarian: Option<Point>,
}

fn sorted(mut xs: Vec<f64>) -> Vec<f64> {
    xs.sort_by(f64::total_cmp);
    xs
}

fn lex_greater(a: &[f64], b: &[f64]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x > y {
            return true;
        }
        if x < y {
            return false;
        }
    }
    false
}

/// Each party's best utility among `points`.
pub fn ideal(points: &[Point], k: usize) -> Vec<f64> {
    let mut out = vec![f64::NEG_INFINITY; k];
    for pt in points {
        for (o, u) in out.iter_mut().zip(&pt.utilities) {
            *o = o.max(*u);
        }
    }
    out
}

/// The Nash point among `points` for disagreement point `d`.
pub fn nash(points: &[Point], d: &[f64]) -> Option<Point> {
    let mut best: Option<(f64, &Point)> = None;
    for pt in points {
        if pt.utilities.iter().zip(d).any(|(u, d)| u <= d) {
            continue;
        }
        let prod: f64 = pt.utilities.iter().zip(d).map(|(u, d)| u - d).product();
        if best.is_none_or(|(b, _)| prod > b) {
            best = Some((prod, pt));
        }
    }
    best.map(|(_, p)| p.clone())
}

/// The Kalai–Smorodinsky point among `points` for disagreement `d` and ideal point `ideal`.
/// Parties whose ideal equals their disagreement value are left out of the minimum.
pub fn kalai_smorodinsky(points: &[Point], d: &[f64], ideal: &[f64]) -> Option<Point> {
    let mut best: Option<(Vec<f64>, &Point)> = None;
    for pt in points {
        if pt.utilities.iter().zip(d).any(|(u, d)| u < d) {
            continue;
        }
        let norm: Vec<f64> = pt
            .utilities
            .iter()
            .zip(d)
            .zip(ideal)
            .filter(|((_, d), i)| *i > *d)
            .map(|((u, d), i)| (u - d) / (i - d))
            .collect();
        let key = sorted(norm);
        if best.as_ref().is_none_or(|(b, _)| lex_greater(&key, b)) {
            best = Some((key, pt));
        }
    }
    best.map(|(_, p)| p.clone())
}

/// GENIUS's variant: the point minimising `Σ_{i<j} |u_i − u_j|`.
pub fn kalai_smorodinsky_genius(points: &[Point]) -> Option<Point> {
    let mut best: Option<(f64, &Point)> = None;
    for pt in points {
        let u = &pt.utilities;
        let mut asym = 0.0;
        for i in 0..u.len() {
            for j in i + 1..u.len() {
                asym += (u[i] - u[j]).abs();
            }
        }
        if best.is_none_or(|(b, _)| asym < b) {
            best = Some((asym, pt));
        }
    }
    best.map(|(_, p)| p.clone())
}

/// The point with the largest sum of utilities.
pub fn utilitarian(points: &[Point]) -> Option<Point> {
    let mut best: Option<(f64, &Point)> = None;
    for pt in points {
        let s: f64 = pt.utilities.iter().sum();
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, pt));
        }
    }
    best.map(|(_, p)| p.clone())
}

/// The leximin point of the gains over `d`.
pub fn egalitarian(points: &[Point], d: &[f64]) -> Option<Point> {
    let mut best: Option<(Vec<f64>, &Point)> = None;
    for pt in points {
        let key = sorted(pt.utilities.iter().zip(d).map(|(u, d)| u - d).collect());
        if best.as_ref().is_none_or(|(b, _)| lex_greater(&key, b)) {
            best = Some((key, pt));
        }
    }
    best.map(|(_, p)| p.clone())
}

/// All solutions on a frontier (its points sorted by index).
pub fn solve(points: &[Point], k: usize, d: &[f64]) -> Solutions {
    let ideal = ideal(points, k);
    Solutions {
        disagreement: d.to_vec(),
        nash: nash(points, d),
        kalai_smorodinsky: kalai_smorodinsky(points, d, &ideal),
        kalai_smorodinsky_genius: kalai_smorodinsky_genius(points),
        utilitarian: utilitarian(points),
        egalitarian: egalitarian(points, d),
        ideal,
    }
}
