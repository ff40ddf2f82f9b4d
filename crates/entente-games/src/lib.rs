//! Estimation of strategic choice models, after the R package `games` (Kenkel & Signorino):
//! the extended-deterrence crisis game `egame12` in agent-error (probit, logit) and
//! private-information (probit) form, fitted by maximum likelihood with analytic gradients,
//! with standard errors from the Hessian and predicted outcome probabilities.
//!
//! Plain data in, plain data out, no I/O: [`data::read_csv`] reads a table from text,
//! [`formula::parse`] reads `games`' formula syntax, [`design::design`] builds the matrices and
//! [`egame12::fit`] estimates; [`estimate`] does all four. A [`Fit`] carries the coefficients,
//! their covariance and `predict`, so that a model of deterrence can draw coefficients from it.

pub mod data;
pub mod design;
pub mod egame12;
pub mod error;
pub mod formula;
pub mod optim;

pub use egame12::{CaseValue, Fit, Form, Link, Outcomes, Row};
pub use error::{Error, ErrorKind};

/// Read `text` (a CSV table called `file` in messages), read `formula` and fit `egame12`.
pub fn estimate(
    file: &str,
    text: &str,
    formula: &str,
    link: Link,
    form: Form,
) -> Result<Fit, Error> {
    let frame = data::read_csv(file, text)?;
    let f = formula::parse(formula)?;
    let d = design::design(&frame, &f)?;
    egame12::fit(&d, link, form)
}
