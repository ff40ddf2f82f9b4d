//! entente-bargain: settlements (M10, M11, M16–M20, M23, M25). Given a settlement space —
//! issues, parties with preferences, red lines, no-deal values and links — it answers: how many
//! packages exist and how many every party accepts; the Pareto frontier of those; the Nash,
//! Kalai–Smorodinsky, utilitarian and egalitarian solutions for a chosen disagreement point; and
//! when nothing is acceptable, which red lines collide (an irreducible infeasible subset) and
//! the smallest concessions that open a deal. It also runs automated negotiations
//! (time-dependent and tit-for-tat agents) and reads the GENIUS and GeniusWeb file formats.
//!
//! The engine is pure: plain data in ([`Space`]), plain data out; the readers take file
//! contents as strings.

pub mod analyse;
pub mod conflict;
mod error;
pub mod frontier;
pub mod genius;
pub mod geniusweb;
pub mod mediate;
pub mod model;
pub mod sensitivity;
pub mod simulate;
pub mod solutions;
pub mod space;

pub use analyse::{Analysis, analyse, analyse_model};
pub use conflict::{Collision, Concession, NoDeal};
pub use error::{Error, ErrorKind, Result};
pub use frontier::{Frontier, Point, dominates, frontier};
pub use mediate::{Draft, SingleText, single_text};
pub use model::{ConstraintRef, Model};
pub use solutions::{Disagreement, Solutions, solve};
pub use space::{
    CmpOp, Expr, Interaction, Issue, IssueKind, IssuePreference, Link, Party, RedLine, Space,
};
