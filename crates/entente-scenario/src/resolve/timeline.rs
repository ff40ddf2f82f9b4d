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
