//! `entente negotiate`: analyse a settlement space — the count of packages and of acceptable
//! ones, the Pareto frontier, the Nash, Kalai–Smorodinsky, utilitarian and egalitarian
//! solutions, and why no deal exists when none does — and optionally run an automated
//! negotiation. Reads GENIUS XML or GeniusWeb JSON files; formats the engine's answer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use entente_bargain::sensitivity::{SolutionKind, party_views, robustness};
use entente_bargain::simulate::{Strategy, negotiate};
use entente_bargain::{
    Analysis, CmpOp, Disagreement, Expr, Interaction, IssuePreference, Link, Model, Party, Point,
    RedLine, Space, analyse_model, conflict,
};
use entente_scenario::settlement::{self, Cond, Op, Settlement};
use serde_json::{Value, json};

use crate::output::{Format, exit};

/// Which disagreement point the solutions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DisagreementArg {
    /// Each party's no-deal value.
    NoDeal,
    /// Each party's reservation value (GENIUS's rule).
    Reservation,
    /// Zero for everybody.
    Zero,
}

/// Arguments of `entente negotiate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente negotiate                      # the bundled scenario's settlement
  entente negotiate --disagreement no-deal --robustness --format json
  entente negotiate --genius Party2/party_domain.xml Party2/party1_utility.xml Party2/party2_utility.xml
  entente negotiate --genius DOMAIN.xml A.xml B.xml --format json --disagreement zero
  entente negotiate --geniusweb a.json b.json c.json --format json
  entente negotiate --genius DOMAIN.xml A.xml B.xml --simulate --agents boulware,conceder --rounds 100 --seed 7
  entente negotiate --genius DOMAIN.xml A.xml B.xml --robustness")]
pub struct Args {
    /// Scenario files or folders (default: the bundled Europe scenario).
    #[command(flatten)]
    pub scenario: crate::scenario::ScenarioArgs,
    /// Which `[settlement.ID]` of the scenario (default: the first).
    #[arg(long, value_name = "ID")]
    pub settlement: Option<String>,
    /// A GENIUS domain file followed by two or more profile files.
    #[arg(long, num_args = 2.., value_names = ["DOMAIN", "PROFILE"])]
    pub genius: Vec<PathBuf>,
    /// GeniusWeb JSON profiles (linear additive, with their domain inline).
    #[arg(long, num_args = 1.., value_name = "PROFILE", conflicts_with = "genius")]
    pub geniusweb: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Disagreement point of the solutions.
    /// [default: reservation for GENIUS/GeniusWeb files, no-deal for scenarios]
    #[arg(long, value_enum)]
    pub disagreement: Option<DisagreementArg>,
    /// Equal steps a real-valued GENIUS issue is cut into (steps + 1 values).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub real_steps: usize,
    /// Largest number of frontier points printed in the table format.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub show: usize,
    /// Also check the Nash solution's robustness to ±10% on every preference number.
    #[arg(long)]
    pub robustness: bool,
    /// Also run an automated negotiation (stacked alternating offers).
    #[arg(long)]
    pub simulate: bool,
    /// Agents, one per party in order (boulware, linear, conceder, tit-for-tat, e=<exponent>);
    /// the last one is repeated for the remaining parties.
    #[arg(long, value_delimiter = ',', default_value = "boulware")]
    pub agents: Vec<String>,
    /// Deadline of the negotiation, in rounds.
    #[arg(long, default_value_t = 100)]
    pub rounds: usize,
    /// Seed of the negotiation's random choices.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

fn file_name(p: &Path) -> String {
    p.display().to_string()
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map_or_else(|| file_name(p), |s| s.to_string_lossy().into_owned())
}

struct Loaded {
    space: Space,
    warnings: Vec<String>,
    profiles: Vec<Value>,
}

fn load(args: &Args) -> anyhow::Result<Result<Loaded, String>> {
    use entente_bargain::{genius, geniusweb};
    if !args.genius.is_empty() {
        if args.genius.len() < 2 {
            bail!("--genius needs a domain file and at least one profile file");
        }
        let mut warnings = Vec::new();
        let read = |p: &Path| {
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
        };
        let dpath = &args.genius[0];
        let domain = match genius::read_domain(&read(dpath)?, &file_name(dpath)) {
            Ok((d, w)) => {
                warnings.extend(w.iter().map(ToString::to_string));
                d
            }
            Err(e) => return Ok(Err(e.to_string())),
        };
        let mut profiles = Vec::new();
        let mut infos = Vec::new();
        for p in &args.genius[1..] {
            match genius::read_profile(&read(p)?, &file_name(p)) {
                Ok((prof, w)) => {
                    warnings.extend(w.iter().map(ToString::to_string));
                    infos.push(json!({
                        "party": stem(p),
                        "file": file_name(p),
                        "reservation": prof.reservation(),
                        "discount_factor": prof.discount(),
                    }));
                    profiles.push((stem(p), prof));
                }
                Err(e) => return Ok(Err(e.to_string())),
            }
        }
        return Ok(
            match genius::to_space(&domain, &profiles, args.real_steps) {
                Ok(space) => Ok(Loaded {
                    space,
                    warnings,
                    profiles: infos,
                }),
                Err(e) => Err(e.to_string()),
            },
        );
    }
    if !args.geniusweb.is_empty() {
        let mut profiles = Vec::new();
        let mut infos = Vec::new();
        for p in &args.geniusweb {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            match geniusweb::read_profile(&text, &file_name(p)) {
                Ok(w) => {
                    infos.push(json!({ "party": stem(p), "file": file_name(p) }));
                    profiles.push((stem(p), w));
                }
                Err(e) => return Ok(Err(e.to_string())),
            }
        }
        return Ok(match geniusweb::to_space(&profiles) {
            Ok(space) => Ok(Loaded {
                space,
                warnings: Vec::new(),
                profiles: infos,
            }),
            Err(e) => Err(e.to_string()),
        });
    }
    let settlements = match load_settlements(&args.scenario.scenario) {
        Ok(s) => s,
        Err(_) => return Ok(Err("the scenario has problems; run `entente check`".into())),
    };
    let chosen = match &args.settlement {
        Some(id) => settlements.iter().find(|s| &s.id == id),
        None => settlements.first(),
    };
    let Some(st) = chosen else {
        let ids: Vec<&str> = settlements.iter().map(|s| s.id.as_str()).collect();
        bail!(
            "no settlement{} in the scenario (it has: {}); add the file that holds it with -s FILE, \
             or give --genius DOMAIN.xml PROFILE.xml...",
            args.settlement
                .as_deref()
                .map_or(String::new(), |s| format!(" `{s}`")),
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        );
    };
    Ok(Ok(Loaded {
        space: space_of(st),
        warnings: Vec::new(),
        profiles: Vec::new(),
    }))
}

/// The settlement spaces of the scenario at `paths`, or of the bundled scenario.
pub(crate) fn load_settlements(paths: &[PathBuf]) -> Result<Vec<Settlement>, ExitCode> {
    crate::scenario::load(paths).map(|s| s.settlements)
}

fn cond_expr(c: &Cond) -> Expr {
    match c {
        Cond::Cmp { issue, op, value } => Expr::Cmp {
            issue: *issue,
            op: match op {
                Op::Eq => CmpOp::Eq,
                Op::Ne => CmpOp::Ne,
                Op::Lt => CmpOp::Lt,
                Op::Le => CmpOp::Le,
                Op::Gt => CmpOp::Gt,
                Op::Ge => CmpOp::Ge,
            },
            value: *value,
        },
        Cond::In { issue, values } => Expr::In {
            issue: *issue,
            values: values.clone(),
        },
        Cond::And(xs) => Expr::And(xs.iter().map(cond_expr).collect()),
        Cond::Or(xs) => Expr::Or(xs.iter().map(cond_expr).collect()),
        Cond::Not(x) => Expr::Not(Box::new(cond_expr(x))),
    }
}

/// The engine's space of a scenario settlement (plain data to plain data).
pub fn space_of(st: &Settlement) -> Space {
    let issues = st
        .issues
        .iter()
        .map(|i| entente_bargain::Issue {
            id: i.id.clone(),
            kind: match i.kind {
                settlement::IssueKind::Categorical => entente_bargain::IssueKind::Categorical,
                settlement::IssueKind::Ordinal => entente_bargain::IssueKind::Ordinal,
                settlement::IssueKind::Numeric { min, max, step } => {
                    entente_bargain::IssueKind::Numeric { min, max, step }
                }
            },
            labels: i.labels.clone(),
            numbers: i.numbers.clone(),
        })
        .collect::<Vec<_>>();
    let n = issues.len();
    let parties = st
        .parties
        .iter()
        .map(|p| {
            let mut party = Party::new(p.actor.clone(), n);
            for pref in &p.prefs {
                match pref {
                    settlement::Pref::Table {
                        issue,
                        weight,
                        values,
                        ..
                    } => {
                        party.preferences[*issue] = Some(IssuePreference::Table {
                            weight: *weight,
                            values: values.clone(),
                        });
                    }
                    settlement::Pref::Ideal {
                        issue,
                        ideal,
                        salience,
                        ..
                    } => {
                        party.preferences[*issue] = Some(IssuePreference::Ideal {
                            ideal: *ideal,
                            salience: *salience,
                        });
                    }
                }
            }
            party.interactions = p
                .interactions
                .iter()
                .map(|t| Interaction {
                    a: t.a.0,
                    va: t.a.1,
                    b: t.b.0,
                    vb: t.b.1,
                    value: t.value,
                    source: t.source.clone(),
                })
                .collect();
            party.no_deal = p.no_deal;
            party.reservation = p.reservation;
            party.red_lines = p
                .red_lines
                .iter()
                .map(|r| RedLine {
                    id: r.id.clone(),
                    expr: cond_expr(&r.cond),
                    source: r.source.clone(),
                })
                .collect();
            party.source = p.source.clone();
            party
        })
        .collect();
    let links = st
        .links
        .iter()
        .map(|l| Link {
            id: l.id.clone(),
            expr: cond_expr(&l.cond),
            source: l.source.clone(),
        })
        .collect();
    Space {
        name: st.name.clone(),
        issues,
        parties,
        links,
    }
}

/// A package as an object `{issue: value}`.
pub fn outcome_json(space: &Space, index: u64) -> Value {
    let mut m = serde_json::Map::new();
    for (i, v) in space.labels(&space.decode(index)) {
        m.insert(i, Value::String(v));
    }
    Value::Object(m)
}

fn point_json(space: &Space, p: &Point) -> Value {
    json!({ "utilities": p.utilities, "outcome": outcome_json(space, p.index), "index": p.index })
}

fn opt_point(space: &Space, p: &Option<Point>) -> Value {
    p.as_ref().map_or(Value::Null, |p| point_json(space, p))
}

/// The analysis as the JSON document `entente negotiate --format json` prints.
pub fn analysis_json(space: &Space, a: &Analysis) -> Value {
    let s = &a.solutions;
    let mut distinct: Vec<&[f64]> = a.pareto.iter().map(|p| p.utilities.as_slice()).collect();
    distinct.sort_by(|x, y| {
        x.iter()
            .zip(y.iter())
            .map(|(a, b)| a.total_cmp(b))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    distinct.dedup();
    json!({
        "space": space.name,
        "parties": space.parties.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
        "issues": space.issues.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        "outcomes": a.outcomes,
        "acceptable": a.acceptable,
        "pareto_size": a.pareto.len(),
        "pareto_distinct_utilities": distinct.len(),
        "pareto": a.pareto.iter().map(|p| point_json(space, p)).collect::<Vec<_>>(),
        "disagreement": s.disagreement,
        "disagreement_rule": a.disagreement_rule,
        "ideal": s.ideal.iter().map(|x| if x.is_finite() { json!(x) } else { Value::Null }).collect::<Vec<_>>(),
        "nash": opt_point(space, &s.nash),
        "kalai_smorodinsky": opt_point(space, &s.kalai_smorodinsky),
        "kalai_smorodinsky_genius": opt_point(space, &s.kalai_smorodinsky_genius),
        "utilitarian": opt_point(space, &s.utilitarian),
        "egalitarian": opt_point(space, &s.egalitarian),
        "no_deal": a.no_deal,
        "explanation": a.no_deal.as_ref().map(|n| conflict::render(space, n)),
    })
}

fn fmt_u(u: &[f64]) -> String {
    let parts: Vec<String> = u.iter().map(|x| format!("{x:.4}")).collect();
    format!("({})", parts.join(", "))
}

fn outcome_text(space: &Space, index: u64) -> String {
    let parts: Vec<String> = space
        .labels(&space.decode(index))
        .into_iter()
        .map(|(i, v)| format!("{i}={v}"))
        .collect();
    parts.join(", ")
}

/// Run `entente negotiate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = match load(&args)? {
        Ok(l) => l,
        Err(msg) => {
            eprintln!("error: {msg}");
            return Ok(ExitCode::from(exit::PROBLEMS));
        }
    };
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
    let space = loaded.space;
    let peer = !args.genius.is_empty() || !args.geniusweb.is_empty();
    let dis = match args.disagreement {
        Some(DisagreementArg::NoDeal) => Disagreement::NoDeal,
        Some(DisagreementArg::Reservation) => Disagreement::Reservation,
        Some(DisagreementArg::Zero) => Disagreement::Zero,
        None if peer => Disagreement::Reservation,
        None => Disagreement::NoDeal,
    };
    let model = match Model::new(&space) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(exit::PROBLEMS));
        }
    };
    let a = match analyse_model(&space, &model, dis) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(exit::PROBLEMS));
        }
    };
    let chosen = a
        .solutions
        .nash
        .clone()
        .or_else(|| a.solutions.kalai_smorodinsky.clone());
    let views = chosen
        .as_ref()
        .map(|c| party_views(&space, &model, c.index));
    let robust = if args.robustness {
        Some(robustness(&space, SolutionKind::Nash, dis).map_err(|e| anyhow::anyhow!("{e}"))?)
    } else {
        None
    };
    let sim = if args.simulate {
        let mut strategies = Vec::new();
        for s in &args.agents {
            strategies.push(Strategy::parse(s).ok_or_else(|| {
                anyhow::anyhow!("unknown agent `{s}`: use boulware, linear, conceder, tit-for-tat or e=<exponent>")
            })?);
        }
        let last = *strategies.last().unwrap_or(&Strategy::BOULWARE);
        strategies.resize(model.k, last);
        strategies.truncate(model.k);
        Some(
            negotiate(
                &space,
                &model,
                &strategies,
                args.rounds,
                args.seed,
                &a.pareto,
                a.solutions.nash.as_ref(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        )
    } else {
        None
    };
    match args.format {
        Format::Json => {
            let mut doc = analysis_json(&space, &a);
            if let Value::Object(m) = &mut doc {
                m.insert("profiles".into(), json!(loaded.profiles));
                m.insert("warnings".into(), json!(loaded.warnings));
                m.insert("party_views".into(), json!(views));
                m.insert("robustness".into(), json!(robust));
                if let Some(s) = &sim {
                    let mut sj = json!(s);
                    if let (Value::Object(o), Some(ag)) = (&mut sj, &s.agreement) {
                        o.insert("agreement_outcome".into(), outcome_json(&space, ag.package));
                    }
                    m.insert("simulation".into(), sj);
                }
            }
            // One write: stdout is line-buffered and a large frontier has many lines.
            let mut buf = serde_json::to_vec_pretty(&doc)?;
            buf.push(b'\n');
            std::io::Write::write_all(&mut std::io::stdout().lock(), &buf)?;
        }
        Format::Csv => {
            let mut header = vec!["index".to_string()];
            header.extend(space.parties.iter().map(|p| format!("u_{}", p.id)));
            header.extend(space.issues.iter().map(|i| i.id.clone()));
            println!(
                "{}",
                header
                    .iter()
                    .map(|h| csv_field(h))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            for p in &a.pareto {
                let mut row = vec![p.index.to_string()];
                row.extend(p.utilities.iter().map(|u| format!("{u}")));
                row.extend(
                    space
                        .labels(&space.decode(p.index))
                        .into_iter()
                        .map(|(_, v)| csv_field(&v)),
                );
                println!("{}", row.join(","));
            }
        }
        Format::Table => {
            let parties: Vec<&str> = space.parties.iter().map(|p| p.id.as_str()).collect();
            println!(
                "Settlement space {} — parties {}",
                space.name,
                parties.join(", ")
            );
            println!("packages:            {}", a.outcomes);
            println!("acceptable to all:   {}", a.acceptable);
            println!("Pareto frontier:     {} package(s)", a.pareto.len());
            println!(
                "disagreement point:  {} ({:?})",
                fmt_u(&a.solutions.disagreement),
                a.disagreement_rule
            );
            for p in a.pareto.iter().take(args.show) {
                println!(
                    "  {}  {}",
                    fmt_u(&p.utilities),
                    outcome_text(&space, p.index)
                );
            }
            if a.pareto.len() > args.show {
                println!(
                    "  … {} more (use --show or --format json)",
                    a.pareto.len() - args.show
                );
            }
            let s = &a.solutions;
            for (name, p) in [
                ("Nash", &s.nash),
                ("Kalai–Smorodinsky", &s.kalai_smorodinsky),
                ("KS (GENIUS variant)", &s.kalai_smorodinsky_genius),
                ("utilitarian", &s.utilitarian),
                ("egalitarian", &s.egalitarian),
            ] {
                match p {
                    Some(p) => println!(
                        "{name:<20} {}  {}",
                        fmt_u(&p.utilities),
                        outcome_text(&space, p.index)
                    ),
                    None => println!("{name:<20} none"),
                }
            }
            if let Some(n) = &a.no_deal {
                print!("{}", conflict::render(&space, n));
            }
            if let Some(vs) = &views {
                println!("What each party gets at the chosen solution:");
                for v in vs {
                    let g: Vec<&str> = v.gains.iter().take(3).map(|s| s.issue.as_str()).collect();
                    let t: Vec<&str> = v.trades.iter().take(3).map(|s| s.issue.as_str()).collect();
                    println!(
                        "  {:<12} gains most on: {:<40} trades away: {}",
                        v.party,
                        g.join(", "),
                        t.join(", ")
                    );
                }
            }
            if let Some(r) = &robust {
                match r.package {
                    Some(p) => println!(
                        "Robustness of the Nash package ({}) under ±10% moves: {} of {} moves keep it",
                        outcome_text(&space, p),
                        r.unchanged,
                        r.tried
                    ),
                    None => println!(
                        "Robustness under ±10% moves: there is no Nash package; {} of {} moves leave it so",
                        r.unchanged, r.tried
                    ),
                }
                for f in r.flips.iter().take(10) {
                    println!(
                        "  {} {} {} → {}",
                        f.party,
                        f.number,
                        f.change,
                        f.package.map_or("none".into(), |p| outcome_text(&space, p))
                    );
                }
            }
            if let Some(s) = &sim {
                match &s.agreement {
                    Some(ag) => println!(
                        "Negotiation: agreement in round {} on {} {}; distance to frontier {:.4}, to Nash {}",
                        ag.round + 1,
                        outcome_text(&space, ag.package),
                        fmt_u(&ag.utilities),
                        s.distance_to_frontier.unwrap_or(f64::NAN),
                        s.distance_to_nash
                            .map_or("n/a".into(), |d| format!("{d:.4}"))
                    ),
                    None => println!(
                        "Negotiation: no agreement within {} rounds ({} offers)",
                        s.rounds_played, s.offers
                    ),
                }
            }
        }
    }
    Ok(ExitCode::from(exit::OK))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
