//! Monte Carlo estimates for bodies too large to enumerate.
//!
//! Penrose/Banzhaf: coalitions drawn uniformly (each member in with probability ½); member i
//! swings in a draw if the draw with i wins and the draw without i loses. Shapley–Shubik: orderings
//! drawn uniformly; the member whose arrival first makes the coalition win is pivotal. Coleman's
//! power to act is the share of winning draws. Samples come in chunks of 4096; chunk k draws from
//! ChaCha8 seeded with the user's seed on stream k, so the answer is the same whatever the number
//! of threads. Half-widths are 1.96 standard errors (normal approximation to the binomial); for
//! the normalised Banzhaf index and Coleman's prevent/initiate the denominator is treated as
//! known. Holler, Deegan–Packel and Johnston need minimal coalitions and are not estimated.
//!
//! Until ranked (the default): chunks are drawn in rounds (16 chunks, then doubling the total:
//! 32, 64, … up to the budget of `samples`), and after each round the ranking of members by
//! Banzhaf index is tested. Members no clause can tell apart (one symmetry class) are equal by
//! symmetry and ranked as one group; groups are ordered by their mean swing rate, and each
//! adjacent pair of groups is separated when the difference of their mean rates exceeds z = 1.96
//! standard errors of that difference (a paired estimate from the same draws: every chunk
//! counts, per pair of members, the draws in which both swing, so the covariance of their swings
//! is known). Sampling stops at the first round where every adjacent pair is separated, or at the
//! budget, when the pairs still tied are reported. As the rounds are fixed numbers of chunks, the
//! stopping point, like every estimate, depends on the seed only.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::game::{Game, Leaf};
use crate::{Analysis, Error, ErrorKind, Estimate, MemberPower, Method, Options};

/// Samples in one chunk: chunk k draws samples k·CHUNK … from stream k of the seed.
pub const CHUNK: u64 = 4096;

/// The integer tallies of one or more chunks of samples. Tallies add exactly and in any
/// order, so chunks drawn apart (in shards of a sweep) and added give the same estimate as one
/// pass.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    /// Samples drawn (fewer than asked when a deadline stopped the chunk).
    pub drawn: u64,
    /// Per member: draws in which the member swings.
    pub swings: Vec<u64>,
    /// Per member: orderings in which the member is pivotal.
    pub pivots: Vec<u64>,
    /// Draws whose coalition wins.
    pub wins: u64,
    /// The first sample (global index, member) that showed the rule is not monotone.
    pub violation: Option<(u64, usize)>,
    /// For every pair of members i < j (row by row: (0,1), (0,2), …, (1,2), …): draws in which
    /// both swing. Empty for bodies of more than [`MAX_PAIRS`] members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_swings: Vec<u64>,
}

/// Largest body whose pairs of members are tallied (a body of 512 has 130 816 pairs); beyond
/// it, the ranking's standard errors use bounds instead of the pairs' counts.
pub const MAX_PAIRS: usize = 512;

/// Chunks of the first round when sampling until the ranking is stable.
pub const FIRST_ROUND: u64 = 16;

/// z for the two-sided 95 % confidence of the half-widths and of the ranking's separations.
pub const Z95: f64 = 1.96;

/// Position of the pair (i, j), i < j, in [`Tally::co_swings`].
fn pair(n: usize, i: usize, j: usize) -> usize {
    i * n - i * (i + 1) / 2 + (j - i - 1)
}

/// A coalition with its size, sums and, for every veto, how many of its holders are in; updated
/// one member at a time, so a change and a test of the rule cost the same whatever the body's
/// size (a sample is linear in the number of members).
struct Coalition<'a> {
    g: &'a Game,
    /// For each member, the veto leaves whose list holds it.
    vetoes: &'a [Vec<usize>],
    yes: Vec<bool>,
    count: usize,
    sums: Vec<f64>,
    /// For each leaf (zero unless a veto): how many of its holders are in the coalition.
    holders_in: Vec<usize>,
}

impl<'a> Coalition<'a> {
    fn empty(g: &'a Game, vetoes: &'a [Vec<usize>]) -> Coalition<'a> {
        Coalition {
            g,
            vetoes,
            yes: vec![false; g.n],
            count: 0,
            sums: vec![0.0; g.attrs.len()],
            holders_in: vec![0; g.leaves.len()],
        }
    }
    fn set(&mut self, i: usize, on: bool) {
        if self.yes[i] == on {
            return;
        }
        self.yes[i] = on;
        let sign = if on { 1.0 } else { -1.0 };
        if on {
            self.count += 1;
        } else {
            self.count -= 1;
        }
        for (k, s) in self.sums.iter_mut().enumerate() {
            *s += sign * self.g.attrs[k][i];
        }
        for &l in &self.vetoes[i] {
            if on {
                self.holders_in[l] += 1;
            } else {
                self.holders_in[l] -= 1;
            }
        }
    }
    fn reset(&mut self) {
        self.yes.iter_mut().for_each(|y| *y = false);
        self.count = 0;
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.holders_in.iter_mut().for_each(|h| *h = 0);
    }
    fn wins(&self) -> bool {
        let g = self.g;
        g.eval(&|l| match &g.leaves[l] {
            Leaf::Veto(m) => self.holders_in[l] == m.len(),
            _ => g.leaf(l, self.count, &self.sums, &|_| true),
        })
    }
}

fn below(rng: &mut ChaCha8Rng, bound: u64) -> u64 {
    // Lemire's multiply-and-reject: unbiased.
    loop {
        let x = rng.next_u64();
        let m = u128::from(x) * u128::from(bound);
        let low = m as u64;
        if low >= bound.wrapping_neg() % bound {
            return (m >> 64) as u64;
        }
    }
}

/// Samples between two looks at the clock when a deadline is set.
const SAMPLES_PER_LOOK: u64 = 16;

fn chunk(
    g: &Game,
    vetoes: &[Vec<usize>],
    seed: u64,
    k: u64,
    samples: u64,
    deadline: Option<Instant>,
) -> Tally {
    let n = g.n;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(k);
    let mut t = empty_tally(n);
    let mut c = Coalition::empty(g, vetoes);
    let mut order: Vec<usize> = (0..n).collect();
    let pairs = !t.co_swings.is_empty();
    let mut swung: Vec<usize> = Vec::with_capacity(n);
    for s in 0..samples {
        if s % SAMPLES_PER_LOOK == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        t.drawn += 1;
        c.reset();
        let mut bits = 0u64;
        for i in 0..n {
            if i % 64 == 0 {
                bits = rng.next_u64();
            }
            c.set(i, bits >> (i % 64) & 1 == 1);
        }
        let w = c.wins();
        t.wins += u64::from(w);
        swung.clear();
        for i in 0..n {
            let inside = c.yes[i];
            c.set(i, !inside);
            let other = c.wins();
            c.set(i, inside);
            let (with, without) = if inside { (w, other) } else { (other, w) };
            if with && !without {
                t.swings[i] += 1;
                if pairs {
                    swung.push(i);
                }
            } else if without && !with && t.violation.is_none() {
                t.violation = Some((k * CHUNK + s, i));
            }
        }
        for (a, &i) in swung.iter().enumerate() {
            for &j in &swung[a + 1..] {
                t.co_swings[pair(n, i, j)] += 1;
            }
        }
        // A random ordering; the first arrival that makes the coalition win is pivotal.
        for j in (1..n).rev() {
            let r = below(&mut rng, j as u64 + 1) as usize;
            order.swap(j, r);
        }
        c.reset();
        if !c.wins() {
            for &i in &order {
                c.set(i, true);
                if c.wins() {
                    t.pivots[i] += 1;
                    break;
                }
            }
        }
    }
    t
}

pub(crate) fn empty_tally(n: usize) -> Tally {
    Tally {
        drawn: 0,
        swings: vec![0; n],
        pivots: vec![0; n],
        wins: 0,
        violation: None,
        co_swings: if (2..=MAX_PAIRS).contains(&n) {
            vec![0; n * (n - 1) / 2]
        } else {
            Vec::new()
        },
    }
}

pub(crate) fn add(mut a: Tally, b: Tally) -> Tally {
    a.swings
        .iter_mut()
        .zip(&b.swings)
        .for_each(|(x, y)| *x += y);
    a.pivots
        .iter_mut()
        .zip(&b.pivots)
        .for_each(|(x, y)| *x += y);
    if a.co_swings.len() == b.co_swings.len() {
        a.co_swings
            .iter_mut()
            .zip(&b.co_swings)
            .for_each(|(x, y)| *x += y);
    } else {
        // Tallies written without the pairs' counts: the ranking falls back on bounds.
        a.co_swings.clear();
    }
    a.wins += b.wins;
    a.drawn += b.drawn;
    a.violation = match (a.violation, b.violation) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    a
}

fn no_samples() -> Error {
    Error::new(
        ErrorKind::MethodNotApplicable,
        "Monte Carlo needs at least one sample; give --samples 1 or more (the default is 1000000)",
    )
}

/// The chunks `range` of the samples `opts` asks for (the last chunk may be short), each
/// tallied on its own, in chunk order. Ignores the time limit.
pub(crate) fn chunks(
    g: &Game,
    opts: &Options,
    range: std::ops::Range<u64>,
) -> Result<Vec<Tally>, Error> {
    if opts.samples == 0 {
        return Err(no_samples());
    }
    let requested = opts.samples;
    let vetoes = g.veto_lists();
    let end = range.end.min(requested.div_ceil(CHUNK));
    Ok((range.start.min(end)..end)
        .into_par_iter()
        .map(|k| {
            chunk(
                g,
                &vetoes,
                opts.seed,
                k,
                CHUNK.min(requested - k * CHUNK),
                None,
            )
        })
        .collect())
}

/// The chunks of the next round: all of them at once, or when sampling until ranked, the first
/// round and then twice the chunks drawn so far.
fn next_round(done: u64, total: u64, until_ranked: bool) -> u64 {
    if !until_ranked {
        total
    } else if done == 0 {
        FIRST_ROUND.min(total)
    } else {
        done.saturating_mul(2).min(total)
    }
}

/// Draw the chunks `range`; with a deadline, in order, a batch of one per thread at a time,
/// each stopping at the deadline, keeping the chunks done in full and then the first chunk
/// stopped early with the samples it drew (as chunk k always draws from stream k, that is exactly
/// a full run with the number of samples reported). Returns the tally and whether the deadline
/// stopped it.
fn draw(
    g: &Game,
    vetoes: &[Vec<usize>],
    opts: &Options,
    range: std::ops::Range<u64>,
    deadline: Option<Instant>,
) -> (Tally, bool) {
    let requested = opts.samples;
    let size = |k: u64| CHUNK.min(requested - k * CHUNK);
    let n = g.n;
    match deadline {
        None => (
            range
                .into_par_iter()
                .map(|k| chunk(g, vetoes, opts.seed, k, size(k), None))
                .reduce(|| empty_tally(n), add),
            false,
        ),
        Some(deadline) => {
            let batch = rayon::current_num_threads().max(1) as u64;
            let mut t = empty_tally(n);
            let mut k = range.start;
            while k < range.end {
                let to = (k + batch).min(range.end);
                let done: Vec<Tally> = (k..to)
                    .into_par_iter()
                    .map(|j| chunk(g, vetoes, opts.seed, j, size(j), Some(deadline)))
                    .collect();
                for (j, d) in (k..to).zip(done) {
                    let short = d.drawn < size(j);
                    t = add(t, d);
                    if short {
                        return (t, true);
                    }
                }
                k = to;
            }
            (t, false)
        }
    }
}

pub(crate) fn estimate(g: &Game, members: &[String], opts: &Options) -> Result<Analysis, Error> {
    if opts.samples == 0 {
        return Err(no_samples());
    }
    let total = opts.samples.div_ceil(CHUNK);
    let vetoes = g.veto_lists();
    let (class_of, _) = g.classes();
    // A limit too far away to reckon with is no limit.
    let deadline = opts
        .max_seconds
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .and_then(|d| Instant::now().checked_add(d));
    let mut t = empty_tally(g.n);
    let mut done = 0;
    let mut timed_out = false;
    while done < total {
        let to = next_round(done, total, opts.until_ranked);
        let (d, short) = draw(g, &vetoes, opts, done..to, deadline);
        t = add(t, d);
        done = to;
        if short {
            timed_out = true;
            break;
        }
        if opts.until_ranked && done < total && rank(&t, &class_of).stable {
            break;
        }
    }
    finish(t, members, &class_of, opts, timed_out)
}

/// The tallies of every chunk, in chunk order, added as [`estimate`] would have drawn them: when
/// sampling until ranked, round by round up to the first round whose ranking is stable (the
/// chunks after it are left out, so the answer is the same as one unsharded run's).
pub(crate) fn replay(
    g: &Game,
    members: &[String],
    opts: &Options,
    tallies: Vec<Tally>,
) -> Result<Analysis, Error> {
    let (class_of, _) = g.classes();
    let total = tallies.len() as u64;
    let mut t = empty_tally(g.n);
    let mut done = 0;
    let mut it = tallies.into_iter();
    while done < total {
        let to = next_round(done, total, opts.until_ranked);
        for d in it.by_ref().take((to - done) as usize) {
            t = add(t, d);
        }
        done = to;
        if opts.until_ranked && done < total && rank(&t, &class_of).stable {
            break;
        }
    }
    finish(t, members, &class_of, opts, false)
}

/// How stable the ranking of members by Banzhaf index is: groups of members equal by symmetry,
/// highest first, and between adjacent groups whether the difference is significant.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ranking {
    /// The confidence of each separation (0.95).
    pub confidence: f64,
    /// Its z (1.96).
    pub z: f64,
    /// Whether every adjacent pair of groups is separated.
    pub stable: bool,
    /// Whether sampling stopped as soon as the ranking was stable (else every sample asked for
    /// was drawn).
    pub until_ranked: bool,
    /// Whether the standard errors use the counts of draws in which both members of a pair swing
    /// (bodies of up to [`MAX_PAIRS`] members), or bounds on them (wider).
    pub paired: bool,
    /// Members by estimated Banzhaf index, highest first; the members of one group are
    /// interchangeable (no clause of the rule tells them apart), so equal by symmetry.
    pub groups: Vec<Vec<usize>>,
    /// Between group k and group k + 1.
    pub steps: Vec<RankStep>,
}

/// The difference between two adjacent groups of a ranking.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RankStep {
    /// Estimated normalised Banzhaf index of a member of the higher group minus one of the lower
    /// (group means; the normaliser treated as known).
    pub difference: f64,
    /// z standard errors of that difference.
    pub half_width: f64,
    /// Whether the difference exceeds its half-width.
    pub separated: bool,
}

/// The ranking of members by their swing counts in `t`, members of one symmetry class grouped.
pub(crate) fn rank(t: &Tally, class_of: &[usize]) -> Ranking {
    let n = t.swings.len();
    let classes = class_of.iter().copied().max().map_or(0, |c| c + 1);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (i, &c) in class_of.iter().enumerate() {
        groups[c].push(i);
    }
    let mean = |g: &[usize]| g.iter().map(|&i| t.swings[i] as f64).sum::<f64>() / g.len() as f64;
    // Highest mean first; equal means in member order (groups are listed by first member).
    groups.sort_by(|a, b| mean(b).total_cmp(&mean(a)).then(a[0].cmp(&b[0])));
    let paired = t.co_swings.len() == n * n.saturating_sub(1) / 2 && n >= 2;
    let both = |i: usize, j: usize| -> f64 {
        if i == j {
            return t.swings[i] as f64;
        }
        let (i, j) = (i.min(j), i.max(j));
        if paired {
            t.co_swings[pair(n, i, j)] as f64
        } else {
            // Bounds: at most the rarer swing when both are in one group (added), at least none
            // across groups (subtracted); so the variance is never understated.
            if class_of[i] == class_of[j] {
                t.swings[i].min(t.swings[j]) as f64
            } else {
                0.0
            }
        }
    };
    let nn = t.drawn.max(1) as f64;
    let norm: f64 = t.swings.iter().map(|&x| x as f64).sum::<f64>() / nn;
    let steps = groups
        .windows(2)
        .map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let (ka, kb) = (a.len() as f64, b.len() as f64);
            let sum = |x: &[usize], y: &[usize]| -> f64 {
                x.iter()
                    .map(|&i| y.iter().map(|&j| both(i, j)).sum::<f64>())
                    .sum()
            };
            // Per draw, Y = (swings in a)/|a| − (swings in b)/|b|; its mean and variance.
            let ey = (mean(a) - mean(b)) / nn;
            let ey2 =
                (sum(a, a) / (ka * ka) + sum(b, b) / (kb * kb) - 2.0 * sum(a, b) / (ka * kb)) / nn;
            let var = (ey2 - ey * ey).max(0.0);
            let hw = Z95 * (var / nn).sqrt();
            let separated = ey > hw;
            if norm > 0.0 {
                RankStep {
                    difference: ey / norm,
                    half_width: hw / norm,
                    separated,
                }
            } else {
                RankStep {
                    difference: 0.0,
                    half_width: 0.0,
                    separated: false,
                }
            }
        })
        .collect::<Vec<_>>();
    Ranking {
        confidence: 0.95,
        z: Z95,
        stable: steps.iter().all(|s| s.separated),
        until_ranked: false,
        paired,
        groups,
        steps,
    }
}

/// The estimate from the tallies of the samples drawn (`opts.samples` were asked for, as a
/// budget when sampling until ranked); `timed_out` when the time limit stopped the run.
pub(crate) fn finish(
    t: Tally,
    members: &[String],
    class_of: &[usize],
    opts: &Options,
    timed_out: bool,
) -> Result<Analysis, Error> {
    let n = members.len();
    let requested = opts.samples;
    let total = t.drawn;
    let partial = timed_out;
    if total == 0 {
        return Err(Error::new(
            ErrorKind::MethodNotApplicable,
            "the time limit passed before the first sample was drawn; give a longer --max-seconds",
        ));
    }
    if let Some((_, i)) = t.violation {
        return Err(Error::new(
            ErrorKind::NotMonotone,
            format!(
                "the rule is not monotone: a sampled coalition wins without {} and loses with it; swing-based power indices assume that joining a winning coalition never makes it lose",
                members[i]
            ),
        ));
    }
    let mut ranking = rank(&t, class_of);
    ranking.until_ranked = opts.until_ranked;
    let nn = total as f64;
    let prop = |x: u64| {
        let p = x as f64 / nn;
        (p, Z95 * (p * (1.0 - p) / nn).sqrt())
    };
    let est = |value: f64, hw: f64| {
        Some(Estimate {
            value,
            exact: None,
            half_width: Some(hw),
        })
    };
    let (act, act_hw) = prop(t.wins);
    let pen: Vec<(f64, f64)> = t.swings.iter().map(|&x| prop(x)).collect();
    let pen_sum: f64 = pen.iter().map(|p| p.0).sum();
    let indices = (0..n)
        .map(|i| {
            let (p, hw) = pen[i];
            let (ss, ss_hw) = prop(t.pivots[i]);
            let div = |d: f64| if d > 0.0 { est(p / d, hw / d) } else { None };
            MemberPower {
                id: members[i].clone(),
                banzhaf_raw: None,
                banzhaf: div(pen_sum),
                penrose: est(p, hw),
                shapley_shubik: est(ss, ss_hw),
                coleman_prevent: div(2.0 * act),
                coleman_initiate: div(2.0 * (1.0 - act)),
                holler: None,
                deegan_packel: None,
                johnston: None,
            }
        })
        .collect();
    Ok(Analysis {
        members: members.to_vec(),
        method: Method::MonteCarlo {
            samples: total,
            seed: opts.seed,
        },
        exact: false,
        partial,
        indices,
        coleman_act: Estimate {
            value: act,
            exact: None,
            half_width: Some(act_hw),
        },
        winning_coalitions: None,
        minimal_winning_coalitions: None,
        minimal_blocking_coalitions: None,
        smallest_minimal_winning: Vec::new(),
        smallest_minimal_blocking: Vec::new(),
        veto_players: Vec::new(),
        dummies: Vec::new(),
        notes: {
            let mut notes = vec![
                "Holler, Deegan-Packel and Johnston need minimal coalitions and are not estimated"
                    .to_string(),
            ];
            if partial {
                notes.push(format!(
                    "partial: the time limit of {} s stopped the run after {total} of {requested} samples; the estimates and half-widths are those of {total} samples",
                    opts.max_seconds.unwrap_or_default()
                ));
            }
            notes.push(ranking_note(&ranking, members, total, requested));
            notes
        },
        rounding: None,
        ranking: Some(ranking),
    })
}

/// One sentence on the ranking: stable after how many samples, or which adjacent pairs are
/// still tied.
fn ranking_note(r: &Ranking, members: &[String], drawn: u64, budget: u64) -> String {
    let name = |g: &[usize]| {
        if g.len() == 1 {
            members[g[0]].clone()
        } else {
            format!("{} (and {} equal by symmetry)", members[g[0]], g.len() - 1)
        }
    };
    if r.stable {
        format!(
            "the ranking by Banzhaf index is stable: every adjacent pair of members differs by more than {} standard errors (95%, each pair){}",
            r.z,
            if r.until_ranked && drawn < budget {
                format!(", after {drawn} of at most {budget} samples")
            } else {
                String::new()
            }
        )
    } else {
        let tied: Vec<String> = r
            .groups
            .windows(2)
            .zip(&r.steps)
            .filter(|(_, s)| !s.separated)
            .map(|(w, _)| format!("{} ~ {}", name(&w[0]), name(&w[1])))
            .collect();
        format!(
            "the ranking by Banzhaf index is not stable after {drawn} samples: {} of {} adjacent pairs are within {} standard errors (95%) of each other and remain tied: {}",
            tied.len(),
            r.steps.len(),
            r.z,
            tied.join(", ")
        )
    }
}
