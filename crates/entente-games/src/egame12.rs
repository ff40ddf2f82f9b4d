//! The extended-deterrence crisis game (`egame12` of `games`; Signorino 2003, Signorino & Tarar
//! 2006): player 1 keeps the status quo (utility u11) or escalates; then player 2 backs down
//! (capitulation: u13 for player 1, 0 for player 2) or fights (war: u14 for player 1, u24 for
//! player 2). Each utility is linear in its equation's regressors.
//!
//! Two stochastic forms, with unit scale as `games` fixes it when no scale equation is given:
//! - agent error: every player adds an independent error to each action's utility, so with
//!   `s = √2`, p(war | escalation) = F(u24 / s) and p(escalation) =
//!   F((p3·u13 + p4·u14 − u11) / s), F the probit or logit link;
//! - private information (probit only): each player knows its own utility shocks, so
//!   p(war | escalation) = Φ(u24 / √2) and p(escalation) = Φ((p3·u13 + p4·u14 − u11) /
//!   √(1 + p3² + p4²)).
//!
//! Estimation maximises the log-likelihood with its analytic gradient (derived here) by a damped
//! Newton ascent from zero; standard errors come from the inverse of the negative Hessian
//! (central differences of the analytic gradient) at the optimum.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::design::{Design, Regressor};
use crate::error::{Error, ErrorKind};
use crate::optim;

/// The link function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    /// The standard normal distribution function.
    #[default]
    Probit,
    /// The logistic distribution function.
    Logit,
}

/// The stochastic form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// Agent error.
    #[default]
    Agent,
    /// Private information.
    Private,
}

/// The probabilities of the game's three outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Outcomes {
    /// Player 1 keeps the status quo.
    pub status_quo: f64,
    /// Player 1 escalates and player 2 backs down.
    pub capitulation: f64,
    /// Player 1 escalates and player 2 fights.
    pub war: f64,
}

/// The most parameters a model may have.
pub const MAX_PARAMETERS: usize = 100;

const SQRT2: f64 = std::f64::consts::SQRT_2;
const LOW: f64 = f64::EPSILON;
const HIGH: f64 = 1.0 - f64::EPSILON / 2.0;

fn clamp(p: f64) -> f64 {
    if p.is_nan() { p } else { p.clamp(LOW, HIGH) }
}

impl Link {
    /// The distribution function.
    pub fn cdf(self, x: f64) -> f64 {
        match self {
            Link::Probit => 0.5 * libm::erfc(-x / SQRT2),
            Link::Logit => {
                if x >= 0.0 {
                    1.0 / (1.0 + (-x).exp())
                } else {
                    let e = x.exp();
                    e / (1.0 + e)
                }
            }
        }
    }

    /// The density.
    pub fn pdf(self, x: f64) -> f64 {
        match self {
            Link::Probit => (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt(),
            Link::Logit => {
                let e = (-x.abs()).exp();
                e / ((1.0 + e) * (1.0 + e))
            }
        }
    }
}

/// The model: link, form and the layout of the parameter vector (the widths of the four
/// equations u11, u13, u14, u24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    /// The link.
    pub link: Link,
    /// The form.
    pub form: Form,
    /// The number of regressors of u11, u13, u14 and u24.
    pub widths: [usize; 4],
}

/// The four equations' regressor values for one case.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// u11's, u13's, u14's and u24's regressors.
    pub x: [&'a [f64]; 4],
}

/// Per-case quantities shared by the probabilities and the gradient.
struct Node {
    p2: f64,
    p1: f64,
    p3: f64,
    p4: f64,
    /// d p4 / d u24.
    dp4: f64,
    /// f(a) and the derivatives of a with respect to u11, u13, u14, u24.
    fa: f64,
    da: [f64; 4],
}

fn dot(x: &[f64], b: &[f64]) -> f64 {
    x.iter().zip(b).map(|(a, b)| a * b).sum()
}

impl Model {
    /// The number of parameters.
    pub fn parameters(&self) -> usize {
        self.widths.iter().sum()
    }

    fn split<'b>(&self, b: &'b [f64]) -> [&'b [f64]; 4] {
        let [w1, w2, w3, _] = self.widths;
        let (b1, r) = b.split_at(w1);
        let (b2, r) = r.split_at(w2);
        let (b3, b4) = r.split_at(w3);
        [b1, b2, b3, b4]
    }

    fn node(&self, b: &[f64], row: Row<'_>) -> Node {
        let bs = self.split(b);
        let u: [f64; 4] = std::array::from_fn(|k| dot(row.x[k], bs[k]));
        let [u11, u13, u14, u24] = u;
        let link = self.link;
        let z = u24 / SQRT2;
        let p4 = clamp(link.cdf(z));
        let p3 = clamp(link.cdf(-z));
        let dp4 = link.pdf(z) / SQRT2;
        let num = p3 * u13 + p4 * u14 - u11;
        let (den, dden_dp4) = match self.form {
            Form::Agent => (SQRT2, 0.0),
            Form::Private => {
                let d = (1.0 + p3 * p3 + p4 * p4).sqrt();
                (d, (p4 - p3) / d)
            }
        };
        let a = num / den;
        let p2 = clamp(link.cdf(a));
        let p1 = clamp(link.cdf(-a));
        let fa = link.pdf(a);
        // d a / d u24 through p4 (p3 = 1 − p4): numerator and, privately, the denominator.
        let da24 = ((u14 - u13) / den - num * dden_dp4 / (den * den)) * dp4;
        Node {
            p2,
            p1,
            p3,
            p4,
            dp4,
            fa,
            da: [-1.0 / den, p3 / den, p4 / den, da24],
        }
    }

    /// The outcome probabilities of one case under parameters `b`.
    pub fn predict(&self, b: &[f64], row: Row<'_>) -> Outcomes {
        let n = self.node(b, row);
        Outcomes {
            status_quo: n.p1,
            capitulation: n.p2 * n.p3,
            war: n.p2 * n.p4,
        }
    }

    /// The log-likelihood of the design under `b`; with `grad`, its gradient too.
    pub fn log_likelihood(&self, b: &[f64], d: &Design, mut grad: Option<&mut [f64]>) -> f64 {
        if let Some(g) = grad.as_deref_mut() {
            g.iter_mut().for_each(|v| *v = 0.0);
        }
        let mut ll = 0.0;
        for (i, &y) in d.y.iter().enumerate() {
            let row = Row {
                x: std::array::from_fn(|k| d.equations[k].row(i)),
            };
            let n = self.node(b, row);
            // d l / d a and the direct d l / d u24 (through p3 or p4).
            let (l, dla, dl24) = match y {
                0 => (n.p1.ln(), -n.fa / n.p1, 0.0),
                1 => (n.p2.ln() + n.p3.ln(), n.fa / n.p2, -n.dp4 / n.p3),
                _ => (n.p2.ln() + n.p4.ln(), n.fa / n.p2, n.dp4 / n.p4),
            };
            ll += l;
            if let Some(g) = grad.as_deref_mut() {
                let du = [
                    dla * n.da[0],
                    dla * n.da[1],
                    dla * n.da[2],
                    dla * n.da[3] + dl24,
                ];
                let mut off = 0;
                for ((xs, w), d) in row.x.iter().zip(self.widths).zip(du) {
                    for (j, x) in xs.iter().enumerate() {
                        g[off + j] += d * x;
                    }
                    off += w;
                }
            }
        }
        ll
    }
}

/// A fitted model.
#[derive(Debug, Clone)]
pub struct Fit {
    /// The model.
    pub model: Model,
    /// The parameters' names, as `games` names them: `u1(~esc):(Intercept)`,
    /// `u2(esc,war):regime2dem`.
    pub names: Vec<String>,
    /// The estimates, in the order of `names`.
    pub coefficients: Vec<f64>,
    /// Their covariance (row-major, `k × k`): the inverse of the negative Hessian.
    pub covariance: Vec<f64>,
    /// The standard errors (square roots of the covariance's diagonal).
    pub std_errors: Vec<f64>,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// The number of cases used.
    pub n: usize,
    /// The cases dropped for a missing value.
    pub dropped: usize,
    /// The regressors of each equation (u11, u13, u14, u24).
    pub regressors: [Vec<Regressor>; 4],
    /// The names of the outcomes (status quo, capitulation, war).
    pub outcomes: [String; 3],
    /// The predicted outcome probabilities of every case used, in order.
    pub probabilities: Vec<Outcomes>,
    /// The line of the data file of every case used.
    pub lines: Vec<usize>,
    /// Newton iterations made.
    pub iterations: usize,
    /// The largest absolute gradient component at the optimum.
    pub gradient_max: f64,
}

impl Fit {
    /// The outcome probabilities of one case under parameters `params` (the estimates, or a
    /// draw from their covariance), the case given by its four equations' regressor values in
    /// the order of [`Fit::regressors`].
    pub fn predict(&self, params: &[f64], row: Row<'_>) -> Outcomes {
        self.model.predict(params, row)
    }

    /// The regressor values of one case from its column values (numbers for numeric columns,
    /// text for factor columns), in the order of [`Fit::regressors`].
    pub fn regressor_values(
        &self,
        value: &dyn Fn(&str) -> Option<CaseValue>,
    ) -> Result<[Vec<f64>; 4], Error> {
        let mut out: [Vec<f64>; 4] = Default::default();
        for (k, regs) in self.regressors.iter().enumerate() {
            for r in regs {
                let v = match r {
                    Regressor::Intercept => 1.0,
                    Regressor::Number(c) => match value(c) {
                        Some(CaseValue::Number(x)) => x,
                        _ => {
                            return Err(Error::new(
                                ErrorKind::Data,
                                format!("the case needs a number for `{c}`"),
                            ));
                        }
                    },
                    Regressor::Level { column, level } => match value(column) {
                        Some(CaseValue::Text(t)) => f64::from(u8::from(t == *level)),
                        _ => {
                            return Err(Error::new(
                                ErrorKind::Data,
                                format!("the case needs a level for `{column}`"),
                            ));
                        }
                    },
                };
                out[k].push(v);
            }
        }
        Ok(out)
    }
}

/// One column value of a case, for [`Fit::regressor_values`].
#[derive(Debug, Clone, PartialEq)]
pub enum CaseValue {
    /// A number.
    Number(f64),
    /// A factor level.
    Text(String),
}

/// The parameters' names, by `games`' rule: the utility's prefix (`u1(` + outcome + `)`), then
/// `:` and the regressor; an equation fixed at zero has none.
pub fn names(d: &Design) -> Vec<String> {
    let prefixes = [
        format!("u1({})", d.outcomes[0]),
        format!("u1({})", d.outcomes[1]),
        format!("u1({})", d.outcomes[2]),
        format!("u2({})", d.outcomes[2]),
    ];
    let mut out = Vec::new();
    for (k, eq) in d.equations.iter().enumerate() {
        for r in &eq.regressors {
            out.push(format!("{}:{}", prefixes[k], r.name()));
        }
    }
    out
}

/// Fit the crisis game to a design of four equations.
pub fn fit(d: &Design, link: Link, form: Form) -> Result<Fit, Error> {
    if d.equations.len() != 4 {
        return Err(Error::new(
            ErrorKind::Formula,
            format!(
                "egame12 has four utility equations (u11 | u13 | u14 | u24); the formula gives {}",
                d.equations.len()
            ),
        )
        .in_file("formula")
        .with_hint("write e.g. esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"));
    }
    if form == Form::Private && link == Link::Logit {
        return Err(Error::new(
            ErrorKind::Specification,
            "the private-information form has a probit link only",
        )
        .with_hint("use --link probit with --type private"));
    }
    // games' identification check: a regressor in all three of player 1's equations.
    let names_of = |k: usize| -> Vec<String> {
        d.equations[k]
            .regressors
            .iter()
            .map(Regressor::name)
            .collect()
    };
    let (n1, n2, n3) = (names_of(0), names_of(1), names_of(2));
    let common: Vec<&String> = n1
        .iter()
        .filter(|v| n2.contains(v) && n3.contains(v))
        .collect();
    if !common.is_empty() {
        let list: Vec<&str> = common.iter().map(|s| s.as_str()).collect();
        return Err(Error::new(
            ErrorKind::Formula,
            format!(
                "not identified: {} appear(s) in all three of player 1's utilities (u11, u13, u14)",
                list.join(", ")
            ),
        )
        .in_file("formula")
        .with_hint("fix one of player 1's utilities at 0, as in `... | 0 | ...`"));
    }
    let model = Model {
        link,
        form,
        widths: std::array::from_fn(|k| d.equations[k].width()),
    };
    let k = model.parameters();
    if k > MAX_PARAMETERS {
        return Err(Error::new(
            ErrorKind::Formula,
            format!("{k} parameters: at most {MAX_PARAMETERS} are estimated"),
        )
        .in_file("formula")
        .with_hint("a text column with many levels makes one parameter per level but the first"));
    }
    let mut value = |b: &[f64]| model.log_likelihood(b, d, None);
    let mut grad = |b: &[f64], g: &mut [f64]| {
        model.log_likelihood(b, d, Some(g));
    };
    let start = vec![0.0; k];
    let max = optim::maximise(&start, &mut value, &mut grad).ok_or_else(|| {
        Error::new(
            ErrorKind::NoConvergence,
            "the log-likelihood is not finite at the start",
        )
    })?;
    if max.gradient_max.is_nan() || max.gradient_max >= 1e-5 {
        return Err(Error::new(
            ErrorKind::NoConvergence,
            format!(
                "no maximum found after {} iterations (largest gradient component {:.3e})",
                max.iterations, max.gradient_max
            ),
        )
        .with_hint(
            "an outcome may be perfectly predicted by a regressor (separation): drop or merge it",
        ));
    }
    let h = optim::hessian(&max.x, &mut grad);
    let neg: Vec<f64> = h.iter().map(|v| -v).collect();
    let covariance = optim::spd_inverse(&neg, k).ok_or_else(|| {
        Error::new(
            ErrorKind::Data,
            "the Hessian at the maximum is not negative definite: the coefficients are not identified",
        )
        .with_hint("a regressor may be constant or collinear with others in the rows used")
    })?;
    let std_errors = (0..k).map(|i| covariance[i * k + i].sqrt()).collect();
    let probabilities = (0..d.y.len())
        .map(|i| {
            model.predict(
                &max.x,
                Row {
                    x: std::array::from_fn(|e| d.equations[e].row(i)),
                },
            )
        })
        .collect();
    Ok(Fit {
        model,
        names: names(d),
        coefficients: max.x,
        covariance,
        std_errors,
        log_likelihood: max.value,
        n: d.y.len(),
        dropped: d.dropped,
        regressors: std::array::from_fn(|e| d.equations[e].regressors.clone()),
        outcomes: d.outcomes.clone(),
        probabilities,
        lines: d.lines.clone(),
        iterations: max.iterations,
        gradient_max: max.gradient_max,
    })
}
