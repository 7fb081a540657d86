//! corosensei 0.3: stackful coroutines, `Coroutine::new(|yielder, input|
//! ..)` on the default stack, yielding with `yielder.suspend(x)` from any
//! depth of ordinary calls. A coroutine is not an `Iterator`; it is driven
//! by `resume` in a `while let` loop. The workloads that borrow their input
//! (tree, lines) use `ScopedCoroutine`, the crate's safe form for a body
//! that is not `'static`.
//!
//! Allocations: no heap allocation, but every coroutine maps its own 1 MiB
//! stack (plus a guard page) with `mmap`/`mprotect`, unmapped when it is
//! dropped: 1 per run, 3 for the pipeline. The averager never returns, so
//! dropping it suspended unwinds its stack, a forced unwind that panics
//! through it: once per run, and the only heap allocations (2, the panic
//! payload and the exception).

use std::mem::size_of_val;

use corosensei::{Coroutine, CoroutineResult, ScopedCoroutine, Yielder};

use crate::checksum;
use crate::inputs::Tree;

/// `hand::drain` for a coroutine, which is not an `Iterator`.
#[inline]
fn drain(coroutine: &mut Coroutine<(), u64, ()>, mut fold: impl FnMut(u64, u64) -> u64) -> u64 {
    let mut acc = 0;
    while let CoroutineResult::Yield(item) = coroutine.resume(()) {
        acc = fold(acc, item);
    }
    acc
}

fn fib(n: u64) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |yielder: &Yielder<(), u64>, ()| {
        let (mut a, mut b) = (0u64, 1u64);
        for _ in 0..n {
            yielder.suspend(a);
            (a, b) = (b, a.wrapping_add(b));
        }
    })
}

pub fn fib_sum(n: u64) -> u64 {
    drain(&mut fib(n), u64::wrapping_add)
}

/// The `Coroutine` handle only; the state is on its own 1 MiB stack.
pub fn fib_size() -> usize {
    size_of_val(&fib(1))
}

fn source(n: u64) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |yielder: &Yielder<(), u64>, ()| {
        for x in 0..n {
            yielder.suspend(x);
        }
    })
}

fn square(mut items: Coroutine<(), u64, ()>) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |yielder: &Yielder<(), u64>, ()| {
        while let CoroutineResult::Yield(x) = items.resume(()) {
            yielder.suspend(x.wrapping_mul(x));
        }
    })
}

fn evens(mut items: Coroutine<(), u64, ()>) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |yielder: &Yielder<(), u64>, ()| {
        while let CoroutineResult::Yield(x) = items.resume(()) {
            if x % 2 == 0 {
                yielder.suspend(x);
            }
        }
    })
}

fn pipeline(n: u64) -> Coroutine<(), u64, ()> {
    evens(square(source(n)))
}

pub fn pipeline_sum(n: u64) -> u64 {
    drain(&mut pipeline(n), u64::wrapping_add)
}

/// The outer `Coroutine` handle only; each stage has its own 1 MiB stack,
/// the stage before it living on it.
pub fn pipeline_size() -> usize {
    size_of_val(&pipeline(1))
}

/// In-order walk by plain recursion on the coroutine's stack: the yield
/// comes from whatever depth the walk is at, so no delegation.
fn walk(tree: &Tree, yielder: &Yielder<(), u64>) {
    if let Some(left) = tree.left.as_deref() {
        walk(left, yielder);
    }
    yielder.suspend(tree.value);
    if let Some(right) = tree.right.as_deref() {
        walk(right, yielder);
    }
}

fn in_order(tree: &Tree) -> ScopedCoroutine<'_, (), u64, ()> {
    ScopedCoroutine::new(move |yielder: &Yielder<(), u64>, ()| walk(tree, yielder))
}

pub fn tree_sum(tree: &Tree) -> u64 {
    in_order(tree).scope(|mut coroutine| {
        let mut acc = 0;
        while let CoroutineResult::Yield(item) = coroutine.resume(()) {
            acc = checksum(acc, item);
        }
        acc
    })
}

/// The `ScopedCoroutine` handle only; the walk's frames are on its 1 MiB
/// stack.
pub fn tree_size(tree: &Tree) -> usize {
    size_of_val(&in_order(tree))
}

/// Receives each value as its resume argument (the first one as the body's
/// input, the others as the value of `suspend`) and answers the running
/// average.
fn averager() -> Coroutine<f64, f64, ()> {
    Coroutine::new(|yielder: &Yielder<f64, f64>, mut value: f64| {
        let (mut total, mut count) = (0.0f64, 0u64);
        loop {
            total += value;
            count += 1;
            value = yielder.suspend(total / count as f64);
        }
    })
}

pub fn average_sum(values: &[f64]) -> u64 {
    let mut averager = averager();
    let mut sum = 0.0;
    for &value in values {
        let CoroutineResult::Yield(average) = averager.resume(value) else {
            unreachable!("the averager never returns");
        };
        sum += average;
    }
    sum.to_bits()
}

/// The `Coroutine` handle only; the state is on its own 1 MiB stack.
pub fn average_size() -> usize {
    size_of_val(&averager())
}

fn nested() -> Coroutine<(), u64, ()> {
    Coroutine::new(|yielder: &Yielder<(), u64>, ()| {
        for i in 0..64u64 {
            for j in 0..64u64 {
                yielder.suspend(i ^ j);
            }
        }
    })
}

pub fn nested_sum() -> u64 {
    drain(&mut nested(), u64::wrapping_add)
}

/// The `Coroutine` handle only; the state is on its own 1 MiB stack.
pub fn nested_size() -> usize {
    size_of_val(&nested())
}

fn large_state(n: u64) -> Coroutine<(), u64, ()> {
    Coroutine::new(move |yielder: &Yielder<(), u64>, ()| {
        let mut buf = [0u64; 512];
        for k in 0..n {
            let slot = &mut buf[(k % 512) as usize];
            *slot = slot.wrapping_add(k);
            yielder.suspend(*slot);
        }
    })
}

pub fn large_state_sum(n: u64) -> u64 {
    drain(&mut large_state(n), u64::wrapping_add)
}

/// The `Coroutine` handle only; the 4 KiB buffer is on its own 1 MiB stack.
pub fn large_state_size() -> usize {
    size_of_val(&large_state(1))
}

fn lines(data: &[u8]) -> ScopedCoroutine<'_, (), &[u8], ()> {
    ScopedCoroutine::new(move |yielder: &Yielder<(), &[u8]>, ()| {
        let mut rest = data;
        while !rest.is_empty() {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            yielder.suspend(&rest[..end]);
            rest = &rest[(end + 1).min(rest.len())..];
        }
    })
}

pub fn lines_sum(data: &[u8]) -> u64 {
    lines(data).scope(|mut coroutine| {
        let mut acc = 0;
        while let CoroutineResult::Yield(line) = coroutine.resume(()) {
            acc = checksum(acc, line.len() as u64);
        }
        acc
    })
}

/// The `ScopedCoroutine` handle only; the state is on its own 1 MiB stack.
pub fn lines_size(data: &[u8]) -> usize {
    size_of_val(&lines(data))
}
