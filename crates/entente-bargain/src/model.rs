//! A valid [`Space`] compiled for enumeration: per-issue utility tables (one row per value, one
//! column per party), pairwise interaction tables attached to the later of their two issues,
//! red lines and links compiled to per-value masks, and the walk over every package in
//! mixed-radix order with incremental partial sums (no allocation per package).
//!
//! Utilities are summed in one fixed order — issue by issue, and at each issue its additive term
//! then its interaction terms with earlier issues — so that every caller (the fast frontier, the
//! brute-force oracle in the tests) gets bit-identical numbers for the same package.

use crate::error::Result;
use crate::space::{Expr, IssuePreference, Space};

/// A compiled boolean expression: leaves are per-value masks of one issue.
#[derive(Debug, Clone)]
pub enum Mask {
    /// A constant.
    Const(bool),
    /// The issue's value is allowed by the mask.
    Atom {
        /// Issue index.
        issue: usize,
        /// One flag per value.
        allowed: Vec<bool>,
    },
    /// All hold.
    And(Vec<Mask>),
    /// One holds.
    Or(Vec<Mask>),
    /// Does not hold.
    Not(Box<Mask>),
}

impl Mask {
    /// Compile an expression against a space.
    pub fn compile(expr: &Expr, space: &Space) -> Mask {
        match expr {
            Expr::True => Mask::Const(true),
            Expr::False => Mask::Const(false),
            Expr::Cmp { issue, op, value } => Mask::Atom {
                issue: *issue,
                allowed: space.issues[*issue]
                    .numbers
                    .iter()
                    .map(|x| op.holds(*x, *value))
                    .collect(),
            },
            Expr::In { issue, values } => {
                let mut allowed = vec![false; space.issues[*issue].len()];
                for v in values {
                    allowed[*v] = true;
                }
                Mask::Atom {
                    issue: *issue,
                    allowed,
                }
            }
            Expr::And(xs) => Mask::And(xs.iter().map(|x| Mask::compile(x, space)).collect()),
            Expr::Or(xs) => Mask::Or(xs.iter().map(|x| Mask::compile(x, space)).collect()),
            Expr::Not(x) => Mask::Not(Box::new(Mask::compile(x, space))),
        }
    }

    /// Evaluate on value indices.
    #[inline]
    pub fn holds(&self, values: &[usize]) -> bool {
        match self {
            Mask::Const(b) => *b,
            Mask::Atom { issue, allowed } => allowed[values[*issue]],
            Mask::And(xs) => xs.iter().all(|x| x.holds(values)),
            Mask::Or(xs) => xs.iter().any(|x| x.holds(values)),
            Mask::Not(x) => !x.holds(values),
        }
    }
}

/// Where a constraint comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ConstraintRef {
    /// Red line `line` of party `party`.
    RedLine {
        /// Party index.
        party: usize,
        /// Red line index within the party.
        line: usize,
    },
    /// The party's utility must reach its no-deal value.
    NoDeal {
        /// Party index.
        party: usize,
    },
}

#[derive(Debug, Clone)]
struct PairTable {
    /// The earlier issue.
    a: usize,
    /// `table[(va * r_b + vb) * k + p]`, `b` being the issue the table is attached to.
    table: Vec<f64>,
}

/// A compiled space.
#[derive(Debug, Clone)]
pub struct Model {
    /// Values per issue.
    pub radices: Vec<usize>,
    /// Number of parties.
    pub k: usize,
    /// `add[i][v * k + p]`: party `p`'s additive utility for value `v` of issue `i`.
    add: Vec<Vec<f64>>,
    /// Interaction tables attached to their later issue.
    pairs: Vec<Vec<PairTable>>,
    /// Links (every valid package meets them).
    links: Vec<Mask>,
    /// Red lines, with where they come from.
    red_lines: Vec<(ConstraintRef, Mask)>,
    /// Each party's no-deal value.
    pub no_deal: Vec<f64>,
    /// Each party's reservation value.
    pub reservation: Vec<f64>,
    /// `suffix_max[d * k + p]`: an upper bound of what issues `d..` can still add for party `p`.
    suffix_max: Vec<f64>,
    /// Number of packages.
    pub count: u64,
}

impl Model {
    /// Compile a space (validating it first).
    pub fn new(space: &Space) -> Result<Model> {
        space.validate()?;
        let n = space.issues.len();
        let k = space.parties.len();
        let radices: Vec<usize> = space.issues.iter().map(|i| i.len()).collect();
        let mut add: Vec<Vec<f64>> = radices.iter().map(|r| vec![0.0; r * k]).collect();
        let mut pairs: Vec<Vec<PairTable>> = vec![Vec::new(); n];
        for (p, party) in space.parties.iter().enumerate() {
            for (i, pref) in party.preferences.iter().enumerate() {
                let issue = &space.issues[i];
                match pref {
                    None => {}
                    Some(IssuePreference::Table { weight, values }) => {
                        for (v, e) in values.iter().enumerate() {
                            add[i][v * k + p] = weight * e;
                        }
                    }
                    Some(IssuePreference::Ideal { ideal, salience }) => {
                        let lo = issue.numbers.iter().copied().fold(f64::INFINITY, f64::min);
                        let hi = issue
                            .numbers
                            .iter()
                            .copied()
                            .fold(f64::NEG_INFINITY, f64::max);
                        let range = if hi > lo { hi - lo } else { 1.0 };
                        for (v, x) in issue.numbers.iter().enumerate() {
                            add[i][v * k + p] = salience * (1.0 - (x - ideal).abs() / range);
                        }
                    }
                }
            }
            for t in &party.interactions {
                let (a, va, b, vb) = if t.a < t.b {
                    (t.a, t.va, t.b, t.vb)
                } else {
                    (t.b, t.vb, t.a, t.va)
                };
                let rb = radices[b];
                let pos = match pairs[b].iter().position(|pt| pt.a == a) {
                    Some(pos) => pos,
                    None => {
                        pairs[b].push(PairTable {
                            a,
                            table: vec![0.0; radices[a] * rb * k],
                        });
                        pairs[b].len() - 1
                    }
                };
                pairs[b][pos].table[(va * rb + vb) * k + p] += t.value;
            }
        }
        let links = space
            .links
            .iter()
            .map(|l| Mask::compile(&l.expr, space))
            .collect();
        let mut red_lines = Vec::new();
        for (p, party) in space.parties.iter().enumerate() {
            for (l, r) in party.red_lines.iter().enumerate() {
                red_lines.push((
                    ConstraintRef::RedLine { party: p, line: l },
                    Mask::compile(&r.expr, space),
                ));
            }
        }
        let mut model = Model {
            radices,
            k,
            add,
            pairs,
            links,
            red_lines,
            no_deal: space.parties.iter().map(|p| p.no_deal).collect(),
            reservation: space
                .parties
                .iter()
                .map(|p| p.reservation_value())
                .collect(),
            suffix_max: Vec::new(),
            count: space.package_count(),
        };
        model.suffix_max = model.bounds();
        Ok(model)
    }

    fn bounds(&self) -> Vec<f64> {
        let n = self.radices.len();
        let k = self.k;
        let mut out = vec![0.0; (n + 1) * k];
        for d in (0..n).rev() {
            for p in 0..k {
                let mut m = f64::NEG_INFINITY;
                for v in 0..self.radices[d] {
                    m = m.max(self.add[d][v * k + p]);
                }
                // Interaction terms attached to issue d: bound by their largest entry.
                for pt in &self.pairs[d] {
                    let mut pm = f64::NEG_INFINITY;
                    for c in pt.table.chunks_exact(k) {
                        pm = pm.max(c[p]);
                    }
                    m += pm;
                }
                out[d * k + p] = out[(d + 1) * k + p] + m;
            }
        }
        out
    }

    /// Party utilities of value `v` of issue `issue`, additive terms only.
    pub fn additive(&self, issue: usize, v: usize, out: &mut [f64]) {
        out.copy_from_slice(&self.add[issue][v * self.k..(v + 1) * self.k]);
    }

    /// Number of issues.
    pub fn issues(&self) -> usize {
        self.radices.len()
    }

    /// Utilities of one package (same summation order as the walk).
    pub fn utilities(&self, values: &[usize], out: &mut [f64]) {
        let k = self.k;
        out.iter_mut().for_each(|x| *x = 0.0);
        for (d, &v) in values.iter().enumerate() {
            let row = &self.add[d][v * k..(v + 1) * k];
            let rb = self.radices[d];
            for p in 0..k {
                let mut x = out[p] + row[p];
                for pt in &self.pairs[d] {
                    x += pt.table[(values[pt.a] * rb + v) * k + p];
                }
                out[p] = x;
            }
        }
    }

    /// Whether the package meets every link.
    #[inline]
    pub fn valid(&self, values: &[usize]) -> bool {
        self.links.iter().all(|m| m.holds(values))
    }

    /// Whether the package is valid, within every red line and gives every party at least its
    /// no-deal value.
    #[inline]
    pub fn acceptable(&self, values: &[usize], utils: &[f64]) -> bool {
        utils.iter().zip(&self.no_deal).all(|(u, d)| u >= d)
            && self.valid(values)
            && self.red_lines.iter().all(|(_, m)| m.holds(values))
    }

    /// Whether party `p` alone accepts the package: its utility reaches its no-deal value and
    /// every one of its red lines holds (links are not checked).
    pub fn party_accepts(&self, p: usize, values: &[usize], utils: &[f64]) -> bool {
        utils[p] >= self.no_deal[p]
            && self.red_lines.iter().all(|(c, m)| {
                !matches!(c, ConstraintRef::RedLine { party, .. } if *party == p) || m.holds(values)
            })
    }

    /// Whether utilities are additive and nothing else restricts packages: no interaction, no
    /// red line, no link.
    pub fn separable(&self) -> bool {
        !self.has_constraints() && self.pairs.iter().all(Vec::is_empty)
    }

    /// Each party's smallest possible utility (exact for separable spaces, a lower bound
    /// otherwise).
    pub fn lower_bound(&self) -> Vec<f64> {
        let k = self.k;
        let mut out = vec![0.0; k];
        for (d, r) in self.radices.iter().enumerate() {
            for (p, o) in out.iter_mut().enumerate() {
                let mut m = f64::INFINITY;
                for v in 0..*r {
                    m = m.min(self.add[d][v * k + p]);
                }
                for pt in &self.pairs[d] {
                    m += pt
                        .table
                        .chunks_exact(k)
                        .map(|c| c[p])
                        .fold(f64::INFINITY, f64::min);
                }
                *o += m;
            }
        }
        out
    }

    /// Whether there are links or red lines to check.
    pub fn has_constraints(&self) -> bool {
        !self.links.is_empty() || !self.red_lines.is_empty()
    }

    /// The red lines, with where each comes from.
    pub fn red_lines(&self) -> impl Iterator<Item = (ConstraintRef, &Mask)> {
        self.red_lines.iter().map(|(c, m)| (*c, m))
    }

    /// Visit every package in index order (or in the order `order` gives each issue's values).
    pub fn walk<V: Visitor>(&self, order: Option<&[Vec<usize>]>, visitor: &mut V) {
        let n = self.radices.len();
        let k = self.k;
        let natural: Vec<Vec<usize>>;
        let order = match order {
            Some(o) => o,
            None => {
                natural = self.radices.iter().map(|r| (0..*r).collect()).collect();
                &natural
            }
        };
        let mut partial = vec![0.0; (n + 1) * k];
        let mut values = vec![0usize; n];
        let mut utils = vec![0.0; k];
        self.rec(
            0,
            0,
            order,
            &mut values,
            &mut partial,
            &mut utils,
            visitor,
            false,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn rec<V: Visitor>(
        &self,
        d: usize,
        prefix: u64,
        order: &[Vec<usize>],
        values: &mut [usize],
        partial: &mut [f64],
        utils: &mut [f64],
        visitor: &mut V,
        pruned: bool,
    ) {
        let k = self.k;
        let n = self.radices.len();
        let rb = self.radices[d];
        let table = &self.add[d];
        let pairs = &self.pairs[d];
        if d + 1 == n {
            let base = &partial[d * k..(d + 1) * k];
            for &v in &order[d] {
                values[d] = v;
                let row = &table[v * k..(v + 1) * k];
                if pairs.is_empty() {
                    for p in 0..k {
                        utils[p] = base[p] + row[p];
                    }
                } else {
                    for p in 0..k {
                        let mut x = base[p] + row[p];
                        for pt in pairs {
                            x += pt.table[(values[pt.a] * rb + v) * k + p];
                        }
                        utils[p] = x;
                    }
                }
                visitor.leaf(prefix * rb as u64 + v as u64, values, utils, pruned);
            }
            return;
        }
        for &v in &order[d] {
            values[d] = v;
            let row = &table[v * k..(v + 1) * k];
            for p in 0..k {
                let mut x = partial[d * k + p] + row[p];
                for pt in pairs {
                    x += pt.table[(values[pt.a] * rb + v) * k + p];
                }
                partial[(d + 1) * k + p] = x;
            }
            let now_pruned = pruned
                || visitor.prune(
                    d + 1,
                    &partial[(d + 1) * k..(d + 2) * k],
                    &self.suffix_max[(d + 1) * k..(d + 2) * k],
                );
            self.rec(
                d + 1,
                prefix * rb as u64 + v as u64,
                order,
                values,
                partial,
                utils,
                visitor,
                now_pruned,
            );
        }
    }
}

/// What a walk over the packages calls.
pub trait Visitor {
    /// Called at an inner node: `partial` are the utilities of the issues fixed so far and
    /// `bound` an upper bound of what the rest can add. Return true to mark the whole subtree as
    /// pruned (its leaves are still visited, with `pruned` set). The default never prunes.
    fn prune(&mut self, _depth: usize, _partial: &[f64], _bound: &[f64]) -> bool {
        false
    }

    /// Called once per package, with its index, value indices and utilities.
    fn leaf(&mut self, index: u64, values: &[usize], utils: &[f64], pruned: bool);
}
