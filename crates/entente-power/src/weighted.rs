//! Exact swing counts for rules over the coalition's size and one integer-valued attribute.
//!
//! Weighted majority games, double majorities and the EU's blocking-minority clause depend on a
//! coalition only through (size c, weight w). The generating function f(c, w) — how many
//! coalitions have size c and weight w — is built member by member (a 0/1 knapsack count). For
//! member i, removing it from f (g(c, w) = f(c, w) − g(c − 1, w − wᵢ), exact in integers) counts
//! the coalitions of the others; i swings in those where (c + 1, w + wᵢ) wins and (c, w) loses.
//! Work is n² × total weight, whatever n is. When the weights are large (populations), `split.rs`
//! counts the same quantities by meet in the middle instead. Vetoes and several attributes are
//! not handled here.

use crate::counts::Counts;
use crate::game::{Game, Leaf};
use crate::{Error, ErrorKind};

/// Largest n² × total weight handled.
const MAX_WORK: f64 = 3e8;

/// Integer weights of the one attribute the rule uses (all ones if it uses none), if this
/// method applies.
pub(crate) fn weights(g: &Game) -> Option<Vec<u64>> {
    if g.leaves.iter().any(|l| matches!(l, Leaf::Veto(_))) || g.attrs.len() > 1 {
        return None;
    }
    let w: Vec<u64> = match g.attrs.first() {
        None => vec![1; g.n],
        Some(v) => {
            if v.iter()
                .any(|&x| !(x >= 0.0 && x.fract() == 0.0 && x < 9e15))
            {
                return None;
            }
            v.iter().map(|&x| x as u64).collect()
        }
    };
    let total: u64 = w.iter().sum();
    (total < 1 << 52).then_some(w)
}

/// Whether the dense table is small enough.
fn dense(n: usize, total: u64) -> bool {
    let n = n as f64;
    total <= MAX_TOTAL && (n + 1.0) * (n + 1.0) * (total as f64 + 1.0) <= MAX_WORK
}

/// Largest total weight for the table (its rows are this wide).
const MAX_TOTAL: u64 = 1 << 22;

/// Whether the generating function (small total weight) or the meet-in-the-middle count (up
/// to [`MAX_SPLIT`] members) applies to this game.
pub(crate) fn applicable(g: &Game) -> bool {
    weights(g)
        .is_some_and(|w| (dense(g.n, w.iter().sum()) && g.n < MAX_COUNTED) || g.n <= MAX_SPLIT)
}

/// Bodies from this size on have more coalitions than a u128 tally holds.
const MAX_COUNTED: usize = 127;

/// Largest body counted by meet in the middle (two halves of at most 2^20 coalitions).
pub(crate) const MAX_SPLIT: usize = 40;

/// Counts small enough for u64 when the body has fewer than 64 members.
trait Num: Copy + Default + PartialEq + std::ops::AddAssign + std::ops::Sub<Output = Self> {
    const ONE: Self;
    fn wide(self) -> u128;
}
impl Num for u64 {
    const ONE: u64 = 1;
    fn wide(self) -> u128 {
        self.into()
    }
}
impl Num for u128 {
    const ONE: u128 = 1;
    fn wide(self) -> u128 {
        self
    }
}

/// Swing counts; with `list` (how many smallest coalitions to list), also the minimal winning
/// and blocking coalitions by meet in the middle, for bodies of up to [`MAX_SPLIT`] members, and
/// Johnston's tallies if `johnston`.
pub(crate) fn count(g: &Game, list: Option<usize>, johnston: bool) -> Result<Counts, Error> {
    let mut c = swings(g)?;
    if let Some(limit) = list {
        if g.n <= MAX_SPLIT {
            if let Some(w) = weights(g) {
                crate::split::coalitions(g, &w, limit, johnston, &mut c)?;
            }
        }
    }
    Ok(c)
}

fn swings(g: &Game) -> Result<Counts, Error> {
    let Some(w) = weights(g) else {
        return Err(Error::new(
            ErrorKind::MethodNotApplicable,
            "the weighted method needs a rule over the coalition's size and at most one attribute with non-negative integer values and no veto; use --method enumeration or monte-carlo",
        ));
    };
    if !dense(g.n, w.iter().sum()) {
        if g.n <= MAX_SPLIT {
            return crate::split::count(g, &w);
        }
        return Err(Error::new(
            ErrorKind::MethodNotApplicable,
            format!(
                "the weights are too large for a table and the body ({} members) too large to split in two halves of at most 2^20 coalitions; use --method monte-carlo",
                g.n
            ),
        ));
    }
    if g.n < 64 {
        run::<u64>(g, &w)
    } else if g.n < MAX_COUNTED {
        run::<u128>(g, &w)
    } else {
        Err(Error::new(
            ErrorKind::MethodNotApplicable,
            "exact counts are limited to bodies of fewer than 127 members; use --method monte-carlo",
        ))
    }
}

fn run<T: Num>(g: &Game, w: &[u64]) -> Result<Counts, Error> {
    let n = g.n;
    let total: usize = w.iter().sum::<u64>() as usize;
    // When the rule wins from a weight threshold τ(c) upwards at every size c, swings and wins
    // are sums over ranges of weights below the largest threshold, so the table can stop there;
    // otherwise every (size, weight) is evaluated.
    // A size that never wins has τ = NEVER, far above any weight, so that bounds derived from it
    // (τ − wᵢ) stay above every weight too.
    const NEVER: i128 = i128::MAX / 4;
    let tau: Option<Vec<i128>> = crate::split::thresholds(g, total as u64).ok().map(|t| {
        t.into_iter()
            .map(|x| if x > total as i128 { NEVER } else { x })
            .collect()
    });
    let width = match &tau {
        Some(t) => {
            t.iter()
                .filter(|&&x| x <= total as i128)
                .max()
                .map_or(0, |&x| x as usize)
                + 1
        }
        None => total + 1,
    };
    // f[c * width + v]: coalitions of size c and weight v.
    let mut f = vec![T::default(); (n + 1) * width];
    f[0] = T::ONE;
    for (i, &wi) in w.iter().enumerate() {
        let wi = wi as usize;
        for c in (0..=i).rev() {
            let (lo, hi) = f.split_at_mut((c + 1) * width);
            let src = &lo[c * width..(c + 1) * width];
            let dst = &mut hi[..width];
            for v in (0..width.saturating_sub(wi)).rev() {
                let x = src[v];
                if x != T::default() {
                    dst[v + wi] += x;
                }
            }
        }
    }
    let mut out = Counts::new(n, false);
    let mut h = vec![T::default(); n * width];
    let win: Vec<bool> = if tau.is_some() {
        Vec::new()
    } else {
        let no_sums: [f64; 0] = [];
        (0..=n)
            .flat_map(|c| (0..width).map(move |v| (c, v)))
            .map(|(c, v)| {
                let sums = [v as f64];
                let s: &[f64] = if g.attrs.is_empty() { &no_sums } else { &sums };
                g.eval(&|l| g.leaf(l, c, s, &|_| true))
            })
            .collect()
    };
    let clamp = |x: i128| x.clamp(0, width as i128) as usize;
    let range_sum = |row: &[T], lo: i128, hi: i128| -> u128 {
        let (lo, hi) = (clamp(lo), clamp(hi));
        if lo >= hi {
            return 0;
        }
        row[lo..hi].iter().map(|x| x.wide()).sum()
    };
    // C(n − 1, c): all coalitions of c others, for ranges open above (a size that never wins).
    let mut others = vec![1u128; n];
    for c in 1..n {
        others[c] = others[c - 1] * (n - c) as u128 / c as u128;
    }
    let count_in = |row: &[T], c: usize, lo: i128, hi: i128| -> u128 {
        if hi > NEVER / 2 {
            if lo > NEVER / 2 {
                0
            } else {
                others[c] - range_sum(row, 0, lo)
            }
        } else {
            range_sum(row, lo, hi)
        }
    };
    out.wins = match &tau {
        // Coalitions of size c weighing at least τ(c): all C(n, c) but those below it.
        Some(t) => {
            let mut binom = 1u128;
            let mut wins = 0u128;
            for c in 0..=n {
                if c > 0 {
                    binom = binom * (n - c + 1) as u128 / c as u128;
                }
                if t[c] < NEVER {
                    wins += binom - range_sum(&f[c * width..(c + 1) * width], 0, t[c]);
                }
            }
            wins
        }
        None => f
            .iter()
            .zip(&win)
            .filter(|(_, w)| **w)
            .map(|(x, _)| x.wide())
            .sum(),
    };
    for (i, &wi) in w.iter().enumerate() {
        let wi = wi as usize;
        // h: coalitions of the other members, by (size, weight), sizes 0..n-1.
        h[..width].copy_from_slice(&f[..width]);
        for c in 1..n {
            let (done, rest) = h.split_at_mut(c * width);
            let prev = &done[(c - 1) * width..];
            let row = &mut rest[..width];
            let src = &f[c * width..(c + 1) * width];
            let cut = wi.min(width);
            row[..cut].copy_from_slice(&src[..cut]);
            for v in cut..width {
                row[v] = src[v] - prev[v - wi];
            }
        }
        let not_monotone = |c: usize, v: usize| {
            Error::new(
                ErrorKind::NotMonotone,
                format!(
                    "the rule is not monotone: a coalition of {c} members with weight {v} wins but loses when member {} (weight {wi}) joins it; swing-based power indices assume that joining a winning coalition never makes it lose",
                    i + 1
                ),
            )
        };
        for c in 0..n {
            let row = &h[c * width..(c + 1) * width];
            match &tau {
                Some(t) => {
                    let wi = wi as i128;
                    out.swings[i][c + 1] += count_in(row, c, t[c + 1] - wi, t[c]);
                    if t[c + 1] - wi > t[c] && count_in(row, c, t[c], t[c + 1] - wi) > 0 {
                        let v = (clamp(t[c])..clamp(t[c + 1] - wi))
                            .find(|&v| row[v] != T::default())
                            .unwrap_or(0);
                        return Err(not_monotone(c, v));
                    }
                }
                None => {
                    for v in 0..width.saturating_sub(wi) {
                        let x = row[v];
                        if x == T::default() {
                            continue;
                        }
                        let with = win[(c + 1) * width + v + wi];
                        let without = win[c * width + v];
                        if with && !without {
                            out.swings[i][c + 1] += x.wide();
                        } else if without && !with {
                            return Err(not_monotone(c, v));
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}
