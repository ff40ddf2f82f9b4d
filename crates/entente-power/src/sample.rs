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
        for i in 0..n {
            let inside = c.yes[i];
            c.set(i, !inside);
            let other = c.wins();
            c.set(i, inside);
            let (with, without) = if inside { (w, other) } else { (other, w) };
            if with && !without {
                t.swings[i] += 1;
            } else if without && !with && t.violation.is_none() {
                t.violation = Some((k * CHUNK + s, i));
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

pub(crate) fn estimate(g: &Game, members: &[String], opts: &Options) -> Result<Analysis, Error> {
    let n = g.n;
    if opts.samples == 0 {
        return Err(no_samples());
    }
    let requested = opts.samples;
    let chunks = requested.div_ceil(CHUNK);
    let vetoes = g.veto_lists();
    let size = |k: u64| CHUNK.min(requested - k * CHUNK);
    // A limit too far away to reckon with is no limit.
    let deadline = opts
        .max_seconds
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .and_then(|d| Instant::now().checked_add(d));
    let t = match deadline {
        None => (0..chunks)
            .into_par_iter()
            .map(|k| chunk(g, &vetoes, opts.seed, k, size(k), None))
            .reduce(|| empty_tally(n), add),
        // With a time limit, chunks run in order, a batch of one per thread at a time, each
        // stopping at the deadline. The answer keeps the chunks done in full and then the first
        // chunk stopped early, with the samples it drew: as chunk k always draws from stream k,
        // that is exactly a full run with the number of samples reported.
        Some(deadline) => {
            let batch = rayon::current_num_threads().max(1) as u64;
            let mut t = empty_tally(n);
            let mut k = 0;
            'run: while k < chunks {
                let to = (k + batch).min(chunks);
                let done: Vec<Tally> = (k..to)
                    .into_par_iter()
                    .map(|j| chunk(g, &vetoes, opts.seed, j, size(j), Some(deadline)))
                    .collect();
                for (j, d) in (k..to).zip(done) {
                    let short = d.drawn < size(j);
                    t = add(t, d);
                    if short {
                        break 'run;
                    }
                }
                k = to;
            }
            t
        }
    };
    finish(t, members, opts)
}

/// The estimate from the tallies of the samples drawn (`opts.samples` were asked for).
pub(crate) fn finish(t: Tally, members: &[String], opts: &Options) -> Result<Analysis, Error> {
    let n = members.len();
    let requested = opts.samples;
    let total = t.drawn;
    let partial = total < requested;
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
    let nn = total as f64;
    let prop = |x: u64| {
        let p = x as f64 / nn;
        (p, 1.96 * (p * (1.0 - p) / nn).sqrt())
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
            notes
        },
        rounding: None,
    })
}
