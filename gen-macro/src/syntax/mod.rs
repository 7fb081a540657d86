//! Syntax helpers shared by the phases.

pub(crate) mod constructs;
pub(crate) mod exits;
pub(crate) mod idents;
pub(crate) mod macro_args;
pub(crate) mod own_code;
pub(crate) mod pattern;
pub(crate) mod rename;
pub(crate) mod types;
