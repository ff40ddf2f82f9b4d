//! How power tracks population: Penrose's square-root rule says that in a two-tier system each
//! citizen's indirect power is equal when a member's (normalised Banzhaf) power is proportional to
//! the square root of its population. [`square_root_fit`] measures how far an analysis is from
//! that ideal: the Pearson correlation of normalised Banzhaf with the square roots, and the
//! distance (half the L1 norm: the share of power that would have to move).

use crate::Analysis;

/// How an analysis compares with the square-root ideal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SquareRootFit {
    /// Pearson correlation of normalised Banzhaf with the square root of the attribute; `None`
    /// when undefined (equal power, or equal values).
    pub correlation: Option<f64>,
    /// Half the sum of |Banzhaf − ideal share|: the share of power that would have to move.
    pub distance: f64,
}

/// The fit of an analysis's normalised Banzhaf indices to the square roots of `values` (one per
/// member, negative values taken as 0). `None` when some member's Banzhaf index is unknown or
/// every value is zero.
pub fn square_root_fit(a: &Analysis, values: &[f64]) -> Option<SquareRootFit> {
    let bz: Vec<f64> = a
        .indices
        .iter()
        .map(|m| m.banzhaf.as_ref().map(|e| e.value))
        .collect::<Option<_>>()?;
    if bz.len() != values.len() || bz.is_empty() {
        return None;
    }
    let roots: Vec<f64> = values.iter().map(|v| v.max(0.0).sqrt()).collect();
    let total: f64 = roots.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    let ideal: Vec<f64> = roots.iter().map(|r| r / total).collect();
    let n = bz.len() as f64;
    let (mx, my) = (bz.iter().sum::<f64>() / n, ideal.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in bz.iter().zip(&ideal) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    // Equal power (or equal populations) leaves the correlation undefined.
    let r = if sxx > 1e-20 && syy > 1e-20 {
        Some(sxy / (sxx * syy).sqrt()).filter(|r| r.is_finite())
    } else {
        None
    };
    let d = bz
        .iter()
        .zip(&ideal)
        .map(|(x, y)| (x - y).abs())
        .sum::<f64>()
        / 2.0;
    Some(SquareRootFit {
        correlation: r,
        distance: d,
    })
}
