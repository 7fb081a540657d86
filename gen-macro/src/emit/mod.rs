//! Emission: the generator function with its state machine.
//!
//! ```text
//! // Input:
//! #[generator(yield = u32)]
//! fn count(n: u32) { for i in 0..n { yield_!(i); } }
//! // Output (simplified):
//! fn count(n: u32) -> impl Generator<(), Yield = u32, Return = ()> + Iterator<Item = u32> + FusedIterator {
//!     enum __GenState<P0, T1> { Unresumed { p0: P0 }, Resume2 { iter: T1 }, Returned, Poisoned }
//!     enum __GenCur<P0, T1> { Start { p0: P0 }, A1 { iter: T1 }, A2 { iter: T1 } }
//!     let mut state = __GenState::Unresumed { p0: n };
//!     gen_fn(move |arg: ()| -> Step<u32, ()> {
//!         let mut cur = match mem::replace(&mut state, __GenState::Poisoned) { .. };
//!         let done = 'dispatch: loop {
//!             match cur {
//!                 __GenCur::Start { p0 } => { let n = p0; let mut iter = (0..n).into_iter(); cur = __GenCur::A1 { iter }; continue 'dispatch; }
//!                 __GenCur::A1 { iter } => { let mut iter = iter; 'l: loop { match iter.next() {
//!                     Some(i) => { state = __GenState::Resume2 { iter }; return Step::Yielded(i); }
//!                     None => break 'l } } break 'dispatch (); }
//!                 __GenCur::A2 { iter } => { let mut iter = iter; cur = __GenCur::A1 { iter }; continue 'dispatch; }
//!             }
//!         };
//!         state = __GenState::Returned;
//!         Step::Complete(done)
//!     })
//! }
//! ```

mod arm;
mod rewrite;
mod shadow;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{Attribute, Path, Visibility};

use crate::analysis::{BitSet, Storage};
use crate::arms::{ArmKind, ArmPlan};
use crate::ir::Ir;
use crate::layout;
use crate::signature::GenSignature;

pub(crate) use rewrite::dispatch_label;

/// Everything emission needs.
pub(crate) struct Input<'a> {
    pub attrs: &'a [Attribute],
    pub vis: &'a Visibility,
    pub sig: &'a GenSignature,
    pub resume_ty: Option<&'a syn::Type>,
    pub krate: &'a Path,
    pub ir: &'a Ir,
    pub plan: &'a ArmPlan,
    pub storage: &'a Storage,
    /// Paths the body invokes `yield_!`/`yield_from!` by.
    pub suspend_paths: &'a [Path],
}

pub(crate) fn generator(input: &Input) -> TokenStream {
    let Input { attrs, vis, sig, krate, ir, .. } = *input;
    let outer = &sig.outer;
    let items = &ir.items;
    let markers = input.suspend_paths.iter().map(|path| quote!(#path!(@__gen_used);));
    let enums = enums(input);
    let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
    let params = layout::stored_params(ir).into_iter().map(|i| {
        let field = layout::param_field(i);
        let value = &ir.params[i].value;
        quote!(#field: #value,)
    });
    let machine = machine(input);
    quote! {
        #(#attrs)*
        #vis #outer {
            #(#items)*
            #(#markers)*
            #enums
            let mut #state_var = #state_enum::Unresumed { #(#params)* };
            #krate::__private::gen_fn(#machine)
        }
    }
}

/// `__GenState` and `__GenCur`.
fn enums(input: &Input) -> TokenStream {
    let Input { ir, plan, storage, .. } = *input;
    let params = layout::stored_params(ir);
    let param_fields: Vec<TokenStream> = params
        .iter()
        .map(|&i| {
            let (field, ty) = (layout::param_field(i), layout::param_type(i));
            quote!(#field: #ty,)
        })
        .collect();
    let param_types: Vec<Ident> = params.iter().map(|&i| layout::param_type(i)).collect();
    let fields_of = |arm: usize| {
        let fields = storage.fields[arm].iter().rev().map(|&b| {
            let (field, ty) = (layout::binding_field(b), layout::binding_type(b));
            quote!(#field: #ty,)
        });
        quote!({ #(#fields)* })
    };
    let generics = |bindings: Vec<usize>, resume: bool| {
        let types = param_types.iter().cloned().chain(bindings.into_iter().map(layout::binding_type));
        let types: Vec<Ident> = types.chain(resume.then(layout::resume_type)).collect();
        if types.is_empty() { TokenStream::new() } else { quote!(<#(#types),*>) }
    };
    let (resume_field, resume_type) = (layout::resume_field(), layout::resume_type());

    let persisted = layout::persisted_arms(plan);
    let state_generics = generics(layout::carried_by(storage, &persisted), false);
    let state_variants = persisted.iter().map(|&arm| {
        let variant = layout::state_variant(arm);
        let fields = fields_of(arm);
        quote!(#variant #fields,)
    });
    let all: Vec<usize> = (0..plan.arms.len()).collect();
    let cur_generics = generics(layout::carried_by(storage, &all), true);
    let cur_variants = all.iter().filter(|&&arm| plan.arms[arm].kind != ArmKind::Start).map(|&arm| {
        let variant = layout::cur_variant(plan, arm);
        let fields = storage.fields[arm].iter().rev().map(|&b| {
            let (field, ty) = (layout::binding_field(b), layout::binding_type(b));
            quote!(#field: #ty,)
        });
        let resume = layout::takes_resume_arg(plan, arm).then(|| quote!(#resume_field: #resume_type,));
        quote!(#variant { #(#fields)* #resume },)
    });
    let (state_enum, cur_enum) = (layout::state_enum(), layout::cur_enum());
    let allow =
        quote!(#[allow(non_camel_case_types, dead_code, clippy::large_enum_variant, clippy::enum_variant_names)]);
    quote! {
        #allow
        enum #state_enum #state_generics {
            Unresumed { #(#param_fields)* },
            #(#state_variants)*
            Returned,
            Poisoned,
        }
        #allow
        enum #cur_enum #cur_generics {
            Start { #(#param_fields)* #resume_field: #resume_type, },
            #(#cur_variants)*
        }
    }
}

/// The closure that runs the state machine until its next suspension.
fn machine(input: &Input) -> TokenStream {
    let Input { sig, krate, ir, plan, storage, .. } = *input;
    let (state_var, state_enum, cur_var, cur_enum, arg) =
        (layout::state_var(), layout::state_enum(), layout::cur_var(), layout::cur_enum(), layout::arg_var());
    let resume_ty = input.resume_ty.cloned().unwrap_or_else(|| syn::parse_quote!(()));
    let (yield_ty, return_ty) = (&sig.closure_yield_ty, &sig.closure_return_ty);

    let stored_params: Vec<Ident> = layout::stored_params(ir).into_iter().map(layout::param_field).collect();
    let resume_field = layout::resume_field();
    let resumes = layout::persisted_arms(plan).into_iter().map(|arm| {
        let (from, to) = (layout::state_variant(arm), layout::cur_variant(plan, arm));
        let fields: Vec<Ident> = storage.fields[arm].iter().map(|&b| layout::binding_field(b)).collect();
        quote!(#state_enum::#from { #(#fields),* } => #cur_enum::#to { #(#fields,)* #resume_field: #arg },)
    });

    let (mut completes, mut jumps) = (false, false);
    let arms: Vec<TokenStream> = (0..plan.arms.len())
        .map(|arm| {
            let mut emitter = arm::ArmEmitter {
                ir,
                plan,
                storage,
                rewriter: rewrite::Rewriter { krate, completes: false, jumps: false },
                arm,
                mentioned: BitSet::new(ir.bindings.len()),
                declared: None,
                transferred: BitSet::new(ir.bindings.len()),
                twins_read: BitSet::new(ir.bindings.len()),
                declared_twins: None,
                present: BitSet::new(ir.bindings.len()),
            };
            let code = emitter.emit();
            completes |= emitter.rewriter.completes;
            jumps |= emitter.rewriter.jumps;
            let variant = layout::cur_variant(plan, arm);
            let mut fields: Vec<Ident> = match plan.arms[arm].kind {
                ArmKind::Start => stored_params.clone(),
                _ => storage.fields[arm].iter().map(|&b| layout::binding_field(b)).collect(),
            };
            if layout::takes_resume_arg(plan, arm) {
                fields.push(resume_field.clone());
            }
            quote!(#cur_enum::#variant { #(#fields),* } => #code)
        })
        .collect();

    let label = (completes || jumps).then(|| {
        let label = dispatch_label();
        quote!(#label:)
    });
    let dispatch = quote! {
        #label loop {
            match #cur_var { #(#arms)* }
        }
    };
    let finish = if completes {
        let done = Ident::new("__gen_done", proc_macro2::Span::mixed_site());
        quote! {
            let #done = #dispatch;
            #state_var = #state_enum::Returned;
            #krate::__private::Step::Complete(#done)
        }
    } else {
        dispatch
    };
    quote! {
        move |#arg: #resume_ty| -> #krate::__private::Step<#yield_ty, #return_ty> {
            #[allow(unused_mut)]
            let mut #cur_var = match ::core::mem::replace(&mut #state_var, #state_enum::Poisoned) {
                #state_enum::Unresumed { #(#stored_params),* } => #cur_enum::Start { #(#stored_params,)* #resume_field: #arg },
                #(#resumes)*
                #state_enum::Returned => {
                    #state_var = #state_enum::Returned;
                    return #krate::__private::Step::Exhausted;
                }
                #state_enum::Poisoned => return #krate::__private::Step::Poisoned,
            };
            #finish
        }
    }
}
