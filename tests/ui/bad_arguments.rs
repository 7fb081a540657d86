use gen_runtime::{generator, yield_};

#[generator]
fn missing_yield() {
    yield_!(1);
}

#[generator(yield)]
fn yield_without_type() {}

#[generator(yield = u32, yeld = u32, resume)]
fn unknown_and_incomplete() {}

#[generator(yield = u32, yield = u64)]
fn duplicate() {}

#[generator(yield = u32, first = value)]
fn first_without_resume() {}

#[generator(yield = u32,, crate = 1)]
fn malformed() {}

fn main() {
    // The functions are still emitted as written.
    missing_yield();
    yield_without_type();
}
