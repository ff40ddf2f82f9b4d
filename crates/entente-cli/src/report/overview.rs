//! The report's overview: what the scenario holds as of the date (institutions and members,
//! agreements by kind and status, zones), built from the same view as `entente show`.

use entente_scenario::Scenario;
use jiff::civil::Date;

use super::{Section, svg};
use crate::cmd::show;

/// The overview section.
pub fn section(s: &Scenario, date: Date) -> anyhow::Result<Option<Section>> {
    let v = show::view(s, date);
    let mut html = String::new();
    if let Some(d) = &s.description {
        html.push_str(&format!("<p>{}</p>", svg::escape(d)));
    }
    html.push_str(&format!(
        "<p>{} actors, {} zones, {} institutions, {} agreements, {} timelines.</p><h3>Institutions</h3>",
        s.actors.len(),
        s.zones.len(),
        s.institutions.len(),
        s.agreements.len(),
        s.timelines.len()
    ));
    let rows: Vec<Vec<String>> = v
        .institutions
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                if i.status == "proposed" && !i.name.to_lowercase().contains("propos") {
                    format!("{} (proposed)", i.name)
                } else {
                    i.name.clone()
                },
                i.members.to_string(),
                i.observers.join(" "),
                i.applicants.join(" "),
                i.decisions
                    .iter()
                    .map(|d| format!("{}: {}", d.id, d.procedure))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    html.push_str(&svg::table(
        &[
            "id",
            "name",
            "members",
            "observers",
            "applicants",
            "decisions",
        ],
        &rows,
    ));
    let bars: Vec<(String, f64)> = v
        .institutions
        .iter()
        .map(|i| (i.id.clone(), i.members as f64))
        .collect();
    html.push_str(&svg::bar_chart(
        &format!("Full members as of {date}"),
        &bars,
        &|x| format!("{x}"),
    ));
    html.push_str("<h3>Agreements by kind and status</h3>");
    let mut rows = Vec::new();
    for (k, m) in &v.agreements_by_kind {
        for (st, n) in m {
            rows.push(vec![k.clone(), st.clone(), n.to_string()]);
        }
    }
    html.push_str(&svg::table(&["kind", "status", "count"], &rows));
    html.push_str("<h3>Zones</h3>");
    let rows: Vec<Vec<String>> = v
        .zones
        .iter()
        .map(|z| {
            vec![
                z.id.clone(),
                z.name.clone(),
                z.kind.clone(),
                z.members.to_string(),
            ]
        })
        .collect();
    html.push_str(&svg::table(&["id", "name", "kind", "states"], &rows));
    Ok(Some(Section {
        id: "overview",
        title: "Overview".into(),
        text: show::render(&v),
        html,
    }))
}
