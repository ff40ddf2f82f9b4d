//! What each party gets from a chosen package, and how robust a solution is to the preference
//! numbers (M11). Per party and issue, a package's value is compared with the party's best and
//! worst value on that issue (additive terms; interaction terms are left out of this per-issue
//! view): an issue where the package is nearer the party's best than its worst is a gain
//! (largest secured utility first); otherwise it is traded away (largest loss first). Robustness re-solves the space with each preference number moved
//! by −10% and +10% in turn and lists the moves that change the chosen package.

use serde::Serialize;

use crate::error::Result;
use crate::frontier::frontier;
use crate::model::Model;
use crate::solutions::{Disagreement, solve};
use crate::space::{IssuePreference, Space};

/// One issue seen by one party.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IssueShare {
    /// The issue's id.
    pub issue: String,
    /// The value the package takes.
    pub value: String,
    /// Utility from this issue in the package.
    pub got: f64,
    /// The party's best utility on this issue.
    pub best: f64,
    /// The party's worst utility on this issue.
    pub worst: f64,
}

/// A party's view of a package.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PartyView {
    /// The party's id.
    pub party: String,
    /// Issues where it is nearer its best than its worst, by `got − worst`, largest first.
    pub gains: Vec<IssueShare>,
    /// The other issues it cares about, by `best − got`, largest first.
    pub trades: Vec<IssueShare>,
}

/// Every party's view of package `index`.
pub fn party_views(space: &Space, model: &Model, index: u64) -> Vec<PartyView> {
    let values = space.decode(index);
    let k = model.k;
    let mut row = vec![0.0; k];
    (0..k)
        .map(|p| {
            let mut shares = Vec::new();
            for (i, issue) in space.issues.iter().enumerate() {
                if space.parties[p].preferences[i].is_none() {
                    continue;
                }
                let (mut best, mut worst) = (f64::NEG_INFINITY, f64::INFINITY);
                for v in 0..issue.len() {
                    model.additive(i, v, &mut row);
                    best = best.max(row[p]);
                    worst = worst.min(row[p]);
                }
                model.additive(i, values[i], &mut row);
                shares.push(IssueShare {
                    issue: issue.id.clone(),
                    value: issue.labels[values[i]].clone(),
                    got: row[p],
                    best,
                    worst,
                });
            }
            // Each issue goes to one list: a gain when the party is at least as close to its
            // best value as to its worst, a trade otherwise.
            let (mut gains, mut trades): (Vec<IssueShare>, Vec<IssueShare>) = shares
                .into_iter()
                .filter(|s| s.best > s.worst)
                .partition(|s| s.got - s.worst >= s.best - s.got);
            gains.sort_by(|a, b| (b.got - b.worst).total_cmp(&(a.got - a.worst)));
            trades.sort_by(|a, b| (b.best - b.got).total_cmp(&(a.best - a.got)));
            PartyView {
                party: space.parties[p].id.clone(),
                gains,
                trades,
            }
        })
        .collect()
}

/// Which solution robustness is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SolutionKind {
    /// Nash.
    Nash,
    /// Kalai–Smorodinsky (proper).
    KalaiSmorodinsky,
    /// Utilitarian.
    Utilitarian,
    /// Egalitarian.
    Egalitarian,
}

/// A move of one preference number that changes the chosen package.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Flip {
    /// The party whose number moved.
    pub party: String,
    /// Which number, e.g. `weight of alliance` or `no-deal value`.
    pub number: String,
    /// `-10%` or `+10%`.
    pub change: String,
    /// The package chosen after the move (none when the solution disappears).
    pub package: Option<u64>,
}

/// How robust a solution is.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Robustness {
    /// The solution checked.
    pub solution: SolutionKind,
    /// The package chosen without any move.
    pub package: Option<u64>,
    /// Number of moves tried (two per preference number).
    pub tried: usize,
    /// Moves after which the same package is chosen.
    pub unchanged: usize,
    /// The moves that change it.
    pub flips: Vec<Flip>,
}

/// A move of one preference number: applies a factor to a copy of the space.
type Move = Box<dyn Fn(&mut Space, f64)>;

fn choose(space: &Space, kind: SolutionKind, dis: Disagreement) -> Result<Option<u64>> {
    let model = Model::new(space)?;
    let f = frontier(&model);
    let s = solve(&f.points, model.k, &dis.point(&model));
    Ok(match kind {
        SolutionKind::Nash => s.nash,
        SolutionKind::KalaiSmorodinsky => s.kalai_smorodinsky,
        SolutionKind::Utilitarian => s.utilitarian,
        SolutionKind::Egalitarian => s.egalitarian,
    }
    .map(|p| p.index))
}

/// Move every preference number by ±10% in turn and re-solve. Weights, evaluations,
/// saliences, interaction values and no-deal values are multiplied by 0.9 and 1.1; ideal
/// points move by ±10% of their issue's range (a multiplicative move of an ideal point at zero
/// would be no move).
pub fn robustness(space: &Space, kind: SolutionKind, dis: Disagreement) -> Result<Robustness> {
    let base = choose(space, kind, dis)?;
    let mut tried = 0;
    let mut unchanged = 0;
    let mut flips = Vec::new();
    for p in 0..space.parties.len() {
        let mut moves: Vec<(String, Move)> = Vec::new();
        moves.push((
            "no-deal value".into(),
            Box::new(move |s: &mut Space, f| s.parties[p].no_deal *= f),
        ));
        for (i, pref) in space.parties[p].preferences.iter().enumerate() {
            let name = space.issues[i].id.clone();
            match pref {
                None => {}
                Some(IssuePreference::Table { values, .. }) => {
                    moves.push((
                        format!("weight of {name}"),
                        Box::new(move |s: &mut Space, f| {
                            if let Some(IssuePreference::Table { weight, .. }) =
                                &mut s.parties[p].preferences[i]
                            {
                                *weight *= f;
                            }
                        }),
                    ));
                    for v in 0..values.len() {
                        let label = space.issues[i].labels[v].clone();
                        moves.push((
                            format!("evaluation of {name}={label}"),
                            Box::new(move |s: &mut Space, f| {
                                if let Some(IssuePreference::Table { values, .. }) =
                                    &mut s.parties[p].preferences[i]
                                {
                                    values[v] *= f;
                                }
                            }),
                        ));
                    }
                }
                Some(IssuePreference::Ideal { .. }) => {
                    let nums = &space.issues[i].numbers;
                    let lo = nums.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = nums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let range = if hi > lo { hi - lo } else { 1.0 };
                    moves.push((
                        format!("ideal point on {name}"),
                        Box::new(move |s: &mut Space, f| {
                            if let Some(IssuePreference::Ideal { ideal, .. }) =
                                &mut s.parties[p].preferences[i]
                            {
                                *ideal += (f - 1.0) * range;
                            }
                        }),
                    ));
                    moves.push((
                        format!("salience of {name}"),
                        Box::new(move |s: &mut Space, f| {
                            if let Some(IssuePreference::Ideal { salience, .. }) =
                                &mut s.parties[p].preferences[i]
                            {
                                *salience *= f;
                            }
                        }),
                    ));
                }
            }
        }
        for t in 0..space.parties[p].interactions.len() {
            let it = &space.parties[p].interactions[t];
            let name = format!(
                "interaction {}={} with {}={}",
                space.issues[it.a].id,
                space.issues[it.a].labels[it.va],
                space.issues[it.b].id,
                space.issues[it.b].labels[it.vb]
            );
            moves.push((
                name,
                Box::new(move |s: &mut Space, f| s.parties[p].interactions[t].value *= f),
            ));
        }
        for (name, apply) in moves {
            for (f, change) in [(0.9, "-10%"), (1.1, "+10%")] {
                let mut s = space.clone();
                apply(&mut s, f);
                let got = choose(&s, kind, dis)?;
                tried += 1;
                if got == base {
                    unchanged += 1;
                } else {
                    flips.push(Flip {
                        party: space.parties[p].id.clone(),
                        number: name.clone(),
                        change: change.into(),
                        package: got,
                    });
                }
            }
        }
    }
    Ok(Robustness {
        solution: kind,
        package: base,
        tried,
        unchanged,
        flips,
    })
}
