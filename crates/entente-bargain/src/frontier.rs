//! The Pareto frontier of the acceptable packages, computed in one streaming pass (M11).
//!
//! Packages are visited without being stored: each issue's values are visited best-welfare
//! first so that strong packages enter the frontier early; a candidate is checked against the
//! current frontier (the point that last dominated something is moved to the front, so most
//! dominated packages are rejected after one or two comparisons); and a whole subtree of the
//! mixed-radix walk is skipped when an upper bound of its utilities is already dominated. Memory
//! is the frontier itself, whatever the number of packages.
//!
//! Ties: packages with identical utility vectors are all kept (none dominates another).

use crate::model::{Model, Visitor};

/// A package with its utilities (one per party, in party order).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Package index (mixed radix, first issue most significant).
    pub index: u64,
    /// Utilities in party order.
    pub utilities: Vec<f64>,
}

/// The frontier and the counts gathered on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    /// Number of acceptable packages.
    pub acceptable: u64,
    /// The undominated acceptable packages, by increasing index.
    pub points: Vec<Point>,
}

/// Whether `y` Pareto-dominates `x`: at least as good for all, better for one.
#[inline]
pub fn dominates(y: &[f64], x: &[f64]) -> bool {
    let mut ge = true;
    let mut gt = false;
    for (a, b) in y.iter().zip(x) {
        ge &= a >= b;
        gt |= a > b;
    }
    ge && gt
}

struct Builder<'a> {
    model: &'a Model,
    k: usize,
    /// Frontier utilities, point-major.
    pts: Vec<f64>,
    ids: Vec<u64>,
    acceptable: u64,
    check: bool,
    bound: Vec<f64>,
}

impl Builder<'_> {
    /// Index of a frontier point dominating `x`, if any.
    #[inline]
    fn find_dominator(&self, x: &[f64]) -> Option<usize> {
        let k = self.k;
        self.pts.chunks_exact(k).position(|y| dominates(y, x))
    }

    fn insert(&mut self, x: &[f64], id: u64) {
        let k = self.k;
        let mut j = 0;
        while j < self.ids.len() {
            if dominates(x, &self.pts[j * k..(j + 1) * k]) {
                let last = self.ids.len() - 1;
                if j != last {
                    let (a, b) = self.pts.split_at_mut(last * k);
                    a[j * k..(j + 1) * k].copy_from_slice(&b[..k]);
                }
                self.pts.truncate(last * k);
                self.ids.swap_remove(j);
            } else {
                j += 1;
            }
        }
        self.pts.extend_from_slice(x);
        self.ids.push(id);
    }

    #[inline]
    fn move_to_front(&mut self, j: usize) {
        if j > 0 {
            let k = self.k;
            let (a, b) = self.pts.split_at_mut(j * k);
            a[..k].swap_with_slice(&mut b[..k]);
            self.ids.swap(0, j);
        }
    }
}

impl Visitor for Builder<'_> {
    fn prune(&mut self, _depth: usize, partial: &[f64], bound: &[f64]) -> bool {
        if self.ids.is_empty() {
            return false;
        }
        // Inflate the bound by a relative epsilon: the leaves' sums are rounded differently.
        for p in 0..self.k {
            let b = partial[p] + bound[p];
            self.bound[p] = b + 1e-9 * (b.abs() + 1.0);
        }
        let ub = std::mem::take(&mut self.bound);
        let hit = self.find_dominator(&ub);
        self.bound = ub;
        match hit {
            Some(j) => {
                self.move_to_front(j);
                true
            }
            None => false,
        }
    }

    fn leaf(&mut self, index: u64, values: &[usize], utils: &[f64], pruned: bool) {
        if self.check {
            if !self.model.acceptable(values, utils) {
                return;
            }
        } else if utils.iter().zip(&self.model.no_deal).any(|(u, d)| u < d) {
            return;
        }
        self.acceptable += 1;
        if pruned {
            return;
        }
        match self.find_dominator(utils) {
            Some(j) => self.move_to_front(j),
            None => self.insert(utils, index),
        }
    }
}

/// Each issue's values ordered by decreasing total utility (each party scaled by its best
/// total), so that good packages are met first.
pub fn welfare_order(model: &Model) -> Vec<Vec<usize>> {
    let k = model.k;
    let mut scale = vec![0.0f64; k];
    let mut row = vec![0.0; k];
    for (i, r) in model.radices.iter().enumerate() {
        for p in 0..k {
            let mut m: f64 = 0.0;
            for v in 0..*r {
                model.additive(i, v, &mut row);
                m = m.max(row[p].abs());
            }
            scale[p] += m;
        }
    }
    model
        .radices
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut score: Vec<(f64, usize)> = (0..*r)
                .map(|v| {
                    model.additive(i, v, &mut row);
                    let s: f64 = row
                        .iter()
                        .zip(&scale)
                        .map(|(u, s)| if *s > 0.0 { u / s } else { 0.0 })
                        .sum();
                    (s, v)
                })
                .collect();
            score.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            score.into_iter().map(|(_, v)| v).collect()
        })
        .collect()
}

/// The Pareto frontier of the acceptable packages.
pub fn frontier(model: &Model) -> Frontier {
    let order = welfare_order(model);
    let mut b = Builder {
        model,
        k: model.k,
        pts: Vec::new(),
        ids: Vec::new(),
        acceptable: 0,
        check: model.has_constraints(),
        bound: vec![0.0; model.k],
    };
    model.walk(Some(&order), &mut b);
    let k = model.k;
    let mut points: Vec<Point> = b
        .ids
        .iter()
        .enumerate()
        .map(|(j, id)| Point {
            index: *id,
            utilities: b.pts[j * k..(j + 1) * k].to_vec(),
        })
        .collect();
    points.sort_by_key(|p| p.index);
    Frontier {
        acceptable: b.acceptable,
        points,
    }
}
