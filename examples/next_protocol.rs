//! Challenge 9.5, the protocol: `next()` until `None`, `resume()` until
//! `Complete(value)`, and what resuming a finished generator does.
//!
//! Python: `next(g)` until `StopIteration`, whose `.value` is the return value.

use std::panic;

use gen_runtime::{Generator, GeneratorState, generator, yield_};

#[generator(yield = &'static str)]
fn steps() -> usize {
    yield_!("first");
    yield_!("second");
    2
}

pub(crate) fn main() {
    println!("== 9.5 next_protocol ==");
    let mut it = steps();
    println!("next() -> {:?}", it.next());
    println!("next() -> {:?}", it.next());
    println!("next() -> {:?}", it.next());
    println!("next() -> {:?} (stays None)", it.next());

    let mut g = steps();
    loop {
        let state = g.resume(());
        println!("resume() -> {state:?}");
        if let GeneratorState::Complete(_) = state {
            break;
        }
    }
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let after = panic::catch_unwind(panic::AssertUnwindSafe(|| g.resume(())));
    panic::set_hook(default_hook);
    let message = after.err().and_then(|e| e.downcast_ref::<&str>().map(|s| (*s).to_owned())).unwrap_or_default();
    println!("resume() after completion panics: \"{message}\"");
    println!(
        "Rust: `Iterator::next` gives the values and then None forever; `Generator::resume` also returns the \
         completion value (Python's StopIteration.value), and refuses to run a finished generator."
    );
}
