//! The report's "Settlement" section, from the `negotiate` answer on the plan's settlement: the
//! count of packages and of those every party accepts, the Pareto frontier drawn for the first
//! two parties with the solutions marked, the solutions side by side, what each party gains and
//! trades away at the chosen package, and — when no package is acceptable — the colliding red
//! lines with their sources, the smallest concessions, and the frontier once the first proposed
//! concession is made.

use std::fmt::Write as _;

use entente_api::negotiate::Answer as Negotiated;
use entente_api::report::Answer;
use entente_api::types::Concession;

use crate::{Section, part, svg};

/// The section, if the plan names a settlement.
pub fn section(a: &Answer) -> Option<Section> {
    let p = a.settlement.as_ref()?;
    let mut text = String::new();
    let mut html = String::from(
        "<p>Which packages every party prefers to no deal, which of those are efficient (the \
         Pareto frontier) and which a fair procedure would pick (Nash, Kalai–Smorodinsky, \
         utilitarian, egalitarian; disagreement point: the no-deal values). Preferences are \
         analyst assumptions read from public statements (sources below). Re-run with other \
         numbers: <code>entente negotiate</code>.</p>",
    );
    let n = match part(p, "The settlement") {
        Ok(n) => n,
        Err((t, h)) => {
            return Some(Section {
                id: "settlement",
                title: "Settlement (failed)".into(),
                text: t,
                html: h,
            });
        }
    };
    let _ = writeln!(
        text,
        "{} — {} packages, {} acceptable to every party, frontier {}",
        n.space, n.outcomes, n.acceptable, n.pareto_size
    );
    let _ = write!(
        html,
        "<h3>{}</h3><p>{} packages; <b>{}</b> acceptable to every party ({}); Pareto frontier: {} package(s).</p>",
        svg::escape(&n.space),
        n.outcomes,
        n.acceptable,
        svg::escape(&n.parties.join(", ")),
        n.pareto_size
    );
    if let Some(no) = &n.no_deal {
        if let Some(e) = &n.explanation {
            text.push_str(e);
        }
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
        if let (Some(c), Some(b)) = (&n.first_concession, &n.after_first_concession) {
            let _ = write!(
                html,
                "<h4>If the first concession is made ({})</h4><p>{} packages acceptable; frontier {}.</p>",
                svg::escape(&concession_text(c)),
                b.acceptable,
                b.pareto_size
            );
            let _ = writeln!(
                text,
                "If {}: frontier {}",
                concession_text(c),
                b.pareto_size
            );
            solutions_html(b, &mut html, &mut text);
        }
    } else {
        solutions_html(n, &mut html, &mut text);
    }
    html.push_str("<h4>Sources of the preferences</h4><ul>");
    for (i, party) in n.space_data.parties.iter().enumerate() {
        let _ = write!(
            html,
            "<li><b>{}</b> (no-deal value {}): {}</li>",
            svg::escape(&party.id),
            n.disagreement.get(i).copied().unwrap_or(party.no_deal),
            svg::escape(party.source.as_deref().unwrap_or("no source given"))
        );
    }
    html.push_str("</ul>");
    Some(Section {
        id: "settlement",
        title: "Settlement".into(),
        text,
        html,
    })
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

fn outcome(a: &Negotiated, index: u64) -> String {
    a.labels(index)
        .into_iter()
        .map(|(i, v)| format!("{i}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn solutions_html(a: &Negotiated, html: &mut String, text: &mut String) {
    let sols = [
        ("Nash", &a.nash),
        ("Kalai–Smorodinsky", &a.kalai_smorodinsky),
        ("utilitarian", &a.utilitarian),
        ("egalitarian", &a.egalitarian),
    ];
    let mut header: Vec<String> = vec!["solution".into()];
    header.extend(a.parties.iter().cloned());
    header.push("package".into());
    let mut rows = Vec::new();
    for (name, p) in &sols {
        if let Some(p) = p {
            let mut row = vec![(*name).to_string()];
            row.extend(p.utilities.iter().map(|u| format!("{u:.3}")));
            row.push(outcome(a, p.index));
            let _ = writeln!(text, "  {name:<18} {}", outcome(a, p.index));
            rows.push(row);
        }
    }
    if rows.is_empty() {
        return;
    }
    if a.parties.len() > 2 {
        let _ = write!(
            html,
            "<p><small>The frontier of all {} parties, drawn on the utilities of the first two: \
             points that look dominated here are better for another party.</small></p>",
            a.parties.len()
        );
    }
    html.push_str(&frontier_svg(a));
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    html.push_str(&svg::table(&refs, &rows));
    if let Some(views) = &a.party_views {
        html.push_str("<h4>What each party gets at the chosen package</h4>");
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                let list = |xs: &[entente_api::types::IssueShare]| {
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
fn frontier_svg(a: &Negotiated) -> String {
    if a.parties.len() < 2 {
        return String::new();
    }
    let (w, h, m) = (420.0, 360.0, 48.0);
    let xs: Vec<f64> = a.pareto.iter().map(|p| p.utilities[0]).collect();
    let ys: Vec<f64> = a.pareto.iter().map(|p| p.utilities[1]).collect();
    let d = &a.disagreement;
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
        svg::escape(&a.parties[0])
    );
    let _ = write!(
        out,
        "<text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">utility of {}</text>",
        h / 2.0,
        h / 2.0,
        svg::escape(&a.parties[1])
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
    for (i, (name, p, colour)) in [
        ("Nash", &a.nash, "#c0392b"),
        ("KS", &a.kalai_smorodinsky, "#27ae60"),
        ("utilitarian", &a.utilitarian, "#8e44ad"),
        ("egalitarian", &a.egalitarian, "#d35400"),
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
