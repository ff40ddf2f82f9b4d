//! The data reader: a CSV table given as text (and a file name for messages) becomes a
//! [`Frame`] of named columns, each numeric or text, with missing values kept as `None`. A cell
//! that is empty or `NA` is missing; a column is numeric when every cell that is not missing
//! reads as a number, as R's `read.csv` decides. Every problem is located by line and column name.

use crate::error::{Error, ErrorKind};

/// The most cells (rows × columns) a table may hold.
pub const MAX_CELLS: usize = 50_000_000;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Numbers (`None`: missing).
    Number(Vec<Option<f64>>),
    /// Text, read as a factor by the formula (`None`: missing).
    Text(Vec<Option<String>>),
}

impl Values {
    /// Whether row `i` is missing.
    pub fn is_missing(&self, i: usize) -> bool {
        match self {
            Values::Number(v) => v[i].is_none(),
            Values::Text(v) => v[i].is_none(),
        }
    }
}

/// One named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header.
    pub name: String,
    /// The cells.
    pub values: Values,
}

/// A table read from a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The file's name, for messages.
    pub file: String,
    /// The columns, in the file's order.
    pub columns: Vec<Column>,
    /// The line of the file each row starts on (1-based).
    pub lines: Vec<usize>,
}

impl Frame {
    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

fn missing(cell: &str) -> bool {
    let t = cell.trim();
    t.is_empty() || t == "NA"
}

/// Read a CSV table (header line first, comma-separated, double quotes) from `text`; `file`
/// names it in messages.
pub fn read_csv(file: &str, text: &str) -> Result<Frame, Error> {
    let fail = |line: usize, msg: String| Error::new(ErrorKind::Csv, msg).in_file(file).at(line);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(fail(1, "the file is empty".into())
                .with_hint("the first line names the columns, e.g. esc,war,balanc"));
        }
        Some(Err(e)) => return Err(fail(csv_line(&e), format!("unreadable header: {e}"))),
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header
        .iter()
        .map(|s| s.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    for (k, n) in names.iter().enumerate() {
        if n.is_empty() {
            return Err(fail(1, format!("column {} has no name", k + 1))
                .with_hint("give every column a header"));
        }
        if names[..k].contains(n) {
            return Err(fail(1, format!("the column name `{n}` appears twice"))
                .with_hint("give every column a distinct header"));
        }
    }
    let mut rows: Vec<csv::StringRecord> = Vec::new();
    let mut lines = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| fail(csv_line(&e), format!("unreadable line: {e}")))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.len() == 1 && rec.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if rec.len() != names.len() {
            return Err(fail(
                line,
                format!(
                    "{} fields where the header names {} columns",
                    rec.len(),
                    names.len()
                ),
            )
            .with_hint("every line needs one field per column; quote fields holding commas"));
        }
        if (rows.len() + 1).saturating_mul(names.len()) > MAX_CELLS {
            return Err(fail(line, format!("more than {MAX_CELLS} cells")));
        }
        rows.push(rec);
        lines.push(line);
    }
    let mut columns = Vec::with_capacity(names.len());
    for (k, name) in names.into_iter().enumerate() {
        let cell = |i: usize| rows[i].get(k).unwrap_or("");
        // Numeric when every cell that is not missing reads as a number.
        let mut numbers = Vec::with_capacity(rows.len());
        let mut numeric = true;
        for i in 0..rows.len() {
            let c = cell(i);
            if missing(c) {
                numbers.push(None);
            } else if let Ok(x) = c.trim().parse::<f64>() {
                numbers.push(Some(x));
            } else {
                numeric = false;
                break;
            }
        }
        let values = if numeric {
            if let Some(i) = numbers
                .iter()
                .position(|x| x.is_some_and(|x| !x.is_finite()))
            {
                return Err(fail(
                    lines[i],
                    format!(
                        "column `{name}`: {:?} is not a finite number",
                        cell(i).trim()
                    ),
                )
                .with_hint("write a missing value as NA or leave the cell empty"));
            }
            Values::Number(numbers)
        } else {
            Values::Text(
                (0..rows.len())
                    .map(|i| {
                        let c = cell(i);
                        if missing(c) {
                            None
                        } else {
                            Some(c.to_string())
                        }
                    })
                    .collect(),
            )
        };
        columns.push(Column { name, values });
    }
    Ok(Frame {
        file: file.to_string(),
        columns,
        lines,
    })
}

fn csv_line(e: &csv::Error) -> usize {
    e.position().map_or(0, |p| p.line() as usize)
}
