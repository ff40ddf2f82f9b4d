//! The one seam between entente's engines and its front ends (the command line, the report, the
//! server and the Python package). Every question a front end can ask is a `Query` type and an
//! `Answer` type here, each with serde and a JSON Schema; a [`Session`] holds a loaded scenario
//! and answers them; every failure is one [`ApiError`]. Front ends depend on this crate only, and
//! only format what it answers.
//!
//! Each question is a module: [`check`], [`show`], [`decide`], [`power`], [`obligations`],
//! [`replay`], [`coverage`], [`negotiate`], [`forecast`], [`validate`], [`report`], [`estimate`],
//! [`agreement`] and [`overlap`], each with
//! `Query`, `Answer` and `answer(&Session, &Query)`. [`ask`] answers any of them from JSON, which
//! is what the golden tests and the server use. [`shard`] splits the Monte Carlo of `forecast`,
//! `power` and `deter` into shards that run apart and merge into the unsharded answer's exact
//! bytes.

pub mod agreement;
pub mod check;
pub mod compare;
pub mod coverage;
pub mod decide;
pub mod deter;
pub mod error;
pub mod estimate;
pub mod forecast;
pub mod list;
pub mod negotiate;
pub mod obligations;
pub mod overlap;
pub mod power;
pub mod replay;
pub mod report;
pub mod session;
pub mod shard;
pub mod show;
pub mod validate;
pub mod world;

pub use error::{ApiDiagnostic, ApiError, ErrorKind};
pub use session::{Session, Source, parse_date};

/// The questions, by the name a front end uses for them (`entente <name>`, `POST /api/<name>`).
pub const QUESTIONS: &[&str] = &[
    "check",
    "show",
    "decide",
    "power",
    "obligations",
    "replay",
    "coverage",
    "negotiate",
    "forecast",
    "validate",
    "report",
    "compare",
    "list",
    "estimate",
    "agreement",
    "overlap",
    "deter",
];

fn parse<Q: serde::de::DeserializeOwned>(query: serde_json::Value) -> Result<Q, ApiError> {
    serde_json::from_value(query).map_err(|e| {
        ApiError::usage("bad-query", format!("the query is not understood: {e}"))
            .with_hint("see the JSON Schema of the question's Query")
    })
}

fn run<Q, A>(
    session: &Session,
    query: serde_json::Value,
    f: fn(&Session, &Q) -> Result<A, ApiError>,
    wrap: fn(A) -> AnyAnswer,
) -> Result<AnyAnswer, ApiError>
where
    Q: serde::de::DeserializeOwned,
{
    let q: Q = parse(query)?;
    f(session, &q).map(wrap)
}

/// Any question's answer, as its own type (what [`ask_typed`] gives). It serialises as the
/// answer it holds, field for field and in the same order as the command line prints it, so a
/// front end can write it with any serde serialiser without going through JSON.
///
/// One variant per question, holding its `Answer`. (Variants differ in size; an `AnyAnswer` is
/// made once per question and moved a few times, so none is boxed.)
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)]
pub enum AnyAnswer {
    Check(check::Answer),
    Show(show::Answer),
    Decide(decide::Answer),
    Power(power::Answer),
    Obligations(obligations::Answer),
    Replay(replay::Answer),
    Coverage(coverage::Answer),
    Negotiate(negotiate::Answer),
    Forecast(forecast::Answer),
    Validate(validate::Answer),
    Report(report::Answer),
    Compare(compare::Answer),
    List(list::Answer),
    Estimate(estimate::Answer),
    Agreement(agreement::Answer),
    Overlap(overlap::Answer),
    Deter(deter::Answer),
}

/// Answer the question `name` with a query given as JSON; the answer comes back as JSON. A
/// top-level `"architecture": ID` in the query asks the question of that architecture's world
/// (every question takes it; `status_quo` is the scenario as it is).
pub fn ask(
    session: &Session,
    name: &str,
    query: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let answer = ask_typed(session, name, query)?;
    serde_json::to_value(answer).map_err(|e| {
        ApiError::unsupported(
            "answer-not-json",
            format!("the answer has no JSON form: {e}"),
        )
    })
}

/// [`ask`] without the last step: the answer as its own type rather than as JSON.
pub fn ask_typed(
    session: &Session,
    name: &str,
    mut query: serde_json::Value,
) -> Result<AnyAnswer, ApiError> {
    let arch = query.as_object_mut().and_then(|m| m.remove("architecture"));
    let derived;
    let session = match arch {
        None | Some(serde_json::Value::Null) => session,
        Some(serde_json::Value::String(id)) => {
            derived = session.world(&id)?;
            &derived
        }
        Some(other) => {
            return Err(ApiError::usage(
                "bad-query",
                format!("`architecture` must be an architecture id, not {other}"),
            ));
        }
    };
    match name {
        "check" => run(session, query, check::answer, AnyAnswer::Check),
        "show" => run(session, query, show::answer, AnyAnswer::Show),
        "decide" => run(session, query, decide::answer, AnyAnswer::Decide),
        "power" => run(session, query, power::answer, AnyAnswer::Power),
        "obligations" => run(session, query, obligations::answer, AnyAnswer::Obligations),
        "replay" => run(session, query, replay::answer, AnyAnswer::Replay),
        "coverage" => run(session, query, coverage::answer, AnyAnswer::Coverage),
        "negotiate" => run(session, query, negotiate::answer, AnyAnswer::Negotiate),
        "forecast" => run(session, query, forecast::answer, AnyAnswer::Forecast),
        "validate" => run(session, query, validate::answer, AnyAnswer::Validate),
        "report" => run(session, query, report::answer, AnyAnswer::Report),
        "compare" => run(session, query, compare::answer, AnyAnswer::Compare),
        "list" => run(session, query, list::answer, AnyAnswer::List),
        "estimate" => run(session, query, estimate::answer, AnyAnswer::Estimate),
        "agreement" => run(session, query, agreement::answer, AnyAnswer::Agreement),
        "overlap" => run(session, query, overlap::answer, AnyAnswer::Overlap),
        "deter" => run(session, query, deter::answer, AnyAnswer::Deter),
        other => Err(ApiError::usage(
            "unknown-question",
            format!("there is no question `{other}`"),
        )
        .with_hint(format!("one of: {}", QUESTIONS.join(", ")))),
    }
}

/// The JSON Schema of every question's Query and Answer, and of the error, by name.
pub fn schemas() -> serde_json::Value {
    fn s<T: schemars::JsonSchema>() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
    }
    serde_json::json!({
        "error": s::<ApiError>(),
        "check": { "query": s::<check::Query>(), "answer": s::<check::Answer>() },
        "show": { "query": s::<show::Query>(), "answer": s::<show::Answer>() },
        "decide": { "query": s::<decide::Query>(), "answer": s::<decide::Answer>() },
        "power": { "query": s::<power::Query>(), "answer": s::<power::Answer>() },
        "obligations": { "query": s::<obligations::Query>(), "answer": s::<obligations::Answer>() },
        "replay": { "query": s::<replay::Query>(), "answer": s::<replay::Answer>() },
        "coverage": { "query": s::<coverage::Query>(), "answer": s::<coverage::Answer>() },
        "negotiate": { "query": s::<negotiate::Query>(), "answer": s::<negotiate::Answer>() },
        "forecast": { "query": s::<forecast::Query>(), "answer": s::<forecast::Answer>() },
        "validate": { "query": s::<validate::Query>(), "answer": s::<validate::Answer>() },
        "report": { "query": s::<report::Query>(), "answer": s::<report::Answer>() },
        "compare": { "query": s::<compare::Query>(), "answer": s::<compare::Answer>() },
        "list": { "query": s::<list::Query>(), "answer": s::<list::Answer>() },
        "estimate": { "query": s::<estimate::Query>(), "answer": s::<estimate::Answer>() },
        "agreement": { "query": s::<agreement::Query>(), "answer": s::<agreement::Answer>() },
        "overlap": { "query": s::<overlap::Query>(), "answer": s::<overlap::Answer>() },
        "deter": { "query": s::<deter::Query>(), "answer": s::<deter::Answer>() },
    })
}

/// The engines' result types that answers embed, re-exported so that front ends can name them
/// without depending on an engine crate.
pub mod types {
    pub use entente_bargain::sensitivity::IssueShare;
    pub use entente_bargain::{Concession, Disagreement};
    pub use entente_decide::{
        AgreementRef, Assurance, Authorisation, Blocking, CriterionCheck, Outcome,
        Replay as ProcedureReplay, Verdict,
    };
    pub use entente_deter::{
        Bargain, CaseResult, CommitmentPart, Corner, Estimate, GuarantorPart,
        Interval as DeterInterval, Mechanisms, PactPart, Param, Survival,
    };
    pub use entente_forecast::eum::EuVariant;
    pub use entente_forecast::montecarlo::{Interval, McRun, McSummary};
    pub use entente_forecast::smp::SmpOptions;
    pub use entente_forecast::validate::{Candidate, Capabilities, ForecastStat, Grid, Split};
    pub use entente_games::{Form, Link, Outcomes};
    pub use entente_ledger::obligations::strength_rank;
    pub use entente_ledger::own::{Pending, Restraint};
    pub use entente_ledger::quantities::{Bound, Projection, Quantities};
    pub use entente_ledger::{
        Change, Commitment, Coverage, Duty, Incident, IncidentKind, Replay as TimelineReplay,
        StateCoverage, Step, Truth,
    };
    pub use entente_power::Tally;
    pub use entente_rules::Vote;
    pub use entente_scenario::architecture::{Architecture, Change as ArchitectureChange};
    pub use entente_scenario::report::{ReportEvent, ReportGroup, ReportPower};
    pub use entente_scenario::vocab::{
        AgreementKind, AgreementStatus, LegalBasis, LegalForm, ObligationKind, Strength, Trigger,
    };
}

/// The JSON Schema of one scenario file (the format's raw types), for editors.
pub fn scenario_schema() -> serde_json::Value {
    entente_scenario::schema()
}

/// The files of the bundled scenario, as (path under `scenarios/`, text).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    entente_scenario::bundled_files()
}
