//! Readers for the peer programs' input files, unchanged: KTAB's CSV (scenario line, header line,
//! one actor per line with a position and a salience per dimension, irregular spacing and
//! trailing commas tolerated), the two-column-per-dimension CSV of the expected-utility
//! replications (`Actor,Capability,Position,Salience`), and the DEU III dataset of EU legislative
//! decisions (tab-separated, quoted fields, a second line of actor capabilities, the actual
//! outcome in column `out`). Each reader takes the file's content and its name (for messages);
//! the command-line tool reads the files.

use crate::error::{Error, Result};

/// One actor of a spatial (possibly multi-dimensional) problem, as a peer file gives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpatialActor {
    /// Short name (KTAB: the `Actor` column).
    pub name: String,
    /// Longer description (may be empty).
    pub description: String,
    /// Capability (KTAB: `Power`/`Influence`), positive.
    pub capability: f64,
    /// One position per dimension, on the file's scale (KTAB: 0–100).
    pub position: Vec<f64>,
    /// One salience per dimension, on the file's scale (KTAB: 0–100, summing to at most 100).
    pub salience: Vec<f64>,
}

/// A KTAB scenario read from its CSV.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KtabScenario {
    /// Scenario name (first field of line 1).
    pub name: String,
    /// Scenario description (second field of line 1).
    pub description: String,
    /// Dimension names (the position columns of the header line).
    pub dimensions: Vec<String>,
    /// The actors, in file order.
    pub actors: Vec<SpatialActor>,
    /// Model parameters the file sets (KTAB XML `ModelParameters`: option name → value, with
    /// KTAB's names); empty for CSV.
    pub parameters: Vec<(String, String)>,
    /// The generator seed the file gives (KTAB XML `prngSeed`).
    pub seed: Option<u64>,
    /// Ideal adjustment (KTAB XML `IdealAdjustment`): (adjusting actor, reference actor, rate),
    /// by actor index; empty for CSV (ideals equal positions).
    pub ideal_adjustment: Vec<(usize, usize, f64)>,
}

/// One actor of the one-dimensional expected-utility model.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EuActor {
    /// Name.
    pub name: String,
    /// Capability (any positive scale).
    pub capability: f64,
    /// Position on the issue (any scale).
    pub position: f64,
    /// Salience, 0–1.
    pub salience: f64,
}

/// One issue of the DEU III dataset.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Deu3Issue {
    /// 1-based line in the file.
    pub line: usize,
    /// Proposal number (`prnrnmc`).
    pub proposal: u32,
    /// Issue identifier (`isnr`).
    pub issue: String,
    /// Proposal name (`prname`).
    pub name: String,
    /// Legislative procedure (`proc`: `COD` codecision, `CNS` consultation).
    pub procedure: String,
    /// Council voting rule (`counvte`: `QMV`, `Unan`).
    pub council_vote: String,
    /// The actual outcome (`out`, 0–100), when recorded.
    pub outcome: Option<f64>,
    /// The reference point / status quo (`rp`, 0–100), when recorded.
    pub reference_point: Option<f64>,
    /// Actors that took a position, with their salience (0–1) and capability (line 2).
    pub actors: Vec<EuActor>,
}

/// Split one line of comma-separated values: double-quoted fields may hold commas; surrounding
/// spaces and quotes are removed.
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn number(file: &str, line: usize, what: &str, text: &str) -> Result<f64> {
    let v: f64 = text.trim().parse().map_err(|_| {
        Error::format(
            file,
            line,
            format!("{what}: expected a number, found {text:?}"),
        )
        .with_hint("write a plain decimal number such as 42.5")
    })?;
    if !v.is_finite() {
        return Err(Error::format(
            file,
            line,
            format!("{what}: {text:?} is not a finite number"),
        ));
    }
    Ok(v)
}

/// The non-blank lines of `content` with their 1-based line numbers.
fn lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    content
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// Read a KTAB scenario CSV (the format `smpc --csv` reads).
///
/// Line 1: `name, description, nActors, nDims`; line 2: `Actor, Description, Power, then a
/// position and a salience column name per dimension`; then one line per actor. Positions and
/// saliences are on KTAB's 0–100 scale; each actor's saliences sum to at most 100 (as KTAB
/// checks).
pub fn read_ktab_csv(content: &str, file: &str) -> Result<KtabScenario> {
    let mut it = lines(content);
    let (l1, first) = it.next().ok_or_else(|| {
        Error::format(file, 1, "the file is empty")
            .with_hint("line 1 must be `name, description, number of actors, number of dimensions`")
    })?;
    let head = split_csv(first);
    if head.len() < 4 {
        return Err(Error::format(
            file,
            l1,
            format!("line 1 has {} fields; expected at least 4", head.len()),
        )
        .with_hint("line 1 must be `name, description, number of actors, number of dimensions`"));
    }
    let count = |what: &str, t: &str| -> Result<usize> {
        t.parse::<usize>().map_err(|_| {
            Error::format(
                file,
                l1,
                format!("{what}: expected a whole number, found {t:?}"),
            )
        })
    };
    let n_actors = count("number of actors (field 3)", &head[2])?;
    let n_dims = count("number of dimensions (field 4)", &head[3])?;
    if n_dims == 0 {
        return Err(Error::format(
            file,
            l1,
            "the number of dimensions must be at least 1",
        ));
    }
    if n_actors == 0 {
        return Err(Error::format(
            file,
            l1,
            "the number of actors must be at least 1",
        ));
    }
    let (l2, header) = it.next().ok_or_else(|| {
        Error::format(file, l1 + 1, "the header line is missing")
            .with_hint("line 2 must be `Actor, Description, Power, Pstn1, Sal1, ...`")
    })?;
    let header = split_csv(header);
    // Declared sizes are checked against what the file holds before anything is allocated
    // for them: a header cannot have more columns than it has, nor a file more actor lines.
    let needed = n_dims.saturating_mul(2).saturating_add(3);
    if header.len() < needed {
        return Err(Error::format(
            file,
            l2,
            format!(
                "the header has {} columns; {n_dims} dimensions need {needed}",
                header.len()
            ),
        )
        .with_hint("give a position and a salience column for every dimension"));
    }
    let dimensions: Vec<String> = (0..n_dims).map(|d| header[3 + 2 * d].clone()).collect();
    let mut actors = Vec::with_capacity(n_actors.min(content.lines().count()));
    for a in 0..n_actors {
        let (ln, row) = it.next().ok_or_else(|| {
            Error::format(
                file,
                l2 + 1 + a,
                format!("line 1 announces {n_actors} actors but only {a} follow"),
            )
            .with_hint("add the missing actor lines or correct the count on line 1")
        })?;
        let f = split_csv(row);
        if f.len() < needed || f[3..needed].iter().any(String::is_empty) {
            return Err(Error::format(
                file,
                ln,
                format!("actor line has {} fields; expected {needed}", f.len()),
            )
            .with_hint("each actor needs name, description, power, then position and salience per dimension"));
        }
        if f[0].is_empty() {
            return Err(Error::format(file, ln, "the actor's name is empty"));
        }
        let capability = number(file, ln, "power", &f[2])?;
        if capability <= 0.0 {
            return Err(
                Error::format(file, ln, format!("power {capability} must be positive"))
                    .with_hint("KTAB's voting weights must be above zero"),
            );
        }
        let mut position = Vec::with_capacity(n_dims);
        let mut salience = Vec::with_capacity(n_dims);
        let mut total = 0.0;
        for d in 0..n_dims {
            let p = number(
                file,
                ln,
                &format!("position on {}", dimensions[d]),
                &f[3 + 2 * d],
            )?;
            let s = number(
                file,
                ln,
                &format!("salience on {}", dimensions[d]),
                &f[4 + 2 * d],
            )?;
            if !(0.0..=100.0).contains(&p) {
                return Err(Error::format(
                    file,
                    ln,
                    format!("position {p} on {} is outside 0–100", dimensions[d]),
                ));
            }
            if !(0.0..=100.0).contains(&s) {
                return Err(Error::format(
                    file,
                    ln,
                    format!("salience {s} on {} is outside 0–100", dimensions[d]),
                ));
            }
            total += s;
            position.push(p);
            salience.push(s);
        }
        if total > 100.0 {
            return Err(Error::format(
                file,
                ln,
                format!("the saliences of {} sum to {total}, more than 100", f[0]),
            )
            .with_hint("saliences are shares of an actor's attention, at most 100 in all"));
        }
        if total <= 0.0 {
            return Err(Error::format(
                file,
                ln,
                format!("{} has no salience on any dimension", f[0]),
            ));
        }
        actors.push(SpatialActor {
            name: f[0].clone(),
            description: f[1].clone(),
            capability,
            position,
            salience,
        });
    }
    Ok(KtabScenario {
        name: head[0].clone(),
        description: head[1].clone(),
        dimensions,
        actors,
        parameters: Vec::new(),
        seed: None,
        ideal_adjustment: Vec::new(),
    })
}

/// An element of a small XML tree: name, text, children, and the line it starts on.
#[derive(Debug, Default)]
struct XmlNode {
    name: String,
    text: String,
    line: usize,
    children: Vec<XmlNode>,
}

impl XmlNode {
    fn child(&self, name: &str) -> Option<&XmlNode> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlNode> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn need(&self, name: &str, file: &str) -> Result<&XmlNode> {
        self.child(name).ok_or_else(|| {
            Error::format(file, self.line, format!("<{}> has no <{name}>", self.name))
                .with_hint("see KTAB's smpSchema.xsd for the elements a scenario needs")
        })
    }
}

fn xml_tree(content: &str, file: &str) -> Result<XmlNode> {
    use quick_xml::events::Event;
    let line_at = |pos: u64| {
        content[..(pos as usize).min(content.len())]
            .matches('\n')
            .count()
            + 1
    };
    let mut reader = quick_xml::Reader::from_str(content);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<XmlNode> = vec![XmlNode::default()];
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| {
            Error::format(
                file,
                line_at(reader.error_position()),
                format!("not well-formed XML: {e}"),
            )
        })?;
        match ev {
            Event::Start(e) => stack.push(XmlNode {
                name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                line: line_at(pos),
                ..XmlNode::default()
            }),
            Event::Empty(e) => {
                let node = XmlNode {
                    name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    line: line_at(pos),
                    ..XmlNode::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| Error::format(file, line_at(pos), format!("bad text: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let c = match name.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let (Some(c), Some(top)) = (c, stack.last_mut()) {
                    top.text.push(c);
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(Error::format(file, line_at(pos), "unbalanced closing tag"));
                }
                let node = stack.pop().unwrap_or_default();
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(Error::format(
            file,
            line_at(content.len() as u64),
            "the XML ends inside an element",
        ));
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find(|c| c.name == "Scenario")
        .ok_or_else(|| {
            Error::format(file, 1, "the root element is not <Scenario>")
                .with_hint("this does not look like a KTAB scenario XML file")
        })
}

/// Read a KTAB scenario XML file (the format `smpc --xml` reads, schema `smpSchema.xsd`):
/// name, description, `prngSeed`, optional `ModelParameters`, `Dimensions`, `Actors` (name,
/// description, capability, a `dCoord` position and a `dSal` salience per dimension, 0–100),
/// and optional `IdealAdjustment` pairs.
pub fn read_ktab_xml(content: &str, file: &str) -> Result<KtabScenario> {
    let content = content.trim_start_matches('\u{feff}');
    let sc = xml_tree(content, file)?;
    let num = |n: &XmlNode, what: &str| number(file, n.line, what, n.text.trim());
    let name = sc
        .child("name")
        .map(|n| n.text.trim().to_string())
        .unwrap_or_default();
    let description = sc
        .child("desc")
        .map(|n| n.text.trim().to_string())
        .unwrap_or_default();
    let seed = match sc.child("prngSeed") {
        Some(n) => Some(n.text.trim().parse::<u64>().map_err(|_| {
            Error::format(
                file,
                n.line,
                format!(
                    "prngSeed: expected a whole number, found {:?}",
                    n.text.trim()
                ),
            )
        })?),
        None => None,
    };
    let mut parameters = Vec::new();
    if let Some(mp) = sc.child("ModelParameters") {
        for c in &mp.children {
            parameters.push((c.name.clone(), c.text.trim().to_string()));
        }
    }
    let dims = sc.need("Dimensions", file)?;
    let dimensions: Vec<String> = dims
        .all("dName")
        .map(|d| d.text.trim().to_string())
        .collect();
    if dimensions.is_empty() {
        return Err(Error::format(
            file,
            dims.line,
            "<Dimensions> names no <dName>",
        ));
    }
    let nd = dimensions.len();
    let acts = sc.need("Actors", file)?;
    let mut actors = Vec::new();
    for a in acts.all("Actor") {
        let aname = a.need("name", file)?.text.trim().to_string();
        if aname.is_empty() {
            return Err(Error::format(file, a.line, "an actor's <name> is empty"));
        }
        let description = a
            .child("description")
            .map(|d| d.text.trim().to_string())
            .unwrap_or_default();
        let capability = num(a.need("capability", file)?, "capability")?;
        if capability <= 0.0 {
            return Err(Error::format(
                file,
                a.line,
                format!("{aname}: capability {capability} must be positive"),
            ));
        }
        let pos_el = a.need("Position", file)?;
        let sal_el = a.need("Salience", file)?;
        let position = pos_el
            .all("dCoord")
            .map(|c| num(c, "dCoord"))
            .collect::<Result<Vec<f64>>>()?;
        let salience = sal_el
            .all("dSal")
            .map(|c| num(c, "dSal"))
            .collect::<Result<Vec<f64>>>()?;
        if position.len() != nd || salience.len() != nd {
            return Err(Error::format(
                file,
                a.line,
                format!(
                    "{aname}: {} positions and {} saliences for {nd} dimensions",
                    position.len(),
                    salience.len()
                ),
            ));
        }
        if let Some(p) = position.iter().find(|p| !(0.0..=100.0).contains(*p)) {
            return Err(Error::format(
                file,
                pos_el.line,
                format!("{aname}: position {p} is outside 0–100"),
            ));
        }
        if let Some(v) = salience.iter().find(|v| !(0.0..=100.0).contains(*v)) {
            return Err(Error::format(
                file,
                sal_el.line,
                format!("{aname}: salience {v} is outside 0–100"),
            ));
        }
        let total: f64 = salience.iter().sum();
        if total > 100.0 || total <= 0.0 {
            return Err(Error::format(
                file,
                sal_el.line,
                format!("{aname}: saliences sum to {total}; they must be above 0 and at most 100"),
            ));
        }
        actors.push(SpatialActor {
            name: aname,
            description,
            capability,
            position,
            salience,
        });
    }
    if actors.is_empty() {
        return Err(Error::format(file, acts.line, "<Actors> holds no <Actor>"));
    }
    let mut ideal_adjustment = Vec::new();
    if let Some(ia) = sc.child("IdealAdjustment") {
        for pair in ia.all("iaPair") {
            let find = |tag: &str| -> Result<usize> {
                let n = pair.need(tag, file)?.text.trim().to_string();
                actors.iter().position(|a| a.name == n).ok_or_else(|| {
                    Error::format(
                        file,
                        pair.line,
                        format!("<{tag}> names unknown actor {n:?}"),
                    )
                })
            };
            let (i, j) = (find("adjustingIdeal")?, find("referencePos")?);
            let rate = num(pair.need("adjust", file)?, "adjust")?;
            if !(0.0..=1.0).contains(&rate) {
                return Err(Error::format(
                    file,
                    pair.line,
                    format!("adjust {rate} is outside 0–1"),
                ));
            }
            ideal_adjustment.push((i, j, rate));
        }
    }
    Ok(KtabScenario {
        name,
        description,
        dimensions,
        actors,
        parameters,
        seed,
        ideal_adjustment,
    })
}

/// Read the expected-utility replications' CSV: a header naming `Actor`, `Capability`,
/// `Position` and `Salience` (in any order), then one actor per line.
pub fn read_eum_csv(content: &str, file: &str) -> Result<Vec<EuActor>> {
    let mut it = lines(content);
    let (l1, header) = it.next().ok_or_else(|| {
        Error::format(file, 1, "the file is empty")
            .with_hint("line 1 must be `Actor,Capability,Position,Salience`")
    })?;
    let header = split_csv(header);
    let col = |name: &str| -> Result<usize> {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::format(file, l1, format!("the header has no `{name}` column"))
                    .with_hint("line 1 must be `Actor,Capability,Position,Salience`")
            })
    };
    let (ca, cc, cp, cs) = (
        col("Actor")?,
        col("Capability")?,
        col("Position")?,
        col("Salience")?,
    );
    let mut actors = Vec::new();
    for (ln, row) in it {
        let f = split_csv(row);
        let get = |c: usize| f.get(c).map(String::as_str).unwrap_or("");
        if get(ca).is_empty() {
            return Err(Error::format(file, ln, "the actor's name is empty"));
        }
        let capability = number(file, ln, "Capability", get(cc))?;
        let position = number(file, ln, "Position", get(cp))?;
        let salience = number(file, ln, "Salience", get(cs))?;
        if capability < 0.0 {
            return Err(Error::format(
                file,
                ln,
                format!("capability {capability} is negative"),
            ));
        }
        if !(0.0..=1.0).contains(&salience) {
            return Err(
                Error::format(file, ln, format!("salience {salience} is outside 0–1"))
                    .with_hint("the expected-utility model reads salience as a probability"),
            );
        }
        actors.push(EuActor {
            name: get(ca).to_string(),
            capability,
            position,
            salience,
        });
    }
    if actors.is_empty() {
        return Err(Error::format(file, l1, "no actors follow the header"));
    }
    Ok(actors)
}

fn split_tab(line: &str) -> Vec<String> {
    line.split('\t')
        .map(|f| f.trim().trim_matches('"').trim().to_string())
        .collect()
}

/// Read the DEU III dataset (tab-separated, quoted fields).
///
/// Line 1 is the header: issue columns, then for every actor a position column `p<code>` and a
/// salience column `s<code>` (the Commission `com`, the Parliament `ep`, and the member states by
/// two-letter code), then `rp` (reference point) and `out` (the outcome). Line 2 holds, under
/// the position columns, each actor's capability (see docs/forecast.md: economic weight, with
/// the Commission and the Parliament set to the largest member's). Blank cells mean the actor
/// took no position. Positions, saliences and outcomes are on a 0–100 scale; saliences are
/// returned on 0–1.
pub fn read_deu3(content: &str, file: &str) -> Result<Vec<Deu3Issue>> {
    let mut it = content
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let (l1, header) = it
        .next()
        .ok_or_else(|| Error::format(file, 1, "the file is empty"))?;
    let header = split_tab(header);
    let find = |name: &str| -> Result<usize> {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::format(file, l1, format!("the header has no `{name}` column"))
                .with_hint("this does not look like the DEU III file (tab-separated, quoted names)")
        })
    };
    let c_prop = find("prnrnmc")?;
    let c_isnr = find("isnr")?;
    let c_name = find("prname")?;
    let c_out = find("out")?;
    let c_rp = find("rp")?;
    let c_proc = find("proc")?;
    let c_vote = find("counvte")?;
    // actors: p<code> with a matching s<code>
    let mut pairs = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(code) = h.strip_prefix('p') {
            if code.is_empty()
                || h == "proc"
                || h == "proccde"
                || h == "prnr"
                || h == "prname"
                || h == "prnrnmc"
            {
                continue;
            }
            if let Some(j) = header
                .iter()
                .position(|x| x.strip_prefix('s') == Some(code))
            {
                pairs.push((code.to_string(), i, j));
            }
        }
    }
    if pairs.is_empty() {
        return Err(Error::format(
            file,
            l1,
            "the header names no actor (p<code>/s<code> columns)",
        ));
    }
    let (l2, caps) = it
        .next()
        .ok_or_else(|| Error::format(file, 2, "the capability line (line 2) is missing"))?;
    let caps = split_tab(caps);
    let mut capability = Vec::with_capacity(pairs.len());
    for (code, pc, _) in &pairs {
        let t = caps.get(*pc).map(String::as_str).unwrap_or("");
        capability.push(number(file, l2, &format!("capability of {code}"), t)?);
    }
    let mut issues = Vec::new();
    for (ln, row) in it {
        if row.trim().is_empty() {
            continue;
        }
        let f = split_tab(row);
        let get = |c: usize| f.get(c).map(String::as_str).unwrap_or("");
        let opt = |c: usize, what: &str| -> Result<Option<f64>> {
            let t = get(c);
            if t.is_empty() {
                Ok(None)
            } else {
                number(file, ln, what, t).map(Some)
            }
        };
        let proposal = get(c_prop).parse::<u32>().map_err(|_| {
            Error::format(
                file,
                ln,
                format!("prnrnmc: expected a whole number, found {:?}", get(c_prop)),
            )
        })?;
        let mut actors = Vec::new();
        for ((code, pc, sc), cap) in pairs.iter().zip(&capability) {
            let (Some(p), s) = (
                opt(*pc, &format!("p{code}"))?,
                opt(*sc, &format!("s{code}"))?,
            ) else {
                continue;
            };
            let s = s.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&p) || !(0.0..=100.0).contains(&s) {
                return Err(Error::format(
                    file,
                    ln,
                    format!("{code}: position {p} or salience {s} is outside 0–100"),
                ));
            }
            actors.push(EuActor {
                name: code.clone(),
                capability: *cap,
                position: p,
                salience: s / 100.0,
            });
        }
        issues.push(Deu3Issue {
            line: ln,
            proposal,
            issue: get(c_isnr).to_string(),
            name: get(c_name).to_string(),
            procedure: get(c_proc).to_string(),
            council_vote: get(c_vote).to_string(),
            outcome: opt(c_out, "out")?,
            reference_point: opt(c_rp, "rp")?,
            actors,
        });
    }
    Ok(issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ktab_error_names_line() {
        let e = read_ktab_csv(
            "S,D,2,1,\nActor,Desc,Power,P,S\na,x,1,50,50\nb,y,1,150,50\n",
            "f.csv",
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(4));
        assert!(e.to_string().starts_with("f.csv:4: position 150"));
    }

    #[test]
    fn ktab_missing_actor_line() {
        let e =
            read_ktab_csv("S,D,3,1,\nActor,Desc,Power,P,S\na,x,1,50,50\n", "f.csv").unwrap_err();
        assert!(e.message().contains("announces 3 actors"));
    }

    #[test]
    fn eum_bad_number() {
        let e =
            read_eum_csv("Actor,Capability,Position,Salience\nA,x,1,0.5\n", "e.csv").unwrap_err();
        assert_eq!(e.line(), Some(2));
    }
}
