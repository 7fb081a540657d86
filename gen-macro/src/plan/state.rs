//! The per-binding initialisation lattice of [`init`](super::init).

use crate::ir::{BindingId, IdVec};

/// The binding holds no value yet.
pub(crate) const UNINIT: u8 = 1;
/// The binding holds a value.
pub(crate) const INIT: u8 = 2;
/// The binding's value was moved out (or copied: then it has no drop glue).
pub(crate) const MOVED: u8 = 4;
/// Only some fields of the binding's value were moved out (with [`MOVED`]).
pub(crate) const PARTIAL: u8 = 8;

/// For each binding, the set of states it may be in.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct InitState {
    states: IdVec<BindingId, u8>,
}

impl InitState {
    pub(crate) fn new(len: usize, value: u8) -> InitState {
        InitState { states: IdVec::filled(value, len) }
    }

    /// Every binding's id.
    pub(crate) fn bindings(&self) -> impl Iterator<Item = BindingId> + use<> {
        self.states.ids()
    }

    pub(crate) fn get(&self, binding: BindingId) -> u8 {
        self.states[binding]
    }

    pub(crate) fn set(&mut self, binding: BindingId, value: u8) {
        self.states[binding] = value;
    }

    pub(crate) fn union_with(&mut self, other: &InitState) {
        for (a, b) in self.states.iter_mut().zip(other.states.iter()) {
            *a |= b;
        }
    }

    /// May have had a field moved out, its other fields left in place.
    pub(crate) fn may_be_partial(&self, binding: BindingId) -> bool {
        self.states[binding] & PARTIAL != 0
    }

    /// Certainly holds a value.
    pub(crate) fn is_init(&self, binding: BindingId) -> bool {
        self.states[binding] == INIT
    }
}
