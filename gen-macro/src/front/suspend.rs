//! Finding suspension points (`yield_!` and `yield_from!` invocations) and
//! rejecting the ones the state machine cannot reach.
//!
//! A suspension point is recognised by the last segment of the macro's path,
//! so `yield_!`, `gen_runtime::yield_!` and `crate::yield_!` all count; a
//! renamed import (`use gen_runtime::yield_ as y;`) does not.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote_spanned;
use syn::visit_mut::VisitMut;
use syn::{Block, Expr, Macro, Path, Stmt};

use crate::syntax::own_code::{self, Walk};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SuspendKind {
    Yield,
    YieldFrom,
}

impl SuspendKind {
    fn of_name(name: &str) -> Option<SuspendKind> {
        match name {
            "yield_" => Some(SuspendKind::Yield),
            "yield_from" => Some(SuspendKind::YieldFrom),
            _ => None,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            SuspendKind::Yield => "yield_!",
            SuspendKind::YieldFrom => "yield_from!",
        }
    }
}

/// The suspension point a macro invocation is, if it is one.
pub(crate) fn suspend_kind(mac: &Macro) -> Option<SuspendKind> {
    let last = mac.path.segments.last()?;
    SuspendKind::of_name(&last.ident.to_string())
}

/// Whether `expr` suspends: it contains a suspension point outside closures,
/// `async` blocks and nested items.
pub(crate) fn expr_suspends(expr: &Expr) -> bool {
    let mut found = false;
    own_code::walk(|v| v.visit_expr(expr), |_| Walk::Descend, |mac| found |= suspend_kind(mac).is_some());
    found
}

/// What [`check_placement`] found out about the body.
#[derive(Default)]
pub(crate) struct Placement {
    /// The paths the body invokes the suspension macros by, one per spelling,
    /// so the expansion can keep the user's imports of them used.
    pub paths: Vec<Path>,
}

/// Replaces every suspension point the state machine cannot reach with a
/// `compile_error!` at its span: inside closures, `async` blocks, `unsafe`
/// blocks and other macros' arguments. The rest of the body is unaffected,
/// so one misplaced `yield_!` produces one error.
pub(crate) fn check_placement(body: &mut Block) -> Placement {
    let mut checker = Checker { context: Vec::new(), placement: Placement::default() };
    checker.visit_block_mut(body);
    checker.placement
}

#[derive(Clone, Copy)]
enum Context {
    Closure,
    Async,
    Unsafe,
}

struct Checker {
    context: Vec<Context>,
    placement: Placement,
}

impl Checker {
    fn record_path(&mut self, path: &Path) {
        let key = quote::ToTokens::to_token_stream(path).to_string();
        if !self.placement.paths.iter().any(|p| quote::ToTokens::to_token_stream(p).to_string() == key) {
            self.placement.paths.push(path.clone());
        }
    }

    /// The error for a suspension point at `span`, if one is not allowed here.
    fn misplaced(&self, kind: SuspendKind) -> Option<String> {
        let name = kind.name();
        self.context.last().map(|context| match context {
            Context::Closure => format!(
                "`{name}` cannot be used inside a closure: a closure is not part of the generator's state machine"
            ),
            Context::Async => format!("`{name}` cannot be used inside an `async` block"),
            Context::Unsafe => format!(
                "`{name}` cannot be used inside an `unsafe` block; keep the `unsafe` block between suspension points"
            ),
        })
    }

    /// Handles a macro invocation in expression or statement position.
    /// Returns the replacement when the invocation must be turned into an error.
    fn check_macro(&mut self, mac: &mut Macro) -> Option<TokenStream> {
        if let Some(kind) = suspend_kind(mac) {
            let span = mac.path.segments.last().map_or_else(Span::call_site, |s| s.ident.span());
            // Keeps the user's import of the macro used, even when rejected.
            self.record_path(&mac.path);
            if let Some(message) = self.misplaced(kind) {
                return Some(quote_spanned!(span=> ::core::compile_error!(#message)));
            }
            // The operand is an expression that may itself suspend.
            if let Ok(Some(mut operand)) = mac.parse_body_with(parse_operand) {
                self.visit_expr_mut(&mut operand);
                mac.tokens = quote::ToTokens::to_token_stream(&operand);
            }
            return None;
        }
        if let Some((span, path)) = find_nested_suspend(mac.tokens.clone()) {
            // Keeps the user's import used, as for a rejected `yield_!` above.
            if let Some(path) = path {
                self.record_path(&path);
            }
            let message =
                "`yield_!` cannot be used inside the arguments of another macro; bind its value to a local first";
            return Some(quote_spanned!(span=> ::core::compile_error!(#message)));
        }
        None
    }
}

/// Replaces every suspension point of a function the attribute rejected by
/// `path!(@__gen_rejected ..)`, which expands to a panic: the function is
/// still emitted, so IDEs keep working, without one more error per
/// `yield_!`.
pub(crate) fn silence(body: &mut Block) {
    struct Silence;
    impl VisitMut for Silence {
        fn visit_macro_mut(&mut self, mac: &mut Macro) {
            if suspend_kind(mac).is_some() {
                let tokens = &mac.tokens;
                mac.tokens = quote::quote!(@__gen_rejected #tokens);
            }
        }
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    }
    Silence.visit_block_mut(body);
}

/// Parses the operand of `yield_!`: an expression, or nothing (`yield_!()`
/// yields `()`).
pub(crate) fn parse_operand(input: syn::parse::ParseStream) -> syn::Result<Option<Expr>> {
    if input.is_empty() {
        return Ok(None);
    }
    let expr: Expr = input.parse()?;
    if !input.is_empty() {
        let _: Option<syn::Token![,]> = input.parse()?;
    }
    if !input.is_empty() {
        return Err(input.error("expected a single expression"));
    }
    Ok(Some(expr))
}

/// The span of a suspension macro invoked inside `tokens`, if any, and its
/// path when it is a bare name (`yield_!`): a longer path is not rebuilt
/// from the tokens.
fn find_nested_suspend(tokens: TokenStream) -> Option<(Span, Option<Path>)> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if SuspendKind::of_name(&ident.to_string()).is_some() => {
                if matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    let after_path = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == ':');
                    return Some((ident.span(), (!after_path).then(|| Path::from(ident.clone()))));
                }
            }
            TokenTree::Group(group) => {
                if let Some(found) = find_nested_suspend(group.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

impl VisitMut for Checker {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(m) => {
                if let Some(replacement) = self.check_macro(&mut m.mac) {
                    *expr = Expr::Verbatim(replacement);
                }
            }
            Expr::Closure(c) => {
                self.context.push(Context::Closure);
                syn::visit_mut::visit_expr_closure_mut(self, c);
                self.context.pop();
            }
            Expr::Async(a) => {
                self.context.push(Context::Async);
                syn::visit_mut::visit_expr_async_mut(self, a);
                self.context.pop();
            }
            Expr::Unsafe(u) => {
                self.context.push(Context::Unsafe);
                syn::visit_mut::visit_expr_unsafe_mut(self, u);
                self.context.pop();
            }
            _ => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(m) = stmt {
            if let Some(replacement) = self.check_macro(&mut m.mac) {
                *stmt = Stmt::Expr(Expr::Verbatim(replacement), Some(syn::token::Semi::default()));
            }
            return;
        }
        syn::visit_mut::visit_stmt_mut(self, stmt);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {
        // A nested item is not part of the generator; a `yield_!` in it
        // expands to the runtime's own error.
    }
}
