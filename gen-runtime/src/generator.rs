/// A resumable computation that yields values of one type and completes
/// with a value of another, like a Python generator.
///
/// `R` is the type of the value each [`resume`](Generator::resume) passes
/// in; inside a `#[generator]` body, `yield_!(..)` evaluates to it.
///
/// `resume` takes `&mut self`, not `Pin<&mut Self>`: the generators this
/// crate builds never borrow their own locals across a suspension point, so
/// they may be moved at any time, even while suspended.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a generator resumed with `{R}`",
    label = "not a `Generator<{R}>`",
    note = "a `#[generator]` function's generator is resumed with its `resume = ..` type, `()` without one; `yield_from!` resumes the generator it delegates to with the values its own generator is resumed with, so both need the same `resume` type (an iterable's is `()`)"
)]
pub trait Generator<R = ()> {
    /// The type of the values the generator yields.
    type Yield;
    /// The type of the value the generator completes with.
    type Return;

    /// Runs the generator until its next `yield_!` or its completion.
    ///
    /// # Panics
    ///
    /// Generators built by `#[generator]` panic when resumed after they have
    /// completed, or after a previous `resume` panicked.
    fn resume(&mut self, arg: R) -> GeneratorState<Self::Yield, Self::Return>;

    /// Python's `send`: resumes the generator with `arg` and returns the
    /// next value it yields, or `None` once it has completed.
    ///
    /// Generators built by `#[generator]` keep returning `None` after they
    /// have completed. The completion value is dropped; use
    /// [`resume`](Generator::resume) to receive it.
    fn send(&mut self, arg: R) -> Option<Self::Yield> {
        match self.resume(arg) {
            GeneratorState::Yielded(value) => Some(value),
            GeneratorState::Complete(_) => None,
        }
    }
}

/// What [`Generator::resume`] returns: the generator either suspended with a
/// value or completed with its return value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeneratorState<Y, T> {
    /// The generator suspended at a `yield_!` with this value.
    Yielded(Y),
    /// The generator finished with this value.
    Complete(T),
}

impl<R, G: Generator<R> + ?Sized> Generator<R> for &mut G {
    type Yield = G::Yield;
    type Return = G::Return;

    #[track_caller]
    fn resume(&mut self, arg: R) -> GeneratorState<Self::Yield, Self::Return> {
        (**self).resume(arg)
    }

    fn send(&mut self, arg: R) -> Option<Self::Yield> {
        (**self).send(arg)
    }
}

#[cfg(feature = "alloc")]
impl<R, G: Generator<R> + ?Sized> Generator<R> for alloc::boxed::Box<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[track_caller]
    fn resume(&mut self, arg: R) -> GeneratorState<Self::Yield, Self::Return> {
        (**self).resume(arg)
    }

    fn send(&mut self, arg: R) -> Option<Self::Yield> {
        (**self).send(arg)
    }
}

/// Boxes a generator as a trait object, as mutual recursion needs:
/// `yield_from!(boxed(odd(n - 1)))` inside `even`. (A generator that
/// delegates to itself needs no box.)
#[cfg(feature = "alloc")]
pub fn boxed<'a, R, G>(generator: G) -> alloc::boxed::Box<dyn Generator<R, Yield = G::Yield, Return = G::Return> + 'a>
where
    G: Generator<R> + 'a,
{
    alloc::boxed::Box::new(generator)
}
