//! Small, dependency-free SVG and HTML helpers for the report: escaping, tables, and a
//! horizontal bar chart. Charts are plain SVG text so the report stays one self-contained file.

use std::fmt::Write as _;

/// Escape text for HTML and SVG.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML table; cells that parse as numbers are right-aligned.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let num = c.replace([',', '%'], "").trim().parse::<f64>().is_ok();
            // A cell of several lines is a list, one item a line.
            let body = if c.contains('\n') {
                let items: String = c
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| format!("<li>{}</li>", escape(l)))
                    .collect();
                format!("<ul>{items}</ul>")
            } else {
                escape(c)
            };
            let _ = write!(
                out,
                "<td{}>{}</td>",
                if num { " class=\"num\"" } else { "" },
                body
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A horizontal bar chart of labelled non-negative values.
pub fn bar_chart(
    title: &str,
    bars: &[(String, f64)],
    value_label: &dyn Fn(f64) -> String,
) -> String {
    let longest = bars.iter().map(|b| b.0.chars().count()).max().unwrap_or(0) as f64;
    let label_w = (longest * 7.2 + 12.0).max(120.0);
    let width = label_w + 560.0;
    let bar_h = 18.0;
    let gap = 6.0;
    let top = 28.0;
    let height = top + bars.len() as f64 * (bar_h + gap) + 10.0;
    let max = bars
        .iter()
        .map(|b| b.1)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let plot_w = width - label_w - 90.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{t}\">\
<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{t}</text>",
        t = escape(title)
    );
    for (i, (label, v)) in bars.iter().enumerate() {
        let y = top + i as f64 * (bar_h + gap);
        let w = (v.max(0.0) / max) * plot_w;
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"end\">{l}</text>\
<rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"#3b6ea8\"/>\
<text x=\"{vx:.1}\" y=\"{ty}\" font-size=\"12\">{v}</text>",
            lx = label_w - 6.0,
            ty = y + 13.0,
            l = escape(label),
            vx = label_w + w + 4.0,
            v = escape(&value_label(*v)),
        );
    }
    out.push_str("</svg>");
    out
}
