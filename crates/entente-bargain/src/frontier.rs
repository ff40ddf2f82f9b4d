//! The Pareto frontier of the acceptable packages (M11).
//!
//! Separable spaces (additive utilities only: every GENIUS and GeniusWeb space) are solved by
//! dynamic programming over the issues, keeping only undominated partial packages. Other spaces
//! (interactions, red lines, links) take one streaming pass: packages are visited without being stored: each issue's values are visited best-welfare
//! first so that strong packages enter the frontier early; a candidate is checked against the
//! current frontier (the point that last dominated something is moved to the front, so most
//! dominated packages are rejected after one or two comparisons); and a whole subtree of the
//! mixed-radix walk is skipped when an upper bound of its utilities is already dominated. Memory
//! is the frontier itself, whatever the number of packages.
//!
//! Ties: packages with identical utility vectors are all kept (none dominates another).

use crate::model::{Model, Visitor};

/// A package with its utilities (one per party, in party order).
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
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
        find_dominator_in(&self.pts, self.k, x)
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

/// The Pareto frontier of the acceptable packages: [`frontier_separable`] when the space is
/// separable (additive utilities, no interaction, no red line, no link), else
/// [`frontier_streaming`].
pub fn frontier(model: &Model) -> Frontier {
    if model.separable() {
        frontier_separable(model)
    } else {
        frontier_streaming(model)
    }
}

/// Whether `y` dominates `x`, both of length `k`, written for the compiler to unroll.
#[inline(always)]
fn dom_k<const K: usize>(y: &[f64], x: &[f64]) -> bool {
    let mut ge = true;
    let mut gt = false;
    for p in 0..K {
        ge &= y[p] >= x[p];
        gt |= y[p] > x[p];
    }
    ge && gt
}

/// Position of a point of `pts` (point-major, `k` per point) dominating `x`.
#[inline]
fn find_dominator_in(pts: &[f64], k: usize, x: &[f64]) -> Option<usize> {
    macro_rules! with_k {
        ($K:literal) => {
            pts.chunks_exact($K).position(|y| dom_k::<$K>(y, x))
        };
    }
    match k {
        2 => with_k!(2),
        3 => with_k!(3),
        4 => with_k!(4),
        5 => with_k!(5),
        6 => with_k!(6),
        _ => pts.chunks_exact(k).position(|y| dominates(y, x)),
    }
}

/// Points stored column by column (one vector per party), in `f64` and rounded to `f32`. A
/// candidate is screened against eight points at a time in `f32` (twice the lanes of `f64`):
/// rounding is monotone, so `y ≥ x` implies `f32(y) ≥ f32(x)` and the screen never misses a
/// dominator; the few points that pass it are checked exactly in `f64`.
struct Columns {
    cols: Vec<Vec<f64>>,
    cols32: Vec<Vec<f32>>,
}

const LANES: usize = 8;

impl Columns {
    fn new(k: usize) -> Columns {
        Columns {
            cols: vec![Vec::new(); k],
            cols32: vec![Vec::new(); k],
        }
    }

    fn len(&self) -> usize {
        self.cols[0].len()
    }

    fn push(&mut self, x: &[f64]) {
        for ((c, c32), v) in self.cols.iter_mut().zip(&mut self.cols32).zip(x) {
            c.push(*v);
            c32.push(*v as f32);
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        for (c, c32) in self.cols.iter_mut().zip(&mut self.cols32) {
            c.swap(a, b);
            c32.swap(a, b);
        }
    }

    fn rows(&self) -> Vec<f64> {
        let k = self.cols.len();
        let mut out = Vec::with_capacity(self.len() * k);
        for j in 0..self.len() {
            for c in &self.cols {
                out.push(c[j]);
            }
        }
        out
    }

    #[inline]
    fn dominates_at(&self, j: usize, x: &[f64]) -> bool {
        let mut ge = true;
        let mut gt = false;
        for (c, xv) in self.cols.iter().zip(x) {
            ge &= c[j] >= *xv;
            gt |= c[j] > *xv;
        }
        ge && gt
    }

    /// Position of a stored point dominating `x`.
    fn find_dominator(&self, x: &[f64]) -> Option<usize> {
        let n = self.len();
        // The front holds the points that dominated recently: try them one by one first.
        let head = n.min(LANES);
        if let Some(j) = (0..head).find(|&j| self.dominates_at(j, x)) {
            return Some(j);
        }
        let x32: Vec<f32> = x.iter().map(|v| *v as f32).collect();
        let full = n - (n - head) % LANES;
        let mut j = head;
        while j < full {
            let mut ge = [true; LANES];
            for (c, xv) in self.cols32.iter().zip(&x32) {
                let chunk: &[f32; LANES] = c[j..j + LANES].try_into().unwrap_or(&[0.0; LANES]);
                for l in 0..LANES {
                    ge[l] &= chunk[l] >= *xv;
                }
            }
            if ge.iter().any(|g| *g) {
                if let Some(l) = (0..LANES).find(|l| ge[*l] && self.dominates_at(j + l, x)) {
                    return Some(j + l);
                }
            }
            j += LANES;
        }
        (full..n).find(|&j| self.dominates_at(j, x))
    }
}

/// The frontier of a separable space by dynamic programming over the issues: a package whose
/// first `d` issues already sum to a dominated vector is dominated whatever the rest (the rest
/// adds the same to both), so after each issue only the undominated partial packages are
/// kept. Each stage filters its candidates in decreasing order of (sum, vector): a dominator
/// always comes before what it dominates, so a candidate is kept iff no kept one dominates it.
/// Acceptability (utility at least the no-deal value) is applied at the end: whatever
/// dominates an acceptable package is acceptable too.
pub fn frontier_separable(model: &Model) -> Frontier {
    let k = model.k;
    let mut pts: Vec<f64> = vec![0.0; k];
    let mut ids: Vec<u64> = vec![0];
    let mut row = vec![0.0; k];
    for (d, &r) in model.radices.iter().enumerate() {
        let m = ids.len() * r;
        let mut cand: Vec<f64> = Vec::with_capacity(m * k);
        let mut cid: Vec<u64> = Vec::with_capacity(m);
        let rows: Vec<Vec<f64>> = (0..r)
            .map(|v| {
                model.additive(d, v, &mut row);
                row.clone()
            })
            .collect();
        for (j, id) in ids.iter().enumerate() {
            let base = &pts[j * k..(j + 1) * k];
            for (v, rv) in rows.iter().enumerate() {
                for p in 0..k {
                    cand.push(base[p] + rv[p]);
                }
                cid.push(id * r as u64 + v as u64);
            }
        }
        let sums: Vec<f64> = cand.chunks_exact(k).map(|c| c.iter().sum()).collect();
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_unstable_by(|&a, &b| {
            sums[b]
                .total_cmp(&sums[a])
                .then_with(|| {
                    let (x, y) = (&cand[a * k..(a + 1) * k], &cand[b * k..(b + 1) * k]);
                    y.iter()
                        .zip(x)
                        .map(|(p, q)| p.total_cmp(q))
                        .find(|o| o.is_ne())
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .then(cid[a].cmp(&cid[b]))
        });
        let mut kept = Columns::new(k);
        let mut kept_ids: Vec<u64> = Vec::new();
        for &c in &order {
            let x = &cand[c * k..(c + 1) * k];
            match kept.find_dominator(x) {
                Some(j) => {
                    if j > 0 {
                        kept.swap(0, j);
                        kept_ids.swap(0, j);
                    }
                }
                None => {
                    kept.push(x);
                    kept_ids.push(cid[c]);
                }
            }
        }
        pts = kept.rows();
        ids = kept_ids;
    }
    let mut points: Vec<Point> = ids
        .iter()
        .enumerate()
        .map(|(j, id)| Point {
            index: *id,
            utilities: pts[j * k..(j + 1) * k].to_vec(),
        })
        .filter(|p| p.utilities.iter().zip(&model.no_deal).all(|(u, d)| u >= d))
        .collect();
    points.sort_by_key(|p| p.index);
    Frontier {
        acceptable: count_acceptable(model),
        points,
    }
}

struct Count<'a> {
    model: &'a Model,
    n: u64,
}

impl Visitor for Count<'_> {
    fn leaf(&mut self, _index: u64, values: &[usize], utils: &[f64], _pruned: bool) {
        if self.model.acceptable(values, utils) {
            self.n += 1;
        }
    }
}

/// Number of acceptable packages; no walk when every package clears every no-deal value.
pub fn count_acceptable(model: &Model) -> u64 {
    if !model.has_constraints()
        && model
            .lower_bound()
            .iter()
            .zip(&model.no_deal)
            .all(|(l, d)| l >= d)
    {
        return model.count;
    }
    let mut c = Count { model, n: 0 };
    model.walk(None, &mut c);
    c.n
}

/// The frontier by one streaming pass over every package (any space).
pub fn frontier_streaming(model: &Model) -> Frontier {
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
