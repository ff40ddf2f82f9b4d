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

/// Minimal winning and minimal blocking coalitions of a rule over size and one weight, by meet
/// in the middle, for the Holler and Deegan–Packel indices; Johnston's tallies from [`johnston`]
/// when wanted.
///
/// Members are ordered by weight, heaviest first. Because the rule wins from a weight threshold
/// at every size, a winning coalition is minimal exactly when it loses without its lightest
/// member j: it is j plus a coalition T of heavier members with w(T) ∈ [τ(c + 1) − w_j, τ(c)),
/// c = |T|. A losing coalition is maximal (its complement a minimal blocking coalition) exactly
/// when it wins with its lightest non-member l added: it holds every member lighter than l plus a
/// coalition T of heavier ones, with the same kind of range. For each j (or l) the heavier members
/// are split in two halves and the pairs in range counted with two pointers; the members of the
/// pairs are credited through per-pair counts and a difference array.
pub(crate) fn coalitions(
    g: &Game,
    w: &[u64],
    limit: usize,
    johnston_wanted: bool,
    out: &mut Counts,
) -> Result<(), Error> {
    let n = g.n;
    let total: u64 = w.iter().sum();
    let tau = thresholds(g, total)?;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| w[b].cmp(&w[a]).then(a.cmp(&b)));
    let mut mwc_by_size = vec![0u128; n + 1];
    let mut mwc_member = vec![vec![0u128; n + 1]; n];
    let mut mbc_by_size = vec![0u128; n + 1];
    let mut mwc_list: Vec<(usize, u64)> = Vec::new();
    let mut mbc_list: Vec<(usize, u64)> = Vec::new();
    let full: u64 = if n == 64 { !0 } else { (1u64 << n) - 1 };
    let mut post_weight: u64 = total;
    for p in 0..n {
        let j = order[p];
        post_weight -= w[j];
        let pre = &order[..p];
        let (xs, ys) = pre.split_at(p / 2);
        let lx = lists(xs, w);
        let ly = lists(ys, w);
        let post_count = n - 1 - p;
        let post_mask = order[p + 1..].iter().fold(0u64, |m, &i| m | 1 << i);
        for (cx, lxc) in lx.iter().enumerate() {
            for (cy, lyc) in ly.iter().enumerate() {
                let c = cx + cy;
                // Minimal winning coalitions whose lightest member is j.
                let (lo, hi) = (tau[c + 1] - i128::from(w[j]), tau[c]);
                let size = c + 1;
                let found = pairs(lxc, lyc, lo, hi, Some(&mut mwc_member[..]), size);
                if found > 0 {
                    mwc_by_size[size] += found;
                    mwc_member[j][size] += found;
                    if limit > 0 && size <= crate::bitmap::worst(&mwc_list, limit) {
                        each_pair(lxc, lyc, lo, hi, &mut |m| {
                            crate::bitmap::keep(&mut mwc_list, (size, m | 1 << j), limit);
                        });
                    }
                }
                // Maximal losing coalitions whose lightest non-member is j.
                let c = c + post_count;
                let pw = i128::from(post_weight);
                let (lo, hi) = (tau[c + 1] - i128::from(w[j]) - pw, tau[c] - pw);
                let found = pairs(lxc, lyc, lo, hi, None, 0);
                if found > 0 {
                    mbc_by_size[n - c] += found;
                    if limit > 0 && n - c <= crate::bitmap::worst(&mbc_list, limit) {
                        each_pair(lxc, lyc, lo, hi, &mut |m| {
                            let blocking = !(m | post_mask) & full;
                            crate::bitmap::keep(&mut mbc_list, (n - c, blocking), limit);
                        });
                    }
                }
            }
        }
    }
    // The empty coalition winning: it is the only minimal winning coalition.
    if tau[0] <= 0 {
        mwc_by_size[0] += 1;
        crate::bitmap::keep(&mut mwc_list, (0, 0), limit);
    }
    // The whole body losing: the empty coalition blocks.
    if tau[n] > i128::from(total) {
        mbc_by_size[0] += 1;
        crate::bitmap::keep(&mut mbc_list, (0, 0), limit);
    }
    mwc_list.sort_unstable();
    mbc_list.sort_unstable();
    let members_of = |s: u64| (0..n).filter(|&j| s >> j & 1 == 1).collect::<Vec<_>>();
    out.coalitions = Some(crate::counts::CoalitionCounts {
        mwc_by_size,
        mwc_member,
        johnston: if johnston_wanted && n <= MAX_JOHNSTON {
            johnston(w, &tau)
        } else {
            Vec::new()
        },
        johnston_known: johnston_wanted && n <= MAX_JOHNSTON,
        mbc_by_size,
        smallest_mwc: mwc_list.iter().map(|&(_, s)| members_of(s)).collect(),
        smallest_mbc: mbc_list.iter().map(|&(_, s)| members_of(s)).collect(),
    });
    Ok(())
}

/// Pairs (x, y), one from each list, with w(x) + w(y) ∈ [lo, hi); when `credit` is given, adds
/// to every member of every such pair its count at `size`.
fn pairs(
    xs: &[(u64, u64)],
    ys: &[(u64, u64)],
    lo: i128,
    hi: i128,
    credit: Option<&mut [Vec<u128>]>,
    size: usize,
) -> u128 {
    if lo >= hi || xs.is_empty() || ys.is_empty() {
        return 0;
    }
    let mut total = 0u128;
    let (mut a, mut b) = (ys.len(), ys.len());
    let mut diff = if credit.is_some() {
        vec![0i64; ys.len() + 1]
    } else {
        Vec::new()
    };
    let mut credit = credit;
    for &(wx, mx) in xs {
        let wx = i128::from(wx);
        // First y with w(y) ≥ lo − w(x), and with w(y) ≥ hi − w(x); both move left as w(x) grows.
        while a > 0 && i128::from(ys[a - 1].0) + wx >= lo {
            a -= 1;
        }
        while b > 0 && i128::from(ys[b - 1].0) + wx >= hi {
            b -= 1;
        }
        let m = (b.max(a) - a) as u128;
        if m == 0 {
            continue;
        }
        total += m;
        if let Some(cr) = credit.as_deref_mut() {
            let mut bits = mx;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                cr[i][size] += m;
            }
            diff[a] += 1;
            diff[b] -= 1;
        }
    }
    if let Some(cr) = credit {
        let mut run = 0i64;
        for (k, &(_, my)) in ys.iter().enumerate() {
            run += diff[k];
            if run > 0 {
                let mut bits = my;
                while bits != 0 {
                    let i = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    cr[i][size] += run as u128;
                }
            }
        }
    }
    total
}

/// Call `f` with the union mask of every pair in range.
fn each_pair(xs: &[(u64, u64)], ys: &[(u64, u64)], lo: i128, hi: i128, f: &mut dyn FnMut(u64)) {
    for &(wx, mx) in xs {
        let wx = i128::from(wx);
        let a = ys.partition_point(|y| i128::from(y.0) + wx < lo);
        let b = ys.partition_point(|y| i128::from(y.0) + wx < hi);
        for y in &ys[a..b.max(a)] {
            f(mx | y.1);
        }
    }
}

/// Largest body whose Johnston tallies [`johnston`] counts (its difference arrays grow as
/// n × 2^(n/2)).
pub(crate) const MAX_JOHNSTON: usize = 32;

/// Johnston's tallies (`[i][k]`: winning coalitions in which member i is critical and which
/// have k critical members) of a rule that wins from a weight τ(c) upwards at every size c,
/// without looking at every coalition.
///
/// A member i of a winning coalition S (size c, weight W) is critical when S without it loses:
/// W − wᵢ < τ(c − 1), i.e. wᵢ > W − τ(c − 1), the slack. The critical members are therefore the
/// members heavier than the slack: with the members ordered by weight, heaviest first, a prefix
/// of S. Let j be the last critical member and m the next member of S (if any): S is counted once,
/// under j, by the conditions W ≥ τ(c) and w_m ≤ W − τ(c − 1) < w_j (equal weights make the range
/// empty, as they should: they are critical together or not at all), and it has as many critical
/// members as S has members up to j.
///
/// The ordered members are split in a heavier half A and a lighter half B. When j is in B, every
/// member of S in A is critical: for each coalition of B, each choice of j in it and each size
/// of the A part, the A parts in the weight range are counted by binary search in the list of A's
/// coalitions of that size sorted by weight, and their members credited afterwards through a
/// difference array over that list. When j is in A, no member in B is critical: for each
/// coalition of A and each j in it, the B parts are counted the same way, by size, and, when j is
/// the last member of the A part (m is then the heaviest member of the B part), by size and
/// heaviest member. Work is about n² × 2^(n/2) binary searches instead of 2^n coalitions.
pub(crate) fn johnston(w: &[u64], tau: &[i128]) -> Vec<Vec<u128>> {
    let n = w.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| w[b].cmp(&w[a]).then(a.cmp(&b)));
    // Weights and thresholds are below 2^53.
    let ws: Vec<i64> = order.iter().map(|&i| w[i] as i64).collect();
    let tau: Vec<i64> = tau.iter().map(|&t| t as i64).collect();
    let h = n / 2;
    let (wa, wb) = ws.split_at(h);
    let (na, nb) = (wa.len(), wb.len());
    let sums = |x: &[i64]| -> Vec<i64> {
        let mut s = vec![0i64; 1 << x.len()];
        for m in 1..s.len() {
            s[m] = s[m & (m - 1)] + x[m.trailing_zeros() as usize];
        }
        s
    };
    let (sa, sb) = (sums(wa), sums(wb));
    // A's coalitions by size, sorted by weight: weights and masks.
    let mut a_list: Vec<Vec<(i64, u32)>> = vec![Vec::new(); na + 1];
    for (m, &x) in sa.iter().enumerate() {
        a_list[m.count_ones() as usize].push((x, m as u32));
    }
    a_list.iter_mut().for_each(|l| l.sort_unstable());
    let a_w: Vec<Vec<i64>> = a_list
        .iter()
        .map(|l| l.iter().map(|p| p.0).collect())
        .collect();
    // B's coalitions by size, and by size and heaviest member, sorted by weight.
    let mut b_w: Vec<Vec<i64>> = vec![Vec::new(); nb + 1];
    let mut b_f: Vec<Vec<Vec<i64>>> = vec![vec![Vec::new(); nb]; nb + 1];
    for (m, &x) in sb.iter().enumerate() {
        let c = m.count_ones() as usize;
        b_w[c].push(x);
        if m > 0 {
            b_f[c][m.trailing_zeros() as usize].push(x);
        }
    }
    b_w.iter_mut().for_each(|l| l.sort_unstable());
    b_f.iter_mut().flatten().for_each(|l| l.sort_unstable());
    let in_range = |l: &[i64], lo: i64, hi: i64| -> (usize, usize) {
        // Most ranges miss the list altogether.
        if lo >= hi || l.is_empty() || hi <= l[0] || lo > l[l.len() - 1] {
            return (0, 0);
        }
        let x = l.partition_point(|&v| v < lo);
        let y = x + l[x..].partition_point(|&v| v < hi);
        (x, y)
    };
    // t[p][k] by position in the order.
    let mut t = vec![vec![0u64; n + 1]; n];
    let mut mem = [0usize; 64];
    let members_of = |m: usize, mem: &mut [usize; 64]| -> usize {
        let mut c = 0;
        let mut bits = m;
        while bits != 0 {
            mem[c] = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            c += 1;
        }
        c
    };

    // j in B: every member of S in A is critical.
    // diff[ca][r]: over a_list[ca], A parts counted with k = ca + r + 1.
    let mut diff: Vec<Vec<Vec<i64>>> = a_list
        .iter()
        .map(|l| vec![vec![0i64; l.len() + 1]; nb])
        .collect();
    for (m, &wbm) in sb.iter().enumerate().skip(1) {
        let cb = members_of(m, &mut mem);
        let mem = &mem[..cb];
        for ca in 0..=na {
            let c = ca + cb;
            let d = &mut diff[ca];
            let t = &mut t;
            walk_ranges(
                &a_w[ca],
                mem,
                wb,
                tau[c - 1] - wbm,
                tau[c] - wbm,
                true,
                |r, x, y| {
                    let cnt = (y - x) as u64;
                    let k = ca + r + 1;
                    for &q in &mem[..=r] {
                        t[h + q][k] += cnt;
                    }
                    d[r][x] += 1;
                    d[r][y] -= 1;
                },
            );
        }
    }
    for ca in 1..=na {
        for r in 0..nb {
            let d = &diff[ca][r];
            let mut run = 0i64;
            for (idx, &(_, am)) in a_list[ca].iter().enumerate() {
                run += d[idx];
                if run > 0 {
                    let mut bits = am;
                    while bits != 0 {
                        let q = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        t[q][ca + r + 1] += run as u64;
                    }
                }
            }
        }
    }

    // j in A: no member of S in B is critical.
    let mut cnt = vec![0u64; na + 1];
    for (m, &wam) in sa.iter().enumerate().skip(1) {
        let ca = members_of(m, &mut mem);
        let mem = &mem[..ca];
        cnt[..ca].fill(0);
        // j followed by another member of the A part.
        for (cb, l) in b_w.iter().enumerate() {
            let c = ca + cb;
            walk_ranges(
                l,
                mem,
                wa,
                tau[c - 1] - wam,
                tau[c] - wam,
                false,
                |r, x, y| cnt[r] += (y - x) as u64,
            );
        }
        // j the last member of the A part: the B part empty, or headed by f.
        let wj = wa[mem[ca - 1]];
        if wam >= tau[ca] && wam - tau[ca - 1] < wj {
            cnt[ca - 1] += 1;
        }
        for (cb, lists) in b_f.iter().enumerate().skip(1) {
            let c = ca + cb;
            let (tc, tp) = (tau[c], tau[c - 1]);
            let hi = wj + tp - wam;
            if tc - wam >= hi {
                continue;
            }
            for (f, l) in lists.iter().enumerate() {
                let (x, y) = in_range(l, (tc - wam).max(wb[f] + tp - wam), hi);
                cnt[ca - 1] += (y - x) as u64;
            }
        }
        for r in 0..ca {
            if cnt[r] > 0 {
                for &q in &mem[..=r] {
                    t[q][r + 1] += cnt[r];
                }
            }
        }
    }
    let mut out = vec![vec![0u128; n + 1]; n];
    for (p, &i) in order.iter().enumerate() {
        out[i] = t[p].iter().map(|&x| u128::from(x)).collect();
    }
    out
}

/// For a coalition P of one half (members `mem`, weights `wh`) and a size of the other half's
/// part, the weight ranges of that part for successive choices of j in P are adjacent: [w_{r+1},
/// w_r) shifted by `base` = τ(c − 1) − w(P), cut off below at `floor` = τ(c) − w(P). They are
/// walked down the sorted list `l`, each boundary searched once; `each(r, x, y)` receives the
/// list positions [x, y) for j = mem[r] (for the last member of P only when `last`).
fn walk_ranges<F: FnMut(usize, usize, usize)>(
    l: &[i64],
    mem: &[usize],
    wh: &[i64],
    base: i64,
    floor: i64,
    last: bool,
    mut each: F,
) {
    let p = mem.len();
    let hi0 = wh[mem[0]] + base;
    // Most lists lie wholly outside the ranges.
    if l.is_empty() || floor >= hi0 || hi0 <= l[0] || floor > l[l.len() - 1] {
        return;
    }
    let mut y = l.partition_point(|&v| v < hi0);
    for r in 0..p {
        if y == 0 || (r + 1 == p && !last) {
            return;
        }
        let hi = wh[mem[r]] + base;
        if floor >= hi {
            return;
        }
        let next = if r + 1 < p {
            wh[mem[r + 1]] + base
        } else {
            i64::MIN
        };
        let lo = next.max(floor);
        let x = if lo >= hi {
            y
        } else {
            l[..y].partition_point(|&v| v < lo)
        };
        if y > x {
            each(r, x, y);
        }
        y = x;
    }
}
