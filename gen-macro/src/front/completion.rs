//! Catches `-> impl Iterator<Item = Y>` written as the declared return type
//! of a generator, which declares its *completion* value (as an `async fn`'s
//! declares its future's output), not the iterator the function returns.
//!
//! A generator may legitimately complete with an iterator, so the return
//! type alone does not decide: the error is given only when the body can
//! only complete with `()`, which implements none of these traits, so the
//! function would not compile anyway (rustc would say "`()` is not an
//! iterator" at the return type).

use proc_macro2::{TokenStream, TokenTree};
use syn::{Block, Expr, ReturnType, Stmt, Type, TypeParamBound};

use crate::diag::Diagnostics;
use crate::syntax::own_code::{self, Walk};

/// The traits a user writes when they think the function returns the
/// iterator itself.
const ITERATOR_TRAITS: &[&str] =
    &["Iterator", "IntoIterator", "FusedIterator", "DoubleEndedIterator", "ExactSizeIterator", "Generator"];

/// Reports `-> impl Iterator<..>` on a body that completes with `()`.
pub(crate) fn check(output: &ReturnType, body: &Block, diag: &mut Diagnostics) {
    let ReturnType::Type(_, ty) = output else { return };
    let Some(name) = iterator_trait(ty) else { return };
    if !completes_with_unit(body) {
        return;
    }
    let (article, noun) = if name == "Generator" { ("a", "generator") } else { ("an", "iterator") };
    diag.error(
        ty,
        format!(
            "the declared return type of a `#[generator]` function is the value the generator \
             completes with, not the {noun} it returns\n\
             help: remove `-> impl {name}<..>`: the function already returns {article} {noun} of the \
             attribute's `yield` type, and this body completes with no value"
        ),
    );
}

/// The name of the iterator-like trait `ty` is an `impl` of, if any.
fn iterator_trait(ty: &Type) -> Option<String> {
    let Type::ImplTrait(imp) = ty else { return None };
    imp.bounds.iter().find_map(|bound| match bound {
        TypeParamBound::Trait(t) => {
            let name = t.path.segments.last()?.ident.to_string();
            ITERATOR_TRAITS.contains(&name.as_str()).then_some(name)
        }
        _ => None,
    })
}

/// Whether the body certainly completes with `()`: no tail expression (or
/// one that is a `for`/`while`/`loop`), no `return` with a value, no `?`
/// and no `break` with a value. Closures, `async` blocks and nested items
/// are not the body's own code.
fn completes_with_unit(body: &Block) -> bool {
    let unit_tail = match body.stmts.last() {
        None | Some(Stmt::Local(_) | Stmt::Item(_) | Stmt::Expr(_, Some(_))) => true,
        Some(Stmt::Macro(m)) => m.semi_token.is_some(),
        Some(Stmt::Expr(tail, None)) => matches!(tail, Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_)),
    };
    unit_tail && !completes_with_value(body)
}

/// Whether the body may complete with a value: by `return e`, `e?`, or
/// `break e` (which can give a tail `loop` a value).
fn completes_with_value(body: &Block) -> bool {
    let (mut found, mut in_macro) = (false, false);
    let on_expr = |expr: &Expr| match expr {
        Expr::Return(syn::ExprReturn { expr: Some(_), .. })
        | Expr::Break(syn::ExprBreak { expr: Some(_), .. })
        | Expr::Try(_) => {
            found = true;
            Walk::Skip
        }
        _ => Walk::Descend,
    };
    // Another macro may expand to any of them: only the standard library's
    // and the suspension macros are looked into, and then only for the
    // tokens `?`, `return` and `break`.
    let on_macro = |mac: &syn::Macro| {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        in_macro |= !KNOWN_MACROS.contains(&name.as_str()) || may_exit(mac.tokens.clone());
    };
    own_code::walk(|v| v.visit_block(body), on_expr, on_macro);
    found || in_macro
}

/// Macros that never expand to a `return`, `?` or `break` of their own.
const KNOWN_MACROS: &[&str] = &[
    "yield_",
    "yield_from",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "dbg",
    "eprint",
    "eprintln",
    "format",
    "panic",
    "print",
    "println",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

fn may_exit(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Punct(p) => p.as_char() == '?',
        TokenTree::Ident(i) => i == "return" || i == "break",
        TokenTree::Group(g) => may_exit(g.stream()),
        TokenTree::Literal(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::completes_with_unit;

    fn unit(body: &str) -> bool {
        completes_with_unit(&syn::parse_str(body).expect("a block"))
    }

    #[test]
    fn bodies_without_a_value_complete_with_unit() {
        assert!(unit("{}"));
        assert!(unit("{ for i in 0..3 { yield_!(i); } }"));
        assert!(unit("{ loop { yield_!(1); } }"));
        assert!(unit("{ let x = 1; yield_!(x); return; }"));
        assert!(unit("{ println!(\"{}\", 1); }"));
        assert!(unit("{ let f = || return 1; let g = || x?; yield_!(f()); }"));
    }

    /// Any of these may complete with an iterator: never rejected.
    #[test]
    fn bodies_that_may_complete_with_a_value_are_not_flagged() {
        assert!(!unit("{ yield_!(1); 0..3 }"));
        assert!(!unit("{ yield_!(1); return 0..3; }"));
        assert!(!unit("{ yield_!(1); Some(1)?; }"));
        assert!(!unit("{ loop { break 0..3; } }"));
        assert!(!unit("{ yield_!(1); finish!(0..3); }"));
        assert!(!unit("{ println!(\"{}\", x?); }"));
        assert!(!unit("{ yield_!(1); if c { a } else { b } }"));
    }
}
