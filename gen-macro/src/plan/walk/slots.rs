//! Bindings kept in place: see [`plan`](crate::plan) and
//! [`SlotGuard`](../../gen_runtime/__private/struct.SlotGuard.html).

use super::Walker;
use crate::ir::{BindingId, Let, PlainExpr, SlotKind};
use crate::plan::arms::ArmId;
use crate::plan::program::{Decl, Op, Projection, SlotValue};

impl Walker<'_> {
    /// Declares a binding kept in place, under the guard taken back from
    /// its slot, and binds its name to a reference to the value, if the arm
    /// mentions it.
    pub(super) fn slot_access(&self, binding: BindingId) -> Vec<Op> {
        let mut ops = Vec::new();
        if !self.storage.is_direct(binding) {
            ops.push(Op::Declare(Decl::ResumeSlotGuard(binding)));
        }
        ops.extend(self.project(binding, Vec::new()));
        ops
    }

    /// Binds the name of a binding kept in place to a reference to its
    /// value in its slot, if the arm mentions it.
    fn project(&self, binding: BindingId, attrs: Vec<syn::Attribute>) -> Option<Op> {
        if !self.needs_declaration(binding) {
            return None;
        }
        let b = &self.ir.bindings[binding];
        let how = match b.slot {
            // User code cannot assign a buffer through a shared reference
            // when it could not assign the buffer.
            Some(SlotKind::Buffer | SlotKind::Owner) if !b.mutable => Projection::SharedBuffer,
            Some(SlotKind::Buffer | SlotKind::Owner) => Projection::MutBuffer,
            _ => Projection::Guarded,
        };
        Some(Op::Project { binding, direct: self.storage.is_direct(binding), how, attrs })
    }

    /// A temporary of the lowering kept in place: its value stored in its
    /// slot.
    pub(super) fn temp_in_slot(&mut self, binding: BindingId, init: &PlainExpr, code: &mut Vec<Op>) {
        self.present.insert(binding);
        let value = SlotValue { init: Some(self.user_expr(&init.expr)), param: None, ty: None };
        code.push(Op::StoreInSlot { binding, direct: self.storage.is_direct(binding), value, attrs: Vec::new() });
        code.extend(self.project(binding, Vec::new()));
    }

    /// A parameter kept in place (a collection a loop iterates by borrow):
    /// its value stored in its slot, from its field.
    pub(super) fn param_in_slot(&self, index: usize, binding: BindingId) -> Vec<Op> {
        let value = SlotValue { init: None, param: Some(index), ty: None };
        let mut ops =
            vec![Op::StoreInSlot { binding, direct: self.storage.is_direct(binding), value, attrs: Vec::new() }];
        ops.extend(self.project(binding, Vec::new()));
        ops
    }

    /// `let buf = [0; N];` for a buffer kept in place.
    pub(super) fn buffer_let(&mut self, x: &Let, code: &mut Vec<Op>) {
        let binding = x.bindings[0];
        let init = x.init.as_ref().map(|init| self.user_expr(&init.expr));
        let value = SlotValue { init, param: None, ty: x.ty.clone() };
        // The initialiser still sees the shadowed values.
        let transfers = self.transfer_shadowed(&x.bindings, None).unwrap_or_default();
        self.mark_present(&x.bindings);
        if self.needs_declaration(binding) || x.attrs.is_empty() {
            code.push(Op::StoreInSlot { binding, direct: self.storage.is_direct(binding), value, attrs: Vec::new() });
            code.extend(transfers);
            code.extend(self.project(binding, x.attrs.clone()));
        } else {
            // No `let` is left for the attributes: they go on one that
            // stores the value (on an assignment they would be unstable).
            code.push(Op::StoreInSlot {
                binding,
                direct: self.storage.is_direct(binding),
                value,
                attrs: x.attrs.clone(),
            });
            code.extend(transfers);
        }
    }

    /// The guards of the values kept in place that arm `target` keeps
    /// using: they stay in their slots.
    pub(super) fn forget_guards(&self, target: ArmId) -> Vec<BindingId> {
        if self.storage.slots.is_empty() {
            return Vec::new();
        }
        let entry = &self.plan.arms[target].entry;
        crate::plan::in_scope(self.ir, entry)
            .into_iter()
            .filter(|&b| self.storage.slot_of[b].is_some() && !self.storage.is_direct(b) && self.present.contains(b))
            .collect()
    }
}
