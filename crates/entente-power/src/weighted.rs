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
        || rounding_plan(g).is_some()
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
/// Johnston's tallies if `johnston`; and when the weights had to be rounded to fit a table, how.
pub(crate) fn count_rounded(
    g: &Game,
    list: Option<usize>,
    johnston: bool,
) -> Result<(Counts, Option<crate::Rounding>), Error> {
    let dense_ok = weights(g).is_some_and(|w| dense(g.n, w.iter().sum()) && g.n < MAX_COUNTED);
    if !dense_ok && g.n > MAX_SPLIT {
        if let Some(r) = rounding(g) {
            return Ok(r);
        }
    }
    let mut c = swings(g)?;
    if let Some(limit) = list {
        if g.n <= MAX_SPLIT {
            if let Some(w) = weights(g) {
                crate::split::coalitions(g, &w, limit, johnston, &mut c)?;
            }
        }
    }
    Ok((c, None))
}

fn swings(g: &Game) -> Result<Counts, Error> {
    let Some(w) = weights(g) else {
        return Err(Error::new(
            ErrorKind::MethodNotApplicable,
            "the weighted method needs a rule over the coalition's size and at most one attribute with non-negative integer values and no veto; use --method enumeration or monte-carlo",
        ));
    };
    if !dense(g.n, w.iter().sum()) {
        if let Some(p) = plan(g, &w).filter(|p| fits(p, g.n)) {
            return Ok(run_rows(&w, &p, None).0);
        }
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

/// Entries (rows × weights) the row-limited table may hold: two tables of this many counts.
const MAX_CELLS: usize = 1 << 24;

/// How the row-limited generating function ([`run_rows`]) will count a game: over the
/// coalitions themselves or over their complements (the blocking coalitions of the dual game,
/// which give the same swings), whichever needs the smaller table.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Counting blocking coalitions (the dual game) rather than winning ones.
    dual: bool,
    /// First winning (or, dual, blocking) weight at each size; `NEVER` when none.
    tau: Vec<i128>,
    /// Sizes 0..rows are tabulated: at every larger size the verdict no longer depends on weight.
    rows: usize,
    /// Weights 0..width are tabulated.
    width: usize,
}

impl Plan {
    fn cells(&self) -> usize {
        self.rows.saturating_mul(self.width)
    }
}

/// A size that never wins (or never blocks): far above any weight, so that bounds derived
/// from it stay above every weight too.
const NEVER: i128 = i128::MAX / 4;

/// The thresholds of a game whose verdict at each size is "weight at least τ(c)" with τ never
/// rising as the coalition grows (every rule of sizes and one attribute built from `>=`/`>`
/// comparisons of yes-quantities and `<`/`<=` of no-quantities), then the cheaper of the game
/// and its dual. `None` when the rule has another shape.
pub(crate) fn plan(g: &Game, w: &[u64]) -> Option<Plan> {
    let total: u64 = w.iter().sum();
    let t: Vec<i128> = crate::split::thresholds(g, total)
        .ok()?
        .into_iter()
        .map(|x| if x > i128::from(total) { NEVER } else { x })
        .collect();
    if t.windows(2).any(|p| p[1] > p[0]) {
        return None;
    }
    let n = g.n;
    let make = |dual: bool, tau: Vec<i128>| {
        // The largest size at which some weight still loses.
        let top = (0..=n).rev().find(|&c| tau[c] >= 1).unwrap_or(0);
        let width = tau
            .iter()
            .filter(|&&x| x < NEVER)
            .max()
            .map_or(0, |&x| x as usize)
            + 1;
        Plan {
            dual,
            tau,
            rows: top + 1,
            width,
        }
    };
    // A set D of m members blocks when the others lose: (n − m, T − v) loses, i.e. v > T − τ(n − m).
    let total = i128::from(total);
    let blocking: Vec<i128> = (0..=n)
        .map(|m| match t[n - m] {
            NEVER => 0,
            0 => NEVER,
            x => total - x + 1,
        })
        .collect();
    let (a, b) = (make(false, t), make(true, blocking));
    Some(if b.cells() < a.cells() { b } else { a })
}

/// Whether [`run_rows`] fits the memory budget for this plan.
pub(crate) fn fits(p: &Plan, n: usize) -> bool {
    p.cells() <= MAX_CELLS && n < MAX_COUNTED
}

/// Swing counts by a generating function tabulated only at the sizes where weight decides
/// (see [`Plan`]). With `margin`, also counts the coalitions whose weight lies within `margin`
/// of a threshold (those whose verdict a rounding of the weights by at most `margin` in total
/// could change).
pub(crate) fn run_rows(w: &[u64], p: &Plan, margin: Option<u64>) -> (Counts, u128) {
    if w.len() < 64 {
        rows_with::<u64>(w, p, margin)
    } else {
        rows_with::<u128>(w, p, margin)
    }
}

fn rows_with<T: Num>(w: &[u64], p: &Plan, margin: Option<u64>) -> (Counts, u128) {
    let n = w.len();
    let (rows, width, t) = (p.rows, p.width, &p.tau);
    let mut f = vec![T::default(); rows * width];
    f[0] = T::ONE;
    for (i, &wi) in w.iter().enumerate() {
        let wi = wi as usize;
        if rows < 2 {
            break;
        }
        for c in (0..=i.min(rows - 2)).rev() {
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
    let clamp = |x: i128| x.clamp(0, width as i128) as usize;
    let range_sum = |row: &[T], lo: i128, hi: i128| -> u128 {
        let (lo, hi) = (clamp(lo), clamp(hi));
        if lo >= hi {
            return 0;
        }
        row[lo..hi].iter().map(|x| x.wide()).sum()
    };
    let mut others = vec![1u128; n.max(1)];
    for c in 1..n {
        others[c] = others[c - 1] * (n - c) as u128 / c as u128;
    }
    let mut out = Counts::new(n, false);
    let mut binom = 1u128;
    let mut uncertain = 0u128;
    for c in 0..=n {
        if c > 0 {
            binom = binom * (n - c + 1) as u128 / c as u128;
        }
        if t[c] < NEVER {
            let below = if t[c] > 0 {
                range_sum(&f[c * width..(c + 1) * width], 0, t[c])
            } else {
                0
            };
            out.wins += binom - below;
        }
        if let Some(m) = margin {
            if t[c] > 0 && t[c] < NEVER && c < rows {
                let m = i128::from(m);
                uncertain += range_sum(&f[c * width..(c + 1) * width], t[c] - m - 1, t[c] + m + 1);
            }
        }
    }
    let hrows = rows.min(n);
    let mut h = vec![T::default(); hrows * width];
    for (i, &wi) in w.iter().enumerate() {
        let wu = wi as usize;
        if hrows > 0 {
            h[..width].copy_from_slice(&f[..width]);
        }
        for c in 1..hrows {
            let (done, rest) = h.split_at_mut(c * width);
            let prev = &done[(c - 1) * width..];
            let row = &mut rest[..width];
            let src = &f[c * width..(c + 1) * width];
            let cut = wu.min(width);
            row[..cut].copy_from_slice(&src[..cut]);
            for v in cut..width {
                row[v] = src[v] - prev[v - wu];
            }
        }
        for c in 0..hrows {
            let row = &h[c * width..(c + 1) * width];
            let (lo, hi) = (t[c + 1] - i128::from(wi), t[c]);
            let k = if hi > NEVER / 2 {
                if lo > NEVER / 2 {
                    0
                } else {
                    others[c] - range_sum(row, 0, lo)
                }
            } else {
                range_sum(row, lo, hi)
            };
            out.swings[i][c + 1] += k;
        }
    }
    if p.dual {
        // A blocking set D (size m) that i turns blocking is the complement of a coalition
        // (size n − m − 1) that i turns winning, which has n − m members with i.
        let mut primal = Counts::new(n, false);
        for i in 0..n {
            for m in 0..n {
                primal.swings[i][n - m] = out.swings[i][m + 1];
            }
        }
        primal.wins = (1u128 << n) - out.wins;
        return (primal, uncertain);
    }
    (out, uncertain)
}

/// Units tried, smallest first, when values must be rounded to whole multiples of a unit.
const UNITS: [f64; 7] = [1.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/// For a body too large to split whose one attribute is too fine for a table (populations in
/// persons), the swings of the same rule with the attribute rounded to the smallest power-of-ten
/// unit (a thousand or more) that fits, and what the rounding may have changed: each member's
/// value moves by at most half a unit, so a coalition's sum moves by at most the sum of those
/// moves, and only coalitions whose rounded sum lies that close to a threshold can have
/// another verdict with the unrounded values. `None` when the rule is not over sizes and one
/// attribute with thresholds, or when even the coarsest unit does not fit.
fn rounding(g: &Game) -> Option<(Counts, Option<crate::Rounding>)> {
    let (unit, w, p, moved) = rounding_plan(g)?;
    let margin = moved.ceil() as u64;
    let (c, uncertain) = run_rows(&w, &p, (unit > 1.0).then_some(margin));
    if unit == 1.0 {
        return Some((c, None));
    }
    let v = &g.attrs[0];
    let all = 2f64.powi(g.n as i32);
    Some((
        c,
        Some(crate::Rounding {
            unit,
            largest_change: v
                .iter()
                .zip(&w)
                .map(|(&x, &y)| (x - y as f64 * unit).abs())
                .fold(0.0, f64::max),
            total_change: moved * unit,
            uncertain_coalitions: uncertain,
            uncertain_share: uncertain as f64 / all,
        }),
    ))
}

/// The unit, rounded weights, plan and total rounding (in units) [`rounding`] would use.
fn rounding_plan(g: &Game) -> Option<(f64, Vec<u64>, Plan, f64)> {
    if g.attrs.len() != 1
        || g.n <= MAX_SPLIT
        || g.n >= MAX_COUNTED
        || g.leaves.iter().any(|l| matches!(l, Leaf::Veto(_)))
    {
        return None;
    }
    let v = &g.attrs[0];
    if v.iter().any(|&x| !(x >= 0.0 && x.is_finite())) {
        return None;
    }
    for unit in UNITS {
        if unit == 1.0 && v.iter().any(|&x| x.fract() != 0.0) {
            continue;
        }
        let r: Vec<f64> = v.iter().map(|&x| (x / unit).round()).collect();
        if r.iter().sum::<f64>() >= (1u64 << 52) as f64 {
            continue;
        }
        let moved: f64 = v.iter().zip(&r).map(|(&x, &y)| (x / unit - y).abs()).sum();
        let mut h = g.clone();
        h.attrs = vec![r.clone()];
        h.totals = vec![r.iter().sum()];
        for l in &mut h.leaves {
            if let Leaf::Sum { rhs, .. } = l {
                *rhs /= unit;
            }
        }
        let w: Vec<u64> = r.iter().map(|&x| x as u64).collect();
        if let Some(p) = plan(&h, &w).filter(|p| fits(p, h.n)) {
            return Some((unit, w, p, moved));
        }
    }
    None
}
