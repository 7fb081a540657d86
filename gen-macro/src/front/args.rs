//! The attribute's arguments: `#[generator(yield = Y, resume = R, first = x, crate = path)]`.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, Path, Token, Type};

use crate::diag::Diagnostics;

#[derive(Clone)]
pub(crate) struct Args {
    pub yield_ty: Type,
    /// `None` when the generator takes `()`.
    pub resume_ty: Option<Type>,
    /// The binding the first resume argument initialises, if any.
    pub first: Option<FirstArg>,
    pub krate: Path,
}

#[derive(Clone)]
pub(crate) struct FirstArg {
    pub mutable: bool,
    pub ident: Ident,
}

/// One `key = value` entry, before its value is interpreted.
struct Entry {
    key: Ident,
    value: Option<TokenStream>,
}

impl syn::parse::Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Entry> {
        let key = Ident::parse_any(input)?;
        if !input.peek(Token![=]) {
            return Ok(Entry { key, value: None });
        }
        let _: Token![=] = input.parse()?;
        let mut value = TokenStream::new();
        while !input.is_empty() && !input.peek(Token![,]) {
            value.extend([input.parse::<proc_macro2::TokenTree>()?]);
        }
        Ok(Entry { key, value: Some(value) })
    }
}

const EXPECTED: &str = "expected `yield = <type>`, `resume = <type>`, `first = <name>` or `crate = <path>`";

/// Parses the arguments; every problem is reported to `diag`.
pub(crate) fn parse(tokens: &TokenStream, diag: &mut Diagnostics) -> Option<Args> {
    let entries = match Punctuated::<Entry, Token![,]>::parse_terminated.parse2(tokens.clone()) {
        Ok(entries) => entries,
        Err(error) => {
            diag.push(syn::Error::new(error.span(), format!("malformed `#[generator]` arguments: {EXPECTED}")));
            return None;
        }
    };
    let mut yield_ty = None;
    let mut resume_ty = None;
    let mut first = None;
    let mut krate = None;
    let mut yield_given = false;
    for entry in entries {
        let key = entry.key.to_string();
        yield_given |= key == "yield";
        let placeholder = match key.as_str() {
            "yield" | "resume" => "<type>",
            "first" => "<name>",
            _ => "<path>",
        };
        let Some(value) = entry.value else {
            diag.error(&entry.key, format!("expected `{key} = {placeholder}`, found `{key}`"));
            continue;
        };
        if value.is_empty() {
            diag.error(&entry.key, format!("expected `{key} = {placeholder}`, found `{key} =`"));
            continue;
        }
        let slot_taken = match key.as_str() {
            "yield" => set(&mut yield_ty, syn::parse2::<Type>(value), diag),
            "resume" => set(&mut resume_ty, syn::parse2::<Type>(value), diag),
            "first" => set(&mut first, parse_first.parse2(value), diag),
            "crate" => set(&mut krate, parse_crate_path(value), diag),
            _ => {
                diag.error(&entry.key, format!("unknown argument `{key}`: {EXPECTED}"));
                false
            }
        };
        if slot_taken {
            diag.error(&entry.key, format!("duplicate `{key}` argument"));
        }
    }
    let Some(yield_ty) = yield_ty else {
        if !yield_given {
            let message = "missing `yield = <type>`: the type of the values the generator yields";
            diag.push(syn::Error::new(span_of(tokens), message));
        }
        return None;
    };
    let resume_ty = resume_ty.filter(|ty| !is_unit(ty));
    if let (Some(first), None) = (&first, &resume_ty) {
        diag.error(&first.ident, "`first` names the first resume argument, so it needs a `resume = <type>` argument");
    }
    let krate = krate.unwrap_or_else(|| syn::parse_quote!(::gen_runtime));
    Some(Args { yield_ty, resume_ty, first, krate })
}

impl Args {
    /// Stands in for arguments that could not be parsed, for the function
    /// emitted next to the error: it yields `Infallible`, which callers can
    /// still print and compare.
    pub(crate) fn fallback() -> Args {
        Args {
            yield_ty: syn::parse_quote!(::core::convert::Infallible),
            resume_ty: None,
            first: None,
            krate: syn::parse_quote!(::gen_runtime),
        }
    }
}

/// Stores a parsed value; returns whether the slot already had one.
fn set<T>(slot: &mut Option<T>, value: syn::Result<T>, diag: &mut Diagnostics) -> bool {
    match value {
        Ok(value) => slot.replace(value).is_some(),
        Err(error) => {
            diag.push(error);
            false
        }
    }
}

fn parse_first(input: ParseStream) -> syn::Result<FirstArg> {
    let mutable = input.parse::<Option<Token![mut]>>()?.is_some();
    let ident: Ident = input.parse()?;
    Ok(FirstArg { mutable, ident })
}

/// `crate = path` or `crate = "path"`.
fn parse_crate_path(value: TokenStream) -> syn::Result<Path> {
    if let Ok(lit) = syn::parse2::<syn::LitStr>(value.clone()) {
        return lit.parse();
    }
    syn::parse2(value)
}

fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(t) if t.elems.is_empty())
}

fn span_of(tokens: &TokenStream) -> Span {
    tokens.clone().into_iter().next().map_or_else(Span::call_site, |t| t.span())
}
