//! entente-power: see ARCHITECTURE.md.
