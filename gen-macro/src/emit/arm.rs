//! The code of one arm of the dispatch `match`.
//!
//! An arm re-creates the nesting of blocks around its entry, re-declaring
//! in each block the bindings its state variant carries (under their own
//! names, so macros and format strings that mention them keep working),
//! then runs the user's statements from the entry on:
//!
//! ```text
//! // Input:                       // Arm resuming after `yield_!(x)`:
//! let total = 0;                  __GenCur::A2 { __gen_b0, __gen_b1, __gen_b2 } => {
//! for x in v {                        let total = __gen_b0;
//!     yield_!(x);                     {
//!     total += x;                         let mut iter = __gen_b1;
//! }                                       { let x = __gen_b2; total += x; }
//!                                         // end of the loop body: next iteration
//!                                         __gen_cur = __GenCur::A1 { __gen_b0: total, __gen_b1: iter };
//!                                         continue 'dispatch;
//!                                     }
//!                                 }
//! ```
//!
//! Each statement is emitted in exactly one arm: code that can be reached
//! from several arms is itself an arm (see [`arms`](crate::arms)).

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};

use super::names as layout;
use super::rewrite::{Rewriter, dispatch_label};
use super::{in_place, shadow};
use crate::ir::Eff;
use crate::ir::{BindingId, Block, Child, Ir, JumpTarget, LoopId, SlotKind, Stmt, Yield};
use crate::plan::arms::{ArmId, ArmKind, ArmPlan, Exit};
use crate::plan::init::Site;
use crate::plan::state::InitState;
use crate::plan::{BitSet, Storage};

pub(crate) struct ArmEmitter<'a> {
    pub ir: &'a Ir,
    pub plan: &'a ArmPlan,
    pub storage: &'a Storage,
    pub rewriter: Rewriter<'a>,
    /// The arm being emitted.
    pub arm: ArmId,
    /// Bindings the arm's own code mentions: the only ones it must declare
    /// when they are in scope without a value.
    pub mentioned: BitSet,
    /// After a first pass over the arm, what it mentions: a declaration
    /// without a value is emitted only for these (otherwise its type could
    /// not be inferred).
    pub declared: Option<BitSet>,
    /// Bindings whose value has moved to their twin on the current path.
    pub transferred: BitSet,
    /// Twins a state store reads. After the first pass (which moves every
    /// shadowed value that may be carried), the values that must move.
    pub twins_read: BitSet,
    pub declared_twins: Option<BitSet>,
    /// Bindings this arm has declared so far: only these can move to a twin.
    pub present: BitSet,
    /// The names in scope at the point being emitted, innermost last, with
    /// the binding when it is a buffer kept in place (user code reaches it
    /// through a reference).
    pub names: Vec<(String, BindingId)>,
    /// How many statements of the body the arm runs, and the arms it
    /// continues with: see [`Self::forward_target`].
    pub statements: usize,
    pub transitions: Vec<ArmId>,
    /// The arm runs before the dispatch loop (see [`entry_label`]): it
    /// continues with another arm by breaking out of its block with it.
    pub before_dispatch: bool,
    /// For each arm, the arm it only forwards to (from a first emission of
    /// every arm; empty during that one): transitions skip such arms.
    pub forward: &'a [Option<ArmId>],
    /// Emitting the code that drops what a suspended generator holds (see
    /// [`Self::emit_drop`]) rather than the arm's code.
    pub dropping: bool,
}

/// The label of the block in which the start arm runs when it runs before
/// the dispatch loop.
pub(crate) fn entry_label() -> syn::Lifetime {
    syn::Lifetime::new("'__gen_entry", proc_macro2::Span::mixed_site())
}

type Code = (TokenStream, bool);

impl ArmEmitter<'_> {
    /// The code of the arm, from its entry on.
    pub(crate) fn emit(&mut self) -> TokenStream {
        let entry = self.plan.arms[self.arm].entry.clone();
        // Carried values shadowed at the entry are re-declared as twins.
        let mut at_entry = BitSet::new(self.ir.bindings.len());
        for &binding in &self.storage.fields[self.arm] {
            if self.shadowed_at_entry(binding) {
                at_entry.insert(binding);
            }
        }
        self.transferred = at_entry.clone();
        let present = self.present_at_entry();
        self.present = present.clone();
        self.level(&self.ir.root, &entry.path, entry.index);
        self.declared = Some(self.mentioned.clone());
        self.declared_twins = Some(self.twins_read.clone());
        self.transferred = at_entry;
        self.present = present;
        self.statements = 0;
        self.transitions.clear();
        self.level(&self.ir.root, &entry.path, entry.index).0
    }

    /// After [`Self::emit`]: for a resume or join arm that runs no code of
    /// its own and only hands its bindings on to another arm (a `yield_!`,
    /// or an `if`, at the end of a loop body), that arm. A resume then
    /// enters it directly, and a transition goes straight to it.
    ///
    /// The bindings the other arm does not take, and the resume argument,
    /// were dropped at the end of their scopes; they are dropped where the
    /// state is unpacked, or the transition leaves its scopes, instead: in
    /// the same order, before any other code.
    pub(crate) fn forward_target(&self) -> Option<ArmId> {
        let arm = &self.plan.arms[self.arm];
        if !matches!(arm.kind, ArmKind::Resume(_) | ArmKind::Join(_)) || self.statements > 0 {
            return None;
        }
        let &[target] = self.transitions.as_slice() else { return None };
        let fields = &self.storage.fields[self.arm];
        let split = |arm: ArmId, b: &BindingId| self.storage.split[arm].get(b).copied();
        let passed_on =
            self.storage.fields[target].iter().all(|b| fields.contains(b) && split(target, b) == split(self.arm, b));
        let renamed = fields.iter().any(|&b| self.shadowed_at_entry(b));
        let target_scope = crate::plan::in_scope(self.ir, &self.plan.arms[target].entry);
        let slots_kept = crate::plan::in_scope(self.ir, &arm.entry)
            .into_iter()
            .all(|b| self.storage.slot_of[b].is_none() || target_scope.contains(&b));
        (passed_on && !renamed && slots_kept).then_some(target)
    }

    /// Drops what a generator suspended before this (resume) arm holds, in
    /// the order its scopes would: the arm's bindings and the guards of its
    /// slots are declared in their blocks, as on entry, and no code runs.
    /// (Dropping the state alone would drop the slots' values last.)
    pub(crate) fn emit_drop(&mut self) -> TokenStream {
        let entry = self.plan.arms[self.arm].entry.clone();
        self.dropping = true;
        // Nothing is mentioned: nothing is projected out of its slot.
        self.declared = Some(BitSet::new(self.ir.bindings.len()));
        self.declared_twins = Some(BitSet::new(self.ir.bindings.len()));
        self.drop_level(&self.ir.root, &entry.path, entry.index)
    }

    fn drop_level(&mut self, block: &Block, path: &[(usize, Child)], index: usize) -> TokenStream {
        let upto = path.first().map_or(index, |&(i, _)| i);
        let inner = match path.split_first() {
            None => TokenStream::new(),
            Some((&(i, child), rest)) => {
                let inner_block = block.stmts[i].child(child).expect("positions follow existing children");
                self.drop_level(inner_block, rest, index)
            }
        };
        let declarations = self.reconstruct(block, upto, path.is_empty(), &[]);
        quote!({ #declarations #inner })
    }

    /// Whether a generator suspended before this arm holds values in slots.
    pub(crate) fn holds_slots(&self) -> bool {
        crate::plan::in_scope(self.ir, &self.plan.arms[self.arm].entry)
            .into_iter()
            .any(|b| self.storage.slot_of[b].is_some() && !self.is_direct(b))
    }

    /// The bindings the arm declares on entry (see [`Self::reconstruct`]).
    fn present_at_entry(&self) -> BitSet {
        let mut present = BitSet::new(self.ir.bindings.len());
        let arm = &self.plan.arms[self.arm];
        if arm.kind == ArmKind::Start {
            for param in &self.ir.params {
                param.bindings.iter().for_each(|&b| present.insert(b));
            }
        }
        for &binding in &self.storage.fields[self.arm] {
            present.insert(binding);
        }
        for binding in 0..self.ir.bindings.len() {
            if self.storage.deferred[self.arm].contains(binding) {
                present.insert(binding);
            }
        }
        if !self.storage.slots.is_empty() {
            for binding in crate::plan::in_scope(self.ir, &arm.entry) {
                if self.storage.slot_of[binding].is_some() {
                    present.insert(binding);
                }
            }
        }
        present
    }

    /// Notes bindings declared by the code being emitted.
    fn mark_present(&mut self, bindings: &[BindingId]) {
        for &binding in bindings {
            self.present.insert(binding);
        }
        self.enter_names(bindings);
    }

    /// Brings the names of `bindings` into scope (see [`Self::names`]).
    fn enter_names(&mut self, bindings: &[BindingId]) {
        for &binding in bindings {
            self.names.push((self.ir.bindings[binding].name.to_string(), binding));
        }
    }

    /// Whether `binding` is a user buffer kept in place.
    fn is_buffer(&self, binding: BindingId) -> bool {
        self.storage.slot_of[binding].is_some() && self.ir.bindings[binding].slot == Some(SlotKind::Buffer)
    }

    /// The buffers kept in place that user code at this point names.
    fn buffers_in_scope(&self) -> Vec<Ident> {
        let mut seen: Vec<&str> = Vec::new();
        let mut buffers = Vec::new();
        for (name, binding) in self.names.iter().rev() {
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            if self.is_buffer(*binding) {
                buffers.push(self.ir.bindings[*binding].name.clone());
            }
        }
        buffers
    }

    /// User code, rewritten for its place in the state machine.
    fn user_expr(&mut self, expr: &syn::Expr) -> syn::Expr {
        let expr = self.rewriter.expr(expr.clone());
        in_place::deref_buffers(expr, &self.buffers_in_scope())
    }

    fn user_stmt(&mut self, stmt: &syn::Stmt) -> syn::Stmt {
        let stmt = self.rewriter.stmt(stmt.clone());
        in_place::deref_buffers_in_stmt(stmt, &self.buffers_in_scope())
    }

    /// The name a binding's value has at this point of the arm.
    fn name_of(&self, binding: BindingId) -> Ident {
        if self.transferred.contains(binding) { shadow::twin(binding) } else { self.ir.bindings[binding].name.clone() }
    }

    /// Whether this arm must declare the twin of `binding`.
    fn declares_twin(&self, binding: BindingId) -> bool {
        self.declared_twins.as_ref().is_some_and(|twins| twins.contains(binding))
    }

    /// `let twin;` for each of `bindings` whose twin this arm uses.
    fn twin_declarations(&self, bindings: &[BindingId]) -> TokenStream {
        let twins = bindings.iter().filter(|&&b| self.declares_twin(b)).map(|&b| shadow::twin(b));
        quote!(#(#[allow(unused_mut)] let #twins;)*)
    }

    /// For a declaration of `declared`: the renames of its bindings and the
    /// code that follows it, when it shadows values that must move to their
    /// twins (see [`shadow`]).
    fn shadow_declaration(
        &mut self,
        declared: &[BindingId],
        at: Option<(&Block, usize)>,
    ) -> (Vec<(String, Ident)>, TokenStream) {
        let Some(mut code) = self.transfer_shadowed(declared, at) else {
            return (Vec::new(), TokenStream::new());
        };
        let mut renames = Vec::new();
        for &d in declared {
            let binding = &self.ir.bindings[d];
            let (name, temporary) = (&binding.name, shadow::renamed(d));
            let mutability = binding.mutable.then(|| quote!(mut));
            code.extend(quote!(#[allow(unused_mut, unused_variables)] let #mutability #name = #temporary;));
            renames.push((name.to_string(), temporary));
        }
        (renames, code)
    }

    /// Moves the values `declared` shadows to their twins, if any must. (At
    /// statement `at`, the values that may borrow one and are dead are
    /// released first: moving what they borrow would not compile.)
    fn transfer_shadowed(&mut self, declared: &[BindingId], at: Option<(&Block, usize)>) -> Option<TokenStream> {
        let transfers: Vec<BindingId> = declared
            .iter()
            .filter_map(|&d| self.storage.shadows[d])
            .filter(|&b| self.storage.moves_to_twin[b] && self.present.contains(b) && !self.transferred.contains(b))
            .filter(|&b| self.declared_twins.as_ref().is_none_or(|twins| twins.contains(b)))
            .collect();
        if transfers.is_empty() {
            return None;
        }
        let mut code = match at {
            Some((block, index)) => self.release_dead(block, index),
            None => TokenStream::new(),
        };
        for &b in &transfers {
            let (twin, name) = (shadow::twin(b), self.name_of(b));
            code.extend(quote!(#[allow(clippy::used_underscore_binding)] { #twin = #name; }));
            self.transferred.insert(b);
        }
        Some(code)
    }

    /// Drops the values in scope that may borrow another one, certainly hold
    /// one before statement `index` of `block`, and are dead after it.
    fn release_dead(&mut self, block: &Block, index: usize) -> TokenStream {
        let Some(init) = self.storage.at_site.get(&Site::Stmt(block.id, index)) else { return TokenStream::new() };
        let after = if index + 1 < block.stmts.len() { Site::Stmt(block.id, index + 1) } else { Site::End(block.id) };
        let Some(live) = self.storage.live_at.get(&after) else { return TokenStream::new() };
        let released = self.released_where(init, false, |binding| live.contains(binding));
        // Gone: nothing releases them again.
        for &binding in &released {
            self.present.remove(binding);
        }
        self.release_code(&released)
    }

    /// Whether a declaration without a value is needed for `binding`.
    fn needs_declaration(&self, binding: BindingId) -> bool {
        self.declared.as_ref().is_none_or(|declared| declared.contains(binding))
    }

    /// One enclosing block of the entry: its bindings re-declared, then the
    /// inner levels, then what follows them in this arm.
    fn level(&mut self, block: &Block, path: &[(usize, Child)], index: usize) -> Code {
        let upto = path.first().map_or(index, |&(i, _)| i);
        let names = self.names.len();
        let in_scope: Vec<BindingId> = (0..self.ir.bindings.len())
            .filter(|&b| self.ir.bindings[b].block == block.id && self.ir.bindings[b].decl_index <= upto)
            .collect();
        self.enter_names(&in_scope);
        // The code comes first: re-declarations depend on what it mentions.
        let (code, falls_through) = match path.split_first() {
            None => self.stmts(block, index),
            Some((&(i, child), rest)) => {
                let inner_block = block.stmts[i].child(child).expect("positions follow existing children");
                let inner = self.level(inner_block, rest, index);
                self.resume_in_construct(block, i, child, inner)
            }
        };
        self.names.truncate(names);
        let macros = self.macros_used(&code);
        let declarations = self.reconstruct(block, upto, path.is_empty(), &macros);
        (quote!({ #declarations #code }), falls_through)
    }

    /// Code of a construct entered in the middle: `inner` is the code of its
    /// child `child` from the entry on.
    fn resume_in_construct(&mut self, block: &Block, index: usize, child: Child, (inner, inner_ft): Code) -> Code {
        let stmt = &block.stmts[index];
        // Where the inner code falls through: the end of the child block.
        let child_end = stmt.child(child).map_or(Site::Stmt(block.id, index), |b| Site::End(b.id));
        match stmt {
            Stmt::Loop(x) => {
                let exit = self.plan.exits[x.construct];
                if self.plan.heads[x.id] == Some(self.arm) {
                    // The head arm runs the loop natively, unless the next
                    // iteration must re-declare shadowed values.
                    let label = loop_label(x.id);
                    let back_edge = if inner_ft && self.ir.shadowing_blocks[x.body.id] {
                        self.jump_to_head(x.id, Site::End(x.body.id))
                    } else {
                        TokenStream::new()
                    };
                    let mut code = quote!(#[allow(unused_labels)] #label: loop { #inner #back_edge };);
                    let (rest, ft) = if exit == Exit::Inline(self.arm) {
                        self.stmts(block, index + 1)
                    } else {
                        (TokenStream::new(), false)
                    };
                    code.extend(rest);
                    (code, ft)
                } else {
                    let back_edge =
                        if inner_ft { self.jump_to_head(x.id, Site::End(x.body.id)) } else { TokenStream::new() };
                    if exit == Exit::Inline(self.arm) {
                        let label = exit_label(x.construct);
                        let mut code = quote!(#[allow(unused_labels)] #label: { #inner #back_edge };);
                        let (rest, ft) = self.stmts(block, index + 1);
                        code.extend(rest);
                        (code, ft)
                    } else {
                        (quote!(#inner #back_edge), false)
                    }
                }
            }
            Stmt::Labeled(x) => {
                let exit = self.plan.exits[x.construct];
                if exit == Exit::Inline(self.arm) {
                    let label = block_label(x.construct);
                    let mut code = quote!(#[allow(unused_labels)] #label: { #inner };);
                    let (rest, ft) = self.stmts(block, index + 1);
                    code.extend(rest);
                    (code, ft)
                } else {
                    self.after_child(block, index, x.construct, child_end, (inner, inner_ft))
                }
            }
            Stmt::If(x) => self.after_child(block, index, x.construct, child_end, (inner, inner_ft)),
            Stmt::Match(x) => self.after_child(block, index, x.construct, child_end, (inner, inner_ft)),
            Stmt::Block(x) => self.after_child(block, index, x.construct, child_end, (inner, inner_ft)),
            Stmt::Let(_) if child == Child::LetElse => (inner, false),
            _ => (inner, false),
        }
    }

    /// `inner`, then, if it falls through, the code after the construct.
    fn after_child(&mut self, block: &Block, index: usize, construct: usize, site: Site, (mut code, ft): Code) -> Code {
        if !ft {
            return (code, false);
        }
        match self.plan.exits[construct] {
            Exit::Join(arm) => {
                code.extend(self.transition(arm, site));
                (code, false)
            }
            Exit::Inline(_) => {
                let (rest, ft) = self.stmts(block, index + 1);
                code.extend(rest);
                (code, ft)
            }
            Exit::Unreached => (code, false),
        }
    }

    /// The body's `macro_rules!` that `code` invokes, directly or through
    /// another of them.
    fn macros_used(&self, code: &TokenStream) -> Vec<&str> {
        let mut used: Vec<&str> = Vec::new();
        let mut pending = vec![code.clone()];
        while let Some(tokens) = pending.pop() {
            for name in invoked_macros(tokens) {
                if let Some(def) = self.ir.macros.iter().find(|def| def.name == name && !used.contains(&&*def.name)) {
                    used.push(&def.name);
                    pending.push(quote::ToTokens::to_token_stream(&def.stmt));
                }
            }
        }
        used
    }

    /// Re-declares the bindings of `block` in scope before statement `upto`,
    /// and defines again the body's macros there that the arm uses, each
    /// after the bindings declared before it.
    fn reconstruct(&self, block: &Block, upto: usize, innermost: bool, macros: &[&str]) -> TokenStream {
        let arm = &self.plan.arms[self.arm];
        if arm.kind == ArmKind::Start && block.id == self.ir.root.id {
            return self.bind_params();
        }
        let result = match (arm.kind, innermost) {
            (ArmKind::Resume(_), true) if !self.dropping => resume_result(block, upto),
            _ => None,
        };
        let mut code = TokenStream::new();
        let mut defined = 0;
        let defs: Vec<&crate::ir::MacroDef> = self
            .ir
            .macros
            .iter()
            .filter(|def| def.block == block.id && def.index < upto && macros.contains(&def.name.as_str()))
            .collect();
        for (id, binding) in self.ir.bindings.iter().enumerate() {
            if binding.block != block.id || binding.decl_index > upto {
                continue;
            }
            while let Some(def) = defs.get(defined).filter(|def| def.index < binding.decl_index) {
                let stmt = &def.stmt;
                code.extend(quote!(#[allow(unused_macros)] #stmt));
                defined += 1;
            }
            let name = &binding.name;
            let mutability = binding.mutable.then(|| quote!(mut));
            if let Some(slot) = self.storage.slot_of[id] {
                let krate = self.rewriter.krate;
                let (var, clear) = (layout::slot_var(slot), clear_slot(slot));
                code.extend(self.slot_access(id, &quote!(#krate::__private::SlotGuard::resume(&mut #var, #clear))));
                continue;
            }
            let carried = self.storage.fields[self.arm].contains(&id);
            if carried && self.shadowed_at_entry(id) {
                // Only reachable through its twin from here on.
                let (twin, field) = (shadow::twin(id), layout::binding_field(id));
                code.extend(quote!(#[allow(unused_mut, unused_variables)] let #twin = #field;));
                continue;
            }
            if let Some(owner) = self.marked_binding(id) {
                code.extend(self.marker_at_entry(id, owner));
                continue;
            }
            code.extend(self.twin_declarations(&[id]));
            if Some(id) == result {
                let arg = layout::resume_field();
                code.extend(quote!(#[allow(unused_mut, unused_variables)] let #mutability #name = #arg;));
            } else if carried {
                let field = layout::binding_field(id);
                code.extend(
                    quote!(#[allow(unused_mut, unused_variables, unused_assignments)] let #mutability #name = #field;),
                );
            } else if self.storage.deferred[self.arm].contains(id) && self.needs_declaration(id) {
                let ty = binding.ty.as_ref().map(|ty| quote!(: #ty));
                code.extend(quote!(#[allow(unused_mut, unused_variables, clippy::needless_late_init)] let #mutability #name #ty;));
            }
        }
        for def in &defs[defined..] {
            let stmt = &def.stmt;
            code.extend(quote!(#[allow(unused_macros)] #stmt));
        }
        code
    }

    /// The binding `binding` is the type marker of, if it is one.
    fn marked_binding(&self, binding: BindingId) -> Option<BindingId> {
        let owner = binding.checked_sub(1)?;
        (self.ir.bindings[owner].marker == Some(binding)).then_some(owner)
    }

    /// Whether some arm receives the type marker of `binding`.
    fn marker_used(&self, binding: BindingId) -> Option<BindingId> {
        self.ir.bindings[binding].marker.filter(|&marker| self.storage.carried.contains(marker))
    }

    /// The type marker `marker` of `owner` at the arm's entry: received
    /// with the arm (then it gives its type to `owner` if `owner` is
    /// declared without a value), or made from `owner`'s value.
    fn marker_at_entry(&self, marker: BindingId, owner: BindingId) -> TokenStream {
        let name = &self.ir.bindings[marker].name;
        let krate = self.rewriter.krate;
        if self.storage.fields[self.arm].contains(&marker) {
            let field = layout::binding_field(marker);
            let mut code = quote!(let #name = #field;);
            if self.storage.deferred[self.arm].contains(owner) && self.needs_declaration(owner) {
                let owner = &self.ir.bindings[owner].name;
                code.extend(quote!(#[allow(unused_assignments)] if false { #owner = #name.never(); }));
            }
            return code;
        }
        if self.storage.carried.contains(marker) && self.storage.fields[self.arm].contains(&owner) {
            let owner =
                if self.shadowed_at_entry(owner) { shadow::twin(owner) } else { self.ir.bindings[owner].name.clone() };
            return quote!(let #name = #krate::__private::TypeMarker::of(&#owner););
        }
        TokenStream::new()
    }

    /// Type markers for `bindings`, just declared (with a value unless
    /// `uninit`), where some arm needs them.
    fn markers_after(&self, bindings: &[BindingId], uninit: bool) -> TokenStream {
        let krate = self.rewriter.krate;
        let mut code = TokenStream::new();
        for &binding in bindings {
            let Some(marker) = self.marker_used(binding) else { continue };
            let (name, owner) = (&self.ir.bindings[marker].name, &self.ir.bindings[binding].name);
            if uninit {
                code.extend(quote! {
                    let #name = #krate::__private::TypeMarker::new();
                    #[allow(unused_assignments)]
                    if false { #owner = #name.never(); }
                });
            } else {
                code.extend(quote!(let #name = #krate::__private::TypeMarker::of(&#owner);));
            }
        }
        code
    }

    /// Type markers for `bindings`, which this arm does not declare, where
    /// some arm needs them: their types come from that arm.
    fn unbound_markers(&self, bindings: &[BindingId]) -> TokenStream {
        let krate = self.rewriter.krate;
        let markers = bindings.iter().filter_map(|&b| self.marker_used(b)).map(|m| &self.ir.bindings[m].name);
        quote!(#(let #markers = #krate::__private::TypeMarker::new();)*)
    }

    /// The start arm binds the parameters' patterns to their values.
    fn bind_params(&self) -> TokenStream {
        let mut code = TokenStream::new();
        for (index, param) in self.ir.params.iter().enumerate() {
            let pat = &param.pat;
            if matches!(pat, syn::Pat::Wild(_)) {
                // `_` binds nothing: the value is dropped with the arm's field.
                continue;
            }
            let value = if param.value.is_some() { layout::param_field(index) } else { layout::resume_field() };
            code.extend(quote!(#[allow(unused_mut, unused_variables)] let #pat = #value;));
            code.extend(self.twin_declarations(&param.bindings));
            code.extend(self.markers_after(&param.bindings, false));
        }
        code
    }

    /// Whether a binding declared later and in scope at the arm's entry has
    /// the same name.
    fn shadowed_at_entry(&self, binding: BindingId) -> bool {
        let entry = &self.plan.arms[self.arm].entry;
        crate::plan::in_scope(self.ir, entry).into_iter().any(|d| self.storage.shadows[d] == Some(binding))
    }

    /// Statements of `block` from `from` on, until one does not fall through.
    fn stmts(&mut self, block: &Block, from: usize) -> Code {
        let names = self.names.len();
        let mut code = TokenStream::new();
        let mut falls_through = true;
        for index in from..block.stmts.len() {
            let (stmt, ft) = self.stmt(block, index);
            code.extend(stmt);
            if !ft {
                falls_through = false;
                break;
            }
        }
        self.names.truncate(names);
        (code, falls_through)
    }

    /// Records the bindings `eff` mentions.
    fn note(&mut self, eff: &Eff) {
        match eff {
            Eff::Use(binding, _) | Eff::Member(binding, ..) => self.mentioned.insert(*binding),
            Eff::Seq(items) | Eff::Alt(items) => items.iter().for_each(|item| self.note(item)),
            Eff::Loop(body) => self.note(body),
            Eff::Nothing | Eff::Diverge => {}
        }
    }

    fn stmt(&mut self, block: &Block, index: usize) -> Code {
        self.statements += 1;
        self.note_stmt(&block.stmts[index]);
        match &block.stmts[index] {
            Stmt::Plain { stmt, eff } => {
                let stmt = self.user_stmt(stmt);
                (quote!(#stmt), !eff.diverges())
            }
            Stmt::Let(x) if x.init.is_none() && !x.bindings.iter().any(|&b| self.needs_declaration(b)) => {
                (self.unbound_markers(&x.bindings), true)
            }
            Stmt::Temp { binding, init: None } if !self.needs_declaration(*binding) => {
                (self.unbound_markers(&[*binding]), true)
            }
            Stmt::Temp { binding, init: Some(init) } if self.storage.slot_of[*binding].is_some() => {
                self.present.insert(*binding);
                let value = self.user_expr(&init.expr);
                let store = self.store_in_slot(*binding, &quote!(#value));
                let project = self.project(*binding);
                (quote!(#store #project), true)
            }
            Stmt::Let(x) if x.bindings.len() == 1 && self.storage.slot_of[x.bindings[0]].is_some() => {
                (self.buffer_let(x), true)
            }
            Stmt::Let(x) => {
                let attrs = &x.attrs;
                let before = self.twin_declarations(&x.bindings);
                let ty = x.ty.as_ref().map(|ty| quote!(: #ty));
                let init = x.init.as_ref().map(|init| {
                    let expr = self.user_expr(&init.expr);
                    quote!(= #expr)
                });
                let else_block = x.else_block.as_ref().map(|block| {
                    let saved = self.transferred.clone();
                    let (code, _) = self.stmts(block, 0);
                    self.transferred = saved;
                    quote!(else { #code })
                });
                // The initialiser and `else` still see the shadowed values.
                let (renames, after) = self.shadow_declaration(&x.bindings, Some((block, index)));
                self.mark_present(&x.bindings);
                let pat = &shadow::rename_pattern(&x.pat, &renames);
                // A binding another arm receives may be assigned only there.
                let allow = x
                    .bindings
                    .iter()
                    .any(|&b| self.storage.carried.contains(b) || self.marker_used(b).is_some())
                    .then(|| quote!(#[allow(unused_mut)]));
                let markers = self.markers_after(&x.bindings, x.init.is_none());
                // The twins are declared right after the pattern: a value that
                // moves to its twin is dropped where the pattern's would be.
                (quote!(#(#attrs)* #allow let #pat #ty #init #else_block; #before #after #markers), true)
            }
            Stmt::Temp { binding, init } => {
                self.mark_present(&[*binding]);
                let name = &self.ir.bindings[*binding].name;
                let mutability = self.ir.bindings[*binding].mutable.then(|| quote!(mut));
                let init = init.as_ref().map(|init| {
                    let expr = self.user_expr(&init.expr);
                    quote!(= #expr)
                });
                let markers = self.markers_after(&[*binding], init.is_none());
                (quote!(#[allow(unused_mut)] let #mutability #name #init; #markers), true)
            }
            Stmt::Assign { binding, value } => {
                let name = self.name_of(*binding);
                let value = self.user_expr(&value.expr);
                (quote!(#name = #value;), true)
            }
            Stmt::Yield(y) => (self.suspend(y), false),
            Stmt::Return(value) => {
                let value = value.as_ref().map(|v| self.user_expr(&v.expr));
                self.rewriter.completes = true;
                let label = dispatch_label();
                (quote!(#[allow(unreachable_code)] { break #label #value; };), false)
            }
            Stmt::Break(target) => (self.break_to(*target, Site::Stmt(block.id, index)), false),
            Stmt::Continue(id) => (self.continue_to(*id, Site::Stmt(block.id, index)), false),
            Stmt::If(x) => {
                let saved = self.transferred.clone();
                let names = self.names.len();
                let (renames, prologue) = self.shadow_declaration(&x.cond.bindings, None);
                let cond = self.user_expr(&rename_let_patterns(&x.cond.expr, &renames));
                self.mark_present(&x.cond.bindings);
                let twins = self.twin_declarations(&x.cond.bindings);
                let markers = self.markers_after(&x.cond.bindings, false);
                let prologue = quote!(#prologue #twins #markers);
                let (then_code, then_ft) = self.branch(x.construct, &x.then_block);
                self.transferred = saved.clone();
                self.names.truncate(names);
                let (else_code, else_ft) = match &x.else_block {
                    Some(block) => {
                        let (code, ft) = self.branch(x.construct, block);
                        self.transferred = saved;
                        (quote!(else { #code }), ft)
                    }
                    None => match self.plan.exits[x.construct] {
                        Exit::Join(arm) => {
                            let jump = self.transition(arm, Site::Else(block.id, index));
                            (quote!(else { #jump }), false)
                        }
                        _ => (TokenStream::new(), true),
                    },
                };
                (quote!(if #cond { #prologue #then_code } #else_code), then_ft || else_ft)
            }
            Stmt::Match(x) => {
                let scrutinee = self.user_expr(&x.scrutinee.expr);
                let mut arms = TokenStream::new();
                let mut ft = false;
                for arm in &x.arms {
                    let saved = self.transferred.clone();
                    let names = self.names.len();
                    let (renames, prologue) = self.shadow_declaration(&arm.bindings, None);
                    self.mark_present(&arm.bindings);
                    let twins = self.twin_declarations(&arm.bindings);
                    let markers = self.markers_after(&arm.bindings, false);
                    let twins = quote!(#twins #markers);
                    let attrs = &arm.attrs;
                    let pat = shadow::rename_pattern(&arm.pat, &renames);
                    let guard = arm.guard.as_ref().map(|g| {
                        let g = self.user_expr(&shadow::rename_mentions(&g.expr, &renames));
                        quote!(if #g)
                    });
                    let (body, arm_ft) = self.branch(x.construct, &arm.body);
                    self.transferred = saved;
                    self.names.truncate(names);
                    ft |= arm_ft;
                    arms.extend(quote!(#(#attrs)* #pat #guard => { #prologue #twins #body }));
                }
                (quote!(match #scrutinee { #arms }), ft)
            }
            Stmt::Loop(x) => {
                if let Some(head) = self.plan.heads[x.id] {
                    (self.transition(head, Site::Stmt(block.id, index)), false)
                } else {
                    let (body, _) = self.stmts(&x.body, 0);
                    let label = loop_label(x.id);
                    let ft = self.plan.exits[x.construct] == Exit::Inline(self.arm);
                    (quote!(#[allow(unused_labels)] #label: loop { #body };), ft)
                }
            }
            Stmt::Labeled(x) => {
                let label = block_label(x.construct);
                let (body, ft) = self.branch(x.construct, &x.body);
                let ft = ft || self.plan.exits[x.construct] == Exit::Inline(self.arm);
                (quote!(#[allow(unused_labels)] #label: { #body };), ft)
            }
            Stmt::Block(x) => {
                let (body, ft) = self.branch(x.construct, &x.body);
                let unsafety = x.unsafety.then(|| quote!(unsafe));
                (quote!(#unsafety { #body }), ft)
            }
        }
    }

    /// Records what a statement mentions, apart from its child blocks.
    fn note_stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Plain { eff, .. } => self.note(eff),
            Stmt::Let(crate::ir::Let { init: Some(init), .. }) | Stmt::Temp { init: Some(init), .. } => {
                self.note(&init.eff);
            }
            Stmt::Assign { binding, value } => {
                self.mentioned.insert(*binding);
                self.note(&value.eff);
            }
            Stmt::Yield(y) => self.note(&y.value.eff),
            Stmt::Return(Some(value)) => self.note(&value.eff),
            Stmt::If(x) => self.note(&x.cond.eff),
            Stmt::Match(x) => {
                self.note(&x.scrutinee.eff);
                for arm in &x.arms {
                    if let Some(guard) = &arm.guard {
                        self.note(&guard.eff);
                    }
                }
            }
            _ => {}
        }
    }

    /// A branch of `construct` run from its start; if it falls through, the
    /// construct is left as [`ArmPlan::exits`] says.
    fn branch(&mut self, construct: usize, block: &Block) -> Code {
        let (code, ft) = self.stmts(block, 0);
        if !ft {
            return (code, false);
        }
        match self.plan.exits[construct] {
            Exit::Join(arm) => {
                // The block's values are dropped at its end, before the
                // transition moves the carried ones (one may borrow them).
                let mut code = quote!({ #code });
                code.extend(self.transition(arm, Site::End(block.id)));
                (code, false)
            }
            Exit::Inline(_) => (code, true),
            Exit::Unreached => (code, false),
        }
    }

    fn break_to(&mut self, target: JumpTarget, site: Site) -> TokenStream {
        let construct = target.construct();
        if let Exit::Join(arm) = self.plan.exits[construct] {
            self.transition(arm, site)
        } else {
            let label = match target {
                JumpTarget::Loop(id, _) if self.plan.heads[id].is_none_or(|head| head == self.arm) => loop_label(id),
                JumpTarget::Loop(_, construct) => exit_label(construct),
                JumpTarget::Labeled(construct) => block_label(construct),
            };
            quote!(#[allow(unreachable_code)] { break #label; };)
        }
    }

    fn continue_to(&mut self, id: LoopId, site: Site) -> TokenStream {
        let body = self.ir.loops[id].body;
        match self.plan.heads[id] {
            Some(head) if head != self.arm || self.ir.shadowing_blocks[body] => self.transition(head, site),
            _ => {
                let label = loop_label(id);
                quote!(#[allow(unreachable_code)] { continue #label; };)
            }
        }
    }

    fn jump_to_head(&mut self, id: LoopId, site: Site) -> TokenStream {
        match self.plan.heads[id] {
            Some(head) => self.transition(head, site),
            None => TokenStream::new(),
        }
    }

    /// The fields of arm `target`'s variant, filled from bindings in scope.
    fn field_values(&mut self, target: ArmId) -> TokenStream {
        let mut code = TokenStream::new();
        for &binding in &self.storage.fields[target] {
            self.mentioned.insert(binding);
            if self.transferred.contains(binding) {
                self.twins_read.insert(binding);
            }
            let field = layout::binding_field(binding);
            let name = self.name_of(binding);
            let split = self.storage.split[target].get(&binding);
            let value = split.map_or_else(|| quote!(#name), |&parts| self.gathered_parts(parts, &name));
            code.extend(quote!(#field: #value,));
        }
        code
    }

    /// The fields of `storage.parts[parts]`, moved out of the binding
    /// `name` (whole or itself carried as parts) into their struct.
    fn gathered_parts(&self, parts: usize, name: &Ident) -> TokenStream {
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

    /// Continues with arm `target`, carrying the bindings it needs: by the
    /// dispatch loop, or, when `target` is the head of the loop this arm
    /// runs natively, by `continue`.
    fn transition(&mut self, target: ArmId, site: Site) -> TokenStream {
        let (cur_var, cur_enum) = (layout::cur_var(), layout::cur_enum());
        self.transitions.push(target);
        let direct = target;
        let target = resolve_forward(self.forward, target);
        match self.plan.arms[target].kind {
            ArmKind::Head(id) if target == self.arm && !self.ir.shadowing_blocks[self.ir.loops[id].body] => {
                let label = loop_label(id);
                return quote!(#[allow(unreachable_code)] { continue #label; };);
            }
            _ => {}
        }
        let variant = layout::cur_variant(self.plan, target);
        let release = self.releases(self.storage.at_site.get(&site).or(self.storage.init[direct].as_ref()), target);
        let fields = self.field_values(target);
        let forget = self.forget_guards(target);
        let forget = quote!(#release #forget);
        if self.before_dispatch {
            let label = entry_label();
            return quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
                #forget
                break #label #cur_enum::#variant { #fields };
            };);
        }
        let label = dispatch_label();
        self.rewriter.jumps = true;
        quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
            #forget
            #cur_var = #cur_enum::#variant { #fields };
            continue #label;
        };)
    }

    /// Drops the values that may borrow another one and leave this arm for
    /// arm `target` without being carried (`init` is the state where it
    /// leaves):
    /// values of the scopes left, and values the keep rule releases.
    /// Dropping them now, rather than when the arm's blocks close after the
    /// carried values have moved, lets a value that borrows a carried one
    /// (a guard, a `Watch`) go first, as at the end of its scope. Values
    /// that borrow nothing and were declared after one of them go with it,
    /// first. Only values that certainly hold one can be named; the others,
    /// and the other values that borrow nothing, are dropped when the arm's
    /// blocks close, in the order of their scopes.
    fn releases(&self, init: Option<&InitState>, target: ArmId) -> TokenStream {
        let Some(init) = init else { return TokenStream::new() };
        self.release_code(&self.released_where(init, true, |binding| self.storage.fields[target].contains(&binding)))
    }

    /// `release(..)` of each of `bindings`, innermost first.
    fn release_code(&self, bindings: &[BindingId]) -> TokenStream {
        let krate = self.rewriter.krate;
        let mut names: Vec<Ident> = Vec::new();
        for &binding in bindings {
            let name = self.name_of(binding);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        quote!(#(#krate::__private::release(#names);)*)
    }

    /// The values in scope that may borrow another one and certainly hold
    /// one (`init`), except those `kept` says stay, innermost first; and,
    /// with `with_later`, the values declared after them that leave too,
    /// which a plain function drops first.
    fn released_where(&self, init: &InitState, with_later: bool, kept: impl Fn(BindingId) -> bool) -> Vec<BindingId> {
        let mut seen: Vec<&str> = Vec::new();
        let mut released = Vec::new();
        let mut later = Vec::new();
        for (name, binding) in self.names.iter().rev() {
            let binding = *binding;
            let shadowed = seen.contains(&name.as_str());
            seen.push(name);
            if (shadowed && !self.transferred.contains(binding))
                || !self.present.contains(binding)
                || self.storage.slot_of[binding].is_some()
                || self.ir.bindings[binding].no_drop
                || kept(binding)
                || !init.is_init(binding)
            {
                continue;
            }
            if self.ir.bindings[binding].may_borrow {
                released.append(&mut later);
                released.push(binding);
            } else if with_later {
                later.push(binding);
            }
        }
        released
    }

    /// Suspends at `y`: evaluates the value, stores the state, returns.
    fn suspend(&mut self, y: &Yield) -> TokenStream {
        let value = self.user_expr(&y.value.expr);
        let Some(resume) = self.plan.resume[y.id] else { return TokenStream::new() };
        let krate = self.rewriter.krate;
        let release = self.releases(self.storage.init[resume].as_ref(), resume);
        let forget = self.forget_guards(resume);
        let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
        let variant = layout::state_variant(resume);
        let fields = self.field_values(resume);
        let span = self.ir.yields[y.id].span;
        let yielded = syn::Ident::new("__gen_y", proc_macro2::Span::mixed_site().located_at(span));
        let step = quote_spanned!(span=> #krate::__private::Step::Yielded(#yielded));
        // Moving `_name` into the state is not a use the lint is about.
        quote!(#[allow(unreachable_code, clippy::used_underscore_binding)] {
            let #yielded = #value;
            #release
            #forget
            #state_var = #state_enum::#variant { #fields };
            return #step;
        };)
    }
}

/// Bindings kept in place: see [`analysis`](crate::plan) and
/// [`SlotGuard`](../../gen_runtime/__private/struct.SlotGuard.html).
impl ArmEmitter<'_> {
    /// Declares a binding kept in place, guarded by `guard`, and binds its
    /// name to a reference to the value, if the arm mentions it.
    fn slot_access(&self, binding: BindingId, guard: &TokenStream) -> TokenStream {
        let mut code = TokenStream::new();
        if !self.is_direct(binding) {
            let guard_var = layout::slot_guard(binding);
            code.extend(quote!(#[allow(unused_mut, unused_variables)] let mut #guard_var = #guard;));
        }
        code.extend(self.project(binding));
        code
    }

    /// Whether `binding` is kept in a slot of its own (see
    /// [`Storage::direct`]).
    fn is_direct(&self, binding: BindingId) -> bool {
        self.storage.slot_of[binding].is_some_and(|slot| self.storage.direct[slot])
    }

    /// Binds the name of a binding kept in place to a reference to its
    /// value in its slot, if the arm mentions it.
    fn project(&self, binding: BindingId) -> TokenStream {
        let slot = self.storage.slot_of[binding].expect("a binding kept in place has a slot");
        let krate = self.rewriter.krate;
        let (guard_var, slot_enum, variant) =
            (layout::slot_guard(binding), layout::slot_enum(slot), layout::slot_variant(binding));
        let mut code = TokenStream::new();
        if self.needs_declaration(binding) {
            let value = Ident::new("__gen_v", proc_macro2::Span::mixed_site());
            let project = if self.is_direct(binding) {
                let var = layout::slot_var(slot);
                quote!(&mut #var)
            } else {
                quote! {
                    match #guard_var.get() {
                        #slot_enum::#variant(#value) => #value,
                        _ => #krate::__private::empty_slot(),
                    }
                }
            };
            let name = &self.ir.bindings[binding].name;
            code.extend(match self.ir.bindings[binding].slot {
                // User code cannot assign a buffer through a shared reference
                // when it could not assign the buffer.
                Some(SlotKind::Buffer) if !self.ir.bindings[binding].mutable => {
                    quote!(#[allow(unused_variables)] let #name = &*#project;)
                }
                Some(SlotKind::Buffer) => quote!(#[allow(unused_variables)] let #name = #project;),
                _ => quote!(#[allow(unused_mut, unused_variables)] let mut #name = #project;),
            });
        }
        code
    }

    /// Stores a binding's first value in its slot, under a new guard.
    fn store_in_slot(&self, binding: BindingId, value: &TokenStream) -> TokenStream {
        let slot = self.storage.slot_of[binding].expect("a binding kept in place has a slot");
        let krate = self.rewriter.krate;
        let (var, slot_enum, variant) =
            (layout::slot_var(slot), layout::slot_enum(slot), layout::slot_variant(binding));
        if self.is_direct(binding) {
            return quote!(#var = #value;);
        }
        let guard_var = layout::slot_guard(binding);
        let clear = clear_slot(slot);
        quote! {
            #[allow(unused_mut)]
            let mut #guard_var = #krate::__private::SlotGuard::new(&mut #var, #slot_enum::#variant(#value), #clear);
        }
    }

    /// `let buf = [0; N];` for a buffer kept in place.
    fn buffer_let(&mut self, x: &crate::ir::Let) -> TokenStream {
        let binding = x.bindings[0];
        let init = x.init.as_ref().map(|init| self.user_expr(&init.expr));
        let value = if let Some(ty) = &x.ty {
            let value = Ident::new("__gen_v", proc_macro2::Span::mixed_site());
            quote!({ let #value: #ty = #init; #value })
        } else {
            quote!(#init)
        };
        let attrs = &x.attrs;
        let store = self.store_in_slot(binding, &value);
        // The initialiser still sees the shadowed values.
        let transfers = self.transfer_shadowed(&x.bindings, None);
        self.mark_present(&x.bindings);
        let project = self.project(binding);
        if project.is_empty() && !attrs.is_empty() {
            // No `let` is left for the attributes: they go on one that
            // stores the value (on an assignment they would be unstable).
            let store = if self.is_direct(binding) { quote!(let () = { #store };) } else { store };
            return quote!(#(#attrs)* #store #transfers);
        }
        quote!(#store #transfers #(#attrs)* #project)
    }

    /// Forgets the guards of the values kept in place that arm `target`
    /// keeps using: they stay in their slots.
    fn forget_guards(&self, target: ArmId) -> TokenStream {
        if self.storage.slots.is_empty() {
            return TokenStream::new();
        }
        let entry = &self.plan.arms[target].entry;
        let guards = crate::plan::in_scope(self.ir, entry)
            .into_iter()
            .filter(|&b| self.storage.slot_of[b].is_some() && !self.is_direct(b) && self.present.contains(b))
            .map(layout::slot_guard);
        quote!(#(::core::mem::forget(#guards);)*)
    }
}

/// The closure that empties a slot, for its guard.
fn clear_slot(slot: usize) -> TokenStream {
    let (slot_enum, value) = (layout::slot_enum(slot), Ident::new("__gen_slot", proc_macro2::Span::mixed_site()));
    quote!(|#value: &mut _| *#value = #slot_enum::Empty)
}

/// The arm a transition to `target` really goes to, past arms that only
/// forward.
pub(crate) fn resolve_forward(forward: &[Option<ArmId>], mut target: ArmId) -> ArmId {
    // A chain of forwarding arms is acyclic; the bound is only a guard.
    for _ in 0..forward.len() {
        match forward.get(target).copied().flatten() {
            Some(next) => target = next,
            None => break,
        }
    }
    target
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

/// The binding a yield at `index - 1` initialises with the resume argument.
fn resume_result(block: &Block, index: usize) -> Option<BindingId> {
    match block.stmts.get(index.checked_sub(1)?)? {
        Stmt::Yield(y) => y.result,
        _ => None,
    }
}

fn loop_label(id: LoopId) -> syn::Lifetime {
    syn::Lifetime::new(&format!("'__gen_loop{id}"), proc_macro2::Span::mixed_site())
}

/// Wraps the part of a loop body an arm other than the loop's head arm runs,
/// so that a `break` out of the loop can leave it.
fn exit_label(construct: usize) -> syn::Lifetime {
    syn::Lifetime::new(&format!("'__gen_exit{construct}"), proc_macro2::Span::mixed_site())
}

fn block_label(construct: usize) -> syn::Lifetime {
    syn::Lifetime::new(&format!("'__gen_block{construct}"), proc_macro2::Span::mixed_site())
}

/// The names of the macros `tokens` invokes (`name!`).
fn invoked_macros(tokens: TokenStream) -> Vec<String> {
    let trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    let mut names = Vec::new();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            proc_macro2::TokenTree::Ident(ident) if matches!(trees.get(i + 1), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '!') =>
            {
                names.push(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => names.extend(invoked_macros(group.stream())),
            _ => {}
        }
    }
    names
}
