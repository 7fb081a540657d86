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
//! The README of the repository shows what the expansion looks like.
//!
//! # The protocol, next to Python's
//!
//! | Python | `gen_runtime` |
//! |---|---|
//! | `def g(): ... yield v` | `#[generator(yield = T)] fn g() { ... yield_!(v) ... }` |
//! | `next(g)` | [`Iterator::next`], or [`g.resume(())`](Generator::resume) |
//! | `StopIteration` and its `.value` | `next()` returns `None`; `resume` returns [`GeneratorState::Complete`]`(value)` |
//! | `x = yield v` and `g.send(x)` | `#[generator(yield = T, resume = R)]`, `let x = yield_!(v);` and [`g.send(x)`](Generator::send) (or `resume(x)`) |
//! | priming with `next(g)` | not needed: the first `send`/`resume` starts the body, and `first = name` binds its argument |
//! | `r = yield from sub` | `let r = `[`yield_from!`]`(sub);` for a sub-generator or any `IntoIterator` |
//! | `return v` | `return v`, the tail expression, or `?` |
//! | `g.close()` | drop the generator: every value it holds is dropped |
//! | `g.throw(e)` | not supported yet |
//!
//! ## The first resume argument
//!
//! A Python generator must be primed with `next(g)` before `send(x)`,
//! because the argument of the first `send` would have nowhere to go. Here
//! the first [`resume`](Generator::resume) (or `send`) starts the body, and
//! its argument is bound by naming it in the attribute; without `first`, it
//! is dropped:
//!
//! ```
//! use gen_runtime::{Generator, generator, yield_};
//!
//! #[generator(yield = f64, resume = f64, first = value)]
//! fn averager() {
//!     let (mut total, mut count) = (0.0, 0.0);
//!     let mut value = value;
//!     loop {
//!         total += value;
//!         count += 1.0;
//!         value = yield_!(total / count);
//!     }
//! }
//!
//! let mut avg = averager();
//! assert_eq!(avg.send(10.0), Some(10.0));
//! assert_eq!(avg.send(20.0), Some(15.0));
//! ```
//!
//! ## Completion
//!
//! Once a generator has completed, [`Iterator::next`] and
//! [`Generator::send`] keep returning `None`, and [`Generator::resume`]
//! panics. A panic in the body unwinds to the caller; the generator is then
//! finished for good (it never runs user code again, nor drops a value
//! twice).
//!
//! ## Delegation
//!
//! [`yield_from!`]`(sub)` yields everything `sub` yields, forwards every
//! resume argument to it, and evaluates to its completion value (PEP 380).
//! `sub` starts when `yield_from!` is reached, while the outer generator is
//! running, so its first resume argument is `Default::default()`, or the
//! second operand of `yield_from!(sub, first)`.
//!
//! A generator delegates to itself without a box: the caller waits on a
//! stack of the generator's own states while the callee runs in its place,
//! so every item costs the same at any depth and the native stack does not
//! grow. The callee's completion value is the value of the caller's
//! `yield_from!` (the stack needs the `alloc` feature):
//!
//! ```
//! use gen_runtime::{generator, yield_, yield_from};
//!
//! enum Tree { Leaf, Node(Box<Tree>, u32, Box<Tree>) }
//!
//! #[generator(yield = u32)]
//! fn in_order(tree: &Tree) -> usize {
//!     match tree {
//!         Tree::Leaf => 0,
//!         Tree::Node(left, value, right) => {
//!             let l = yield_from!(in_order(left));
//!             yield_!(*value);
//!             l + 1 + yield_from!(in_order(right))
//!         }
//!     }
//! }
//!
//! let leaf = || Box::new(Tree::Leaf);
//! let tree = Tree::Node(Box::new(Tree::Node(leaf(), 1, leaf())), 2, leaf());
//! assert_eq!(in_order(&tree).collect::<Vec<_>>(), [1, 2]);
//! ```
//!
//! Mutual recursion, and a function with a `&mut` parameter, delegate
//! through a box, with [`boxed`]: `yield_from!(boxed(odd(n - 1)))`.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// Turns a function into a generator.
///
/// The function's body runs on the first resume; the function itself only
/// builds the generator.
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
/// - `first = name` or `first = mut name` (needs `resume`): binds the
///   argument of the first [`resume`](Generator::resume) (or `send`), the
///   one that starts the body, to a local `name` in scope for the whole
///   body, like a parameter. Without `first`, that argument is dropped.
/// - `crate = path` (default `::gen_runtime`): where the runtime is, for
///   crates that re-export it.
///
/// ```
/// # use gen_runtime::{Generator, generator, yield_};
/// #[generator(yield = u32, resume = u32, first = mut total)]
/// fn running_total() {
///     loop {
///         total += yield_!(total);
///     }
/// }
/// let mut totals = running_total();
/// assert_eq!(totals.send(5), Some(5));
/// assert_eq!(totals.send(2), Some(7));
/// ```
///
/// Misuse is a compile error at the offending code: a missing `yield`, an
/// unknown or repeated argument, `first` without `resume`, and the
/// attribute on an `async fn`, a `const fn`, an `unsafe fn` or anything but
/// a function with a body. The repository's compile-fail tests
/// (`tests/ui/*.rs`, with the exact messages in `tests/ui/*.stderr`) show
/// each of them.
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
/// expression may, except inside closures, `async` blocks, `unsafe` blocks,
/// nested items and the arguments of other macros.
///
/// Outside a `#[generator]` function, and in those places, it is a compile
/// error; the repository's compile-fail tests show each message:
/// `tests/ui/yield_outside_generator.rs`, `yield_in_closure.rs`,
/// `yield_in_async_block.rs`, `yield_in_unsafe_block.rs`,
/// `yield_in_nested_fn.rs` and `yield_in_other_macro.rs`.
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
/// Outside a `#[generator]` function it is a compile error
/// (`tests/ui/yield_from_outside_generator.rs` in the repository), as is
/// delegating to a generator or iterable of another yield or resume type
/// (`tests/ui/yield_from_wrong_yield_type.rs`,
/// `tests/ui/yield_from_wrong_resume_type.rs`).
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
