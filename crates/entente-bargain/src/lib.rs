//! entente-bargain: see ARCHITECTURE.md.
