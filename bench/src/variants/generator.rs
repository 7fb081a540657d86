//! `#[generator]`.

use std::hint::black_box;
use std::mem::size_of_val;

use gen_runtime::{Generator, generator, yield_, yield_from};

use crate::checksum;
use crate::inputs::Tree;
use crate::variants::hand::drain;

#[generator(yield = u64)]
pub fn endless_fib() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[generator(yield = u64)]
pub fn fib(n: u64) {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

pub fn fib_sum(n: u64) -> u64 {
    drain(fib(n), u64::wrapping_add)
}

pub fn fib_size() -> usize {
    size_of_val(&fib(1))
}

#[generator(yield = u64)]
fn source(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
fn square(numbers: impl Iterator<Item = u64>) {
    for x in numbers {
        yield_!(x.wrapping_mul(x));
    }
}

#[generator(yield = u64)]
fn evens(numbers: impl Iterator<Item = u64>) {
    for x in numbers {
        if x % 2 == 0 {
            yield_!(x);
        }
    }
}

pub fn pipeline_sum(n: u64) -> u64 {
    drain(evens(square(source(n))), u64::wrapping_add)
}

pub fn pipeline_size() -> usize {
    size_of_val(&evens(square(source(1))))
}

/// Recursion by delegation to itself: no box (each waiting caller's state
/// is on the generator's stack of frames).
#[generator(yield = u64)]
fn in_order(tree: &Tree) {
    if let Some(left) = &tree.left {
        yield_from!(in_order(left));
    }
    yield_!(tree.value);
    if let Some(right) = &tree.right {
        yield_from!(in_order(right));
    }
}

/// The same recursion through `boxed`: each subtree's generator is boxed
/// and resumed through every level above it.
#[generator(yield = u64)]
fn in_order_boxed(tree: &Tree) {
    if let Some(left) = &tree.left {
        yield_from!(gen_runtime::boxed(in_order_boxed(left)));
    }
    yield_!(tree.value);
    if let Some(right) = &tree.right {
        yield_from!(gen_runtime::boxed(in_order_boxed(right)));
    }
}

pub fn tree_boxed_sum(tree: &Tree) -> u64 {
    drain(in_order_boxed(tree), checksum)
}

pub fn tree_boxed_size(tree: &Tree) -> usize {
    size_of_val(&in_order_boxed(tree))
}

/// Yields `n`, then delegates to itself `n` levels deep.
#[generator(yield = u64)]
fn countdown(n: u64) {
    yield_!(n);
    if n > 0 {
        yield_from!(countdown(n - 1));
    }
}

#[generator(yield = u64)]
fn countdown_boxed(n: u64) {
    yield_!(n);
    if n > 0 {
        yield_from!(gen_runtime::boxed(countdown_boxed(n - 1)));
    }
}

pub fn countdown_sum(depth: u64, runs: u64) -> u64 {
    (0..runs).fold(0, |acc, _| acc.wrapping_add(drain(countdown(black_box(depth)), checksum)))
}

pub fn countdown_size() -> usize {
    size_of_val(&countdown(1))
}

pub fn countdown_boxed_sum(depth: u64, runs: u64) -> u64 {
    (0..runs).fold(0, |acc, _| acc.wrapping_add(drain(countdown_boxed(black_box(depth)), checksum)))
}

pub fn countdown_boxed_size() -> usize {
    size_of_val(&countdown_boxed(1))
}

pub fn tree_sum(tree: &Tree) -> u64 {
    drain(in_order(tree), checksum)
}

pub fn tree_size(tree: &Tree) -> usize {
    size_of_val(&in_order(tree))
}

#[generator(yield = f64, resume = f64, first = value)]
fn averager() {
    let (mut total, mut count) = (0.0, 0u64);
    let mut value = value;
    loop {
        total += value;
        count += 1;
        value = yield_!(total / count as f64);
    }
}

pub fn average_sum(values: &[f64]) -> u64 {
    let mut averager = averager();
    let mut sum = 0.0;
    for &value in values {
        if let gen_runtime::GeneratorState::Yielded(average) = averager.resume(value) {
            sum += average;
        }
    }
    sum.to_bits()
}

pub fn average_size() -> usize {
    size_of_val(&averager())
}

#[generator(yield = u64)]
fn nested() {
    for i in 0..64u64 {
        for j in 0..64u64 {
            yield_!(i ^ j);
        }
    }
}

pub fn nested_sum() -> u64 {
    drain(nested(), u64::wrapping_add)
}

pub fn nested_size() -> usize {
    size_of_val(&nested())
}

#[generator(yield = u64)]
pub fn nested_by(rows: u64, cols: u64) {
    for i in 0..rows {
        for j in 0..cols {
            yield_!(i ^ j);
        }
    }
}

pub fn nested_opaque_size() -> usize {
    size_of_val(&nested_by(1, 1))
}

#[generator(yield = u64)]
fn large_state(n: u64) {
    let mut buf = [0u64; 512];
    for k in 0..n {
        let slot = &mut buf[(k % 512) as usize];
        *slot = slot.wrapping_add(k);
        yield_!(*slot);
    }
}

pub fn large_state_sum(n: u64) -> u64 {
    drain(large_state(n), u64::wrapping_add)
}

pub fn large_state_size() -> usize {
    size_of_val(&large_state(1))
}

#[generator(yield = &'a [u8])]
fn lines<'a>(data: &'a [u8]) {
    let mut rest = data;
    while !rest.is_empty() {
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        yield_!(&rest[..end]);
        rest = &rest[(end + 1).min(rest.len())..];
    }
}

pub fn lines_sum(data: &[u8]) -> u64 {
    drain(lines(data).map(|line| line.len() as u64), checksum)
}

pub fn lines_size(data: &[u8]) -> usize {
    size_of_val(&lines(data))
}

/// Owns `values`, iterates them by reference, and gives them back when it
/// completes (taken, not moved: the generator keeps the vector in place).
#[generator(yield = u64)]
fn owned(mut values: Vec<u64>) -> Vec<u64> {
    for x in &values {
        yield_!(*x);
    }
    std::mem::take(&mut values)
}

pub fn owned_sum(cell: &std::cell::RefCell<Vec<u64>>) -> u64 {
    let mut items = owned(std::mem::take(&mut *cell.borrow_mut()));
    let mut acc = 0;
    loop {
        match items.resume(()) {
            gen_runtime::GeneratorState::Yielded(item) => acc = checksum(acc, item),
            gen_runtime::GeneratorState::Complete(values) => {
                *cell.borrow_mut() = values;
                return acc;
            }
        }
    }
}

pub fn owned_size() -> usize {
    size_of_val(&owned(Vec::new()))
}
