//! Reading a member list from CSV text: an `id` column and one column per numeric attribute.
//!
//! A column is numeric when most of its non-empty cells look like numbers (digits, perhaps with a
//! sign, a decimal point or an exponent); every other cell of it must then be a finite number or
//! empty (empty means unknown): `n/a`, `NaN`, `inf` or `1e400` are located errors, never a silent
//! "unknown" and never a text column. Other columns (names, sources, notes) are ignored. Header
//! names must be unique. Errors name the file, line and column and say what to do. The caller
//! reads the file; this module only sees its text.

use entente_rules::{Body, closest};

use crate::{Error, ErrorKind};

fn err(file: &str, line: u64, col: Option<usize>, msg: String) -> Error {
    let place = match col {
        Some(c) => format!("{file}:{line}:{c}"),
        None => format!("{file}:{line}"),
    };
    Error::new(ErrorKind::Members, format!("{place}: {msg}")).at(crate::Place {
        file: file.to_string(),
        line,
        column: col,
    })
}

fn number(cell: &str) -> Option<f64> {
    let t = cell.trim().replace('_', "");
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Whether a cell is written as a number (it parses, and has a digit: `inf` and `NaN` are not
/// numbers written out), even one too large to hold, such as `1e400`.
fn looks_numeric(cell: &str) -> bool {
    let t = cell.trim().replace('_', "");
    t.chars().any(|c| c.is_ascii_digit()) && t.parse::<f64>().is_ok()
}

/// Read a member list. `file` is used in error messages only.
pub fn read_members(content: &str, file: &str) -> Result<Body, Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(content.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| err(file, 1, None, format!("cannot read the header row: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut first_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (c, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(prev) = first_at.insert(h.as_str(), c) {
            return Err(err(
                file,
                1,
                Some(c + 1),
                format!(
                    "duplicate column `{h}` (first in column {}); name every column once",
                    prev + 1
                ),
            ));
        }
    }
    let Some(id_col) = headers.iter().position(|h| h == "id") else {
        let hint = closest("id", headers.iter().map(String::as_str))
            .map(|c| format!(" (did you mean to name the column `{c}` `id`?)"))
            .unwrap_or_default();
        return Err(err(
            file,
            1,
            None,
            format!(
                "no `id` column; the header row must name one column `id` (member ids) and one column per numeric attribute{hint}"
            ),
        ));
    };
    let mut ids: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut lines: Vec<u64> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(
                file,
                line,
                None,
                format!("{e}; every row needs as many cells as the header row"),
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let id = rec.get(id_col).unwrap_or("").to_string();
        if id.is_empty() {
            return Err(err(
                file,
                line,
                Some(id_col + 1),
                "empty id; give every member an id".into(),
            ));
        }
        if let Some(&j) = index.get(&id) {
            return Err(err(
                file,
                line,
                Some(id_col + 1),
                format!(
                    "duplicate id `{id}` (first on line {}); each member appears once",
                    lines[j]
                ),
            ));
        }
        index.insert(id.clone(), ids.len());
        ids.push(id);
        lines.push(line);
        rows.push(rec.iter().map(str::to_string).collect());
    }
    if ids.is_empty() {
        return Err(err(
            file,
            1,
            None,
            "no members: the file has a header row only".into(),
        ));
    }
    let mut body = Body::new(ids);
    for (c, h) in headers.iter().enumerate() {
        if c == id_col || h.is_empty() {
            continue;
        }
        let filled = rows.iter().filter(|r| !r[c].is_empty()).count();
        let numeric = rows.iter().filter(|r| looks_numeric(&r[c])).count();
        if numeric == 0 || 2 * numeric < filled {
            continue; // a text column
        }
        let mut values = Vec::with_capacity(rows.len());
        for (r, line) in rows.iter().zip(&lines) {
            let cell = r[c].as_str();
            if cell.is_empty() {
                values.push(None);
            } else {
                match number(cell) {
                    Some(x) => values.push(Some(x)),
                    None if looks_numeric(cell) => {
                        return Err(err(
                            file,
                            *line,
                            Some(c + 1),
                            format!(
                                "`{cell}` in column `{h}` is too large to hold (beyond about 1.8e308); give the column in larger units (thousands, millions)"
                            ),
                        ));
                    }
                    None => {
                        return Err(err(
                            file,
                            *line,
                            Some(c + 1),
                            format!(
                                "`{cell}` in column `{h}` is not a number; write a plain number such as 1234 or 12.5 (no thousands separators), or leave the cell empty if unknown"
                            ),
                        ));
                    }
                }
            }
        }
        body.set_attribute(h, values);
    }
    Ok(body)
}
