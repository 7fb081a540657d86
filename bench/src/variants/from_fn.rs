//! `std::iter::from_fn`: the state is captured by the closure, the control
//! flow written by hand.

use std::cell::Cell;
use std::iter::from_fn;
use std::mem::size_of_val;

use crate::checksum;
use crate::inputs::Tree;
use crate::variants::hand::drain;

pub fn endless_fib() -> impl Iterator<Item = u64> {
    let (mut a, mut b) = (0u64, 1u64);
    from_fn(move || {
        let item = a;
        (a, b) = (b, a.wrapping_add(b));
        Some(item)
    })
}

pub fn fib(n: u64) -> impl Iterator<Item = u64> {
    let (mut a, mut b, mut left) = (0u64, 1u64, n);
    from_fn(move || {
        left = left.checked_sub(1)?;
        let item = a;
        (a, b) = (b, a.wrapping_add(b));
        Some(item)
    })
}

pub fn fib_sum(n: u64) -> u64 {
    drain(fib(n), u64::wrapping_add)
}

pub fn fib_size() -> usize {
    size_of_val(&fib(1))
}

fn source(n: u64) -> impl Iterator<Item = u64> {
    let mut next = 0;
    from_fn(move || {
        if next < n {
            next += 1;
            Some(next - 1)
        } else {
            None
        }
    })
}

fn square(mut numbers: impl Iterator<Item = u64>) -> impl Iterator<Item = u64> {
    from_fn(move || {
        let x = numbers.next()?;
        Some(x.wrapping_mul(x))
    })
}

fn evens(mut numbers: impl Iterator<Item = u64>) -> impl Iterator<Item = u64> {
    from_fn(move || {
        loop {
            let x = numbers.next()?;
            if x % 2 == 0 {
                return Some(x);
            }
        }
    })
}

pub fn pipeline_sum(n: u64) -> u64 {
    drain(evens(square(source(n))), u64::wrapping_add)
}

pub fn pipeline_size() -> usize {
    size_of_val(&evens(square(source(1))))
}

/// Delegation by hand: a phase counter, and the subtree's boxed iterator.
fn in_order(tree: &Tree) -> Box<dyn Iterator<Item = u64> + '_> {
    let mut phase = 0;
    let mut sub: Option<Box<dyn Iterator<Item = u64> + '_>> = None;
    Box::new(from_fn(move || {
        loop {
            if let Some(items) = &mut sub {
                if let Some(item) = items.next() {
                    return Some(item);
                }
                sub = None;
            }
            phase += 1;
            match phase {
                1 => sub = tree.left.as_deref().map(in_order),
                2 => return Some(tree.value),
                3 => sub = tree.right.as_deref().map(in_order),
                _ => return None,
            }
        }
    }))
}

pub fn tree_sum(tree: &Tree) -> u64 {
    drain(in_order(tree), checksum)
}

pub fn tree_size(tree: &Tree) -> usize {
    size_of_val(&in_order(tree))
}

/// `from_fn` cannot receive values: the caller passes them through a cell.
pub fn average_sum(values: &[f64]) -> u64 {
    let input = Cell::new(0.0);
    let (mut total, mut count) = (0.0, 0u64);
    let mut averager = from_fn(|| {
        total += input.get();
        count += 1;
        Some(total / count as f64)
    });
    let mut sum = 0.0;
    for &value in values {
        input.set(value);
        if let Some(average) = averager.next() {
            sum += average;
        }
    }
    sum.to_bits()
}

pub fn average_size() -> usize {
    let input = Cell::new(0.0);
    let (mut total, mut count) = (0.0, 0u64);
    let averager = from_fn(|| {
        total += input.get();
        count += 1;
        Some(total / count as f64)
    });
    size_of_val(&averager)
}

fn nested() -> impl Iterator<Item = u64> {
    let (mut i, mut j) = (0u64, 0u64);
    from_fn(move || {
        if i == 64 {
            return None;
        }
        let item = i ^ j;
        j += 1;
        if j == 64 {
            j = 0;
            i += 1;
        }
        Some(item)
    })
}

pub fn nested_sum() -> u64 {
    drain(nested(), u64::wrapping_add)
}

pub fn nested_size() -> usize {
    size_of_val(&nested())
}

pub fn nested_by(rows: u64, cols: u64) -> impl Iterator<Item = u64> {
    let (mut i, mut j) = (0u64, 0u64);
    from_fn(move || {
        if j == cols {
            j = 0;
            i += 1;
        }
        if i >= rows || cols == 0 {
            return None;
        }
        let item = i ^ j;
        j += 1;
        Some(item)
    })
}

pub fn nested_opaque_size() -> usize {
    size_of_val(&nested_by(1, 1))
}

fn large_state(n: u64) -> impl Iterator<Item = u64> {
    let mut buf = [0u64; 512];
    let mut k = 0;
    from_fn(move || {
        if k == n {
            return None;
        }
        let slot = &mut buf[(k % 512) as usize];
        *slot = slot.wrapping_add(k);
        k += 1;
        Some(*slot)
    })
}

pub fn large_state_sum(n: u64) -> u64 {
    drain(large_state(n), u64::wrapping_add)
}

pub fn large_state_size() -> usize {
    size_of_val(&large_state(1))
}

fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = data;
    from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let line = &rest[..end];
        rest = &rest[(end + 1).min(rest.len())..];
        Some(line)
    })
}

pub fn lines_sum(data: &[u8]) -> u64 {
    drain(lines(data).map(|line| line.len() as u64), checksum)
}

pub fn lines_size(data: &[u8]) -> usize {
    size_of_val(&lines(data))
}
