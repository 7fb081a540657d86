//! genawaiter 0.99, `rc` flavour: a generator is an `async` block that
//! yields with `co.yield_(x).await`, driven by `genawaiter::rc::Gen`.
//!
//! Allocations: every `Gen::new` allocates twice, the `Rc` "airlock" that
//! passes values between the two sides and the `Box` that pins the future
//! (which holds every local kept across a yield). So one run allocates 2
//! (fib, average, nested, large state, lines), 6 (pipeline: three
//! generators), or 3 per tree node (the recursive walk has to erase its own
//! future type, which costs one more box: `Box<Pin<Box<dyn Future>>>`).

use std::future::Future;
use std::mem::size_of_val;
use std::pin::Pin;

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;

use crate::checksum;
use crate::inputs::Tree;
use crate::variants::hand::drain;

fn fib(n: u64) -> Gen<u64, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        let (mut a, mut b) = (0u64, 1u64);
        for _ in 0..n {
            co.yield_(a).await;
            (a, b) = (b, a.wrapping_add(b));
        }
    })
}

pub fn fib_sum(n: u64) -> u64 {
    drain(fib(n).into_iter(), u64::wrapping_add)
}

/// The `Gen` handle only (an `Rc` and a `Box`); the future with the
/// generator's state is on the heap.
pub fn fib_size() -> usize {
    size_of_val(&fib(1))
}

fn source(n: u64) -> Gen<u64, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        for x in 0..n {
            co.yield_(x).await;
        }
    })
}

fn square(items: impl Iterator<Item = u64>) -> Gen<u64, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        for x in items {
            co.yield_(x.wrapping_mul(x)).await;
        }
    })
}

fn evens(items: impl Iterator<Item = u64>) -> Gen<u64, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        for x in items {
            if x % 2 == 0 {
                co.yield_(x).await;
            }
        }
    })
}

fn pipeline(n: u64) -> Gen<u64, (), impl Future<Output = ()>> {
    evens(square(source(n).into_iter()).into_iter())
}

pub fn pipeline_sum(n: u64) -> u64 {
    drain(pipeline(n).into_iter(), u64::wrapping_add)
}

/// The outer `Gen` handle only; the three futures (each holding the stage
/// before it) are on the heap.
pub fn pipeline_size() -> usize {
    size_of_val(&pipeline(1))
}

/// The future of a walk has to be type-erased (and so boxed once more by
/// us, inside the box `Gen` puts it in): it holds the walks of the subtrees.
type Walk<'a> = Gen<u64, (), WalkFuture<'a>>;
type WalkFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// In-order walk: one generator per subtree, whose items it re-yields.
fn in_order(tree: &Tree) -> Walk<'_> {
    Gen::new(move |co| -> WalkFuture<'_> {
        Box::pin(async move {
            if let Some(left) = tree.left.as_deref() {
                for item in in_order(left) {
                    co.yield_(item).await;
                }
            }
            co.yield_(tree.value).await;
            if let Some(right) = tree.right.as_deref() {
                for item in in_order(right) {
                    co.yield_(item).await;
                }
            }
        })
    })
}

pub fn tree_sum(tree: &Tree) -> u64 {
    drain(in_order(tree).into_iter(), checksum)
}

/// The root's `Gen` handle only; its future, and those of the walks under
/// way below it, are on the heap.
pub fn tree_size(tree: &Tree) -> usize {
    size_of_val(&in_order(tree))
}

/// Receives each value through `resume_with` and answers the running
/// average. genawaiter drops the argument of the first `resume_with` (it
/// only starts the body, which cannot see it), so the averager is primed
/// first: it yields a dummy `0.0` that the caller discards, and only then
/// takes values.
fn averager() -> Gen<f64, f64, impl Future<Output = ()>> {
    Gen::new(|co| async move {
        let (mut total, mut count) = (0.0f64, 0u64);
        let mut value = co.yield_(0.0).await;
        loop {
            total += value;
            count += 1;
            value = co.yield_(total / count as f64).await;
        }
    })
}

pub fn average_sum(values: &[f64]) -> u64 {
    let mut averager = averager();
    // Priming: runs the body to its first `yield_`; the argument is dropped.
    averager.resume_with(0.0);
    let mut sum = 0.0;
    for &value in values {
        let GeneratorState::Yielded(average) = averager.resume_with(value) else {
            unreachable!("the averager never completes");
        };
        sum += average;
    }
    sum.to_bits()
}

/// The `Gen` handle only; the future is on the heap.
pub fn average_size() -> usize {
    size_of_val(&averager())
}

fn nested() -> Gen<u64, (), impl Future<Output = ()>> {
    Gen::new(|co| async move {
        for i in 0..64u64 {
            for j in 0..64u64 {
                co.yield_(i ^ j).await;
            }
        }
    })
}

pub fn nested_sum() -> u64 {
    drain(nested().into_iter(), u64::wrapping_add)
}

/// The `Gen` handle only; the future is on the heap.
pub fn nested_size() -> usize {
    size_of_val(&nested())
}

fn large_state(n: u64) -> Gen<u64, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        let mut buf = [0u64; 512];
        for k in 0..n {
            let slot = &mut buf[(k % 512) as usize];
            *slot = slot.wrapping_add(k);
            let item = *slot;
            co.yield_(item).await;
        }
    })
}

pub fn large_state_sum(n: u64) -> u64 {
    drain(large_state(n).into_iter(), u64::wrapping_add)
}

/// The `Gen` handle only; the future, with the 4 KiB buffer, is on the heap.
pub fn large_state_size() -> usize {
    size_of_val(&large_state(1))
}

fn lines(data: &[u8]) -> Gen<&[u8], (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        let mut rest = data;
        while !rest.is_empty() {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            co.yield_(&rest[..end]).await;
            rest = &rest[(end + 1).min(rest.len())..];
        }
    })
}

pub fn lines_sum(data: &[u8]) -> u64 {
    drain(lines(data).into_iter().map(|line| line.len() as u64), checksum)
}

/// The `Gen` handle only; the future is on the heap.
pub fn lines_size(data: &[u8]) -> usize {
    size_of_val(&lines(data))
}
