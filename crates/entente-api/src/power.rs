//! The `power` question: a priori voting power of a decision rule (M2, M13, M32). The body comes
//! from a members CSV (its text, with the file's name for messages), from weights and a quota,
//! or from an institution's decision as of a date in the session's scenario. One rule gives every
//! index per member; `compare` puts several rules side by side for one body, with Coleman's power
//! to act, the veto players and how power tracks population (Penrose's square-root ideal). The
//! engine is `entente-power`; this module builds the body and the rules and shapes the answer.

use std::time::Instant;

use entente_power::{
    Analysis, Estimate, MethodChoice, Options, Tally, analyse, analyse_tallies, sample_chunks,
    samples,
};
use entente_rules::{Body, Bound, Rule, parse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::shard::Sweep;
use crate::{ApiError, Session, parse_date};

/// The members CSV of a query: its text, and the name it goes by in messages.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembersCsv {
    /// The file's name, as the user knows it (used in messages only).
    pub file: String,
    /// The CSV text: an `id` column and one column per numeric attribute.
    pub text: String,
}

/// How to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The fastest exact method that applies; Monte Carlo if none does.
    #[default]
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

/// A power index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Index {
    /// Banzhaf (raw swing counts and normalised).
    Banzhaf,
    /// Penrose (absolute Banzhaf).
    Penrose,
    /// Shapley–Shubik.
    ShapleyShubik,
    /// Coleman's power to prevent action.
    ColemanPrevent,
    /// Coleman's power to initiate action.
    ColemanInitiate,
    /// Holler's public good index.
    Holler,
    /// Deegan–Packel.
    DeeganPackel,
    /// Johnston.
    Johnston,
}

impl Index {
    /// Every index, in the order answers list them.
    pub const ALL: [Index; 8] = [
        Index::Banzhaf,
        Index::Penrose,
        Index::ShapleyShubik,
        Index::ColemanPrevent,
        Index::ColemanInitiate,
        Index::Holler,
        Index::DeeganPackel,
        Index::Johnston,
    ];

    /// The index's name in answers (`shapley_shubik`, …).
    pub fn name(self) -> &'static str {
        match self {
            Index::Banzhaf => "banzhaf",
            Index::Penrose => "penrose",
            Index::ShapleyShubik => "shapley_shubik",
            Index::ColemanPrevent => "coleman_prevent",
            Index::ColemanInitiate => "coleman_initiate",
            Index::Holler => "holler",
            Index::DeeganPackel => "deegan_packel",
            Index::Johnston => "johnston",
        }
    }

    fn of(self, m: &entente_power::MemberPower) -> Option<&Estimate> {
        match self {
            Index::Banzhaf => m.banzhaf.as_ref(),
            Index::Penrose => m.penrose.as_ref(),
            Index::ShapleyShubik => m.shapley_shubik.as_ref(),
            Index::ColemanPrevent => m.coleman_prevent.as_ref(),
            Index::ColemanInitiate => m.coleman_initiate.as_ref(),
            Index::Holler => m.holler.as_ref(),
            Index::DeeganPackel => m.deegan_packel.as_ref(),
            Index::Johnston => m.johnston.as_ref(),
        }
    }
}

fn default_population() -> String {
    "population".to_string()
}
fn default_list() -> usize {
    5
}
fn default_samples() -> u64 {
    1_000_000
}

/// What is asked. Give exactly one body: `members`, `weights` (with `quota` or a rule over
/// `yes.weight`), or `institution` with `decision`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The rules, in the rule language (several only with `compare`).
    #[serde(default)]
    pub rules: Vec<String>,
    /// A members CSV.
    #[serde(default)]
    pub members: Option<MembersCsv>,
    /// Weights of a weighted majority game (the attribute `weight`).
    #[serde(default)]
    pub weights: Vec<f64>,
    /// Quota of the weighted game: a number, or a share such as `62.5%`.
    #[serde(default)]
    pub quota: Option<String>,
    /// Ids of the weighted members (default P1, P2, …).
    #[serde(default)]
    pub ids: Vec<String>,
    /// An institution of the session's scenario.
    #[serde(default)]
    pub institution: Option<String>,
    /// The institution's decision type.
    #[serde(default)]
    pub decision: Option<String>,
    /// The date for `institution` (default: the scenario's `as_of`, else today).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Compare the rules side by side (with `institution`, its decision's rule comes first).
    #[serde(default)]
    pub compare: bool,
    /// Value given to members that lack an attribute (e.g. 0); by default such a member makes a
    /// rule over that attribute an error.
    #[serde(default)]
    pub missing: Option<f64>,
    /// The attribute `compare` measures power against (the square-root ideal).
    #[serde(default = "default_population")]
    pub population: String,
    /// Method.
    #[serde(default)]
    pub method: Method,
    /// Compute only these indices (all when empty).
    #[serde(default)]
    pub indices: Vec<Index>,
    /// How many of the smallest minimal winning / blocking coalitions to list.
    #[serde(default = "default_list")]
    pub list: usize,
    /// Monte Carlo seed.
    #[serde(default)]
    pub seed: u64,
    /// Monte Carlo samples (random coalitions, and as many random orderings); at least 1. The
    /// most that are drawn: sampling stops earlier once the ranking by Banzhaf index is stable,
    /// unless `fixed_samples`.
    #[serde(default = "default_samples")]
    pub samples: u64,
    /// Draw every one of `samples`, instead of stopping once the ranking of members by Banzhaf
    /// index is stable at 95 %.
    #[serde(default)]
    pub fixed_samples: bool,
    /// Stop a Monte Carlo run after about this many seconds and answer with the samples drawn,
    /// labelled `partial`. Exact methods ignore it.
    #[serde(default)]
    pub max_seconds: Option<f64>,
    /// Draw only shard K/N of a Monte Carlo's chunks of samples (see `shard`): its result is a
    /// shard file to merge, not an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<crate::shard::Shard>,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            rules: Vec::new(),
            members: None,
            weights: Vec::new(),
            quota: None,
            ids: Vec::new(),
            institution: None,
            decision: None,
            as_of: None,
            compare: false,
            missing: None,
            population: default_population(),
            method: Method::Auto,
            indices: Vec::new(),
            list: default_list(),
            seed: 0,
            samples: default_samples(),
            fixed_samples: false,
            max_seconds: None,
            shard: None,
        }
    }
}

/// A count that may exceed what a JSON number holds exactly: a number up to 2^64 − 1, else its
/// decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Count {
    /// A count that fits in 64 bits.
    Number(u64),
    /// A larger count, as decimal text.
    Text(String),
}

impl Count {
    fn of(x: u128) -> Count {
        u64::try_from(x).map_or_else(|_| Count::Text(x.to_string()), Count::Number)
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Number(n) => write!(f, "{n}"),
            Count::Text(t) => f.write_str(t),
        }
    }
}

/// One value of an index: the decimal, the exact fraction when known, the 95 % half-width for
/// an estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Decimal value.
    pub value: f64,
    /// Exact fraction, e.g. `7/30`.
    pub exact: Option<String>,
    /// Half-width of a 95 % confidence interval (Monte Carlo).
    pub half_width: Option<f64>,
}

impl From<&Estimate> for Value {
    fn from(e: &Estimate) -> Value {
        Value {
            value: e.value,
            exact: e.exact.as_ref().map(ToString::to_string),
            half_width: e.half_width,
        }
    }
}

/// One member's indices. An index that was not asked for is absent; one asked for but not
/// computed by the method (or undefined) is null. `<index>_exact` is there when the value is
/// exact, `<index>_half_width` when it is an estimate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[allow(missing_docs)]
pub struct MemberIndices {
    /// Member id.
    pub id: String,
    /// Coalitions in which the member swings (exact methods; with `banzhaf`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banzhaf_raw: Option<Option<Count>>,
    /// The swing count whether or not `banzhaf` was asked for (for tables and CSV; not part of
    /// the JSON answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub swings: Option<Count>,
    /// Normalised Banzhaf index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banzhaf: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banzhaf_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banzhaf_half_width: Option<f64>,
    /// Penrose (absolute Banzhaf) index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penrose: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penrose_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penrose_half_width: Option<f64>,
    /// Shapley–Shubik index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapley_shubik: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapley_shubik_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapley_shubik_half_width: Option<f64>,
    /// Coleman's power to prevent action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_prevent: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_prevent_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_prevent_half_width: Option<f64>,
    /// Coleman's power to initiate action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_initiate: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_initiate_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_initiate_half_width: Option<f64>,
    /// Holler's public good index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holler: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holler_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holler_half_width: Option<f64>,
    /// Deegan–Packel index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deegan_packel: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deegan_packel_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deegan_packel_half_width: Option<f64>,
    /// Johnston index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub johnston: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub johnston_exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub johnston_half_width: Option<f64>,
}

impl MemberIndices {
    fn slots(
        &mut self,
        index: Index,
    ) -> (
        &mut Option<Option<f64>>,
        &mut Option<String>,
        &mut Option<f64>,
    ) {
        macro_rules! pick {
            ($v:ident, $x:ident, $h:ident) => {
                (&mut self.$v, &mut self.$x, &mut self.$h)
            };
        }
        match index {
            Index::Banzhaf => pick!(banzhaf, banzhaf_exact, banzhaf_half_width),
            Index::Penrose => pick!(penrose, penrose_exact, penrose_half_width),
            Index::ShapleyShubik => pick!(
                shapley_shubik,
                shapley_shubik_exact,
                shapley_shubik_half_width
            ),
            Index::ColemanPrevent => pick!(
                coleman_prevent,
                coleman_prevent_exact,
                coleman_prevent_half_width
            ),
            Index::ColemanInitiate => pick!(
                coleman_initiate,
                coleman_initiate_exact,
                coleman_initiate_half_width
            ),
            Index::Holler => pick!(holler, holler_exact, holler_half_width),
            Index::DeeganPackel => {
                pick!(deegan_packel, deegan_packel_exact, deegan_packel_half_width)
            }
            Index::Johnston => pick!(johnston, johnston_exact, johnston_half_width),
        }
    }

    fn slots_ref(&self, index: Index) -> (Option<f64>, Option<&String>, Option<f64>) {
        macro_rules! pick {
            ($v:ident, $x:ident, $h:ident) => {
                (self.$v.flatten(), self.$x.as_ref(), self.$h)
            };
        }
        match index {
            Index::Banzhaf => pick!(banzhaf, banzhaf_exact, banzhaf_half_width),
            Index::Penrose => pick!(penrose, penrose_exact, penrose_half_width),
            Index::ShapleyShubik => pick!(
                shapley_shubik,
                shapley_shubik_exact,
                shapley_shubik_half_width
            ),
            Index::ColemanPrevent => pick!(
                coleman_prevent,
                coleman_prevent_exact,
                coleman_prevent_half_width
            ),
            Index::ColemanInitiate => pick!(
                coleman_initiate,
                coleman_initiate_exact,
                coleman_initiate_half_width
            ),
            Index::Holler => pick!(holler, holler_exact, holler_half_width),
            Index::DeeganPackel => {
                pick!(deegan_packel, deegan_packel_exact, deegan_packel_half_width)
            }
            Index::Johnston => pick!(johnston, johnston_exact, johnston_half_width),
        }
    }

    fn set(&mut self, index: Index, e: Option<&Estimate>) {
        let (v, x, h) = self.slots(index);
        *v = Some(e.map(|e| e.value));
        *x = e.and_then(|e| e.exact.as_ref().map(ToString::to_string));
        *h = e.and_then(|e| e.half_width);
    }

    /// The value of an index: `None` when not asked for or not computed.
    pub fn get(&self, index: Index) -> Option<Value> {
        let (v, x, h) = self.slots_ref(index);
        v.map(|value| Value {
            value,
            exact: x.cloned(),
            half_width: h,
        })
    }

    fn of(m: &entente_power::MemberPower, wanted: &[Index], raw: bool) -> MemberIndices {
        let mut out = MemberIndices {
            id: m.id.clone(),
            ..MemberIndices::default()
        };
        if raw {
            out.swings = m.banzhaf_raw.map(Count::of);
        }
        if raw && wanted.contains(&Index::Banzhaf) {
            out.banzhaf_raw = Some(m.banzhaf_raw.map(Count::of));
        }
        for &i in wanted {
            out.set(i, i.of(m));
        }
        out
    }
}

/// How an attribute was rounded for an exact count, and how far that reaches: the values are
/// exact for the rounded attribute; only the uncertain coalitions could have another verdict with
/// the unrounded values, so no member's swing count is off by more than their number.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Rounding {
    /// Every value was divided by this unit and rounded to a whole number (1000: thousands).
    pub unit: f64,
    /// The largest change of one member's value, in the attribute's units.
    pub largest_change: f64,
    /// The sum of every member's change: no coalition's sum moved by more.
    pub total_change: f64,
    /// Coalitions whose rounded sum lies within `total_change` of a threshold.
    pub uncertain_coalitions: Count,
    /// Those coalitions as a share of all coalitions.
    pub uncertain_share: f64,
}

/// How stable a Monte Carlo ranking of the members by Banzhaf index is. Members no clause of the
/// rule can tell apart form one group (equal by symmetry); groups are listed highest first, and
/// each adjacent pair is separated when its difference exceeds `z` standard errors.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Ranking {
    /// Confidence of each separation (0.95).
    pub confidence: f64,
    /// The z of that confidence (1.96).
    pub z: f64,
    /// Whether every adjacent pair is separated.
    pub stable: bool,
    /// Whether sampling stopped as soon as the ranking was stable (`samples` then the budget).
    pub until_ranked: bool,
    /// Samples drawn.
    pub samples: u64,
    /// Whether the standard errors use the draws in which both members of a pair swing (bodies of
    /// up to 512 members) rather than bounds.
    pub paired: bool,
    /// Groups of members, highest estimated Banzhaf index first.
    pub groups: Vec<Vec<String>>,
    /// Each adjacent pair of groups.
    pub steps: Vec<RankStep>,
    /// The adjacent pairs not separated (first member of each group), highest first.
    pub tied: Vec<[String; 2]>,
}

/// The difference between two adjacent groups of a ranking.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RankStep {
    /// The higher group's first member.
    pub higher: String,
    /// The lower group's first member.
    pub lower: String,
    /// Normalised Banzhaf of the higher minus the lower (group means).
    pub difference: f64,
    /// Half-width of its 95 % confidence interval.
    pub half_width: f64,
    /// Whether the difference exceeds its half-width.
    pub separated: bool,
}

impl Ranking {
    fn of(r: &entente_power::Ranking, a: &Analysis) -> Ranking {
        let first = |g: &Vec<usize>| a.members[g[0]].clone();
        let steps: Vec<RankStep> = r
            .groups
            .windows(2)
            .zip(&r.steps)
            .map(|(w, s)| RankStep {
                higher: first(&w[0]),
                lower: first(&w[1]),
                difference: s.difference,
                half_width: s.half_width,
                separated: s.separated,
            })
            .collect();
        Ranking {
            confidence: r.confidence,
            z: r.z,
            stable: r.stable,
            until_ranked: r.until_ranked,
            samples: match a.method {
                entente_power::Method::MonteCarlo { samples, .. } => samples,
                _ => 0,
            },
            paired: r.paired,
            groups: r.groups.iter().map(|g| ids(a, g)).collect(),
            tied: steps
                .iter()
                .filter(|s| !s.separated)
                .map(|s| [s.higher.clone(), s.lower.clone()])
                .collect(),
            steps,
        }
    }
}

/// The analysis of one rule.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Analysed {
    /// The rule, as given (or the institution's rule in canonical form).
    pub rule: String,
    /// Where the body came from, with its size and attributes.
    pub body: String,
    /// `profiles`, `enumeration`, `weighted-dp` or `monte-carlo`.
    pub method: String,
    /// One sentence saying what was done.
    pub method_description: String,
    /// Whether the values are exact.
    pub exact: bool,
    /// Whether a time limit (`max_seconds`) stopped a Monte Carlo run early: the values are those
    /// of the samples drawn.
    pub partial: bool,
    /// Coleman's power of the collectivity to act: the share of coalitions that win.
    pub coleman_act: f64,
    /// Its exact fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_act_exact: Option<String>,
    /// Its 95 % half-width (Monte Carlo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_act_half_width: Option<f64>,
    /// Winning coalitions (exact methods).
    pub winning_coalitions: Option<Count>,
    /// Minimal winning coalitions (enumerating methods).
    pub minimal_winning_coalitions: Option<Count>,
    /// Minimal blocking coalitions (enumerating methods).
    pub minimal_blocking_coalitions: Option<Count>,
    /// The smallest minimal winning coalitions, smallest first.
    pub smallest_minimal_winning: Vec<Vec<String>>,
    /// The smallest minimal blocking coalitions, smallest first.
    pub smallest_minimal_blocking: Vec<Vec<String>>,
    /// Members in every winning coalition (exact methods; null otherwise).
    pub veto_players: Option<Vec<String>>,
    /// Members never critical (exact methods; null otherwise).
    pub dummies: Option<Vec<String>>,
    /// One entry per member, in body order.
    pub members: Vec<MemberIndices>,
    /// What the reader should know about this answer.
    pub notes: Vec<String>,
    /// When the attribute was rounded to a coarser unit so that a generating function could
    /// count every coalition (populations in persons on a body too large to split): the unit and
    /// what the rounding may change. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// For Monte Carlo estimates: whether the ranking of members by Banzhaf index is stable at
    /// 95 %, and which adjacent pairs remain tied. Absent for exact methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Ranking>,
    /// Seconds the analysis took (not part of the JSON answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub seconds: f64,
    /// The indices asked for, in answer order (not part of the JSON answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub wanted: Vec<Index>,
    /// What the answer assumes beyond the scenario's data (a date past the data horizon).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One rule of a comparison.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Compared {
    /// The rule.
    pub rule: String,
    /// `profiles`, `enumeration`, `weighted-dp` or `monte-carlo`.
    pub method: String,
    /// One sentence saying what was done (not part of the JSON answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub method_description: String,
    /// Whether the values are exact.
    pub exact: bool,
    /// Whether a time limit stopped a Monte Carlo run early.
    pub partial: bool,
    /// Coleman's power of the collectivity to act.
    pub coleman_act: f64,
    /// Its exact fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_act_exact: Option<String>,
    /// Its 95 % half-width (Monte Carlo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coleman_act_half_width: Option<f64>,
    /// Winning coalitions (exact methods).
    pub winning_coalitions: Option<Count>,
    /// How many veto players (exact methods; null otherwise).
    pub veto_players: Option<usize>,
    /// The veto players (exact methods; null otherwise).
    pub veto_player_ids: Option<Vec<String>>,
    /// Pearson correlation of normalised Banzhaf with √population (null when undefined or when
    /// the body has no complete population attribute).
    pub square_root_correlation: Option<f64>,
    /// Half the L1 distance from Penrose's square-root ideal: the share of power that would have
    /// to move.
    pub square_root_distance: Option<f64>,
    /// Banzhaf, Penrose and Shapley–Shubik per member (those asked for).
    pub members: Vec<MemberIndices>,
    /// What the reader should know.
    pub notes: Vec<String>,
    /// Seconds the analysis took (not part of the JSON answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub seconds: f64,
}

/// Several rules side by side on one body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Comparison {
    /// The members, in body order.
    pub members: Vec<String>,
    /// The attribute power is compared with, when every member has it.
    pub population_attribute: Option<String>,
    /// Every rule, in the order given.
    pub rules: Vec<Compared>,
    /// The indices shown per member, in answer order (not part of the JSON answer).
    #[serde(skip)]
    #[schemars(skip)]
    pub shown: Vec<Index>,
    /// What the answer assumes beyond the scenario's data (a date past the data horizon).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The answer: one rule analysed, or several compared.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    /// One rule.
    One(Box<Analysed>),
    /// Several rules on one body.
    Compare(Box<Comparison>),
}

/// Answer the question on a session (its scenario serves `institution`).
pub fn answer(session: &Session, query: &Query) -> Result<Answer, ApiError> {
    answer_with(Some(session), query)
}

/// Answer the question; `session` is needed only for the `institution` form.
pub fn answer_with(session: Option<&Session>, query: &Query) -> Result<Answer, ApiError> {
    if let Some(shard) = query.shard {
        return Err(ApiError::usage(
            "shard-not-an-answer",
            format!(
                "shard {shard} holds some of the Monte Carlo's samples, not an answer: run it as \
                 a shard (`entente power --shard {shard}` writes JSON lines) and merge the shards \
                 with `entente merge`"
            ),
        ));
    }
    let (body, bound_rules, source) = prepare(session, query)?;
    let opts = options(query);
    let mut results = Vec::new();
    for (text, bound) in bound_rules {
        let start = Instant::now();
        let a = analyse(&bound, body.members(), &opts).map_err(|e| power_error(&text, &e))?;
        results.push((text, a, start.elapsed().as_secs_f64()));
    }
    let wanted = wanted(query);
    let warnings = horizon_warnings(session, query)?;
    if query.compare {
        Ok(Answer::Compare(Box::new(Comparison {
            warnings,
            ..compare(query, &body, &results, &wanted)
        })))
    } else {
        let (text, a, secs) = results.swap_remove(0);
        Ok(Answer::One(Box::new(Analysed {
            warnings,
            ..one(&text, &source, &a, &wanted, secs)
        })))
    }
}

/// The warnings of a question asked of a scenario's institution past its data horizon.
fn horizon_warnings(session: Option<&Session>, query: &Query) -> Result<Vec<String>, ApiError> {
    Ok(match (session, &query.institution) {
        (Some(session), Some(inst)) => {
            let date = match &query.as_of {
                Some(d) => Some(parse_date(d)?),
                None => None,
            };
            let date = session.as_of(date);
            session.scenario().horizon_warnings(date, &[inst.as_str()])
        }
        _ => Vec::new(),
    })
}

fn power_error(text: &str, e: &entente_power::Error) -> ApiError {
    let msg = format!("{text}: {e}");
    match e.kind() {
        entente_power::ErrorKind::NotMonotone => ApiError::unsupported("not-monotone", msg),
        entente_power::ErrorKind::TooLarge => ApiError::input("values-too-large", msg),
        _ => ApiError::usage("method-not-applicable", msg),
    }
}

/// What [`prepare`] gives.
type Prepared = (Body, Vec<(String, Bound)>, String);

/// The body, every rule bound to it (with its text), and where the body came from.
fn prepare(session: Option<&Session>, query: &Query) -> Result<Prepared, ApiError> {
    check(query)?;
    let (mut body, rules, source) = body_and_rules(session, query)?;
    if let Some(fill) = query.missing {
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
        return Err(ApiError::usage(
            "no-rule",
            "no rule: give --rule \"…\" (e.g. --rule \"yes.weight >= 12\"), --quota with --weights, or --institution with --decision",
        ));
    }
    if rules.len() > 1 && !query.compare {
        return Err(ApiError::usage(
            "several-rules",
            "several rules given: add --compare to compare them side by side",
        ));
    }
    let mut bound_rules = Vec::new();
    for (text, rule) in rules {
        let bound = rule.bind(&body).map_err(|errs| {
            let msgs: Vec<String> = errs
                .iter()
                .map(|e| format!("in the rule\n  {text}\n  {}^ {e}", " ".repeat(e.span.start)))
                .collect();
            ApiError::input(
                "rule-does-not-fit",
                format!(
                    "the rule does not fit the members ({source}):\n{}",
                    msgs.join("\n")
                ),
            )
        })?;
        bound_rules.push((text, bound));
    }
    Ok((body, bound_rules, source))
}

/// A sampled power question as a sweep: unit `k` is chunk `k` of the samples
/// ([`entente_power::CHUNK`] samples drawn from stream `k` of the seed), kept as its integer
/// tallies.
#[derive(Debug)]
pub struct PowerSweep {
    bound: Bound,
    text: String,
    opts: Options,
}

impl Sweep for PowerSweep {
    type Unit = Tally;
    fn units(&self) -> usize {
        usize::try_from(self.opts.samples.div_ceil(entente_power::CHUNK)).unwrap_or(usize::MAX)
    }
    fn run(&self, range: std::ops::Range<usize>) -> Result<Vec<Tally>, ApiError> {
        sample_chunks(
            &self.bound,
            &self.opts,
            range.start as u64..range.end as u64,
        )
        .map_err(|e| power_error(&self.text, &e))
    }
}

/// The query's Monte Carlo as a sweep, to be run in shards (see [`crate::shard`]): one rule,
/// estimated by Monte Carlo, without a time limit.
pub fn sweep(session: &Session, q: &Query) -> Result<PowerSweep, ApiError> {
    let mut q = q.clone();
    q.shard = None;
    if q.compare {
        return Err(ApiError::usage(
            "shard-compare",
            "a comparison is not split into shards; shard one rule at a time",
        ));
    }
    if q.max_seconds.is_some() {
        return Err(ApiError::usage(
            "shard-with-budget",
            "a time limit stops sampling wherever the time runs out, so shards of it cannot be \
             merged exactly",
        )
        .with_hint("leave out --max-seconds when sharding"));
    }
    let (_, mut rules, _) = prepare(Some(session), &q)?;
    let (text, bound) = rules.swap_remove(0);
    let opts = options(&q);
    if !samples(&bound, &opts) {
        return Err(ApiError::usage(
            "shard-exact",
            format!(
                "{text}: this body's power is computed exactly, not sampled, so there is nothing \
                 to split into shards"
            ),
        )
        .with_hint("give --method monte-carlo to estimate it by sampling"));
    }
    Ok(PowerSweep { bound, text, opts })
}

/// The answer from the tallies of every chunk, drawn in shards and given in chunk order: the
/// same as [`answer`] sampling every chunk here.
pub fn merged(session: &Session, q: &Query, tallies: Vec<Tally>) -> Result<Answer, ApiError> {
    let mut q = q.clone();
    q.shard = None;
    let (body, mut rules, source) = prepare(Some(session), &q)?;
    let (text, bound) = rules.swap_remove(0);
    let opts = options(&q);
    let a = analyse_tallies(&bound, body.members(), &opts, tallies)
        .map_err(|e| power_error(&text, &e))?;
    let wanted = wanted(&q);
    let warnings = horizon_warnings(Some(session), &q)?;
    Ok(Answer::One(Box::new(Analysed {
        warnings,
        ..one(&text, &source, &a, &wanted, 0.0)
    })))
}

/// Refuse the options no analysis can honour.
fn check(q: &Query) -> Result<(), ApiError> {
    if q.samples == 0 {
        return Err(ApiError::usage(
            "no-samples",
            "--samples 0: a Monte Carlo estimate needs at least one sample",
        )
        .with_hint("give --samples 1 or more (the default is 1000000)"));
    }
    if let Some(m) = q.missing
        && !m.is_finite()
    {
        return Err(ApiError::usage(
            "bad-missing",
            format!("--missing {m}: the value given to members that lack an attribute must be a finite number"),
        )
        .with_hint("e.g. --missing 0"));
    }
    if let Some(s) = q.max_seconds
        && !(s.is_finite() && s > 0.0)
    {
        return Err(ApiError::usage(
            "bad-max-seconds",
            format!("--max-seconds {s}: give a positive number of seconds"),
        ));
    }
    if let Some(k) = q.ids.iter().position(|i| i.trim().is_empty()) {
        return Err(ApiError::usage(
            "empty-id",
            format!(
                "--ids: id number {} is empty; give one non-empty id per weight, separated by commas",
                k + 1
            ),
        ));
    }
    Ok(())
}

fn options(q: &Query) -> Options {
    let coalitions = q.indices.is_empty()
        || q.indices
            .iter()
            .any(|i| matches!(i, Index::Holler | Index::DeeganPackel | Index::Johnston));
    Options {
        method: match q.method {
            Method::Auto => MethodChoice::Auto,
            Method::Profiles => MethodChoice::Profiles,
            Method::Enumeration => MethodChoice::Enumeration,
            Method::WeightedDp => MethodChoice::WeightedDp,
            Method::MonteCarlo => MethodChoice::MonteCarlo,
        },
        coalitions: coalitions && !q.compare,
        johnston: (q.indices.is_empty() || q.indices.contains(&Index::Johnston)) && !q.compare,
        list: q.list,
        samples: q.samples,
        until_ranked: !q.fixed_samples,
        seed: q.seed,
        max_seconds: q.max_seconds,
    }
}

fn wanted(q: &Query) -> Vec<Index> {
    Index::ALL
        .into_iter()
        .filter(|i| q.indices.is_empty() || q.indices.contains(i))
        .collect()
}

type Rules = Vec<(String, Rule)>;

fn parse_rule(text: &str) -> Result<Rule, ApiError> {
    parse(text).map_err(|e| {
        ApiError::usage(
            "bad-rule",
            format!(
                "cannot read the rule:\n  {text}\n  {}^ {e}",
                " ".repeat(e.span.start)
            ),
        )
    })
}

/// The body, the rules to analyse (text and parsed), and where the body came from.
fn body_and_rules(session: Option<&Session>, q: &Query) -> Result<(Body, Rules, String), ApiError> {
    let forms = [
        q.members.is_some(),
        !q.weights.is_empty(),
        q.institution.is_some(),
    ];
    if forms.iter().filter(|x| **x).count() != 1 {
        return Err(ApiError::usage(
            "one-body",
            "give exactly one of --members FILE.csv, --weights W,W,… --quota Q, or --institution ID --decision ID",
        ));
    }
    let mut rules: Rules = Vec::new();
    if let Some(m) = &q.members {
        let body = entente_power::read_members(&m.text, &m.file).map_err(members_error)?;
        for r in &q.rules {
            rules.push((r.clone(), parse_rule(r)?));
        }
        let names: Vec<&str> = body.attribute_names().collect();
        let source = format!(
            "{}: {} members, attributes: {}",
            m.file,
            body.len(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
        return Ok((body, rules, source));
    }
    if !q.weights.is_empty() {
        let n = q.weights.len();
        if let Some(w) = q.weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
            return Err(ApiError::usage(
                "bad-weight",
                format!("weight {w} is not a non-negative number"),
            ));
        }
        let ids: Vec<String> = if q.ids.is_empty() {
            (1..=n).map(|i| format!("P{i}")).collect()
        } else if q.ids.len() != n {
            return Err(ApiError::usage(
                "ids-and-weights",
                format!(
                    "{} ids for {n} weights: give one id per weight",
                    q.ids.len()
                ),
            ));
        } else {
            q.ids.clone()
        };
        let mut seen = std::collections::BTreeSet::new();
        if let Some(d) = ids.iter().find(|i| !seen.insert(i.as_str())) {
            return Err(ApiError::usage(
                "duplicate-id",
                format!("duplicate id `{d}` in --ids"),
            ));
        }
        let mut body = Body::new(ids);
        body.set_attribute("weight", q.weights.iter().map(|&w| Some(w)).collect());
        match &q.quota {
            Some(quota) => {
                let text = format!("yes.weight >= {}", quota.trim());
                rules.push((text.clone(), parse_rule(&text)?));
            }
            None if q.rules.is_empty() => {
                return Err(ApiError::usage(
                    "no-quota",
                    "--weights needs --quota (or a --rule over `yes.weight`)",
                ));
            }
            None => {}
        }
        for r in &q.rules {
            rules.push((r.clone(), parse_rule(r)?));
        }
        return Ok((body, rules, format!("{n} weighted members")));
    }
    let inst = q.institution.as_deref().unwrap_or_default();
    let Some(decision) = q.decision.as_deref() else {
        return Err(ApiError::usage(
            "no-decision",
            format!("--institution {inst} needs --decision (e.g. --decision qmv)"),
        ));
    };
    let Some(session) = session else {
        return Err(ApiError::usage(
            "no-scenario",
            "--institution needs a scenario to read the institution from",
        ));
    };
    let date = match &q.as_of {
        Some(d) => Some(parse_date(d)?),
        None => None,
    };
    let date = session.as_of(date);
    if let Some(msg) = session.scenario().short_of_seats(inst, date) {
        return Err(ApiError::usage("short-of-seats", msg));
    }
    let (rule, body) = session
        .scenario()
        .voting_body(inst, decision, date)
        .map_err(|e| ApiError::usage("unknown-institution-or-decision", e.0))?;
    if body.is_empty() {
        return Err(ApiError::usage(
            "no-voting-members",
            format!("{inst} has no voting members on {date}; choose a later --as-of"),
        ));
    }
    rules.push((rule.to_string(), rule));
    for r in &q.rules {
        rules.push((r.clone(), parse_rule(r)?));
    }
    let source = format!("{inst}.{decision} as of {date}: {} members", body.len());
    Ok((body, rules, source))
}

/// A members file's problem, with its place as a located diagnostic.
fn members_error(e: entente_power::Error) -> ApiError {
    let mut out = ApiError::input("members-csv", e.to_string());
    if let Some(p) = e.place() {
        out.diagnostics.push(crate::ApiDiagnostic {
            severity: "error".into(),
            code: "members-csv".into(),
            file: p.file.clone(),
            line: usize::try_from(p.line).unwrap_or(usize::MAX),
            column: p.column.unwrap_or(0),
            message: e.to_string(),
            expected: None,
            hint: None,
        });
    }
    out
}

fn ids(a: &Analysis, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| a.members[i].clone()).collect()
}

fn one(text: &str, source: &str, a: &Analysis, wanted: &[Index], seconds: f64) -> Analysed {
    let exact = a.exact;
    let act = Value::from(&a.coleman_act);
    Analysed {
        warnings: Vec::new(),
        rule: text.to_string(),
        body: source.to_string(),
        method: a.method.name().to_string(),
        method_description: a.method.describe(),
        exact,
        partial: a.partial,
        coleman_act: act.value,
        coleman_act_exact: act.exact,
        coleman_act_half_width: act.half_width,
        winning_coalitions: a.winning_coalitions.map(Count::of),
        minimal_winning_coalitions: a.minimal_winning_coalitions.map(Count::of),
        minimal_blocking_coalitions: a.minimal_blocking_coalitions.map(Count::of),
        smallest_minimal_winning: a
            .smallest_minimal_winning
            .iter()
            .map(|c| ids(a, c))
            .collect(),
        smallest_minimal_blocking: a
            .smallest_minimal_blocking
            .iter()
            .map(|c| ids(a, c))
            .collect(),
        veto_players: exact.then(|| ids(a, &a.veto_players)),
        dummies: exact.then(|| ids(a, &a.dummies)),
        members: a
            .indices
            .iter()
            .map(|m| MemberIndices::of(m, wanted, true))
            .collect(),
        notes: a.notes.clone(),
        rounding: a.rounding.as_ref().map(|r| Rounding {
            unit: r.unit,
            largest_change: r.largest_change,
            total_change: r.total_change,
            uncertain_coalitions: Count::of(r.uncertain_coalitions),
            uncertain_share: r.uncertain_share,
        }),
        ranking: a.ranking.as_ref().map(|r| Ranking::of(r, a)),
        seconds,
        wanted: wanted.to_vec(),
    }
}

fn compare(
    q: &Query,
    body: &Body,
    results: &[(String, Analysis, f64)],
    wanted: &[Index],
) -> Comparison {
    let pop: Option<Vec<f64>> = body
        .attribute(&q.population)
        .and_then(|v| v.iter().copied().collect::<Option<Vec<f64>>>());
    let shown: Vec<Index> = wanted
        .iter()
        .copied()
        .filter(|i| matches!(i, Index::Banzhaf | Index::Penrose | Index::ShapleyShubik))
        .collect();
    let rules = results
        .iter()
        .map(|(text, a, seconds)| {
            let exact = a.exact;
            let fit = pop
                .as_ref()
                .and_then(|p| entente_power::square_root_fit(a, p));
            let act = Value::from(&a.coleman_act);
            Compared {
                rule: text.clone(),
                method: a.method.name().to_string(),
                method_description: a.method.describe(),
                exact,
                partial: a.partial,
                coleman_act: act.value,
                coleman_act_exact: act.exact,
                coleman_act_half_width: act.half_width,
                winning_coalitions: a.winning_coalitions.map(Count::of),
                veto_players: exact.then_some(a.veto_players.len()),
                veto_player_ids: exact.then(|| ids(a, &a.veto_players)),
                square_root_correlation: fit.and_then(|f| f.correlation),
                square_root_distance: fit.map(|f| f.distance),
                members: a
                    .indices
                    .iter()
                    .map(|m| MemberIndices::of(m, &shown, false))
                    .collect(),
                notes: a.notes.clone(),
                seconds: *seconds,
            }
        })
        .collect();
    Comparison {
        warnings: Vec::new(),
        members: body.members().to_vec(),
        population_attribute: pop.as_ref().map(|_| q.population.clone()),
        rules,
        shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_from_json_with_defaults_and_refuses_unknown_fields() {
        let q: Query = serde_json::from_value(serde_json::json!({
            "weights": [4, 4, 4, 2, 2, 1],
            "quota": "12",
            "method": "weighted-dp",
            "indices": ["shapley_shubik"]
        }))
        .unwrap();
        assert_eq!(q.samples, 1_000_000);
        assert_eq!(q.list, 5);
        assert_eq!(q.population, "population");
        assert_eq!(q.method, Method::WeightedDp);
        assert!(serde_json::from_value::<Query>(serde_json::json!({"weight": [1]})).is_err());
    }

    #[test]
    fn every_index_reads_back_what_was_set() {
        let e = Estimate {
            value: 0.25,
            exact: None,
            half_width: Some(0.01),
        };
        for i in Index::ALL {
            let mut m = MemberIndices::default();
            m.set(i, Some(&e));
            let v = m.get(i).unwrap();
            assert_eq!((v.value, v.half_width), (0.25, Some(0.01)), "{i:?}");
            let json = serde_json::to_value(&m).unwrap();
            assert_eq!(json[i.name()], 0.25);
            assert_eq!(json[format!("{}_half_width", i.name())], 0.01);
        }
    }

    #[test]
    fn the_schemas_of_query_and_answer_are_generated() {
        let s = serde_json::to_string(&schemars::schema_for!(Answer)).unwrap();
        assert!(s.contains("square_root_distance") && s.contains("shapley_shubik_exact"));
        let s = serde_json::to_string(&schemars::schema_for!(Query)).unwrap();
        assert!(s.contains("max_seconds"));
    }
}
