//! The syntax tree of a decision rule and its canonical printer.
//!
//! Printing is canonical: one space around operators, lower-case keywords, the fewest parentheses
//! that keep the meaning (`and` binds tighter than `or`, `not` tighter than both), numbers in
//! their shortest exact form. `parse(print(r)) == r` for every rule (spans aside).

use std::fmt;

/// A byte range in the rule's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A rule: a boolean expression over the votes cast in a body.
#[derive(Debug, Clone)]
pub enum Rule {
    /// `a or b`.
    Or(Box<Rule>, Box<Rule>, Span),
    /// `a and b`.
    And(Box<Rule>, Box<Rule>, Span),
    /// `not a`.
    Not(Box<Rule>, Span),
    /// `yes >= 9`, `yes.population >= 65%`, `yes == all`.
    Compare(Comparison),
    /// `veto(USA, GBR)`: passes only if none of the named members votes no.
    Veto(Vec<Ident>, Span),
}

/// An identifier with the place it was written.
#[derive(Debug, Clone)]
pub struct Ident {
    /// The identifier as written.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// `quantity op value`.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Left-hand side.
    pub quantity: Quantity,
    /// The operator.
    pub op: CmpOp,
    /// Right-hand side.
    pub value: Value,
    /// The whole comparison.
    pub span: Span,
}

/// Which votes a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Members voting yes.
    Yes,
    /// Members voting no.
    No,
    /// Members abstaining.
    Abstain,
    /// Voting members not taking part.
    Absent,
}

impl Side {
    /// The keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Yes => "yes",
            Side::No => "no",
            Side::Abstain => "abstain",
            Side::Absent => "absent",
        }
    }
}

/// A count of members (`yes`) or a sum of an attribute over them (`yes.population`).
#[derive(Debug, Clone)]
pub struct Quantity {
    /// Whose votes.
    pub side: Side,
    /// `None` counts members; `Some(attr)` sums that numeric attribute.
    pub attribute: Option<Ident>,
    /// Where.
    pub span: Span,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `<`
    Lt,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Ge => ">=",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Lt => "<",
        }
    }
    /// Apply to two numbers (exact for the integers and sums entente compares).
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Ge => a >= b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Lt => a < b,
        }
    }
}

/// Right-hand side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// An absolute number: members, or units of the attribute.
    Number(f64),
    /// A share, in percent, of the body's voting members or of the body's total of the attribute.
    Percent(f64),
    /// All voting members (or the body's total of the attribute).
    All,
}

impl Rule {
    /// Where the rule was written.
    pub fn span(&self) -> Span {
        match self {
            Rule::Or(_, _, s) | Rule::And(_, _, s) | Rule::Not(_, s) | Rule::Veto(_, s) => *s,
            Rule::Compare(c) => c.span,
        }
    }

    /// Every attribute the rule sums, with where it is named.
    pub fn attributes(&self) -> Vec<&Ident> {
        let mut out = Vec::new();
        self.walk(&mut |r| {
            if let Rule::Compare(c) = r {
                if let Some(a) = &c.quantity.attribute {
                    out.push(a);
                }
            }
        });
        out
    }

    /// Every member named as a veto holder, with where it is named.
    pub fn veto_holders(&self) -> Vec<&Ident> {
        let mut out = Vec::new();
        self.walk(&mut |r| {
            if let Rule::Veto(ids, _) = r {
                out.extend(ids.iter());
            }
        });
        out
    }

    /// Visit every node, parents first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Rule)) {
        f(self);
        match self {
            Rule::Or(a, b, _) | Rule::And(a, b, _) => {
                a.walk(f);
                b.walk(f);
            }
            Rule::Not(a, _) => a.walk(f),
            Rule::Compare(_) | Rule::Veto(..) => {}
        }
    }

    fn precedence(&self) -> u8 {
        match self {
            Rule::Or(..) => 1,
            Rule::And(..) => 2,
            Rule::Not(..) => 3,
            Rule::Compare(_) | Rule::Veto(..) => 4,
        }
    }
}

/// Structural equality, ignoring spans.
impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Rule::Or(a, b, _), Rule::Or(c, d, _)) | (Rule::And(a, b, _), Rule::And(c, d, _)) => {
                a == c && b == d
            }
            (Rule::Not(a, _), Rule::Not(b, _)) => a == b,
            (Rule::Compare(a), Rule::Compare(b)) => {
                a.quantity.side == b.quantity.side
                    && a.quantity.attribute.as_ref().map(|i| &i.name)
                        == b.quantity.attribute.as_ref().map(|i| &i.name)
                    && a.op == b.op
                    && a.value == b.value
            }
            (Rule::Veto(a, _), Rule::Veto(b, _)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.name == y.name)
            }
            _ => false,
        }
    }
}

fn write_number(f: &mut fmt::Formatter<'_>, x: f64) -> fmt::Result {
    // Rust's `{}` for f64 is the shortest representation that reads back exactly.
    if x.fract() == 0.0 && x.abs() < 1e15 {
        write!(f, "{}", x as i64)
    } else {
        write!(f, "{x}")
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(x) => write_number(f, *x),
            Value::Percent(x) => {
                write_number(f, *x)?;
                f.write_str("%")
            }
            Value::All => f.write_str("all"),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.side.as_str())?;
        if let Some(a) = &self.attribute {
            write!(f, ".{}", a.name)?;
        }
        Ok(())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Children of equal precedence on the left need no parentheses (left associativity);
        // on the right they do, so that printing preserves the tree exactly.
        let child = |f: &mut fmt::Formatter<'_>, r: &Rule, min: u8| -> fmt::Result {
            if r.precedence() < min {
                write!(f, "({r})")
            } else {
                write!(f, "{r}")
            }
        };
        match self {
            Rule::Or(a, b, _) => {
                child(f, a, 1)?;
                f.write_str(" or ")?;
                child(f, b, 2)
            }
            Rule::And(a, b, _) => {
                child(f, a, 2)?;
                f.write_str(" and ")?;
                child(f, b, 3)
            }
            Rule::Not(a, _) => {
                f.write_str("not ")?;
                child(f, a, 3)
            }
            Rule::Compare(c) => write!(f, "{} {} {}", c.quantity, c.op.as_str(), c.value),
            Rule::Veto(ids, _) => {
                f.write_str("veto(")?;
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&id.name)?;
                }
                f.write_str(")")
            }
        }
    }
}
