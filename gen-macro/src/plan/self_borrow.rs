//! A reference to one of the generator's own locals held across a
//! suspension point (`let r = &x;`, the iterator of `for i in &x`). The
//! state machine moves its locals into its state when it suspends, so such
//! a reference can never be kept: rustc rejects the expansion, in words
//! about the expansion's own closure and state. This check says it first,
//! at the user's code.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote_spanned};

use super::Storage;
use crate::ir::Ir;
use crate::plan::arms::{ArmKind, ArmPlan};

/// One error for each binding that holds a reference to a local across a
/// suspension point, at the first such point.
pub(crate) fn check(ir: &Ir, plan: &ArmPlan, storage: &Storage) -> Vec<syn::Error> {
    let mut reported = Vec::new();
    let mut errors = Vec::new();
    for (arm, info) in plan.arms.enumerate() {
        let ArmKind::Resume(yield_id) = info.kind else { continue };
        for binding in super::in_scope(ir, &info.entry) {
            let Some((borrow, of)) = &ir.bindings[binding].local_borrow else { continue };
            let kept = storage.fields[arm].contains(&binding) || storage.slot_of[binding].is_some();
            if !kept || reported.contains(&binding) {
                continue;
            }
            reported.push(binding);
            let (name, of) = (&ir.bindings[binding].name, &ir.bindings[*of].name);
            let (holder, help) = if name.to_string().starts_with("__gen_") {
                (
                    "this loop's iterator".to_owned(),
                    format!(
                        "loops over `&{of}`, `&mut {of}`, `{of}.iter()` or `{of}.iter_mut()` (optionally followed by `.rev()`, `.enumerate()`, `.zip(..)`, `.map(..)`, `.filter(..)`, `.copied()`, `.cloned()`) and over the `str` methods of a `String` (`chars`, `lines`, `split`, ...) continue across a `yield_!`; for other forms, loop over indices or over a clone (`{of}.clone()`)"
                    ),
                )
            } else if matches!(borrow, syn::Expr::Reference(r) if crate::syntax::idents::single_ident(&r.expr).is_some())
            {
                (format!("`{name}`"), format!("borrow `{of}` again after the `yield_!` (`let {name} = &{of};`)"))
            } else {
                (
                    format!("`{name}`"),
                    format!("make `{name}` again after the `yield_!`, or keep an index into `{of}` instead"),
                )
            };
            let target = if name == of { format!("the `{of}` it shadows") } else { format!("`{of}`") };
            let message = format!(
                "{holder} holds a reference to {target}, a local of the generator, across a `yield_!`: a suspended generator keeps its locals in its state, where it cannot also keep a reference to them\nhelp: {help}"
            );
            // The error runs from the borrow to the `yield_!`.
            let mut span: TokenStream = borrow.to_token_stream();
            span.extend(quote_spanned!(ir.yields[yield_id].span=> yield_!));
            errors.push(syn::Error::new_spanned(span, message));
        }
    }
    errors
}
