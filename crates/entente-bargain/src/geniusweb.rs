//! Reader for GeniusWeb JSON profiles (`LinearAdditiveUtilitySpace`), which carry their domain
//! inline. Takes file contents as strings plus file names for messages.
//!
//! Semantics follow GeniusWeb: utility `Σ weight × issue utility`; a discrete issue's utilities
//! are used as written (GeniusWeb stores them already in [0, 1]; no per-issue normalisation,
//! unlike GENIUS XML); a number issue's utility interpolates linearly between
//! (`lowValue`, `lowUtility`) and (`highValue`, `highUtility`) and is 0 outside that interval.
//! A number issue's values are its domain range (`[low, high, step]` or
//! `{low, high, step}`), enumerated. The
//! `reservationBid`, when present, gives the reservation (and no-deal) value: its utility.
//! Both the older (`discreteutils`, `numberutils`) and the newer
//! (`DiscreteValueSetUtilities`, `NumberValueSetUtilities`) key names are read. Issues are taken
//! in the alphabetical order of their names.

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::space::{Issue, IssuePreference, Party, Space};

fn err(file: &str, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Json, msg).in_file(file)
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn label(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A parsed GeniusWeb profile.
#[derive(Debug, Clone)]
pub struct WebProfile {
    file: String,
    issues: Vec<Issue>,
    weights: Vec<f64>,
    utils: Vec<Value>,
    reservation: Option<Value>,
    domain: String,
    /// The profile's name.
    pub name: String,
}

/// Read a GeniusWeb profile.
pub fn read_profile(text: &str, file: &str) -> Result<WebProfile> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        err(file, format!("not valid JSON: {e}"))
            .at(e.line(), e.column())
            .with_hint("fix the JSON syntax here")
    })?;
    let las = root
        .get("LinearAdditiveUtilitySpace")
        .or_else(|| root.get("LinearAdditive"))
        .ok_or_else(|| {
            err(file, "no `LinearAdditiveUtilitySpace` object at the top")
                .with_hint("entente reads GeniusWeb linear additive profiles")
        })?;
    let domain = las
        .get("domain")
        .ok_or_else(|| err(file, "the profile has no `domain`"))?;
    let issues_values = domain
        .get("issuesValues")
        .and_then(Value::as_object)
        .ok_or_else(|| err(file, "the domain has no `issuesValues` object"))?;
    let mut issues = Vec::new();
    for (name, vs) in issues_values {
        if let Some(values) = vs.get("values").and_then(Value::as_array) {
            let labels: Vec<String> = values.iter().map(label).collect();
            let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
            if refs.is_empty() {
                return Err(err(file, format!("issue `{name}` has no value")));
            }
            issues.push(Issue::categorical(name.clone(), &refs));
        } else if let Some(r) = vs.get("range") {
            let xs: Vec<f64> = match r {
                Value::Array(a) => a.iter().filter_map(num).collect(),
                Value::Object(o) => ["low", "high", "step"]
                    .iter()
                    .filter_map(|k| o.get(*k).and_then(num))
                    .collect(),
                _ => Vec::new(),
            };
            if xs.len() != 3 {
                return Err(err(
                    file,
                    format!("issue `{name}`: `range` must be [low, high, step]"),
                ));
            }
            let is = Issue::numeric(name.clone(), xs[0], xs[1], xs[2])
                .map_err(|e| err(file, e.message().to_string()))?;
            issues.push(is);
        } else {
            return Err(err(
                file,
                format!("issue `{name}` has neither `values` nor `range`"),
            ));
        }
    }
    let weights_obj = las
        .get("issueWeights")
        .and_then(Value::as_object)
        .ok_or_else(|| err(file, "no `issueWeights` object"))?;
    let utils_obj = las
        .get("issueUtilities")
        .and_then(Value::as_object)
        .ok_or_else(|| err(file, "no `issueUtilities` object"))?;
    let mut weights = Vec::new();
    let mut utils = Vec::new();
    for is in &issues {
        let w = weights_obj
            .get(&is.id)
            .and_then(num)
            .ok_or_else(|| err(file, format!("no weight for issue `{}`", is.id)))?;
        weights.push(w);
        utils.push(
            utils_obj
                .get(&is.id)
                .cloned()
                .ok_or_else(|| err(file, format!("no utilities for issue `{}`", is.id)))?,
        );
    }
    Ok(WebProfile {
        file: file.to_string(),
        issues,
        weights,
        utils,
        reservation: las.get("reservationBid").cloned().filter(|v| !v.is_null()),
        domain: domain.get("name").map(label).unwrap_or_default(),
        name: las.get("name").map(label).unwrap_or_default(),
    })
}

fn issue_values(p: &WebProfile, i: usize) -> Result<Vec<f64>> {
    let is = &p.issues[i];
    let u = &p.utils[i];
    if let Some(d) = u
        .get("DiscreteValueSetUtilities")
        .or_else(|| u.get("discreteutils"))
    {
        let vu = d
            .get("valueUtilities")
            .and_then(Value::as_object)
            .ok_or_else(|| err(&p.file, format!("issue `{}`: no `valueUtilities`", is.id)))?;
        return Ok(is
            .labels
            .iter()
            .map(|l| vu.get(l).and_then(num).unwrap_or(0.0))
            .collect());
    }
    if let Some(n) = u
        .get("NumberValueSetUtilities")
        .or_else(|| u.get("numberutils"))
    {
        let g = |k: &str| {
            n.get(k)
                .and_then(num)
                .ok_or_else(|| err(&p.file, format!("issue `{}`: no `{k}`", is.id)))
        };
        let (lv, lu, hv, hu) = (
            g("lowValue")?,
            g("lowUtility")?,
            g("highValue")?,
            g("highUtility")?,
        );
        return Ok(is
            .numbers
            .iter()
            .map(|x| {
                if *x < lv.min(hv) || *x > lv.max(hv) {
                    0.0
                } else if hv == lv {
                    lu
                } else {
                    lu + (x - lv) / (hv - lv) * (hu - lu)
                }
            })
            .collect());
    }
    Err(
        err(&p.file, format!("issue `{}`: unknown utility kind", is.id))
            .with_hint("entente reads discrete and number value-set utilities"),
    )
}

/// Build the space of several GeniusWeb profiles over the same domain.
pub fn to_space(profiles: &[(String, WebProfile)]) -> Result<Space> {
    let first = &profiles
        .first()
        .ok_or_else(|| Error::invalid("no profile given"))?
        .1;
    let issues = first.issues.clone();
    let mut parties = Vec::new();
    for (name, p) in profiles {
        if p.issues != issues {
            return Err(err(
                &p.file,
                format!("the domain differs from that of {}", first.file),
            )
            .with_hint("give profiles of the same domain"));
        }
        let mut party = Party::new(name.clone(), issues.len());
        for i in 0..issues.len() {
            party.preferences[i] = Some(IssuePreference::Table {
                weight: p.weights[i],
                values: issue_values(p, i)?,
            });
        }
        if let Some(bid) = &p.reservation {
            let iv = bid
                .get("issuevalues")
                .and_then(Value::as_object)
                .ok_or_else(|| err(&p.file, "`reservationBid` has no `issuevalues` object"))?;
            let mut u = 0.0;
            for (i, is) in issues.iter().enumerate() {
                let Some(v) = iv.get(&is.id) else { continue };
                let vals = issue_values(p, i)?;
                let idx = match num(v) {
                    Some(x) if matches!(is.kind, crate::space::IssueKind::Numeric { .. }) => {
                        is.numbers.iter().position(|n| (n - x).abs() < 1e-9)
                    }
                    _ => is.value_index(&label(v)),
                };
                if let Some(idx) = idx {
                    u += p.weights[i] * vals[idx];
                }
            }
            party.no_deal = u;
            party.reservation = Some(u);
        }
        party.source = Some(format!("GeniusWeb profile {}", p.file));
        parties.push(party);
    }
    let space = Space {
        name: first.domain.clone(),
        issues,
        parties,
        links: Vec::new(),
    };
    space.validate()?;
    Ok(space)
}
