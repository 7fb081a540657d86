//! Kinds of expressions the phases tell apart.

use syn::Expr;

/// The control-flow expressions whose blocks may suspend, which lowering
/// takes apart into structural statements.
pub(crate) fn is_control_flow(expr: &Expr) -> bool {
    matches!(expr, Expr::If(_) | Expr::Match(_) | Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Block(_))
}

/// Rust's block-like expressions: as a statement, they need no `;`.
pub(crate) fn is_block_like(expr: &Expr) -> bool {
    is_control_flow(expr) || matches!(expr, Expr::Unsafe(_) | Expr::Const(_))
}
