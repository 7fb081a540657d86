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

use super::rewrite::{Rewriter, dispatch_label};
use super::shadow;
use crate::analysis::{BitSet, Storage};
use crate::arms::{ArmId, ArmKind, ArmPlan, Exit};
use crate::effects::Eff;
use crate::ir::{BindingId, Block, Child, Ir, JumpTarget, LoopId, Stmt, Yield};
use crate::layout;

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
        self.level(&self.ir.root, &entry.path, entry.index).0
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
        present
    }

    fn mark_present(&mut self, bindings: &[BindingId]) {
        for &binding in bindings {
            self.present.insert(binding);
        }
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
    fn shadow_declaration(&mut self, declared: &[BindingId]) -> (Vec<(String, Ident)>, TokenStream) {
        let transfers: Vec<BindingId> = declared
            .iter()
            .filter_map(|&d| self.storage.shadows[d])
            .filter(|&b| self.storage.moves_to_twin[b] && self.present.contains(b) && !self.transferred.contains(b))
            .filter(|&b| self.declared_twins.as_ref().is_none_or(|twins| twins.contains(b)))
            .collect();
        if transfers.is_empty() {
            return (Vec::new(), TokenStream::new());
        }
        let mut code = TokenStream::new();
        for &b in &transfers {
            let (twin, name) = (shadow::twin(b), self.name_of(b));
            code.extend(quote!(#twin = #name;));
            self.transferred.insert(b);
        }
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

    /// Whether a declaration without a value is needed for `binding`.
    fn needs_declaration(&self, binding: BindingId) -> bool {
        self.declared.as_ref().is_none_or(|declared| declared.contains(binding))
    }

    /// One enclosing block of the entry: its bindings re-declared, then the
    /// inner levels, then what follows them in this arm.
    fn level(&mut self, block: &Block, path: &[(usize, Child)], index: usize) -> Code {
        let upto = path.first().map_or(index, |&(i, _)| i);
        // The code comes first: re-declarations depend on what it mentions.
        let (code, falls_through) = match path.split_first() {
            None => self.stmts(block, index),
            Some((&(i, child), rest)) => {
                let inner_block = block.stmts[i].child(child).expect("positions follow existing children");
                let inner = self.level(inner_block, rest, index);
                self.resume_in_construct(block, i, child, inner)
            }
        };
        let declarations = self.reconstruct(block, upto, path.is_empty());
        (quote!({ #declarations #code }), falls_through)
    }

    /// Code of a construct entered in the middle: `inner` is the code of its
    /// child `child` from the entry on.
    fn resume_in_construct(&mut self, block: &Block, index: usize, child: Child, (inner, inner_ft): Code) -> Code {
        let stmt = &block.stmts[index];
        match stmt {
            Stmt::Loop(x) => {
                let exit = self.plan.exits[x.construct];
                if self.plan.heads[x.id] == Some(self.arm) {
                    // The head arm runs the loop natively, unless the next
                    // iteration must re-declare shadowed values.
                    let label = loop_label(x.id);
                    let back_edge = if inner_ft && self.ir.shadowing_blocks[x.body.id] {
                        self.jump_to_head(x.id)
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
                    let back_edge = if inner_ft { self.jump_to_head(x.id) } else { TokenStream::new() };
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
                    self.after_child(block, index, x.construct, (inner, inner_ft))
                }
            }
            Stmt::If(x) => self.after_child(block, index, x.construct, (inner, inner_ft)),
            Stmt::Match(x) => self.after_child(block, index, x.construct, (inner, inner_ft)),
            Stmt::Block(x) => self.after_child(block, index, x.construct, (inner, inner_ft)),
            Stmt::Let(_) if child == Child::LetElse => (inner, false),
            _ => (inner, false),
        }
    }

    /// `inner`, then, if it falls through, the code after the construct.
    fn after_child(&mut self, block: &Block, index: usize, construct: usize, (mut code, ft): Code) -> Code {
        if !ft {
            return (code, false);
        }
        match self.plan.exits[construct] {
            Exit::Join(arm) => {
                code.extend(self.transition(arm));
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

    /// Re-declares the bindings of `block` in scope before statement `upto`.
    fn reconstruct(&self, block: &Block, upto: usize, innermost: bool) -> TokenStream {
        let arm = &self.plan.arms[self.arm];
        if arm.kind == ArmKind::Start && block.id == self.ir.root.id {
            return self.bind_params();
        }
        let result = match (arm.kind, innermost) {
            (ArmKind::Resume(_), true) => resume_result(block, upto),
            _ => None,
        };
        let mut code = TokenStream::new();
        for (id, binding) in self.ir.bindings.iter().enumerate() {
            if binding.block != block.id || binding.decl_index > upto {
                continue;
            }
            let name = &binding.name;
            let mutability = binding.mutable.then(|| quote!(mut));
            let carried = self.storage.fields[self.arm].contains(&id);
            if carried && self.shadowed_at_entry(id) {
                // Only reachable through its twin from here on.
                let (twin, field) = (shadow::twin(id), layout::binding_field(id));
                code.extend(quote!(#[allow(unused_mut, unused_variables)] let #twin = #field;));
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
                code.extend(quote!(#[allow(unused_mut, unused_variables)] let #mutability #name;));
            }
        }
        code
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
        }
        code
    }

    /// Whether a binding declared later and in scope at the arm's entry has
    /// the same name.
    fn shadowed_at_entry(&self, binding: BindingId) -> bool {
        let entry = &self.plan.arms[self.arm].entry;
        crate::analysis::in_scope(self.ir, entry).into_iter().any(|d| self.storage.shadows[d] == Some(binding))
    }

    /// Statements of `block` from `from` on, until one does not fall through.
    fn stmts(&mut self, block: &Block, from: usize) -> Code {
        let mut code = TokenStream::new();
        for index in from..block.stmts.len() {
            let (stmt, ft) = self.stmt(block, index);
            code.extend(stmt);
            if !ft {
                return (code, false);
            }
        }
        (code, true)
    }

    /// Records the bindings `eff` mentions.
    fn note(&mut self, eff: &Eff) {
        match eff {
            Eff::Use(binding, _) => self.mentioned.insert(*binding),
            Eff::Seq(items) | Eff::Alt(items) => items.iter().for_each(|item| self.note(item)),
            Eff::Loop(body) => self.note(body),
            Eff::Nothing | Eff::Diverge => {}
        }
    }

    fn stmt(&mut self, block: &Block, index: usize) -> Code {
        self.note_stmt(&block.stmts[index]);
        match &block.stmts[index] {
            Stmt::Plain { stmt, eff } => {
                let stmt = self.rewriter.stmt(stmt.clone());
                (quote!(#stmt), !matches!(eff, Eff::Diverge))
            }
            Stmt::Let(x) if x.init.is_none() && !x.bindings.iter().any(|&b| self.needs_declaration(b)) => {
                (TokenStream::new(), true)
            }
            Stmt::Temp { binding, init: None } if !self.needs_declaration(*binding) => (TokenStream::new(), true),
            Stmt::Let(x) => {
                let attrs = &x.attrs;
                let before = self.twin_declarations(&x.bindings);
                let ty = x.ty.as_ref().map(|ty| quote!(: #ty));
                let init = x.init.as_ref().map(|init| {
                    let expr = self.rewriter.expr(init.expr.clone());
                    quote!(= #expr)
                });
                let else_block = x.else_block.as_ref().map(|block| {
                    let saved = self.transferred.clone();
                    let (code, _) = self.stmts(block, 0);
                    self.transferred = saved;
                    quote!(else { #code })
                });
                // The initialiser and `else` still see the shadowed values.
                let (renames, after) = self.shadow_declaration(&x.bindings);
                self.mark_present(&x.bindings);
                let pat = &shadow::rename_pattern(&x.pat, &renames);
                let allow =
                    x.bindings.iter().any(|&b| self.storage.carried.contains(b)).then(|| quote!(#[allow(unused_mut)]));
                (quote!(#before #(#attrs)* #allow let #pat #ty #init #else_block; #after), true)
            }
            Stmt::Temp { binding, init } => {
                self.present.insert(*binding);
                let name = &self.ir.bindings[*binding].name;
                let mutability = self.ir.bindings[*binding].mutable.then(|| quote!(mut));
                let init = init.as_ref().map(|init| {
                    let expr = self.rewriter.expr(init.expr.clone());
                    quote!(= #expr)
                });
                (quote!(#[allow(unused_mut)] let #mutability #name #init;), true)
            }
            Stmt::Assign { binding, value } => {
                let name = self.name_of(*binding);
                let value = self.rewriter.expr(value.expr.clone());
                (quote!(#name = #value;), true)
            }
            Stmt::Yield(y) => (self.suspend(y), false),
            Stmt::Return(value) => {
                let value = value.as_ref().map(|v| self.rewriter.expr(v.expr.clone()));
                self.rewriter.completes = true;
                let label = dispatch_label();
                (quote!(#[allow(unreachable_code)] { break #label #value; };), false)
            }
            Stmt::Break(target) => (self.break_to(*target), false),
            Stmt::Continue(id) => (self.continue_to(*id), false),
            Stmt::If(x) => {
                let saved = self.transferred.clone();
                let (renames, prologue) = self.shadow_declaration(&x.cond.bindings);
                self.mark_present(&x.cond.bindings);
                let cond = self.rewriter.expr(rename_let_patterns(&x.cond.expr, &renames));
                let twins = self.twin_declarations(&x.cond.bindings);
                let prologue = quote!(#prologue #twins);
                let (then_code, then_ft) = self.branch(x.construct, &x.then_block);
                self.transferred = saved.clone();
                let (else_code, else_ft) = match &x.else_block {
                    Some(block) => {
                        let (code, ft) = self.branch(x.construct, block);
                        self.transferred = saved;
                        (quote!(else { #code }), ft)
                    }
                    None => match self.plan.exits[x.construct] {
                        Exit::Join(arm) => {
                            let jump = self.transition(arm);
                            (quote!(else { #jump }), false)
                        }
                        _ => (TokenStream::new(), true),
                    },
                };
                (quote!(if #cond { #prologue #then_code } #else_code), then_ft || else_ft)
            }
            Stmt::Match(x) => {
                let scrutinee = self.rewriter.expr(x.scrutinee.expr.clone());
                let mut arms = TokenStream::new();
                let mut ft = false;
                for arm in &x.arms {
                    let saved = self.transferred.clone();
                    let (renames, prologue) = self.shadow_declaration(&arm.bindings);
                    self.mark_present(&arm.bindings);
                    let twins = self.twin_declarations(&arm.bindings);
                    let attrs = &arm.attrs;
                    let pat = shadow::rename_pattern(&arm.pat, &renames);
                    let guard = arm.guard.as_ref().map(|g| {
                        let g = self.rewriter.expr(shadow::rename_mentions(&g.expr, &renames));
                        quote!(if #g)
                    });
                    let (body, arm_ft) = self.branch(x.construct, &arm.body);
                    self.transferred = saved;
                    ft |= arm_ft;
                    arms.extend(quote!(#(#attrs)* #pat #guard => { #prologue #twins #body }));
                }
                (quote!(match #scrutinee { #arms }), ft)
            }
            Stmt::Loop(x) => {
                if let Some(head) = self.plan.heads[x.id] {
                    (self.transition(head), false)
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
        let (mut code, ft) = self.stmts(block, 0);
        if !ft {
            return (code, false);
        }
        match self.plan.exits[construct] {
            Exit::Join(arm) => {
                code.extend(self.transition(arm));
                (code, false)
            }
            Exit::Inline(_) => (code, true),
            Exit::Unreached => (code, false),
        }
    }

    fn break_to(&mut self, target: JumpTarget) -> TokenStream {
        let construct = target.construct();
        if let Exit::Join(arm) = self.plan.exits[construct] {
            self.transition(arm)
        } else {
            let label = match target {
                JumpTarget::Loop(id, _) if self.plan.heads[id].is_none_or(|head| head == self.arm) => loop_label(id),
                JumpTarget::Loop(_, construct) => exit_label(construct),
                JumpTarget::Labeled(construct) => block_label(construct),
            };
            quote!(#[allow(unreachable_code)] { break #label; };)
        }
    }

    fn continue_to(&mut self, id: LoopId) -> TokenStream {
        let body = self.ir.loops[id].body;
        match self.plan.heads[id] {
            Some(head) if head != self.arm || self.ir.shadowing_blocks[body] => self.transition(head),
            _ => {
                let label = loop_label(id);
                quote!(#[allow(unreachable_code)] { continue #label; };)
            }
        }
    }

    fn jump_to_head(&mut self, id: LoopId) -> TokenStream {
        match self.plan.heads[id] {
            Some(head) => self.transition(head),
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
            code.extend(quote!(#field: #name,));
        }
        code
    }

    /// Continues with arm `target`, carrying the bindings it needs.
    fn transition(&mut self, target: ArmId) -> TokenStream {
        let (cur_var, cur_enum) = (layout::cur_var(), layout::cur_enum());
        let variant = layout::cur_variant(self.plan, target);
        let fields = self.field_values(target);
        let label = dispatch_label();
        self.rewriter.jumps = true;
        quote!(#[allow(unreachable_code)] { #cur_var = #cur_enum::#variant { #fields }; continue #label; };)
    }

    /// Suspends at `y`: evaluates the value, stores the state, returns.
    fn suspend(&mut self, y: &Yield) -> TokenStream {
        let value = self.rewriter.expr(y.value.expr.clone());
        let Some(resume) = self.plan.resume[y.id] else { return TokenStream::new() };
        let (state_var, state_enum) = (layout::state_var(), layout::state_enum());
        let variant = layout::state_variant(resume);
        let fields = self.field_values(resume);
        let krate = self.rewriter.krate;
        let span = self.ir.yields[y.id].span;
        let yielded = syn::Ident::new("__gen_y", proc_macro2::Span::mixed_site().located_at(span));
        let step = quote_spanned!(span=> #krate::__private::Step::Yielded(#yielded));
        quote!(#[allow(unreachable_code)] {
            let #yielded = #value;
            #state_var = #state_enum::#variant { #fields };
            return #step;
        };)
    }
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
