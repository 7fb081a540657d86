//! The generator's own code: the body without the closures, `async`
//! blocks and nested items in it. Those have their own `return`, `?` and
//! `break`, and a suspension point in them cannot suspend the generator.

use syn::visit::Visit;
use syn::{Expr, Macro};

/// Whether the code of `expr` is not the generator's own.
pub(crate) fn is_boundary(expr: &Expr) -> bool {
    matches!(expr, Expr::Closure(_) | Expr::Async(_))
}

/// Whether the `return`s and `?`s in `expr` are not the generator's:
/// besides closures and `async` blocks, `const` blocks have their own (the
/// compiler rejects a `return` there).
pub(crate) fn has_own_exits(expr: &Expr) -> bool {
    is_boundary(expr) || matches!(expr, Expr::Const(_))
}

/// What a walk does after seeing an expression.
pub(crate) enum Walk {
    /// Look into its subexpressions.
    Descend,
    /// Leave them.
    Skip,
}

/// Calls `on_expr` for each expression of the generator's own code in
/// `visit` (outermost first), and `on_macro` for each macro invocation
/// there (whose tokens syn does not parse).
pub(crate) fn walk<'ast>(
    visit: impl FnOnce(&mut dyn Visit<'ast>),
    on_expr: impl FnMut(&'ast Expr) -> Walk,
    on_macro: impl FnMut(&'ast Macro),
) {
    let mut walker = Walker { on_expr, on_macro };
    visit(&mut walker);
}

struct Walker<E, M> {
    on_expr: E,
    on_macro: M,
}

impl<'ast, E: FnMut(&'ast Expr) -> Walk, M: FnMut(&'ast Macro)> Visit<'ast> for Walker<E, M> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if is_boundary(expr) {
            return;
        }
        if let Walk::Descend = (self.on_expr)(expr) {
            syn::visit::visit_expr(self, expr);
        }
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        (self.on_macro)(mac);
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
