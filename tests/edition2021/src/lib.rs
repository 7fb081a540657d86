//! In edition 2021, a returned `impl Trait` does not capture lifetimes
//! unless told to, and `gen` is not a keyword.
#![forbid(unsafe_code)]
#![deny(warnings, clippy::pedantic)]

use gen_runtime::{generator, yield_, yield_from};

/// Borrows its argument through an elided lifetime.
#[generator(yield = &str)]
pub fn words(text: &str) {
    for word in text.split_whitespace() {
        yield_!(word);
    }
}

/// Two elided lifetimes and a named one.
#[generator(yield = (&'a str, char))]
pub fn pairs<'a>(left: &'a str, right: &str) {
    for (word, c) in left.split(',').zip(right.chars()) {
        yield_!((word, c));
    }
}

pub struct Holder {
    pub items: Vec<u8>,
}

impl Holder {
    /// A method borrowing `self`.
    #[generator(yield = u8)]
    pub fn each(&self) {
        for &b in &self.items {
            yield_!(b);
        }
    }
}

/// `gen` is an ordinary name in edition 2021.
#[generator(yield = u8)]
pub fn gen() {
    let gen = 1;
    yield_!(gen);
}

/// A tree walked by a generator that delegates to itself.
pub struct Node {
    pub value: u8,
    pub children: Vec<Node>,
}

impl Node {
    /// Pre-order, through `Self::walk(child)`; the number of nodes.
    #[generator(yield = u8)]
    pub fn walk(&self) -> usize {
        yield_!(self.value);
        let mut count = 1;
        for child in &self.children {
            count += yield_from!(Self::walk(child));
        }
        count
    }
}
