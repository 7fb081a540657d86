//! Challenge 9.3, an endless generator: the Fibonacci numbers, as
//! arbitrary-precision integers so that it really never ends.
//!
//! Python: `def fib(): a, b = 0, 1; while True: yield a; a, b = b, a + b`.
//! `--count N` prints the first N numbers (default 20).

use std::mem::size_of_val;

use gen_runtime::{generator, yield_};
use generators::{flag, heap};
use num_bigint::BigUint;

#[generator(yield = BigUint)]
fn fibonacci() {
    let (mut a, mut b) = (BigUint::from(0u8), BigUint::from(1u8));
    loop {
        let next = &a + &b;
        yield_!(std::mem::replace(&mut a, std::mem::replace(&mut b, next)));
    }
}

pub(crate) fn main() {
    println!("== 9.3 infinite_fibonacci ==");
    let count: usize = flag("--count").and_then(|c| c.parse().ok()).unwrap_or(20);
    let first: Vec<String> = fibonacci().take(count).map(|n| n.to_string()).collect();
    println!("first {count}: {}", first.join(", "));

    // Memory stays flat: only the last two numbers are alive, however many
    // have been produced.
    let mut numbers = fibonacci();
    println!("the generator itself: {} bytes", size_of_val(&numbers));
    let (mut produced, mut all_bytes) = (0usize, 0u64);
    let mut last = BigUint::default();
    for checkpoint in [1_000usize, 10_000, 20_000] {
        while produced < checkpoint {
            // Counts only numbers the generator really produced: an end
            // would be a bug, reported as one rather than counted.
            last = numbers.next().expect("an endless generator never ends");
            all_bytes += last.bits().div_ceil(8);
            produced += 1;
        }
        println!(
            "after {produced:>6} numbers: heap in use {:>5} bytes (the last number alone is {:>4} bytes; \
             keeping all of them would take {all_bytes} bytes)",
            heap::in_use(),
            last.bits().div_ceil(8),
        );
    }
    let digits = last.to_string();
    println!(
        "number {produced} is F({}): {} decimal digits, {}…{}",
        produced - 1,
        digits.len(),
        &digits[..10],
        &digits[digits.len() - 10..],
    );
    println!(
        "Rust: no number is ever stored but the current two, so the heap holds a few numbers' digits, \
         not everything produced; u64 would overflow at the 94th number, BigUint never does."
    );
}
