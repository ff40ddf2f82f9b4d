//! The report's "Decisions" section: who can block what in each institution (veto players per
//! decision type, M1, M2), a priori voting power in the bodies the plan names (M32), and the
//! replays of every recorded staged procedure such as the Finland and Sweden NATO accessions
//! (M3), each with a chart of the members' ratification dates.

use std::fmt::Write as _;

use entente_api::decide::Answer as Decided;
use entente_api::power::Answer as Powered;
use entente_api::report::{Answer, PowerPart};
use entente_api::types::ProcedureReplay as Replay;
use jiff::civil::Date;

use crate::{Section, part, svg};

/// The section, if the scenario holds anything for it.
pub fn section(a: &Answer) -> Option<Section> {
    let date = a.date;
    let replays: Vec<Result<&Replay, (String, String)>> = a
        .procedures
        .iter()
        .map(|p| match part(p, "A procedure's replay") {
            Ok(Decided::Replay(r)) => Ok(r.as_ref()),
            Ok(Decided::Verdict(_)) => Err((
                "A procedure's replay gave a verdict instead\n".into(),
                "<p class=\"error\">A procedure's replay gave a verdict instead</p>".into(),
            )),
            Err(e) => Err(e),
        })
        .collect();
    if a.blocking.is_empty() && replays.is_empty() && a.power.is_empty() {
        return None;
    }
    let mut text = String::new();
    let mut html = String::new();

    // Who can block what.
    let _ = writeln!(text, "Who can block what, as of {date}:");
    html.push_str(&format!(
        "<h3>Who can block what</h3><p>Members who can block a proposal alone, as of {date}, \
         when nothing is known of anyone's position (exact three-valued evaluation of each \
         decision type's rule over its full members; observers, suspended members and opted-out \
         states never count).</p>"
    ));
    let mut rows = Vec::new();
    for b in &a.blocking {
        let who = if let Some(why) = &b.unavailable {
            format!("cannot be said: {why}")
        } else if b.veto_players.is_empty() {
            "nobody alone".to_string()
        } else if b.veto_players.len() == b.members {
            format!("every member ({})", b.members)
        } else {
            b.veto_players.join(" ")
        };
        let _ = writeln!(
            text,
            "  {}.{} [{}] ({} members): {}",
            b.institution, b.decision, b.rule, b.members, who
        );
        rows.push(vec![
            b.institution.clone(),
            b.decision_name.clone(),
            b.rule.clone(),
            b.members.to_string(),
            who,
            b.source.clone().unwrap_or_default(),
        ]);
    }
    html.push_str(&svg::table(
        &[
            "institution",
            "decision",
            "rule",
            "members",
            "can block alone",
            "source",
        ],
        &rows,
    ));

    // Voting power in the bodies the plan names.
    for p in &a.power {
        let (t, h) = power(p, date);
        text.push_str(&t);
        html.push_str(&h);
    }

    // Staged procedures replayed.
    let ok: Vec<&Replay> = replays
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    for r in &replays {
        if let Err((t, h)) = r {
            text.push_str(t);
            html.push_str(h);
        }
    }
    if !ok.is_empty() {
        html.push_str(
            "<h3>Staged procedures replayed</h3><p>Each recorded procedure replayed over its \
             stages from the scenario's sourced events. <em>Effective</em> is the legal date (the \
             candidate's deposit); ATOP dates alliance entry at the protocol's signature instead.</p>",
        );
        let _ = writeln!(text, "Staged procedures replayed:");
        let mut rows = Vec::new();
        for r in &ok {
            let signed = stage_date(r, "act");
            let last = last_member(r);
            let _ = writeln!(
                text,
                "  {} {} of {}: signed {}, last member {} on {}, effective {} (ATOP-style {})",
                r.institution,
                r.decision,
                r.subject,
                show(signed),
                last.as_ref().map_or("-", |l| l.0.as_str()),
                show(last.as_ref().map(|l| l.1)),
                show(r.effective),
                show(r.effective_signature),
            );
            rows.push(vec![
                format!("{} → {}", r.subject, r.institution),
                show(stage_date(r, "vote")),
                show(signed),
                last.as_ref()
                    .map_or("-".into(), |l| format!("{} ({})", l.0, l.1)),
                show(r.effective),
                show(r.effective_signature),
                match (signed, r.effective) {
                    (Some(a), Some(b)) => (days(b) - days(a)).to_string(),
                    _ => "-".into(),
                },
            ]);
        }
        html.push_str(&svg::table(
            &[
                "procedure",
                "invitation",
                "protocol signed",
                "last member done",
                "effective (deposit)",
                "ATOP-style (signature)",
                "days signature→effective",
            ],
            &rows,
        ));
        for r in &ok {
            html.push_str(&chart(r));
            for n in &r.notes {
                html.push_str(&format!("<p class=\"muted\">{}</p>", svg::escape(n)));
            }
        }
    }
    html.push_str(
        "<p class=\"muted\">Ask any proposal with <code>entente decide</code>; replay a procedure \
         on any date with <code>entente decide --institution ID --decision ID --subject ID \
         --as-of DATE</code>.</p>",
    );
    Some(Section {
        id: "decisions",
        title: "Decisions".to_string(),
        text,
        html,
    })
}

/// A priori power in one body: the six most powerful members in text, every member charted.
fn power(p: &PowerPart, date: Date) -> (String, String) {
    let what = format!(
        "Power in the {} under {}",
        p.institution_name, p.decision_name
    );
    let a = match part(&p.answer, &what) {
        Ok(Powered::One(a)) => a,
        Ok(Powered::Compare(_)) => return (String::new(), String::new()),
        Err(e) => return e,
    };
    // Estimates carry their 95 % half-widths (Monte Carlo), shown as ±; exact values have none.
    let pm = |h: Option<f64>| h.map_or(String::new(), |h| format!(" ± {:.2}%", h * 100.0));
    let mut rows: Vec<(String, f64, f64, String, String)> = a
        .members
        .iter()
        .map(|m| {
            (
                m.id.clone(),
                m.banzhaf.flatten().unwrap_or(0.0),
                m.shapley_shubik.flatten().unwrap_or(0.0),
                pm(m.banzhaf_half_width),
                pm(m.shapley_shubik_half_width),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut text = format!(
        "{what} [{}], as of {date} ({}):\n",
        a.rule, a.method_description
    );
    for (id, bz, ss, bh, sh) in rows.iter().take(6) {
        let _ = writeln!(
            text,
            "  {id}: Banzhaf {:.2}%{bh}, Shapley–Shubik {:.2}%{sh}",
            bz * 100.0,
            ss * 100.0
        );
    }
    let mut html = format!(
        "<h3>Power in the {inst}: {dec}</h3><p>Rule <code>{}</code> over the {} members on {date}{}; \
         a priori indices from <code>entente power</code>, {}.</p>",
        svg::escape(&a.rule),
        a.members.len(),
        p.source
            .as_ref()
            .map_or(String::new(), |s| format!(" ({})", svg::escape(s))),
        svg::escape(&a.method_description),
        inst = svg::escape(&p.institution_name),
        dec = svg::escape(&p.decision_name),
    );
    let bars: Vec<(String, f64)> = rows.iter().map(|r| (r.0.clone(), r.1)).collect();
    html.push_str(&svg::bar_chart(
        &format!("Normalised Banzhaf index, {} {}", p.institution, p.decision),
        &bars,
        &|v| format!("{:.2}%", v * 100.0),
    ));
    html.push_str(&svg::table(
        &["member", "Banzhaf (normalised)", "Shapley–Shubik"],
        &rows
            .iter()
            .map(|(id, b, s, bh, sh)| {
                vec![
                    id.clone(),
                    format!("{:.3}%{bh}", b * 100.0),
                    format!("{:.3}%{sh}", s * 100.0),
                ]
            })
            .collect::<Vec<_>>(),
    ));
    (text, html)
}

fn show(d: Option<Date>) -> String {
    d.map_or("-".to_string(), |d| d.to_string())
}

/// Days since 1970-01-01 (proleptic Gregorian), for chart positions.
fn days(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn stage_date(r: &Replay, kind: &str) -> Option<Date> {
    r.stages
        .iter()
        .find(|s| s.kind == kind)
        .and_then(|s| s.completed)
}

fn last_member(r: &Replay) -> Option<(String, Date)> {
    r.stages
        .iter()
        .flat_map(|s| &s.members)
        .filter_map(|m| m.complete.map(|d| (m.id.clone(), d)))
        .max_by_key(|(id, d)| (*d, id.clone()))
}

/// A timeline chart: one row per member, a bar from the protocol's signature to the day its
/// national procedure was complete, and vertical marks for the signature and the effective date.
fn chart(r: &Replay) -> String {
    let mut members: Vec<(String, Option<Date>)> = r
        .stages
        .iter()
        .flat_map(|s| &s.members)
        .map(|m| (m.id.clone(), m.complete))
        .collect();
    if members.is_empty() {
        return String::new();
    }
    members.sort_by_key(|(id, d)| (d.is_none(), *d, id.clone()));
    let start = stage_date(r, "act")
        .or_else(|| members.iter().filter_map(|m| m.1).min())
        .unwrap_or(r.as_of);
    let end = r
        .effective
        .or_else(|| members.iter().filter_map(|m| m.1).max())
        .unwrap_or(r.as_of)
        .max(start);
    let (x0, x1) = (days(start), days(end).max(days(start) + 1));
    let (width, label_w, row_h, top) = (760.0, 60.0, 13.0, 40.0);
    let plot_w = width - label_w - 20.0;
    let x = |d: Date| label_w + (days(d) - x0) as f64 / (x1 - x0) as f64 * plot_w;
    let height = top + members.len() as f64 * row_h + 34.0;
    let title = format!(
        "{} → {}: members' ratifications, {} to {}",
        r.subject,
        r.institution,
        start,
        show(r.effective)
    );
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{t}\">\
<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{t}</text>",
        t = svg::escape(&title)
    );
    for (i, (id, done)) in members.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ty:.1}\" font-size=\"10\" text-anchor=\"end\">{id}</text>",
            lx = label_w - 6.0,
            ty = y + 9.0,
            id = svg::escape(id)
        );
        match done {
            Some(d) => {
                let w = (x(*d) - label_w).max(1.5);
                let _ = write!(
                    out,
                    "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#3b6ea8\"><title>{id}: {d}</title></rect>",
                    h = row_h - 3.0,
                    id = svg::escape(id)
                );
                // The date beside the bar, or inside it near its end when the bar is long.
                let end = label_w + w;
                let (tx, anchor, fill) = if end > width - 90.0 {
                    (end - 4.0, "end", "#ffffff")
                } else {
                    (end + 4.0, "start", "#57606a")
                };
                let _ = write!(
                    out,
                    "<text x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"8\" fill=\"{fill}\" text-anchor=\"{anchor}\">{d}</text>",
                    ty = y + 8.5
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#d0d7de\"><title>{id}: outstanding on {as_of}</title></rect>",
                    w = plot_w,
                    h = row_h - 3.0,
                    as_of = r.as_of,
                    id = svg::escape(id)
                );
            }
        }
    }
    let base = top + members.len() as f64 * row_h + 4.0;
    for (d, label, colour) in [
        (Some(start), format!("signed {start}"), "#57606a"),
        (
            r.effective,
            format!("effective {}", show(r.effective)),
            "#b42318",
        ),
    ] {
        if let Some(d) = d {
            let _ = write!(
                out,
                "<line x1=\"{xx:.1}\" y1=\"{top0}\" x2=\"{xx:.1}\" y2=\"{base:.1}\" stroke=\"{colour}\" stroke-dasharray=\"3,2\"/>\
<text x=\"{xx:.1}\" y=\"{ty:.1}\" font-size=\"10\" fill=\"{colour}\" text-anchor=\"{anchor}\">{l}</text>",
                xx = x(d),
                top0 = top - 6.0,
                ty = base + 14.0,
                anchor = if x(d) > width / 2.0 { "end" } else { "start" },
                l = svg::escape(&label)
            );
        }
    }
    out.push_str("</svg>");
    out
}
