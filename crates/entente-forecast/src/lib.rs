//! entente-forecast: see ARCHITECTURE.md.
