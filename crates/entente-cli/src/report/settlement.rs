//! The report's "Settlement" section: for every `[settlement.ID]` of the scenario, the count of
//! packages and of those every party accepts, the Pareto frontier drawn for the first two
//! parties with the solutions marked, the solutions side by side, what each party gains and
//! trades away at the Nash package, and — when no package is
//! acceptable — the colliding red lines with their sources, the smallest concessions, and the
//! frontier once the first proposed concession is made.

use std::fmt::Write as _;

use entente_bargain::{Analysis, Concession, Disagreement, Space, analyse, conflict};
use entente_scenario::Scenario;
use jiff::civil::Date;

use super::{Section, svg};
use crate::cmd::negotiate::space_of;

/// This engine's section of the report, if the scenario holds a settlement space.
pub fn section(s: &Scenario, _date: Date) -> anyhow::Result<Option<Section>> {
    let list = &s.settlements;
    if list.is_empty() {
        return Ok(None);
    }
    let mut text = String::new();
    let mut html = String::from(
        "<p>Which packages every party prefers to no deal, which of those are efficient (the \
         Pareto frontier) and which a fair procedure would pick (Nash, Kalai–Smorodinsky, \
         utilitarian, egalitarian; disagreement point: the no-deal values). Preferences are \
         analyst assumptions read from public statements (sources below). Re-run with other \
         numbers: <code>entente negotiate</code>.</p>",
    );
    for st in list {
        let space = space_of(st);
        let a = analyse(&space, Disagreement::NoDeal)
            .map_err(|e| anyhow::anyhow!("settlement `{}`: {e}", st.id))?;
        let _ = writeln!(
            text,
            "{} — {} packages, {} acceptable to every party, frontier {}",
            st.name,
            a.outcomes,
            a.acceptable,
            a.pareto.len()
        );
        let _ = write!(
            html,
            "<h3>{}</h3><p>{} packages; <b>{}</b> acceptable to every party ({}); Pareto frontier: {} package(s).</p>",
            svg::escape(&st.name),
            a.outcomes,
            a.acceptable,
            svg::escape(
                &space
                    .parties
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            a.pareto.len()
        );
        if let Some(no) = &a.no_deal {
            text.push_str(&conflict::render(&space, no));
            html.push_str("<h4>Why no package is acceptable</h4><p>These red lines and no-deal values cannot all hold at once; dropping any one removes the collision.</p>");
            let rows: Vec<Vec<String>> = no
                .collision
                .iter()
                .map(|c| {
                    vec![
                        c.party.clone(),
                        c.id.clone(),
                        c.condition.clone(),
                        c.source.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            html.push_str(&svg::table(
                &["party", "red line", "requires", "source"],
                &rows,
            ));
            html.push_str("<h4>Smallest concessions that open a deal</h4><ul>");
            for c in &no.concessions {
                let _ = write!(html, "<li>{}</li>", svg::escape(&concession_text(c)));
            }
            html.push_str("</ul>");
            if let Some(
                c @ Concession::RelaxRedLines {
                    parties, red_lines, ..
                },
            ) = no.concessions.first()
            {
                let mut relaxed = space.clone();
                for (p, r) in parties.iter().zip(red_lines) {
                    if let Some(party) = relaxed.parties.iter_mut().find(|q| &q.id == p) {
                        party.red_lines.retain(|l| &l.id != r);
                    }
                }
                if let Ok(b) = analyse(&relaxed, Disagreement::NoDeal) {
                    let _ = write!(
                        html,
                        "<h4>If the first concession is made ({})</h4><p>{} packages acceptable; frontier {}.</p>",
                        svg::escape(&concession_text(c)),
                        b.acceptable,
                        b.pareto.len()
                    );
                    let _ = writeln!(
                        text,
                        "If {}: frontier {}",
                        concession_text(c),
                        b.pareto.len()
                    );
                    solutions_html(&relaxed, &b, &mut html, &mut text);
                }
            }
        } else {
            solutions_html(&space, &a, &mut html, &mut text);
        }
        html.push_str("<h4>Sources of the preferences</h4><ul>");
        for p in &st.parties {
            let _ = write!(
                html,
                "<li><b>{}</b> (no-deal value {}): {}</li>",
                svg::escape(&p.actor),
                p.no_deal,
                svg::escape(p.source.as_deref().unwrap_or("no source given"))
            );
        }
        html.push_str("</ul>");
    }
    Ok(Some(Section {
        id: "settlement",
        title: "Settlement".into(),
        text,
        html,
    }))
}

fn concession_text(c: &Concession) -> String {
    match c {
        Concession::RelaxRedLines {
            parties,
            red_lines,
            opens,
        } => {
            let what: Vec<String> = parties
                .iter()
                .zip(red_lines)
                .map(|(p, l)| format!("{p} relaxes `{l}`"))
                .collect();
            format!("{} → {opens} package(s) acceptable", what.join(" and "))
        }
        Concession::LowerNoDeal { party, by, to, .. } => {
            format!("{party} lowers its no-deal value by {by:.3} (to {to:.3})")
        }
    }
}

fn outcome(space: &Space, index: u64) -> String {
    space
        .labels(&space.decode(index))
        .into_iter()
        .map(|(i, v)| format!("{i}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn solutions_html(space: &Space, a: &Analysis, html: &mut String, text: &mut String) {
    let s = &a.solutions;
    let sols = [
        ("Nash", &s.nash),
        ("Kalai–Smorodinsky", &s.kalai_smorodinsky),
        ("utilitarian", &s.utilitarian),
        ("egalitarian", &s.egalitarian),
    ];
    let mut header: Vec<String> = vec!["solution".into()];
    header.extend(space.parties.iter().map(|p| p.id.clone()));
    header.push("package".into());
    let mut rows = Vec::new();
    for (name, p) in &sols {
        if let Some(p) = p {
            let mut row = vec![(*name).to_string()];
            row.extend(p.utilities.iter().map(|u| format!("{u:.3}")));
            row.push(outcome(space, p.index));
            let _ = writeln!(text, "  {name:<18} {}", outcome(space, p.index));
            rows.push(row);
        }
    }
    if rows.is_empty() {
        return;
    }
    if space.parties.len() > 2 {
        let _ = write!(
            html,
            "<p><small>The frontier of all {} parties, drawn on the utilities of the first two: \
             points that look dominated here are better for another party.</small></p>",
            space.parties.len()
        );
    }
    html.push_str(&frontier_svg(space, a));
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    html.push_str(&svg::table(&refs, &rows));
    if let (Some(p), Ok(model)) = (s.nash.as_ref(), entente_bargain::Model::new(space)) {
        html.push_str("<h4>What each party gets at the Nash package</h4>");
        let views = entente_bargain::sensitivity::party_views(space, &model, p.index);
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                let list = |xs: &[entente_bargain::sensitivity::IssueShare]| {
                    xs.iter()
                        .take(3)
                        .map(|x| format!("{} ({})", x.issue, x.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                vec![v.party.clone(), list(&v.gains), list(&v.trades)]
            })
            .collect();
        html.push_str(&svg::table(
            &["party", "gains most on", "trades away"],
            &rows,
        ));
    }
}

/// Scatter plot of the frontier for the first two parties, with the solutions marked.
fn frontier_svg(space: &Space, a: &Analysis) -> String {
    if space.parties.len() < 2 {
        return String::new();
    }
    let (w, h, m) = (420.0, 360.0, 48.0);
    let xs: Vec<f64> = a.pareto.iter().map(|p| p.utilities[0]).collect();
    let ys: Vec<f64> = a.pareto.iter().map(|p| p.utilities[1]).collect();
    let d = &a.solutions.disagreement;
    let pad = |lo: f64, hi: f64| {
        let m = ((hi - lo) * 0.08).max(0.02);
        (lo - m, hi + m)
    };
    let (lo_x, hi_x) = pad(
        xs.iter().copied().fold(d[0], f64::min),
        xs.iter().copied().fold(d[0], f64::max),
    );
    let (lo_y, hi_y) = pad(
        ys.iter().copied().fold(d[1], f64::min),
        ys.iter().copied().fold(d[1], f64::max),
    );
    let px = |x: f64| m + (x - lo_x) / (hi_x - lo_x).max(1e-9) * (w - 2.0 * m);
    let py = |y: f64| h - m - (y - lo_y) / (hi_y - lo_y).max(1e-9) * (h - 2.0 * m);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\">"
    );
    let _ = write!(
        out,
        "<rect x=\"{m}\" y=\"{m}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>",
        w - 2.0 * m,
        h - 2.0 * m
    );
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">utility of {}</text>",
        w / 2.0,
        h - 12.0,
        svg::escape(&space.parties[0].id)
    );
    let _ = write!(
        out,
        "<text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">utility of {}</text>",
        h / 2.0,
        h / 2.0,
        svg::escape(&space.parties[1].id)
    );
    for t in 0..=4 {
        let f = f64::from(t) / 4.0;
        let (vx, vy) = (lo_x + f * (hi_x - lo_x), lo_y + f * (hi_y - lo_y));
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{vx:.2}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\">{vy:.2}</text>",
            px(vx),
            h - m + 12.0,
            m - 4.0,
            py(vy) + 3.0
        );
    }
    for (x, y) in xs.iter().zip(&ys) {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#4a7ab5\"/>",
            px(*x),
            py(*y)
        );
    }
    let _ = write!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"6\" height=\"6\" fill=\"#333\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">no deal</text>",
        px(d[0]) - 3.0,
        py(d[1]) - 3.0,
        px(d[0]) + 6.0,
        py(d[1]) + 12.0
    );
    let s = &a.solutions;
    for (i, (name, p, colour)) in [
        ("Nash", &s.nash, "#c0392b"),
        ("KS", &s.kalai_smorodinsky, "#27ae60"),
        ("utilitarian", &s.utilitarian, "#8e44ad"),
        ("egalitarian", &s.egalitarian, "#d35400"),
    ]
    .iter()
    .enumerate()
    {
        if let Some(p) = p {
            let (x, y) = (px(p.utilities[0]), py(p.utilities[1]));
            let ly = m + 12.0 + 13.0 * i as f64;
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\
                 <circle cx=\"{:.1}\" cy=\"{ly:.1}\" r=\"4\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{colour}\">{name}</text>",
                6.0 + 2.0 * i as f64,
                w - m - 80.0,
                w - m - 72.0,
                ly + 3.0
            );
        }
    }
    out.push_str("</svg>");
    out
}
