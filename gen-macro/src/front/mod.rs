//! The front of the pass: the attribute's arguments, the function's
//! signature, `#[cfg]`s in the body, and where the suspension points are.

pub(crate) mod args;
pub(crate) mod cfg;
pub(crate) mod completion;
pub(crate) mod recursion;
pub(crate) mod signature;
pub(crate) mod suspend;
