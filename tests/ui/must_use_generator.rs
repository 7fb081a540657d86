//! `#[must_use]` stays on the emitted function. The generator takes a
//! resume argument, so it is not an `Iterator` (which is `must_use` by
//! itself): only the kept attribute makes ignoring the call an error.
#![deny(unused_must_use)]

use gen_runtime::{generator, yield_};

#[must_use = "a generator does nothing until it is resumed"]
#[generator(yield = u8, resume = bool)]
fn flags() {
    let _ = yield_!(1);
}

fn main() {
    flags();
}
