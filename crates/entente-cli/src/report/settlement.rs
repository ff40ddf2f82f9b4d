//! The report's section for this engine; empty until the engine contributes one.

use entente_scenario::Scenario;
use jiff::civil::Date;

use super::Section;

/// This engine's section of the report, if the scenario holds anything for it.
pub fn section(_s: &Scenario, _date: Date) -> anyhow::Result<Option<Section>> {
    Ok(None)
}
