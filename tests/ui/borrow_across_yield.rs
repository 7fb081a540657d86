use gen_runtime::{generator, yield_};

#[generator(yield = usize)]
fn borrows() {
    let text = String::from("abc");
    let view = &text;
    yield_!(1);
    yield_!(view.len());
}

fn main() {
    let _ = borrows();
}
