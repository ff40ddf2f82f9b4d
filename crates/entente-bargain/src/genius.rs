//! Reader for GENIUS XML domains and additive profiles (the format of the field's benchmark
//! domains), turning one domain and its profiles into a [`Space`]. It takes file contents as
//! strings plus file names for messages; it never touches the file system.
//!
//! Semantics follow GENIUS, not other importers:
//! - discrete issue: utility `weight × evaluation / (largest evaluation of that issue)` — the
//!   evaluations are normalised per issue (an issue whose evaluations are all zero contributes 0);
//! - integer issue: linear evaluator `offset + slope × x`, clamped to [0, 1], times the weight;
//! - real issue: linear evaluator `parameter0 + parameter1 × x`, clamped to [0, 1], times the
//!   weight; the interval is discretised into `real_steps` equal steps (`real_steps + 1` values,
//!   both bounds included) because packages are enumerated;
//! - weights are used as written (the standard profiles' weights sum to 1);
//! - `reservation` becomes both the no-deal and the reservation value (0 when absent);
//! - `discount_factor` is read and reported but does not change utilities: the analysis is
//!   timeless, and the automated negotiation uses rounds, not GENIUS's clock.
//!
//! Malformed files give an [`Error`] with file, line and column. One known defect is read
//! leniently: attributes not separated by whitespace (`type="discrete"vtype="discrete"`, as in
//! the ANAC 2011 car profile) are accepted and reported as a [`Warning`].

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, ErrorKind, Result};
use crate::space::{Issue, IssuePreference, Party, Space};

/// A problem the reader worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What was wrong and how it was read.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: warning: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Discrete,
    Integer,
    Real,
}

#[derive(Debug, Clone)]
struct RawIssue {
    index: Option<usize>,
    name: String,
    kind: Kind,
    items: Vec<(String, Option<f64>)>,
    lower: Option<f64>,
    upper: Option<f64>,
    evaluator: BTreeMap<String, String>,
    line: usize,
}

#[derive(Debug, Clone, Default)]
struct RawSpace {
    issues: Vec<RawIssue>,
    weights: Vec<(usize, f64)>,
    reservation: Option<f64>,
    discount: Option<f64>,
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text.as_bytes()[..pos];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, col)
}

struct Ctx<'a> {
    text: &'a str,
    file: &'a str,
    warnings: Vec<Warning>,
}

impl Ctx<'_> {
    fn err(&self, pos: usize, msg: impl Into<String>) -> Error {
        let (l, c) = line_col(self.text, pos);
        Error::new(ErrorKind::Xml, msg).in_file(self.file).at(l, c)
    }

    /// Attributes of a tag starting at byte `start`, checking the separators ourselves.
    fn attrs(&mut self, e: &BytesStart<'_>, start: usize) -> Result<BTreeMap<String, String>> {
        let raw = &self.text[start..];
        // Find attributes glued to the previous closing quote: `"x"name=`.
        let end = raw.find('>').unwrap_or(raw.len());
        let tag = &raw[..end];
        let bytes = tag.as_bytes();
        let mut in_quote: Option<u8> = None;
        for (i, b) in bytes.iter().enumerate() {
            match in_quote {
                Some(q) if *b == q => {
                    in_quote = None;
                    if let Some(next) = bytes.get(i + 1) {
                        if next.is_ascii_alphabetic() {
                            let (line, column) = line_col(self.text, start + i + 1);
                            self.warnings.push(Warning {
                                file: self.file.to_string(),
                                line,
                                column,
                                message: "not well-formed XML: attributes must be separated by \
                                          whitespace; read as if a space were there"
                                    .into(),
                            });
                        }
                    }
                }
                Some(_) => {}
                None if *b == b'"' || *b == b'\'' => in_quote = Some(*b),
                None => {}
            }
        }
        let mut out = BTreeMap::new();
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|x| self.err(start, format!("bad attribute: {x}")))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .unescape_value()
                .map_err(|x| self.err(start, format!("bad attribute value for `{key}`: {x}")))?
                .into_owned();
            out.insert(key, value);
        }
        Ok(out)
    }

    fn number(
        &self,
        attrs: &BTreeMap<String, String>,
        key: &str,
        pos: usize,
    ) -> Result<Option<f64>> {
        match attrs.get(key) {
            None => Ok(None),
            Some(s) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                self.err(
                    pos,
                    format!("attribute `{key}` should be a number, found `{s}`"),
                )
            }),
        }
    }
}

fn parse(text: &str, file: &str) -> Result<(RawSpace, Vec<Warning>)> {
    let mut ctx = Ctx {
        text,
        file,
        warnings: Vec::new(),
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut out = RawSpace::default();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<RawIssue> = None;
    let mut saw_space = false;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| {
            ctx.err(
                reader.error_position() as usize,
                format!("not well-formed XML: {e}"),
            )
            .with_hint("fix the XML syntax at this place")
        })?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if let Some(name) = stack.pop() {
                    if name == "issue" {
                        if let Some(i) = current.take() {
                            out.issues.push(i);
                        }
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        // The tag starts at the first '<' at or after `before`.
        let start = text[before..].find('<').map_or(before, |o| before + o);
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let attrs = ctx.attrs(e, start)?;
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "utility_space" => saw_space = true,
            "issue" => {
                let kind_s = attrs
                    .get("type")
                    .or_else(|| attrs.get("etype"))
                    .or_else(|| attrs.get("vtype"))
                    .map(String::as_str)
                    .unwrap_or("discrete");
                let kind = match kind_s {
                    "discrete" => Kind::Discrete,
                    "integer" => Kind::Integer,
                    "real" => Kind::Real,
                    other => {
                        return Err(ctx
                            .err(start, format!("issue type `{other}` is not supported"))
                            .with_hint("entente reads discrete, integer and real issues"));
                    }
                };
                let index = ctx.number(&attrs, "index", start)?.map(|x| x as usize);
                let (line, _) = line_col(text, start);
                current = Some(RawIssue {
                    index,
                    name: attrs.get("name").cloned().unwrap_or_default(),
                    kind,
                    items: Vec::new(),
                    lower: ctx.number(&attrs, "lowerbound", start)?,
                    upper: ctx.number(&attrs, "upperbound", start)?,
                    evaluator: BTreeMap::new(),
                    line,
                });
                if empty {
                    out.issues.extend(current.take());
                }
            }
            "item" if parent == Some("issue") => {
                let value = attrs.get("value").cloned().ok_or_else(|| {
                    ctx.err(start, "an <item> has no `value` attribute")
                        .with_hint("give every item its value label")
                })?;
                let eval = ctx.number(&attrs, "evaluation", start)?;
                if let Some(i) = current.as_mut() {
                    i.items.push((value, eval));
                }
            }
            "evaluator" if parent == Some("issue") => {
                if let Some(i) = current.as_mut() {
                    i.evaluator = attrs.clone();
                }
            }
            "weight" if parent == Some("objective") => {
                let index = ctx.number(&attrs, "index", start)?.ok_or_else(|| {
                    ctx.err(start, "a <weight> has no `index`")
                        .with_hint("say which issue it weighs")
                })?;
                let value = ctx.number(&attrs, "value", start)?.ok_or_else(|| {
                    ctx.err(start, "a <weight> has no `value`")
                        .with_hint("give the weight")
                })?;
                out.weights.push((index as usize, value));
            }
            "reservation" => out.reservation = ctx.number(&attrs, "value", start)?,
            "discount_factor" => out.discount = ctx.number(&attrs, "value", start)?,
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    if !saw_space {
        return Err(Error::new(ErrorKind::Xml, "no <utility_space> element")
            .in_file(file)
            .with_hint("is this a GENIUS domain or profile file?"));
    }
    Ok((out, ctx.warnings))
}

/// A GENIUS domain: its issues.
#[derive(Debug, Clone)]
pub struct Domain {
    issues: Vec<RawIssue>,
    file: String,
}

/// A GENIUS additive profile.
#[derive(Debug, Clone)]
pub struct Profile {
    raw: RawSpace,
    file: String,
}

impl Profile {
    /// The reservation value (0 when absent).
    pub fn reservation(&self) -> f64 {
        self.raw.reservation.unwrap_or(0.0)
    }

    /// The discount factor, when given.
    pub fn discount(&self) -> Option<f64> {
        self.raw.discount
    }
}

/// Read a GENIUS domain file.
pub fn read_domain(text: &str, file: &str) -> Result<(Domain, Vec<Warning>)> {
    let (raw, w) = parse(text, file)?;
    if raw.issues.is_empty() {
        return Err(Error::new(ErrorKind::Xml, "the domain declares no <issue>")
            .in_file(file)
            .with_hint("a domain lists its issues inside <objective>"));
    }
    for i in &raw.issues {
        match i.kind {
            Kind::Discrete if i.items.is_empty() => {
                return Err(Error::new(
                    ErrorKind::Xml,
                    format!("discrete issue `{}` has no <item>", i.name),
                )
                .in_file(file)
                .at(i.line, 1));
            }
            Kind::Integer | Kind::Real if i.lower.is_none() || i.upper.is_none() => {
                return Err(Error::new(
                    ErrorKind::Xml,
                    format!("issue `{}` needs `lowerbound` and `upperbound`", i.name),
                )
                .in_file(file)
                .at(i.line, 1));
            }
            _ => {}
        }
    }
    Ok((
        Domain {
            issues: raw.issues,
            file: file.to_string(),
        },
        w,
    ))
}

/// Read a GENIUS profile file.
pub fn read_profile(text: &str, file: &str) -> Result<(Profile, Vec<Warning>)> {
    let (raw, w) = parse(text, file)?;
    if raw.issues.is_empty() {
        return Err(
            Error::new(ErrorKind::Xml, "the profile declares no <issue>")
                .in_file(file)
                .with_hint("is this a domain file rather than a profile?"),
        );
    }
    Ok((
        Profile {
            raw,
            file: file.to_string(),
        },
        w,
    ))
}

fn clamp01(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

/// Build the space of a domain and its profiles; party ids are the given names. Real issues are
/// discretised into `real_steps` equal steps.
pub fn to_space(
    domain: &Domain,
    profiles: &[(String, Profile)],
    real_steps: usize,
) -> Result<Space> {
    let steps = real_steps.max(1);
    let mut issues = Vec::new();
    for d in &domain.issues {
        let issue = match d.kind {
            Kind::Discrete => {
                let labels: Vec<&str> = d.items.iter().map(|(l, _)| l.as_str()).collect();
                Issue::categorical(d.name.clone(), &labels)
            }
            Kind::Integer => {
                let (lo, hi) = (d.lower.unwrap_or(0.0), d.upper.unwrap_or(0.0));
                Issue::numeric(d.name.clone(), lo.round(), hi.round(), 1.0).map_err(|e| {
                    Error::new(ErrorKind::Xml, e.message().to_string())
                        .in_file(&domain.file)
                        .at(d.line, 1)
                })?
            }
            Kind::Real => {
                let (lo, hi) = (d.lower.unwrap_or(0.0), d.upper.unwrap_or(0.0));
                let step = if hi > lo {
                    (hi - lo) / steps as f64
                } else {
                    1.0
                };
                let mut is = Issue::numeric(d.name.clone(), lo, hi, step).map_err(|e| {
                    Error::new(ErrorKind::Xml, e.message().to_string())
                        .in_file(&domain.file)
                        .at(d.line, 1)
                })?;
                // Make the last value exactly the upper bound.
                if let Some(last) = is.numbers.last_mut() {
                    if (*last - hi).abs() < step * 1e-6 {
                        *last = hi;
                    }
                }
                is
            }
        };
        issues.push(issue);
    }
    let mut parties = Vec::new();
    for (name, prof) in profiles {
        let file = &prof.file;
        let mut party = Party::new(name.clone(), issues.len());
        for (pos, d) in domain.issues.iter().enumerate() {
            let p = prof
                .raw
                .issues
                .iter()
                .find(|p| p.name == d.name)
                .or_else(|| {
                    prof.raw
                        .issues
                        .iter()
                        .find(|p| p.index.is_some() && p.index == d.index)
                })
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Xml,
                        format!("the profile has no issue `{}` of the domain", d.name),
                    )
                    .in_file(file)
                    .with_hint("is this profile for this domain?")
                })?;
            let idx = p.index.or(d.index).unwrap_or(pos + 1);
            let weight = prof
                .raw
                .weights
                .iter()
                .find(|(i, _)| *i == idx)
                .map(|(_, w)| *w)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Xml,
                        format!("no <weight index=\"{idx}\"> for issue `{}`", d.name),
                    )
                    .in_file(file)
                    .with_hint("every issue of an additive profile needs a weight")
                })?;
            let issue = &issues[pos];
            let values: Vec<f64> = match d.kind {
                Kind::Discrete => {
                    let mut ev = Vec::with_capacity(issue.len());
                    for label in &issue.labels {
                        let e = p
                            .items
                            .iter()
                            .find(|(l, _)| l == label)
                            .and_then(|(_, e)| *e);
                        ev.push(e.unwrap_or(0.0));
                    }
                    let max = ev.iter().copied().fold(0.0f64, f64::max);
                    ev.iter()
                        .map(|e| if max > 0.0 { e / max } else { 0.0 })
                        .collect()
                }
                Kind::Integer | Kind::Real => {
                    let ev = &p.evaluator;
                    let get = |k: &str| -> Result<f64> {
                        ev.get(k).map_or(Ok(0.0), |s| {
                            s.trim().parse::<f64>().map_err(|_| {
                                Error::new(
                                    ErrorKind::Xml,
                                    format!("evaluator `{k}` should be a number, found `{s}`"),
                                )
                                .in_file(file)
                                .at(p.line, 1)
                            })
                        })
                    };
                    match ev.get("ftype").map(String::as_str) {
                        Some("linear") | None => {}
                        Some(other) => {
                            return Err(Error::new(
                                ErrorKind::Unsupported,
                                format!(
                                    "issue `{}`: evaluator function `{other}` is not supported",
                                    d.name
                                ),
                            )
                            .in_file(file)
                            .at(p.line, 1)
                            .with_hint("entente reads linear evaluators"));
                        }
                    }
                    let (a, b) = if d.kind == Kind::Integer {
                        (get("offset")?, get("slope")?)
                    } else {
                        (get("parameter0")?, get("parameter1")?)
                    };
                    issue.numbers.iter().map(|x| clamp01(a + b * x)).collect()
                }
            };
            party.preferences[pos] = Some(IssuePreference::Table { weight, values });
        }
        party.no_deal = prof.reservation();
        party.reservation = Some(prof.reservation());
        party.source = Some(format!("GENIUS profile {file}"));
        parties.push(party);
    }
    let name = std::path::Path::new(&domain.file)
        .file_stem()
        .map_or_else(|| domain.file.clone(), |s| s.to_string_lossy().into_owned());
    let space = Space {
        name,
        issues,
        parties,
        links: Vec::new(),
    };
    space.validate()?;
    Ok(space)
}
