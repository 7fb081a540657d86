//! Rewriting plain user code for its place inside the state machine.
//!
//! The body runs inside a closure that returns at every suspension point,
//! so the generator's own `return` and `?` must leave the dispatch loop
//! instead of the closure:
//!
//! ```text
//! // Input:
//! return value;            expr?
//! // Output:
//! break 'dispatch value;   match Try::branch(expr) { Continue(v) => v, Break(r) => break 'dispatch from_residual(r) }
//! ```
//!
//! Closures, `async` blocks, `const` blocks and nested items have their
//! own `return`, and are left alone (see [`own_code`]); the plan finds
//! the same exits with [`exits`].

use proc_macro2::Span;
use quote::{quote, quote_spanned};
use syn::visit_mut::VisitMut;
use syn::{Expr, Path};

use crate::syntax::{exits, macro_args, own_code};

/// The label of the dispatch loop; breaking out of it completes the generator.
pub(crate) fn dispatch_label() -> syn::Lifetime {
    syn::Lifetime::new("'__gen_dispatch", Span::mixed_site())
}

pub(crate) struct Rewriter<'a> {
    pub krate: &'a Path,
}

impl Rewriter<'_> {
    pub(crate) fn expr(&mut self, mut expr: Expr) -> Expr {
        self.visit_expr_mut(&mut expr);
        expr
    }

    pub(crate) fn stmt(&mut self, mut stmt: syn::Stmt) -> syn::Stmt {
        self.visit_stmt_mut(&mut stmt);
        stmt
    }

    /// `break 'dispatch value`, as tokens: syn would read a value that
    /// starts with `::` after a label as a labeled block.
    fn completion(span: Span, value: Option<&Expr>) -> Expr {
        let label = dispatch_label();
        let value = value.map_or_else(|| quote!(()), |value| quote!(#value));
        Expr::Verbatim(quote_spanned!(span=> break #label #value))
    }

    /// Rewrites the arguments of macros whose arguments are expressions
    /// (`vec![a?]`, `format!("{}", b?)`), so a `?` there completes the
    /// generator too.
    fn macro_args(&mut self, mac: &mut syn::Macro) {
        let Some(mut args) = macro_args::args(mac) else { return };
        if !args.iter().any(|arg| exits::outside_macros(&arg.expr)) {
            return;
        }
        for arg in &mut args {
            self.visit_expr_mut(&mut arg.expr);
        }
        mac.tokens = quote::ToTokens::into_token_stream(args);
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Return(r) => {
                if let Some(value) = &mut r.expr {
                    self.visit_expr_mut(value);
                }
                *expr = Self::completion(r.return_token.span, r.expr.as_deref());
            }
            Expr::Try(t) => {
                self.visit_expr_mut(&mut t.expr);
                let krate = self.krate;
                let inner = &t.expr;
                let span = t.question_token.span;
                let label = dispatch_label();
                let (value, residual) =
                    (syn::Ident::new("__gen_v", Span::mixed_site()), syn::Ident::new("__gen_r", Span::mixed_site()));
                *expr = Expr::Verbatim(quote_spanned!(span=>
                    match #krate::__private::Try::branch(#inner) {
                        ::core::ops::ControlFlow::Continue(#value) => #value,
                        // Bound first: `break 'label ::path` reads to syn
                        // (and to a reader) like a label definition.
                        ::core::ops::ControlFlow::Break(#residual) => {
                            let #value = #krate::__private::FromResidual::from_residual(#residual);
                            break #label #value
                        }
                    }
                ));
            }
            e if own_code::has_own_exits(e) => {}
            _ => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.macro_args(mac);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
