//! Challenge 9.6, a pipeline: `evens(squares(nums))`, generators feeding
//! generators one item at a time, with no collection in between.
//!
//! Python: `evens(squares(range(1, 7)))` with each stage a generator.

use gen_runtime::{generator, yield_};

#[generator(yield = u64)]
fn nums(count: u64) {
    for n in 1..=count {
        println!("  nums    -> {n}");
        yield_!(n);
    }
}

#[generator(yield = u64)]
fn squares(input: impl Iterator<Item = u64>) {
    for n in input {
        println!("  squares {n} -> {}", n * n);
        yield_!(n * n);
    }
}

#[generator(yield = u64)]
fn evens(input: impl Iterator<Item = u64>) {
    for n in input {
        if n % 2 == 0 {
            println!("  evens   keeps {n}");
            yield_!(n);
        } else {
            println!("  evens   drops {n}");
        }
    }
}

pub(crate) fn main() {
    println!("== 9.6 pipeline ==");
    for value in evens(squares(nums(6))) {
        println!("consumer got {value}");
    }
    println!(
        "Rust: each stage owns the one before it and pulls one item at a time, so the trace interleaves \
         and nothing is collected between stages."
    );
}
