//! `-> impl Iterator<..>` declares what the generator completes with, not
//! what the function returns. Rejected only when the body completes with
//! `()`: a generator may complete with an iterator (`leftovers`).

use gen_runtime::{Generator, generator, yield_};

#[generator(yield = u32)]
fn counting(n: u32) -> impl Iterator<Item = u32> {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
fn fib() -> impl Generator<Yield = u64> {
    let (mut a, mut b) = (0, 1);
    loop {
        yield_!(a);
        (a, b) = (b, a + b);
    }
}

#[generator(yield = u32)]
fn leftovers(n: u32) -> impl Iterator<Item = u32> {
    yield_!(n);
    n..n + 3
}

fn main() {
    let _ = counting(3).sum::<u32>();
    let _ = fib().resume(());
    let _ = leftovers(3);
}
