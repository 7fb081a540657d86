//! Loops over a collection the generator owns, continued across `yield_!`.
//!
//! `for x in &v { yield_!(x) }`, with `v` a local of the generator, cannot
//! keep `v`'s iterator across the `yield_!`: the iterator borrows `v`, and
//! a suspended generator holds `v` in its state. The expansion keeps a
//! *cursor* instead, a position without a borrow, and asks it for the next
//! item with a fresh borrow of the owner on each step:
//!
//! ```text
//! let mut cursor = (&&Probe::new(&v)).__gen_cursor().__gen_start(|| IntoIterator::into_iter(&v));
//! loop {
//!     match Cursor::next(&mut cursor, &v) { Some(x) => { .. }, None => break }
//! }
//! // After a `yield_!` in the body, `x` is re-derived: `let x = Rederive::current(&cursor, &v);`
//! ```
//!
//! The cursor is chosen by the owner's type, by method resolution on
//! `&&Probe<O>`: an index for slices, arrays, `Vec`, `Box<[T]>` and
//! `VecDeque`; the key after the last one for `BTreeMap` and `BTreeSet`
//! (`K: Clone`, a search per item); a snapshot of the keys for `HashMap`
//! and `HashSet` (`K: Clone + Hash + Eq`, one allocation per loop, a
//! lookup per item); for any other type, the loop's own iterator
//! ([`Fallback`]), which works as long as it borrows nothing the
//! generator owns (as before cursors existed). The `str` methods of a
//! `String` (`lines`, `split`, …) have a cursor each ([`text`]), chosen
//! by the macro, which sees that the owner is a `String`.

use core::marker::PhantomData;

/// The next items of an owner, from a position kept without a borrow.
pub trait Cursor<O: ?Sized> {
    type Item<'a>
    where
        Self: 'a,
        O: 'a;
    fn next<'a>(&mut self, owner: &'a O) -> Option<Self::Item<'a>>;
}

/// [`Cursor`] over an owner borrowed mutably (`&mut v`, `v.iter_mut()`).
pub trait CursorMut<O: ?Sized> {
    type Item<'a>
    where
        Self: 'a,
        O: 'a;
    fn next_mut<'a>(&mut self, owner: &'a mut O) -> Option<Self::Item<'a>>;
}

/// The item a cursor's last `next` returned, made again from the owner:
/// a loop body's item after a `yield_!` in it.
#[diagnostic::on_unimplemented(
    message = "this loop's item is used after a `yield_!`, and there is no cursor over `{O}` to make it again",
    note = "loops over a borrow of a `Vec`, array, slice, `Box<[T]>` or `VecDeque` the generator owns can continue across a `yield_!`; for other types, read what the body needs from the item before the `yield_!`"
)]
pub trait Rederive<O: ?Sized>: Cursor<O> {
    fn current<'a>(&self, owner: &'a O) -> Self::Item<'a>;
}

/// [`Rederive`] for [`CursorMut`].
#[diagnostic::on_unimplemented(
    message = "this loop's item is used after a `yield_!`, and there is no cursor over `{O}` to make it again",
    note = "loops over a mutable borrow of a `Vec`, array, slice, `Box<[T]>` or `VecDeque` the generator owns can continue across a `yield_!`; for other types, read what the body needs from the item before the `yield_!`"
)]
pub trait RederiveMut<O: ?Sized>: CursorMut<O> {
    fn current_mut<'a>(&self, owner: &'a mut O) -> Self::Item<'a>;
}

/// A position in an indexable owner: the index of the next item.
pub struct Index<T> {
    next: usize,
    item: PhantomData<fn() -> T>,
}

impl<T> Index<T> {
    #[inline]
    #[must_use]
    pub fn new() -> Self {
        Index { next: 0, item: PhantomData }
    }
}

impl<T> Default for Index<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Owners an [`Index`] walks: contiguous storage, or a `VecDeque`.
pub trait Indexable<T> {
    fn item(&self, index: usize) -> Option<&T>;
    fn item_mut(&mut self, index: usize) -> Option<&mut T>;
    fn count(&self) -> usize;
}

macro_rules! indexable_slices {
    ($([$($generics:tt)*] $owner:ty;)*) => {$(
        impl<$($generics)*> Indexable<T> for $owner {
            #[inline]
            fn item(&self, index: usize) -> Option<&T> {
                self[..].get(index)
            }
            #[inline]
            fn item_mut(&mut self, index: usize) -> Option<&mut T> {
                self[..].get_mut(index)
            }
            #[inline]
            fn count(&self) -> usize {
                self[..].len()
            }
        }
        impl<$($generics)*> CursorKind<Index<T>> for &Probe<'_, $owner> {}
    )*};
}

indexable_slices! {
    [T] [T];
    [T, const N: usize] [T; N];
}

#[cfg(feature = "alloc")]
indexable_slices! {
    [T] alloc::vec::Vec<T>;
    [T] alloc::boxed::Box<[T]>;
}

#[cfg(feature = "alloc")]
impl<T> Indexable<T> for alloc::collections::VecDeque<T> {
    #[inline]
    fn item(&self, index: usize) -> Option<&T> {
        self.get(index)
    }
    #[inline]
    fn item_mut(&mut self, index: usize) -> Option<&mut T> {
        self.get_mut(index)
    }
    #[inline]
    fn count(&self) -> usize {
        self.len()
    }
}

#[cfg(feature = "alloc")]
impl<T> CursorKind<Index<T>> for &Probe<'_, alloc::collections::VecDeque<T>> {}

/// A position in an indexable owner walked from the back (`.rev()`): the
/// number of items given so far. The length is read at each step (a field
/// of a `Vec`), so the cursor needs no owner to be made.
pub struct RevIndex<T> {
    taken: usize,
    item: PhantomData<fn() -> T>,
}

impl<T> Default for RevIndex<T> {
    fn default() -> Self {
        RevIndex { taken: 0, item: PhantomData }
    }
}

/// How an index cursor moves through an owner of `len()` items.
trait Walk {
    /// The index of the next item, if any.
    fn ahead(&self, len: impl FnOnce() -> usize) -> Option<usize>;
    /// Moves past the item [`Walk::ahead`] gave.
    fn step(&mut self);
    /// The index of the item the last step moved past.
    fn behind(&self, len: impl FnOnce() -> usize) -> Option<usize>;
}

impl<T> Walk for Index<T> {
    #[inline]
    fn ahead(&self, _len: impl FnOnce() -> usize) -> Option<usize> {
        Some(self.next)
    }
    #[inline]
    fn step(&mut self) {
        self.next += 1;
    }
    #[inline]
    fn behind(&self, _len: impl FnOnce() -> usize) -> Option<usize> {
        self.next.checked_sub(1)
    }
}

impl<T> Walk for RevIndex<T> {
    #[inline]
    fn ahead(&self, len: impl FnOnce() -> usize) -> Option<usize> {
        len().checked_sub(self.taken + 1)
    }
    #[inline]
    fn step(&mut self) {
        self.taken += 1;
    }
    #[inline]
    fn behind(&self, len: impl FnOnce() -> usize) -> Option<usize> {
        len().checked_sub(self.taken)
    }
}

/// The cursor traits of an index cursor, from its [`Walk`].
macro_rules! index_cursor {
    ($($cursor:ident)*) => {$(
        impl<T, O: ?Sized + Indexable<T>> Cursor<O> for $cursor<T> {
            type Item<'a>
                = &'a T
            where
                Self: 'a,
                O: 'a;

            #[inline]
            fn next<'a>(&mut self, owner: &'a O) -> Option<&'a T> {
                let item = owner.item(self.ahead(|| owner.count())?)?;
                self.step();
                Some(item)
            }
        }

        impl<T, O: ?Sized + Indexable<T>> Rederive<O> for $cursor<T> {
            #[inline]
            fn current<'a>(&self, owner: &'a O) -> &'a T {
                match self.behind(|| owner.count()).and_then(|index| owner.item(index)) {
                    Some(item) => item,
                    None => owner_changed(),
                }
            }
        }

        impl<T, O: ?Sized + Indexable<T>> CursorMut<O> for $cursor<T> {
            type Item<'a>
                = &'a mut T
            where
                Self: 'a,
                O: 'a;

            #[inline]
            fn next_mut<'a>(&mut self, owner: &'a mut O) -> Option<&'a mut T> {
                let index = self.ahead(|| owner.count())?;
                let item = owner.item_mut(index)?;
                self.step();
                Some(item)
            }
        }

        impl<T, O: ?Sized + Indexable<T>> RederiveMut<O> for $cursor<T> {
            #[inline]
            fn current_mut<'a>(&self, owner: &'a mut O) -> &'a mut T {
                match self.behind(|| owner.count()) {
                    Some(index) => match owner.item_mut(index) {
                        Some(item) => item,
                        None => owner_changed(),
                    },
                    None => owner_changed(),
                }
            }
        }
    )*};
}

index_cursor!(Index RevIndex);

/// `f(item)`: a loop's `.map(f)`, applied again to the item made again
/// after a suspension point.
#[inline]
pub fn apply<T, U>(item: T, f: impl FnOnce(T) -> U) -> U {
    f(item)
}

/// A shared reference, the item `.copied()` and `.cloned()` take (a
/// function taking `&T` would also take a `&mut T`, which
/// `Iterator::copied` does not).
#[diagnostic::on_unimplemented(
    message = "`.copied()` and `.cloned()` need items that are shared references, not `{Self}`",
    note = "loop over `v.iter()` rather than `v.iter_mut()`"
)]
pub trait SharedItem<'a, T: 'a> {
    fn get(self) -> &'a T;
}

impl<'a, T> SharedItem<'a, T> for &'a T {
    #[inline]
    fn get(self) -> &'a T {
        self
    }
}

/// A loop's `.copied()`, as a `.map(f)`.
#[inline]
pub fn copied<'a, T: Copy + 'a>(item: impl SharedItem<'a, T>) -> T {
    *item.get()
}

/// A loop's `.cloned()`, as a `.map(f)`.
#[inline]
pub fn cloned<'a, T: Clone + 'a>(item: impl SharedItem<'a, T>) -> T {
    item.get().clone()
}

/// `f(item)`: a loop's `.filter(f)`.
#[inline]
pub fn test<T>(item: &T, f: impl FnOnce(&T) -> bool) -> bool {
    f(item)
}

/// The owner lost the current item between two resumes: only possible if
/// code outside the loop body changed it, which the borrow checker
/// prevents in the body itself.
#[cold]
fn owner_changed() -> ! {
    panic!("the collection a generator's loop iterates was shortened while the loop was suspended")
}

/// `(index, item)`, as `Iterator::enumerate`.
pub struct Enumerate<C> {
    count: usize,
    inner: C,
}

impl<C> Enumerate<C> {
    #[inline]
    pub fn new(inner: C) -> Self {
        Enumerate { count: 0, inner }
    }
}

impl<O: ?Sized, C: Cursor<O>> Cursor<O> for Enumerate<C> {
    type Item<'a>
        = (usize, C::Item<'a>)
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next<'a>(&mut self, owner: &'a O) -> Option<Self::Item<'a>> {
        let item = self.inner.next(owner)?;
        self.count += 1;
        Some((self.count - 1, item))
    }
}

impl<O: ?Sized, C: Rederive<O>> Rederive<O> for Enumerate<C> {
    #[inline]
    fn current<'a>(&self, owner: &'a O) -> Self::Item<'a> {
        (self.count.wrapping_sub(1), self.inner.current(owner))
    }
}

impl<O: ?Sized, C: CursorMut<O>> CursorMut<O> for Enumerate<C> {
    type Item<'a>
        = (usize, C::Item<'a>)
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next_mut<'a>(&mut self, owner: &'a mut O) -> Option<Self::Item<'a>> {
        let item = self.inner.next_mut(owner)?;
        self.count += 1;
        Some((self.count - 1, item))
    }
}

impl<O: ?Sized, C: RederiveMut<O>> RederiveMut<O> for Enumerate<C> {
    #[inline]
    fn current_mut<'a>(&self, owner: &'a mut O) -> Self::Item<'a> {
        (self.count.wrapping_sub(1), self.inner.current_mut(owner))
    }
}

/// `(item, other's item)`, as `Iterator::zip`; `other` borrows nothing of
/// the owner's. Only the first half of a pair is made again after a
/// `yield_!` ([`Zip::current_inner`]).
pub struct Zip<C, I> {
    inner: C,
    other: I,
}

impl<C, I> Zip<C, I> {
    #[inline]
    pub fn new(inner: C, other: I) -> Self {
        Zip { inner, other }
    }

    /// The first half of the current item, made again: the second half is
    /// the loop's own value, kept across a `yield_!` like any local.
    #[inline]
    pub fn current_inner<'a, O: ?Sized>(&self, owner: &'a O) -> C::Item<'a>
    where
        C: Rederive<O>,
    {
        self.inner.current(owner)
    }

    /// [`Zip::current_inner`] over an owner borrowed mutably.
    #[inline]
    pub fn current_inner_mut<'a, O: ?Sized>(&self, owner: &'a mut O) -> C::Item<'a>
    where
        C: RederiveMut<O>,
    {
        self.inner.current_mut(owner)
    }
}

impl<O: ?Sized, C: Cursor<O>, I: Iterator> Cursor<O> for Zip<C, I> {
    type Item<'a>
        = (C::Item<'a>, I::Item)
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next<'a>(&mut self, owner: &'a O) -> Option<(C::Item<'a>, I::Item)> {
        let item = self.inner.next(owner)?;
        let other = self.other.next()?;
        Some((item, other))
    }
}

impl<O: ?Sized, C: CursorMut<O>, I: Iterator> CursorMut<O> for Zip<C, I> {
    type Item<'a>
        = (C::Item<'a>, I::Item)
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next_mut<'a>(&mut self, owner: &'a mut O) -> Option<(C::Item<'a>, I::Item)> {
        let item = self.inner.next_mut(owner)?;
        let other = self.other.next()?;
        Some((item, other))
    }
}

/// A `.zip(..)` loop's whole pair made again: the expansion does this only
/// where the pair is bound to one name (`for pair in ..`) or mapped after
/// the zip, and the code after a `yield_!` uses it.
#[diagnostic::on_unimplemented(
    message = "the pair of this `.zip(..)` loop is used after a `yield_!`, and its second half cannot be made again",
    note = "bind the pair with a tuple pattern, `for (x, y) in ..`, without a `.map(..)` after the `.zip(..)`: then only `x` is made again after a `yield_!`, and `y` is kept like any local"
)]
pub trait ZippedPairMadeAgain {}

impl<O: ?Sized, C: Rederive<O>, I: Iterator + ZippedPairMadeAgain> Rederive<O> for Zip<C, I> {
    fn current<'a>(&self, _owner: &'a O) -> (C::Item<'a>, I::Item) {
        owner_changed()
    }
}

impl<O: ?Sized, C: RederiveMut<O>, I: Iterator + ZippedPairMadeAgain> RederiveMut<O> for Zip<C, I> {
    fn current_mut<'a>(&self, _owner: &'a mut O) -> (C::Item<'a>, I::Item) {
        owner_changed()
    }
}

/// The loop's own iterator, for an owner without a cursor: it ignores the
/// owner, and cannot make an item again.
pub struct Fallback<I>(I);

impl<O: ?Sized, I: Iterator> Cursor<O> for Fallback<I> {
    type Item<'a>
        = I::Item
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next(&mut self, _owner: &O) -> Option<I::Item> {
        self.0.next()
    }
}

impl<O: ?Sized, I: Iterator> CursorMut<O> for Fallback<I> {
    type Item<'a>
        = I::Item
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next_mut(&mut self, _owner: &mut O) -> Option<I::Item> {
        self.0.next()
    }
}

/// The owner's type, for method resolution (see the module documentation).
pub struct Probe<'o, O: ?Sized>(PhantomData<&'o O>);

impl<'o, O: ?Sized> Probe<'o, O> {
    #[inline]
    #[must_use]
    pub fn new(_owner: &'o O) -> Self {
        Probe(PhantomData)
    }
}

/// Found first, on `&&Probe<O>`, for owners with a cursor `C`.
pub trait CursorKind<C: Default> {
    #[inline]
    fn __gen_cursor(&self) -> Makes<C> {
        Makes(PhantomData)
    }
}

/// Found otherwise, on `&Probe<O>`.
pub trait FallbackKind {
    #[inline]
    fn __gen_cursor(&self) -> FallbackMaker {
        FallbackMaker
    }
}

impl<O: ?Sized> FallbackKind for Probe<'_, O> {}

/// Makes the cursor `C` at the loop's start; the loop's iterator is not
/// made.
pub struct Makes<C>(PhantomData<fn() -> C>);

impl<C: Default> Makes<C> {
    #[inline]
    pub fn __gen_start<I>(self, _iterator: impl FnOnce() -> I) -> C {
        C::default()
    }

    /// The cursor of `.rev()`.
    #[inline]
    // `B`, not `C::Backward`: a bound with the method's own parameter is
    // reported with `WalksBackward`'s message, not as a missing method.
    pub fn __gen_start_rev<I, B: Default>(self, _iterator: impl FnOnce() -> I) -> B
    where
        C: WalksBackward<Backward = B>,
    {
        B::default()
    }
}

/// Cursors that can walk their owner from the back (`.rev()`): the index
/// cursors. The maps' and sets' cursors cannot (yet), and say so.
#[diagnostic::on_unimplemented(
    message = "`.rev()` over a map or set the generator owns cannot continue across a `yield_!`",
    note = "loops over a borrow of a `Vec`, array, slice, `Box<[T]>` or `VecDeque` the generator owns can be reversed; for a map, collect the keys first (`let keys: Vec<_> = map.keys().cloned().collect();`) and loop over `keys.iter().rev()`"
)]
pub trait WalksBackward {
    type Backward: Default;
}

impl<T> WalksBackward for Index<T> {
    type Backward = RevIndex<T>;
}

/// Makes the loop's own iterator, for an owner without a cursor.
pub struct FallbackMaker;

impl FallbackMaker {
    #[inline]
    pub fn __gen_start<I: Iterator>(self, iterator: impl FnOnce() -> I) -> Fallback<I> {
        Fallback(iterator())
    }

    /// `iterator` is the loop's own, `.rev()` included.
    #[inline]
    pub fn __gen_start_rev<I: Iterator>(self, iterator: impl FnOnce() -> I) -> Fallback<I> {
        Fallback(iterator())
    }
}

/// Positions in a string the generator owns (a `String`, or a `str` item of
/// an outer loop), one per `str` method: the byte offsets of the current
/// item and of the rest. Each step runs the method itself on the rest, so
/// the items are the method's own.
pub mod text {
    use super::{Cursor, Rederive};

    /// Byte offsets: the current item is `start..end`, the rest starts at
    /// `next`.
    #[derive(Default)]
    pub struct Span {
        start: usize,
        end: usize,
        next: usize,
        done: bool,
    }

    impl Span {
        #[inline]
        fn item<'a>(&self, owner: &'a str) -> &'a str {
            &owner[self.start..self.end]
        }

        /// Records `item`, a slice of `owner`, and the rest after `skip`
        /// more bytes.
        #[inline]
        fn take<'a>(&mut self, owner: &'a str, item: &'a str, skip: usize) -> &'a str {
            self.start = item.as_ptr() as usize - owner.as_ptr() as usize;
            self.end = self.start + item.len();
            self.next = self.end + skip;
            item
        }
    }

    macro_rules! cursors {
        ($($(#[$doc:meta])* $name:ident: |$span:ident, $owner:ident, $rest:ident| -> $item:ty $next:block, |$cspan:ident, $cowner:ident| $current:block;)*) => {$(
            $(#[$doc])*
            #[derive(Default)]
            pub struct $name(Span);

            impl<O: ?Sized + AsRef<str>> Cursor<O> for $name {
                type Item<'a>
                    = $item
                where
                    Self: 'a,
                    O: 'a;

                #[inline]
                fn next<'a>(&mut self, owner: &'a O) -> Option<$item> {
                    let $owner: &'a str = owner.as_ref();
                    if self.0.done {
                        return None;
                    }
                    let $rest = &$owner[self.0.next..];
                    let $span = &mut self.0;
                    $next
                }
            }

            impl<O: ?Sized + AsRef<str>> Rederive<O> for $name {
                #[inline]
                fn current<'a>(&self, owner: &'a O) -> $item {
                    let $cowner: &'a str = owner.as_ref();
                    let $cspan = &self.0;
                    $current
                }
            }
        )*};
    }

    cursors! {
        /// `str::chars`.
        Chars: |span, owner, rest| -> char {
            let c = rest.chars().next()?;
            span.take(owner, &rest[..c.len_utf8()], 0);
            Some(c)
        }, |span, owner| { span.item(owner).chars().next().unwrap_or_default() };
        /// `str::char_indices`.
        CharIndices: |span, owner, rest| -> (usize, char) {
            let c = rest.chars().next()?;
            let item = span.take(owner, &rest[..c.len_utf8()], 0);
            Some((item.as_ptr() as usize - owner.as_ptr() as usize, c))
        }, |span, owner| { (span.start, span.item(owner).chars().next().unwrap_or_default()) };
        /// `str::lines`.
        Lines: |span, owner, rest| -> &'a str {
            let with_ending = rest.split_inclusive('\n').next()?;
            let line = rest.lines().next().unwrap_or_default();
            Some(span.take(owner, line, with_ending.len() - line.len()))
        }, |span, owner| { span.item(owner) };
        /// `str::split_whitespace`.
        SplitWhitespace: |span, owner, rest| -> &'a str {
            let word = rest.split_whitespace().next()?;
            Some(span.take(owner, word, 0))
        }, |span, owner| { span.item(owner) };
    }

    /// `str::bytes`: the index of the next byte.
    #[derive(Default)]
    pub struct Bytes(usize);

    impl<O: ?Sized + AsRef<str>> Cursor<O> for Bytes {
        type Item<'a>
            = u8
        where
            Self: 'a,
            O: 'a;

        #[inline]
        fn next(&mut self, owner: &O) -> Option<u8> {
            let byte = *owner.as_ref().as_bytes().get(self.0)?;
            self.0 += 1;
            Some(byte)
        }
    }

    impl<O: ?Sized + AsRef<str>> Rederive<O> for Bytes {
        #[inline]
        fn current(&self, owner: &O) -> u8 {
            owner.as_ref().as_bytes()[self.0.wrapping_sub(1)]
        }
    }

    /// `str::split` with a `char` or a non-empty `&str` separator.
    pub struct Split<P> {
        span: Span,
        separator: P,
    }

    /// Separators [`Split`] knows how to find.
    pub trait Separator {
        /// The first item of `rest` and the separator's length after it,
        /// if there is one.
        fn first<'a>(&self, rest: &'a str) -> (&'a str, Option<usize>);
    }

    impl Separator for char {
        #[inline]
        fn first<'a>(&self, rest: &'a str) -> (&'a str, Option<usize>) {
            match rest.find(*self) {
                Some(at) => (&rest[..at], Some(self.len_utf8())),
                None => (rest, None),
            }
        }
    }

    impl Separator for &str {
        #[inline]
        fn first<'a>(&self, rest: &'a str) -> (&'a str, Option<usize>) {
            // `split("")` is not a cursor: the expansion only makes this
            // for a non-empty literal.
            match rest.find(*self) {
                Some(at) if !self.is_empty() => (&rest[..at], Some(self.len())),
                _ => (rest, None),
            }
        }
    }

    impl<P> Split<P> {
        #[inline]
        pub fn new(separator: P) -> Self {
            Split { span: Span::default(), separator }
        }
    }

    impl<P: Separator, O: ?Sized + AsRef<str>> Cursor<O> for Split<P> {
        type Item<'a>
            = &'a str
        where
            Self: 'a,
            O: 'a;

        #[inline]
        fn next<'a>(&mut self, owner: &'a O) -> Option<&'a str> {
            let owner: &'a str = owner.as_ref();
            if self.span.done {
                return None;
            }
            let (item, separator) = self.separator.first(&owner[self.span.next..]);
            self.span.done = separator.is_none();
            Some(self.span.take(owner, item, separator.unwrap_or(0)))
        }
    }

    impl<P: Separator, O: ?Sized + AsRef<str>> Rederive<O> for Split<P> {
        #[inline]
        fn current<'a>(&self, owner: &'a O) -> &'a str {
            self.span.item(owner.as_ref())
        }
    }
}

#[cfg(feature = "alloc")]
pub use maps::{KeySnapshot, KeysAfter};

/// Cursors over maps and sets.
#[cfg(feature = "alloc")]
mod maps {
    use alloc::collections::{BTreeMap, BTreeSet};
    use alloc::vec::Vec;
    use core::ops::Bound;

    use super::{Cursor, CursorKind, CursorMut, Probe, Rederive, RederiveMut};

    /// A B-tree map or set from the key after the last one (`K: Clone`):
    /// each step is a search, `O(log n)`.
    pub struct KeysAfter<K> {
        last: Option<K>,
    }

    impl<K> Default for KeysAfter<K> {
        fn default() -> Self {
            KeysAfter { last: None }
        }
    }

    impl<K: Ord + Clone, V> CursorKind<KeysAfter<K>> for &Probe<'_, BTreeMap<K, V>> {}
    impl<K: Ord + Clone> CursorKind<KeysAfter<K>> for &Probe<'_, BTreeSet<K>> {}

    impl<K> KeysAfter<K> {
        fn after(&self) -> (Bound<&K>, Bound<&K>) {
            (self.last.as_ref().map_or(Bound::Unbounded, Bound::Excluded), Bound::Unbounded)
        }
    }

    impl<K: Ord + Clone, V> Cursor<BTreeMap<K, V>> for KeysAfter<K> {
        type Item<'a>
            = (&'a K, &'a V)
        where
            Self: 'a,
            BTreeMap<K, V>: 'a;

        #[inline]
        fn next<'a>(&mut self, owner: &'a BTreeMap<K, V>) -> Option<(&'a K, &'a V)> {
            let item = owner.range(self.after()).next()?;
            self.last = Some(item.0.clone());
            Some(item)
        }
    }

    impl<K: Ord + Clone, V> Rederive<BTreeMap<K, V>> for KeysAfter<K> {
        #[inline]
        fn current<'a>(&self, owner: &'a BTreeMap<K, V>) -> (&'a K, &'a V) {
            self.last.as_ref().and_then(|k| owner.get_key_value(k)).unwrap_or_else(|| super::owner_changed())
        }
    }

    impl<K: Ord + Clone, V> CursorMut<BTreeMap<K, V>> for KeysAfter<K> {
        type Item<'a>
            = (&'a K, &'a mut V)
        where
            Self: 'a,
            BTreeMap<K, V>: 'a;

        #[inline]
        fn next_mut<'a>(&mut self, owner: &'a mut BTreeMap<K, V>) -> Option<(&'a K, &'a mut V)> {
            let item = owner.range_mut(self.after()).next()?;
            self.last = Some(item.0.clone());
            Some(item)
        }
    }

    impl<K: Ord + Clone, V> RederiveMut<BTreeMap<K, V>> for KeysAfter<K> {
        #[inline]
        fn current_mut<'a>(&self, owner: &'a mut BTreeMap<K, V>) -> (&'a K, &'a mut V) {
            let Some(last) = self.last.as_ref() else { super::owner_changed() };
            owner.range_mut(last..=last).next().unwrap_or_else(|| super::owner_changed())
        }
    }

    impl<K: Ord + Clone> Cursor<BTreeSet<K>> for KeysAfter<K> {
        type Item<'a>
            = &'a K
        where
            Self: 'a,
            BTreeSet<K>: 'a;

        #[inline]
        fn next<'a>(&mut self, owner: &'a BTreeSet<K>) -> Option<&'a K> {
            let item = owner.range(self.after()).next()?;
            self.last = Some(item.clone());
            Some(item)
        }
    }

    impl<K: Ord + Clone> Rederive<BTreeSet<K>> for KeysAfter<K> {
        #[inline]
        fn current<'a>(&self, owner: &'a BTreeSet<K>) -> &'a K {
            self.last.as_ref().and_then(|k| owner.get(k)).unwrap_or_else(|| super::owner_changed())
        }
    }

    /// A hash map or set from a snapshot of its keys (`K: Clone + Hash +
    /// Eq`), taken at the loop's first step: one allocation per loop, a
    /// lookup per item.
    pub struct KeySnapshot<K> {
        keys: Option<Vec<K>>,
        next: usize,
    }

    impl<K> Default for KeySnapshot<K> {
        fn default() -> Self {
            KeySnapshot { keys: None, next: 0 }
        }
    }

    /// The map or set a [`KeySnapshot`] walks.
    pub trait Keyed<K> {
        type Item<'a>
        where
            Self: 'a,
            K: 'a;
        fn keys_now(&self) -> Vec<K>;
        fn item<'a>(&'a self, key: &K) -> Option<Self::Item<'a>>;
    }

    #[cfg(feature = "std")]
    mod hashed {
        use alloc::vec::Vec;
        use core::hash::{BuildHasher, Hash};
        use std::collections::{HashMap, HashSet};

        use super::super::{CursorKind, Probe};
        use super::{KeySnapshot, Keyed};

        impl<K: Clone + Hash + Eq, V, S: BuildHasher> CursorKind<KeySnapshot<K>> for &Probe<'_, HashMap<K, V, S>> {}
        impl<K: Clone + Hash + Eq, S: BuildHasher> CursorKind<KeySnapshot<K>> for &Probe<'_, HashSet<K, S>> {}

        impl<K: Clone + Hash + Eq, V, S: BuildHasher> Keyed<K> for HashMap<K, V, S> {
            type Item<'a>
                = (&'a K, &'a V)
            where
                Self: 'a,
                K: 'a;
            fn keys_now(&self) -> Vec<K> {
                self.keys().cloned().collect()
            }
            fn item<'a>(&'a self, key: &K) -> Option<(&'a K, &'a V)> {
                self.get_key_value(key)
            }
        }

        impl<K: Clone + Hash + Eq, S: BuildHasher> Keyed<K> for HashSet<K, S> {
            type Item<'a>
                = &'a K
            where
                Self: 'a,
                K: 'a;
            fn keys_now(&self) -> Vec<K> {
                self.iter().cloned().collect()
            }
            fn item<'a>(&'a self, key: &K) -> Option<&'a K> {
                self.get(key)
            }
        }
    }

    impl<K, O: ?Sized + Keyed<K>> Cursor<O> for KeySnapshot<K> {
        type Item<'a>
            = O::Item<'a>
        where
            Self: 'a,
            O: 'a;

        #[inline]
        fn next<'a>(&mut self, owner: &'a O) -> Option<O::Item<'a>> {
            let keys = self.keys.get_or_insert_with(|| owner.keys_now());
            let key = keys.get(self.next)?;
            self.next += 1;
            Some(owner.item(key).unwrap_or_else(|| super::owner_changed()))
        }
    }

    impl<K, O: ?Sized + Keyed<K>> Rederive<O> for KeySnapshot<K> {
        #[inline]
        fn current<'a>(&self, owner: &'a O) -> O::Item<'a> {
            let key = self.keys.as_ref().and_then(|keys| keys.get(self.next.wrapping_sub(1)));
            key.and_then(|key| owner.item(key)).unwrap_or_else(|| super::owner_changed())
        }
    }
}
