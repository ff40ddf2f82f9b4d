//! From a [`Frame`] and a [`Formula`] to the numbers the estimator needs, as R's `model.frame`
//! and `model.matrix` make them for `games`: rows with a missing value in any column the formula
//! names are dropped; the outcome becomes one of three categories; each equation becomes a
//! matrix with an `(Intercept)` column first (unless removed), a numeric column as it is, and a
//! text column as dummies for each of its levels but the first, levels in sorted order and only
//! those present in the rows used (R's `factor()` and `drop.unused.levels`).

use std::collections::BTreeSet;

use crate::data::{Frame, Values};
use crate::error::{Error, ErrorKind, closest};
use crate::formula::{Formula, Name};

/// What one column of an equation's matrix is.
#[derive(Debug, Clone, PartialEq)]
pub enum Regressor {
    /// The constant 1.
    Intercept,
    /// A numeric column, as it is.
    Number(String),
    /// 1 where the text column `column` equals `level`, else 0.
    Level {
        /// The column.
        column: String,
        /// The level.
        level: String,
    },
}

impl Regressor {
    /// Its name in R's style: `(Intercept)`, `balanc`, `regime2dem`.
    pub fn name(&self) -> String {
        match self {
            Regressor::Intercept => "(Intercept)".into(),
            Regressor::Number(c) => c.clone(),
            Regressor::Level { column, level } => format!("{column}{level}"),
        }
    }
}

/// One utility equation's matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct EquationMatrix {
    /// Its columns.
    pub regressors: Vec<Regressor>,
    /// The values, row-major: `n × regressors.len()`.
    pub x: Vec<f64>,
}

impl EquationMatrix {
    /// The number of columns.
    pub fn width(&self) -> usize {
        self.regressors.len()
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        let k = self.width();
        &self.x[i * k..(i + 1) * k]
    }
}

/// The data of a fit, ready for the likelihood.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// The names of the three outcomes, in the order of the game's terminal nodes (status quo,
    /// capitulation, war), as `games` names them: `~esc`, `esc,~war`, `esc,war` for two outcome
    /// columns, the sorted levels for one.
    pub outcomes: [String; 3],
    /// The outcome of each row used: 0, 1 or 2.
    pub y: Vec<u8>,
    /// The equations' matrices.
    pub equations: Vec<EquationMatrix>,
    /// The line of the file each row used comes from.
    pub lines: Vec<usize>,
    /// How many rows were dropped for a missing value.
    pub dropped: usize,
}

fn unknown(frame: &Frame, n: &Name) -> Error {
    let mut e = Error::new(
        ErrorKind::Formula,
        format!("`{}` is not a column of {}", n.name, frame.file),
    )
    .in_file("formula")
    .at(1)
    .at_column(n.at);
    e = match closest(&n.name, frame.columns.iter().map(|c| c.name.as_str())) {
        Some(k) => e.with_hint(format!("did you mean `{k}`?")),
        None => {
            let names: Vec<&str> = frame
                .columns
                .iter()
                .take(30)
                .map(|c| c.name.as_str())
                .collect();
            e.with_hint(format!("the columns are: {}", names.join(", ")))
        }
    };
    e
}

fn fmt_level(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Build the design of `formula` on `frame`.
pub fn design(frame: &Frame, formula: &Formula) -> Result<Design, Error> {
    let data_err = |msg: String| Error::new(ErrorKind::Data, msg).in_file(frame.file.clone());
    // Every name must be a column.
    let mut used: Vec<&Name> = formula.outcome.iter().collect();
    for eq in &formula.equations {
        used.extend(eq.terms.iter());
    }
    let mut cols = Vec::new();
    for n in &used {
        let c = frame.column(&n.name).ok_or_else(|| unknown(frame, n))?;
        cols.push(c);
    }
    // Rows with no missing value in any of them.
    let keep: Vec<usize> = (0..frame.rows())
        .filter(|&i| cols.iter().all(|c| !c.values.is_missing(i)))
        .collect();
    let dropped = frame.rows() - keep.len();
    if keep.is_empty() {
        return Err(data_err(format!(
            "no row is complete: all {} rows have a missing value in a column the formula uses",
            frame.rows()
        ))
        .with_hint("missing values are empty cells or NA"));
    }
    let lines: Vec<usize> = keep.iter().map(|&i| frame.lines[i]).collect();
    // The outcome.
    let (outcomes, y) = outcome(frame, formula, &keep, &lines)?;
    for (k, name) in outcomes.iter().enumerate() {
        if !y.contains(&(k as u8)) {
            return Err(data_err(format!(
                "the outcome `{name}` never occurs in the {} rows used",
                keep.len()
            ))
            .with_hint("the game's three outcomes must all be observed to estimate it"));
        }
    }
    // The equations.
    let mut equations = Vec::new();
    for eq in &formula.equations {
        let mut regressors = Vec::new();
        if eq.intercept {
            regressors.push(Regressor::Intercept);
        }
        for t in &eq.terms {
            let c = frame.column(&t.name).ok_or_else(|| unknown(frame, t))?;
            match &c.values {
                Values::Number(_) => regressors.push(Regressor::Number(c.name.clone())),
                Values::Text(v) => {
                    let levels: BTreeSet<&str> =
                        keep.iter().filter_map(|&i| v[i].as_deref()).collect();
                    for level in levels.into_iter().skip(1) {
                        regressors.push(Regressor::Level {
                            column: c.name.clone(),
                            level: level.to_string(),
                        });
                    }
                }
            }
        }
        let mut x = Vec::with_capacity(keep.len() * regressors.len());
        for &i in &keep {
            for r in &regressors {
                x.push(value(frame, r, i));
            }
        }
        equations.push(EquationMatrix { regressors, x });
    }
    Ok(Design {
        outcomes,
        y,
        equations,
        lines,
        dropped,
    })
}

fn value(frame: &Frame, r: &Regressor, i: usize) -> f64 {
    match r {
        Regressor::Intercept => 1.0,
        Regressor::Number(c) => match frame.column(c).map(|c| &c.values) {
            Some(Values::Number(v)) => v[i].unwrap_or(f64::NAN),
            _ => f64::NAN,
        },
        Regressor::Level { column, level } => match frame.column(column).map(|c| &c.values) {
            Some(Values::Text(v)) => f64::from(u8::from(v[i].as_deref() == Some(level.as_str()))),
            _ => f64::NAN,
        },
    }
}

type Outcome = ([String; 3], Vec<u8>);

fn outcome(
    frame: &Frame,
    formula: &Formula,
    keep: &[usize],
    lines: &[usize],
) -> Result<Outcome, Error> {
    let bad = |line: usize, msg: String| {
        Error::new(ErrorKind::Data, msg)
            .in_file(frame.file.clone())
            .at(line)
    };
    match formula.outcome.as_slice() {
        [a, b] => {
            let mut cols = Vec::new();
            for n in [a, b] {
                let c = frame.column(&n.name).ok_or_else(|| unknown(frame, n))?;
                let Values::Number(v) = &c.values else {
                    return Err(bad(
                        lines[0],
                        format!("outcome column `{}` is text, not 0/1", n.name),
                    )
                    .with_hint("two outcome columns are dummies: 1 escalated / 1 war"));
                };
                cols.push(v);
            }
            let mut y = Vec::with_capacity(keep.len());
            for (k, &i) in keep.iter().enumerate() {
                let mut d = [0u8; 2];
                for (j, v) in cols.iter().enumerate() {
                    d[j] = match v[i] {
                        Some(0.0) => 0,
                        Some(1.0) => 1,
                        other => {
                            return Err(bad(
                                lines[k],
                                format!(
                                    "outcome column `{}` holds {}, not 0 or 1",
                                    formula.outcome[j].name,
                                    other.map_or("NA".into(), fmt_level)
                                ),
                            )
                            .with_hint("two outcome columns are dummies: 1 escalated / 1 war"));
                        }
                    };
                }
                y.push(if d[0] == 0 { 0 } else { 1 + d[1] });
            }
            let (a, b) = (&a.name, &b.name);
            Ok((
                [format!("~{a}"), format!("{a},~{b}"), format!("{a},{b}")],
                y,
            ))
        }
        [a] => {
            let c = frame.column(&a.name).ok_or_else(|| unknown(frame, a))?;
            let labels: Vec<String> = match &c.values {
                Values::Number(v) => keep
                    .iter()
                    .map(|&i| v[i].map_or(String::new(), fmt_level))
                    .collect(),
                Values::Text(v) => keep
                    .iter()
                    .map(|&i| v[i].clone().unwrap_or_default())
                    .collect(),
            };
            let levels: Vec<String> = match &c.values {
                Values::Number(v) => {
                    let mut xs: Vec<f64> = keep.iter().filter_map(|&i| v[i]).collect();
                    xs.sort_by(f64::total_cmp);
                    xs.dedup();
                    xs.into_iter().map(fmt_level).collect()
                }
                Values::Text(_) => {
                    let s: BTreeSet<&String> = labels.iter().collect();
                    s.into_iter().cloned().collect()
                }
            };
            let [l0, l1, l2] = <[String; 3]>::try_from(levels.clone()).map_err(|_| {
                bad(
                    lines[0],
                    format!(
                        "the outcome `{}` takes {} values, not 3 (status quo, capitulation, war)",
                        a.name,
                        levels.len()
                    ),
                )
                .with_hint("or give two 0/1 columns: esc + war ~ ...")
            })?;
            let y = labels
                .iter()
                .map(|l| {
                    if *l == l0 {
                        0
                    } else if *l == l1 {
                        1
                    } else {
                        2
                    }
                })
                .collect();
            Ok(([l0, l1, l2], y))
        }
        _ => Err(Error::new(
            ErrorKind::Formula,
            format!(
                "{} outcome columns: give one (three values) or two (0/1 dummies)",
                formula.outcome.len()
            ),
        )
        .in_file("formula")
        .at(1)
        .at_column(formula.outcome.get(2).map_or(1, |n| n.at))),
    }
}
