//! The expansion of `#[generator]` needs neither `std`, nor an allocator,
//! nor `unsafe`.
#![no_std]
#![forbid(unsafe_code)]
#![deny(warnings, clippy::pedantic)]

use gen_runtime::{Generator, GeneratorState, generator, yield_, yield_from};

/// The numbers below `n` that are divisible by `d`.
#[generator(yield = u32)]
pub fn multiples(n: u32, d: u32) -> u32 {
    let mut count = 0;
    for i in 0..n {
        if i % d == 0 {
            yield_!(i);
            count += 1;
        }
    }
    count
}

/// Delegation to another generator and to an array.
#[generator(yield = u32)]
pub fn chained() -> u32 {
    let found = yield_from!(multiples(10, 3));
    yield_from!([100, 200]);
    found
}

/// A two-way generator: a running sum of what it is sent.
#[generator(yield = u64, resume = u64, first = value)]
pub fn running_sum() {
    let mut total = 0;
    let mut value = value;
    loop {
        total += value;
        value = yield_!(total);
    }
}

/// Sums what a generator yields, and adds its completion value.
pub fn drain<G: Generator<Yield = u32, Return = u32>>(mut g: G) -> u32 {
    let mut sum = 0;
    loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => sum += x,
            GeneratorState::Complete(r) => return sum + r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_without_std() {
        assert_eq!(drain(multiples(10, 3)), 18 + 4);
        assert_eq!(drain(chained()), 18 + 300 + 4);
        let mut sums = running_sum();
        assert_eq!(sums.send(2), Some(2));
        assert_eq!(sums.send(3), Some(5));
    }
}
