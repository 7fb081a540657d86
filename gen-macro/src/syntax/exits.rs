//! The generator's own exits in user code: `return` and `?` outside
//! closures, `async` blocks, `const` blocks and nested items, which have
//! their own ([`own_code::has_own_exits`]). Emission rewrites them to leave
//! the dispatch loop (`emit::rewrite`, which skips the same expressions);
//! the plan needs to know where there are some.

use syn::visit::Visit;
use syn::{Expr, Stmt};

use crate::syntax::macro_args;
use crate::syntax::own_code::{self, Walk};

fn is_exit(expr: &Expr) -> bool {
    matches!(expr, Expr::Return(_) | Expr::Try(_))
}

/// Whether `expr` has an exit outside the macros it invokes: the test for
/// rewriting a macro's arguments (`vec![a?]`, `format!("{}", b?)`). It
/// looks into `const` blocks too: a `return` there is an error anyway.
pub(crate) fn outside_macros(expr: &Expr) -> bool {
    let mut found = false;
    let on_expr = |e: &Expr| {
        found |= is_exit(e);
        Walk::Descend
    };
    own_code::walk(|v| v.visit_expr(expr), on_expr, |_| {});
    found
}

/// Whether emission rewrites an exit in `expr`: one outside macros, or in
/// the arguments of a macro that has one there (at any depth).
pub(crate) fn in_expr(expr: &Expr) -> bool {
    rewritten(|v| v.visit_expr(expr))
}

/// [`in_expr`] for a statement.
pub(crate) fn in_stmt(stmt: &Stmt) -> bool {
    rewritten(|v| v.visit_stmt(stmt))
}

/// Finds the exits `emit::rewrite` rewrites.
fn rewritten<'ast>(visit: impl FnOnce(&mut dyn Visit<'ast>)) -> bool {
    let (mut found, mut in_macro) = (false, false);
    let on_expr = |e: &Expr| {
        found |= is_exit(e);
        if is_exit(e) || own_code::has_own_exits(e) { Walk::Skip } else { Walk::Descend }
    };
    let on_macro = |mac: &syn::Macro| {
        let Some(args) = macro_args::args(mac) else { return };
        if args.iter().any(|arg| outside_macros(&arg.expr)) {
            in_macro |= args.iter().any(|arg| in_expr(&arg.expr));
        }
    };
    own_code::walk(visit, on_expr, on_macro);
    found || in_macro
}
