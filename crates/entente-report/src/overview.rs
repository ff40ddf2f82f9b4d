//! The report's overview: what the scenario holds as of the date (institutions and members with
//! every status, agreements by kind and status, zones), from the `show` answer.

use std::fmt::Write as _;

use entente_api::report::Answer;

use crate::{Section, part, svg};

/// The overview section.
pub fn section(a: &Answer) -> Option<Section> {
    let o = match part(&a.overview, "The overview") {
        Ok(o) => o,
        Err((text, html)) => {
            return Some(Section {
                id: "overview",
                title: "Overview (failed)".into(),
                text,
                html,
            });
        }
    };
    let v = &o.show;
    let mut text = String::new();
    let mut html = String::new();
    if let Some(d) = &o.description {
        html.push_str(&format!("<p>{}</p>", svg::escape(d)));
    }
    let c = &o.counts;
    let _ = writeln!(
        text,
        "{}: {} actors, {} zones, {} institutions, {} agreements, {} timelines, as of {}.",
        o.name, c.actors, c.zones, c.institutions, c.agreements, c.timelines, v.as_of
    );
    html.push_str(&format!(
        "<p>{} actors, {} zones, {} institutions, {} agreements, {} timelines.</p><h3>Institutions</h3>",
        c.actors, c.zones, c.institutions, c.agreements, c.timelines
    ));
    let others = |i: &entente_api::show::InstitutionView| {
        let mut v = Vec::new();
        for (what, ids) in [
            ("partners", &i.partners),
            ("suspended", &i.suspended),
            ("opted out", &i.opted_out),
        ] {
            if !ids.is_empty() {
                v.push(format!("{what}: {}", ids.join(" ")));
            }
        }
        v.join("; ")
    };
    let rows: Vec<Vec<String>> = v
        .institutions
        .iter()
        .map(|i| {
            let proposed = i.status == "proposed";
            let _ = writeln!(
                text,
                "  {}{}: {} full members{}",
                i.id,
                if proposed {
                    " (proposed, not established)"
                } else {
                    ""
                },
                i.members,
                match others(i) {
                    s if s.is_empty() => String::new(),
                    s => format!("; {s}"),
                }
            );
            vec![
                i.id.clone(),
                if proposed && !i.name.to_lowercase().contains("propos") {
                    format!("{} (proposed)", i.name)
                } else {
                    i.name.clone()
                },
                if proposed {
                    format!("({} if established)", i.members)
                } else {
                    i.members.to_string()
                },
                i.observers.join(" "),
                i.applicants.join(" "),
                others(i),
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
            "other statuses",
            "decisions",
        ],
        &rows,
    ));
    // A proposed institution does not exist in this world: it is not charted among the bodies
    // that have members.
    let bars: Vec<(String, f64)> = v
        .institutions
        .iter()
        .filter(|i| i.status != "proposed")
        .map(|i| (i.id.clone(), i.members as f64))
        .collect();
    html.push_str(&svg::bar_chart(
        &format!("Full members as of {}", v.as_of),
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
    Some(Section {
        id: "overview",
        title: "Overview".into(),
        text,
        html,
    })
}
