//! entente-ledger: commitments over time. Given a resolved scenario, it answers who must act
//! when something happens (`obligations`), replays a timeline of events over the agreements
//! (`replay`: memberships, statuses, phases, obligations in force, breaches), gives every
//! state's defence coverage and the grey zone (`coverage`), keeps force levels by place
//! (`forces`: the forces of an actor in a zone or area of a kind on a date), computes quantities
//! over time (`quantities`: contributions and burden shares, territory and its projection), and
//! lists the restraints states put on themselves in their own law (`own`: constitutional
//! neutrality) and the agreements signed but not yet in force (`own::pending`). Conditions are
//! evaluated in three-valued logic (`truth`). Pure: plain data in, plain data out, no I/O.

pub mod coverage;
pub mod error;
pub mod forces;
pub mod incident;
pub mod obligations;
pub mod own;
pub mod quantities;
pub mod replay;
pub mod truth;
pub mod world;

pub use coverage::{Commitment, Coverage, StateCoverage, coverage, coverage_in};
pub use error::{Error, ErrorKind};
pub use forces::{ForceRecord, Forces, forces_on, timeline_forces};
pub use incident::{Incident, IncidentKind};
pub use obligations::{Answer, Duty, obligations, who_must_act};
pub use replay::{Change, Defection, Options, Replay, Snapshot, Step, replay, replay_with};
pub use truth::Truth;
pub use world::{Atom, Index, World, evaluate};
