//! entente-decide: see ARCHITECTURE.md.
