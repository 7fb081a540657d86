//! Challenge 9.2, memory: 1,000,000 numbers as a `Vec` and as a generator,
//! measured with `size_of_val` and with a global allocator that counts heap
//! bytes (`generators::heap`).
//!
//! Python: `sys.getsizeof([x for x in range(N)])` against
//! `sys.getsizeof(x for x in range(N))`.

use std::mem::size_of_val;

use gen_runtime::{generator, yield_};
use generators::heap;

const COUNT: u64 = 1_000_000;

#[generator(yield = u64)]
fn numbers(count: u64) {
    for i in 0..count {
        yield_!(i);
    }
}

pub(crate) fn main() {
    println!("== 9.2 memory_profile ==");
    let (vec, vec_heap) = heap::retained_by(|| (0..COUNT).collect::<Vec<u64>>());
    let (numbers, numbers_heap) = heap::retained_by(|| numbers(COUNT));
    println!("Vec<u64> of {COUNT} numbers: size_of_val = {} bytes, heap = {vec_heap} bytes", size_of_val(&vec));
    println!(
        "generator of {COUNT} numbers: size_of_val = {} bytes, heap = {numbers_heap} bytes",
        size_of_val(&numbers)
    );

    let allocations_before = heap::allocations();
    let sum: u64 = numbers.sum();
    let allocations_while_running = heap::allocations() - allocations_before;
    assert_eq!(sum, vec.iter().sum::<u64>());
    println!("both sum to {sum}; running the generator allocated {allocations_while_running} times");
    println!(
        "Rust: the Vec holds every number on the heap; the generator holds only its loop state, \
         inline, and computes each number when asked."
    );
}
