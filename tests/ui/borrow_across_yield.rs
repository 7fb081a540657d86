use gen_runtime::{generator, yield_};

#[generator(yield = usize)]
fn borrows() {
    let text = String::from("abc");
    let view = &text;
    yield_!(1);
    yield_!(view.len());
}

// A reference that is not used after the `yield_!` is released there, a
// reference into data the generator does not own is kept, and a loop over a
// borrow of a `Vec` it owns keeps a position: all compile.
#[generator(yield = usize)]
fn fine(text: &str) {
    let owned = String::from("abc");
    let view = &owned;
    let n = view.len();
    yield_!(n);
    let words = &text[1..];
    yield_!(0);
    yield_!(words.len());
    let v = vec![1, 2];
    for x in &v {
        yield_!(*x);
    }
}

fn main() {
    let _ = borrows();
    let _ = fine("x");
}
