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
    /// first member. Returns (class of each member, members of each class).
    pub fn classes(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        let signature = |i: usize| -> (Vec<u64>, Vec<bool>) {
            let a = self.attrs.iter().map(|v| v[i].to_bits()).collect();
            let v = self
                .leaves
                .iter()
                .filter_map(|l| match l {
                    Leaf::Veto(m) => Some(m.contains(&i)),
                    _ => None,
                })
                .collect();
            (a, v)
        };
        let mut sigs: Vec<(Vec<u64>, Vec<bool>)> = Vec::new();
        let mut class_of = Vec::with_capacity(self.n);
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..self.n {
            let s = signature(i);
            match sigs.iter().position(|x| *x == s) {
                Some(c) => {
                    class_of.push(c);
                    members[c].push(i);
                }
                None => {
                    sigs.push(s);
                    class_of.push(members.len());
                    members.push(vec![i]);
                }
            }
        }
        (class_of, members)
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
