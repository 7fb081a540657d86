//! Blocks, statements and `let`.

use syn::spanned::Spanned;
use syn::{Expr, Pat};

use super::{Decl, Lowerer, needs_lowering};
use crate::front::signature::ParamSpec;
use crate::front::suspend::suspend_kind;
use crate::ir::Eff;
use crate::ir::{BindingId, Block, BlockId, Id, Let, Nested, Param, PlainExpr, SlotKind, Stmt};
use crate::syntax::constructs::is_control_flow;
use crate::syntax::pattern;

/// Where the value of a lowered expression goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Dest {
    /// Evaluated for its effects; the value is dropped.
    Discard,
    /// Assigned to a temporary declared (uninitialised) before.
    Temp(BindingId),
    /// Completes the generator.
    Return,
}

impl Lowerer<'_> {
    pub(super) fn root_block(&mut self, body: &syn::Block, params: &[ParamSpec], decls: &mut Vec<Param>) -> Block {
        self.new_block(
            |this| {
                for param in params {
                    this.record_param(param, decls);
                }
            },
            |this, out| this.stmts(&body.stmts, Dest::Return, out),
        )
    }

    /// A new block with its own scope: `entry` declares the bindings in scope
    /// from its start (pattern bindings), `fill` lowers its statements.
    pub(super) fn new_block(
        &mut self,
        entry: impl FnOnce(&mut Self),
        fill: impl FnOnce(&mut Self, &mut Vec<Stmt>),
    ) -> Block {
        let id = self.next_block();
        let yields_before = self.yields.len();
        self.enter_scope(id);
        entry(self);
        let mut stmts = Vec::new();
        fill(self, &mut stmts);
        self.exit_scope();
        Block { id, stmts, suspends: self.yields.len() > yields_before }
    }

    /// Declares the bindings of `pat` on entry to the current block.
    pub(super) fn declare_pattern(&mut self, pat: &Pat, decl_index: usize) -> Vec<BindingId> {
        pattern::bindings(pat)
            .into_iter()
            .map(|b| {
                self.declare(
                    Decl { name: b.ident, mutable: b.mutable, no_drop: b.by_ref, by_ref: b.by_ref },
                    decl_index,
                )
            })
            .collect()
    }

    /// Lowers statements; a trailing expression without `;` is the block's
    /// value and goes to `dest`.
    pub(super) fn stmts(&mut self, stmts: &[syn::Stmt], dest: Dest, out: &mut Vec<Stmt>) {
        let (tail, body) = match stmts.split_last() {
            Some((syn::Stmt::Expr(tail, None), body)) => (Some(tail), body),
            _ => (None, stmts),
        };
        for stmt in body {
            self.stmt(stmt, out);
        }
        match tail {
            Some(tail) => self.lower_into(tail, dest, out),
            None => Self::unit_value(dest, out),
        }
    }

    /// A block without a tail expression evaluates to `()`.
    fn unit_value(dest: Dest, out: &mut Vec<Stmt>) {
        if ends_in_jump(out) {
            return;
        }
        match dest {
            Dest::Discard => {}
            Dest::Temp(t) => {
                let unit = Self::plain_with(syn::parse_quote!(()), Eff::default());
                out.push(Stmt::Assign { binding: t, value: unit });
            }
            Dest::Return => out.push(Stmt::Return(None)),
        }
    }

    fn stmt(&mut self, stmt: &syn::Stmt, out: &mut Vec<Stmt>) {
        match stmt {
            syn::Stmt::Item(syn::Item::Macro(m)) if m.mac.path.is_ident("macro_rules") && m.ident.is_some() => {
                // Stays in place: the locals it names resolve where it is
                // defined. Arms entered after it define it again.
                let block = self.scopes.last().map_or(BlockId::from_index(0), |scope| scope.block);
                let name = m.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                self.define_macro(name.clone(), m.mac.tokens.clone());
                self.macros.push(crate::ir::MacroDef { block, index: out.len(), name, stmt: stmt.clone() });
                // Its uses may all be in other arms.
                let stmt: syn::Stmt = syn::parse_quote!(#[allow(unused_macros)] #m);
                out.push(Stmt::Plain { stmt, eff: Eff::Nothing });
            }
            syn::Stmt::Item(_) => self.items.push(stmt.clone()),
            syn::Stmt::Local(local) => self.local(local, out),
            syn::Stmt::Expr(expr, _) if needs_lowering(expr) => self.lower_into(expr, Dest::Discard, out),
            syn::Stmt::Macro(m) if suspend_kind(&m.mac).is_some() => {
                let expr = Expr::Macro(syn::ExprMacro { attrs: m.attrs.clone(), mac: m.mac.clone() });
                self.lower_into(&expr, Dest::Discard, out);
            }
            _ => {
                let eff = self.effects(|e| e.stmt(stmt));
                out.push(Stmt::Plain { stmt: stmt.clone(), eff });
            }
        }
    }

    fn local(&mut self, local: &syn::Local, out: &mut Vec<Stmt>) {
        let (pat, ty) = match &local.pat {
            Pat::Type(p) => ((*p.pat).clone(), Some((*p.ty).clone())),
            other => (other.clone(), None),
        };
        let init = local.init.as_ref().map(|init| self.let_init(&init.expr, &pat, ty.as_ref(), out));
        // Decided before the bindings shadow anything (`let s = s.trim();`).
        // A declared type without references or lifetimes borrows nothing.
        let borrowing = init.as_ref().is_some_and(|init| self.borrows(&init.expr));
        let owned = ty.as_ref().is_some_and(crate::syntax::types::owns_everything);
        let local_borrow = local
            .init
            .as_ref()
            .filter(|_| !owned)
            .and_then(|init| self.local_borrow(&init.expr).or_else(|| self.iterator_borrow(&init.expr)));
        let else_block = local.init.as_ref().and_then(|init| init.diverge.as_ref()).map(|(_, else_expr)| {
            self.new_block(
                |_| {},
                |this, out| match else_expr.as_ref() {
                    Expr::Block(b) if b.label.is_none() => this.stmts(&b.block.stmts, Dest::Discard, out),
                    other => this.lower_into(other, Dest::Discard, out),
                },
            )
        });
        let no_drop = local.init.as_ref().is_some_and(|init| copy_evident(&init.expr));
        let decl_index = out.len() + 1;
        let bindings: Vec<BindingId> = pattern::bindings(&pat)
            .into_iter()
            .map(|b| {
                self.declare(
                    Decl { name: b.ident, mutable: b.mutable, no_drop: no_drop || b.by_ref, by_ref: b.by_ref },
                    decl_index,
                )
            })
            .collect();
        if is_plain_ident(&pat) {
            let string = ty.as_ref().map_or_else(
                || local.init.as_ref().is_some_and(|init| crate::syntax::types::makes_string(&init.expr)),
                crate::syntax::types::is_string,
            );
            let binding = &mut self.bindings[bindings[0]];
            binding.ty.clone_from(&ty);
            binding.local_borrow = local_borrow;
            if string {
                self.strings.push(bindings[0]);
            }
            let collection = ty.as_ref().map_or_else(
                || local.init.as_ref().is_some_and(|init| crate::syntax::types::makes_collection(&init.expr)),
                crate::syntax::types::is_collection,
            );
            if collection {
                self.collections.push(bindings[0]);
            }
        }
        self.mark_borrowing(&bindings, borrowing);
        if is_plain_ident(&pat) && local.init.as_ref().is_some_and(|init| is_buffer(&init.expr)) {
            self.keep_in_place(bindings[0], SlotKind::Buffer);
        }
        out.push(Stmt::Let(Let { attrs: local.attrs.clone(), pat, ty, init, else_block, bindings }));
    }

    /// The initialiser of a `let`: moved into the pattern if it binds by value.
    /// (A field bound to a declared type without drop glue, `let n: i64 =
    /// p.n;`, is copied, not moved.)
    fn let_init(&mut self, expr: &Expr, pat: &Pat, ty: Option<&syn::Type>, out: &mut Vec<Stmt>) -> PlainExpr {
        let expr = if needs_lowering(expr) { self.scoped_operand(expr, out).expr } else { expr.clone() };
        let copied = ty.is_some_and(crate::syntax::types::no_drop_type);
        let eff = self.effects(|e| if copied { e.value(&expr) } else { e.scrutinee(&expr, &[pat]) });
        PlainExpr { expr, eff }
    }

    /// Lowers an operand whose temporaries must not outlive the statement:
    /// they live in a nested block that assigns the value to a temporary.
    pub(super) fn scoped_operand(&mut self, expr: &Expr, out: &mut Vec<Stmt>) -> PlainExpr {
        if is_direct(expr) {
            return self.operand(expr, out);
        }
        let result = self.temp("v", false, out.len() + 1, expr.span());
        out.push(Stmt::Temp { binding: result, init: None });
        let construct = self.next_construct();
        let body = self.new_block(
            |_| {},
            |this, out| {
                let value = this.operand(expr, out);
                this.note_value(result, &value);
                out.push(Stmt::Assign { binding: result, value });
            },
        );
        out.push(Stmt::Block(Nested { construct, body, unsafety: false }));
        self.plain(self.name_expr(result))
    }

    /// A nested block `{ .. }` (or `unsafe { .. }`) whose value goes to `dest`.
    pub(super) fn lower_nested(&mut self, block: &syn::Block, unsafety: bool, dest: Dest, out: &mut Vec<Stmt>) {
        let construct = self.next_construct();
        let body = self.new_block(|_| {}, |this, out| this.stmts(&block.stmts, dest, out));
        out.push(Stmt::Block(Nested { construct, body, unsafety }));
    }

    /// Emits `value` into `dest`.
    pub(super) fn assign_dest(&mut self, dest: Dest, value: PlainExpr, out: &mut Vec<Stmt>) {
        if let Dest::Temp(t) = dest {
            self.note_value(t, &value);
        }
        Self::push_dest(dest, value, out);
    }

    /// Emits `value` into `dest` ([`Self::assign_dest`] when `dest` may be
    /// a temporary whose value borrows).
    pub(super) fn push_dest(dest: Dest, value: PlainExpr, out: &mut Vec<Stmt>) {
        match dest {
            Dest::Discard => {
                // A block-like expression is a statement without `;`.
                let semi =
                    (!crate::syntax::constructs::is_block_like(&value.expr)).then(|| syn::Token![;](value.expr.span()));
                out.push(Stmt::Plain { stmt: syn::Stmt::Expr(value.expr, semi), eff: value.eff });
            }
            Dest::Temp(t) => out.push(Stmt::Assign { binding: t, value }),
            Dest::Return => out.push(Stmt::Return(Some(value))),
        }
    }
}

/// Whether the statements end with a jump (after which nothing runs).
pub(super) fn ends_in_jump(stmts: &[Stmt]) -> bool {
    matches!(stmts.last(), Some(Stmt::Break(_) | Stmt::Continue(_) | Stmt::Return(_)))
}

/// Expressions that need no temporaries of their own when lowered.
fn is_direct(expr: &Expr) -> bool {
    match expr {
        Expr::Macro(m) => suspend_kind(&m.mac).is_some(),
        expr if is_control_flow(expr) => true,
        Expr::Paren(p) => is_direct(&p.expr),
        _ => false,
    }
}

/// Whether the value of `expr` certainly has no drop glue: literals,
/// references (`&x`, `s.trim()`, `v.iter()`, a closure that captures by
/// reference), and tuples and arrays of them.
pub(super) fn copy_evident(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(_) | Expr::Reference(_) => true,
        Expr::Closure(c) => c.capture.is_none(),
        Expr::MethodCall(m) => super::methods::result(&m.method.to_string()) == super::methods::Result::Reference,
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => copy_evident(&u.expr),
        Expr::Tuple(t) => t.elems.iter().all(copy_evident),
        Expr::Array(a) => a.elems.iter().all(copy_evident),
        Expr::Repeat(r) => copy_evident(&r.expr),
        Expr::Paren(p) => copy_evident(&p.expr),
        Expr::Cast(c) => copy_evident(&c.expr),
        _ => false,
    }
}

/// Whether a `let` initialiser makes a buffer worth keeping in place: an
/// array of at least [`BUFFER_LEN`] literals (`[0u8; 4096]`), which is
/// `Copy`, so that user code can read it through a reference as `*buf`.
fn is_buffer(expr: &Expr) -> bool {
    fn literal(expr: &Expr) -> bool {
        match expr {
            Expr::Lit(_) => true,
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => literal(&u.expr),
            Expr::Cast(c) => literal(&c.expr),
            Expr::Paren(p) => literal(&p.expr),
            _ => false,
        }
    }
    match expr {
        Expr::Repeat(r) => {
            let short = match &*r.len {
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(n), .. }) => {
                    n.base10_parse::<usize>().is_ok_and(|n| n < BUFFER_LEN)
                }
                _ => false,
            };
            literal(&r.expr) && !short
        }
        Expr::Array(a) => a.elems.len() >= BUFFER_LEN && a.elems.iter().all(literal),
        Expr::Paren(p) => is_buffer(&p.expr),
        _ => false,
    }
}

/// Arrays shorter than this are cheap enough to move on every resume.
const BUFFER_LEN: usize = 32;

/// `x` or `mut x`: a pattern that binds the whole value to one name.
fn is_plain_ident(pat: &Pat) -> bool {
    matches!(pat, Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none())
}
