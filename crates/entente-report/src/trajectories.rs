//! Trajectories of a forecast as an SVG line chart, one panel per dimension: what `entente
//! forecast --svg` writes and what the report's Forecast section shows.

use std::fmt::Write as _;

use entente_api::forecast::Answer;
use entente_api::types::McSummary;

use crate::svg::escape;

/// The answer as the table, CSV and chart read it: positions[turn][actor][dimension].
#[derive(Debug, Clone)]
pub struct Chart {
    pub model: String,
    pub dimensions: Vec<String>,
    pub actors: Vec<String>,
    /// positions[turn][actor][dim]
    pub positions: Vec<Vec<Vec<f64>>>,
    /// expected-utility model: mean and median per turn
    pub mean_median: Option<Vec<(f64, f64)>>,
    /// spatial model: win probability per turn and actor
    pub win: Option<Vec<Vec<f64>>>,
    pub monte_carlo: Option<McSummary>,
    pub partial: Option<(usize, usize)>,
    pub range: (f64, f64),
}

impl From<&Answer> for Chart {
    fn from(a: &Answer) -> Self {
        let n = a.actors.len();
        let positions: Vec<Vec<Vec<f64>>> = (0..a.turns.len())
            .map(|t| (0..n).map(|i| a.position(t, i).to_vec()).collect())
            .collect();
        let spatial = a.model == "spatial";
        let range = if spatial {
            (0.0, 100.0)
        } else {
            positions.first().map_or((0.0, 1.0), |p0| {
                p0.iter()
                    .flatten()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                        (l.min(v), h.max(v))
                    })
            })
        };
        Chart {
            model: a.model.clone(),
            dimensions: a.dimensions.clone(),
            actors: a.actors.clone(),
            mean_median: (!spatial).then(|| {
                a.turns
                    .iter()
                    .map(|t| (t.mean.unwrap_or(f64::NAN), t.median.unwrap_or(f64::NAN)))
                    .collect()
            }),
            win: spatial.then(|| {
                (0..a.turns.len())
                    .map(|t| (0..n).map(|i| a.win(t, i).unwrap_or(0.0)).collect())
                    .collect()
            }),
            positions,
            monte_carlo: a.monte_carlo.as_ref().map(|m| m.summary.clone()),
            partial: a
                .monte_carlo
                .as_ref()
                .filter(|m| m.partial)
                .map(|m| (m.summary.runs, m.runs_asked)),
            range,
        }
    }
}

/// Actors beyond the palette's length get dashed lines, so that no two look alike.
fn dash_of(i: usize, colours: usize) -> &'static str {
    match (i / colours) % 3 {
        0 => "",
        1 => r#" stroke-dasharray="6 3""#,
        _ => r#" stroke-dasharray="2 2""#,
    }
}

/// A line chart of trajectories, one panel per dimension, written as SVG text.
pub fn svg(a: &Chart) -> String {
    const PALETTE: [&str; 10] = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf",
    ];
    let (pw, ph, left, top, legend) = (560.0, 220.0, 50.0, 30.0, 170.0);
    let nd = a.dimensions.len();
    let width = left + pw + 20.0 + legend;
    let height = top + nd as f64 * (ph + 50.0) + 10.0;
    let last = (a.positions.len() - 1).max(1) as f64;
    let (mut lo, mut hi) = a.range;
    for turn in &a.positions {
        for p in turn {
            for &v in p {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        s,
        r#"<title>{} model: trajectories</title><rect width="100%" height="100%" fill="white"/>"#,
        a.model
    );
    for (k, dim) in a.dimensions.iter().enumerate() {
        let y0 = top + k as f64 * (ph + 50.0);
        let _ = writeln!(
            s,
            r#"<text x="{left}" y="{}" font-weight="bold">{}</text>"#,
            y0 - 8.0,
            escape(dim)
        );
        let _ = writeln!(
            s,
            r##"<rect x="{left}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>"##
        );
        for g in 0..=4 {
            let v = lo + (hi - lo) * g as f64 / 4.0;
            let y = y0 + ph - ph * g as f64 / 4.0;
            let _ = writeln!(
                s,
                r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end">{v:.1}</text>"##,
                left + pw,
                left - 4.0,
                y + 4.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">turn (0–{})</text>"#,
            left + pw / 2.0,
            y0 + ph + 16.0,
            a.positions.len() - 1
        );
        for (i, name) in a.actors.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let dash = dash_of(i, PALETTE.len());
            let pts: Vec<String> = a
                .positions
                .iter()
                .enumerate()
                .map(|(t, p)| {
                    let x = left + pw * t as f64 / last;
                    let y = y0 + ph - ph * (p[i][k] - lo) / (hi - lo);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline fill="none" stroke="{colour}" stroke-width="1.5"{dash} points="{}"><title>{}</title></polyline>"#,
                pts.join(" "),
                escape(name)
            );
        }
    }
    for (i, name) in a.actors.iter().enumerate().take(40) {
        let colour = PALETTE[i % PALETTE.len()];
        let dash = dash_of(i, PALETTE.len());
        let y = top + 12.0 * i as f64;
        let x = left + pw + 20.0;
        let _ = writeln!(
            s,
            r#"<line x1="{x}" x2="{}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/><text x="{}" y="{}">{}</text>"#,
            x + 14.0,
            x + 18.0,
            y + 4.0,
            escape(name)
        );
    }
    s.push_str("</svg>\n");
    s
}
