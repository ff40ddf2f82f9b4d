//! Sharded sweeps: one Monte Carlo split over processes or machines and put back together
//! exactly. A sweep is any seeded Monte Carlo whose unit `i` (a run, or a chunk of samples)
//! draws only from the pair (seed, i): [`Sweep`] says how many units a query makes and computes
//! a range of them. Shard `K/N` computes the units `[(K-1)·U/N, K·U/N)` of the `U` units, so a
//! unit's value never depends on `N`; it is written as JSON lines ([`ShardResult::to_jsonl`]):
//! a [`Header`] (question, query, shard, unit count) and then one line per unit in order.
//! [`merge`] reads the `N` files, checks that they belong to one query and cover every unit
//! once, and hands the units in order to the question, which summarises them exactly as one
//! unsharded run does: the merged answer has the same bytes as the unsharded one.
//!
//! Questions that shard: `forecast` (Monte Carlo runs; unit = one run's final positions),
//! `power` (sampled; unit = the integer tallies of one chunk of samples) and `deter` (Monte
//! Carlo draws; unit = one draw's probability of an attack and of the guarantors fighting, for
//! every case).

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Session, deter, forecast, power};

/// The version of the shard file format, written in every header.
pub const FORMAT: u32 = 1;

/// The questions a shard can be asked of.
pub const SHARDED: &[&str] = &["forecast", "power", "deter"];

/// The most shards a sweep may be split into.
pub const MAX_SHARDS: usize = 100_000;

/// Shard `index` of `count` (1-based: `1/N` … `N/N`), written `K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K, from 1 to `count`.
    pub index: usize,
    /// N, the number of shards.
    pub count: usize,
}

impl Shard {
    /// Read `K/N` (1 ≤ K ≤ N ≤ [`MAX_SHARDS`]).
    pub fn parse(text: &str) -> Result<Shard, ApiError> {
        let bad = |why: &str| {
            ApiError::usage("bad-shard", format!("shard `{text}`: {why}"))
                .with_hint("write K/N with 1 ≤ K ≤ N, e.g. 2/7 for the second of seven shards")
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let k: usize = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if n == 0 || n > MAX_SHARDS {
            return Err(bad(&format!("N must be from 1 to {MAX_SHARDS}")));
        }
        if k == 0 || k > n {
            return Err(bad("K must be from 1 to N"));
        }
        Ok(Shard { index: k, count: n })
    }

    /// The units of `units` this shard computes: `[(K-1)·U/N, K·U/N)`.
    pub fn range(&self, units: usize) -> Range<usize> {
        let at = |k: usize| ((units as u128 * k as u128) / self.count as u128) as usize;
        at(self.index - 1)..at(self.index)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Serialize for Shard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Shard {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Shard, D::Error> {
        let text = String::deserialize(d)?;
        Shard::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl JsonSchema for Shard {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Shard".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+/[0-9]+$",
            "description": "Shard K of N (1-based), written K/N."
        })
    }
}

/// A seeded Monte Carlo split into units: unit `i` draws only from (seed, `i`), so any range of
/// units can be computed anywhere, and the units in order determine the answer. A new Monte
/// Carlo question adopts sharding by implementing this for its prepared query and adding a
/// merge arm (see [`merge`]).
pub trait Sweep {
    /// What one unit leaves behind (exactly serialisable: integers, or floats, which JSON
    /// carries shortest-round-trip).
    type Unit: Serialize + serde::de::DeserializeOwned + Send;
    /// How many units the query makes.
    fn units(&self) -> usize;
    /// Units `range`, in order.
    fn run(&self, range: Range<usize>) -> Result<Vec<Self::Unit>, ApiError>;
}

/// The first line of a shard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The shard format's version ([`FORMAT`]).
    pub entente_shard: u32,
    /// The question.
    pub question: String,
    /// Which shard this is.
    pub shard: Shard,
    /// How many units the whole sweep makes.
    pub units: usize,
    /// The units this shard holds, `[start, end)`.
    pub range: (usize, usize),
    /// The query, without its `shard` (with its `architecture`, if any).
    pub query: serde_json::Value,
}

/// One unit's line of a shard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitLine<U> {
    /// The unit's global index.
    pub unit: usize,
    /// What it left behind.
    pub value: U,
}

/// A shard's result: its header and its units' lines.
#[derive(Debug, Clone)]
pub struct ShardResult {
    /// The header.
    pub header: Header,
    /// One JSON value per unit, in order (each a [`UnitLine`]).
    pub lines: Vec<serde_json::Value>,
}

impl ShardResult {
    /// The JSON lines of the shard file (each line ends with a newline).
    pub fn to_jsonl(&self) -> String {
        let mut out = serde_json::to_string(&self.header).unwrap_or_default();
        out.push('\n');
        for l in &self.lines {
            out.push_str(&l.to_string());
            out.push('\n');
        }
        out
    }
}

/// Run shard `shard` of a sweep; `question` and `query` go into the header.
pub fn run_shard<S: Sweep>(
    sweep: &S,
    question: &str,
    query: serde_json::Value,
    shard: Shard,
) -> Result<ShardResult, ApiError> {
    let units = sweep.units();
    let range = shard.range(units);
    let values = sweep.run(range.clone())?;
    let lines = range
        .clone()
        .zip(values)
        .map(|(unit, value)| {
            serde_json::to_value(UnitLine { unit, value }).map_err(|e| {
                ApiError::unsupported("unit-not-json", format!("a unit has no JSON form: {e}"))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(ShardResult {
        header: Header {
            entente_shard: FORMAT,
            question: question.to_string(),
            shard,
            units,
            range: (range.start, range.end),
            query,
        },
        lines,
    })
}

/// Split a query given as JSON into its shard, its world and the rest.
fn split_query(
    session: &Session,
    mut query: serde_json::Value,
) -> Result<(Option<Shard>, Option<Session>, serde_json::Value), ApiError> {
    let Some(map) = query.as_object_mut() else {
        return Err(ApiError::usage(
            "bad-query",
            "the query must be a JSON object",
        ));
    };
    let shard = match map.remove("shard") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(Shard::parse(&s)?),
        Some(other) => {
            return Err(ApiError::usage(
                "bad-shard",
                format!("`shard` must be a string K/N, not {other}"),
            ));
        }
    };
    let world = match map.get("architecture") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(id)) => Some(session.world(id)?),
        Some(other) => {
            return Err(ApiError::usage(
                "bad-query",
                format!("`architecture` must be an architecture id, not {other}"),
            ));
        }
    };
    Ok((shard, world, query))
}

fn typed<Q: serde::de::DeserializeOwned>(query: &serde_json::Value) -> Result<Q, ApiError> {
    let mut q = query.clone();
    if let Some(m) = q.as_object_mut() {
        m.remove("architecture");
    }
    serde_json::from_value(q).map_err(|e| {
        ApiError::usage("bad-query", format!("the query is not understood: {e}"))
            .with_hint("see the JSON Schema of the question's Query")
    })
}

/// Run one shard of the question `name`, with the query as JSON (it must hold `"shard": "K/N"`,
/// and may hold `"architecture"`).
pub fn shard(
    session: &Session,
    name: &str,
    query: serde_json::Value,
) -> Result<ShardResult, ApiError> {
    let (shard, world, query) = split_query(session, query)?;
    let shard = shard.ok_or_else(|| {
        ApiError::usage("no-shard", "a shard needs `shard`: K/N")
            .with_hint("e.g. \"shard\": \"1/4\"")
    })?;
    let session = world.as_ref().unwrap_or(session);
    let architecture = query.get("architecture").cloned();
    match name {
        "forecast" => {
            let q: forecast::Query = typed(&query)?;
            let header = normal(&q, architecture)?;
            run_shard(&forecast::sweep(session, &q)?, name, header, shard)
        }
        "power" => {
            let q: power::Query = typed(&query)?;
            let header = normal(&q, architecture)?;
            run_shard(&power::sweep(session, &q)?, name, header, shard)
        }
        "deter" => {
            let q: deter::Query = typed(&query)?;
            let header = normal(&q, architecture)?;
            run_shard(&deter::sweep(session, &q)?, name, header, shard)
        }
        other => Err(not_sharded(other)),
    }
}

/// The query as the header keeps it: every field written out (so that shards made by
/// different front ends compare equal), with the architecture.
fn normal<Q: Serialize>(
    q: &Q,
    architecture: Option<serde_json::Value>,
) -> Result<serde_json::Value, ApiError> {
    let mut v = serde_json::to_value(q).map_err(|e| {
        ApiError::unsupported("query-not-json", format!("the query has no JSON form: {e}"))
    })?;
    if let (Some(m), Some(a)) = (v.as_object_mut(), architecture) {
        if !a.is_null() {
            m.insert("architecture".into(), a);
        }
    }
    Ok(v)
}

fn not_sharded(name: &str) -> ApiError {
    ApiError::usage(
        "not-sharded",
        format!("the question `{name}` does not split into shards"),
    )
    .with_hint(format!("shards are made by: {}", SHARDED.join(", ")))
}

/// A shard file read back: its header and its units' lines.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The file's name, for messages.
    pub name: String,
    /// The header.
    pub header: Header,
    /// (line number, line) of every unit.
    pub lines: Vec<(usize, serde_json::Value)>,
}

fn located(name: &str, line: usize, message: String) -> ApiError {
    let mut e = ApiError::input("bad-shard-file", format!("{name}:{line}: {message}"))
        .with_hint("give the files that `--shard K/N` wrote, unchanged");
    e.diagnostics.push(crate::ApiDiagnostic {
        severity: "error".into(),
        code: "bad-shard-file".into(),
        file: name.into(),
        line,
        column: 0,
        message,
        expected: None,
        hint: None,
    });
    e
}

/// Read one shard file (JSON lines).
pub fn parse(name: &str, text: &str) -> Result<Parsed, ApiError> {
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (i, first) = rows.next().ok_or_else(|| {
        located(
            name,
            1,
            "the file is empty: a shard file starts with its header".into(),
        )
    })?;
    let header: Header = serde_json::from_str(first).map_err(|e| {
        located(
            name,
            i + 1,
            format!("the first line is not a shard header: {e}"),
        )
    })?;
    if header.entente_shard != FORMAT {
        return Err(located(
            name,
            i + 1,
            format!(
                "shard format {} is not known here (this version reads {FORMAT})",
                header.entente_shard
            ),
        ));
    }
    let lines = rows
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map(|v| (i + 1, v))
                .map_err(|e| located(name, i + 1, format!("not a JSON line: {e}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(Parsed {
        name: name.to_string(),
        header,
        lines,
    })
}

/// The units of every shard, in global order, after checking that the shards are those of one
/// sweep (same question, query, unit count and N) and hold every unit exactly once.
pub fn gather<U: serde::de::DeserializeOwned>(shards: &[Parsed]) -> Result<Vec<U>, ApiError> {
    let first = shards
        .first()
        .ok_or_else(|| ApiError::usage("no-shards", "no shard files to merge"))?;
    let h0 = &first.header;
    let mut seen = vec![None::<&str>; h0.shard.count];
    for p in shards {
        let h = &p.header;
        let differs = |what: &str| {
            located(
                &p.name,
                1,
                format!(
                    "this shard's {what} differs from {}'s: the files are not shards of one sweep",
                    first.name
                ),
            )
        };
        if h.question != h0.question {
            return Err(differs("question"));
        }
        if h.query != h0.query {
            return Err(differs("query"));
        }
        if h.units != h0.units || h.shard.count != h0.shard.count {
            return Err(differs("number of units or of shards"));
        }
        if let Some(other) = seen[h.shard.index - 1].replace(&p.name) {
            return Err(located(
                &p.name,
                1,
                format!("shard {} is given twice (also {other})", h.shard),
            ));
        }
        let expect = h.shard.range(h.units);
        if (h.range.0, h.range.1) != (expect.start, expect.end) || p.lines.len() != expect.len() {
            return Err(located(
                &p.name,
                1,
                format!(
                    "shard {} of {} units must hold units {}..{} ({} lines), it holds {}",
                    h.shard,
                    h.units,
                    expect.start,
                    expect.end,
                    expect.len(),
                    p.lines.len()
                ),
            ));
        }
    }
    if let Some(k) = seen.iter().position(Option::is_none) {
        return Err(ApiError::usage(
            "missing-shard",
            format!(
                "shard {}/{} is missing: merging needs all {} shards",
                k + 1,
                h0.shard.count,
                h0.shard.count
            ),
        )
        .with_hint("give every file the sweep's shards wrote"));
    }
    let mut ordered: Vec<&Parsed> = shards.iter().collect();
    ordered.sort_by_key(|p| p.header.shard.index);
    let mut out = Vec::with_capacity(h0.units);
    for p in ordered {
        for (line, v) in &p.lines {
            let u: UnitLine<U> = serde_json::from_value(v.clone()).map_err(|e| {
                located(&p.name, *line, format!("not a unit of this question: {e}"))
            })?;
            if u.unit != out.len() {
                return Err(located(
                    &p.name,
                    *line,
                    format!("unit {} where unit {} was expected", u.unit, out.len()),
                ));
            }
            out.push(u.value);
        }
    }
    Ok(out)
}

/// A merged answer: the question's own `Answer`, serialised exactly as it is when unsharded.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Merged {
    /// `forecast`.
    Forecast(Box<forecast::Answer>),
    /// `power`.
    Power(Box<power::Answer>),
    /// `deter`.
    Deter(Box<deter::Answer>),
}

impl Merged {
    /// The question's name.
    pub fn question(&self) -> &'static str {
        match self {
            Merged::Forecast(_) => "forecast",
            Merged::Power(_) => "power",
            Merged::Deter(_) => "deter",
        }
    }
}

/// Merge shard files, given as (name, text), into the answer of the whole sweep. The session
/// is the scenario the shards were run on (the query's architecture is applied to it again).
pub fn merge(session: &Session, files: &[(String, String)]) -> Result<Merged, ApiError> {
    let shards = files
        .iter()
        .map(|(n, t)| parse(n, t))
        .collect::<Result<Vec<_>, _>>()?;
    let first = shards
        .first()
        .ok_or_else(|| ApiError::usage("no-shards", "no shard files to merge"))?;
    let question = first.header.question.clone();
    let (_, world, query) = split_query(session, first.header.query.clone())?;
    let session = world.as_ref().unwrap_or(session);
    match question.as_str() {
        "forecast" => {
            let q: forecast::Query = typed(&query)?;
            let sweep = forecast::sweep(session, &q)?;
            let units = gather(&shards)?;
            check_units(&shards, sweep.units())?;
            Ok(Merged::Forecast(Box::new(forecast::merged(
                session, &q, units,
            )?)))
        }
        "power" => {
            let q: power::Query = typed(&query)?;
            let sweep = power::sweep(session, &q)?;
            let units = gather(&shards)?;
            check_units(&shards, sweep.units())?;
            Ok(Merged::Power(Box::new(power::merged(session, &q, units)?)))
        }
        "deter" => {
            let q: deter::Query = typed(&query)?;
            let sweep = deter::sweep(session, &q)?;
            let units = gather(&shards)?;
            check_units(&shards, sweep.units())?;
            Ok(Merged::Deter(Box::new(deter::merged(session, &q, units)?)))
        }
        other => Err(not_sharded(other)),
    }
}

fn check_units(shards: &[Parsed], expected: usize) -> Result<(), ApiError> {
    let h = &shards[0].header;
    if h.units != expected {
        return Err(located(
            &shards[0].name,
            1,
            format!(
                "the header says {} units, but its query makes {expected}",
                h.units
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_unit_once_whatever_n() {
        for units in [0usize, 1, 5, 64, 1000, 4097] {
            for n in [1usize, 2, 3, 7, 64] {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard { index: k, count: n }.range(units);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, units);
            }
        }
    }

    #[test]
    fn shards_read_and_refuse() {
        assert_eq!(Shard::parse("2/7").unwrap(), Shard { index: 2, count: 7 });
        for bad in ["0/3", "4/3", "1/0", "x/2", "2", "1/-1"] {
            let e = Shard::parse(bad).unwrap_err();
            assert_eq!(e.code, "bad-shard", "{bad}");
        }
    }
}
