//! Renaming locals inside macro arguments, which syn leaves as tokens.

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};

/// `tokens` with each identifier that may name a local (see
/// [`may_name_local`]) replaced by what `replace` returns for it (when it
/// returns something).
pub(crate) fn locals_in_tokens(
    tokens: TokenStream,
    replace: &mut impl FnMut(&Ident) -> Option<TokenStream>,
) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) => match if may_name_local(&trees, i) { replace(ident) } else { None } {
                Some(replacement) => out.extend(replacement),
                None => out.extend([tree.clone()]),
            },
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), locals_in_tokens(group.stream(), replace));
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
            }
            other => out.extend([other.clone()]),
        }
    }
    out
}

/// `tokens` with every token given `span`'s location (for a path the
/// expansion writes where rustc should point at the user's code).
pub(crate) fn located_at(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), located_at(group.stream(), span));
                inner.set_span(group.span().located_at(span));
                TokenTree::Group(inner)
            }
            mut other => {
                other.set_span(other.span().located_at(span));
                other
            }
        })
        .collect()
}

/// Whether the identifier `trees[i]` may name a local: it is not a field
/// or method name (after `.`), nor the start of a path or a macro's name
/// (before `:` or `!`).
pub(crate) fn may_name_local(trees: &[TokenTree], i: usize) -> bool {
    let after_dot = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
    let before_path = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':' || p.as_char() == '!');
    !after_dot && !before_path
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn only_identifiers_that_may_name_locals_are_replaced() {
        let tokens = quote!("{} {}", x, s.x, x::f(), x!(x), [x]);
        let renamed = super::locals_in_tokens(tokens, &mut |ident| (ident == "x").then(|| quote!(y)));
        assert_eq!(renamed.to_string(), quote!("{} {}", y, s.x, x::f(), x!(y), [y]).to_string());
    }
}
