//! The `#[generator]` attribute of `gen-runtime`. Use it through
//! `gen_runtime::generator`; this crate's API is not stable on its own.
//!
//! The expansion is a small compiler pass, one module per phase:
//!
//! 1. `args` parses the attribute, `signature` checks the function and
//!    builds the signature of the emitted one;
//! 2. `suspend` finds the suspension points and rejects misplaced ones;
//! 3. `lower` turns the body into the `ir`, splitting expressions at
//!    suspension points (`effects` records what plain code does to
//!    bindings);
//! 4. `arms` cuts the body into the arms of the state machine;
//!    `analysis` computes which bindings each arm carries; `layout`
//!    names the state types;
//! 5. `emit` writes the function.
#![forbid(unsafe_code)]

mod diag;
mod emit;
mod expand;
mod front;
mod ir;
mod lower;
mod plan;
#[cfg(test)]
mod snapshots;
mod syntax;

use proc_macro::TokenStream;

/// See `gen_runtime::generator`.
#[proc_macro_attribute]
pub fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::generator(&args.into(), &input.into()).into()
}
