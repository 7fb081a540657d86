//! Challenge 9.8, delegation: one generator hands over to two others with
//! `yield_from!`, and uses what each of them returns.
//!
//! Python: `header_lines = yield from header()` (PEP 380).

use gen_runtime::{Generator, GeneratorState, generator, yield_, yield_from};

#[generator(yield = String)]
fn header() -> usize {
    yield_!("title: Generators".to_owned());
    yield_!("author: Rust".to_owned());
    2
}

#[generator(yield = String)]
fn body(paragraphs: usize) -> usize {
    for i in 1..=paragraphs {
        yield_!(format!("paragraph {i}"));
    }
    paragraphs
}

#[generator(yield = String)]
fn document() -> usize {
    let header_lines = yield_from!(header());
    let body_lines = yield_from!(body(3));
    yield_!(format!("({header_lines} header lines, {body_lines} body lines)"));
    header_lines + body_lines
}

pub(crate) fn main() {
    println!("== 9.8 yield_from ==");
    let mut doc = document();
    loop {
        match doc.resume(()) {
            GeneratorState::Yielded(line) => println!("{line}"),
            GeneratorState::Complete(total) => {
                println!("document() returned {total}");
                break;
            }
        }
    }
    println!(
        "Rust: `yield_from!(g)` passes on everything g yields (and every resume value) and evaluates to \
         g's return value; it also accepts any iterable."
    );
}
