//! Exact analysis by enumerating every coalition of a body of 6 to 32 members.
//!
//! Coalition S is bit S of a bitmap (member i is bit i of S). The bitmap is built in blocks of
//! 2^16 coalitions that share their high members: each comparison of the rule is evaluated from
//! the block's precomputed high-half sums plus precomputed low-half sums (no per-coalition
//! summation), each leaf becomes a block of bits, and the rule's `and`/`or`/`not` combine the
//! blocks word by word. The analysis then reads 64 coalitions per machine word: for a low member
//! i, the coalitions without i are the word shifted by 2^i; for a high member, another word. Swings
//! by coalition size use the seven masks of bit positions by popcount. Blocks and words are
//! processed in parallel; all tallies are integers, so the result does not depend on the number
//! of threads.

use rayon::prelude::*;

use crate::counts::{Counts, not_monotone};
use entente_rules::CmpOp;

use crate::game::{Expr, Game, Leaf};
use crate::{Error, Options};

/// Bit positions 0..64 whose index has bit i set.
const IN: [u64; 6] = [
    0xAAAA_AAAA_AAAA_AAAA,
    0xCCCC_CCCC_CCCC_CCCC,
    0xF0F0_F0F0_F0F0_F0F0,
    0xFF00_FF00_FF00_FF00,
    0xFFFF_0000_FFFF_0000,
    0xFFFF_FFFF_0000_0000,
];

const fn size_masks() -> [u64; 7] {
    let mut m = [0u64; 7];
    let mut b = 0;
    while b < 64 {
        m[(b as u64).count_ones() as usize] |= 1u64 << b;
        b += 1;
    }
    m
}

/// Bit positions 0..64 by the popcount of their index.
const SIZE: [u64; 7] = size_masks();

/// The win bitmap of a game: bit S is set if coalition S wins.
pub(crate) fn win_bitmap(g: &Game) -> Vec<u64> {
    let n = g.n;
    let lo_bits = n.min(16);
    let hi_bits = n - lo_bits;
    let half = |bits: usize, offset: usize| -> (Vec<usize>, Vec<Vec<f64>>) {
        let len = 1usize << bits;
        let mut count = vec![0usize; len];
        let mut sums = vec![vec![0.0f64; len]; g.attrs.len()];
        for s in 1..len {
            let low = s.trailing_zeros() as usize;
            let prev = s & (s - 1);
            count[s] = count[prev] + 1;
            for (k, v) in sums.iter_mut().enumerate() {
                v[s] = v[prev] + g.attrs[k][offset + low];
            }
        }
        (count, sums)
    };
    let (lo_count, lo_sums) = half(lo_bits, 0);
    let lo_count: Vec<u8> = lo_count.iter().map(|&c| c as u8).collect();
    let (hi_count, hi_sums) = half(hi_bits, lo_bits);
    // For count leaves: the verdict for every coalition size.
    let count_ok: Vec<Vec<bool>> = g
        .leaves
        .iter()
        .enumerate()
        .map(|(l, leaf)| match leaf {
            Leaf::Count { .. } => (0..=n).map(|c| g.leaf(l, c, &[], &|_| true)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let words_per_block = (1usize << lo_bits) / 64;
    let mut bitmap = vec![0u64; words_per_block << hi_bits];
    let ctx = BlockCtx {
        g,
        lo_bits,
        lo_count: &lo_count,
        lo_sums: &lo_sums,
        count_ok: &count_ok,
    };
    bitmap
        .par_chunks_mut(words_per_block)
        .enumerate()
        .for_each(|(hi, block)| {
            let hs: Vec<f64> = hi_sums.iter().map(|v| v[hi]).collect();
            ctx.eval(&g.expr, hi, hi_count[hi], &hs, block);
        });
    bitmap
}

struct BlockCtx<'a> {
    g: &'a Game,
    lo_bits: usize,
    lo_count: &'a [u8],
    lo_sums: &'a [Vec<f64>],
    count_ok: &'a [Vec<bool>],
}

impl BlockCtx<'_> {
    fn eval(&self, e: &Expr, hi: usize, hc: usize, hs: &[f64], out: &mut [u64]) {
        match e {
            Expr::Leaf(l) => self.leaf(*l, hi, hc, hs, out),
            Expr::Not(a) => {
                self.eval(a, hi, hc, hs, out);
                for w in out.iter_mut() {
                    *w = !*w;
                }
            }
            Expr::And(a, b) | Expr::Or(a, b) => {
                self.eval(a, hi, hc, hs, out);
                let mut tmp = vec![0u64; out.len()];
                self.eval(b, hi, hc, hs, &mut tmp);
                if matches!(e, Expr::And(..)) {
                    out.iter_mut().zip(&tmp).for_each(|(o, t)| *o &= t);
                } else {
                    out.iter_mut().zip(&tmp).for_each(|(o, t)| *o |= t);
                }
            }
        }
    }

    fn leaf(&self, l: usize, hi: usize, hc: usize, hs: &[f64], out: &mut [u64]) {
        let g = self.g;
        let len = 1usize << self.lo_bits;
        // Bodies of fewer than 64 members use the low bits of a single word.
        let valid = if len >= 64 { !0u64 } else { (1u64 << len) - 1 };
        match &g.leaves[l] {
            Leaf::Const(b) => out.iter_mut().for_each(|w| *w = if *b { !0 } else { 0 }),
            Leaf::Count { .. } => {
                let ok = &self.count_ok[l];
                let cnt = &self.lo_count[..len];
                pack(out, cnt, |c: &u8| ok[hc + *c as usize]);
            }
            Leaf::Sum {
                k,
                no,
                op,
                scale,
                rhs,
            } => {
                let sums = &self.lo_sums[*k][..len];
                let (h, total, scale, rhs) = (hs[*k], g.totals[*k], *scale, *rhs);
                // One monomorphised loop per operator and side, so the comparison vectorises.
                macro_rules! fill {
                    ($cmp:tt) => {
                        if *no {
                            pack(out, sums, |s: &f64| scale * (total - (h + s)) $cmp rhs)
                        } else {
                            pack(out, sums, |s: &f64| scale * (h + s) $cmp rhs)
                        }
                    };
                }
                match op {
                    CmpOp::Eq => fill!(==),
                    CmpOp::Ne => fill!(!=),
                    CmpOp::Ge => fill!(>=),
                    CmpOp::Le => fill!(<=),
                    CmpOp::Gt => fill!(>),
                    CmpOp::Lt => fill!(<),
                }
            }
            Leaf::Veto(ms) => {
                let mut lo_mask = 0usize;
                let mut hi_ok = true;
                for &i in ms {
                    if i < self.lo_bits {
                        lo_mask |= 1 << i;
                    } else if hi >> (i - self.lo_bits) & 1 == 0 {
                        hi_ok = false;
                    }
                }
                for (q, w) in out.iter_mut().enumerate() {
                    let mut bits = 0u64;
                    if hi_ok {
                        for b in 0..64.min(len) {
                            bits |= u64::from((q * 64 + b) & lo_mask == lo_mask) << b;
                        }
                    }
                    *w = bits;
                }
            }
        }
        out.iter_mut().for_each(|w| *w &= valid);
    }
}

/// Pack a predicate over 64 consecutive items per word (the last word may be partial).
#[inline(always)]
fn pack<T>(out: &mut [u64], items: &[T], f: impl Fn(&T) -> bool) {
    for (w, chunk) in out.iter_mut().zip(items.chunks(64)) {
        let mut bits = 0u64;
        for (b, x) in chunk.iter().enumerate() {
            bits |= u64::from(f(x)) << b;
        }
        *w = bits;
    }
}

/// Per-chunk tallies, in u64 (a chunk holds fewer than 2^32 coalitions).
#[derive(Clone)]
struct Local {
    swings: Vec<Vec<u64>>,
    wins: u64,
    mwc_by_size: Vec<u64>,
    mwc_member: Vec<Vec<u64>>,
    johnston: Vec<Vec<u64>>,
    mbc_by_size: Vec<u64>,
    mwc_list: Vec<(usize, u64)>,
    mbc_list: Vec<(usize, u64)>,
    violation: Option<(u64, usize)>,
}

impl Local {
    fn new(n: usize) -> Local {
        Local {
            swings: vec![vec![0; n + 1]; n],
            wins: 0,
            mwc_by_size: vec![0; n + 1],
            mwc_member: vec![vec![0; n + 1]; n],
            johnston: vec![vec![0; n + 1]; n],
            mbc_by_size: vec![0; n + 1],
            mwc_list: Vec::new(),
            mbc_list: Vec::new(),
            violation: None,
        }
    }
}

/// Keep the `limit` smallest (size, coalition) pairs.
pub(crate) fn keep(list: &mut Vec<(usize, u64)>, item: (usize, u64), limit: usize) {
    if list.len() < limit {
        list.push(item);
        if list.len() == limit {
            list.sort_unstable();
        }
    } else if limit > 0 && item < list[limit - 1] {
        let pos = list.partition_point(|x| *x < item);
        list.insert(pos, item);
        list.pop();
    }
}

pub(crate) fn worst(list: &[(usize, u64)], limit: usize) -> usize {
    if list.len() < limit {
        usize::MAX
    } else {
        list.last().map_or(usize::MAX, |x| x.0)
    }
}

pub(crate) fn count(g: &Game, members: &[String], opts: &Options) -> Result<Counts, Error> {
    let n = g.n;
    let w = win_bitmap(g);
    let coalitions = opts.coalitions;
    let limit = opts.list;
    let words = w.len();
    let chunk = 1usize << 12;
    let local = (0..words.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let mut t = Local::new(n);
            let (mut crit, mut nonc, mut notup) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
            for q in c * chunk..((c + 1) * chunk).min(words) {
                scan_word(
                    g, &w, q, &mut t, coalitions, limit, &mut crit, &mut nonc, &mut notup,
                );
            }
            t
        })
        .reduce(
            || Local::new(n),
            |mut a, b| {
                add(&mut a, &b, limit);
                a
            },
        );
    if let Some((s, i)) = local.violation {
        // s \ {i} wins, s loses.
        let coalition: Vec<usize> = (0..n).filter(|&j| j != i && s >> j & 1 == 1).collect();
        return Err(not_monotone(members, &coalition, i));
    }
    let mut out = Counts::new(n, coalitions);
    out.wins = local.wins.into();
    for i in 0..n {
        for s in 0..=n {
            out.swings[i][s] = local.swings[i][s].into();
        }
    }
    if let Some(cc) = out.coalitions.as_mut() {
        let to = |v: &[u64]| v.iter().map(|&x| u128::from(x)).collect::<Vec<_>>();
        cc.mwc_by_size = to(&local.mwc_by_size);
        cc.mbc_by_size = to(&local.mbc_by_size);
        cc.mwc_member = local.mwc_member.iter().map(|v| to(v)).collect();
        cc.johnston = local.johnston.iter().map(|v| to(v)).collect();
        let members_of = |s: u64| (0..n).filter(|&j| s >> j & 1 == 1).collect::<Vec<_>>();
        cc.smallest_mwc = local.mwc_list.iter().map(|&(_, s)| members_of(s)).collect();
        cc.smallest_mbc = local.mbc_list.iter().map(|&(_, s)| members_of(s)).collect();
    }
    Ok(out)
}

fn add(a: &mut Local, b: &Local, limit: usize) {
    let add_v = |x: &mut Vec<u64>, y: &Vec<u64>| x.iter_mut().zip(y).for_each(|(p, q)| *p += q);
    for (x, y) in a.swings.iter_mut().zip(&b.swings) {
        add_v(x, y);
    }
    a.wins += b.wins;
    add_v(&mut a.mwc_by_size, &b.mwc_by_size);
    add_v(&mut a.mbc_by_size, &b.mbc_by_size);
    for (x, y) in a.mwc_member.iter_mut().zip(&b.mwc_member) {
        add_v(x, y);
    }
    for (x, y) in a.johnston.iter_mut().zip(&b.johnston) {
        add_v(x, y);
    }
    for &it in &b.mwc_list {
        keep(&mut a.mwc_list, it, limit);
    }
    for &it in &b.mbc_list {
        keep(&mut a.mbc_list, it, limit);
    }
    a.mwc_list.sort_unstable();
    a.mbc_list.sort_unstable();
    a.violation = match (a.violation, b.violation) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn scan_word(
    g: &Game,
    bitmap: &[u64],
    q: usize,
    t: &mut Local,
    coalitions: bool,
    limit: usize,
    crit: &mut [u64],
    nonc: &mut [u64],
    notup: &mut [u64],
) {
    let n = g.n;
    let w = bitmap[q];
    let base = q.count_ones() as usize;
    let valid = if n >= 6 {
        !0u64
    } else {
        (1u64 << (1 << n)) - 1
    };
    if w == 0 {
        // Nothing wins here: no swing and no minimal winning coalition. Only a high member's
        // word can show non-monotonicity, and only the coalition of all six low members (bit
        // 63) can be maximal losing.
        let mut mlb = 1u64 << 63;
        for i in 6..n {
            let bit = 1 << (i - 6);
            if q & bit != 0 {
                let below = bitmap[q ^ bit];
                if below != 0 {
                    let s = (q as u64) << 6 | u64::from(below.trailing_zeros());
                    if t.violation.is_none_or(|(v, _)| s < v) {
                        t.violation = Some((s, i));
                    }
                }
            } else {
                mlb &= bitmap[q | bit];
            }
        }
        if coalitions && mlb != 0 {
            record_mlb(t, q, base, mlb, n, limit);
        }
        return;
    }
    t.wins += u64::from(w.count_ones());
    let mut any_crit = 0u64;
    for i in 0..n {
        // `inside`: coalitions containing i; `below`: win bit of the coalition without i;
        // `above`: win bit of the coalition with i added.
        let (inside, below, above) = if i < 6 {
            let sh = 1u32 << i;
            (IN[i], w << sh, w >> sh)
        } else if q >> (i - 6) & 1 == 1 {
            (!0u64, bitmap[q ^ (1 << (i - 6))], 0)
        } else {
            (0u64, 0, bitmap[q | (1 << (i - 6))])
        };
        // A coalition containing i that loses while its part without i wins: not monotone.
        let bad = inside & below & !w & valid;
        if bad != 0 {
            let b = bad.trailing_zeros() as u64;
            let s = (q as u64) << 6 | b;
            if t.violation.is_none_or(|(v, _)| s < v) {
                t.violation = Some((s, i));
            }
        }
        let c = w & inside & !below;
        crit[i] = c;
        nonc[i] = w & inside & below;
        notup[i] = !inside & !above & valid;
        any_crit |= c;
        if c != 0 {
            for (k, m) in SIZE.iter().enumerate() {
                t.swings[i][base + k] += u64::from((c & m).count_ones());
            }
        }
    }
    if !coalitions {
        return;
    }
    // Members critical somewhere in this word.
    let mut active = [0usize; 64];
    let mut na = 0;
    for i in 0..n {
        if crit[i] != 0 {
            active[na] = i;
            na += 1;
        }
    }
    let mut mwc = w;
    let mut mlb = !w & valid;
    for i in 0..n {
        mwc &= !nonc[i];
        mlb &= !notup[i];
    }
    if mwc != 0 {
        for (k, m) in SIZE.iter().enumerate() {
            let x = mwc & m;
            if x == 0 {
                continue;
            }
            t.mwc_by_size[base + k] += u64::from(x.count_ones());
            for &i in &active[..na] {
                let y = x & crit[i];
                if y != 0 {
                    t.mwc_member[i][base + k] += u64::from(y.count_ones());
                }
            }
        }
        if limit > 0 && base <= worst(&t.mwc_list, limit) {
            let mut x = mwc;
            while x != 0 {
                let b = x.trailing_zeros() as u64;
                x &= x - 1;
                let s = (q as u64) << 6 | b;
                keep(&mut t.mwc_list, (s.count_ones() as usize, s), limit);
            }
        }
    }
    if mlb != 0 {
        record_mlb(t, q, base, mlb, n, limit);
    }
    // Johnston: k(S) = number of critical members, bit-sliced over six planes.
    if any_crit != 0 {
        let mut planes = [0u64; 6];
        for &c in crit.iter() {
            let mut carry = c;
            for p in planes.iter_mut() {
                let nc = *p & carry;
                *p ^= carry;
                carry = nc;
                if carry == 0 {
                    break;
                }
            }
        }
        let mut rest = any_crit;
        while rest != 0 {
            let b = rest.trailing_zeros();
            let mut k = 0usize;
            let mut same = !0u64;
            for (p, plane) in planes.iter().enumerate() {
                if plane >> b & 1 == 1 {
                    k |= 1 << p;
                    same &= plane;
                } else {
                    same &= !plane;
                }
            }
            let e = same & any_crit;
            for &i in &active[..na] {
                let y = crit[i] & e;
                if y != 0 {
                    t.johnston[i][k] += u64::from(y.count_ones());
                }
            }
            rest &= !e;
        }
    }
}

/// Tally (and keep the smallest of) the maximal losing coalitions of word q, whose complements
/// are the minimal blocking coalitions.
fn record_mlb(t: &mut Local, q: usize, base: usize, mlb: u64, n: usize, limit: usize) {
    for (k, m) in SIZE.iter().enumerate() {
        let x = mlb & m;
        if x != 0 {
            t.mbc_by_size[n - base - k] += u64::from(x.count_ones());
        }
    }
    if limit > 0 && n - base - 6.min(n) <= worst(&t.mbc_list, limit) {
        let mut x = mlb;
        let full = if n == 64 { !0u64 } else { (1u64 << n) - 1 };
        while x != 0 {
            let b = x.trailing_zeros() as u64;
            x &= x - 1;
            let blocking = !((q as u64) << 6 | b) & full;
            keep(
                &mut t.mbc_list,
                (blocking.count_ones() as usize, blocking),
                limit,
            );
        }
    }
}
