//! entente-power: a priori voting power of any decision rule of the rule language (M2, M13, M32).
//!
//! A rule bound to a body ([`entente_rules::Bound`]) is read as a simple game: the members of a
//! coalition vote yes and every other member votes no (in a priori analysis nobody abstains or
//! stays away, so abstention counts as not-yes). [`analyse`] then reports, per member, the
//! Banzhaf swing count and normalised index, the Penrose (absolute Banzhaf) index, the
//! Shapley–Shubik index, Coleman's power to prevent and to initiate, Holler's public good index,
//! the Deegan–Packel and Johnston indices; and for the body Coleman's power of the collectivity to
//! act, the winning, minimal winning and minimal blocking coalitions, veto players and dummies.
//!
//! Methods, chosen automatically ([`Options::method`]):
//! - **profiles** (`profile.rs`): members no rule clause can tell apart form symmetry classes;
//!   every profile (how many of each class vote yes) is enumerated with its multiplicity. Exact;
//!   any rule; fast whenever the number of profiles is small (a consensus body of 57 has 58).
//! - **enumeration** (`bitmap.rs`): every coalition of up to 32 members as one bit of a bitmap,
//!   built block by block from precomputed half-sums, then analysed 64 coalitions per word. Exact;
//!   any rule.
//! - **weighted-dp** (`weighted.rs`): for rules over the coalition's size and one integer-valued
//!   attribute (weighted majority, double majority, the EU's blocking-minority clause) a generating
//!   function over (size, weight), one member removed at a time; with populations for weights,
//!   meet in the middle (`split.rs`), which also counts minimal winning and blocking coalitions
//!   (Holler, Deegan–Packel) and, by each winning coalition's last critical member, Johnston's
//!   tallies (bodies of up to 32 members). Exact; every index.
//! - **monte-carlo** (`sample.rs`): random coalitions and orderings from a seeded ChaCha
//!   generator, one stream per chunk so the answer does not depend on the thread count; 95 %
//!   confidence half-widths; by default drawn in rounds until the ranking of members by Banzhaf
//!   index is stable at 95 % (or the budget is spent, the pairs still tied then named).
//!
//! Indices that presuppose monotonicity (adding a member never turns a winning coalition into a
//! losing one) are refused for non-monotone rules, with a coalition that shows it.

// Member-indexed loops read more plainly than zipped iterators over several parallel tables.
#![allow(clippy::needless_range_loop)]

mod bitmap;
mod counts;
mod game;
mod members;
mod profile;
mod sample;
mod split;
mod square_root;
mod weighted;

use num_rational::BigRational;

pub use members::read_members;
pub use sample::{CHUNK, FIRST_ROUND, MAX_PAIRS, RankStep, Ranking, Tally, Z95};
pub use square_root::{SquareRootFit, square_root_fit};

/// Serialise an exact fraction as its text, e.g. `"7/30"` (an integer as `"1"`).
fn fraction<S: serde::Serializer>(x: &Option<BigRational>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => s.serialize_some(&x.to_string()),
        None => s.serialize_none(),
    }
}

/// A value of an index: its decimal, the exact fraction when known, and for estimates the
/// half-width of the 95 % confidence interval.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// Decimal value.
    pub value: f64,
    /// Exact value, when the method is exact.
    #[serde(serialize_with = "fraction")]
    pub exact: Option<BigRational>,
    /// Half-width of a 95 % confidence interval, for Monte Carlo estimates.
    pub half_width: Option<f64>,
}

/// The indices of one member. `None` where the method used does not compute the index or the
/// index is undefined (e.g. Banzhaf when no member ever swings).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MemberPower {
    /// Member id.
    pub id: String,
    /// Coalitions in which the member is critical (swings); exact methods only.
    pub banzhaf_raw: Option<u128>,
    /// Normalised Banzhaf index (swings over all members' swings).
    pub banzhaf: Option<Estimate>,
    /// Penrose (absolute Banzhaf) index: swings / 2^(n−1).
    pub penrose: Option<Estimate>,
    /// Shapley–Shubik index.
    pub shapley_shubik: Option<Estimate>,
    /// Coleman's power to prevent action: swings / winning coalitions.
    pub coleman_prevent: Option<Estimate>,
    /// Coleman's power to initiate action: swings / losing coalitions.
    pub coleman_initiate: Option<Estimate>,
    /// Holler's public good index: share of minimal winning coalitions containing the member.
    pub holler: Option<Estimate>,
    /// Deegan–Packel index: minimal winning coalitions shared equally among their members.
    pub deegan_packel: Option<Estimate>,
    /// Johnston index: each vulnerable coalition shared equally among its critical members.
    pub johnston: Option<Estimate>,
}

/// How the answer was computed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
pub enum Method {
    /// Exact, over profiles of symmetry classes.
    Profiles {
        /// Number of symmetry classes.
        classes: usize,
        /// Number of profiles enumerated.
        profiles: u128,
    },
    /// Exact, over all 2^n coalitions.
    Enumeration,
    /// Exact, by a generating function over (coalition size, weight).
    WeightedDp,
    /// Estimated from random coalitions and orderings.
    MonteCarlo {
        /// Random coalitions (and as many random orderings) drawn.
        samples: u64,
        /// The seed.
        seed: u64,
    },
}

impl Method {
    /// A short name for output (`profiles`, `enumeration`, `weighted-dp`, `monte-carlo`).
    pub fn name(&self) -> &'static str {
        match self {
            Method::Profiles { .. } => "profiles",
            Method::Enumeration => "enumeration",
            Method::WeightedDp => "weighted-dp",
            Method::MonteCarlo { .. } => "monte-carlo",
        }
    }

    /// Whether the results are exact.
    pub fn is_exact(&self) -> bool {
        !matches!(self, Method::MonteCarlo { .. })
    }

    /// One sentence saying what was done.
    pub fn describe(&self) -> String {
        match self {
            Method::Profiles { classes, profiles } => format!(
                "exact: {profiles} profiles of {classes} classes of interchangeable members enumerated"
            ),
            Method::Enumeration => "exact: every coalition enumerated".into(),
            Method::WeightedDp => {
                "exact: generating function / meet in the middle over (coalition size, weight)"
                    .into()
            }
            Method::MonteCarlo { samples, seed } => format!(
                "Monte Carlo: {samples} random coalitions and {samples} random orderings (ChaCha8, seed {seed}); ± is a 95% confidence half-width"
            ),
        }
    }
}

/// Everything [`analyse`] finds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Analysis {
    /// Member ids, in body order.
    pub members: Vec<String>,
    /// How it was computed.
    pub method: Method,
    /// Whether the values are exact: an exact method, and attribute values whose sums and
    /// comparisons floating point carries out without rounding.
    pub exact: bool,
    /// Whether a time limit stopped a Monte Carlo run before every sample asked for was drawn
    /// (the estimates are then those of the samples drawn, which `method` reports).
    pub partial: bool,
    /// One entry per member, in body order.
    pub indices: Vec<MemberPower>,
    /// Coleman's power of the collectivity to act: winning coalitions / 2^n.
    pub coleman_act: Estimate,
    /// Number of winning coalitions (exact methods).
    pub winning_coalitions: Option<u128>,
    /// Number of minimal winning coalitions (enumerating methods).
    pub minimal_winning_coalitions: Option<u128>,
    /// Number of minimal blocking coalitions (enumerating methods).
    pub minimal_blocking_coalitions: Option<u128>,
    /// The smallest minimal winning coalitions (member indices), smallest first.
    pub smallest_minimal_winning: Vec<Vec<usize>>,
    /// The smallest minimal blocking coalitions (member indices), smallest first.
    pub smallest_minimal_blocking: Vec<Vec<usize>>,
    /// Members in every winning coalition (exact methods).
    pub veto_players: Vec<usize>,
    /// Members never critical (exact methods).
    pub dummies: Vec<usize>,
    /// What the reader should know about this answer.
    pub notes: Vec<String>,
    /// When the attribute had to be rounded to a coarser unit for an exact count (populations
    /// in persons on a body too large to split), the unit and what the rounding may change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// For Monte Carlo estimates: how stable the ranking of members by Banzhaf index is (groups
    /// of members equal by symmetry, and whether each adjacent pair is separated at 95 %).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Ranking>,
}

/// How an attribute was rounded for the generating function, and its reach: the values are
/// exact for the rounded attribute, and only the `uncertain_coalitions` (whose rounded sum lies
/// within `total_change` of a threshold) could have another verdict with the unrounded values.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rounding {
    /// Every value was divided by this unit and rounded to a whole number (e.g. 1000: thousands).
    pub unit: f64,
    /// The largest change of one member's value, in the attribute's own units.
    pub largest_change: f64,
    /// The sum of every member's change: no coalition's sum moved by more.
    pub total_change: f64,
    /// Coalitions whose rounded sum lies within `total_change` of a threshold of the rule.
    pub uncertain_coalitions: u128,
    /// Those coalitions as a share of all 2^n.
    pub uncertain_share: f64,
}

/// Which method to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodChoice {
    /// The fastest exact method that applies; Monte Carlo if none does.
    #[default]
    Auto,
    /// Profiles of symmetry classes.
    Profiles,
    /// Enumeration of every coalition (up to 32 members).
    Enumeration,
    /// Generating function over (size, weight).
    WeightedDp,
    /// Monte Carlo.
    MonteCarlo,
}

/// What to compute and how.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Options {
    /// Method.
    pub method: MethodChoice,
    /// Whether Holler, Deegan–Packel and the minimal winning / blocking coalitions are wanted.
    pub coalitions: bool,
    /// Whether Johnston's index is wanted (the weighted method skips its tallies otherwise).
    pub johnston: bool,
    /// How many of the smallest minimal winning / blocking coalitions to list.
    pub list: usize,
    /// Monte Carlo samples: the number drawn, or with `until_ranked` the most that may be drawn.
    pub samples: u64,
    /// Draw Monte Carlo samples in rounds and stop as soon as the ranking of members by Banzhaf
    /// index is stable (every adjacent pair separated at 95 %), `samples` being the budget.
    pub until_ranked: bool,
    /// Monte Carlo seed.
    pub seed: u64,
    /// Stop a Monte Carlo run after about this many seconds and answer with the samples drawn
    /// (labelled partial). Exact methods ignore it.
    pub max_seconds: Option<f64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            method: MethodChoice::Auto,
            coalitions: true,
            johnston: true,
            list: 10,
            samples: 1_000_000,
            until_ranked: true,
            seed: 0,
            max_seconds: None,
        }
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The rule is not monotone; indices built on swings would mislead.
    NotMonotone,
    /// The chosen method cannot handle this rule or body.
    MethodNotApplicable,
    /// A members file could not be read.
    Members,
    /// The attribute values are too large to add up.
    TooLarge,
}

/// An error of this crate: a kind and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    place: Option<Place>,
}

/// Where in a members file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file, as named by the caller.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column (cell), when one cell is at fault.
    pub column: Option<usize>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            place: None,
        }
    }

    pub(crate) fn at(mut self, place: Place) -> Error {
        self.place = Some(place);
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where in a members file the problem is, when a file is at fault.
    pub fn place(&self) -> Option<&Place> {
        self.place.as_ref()
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shapley–Shubik index of every player of the weighted majority game [quota; weights] (a
/// coalition wins when its weight reaches the quota), exact, as decimals. This is the one
/// Shapley–Shubik computation of the workspace: other crates that need Council power call it.
/// An empty game has no players; a game nobody can win gives every player 0.
pub fn weighted_shapley_shubik(weights: &[u64], quota: u64) -> Vec<f64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = (1..=weights.len()).map(|i| format!("P{i}")).collect();
    let mut body = entente_rules::Body::new(ids.clone());
    body.set_attribute("weight", weights.iter().map(|&w| Some(w as f64)).collect());
    let rule = entente_rules::parse(&format!("yes.weight >= {quota}"));
    let analysis = rule.ok().and_then(|r| r.bind(&body).ok()).and_then(|b| {
        let opts = Options {
            coalitions: false,
            johnston: false,
            list: 0,
            ..Options::default()
        };
        analyse(&b, &ids, &opts).ok()
    });
    match analysis {
        Some(a) => a
            .indices
            .iter()
            .map(|m| m.shapley_shubik.as_ref().map_or(0.0, |e| e.value))
            .collect(),
        None => vec![0.0; weights.len()],
    }
}

const PRIORI: &str = "a priori analysis: a coalition votes yes and every other member votes no (abstaining counts as not voting yes)";

/// Largest body the enumeration method accepts (2^32 coalitions, a 512 MiB bitmap).
pub const MAX_ENUMERATION: usize = 32;

/// Profiles the profile method handles quickly (times the number of classes).
const PROFILE_WORK: u128 = 1 << 26;

/// Take back the claim of exactness of an analysis whose attribute sums may have been rounded:
/// no fractions, no veto players or dummies (they rest on exact counts), and a note saying why.
fn downgrade(a: &mut Analysis) {
    a.exact = false;
    let strip = |e: &mut Option<Estimate>| {
        if let Some(e) = e {
            e.exact = None;
        }
    };
    for m in &mut a.indices {
        m.banzhaf_raw = None;
        for e in [
            &mut m.banzhaf,
            &mut m.penrose,
            &mut m.shapley_shubik,
            &mut m.coleman_prevent,
            &mut m.coleman_initiate,
            &mut m.holler,
            &mut m.deegan_packel,
            &mut m.johnston,
        ] {
            strip(e);
        }
    }
    a.coleman_act.exact = None;
    a.winning_coalitions = None;
    a.minimal_winning_coalitions = None;
    a.minimal_blocking_coalitions = None;
    a.veto_players.clear();
    a.dummies.clear();
    a.notes.push(
        "not exact: the attribute values are too large (beyond about 2^50 in total), not finite, or not whole numbers or simple binary fractions, so floating point may have rounded coalition sums; every value was computed as if exact but may be wrong near a threshold"
            .into(),
    );
}

/// Analyse a bound rule. `members` are the body's ids, in the order the rule was bound to.
pub fn analyse(
    bound: &entente_rules::Bound,
    members: &[String],
    opts: &Options,
) -> Result<Analysis, Error> {
    let g = game::Game::from_bound(bound);
    assert_eq!(members.len(), g.n, "one id per member");
    finite_totals(&g, bound)?;
    let (_, classes) = g.classes();
    let profiles = profile::profile_count(&classes);
    let profile_ok =
        g.n <= 120 && profiles.is_some_and(|p| p * classes.len() as u128 <= PROFILE_WORK);
    let dp_ok = weighted::applicable(&g);
    let choice = match opts.method {
        MethodChoice::Auto => {
            if profile_ok {
                MethodChoice::Profiles
            } else if dp_ok {
                MethodChoice::WeightedDp
            } else if (6..=MAX_ENUMERATION).contains(&g.n) {
                MethodChoice::Enumeration
            } else {
                MethodChoice::MonteCarlo
            }
        }
        c => c,
    };
    let mut analysis = match choice {
        MethodChoice::Profiles | MethodChoice::Auto => {
            if g.n > 120 || profiles.is_none_or(|p| p > 1 << 34) {
                return Err(Error::new(
                    ErrorKind::MethodNotApplicable,
                    format!(
                        "the profile method would enumerate too many profiles ({} classes of interchangeable members among {} members); use --method monte-carlo",
                        classes.len(),
                        g.n
                    ),
                ));
            }
            let c = profile::count(&g, &classes, members, opts)?;
            counts::finish(
                &c,
                members,
                Method::Profiles {
                    classes: classes.len(),
                    profiles: profiles.unwrap_or(0),
                },
            )
        }
        MethodChoice::Enumeration => {
            if !(6..=MAX_ENUMERATION).contains(&g.n) {
                return Err(Error::new(
                    ErrorKind::MethodNotApplicable,
                    format!(
                        "enumeration handles bodies of 6 to {MAX_ENUMERATION} members, not {}; use --method profiles or monte-carlo",
                        g.n
                    ),
                ));
            }
            let c = bitmap::count(&g, members, opts)?;
            counts::finish(&c, members, Method::Enumeration)
        }
        MethodChoice::WeightedDp => {
            let wanted = opts.coalitions || opts.johnston;
            let (c, rounding) =
                weighted::count_rounded(&g, wanted.then_some(opts.list), opts.johnston)?;
            let mut a = counts::finish(&c, members, Method::WeightedDp);
            if let Some(r) = &rounding {
                a.notes.push(format!(
                    "the attribute was rounded to whole multiples of {} so that a generating function could count every coalition exactly (largest change of one member {:.0}, of any coalition's sum at most {:.0}); the values are exact for the rounded attribute, and {} of the 2^{} coalitions (a share of {:.3e}) lie close enough to a threshold for the rounding to change their verdict, so no member's swing count is off by more than that",
                    r.unit, r.largest_change, r.total_change.ceil(), r.uncertain_coalitions, g.n, r.uncertain_share
                ));
                if r.uncertain_coalitions > 0 {
                    a.exact = false;
                }
            }
            a.rounding = rounding;
            if c.coalitions.as_ref().is_some_and(|cc| !cc.johnston_known) && opts.johnston {
                a.notes.push(format!(
                    "Johnston's index is computed by this method for bodies of up to {} members; it is not computed here",
                    split::MAX_JOHNSTON
                ));
            } else if c.coalitions.is_none() && wanted {
                a.notes.push(
                    "Holler, Deegan-Packel and minimal coalitions are computed for bodies of up to 40 members by this method, Johnston's index for up to 32; they are not computed here"
                        .into(),
                );
            }
            a
        }
        MethodChoice::MonteCarlo => sample::estimate(&g, members, opts)?,
    };
    if analysis.exact && analysis.rounding.is_none() && !g.exact_arithmetic() {
        downgrade(&mut analysis);
    }
    analysis.notes.insert(0, PRIORI.into());
    Ok(analysis)
}

fn finite_totals(g: &game::Game, bound: &entente_rules::Bound) -> Result<(), Error> {
    if let Some(k) = g.totals.iter().position(|t| !t.is_finite()) {
        let name = bound.weight_names().get(k).map_or("?", String::as_str);
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "the values of `{name}` add up to more than the largest number (about 1.8e308), so no coalition's share can be compared; give them in larger units (thousands, millions)"
            ),
        ));
    }
    Ok(())
}

/// Whether [`analyse`] would estimate this rule by Monte Carlo with these options (then its
/// samples can be drawn chunk by chunk with [`sample_chunks`] and finished with
/// [`analyse_tallies`]).
pub fn samples(bound: &entente_rules::Bound, opts: &Options) -> bool {
    let g = game::Game::from_bound(bound);
    match opts.method {
        MethodChoice::MonteCarlo => true,
        MethodChoice::Auto => {
            let (_, classes) = g.classes();
            let profiles = profile::profile_count(&classes);
            let profile_ok =
                g.n <= 120 && profiles.is_some_and(|p| p * classes.len() as u128 <= PROFILE_WORK);
            !(profile_ok || weighted::applicable(&g) || (6..=MAX_ENUMERATION).contains(&g.n))
        }
        _ => false,
    }
}

/// The Monte Carlo chunks `range` (of [`CHUNK`] samples each, chunk k drawn from stream k of
/// the seed) of the samples `opts` asks for, each tallied on its own, in chunk order. The time
/// limit is ignored. The number of chunks is `opts.samples.div_ceil(CHUNK)`.
pub fn sample_chunks(
    bound: &entente_rules::Bound,
    opts: &Options,
    range: std::ops::Range<u64>,
) -> Result<Vec<Tally>, Error> {
    let g = game::Game::from_bound(bound);
    finite_totals(&g, bound)?;
    sample::chunks(&g, opts, range)
}

/// The Monte Carlo analysis from the tallies of every chunk, in chunk order: the same as
/// [`analyse`] estimating by Monte Carlo without a time limit (when sampling until ranked, the
/// chunks after the round at which the ranking was stable are left out, as that run never drew
/// them).
pub fn analyse_tallies(
    bound: &entente_rules::Bound,
    members: &[String],
    opts: &Options,
    tallies: impl IntoIterator<Item = Tally>,
) -> Result<Analysis, Error> {
    let g = game::Game::from_bound(bound);
    assert_eq!(members.len(), g.n, "one id per member");
    finite_totals(&g, bound)?;
    let mut analysis = sample::replay(&g, members, opts, tallies.into_iter().collect())?;
    analysis.notes.insert(0, PRIORI.into());
    Ok(analysis)
}
