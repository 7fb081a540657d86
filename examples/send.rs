//! Challenge 9.9, `send`: values go into a running generator.
//!
//! Python: `g = greeter(); next(g); g.send("Ada")`. Here no priming `next`
//! is needed: the first `send` starts the body, and `first = name` binds
//! its argument.

use gen_runtime::{Generator, generator, yield_};

#[generator(yield = String, resume = String, first = name)]
fn greeter() {
    let mut name = name;
    let mut seen = 0;
    loop {
        seen += 1;
        name = yield_!(format!("Hello, {name}! (visitor {seen})"));
    }
}

pub(crate) fn main() {
    println!("== 9.9 send ==");
    let mut greetings = greeter();
    for name in ["Ada", "Grace", "Linus"] {
        println!("send({name:?}) -> {:?}", greetings.send(name.to_owned()));
    }
    println!(
        "Rust: `yield_!` evaluates to the value the next `send` (or `resume`) passes in, so the generator \
         keeps its state in ordinary locals between calls."
    );
}
