//! A generator that keeps its own generator across a suspension point
//! would contain itself: the error names the call and how to avoid it.
//! `yield_from!` of the bare call delegates without a box, except with a
//! `&mut` parameter; recursive calls used up within one resume compile
//! (`count`).

use gen_runtime::{generator, yield_, yield_from};

#[generator(yield = Vec<u32>)]
fn permutations(v: Vec<u32>) {
    if v.len() <= 1 {
        yield_!(v);
        return;
    }
    for i in 0..v.len() {
        let mut rest = v.clone();
        let first = rest.remove(i);
        for mut p in permutations(rest) {
            p.insert(0, first);
            yield_!(p);
        }
    }
}

#[generator(yield = u32)]
fn count(n: u32) {
    if n > 0 {
        let below = count(n - 1).count();
        yield_!(u32::try_from(below).unwrap_or(0));
        yield_from!(Box::new(count(n - 1)));
    }
}

struct Tree(Vec<Tree>, u32);

impl Tree {
    #[generator(yield = u32)]
    fn walk(&mut self) {
        self.1 += 1;
        yield_!(self.1);
        yield_from!(self.walk());
    }
}

/// Generic arguments on the call: the callee must have the caller's.
#[generator(yield = T)]
fn repeat<T: Clone>(x: T, n: u32) {
    yield_!(x.clone());
    if n > 0 {
        yield_from!(repeat::<T>(x, n - 1));
    }
}

/// A `&mut` inside a parameter's type.
#[generator(yield = u32)]
fn fill(out: Option<&mut Vec<u32>>, n: u32) {
    yield_!(n);
    if n > 0 {
        yield_from!(fill(out, n - 1));
    }
}

fn main() {
    let _ = repeat(1, 2).count();
    let _ = fill(None, 2).count();
    let _ = permutations(vec![1, 2, 3]).count();
    let _ = count(3).sum::<u32>();
    let _ = Tree(Vec::new(), 1).walk().count();
}
