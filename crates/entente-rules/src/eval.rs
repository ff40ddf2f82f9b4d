//! Binding a rule to a body (resolving attributes and veto holders to member indices) and
//! evaluating it on a set of votes.
//!
//! A share `N%` is of the body's voting members (for counts) or of the body's total of the
//! attribute (for sums); `all` is the whole body. Comparisons multiply rather than divide
//! (`yes * 100 >= 55 * n`), so counts and integer-valued attributes compare exactly.
//!
//! A bound rule is a binary tree (`Node`), which other crates walk recursively; an n-ary
//! `and`/`or` of the rule becomes a balanced tree of binary nodes, so its depth grows with the
//! logarithm of the chain's length, and a rule deeper than the parser allows is refused.

use std::collections::BTreeMap;

use crate::ast::{CmpOp, MAX_DEPTH, Rule, Side, Span, Value};

/// How one voting member voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    /// In favour.
    Yes,
    /// Against (for a veto holder: a veto).
    No,
    /// Abstains: neither for nor against; does not block a consensus.
    Abstain,
    /// Takes no part.
    Absent,
}

impl Vote {
    fn side(self) -> Side {
        match self {
            Vote::Yes => Side::Yes,
            Vote::No => Side::No,
            Vote::Abstain => Side::Abstain,
            Vote::Absent => Side::Absent,
        }
    }
}

/// The voting members of a body and their numeric attributes.
#[derive(Debug, Clone, Default)]
pub struct Body {
    members: Vec<String>,
    attributes: BTreeMap<String, Vec<Option<f64>>>,
}

impl Body {
    /// A body of these voting members (ids), in this order.
    pub fn new(members: Vec<String>) -> Body {
        Body {
            members,
            attributes: BTreeMap::new(),
        }
    }

    /// Give every member a value of `name` (in member order; `None` where unknown).
    pub fn set_attribute(&mut self, name: &str, values: Vec<Option<f64>>) {
        assert_eq!(values.len(), self.members.len(), "one value per member");
        self.attributes.insert(name.to_string(), values);
    }

    /// The members, in order.
    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// Number of voting members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the body has no voting member.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Position of a member.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.members.iter().position(|m| m == id)
    }

    /// Names of the attributes the body knows.
    pub fn attribute_names(&self) -> impl Iterator<Item = &str> {
        self.attributes.keys().map(String::as_str)
    }

    /// Values of an attribute, if the body has it.
    pub fn attribute(&self, name: &str) -> Option<&[Option<f64>]> {
        self.attributes.get(name).map(Vec::as_slice)
    }
}

/// Why a rule cannot be applied to a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindError {
    /// Where in the rule text.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BindError {}

/// A rule bound to a body: every name resolved, every threshold computed.
#[derive(Debug, Clone)]
pub struct Bound {
    node: Node,
    n: usize,
    weights: Vec<Vec<f64>>,
    weight_names: Vec<String>,
}

/// One node of a bound rule.
#[derive(Debug, Clone)]
pub enum Node {
    /// Either passes.
    Or(Box<Node>, Box<Node>),
    /// Both pass.
    And(Box<Node>, Box<Node>),
    /// The inner rule fails.
    Not(Box<Node>),
    /// `scale * quantity op rhs`.
    Cmp {
        /// Whose votes.
        side: Side,
        /// `None`: count of members; `Some(k)`: sum of attribute k (index into `Bound::weights`).
        attribute: Option<usize>,
        /// Comparison.
        op: CmpOp,
        /// Factor applied to the quantity (100 for shares).
        scale: f64,
        /// Right-hand side, already multiplied out.
        rhs: f64,
    },
    /// None of these members (indices) votes no.
    Veto(Vec<usize>),
}

/// Closest candidate to `name` by edit distance, if it is plausibly a typo.
///
/// Names longer than 64 characters get no suggestion (nobody mistypes those, and edit distance
/// is quadratic in length).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if name.len() > 64 {
        return None;
    }
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.len() > 64 {
            continue;
        }
        let d = edit_distance(&lower, &c.to_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, c)| *d <= (c.chars().count().max(name.chars().count()) / 3).max(1))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Rule {
    /// Resolve the rule against a body. Reports every problem, not only the first.
    pub fn bind(&self, body: &Body) -> Result<Bound, Vec<BindError>> {
        // Parsed rules are never this deep; rules built by hand might be.
        if self.depth() > 2 * MAX_DEPTH + 3 {
            return Err(vec![BindError {
                span: self.span(),
                message: format!("the rule is nested more than {MAX_DEPTH} levels deep"),
                hint: Some("remove redundant parentheses and double negations".into()),
            }]);
        }
        let mut errors = Vec::new();
        let mut weights = Vec::new();
        let mut weight_names: Vec<String> = Vec::new();
        let node = bind_node(self, body, &mut weights, &mut weight_names, &mut errors);
        if errors.is_empty() {
            Ok(Bound {
                node,
                n: body.len(),
                weights,
                weight_names,
            })
        } else {
            Err(errors)
        }
    }
}

/// A balanced binary tree of `or` (or `and`) nodes over `nodes`, in order (both are associative,
/// so the shape does not change the meaning; balance keeps the depth logarithmic).
fn balanced(mut nodes: Vec<Node>, or: bool) -> Node {
    match nodes.len() {
        0 => Node::Cmp {
            // An empty chain never comes out of the parser; `and` of nothing holds, `or` fails.
            side: Side::Yes,
            attribute: None,
            op: if or { CmpOp::Lt } else { CmpOp::Ge },
            scale: 1.0,
            rhs: 0.0,
        },
        1 => nodes.pop().expect("one node"),
        n => {
            let right = nodes.split_off(n / 2);
            let (a, b) = (balanced(nodes, or), balanced(right, or));
            if or {
                Node::Or(Box::new(a), Box::new(b))
            } else {
                Node::And(Box::new(a), Box::new(b))
            }
        }
    }
}

fn bind_node(
    rule: &Rule,
    body: &Body,
    weights: &mut Vec<Vec<f64>>,
    names: &mut Vec<String>,
    errors: &mut Vec<BindError>,
) -> Node {
    let mut rec =
        |r: &Rule, errors: &mut Vec<BindError>| bind_node(r, body, weights, names, errors);
    match rule {
        Rule::Or(xs, _) => {
            let nodes = xs.iter().map(|x| rec(x, errors)).collect();
            balanced(nodes, true)
        }
        Rule::And(xs, _) => {
            let nodes = xs.iter().map(|x| rec(x, errors)).collect();
            balanced(nodes, false)
        }
        Rule::Not(a, _) => Node::Not(Box::new(rec(a, errors))),
        Rule::Veto(ids, _) => {
            let mut idx = Vec::new();
            for id in ids {
                match body.index_of(&id.name) {
                    Some(i) => idx.push(i),
                    None => errors.push(BindError {
                        span: id.span,
                        message: format!(
                            "veto holder `{}` is not a voting member of the body",
                            id.name
                        ),
                        hint: closest(&id.name, body.members().iter().map(String::as_str))
                            .map(|c| format!("did you mean `{c}`?")),
                    }),
                }
            }
            Node::Veto(idx)
        }
        Rule::Compare(c) => {
            let mut total = body.len() as f64;
            let mut attribute = None;
            if let Some(a) = &c.quantity.attribute {
                match body.attribute(&a.name) {
                    None => errors.push(BindError {
                        span: a.span,
                        message: format!("no member has the attribute `{}`", a.name),
                        hint: closest(&a.name, body.attribute_names())
                            .map(|c| format!("did you mean `{c}`?"))
                            .or_else(|| {
                                let known: Vec<&str> = body.attribute_names().collect();
                                (!known.is_empty())
                                    .then(|| format!("known attributes: {}", known.join(", ")))
                            }),
                    }),
                    Some(values) => {
                        let missing: Vec<&str> = values
                            .iter()
                            .zip(body.members())
                            .filter(|(v, _)| v.is_none_or(|x| !x.is_finite()))
                            .map(|(_, m)| m.as_str())
                            .collect();
                        if !missing.is_empty() {
                            errors.push(BindError {
                                span: a.span,
                                message: format!(
                                    "attribute `{}` has no value for {}",
                                    a.name,
                                    missing.join(", ")
                                ),
                                hint: Some("give every voting member a value for it".into()),
                            });
                        } else {
                            let v: Vec<f64> = values.iter().map(|x| x.unwrap_or(0.0)).collect();
                            total = v.iter().sum();
                            let k = match names.iter().position(|n| n == &a.name) {
                                Some(k) => k,
                                None => {
                                    names.push(a.name.clone());
                                    weights.push(v);
                                    names.len() - 1
                                }
                            };
                            attribute = Some(k);
                        }
                    }
                }
            }
            let (scale, rhs) = match c.value {
                Value::Number(x) => (1.0, x),
                Value::Percent(p) => (100.0, p * total),
                // Both sides multiplied by the denominator: whole counts compare exactly.
                Value::Fraction(a, b) => (b as f64, a as f64 * total),
                Value::All => (1.0, total),
            };
            Node::Cmp {
                side: c.quantity.side,
                attribute,
                op: c.op,
                scale,
                rhs,
            }
        }
    }
}

impl Bound {
    /// Number of voting members.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The bound tree, for analyses that look inside the rule (weighted games, vetoes).
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Attribute values per member, indexed as in `Node::Cmp::attribute`.
    pub fn weights(&self, k: usize) -> &[f64] {
        &self.weights[k]
    }

    /// Names of the attributes, indexed as in `Node::Cmp::attribute`.
    pub fn weight_names(&self) -> &[String] {
        &self.weight_names
    }

    /// Does the proposal pass with these votes (one per member, in member order)?
    pub fn passes(&self, votes: &[Vote]) -> bool {
        assert_eq!(votes.len(), self.n, "one vote per member");
        eval(
            &self.node,
            &|side, attr| {
                let mut s = 0.0;
                for (i, v) in votes.iter().enumerate() {
                    if v.side() == side {
                        s += attr.map_or(1.0, |k| self.weights[k][i]);
                    }
                }
                s
            },
            &|i| votes[i] == Vote::No,
        )
    }

    /// Does the coalition `yes` win when every other member votes no? (`yes[i]` for member i.)
    pub fn wins(&self, yes: &[bool]) -> bool {
        assert_eq!(yes.len(), self.n, "one flag per member");
        eval(
            &self.node,
            &|side, attr| {
                let want = match side {
                    Side::Yes => true,
                    Side::No => false,
                    Side::Abstain | Side::Absent => return 0.0,
                };
                let mut s = 0.0;
                for (i, &y) in yes.iter().enumerate() {
                    if y == want {
                        s += attr.map_or(1.0, |k| self.weights[k][i]);
                    }
                }
                s
            },
            &|i| !yes[i],
        )
    }
}

fn eval(
    node: &Node,
    sum: &dyn Fn(Side, Option<usize>) -> f64,
    says_no: &dyn Fn(usize) -> bool,
) -> bool {
    match node {
        Node::Or(a, b) => eval(a, sum, says_no) || eval(b, sum, says_no),
        Node::And(a, b) => eval(a, sum, says_no) && eval(b, sum, says_no),
        Node::Not(a) => !eval(a, sum, says_no),
        Node::Cmp {
            side,
            attribute,
            op,
            scale,
            rhs,
        } => op.holds(scale * sum(*side, *attribute), *rhs),
        Node::Veto(idx) => !idx.iter().any(|&i| says_no(i)),
    }
}
