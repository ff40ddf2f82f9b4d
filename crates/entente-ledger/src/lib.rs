//! entente-ledger: see ARCHITECTURE.md.
