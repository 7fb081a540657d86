//! Challenge 9.4, the one-time trap: a generator is consumed by iterating
//! it; iterating again yields nothing; calling the function again starts a
//! fresh one.
//!
//! Python: `g = squares(3); list(g); list(g)  # [] the second time`.

use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
fn squares(n: u32) {
    for i in 0..n {
        yield_!(i * i);
    }
}

pub(crate) fn main() {
    println!("== 9.4 one_time_trap ==");
    let mut numbers = squares(4);
    let first: Vec<u32> = numbers.by_ref().collect();
    let second: Vec<u32> = numbers.by_ref().collect();
    println!("first pass:  {first:?}");
    println!("second pass: {second:?} (the generator is exhausted)");
    let fresh: Vec<u32> = squares(4).collect();
    println!("fresh call:  {fresh:?}");
    println!(
        "Rust: the generator is the iterator, not a collection; once done it stays done \
         (it is a FusedIterator). `for x in numbers` would move it, so a second loop would not even compile."
    );
}
