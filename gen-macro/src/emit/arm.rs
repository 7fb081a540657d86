//! Rendering an arm's program (see [`program`](crate::plan::program)).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};

use super::names as layout;
use super::rewrite::{Rewriter, dispatch_label};
use super::{in_place, shadow};
use crate::ir::{BindingId, Ir, PartsId, SlotId, YieldId};
use crate::plan::Storage;
use crate::plan::arms::ArmPlan;
use crate::plan::program::{BundleBase, Decl, FieldValue, Jump, Label, Leave, Name, Op, Projection, SlotValue, User};

/// The label of the block in which the start arm runs when it runs before
/// the dispatch loop.
pub(crate) fn entry_label() -> syn::Lifetime {
    syn::Lifetime::new("'__gen_entry", Span::mixed_site())
}

/// What rendering reads.
#[derive(Clone, Copy)]
pub(crate) struct Printer<'a> {
    pub ir: &'a Ir,
    pub plan: &'a ArmPlan,
    pub storage: &'a Storage,
    pub krate: &'a syn::Path,
    /// The completion type, as the state machine's closure spells it.
    pub return_ty: &'a syn::Type,
}

impl Printer<'_> {
    pub(crate) fn ops(&self, ops: &[Op]) -> TokenStream {
        let mut code = TokenStream::new();
        for op in ops {
            code.extend(self.op(op));
        }
        code
    }

    fn op(&self, op: &Op) -> TokenStream {
        match op {
            Op::Block(ops) => {
                let ops = self.ops(ops);
                quote!({ #ops })
            }
            Op::Stmt(stmt) => self.user_stmt(stmt).into_token_stream(),
            Op::Declare(decl) => self.declaration(decl),
            Op::StoreInSlot { binding, direct, value, attrs } => self.store_in_slot(*binding, *direct, value, attrs),
            Op::Project { binding, direct, how, attrs } => self.project(*binding, *direct, *how, attrs),
            Op::Let { .. } => self.let_op(op),
            Op::Temp { binding, init } => {
                let (mutability, name) = (self.mutability(*binding), self.own(*binding));
                let init = init.as_ref().map(|init| {
                    let expr = self.user_expr(init);
                    quote!(= #expr)
                });
                quote!(#[allow(unused_mut)] let #mutability #name #init;)
            }
            Op::Assign { name, value } => {
                let (name, value) = (self.name(*name), self.user_expr(value));
                quote!(#name = #value;)
            }
            Op::Transfer { binding, from } => {
                let (twin, from) = (shadow::twin(*binding), self.name(*from));
                quote!(#[allow(clippy::used_underscore_binding)] { #twin = #from; })
            }
            Op::Rebind(b) => {
                let (mutability, name) = (self.mutability(*b), self.own(*b));
                quote!(#[allow(unused_mut, unused_variables)] let #mutability #name = #name;)
            }
            Op::Unrename(b) => {
                let (mutability, name, temporary) = (self.mutability(*b), self.own(*b), shadow::renamed(*b));
                quote!(#[allow(unused_mut, unused_variables)] let #mutability #name = #temporary;)
            }
            Op::Release(names) => self.release(names),
            Op::Suspend { yield_id, value, leave } => self.suspend(*yield_id, value, leave),
            Op::Transition { jump, leave } => self.transition(*jump, leave),
            Op::Return(value) => {
                let value = value.as_ref().map(|v| self.user_expr(v));
                let label = dispatch_label();
                quote!(#[allow(unreachable_code)] { break #label #value; };)
            }
            Op::Break(label) => {
                let label = label_of(*label);
                quote!(#[allow(unreachable_code)] { break #label; };)
            }
            Op::Continue(id) => {
                let label = label_of(Label::Loop(*id));
                quote!(#[allow(unreachable_code)] { continue #label; };)
            }
            Op::Labeled { label, body } => {
                let body = self.ops(body);
                let looping = matches!(label, Label::Loop(_)).then(|| quote!(loop));
                let label = label_of(*label);
                quote!(#[allow(unused_labels)] #label: #looping { #body };)
            }
            Op::If { cond, renames, then_block, else_block } => {
                self.if_op(cond, renames, then_block, else_block.as_ref())
            }
            Op::Match { scrutinee, arms } => self.match_op(scrutinee, arms),
            Op::Nested { unsafety, body } => {
                let unsafety = unsafety.then(|| quote!(unsafe));
                let body = self.ops(body);
                quote!(#unsafety { #body })
            }
        }
    }

    fn suspend(&self, yield_id: YieldId, value: &User<syn::Expr>, leave: &Leave) -> TokenStream {
        if self.ir.yields[yield_id].delegates_to_self {
            return self.start_callee(yield_id, value, leave);
        }
        let krate = self.krate;
        let value = self.user_expr(value);
        let (release, forget) = (self.release(&leave.release), forget_guards(&leave.forget));
        let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
        let variant = layout::state_variant(leave.target);
        let unbundle = Self::unbundle(leave);
        let fields = self.leave_fields(leave);
        let span = self.ir.yields[yield_id].span;
        let yielded = Ident::new("__gen_y", Span::mixed_site().located_at(span));
        let step = quote_spanned!(span=> #krate::__private::Step::Yielded(#yielded));
        // Moving `_name` into the state is not a use the lint is about.
        quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
            let #yielded = #value;
            #release
            #forget
            #unbundle
            #state_var = #state_enum::#variant { #fields };
            return #step;
        };)
    }

    /// `yield_from!` of the function itself: the caller's state goes on the
    /// stack of frames, and the callee starts in place (see `emit/frames.rs`).
    fn start_callee(&self, yield_id: YieldId, value: &User<syn::Expr>, leave: &Leave) -> TokenStream {
        let value = self.user_expr(value);
        let (release, forget) = (self.release(&leave.release), forget_guards(&leave.forget));
        let (frames, state_enum, cur_var, cur_enum) =
            (layout::frames(), layout::state_enum(), layout::cur_var(), layout::cur_enum());
        let variant = layout::state_variant(leave.target);
        let unbundle = Self::unbundle(leave);
        let fields = self.leave_fields(leave);
        let span = self.ir.yields[yield_id].span;
        let call = Ident::new("__gen_call", Span::mixed_site().located_at(span));
        let params: Vec<Ident> =
            layout::stored_params(self.ir, self.storage).into_iter().map(layout::param_field).collect();
        let (resume, label) = (layout::resume_field(), dispatch_label());
        quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
            let #call = #value;
            #release
            #forget
            #unbundle
            #frames.push(#state_enum::#variant { #fields });
            let (#(#params,)* #resume,) = #call;
            #cur_var = #cur_enum::Start { #(#params,)* #resume };
            continue #label;
        };)
    }

    fn if_op(
        &self,
        cond: &User<syn::Expr>,
        renames: &[BindingId],
        then_block: &[Op],
        else_block: Option<&Vec<Op>>,
    ) -> TokenStream {
        let cond = User { code: rename_let_patterns(&cond.code, &self.renames(renames)), ..cond.clone() };
        let cond = self.user_expr(&cond);
        let then_block = self.ops(then_block);
        let else_block = else_block.as_ref().map(|ops| {
            let ops = self.ops(ops);
            quote!(else { #ops })
        });
        quote!(if #cond { #then_block } #else_block)
    }

    fn match_op(&self, scrutinee: &User<syn::Expr>, arms: &[crate::plan::program::MatchArmOps]) -> TokenStream {
        let scrutinee = self.user_expr(scrutinee);
        let arms = arms.iter().map(|arm| {
            let renames = self.renames(&arm.renames);
            let (attrs, pat) = (&arm.attrs, shadow::rename_pattern(&arm.pat, &renames));
            let guard = arm.guard.as_ref().map(|g| {
                let g = User { code: shadow::rename_mentions(&g.code, &renames), ..g.clone() };
                let g = self.user_expr(&g);
                quote!(if #g)
            });
            let body = self.ops(&arm.body);
            quote!(#(#attrs)* #pat #guard => { #body })
        });
        quote!(match #scrutinee { #(#arms)* })
    }

    fn let_op(&self, op: &Op) -> TokenStream {
        let Op::Let { attrs, allow_unused_mut, pat, renames, ty, init, init_reads_twins, else_block } = op else {
            return TokenStream::new();
        };
        let allow = allow_unused_mut.then(|| quote!(#[allow(unused_mut)]));
        let pat = shadow::rename_pattern(pat, &self.renames(renames));
        let ty = ty.as_ref().map(|ty| quote!(: #ty));
        let twins: Vec<(String, Ident)> =
            init_reads_twins.iter().map(|&b| (self.ir.bindings[b].name.to_string(), shadow::twin(b))).collect();
        let init = init.as_ref().map(|init| {
            let expr = self.user_expr(init);
            let expr = if twins.is_empty() { expr } else { shadow::rename_mentions(&expr, &twins) };
            quote!(= #expr)
        });
        let else_block = else_block.as_ref().map(|ops| {
            let ops = self.ops(ops);
            quote!(else { #ops })
        });
        quote!(#(#attrs)* #allow let #pat #ty #init #else_block;)
    }

    fn declaration(&self, decl: &Decl) -> TokenStream {
        let krate = self.krate;
        match decl {
            Decl::MacroDef(stmt) => quote!(#[allow(unused_macros)] #stmt),
            Decl::BindParam(index) => {
                let param = &self.ir.params[*index];
                let pat = &param.pat;
                let value = if param.value.is_some() { layout::param_field(*index) } else { layout::resume_field() };
                // `_x` is the user's, not a binding without effect.
                let underscored = matches!(pat, syn::Pat::Ident(p) if p.ident.to_string().starts_with('_'));
                let allow = underscored.then(|| quote!(#[allow(clippy::no_effect_underscore_binding)]));
                quote!(#[allow(unused_mut, unused_variables)] #allow let #pat = #value;)
            }
            Decl::FromField(b) => {
                let (mutability, name, field) = (self.mutability(*b), self.own(*b), layout::binding_field(*b));
                quote!(#[allow(unused_mut, unused_variables, unused_assignments)] let #mutability #name = #field;)
            }
            Decl::BundleFromField(bundle) => {
                // Moved from the field to this scope, which drops it in place.
                let field = layout::bundle_field(*bundle);
                quote!(#[allow(clippy::redundant_locals)] let #field = #field;)
            }
            Decl::Rederive { derived, value } => {
                let pat = &self.ir.derived[*derived].pat;
                let value = self.user_expr(value);
                quote!(#[allow(unused_variables)] let #pat = #value;)
            }
            Decl::TwinFromField(b) => {
                let (twin, field) = (shadow::twin(*b), layout::binding_field(*b));
                quote!(#[allow(unused_mut, unused_variables)] let #twin = #field;)
            }
            Decl::FromCallee(b) => {
                // Typed: nothing else fixes the type of the callee's value
                // before the code that reads it.
                let (mutability, name, value) = (self.mutability(*b), self.own(*b), layout::callee_field());
                let ty = self.return_ty;
                quote!(#[allow(unused_mut, unused_variables)] let #mutability #name: #ty = #value;)
            }
            Decl::FromResume(b) => {
                let (mutability, name, arg) = (self.mutability(*b), self.own(*b), layout::resume_field());
                quote!(#[allow(unused_mut, unused_variables)] let #mutability #name = #arg;)
            }
            Decl::Deferred(b) => {
                let (mutability, name) = (self.mutability(*b), self.own(*b));
                let ty = self.ir.bindings[*b].ty.as_ref().map(|ty| quote!(: #ty));
                quote!(#[allow(unused_mut, unused_variables, clippy::needless_late_init)] let #mutability #name #ty;)
            }
            Decl::Twins(bindings) => {
                let twins = bindings.iter().map(|&b| shadow::twin(b));
                quote!(#(#[allow(unused_mut)] let #twins;)*)
            }
            Decl::MarkerFromField { marker, gives_type_to } => {
                let (name, field) = (self.own(*marker), layout::binding_field(*marker));
                let give = gives_type_to.map(|owner| self.give_type(*marker, owner));
                quote!(let #name = #field; #give)
            }
            Decl::MarkerOf { marker, of } => {
                let (name, of) = (self.own(*marker), self.name(*of));
                quote!(let #name = #krate::__private::TypeMarker::of(&#of);)
            }
            Decl::MarkerNew { marker, gives_type_to } => {
                let name = self.own(*marker);
                let give = gives_type_to.map(|owner| self.give_type(*marker, owner));
                quote!(let #name = #krate::__private::TypeMarker::new(); #give)
            }
            Decl::ResumeSlotGuard(b) => {
                let slot = self.slot_of(*b);
                let (guard, var, clear) = (layout::slot_guard(*b), layout::slot_var(slot), clear_slot(slot));
                let resume = quote!(#krate::__private::SlotGuard::resume(&mut #var, #clear));
                quote!(#[allow(unused_mut, unused_variables)] let mut #guard = #resume;)
            }
        }
    }

    fn own(&self, binding: BindingId) -> &Ident {
        &self.ir.bindings[binding].name
    }

    fn mutability(&self, binding: BindingId) -> Option<TokenStream> {
        self.ir.bindings[binding].mutable.then(|| quote!(mut))
    }

    fn name(&self, name: Name) -> Ident {
        match name {
            Name::Own(b) => self.own(b).clone(),
            Name::Twin(b) => shadow::twin(b),
            Name::Unbundled(b) => layout::binding_field(b),
        }
    }

    /// The temporary names of bindings declared under them.
    fn renames(&self, bindings: &[BindingId]) -> Vec<(String, Ident)> {
        bindings.iter().map(|&b| (self.own(b).to_string(), shadow::renamed(b))).collect()
    }

    /// `marker` gives its type to `owner`, declared without a value.
    fn give_type(&self, marker: BindingId, owner: BindingId) -> TokenStream {
        let (marker, owner) = (self.own(marker), self.own(owner));
        quote!(#[allow(unused_assignments)] if false { #owner = #marker.never(); })
    }

    fn slot_of(&self, binding: BindingId) -> SlotId {
        self.storage.slot_of[binding].expect("a binding kept in place has a slot")
    }

    /// User code, rewritten for its place in the state machine.
    fn user_expr(&self, expr: &User<syn::Expr>) -> syn::Expr {
        let code = self.rewriter().expr(expr.code.clone());
        in_place::deref_buffers(code, &self.buffers(&expr.buffers))
    }

    fn user_stmt(&self, stmt: &User<syn::Stmt>) -> syn::Stmt {
        let code = self.rewriter().stmt(stmt.code.clone());
        in_place::deref_buffers_in_stmt(code, &self.buffers(&stmt.buffers))
    }

    fn rewriter(&self) -> Rewriter<'_> {
        Rewriter { krate: self.krate }
    }

    fn buffers(&self, bindings: &[BindingId]) -> Vec<Ident> {
        bindings.iter().map(|&b| self.own(b).clone()).collect()
    }

    /// `release(..)` of each value, in order.
    fn release(&self, names: &[Name]) -> TokenStream {
        let krate = self.krate;
        let names = names.iter().map(|&name| self.name(name));
        quote!(#(#krate::__private::release(#names);)*)
    }

    /// The fields of the variant `leave` goes to, filled from bindings in
    /// scope (after the arm's bundle is taken apart: see [`Self::unbundle`]).
    fn leave_fields(&self, leave: &Leave) -> TokenStream {
        let mut fields = self.field_values(&leave.fields);
        if let Some(value) = &leave.bundle {
            let field = layout::bundle_field(value.bundle);
            let mut made = match &value.base {
                BundleBase::Whole(bundle) => layout::bundle_field(*bundle).into_token_stream(),
                BundleBase::Rest => layout::bundle_rest().into_token_stream(),
                BundleBase::Value(name) => self.name(*name).into_token_stream(),
            };
            for &layer in &value.layers {
                let layer = self.name(layer);
                made = quote!((#layer, #made));
            }
            fields.extend(quote!(#field: #made,));
        }
        fields
    }

    /// `let (b9, (b7, rest)) = bundle;`: the arm's bundle taken apart (its
    /// values are moved, none dropped, so the order does not matter).
    fn unbundle(leave: &Leave) -> TokenStream {
        let Some(unbundle) = &leave.unbundle else { return TokenStream::new() };
        let mut pieces = unbundle.pieces.iter().rev().map(|&b| layout::binding_field(b).into_token_stream());
        let mut pattern =
            if unbundle.rest { layout::bundle_rest().into_token_stream() } else { pieces.next().unwrap_or_default() };
        for piece in pieces {
            pattern = quote!((#piece, #pattern));
        }
        let bundle = layout::bundle_field(unbundle.bundle);
        quote!(#[allow(unused_variables)] let #pattern = #bundle;)
    }

    /// The fields of a variant, filled from bindings in scope.
    fn field_values(&self, fields: &[FieldValue]) -> TokenStream {
        let mut code = TokenStream::new();
        for field_value in fields {
            let field = layout::binding_field(field_value.binding);
            let name = self.name(field_value.name);
            let value = field_value.parts.map_or_else(|| quote!(#name), |parts| self.gathered_parts(parts, &name));
            code.extend(quote!(#field: #value,));
        }
        code
    }

    /// The fields of `storage.parts[parts]`, moved out of the binding
    /// `name` (whole or itself carried as parts) into their struct.
    fn gathered_parts(&self, parts: PartsId, name: &Ident) -> TokenStream {
        let ty = layout::parts_struct(parts);
        let parts = &self.storage.parts[parts];
        let members = &parts.members;
        let values = members.iter().map(|m| {
            let member = crate::syntax::idents::parse_member(m);
            quote!(#member: #name.#member)
        });
        // The positions of a tuple no code reads hold `()`.
        let unread = parts.tuple_len().map(|len| {
            let unread = (0..len).filter(|i| !members.contains(&i.to_string())).map(syn::Index::from);
            quote!(#(#unread: (),)*)
        });
        quote!(#ty { #(#values,)* #unread })
    }

    fn transition(&self, jump: Jump, leave: &Leave) -> TokenStream {
        let (cur_var, cur_enum) = (layout::cur_var(), layout::cur_enum());
        let variant = layout::cur_variant(self.plan, leave.target);
        let fields = self.leave_fields(leave);
        let leave = {
            let (release, forget, unbundle) =
                (self.release(&leave.release), forget_guards(&leave.forget), Self::unbundle(leave));
            quote!(#release #forget #unbundle)
        };
        match jump {
            Jump::BreakEntry => {
                let label = entry_label();
                quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
                    #leave
                    break #label #cur_enum::#variant { #fields };
                };)
            }
            Jump::Dispatch => {
                let label = dispatch_label();
                quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
                    #leave
                    #cur_var = #cur_enum::#variant { #fields };
                    continue #label;
                };)
            }
        }
    }

    /// Stores a binding's first value in its slot, under a new guard.
    fn store_in_slot(
        &self,
        binding: BindingId,
        direct: bool,
        value: &SlotValue,
        attrs: &[syn::Attribute],
    ) -> TokenStream {
        let krate = self.krate;
        let init = match value.param {
            Some(index) if self.ir.params[index].value.is_some() => {
                Some(layout::param_field(index).into_token_stream())
            }
            Some(_) => Some(layout::resume_field().into_token_stream()),
            None => value.init.as_ref().map(|init| self.user_expr(init).into_token_stream()),
        };
        let value = if let Some(ty) = &value.ty {
            let v = Ident::new("__gen_v", Span::mixed_site());
            quote!({ let #v: #ty = #init; #v })
        } else {
            quote!(#init)
        };
        let slot = self.slot_of(binding);
        let (var, slot_enum, variant) =
            (layout::slot_var(slot), layout::slot_enum(slot), layout::slot_variant(binding));
        if direct {
            if attrs.is_empty() {
                return quote!(#var = #value;);
            }
            // Attributes on an assignment would be unstable.
            return quote!(#(#attrs)* let () = { #var = #value; };);
        }
        let guard = layout::slot_guard(binding);
        let clear = clear_slot(slot);
        quote! {
            #(#attrs)*
            #[allow(unused_mut)]
            let mut #guard = #krate::__private::SlotGuard::new(&mut #var, #slot_enum::#variant(#value), #clear);
        }
    }

    /// Binds the name of a binding kept in place to a reference to its
    /// value in its slot.
    fn project(&self, binding: BindingId, direct: bool, how: Projection, attrs: &[syn::Attribute]) -> TokenStream {
        let krate = self.krate;
        let slot = self.slot_of(binding);
        let project = if direct {
            let var = layout::slot_var(slot);
            quote!(&mut #var)
        } else {
            let (guard, slot_enum, variant) =
                (layout::slot_guard(binding), layout::slot_enum(slot), layout::slot_variant(binding));
            let value = Ident::new("__gen_v", Span::mixed_site());
            quote! {
                match #guard.get() {
                    #slot_enum::#variant(#value) => #value,
                    _ => #krate::__private::empty_slot(),
                }
            }
        };
        let name = self.own(binding);
        let declaration = match how {
            Projection::SharedBuffer => quote!(#[allow(unused_variables)] let #name = &*#project;),
            Projection::MutBuffer => quote!(#[allow(unused_variables)] let #name = #project;),
            Projection::Guarded => quote!(#[allow(unused_mut, unused_variables)] let mut #name = #project;),
        };
        quote!(#(#attrs)* #declaration)
    }
}

/// `mem::forget` of the guards of `bindings`' slots.
fn forget_guards(bindings: &[BindingId]) -> TokenStream {
    let guards = bindings.iter().map(|&b| layout::slot_guard(b));
    quote!(#(::core::mem::forget(#guards);)*)
}

/// The closure that empties a slot, for its guard.
fn clear_slot(slot: SlotId) -> TokenStream {
    let (slot_enum, value) = (layout::slot_enum(slot), Ident::new("__gen_slot", Span::mixed_site()));
    quote!(|#value: &mut _| *#value = #slot_enum::Empty)
}

fn label_of(label: Label) -> syn::Lifetime {
    let name = match label {
        Label::Loop(id) => format!("'__gen_loop{id}"),
        Label::Exit(construct) => format!("'__gen_exit{construct}"),
        Label::Block(construct) => format!("'__gen_block{construct}"),
    };
    syn::Lifetime::new(&name, Span::mixed_site())
}

/// `cond` with the bindings of its `let` patterns renamed.
fn rename_let_patterns(cond: &syn::Expr, renames: &[(String, Ident)]) -> syn::Expr {
    use syn::visit_mut::VisitMut;
    struct Rename<'a>(&'a [(String, Ident)]);
    impl VisitMut for Rename<'_> {
        fn visit_expr_let_mut(&mut self, e: &mut syn::ExprLet) {
            *e.pat = shadow::rename_pattern(&e.pat, self.0);
        }
    }
    let mut cond = cond.clone();
    if !renames.is_empty() {
        Rename(renames).visit_expr_mut(&mut cond);
    }
    cond
}
