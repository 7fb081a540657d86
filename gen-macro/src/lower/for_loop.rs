//! `for` loops.

use syn::spanned::Spanned;
use syn::{Expr, Pat};

use super::{Dest, Lowerer, Matched};
use crate::ir::{Access, Eff};
use crate::ir::{Match, Nested, PlainExpr, SlotKind, Stmt};

impl Lowerer<'_> {
    /// Desugars a `for` loop as the compiler does, with the iterator in a
    /// hidden variable that the state machine keeps across suspensions:
    ///
    /// ```text
    /// // Input:
    /// for pat in iterable { body }
    /// // Output:
    /// {
    ///     let mut iter = IntoIterator::into_iter(iterable);
    ///     loop { match Iterator::next(&mut iter) { Some(pat) => { body } None => break } }
    /// }
    /// ```
    pub(super) fn lower_for(&mut self, e: &syn::ExprForLoop, dest: Dest, out: &mut Vec<Stmt>) {
        let span = e.expr.span();
        let construct = self.next_construct();
        let body = self.new_block(
            |_| {},
            |this, out| {
                let local_borrow = this.local_borrow(&e.expr);
                let iterable = super::without_parens(this.operand(&e.expr, out).expr);
                let eff = this.effects(|effects| effects.consumed(&iterable));
                let into_iter: Expr =
                    syn::parse_quote_spanned!(span=> ::core::iter::IntoIterator::into_iter(#iterable));
                let init = PlainExpr { expr: into_iter, eff };
                let iter = this.temp("iter", true, out.len() + 1, span);
                // The items borrow what the iterable borrows (`for x in &v`).
                let borrowing = this.borrows(&iterable);
                this.mark_borrowing(&[iter], borrowing);
                this.bindings[iter].local_borrow = local_borrow;
                // A range is cheaper to move than to reach through a slot,
                // and has no drop glue (its items are `Step` types).
                if is_range(&e.expr) {
                    this.bindings[iter].no_drop = true;
                } else {
                    this.keep_in_place(iter, SlotKind::Guarded);
                }
                out.push(Stmt::Temp { binding: iter, init: Some(init) });
                let iter_name = this.name_expr(iter);
                this.build_loop(e.label.as_ref(), Dest::Discard, out, |this, out, target| {
                    let next: Expr = syn::parse_quote_spanned!(span=> ::core::iter::Iterator::next(&mut #iter_name));
                    let scrutinee = PlainExpr { expr: next, eff: Eff::Use(iter, Access::Read) };
                    let pat = &e.pat;
                    let some: Pat = syn::parse_quote_spanned!(span=> ::core::option::Option::Some(#pat));
                    let none: Pat = syn::parse_quote_spanned!(span=> ::core::option::Option::None);
                    let matched = if borrowing { Matched::MayBorrow } else { Matched::Owned };
                    let item = this.match_arm(Vec::new(), (&some, matched), None, |this, out| {
                        this.stmts(&e.body.stmts, Dest::Discard, out);
                    });
                    let end = this
                        .match_arm(Vec::new(), (&none, Matched::Owned), None, |_, out| out.push(Stmt::Break(target)));
                    let construct = this.next_construct();
                    out.push(Stmt::Match(Match { construct, scrutinee, arms: vec![item, end] }));
                });
            },
        );
        out.push(Stmt::Block(Nested { construct, body, unsafety: false }));
        self.stmts(&[], dest, out);
    }
}

/// `a..b` and the like.
fn is_range(expr: &Expr) -> bool {
    match expr {
        Expr::Range(_) => true,
        Expr::Paren(p) => is_range(&p.expr),
        Expr::Group(g) => is_range(&g.expr),
        _ => false,
    }
}
