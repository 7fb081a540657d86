//! `if`, `if let` and let chains.

use syn::{BinOp, Expr, Pat};

use super::{Dest, Lowerer, Matched, needs_lowering};
use crate::ir::{Cond, If, Labeled, Stmt};

/// What runs in a branch.
pub(super) type Branch<'b, 'l> = Box<dyn FnOnce(&mut Lowerer<'l>, &mut Vec<Stmt>) + 'b>;

impl<'l> Lowerer<'l> {
    pub(super) fn lower_if(&mut self, e: &syn::ExprIf, dest: Dest, out: &mut Vec<Stmt>) {
        let then_branch: Branch<'_, 'l> = Box::new(move |this, out| this.stmts(&e.then_branch.stmts, dest, out));
        let else_branch: Option<Branch<'_, 'l>> = match &e.else_branch {
            Some((_, else_expr)) => {
                Some(Box::new(move |this: &mut Lowerer<'l>, out: &mut Vec<Stmt>| match else_expr.as_ref() {
                    Expr::Block(b) if b.label.is_none() => this.stmts(&b.block.stmts, dest, out),
                    other => this.lower_into(other, dest, out),
                }))
            }
            None => match dest {
                Dest::Discard => None,
                _ => Some(Box::new(move |this: &mut Lowerer<'l>, out: &mut Vec<Stmt>| this.stmts(&[], dest, out))),
            },
        };
        self.branch(&e.cond, then_branch, else_branch, dest, out);
    }

    /// Lowers `if cond { then } else { otherwise }` for any condition.
    pub(super) fn branch<'b>(
        &mut self,
        cond: &'b Expr,
        then_branch: Branch<'b, 'l>,
        else_branch: Option<Branch<'b, 'l>>,
        dest: Dest,
        out: &mut Vec<Stmt>,
    ) where
        'l: 'b,
    {
        let conjuncts = conjuncts(cond);
        let has_let = conjuncts.iter().any(|c| matches!(c, Expr::Let(_)));
        if has_let && conjuncts.len() > 1 && needs_lowering(cond) {
            self.let_chain(&conjuncts, then_branch, else_branch, dest, out);
            return;
        }
        let construct = self.next_construct();
        let cond = self.cond(cond, out);
        let pats = cond_patterns(&cond.expr);
        let scrutinees = cond_scrutinees(&cond.expr);
        let matched = if scrutinees.iter().all(|s| super::block::copy_evident(s)) && !scrutinees.is_empty() {
            Matched::Reference
        } else if scrutinees.iter().any(|s| self.borrows(s)) {
            Matched::MayBorrow
        } else {
            Matched::Owned
        };
        let mut bindings = Vec::new();
        let then_block = self.new_block(
            |this| {
                for pat in &pats {
                    bindings.extend(this.declare_pattern(pat, 0));
                }
                this.mark_matched(&bindings, matched);
            },
            then_branch,
        );
        let else_block = else_branch.map(|branch| self.new_block(|_| {}, branch));
        let cond = Cond { bindings, ..cond };
        out.push(Stmt::If(If { construct, cond, then_block, else_block }));
    }

    /// A condition without suspension points; suspending operands are
    /// evaluated before it.
    fn cond(&mut self, cond: &Expr, out: &mut Vec<Stmt>) -> Cond {
        let expr = match cond {
            Expr::Let(l) if needs_lowering(&l.expr) => {
                let scrutinee = self.operand(&l.expr, out);
                let mut rebuilt = l.clone();
                *rebuilt.expr = scrutinee.expr;
                Expr::Let(rebuilt)
            }
            _ if needs_lowering(cond) => self.operand(cond, out).expr,
            _ => cond.clone(),
        };
        let eff = self.effects(|e| e.value(&expr));
        Cond { expr, eff, bindings: Vec::new() }
    }

    /// A let chain with a suspension point after its first condition,
    /// as nested `if`s that leave a labeled block on success:
    ///
    /// ```text
    /// // Input:
    /// if let Some(x) = a && yield_!(x) { then } else { otherwise }
    /// // Output:
    /// 'chain: { if let Some(x) = a { if yield_!(x) { then; break 'chain } } otherwise }
    /// ```
    fn let_chain<'b>(
        &mut self,
        conjuncts: &[&'b Expr],
        then_branch: Branch<'b, 'l>,
        else_branch: Option<Branch<'b, 'l>>,
        dest: Dest,
        out: &mut Vec<Stmt>,
    ) where
        'l: 'b,
    {
        let construct = self.next_construct();
        let target = crate::ir::JumpTarget::Labeled(construct);
        let body = self.new_block(
            |_| {},
            |this, out| {
                this.nested_conditions(conjuncts, then_branch, target, out);
                match else_branch {
                    Some(branch) => branch(this, out),
                    None => this.stmts(&[], dest, out),
                }
            },
        );
        out.push(Stmt::Labeled(Labeled { construct, body }));
    }

    fn nested_conditions<'b>(
        &mut self,
        conjuncts: &[&'b Expr],
        then_branch: Branch<'b, 'l>,
        target: crate::ir::JumpTarget,
        out: &mut Vec<Stmt>,
    ) where
        'l: 'b,
    {
        let Some((first, rest)) = conjuncts.split_first() else { return };
        let rest = rest.to_vec();
        let inner: Branch<'b, 'l> = if rest.is_empty() {
            Box::new(move |this, out| {
                then_branch(this, out);
                if !super::block::ends_in_jump(out) {
                    out.push(Stmt::Break(target));
                }
            })
        } else {
            Box::new(move |this, out| this.nested_conditions(&rest, then_branch, target, out))
        };
        self.branch(first, inner, None, Dest::Discard, out);
    }
}

/// The `&&`-separated parts of a condition.
pub(super) fn conjuncts(cond: &Expr) -> Vec<&Expr> {
    match cond {
        Expr::Binary(b) if matches!(b.op, BinOp::And(_)) && contains_let(cond) => {
            let mut parts = conjuncts(&b.left);
            parts.extend(conjuncts(&b.right));
            parts
        }
        _ => vec![cond],
    }
}

fn contains_let(expr: &Expr) -> bool {
    match expr {
        Expr::Let(_) => true,
        Expr::Binary(b) if matches!(b.op, BinOp::And(_)) => contains_let(&b.left) || contains_let(&b.right),
        _ => false,
    }
}

/// The scrutinees of the `let`s of a condition.
fn cond_scrutinees(cond: &Expr) -> Vec<&Expr> {
    match cond {
        Expr::Let(l) => vec![&*l.expr],
        Expr::Binary(b) if matches!(b.op, BinOp::And(_)) => {
            let mut scrutinees = cond_scrutinees(&b.left);
            scrutinees.extend(cond_scrutinees(&b.right));
            scrutinees
        }
        _ => Vec::new(),
    }
}

/// The patterns of the `let`s of a condition.
pub(super) fn cond_patterns(cond: &Expr) -> Vec<Pat> {
    match cond {
        Expr::Let(l) => vec![(*l.pat).clone()],
        Expr::Binary(b) if matches!(b.op, BinOp::And(_)) => {
            let mut pats = cond_patterns(&b.left);
            pats.extend(cond_patterns(&b.right));
            pats
        }
        _ => Vec::new(),
    }
}
