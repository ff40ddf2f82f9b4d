//! entente-deter: whether a commitment deters. For a target state, an attacker and a world, the
//! probability of an attack and the probability that the target's guarantors fight, with the
//! commitments and guarantors that carry the deterrence, their reliability and its sources; a
//! seeded Monte Carlo over the uncertain parameters; and the survival of a ceasefire given its
//! mechanisms. Built only on published models: the War Trap's loss-of-strength gradient
//! ([`wartrap`]), published alliance reliability ([`params`]), the egame12 crisis game with
//! agent error ([`egame12`]), Fearon's risk–return bargain ([`fearon`]) and Fortna's ceasefire
//! durability ([`ceasefire`], on assumed figures until hers are obtained). Every number is a
//! named parameter with a source or the label "analyst's assumption". Pure: plain data in,
//! plain data out, no I/O.

pub mod ceasefire;
pub mod egame12;
pub mod error;
pub mod fearon;
pub mod model;
pub mod params;
pub mod wartrap;

pub use ceasefire::{CeasefireIn, Mechanisms, Survival, survival};
pub use error::{Error, ErrorKind};
pub use fearon::{Bargain, Corner, bargain};
pub use model::{
    Actor, Case, CaseResult, CommitmentIn, CommitmentPart, GuarantorPart, Interval, PactIn,
    PactPart, PresenceIn, Problem, WorldIn, WorldResult, run,
};
pub use params::{Estimate, Param, Params};
