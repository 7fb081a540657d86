//! Declarations an arm makes: bindings re-declared on entry, type markers,
//! twins of shadowed values, the body's macros defined again.

use proc_macro2::{TokenStream, TokenTree};

use super::{Mode, Walker};
use crate::ir::{BindingId, Block, DerivedId, Ir, MacroDef};
use crate::plan::arms::ArmKind;
use crate::plan::program::{Decl, Op, SlotValue, User};

impl Walker<'_> {
    /// Re-declares the bindings of `block` in scope before statement `upto`,
    /// and defines again the body's macros there that the arm uses, each
    /// after the bindings declared before it.
    pub(super) fn reconstruct(&self, block: &Block, upto: usize, innermost: bool, macros: &[&str]) -> Vec<Op> {
        let arm = &self.plan.arms[self.arm];
        if arm.kind == ArmKind::Start && block.id == self.ir.root.id {
            return self.bind_params();
        }
        let result = match (arm.kind, innermost) {
            (ArmKind::Resume(_), true) if self.mode != Mode::Dropping => crate::plan::yield_result_before(block, upto),
            _ => None,
        };
        let mut ops = Vec::new();
        let defs: Vec<&MacroDef> = self
            .ir
            .macros
            .iter()
            .filter(|def| def.block == block.id && def.index < upto && macros.contains(&def.name.as_str()))
            .collect();
        let mut defined = 0;
        for id in self.ir.bindings_before(block.id, upto) {
            let binding = &self.ir.bindings[id];
            while let Some(def) = defs.get(defined).filter(|def| def.index < binding.decl_index) {
                ops.push(Op::Declare(Decl::MacroDef(Box::new(def.stmt.clone()))));
                defined += 1;
            }
            ops.extend(self.redeclare(id, result));
        }
        ops.extend(defs[defined..].iter().map(|def| Op::Declare(Decl::MacroDef(Box::new(def.stmt.clone())))));
        ops
    }

    /// How binding `id`, in scope at the entry, is declared there; `result`
    /// is the binding the resume argument initialises.
    fn redeclare(&self, id: BindingId, result: Option<BindingId>) -> Vec<Op> {
        if self.storage.slot_of[id].is_some() {
            return self.slot_access(id);
        }
        if let Some(derived) = self.ir.bindings[id].derived {
            return self.rederive(derived, id).into_iter().collect();
        }
        let carried = self.storage.fields[self.arm].contains(&id);
        if carried && self.shadowed_at_entry(id) {
            // Only reachable through its twin from here on.
            return vec![Op::Declare(Decl::TwinFromField(id))];
        }
        if let Some(owner) = self.ir.marker_owner(id) {
            return self.marker_at_entry(id, owner).into_iter().collect();
        }
        let mut ops = self.twin_declarations(&[id]);
        if Some(id) == result && self.after_self_delegation() {
            ops.push(Op::Declare(Decl::FromCallee(id)));
        } else if Some(id) == result {
            ops.push(Op::Declare(Decl::FromResume(id)));
        } else if carried {
            ops.push(Op::Declare(Decl::FromField(id)));
        } else if self.storage.deferred[self.arm].contains(id) && self.needs_declaration(id) {
            ops.push(Op::Declare(Decl::Deferred(id)));
        }
        ops
    }

    /// Whether the arm is entered when the body's call of itself completes.
    fn after_self_delegation(&self) -> bool {
        matches!(self.plan.arms[self.arm].kind, ArmKind::Resume(y) if self.ir.yields[y].delegates_to_self)
    }

    /// A loop's item made again, at its first binding, if the arm reads
    /// one of its bindings.
    fn rederive(&self, derived: DerivedId, at: BindingId) -> Option<Op> {
        let item = &self.ir.derived[derived];
        if self.mode == Mode::Dropping || item.bindings.first() != Some(&at) || !self.rederives(at) {
            return None;
        }
        let entry = &self.plan.arms[self.arm].entry;
        let buffers =
            crate::plan::in_scope(self.ir, entry).into_iter().filter(|&b| self.storage.is_buffer(self.ir, b)).collect();
        Some(Op::Declare(Decl::Rederive { derived, value: User { code: item.expr.clone(), buffers } }))
    }

    /// Whether the arm makes loop item `binding` (and the rest of its
    /// pattern) again at its entry: the code after the entry reads one of
    /// the pattern's bindings, and this arm mentions it.
    pub(super) fn rederives(&self, binding: BindingId) -> bool {
        let Some(derived) = self.ir.bindings[binding].derived else { return false };
        self.ir.derived[derived]
            .bindings
            .iter()
            .any(|&b| self.storage.rederived[self.arm].contains(b) && self.needs_declaration(b))
    }

    /// The binding `binding` is the type marker of, if it is one.
    /// Whether some arm receives the type marker of `binding`.
    pub(super) fn marker_used(&self, binding: BindingId) -> Option<BindingId> {
        self.ir.bindings[binding].marker.filter(|&marker| self.storage.carried.contains(marker))
    }

    /// The type marker `marker` of `owner` at the arm's entry: received
    /// with the arm (then it gives its type to `owner` if `owner` is
    /// declared without a value), or made from `owner`'s value.
    fn marker_at_entry(&self, marker: BindingId, owner: BindingId) -> Option<Op> {
        if self.storage.fields[self.arm].contains(&marker) {
            let declared_without_value =
                self.storage.deferred[self.arm].contains(owner) && self.needs_declaration(owner);
            return Some(Op::Declare(Decl::MarkerFromField {
                marker,
                gives_type_to: declared_without_value.then_some(owner),
            }));
        }
        if self.storage.carried.contains(marker) && self.storage.fields[self.arm].contains(&owner) {
            let of = if self.shadowed_at_entry(owner) {
                crate::plan::program::Name::Twin(owner)
            } else {
                crate::plan::program::Name::Own(owner)
            };
            return Some(Op::Declare(Decl::MarkerOf { marker, of }));
        }
        None
    }

    /// Type markers for `bindings`, just declared (with a value unless
    /// `uninit`), where some arm needs them.
    pub(super) fn markers_after(&self, bindings: &[BindingId], uninit: bool) -> Vec<Op> {
        let mut ops = Vec::new();
        for &binding in bindings {
            let Some(marker) = self.marker_used(binding) else { continue };
            ops.push(if uninit {
                Op::Declare(Decl::MarkerNew { marker, gives_type_to: Some(binding) })
            } else {
                Op::Declare(Decl::MarkerOf { marker, of: crate::plan::program::Name::Own(binding) })
            });
        }
        ops
    }

    /// Type markers for `bindings`, which this arm does not declare, where
    /// some arm needs them: their types come from that arm.
    pub(super) fn unbound_markers(&self, bindings: &[BindingId]) -> Vec<Op> {
        bindings
            .iter()
            .filter_map(|&b| self.marker_used(b))
            .map(|marker| Op::Declare(Decl::MarkerNew { marker, gives_type_to: None }))
            .collect()
    }

    /// The start arm binds the parameters' patterns to their values.
    fn bind_params(&self) -> Vec<Op> {
        let mut ops = Vec::new();
        for (index, param) in self.ir.params.iter().enumerate() {
            if matches!(param.pat, syn::Pat::Wild(_)) {
                // `_` binds nothing: the value is dropped with the arm's field.
                continue;
            }
            if let [binding] = param.bindings[..] {
                if self.storage.is_prefilled(binding) {
                    ops.extend(self.slot_access(binding));
                    continue;
                }
                if self.storage.slot_of[binding].is_some() {
                    ops.extend(self.param_in_slot(index, binding));
                    continue;
                }
            }
            ops.push(Op::Declare(Decl::BindParam(index)));
            ops.extend(self.twin_declarations(&param.bindings));
            ops.extend(self.markers_after(&param.bindings, false));
        }
        ops
    }

    /// `let twin;` for each of `bindings` whose twin this arm uses.
    pub(super) fn twin_declarations(&self, bindings: &[BindingId]) -> Vec<Op> {
        let twins: Vec<BindingId> = bindings.iter().copied().filter(|&b| self.declares_twin(b)).collect();
        if twins.is_empty() { Vec::new() } else { vec![Op::Declare(Decl::Twins(twins))] }
    }

    /// The bindings of a pattern declared after the first one whose twin
    /// this arm declares. The twins are declared after the pattern, so they
    /// drop before all its bindings; moving these values to new bindings
    /// after the twins puts each back in its place in the drop order (`let
    /// (a, b) = ..` drops `b` first, and `a`'s twin must drop after it),
    /// whether or not it moves to its own twin later.
    pub(super) fn rebound_after_twins(&self, bindings: &[BindingId]) -> Vec<Op> {
        let Some(first) = bindings.iter().position(|&b| self.declares_twin(b)) else { return Vec::new() };
        bindings[first + 1..].iter().map(|&b| Op::Rebind(b)).collect()
    }

    /// Whether this arm must declare the twin of `binding`.
    fn declares_twin(&self, binding: BindingId) -> bool {
        self.declared_twins.as_ref().is_some_and(|twins| twins.contains(binding))
    }

    /// For a declaration of `declared`: the bindings declared under their
    /// temporary names and the code that follows the declaration, when it
    /// shadows values that must move to their twins (why: `emit::shadow`).
    pub(super) fn shadow_declaration(
        &mut self,
        declared: &[BindingId],
        at: Option<(&Block, usize)>,
    ) -> (Vec<BindingId>, Vec<Op>) {
        let Some(mut ops) = self.transfer_shadowed(declared, at) else {
            return (Vec::new(), Vec::new());
        };
        ops.extend(declared.iter().map(|&d| Op::Unrename(d)));
        (declared.to_vec(), ops)
    }

    /// Moves the values `declared` shadows to their twins, if any must. (At
    /// statement `at`, the values that may borrow one and are dead are
    /// released first: moving what they borrow would not compile.)
    pub(super) fn transfer_shadowed(&mut self, declared: &[BindingId], at: Option<(&Block, usize)>) -> Option<Vec<Op>> {
        let transfers: Vec<BindingId> = declared
            .iter()
            .filter_map(|&d| self.storage.shadows[d])
            .filter(|&b| self.storage.moves_to_twin[b] && self.present.contains(b) && !self.transferred.contains(b))
            .filter(|&b| self.declared_twins.as_ref().is_none_or(|twins| twins.contains(b)))
            .collect();
        if transfers.is_empty() {
            return None;
        }
        let mut ops: Vec<Op> = at.and_then(|(block, index)| self.release_dead(block, index)).into_iter().collect();
        // A value just released is dead: it has nothing to move.
        for &b in transfers.iter().filter(|&&b| self.present.contains(b)) {
            ops.push(Op::Transfer { binding: b, from: self.name_of(b) });
            self.transferred.insert(b);
        }
        Some(ops)
    }
}

/// The body's `macro_rules!` that `code` invokes, directly or through
/// another of them.
pub(super) fn macros_used<'a>(ir: &'a Ir, code: &[Op]) -> Vec<&'a str> {
    let mut used: Vec<&str> = Vec::new();
    let mut pending = Vec::new();
    user_tokens(code, &mut pending);
    while let Some(tokens) = pending.pop() {
        for name in invoked_macros(tokens) {
            if let Some(def) = ir.macros.iter().find(|def| def.name == name && !used.contains(&&*def.name)) {
                used.push(&def.name);
                pending.push(quote::ToTokens::to_token_stream(&def.stmt));
            }
        }
    }
    used
}

/// The user code in `ops`, and the body's macros they define again.
fn user_tokens(ops: &[Op], out: &mut Vec<TokenStream>) {
    use quote::ToTokens;
    fn user<T: ToTokens>(user: &User<T>, out: &mut Vec<TokenStream>) {
        out.push(user.code.to_token_stream());
    }
    for op in ops {
        match op {
            Op::Stmt(stmt) => user(stmt, out),
            Op::Declare(Decl::MacroDef(stmt)) => out.push(stmt.to_token_stream()),
            Op::StoreInSlot { value: SlotValue { init: Some(init), .. }, .. }
            | Op::Temp { init: Some(init), .. }
            | Op::Return(Some(init))
            | Op::Assign { value: init, .. }
            | Op::Suspend { value: init, .. } => user(init, out),
            Op::Let { pat, ty, init, else_block, .. } => {
                out.push(pat.to_token_stream());
                out.push(ty.to_token_stream());
                if let Some(init) = init {
                    user(init, out);
                }
                if let Some(ops) = else_block {
                    user_tokens(ops, out);
                }
            }
            Op::Labeled { body, .. } | Op::Nested { body, .. } | Op::Block(body) => user_tokens(body, out),
            Op::If { cond, then_block, else_block, .. } => {
                user(cond, out);
                user_tokens(then_block, out);
                if let Some(ops) = else_block {
                    user_tokens(ops, out);
                }
            }
            Op::Match { scrutinee, arms } => {
                user(scrutinee, out);
                for arm in arms {
                    out.push(arm.pat.to_token_stream());
                    arm.guard.iter().for_each(|guard| user(guard, out));
                    user_tokens(&arm.body, out);
                }
            }
            _ => {}
        }
    }
}

/// The names of the macros `tokens` invokes (`name!`).
fn invoked_macros(tokens: TokenStream) -> Vec<String> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut names = Vec::new();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') => {
                names.push(ident.to_string());
            }
            TokenTree::Group(group) => names.extend(invoked_macros(group.stream())),
            _ => {}
        }
    }
    names
}
