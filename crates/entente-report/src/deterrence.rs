//! The report's "Deterrence" section: the probability of an attack on every state under each
//! architecture, as a table and a dot chart (grey-zone states marked), the Monte Carlo interval,
//! the survival curves of the ceasefires in force, and the figures the model lacks. Also the SVG
//! charts themselves ([`dot_chart`], [`survival_svg`]), which the command line writes to files.

use std::fmt::Write as _;

use entente_api::deter::Answer as Deter;
use entente_api::report::Answer;
use entente_api::types::Survival;

use crate::{Section, part, svg};

const COLOURS: [&str; 8] = [
    "#1b1b1b", "#3b6ea8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d",
];

/// The section, when the scenario has a `[deterrence]` section.
pub fn section(a: &Answer) -> Option<Section> {
    let p = a.deterrence.as_ref()?;
    let (text, html) = match part(p, "Deterrence") {
        Err((t, h)) => (t, h),
        Ok(d) => render(d),
    };
    Some(Section {
        id: "deterrence",
        title: "Deterrence".into(),
        text,
        html,
    })
}

/// `(state, attacker)` rows in the order of the first architecture, grey-zone states marked.
fn rows(d: &Deter) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for id in &d.architectures {
        for s in &d.by_architecture[id].states {
            if !out.iter().any(|r| r.0 == s.state && r.1 == s.attacker) {
                out.push((s.state.clone(), s.attacker.clone(), s.grey_zone));
            }
        }
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Text and HTML of the section.
pub fn render(d: &Deter) -> (String, String) {
    let mut text = String::new();
    let mut html = String::new();
    let rows = rows(d);
    let _ = writeln!(
        text,
        "Probability of an attack (egame12 agent probit; {} Monte Carlo draws, seed {}); * marks a state in the grey zone of the first world.",
        d.draws, d.seed
    );
    let _ = writeln!(text, "state  attacker  {}", d.architectures.join("  "));
    let mut table_rows = Vec::new();
    for (s, att, grey) in &rows {
        let mut cells = vec![format!("{s}{}", if *grey { " *" } else { "" }), att.clone()];
        for id in &d.architectures {
            let x = d.by_architecture[id]
                .states
                .iter()
                .find(|c| &c.state == s && &c.attacker == att);
            cells.push(x.map_or("—".into(), |c| match c.interval {
                Some(i) => format!("{} [{}–{}]", pct(c.p_attack), pct(i.p05), pct(i.p95)),
                None => pct(c.p_attack),
            }));
        }
        let _ = writeln!(text, "{}", cells.join("  "));
        table_rows.push(cells);
    }
    let _ = write!(
        html,
        "<p>For every state and every attacker the scenario names ({}), under each \
         architecture: the probability of an attack — the egame12 crisis game with agent error, \
         the defence's capability counted with each guarantor's chance of fighting (published \
         alliance reliability, adjusted for legal form, strength and forward presence), capabilities \
         discounted by distance with the War Trap gradient — with the 5–95% interval over {} \
         Monte Carlo draws (seed {}). A star marks a state in the grey zone.</p>",
        svg::escape(&d.attackers.join(", ")),
        d.draws,
        d.seed
    );
    let mut header = vec!["state", "attacker"];
    header.extend(d.architectures.iter().map(String::as_str));
    html.push_str(&svg::table(&header, &table_rows));
    html.push_str(&dot_chart(d));
    for id in &d.architectures {
        for c in &d.by_architecture[id].ceasefires {
            let _ = writeln!(
                text,
                "{id}: ceasefire {} — median survival {} (figures assumed: Fortna's were not obtained)",
                c.agreement,
                c.median_years
                    .map_or("never reached".into(), |m| format!("{m:.1} years"))
            );
            let _ = write!(
                html,
                "<h3>Ceasefire in {}: {}</h3>{}",
                svg::escape(id),
                svg::escape(&c.name),
                survival_svg(c)
            );
        }
    }
    if !d.missing.is_empty() {
        html.push_str("<h3>Figures not obtained</h3><ul>");
        for m in &d.missing {
            let _ = writeln!(text, "Missing: {m}");
            let _ = write!(html, "<li>{}</li>", svg::escape(m));
        }
        html.push_str("</ul>");
    }
    (text, html)
}

/// A dot chart: one row per state and attacker, one dot per architecture at its attack
/// probability; grey-zone states are marked with a star and a shaded row.
pub fn dot_chart(d: &Deter) -> String {
    let rows = rows(d);
    let label_w = 110.0;
    let plot_w = 520.0;
    let row_h = 16.0;
    let top = 40.0;
    let legend_h = 18.0 * d.architectures.len() as f64;
    let height = top + rows.len() as f64 * row_h + 30.0 + legend_h;
    let width = label_w + plot_w + 30.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Probability of an attack\">\
<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">Probability of an attack, by state and architecture</text>"
    );
    for k in 0..=10 {
        let x = label_w + plot_w * f64::from(k) / 10.0;
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{y2:.1}\" stroke=\"#ddd\"/>\
<text x=\"{x:.1}\" y=\"{ty}\" font-size=\"10\" text-anchor=\"middle\">{k}0%</text>",
            y2 = top + rows.len() as f64 * row_h,
            ty = top - 6.0
        );
    }
    for (i, (s, att, grey)) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        if *grey {
            let _ = write!(
                out,
                "<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{row_h}\" fill=\"#f3e6c4\"/>"
            );
        }
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ty}\" font-size=\"11\" text-anchor=\"end\">{l}</text>",
            lx = label_w - 6.0,
            ty = y + 12.0,
            l = svg::escape(&format!("{s}{} ← {att}", if *grey { " *" } else { "" }))
        );
        for (k, id) in d.architectures.iter().enumerate() {
            if let Some(c) = d.by_architecture[id]
                .states
                .iter()
                .find(|c| &c.state == s && &c.attacker == att)
            {
                let _ = write!(
                    out,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy}\" r=\"4\" fill=\"{f}\" fill-opacity=\"0.8\"><title>{t}</title></circle>",
                    cx = label_w + plot_w * c.p_attack.clamp(0.0, 1.0),
                    cy = y + 8.0,
                    f = COLOURS[k % COLOURS.len()],
                    t = svg::escape(&format!("{id}: {}", pct(c.p_attack)))
                );
            }
        }
    }
    let ly = top + rows.len() as f64 * row_h + 20.0;
    for (k, id) in d.architectures.iter().enumerate() {
        let y = ly + 18.0 * k as f64;
        let _ = write!(
            out,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"4\" fill=\"{f}\"/><text x=\"{tx}\" y=\"{ty}\" font-size=\"11\">{t}</text>",
            cx = label_w,
            cy = y,
            f = COLOURS[k % COLOURS.len()],
            tx = label_w + 10.0,
            ty = y + 4.0,
            t = svg::escape(id)
        );
    }
    out.push_str("</svg>");
    out
}

/// The survival curve of one ceasefire, years 0–20, as a standalone SVG.
pub fn survival_svg(c: &Survival) -> String {
    let (w, h, l, t) = (560.0, 280.0, 50.0, 46.0);
    let pw = w - l - 20.0;
    let ph = h - t - 40.0;
    let max_t = c.curve.last().map_or(20.0, |p| p.0).max(1.0);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Ceasefire survival\">\
<text x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"bold\">Probability that the ceasefire still holds (assumed figures)</text>\
<text x=\"0\" y=\"33\" font-size=\"12\">{name}</text>\
<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#444\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\" stroke=\"#444\"/>",
        name = svg::escape(&c.name),
        b = t + ph,
        r = l + pw,
    );
    for k in 0..=4 {
        let y = t + ph * (1.0 - f64::from(k) / 4.0);
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{ty:.1}\" font-size=\"10\" text-anchor=\"end\">{v}%</text>",
            x = l - 4.0,
            ty = y + 3.0,
            v = 25 * k
        );
    }
    for yr in [0.0, 5.0, 10.0, 15.0, 20.0] {
        let x = l + pw * yr / max_t;
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{ty}\" font-size=\"10\" text-anchor=\"middle\">{yr} y</text>",
            ty = t + ph + 14.0
        );
    }
    let pts: Vec<String> = c
        .curve
        .iter()
        .map(|(yr, s)| {
            format!(
                "{:.1},{:.1}",
                l + pw * yr / max_t,
                t + ph * (1.0 - s.clamp(0.0, 1.0))
            )
        })
        .collect();
    let _ = write!(
        out,
        "<polyline fill=\"none\" stroke=\"#3b6ea8\" stroke-width=\"2\" points=\"{}\"/>\
<text x=\"{l}\" y=\"{ny}\" font-size=\"10\">Hazard ratio {hr:.2}; Fortna's published coefficients were not obtained: the figures are the analyst's assumptions.</text></svg>",
        pts.join(" "),
        ny = h - 6.0,
        hr = c.hazard_ratio
    );
    out
}
