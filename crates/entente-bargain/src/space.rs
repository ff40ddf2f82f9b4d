//! The settlement space as plain data (M11, M17, M20): issues and their values, parties with
//! their preferences, red lines and no-deal values, and links between issues. Nothing here
//! computes; [`Space::validate`] checks that every reference and number makes sense, and
//! [`crate::model::Model`] compiles a valid space into utility tables.

use serde::Serialize;

use crate::error::{Error, Result};

/// What kind of values an issue takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum IssueKind {
    /// Unordered labels (alliance status: member / freeze / neutral).
    Categorical,
    /// Ordered labels; each label's number is its rank (0, 1, 2…).
    Ordinal,
    /// Numbers from `min` to `max` by `step` (both ends included when `max` is on the grid).
    Numeric {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
        /// Step between values.
        step: f64,
    },
}

/// One issue of the bargain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Identifier used in expressions and outputs.
    pub id: String,
    /// The kind of values.
    #[serde(flatten)]
    pub kind: IssueKind,
    /// One label per value, in order.
    pub labels: Vec<String>,
    /// One number per value: the rank for categorical and ordinal issues, the value for numeric
    /// ones. Comparisons (`<`, `>=`…) in red lines compare these numbers.
    pub numbers: Vec<f64>,
}

impl Issue {
    /// A categorical issue with these labels.
    pub fn categorical(id: impl Into<String>, labels: &[&str]) -> Issue {
        Issue::labelled(id, IssueKind::Categorical, labels)
    }

    /// An ordinal issue with these labels, lowest first.
    pub fn ordinal(id: impl Into<String>, labels: &[&str]) -> Issue {
        Issue::labelled(id, IssueKind::Ordinal, labels)
    }

    fn labelled(id: impl Into<String>, kind: IssueKind, labels: &[&str]) -> Issue {
        Issue {
            id: id.into(),
            kind,
            labels: labels.iter().map(|s| (*s).to_string()).collect(),
            numbers: (0..labels.len()).map(|i| i as f64).collect(),
        }
    }

    /// A numeric issue from `min` to `max` by `step`. Fails when the step is not positive, the
    /// bounds are not finite or reversed, or the grid would exceed 100,000 values.
    pub fn numeric(id: impl Into<String>, min: f64, max: f64, step: f64) -> Result<Issue> {
        let id = id.into();
        if !(min.is_finite() && max.is_finite() && step.is_finite()) || step <= 0.0 || max < min {
            return Err(Error::invalid(format!(
                "numeric issue `{id}`: needs finite min <= max and step > 0 (got min {min}, max {max}, step {step})"
            )));
        }
        let count = ((max - min) / step + 1e-9).floor() as u64 + 1;
        if count > 100_000 {
            return Err(Error::invalid(format!(
                "numeric issue `{id}` has {count} values; at most 100000"
            ))
            .with_hint("use a coarser step"));
        }
        let numbers: Vec<f64> = (0..count).map(|k| min + step * k as f64).collect();
        let labels = numbers.iter().map(|x| format_number(*x)).collect();
        Ok(Issue {
            id,
            kind: IssueKind::Numeric { min, max, step },
            labels,
            numbers,
        })
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the issue has no value (never true of a valid space).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Index of the value with this label.
    pub fn value_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }
}

/// Print a number without a trailing `.0` when it is whole.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// How a party values one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum IssuePreference {
    /// Additive weighted value table: contributes `weight × values[v]`.
    Table {
        /// The issue's weight.
        weight: f64,
        /// One evaluation per value of the issue.
        values: Vec<f64>,
    },
    /// Ideal point with salience: contributes `salience × (1 − |x − ideal| / range)`, where `x`
    /// is the value's number and `range` the spread of the issue's numbers (1 when a single
    /// value).
    Ideal {
        /// The most preferred number.
        ideal: f64,
        /// How much the issue matters.
        salience: f64,
    },
}

/// A non-additive term: `value` is added when issue `a` takes value `va` and issue `b` takes
/// value `vb` (two issues that interact, e.g. a guarantee is worth more with troops present).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// First issue (index into [`Space::issues`]).
    pub a: usize,
    /// Value index of the first issue.
    pub va: usize,
    /// Second issue.
    pub b: usize,
    /// Value index of the second issue.
    pub vb: usize,
    /// Added utility.
    pub value: f64,
    /// Where the number comes from.
    pub source: Option<String>,
}

/// A comparison operator in a red line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CmpOp {
    /// `==`
    #[serde(rename = "==")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// Apply the operator.
    pub fn holds(self, x: f64, y: f64) -> bool {
        match self {
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
        }
    }

    /// The operator's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A boolean expression over a package's issue values (red lines, links).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// Always true.
    True,
    /// Always false.
    False,
    /// The issue's number compared with a constant.
    Cmp {
        /// Issue index.
        issue: usize,
        /// Operator.
        op: CmpOp,
        /// Constant (a value's number: its rank for labelled issues).
        value: f64,
    },
    /// The issue takes one of these values (value indices).
    In {
        /// Issue index.
        issue: usize,
        /// Allowed value indices.
        values: Vec<usize>,
    },
    /// All hold.
    And(Vec<Expr>),
    /// At least one holds.
    Or(Vec<Expr>),
    /// Does not hold.
    Not(Box<Expr>),
}

impl Expr {
    /// `issue` takes the value with index `value`.
    pub fn is(issue: usize, value: usize) -> Expr {
        Expr::In {
            issue,
            values: vec![value],
        }
    }

    /// Evaluate on a package given as value indices.
    pub fn eval(&self, space: &Space, package: &[usize]) -> bool {
        match self {
            Expr::True => true,
            Expr::False => false,
            Expr::Cmp { issue, op, value } => {
                op.holds(space.issues[*issue].numbers[package[*issue]], *value)
            }
            Expr::In { issue, values } => values.contains(&package[*issue]),
            Expr::And(xs) => xs.iter().all(|x| x.eval(space, package)),
            Expr::Or(xs) => xs.iter().any(|x| x.eval(space, package)),
            Expr::Not(x) => !x.eval(space, package),
        }
    }

    /// Issues the expression mentions.
    pub fn issues(&self, out: &mut Vec<usize>) {
        match self {
            Expr::True | Expr::False => {}
            Expr::Cmp { issue, .. } | Expr::In { issue, .. } => {
                if !out.contains(issue) {
                    out.push(*issue);
                }
            }
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| x.issues(out)),
            Expr::Not(x) => x.issues(out),
        }
    }

    /// Print the expression with issue and value names.
    pub fn render(&self, space: &Space) -> String {
        match self {
            Expr::True => "true".into(),
            Expr::False => "false".into(),
            Expr::Cmp { issue, op, value } => {
                let is = &space.issues[*issue];
                let shown = match is.kind {
                    IssueKind::Numeric { .. } => format_number(*value),
                    _ => is
                        .numbers
                        .iter()
                        .position(|n| n == value)
                        .map(|i| is.labels[i].clone())
                        .unwrap_or_else(|| format_number(*value)),
                };
                format!("{} {} {}", is.id, op.symbol(), shown)
            }
            Expr::In { issue, values } => {
                let is = &space.issues[*issue];
                if values.len() == 1 {
                    format!(
                        "{} == {}",
                        is.id,
                        is.labels.get(values[0]).map_or("?", |s| s)
                    )
                } else {
                    let names: Vec<&str> = values
                        .iter()
                        .map(|v| is.labels.get(*v).map_or("?", |s| s))
                        .collect();
                    format!("{} in [{}]", is.id, names.join(", "))
                }
            }
            Expr::And(xs) => join(space, xs, " and "),
            Expr::Or(xs) => join(space, xs, " or "),
            Expr::Not(x) => format!("not ({})", x.render(space)),
        }
    }

    fn check(&self, space: &Space, what: &str) -> Result<()> {
        match self {
            Expr::True | Expr::False => Ok(()),
            Expr::Cmp { issue, value, .. } => {
                space.check_issue(*issue, what)?;
                if !value.is_finite() {
                    return Err(Error::invalid(format!(
                        "{what}: compares with a non-finite number"
                    )));
                }
                Ok(())
            }
            Expr::In { issue, values } => {
                space.check_issue(*issue, what)?;
                for v in values {
                    if *v >= space.issues[*issue].len() {
                        return Err(Error::invalid(format!(
                            "{what}: value index {v} out of range for issue `{}`",
                            space.issues[*issue].id
                        )));
                    }
                }
                Ok(())
            }
            Expr::And(xs) | Expr::Or(xs) => xs.iter().try_for_each(|x| x.check(space, what)),
            Expr::Not(x) => x.check(space, what),
        }
    }
}

fn join(space: &Space, xs: &[Expr], sep: &str) -> String {
    if xs.is_empty() {
        return if sep == " and " {
            "true".into()
        } else {
            "false".into()
        };
    }
    let parts: Vec<String> = xs
        .iter()
        .map(|x| match x {
            Expr::And(_) | Expr::Or(_) => format!("({})", x.render(space)),
            _ => x.render(space),
        })
        .collect();
    parts.join(sep)
}

/// A red line: a condition every package must meet for the party to accept it (M17, M26).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedLine {
    /// Identifier.
    pub id: String,
    /// The condition, which must hold.
    pub expr: Expr,
    /// The public statement it rests on.
    pub source: Option<String>,
}

/// A party to the bargain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// Identifier.
    pub id: String,
    /// Per issue (same order as [`Space::issues`]), how the party values it; `None` = indifferent.
    pub preferences: Vec<Option<IssuePreference>>,
    /// Non-additive terms.
    pub interactions: Vec<Interaction>,
    /// Utility of no agreement (the party accepts a package only if it gives at least this).
    pub no_deal: f64,
    /// Reservation value (the least the party would settle for); defaults to the no-deal value.
    pub reservation: Option<f64>,
    /// Conditions every acceptable package must meet.
    pub red_lines: Vec<RedLine>,
    /// Where the preference numbers come from.
    pub source: Option<String>,
}

impl Party {
    /// A party with no preference yet over `n` issues.
    pub fn new(id: impl Into<String>, n: usize) -> Party {
        Party {
            id: id.into(),
            preferences: vec![None; n],
            interactions: Vec::new(),
            no_deal: 0.0,
            reservation: None,
            red_lines: Vec::new(),
            source: None,
        }
    }

    /// The reservation value (the no-deal value when none is given).
    pub fn reservation_value(&self) -> f64 {
        self.reservation.unwrap_or(self.no_deal)
    }
}

/// A link: a package is invalid unless it holds (parts of a package that go together, M20).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Identifier.
    pub id: String,
    /// The condition, which must hold.
    pub expr: Expr,
    /// Where it comes from.
    pub source: Option<String>,
}

/// A whole settlement space.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Space {
    /// Name, for reports.
    pub name: String,
    /// The issues; a package picks one value of each.
    pub issues: Vec<Issue>,
    /// The parties.
    pub parties: Vec<Party>,
    /// Conditions every valid package meets.
    pub links: Vec<Link>,
}

/// The largest number of packages the engine enumerates.
pub const MAX_PACKAGES: u64 = 1 << 40;

impl Space {
    /// Index of the issue with this id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// Number of packages (product of the issues' sizes), saturating at `u64::MAX`.
    pub fn package_count(&self) -> u64 {
        self.issues
            .iter()
            .fold(1u64, |acc, i| acc.saturating_mul(i.len() as u64))
    }

    /// Decode a package index (issue 0 most significant, the last issue fastest — the order of
    /// GENIUS and NegMAS enumerations) into value indices.
    pub fn decode(&self, mut index: u64) -> Vec<usize> {
        let mut out = vec![0; self.issues.len()];
        for (i, issue) in self.issues.iter().enumerate().rev() {
            let r = issue.len() as u64;
            out[i] = (index % r) as usize;
            index /= r;
        }
        out
    }

    /// Encode value indices into a package index.
    pub fn encode(&self, package: &[usize]) -> u64 {
        self.issues
            .iter()
            .zip(package)
            .fold(0u64, |acc, (i, v)| acc * i.len() as u64 + *v as u64)
    }

    /// Labels of a package, one per issue.
    pub fn labels(&self, package: &[usize]) -> Vec<(String, String)> {
        self.issues
            .iter()
            .zip(package)
            .map(|(i, v)| (i.id.clone(), i.labels[*v].clone()))
            .collect()
    }

    fn check_issue(&self, issue: usize, what: &str) -> Result<()> {
        if issue >= self.issues.len() {
            return Err(Error::invalid(format!(
                "{what}: issue index {issue} out of range"
            )));
        }
        Ok(())
    }

    /// Check that every reference and number makes sense.
    pub fn validate(&self) -> Result<()> {
        if self.issues.is_empty() {
            return Err(Error::invalid("the settlement space has no issue")
                .with_hint("declare at least one issue"));
        }
        if self.parties.is_empty() {
            return Err(Error::invalid("the settlement space has no party")
                .with_hint("declare at least one party with preferences"));
        }
        for issue in &self.issues {
            if issue.is_empty() {
                return Err(Error::invalid(format!("issue `{}` has no value", issue.id)));
            }
            if issue.numbers.len() != issue.labels.len()
                || issue.numbers.iter().any(|x| !x.is_finite())
            {
                return Err(Error::invalid(format!(
                    "issue `{}`: numbers and labels disagree",
                    issue.id
                )));
            }
        }
        if self.package_count() > MAX_PACKAGES {
            return Err(Error::new(
                crate::ErrorKind::TooLarge,
                format!(
                    "the space has {} packages; at most 2^40",
                    self.package_count()
                ),
            )
            .with_hint("coarsen numeric issues or split the bargain"));
        }
        for p in &self.parties {
            if p.preferences.len() != self.issues.len() {
                return Err(Error::invalid(format!(
                    "party `{}` has {} issue preferences for {} issues",
                    p.id,
                    p.preferences.len(),
                    self.issues.len()
                )));
            }
            let finite = |x: f64, what: &str| -> Result<()> {
                if x.is_finite() {
                    Ok(())
                } else {
                    Err(Error::invalid(format!(
                        "party `{}`: {what} is not a finite number",
                        p.id
                    )))
                }
            };
            finite(p.no_deal, "no-deal value")?;
            if let Some(r) = p.reservation {
                finite(r, "reservation value")?;
            }
            for (i, pref) in p.preferences.iter().enumerate() {
                match pref {
                    None => {}
                    Some(IssuePreference::Table { weight, values }) => {
                        finite(*weight, "a weight")?;
                        if values.len() != self.issues[i].len() {
                            return Err(Error::invalid(format!(
                                "party `{}`, issue `{}`: {} evaluations for {} values",
                                p.id,
                                self.issues[i].id,
                                values.len(),
                                self.issues[i].len()
                            ))
                            .with_hint("give one evaluation per value, in the issue's order"));
                        }
                        for v in values {
                            finite(*v, "an evaluation")?;
                        }
                    }
                    Some(IssuePreference::Ideal { ideal, salience }) => {
                        finite(*ideal, "an ideal point")?;
                        finite(*salience, "a salience")?;
                    }
                }
            }
            for t in &p.interactions {
                let what = format!("party `{}`, interaction", p.id);
                self.check_issue(t.a, &what)?;
                self.check_issue(t.b, &what)?;
                if t.a == t.b {
                    return Err(Error::invalid(format!(
                        "{what}: both ends are the same issue"
                    )));
                }
                if t.va >= self.issues[t.a].len() || t.vb >= self.issues[t.b].len() {
                    return Err(Error::invalid(format!("{what}: value index out of range")));
                }
                finite(t.value, "an interaction value")?;
            }
            for r in &p.red_lines {
                r.expr
                    .check(self, &format!("party `{}`, red line `{}`", p.id, r.id))?;
            }
        }
        for l in &self.links {
            l.expr.check(self, &format!("link `{}`", l.id))?;
        }
        Ok(())
    }
}
