//! Agreements: parties, status, clauses, phases and obligations, and the ids their conditions
//! name (checked once every agreement and phase is known).

use super::*;
use crate::vocab::{
    AgreementKind, AgreementStatus, LegalBasis, LegalForm, ObligationKind, Strength, Trigger, Word,
};

pub(super) fn resolve_party(ctx: &mut Ctx<'_>, file: FileId, p: &Sp<String>) -> Option<Party> {
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

pub(super) fn resolve_agreement(
    id: &str,
    raw: &Sp<RawAgreement>,
    file: FileId,
    ctx: &mut Ctx<'_>,
) -> Agreement {
    let kind = if raw.kind.value == "security_guarantee" {
        // The older word for what the obligation kind calls `guarantee`: one word for both now.
        let d = ctx.error(
            file,
            raw.kind.span.clone(),
            "deprecated-word",
            "`security_guarantee` is now written `guarantee`",
        );
        d.severity = crate::diag::Severity::Warning;
        d.hint = Some("write kind = \"guarantee\", the word obligations use too".into());
        Some(AgreementKind::Guarantee)
    } else {
        word::<AgreementKind>(ctx, file, &raw.kind, "unknown-kind")
    };
    let parties: Vec<Party> = raw
        .parties
        .iter()
        .filter_map(|p| resolve_party(ctx, file, p))
        .collect();
    let status = match &raw.status {
        Some(s) => word::<AgreementStatus>(ctx, file, s, "unknown-status"),
        None => Some(AgreementStatus::Proposed),
    };
    let legal_form = raw
        .legal_form
        .as_ref()
        .and_then(|f| word::<LegalForm>(ctx, file, f, "unknown-legal-form"));
    let mut dates = BTreeMap::new();
    for (k, d) in &raw.dates {
        if AgreementStatus::parse(k).is_none() {
            let e = ctx.unknown(
                file,
                d.span.clone(),
                "unknown-status",
                format!("`{k}` is not an agreement status"),
                ctx.suggest(k, AgreementStatus::WORDS.iter().copied()),
            );
            e.expected = Some(format!("dates of: {}", AgreementStatus::WORDS.join(", ")));
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
                ctx.unknown(
                    file,
                    a.span.clone(),
                    "unknown-phase",
                    format!("agreement `{id}` has no phase `{}`", a.value),
                    ctx.suggest(&a.value, phase_ids.iter().map(String::as_str)),
                );
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
        let okind = word::<ObligationKind>(ctx, file, &o.kind, "unknown-kind");
        let strength = o
            .strength
            .as_ref()
            .and_then(|s| word::<Strength>(ctx, file, s, "unknown-kind"));
        let trigger = o
            .trigger
            .as_ref()
            .and_then(|t| word::<Trigger>(ctx, file, t, "unknown-kind"));
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
        for (name, v) in &o.contribution {
            if v.value < 0.0 || !v.value.is_finite() {
                ctx.error(
                    file,
                    v.span.clone(),
                    "invalid-number",
                    format!("contribution `{name}` must be a number of zero or more"),
                );
            }
        }
        let clause = o.clause.as_ref().and_then(|c| {
            if clause_ids.contains(&c.value.as_str()) {
                Some(c.value.clone())
            } else {
                ctx.unknown(
                    file,
                    c.span.clone(),
                    "unknown-clause",
                    format!("agreement `{id}` has no clause `{}`", c.value),
                    ctx.suggest(&c.value, clause_ids.iter().copied()),
                );
                None
            }
        });
        let phase = o.phase.as_ref().and_then(|p| {
            if phase_ids.contains(&p.value) {
                Some(p.value.clone())
            } else {
                ctx.unknown(
                    file,
                    p.span.clone(),
                    "unknown-phase",
                    format!("agreement `{id}` has no phase `{}`", p.value),
                    ctx.suggest(&p.value, phase_ids.iter().map(String::as_str)),
                );
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
            // An unknown word is an error already reported: the scenario is never used as it is.
            kind: okind.unwrap_or(ObligationKind::Consultation),
            beneficiary: o
                .beneficiary
                .iter()
                .filter_map(|p| resolve_party(ctx, file, p))
                .collect(),
            trigger,
            adversary: o.adversary.iter().map(|a| a.value.clone()).collect(),
            strength,
            zone: o.zone.as_ref().map(|z| z.value.clone()),
            limit: o.limit.iter().map(|(k, v)| (k.clone(), v.value)).collect(),
            contribution: o
                .contribution
                .iter()
                .map(|(k, v)| (k.clone(), v.value))
                .collect(),
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
    let legal_bases = legal_bases(ctx, file, &raw.legal_bases);
    let mut requirements = Vec::new();
    for r in &raw.requirement {
        if r.value.value.value < 0.0 || !r.value.value.value.is_finite() {
            ctx.error(
                file,
                r.value.value.span.clone(),
                "invalid-number",
                format!(
                    "requirement `{}` must be a number of zero or more",
                    r.value.quantity.value
                ),
            );
            continue;
        }
        let named = raw
            .obligation
            .iter()
            .any(|o| o.contribution.contains_key(&r.value.quantity.value));
        if !named {
            let d = ctx.error(
                file,
                r.value.quantity.span.clone(),
                "unknown-quantity",
                format!(
                    "no obligation of `{id}` contributes `{}`: the requirement could never be met",
                    r.value.quantity.value
                ),
            );
            d.hint = Some(format!(
                "give the contributing obligations contribution = {{ {} = ... }}",
                r.value.quantity.value
            ));
        }
        requirements.push(Requirement {
            quantity: r.value.quantity.value.clone(),
            value: r.value.value.value,
            source: r.value.source.clone(),
        });
    }
    Agreement {
        id: id.to_string(),
        name: raw.name.clone().unwrap_or_else(|| id.to_string()),
        // An unknown word is an error already reported: the scenario is never used as it is.
        kind: kind.unwrap_or(AgreementKind::Declaration),
        parties,
        status: status.unwrap_or(AgreementStatus::Proposed),
        dates,
        legal_form,
        ratification: raw.ratification,
        duration_years: raw.duration_years.as_ref().map(|d| d.value),
        legal_basis: raw.legal_basis.clone(),
        legal_bases,
        requirements,
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
pub(super) fn check_agreement_references(sc: &Scenario, parsed: &[Parsed], ctx: &mut Ctx<'_>) {
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
                check_condition(&parsed, c, Some(ag), sc, p.file, ctx);
            }
        }
    }
}

/// Check every id a condition names (`ag`: the agreement it belongs to, whose phases it may name
/// without the agreement's id; None for a condition over a world, such as a red line).
pub(crate) fn check_condition(
    c: &Condition,
    text: &Sp<String>,
    ag: Option<&Agreement>,
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
                    ctx.unknown(file, w.span.clone(), "unknown-place", format!("`{}` is neither an actor nor a zone: the condition can never be verified", w.value), ctx.suggest(
                        &w.value,
                        ctx.actors
                            .keys()
                            .chain(ctx.zones.iter())
                            .map(String::as_str),
                    ));
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
                None => {
                    if ag.is_none() {
                        let w = at(phase);
                        let d = ctx.error(
                            file,
                            w.span.clone(),
                            "unknown-phase",
                            format!("phase `{}` of which agreement?", phase.text),
                        );
                        d.hint =
                            Some("outside an agreement, name a phase as `agreement.phase`".into());
                    }
                    ag
                }
            };
            if let Some(t) = target {
                if !t.phases.iter().any(|p| p.id == phase.text) {
                    let w = at(phase);
                    ctx.unknown(file, w.span.clone(), "unknown-phase", format!("agreement `{}` has no phase `{}`: the condition can never be evaluated", t.id, phase.text), ctx.suggest(&phase.text, t.phases.iter().map(|p| p.id.as_str())));
                }
            }
        }
        Condition::Member { actor, institution } => {
            ctx.actor(file, &at(actor));
            ctx.institution(file, &at(institution));
        }
        Condition::Binds { party, obligation } | Condition::Owed { party, obligation } => {
            check_party(ctx, file, &at(party));
            word::<crate::ObligationKind>(ctx, file, &at(obligation), "unknown-kind");
        }
        Condition::Forces { party, place, .. } => {
            check_party(ctx, file, &at(party));
            let w = at(place);
            if !ctx.actors.contains_key(&w.value) && !ctx.zones.contains(&w.value) {
                ctx.unknown(
                    file,
                    w.span.clone(),
                    "unknown-place",
                    format!("`{}` is neither an actor nor a zone", w.value),
                    ctx.suggest(
                        &w.value,
                        ctx.actors
                            .keys()
                            .chain(ctx.zones.iter())
                            .map(String::as_str),
                    ),
                );
            }
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

/// An actor or an institution (for "any of its full members"), or a located error.
fn check_party(ctx: &mut Ctx<'_>, file: FileId, w: &Sp<String>) {
    if ctx.actors.contains_key(&w.value) || ctx.institutions.contains(&w.value) {
        return;
    }
    ctx.unknown(
        file,
        w.span.clone(),
        "unknown-id",
        format!("`{}` is neither an actor nor an institution", w.value),
        ctx.suggest(
            &w.value,
            ctx.actors
                .keys()
                .chain(ctx.institutions.iter())
                .map(String::as_str),
        ),
    );
}

/// The legal bases of an institution or an agreement, as words of the vocabulary (each unknown
/// word a located error; a word given twice counts once).
pub(super) fn legal_bases(
    ctx: &mut Ctx<'_>,
    file: FileId,
    words: &[Sp<String>],
) -> Vec<LegalBasis> {
    let mut out: Vec<LegalBasis> = words
        .iter()
        .filter_map(|w| word::<LegalBasis>(ctx, file, w, "unknown-legal-basis"))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A word of a closed vocabulary, or a located error naming the words (with did-you-mean).
fn word<T: Word>(ctx: &mut Ctx<'_>, file: FileId, w: &Sp<String>, code: &'static str) -> Option<T> {
    match T::from_word(&w.value) {
        Some(x) => Some(x),
        None => {
            ctx.word(file, w, T::WORDS, T::WHAT, code);
            None
        }
    }
}

/// The parties that ratify an agreement as of a date, sorted: each actor named, an institution
/// as such for itself (its act of formal confirmation), the members of an institution each for
/// themselves (as of the date, or of the date the party names).
pub(super) fn ratifying_parties(sc: &Scenario, ag: &Agreement, date: Date) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for p in &ag.parties {
        match p {
            Party::Actor(x) | Party::Institution(x) => v.push(x.clone()),
            Party::MembersOf(i, fixed) => {
                if let Some(inst) = sc.institution(i) {
                    v.extend(
                        inst.members_on(fixed.unwrap_or(date))
                            .into_iter()
                            .map(String::from),
                    );
                }
            }
            Party::Parties => {}
        }
    }
    v.sort();
    v.dedup();
    v
}

/// Whether an actor is a party to an agreement on a date: one of its ratifying parties, or a
/// full member of an institution that is a party as such.
pub(super) fn is_party(sc: &Scenario, ag: &Agreement, actor: &str, date: Date) -> bool {
    ratifying_parties(sc, ag, date)
        .binary_search_by(|p| p.as_str().cmp(actor))
        .is_ok()
        || ag.parties.iter().any(|p| {
            matches!(p, Party::Institution(i)
                if sc.institution(i).is_some_and(|inst| inst.members_on(date).contains(&actor)))
        })
}
