//! Typed ids and the vectors they index: an arm id passed where a binding
//! id is expected does not compile.

use std::marker::PhantomData;

/// An index into an [`IdVec`].
pub(crate) trait Id: Copy + Eq {
    fn from_index(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub(crate) struct $name(usize);

        impl Id for $name {
            fn from_index(index: usize) -> Self {
                $name(index)
            }
            fn index(self) -> usize {
                self.0
            }
        }

        /// The number, as generated names show it (`__gen_b3`).
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A binding of the body (see [`Binding`](super::Binding)).
    BindingId;
    /// A block, numbered in source order.
    BlockId;
    /// A loop.
    LoopId;
    /// A suspension point.
    YieldId;
    /// An `if`, `match`, loop, labeled block or nested block.
    ConstructId;
    /// An arm of the state machine (see [`arms`](crate::plan::arms)).
    ArmId;
    /// Storage kept in place across suspensions (see [`plan`](crate::plan)).
    SlotId;
    /// A set of fields a partly moved binding is carried as (see
    /// [`Parts`](crate::plan::Parts)).
    PartsId;
    /// A loop item made again from its owner (see
    /// [`Rederived`](super::Rederived)).
    DerivedId;
    /// Values an arm carries as one (see [`bundle`](crate::plan::bundle)).
    BundleId;
}

impl ArmId {
    /// The arm that starts the body: the first one made.
    pub(crate) const START: ArmId = ArmId(0);
}

/// A vector indexed by one kind of id.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I)>,
}

impl<I: Id, T> IdVec<I, T> {
    pub(crate) fn new() -> Self {
        IdVec { items: Vec::new(), id: PhantomData }
    }

    /// `len` copies of `value`.
    pub(crate) fn filled(value: T, len: usize) -> Self
    where
        T: Clone,
    {
        IdVec { items: vec![value; len], id: PhantomData }
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds `item`; returns its id.
    pub(crate) fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    pub(crate) fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// Every id, in order.
    pub(crate) fn ids(&self) -> impl DoubleEndedIterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub(crate) fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every item with its id.
    pub(crate) fn enumerate(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(index, item)| (I::from_index(index), item))
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I: Id, T> std::ops::Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> std::ops::IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IdVec { items: iter.into_iter().collect(), id: PhantomData }
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<I: Id, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}
