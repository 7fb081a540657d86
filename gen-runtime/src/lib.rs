//! Python-style generators for stable Rust, compiled to plain state machines.
//!
//! Annotate a function with [`#[generator]`](macro@generator), write
//! [`yield_!(value)`](yield_) where Python writes `yield value`, and the
//! function returns a value that implements [`Generator`] and, when it takes
//! no resume argument, [`Iterator`]:
//!
//! ```
//! use gen_runtime::{generator, yield_};
//!
//! #[generator(yield = u64)]
//! fn fib() {
//!     let (mut a, mut b) = (0, 1);
//!     loop {
//!         yield_!(a);
//!         (a, b) = (b, a.wrapping_add(b));
//!     }
//! }
//!
//! let first: Vec<u64> = fib().take(10).collect();
//! assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
//! ```
//!
//! The attribute rewrites the body into a state machine: an `enum` with one
//! variant per suspension point, holding exactly the locals that are alive
//! there, and a closure that resumes it. There is no heap allocation, no
//! pinning, no `unsafe`, and the types of locals are inferred as usual.
//! See the crate's README for what the expansion looks like.
//!
//! Calling a generator function runs nothing; the body starts on the first
//! [`resume`](Generator::resume) (or [`next`](Iterator::next)). Once it has
//! completed, `next` keeps returning `None`, `send` keeps returning `None`
//! and `resume` panics.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

/// Turns a function into a generator.
///
/// ```
/// # use gen_runtime::{generator, yield_};
/// #[generator(yield = char)]
/// fn letters(word: &str) -> usize {
///     for c in word.chars() {
///         yield_!(c);
///     }
///     word.len()
/// }
/// assert_eq!(letters("abc").collect::<String>(), "abc");
/// ```
///
/// Arguments:
/// - `yield = Type` (required): the type of the values passed to `yield_!`.
/// - `resume = Type` (default `()`): the type of the values passed to
///   [`Generator::resume`]; `yield_!(..)` evaluates to it.
/// - `crate = path` (default `::gen_runtime`): where the runtime is, for
///   crates that re-export it.
///
/// The function's declared return type is the generator's completion value
/// ([`Generator::Return`]), as an `async fn`'s declared type is its future's
/// output: `return e`, the tail expression and `?` complete the generator.
pub use gen_macro::generator;

mod generator;

#[cfg(feature = "alloc")]
pub use generator::boxed;
pub use generator::{Generator, GeneratorState};

/// Suspends the enclosing `#[generator]` function with a value.
///
/// `yield_!(value)` hands `value` to the caller of `next`/`resume`; when the
/// generator is resumed with `arg`, the `yield_!` expression evaluates to
/// `arg` (for iterator generators, `()`). It may appear anywhere an
/// expression may, except inside closures, `async` blocks, nested items and
/// the arguments of other macros.
///
/// Outside a `#[generator]` function it is a compile error:
///
/// ```compile_fail
/// use gen_runtime::yield_;
/// fn not_a_generator() {
///     yield_!(1);
/// }
/// ```
#[macro_export]
macro_rules! yield_ {
    (@__gen_used) => {};
    (@__gen_rejected $($anything:tt)*) => {
        ::core::panic!()
    };
    ($($anything:tt)*) => {
        ::core::compile_error! {
            "`yield_!` can only be used in the body of a `#[generator]` function"
        }
    };
}

/// Delegates to another generator or iterable, like Python's `yield from`.
///
/// `yield_from!(g)` yields every value `g` yields and evaluates to `g`'s
/// completion value; `g` may also be any `IntoIterator` whose items have
/// the generator's yield type, in which case it evaluates to `()`.
///
/// Outside a `#[generator]` function it is a compile error:
///
/// ```compile_fail
/// use gen_runtime::yield_from;
/// fn not_a_generator() {
///     yield_from!(0..3);
/// }
/// ```
#[macro_export]
macro_rules! yield_from {
    (@__gen_used) => {};
    (@__gen_rejected $($anything:tt)*) => {
        ::core::panic!()
    };
    ($($anything:tt)*) => {
        ::core::compile_error! {
            "`yield_from!` can only be used in the body of a `#[generator]` function"
        }
    };
}

/// Implementation details used by the code `#[generator]` generates. Not a
/// public API: it may change in any release.
#[doc(hidden)]
pub mod __private;
