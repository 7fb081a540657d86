//! `loop`, `while` and `while let`.

use super::{Dest, Lowerer, Target, TargetKind};
use crate::ir::{Id, JumpTarget, Loop, Stmt};

impl<'l> Lowerer<'l> {
    pub(super) fn lower_loop(&mut self, e: &syn::ExprLoop, dest: Dest, out: &mut Vec<Stmt>) {
        self.build_loop(e.label.as_ref(), dest, out, |this, out, _| {
            this.stmts(&e.body.stmts, Dest::Discard, out);
        });
    }

    /// Desugars `while cond { body }` (and `while let`, let chains) into
    /// `loop { if cond { body } else { break } }`.
    pub(super) fn lower_while(&mut self, e: &syn::ExprWhile, dest: Dest, out: &mut Vec<Stmt>) {
        self.build_loop(e.label.as_ref(), Dest::Discard, out, |this, out, target| {
            let body: super::if_expr::Branch<'_, 'l> =
                Box::new(|this, out| this.stmts(&e.body.stmts, Dest::Discard, out));
            let exit: super::if_expr::Branch<'_, 'l> = Box::new(move |_, out| out.push(Stmt::Break(target)));
            this.branch(&e.cond, body, Some(exit), Dest::Discard, out);
        });
        // A `while` loop evaluates to `()`.
        self.stmts(&[], dest, out);
    }

    /// Pushes a loop whose body `fill` lowers; `break value` sends the value
    /// to `dest`.
    pub(super) fn build_loop(
        &mut self,
        label: Option<&syn::Label>,
        dest: Dest,
        out: &mut Vec<Stmt>,
        fill: impl FnOnce(&mut Self, &mut Vec<Stmt>, JumpTarget),
    ) {
        let construct = self.next_construct();
        // `new_block` below gives the body the next block id.
        let id = self.next_loop(crate::ir::BlockId::from_index(self.blocks));
        let target = JumpTarget::Loop(id, construct);
        self.targets.push(Target {
            label: label.map(|l| l.name.ident.to_string()),
            kind: TargetKind::Loop(id),
            construct,
            dest,
        });
        let body = self.new_block(|_| {}, |this, out| fill(this, out, target));
        self.targets.pop();
        out.push(Stmt::Loop(Loop { construct, id, body }));
    }
}
