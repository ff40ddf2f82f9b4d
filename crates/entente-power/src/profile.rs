//! Exact analysis over profiles of symmetry classes.
//!
//! Members that no clause of the rule can tell apart (same attribute values, same veto lists) are
//! interchangeable. A profile says how many members of each class vote yes; the coalitions with
//! profile x number Π C(n_t, x_t), and those containing one given member of class t number
//! C(n_t − 1, x_t − 1) Π_{u≠t} C(n_u, x_u). Every profile is evaluated once; swings, minimal
//! winning and blocking coalitions and Johnston's critical counts are tallied with these
//! multiplicities. With all members distinct this is plain enumeration of the 2^n coalitions;
//! with a few classes (the UN Security Council has two, a consensus body one) it is tiny.

use crate::counts::{Counts, not_monotone};
use crate::game::{Game, Leaf};
use crate::{Error, Options};

/// Number of profiles, if it fits.
pub(crate) fn profile_count(classes: &[Vec<usize>]) -> Option<u128> {
    classes
        .iter()
        .try_fold(1u128, |p, c| p.checked_mul(c.len() as u128 + 1))
}

fn binomials(n: usize) -> Vec<u128> {
    let mut row = vec![1u128; n + 1];
    for k in 1..=n {
        // C(n, k) = C(n, k-1) * (n - k + 1) / k, exact at every step.
        row[k] = row[k - 1] * (n - k + 1) as u128 / k as u128;
    }
    row
}

pub(crate) fn count(
    g: &Game,
    classes: &[Vec<usize>],
    members: &[String],
    opts: &Options,
) -> Result<Counts, Error> {
    let n = g.n;
    let m = classes.len();
    let size: Vec<usize> = classes.iter().map(Vec::len).collect();
    let mut stride = vec![1usize; m + 1];
    for t in 0..m {
        stride[t + 1] = stride[t] * (size[t] + 1);
    }
    let p_total = stride[m];
    let kk = g.attrs.len();
    let w: Vec<Vec<f64>> = classes
        .iter()
        .map(|c| (0..kk).map(|k| g.attrs[k][c[0]]).collect())
        .collect();
    let mut class_of = vec![0usize; n];
    for (t, c) in classes.iter().enumerate() {
        for &i in c {
            class_of[i] = t;
        }
    }
    // Veto leaves as lists of classes that must be complete.
    let veto_classes: Vec<Vec<usize>> = g
        .leaves
        .iter()
        .map(|l| match l {
            Leaf::Veto(ms) => {
                let mut v: Vec<usize> = ms.iter().map(|&i| class_of[i]).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
            _ => Vec::new(),
        })
        .collect();

    // Win table over profiles.
    let mut win = vec![false; p_total];
    let mut x = vec![0usize; m];
    let mut sums = vec![0.0f64; kk];
    for (p, slot) in win.iter_mut().enumerate() {
        let c: usize = x.iter().sum();
        for (k, s) in sums.iter_mut().enumerate() {
            *s = (0..m).map(|t| x[t] as f64 * w[t][k]).sum();
        }
        *slot = g.eval(&|l| match &g.leaves[l] {
            Leaf::Veto(_) => veto_classes[l].iter().all(|&t| x[t] == size[t]),
            _ => g.leaf(l, c, &sums, &|_| true),
        });
        if p + 1 < p_total {
            increment(&mut x, &size);
        }
    }

    let binom: Vec<Vec<u128>> = size.iter().map(|&s| binomials(s)).collect();
    let binom_less: Vec<Vec<u128>> = size
        .iter()
        .map(|&s| binomials(s.saturating_sub(1)))
        .collect();
    let mut out = Counts::new(n, opts.coalitions);
    let mut mwc_profiles: Vec<(usize, usize)> = Vec::new();
    let mut mbc_profiles: Vec<(usize, usize)> = Vec::new();
    let mut x = vec![0usize; m];
    let mut crit = vec![false; m];
    for p in 0..p_total {
        if p > 0 {
            increment(&mut x, &size);
        }
        let s: usize = x.iter().sum();
        let mult: u128 = (0..m).map(|t| binom[t][x[t]]).product();
        // Coalitions with this profile containing one given member of class t.
        let with = |t: usize| mult / binom[t][x[t]] * binom_less[t][x[t] - 1];
        if win[p] {
            out.wins += mult;
            for t in 0..m {
                if x[t] < size[t] && !win[p + stride[t]] {
                    let coalition = expand(&x, classes, 1).pop().unwrap_or_default();
                    return Err(not_monotone(members, &coalition, classes[t][x[t]]));
                }
            }
            let mut k = 0usize;
            let mut minimal = true;
            for t in 0..m {
                crit[t] = x[t] > 0 && !win[p - stride[t]];
                if x[t] > 0 {
                    if crit[t] {
                        k += x[t];
                    } else {
                        minimal = false;
                    }
                }
            }
            for t in 0..m {
                if crit[t] {
                    let c = with(t);
                    for &i in &classes[t] {
                        out.swings[i][s] += c;
                    }
                }
            }
            if let Some(cc) = out.coalitions.as_mut() {
                for t in 0..m {
                    if crit[t] {
                        let c = with(t);
                        for &i in &classes[t] {
                            cc.johnston[i][k] += c;
                            if minimal {
                                cc.mwc_member[i][s] += c;
                            }
                        }
                    }
                }
                if minimal {
                    cc.mwc_by_size[s] += mult;
                    mwc_profiles.push((s, p));
                }
            }
        } else if let Some(cc) = out.coalitions.as_mut() {
            // Maximal losing coalition: its complement is a minimal blocking coalition.
            if (0..m).all(|t| x[t] == size[t] || win[p + stride[t]]) {
                cc.mbc_by_size[n - s] += mult;
                mbc_profiles.push((n - s, p));
            }
        }
    }
    if let Some(cc) = out.coalitions.as_mut() {
        cc.smallest_mwc = smallest(&mwc_profiles, &size, classes, opts.list, false);
        cc.smallest_mbc = smallest(&mbc_profiles, &size, classes, opts.list, true);
    }
    Ok(out)
}

fn increment(x: &mut [usize], size: &[usize]) {
    for t in 0..x.len() {
        if x[t] < size[t] {
            x[t] += 1;
            return;
        }
        x[t] = 0;
    }
}

fn decode(mut p: usize, size: &[usize]) -> Vec<usize> {
    size.iter()
        .map(|&s| {
            let v = p % (s + 1);
            p /= s + 1;
            v
        })
        .collect()
}

/// The first `limit` coalitions of the smallest sizes among these profiles.
fn smallest(
    found: &[(usize, usize)],
    size: &[usize],
    classes: &[Vec<usize>],
    limit: usize,
    complement: bool,
) -> Vec<Vec<usize>> {
    let mut found = found.to_vec();
    found.sort_unstable();
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut i = 0;
    while i < found.len() && out.len() < limit {
        let s = found[i].0;
        let mut batch = Vec::new();
        while i < found.len() && found[i].0 == s {
            let mut x = decode(found[i].1, size);
            if complement {
                for (v, &n) in x.iter_mut().zip(size) {
                    *v = n - *v;
                }
            }
            batch.extend(expand(&x, classes, limit));
            i += 1;
        }
        batch.sort_unstable();
        out.extend(batch.into_iter().take(limit - out.len()));
    }
    out
}

/// Up to `limit` concrete coalitions with profile `x` (the first members of each class first).
pub(crate) fn expand(x: &[usize], classes: &[Vec<usize>], limit: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for (t, &k) in x.iter().enumerate() {
        let combos = combinations(&classes[t], k, limit);
        let mut next = Vec::new();
        'outer: for base in &out {
            for c in &combos {
                let mut v = base.clone();
                v.extend_from_slice(c);
                next.push(v);
                if next.len() >= limit {
                    break 'outer;
                }
            }
        }
        out = next;
    }
    for v in &mut out {
        v.sort_unstable();
    }
    out
}

fn combinations(items: &[usize], k: usize, limit: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut idx: Vec<usize> = (0..k).collect();
    if k > items.len() {
        return out;
    }
    loop {
        out.push(idx.iter().map(|&i| items[i]).collect());
        if out.len() >= limit {
            return out;
        }
        // Next combination in lexicographic order.
        let mut j = k;
        loop {
            if j == 0 {
                return out;
            }
            j -= 1;
            if idx[j] < items.len() - k + j {
                idx[j] += 1;
                for l in j + 1..k {
                    idx[l] = idx[l - 1] + 1;
                }
                break;
            }
        }
    }
}
