//! Keeping shadowed values reachable.
//!
//! A value the state machine must carry across a suspension point has to be
//! named where the state is stored. When a binding is shadowed
//! (`let x = ..; { let x = ..; yield_!(..); }`), its value moves to a hidden
//! *twin* right where the new binding is declared, and the new binding is
//! introduced under a temporary name until then:
//!
//! ```text
//! // Input:
//! let x = a();
//! let x = f(&x);
//! // Output:
//! let twin_x;                 // declared where the first `x` is: same drop order
//! let x = a();
//! let renamed = f(&x);        // the first `x` is still visible here
//! twin_x = x;
//! let x = renamed;
//! ```
//!
//! Code that could see the first `x` again afterwards only runs in another
//! arm (see [`Ir::shadowing_blocks`](crate::ir::Ir::shadowing_blocks)),
//! where it is re-declared under its own name.

use proc_macro2::{Ident, Span, TokenStream};
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat};

use crate::ir::BindingId;
use crate::syntax::idents::single_ident;

/// The hidden binding a shadowed value moves to.
pub(crate) fn twin(binding: BindingId) -> Ident {
    Ident::new(&format!("__gen_h{binding}"), Span::mixed_site())
}

/// The temporary name of a binding that shadows a carried value.
pub(crate) fn renamed(binding: BindingId) -> Ident {
    Ident::new(&format!("__gen_pb{binding}"), Span::mixed_site())
}

/// `pat` with each binding named in `renames` renamed, without `mut` (the
/// final binding has it).
pub(crate) fn rename_pattern(pat: &Pat, renames: &[(String, Ident)]) -> Pat {
    struct Rename<'a>(&'a [(String, Ident)]);
    impl VisitMut for Rename<'_> {
        fn visit_pat_ident_mut(&mut self, p: &mut syn::PatIdent) {
            if let Some((_, new)) = self.0.iter().find(|(old, _)| p.ident == old) {
                p.ident = new.clone();
                p.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, p);
        }
    }
    let mut pat = pat.clone();
    Rename(renames).visit_pat_mut(&mut pat);
    pat
}

/// `expr` with mentions of the names in `renames` renamed: a match guard
/// sees the renamed bindings of its pattern.
pub(crate) fn rename_mentions(expr: &Expr, renames: &[(String, Ident)]) -> Expr {
    struct Rename<'a>(&'a [(String, Ident)]);
    impl Rename<'_> {
        fn find(&self, name: &str) -> Option<&Ident> {
            self.0.iter().find(|(old, _)| old == name).map(|(_, new)| new)
        }
        fn tokens(&self, tokens: TokenStream) -> TokenStream {
            crate::syntax::rename::locals_in_tokens(tokens, &mut |ident| {
                self.find(&ident.to_string()).map(|new| quote::quote!(#new))
            })
        }
    }
    impl VisitMut for Rename<'_> {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            if let Some(new) = single_ident(expr).and_then(|name| self.find(&name)) {
                *expr = syn::parse_quote!(#new);
                return;
            }
            syn::visit_mut::visit_expr_mut(self, expr);
        }
        fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
            mac.tokens = self.tokens(mac.tokens.clone());
        }
    }
    let mut expr = expr.clone();
    Rename(renames).visit_expr_mut(&mut expr);
    expr
}
