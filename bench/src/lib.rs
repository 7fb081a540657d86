//! The benchmark workloads of issues 5, 10 and 11, each written once per variant:
//! a hand-written `Iterator` (the baseline), `#[generator]`,
//! `std::iter::from_fn`, genawaiter, next-gen and corosensei (the native
//! nightly `gen` blocks live in `bench/nightly`, built only when a nightly
//! toolchain is present).
//!
//! Every variant module (`variants::*`) exports the same functions; each
//! runs one workload once and returns a checksum that all variants agree
//! on, so a benchmark that computes the wrong thing fails loudly:
//!
//! | function | workload |
//! |---|---|
//! | `fib_sum(n: u64) -> u64` | wrapping sum of the first `n` Fibonacci numbers (0, 1, 1, 2, …; wrapping `u64`) |
//! | `pipeline_sum(n: u64) -> u64` | three generators: `0..n` → square (wrapping) → keep evens → wrapping sum |
//! | `tree_sum(tree: &Tree) -> u64` | in-order walk by recursive delegation; `checksum(values in order)` |
//! | `average_sum(values: &[f64]) -> u64` | running average coroutine fed every value by `send`/resume; `f64` sum of the averages it answers, as bits |
//! | `nested_sum() -> u64` | `for i in 0..64 { for j in 0..64 { yield i ^ j } }`, wrapping sum |
//! | `large_state_sum(n: u64) -> u64` | `[u64; 512]` live across every yield; item `k`: `buf[k % 512] += k` (wrapping), yield it; wrapping sum |
//! | `lines_sum(data: &[u8]) -> u64` | split at `\n` (no final empty line), yield each line as `&[u8]`; `checksum` of `(len)` per line |
//! | `owned_sum(cell: &RefCell<Vec<u64>>) -> u64` | the vector handed in, iterated by reference, handed back (hand-written and `#[generator]` only) |
//! | `nested_by(rows, cols)` | `for i in 0..rows { for j in 0..cols { yield i ^ j } }`, run by [`consumers::grids`] with bounds through `black_box` (hand-written, `#[generator]`, `from_fn`) |
//! | `fib(n)`, `endless_fib()` | the Fibonacci numbers as an iterator, for the [`consumers`] (hand-written, `#[generator]`, `from_fn`) |
//!
//! and for each workload a `*_size` function giving `size_of_val` of the
//! generator (or iterator, coroutine handle) that the run drives.

pub mod alloc_counter;
pub mod consumers;
pub mod harness;
pub mod inputs;
pub mod variants;
pub mod workloads;

/// An order-sensitive checksum: every variant must yield the same items in
/// the same order.
#[inline]
#[must_use]
pub fn checksum(acc: u64, item: u64) -> u64 {
    acc.wrapping_mul(31).wrapping_add(item)
}
