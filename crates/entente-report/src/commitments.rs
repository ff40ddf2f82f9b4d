//! The report's "Commitments" section (M5, M6, M14, M24, M29): defence coverage of every state
//! of the plan's zone and the grey zone, who must act for the plan's events, the plan's
//! timelines walked through (phases, breaches, territory projections), and an SVG graph of who is
//! committed to whom.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use entente_api::report::Answer;
use entente_api::types::{Change, StateCoverage, Strength, Truth, strength_rank};

use crate::{Section, part, svg};

/// The section, if the scenario holds anything for it.
pub fn section(a: &Answer) -> Option<Section> {
    let date = a.date;
    let mut text = String::new();
    let mut html = String::new();

    // Coverage.
    match part(&a.coverage, "Coverage") {
        Err((t, h)) => {
            text.push_str(&t);
            html.push_str(&h);
        }
        Ok(cov) => {
            if cov.states.iter().all(|c| c.commitments.is_empty()) && a.events.is_empty() {
                return None;
            }
            let grey: Vec<&str> = cov
                .states
                .iter()
                .filter(|c| c.grey_zone)
                .map(|c| c.state.as_str())
                .collect();
            let _ = writeln!(
                text,
                "Defence coverage as of {date}: {} of {} states in the grey zone (no binding defence commitment): {}",
                grey.len(),
                cov.states.len(),
                grey.join(" ")
            );
            html.push_str(&format!(
                "<h3>Coverage and the grey zone</h3><p>As of {date}, for every state{}: the \
                 strongest commitment others have made to come to its aid, from whom, whether a \
                 guarantor is nuclear-armed, its legal form, and whether the state is in the grey \
                 zone (no binding defence commitment from anyone). {} of {} states are in the grey \
                 zone.</p>",
                a.plan
                    .coverage_zone
                    .as_ref()
                    .map_or(String::new(), |z| format!(
                        " of the zone <code>{}</code>",
                        svg::escape(z)
                    )),
                grey.len(),
                cov.states.len()
            ));
            let rows: Vec<Vec<String>> = cov
                .states
                .iter()
                .map(|c| {
                    let (ag, ks, lf, from) = match &c.strongest {
                        Some(x) => (
                            format!(
                                "{} {}",
                                x.agreement,
                                x.clause.as_deref().unwrap_or(&x.obligation)
                            ),
                            format!("{} / {}", x.kind, x.strength.map_or("-", |s| s.as_str())),
                            x.legal_form.map(|f| f.to_string()).unwrap_or_default(),
                            if x.guarantors.len() > 4 {
                                format!("{} parties", x.guarantors.len())
                            } else {
                                x.guarantors.join(" ")
                            },
                        ),
                        None => ("—".into(), String::new(), String::new(), String::new()),
                    };
                    vec![
                        c.state.clone(),
                        ag,
                        ks,
                        lf,
                        from,
                        if c.nuclear_guarantor { "yes" } else { "no" }.into(),
                        if c.grey_zone { "GREY ZONE" } else { "no" }.into(),
                        c.commitments.len().to_string(),
                    ]
                })
                .collect();
            html.push_str(&svg::table(
                &[
                    "state",
                    "strongest commitment",
                    "kind / strength",
                    "legal form",
                    "from",
                    "nuclear guarantor",
                    "grey zone",
                    "commitments",
                ],
                &rows,
            ));
            html.push_str(&graph(&cov.states));
            own_and_pending(cov, &mut text, &mut html);
        }
    }

    // Who must act on the plan's events.
    if !a.events.is_empty() {
        html.push_str(
            "<h3>Who must act</h3><p>Parties obliged to act for the report's events, by \
             agreement and clause (strongest first). \"Collective defence\" means a defence \
             obligation (such as North Atlantic Treaty Art. 5) applies.</p>",
        );
        let _ = writeln!(text, "\nWho must act:");
    }
    let mut rows = Vec::new();
    for e in &a.events {
        let label = &e.event.label;
        let ans = match part(&e.answer, label) {
            Ok(x) => x,
            Err((t, h)) => {
                text.push_str(&t);
                html.push_str(&h);
                continue;
            }
        };
        // One line per (agreement or group, clause, kind, strength), its bearers counted once.
        let mut by: BTreeMap<(u8, String, String, String), BTreeSet<String>> = BTreeMap::new();
        for duty in ans.duties.iter().filter(|d| d.applies == Truth::True) {
            let key = match a
                .plan
                .groups
                .iter()
                .find(|g| g.agreements.contains(&duty.agreement))
            {
                Some(g) => g.label.clone(),
                None => format!(
                    "{} {}",
                    duty.agreement,
                    duty.clause_title
                        .clone()
                        .or(duty.clause.clone())
                        .unwrap_or_default()
                ),
            };
            let strength = duty.strength.map(|s| s.to_string()).unwrap_or_default();
            by.entry((
                u8::MAX - strength_rank(duty.strength),
                key,
                duty.kind.to_string(),
                strength,
            ))
            .or_default()
            .insert(duty.bearer.clone());
        }
        let summary: Vec<String> = by
            .iter()
            .map(|((_, k, kind, st), b)| format!("{k}: {kind}/{st} by {}", b.len()))
            .collect();
        let _ = writeln!(
            text,
            "  {label} ({}): collective defence {}; {}",
            ans.date,
            if ans.collective_defence { "yes" } else { "no" },
            if summary.is_empty() {
                "nobody is obliged".into()
            } else {
                summary.join("; ")
            }
        );
        rows.push(vec![
            label.clone(),
            ans.date.to_string(),
            if ans.collective_defence { "yes" } else { "no" }.into(),
            if summary.is_empty() {
                "nobody is obliged".into()
            } else {
                summary.join("\n")
            },
        ]);
    }
    if !rows.is_empty() {
        html.push_str(&svg::table(
            &[
                "event",
                "as of",
                "collective defence",
                "obligations (parties obliged)",
            ],
            &rows,
        ));
    }

    // The plan's timelines.
    for t in &a.timelines {
        let replayed = match part(&t.answer, &format!("The timeline `{}`", t.id)) {
            Ok(x) => x,
            Err((tx, h)) => {
                text.push_str(&tx);
                html.push_str(&h);
                continue;
            }
        };
        if let Some(r) = replayed.replay() {
            let mut rows = Vec::new();
            let mut lines = String::new();
            for st in &r.steps {
                for c in &st.changes {
                    // The changes a reader of the report needs: phases, conditions waiting,
                    // verifications, obligations set off, breaches, and the status of the
                    // timeline's own agreements.
                    let shown = match c {
                        Change::PhaseOpened { .. }
                        | Change::PhaseClosed { .. }
                        | Change::Pending { .. }
                        | Change::Verified { verified: true, .. }
                        | Change::Breach { .. }
                        | Change::Triggered { .. } => true,
                        Change::AgreementStatus { agreement, .. } => {
                            t.agreements.contains(agreement)
                        }
                        _ => false,
                    };
                    if !shown {
                        continue;
                    }
                    let what = c.describe();
                    let _ = writeln!(lines, "  {} {what}", st.date);
                    rows.push(vec![st.date.to_string(), st.event.clone(), what]);
                }
            }
            if !rows.is_empty() {
                let _ = writeln!(text, "\nTimeline `{}` ({}):", t.id, t.kind);
                text.push_str(&lines);
                html.push_str(&format!(
                    "<h3>Timeline: {}</h3><p>{} ({}): phases opened and closed, obligations \
                     waiting on an unverified condition, and breaches, event by event. \
                     <code>entente replay {}</code> gives every change.</p>",
                    svg::escape(&t.name),
                    svg::escape(&t.name),
                    svg::escape(&t.kind),
                    svg::escape(&t.id)
                ));
                html.push_str(&svg::table(&["date", "event", "change"], &rows));
            }
        }
        let p = &replayed.quantities().projections;
        if !p.is_empty() {
            let _ = writeln!(
                text,
                "\nTimeline `{}`: years to take the rest of the territory at a stated rate:",
                t.id
            );
            html.push_str(&format!(
                "<h3>Territory: projections at stated rates (M29), timeline {}</h3><p>Years = \
                 remaining area / rate, from the measured holding and from a rounded share \
                 assumed held; each row names its basis and the source of its rate.</p>",
                svg::escape(&t.name)
            ));
            let mut rows = Vec::new();
            for x in p {
                let _ = writeln!(
                    text,
                    "  {:.1} years ({}; {:.0} km² a year)",
                    x.years, x.basis, x.rate_km2_per_year
                );
                rows.push(vec![
                    format!("{:.1}", x.years),
                    x.basis.clone(),
                    format!("{:.0}", x.remaining_km2),
                    format!("{:.0}", x.rate_km2_per_year),
                    x.rate_source.clone().unwrap_or_default(),
                ]);
            }
            html.push_str(&svg::table(
                &[
                    "years",
                    "basis",
                    "remaining km²",
                    "rate km²/year",
                    "source of the rate",
                ],
                &rows,
            ));
        }
    }
    Some(Section {
        id: "commitments",
        title: "Commitments".into(),
        text,
        html,
    })
}

/// The states' own neutrality (M18) and the agreements signed but not yet in force, with what
/// they wait for: neither binds anyone towards the state, and neither is left out.
fn own_and_pending(cov: &entente_api::coverage::Answer, text: &mut String, html: &mut String) {
    if !cov.own_restraints.is_empty() {
        html.push_str(
            "<h3>Neutrality in the states' own law</h3><p>What a state has written into its own \
             constitution binds its organs, not the state towards others; membership of an \
             alliance breaks it.</p>",
        );
        let rows: Vec<Vec<String>> = cov
            .own_restraints
            .iter()
            .map(|r| {
                vec![
                    r.state.clone(),
                    r.kind.to_string(),
                    format!(
                        "{} {}",
                        r.agreement,
                        r.clause_title.as_deref().unwrap_or(&r.obligation)
                    ),
                    r.legal_form.map(|f| f.to_string()).unwrap_or_default(),
                    r.broken_by.join(" "),
                    r.source.clone().unwrap_or_default(),
                ]
            })
            .collect();
        html.push_str(&svg::table(
            &[
                "state",
                "restraint",
                "text",
                "legal form",
                "broken by",
                "source",
            ],
            &rows,
        ));
        for r in &cov.own_restraints {
            let _ = writeln!(
                text,
                "{} binds itself in its own law: {} ({} {})",
                r.state,
                r.kind,
                r.agreement,
                r.clause_title.as_deref().unwrap_or(&r.obligation)
            );
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for p in &cov.pending {
        if seen.contains(&p.agreement.as_str()) {
            continue;
        }
        seen.push(&p.agreement);
        let _ = writeln!(
            text,
            "Pending, binds no one yet: {} waits for {}",
            p.agreement, p.waits_for
        );
        rows.push(vec![
            p.agreement.clone(),
            p.signed.map(|d| d.to_string()).unwrap_or_default(),
            p.waits_for.clone(),
        ]);
    }
    if !rows.is_empty() {
        html.push_str(
            "<h3>Signed, not in force</h3><p>Agreements signed but not yet in force: their \
             obligations bind no one yet.</p>",
        );
        html.push_str(&svg::table(&["agreement", "signed", "waits for"], &rows));
    }
}

fn colour(strength: Option<Strength>) -> &'static str {
    match strength {
        Some(Strength::Automatic | Strength::AsDeemedNecessary) => "#b42318",
        Some(Strength::Assist) => "#d97706",
        Some(Strength::Supply | Strength::Fund) => "#15803d",
        Some(Strength::Consult) => "#2563eb",
        Some(Strength::Monitor | Strength::Refrain | Strength::Limit) | None => "#6b7280",
    }
}

/// Who is committed to whom: states on a circle; a multilateral commitment is a hub linked to
/// every state it covers, a bilateral one a direct line from guarantor to beneficiary; colour
/// gives the strength.
fn graph(cov: &[StateCoverage]) -> String {
    let states: Vec<&str> = cov.iter().map(|s| s.state.as_str()).collect();
    let n = states.len().max(1) as f64;
    let (cx, cy, r) = (430.0, 430.0, 360.0);
    let pos = |i: usize| {
        let a = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    let index: BTreeMap<&str, usize> = states.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    // Hubs: multilateral agreements; edges: (from point, to point, colour, dashed).
    let mut hubs: BTreeMap<String, (Vec<usize>, &'static str)> = BTreeMap::new();
    let mut direct: BTreeSet<(usize, usize, &'static str)> = BTreeSet::new();
    for s in cov {
        let Some(&to) = index.get(s.state.as_str()) else {
            continue;
        };
        for c in &s.commitments {
            if c.status == "signed" {
                continue;
            }
            let col = colour(c.strength);
            if c.guarantors.len() <= 2 {
                for g in &c.guarantors {
                    if let Some(&from) = index.get(&**g) {
                        direct.insert((from, to, col));
                    }
                }
            } else {
                let h = hubs
                    .entry(format!("{}.{}", c.agreement, c.obligation))
                    .or_insert((Vec::new(), col));
                h.0.push(to);
            }
        }
    }
    // Keep, per agreement, the hub of its strongest obligation only.
    let mut best: BTreeMap<String, (u8, Vec<usize>, &'static str)> = BTreeMap::new();
    for (k, (v, c)) in hubs {
        let (ag, ob) = k.split_once('.').unwrap_or((&k, ""));
        let rank = cov
            .iter()
            .flat_map(|s| &s.commitments)
            .find(|x| x.agreement == ag && x.obligation == ob)
            .map_or(0, |x| strength_rank(x.strength));
        if best.get(ag).is_none_or(|b| rank > b.0) {
            best.insert(ag.to_string(), (rank, v, c));
        }
    }
    let hubs: Vec<(String, Vec<usize>, &str)> =
        best.into_iter().map(|(k, (_, v, c))| (k, v, c)).collect();
    let mut out = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 860 925\" role=\"img\" \
         aria-label=\"Who is committed to whom\">\
         <text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">Who is committed to whom</text>",
    );
    for (k, (name, members, col)) in hubs.iter().enumerate() {
        let (mut hx, mut hy) = (0.0, 0.0);
        for &m in members {
            let (x, y) = pos(m);
            hx += x;
            hy += y;
        }
        let m = members.len().max(1) as f64;
        let (hx, hy) = (
            cx + (hx / m - cx) * 0.45,
            cy + (hy / m - cy) * 0.45 + k as f64 * 14.0,
        );
        for &mm in members {
            let (x, y) = pos(mm);
            let _ = write!(
                out,
                "<line x1=\"{hx:.1}\" y1=\"{hy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{col}\" stroke-opacity=\"0.35\"/>"
            );
        }
        let _ = write!(
            out,
            "<circle cx=\"{hx:.1}\" cy=\"{hy:.1}\" r=\"6\" fill=\"{col}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            hx + 8.0,
            hy + 4.0,
            svg::escape(name)
        );
    }
    for (from, to, col) in &direct {
        let (x1, y1) = pos(*from);
        let (x2, y2) = pos(*to);
        let _ = write!(
            out,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{col}\" stroke-opacity=\"0.6\" stroke-dasharray=\"4 3\"/>"
        );
    }
    for (i, s) in cov.iter().enumerate() {
        let (x, y) = pos(i);
        let fill = if s.grey_zone { "#9ca3af" } else { "#1f2937" };
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x,
            y + if y > cy { 16.0 } else { -8.0 },
            svg::escape(&s.state)
        );
    }
    let legend = [
        ("#b42318", "defend (automatic / as deemed necessary)"),
        ("#d97706", "assist"),
        ("#15803d", "supply / fund"),
        ("#2563eb", "consult"),
    ];
    for (i, (col, label)) in legend.iter().enumerate() {
        // One item a row: a label never runs into the next item.
        let y = 830.0 + i as f64 * 16.0;
        let x = 10.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{col}\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\">{label}</text>",
            x + 16.0,
            y + 10.0
        );
    }
    let _ = write!(
        out,
        "<text x=\"10\" y=\"910\" font-size=\"11\">Hubs: multilateral commitments, linked to every state they cover. Dashed: bilateral, guarantor to beneficiary. Grey dots: states in the grey zone.</text></svg>"
    );
    out
}
