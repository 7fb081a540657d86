//! Layout of the state machine's types and the names the expansion uses.
//!
//! Two enums are emitted inside the generator function:
//!
//! - `__GenState`, the state kept between resumes (the generator's size):
//!   `Unresumed` holds the arguments, one `Resume{n}` variant per suspension
//!   point holds the bindings carried across it, then `Returned` and
//!   `Poisoned` (after a panic);
//! - `__GenCur`, the arm being run during one resume: `Start` and one
//!   variant per other arm. It never outlives a call to `resume`.
//!
//! Both are generic over one type parameter per carried binding (and one
//! per [bundle](crate::plan::bundle) of bindings carried as one), so rustc
//! infers every type: no annotation is needed, even for unnameable types.
//! Fields are listed innermost-scope first, so dropping a suspended
//! generator drops its values in the reverse order of their declaration.
//!
//! Bindings kept in place (see [`plan`](crate::plan)) live outside
//! the state, in one `__GenSlot{n}` enum per slot, with a variant
//! `In{binding}` per binding that uses the slot and an `Empty` one; the
//! closure owns one variable of each.

use proc_macro2::{Ident, Span};

use crate::ir::{BindingId, BundleId, Ir, PartsId, SlotId};
use crate::plan::Storage;
use crate::plan::arms::{ArmId, ArmKind, ArmPlan};
use crate::plan::bundle::{Bundles, Field};

fn hidden(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

pub(crate) fn state_enum() -> Ident {
    hidden("__GenState")
}

pub(crate) fn cur_enum() -> Ident {
    hidden("__GenCur")
}

pub(crate) fn state_var() -> Ident {
    hidden("__generator_state")
}

pub(crate) fn cur_var() -> Ident {
    hidden("__gen_cur")
}

/// The closure's parameter: the resume argument.
pub(crate) fn arg_var() -> Ident {
    hidden("__gen_arg")
}

/// The `__GenCur` field (and arm-local variable) that hands the resume
/// argument to the arm a resume enters. (The closure's parameter itself
/// cannot be moved inside the dispatch loop.)
pub(crate) fn resume_field() -> Ident {
    hidden("__gen_resume")
}

/// The type parameter of [`resume_field`].
pub(crate) fn resume_type() -> Ident {
    hidden("__GenR")
}

/// Whether an arm is entered from a resume, and so receives the argument.
pub(crate) fn takes_resume_arg(ir: &Ir, plan: &ArmPlan, arm: ArmId) -> bool {
    match plan.arms[arm].kind {
        ArmKind::Start => true,
        ArmKind::Resume(y) => !ir.yields[y].delegates_to_self,
        _ => false,
    }
}

/// Whether an arm is entered when the body's call of itself completes,
/// and so receives the callee's completion value (see `emit/frames.rs`).
pub(crate) fn takes_callee_value(ir: &Ir, plan: &ArmPlan, arm: ArmId) -> bool {
    matches!(plan.arms[arm].kind, ArmKind::Resume(y) if ir.yields[y].delegates_to_self)
}

/// The field of `__GenCur` that carries a callee's completion value.
pub(crate) fn callee_field() -> Ident {
    hidden("__gen_callee")
}

/// The type parameter of [`callee_field`].
pub(crate) fn callee_type() -> Ident {
    hidden("__GenC")
}

/// The stack of callers waiting for their callee (see `emit/frames.rs`),
/// and the `__private::Frames` guard through which one resume reaches it.
pub(crate) fn frame_stack() -> Ident {
    hidden("__gen_frame_stack")
}

pub(crate) fn frames() -> Ident {
    hidden("__gen_frames")
}

/// The field (and arm-local variable) that carries a binding.
pub(crate) fn binding_field(binding: BindingId) -> Ident {
    hidden(&format!("__gen_b{binding}"))
}

pub(crate) fn param_field(index: usize) -> Ident {
    hidden(&format!("__gen_p{index}"))
}

pub(crate) fn binding_type(binding: BindingId) -> Ident {
    hidden(&format!("__GenT{binding}"))
}

pub(crate) fn param_type(index: usize) -> Ident {
    hidden(&format!("__GenP{index}"))
}

/// The `__GenCur` variant of an arm.
pub(crate) fn cur_variant(plan: &ArmPlan, arm: ArmId) -> Ident {
    match plan.arms[arm].kind {
        ArmKind::Start => hidden("Start"),
        _ => hidden(&format!("A{arm}")),
    }
}

/// The `__GenState` variant that suspends before an arm.
pub(crate) fn state_variant(arm: ArmId) -> Ident {
    hidden(&format!("Resume{arm}"))
}

/// The arms whose state is kept between resumes: the resume arms.
pub(crate) fn persisted_arms(plan: &ArmPlan) -> Vec<ArmId> {
    plan.arms.ids().filter(|&arm| matches!(plan.arms[arm].kind, ArmKind::Resume(_))).collect()
}

/// The parameters whose values the generator receives when it is created
/// (as opposed to the first resume argument) and keeps in `Unresumed`
/// (not in a slot, see [`Storage::prefilled`]).
pub(crate) fn stored_params(ir: &Ir, storage: &Storage) -> Vec<usize> {
    (0..ir.params.len())
        .filter(|&i| ir.params[i].value.is_some() && !storage.prefilled.iter().any(|&p| p == Some(i)))
        .collect()
}

/// The type parameter of the fields of a partly moved binding carried as
/// `storage.parts[parts]`.
pub(crate) fn parts_type(parts: PartsId) -> Ident {
    hidden(&format!("__GenS{parts}"))
}

/// The struct that holds the fields of `storage.parts[parts]`.
pub(crate) fn parts_struct(parts: PartsId) -> Ident {
    hidden(&format!("__GenParts{parts}"))
}

/// The fields of `arm`'s variant, innermost first (so that dropping the
/// variant drops them in the reverse order of their declaration).
pub(crate) fn variant_fields(storage: &Storage, bundles: &Bundles, arm: ArmId) -> Vec<Field> {
    let mut fields = bundles.layout(storage, arm);
    fields.reverse();
    fields
}

/// The name of a field (and of the arm-local variable it is bound to).
pub(crate) fn field_name(field: Field) -> Ident {
    match field {
        Field::Binding(binding) => binding_field(binding),
        Field::Bundle(bundle) => bundle_field(bundle),
    }
}

/// The type of a field of `arm`'s variant.
pub(crate) fn field_type(storage: &Storage, arm: ArmId, field: Field) -> Ident {
    match field {
        Field::Bundle(bundle) => bundle_type(bundle),
        Field::Binding(binding) => match storage.split[arm].get(&binding) {
            Some(&parts) => parts_type(parts),
            None => binding_type(binding),
        },
    }
}

/// The type parameters of the fields of any of `arms`, without repeats.
pub(crate) fn field_types(storage: &Storage, bundles: &Bundles, arms: &[ArmId]) -> Vec<Ident> {
    let mut types: Vec<Ident> = Vec::new();
    for &arm in arms {
        for field in bundles.layout(storage, arm) {
            let ty = field_type(storage, arm, field);
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
    }
    types
}

/// The field (and arm-local variable) that carries a bundle.
pub(crate) fn bundle_field(bundle: BundleId) -> Ident {
    hidden(&format!("__gen_u{bundle}"))
}

/// The type parameter of [`bundle_field`].
pub(crate) fn bundle_type(bundle: BundleId) -> Ident {
    hidden(&format!("__GenU{bundle}"))
}

/// What is left of a bundle when its inner values are taken out.
pub(crate) fn bundle_rest() -> Ident {
    hidden("__gen_rest")
}

/// The enum of a slot.
pub(crate) fn slot_enum(slot: SlotId) -> Ident {
    hidden(&format!("__GenSlot{slot}"))
}

/// The variable that holds a slot.
pub(crate) fn slot_var(slot: SlotId) -> Ident {
    hidden(&format!("__gen_slot{slot}"))
}

/// The slot's variant for a binding.
pub(crate) fn slot_variant(binding: BindingId) -> Ident {
    hidden(&format!("In{binding}"))
}

/// The guard that owns a binding's value in its slot during one resume.
pub(crate) fn slot_guard(binding: BindingId) -> Ident {
    hidden(&format!("__gen_guard{binding}"))
}
