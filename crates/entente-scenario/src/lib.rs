//! entente-scenario: see ARCHITECTURE.md.
