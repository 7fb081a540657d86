//! Challenge 9.1, basic `yield`: `r#gen()` yields 1, 2 and 3.
//!
//! Python: `def gen(): yield 1; yield 2; yield 3`, then `for x in gen(): print(x)`.
//! (`gen` is a keyword since Rust 2024, hence the raw identifier.)

use gen_runtime::{generator, yield_};

#[generator(yield = u32)]
fn r#gen() {
    yield_!(1);
    yield_!(2);
    yield_!(3);
}

pub(crate) fn main() {
    println!("== 9.1 basic_yield ==");
    for value in r#gen() {
        println!("yielded {value}");
    }
    println!(
        "Rust: `#[generator]` turns the function into a state machine; calling it runs nothing, \
         and each `next()` runs the body until its next `yield_!`."
    );
}
