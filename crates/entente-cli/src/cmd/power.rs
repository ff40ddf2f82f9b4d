//! `entente power`: a priori voting power of a decision rule (M2, M13, M32).
//!
//! The body comes from a members CSV (`--members`), from weights (`--weights … --quota …`) or
//! from a bundled institution's decision as of a date (`--institution … --decision …`). One rule
//! gives every index per member; `--compare` puts two or more rules side by side for one body,
//! with Coleman's power to act, the veto players and how power tracks population (the Penrose
//! square-root ideal). The question is answered by `entente_api::power`; this file reads the
//! members file named by a flag, builds the Query and formats the Answer.

use std::path::PathBuf;
use std::process::ExitCode;

use entente_api::power::{
    Analysed, Answer, Comparison, Index, MembersCsv, Method, Query, Value, answer_with,
};
use jiff::civil::Date;

use crate::output::{Format, exit, print_json};
use crate::table::{Notes, table};

/// Arguments of `entente power`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente power --weights 4,4,4,2,2,1 --quota 12 --ids FRA,DEU,ITA,BEL,NLD,LUX
        the EEC Council of 1958: Luxembourg is a dummy
  entente power --rule \"yes >= 55% and yes.population >= 65% or no < 4\" --members eu27.csv
        the EU Council's qualified majority, exact (CSV: an id column and a population column)
  entente power --institution eu_council --decision qmv --as-of 2020-03-01 --format json
        the bundled EU Council as of a date, after the United Kingdom left
  entente power --institution osce --decision consensus --compare --missing 0 \\
        --rule \"yes >= 55% and yes.population >= 65% or no < 4\" --rule \"yes.population > 50%\"
        M32: candidate rules for an inclusive body of the 57 OSCE states, side by side
        (--missing 0: the Holy See has no World Bank population figure)
  entente power --rule \"yes >= 9 and veto(USA, GBR, FRA, RUS, CHN)\" --members unsc.csv --format csv

Abstention: in a priori analysis a coalition votes yes and every other member votes no.
Methods: exact over symmetry classes (profiles), over every coalition (enumeration, up to 32
members), by generating function / meet in the middle (weighted-dp: size and one integer
attribute; every index, Johnston's up to 32 members); Monte Carlo beyond, with 95% confidence
half-widths (no Holler, Deegan-Packel or Johnston estimates).
  entente power --members eu27.csv --rule \"…\" --indices banzhaf,shapley_shubik
        only the indices asked for
  entente power --members big.csv --rule \"yes >= 50%\" --method monte-carlo --max-seconds 10
        an estimate within about ten seconds, labelled partial if the samples asked for were
        not all drawn")]
pub struct Args {
    /// The rule (repeat with --compare to compare several rules on one body).
    #[arg(long, value_name = "RULE")]
    pub rule: Vec<String>,
    /// Members CSV: an `id` column and one column per numeric attribute.
    #[arg(long, value_name = "FILE.csv")]
    pub members: Option<PathBuf>,
    /// Weights of a weighted majority game, comma-separated (the attribute `weight`).
    #[arg(long, value_delimiter = ',', value_name = "W,W,…")]
    pub weights: Vec<f64>,
    /// Quota of the weighted game: a number, or a share such as 62.5%.
    #[arg(long, value_name = "Q")]
    pub quota: Option<String>,
    /// Ids of the weighted members, comma-separated (default P1, P2, …).
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,…")]
    pub ids: Vec<String>,
    /// A bundled (or --scenario) institution.
    #[arg(long)]
    pub institution: Option<String>,
    /// The institution's decision type.
    #[arg(long)]
    pub decision: Option<String>,
    /// Date for --institution (default: the scenario's as_of).
    #[arg(long, value_parser = crate::scenario::parse_date)]
    pub as_of: Option<Date>,
    /// Scenario files or folders for --institution (default: the bundled Europe scenario).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// Compare the rules side by side (with --institution, its decision's rule comes first).
    #[arg(long)]
    pub compare: bool,
    /// Value given to members that lack an attribute (e.g. 0); by default such a member makes
    /// a rule over that attribute an error.
    #[arg(long, value_name = "VALUE")]
    pub missing: Option<f64>,
    /// Attribute used to compare power with the square-root ideal in --compare.
    #[arg(long, default_value = "population")]
    pub population: String,
    /// Method.
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    pub method: MethodArg,
    /// Compute only these indices (comma-separated), e.g. banzhaf,shapley_shubik; leaving out
    /// the coalition-based ones (holler, deegan_packel, johnston) saves time on large bodies.
    #[arg(long, value_delimiter = ',')]
    pub indices: Vec<IndexArg>,
    /// How many of the smallest minimal winning / blocking coalitions to list.
    #[arg(long, default_value_t = 5)]
    pub list: usize,
    /// Monte Carlo seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Monte Carlo samples (random coalitions, and as many random orderings): the most drawn;
    /// sampling stops earlier once the ranking by Banzhaf index is stable at 95%.
    #[arg(long, default_value_t = 1_000_000)]
    pub samples: u64,
    /// Draw every one of --samples instead of stopping once the ranking is stable.
    #[arg(long)]
    pub fixed_samples: bool,
    /// Stop a Monte Carlo run after about this many seconds and answer with the samples drawn,
    /// labelled partial (exact methods ignore it).
    #[arg(long, value_name = "SECONDS")]
    pub max_seconds: Option<f64>,
    /// Draw only shard K of N of a Monte Carlo's chunks of samples and print them as JSON lines,
    /// for `entente merge` (chunk k draws from (seed, k), so a shard's draws do not depend on N).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Print the time the analysis took to stderr.
    #[arg(long, hide = true)]
    pub timing: bool,
}

/// `--method` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// The fastest exact method that applies; Monte Carlo if none does.
    Auto,
    /// Exact over profiles of interchangeable members.
    Profiles,
    /// Exact over every coalition (6 to 32 members).
    Enumeration,
    /// Exact by generating function or meet in the middle (size and one integer attribute).
    WeightedDp,
    /// Monte Carlo estimates.
    MonteCarlo,
}

/// `--indices` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[allow(clippy::enum_variant_names)]
pub enum IndexArg {
    /// Banzhaf (raw and normalised).
    Banzhaf,
    /// Penrose (absolute Banzhaf).
    Penrose,
    /// Shapley–Shubik.
    #[value(name = "shapley_shubik")]
    ShapleyShubik,
    /// Coleman's power to prevent.
    #[value(name = "coleman_prevent")]
    ColemanPrevent,
    /// Coleman's power to initiate.
    #[value(name = "coleman_initiate")]
    ColemanInitiate,
    /// Holler's public good index.
    Holler,
    /// Deegan–Packel.
    #[value(name = "deegan_packel")]
    DeeganPackel,
    /// Johnston.
    Johnston,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::Auto => Method::Auto,
            MethodArg::Profiles => Method::Profiles,
            MethodArg::Enumeration => Method::Enumeration,
            MethodArg::WeightedDp => Method::WeightedDp,
            MethodArg::MonteCarlo => Method::MonteCarlo,
        }
    }
}

impl From<IndexArg> for Index {
    fn from(i: IndexArg) -> Index {
        match i {
            IndexArg::Banzhaf => Index::Banzhaf,
            IndexArg::Penrose => Index::Penrose,
            IndexArg::ShapleyShubik => Index::ShapleyShubik,
            IndexArg::ColemanPrevent => Index::ColemanPrevent,
            IndexArg::ColemanInitiate => Index::ColemanInitiate,
            IndexArg::Holler => Index::Holler,
            IndexArg::DeeganPackel => Index::DeeganPackel,
            IndexArg::Johnston => Index::Johnston,
        }
    }
}

/// The Query of the arguments; the members file, when one is named, is read here.
fn query(args: &Args) -> Result<Query, String> {
    let members = match &args.members {
        Some(path) => Some(MembersCsv {
            file: path.display().to_string(),
            text: std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the members file {}: {e}", path.display()))?,
        }),
        None => None,
    };
    Ok(Query {
        rules: args.rule.clone(),
        members,
        weights: args.weights.clone(),
        quota: args.quota.clone(),
        ids: args.ids.clone(),
        institution: args.institution.clone(),
        decision: args.decision.clone(),
        as_of: args.as_of.map(|d| d.to_string()),
        compare: args.compare,
        missing: args.missing,
        population: args.population.clone(),
        method: args.method.into(),
        indices: args.indices.iter().map(|&i| i.into()).collect(),
        list: args.list,
        seed: args.seed,
        samples: args.samples,
        fixed_samples: args.fixed_samples,
        max_seconds: args.max_seconds,
        shard: None,
    })
}

/// Run `entente power`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let q = match query(&args) {
        Ok(q) => q,
        Err(msg) => {
            eprintln!("error: {msg}");
            return Ok(ExitCode::from(exit::USAGE));
        }
    };
    if let Some(shard) = &args.shard {
        return crate::cmd::merge::shard(&args.scenario, "power", &q, shard);
    }
    // Only the institution form needs a scenario.
    let session = if args.institution.is_some() && args.decision.is_some() {
        match crate::scenario::session(&args.scenario) {
            Ok(s) => Some(s),
            Err(code) => return Ok(code),
        }
    } else {
        None
    };
    let answer = match answer_with(session.as_ref(), &q) {
        Ok(a) => a,
        Err(e) => return Ok(crate::scenario::fail(&e)),
    };
    crate::output::warnings(match &answer {
        Answer::One(a) => &a.warnings,
        Answer::Compare(c) => &c.warnings,
    });
    match &answer {
        Answer::One(a) => {
            if args.timing {
                eprintln!(
                    "timing: {:.6} s ({}, {} members, rule `{}`)",
                    a.seconds,
                    a.method,
                    a.members.len(),
                    a.rule
                );
            }
            print_one(args.format, a)?;
        }
        Answer::Compare(c) => {
            if args.timing {
                for r in &c.rules {
                    eprintln!(
                        "timing: {:.6} s ({}, {} members, rule `{}`)",
                        r.seconds,
                        r.method,
                        c.members.len(),
                        r.rule
                    );
                }
            }
            print_compare(args.format, &args.population, c)?;
        }
    }
    Ok(ExitCode::from(exit::OK))
}

/// Print a power answer.
pub fn print(answer: &Answer, format: Format, population: &str) -> anyhow::Result<ExitCode> {
    match answer {
        Answer::One(a) => print_one(format, a)?,
        Answer::Compare(c) => print_compare(format, population, c)?,
    }
    Ok(ExitCode::from(exit::OK))
}

fn cell(e: Option<&Value>) -> String {
    match e {
        None => "-".into(),
        Some(e) => {
            let small = |x: f64| x != 0.0 && x.abs() < 1e-4;
            let mut s = if small(e.value) {
                format!("{:.4e}", e.value)
            } else {
                format!("{:.6}", e.value)
            };
            if let Some(h) = e.half_width {
                if small(h) {
                    s.push_str(&format!(" ±{h:.2e}"));
                } else {
                    s.push_str(&format!(" ±{h:.6}"));
                }
            }
            if let Some(f) = &e.exact
                && f.len() <= 13
                && f.contains('/')
            {
                s.push_str(&format!(" ({f})"));
            }
            s
        }
    }
}

fn coleman_act(value: f64, exact: &Option<String>, half_width: Option<f64>) -> Value {
    Value {
        value,
        exact: exact.clone(),
        half_width,
    }
}

fn print_one(format: Format, a: &Analysed) -> anyhow::Result<()> {
    match format {
        Format::Json => print_json(a)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            let mut header = vec!["id".to_string(), "banzhaf_raw".to_string()];
            for i in &a.wanted {
                let n = i.name();
                header.push(n.to_string());
                header.push(format!("{n}_exact"));
                header.push(format!("{n}_half_width"));
            }
            w.write_record(&header)?;
            for m in &a.members {
                let mut row = vec![
                    m.id.clone(),
                    m.swings.as_ref().map(|x| x.to_string()).unwrap_or_default(),
                ];
                for i in &a.wanted {
                    let e = m.get(*i);
                    row.push(e.as_ref().map(|e| e.value.to_string()).unwrap_or_default());
                    row.push(e.as_ref().and_then(|e| e.exact.clone()).unwrap_or_default());
                    row.push(
                        e.as_ref()
                            .and_then(|e| e.half_width)
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                    );
                }
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Format::Table => {
            crate::outln!("rule: {}", a.rule);
            crate::outln!("body: {}", a.body);
            crate::outln!(
                "method: {}{}",
                a.method_description,
                if a.partial {
                    " (partial: stopped by --max-seconds)"
                } else {
                    ""
                }
            );
            let banzhaf = a.wanted.contains(&Index::Banzhaf);
            let mut header = vec!["member".to_string()];
            if banzhaf {
                header.push("swings".into());
            }
            header.extend(a.wanted.iter().map(|i| i.name().replace('_', " ")));
            let mut t = table(header);
            for m in &a.members {
                let mut row = vec![m.id.clone()];
                if banzhaf {
                    row.push(m.swings.as_ref().map_or("-".into(), |x| x.to_string()));
                }
                row.extend(a.wanted.iter().map(|i| cell(m.get(*i).as_ref())));
                t.add_row(row);
            }
            crate::outln!("{t}");
            crate::outln!(
                "Coleman's power of the collectivity to act: {}",
                cell(Some(&coleman_act(
                    a.coleman_act,
                    &a.coleman_act_exact,
                    a.coleman_act_half_width
                )))
            );
            if let Some(w) = &a.winning_coalitions {
                crate::outln!("winning coalitions: {w}");
            }
            if let Some(w) = &a.minimal_winning_coalitions {
                crate::outln!("minimal winning coalitions: {w}");
            }
            for c in &a.smallest_minimal_winning {
                crate::outln!("  {{{}}}", c.join(", "));
            }
            if let Some(w) = &a.minimal_blocking_coalitions {
                crate::outln!("minimal blocking coalitions: {w}");
            }
            for c in &a.smallest_minimal_blocking {
                crate::outln!("  {{{}}}", c.join(", "));
            }
            let list = |v: &[String]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(", ")
                }
            };
            if let Some(v) = &a.veto_players {
                crate::outln!("veto players: {}", list(v));
            }
            if let Some(d) = &a.dummies {
                crate::outln!("dummies: {}", list(d));
            }
            if let Some(r) = &a.ranking {
                print_ranking(r);
            }
            for n in &a.notes {
                crate::outln!("note: {n}");
            }
        }
    }
    Ok(())
}

/// The Monte Carlo ranking by Banzhaf index, highest first: `>` where the step is separated at
/// 95%, `~` where it is not, `=` between members equal by symmetry; then every step with its
/// interval.
fn print_ranking(r: &entente_api::power::Ranking) {
    let mut line = String::new();
    for (k, g) in r.groups.iter().enumerate() {
        if k > 0 {
            line.push_str(if r.steps[k - 1].separated {
                " > "
            } else {
                " ~ "
            });
        }
        line.push_str(&g.join(" = "));
    }
    crate::outln!(
        "ranking by Banzhaf ({}% per adjacent pair, {} samples{}): {}",
        r.confidence * 100.0,
        r.samples,
        if r.stable {
            ", stable"
        } else {
            ", not stable: ~ marks pairs still tied"
        },
        line
    );
    for s in &r.steps {
        crate::outln!(
            "  {} {} {}: difference {}",
            s.higher,
            if s.separated { ">" } else { "~" },
            s.lower,
            cell(Some(&Value {
                value: s.difference,
                exact: None,
                half_width: Some(s.half_width),
            }))
        );
    }
}

fn print_compare(format: Format, population: &str, c: &Comparison) -> anyhow::Result<()> {
    match format {
        Format::Json => print_json(c)?,
        Format::Csv => {
            let mut w = crate::output::csv_out();
            let mut header = vec!["id".to_string()];
            for k in 1..=c.rules.len() {
                for i in &c.shown {
                    header.push(format!("rule{k}_{}", i.name()));
                }
            }
            w.write_record(&header)?;
            for (m, id) in c.members.iter().enumerate() {
                let mut row = vec![id.clone()];
                for r in &c.rules {
                    for i in &c.shown {
                        row.push(
                            r.members[m]
                                .get(*i)
                                .map(|e| e.value.to_string())
                                .unwrap_or_default(),
                        );
                    }
                }
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut notes = Notes::new();
            let mut header = vec!["".to_string()];
            header.extend((1..=c.rules.len()).map(|k| format!("rule {k}")));
            let mut t = table(header);
            let row = |label: &str, f: &mut dyn FnMut(&entente_api::power::Compared) -> String| {
                let mut r = vec![label.to_string()];
                r.extend(c.rules.iter().map(f));
                r
            };
            t.add_row(row("rule", &mut |r| notes.cite(&r.rule)));
            t.add_row(row("method", &mut |r| r.method.clone()));
            t.add_row(row("power to act", &mut |r| {
                cell(Some(&coleman_act(
                    r.coleman_act,
                    &r.coleman_act_exact,
                    r.coleman_act_half_width,
                )))
            }));
            t.add_row(row("veto players", &mut |r| {
                r.veto_players.map_or("-".into(), |n| n.to_string())
            }));
            if c.population_attribute.is_some() {
                t.add_row(row("corr. with √population", &mut |r| {
                    r.square_root_correlation
                        .map_or("-".into(), |x| format!("{x:.4}"))
                }));
                t.add_row(row("distance from √ ideal", &mut |r| {
                    r.square_root_distance
                        .map_or("-".into(), |x| format!("{x:.4}"))
                }));
            }
            for (m, id) in c.members.iter().enumerate() {
                t.add_row(row(id, &mut |r| {
                    let x = &r.members[m];
                    let f = |i: Index| x.get(i).map_or("-".into(), |e| format!("{:.4}", e.value));
                    format!("Bz {}  SS {}", f(Index::Banzhaf), f(Index::ShapleyShubik))
                }));
            }
            crate::outln!("{t}");
            notes.print();
            if c.population_attribute.is_some() {
                crate::outln!(
                    "√ ideal: Penrose's square-root rule, normalised Banzhaf ∝ √{population}; distance = half the sum of |Banzhaf − ideal| (the share of power that would have to move)"
                );
            }
            for (k, r) in c.rules.iter().enumerate() {
                crate::outln!("rule {}: {}", k + 1, r.method_description);
            }
        }
    }
    Ok(())
}
