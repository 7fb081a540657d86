//! Ways of consuming an iterator (issue 11, "no slow path for a consumer"):
//! each workload 10–13 runs one of them over the Fibonacci numbers of each
//! variant. Generic, so that each variant's iterator is inlined into it.

use std::hint::black_box;

use crate::checksum;
use crate::variants::hand::drain;

/// `for x in items.take(n)` over an endless sequence.
pub fn take(items: impl Iterator<Item = u64>, n: u64) -> u64 {
    let mut acc = 0;
    for x in items.take(usize::try_from(n).unwrap_or(usize::MAX)) {
        acc = checksum(acc, x);
    }
    acc
}

/// `fold` (what `sum` and `for_each` use).
pub fn fold(items: impl Iterator<Item = u64>) -> u64 {
    items.fold(0, checksum)
}

/// `try_fold`, as a `?` loop over the items would run it.
pub fn try_fold(mut items: impl Iterator<Item = u64>) -> u64 {
    let step = |acc: u64, x: u64| if x == u64::MAX { None } else { Some(checksum(acc, x)) };
    items.try_fold(0, step).unwrap_or(0)
}

/// Half the items through `by_ref().take(..)`, the rest by resuming the
/// same iterator.
pub fn by_ref(mut items: impl Iterator<Item = u64>, n: u64) -> u64 {
    let half = usize::try_from(n / 2).unwrap_or(usize::MAX);
    let first = items.by_ref().take(half).fold(0, checksum);
    items.fold(first, checksum)
}

/// `grids` fresh `grid(64, 64)`s, the bounds through `black_box`, each made,
/// drained (a wrapping sum) and dropped (table 9).
pub fn grids<I: Iterator<Item = u64>>(grids: u64, grid: impl Fn(u64, u64) -> I) -> u64 {
    let mut acc = 0;
    for _ in 0..grids {
        let items = grid(black_box(64), black_box(64));
        acc = drain(items, u64::wrapping_add).wrapping_add(acc);
    }
    acc
}
