//! `#[cfg]` on statements of the body.
//!
//! rustc evaluates `#[cfg]` inside an item only after attribute macros have
//! run, and a proc macro cannot evaluate it: the state machine would be
//! built from statements that rustc then removes (a `yield_!` under a false
//! `#[cfg]` would still yield). So the attribute lets rustc decide first:
//! it emits the function twice, once with the statements of one predicate
//! kept and once without them, each under that predicate (or its negation)
//! and each annotated with `#[generator]` again:
//!
//! ```text
//! // Input:
//! #[generator(yield = u32)]
//! fn f() { #[cfg(debug_assertions)] yield_!(0); yield_!(1); }
//! // Output:
//! #[cfg(debug_assertions)] #[gen_runtime::generator(yield = u32)]
//! fn f() { yield_!(0); yield_!(1); }
//! #[cfg(not(debug_assertions))] #[gen_runtime::generator(yield = u32)]
//! fn f() { yield_!(1); }
//! ```
//!
//! rustc removes the copy whose predicate is false before expanding its
//! attribute, so only one copy is ever expanded, and each further predicate
//! is resolved the same way by that expansion.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Attribute, ItemFn, Path};

/// The two copies of `function`, if a statement of its body carries a
/// `#[cfg]`.
pub(crate) fn resolve_first(function: &ItemFn, args: &TokenStream, krate: &Path) -> Option<TokenStream> {
    let mut finder = Resolve { predicate: None, keep: true };
    let mut body = (*function.block).clone();
    finder.visit_block_mut(&mut body);
    let predicate = finder.predicate?;
    let copy = |keep: bool| {
        let mut copy = function.clone();
        Resolve { predicate: Some(predicate.clone()), keep }.visit_block_mut(&mut copy.block);
        copy
    };
    let (kept, removed) = (copy(true), copy(false));
    Some(quote! {
        #[cfg(#predicate)]
        #[#krate::generator(#args)]
        #kept
        #[cfg(not(#predicate))]
        #[#krate::generator(#args)]
        #removed
    })
}

/// Finds the first `#[cfg]` predicate on a statement or match arm (when
/// `predicate` is `None`), or applies one: statements under it are kept
/// without the attribute, or removed.
struct Resolve {
    predicate: Option<TokenStream>,
    keep: bool,
}

impl Resolve {
    /// Whether the attributes say to remove the node; the attribute of the
    /// predicate being resolved is taken out of them.
    fn remove(&mut self, attrs: &mut Vec<Attribute>) -> bool {
        let Some(predicate) = &self.predicate else {
            self.predicate = attrs.iter().find_map(cfg_predicate);
            return false;
        };
        let key = predicate.to_string();
        let Some(index) = attrs.iter().position(|attr| cfg_predicate(attr).is_some_and(|p| p.to_string() == key))
        else {
            return false;
        };
        attrs.remove(index);
        !self.keep
    }
}

fn cfg_predicate(attr: &Attribute) -> Option<TokenStream> {
    if !attr.path().is_ident("cfg") {
        return None;
    }
    attr.meta.require_list().ok().map(|list| list.tokens.clone())
}

impl VisitMut for Resolve {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for mut stmt in std::mem::take(&mut block.stmts) {
            let removed = match &mut stmt {
                syn::Stmt::Local(local) => self.remove(&mut local.attrs),
                syn::Stmt::Macro(mac) => self.remove(&mut mac.attrs),
                syn::Stmt::Expr(expr, _) => expr_attrs(expr).is_some_and(|attrs| self.remove(attrs)),
                // rustc evaluates `#[cfg]` on items, which the state machine
                // does not look into.
                syn::Stmt::Item(_) => false,
            };
            if !removed {
                self.visit_stmt_mut(&mut stmt);
                stmts.push(stmt);
            }
        }
        block.stmts = stmts;
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        self.visit_expr_mut(&mut expr.expr);
        let arms = std::mem::take(&mut expr.arms);
        for mut arm in arms {
            if !self.remove(&mut arm.attrs) {
                self.visit_arm_mut(&mut arm);
                expr.arms.push(arm);
            }
        }
    }

    // Closures, `async` blocks and items are not part of the state machine;
    // rustc evaluates their `#[cfg]`s.
    fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
    fn visit_expr_async_mut(&mut self, _: &mut syn::ExprAsync) {}
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// The attributes of an expression statement.
fn expr_attrs(expr: &mut syn::Expr) -> Option<&mut Vec<Attribute>> {
    use syn::Expr;
    Some(match expr {
        Expr::Array(e) => &mut e.attrs,
        Expr::Assign(e) => &mut e.attrs,
        Expr::Binary(e) => &mut e.attrs,
        Expr::Block(e) => &mut e.attrs,
        Expr::Break(e) => &mut e.attrs,
        Expr::Call(e) => &mut e.attrs,
        Expr::Continue(e) => &mut e.attrs,
        Expr::ForLoop(e) => &mut e.attrs,
        Expr::If(e) => &mut e.attrs,
        Expr::Loop(e) => &mut e.attrs,
        Expr::Macro(e) => &mut e.attrs,
        Expr::Match(e) => &mut e.attrs,
        Expr::MethodCall(e) => &mut e.attrs,
        Expr::Paren(e) => &mut e.attrs,
        Expr::Path(e) => &mut e.attrs,
        Expr::Return(e) => &mut e.attrs,
        Expr::Try(e) => &mut e.attrs,
        Expr::Unary(e) => &mut e.attrs,
        Expr::Unsafe(e) => &mut e.attrs,
        Expr::While(e) => &mut e.attrs,
        Expr::Field(e) => &mut e.attrs,
        Expr::Index(e) => &mut e.attrs,
        Expr::Tuple(e) => &mut e.attrs,
        Expr::Lit(e) => &mut e.attrs,
        _ => return None,
    })
}
