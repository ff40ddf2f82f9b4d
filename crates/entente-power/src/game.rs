//! A bound rule turned into a simple game: the coalition votes yes, every other member votes no.
//!
//! In a priori analysis nobody abstains or stays away: a member not in the coalition votes no, so
//! `abstain` and `absent` quantities are always zero and a `no` quantity is the body's total minus
//! the coalition's. Each comparison of the rule becomes a [`Leaf`] over the coalition's size and
//! attribute sums; `veto(...)` becomes "all these members are in the coalition". Members that no
//! leaf can tell apart (same attribute values, same veto lists) form one symmetry class.

use entente_rules::{Bound, CmpOp, Node, Side};

/// A comparison or veto of the rule, evaluated on a coalition.
#[derive(Debug, Clone)]
pub(crate) enum Leaf {
    /// A comparison whose value does not depend on the coalition (abstain/absent quantities).
    Const(bool),
    /// `scale * q op rhs` where `q` is the coalition's size, or `n - size` if `no`.
    Count {
        no: bool,
        op: CmpOp,
        scale: f64,
        rhs: f64,
    },
    /// Same over the sum of attribute `k` (the total minus it if `no`).
    Sum {
        k: usize,
        no: bool,
        op: CmpOp,
        scale: f64,
        rhs: f64,
    },
    /// Every listed member is in the coalition.
    Veto(Vec<usize>),
}

/// The boolean structure above the leaves.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Leaf(usize),
}

/// A simple game ready for the algorithms.
#[derive(Debug, Clone)]
pub(crate) struct Game {
    pub n: usize,
    /// `attrs[k][i]`: value of attribute k for member i.
    pub attrs: Vec<Vec<f64>>,
    /// Body totals of each attribute.
    pub totals: Vec<f64>,
    pub leaves: Vec<Leaf>,
    pub expr: Expr,
}

impl Game {
    pub fn from_bound(b: &Bound) -> Game {
        let n = b.len();
        let attrs: Vec<Vec<f64>> = (0..b.weight_names().len())
            .map(|k| b.weights(k).to_vec())
            .collect();
        let totals = attrs.iter().map(|v| v.iter().sum()).collect();
        let mut leaves = Vec::new();
        let expr = compile(b.node(), &mut leaves);
        Game {
            n,
            attrs,
            totals,
            leaves,
            expr,
        }
    }

    /// Value of a leaf for a coalition of `count` members with attribute sums `sums`, whose
    /// veto condition is answered by `has_all`.
    #[inline]
    pub fn leaf(
        &self,
        l: usize,
        count: usize,
        sums: &[f64],
        has_all: &dyn Fn(&[usize]) -> bool,
    ) -> bool {
        match &self.leaves[l] {
            Leaf::Const(b) => *b,
            Leaf::Count { no, op, scale, rhs } => {
                let q = if *no { self.n - count } else { count } as f64;
                op.holds(scale * q, *rhs)
            }
            Leaf::Sum {
                k,
                no,
                op,
                scale,
                rhs,
            } => {
                let q = if *no {
                    self.totals[*k] - sums[*k]
                } else {
                    sums[*k]
                };
                op.holds(scale * q, *rhs)
            }
            Leaf::Veto(m) => has_all(m),
        }
    }

    /// Evaluate the rule given the value of each leaf.
    pub fn eval(&self, leaf: &dyn Fn(usize) -> bool) -> bool {
        eval(&self.expr, leaf)
    }

    /// Symmetry classes: members with identical attribute values and veto lists, in order of
    /// first member. Returns (class of each member, members of each class). Time and memory are
    /// linear in the number of members (for a given rule).
    pub fn classes(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        // Which veto lists each member is on, by veto leaf in rule order.
        let vetoes: Vec<&Vec<usize>> = self
            .leaves
            .iter()
            .filter_map(|l| match l {
                Leaf::Veto(m) => Some(m),
                _ => None,
            })
            .collect();
        let mut on = vec![vec![false; vetoes.len()]; if vetoes.is_empty() { 0 } else { self.n }];
        for (v, m) in vetoes.iter().enumerate() {
            for &i in m.iter() {
                on[i][v] = true;
            }
        }
        let signature = |i: usize| -> (Vec<u64>, Vec<bool>) {
            let a = self.attrs.iter().map(|v| v[i].to_bits()).collect();
            let v = on.get(i).cloned().unwrap_or_default();
            (a, v)
        };
        let mut seen: std::collections::HashMap<(Vec<u64>, Vec<bool>), usize> =
            std::collections::HashMap::new();
        let mut class_of = Vec::with_capacity(self.n);
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..self.n {
            let next = members.len();
            let c = *seen.entry(signature(i)).or_insert(next);
            if c == next {
                members.push(Vec::new());
            }
            members[c].push(i);
            class_of.push(c);
        }
        (class_of, members)
    }

    /// Whether every comparison of the rule is carried out without rounding: the attributes it
    /// sums are non-negative multiples of 2^-10 (whole numbers, halves, quarters, …) and, scaled
    /// to whole numbers, every total, scaled total and right-hand side stays below 2^50, so every
    /// coalition's sum, its product with the comparison's scale and the comparison itself are exact
    /// in floating point. When it fails (weights near 1e308, above 2^53, or decimals such as 0.1),
    /// results computed "exactly" may have been rounded and must not be called exact.
    pub fn exact_arithmetic(&self) -> bool {
        const LIMIT: f64 = (1u64 << 50) as f64;
        let used: Vec<usize> = self
            .leaves
            .iter()
            .filter_map(|l| match l {
                Leaf::Sum { k, .. } => Some(*k),
                _ => None,
            })
            .collect();
        // The coarsest grid 2^-e (e ≤ 10) every used value lies on.
        let grid = (0..=10).map(|e| f64::from(1u32 << e)).find(|g| {
            used.iter().all(|&k| {
                self.attrs[k]
                    .iter()
                    .all(|&x| x >= 0.0 && x.is_finite() && (x * g).fract() == 0.0)
            })
        });
        let Some(grid) = grid else {
            return false;
        };
        self.leaves.iter().all(|l| match l {
            Leaf::Sum { k, scale, rhs, .. } => {
                let t = self.totals[*k] * grid;
                t.is_finite() && t * scale.abs().max(1.0) < LIMIT && (rhs * grid).abs() < LIMIT
            }
            Leaf::Count { scale, rhs, .. } => {
                (self.n as f64) * scale.abs().max(1.0) < LIMIT && rhs.abs() < LIMIT
            }
            Leaf::Const(_) | Leaf::Veto(_) => true,
        })
    }

    /// For each veto leaf (by leaf index), and for each member, the veto leaves whose list
    /// holds it: lets a coalition keep, for every veto, how many of its holders are in.
    pub fn veto_lists(&self) -> Vec<Vec<usize>> {
        let mut of = vec![Vec::new(); self.n];
        for (l, leaf) in self.leaves.iter().enumerate() {
            if let Leaf::Veto(m) = leaf {
                for &i in m {
                    of[i].push(l);
                }
            }
        }
        of
    }
}

fn eval(e: &Expr, leaf: &dyn Fn(usize) -> bool) -> bool {
    match e {
        Expr::Or(a, b) => eval(a, leaf) || eval(b, leaf),
        Expr::And(a, b) => eval(a, leaf) && eval(b, leaf),
        Expr::Not(a) => !eval(a, leaf),
        Expr::Leaf(l) => leaf(*l),
    }
}

fn compile(node: &Node, leaves: &mut Vec<Leaf>) -> Expr {
    match node {
        Node::Or(a, b) => Expr::Or(Box::new(compile(a, leaves)), Box::new(compile(b, leaves))),
        Node::And(a, b) => Expr::And(Box::new(compile(a, leaves)), Box::new(compile(b, leaves))),
        Node::Not(a) => Expr::Not(Box::new(compile(a, leaves))),
        Node::Veto(m) => {
            let mut m = m.clone();
            m.sort_unstable();
            m.dedup();
            leaves.push(Leaf::Veto(m));
            Expr::Leaf(leaves.len() - 1)
        }
        Node::Cmp {
            side,
            attribute,
            op,
            scale,
            rhs,
        } => {
            let leaf = match side {
                // Nobody abstains or is absent in a coalition analysis.
                Side::Abstain | Side::Absent => Leaf::Const(op.holds(0.0, *rhs)),
                Side::Yes | Side::No => {
                    let no = *side == Side::No;
                    match attribute {
                        None => Leaf::Count {
                            no,
                            op: *op,
                            scale: *scale,
                            rhs: *rhs,
                        },
                        Some(k) => Leaf::Sum {
                            k: *k,
                            no,
                            op: *op,
                            scale: *scale,
                            rhs: *rhs,
                        },
                    }
                }
            };
            leaves.push(leaf);
            Expr::Leaf(leaves.len() - 1)
        }
    }
}
