//! The `negotiate` question: analyse a settlement space — how many packages exist and how many
//! every party accepts, the Pareto frontier, the Nash, Kalai–Smorodinsky, utilitarian and
//! egalitarian solutions, why no deal exists when none does — and optionally check the Nash
//! package's robustness and run an automated negotiation. The space is a `[settlement.ID]` of
//! the scenario (turned into the engine's `Space` here, by [`space_of`]) or GENIUS / GeniusWeb
//! files whose text the query carries.

use std::collections::BTreeMap;

use entente_bargain::sensitivity::{PartyView, Robustness, SolutionKind, party_views, robustness};
use entente_bargain::simulate::{Outcome, Strategy, negotiate};
use entente_bargain::{
    CmpOp, Concession, Disagreement, Expr, Interaction, IssuePreference, Link, Model, NoDeal,
    Party, Point, RedLine, Space, analyse_model, conflict,
};
use entente_scenario::Scenario;
use entente_scenario::diag::did_you_mean;
use entente_scenario::settlement::{self, Cond, Op, Settlement};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ApiDiagnostic;
use crate::{ApiError, Session};

/// The most steps a real-valued GENIUS issue may be cut into (an issue has at most 100000
/// values).
pub const MAX_REAL_STEPS: usize = 99_999;

/// The largest deadline a negotiation may be asked for, in rounds.
pub const MAX_ROUNDS: usize = 1_000_000;

/// A file given by its name (for messages) and its text.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeerFile {
    /// The file's name, as shown in messages; its stem names the party of a profile.
    pub name: String,
    /// The file's content.
    pub text: String,
}

/// A GENIUS domain and its profiles.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Genius {
    /// The domain file (XML).
    pub domain: PeerFile,
    /// One profile file (XML) per party, at least one.
    pub profiles: Vec<PeerFile>,
}

/// An automated negotiation to run.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Simulate {
    /// Agents, one per party in order (boulware, linear, conceder, tit-for-tat, e=<exponent>);
    /// the last one is repeated for the remaining parties.
    #[serde(default = "default_agents")]
    pub agents: Vec<String>,
    /// Deadline, in rounds (at most [`MAX_ROUNDS`]).
    #[serde(default = "default_rounds")]
    pub rounds: usize,
    /// Seed of the negotiation's random choices.
    #[serde(default)]
    pub seed: u64,
}

fn default_agents() -> Vec<String> {
    vec!["boulware".into()]
}

fn default_rounds() -> usize {
    100
}

fn default_real_steps() -> usize {
    10
}

impl Default for Simulate {
    fn default() -> Self {
        Simulate {
            agents: default_agents(),
            rounds: default_rounds(),
            seed: 0,
        }
    }
}

/// What is asked.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Which `[settlement.ID]` of the scenario (default: the first). Ignored with peer files.
    #[serde(default)]
    pub settlement: Option<String>,
    /// A GENIUS domain with its profiles, instead of the scenario's settlement.
    #[serde(default)]
    pub genius: Option<Genius>,
    /// GeniusWeb JSON profiles (linear additive, domain inline), instead of the scenario's.
    #[serde(default)]
    pub geniusweb: Vec<PeerFile>,
    /// Disagreement point of the solutions (default: `reservation` for peer files, `no-deal`
    /// for scenarios).
    #[serde(default)]
    pub disagreement: Option<Disagreement>,
    /// Equal steps a real-valued GENIUS issue is cut into (steps + 1 values).
    #[serde(default = "default_real_steps")]
    pub real_steps: usize,
    /// Also check the Nash solution's robustness to ±10% on every preference number.
    #[serde(default)]
    pub robustness: bool,
    /// Also run an automated negotiation (stacked alternating offers).
    #[serde(default)]
    pub simulate: Option<Simulate>,
    /// When no package is acceptable, also analyse the space once the first proposed concession
    /// (relaxing red lines) is made.
    #[serde(default)]
    pub after_first_concession: bool,
    /// Parties that defect (M13): the space is analysed again without them (their preferences
    /// and red lines gone), and the answer says which solutions and frontier packages survive.
    #[serde(default)]
    pub without: Vec<String>,
    /// Red lines conceded (M13): each named party drops the named red line, and the space is
    /// analysed again; the answer (`defection`, with `without` if given too) says which
    /// solutions and frontier packages survive and how many packages become acceptable.
    #[serde(default)]
    pub flip: Vec<Flip>,
    /// A party that mediates by a single negotiating text (M30): its draft is revised, one issue
    /// at a time and never at a party's expense, until every party accepts it or no revision is
    /// left; compared with alternating offers on the same space (`simulate`, else Boulware
    /// agents for 100 rounds, seed 0).
    #[serde(default)]
    pub mediator: Option<String>,
    /// Linked negotiations (M30): also analyse the settlement with its linkages applied — each
    /// linked settlement's outcome read by the linkage's rule (its own linkages applied first),
    /// and the red lines, no-deal values and narrowing of the linkages whose condition holds on
    /// it. With `mediator`, each linked settlement the mediator is a party of is mediated too.
    #[serde(default)]
    pub linked: bool,
    /// Outcomes assumed for linked settlements instead of their linkages' rule, as
    /// `SETTLEMENT:CHOICE` with CHOICE `nash`, `kalai_smorodinsky`, `nash_after_concession`, a
    /// package index, or `none` (no agreement). Implies `linked`.
    #[serde(default)]
    pub linked_outcome: Vec<String>,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            settlement: None,
            genius: None,
            geniusweb: Vec::new(),
            disagreement: None,
            real_steps: default_real_steps(),
            robustness: false,
            simulate: None,
            after_first_concession: false,
            without: Vec::new(),
            flip: Vec::new(),
            mediator: None,
            linked: false,
            linked_outcome: Vec::new(),
        }
    }
}

/// A red line a party concedes: `PARTY:REDLINE` on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flip {
    /// The party (its actor id in the settlement).
    pub party: String,
    /// The id of one of its red lines.
    pub red_line: String,
}

impl std::str::FromStr for Flip {
    type Err = ApiError;

    /// Read `PARTY:REDLINE`.
    fn from_str(s: &str) -> Result<Flip, ApiError> {
        match s.split_once(':') {
            Some((p, r)) if !p.trim().is_empty() && !r.trim().is_empty() => Ok(Flip {
                party: p.trim().to_string(),
                red_line: r.trim().to_string(),
            }),
            _ => Err(ApiError::usage(
                "bad-flip",
                format!("`{s}` does not name a party's red line"),
            )
            .with_hint("write PARTY:REDLINE, e.g. RUS:written-pledge")),
        }
    }
}

/// A red line conceded in a defection: which one, and the statement it rested on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FlippedRedLine {
    /// The party that concedes it.
    pub party: String,
    /// The red line's id.
    pub red_line: String,
    /// The public statement it rests on, when the settlement gives one.
    pub source: Option<String>,
}

impl Query {
    /// Whether the space comes from peer files rather than from a scenario.
    pub fn uses_peer_files(&self) -> bool {
        self.genius.is_some() || !self.geniusweb.is_empty()
    }
}

/// A profile file that was read.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProfileInfo {
    /// The party it defines (the file's stem).
    pub party: String,
    /// The file, as named.
    pub file: String,
    /// The reservation value (GENIUS; 0 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservation: Option<f64>,
    /// The discount factor (GENIUS; null when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_factor: Option<Option<f64>>,
}

/// What a party's numbers rest on.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct PartySource {
    /// The party.
    pub party: String,
    /// Its no-deal value.
    pub no_deal: f64,
    /// The source of its preferences, when given.
    pub source: Option<String>,
}

/// A package with its utilities and its value on every issue.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Package {
    /// Utilities, in party order.
    pub utilities: Vec<f64>,
    /// The value on every issue, by issue id.
    pub outcome: BTreeMap<String, String>,
    /// Package index (mixed radix, first issue most significant).
    pub index: u64,
}

/// An automated negotiation's result.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Simulation {
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The agreed package's value on every issue, when there is an agreement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement_outcome: Option<BTreeMap<String, String>>,
}

/// The answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The space's name.
    pub space: String,
    /// The parties, in order.
    pub parties: Vec<String>,
    /// The issues, in order.
    pub issues: Vec<String>,
    /// Number of packages.
    pub outcomes: u64,
    /// Number of packages every party accepts.
    pub acceptable: u64,
    /// Number of packages on the Pareto frontier.
    pub pareto_size: usize,
    /// Number of distinct utility vectors on the frontier.
    pub pareto_distinct_utilities: usize,
    /// The Pareto frontier of the acceptable packages, by increasing package index.
    pub pareto: Vec<Package>,
    /// The disagreement point used.
    pub disagreement: Vec<f64>,
    /// The rule that gave it.
    pub disagreement_rule: Disagreement,
    /// Each party's best utility over the acceptable packages (null when none is acceptable).
    pub ideal: Vec<Option<f64>>,
    /// The Nash solution.
    pub nash: Option<Package>,
    /// The Kalai–Smorodinsky solution.
    pub kalai_smorodinsky: Option<Package>,
    /// GENIUS's variant of Kalai–Smorodinsky.
    pub kalai_smorodinsky_genius: Option<Package>,
    /// The utilitarian solution.
    pub utilitarian: Option<Package>,
    /// The egalitarian solution.
    pub egalitarian: Option<Package>,
    /// Why no package is acceptable (only when none is): the colliding constraints and the
    /// smallest concessions.
    pub no_deal: Option<NoDeal>,
    /// The same, as text.
    pub explanation: Option<String>,
    /// Every party's no-deal value and the public statements its preferences rest on.
    pub sources: Vec<PartySource>,
    /// The profile files read (peer files only).
    pub profiles: Vec<ProfileInfo>,
    /// Warnings met while reading them, located.
    pub warnings: Vec<String>,
    /// What each party gains and trades away at the chosen solution (Nash, else
    /// Kalai–Smorodinsky).
    pub party_views: Option<Vec<PartyView>>,
    /// The Nash package's robustness to ±10% moves (when asked).
    pub robustness: Option<Robustness>,
    /// The automated negotiation (when asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<Simulation>,
    /// The first proposed concession (relaxing red lines), when asked and when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_concession: Option<Concession>,
    /// The analysis once that concession is made (when asked and possible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_first_concession: Option<Box<Answer>>,
    /// The single negotiating text and alternating offers on the same space (with `mediator`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mediation: Option<Box<Mediation>>,
    /// What survives when the `without` parties defect (when asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defection: Option<Box<Defection>>,
    /// The settlements whose outcome conditions this one through its linkages (absent when
    /// none does).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked_to: Vec<String>,
    /// This settlement with and without its linkages (with `linked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked: Option<Box<Linked>>,
    /// The space analysed (for front ends that decode package indices).
    #[serde(skip)]
    #[schemars(skip)]
    pub space_data: Space,
}

/// Mediation by a single negotiating text, beside alternating offers (M30).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Mediation {
    /// The mediator, every version of the text, and whether the last is agreed.
    #[serde(flatten)]
    pub text: entente_bargain::SingleText,
    /// The last version's value on every issue.
    pub final_outcome: BTreeMap<String, String>,
    /// Packages every party accepts (0: no text can be agreed, whatever the mediator does).
    pub acceptable: u64,
    /// What the procedure shows, in one sentence.
    pub conclusion: String,
    /// Alternating offers on the same space, for comparison.
    pub alternating_offers: Simulation,
}

/// Linked negotiations (M30): the settlement analysed with the linkages that apply, beside the
/// settlement as written.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Linked {
    /// Every linkage of the settlement, with the linked settlement's outcome used.
    pub linkages: Vec<LinkageUse>,
    /// Packages every party accepts without the linkages (the settlement as written).
    pub acceptable_unlinked: u64,
    /// Packages every party accepts with the linkages that apply.
    pub acceptable_linked: u64,
    /// Size of the Pareto frontier without the linkages.
    pub pareto_unlinked: usize,
    /// Size of the Pareto frontier with them.
    pub pareto_linked: usize,
    /// Each solution without and with the linkages.
    pub solutions: Vec<LinkedSolution>,
    /// The full analysis with the linkages (with `mediator`: mediated on the linked space).
    pub analysis: Box<Answer>,
}

/// One linkage: the linked settlement's outcome, and whether the linkage applies on it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LinkageUse {
    /// The linkage's id.
    pub id: String,
    /// The linked settlement.
    pub settlement: String,
    /// How its outcome was read: `nash`, `kalai_smorodinsky`, `nash_after_concession`, a
    /// package index, or `none`.
    pub outcome_rule: String,
    /// Whether the query assumed that rule (`linked_outcome`) instead of the linkage's own.
    pub assumed: bool,
    /// Whether the linked settlement reaches an agreement under that rule.
    pub agreement: bool,
    /// The agreed package of the linked settlement (null: no agreement).
    pub package: Option<Package>,
    /// The linkage's condition on that outcome, as written.
    pub when: String,
    /// Whether it holds, so that the changes apply.
    pub applies: bool,
    /// What the linkage changes in this settlement, in words (applied or not).
    pub changes: Vec<String>,
    /// What the linkage rests on.
    pub source: Option<String>,
    /// The linked settlement mediated by the same single text (with `mediator`, when the
    /// mediator is one of its parties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mediation: Option<Box<Mediation>>,
}

/// One solution concept without and with the linkages.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LinkedSolution {
    /// `nash`, `kalai_smorodinsky`, `utilitarian` or `egalitarian`.
    pub solution: String,
    /// Its package index without the linkages (null: none).
    pub unlinked: Option<u64>,
    /// Its package index with them (null: none).
    pub linked: Option<u64>,
    /// Whether it is the same package.
    pub same: bool,
}

/// Simulated defection (M13): the same space without some parties, or with some red lines
/// conceded (`flipped`), or both.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Defection {
    /// The parties that defect.
    pub without: Vec<String>,
    /// The red lines conceded (with `flip`): the space is analysed without them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flipped: Vec<FlippedRedLine>,
    /// The parties that remain.
    pub remaining: Vec<String>,
    /// Packages every party accepts, with all parties.
    pub acceptable_with: u64,
    /// Packages every remaining party accepts once the defectors leave and the flipped red
    /// lines are dropped (never fewer: the red lines go).
    pub acceptable_without: u64,
    /// Packages of the Pareto frontier with all parties that are still on it without them.
    pub pareto_surviving: usize,
    /// Size of the frontier with all parties.
    pub pareto_with: usize,
    /// Each solution with and without the defectors: the same package, or another.
    pub solutions: Vec<SolutionSurvival>,
    /// The full analysis without them.
    pub analysis: Box<Answer>,
}

/// One solution concept before and after a defection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SolutionSurvival {
    /// `nash`, `kalai_smorodinsky`, `utilitarian` or `egalitarian`.
    pub solution: String,
    /// Its package index with every party (null: none).
    pub with: Option<u64>,
    /// Its package index without the defectors and the flipped red lines (null: none).
    pub without: Option<u64>,
    /// Whether it is the same package.
    pub survives: bool,
}

/// The analysis of `space` without the parties `without` and the red lines `flips`, compared
/// with `a` (the analysis with them).
fn defection(
    space: &Space,
    a: &Answer,
    without: &[String],
    flips: &[Flip],
    dis: Disagreement,
) -> Result<Defection, ApiError> {
    let ids: Vec<&str> = space.parties.iter().map(|p| p.id.as_str()).collect();
    for w in without {
        if !ids.contains(&w.as_str()) {
            return Err(ApiError::usage(
                "unknown-party",
                format!("`{w}` is not a party of `{}`", space.name),
            )
            .with_hint(format!("the parties are: {}", ids.join(", "))));
        }
    }
    let mut rest = space.clone();
    let flipped = concede(&mut rest, without, flips)?;
    rest.parties.retain(|p| !without.contains(&p.id));
    if rest.parties.is_empty() {
        return Err(ApiError::usage(
            "no-party-left",
            "every party would defect; leave at least one",
        ));
    }
    let plain = Query::default();
    let b = analyse(rest, dis, &plain)?;
    let old: std::collections::BTreeSet<u64> = a.pareto.iter().map(|p| p.index).collect();
    let pareto_surviving = b.pareto.iter().filter(|p| old.contains(&p.index)).count();
    let pick = |x: &Answer, k: &str| -> Option<u64> {
        match k {
            "nash" => x.nash.as_ref(),
            "kalai_smorodinsky" => x.kalai_smorodinsky.as_ref(),
            "utilitarian" => x.utilitarian.as_ref(),
            _ => x.egalitarian.as_ref(),
        }
        .map(|p| p.index)
    };
    let solutions = ["nash", "kalai_smorodinsky", "utilitarian", "egalitarian"]
        .iter()
        .map(|k| {
            let (w, wo) = (pick(a, k), pick(&b, k));
            SolutionSurvival {
                solution: k.to_string(),
                with: w,
                without: wo,
                survives: w.is_some() && w == wo,
            }
        })
        .collect();
    Ok(Defection {
        without: without.to_vec(),
        flipped,
        remaining: b.parties.clone(),
        acceptable_with: a.acceptable,
        acceptable_without: b.acceptable,
        pareto_surviving,
        pareto_with: a.pareto.len(),
        solutions,
        analysis: Box::new(b),
    })
}

/// Drop the red lines `flips` from `space` (each party concedes its own), after checking that
/// every party and red line exists, that none is named twice and that no flipped party also
/// leaves (`without`).
fn concede(
    space: &mut Space,
    without: &[String],
    flips: &[Flip],
) -> Result<Vec<FlippedRedLine>, ApiError> {
    let mut out: Vec<FlippedRedLine> = Vec::new();
    for f in flips {
        let flip = format!("flip {}:{}", f.party, f.red_line);
        let ids: Vec<String> = space.parties.iter().map(|p| p.id.clone()).collect();
        let Some(party) = space.parties.iter_mut().find(|p| p.id == f.party) else {
            let hint = did_you_mean(&f.party, ids.iter().map(String::as_str))
                .map_or(String::new(), |h| format!("{h} "));
            return Err(ApiError::usage(
                "unknown-party",
                format!("{flip}: `{}` is not a party of `{}`", f.party, space.name),
            )
            .with_hint(format!("{hint}the parties are: {}", ids.join(", "))));
        };
        if without.contains(&f.party) {
            return Err(ApiError::usage(
                "flip-of-defector",
                format!(
                    "{flip}: `{}` also leaves (--without), and its red lines leave with it",
                    f.party
                ),
            )
            .with_hint("name the party in --without or in --flip, not both"));
        }
        let Some(k) = party.red_lines.iter().position(|r| r.id == f.red_line) else {
            let lines: Vec<&str> = party.red_lines.iter().map(|r| r.id.as_str()).collect();
            let already = out
                .iter()
                .any(|x| x.party == f.party && x.red_line == f.red_line);
            if already {
                return Err(ApiError::usage(
                    "duplicate-flip",
                    format!("{flip}: this red line is named twice"),
                )
                .with_hint("name each red line once"));
            }
            if lines.is_empty() {
                return Err(ApiError::usage(
                    "unknown-red-line",
                    format!("{flip}: `{}` has no red line in `{}`", f.party, space.name),
                )
                .with_hint("red lines are the `red_lines` of the party in the settlement"));
            }
            let hint = did_you_mean(&f.red_line, lines.iter().copied())
                .map_or(String::new(), |h| format!("{h} "));
            return Err(ApiError::usage(
                "unknown-red-line",
                format!(
                    "{flip}: `{}` is not a red line of `{}` in `{}`",
                    f.red_line, f.party, space.name
                ),
            )
            .with_hint(format!(
                "{hint}the red lines of {}: {}",
                f.party,
                lines.join(", ")
            )));
        };
        let r = party.red_lines.remove(k);
        out.push(FlippedRedLine {
            party: f.party.clone(),
            red_line: r.id,
            source: r.source,
        });
    }
    Ok(out)
}

impl Answer {
    /// The value on every issue of package `index`, in issue order.
    pub fn labels(&self, index: u64) -> Vec<(String, String)> {
        self.space_data.labels(&self.space_data.decode(index))
    }
}

/// Answer the question on a session's scenario (or on the peer files the query carries).
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    answer_on(Some(session.scenario()), query)
}

/// Answer the question with or without a scenario: peer files need none.
pub fn answer_on(scenario: Option<&Scenario>, query: &Query) -> Result<Answer, ApiError> {
    let (space, warnings, profiles) = load(scenario, query)?;
    let dis = query.disagreement.unwrap_or(if query.uses_peer_files() {
        Disagreement::Reservation
    } else {
        Disagreement::NoDeal
    });
    let mut a = analyse(space, dis, query)?;
    if !query.without.is_empty() || !query.flip.is_empty() {
        let d = defection(&a.space_data, &a, &query.without, &query.flip, dis)?;
        a.defection = Some(Box::new(d));
    }
    let wants_linked = query.linked || !query.linked_outcome.is_empty();
    match (scenario, chosen(scenario, query)) {
        (Some(sc), Some(st)) if !query.uses_peer_files() => {
            for l in &st.linkages {
                if !a.linked_to.contains(&l.settlement) {
                    a.linked_to.push(l.settlement.clone());
                }
            }
            if wants_linked {
                a.linked = Some(Box::new(linked(sc, st, &a, dis, query)?));
            }
        }
        _ if wants_linked => {
            return Err(ApiError::usage(
                "not-linked",
                "linked negotiations are read from a scenario's settlements, not from peer files",
            )
            .with_hint("drop --linked, or give a scenario whose settlement has linkages"));
        }
        _ => {}
    }
    a.warnings = warnings;
    a.profiles = profiles;
    Ok(a)
}

/// The engine's error as an API error: located ones carry a diagnostic.
fn engine_error(e: &entente_bargain::Error, code: &str) -> ApiError {
    use entente_bargain::ErrorKind as K;
    let mut err = match e.kind() {
        K::TooLarge | K::Unsupported => ApiError::unsupported(code, e.to_string()),
        _ => ApiError::input(code, e.to_string()),
    };
    if let Some(file) = e.file() {
        err.diagnostics.push(ApiDiagnostic {
            severity: "error".into(),
            code: code.into(),
            file: file.into(),
            line: e.line().unwrap_or(0),
            column: e.column().unwrap_or(0),
            message: e.message().into(),
            expected: None,
            hint: e.hint().map(Into::into),
        });
    }
    err
}

fn stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}

type Loaded = (Space, Vec<String>, Vec<ProfileInfo>);

fn load(scenario: Option<&Scenario>, q: &Query) -> Result<Loaded, ApiError> {
    use entente_bargain::{genius, geniusweb};
    if let Some(g) = &q.genius {
        if q.real_steps > MAX_REAL_STEPS {
            return Err(ApiError::usage(
                "too-large",
                format!(
                    "{} steps asked for a real-valued issue; at most {MAX_REAL_STEPS}",
                    q.real_steps
                ),
            )
            .with_hint("give a smaller --real-steps"));
        }
        if g.profiles.is_empty() {
            return Err(ApiError::usage(
                "missing-profiles",
                "--genius needs a domain file and at least one profile file",
            ));
        }
        let mut warnings = Vec::new();
        let (domain, w) = genius::read_domain(&g.domain.text, &g.domain.name)
            .map_err(|e| engine_error(&e, "bad-genius-file"))?;
        warnings.extend(w.iter().map(ToString::to_string));
        let mut profiles = Vec::new();
        let mut infos = Vec::new();
        for p in &g.profiles {
            let (prof, w) = genius::read_profile(&p.text, &p.name)
                .map_err(|e| engine_error(&e, "bad-genius-file"))?;
            warnings.extend(w.iter().map(ToString::to_string));
            infos.push(ProfileInfo {
                party: stem(&p.name),
                file: p.name.clone(),
                reservation: Some(prof.reservation()),
                discount_factor: Some(prof.discount()),
            });
            profiles.push((stem(&p.name), prof));
        }
        let space = genius::to_space(&domain, &profiles, q.real_steps)
            .map_err(|e| engine_error(&e, "bad-genius-file"))?;
        return Ok((space, warnings, infos));
    }
    if !q.geniusweb.is_empty() {
        let mut profiles = Vec::new();
        let mut infos = Vec::new();
        for p in &q.geniusweb {
            let w = geniusweb::read_profile(&p.text, &p.name)
                .map_err(|e| engine_error(&e, "bad-geniusweb-file"))?;
            infos.push(ProfileInfo {
                party: stem(&p.name),
                file: p.name.clone(),
                reservation: None,
                discount_factor: None,
            });
            profiles.push((stem(&p.name), w));
        }
        let space =
            geniusweb::to_space(&profiles).map_err(|e| engine_error(&e, "bad-geniusweb-file"))?;
        return Ok((space, Vec::new(), infos));
    }
    let settlements: &[Settlement] = scenario.map_or(&[], |s| s.settlements.as_slice());
    let Some(st) = chosen(scenario, q) else {
        let ids: Vec<&str> = settlements.iter().map(|s| s.id.as_str()).collect();
        return Err(ApiError::usage(
            if q.settlement.is_some() {
                "unknown-settlement"
            } else {
                "no-settlement"
            },
            format!(
                "no settlement{} in the scenario (it has: {}); add the file that holds it with \
                 -s FILE, or give --genius DOMAIN.xml PROFILE.xml...",
                q.settlement
                    .as_deref()
                    .map_or(String::new(), |s| format!(" `{s}`")),
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            ),
        ));
    };
    Ok((space_of(st), Vec::new(), Vec::new()))
}

/// The settlement a query asks about: the one named, else the first (by id).
fn chosen<'s>(scenario: Option<&'s Scenario>, q: &Query) -> Option<&'s Settlement> {
    let settlements: &[Settlement] = scenario.map_or(&[], |s| s.settlements.as_slice());
    match &q.settlement {
        Some(id) => settlements.iter().find(|s| &s.id == id),
        None => settlements.first(),
    }
}

/// The analysis of settlement `st` with its linkages applied, beside `a` (without them).
fn linked(
    sc: &Scenario,
    st: &Settlement,
    a: &Answer,
    dis: Disagreement,
    q: &Query,
) -> Result<Linked, ApiError> {
    if st.linkages.is_empty() {
        let with: Vec<&str> = sc
            .settlements
            .iter()
            .filter(|s| !s.linkages.is_empty())
            .map(|s| s.id.as_str())
            .collect();
        return Err(ApiError::usage(
            "not-linked",
            format!(
                "settlement `{}` has no linkage to another settlement",
                st.id
            ),
        )
        .with_hint(if with.is_empty() {
            "add a [[settlement.ID.linkage]] to it (docs/settlements.md, Linked negotiations)"
                .to_string()
        } else {
            format!("settlements with linkages: {}", with.join(", "))
        }));
    }
    let assumed = assumed_outcomes(sc, &q.linked_outcome)?;
    let (space, linkages) = linked_space(sc, st, &assumed, dis, q.mediator.as_deref(), 0)?;
    let plain = Query {
        mediator: q.mediator.clone(),
        ..Query::default()
    };
    let b = analyse(space, dis, &plain)?;
    let pick = |x: &Answer, k: &str| -> Option<u64> {
        match k {
            "nash" => x.nash.as_ref(),
            "kalai_smorodinsky" => x.kalai_smorodinsky.as_ref(),
            "utilitarian" => x.utilitarian.as_ref(),
            _ => x.egalitarian.as_ref(),
        }
        .map(|p| p.index)
    };
    let solutions = ["nash", "kalai_smorodinsky", "utilitarian", "egalitarian"]
        .iter()
        .map(|k| {
            let (u, l) = (pick(a, k), pick(&b, k));
            LinkedSolution {
                solution: k.to_string(),
                unlinked: u,
                linked: l,
                same: u == l,
            }
        })
        .collect();
    Ok(Linked {
        linkages,
        acceptable_unlinked: a.acceptable,
        acceptable_linked: b.acceptable,
        pareto_unlinked: a.pareto.len(),
        pareto_linked: b.pareto.len(),
        solutions,
        analysis: Box::new(b),
    })
}

/// The outcomes a query assumes for linked settlements (settlement → choice), each checked.
fn assumed_outcomes(sc: &Scenario, given: &[String]) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out = BTreeMap::new();
    for g in given {
        let Some((sid, choice)) = g.split_once(':') else {
            return Err(ApiError::usage(
                "bad-linked-outcome",
                format!("`{g}` names no outcome: write SETTLEMENT:CHOICE"),
            )
            .with_hint(format!(
                "CHOICE is one of {}, or `none` (no agreement)",
                entente_scenario::architecture::PACKAGE_CHOICES
            )));
        };
        if choice != "none"
            && let Err(e) = entente_scenario::architecture::check_package(sc, g)
        {
            return Err(ApiError::usage("bad-linked-outcome", e).with_hint(format!(
                "CHOICE is one of {}, or `none` (no agreement)",
                entente_scenario::architecture::PACKAGE_CHOICES
            )));
        }
        if !sc
            .settlements
            .iter()
            .any(|s| s.linkages.iter().any(|l| l.settlement == sid))
        {
            let linked: Vec<&str> = sc
                .settlements
                .iter()
                .flat_map(|s| s.linkages.iter().map(|l| l.settlement.as_str()))
                .collect();
            return Err(ApiError::usage(
                "bad-linked-outcome",
                format!("no linkage of the scenario reads the outcome of settlement `{sid}`"),
            )
            .with_hint(if linked.is_empty() {
                "the scenario has no linkage".to_string()
            } else {
                format!("linked settlements: {}", linked.join(", "))
            }));
        }
        out.insert(sid.to_string(), choice.to_string());
    }
    Ok(out)
}

/// The space of `st` with the linkages that apply, and every linkage's use. Linked settlements
/// are read with their own linkages applied; `depth` bounds the chain (the checker refuses
/// cycles, this keeps a bad input from recursing without end).
fn linked_space(
    sc: &Scenario,
    st: &Settlement,
    assumed: &BTreeMap<String, String>,
    dis: Disagreement,
    mediator: Option<&str>,
    depth: usize,
) -> Result<(Space, Vec<LinkageUse>), ApiError> {
    if depth > sc.settlements.len() {
        return Err(ApiError::input(
            "settlement-link-cycle",
            format!("the linkages of settlement `{}` lead back to it", st.id),
        )
        .with_hint("`entente check` names the cycle"));
    }
    let mut space = space_of(st);
    let mut uses = Vec::new();
    // One outcome per linked settlement, however many linkages read it by the same rule.
    let mut outcomes: BTreeMap<(String, String), LinkedOutcome> = BTreeMap::new();
    let mut mediated = std::collections::BTreeSet::new();
    for lk in &st.linkages {
        let Some(other) = sc.settlements.iter().find(|s| s.id == lk.settlement) else {
            return Err(ApiError::input(
                "unknown-settlement",
                format!(
                    "linkage `{}` of settlement `{}` names settlement `{}`, which the scenario lacks",
                    lk.id, st.id, lk.settlement
                ),
            ));
        };
        let (rule, is_assumed) = match assumed.get(&other.id) {
            Some(c) => (c.clone(), true),
            None => (lk.outcome.clone(), false),
        };
        let key = (other.id.clone(), rule.clone());
        if !outcomes.contains_key(&key) {
            let (other_space, _) = linked_space(sc, other, assumed, dis, None, depth + 1)?;
            let mediate = mediator.filter(|m| other.parties.iter().any(|p| &p.actor == m));
            let got = outcome_of(other_space, &rule, dis, mediate)?;
            outcomes.insert(key.clone(), got);
        }
        let (package, mediation) = outcomes.get(&key).cloned().unwrap_or((None, None));
        let applies = match &lk.when {
            settlement::When::Agreement => package.is_some(),
            settlement::When::NoAgreement => package.is_none(),
            settlement::When::Package(c) => package.as_ref().is_some_and(|p| {
                let os = space_of(other);
                entente_bargain::model::Mask::compile(&cond_expr(&c.cond), &os)
                    .holds(&os.decode(p.index))
            }),
        };
        let changes = apply_linkage(&mut space, lk, applies);
        uses.push(LinkageUse {
            id: lk.id.clone(),
            settlement: other.id.clone(),
            outcome_rule: rule,
            assumed: is_assumed,
            agreement: package.is_some(),
            package,
            when: lk.when_text.clone(),
            applies,
            changes,
            source: lk.source.clone(),
            // The linked settlement's text is shown once, on its first linkage.
            mediation: if depth == 0 && mediated.insert(other.id.clone()) {
                mediation
            } else {
                None
            },
        });
    }
    Ok((space, uses))
}

/// A linked settlement's outcome (its package, or None: no agreement) and its mediation.
type LinkedOutcome = (Option<Package>, Option<Box<Mediation>>);

/// The outcome of a settlement's space read by `rule`: its package, or None (no agreement);
/// with a mediator, the single text on it as well.
fn outcome_of(
    space: Space,
    rule: &str,
    dis: Disagreement,
    mediator: Option<&str>,
) -> Result<LinkedOutcome, ApiError> {
    if rule == "none" && mediator.is_none() {
        return Ok((None, None));
    }
    if let Ok(index) = rule.parse::<u64>()
        && mediator.is_none()
    {
        let model = Model::new(&space).map_err(|e| engine_error(&e, "invalid-space"))?;
        let mut u = vec![0.0; space.parties.len()];
        model.utilities(&space.decode(index), &mut u);
        return Ok((
            Some(Package {
                utilities: u,
                outcome: outcome_map(&space, index),
                index,
            }),
            None,
        ));
    }
    let q = Query {
        after_first_concession: rule == "nash_after_concession",
        mediator: mediator.map(String::from),
        ..Query::default()
    };
    let a = analyse(space, dis, &q)?;
    let package = match rule {
        "none" => None,
        "nash" => a.nash.clone(),
        "kalai_smorodinsky" => a.kalai_smorodinsky.clone(),
        "nash_after_concession" => a.nash.clone().or_else(|| {
            a.after_first_concession
                .as_ref()
                .and_then(|b| b.nash.clone())
        }),
        other => match other.parse::<u64>() {
            Ok(index) => {
                let model =
                    Model::new(&a.space_data).map_err(|e| engine_error(&e, "invalid-space"))?;
                let mut u = vec![0.0; a.space_data.parties.len()];
                model.utilities(&a.space_data.decode(index), &mut u);
                Some(Package {
                    utilities: u,
                    outcome: outcome_map(&a.space_data, index),
                    index,
                })
            }
            Err(_) => None,
        },
    };
    Ok((package, a.mediation))
}

/// Apply a linkage's changes to `space` when `applies`; what it changes, in words, either way.
fn apply_linkage(space: &mut Space, lk: &settlement::Linkage, applies: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (party, v) in &lk.no_deal {
        if let Some(p) = space.parties.iter_mut().find(|p| &p.id == party) {
            out.push(format!("{party}'s no-deal value {} → {v}", p.no_deal));
            if applies {
                p.no_deal = *v;
            }
        }
    }
    for rl in &lk.red_lines {
        if let Some(p) = space.parties.iter_mut().find(|p| p.id == rl.party) {
            out.push(format!(
                "{} adds red line `{}` ({})",
                rl.party, rl.line.id, rl.line.text
            ));
            if applies {
                p.red_lines.push(RedLine {
                    id: rl.line.id.clone(),
                    expr: cond_expr(&rl.line.cond),
                    source: rl.line.source.clone(),
                });
            }
        }
    }
    if let Some(n) = &lk.narrows {
        out.push(format!("every package must meet `{}`", n.text));
        if applies {
            space.links.push(Link {
                id: lk.id.clone(),
                expr: cond_expr(&n.cond),
                source: lk.source.clone(),
            });
        }
    }
    out
}

fn package(space: &Space, p: &Point) -> Package {
    Package {
        utilities: p.utilities.clone(),
        outcome: outcome_map(space, p.index),
        index: p.index,
    }
}

fn outcome_map(space: &Space, index: u64) -> BTreeMap<String, String> {
    space.labels(&space.decode(index)).into_iter().collect()
}

/// Analyse one space (the whole answer but the files read).
fn analyse(space: Space, dis: Disagreement, q: &Query) -> Result<Answer, ApiError> {
    let model = Model::new(&space).map_err(|e| engine_error(&e, "invalid-space"))?;
    let a = analyse_model(&space, &model, dis).map_err(|e| engine_error(&e, "invalid-space"))?;
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
    let chosen = s.nash.as_ref().or(s.kalai_smorodinsky.as_ref());
    let views = chosen.map(|c| party_views(&space, &model, c.index));
    let robust = if q.robustness {
        // A usage error, as the command line has always answered it.
        Some(robustness(&space, SolutionKind::Nash, dis).map_err(|e| {
            let mut err = engine_error(&e, "robustness");
            err.kind = crate::ErrorKind::Usage;
            err
        })?)
    } else {
        None
    };
    let simulation = match &q.simulate {
        Some(sim) => Some(simulate(&space, &model, &a, sim)?),
        None => None,
    };
    let mediation = match &q.mediator {
        Some(m) => {
            let text = entente_bargain::single_text(&space, &model, m).map_err(|e| {
                let mut err = engine_error(&e, "mediation");
                err.kind = crate::ErrorKind::Usage;
                err
            })?;
            let sim = q.simulate.clone().unwrap_or(Simulate {
                agents: default_agents(),
                rounds: default_rounds(),
                seed: 0,
            });
            let alternating_offers = simulate(&space, &model, &a, &sim)?;
            let last = text.drafts.last().map_or(0, |d| d.index);
            let revisions = text.drafts.len() - 1;
            let conclusion = if text.agreed {
                format!("every party accepts the text after {revisions} revision(s)")
            } else {
                let rejecting = text
                    .drafts
                    .last()
                    .map(|d| d.rejecting.join(", "))
                    .unwrap_or_default();
                if a.acceptable == 0 {
                    format!(
                        "after {revisions} revision(s) {rejecting} still reject the text, and no text can succeed: no package is acceptable to every party"
                    )
                } else {
                    format!(
                        "after {revisions} revision(s) {rejecting} still reject the text: no revision of one issue helps them without hurting another party, although {} package(s) are acceptable to every party",
                        a.acceptable
                    )
                }
            };
            Some(Box::new(Mediation {
                final_outcome: space.labels(&space.decode(last)).into_iter().collect(),
                acceptable: a.acceptable,
                conclusion,
                alternating_offers,
                text,
            }))
        }
        None => None,
    };
    let opt = |p: &Option<Point>| p.as_ref().map(|p| package(&space, p));
    let first_concession = a
        .no_deal
        .as_ref()
        .and_then(|n| n.concessions.first())
        .filter(|c| matches!(c, Concession::RelaxRedLines { .. }) && q.after_first_concession)
        .cloned();
    let after = match &first_concession {
        Some(Concession::RelaxRedLines {
            parties, red_lines, ..
        }) => {
            let mut relaxed = space.clone();
            for (p, r) in parties.iter().zip(red_lines) {
                if let Some(party) = relaxed.parties.iter_mut().find(|x| &x.id == p) {
                    party.red_lines.retain(|l| &l.id != r);
                }
            }
            let plain = Query {
                robustness: false,
                simulate: None,
                after_first_concession: false,
                ..Query::default()
            };
            analyse(relaxed, dis, &plain).ok().map(Box::new)
        }
        _ => None,
    };
    Ok(Answer {
        space: space.name.clone(),
        parties: space.parties.iter().map(|p| p.id.clone()).collect(),
        issues: space.issues.iter().map(|i| i.id.clone()).collect(),
        outcomes: a.outcomes,
        acceptable: a.acceptable,
        pareto_size: a.pareto.len(),
        pareto_distinct_utilities: distinct.len(),
        pareto: a.pareto.iter().map(|p| package(&space, p)).collect(),
        disagreement: s.disagreement.clone(),
        disagreement_rule: a.disagreement_rule,
        ideal: s
            .ideal
            .iter()
            .map(|x| x.is_finite().then_some(*x))
            .collect(),
        nash: opt(&s.nash),
        kalai_smorodinsky: opt(&s.kalai_smorodinsky),
        kalai_smorodinsky_genius: opt(&s.kalai_smorodinsky_genius),
        utilitarian: opt(&s.utilitarian),
        egalitarian: opt(&s.egalitarian),
        explanation: a.no_deal.as_ref().map(|n| conflict::render(&space, n)),
        no_deal: a.no_deal.clone(),
        sources: space
            .parties
            .iter()
            .map(|p| PartySource {
                party: p.id.clone(),
                no_deal: p.no_deal,
                source: p.source.clone(),
            })
            .collect(),
        profiles: Vec::new(),
        warnings: Vec::new(),
        party_views: views,
        robustness: robust,
        simulation,
        first_concession: if after.is_some() {
            first_concession
        } else {
            None
        },
        after_first_concession: after,
        defection: None,
        linked_to: Vec::new(),
        linked: None,
        mediation,
        space_data: space,
    })
}

fn simulate(
    space: &Space,
    model: &Model,
    a: &entente_bargain::Analysis,
    sim: &Simulate,
) -> Result<Simulation, ApiError> {
    if sim.rounds > MAX_ROUNDS {
        return Err(ApiError::usage(
            "too-many-rounds",
            format!(
                "{} rounds asked; a negotiation runs at most {MAX_ROUNDS}",
                sim.rounds
            ),
        )
        .with_hint("give a smaller --rounds"));
    }
    let mut strategies = Vec::new();
    for s in &sim.agents {
        strategies.push(Strategy::parse(s).ok_or_else(|| {
            ApiError::usage(
                "unknown-agent",
                format!(
                    "unknown agent `{s}`: use boulware, linear, conceder, tit-for-tat or e=<exponent>"
                ),
            )
        })?);
    }
    let last = *strategies.last().unwrap_or(&Strategy::BOULWARE);
    strategies.resize(model.k, last);
    strategies.truncate(model.k);
    let outcome = negotiate(
        space,
        model,
        &strategies,
        sim.rounds,
        sim.seed,
        &a.pareto,
        a.solutions.nash.as_ref(),
    )
    .map_err(|e| {
        let mut err = engine_error(&e, "negotiation");
        err.kind = crate::ErrorKind::Usage;
        err
    })?;
    let agreement_outcome = outcome
        .agreement
        .as_ref()
        .map(|ag| outcome_map(space, ag.package));
    Ok(Simulation {
        outcome,
        agreement_outcome,
    })
}

/// Whether a settlement's condition (a red line, a link) holds on a package, by its index.
pub fn holds_on(st: &Settlement, cond: &Cond, index: u64) -> bool {
    let space = space_of(st);
    entente_bargain::model::Mask::compile(&cond_expr(cond), &space).holds(&space.decode(index))
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
