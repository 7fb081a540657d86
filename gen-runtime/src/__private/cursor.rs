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
//! `VecDeque`; for any other type, the loop's own iterator
//! ([`Fallback`]), which works as long as it borrows nothing the
//! generator owns (as before cursors existed).

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
        }
        impl<$($generics)*> CursorKind<T> for &Probe<'_, $owner> {}
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
}

#[cfg(feature = "alloc")]
impl<T> CursorKind<T> for &Probe<'_, alloc::collections::VecDeque<T>> {}

impl<T, O: ?Sized + Indexable<T>> Cursor<O> for Index<T> {
    type Item<'a>
        = &'a T
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next<'a>(&mut self, owner: &'a O) -> Option<&'a T> {
        let item = owner.item(self.next)?;
        self.next += 1;
        Some(item)
    }
}

impl<T, O: ?Sized + Indexable<T>> Rederive<O> for Index<T> {
    #[inline]
    fn current<'a>(&self, owner: &'a O) -> &'a T {
        match owner.item(self.next.wrapping_sub(1)) {
            Some(item) => item,
            None => owner_changed(),
        }
    }
}

impl<T, O: ?Sized + Indexable<T>> CursorMut<O> for Index<T> {
    type Item<'a>
        = &'a mut T
    where
        Self: 'a,
        O: 'a;

    #[inline]
    fn next_mut<'a>(&mut self, owner: &'a mut O) -> Option<&'a mut T> {
        let item = owner.item_mut(self.next)?;
        self.next += 1;
        Some(item)
    }
}

impl<T, O: ?Sized + Indexable<T>> RederiveMut<O> for Index<T> {
    #[inline]
    fn current_mut<'a>(&self, owner: &'a mut O) -> &'a mut T {
        match owner.item_mut(self.next.wrapping_sub(1)) {
            Some(item) => item,
            None => owner_changed(),
        }
    }
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

/// Found first, on `&&Probe<O>`, for owners with an index cursor.
pub trait CursorKind<T> {
    #[inline]
    fn __gen_cursor(&self) -> IndexKind<T> {
        IndexKind(PhantomData)
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

pub struct IndexKind<T>(PhantomData<fn() -> T>);

impl<T> IndexKind<T> {
    /// The cursor; the loop's iterator is not made.
    #[inline]
    pub fn __gen_start<I>(self, _iterator: impl FnOnce() -> I) -> Index<T> {
        Index::new()
    }
}

pub struct FallbackMaker;

impl FallbackMaker {
    #[inline]
    pub fn __gen_start<I: Iterator>(self, iterator: impl FnOnce() -> I) -> Fallback<I> {
        Fallback(iterator())
    }
}
