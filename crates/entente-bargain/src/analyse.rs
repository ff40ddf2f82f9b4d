//! The whole settlement question in one call: counts, the Pareto frontier of the acceptable
//! packages, the solutions for the chosen disagreement point and, when nothing is acceptable,
//! the explanation of why (M11).

use crate::conflict::{NoDeal, explain_no_deal};
use crate::error::Result;
use crate::frontier::{Point, frontier};
use crate::model::Model;
use crate::solutions::{Disagreement, Solutions, solve};
use crate::space::Space;

/// The answer for one settlement space.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Number of packages (product of the issues' sizes).
    pub outcomes: u64,
    /// Number of packages every party accepts (valid, within every red line, at least every
    /// no-deal value).
    pub acceptable: u64,
    /// The Pareto frontier of the acceptable packages, by increasing package index.
    pub pareto: Vec<Point>,
    /// The disagreement rule used.
    pub disagreement_rule: Disagreement,
    /// The solutions.
    pub solutions: Solutions,
    /// Why no package is acceptable (only when none is).
    pub no_deal: Option<NoDeal>,
}

/// Analyse a settlement space.
pub fn analyse(space: &Space, disagreement: Disagreement) -> Result<Analysis> {
    let model = Model::new(space)?;
    analyse_model(space, &model, disagreement)
}

/// Analyse an already compiled space.
pub fn analyse_model(space: &Space, model: &Model, disagreement: Disagreement) -> Result<Analysis> {
    let f = frontier(model);
    let d = disagreement.point(model);
    let solutions = solve(&f.points, model.k, &d);
    let no_deal = if f.acceptable == 0 {
        explain_no_deal(space, model)?
    } else {
        None
    };
    Ok(Analysis {
        outcomes: model.count,
        acceptable: f.acceptable,
        pareto: f.points,
        disagreement_rule: disagreement,
        solutions,
        no_deal,
    })
}
