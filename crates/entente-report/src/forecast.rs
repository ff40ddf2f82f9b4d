//! The report's "Forecast" section, from the `forecast` answer on the plan's forecasting case.

use entente_api::report::Answer;

use crate::{Section, part};

/// The section, if the plan names a forecasting case.
pub fn section(a: &Answer) -> Option<Section> {
    let p = a.forecast.as_ref()?;
    match part(p, "The forecast") {
        Ok(_) => None,
        Err((text, html)) => Some(Section {
            id: "forecast",
            title: "Forecast (failed)".into(),
            text,
            html,
        }),
    }
}
