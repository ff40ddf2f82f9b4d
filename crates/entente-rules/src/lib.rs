//! The rule language of entente: how a body decides (M1, M2, M32).
//!
//! A rule is a boolean expression over the votes cast in a body: counts and shares of
//! yes/no/abstain/absent, sums of any numeric member attribute over those voting a given way,
//! named veto holders, `and`/`or`/`not` (`and` binds tighter than `or`) and parentheses.
//! Rules are parsed with positions ([`parse`]), printed back canonically (`Display`), and bound to
//! a [`Body`] of voting members ([`Rule::bind`]) to be evaluated on votes ([`Bound::passes`]) or
//! on coalitions ([`Bound::wins`]).
//!
//! | rule | meaning |
//! |---|---|
//! | `no == 0` | consensus: passes unless a member objects (abstaining is allowed) |
//! | `yes == all` | unanimity of all voting members |
//! | `yes >= 55% and yes.population >= 65% or no < 4` | EU Council qualified majority |
//! | `yes >= 9 and veto(USA, GBR, FRA, RUS, CHN)` | UN Security Council |
//! | `yes.weight >= 12` | a weighted majority game with quota 12 |

mod ast;
mod eval;
mod parse;

pub use ast::{CmpOp, Comparison, Ident, MAX_DEPTH, Quantity, Rule, Side, Span, Value};
pub use eval::{BindError, Body, Bound, Node, Vote, closest};
pub use parse::{ParseError, parse};
