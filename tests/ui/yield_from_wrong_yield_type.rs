use gen_runtime::{generator, yield_, yield_from};

#[generator(yield = u8)]
fn bytes() {
    yield_!(1);
}

#[generator(yield = String)]
fn strings() {
    yield_from!(bytes());
}

#[generator(yield = String)]
fn from_iterable() {
    yield_from!(vec![1, 2]);
}

fn main() {
    let _ = strings();
    let _ = from_iterable();
}
