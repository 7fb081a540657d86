//! Wiring of the phases, and what is emitted when the input is rejected.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;
use syn::visit_mut::VisitMut;

use crate::diag::Diagnostics;
use crate::emit;
use crate::front::args::{self, Args};
use crate::front::cfg;
use crate::front::completion;
use crate::front::recursion;
use crate::front::signature::{self, Holds, ParamSpec};
use crate::front::suspend;
use crate::lower;
use crate::plan;
use crate::plan::arms::ArmPlan;

pub(crate) fn generator(args: &TokenStream, input: &TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(input.clone()) {
        Ok(function) => function,
        Err(error) => {
            let error = syn::Error::new(error.span(), "`#[generator]` must be applied to a function with a body");
            return with_errors(input, &error);
        }
    };
    let mut diag = Diagnostics::default();
    let parsed = args::parse(args, &mut diag);
    // `#[cfg]`s in the body are left to rustc first (see `cfg`).
    let copies =
        parsed.as_ref().filter(|_| diag.is_empty()).and_then(|p| cfg::resolve_first(&function, args, &p.krate));
    if let Some(copies) = copies {
        return copies;
    }
    let expanded = parsed.as_ref().map(|args| expand(&function, args, &mut diag));
    match diag.take() {
        None => match parsed.as_ref() {
            Some(args) => with_documented(&function, args, &expanded.unwrap_or_default()),
            None => expanded.unwrap_or_default(),
        },
        Some(error) => with_errors(&rejected(function, parsed.as_ref()), &error),
    }
}

fn expand(function: &ItemFn, args: &Args, diag: &mut Diagnostics) -> TokenStream {
    let sig = signature::analyze(&function.sig, args, diag);
    completion::check(&function.sig.output, &function.block, diag);
    let self_calls = recursion::check(function, args, diag);
    let mut body = (*function.block).clone();
    let placement = suspend::check_placement(&mut body);
    if sig.has_receiver {
        RenameSelf.visit_block_mut(&mut body);
    }
    let mut params: Vec<ParamSpec> = sig
        .params
        .iter()
        .map(|p| ParamSpec {
            pat: p.pat.clone(),
            value: p.value.clone(),
            hidden: p.hidden,
            no_drop: p.no_drop,
            holds: p.holds,
        })
        .collect();
    if let Some(first) = &args.first {
        let ident = &first.ident;
        let pat = if first.mutable { syn::parse_quote!(mut #ident) } else { syn::parse_quote!(#ident) };
        params.push(ParamSpec { pat, value: None, hidden: false, no_drop: false, holds: Holds::Other });
    }
    let ir = lower::lower(
        &body,
        &params,
        &args.krate,
        args.resume_ty.as_ref(),
        &sig.closure_yield_ty,
        self_calls.as_ref(),
        diag,
    );
    let arms = ArmPlan::build(&ir);
    let storage = plan::storage(&ir, &arms);
    let self_borrows = plan::self_borrow::check(&ir, &arms, &storage);
    if !self_borrows.is_empty() {
        for error in self_borrows {
            diag.push(error);
        }
        return TokenStream::new();
    }
    let machine = plan::machine::build(plan::walk::Context { ir: &ir, plan: &arms, storage: &storage });
    emit::generator(&emit::Input {
        attrs: &function.attrs,
        vis: &function.vis,
        sig: &sig,
        resume_ty: args.resume_ty.as_ref(),
        krate: &args.krate,
        ir: &ir,
        plan: &arms,
        storage: &storage,
        machine: &machine,
        suspend_paths: &placement.paths,
    })
}

/// The function, for IDEs, next to the errors: it returns a stand-in
/// generator (`__private::Rejected`), so that callers type-check and see no
/// error of their own, and keeps the body, with its suspension points
/// silenced, in a closure that is never called, where rustc still reports
/// the body's own errors. Warnings are off: the build fails anyway.
///
/// ```text
/// fn name(params) -> impl Generator<R, Yield = Y, Return = T> + .. {
///     let _ = move |first: R| -> T { let mut p = p; ..body.. };
///     ::gen_runtime::__private::rejected()
/// }
/// ```
fn rejected(mut function: ItemFn, args: Option<&Args>) -> TokenStream {
    suspend::silence(&mut function.block);
    let fallback = Args::fallback();
    let args = args.unwrap_or(&fallback);
    let body_sig = signature::analyze(&function.sig, args, &mut Diagnostics::default());
    let outer = signature::stub(&function.sig, args);
    // `self` is left as it is: the closure captures it.
    let binds = body_sig.params.iter().filter(|p| !p.hidden).map(|p| {
        let (pat, value) = (&p.pat, &p.value);
        quote!(let #pat = #value;)
    });
    let first = args.first.as_ref().map(|first| {
        let (mutability, ident) = (first.mutable.then(|| quote!(mut)), &first.ident);
        let resume_ty = args.resume_ty.clone().unwrap_or_else(|| syn::parse_quote!(()));
        quote!(#mutability #ident: #resume_ty)
    });
    let asyncness = function.sig.asyncness;
    let return_ty = &body_sig.closure_return_ty;
    let stmts = &function.block.stmts;
    let (attrs, vis, krate) = (&function.attrs, &function.vis, &args.krate);
    quote! {
        #(#attrs)*
        #[allow(unused, unreachable_code)]
        #vis #outer {
            let _ = #asyncness move |#first| -> #return_ty { #(#binds)* #(#stmts)* };
            #krate::__private::rejected()
        }
    }
}

/// `item` for the compiler, and for rustdoc (`cfg(doc)`) a function with
/// the signature a user would write (see [`signature::documented`]) and the
/// body of a stand-in: rustdoc does not look into bodies.
fn with_documented(function: &ItemFn, args: &Args, item: &TokenStream) -> TokenStream {
    let sig = signature::documented(&function.sig, args);
    let (attrs, vis, krate) = (&function.attrs, &function.vis, &args.krate);
    quote! {
        #[cfg(not(doc))]
        #item
        #[cfg(doc)]
        #(#attrs)*
        #[allow(unused)]
        #vis #sig {
            #krate::__private::rejected()
        }
    }
}

fn with_errors(item: &TokenStream, error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote!(#errors #item)
}

/// Renames `self` in the body to a hidden binding, which the state machine
/// can carry like any other (`self` itself cannot be re-declared).
struct RenameSelf;

impl VisitMut for RenameSelf {
    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        if e.qself.is_none() && e.path.is_ident("self") {
            let span = e.path.segments[0].ident.span();
            let mut renamed = signature::self_ident();
            renamed.set_span(renamed.span().located_at(span));
            e.path.segments[0].ident = renamed;
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = rename_self_tokens(mac.tokens.clone());
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

fn rename_self_tokens(tokens: TokenStream) -> TokenStream {
    crate::syntax::rename::locals_in_tokens(tokens, &mut |ident| {
        (ident == "self").then(|| {
            let mut renamed = signature::self_ident();
            renamed.set_span(renamed.span().located_at(ident.span()));
            quote!(#renamed)
        })
    })
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;

    fn expand(args: &TokenStream, function: &TokenStream) -> TokenStream {
        super::generator(args, function)
    }

    fn idents(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) => out.push(ident.to_string()),
                TokenTree::Group(group) => idents(group.stream(), out),
                _ => {}
            }
        }
    }

    /// Every user statement appears once in the expansion, however many
    /// arms of the state machine can reach the code after it.
    #[test]
    fn every_statement_is_emitted_once() {
        let function = quote! {
            fn body(n: u32) -> u32 {
                m0();
                let mut total = 0;
                'outer: for i in 0..n {
                    m1();
                    if i % 2 == 0 {
                        m2();
                        yield_!(i);
                        m3();
                    } else if i % 3 == 0 {
                        m4();
                        continue 'outer;
                    } else {
                        m5();
                    }
                    m6();
                    match i {
                        0 => { m7(); yield_!(0); m8(); }
                        x if yield_!(x) == () => m9(),
                        _ => break 'outer,
                    }
                    m10();
                    let v = 'block: { m11(); if i > 5 { break 'block yield_!(i); } m12() };
                    while m13() { yield_!(m14()); }
                    total += m15(v);
                }
                m16();
                total
            }
        };
        let mut found = Vec::new();
        idents(expand(&quote!(yield = u32), &function), &mut found);
        for marker in 0..=16 {
            let name = format!("m{marker}");
            assert_eq!(found.iter().filter(|i| **i == name).count(), 1, "`{name}` in the expansion");
        }
        assert!(!found.iter().any(|i| i == "unsafe"), "the expansion contains `unsafe`");
    }

    fn sequential_yields(count: usize) -> TokenStream {
        let steps = (0..count).map(|i| {
            let i = u32::try_from(i).unwrap_or(0);
            quote!(total += #i; yield_!(total);)
        });
        quote!(fn body() { let mut total = 0u32; #(#steps)* })
    }

    /// The compile-time benchmark of issue 5 (timings are not asserted):
    /// `cargo test -p gen-macro --release -- --ignored --nocapture expansion_cost`
    #[test]
    #[ignore = "a benchmark: run it with --ignored --nocapture"]
    fn expansion_cost() {
        for count in [1000, 2000] {
            let body = sequential_yields(count);
            let start = std::time::Instant::now();
            let output = expand(&quote!(yield = u32), &body).to_string();
            let elapsed = start.elapsed();
            println!("{count} yields: expanded in {elapsed:.2?}, {} bytes of output", output.len());
        }
    }

    #[test]
    #[ignore = "a benchmark: run it with --ignored --nocapture"]
    fn expansion_cost_of_small_functions() {
        let function = quote! {
            fn g(n: u64) {
                let mut acc = 7u64;
                for k in 0..n {
                    if k % 3 == 1 {
                        yield_!(acc.wrapping_add(k));
                    }
                    acc = acc.wrapping_mul(31).wrapping_add(k);
                }
                yield_!(acc);
            }
        };
        let start = std::time::Instant::now();
        for _ in 0..200 {
            expand(&quote!(yield = u64), &function);
        }
        println!("200 small functions expanded in {:.2?}", start.elapsed());
    }

    /// `depth` `for` loops over ranges, nested, the innermost yielding the
    /// sum of every loop's item.
    fn nested_loops(depth: usize) -> TokenStream {
        let items: Vec<proc_macro2::Ident> = (0..depth).map(|i| quote::format_ident!("i{}", i)).collect();
        let mut body = quote!(yield_!(0 #(+ #items)*););
        for item in items.iter().rev() {
            body = quote!(for #item in 0..n { #body });
        }
        quote!(fn body(n: u32) { #body })
    }

    /// Expansion size by nesting depth (the sizes are printed, not
    /// asserted): `cargo test -p gen-macro -- --ignored --nocapture
    /// expansion_size_by_nesting_depth`
    #[test]
    #[ignore = "a measurement: run it with --ignored --nocapture"]
    fn expansion_size_by_nesting_depth() {
        for depth in [1, 2, 4, 8, 16, 32] {
            let start = std::time::Instant::now();
            let size = expand(&quote!(yield = u32), &nested_loops(depth)).to_string().len();
            println!("depth {depth}: {size} bytes, expanded in {:.2?}", start.elapsed());
        }
    }

    /// Loops nested twice as deep, about twice the expansion. (Before
    /// bundles, 16 → 32 levels took 62 KB → 213 KB: each loop's arm named
    /// every value of the loops around it.)
    #[test]
    fn expansion_size_grows_linearly_with_nesting_depth() {
        let size = |depth| expand(&quote!(yield = u32), &nested_loops(depth)).to_string().len();
        let (shallow, deep) = (size(16), size(32));
        let ratio = f64::from(u32::try_from(deep).unwrap_or(u32::MAX)) / f64::from(u32::try_from(shallow).unwrap_or(1));
        assert!(ratio < 2.25, "16 levels: {shallow} bytes, 32 levels: {deep} bytes");
    }

    /// Twice the body, about twice the expansion (not four times).
    #[test]
    fn expansion_size_grows_linearly() {
        let size = |count| expand(&quote!(yield = u32), &sequential_yields(count)).to_string().len();
        let (small, large) = (size(1000), size(2000));
        let ratio = f64::from(u32::try_from(large).unwrap_or(u32::MAX)) / f64::from(u32::try_from(small).unwrap_or(1));
        assert!(ratio < 2.2, "1000 yields: {small} bytes, 2000 yields: {large} bytes");
    }
}
