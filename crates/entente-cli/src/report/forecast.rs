//! The report's "Forecast" section: for every `[forecast.ID]` case of the scenario, KTAB's
//! spatial model of politics run to convergence on the actors' stated positions — start and
//! forecast positions per dimension, each actor's final win probability, a chart of the
//! trajectories — with the reminder that the inputs are analyst assumptions and their sources.

use std::fmt::Write as _;

use entente_forecast::smp::{SmpOptions, spoilers};
use entente_scenario::Scenario;
use jiff::civil::Date;

use super::{Section, svg};
use crate::cmd::forecast::{scenario_answer, spatial_actors, svg as trajectory_svg};

/// This engine's section of the report, if the scenario holds a forecasting case.
pub fn section(s: &Scenario, _date: Date) -> anyhow::Result<Option<Section>> {
    let cases = &s.forecasts;
    if cases.is_empty() {
        return Ok(None);
    }
    let mut text = String::new();
    let mut html = String::from(
        "<p>How stated positions could move under bargaining: KTAB's spatial model of politics \
         (default options), run turn by turn until positions settle. Positions are on 0–100 per \
         dimension; the inputs are analyst assumptions read from public statements (sources \
         below), not measurements. Re-run with other numbers: <code>entente forecast</code>.</p>",
    );
    for case in cases {
        let a = scenario_answer(case, &SmpOptions::default())
            .map_err(|e| anyhow::anyhow!("forecast `{}`: {e}", case.id))?;
        let last = a.positions.len() - 1;
        let _ = writeln!(text, "{} — spatial model, {last} turns", case.name);
        let _ = write!(html, "<h3>{}</h3>", svg::escape(&case.name));
        let mut header: Vec<String> = vec!["actor".into()];
        for d in &case.dimensions {
            header.push(format!("{} start", d.id));
            header.push(format!("{} forecast", d.id));
        }
        header.push("win probability".into());
        let mut rows = Vec::new();
        for (i, name) in a.actors.iter().enumerate() {
            let mut row = vec![name.clone()];
            let _ = write!(text, "  {name:<5}");
            for k in 0..case.dimensions.len() {
                let (p0, p1) = (a.positions[0][i][k], a.positions[last][i][k]);
                row.push(format!("{p0:.1}"));
                row.push(format!("{p1:.1}"));
                let _ = write!(text, "  {}: {p0:>5.1} → {p1:>5.1}", case.dimensions[k].id);
            }
            let w = a.win.as_ref().map_or(0.0, |w| w[last][i]);
            row.push(format!("{w:.3}"));
            let _ = writeln!(text, "  win {w:.3}");
            rows.push(row);
        }
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        html.push_str(&svg::table(&header_refs, &rows));
        html.push_str(&trajectory_svg(&a));
        // M13: who can spoil it — how far the most probable outcome moves without each actor.
        let actors = spatial_actors(case);
        let shifts = spoilers(&actors, &SmpOptions::default())
            .map_err(|e| anyhow::anyhow!("forecast `{}`: {e}", case.id))?;
        let mut ranked: Vec<(usize, f64)> = shifts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|d| (i, d)))
            .collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
        if !ranked.is_empty() {
            html.push_str(
                "<h4>Who can move the outcome (M13)</h4><p>How far the most probable final \
                 position moves (distance on the 0–100 scale, all dimensions) if each actor stays \
                 out and the others play the game out.</p>",
            );
            let bars: Vec<(String, f64)> = ranked
                .iter()
                .map(|&(i, d)| (a.actors[i].clone(), d))
                .collect();
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
                    .map(|&(i, d)| format!("{} {d:.1}", a.actors[i]))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
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
    Ok(Some(Section {
        id: "forecast",
        title: "Forecast".into(),
        text,
        html,
    }))
}
