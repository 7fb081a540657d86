//! The workloads with the compiler's native coroutines: `gen` blocks
//! (`#![feature(gen_blocks)]`) for the iterators, and a `#[coroutine]`
//! closure driven through `std::ops::Coroutine` for the running average,
//! which needs a resume argument. Same functions, same results as
//! `generator_benches::variants::hand`.

use std::mem::size_of_val;
use std::ops::{Coroutine, CoroutineState};
use std::pin::pin;

use generator_benches::checksum;
use generator_benches::inputs::Tree;
use generator_benches::variants::hand::drain;

fn fib(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        let (mut a, mut b) = (0u64, 1u64);
        for _ in 0..n {
            yield a;
            (a, b) = (b, a.wrapping_add(b));
        }
    }
}

pub fn fib_sum(n: u64) -> u64 {
    drain(fib(n), u64::wrapping_add)
}

pub fn fib_size() -> usize {
    size_of_val(&fib(1))
}

/// Three separate `gen` blocks, each driving the one before it, with the
/// bodies of `generator_benches::variants::generator`.
fn source(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            yield i;
        }
    }
}

fn square(items: impl Iterator<Item = u64>) -> impl Iterator<Item = u64> {
    gen move {
        for x in items {
            yield x.wrapping_mul(x);
        }
    }
}

fn evens(items: impl Iterator<Item = u64>) -> impl Iterator<Item = u64> {
    gen move {
        for x in items {
            if x % 2 == 0 {
                yield x;
            }
        }
    }
}

fn pipeline(n: u64) -> impl Iterator<Item = u64> {
    evens(square(source(n)))
}

pub fn pipeline_sum(n: u64) -> u64 {
    drain(pipeline(n), u64::wrapping_add)
}

pub fn pipeline_size() -> usize {
    size_of_val(&pipeline(1))
}

/// In-order walk by recursive delegation: a `gen` block per subtree, boxed
/// (a `gen` block cannot contain itself), each re-yielding its children's
/// items.
fn walk(tree: &Tree) -> Box<dyn Iterator<Item = u64> + '_> {
    Box::new(gen move {
        if let Some(left) = tree.left.as_deref() {
            for x in walk(left) {
                yield x;
            }
        }
        yield tree.value;
        if let Some(right) = tree.right.as_deref() {
            for x in walk(right) {
                yield x;
            }
        }
    })
}

pub fn tree_sum(tree: &Tree) -> u64 {
    drain(walk(tree), checksum)
}

/// The outermost boxed handle only (a `Box<dyn Iterator>` fat pointer, 16
/// bytes on 64-bit): each subtree's `gen` block lives in its own heap
/// allocation, one per level of the current path, so the heap state behind
/// it is not counted here.
pub fn tree_size(tree: &Tree) -> usize {
    size_of_val(&walk(tree))
}

/// The running average: resumed with each value, yields the average so far
/// (`total / count as f64`, as `hand::Averager::send`). The first value is
/// the closure's argument; every later one is what `yield` evaluates to.
fn averager() -> impl Coroutine<f64, Yield = f64, Return = ()> {
    #[coroutine]
    |mut value: f64| {
        let mut total = 0.0;
        let mut count = 0u64;
        loop {
            total += value;
            count += 1;
            value = yield total / count as f64;
        }
    }
}

pub fn average_sum(values: &[f64]) -> u64 {
    let mut averager = pin!(averager());
    let mut sum = 0.0;
    for &value in values {
        match averager.as_mut().resume(value) {
            CoroutineState::Yielded(average) => sum += average,
            CoroutineState::Complete(()) => unreachable!("the averager never returns"),
        }
    }
    sum.to_bits()
}

pub fn average_size() -> usize {
    size_of_val(&averager())
}

fn nested() -> impl Iterator<Item = u64> {
    gen {
        for i in 0..64u64 {
            for j in 0..64u64 {
                yield i ^ j;
            }
        }
    }
}

pub fn nested_sum() -> u64 {
    drain(nested(), u64::wrapping_add)
}

pub fn nested_size() -> usize {
    size_of_val(&nested())
}

/// A `[u64; 512]` local live across every `yield`, with the body of
/// `generator_benches::variants::generator::large_state`.
fn large_state(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        let mut buf = [0u64; 512];
        for k in 0..n {
            let slot = &mut buf[(k % 512) as usize];
            *slot = slot.wrapping_add(k);
            yield *slot;
        }
    }
}

pub fn large_state_sum(n: u64) -> u64 {
    drain(large_state(n), u64::wrapping_add)
}

pub fn large_state_size() -> usize {
    size_of_val(&large_state(1))
}

/// Yields each line (without its `\n`; no final empty line) as a slice of
/// `data`.
fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    gen move {
        let mut rest = data;
        while !rest.is_empty() {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            yield &rest[..end];
            rest = &rest[(end + 1).min(rest.len())..];
        }
    }
}

pub fn lines_sum(data: &[u8]) -> u64 {
    drain(lines(data).map(|line| line.len() as u64), checksum)
}

pub fn lines_size(data: &[u8]) -> usize {
    size_of_val(&lines(data))
}
