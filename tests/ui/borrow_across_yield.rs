use gen_runtime::{generator, yield_};

#[generator(yield = usize)]
fn borrows() {
    let text = String::from("abc");
    let view = &text;
    yield_!(1);
    yield_!(view.len());
}

#[generator(yield = u32)]
fn loops_over_a_local() {
    let v = vec![1, 2];
    for x in &v {
        yield_!(*x);
    }
}

// A reference that is not used after the `yield_!` is released there, and
// a reference into data the generator does not own is kept: both compile.
#[generator(yield = usize)]
fn fine(text: &str) {
    let owned = String::from("abc");
    let view = &owned;
    let n = view.len();
    yield_!(n);
    let words = &text[1..];
    yield_!(0);
    yield_!(words.len());
}

fn main() {
    let _ = borrows();
    let _ = loops_over_a_local();
    let _ = fine("x");
}
