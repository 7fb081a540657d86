use gen_runtime::{generator, yield_};

// The loop over `&v` keeps a position, not a borrow, across the `yield_!`;
// still, as in a plain function, its body may not change `v`.
#[generator(yield = i32)]
fn grows(mut v: Vec<i32>) {
    for x in &v {
        yield_!(*x);
        v.push(1);
    }
}

// Before the `yield_!` too.
#[generator(yield = i32)]
fn grows_first(mut v: Vec<i32>) {
    for x in &v {
        let n = *x;
        v.push(n);
        yield_!(n);
    }
}

fn main() {
    let _ = grows(vec![1]);
    let _ = grows_first(vec![1]);
}
