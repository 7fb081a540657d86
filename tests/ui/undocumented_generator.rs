//! `missing_docs` sees the emitted function, so a documented generator
//! passing it (`tests/signatures.rs`, module `visibility`) shows that its
//! doc comment was kept.
#![deny(missing_docs)]

use gen_runtime::{generator, yield_};

/// Documented.
#[generator(yield = u8)]
pub fn documented() {
    yield_!(1);
}

#[generator(yield = u8)]
pub fn undocumented() {
    yield_!(1);
}

fn main() {
    let _ = documented().chain(undocumented());
}
