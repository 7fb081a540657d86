use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
fn numbers() {
    let values = [1, 2];
    unsafe {
        yield_!(values[0]);
    }
    yield_!(values[1]);
}

fn main() {
    let _ = numbers();
}
