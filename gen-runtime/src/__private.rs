//! Items the expansion of `#[generator]` names. Everything here is an
//! implementation detail.

use core::convert::Infallible;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ops::ControlFlow;
use core::task::Poll;

use crate::{Generator, GeneratorState};

mod cursor;

pub use cursor::*;

/// What one run of a generator's state machine reports.
pub enum Step<Y, T> {
    /// Suspended at a `yield_!`.
    Yielded(Y),
    /// Ran to completion in this run.
    Complete(T),
    /// Resumed after it had already completed.
    Exhausted,
    /// Resumed after a previous run panicked.
    Poisoned,
}

/// The value a `#[generator]` function returns: its state machine, wrapped.
///
/// `F` is the closure that holds the state: called with `Some(arg)`, it runs
/// the body until the next suspension point; called with `None` (when the
/// generator is dropped), it drops what a suspended body holds in the order
/// its scopes would, innermost first.
pub struct GenFn<R, Y, T, F: FnMut(Option<R>) -> Step<Y, T>> {
    run: F,
    types: PhantomData<fn(R) -> (Y, T)>,
}

/// Wraps a state machine closure. Spelled as a function so that the closure's
/// signature is checked where the expansion creates it.
#[inline]
pub fn gen_fn<R, Y, T, F>(run: F) -> GenFn<R, Y, T, F>
where
    F: FnMut(Option<R>) -> Step<Y, T>,
{
    GenFn { run, types: PhantomData }
}

impl<R, Y, T, F> Generator<R> for GenFn<R, Y, T, F>
where
    F: FnMut(Option<R>) -> Step<Y, T>,
{
    type Yield = Y;
    type Return = T;

    // `#[track_caller]`: the panics below report the caller's `resume`, not
    // this file. Once inlined it costs nothing. Through `dyn Generator` the
    // vtable holds rustc's shim, which reports this definition instead.
    #[inline]
    #[track_caller]
    fn resume(&mut self, arg: R) -> GeneratorState<Y, T> {
        match (self.run)(Some(arg)) {
            Step::Yielded(value) => GeneratorState::Yielded(value),
            Step::Complete(value) => GeneratorState::Complete(value),
            Step::Exhausted => resumed_after_completion(),
            Step::Poisoned => resumed_after_panicking(),
        }
    }

    #[inline]
    fn send(&mut self, arg: R) -> Option<Y> {
        match (self.run)(Some(arg)) {
            Step::Yielded(value) => Some(value),
            Step::Complete(_) | Step::Exhausted | Step::Poisoned => None,
        }
    }
}

impl<Y, T, F> Iterator for GenFn<(), Y, T, F>
where
    F: FnMut(Option<()>) -> Step<Y, T>,
{
    type Item = Y;

    #[inline]
    fn next(&mut self) -> Option<Y> {
        match (self.run)(Some(())) {
            Step::Yielded(value) => Some(value),
            Step::Complete(_) | Step::Exhausted | Step::Poisoned => None,
        }
    }
}

impl<Y, T, F> FusedIterator for GenFn<(), Y, T, F> where F: FnMut(Option<()>) -> Step<Y, T> {}

impl<R, Y, T, F> Drop for GenFn<R, Y, T, F>
where
    F: FnMut(Option<R>) -> Step<Y, T>,
{
    #[inline]
    fn drop(&mut self) {
        (self.run)(None);
    }
}

/// Out of line, so that `resume` stays small enough to inline.
#[cold]
#[inline(never)]
#[track_caller]
fn resumed_after_completion() -> ! {
    panic!("generator resumed after completion")
}

#[cold]
#[inline(never)]
#[track_caller]
fn resumed_after_panicking() -> ! {
    panic!("generator resumed after panicking")
}

/// A stand-in for the unstable `core::ops::Try`: how the expansion of `?`
/// splits a value into the value it continues with and the residual it
/// completes the generator with.
pub trait Try {
    type Output;
    type Residual;
    fn branch(self) -> ControlFlow<Self::Residual, Self::Output>;
}

/// A stand-in for the unstable `core::ops::FromResidual`: how the completion
/// value is built from the residual of a `?`.
pub trait FromResidual<R> {
    fn from_residual(residual: R) -> Self;
}

impl<T, E> Try for Result<T, E> {
    type Output = T;
    type Residual = Result<Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Ok(value) => ControlFlow::Continue(value),
            Err(error) => ControlFlow::Break(Err(error)),
        }
    }
}

impl<T, E, F: From<E>> FromResidual<Result<Infallible, E>> for Result<T, F> {
    #[inline]
    #[track_caller]
    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(error) => Err(From::from(error)),
        }
    }
}

impl<T> Try for Option<T> {
    type Output = T;
    type Residual = Option<Infallible>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Some(value) => ControlFlow::Continue(value),
            None => ControlFlow::Break(None),
        }
    }
}

impl<T> FromResidual<Option<Infallible>> for Option<T> {
    #[inline]
    fn from_residual(_: Option<Infallible>) -> Self {
        None
    }
}

impl<B, C> Try for ControlFlow<B, C> {
    type Output = C;
    type Residual = ControlFlow<B, Infallible>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, C> {
        match self {
            ControlFlow::Continue(value) => ControlFlow::Continue(value),
            ControlFlow::Break(value) => ControlFlow::Break(ControlFlow::Break(value)),
        }
    }
}

impl<B, C> FromResidual<ControlFlow<B, Infallible>> for ControlFlow<B, C> {
    #[inline]
    fn from_residual(residual: ControlFlow<B, Infallible>) -> Self {
        match residual {
            ControlFlow::Break(value) => ControlFlow::Break(value),
        }
    }
}

impl<T, E> Try for Poll<Result<T, E>> {
    type Output = Poll<T>;
    type Residual = Result<Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, Poll<T>> {
        match self {
            Poll::Ready(Ok(value)) => ControlFlow::Continue(Poll::Ready(value)),
            Poll::Ready(Err(error)) => ControlFlow::Break(Err(error)),
            Poll::Pending => ControlFlow::Continue(Poll::Pending),
        }
    }
}

impl<T, E, F: From<E>> FromResidual<Result<Infallible, E>> for Poll<Result<T, F>> {
    #[inline]
    #[track_caller]
    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(error) => Poll::Ready(Err(From::from(error))),
        }
    }
}

impl<T, E> Try for Poll<Option<Result<T, E>>> {
    type Output = Poll<Option<T>>;
    type Residual = Result<Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, Poll<Option<T>>> {
        match self {
            Poll::Ready(Some(Ok(value))) => ControlFlow::Continue(Poll::Ready(Some(value))),
            Poll::Ready(Some(Err(error))) => ControlFlow::Break(Err(error)),
            Poll::Ready(None) => ControlFlow::Continue(Poll::Ready(None)),
            Poll::Pending => ControlFlow::Continue(Poll::Pending),
        }
    }
}

impl<T, E, F: From<E>> FromResidual<Result<Infallible, E>> for Poll<Option<Result<T, F>>> {
    #[inline]
    #[track_caller]
    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(error) => Poll::Ready(Some(Err(From::from(error)))),
        }
    }
}

/// What a function the attribute rejected returns instead of its generator,
/// so that its callers type-check and the attribute's error stays the only
/// one; and the body of the copy of a generator function rustdoc sees
/// (`cfg(doc)`), which rustdoc does not run. Never built.
pub struct Rejected<R, Y, T>(Infallible, PhantomData<fn(R) -> (Y, T)>);

/// The body of a rejected function, and of a generator function's copy for
/// rustdoc.
#[must_use]
pub fn rejected<R, Y, T>() -> Rejected<R, Y, T> {
    unreachable!("a rejected `#[generator]` function, or its copy for rustdoc, is never run")
}

impl<R, Y, T> Generator<R> for Rejected<R, Y, T> {
    type Yield = Y;
    type Return = T;

    fn resume(&mut self, _: R) -> GeneratorState<Y, T> {
        match self.0 {}
    }
}

impl<Y, T> Iterator for Rejected<(), Y, T> {
    type Item = Y;

    fn next(&mut self) -> Option<Y> {
        match self.0 {}
    }
}

impl<Y, T> FusedIterator for Rejected<(), Y, T> {}

/// Resumes the generator `yield_from!` delegates to, with an argument of
/// the delegating generator's resume type `R`.
#[inline]
pub fn resume_delegate<R, G: Delegate<R> + ?Sized>(delegate: &mut G, arg: R) -> GeneratorState<G::Yield, G::Return> {
    delegate.resume_delegate(arg)
}

/// A generator `yield_from!` can resume with `R`: one whose resume type is
/// `R` (an iterable's is `()`).
pub trait Delegate<R> {
    type Yield;
    type Return;
    fn resume_delegate(&mut self, arg: R) -> GeneratorState<Self::Yield, Self::Return>;
}

impl<R, G: Generator<R> + ?Sized> Delegate<R> for G {
    type Yield = G::Yield;
    type Return = G::Return;
    #[inline]
    fn resume_delegate(&mut self, arg: R) -> GeneratorState<G::Yield, G::Return> {
        self.resume(arg)
    }
}

/// The items a `yield_!` of `yield_from!` hands on are of the generator's
/// yield type `T`.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` hands on items of type `{Self}`, but this generator yields `{T}`",
    label = "this yields `{Self}`",
    note = "`yield_from!` delegates to a generator or iterable whose items are the generator's `yield` type; convert them with a loop (`for x in .. {{ yield_!(x.into()) }}`) or an adapter (`.map(..)`)"
)]
pub trait SameAs<T> {
    fn same(self) -> T;
}

impl<T> SameAs<T> for T {
    #[inline]
    fn same(self) -> T {
        self
    }
}

/// Lets a returned `impl Trait` capture lifetimes in every edition.
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// The operand of `yield_from!`, before it is known to be a generator or an
/// iterable.
pub struct Wrap<T>(pub T);

/// Chooses how `yield_from!` delegates to its operand, by method resolution
/// on `&&Wrap<T>`: generators (probed first) keep their completion value;
/// iterables complete with `()`.
pub trait DelegateGenerator<R> {
    fn __gen_delegate_kind(&self) -> GeneratorKind {
        GeneratorKind
    }
}

impl<R, G: Generator<R>> DelegateGenerator<R> for &Wrap<G> {}

pub trait DelegateIterable {
    fn __gen_delegate_kind(&self) -> IterableKind {
        IterableKind
    }
}

impl<I: IntoIterator> DelegateIterable for Wrap<I> {}

pub struct GeneratorKind;

impl GeneratorKind {
    #[inline]
    pub fn __gen_delegate<G>(self, wrapped: Wrap<G>) -> G {
        wrapped.0
    }
}

pub struct IterableKind;

impl IterableKind {
    #[inline]
    pub fn __gen_delegate<I: IntoIterator>(self, wrapped: Wrap<I>) -> Iterable<I::IntoIter> {
        Iterable(wrapped.0.into_iter())
    }
}

/// An iterator seen as a generator that completes with `()`.
pub struct Iterable<I>(I);

impl<I: Iterator> Generator<()> for Iterable<I> {
    type Yield = I::Item;
    type Return = ();

    #[inline]
    fn resume(&mut self, (): ()) -> GeneratorState<I::Item, ()> {
        match self.0.next() {
            Some(item) => GeneratorState::Yielded(item),
            None => GeneratorState::Complete(()),
        }
    }
}

/// Owns the value in a slot for the duration of its scope in one resume.
///
/// A slot is storage the state machine keeps in place across suspensions
/// (a `for` loop's iterator, a `yield_from!` delegate): an enum the
/// expansion defines, with a variant for each value that uses it and an
/// empty one, which `clear` stores.
///
/// The guard lives where the value's scope is: when the scope is left, or
/// unwound by a panic, dropping the guard drops the value. When the state
/// machine suspends (or moves to another arm) inside the scope, it forgets
/// the guard instead, and the code that runs next makes a new one. The
/// value itself never moves.
pub struct SlotGuard<'a, S, C: FnMut(&mut S)> {
    slot: &'a mut S,
    clear: C,
}

impl<'a, S, C: FnMut(&mut S)> SlotGuard<'a, S, C> {
    /// Stores `value` in `slot`, which is empty (the last scope using it was
    /// left).
    #[inline]
    pub fn new(slot: &'a mut S, value: S, clear: C) -> Self {
        // The slot is empty: forgetting what it held costs no call to its
        // drop glue.
        core::mem::forget(core::mem::replace(slot, value));
        SlotGuard { slot, clear }
    }

    /// Guards a value stored before the last suspension.
    #[inline]
    pub fn resume(slot: &'a mut S, clear: C) -> Self {
        SlotGuard { slot, clear }
    }

    /// The slot, to project the value out of.
    #[inline]
    pub fn get(&mut self) -> &mut S {
        self.slot
    }
}

impl<S, C: FnMut(&mut S)> Drop for SlotGuard<'_, S, C> {
    #[inline]
    fn drop(&mut self) {
        (self.clear)(self.slot);
    }
}

/// The value of a binding kept in place is read while its slot holds
/// another: a bug in the expansion.
#[cold]
#[track_caller]
pub fn empty_slot() -> ! {
    unreachable!("a generator slot is read outside its scope")
}

/// A zero-sized value that carries the type of a binding across a
/// suspension point where the binding holds no value (it is assigned again
/// before it is read), so that the binding keeps its type there.
pub struct TypeMarker<T>(PhantomData<fn() -> T>);

impl<T> TypeMarker<T> {
    /// The marker of `value`'s type.
    #[inline]
    #[must_use]
    pub fn of(_value: &T) -> Self {
        TypeMarker(PhantomData)
    }

    /// A marker whose type is inferred from its uses.
    #[inline]
    #[must_use]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        TypeMarker(PhantomData)
    }

    /// Never called: `if false { x = marker.never(); }` gives `x` the type.
    #[inline]
    #[must_use]
    pub fn never(&self) -> T {
        unreachable!("a type marker is never read")
    }
}

/// Drops a value the keep rule releases at a suspension point (a function
/// rather than `drop`, whose lints would fire on values without drop glue).
#[inline]
#[allow(clippy::needless_pass_by_value, reason = "taking it by value is the point: it is dropped here")]
pub fn release<T>(value: T) {
    let _ = value;
}

/// The callers of a generator that delegates to itself, each suspended in
/// its `yield_from!` of its callee, innermost last: a stack of the state
/// enum, typed by it (an empty `Vec::new()` would not be).
#[cfg(feature = "alloc")]
#[inline]
#[must_use]
pub fn frames_of<S>(_: &S) -> alloc::vec::Vec<S> {
    alloc::vec::Vec::new()
}

/// The stack of callers, borrowed for one resume. If the body panics,
/// dropping it drops every caller, innermost first, where unwinding a plain
/// recursion would; a resume that returns forgets it, and the callers stay.
#[cfg(feature = "alloc")]
pub struct Frames<'a, S>(&'a mut alloc::vec::Vec<S>);

#[cfg(feature = "alloc")]
impl<'a, S> Frames<'a, S> {
    #[inline]
    #[must_use]
    pub fn new(stack: &'a mut alloc::vec::Vec<S>) -> Self {
        Frames(stack)
    }

    #[inline]
    pub fn push(&mut self, caller: S) {
        self.0.push(caller);
    }

    #[inline]
    #[must_use]
    pub fn pop(&mut self) -> Option<S> {
        self.0.pop()
    }
}

#[cfg(feature = "alloc")]
impl<S> Drop for Frames<'_, S> {
    fn drop(&mut self) {
        while let Some(caller) = self.0.pop() {
            drop(caller);
        }
    }
}

/// Without `alloc`, a generator that delegates to itself has nowhere to
/// keep its waiting callers: no state implements this, and the error says
/// why where the expansion asks for the stack.
#[cfg(not(feature = "alloc"))]
#[diagnostic::on_unimplemented(
    message = "a generator that delegates to itself needs the `alloc` feature of `gen-runtime`",
    label = "its waiting callers are kept in a `Vec`",
    note = "enable the feature (`std` includes it): without an allocator a generator cannot recurse"
)]
pub trait CallerStack {}

/// The stand-in stack without `alloc` (see [`CallerStack`]).
#[cfg(not(feature = "alloc"))]
pub struct NoStack<S>(PhantomData<S>);

#[cfg(not(feature = "alloc"))]
#[must_use]
pub fn frames_of<S: CallerStack>(_: &S) -> NoStack<S> {
    NoStack(PhantomData)
}

#[cfg(not(feature = "alloc"))]
pub struct Frames<'a, S>(PhantomData<&'a mut NoStack<S>>);

#[cfg(not(feature = "alloc"))]
impl<'a, S> Frames<'a, S> {
    #[must_use]
    pub fn new(_: &'a mut NoStack<S>) -> Self {
        Frames(PhantomData)
    }

    pub fn push(&mut self, _: S) {}

    #[must_use]
    pub fn pop(&mut self) -> Option<S> {
        None
    }
}

/// A value of any type, for code that never runs but gives rustc a type
/// (see the expansion's never-taken arms for waiting callers).
#[cold]
#[must_use]
pub fn never<T>() -> T {
    unreachable!("an arm of a waiting caller is never taken")
}

/// Runs `f`: a closure the expansion calls at once, so that its `return`s
/// leave only it.
#[inline]
pub fn run_once<T>(f: impl FnOnce() -> T) -> T {
    f()
}
