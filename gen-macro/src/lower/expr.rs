//! Expressions that suspend.
//!
//! A `yield_!` nested in an expression (`f(g(), yield_!(x), h())`) becomes
//! a [`Stmt::Yield`] whose result is a temporary, and the expression is
//! rebuilt around that temporary. Operands evaluated before the suspending
//! one are evaluated into temporaries first, so they keep their place in
//! the evaluation order:
//!
//! ```text
//! // Input:
//! v.push(f(g(), yield_!(x), h()));
//! // Output (IR):
//! let t0 = g();
//! let t1 = yield x;   // Stmt::Yield
//! v.push(f(t0, t1, h()));
//! ```
//!
//! Places (`v` above, `a.b`, `&x`) are not evaluated early: evaluating a
//! place has no effect, and a borrow taken before the suspension would have
//! to live across it.

use syn::spanned::Spanned;
use syn::{BinOp, Expr};

use super::effects::Names;
use super::{Dest, Lowerer, needs_lowering};
use crate::front::suspend::{SuspendKind, parse_operand, suspend_kind};
use crate::ir::Eff;
use crate::ir::{Cond, If, PlainExpr, Stmt, Yield};
use crate::syntax::idents::single_ident;

/// How an operand is used by the expression around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Evaluated for its value.
    Value,
    /// Evaluated to a place that is then borrowed, assigned or read.
    Place,
}

impl Lowerer<'_> {
    /// Lowers `expr` and sends its value to `dest`.
    pub(super) fn lower_into(&mut self, expr: &Expr, dest: Dest, out: &mut Vec<Stmt>) {
        if !needs_lowering(expr) {
            let value = self.plain(expr.clone());
            self.assign_dest(dest, value, out);
            return;
        }
        match expr {
            Expr::If(e) => self.lower_if(e, dest, out),
            Expr::Match(e) => self.lower_match(e, dest, out),
            Expr::Loop(e) => self.lower_loop(e, dest, out),
            Expr::While(e) => self.lower_while(e, dest, out),
            Expr::ForLoop(e) => self.lower_for(e, dest, out),
            Expr::Block(e) if e.label.is_some() => self.lower_labeled(e, dest, out),
            Expr::Block(e) => self.lower_nested(&e.block, false, dest, out),
            Expr::Unsafe(e) => self.lower_nested(&e.block, true, dest, out),
            Expr::Return(e) => self.lower_return(e, out),
            Expr::Break(e) => self.lower_break(e, out),
            Expr::Continue(e) => self.lower_continue(e, out),
            Expr::Paren(e) => self.lower_into(&e.expr, dest, out),
            Expr::Group(e) => self.lower_into(&e.expr, dest, out),
            Expr::Macro(m) if suspend_kind(&m.mac) == Some(SuspendKind::YieldFrom) => {
                self.lower_yield_from(m, dest, out);
            }
            Expr::Macro(m) if suspend_kind(&m.mac) == Some(SuspendKind::Yield) && matches!(dest, Dest::Discard) => {
                let value = self.yield_value(m, out);
                let id = self.next_yield(m.mac.path.span());
                out.push(Stmt::Yield(Yield { id, value, result: None }));
            }
            _ => {
                let value = self.operand(expr, out);
                self.assign_dest(dest, value, out);
            }
        }
    }

    /// Lowers `expr` and returns a yield-free expression with its value, to
    /// be evaluated after the statements pushed to `out`.
    pub(super) fn operand(&mut self, expr: &Expr, out: &mut Vec<Stmt>) -> PlainExpr {
        if !needs_lowering(expr) {
            return self.plain(expr.clone());
        }
        match expr {
            Expr::Macro(m) if suspend_kind(&m.mac) == Some(SuspendKind::Yield) => {
                let value = self.yield_value(m, out);
                let id = self.next_yield(m.mac.path.span());
                let result = self.temp("r", false, out.len() + 1, m.mac.path.span());
                out.push(Stmt::Yield(Yield { id, value, result: Some(result) }));
                self.plain(self.name_expr(result))
            }
            Expr::Paren(e) => self.operand(&e.expr, out),
            Expr::Group(e) => self.operand(&e.expr, out),
            Expr::Binary(e) if matches!(e.op, BinOp::And(_) | BinOp::Or(_)) && needs_lowering(&e.right) => {
                self.short_circuit(e, out)
            }
            expr if crate::syntax::constructs::is_control_flow(expr)
                || matches!(
                    expr,
                    Expr::Unsafe(_) | Expr::Macro(_) | Expr::Return(_) | Expr::Break(_) | Expr::Continue(_)
                ) =>
            {
                let result = self.temp("v", false, out.len() + 1, expr.span());
                out.push(Stmt::Temp { binding: result, init: None });
                self.lower_into(expr, Dest::Temp(result), out);
                self.plain(self.name_expr(result))
            }
            _ => self.split_operands(expr, out),
        }
    }

    /// The value `yield_!(..)` yields.
    fn yield_value(&mut self, m: &syn::ExprMacro, out: &mut Vec<Stmt>) -> PlainExpr {
        match m.mac.parse_body_with(parse_operand) {
            Ok(Some(value)) => self.operand(&value, out),
            Ok(None) => Self::plain_with(syn::parse_quote_spanned!(m.mac.delimiter.span().join()=> ()), Eff::default()),
            Err(error) => {
                self.diag.push(error);
                Self::plain_with(syn::parse_quote!(()), Eff::default())
            }
        }
    }

    /// `a && b` / `a || b` where `b` suspends: `b` runs only when needed.
    ///
    /// ```text
    /// // Input:
    /// a && yield_!(x)
    /// // Output:
    /// let t; if a { t = yield_!(x) } else { t = false }
    /// ```
    fn short_circuit(&mut self, e: &syn::ExprBinary, out: &mut Vec<Stmt>) -> PlainExpr {
        let left = self.operand(&e.left, out);
        let result = self.temp("v", false, out.len() + 1, e.right.span());
        out.push(Stmt::Temp { binding: result, init: None });
        let is_and = matches!(e.op, BinOp::And(_));
        let construct = self.next_construct();
        let right = |this: &mut Self, out: &mut Vec<Stmt>| this.lower_into(&e.right, Dest::Temp(result), out);
        let constant = |_: &mut Self, out: &mut Vec<Stmt>| {
            let value = Self::plain_with(
                if is_and { syn::parse_quote!(false) } else { syn::parse_quote!(true) },
                Eff::default(),
            );
            Self::push_dest(Dest::Temp(result), value, out);
        };
        let (then_block, else_block) = if is_and {
            (self.new_block(|_| {}, right), self.new_block(|_| {}, constant))
        } else {
            (self.new_block(|_| {}, constant), self.new_block(|_| {}, right))
        };
        let cond = Cond { expr: super::without_parens(left.expr), eff: left.eff, bindings: Vec::new() };
        out.push(Stmt::If(If { construct, cond, then_block, else_block: Some(else_block) }));
        self.plain(self.name_expr(result))
    }

    /// Rebuilds an expression whose operands suspend, keeping their order.
    fn split_operands(&mut self, expr: &Expr, out: &mut Vec<Stmt>) -> PlainExpr {
        let mut rebuilt = expr.clone();
        let slots = operand_slots(&mut rebuilt);
        let Some(last) = slots.iter().rposition(|(operand, _)| needs_lowering(operand)) else {
            // A suspension the operands do not show (e.g. in a `let` outside a
            // condition): report it instead of losing it.
            self.diag.error(expr, "`yield_!` is not supported in this position");
            return self.plain(syn::parse_quote!(()));
        };
        for (index, (operand, slot)) in slots.into_iter().enumerate() {
            if index < last && (needs_lowering(operand) || !self.keeps_in_place(operand, slot)) {
                // Evaluated now, kept in a temporary until the later operand
                // has suspended.
                let mutable = slot == Slot::Place;
                let mut value = self.operand(operand, out);
                // `(a ^ 1).max(..)`: the parentheses were for the method call.
                value.expr = super::without_parens(value.expr);
                let temp = self.temp("t", mutable, out.len() + 1, operand.span());
                self.note_value(temp, &value);
                out.push(Stmt::Temp { binding: temp, init: Some(value) });
                *operand = self.name_expr(temp);
            } else if index == last {
                let value: PlainExpr = self.operand(operand, out);
                *operand = value.expr;
            }
        }
        self.plain(rebuilt)
    }

    /// Whether an operand evaluated before a suspension may be evaluated
    /// after it instead, with the same result.
    fn keeps_in_place(&self, operand: &Expr, slot: Slot) -> bool {
        match slot {
            Slot::Place => self.is_place(operand),
            Slot::Value => self.is_pure(operand),
        }
    }

    fn is_place(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Path(p) => p.qself.is_none(),
            Expr::Field(f) => self.is_place(&f.base),
            Expr::Index(i) => self.is_place(&i.expr) && (self.is_pure(&i.index) || single_ident(&i.index).is_some()),
            Expr::Paren(p) => self.is_place(&p.expr),
            Expr::Group(g) => self.is_place(&g.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => self.is_place(&u.expr),
            _ => false,
        }
    }

    /// Evaluating it has no effect and gives the same value at any time.
    fn is_pure(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Lit(_) => true,
            Expr::Path(p) => match single_ident(expr) {
                Some(name) => self.resolve(&name).is_none(),
                None => p.qself.is_none(),
            },
            Expr::Reference(r) => self.is_place(&r.expr),
            Expr::Paren(p) => self.is_pure(&p.expr),
            Expr::Group(g) => self.is_pure(&g.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => matches!(&*u.expr, Expr::Lit(_)),
            _ => false,
        }
    }
}

/// The direct operands of `expr`, in evaluation order.
fn operand_slots(expr: &mut Expr) -> Vec<(&mut Expr, Slot)> {
    use Slot::{Place, Value};
    match expr {
        Expr::Array(e) => e.elems.iter_mut().map(|x| (x, Value)).collect(),
        Expr::Tuple(e) => e.elems.iter_mut().map(|x| (x, Value)).collect(),
        Expr::Assign(e) => vec![(&mut *e.right, Value), (&mut *e.left, Place)],
        Expr::Binary(e) => {
            use BinOp::{
                AddAssign, BitAndAssign, BitOrAssign, BitXorAssign, DivAssign, Eq, Ge, Gt, Le, Lt, MulAssign, Ne,
                RemAssign, ShlAssign, ShrAssign, SubAssign,
            };
            let (left, right) = match e.op {
                Eq(_) | Lt(_) | Le(_) | Ne(_) | Ge(_) | Gt(_) => (Place, Place),
                AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_)
                | BitAndAssign(_) | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_) => (Place, Value),
                _ => (Value, Value),
            };
            vec![(&mut *e.left, left), (&mut *e.right, right)]
        }
        Expr::Call(e) => {
            let mut slots = vec![(&mut *e.func, Place)];
            slots.extend(e.args.iter_mut().map(|x| (x, Value)));
            slots
        }
        Expr::MethodCall(e) => {
            let mut slots = vec![(&mut *e.receiver, Place)];
            slots.extend(e.args.iter_mut().map(|x| (x, Value)));
            slots
        }
        Expr::Cast(e) => vec![(&mut *e.expr, Value)],
        Expr::Field(e) => vec![(&mut *e.base, Place)],
        Expr::Index(e) => vec![(&mut *e.expr, Place), (&mut *e.index, Value)],
        Expr::Range(e) => e.start.iter_mut().chain(e.end.iter_mut()).map(|x| (&mut **x, Value)).collect(),
        Expr::Reference(e) => vec![(&mut *e.expr, Place)],
        Expr::RawAddr(e) => vec![(&mut *e.expr, Place)],
        Expr::Repeat(e) => vec![(&mut *e.expr, Value)],
        Expr::Struct(e) => {
            let mut slots: Vec<_> = e.fields.iter_mut().map(|f| (&mut f.expr, Value)).collect();
            slots.extend(e.rest.iter_mut().map(|r| (&mut **r, Value)));
            slots
        }
        Expr::Try(e) => vec![(&mut *e.expr, Value)],
        Expr::Unary(e) => {
            let slot = if matches!(e.op, syn::UnOp::Deref(_)) { Place } else { Value };
            vec![(&mut *e.expr, slot)]
        }
        Expr::Await(e) => vec![(&mut *e.base, Value)],
        Expr::Let(e) => vec![(&mut *e.expr, Value)],
        _ => Vec::new(),
    }
}
