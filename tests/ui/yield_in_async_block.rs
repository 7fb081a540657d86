use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
fn numbers() {
    let future = async {
        yield_!(1);
    };
    drop(future);
}

fn main() {
    let _ = numbers();
}
