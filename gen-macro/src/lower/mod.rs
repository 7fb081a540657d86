//! Lowering: the generator body (syn) into the [`ir`](crate::ir).
//!
//! The lowering keeps every piece of user code that neither suspends nor
//! jumps out of itself as a plain syn node, and turns the rest into
//! structural statements. One file per construct:
//!
//! - [`block`] lowers blocks, statements, `let`, and decides where a value
//!   goes ([`Dest`]);
//! - [`expr`] splits expressions that suspend in operand position, so that
//!   every `yield_!` becomes a statement and the evaluation order is kept;
//! - [`if_expr`] and [`match_expr`] lower branches, `if let`, let chains and
//!   guards;
//! - [`loops`] lowers `loop` and `while` (`while let`), [`for_loop`] `for`;
//! - [`jumps`] lowers `break`, `continue`, `return` and labeled blocks;
//! - [`yield_from`] lowers delegation.

mod block;
mod effects;
mod expr;
mod for_loop;
mod if_expr;
mod jumps;
mod loops;
mod match_expr;
mod methods;
mod self_delegation;
mod yield_from;

use proc_macro2::{Ident, Span};
use syn::visit::Visit;
use syn::{Expr, Path};

use crate::diag::Diagnostics;
use crate::front::recursion::SelfCalls;
use crate::front::signature::{Holds, ParamSpec};
use crate::ir::{
    Binding, BindingId, BlockId, ConstructId, Ir, LoopId, LoopInfo, Param, PlainExpr, SlotKind, YieldId, YieldInfo,
};
use crate::ir::{DerivedId, Eff, Id, IdVec};
use effects::{Effects, Names};

pub(crate) use block::Dest;

/// Lowers the body. `params` are bound in the outermost scope.
pub(crate) fn lower(
    body: &syn::Block,
    params: &[ParamSpec],
    krate: &Path,
    resume_ty: Option<&syn::Type>,
    yield_ty: &syn::Type,
    self_calls: Option<&SelfCalls>,
    diag: &mut Diagnostics,
) -> Ir {
    let mut lowerer = Lowerer {
        diag,
        self_calls,
        krate: krate.clone(),
        resume_ty: resume_ty.cloned(),
        yield_ty: yield_ty.clone(),
        bindings: IdVec::new(),
        yields: IdVec::new(),
        loops: IdVec::new(),
        constructs: 0,
        blocks: 0,
        items: Vec::new(),
        macros: Vec::new(),
        scopes: Vec::new(),
        targets: Vec::new(),
        shadowing_blocks: Vec::new(),
        derived: IdVec::new(),
        borrowed_params: Vec::new(),
        strings: Vec::new(),
        collections: Vec::new(),
    };
    let mut param_decls = Vec::new();
    let root = lowerer.root_block(body, params, &mut param_decls);
    let mut block_bindings = IdVec::filled(Vec::new(), lowerer.blocks);
    for (id, binding) in lowerer.bindings.enumerate() {
        block_bindings[binding.block].push(id);
    }
    Ir {
        root,
        bindings: lowerer.bindings,
        yields: lowerer.yields,
        loops: lowerer.loops,
        constructs: lowerer.constructs,
        blocks: lowerer.blocks,
        params: param_decls,
        items: lowerer.items,
        macros: lowerer.macros,
        shadowing_blocks: (0..lowerer.blocks)
            .map(|b| lowerer.shadowing_blocks.contains(&BlockId::from_index(b)))
            .collect(),
        block_bindings,
        derived: lowerer.derived,
    }
}

pub(crate) struct Lowerer<'a> {
    diag: &'a mut Diagnostics,
    /// How the body calls the function itself, if it may delegate to it.
    self_calls: Option<&'a SelfCalls>,
    krate: Path,
    /// The resume type, when it is not `()`.
    resume_ty: Option<syn::Type>,
    /// The yield type, as the state machine's closure spells it.
    yield_ty: syn::Type,
    bindings: IdVec<BindingId, Binding>,
    yields: IdVec<YieldId, YieldInfo>,
    loops: IdVec<LoopId, LoopInfo>,
    constructs: usize,
    blocks: usize,
    items: Vec<syn::Stmt>,
    macros: Vec<crate::ir::MacroDef>,
    /// Names in scope, innermost last.
    scopes: Vec<Scope>,
    /// Constructs a `break` or `continue` may target, innermost last.
    targets: Vec<Target>,
    /// See [`Ir::shadowing_blocks`].
    shadowing_blocks: Vec<BlockId>,
    /// See [`Ir::derived`].
    derived: IdVec<DerivedId, crate::ir::Rederived>,
    /// Parameters that are references (or have no drop glue): a loop over
    /// a borrow of one does not borrow the generator's own storage.
    borrowed_params: Vec<BindingId>,
    /// Bindings known to hold a `String` (declared so, or made by
    /// `String::from`, `format!`, …): a loop over one's `str` methods can
    /// keep a cursor.
    strings: Vec<BindingId>,
    /// Bindings known to hold a standard collection (declared so, or made
    /// by `vec![..]`, `Vec::new()`, …): the borrowing methods called on one
    /// certainly borrow it.
    collections: Vec<BindingId>,
}

struct Scope {
    block: BlockId,
    names: Vec<(String, BindingId)>,
    /// `macro_rules!` defined in the block so far, with the bindings they name.
    macros: Vec<(String, Vec<BindingId>)>,
}

/// An enclosing loop or labeled block.
struct Target {
    label: Option<String>,
    kind: TargetKind,
    construct: ConstructId,
    /// Where the value of `break value` goes.
    dest: Dest,
}

#[derive(Clone, Copy)]
enum TargetKind {
    Loop(LoopId),
    Labeled,
}

/// What a matched value holds: the bindings of the pattern hold parts of it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Matched {
    /// It owns its value and borrows nothing (`v.pop()`, a local that does
    /// not borrow).
    Owned,
    /// It may borrow a binding.
    MayBorrow,
    /// A borrow without drop glue (`&cmd`, `m.get(k)`).
    Reference,
}

/// How a new binding is declared.
pub(crate) struct Decl {
    pub name: Ident,
    pub mutable: bool,
    pub no_drop: bool,
    /// `ref x` / `ref mut x`.
    pub by_ref: bool,
}

impl Decl {
    /// A hidden binding: it resolves as the expansion's own, but errors
    /// about it point at `span`, the user code it stands for.
    fn hidden(name: &str, id: BindingId, mutable: bool, span: Span) -> Decl {
        Decl {
            name: Ident::new(&format!("__gen_{name}{id}"), Span::mixed_site().located_at(span)),
            mutable,
            no_drop: false,
            by_ref: false,
        }
    }
}

impl Lowerer<'_> {
    fn next_construct(&mut self) -> ConstructId {
        self.constructs += 1;
        ConstructId::from_index(self.constructs - 1)
    }

    fn next_block(&mut self) -> BlockId {
        self.blocks += 1;
        BlockId::from_index(self.blocks - 1)
    }

    fn next_yield(&mut self, span: Span) -> YieldId {
        self.yields.push(YieldInfo { span, delegates_to_self: false })
    }

    fn next_loop(&mut self, body: BlockId) -> LoopId {
        self.loops.push(LoopInfo { body })
    }

    fn enter_scope(&mut self, block: BlockId) {
        self.scopes.push(Scope { block, names: Vec::new(), macros: Vec::new() });
    }

    fn exit_scope(&mut self) {
        self.scopes.pop();
    }

    /// Declares a binding in the innermost scope, in scope from statement
    /// `decl_index` of that scope's block.
    fn declare(&mut self, decl: Decl, decl_index: usize) -> BindingId {
        self.note_shadowing(&decl.name.to_string());
        let id = BindingId::from_index(self.bindings.len());
        let scope = self.scopes.last_mut().expect("a scope is open while lowering");
        scope.names.push((decl.name.to_string(), id));
        let block = scope.block;
        // A mutable binding may be re-declared without a value after a
        // suspension point (it is assigned before it is read again); its
        // type marker keeps its type there.
        let marker = (decl.mutable && !decl.by_ref).then(|| BindingId::from_index(id.index() + 1));
        let span = decl.name.span();
        self.bindings.push(Binding {
            name: decl.name,
            mutable: decl.mutable,
            block,
            decl_index,
            no_drop: decl.no_drop,
            slot: None,
            marker,
            ty: None,
            may_borrow: decl.by_ref,
            local_borrow: None,
            derived: None,
            depends_on: Vec::new(),
        });
        if marker.is_some() {
            self.bindings.push(Binding {
                name: Ident::new(&format!("__gen_mk{id}"), Span::mixed_site().located_at(span)),
                mutable: false,
                block,
                decl_index,
                no_drop: true,
                slot: None,
                marker: None,
                ty: None,
                may_borrow: false,
                local_borrow: None,
                derived: None,
                depends_on: Vec::new(),
            });
        }
        id
    }

    /// Marks the blocks between a binding named `name` in an outer scope and
    /// the current one: a new binding shadows it across them.
    fn note_shadowing(&mut self, name: &str) {
        let Some(outer) = self.scopes.iter().rposition(|scope| scope.names.iter().any(|(n, _)| n == name)) else {
            return;
        };
        for scope in &self.scopes[outer + 1..] {
            if !self.shadowing_blocks.contains(&scope.block) {
                self.shadowing_blocks.push(scope.block);
            }
        }
    }

    /// A new hidden temporary.
    fn temp(&mut self, what: &str, mutable: bool, decl_index: usize, span: Span) -> BindingId {
        let id = BindingId::from_index(self.bindings.len());
        self.declare(Decl::hidden(what, id, mutable, span), decl_index)
    }

    /// Runs `f` with an [`Effects`] that resolves names in the current scopes.
    fn effects<T>(&mut self, f: impl FnOnce(&mut Effects) -> T) -> T {
        let (out, borrowing) = {
            let mut effects = Effects::new(&*self);
            let out = f(&mut effects);
            (out, effects.borrowing)
        };
        self.mark_each_borrowing(&borrowing);
        out
    }

    fn mark_each_borrowing(&mut self, bindings: &[BindingId]) {
        for &binding in bindings {
            self.mark_borrowing(&[binding], true);
        }
    }

    /// Whether the value of `expr` may borrow a binding in scope.
    fn borrows(&mut self, expr: &Expr) -> bool {
        self.effects(|e| e.borrows(expr))
    }

    /// `&x` or `&mut x` of a binding `x` (not one kept in place, which user
    /// code reaches through a reference already): with the binding.
    fn local_borrow(&self, expr: &Expr) -> Option<(Expr, BindingId)> {
        let Expr::Reference(reference) = without_parens(expr.clone()) else { return None };
        let name = crate::syntax::idents::single_ident(&reference.expr)?;
        let binding = self.resolve(&name)?;
        self.bindings[binding].slot.is_none().then(|| (Expr::Reference(reference), binding))
    }

    /// Notes that `binding` may borrow another binding if `value` may.
    fn note_value(&mut self, binding: BindingId, value: &PlainExpr) {
        let borrowing = self.borrows(&value.expr);
        self.mark_borrowing(&[binding], borrowing);
    }

    /// Notes that `bindings` may hold a borrow of another binding.
    /// (A binding declared with a type that cannot hold a borrow, `let x:
    /// i64`, never does.)
    fn mark_borrowing(&mut self, bindings: &[BindingId], borrowing: bool) {
        for &binding in bindings {
            let owned = self.bindings[binding].ty.as_ref().is_some_and(crate::syntax::types::owns_everything);
            self.bindings[binding].may_borrow |= borrowing && !owned;
        }
    }

    /// What the value of `expr` may hold, for the bindings of a pattern
    /// that matches it.
    fn matched(&mut self, expr: &Expr) -> Matched {
        if block::copy_evident(expr) {
            Matched::Reference
        } else if self.borrows(expr) {
            Matched::MayBorrow
        } else {
            Matched::Owned
        }
    }

    /// Notes what the bindings of a pattern that matched such a value hold.
    fn mark_matched(&mut self, bindings: &[BindingId], matched: Matched) {
        self.mark_borrowing(bindings, matched != Matched::Owned);
        if matched == Matched::Reference {
            for &binding in bindings {
                self.bindings[binding].no_drop = true;
            }
        }
    }

    /// Brings a `macro_rules!` into scope, with the bindings its rules name
    /// (directly or through other macros of the body).
    fn define_macro(&mut self, name: String, rules: proc_macro2::TokenStream) {
        let mut named = Vec::new();
        self.named_in(rules, &mut named);
        if let Some(scope) = self.scopes.last_mut() {
            scope.macros.push((name, named));
        }
    }

    fn named_in(&self, tokens: proc_macro2::TokenStream, named: &mut Vec<BindingId>) {
        use proc_macro2::TokenTree;
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) => {
                    let metavariable = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$');
                    let invoked = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    let found = if invoked {
                        self.resolve_macro(&ident.to_string()).unwrap_or_default()
                    } else if metavariable {
                        Vec::new()
                    } else {
                        self.resolve(&ident.to_string()).into_iter().collect()
                    };
                    named.extend(found.into_iter().filter(|b| !named.contains(b)).collect::<Vec<_>>());
                }
                TokenTree::Group(group) => self.named_in(group.stream(), named),
                _ => {}
            }
        }
    }

    /// Proposes to keep `binding` in place across suspensions (see
    /// [`SlotKind`]); the analysis decides.
    fn keep_in_place(&mut self, binding: BindingId, kind: SlotKind) {
        self.bindings[binding].slot = Some(kind);
    }

    /// Wraps a yield-free expression.
    fn plain(&mut self, expr: Expr) -> PlainExpr {
        let eff = self.effects(|e| e.value(&expr));
        PlainExpr { expr, eff }
    }

    /// A plain expression with the given effects.
    fn plain_with(expr: Expr, eff: Eff) -> PlainExpr {
        PlainExpr { expr, eff }
    }

    /// The path expression naming a binding.
    fn name_expr(&self, binding: BindingId) -> Expr {
        let name = &self.bindings[binding].name;
        syn::parse_quote!(#name)
    }

    fn record_param(&mut self, spec: &ParamSpec, decls: &mut Vec<Param>) {
        let bindings = crate::syntax::pattern::bindings(&spec.pat)
            .into_iter()
            .map(|b| {
                let no_drop = spec.no_drop || b.by_ref;
                let binding = self.declare(Decl { name: b.ident, mutable: b.mutable, no_drop, by_ref: b.by_ref }, 0);
                if no_drop {
                    self.borrowed_params.push(binding);
                }
                if spec.holds == Holds::String {
                    self.strings.push(binding);
                }
                if spec.holds != Holds::Other && !b.by_ref {
                    self.collections.push(binding);
                }
                binding
            })
            .collect();
        decls.push(Param { pat: spec.pat.clone(), value: spec.value.clone(), bindings });
    }
}

/// `(x)` as `x`: parentheses that only grouped an operand would be
/// unnecessary (and linted) once the operand stands alone.
fn without_parens(expr: Expr) -> Expr {
    match expr {
        Expr::Paren(p) => without_parens(*p.expr),
        other => other,
    }
}

impl Names for Lowerer<'_> {
    fn resolve(&self, name: &str) -> Option<BindingId> {
        self.scopes.iter().rev().find_map(|scope| scope.names.iter().rev().find(|(n, _)| n == name).map(|(_, id)| *id))
    }

    fn resolve_macro(&self, name: &str) -> Option<Vec<BindingId>> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.macros.iter().rev().find(|(n, _)| n == name).map(|(_, named)| named.clone()))
    }

    fn may_borrow(&self, binding: BindingId) -> bool {
        self.bindings[binding].may_borrow
    }

    fn depends_on(&self, binding: BindingId) -> &[BindingId] {
        &self.bindings[binding].depends_on
    }
}

/// Whether `expr` must be lowered structurally: it suspends, or it jumps to
/// a loop or block outside itself.
fn needs_lowering(expr: &Expr) -> bool {
    crate::front::suspend::expr_suspends(expr) || jumps_out(|v| v.visit_expr(expr))
}

/// Whether the code `visit` walks contains a `break` or `continue` whose
/// target is outside it. (`return` and `?` leave the whole generator and
/// are rewritten in place; they do not count.)
fn jumps_out(visit: impl FnOnce(&mut JumpFinder)) -> bool {
    let mut finder = JumpFinder { loops: 0, labels: Vec::new(), found: false };
    visit(&mut finder);
    finder.found
}

struct JumpFinder {
    /// Loops entered inside the code.
    loops: usize,
    /// Labels defined inside the code.
    labels: Vec<String>,
    found: bool,
}

impl JumpFinder {
    fn target_is_inside(&self, label: Option<&syn::Lifetime>) -> bool {
        match label {
            Some(label) => self.labels.iter().any(|l| label.ident == l),
            None => self.loops > 0,
        }
    }

    fn in_loop(&mut self, label: Option<&syn::Label>, f: impl FnOnce(&mut Self)) {
        self.loops += 1;
        if let Some(label) = label {
            self.labels.push(label.name.ident.to_string());
        }
        f(self);
        if label.is_some() {
            self.labels.pop();
        }
        self.loops -= 1;
    }
}

impl<'ast> Visit<'ast> for JumpFinder {
    fn visit_expr_break(&mut self, e: &'ast syn::ExprBreak) {
        if !self.target_is_inside(e.label.as_ref()) {
            self.found = true;
        }
        syn::visit::visit_expr_break(self, e);
    }
    fn visit_expr_continue(&mut self, e: &'ast syn::ExprContinue) {
        if !self.target_is_inside(e.label.as_ref()) {
            self.found = true;
        }
    }
    fn visit_expr_loop(&mut self, e: &'ast syn::ExprLoop) {
        self.in_loop(e.label.as_ref(), |this| syn::visit::visit_expr_loop(this, e));
    }
    fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
        self.in_loop(e.label.as_ref(), |this| syn::visit::visit_expr_while(this, e));
    }
    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        // The iterator expression is outside the loop.
        self.visit_expr(&e.expr);
        self.in_loop(e.label.as_ref(), |this| this.visit_block(&e.body));
    }
    fn visit_expr_block(&mut self, e: &'ast syn::ExprBlock) {
        match &e.label {
            Some(label) => {
                self.labels.push(label.name.ident.to_string());
                syn::visit::visit_expr_block(self, e);
                self.labels.pop();
            }
            None => syn::visit::visit_expr_block(self, e),
        }
    }
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if !crate::syntax::own_code::is_boundary(expr) {
            syn::visit::visit_expr(self, expr);
        }
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
    fn visit_macro(&mut self, _: &'ast syn::Macro) {}
}
