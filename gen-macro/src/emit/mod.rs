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
//! The fewer the paths back into the dispatch, the better the optimiser
//! sees through the machine once it is inlined: arms that only forward are
//! skipped, the start arm runs before the dispatch, and a transition to the
//! loop an arm runs natively is a `continue`.

mod arm;
mod in_place;
pub(crate) mod names;
mod rewrite;
mod shadow;

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};
use syn::{Attribute, Path, Visibility};

use crate::front::signature::GenSignature;
use crate::ir::Ir;
use crate::plan::arms::{ArmId, ArmKind, ArmPlan};
use crate::plan::{BitSet, Storage};
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
    /// Paths the body invokes `yield_!`/`yield_from!` by.
    pub suspend_paths: &'a [Path],
}

pub(crate) fn generator(input: &Input) -> TokenStream {
    let Input { attrs, vis, sig, krate, ir, .. } = *input;
    let outer = &sig.outer;
    let items = &ir.items;
    let markers = input.suspend_paths.iter().map(|path| quote!(#path!(@__gen_used);));
    let arms = emit_arms(input);
    let enums = enums(input, &arms);
    let slots = slots(input);
    let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
    let params = layout::stored_params(ir).into_iter().map(|i| {
        let field = layout::param_field(i);
        let value = &ir.params[i].value;
        quote!(#field: #value,)
    });
    let machine = machine(input, &arms);
    quote! {
        #(#attrs)*
        #vis #outer {
            #(#items)*
            #(#markers)*
            #enums
            #slots
            let mut #state_var = #state_enum::Unresumed { #(#params)* };
            #krate::__private::gen_fn(#machine)
        }
    }
}

/// The code of every arm, and which resume arms only forward to another.
struct Arms {
    code: Vec<TokenStream>,
    forward: Vec<Option<ArmId>>,
    /// Arms that run before the dispatch loop, where the state is unpacked:
    /// the start arm, when it cannot complete. Its transitions compute the
    /// arm the loop runs first, instead of going back to the loop: the fewer
    /// back edges the loop has, the better the optimiser sees through it
    /// once the generator is inlined.
    before_dispatch: Vec<bool>,
    /// Whether some arm completes the generator.
    completes: bool,
    /// Whether some arm continues with another.
    jumps: bool,
}

impl Arms {
    /// The arms the dispatch loop runs.
    fn dispatched(&self) -> Vec<ArmId> {
        (0..self.forward.len()).filter(|&arm| self.forward[arm].is_none() && !self.before_dispatch[arm]).collect()
    }
}

fn emit_arms(input: &Input) -> Arms {
    let count = input.plan.arms.len();
    // Not resume arms: rustc checks the state match before the dispatch
    // loop, where the stored locals' types are inferred, so their method
    // calls would not resolve there.
    let entered_from_state = |arm: ArmId| input.plan.arms[arm].kind == ArmKind::Start;
    // First the arms that may only forward to another (resume and join
    // arms); then the others, with transitions that skip forwarding arms.
    let candidates: Vec<Option<Emitted>> = (0..count)
        .map(|arm| {
            matches!(input.plan.arms[arm].kind, ArmKind::Resume(_) | ArmKind::Join(_))
                .then(|| emit_arm(input, arm, entered_from_state(arm), &[]))
        })
        .collect();
    let forward: Vec<Option<ArmId>> = candidates.iter().map(|c| c.as_ref().and_then(|c| c.forward)).collect();
    let mut arms = Arms {
        code: Vec::new(),
        forward: forward.iter().map(|f| f.map(|target| arm::resolve_forward(&forward, target))).collect(),
        before_dispatch: vec![false; count],
        jumps: false,
        completes: false,
    };
    let mut emitted: Vec<Option<Emitted>> = Vec::new();
    for (arm, candidate) in candidates.into_iter().enumerate() {
        if arms.forward[arm].is_some() {
            emitted.push(None);
            continue;
        }
        let before = entered_from_state(arm);
        let arm_code = match candidate {
            // Its transitions did not go to forwarding arms: it stands.
            Some(code) if code.transitions.iter().all(|&t| forward[t].is_none()) => code,
            _ => emit_arm(input, arm, before, &forward),
        };
        // An arm that completes the generator breaks out of the dispatch.
        let arm_code = if before && arm_code.completes { emit_arm(input, arm, false, &forward) } else { arm_code };
        arms.before_dispatch[arm] = before && !arm_code.completes;
        emitted.push(Some(arm_code));
    }
    // The dispatch must have an arm left (it has unless no arm can complete
    // and no loop suspends).
    if arms.dispatched().is_empty() {
        for (arm, before) in arms.before_dispatch.iter_mut().enumerate() {
            if std::mem::take(before) {
                emitted[arm] = Some(emit_arm(input, arm, false, &forward));
            }
        }
    }
    for arm_code in emitted {
        let Some(arm_code) = arm_code else {
            arms.code.push(TokenStream::new());
            continue;
        };
        arms.completes |= arm_code.completes;
        arms.jumps |= arm_code.jumps;
        arms.code.push(arm_code.code);
    }
    arms
}

/// One arm's code, and what the rest of the machine needs to know of it.
struct Emitted {
    code: TokenStream,
    /// The arm it only forwards to.
    forward: Option<ArmId>,
    /// The arms it continues with.
    transitions: Vec<ArmId>,
    /// Whether it completes the generator (breaks out of the dispatch loop).
    completes: bool,
    /// Whether it continues the dispatch loop.
    jumps: bool,
}

fn emit_arm(input: &Input, arm: ArmId, before_dispatch: bool, forward: &[Option<ArmId>]) -> Emitted {
    let mut emitter = new_emitter(input, arm, before_dispatch, forward);
    let code = emitter.emit();
    Emitted {
        code,
        forward: emitter.forward_target(),
        transitions: emitter.transitions,
        completes: emitter.rewriter.completes,
        jumps: emitter.rewriter.jumps,
    }
}

/// `__GenState` and `__GenCur`.
fn enums(input: &Input, arms: &Arms) -> TokenStream {
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
            let (field, ty) = (layout::binding_field(b), layout::field_type(storage, arm, b));
            quote!(#field: #ty,)
        });
        quote!({ #(#fields)* })
    };
    let generics = |params: bool, fields: Vec<Ident>, resume: bool| {
        let params = param_types.iter().filter(|_| params).cloned();
        let types = params.chain(fields);
        let types: Vec<Ident> = types.chain(resume.then(layout::resume_type)).collect();
        if types.is_empty() { TokenStream::new() } else { quote!(<#(#types),*>) }
    };
    let (resume_field, resume_type) = (layout::resume_field(), layout::resume_type());

    let persisted = layout::persisted_arms(plan);
    let state_generics = generics(true, layout::field_types(storage, &persisted), false);
    let state_variants = persisted.iter().map(|&arm| {
        let variant = layout::state_variant(arm);
        let fields = fields_of(arm);
        quote!(#variant #fields,)
    });
    let dispatched = arms.dispatched();
    let start = !arms.before_dispatch[0];
    let takes_resume = dispatched.iter().any(|&arm| layout::takes_resume_arg(plan, arm));
    let cur_generics = generics(start, layout::field_types(storage, &dispatched), takes_resume);
    let start_variant = start.then(|| quote!(Start { #(#param_fields)* #resume_field: #resume_type, },));
    let cur_variants = dispatched.iter().filter(|&&arm| plan.arms[arm].kind != ArmKind::Start).map(|&arm| {
        let variant = layout::cur_variant(plan, arm);
        let fields = storage.fields[arm].iter().rev().map(|&b| {
            let (field, ty) = (layout::binding_field(b), layout::field_type(storage, arm, b));
            quote!(#field: #ty,)
        });
        let resume = layout::takes_resume_arg(plan, arm).then(|| quote!(#resume_field: #resume_type,));
        quote!(#variant { #(#fields)* #resume },)
    });
    let (state_enum, cur_enum) = (layout::state_enum(), layout::cur_enum());
    let allow =
        quote!(#[allow(non_camel_case_types, dead_code, clippy::large_enum_variant, clippy::enum_variant_names)]);
    let parts = storage.parts.iter().enumerate().map(|(index, parts)| parts_struct(index, parts));
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
fn parts_struct(index: usize, parts: &crate::plan::Parts) -> TokenStream {
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
    for (slot, members) in input.storage.slots.iter().enumerate() {
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
        // No trait impl: coherence checks every impl of a trait against
        // every other, so one per generator would cost quadratic time.
        code.extend(quote! {
            #[allow(non_camel_case_types, clippy::large_enum_variant)]
            enum #name<#(#types),*> { Empty, #(#variants(#types),)* }
            let mut #var = #name::Empty;
        });
    }
    code
}

fn new_emitter<'a>(
    input: &Input<'a>,
    arm: ArmId,
    before_dispatch: bool,
    forward: &'a [Option<ArmId>],
) -> arm::ArmEmitter<'a> {
    let Input { krate, ir, plan, storage, .. } = *input;
    arm::ArmEmitter {
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
        names: Vec::new(),
        statements: 0,
        transitions: Vec::new(),
        before_dispatch,
        forward,
        dropping: false,
    }
}

/// What the closure does when the generator is dropped: drops the state,
/// and where a suspension point has values in slots, drops those and the
/// state's values in the order of their scopes (see
/// [`arm::ArmEmitter::emit_drop`]).
fn drop_state(input: &Input) -> TokenStream {
    let Input { plan, storage, .. } = *input;
    let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
    let ordered: Vec<TokenStream> = layout::persisted_arms(plan)
        .into_iter()
        .filter_map(|arm| {
            let mut emitter = new_emitter(input, arm, false, &[]);
            if !emitter.holds_slots() {
                return None;
            }
            let code = emitter.emit_drop();
            let variant = layout::state_variant(arm);
            let fields = storage.fields[arm].iter().map(|&b| layout::binding_field(b));
            Some(quote!(#state_enum::#variant { #(#fields),* } => #code))
        })
        .collect();
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

/// The `let` of a buffer kept in place.
fn buffer_init(block: &crate::ir::Block, binding: usize) -> Option<&crate::ir::Let> {
    block.stmts.iter().find_map(|stmt| match stmt {
        crate::ir::Stmt::Let(x) if x.bindings == [binding] => Some(x),
        _ => stmt.children().into_iter().find_map(|(_, child)| buffer_init(child, binding)),
    })
}

/// The closure that runs the state machine until its next suspension.
fn machine(input: &Input, arms: &Arms) -> TokenStream {
    let Input { sig, krate, ir, plan, storage, .. } = *input;
    let (state_var, state_enum, cur_var, cur_enum, arg) =
        (layout::state_var(), layout::state_enum(), layout::cur_var(), layout::cur_enum(), layout::arg_var());
    let resume_ty = input.resume_ty.cloned().unwrap_or_else(|| syn::parse_quote!(()));
    let (yield_ty, return_ty) = (&sig.closure_yield_ty, &sig.closure_return_ty);

    let stored_params: Vec<Ident> = layout::stored_params(ir).into_iter().map(layout::param_field).collect();
    let resume_field = layout::resume_field();
    let before_dispatch = |arm: ArmId| {
        let (label, code) = (arm::entry_label(), &arms.code[arm]);
        quote!({
            #[allow(unused_variables)]
            let #resume_field = #arg;
            #label: #code
        })
    };
    let resumes = layout::persisted_arms(plan).into_iter().map(|arm| {
        let from = layout::state_variant(arm);
        let fields: Vec<Ident> = storage.fields[arm].iter().map(|&b| layout::binding_field(b)).collect();
        match arms.forward[arm] {
            None if arms.before_dispatch[arm] => {
                let code = before_dispatch(arm);
                quote!(#state_enum::#from { #(#fields),* } => #code)
            }
            None => {
                let to = layout::cur_variant(plan, arm);
                quote!(#state_enum::#from { #(#fields),* } => #cur_enum::#to { #(#fields,)* #resume_field: #arg },)
            }
            Some(target) => {
                let to = layout::cur_variant(plan, target);
                let passed: Vec<Ident> = storage.fields[target].iter().map(|&b| layout::binding_field(b)).collect();
                // The argument of a `()` resume needs no dropping.
                let drop_arg = input.resume_ty.is_some().then(|| quote!(::core::mem::drop(#arg);));
                quote!(#state_enum::#from { #(#fields),* } => {
                    #drop_arg
                    #cur_enum::#to { #(#passed),* }
                })
            }
        }
    });

    let (completes, jumps) = (arms.completes, arms.jumps);
    let start = if arms.before_dispatch[0] {
        before_dispatch(0)
    } else {
        quote!(#cur_enum::Start { #(#stored_params,)* #resume_field: #arg },)
    };
    let dispatched: Vec<TokenStream> = arms
        .dispatched()
        .into_iter()
        .map(|arm| {
            let variant = layout::cur_variant(plan, arm);
            let mut fields: Vec<Ident> = match plan.arms[arm].kind {
                ArmKind::Start => stored_params.clone(),
                _ => storage.fields[arm].iter().map(|&b| layout::binding_field(b)).collect(),
            };
            if layout::takes_resume_arg(plan, arm) {
                fields.push(resume_field.clone());
            }
            let code = &arms.code[arm];
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
        quote! {
            let #done = #dispatch;
            #state_var = #state_enum::Returned;
            #krate::__private::Step::Complete(#done)
        }
    } else {
        dispatch
    };
    let signal = Ident::new("__gen_signal", proc_macro2::Span::mixed_site());
    let drop_state = drop_state(input);
    quote! {
        #[inline(always)]
        move |#signal: ::core::option::Option<#resume_ty>| -> #krate::__private::Step<#yield_ty, #return_ty> {
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
            };
            #finish
        }
    }
}
