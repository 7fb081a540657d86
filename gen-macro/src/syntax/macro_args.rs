//! The arguments of macros whose arguments are expressions (`format!`,
//! `vec!`, `assert_eq!`), parsed so that the expressions can be analysed
//! and rewritten.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Token};

/// `name = expr` or `expr`, as in `format!` arguments.
pub(crate) struct MacroArg {
    name: Option<(syn::Ident, Token![=])>,
    pub(crate) expr: Expr,
}

impl syn::parse::Parse for MacroArg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = if input.peek(syn::Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
            Some((input.parse()?, input.parse()?))
        } else {
            None
        };
        Ok(MacroArg { name, expr: input.parse()? })
    }
}

impl ToTokens for MacroArg {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        if let Some((name, eq)) = &self.name {
            name.to_tokens(tokens);
            eq.to_tokens(tokens);
        }
        self.expr.to_tokens(tokens);
    }
}

/// The comma-separated arguments of a macro, if that is what it takes.
pub(crate) fn args(mac: &Macro) -> Option<Punctuated<MacroArg, Token![,]>> {
    Punctuated::<MacroArg, Token![,]>::parse_terminated.parse2(mac.tokens.clone()).ok()
}

/// `vec![item; len]`: the item and the length.
pub(crate) fn repeat(mac: &Macro) -> Option<(Expr, Expr)> {
    mac.parse_body_with(|input: ParseStream| {
        let item: Expr = input.parse()?;
        let _: Token![;] = input.parse()?;
        let len: Expr = input.parse()?;
        Ok((item, len))
    })
    .ok()
}

/// The tokens of `vec![item; len]` again.
pub(crate) fn repeat_tokens(item: &Expr, len: &Expr) -> TokenStream {
    quote!(#item; #len)
}

/// The name of a macro (the last segment of its path).
pub(crate) fn name(mac: &Macro) -> String {
    mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}
