//! Dates as scenarios write them: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with the precision they
//! were given at; impossible dates (30 February) are refused, never moved.

use jiff::civil::Date;

use crate::model::Precision;

/// Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_date(s: &str) -> Result<(Date, Precision), (&'static str, String)> {
    let malformed = || ("malformed-date", format!("`{s}` is not a date"));
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<i64> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d, prec) = match parts.as_slice() {
        [y] => (num(y, 4).ok_or_else(malformed)?, 1, 1, Precision::Year),
        [y, m] => (
            num(y, 4).ok_or_else(malformed)?,
            num(m, 2).ok_or_else(malformed)?,
            1,
            Precision::Month,
        ),
        [y, m, d] => (
            num(y, 4).ok_or_else(malformed)?,
            num(m, 2).ok_or_else(malformed)?,
            num(d, 2).ok_or_else(malformed)?,
            Precision::Day,
        ),
        _ => return Err(malformed()),
    };
    if !(1..=12).contains(&m) {
        return Err(("impossible-date", format!("`{s}` has no month {m}")));
    }
    Date::new(y as i16, m as i8, d as i8)
        .map(|date| (date, prec))
        .map_err(|_| {
            (
                "impossible-date",
                format!("`{s}` does not exist: month {m} of {y} has no day {d}"),
            )
        })
}
