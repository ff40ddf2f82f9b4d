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
//! Estimation maximises the log-likelihood with its analytic gradient and Hessian (derived here:
//! the case's log-likelihood is A(a) + B(p4), a the argument of p2, so its derivatives in the
//! four utilities follow from those of a and p4, and the Hessian in the coefficients is the sum
//! of their 4 × 4 second derivatives times the regressors' outer products) by a damped Newton
//! ascent from zero; standard errors come from the inverse of the negative Hessian at the
//! optimum.

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

    /// F(x) and F(−x), each to full relative precision, from one evaluation.
    pub fn cdf_pair(self, x: f64) -> (f64, f64) {
        let small = match self {
            Link::Probit => 0.5 * libm::erfc(x.abs() / SQRT2),
            Link::Logit => {
                let e = (-x.abs()).exp();
                e / (1.0 + e)
            }
        };
        let large = 1.0 - small;
        if x >= 0.0 {
            (large, small)
        } else {
            (small, large)
        }
    }

    /// The derivative of the density.
    pub fn pdf_slope(self, x: f64) -> f64 {
        match self {
            Link::Probit => -x * self.pdf(x),
            Link::Logit => {
                let (f, g) = self.cdf_pair(x);
                self.pdf(x) * (g - f)
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

/// Per-case quantities shared by the probabilities, the gradient and the Hessian. Utilities
/// are indexed 0: u11, 1: u13, 2: u14, 3: u24.
struct Node {
    p1: f64,
    p2: f64,
    p3: f64,
    p4: f64,
    /// f(a) and f′(a), a the argument of p2.
    fa: f64,
    dfa: f64,
    /// d p4 / d u24 and d² p4 / d u24².
    q: f64,
    dq: f64,
    /// d a / d u.
    da: [f64; 4],
    /// d² a / d u², when asked.
    daa: [[f64; 4]; 4],
}

fn dot(x: &[f64], b: &[f64]) -> f64 {
    x.iter().zip(b).map(|(a, b)| a * b).sum()
}

/// What one case adds: log-likelihood, its derivatives in the four utilities.
struct Term {
    l: f64,
    lu: [f64; 4],
    luu: [[f64; 4]; 4],
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

    fn node(&self, b: &[f64], row: Row<'_>, second: bool) -> Node {
        let bs = self.split(b);
        let u: [f64; 4] = std::array::from_fn(|k| dot(row.x[k], bs[k]));
        let [u11, u13, u14, u24] = u;
        let link = self.link;
        let z = u24 / SQRT2;
        let (f4, f3) = link.cdf_pair(z);
        let (p4, p3) = (clamp(f4), clamp(f3));
        let q = link.pdf(z) / SQRT2;
        let num = p3 * u13 + p4 * u14 - u11;
        // The denominator of a and its first and second derivatives in p4.
        let (den, d1, d2) = match self.form {
            Form::Agent => (SQRT2, 0.0, 0.0),
            Form::Private => {
                let d = (1.0 + p3 * p3 + p4 * p4).sqrt();
                let t = p4 - p3;
                (d, t / d, 2.0 / d - t * t / (d * d * d))
            }
        };
        let a = num / den;
        let (f2, f1) = link.cdf_pair(a);
        let (p2, p1) = (clamp(f2), clamp(f1));
        let fa = link.pdf(a);
        // First derivatives of the numerator and the denominator.
        let num1 = [-1.0, p3, p4, (u14 - u13) * q];
        let den1 = [0.0, 0.0, 0.0, d1 * q];
        let da: [f64; 4] = std::array::from_fn(|i| num1[i] / den - num * den1[i] / (den * den));
        let mut daa = [[0.0; 4]; 4];
        let (mut dfa, mut dq) = (0.0, 0.0);
        if second {
            // f′ from f: probit f′(x) = −x f(x), logit f′(x) = f(x) (F(−x) − F(x)).
            dfa = match link {
                Link::Probit => -a * fa,
                Link::Logit => fa * (f1 - f2),
            };
            dq = match link {
                Link::Probit => -z * q / SQRT2,
                Link::Logit => q * (f3 - f4) / SQRT2,
            };
            // Only u24 enters the denominator and the second derivatives of the numerator
            // (−q for u13, q for u14, (u14 − u13) q′ for u24), so d²a is zero off row and
            // column u24.
            let inv = 1.0 / den;
            let num2_3 = [0.0, -q, q, (u14 - u13) * dq];
            let den1_3 = den1[3];
            let den2_33 = d2 * q * q + d1 * dq;
            for (j, n2) in num2_3.iter().enumerate() {
                let mut v = n2 * inv - num1[j] * den1_3 * inv * inv;
                if j == 3 {
                    v += -num1[3] * den1_3 * inv * inv - num * den2_33 * inv * inv
                        + 2.0 * num * den1_3 * den1_3 * inv * inv * inv;
                }
                daa[3][j] = v;
                daa[j][3] = v;
            }
        }
        Node {
            p1,
            p2,
            p3,
            p4,
            fa,
            dfa,
            q,
            dq,
            da,
            daa,
        }
    }

    /// The outcome probabilities of one case under parameters `b`.
    pub fn predict(&self, b: &[f64], row: Row<'_>) -> Outcomes {
        let n = self.node(b, row, false);
        Outcomes {
            status_quo: n.p1,
            capitulation: n.p2 * n.p3,
            war: n.p2 * n.p4,
        }
    }

    /// One case's log-likelihood and its derivatives in the utilities (second ones when
    /// `second`).
    fn term(&self, b: &[f64], row: Row<'_>, y: u8, second: bool) -> Term {
        let n = self.node(b, row, second);
        // l = A(a) + B(p4): A and B and their first two derivatives.
        let (l, a1, a2, b1, b2) = match y {
            0 => (
                n.p1.ln(),
                -n.fa / n.p1,
                -n.dfa / n.p1 - n.fa * n.fa / (n.p1 * n.p1),
                0.0,
                0.0,
            ),
            1 => (
                n.p2.ln() + n.p3.ln(),
                n.fa / n.p2,
                n.dfa / n.p2 - n.fa * n.fa / (n.p2 * n.p2),
                -1.0 / n.p3,
                -1.0 / (n.p3 * n.p3),
            ),
            _ => (
                n.p2.ln() + n.p4.ln(),
                n.fa / n.p2,
                n.dfa / n.p2 - n.fa * n.fa / (n.p2 * n.p2),
                1.0 / n.p4,
                -1.0 / (n.p4 * n.p4),
            ),
        };
        let mut lu: [f64; 4] = std::array::from_fn(|i| a1 * n.da[i]);
        lu[3] += b1 * n.q;
        let mut luu = [[0.0; 4]; 4];
        if second {
            luu = std::array::from_fn(|i| {
                std::array::from_fn(|j| a2 * n.da[i] * n.da[j] + a1 * n.daa[i][j])
            });
            luu[3][3] += b2 * n.q * n.q + b1 * n.dq;
        }
        Term { l, lu, luu }
    }

    fn row<'d>(d: &'d Design, i: usize) -> Row<'d> {
        Row {
            x: std::array::from_fn(|k| d.equations[k].row(i)),
        }
    }

    /// The log-likelihood of the design under `b`; with `grad`, its gradient too.
    pub fn log_likelihood(&self, b: &[f64], d: &Design, mut grad: Option<&mut [f64]>) -> f64 {
        if let Some(g) = grad.as_deref_mut() {
            g.iter_mut().for_each(|v| *v = 0.0);
        }
        let mut ll = 0.0;
        for (i, &y) in d.y.iter().enumerate() {
            let row = Self::row(d, i);
            let t = self.term(b, row, y, false);
            ll += t.l;
            if let Some(g) = grad.as_deref_mut() {
                let mut off = 0;
                for ((xs, w), du) in row.x.iter().zip(self.widths).zip(t.lu) {
                    for (j, x) in xs.iter().enumerate() {
                        g[off + j] += du * x;
                    }
                    off += w;
                }
            }
        }
        ll
    }

    /// The analytic Hessian of the log-likelihood under `b` (row-major, `k × k`).
    pub fn hessian(&self, b: &[f64], d: &Design) -> Vec<f64> {
        let mut g = vec![0.0; self.parameters()];
        self.gradient_hessian(b, d, &mut g)
    }

    /// The gradient (into `g`) and the analytic Hessian (returned, row-major `k × k`) of the
    /// log-likelihood under `b`, in one pass over the cases.
    pub fn gradient_hessian(&self, b: &[f64], d: &Design, g: &mut [f64]) -> Vec<f64> {
        let k = self.parameters();
        g.iter_mut().for_each(|v| *v = 0.0);
        let mut h = vec![0.0; k * k];
        let offs = [
            0,
            self.widths[0],
            self.widths[0] + self.widths[1],
            self.widths[0] + self.widths[1] + self.widths[2],
        ];
        for (i, &y) in d.y.iter().enumerate() {
            let row = Self::row(d, i);
            let t = self.term(b, row, y, true);
            for (e, xs) in row.x.iter().enumerate() {
                for (j, x) in xs.iter().enumerate() {
                    g[offs[e] + j] += t.lu[e] * x;
                }
            }
            for e in 0..4 {
                for f in e..4 {
                    let w = t.luu[e][f];
                    if w == 0.0 {
                        continue;
                    }
                    for (r, xr) in row.x[e].iter().enumerate() {
                        let wr = w * xr;
                        let base = (offs[e] + r) * k + offs[f];
                        for (c, xc) in row.x[f].iter().enumerate() {
                            h[base + c] += wr * xc;
                        }
                    }
                }
            }
        }
        // Mirror: blocks (e, f ≥ e) were filled as rows of e; complete the symmetric matrix.
        for r in 0..k {
            for c in 0..k {
                let (er, ec) = (block(&offs, r), block(&offs, c));
                if er > ec || (er == ec && r > c) {
                    h[r * k + c] = h[c * k + r];
                }
            }
        }
        h
    }
}

fn block(offs: &[usize; 4], i: usize) -> usize {
    (0..4).rev().find(|&e| i >= offs[e]).unwrap_or(0)
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
    let mut grad_hess = |b: &[f64], g: &mut [f64]| model.gradient_hessian(b, d, g);
    let start = vec![0.0; k];
    let max = optim::maximise(&start, &mut value, &mut grad_hess).ok_or_else(|| {
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
    let neg: Vec<f64> = max.hessian.iter().map(|v| -v).collect();
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
