//! The baseline: hand-written `Iterator` structs (and a plain struct with a
//! `send` method for the coroutine).

use std::hint::black_box;
use std::mem::size_of_val;

use crate::checksum;
use crate::inputs::Tree;

/// Drives an iterator the way a `for` loop does.
#[inline]
#[allow(clippy::while_let_on_iterator)]
pub fn drain(mut items: impl Iterator<Item = u64>, mut fold: impl FnMut(u64, u64) -> u64) -> u64 {
    let mut acc = 0;
    while let Some(item) = items.next() {
        acc = fold(acc, item);
    }
    acc
}

pub struct Fib {
    a: u64,
    b: u64,
    left: u64,
}

impl Iterator for Fib {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        self.left = self.left.checked_sub(1)?;
        let item = self.a;
        (self.a, self.b) = (self.b, self.a.wrapping_add(self.b));
        Some(item)
    }
}

pub fn fib(n: u64) -> Fib {
    Fib { a: 0, b: 1, left: n }
}

pub fn fib_sum(n: u64) -> u64 {
    drain(fib(n), u64::wrapping_add)
}

pub fn fib_size() -> usize {
    size_of_val(&fib(1))
}

pub struct EndlessFib {
    a: u64,
    b: u64,
}

impl Iterator for EndlessFib {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        let item = self.a;
        (self.a, self.b) = (self.b, self.a.wrapping_add(self.b));
        Some(item)
    }
}

pub fn endless_fib() -> EndlessFib {
    EndlessFib { a: 0, b: 1 }
}

pub struct Source {
    next: u64,
    end: u64,
}

impl Iterator for Source {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.next < self.end {
            self.next += 1;
            Some(self.next - 1)
        } else {
            None
        }
    }
}

pub struct Square<I>(I);

impl<I: Iterator<Item = u64>> Iterator for Square<I> {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        let x = self.0.next()?;
        Some(x.wrapping_mul(x))
    }
}

pub struct Evens<I>(I);

impl<I: Iterator<Item = u64>> Iterator for Evens<I> {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        loop {
            let x = self.0.next()?;
            if x % 2 == 0 {
                return Some(x);
            }
        }
    }
}

fn pipeline(n: u64) -> Evens<Square<Source>> {
    Evens(Square(Source { next: 0, end: n }))
}

pub fn pipeline_sum(n: u64) -> u64 {
    drain(pipeline(n), u64::wrapping_add)
}

pub fn pipeline_size() -> usize {
    size_of_val(&pipeline(1))
}

/// A countdown `depth` levels deep needs no recursion by hand: a range.
pub fn countdown_sum(depth: u64, runs: u64) -> u64 {
    (0..runs).fold(0, |acc, _| acc.wrapping_add(drain((0..=black_box(depth)).rev(), checksum)))
}

pub fn countdown_size() -> usize {
    size_of_val(&(0..=1u64).rev())
}

/// In-order traversal with an explicit stack.
pub struct InOrder<'a> {
    stack: Vec<&'a Tree>,
    next: Option<&'a Tree>,
}

impl<'a> Iterator for InOrder<'a> {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        while let Some(node) = self.next {
            self.stack.push(node);
            self.next = node.left.as_deref();
        }
        let node = self.stack.pop()?;
        self.next = node.right.as_deref();
        Some(node.value)
    }
}

fn in_order(tree: &Tree) -> InOrder<'_> {
    InOrder { stack: Vec::new(), next: Some(tree) }
}

pub fn tree_sum(tree: &Tree) -> u64 {
    drain(in_order(tree), checksum)
}

pub fn tree_size(tree: &Tree) -> usize {
    size_of_val(&in_order(tree))
}

pub struct Averager {
    total: f64,
    count: u64,
}

impl Averager {
    #[inline]
    pub fn send(&mut self, value: f64) -> f64 {
        self.total += value;
        self.count += 1;
        self.total / self.count as f64
    }
}

pub fn average_sum(values: &[f64]) -> u64 {
    let mut averager = Averager { total: 0.0, count: 0 };
    let mut sum = 0.0;
    for &value in values {
        sum += averager.send(value);
    }
    sum.to_bits()
}

pub fn average_size() -> usize {
    size_of_val(&Averager { total: 0.0, count: 0 })
}

pub struct Nested {
    i: u64,
    j: u64,
}

impl Iterator for Nested {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.i == 64 {
            return None;
        }
        let item = self.i ^ self.j;
        self.j += 1;
        if self.j == 64 {
            self.j = 0;
            self.i += 1;
        }
        Some(item)
    }
}

pub fn nested_sum() -> u64 {
    drain(Nested { i: 0, j: 0 }, u64::wrapping_add)
}

/// The fastest of the natural forms measured: a `struct` with `i`, `j` and
/// the bounds in `next` ran 16.0 instructions per item, as `iter::from_fn`.
pub fn nested_by(rows: u64, cols: u64) -> impl Iterator<Item = u64> {
    (0..rows).flat_map(move |i| (0..cols).map(move |j| i ^ j))
}

pub fn nested_opaque_size() -> usize {
    size_of_val(&nested_by(1, 1))
}

pub fn nested_size() -> usize {
    size_of_val(&Nested { i: 0, j: 0 })
}

pub struct LargeState {
    buf: [u64; 512],
    k: u64,
    n: u64,
}

impl Iterator for LargeState {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.k == self.n {
            return None;
        }
        let slot = &mut self.buf[(self.k % 512) as usize];
        *slot = slot.wrapping_add(self.k);
        self.k += 1;
        Some(*slot)
    }
}

fn large_state(n: u64) -> LargeState {
    LargeState { buf: [0; 512], k: 0, n }
}

pub fn large_state_sum(n: u64) -> u64 {
    drain(large_state(n), u64::wrapping_add)
}

pub fn large_state_size() -> usize {
    size_of_val(&large_state(1))
}

pub struct Lines<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];
    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let end = self.rest.iter().position(|&b| b == b'\n').unwrap_or(self.rest.len());
        let line = &self.rest[..end];
        self.rest = &self.rest[(end + 1).min(self.rest.len())..];
        Some(line)
    }
}

pub fn lines_sum(data: &[u8]) -> u64 {
    drain(Lines { rest: data }.map(|line| line.len() as u64), checksum)
}

pub fn lines_size(data: &[u8]) -> usize {
    size_of_val(&Lines { rest: data })
}

/// The slice iterator over a vector the caller owns (taken out of `cell`
/// for the run and put back).
pub fn owned_sum(cell: &std::cell::RefCell<Vec<u64>>) -> u64 {
    let values = std::mem::take(&mut *cell.borrow_mut());
    let sum = drain(values.iter().copied(), checksum);
    *cell.borrow_mut() = values;
    sum
}

pub fn owned_size() -> usize {
    size_of_val(&[0u64][..].iter())
}
