use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
fn numbers() {
    fn helper() {
        yield_!(1);
    }
    helper();
    yield_!(2);
}

fn main() {
    let _ = numbers();
}
