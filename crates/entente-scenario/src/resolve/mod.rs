//! Stage two of reading a scenario: from the raw documents of every file to one validated
//! `Scenario`. Ids are collected first (so that order of files never matters), then every
//! reference, date, rule and condition is checked. Every problem is reported, each once, with
//! its place; a scenario with errors is still returned as far as it could be built, but callers
//! must not present it as complete.
//!
//! The work is split by section of the format: `zone`, `institution`, `agreement`, `timeline`,
//! with `rules` (rules and conditions), `data` (CSV files) and `vocab` (closed vocabularies);
//! the context every section shares is [`crate::ctx::Ctx`], dates are read by [`crate::dates`].

pub(crate) mod agreement;
mod data;
mod institution;
pub(crate) mod rules;
mod timeline;
mod vocab;
mod zone;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;

use crate::cond::{self, Condition};
use crate::diag::{Diagnostic, FileId, SourceMap};
use crate::load::{Files, Parsed};
use crate::model::*;
use crate::raw::*;
use crate::spanned::{Key, Sp};

pub use crate::ctx::{Ctx, MAX_DIAGNOSTICS};
pub use crate::dates::parse_date;
pub use vocab::EVENT_KINDS;

use agreement::*;
use data::*;
use institution::*;
use rules::*;
use timeline::*;
use vocab::*;
use zone::*;

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
    let mut ctx = Ctx::new(
        sources,
        parsed.iter().map(|p| (p.file, p.root.clone())).collect(),
    );
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
                    if let Some(d) = &s.horizon {
                        sc.horizon = ctx.date(p.file, d).map(|x| x.0);
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
    check_authorisations(&sc, parsed, &mut ctx);

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
            if let Some(x) = crate::settlement::resolve(&id.name, s, p.file, &mut ctx, &sc) {
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
    linkages(parsed, &mut sc, &mut ctx);

    // Architectures: worlds that might be.
    let arch_ids: Vec<String> = parsed
        .iter()
        .flat_map(|p| p.raw.architecture.keys().map(|k| k.name.clone()))
        .collect();
    let arch_known: Vec<&str> = arch_ids.iter().map(String::as_str).collect();
    for p in parsed {
        for (id, a) in &p.raw.architecture {
            if sc.architectures.iter().any(|x| x.id == id.name) {
                continue;
            }
            let x = crate::architecture::resolve(&id.name, a, p.file, &mut ctx, &sc, &arch_known);
            sc.architectures.push(x);
        }
    }
    sc.architectures.sort_by(|a, b| a.id.cmp(&b.id));
    for a in &sc.architectures {
        if let Err(e) = crate::architecture::chain(&sc, &a.id)
            && let Some((span, file)) = parsed.iter().find_map(|p| {
                p.raw
                    .architecture
                    .get(a.id.as_str())
                    .map(|x| (x.span.clone(), p.file))
            })
        {
            ctx.error(file, span, "architecture-cycle", e).hint =
                Some("an architecture's `base` chain must end at the scenario as it is".into());
        }
    }

    // The report section: one per scenario.
    let mut report_seen = false;
    for p in parsed {
        if let Some(r) = &p.raw.report {
            if report_seen {
                let d = ctx.error(
                    p.file,
                    r.span.clone(),
                    "duplicate-report",
                    "a second [report] section",
                );
                d.hint = Some("keep one [report] section in the whole scenario".into());
                continue;
            }
            report_seen = true;
            sc.report = Some(crate::report::resolve(r, p.file, &mut ctx, &sc));
        }
    }

    // The deterrence section: one per scenario.
    for p in parsed {
        if let Some(r) = &p.raw.deterrence {
            if sc.deterrence.is_some() {
                ctx.error(
                    p.file,
                    r.span.clone(),
                    "duplicate-deterrence",
                    "a second [deterrence] section",
                )
                .hint = Some("keep one [deterrence] section in the whole scenario".into());
                continue;
            }
            sc.deterrence = Some(crate::deterrence::resolve(r, p.file, &mut ctx));
        }
    }

    if named.is_none() && !parsed.is_empty() {
        let f = parsed[0].file;
        let d = ctx.error(f, 0..0, "missing-name", "the scenario has no name");
        d.expected = Some("[scenario] name = \"...\" in the entry file".into());
        d.line = 1;
        d.column = 1;
    }
    sc.actors = actors.into_values().collect();
    undecidable_rules(&sc, parsed, &mut ctx);
    outside_competence(&sc, parsed, &mut ctx);
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

/// An institution made a party to an agreement of a kind none of its competences covers (M1,
/// judged by kind as `entente decide --agreement` judges it, through
/// [`crate::Institution::competence_for_kind`]): a warning at the party, naming what the founding
/// text does give. A body whose competences list no kinds of agreement is not judged.
fn outside_competence(sc: &Scenario, parsed: &[Parsed], ctx: &mut Ctx<'_>) {
    for ag in &sc.agreements {
        for party in &ag.parties {
            let crate::model::Party::Institution(id) = party else {
                continue;
            };
            let Some(inst) = sc.institution(id) else {
                continue;
            };
            if !inst.judges_kinds() || inst.competence_for_kind(ag.kind).is_some() {
                continue;
            }
            let place = parsed.iter().find_map(|p| {
                let a = p.raw.agreement.get(ag.id.as_str())?;
                let at = a.parties.iter().find(|x| x.value == *id)?;
                Some((p.file, at.span.clone()))
            });
            let Some((file, span)) = place else { continue };
            let covered: Vec<String> = inst
                .competences
                .iter()
                .filter(|c| !c.agreement_kinds.is_empty())
                .map(|c| {
                    let kinds: Vec<&str> = c.agreement_kinds.iter().map(|k| k.as_str()).collect();
                    format!("{} ({})", c.id, kinds.join(", "))
                })
                .collect();
            let d = ctx.error(
                file,
                span,
                "outside-competence",
                format!(
                    "`{id}` is a party to `{}`, {} {} agreement, but no competence of `{id}` covers that kind (M1); the kinds it may conclude or join: {}",
                    ag.id,
                    if ag.kind.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
                    ag.kind.as_str(),
                    covered.join("; ")
                ),
            );
            d.severity = crate::diag::Severity::Warning;
            d.hint = Some(format!(
                "make its members the parties (`members of {id}`), or give `{id}` a competence with this kind in `agreement_kinds`, citing the founding text"
            ));
        }
    }
}

/// A decision rule that sums an attribute some full member lacks cannot be evaluated (the
/// engines refuse it, or need a value given for the missing ones): a warning at the rule, as of
/// the scenario's date, naming the members.
fn undecidable_rules(sc: &Scenario, parsed: &[Parsed], ctx: &mut Ctx<'_>) {
    let Some(date) = sc.as_of else {
        return;
    };
    for inst in &sc.institutions {
        for dec in &inst.decisions {
            let Ok((rule, body)) = sc.voting_body(&inst.id, &dec.id, date) else {
                continue;
            };
            let Err(errors) = rule.bind(&body) else {
                continue;
            };
            let missing: Vec<String> = errors
                .iter()
                .filter(|e| e.message.contains("has no value for"))
                .map(|e| e.message.clone())
                .collect();
            if missing.is_empty() {
                continue;
            }
            // The rule as written: the decision's own, else its first vote stage's.
            let place = parsed.iter().find_map(|p| {
                let d = p
                    .raw
                    .institution
                    .get(inst.id.as_str())?
                    .decision
                    .get(dec.id.as_str())?;
                let r = d
                    .rule
                    .as_ref()
                    .or_else(|| d.stages.iter().find_map(|st| st.rule.as_ref()))?;
                Some((p.file, r.span.clone()))
            });
            let Some((file, span)) = place else { continue };
            let d = ctx.error(
                file,
                span,
                "undecidable-rule",
                format!(
                    "`{}.{}` cannot be evaluated as of {date}: {}",
                    inst.id,
                    dec.id,
                    missing.join("; ")
                ),
            );
            d.severity = crate::diag::Severity::Warning;
            d.hint = Some(
                "give every member a value for the attribute, with its source; `entente power \
                 --missing VALUE` states what a missing value counts as for voting power"
                    .into(),
            );
        }
    }
}

/// Linked negotiations: every settlement's linkages, resolved once every settlement is (they name
/// other settlements and their issues), then no settlement may depend on its own outcome.
fn linkages(parsed: &[Parsed], sc: &mut Scenario, ctx: &mut Ctx<'_>) {
    let known: Vec<String> = parsed
        .iter()
        .flat_map(|p| p.raw.settlement.keys().map(|k| k.name.clone()))
        .collect();
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in parsed {
        for (id, s) in &p.raw.settlement {
            if s.linkage.is_empty() {
                continue;
            }
            edges
                .entry(id.name.clone())
                .or_default()
                .extend(s.linkage.iter().map(|l| l.settlement.value.clone()));
            let Some(ix) = sc.settlements.iter().position(|x| x.id == id.name) else {
                continue;
            };
            let lks = crate::settlement::resolve_linkages(
                &sc.settlements[ix],
                s,
                p.file,
                ctx,
                sc,
                &known,
            );
            sc.settlements[ix].linkages = lks;
        }
    }
    for p in parsed {
        for (id, s) in &p.raw.settlement {
            for l in &s.linkage {
                if let Some(path) =
                    crate::settlement::link_path(&edges, &l.settlement.value, &id.name)
                {
                    let chain = std::iter::once(id.name.as_str())
                        .chain(path.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" → ");
                    ctx.error(
                        p.file,
                        l.settlement.span.clone(),
                        "settlement-link-cycle",
                        format!(
                            "settlement `{}` depends on its own outcome through linkage `{}`: {chain}",
                            id.name, l.id.value
                        ),
                    )
                    .hint = Some(
                        "linkages between settlements must not form a cycle: remove one linkage of it"
                            .into(),
                    );
                }
            }
        }
    }
}
