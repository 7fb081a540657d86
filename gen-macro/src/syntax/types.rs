//! What a written type tells about its values.

use syn::Type;

/// References and primitive types have no drop glue.
pub(crate) fn no_drop_type(ty: &Type) -> bool {
    match ty {
        Type::Reference(_) => true,
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().is_some_and(|ident| {
            matches!(
                ident.to_string().as_str(),
                "u8" | "u16"
                    | "u32"
                    | "u64"
                    | "u128"
                    | "usize"
                    | "i8"
                    | "i16"
                    | "i32"
                    | "i64"
                    | "i128"
                    | "isize"
                    | "f32"
                    | "f64"
                    | "bool"
                    | "char"
            )
        }),
        Type::Paren(p) => no_drop_type(&p.elem),
        Type::Tuple(t) => t.elems.iter().all(no_drop_type),
        _ => false,
    }
}

/// Whether a value of type `ty` cannot hold a borrow of a local: the type
/// names no reference, lifetime, `impl Trait` or inferred part. (A local's
/// lifetime cannot be named, and generic parameters outlive the function.)
pub(crate) fn owns_everything(ty: &Type) -> bool {
    use syn::visit::Visit;
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_type_reference(&mut self, _: &'ast syn::TypeReference) {
            self.0 = false;
        }
        fn visit_lifetime(&mut self, _: &'ast syn::Lifetime) {
            self.0 = false;
        }
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = false;
        }
        fn visit_type_infer(&mut self, _: &'ast syn::TypeInfer) {
            self.0 = false;
        }
        fn visit_type_ptr(&mut self, _: &'ast syn::TypePtr) {
            self.0 = false;
        }
        fn visit_type_macro(&mut self, _: &'ast syn::TypeMacro) {
            self.0 = false;
        }
    }
    let mut finder = Finder(true);
    finder.visit_type(ty);
    finder.0
}

/// `String` (or `std::string::String`, `alloc::string::String`).
pub(crate) fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_none()))
}

/// A standard collection a generator can own (not a reference to one): a
/// `Vec`, `VecDeque`, `String`, `HashMap`, `HashSet`, `BTreeMap`,
/// `BTreeSet`, `BinaryHeap`, `Box<[T]>` or an array. Its borrowing methods
/// (`v.iter()`, `v.windows(2)`) certainly borrow it.
pub(crate) fn is_collection(ty: &Type) -> bool {
    match ty {
        Type::Array(_) => true,
        Type::Group(g) => is_collection(&g.elem),
        Type::Paren(p) => is_collection(&p.elem),
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().is_some_and(|s| {
            COLLECTIONS.contains(&s.ident.to_string().as_str())
                || (s.ident == "Box"
                    && matches!(&s.arguments, syn::PathArguments::AngleBracketed(a)
                        if matches!(a.args.first(), Some(syn::GenericArgument::Type(Type::Slice(_))))))
        }),
        _ => false,
    }
}

const COLLECTIONS: &[&str] = &["Vec", "VecDeque", "String", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "BinaryHeap"];

/// An expression whose value is evidently a standard collection (see
/// [`is_collection`]): a `String` ([`makes_string`]), `vec![..]`, an array
/// expression, or `Vec::new()`, `HashMap::with_capacity(..)`,
/// `BTreeSet::from(..)` and the like.
pub(crate) fn makes_collection(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Macro(m) => m.mac.path.is_ident("vec") || makes_string(expr),
        syn::Expr::Array(_) | syn::Expr::Repeat(_) => true,
        syn::Expr::Call(call) => matches!(&*call.func, syn::Expr::Path(p)
            if p.path.segments.len() >= 2
                && COLLECTIONS.contains(&p.path.segments[p.path.segments.len() - 2].ident.to_string().as_str())
                && ["new", "from", "with_capacity", "from_iter"]
                    .iter()
                    .any(|f| p.path.segments.last().is_some_and(|s| s.ident == f))),
        syn::Expr::Paren(p) => makes_collection(&p.expr),
        syn::Expr::Group(g) => makes_collection(&g.expr),
        other => makes_string(other),
    }
}

/// An expression whose value is evidently a `String`: `String::new()`,
/// `String::from(..)`, `String::with_capacity(..)`, `format!(..)`,
/// `x.to_string()`.
pub(crate) fn makes_string(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Call(call) => matches!(&*call.func, syn::Expr::Path(p)
            if p.path.segments.len() >= 2
                && p.path.segments[p.path.segments.len() - 2].ident == "String"
                && ["new", "from", "with_capacity"].iter().any(|f| p.path.segments.last().is_some_and(|s| s.ident == f))),
        syn::Expr::Macro(m) => m.mac.path.is_ident("format"),
        syn::Expr::MethodCall(m) => m.method == "to_string" && m.args.is_empty(),
        syn::Expr::Paren(p) => makes_string(&p.expr),
        syn::Expr::Group(g) => makes_string(&g.expr),
        _ => false,
    }
}
