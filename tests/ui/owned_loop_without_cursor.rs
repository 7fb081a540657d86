use std::collections::BTreeMap;

use gen_runtime::{generator, yield_};

// Loops over a borrow of a collection the generator owns, in forms that
// have no cursor: each is one error at the iterable, which says what works
// instead.

#[generator(yield = u64)]
fn windows(v: Vec<u64>) {
    for w in v.windows(2) {
        yield_!(w[0] + w[1]);
    }
}

#[generator(yield = u64)]
fn skipped(v: Vec<u64>) {
    for x in v.iter().skip(1) {
        yield_!(*x);
    }
}

#[generator(yield = u64)]
fn sub_slice(v: Vec<u64>) {
    for x in &v[1..] {
        yield_!(*x);
    }
}

#[generator(yield = u64)]
fn map_values(m: BTreeMap<u64, u64>) {
    for x in m.values() {
        yield_!(*x);
    }
}

#[generator(yield = u64)]
fn reassigned_item(v: Vec<u64>) {
    for mut x in &v {
        yield_!(*x);
        x = &0;
        yield_!(*x);
    }
}

// `.zip(..)` with a second collection the generator owns.
#[generator(yield = u64)]
fn zipped_with_owned(v: Vec<u64>, w: Vec<u64>) {
    for (a, b) in v.iter().zip(w.iter()) {
        yield_!(*a + *b);
    }
}

// The pair of a `.zip(..)` bound to one name and used after a `yield_!`
// (found by type: the runtime's message).
#[generator(yield = u64)]
fn zipped_pair(v: Vec<u64>) {
    for pair in v.iter().zip(0..) {
        yield_!(*pair.0);
        yield_!(pair.1);
    }
}

// `.copied()` of mutable references, a type error as for a plain
// iterator.
#[generator(yield = u64)]
fn copied_mutable(mut v: Vec<u64>) {
    for x in v.iter_mut().copied() {
        yield_!(x);
    }
}

// An iterator kept in a local.
#[generator(yield = u64)]
fn peekable(v: Vec<u64>) {
    let mut items = v.iter().peekable();
    while let Some(x) = items.next() {
        yield_!(*x);
    }
}

// `.rev()` over a map has no cursor either (found by type: rustc's error,
// with the runtime's message).
#[generator(yield = u64)]
fn reversed_map(m: BTreeMap<u64, u64>) {
    for (k, _) in m.iter().rev() {
        yield_!(*k);
    }
}

fn main() {
    let _ = windows(vec![1]);
    let _ = skipped(vec![1]);
    let _ = sub_slice(vec![1]);
    let _ = map_values(BTreeMap::new());
    let _ = reassigned_item(vec![1]);
    let _ = zipped_with_owned(vec![1], vec![2]);
    let _ = zipped_pair(vec![1]);
    let _ = copied_mutable(vec![1]);
    let _ = peekable(vec![1]);
    let _ = reversed_map(BTreeMap::new());
}
