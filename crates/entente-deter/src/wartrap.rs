//! Capabilities and their loss with distance. A state's capability is a composite of its shares
//! of the scenario's military expenditure, population and nuclear warheads, averaged with
//! weights (equal weights, as the Correlates of War composite index averages its components:
//! Singer, Bremer & Stuckey 1972; the choice of these three components is the analyst's). It is
//! discounted by distance with the War Trap's loss-of-strength gradient (Bueno de Mesquita 1981,
//! as EUGene computes it): `adjusted = capability ^ log10(miles / miles_per_day + (10 − e))`, so
//! that at distance 0 the exponent is `log10(10 − e) ≈ 0.862` (a share grows a little at home)
//! and a share shrinks once the distance exceeds `e ≈ 2.72` days of travel. Distances are
//! great-circle distances between capitals, in statute miles.

/// Mean radius of the Earth in statute miles (6371.0088 km, IUGG mean radius, / 1.609344).
pub const EARTH_RADIUS_MILES: f64 = 3958.7613;

/// Great-circle distance in statute miles between two points given in degrees (haversine).
pub fn miles(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_MILES * h.sqrt().min(1.0).asin()
}

/// The War Trap's exponent for a distance: `log10(miles / miles_per_day + 10 − e)`.
pub fn exponent(miles: f64, miles_per_day: f64) -> f64 {
    (miles / miles_per_day + 10.0 - std::f64::consts::E).log10()
}

/// A capability share (in [0, 1]) discounted over a distance.
pub fn discounted(capability: f64, miles: f64, miles_per_day: f64) -> f64 {
    if capability <= 0.0 {
        return 0.0;
    }
    capability.powf(exponent(miles, miles_per_day))
}

/// One state's raw components (None: unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Components {
    /// Military expenditure.
    pub milex: Option<f64>,
    /// Population.
    pub population: Option<f64>,
    /// Nuclear warheads.
    pub warheads: Option<f64>,
}

/// Composite capabilities: each component as a share of its total over the states that report
/// it, averaged with `weights` over the components the state reports (a state reporting none
/// has capability 0). Returns the capability of each state, in order.
pub fn composite(states: &[Components], weights: [f64; 3]) -> Vec<f64> {
    let total = |f: fn(&Components) -> Option<f64>| -> f64 {
        states.iter().filter_map(f).filter(|v| *v > 0.0).sum()
    };
    let totals = [
        total(|c| c.milex),
        total(|c| c.population),
        total(|c| c.warheads),
    ];
    states
        .iter()
        .map(|c| {
            let vals = [c.milex, c.population, c.warheads];
            let mut num = 0.0;
            let mut den = 0.0;
            for k in 0..3 {
                if let Some(v) = vals[k] {
                    den += weights[k];
                    if totals[k] > 0.0 {
                        num += weights[k] * v.max(0.0) / totals[k];
                    }
                }
            }
            if den > 0.0 { num / den } else { 0.0 }
        })
        .collect()
}
