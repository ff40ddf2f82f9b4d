//! The Bueno de Mesquita expected-utility model as specified by Scholz, Calbert & Smith (2011),
//! on one issue dimension: each actor weighs challenging every other actor (probability of
//! success from capability- and salience-weighted votes, risk attitudes inferred from how
//! exposed each actor's position is), classifies the exchange as confrontation, compromise or
//! capitulation, and takes the offer that asks it to move least; positions update together,
//! round after round. The forecast is the capability×salience-weighted mean and the weighted
//! median of positions.
//!
//! Two variants: [`EuVariant::Paper`] (the default) follows the paper; [`EuVariant::ScholzReplication`]
//! reproduces the open replications (jmckib/dmasad `bdm_scholz_model.py`) bit for bit, including
//! their two departures from the paper: the capitulation branch tests `eu_ji < |eu_ji|` and so
//! can never fire, and among compromises an actor takes the one whose weighted mid-point
//! `(|eu_ij|·x_i + |eu_ji|·x_j)/(|eu_ij|+|eu_ji|)` is smallest rather than the smallest move.

use crate::error::{Error, Result};
use crate::read::EuActor;

/// Which reading of the model to run.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EuVariant {
    /// As the paper specifies: capitulation when `eu_ji > 0 > eu_ij` and `eu_ji < |eu_ij|`;
    /// every kind of offer chosen by the smallest move.
    #[default]
    Paper,
    /// As the open Python replications behave (capitulation never fires; compromises chosen by
    /// the smallest weighted mid-point).
    ScholzReplication,
}

/// Options of a run.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct EuOptions {
    /// Number of rounds.
    pub rounds: usize,
    /// Which variant.
    pub variant: EuVariant,
    /// Probability that the status quo persists if no challenge is made (`q`, 1.0 in the
    /// replications).
    pub q: f64,
}

impl Default for EuOptions {
    fn default() -> Self {
        EuOptions {
            rounds: 10,
            variant: EuVariant::Paper,
            q: 1.0,
        }
    }
}

/// The kind of exchange an actor accepted in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OfferKind {
    /// The actor expects to lose a confrontation and moves to the challenger's position.
    Confrontation,
    /// The actor concedes part of the way.
    Compromise,
    /// The actor gives in entirely.
    Capitulation,
}

/// The move an actor made in a round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EuMove {
    /// The kind of exchange.
    pub kind: OfferKind,
    /// Index of the actor whose offer was taken.
    pub with: usize,
    /// `eu_ij`: the actor's expected utility of challenging the other.
    pub eu_ij: f64,
    /// `eu_ji`: the actor's estimate of the other's expected utility of challenging it.
    pub eu_ji: f64,
    /// The new position.
    pub position: f64,
}

/// The state after a round (turn 0: the input).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EuTurn {
    /// Every actor's position.
    pub positions: Vec<f64>,
    /// Capability×salience-weighted mean position.
    pub mean: f64,
    /// Weighted median: the position that beats every other in pairwise weighted votes.
    pub median: f64,
    /// Risk exponents `r` the actors used in the round that produced this turn (empty for turn 0).
    pub risk: Vec<f64>,
    /// Each actor's move in the round that produced this turn (empty for turn 0).
    pub moves: Vec<Option<EuMove>>,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EuRun {
    /// Turn 0 is the input, then one turn per round.
    pub turns: Vec<EuTurn>,
}

/// Check the actors and return an error naming the first problem.
pub fn check_actors(actors: &[EuActor]) -> Result<()> {
    if actors.is_empty() {
        return Err(Error::invalid("no actors: the model needs at least one"));
    }
    for a in actors {
        if !a.position.is_finite() || !a.capability.is_finite() || !a.salience.is_finite() {
            return Err(Error::invalid(format!(
                "{}: every number must be finite",
                a.name
            )));
        }
        if a.capability < 0.0 {
            return Err(Error::invalid(format!(
                "{}: capability {} is negative",
                a.name, a.capability
            )));
        }
        if !(0.0..=1.0).contains(&a.salience) {
            return Err(Error::invalid(format!(
                "{}: salience {} is outside 0–1",
                a.name, a.salience
            )));
        }
    }
    Ok(())
}

/// Working state of one run: plain vectors, reused between rounds.
struct Model<'a> {
    c: Vec<f64>,
    s: Vec<f64>,
    w: Vec<f64>,
    x: Vec<f64>,
    r: Vec<f64>,
    range: f64,
    q: f64,
    /// dpow[a*n+b] = (|x_a - x_b| / range)^r_a
    dpow: Vec<f64>,
    /// Denominator of the probability of success (sum of all absolute votes).
    all_votes: f64,
    _actors: &'a [EuActor],
}

impl<'a> Model<'a> {
    fn new(actors: &'a [EuActor], q: f64) -> Self {
        let n = actors.len();
        let x: Vec<f64> = actors.iter().map(|a| a.position).collect();
        let (lo, hi) = x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        let range = if hi > lo { hi - lo } else { 1.0 };
        let c: Vec<f64> = actors.iter().map(|a| a.capability).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.salience).collect();
        let w = c.iter().zip(&s).map(|(c, s)| c * s).collect();
        Model {
            c,
            s,
            w,
            x,
            r: vec![1.0; n],
            range,
            q,
            dpow: vec![0.0; n * n],
            all_votes: 0.0,
            _actors: actors,
        }
    }

    fn n(&self) -> usize {
        self.x.len()
    }

    /// Recompute the distance table and the vote denominator for the current `x` and `r`.
    fn prepare(&mut self) {
        let n = self.n();
        for a in 0..n {
            for b in 0..n {
                self.dpow[a * n + b] = pow((self.x[a] - self.x[b]).abs() / self.range, self.r[a]);
            }
        }
        // Σ_a Σ_b Σ_c |compare_a(x_b, x_c)|, in the replication's order.
        let mut total = 0.0;
        for a in 0..n {
            let row = &self.dpow[a * n..(a + 1) * n];
            let wa = self.c[a] * self.s[a];
            for b in 0..n {
                for cc in 0..n {
                    total += (wa * (row[cc] - row[b])).abs();
                }
            }
        }
        self.all_votes = total;
    }

    /// Probability that position of actor `i` prevails against that of actor `j`.
    fn probability(&self, i: usize, j: usize) -> f64 {
        if self.x[i] == self.x[j] {
            return 0.0;
        }
        let n = self.n();
        let mut num = 0.0;
        for a in 0..n {
            let v = self.c[a] * self.s[a] * (self.dpow[a * n + j] - self.dpow[a * n + i]);
            num += v.max(0.0);
        }
        if self.all_votes > 0.0 {
            num / self.all_votes
        } else {
            0.0
        }
    }

    /// Expected utility to `i` of challenging `j`, from the perspective of an actor with risk `r`.
    fn eu_challenge(&self, r: f64, i: usize, j: usize) -> f64 {
        let (u_success, u_failure, u_sq) = self.utilities(r, i, j);
        self.eu_from(i, j, u_success, u_failure, u_sq)
    }

    /// Utilities of success, failure and the status quo in a challenge between `i` and `j`
    /// (symmetric in `i`, `j`), for an actor with risk exponent `r`.
    fn utilities(&self, r: f64, i: usize, j: usize) -> (f64, f64, f64) {
        self.utilities_sq(r, i, j, 2.0 - 4.0 * pow(0.5, r))
    }

    /// As [`Model::utilities`], with the status-quo utility (which depends on `r` only) given.
    fn utilities_sq(&self, r: f64, i: usize, j: usize, u_sq: f64) -> (f64, f64, f64) {
        let d = (self.x[i] - self.x[j]).abs() / self.range;
        let u_success = 2.0 - 4.0 * pow(0.5 - 0.5 * d, r);
        let u_failure = 2.0 - 4.0 * pow(0.5 + 0.5 * d, r);
        (u_success, u_failure, u_sq)
    }

    fn eu_from(&self, i: usize, j: usize, u_success: f64, u_failure: f64, u_sq: f64) -> f64 {
        let p = self.probability(i, j);
        let sj = self.s[j];
        let resist = sj * (p * u_success + (1.0 - p) * u_failure);
        let not_resist = (1.0 - sj) * u_success;
        resist + not_resist - self.q * u_sq
    }

    fn update_risk(&mut self) {
        let n = self.n();
        self.r.iter_mut().for_each(|r| *r = 1.0);
        self.prepare();
        let danger: Vec<f64> = (0..n)
            .map(|a| {
                (0..n)
                    .filter(|&o| o != a)
                    .map(|o| self.eu_challenge(self.r[a], o, a))
                    .sum()
            })
            .collect();
        let max = danger.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let min = danger.iter().copied().fold(f64::INFINITY, f64::min);
        for (r, d) in self.r.iter_mut().zip(&danger) {
            let ra = if max > min {
                (2.0 * d - max - min) / (max - min)
            } else {
                0.0
            };
            *r = (1.0 - ra / 3.0) / (1.0 + ra / 3.0);
        }
    }

    fn best_offer(&self, a: usize, variant: EuVariant) -> Option<EuMove> {
        let n = self.n();
        let ra = self.r[a];
        let xa = self.x[a];
        let mut best: [Option<(f64, EuMove)>; 3] = [None, None, None];
        let u_sq = 2.0 - 4.0 * pow(0.5, ra);
        for o in 0..n {
            if self.x[o] == xa {
                continue;
            }
            let (us, uf, usq) = self.utilities_sq(ra, a, o, u_sq);
            let eu_ij = self.eu_from(a, o, us, uf, usq);
            let eu_ji = self.eu_from(o, a, us, uf, usq);
            let xo = self.x[o];
            let (kind, position) = if eu_ji > eu_ij && eu_ij > 0.0 {
                (OfferKind::Confrontation, xo)
            } else if eu_ji > 0.0 && 0.0 > eu_ij && eu_ji > eu_ij.abs() {
                (
                    OfferKind::Compromise,
                    xa + (xo - xa) * (eu_ij / eu_ji).abs(),
                )
            } else if eu_ji > 0.0
                && 0.0 > eu_ij
                && match variant {
                    // DIFFERENCE (replication): `eu_ji < abs(eu_ji)` is never true.
                    EuVariant::ScholzReplication => eu_ji < eu_ji.abs(),
                    EuVariant::Paper => eu_ji < eu_ij.abs(),
                }
            {
                (OfferKind::Capitulation, xo)
            } else {
                continue;
            };
            let key = match (kind, variant) {
                (OfferKind::Compromise, EuVariant::ScholzReplication) => {
                    (eu_ij.abs() * xa + eu_ji.abs() * xo) / (eu_ij.abs() + eu_ji.abs())
                }
                _ => (xa - position).abs(),
            };
            let slot = &mut best[kind as usize];
            if slot.as_ref().is_none_or(|(k, _)| key < *k) {
                *slot = Some((
                    key,
                    EuMove {
                        kind,
                        with: o,
                        eu_ij,
                        eu_ji,
                        position,
                    },
                ));
            }
        }
        best.into_iter().flatten().next().map(|(_, m)| m)
    }

    fn mean(&self) -> f64 {
        let num: f64 = self.w.iter().zip(&self.x).map(|(w, x)| w * x).sum();
        let den: f64 = self.w.iter().sum();
        if den > 0.0 {
            num / den
        } else {
            self.x.iter().sum::<f64>() / self.n() as f64
        }
    }

    fn median(&self) -> f64 {
        weighted_median(&self.x, &self.w, self.range)
    }
}

/// `x^r`, exact and fast for the common `r = 1` (IEEE `pow(x, 1) = x`).
#[inline]
fn pow(x: f64, r: f64) -> f64 {
    if r == 1.0 { x } else { x.powf(r) }
}

/// The replication's median: distinct positions taken in ascending order, each replacing the
/// current one if it wins the weighted pairwise vote (weights capability×salience, linear loss).
/// NaN for no positions.
pub fn weighted_median(x: &[f64], w: &[f64], range: f64) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    let mut distinct: Vec<f64> = x.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut median = distinct[0];
    for &p in &distinct[1..] {
        let votes: f64 = x
            .iter()
            .zip(w)
            .map(|(xa, wa)| wa * ((xa - median).abs() / range - (xa - p).abs() / range))
            .sum();
        if votes > 0.0 {
            median = p;
        }
    }
    median
}

/// Run the model for `opts.rounds` rounds.
pub fn run_eu(actors: &[EuActor], opts: &EuOptions) -> Result<EuRun> {
    check_actors(actors)?;
    let mut m = Model::new(actors, opts.q);
    // Grown as rounds are played: a large `rounds` must not reserve memory up front.
    let mut turns = Vec::with_capacity(opts.rounds.min(1024) + 1);
    turns.push(EuTurn {
        positions: m.x.clone(),
        mean: m.mean(),
        median: m.median(),
        risk: vec![],
        moves: vec![],
    });
    for _ in 0..opts.rounds {
        m.update_risk();
        m.prepare();
        let moves: Vec<Option<EuMove>> =
            (0..m.n()).map(|a| m.best_offer(a, opts.variant)).collect();
        for (a, mv) in moves.iter().enumerate() {
            if let Some(mv) = mv {
                m.x[a] = mv.position;
            }
        }
        turns.push(EuTurn {
            positions: m.x.clone(),
            mean: m.mean(),
            median: m.median(),
            risk: m.r.clone(),
            moves,
        });
    }
    Ok(EuRun { turns })
}

/// Spoilers (M13) of the expected-utility model: for every actor, the final weighted mean and
/// weighted median `(mean, median)` when that actor stays out and the others play `opts.rounds`
/// rounds. `None` for an actor whose absence leaves fewer than two actors.
pub fn outcomes_without(actors: &[EuActor], opts: &EuOptions) -> Result<Vec<Option<(f64, f64)>>> {
    check_actors(actors)?;
    (0..actors.len())
        .map(|i| {
            if actors.len() < 3 {
                return Ok(None);
            }
            let rest: Vec<EuActor> = actors
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, a)| a.clone())
                .collect();
            let (_, mean, median) = final_positions(&rest, opts)?;
            Ok(Some((mean, median)))
        })
        .collect()
}

/// Final positions only (no history): the fast path used by Monte Carlo and validation.
pub fn final_positions(actors: &[EuActor], opts: &EuOptions) -> Result<(Vec<f64>, f64, f64)> {
    let mut at = positions_at(actors, opts.variant, opts.q, &[opts.rounds])?;
    Ok(at.pop().unwrap_or_default())
}

/// One run of `variant` observed after each number of rounds in `checkpoints` (ascending):
/// positions, weighted mean and weighted median after that many rounds, in the order given.
/// A round depends only on the positions the previous one left, so the state after k rounds
/// of a longer run is the state of a k-round run, bit for bit: configurations that differ only
/// in their number of rounds share one run.
pub fn positions_at(
    actors: &[EuActor],
    variant: EuVariant,
    q: f64,
    checkpoints: &[usize],
) -> Result<Vec<(Vec<f64>, f64, f64)>> {
    check_actors(actors)?;
    let mut m = Model::new(actors, q);
    let mut out = Vec::with_capacity(checkpoints.len());
    let mut done = 0;
    for &k in checkpoints {
        if k < done {
            return Err(Error::invalid("checkpoints must be in ascending order"));
        }
        while done < k {
            m.update_risk();
            m.prepare();
            let moves: Vec<Option<f64>> = (0..m.n())
                .map(|a| m.best_offer(a, variant).map(|mv| mv.position))
                .collect();
            for (a, mv) in moves.into_iter().enumerate() {
                if let Some(p) = mv {
                    m.x[a] = p;
                }
            }
            done += 1;
        }
        out.push((m.x.clone(), m.mean(), m.median()));
    }
    Ok(out)
}
