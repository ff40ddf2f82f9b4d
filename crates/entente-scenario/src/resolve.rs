//! Stage two of reading a scenario: from the raw documents of every file to one validated
//! `Scenario`. Ids are collected first (so that order of files never matters), then every
//! reference, date, rule and condition is checked. Every problem is reported, each once, with
//! its place; a scenario with errors is still returned as far as it could be built, but callers
//! must not present it as complete.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;

use crate::cond::{self, Condition};
use crate::diag::{Diagnostic, FileId, SourceMap, did_you_mean};
use crate::load::{Files, Parsed};
use crate::model::*;
use crate::raw::*;
use crate::spanned::{Key, Sp};

/// Resolution context: the source map, the diagnostics so far and the ids known.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// All files read.
    pub sources: &'a mut SourceMap,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
    /// Actor ids (with kinds).
    pub actors: BTreeMap<String, ActorKind>,
    /// Institution ids.
    pub institutions: BTreeSet<String>,
    /// Zone ids.
    pub zones: BTreeSet<String>,
    /// Agreement ids.
    pub agreements: BTreeSet<String>,
    /// Attribute names any actor has.
    pub attributes: BTreeSet<String>,
    /// The root folder of the scenario each file belongs to, by file.
    pub roots: BTreeMap<FileId, std::path::PathBuf>,
    /// Problems found past [`MAX_DIAGNOSTICS`], counted only.
    pub dropped: usize,
    /// Where the details of a dropped problem go.
    scratch: Diagnostic,
}

/// Most diagnostics kept for one scenario; beyond, problems are counted and reported as one
/// more diagnostic, so that a hostile file cannot make the report itself unbounded.
pub const MAX_DIAGNOSTICS: usize = 1000;

impl Ctx<'_> {
    /// Report an error at a place.
    pub fn error(
        &mut self,
        file: FileId,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            // Past the cap, problems are counted, not kept (see `resolve`).
            self.dropped += 1;
            self.scratch = Diagnostic::file("", code, String::new());
            return &mut self.scratch;
        }
        let d = self.sources.at(file, span, code, message.into());
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// Parse a date, reporting a malformed or impossible one.
    pub fn date(&mut self, file: FileId, d: &Sp<RawDate>) -> Option<(Date, Precision)> {
        match parse_date(&d.value.0) {
            Ok(x) => Some(x),
            Err((code, msg)) => {
                self.error(file, d.span.clone(), code, msg).expected =
                    Some("a date YYYY-MM-DD (or YYYY-MM, YYYY)".into());
                None
            }
        }
    }

    /// Check an actor id.
    pub fn actor(&mut self, file: FileId, id: &Sp<String>) -> bool {
        if self.actors.contains_key(&id.value) {
            return true;
        }
        let hint = did_you_mean(&id.value, self.actors.keys().map(String::as_str));
        let d = self.error(
            file,
            id.span.clone(),
            "unknown-actor",
            format!("unknown actor `{}`", id.value),
        );
        d.expected =
            Some("the id of an actor of the scenario (states use ISO 3166-1 alpha-3)".into());
        d.hint = hint.or(Some(
            "define it under [actor.ID] or in an [[actors_csv]] file".into(),
        ));
        false
    }

    /// Check an institution id.
    pub fn institution(&mut self, file: FileId, id: &Sp<String>) -> bool {
        let known = std::mem::take(&mut self.institutions);
        let ok = self.known_id(
            file,
            id,
            &known,
            "institution",
            "unknown-institution",
            "an [institution.ID]",
        );
        self.institutions = known;
        ok
    }

    /// Check a zone id.
    pub fn zone(&mut self, file: FileId, id: &Sp<String>) -> bool {
        let known = std::mem::take(&mut self.zones);
        let ok = self.known_id(file, id, &known, "zone", "unknown-zone", "a [zone.ID]");
        self.zones = known;
        ok
    }

    /// Check an agreement id.
    pub fn agreement(&mut self, file: FileId, id: &Sp<String>) -> bool {
        let known = std::mem::take(&mut self.agreements);
        let ok = self.known_id(
            file,
            id,
            &known,
            "agreement",
            "unknown-agreement",
            "an [agreement.ID]",
        );
        self.agreements = known;
        ok
    }

    /// Report `id` unless it is among `known`.
    fn known_id(
        &mut self,
        file: FileId,
        id: &Sp<String>,
        known: &BTreeSet<String>,
        what: &str,
        code: &'static str,
        table: &str,
    ) -> bool {
        if known.contains(&id.value) {
            return true;
        }
        let hint = did_you_mean(&id.value, known.iter().map(String::as_str));
        let d = self.error(
            file,
            id.span.clone(),
            code,
            format!("unknown {what} `{}`", id.value),
        );
        d.expected = Some(format!("the id of {table} of the scenario"));
        d.hint = hint;
        false
    }

    /// Check a word against a closed vocabulary.
    pub fn word(
        &mut self,
        file: FileId,
        w: &Sp<String>,
        allowed: &[&str],
        what: &str,
        code: &'static str,
    ) -> bool {
        if allowed.contains(&w.value.as_str()) {
            return true;
        }
        let hint = did_you_mean(&w.value, allowed.iter().copied());
        let d = self.error(
            file,
            w.span.clone(),
            code,
            format!("unknown {what} `{}`", w.value),
        );
        d.expected = Some(format!("one of: {}", allowed.join(", ")));
        d.hint = hint;
        false
    }
}

/// Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_date(s: &str) -> Result<(Date, Precision), (&'static str, String)> {
    let malformed = || ("malformed-date", format!("`{s}` is not a date"));
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<i64> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d, prec) = match parts.as_slice() {
        [y] => (num(y, 4).ok_or_else(malformed)?, 1, 1, Precision::Year),
        [y, m] => (
            num(y, 4).ok_or_else(malformed)?,
            num(m, 2).ok_or_else(malformed)?,
            1,
            Precision::Month,
        ),
        [y, m, d] => (
            num(y, 4).ok_or_else(malformed)?,
            num(m, 2).ok_or_else(malformed)?,
            num(d, 2).ok_or_else(malformed)?,
            Precision::Day,
        ),
        _ => return Err(malformed()),
    };
    if !(1..=12).contains(&m) {
        return Err(("impossible-date", format!("`{s}` has no month {m}")));
    }
    Date::new(y as i16, m as i8, d as i8)
        .map(|date| (date, prec))
        .map_err(|_| {
            (
                "impossible-date",
                format!("`{s}` does not exist: month {m} of {y} has no day {d}"),
            )
        })
}

const AGREEMENT_KINDS: &[&str] = &[
    "defence",
    "offence",
    "neutrality",
    "non_aggression",
    "consultation",
    "security_guarantee",
    "assistance",
    "force_limit",
    "demilitarised_zone",
    "sanctions",
    "asset_freeze",
    "pledge",
    "declaration",
    "ceasefire",
    "package",
    "memorandum",
];
const AGREEMENT_STATUSES: &[&str] = &[
    "proposed",
    "signed",
    "in_force",
    "suspended",
    "terminated",
    "breached",
    "expired",
];
const LEGAL_FORMS: &[&str] = &[
    "treaty",
    "political_declaration",
    "verbal_assurance",
    "executive_agreement",
];
const OBLIGATION_KINDS: &[&str] = &[
    "defence",
    "offence",
    "neutrality",
    "non_aggression",
    "consultation",
    "assistance",
    "supply",
    "funding",
    "force_limit",
    "no_enlargement",
    "no_deployment",
    "demilitarisation",
    "sanctions_relief",
    "asset_release",
    "monitoring",
    "guarantee",
    "non_accession",
    "ceasefire",
    "peace_force",
    "training",
    "sanctions",
];
const STRENGTHS: &[&str] = &[
    "automatic",
    "as_deemed_necessary",
    "consult",
    "assist",
    "supply",
    "fund",
    "refrain",
    "limit",
    "monitor",
];
/// Event kinds a timeline may hold.
pub const EVENT_KINDS: &[&str] = &[
    "application",
    "invitation",
    "signature",
    "ratification",
    "deposit",
    "accession",
    "withdrawal",
    "armed_attack",
    "hybrid_attack",
    "limited_incursion",
    "attack_on_forces_abroad",
    "ceasefire",
    "ceasefire_violation",
    "troop_movement",
    "verification",
    "sanctions_change",
    "status_change",
    "statement",
    "breach",
    "entry_into_force",
    "decision",
    "vote",
    "veto",
    "force_level",
    "territory",
    "contribution",
];
const TRIGGERS: &[&str] = &[
    "armed_attack",
    "hybrid_attack",
    "limited_incursion",
    "attack_on_forces_abroad",
    "breach",
    "ceasefire_violation",
    "threat",
];
const STAGE_KINDS: &[&str] = &["vote", "each_member", "candidate", "act"];

fn is_iso3(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_lower_id(id: &str) -> bool {
    let mut c = id.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_lowercase())
        && c.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
}

/// Normalise a status word of a membership data file.
fn normalise_status(s: &str, map: &BTreeMap<String, String>) -> Option<(Status, bool)> {
    if let Some(m) = map.get(s) {
        return Status::parse(m).map(|st| (st, false));
    }
    let lower = s.to_lowercase();
    let base = lower.split('(').next().unwrap_or("").trim().to_string();
    let (former, base) = match base.strip_prefix("former ") {
        Some(rest) => (true, rest.trim().to_string()),
        None => (false, base),
    };
    let st = match base.as_str() {
        "member" | "participating state" | "full member" => Status::Member,
        "observer" => Status::Observer,
        "associate member" | "partner" | "participant" => Status::Partner,
        "candidate" | "potential candidate" | "applicant" => Status::Applicant,
        "suspended" => Status::Suspended,
        "opted out" | "opted_out" => Status::OptedOut,
        _ => return None,
    };
    Some((st, former))
}

struct CsvTable {
    file: FileId,
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

fn read_csv(
    ctx: &mut Ctx<'_>,
    files: &dyn Files,
    base: &Path,
    from: FileId,
    name: &Sp<String>,
) -> Option<CsvTable> {
    let root = ctx.roots.get(&from).cloned().unwrap_or_default();
    if let Some(why) = crate::load::outside_root(files, &root, base, &name.value) {
        ctx.error(from, name.span.clone(), "include-outside-root", why)
            .hint =
            Some("copy the file into the scenario's folder and name it by a relative path".into());
        return None;
    }
    let path = crate::load::normalise(&base.join(&name.value));
    let text = match files.fetch(&path) {
        Ok(t) => t,
        Err(e) => {
            ctx.error(
                from,
                name.span.clone(),
                e.code(),
                format!("cannot read CSV file `{}`: {e}", path.display()),
            )
            .hint = Some(match e {
                crate::load::ReadError::NotUtf8(_) => "save the file as UTF-8".into(),
                _ => "CSV paths are relative to the file that names them".into(),
            });
            return None;
        }
    };
    let file = ctx.sources.add(path.display().to_string(), text);
    let text = ctx.sources.text(file).to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            ctx.error(
                file,
                0..0,
                "csv-error",
                format!("cannot read the CSV header: {e}"),
            );
            return None;
        }
    };
    let mut rows = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                rows.push((line, r.iter().map(|s| s.trim().to_string()).collect()));
            }
            Err(e) => {
                let off = e.position().map_or(0, |p| p.byte() as usize);
                ctx.error(file, off..off + 1, "csv-error", format!("malformed CSV row: {e}"))
                    .hint = Some("every row needs as many fields as the header; quote fields that contain commas".into());
            }
        }
    }
    Some(CsvTable {
        file,
        headers,
        rows,
    })
}

impl CsvTable {
    fn col(
        &self,
        ctx: &mut Ctx<'_>,
        from: FileId,
        span: Range<usize>,
        name: &str,
    ) -> Option<usize> {
        let i = self.headers.iter().position(|h| h == name);
        if i.is_none() {
            let hint = did_you_mean(name, self.headers.iter().map(String::as_str));
            let fname = ctx.sources.name(self.file).to_string();
            let d = ctx.error(
                from,
                span,
                "csv-column",
                format!("`{fname}` has no column `{name}`"),
            );
            d.expected = Some(format!("one of its columns: {}", self.headers.join(", ")));
            d.hint = hint;
        }
        i
    }
    fn line_span(&self, ctx: &Ctx<'_>, line: usize) -> Range<usize> {
        let text = ctx.sources.text(self.file);
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        start..end
    }
}

struct Def {
    file: FileId,
    span: Range<usize>,
}

/// Resolve parsed files into a scenario.
pub fn resolve(
    parsed: &[Parsed],
    files: &dyn Files,
    sources: &mut SourceMap,
) -> (Scenario, Vec<Diagnostic>) {
    let mut ctx = Ctx {
        sources,
        diags: Vec::new(),
        actors: BTreeMap::new(),
        institutions: BTreeSet::new(),
        zones: BTreeSet::new(),
        agreements: BTreeSet::new(),
        attributes: BTreeSet::new(),
        roots: parsed.iter().map(|p| (p.file, p.root.clone())).collect(),
        dropped: 0,
        scratch: Diagnostic::file("", "", String::new()),
    };
    let mut sc = Scenario::default();
    for p in parsed {
        sc.files.push(ctx.sources.name(p.file).to_string());
    }

    // Scenario metadata.
    let mut named: Option<Def> = None;
    for p in parsed {
        if let Some(s) = &p.raw.scenario {
            if let Some(n) = &s.name {
                if let Some(first) = &named {
                    let where_ = format!(
                        "{}:{}",
                        ctx.sources.name(first.file),
                        ctx.sources
                            .at(first.file, first.span.clone(), "", String::new())
                            .line
                    );
                    ctx.error(
                        p.file,
                        n.span.clone(),
                        "duplicate-id",
                        "the scenario is named twice",
                    )
                    .hint = Some(format!(
                        "only the entry file names the scenario; first named at {where_}"
                    ));
                } else {
                    sc.name = n.value.clone();
                    sc.description = s.description.clone();
                    sc.source = s.source.clone();
                    named = Some(Def {
                        file: p.file,
                        span: n.span.clone(),
                    });
                    if let Some(d) = &s.as_of {
                        sc.as_of = ctx.date(p.file, d).map(|x| x.0);
                    }
                }
            }
        }
    }

    // Actors: CSV first, then tables.
    let mut actor_defs: BTreeMap<String, Def> = BTreeMap::new();
    let mut actors: BTreeMap<String, Actor> = BTreeMap::new();
    let dup = |ctx: &mut Ctx<'_>,
               defs: &mut BTreeMap<String, Def>,
               kind: &str,
               id: &str,
               file: FileId,
               span: Range<usize>|
     -> bool {
        if let Some(first) = defs.get(id) {
            let line = ctx
                .sources
                .at(first.file, first.span.clone(), "", String::new())
                .line;
            let name = ctx.sources.name(first.file).to_string();
            ctx.error(
                file,
                span,
                "duplicate-id",
                format!("{kind} `{id}` is defined twice"),
            )
            .hint = Some(format!(
                "first defined at {name}:{line}; ids must be unique"
            ));
            return true;
        }
        defs.insert(id.to_string(), Def { file, span });
        false
    };
    for p in parsed {
        let base = p.path.parent().map(Path::to_path_buf).unwrap_or_default();
        for spec in &p.raw.actors_csv {
            let Some(t) = read_csv(&mut ctx, files, &base, p.file, &spec.file) else {
                continue;
            };
            let sp = spec.span.clone();
            let id_col = t.col(&mut ctx, p.file, sp.clone(), &spec.id);
            let name_col = spec
                .name
                .as_ref()
                .and_then(|n| t.col(&mut ctx, p.file, sp.clone(), n));
            let region_col = spec
                .region
                .as_ref()
                .and_then(|n| t.col(&mut ctx, p.file, sp.clone(), n));
            let source_col = spec
                .source
                .as_ref()
                .and_then(|n| t.col(&mut ctx, p.file, sp.clone(), n));
            let attr_cols: Vec<(String, Option<usize>)> = spec
                .attributes
                .iter()
                .map(|(a, c)| (a.clone(), t.col(&mut ctx, p.file, sp.clone(), c)))
                .collect();
            let tag_cols: Vec<Option<usize>> = spec
                .tags
                .iter()
                .map(|c| t.col(&mut ctx, p.file, sp.clone(), c))
                .collect();
            let Some(id_col) = id_col else { continue };
            for (line, row) in &t.rows {
                let id = row[id_col].clone();
                let lspan = t.line_span(&ctx, *line);
                if id.is_empty() {
                    ctx.error(t.file, lspan, "csv-error", "a row has no id")
                        .hint = Some(format!("fill the `{}` column", spec.id));
                    continue;
                }
                if spec.kind == ActorKind::State && !is_iso3(&id) {
                    ctx.error(
                        t.file,
                        lspan.clone(),
                        "bad-state-id",
                        format!("`{id}` is not an ISO 3166-1 alpha-3 code"),
                    )
                    .hint = Some("states use three upper-case letters, e.g. POL".into());
                }
                if dup(
                    &mut ctx,
                    &mut actor_defs,
                    "actor",
                    &id,
                    t.file,
                    lspan.clone(),
                ) {
                    continue;
                }
                let mut attributes = BTreeMap::new();
                for (a, c) in &attr_cols {
                    let Some(c) = c else { continue };
                    let cell = &row[*c];
                    if cell.is_empty() {
                        continue;
                    }
                    match cell.replace('_', "").parse::<f64>() {
                        Ok(v) if v.is_finite() => {
                            attributes.insert(a.clone(), v);
                        }
                        _ => {
                            ctx.error(
                                t.file,
                                lspan.clone(),
                                "csv-number",
                                format!(
                                    "`{cell}` in column `{}` of `{id}` is not a number",
                                    spec.attributes[a]
                                ),
                            )
                            .hint = Some(
                                "write a plain number, or leave the cell empty if unknown".into(),
                            );
                        }
                    }
                }
                let mut tags = Vec::new();
                for c in tag_cols.iter().flatten() {
                    tags.extend(
                        row[*c]
                            .split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(String::from),
                    );
                }
                actors.insert(
                    id.clone(),
                    Actor {
                        name: name_col.map_or_else(|| id.clone(), |c| row[c].clone()),
                        id,
                        kind: spec.kind,
                        attributes,
                        tags,
                        region: region_col.map(|c| row[c].clone()).filter(|s| !s.is_empty()),
                        source: source_col.map(|c| row[c].clone()).filter(|s| !s.is_empty()),
                    },
                );
            }
        }
    }
    for p in parsed {
        for (key, a) in &p.raw.actor {
            let (id, span) = (&key.name, key.span.clone());
            if a.kind == ActorKind::State && !is_iso3(id) {
                ctx.error(p.file, span.clone(), "bad-state-id", format!("`{id}` is not an ISO 3166-1 alpha-3 code"))
                    .hint = Some("states use three upper-case letters, e.g. POL; use kind = \"organisation\" or \"entity\" otherwise".into());
            }
            if dup(&mut ctx, &mut actor_defs, "actor", id, p.file, span) {
                continue;
            }
            for (k, v) in &a.attributes {
                if !v.value.is_finite() {
                    ctx.error(
                        p.file,
                        v.span.clone(),
                        "invalid-number",
                        format!("attribute `{k}` of `{id}` is not a finite number"),
                    )
                    .hint =
                        Some("give a number, or leave the attribute out if it is unknown".into());
                }
            }
            actors.insert(
                id.clone(),
                Actor {
                    id: id.clone(),
                    name: a.name.clone().unwrap_or_else(|| id.clone()),
                    kind: a.kind,
                    attributes: a
                        .attributes
                        .iter()
                        .filter(|(_, v)| v.value.is_finite())
                        .map(|(k, v)| (k.clone(), v.value))
                        .collect(),
                    tags: a.tags.clone(),
                    region: a.region.clone(),
                    source: a.source.clone(),
                },
            );
        }
    }
    for a in actors.values() {
        ctx.actors.insert(a.id.clone(), a.kind);
        ctx.attributes.extend(a.attributes.keys().cloned());
    }

    // Collect the other ids before resolving anything that refers to them.
    let mut defs: BTreeMap<(&str, String), Def> = BTreeMap::new();
    for p in parsed {
        let sections: [(&str, Vec<&Key>); 6] = [
            ("zone", p.raw.zone.keys().collect()),
            ("institution", p.raw.institution.keys().collect()),
            ("agreement", p.raw.agreement.keys().collect()),
            ("timeline", p.raw.timeline.keys().collect()),
            ("settlement", p.raw.settlement.keys().collect()),
            ("forecast", p.raw.forecast.keys().collect()),
        ];
        for (section, ids) in sections {
            for key in ids {
                let (id, span) = (&key.name, key.span.clone());
                if !is_lower_id(id) {
                    ctx.error(
                        p.file,
                        span.clone(),
                        "bad-id",
                        format!("{section} id `{id}` is not a lower-case identifier"),
                    )
                    .hint = Some(format!(
                        "use lower case letters, digits and `_`, e.g. `{}`",
                        id.to_lowercase().replace(['-', ' '], "_")
                    ));
                }
                if let Some(first) = defs.get(&(section, id.clone())) {
                    let line = ctx
                        .sources
                        .at(first.file, first.span.clone(), "", String::new())
                        .line;
                    let name = ctx.sources.name(first.file).to_string();
                    ctx.error(
                        p.file,
                        span,
                        "duplicate-id",
                        format!("{section} `{id}` is defined twice"),
                    )
                    .hint = Some(format!(
                        "first defined at {name}:{line}; ids must be unique"
                    ));
                    continue;
                }
                if section == "institution" && actor_defs.contains_key(id) {
                    ctx.error(
                        p.file,
                        span.clone(),
                        "duplicate-id",
                        format!("`{id}` is both an actor and an institution"),
                    );
                }
                defs.insert((section, id.clone()), Def { file: p.file, span });
                match section {
                    "zone" => {
                        ctx.zones.insert(id.clone());
                    }
                    "institution" => {
                        ctx.institutions.insert(id.clone());
                    }
                    "agreement" => {
                        ctx.agreements.insert(id.clone());
                    }
                    _ => {}
                }
            }
        }
    }

    // Zones (regions may include other zones: resolve in dependency order, refusing cycles).
    let mut raw_zones: BTreeMap<String, (FileId, &Sp<RawZone>)> = BTreeMap::new();
    for p in parsed {
        for (id, z) in &p.raw.zone {
            raw_zones.entry(id.name.clone()).or_insert((p.file, z));
        }
    }
    let mut zones: BTreeMap<String, Zone> = BTreeMap::new();
    for id in raw_zones.keys() {
        let mut visiting = Vec::new();
        resolve_zone(id, &raw_zones, &mut zones, &actors, &mut ctx, &mut visiting);
    }
    sc.zones = zones.into_values().collect();

    // Institutions.
    for p in parsed {
        let base = p.path.parent().map(Path::to_path_buf).unwrap_or_default();
        for (id, inst) in &p.raw.institution {
            if defs
                .get(&("institution", id.name.clone()))
                .is_some_and(|d| d.file != p.file)
            {
                continue;
            }
            if let Some(i) =
                resolve_institution(&id.name, inst, p.file, &base, files, &sc, &actors, &mut ctx)
            {
                sc.institutions.push(i);
            }
        }
    }
    sc.institutions.sort_by(|a, b| a.id.cmp(&b.id));

    // Agreements.
    for p in parsed {
        for (id, ag) in &p.raw.agreement {
            if defs
                .get(&("agreement", id.name.clone()))
                .is_some_and(|d| d.file != p.file)
            {
                continue;
            }
            sc.agreements
                .push(resolve_agreement(&id.name, ag, p.file, &mut ctx));
        }
    }
    sc.agreements.sort_by(|a, b| a.id.cmp(&b.id));
    check_agreement_references(&sc, parsed, &mut ctx);

    // Timelines.
    for p in parsed {
        for (id, tl) in &p.raw.timeline {
            if defs
                .get(&("timeline", id.name.clone()))
                .is_some_and(|d| d.file != p.file)
            {
                continue;
            }
            sc.timelines
                .push(resolve_timeline(&id.name, tl, p.file, &sc, &mut ctx));
        }
    }
    sc.timelines.sort_by(|a, b| a.id.cmp(&b.id));

    // Engine sections.
    for p in parsed {
        for (id, s) in &p.raw.settlement {
            if let Some(x) = crate::settlement::resolve(&id.name, s, p.file, &mut ctx) {
                sc.settlements.push(x);
            }
        }
        for (id, f) in &p.raw.forecast {
            if let Some(x) = crate::forecast::resolve(&id.name, f, p.file, &mut ctx) {
                sc.forecasts.push(x);
            }
        }
    }
    sc.settlements.sort_by(|a, b| a.id.cmp(&b.id));
    sc.forecasts.sort_by(|a, b| a.id.cmp(&b.id));

    if named.is_none() && !parsed.is_empty() {
        let f = parsed[0].file;
        let d = ctx.error(f, 0..0, "missing-name", "the scenario has no name");
        d.expected = Some("[scenario] name = \"...\" in the entry file".into());
        d.line = 1;
        d.column = 1;
    }
    sc.actors = actors.into_values().collect();
    let mut diags = ctx.diags;
    if ctx.dropped > 0 {
        let first = parsed.first().map_or("", |p| ctx.sources.name(p.file));
        diags.push(
            Diagnostic::file(
                first,
                "too-many-problems",
                format!(
                    "{} more problems were found and not listed (only the first {MAX_DIAGNOSTICS} are)",
                    ctx.dropped
                ),
            )
            .hint("fix the problems listed and check again"),
        );
    }
    (sc, diags)
}

fn resolve_zone(
    id: &str,
    raw: &BTreeMap<String, (FileId, &Sp<RawZone>)>,
    done: &mut BTreeMap<String, Zone>,
    actors: &BTreeMap<String, Actor>,
    ctx: &mut Ctx<'_>,
    visiting: &mut Vec<String>,
) {
    if done.contains_key(id) {
        return;
    }
    let Some((file, z)) = raw.get(id) else { return };
    if visiting.iter().any(|v| v == id) {
        let chain = visiting.join(" → ");
        let span = z.span.clone();
        ctx.error(
            *file,
            span,
            "zone-cycle",
            format!("zone `{id}` includes itself: {chain} → {id}"),
        );
        return;
    }
    visiting.push(id.to_string());
    let mut members: BTreeSet<String> = BTreeSet::new();
    for m in z.members.iter().chain(z.within.iter()) {
        if ctx.actor(*file, m) {
            members.insert(m.value.clone());
        }
    }
    if let Some(r) = &z.region {
        members.extend(actors_with(ctx, *file, r, "region", actors, &|a| {
            a.region.iter().map(String::as_str).collect()
        }));
    }
    if let Some(t) = &z.tag {
        members.extend(actors_with(ctx, *file, t, "tag", actors, &|a| {
            a.tags.iter().map(String::as_str).collect()
        }));
    }
    for inc in &z.includes {
        if ctx.zone(*file, inc) {
            resolve_zone(&inc.value, raw, done, actors, ctx, visiting);
            if let Some(other) = done.get(&inc.value) {
                members.extend(other.members.iter().cloned());
            }
        }
    }
    visiting.pop();
    done.insert(
        id.to_string(),
        Zone {
            id: id.to_string(),
            name: z.name.clone().unwrap_or_else(|| id.to_string()),
            kind: z.kind,
            members: members.into_iter().collect(),
            description: z.description.clone(),
            source: z.source.clone(),
        },
    );
}

/// The actors whose region (or tags) include `want`; an empty selection is reported.
fn actors_with(
    ctx: &mut Ctx<'_>,
    file: FileId,
    want: &Sp<String>,
    what: &str,
    actors: &BTreeMap<String, Actor>,
    values: &dyn Fn(&Actor) -> Vec<&str>,
) -> Vec<String> {
    let found: Vec<String> = actors
        .values()
        .filter(|a| values(a).contains(&want.value.as_str()))
        .map(|a| a.id.clone())
        .collect();
    if found.is_empty() {
        let known: BTreeSet<&str> = actors.values().flat_map(values).collect();
        let hint = did_you_mean(&want.value, known.iter().copied());
        ctx.error(
            file,
            want.span.clone(),
            "empty-zone",
            format!("no actor has the {what} `{}`", want.value),
        )
        .hint = hint;
    }
    found
}

fn parse_rule(ctx: &mut Ctx<'_>, file: FileId, r: &Sp<String>) -> Option<RuleText> {
    match entente_rules::parse(&r.value) {
        Ok(rule) => {
            // Attribute names must exist on some actor.
            for a in rule.attributes() {
                if !ctx.attributes.contains(&a.name) {
                    let hint = did_you_mean(&a.name, ctx.attributes.iter().map(String::as_str));
                    let s = r.span.start + 1 + a.span.start;
                    let d = ctx.error(
                        file,
                        s..s + (a.span.end - a.span.start),
                        "unknown-attribute",
                        format!("no actor has the attribute `{}`", a.name),
                    );
                    d.expected = Some("an attribute given to actors (e.g. population)".into());
                    d.hint = hint;
                }
            }
            for v in rule.veto_holders() {
                if !ctx.actors.contains_key(&v.name) {
                    let hint = did_you_mean(&v.name, ctx.actors.keys().map(String::as_str));
                    let s = r.span.start + 1 + v.span.start;
                    let d = ctx.error(
                        file,
                        s..s + (v.span.end - v.span.start),
                        "unknown-actor",
                        format!("veto holder `{}` is not an actor", v.name),
                    );
                    d.hint = hint;
                }
            }
            Some(RuleText {
                text: rule.to_string(),
                rule,
            })
        }
        Err(e) => {
            let s = r.span.start + 1 + e.span.start;
            let d = ctx.error(
                file,
                s..s + (e.span.end - e.span.start).max(1),
                "rule-syntax",
                format!("in rule: {}", e.message),
            );
            d.expected = Some(e.expected.clone());
            d.hint = e.hint.clone();
            None
        }
    }
}

fn parse_condition(ctx: &mut Ctx<'_>, file: FileId, c: &Sp<String>) -> Option<Condition> {
    match cond::parse(&c.value) {
        Ok(x) => Some(x),
        Err(e) => {
            let s = c.span.start + 1 + e.span.start;
            let d = ctx.error(
                file,
                s..s + (e.span.end - e.span.start).max(1),
                "condition-syntax",
                format!("in condition: {}", e.message),
            );
            d.expected = Some(e.expected);
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_institution(
    id: &str,
    raw: &Sp<RawInstitution>,
    file: FileId,
    base: &Path,
    files: &dyn Files,
    sc: &Scenario,
    actors: &BTreeMap<String, Actor>,
    ctx: &mut Ctx<'_>,
) -> Option<Institution> {
    let clauses: Vec<Clause> = raw
        .clause
        .iter()
        .map(|(cid, c)| Clause {
            id: cid.clone(),
            title: c.title.clone().unwrap_or_else(|| cid.clone()),
            text: c.text.clone(),
            source: c.source.clone(),
        })
        .collect();
    let clause_ids: Vec<&str> = clauses.iter().map(|c| c.id.as_str()).collect();
    let check_clause = |ctx: &mut Ctx<'_>, c: &Option<Sp<String>>| -> Option<String> {
        let c = c.as_ref()?;
        if clause_ids.contains(&c.value.as_str()) {
            return Some(c.value.clone());
        }
        let hint = did_you_mean(&c.value, clause_ids.iter().copied());
        let d = ctx.error(
            file,
            c.span.clone(),
            "unknown-clause",
            format!("institution `{id}` has no clause `{}`", c.value),
        );
        d.expected = Some(format!("one of its clauses: {}", clause_ids.join(", ")));
        d.hint = hint;
        None
    };
    let mut competences = Vec::new();
    for (cid, c) in &raw.competence {
        competences.push(Competence {
            id: cid.clone(),
            description: c.description.clone(),
            clause: check_clause(ctx, &c.clause),
            source: c.source.clone(),
        });
    }
    let comp_ids: Vec<String> = competences.iter().map(|c| c.id.clone()).collect();

    // Memberships.
    let mut memberships = Vec::new();
    let mut spans: Vec<(FileId, Range<usize>)> = Vec::new();
    for m in &raw.members {
        if !ctx.actor(file, &m.id) {
            continue;
        }
        let Some(status) = Status::parse(&m.status.value) else {
            let hint = did_you_mean(&m.status.value, Status::WORDS.split(", "));
            let span = if m.status.span.is_empty() {
                m.span.clone()
            } else {
                m.status.span.clone()
            };
            let d = ctx.error(
                file,
                span,
                "unknown-status",
                format!("unknown membership status `{}`", m.status.value),
            );
            d.expected = Some(Status::WORDS.into());
            d.hint = hint;
            continue;
        };
        let from = m.joined.as_ref().and_then(|d| ctx.date(file, d));
        let until = m.left.as_ref().and_then(|d| ctx.date(file, d)).map(|x| x.0);
        if let (Some((f, _)), Some(u), Some(l)) = (from, until, &m.left) {
            if u < f {
                ctx.error(
                    file,
                    l.span.clone(),
                    "leave-before-join",
                    format!(
                        "`{}` leaves `{id}` on {u}, before joining on {f}",
                        m.id.value
                    ),
                )
                .hint = Some("swap the dates, or check the source".into());
                continue;
            }
        }
        memberships.push(Membership {
            actor: m.id.value.clone(),
            status,
            from: from.map(|x| x.0),
            from_precision: from.map_or(Precision::Day, |x| x.1),
            until,
            source: m.source.clone(),
            note: m.note.clone(),
        });
        spans.push((file, m.span.clone()));
    }
    if let Some(spec) = &raw.members_csv {
        if let Some(t) = read_csv(ctx, files, base, file, &spec.file) {
            let sp = spec.span.clone();
            let cols = [
                t.col(ctx, file, sp.clone(), &spec.organisation_column),
                t.col(ctx, file, sp.clone(), &spec.id),
                t.col(ctx, file, sp.clone(), &spec.status),
                t.col(ctx, file, sp.clone(), &spec.joined),
                t.col(ctx, file, sp.clone(), &spec.left),
            ];
            let src_col = t.headers.iter().position(|h| h == &spec.source);
            let prec_col = t.headers.iter().position(|h| h == "date_precision");
            if let [Some(org), Some(idc), Some(stc), Some(jc), Some(lc)] = cols {
                let mut any = false;
                for (line, row) in &t.rows {
                    if row[org] != spec.organisation {
                        continue;
                    }
                    any = true;
                    let lspan = t.line_span(ctx, *line);
                    let actor = row[idc].clone();
                    if !actors.contains_key(&actor) {
                        let hint = did_you_mean(&actor, actors.keys().map(String::as_str));
                        ctx.error(
                            t.file,
                            lspan,
                            "unknown-actor",
                            format!("unknown actor `{actor}`"),
                        )
                        .hint = hint;
                        continue;
                    }
                    let Some((status, former)) = normalise_status(&row[stc], &spec.status_map)
                    else {
                        let d = ctx.error(
                            t.file,
                            lspan,
                            "unknown-status",
                            format!("unknown membership status `{}`", row[stc]),
                        );
                        d.expected = Some(Status::WORDS.into());
                        d.hint = Some("map it with status_map = { \"...\" = \"member\" }".into());
                        continue;
                    };
                    let parse_cell =
                        |ctx: &mut Ctx<'_>, cell: &str| -> Option<Option<(Date, Precision)>> {
                            if cell.is_empty() {
                                return Some(None);
                            }
                            match parse_date(cell) {
                                Ok(d) => Some(Some(d)),
                                Err((code, msg)) => {
                                    ctx.error(t.file, lspan.clone(), code, msg).expected =
                                        Some("a date YYYY-MM-DD".into());
                                    None
                                }
                            }
                        };
                    let Some(from) = parse_cell(ctx, &row[jc]) else {
                        continue;
                    };
                    let Some(until) = parse_cell(ctx, &row[lc]) else {
                        continue;
                    };
                    let precision = match prec_col.map(|c| row[c].as_str()) {
                        Some("month") => Precision::Month,
                        Some("year") => Precision::Year,
                        _ => from.map_or(Precision::Day, |x| x.1),
                    };
                    if former && until.is_none() {
                        let d = ctx.error(
                            t.file,
                            lspan.clone(),
                            "missing-date",
                            format!(
                                "`{actor}` is a former {} of `{id}` but no leave date is given",
                                status.as_str()
                            ),
                        );
                        d.severity = crate::diag::Severity::Warning;
                        d.hint = Some(
                            "give the leave date; without it the membership is treated as ongoing"
                                .into(),
                        );
                    }
                    if let (Some(f), Some(u)) = (from, until) {
                        if u.0 < f.0 {
                            ctx.error(
                                t.file,
                                lspan,
                                "leave-before-join",
                                format!(
                                    "`{actor}` leaves `{id}` on {}, before joining on {}",
                                    u.0, f.0
                                ),
                            );
                            continue;
                        }
                    }
                    memberships.push(Membership {
                        actor,
                        status,
                        from: from.map(|x| x.0),
                        from_precision: precision,
                        until: until.map(|x| x.0),
                        source: src_col.map(|c| row[c].clone()).filter(|s| !s.is_empty()),
                        note: None,
                    });
                    spans.push((t.file, lspan));
                }
                if !any {
                    let orgs: BTreeSet<&str> =
                        t.rows.iter().map(|(_, r)| r[org].as_str()).collect();
                    let hint = did_you_mean(&spec.organisation, orgs.iter().copied());
                    ctx.error(
                        file,
                        sp,
                        "empty-membership",
                        format!(
                            "no row of the CSV is for organisation `{}`",
                            spec.organisation
                        ),
                    )
                    .hint = hint;
                }
            }
        }
    }
    // Overlapping periods of one actor: compare each actor's periods among themselves only
    // (every pair when an actor has a few; a sweep by start date when it has many).
    let mut by_actor: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in memberships.iter().enumerate() {
        by_actor.entry(m.actor.as_str()).or_default().push(i);
    }
    let disjoint = |a: &Membership, b: &Membership| {
        a.until.is_some_and(|u| b.from.is_some_and(|f| u <= f))
            || b.until.is_some_and(|u| a.from.is_some_and(|f| u <= f))
    };
    let mut overlaps: Vec<(usize, usize)> = Vec::new();
    for ix in by_actor.values() {
        if ix.len() <= 64 {
            for (k, &i) in ix.iter().enumerate() {
                for &j in &ix[k + 1..] {
                    if !disjoint(&memberships[i], &memberships[j]) {
                        overlaps.push((i, j));
                    }
                }
            }
        } else {
            let mut sorted = ix.clone();
            sorted.sort_by_key(|&i| memberships[i].from);
            // The period seen so far that reaches furthest.
            let mut reach = sorted[0];
            for &j in &sorted[1..] {
                if !disjoint(&memberships[reach], &memberships[j]) {
                    overlaps.push((reach.min(j), reach.max(j)));
                }
                let (r, m) = (&memberships[reach], &memberships[j]);
                if r.until.is_some_and(|u| m.until.is_none_or(|v| v > u)) {
                    reach = j;
                }
            }
        }
    }
    overlaps.sort_unstable();
    for (i, j) in overlaps {
        let (a, b) = (&memberships[i], &memberships[j]);
        let (f, s) = spans[j].clone();
        ctx.error(
            f,
            s,
            "overlapping-membership",
            format!(
                "`{}` is both {} and {} of `{id}` over the same period",
                a.actor,
                a.status.as_str(),
                b.status.as_str()
            ),
        )
        .hint = Some(
            "give the earlier status a `left` date on or before the later one's `joined`".into(),
        );
    }
    let mut rule = None;
    if let Some(r) = &raw.membership_rule {
        if ctx.zone(file, &r.zone) {
            let from = r.from.as_ref().and_then(|d| ctx.date(file, d)).map(|x| x.0);
            let zone = sc.zone(&r.zone.value);
            let mut opt_outs = Vec::new();
            for o in &r.opt_outs {
                if ctx.actor(file, o) {
                    if zone.is_some_and(|z| !z.members.contains(&o.value)) {
                        ctx.error(
                            file,
                            o.span.clone(),
                            "opt-out-outside",
                            format!(
                                "`{}` opts out but is not in zone `{}`",
                                o.value, r.zone.value
                            ),
                        )
                        .severity = crate::diag::Severity::Warning;
                    }
                    opt_outs.push(o.value.clone());
                }
            }
            if let Some(z) = zone {
                for m in &z.members {
                    let opted = opt_outs.contains(m);
                    if memberships.iter().any(|x| &x.actor == m) {
                        continue;
                    }
                    memberships.push(Membership {
                        actor: m.clone(),
                        status: if opted {
                            Status::OptedOut
                        } else {
                            Status::Member
                        },
                        from,
                        from_precision: Precision::Day,
                        until: None,
                        source: r.source.clone(),
                        note: Some(format!("member by rule over zone `{}` (M31)", z.id)),
                    });
                }
            }
            rule = Some(MembershipRule {
                zone: r.zone.value.clone(),
                from,
                opt_outs,
                source: r.source.clone(),
            });
        }
    }
    memberships.sort_by(|a, b| (a.actor.as_str(), a.from).cmp(&(b.actor.as_str(), b.from)));

    // Decisions.
    let mut decisions = Vec::new();
    for (dkey, d) in &raw.decision {
        let did = &dkey.name;
        let competence = d.competence.as_ref().and_then(|c| {
            if comp_ids.contains(&c.value) {
                Some(c.value.clone())
            } else {
                let hint = did_you_mean(&c.value, comp_ids.iter().map(String::as_str));
                let e = ctx.error(
                    file,
                    c.span.clone(),
                    "unknown-competence",
                    format!("institution `{id}` has no competence `{}`", c.value),
                );
                e.expected = Some(format!("one of: {}", comp_ids.join(", ")));
                e.hint = hint.or(Some(format!(
                    "declare it under [institution.{id}.competence.{}]",
                    c.value
                )));
                None
            }
        });
        let procedure = match (&d.rule, d.stages.is_empty()) {
            (Some(_), false) | (None, true) => {
                let span = dkey.span.clone();
                ctx.error(
                    file,
                    span,
                    "bad-procedure",
                    format!(
                        "decision `{id}.{did}` needs either a `rule` or `stages`, not {}",
                        if d.rule.is_some() { "both" } else { "neither" }
                    ),
                )
                .expected = Some("rule = \"no == 0\", or stages = [...]".into());
                continue;
            }
            (Some(r), true) => match parse_rule(ctx, file, r) {
                Some(rt) => Procedure::Rule(rt),
                None => continue,
            },
            (None, false) => {
                let mut stages = Vec::new();
                let mut seen = BTreeSet::new();
                for s in &d.stages {
                    if !seen.insert(s.id.value.clone()) {
                        ctx.error(
                            file,
                            s.id.span.clone(),
                            "duplicate-id",
                            format!("stage `{}` appears twice in `{id}.{did}`", s.id.value),
                        );
                    }
                    if !ctx.word(file, &s.kind, STAGE_KINDS, "stage kind", "unknown-kind") {
                        continue;
                    }
                    let kind = match s.kind.value.as_str() {
                        "vote" => match &s.rule {
                            Some(r) => match parse_rule(ctx, file, r) {
                                Some(rule) => StageKind::Vote {
                                    rule,
                                    event: s.event.as_ref().map(|e| e.value.clone()),
                                },
                                None => continue,
                            },
                            None => {
                                ctx.error(
                                    file,
                                    s.span.clone(),
                                    "missing-key",
                                    format!("vote stage `{}` has no rule", s.id.value),
                                )
                                .expected = Some("rule = \"...\"".into());
                                continue;
                            }
                        },
                        "act" => match &s.event {
                            Some(e) => {
                                if !ctx.word(file, e, EVENT_KINDS, "event kind", "unknown-kind") {
                                    continue;
                                }
                                StageKind::Act {
                                    event: e.value.clone(),
                                }
                            }
                            None => {
                                ctx.error(
                                    file,
                                    s.span.clone(),
                                    "missing-key",
                                    format!("act stage `{}` names no event", s.id.value),
                                )
                                .expected = Some(
                                    "event = \"signature\" (the event kind that completes it)"
                                        .into(),
                                );
                                continue;
                            }
                        },
                        k => {
                            if s.steps.is_empty() {
                                ctx.error(
                                    file,
                                    s.span.clone(),
                                    "missing-key",
                                    format!("stage `{}` lists no steps", s.id.value),
                                )
                                .expected = Some("steps = [\"parliament\", \"deposit\"]".into());
                                continue;
                            }
                            let steps = s.steps.iter().map(|x| x.value.clone()).collect();
                            let mut member_steps = BTreeMap::new();
                            for (m, st) in &s.member_steps {
                                let span = st.first().map_or(s.span.clone(), |x| x.span.clone());
                                if !ctx.actors.contains_key(m) {
                                    let hint =
                                        did_you_mean(m, ctx.actors.keys().map(String::as_str));
                                    ctx.error(
                                        file,
                                        span,
                                        "unknown-actor",
                                        format!("unknown actor `{m}` in member_steps"),
                                    )
                                    .hint = hint;
                                    continue;
                                }
                                if st.is_empty() {
                                    ctx.error(
                                        file,
                                        span,
                                        "missing-key",
                                        format!("member_steps of `{m}` lists no steps"),
                                    );
                                    continue;
                                }
                                member_steps.insert(
                                    m.clone(),
                                    st.iter().map(|x| x.value.clone()).collect(),
                                );
                            }
                            if k == "each_member" {
                                StageKind::EachMember {
                                    steps,
                                    member_steps,
                                }
                            } else {
                                StageKind::Candidate { steps }
                            }
                        }
                    };
                    stages.push(Stage {
                        id: s.id.value.clone(),
                        name: s.name.clone().unwrap_or_else(|| s.id.value.clone()),
                        kind,
                        clause: check_clause(ctx, &s.clause),
                        source: s.source.clone(),
                    });
                }
                Procedure::Stages(stages)
            }
        };
        decisions.push(Decision {
            id: did.clone(),
            name: d.name.clone().unwrap_or_else(|| did.clone()),
            competence,
            procedure,
            clause: check_clause(ctx, &d.clause),
            source: d.source.clone(),
        });
    }
    let status = match &raw.status {
        Some(s) => {
            ctx.word(
                file,
                s,
                &["existing", "proposed"],
                "institution status",
                "unknown-status",
            );
            s.value.clone()
        }
        None => "existing".into(),
    };
    let founded = raw
        .founded
        .as_ref()
        .and_then(|d| ctx.date(file, d))
        .map(|x| x.0);
    Some(Institution {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        kind: raw.kind.clone(),
        status,
        founded,
        legal_basis: raw.legal_basis.clone(),
        competences,
        memberships,
        membership_rule: rule,
        decisions,
        clauses,
        criteria: raw.criteria.clone(),
        source: raw.source.clone(),
    })
}

fn resolve_party(ctx: &mut Ctx<'_>, file: FileId, p: &Sp<String>) -> Option<Party> {
    let v = p.value.trim();
    if v == "parties" {
        return Some(Party::Parties);
    }
    if let Some(rest) = v.strip_prefix("members of ") {
        let (inst, date) = match rest.split_once(" as of ") {
            Some((i, d)) => (i.trim(), Some(d.trim())),
            None => (rest.trim(), None),
        };
        let off = p.span.start + 1 + "members of ".len();
        let inst_sp = Sp::new(inst.to_string(), off..off + inst.len());
        if !ctx.institution(file, &inst_sp) {
            return None;
        }
        let date = match date {
            Some(d) => match parse_date(d) {
                Ok(x) => Some(x.0),
                Err((code, msg)) => {
                    ctx.error(file, p.span.clone(), code, msg);
                    return None;
                }
            },
            None => None,
        };
        return Some(Party::MembersOf(inst.to_string(), date));
    }
    if ctx.institutions.contains(v) {
        return Some(Party::Institution(v.to_string()));
    }
    if ctx.actor(file, p) {
        return Some(Party::Actor(v.to_string()));
    }
    None
}

fn resolve_agreement(
    id: &str,
    raw: &Sp<RawAgreement>,
    file: FileId,
    ctx: &mut Ctx<'_>,
) -> Agreement {
    ctx.word(
        file,
        &raw.kind,
        AGREEMENT_KINDS,
        "agreement kind",
        "unknown-kind",
    );
    let parties: Vec<Party> = raw
        .parties
        .iter()
        .filter_map(|p| resolve_party(ctx, file, p))
        .collect();
    let status = match &raw.status {
        Some(s) => {
            ctx.word(
                file,
                s,
                AGREEMENT_STATUSES,
                "agreement status",
                "unknown-status",
            );
            s.value.clone()
        }
        None => "proposed".into(),
    };
    if let Some(f) = &raw.legal_form {
        ctx.word(file, f, LEGAL_FORMS, "legal form", "unknown-legal-form");
    }
    let mut dates = BTreeMap::new();
    for (k, d) in &raw.dates {
        if !AGREEMENT_STATUSES.contains(&k.as_str()) {
            let hint = did_you_mean(k, AGREEMENT_STATUSES.iter().copied());
            let e = ctx.error(
                file,
                d.span.clone(),
                "unknown-status",
                format!("`{k}` is not an agreement status"),
            );
            e.expected = Some(format!("dates of: {}", AGREEMENT_STATUSES.join(", ")));
            e.hint = hint;
            continue;
        }
        if let Some(x) = ctx.date(file, d) {
            dates.insert(k.clone(), x.0);
        }
    }
    if let (Some(s), Some(f)) = (dates.get("signed"), dates.get("in_force")) {
        if f < s {
            let span = raw.dates["in_force"].span.clone();
            ctx.error(
                file,
                span,
                "date-order",
                format!("`{id}` enters into force on {f}, before it is signed on {s}"),
            );
        }
    }
    for n in [&raw.duration_years].into_iter().flatten() {
        if n.value <= 0.0 {
            ctx.error(
                file,
                n.span.clone(),
                "invalid-number",
                "a duration must be positive",
            );
        }
    }
    let clauses: Vec<Clause> = raw
        .clause
        .iter()
        .map(|(cid, c)| Clause {
            id: cid.clone(),
            title: c.title.clone().unwrap_or_else(|| cid.clone()),
            text: c.text.clone(),
            source: c.source.clone(),
        })
        .collect();
    let clause_ids: Vec<&str> = clauses.iter().map(|c| c.id.as_str()).collect();
    let phase_ids: Vec<String> = raw.phase.iter().map(|p| p.id.value.clone()).collect();

    let mut phases = Vec::new();
    let mut seen = BTreeSet::new();
    for ph in &raw.phase {
        if !seen.insert(ph.id.value.clone()) {
            ctx.error(
                file,
                ph.id.span.clone(),
                "duplicate-id",
                format!("phase `{}` appears twice in `{id}`", ph.id.value),
            );
        }
        for a in &ph.after {
            if !phase_ids.contains(&a.value) {
                let hint = did_you_mean(&a.value, phase_ids.iter().map(String::as_str));
                ctx.error(
                    file,
                    a.span.clone(),
                    "unknown-phase",
                    format!("agreement `{id}` has no phase `{}`", a.value),
                )
                .hint = hint;
            }
        }
        if let Some(z) = &ph.zone {
            ctx.zone(file, z);
        }
        phases.push(Phase {
            id: ph.id.value.clone(),
            name: ph.name.clone().unwrap_or_else(|| ph.id.value.clone()),
            opens_when: ph
                .opens_when
                .as_ref()
                .and_then(|c| parse_condition(ctx, file, c)),
            closes_when: ph
                .closes_when
                .as_ref()
                .and_then(|c| parse_condition(ctx, file, c)),
            after: ph.after.iter().map(|a| a.value.clone()).collect(),
            duration_years: ph.duration_years.as_ref().map(|d| d.value),
            zone: ph.zone.as_ref().map(|z| z.value.clone()),
            note: ph.note.clone(),
            source: ph.source.clone(),
        });
    }
    // Phases that wait on each other can never open.
    for ph in &raw.phase {
        let mut stack = vec![ph.id.value.clone()];
        let mut seen = BTreeSet::new();
        while let Some(x) = stack.pop() {
            if !seen.insert(x.clone()) {
                continue;
            }
            if let Some(p) = raw.phase.iter().find(|p| p.id.value == x) {
                for a in &p.after {
                    if a.value == ph.id.value {
                        ctx.error(file, ph.id.span.clone(), "phase-cycle", format!("phase `{}` of `{id}` waits, through `after`, on itself: it can never open", ph.id.value))
                            .hint = Some("remove one `after` link of the cycle".into());
                        stack.clear();
                        break;
                    }
                    stack.push(a.value.clone());
                }
            }
        }
    }

    let mut obligations = Vec::new();
    let mut seen = BTreeSet::new();
    for (k, o) in raw.obligation.iter().enumerate() {
        let oid =
            o.id.as_ref()
                .map_or_else(|| format!("{}", k + 1), |x| x.value.clone());
        if !seen.insert(oid.clone()) {
            if let Some(x) = &o.id {
                ctx.error(
                    file,
                    x.span.clone(),
                    "duplicate-id",
                    format!("obligation `{oid}` appears twice in `{id}`"),
                );
            }
        }
        ctx.word(
            file,
            &o.kind,
            OBLIGATION_KINDS,
            "obligation kind",
            "unknown-kind",
        );
        if let Some(s) = &o.strength {
            ctx.word(file, s, STRENGTHS, "strength", "unknown-kind");
        }
        if let Some(t) = &o.trigger {
            ctx.word(file, t, TRIGGERS, "trigger", "unknown-kind");
        }
        for a in &o.adversary {
            ctx.actor(file, a);
        }
        if let Some(z) = &o.zone {
            ctx.zone(file, z);
        }
        for (name, v) in &o.limit {
            if v.value < 0.0 {
                ctx.error(
                    file,
                    v.span.clone(),
                    "invalid-number",
                    format!("limit `{name}` is negative"),
                );
            }
        }
        let clause = o.clause.as_ref().and_then(|c| {
            if clause_ids.contains(&c.value.as_str()) {
                Some(c.value.clone())
            } else {
                let hint = did_you_mean(&c.value, clause_ids.iter().copied());
                ctx.error(
                    file,
                    c.span.clone(),
                    "unknown-clause",
                    format!("agreement `{id}` has no clause `{}`", c.value),
                )
                .hint = hint;
                None
            }
        });
        let phase = o.phase.as_ref().and_then(|p| {
            if phase_ids.contains(&p.value) {
                Some(p.value.clone())
            } else {
                let hint = did_you_mean(&p.value, phase_ids.iter().map(String::as_str));
                ctx.error(
                    file,
                    p.span.clone(),
                    "unknown-phase",
                    format!("agreement `{id}` has no phase `{}`", p.value),
                )
                .hint = hint;
                None
            }
        });
        obligations.push(Obligation {
            id: oid,
            bearer: o
                .bearer
                .iter()
                .filter_map(|p| resolve_party(ctx, file, p))
                .collect(),
            kind: o.kind.value.clone(),
            beneficiary: o
                .beneficiary
                .iter()
                .filter_map(|p| resolve_party(ctx, file, p))
                .collect(),
            trigger: o.trigger.as_ref().map(|t| t.value.clone()),
            adversary: o.adversary.iter().map(|a| a.value.clone()).collect(),
            strength: o.strength.as_ref().map(|s| s.value.clone()),
            zone: o.zone.as_ref().map(|z| z.value.clone()),
            limit: o.limit.iter().map(|(k, v)| (k.clone(), v.value)).collect(),
            duration_years: o.duration_years.as_ref().map(|d| d.value),
            when: o.when.as_ref().and_then(|c| parse_condition(ctx, file, c)),
            clause,
            phase,
            note: o.note.clone(),
            source: o.source.clone(),
        });
    }
    let mut amounts = Vec::new();
    for a in &raw.amount {
        let a = &a.value;
        for p in [&a.from, &a.to].into_iter().flatten() {
            if !ctx.institutions.contains(&p.value) {
                ctx.actor(file, p);
            }
        }
        amounts.push(Amount {
            from: a.from.as_ref().map(|x| x.value.clone()),
            to: a.to.as_ref().map(|x| x.value.clone()),
            value: a.value,
            currency: a.currency.clone(),
            period: a.period.clone(),
            scope: a.scope.clone(),
            qualifier: a.qualifier.clone(),
            source: a.source.clone(),
        });
    }
    for l in &raw.linked {
        ctx.agreement(file, l);
    }
    Agreement {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        kind: raw.kind.value.clone(),
        parties,
        status,
        dates,
        legal_form: raw.legal_form.as_ref().map(|f| f.value.clone()),
        ratification: raw.ratification,
        duration_years: raw.duration_years.as_ref().map(|d| d.value),
        legal_basis: raw.legal_basis.clone(),
        clauses,
        obligations,
        phases,
        linked: raw.linked.iter().map(|l| l.value.clone()).collect(),
        amounts,
        mechanisms: raw.mechanisms.clone(),
        note: raw.note.clone(),
        source: raw.source.clone(),
    }
}

/// Check the ids conditions name, now that every agreement and its phases are known.
fn check_agreement_references(sc: &Scenario, parsed: &[Parsed], ctx: &mut Ctx<'_>) {
    for p in parsed {
        for (id, raw) in &p.raw.agreement {
            let Some(ag) = sc.agreement(&id.name) else {
                continue;
            };
            let mut conds: Vec<&Sp<String>> = Vec::new();
            conds.extend(raw.obligation.iter().filter_map(|o| o.when.as_ref()));
            conds.extend(raw.phase.iter().filter_map(|ph| ph.opens_when.as_ref()));
            conds.extend(raw.phase.iter().filter_map(|ph| ph.closes_when.as_ref()));
            for c in conds {
                let Ok(parsed) = cond::parse(&c.value) else {
                    continue;
                };
                check_condition(&parsed, c, ag, sc, p.file, ctx);
            }
        }
    }
}

fn check_condition(
    c: &Condition,
    text: &Sp<String>,
    ag: &Agreement,
    sc: &Scenario,
    file: FileId,
    ctx: &mut Ctx<'_>,
) {
    let at = |w: &cond::Word| {
        let s = text.span.start + 1 + w.span.start;
        Sp::new(w.text.clone(), s..s + w.text.len())
    };
    match c {
        Condition::And { a, b } | Condition::Or { a, b } => {
            check_condition(a, text, ag, sc, file, ctx);
            check_condition(b, text, ag, sc, file, ctx);
        }
        Condition::Not { a } => check_condition(a, text, ag, sc, file, ctx),
        Condition::Verified { action } => {
            ctx.actor(file, &at(&action.actor));
            if let Some(place) = action.place() {
                let w = at(place);
                if !ctx.actors.contains_key(&w.value) && !ctx.zones.contains(&w.value) {
                    let hint = did_you_mean(
                        &w.value,
                        ctx.actors
                            .keys()
                            .chain(ctx.zones.iter())
                            .map(String::as_str),
                    );
                    let d = ctx.error(file, w.span.clone(), "unknown-place", format!("`{}` is neither an actor nor a zone: the condition can never be verified", w.value));
                    d.hint = hint;
                }
            }
        }
        Condition::InForce { agreement } | Condition::Breached { agreement } => {
            ctx.agreement(file, &at(agreement));
        }
        Condition::Phase { agreement, phase } => {
            let target = match agreement {
                Some(a) => {
                    let w = at(a);
                    if !ctx.agreement(file, &w) {
                        return;
                    }
                    sc.agreement(&a.text)
                }
                None => Some(ag),
            };
            if let Some(t) = target {
                if !t.phases.iter().any(|p| p.id == phase.text) {
                    let w = at(phase);
                    let hint = did_you_mean(&phase.text, t.phases.iter().map(|p| p.id.as_str()));
                    let d = ctx.error(file, w.span.clone(), "unknown-phase", format!("agreement `{}` has no phase `{}`: the condition can never be evaluated", t.id, phase.text));
                    d.hint = hint;
                }
            }
        }
        Condition::Member { actor, institution } => {
            ctx.actor(file, &at(actor));
            ctx.institution(file, &at(institution));
        }
        Condition::After { date } => {
            if let Err((code, msg)) = parse_date(&date.text) {
                let w = at(date);
                ctx.error(file, w.span.clone(), code, msg);
            }
        }
        Condition::Const { .. } => {}
    }
}

fn resolve_timeline(
    id: &str,
    raw: &Sp<RawTimeline>,
    file: FileId,
    sc: &Scenario,
    ctx: &mut Ctx<'_>,
) -> Timeline {
    let kind = match &raw.kind {
        Some(k) => {
            ctx.word(
                file,
                k,
                &["history", "scenario"],
                "timeline kind",
                "unknown-kind",
            );
            k.value.clone()
        }
        None => "history".into(),
    };
    let mut events: Vec<Event> = Vec::new();
    let mut last: Option<(Date, Option<i64>)> = None;
    for (n, e) in raw.event.iter().enumerate() {
        let Some(d) = &e.date else {
            ctx.error(file, e.span.clone(), "missing-key", "an event has no date")
                .expected = Some("date = 2024-03-07".into());
            continue;
        };
        let Some((date, precision)) = ctx.date(file, d) else {
            continue;
        };
        if !ctx.word(file, &e.kind, EVENT_KINDS, "event kind", "unknown-kind") {
            continue;
        }
        let explicit = e.order.as_ref().map(|o| o.value);
        let order = explicit.unwrap_or(0);
        if let Some((ld, lo)) = last {
            let same_day_backwards =
                date == ld && matches!((lo, explicit), (Some(a), Some(b)) if b <= a);
            if date < ld || same_day_backwards {
                let span = if date < ld {
                    d.span.clone()
                } else {
                    e.order.as_ref().map_or(d.span.clone(), |o| o.span.clone())
                };
                ctx.error(
                    file,
                    span,
                    "events-out-of-order",
                    format!(
                        "event {} ({} on {date}) comes after an event of {ld}{}",
                        n + 1,
                        e.kind.value,
                        match lo {
                            Some(o) if date == ld => format!(" with order {o}"),
                            _ => String::new(),
                        }
                    ),
                )
                .hint = Some("list events by date and, within a day, by increasing `order`".into());
            }
        }
        last = Some((
            date,
            if last.is_some_and(|(ld, _)| ld == date) {
                explicit.or(last.and_then(|l| l.1))
            } else {
                explicit
            },
        ));
        for a in [&e.actor, &e.subject].into_iter().flatten() {
            if !ctx.institutions.contains(&a.value) {
                ctx.actor(file, a);
            }
        }
        if let Some(i) = &e.institution {
            if ctx.institution(file, i) {
                if let Some(dec) = &e.decision {
                    let inst = sc.institution(&i.value);
                    if let Some(inst) = inst {
                        match inst.decision(&dec.value) {
                            None => {
                                let hint = did_you_mean(
                                    &dec.value,
                                    inst.decisions.iter().map(|x| x.id.as_str()),
                                );
                                ctx.error(
                                    file,
                                    dec.span.clone(),
                                    "unknown-decision",
                                    format!(
                                        "institution `{}` has no decision type `{}`",
                                        i.value, dec.value
                                    ),
                                )
                                .hint = hint;
                            }
                            Some(decision) => {
                                if let (Some(step), Procedure::Stages(stages)) =
                                    (&e.step, &decision.procedure)
                                {
                                    let steps: Vec<&str> = stages
                                        .iter()
                                        .flat_map(|s| match &s.kind {
                                            StageKind::EachMember {
                                                steps,
                                                member_steps,
                                            } => steps
                                                .iter()
                                                .chain(member_steps.values().flatten())
                                                .map(String::as_str)
                                                .collect(),
                                            StageKind::Candidate { steps } => {
                                                steps.iter().map(String::as_str).collect()
                                            }
                                            _ => Vec::new(),
                                        })
                                        .collect();
                                    if !steps.contains(&step.value.as_str()) {
                                        let hint = did_you_mean(&step.value, steps.iter().copied());
                                        let d = ctx.error(
                                            file,
                                            step.span.clone(),
                                            "unknown-step",
                                            format!(
                                                "`{}` is not a step of `{}.{}`",
                                                step.value, i.value, dec.value
                                            ),
                                        );
                                        d.expected = Some(format!("one of: {}", steps.join(", ")));
                                        d.hint = hint;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(a) = &e.agreement {
            ctx.agreement(file, a);
        }
        if let Some(z) = &e.zone {
            ctx.zone(file, z);
        }
        let action =
            e.action
                .as_ref()
                .and_then(|a| match cond::parse(&format!("verified({})", a.value)) {
                    Ok(Condition::Verified { action }) => {
                        ctx.actor(
                            file,
                            &Sp::new(
                                action.actor.text.clone(),
                                a.span.start + 1..a.span.start + 1 + action.actor.text.len(),
                            ),
                        );
                        Some(action.text())
                    }
                    _ => {
                        ctx.error(
                            file,
                            a.span.clone(),
                            "condition-syntax",
                            "a verified action is `ACTOR VERB words...`",
                        )
                        .expected =
                            Some("e.g. \"RUS withdraws nonstrategic_nuclear from BLR\"".into());
                        None
                    }
                });
        events.push(Event {
            date,
            precision,
            order,
            kind: e.kind.value.clone(),
            actor: e.actor.as_ref().map(|x| x.value.clone()),
            subject: e.subject.as_ref().map(|x| x.value.clone()),
            institution: e.institution.as_ref().map(|x| x.value.clone()),
            decision: e.decision.as_ref().map(|x| x.value.clone()),
            agreement: e.agreement.as_ref().map(|x| x.value.clone()),
            step: e.step.as_ref().map(|x| x.value.clone()),
            zone: e.zone.as_ref().map(|x| x.value.clone()),
            action,
            status: e.status.as_ref().map(|x| x.value.clone()),
            quantity: e
                .quantity
                .iter()
                .map(|(k, v)| (k.clone(), v.value))
                .collect(),
            note: e.note.clone(),
            source: e.source.clone(),
        });
    }
    events.sort_by_key(|e| (e.date, e.order));
    Timeline {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        description: raw.description.clone(),
        kind,
        events,
        source: raw.source.clone(),
    }
}
