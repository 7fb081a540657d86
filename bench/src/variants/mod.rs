//! One module per variant, each with the functions listed in the crate
//! docs.

pub mod corosensei;
pub mod from_fn;
pub mod genawaiter;
pub mod generator;
pub mod hand;
pub mod next_gen;
