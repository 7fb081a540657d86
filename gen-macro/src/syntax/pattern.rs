//! The bindings a pattern introduces.

use proc_macro2::Ident;
use syn::Pat;

/// A variable a pattern binds.
pub(crate) struct PatBinding {
    pub ident: Ident,
    pub mutable: bool,
    pub by_ref: bool,
}

/// The bindings of `pat`, in source order.
///
/// A lone identifier starting with an uppercase letter (`None`, `MAX`) is a
/// constant or a unit variant, not a binding: a macro cannot tell, so it
/// follows the naming convention rustc's lints enforce.
pub(crate) fn bindings(pat: &Pat) -> Vec<PatBinding> {
    let mut out = Vec::new();
    collect(pat, &mut out);
    out
}

/// Whether `pat` moves (or copies) anything out of the value it matches,
/// as opposed to only testing it or borrowing from it.
pub(crate) fn binds_by_value(pat: &Pat) -> bool {
    bindings(pat).iter().any(|b| !b.by_ref)
}

fn collect(pat: &Pat, out: &mut Vec<PatBinding>) {
    match pat {
        Pat::Ident(p) => {
            let is_binding =
                p.by_ref.is_some() || p.mutability.is_some() || p.subpat.is_some() || !starts_uppercase(&p.ident);
            if is_binding {
                out.push(PatBinding {
                    ident: p.ident.clone(),
                    mutable: p.mutability.is_some(),
                    by_ref: p.by_ref.is_some(),
                });
            }
            if let Some((_, sub)) = &p.subpat {
                collect(sub, out);
            }
        }
        Pat::Or(p) => {
            // Every alternative binds the same names; the first one is enough.
            if let Some(first) = p.cases.first() {
                collect(first, out);
            }
        }
        Pat::Paren(p) => collect(&p.pat, out),
        Pat::Reference(p) => collect(&p.pat, out),
        Pat::Slice(p) => p.elems.iter().for_each(|e| collect(e, out)),
        Pat::Struct(p) => p.fields.iter().for_each(|f| collect(&f.pat, out)),
        Pat::Tuple(p) => p.elems.iter().for_each(|e| collect(e, out)),
        Pat::TupleStruct(p) => p.elems.iter().for_each(|e| collect(e, out)),
        Pat::Type(p) => collect(&p.pat, out),
        _ => {}
    }
}

fn starts_uppercase(ident: &Ident) -> bool {
    ident.to_string().trim_start_matches("r#").starts_with(|c: char| c.is_uppercase())
}
