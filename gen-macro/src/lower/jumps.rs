//! `break`, `continue`, `return` and labeled blocks.

use super::{Dest, Lowerer, Target, TargetKind};
use crate::ir::{JumpTarget, Labeled, Stmt};

impl Lowerer<'_> {
    /// The construct a `break` or `continue` with `label` goes to. An
    /// unlabeled one goes to the innermost loop.
    fn find_target(&self, label: Option<&syn::Lifetime>) -> Option<&Target> {
        self.targets.iter().rev().find(|target| match label {
            Some(label) => target.label.as_deref() == Some(&*label.ident.to_string()),
            None => matches!(target.kind, TargetKind::Loop(_)),
        })
    }

    pub(super) fn lower_break(&mut self, e: &syn::ExprBreak, out: &mut Vec<Stmt>) {
        let Some(target) = self.find_target(e.label.as_ref()) else {
            self.diag.error(e, "`break` outside of a loop or labeled block");
            return;
        };
        let (construct, kind, dest) = (target.construct, target.kind, target.dest);
        let jump = match kind {
            TargetKind::Loop(id) => JumpTarget::Loop(id, construct),
            TargetKind::Labeled => JumpTarget::Labeled(construct),
        };
        match (&e.expr, dest) {
            (Some(value), Dest::Return) => {
                self.lower_into(value, Dest::Return, out);
                return;
            }
            (None, Dest::Return) => {
                out.push(Stmt::Return(None));
                return;
            }
            (Some(value), dest) => self.lower_into(value, dest, out),
            (None, Dest::Temp(_)) => self.stmts(&[], dest, out),
            (None, Dest::Discard) => {}
        }
        if !super::block::ends_in_jump(out) {
            out.push(Stmt::Break(jump));
        }
    }

    pub(super) fn lower_continue(&mut self, e: &syn::ExprContinue, out: &mut Vec<Stmt>) {
        match self.find_target(e.label.as_ref()).map(|t| t.kind) {
            Some(TargetKind::Loop(id)) => out.push(Stmt::Continue(id)),
            Some(TargetKind::Labeled) => self.diag.error(e, "`continue` cannot go to a labeled block"),
            None => self.diag.error(e, "`continue` outside of a loop"),
        }
    }

    pub(super) fn lower_return(&mut self, e: &syn::ExprReturn, out: &mut Vec<Stmt>) {
        match &e.expr {
            Some(value) => self.lower_into(value, Dest::Return, out),
            None => out.push(Stmt::Return(None)),
        }
    }

    /// `'label: { .. }`: `break 'label value` leaves it with a value.
    pub(super) fn lower_labeled(&mut self, e: &syn::ExprBlock, dest: Dest, out: &mut Vec<Stmt>) {
        let Some(label) = &e.label else { return };
        let construct = self.next_construct();
        self.targets.push(Target {
            label: Some(label.name.ident.to_string()),
            kind: TargetKind::Labeled,
            construct,
            dest,
        });
        let body = self.new_block(|_| {}, |this, out| this.stmts(&e.block.stmts, dest, out));
        self.targets.pop();
        out.push(Stmt::Labeled(Labeled { construct, body }));
    }
}
