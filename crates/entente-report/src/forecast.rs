//! The report's "Forecast" section, from the `forecast` answer on the plan's forecasting case:
//! KTAB's spatial model of politics run to convergence on the actors' stated positions — start
//! and forecast positions per dimension, each actor's final win probability, a chart of the
//! trajectories, who can move the outcome (M13) — with the reminder that the inputs are analyst
//! assumptions and their sources.

use std::fmt::Write as _;

use entente_api::report::Answer;

use crate::trajectories::{Chart, svg as trajectory_svg};
use crate::{Section, part, svg};

/// The section, if the plan names a forecasting case.
pub fn section(a: &Answer) -> Option<Section> {
    let p = a.forecast.as_ref()?;
    let f = match part(p, "The forecast") {
        Ok(f) => f,
        Err((text, html)) => {
            return Some(Section {
                id: "forecast",
                title: "Forecast (failed)".into(),
                text,
                html,
            });
        }
    };
    let case = a.forecast_case.as_ref();
    let name = case.map_or("Forecast", |c| c.name.as_str());
    let mut text = String::new();
    let mut html = String::from(
        "<p>How stated positions could move under bargaining: KTAB's spatial model of politics \
         (default options), run turn by turn until positions settle. Positions are on 0–100 per \
         dimension; the inputs are analyst assumptions read from public statements (sources \
         below), not measurements. Re-run with other numbers: <code>entente forecast</code>.</p>",
    );
    let last = f.turns.len().saturating_sub(1);
    let _ = writeln!(text, "{name} — spatial model, {last} turns");
    let _ = write!(html, "<h3>{}</h3>", svg::escape(name));
    let mut header: Vec<String> = vec!["actor".into()];
    for d in &f.dimensions {
        header.push(format!("{d} start"));
        header.push(format!("{d} forecast"));
    }
    header.push("win probability".into());
    let mut rows = Vec::new();
    for (i, actor) in f.actors.iter().enumerate() {
        let mut row = vec![actor.clone()];
        let _ = write!(text, "  {actor:<5}");
        for (k, d) in f.dimensions.iter().enumerate() {
            let p0 = f.position(0, i).get(k).copied().unwrap_or(f64::NAN);
            let p1 = f.position(last, i).get(k).copied().unwrap_or(f64::NAN);
            row.push(format!("{p0:.1}"));
            row.push(format!("{p1:.1}"));
            let _ = write!(text, "  {d}: {p0:>5.1} → {p1:>5.1}");
        }
        let w = f.win(last, i).unwrap_or(0.0);
        row.push(format!("{w:.3}"));
        let _ = writeln!(text, "  win {w:.3}");
        rows.push(row);
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    html.push_str(&svg::table(&header_refs, &rows));
    let total: f64 = (0..f.actors.len()).filter_map(|i| f.win(last, i)).sum();
    let note = format!(
        "Win probability: KTAB's probability that each actor's own position wins when every \
         position is pitted against the others; it is computed actor by actor, so the column \
         does not add up to 1 (here {total:.2})."
    );
    let _ = writeln!(text, "  {note}");
    let _ = write!(html, "<p class=\"muted\">{}</p>", svg::escape(&note));
    html.push_str(&trajectory_svg(&Chart::from(f)));
    // M13: who can spoil it — how far the most probable outcome moves without each actor.
    if let Some(sp) = &f.spoilers {
        let mut ranked: Vec<(&str, f64)> = sp
            .iter()
            .filter_map(|s| s.shift.map(|d| (s.actor.as_str(), d)))
            .collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
        if !ranked.is_empty() {
            html.push_str(
                "<h4>Who can move the outcome (M13)</h4><p>How far the most probable final \
                 position moves (distance on the 0–100 scale, all dimensions) if each actor stays \
                 out and the others play the game out.</p>",
            );
            let bars: Vec<(String, f64)> =
                ranked.iter().map(|&(a, d)| (a.to_string(), d)).collect();
            html.push_str(&svg::bar_chart(
                "Shift of the outcome without the actor",
                &bars,
                &|x| format!("{x:.1}"),
            ));
            let _ = writeln!(
                text,
                "  without each actor, the most probable outcome moves by: {}",
                ranked
                    .iter()
                    .map(|&(a, d)| format!("{a} {d:.1}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if let Some(case) = case {
        html.push_str("<h4>Dimensions</h4><ul>");
        for d in &case.dimensions {
            let _ = write!(
                html,
                "<li><b>{}</b>: {} — {}{}</li>",
                svg::escape(&d.name),
                svg::escape(d.low.as_deref().unwrap_or("0")),
                svg::escape(d.high.as_deref().unwrap_or("100")),
                d.source
                    .as_deref()
                    .map(|s| format!(" <small>({})</small>", svg::escape(s)))
                    .unwrap_or_default()
            );
        }
        html.push_str("</ul><h4>Sources of the positions</h4><ul>");
        for act in &case.actors {
            let _ = write!(
                html,
                "<li><b>{}</b>: {}</li>",
                svg::escape(&act.actor),
                svg::escape(act.source.as_deref().unwrap_or("no source given"))
            );
        }
        html.push_str("</ul>");
    }
    Some(Section {
        id: "forecast",
        title: "Forecast".into(),
        text,
        html,
    })
}
