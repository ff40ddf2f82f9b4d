//! entente-forecast: how positions move. Two models of collective decisions over issue
//! dimensions — KTAB's spatial model of politics ([`smp`]) and Bueno de Mesquita's
//! expected-utility model as specified by Scholz, Calbert & Smith 2011 ([`eum`]) — run turn by
//! turn on actors with capability, position and salience; Monte Carlo over uncertain inputs
//! ([`montecarlo`]); scoring forecasts against recorded outcomes ([`validate`]); and readers for
//! the peer programs' own input files ([`read`]). Engines are pure: plain data in, plain data out.

pub mod error;
pub mod eum;
pub mod montecarlo;
pub mod read;
pub mod smp;
pub mod validate;

pub use error::{Error, ErrorKind, Result};
