//! Dates as scenarios write them (`RawDate`): `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, read with the
//! `Precision` they were given at; impossible dates (30 February) are refused, never moved. Both
//! the raw format and the model use these, so they depend on neither.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// The day is known.
    #[default]
    Day,
    /// Only the month is known; the date is the 1st.
    Month,
    /// Only the year is known; the date is 1 January.
    Year,
}

/// A date as written: a TOML local date (`2024-03-07`) or a string (`"2024-03-07"`, also
/// `"2024-03"` or `"2024"` for month or year precision). Checked when the scenario is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDate(pub String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(RawDate(s)),
            toml::Value::Datetime(dt) => Ok(RawDate(dt.to_string())),
            toml::Value::Integer(i) => Ok(RawDate(i.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "expected a date such as 2024-03-07, found {}",
                other.type_str()
            ))),
        }
    }
}

impl JsonSchema for RawDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date: YYYY-MM-DD (a TOML local date or a string); \"YYYY-MM\" or \"YYYY\" where only the month or year is known.",
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
        })
    }
}

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
