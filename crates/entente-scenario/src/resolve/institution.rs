//! Institutions: clauses, competences, memberships (listed, from CSV, or by a rule over a
//! zone), overlapping periods, and decision types with their rule or stages.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn resolve_institution(
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
        let d = ctx.unknown(
            file,
            c.span.clone(),
            "unknown-clause",
            format!("institution `{id}` has no clause `{}`", c.value),
            ctx.suggest(&c.value, clause_ids.iter().copied()),
        );
        d.expected = Some(format!("one of its clauses: {}", clause_ids.join(", ")));
        None
    };
    let mut competences = Vec::new();
    for (cid, c) in &raw.competence {
        competences.push(Competence {
            id: cid.clone(),
            description: c.description.clone(),
            clause: check_clause(ctx, &c.clause),
            enforcement: c.enforcement,
            authorised_by: c
                .authorised_by
                .as_ref()
                .and_then(|a| a.value.split_once('.'))
                .map(|(i, d)| (i.to_string(), d.to_string())),
            source: c.source.clone(),
            agreement_kinds: c
                .agreement_kinds
                .iter()
                .filter_map(|w| {
                    use crate::vocab::{AgreementKind, Word};
                    let k = AgreementKind::from_word(&w.value);
                    if k.is_none() {
                        ctx.word(
                            file,
                            w,
                            AgreementKind::WORDS,
                            AgreementKind::WHAT,
                            "unknown-kind",
                        );
                    }
                    k
                })
                .collect(),
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
            let span = if m.status.span.is_empty() {
                m.span.clone()
            } else {
                m.status.span.clone()
            };
            let d = ctx.unknown(
                file,
                span,
                "unknown-status",
                format!("unknown membership status `{}`", m.status.value),
                ctx.suggest(&m.status.value, Status::WORDS.split(", ")),
            );
            d.expected = Some(Status::WORDS.into());
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
        members_from_csv(
            ctx,
            files,
            base,
            file,
            id,
            spec,
            actors,
            &mut memberships,
            &mut spans,
        );
    }
    report_overlaps(ctx, id, &memberships, &spans);
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
    let decisions = resolve_decisions(ctx, file, id, raw, &comp_ids, &check_clause);
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
    let horizon = raw
        .horizon
        .as_ref()
        .and_then(|d| ctx.date(file, d))
        .map(|x| x.0);
    let mut assessments = Vec::new();
    for a in &raw.assessment {
        let a = &a.value;
        let known = ctx.actor(file, &a.actor);
        let n = raw.criteria.len();
        let k = a.criterion.value;
        if k < 1 || k as usize > n {
            let d = ctx.error(
                file,
                a.criterion.span.clone(),
                "unknown-criterion",
                format!("institution `{id}` has {n} criteria; there is no criterion {k}"),
            );
            d.expected = Some(format!(
                "a number from 1 to {n} (the position in `criteria`)"
            ));
            continue;
        }
        let from = a.from.as_ref().and_then(|d| ctx.date(file, d)).map(|x| x.0);
        let until = a
            .until
            .as_ref()
            .and_then(|d| ctx.date(file, d))
            .map(|x| x.0);
        if known {
            assessments.push(Assessment {
                actor: a.actor.value.clone(),
                criterion: k as usize - 1,
                met: a.met,
                from,
                until,
                note: a.note.clone(),
                source: a.source.clone(),
            });
        }
    }
    Some(Institution {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        kind: raw.kind.clone(),
        status,
        horizon,
        seats: raw.seats.as_ref().map(|s| s.value),
        founded,
        legal_basis: raw.legal_basis.clone(),
        legal_bases: super::agreement::legal_bases(ctx, file, &raw.legal_bases),
        competences,
        memberships,
        membership_rule: rule,
        decisions,
        clauses,
        criteria: raw.criteria.clone(),
        assessments,
        source: raw.source.clone(),
    })
}

/// Memberships from a CSV file of dated memberships (one row per actor and organisation).
#[allow(clippy::too_many_arguments)]
fn members_from_csv(
    ctx: &mut Ctx<'_>,
    files: &dyn Files,
    base: &Path,
    file: FileId,
    id: &str,
    spec: &Sp<RawMembersCsv>,
    actors: &BTreeMap<String, Actor>,
    memberships: &mut Vec<Membership>,
    spans: &mut Vec<(FileId, Range<usize>)>,
) {
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
                    ctx.unknown(
                        t.file,
                        lspan,
                        "unknown-actor",
                        format!("unknown actor `{actor}`"),
                        ctx.suggest(&actor, actors.keys().map(String::as_str)),
                    );
                    continue;
                }
                let Some((status, former)) = normalise_status(&row[stc], &spec.status_map) else {
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
                let orgs: BTreeSet<&str> = t.rows.iter().map(|(_, r)| r[org].as_str()).collect();
                ctx.unknown(
                    file,
                    sp,
                    "empty-membership",
                    format!(
                        "no row of the CSV is for organisation `{}`",
                        spec.organisation
                    ),
                    ctx.suggest(&spec.organisation, orgs.iter().copied()),
                );
            }
        }
    }
}

/// Overlapping periods of one actor: each actor's periods are compared among themselves only
/// (every pair when an actor has a few; a sweep by start date when it has many).
fn report_overlaps(
    ctx: &mut Ctx<'_>,
    id: &str,
    memberships: &[Membership],
    spans: &[(FileId, Range<usize>)],
) {
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
}

/// Checks that a clause id names a clause of the institution's founding text.
type CheckClause<'a> = dyn Fn(&mut Ctx<'_>, &Option<Sp<String>>) -> Option<String> + 'a;

/// The decision types of an institution, each with its rule or its stages.
fn resolve_decisions(
    ctx: &mut Ctx<'_>,
    file: FileId,
    id: &str,
    raw: &Sp<RawInstitution>,
    comp_ids: &[String],
    check_clause: &CheckClause<'_>,
) -> Vec<Decision> {
    let mut decisions = Vec::new();
    for (dkey, d) in &raw.decision {
        let did = &dkey.name;
        let competence = d.competence.as_ref().and_then(|c| {
            if comp_ids.contains(&c.value) {
                Some(c.value.clone())
            } else {
                let hint = ctx.suggest(&c.value, comp_ids.iter().map(String::as_str));
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
                                        ctx.suggest(m, ctx.actors.keys().map(String::as_str));
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
    decisions
}

/// Check every competence's `authorised_by` (an existing `INSTITUTION.DECISION`), and warn where
/// a body resting on Chapter VIII of the UN Charter may take enforcement action with no
/// authorising decision named (UN Charter Art. 53(1)).
pub(super) fn check_authorisations(sc: &Scenario, parsed: &[Parsed], ctx: &mut Ctx<'_>) {
    for p in parsed {
        for (id, raw) in &p.raw.institution {
            let Some(inst) = sc.institution(&id.name) else {
                continue;
            };
            for (cid, c) in &raw.competence {
                match &c.authorised_by {
                    Some(a) => {
                        let found = a
                            .value
                            .split_once('.')
                            .and_then(|(i, d)| sc.institution(i).map(|x| x.decision(d).is_some()));
                        if found != Some(true) {
                            let d = ctx.error(
                                p.file,
                                a.span.clone(),
                                "unknown-decision",
                                format!(
                                    "`{}` names no decision type: write INSTITUTION.DECISION",
                                    a.value
                                ),
                            );
                            d.hint =
                                Some("e.g. authorised_by = \"unsc.regional_enforcement\"".into());
                        }
                    }
                    None => {
                        if c.enforcement
                            && inst
                                .legal_bases
                                .contains(&crate::vocab::LegalBasis::ChapterViii)
                        {
                            let d = ctx.error(
                                p.file,
                                c.span.clone(),
                                "missing-authorisation",
                                format!(
                                    "`{}.{cid}` is enforcement action by a Chapter VIII arrangement, which needs the Security Council's authorisation (UN Charter Art. 53(1)), but names no authorising decision",
                                    inst.id
                                ),
                            );
                            d.severity = crate::diag::Severity::Warning;
                            d.hint = Some("add authorised_by = \"INSTITUTION.DECISION\" (the Security Council's)".into());
                        }
                    }
                }
            }
        }
    }
}
