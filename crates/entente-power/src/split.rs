//! Exact swing counts by meet in the middle, for rules over the coalition's size and one
//! integer attribute whose total is too large for a table (the EU Council with real populations).
//!
//! For each size c the rule wins exactly from a weight τ(c) upwards (checked: the rule must be
//! non-decreasing in the weight at every size). Member i swings in a coalition T of c others
//! when w(T) ∈ [τ(c + 1) − wᵢ, τ(c)). The members are split into two halves; each half's
//! coalitions are listed by size, sorted by weight; the coalitions of the others with size c and
//! weight in a range are counted by merging two sorted lists with two pointers, for every split
//! of c between the halves. Work is about n × 2^(n/2) per member instead of 2^n.

use crate::counts::Counts;
use crate::game::{Game, Leaf};
use crate::{Error, ErrorKind};

/// Coalitions of a set of members, by size, as (weight, members bitmask) sorted by weight.
fn lists(members: &[usize], w: &[u64]) -> Vec<Vec<(u64, u64)>> {
    let k = members.len();
    let mut by_size: Vec<Vec<(u64, u64)>> = vec![Vec::new(); k + 1];
    let mut weight = vec![0u64; 1 << k];
    for s in 0..1usize << k {
        if s > 0 {
            let low = s.trailing_zeros() as usize;
            weight[s] = weight[s & (s - 1)] + w[members[low]];
        }
        let mask = members
            .iter()
            .enumerate()
            .filter(|(j, _)| s >> j & 1 == 1)
            .fold(0u64, |m, (_, &i)| m | 1 << i);
        by_size[s.count_ones() as usize].push((weight[s], mask));
    }
    for l in &mut by_size {
        l.sort_unstable();
    }
    by_size
}

/// Pairs (a, b) with a + b ≥ x; both lists ascending.
fn at_least(a: &[u64], b: &[u64], x: i128) -> u128 {
    let mut j = b.len();
    let mut n = 0u128;
    for &wa in a {
        while j > 0 && i128::from(b[j - 1]) + i128::from(wa) >= x {
            j -= 1;
        }
        n += (b.len() - j) as u128;
    }
    n
}

fn between(a: &[u64], b: &[u64], lo: i128, hi: i128) -> u128 {
    if lo >= hi || a.is_empty() || b.is_empty() {
        return 0;
    }
    at_least(a, b, lo) - at_least(a, b, hi)
}

/// τ(c) for every size: the least integer weight that wins, or `total + 1`.
pub(crate) fn thresholds(g: &Game, total: u64) -> Result<Vec<i128>, Error> {
    let wins = |c: usize, v: u64| -> bool {
        let sums = [v as f64];
        let s: &[f64] = if g.attrs.is_empty() { &[] } else { &sums };
        g.eval(&|l| g.leaf(l, c, s, &|_| true))
    };
    // The verdict can change only next to a leaf's threshold.
    let mut cand: Vec<u64> = vec![0, total];
    for leaf in &g.leaves {
        if let Leaf::Sum { no, scale, rhs, .. } = leaf {
            let x = rhs / scale;
            let x = if *no { total as f64 - x } else { x };
            for y in [x.floor() - 1.0, x.floor(), x.ceil(), x.ceil() + 1.0] {
                if y >= 0.0 && y <= total as f64 {
                    cand.push(y as u64);
                }
            }
        }
    }
    cand.sort_unstable();
    cand.dedup();
    let mut tau = Vec::with_capacity(g.n + 1);
    for c in 0..=g.n {
        let verdicts: Vec<bool> = cand.iter().map(|&v| wins(c, v)).collect();
        if verdicts.windows(2).any(|p| p[0] && !p[1]) {
            return Err(Error::new(
                ErrorKind::MethodNotApplicable,
                "the rule is not monotone in the weight; use --method enumeration",
            ));
        }
        // Binary search for the first winning weight.
        let (mut lo, mut hi) = (0u64, total + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if wins(c, mid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        tau.push(i128::from(lo));
    }
    Ok(tau)
}

pub(crate) fn count(g: &Game, w: &[u64]) -> Result<Counts, Error> {
    let n = g.n;
    let total: u64 = w.iter().sum();
    let tau = thresholds(g, total)?;
    let h = n / 2;
    let first: Vec<usize> = (0..h).collect();
    let second: Vec<usize> = (h..n).collect();
    let l1 = lists(&first, w);
    let l2 = lists(&second, w);
    let weights_of = |l: &[(u64, u64)], without: Option<usize>| -> Vec<u64> {
        l.iter()
            .filter(|(_, m)| without.is_none_or(|i| m >> i & 1 == 0))
            .map(|(x, _)| *x)
            .collect()
    };
    let full1: Vec<Vec<u64>> = l1.iter().map(|l| weights_of(l, None)).collect();
    let full2: Vec<Vec<u64>> = l2.iter().map(|l| weights_of(l, None)).collect();
    let mut out = Counts::new(n, false);
    for c in 0..=n {
        for (ca, a) in full1.iter().enumerate() {
            if c >= ca && c - ca < full2.len() {
                out.wins += between(a, &full2[c - ca], tau[c], i128::MAX);
            }
        }
    }
    for i in 0..n {
        let (own, other) = if i < h { (&l1, &full2) } else { (&l2, &full1) };
        let a: Vec<Vec<u64>> = own.iter().map(|l| weights_of(l, Some(i))).collect();
        let wi = i128::from(w[i]);
        for c in 0..n {
            let (lo, hi) = (tau[c + 1] - wi, tau[c]);
            // Coalitions that win without i and lose with it: not monotone.
            let bad_lo = tau[c];
            let bad_hi = tau[c + 1] - wi;
            for (ca, la) in a.iter().enumerate() {
                if c < ca || c - ca >= other.len() {
                    continue;
                }
                let lb = &other[c - ca];
                out.swings[i][c + 1] += between(la, lb, lo, hi);
                if between(la, lb, bad_lo, bad_hi) > 0 {
                    return Err(Error::new(
                        ErrorKind::NotMonotone,
                        format!(
                            "the rule is not monotone: some coalition of {c} members wins but loses when member {} joins it; swing-based power indices assume that joining a winning coalition never makes it lose",
                            i + 1
                        ),
                    ));
                }
            }
        }
    }
    Ok(out)
}
