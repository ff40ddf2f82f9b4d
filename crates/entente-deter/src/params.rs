//! Every number the deterrence model uses, by name, with its source or the label "analyst's
//! assumption", its range where it is uncertain, and whether the scenario overrode it. The
//! scenario's `[deterrence]` section may override any of them by name; an unknown name is refused
//! (see [`Params::set`]). The egame12 coefficients carry their own covariance
//! ([`Estimate`]), drawn jointly in the Monte Carlo.

use schemars::JsonSchema;
use serde::Serialize;

/// Provenance of the egame12 estimate.
pub const GAMES_PROVENANCE: &str =
    "games 1.1.2 egame12 on war1800 (Kenkel & Signorino), agent probit";

/// Label of a figure that is not a published one and stands in until it is obtained.
pub const PLACEHOLDER: &str = "PLACEHOLDER, not a published figure: stands in for the reference fit of games 1.1.2 egame12 on war1800 (agent probit) until it is copied here";

/// One parameter.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Param {
    /// Name, e.g. `reliability.defence_pact`.
    pub name: String,
    /// Value (the centre of its range when it has one).
    pub value: f64,
    /// Lower end of its range in the Monte Carlo (uniform), when uncertain.
    pub low: Option<f64>,
    /// Upper end.
    pub high: Option<f64>,
    /// Where it comes from.
    pub source: String,
    /// An analyst's assumption rather than a published figure.
    pub assumption: bool,
    /// Set by the scenario.
    pub overridden: bool,
}

/// The egame12 estimate: coefficient names (as `games` prints them), values and covariance.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Estimate {
    /// Coefficient names, in order.
    pub names: Vec<String>,
    /// Values.
    pub values: Vec<f64>,
    /// Covariance, row-major (names × names).
    pub covariance: Vec<Vec<f64>>,
    /// Where the estimate comes from.
    pub source: String,
    /// A stand-in, not yet the published fit.
    pub placeholder: bool,
}

/// The coefficient names of the egame12 model fitted to war1800
/// (`esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2`).
pub const COEFFICIENTS: [&str; 10] = [
    "u1(sq):(Intercept)",
    "u1(sq):s_wt_re1",
    "u1(sq):revis1TRUE",
    "u1(war):(Intercept)",
    "u1(war):regime1dem",
    "u1(war):regime1mixed",
    "u2(war):(Intercept)",
    "u2(war):balanc",
    "u2(war):regime2dem",
    "u2(war):regime2mixed",
];

impl Estimate {
    /// The estimate used when the scenario gives none.
    pub fn default_fit() -> Estimate {
        // PLACEHOLDER values (see PLACEHOLDER): signs chosen so that a stronger challenger makes
        // the target less willing to fight and war is costly to the challenger.
        let values = vec![0.5, 0.0, -1.0, -1.0, 0.0, 0.0, 0.5, -1.0, 0.0, 0.0];
        let n = values.len();
        let covariance = (0..n)
            .map(|i| (0..n).map(|j| if i == j { 0.09 } else { 0.0 }).collect())
            .collect();
        Estimate {
            names: COEFFICIENTS.iter().map(|s| s.to_string()).collect(),
            values,
            covariance,
            source: PLACEHOLDER.to_string(),
            placeholder: true,
        }
    }

    /// The value of a coefficient by name (0 when the estimate lacks it).
    pub fn get(&self, name: &str) -> f64 {
        self.names
            .iter()
            .position(|n| n == name)
            .map_or(0.0, |i| self.values[i])
    }
}

const BF: &str = "Berkemeier & Fuhrmann 2018, 'Reassessing the fulfillment of alliance commitments in war', Research & Politics 5(2)";
const LLM: &str = "Leeds, Long & Mitchell 2000, 'Reevaluating alliance reliability', Journal of Conflict Resolution 44(5): 74.5% honoured, 1816-1944";
const ASSUMED: &str = "analyst's assumption";

fn p(name: &str, value: f64, range: Option<(f64, f64)>, source: &str, assumption: bool) -> Param {
    Param {
        name: name.to_string(),
        value,
        low: range.map(|r| r.0),
        high: range.map(|r| r.1),
        source: source.to_string(),
        assumption,
        overridden: false,
    }
}

/// The range of every reliability prior: from Berkemeier & Fuhrmann's 22% (1945-2003) to Leeds,
/// Long & Mitchell's 74.5% (1816-1944), widened to include the central value.
fn prior(v: f64) -> Option<(f64, f64)> {
    Some((v.min(0.22), v.max(0.745)))
}

/// The parameters.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Params {
    /// Every parameter, by name.
    pub list: Vec<Param>,
    /// The egame12 estimate.
    pub estimate: Estimate,
}

impl Default for Params {
    fn default() -> Params {
        let bf = |what: &str| format!("{BF}: {what}");
        let a = |what: &str| format!("{ASSUMED}: {what}");
        let list = vec![
            p(
                "reliability.defence_pact",
                0.41,
                prior(0.41),
                &bf(
                    "defence pacts honoured 41%; range 22% (1945-2003) to 74.5% (Leeds, Long & Mitchell 2000)",
                ),
                false,
            ),
            p(
                "reliability.non_aggression",
                0.37,
                prior(0.37),
                &bf("non-aggression pacts honoured 37%"),
                false,
            ),
            p(
                "reliability.offence",
                0.74,
                prior(0.74),
                &bf("offensive alliances honoured 74%"),
                false,
            ),
            p(
                "reliability.neutrality",
                0.78,
                prior(0.78),
                &bf("neutrality agreements honoured 78%"),
                false,
            ),
            p(
                "reliability.other",
                0.50,
                prior(0.50),
                &bf(
                    "all alliances, 50% overall (66% before 1945, 22% 1945-2003); used for commitments short of a defence pact",
                ),
                false,
            ),
            p("reliability.alliance_1816_1944", 0.745, None, LLM, false),
            p(
                "form.treaty",
                1.0,
                None,
                &a("a treaty's commitment is taken at the published rate"),
                true,
            ),
            p(
                "form.executive_agreement",
                0.9,
                None,
                &a("an executive agreement binds a little less than a ratified treaty"),
                true,
            ),
            p(
                "form.political_declaration",
                0.6,
                None,
                &a("a political declaration"),
                true,
            ),
            p(
                "form.verbal_assurance",
                0.3,
                None,
                &a("a verbal assurance, never written down"),
                true,
            ),
            p(
                "form.unknown",
                0.6,
                None,
                &a("legal form not recorded: as a political declaration"),
                true,
            ),
            p(
                "strength.automatic",
                1.0,
                None,
                &a("an automatic commitment is taken at the published rate"),
                true,
            ),
            p(
                "strength.as_deemed_necessary",
                0.8,
                None,
                &a(
                    "'such action as it deems necessary' (North Atlantic Treaty Art. 5) leaves the choice of means",
                ),
                true,
            ),
            p(
                "strength.assist",
                0.5,
                None,
                &a("assistance short of defence"),
                true,
            ),
            p(
                "strength.supply",
                0.25,
                None,
                &a("supplying arms adds capability, rarely combat"),
                true,
            ),
            p("strength.fund", 0.15, None, &a("funding"), true),
            p("strength.consult", 0.1, None, &a("consultation only"), true),
            p("strength.monitor", 0.05, None, &a("monitoring only"), true),
            p(
                "strength.refrain",
                0.0,
                None,
                &a("refraining helps no one fight"),
                true,
            ),
            p(
                "strength.limit",
                0.0,
                None,
                &a("a limit helps no one fight"),
                true,
            ),
            p(
                "strength.unknown",
                0.5,
                None,
                &a("strength not recorded"),
                true,
            ),
            p(
                "nuclear.guarantor",
                1.0,
                None,
                &a(
                    "no change of reliability for a nuclear-armed guarantor beyond the warheads counted in its capability (Fuhrmann & Sechser 2014 find nuclear defence pacts deter; the size of the effect on reliability is not taken from them)",
                ),
                true,
            ),
            p(
                "presence.tripwire",
                0.5,
                None,
                &a(
                    "the most forward-deployed forces add to a guarantor's reliability, as a share of the gap to certainty (Schelling's tripwire, Arms and Influence 1966; the size is the analyst's)",
                ),
                true,
            ),
            p(
                "presence.half_troops",
                1000.0,
                None,
                &a(
                    "troops at which the tripwire has half its effect: a battalion-sized battlegroup",
                ),
                true,
            ),
            p(
                "capability.weight.milex",
                1.0,
                None,
                "equal weights, as the Correlates of War composite index (Singer, Bremer & Stuckey 1972); the choice of components is the analyst's assumption",
                true,
            ),
            p(
                "capability.weight.population",
                1.0,
                None,
                "equal weights, as the Correlates of War composite index (Singer, Bremer & Stuckey 1972); the choice of components is the analyst's assumption",
                true,
            ),
            p(
                "capability.weight.warheads",
                1.0,
                None,
                &a(
                    "nuclear warheads as a third component, in place of the index's industrial components",
                ),
                true,
            ),
            p(
                "wartrap.miles_per_day",
                250.0,
                None,
                &a(
                    "miles a day of movement in the War Trap's loss-of-strength gradient (Bueno de Mesquita 1981); the value EUGene uses for this era was not obtained",
                ),
                true,
            ),
            p(
                "covariate.s_wt_re1",
                0.0,
                None,
                &a(
                    "alliance-portfolio similarity of challenger and target (the S score weighted by region) taken as 0",
                ),
                true,
            ),
            p(
                "covariate.revis1",
                1.0,
                None,
                &a("every attacker named in the scenario is treated as revisionist"),
                true,
            ),
            p(
                "covariate.regime1dem",
                0.0,
                None,
                &a("attackers are not democracies"),
                true,
            ),
            p(
                "covariate.regime1mixed",
                1.0,
                None,
                &a("attackers' regime taken as mixed (Polity -6..6)"),
                true,
            ),
            p(
                "covariate.regime2dem",
                1.0,
                None,
                &a("targets taken as democracies (Polity 7..10)"),
                true,
            ),
            p(
                "covariate.regime2mixed",
                0.0,
                None,
                &a("targets not mixed regimes"),
                true,
            ),
            p(
                "fearon.cost_attacker",
                0.1,
                None,
                &a("the challenger's cost of war, as a share of the stake"),
                true,
            ),
            p(
                "fearon.cost_target_max",
                0.3,
                None,
                &a("the target's highest cost of war, as a share of the stake"),
                true,
            ),
            p(
                "ceasefire.scale_years",
                8.0,
                None,
                &a(
                    "Weibull scale of a bare ceasefire's survival, in years; Fortna's published estimates were not obtained",
                ),
                true,
            ),
            p(
                "ceasefire.shape",
                0.6,
                None,
                &a(
                    "Weibull shape below 1: the risk of renewed war falls with time, as Fortna reports qualitatively; her estimate was not obtained",
                ),
                true,
            ),
            p(
                "ceasefire.hr.dmz",
                0.5,
                None,
                &a(
                    "hazard ratio of a demilitarised zone; Fortna's published figure was not obtained",
                ),
                true,
            ),
            p(
                "ceasefire.hr.peacekeepers",
                0.6,
                None,
                &a(
                    "hazard ratio of peacekeepers or observers; Fortna's published figure was not obtained",
                ),
                true,
            ),
            p(
                "ceasefire.hr.third_party_guarantee",
                0.8,
                None,
                &a(
                    "hazard ratio of a third-party guarantee; Fortna's published figure was not obtained",
                ),
                true,
            ),
            p(
                "ceasefire.hr.joint_commission",
                0.8,
                None,
                &a(
                    "hazard ratio of a joint commission; Fortna's published figure was not obtained",
                ),
                true,
            ),
            p(
                "ceasefire.hr.formal_agreement",
                0.9,
                None,
                &a(
                    "hazard ratio of a formal (treaty) agreement over a tacit one; Fortna's published figure was not obtained",
                ),
                true,
            ),
        ];
        Params {
            list,
            estimate: Estimate::default_fit(),
        }
    }
}

impl Params {
    /// The value of a parameter (0 for a name that does not exist, which the code never asks).
    pub fn get(&self, name: &str) -> f64 {
        self.find(name).map_or(0.0, |p| p.value)
    }

    /// A parameter by name.
    pub fn find(&self, name: &str) -> Option<&Param> {
        self.list.iter().find(|p| p.name == name)
    }

    /// Every parameter name, egame12 coefficients included (as `egame12.<name>`).
    pub fn names(&self) -> Vec<String> {
        self.list
            .iter()
            .map(|p| p.name.clone())
            .chain(self.estimate.names.iter().map(|n| format!("egame12.{n}")))
            .collect()
    }

    /// Override a parameter: its value, and optionally its range and source. An egame12
    /// coefficient is named `egame12.<coefficient>` (its covariance stays). Err: the name is
    /// unknown, or a number is not finite, or the range does not hold the value.
    pub fn set(
        &mut self,
        name: &str,
        value: f64,
        range: Option<(f64, f64)>,
        source: Option<&str>,
    ) -> Result<(), String> {
        if !value.is_finite() || range.is_some_and(|(l, h)| !(l.is_finite() && h.is_finite())) {
            return Err(format!("`{name}`: every number must be finite"));
        }
        if let Some((l, h)) = range
            && !(l <= value && value <= h)
        {
            return Err(format!(
                "`{name}`: the range [{l}, {h}] does not hold the value {value}"
            ));
        }
        if let Some(c) = name.strip_prefix("egame12.")
            && let Some(i) = self.estimate.names.iter().position(|n| n == c)
        {
            self.estimate.values[i] = value;
            return Ok(());
        }
        let Some(p) = self.list.iter_mut().find(|p| p.name == name) else {
            return Err(format!("there is no deterrence parameter `{name}`"));
        };
        p.value = value;
        if let Some((l, h)) = range {
            p.low = Some(l);
            p.high = Some(h);
        }
        if let Some(s) = source {
            p.source = s.to_string();
            p.assumption = s.contains("assumption");
        }
        p.overridden = true;
        Ok(())
    }
}
