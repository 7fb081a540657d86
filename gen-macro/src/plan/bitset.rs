//! A fixed-size set of binding ids.

use crate::ir::{BindingId, Id};

#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub(crate) fn new(len: usize) -> BitSet {
        BitSet { words: vec![0; len.div_ceil(64)] }
    }

    pub(crate) fn insert(&mut self, id: BindingId) {
        self.words[id.index() / 64] |= 1 << (id.index() % 64);
    }

    pub(crate) fn remove(&mut self, id: BindingId) {
        self.words[id.index() / 64] &= !(1 << (id.index() % 64));
    }

    pub(crate) fn contains(&self, id: BindingId) -> bool {
        self.words[id.index() / 64] & (1 << (id.index() % 64)) != 0
    }

    pub(crate) fn union_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub(crate) fn intersect_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub(crate) fn intersects(&self, other: &BitSet) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    pub(crate) fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
    }
}
