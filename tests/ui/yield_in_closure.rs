use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
fn numbers() {
    let emit = |x: u32| yield_!(x);
    emit(1);
    yield_!(2);
}

fn main() {
    let _ = numbers();
}
