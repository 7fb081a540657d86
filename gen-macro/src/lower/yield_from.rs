//! `yield_from!`: delegation to a generator or an iterable (PEP 380).

use proc_macro2::{Ident, Span};
use syn::spanned::Spanned;
use syn::{Expr, Pat};

use super::{Dest, Lowerer, Matched};
use crate::front::suspend::parse_operand;
use crate::ir::{Access, Eff};
use crate::ir::{Match, Nested, PlainExpr, SlotKind, Stmt, Yield};

impl Lowerer<'_> {
    /// Desugars `yield_from!(sub)` (or `yield_from!(sub, first)` for
    /// generators that take resume arguments):
    ///
    /// ```text
    /// // Input:
    /// let v = yield_from!(sub);
    /// // Output:
    /// {
    ///     let mut sub = delegate(sub);   // a generator, or an iterable made one
    ///     let mut arg = first;           // `first` or `Default::default()`; `()` is used as is
    ///     loop {
    ///         match Generator::resume(&mut sub, arg) {
    ///             Yielded(y) => arg = yield_!(y),
    ///             Complete(r) => break r,
    ///         }
    ///     }
    /// }
    /// ```
    ///
    /// The sub-generator is started when `yield_from!` is reached, while the
    /// outer generator is running: its first resume argument is `first`
    /// (`Default::default()` if omitted); every later one is the argument
    /// the outer generator is resumed with.
    pub(super) fn lower_yield_from(&mut self, m: &syn::ExprMacro, dest: Dest, out: &mut Vec<Stmt>) {
        let span = m.mac.path.span();
        let Some((sub, first)) = self.yield_from_operands(m) else { return };
        if let Some(arguments) = self.self_calls.and_then(|calls| calls.arguments(&sub)) {
            self.lower_self_delegation(&arguments, first, dest, span, out);
            return;
        }
        let krate = self.krate.clone();
        let resume_ty = self.resume_ty.clone();
        let (item_name, done_name) = (
            Ident::new("__gen_item", Span::mixed_site().located_at(span)),
            Ident::new("__gen_done", Span::mixed_site().located_at(span)),
        );
        self.import_delegation();
        let construct = self.next_construct();
        let body = self.new_block(
            |_| {},
            |this, out| {
                let sub = this.operand(&sub, out).expr;
                let wrapped = this.temp("w", false, out.len() + 1, span);
                let init = this.plain(syn::parse_quote_spanned!(span=> #krate::__private::Wrap(#sub)));
                out.push(Stmt::Temp { binding: wrapped, init: Some(init) });
                let wrapped = this.name_expr(wrapped);
                let delegate: Expr = syn::parse_quote_spanned!(span=>
                    (&&#wrapped).__gen_delegate_kind().__gen_delegate(#wrapped)
                );
                let delegate = this.plain(delegate);
                let sub = this.temp("sub", true, out.len() + 1, span);
                this.keep_in_place(sub, SlotKind::Guarded);
                out.push(Stmt::Temp { binding: sub, init: Some(delegate) });
                // With a `()` resume type, the argument needs no variable
                // (and the arm after the inner yield has no code of its own).
                let arg = resume_ty.as_ref().map(|_| {
                    let first: Expr = match first {
                        Some(first) => this.operand(&first, out).expr,
                        None => syn::parse_quote_spanned!(span=> ::core::default::Default::default()),
                    };
                    let first = this.plain(first);
                    let arg = this.temp("arg", true, out.len() + 1, span);
                    out.push(Stmt::Temp { binding: arg, init: Some(first) });
                    arg
                });
                let sub_name = this.name_expr(sub);
                let arg_expr: Expr = match arg {
                    Some(arg) => this.name_expr(arg),
                    None => syn::parse_quote_spanned!(span=> ()),
                };
                let resume_ty = resume_ty.clone().unwrap_or_else(|| syn::parse_quote!(()));
                this.build_loop(None, Dest::Discard, out, |this, out, target| {
                    let resume: Expr = syn::parse_quote_spanned!(span=>
                        #krate::__private::resume_delegate::<#resume_ty, _>(&mut #sub_name, #arg_expr)
                    );
                    let eff = Eff::seq(vec![
                        Eff::Use(sub, Access::Read),
                        arg.map(|a| Eff::Use(a, Access::Move)).unwrap_or_default(),
                    ]);
                    let scrutinee = PlainExpr { expr: resume, eff };
                    let yielded: Pat = syn::parse_quote_spanned!(span=> #krate::GeneratorState::Yielded(#item_name));
                    let complete: Pat = syn::parse_quote_spanned!(span=> #krate::GeneratorState::Complete(#done_name));
                    let item = this.match_arm(Vec::new(), (&yielded, Matched::Owned), None, |this, out| {
                        // Through `SameAs`, whose message names `yield_from!`
                        // and both types, rather than a bare type mismatch.
                        let yield_ty = &this.yield_ty;
                        let value = this.plain(syn::parse_quote_spanned!(span=>
                            #krate::__private::SameAs::<#yield_ty>::same(#item_name)
                        ));
                        let id = this.next_yield(span);
                        let Some(arg) = arg else {
                            out.push(Stmt::Yield(Yield { id, value, result: None }));
                            return;
                        };
                        let result = this.temp("r", false, out.len() + 1, span);
                        out.push(Stmt::Yield(Yield { id, value, result: Some(result) }));
                        let next = this.plain(this.name_expr(result));
                        out.push(Stmt::Assign { binding: arg, value: next });
                    });
                    let done = this.match_arm(Vec::new(), (&complete, Matched::Owned), None, |this, out| {
                        let value = this.plain(syn::parse_quote!(#done_name));
                        this.assign_dest(dest, value, out);
                        if !matches!(dest, Dest::Return) {
                            out.push(Stmt::Break(target));
                        }
                    });
                    let construct = this.next_construct();
                    out.push(Stmt::Match(Match { construct, scrutinee, arms: vec![item, done] }));
                });
            },
        );
        out.push(Stmt::Block(Nested { construct, body, unsafety: false }));
    }

    /// Brings the traits `(&&wrapped).__gen_delegate_kind()` resolves to into scope.
    fn import_delegation(&mut self) {
        let krate = &self.krate;
        let import: syn::Stmt = syn::parse_quote!(
            #[allow(unused_imports)]
            use #krate::__private::{DelegateGenerator as _, DelegateIterable as _};
        );
        let text = quote::ToTokens::to_token_stream(&import).to_string();
        if !self.items.iter().any(|item| quote::ToTokens::to_token_stream(item).to_string() == text) {
            self.items.push(import);
        }
    }

    fn yield_from_operands(&mut self, m: &syn::ExprMacro) -> Option<(Expr, Option<Expr>)> {
        let parsed = m.mac.parse_body_with(|input: syn::parse::ParseStream| {
            let sub: Expr = input.parse()?;
            if input.is_empty() {
                return Ok((sub, None));
            }
            let _: syn::Token![,] = input.parse()?;
            if input.is_empty() {
                return Ok((sub, None));
            }
            let first = parse_operand(input)?;
            Ok((sub, first))
        });
        match parsed {
            Ok((sub, first)) => {
                if first.is_some() && self.resume_ty.is_none() {
                    self.diag.error(&m.mac, "`yield_from!(generator, first)` takes a first resume argument only in generators with a `resume` type");
                }
                Some((sub, first))
            }
            Err(error) => {
                self.diag.push(error);
                None
            }
        }
    }
}
