//! The stack of callers of a generator that delegates to itself (see
//! `lower/self_delegation.rs`). Nothing here is emitted for the others.
//!
//! ```text
//! let mut state = State::Unresumed { .. };
//! let mut stack = frames_of(&state);              // a Vec of the state enum
//! gen_fn(move |signal| -> Step<Y, T> {
//!     let mut frames = Frames::new(&mut stack);   // drops the callers if the body panics
//!     let step = run_once(|| -> Step<Y, T> {
//!         let arg = match signal { Some(arg) => arg, None => { /* state, then each caller */ } };
//!         let mut cur = match replace(&mut state, Poisoned) { .., _ => unreachable!() };
//!         let done = loop {
//!             let done = 'dispatch: loop {
//!                 match cur {
//!                     // `let n = yield_from!(walk(child));`
//!                     A3 { b1 } => {
//!                         let y = (child, ());
//!                         frames.push(State::Resume5 { b1 });
//!                         let (p0, resume) = y;
//!                         cur = Cur::Start { p0, resume };
//!                         continue 'dispatch;
//!                     }
//!                     A5 { b1, callee } => { let r: T = callee; let n = r; .. }
//!                     ..
//!                 }
//!             };
//!             // The running body completed: its caller, if any, resumes.
//!             match frames.pop() {
//!                 None => break done,
//!                 Some(State::Resume5 { b1 }) => cur = Cur::A5 { b1, callee: done },
//!                 Some(_) => unreachable!(),
//!             }
//!         };
//!         state = Returned;
//!         Step::Complete(done)
//!     });
//!     forget(frames);
//!     step
//! })
//! ```
//!
//! The running body's state is the generator's state, as in any generator,
//! so a resume goes straight to the innermost body and costs the same at
//! every depth. The stack only grows: its storage is reused.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};

use super::{Input, field_names, layout};

/// Whether the generator delegates to itself.
fn delegates(input: &Input) -> bool {
    input.ir.delegates_to_self()
}

/// `let mut stack = frames_of(&state);`, after the state's `let`.
pub(super) fn stack(input: &Input) -> TokenStream {
    if !delegates(input) {
        return TokenStream::new();
    }
    let (krate, stack, state) = (input.krate, layout::frame_stack(), layout::state_var());
    quote!(let mut #stack = #krate::__private::frames_of(&#state);)
}

/// The closure's body, run inside the guard that drops the callers if it
/// panics.
pub(super) fn guarded(input: &Input, step_ty: &TokenStream, body: TokenStream) -> TokenStream {
    if !delegates(input) {
        return body;
    }
    let (krate, stack, frames) = (input.krate, layout::frame_stack(), layout::frames());
    let step = Ident::new("__gen_step", proc_macro2::Span::mixed_site());
    quote!({
        let mut #frames = #krate::__private::Frames::new(&mut #stack);
        let #step = #krate::__private::run_once(#[inline(always)] || -> #step_ty #body);
        ::core::mem::forget(#frames);
        #step
    })
}

/// The dispatch loop, run again for each caller when the body it waits for
/// completes, with the completion value: the value of the whole is the
/// outermost body's.
pub(super) fn resume_callers(input: &Input, dispatch: TokenStream, done: &Ident) -> TokenStream {
    if !delegates(input) {
        return dispatch;
    }
    let (cur_var, frames) = (layout::cur_var(), layout::frames());
    let callers = callers(input, &done.to_token_stream())
        .into_iter()
        .map(|(state, cur)| quote!(::core::option::Option::Some(#state) => { #cur_var = #cur; }));
    quote!(loop {
        let #done = #dispatch;
        #[allow(unreachable_patterns)]
        match #frames.pop() {
            ::core::option::Option::None => break #done,
            #(#callers)*
            ::core::option::Option::Some(_) => ::core::unreachable!(),
        }
    })
}

/// The arms of the match on the state for the states of waiting callers,
/// which are only ever on the stack. They are never taken, but they make
/// the caller's arm of `__GenCur` from the state's fields before the
/// dispatch, as every resume arm does: that is what tells rustc the types
/// of those fields where the caller's code uses them (a method call on a
/// local kept across the call is E0282 otherwise).
pub(super) fn waiting_states(input: &Input) -> Vec<TokenStream> {
    let krate = input.krate;
    let never = quote!(#krate::__private::never());
    callers(input, &never).into_iter().map(|(state, cur)| quote!(#state => #cur,)).collect()
}

/// For each state of a waiting caller: its pattern (`State::Resume5 { b1
/// }`), and the caller's arm of `__GenCur` made from it with `callee` as the
/// callee's value (`Cur::A5 { b1, callee }`).
fn callers(input: &Input, callee: &TokenStream) -> Vec<(TokenStream, TokenStream)> {
    let Input { ir, plan, .. } = *input;
    let (state_enum, cur_enum, field) = (layout::state_enum(), layout::cur_enum(), layout::callee_field());
    let waiting = layout::persisted_arms(plan).into_iter().filter(|&arm| layout::takes_callee_value(ir, plan, arm));
    waiting
        .map(|arm| {
            let (from, to) = (layout::state_variant(arm), layout::cur_variant(plan, arm));
            let fields = field_names(input, arm);
            (quote!(#state_enum::#from { #(#fields),* }), quote!(#cur_enum::#to { #(#fields,)* #field: #callee }))
        })
        .collect()
}

/// Dropping the generator: the running body's state, then each caller's,
/// innermost first, as a plain recursion unwinds.
pub(super) fn drop_all(input: &Input, drop_state: TokenStream) -> TokenStream {
    if !delegates(input) {
        return drop_state;
    }
    let (state, frames) = (layout::state_var(), layout::frames());
    quote!(loop {
        #drop_state
        match #frames.pop() {
            ::core::option::Option::Some(caller) => #state = caller,
            ::core::option::Option::None => break,
        }
    })
}
