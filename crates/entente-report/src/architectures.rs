//! The report's "Architectures compared" section: the scenario as it is and every architecture
//! side by side (M14, M17, M25, M26, M35) — for each world its date, how many states are in the
//! grey zone, the states whose strongest commitment differs from the scenario as it is, each
//! party's red lines and demands kept, broken or unknown (with the clause that decides), whether
//! a ceasefire in force carries both guarantees, and the settlement package it adopts with each
//! party's utility against its no-deal value. A table and two bar charts (grey zone, red lines
//! broken). Everything shown is in the `compare` answer; nothing is computed here.

use std::fmt::Write as _;

use entente_api::compare::Answer as Compare;
use entente_api::report::Answer;

use crate::{Section, part, svg};

/// The section, when the scenario has architectures.
pub fn section(a: &Answer) -> Option<Section> {
    let p = a.architectures.as_ref()?;
    let (text, html) = match part(p, "Architectures compared") {
        Err((t, h)) => (t, h),
        Ok(c) => render(c),
    };
    Some(Section {
        id: "architectures",
        title: "Architectures compared".into(),
        text,
        html,
    })
}

fn count(c: &Compare, id: &str, holds: &str) -> usize {
    c.by_architecture[id]
        .red_lines
        .iter()
        .filter(|r| r.holds == holds)
        .count()
}

/// Text and HTML of the section.
pub fn render(c: &Compare) -> (String, String) {
    let mut text = String::new();
    let mut html = String::new();
    let base = c.architectures.first().map(|id| &c.by_architecture[id]);
    let header = [
        "world",
        "as of",
        "grey zone",
        "coverage differs from the first world",
        "red lines kept / broken / unknown",
        "ceasefire with both guarantees",
    ];
    let mut rows = Vec::new();
    for id in &c.architectures {
        let w = &c.by_architecture[id];
        let differs: Vec<String> = match base {
            Some(b) if b.id != w.id => w
                .coverage
                .iter()
                .filter(|(s, v)| b.coverage.get(*s) != Some(*v))
                .map(|(s, v)| format!("{s}: {v}"))
                .collect(),
            _ => Vec::new(),
        };
        let ceasefire = if w.ceasefires.is_empty() {
            "no ceasefire in force".to_string()
        } else {
            w.ceasefires
                .iter()
                .map(|x| {
                    format!(
                        "{}: {}",
                        x.agreement,
                        if x.both_guaranteed { "yes" } else { "no" }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        rows.push(vec![
            format!("{} — {}", w.id, w.name),
            w.date.to_string(),
            w.grey_zone.len().to_string(),
            if differs.is_empty() {
                "—".into()
            } else {
                differs.join(", ")
            },
            format!(
                "{} / {} / {}",
                count(c, id, "true"),
                count(c, id, "false"),
                count(c, id, "unknown")
            ),
            ceasefire,
        ]);
    }
    let _ = writeln!(
        text,
        "{} worlds: the scenario as it is and each architecture, each at its own date.",
        c.architectures.len()
    );
    for r in &rows {
        let _ = writeln!(
            text,
            "{} (as of {}): grey zone {}; coverage changes: {}; red lines kept/broken/unknown {}; ceasefire: {}",
            r[0], r[1], r[2], r[3], r[4], r[5]
        );
    }
    let _ = write!(
        html,
        "<p>The scenario as it is and every architecture of the scenario, each asked the same \
         questions at its own date (<code>entente compare</code>). The grey zone holds the \
         states no one is bound to defend; a red line is kept, broken or unknown in that \
         world (three-valued: what the world does not record stays unknown).</p>"
    );
    html.push_str(&svg::table(&header, &rows));
    let grey: Vec<(String, f64)> = c
        .architectures
        .iter()
        .map(|id| (id.clone(), c.by_architecture[id].grey_zone.len() as f64))
        .collect();
    html.push_str(&svg::bar_chart(
        "States in the grey zone, by world",
        &grey,
        &|v| format!("{v:.0}"),
    ));
    let broken: Vec<(String, f64)> = c
        .architectures
        .iter()
        .map(|id| (id.clone(), count(c, id, "false") as f64))
        .collect();
    html.push_str(&svg::bar_chart(
        "Red lines and demands broken, by world",
        &broken,
        &|v| format!("{v:.0}"),
    ));
    // Who objects to what: every red line broken, with the clause or change that breaks it.
    let mut broken_rows = Vec::new();
    for id in &c.architectures {
        for r in c.by_architecture[id]
            .red_lines
            .iter()
            .filter(|r| r.holds == "false")
        {
            broken_rows.push(vec![
                id.clone(),
                r.party.clone(),
                format!("{} ({})", r.id, r.kind.replace('_', " ")),
                r.condition.clone(),
                r.because.clone(),
            ]);
            let _ = writeln!(
                text,
                "  {id}: {} `{}` broken — {}",
                r.party, r.id, r.because
            );
        }
    }
    if !broken_rows.is_empty() {
        html.push_str("<h3>Red lines and demands broken</h3>");
        html.push_str(&svg::table(
            &["world", "party", "red line", "over a world", "because"],
            &broken_rows,
        ));
    }
    let mut package_rows = Vec::new();
    for id in &c.architectures {
        for p in &c.by_architecture[id].packages {
            for u in &p.utilities {
                package_rows.push(vec![
                    id.clone(),
                    format!("{}:{} (package {})", p.settlement, p.choice, p.index),
                    u.party.clone(),
                    format!("{:.3}", u.utility),
                    format!("{:.3}", u.no_deal),
                    if u.better_than_no_deal { "yes" } else { "no" }.into(),
                ]);
                let _ = writeln!(
                    text,
                    "  {id}: {} values package {} at {:.3} (no deal {:.3})",
                    u.party, p.index, u.utility, u.no_deal
                );
            }
        }
    }
    if !package_rows.is_empty() {
        html.push_str("<h3>Settlement packages adopted</h3>");
        html.push_str(&svg::table(
            &[
                "world",
                "package",
                "party",
                "utility",
                "no deal",
                "better than no deal",
            ],
            &package_rows,
        ));
    }
    (text, html)
}
