//! `yield_from!(walk(..))` inside `fn walk`: delegation to the function
//! itself, without a box.
//!
//! A caller cannot hold its callee's generator (its type would contain
//! itself), so the callee runs in the caller's own machine: the suspension
//! pushes the caller's state onto a stack of states and starts the body
//! again, in place, with the call's arguments as its parameters. When that
//! body completes, the caller's state is popped and its resume arm receives
//! the completion value as the value of its `yield_from!` (see
//! `emit/frames.rs`). Items go straight from the innermost body to the
//! consumer, whatever the depth, and the native stack does not grow.
//!
//! ```text
//! // Input:
//! let n = yield_from!(walk(child));
//! // IR: a suspension whose value is the callee's parameters and first
//! // resume argument, and whose result is its completion value.
//! { let r = <suspend into walk>((child, ())); let n = r; }
//! ```

use proc_macro2::Span;
use syn::Expr;

use super::{Dest, Lowerer};
use crate::ir::{Nested, Stmt, Yield, YieldInfo};

impl Lowerer<'_> {
    pub(super) fn lower_self_delegation(
        &mut self,
        arguments: &[Expr],
        first: Option<Expr>,
        dest: Dest,
        span: Span,
        out: &mut Vec<Stmt>,
    ) {
        let construct = self.next_construct();
        let body = self.new_block(
            |_| {},
            |this, out| {
                let mut values: Vec<Expr> = arguments.iter().map(|a| this.operand(a, out).expr).collect();
                // The callee's first resume argument, as for any sub-generator.
                values.push(match (&this.resume_ty, first) {
                    (None, _) => syn::parse_quote_spanned!(span=> ()),
                    (Some(_), Some(first)) => this.operand(&first, out).expr,
                    (Some(_), None) => syn::parse_quote_spanned!(span=> ::core::default::Default::default()),
                });
                let value = this.plain(syn::parse_quote_spanned!(span=> (#(#values,)*)));
                let id = this.yields.push(YieldInfo { span, delegates_to_self: true });
                let result = this.temp("r", false, out.len() + 1, span);
                out.push(Stmt::Yield(Yield { id, value, result: Some(result) }));
                let value = this.plain(this.name_expr(result));
                this.assign_dest(dest, value, out);
            },
        );
        out.push(Stmt::Block(Nested { construct, body, unsafety: false }));
    }
}
