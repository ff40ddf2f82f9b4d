//! The integer tallies every exact method produces, and their conversion into the indices.
//!
//! An exact method counts, for every member, the coalitions in which the member is critical (its
//! "swings", split by coalition size), the winning coalitions, and — when asked — the minimal
//! winning coalitions, the critical-member counts Johnston's index needs and the minimal blocking
//! coalitions. [`finish`] turns the tallies into exact rationals, the same way for every method,
//! so that two methods that count alike report alike.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use crate::{Analysis, Estimate, MemberPower, Method};

/// Tallies of an exact method. Sizes index vectors of length `n + 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Counts {
    pub n: usize,
    /// `swings[i][s]`: coalitions of size `s` containing `i` that win, and lose without `i`.
    pub swings: Vec<Vec<u128>>,
    /// Number of winning coalitions.
    pub wins: u128,
    /// Present when the method enumerated coalitions.
    pub coalitions: Option<CoalitionCounts>,
}

/// Tallies that need every coalition (or every coalition profile) to be looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CoalitionCounts {
    /// Minimal winning coalitions by size.
    pub mwc_by_size: Vec<u128>,
    /// `mwc_member[i][s]`: minimal winning coalitions of size `s` containing `i`.
    pub mwc_member: Vec<Vec<u128>>,
    /// `johnston[i][k]`: winning coalitions in which `i` is critical and which have exactly `k`
    /// critical members.
    pub johnston: Vec<Vec<u128>>,
    /// Whether `johnston` was counted (it is not when Johnston's index was not asked for).
    pub johnston_known: bool,
    /// Minimal blocking coalitions by size.
    pub mbc_by_size: Vec<u128>,
    /// The first minimal winning coalitions by size, then member order.
    pub smallest_mwc: Vec<Vec<usize>>,
    /// The first minimal blocking coalitions by size, then member order.
    pub smallest_mbc: Vec<Vec<usize>>,
}

impl Counts {
    pub fn new(n: usize, with_coalitions: bool) -> Counts {
        Counts {
            n,
            swings: vec![vec![0; n + 1]; n],
            wins: 0,
            coalitions: with_coalitions.then(|| CoalitionCounts {
                mwc_by_size: vec![0; n + 1],
                mwc_member: vec![vec![0; n + 1]; n],
                johnston: vec![vec![0; n + 1]; n],
                johnston_known: true,
                mbc_by_size: vec![0; n + 1],
                smallest_mwc: Vec::new(),
                smallest_mbc: Vec::new(),
            }),
        }
    }
}

fn big(x: u128) -> BigInt {
    BigInt::from(x)
}

fn ratio(num: BigInt, den: BigInt) -> Option<BigRational> {
    (!den.is_zero()).then(|| BigRational::new(num, den))
}

pub(crate) fn exact(r: Option<BigRational>) -> Option<Estimate> {
    r.map(|r| Estimate {
        value: r.to_f64().unwrap_or(f64::NAN),
        exact: Some(r),
        half_width: None,
    })
}

fn factorials(n: usize) -> Vec<BigInt> {
    let mut f = vec![BigInt::from(1u8)];
    for k in 1..=n {
        let next = &f[k - 1] * BigInt::from(k);
        f.push(next);
    }
    f
}

/// Turn tallies into the indices (exact rationals and their decimals).
pub(crate) fn finish(c: &Counts, members: &[String], method: Method) -> Analysis {
    let n = c.n;
    let all = big(1) << n;
    let half = big(1) << n.saturating_sub(1);
    let raw: Vec<u128> = c.swings.iter().map(|s| s.iter().sum()).collect();
    let total: u128 = raw.iter().sum();
    let losing = (big(1) << n) - big(c.wins);
    let fact = factorials(n);
    let mut out = Vec::with_capacity(n);

    let holler_total: Option<u128> = c
        .coalitions
        .as_ref()
        .map(|cc| cc.mwc_member.iter().map(|v| v.iter().sum::<u128>()).sum());
    let mwc_total: Option<u128> = c.coalitions.as_ref().map(|cc| cc.mwc_by_size.iter().sum());
    // Johnston: each member's sum of 1/k over the coalitions where it is critical; the sum over
    // members is the number of vulnerable coalitions.
    let johnston_sums: Option<Vec<BigRational>> = c
        .coalitions
        .as_ref()
        .filter(|cc| cc.johnston_known)
        .map(|cc| {
            cc.johnston
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .filter(|(_, x)| **x > 0)
                        .map(|(k, x)| BigRational::new(big(*x), BigInt::from(k)))
                        .fold(BigRational::zero(), |a, b| a + b)
                })
                .collect()
        });
    let johnston_total = johnston_sums
        .as_ref()
        .map(|v| v.iter().fold(BigRational::zero(), |a, b| a + b));

    for i in 0..n {
        let eta = big(raw[i]);
        let ss = if n == 0 {
            None
        } else {
            let mut num = BigInt::zero();
            for s in 1..=n {
                let x = c.swings[i][s];
                if x > 0 {
                    num += big(x) * &fact[s - 1] * &fact[n - s];
                }
            }
            ratio(num, fact[n].clone())
        };
        let (holler, deegan_packel, johnston) = match &c.coalitions {
            None => (None, None, None),
            Some(cc) => {
                let h: u128 = cc.mwc_member[i].iter().sum();
                let holler = ratio(big(h), big(holler_total.unwrap_or(0)));
                let mut dp = BigRational::zero();
                for s in 1..=n {
                    let x = cc.mwc_member[i][s];
                    if x > 0 {
                        dp += BigRational::new(big(x), BigInt::from(s));
                    }
                }
                let dp = ratio(BigInt::from(1u8), big(mwc_total.unwrap_or(0))).map(|r| r * dp);
                let j = match (&johnston_sums, &johnston_total) {
                    (Some(js), Some(jt)) if !jt.is_zero() => Some(&js[i] / jt),
                    _ => None,
                };
                (holler, dp, j)
            }
        };
        out.push(MemberPower {
            id: members[i].clone(),
            banzhaf_raw: Some(raw[i]),
            banzhaf: exact(ratio(eta.clone(), big(total))),
            penrose: exact(ratio(eta.clone(), half.clone())),
            shapley_shubik: exact(ss),
            coleman_prevent: exact(ratio(eta.clone(), big(c.wins))),
            coleman_initiate: exact(ratio(eta, losing.clone())),
            holler: exact(holler),
            deegan_packel: exact(deegan_packel),
            johnston: exact(johnston),
        });
    }
    let veto_players = (0..n).filter(|&i| c.wins > 0 && raw[i] == c.wins).collect();
    let dummies = (0..n).filter(|&i| raw[i] == 0).collect();
    let cc = c.coalitions.as_ref();
    Analysis {
        members: members.to_vec(),
        method,
        exact: true,
        partial: false,
        indices: out,
        coleman_act: exact(ratio(big(c.wins), all)).unwrap_or_default(),
        winning_coalitions: Some(c.wins),
        minimal_winning_coalitions: mwc_total,
        minimal_blocking_coalitions: cc.map(|cc| cc.mbc_by_size.iter().sum()),
        smallest_minimal_winning: cc.map(|cc| cc.smallest_mwc.clone()).unwrap_or_default(),
        smallest_minimal_blocking: cc.map(|cc| cc.smallest_mbc.clone()).unwrap_or_default(),
        veto_players,
        dummies,
        notes: Vec::new(),
        rounding: None,
        ranking: None,
    }
}

/// The error for a rule that is not monotone, with the coalition that shows it.
pub(crate) fn not_monotone(members: &[String], coalition: &[usize], added: usize) -> crate::Error {
    let names: Vec<&str> = coalition.iter().map(|&i| members[i].as_str()).collect();
    crate::Error::new(
        crate::ErrorKind::NotMonotone,
        format!(
            "the rule is not monotone: the coalition {{{}}} wins but loses when {} joins it; \
             swing-based power indices (Banzhaf, Shapley-Shubik, Coleman, Holler, Deegan-Packel, \
             Johnston) assume that joining a winning coalition never makes it lose. \
             Rewrite the rule with `>=`/`>` thresholds on yes (or `<`/`<=` on no), without `not` \
             around them",
            names.join(", "),
            members[added]
        ),
    )
}
