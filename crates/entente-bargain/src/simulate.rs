//! Automated negotiation over a settlement space: the stacked alternating offers protocol
//! among any number of parties, with time-dependent agents (Boulware, linear, conceder) and a
//! tit-for-tat agent; a deadline in rounds; every random choice drawn from a ChaCha generator
//! seeded from `(seed, party index)`, so a run is reproducible from its seed.
//!
//! Protocol (stacked alternating offers): parties act in turn, party 0 first. The first makes
//! an offer; each next party either accepts the standing offer or replaces it with its own
//! offer. An offer is agreed when every other party has accepted it in a row. One round is one
//! action by every party; after `rounds` rounds without agreement the negotiation fails.
//!
//! Agents know only their own preferences. Each considers the packages that are valid, within
//! its own red lines and worth at least its no-deal value; it accepts a standing offer worth at
//! least its current target and otherwise offers a package whose utility lies in a narrow band
//! just above its target (drawn at random in the band; the package nearest above the target
//! when the band is empty).
//! - Time-dependent: target `u(t) = Pmin + (Pmax − Pmin)(1 − t^(1/e))`, `t` the share of the
//!   deadline elapsed, `Pmax` the agent's best utility, `Pmin` its no-deal value; Boulware
//!   `e = 0.2`, linear `e = 1`, conceder `e = 2`.
//! - Tit-for-tat (relative): the target drops by the concession the others made in its own
//!   utility (how much better the best offer it received this round is than last round's),
//!   never below `Pmin`; its first move concedes 5% of its range, so that two tit-for-tat
//!   agents can start.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::frontier::Point;
use crate::model::{Model, Visitor};
use crate::space::Space;

/// A negotiating agent's strategy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Strategy {
    /// Time-dependent with this concession exponent `e`.
    TimeDependent {
        /// The exponent: below 1 Boulware, 1 linear, above 1 conceder.
        e: f64,
    },
    /// Relative tit-for-tat.
    TitForTat,
}

impl Strategy {
    /// Boulware: `e = 0.2`.
    pub const BOULWARE: Strategy = Strategy::TimeDependent { e: 0.2 };
    /// Linear: `e = 1`.
    pub const LINEAR: Strategy = Strategy::TimeDependent { e: 1.0 };
    /// Conceder: `e = 2`.
    pub const CONCEDER: Strategy = Strategy::TimeDependent { e: 2.0 };

    /// Parse `boulware`, `linear`, `conceder`, `tit-for-tat` (or `tft`) or `e=0.5`.
    pub fn parse(s: &str) -> Option<Strategy> {
        match s.trim().to_ascii_lowercase().as_str() {
            "boulware" => Some(Strategy::BOULWARE),
            "linear" => Some(Strategy::LINEAR),
            "conceder" => Some(Strategy::CONCEDER),
            "tit-for-tat" | "titfortat" | "tft" => Some(Strategy::TitForTat),
            other => other
                .strip_prefix("e=")
                .and_then(|x| x.parse::<f64>().ok())
                .filter(|e| *e > 0.0 && e.is_finite())
                .map(|e| Strategy::TimeDependent { e }),
        }
    }
}

/// One offer made during the negotiation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Offer {
    /// Round (0-based).
    pub round: usize,
    /// Index of the party that offered.
    pub proposer: usize,
    /// The package.
    pub package: u64,
    /// Utilities of every party.
    pub utilities: Vec<f64>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The agreement, if any.
    pub agreement: Option<Offer>,
    /// Rounds played.
    pub rounds_played: usize,
    /// Offers made.
    pub offers: usize,
    /// Euclidean distance of the agreement's utilities to the nearest frontier point.
    pub distance_to_frontier: Option<f64>,
    /// Euclidean distance of the agreement's utilities to the Nash point.
    pub distance_to_nash: Option<f64>,
    /// Every offer in order (at most the first 1000).
    pub trace: Vec<Offer>,
}

struct Gather<'a> {
    model: &'a Model,
    /// Per party: (own utility, package) it may offer.
    lists: Vec<Vec<(f64, u64)>>,
}

impl Visitor for Gather<'_> {
    fn leaf(&mut self, index: u64, values: &[usize], utils: &[f64], _pruned: bool) {
        if !self.model.valid(values) {
            return;
        }
        for (p, list) in self.lists.iter_mut().enumerate() {
            if self.model.party_accepts(p, values, utils) {
                list.push((utils[p], index));
            }
        }
    }
}

struct Agent {
    strategy: Strategy,
    /// Own candidates, best first.
    list: Vec<(f64, u64)>,
    pmax: f64,
    pmin: f64,
    target: f64,
    last_best_received: Option<f64>,
    rng: ChaCha8Rng,
}

impl Agent {
    fn update_target(&mut self, t: f64, received_best: Option<f64>) {
        match self.strategy {
            Strategy::TimeDependent { e } => {
                self.target = self.pmin + (self.pmax - self.pmin) * (1.0 - t.powf(1.0 / e));
            }
            Strategy::TitForTat => {
                let range = self.pmax - self.pmin;
                let concession = match (self.last_best_received, received_best) {
                    (None, _) => 0.05 * range,
                    (Some(a), Some(b)) => (b - a).max(0.0),
                    _ => 0.0,
                };
                if received_best.is_some() || self.last_best_received.is_none() {
                    self.target = (self.target - concession).max(self.pmin);
                }
                if let Some(b) = received_best {
                    self.last_best_received =
                        Some(self.last_best_received.map_or(b, |a: f64| a.max(b)));
                }
            }
        }
    }

    fn choose(&mut self) -> Option<u64> {
        if self.list.is_empty() {
            return None;
        }
        let band = 0.02 * (self.pmax - self.pmin).max(1e-12);
        // list is sorted by decreasing utility: [lo, hi) holds u in [target, target + band].
        let hi = self.list.partition_point(|(u, _)| *u >= self.target);
        let lo = self.list.partition_point(|(u, _)| *u > self.target + band);
        if hi > lo {
            let i = self.rng.random_range(lo..hi);
            Some(self.list[i].1)
        } else if hi > 0 {
            Some(self.list[hi - 1].1)
        } else {
            Some(self.list[0].1)
        }
    }
}

/// Mix a seed and an index into a generator seed (SplitMix64 finaliser).
fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Spaces larger than this are refused (every party keeps its candidate list in memory).
pub const MAX_SIMULATED_PACKAGES: u64 = 5_000_000;

/// Run one negotiation. `strategies` has one entry per party; `frontier` and `nash` (from the
/// analysis) give the distances.
pub fn negotiate(
    space: &Space,
    model: &Model,
    strategies: &[Strategy],
    rounds: usize,
    seed: u64,
    frontier: &[Point],
    nash: Option<&Point>,
) -> Result<Outcome> {
    if strategies.len() != model.k {
        return Err(Error::invalid(format!(
            "{} strategies for {} parties",
            strategies.len(),
            model.k
        ))
        .with_hint("give one agent per party, in party order"));
    }
    if model.count > MAX_SIMULATED_PACKAGES {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "{} packages; negotiation runs on at most {MAX_SIMULATED_PACKAGES}",
                model.count
            ),
        ));
    }
    let mut g = Gather {
        model,
        lists: vec![Vec::new(); model.k],
    };
    model.walk(None, &mut g);
    let mut agents: Vec<Agent> = g
        .lists
        .into_iter()
        .zip(strategies)
        .enumerate()
        .map(|(p, (mut list, s))| {
            list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let pmax = list.first().map_or(model.no_deal[p], |x| x.0);
            let pmin = model.no_deal[p].min(pmax);
            Agent {
                strategy: *s,
                list,
                pmax,
                pmin,
                target: pmax,
                last_best_received: None,
                rng: ChaCha8Rng::seed_from_u64(mix(seed, p as u64)),
            }
        })
        .collect();
    let k = model.k;
    let mut utils = vec![0.0; k];
    let utilities_of = |index: u64, utils: &mut Vec<f64>| {
        model.utilities(&space.decode(index), utils);
        utils.clone()
    };
    let acceptable_to =
        |p: usize, index: u64, u: &[f64]| model.party_accepts(p, &space.decode(index), u);
    let mut standing: Option<(u64, Vec<f64>, usize)> = None; // package, utilities, proposer
    let mut accepts = 0usize;
    let mut trace = Vec::new();
    let mut offers = 0usize;
    let total_steps = rounds.max(1) * k;
    let mut agreement = None;
    let mut played = 0;
    'outer: for round in 0..rounds {
        played = round + 1;
        for p in 0..k {
            let step = round * k + p;
            let t = step as f64 / total_steps as f64;
            let received = standing.as_ref().map(|(_, u, _)| u[p]);
            let agent = &mut agents[p];
            agent.update_target(
                t,
                received.filter(|_| standing.as_ref().is_some_and(|s| s.2 != p)),
            );
            if let Some((pkg, u, proposer)) = &standing {
                if *proposer != p && u[p] >= agent.target && acceptable_to(p, *pkg, u) {
                    accepts += 1;
                    if accepts == k - 1 {
                        agreement = Some(Offer {
                            round,
                            proposer: *proposer,
                            package: *pkg,
                            utilities: u.clone(),
                        });
                        break 'outer;
                    }
                    continue;
                }
            }
            if let Some(pkg) = agent.choose() {
                let u = utilities_of(pkg, &mut utils);
                offers += 1;
                if trace.len() < 1000 {
                    trace.push(Offer {
                        round,
                        proposer: p,
                        package: pkg,
                        utilities: u.clone(),
                    });
                }
                standing = Some((pkg, u, p));
                accepts = 0;
                if k == 1 {
                    let (pkg, u, _) = standing.clone().unwrap_or_default();
                    agreement = Some(Offer {
                        round,
                        proposer: p,
                        package: pkg,
                        utilities: u,
                    });
                    break 'outer;
                }
            }
        }
    }
    let dist = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
    };
    let distance_to_frontier = agreement.as_ref().and_then(|a| {
        frontier
            .iter()
            .map(|f| dist(&a.utilities, &f.utilities))
            .min_by(f64::total_cmp)
    });
    let distance_to_nash = agreement
        .as_ref()
        .and_then(|a| nash.map(|n| dist(&a.utilities, &n.utilities)));
    Ok(Outcome {
        agreement,
        rounds_played: played,
        offers,
        distance_to_frontier,
        distance_to_nash,
        trace,
    })
}
