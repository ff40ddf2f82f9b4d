//! Ceasefire durability after Fortna ("Scraps of Paper? Agreements and the Durability of Peace",
//! International Organization 57(2), 2003; Peace Time, 2004): the survival of a ceasefire as a
//! Weibull proportional-hazards model whose covariates are its mechanisms — a demilitarised
//! zone, peacekeepers or observers, a third-party guarantee, a joint commission, a formal
//! agreement. Fortna's published coefficients were not obtained: the baseline and every hazard
//! ratio are named parameters labelled as the analyst's assumptions (`ceasefire.*`), which a
//! scenario may override, and every answer says so (`published_figures_missing`).
//! `S(t) = exp(−(t/scale)^shape · Π hr_k^{x_k})`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::params::Params;

/// The mechanisms of one ceasefire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Mechanisms {
    /// A demilitarised zone.
    pub dmz: bool,
    /// Peacekeepers or international observers.
    pub peacekeepers: bool,
    /// A guarantee by a third party.
    pub third_party_guarantee: bool,
    /// A joint commission of the parties.
    pub joint_commission: bool,
    /// A formal agreement (a treaty) rather than a tacit or declared one.
    pub formal_agreement: bool,
}

/// One ceasefire to assess.
#[derive(Debug, Clone, PartialEq)]
pub struct CeasefireIn {
    /// The agreement's id.
    pub agreement: String,
    /// Its name.
    pub name: String,
    /// Its mechanisms.
    pub mechanisms: Mechanisms,
}

/// The survival of one ceasefire.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Survival {
    /// The agreement's id.
    pub agreement: String,
    /// Its name.
    pub name: String,
    /// Its mechanisms.
    pub mechanisms: Mechanisms,
    /// The product of the hazard ratios of its mechanisms.
    pub hazard_ratio: f64,
    /// Years until the chance that it still holds falls to one half (None: never).
    pub median_years: Option<f64>,
    /// `(years, probability it still holds)`, yearly from 0 to 20.
    pub curve: Vec<(f64, f64)>,
    /// Fortna's published coefficients were not obtained; the figures are assumptions.
    pub published_figures_missing: bool,
    /// Why.
    pub note: String,
}

/// Why the model runs on assumptions.
pub const MISSING: &str = "Fortna's published coefficients (Scraps of Paper? 2003, Peace Time 2004, ch. 4-5) were not obtained: only the opening of the article was available to the project. The baseline and the hazard ratios are the analyst's assumptions, named `ceasefire.*`, and may be overridden in the scenario's [deterrence] section.";

/// The survival of a ceasefire with these mechanisms.
pub fn survival(params: &Params, c: &CeasefireIn) -> Survival {
    let m = &c.mechanisms;
    let mut hr = 1.0;
    for (on, name) in [
        (m.dmz, "ceasefire.hr.dmz"),
        (m.peacekeepers, "ceasefire.hr.peacekeepers"),
        (
            m.third_party_guarantee,
            "ceasefire.hr.third_party_guarantee",
        ),
        (m.joint_commission, "ceasefire.hr.joint_commission"),
        (m.formal_agreement, "ceasefire.hr.formal_agreement"),
    ] {
        if on {
            hr *= params.get(name).max(0.0);
        }
    }
    let scale = params.get("ceasefire.scale_years").max(f64::MIN_POSITIVE);
    let shape = params.get("ceasefire.shape").max(f64::MIN_POSITIVE);
    let s = |t: f64| (-(t / scale).powf(shape) * hr).exp();
    let median_years = (hr > 0.0)
        .then(|| scale * (std::f64::consts::LN_2 / hr).powf(1.0 / shape))
        .filter(|m| m.is_finite());
    Survival {
        agreement: c.agreement.clone(),
        name: c.name.clone(),
        mechanisms: m.clone(),
        hazard_ratio: hr,
        median_years,
        curve: (0..=20).map(|y| (f64::from(y), s(f64::from(y)))).collect(),
        published_figures_missing: true,
        note: MISSING.to_string(),
    }
}
