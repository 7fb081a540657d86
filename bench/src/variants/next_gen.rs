//! next-gen 0.1: `#[generator(yield(T))]` functions that yield with
//! `yield_!(x)`, instantiated pinned in the heap with
//! `mk_gen!(let g = box f(..))` (or `f.call_boxed((..))`, the same thing),
//! which is the crate's way to return a generator or keep one inside
//! another. A boxed generator with no resume argument is an `Iterator`.
//!
//! Allocations: one `Box` per generator: 1 per run (fib, average, nested,
//! large state, lines), 3 (pipeline), or 1 per tree node. (The crate's
//! docs favour stack pinning, `mk_gen!(let g = f(..))`, for a generator
//! used only where it is made; that would save the one box of the
//! single-generator workloads.)

use std::mem::size_of_val;

use next_gen::prelude::*;

use crate::checksum;
use crate::inputs::Tree;
use crate::variants::hand::drain;

#[generator(yield(u64))]
fn fib(n: u64) {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

pub fn fib_sum(n: u64) -> u64 {
    mk_gen!(let generator = box fib(n));
    drain(generator, u64::wrapping_add)
}

/// The `Pin<Box<_>>` handle only; the generator's state is on the heap.
pub fn fib_size() -> usize {
    mk_gen!(let generator = box fib(1));
    size_of_val(&generator)
}

#[generator(yield(u64))]
fn source(n: u64) {
    for x in 0..n {
        yield_!(x);
    }
}

#[generator(yield(u64))]
fn square<I: Iterator<Item = u64>>(items: I) {
    for x in items {
        yield_!(x.wrapping_mul(x));
    }
}

#[generator(yield(u64))]
fn evens<I: Iterator<Item = u64>>(items: I) {
    for x in items {
        if x % 2 == 0 {
            yield_!(x);
        }
    }
}

pub fn pipeline_sum(n: u64) -> u64 {
    mk_gen!(let numbers = box source(n));
    mk_gen!(let squares = box square(numbers));
    mk_gen!(let generator = box evens(squares));
    drain(generator, u64::wrapping_add)
}

/// The outer `Pin<Box<_>>` handle only; the three generators (each holding
/// the handle of the stage before it) are on the heap.
pub fn pipeline_size() -> usize {
    mk_gen!(let numbers = box source(1));
    mk_gen!(let squares = box square(numbers));
    mk_gen!(let generator = box evens(squares));
    size_of_val(&generator)
}

/// A walk holds the walks of its subtrees, so their type must be erased.
type Walk<'a> = Pin<Box<dyn Generator<(), Yield = u64, Return = ()> + 'a>>;

/// In-order walk: one boxed generator per subtree, whose items it re-yields.
#[generator(yield(u64))]
fn in_order(tree: &Tree) {
    if let Some(left) = tree.left.as_deref() {
        let walk: Walk<'_> = in_order.call_boxed((left,));
        for item in walk {
            yield_!(item);
        }
    }
    yield_!(tree.value);
    if let Some(right) = tree.right.as_deref() {
        let walk: Walk<'_> = in_order.call_boxed((right,));
        for item in walk {
            yield_!(item);
        }
    }
}

pub fn tree_sum(tree: &Tree) -> u64 {
    mk_gen!(let generator = box in_order(tree));
    drain(generator, checksum)
}

/// The root's `Pin<Box<_>>` handle only; its state, and that of the walks
/// under way below it, is on the heap.
pub fn tree_size(tree: &Tree) -> usize {
    mk_gen!(let generator = box in_order(tree));
    size_of_val(&generator)
}

/// Receives each value as its resume argument (the first one bound by
/// `as`, the others as the value of `yield_!`) and answers the running
/// average.
#[generator(yield(f64), resume(f64) as mut value)]
fn averager() {
    let (mut total, mut count) = (0.0f64, 0u64);
    loop {
        total += value;
        count += 1;
        value = yield_!(total / count as f64);
    }
}

pub fn average_sum(values: &[f64]) -> u64 {
    mk_gen!(let mut generator = box averager());
    let mut sum = 0.0;
    for &value in values {
        let GeneratorState::Yielded(average) = generator.as_mut().resume(value) else {
            unreachable!("the averager never returns");
        };
        sum += average;
    }
    sum.to_bits()
}

/// The `Pin<Box<_>>` handle only; the generator's state is on the heap.
pub fn average_size() -> usize {
    mk_gen!(let generator = box averager());
    size_of_val(&generator)
}

#[generator(yield(u64))]
fn nested() {
    for i in 0..64u64 {
        for j in 0..64u64 {
            yield_!(i ^ j);
        }
    }
}

pub fn nested_sum() -> u64 {
    mk_gen!(let generator = box nested());
    drain(generator, u64::wrapping_add)
}

/// The `Pin<Box<_>>` handle only; the generator's state is on the heap.
pub fn nested_size() -> usize {
    mk_gen!(let generator = box nested());
    size_of_val(&generator)
}

#[generator(yield(u64))]
fn large_state(n: u64) {
    let mut buf = [0u64; 512];
    for k in 0..n {
        let slot = &mut buf[(k % 512) as usize];
        *slot = slot.wrapping_add(k);
        let item = *slot;
        yield_!(item);
    }
}

pub fn large_state_sum(n: u64) -> u64 {
    mk_gen!(let generator = box large_state(n));
    drain(generator, u64::wrapping_add)
}

/// The `Pin<Box<_>>` handle only; the generator's state, with the 4 KiB
/// buffer, is on the heap.
pub fn large_state_size() -> usize {
    mk_gen!(let generator = box large_state(1));
    size_of_val(&generator)
}

#[generator(yield(&'a [u8]))]
fn lines<'a>(data: &'a [u8]) {
    let mut rest = data;
    while !rest.is_empty() {
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        yield_!(&rest[..end]);
        rest = &rest[(end + 1).min(rest.len())..];
    }
}

pub fn lines_sum(data: &[u8]) -> u64 {
    mk_gen!(let generator = box lines(data));
    drain(generator.map(|line| line.len() as u64), checksum)
}

/// The `Pin<Box<_>>` handle only; the generator's state is on the heap.
pub fn lines_size(data: &[u8]) -> usize {
    mk_gen!(let generator = box lines(data));
    size_of_val(&generator)
}
