//! `entente merge`: put the shards of a sweep back together. `entente forecast --runs R --shard
//! K/N`, `entente power --method monte-carlo --shard K/N` and `entente deter --shard K/N` print
//! one shard's units as JSON lines
//! (written here by [`shard`]); `entente merge` reads the N files, and `entente_api::shard::merge`
//! checks them and answers exactly what the unsharded command answers, printed the same way.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use entente_api::shard::Merged;

use crate::output::Format;

/// Arguments of `entente merge`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente forecast --runs 100000 --position-sd 5 --seed 7 --shard 1/2 --output s1.jsonl
  entente forecast --runs 100000 --position-sd 5 --seed 7 --shard 2/2 --output s2.jsonl
  entente merge s1.jsonl s2.jsonl --format json   # the same bytes as the run without --shard
  entente power --institution eu_council --decision qmv --method monte-carlo --shard 3/8 > p3.jsonl
  entente deter --draws 10000 --shard 2/4 > d2.jsonl

Give merge the same scenario (-s) and --architecture the shards were made with.")]
pub struct Args {
    /// The shard files (JSON lines), in any order: every shard 1/N … N/N once.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The scenario the shards were made with. Default: the bundled Europe scenario.
    #[command(flatten)]
    pub scenario: crate::scenario::ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// A forecast: also write an SVG chart of the trajectories to this file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

/// Run `entente merge`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    for f in &args.files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        files.push((f.display().to_string(), text));
    }
    let session = match crate::scenario::session(&args.scenario.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let merged = match entente_api::shard::merge(&session, &files) {
        Ok(m) => m,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    match &merged {
        Merged::Forecast(a) => crate::cmd::forecast::print(a, args.format, args.svg.as_deref()),
        Merged::Power(a) => crate::cmd::power::print(a, args.format, "population"),
        Merged::Deter(a) => {
            if args.svg.is_some() {
                anyhow::bail!(
                    "--svg draws a forecast's chart; for deterrence charts run `entente deter --svg DIR`"
                );
            }
            // Every commitment and guarantor is shown when the shards asked about one state.
            let states: std::collections::BTreeSet<&str> = a
                .by_architecture
                .values()
                .flat_map(|w| w.states.iter().map(|s| s.state.as_str()))
                .collect();
            let one_state = states.len() == 1;
            crate::cmd::deter::print(a, args.format, one_state)
        }
    }
}

/// Make shard `shard` (K/N) of `question`'s sweep and print its JSON lines.
pub fn shard<Q: serde::Serialize>(
    scenario: &[PathBuf],
    question: &str,
    query: &Q,
    shard: &str,
) -> anyhow::Result<ExitCode> {
    let session = match crate::scenario::session(scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let mut q = serde_json::to_value(query)?;
    if let Some(m) = q.as_object_mut() {
        m.insert("shard".into(), shard.into());
    }
    match entente_api::shard::shard(&session, question, q) {
        Ok(r) => {
            crate::out!("{}", r.to_jsonl());
            Ok(ExitCode::from(crate::output::exit::OK))
        }
        Err(e) => Ok(crate::scenario::fail(&e)),
    }
}
