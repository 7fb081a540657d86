//! Emission: the generator function with its state machine.
//!
//! ```text
//! // Input:
//! #[generator(yield = u32)]
//! fn count(n: u32) { for i in 0..n { yield_!(i); } }
//! // Output (simplified):
//! fn count(n: u32) -> impl Generator<(), Yield = u32, Return = ()> + FusedIterator<Item = u32> {
//!     enum __GenState<P0, T1> { Unresumed { p0: P0 }, Resume2 { iter: T1 }, Returned, Poisoned }
//!     enum __GenCur<T1> { A1 { iter: T1 } }
//!     let mut state = __GenState::Unresumed { p0: n };
//!     gen_fn(move |arg: ()| -> Step<u32, ()> {
//!         // Which arm runs: the start arm runs here, up to its first
//!         // transition; the arm after the `yield_!` only forwards to A1.
//!         let mut cur = match mem::replace(&mut state, __GenState::Poisoned) {
//!             __GenState::Unresumed { p0 } => 'entry: {
//!                 let n = p0;
//!                 let mut iter = (0..n).into_iter();
//!                 break 'entry __GenCur::A1 { iter };
//!             }
//!             __GenState::Resume2 { iter } => __GenCur::A1 { iter },
//!             __GenState::Returned => { state = __GenState::Returned; return Step::Exhausted; }
//!             __GenState::Poisoned => return Step::Poisoned,
//!         };
//!         let done = 'dispatch: {           // a `loop` when arms continue with others
//!             match cur {
//!                 __GenCur::A1 { iter } => {
//!                     let mut iter = iter;
//!                     'l: loop {                 // the loop runs natively in its head arm
//!                         match iter.next() {
//!                             Some(i) => { state = __GenState::Resume2 { iter }; return Step::Yielded(i); }
//!                             None => break 'l,
//!                         }
//!                     }
//!                     break 'dispatch ();
//!                 }
//!             }
//!         };
//!         state = __GenState::Returned;
//!         Step::Complete(done)
//!     })
//! }
//! ```
//!
//! Which arms only forward, which runs before the dispatch and whether the
//! dispatch loops is decided in [`machine`](crate::plan::machine); the
//! code of each arm is its program (see [`program`](crate::plan::program)),
//! printed by [`arm`].

mod arm;
mod frames;
mod in_place;
pub(crate) mod names;
mod rewrite;
mod shadow;

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};
use syn::{Attribute, Path, Visibility};

use crate::front::signature::GenSignature;
use crate::ir::Ir;
use crate::ir::{ArmId, IdVec};
use crate::plan::Storage;
use crate::plan::arms::{ArmKind, ArmPlan};
use crate::plan::bundle::Field;
use crate::plan::machine::MachinePlan;
use names as layout;

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
    pub machine: &'a MachinePlan,
    /// Paths the body invokes `yield_!`/`yield_from!` by.
    pub suspend_paths: &'a [Path],
}

pub(crate) fn generator(input: &Input) -> TokenStream {
    let Input { attrs, vis, sig, krate, ir, storage, .. } = *input;
    let outer = &sig.outer;
    let items = &ir.items;
    let markers = input.suspend_paths.iter().map(|path| quote!(#path!(@__gen_used);));
    let code = render_arms(input);
    let enums = enums(input);
    let slots = slots(input);
    let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
    let params = layout::stored_params(ir, storage).into_iter().map(|i| {
        let field = layout::param_field(i);
        let value = &ir.params[i].value;
        quote!(#field: #value,)
    });
    let machine = machine(input, &code);
    let frame_stack = frames::stack(input);
    let allow_underscore = underscored_params(sig).then(|| quote!(#[allow(clippy::used_underscore_binding)]));
    quote! {
        #(#attrs)*
        #vis #outer {
            #(#items)*
            #(#markers)*
            #enums
            #slots
            #allow_underscore
            let mut #state_var = #state_enum::Unresumed { #(#params)* };
            #frame_stack
            #krate::__private::gen_fn(#machine)
        }
    }
}

/// Whether a parameter is named `_x`: moving it into the state is a use
/// to pedantic clippy.
fn underscored_params(sig: &GenSignature) -> bool {
    sig.params.iter().any(|p| {
        matches!(&p.value, Some(syn::Expr::Path(v)) if v.path.get_ident().is_some_and(|i| i.to_string().starts_with('_')))
    })
}

/// The code of every arm (empty for arms that only forward).
fn render_arms(input: &Input) -> IdVec<ArmId, TokenStream> {
    let printer = printer(input);
    input
        .machine
        .programs
        .iter()
        .map(|program| program.as_ref().map_or_else(TokenStream::new, |p| printer.ops(&p.code)))
        .collect()
}

fn printer<'a>(input: &Input<'a>) -> arm::Printer<'a> {
    arm::Printer {
        ir: input.ir,
        plan: input.plan,
        storage: input.storage,
        krate: input.krate,
        return_ty: &input.sig.closure_return_ty,
    }
}

/// `__GenState` and `__GenCur`.
fn enums(input: &Input) -> TokenStream {
    let machine = input.machine;
    let Input { ir, plan, storage, .. } = *input;
    let params = layout::stored_params(ir, storage);
    let param_fields: Vec<TokenStream> = params
        .iter()
        .map(|&i| {
            let (field, ty) = (layout::param_field(i), layout::param_type(i));
            quote!(#field: #ty,)
        })
        .collect();
    let param_types: Vec<Ident> = params.iter().map(|&i| layout::param_type(i)).collect();
    let bundles = &machine.bundles;
    let typed_fields = |arm: ArmId| -> Vec<TokenStream> {
        layout::variant_fields(storage, bundles, arm)
            .into_iter()
            .map(|f| {
                let (field, ty) = (layout::field_name(f), layout::field_type(storage, arm, f));
                quote!(#field: #ty,)
            })
            .collect()
    };
    let generics = |params: bool, fields: Vec<Ident>, resume: bool, callee: bool| {
        let params = param_types.iter().filter(|_| params).cloned();
        let types = params.chain(fields).chain(resume.then(layout::resume_type));
        let types: Vec<Ident> = types.chain(callee.then(layout::callee_type)).collect();
        if types.is_empty() { TokenStream::new() } else { quote!(<#(#types),*>) }
    };
    let (resume_field, resume_type) = (layout::resume_field(), layout::resume_type());

    let persisted = layout::persisted_arms(plan);
    let state_generics = generics(true, layout::field_types(storage, bundles, &persisted), false, false);
    let state_variants = persisted.iter().map(|&arm| {
        let variant = layout::state_variant(arm);
        let fields = typed_fields(arm);
        quote!(#variant { #(#fields)* },)
    });
    let dispatched = machine.dispatched();
    let start = !machine.before_dispatch[ArmId::START];
    let takes_resume = dispatched.iter().any(|&arm| layout::takes_resume_arg(ir, plan, arm));
    let takes_callee = dispatched.iter().any(|&arm| layout::takes_callee_value(ir, plan, arm));
    let cur_generics = generics(start, layout::field_types(storage, bundles, &dispatched), takes_resume, takes_callee);
    let (callee_field, callee_type) = (layout::callee_field(), layout::callee_type());
    let start_variant = start.then(|| quote!(Start { #(#param_fields)* #resume_field: #resume_type, },));
    let cur_variants = dispatched.iter().filter(|&&arm| plan.arms[arm].kind != ArmKind::Start).map(|&arm| {
        let variant = layout::cur_variant(plan, arm);
        let fields = typed_fields(arm);
        let resume = layout::takes_resume_arg(ir, plan, arm).then(|| quote!(#resume_field: #resume_type,));
        let callee = layout::takes_callee_value(ir, plan, arm).then(|| quote!(#callee_field: #callee_type,));
        quote!(#variant { #(#fields)* #resume #callee },)
    });
    let (state_enum, cur_enum) = (layout::state_enum(), layout::cur_enum());
    let allow =
        quote!(#[allow(non_camel_case_types, dead_code, clippy::large_enum_variant, clippy::enum_variant_names)]);
    let parts = storage.parts.enumerate().map(|(index, parts)| parts_struct(index, parts));
    quote! {
        #(#parts)*
        #allow
        enum #state_enum #state_generics {
            Unresumed { #(#param_fields)* },
            #(#state_variants)*
            Returned,
            Poisoned,
        }
        #allow
        enum #cur_enum #cur_generics {
            #start_variant
            #(#cur_variants)*
        }
    }
}

/// The struct that carries the fields of a partly moved binding: generic
/// over their types, with their names, so that the code after reads them
/// as it read them from the binding. Fields of a tuple no code reads are
/// `()`.
fn parts_struct(index: crate::ir::PartsId, parts: &crate::plan::Parts) -> TokenStream {
    let name = layout::parts_struct(index);
    let types: Vec<Ident> = (0..parts.members.len()).map(|i| quote::format_ident!("__GenM{}", i)).collect();
    let allow = quote!(#[allow(non_camel_case_types, dead_code)]);
    let Some(len) = parts.tuple_len() else {
        let names = parts.members.iter().map(|m| crate::syntax::idents::parse_member(m));
        return quote!(#allow struct #name<#(#types),*> { #(#names: #types),* });
    };
    let fields = (0..len).map(|i| {
        let at = parts.members.iter().position(|m| *m == i.to_string());
        at.map_or_else(|| quote!(()), |at| types[at].to_token_stream())
    });
    quote!(#allow struct #name<#(#types),*>(#(#fields),*);)
}

/// The slots' enums and variables (see [`layout`]).
fn slots(input: &Input) -> TokenStream {
    let mut code = TokenStream::new();
    for (slot, members) in input.storage.slots.enumerate() {
        let (name, var) = (layout::slot_enum(slot), layout::slot_var(slot));
        if input.storage.direct[slot] {
            let Some(init) = buffer_init(&input.ir.root, members[0]) else { continue };
            let ty = init.ty.as_ref().map(|ty| quote!(: #ty));
            let value = init.init.as_ref().map(|value| &value.expr);
            code.extend(quote!(let mut #var #ty = #value;));
            continue;
        }
        let types: Vec<Ident> = members.iter().map(|&b| layout::binding_type(b)).collect();
        let variants = members.iter().map(|&b| layout::slot_variant(b));
        // A parameter kept in place is in its slot from the start.
        let init = input.storage.prefilled[slot].map_or_else(
            || quote!(#name::Empty),
            |param| {
                let (variant, value) = (layout::slot_variant(members[0]), &input.ir.params[param].value);
                quote!(#name::#variant(#value))
            },
        );
        // No trait impl: coherence checks every impl of a trait against
        // every other, so one per generator would cost quadratic time.
        code.extend(quote! {
            #[allow(non_camel_case_types, clippy::large_enum_variant)]
            enum #name<#(#types),*> { Empty, #(#variants(#types),)* }
            let mut #var = #init;
        });
    }
    code
}

/// What the closure does when the generator is dropped: drops the state,
/// and where a suspension point has values in slots, drops those and the
/// state's values in the order of their scopes (see
/// [`walk::drop_before`](crate::plan::walk::drop_before)).
fn drop_state(input: &Input) -> TokenStream {
    let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
    let printer = printer(input);
    let ordered: Vec<TokenStream> = input
        .machine
        .drops
        .iter()
        .map(|(arm, ops)| {
            let code = printer.ops(ops);
            let variant = layout::state_variant(*arm);
            let fields = field_names(input, *arm);
            quote!(#state_enum::#variant { #(#fields),* } => #code)
        })
        .collect();
    let ordered: Vec<TokenStream> = unresumed_drops(input).into_iter().chain(ordered).collect();
    let replaced = quote!(::core::mem::replace(&mut #state_var, #state_enum::Returned));
    if ordered.is_empty() {
        return quote!(::core::mem::drop(#replaced););
    }
    quote! {
        #[allow(unreachable_patterns)]
        match #replaced {
            #(#ordered)*
            _ => {}
        }
    }
}

/// A generator dropped before it ever ran drops its parameters as a plain
/// function that returns at once would: in reverse order, the ones kept in
/// slots (see [`Storage::prefilled`]) among them. `None` where the
/// `Unresumed` state's own drop does that (at most one parameter that may
/// need dropping, none in a slot).
fn unresumed_drops(input: &Input) -> Option<TokenStream> {
    let Input { ir, storage, .. } = *input;
    let stored = layout::stored_params(ir, storage);
    let slot_of_param = |index: usize| storage.prefilled.enumerate().find(|&(_, &p)| p == Some(index)).map(|(s, _)| s);
    let may_drop = |index: usize| {
        let bindings = &ir.params[index].bindings;
        bindings.is_empty() || bindings.iter().any(|&b| !ir.bindings[b].no_drop)
    };
    let dropped: Vec<usize> = (0..ir.params.len()).rev().filter(|&i| stored.contains(&i) && may_drop(i)).collect();
    if dropped.len() < 2 && !storage.prefilled.iter().any(Option::is_some) {
        return None;
    }
    let drops = (0..ir.params.len()).rev().filter_map(|index| {
        if let Some(slot) = slot_of_param(index) {
            let (var, slot_enum) = (layout::slot_var(slot), layout::slot_enum(slot));
            return Some(quote!(#var = #slot_enum::Empty;));
        }
        dropped.contains(&index).then(|| {
            let field = layout::param_field(index);
            quote!(::core::mem::drop(#field);)
        })
    });
    let (state_enum, fields) = (layout::state_enum(), stored.iter().map(|&i| layout::param_field(i)));
    Some(quote!(#state_enum::Unresumed { #(#fields),* } => { #(#drops)* }))
}

/// The `let` of a buffer kept in place.
fn buffer_init(block: &crate::ir::Block, binding: crate::ir::BindingId) -> Option<&crate::ir::Let> {
    block.stmts.iter().find_map(|stmt| match stmt {
        crate::ir::Stmt::Let(x) if x.bindings == [binding] => Some(x),
        _ => stmt.children().into_iter().find_map(|(_, child)| buffer_init(child, binding)),
    })
}

/// The arms of the match on the state that resume a suspended generator:
/// each hands the state's values to the arm the dispatch runs (skipping
/// arms that only forward), or runs the arm before the dispatch.
fn resumes(input: &Input, code: &IdVec<ArmId, TokenStream>) -> Vec<TokenStream> {
    let Input { ir, plan, machine, .. } = *input;
    let (state_enum, cur_enum, arg, resume_field) =
        (layout::state_enum(), layout::cur_enum(), layout::arg_var(), layout::resume_field());
    // A caller waiting for its callee is on the stack of frames, never the
    // state a resume starts from (see `frames::resume_callers`).
    let waiting = |arm: ArmId| layout::takes_callee_value(ir, plan, arm);
    layout::persisted_arms(plan)
        .into_iter()
        .filter(|&arm| !waiting(arm))
        .map(|arm| {
            let from = layout::state_variant(arm);
            let fields = field_names(input, arm);
            match machine.forward[arm] {
                None if machine.before_dispatch[arm] => {
                    let code = before_dispatch(&code[arm]);
                    quote!(#state_enum::#from { #(#fields),* } => #code)
                }
                None => {
                    let to = layout::cur_variant(plan, arm);
                    quote!(#state_enum::#from { #(#fields),* } => #cur_enum::#to { #(#fields,)* #resume_field: #arg },)
                }
                Some(target) => {
                    let to = layout::cur_variant(plan, target);
                    let passed = passed_fields(input, target);
                    // The argument of a `()` resume needs no dropping.
                    let drop_arg = input.resume_ty.is_some().then(|| quote!(::core::mem::drop(#arg);));
                    quote!(#state_enum::#from { #(#fields),* } => {
                        #drop_arg
                        #cur_enum::#to { #(#passed),* }
                    })
                }
            }
        })
        .collect()
}

/// The fields of `arm`'s `__GenCur` variant made from a state variant's
/// fields, which carry each binding alone: `field` for a binding, and
/// `bundle: (c, (b, a))` for a bundle (see [`crate::plan::bundle`]).
fn passed_fields(input: &Input, arm: ArmId) -> Vec<TokenStream> {
    let bundles = &input.machine.bundles;
    let made = |field: Field| match field {
        Field::Binding(binding) => layout::binding_field(binding).into_token_stream(),
        Field::Bundle(bundle) => {
            let field = layout::bundle_field(bundle);
            let mut members = bundles.members[bundle].iter().map(|&b| layout::binding_field(b));
            let mut value = members.next().into_token_stream();
            for member in members {
                value = quote!((#member, #value));
            }
            quote!(#field: #value)
        }
    };
    bundles.layout(input.storage, arm).into_iter().map(made).collect()
}

/// The names of the fields of `arm`'s variant.
fn field_names(input: &Input, arm: ArmId) -> Vec<Ident> {
    input.machine.bundles.layout(input.storage, arm).into_iter().map(layout::field_name).collect()
}

/// An arm run before the dispatch loop, in a block its transitions break
/// out of with the arm the dispatch runs first.
fn before_dispatch(code: &TokenStream) -> TokenStream {
    let (label, resume_field, arg) = (arm::entry_label(), layout::resume_field(), layout::arg_var());
    quote!({
        #[allow(unused_variables)]
        let #resume_field = #arg;
        #label: #code
    })
}

/// The closure that runs the state machine until its next suspension.
fn machine(input: &Input, code: &IdVec<ArmId, TokenStream>) -> TokenStream {
    let machine_plan = input.machine;
    let Input { sig, krate, ir, plan, storage, .. } = *input;
    let (state_var, state_enum, cur_var, cur_enum, arg) =
        (layout::state_var(), layout::state_enum(), layout::cur_var(), layout::cur_enum(), layout::arg_var());
    let resume_ty = input.resume_ty.cloned().unwrap_or_else(|| syn::parse_quote!(()));
    let (yield_ty, return_ty) = (&sig.closure_yield_ty, &sig.closure_return_ty);

    let stored_params: Vec<Ident> = layout::stored_params(ir, storage).into_iter().map(layout::param_field).collect();
    let resume_field = layout::resume_field();
    let resumes = resumes(input, code);

    let (completes, jumps) = (machine_plan.completes, machine_plan.jumps);
    let start = if machine_plan.before_dispatch[ArmId::START] {
        before_dispatch(&code[ArmId::START])
    } else {
        quote!(#cur_enum::Start { #(#stored_params,)* #resume_field: #arg },)
    };
    let dispatched: Vec<TokenStream> = machine_plan
        .dispatched()
        .into_iter()
        .map(|arm| {
            let variant = layout::cur_variant(plan, arm);
            let mut fields: Vec<Ident> = match plan.arms[arm].kind {
                ArmKind::Start => stored_params.clone(),
                _ => field_names(input, arm),
            };
            if layout::takes_resume_arg(ir, plan, arm) {
                fields.push(resume_field.clone());
            }
            if layout::takes_callee_value(ir, plan, arm) {
                fields.push(layout::callee_field());
            }
            let code = &code[arm];
            quote!(#cur_enum::#variant { #(#fields),* } => #code)
        })
        .collect();

    let label = (completes || jumps).then(|| {
        let label = dispatch_label();
        quote!(#label:)
    });
    // Without transitions between arms, the dispatch runs one arm: a block.
    let looping = jumps.then(|| quote!(loop));
    let dispatch = quote! {
        #label #looping {
            match #cur_var { #(#dispatched)* }
        }
    };
    let finish = if completes {
        let done = Ident::new("__gen_done", proc_macro2::Span::mixed_site());
        let dispatch = frames::resume_callers(input, dispatch, &done);
        quote! {
            let #done = #dispatch;
            #state_var = #state_enum::Returned;
            #krate::__private::Step::Complete(#done)
        }
    } else {
        dispatch
    };
    let signal = Ident::new("__gen_signal", proc_macro2::Span::mixed_site());
    let drop_state = frames::drop_all(input, drop_state(input));
    let waiting = frames::waiting_states(input);
    // User code reaches buffers and owners kept in place through
    // references: `&v` is written `&(*v)`.
    let reached_by_reference = ir.bindings.ids().any(|b| storage.is_buffer(ir, b));
    let allow_deref = reached_by_reference.then(|| quote!(#[allow(clippy::borrow_deref_ref)]));
    let step_ty = quote!(#krate::__private::Step<#yield_ty, #return_ty>);
    let body = quote! {
        {
            let #arg = match #signal {
                ::core::option::Option::Some(#arg) => #arg,
                ::core::option::Option::None => {
                    #drop_state
                    return #krate::__private::Step::Exhausted;
                }
            };
            #[allow(unused_mut)]
            let mut #cur_var = match ::core::mem::replace(&mut #state_var, #state_enum::Poisoned) {
                #state_enum::Unresumed { #(#stored_params),* } => #start
                #(#resumes)*
                #state_enum::Returned => {
                    #state_var = #state_enum::Returned;
                    return #krate::__private::Step::Exhausted;
                }
                #state_enum::Poisoned => return #krate::__private::Step::Poisoned,
                #(#waiting)*
            };
            #finish
        }
    };
    let body = frames::guarded(input, &step_ty, body);
    quote! {
        #[inline(always)]
        #allow_deref
        move |#signal: ::core::option::Option<#resume_ty>| -> #step_ty #body
    }
}
