use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
unsafe fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = unsafe { numbers() };
}
