//! `entente power`: a priori voting power of a decision rule (M2, M13, M32).
//!
//! The body comes from a members CSV (`--members`), from weights (`--weights … --quota …`) or
//! from a bundled institution's decision as of a date (`--institution … --decision …`). One rule
//! gives every index per member; `--compare` puts two or more rules side by side for one body,
//! with Coleman's power to act, the veto players and how power tracks population (the Penrose
//! square-root ideal). The engine is `entente-power`; this file only reads inputs and formats.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use entente_power::{Analysis, Estimate, MethodChoice, Options, analyse};
use entente_rules::{Body, Rule, parse};
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use crate::output::{Format, exit, print_json};

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
        only the indices asked for")]
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
    /// Monte Carlo samples (random coalitions, and as many random orderings).
    #[arg(long, default_value_t = 1_000_000)]
    pub samples: u64,
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

const INDEX_NAMES: [&str; 8] = [
    "banzhaf",
    "penrose",
    "shapley_shubik",
    "coleman_prevent",
    "coleman_initiate",
    "holler",
    "deegan_packel",
    "johnston",
];

fn estimate<'a>(m: &'a entente_power::MemberPower, name: &str) -> Option<&'a Estimate> {
    match name {
        "banzhaf" => m.banzhaf.as_ref(),
        "penrose" => m.penrose.as_ref(),
        "shapley_shubik" => m.shapley_shubik.as_ref(),
        "coleman_prevent" => m.coleman_prevent.as_ref(),
        "coleman_initiate" => m.coleman_initiate.as_ref(),
        "holler" => m.holler.as_ref(),
        "deegan_packel" => m.deegan_packel.as_ref(),
        "johnston" => m.johnston.as_ref(),
        _ => None,
    }
}

/// A failure with its exit code.
struct Fail(u8, String);

impl From<anyhow::Error> for Fail {
    fn from(e: anyhow::Error) -> Fail {
        Fail(exit::USAGE, format!("{e:#}"))
    }
}

/// Run `entente power`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match run_inner(&args) {
        Ok(code) => Ok(code),
        Err(Fail(code, msg)) => {
            eprintln!("error: {msg}");
            Ok(ExitCode::from(code))
        }
    }
}

fn run_inner(args: &Args) -> Result<ExitCode, Fail> {
    let (mut body, mut rules, source) = body_and_rules(args)?;
    if let Some(fill) = args.missing {
        let names: Vec<String> = body.attribute_names().map(str::to_string).collect();
        for name in names {
            let values: Vec<Option<f64>> = body
                .attribute(&name)
                .unwrap_or_default()
                .iter()
                .map(|v| Some(v.unwrap_or(fill)))
                .collect();
            body.set_attribute(&name, values);
        }
    }
    if rules.is_empty() {
        return Err(Fail(
            exit::USAGE,
            "no rule: give --rule \"…\" (e.g. --rule \"yes.weight >= 12\"), --quota with --weights, or --institution with --decision".into(),
        ));
    }
    if rules.len() > 1 && !args.compare {
        return Err(Fail(
            exit::USAGE,
            "several rules given: add --compare to compare them side by side".into(),
        ));
    }
    let opts = options(args);
    let mut results = Vec::new();
    for (text, rule) in rules.drain(..) {
        let bound = rule.bind(&body).map_err(|errs| {
            let msgs: Vec<String> = errs
                .iter()
                .map(|e| {
                    format!(
                        "{}\n  {text}\n  {}^ {e}",
                        "in the rule",
                        " ".repeat(e.span.start)
                    )
                })
                .collect();
            Fail(
                exit::PROBLEMS,
                format!(
                    "the rule does not fit the members ({source}):\n{}",
                    msgs.join("\n")
                ),
            )
        })?;
        let start = Instant::now();
        let a = analyse(&bound, body.members(), &opts).map_err(|e| {
            let code = if matches!(e.kind(), entente_power::ErrorKind::NotMonotone) {
                exit::PROBLEMS
            } else {
                exit::USAGE
            };
            Fail(code, format!("{text}: {e}"))
        })?;
        if args.timing {
            eprintln!(
                "timing: {:.6} s ({}, {} members, rule `{text}`)",
                start.elapsed().as_secs_f64(),
                a.method.name(),
                body.len()
            );
        }
        results.push((text, a));
    }
    let wanted = wanted(args);
    if args.compare {
        print_compare(args, &body, &results, &wanted)?;
    } else {
        let (text, a) = &results[0];
        print_one(args.format, text, &source, a, &wanted)?;
    }
    Ok(ExitCode::from(exit::OK))
}

fn options(args: &Args) -> Options {
    let coalitions = args.indices.is_empty()
        || args.indices.iter().any(|i| {
            matches!(
                i,
                IndexArg::Holler | IndexArg::DeeganPackel | IndexArg::Johnston
            )
        });
    Options {
        method: match args.method {
            MethodArg::Auto => MethodChoice::Auto,
            MethodArg::Profiles => MethodChoice::Profiles,
            MethodArg::Enumeration => MethodChoice::Enumeration,
            MethodArg::WeightedDp => MethodChoice::WeightedDp,
            MethodArg::MonteCarlo => MethodChoice::MonteCarlo,
        },
        coalitions: coalitions && !args.compare,
        johnston: (args.indices.is_empty() || args.indices.contains(&IndexArg::Johnston))
            && !args.compare,
        list: args.list,
        samples: args.samples,
        seed: args.seed,
    }
}

fn wanted(args: &Args) -> Vec<&'static str> {
    if args.indices.is_empty() {
        return INDEX_NAMES.to_vec();
    }
    INDEX_NAMES
        .iter()
        .copied()
        .filter(|n| {
            args.indices.iter().any(|i| {
                let s = match i {
                    IndexArg::Banzhaf => "banzhaf",
                    IndexArg::Penrose => "penrose",
                    IndexArg::ShapleyShubik => "shapley_shubik",
                    IndexArg::ColemanPrevent => "coleman_prevent",
                    IndexArg::ColemanInitiate => "coleman_initiate",
                    IndexArg::Holler => "holler",
                    IndexArg::DeeganPackel => "deegan_packel",
                    IndexArg::Johnston => "johnston",
                };
                s == *n
            })
        })
        .collect()
}

type Rules = Vec<(String, Rule)>;

fn parse_rule(text: &str) -> Result<Rule, Fail> {
    parse(text).map_err(|e| {
        Fail(
            exit::USAGE,
            format!(
                "cannot read the rule:\n  {text}\n  {}^ {e}",
                " ".repeat(e.span.start)
            ),
        )
    })
}

/// The body, the rules to analyse (text and parsed), and a description of where the body came
/// from (for messages).
fn body_and_rules(args: &Args) -> Result<(Body, Rules, String), Fail> {
    let forms = [
        args.members.is_some(),
        !args.weights.is_empty(),
        args.institution.is_some(),
    ];
    if forms.iter().filter(|x| **x).count() != 1 {
        return Err(Fail(
            exit::USAGE,
            "give exactly one of --members FILE.csv, --weights W,W,… --quota Q, or --institution ID --decision ID".into(),
        ));
    }
    let mut rules: Rules = Vec::new();
    if let Some(path) = &args.members {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the members file {}", path.display()))?;
        let body = entente_power::read_members(&text, &path.display().to_string())
            .map_err(|e| Fail(exit::PROBLEMS, e.to_string()))?;
        for r in &args.rule {
            rules.push((r.clone(), parse_rule(r)?));
        }
        let names: Vec<&str> = body.attribute_names().collect();
        let source = format!(
            "{}: {} members, attributes: {}",
            path.display(),
            body.len(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
        return Ok((body, rules, source));
    }
    if !args.weights.is_empty() {
        let n = args.weights.len();
        if let Some(w) = args.weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
            bail_usage(format!("weight {w} is not a non-negative number"))?;
        }
        let ids: Vec<String> = if args.ids.is_empty() {
            (1..=n).map(|i| format!("P{i}")).collect()
        } else if args.ids.len() != n {
            return Err(Fail(
                exit::USAGE,
                format!(
                    "{} ids for {n} weights: give one id per weight",
                    args.ids.len()
                ),
            ));
        } else {
            args.ids.clone()
        };
        let mut seen = std::collections::BTreeSet::new();
        if let Some(d) = ids.iter().find(|i| !seen.insert(i.as_str())) {
            bail_usage(format!("duplicate id `{d}` in --ids"))?;
        }
        let mut body = Body::new(ids);
        body.set_attribute("weight", args.weights.iter().map(|&w| Some(w)).collect());
        match &args.quota {
            Some(q) => {
                let text = format!("yes.weight >= {}", q.trim());
                rules.push((text.clone(), parse_rule(&text)?));
            }
            None if args.rule.is_empty() => {
                bail_usage("--weights needs --quota (or a --rule over `yes.weight`)".into())?;
            }
            None => {}
        }
        for r in &args.rule {
            rules.push((r.clone(), parse_rule(r)?));
        }
        return Ok((body, rules, format!("{n} weighted members")));
    }
    let inst = args.institution.as_deref().unwrap_or_default();
    let Some(decision) = args.decision.as_deref() else {
        return Err(Fail(
            exit::USAGE,
            format!("--institution {inst} needs --decision (e.g. --decision qmv)"),
        ));
    };
    let scenario = crate::scenario::load(&args.scenario)
        .map_err(|_| Fail(exit::PROBLEMS, "the scenario has problems".into()))?;
    let date = crate::scenario::as_of(args.as_of, &scenario);
    let (rule, body) = scenario
        .voting_body(inst, decision, date)
        .map_err(|e| Fail(exit::USAGE, e.0))?;
    if body.is_empty() {
        return Err(Fail(
            exit::USAGE,
            format!("{inst} has no voting members on {date}; choose a later --as-of"),
        ));
    }
    rules.push((rule.to_string(), rule));
    for r in &args.rule {
        rules.push((r.clone(), parse_rule(r)?));
    }
    let source = format!("{inst}.{decision} as of {date}: {} members", body.len());
    Ok((body, rules, source))
}

fn bail_usage(msg: String) -> Result<(), Fail> {
    Err(Fail(exit::USAGE, msg))
}

fn big(x: u128) -> Value {
    u64::try_from(x).map_or_else(|_| Value::String(x.to_string()), Value::from)
}

fn put(obj: &mut Map<String, Value>, name: &str, e: Option<&Estimate>) {
    match e {
        None => {
            obj.insert(name.into(), Value::Null);
        }
        Some(e) => {
            obj.insert(name.into(), json!(e.value));
            if let Some(x) = &e.exact {
                obj.insert(format!("{name}_exact"), Value::String(x.to_string()));
            }
            if let Some(h) = e.half_width {
                obj.insert(format!("{name}_half_width"), json!(h));
            }
        }
    }
}

fn ids(a: &Analysis, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| a.members[i].clone()).collect()
}

fn analysis_json(text: &str, source: &str, a: &Analysis, wanted: &[&str]) -> Value {
    let members: Vec<Value> = a
        .indices
        .iter()
        .map(|m| {
            let mut o = Map::new();
            o.insert("id".into(), Value::String(m.id.clone()));
            if wanted.contains(&"banzhaf") {
                o.insert("banzhaf_raw".into(), m.banzhaf_raw.map_or(Value::Null, big));
            }
            for name in wanted {
                put(&mut o, name, estimate(m, name));
            }
            Value::Object(o)
        })
        .collect();
    let mut top = Map::new();
    top.insert("rule".into(), Value::String(text.into()));
    top.insert("body".into(), Value::String(source.into()));
    top.insert("method".into(), Value::String(a.method.name().into()));
    top.insert(
        "method_description".into(),
        Value::String(a.method.describe()),
    );
    top.insert("exact".into(), Value::Bool(a.method.is_exact()));
    put(&mut top, "coleman_act", Some(&a.coleman_act));
    top.insert(
        "winning_coalitions".into(),
        a.winning_coalitions.map_or(Value::Null, big),
    );
    top.insert(
        "minimal_winning_coalitions".into(),
        a.minimal_winning_coalitions.map_or(Value::Null, big),
    );
    top.insert(
        "minimal_blocking_coalitions".into(),
        a.minimal_blocking_coalitions.map_or(Value::Null, big),
    );
    let lists =
        |l: &[Vec<usize>]| -> Value { Value::Array(l.iter().map(|c| json!(ids(a, c))).collect()) };
    top.insert(
        "smallest_minimal_winning".into(),
        lists(&a.smallest_minimal_winning),
    );
    top.insert(
        "smallest_minimal_blocking".into(),
        lists(&a.smallest_minimal_blocking),
    );
    let exact = a.method.is_exact();
    top.insert(
        "veto_players".into(),
        if exact {
            json!(ids(a, &a.veto_players))
        } else {
            Value::Null
        },
    );
    top.insert(
        "dummies".into(),
        if exact {
            json!(ids(a, &a.dummies))
        } else {
            Value::Null
        },
    );
    top.insert("members".into(), Value::Array(members));
    top.insert("notes".into(), json!(a.notes));
    Value::Object(top)
}

fn cell(e: Option<&Estimate>) -> String {
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
            if let Some(x) = &e.exact {
                let f = x.to_string();
                if f.len() <= 13 && f.contains('/') {
                    s.push_str(&format!(" ({f})"));
                }
            }
            s
        }
    }
}

fn print_one(
    format: Format,
    text: &str,
    source: &str,
    a: &Analysis,
    wanted: &[&str],
) -> Result<(), Fail> {
    match format {
        Format::Json => print_json(&analysis_json(text, source, a, wanted))?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout().lock());
            let mut header = vec!["id".to_string(), "banzhaf_raw".to_string()];
            for n in wanted {
                header.push(n.to_string());
                header.push(format!("{n}_exact"));
                header.push(format!("{n}_half_width"));
            }
            w.write_record(&header).map_err(anyhow::Error::from)?;
            for m in &a.indices {
                let mut row = vec![
                    m.id.clone(),
                    m.banzhaf_raw.map(|x| x.to_string()).unwrap_or_default(),
                ];
                for n in wanted {
                    let e = estimate(m, n);
                    row.push(e.map(|e| e.value.to_string()).unwrap_or_default());
                    row.push(
                        e.and_then(|e| e.exact.as_ref())
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                    );
                    row.push(
                        e.and_then(|e| e.half_width)
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                    );
                }
                w.write_record(&row).map_err(anyhow::Error::from)?;
            }
            w.flush().map_err(anyhow::Error::from)?;
        }
        Format::Table => {
            println!("rule: {text}");
            println!("body: {source}");
            println!("method: {}", a.method.describe());
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            let mut header = vec!["member".to_string()];
            if wanted.contains(&"banzhaf") {
                header.push("swings".into());
            }
            header.extend(wanted.iter().map(|n| n.replace('_', " ")));
            t.set_header(header);
            for m in &a.indices {
                let mut row = vec![m.id.clone()];
                if wanted.contains(&"banzhaf") {
                    row.push(m.banzhaf_raw.map_or("-".into(), |x| x.to_string()));
                }
                row.extend(wanted.iter().map(|n| cell(estimate(m, n))));
                t.add_row(row);
            }
            println!("{t}");
            println!(
                "Coleman's power of the collectivity to act: {}",
                cell(Some(&a.coleman_act))
            );
            if let Some(w) = a.winning_coalitions {
                println!("winning coalitions: {w}");
            }
            if let Some(w) = a.minimal_winning_coalitions {
                println!("minimal winning coalitions: {w}");
            }
            for c in &a.smallest_minimal_winning {
                println!("  {{{}}}", ids(a, c).join(", "));
            }
            if let Some(w) = a.minimal_blocking_coalitions {
                println!("minimal blocking coalitions: {w}");
            }
            for c in &a.smallest_minimal_blocking {
                println!("  {{{}}}", ids(a, c).join(", "));
            }
            if a.method.is_exact() {
                let list = |v: &[usize]| {
                    if v.is_empty() {
                        "none".to_string()
                    } else {
                        ids(a, v).join(", ")
                    }
                };
                println!("veto players: {}", list(&a.veto_players));
                println!("dummies: {}", list(&a.dummies));
            }
            for n in &a.notes {
                println!("note: {n}");
            }
        }
    }
    Ok(())
}

/// How power tracks an attribute: Pearson correlation of normalised Banzhaf with the square
/// root of the attribute, and the distance (half the L1 norm: the share of power that would have
/// to move) from Penrose's square-root ideal.
fn square_root_fit(a: &Analysis, values: &[f64]) -> Option<(f64, f64)> {
    let bz: Vec<f64> = a
        .indices
        .iter()
        .map(|m| m.banzhaf.as_ref().map(|e| e.value))
        .collect::<Option<_>>()?;
    let roots: Vec<f64> = values.iter().map(|v| v.max(0.0).sqrt()).collect();
    let total: f64 = roots.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let ideal: Vec<f64> = roots.iter().map(|r| r / total).collect();
    let n = bz.len() as f64;
    let (mx, my) = (bz.iter().sum::<f64>() / n, ideal.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in bz.iter().zip(&ideal) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    // Equal power (or equal populations) leaves the correlation undefined.
    let r = if sxx > 1e-20 && syy > 1e-20 {
        sxy / (sxx * syy).sqrt()
    } else {
        f64::NAN
    };
    let d = bz
        .iter()
        .zip(&ideal)
        .map(|(x, y)| (x - y).abs())
        .sum::<f64>()
        / 2.0;
    Some((r, d))
}

fn print_compare(
    args: &Args,
    body: &Body,
    results: &[(String, Analysis)],
    wanted: &[&str],
) -> Result<(), Fail> {
    let pop: Option<Vec<f64>> = body
        .attribute(&args.population)
        .and_then(|v| v.iter().copied().collect::<Option<Vec<f64>>>());
    let fits: Vec<Option<(f64, f64)>> = results
        .iter()
        .map(|(_, a)| pop.as_ref().and_then(|p| square_root_fit(a, p)))
        .collect();
    let shown: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|n| ["banzhaf", "penrose", "shapley_shubik"].contains(n))
        .collect();
    match args.format {
        Format::Json => {
            let rules: Vec<Value> = results
                .iter()
                .zip(&fits)
                .map(|((text, a), fit)| {
                    let mut o = Map::new();
                    o.insert("rule".into(), Value::String(text.clone()));
                    o.insert("method".into(), Value::String(a.method.name().into()));
                    o.insert("exact".into(), Value::Bool(a.method.is_exact()));
                    put(&mut o, "coleman_act", Some(&a.coleman_act));
                    o.insert(
                        "winning_coalitions".into(),
                        a.winning_coalitions.map_or(Value::Null, big),
                    );
                    let exact = a.method.is_exact();
                    o.insert(
                        "veto_players".into(),
                        if exact {
                            json!(a.veto_players.len())
                        } else {
                            Value::Null
                        },
                    );
                    o.insert(
                        "veto_player_ids".into(),
                        if exact {
                            json!(ids(a, &a.veto_players))
                        } else {
                            Value::Null
                        },
                    );
                    o.insert(
                        "square_root_correlation".into(),
                        fit.filter(|f| f.0.is_finite())
                            .map_or(Value::Null, |f| json!(f.0)),
                    );
                    o.insert(
                        "square_root_distance".into(),
                        fit.map_or(Value::Null, |f| json!(f.1)),
                    );
                    let members: Vec<Value> = a
                        .indices
                        .iter()
                        .map(|m| {
                            let mut x = Map::new();
                            x.insert("id".into(), Value::String(m.id.clone()));
                            for n in &shown {
                                put(&mut x, n, estimate(m, n));
                            }
                            Value::Object(x)
                        })
                        .collect();
                    o.insert("members".into(), Value::Array(members));
                    o.insert("notes".into(), json!(a.notes));
                    Value::Object(o)
                })
                .collect();
            print_json(&json!({
                "members": body.members(),
                "population_attribute": pop.as_ref().map(|_| args.population.clone()),
                "rules": rules,
            }))?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout().lock());
            let mut header = vec!["id".to_string()];
            for (k, _) in results.iter().enumerate() {
                for n in &shown {
                    header.push(format!("rule{}_{n}", k + 1));
                }
            }
            w.write_record(&header).map_err(anyhow::Error::from)?;
            for (i, id) in body.members().iter().enumerate() {
                let mut row = vec![id.clone()];
                for (_, a) in results {
                    for n in &shown {
                        row.push(
                            estimate(&a.indices[i], n)
                                .map(|e| e.value.to_string())
                                .unwrap_or_default(),
                        );
                    }
                }
                w.write_record(&row).map_err(anyhow::Error::from)?;
            }
            w.flush().map_err(anyhow::Error::from)?;
        }
        Format::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            let mut header = vec!["".to_string()];
            header.extend((1..=results.len()).map(|k| format!("rule {k}")));
            t.set_header(header);
            let row = |label: &str, f: &dyn Fn(&Analysis, usize) -> String| {
                let mut r = vec![label.to_string()];
                r.extend(results.iter().enumerate().map(|(k, (_, a))| f(a, k)));
                r
            };
            t.add_row(row("rule", &|_, k| results[k].0.clone()));
            t.add_row(row("method", &|a, _| a.method.name().to_string()));
            t.add_row(row("power to act", &|a, _| cell(Some(&a.coleman_act))));
            t.add_row(row("veto players", &|a, _| {
                if a.method.is_exact() {
                    a.veto_players.len().to_string()
                } else {
                    "-".into()
                }
            }));
            if pop.is_some() {
                t.add_row(row("corr. with √population", &|_, k| {
                    fits[k]
                        .filter(|f| f.0.is_finite())
                        .map_or("-".into(), |f| format!("{:.4}", f.0))
                }));
                t.add_row(row("distance from √ ideal", &|_, k| {
                    fits[k].map_or("-".into(), |f| format!("{:.4}", f.1))
                }));
            }
            for (i, id) in body.members().iter().enumerate() {
                t.add_row(row(id, &|a, _| {
                    let m = &a.indices[i];
                    let bz = m
                        .banzhaf
                        .as_ref()
                        .map_or("-".into(), |e| format!("{:.4}", e.value));
                    let ss = m
                        .shapley_shubik
                        .as_ref()
                        .map_or("-".into(), |e| format!("{:.4}", e.value));
                    format!("Bz {bz}  SS {ss}")
                }));
            }
            println!("{t}");
            if pop.is_some() {
                println!(
                    "√ ideal: Penrose's square-root rule, normalised Banzhaf ∝ √{}; distance = half the sum of |Banzhaf − ideal| (the share of power that would have to move)",
                    args.population
                );
            }
            for (k, (_, a)) in results.iter().enumerate() {
                println!("rule {}: {}", k + 1, a.method.describe());
            }
        }
    }
    Ok(())
}
