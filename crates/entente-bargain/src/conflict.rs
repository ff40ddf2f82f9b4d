//! When no package is acceptable: which constraints collide and what would open a deal (M17,
//! M26). The constraints are every party's red lines and every party's "utility at least my
//! no-deal value"; links are background (a package breaking a link is no package at all).
//!
//! One pass records, for every valid package, the set of constraints it meets as a bit mask;
//! distinct masks are few, so every later question is answered from them: the deletion filter
//! that shrinks the full (infeasible) set to an irreducible infeasible subset, the single
//! concessions that open a deal (a party drops one red line, or lowers its no-deal value by the
//! least amount that lets one package through), and pairs of red lines when no single one
//! suffices. Each member of the subset comes with a witness: a package that meets every other
//! member, so a reader can see that each red line really is needed for the collision.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{ConstraintRef, Model, Visitor};
use crate::space::{Space, format_number};

/// One constraint of the collision, traced to its party and source.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Collision {
    /// Which constraint.
    pub constraint: ConstraintRef,
    /// The party's id.
    pub party: String,
    /// The red line's id, or `no-deal`.
    pub id: String,
    /// The condition, printed.
    pub condition: String,
    /// The public statement it rests on.
    pub source: Option<String>,
    /// A package meeting every other constraint of the collision (and breaking this one).
    pub witness: Option<u64>,
}

/// A change that opens a deal.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Concession {
    /// The party relaxes these red lines (one, or two when no single one suffices).
    RelaxRedLines {
        /// Party of each red line.
        parties: Vec<String>,
        /// The red lines' ids.
        red_lines: Vec<String>,
        /// Number of packages then acceptable.
        opens: u64,
    },
    /// The party lowers its no-deal value.
    LowerNoDeal {
        /// The party.
        party: String,
        /// By how much.
        by: f64,
        /// To what.
        to: f64,
        /// A package then acceptable.
        package: u64,
    },
}

/// Why no package is acceptable.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NoDeal {
    /// Valid packages (meeting every link).
    pub valid: u64,
    /// An irreducible infeasible subset of the constraints.
    pub collision: Vec<Collision>,
    /// Smallest concessions that open a deal, most packages opened first for red lines, then
    /// smallest lowering for no-deal values.
    pub concessions: Vec<Concession>,
}

struct MaskStats {
    count: u64,
    first: u64,
    best: Vec<(f64, u64)>,
}

struct Collect<'a> {
    model: &'a Model,
    lines: Vec<&'a crate::model::Mask>,
    n_lines: usize,
    masks: HashMap<u128, MaskStats>,
    valid: u64,
}

impl Visitor for Collect<'_> {
    fn leaf(&mut self, index: u64, values: &[usize], utils: &[f64], _pruned: bool) {
        if !self.model.valid(values) {
            return;
        }
        self.valid += 1;
        let mut m: u128 = 0;
        for (c, line) in self.lines.iter().enumerate() {
            if line.holds(values) {
                m |= 1 << c;
            }
        }
        for (p, (u, d)) in utils.iter().zip(&self.model.no_deal).enumerate() {
            if u >= d {
                m |= 1 << (self.n_lines + p);
            }
        }
        let e = self.masks.entry(m).or_insert_with(|| MaskStats {
            count: 0,
            first: index,
            best: vec![(f64::NEG_INFINITY, index); utils.len()],
        });
        e.count += 1;
        for (b, u) in e.best.iter_mut().zip(utils) {
            if *u > b.0 {
                *b = (*u, index);
            }
        }
    }
}

/// Explain why no package is acceptable. Returns `None` when some package is acceptable.
pub fn explain_no_deal(space: &Space, model: &Model) -> Result<Option<NoDeal>> {
    let refs: Vec<ConstraintRef> = model
        .red_lines()
        .map(|(c, _)| c)
        .chain((0..model.k).map(|party| ConstraintRef::NoDeal { party }))
        .collect();
    if refs.len() > 128 {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "{} constraints (red lines and no-deal values); at most 128 can be explained",
                refs.len()
            ),
        ));
    }
    let mut c = Collect {
        model,
        lines: model.red_lines().map(|(_, m)| m).collect(),
        n_lines: model.red_lines().count(),
        masks: HashMap::new(),
        valid: 0,
    };
    model.walk(None, &mut c);
    let all: u128 = if refs.len() == 128 {
        u128::MAX
    } else {
        (1u128 << refs.len()) - 1
    };
    let masks: Vec<(u128, MaskStats)> = {
        let mut v: Vec<_> = c.masks.into_iter().collect();
        v.sort_by_key(|(_, s)| s.first);
        v
    };
    let feasible = |s: u128| masks.iter().any(|(m, _)| m & s == s);
    if feasible(all) {
        return Ok(None);
    }
    // Deletion filter.
    let mut set = all;
    for i in 0..refs.len() {
        let without = set & !(1u128 << i);
        if !feasible(without) {
            set = without;
        }
    }
    let collision = (0..refs.len())
        .filter(|i| set & (1u128 << i) != 0)
        .map(|i| {
            let others = set & !(1u128 << i);
            let witness = masks
                .iter()
                .find(|(m, _)| m & others == others)
                .map(|(_, s)| s.first);
            describe(space, refs[i], witness)
        })
        .collect();
    let mut concessions = Vec::new();
    let opened = |s: u128| {
        masks
            .iter()
            .filter(|(m, _)| m & s == s)
            .map(|(_, st)| st.count)
            .sum::<u64>()
    };
    let line_ids: Vec<(String, String)> = refs
        .iter()
        .map(|r| match *r {
            ConstraintRef::RedLine { party, line } => (
                space.parties[party].id.clone(),
                space.parties[party].red_lines[line].id.clone(),
            ),
            ConstraintRef::NoDeal { party } => (space.parties[party].id.clone(), "no-deal".into()),
        })
        .collect();
    let mut singles = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        if let ConstraintRef::RedLine { .. } = r {
            let s = all & !(1u128 << i);
            let n = opened(s);
            if n > 0 {
                singles.push(Concession::RelaxRedLines {
                    parties: vec![line_ids[i].0.clone()],
                    red_lines: vec![line_ids[i].1.clone()],
                    opens: n,
                });
            }
        }
    }
    let mut lowers = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        if let ConstraintRef::NoDeal { party } = *r {
            let s = all & !(1u128 << i);
            let best = masks
                .iter()
                .filter(|(m, _)| m & s == s)
                .map(|(_, st)| st.best[party])
                .fold(None::<(f64, u64)>, |acc, b| match acc {
                    Some(a) if a.0 > b.0 || (a.0 == b.0 && a.1 <= b.1) => Some(a),
                    _ => Some(b),
                });
            if let Some((u, pkg)) = best {
                let nd = model.no_deal[party];
                lowers.push(Concession::LowerNoDeal {
                    party: space.parties[party].id.clone(),
                    by: nd - u,
                    to: u,
                    package: pkg,
                });
            }
        }
    }
    singles.sort_by(|a, b| match (a, b) {
        (
            Concession::RelaxRedLines { opens: x, .. },
            Concession::RelaxRedLines { opens: y, .. },
        ) => y.cmp(x),
        _ => std::cmp::Ordering::Equal,
    });
    lowers.sort_by(|a, b| match (a, b) {
        (Concession::LowerNoDeal { by: x, .. }, Concession::LowerNoDeal { by: y, .. }) => {
            x.total_cmp(y)
        }
        _ => std::cmp::Ordering::Equal,
    });
    if singles.is_empty() {
        let lines: Vec<usize> = (0..refs.len())
            .filter(|i| matches!(refs[*i], ConstraintRef::RedLine { .. }))
            .collect();
        let mut pairs = Vec::new();
        for (a, &i) in lines.iter().enumerate() {
            for &j in &lines[a + 1..] {
                let s = all & !(1u128 << i) & !(1u128 << j);
                let n = opened(s);
                if n > 0 {
                    pairs.push(Concession::RelaxRedLines {
                        parties: vec![line_ids[i].0.clone(), line_ids[j].0.clone()],
                        red_lines: vec![line_ids[i].1.clone(), line_ids[j].1.clone()],
                        opens: n,
                    });
                }
            }
        }
        pairs.sort_by(|a, b| match (a, b) {
            (
                Concession::RelaxRedLines { opens: x, .. },
                Concession::RelaxRedLines { opens: y, .. },
            ) => y.cmp(x),
            _ => std::cmp::Ordering::Equal,
        });
        singles = pairs;
    }
    concessions.extend(singles);
    concessions.extend(lowers);
    Ok(Some(NoDeal {
        valid: c.valid,
        collision,
        concessions,
    }))
}

fn describe(space: &Space, r: ConstraintRef, witness: Option<u64>) -> Collision {
    match r {
        ConstraintRef::RedLine { party, line } => {
            let p = &space.parties[party];
            let l = &p.red_lines[line];
            Collision {
                constraint: r,
                party: p.id.clone(),
                id: l.id.clone(),
                condition: l.expr.render(space),
                source: l.source.clone(),
                witness,
            }
        }
        ConstraintRef::NoDeal { party } => {
            let p = &space.parties[party];
            Collision {
                constraint: r,
                party: p.id.clone(),
                id: "no-deal".into(),
                condition: format!("utility({}) >= {}", p.id, format_number(p.no_deal)),
                source: p.source.clone(),
                witness,
            }
        }
    }
}

/// Render the explanation as an indented derivation a person can follow.
pub fn render(space: &Space, no: &NoDeal) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "No package is acceptable to every party ({} valid packages checked).\n",
        no.valid
    ));
    s.push_str("These constraints cannot all hold at once; dropping any one of them removes the collision:\n");
    let n = no.collision.len();
    for (i, c) in no.collision.iter().enumerate() {
        let branch = if i + 1 == n { "└─" } else { "├─" };
        let cont = if i + 1 == n { "  " } else { "│ " };
        s.push_str(&format!(
            "{branch} {} requires {}  [{}]\n",
            c.party, c.condition, c.id
        ));
        if let Some(src) = &c.source {
            s.push_str(&format!("{cont}    source: {src}\n"));
        }
        if let Some(w) = c.witness {
            let labels: Vec<String> = space
                .labels(&space.decode(w))
                .into_iter()
                .map(|(i, v)| format!("{i}={v}"))
                .collect();
            s.push_str(&format!(
                "{cont}    without it this package would pass the rest of the collision: {}\n",
                labels.join(", ")
            ));
        }
    }
    if no.concessions.is_empty() {
        s.push_str("No single concession (or pair of red lines) opens a deal.\n");
    } else {
        s.push_str("Smallest concessions that open a deal:\n");
        for c in &no.concessions {
            match c {
                Concession::RelaxRedLines {
                    parties,
                    red_lines,
                    opens,
                } => {
                    let what: Vec<String> = parties
                        .iter()
                        .zip(red_lines)
                        .map(|(p, l)| format!("{p} relaxes `{l}`"))
                        .collect();
                    s.push_str(&format!(
                        "  • {} → {opens} package(s) acceptable\n",
                        what.join(" and ")
                    ));
                }
                Concession::LowerNoDeal { party, by, to, .. } => {
                    s.push_str(&format!(
                        "  • {party} lowers its no-deal value by {} (to {})\n",
                        format_number(*by),
                        format_number(*to)
                    ));
                }
            }
        }
    }
    s
}
