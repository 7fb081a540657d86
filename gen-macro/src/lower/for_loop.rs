//! `for` loops.

use syn::spanned::Spanned;
use syn::{Expr, Pat};

use super::effects::Names;
use super::{Dest, Lowerer, Matched, methods};
use crate::ir::BindingId;
use crate::ir::{Access, Eff};
use crate::ir::{Match, Nested, PlainExpr, SlotKind, Stmt};
use crate::syntax::idents::single_ident;

impl Lowerer<'_> {
    /// Desugars a `for` loop as the compiler does, with the iterator in a
    /// hidden variable that the state machine keeps across suspensions:
    ///
    /// ```text
    /// // Input:
    /// for pat in iterable { body }
    /// // Output:
    /// {
    ///     let mut iter = IntoIterator::into_iter(iterable);
    ///     loop { match Iterator::next(&mut iter) { Some(pat) => { body } None => break } }
    /// }
    /// ```
    pub(super) fn lower_for(&mut self, e: &syn::ExprForLoop, dest: Dest, out: &mut Vec<Stmt>) {
        if let Some(owned) = self.owner_loop(e) {
            // A binding the body could assign (`mut x`), or that binds by
            // reference, could not be made again after a `yield_!`: the
            // loop keeps its iterator, which compiles when it borrows
            // nothing the generator owns, and is an error where it
            // certainly does.
            let remade = if owned.owns_items() { None } else { zipped_first(&e.pat, &owned.adapters).or(Some(&e.pat)) };
            let reassignable =
                remade.into_iter().flat_map(crate::syntax::pattern::bindings).find(|b| b.mutable || b.by_ref);
            let certain = self.collections.contains(&owned.root) || self.bindings[owned.root].derived.is_some();
            match reassignable {
                None => return self.lower_owner_loop(e, &owned, dest, out),
                Some(binding) if certain => {
                    self.reject_item_pattern(&e.pat, &binding.ident);
                    return self.lower_owner_loop(e, &owned, dest, out);
                }
                Some(_) => {}
            }
        }
        let span = e.expr.span();
        let construct = self.next_construct();
        let body = self.new_block(
            |_| {},
            |this, out| {
                let local_borrow = this.local_borrow(&e.expr).or_else(|| this.iterator_borrow(&e.expr));
                let iterable = super::without_parens(this.operand(&e.expr, out).expr);
                let eff = this.effects(|effects| effects.consumed(&iterable));
                let into_iter: Expr =
                    syn::parse_quote_spanned!(span=> ::core::iter::IntoIterator::into_iter(#iterable));
                let init = PlainExpr { expr: into_iter, eff };
                let iter = this.temp("iter", true, out.len() + 1, span);
                // The items borrow what the iterable borrows (`for x in &v`).
                let borrowing = this.borrows(&iterable);
                this.mark_borrowing(&[iter], borrowing);
                this.bindings[iter].local_borrow = local_borrow;
                // A range is cheaper to move than to reach through a slot,
                // and has no drop glue (its items are `Step` types).
                if is_range(&e.expr) {
                    this.bindings[iter].no_drop = true;
                } else {
                    this.keep_in_place(iter, SlotKind::Guarded);
                }
                out.push(Stmt::Temp { binding: iter, init: Some(init) });
                let iter_name = this.name_expr(iter);
                this.build_loop(e.label.as_ref(), Dest::Discard, out, |this, out, target| {
                    let next: Expr = syn::parse_quote_spanned!(span=> ::core::iter::Iterator::next(&mut #iter_name));
                    let scrutinee = PlainExpr { expr: next, eff: Eff::Use(iter, Access::Read) };
                    let pat = &e.pat;
                    let some: Pat = syn::parse_quote_spanned!(span=> ::core::option::Option::Some(#pat));
                    let none: Pat = syn::parse_quote_spanned!(span=> ::core::option::Option::None);
                    let matched = if borrowing { Matched::MayBorrow } else { Matched::Owned };
                    let item = this.match_arm(Vec::new(), (&some, matched), None, |this, out| {
                        this.stmts(&e.body.stmts, Dest::Discard, out);
                    });
                    let end = this
                        .match_arm(Vec::new(), (&none, Matched::Owned), None, |_, out| out.push(Stmt::Break(target)));
                    let construct = this.next_construct();
                    out.push(Stmt::Match(Match { construct, scrutinee, arms: vec![item, end] }));
                });
            },
        );
        out.push(Stmt::Block(Nested { construct, body, unsafety: false }));
        self.stmts(&[], dest, out);
    }
}

/// `a..b` and the like.
fn is_range(expr: &Expr) -> bool {
    match expr {
        Expr::Range(_) => true,
        Expr::Paren(p) => is_range(&p.expr),
        Expr::Group(g) => is_range(&g.expr),
        _ => false,
    }
}

/// A loop over a borrow of a collection the generator owns, whose body
/// suspends: `for x in &v`, `&mut v`, `v.iter()`, `v.iter_mut()`,
/// `&v.field`, each optionally followed by `.enumerate()`, and `for x in
/// row` over the item `row` of such a loop.
struct OwnerLoop {
    /// `&mut v`, `v.iter_mut()`.
    mutable: bool,
    /// The owner, as a place (`v`, `v.field`, `(*row)`).
    owner: Expr,
    /// The binding the place starts from.
    root: BindingId,
    /// The iterable without `.enumerate()`: the loop's own iterator when
    /// the owner's type has no cursor.
    iterable: Expr,
    enumerate: bool,
    /// `.rev()` right after the form (`v.iter().rev()`): the cursor walks
    /// from the back.
    rev: bool,
    /// For a `str` method of a `String` (`s.lines()`), its cursor, made
    /// without a probe (`text::Lines::default()`).
    text: Option<Expr>,
    /// `.map(f)` and `.filter(f)` after the rest, in order: applied to each
    /// item the cursor gives (the closures are not kept across a
    /// suspension point: they are evaluated again at each step).
    adapters: Vec<Adapter>,
}

enum Adapter {
    Map(Expr),
    /// `.copied()` or `.cloned()`: a map to an item that borrows nothing
    /// the generator owns.
    Owning(Expr),
    Filter(Expr),
    /// `.zip(other)`: `other`'s iterator is made when the loop starts and
    /// kept in the cursor (it must not borrow the generator's locals).
    Zip(Expr),
}

/// The iterable without its trailing `.map(..)`/`.filter(..)`/`.copied()`/
/// `.cloned()`/`.zip(..)` calls, and those calls in order; `None` if
/// another adapter follows them.
fn adapters(krate: &syn::Path, iterable: &Expr) -> Option<(Expr, Vec<Adapter>)> {
    let mut adapters = Vec::new();
    let mut rest = super::without_parens(iterable.clone());
    loop {
        match rest {
            Expr::MethodCall(m)
                if m.turbofish.is_none() && m.args.len() == 1 && (m.method == "map" || m.method == "filter") =>
            {
                let f = m.args[0].clone();
                adapters.push(if m.method == "map" { Adapter::Map(f) } else { Adapter::Filter(f) });
                rest = super::without_parens(*m.receiver);
            }
            // `.copied()` and `.cloned()`: a `map` by a function of the runtime.
            Expr::MethodCall(m)
                if m.turbofish.is_none() && m.args.is_empty() && (m.method == "copied" || m.method == "cloned") =>
            {
                let method = &m.method;
                // Located at `.copied()`: rustc's errors about the items point there.
                let path = crate::syntax::rename::located_at(quote::quote!(#krate::__private::#method), method.span());
                adapters.push(Adapter::Owning(syn::parse_quote!(#path)));
                rest = super::without_parens(*m.receiver);
            }
            Expr::MethodCall(m) if m.turbofish.is_none() && m.args.len() == 1 && m.method == "zip" => {
                adapters.push(Adapter::Zip(m.args[0].clone()));
                rest = super::without_parens(*m.receiver);
            }
            // `.rev()` and `.enumerate()` come before, on the cursor.
            Expr::MethodCall(m)
                if methods::adapts_iterator(&m.method.to_string()) && m.method != "rev" && m.method != "enumerate" =>
            {
                return None;
            }
            other => {
                adapters.reverse();
                // `.zip(..)` comes first, on the cursor (after `.enumerate()`).
                if adapters.iter().skip(1).any(|a| matches!(a, Adapter::Zip(_))) {
                    return None;
                }
                return Some((other, adapters));
            }
        }
    }
}

impl OwnerLoop {
    /// Whether the items are values of their own (`.cloned()`, then any
    /// `.filter(..)`): carried across a `yield_!` like any local, not made
    /// again (which would clone again and lose what the body changed).
    fn owns_items(&self) -> bool {
        let last = self.adapters.iter().rev().find(|a| !matches!(a, Adapter::Filter(_)));
        matches!(last, Some(Adapter::Owning(_)))
    }
}

impl Lowerer<'_> {
    /// Lowers a loop over a collection the generator owns with a cursor,
    /// a position that borrows nothing, instead of an iterator, which would
    /// borrow the owner across the suspension points of the body (see
    /// `gen_runtime::__private::Cursor`):
    ///
    /// ```text
    /// // Input:
    /// for pat in &v { body }
    /// // Output:
    /// {
    ///     let mut cursor = (&&Probe::new(&v)).__gen_cursor().__gen_start(|| IntoIterator::into_iter(&v));
    ///     loop { match Cursor::next(&mut cursor, &v) { Some(pat) => { body } None => break } }
    /// }
    /// ```
    ///
    /// The pattern's bindings borrow the owner: they are never carried
    /// across a suspension point, but made again after it from the cursor
    /// and the owner ([`Rederived`]).
    fn lower_owner_loop(&mut self, e: &syn::ExprForLoop, owned: &OwnerLoop, dest: Dest, out: &mut Vec<Stmt>) {
        let span = e.expr.span();
        let construct = self.next_construct();
        let krate = self.krate.clone();
        let owns_items = owned.owns_items();
        let OwnerLoop { mutable, owner, root, adapters, .. } = owned;
        // Moving the owner through the state on every resume would cost
        // more than the loop: it stays in place (unless some code moves it,
        // see `plan::keep_in_place`).
        if self.bindings[*root].derived.is_none() && self.bindings[*root].slot.is_none() {
            self.keep_in_place(*root, crate::ir::SlotKind::Owner);
        }
        let body = self.new_block(
            |_| {},
            |this, out| {
                let cursor = this.cursor(owned, span);
                let eff = this.effects(|effects| effects.value(&cursor));
                let iter = this.temp("iter", true, out.len() + 1, span);
                // A position: no drop glue, nothing borrowed.
                this.bindings[iter].no_drop = true;
                out.push(Stmt::Temp { binding: iter, init: Some(PlainExpr { expr: cursor, eff }) });
                // `for (x, y) in v.iter().zip(other)`: `x` is made again
                // after a `yield_!`, `y` is kept like any local.
                let remade = zipped_first(&e.pat, adapters);
                let remade_pat = remade.cloned().unwrap_or_else(|| (*e.pat).clone());
                let (next, current) = steps(&krate, owned, &this.name_expr(iter), remade.is_some(), span);
                let mut depends_on = vec![iter, *root];
                depends_on.extend(this.bindings[*root].depends_on.iter().copied());
                let derived = crate::ir::Rederived {
                    pat: remade_pat.clone(),
                    expr: current,
                    bindings: Vec::new(),
                    mutable: *mutable,
                    may_drop: adapters
                        .iter()
                        .any(|a| matches!(a, Adapter::Map(_)) || (matches!(a, Adapter::Zip(_)) && remade.is_none())),
                    hold: false,
                };
                let derived = this.derived.push(derived);
                // The second half of a zipped pair is a value of its own
                // unless `other`'s items may borrow.
                let kept_may_borrow = match adapters.first() {
                    Some(Adapter::Zip(other)) => this.borrows(other),
                    _ => true,
                };
                this.build_loop(e.label.as_ref(), Dest::Discard, out, |this, out, target| {
                    let eff = this.effects(|effects| effects.value(&next));
                    let scrutinee = PlainExpr { expr: next.clone(), eff };
                    let pat = &e.pat;
                    let some: Pat = syn::parse_quote_spanned!(span=> ::core::option::Option::Some(#pat));
                    let none: Pat = syn::parse_quote_spanned!(span=> ::core::option::Option::None);
                    let matched = if owns_items { Matched::Owned } else { Matched::MayBorrow };
                    let item = this.match_arm(Vec::new(), (&some, matched), None, |this, out| {
                        // Before the body is lowered: its uses of the item
                        // read the cursor and the owner.
                        let bindings: Vec<BindingId> = crate::syntax::pattern::bindings(&remade_pat)
                            .iter()
                            .filter_map(|b| this.resolve(&b.ident.to_string()))
                            .filter(|_| !owns_items)
                            .collect();
                        for &b in &bindings {
                            this.bindings[b].derived = Some(derived);
                            this.bindings[b].depends_on.clone_from(&depends_on);
                        }
                        if remade.is_some() {
                            let kept = crate::syntax::pattern::bindings(pat)
                                .iter()
                                .filter_map(|b| this.resolve(&b.ident.to_string()))
                                .filter(|b| !bindings.contains(b))
                                .collect::<Vec<_>>();
                            for b in kept {
                                this.bindings[b].may_borrow = kept_may_borrow;
                            }
                        }
                        this.derived[derived].bindings = bindings;
                        let held = (!*mutable).then(|| this.hold_owner(owner, &depends_on[1..], out.len(), span));
                        if let Some((held, decl)) = held {
                            out.push(decl);
                            this.stmts(&e.body.stmts, Dest::Discard, out);
                            out.push(this.release_held(held, span));
                        } else {
                            this.stmts(&e.body.stmts, Dest::Discard, out);
                        }
                    });
                    let end = this
                        .match_arm(Vec::new(), (&none, Matched::Owned), None, |_, out| out.push(Stmt::Break(target)));
                    let construct = this.next_construct();
                    out.push(Stmt::Match(Match { construct, scrutinee, arms: vec![item, end] }));
                });
            },
        );
        out.push(Stmt::Block(Nested { construct, body, unsafety: false }));
        self.stmts(&[], dest, out);
    }

    /// The error for an item pattern that binds `name` with `mut` or `ref`
    /// in a loop over a collection the generator owns.
    fn reject_item_pattern(&mut self, pat: &Pat, name: &syn::Ident) {
        let message = format!(
            "`{name}`, the item of a loop over a collection the generator owns, cannot be `mut` or `ref`: after each `yield_!` in the body it is made again from the collection\nhelp: bind it without `mut` or `ref`, and copy what the body changes into a local (`let mut n = *{name};`)"
        );
        self.diag.push(syn::Error::new_spanned(pat, message));
    }

    /// `.zip(other)` keeps `other`'s iterator across the body's `yield_!`:
    /// it must not borrow a collection the generator owns.
    fn check_zipped(&mut self, other: &Expr) {
        let Some((borrow, of)) = self.iterator_borrow(other) else { return };
        let of = &self.bindings[of].name;
        let message = format!(
            "`.zip(..)` keeps this iterator across the loop's `yield_!`, and it holds a reference to `{of}`, a local of the generator\nhelp: zip the first collection with indices instead (`.enumerate()`), and read `{of}[i]` in the body"
        );
        self.diag.push(syn::Error::new_spanned(borrow, message));
    }

    /// The loop's cursor: chosen by the owner's type (or a `str` method's),
    /// then `.enumerate()` and `.zip(..)` around it.
    fn cursor(&mut self, owned: &OwnerLoop, span: proc_macro2::Span) -> Expr {
        let krate = &self.krate;
        let OwnerLoop { owner, iterable, enumerate, rev, text, adapters, .. } = owned;
        let start = proc_macro2::Ident::new(if *rev { "__gen_start_rev" } else { "__gen_start" }, span);
        let mut cursor: Expr = text.clone().unwrap_or_else(|| {
            syn::parse_quote_spanned!(span=> {
                #[allow(unused_imports)]
                use #krate::__private::{CursorKind as _, FallbackKind as _};
                (&&#krate::__private::Probe::new(&#owner))
                    .__gen_cursor()
                    .#start(|| ::core::iter::IntoIterator::into_iter(#iterable))
            })
        });
        if *enumerate {
            cursor = syn::parse_quote_spanned!(span=> #krate::__private::Enumerate::new(#cursor));
        }
        if let Some(Adapter::Zip(other)) = adapters.first() {
            cursor = syn::parse_quote_spanned!(span=>
                #krate::__private::Zip::new(#cursor, ::core::iter::IntoIterator::into_iter(#other))
            );
            self.check_zipped(other);
        }
        cursor
    }

    /// A shared borrow of the owner held over the loop body, so that the
    /// body cannot mutate the owner, as a plain function's iterator would
    /// not let it: `let borrow = &owner;` at the body's start, made again
    /// after each suspension point like the item, and read at its end.
    fn hold_owner(
        &mut self,
        owner: &Expr,
        depends_on: &[BindingId],
        index: usize,
        span: proc_macro2::Span,
    ) -> (BindingId, Stmt) {
        let held = self.temp("borrow", false, index + 1, span);
        let value: Expr = syn::parse_quote_spanned!(span=> &#owner);
        let name = self.name_expr(held);
        let pat: Pat = syn::parse_quote!(#name);
        let derived = crate::ir::Rederived {
            pat,
            expr: value.clone(),
            bindings: vec![held],
            mutable: false,
            may_drop: false,
            hold: true,
        };
        let derived = self.derived.push(derived);
        let eff = self.effects(|effects| effects.value(&value));
        let b = &mut self.bindings[held];
        b.derived = Some(derived);
        b.depends_on = depends_on.to_vec();
        // Released (read) before each suspension in the body, like any
        // value that borrows: the borrow covers the code before it too.
        b.may_borrow = true;
        (held, Stmt::Temp { binding: held, init: Some(PlainExpr { expr: value, eff }) })
    }

    /// The read of the borrow [`Self::hold_owner`] made, at the end of the body.
    fn release_held(&mut self, held: BindingId, span: proc_macro2::Span) -> Stmt {
        let name = self.name_expr(held);
        let stmt: syn::Stmt = syn::parse_quote_spanned!(span=> let _ = &#name;);
        let eff = self.effects(|effects| effects.value(&syn::parse_quote!(&#name)));
        Stmt::Plain { stmt, eff }
    }

    /// The loop `e`, if it iterates a borrow of a collection the generator
    /// owns and its body suspends (a loop that does not suspend keeps its
    /// iterator).
    fn owner_loop(&self, e: &syn::ExprForLoop) -> Option<OwnerLoop> {
        let body = Expr::Block(syn::ExprBlock { attrs: Vec::new(), label: None, block: e.body.clone() });
        if !crate::front::suspend::expr_suspends(&body) {
            return None;
        }
        let (iterable, adapters) = adapters(&self.krate, &e.expr)?;
        let (iterable, enumerate) = match iterable {
            Expr::MethodCall(m) if m.method == "enumerate" && m.args.is_empty() && m.turbofish.is_none() => {
                (super::without_parens(*m.receiver), true)
            }
            other => (other, false),
        };
        if let Some(mut text) = self.text_loop(&iterable, enumerate) {
            text.adapters = adapters;
            return Some(text);
        }
        // The iterable keeps its `.rev()`: it is the fallback's iterator.
        let (base, rev) = match &iterable {
            Expr::MethodCall(m) if m.method == "rev" && m.args.is_empty() && m.turbofish.is_none() => {
                (super::without_parens((*m.receiver).clone()), true)
            }
            other => (other.clone(), false),
        };
        let (place, mutable) = match &base {
            Expr::Reference(r) => ((*r.expr).clone(), r.mutability.is_some()),
            Expr::MethodCall(m) if m.args.is_empty() && m.turbofish.is_none() && m.method == "iter" => {
                ((*m.receiver).clone(), false)
            }
            Expr::MethodCall(m) if m.args.is_empty() && m.turbofish.is_none() && m.method == "iter_mut" => {
                ((*m.receiver).clone(), true)
            }
            // The item of an outer loop over an owner (`for x in row`).
            other => {
                let root = self.resolve(&single_ident(other)?)?;
                let derived = self.bindings[root].derived?;
                let mutable = self.derived[derived].mutable;
                let owner: Expr = syn::parse_quote!((*#other));
                return Some(OwnerLoop { mutable, owner, root, iterable, enumerate, rev, text: None, adapters });
            }
        };
        let root = self.place_root(&place)?;
        // `.rev()`, `.zip(..)`, `.copied()` and `.cloned()` over an owner
        // whose type may have no cursor (`&'static` data, a type of the
        // user's) keep the loop's iterator, as before they had cursors: the
        // fallback could not make their items again.
        let newer = rev || adapters.iter().any(|a| matches!(a, Adapter::Zip(_) | Adapter::Owning(_)));
        if newer && !self.collections.contains(&root) && self.bindings[root].derived.is_none() {
            return None;
        }
        // The item of an outer loop is a reference: its method calls reach
        // the collection through it.
        let owner = match (&place, self.bindings[root].derived) {
            (Expr::Path(_), Some(_)) => syn::parse_quote!((*#place)),
            _ => place,
        };
        Some(OwnerLoop { mutable, owner, root, iterable, enumerate, rev, text: None, adapters })
    }

    /// `s.chars()`, `s.char_indices()`, `s.bytes()`, `s.lines()`,
    /// `s.split_whitespace()` or `s.split(sep)` (`sep` a `char` or a
    /// non-empty string literal), `s` a `String` the generator owns.
    fn text_loop(&self, iterable: &Expr, enumerate: bool) -> Option<OwnerLoop> {
        let Expr::MethodCall(m) = iterable else { return None };
        let root = self.resolve(&single_ident(&m.receiver)?)?;
        let b = &self.bindings[root];
        if !self.strings.contains(&root) || b.may_borrow || m.turbofish.is_some() {
            return None;
        }
        let krate = &self.krate;
        let span = m.method.span();
        let method = m.method.to_string();
        let text: Expr = match (method.as_str(), m.args.len()) {
            ("split", 1) => {
                let separator = &m.args[0];
                let known = match separator {
                    Expr::Lit(syn::ExprLit { lit: syn::Lit::Char(_), .. }) => true,
                    Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => !s.value().is_empty(),
                    _ => false,
                };
                if !known {
                    return None;
                }
                syn::parse_quote_spanned!(span=> #krate::__private::text::Split::new(#separator))
            }
            (_, 0) => {
                let cursor = match method.as_str() {
                    "chars" => "Chars",
                    "char_indices" => "CharIndices",
                    "bytes" => "Bytes",
                    "lines" => "Lines",
                    "split_whitespace" => "SplitWhitespace",
                    _ => return None,
                };
                let cursor = proc_macro2::Ident::new(cursor, span);
                syn::parse_quote_spanned!(span=> <#krate::__private::text::#cursor as ::core::default::Default>::default())
            }
            _ => return None,
        };
        let owner = (*m.receiver).clone();
        Some(OwnerLoop {
            mutable: false,
            owner,
            root,
            iterable: iterable.clone(),
            enumerate,
            rev: false,
            text: Some(text),
            adapters: Vec::new(),
        })
    }

    /// An iterable that borrows a collection the generator owns in a form
    /// without a cursor (`v.windows(2)`, `&v[1..]`, `m.values()`, `v.iter()
    /// .skip(1)`), with the binding: kept across a `yield_!`, it is the
    /// error of [`plan::self_borrow`](crate::plan::self_borrow) rather than
    /// rustc's about the expansion.
    pub(super) fn iterator_borrow(&self, iterable: &Expr) -> Option<(Expr, BindingId)> {
        let mut innermost = super::without_parens(iterable.clone());
        while let Expr::MethodCall(m) = &innermost {
            let receiver = super::without_parens((*m.receiver).clone());
            let method = m.method.to_string();
            if !matches!(receiver, Expr::MethodCall(_)) {
                // The receiver itself: `v[0]` or `v.field` may be a
                // reference, whose method would borrow what it points to.
                let root = self.collection(&receiver)?;
                // `lines`, `split` and `bytes` take a reader by value.
                let borrows = methods::views_receiver(&method)
                    || (methods::borrows_a_str(&method) && self.strings.contains(&root));
                return borrows.then(|| (iterable.clone(), root));
            }
            // An adapter keeps the borrow; anything else (`.collect()`,
            // `.count()`) may make a value that borrows nothing.
            if !methods::adapts_iterator(&method) {
                return None;
            }
            innermost = receiver;
        }
        let Expr::Reference(r) = innermost else { return None };
        let root = self.indexed_collection(&r.expr)?;
        Some((iterable.clone(), root))
    }

    /// The binding `v` of a place `v`, `v[i]`, `v[1..]`, if it certainly
    /// holds a standard collection the generator owns (`Lowerer::collections`):
    /// a borrow of the place borrows it. (Not `v[0][1..]`: through an
    /// element that is a reference, it would borrow what that points to.)
    fn indexed_collection(&self, place: &Expr) -> Option<BindingId> {
        match place {
            Expr::Index(i) => self.collection(&super::without_parens((*i.expr).clone())),
            Expr::Paren(p) => self.indexed_collection(&p.expr),
            Expr::Group(g) => self.indexed_collection(&g.expr),
            other => self.collection(other),
        }
    }

    /// The binding `expr` names, if it certainly holds a standard
    /// collection the generator owns.
    fn collection(&self, expr: &Expr) -> Option<BindingId> {
        let root = self.resolve(&single_ident(expr)?)?;
        (self.collections.contains(&root) && self.owns(root)).then_some(root)
    }

    /// Whether the generator owns the value of `binding` (not a reference,
    /// nor `self`).
    fn owns(&self, binding: BindingId) -> bool {
        let b = &self.bindings[binding];
        b.name != "self" && !b.may_borrow && !self.borrowed_params.contains(&binding)
    }

    /// The binding a place (`v`, `v.a.b`) starts from, if it is one the
    /// generator owns (or the item of a loop over one).
    fn place_root(&self, place: &Expr) -> Option<BindingId> {
        match place {
            Expr::Field(f) => self.place_root(&f.base),
            Expr::Paren(p) => self.place_root(&p.expr),
            Expr::Group(g) => self.place_root(&g.expr),
            other => {
                let root = self.resolve(&single_ident(other)?)?;
                (self.owns(root) || self.bindings[root].derived.is_some()).then_some(root)
            }
        }
    }
}

/// The loop's step, `next`, and the item made again after a `yield_!`,
/// `current` (only the first half of a zipped pair when `zip_split`), from
/// the cursor `iter` and the owner.
fn steps(krate: &syn::Path, owned: &OwnerLoop, iter: &Expr, zip_split: bool, span: proc_macro2::Span) -> (Expr, Expr) {
    let place = &owned.owner;
    let (next, current): (Expr, Expr) = if owned.mutable {
        (
            syn::parse_quote_spanned!(span=> #krate::__private::CursorMut::next_mut(&mut #iter, &mut #place)),
            syn::parse_quote_spanned!(span=> #krate::__private::RederiveMut::current_mut(&#iter, &mut #place)),
        )
    } else {
        (
            syn::parse_quote_spanned!(span=> #krate::__private::Cursor::next(&mut #iter, &#place)),
            syn::parse_quote_spanned!(span=> #krate::__private::Rederive::current(&#iter, &#place)),
        )
    };
    let (next, current) = adapted(krate, next, current, &owned.adapters);
    if !zip_split {
        return (next, current);
    }
    let current = if owned.mutable {
        syn::parse_quote_spanned!(span=> #krate::__private::Zip::current_inner_mut(&#iter, &mut #place))
    } else {
        syn::parse_quote_spanned!(span=> #krate::__private::Zip::current_inner(&#iter, &#place))
    };
    (next, current)
}

/// For `for (x, y) in v.iter().zip(other)` (then only `.filter(..)`s),
/// `x`: the part of the item made again after a `yield_!`.
fn zipped_first<'p>(pat: &'p Pat, adapters: &[Adapter]) -> Option<&'p Pat> {
    let [Adapter::Zip(_), rest @ ..] = adapters else { return None };
    if !rest.iter().all(|a| matches!(a, Adapter::Filter(_))) {
        return None;
    }
    match pat {
        Pat::Tuple(t) if t.elems.len() == 2 => t.elems.first(),
        Pat::Paren(p) => zipped_first(&p.pat, adapters),
        _ => None,
    }
}

/// `next` and `current` with the loop's `.map(..)`/`.filter(..)` applied:
/// `filter` skips items at `next` (the current item passed it), `map`
/// maps both.
///
/// The closures are passed to functions that take the item first, so that
/// their parameters' types are known (`|x| x.name` needs it).
fn adapted(krate: &syn::Path, mut next: Expr, mut current: Expr, adapters: &[Adapter]) -> (Expr, Expr) {
    for adapter in adapters {
        match adapter {
            Adapter::Map(f) => {
                next = syn::parse_quote!(::core::option::Option::map(#next, #f));
                current = syn::parse_quote!(#krate::__private::apply(#current, #f));
            }
            // At the user's `.copied()`, where rustc reports a `&mut` item.
            Adapter::Owning(f) => {
                next = syn::parse_quote_spanned!(f.span()=> ::core::option::Option::map(#next, #f));
                current = syn::parse_quote_spanned!(f.span()=> #krate::__private::apply(#current, #f));
            }
            Adapter::Zip(_) => {}
            Adapter::Filter(f) => {
                next = syn::parse_quote!(loop {
                    match #next {
                        ::core::option::Option::Some(__gen_item) if !#krate::__private::test(&__gen_item, #f) => {}
                        __gen_other => break __gen_other,
                    }
                });
            }
        }
    }
    (next, current)
}
