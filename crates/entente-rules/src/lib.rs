//! entente-rules: see ARCHITECTURE.md.
