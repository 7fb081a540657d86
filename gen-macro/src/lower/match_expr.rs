//! `match`, including guards that suspend.

use proc_macro2::TokenStream;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat};

use super::{Dest, Lowerer, Matched, needs_lowering};
use crate::ir::Eff;
use crate::ir::{JumpTarget, Labeled, Match, MatchArm, Nested, PlainExpr, Stmt};
use crate::syntax::idents::single_ident;
use crate::syntax::pattern;

impl Lowerer<'_> {
    pub(super) fn lower_match(&mut self, e: &syn::ExprMatch, dest: Dest, out: &mut Vec<Stmt>) {
        if e.arms.iter().any(|arm| arm.guard.as_ref().is_some_and(|(_, g)| needs_lowering(g))) {
            self.match_with_suspending_guard(e, dest, out);
            return;
        }
        let construct = self.next_construct();
        let pats: Vec<&Pat> = e.arms.iter().map(|arm| &arm.pat).collect();
        let expr = if needs_lowering(&e.expr) { self.operand(&e.expr, out).expr } else { (*e.expr).clone() };
        let eff = self.effects(|effects| effects.scrutinee(&expr, &pats));
        let matched = self.matched(&expr);
        let arms = e
            .arms
            .iter()
            .map(|arm| {
                let guard = arm.guard.as_ref().map(|(_, g)| &**g);
                self.arm(arm.attrs.clone(), (&arm.pat, matched), guard, &arm.body, dest, None)
            })
            .collect();
        out.push(Stmt::Match(Match { construct, scrutinee: PlainExpr { expr, eff }, arms }));
    }

    /// One arm; `exit` is the labeled block to leave after the body.
    fn arm(
        &mut self,
        attrs: Vec<syn::Attribute>,
        pat: (&Pat, Matched),
        guard: Option<&Expr>,
        body: &Expr,
        dest: Dest,
        exit: Option<JumpTarget>,
    ) -> MatchArm {
        self.match_arm(attrs, pat, guard, |this, out| {
            this.arm_body(body, dest, out);
            if let Some(exit) = exit {
                if !super::block::ends_in_jump(out) {
                    out.push(Stmt::Break(exit));
                }
            }
        })
    }

    /// An arm whose body `fill` lowers, in the scope of the pattern's
    /// bindings (which hold parts of what the scrutinee holds: `pat.1`).
    pub(super) fn match_arm(
        &mut self,
        attrs: Vec<syn::Attribute>,
        (pat, matched): (&Pat, Matched),
        guard: Option<&Expr>,
        fill: impl FnOnce(&mut Self, &mut Vec<Stmt>),
    ) -> MatchArm {
        let mut bindings = Vec::new();
        let mut lowered_guard = None;
        let body = self.new_block(
            |this| {
                bindings = this.declare_pattern(pat, 0);
                this.mark_matched(&bindings, matched);
                lowered_guard = guard.map(|g| this.plain(g.clone()));
            },
            fill,
        );
        MatchArm { attrs, pat: pat.clone(), guard: lowered_guard, body, bindings }
    }

    fn arm_body(&mut self, body: &Expr, dest: Dest, out: &mut Vec<Stmt>) {
        match body {
            Expr::Block(b) if b.label.is_none() && b.attrs.is_empty() => self.stmts(&b.block.stmts, dest, out),
            other => self.lower_into(other, dest, out),
        }
    }

    /// A `match` in which a guard suspends, as a chain of tests on the
    /// scrutinee (kept in a temporary). In the suspending guard, the
    /// pattern's bindings are re-read from the scrutinee at each use, so no
    /// borrow of it lives across the suspension:
    ///
    /// ```text
    /// // Input:
    /// match s { Some(x) if yield_!(x) => a, other => b }
    /// // Output:
    /// let t = s;
    /// 'm: {
    ///     if matches!(t, Some(_)) {
    ///         if yield_!(*match &t { Some(x) => x, _ => unreachable!() }) {
    ///             match t { Some(x) => { a; break 'm } _ => {} }
    ///         }
    ///     }
    ///     match t { other => { b; break 'm } _ => {} }
    ///     unreachable!()
    /// }
    /// ```
    fn match_with_suspending_guard(&mut self, e: &syn::ExprMatch, dest: Dest, out: &mut Vec<Stmt>) {
        let outer = self.next_construct();
        let body = self.new_block(
            |_| {},
            |this, out| {
                let scrutinee = this.operand(&e.expr, out);
                let temp = this.temp("s", true, out.len() + 1, syn::spanned::Spanned::span(&*e.expr));
                this.note_value(temp, &scrutinee);
                out.push(Stmt::Temp { binding: temp, init: Some(scrutinee) });
                let construct = this.next_construct();
                let exit = JumpTarget::Labeled(construct);
                let tests = this.new_block(
                    |_| {},
                    |this, out| {
                        for arm in &e.arms {
                            this.test_arm(arm, temp, dest, exit, out);
                        }
                        let unreachable: Expr = syn::parse_quote!(::core::unreachable!());
                        out.push(Stmt::Plain {
                            stmt: syn::Stmt::Expr(unreachable, Some(syn::token::Semi::default())),
                            eff: Eff::Diverge,
                        });
                    },
                );
                out.push(Stmt::Labeled(Labeled { construct, body: tests }));
            },
        );
        out.push(Stmt::Block(Nested { construct: outer, body, unsafety: false }));
    }

    /// Tests one arm against the scrutinee temporary and runs it on success.
    fn test_arm(
        &mut self,
        arm: &syn::Arm,
        scrutinee: crate::ir::BindingId,
        dest: Dest,
        exit: JumpTarget,
        out: &mut Vec<Stmt>,
    ) {
        let scrutinee_expr = self.name_expr(scrutinee);
        match arm.guard.as_ref().map(|(_, g)| &**g) {
            Some(guard) if needs_lowering(guard) => {
                let mut guard = guard.clone();
                RereadBindings { pat: &arm.pat, scrutinee: &scrutinee_expr }.visit_expr_mut(&mut guard);
                let test = only_binding(&arm.pat, None);
                let cond: Expr = syn::parse_quote!(::core::matches!(#scrutinee_expr, #test));
                let then_branch: super::if_expr::Branch<'_, '_> = Box::new(move |this, out| {
                    let run: super::if_expr::Branch<'_, '_> =
                        Box::new(move |this, out| this.run_arm(arm, scrutinee, None, dest, exit, out));
                    this.branch(&guard, run, None, Dest::Discard, out);
                });
                self.branch(&cond, then_branch, None, Dest::Discard, out);
            }
            guard => self.run_arm(arm, scrutinee, guard, dest, exit, out),
        }
    }

    /// `match scrutinee { pat if guard => { body; break 'exit } _ => {} }`
    fn run_arm(
        &mut self,
        arm: &syn::Arm,
        scrutinee: crate::ir::BindingId,
        guard: Option<&Expr>,
        dest: Dest,
        exit: JumpTarget,
        out: &mut Vec<Stmt>,
    ) {
        let construct = self.next_construct();
        let expr = self.name_expr(scrutinee);
        let eff = self.effects(|effects| effects.scrutinee(&expr, &[&arm.pat]));
        let matched = self.matched(&expr);
        // Its guard read the bindings from the scrutinee: the arm's own may
        // be unused.
        let mut attrs = arm.attrs.clone();
        attrs.push(syn::parse_quote!(#[allow(unused_variables)]));
        let matched = self.arm(attrs, (&arm.pat, matched), guard, &arm.body, dest, Some(exit));
        let wildcard: Pat = syn::parse_quote!(_);
        let rest = self.arm(
            vec![syn::parse_quote!(#[allow(unreachable_patterns)])],
            (&wildcard, Matched::Owned),
            None,
            &syn::parse_quote!({}),
            Dest::Discard,
            None,
        );
        out.push(Stmt::Match(Match { construct, scrutinee: PlainExpr { expr, eff }, arms: vec![matched, rest] }));
    }
}

/// `pat` with every binding but `keep` replaced by `_` (and `keep`, if
/// any, binding by default mode).
fn only_binding(pat: &Pat, keep: Option<&str>) -> Pat {
    struct Keep<'a>(Option<&'a str>);
    impl VisitMut for Keep<'_> {
        fn visit_pat_mut(&mut self, pat: &mut Pat) {
            let binds = match pat {
                Pat::Ident(p) => pattern::bindings(&Pat::Ident(p.clone())).first().is_some_and(|b| b.ident == p.ident),
                _ => false,
            };
            if let (true, Pat::Ident(p)) = (binds, &mut *pat) {
                if Some(&*p.ident.to_string()) == self.0 {
                    p.by_ref = None;
                    p.mutability = None;
                    p.subpat = None;
                    return;
                }
                *pat = match p.subpat.take() {
                    Some((_, sub)) => *sub,
                    None => syn::parse_quote!(_),
                };
                self.visit_pat_mut(pat);
                return;
            }
            syn::visit_mut::visit_pat_mut(self, pat);
        }
    }
    let mut pat = pat.clone();
    Keep(keep).visit_pat_mut(&mut pat);
    pat
}

/// Replaces the uses of a pattern's bindings in its guard by a fresh match
/// of the scrutinee, borrowed only for the use:
/// `x` becomes `(*match &s { Some(x) => x, _ => unreachable!() })`.
struct RereadBindings<'a> {
    pat: &'a Pat,
    scrutinee: &'a Expr,
}

impl RereadBindings<'_> {
    fn reread(&self, name: &syn::Ident) -> TokenStream {
        let pat = only_binding(self.pat, Some(&name.to_string()));
        let scrutinee = self.scrutinee;
        quote::quote!((*match &#scrutinee { #pat => #name, #[allow(unreachable_patterns)] _ => ::core::unreachable!() }))
    }

    fn names(&self) -> Vec<String> {
        pattern::bindings(self.pat).iter().map(|b| b.ident.to_string()).collect()
    }

    fn tokens(&self, tokens: TokenStream) -> TokenStream {
        let names = self.names();
        crate::syntax::rename::locals_in_tokens(tokens, &mut |ident| {
            names.contains(&ident.to_string()).then(|| self.reread(ident))
        })
    }
}

impl VisitMut for RereadBindings<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(name) = single_ident(expr).filter(|name| self.names().contains(name)) {
            let ident = syn::Ident::new(&name, expr_span(expr));
            *expr = Expr::Verbatim(self.reread(&ident));
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.tokens(mac.tokens.clone());
    }
}

fn expr_span(expr: &Expr) -> proc_macro2::Span {
    syn::spanned::Spanned::span(expr)
}
