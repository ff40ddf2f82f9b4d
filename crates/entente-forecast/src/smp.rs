//! KTAB's spatial model of politics (SMP), turn by turn, as `smpc` runs it: actors hold vector
//! positions on `[0,1]^m` (KTAB's 0–100 inputs divided by 100) with a salience per dimension
//! and a scalar capability. Each turn: (1) utilities from salience-weighted Euclidean distances;
//! (2) risk attitudes inferred from each position's probability of winning a probabilistic
//! Condorcet election (`BigRRange`), and each actor's estimate of the others' attitudes
//! (`BigRAdjust`); (3) every actor picks the challenge with the highest expected gain, where the
//! probability of winning counts the coalition third parties would join
//! (`ThirdPartyCommit`, `VotingRule`); (4) the two sides' positions are interpolated into a
//! bargain (`InterVecBrgn`, `BargnModel`); (5) each actor votes over the bargains that involve
//! it and the state moves to the most probable one (`PCEModel`, `VictoryProbModel`,
//! `StateTransitions`). The run stops when a turn moves positions by less than 2% of the first
//! turn's movement (after at least 2 turns) or after 100 turns. Option names and defaults are
//! KTAB's.
//!
//! The arithmetic follows KTAB's order of operations (including its four-decimal rounding of
//! bargains) so that trajectories match KTAB's to the last printed digit. Where KTAB's threads
//! make the order of the bargains an actor votes over depend on timing, entente fixes it: the
//! status quo first, then bargains by initiator index (this matters only for exact ties).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha20Rng;

use crate::error::{Error, Result};
use crate::read::SpatialActor;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $v),+ }
        impl $name {
            /// Every variant, in KTAB's order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// KTAB's name for the variant.
            pub fn name(self) -> &'static str { match self { $($name::$v => $s),+ } }
            /// Parse KTAB's name (case-insensitive).
            pub fn from_name(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.name().eq_ignore_ascii_case(s))
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.name()) }
        }
    };
}

named_enum!(
    /// How the strengths of two coalitions become a probability of victory (`VictoryProbModel`).
    VictoryProbModel {
        /// p = s1/(s1+s2).
        Linear = "Linear",
        /// Squares of strengths.
        Square = "Square",
        /// Fourth powers.
        Quartic = "Quartic",
        /// Eighth powers.
        Octic = "Octic",
        /// Certain victory from a 10% advantage, linear in between.
        Binary = "Binary",
    }
);
named_enum!(
    /// How an actor's vote depends on its difference in utility (`VotingRule`).
    VotingRule {
        /// Sign only (with a tiny linear ramp).
        Binary = "Binary",
        /// 80% proportional, 20% binary.
        PropBin = "PropBin",
        /// Proportional to the difference (KTAB's default).
        Prop = "Prop",
        /// Half proportional, half cubic.
        PropCbc = "PropCbc",
        /// Cubic in the difference.
        Cubic = "Cubic",
        /// Gains count two thirds as much as losses.
        ASymProsp = "ASymProsp",
    }
);
named_enum!(
    /// How pairwise victory probabilities become the probability of each option (`PCEModel`).
    PceModel {
        /// Probability of beating every alternative, conditioned on one doing so.
        Conditional = "Conditional",
        /// Markov chain with challenges proportional to incentive.
        MarkovIncentive = "MarkovIncentive",
        /// Markov chain with uniform challenges.
        MarkovUniform = "MarkovUniform",
    }
);
named_enum!(
    /// How the next state is chosen among the bargains (`StateTransitions`).
    StateTransitions {
        /// The most probable bargain.
        Deterministic = "Deterministic",
        /// A bargain drawn with its probability (seeded).
        Stochastic = "Stochastic",
    }
);
named_enum!(
    /// Range of inferred risk attitudes (`BigRRange`).
    BigRRange {
        /// [0, 1].
        Min = "Min",
        /// [-0.5, 1].
        Mid = "Mid",
        /// [-1, 1].
        Max = "Max",
    }
);
named_enum!(
    /// How much an actor's estimate of another's risk attitude leans on the truth (`BigRAdjust`).
    BigRAdjust {
        /// Projects its own attitude.
        None = "None",
        /// One third the other's, two thirds its own.
        OneThird = "OneThird",
        /// Half and half.
        Half = "Half",
        /// Two thirds the other's.
        TwoThirds = "TwoThirds",
        /// The other's true attitude.
        Full = "Full",
    }
);
named_enum!(
    /// How committed a third party is to the side it joins (`ThirdPartyCommit`).
    ThirdPartyCommit {
        /// Not committed.
        NoCommit = "NoCommit",
        /// Partly committed (KTAB's default).
        SemiCommit = "SemiCommit",
        /// Fully committed.
        FullCommit = "FullCommit",
    }
);
named_enum!(
    /// How two positions are interpolated into a bargain (`InterVecBrgn`).
    InterVecBrgn {
        /// Weights salience × probability.
        S1P1 = "S1P1",
        /// Weights salience² × probability² (KTAB's default).
        S2P2 = "S2P2",
        /// Moves by the probability advantage, weighted by squared saliences.
        S2PMax = "S2PMax",
    }
);
named_enum!(
    /// Whose view of the contest shapes the bargain (`BargnModel`).
    BargnModel {
        /// The initiator's estimate only (KTAB's default).
        InitOnlyInterp = "InitOnlyInterp",
        /// Both the initiator's and the receiver's, as two bargains.
        InitRcvrInterp = "InitRcvrInterp",
        /// A power-weighted compromise of the two.
        PWCompInterp = "PWCompInterp",
    }
);

/// The model's options, with KTAB's names and defaults.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct SmpOptions {
    /// `VictoryProbModel` (default Linear).
    pub victory_prob_model: VictoryProbModel,
    /// `VotingRule` (default Prop).
    pub voting_rule: VotingRule,
    /// `PCEModel` (default Conditional).
    pub pce_model: PceModel,
    /// `StateTransitions` (default Deterministic).
    pub state_transitions: StateTransitions,
    /// `BigRRange` (default Mid).
    pub big_r_range: BigRRange,
    /// `BigRAdjust` (default OneThird).
    pub big_r_adjust: BigRAdjust,
    /// `ThirdPartyCommit` (default SemiCommit).
    pub third_party_commit: ThirdPartyCommit,
    /// `InterVecBrgn` (default S2P2).
    pub inter_vec_brgn: InterVecBrgn,
    /// `BargnModel` (default InitOnlyInterp).
    pub bargn_model: BargnModel,
    /// Minimum number of turns before the quiet test applies (KTAB: 2).
    pub min_turns: usize,
    /// Maximum number of turns (KTAB: 100).
    pub max_turns: usize,
    /// Stop when a turn moves positions by less than this share of the first turn's movement
    /// (KTAB: 0.02).
    pub min_delta_ratio: f64,
    /// Seed for stochastic state transitions.
    pub seed: u64,
}

impl Default for SmpOptions {
    fn default() -> Self {
        SmpOptions {
            victory_prob_model: VictoryProbModel::Linear,
            voting_rule: VotingRule::Prop,
            pce_model: PceModel::Conditional,
            state_transitions: StateTransitions::Deterministic,
            big_r_range: BigRRange::Mid,
            big_r_adjust: BigRAdjust::OneThird,
            third_party_commit: ThirdPartyCommit::SemiCommit,
            inter_vec_brgn: InterVecBrgn::S2P2,
            bargn_model: BargnModel::InitOnlyInterp,
            min_turns: 2,
            max_turns: 100,
            min_delta_ratio: 0.02,
            seed: 0,
        }
    }
}

/// One state of a run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SmpTurn {
    /// Every actor's position, one number per dimension, on the input's 0–100 scale.
    pub positions: Vec<Vec<f64>>,
    /// Probability that each actor's position wins (KTAB's "prob :" history): the probability
    /// of the distinct position the actor holds, from a probabilistic Condorcet election among
    /// distinct positions, each actor using its own risk attitude.
    pub win_probability: Vec<f64>,
    /// Inferred risk attitude of each actor (KTAB's `nra`).
    pub risk: Vec<f64>,
    /// Whom each actor challenged from this state (None: no challenge worth making; empty for
    /// the last state).
    pub targets: Vec<Option<usize>>,
}

/// A whole run: turn 0 is the input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SmpRun {
    /// The states.
    pub turns: Vec<SmpTurn>,
}

/// The fixed data of a problem, on KTAB's internal scale.
#[derive(Debug, Clone)]
pub struct Spatial {
    n: usize,
    nd: usize,
    cap: Vec<f64>,
    /// sal[i*nd + k], 0–1
    sal: Vec<f64>,
    /// Σ_k sal[i,k]
    sal_sum: Vec<f64>,
    opts: SmpOptions,
    /// KTAB's ideal-accommodation matrix a[i*n+j] (None: identity, ideals = positions).
    accommodation: Option<Vec<f64>>,
}

/// Utilities of one state.
struct StateUtil {
    /// vdiff[i*n+j]: salience-weighted distance from i's ideal to j's position.
    vdiff: Vec<f64>,
    /// Every actor's ideal point (its position unless ideals lag, see accommodation).
    ideals: Vec<f64>,
    /// Risk attitudes.
    nra: Vec<f64>,
}

struct Bargain {
    init: usize,
    rcvr: usize,
    pos_init: Vec<f64>,
    pos_rcvr: Vec<f64>,
}

const MIN_C: f64 = 1e-8;

fn bs_util(sd: f64, r: f64) -> f64 {
    if sd <= 1.0 {
        (1.0 - sd) * (1.0 + sd * r)
    } else {
        (1.0 - sd) * (1.0 + r)
    }
}

fn vote(vr: VotingRule, w: f64, uij: f64, uik: f64) -> f64 {
    let du = uij - uik;
    let r_bin = (du / 1e-8).clamp(-1.0, 1.0);
    match vr {
        VotingRule::Binary => w * r_bin,
        VotingRule::PropBin => w * ((1.0 - 0.2) * du + 0.2 * r_bin),
        VotingRule::Prop => w * du,
        VotingRule::PropCbc => w * ((1.0 - 0.5) * du + 0.5 * (du * du * du)),
        VotingRule::Cubic => w * (du * du * du),
        VotingRule::ASymProsp => {
            if du < 0.0 {
                w * du
            } else if du > 0.0 {
                (2.0 * w * du) / 3.0
            } else {
                0.0
            }
        }
    }
}

fn v_prob(vpm: VictoryProbModel, s1: f64, s2: f64) -> (f64, f64) {
    let (x1, x2) = match vpm {
        VictoryProbModel::Linear => (s1, s2),
        VictoryProbModel::Square => (s1 * s1, s2 * s2),
        VictoryProbModel::Quartic => {
            let (a, b) = (s1 * s1, s2 * s2);
            (a * a, b * b)
        }
        VictoryProbModel::Octic => {
            let (a, b) = (s1 * s1, s2 * s2);
            let (a, b) = (a * a, b * b);
            (a * a, b * b)
        }
        VictoryProbModel::Binary => {
            let thresh = 1.10;
            if s1 >= thresh * s2 {
                (1.0, 1e-6)
            } else if s2 >= thresh * s1 {
                (1e-6, 1.0)
            } else {
                let r12 = s1 / (s1 + s2);
                let p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0);
                (p12, 1.0 - p12)
            }
        }
    };
    (x1 / (x1 + x2), x2 / (x1 + x2))
}

/// Coalition strengths c[i*m+j] for option i against j, given votes v(k, i, j).
fn coalitions(m: usize, n_act: usize, v: impl Fn(usize, usize, usize) -> f64) -> Vec<f64> {
    let mut c = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..i {
            let (mut cij, mut cji) = (MIN_C, MIN_C);
            for k in 0..n_act {
                let x = v(k, i, j);
                if x > 0.0 {
                    cij += x;
                }
                if x < 0.0 {
                    cji -= x;
                }
            }
            c[i * m + j] = cij;
            c[j * m + i] = cji;
        }
        c[i * m + i] = MIN_C;
    }
    c
}

fn victory_matrix(vpm: VictoryProbModel, c: &[f64], m: usize) -> Vec<f64> {
    let mut p = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..i {
            let (p1, p2) = v_prob(vpm, c[i * m + j], c[j * m + i]);
            p[i * m + j] = p1;
            p[j * m + i] = p2;
        }
        p[i * m + i] = 0.5;
    }
    p
}

/// Probability of each option from coalition strengths (KTAB's `Model::probCE2`).
fn prob_ce(pcm: PceModel, vpm: VictoryProbModel, c: &[f64], m: usize) -> Vec<f64> {
    let pv = victory_matrix(vpm, c, m);
    match pcm {
        PceModel::Conditional => {
            let mut p: Vec<f64> = (0..m)
                .map(|i| (0..m).fold(1.0, |acc, j| acc * pv[i * m + j]))
                .collect();
            let total: f64 = p.iter().sum();
            p.iter_mut().for_each(|x| *x /= total);
            p
        }
        PceModel::MarkovUniform => {
            let mut p = vec![1.0 / m as f64; m];
            let mut q = p.clone();
            let mut change = 1.0;
            let mut iter = 0;
            while 1e-6 < change && iter < 1000 {
                change = 0.0;
                for i in 0..m {
                    let mut pi = 0.0;
                    for j in 0..m {
                        pi += pv[i * m + j] * (p[i] + p[j]);
                    }
                    q[i] = pi / m as f64;
                    change = f64::max((q[i] - p[i]).abs(), change);
                }
                for i in 0..m {
                    p[i] = (p[i] + q[i]) / 2.0;
                }
                iter += 1;
            }
            p
        }
        PceModel::MarkovIncentive => {
            let inctv: Vec<f64> = (0..m * m)
                .map(|ij| {
                    let (i, j) = (ij / m, ij % m);
                    let v = c[ij] * pv[ij];
                    if i == j { v + 1e-10 } else { v }
                })
                .collect();
            let col_sum: Vec<f64> = (0..m)
                .map(|j| (0..m).fold(0.0, |s, k| s + inctv[k * m + j]))
                .collect();
            let chlg = |i: usize, j: usize| inctv[i * m + j] / col_sum[j];
            let mut p = vec![1.0 / m as f64; m];
            let mut q = p.clone();
            let mut change = 1.0;
            let mut iter = 0;
            let mut ct = vec![0.0; m * m];
            while 1e-8 < change && iter < 1000 {
                for i in 0..m {
                    for j in 0..m {
                        ct[i * m + j] = p[i] * chlg(j, i);
                    }
                }
                change = 0.0;
                for i in 0..m {
                    let mut qi = 0.0;
                    for j in 0..m {
                        qi += pv[i * m + j] * (ct[i * m + j] + ct[j * m + i]);
                    }
                    q[i] = qi;
                    change = f64::max((q[i] - p[i]).abs(), change);
                }
                for i in 0..m {
                    p[i] = (p[i] + q[i]) / 2.0;
                }
                iter += 1;
            }
            p
        }
    }
}

fn round4(x: f64) -> f64 {
    (0.5 + x * 10000.0).trunc() / 10000.0
}

impl Spatial {
    /// Build the problem from actors on KTAB's 0–100 scale.
    pub fn new(actors: &[SpatialActor], opts: SmpOptions) -> Result<Self> {
        let n = actors.len();
        if n == 0 {
            return Err(Error::invalid(
                "no actors: the spatial model needs at least one",
            ));
        }
        let nd = actors[0].position.len();
        if nd == 0 {
            return Err(Error::invalid(
                "no dimensions: give every actor at least one position",
            ));
        }
        let mut sal = Vec::with_capacity(n * nd);
        for a in actors {
            if a.position.len() != nd || a.salience.len() != nd {
                return Err(Error::invalid(format!(
                    "{}: {} positions and {} saliences, but the problem has {nd} dimensions",
                    a.name,
                    a.position.len(),
                    a.salience.len()
                )));
            }
            if !(a.capability > 0.0 && a.capability.is_finite()) {
                return Err(Error::invalid(format!(
                    "{}: capability {} must be positive",
                    a.name, a.capability
                )));
            }
            let mut total = 0.0;
            for (&p, &s) in a.position.iter().zip(&a.salience) {
                if !(0.0..=100.0).contains(&p) || !(0.0..=100.0).contains(&s) {
                    return Err(Error::invalid(format!(
                        "{}: positions and saliences must lie in 0–100 (found {p}, {s})",
                        a.name
                    )));
                }
                total += s;
            }
            if total <= 0.0 || total > 100.0 + 1e-9 {
                return Err(Error::invalid(format!(
                    "{}: saliences sum to {total}; they must be above 0 and at most 100",
                    a.name
                )));
            }
            sal.extend(a.salience.iter().map(|s| s / 100.0));
        }
        let sal_sum = (0..n)
            .map(|i| sal[i * nd..(i + 1) * nd].iter().fold(0.0, |s, x| s + x))
            .collect();
        Ok(Spatial {
            n,
            nd,
            cap: actors.iter().map(|a| a.capability).collect(),
            sal,
            sal_sum,
            opts,
            accommodation: None,
        })
    }

    /// Let ideals lag behind positions, as KTAB's XML `IdealAdjustment` does: start from the
    /// identity matrix and set `a[i][j] = adjust` for every `(i, j, adjust)`; after each turn
    /// actor i's ideal becomes `Σ_j a[i][j]·position_j + (1 − Σ_j a[i][j])·old ideal`.
    pub fn with_accommodation(mut self, pairs: &[(usize, usize, f64)]) -> Result<Self> {
        let n = self.n;
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            a[i * n + i] = 1.0;
        }
        for &(i, j, v) in pairs {
            if i >= n || j >= n || !(0.0..=1.0).contains(&v) {
                return Err(Error::invalid(format!(
                    "ideal adjustment ({i}, {j}) = {v}: actors must exist and the rate lie in 0-1"
                )));
            }
            a[i * n + j] = v;
        }
        for i in 0..n {
            let row: f64 = a[i * n..(i + 1) * n].iter().sum();
            if row > 1.0 + 1e-10 {
                return Err(Error::invalid(format!(
                    "ideal adjustment of actor {i}: rates sum to {row}, more than 1"
                )));
            }
        }
        let identity = (0..n * n).all(|ij| a[ij] == if ij / n == ij % n { 1.0 } else { 0.0 });
        self.accommodation = (!identity).then_some(a);
        Ok(self)
    }

    /// New ideals after positions moved to `x` (KTAB's `SMPState::newIdeals`).
    fn new_ideals(&self, x: &[f64], old: &[f64]) -> Vec<f64> {
        let Some(a) = &self.accommodation else {
            return x.to_vec();
        };
        let (n, nd) = (self.n, self.nd);
        let mut out = vec![0.0; n * nd];
        for i in 0..n {
            let mut si = 0.0;
            let mut ip = vec![0.0; nd];
            for j in 0..n {
                let aij = a[i * n + j];
                si += aij;
                for k in 0..nd {
                    ip[k] += aij * x[j * nd + k];
                }
            }
            let lag = 1.0 - if si > 1.0 { 1.0 } else { si };
            for k in 0..nd {
                out[i * nd + k] = ip[k] + lag * old[i * nd + k];
            }
        }
        out
    }

    /// The initial positions on the internal 0–1 scale.
    pub fn initial_positions(actors: &[SpatialActor]) -> Vec<f64> {
        actors
            .iter()
            .flat_map(|a| a.position.iter().map(|p| p / 100.0))
            .collect()
    }

    fn bv_diff(&self, i: usize, a: &[f64], b: &[f64]) -> f64 {
        let s = &self.sal[i * self.nd..(i + 1) * self.nd];
        let (mut ds_sqr, mut ss_sqr) = (0.0, 0.0);
        for k in 0..self.nd {
            let ds = (a[k] - b[k]) * s[k];
            ds_sqr += ds * ds;
            ss_sqr += s[k] * s[k];
        }
        (ds_sqr / ss_sqr).sqrt()
    }

    fn pos<'p>(&self, x: &'p [f64], i: usize) -> &'p [f64] {
        &x[i * self.nd..(i + 1) * self.nd]
    }

    fn est_nra(&self, rh: f64, ri: f64) -> f64 {
        match self.opts.big_r_adjust {
            BigRAdjust::Full => ri,
            BigRAdjust::TwoThirds => (rh + 2.0 * ri) / 3.0,
            BigRAdjust::Half => (rh + ri) / 2.0,
            BigRAdjust::OneThird => (2.0 * rh + ri) / 3.0,
            BigRAdjust::None => rh,
        }
    }

    fn state_util(&self, x: &[f64], ideals: Vec<f64>) -> StateUtil {
        let n = self.n;
        let mut vdiff = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                vdiff[i * n + j] = self.bv_diff(i, self.pos(&ideals, i), self.pos(x, j));
            }
        }
        let vr = self.opts.voting_rule;
        let c = coalitions(n, n, |k, i, j| {
            vote(
                vr,
                self.cap[k],
                bs_util(vdiff[k * n + i], 0.0),
                bs_util(vdiff[k * n + j], 0.0),
            )
        });
        let p = prob_ce(self.opts.pce_model, self.opts.victory_prob_model, &c, n);
        let (mut p_min, mut p_max) = (1.0f64, 0.0f64);
        for &pi in &p {
            p_min = if pi < p_min { pi } else { p_min };
            p_max = if pi > p_max { pi } else { p_max };
        }
        let nra = p
            .iter()
            .map(|&pi| {
                // DIFFERENCE: KTAB divides by zero (and refuses the input) when every position
                // is equally likely; entente treats every actor as risk-neutral then.
                if p_max - p_min <= 0.0 {
                    return 0.0;
                }
                match self.opts.big_r_range {
                    BigRRange::Min => (pi - p_min) / (p_max - p_min),
                    BigRRange::Mid => (3.0 * pi - (p_max + 2.0 * p_min)) / (2.0 * (p_max - p_min)),
                    BigRRange::Max => (2.0 * pi - (p_max + p_min)) / (p_max - p_min),
                }
            })
            .collect();
        StateUtil { vdiff, ideals, nra }
    }

    /// aUtil[h](i, j): h's estimate of the utility to i of j's position.
    #[inline]
    fn au(&self, su: &StateUtil, h: usize, i: usize, j: usize) -> f64 {
        bs_util(su.vdiff[i * self.n + j], self.est_nra(su.nra[h], su.nra[i]))
    }

    /// KTAB's `probEduChlg(h, k, i, j)`: h's estimate of the probability that i defeats j and
    /// of the expected change in k's utility if i challenges j.
    fn prob_edu_chlg(&self, su: &StateUtil, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        let vr = self.opts.voting_rule;
        let uii = self.au(su, h, i, i);
        let uij = self.au(su, h, i, j);
        let uji = self.au(su, h, j, i);
        let ujj = self.au(su, h, j, j);
        let uki = self.au(su, h, k, i);
        let ukj = self.au(su, h, k, j);
        let eu_sq = uki + ukj;
        let uhkij = uki + uki;
        let uhkji = ukj + ukj;
        let si = self.sal_sum[i];
        let ci = self.cap[i];
        let sj = self.sal_sum[j];
        let cj = self.cap[j];
        let contrib_i = vote(vr, si * ci, uii, uij);
        let contrib_j = vote(vr, sj * cj, uji, ujj);
        let (mut chij, mut chji) = (1e-10, 1e-10);
        if contrib_i > 0.0 {
            chij += contrib_i;
        }
        if contrib_i < 0.0 {
            chji -= contrib_i;
        }
        if contrib_j > 0.0 {
            chij += contrib_j;
        }
        if contrib_j < 0.0 {
            chji -= contrib_j;
        }
        let (ci0, cj0) = (chij, chji);
        for nn in 0..self.n {
            if nn == i || nn == j {
                continue;
            }
            let wn = self.sal_sum[nn] * self.cap[nn];
            let uni = self.au(su, h, nn, i);
            let unj = self.au(su, h, nn, j);
            let unn = self.au(su, h, nn, nn);
            // Actor::vProbLittle
            let cn = vote(vr, wn, uni, unj);
            let cni = if cn > 0.0 { ci0 + cn } else { ci0 };
            let cnj = if cn < 0.0 { cj0 - cn } else { cj0 };
            let pin = cni / (cni + cnj);
            let pjn = 1.0 - pin;
            // Actor::thirdPartyVoteSU
            let (ik_j, j_ik, i_jk, jk_i) = match self.opts.third_party_commit {
                ThirdPartyCommit::FullCommit => (
                    uni + uni + uni,
                    unj + unj + unj,
                    uni + uni + uni,
                    unj + unj + unj,
                ),
                ThirdPartyCommit::SemiCommit => (
                    uni + uni + unn,
                    unj + unj + unj,
                    uni + uni + uni,
                    unj + unj + unn,
                ),
                ThirdPartyCommit::NoCommit => (
                    uni + uni + unn,
                    unj + unj + unn,
                    uni + uni + unn,
                    unj + unj + unn,
                ),
            };
            let u_ik_j = pin * ik_j + pjn * j_ik;
            let u_i_jk = pin * i_jk + pjn * jk_i;
            let v = vote(vr, wn, u_ik_j, u_i_jk);
            if v > 0.0 {
                chij += v;
            }
            if v < 0.0 {
                chji -= v;
            }
        }
        let phij = chij / (chij + chji);
        let phji = chji / (chij + chji);
        let eu_chlg = (1.0 - sj) * uhkij + sj * (phij * uhkij + phji * uhkji);
        (phij, eu_chlg - eu_sq)
    }

    fn interpolate(
        &self,
        i: usize,
        j: usize,
        pi: &[f64],
        pj: &[f64],
        prb_i: f64,
        prb_j: f64,
    ) -> Bargain {
        let nd = self.nd;
        let mut bi = vec![0.0; nd];
        let mut bj = vec![0.0; nd];
        for k in 0..nd {
            let (tik, sik) = (pi[k], self.sal[i * nd + k]);
            let (tjk, sjk) = (pj[k], self.sal[j * nd + k]);
            let sn_pm = |n: i32, m: i32| {
                let wik = sik.powi(n) * prb_i.powi(m);
                let wjk = sjk.powi(n) * prb_j.powi(m);
                let min_w = 1e-6;
                let b_i = round4(((wik + min_w) * tik + wjk * tjk) / (wik + min_w + wjk));
                let b_j = round4((wik * tik + (min_w + wjk) * tjk) / (wik + min_w + wjk));
                (b_i, b_j)
            };
            let (a, b) = match self.opts.inter_vec_brgn {
                InterVecBrgn::S1P1 => sn_pm(1, 1),
                InterVecBrgn::S2P2 => sn_pm(2, 2),
                InterVecBrgn::S2PMax => {
                    let di = if prb_j > prb_i { prb_j - prb_i } else { 0.0 };
                    let dj = if prb_i > prb_j { prb_i - prb_j } else { 0.0 };
                    let (sik2, sjk2) = (sik * sik, sjk * sjk);
                    let min_w = 1e-6;
                    let dik = (di * sjk2) / ((di * sjk2) + min_w + ((1.0 - di) * sik2));
                    let djk = (dj * sik2) / ((dj * sik2) + min_w + ((1.0 - dj) * sjk2));
                    (tik + dik * (tjk - tik), tjk + djk * (tik - tjk))
                }
            };
            bi[k] = a;
            bj[k] = b;
        }
        Bargain {
            init: i,
            rcvr: j,
            pos_init: bi,
            pos_rcvr: bj,
        }
    }

    /// The bargains actor `i` proposes from state `x` (none when no challenge is worth making),
    /// and whom it targets.
    fn propose(&self, su: &StateUtil, x: &[f64], i: usize) -> (Option<usize>, Vec<Bargain>) {
        let mut best: Option<(usize, f64, f64)> = None;
        let mut best_eu = -1.0;
        for j in 0..self.n {
            if j == i {
                continue;
            }
            let (p, edu) = self.prob_edu_chlg(su, i, i, i, j);
            if 1e-5 < edu && best_eu < edu {
                best = Some((j, p, edu));
                best_eu = edu;
            }
        }
        let Some((j, pi_ij, _)) = best else {
            return (None, vec![]);
        };
        let (pos_i, pos_j) = (self.pos(x, i), self.pos(x, j));
        let b_iij = self.interpolate(i, j, pos_i, pos_j, pi_ij, 1.0 - pi_ij);
        let bargains = match self.opts.bargn_model {
            BargnModel::InitOnlyInterp => vec![b_iij],
            BargnModel::InitRcvrInterp | BargnModel::PWCompInterp => {
                // KTAB passes the second element of `probEduChlg(j, i, i, j)` — j's estimate of
                // the change in i's utility, not a probability — as "j's estimate of the
                // probability that i defeats j" (smpbcn.cpp, `pjiJ = get<1>(Vjij)`); kept so
                // that runs match KTAB's.
                let (_, pj_ij) = self.prob_edu_chlg(su, j, i, i, j);
                let b_jij = self.interpolate(i, j, pos_i, pos_j, pj_ij, 1.0 - pj_ij);
                if self.opts.bargn_model == BargnModel::InitRcvrInterp {
                    vec![b_iij, b_jij]
                } else {
                    // KTAB weighs the receiver's view with the initiator's capability
                    // (`scj = brgnJIJ->actInit->sCap`); kept as KTAB computes it.
                    let wi = self.cap[i] * self.sal_sum[i];
                    let wj = self.cap[i] * self.sal_sum[j];
                    let mix = |a: &[f64], b: &[f64]| -> Vec<f64> {
                        a.iter()
                            .zip(b)
                            .map(|(a, b)| (wi * a + wj * b) / (wi + wj))
                            .collect()
                    };
                    vec![Bargain {
                        init: i,
                        rcvr: j,
                        pos_init: mix(&b_iij.pos_init, &b_jij.pos_init),
                        pos_rcvr: mix(&b_iij.pos_rcvr, &b_jij.pos_rcvr),
                    }]
                }
            }
        };
        (Some(j), bargains)
    }

    /// Utility to `a` of position `p`, judged from `a`'s ideal.
    fn pos_util(&self, su: &StateUtil, a: usize, p: &[f64]) -> f64 {
        bs_util(self.bv_diff(a, self.pos(&su.ideals, a), p), su.nra[a])
    }

    /// Probability of each bargain in one actor's `list` (indices into `all`, `None` = the
    /// status quo), from a capability-weighted election over the states they lead to.
    fn bargain_probs(&self, su: &StateUtil, list: &[Option<usize>], all: &[Bargain]) -> Vec<f64> {
        let n = self.n;
        let nb = list.len();
        let mut u = vec![0.0; n * nb];
        for a in 0..n {
            for (m, b) in list.iter().enumerate() {
                let mut avg = 0.0;
                match b {
                    None => {
                        for nn in 0..n {
                            avg += self.au(su, a, a, nn);
                        }
                    }
                    Some(bi) => {
                        let b = &all[*bi];
                        avg += self.pos_util(su, a, &b.pos_init);
                        avg += self.pos_util(su, a, &b.pos_rcvr);
                        for nn in 0..n {
                            if nn != b.init && nn != b.rcvr {
                                avg += self.au(su, a, a, nn);
                            }
                        }
                    }
                }
                u[a * nb + m] = avg / n as f64;
            }
        }
        let vr = self.opts.voting_rule;
        let c = coalitions(nb, n, |kk, i, j| {
            vote(vr, self.cap[kk], u[kk * nb + i], u[kk * nb + j])
        });
        prob_ce(self.opts.pce_model, self.opts.victory_prob_model, &c, nb)
    }

    /// Win probability of each actor's position in a state (KTAB's `pDist(-1)` + `posProb`).
    fn win_probabilities(&self, su: &StateUtil, x: &[f64]) -> Vec<f64> {
        let n = self.n;
        let equiv = |i: usize, j: usize| -> bool {
            let (a, b) = (self.pos(x, i), self.pos(x, j));
            let d: f64 = a
                .iter()
                .zip(b)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
                .sqrt();
            d < 1e-3
        };
        let mut uniq: Vec<usize> = Vec::new();
        for i in 0..n {
            if !uniq.iter().any(|&k| equiv(i, k)) {
                uniq.push(i);
            }
        }
        let nu = uniq.len();
        let vr = self.opts.voting_rule;
        let c = coalitions(nu, n, |k, i, j| {
            vote(
                vr,
                self.cap[k],
                self.au(su, k, k, uniq[i]),
                self.au(su, k, k, uniq[j]),
            )
        });
        let p = prob_ce(self.opts.pce_model, self.opts.victory_prob_model, &c, nu);
        (0..n)
            .map(|i| {
                let mut found = 0;
                for (u, &j) in uniq.iter().enumerate() {
                    if equiv(i, j) {
                        found = u;
                    }
                }
                p[found]
            })
            .collect()
    }

    fn state_dist(&self, a: &[f64], b: &[f64]) -> f64 {
        (0..self.n)
            .map(|i| {
                let (p, q) = (self.pos(a, i), self.pos(b, i));
                p.iter()
                    .zip(q)
                    .map(|(p, q)| (p - q) * (p - q))
                    .sum::<f64>()
                    .sqrt()
            })
            .sum()
    }

    /// One step from state `x`: the next positions and whom each actor targeted.
    fn step(
        &self,
        su: &StateUtil,
        x: &[f64],
        rng: &mut Option<ChaCha20Rng>,
    ) -> (Vec<f64>, Vec<Option<usize>>) {
        use rayon::prelude::*;
        let n = self.n;
        let proposals: Vec<(Option<usize>, Vec<Bargain>)> = if n >= 16 {
            (0..n)
                .into_par_iter()
                .map(|i| self.propose(su, x, i))
                .collect()
        } else {
            (0..n).map(|i| self.propose(su, x, i)).collect()
        };
        let targets: Vec<Option<usize>> = proposals.iter().map(|p| p.0).collect();
        let all: Vec<Bargain> = proposals.into_iter().flat_map(|p| p.1).collect();
        // each actor's list: status quo, then bargains involving it by initiator index
        let mut lists: Vec<Vec<Option<usize>>> = vec![vec![None]; n];
        for (bi, b) in all.iter().enumerate() {
            lists[b.init].push(Some(bi));
            lists[b.rcvr].push(Some(bi));
        }
        let probs: Vec<Vec<f64>> = if n >= 16 {
            (0..n)
                .into_par_iter()
                .map(|k| self.bargain_probs(su, &lists[k], &all))
                .collect()
        } else {
            (0..n)
                .map(|k| self.bargain_probs(su, &lists[k], &all))
                .collect()
        };
        let mut next = x.to_vec();
        for k in 0..n {
            let p = &probs[k];
            let chosen = match (self.opts.state_transitions, rng.as_mut()) {
                (StateTransitions::Stochastic, Some(rng)) => {
                    let u: f64 = rng.random();
                    let mut acc = 0.0;
                    let mut pick = p.len() - 1;
                    for (m, &pm) in p.iter().enumerate() {
                        acc += pm;
                        if u < acc {
                            pick = m;
                            break;
                        }
                    }
                    pick
                }
                _ => {
                    let mut best = 0;
                    let mut ma = -1.0;
                    for (m, &pm) in p.iter().enumerate() {
                        if ma < pm.abs() {
                            ma = pm.abs();
                            best = m;
                        }
                    }
                    best
                }
            };
            if let Some(bi) = lists[k][chosen] {
                let b = &all[bi];
                let np = if b.init == k {
                    &b.pos_init
                } else {
                    &b.pos_rcvr
                };
                next[k * self.nd..(k + 1) * self.nd].copy_from_slice(np);
            }
        }
        (next, targets)
    }

    /// Run from `x0` (internal 0–1 scale, actor-major: actor i's coordinates at
    /// `x0[i*m..(i+1)*m]`) to convergence.
    pub fn run_from(&self, x0: &[f64]) -> Result<SmpRun> {
        if x0.len() != self.n * self.nd || x0.iter().any(|v| !(0.0..=1.0).contains(v)) {
            return Err(Error::invalid(format!(
                "initial positions: expected {} numbers in 0-1 ({} actors × {} dimensions)",
                self.n * self.nd,
                self.n,
                self.nd
            )));
        }
        Ok(self.run_checked(x0))
    }

    fn run_checked(&self, x0: &[f64]) -> SmpRun {
        let mut rng = (self.opts.state_transitions == StateTransitions::Stochastic)
            .then(|| ChaCha20Rng::seed_from_u64(self.opts.seed));
        let scale = |x: &[f64]| -> Vec<Vec<f64>> {
            (0..self.n)
                .map(|i| self.pos(x, i).iter().map(|v| v * 100.0).collect())
                .collect()
        };
        let mut history: Vec<Vec<f64>> = vec![x0.to_vec()];
        let mut turns = Vec::new();
        let mut su = self.state_util(x0, x0.to_vec());
        let mut iter = 0;
        loop {
            let x = history.last().unwrap().clone();
            let win = self.win_probabilities(&su, &x);
            if self.n < 2 && iter > 0 {
                turns.push(SmpTurn {
                    positions: scale(&x),
                    win_probability: win,
                    risk: su.nra.clone(),
                    targets: vec![],
                });
                break;
            }
            let (next, targets) = self.step(&su, &x, &mut rng);
            turns.push(SmpTurn {
                positions: scale(&x),
                win_probability: win,
                risk: su.nra.clone(),
                targets,
            });
            iter += 1;
            let ideals = self.new_ideals(&next, &su.ideals);
            history.push(next);
            su = self.state_util(history.last().unwrap(), ideals);
            let d01 = self.state_dist(&history[0], &history[1]) + 1e-4;
            let dxy = self.state_dist(&history[iter], &history[iter - 1]);
            let quiet = dxy / d01 < self.opts.min_delta_ratio;
            if self.opts.max_turns <= iter || (self.opts.min_turns <= iter && quiet) {
                let x = history.last().unwrap();
                let win = self.win_probabilities(&su, x);
                turns.push(SmpTurn {
                    positions: scale(x),
                    win_probability: win,
                    risk: su.nra.clone(),
                    targets: vec![],
                });
                break;
            }
        }
        SmpRun { turns }
    }
}

/// Run KTAB's spatial model on actors given on KTAB's 0–100 scale.
pub fn run_smp(actors: &[SpatialActor], opts: &SmpOptions) -> Result<SmpRun> {
    let model = Spatial::new(actors, *opts)?;
    model.run_from(&Spatial::initial_positions(actors))
}

/// Set options from KTAB option names and values (as in a KTAB XML `ModelParameters` block:
/// `VictoryProbModel`, `PCEModel`, `StateTransitions`, `VotingRule`, `BigRAdjust`, `BigRRange`,
/// `ThirdPartyCommit`, `InterVecBrgn`, `BargnModel`).
pub fn apply_ktab_parameters(opts: &mut SmpOptions, params: &[(String, String)]) -> Result<()> {
    fn parse<T: Copy>(
        key: &str,
        value: &str,
        from: fn(&str) -> Option<T>,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Result<T> {
        from(value).ok_or_else(|| {
            Error::invalid(format!(
                "{key} {value:?} is not one of {}",
                all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
            ))
        })
    }
    for (key, value) in params {
        match key.as_str() {
            "VictoryProbModel" => {
                opts.victory_prob_model = parse(
                    key,
                    value,
                    VictoryProbModel::from_name,
                    VictoryProbModel::ALL,
                    VictoryProbModel::name,
                )?
            }
            "PCEModel" => {
                opts.pce_model = parse(
                    key,
                    value,
                    PceModel::from_name,
                    PceModel::ALL,
                    PceModel::name,
                )?
            }
            "StateTransitions" => {
                opts.state_transitions = parse(
                    key,
                    value,
                    StateTransitions::from_name,
                    StateTransitions::ALL,
                    StateTransitions::name,
                )?
            }
            "VotingRule" => {
                opts.voting_rule = parse(
                    key,
                    value,
                    VotingRule::from_name,
                    VotingRule::ALL,
                    VotingRule::name,
                )?
            }
            "BigRAdjust" => {
                opts.big_r_adjust = parse(
                    key,
                    value,
                    BigRAdjust::from_name,
                    BigRAdjust::ALL,
                    BigRAdjust::name,
                )?
            }
            "BigRRange" => {
                opts.big_r_range = parse(
                    key,
                    value,
                    BigRRange::from_name,
                    BigRRange::ALL,
                    BigRRange::name,
                )?
            }
            "ThirdPartyCommit" => {
                opts.third_party_commit = parse(
                    key,
                    value,
                    ThirdPartyCommit::from_name,
                    ThirdPartyCommit::ALL,
                    ThirdPartyCommit::name,
                )?
            }
            "InterVecBrgn" => {
                opts.inter_vec_brgn = parse(
                    key,
                    value,
                    InterVecBrgn::from_name,
                    InterVecBrgn::ALL,
                    InterVecBrgn::name,
                )?
            }
            "BargnModel" => {
                opts.bargn_model = parse(
                    key,
                    value,
                    BargnModel::from_name,
                    BargnModel::ALL,
                    BargnModel::name,
                )?
            }
            other => {
                return Err(Error::invalid(format!(
                    "unknown KTAB model parameter {other:?}"
                )));
            }
        }
    }
    Ok(())
}

/// Run KTAB's spatial model on a scenario as KTAB reads it: with its ideal adjustment (XML)
/// and with `opts` (apply the file's own parameters first with [`apply_ktab_parameters`]).
pub fn run_ktab(scenario: &crate::read::KtabScenario, opts: &SmpOptions) -> Result<SmpRun> {
    let model =
        Spatial::new(&scenario.actors, *opts)?.with_accommodation(&scenario.ideal_adjustment)?;
    model.run_from(&Spatial::initial_positions(&scenario.actors))
}

/// The most probable outcome of a state: the position of the actor whose position has the
/// highest win probability (the first such actor on ties), on the 0–100 scale.
pub fn most_probable(turn: &SmpTurn) -> Vec<f64> {
    let mut best = 0;
    for (i, &p) in turn.win_probability.iter().enumerate() {
        if p > turn.win_probability[best] {
            best = i;
        }
    }
    turn.positions.get(best).cloned().unwrap_or_default()
}

/// Spoilers (M13): for every actor, how far the final most probable outcome moves (Euclidean
/// distance on the 0–100 scale) when that actor stays out of the game and the others play it
/// out. `None` for an actor whose absence leaves fewer than two actors.
pub fn spoilers(actors: &[SpatialActor], opts: &SmpOptions) -> Result<Vec<Option<f64>>> {
    let base = run_smp(actors, opts)?;
    let base_outcome = most_probable(
        base.turns
            .last()
            .ok_or_else(|| Error::invalid("empty run"))?,
    );
    Ok(outcomes_without(actors, &[], opts)?
        .into_iter()
        .map(|o| {
            o.map(|outcome| {
                outcome
                    .iter()
                    .zip(&base_outcome)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    .sqrt()
            })
        })
        .collect())
}

/// For every actor, the final most probable outcome (one number per dimension, 0–100 scale)
/// when that actor stays out and the others play the game out, with the ideal adjustment
/// `accommodation` (pairs as in [`Spatial::with_accommodation`]) kept between the others.
/// `None` for an actor whose absence leaves fewer than two actors.
pub fn outcomes_without(
    actors: &[SpatialActor],
    accommodation: &[(usize, usize, f64)],
    opts: &SmpOptions,
) -> Result<Vec<Option<Vec<f64>>>> {
    (0..actors.len())
        .map(|i| {
            if actors.len() < 3 {
                return Ok(None);
            }
            let rest: Vec<SpatialActor> = actors
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, a)| a.clone())
                .collect();
            // Indices past the one left out move down by one.
            let shift = |k: usize| if k > i { k - 1 } else { k };
            let pairs: Vec<(usize, usize, f64)> = accommodation
                .iter()
                .filter(|&&(a, b, _)| a != i && b != i)
                .map(|&(a, b, v)| (shift(a), shift(b), v))
                .collect();
            let model = Spatial::new(&rest, *opts)?.with_accommodation(&pairs)?;
            let run = model.run_from(&Spatial::initial_positions(&rest))?;
            Ok(Some(
                run.turns.last().map(most_probable).unwrap_or_default(),
            ))
        })
        .collect()
}
