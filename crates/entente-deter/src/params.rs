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
/// (`esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2`), as `games` names them.
pub const COEFFICIENTS: [&str; 10] = [
    "u1(~esc):(Intercept)",
    "u1(~esc):s_wt_re1",
    "u1(~esc):revis1",
    "u1(esc,war):(Intercept)",
    "u1(esc,war):regime1dem",
    "u1(esc,war):regime1mixed",
    "u2(esc,war):(Intercept)",
    "u2(esc,war):balanc",
    "u2(esc,war):regime2dem",
    "u2(esc,war):regime2mixed",
];

/// The reference fit: `egame12(esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2,
/// data = war1800, link = "probit", type = "agent")` with games 1.1.2 (R 4.2.2, maxLik 1.5.2),
/// 282 rows used, log-likelihood -286.123754719364: `coef(fit)`.
pub const FIT_VALUES: [f64; 10] = [
    -0.495446163911396,
    -0.740014661736141,
    0.42724047761453,
    0.22190660363703,
    -1.90223516963558,
    -0.584105140949353,
    0.499088475897475,
    -0.0419715217991482,
    -1.54361437199969,
    -0.616826552157414,
];

impl Estimate {
    /// The estimate used when the scenario gives none: the reference fit and its covariance
    /// (`fit$vcov`), as games 1.1.2 prints them.
    pub fn default_fit() -> Estimate {
        let covariance = vec![
            vec![
                0.358472727348691,
                -0.0105104595453545,
                -0.0490408920568898,
                0.616199954195774,
                0.00424202807342818,
                0.0235115524747703,
                0.151425743675627,
                -0.222559843043024,
                -0.0374503186549365,
                -0.0426422139108979,
            ],
            vec![
                -0.0105104595943783,
                0.0782124865811294,
                0.00322712663067326,
                0.0508167154603874,
                0.00470084444282023,
                -0.0040348463735826,
                0.0119408796310801,
                -0.0185303225249395,
                0.00151964614386949,
                -0.00297410695268472,
            ],
            vec![
                -0.0490408920763911,
                0.00322712662942539,
                0.0695925315498393,
                0.014540342461326,
                0.0123708918450244,
                -0.00753205408723031,
                0.00192267822918654,
                -0.00204738029337127,
                -0.00242338701862121,
                -0.00110006502157489,
            ],
            vec![
                0.616199954144121,
                0.0508167155531269,
                0.0145403425083935,
                1.48120204329636,
                -0.180777638111044,
                -0.178932858068161,
                0.317994592920846,
                -0.471125723604653,
                -0.0768762653412396,
                -0.0907362116062155,
            ],
            vec![
                0.00424202817628892,
                0.00470084446377484,
                0.0123708918432808,
                -0.180777637854568,
                0.441489745351527,
                0.214395530545872,
                0.0292259651831676,
                0.00218526427350199,
                -0.0185800016643923,
                -0.0133676098685682,
            ],
            vec![
                0.0235115524639935,
                -0.00403484636873317,
                -0.00753205409151374,
                -0.178932858110624,
                0.214395530596889,
                0.302404929516038,
                0.00929560112298414,
                -0.00787446169818857,
                0.00132340316845708,
                0.00376207527432914,
            ],
            vec![
                0.151425743714839,
                0.0119408796677666,
                0.00192267823996613,
                0.317994593044832,
                0.029225965098075,
                0.00929560112325,
                0.194812856982654,
                -0.204772880956838,
                -0.0769927440343116,
                -0.0868181414168958,
            ],
            vec![
                -0.222559843082419,
                -0.0185303225772783,
                -0.00204738031142842,
                -0.471125723752125,
                0.00218526439869947,
                -0.00787446169679882,
                -0.204772880925787,
                0.323462970378486,
                0.0193342382806436,
                0.0363849034307592,
            ],
            vec![
                -0.0374503186085894,
                0.00151964613819728,
                -0.00242338702404793,
                -0.0768762652566406,
                -0.0185800016599435,
                0.00132340316541722,
                -0.0769927440049069,
                0.0193342382502853,
                0.204884748278487,
                0.0670727280220544,
            ],
            vec![
                -0.0426422139141338,
                -0.0029741069615882,
                -0.00110006502422304,
                -0.0907362116238853,
                -0.0133676098477099,
                0.00376207527477575,
                -0.0868181414340647,
                0.0363849034490798,
                0.0670727280447063,
                0.102932545660884,
            ],
        ];
        Estimate {
            names: COEFFICIENTS.iter().map(|s| s.to_string()).collect(),
            values: FIT_VALUES.to_vec(),
            covariance,
            source: format!(
                "{GAMES_PROVENANCE}: coef(fit) and fit$vcov of egame12(esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2, data = war1800, link = \"probit\", type = \"agent\"); 282 rows, log-likelihood -286.123754719364; R 4.2.2, maxLik 1.5.2"
            ),
            placeholder: false,
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
