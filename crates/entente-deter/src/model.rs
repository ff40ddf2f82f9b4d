//! The deterrence model: for a target state and an attacker, in one world, the chance that the
//! attacker challenges (attacks) and the chance that the target's guarantors fight.
//!
//! 1. Capabilities ([`crate::wartrap`]): composite shares, discounted from each capital to the
//!    target's capital with the War Trap gradient.
//! 2. Each commitment `c` to the target is honoured with `h_c = r_kind · form · strength ·
//!    nuclear`, capped at 1, where `r_kind` is the published reliability of its kind of alliance
//!    and the three factors are named parameters. Forward-deployed troops `t` of a guarantor of
//!    `c` on the target's soil close a share `τ · t/(t + t½)` of the gap to certainty (the
//!    tripwire). Commitments are honoured independently; the guarantors of one commitment act
//!    together. A guarantor fights (or, for a commitment short of defence, helps) with
//!    `q_g = 1 − Π_{c ∋ g}(1 − h_c)`; the guarantors fight (at least one defence commitment —
//!    a defence obligation or a guarantee — honoured) with `1 − Π_{c defence}(1 − h_c)`.
//! 3. The defence is the target's capability plus each guarantor's, weighted by `q_g`. The
//!    attacker's share of attacker plus defence is war1800's `balanc`.
//! 4. The egame12 agent-probit game ([`crate::egame12`]) with the estimate's coefficients gives
//!    the chance that the attacker challenges (`u24` holds the balance); a non-aggression pact the
//!    attacker bears towards the target, honoured with `h` (its published reliability times its
//!    legal form), removes that share: `p_attack = p2 · Π(1 − h)`.
//! 5. Fearon's bargain ([`crate::fearon`]) on the same balance is reported beside it as a check.
//!
//! Monte Carlo: draw `k` takes every reliability prior uniformly from its range and the egame12
//! coefficients from a normal with the estimate's covariance, from ChaCha20 seeded with `seed`
//! on stream `k`; every case is evaluated on the same draws, in draw order, so the answer
//! depends on the seed only, never on the number of threads. [`run`] is [`evaluate`] (the draws'
//! values for every case) followed by [`summarise`] (the answer from them, in draw order); the
//! two halves run apart make sharded sweeps that merge into exactly the answer of one run.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_distr::{Distribution, StandardNormal, Uniform};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use crate::egame12::{Utilities, agent_probit};
use crate::error::Error;
use crate::fearon::{Bargain, bargain};
use crate::params::{COEFFICIENTS, Params};
use crate::wartrap::{Components, composite, discounted, miles};

/// Most draws one run may ask for.
pub const MAX_DRAWS: usize = 1_000_000;

/// The kinds of commitment whose reliability is published (`reliability.<kind>`).
pub const KINDS: [&str; 5] = [
    "defence_pact",
    "non_aggression",
    "offence",
    "neutrality",
    "other",
];

/// A state or organisation that may attack, be attacked or guarantee.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Id.
    pub id: String,
    /// Capability components.
    pub components: Components,
    /// Capital (latitude, longitude in degrees), if known.
    pub capital: Option<(f64, f64)>,
}

/// One commitment to a target.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentIn {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id.
    pub obligation: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// The legal form's word (None: not recorded).
    pub legal_form: Option<String>,
    /// The strength's word (None: not recorded).
    pub strength: Option<String>,
    /// Guarantors, as indices into the actors.
    pub guarantors: Vec<usize>,
    /// Where it is written.
    pub source: Option<String>,
}

/// Troops of a guarantor stationed on the target's soil.
#[derive(Debug, Clone, PartialEq)]
pub struct PresenceIn {
    /// The guarantor, as an index into the actors.
    pub guarantor: usize,
    /// Troops.
    pub troops: f64,
    /// Where the figure comes from.
    pub source: Option<String>,
}

/// A non-aggression obligation the attacker bears towards the target.
#[derive(Debug, Clone, PartialEq)]
pub struct PactIn {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id.
    pub obligation: String,
    /// The legal form's word.
    pub legal_form: Option<String>,
    /// Where it is written.
    pub source: Option<String>,
}

/// One target and one attacker.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The target, as an index into the actors.
    pub target: usize,
    /// The attacker.
    pub attacker: usize,
    /// Commitments to the target.
    pub commitments: Vec<CommitmentIn>,
    /// Forward-deployed troops of guarantors.
    pub presence: Vec<PresenceIn>,
    /// Non-aggression pacts the attacker bears towards the target.
    pub pacts: Vec<PactIn>,
    /// The target is in the grey zone (no binding defence commitment).
    pub grey_zone: bool,
}

/// One world (architecture) and its cases.
#[derive(Debug, Clone, PartialEq)]
pub struct WorldIn {
    /// The architecture's id.
    pub id: String,
    /// Its cases.
    pub cases: Vec<Case>,
}

/// Everything the model is run on.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Actors.
    pub actors: Vec<Actor>,
    /// Worlds.
    pub worlds: Vec<WorldIn>,
    /// Parameters.
    pub params: Params,
    /// Monte Carlo draws (0: the point estimate only).
    pub draws: usize,
    /// Seed.
    pub seed: u64,
}

/// A distribution over the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Interval {
    /// Mean.
    pub mean: f64,
    /// 5% quantile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95% quantile.
    pub p95: f64,
}

/// One commitment's part.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CommitmentPart {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id.
    pub obligation: String,
    /// Kind of alliance whose published reliability applies.
    pub kind: String,
    /// Legal form.
    pub legal_form: Option<String>,
    /// Strength.
    pub strength: Option<String>,
    /// The published reliability used (`reliability.<kind>`).
    pub base_reliability: f64,
    /// The chance it is honoured, after every adjustment and the tripwire.
    pub reliability: f64,
    /// The adjustments applied, by parameter name and factor.
    pub adjustments: Vec<(String, f64)>,
    /// Troops of its guarantors on the target's soil.
    pub troops_present: f64,
    /// Sources: the commitment's, then the reliability's.
    pub sources: Vec<String>,
}

/// One guarantor's part.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GuarantorPart {
    /// Guarantor id.
    pub guarantor: String,
    /// The chance it fights.
    pub p_fights: f64,
    /// Its capability, discounted to the target.
    pub capability: f64,
    /// Its capability is unknown (no component recorded), counted as 0.
    pub capability_unknown: bool,
    /// Troops on the target's soil.
    pub troops_present: f64,
    /// How much the attack probability would rise without it (point estimate).
    pub deterrence: f64,
    /// The commitments that bind it, by agreement and obligation.
    pub commitments: Vec<String>,
}

/// A non-aggression pact's part.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PactPart {
    /// Agreement id.
    pub agreement: String,
    /// Obligation id.
    pub obligation: String,
    /// The chance it is honoured.
    pub reliability: f64,
    /// Sources.
    pub sources: Vec<String>,
}

/// The answer for one target and attacker.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CaseResult {
    /// The target.
    pub state: String,
    /// The attacker.
    pub attacker: String,
    /// The probability of an attack (point estimate, at every parameter's central value).
    pub p_attack: f64,
    /// Its distribution over the Monte Carlo draws (None without draws).
    pub interval: Option<Interval>,
    /// The probability of war (attack, and the target fights).
    pub p_war: f64,
    /// The probability that the target, with its guarantors, fights when attacked (egame12
    /// `p4`).
    pub p_target_fights: f64,
    /// The probability that the guarantors fight (at least one defence commitment honoured).
    pub p_guarantors_fight: f64,
    /// Its distribution over the draws.
    pub guarantors_interval: Option<Interval>,
    /// The attacker's share of attacker plus defence (war1800's `balanc`).
    pub balance: f64,
    /// Fearon's bargain on the same balance, as a check.
    pub fearon: Option<Bargain>,
    /// The target is in the grey zone.
    pub grey_zone: bool,
    /// Guarantors, most deterring first.
    pub guarantors: Vec<GuarantorPart>,
    /// Commitments, most reliable first.
    pub commitments: Vec<CommitmentPart>,
    /// Non-aggression pacts of the attacker towards the target.
    pub pacts: Vec<PactPart>,
}

/// The answer for one world.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct WorldResult {
    /// The architecture's id.
    pub id: String,
    /// One entry per case, in input order.
    pub states: Vec<CaseResult>,
}

/// Parameters of one draw.
#[derive(Debug, Clone)]
struct Draw {
    /// Reliability by kind (order of [`KINDS`]), then non-aggression.
    r: [f64; 5],
    /// egame12 coefficients (order of [`COEFFICIENTS`]).
    b: [f64; 10],
}

/// What stays fixed over the draws.
#[derive(Debug, Clone)]
struct Fixed {
    weights: [f64; 3],
    cov: [f64; 6],
    tau: f64,
    half: f64,
    c_a: f64,
    c_bar: f64,
}

/// A case compiled for evaluation.
#[derive(Debug, Clone)]
struct Compiled {
    target_cap: f64,
    attacker_cap: f64,
    /// Per commitment: kind index, fixed multiplier, tripwire factor `(1 − τ m)`.
    commitments: Vec<(usize, f64, f64)>,
    /// Per guarantor: discounted capability and its commitments.
    guarantors: Vec<(usize, f64, Vec<usize>)>,
    /// Guarantors bound by the same commitments, as one: summed capability and the commitments
    /// (each guarantor's group is `group_of[g]`).
    groups: Vec<(f64, Vec<usize>)>,
    /// The group of each guarantor.
    group_of: Vec<usize>,
    /// Per pact: legal-form multiplier.
    pacts: Vec<f64>,
}

fn word(params: &Params, prefix: &str, w: Option<&str>) -> (String, f64) {
    let name = format!("{prefix}.{}", w.unwrap_or("unknown"));
    match params.find(&name) {
        Some(p) => (name, p.value),
        None => {
            let unknown = format!("{prefix}.unknown");
            let v = params.get(&unknown);
            (unknown, v)
        }
    }
}

fn kind_index(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(4)
}

fn coefficient_index(params: &Params) -> [usize; 10] {
    let mut ix = [usize::MAX; 10];
    for (i, c) in COEFFICIENTS.iter().enumerate() {
        ix[i] = params
            .estimate
            .names
            .iter()
            .position(|n| n == c)
            .unwrap_or(usize::MAX);
    }
    ix
}

fn central(params: &Params) -> Draw {
    let mut r = [0.0; 5];
    for (i, k) in KINDS.iter().enumerate() {
        r[i] = params.get(&format!("reliability.{k}"));
    }
    let ix = coefficient_index(params);
    let mut b = [0.0; 10];
    for i in 0..10 {
        if ix[i] != usize::MAX {
            b[i] = params.estimate.values[ix[i]];
        }
    }
    Draw { r, b }
}

/// Cholesky factor (lower) of a symmetric positive semi-definite matrix; None if it is not.
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        if a[i].len() != n {
            return None;
        }
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - s;
                if d < -1e-12 {
                    return None;
                }
                l[i][j] = d.max(0.0).sqrt();
            } else if l[j][j] > 0.0 {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

fn draws(params: &Params, range: Range<usize>, seed: u64) -> Result<Vec<Draw>, Error> {
    let base = central(params);
    let chol = cholesky(&params.estimate.covariance).ok_or_else(|| {
        Error::bad("the egame12 covariance is not positive semi-definite: give a covariance matrix of the fit, as `games` reports it")
    })?;
    let ix = coefficient_index(params);
    let mut ranges = [(0.0, 0.0); 5];
    for (i, k) in KINDS.iter().enumerate() {
        let p = params.find(&format!("reliability.{k}"));
        let v = base.r[i];
        ranges[i] = p.and_then(|p| Some((p.low?, p.high?))).unwrap_or((v, v));
    }
    let m = params.estimate.values.len();
    Ok(range
        .into_par_iter()
        .map(|k| {
            let mut rng = ChaCha20Rng::seed_from_u64(seed);
            rng.set_stream(k as u64);
            let mut d = base.clone();
            for (ri, &(l, h)) in d.r.iter_mut().zip(&ranges) {
                *ri = if h > l {
                    Uniform::new_inclusive(l, h).map_or(l, |u| u.sample(&mut rng))
                } else {
                    l
                };
            }
            let z: Vec<f64> = (0..m).map(|_| StandardNormal.sample(&mut rng)).collect();
            let mut coef = params.estimate.values.clone();
            for (i, row) in chol.iter().enumerate() {
                coef[i] += row.iter().zip(&z).map(|(a, b)| a * b).sum::<f64>();
            }
            for i in 0..10 {
                if ix[i] != usize::MAX {
                    d.b[i] = coef[ix[i]];
                }
            }
            d
        })
        .collect())
}

fn fixed(params: &Params) -> Fixed {
    Fixed {
        weights: [
            params.get("capability.weight.milex"),
            params.get("capability.weight.population"),
            params.get("capability.weight.warheads"),
        ],
        cov: [
            params.get("covariate.s_wt_re1"),
            params.get("covariate.revis1"),
            params.get("covariate.regime1dem"),
            params.get("covariate.regime1mixed"),
            params.get("covariate.regime2dem"),
            params.get("covariate.regime2mixed"),
        ],
        tau: params.get("presence.tripwire").clamp(0.0, 1.0),
        half: params.get("presence.half_troops").max(f64::MIN_POSITIVE),
        c_a: params.get("fearon.cost_attacker"),
        c_bar: params.get("fearon.cost_target_max"),
    }
}

fn tripwire(fx: &Fixed, troops: f64) -> f64 {
    let t = troops.max(0.0);
    1.0 - fx.tau * t / (t + fx.half)
}

fn compile(problem: &Problem, caps: &[f64], fx: &Fixed, case: &Case) -> Compiled {
    let p = &problem.params;
    let mpd = p.get("wartrap.miles_per_day").max(f64::MIN_POSITIVE);
    let at = problem.actors[case.target].capital;
    let disc = |i: usize| -> f64 {
        let d = match (problem.actors[i].capital, at) {
            (Some(a), Some(b)) => miles(a, b),
            _ => 0.0,
        };
        discounted(caps[i], d, mpd)
    };
    let nuclear = p.get("nuclear.guarantor");
    let mut guarantors: Vec<(usize, f64, Vec<usize>)> = Vec::new();
    let commitments = case
        .commitments
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let (_, form) = word(p, "form", c.legal_form.as_deref());
            let (_, strength) = word(p, "strength", c.strength.as_deref());
            let armed = c.guarantors.iter().any(|g| {
                problem.actors[*g]
                    .components
                    .warheads
                    .is_some_and(|w| w > 0.0)
            });
            let mult = form * strength * if armed { nuclear } else { 1.0 };
            let troops: f64 = case
                .presence
                .iter()
                .filter(|x| c.guarantors.contains(&x.guarantor))
                .map(|x| x.troops)
                .sum();
            for g in &c.guarantors {
                match guarantors.iter_mut().find(|x| x.0 == *g) {
                    Some(x) => x.2.push(ci),
                    None => guarantors.push((*g, disc(*g), vec![ci])),
                }
            }
            (kind_index(&c.kind), mult, tripwire(fx, troops))
        })
        .collect();
    let pacts = case
        .pacts
        .iter()
        .map(|x| word(p, "form", x.legal_form.as_deref()).1)
        .collect();
    let mut groups: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut group_of = Vec::with_capacity(guarantors.len());
    for (_, cap, cs) in &guarantors {
        match groups.iter().position(|g| &g.1 == cs) {
            Some(k) => {
                groups[k].0 += cap;
                group_of.push(k);
            }
            None => {
                group_of.push(groups.len());
                groups.push((*cap, cs.clone()));
            }
        }
    }
    Compiled {
        groups,
        group_of,
        target_cap: disc(case.target),
        attacker_cap: disc(case.attacker),
        commitments,
        guarantors,
        pacts,
    }
}

/// One evaluation: (p_attack, p_guarantors_fight, p_target_fights, balance), with `drop` a
/// guarantor (by position) left out.
fn eval(c: &Compiled, fx: &Fixed, d: &Draw, drop: Option<usize>) -> (f64, f64, f64, f64) {
    let mut h = [0.0f64; 64];
    let mut hv: Vec<f64>;
    let hs: &mut [f64] = if c.commitments.len() <= 64 {
        &mut h[..c.commitments.len()]
    } else {
        hv = vec![0.0; c.commitments.len()];
        &mut hv
    };
    let mut none = 1.0;
    for (i, (k, mult, trip)) in c.commitments.iter().enumerate() {
        let base = (d.r[*k] * mult).clamp(0.0, 1.0);
        let x = 1.0 - (1.0 - base) * trip;
        hs[i] = x;
        if *k == 0 {
            none *= 1.0 - x;
        }
    }
    let mut defence = c.target_cap;
    for (k, (cap, cs)) in c.groups.iter().enumerate() {
        let mut stay = 1.0;
        for ci in cs {
            stay *= 1.0 - hs[*ci];
        }
        let cap = match drop {
            Some(gi) if c.group_of[gi] == k => cap - c.guarantors[gi].1,
            _ => *cap,
        };
        defence += (1.0 - stay) * cap;
    }
    let total = c.attacker_cap + defence;
    let balance = if total > 0.0 {
        c.attacker_cap / total
    } else {
        0.5
    };
    let b = &d.b;
    let u = Utilities {
        u11: b[0] + b[1] * fx.cov[0] + b[2] * fx.cov[1],
        u13: 0.0,
        u14: b[3] + b[4] * fx.cov[2] + b[5] * fx.cov[3],
        u24: b[6] + b[7] * balance + b[8] * fx.cov[4] + b[9] * fx.cov[5],
    };
    let o = agent_probit(u);
    let mut keep = 1.0;
    for form in &c.pacts {
        keep *= 1.0 - (d.r[1] * form).clamp(0.0, 1.0);
    }
    (o.challenge * keep, 1.0 - none, o.fight, balance)
}

fn interval(mut v: Vec<f64>) -> Interval {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let x = p * (v.len() - 1) as f64;
        let (lo, hi) = (x.floor() as usize, x.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (x - lo as f64)
    };
    Interval {
        mean,
        p05: q(0.05),
        p50: q(0.5),
        p95: q(0.95),
    }
}

/// What the Monte Carlo leaves behind for one case on one draw: the probability of an attack and
/// the probability that the guarantors fight.
pub type Sample = [f64; 2];

/// Check that every index of the problem names an actor and every troop figure is a number.
fn check(problem: &Problem) -> Result<(), Error> {
    if problem.draws > MAX_DRAWS {
        return Err(Error::bad(format!(
            "{} draws asked; at most {MAX_DRAWS}",
            problem.draws
        )));
    }
    let n = problem.actors.len();
    for w in &problem.worlds {
        for c in &w.cases {
            let bad = c.target >= n
                || c.attacker >= n
                || c.commitments
                    .iter()
                    .flat_map(|x| &x.guarantors)
                    .any(|g| *g >= n)
                || c.presence
                    .iter()
                    .any(|x| x.guarantor >= n || !x.troops.is_finite());
            if bad {
                return Err(Error::bad(
                    "a case names an actor that is not in the list, or troops that are not a number",
                ));
            }
        }
    }
    Ok(())
}

/// Every case of every world, in order (world by world, each world's cases in input order).
fn flat(problem: &Problem) -> Vec<(usize, &Case)> {
    problem
        .worlds
        .iter()
        .enumerate()
        .flat_map(|(wi, w)| w.cases.iter().map(move |c| (wi, c)))
        .collect()
}

/// Where the draws' values come from when summarising.
enum Values<'a> {
    /// Draw them here.
    Draws(&'a [Draw]),
    /// Given per draw (in draw order), each with one [`Sample`] per case in [`flat`] order.
    Given(&'a [Vec<Sample>]),
}

/// Run the model: every world's cases, with the Monte Carlo. `progress(done, total)` is called
/// once per finished case (from any thread); the answer does not depend on it.
pub fn run(
    problem: &Problem,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<WorldResult>, Error> {
    check(problem)?;
    let all = draws(&problem.params, 0..problem.draws, problem.seed)?;
    summarise_from(problem, Values::Draws(&all), progress)
}

/// Draws `range` of the Monte Carlo, in draw order: for each, one [`Sample`] per case, world by
/// world and each world's cases in order. Draw `k` depends on (seed, `k`) alone, so the draws can
/// be made in pieces anywhere and given back to [`summarise`] in order.
pub fn evaluate(problem: &Problem, range: Range<usize>) -> Result<Vec<Vec<Sample>>, Error> {
    check(problem)?;
    if range.end > problem.draws || range.start > range.end {
        return Err(Error::bad(format!(
            "draws {}..{} asked of a Monte Carlo of {}",
            range.start, range.end, problem.draws
        )));
    }
    let p = &problem.params;
    let fx = fixed(p);
    let comps: Vec<Components> = problem.actors.iter().map(|a| a.components).collect();
    let caps = composite(&comps, fx.weights);
    let compiled: Vec<Compiled> = flat(problem)
        .iter()
        .map(|(_, case)| compile(problem, &caps, &fx, case))
        .collect();
    let some = draws(p, range, problem.seed)?;
    Ok(some
        .par_iter()
        .map(|d| {
            compiled
                .iter()
                .map(|c| {
                    let r = eval(c, &fx, d, None);
                    [r.0, r.1]
                })
                .collect()
        })
        .collect())
}

/// The answer from every draw's samples (as [`evaluate`] makes them), given in draw order: the
/// same as [`run`], which summarises with the same code.
pub fn summarise(
    problem: &Problem,
    samples: &[Vec<Sample>],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<WorldResult>, Error> {
    check(problem)?;
    let cases: usize = problem.worlds.iter().map(|w| w.cases.len()).sum();
    if samples.len() != problem.draws || samples.iter().any(|s| s.len() != cases) {
        return Err(Error::bad(format!(
            "{} draws of {cases} cases are needed to summarise this problem",
            problem.draws
        )));
    }
    summarise_from(problem, Values::Given(samples), progress)
}

fn summarise_from(
    problem: &Problem,
    values: Values<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<WorldResult>, Error> {
    let p = &problem.params;
    let fx = fixed(p);
    let comps: Vec<Components> = problem.actors.iter().map(|a| a.components).collect();
    let caps = composite(&comps, fx.weights);
    let centre = central(p);
    let total: usize = problem.worlds.iter().map(|w| w.cases.len()).sum();
    let done = AtomicUsize::new(0);
    let flat = flat(problem);
    let results: Vec<(usize, CaseResult)> = flat
        .par_iter()
        .enumerate()
        .map(|(i, (wi, case))| {
            let c = compile(problem, &caps, &fx, case);
            // The draws' values for this case, in draw order.
            let column: Vec<Sample> = match &values {
                Values::Draws(all) => all
                    .iter()
                    .map(|d| {
                        let r = eval(&c, &fx, d, None);
                        [r.0, r.1]
                    })
                    .collect(),
                Values::Given(per_draw) => per_draw.iter().map(|s| s[i]).collect(),
            };
            let r = one(problem, &c, &fx, &centre, &column, case, &caps);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            (*wi, r)
        })
        .collect();
    let mut out: Vec<WorldResult> = problem
        .worlds
        .iter()
        .map(|w| WorldResult {
            id: w.id.clone(),
            states: Vec::new(),
        })
        .collect();
    for (wi, r) in results {
        out[wi].states.push(r);
    }
    Ok(out)
}

fn one(
    problem: &Problem,
    c: &Compiled,
    fx: &Fixed,
    centre: &Draw,
    column: &[Sample],
    case: &Case,
    caps: &[f64],
) -> CaseResult {
    let p = &problem.params;
    let actors = &problem.actors;
    let (p_attack, p_guar, p_fight, balance) = eval(c, fx, centre, None);
    let (interval_a, interval_g) = if column.is_empty() {
        (None, None)
    } else {
        let (a, g): (Vec<f64>, Vec<f64>) = column.iter().map(|s| (s[0], s[1])).unzip();
        (Some(interval(a)), Some(interval(g)))
    };
    let mut guarantors: Vec<GuarantorPart> = c
        .guarantors
        .iter()
        .enumerate()
        .map(|(gi, (g, cap, cs))| {
            let without = eval(c, fx, centre, Some(gi)).0;
            let mut stay = 1.0;
            for ci in cs {
                let (k, mult, trip) = c.commitments[*ci];
                let base = (centre.r[k] * mult).clamp(0.0, 1.0);
                stay *= (1.0 - base) * trip;
            }
            GuarantorPart {
                guarantor: actors[*g].id.clone(),
                p_fights: 1.0 - stay,
                capability: *cap,
                capability_unknown: caps[*g] == 0.0
                    && actors[*g].components == Components::default(),
                troops_present: case
                    .presence
                    .iter()
                    .filter(|x| x.guarantor == *g)
                    .fold(0.0, |t, x| t + x.troops),
                deterrence: without - p_attack,
                commitments: cs
                    .iter()
                    .map(|ci| {
                        let x = &case.commitments[*ci];
                        format!("{}.{}", x.agreement, x.obligation)
                    })
                    .collect(),
            }
        })
        .collect();
    guarantors.sort_by(|a, b| {
        b.deterrence
            .total_cmp(&a.deterrence)
            .then_with(|| a.guarantor.cmp(&b.guarantor))
    });
    let nuclear = p.get("nuclear.guarantor");
    let mut commitments: Vec<CommitmentPart> = case
        .commitments
        .iter()
        .zip(&c.commitments)
        .map(|(x, (k, _, trip))| {
            let (fname, form) = word(p, "form", x.legal_form.as_deref());
            let (sname, strength) = word(p, "strength", x.strength.as_deref());
            let mut adjustments = vec![(fname, form), (sname, strength)];
            let armed = x
                .guarantors
                .iter()
                .any(|g| actors[*g].components.warheads.is_some_and(|w| w > 0.0));
            let mut base = centre.r[*k] * form * strength;
            if armed {
                adjustments.push(("nuclear.guarantor".into(), nuclear));
                base *= nuclear;
            }
            let base = base.clamp(0.0, 1.0);
            let kname = format!("reliability.{}", KINDS[*k]);
            let mut sources: Vec<String> = x.source.iter().cloned().collect();
            if let Some(q) = p.find(&kname) {
                sources.push(q.source.clone());
            }
            CommitmentPart {
                agreement: x.agreement.clone(),
                obligation: x.obligation.clone(),
                kind: KINDS[*k].to_string(),
                legal_form: x.legal_form.clone(),
                strength: x.strength.clone(),
                base_reliability: centre.r[*k],
                reliability: 1.0 - (1.0 - base) * trip,
                adjustments,
                troops_present: case
                    .presence
                    .iter()
                    .filter(|y| x.guarantors.contains(&y.guarantor))
                    .fold(0.0, |t, y| t + y.troops),
                sources,
            }
        })
        .collect();
    commitments.sort_by(|a, b| {
        b.reliability
            .total_cmp(&a.reliability)
            .then_with(|| a.agreement.cmp(&b.agreement))
            .then_with(|| a.obligation.cmp(&b.obligation))
    });
    let pacts = case
        .pacts
        .iter()
        .zip(&c.pacts)
        .map(|(x, form)| {
            let mut sources: Vec<String> = x.source.iter().cloned().collect();
            if let Some(q) = p.find("reliability.non_aggression") {
                sources.push(q.source.clone());
            }
            PactPart {
                agreement: x.agreement.clone(),
                obligation: x.obligation.clone(),
                reliability: (centre.r[1] * form).clamp(0.0, 1.0),
                sources,
            }
        })
        .collect();
    CaseResult {
        state: actors[case.target].id.clone(),
        attacker: actors[case.attacker].id.clone(),
        p_attack,
        interval: interval_a,
        p_war: p_attack * p_fight,
        p_target_fights: p_fight,
        p_guarantors_fight: p_guar,
        guarantors_interval: interval_g,
        balance,
        fearon: bargain(balance, fx.c_a, fx.c_bar),
        grey_zone: case.grey_zone,
        guarantors,
        commitments,
        pacts,
    }
}
