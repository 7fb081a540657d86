//! Names in expressions and format strings.

use syn::Expr;

/// The identifiers a format string captures implicitly.
pub(crate) fn format_capture_names(format: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut spec = String::new();
        for c in chars.by_ref() {
            if c == '}' {
                break;
            }
            spec.push(c);
        }
        let (arg, options) = spec.split_once(':').unwrap_or((&spec, ""));
        let arg = arg.trim();
        if is_identifier(arg) {
            names.push(arg.to_owned());
        }
        // `{:width$}` and `{:.precision$}` name arguments too.
        for part in options.split('$').take(options.matches('$').count()) {
            let name: String = part
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if is_identifier(&name) {
                names.push(name);
            }
        }
    }
    names
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && s != "_"
}

/// The binding a field path starts from and the field taken of it:
/// `("page", "users")` for `page.users` or `page.users.items`.
pub(crate) fn root_member(expr: &Expr) -> Option<(String, String)> {
    match expr {
        Expr::Field(f) => match single_ident(&f.base) {
            Some(root) => Some((root, member_name(&f.member))),
            None => root_member(&f.base),
        },
        Expr::Paren(p) => root_member(&p.expr),
        _ => None,
    }
}

/// A field written by [`member_name`], back as syntax.
pub(crate) fn parse_member(name: &str) -> syn::Member {
    syn::parse_str(name)
        .unwrap_or_else(|_| syn::Member::Named(proc_macro2::Ident::new("__gen_field", proc_macro2::Span::call_site())))
}

/// A field's name as written: `next`, or `0` for a tuple's.
pub(crate) fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}

/// The name of a path expression that is a single identifier.
pub(crate) fn single_ident(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1 => {
            let segment = &p.path.segments[0];
            segment.arguments.is_none().then(|| segment.ident.to_string())
        }
        Expr::Group(g) => single_ident(&g.expr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_implicit_format_captures() {
        assert_eq!(format_capture_names("{x} {{y}} {z:?} {0} {:w$} {:.p$}"), ["x", "z", "w", "p"]);
    }
}
