//! The function's signature: what is accepted, and the signature of the
//! function the expansion emits.
//!
//! The emitted function keeps the user's name, generics, parameters (minus
//! `mut` on bindings, which move into the state machine), `where` clause,
//! visibility and attributes. Its return type becomes
//! `impl Generator<R, Yield = Y, Return = T>` (plus `Iterator` and
//! `FusedIterator` when `R` is `()`), where `T` is the declared return type.
//!
//! Elided lifetimes in parameters get names (`'__gen_l0`, ..) so that the
//! returned `impl Trait` can capture them in every edition; elided lifetimes
//! in `Y` and `T` follow the usual output elision rules.

use proc_macro2::{Ident, Span};
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, FnArg, GenericParam, Lifetime, Pat, ReturnType, Signature, Type};

use crate::diag::Diagnostics;
use crate::front::args::Args;

/// A parameter as the body sees it.
pub(crate) struct ParamSpec {
    /// The pattern that binds it at the start of the body.
    pub pat: Pat,
    /// The outer function's expression that holds its value, or `None` for
    /// the first resume argument.
    pub value: Option<Expr>,
    /// The hidden binding for `self`.
    pub hidden: bool,
    /// A reference or a primitive: no drop glue.
    pub no_drop: bool,
    /// What its declared type says it holds.
    pub holds: Holds,
}

/// What a parameter's declared type says it holds, as far as loops over it
/// care.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Holds {
    /// A `String`: its `str` methods have cursors.
    String,
    /// Another standard collection (see `syntax::types::is_collection`):
    /// its borrowing methods certainly borrow it.
    Collection,
    Other,
}

impl Holds {
    fn of(ty: &Type) -> Holds {
        if crate::syntax::types::is_string(ty) {
            Holds::String
        } else if crate::syntax::types::is_collection(ty) {
            Holds::Collection
        } else {
            Holds::Other
        }
    }
}

pub(crate) struct GenSignature {
    /// The signature of the emitted function.
    pub outer: Signature,
    pub params: Vec<ParamSpec>,
    pub has_receiver: bool,
    /// The types to spell in the state machine closure's signature, with
    /// `impl Trait` replaced by `_`.
    pub closure_yield_ty: Type,
    pub closure_return_ty: Type,
}

/// The hidden name `self` is renamed to in the body.
pub(crate) fn self_ident() -> Ident {
    Ident::new("__gen_self", Span::mixed_site())
}

/// Checks the signature and builds the emitted one. Problems are reported
/// to `diag`; the result is still usable for emitting the function.
pub(crate) fn analyze(sig: &Signature, args: &Args, diag: &mut Diagnostics) -> GenSignature {
    reject_qualifiers(sig, diag);
    let mut outer = sig.clone();
    name_elided_lifetimes(&mut outer);
    let output_lifetime = output_lifetime(&outer);
    let (params, has_receiver) = params(&mut outer);

    let mut return_ty = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    let mut yield_ty = args.yield_ty.clone();
    if let Some(lifetime) = &output_lifetime {
        FillElided(|_| lifetime.clone()).visit_type_mut(&mut return_ty);
        FillElided(|_| lifetime.clone()).visit_type_mut(&mut yield_ty);
    }
    outer.output = output_type(&outer, args, &yield_ty, &return_ty);
    let mut closure_yield_ty = yield_ty.clone();
    let mut closure_return_ty = return_ty.clone();
    InferImplTrait.visit_type_mut(&mut closure_yield_ty);
    InferImplTrait.visit_type_mut(&mut closure_return_ty);
    GenSignature { outer, params, has_receiver, closure_yield_ty, closure_return_ty }
}

/// The signature rustdoc shows: the one a user would write, without the
/// names given to elided lifetimes and the `Captures` bound that make the
/// emitted one capture them in edition 2021 too (edition 2024 captures them
/// by itself).
pub(crate) fn documented(sig: &Signature, args: &Args) -> Signature {
    let mut sig = sig.clone();
    let return_ty = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    let span = sig.output.span();
    let bounds = generator_bounds(args, &args.yield_ty, &return_ty, span);
    sig.output = syn::parse_quote_spanned!(span=> -> impl #bounds);
    sig
}

/// `Generator<R, Yield = Y, Return = T>`, and `FusedIterator<Item = Y>`
/// when `R` is `()` (which implies `Iterator`).
fn generator_bounds(args: &Args, yield_ty: &Type, return_ty: &Type, span: Span) -> proc_macro2::TokenStream {
    let krate = &args.krate;
    let resume_ty = args.resume_ty.clone().unwrap_or_else(|| syn::parse_quote!(()));
    let mut bounds = quote_spanned!(span=> #krate::Generator<#resume_ty, Yield = #yield_ty, Return = #return_ty>);
    if args.resume_ty.is_none() {
        bounds.extend(quote_spanned!(span=> + ::core::iter::FusedIterator<Item = #yield_ty>));
    }
    bounds
}

/// The signature of the stand-in emitted for a rejected function: the
/// generator's, without the qualifiers a generator cannot have, and with
/// `()` for a yield or completion type that contains an `impl Trait`, which
/// the stand-in's body could not give a hidden type.
pub(crate) fn stub(sig: &Signature, args: &Args) -> Signature {
    let mut sig = sig.clone();
    sig.asyncness = None;
    sig.constness = None;
    sig.abi = None;
    sig.variadic = None;
    if matches!(&sig.output, ReturnType::Type(_, ty) if contains_impl_trait(ty)) {
        sig.output = ReturnType::Default;
    }
    let mut args = args.clone();
    if contains_impl_trait(&args.yield_ty) {
        args.yield_ty = syn::parse_quote!(());
    }
    analyze(&sig, &args, &mut Diagnostics::default()).outer
}

fn contains_impl_trait(ty: &Type) -> bool {
    struct Find(bool);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.0
}

fn reject_qualifiers(sig: &Signature, diag: &mut Diagnostics) {
    if let Some(token) = &sig.asyncness {
        diag.error(token, "`#[generator]` cannot be used on an `async fn`: async generators are not supported yet");
    }
    if let Some(token) = &sig.constness {
        diag.error(token, "`#[generator]` cannot be used on a `const fn`");
    }
    if let Some(token) = &sig.unsafety {
        diag.error(token, "`#[generator]` cannot be used on an `unsafe fn`: its body runs later, in `resume`, where the caller's promise no longer applies");
    }
    if let Some(abi) = &sig.abi {
        diag.error(abi, "`#[generator]` cannot be used on an `extern` function");
    }
    if let Some(variadic) = &sig.variadic {
        diag.error(variadic, "`#[generator]` cannot be used on a variadic function");
    }
}

/// Rewrites the parameters of the emitted function and describes how the
/// body binds them.
fn params(outer: &mut Signature) -> (Vec<ParamSpec>, bool) {
    let mut specs = Vec::new();
    let mut has_receiver = false;
    for (index, input) in outer.inputs.iter_mut().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                has_receiver = true;
                let name = self_ident();
                // `mut self` binds mutably; `&mut self` is a reference type.
                let by_value_mut = receiver.reference.is_none() && receiver.mutability.take().is_some();
                let pat: Pat = if by_value_mut { syn::parse_quote!(mut #name) } else { syn::parse_quote!(#name) };
                let no_drop = receiver.reference.is_some() || matches!(&*receiver.ty, Type::Reference(_));
                specs.push(ParamSpec {
                    pat,
                    value: Some(syn::parse_quote_spanned!(receiver.self_token.span=> self)),
                    hidden: true,
                    no_drop,
                    holds: Holds::Other,
                });
            }
            FnArg::Typed(typed) => {
                let no_drop = crate::syntax::types::no_drop_type(&typed.ty);
                let holds = Holds::of(&typed.ty);
                match &mut *typed.pat {
                    Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
                        let body_pat = Pat::Ident(p.clone());
                        p.mutability = None;
                        let ident = &p.ident;
                        specs.push(ParamSpec {
                            pat: body_pat,
                            value: Some(syn::parse_quote!(#ident)),
                            hidden: false,
                            no_drop,
                            holds,
                        });
                    }
                    pat => {
                        let name = Ident::new(&format!("__gen_arg{index}"), Span::mixed_site());
                        // `_` binds nothing, but a plain function still drops
                        // the argument when it returns: a hidden binding
                        // keeps it that long.
                        let body_pat = if matches!(pat, Pat::Wild(_)) { syn::parse_quote!(#name) } else { pat.clone() };
                        *pat = syn::parse_quote!(#name);
                        specs.push(ParamSpec {
                            pat: body_pat,
                            value: Some(syn::parse_quote!(#name)),
                            hidden: false,
                            no_drop,
                            holds,
                        });
                    }
                }
            }
        }
    }
    (specs, has_receiver)
}

fn output_type(outer: &Signature, args: &Args, yield_ty: &Type, return_ty: &Type) -> ReturnType {
    let krate = &args.krate;
    let span = outer.output.span();
    let mut bounds = generator_bounds(args, yield_ty, return_ty, span);
    let lifetimes: Vec<&Lifetime> = outer
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Lifetime(l) => Some(&l.lifetime),
            _ => None,
        })
        .collect();
    if !lifetimes.is_empty() {
        bounds.extend(quote_spanned!(span=> + #krate::__private::Captures<(#(&#lifetimes (),)*)>));
    }
    syn::parse_quote_spanned!(span=> -> impl #bounds)
}

/// Gives every elided lifetime of the parameters a name.
fn name_elided_lifetimes(sig: &mut Signature) {
    let mut named: Vec<Lifetime> = Vec::new();
    let mut fill = FillElided(|span| {
        let lifetime = Lifetime::new(&format!("'__gen_l{}", named.len()), span);
        named.push(lifetime.clone());
        lifetime
    });
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                if let Some((_, lifetime)) = &mut receiver.reference {
                    fill.fill(lifetime);
                    if let Type::Reference(r) = &mut *receiver.ty {
                        r.lifetime.clone_from(lifetime);
                    }
                } else {
                    fill.visit_type_mut(&mut receiver.ty);
                }
            }
            FnArg::Typed(typed) => fill.visit_type_mut(&mut typed.ty),
        }
    }
    for lifetime in &named {
        sig.generics.params.push(syn::parse_quote!(#lifetime));
    }
    // Lifetime parameters must come first.
    let params = std::mem::take(&mut sig.generics.params);
    let (lifetimes, others): (Vec<_>, Vec<_>) =
        params.into_iter().partition(|p| matches!(p, GenericParam::Lifetime(_)));
    sig.generics.params.extend(lifetimes);
    sig.generics.params.extend(others);
    if sig.generics.lt_token.is_none() && !sig.generics.params.is_empty() {
        sig.generics.lt_token = Some(syn::token::Lt::default());
        sig.generics.gt_token = Some(syn::token::Gt::default());
    }
}

/// The lifetime elided lifetimes of the output refer to, following the
/// rules for functions: `&self`'s, or the only one among the parameters.
fn output_lifetime(sig: &Signature) -> Option<Lifetime> {
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        if let Some((_, Some(lifetime))) = &receiver.reference {
            return Some(lifetime.clone());
        }
    }
    let mut all = Vec::new();
    for input in &sig.inputs {
        let mut collect = CollectLifetimes(&mut all);
        match input {
            FnArg::Receiver(r) => collect.visit_type_mut(&mut r.ty.clone()),
            FnArg::Typed(t) => collect.visit_type_mut(&mut t.ty.clone()),
        }
    }
    match all.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// Fills the elided lifetimes of types (`&T`, `'_`) with the lifetimes
/// `fill` gives, one call per elided lifetime. Not those of `fn(&T)` and
/// `Fn(&T)`, which are higher-ranked, not elided parameters.
struct FillElided<F>(F);

impl<F: FnMut(Span) -> Lifetime> FillElided<F> {
    fn fill(&mut self, slot: &mut Option<Lifetime>) {
        match slot {
            Some(l) if l.ident == "_" => *slot = Some((self.0)(l.span())),
            Some(_) => {}
            None => *slot = Some((self.0)(Span::call_site())),
        }
    }
}

impl<F: FnMut(Span) -> Lifetime> VisitMut for FillElided<F> {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        self.fill(&mut r.lifetime);
        syn::visit_mut::visit_type_reference_mut(self, r);
    }
    fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
        if l.ident == "_" {
            *l = (self.0)(l.span());
        }
    }
    fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}
    fn visit_parenthesized_generic_arguments_mut(&mut self, _: &mut syn::ParenthesizedGenericArguments) {}
}

/// Collects the lifetimes types name, `'static` aside (not the
/// higher-ranked ones, as [`FillElided`]).
struct CollectLifetimes<'a>(&'a mut Vec<Lifetime>);

impl VisitMut for CollectLifetimes<'_> {
    fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
        if l.ident != "static" && !self.0.iter().any(|x| x.ident == l.ident) {
            self.0.push(l.clone());
        }
    }
    fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}
    fn visit_parenthesized_generic_arguments_mut(&mut self, _: &mut syn::ParenthesizedGenericArguments) {}
}

/// `impl Trait` cannot be written in a closure's signature; `_` lets the
/// compiler infer it there.
struct InferImplTrait;

impl VisitMut for InferImplTrait {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if matches!(ty, Type::ImplTrait(_)) {
            *ty = Type::Infer(syn::TypeInfer { underscore_token: syn::token::Underscore::default() });
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}
