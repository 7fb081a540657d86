//! The `#[generator]` attribute of `gen-runtime`. Use it through
//! `gen_runtime::generator`; this crate's API is not stable on its own.
//!
//! The expansion is a small compiler pass, one module per phase:
//!
//! 1. `front` parses the attribute (`args`), checks the function and builds
//!    the signature of the emitted one (`signature`), and finds the
//!    suspension points (`suspend`);
//! 2. `lower` turns the body into the `ir`, splitting expressions at
//!    suspension points (`effects` records what plain code does to
//!    bindings);
//! 3. `plan` cuts the body into the arms of the state machine (`arms`),
//!    computes which bindings each arm carries (`liveness`, `init`, the keep
//!    rule, slots), walks each arm into its program (`walk`, `program`) and
//!    ties the arms together (`machine`): every decision is made here;
//! 4. `emit` prints the plan as Rust (`names` gives the state types and
//!    hidden names).
//!
//! `syntax` holds the helpers several phases share.
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
