//! Timelines: dated events in order, each naming actors, institutions, decisions and steps
//! that exist.

use super::*;

pub(super) fn resolve_timeline(
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
    let limited = limited_areas(sc);
    // Ratifications recorded so far in this timeline, per agreement.
    let mut ratified: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
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
                                ctx.decision(file, inst, dec);
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
                                        let d = ctx.unknown(
                                            file,
                                            step.span.clone(),
                                            "unknown-step",
                                            format!(
                                                "`{}` is not a step of `{}.{}`",
                                                step.value, i.value, dec.value
                                            ),
                                            ctx.suggest(&step.value, steps.iter().copied()),
                                        );
                                        d.expected = Some(format!("one of: {}", steps.join(", ")));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(a) = &e.agreement {
            if ctx.agreement(file, a) {
                check_ratification(sc, ctx, file, e, date, a, &mut ratified);
            }
        }
        if let Some(z) = &e.zone {
            if ctx.zone(file, z)
                && matches!(e.kind.value.as_str(), "force_level" | "troop_movement")
            {
                check_force_place(sc, ctx, file, z, &limited);
            }
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

/// Ratification as a timeline records it: a "ratification" event by an actor that is not a party
/// to the agreement counts for nothing (`ratification-by-non-party`); an event putting in force
/// (`entry_into_force`, `status_change` to `in_force`, `ceasefire`) an agreement that needs
/// ratification before every party's ratification is recorded in the timeline leaves it out of
/// force in a replay (`entry-before-ratification`). Both warnings.
fn check_ratification(
    sc: &Scenario,
    ctx: &mut Ctx<'_>,
    file: FileId,
    e: &RawEvent,
    date: Date,
    a: &Sp<String>,
    ratified: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let Some(ag) = sc.agreement(&a.value) else {
        return;
    };
    match e.kind.value.as_str() {
        "ratification" => {
            let Some(x) = &e.actor else { return };
            if is_party(sc, ag, &x.value, date) {
                ratified
                    .entry(ag.id.clone())
                    .or_default()
                    .insert(x.value.clone());
                return;
            }
            let parties = ratifying_parties(sc, ag, date);
            let d = ctx.error(
                file,
                x.span.clone(),
                "ratification-by-non-party",
                format!(
                    "`{}` ratifies `{}` but is not a party to it on {date}: the ratification counts for nothing",
                    x.value, ag.id
                ),
            );
            d.severity = crate::diag::Severity::Warning;
            d.expected = Some(if parties.len() > 12 {
                format!("one of its {} parties", parties.len())
            } else {
                format!("one of its parties: {}", parties.join(", "))
            });
            d.hint = Some(format!(
                "name a party as the actor, or add `{}` to the parties of `{}`",
                x.value, ag.id
            ));
        }
        "entry_into_force" | "status_change" | "ceasefire" => {
            let to_force = e.kind.value != "status_change"
                || e.status.as_ref().is_some_and(|s| s.value == "in_force");
            let in_force = matches!(ag.status_on(date), "in_force" | "breached");
            if !to_force || !ag.needs_ratification() || in_force {
                return;
            }
            let done = ratified.get(&ag.id);
            let missing: Vec<String> = ratifying_parties(sc, ag, date)
                .into_iter()
                .filter(|p| done.is_none_or(|d| !d.contains(p)))
                .collect();
            if missing.is_empty() {
                return;
            }
            let d = ctx.error(
                file,
                a.span.clone(),
                "entry-before-ratification",
                format!(
                    "`{}` needs ratification (`ratification = true`), but this timeline records no ratification by {} before it enters into force: a replay keeps it out of force until they ratify",
                    ag.id,
                    if missing.len() > 12 {
                        format!("{} of its parties", missing.len())
                    } else {
                        missing.join(", ")
                    }
                ),
            );
            d.severity = crate::diag::Severity::Warning;
            d.hint = Some(format!(
                "record each party's `ratification` event (actor = the party, agreement = \"{}\") before this one, or give the agreement a recorded `in_force` date",
                ag.id
            ));
        }
        _ => {}
    }
}

/// The areas on which an obligation limits forces, with the obligation (`agreement.obligation`).
fn limited_areas(sc: &Scenario) -> Vec<(String, &Zone)> {
    let mut v = Vec::new();
    for a in &sc.agreements {
        for o in &a.obligations {
            if !matches!(
                o.kind.as_str(),
                "force_limit" | "demilitarisation" | "no_deployment"
            ) {
                continue;
            }
            if let Some(z) = o.zone.as_deref().and_then(|z| sc.zone(z)) {
                if z.kind == ZoneKind::Area {
                    v.push((format!("{}.{}", a.id, o.id), z));
                }
            }
        }
    }
    v
}

/// A force level recorded in a region (a set of states) on whose territory a limited area lies
/// does not count against the area's limit (an area is a place of its own): a warning
/// (`force-outside-area`), since the forces may be in the area and belong there.
fn check_force_place(
    sc: &Scenario,
    ctx: &mut Ctx<'_>,
    file: FileId,
    z: &Sp<String>,
    limited: &[(String, &Zone)],
) {
    let Some(zone) = sc.zone(&z.value) else {
        return;
    };
    if zone.kind != ZoneKind::Region {
        return;
    }
    let hits: Vec<String> = limited
        .iter()
        .filter(|(_, area)| {
            area.members.iter().any(|m| zone.members.contains(m))
                && !sc.lies_within(&zone.id, &area.id)
        })
        .map(|(ob, area)| format!("`{ob}` on `{}`", area.id))
        .collect();
    if hits.is_empty() {
        return;
    }
    let d = ctx.error(
        file,
        z.span.clone(),
        "force-outside-area",
        format!(
            "forces recorded in the region `{}` do not count against the limits on areas that lie on its states: {}",
            zone.id,
            hits.join(", ")
        ),
    );
    d.severity = crate::diag::Severity::Warning;
    d.hint = Some(
        "an area is a place of its own: record forces that are in the area in the area itself (or in a zone declared `within` it)".into(),
    );
}
