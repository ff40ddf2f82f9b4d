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

/// Deepest nesting of parentheses and `not` a rule may have. Real rules nest a handful of levels;
/// the limit keeps every recursive walk of a rule (parsing, binding, evaluating, printing, and
/// the analyses of other crates) far from the end of the stack. Long flat `and`/`or` chains do not
/// count: they are one n-ary node.
pub const MAX_DEPTH: usize = 100;

/// A rule: a boolean expression over the votes cast in a body.
///
/// `and` and `or` are n-ary (two or more operands, in the order written), so that a chain of any
/// length is one node, never a deep tree.
#[derive(Debug, Clone)]
pub enum Rule {
    /// `a or b or ...`.
    Or(Vec<Rule>, Span),
    /// `a and b and ...`.
    And(Vec<Rule>, Span),
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
    /// An exact fraction (numerator, denominator) of the body's voting members or of the body's
    /// total of the attribute, such as two thirds.
    Fraction(u64, u64),
    /// All voting members (or the body's total of the attribute).
    All,
}

impl Rule {
    /// Where the rule was written.
    pub fn span(&self) -> Span {
        match self {
            Rule::Or(_, s) | Rule::And(_, s) | Rule::Not(_, s) | Rule::Veto(_, s) => *s,
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

    /// Visit every node, parents first, children in the order written. Iterative: any depth.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Rule)) {
        let mut stack = vec![self];
        while let Some(r) = stack.pop() {
            f(r);
            match r {
                Rule::Or(xs, _) | Rule::And(xs, _) => stack.extend(xs.iter().rev()),
                Rule::Not(a, _) => stack.push(a),
                Rule::Compare(_) | Rule::Veto(..) => {}
            }
        }
    }

    /// Nesting depth (a comparison or veto is 1; an n-ary `and`/`or` adds one level whatever its
    /// length). Iterative: any depth.
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((r, d)) = stack.pop() {
            deepest = deepest.max(d);
            match r {
                Rule::Or(xs, _) | Rule::And(xs, _) => stack.extend(xs.iter().map(|x| (x, d + 1))),
                Rule::Not(a, _) => stack.push((a, d + 1)),
                Rule::Compare(_) | Rule::Veto(..) => {}
            }
        }
        deepest
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
            (Rule::Or(a, _), Rule::Or(b, _)) | (Rule::And(a, _), Rule::And(b, _)) => a == b,
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
            Value::Fraction(a, b) => write!(f, "{a}/{b}"),
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
        print(self, f, 0)
    }
}

/// The printer. An operand of an n-ary `and`/`or` of the same kind is parenthesised (it was
/// written so, or it would have been part of the chain), so printing preserves the tree exactly.
/// Beyond [`MAX_DEPTH`] (only reachable by building a rule by hand) the rest is elided as
/// `(...)` rather than risking the stack.
fn print(rule: &Rule, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    if depth > MAX_DEPTH {
        return f.write_str("(...)");
    }
    let child = |f: &mut fmt::Formatter<'_>, r: &Rule, min: u8| -> fmt::Result {
        if r.precedence() < min {
            f.write_str("(")?;
            print(r, f, depth + 1)?;
            f.write_str(")")
        } else {
            print(r, f, depth + 1)
        }
    };
    match rule {
        Rule::Or(xs, _) | Rule::And(xs, _) => {
            let (sep, min) = if matches!(rule, Rule::Or(..)) {
                (" or ", 2)
            } else {
                (" and ", 3)
            };
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                child(f, x, min)?;
            }
            Ok(())
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
