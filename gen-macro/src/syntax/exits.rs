//! The generator's own exits in user code: `return` and `?` outside
//! closures, `async` blocks, `const` blocks and nested items, which have
//! their own. Emission rewrites them to leave the dispatch loop (see
//! `emit::rewrite`); the plan needs to know where there are some.

use syn::visit::Visit;
use syn::{Expr, Stmt};

use crate::syntax::macro_args;

/// Whether `expr` has an exit outside the macros it invokes: the test for
/// rewriting a macro's arguments (`vec![a?]`, `format!("{}", b?)`).
pub(crate) fn outside_macros(expr: &Expr) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr_return(&mut self, _: &'ast syn::ExprReturn) {
            self.0 = true;
        }
        fn visit_expr_try(&mut self, _: &'ast syn::ExprTry) {
            self.0 = true;
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut finder = Finder(false);
    finder.visit_expr(expr);
    finder.0
}

/// Whether emission rewrites an exit in `expr`: one outside macros, or in
/// the arguments of a macro that has one there (at any depth).
pub(crate) fn in_expr(expr: &Expr) -> bool {
    let mut finder = Rewritten(false);
    finder.visit_expr(expr);
    finder.0
}

/// [`in_expr`] for a statement.
pub(crate) fn in_stmt(stmt: &Stmt) -> bool {
    let mut finder = Rewritten(false);
    finder.visit_stmt(stmt);
    finder.0
}

/// Finds the exits `emit::rewrite` rewrites, in the order it visits.
struct Rewritten(bool);

impl<'ast> Visit<'ast> for Rewritten {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Return(_) | Expr::Try(_) => self.0 = true,
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => syn::visit::visit_expr(self, expr),
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let Some(args) = macro_args::args(mac) else { return };
        if args.iter().any(|arg| outside_macros(&arg.expr)) {
            args.iter().for_each(|arg| self.visit_expr(&arg.expr));
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
